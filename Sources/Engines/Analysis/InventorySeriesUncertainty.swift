import Foundation
import YuhengCore
import YuhengInventory
import YuhengUncertainty

/// IPCC Approach 2 (Monte Carlo) over a whole time-series inventory: the totals of every reported
/// year and the trend from the base year to the latest year.
///
/// One input per uncertain quantity across the whole series: a default factor (e.g. the DOC of food
/// waste, or a fuel's CO2 factor) is one input shared by every line and every year that uses it, so it
/// is drawn once per iteration (its error is correlated in time, as IPCC Vol 1 Ch 3 assumes for
/// emission factors); the activity data of each line and year is its own input.
///
/// ```swift
/// let series = try engine.computeSeries(activities)
/// let model = try InventorySeriesUncertainty(series: series, activities: activities, factors: engine.factors)
/// let mc = try await model.monteCarlo(iterations: 10_000, seed: 1)
/// mc.trend?.halfWidthPercent
/// ```
public struct InventorySeriesUncertainty: Sendable {
    public let inputs: [InventoryUncertainInput]
    /// Reported years (empty for a file without a year column).
    public let years: [Int]
    public let baseIndex: Int
    /// Deterministic totals by year, t CO2e.
    public let deterministicTotals: [Double]
    public let unquantified: [String]
    public let notes: [String]
    let terms: [InventoryUncertaintyModel.Term]
    let termYear: [Int]

    public var hasTrend: Bool { years.count > 1 && baseIndex != years.count - 1 }
    /// Outputs: one total per year, then the trend in % (when there is one).
    public var outputNames: [String] { (years.isEmpty ? ["total"] : years.map { "total \($0)" }) + (hasTrend ? ["trend_pct"] : []) }

    public init(series: InventorySeriesResult, activities: [Activity], factors: InventoryFactors) throws {
        var builder = InventoryUncertaintyModel.Builder(factors: factors)
        var terms: [InventoryUncertaintyModel.Term] = []
        var termYear: [Int] = []
        var unquantified: [String] = []
        for (i, r) in series.results.enumerated() {
            let y = series.years.isEmpty ? nil : series.years[i]
            let acts = activities.filter { $0.year == y }
            let (t, u) = try InventoryUncertaintyModel.makeTerms(result: r, activities: acts, builder: &builder)
            terms += t
            termYear += Array(repeating: i, count: t.count)
            unquantified += u.map { item in (y.map { "\($0): " } ?? "") + item }
        }
        guard !terms.isEmpty else {
            throw UncertaintyError(.emptyInput, "inventory uncertainty: no emission is counted in the total", parameter: "result")
        }
        self.inputs = builder.inputs
        self.years = series.years
        self.baseIndex = series.baseYear.flatMap { series.years.firstIndex(of: $0) } ?? 0
        self.terms = terms
        self.termYear = termYear
        var totals = [Double](repeating: 0, count: max(series.results.count, 1))
        for (k, t) in terms.enumerated() { totals[termYear[k]] += t.co2e }
        self.deterministicTotals = totals
        self.unquantified = unquantified
        self.notes = builder.notes
    }

    public var distributions: [Distribution] { inputs.map(\.distribution) }

    /// Totals by year (and the trend) for one draw of the multipliers.
    public func evaluate(_ x: [Double]) -> [Double] {
        let n = deterministicTotals.count
        var out = [Double](repeating: 0, count: n + (hasTrend ? 1 : 0))
        for k in terms.indices { out[termYear[k]] += terms[k].value(x) }
        if hasTrend {
            let b = out[baseIndex], l = out[n - 1]
            out[n] = b == 0 ? 0 : (l - b) / abs(b) * 100
        }
        return out
    }

    /// First-order standard deviation of each year's total (shared inputs correlated).
    public func analyticHalfWidths() -> [Double] {
        let n = deterministicTotals.count
        var grad = [[Double]](repeating: [Double](repeating: 0, count: inputs.count), count: n)
        for (k, t) in terms.enumerated() { for (i, g) in t.gradient() { grad[termYear[k]][i] += g } }
        return (0..<n).map { y in
            let v = inputs.indices.reduce(0.0) { $0 + grad[y][$1] * grad[y][$1] * inputs[$1].distribution.variance }
            return deterministicTotals[y] == 0 ? .nan : Distribution.ipccZ95 * v.squareRoot() / abs(deterministicTotals[y]) * 100
        }
    }

    public func monteCarlo(iterations: Int, seed: UInt64, blockSize: Int = 250,
                           workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                           cancellation: CancellationFlag? = nil,
                           progress: (@Sendable (_ done: Int, _ total: Int, _ runningMean: Double) -> Void)? = nil) async throws -> InventorySeriesMonteCarlo {
        guard !inputs.isEmpty else {
            throw UncertaintyError(.emptyInput, "inventory uncertainty: no activity has ad_uncertainty_pct and no factor has a range", parameter: "inputs")
        }
        let me = self
        let n = deterministicTotals.count
        let run = try await MonteCarlo.runVector(
            inputs: distributions, outputCount: n + (hasTrend ? 1 : 0), iterations: iterations, seed: seed, blockSize: blockSize,
            workers: workers, cancellation: cancellation, progress: progress) { x in me.evaluate(x) }
        return InventorySeriesMonteCarlo(years: years, totals: Array(run.summaries.prefix(n)), trend: hasTrend ? run.summaries[n] : nil,
                                         deterministicTotals: deterministicTotals, inputCount: inputs.count, termCount: terms.count)
    }
}

/// Monte Carlo of a time series: a summary per year and of the trend (in %).
public struct InventorySeriesMonteCarlo: Sendable, Encodable {
    public let years: [Int]
    public let totals: [UncertaintySummary]
    public let trend: UncertaintySummary?
    public let deterministicTotals: [Double]
    public let inputCount: Int
    public let termCount: Int

    enum CodingKeys: String, CodingKey {
        case years, totals, trend
        case deterministicTotals = "deterministic_totals_co2e_t"
        case inputCount = "inputs"
        case termCount = "terms"
    }
}
