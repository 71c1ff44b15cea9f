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
    static func handlers(state: ServerState) -> [String: JobHandler] {
        [
            // LCA Monte Carlo: params {process, iterations?, seed?, default_gsd?, amount?, method?, lci?, allocation?, tolerance?, tasks?, bins?}
            "lca-montecarlo": { params, progress in
                struct P: Decodable {
                    let process: String
                    let iterations: Int?, seed: UInt64?, default_gsd: Double?, amount: Double?, method: String?, lci: String?
                    let allocation: String?, tolerance: Double?, tasks: Int?, bins: Int?
                }
                let p = try JSONDecoder().decode(P.self, from: params)
                let iterations = try checkIterations(p.iterations ?? 1_000)
                let lci = p.lci ?? BundledLCI.id
                if lci == BundledLCI.id { _ = try BundledLCI.install(in: state.db) }
                try progress.report(0.02, "building the technosphere and its uncertainty")
                let wp = LCAMonteCarloWork.Params(
                    lci: lci, process: p.process, amount: p.amount ?? 1, method: p.method ?? "ipcc-ar6-gwp100", allocation: p.allocation ?? "default",
                    defaultGSD: p.default_gsd, run: MonteCarloRunParams(iterations: iterations, seed: p.seed ?? 1, blockSize: 100, tolerance: p.tolerance))
                let setup = try LCAMonteCarloWork.setup(wp, database: state.db)
                let (partials, report) = try await distributed(LCAMonteCarloWork.self, wp, state: state, tasks: p.tasks, progress: progress)
                let r = try LCAMonteCarloWork.gather(wp, setup: setup, partials: partials)
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
                let assumption = p.default_gsd.map { "\(cov.defaultGSD) of \(cov.exchanges) exchanges have no uncertainty data and use the assumed default GSD \($0)" }
                let out = Out(summary: s, deterministic: r.deterministic[0], process_id: col.processID, process_name: col.processName, amount: wp.amount,
                              unit: col.unit, method: setup.method.id, default_gsd: p.default_gsd, assumption: assumption, coverage: cov,
                              histogram: Histogram(samples: r.run.outputs.column(0), bins: min(200, max(5, p.bins ?? 40))),
                              execution: report, datasets: setup.provenance)
                return String(decoding: try JSONResponse.encoder.encode(out), as: UTF8.self)
            },
            // MRIO Monte Carlo on the bundled table: params {gsd?, iterations?, seed?, extension?, stressor?, tolerance?, tasks?}
            "mrio-montecarlo": { params, progress in
                struct P: Decodable { let gsd: Double?, iterations: Int?, seed: UInt64?, `extension`: String?, stressor: String?, tolerance: Double?, tasks: Int? }
                let p = try JSONDecoder().decode(P.self, from: params)
                let wp = MRIOMonteCarloWork.Params(
                    extension: p.extension, stressor: p.stressor, gsd: p.gsd ?? 1.2,
                    run: MonteCarloRunParams(iterations: try checkIterations(p.iterations ?? 1_000), seed: p.seed ?? 1, blockSize: 1000, tolerance: p.tolerance))
                try progress.report(0.02, "solving the input-output system")
                let setup = try MRIOMonteCarloWork.setup(wp)
                let (partials, report) = try await distributed(MRIOMonteCarloWork.self, wp, state: state, tasks: p.tasks, progress: progress)
                let r = try MRIOMonteCarloWork.gather(wp, setup: setup, partials: partials)
                struct Region: Encodable { let summary: UncertaintySummary; let deterministic: Double }
                struct Out: Encodable {
                    let system: String, `extension`: String, stressor: String, unit: String, gsd: Double
                    let world: Region, regions: [String: Region], execution: ExecutionReport
                }
                var regions: [String: Region] = [:]
                for (i, name) in r.regions.enumerated() { regions[name] = Region(summary: r.summaries[i + 1], deterministic: r.deterministic[i + 1]) }
                let out = Out(system: setup.system, extension: setup.extensionName, stressor: setup.stressor, unit: setup.unit, gsd: wp.gsd,
                              world: Region(summary: r.summaries[0], deterministic: r.deterministic[0]), regions: regions, execution: report)
                return String(decoding: try JSONResponse.encoder.encode(out), as: UTF8.self)
            },
            // Accounts over an MRIO time series, one task per year: params {years?: [{label, table}], extension?, stressor?, tasks?}.
            // Tables are bundled or stored ids (no file paths over HTTP); default: the bundled 2009 and 2011 tables.
            "mrio-series": { params, progress in
                struct Y: Decodable { let label: String; let table: String }
                struct P: Decodable { let years: [Y]?; let `extension`: String?, stressor: String?, tasks: Int? }
                let p = try JSONDecoder().decode(P.self, from: params)
                let years = p.years?.map { MRIOSeriesWork.Year(label: $0.label, table: $0.table) }
                    ?? MRIOSeriesWork.bundled
                let stored = Set(try state.db.mrioTables().map(\.id))
                for y in years where !BundledMRIO.ids.contains(y.table) && !stored.contains(y.table) {
                    throw APIError(.badRequest, code: "job.invalidParams",
                                   "year \(y.label): '\(y.table)' is not a bundled or stored MRIO table (bundled: \(BundledMRIO.ids.joined(separator: ", ")))",
                                   field: "years")
                }
                let wp = MRIOSeriesWork.Params(years: years, extension: p.extension, stressor: p.stressor)
                do { try MRIOSeriesWork.validate(wp, database: state.db) } catch let e as ComputingError {
                    throw APIError(.badRequest, code: "job.invalidParams", e.message, field: "years")
                }
                try progress.report(0.02, "solving \(years.count) input-output tables")
                let (partials, report) = try await distributed(MRIOSeriesWork.self, wp, state: state, tasks: p.tasks, progress: progress)
                let out = MRIOSeriesWork.Report(years: try MRIOSeriesWork.gather(wp, partials: partials), execution: report)
                return String(decoding: try JSONResponse.encoder.encode(out), as: UTF8.self)
            },
            // Footprints of many products: params {items: [{process, amount?}], method?, lci?, allocation?, tasks?}
            "lca-batch": { params, progress in
                struct Item: Decodable { let process: String; let amount: Double? }
                struct P: Decodable { let items: [Item]; let method: String?, lci: String?, allocation: String?, tasks: Int? }
                let p = try JSONDecoder().decode(P.self, from: params)
                guard !p.items.isEmpty, p.items.count <= 10_000 else {
                    throw APIError(.badRequest, code: "job.invalidParams", "give between 1 and 10,000 items", field: "items")
                }
                let lci = p.lci ?? BundledLCI.id
                if lci == BundledLCI.id { _ = try BundledLCI.install(in: state.db) }
                let wp = LCABatchWork.Params(lci: lci, method: p.method ?? "ipcc-ar6-gwp100", allocation: p.allocation ?? "default",
                                             items: p.items.map { LCABatchWork.Item(process: $0.process, amount: $0.amount ?? 1) })
                try progress.report(0.02, "building the technosphere")
                let setup = try LCABatchWork.setup(wp, database: state.db)
                let (partials, report) = try await distributed(LCABatchWork.self, wp, state: state, tasks: p.tasks, progress: progress)
                struct Out: Encodable { let method: String; let items: [LCABatchWork.ItemResult]; let execution: ExecutionReport; let datasets: [Provenance] }
                let out = Out(method: setup.method.id, items: try LCABatchWork.gather(wp, partials: partials), execution: report, datasets: setup.provenance)
                return String(decoding: try JSONResponse.encoder.encode(out), as: UTF8.self)
            },
        ]
    }

    static func checkIterations(_ n: Int) throws -> Int {
        guard n > 0 && n <= 10_000_000 else {
            throw APIError(.badRequest, code: "job.invalidParams", "iterations must be between 1 and 10,000,000 (got \(n))", field: "iterations")
        }
        return n
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
