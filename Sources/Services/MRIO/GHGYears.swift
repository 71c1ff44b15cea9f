import Foundation
import YuhengCore
import YuhengData
import YuhengMRIO

/// One year of the GHG account, a table or a nowcast: the system, the factorisation of (I − A) and the
/// accounts of the characterised extension (rows CO2, CH4, N2O, GHG in kt CO2e) for one GWP set.
public struct GHGYear: Sendable {
    /// "table" for a year with an input-output table, "nowcast" for one estimated from the latest table.
    public enum Estimate: String, Sendable, Codable { case table, nowcast }

    /// The calendar year.
    public var year: Int
    /// Whether the year has its own table or is a nowcast.
    public var estimate: Estimate
    /// The table the year rests on (itself for a table year).
    public var table: String
    /// The year of the table the figures rest on (the year itself for a table year).
    public var baseTableYear: Int
    /// Years between the base table and this year (0 for a table year).
    public var horizon: Int
    /// The table (or the nowcast system) with its extensions co2, ch4, n2o and the characterised `ghg-<set>`.
    public var system: MRIOSystem
    /// The Leontief model: the LU factorisation of (I − A) and output x (for a nowcast, the base table's LU with x_t).
    public var model: LeontiefModel
    /// The accounts of the characterised extension (``GHGCharacterisation``).
    public var accounts: MRIOAccounts
    /// The GWP100 values (CO2, fossil and non-fossil CH4, N2O) used to characterise the gases.
    public var gwp: GWP100
    /// Every dataset (and version) the numbers rest on: the table, the GWP set, the nowcast inputs.
    public var datasets: [Provenance]
    /// Method notes for the year (GWP values used, nowcast construction).
    public var notes: [String]
    /// For a nowcast: how its CO2 was made (e.g. "JRC + GCB 2022v1.0") and emissions that could not follow supply chains.
    public var co2Vintage: String?
    /// For a nowcast: emissions of cells whose nowcast output is ≤ 0, counted as consumed where emitted; empty for a table year.
    public var unallocated: [NowcastYear.Unallocated]

    /// The characterised extension's accounts.
    public var ghg: ExtensionAccounts { accounts.extensions[0] }

    /// The accounts of one gas as an extension of its own (a slice; no new solve).
    public func accounts(of gas: MRIOGas) -> MRIOAccounts {
        var a = accounts
        a.extensions = [accounts.extensions[0].row(gas.row, name: "\(accounts.extensions[0].name):\(gas.label)")]
        return a
    }

    /// The year solved for one gas (kt CO2e), as every analysis of a table takes it (transfers, paths, country pages).
    public func solved(gas: MRIOGas) -> SolvedTable {
        let acc = accounts(of: gas)
        return SolvedTable(
            name: name, system: system, accounts: acc, model: model, extensionName: acc.extensions[0].name, provenance: datasets, year: year)
    }

    /// "wiod2011-ghg" for a table year, "nowcast-2020 (wiod2011-ghg)" for a nowcast: the name results carry.
    public var name: String { estimate == .table ? table : "nowcast-\(year) (\(table))" }
}

extension MRIOService {
    /// The cache namespaces: factorised tables, GHG years, the nowcast inputs.
    public static let modelNamespace = "mrio.model"
    /// Cache namespace of solved GHG years (one entry per year and GWP set).
    public static let ghgNamespace = "mrio.ghg-year"
    /// Cache namespace of the nowcast inputs (GDP growth, satellites, hold-out error ranges).
    public static let nowcastInputsNamespace = "mrio.nowcast-inputs"

    /// The first year of the bundled series.
    public static var seriesFirstYear: Int { BundledMRIO.years.first?.year ?? 2000 }
    /// The latest table year (the base of the nowcasts).
    public static var latestTableYear: Int { BundledMRIO.years.last?.year ?? 2011 }

    /// The GWP100 values of a set (AR5 or AR6) from the data layer's GWP dataset; an unknown set is an error listing the valid ones.
    public func gwp(_ set: String) throws -> GWP100 {
        let name = try GWP100.validate(set)
        return try services.cache.value("mrio.gwp", key: name, version: try services.datasetsVersion()) {
            try GWP100(set: name, library: try services.db.gwpLibrary())
        }
    }

    /// A table (bundled id, stored id or path) with its factorisation (A kept), cached per process.
    public func factorised(_ name: String) throws -> (system: MRIOSystem, model: LeontiefModel) {
        let make = { () throws -> (MRIOSystem, LeontiefModel) in
            let system = try MRIOTables.load(name, database: { services.db })
            return (system, try LeontiefModel(system, keepA: true))
        }
        if FileManager.default.fileExists(atPath: name) { return try make() }
        return try services.cache.value(Self.modelNamespace, key: name, version: try version(of: name), cost: 40 << 20, make)
    }

    /// The nowcast inputs of the data layer (current versions), cached per dataset version.
    public func nowcastInputs() throws -> NowcastInputData {
        try NowcastInputStore.install(in: services.db)
        return try services.cache.value(Self.nowcastInputsNamespace, key: "current", version: try services.datasetsVersion(), cost: 32 << 20) {
            try services.db.nowcastInputs()
        }
    }

    /// Every year of the series: the bundled table years, then the nowcast years up to the last year the
    /// nowcast inputs cover (2023 with the bundled data).
    public func seriesYears() throws -> [(year: Int, estimate: GHGYear.Estimate)] {
        let tables = BundledMRIO.years.map { ($0.year, GHGYear.Estimate.table) }
        let last = try satellites().lastYear()
        let first = Self.latestTableYear + 1
        return tables + (first <= last ? (first...last).map { ($0, GHGYear.Estimate.nowcast) } : [])
    }

    /// The GHG year of `year` (a bundled table year or a nowcast year) for a GWP set. A year outside the
    /// series is an error naming the available years.
    public func ghgYear(_ year: Int, gwp set: String = "AR5", method: NowcastMethod = .originShift) throws -> GHGYear {
        let g = try gwp(set)
        if let t = BundledMRIO.years.first(where: { $0.year == year }) { return try ghgTable(t.id, gwp: g.set) }
        let years = try seriesYears()
        guard years.contains(where: { $0.year == year }) else {
            throw MRIOError(
                .missingData, "no table or nowcast for \(year)",
                suggestion:
                    "available years: \(years.first!.year)–\(years.last!.year) (tables \(BundledMRIO.yearList), nowcasts after); a later year needs newer nowcast inputs (`yuheng data import --kind …`)"
            )
        }
        let key = "\(year)|\(g.set)|\(method.alpha)|\(method.shifted.joined(separator: ","))"
        return try services.cache.value(Self.ghgNamespace, key: "nowcast|" + key, version: try services.datasetsVersion(), cost: 48 << 20) {
            try nowcast(year: year, gwp: g, method: method)
        }
    }

    /// The GHG accounts of a table with the extensions co2, ch4 and n2o (bundled, stored or a path).
    public func ghgTable(_ name: String, gwp set: String = "AR5") throws -> GHGYear {
        let g = try gwp(set)
        let make = { () throws -> GHGYear in
            let (system, model) = try factorised(name)
            var s = system
            s.extensions.append(try GHGCharacterisation.characterised(system, gwp: g))
            let acc = try MRIOEngine.accounts(s, model: model, options: AccountOptions(extensions: [GHGCharacterisation.name(g)]))
            let year = system.year ?? MRIOService.bundledYear(of: name) ?? 0
            return GHGYear(
                year: year, estimate: .table, table: name, baseTableYear: year, horizon: 0, system: s, model: model, accounts: acc, gwp: g,
                datasets: [system.provenance, g.provenance].compactMap { $0 }, notes: Self.gwpNotes(g), co2Vintage: nil, unallocated: [])
        }
        if FileManager.default.fileExists(atPath: name) { return try make() }
        return try services.cache.value(
            Self.ghgNamespace, key: "table|\(name)|\(g.set)", version: try services.datasetsVersion(), cost: 8 << 20, make)
    }

    /// The emission builder of the nowcast years on the latest table.
    public func satellites() throws -> NowcastSatellites {
        let (base, _) = try factorised(BundledMRIO.id)
        return try NowcastSatellites(base: base, data: try nowcastInputs())
    }

    func nowcast(year: Int, gwp g: GWP100, method: NowcastMethod) throws -> GHGYear {
        let (base, model) = try factorised(BundledMRIO.id)
        let sat = try NowcastSatellites(base: base, data: try nowcastInputs())
        let baseYear = base.year ?? Self.latestTableYear
        let emissions = try sat.extensions(year: year)
        let growth = try sat.growth(from: baseYear, to: year)
        var now = try NowcastEngine.nowcast(base: base, model: model, year: year, growth: growth, method: method, extensions: emissions.extensions)
        now.system.extensions.append(try GHGCharacterisation.characterised(now.system, gwp: g))
        let acc = try MRIOEngine.accounts(now.system, model: now.model, options: AccountOptions(extensions: [GHGCharacterisation.name(g)]))
        var datasets = [base.provenance, g.provenance].compactMap { $0 } + emissions.datasets + [sat.data.gdp.version.provenance]
        if let r = sat.data.ranges.first { datasets.append(r.dataset) }
        let notes =
            now.notes + emissions.notes + [
                "final demand: each region's \(baseYear) final demand × its GDP growth \(baseYear)→\(year) in current US$ (\(sat.data.gdp.version.datasetID), \(sat.data.gdp.version.version)); Taiwan has no World Bank data and takes Korea's growth (a stated proxy); the rest of the world's growth is World − the countries with World Bank data"
            ] + Self.gwpNotes(g)
        return GHGYear(
            year: year, estimate: .nowcast, table: BundledMRIO.id, baseTableYear: baseYear, horizon: year - baseYear, system: now.system,
            model: now.model,
            accounts: acc, gwp: g, datasets: Self.unique(datasets), notes: notes, co2Vintage: emissions.co2Vintage, unallocated: now.unallocated)
    }

    static func gwpNotes(_ g: GWP100) -> [String] {
        [
            "CO2e with \(g.label) from the GWP dataset: CH4 fossil \(g.ch4Fossil), CH4 non-fossil \(g.ch4NonFossil), N2O \(g.n2o); ghg = CO2 + CH4 + N2O"
        ]
    }

    static func unique(_ p: [Provenance]) -> [Provenance] {
        var seen = Set<String>()
        return p.filter { seen.insert("\($0.datasetID)|\($0.version)").inserted }
    }
}
