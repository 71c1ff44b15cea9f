import Foundation
import YuhengAnalysis
import YuhengCharts
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengLCA
import YuhengUncertainty

/// The job kinds that run on the computing layer's executor (the local pool, or Slurm with
/// `yuheng serve --executor slurm`): cut into tasks, each with its own random streams, so the
/// result for a seed is the same on any executor.
enum DistributedJobKinds {
    /// Names of LCI databases a job may use: the bundled US LCI or an installed one.
    static func checkLCI(_ id: String, _ f: JSONFields, _ key: String, state: ServerState) throws {
        let installed = id == BundledLCI.id ? true : (try state.db.dataset(id)) != nil
        guard installed else {
            throw f.fail(key, "'\(id.prefix(64))' is not an LCI database here (the bundled one is '\(BundledLCI.id)')")
        }
    }

    static func checkAllocation(_ a: String, _ f: JSONFields) throws {
        guard AllocationPolicy(rawValue: a) != nil else {
            throw f.fail("allocation", "must be one of \(AllocationPolicy.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(a.prefix(40))')")
        }
    }

    static func checkMethod(_ m: String, _ f: JSONFields, state: ServerState) throws {
        do { _ = try ClimateMethod.named(m, library: try state.db.gwpLibrary()) } catch let e as LCAError { throw f.fail("method", "is not a known impact method: \(e.message)") }
    }

    /// `lca-montecarlo`: {process, iterations?, seed?, default_gsd?, amount?, method?, lci?, allocation?, tolerance?, tasks?, bins?}.
    struct LCAMonteCarloParams: Sendable {
        let process: String
        let iterations: Int, seed: UInt64, defaultGSD: Double?, amount: Double, method: String, lci: String, allocation: String
        let tolerance: Double?, tasks: Int?, bins: Int
        static func parse(_ f: JSONFields, state: ServerState) throws -> LCAMonteCarloParams {
            try f.onlyKnown(["process", "iterations", "seed", "default_gsd", "amount", "method", "lci", "allocation", "tolerance", "tasks", "bins"])
            let p = LCAMonteCarloParams(
                process: try f.requiredString("process", maxLength: 1_000), iterations: try f.int("iterations", in: 1...10_000_000) ?? 1_000,
                seed: try f.uint64("seed") ?? 1, defaultGSD: try f.double("default_gsd", in: 1...20), amount: try f.double("amount", in: amountRange) ?? 1,
                method: try f.string("method", maxLength: 100) ?? "ipcc-ar6-gwp100", lci: try f.string("lci", maxLength: 128) ?? BundledLCI.id,
                allocation: try f.string("allocation", maxLength: 40) ?? "default", tolerance: try f.double("tolerance", in: 1e-9...1),
                tasks: try f.int("tasks", in: 1...10_000), bins: try f.int("bins", in: 5...200) ?? 40)
            try checkAllocation(p.allocation, f)
            try checkLCI(p.lci, f, "lci", state: state)
            try checkMethod(p.method, f, state: state)
            return p
        }
    }

    /// `mrio-montecarlo` on the bundled table: {gsd?, iterations?, seed?, extension?, stressor?, tolerance?, tasks?}.
    struct MRIOMonteCarloParams: Sendable {
        let gsd: Double, iterations: Int, seed: UInt64, `extension`: String?, stressor: String?, tolerance: Double?, tasks: Int?
        static func parse(_ f: JSONFields) throws -> MRIOMonteCarloParams {
            try f.onlyKnown(["gsd", "iterations", "seed", "extension", "stressor", "tolerance", "tasks"])
            return MRIOMonteCarloParams(
                gsd: try f.double("gsd", in: 1...20) ?? 1.2, iterations: try f.int("iterations", in: 1...10_000_000) ?? 1_000, seed: try f.uint64("seed") ?? 1,
                extension: try f.string("extension", maxLength: 100), stressor: try f.string("stressor", maxLength: 100),
                tolerance: try f.double("tolerance", in: 1e-9...1), tasks: try f.int("tasks", in: 1...10_000))
        }
    }

    /// `mrio-series`: {years?: [{label, table}], extension?, stressor?, tasks?}; tables are bundled or stored ids.
    struct SeriesParams: Sendable {
        let years: [MRIOSeriesWork.Year], `extension`: String?, stressor: String?, tasks: Int?
        static func parse(_ f: JSONFields, state: ServerState) throws -> SeriesParams {
            try f.onlyKnown(["years", "extension", "stressor", "tasks"])
            var years = MRIOSeriesWork.bundled
            if let list = try f.array("years", maxCount: 200) {
                guard !list.isEmpty else { throw f.fail("years", "must list at least one {label, table}") }
                let stored = Set(try state.db.mrioTables().map(\.id))
                years = try list.enumerated().map { (i, v) in
                    let y = try f.object(at: i, of: "years", v)
                    try y.onlyKnown(["label", "table"])
                    let label = try y.requiredString("label", maxLength: 64), table = try y.requiredString("table", maxLength: 128)
                    guard BundledMRIO.ids.contains(table) || stored.contains(table) else {
                        throw APIError(.badRequest, code: "job.invalidParams",
                                       "year \(label): '\(table)' is not a bundled or stored MRIO table (bundled: \(BundledMRIO.ids.joined(separator: ", ")))", field: "\(y.prefix).table")
                    }
                    return MRIOSeriesWork.Year(label: label, table: table)
                }
            }
            return SeriesParams(years: years, extension: try f.string("extension", maxLength: 100), stressor: try f.string("stressor", maxLength: 100),
                                tasks: try f.int("tasks", in: 1...10_000))
        }
    }

    /// `lca-batch`: {items: [{process, amount?}], method?, lci?, allocation?, tasks?}.
    struct BatchParams: Sendable {
        let items: [LCABatchWork.Item], method: String, lci: String, allocation: String, tasks: Int?
        static func parse(_ f: JSONFields, state: ServerState) throws -> BatchParams {
            try f.onlyKnown(["items", "method", "lci", "allocation", "tasks"])
            guard let list = try f.array("items", maxCount: 10_000), !list.isEmpty else {
                throw APIError(.badRequest, code: "job.invalidParams", "give between 1 and 10,000 items", field: "params.items")
            }
            let items = try list.enumerated().map { (i, v) -> LCABatchWork.Item in
                let item = try f.object(at: i, of: "items", v)
                try item.onlyKnown(["process", "amount"])
                return LCABatchWork.Item(process: try item.requiredString("process", maxLength: 1_000), amount: try item.double("amount", in: amountRange) ?? 1)
            }
            let p = BatchParams(items: items, method: try f.string("method", maxLength: 100) ?? "ipcc-ar6-gwp100", lci: try f.string("lci", maxLength: 128) ?? BundledLCI.id,
                                allocation: try f.string("allocation", maxLength: 40) ?? "default", tasks: try f.int("tasks", in: 1...10_000))
            try checkAllocation(p.allocation, f)
            try checkLCI(p.lci, f, "lci", state: state)
            try checkMethod(p.method, f, state: state)
            return p
        }
    }

    static func kinds(state: ServerState) -> [String: JobKind] {
        [
            // LCA Monte Carlo: params {process, iterations?, seed?, default_gsd?, amount?, method?, lci?, allocation?, tolerance?, tasks?, bins?}
            "lca-montecarlo": .typed({ try LCAMonteCarloParams.parse($0, state: state) }) { p, progress in
                let lci = p.lci
                try progress.report(0.02, "building the technosphere and its uncertainty")
                let wp = LCAMonteCarloWork.Params(
                    lci: lci, process: p.process, amount: p.amount, method: p.method, allocation: p.allocation,
                    defaultGSD: p.defaultGSD, run: MonteCarloRunParams(iterations: p.iterations, seed: p.seed, blockSize: 100, tolerance: p.tolerance))
                let setup = try await OwnThread.run {
                    if lci == BundledLCI.id { _ = try BundledLCI.install(in: state.db) }
                    return try LCAMonteCarloWork.setup(wp, database: state.db)
                }
                let (partials, report) = try await distributed(LCAMonteCarloWork.self, wp, state: state, tasks: p.tasks, progress: progress)
                let r = try await OwnThread.run { try LCAMonteCarloWork.gather(wp, setup: setup, partials: partials) }
                let s = r.run.summaries[0]
                let col = setup.model.columns[setup.column]
                let cov = setup.monteCarlo.coverage
                struct Out: Encodable {
                    let summary: UncertaintySummary
                    let deterministic: Double, process_id: String, process_name: String, amount: Double, unit: String, method: String
                    let default_gsd: Double?, assumption: String?, coverage: LCAUncertaintyCoverage, histogram: Histogram
                    let execution: ExecutionReport, datasets: [Provenance]
                    enum K: String, CodingKey {
                        case deterministic, process_id, process_name, amount, unit, method, default_gsd, assumption, coverage, histogram, execution, datasets
                    }
                    func encode(to encoder: any Encoder) throws {
                        try summary.encode(to: encoder)
                        var c = encoder.container(keyedBy: K.self)
                        try c.encode(deterministic, forKey: .deterministic)
                        try c.encode(process_id, forKey: .process_id)
                        try c.encode(process_name, forKey: .process_name)
                        try c.encode(amount, forKey: .amount)
                        try c.encode(unit, forKey: .unit)
                        try c.encode(method, forKey: .method)
                        try c.encode(default_gsd, forKey: .default_gsd)
                        try c.encode(assumption, forKey: .assumption)
                        try c.encode(coverage, forKey: .coverage)
                        try c.encode(histogram, forKey: .histogram)
                        try c.encode(execution, forKey: .execution)
                        try c.encode(datasets, forKey: .datasets)
                    }
                }
                let assumption = p.defaultGSD.map { "\(cov.defaultGSD) of \(cov.exchanges) exchanges have no uncertainty data and use the assumed default GSD \($0)" }
                let out = Out(summary: s, deterministic: r.deterministic[0], process_id: col.processID, process_name: col.processName, amount: wp.amount,
                              unit: col.unit, method: setup.method.id, default_gsd: p.defaultGSD, assumption: assumption, coverage: cov,
                              histogram: Histogram(samples: r.run.outputs.column(0), bins: p.bins),
                              execution: report, datasets: setup.provenance)
                return String(decoding: try JSONResponse.encode(out), as: UTF8.self)
            },
            // MRIO Monte Carlo on the bundled table: params {gsd?, iterations?, seed?, extension?, stressor?, tolerance?, tasks?}
            "mrio-montecarlo": .typed(MRIOMonteCarloParams.parse) { p, progress in
                let wp = MRIOMonteCarloWork.Params(
                    extension: p.extension, stressor: p.stressor, gsd: p.gsd,
                    run: MonteCarloRunParams(iterations: p.iterations, seed: p.seed, blockSize: 1000, tolerance: p.tolerance))
                try progress.report(0.02, "solving the input-output system")
                let setup = try await OwnThread.run { try MRIOMonteCarloWork.setup(wp) }
                let (partials, report) = try await distributed(MRIOMonteCarloWork.self, wp, state: state, tasks: p.tasks, progress: progress)
                let r = try await OwnThread.run { try MRIOMonteCarloWork.gather(wp, setup: setup, partials: partials) }
                struct Region: Encodable { let summary: UncertaintySummary; let deterministic: Double }
                struct Out: Encodable {
                    let system: String, `extension`: String, stressor: String, unit: String, gsd: Double
                    let world: Region, regions: [String: Region], execution: ExecutionReport
                }
                var regions: [String: Region] = [:]
                for (i, name) in r.regions.enumerated() { regions[name] = Region(summary: r.summaries[i + 1], deterministic: r.deterministic[i + 1]) }
                let out = Out(system: setup.system, extension: setup.extensionName, stressor: setup.stressor, unit: setup.unit, gsd: wp.gsd,
                              world: Region(summary: r.summaries[0], deterministic: r.deterministic[0]), regions: regions, execution: report)
                return String(decoding: try JSONResponse.encode(out), as: UTF8.self)
            },
            // Accounts over an MRIO time series, one task per year: params {years?: [{label, table}], extension?, stressor?, tasks?}.
            // Tables are bundled or stored ids (no file paths over HTTP); default: the bundled 2009 and 2011 tables.
            "mrio-series": .typed({ try SeriesParams.parse($0, state: state) }) { p, progress in
                let years = p.years
                let wp = MRIOSeriesWork.Params(years: years, extension: p.extension, stressor: p.stressor)
                do { try await OwnThread.run { try MRIOSeriesWork.validate(wp, database: state.db) } } catch let e as ComputingError {
                    throw APIError(.badRequest, code: "job.invalidParams", e.message, field: "years")
                }
                try progress.report(0.02, "solving \(years.count) input-output tables")
                let (partials, report) = try await distributed(MRIOSeriesWork.self, wp, state: state, tasks: p.tasks, progress: progress)
                let out = MRIOSeriesWork.Report(years: try MRIOSeriesWork.gather(wp, partials: partials), execution: report)
                return String(decoding: try JSONResponse.encode(out), as: UTF8.self)
            },
            // Footprints of many products: params {items: [{process, amount?}], method?, lci?, allocation?, tasks?}
            "lca-batch": .typed({ try BatchParams.parse($0, state: state) }) { p, progress in
                let lci = p.lci
                let wp = LCABatchWork.Params(lci: lci, method: p.method, allocation: p.allocation, items: p.items)
                try progress.report(0.02, "building the technosphere")
                let setup = try await OwnThread.run {
                    if lci == BundledLCI.id { _ = try BundledLCI.install(in: state.db) }
                    return try LCABatchWork.setup(wp, database: state.db)
                }
                let (partials, report) = try await distributed(LCABatchWork.self, wp, state: state, tasks: p.tasks, progress: progress)
                struct Out: Encodable { let method: String; let items: [LCABatchWork.ItemResult]; let execution: ExecutionReport; let datasets: [Provenance] }
                let out = Out(method: setup.method.id, items: try LCABatchWork.gather(wp, partials: partials), execution: report, datasets: setup.provenance)
                return String(decoding: try JSONResponse.encode(out), as: UTF8.self)
            },
        ]
    }

    /// Runs a work kind on the server's executor as this job: its id names the Slurm job and folder,
    /// progress goes to the job record, and cancelling the job cancels the tasks (scancel on Slurm).
    static func distributed<W: DistributedWork>(
        _ w: W.Type, _ params: W.Params, state: ServerState, tasks: Int?, progress: JobProgress
    ) async throws -> (partials: [W.Partial], report: ExecutionReport) {
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            do {
                return try await Computing.run(
                    w, params: params, executor: state.executor, jobID: progress.id, tasks: tasks, databasePath: state.db.path, cancellation: flag,
                    progress: { p in try? progress.report(0.05 + 0.9 * p.fraction, p.message) })
            } catch let e as ComputingError where e.code == .cancelled {
                throw CancellationError()
            } catch let e as UncertaintyError where e.code == .cancelled {
                throw CancellationError()
            }
        } onCancel: {
            flag.cancel()
        }
    }
}
