import Foundation
import Hummingbird
import YuhengComputing
import YuhengMRIO
import YuhengPanorama
import YuhengServices

/// The GHG series' answers of the MRIO routes (issue 17): series, transfers, country and SDA. Each is
/// the services' result encoded once and kept as bytes in the services' cache; no route solves.
extension MRIORoutes {
    /// `/api/mrio/series`: the bundled CO2 tables as before, or with `from`, `to`, `gas` or `gwp` the GHG series.
    static func series(_ req: Request, _ state: ServerState) async throws -> Response {
        let from = try optionalYear(req, "from"), to = try optionalYear(req, "to")
        let q = try GHGQuery.parse(req)
        guard from != nil || to != nil || q.gas != nil || q.gwp != nil else {
            return try await state.work.run {
                JSONResponse.make(MRIOSeriesWork.Report(years: try state.services.mrio.bundledSeries(), execution: nil))
            }
        }
        let gas = q.chosenGas, set = q.set
        return JSONResponse.json(
            try await cached(state, "http.series", key: "\(from ?? 0)|\(to ?? 0)|\(gas.rawValue)|\(set)", cost: 256 << 10) {
                try GHGQuery(year: from).check(state.services)
                try GHGQuery(year: to).check(state.services)
                return try JSONResponse.encode(try badOrder { try state.services.mrio.series(from: from, to: to, gas: gas, gwp: set) })
            })
    }

    /// `/api/mrio/sda`: the structural decomposition between two years of the series.
    static func sda(_ req: Request, _ state: ServerState) async throws -> Response {
        guard let from = try optionalYear(req, "from") else {
            throw APIError(.badRequest, code: "request.missingParameter", "the query parameter 'from' is required (a year 2000–2023)", field: "from")
        }
        guard let to = try optionalYear(req, "to") else {
            throw APIError(.badRequest, code: "request.missingParameter", "the query parameter 'to' is required (a year 2000–2023)", field: "to")
        }
        let region = try optional(req, "region", maxLength: 16)
        let q = try GHGQuery.parse(req)
        let gas = q.chosenGas, set = q.set
        return JSONResponse.json(
            try await cached(state, "http.sda", key: "\(from)|\(to)|\(region?.uppercased() ?? "*")|\(gas.rawValue)|\(set)", cost: 256 << 10) {
                try GHGQuery(year: from).check(state.services)
                try GHGQuery(year: to).check(state.services)
                return try JSONResponse.encode(try badOrder { try state.services.mrio.sda(from: from, to: to, region: region, gas: gas, gwp: set) })
            })
    }

    /// `from` after `to` (or equal) is a 400 on the field `from`.
    static func badOrder<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as MRIOError where e.code.kind == .invalidInput && e.message.contains("--from") {
            throw APIError(
                .badRequest, code: "request.invalidRange", e.message.replacingOccurrences(of: "--", with: "") + "; give the earlier year as from",
                field: "from")
        }
    }

    /// An optional whole-number year parameter.
    static func optionalYear(_ req: Request, _ name: String) throws -> Int? {
        guard let text = try optional(req, name, maxLength: 40) else { return nil }
        guard let y = Int(text) else {
            throw APIError(.badRequest, code: "request.invalidYear", "the \(name) year '\(text)' is not a whole number", field: name)
        }
        return y
    }

    struct GHGTransfers: Encodable {
        let year: Int, gas: String, gwp: String, unit: String, estimate: String, base_table_year: Int
        let flows: [Flow]
    }

    /// The largest embodied flows of a year of the GHG series (Mt CO2e), or of a bundled CO2 table's year.
    static func ghgTransfers(_ state: ServerState, _ q: GHGQuery, top: Int) throws -> Data {
        try q.check(state.services)
        guard q.isGHG else {
            let solved = try state.services.mrio.solved(try state.table(year: q.year))
            let t = try state.services.mrio.transfers(solved, stressor: "CO2")
            return try JSONResponse.encode(Transfers(stressor: t.stressor, unit: t.unit, flows: flows(t, top: top, scale: 1)))
        }
        let y = try state.services.mrio.ghgYear(q.year ?? MRIOService.latestTableYear, gwp: q.set)
        let t = try state.services.mrio.transfers(y.solved(gas: q.chosenGas))
        return try JSONResponse.encode(
            GHGTransfers(
                year: y.year, gas: q.chosenGas.rawValue, gwp: y.gwp.set, unit: "Mt CO2e", estimate: y.estimate.rawValue,
                base_table_year: y.baseTableYear, flows: flows(t, top: top, scale: 1.0 / 1000)))
    }

    static func flows(_ t: TradeTransfers, top: Int, scale: Double) -> [Flow] {
        let idx = Dictionary(uniqueKeysWithValues: t.regions.enumerated().map { ($1, $0) })
        return t.topFlows(top).map { f in
            Flow(
                origin: f.origin, destination: f.destination, mrio: f.value * scale,
                eebt: t.eebt.flatMap { e in idx[f.origin].flatMap { o in idx[f.destination].map { e[o, $0] * scale } } })
        }
    }
}

/// A country's detail with the flags of its year (`estimate`, `base_table_year`, `horizon`, `error_range`, `gas`, `gwp`).
struct FlaggedCountry: Encodable {
    let detail: CountryDetail
    let account: PanoramicAccount

    enum Keys: String, CodingKey { case estimate, horizon, gas, gwp, base_table_year, error_range }

    func encode(to encoder: any Encoder) throws {
        try detail.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(account.estimate, forKey: .estimate)
        try c.encodeIfPresent(account.baseTableYear, forKey: .base_table_year)
        try c.encodeIfPresent(account.horizon, forKey: .horizon)
        try c.encodeIfPresent(account.gas, forKey: .gas)
        try c.encodeIfPresent(account.gwp, forKey: .gwp)
        try c.encodeIfPresent(account.errorRange, forKey: .error_range)
    }
}
