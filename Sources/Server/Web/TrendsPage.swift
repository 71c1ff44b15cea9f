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
                return try await state.work.run {
                    let m = try model(state, top: top)
                    return Page.html("Trends", .trends, TrendsView.render(m), datasets: m.datasets)
                }
            }
        }
    }

    /// The page's values; its datasets are the series' tables.
    static func model(_ state: ServerState, top: Int) throws -> TrendsView.Model {
        guard let c = try state.services.mrio.bundledComparison() else { throw APIError(.notFound, code: "series.empty", "no MRIO series is bundled") }
        let names = try state.services.panorama.account().rows.reduce(into: [String: (name: String, iso: String?)]()) { $0[$1.region] = ($1.name, $1.iso3) }
        let rows = c.regions.map { r in
            TrendsView.Row(region: r.region, name: names[r.region]?.name ?? r.region, iso3: names[r.region]?.iso, production: r.production, consumption: r.consumption)
        }
        let world = TrendsView.Row(region: "World", name: "World", iso3: nil, production: c.world.production, consumption: c.world.consumption)
        return TrendsView.Model(first: c.first, last: c.last, rows: rows, world: world, top: top, datasets: c.datasets.map(DatasetLine.init))
    }
}
