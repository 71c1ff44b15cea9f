import Foundation
import Hummingbird
import YuhengMRIO
import YuhengPanorama
import YuhengServices

/// The `year`, `gas` and `gwp` query parameters of the panorama, country, series and transfer
/// endpoints and of the map and country pages (issue 17).
///
/// The panorama (`/api/panorama`, `/api/panorama/{region}`, the map and the country pages) answers
/// from the GHG series by default — GHG (CO2 + CH4 + N2O) in AR5 GWP100, Mt CO2e, as `yuheng panorama`
/// does; `gas=co2` for a table year (2000–2011) answers from the bundled CO2 table of that year (Mt
/// CO2, GCB's figures beside it). The input-output endpoints (`/api/mrio/series`, `/api/mrio/transfers`)
/// answer from the bundled CO2 tables unless a gas, a GWP set or a year after the latest table is given.
struct GHGQuery: Sendable, Hashable {
    var year: Int?
    var gas: MRIOGas?
    var gwp: String?
    /// Whether the query is of the panorama (GHG by default) rather than of the input-output series.
    var panorama = false

    /// Whether the answer comes from the GHG series.
    var isGHG: Bool {
        if gwp != nil || (year ?? 0) > MRIOService.latestTableYear { return true }
        return panorama ? gas != .co2 : gas != nil
    }
    /// The gas of a GHG answer (default `ghg`, the panorama's default).
    var chosenGas: MRIOGas { gas ?? PanoramaService.defaultGas }
    /// The GWP100 set of a GHG answer (default AR5).
    var set: String { gwp ?? PanoramaService.defaultGWP }
    /// The key of cached answers.
    var cacheKey: String {
        isGHG ? "ghg|\(year ?? MRIOService.latestTableYear)|\(chosenGas.rawValue)|\(set)" : "table|\(year ?? MRIOService.latestTableYear)"
    }

    /// The query string that repeats the parameters given ("" when none), for links.
    var query: String {
        var parts: [String] = []
        if let year { parts.append("year=\(year)") }
        if let gas { parts.append("gas=\(gas.rawValue)") }
        if let gwp { parts.append("gwp=\(gwp)") }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// Reads the parameters: a year that is not a whole number, an unknown gas or GWP set is a 400 that
    /// lists the valid values (the year's range is checked by ``check(_:)`` on a work thread).
    static func parse(_ req: Request, panorama: Bool = false) throws -> GHGQuery {
        let year = try yearQuery(req)
        let gas = try optional(req, "gas", maxLength: 40).map { text in
            try invalid("gas", code: "request.invalidGas") { try MRIOGas.parse(text) }
        }
        let gwp = try optional(req, "gwp", maxLength: 40).map { text in
            try invalid("gwp", code: "request.invalidGWP") { try GWP100.validate(text) }
        }
        return GHGQuery(year: year, gas: gas, gwp: gwp, panorama: panorama)
    }

    /// An engine's error about a parameter as a 400 naming the parameter and the valid values.
    static func invalid<T>(_ field: String, code: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as MRIOError {
            throw APIError(.badRequest, code: code, e.message + (e.suggestion.map { "; \($0)" } ?? ""), field: field)
        }
    }

    /// A year outside the series is a 404 naming the available years (tables and nowcasts).
    func check(_ services: YuhengServices) throws {
        guard let year else { return }
        let years = try services.mrio.seriesYears()
        guard !years.contains(where: { $0.year == year }) else { return }
        let tables = years.filter { $0.estimate == .table }.map(\.year), nowcasts = years.filter { $0.estimate == .nowcast }.map(\.year)
        func span(_ y: [Int]) -> String { y.isEmpty ? "none" : "\(y.first!)–\(y.last!)" }
        throw APIError(
            .notFound, code: "mrio.unknownYear",
            "no table or nowcast for \(year); available years: \(span(years.map(\.year))) (tables \(span(tables)), nowcasts \(span(nowcasts)))",
            field: "year")
    }

    /// The panorama of the query, from the services' cache (GHG or the bundled CO2 table).
    func account(_ state: ServerState) throws -> PanoramicAccount {
        try check(state.services)
        if isGHG { return try state.services.panorama.ghgAccount(year: year, gas: chosenGas, gwp: set) }
        return try state.services.panorama.account(year: MRIOService.bundledYear(of: try state.table(year: year)))
    }
}

/// The years of the series for selectors: each year and whether it is a nowcast.
func seriesYearChoices(_ services: YuhengServices) throws -> [(year: Int, nowcast: Bool)] {
    try services.mrio.seriesYears().map { ($0.year, $0.estimate == .nowcast) }
}
