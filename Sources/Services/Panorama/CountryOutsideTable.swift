import Foundation
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengNatural

extension PanoramaService {
    /// What the bundled datasets hold for a country that is not a region of the input-output table
    /// (WIOD counts e.g. Switzerland in its rest of the world): GCB territorial and consumption CO2
    /// of the year, land-use change, natural CH4 and inventory LUCF.
    public struct OutsideTable: Sendable {
        /// The country's ISO 3166-1 alpha-3 code, e.g. "CHE".
        public var iso3: String
        /// Display name of the country (ISO 3166-1 short name), e.g. "Switzerland".
        public var name: String
        /// The year of the figures (the year of the bundled table asked for).
        public var year: Int
        /// The table it is not a region of (its name as the table gives it).
        public var table: String
        /// Territorial fossil CO2 of the year from the Global Carbon Budget 2022, Mt CO2; nil when GCB has no figure.
        public var gcbTerritorialMt: Double?
        /// Consumption-based fossil CO2 of the year from the Global Carbon Budget 2022, Mt CO2; nil when GCB has no figure.
        public var gcbConsumptionMt: Double?
        /// Land-use change CO2 (GCB bookkeeping models, positive = net source), Mt CO2; nil without data.
        public var landUse: LandUseEstimate?
        /// Natural CH4 sources in Mt CO2e with the GWP set `gwp`.
        public var naturalCO2eMt: RangeValue?
        /// The period the natural CH4 climatology covers (e.g. "2008-2017"); nil without natural CH4.
        public var naturalPeriod: String?
        /// The GWP set name used for the natural CH4 (e.g. "AR5").
        public var gwp: String
        /// Inventory-like LUCF CO2 (Climate Watch, includes the managed-forest sink); nil without data.
        public var lucf: LUCFEstimate?
        /// The table's countries: code in the table and name.
        public var tableCountries: [(code: String, name: String)]
        /// The datasets the figures come from.
        public var datasets: [Provenance]
    }

    /// The figures of a country (ISO 3166 alpha-3 or alpha-2, any case) that is not a region of the
    /// bundled table of `year`; nil when the code is a region of the table or no country at all.
    public func outsideTable(_ code: String, year: Int? = nil, naturalGWP: String = "AR5") throws -> OutsideTable? {
        let (solved, y) = try table(Request(year: year))
        guard RegionCodes.index(of: code, in: solved.system.regions) == nil, let country = try services.data.country(code) else { return nil }
        var out = OutsideTable(
            iso3: country.iso3, name: country.name, year: y, table: solved.system.name, gwp: naturalGWP,
            tableCountries: [], datasets: [])
        for f in try services.db.nationalEmissions(dataset: "gcb2022-national", year: y, iso3: country.iso3) {
            if f.indicator == "territorial_co2" { out.gcbTerritorialMt = f.value }
            if f.indicator == "consumption_co2" { out.gcbConsumptionMt = f.value }
        }
        if let n = try services.db.naturalFigures(iso3: country.iso3, year: y) {
            out.landUse = n.landUse
            out.lucf = n.lucf
            if let m = n.naturalMethane {
                out.naturalCO2eMt = m.co2eMt(gwpCH4: try services.data.gwp(naturalGWP).factor(for: .ch4, origin: .biogenic))
                out.naturalPeriod = m.period
            }
        }
        let account = try self.account(Request(year: y))
        out.tableCountries = account.rows.compactMap { r in r.iso3.map { (code: $0, name: r.name) } }.sorted { $0.name < $1.name }
        var used: [String] = []
        if out.gcbTerritorialMt != nil || out.gcbConsumptionMt != nil { used.append("gcb2022-national") }
        if let l = out.landUse { used.append(l.datasetID) }
        if out.naturalCO2eMt != nil { used += ["gmb2020-regions", "gmb2020-country-regions"] }
        if let l = out.lucf { used.append(l.datasetID) }
        out.datasets = try used.compactMap { try services.db.dataset($0)?.provenance }
        return out
    }
}

extension PanoramaService.OutsideTable {
    init(iso3: String, name: String, year: Int, table: String, gwp: String, tableCountries: [(code: String, name: String)], datasets: [Provenance]) {
        self.iso3 = iso3
        self.name = name
        self.year = year
        self.table = table
        self.gwp = gwp
        self.tableCountries = tableCountries
        self.datasets = datasets
    }
}
