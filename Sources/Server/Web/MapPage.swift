import Foundation
import Hummingbird
import YuhengCharts
import YuhengCore
import YuhengData
import YuhengPages
import YuhengPanorama
import YuhengServices

/// The map (`/`): gathers the panorama of the year shown and of every other bundled year (they
/// share one colour scale) and the country outlines; ``MapView`` renders them.
enum MapPage {
    static func register(_ pages: PageRoutes, state: ServerState) {
        pages.get("/") { req, _ in
            await htmlHandle(section: .map, advice: "Choose one of the years, gases or metrics in the lists on the map page.") {
                let measure = req.query("measure") ?? "adjustment"
                let q = try GHGQuery.parse(req, panorama: true)
                let table = q.isGHG ? nil : try state.table(year: q.year)
                return try await state.work.run {
                    let model = try model(state, q: q, table: table, measure: measure)
                    return Page.html("Map", .map, MapView.render(model), datasets: model.datasets)
                }
            }
        }
    }

    /// The page's values. Its datasets: the year's panorama, the other years' (for a bundled CO2 table
    /// their values set the shared colour scale), the country outlines and GCB for the countries outside the table.
    static func model(_ state: ServerState, q: GHGQuery, table: String?, measure: String) throws -> MapView.Model {
        let panorama = state.services.panorama
        let account = try q.account(state)
        // The table years share one colour scale (the bundled CO2 tables, or the GHG series' table years for the
        // gas and GWP set shown); a nowcast year has its own.
        let accounts =
            try account.estimate == "nowcast"
            ? [(year: account.year, account: account)]
            : BundledMRIO.years.map { y in
                (
                    year: y.year,
                    account: try table == nil ? panorama.ghgAccount(year: y.year, gas: q.chosenGas, gwp: q.set) : panorama.account(year: y.year)
                )
            }
        let compared = accounts.map { (year: $0.year, rows: $0.account.rows.map(RegionFigures.init)) }
        let outlines = try state.services.data.dataset("country-geometry").map { [$0.dataset.provenance] } ?? []
        let gcb = try outside(state, account: account)
        let datasets = account.datasets + accounts.flatMap(\.account.datasets) + outlines + gcb.datasets
        let geometry = try state.services.data.geometry().mapValues { WorldMap.Country(name: $0.name, polygons: $0.polygons) }
        var model = MapView.Model(
            measure: measure, year: account.year, years: BundledMRIO.years.map(\.year), yearQuery: q.query,
            rows: account.rows.map(RegionFigures.init), compared: compared, geometry: geometry,
            datasets: datasets.map(DatasetLine.init))
        model.yearChoices = try seriesYearChoices(state.services)
        model.gas = q.isGHG ? q.chosenGas.rawValue : nil
        model.gwp = q.set
        model.unit = q.isGHG ? "Mt CO2e" : "Mt CO2"
        model.nowcastNote = nowcastNote(account)
        model.outside = gcb.values
        model.outsideNote = gcb.note
        return model
    }

    /// What a nowcast year rests on and the hold-out error range of its horizon; nil for a table year.
    static func nowcastNote(_ a: PanoramicAccount) -> String? {
        guard a.estimate == "nowcast" else { return nil }
        let base = a.baseTableYear.map { "the \($0) table" } ?? "the latest table"
        var s = "\(a.year) is a nowcast from \(base) (horizon \(a.horizon ?? 0) years), not an input-output table of its own."
        if let e = a.errorRange {
            s += String(
                format:
                    " Hold-out error at this horizon: adjustment ±%.1f pp (median), ±%.1f pp (90th percentile); consumption-based total ±%.1f %% (median), ±%.1f %% (90th percentile)",
                e.adjustmentMedianPP, e.adjustmentP90PP, e.consumptionMedianPct, e.consumptionP90Pct)
            s += e.extrapolatedFromHorizon.map { ", taken from horizon \($0), the longest measured." } ?? "."
        }
        return s
    }

    /// Item 9 (issue 17): countries outside the MRIO with GCB's territorial and consumption-based fossil CO2,
    /// by ISO3 (CO2 only: GHG-wide values exist only for the MRIO's regions).
    static func outside(_ state: ServerState, account: PanoramicAccount) throws -> (
        values: [String: WorldMap.Secondary], note: String, datasets: [Provenance]
    ) {
        let inTable = Set(account.rows.compactMap(\.iso3))
        let gcb = try state.services.panorama.nationalCO2Boundaries(year: account.year).filter { !inTable.contains($0.iso3) }
        guard let first = gcb.first else { return ([:], "", []) }
        var values: [String: WorldMap.Secondary] = [:]
        for c in gcb {
            values[c.iso3] = WorldMap.Secondary(
                value: c.adjustmentPct, label: "% (consumption − territorial) / territorial, fossil CO2 only",
                source: "GCB 2022 national consumption-based CO2, \(c.year) (outside the MRIO)")
        }
        let years = Set(gcb.map(\.year)).sorted()
        let when = years.count == 1 ? "\(years[0])" : "\(years.first!)–\(years.last!)"
        let note = "Lighter, dotted: \(gcb.count) countries outside the MRIO from GCB 2022 (consumption-based fossil CO2, \(when); CO2 only)"
        return (values, note, [first.source])
    }
}
