import ArgumentParser
import Foundation
import YuhengAnalysis
import YuhengReports
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengLCA
import YuhengMRIO
import YuhengNumerics
import YuhengUncertainty

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Monte Carlo and sensitivity commands:
//   yuheng inventory FILE --uncertainty montecarlo|analytic --iterations N --seed S [--json]
//   yuheng lca montecarlo --process ID --iterations N --seed S [--default-gsd 1.1] [--json]
//   yuheng lca bench-mtx DIR --iterations N --seed S --json          (hidden; the LCA benchmark)
//   yuheng mrio montecarlo [--mrio PATH] --stressor CO2 --gsd 1.2 --iterations N --seed S [--json]
//   yuheng sensitivity inventory FILE --method spearman|sobol [--samples N] [--seed S] [--json]

// MARK: - Shared machinery

/// Runs an async command body; its errors are reported as `YuhengCommands.run` reports them.
func runAsync(_ body: () async throws -> Void) async throws {
    do { try await body() } catch let e as CleanExit { throw e } catch let e as ExitCode { throw e } catch let e as ValidationError { throw e } catch {
        throw exitCode(reporting: error)
    }
}

/// The summary of a distributed Monte Carlo job as stored in the job table.
func monteCarloRecord(_ s: UncertaintySummary, deterministic: Double, execution: ExecutionReport) throws -> String {
    struct Extra: Encodable { let deterministic: Double; let execution: ExecutionReport }
    return String(decoding: try JSONEncoder().encode(SummaryJSON(summary: s, extra: Extra(deterministic: deterministic, execution: execution))), as: UTF8.self)
}

/// One line on how a distributed job ran.
func executionFooter(_ e: ExecutionReport) -> String {
    "Executor \(e.executor): \(e.tasks) task(s)" + (e.slurmJobIDs.isEmpty ? "" : ", Slurm job \(e.slurmJobIDs.joined(separator: ", "))")
        + (e.resubmissions > 0 ? ", \(e.resubmissions) resubmission(s)" : "") + String(format: ", %.2f s", e.seconds)
        + (e.hosts.isEmpty ? "" : " on \(e.hosts.joined(separator: ", "))")
}

/// Options every Monte Carlo command shares.
struct MonteCarloOptions: ParsableArguments {
    @Option(help: "Number of Monte Carlo iterations.") var iterations: Int = 10_000
    @Option(help: "Random seed (results are reproducible for a seed, whatever the number of workers).") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Worker threads (default: the number of cores).", valueName: "n")) var workers: Int?
    @Option(help: ArgumentHelp("Stop early when the 95 % CI of the mean is within this relative half-width (e.g. 0.001).", valueName: "t")) var tolerance: Double?
    @Flag(help: "No progress bar on stderr.") var quiet = false

    var workerCount: Int { workers ?? ProcessInfo.processInfo.activeProcessorCount }
}

/// A progress bar with the running estimate on stderr, drawn only when stderr is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled: Bool
    private let label: String
    private let unit: String
    private var last = Date.distantPast
    private var drawn = false

    init(label: String, unit: String, quiet: Bool = false) {
        self.enabled = !quiet && isatty(STDERR_FILENO) != 0
        self.label = label
        self.unit = unit
    }

    /// The engine's progress callback.
    var callback: (@Sendable (Int, Int, Double) -> Void)? {
        guard enabled else { return nil }
        return { [self] done, total, mean in self.update(done, total, mean) }
    }

    func update(_ done: Int, _ total: Int, _ mean: Double) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard done == total || now.timeIntervalSince(last) >= 0.1 else { return }
        last = now
        let width = 28
        let f = total > 0 ? Double(done) / Double(total) : 1
        let filled = min(width, Int(f * Double(width)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let estimate = mean.isFinite ? "  mean \(Format.number(mean, decimals: abs(mean) < 100 ? 4 : 1)) \(unit)" : ""
        let line = "\r\(label) [\(bar)] \(String(format: "%5.1f", f * 100)) %  \(done)/\(total)\(estimate)\u{1B}[K"
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}

/// SIGINT → cancel the run (it returns the completed blocks, marked cancelled); a second SIGINT kills.
final class InterruptCatcher: @unchecked Sendable {
    let flag = CancellationFlag()
    private var source: DispatchSourceSignal?

    init() {
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let flag = self.flag
        s.setEventHandler {
            flag.cancel()
            FileHandle.standardError.write(Data("\ninterrupted: stopping after the running blocks (press Ctrl-C again to abort)\n".utf8))
            signal(SIGINT, SIG_DFL)
        }
        s.resume()
        source = s
    }

    func stop() {
        source?.cancel()
        source = nil
        signal(SIGINT, SIG_DFL)
    }

    deinit { stop() }
}

/// A summary flattened into the top level of a JSON object with extra keys.
struct SummaryJSON<Extra: Encodable>: Encodable {
    let summary: UncertaintySummary
    let extra: Extra
    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        try extra.encode(to: encoder)
    }
}

/// CPU seconds of this process (user + system, all threads).
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Wall and CPU seconds of a closure.
func measure<T>(_ body: () throws -> T) rethrows -> (T, wall: Double, cpu: Double) {
    let w = Date(), c = processCPUSeconds()
    let r = try body()
    return (r, Date().timeIntervalSince(w), processCPUSeconds() - c)
}

func summaryRow(_ name: String, _ s: UncertaintySummary, deterministic: Double?, decimals: Int = 2) -> [String] {
    [name, deterministic.map { Format.number($0, decimals: decimals) } ?? "", Format.number(s.mean, decimals: decimals),
     Format.number(s.median, decimals: decimals), Format.number(s.sd, decimals: decimals), Format.number(s.p2_5, decimals: decimals),
     Format.number(s.p97_5, decimals: decimals), String(format: "−%.2f / +%.2f", s.uLowPercent + 0, s.uHighPercent + 0).replacingOccurrences(of: "-0.00", with: "0.00")]
}

let summaryHeader = ["", "Deterministic", "Mean", "Median", "SD", "2.5 %", "97.5 %", "U % (IPCC)"]
let summaryAlign = [false, true, true, true, true, true, true, true]

func runFooter(_ s: UncertaintySummary, workers: Int, seconds: Double) -> String {
    "\(s.iterations) iterations, seed \(s.seed), \(workers) worker\(workers == 1 ? "" : "s"), \(String(format: "%.2f", seconds)) s"
        + (s.converged ? "" : "; the 95 % CI of the mean is wider than ±1 % (more iterations)") + (s.cancelled ? " — CANCELLED: partial result" : "")
}

// MARK: - Inventory

extension InventoryCommand {
    /// `yuheng inventory FILE --uncertainty montecarlo|analytic`.
    func runUncertainty(_ mode: String) async throws {
        try await runAsync {
            guard mode == "montecarlo" || mode == "analytic" else {
                throw ValidationError("unknown --uncertainty '\(mode)'; use montecarlo or analytic")
            }
            if mode == "montecarlo", let (seriesModel, series, activities) = try InventoryUncertaintyLoader.loadSeries(file: file, database: database, gwp: gwp, options: try seriesOptions()) {
                _ = activities
                return try await runSeriesMonteCarlo(seriesModel, series)
            }
            let (model, result, gwpName) = try InventoryUncertaintyLoader.load(file: file, database: database, gwp: gwp)
            let analytic = model.analytic()
            if mode == "analytic" {
                try printAnalytic(model, result, analytic, gwp: gwpName)
                return
            }
            let catcher = InterruptCatcher()
            defer { catcher.stop() }
            let bar = ProgressBar(label: "Monte Carlo", unit: "t CO2e")
            let start = Date()
            let mc = try await model.monteCarlo(
                iterations: iterations, seed: seed, workers: ProcessInfo.processInfo.activeProcessorCount,
                cancellation: catcher.flag, progress: bar.callback)
            bar.finish()
            let seconds = Date().timeIntervalSince(start)
            if json {
                struct Extra: Encodable {
                    let method = "montecarlo"
                    let unit = "t CO2e"
                    let gwp: String
                    let half_width_pct: Double
                    let deterministic_total_co2e_t: Double
                    let approach1_uncertainty_pct: Double?
                    let analytic_half_width_pct: Double
                    let by_category: [String: UncertaintySummary]
                    let inputs: [InventoryUncertainInput]
                    let unquantified: [String]
                    let notes: [String]
                    let seconds: Double
                }
                print(try Format.json(SummaryJSON(summary: mc.total, extra: Extra(
                    gwp: gwpName, half_width_pct: mc.total.halfWidthPercent, deterministic_total_co2e_t: model.deterministicTotal,
                    approach1_uncertainty_pct: result.uncertaintyPercent, analytic_half_width_pct: analytic.halfWidthPercent,
                    by_category: mc.byCategory, inputs: model.inputs, unquantified: model.unquantified, notes: model.notes, seconds: seconds))))
            } else {
                print("Monte Carlo (IPCC Approach 2) — \(file) — t CO2e with \(gwpName)\n")
                var t = TextTable(summaryHeader, alignRight: summaryAlign)
                let detByCat = Dictionary(grouping: model.terms, by: \.category).mapValues { $0.reduce(0) { $0 + $1.co2e } }
                for c in model.categories { if let s = mc.byCategory[c] { t.add(summaryRow(c, s, deterministic: detByCat[c])) } }
                t.add(summaryRow("Total", mc.total, deterministic: model.deterministicTotal))
                print(t.render())
                print(String(format: "\n95 %% half-width: ±%.3f %% (Monte Carlo); first-order with the same inputs ±%.3f %%", mc.total.halfWidthPercent, analytic.halfWidthPercent)
                      + (result.uncertaintyPercent.map { String(format: "; Approach 1 ±%.3f %%", $0) } ?? ""))
                print(runFooter(mc.total, workers: ProcessInfo.processInfo.activeProcessorCount, seconds: seconds))
                printInputs(model, analytic)
            }
            if mc.total.cancelled { throw ExitCode(130) }
        }
    }

    func printAnalytic(_ model: InventoryUncertaintyModel, _ result: InventoryResult, _ a: InventoryAnalyticUncertainty, gwp: String) throws {
        if json {
            struct Out: Encodable {
                let method = "analytic"
                let unit = "t CO2e"
                let gwp: String
                let total_co2e_t: Double
                let sd: Double
                let half_width_pct: Double
                let approach1_uncertainty_pct: Double?
                let inputs: [InventoryUncertainInput]
                let variance_shares: [String: Double]
                let unquantified: [String]
            }
            print(try Format.json(Out(gwp: gwp, total_co2e_t: a.total, sd: a.sd, half_width_pct: a.halfWidthPercent,
                                      approach1_uncertainty_pct: result.uncertaintyPercent, inputs: model.inputs,
                                      variance_shares: Dictionary(uniqueKeysWithValues: zip(model.inputs.map(\.id), a.varianceShares)),
                                      unquantified: model.unquantified)))
            return
        }
        print("First-order propagation (shared factors correlated) — \(file) — t CO2e with \(gwp)\n")
        print("Total \(Format.number(a.total)) t CO2e, sd \(Format.number(a.sd)), 95 % half-width ±\(String(format: "%.3f", a.halfWidthPercent)) %"
              + (result.uncertaintyPercent.map { String(format: " (Approach 1, factors independent: ±%.3f %%)", $0) } ?? ""))
        printInputs(model, a)
    }

    func printInputs(_ model: InventoryUncertaintyModel, _ a: InventoryAnalyticUncertainty) {
        print("\nUncertain inputs (\(model.inputs.count); a factor used by several activities is one input):")
        var t = TextTable(["Input", "Distribution", "Used by", "Variance share"], alignRight: [false, false, false, true])
        for (i, x) in model.inputs.enumerated() {
            t.add([x.name, describe(x.distribution), x.usedBy.joined(separator: ", "), String(format: "%.1f %%", a.varianceShares[i] * 100)])
        }
        print(t.render())
        if !model.unquantified.isEmpty { print("Fixed (no range): \(model.unquantified.joined(separator: ", "))") }
        for n in model.notes { print("note: \(n)") }
    }
}

func describe(_ d: Distribution) -> String {
    switch d {
    case .normal(let m, let sd): return String(format: "normal(%.4g, %.4g)", m, sd)
    case .lognormal(let mu, let s): return String(format: "lognormal(median %.4g, GSD %.4f)", exp(mu), exp(s))
    case .truncated(let base, let lo, _): return describe(base) + (lo == 0 ? " ≥ 0" : " truncated")
    case .triangular(let a, let c, let b): return String(format: "triangular(%.4g, %.4g, %.4g)", a, c, b)
    case .uniform(let a, let b): return String(format: "uniform(%.4g, %.4g)", a, b)
    default: return d.kindName
    }
}

enum InventoryUncertaintyLoader {
    static func load(file: String, database: DatabaseOptions, gwp: String) throws -> (InventoryUncertaintyModel, InventoryResult, String) {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw InventoryError(.emptyInput, "cannot read the file", suggestion: "check the path", file: file)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InventoryError(.emptyInput, "the file is not UTF-8 text", suggestion: "save it as UTF-8 CSV", file: file)
        }
        let name = (file as NSString).lastPathComponent
        let activities = try ActivityFile.parseCSV(text, fileName: name)
        let db = try database.open()
        let set = try db.gwpLibrary().set(named: gwp)
        let engine = InventoryEngine(factors: try db.inventoryFactors(), gwp: set)
        let result = try engine.computeSeries(activities, fileName: name).latest
        let latest = activities.filter { $0.year == result.year }
        let model = try InventoryUncertaintyModel(result: result, activities: latest, factors: engine.factors)
        return (model, result, result.gwp)
    }

    /// A time series (a file with several years): the whole-series model. Nil for a single year.
    static func loadSeries(file: String, database: DatabaseOptions, gwp: String, options: InventorySeriesOptions) throws -> (InventorySeriesUncertainty, InventorySeriesResult, [Activity])? {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else { return nil }
        let name = (file as NSString).lastPathComponent
        let activities = try ActivityFile.parseCSV(text, fileName: name)
        guard Set(activities.compactMap(\.year)).count > 1 else { return nil }
        let db = try database.open()
        let engine = InventoryEngine(factors: try db.inventoryFactors(), gwp: try db.gwpLibrary().set(named: gwp))
        let series = try engine.computeSeries(activities, fileName: name, options: options)
        guard series.years.count > 1 else { return nil }
        return (try InventorySeriesUncertainty(series: series, activities: activities, factors: engine.factors), series, activities)
    }
}

extension InventoryCommand {
    /// Monte Carlo over the whole time series: every year's total and the trend, shared factors drawn once.
    func runSeriesMonteCarlo(_ model: InventorySeriesUncertainty, _ series: InventorySeriesResult) async throws {
        let catcher = InterruptCatcher()
        defer { catcher.stop() }
        let bar = ProgressBar(label: "Monte Carlo", unit: "t CO2e")
        let start = Date()
        let mc = try await model.monteCarlo(iterations: iterations, seed: seed, workers: ProcessInfo.processInfo.activeProcessorCount,
                                            cancellation: catcher.flag, progress: bar.callback)
        bar.finish()
        let seconds = Date().timeIntervalSince(start)
        if let report {
            let rmc = ReportMonteCarlo(iterations: iterations, seed: seed, years: zip(series.years, mc.totals).map { (Optional($0), $1.mean, $1.p2_5, $1.p97_5) },
                                       trend: mc.trend.map { ($0.mean, $0.p2_5, $0.p97_5) })
            guard report == "crt", let out else { throw ValidationError("--report crt needs --out DIR") }
            let dir = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for f in InventoryReport.files(series, title: "National greenhouse gas inventory — \((file as NSString).lastPathComponent)", monteCarlo: rmc) {
                try Data(f.contents.utf8).write(to: dir.appendingPathComponent(f.name))
            }
        }
        if json {
            struct Out: Encodable {
                let method = "montecarlo"
                let unit = "t CO2e"
                let gwp: String
                let iterations: Int
                let seed: UInt64
                let years: [Int]
                let totals: [UncertaintySummary]
                let trend_pct: UncertaintySummary?
                let deterministic_totals_co2e_t: [Double]
                let approach1_trend_uncertainty_pct_points: Double?
                let inputs: Int
                let terms: Int
                let unquantified: [String]
                let seconds: Double
            }
            print(try Format.json(Out(gwp: series.latest.gwp, iterations: iterations, seed: seed, years: series.years, totals: mc.totals, trend_pct: mc.trend,
                                      deterministic_totals_co2e_t: mc.deterministicTotals, approach1_trend_uncertainty_pct_points: series.trend?.uncertaintyPercentPoints,
                                      inputs: mc.inputCount, terms: mc.termCount, unquantified: model.unquantified, seconds: seconds)))
        } else {
            print("Monte Carlo (IPCC Approach 2) over the time series — \(file) — t CO2e with \(series.latest.gwp)\n")
            var t = TextTable(summaryHeader, alignRight: summaryAlign)
            for (i, y) in series.years.enumerated() { t.add(summaryRow(String(y), mc.totals[i], deterministic: mc.deterministicTotals[i])) }
            print(t.render())
            if let tr = mc.trend {
                print(String(format: "\nTrend %d → %d: mean %+.3f %%, 95 %% interval %+.3f %% to %+.3f %%", series.baseYear ?? 0, series.years.last ?? 0, tr.mean, tr.p2_5, tr.p97_5)
                      + (series.trend?.uncertaintyPercentPoints.map { String(format: " (Approach 1: ± %.3f percentage points)", $0) } ?? ""))
            }
            print(String(format: "\n%d inputs (shared factors drawn once per iteration), %d terms, %d iterations in %.2f s", mc.inputCount, mc.termCount, iterations, seconds))
        }
        if mc.totals.last?.cancelled == true { throw ExitCode(130) }
    }
}

// MARK: - Sensitivity

struct SensitivityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Which uncertain inputs drive the result (Spearman rank correlation or Sobol' indices).",
        subcommands: [Inventory.self]
    )

    struct Inventory: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sensitivity of an inventory total to activity data and factors.",
            discussion: """
                spearman: a Monte Carlo sample of --samples iterations, Spearman's ρ of each input with the total and the \
                contribution to variance ρ²/Σρ². sobol: first-order and total Sobol' indices (Saltelli 2010 / Jansen) with \
                95 % bootstrap intervals from N = --samples base samples (N·(k + 2) runs). JSON (--json): method, samples, \
                seed, model_runs, output (summary), variance, indices [{input, name, spearman, contribution_to_variance, \
                first, first_ci, total, total_ci}].
                """)
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Activity data file (CSV).") var file: String
        @Option(help: "spearman or sobol.") var method: String = "spearman"
        @Option(help: "Monte Carlo iterations (spearman) or base samples N (sobol).") var samples: Int = 4096
        @Option(help: "Random seed.") var seed: UInt64 = 1
        @Option(help: "GWP set for CO2e.") var gwp: String = "AR5"
        @Option(help: ArgumentHelp("Worker threads (default: the number of cores).", valueName: "n")) var workers: Int?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runAsync {
                let m = try SensitivityMethod(parsing: method)
                let (model, _, gwpName) = try InventoryUncertaintyLoader.load(file: file, database: database, gwp: gwp)
                let catcher = InterruptCatcher()
                defer { catcher.stop() }
                let bar = ProgressBar(label: "Sensitivity", unit: "t CO2e")
                let report = try await model.sensitivity(
                    method: m, samples: samples, seed: seed, workers: workers ?? ProcessInfo.processInfo.activeProcessorCount,
                    cancellation: catcher.flag, progress: bar.callback)
                bar.finish()
                if json { print(try Format.json(report)); return }
                print("Sensitivity (\(m.rawValue)) of the total — \(file) — t CO2e with \(gwpName)\n")
                var t: TextTable
                if m == .spearman {
                    t = TextTable(["Input", "Spearman ρ", "Contribution to variance"], alignRight: [false, true, true])
                    for x in report.ranked {
                        t.add([x.name, String(format: "%+.4f", x.spearman ?? .nan), String(format: "%.1f %%", (x.contributionToVariance ?? 0) * 100)])
                    }
                } else {
                    t = TextTable(["Input", "First order S", "95 % CI", "Total S_T", "95 % CI"], alignRight: [false, true, true, true, true])
                    func ci(_ c: ConfidenceInterval?) -> String { c.map { String(format: "[%.3f, %.3f]", $0.lower, $0.upper) } ?? "" }
                    for x in report.ranked {
                        t.add([x.name, String(format: "%.4f", x.first ?? .nan), ci(x.firstCI), String(format: "%.4f", x.total ?? .nan), ci(x.totalCI)])
                    }
                }
                print(t.render())
                print("\n\(report.modelRuns) model runs, seed \(seed); total: mean \(Format.number(report.output.mean)) t CO2e, 95 % range \(Format.number(report.output.p2_5)) – \(Format.number(report.output.p97_5))")
            }
        }
    }
}

// MARK: - LCA

extension LCACommand {
    struct MonteCarloRun: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "montecarlo",
            abstract: "Monte Carlo of a process's carbon footprint with the exchange uncertainty of the LCI data.",
            discussion: """
                Exchange distributions come from the imported data (lognormal, normal, triangular, uniform; pedigree \
                scores widen lognormals). Exchanges without usable uncertainty stay fixed unless --default-gsd is given: then \
                every such technosphere and biosphere exchange gets a lognormal with that GSD around its amount (US LCI has \
                almost no uncertainty data, so its results are mostly this assumption — the output says so). The \
                technosphere is analysed once per worker (KLU) and each iteration only refactorises it numerically. \
                JSON (--json): iterations, seed, mean, median, sd, p2_5, p97_5, u_low_pct, u_high_pct, se_mean, converged, \
                cancelled, process_id, process_name, amount, unit, method, deterministic, default_gsd, coverage, factorization, \
                execution (with --executor: executor, tasks, resubmissions, slurm_job_ids). With --executor the job is cut \
                into tasks of whole blocks of 100 iterations; the result for a seed is the same on any executor and any \
                number of tasks.
                """)
        @OptionGroup var options: LCIOptions
        @Option(help: "Process id, id prefix or unique name.") var process: String
        @Option(help: "Amount of the reference product.") var amount: Double = 1
        @Option(help: "Impact method (e.g. ipcc-ar6-gwp100).") var method: String = "ipcc-ar6-gwp100"
        @Option(help: ArgumentHelp("Lognormal GSD for exchanges without uncertainty data, e.g. 1.1.", valueName: "gsd")) var defaultGSD: Double?
        @OptionGroup var mc: MonteCarloOptions
        @OptionGroup(title: "Executor") var exec: ExecutorOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runAsync {
                let db = try options.prepare()
                let params = LCAMonteCarloWork.Params(
                    lci: options.lci, process: process, amount: amount, method: method, allocation: options.allocation, defaultGSD: defaultGSD,
                    run: MonteCarloRunParams(iterations: mc.iterations, seed: mc.seed, blockSize: 100, tolerance: mc.tolerance))
                let work = try LCAMonteCarloWork.setup(params, database: db)
                let (model, j, m, setup) = (work.model, work.column, work.method, work.monteCarlo)
                let cov = setup.coverage
                let catcher = InterruptCatcher()
                defer { catcher.stop() }
                let bar = ProgressBar(label: "Monte Carlo", unit: "kg CO2e", quiet: mc.quiet)
                let start = Date()
                let r: SparseLCAMonteCarloResult
                var execution: ExecutionReport?
                if let executor = try exec.resolve(databasePath: db.path, threads: mc.workers) {
                    let paramsText = String(decoding: try JSONEncoder().encode(params), as: UTF8.self)
                    var gathered: SparseLCAMonteCarloResult?
                    _ = try await recordJob(db, kind: LCAMonteCarloWork.kind, params: paramsText) {
                        let (partials, report) = try await Computing.run(
                            LCAMonteCarloWork.self, params: params, executor: executor, tasks: exec.tasks, databasePath: db.path,
                            cancellation: catcher.flag, progress: executionProgress(bar))
                        let g = try LCAMonteCarloWork.gather(params, setup: work, partials: partials)
                        gathered = g
                        execution = report
                        return try monteCarloRecord(g.run.summaries[0], deterministic: g.deterministic[0], execution: report)
                    }
                    r = gathered!
                } else {
                    r = try await setup.run(
                        iterations: mc.iterations, seed: mc.seed, workers: mc.workerCount, tolerance: mc.tolerance,
                        cancellation: catcher.flag, progress: bar.callback)
                }
                bar.finish()
                let seconds = Date().timeIntervalSince(start)
                let col = model.columns[j]
                let s = r.run.summaries[0]
                let assumption = defaultGSD.map { "\(cov.defaultGSD) of \(cov.exchanges) exchanges have no uncertainty data and use the assumed default GSD \($0)" }
                if json {
                    struct Extra: Encodable {
                        let process_id: String, process_name: String, amount: Double, unit: String, method: String
                        let deterministic: Double, default_gsd: Double?, assumption: String?
                        let coverage: LCAUncertaintyCoverage, factorization: FactorizationCounters
                        let workers: Int, seconds: Double, datasets: [Provenance], execution: ExecutionReport?
                    }
                    print(try Format.json(SummaryJSON(summary: s, extra: Extra(
                        process_id: col.processID, process_name: col.processName, amount: amount, unit: col.unit, method: m.id,
                        deterministic: r.deterministic[0], default_gsd: defaultGSD, assumption: assumption, coverage: cov,
                        factorization: r.counters, workers: mc.workerCount, seconds: seconds, datasets: work.provenance, execution: execution))))
                } else {
                    print("Monte Carlo — \(col.processName) — \(Format.number(amount, decimals: 3)) \(col.unit) — \(m.id), kg CO2e\n")
                    var t = TextTable(summaryHeader, alignRight: summaryAlign)
                    t.add(summaryRow("Total", s, deterministic: r.deterministic[0], decimals: 5))
                    print(t.render())
                    let kinds = cov.fromData.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    print("\nExchanges in the matrices: \(cov.exchanges); with data uncertainty \(cov.dataTotal)\(kinds.isEmpty ? "" : " (\(kinds))"); "
                          + (defaultGSD.map { "with the default GSD \($0): \(cov.defaultGSD); " } ?? "") + "fixed \(cov.fixed)"
                          + (cov.unusable > 0 ? "; \(cov.unusable) stored distributions were unusable (GSD ≤ 1, mode outside the range...)" : ""))
                    if let a = assumption { print("ASSUMPTION: \(a): the spread above mostly reflects that choice, not measured data.") }
                    if s.sd == 0 { print("No uncertain exchange reaches this functional unit: the result is fixed. Give --default-gsd (e.g. 1.1) to assume an uncertainty for exchanges without data.") }
                    print("Sampled per iteration: \(r.technosphereParameters) technosphere and \(r.biosphereParameters) characterised biosphere entries")
                    print("KLU: \(r.counters.symbolicAnalyses) symbolic analyses, \(r.counters.numericFactorizations) numeric factorisations (\(r.counters.repivots) repivots) for \(s.iterations) iterations")
                    print(runFooter(s, workers: mc.workerCount, seconds: seconds))
                }
                if s.cancelled { throw ExitCode(130) }
            }
        }
    }

    /// The LCA benchmark's Monte Carlo on Matrix Market files (A.mtx, B.mtx, c.csv).
    struct BenchMtx: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-mtx",
            abstract: "Benchmark: deterministic LCA and Monte Carlo on A.mtx, B.mtx, c.csv (gen_matrix.py format).",
            shouldDisplay: false)
        @Argument(help: "Folder with A.mtx, B.mtx, c.csv (and metadata.json).") var dir: String
        @Option(help: "Lognormal GSD of every off-diagonal A entry and every B entry (Brightway bench: exp(0.2)).") var gsd: Double = exp(0.2)
        @Option(help: "Functional unit: activity index.") var fu: Int = 0
        @Option(help: "Second functional unit (default n/4).") var fu2: Int?
        @OptionGroup var mc: MonteCarloOptions
        @Option(help: "Iterations per block.") var blockSize: Int = 50
        @OptionGroup(title: "Executor") var exec: ExecutorOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runAsync {
                let url = URL(fileURLWithPath: dir)
                let w0 = Date(), c0 = processCPUSeconds()
                let mats = try MatrixMonteCarloWork.load(dir: url.standardizedFileURL.path)
                let (A, B, c) = (mats.A, mats.B, mats.c)
                let load = (wall: Date().timeIntervalSince(w0), cpu: processCPUSeconds() - c0)
                let n = A.rows
                let second = fu2 ?? n / 4
                guard fu >= 0, fu < n, second >= 0, second < n else { throw ValidationError("functional units must be in 0..<\(n)") }
                // deterministic: first result (analyse + factorise + solve + score), then a second functional unit
                func score(_ s: [Double]) throws -> Double { zip(c, try B.multiply(s)).reduce(0) { $0 + $1.0 * $1.1 } }
                var f = [Double](repeating: 0, count: n)
                f[fu] = 1
                let (first, fw, fc) = try measure { () throws -> (KLUFactorization, Double) in
                    let klu = try KLUFactorization(A)
                    return (klu, try score(try klu.solve(f)))
                }
                var f2 = [Double](repeating: 0, count: n)
                f2[second] = 1
                let (score2, sw, sc) = try measure { try score(try first.0.solve(f2)) }
                // Monte Carlo: lognormal on every off-diagonal A entry and every B entry, median = the amount
                let (entries, ew, ec) = try measure { try MatrixMonteCarloWork.entries(mats, gsd: gsd) }
                let engine = try SparseLCAMonteCarlo(
                    technosphere: A, biosphere: B, characterization: [c], demand: f,
                    technosphereUncertainty: entries.0, biosphereUncertainty: entries.1)
                let catcher = InterruptCatcher()
                defer { catcher.stop() }
                let bar = ProgressBar(label: "Monte Carlo", unit: "", quiet: mc.quiet)
                let mw = Date(), mcpu = processCPUSeconds()
                let r: SparseLCAMonteCarloResult
                var execution: ExecutionReport?
                if let executor = try exec.resolve(databasePath: YuhengDatabase.defaultPath(), threads: mc.workers) {
                    let params = MatrixMonteCarloWork.Params(
                        dir: url.standardizedFileURL.path, gsd: gsd, fu: fu,
                        run: MonteCarloRunParams(iterations: mc.iterations, seed: mc.seed, blockSize: blockSize, tolerance: mc.tolerance))
                    let (partials, report) = try await Computing.run(
                        MatrixMonteCarloWork.self, params: params, executor: executor, tasks: exec.tasks,
                        cancellation: catcher.flag, progress: executionProgress(bar))
                    r = try MatrixMonteCarloWork.gather(params, setup: engine, partials: partials)
                    execution = report
                } else {
                    r = try await engine.run(
                        iterations: mc.iterations, seed: mc.seed, blockSize: blockSize, workers: mc.workerCount, tolerance: mc.tolerance,
                        cancellation: catcher.flag, progress: bar.callback)
                }
                bar.finish()
                let mcWall = Date().timeIntervalSince(mw), mcCPU = processCPUSeconds() - mcpu
                let s = r.run.summaries[0]
                var reference: [String: Double] = [:]
                if let meta = FileManager.default.contents(atPath: url.appendingPathComponent("metadata.json").path),
                   let obj = try? JSONSerialization.jsonObject(with: meta) as? [String: Any] {
                    for k in ["reference_score_fu1", "reference_score_fu2"] { if let v = obj[k] as? Double { reference[k] = v } }
                }
                struct Extra: Encodable {
                    let engine = "yuheng"
                    let solver = "KLU (SuiteSparse): one symbolic analysis per worker, klu_refactor per iteration"
                    let n_act: Int, A_nnz: Int, B_nnz: Int, B_rows: Int
                    let load_wall_cpu_s: [Double], first_result_wall_cpu_s: [Double], second_fu_wall_cpu_s: [Double]
                    let uncertainty_setup_wall_cpu_s: [Double]
                    let score_fu1: Double, score_fu2: Double, reference: [String: Double]
                    let gsd: Double, workers: Int, block_size: Int
                    let uncertain_technosphere: Int, uncertain_biosphere_sampled: Int, uncertain_biosphere_total: Int
                    let mc_iterations: Int, mc_wall_s: Double, mc_cpu_s: Double, mc_it_per_s: Double, mc_it_per_cpu_s: Double
                    let factorization: FactorizationCounters
                    let mc_deterministic: Double
                    /// Q(0.001), Q(0.002), ..., Q(0.999) of the Monte Carlo sample (for comparisons with small samples).
                    let quantile_grid: [Double]
                    let execution: ExecutionReport?
                }
                let sorted = r.run.outputs.values.sorted()
                let extra = Extra(
                    n_act: n, A_nnz: A.nonZeroCount, B_nnz: B.nonZeroCount, B_rows: B.rows, load_wall_cpu_s: [load.wall, load.cpu],
                    first_result_wall_cpu_s: [fw, fc], second_fu_wall_cpu_s: [sw, sc], uncertainty_setup_wall_cpu_s: [ew, ec],
                    score_fu1: first.1, score_fu2: score2, reference: reference, gsd: gsd, workers: mc.workerCount, block_size: blockSize,
                    uncertain_technosphere: r.technosphereParameters, uncertain_biosphere_sampled: r.biosphereParameters,
                    uncertain_biosphere_total: entries.1.count, mc_iterations: s.iterations, mc_wall_s: mcWall, mc_cpu_s: mcCPU,
                    mc_it_per_s: Double(s.iterations) / mcWall, mc_it_per_cpu_s: Double(s.iterations) / mcCPU,
                    factorization: r.counters, mc_deterministic: r.deterministic[0],
                    quantile_grid: (1...999).map { Statistics.percentile(sorted: sorted, Double($0) / 1000) }, execution: execution)
                if json {
                    print(try Format.json(SummaryJSON(summary: s, extra: extra)))
                } else {
                    print("n = \(n), A nnz \(A.nonZeroCount), B \(B.rows) × \(B.columns) nnz \(B.nonZeroCount); load \(String(format: "%.2f", load.wall)) s")
                    print(String(format: "first result %.4f s wall / %.4f s CPU, score %.12g; second FU %.5f s, score %.12g", fw, fc, first.1, sw, score2))
                    var t = TextTable(summaryHeader, alignRight: summaryAlign)
                    t.add(summaryRow("score", s, deterministic: r.deterministic[0], decimals: 4))
                    print(t.render())
                    print(String(format: "%d iterations: %.2f s wall, %.2f s CPU, %.2f it/s, %.2f it/CPU-s", s.iterations, mcWall, mcCPU,
                                 Double(s.iterations) / mcWall, Double(s.iterations) / mcCPU))
                }
                if s.cancelled { throw ExitCode(130) }
            }
        }
    }
}

// MARK: - MRIO

extension MRIOCommand {
    struct MonteCarloRun: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "montecarlo",
            abstract: "Monte Carlo of consumption-based totals per region with uncertain stressor intensities.",
            discussion: """
                Every non-zero direct intensity S_i of the stressor is multiplied by an independent lognormal with median 1 \
                and the given GSD; final-demand emissions F_Y stay fixed. (I − A) is factorised once and X = L·Y once; each \
                iteration is D_cba = S·X + F_Y (M = S·L is linear in S). Default: the bundled WIOD 2011 CO2 table. JSON (--json): \
                iterations, seed, mean, median, sd, p2_5, p97_5, ... of the world total, plus system, extension, stressor, \
                unit, gsd, regions {region: summary with deterministic}.
                """)
        @OptionGroup var source: MRIOInputOptions
        @Option(help: "Extension (satellite account), default: the first.") var `extension`: String?
        @Option(help: "Stressor, default: the first of the extension.") var stressor: String?
        @Option(help: "Geometric standard deviation of the intensities.") var gsd: Double = 1.2
        @Option(help: "Regions to show in the table (largest first; JSON has all).") var top: Int = 15
        @OptionGroup var mc: MonteCarloOptions
        @OptionGroup(title: "Executor") var exec: ExecutorOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runAsync {
                guard let fmt = MRIOFormat(rawValue: source.format) else {
                    throw ValidationError("unknown format '\(source.format)'; use auto, pymrio, csv or exiobase3")
                }
                let params = MRIOMonteCarloWork.Params(
                    mrio: source.mrio.map { FileManager.default.fileExists(atPath: $0) ? URL(fileURLWithPath: $0).standardizedFileURL.path : $0 }, format: fmt, extension: self.extension,
                    stressor: stressor, gsd: gsd, strict: source.strict,
                    run: MonteCarloRunParams(iterations: mc.iterations, seed: mc.seed, blockSize: 1000, tolerance: mc.tolerance))
                let setup = try MRIOMonteCarloWork.setup(params)
                let catcher = InterruptCatcher()
                defer { catcher.stop() }
                let bar = ProgressBar(label: "Monte Carlo", unit: setup.unit, quiet: mc.quiet)
                let start = Date()
                let r: MRIOMonteCarloResult
                var execution: ExecutionReport?
                // the MRIO tasks read no database: its path only places the default shared folder beside it
                if let executor = try exec.resolve(databasePath: source.database.db ?? YuhengDatabase.defaultPath(), threads: mc.workers) {
                    let (partials, report) = try await Computing.run(
                        MRIOMonteCarloWork.self, params: params, executor: executor, tasks: exec.tasks,
                        cancellation: catcher.flag, progress: executionProgress(bar))
                    r = try MRIOMonteCarloWork.gather(params, setup: setup, partials: partials)
                    execution = report
                } else {
                    r = try await setup.run(
                        iterations: mc.iterations, seed: mc.seed, workers: mc.workerCount, tolerance: mc.tolerance,
                        cancellation: catcher.flag, progress: bar.callback)
                }
                bar.finish()
                let seconds = Date().timeIntervalSince(start)
                let world = r.summaries[0]
                if json {
                    struct Region: Encodable {
                        let summary: UncertaintySummary
                        let deterministic: Double
                        func encode(to encoder: any Encoder) throws {
                            try summary.encode(to: encoder)
                            var c = encoder.container(keyedBy: K.self)
                            try c.encode(deterministic, forKey: .deterministic)
                        }
                        enum K: String, CodingKey { case deterministic }
                    }
                    struct Extra: Encodable {
                        let system: String, `extension`: String, stressor: String, unit: String, gsd: Double
                        let deterministic: Double, uncertain_sectors: Int, regions: [String: Region], workers: Int, seconds: Double
                        let execution: ExecutionReport?
                    }
                    var regions: [String: Region] = [:]
                    for (i, name) in r.regions.enumerated() { regions[name] = Region(summary: r.summaries[i + 1], deterministic: r.deterministic[i + 1]) }
                    print(try Format.json(SummaryJSON(summary: world, extra: Extra(
                        system: setup.system, extension: setup.extensionName, stressor: setup.stressor, unit: setup.unit, gsd: gsd,
                        deterministic: r.deterministic[0], uncertain_sectors: setup.uncertainSectors, regions: regions,
                        workers: mc.workerCount, seconds: seconds, execution: execution))))
                } else {
                    print("Monte Carlo — consumption-based \(setup.stressor) (\(setup.unit)) — \(setup.system), intensities lognormal GSD \(gsd)\n")
                    var t = TextTable(summaryHeader, alignRight: summaryAlign)
                    let order = r.regions.indices.sorted { r.deterministic[$0 + 1] > r.deterministic[$1 + 1] }
                    for i in order.prefix(top) { t.add(summaryRow(r.regions[i], r.summaries[i + 1], deterministic: r.deterministic[i + 1], decimals: 1)) }
                    t.add(summaryRow("World", world, deterministic: r.deterministic[0], decimals: 1))
                    print(t.render())
                    print("\n\(setup.uncertainSectors) uncertain intensities; one LU of (I − A) reused for every iteration")
                    print(runFooter(world, workers: mc.workerCount, seconds: seconds))
                    if let e = execution { print(executionFooter(e)) }
                }
                if world.cancelled { throw ExitCode(130) }
            }
        }
    }
}
