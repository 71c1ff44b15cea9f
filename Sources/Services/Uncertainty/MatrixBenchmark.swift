import Foundation
import YuhengAnalysis
import YuhengComputing
import YuhengNumerics
import YuhengUncertainty

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The LCA benchmark (`yuheng lca bench-mtx`): deterministic LCA and Monte Carlo of h = c·B·A⁻¹f on
/// Matrix Market files (A.mtx, B.mtx, c.csv, as the benchmark generator writes them), with wall and
/// CPU times of every phase.
public enum MatrixBenchmark {
    /// What to run.
    public struct Request: Sendable {
        /// Folder holding the benchmark matrices: A.mtx (technosphere), B.mtx (biosphere), c.csv (characterisation), metadata.json.
        public var dir: String
        /// Lognormal GSD of every off-diagonal A entry and every B entry.
        public var gsd: Double
        /// The functional unit (an activity index) and a second one (default n/4).
        public var fu: Int
        /// The activity index of the second functional unit (nil: n/4).
        public var fu2: Int?
        /// Iterations, seed, block size and tolerance of the Monte Carlo run.
        public var run: MonteCarloRunParams

        /// A request (memberwise).
        public init(dir: String, gsd: Double, fu: Int, fu2: Int?, run: MonteCarloRunParams) {
            self.dir = dir
            self.gsd = gsd
            self.fu = fu
            self.fu2 = fu2
            self.run = run
        }
    }

    /// The benchmark's figures (the JSON of `bench-mtx --json`, beside the summary).
    public struct Report: Encodable, Sendable {
        /// The engine measured, "yuheng" (the benchmark compares engines).
        public var engine = "yuheng"
        /// How the sparse systems are solved, in a sentence.
        public var solver = "KLU (SuiteSparse): one symbolic analysis per worker, klu_refactor per iteration"
        /// Number of activities (order of A), non-zeros of A and B, and the shape of B (elementary flows × activities).
        public var n_act: Int, A_nnz: Int, B_nnz: Int, B_rows: Int, B_columns: Int
        /// [wall, CPU] seconds of reading the matrices, of the first result (analyse, factorise, solve, score) and of the second
        /// functional unit's solve with the same factorisation.
        public var load_wall_cpu_s: [Double], first_result_wall_cpu_s: [Double], second_fu_wall_cpu_s: [Double]
        /// [wall, CPU] seconds of building the uncertain entries (lognormal parameters of A and B).
        public var uncertainty_setup_wall_cpu_s: [Double]
        /// Deterministic scores h = c·B·A⁻¹f of the two functional units, and the generator's reference scores when metadata.json has them.
        public var score_fu1: Double, score_fu2: Double, reference: [String: Double]
        /// The GSD used, the worker threads and the iterations per block of the run.
        public var gsd: Double, workers: Int, block_size: Int
        /// Uncertain technosphere entries sampled, uncertain biosphere entries sampled, and all uncertain biosphere entries.
        public var uncertain_technosphere: Int, uncertain_biosphere_sampled: Int, uncertain_biosphere_total: Int
        /// Iterations run, wall and CPU seconds of the Monte Carlo run (a distributed job included), and iterations per wall and per CPU second.
        public var mc_iterations: Int, mc_wall_s: Double, mc_cpu_s: Double, mc_it_per_s: Double, mc_it_per_cpu_s: Double
        /// KLU counters of the run: symbolic analyses, numeric factorisations and refactorisations, repivots, solves.
        public var factorization: FactorizationCounters
        /// The deterministic score of the first functional unit as the Monte Carlo engine computes it (a check against `score_fu1`).
        public var mc_deterministic: Double
        /// Q(0.001), Q(0.002), ..., Q(0.999) of the Monte Carlo sample (for comparisons with small samples).
        public var quantile_grid: [Double]
        /// Where and how a distributed run ran; nil for a run in this process.
        public var execution: ExecutionReport?
        /// The summary of the score (not in the JSON's extra keys: it is flattened beside them).
        public var summary: UncertaintySummary

        enum CodingKeys: String, CodingKey {
            case engine, solver, n_act, A_nnz, B_nnz, B_rows, B_columns, load_wall_cpu_s, first_result_wall_cpu_s, second_fu_wall_cpu_s
            case uncertainty_setup_wall_cpu_s, score_fu1, score_fu2, reference, gsd, workers, block_size, uncertain_technosphere
            case uncertain_biosphere_sampled, uncertain_biosphere_total, mc_iterations, mc_wall_s, mc_cpu_s, mc_it_per_s, mc_it_per_cpu_s
            case factorization, mc_deterministic, quantile_grid, execution
        }
    }

    /// CPU seconds of this process (user + system, all threads).
    public static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Wall and CPU seconds of a closure.
    public static func measure<T>(_ body: () throws -> T) rethrows -> (T, wall: Double, cpu: Double) {
        let w = Date(), c = processCPUSeconds()
        let r = try body()
        return (r, Date().timeIntervalSince(w), processCPUSeconds() - c)
    }

    /// Runs the benchmark: load, first result (analyse + factorise + solve + score), a second
    /// functional unit, the uncertainty setup and the Monte Carlo run.
    public static func run(_ q: Request, execution run: Execution) async throws -> Report {
        try UncertaintyService.checkIterations(q.run.iterations)
        let dir = URL(fileURLWithPath: q.dir).standardizedFileURL.path
        let (mats, lw, lc) = try measure { try MatrixMonteCarloWork.load(dir: dir) }
        let n = mats.A.rows
        let second = q.fu2 ?? n / 4
        guard q.fu >= 0, q.fu < n, second >= 0, second < n else {
            throw ComputingError(.invalidParameters, "functional units must be in 0..<\(n)")
        }
        func score(_ s: [Double]) throws -> Double { zip(mats.c, try mats.B.multiply(s)).reduce(0) { $0 + $1.0 * $1.1 } }
        func unit(_ i: Int) -> [Double] { var f = [Double](repeating: 0, count: n); f[i] = 1; return f }
        let (first, fw, fc) = try measure { () throws -> (KLUFactorization, Double) in
            let klu = try KLUFactorization(mats.A)
            return (klu, try score(try klu.solve(unit(q.fu))))
        }
        let (score2, sw, sc) = try measure { try score(try first.0.solve(unit(second))) }
        let (entries, ew, ec) = try measure { try MatrixMonteCarloWork.entries(mats, gsd: q.gsd) }
        let engine = try SparseLCAMonteCarlo(
            technosphere: mats.A, biosphere: mats.B, characterization: [mats.c], demand: unit(q.fu),
            technosphereUncertainty: entries.0, biosphereUncertainty: entries.1)
        let mw = Date(), mcpu = processCPUSeconds()
        let (r, execution) = try await monteCarlo(q, dir: dir, engine: engine, run: run)
        let mcWall = Date().timeIntervalSince(mw), mcCPU = processCPUSeconds() - mcpu
        let s = r.run.summaries[0]
        let sorted = r.run.outputs.values.sorted()
        return Report(
            n_act: n, A_nnz: mats.A.nonZeroCount, B_nnz: mats.B.nonZeroCount, B_rows: mats.B.rows, B_columns: mats.B.columns,
            load_wall_cpu_s: [lw, lc], first_result_wall_cpu_s: [fw, fc], second_fu_wall_cpu_s: [sw, sc],
            uncertainty_setup_wall_cpu_s: [ew, ec], score_fu1: first.1, score_fu2: score2, reference: reference(dir),
            gsd: q.gsd, workers: run.workers, block_size: q.run.blockSize, uncertain_technosphere: r.technosphereParameters,
            uncertain_biosphere_sampled: r.biosphereParameters, uncertain_biosphere_total: entries.1.count,
            mc_iterations: s.iterations, mc_wall_s: mcWall, mc_cpu_s: mcCPU, mc_it_per_s: Double(s.iterations) / mcWall,
            mc_it_per_cpu_s: Double(s.iterations) / mcCPU, factorization: r.counters, mc_deterministic: r.deterministic[0],
            quantile_grid: (1...999).map { Statistics.percentile(sorted: sorted, Double($0) / 1000) }, execution: execution, summary: s)
    }

    private static func monteCarlo(
        _ q: Request, dir: String, engine: SparseLCAMonteCarlo,
        run: Execution
    ) async throws -> (SparseLCAMonteCarloResult, ExecutionReport?) {
        guard let executor = run.executor else {
            let r = try await engine.run(
                iterations: q.run.iterations, seed: q.run.seed, blockSize: q.run.blockSize, workers: run.workers,
                tolerance: q.run.tolerance, cancellation: run.cancellation, progress: run.progress)
            return (r, nil)
        }
        let params = MatrixMonteCarloWork.Params(dir: dir, gsd: q.gsd, fu: q.fu, run: q.run)
        let (partials, report) = try await Computing.run(
            MatrixMonteCarloWork.self, params: params, executor: executor, tasks: run.tasks,
            cancellation: run.cancellation, progress: run.jobProgress)
        return (try MatrixMonteCarloWork.gather(params, setup: engine, partials: partials), report)
    }

    /// The reference scores of the generator's metadata.json, when present.
    static func reference(_ dir: String) -> [String: Double] {
        var out: [String: Double] = [:]
        if let meta = FileManager.default.contents(atPath: URL(fileURLWithPath: dir).appendingPathComponent("metadata.json").path),
            let obj = try? JSONSerialization.jsonObject(with: meta) as? [String: Any]
        {
            for k in ["reference_score_fu1", "reference_score_fu2"] { if let v = obj[k] as? Double { out[k] = v } }
        }
        return out
    }
}
