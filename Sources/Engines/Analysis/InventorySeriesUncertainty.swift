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
    /// The uncertain inputs of the whole series: a shared default factor once, the activity data of each line and year separately.
    public let inputs: [InventoryUncertainInput]
    /// Reported years (empty for a file without a year column).
    public let years: [Int]
    /// Index in `years` of the base year of the trend (the series' base year, else the first year).
    public let baseIndex: Int
    /// Deterministic totals by year, t CO2e.
    public let deterministicTotals: [Double]
    /// Emissions (prefixed with their year) that have no uncertain input and stay fixed in every draw.
    public let unquantified: [String]
    /// Notes on how the factors were identified, e.g. a line whose factor chain fell back to its stated percentage.
    public let notes: [String]
    let terms: [InventoryUncertaintyModel.Term]
    let termYear: [Int]
    /// The terms flattened into plain arrays for the Monte Carlo loop (no reference counting per term).
    let flat: FlatTerms

    /// True when there are at least two years and the base year is not the latest, so a base-to-latest trend exists.
    public var hasTrend: Bool { years.count > 1 && baseIndex != years.count - 1 }
    /// Outputs: one total per year, then the trend in % (when there is one).
    public var outputNames: [String] { (years.isEmpty ? ["total"] : years.map { "total \($0)" }) + (hasTrend ? ["trend_pct"] : []) }

    /// Builds the model from a computed series and the activities it was computed from.
    ///
    /// - throws: ``UncertaintyError`` for an invalid range or percentage; `.emptyInput` when no emission counts in any year's total.
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
        self.flat = FlatTerms(terms, outputs: termYear)
        var totals = [Double](repeating: 0, count: max(series.results.count, 1))
        for (k, t) in terms.enumerated() { totals[termYear[k]] += t.co2e }
        self.deterministicTotals = totals
        self.unquantified = unquantified
        self.notes = builder.notes
    }

    /// The multiplier distribution of every input (nominal 1), in the order of `inputs`.
    public var distributions: [Distribution] { inputs.map(\.distribution) }

    /// Totals by year (and the trend) for one draw of the multipliers.
    public func evaluate(_ x: [Double]) -> [Double] {
        let n = deterministicTotals.count
        var out = [Double](repeating: 0, count: n + (hasTrend ? 1 : 0))
        flat.accumulate(x, into: &out)
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

    /// Monte Carlo (IPCC Approach 2) of every year's total and of the trend, (latest − base) / |base| × 100.
    ///
    /// Reproducible for a given seed whatever the number of workers.
    /// - throws: ``UncertaintyError/Code/emptyInput`` when no input is uncertain; otherwise the errors of ``MonteCarlo``.
    public func monteCarlo(
        iterations: Int, seed: UInt64, blockSize: Int = 250,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        cancellation: CancellationFlag? = nil,
        progress: (@Sendable (_ done: Int, _ total: Int, _ runningMean: Double) -> Void)? = nil
    ) async throws -> InventorySeriesMonteCarlo {
        guard !inputs.isEmpty else {
            throw UncertaintyError(
                .emptyInput, "inventory uncertainty: no activity has ad_uncertainty_pct and no factor has a range", parameter: "inputs")
        }
        let me = self
        let n = deterministicTotals.count
        let run = try await MonteCarlo.runVector(
            inputs: distributions, outputCount: n + (hasTrend ? 1 : 0), iterations: iterations, seed: seed, blockSize: blockSize,
            workers: workers, cancellation: cancellation, progress: progress
        ) { x in me.evaluate(x) }
        return InventorySeriesMonteCarlo(
            years: years, totals: Array(run.summaries.prefix(n)), trend: hasTrend ? run.summaries[n] : nil,
            deterministicTotals: deterministicTotals, inputCount: inputs.count, termCount: terms.count)
    }
}

/// Monte Carlo of a time series: a summary per year and of the trend (in %).
public struct InventorySeriesMonteCarlo: Sendable, Encodable {
    /// The reported years, in the order of `totals` (empty for a file without a year column).
    public let years: [Int]
    /// Summary of each year's total, t CO2e (mean, median, 2.5/97.5 percentiles, half-width in %).
    public let totals: [UncertaintySummary]
    /// Summary of the base-to-latest trend in %, nil when the series has no trend.
    public let trend: UncertaintySummary?
    /// Deterministic totals by year, t CO2e.
    public let deterministicTotals: [Double]
    /// Number of uncertain inputs sampled per iteration.
    public let inputCount: Int
    /// Number of emission terms summed per iteration (all years).
    public let termCount: Int

    enum CodingKeys: String, CodingKey {
        case years, totals, trend
        case deterministicTotals = "deterministic_totals_co2e_t"
        case inputCount = "inputs"
        case termCount = "terms"
    }
}

/// Terms as contiguous arrays: coefficient, output, the range of their (input, power) entries, and the
/// decay kernel if any. Evaluating them touches no reference-counted storage.
struct FlatTerms: Sendable {
    let coef: [Double]
    let output: [Int32]
    let start: [Int32] // entries of term t: start[t] ..< start[t + 1]
    let input: [Int32]
    let power: [Double]
    let allOne: [Bool]
    let decayInput: [Int32] // −1: none
    let decayK: [Double]
    let decayAge: [Int32]
    let decayG0: [Double]

    init(_ terms: [InventoryUncertaintyModel.Term], outputs: [Int]) {
        var coef: [Double] = [], output: [Int32] = [], start: [Int32] = [0], input: [Int32] = [], power: [Double] = [], allOne: [Bool] = []
        var di: [Int32] = [], dk: [Double] = [], da: [Int32] = [], dg: [Double] = []
        for (t, term) in terms.enumerated() {
            coef.append(term.co2e)
            output.append(Int32(outputs[t]))
            for (j, i) in term.inputs.enumerated() {
                input.append(Int32(i))
                power.append(term.powers?[j] ?? 1)
            }
            start.append(Int32(input.count))
            allOne.append(term.powers == nil || term.powers!.allSatisfy { $0 == 1 })
            if let d = term.decay {
                di.append(Int32(d.factor)); dk.append(d.k); da.append(Int32(d.age)); dg.append(EmissionTerm.decayShare(k: d.k, age: d.age))
            } else {
                di.append(-1); dk.append(0); da.append(0); dg.append(0)
            }
        }
        self.coef = coef; self.output = output; self.start = start; self.input = input; self.power = power; self.allOne = allOne
        self.decayInput = di; self.decayK = dk; self.decayAge = da; self.decayG0 = dg
    }

    func accumulate(_ x: [Double], into out: inout [Double]) {
        x.withUnsafeBufferPointer { xb in
            coef.withUnsafeBufferPointer { cb in
                start.withUnsafeBufferPointer { sb in
                    input.withUnsafeBufferPointer { ib in
                        power.withUnsafeBufferPointer { pb in
                            output.withUnsafeBufferPointer { ob in
                                allOne.withUnsafeBufferPointer { ab in
                                    decayInput.withUnsafeBufferPointer { dib in
                                        out.withUnsafeMutableBufferPointer { outb in
                                            for t in 0..<cb.count {
                                                var v = cb[t]
                                                let lo = Int(sb[t]), hi = Int(sb[t + 1])
                                                if ab[t] {
                                                    for e in lo..<hi { v *= xb[Int(ib[e])] }
                                                } else {
                                                    for e in lo..<hi { let p = pb[e]; v *= p == 1 ? xb[Int(ib[e])] : pow(xb[Int(ib[e])], p) }
                                                }
                                                let d = Int(dib[t])
                                                if d >= 0 {
                                                    let g0 = decayG0[t]
                                                    if g0 > 0 { v *= EmissionTerm.decayShare(k: decayK[t] * xb[d], age: Int(decayAge[t])) / g0 }
                                                }
                                                outb[Int(ob[t])] += v
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
