import ArgumentParser
import Foundation
import YuhengAnalysis
import YuhengCore
import YuhengInventory
import YuhengReports
import YuhengServices
import YuhengUncertainty

// `yuheng inventory FILE --uncertainty montecarlo|analytic`: IPCC Approach 2 (Monte Carlo) or the
// first-order propagation with shared factors correlated; a time series gets Monte Carlo over every year.
extension InventoryCommand {
    func runUncertainty(_ mode: String) async throws {
        try await runAsync {
            guard mode == "montecarlo" || mode == "analytic" else {
                throw ValidationError("unknown --uncertainty '\(mode)'; use montecarlo or analytic")
            }
            if mode == "montecarlo" { try checkPositive(iterations, option: "--iterations") }
            let services = try database.services()
            if mode == "montecarlo", let s = try services.uncertainty.inventorySeries(file: file, gwp: gwp, options: try seriesOptions()) {
                return try await runSeriesMonteCarlo(services, s)
            }
            let setup = try services.uncertainty.inventory(file: file, gwp: gwp)
            let analytic = setup.model.analytic()
            if mode == "analytic" { return try printAnalytic(setup, analytic) }
            let start = Date()
            let mc = try await withProgress("Monte Carlo", unit: "t CO2e") {
                try await services.uncertainty.monteCarlo(setup, iterations: iterations, seed: seed, run: $0)
            }
            let seconds = Date().timeIntervalSince(start)
            if json {
                print(try Format.json(monteCarloOutput(setup, mc, analytic, seconds: seconds)))
            } else {
                printMonteCarlo(setup, mc, analytic, seconds: seconds)
            }
            if mc.total.cancelled { throw ExitCode(130) }
        }
    }

    struct MonteCarloExtra: Encodable {
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

    func monteCarloOutput(
        _ s: UncertaintyService.InventorySetup, _ mc: InventoryMonteCarloResult, _ a: InventoryAnalyticUncertainty,
        seconds: Double
    ) -> Flattened<UncertaintySummary, MonteCarloExtra> {
        Flattened(
            base: mc.total,
            extra: MonteCarloExtra(
                gwp: s.gwp, half_width_pct: mc.total.halfWidthPercent, deterministic_total_co2e_t: s.model.deterministicTotal,
                approach1_uncertainty_pct: s.result.uncertaintyPercent, analytic_half_width_pct: a.halfWidthPercent, by_category: mc.byCategory,
                inputs: s.model.inputs, unquantified: s.model.unquantified, notes: s.model.notes, seconds: seconds))
    }

    func printMonteCarlo(_ s: UncertaintyService.InventorySetup, _ mc: InventoryMonteCarloResult, _ a: InventoryAnalyticUncertainty, seconds: Double)
    {
        print("Monte Carlo (IPCC Approach 2) — \(file) — t CO2e with \(s.gwp)\n")
        var t = SummaryTable.make(unit: "t CO2e")
        let byCategory = Dictionary(grouping: s.model.terms, by: \.category).mapValues { $0.reduce(0) { $0 + $1.co2e } }
        for c in s.model.categories { if let x = mc.byCategory[c] { t.add(SummaryTable.row(c, x, deterministic: byCategory[c])) } }
        t.add(SummaryTable.row("Total", mc.total, deterministic: s.model.deterministicTotal))
        print(t.render())
        print(
            String(
                format: "\n95 %% half-width: ±%.3f %% (Monte Carlo); first-order with the same inputs ±%.3f %%", mc.total.halfWidthPercent,
                a.halfWidthPercent)
                + (s.result.uncertaintyPercent.map { String(format: "; Approach 1 ±%.3f %%", $0) } ?? ""))
        print(SummaryTable.footer(mc.total, workers: ProcessInfo.processInfo.activeProcessorCount, seconds: seconds))
        printInputs(s.model, a)
    }

    struct AnalyticOutput: Encodable {
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

    func printAnalytic(_ s: UncertaintyService.InventorySetup, _ a: InventoryAnalyticUncertainty) throws {
        if json {
            print(
                try Format.json(
                    AnalyticOutput(
                        gwp: s.gwp, total_co2e_t: a.total, sd: a.sd, half_width_pct: a.halfWidthPercent,
                        approach1_uncertainty_pct: s.result.uncertaintyPercent, inputs: s.model.inputs,
                        variance_shares: Dictionary(uniqueKeysWithValues: zip(s.model.inputs.map(\.id), a.varianceShares)),
                        unquantified: s.model.unquantified)))
            return
        }
        print("First-order propagation (shared factors correlated) — \(file) — t CO2e with \(s.gwp)\n")
        print(
            "Total \(Format.number(a.total)) t CO2e, sd \(Format.number(a.sd)), 95 % half-width ±\(String(format: "%.3f", a.halfWidthPercent)) %"
                + (s.result.uncertaintyPercent.map { String(format: " (Approach 1, factors independent: ±%.3f %%)", $0) } ?? ""))
        printInputs(s.model, a)
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
