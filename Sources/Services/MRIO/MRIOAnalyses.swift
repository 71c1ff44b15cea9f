import Foundation
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengNumerics

extension MRIOService {
    /// Which table an analysis runs on.
    public struct Source: Sendable, Hashable {
        /// A bundled id, a stored id or a path (nil: the bundled WIOD 2011 CO2 table).
        public var table: String?
        /// The table's file format (`.auto` detects it from the content); ignored for bundled and stored ids.
        public var format: MRIOFormat
        /// The extension (nil: `co2`, else the first; see ``MRIOService/emissionExtension(of:named:)``).
        public var `extension`: String?
        /// Fail on any column of A summing to 1 or more.
        public var strict: Bool
        /// A gas of the GHG accounts (the table needs the extensions co2, ch4 and n2o): the analysis runs on
        /// that row of the characterised extension, in kt CO2e with `gwp`. Nil: the plain `extension`.
        public var gas: MRIOGas?
        /// The GWP100 set of `gas` (AR5 or AR6).
        public var gwp: String
        /// How (I − A) is solved for the plain accounts (``regionAccounts(_:concordance:)``): the cost model's choice by default.
        public var solver: SolverRequest = .auto

        /// A source; the defaults read the bundled WIOD 2011 CO2 table with its `co2` extension, tolerant column sums, no gas.
        public init(
            table: String? = nil, format: MRIOFormat = .auto, extension ext: String? = nil, strict: Bool = false,
            gas: MRIOGas? = nil, gwp: String = "AR5"
        ) {
            self.table = table
            self.format = format
            self.extension = ext
            self.strict = strict
            self.gas = gas
            self.gwp = gwp
        }

        /// The table's name as the services know it.
        public var name: String { table ?? BundledMRIO.id }
    }

    /// Consumption-, production-, import- and export-based accounts per region (or per region group).
    public struct RegionAccounts: Sendable {
        /// The table's accounts for the chosen extension (or gas), before any regional aggregation.
        public var accounts: MRIOAccounts
        /// The extension's accounts (stressors, units, M and S per region-sector).
        public var emissions: ExtensionAccounts
        /// The regions (or groups of a concordance) of the matrices below, stressor × region.
        public var regions: [String]
        /// Stressor × region accounts in the extension's units (kt CO2e for a gas): consumption-based, production-based (territorial),
        /// embodied in imports and embodied in exports. With a concordance, trade between members of a group is internal.
        public var cba: DenseMatrix, pba: DenseMatrix, imports: DenseMatrix, exports: DenseMatrix
        /// Income-based (downstream, Ghosh) accounts, stressor × region; nil when the engine did not compute them.
        public var incomeBased: DenseMatrix?
        /// The table's "REGION:SECTOR" labels (for per-sector multipliers).
        public var labels: [String]
        /// Whether the table is one of the bundled ones.
        public var bundled: Bool
        /// Seconds spent reading the table.
        public var loadSeconds: Double
    }

    /// The accounts of a table (pymrio semantics), aggregated by the region concordance CSV
    /// `concordance` (detail,group) when given. The table is read and solved once with the least
    /// memory (its Z is factorised in place), so that large tables fit.
    public func regionAccounts(_ source: Source, concordance: String? = nil) throws -> RegionAccounts {
        if source.gas != nil { return try ghgRegionAccounts(source, concordance: concordance) }
        let start = Date()
        // Z may stay sparse unless dense LU is asked for: the iteration then never holds an n × n matrix.
        var system = try MRIOTables.load(source.name, format: source.format, sparseFlows: source.solver != .lu, database: { services.db })
        let loadSeconds = Date().timeIntervalSince(start)
        guard let ext = source.extension ?? system.extensions.first?.name else {
            throw MRIOError(.missingData, "the MRIO has no extensions (satellite accounts)", suggestion: "add an extension folder with F.txt")
        }
        let labels = (0..<system.n).map { system.label($0) }
        var (acc, _) = try MRIOEngine.accounts(
            consuming: &system, options: AccountOptions(extensions: [ext], strictColumnSums: source.strict, solver: source.solver))
        // What the reader did to the table (regions dropped, cells read as 0, conversions) comes first.
        acc.warnings = system.warnings + acc.warnings
        let e = acc.extensions[0]
        var out = RegionAccounts(
            accounts: acc, emissions: e, regions: acc.regions, cba: e.cbaRegion, pba: e.pbaRegion, imports: e.impRegion,
            exports: e.expRegion, incomeBased: e.ibaRegion, labels: labels, bundled: BundledMRIO.ids.contains(source.name),
            loadSeconds: loadSeconds)
        if let file = concordance { try Self.aggregate(&out, concordance: try readConcordance(file, regions: acc.regions)) }
        return out
    }

    /// The accounts of one gas of a GHG table (a row of the characterised extension, kt CO2e).
    func ghgRegionAccounts(_ source: Source, concordance: String?) throws -> RegionAccounts {
        let start = Date()
        let t = try solved(source)
        let e = t.emissions
        var out = RegionAccounts(
            accounts: t.accounts, emissions: e, regions: t.accounts.regions, cba: e.cbaRegion, pba: e.pbaRegion, imports: e.impRegion,
            exports: e.expRegion, incomeBased: e.ibaRegion, labels: (0..<t.system.n).map { t.system.label($0) },
            bundled: BundledMRIO.ids.contains(source.name), loadSeconds: Date().timeIntervalSince(start))
        if let file = concordance { try Self.aggregate(&out, concordance: try readConcordance(file, regions: out.regions)) }
        return out
    }

    /// The table of a source solved for its extension, or for its gas (``Source/gas``) from the GHG accounts.
    public func solved(_ source: Source) throws -> SolvedTable {
        guard let gas = source.gas else { return try solved(source.name, format: source.format, extension: source.extension, strict: source.strict) }
        if let ext = source.extension {
            throw MRIOError(
                .invalidArgument, "--extension \(ext) and --gas \(gas.rawValue) both choose what is counted", suggestion: "give one of them")
        }
        return try ghgTable(source.name, gwp: source.gwp).solved(gas: gas)
    }

    func readConcordance(_ file: String, regions: [String]) throws -> Concordance {
        let text: String
        do { text = try InputFile.read(file) } catch let e as DataError {
            throw MRIOError(.missingData, "cannot read the concordance file: \(e.message)", file: file)
        }
        return try Concordance(csv: text, order: regions)
    }

    /// Sums the accounts by region group; imports and exports between members of a group become internal.
    static func aggregate(_ a: inout RegionAccounts, concordance c: Concordance) throws {
        let e = a.emissions, regions = a.regions
        var imp = DenseMatrix(rows: e.stressors.count, columns: c.groups.count, repeating: 0)
        var exp = imp
        for k in 0..<e.stressors.count {
            let od = c.aggregateSquare(e.originDestination[k], labels: regions)
            for g in 0..<c.groups.count { for h in 0..<c.groups.count where g != h { imp[k, h] += od[g, h]; exp[k, g] += od[g, h] } }
        }
        a.cba = c.aggregateColumns(a.cba, labels: regions)
        a.pba = c.aggregateColumns(a.pba, labels: regions)
        a.imports = imp
        a.exports = exp
        a.incomeBased = a.incomeBased.map { c.aggregateColumns($0, labels: regions) }
        a.regions = c.groups
    }

    /// Emissions embodied in trade of a table, for a stressor (default: the extension's first).
    public func transfers(_ source: Source, stressor: String? = nil) throws -> (table: SolvedTable, transfers: TradeTransfers) {
        let t = try solved(source)
        if let s = stressor, !t.emissions.stressors.contains(s) {
            throw MRIOError(.unknownStressor, "no stressor '\(s)'", suggestion: "available: \(t.emissions.stressors.joined(separator: ", "))")
        }
        return (t, try transfers(t, stressor: stressor))
    }

    /// The top supply-chain paths behind a region's consumption-based emissions.
    public struct PathsRequest: Sendable {
        /// The consuming region whose final demand is traced (a table or ISO 3166 alpha-3 code, any case).
        public var region: String
        /// The stressor traced (nil: the extension's first).
        public var stressor: String?
        /// Minimum path share of the total.
        public var threshold: Double
        /// Maximum number of paths returned, largest first.
        public var top: Int
        /// Maximum number of upstream steps (tiers of A) along a path; 0 keeps only direct emissions of the final-demand sectors.
        public var depth: Int

        /// A request; by default the 20 largest paths above 0.1 % of the total, up to 6 layers deep.
        public init(region: String, stressor: String? = nil, threshold: Double = 0.001, top: Int = 20, depth: Int = 6) {
            self.region = region
            self.stressor = stressor
            self.threshold = threshold
            self.top = top
            self.depth = depth
        }
    }

    /// Structural path analysis of a region's final demand; the region is a table or ISO code in any case.
    public func paths(_ source: Source, _ q: PathsRequest) throws -> (
        table: SolvedTable, region: String, stressor: String, unit: String, analysis: PathAnalysis
    ) {
        let t = try solved(source)
        let r = try t.system.regionIndex(q.region)
        let e = t.emissions
        let st = q.stressor ?? e.stressors[0]
        guard let k = e.stressors.firstIndex(of: st) else {
            throw MRIOError(.unknownStressor, "no stressor '\(st)'", suggestion: "available: \(e.stressors.joined(separator: ", "))")
        }
        guard let A = t.model.A else { throw MRIOError(.missingData, "the solved table kept no technical coefficients") }
        let y = MRIOEngine.aggregateFinalDemand(t.system).column(r)
        let system = t.system
        let analysis = try MRIOEngine.structuralPaths(
            A: A, intensities: e.S.row(k), multipliers: e.M.row(k), finalDemand: y,
            labels: { system.label($0) }, threshold: q.threshold, maxPaths: q.top, maxDepth: q.depth)
        return (t, t.system.regions[r], st, e.units[k], analysis)
    }

    /// An economy-wide scenario: shocks to final demand, intensities or input coefficients (regions
    /// by table or ISO code, sectors by code, name or part of one), and the change of the accounts.
    public func shock(_ source: Source, shocks: [MRIOShock], stressor: String? = nil) throws -> (table: SolvedTable, result: ShockResult) {
        if let gas = source.gas {
            // A shock changes the table's own extensions; the characterised GHG accounts are not one of them.
            throw MRIOError(
                .invalidArgument, "a shock is computed on one of the table's extensions, not on the characterised gas '\(gas.rawValue)'",
                suggestion: "choose the extension (co2, ch4 or n2o) and its stressor instead of a gas")
        }
        let t = try solved(source.name, format: source.format, extension: source.extension, strict: source.strict)
        let st = stressor ?? t.emissions.stressors.first ?? ""
        return (t, try MRIOEngine.shock(t.system, model: t.model, shocks: shocks, extension: t.extensionName, stressor: st))
    }

    /// The accounts of every year of a series, one task per year (locally or on Slurm), recorded as
    /// a job. Every year must report the same stressor in the same unit.
    public func series(_ params: MRIOSeriesWork.Params, run: Execution = Execution()) async throws -> (
        years: [MRIOSeriesWork.YearResult], execution: ExecutionReport
    ) {
        try MRIOSeriesWork.validate(params, database: services.db)
        let executor = run.executor ?? LocalExecutor()
        return try await services.distributed(
            MRIOSeriesWork.self, params: params, on: executor, execution: run, databasePath: services.db.path,
            gather: { try MRIOSeriesWork.gather(params, partials: $0) },
            record: { years, report in
                String(decoding: try JSONEncoder().encode(MRIOSeriesWork.Report(years: years, execution: report)), as: UTF8.self)
            })
    }
}
