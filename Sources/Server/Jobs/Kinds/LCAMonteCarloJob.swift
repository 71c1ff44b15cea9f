import Foundation
import YuhengAnalysis
import YuhengCharts
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengLCA
import YuhengUncertainty

/// `lca-montecarlo`: {process, iterations?, seed?, default_gsd?, amount?, method?, lci?, allocation?,
/// tolerance?, tasks?, bins?} → the summary of the footprint's distribution, the deterministic
/// result, the histogram, the coverage of the uncertainty data and how the job ran.
enum LCAMonteCarloJob: ServerJobKind {
    static let name = "lca-montecarlo"

    struct Params: Sendable {
        let process: String
        let iterations: Int, seed: UInt64, defaultGSD: Double?, amount: Double, method: String, lci: String, allocation: String
        let tolerance: Double?, tasks: Int?, bins: Int
    }

    /// The summary's keys at the top level, then the job's own.
    struct Output: Encodable, Sendable {
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

    static func params(_ f: JSONFields, state: ServerState) throws -> Params {
        try f.onlyKnown(["process", "iterations", "seed", "default_gsd", "amount", "method", "lci", "allocation", "tolerance", "tasks", "bins"])
        let p = Params(
            process: try f.requiredString("process", maxLength: 1_000), iterations: try f.int("iterations", in: 1...10_000_000) ?? 1_000,
            seed: try f.uint64("seed") ?? 1, defaultGSD: try f.double("default_gsd", in: 1...20),
            amount: try f.double("amount", in: amountRange) ?? 1,
            method: try f.string("method", maxLength: 100) ?? "ipcc-ar6-gwp100", lci: try f.string("lci", maxLength: 128) ?? BundledLCI.id,
            allocation: try f.string("allocation", maxLength: 40) ?? "default", tolerance: try f.double("tolerance", in: 1e-9...1),
            tasks: try f.int("tasks", in: 1...10_000), bins: try f.int("bins", in: 5...200) ?? 40)
        try JobChecks.allocation(p.allocation, f)
        try JobChecks.lci(p.lci, f, "lci", state: state)
        try JobChecks.method(p.method, f, state: state)
        return p
    }

    static func run(_ p: Params, state: ServerState, progress: JobProgress) async throws -> Output {
        try progress.report(0.02, "building the technosphere and its uncertainty")
        let wp = LCAMonteCarloWork.Params(
            lci: p.lci, process: p.process, amount: p.amount, method: p.method, allocation: p.allocation,
            defaultGSD: p.defaultGSD, run: MonteCarloRunParams(iterations: p.iterations, seed: p.seed, blockSize: 100, tolerance: p.tolerance))
        let db = state.db
        let setup = try await OwnThread.run {
            if p.lci == BundledLCI.id { _ = try BundledLCI.install(in: db) }
            return try LCAMonteCarloWork.setup(wp, database: db)
        }
        let (partials, report) = try await Distributed.run(LCAMonteCarloWork.self, wp, state: state, tasks: p.tasks, progress: progress)
        let r = try await OwnThread.run { try LCAMonteCarloWork.gather(wp, setup: setup, partials: partials) }
        let col = setup.model.columns[setup.column]
        let cov = setup.monteCarlo.coverage
        let assumption = p.defaultGSD.map {
            "\(cov.defaultGSD) of \(cov.exchanges) exchanges have no uncertainty data and use the assumed default GSD \($0)"
        }
        return Output(
            summary: r.run.summaries[0], deterministic: r.deterministic[0], process_id: col.processID, process_name: col.processName,
            amount: wp.amount,
            unit: col.unit, method: setup.method.id, default_gsd: p.defaultGSD, assumption: assumption, coverage: cov,
            histogram: Histogram(samples: r.run.outputs.column(0), bins: p.bins), execution: report, datasets: setup.provenance)
    }
}
