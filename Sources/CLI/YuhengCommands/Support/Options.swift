import ArgumentParser
import Foundation
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengLCA
import YuhengMRIO
import YuhengServices

extension DatabaseOptions {
    /// The use cases over the database these options name.
    func services() throws -> YuhengServices { YuhengServices(db: try open()) }
}

/// Where the MRIO comes from: a path (pymrio folder, CSV folder, EXIOBASE zip/folder), a bundled or
/// stored table id, or the latest bundled WIOD table (2011).
struct MRIOInputOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(
        help: ArgumentHelp(
            "MRIO folder or archive, or a table id: bundled (wiod2000-ghg … wiod2011-ghg; wiod2009-co2 and wiod2011-co2 are CO2 views of them) or stored by `yuheng mrio import` (default: wiod2011-ghg, the latest bundled table; `yuheng data list` lists them).",
            valueName: "path|id"))
    var mrio: String?
    @Option(help: "Input format: \(MRIOFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String = "auto"
    @Flag(help: "Fail on any column of A summing to 1 or more (by default such columns warn when the system is still productive).")
    var strict = false
    @Option(help: ArgumentHelp("Region concordance CSV (detail,group): aggregate the results by region groups.", valueName: "file"))
    var aggregateRegions: String?

    /// The table format, checked.
    func tableFormat() throws -> MRIOFormat {
        guard let f = MRIOFormat(rawValue: format) else {
            throw ValidationError("unknown format '\(format)'; use \(MRIOFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return f
    }

    /// The services' description of the table, with the extension asked for.
    func source(extension ext: String?) throws -> MRIOService.Source {
        MRIOService.Source(table: mrio, format: try tableFormat(), extension: ext, strict: strict)
    }
}

/// Options that choose the LCI database and the calculation settings.
struct LCIOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("lci"), help: "LCI database id (uslci-1.5 is the bundled US LCI).") var lci: String = BundledLCI.id
    @Option(help: "Allocation of multi-output processes: default, none, physical, economic or causal.") var allocation: String = "default"

    /// The allocation policy, checked.
    func policy() throws -> AllocationPolicy {
        guard let p = AllocationPolicy(rawValue: allocation) else {
            throw ValidationError("unknown allocation '\(allocation)'; use default, none, physical, economic or causal")
        }
        return p
    }

    /// A calculation of `amount` of `process` with these options.
    func calculation(process: String, amount: Double, method: String, top: Int = 15) throws -> LCAService.Calculation {
        LCAService.Calculation(process: process, amount: amount, method: method, allocation: try policy(), database: lci, top: top)
    }
}

/// Options every Monte Carlo command shares.
struct MonteCarloOptions: ParsableArguments {
    @Option(help: "Number of Monte Carlo iterations (at least 1).") var iterations: Int = 10_000
    @Option(help: "Random seed (results are reproducible for a seed, whatever the number of workers).") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Worker threads (default: the number of cores).", valueName: "n")) var workers: Int?
    @Option(help: ArgumentHelp("Stop early when the 95 % CI of the mean is within this relative half-width (e.g. 0.001).", valueName: "t"))
    var tolerance: Double?
    @Flag(help: "No progress bar on stderr.") var quiet = false

    var workerCount: Int { workers ?? ProcessInfo.processInfo.activeProcessorCount }

    /// Refuses a non-positive --iterations or --workers with a plain message (exit status 1).
    func check() throws {
        try checkPositive(iterations, option: "--iterations")
        if let w = workers { try checkPositive(w, option: "--workers") }
    }

    /// The run parameters of a work kind.
    func runParams(blockSize: Int) -> MonteCarloRunParams {
        MonteCarloRunParams(iterations: iterations, seed: seed, blockSize: blockSize, tolerance: tolerance)
    }
}

/// The `--solver` value, checked: auto, lu or iterative.
func solverRequest(_ value: String) throws -> SolverRequest {
    guard let r = SolverRequest(rawValue: value) else {
        throw invalidOption("unknown solver '\(value)'", suggestion: "use \(SolverRequest.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return r
}

/// An error of the command line's own checks: a plain message, no internal code.
func invalidOption(_ message: String, suggestion: String? = nil) -> ErrorReport {
    ErrorReport(kind: .invalidInput, code: "cli.invalidOption", message: message, suggestion: suggestion)
}

/// Refuses a count (iterations, samples, workers) that is not positive.
func checkPositive(_ n: Int, option: String) throws {
    guard n > 0 else { throw invalidOption("\(option) must be positive (it is \(n))", suggestion: "e.g. \(option) 1000") }
}

/// Where long-running work runs: this machine or a Slurm cluster. Without `--executor`, the
/// computing configuration file decides (default: local, in this process).
struct ExecutorOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Where the work runs: local (this machine) or slurm (array jobs on a Slurm cluster). Default: the computing configuration file, else local.",
            valueName: "local|slurm"))
    var executor: String?
    @Option(help: ArgumentHelp("Number of tasks the job is cut into (results do not depend on it).", valueName: "n")) var tasks: Int?
    @Option(help: "Slurm partition.") var partition: String?
    @Option(help: "Slurm account.") var account: String?
    @Option(help: ArgumentHelp("Slurm time limit per task (MM, HH:MM:SS or D-HH:MM).", valueName: "time")) var timeLimit: String?
    @Option(help: ArgumentHelp("CPUs per Slurm task (the worker's threads).", valueName: "n")) var cpusPerTask: Int?
    @Option(help: ArgumentHelp("Memory per Slurm task, e.g. 4G.", valueName: "size")) var mem: String?
    @Option(help: ArgumentHelp("Resubmissions of a failed or lost task before the job fails (default 2).", valueName: "n")) var maxRetries: Int?
    @Option(
        help: ArgumentHelp(
            "Folder visible from every node for task files, results and logs (default: slurm-jobs beside the database).", valueName: "path"))
    var sharedDir: String?
    @Flag(help: "Keep the job's folder (task files, partial results, logs) after success.") var keepJobFiles = false
    @Flag(
        inversion: .prefixedNo,
        help:
            "Slurm tasks read a read-only snapshot of the database in the job's folder (default; works on network filesystems) or, with --no-database-snapshot, the database file itself."
    )
    var databaseSnapshot: Bool?

    /// The executor when one was asked for (option or configuration file); nil = run in this process as before.
    func resolve(databasePath: String, threads: Int? = nil) throws -> (any Executor)? {
        let config = try ComputingConfiguration.load()
        let kind = try executor.map { try ExecutorKind(parsing: $0) }
        guard kind != nil || config.executor != nil || tasks != nil else { return nil }
        let overrides = SlurmSettings(
            partition: partition, account: account, timeLimit: timeLimit, cpusPerTask: cpusPerTask, memory: mem,
            maxRetries: maxRetries, sharedDir: sharedDir, keepFiles: keepJobFiles ? true : nil, databaseSnapshot: databaseSnapshot)
        return try config.makeExecutor(kind: kind, slurmOverrides: overrides, localThreads: threads, tasks: tasks, databasePath: databasePath)
    }
}

/// The unit of national totals: Mt by default, kt or Gt on request (`--unit`). Values of a table
/// whose unit is not a mass (TJ, m³ …) stay in the table's unit.
enum NationalUnit: String, ExpressibleByArgument, CaseIterable, Sendable {
    case kt, Mt, Gt

    init?(argument: String) {
        guard let u = Self.allCases.first(where: { $0.rawValue.lowercased() == argument.lowercased() }) else { return nil }
        self = u
    }

    /// The factor from `unit` (e.g. "kt") to this unit, or nil when `unit` is not a mass.
    func factor(from unit: String) -> Double? {
        guard let from = try? MeasureUnit(unit), let f = try? from.conversionFactor(to: MeasureUnit(rawValue)) else { return nil }
        return f
    }

    /// How values given in `tableUnit` are shown: in `unit` when one is given and `tableUnit` is a
    /// mass, else as they are (two decimals).
    static func display(_ unit: NationalUnit?, tableUnit: String) -> UnitDisplay {
        guard let unit, let f = unit.factor(from: tableUnit) else { return UnitDisplay(factor: 1, label: tableUnit, decimals: 2) }
        return UnitDisplay(factor: f, label: unit.rawValue, decimals: unit.decimals)
    }

    /// Decimals that keep a national total readable: none for kt, one for Mt, three for Gt.
    var decimals: Int {
        switch self {
        case .kt: 0
        case .Mt: 1
        case .Gt: 3
        }
    }
}

/// The `--unit` option of commands that report national totals.
struct UnitOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Unit of national totals: kt, Mt or Gt (default: Mt for emissions; tables whose unit is not a mass keep theirs).", valueName: "kt|Mt|Gt"))
    var unit: NationalUnit?

    /// The unit chosen, Mt when none was.
    var chosen: NationalUnit { unit ?? .Mt }
}

/// Values shown in a chosen unit: the factor from the table's unit, the unit's label and the decimals.
struct UnitDisplay: Sendable {
    let factor: Double
    let label: String
    let decimals: Int

    /// `v` (in the table's unit) converted and formatted, thousands separated.
    func callAsFunction(_ v: Double) -> String { Format.number(v * factor, decimals: decimals) }
    /// `v` converted.
    func value(_ v: Double) -> Double { v * factor }
}
