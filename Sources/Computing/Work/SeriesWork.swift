import Foundation
import YuhengCore
import YuhengData
import YuhengMRIO

/// Production- and consumption-based accounts for every year of an MRIO time series
/// (`yuheng mrio series`): one unit per year, so a cluster computes the years side by side.
///
/// Each year's table is named by ``Year/table``: a path to an MRIO folder or archive (readable on
/// every node), the id of a bundled table (`wiod2009-co2`, `wiod2011-co2`) or of a table stored in
/// the database (`MRIOStore.register`). A year's result depends only on its own table, so the
/// series is the same on any executor and in any number of tasks.
///
/// ```swift
/// let p = MRIOSeriesWork.Params(years: [.init(label: "2009", table: "wiod2009-co2"), .init(label: "2011", table: "wiod2011-co2")])
/// let (partials, _) = try await Computing.run(MRIOSeriesWork.self, params: p, executor: LocalExecutor())
/// let series = try MRIOSeriesWork.gather(p, partials: partials)
/// ```
public enum MRIOSeriesWork: DistributedWork {
    /// The kind's name in task files and job records.
    public static let kind = "mrio-series"

    /// One year of the series: its label and the table to read.
    public struct Year: Codable, Sendable, Hashable {
        /// The year's label in results (usually the year, e.g. `2011`).
        public var label: String
        /// A path, a bundled table id or a stored table id.
        public var table: String
        /// A year labelled `label` read from `table` (path, bundled id or stored id).
        public init(label: String, table: String) {
            self.label = label
            self.table = table
        }
    }

    /// What a series job computes: per-region accounts of one stressor for every year.
    public struct Params: Codable, Sendable, Hashable {
        /// The years, one unit of work each, in the order the results are returned.
        public var years: [Year]
        /// Layout of table folders (pymrio, EXIOBASE, ...); `.auto` detects it per year.
        public var format: MRIOFormat
        /// Extension (satellite account); nil = each table's first.
        public var `extension`: String?
        /// Stressor; nil = the extension's first.
        public var stressor: String?
        /// Whether a column of A summing to 1 or more (negative value added) is an error rather than a warning.
        public var strict: Bool
        /// LU, the block-Jacobi iteration or the cost model's choice (nil: the cost model's).
        public var solver: SolverRequest?

        /// Parameters with auto-detected format and each table's first extension and stressor.
        public init(
            years: [Year], format: MRIOFormat = .auto, extension: String? = nil, stressor: String? = nil, strict: Bool = false,
            solver: SolverRequest? = nil
        ) {
            self.years = years
            self.format = format
            self.extension = `extension`
            self.stressor = stressor
            self.strict = strict
            self.solver = solver
        }
    }

    /// One year's accounts of the chosen stressor, per region (pymrio semantics: F_Y is in the cba
    /// and pba totals, not in imports and exports).
    public struct YearResult: Codable, Sendable, Hashable {
        /// Position of the year in ``Params/years`` (0-based).
        public var index: Int
        /// The year's label as given, e.g. "2011".
        public var label: String
        /// The table the year was read from (path or id), as given.
        public var table: String
        /// Name of the MRIO system as the table names it, e.g. "WIOD 2011".
        public var system: String
        /// The extension (satellite account) the stressor comes from.
        public var `extension`: String
        /// The stressor reported, e.g. "CO2".
        public var stressor: String
        /// The stressor's physical unit as the table gives it, e.g. "Gg" or "kt".
        public var unit: String
        /// The table's monetary unit, e.g. "M USD" or "M EUR".
        public var monetaryUnit: String
        /// Region codes, in the order of every per-region column below.
        public var regions: [String]
        /// Consumption-based account per region (S·L·Y by consuming region, plus F_Y; pymrio semantics), in `unit`.
        public var cba: [Double]
        /// Production-based account per region (F by producing region, plus F_Y), in `unit`.
        public var pba: [Double]
        /// Emissions embodied in imports per region (excluding F_Y), in `unit`.
        public var imports: [Double]
        /// Emissions embodied in exports per region (excluding F_Y), in `unit`.
        public var exports: [Double]
        /// Final-demand (household) direct emissions per region, part of cba and pba.
        public var finalDemand: [Double]
        /// How the Leontief system was solved, e.g. "dense LU of (I − A) ...", for reports.
        public var solver: String
        /// Warnings of the model build, e.g. columns of A summing to 1 or more.
        public var warnings: [String]
        /// Provenance of the table (source, version, licence); nil for a table without a record.
        public var dataset: Provenance?

        /// Sum of ``cba`` over the regions: the world total, equal to ``totalPBA`` up to rounding.
        public var totalCBA: Double { cba.reduce(0, +) }
        /// Sum of ``pba`` over the regions: the world total of the stressor.
        public var totalPBA: Double { pba.reduce(0, +) }

        /// A region's value in one of the per-region columns (`\.cba`, `\.pba`, …); nil when the table has no such region.
        public func value(_ region: String, _ column: KeyPath<YearResult, [Double]>) -> Double? {
            regions.firstIndex(of: region).map { self[keyPath: column][$0] }
        }

        /// The regions by decreasing consumption-based value (the order of tables and charts of a series).
        public var regionsByConsumption: [String] { regions.indices.sorted { cba[$0] > cba[$1] }.map { regions[$0] } }

        enum CodingKeys: String, CodingKey {
            case index, label, table, system, `extension`, stressor, unit, regions, solver, warnings, dataset
            case monetaryUnit = "monetary_unit"
            case cba = "D_cba_reg", pba = "D_pba_reg", imports = "D_imp_reg", exports = "D_exp_reg", finalDemand = "F_Y_reg"
        }
    }

    /// The years one task computed.
    public struct Partial: Codable, Sendable {
        /// One result per unit of the task (in the task's unit order).
        public var years: [YearResult]
    }

    /// Checks the parameters before any task runs: labels unique and not empty, every table a
    /// readable path or a known id (bundled or in `database`).
    public static func validate(_ p: Params, database: YuhengDatabase?) throws {
        guard !p.years.isEmpty else {
            throw ComputingError(.invalidParameters, "the series has no years", suggestion: "give --table LABEL=TABLE once per year")
        }
        var seen = Set<String>()
        let stored = Set((try? database?.mrioTables().map(\.id)) ?? [])
        for (i, y) in p.years.enumerated() {
            let label = y.label.trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else { throw ComputingError(.invalidParameters, "year \(i + 1) has an empty label") }
            guard seen.insert(label).inserted else {
                throw ComputingError(
                    .invalidParameters, "the label '\(label)' is given twice", suggestion: "each year of the series needs its own label")
            }
            if MRIOTables.exists(y.table, storedIDs: stored) { continue }
            throw ComputingError(
                .invalidParameters, "year \(label): '\(y.table)' is neither a readable MRIO path nor a known table",
                suggestion: "bundled tables: \(BundledMRIO.ids.joined(separator: ", "))"
                    + (stored.isEmpty ? "" : "; stored: \(stored.sorted().joined(separator: ", "))"))
        }
    }

    /// The years of an EXIOBASE-style folder: every `IOT_YYYY_ixi` or `IOT_YYYY_pxp` archive (`.zip`) or
    /// folder in `folder`, labelled by year, oldest first. With both systems present for a year,
    /// `system` (`ixi` or `pxp`) chooses; without it that is an error naming the year.
    public static func scan(folder: String, system: String? = nil) throws -> [Year] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw ComputingError(
                .invalidParameters, "cannot read the folder \(folder)", suggestion: "give a folder holding IOT_YYYY_ixi.zip or IOT_YYYY_pxp.zip files"
            )
        }
        if let system, system != "ixi", system != "pxp" {
            throw ComputingError(
                .invalidParameters, "unknown EXIOBASE system '\(system)'", suggestion: "use ixi (industry by industry) or pxp (product by product)")
        }
        let pattern = /^IOT_(\d{4})_(ixi|pxp)(\.zip)?$/
        var found: [Int: [(system: String, path: String)]] = [:]
        for name in names.sorted() {
            guard let m = name.wholeMatch(of: pattern), let year = Int(m.1) else { continue }
            let sys = String(m.2)
            if let system, sys != system { continue }
            found[year, default: []].append((sys, (folder as NSString).appendingPathComponent(name)))
        }
        guard !found.isEmpty else {
            throw ComputingError(
                .invalidParameters, "no EXIOBASE tables in \(folder)" + (system.map { " for the \($0) system" } ?? ""),
                suggestion: "the folder should hold files named like IOT_2015_ixi.zip (as EXIOBASE publishes them)")
        }
        return try found.keys.sorted().map { year in
            let entries = found[year]!
            guard Set(entries.map(\.system)).count == 1 else {
                throw ComputingError(
                    .invalidParameters, "\(year) has both an ixi and a pxp table in \(folder)",
                    suggestion: "choose one with --system ixi or --system pxp")
            }
            guard entries.count == 1 else {
                throw ComputingError(
                    .invalidParameters,
                    "\(year) has both a folder and an archive in \(folder): \(entries.map { ($0.path as NSString).lastPathComponent }.joined(separator: ", "))",
                    suggestion: "keep one of them")
            }
            return Year(label: String(year), table: entries[0].path)
        }
    }

    /// The bundled series (WIOD 2009 and 2011 with CO2), labelled by year.
    public static var bundled: [Year] { BundledMRIO.years.map { Year(label: String($0.year), table: $0.id) } }

    /// The bundled series' CO2 accounts computed in this process (what the server's pages and the
    /// agents' tool show; a job with ``bundled`` gives the same numbers on any executor).
    public static func bundledAccounts() throws -> [YearResult] {
        try bundled.enumerated().map { (i, y) in
            try accounts(of: try BundledMRIO.load(id: y.table), index: i, year: y, extension: "co2", stressor: "CO2", strict: false)
        }
    }

    /// A region's value in the first and the last year of a series; nil when either table lacks the region.
    public static func change(_ years: [YearResult], _ region: String, _ column: KeyPath<YearResult, [Double]>) -> (from: Double, to: Double)? {
        guard let a = years.first?.value(region, column), let b = years.last?.value(region, column) else { return nil }
        return (a, b)
    }

    /// The number of years (one unit each).
    /// - Throws: ``ComputingError`` when the series has no years.
    public static func unitCount(_ p: Params) throws -> Int {
        guard !p.years.isEmpty else { throw ComputingError(.invalidParameters, "the series has no years") }
        return p.years.count
    }

    /// The accounts of one year's table (a pure function of the table and the choices).
    public static func accounts(of system: MRIOSystem, index: Int, year: Year, extension name: String?, stressor: String?, strict: Bool) throws
        -> YearResult
    {
        try accounts(of: system, index: index, year: year, extension: name, stressor: stressor, strict: strict, solver: nil, warmStart: nil).0
    }

    /// As ``accounts(of:index:year:extension:stressor:strict:)`` with a solver choice, the iteration starting from
    /// `warmStart` (the previous year's solutions, used where the shapes match); also returns this year's solutions.
    public static func accounts(
        of system: MRIOSystem, index: Int, year: Year, extension name: String?, stressor: String?, strict: Bool, solver: SolverRequest?,
        warmStart: WarmStart?
    ) throws -> (YearResult, WarmStart?) {
        var system = system
        guard let extName = name ?? system.extensions.first?.name else {
            throw ComputingError(.invalidParameters, "year \(year.label): the table \(system.name) has no extension (satellite account)")
        }
        let (acc, _): (MRIOAccounts, LeontiefModel)
        do {
            let options = AccountOptions(
                extensions: [extName], incomeBased: false, strictColumnSums: strict, solver: solver ?? .auto, warmStart: warmStart)
            (acc, _) = try MRIOEngine.accounts(consuming: &system, options: options)
        } catch let e as MRIOError where e.code == .unknownExtension {
            throw ComputingError(.invalidParameters, "year \(year.label): \(e.message)", suggestion: e.suggestion)
        }
        return (try yearResult(acc, index: index, year: year, stressor: stressor), acc.solutions)
    }

    /// One year's result from accounts already computed (their first extension).
    public static func yearResult(_ acc: MRIOAccounts, index: Int, year: Year, stressor: String?) throws -> YearResult {
        guard let e = acc.extensions.first else { throw ComputingError(.invalidParameters, "year \(year.label): the accounts have no extension") }
        let k: Int
        if let stressor {
            guard let i = e.stressors.firstIndex(of: stressor) else {
                throw ComputingError(
                    .invalidParameters, "year \(year.label): the extension \(e.name) has no stressor '\(stressor)'",
                    suggestion: "its stressors: \(e.stressors.prefix(20).joined(separator: ", "))")
            }
            k = i
        } else {
            guard !e.stressors.isEmpty else {
                throw ComputingError(.invalidParameters, "year \(year.label): the extension \(e.name) has no stressors")
            }
            k = 0
        }
        return YearResult(
            index: index, label: year.label, table: year.table, system: acc.system, extension: e.name, stressor: e.stressors[k],
            unit: e.units[k], monetaryUnit: acc.monetaryUnit, regions: acc.regions, cba: e.cbaRegion.row(k),
            pba: e.pbaRegion.row(k), imports: e.impRegion.row(k), exports: e.expRegion.row(k), finalDemand: e.fyRegion.row(k),
            solver: acc.solver, warnings: acc.warnings, dataset: acc.provenance)
    }

    /// Loads each year's table and computes its accounts (tables are not cached: each year is read once).
    /// - Throws: ``ComputingError`` when cancelled, for an unreadable table, an unknown extension or stressor.
    public static func run(_ p: Params, units: [Int], context: TaskContext) async throws -> Partial {
        var out: [YearResult] = []
        var previous: WarmStart? = nil // consecutive years start the iteration from the previous year's solutions
        for (k, u) in units.enumerated() {
            if context.cancellation?.isCancelled == true || Task.isCancelled { throw ComputingError(.cancelled, "cancelled") }
            guard u >= 0 && u < p.years.count else { throw ComputingError(.invalidParameters, "unit \(u) is outside the series") }
            let year = p.years[u]
            let system: MRIOSystem
            do {
                system = try MRIOTables.load(year.table, format: p.format, sparseFlows: p.solver != .lu, database: { try context.database() })
            } catch let e as MRIOError {
                throw ComputingError(.invalidParameters, "year \(year.label): \(e.message)", suggestion: e.suggestion)
            }
            let (result, solutions) = try accounts(
                of: system, index: u, year: year, extension: p.extension, stressor: p.stressor, strict: p.strict, solver: p.solver,
                warmStart: previous)
            out.append(result)
            previous = solutions
            context.progress?(k + 1)
        }
        return Partial(years: out)
    }

    /// The years in the order given; each must be there exactly once, and all must report the
    /// same stressor in the same unit (a series that mixes units is refused).
    public static func gather(_ p: Params, partials: [Partial]) throws -> [YearResult] {
        var byIndex: [Int: YearResult] = [:]
        for r in partials.flatMap(\.years) {
            guard byIndex[r.index] == nil else { throw ComputingError(.badTaskFile, "year \(r.label) came back twice") }
            byIndex[r.index] = r
        }
        let missing = p.years.indices.filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw ComputingError(.taskFailed, "the series is incomplete: no result for \(missing.map { p.years[$0].label }.joined(separator: ", "))")
        }
        let years = p.years.indices.map { byIndex[$0]! }
        if let first = years.first {
            for y in years.dropFirst() where y.stressor != first.stressor || y.unit != first.unit {
                throw ComputingError(
                    .invalidParameters,
                    "year \(y.label) reports \(y.stressor) in \(y.unit) but year \(first.label) reports \(first.stressor) in \(first.unit): a series must have one stressor in one unit",
                    suggestion: "choose the stressor with --stressor, and convert the tables to one unit")
            }
        }
        return years
    }

    /// The series as JSON (CLI `--json` and the server's job result): per year, region -> value
    /// maps as `mrio accounts --json` writes them.
    public struct Report: Encodable, Sendable {
        /// The years in order.
        public let years: [YearResult]
        /// Where and how the tasks ran (executor, tasks, timings); nil when not recorded.
        public let execution: ExecutionReport?

        /// A report of `years` with their execution record.
        public init(years: [YearResult], execution: ExecutionReport?) {
            self.years = years
            self.execution = execution
        }

        struct Year: Encodable {
            let label: String, table: String, system: String, monetary_unit: String
            let dataset: Provenance?
            let D_cba_reg: [String: Double], D_pba_reg: [String: Double], D_imp_reg: [String: Double], D_exp_reg: [String: Double],
                F_Y_reg: [String: Double]
            let total_cba: Double, total_pba: Double
            let solver: String, warnings: [String]
        }

        /// Writes extension, stressor and unit once, then per year region -> value maps (as `mrio accounts --json`).
        public func encode(to encoder: any Encoder) throws {
            enum K: String, CodingKey { case `extension`, stressor, unit, years, execution }
            var c = encoder.container(keyedBy: K.self)
            try c.encode(years.first?.extension, forKey: .extension)
            try c.encode(years.first?.stressor, forKey: .stressor)
            try c.encode(years.first?.unit, forKey: .unit)
            func map(_ y: YearResult, _ v: [Double]) -> [String: Double] { Dictionary(uniqueKeysWithValues: zip(y.regions, v)) }
            try c.encode(
                years.map { y in
                    Year(
                        label: y.label, table: y.table, system: y.system, monetary_unit: y.monetaryUnit, dataset: y.dataset,
                        D_cba_reg: map(y, y.cba), D_pba_reg: map(y, y.pba), D_imp_reg: map(y, y.imports), D_exp_reg: map(y, y.exports),
                        F_Y_reg: map(y, y.finalDemand), total_cba: y.totalCBA, total_pba: y.totalPBA, solver: y.solver, warnings: y.warnings)
                }, forKey: .years)
            try c.encodeIfPresent(execution, forKey: .execution)
        }
    }
}
