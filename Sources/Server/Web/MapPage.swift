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
                return try await state.work.run { Page.html("Map", .map, try render(state, table: table, year: year, measure: measure)) }
            }
        }
    }

    static func render(_ state: ServerState, table: String, year: Int?, measure: String) throws -> String {
        let panorama = state.services.panorama
        let account = try panorama.account(year: MRIOService.bundledYear(of: table))
        let compared = try BundledMRIO.years.map { y in (year: y.year, rows: try panorama.account(year: y.year).rows.map(RegionFigures.init)) }
        let geometry = try state.services.data.geometry().mapValues { WorldMap.Country(name: $0.name, polygons: $0.polygons) }
        let model = MapView.Model(measure: measure, year: account.year, years: BundledMRIO.years.map(\.year), yearQuery: year.map { "?year=\($0)" } ?? "",
                                  rows: account.rows.map(RegionFigures.init), compared: compared, geometry: geometry,
                                  datasets: account.datasets.map(DatasetLine.init))
        return MapView.render(model)
    }
}
