import Foundation
import Hummingbird
import YuhengPages
import YuhengServices

/// The trends page (`/trends`): the bundled series' comparison of the first and last year, with
/// the regions' names from the panorama; ``TrendsView`` renders it.
enum TrendsPage {
    static func register(_ pages: PageRoutes, state: ServerState) {
        pages.get("/trends") { req, _ in
            await htmlHandle(section: .trends, advice: "Give a number of regions between 5 and 41.") {
                let top = try QueryInput.int(req, "top", default: 15, in: 5...41)
                let q = try GHGQuery.parse(req)
                let regions = try optional(req, "regions", maxLength: 200).map {
                    $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
                }
                return try await state.work.run {
                    var m = try model(state, top: top)
                    try addLines(&m, state, q: q, regions: regions ?? ["CHN", "USA", "JPN", "DEU"])
                    return Page.html("Trends", .trends, TrendsView.render(m), datasets: m.datasets)
                }
            }
        }
    }

    /// The GHG series' lines (every year, tables and nowcasts) of `regions`, and its datasets in the footer.
    static func addLines(_ m: inout TrendsView.Model, _ state: ServerState, q: GHGQuery, regions: [String]) throws {
        let s = try state.services.mrio.series(gas: q.chosenGas, gwp: q.set)
        guard let last = s.years.last else { return }
        let names = Dictionary(m.rows.map { ($0.region, $0.name) }, uniquingKeysWith: { a, _ in a })
        m.lines = regions.compactMap { code in
            guard let r = last.regions.firstIndex(of: code) else { return nil }
            return TrendsView.Lines(
                region: code, name: names[code] ?? code, years: s.years.map(\.year), nowcast: s.years.map { $0.estimate == "nowcast" },
                production: s.years.map { $0.productionMt[r] }, consumption: s.years.map { $0.consumptionMt[r] },
                consumptionErrorPct: s.years.map { $0.errorRange?.consumptionP90Pct })
        }
        m.linesGas = "\(q.chosenGas == .ghg ? "GHG (CO2 + CH4 + N2O)" : q.chosenGas.label), \(s.gwp) GWP100"
        let known = Set(m.datasets.map(\.id))
        m.datasets += s.datasets.filter { !known.contains($0.datasetID) }.map(DatasetLine.init)
    }

    /// The page's values; its datasets are the series' tables.
    static func model(_ state: ServerState, top: Int) throws -> TrendsView.Model {
        guard let c = try state.services.mrio.bundledComparison() else {
            throw APIError(.notFound, code: "series.empty", "no MRIO series is bundled")
        }
        let names = try state.services.panorama.account().rows.reduce(into: [String: (name: String, iso: String?)]()) {
            $0[$1.region] = ($1.name, $1.iso3)
        }
        let rows = c.regions.map { r in
            TrendsView.Row(
                region: r.region, name: names[r.region]?.name ?? r.region, iso3: names[r.region]?.iso, production: r.production,
                consumption: r.consumption)
        }
        let world = TrendsView.Row(region: "World", name: "World", iso3: nil, production: c.world.production, consumption: c.world.consumption)
        return TrendsView.Model(first: c.first, last: c.last, rows: rows, world: world, top: top, datasets: c.datasets.map(DatasetLine.init))
    }
}
