import Foundation
import Hummingbird
import YuhengCharts
import YuhengData
import YuhengPages
import YuhengServices

/// The map (`/`): gathers the panorama of the year shown and of every other bundled year (they
/// share one colour scale) and the country outlines; ``MapView`` renders them.
enum MapPage {
    static func register(_ pages: PageRoutes, state: ServerState) {
        pages.get("/") { req, _ in
            await htmlHandle(section: .map, advice: "Choose one of the years in the list on the map page.") {
                let measure = req.query("measure") ?? "adjustment"
                let year = try yearQuery(req)
                let table = try state.table(year: year)
                return try await state.work.run {
                    let model = try model(state, table: table, year: year, measure: measure)
                    return Page.html("Map", .map, MapView.render(model), datasets: model.datasets)
                }
            }
        }
    }

    /// The page's values. Its datasets: the year's panorama, the other years' (their values set the
    /// shared colour scale) and the country outlines.
    static func model(_ state: ServerState, table: String, year: Int?, measure: String) throws -> MapView.Model {
        let panorama = state.services.panorama
        let account = try panorama.account(year: MRIOService.bundledYear(of: table))
        let accounts = try BundledMRIO.years.map { y in (year: y.year, account: try panorama.account(year: y.year)) }
        let compared = accounts.map { (year: $0.year, rows: $0.account.rows.map(RegionFigures.init)) }
        let outlines = try state.services.data.dataset("country-geometry").map { [$0.dataset.provenance] } ?? []
        let datasets = account.datasets + accounts.flatMap(\.account.datasets) + outlines
        let geometry = try state.services.data.geometry().mapValues { WorldMap.Country(name: $0.name, polygons: $0.polygons) }
        let model = MapView.Model(measure: measure, year: account.year, years: BundledMRIO.years.map(\.year), yearQuery: year.map { "?year=\($0)" } ?? "",
                                  rows: account.rows.map(RegionFigures.init), compared: compared, geometry: geometry,
                                  datasets: datasets.map(DatasetLine.init))
        return model
    }
}
