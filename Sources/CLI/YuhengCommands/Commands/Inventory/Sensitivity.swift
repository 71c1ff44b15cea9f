import ArgumentParser
import Foundation
import YuhengAnalysis
import YuhengServices
import YuhengUncertainty

/// `yuheng sensitivity`: which uncertain inputs drive a result.
struct SensitivityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Which uncertain inputs drive the result (Spearman rank correlation or Sobol' indices).",
        subcommands: [Inventory.self]
    )

    /// `yuheng sensitivity inventory FILE`.
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
                try checkPositive(samples, option: "--samples")
                if let workers { try checkPositive(workers, option: "--workers") }
                let services = try database.services()
                let setup = try services.uncertainty.inventory(file: file, gwp: gwp)
                let report = try await withProgress("Sensitivity", unit: "t CO2e", workers: workers) {
                    try await services.uncertainty.sensitivity(setup, method: m, samples: samples, seed: seed, run: $0)
                }
                if json { print(try Format.json(report)); return }
                print("Sensitivity (\(m.rawValue)) of the total — \(file) — t CO2e with \(setup.gwp)\n")
                print(table(report, method: m).render())
                print(
                    "\n\(report.modelRuns) model runs, seed \(seed); total: mean \(Format.number(report.output.mean)) t CO2e, 95 % range \(Format.number(report.output.p2_5)) – \(Format.number(report.output.p97_5))"
                )
            }
        }

        func table(_ report: SensitivityReport, method m: SensitivityMethod) -> TextTable {
            if m == .spearman {
                var t = TextTable(["Input", "Spearman ρ", "Contribution to variance"], alignRight: [false, true, true])
                for x in report.ranked {
                    t.add([x.name, String(format: "%+.4f", x.spearman ?? .nan), String(format: "%.1f %%", (x.contributionToVariance ?? 0) * 100)])
                }
                return t
            }
            var t = TextTable(["Input", "First order S", "95 % CI", "Total S_T", "95 % CI"], alignRight: [false, true, true, true, true])
            func ci(_ c: ConfidenceInterval?) -> String { c.map { String(format: "[%.3f, %.3f]", $0.lower, $0.upper) } ?? "" }
            for x in report.ranked {
                t.add([x.name, String(format: "%.4f", x.first ?? .nan), ci(x.firstCI), String(format: "%.4f", x.total ?? .nan), ci(x.totalCI)])
            }
            return t
        }
    }
}
