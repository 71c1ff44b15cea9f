import ArgumentParser
import Foundation
import YuhengComputing
import YuhengData
import YuhengServices
import YuhengUncertainty

extension LCACommand {
    /// The LCA benchmark's Monte Carlo on Matrix Market files (A.mtx, B.mtx, c.csv).
    struct BenchMtx: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-mtx",
            abstract: "Benchmark: deterministic LCA and Monte Carlo on A.mtx, B.mtx, c.csv (gen_matrix.py format).",
            shouldDisplay: false)
        @Argument(help: "Folder with A.mtx, B.mtx, c.csv (and metadata.json).") var dir: String
        @Option(help: "Lognormal GSD of every off-diagonal A entry and every B entry (Brightway bench: exp(0.2)).") var gsd: Double = exp(0.2)
        @Option(help: "Functional unit: activity index.") var fu: Int = 0
        @Option(help: "Second functional unit; default: n/4.") var fu2: Int?
        @OptionGroup var mc: MonteCarloOptions
        @Option(help: "Iterations per block.") var blockSize: Int = 50
        @OptionGroup(title: "Executor") var exec: ExecutorOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runAsync {
                try mc.check()
                let executor = try exec.resolve(databasePath: YuhengDatabase.defaultPath(), threads: mc.workers)
                let q = MatrixBenchmark.Request(dir: dir, gsd: gsd, fu: fu, fu2: fu2, run: mc.runParams(blockSize: blockSize))
                let r = try await withProgress("Monte Carlo", unit: "", quiet: mc.quiet, executor: executor, tasks: exec.tasks, workers: mc.workers) {
                    try await MatrixBenchmark.run(q, execution: $0)
                }
                if json { print(try Format.json(Flattened(base: r.summary, extra: r))) } else { print(render(r)) }
                if r.summary.cancelled { throw ExitCode(130) }
            }
        }

        func render(_ r: MatrixBenchmark.Report) -> String {
            var t = SummaryTable.make()
            t.add(SummaryTable.row("score", r.summary, deterministic: r.mc_deterministic, decimals: 4))
            return [
                "n = \(r.n_act), A nnz \(r.A_nnz), B \(r.B_rows) × \(r.B_columns) nnz \(r.B_nnz); load \(String(format: "%.2f", r.load_wall_cpu_s[0])) s",
                String(
                    format: "first result %.4f s wall / %.4f s CPU, score %.12g; second FU %.5f s, score %.12g",
                    r.first_result_wall_cpu_s[0], r.first_result_wall_cpu_s[1], r.score_fu1, r.second_fu_wall_cpu_s[0], r.score_fu2),
                t.render(),
                String(
                    format: "%d iterations: %.2f s wall, %.2f s CPU, %.2f it/s, %.2f it/CPU-s", r.mc_iterations, r.mc_wall_s, r.mc_cpu_s,
                    r.mc_it_per_s, r.mc_it_per_cpu_s)
            ]
            .joined(separator: "\n")
        }
    }
}
