import Foundation
import Hummingbird
import YuhengData
import YuhengMRIO
import YuhengPages
import YuhengServices

/// A country's page (`/country/{code}`, ISO3 or the table's code, any case): gathers its detail
/// from the panorama service and its change from the bundled series; ``CountryView`` renders it.
/// A country that is not a region of the table gets what the other datasets hold for it
/// (``CountryOutsideView``, a 404); an unknown code a 404 page that says where the countries are.
enum CountryPage {
    static let advice =
        "Country pages exist for the countries of the bundled input-output table: choose one on the map or in its table, or use its ISO 3166 code, e.g. /country/CHN."

    static func register(_ pages: PageRoutes, state: ServerState) {
        pages.get("/country/:iso") { req, ctx in
            let code = ctx.parameters.get("iso") ?? ""
            return await htmlHandle(section: .map, advice: advice) {
                let q = try GHGQuery.parse(req, panorama: true)
                if q.isGHG { return try await state.work.run { try ghgPage(state, code: code, q: q) } }
                let table = try state.table(year: q.year)
                return try await state.work.run { try page(state, code: code, year: q.year, table: table) }
            }
        }
    }

    static func page(_ state: ServerState, code: String, year: Int?, table: String) throws -> Response {
        let yearQuery = year.map { "?year=\($0)" } ?? ""
        let d: CountryDetail
        do {
            d = try state.services.panorama.country(code, top: 8, year: MRIOService.bundledYear(of: table))
        } catch let e as MRIOError where e.code == .unknownRegion {
            return try outsidePage(state, code: code, year: MRIOService.bundledYear(of: table), yearQuery: yearQuery, note: nil, otherwise: e)
        }
        let comparison = try state.services.mrio.bundledComparison()
        let trend = self.trend(comparison, region: d.row.region)
        var model = self.model(d, yearQuery: yearQuery, trend: trend, otherYears: BundledMRIO.years.map(\.year).filter { $0 != d.year })
        model.yearChoices = try seriesYearChoices(state.services)
        // The datasets: the year's panorama (the table and the figures beside it) and, with the
        // change drawn, the series' tables.
        let datasets = try state.services.panorama.account(year: d.year).datasets + (trend == nil ? [] : comparison?.datasets ?? [])
        return Page.html(d.row.name, .map, CountryView.render(model), datasets: datasets.map(DatasetLine.init))
    }

    /// A region's page for a year, gas and GWP set of the GHG series (Mt CO2e; a nowcast year marked).
    static func ghgPage(_ state: ServerState, code: String, q: GHGQuery) throws -> Response {
        let account = try q.account(state)
        let d: CountryDetail
        do {
            d = try state.services.panorama.country(code, top: 8, year: q.year, gas: q.chosenGas, gwp: q.set)
        } catch let e as MRIOError where e.code == .unknownRegion {
            let what = q.chosenGas == .ghg ? "GHG-wide (CO2 + CH4 + N2O)" : q.chosenGas.label
            let note = "\(what) accounts exist only for the table's regions; below are the CO2 and land-use figures other datasets hold for "
            return try outsidePage(state, code: code, year: account.year, yearQuery: q.query, note: note, otherwise: e)
        }
        // The change between the first and last table year of the same gas (tables only: a nowcast is not drawn as a change).
        let comparison = try state.services.mrio.ghgComparison(gas: q.chosenGas, gwp: q.set)
        let trend = self.trend(comparison, region: d.row.region)
        var model = self.model(d, yearQuery: q.query, trend: trend, otherYears: [])
        model.yearChoices = try seriesYearChoices(state.services)
        model.gas = q.chosenGas.rawValue
        model.gwp = q.set
        model.unit = "Mt CO2e"
        model.nowcastNote = MapPage.nowcastNote(account)
        let datasets = account.datasets + (trend == nil ? [] : comparison?.datasets ?? [])
        return Page.html(d.row.name, .map, CountryView.render(model), datasets: datasets.map(DatasetLine.init))
    }

    /// The page of a country that is not a region of the table of `year` (a 404 with what the other datasets hold
    /// for it); `note` + the country's name + "." says what was asked for and cannot be shown. Anything else than such
    /// a country (an unknown code) rethrows `error`.
    static func outsidePage(
        _ state: ServerState, code: String, year: Int?, yearQuery: String, note: String?, otherwise error: MRIOError
    ) throws -> Response {
        guard code.count <= 16, let outside = try state.services.panorama.outsideTable(code, year: year) else { throw error }
        var model = outsideModel(outside, yearQuery: yearQuery)
        model.note = note.map { $0 + outside.name + "." }
        return Page.html(outside.name, .map, CountryOutsideView.render(model), status: .notFound, datasets: outside.datasets.map(DatasetLine.init))
    }

    /// A region's change between the comparison's first and last year, when it has both measures.
    static func trend(_ comparison: MRIOService.SeriesComparison?, region: String) -> CountryView.Trend? {
        guard let c = comparison, let r = c.region(region), let p = r.production, let k = r.consumption else { return nil }
        return CountryView.Trend(first: c.first, last: c.last, production: p, consumption: k)
    }

    /// The page's figures, partners and paths of a region's detail.
    static func model(_ d: CountryDetail, yearQuery: String, trend: CountryView.Trend?, otherYears: [Int]) -> CountryView.Model {
        CountryView.Model(
            figures: RegionFigures(d.row), year: d.year, yearQuery: yearQuery,
            importsFrom: d.imports_from.map { .init(name: $0.name, mt: $0.mt) }, exportsTo: d.exports_to.map { .init(name: $0.name, mt: $0.mt) },
            paths: d.paths.map { .init(nodes: $0.nodes, mt: $0.mt, share: $0.share) }, trend: trend, otherYears: otherYears)
    }

    static func outsideModel(_ o: PanoramaService.OutsideTable, yearQuery: String) -> CountryOutsideView.Model {
        let natural = o.naturalCO2eMt.map {
            RegionFigures.Estimate(value: $0.value, low: $0.low, high: $0.high, when: o.naturalPeriod ?? "", unit: "Mt CO2e (\(o.gwp))")
        }
        return CountryOutsideView.Model(
            code: o.iso3, name: o.name, year: o.year, table: o.table, gcbTerritorial: o.gcbTerritorialMt, gcbConsumption: o.gcbConsumptionMt,
            landUse: o.landUse.map { .init(value: $0.meanMt, low: $0.lowMt, high: $0.highMt, when: String($0.year), unit: "Mt CO2") },
            natural: natural, lucf: o.lucf.map { .init(value: $0.mt, low: nil, high: nil, when: String($0.year), unit: "Mt CO2") },
            tableCountries: o.tableCountries, yearQuery: yearQuery, datasets: o.datasets.map(DatasetLine.init))
    }
}
