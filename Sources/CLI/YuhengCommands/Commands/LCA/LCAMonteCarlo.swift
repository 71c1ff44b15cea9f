import ArgumentParser
import Foundation
import YuhengAnalysis
import YuhengComputing
import YuhengCore
import YuhengServices
import YuhengUncertainty

extension LCACommand {
    /// `yuheng lca montecarlo --process P`: a footprint with the exchange uncertainty of the LCI data.
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
                try mc.check()
                _ = try options.policy()
                let services = try options.database.services()
                let params = LCAMonteCarloWork.Params(
                    lci: options.lci, process: process, amount: amount, method: method, allocation: options.allocation,
                    defaultGSD: defaultGSD, run: mc.runParams(blockSize: 100))
                let executor = try exec.resolve(databasePath: services.db.path, threads: mc.workers)
                let start = Date()
                let out = try await withProgress(
                    "Monte Carlo", unit: "kg CO2e", quiet: mc.quiet, executor: executor, tasks: exec.tasks, workers: mc.workers
                ) {
                    try await services.uncertainty.lcaMonteCarlo(params, run: $0)
                }
                let seconds = Date().timeIntervalSince(start)
                if json { print(try Format.json(output(out, seconds: seconds))) } else { print(render(out, seconds: seconds)) }
                if out.result.run.summaries[0].cancelled { throw ExitCode(130) }
            }
        }

        struct Extra: Encodable {
            let process_id: String, process_name: String, amount: Double, unit: String, method: String
            let deterministic: Double, default_gsd: Double?, assumption: String?
            let coverage: LCAUncertaintyCoverage, factorization: FactorizationCounters
            let workers: Int, seconds: Double, datasets: [Provenance], execution: ExecutionReport?
        }

        func output(_ o: UncertaintyService.LCAMonteCarloOutcome, seconds: Double) -> Flattened<UncertaintySummary, Extra> {
            let r = o.result
            return Flattened(
                base: r.run.summaries[0],
                extra: Extra(
                    process_id: o.process.processID, process_name: o.process.processName, amount: amount, unit: o.process.unit, method: o.method.id,
                    deterministic: r.deterministic[0], default_gsd: defaultGSD, assumption: o.assumption, coverage: o.coverage,
                    factorization: r.counters, workers: mc.workerCount, seconds: seconds, datasets: o.provenance, execution: o.execution))
        }

        func render(_ o: UncertaintyService.LCAMonteCarloOutcome, seconds: Double) -> String {
            let r = o.result, s = r.run.summaries[0], cov = o.coverage
            var out = ["Monte Carlo — \(o.process.processName) — \(Format.number(amount, decimals: 3)) \(o.process.unit) — \(o.method.id), kg CO2e\n"]
            var t = SummaryTable.make(unit: "kg CO2e")
            t.add(SummaryTable.row("Total", s, deterministic: r.deterministic[0], decimals: 5))
            out.append(t.render())
            let kinds = cov.fromData.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            out.append(
                "\nExchanges in the matrices: \(cov.exchanges); with data uncertainty \(cov.dataTotal)\(kinds.isEmpty ? "" : " (\(kinds))"); "
                    + (defaultGSD.map { "with the default GSD \($0): \(cov.defaultGSD); " } ?? "") + "fixed \(cov.fixed)"
                    + (cov.unusable > 0 ? "; \(cov.unusable) stored distributions were unusable (GSD ≤ 1, mode outside the range...)" : ""))
            if let a = o.assumption { out.append("ASSUMPTION: \(a): the spread above mostly reflects that choice, not measured data.") }
            if s.sd == 0 {
                out.append(
                    "No uncertain exchange reaches this functional unit: the result is fixed. Give --default-gsd (e.g. 1.1) to assume an uncertainty for exchanges without data."
                )
            }
            out.append("Sampled per iteration: \(r.technosphereParameters) technosphere and \(r.biosphereParameters) characterised biosphere entries")
            out.append(
                "KLU: \(r.counters.symbolicAnalyses) symbolic analyses, \(r.counters.numericFactorizations) numeric factorisations (\(r.counters.repivots) repivots) for \(s.iterations) iterations"
            )
            out.append(SummaryTable.footer(s, workers: mc.workerCount, seconds: seconds))
            return out.joined(separator: "\n")
        }
    }
}
