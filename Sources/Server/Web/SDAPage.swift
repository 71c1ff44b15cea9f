import Foundation
import Hummingbird
import YuhengMRIO
import YuhengPages
import YuhengServices

/// The structural decomposition page (`/sda?from=&to=&region=&gas=&gwp=`): the services' SDA between two
/// years of the GHG series (from their cache), a waterfall per region; ``SDAView`` renders it.
enum SDAPage {
    static func register(_ pages: PageRoutes, state: ServerState) {
        pages.get("/sda") { req, _ in
            await htmlHandle(section: .sda, advice: "Choose two different years of the series, the earlier first.") {
                let from = try MRIORoutes.optionalYear(req, "from") ?? 2005, to = try MRIORoutes.optionalYear(req, "to") ?? 2022
                let region = try optional(req, "region", maxLength: 16)
                let q = try GHGQuery.parse(req)
                return try await state.work.run {
                    let m = try model(state, from: from, to: to, region: region, gas: q.chosenGas, gwp: q.set)
                    return Page.html("Why it changed", .sda, SDAView.render(m), datasets: m.datasets)
                }
            }
        }
    }

    /// The effects in the order the chart shows them.
    static func effects(_ c: SDARegionResult.Components) -> [(label: String, value: Double)] {
        [
            ("Emission intensity", c.intensity), ("Production structure", c.leontief), ("Final-demand composition", c.composition),
            ("Final-demand level", c.level), ("Households' direct", c.directHouseholds)
        ]
    }

    /// The page's values: one region, or the six largest absolute changes.
    static func model(_ state: ServerState, from: Int, to: Int, region: String?, gas: MRIOGas, gwp: String) throws -> SDAView.Model {
        try GHGQuery(year: from).check(state.services)
        try GHGQuery(year: to).check(state.services)
        let report = try MRIORoutes.badOrder { try state.services.mrio.sda(from: from, to: to, region: region, gas: gas, gwp: gwp) }
        let account = try state.services.panorama.ghgAccount(year: to, gas: gas, gwp: gwp)
        let names = Dictionary(account.rows.map { ($0.region, $0.name) }, uniquingKeysWith: { a, _ in a })
        let shown = region == nil ? Array(report.regions.sorted { abs($0.totalChange) > abs($1.totalChange) }.prefix(6)) : report.regions
        let regions = shown.map { r in
            SDAView.Region(region: r.region, name: names[r.region] ?? r.region, d0: r.d0, d1: r.d1, effects: effects(r.components))
        }
        let choices = account.rows.map { (code: $0.region, name: $0.name) }.sorted { $0.name < $1.name }
        return SDAView.Model(
            from: from, to: to, fromNowcast: report.fromEstimate == "nowcast", toNowcast: report.toEstimate == "nowcast", gas: gas.rawValue,
            gwp: report.gwp,
            unit: report.unit, regions: regions, years: try seriesYearChoices(state.services), choices: choices,
            chosen: region.flatMap { r in shown.first.map { _ in r.uppercased() } } ?? "", notes: report.notes,
            datasets: report.datasets.map(DatasetLine.init))
    }
}
