import ArgumentParser
import Foundation
import YuhengAnalysis
import YuhengComputing
import YuhengData
import YuhengServices
import YuhengUncertainty

extension MRIOCommand {
    /// `yuheng mrio montecarlo`: consumption-based totals with uncertain stressor intensities.
    struct MonteCarloRun: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "montecarlo",
            abstract: "Monte Carlo of consumption-based totals per region with uncertain stressor intensities.",
            discussion: """
                Every non-zero direct intensity S_i of the stressor is multiplied by an independent lognormal with median 1 \
                and the given GSD; final-demand emissions F_Y stay fixed. (I − A) is factorised once and X = L·Y once; each \
                iteration is D_cba = S·X + F_Y (M = S·L is linear in S). Default: the bundled WIOD 2011 CO2 table. The table \
                is in Mt (--unit kt|Mt|Gt). JSON (--json, in the table's unit): iterations, seed, mean, median, sd, p2_5, p97_5, \
                ... of the world total, plus system, extension, stressor, unit, gsd, regions {region: summary with deterministic}.
                """)
        @OptionGroup var source: MRIOInputOptions
        @Option(help: "Extension (satellite account); default: the first.") var `extension`: String?
        @Option(help: "Stressor; default: the extension's first.") var stressor: String?
        @Option(help: "Geometric standard deviation of the intensities.") var gsd: Double = 1.2
        @Option(help: "Regions to show in the table (largest first; JSON has all).") var top: Int = 15
        @OptionGroup var mc: MonteCarloOptions
        @OptionGroup var unit: UnitOptions
        @OptionGroup(title: "Executor") var exec: ExecutorOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runAsync {
                try mc.check()
                let params = MRIOMonteCarloWork.Params(
                    mrio: source.mrio, format: try source.tableFormat(), extension: self.extension, stressor: stressor,
                    gsd: gsd, strict: source.strict, run: mc.runParams(blockSize: 1000))
                let services = try source.database.services()
                // The MRIO tasks read no database: its path only places the default shared folder beside it.
                let executor = try exec.resolve(databasePath: services.db.path, threads: mc.workers)
                let start = Date()
                let out = try await withProgress("Monte Carlo", unit: "", quiet: mc.quiet, executor: executor, tasks: exec.tasks, workers: mc.workers)
                {
                    try await services.uncertainty.mrioMonteCarlo(params, run: $0)
                }
                let seconds = Date().timeIntervalSince(start)
                if json { print(try Format.json(output(out, seconds: seconds))) } else { print(render(out, seconds: seconds)) }
                if out.result.summaries[0].cancelled { throw ExitCode(130) }
            }
        }

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

        func output(_ o: UncertaintyService.MRIOMonteCarloOutcome, seconds: Double) -> Flattened<UncertaintySummary, Extra> {
            let r = o.result, s = o.setup
            var regions: [String: Region] = [:]
            for (i, name) in r.regions.enumerated() { regions[name] = Region(summary: r.summaries[i + 1], deterministic: r.deterministic[i + 1]) }
            return Flattened(
                base: r.summaries[0],
                extra: Extra(
                    system: s.system, extension: s.extensionName, stressor: s.stressor, unit: s.unit, gsd: gsd, deterministic: r.deterministic[0],
                    uncertain_sectors: s.uncertainSectors, regions: regions, workers: mc.workerCount, seconds: seconds, execution: o.execution))
        }

        func render(_ o: UncertaintyService.MRIOMonteCarloOutcome, seconds: Double) -> String {
            let r = o.result, s = o.setup
            let n = NationalUnit.display(unit.chosen, tableUnit: s.unit)
            var out = "Monte Carlo — consumption-based \(s.stressor) (\(n.label)) — \(s.system), intensities lognormal GSD \(gsd)\n\n"
            var t = SummaryTable.make(unit: n.label)
            let order = r.regions.indices.sorted { r.deterministic[$0 + 1] > r.deterministic[$1 + 1] }
            for i in order.prefix(top) {
                t.add(
                    SummaryTable.row(r.regions[i], r.summaries[i + 1], deterministic: r.deterministic[i + 1], decimals: n.decimals, scale: n.factor))
            }
            t.add(SummaryTable.row("World", r.summaries[0], deterministic: r.deterministic[0], decimals: n.decimals, scale: n.factor))
            out += t.render() + "\n\n\(s.uncertainSectors) uncertain intensities; one LU of (I − A) reused for every iteration\n"
            out += SummaryTable.footer(r.summaries[0], workers: mc.workerCount, seconds: seconds)
            return out + (o.execution.map { "\n" + executionFooter($0) } ?? "")
        }
    }
}
