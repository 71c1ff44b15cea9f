import Foundation
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengPanorama

/// A country with both a territorial and a consumption-based figure in a bundled source (the map's
/// world coverage beyond the MRIO's regions).
public struct NationalCO2Boundaries: Sendable, Codable, Hashable {
    /// The country's ISO 3166-1 alpha-3 code.
    public var iso3: String
    /// Display name of the country, e.g. "Switzerland".
    public var name: String
    /// The year of the figures (the latest year ≤ the one asked for that has both).
    public var year: Int
    /// Territorial (production-based) fossil CO2, Mt CO2.
    public var territorialMt: Double
    /// Consumption-based fossil CO2 (territorial minus exported plus imported embodied emissions), Mt CO2.
    public var consumptionMt: Double
    /// 100 (consumption − territorial) / territorial.
    public var adjustmentPct: Double
    /// "fossil CO2" (GCB covers CO2 only).
    public var gas: String
    /// "Mt CO2".
    public var unit: String
    /// Provenance of the source dataset (GCB 2022 national emissions).
    public var source: Provenance

    enum CodingKeys: String, CodingKey {
        case iso3, name, year, gas, unit, source
        case territorialMt = "territorial_mt"
        case consumptionMt = "consumption_mt"
        case adjustmentPct = "adjustment_pct"
    }
}

extension PanoramaService {
    /// The default gas and GWP set of the panorama: GHG (CO2 + CH4 + N2O) with AR5 GWP100, as the
    /// UNFCCC transparency framework uses.
    public static let defaultGas = MRIOGas.ghg
    /// The default GWP100 set of the panorama, "AR5".
    public static let defaultGWP = "AR5"

    /// The GHG panorama of a year 2000–2023 (tables and nowcasts), default GHG with AR5. Nowcast years are
    /// flagged (`estimate`, `base_table_year`, `horizon`, `error_range`).
    public func ghgAccount(year: Int?, gas: MRIOGas = PanoramaService.defaultGas, gwp: String = PanoramaService.defaultGWP) throws -> PanoramicAccount
    {
        try account(Request.ghg(year: year, gas: gas, gwp: gwp))
    }

    /// The GHG year of a request and its solved table for one gas (a slice of the characterised accounts).
    func ghgTable(_ r: Request) throws -> (table: SolvedTable, year: Int) {
        let gas = r.gas ?? .co2
        let y = try ghgYear(r)
        return (y.solved(gas: gas), y.year)
    }

    func ghgYear(_ r: Request) throws -> GHGYear {
        if let t = r.table {
            let y = try services.mrio.ghgTable(t, gwp: r.gwp)
            if let want = r.year, want != y.year {
                throw MRIOError(
                    .invalidArgument, "the table \(t) is of \(y.year), not \(want)",
                    suggestion: "leave out --year to use the table's year, or choose a table of \(want)")
            }
            return y
        }
        return try services.mrio.ghgYear(r.year ?? MRIOService.latestTableYear, gwp: r.gwp)
    }

    /// The panoramic GHG account of a request (cached per year, gas and GWP set).
    func ghgAccount(_ r: Request) throws -> PanoramicAccount {
        let gas = r.gas ?? .co2
        let y = try ghgYear(r)
        let make = { try buildGHG(y, gas: gas) }
        guard r.table.map({ !FileManager.default.fileExists(atPath: $0) }) ?? true else { return try make() }
        let key = "ghg|\(y.name)|\(gas.rawValue)|\(y.gwp.set)|\(r.strict)"
        return try services.cache.value("panorama.account", key: key, version: try services.datasetsVersion(), cost: 1 << 20, make)
    }

    /// Builds the GHG panorama of a year: production and consumption of `gas` (Mt CO2e), GCB's CO2 figures
    /// beside it only for `co2` (GCB has no CH4 or N2O), the land-use and natural columns, the estimate flags.
    public func buildGHG(_ y: GHGYear, gas: MRIOGas) throws -> PanoramicAccount {
        let db = services.db
        var estimates: [String: NationalEstimate] = [:]
        var datasets = y.datasets
        if gas == .co2 {
            var terr: [String: Double] = [:], cons: [String: Double] = [:]
            for f in try db.nationalEmissions(dataset: "gcb2022-national", year: y.year) {
                if f.indicator == "territorial_co2" { terr[f.iso3] = f.value }
                if f.indicator == "consumption_co2" { cons[f.iso3] = f.value }
            }
            for iso in Set(terr.keys).union(cons.keys) {
                estimates[iso] = NationalEstimate(iso3: iso, territorialMt: terr[iso], consumptionMt: cons[iso])
            }
            if let g = try db.dataset("gcb2022-national") { datasets.append(g.provenance) }
        }
        let names = Dictionary(try db.countries().map { ($0.iso3, $0.name) }, uniquingKeysWith: { a, _ in a })
        let acc = y.accounts(of: gas)
        var account = try Panorama.build(
            accounts: acc, extension: acc.extensions[0].name, stressor: gas.label, year: y.year, names: names,
            estimates: estimates, datasets: datasets)
        let gwpSet = try db.gwpLibrary().set(named: y.gwp.set)
        let naturalSets = try ["gcb2024-luc", "gmb2020-regions", "gmb2020-country-regions", "cait-lucf"].compactMap { try db.dataset($0)?.provenance }
        Panorama.attachNatural(
            &account, figures: try db.naturalFiguresByCountry(year: y.year), gwpCH4: try gwpSet.factor(for: .ch4, origin: .biogenic),
            gwpLabel: gwpSet.description, datasets: naturalSets)
        try flag(&account, y, gas: gas)
        return account
    }

    /// Units, title, estimate flags and notes of a GHG account.
    func flag(_ account: inout PanoramicAccount, _ y: GHGYear, gas: MRIOGas) throws {
        let what = gas == .ghg ? "GHG (CO2 + CH4 + N2O)" : gas.label
        account.unit = "Mt CO2e"
        account.title =
            "Panoramic national account — \(what), \(y.gwp.label), \(y.year)"
            + (y.estimate == .nowcast ? " (nowcast from the \(y.baseTableYear) table)" : "")
        account.gas = gas.rawValue
        account.gwp = y.gwp.set
        account.estimate = y.estimate.rawValue
        account.baseTableYear = y.baseTableYear
        account.horizon = y.horizon
        if y.estimate == .nowcast, let r = try services.mrio.nowcastInputs().range(gas: gas.rawValue, horizon: y.horizon) {
            account.errorRange = EstimateErrorRange(
                horizon: r.horizon, adjustmentMedianPP: r.adjustmentMedianPP, adjustmentP90PP: r.adjustmentP90PP,
                adjustmentMaxPP: r.adjustmentMaxPP, consumptionMedianPct: r.consumptionMedianPct, consumptionP90Pct: r.consumptionP90Pct,
                extrapolatedFromHorizon: r.extrapolatedFromHorizon, source: "\(r.dataset.datasetID) (\(r.dataset.version))")
        }
        for i in account.rows.indices {
            guard var v = account.rows[i].panoramic else { continue }
            v.production.unit = "Mt CO2e"
            v.consumption.unit = "Mt CO2e"
            v.production.note = "\(what) of production in the territory (residence for the JRC CO2 accounts), incl. households' direct emissions"
            account.rows[i].panoramic = v
        }
        account.notes = y.notes + account.notes.filter { gas == .co2 || !$0.hasPrefix("GCB figures") }
        if gas != .co2 {
            account.notes.append(
                "no independent comparison: GCB's national accounts cover fossil CO2 only (choose gas co2 for the comparison columns)")
        }
        if y.estimate == .nowcast, let e = account.errorRange {
            account.notes.append(
                "nowcast, horizon \(y.horizon) years: the hold-out of 2000–2011 puts the adjustment error at \(String(format: "%.1f", e.adjustmentMedianPP)) pp (median) / \(String(format: "%.1f", e.adjustmentP90PP)) pp (90th percentile) for this horizon\(e.extrapolatedFromHorizon.map { " (taken from horizon \($0), the longest measured)" } ?? "")"
            )
        }
    }

    /// GCB's territorial and consumption-based fossil CO2 of every country that has both, for the map's
    /// world coverage (item 9): the latest year ≤ `year` with both figures (GCB 2022 consumption ends in
    /// 2020), with the source named. Countries of the MRIO are included too; the map decides which to use.
    public func nationalCO2Boundaries(year: Int) throws -> [NationalCO2Boundaries] {
        let db = services.db
        guard let gcb = try db.dataset("gcb2022-national") else {
            throw MRIOError(.missingData, "the GCB 2022 national dataset is not installed", suggestion: "reinstall the bundled datasets")
        }
        let names = Dictionary(try db.countries().map { ($0.iso3, $0.name) }, uniquingKeysWith: { a, _ in a })
        var terr: [String: [Int: Double]] = [:], cons: [String: [Int: Double]] = [:]
        for f in try db.nationalEmissions(dataset: "gcb2022-national") where f.year <= year && f.iso3 != "WLD" {
            if f.indicator == "territorial_co2" { terr[f.iso3, default: [:]][f.year] = f.value }
            if f.indicator == "consumption_co2" { cons[f.iso3, default: [:]][f.year] = f.value }
        }
        var out: [NationalCO2Boundaries] = []
        for (iso, c) in cons {
            guard let y = c.keys.filter({ terr[iso]?[$0] != nil }).max(), let t = terr[iso]?[y], let cv = c[y], t != 0 else { continue }
            out.append(
                NationalCO2Boundaries(
                    iso3: iso, name: names[iso] ?? iso, year: y, territorialMt: t, consumptionMt: cv, adjustmentPct: 100 * (cv - t) / t,
                    gas: "fossil CO2", unit: "Mt CO2", source: gcb.provenance))
        }
        guard !out.isEmpty else {
            throw MRIOError(
                .missingData, "GCB has no consumption-based CO2 up to \(year)", suggestion: "GCB 2022 consumption-based CO2 covers 1990–2020")
        }
        return out.sorted { $0.iso3 < $1.iso3 }
    }
}
