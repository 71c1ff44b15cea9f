import ArgumentParser
import Foundation
import YuhengAnalysis
import YuhengReports
import YuhengServices
import YuhengUncertainty

// Monte Carlo over a whole time series: every year's total and the trend, shared factors drawn once.
extension InventoryCommand {
    func runSeriesMonteCarlo(_ services: YuhengServices, _ s: UncertaintyService.InventorySeriesSetup) async throws {
        let start = Date()
        let mc = try await withProgress("Monte Carlo", unit: "t CO2e") {
            try await services.uncertainty.monteCarlo(s, iterations: iterations, seed: seed, run: $0)
        }
        let seconds = Date().timeIntervalSince(start)
        let series = s.series
        if let report {
            let rmc = ReportMonteCarlo(
                iterations: iterations, seed: seed, years: zip(series.years, mc.totals).map { (Optional($0), $1.mean, $1.p2_5, $1.p97_5) },
                trend: mc.trend.map { ($0.mean, $0.p2_5, $0.p97_5) })
            try writeReport(report, series, monteCarlo: rmc)
        }
        if json {
            print(
                try Format.json(
                    SeriesMonteCarloOutput(
                        gwp: series.latest.gwp, iterations: iterations, seed: seed, years: series.years, totals: mc.totals,
                        trend_pct: mc.trend, deterministic_totals_co2e_t: mc.deterministicTotals,
                        approach1_trend_uncertainty_pct_points: series.trend?.uncertaintyPercentPoints,
                        inputs: mc.inputCount, terms: mc.termCount, unquantified: s.model.unquantified, seconds: seconds)))
        } else {
            print("Monte Carlo (IPCC Approach 2) over the time series — \(file) — t CO2e with \(series.latest.gwp)\n")
            var t = SummaryTable.make(unit: "t CO2e")
            for (i, y) in series.years.enumerated() { t.add(SummaryTable.row(String(y), mc.totals[i], deterministic: mc.deterministicTotals[i])) }
            print(t.render())
            if let tr = mc.trend {
                print(
                    String(
                        format: "\nTrend %d → %d: mean %+.3f %%, 95 %% interval %+.3f %% to %+.3f %%", series.baseYear ?? 0, series.years.last ?? 0,
                        tr.mean, tr.p2_5, tr.p97_5)
                        + (series.trend?.uncertaintyPercentPoints.map { String(format: " (Approach 1: ± %.3f percentage points)", $0) } ?? ""))
            }
            print(
                String(
                    format: "\n%d inputs (shared factors drawn once per iteration), %d terms, %d iterations in %.2f s", mc.inputCount, mc.termCount,
                    iterations, seconds))
        }
        if mc.totals.last?.cancelled == true { throw ExitCode(130) }
    }

    struct SeriesMonteCarloOutput: Encodable {
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
}
