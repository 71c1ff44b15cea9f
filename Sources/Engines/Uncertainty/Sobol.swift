import Foundation
import YuhengNumerics

/// A two-sided confidence interval; JSON form `[lower, upper]`.
public struct ConfidenceInterval: Sendable, Hashable, Codable {
    /// Lower bound.
    public let lower: Double
    /// Upper bound.
    public let upper: Double

    /// An interval.
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether `value` lies in [lower, upper].
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    /// upper − lower.
    public var width: Double { upper - lower }

    /// Decodes the interval from a two-element array `[lower, upper]`.
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        lower = try c.decode(Double.self)
        upper = try c.decode(Double.self)
    }

    /// Encodes the interval as a two-element array `[lower, upper]`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(lower)
        try c.encode(upper)
    }
}

/// Sobol' sensitivity indices with bootstrap confidence intervals.
///
/// JSON keys: `names`, `first`, `total`, `first_ci`, `total_ci` (per
/// input, in input order; each CI is `[lower, upper]`), `variance`,
/// `base_samples`, `model_runs`, `bootstrap_resamples`, `confidence_level`, `seed`.
public struct SobolResult: Sendable, Hashable, Codable {
    /// Input names (default `x1`, `x2`, ...).
    public let names: [String]
    /// First-order indices S_i (Saltelli 2010 estimator).
    public let first: [Double]
    /// Total-order indices S_Ti (Jansen 1999 estimator).
    public let total: [Double]
    /// Bootstrap percentile intervals of S_i.
    public let firstCI: [ConfidenceInterval]
    /// Bootstrap percentile intervals of S_Ti.
    public let totalCI: [ConfidenceInterval]
    /// V(Y), the variance of all f(A) and f(B) values.
    public let variance: Double
    /// N, the number of rows of A and B.
    public let baseSamples: Int
    /// Model evaluations, N·(k + 2).
    public let modelRuns: Int
    /// Number of bootstrap resamples.
    public let bootstrapResamples: Int
    /// Confidence level of the intervals (0.95).
    public let confidenceLevel: Double
    /// The seed of the sample and of the bootstrap.
    public let seed: UInt64

    enum CodingKeys: String, CodingKey {
        case names, first, total
        case firstCI = "first_ci"
        case totalCI = "total_ci"
        case variance
        case baseSamples = "base_samples"
        case modelRuns = "model_runs"
        case bootstrapResamples = "bootstrap_resamples"
        case confidenceLevel = "confidence_level"
        case seed
    }
}

/// Variance-based global sensitivity analysis (Sobol' indices) with the
/// Saltelli (2010) design: independent N × k matrices A and B, and for each
/// input i the matrix A_B^(i) (A with column i taken from B); cost N·(k + 2)
/// model runs.
///
/// - First order (Saltelli et al. 2010): V_i = (1/N) Σ_j f(B)_j·[f(A_B^(i))_j − f(A)_j]
/// - Total order (Jansen 1999): V_Ti = (1/(2N)) Σ_j [f(A)_j − f(A_B^(i))_j]²
/// - V = the (population) variance of all f(A) and f(B) values; S = V_i/V.
/// - The outputs are first centred on the mean of f(A) ∪ f(B), as SciPy's
///   `sobol_indices` does: the indices are invariant to a shift of f, and the
///   centred first-order estimator has a much smaller variance when |E f| is
///   large compared with its spread.
/// - Confidence intervals: percentile bootstrap over rows (resampling the
///   rows of A, B and every A_B^(i) together), seeded, ≥ 1000 resamples;
///   each chunk of resamples is evaluated as one BLAS product.
///
/// ```swift
/// // Ishigami (UNC-8): S ≈ (0.314, 0.442, 0), S_T ≈ (0.558, 0.442, 0.244)
/// let u = Distribution.uniform(min: -.pi, max: .pi)
/// let r = try await Sobol.analyze(inputs: [u, u, u], baseSamples: 1 << 16, seed: 1) { x in
///     sin(x[0]) + 7 * pow(sin(x[1]), 2) + 0.1 * pow(x[2], 4) * sin(x[0])
/// }
/// r.first[1]     // ≈ 0.442
/// r.totalCI[2]   // a 95 % interval around 0.244
/// ```
///
/// Inputs are sampled independently (Sobol' indices assume independent
/// inputs). Results are identical for any number of workers.
public enum Sobol {
    /// The minimum number of bootstrap resamples (method note §5).
    public static let minimumBootstrapResamples = 1000

    /// The design matrices A (stream 0 of `seed`) and B (stream 1), each
    /// N × k by simple random sampling.
    ///
    /// - throws: input validation errors; ``UncertaintyError/Code/invalidArgument`` if `baseSamples` < 2.
    public static func design(inputs: [Distribution], baseSamples: Int, seed: UInt64) throws -> (a: SampleMatrix, b: SampleMatrix) {
        guard baseSamples >= 2 else {
            throw UncertaintyError(.invalidArgument, "sobol: baseSamples = \(baseSamples) must be at least 2", parameter: "baseSamples")
        }
        let sampler = try InputSampler(inputs: inputs, design: .random)
        return (sampler.sample(rows: baseSamples, seed: seed, stream: 0), sampler.sample(rows: baseSamples, seed: seed, stream: 1))
    }

    /// Samples the design, evaluates the model N·(k + 2) times in parallel
    /// and estimates the indices with bootstrap intervals.
    ///
    /// - parameters:
    ///   - inputs: independent input distributions.
    ///   - names: input names for the report (default `x1`...`xk`).
    ///   - baseSamples: N (a power of two such as 2^12...2^16 is customary).
    ///   - seed: seeds both the design and the bootstrap.
    ///   - bootstrapResamples: at least 1000.
    ///   - confidenceLevel: of the percentile intervals, in (0, 1).
    ///   - workers: maximum concurrent evaluation blocks.
    ///   - model: the model.
    /// - throws: validation errors; ``UncertaintyError/Code/zeroVariance`` if
    ///   the model output is constant; model errors naming the row.
    public static func analyze(
        inputs: [Distribution],
        names: [String]? = nil,
        baseSamples: Int,
        seed: UInt64,
        bootstrapResamples: Int = 1000,
        confidenceLevel: Double = 0.95,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        model: @escaping @Sendable ([Double]) throws -> Double
    ) async throws -> SobolResult {
        try checkOptions(k: inputs.count, names: names, bootstrapResamples: bootstrapResamples, confidenceLevel: confidenceLevel)
        let (a, b) = try design(inputs: inputs, baseSamples: baseSamples, seed: seed)
        let n = baseSamples, k = inputs.count
        let fA = try await MonteCarlo.evaluate(a, workers: workers, model: model)
        let fB = try await MonteCarlo.evaluate(b, workers: workers, model: model)
        var fAB: [[Double]] = []
        for i in 0..<k {
            var abi = a
            for r in 0..<n { abi.values[i * n + r] = b.values[i * n + r] }
            fAB.append(try await MonteCarlo.evaluate(abi, workers: workers, model: model))
        }
        return try await indices(
            fA: fA, fB: fB, fAB: fAB, names: names, seed: seed, bootstrapResamples: bootstrapResamples,
            confidenceLevel: confidenceLevel, workers: workers)
    }

    /// The indices from model outputs already computed on the Saltelli
    /// design: `fA`, `fB` (length N) and `fAB[i]` = f(A_B^(i)).
    ///
    /// ```swift
    /// let r = try await Sobol.indices(fA: fA, fB: fB, fAB: [f1, f2, f3], seed: 1)
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/dimensionMismatch`` for inconsistent
    ///   lengths; ``UncertaintyError/Code/zeroVariance`` if V = 0;
    ///   ``UncertaintyError/Code/invalidArgument`` for fewer than 1000
    ///   resamples or a confidence level outside (0, 1).
    public static func indices(
        fA: [Double], fB: [Double], fAB: [[Double]], names: [String]? = nil, seed: UInt64,
        bootstrapResamples: Int = 1000, confidenceLevel: Double = 0.95,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) async throws -> SobolResult {
        let n = fA.count, k = fAB.count
        try checkOptions(k: k, names: names, bootstrapResamples: bootstrapResamples, confidenceLevel: confidenceLevel)
        guard n >= 2, fB.count == n, fAB.allSatisfy({ $0.count == n }) else {
            throw UncertaintyError(
                .dimensionMismatch, "sobol: fA, fB and every fAB[i] must have the same length ≥ 2 (fA has \(n))", parameter: "fAB")
        }
        // Outputs are centred on the mean of f(A) ∪ f(B) (as SciPy does): the
        // indices are shift-invariant and the centred estimators have a smaller variance.
        let center = (Statistics.mean(fA) + Statistics.mean(fB)) / 2
        let g = rowTerms(fA, fB, fAB, n: n, k: k, center: center)
        var totals = [Double](repeating: 0, count: 4 + 2 * k)
        for q in 0..<(4 + 2 * k) {
            var s = 0.0
            for t in 0..<n { s += g[q * n + t] }
            totals[q] = s
        }
        let point = indicesFromSums(totals, n: n, k: k)
        guard point.variance > 0 else {
            throw UncertaintyError(.zeroVariance, "sobol: the model output has zero variance", parameter: "model")
        }
        let boot = try await bootstrap(g, n: n, k: k, seed: seed, resamples: bootstrapResamples, workers: workers)
        let alpha = (1 - confidenceLevel) / 2
        func interval(_ values: [Double]) -> ConfidenceInterval {
            let finite = values.filter(\.isFinite).sorted()
            guard !finite.isEmpty else { return ConfidenceInterval(lower: .nan, upper: .nan) }
            return ConfidenceInterval(
                lower: Statistics.percentile(sorted: finite, alpha), upper: Statistics.percentile(sorted: finite, 1 - alpha))
        }
        return SobolResult(
            names: names ?? (1...k).map { "x\($0)" }, first: point.first, total: point.total,
            firstCI: boot.first.map(interval), totalCI: boot.total.map(interval), variance: point.variance,
            baseSamples: n, modelRuns: n * (k + 2), bootstrapResamples: bootstrapResamples,
            confidenceLevel: confidenceLevel, seed: seed)
    }

    /// The first-order and total indices of every bootstrap resample, per input (from the row terms `g`).
    private static func bootstrap(_ g: [Double], n: Int, k: Int, seed: UInt64, resamples: Int, workers: Int) async throws -> (
        first: [[Double]], total: [[Double]]
    ) {
        let q = 4 + 2 * k
        let sums = try await bootstrapSums(g, n: n, q: q, seed: seed, resamples: resamples, workers: workers)
        var firstBoot = [[Double]](repeating: [], count: k)
        var totalBoot = [[Double]](repeating: [], count: k)
        for values in sums {
            let rc = values.count / q
            for r in 0..<rc {
                let e = indicesFromSums(Array(values[(r * q)..<((r + 1) * q)]), n: n, k: k)
                for i in 0..<k {
                    firstBoot[i].append(e.first[i])
                    totalBoot[i].append(e.total[i])
                }
            }
        }
        return (firstBoot, totalBoot)
    }

    /// The sums of the `q` row terms of every bootstrap resample, chunk by chunk (each chunk's sums resample-major).
    ///
    /// Bootstrap over rows. A resample is a vector of multinomial counts c (Σc = N, drawn with stream r of the bootstrap seed);
    /// every sum the estimators need is linear in c, so a chunk of resamples is one BLAS product C·G (chunk × N times N × q).
    /// Chunks have a fixed size, so results do not depend on the number of workers.
    private static func bootstrapSums(
        _ g: [Double], n: Int, q: Int, seed: UInt64, resamples bootstrapResamples: Int, workers: Int
    ) async throws -> [[Double]] {
        let bootSeed = SplitMix64.mix(seed ^ 0x626F_6F74_7374_7261) // "bootstra"
        // ≤ 50 resamples and ≤ 32 MB of counts per chunk; depends on N only, never on `workers`
        let chunkSize = max(1, min(50, 4_000_000 / n))
        let chunkCount = (bootstrapResamples + chunkSize - 1) / chunkSize
        // Gᵀ (q × N): row q holds the q-th row term of every row.
        var gt = [Double](repeating: 0, count: q * n)
        for c in 0..<q { for t in 0..<n { gt[t * q + c] = g[c * n + t] } }
        let gTransposed = try DenseMatrix(rows: q, columns: n, columnMajor: gt)
        var sums = [[Double]?](repeating: nil, count: chunkCount)
        try await withThrowingTaskGroup(of: (Int, [Double]).self) { group in
            var next = 0
            func add(_ group: inout ThrowingTaskGroup<(Int, [Double]), any Error>) {
                let c = next
                next += 1
                group.addTask(executorPreference: ComputeThreads.shared) {
                    let lo = c * chunkSize, hi = min(bootstrapResamples, lo + chunkSize)
                    let rc = hi - lo
                    // Cᵀ (N × rc): column r holds the counts of resample lo + r (contiguous writes)
                    var counts = DenseMatrix.zeros(rows: n, columns: rc)
                    counts.withUnsafeMutableElements { e in
                        for r in 0..<rc {
                            bootstrapCounts(
                                RandomStream(seed: bootSeed, stream: UInt64(lo + r)), n: n,
                                into: UnsafeMutableBufferPointer(rebasing: e[(r * n)..<((r + 1) * n)]))
                        }
                    }
                    let product = try gTransposed.multiply(counts) // q × rc
                    return (c, product.elements)
                }
            }
            while next < chunkCount && next < max(1, workers) { add(&group) }
            while let (c, values) = try await group.next() {
                sums[c] = values
                if next < chunkCount { add(&group) }
            }
        }
        return sums.map { $0! }
    }

    private static func checkOptions(k: Int, names: [String]?, bootstrapResamples: Int, confidenceLevel: Double) throws {
        guard k > 0 else { throw UncertaintyError(.emptyInput, "sobol: no inputs", parameter: "inputs") }
        if let names, names.count != k {
            throw UncertaintyError(.dimensionMismatch, "sobol: \(names.count) names for \(k) inputs", parameter: "names")
        }
        guard bootstrapResamples >= minimumBootstrapResamples else {
            throw UncertaintyError(
                .invalidArgument, "sobol: bootstrapResamples = \(bootstrapResamples) must be at least \(minimumBootstrapResamples)",
                parameter: "bootstrapResamples")
        }
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw UncertaintyError(
                .invalidArgument, "sobol: confidenceLevel = \(confidenceLevel) must lie in (0, 1)", parameter: "confidenceLevel")
        }
    }

    /// Per-row terms, column-major N × (4 + 2k), of the centred outputs
    /// a = f(A) − c, b = f(B) − c, ab_i = f(A_B^(i)) − c:
    /// a, a², b, b², then for each input i: b·(ab_i − a) and (a − ab_i)².
    private static func rowTerms(_ fA: [Double], _ fB: [Double], _ fAB: [[Double]], n: Int, k: Int, center: Double) -> [Double] {
        var g = [Double](repeating: 0, count: n * (4 + 2 * k))
        for t in 0..<n {
            let a = fA[t] - center, b = fB[t] - center
            g[t] = a
            g[n + t] = a * a
            g[2 * n + t] = b
            g[3 * n + t] = b * b
        }
        for i in 0..<k {
            let column = fAB[i]
            for t in 0..<n {
                let a = fA[t] - center, b = fB[t] - center, ab = column[t] - center
                g[(4 + 2 * i) * n + t] = b * (ab - a)
                g[(5 + 2 * i) * n + t] = (a - ab) * (a - ab)
            }
        }
        return g
    }

    /// S_i, S_Ti and V from the column sums of the row terms (any row weights summing to N).
    private static func indicesFromSums(_ s: [Double], n: Int, k: Int) -> (first: [Double], total: [Double], variance: Double) {
        let nn = Double(n), m = 2 * nn
        let mean = (s[0] + s[2]) / m
        let variance = (s[1] + s[3]) / m - mean * mean
        let first = (0..<k).map { s[4 + 2 * $0] / nn / variance }
        let total = (0..<k).map { s[5 + 2 * $0] / (2 * nn) / variance }
        return (first, total, variance)
    }
}

/// Uniform indices in 0..<bound from the two 32-bit halves of each 64-bit
/// draw (Lemire's multiply-and-reject on 32 bits, so unbiased), halving the
/// generator calls of the bootstrap. `bound` must be below 2^32.
struct BoundedIndexStream {
    private var rng: RandomStream
    private let bound: UInt64
    private let threshold: UInt64
    private var spare: UInt64 = 0
    private var hasSpare = false

    init(_ rng: RandomStream, bound: Int) {
        precondition(bound > 0 && bound < (1 << 32), "bootstrap sample size must be below 2^32")
        self.rng = rng
        self.bound = UInt64(bound)
        self.threshold = ((1 << 32) - UInt64(bound)) % UInt64(bound)
    }

    private mutating func next32() -> UInt64 {
        if hasSpare {
            hasSpare = false
            return spare
        }
        let x = rng.next()
        spare = x >> 32
        hasSpare = true
        return x & 0xFFFF_FFFF
    }

    mutating func next() -> Int {
        while true {
            let m = next32() &* bound // < 2^64
            if m & 0xFFFF_FFFF >= threshold { return Int(m >> 32) }
        }
    }
}

/// Adds the multinomial counts of one bootstrap resample (N indices drawn
/// uniformly from 0..<N) to `counts`. The indices are exactly those of
/// ``BoundedIndexStream`` on `rng`; xoshiro256** is inlined here because this
/// loop runs N times per resample and dominates the bootstrap in debug builds.
func bootstrapCounts(_ rng: RandomStream, n: Int, into counts: UnsafeMutableBufferPointer<Double>) {
    precondition(n > 0 && n < (1 << 32) && counts.count >= n)
    var (s0, s1, s2, s3) = rng.state
    let bound = UInt64(n)
    let threshold = ((1 << 32) - bound) % bound
    let base = counts.baseAddress!
    var remaining = n
    while remaining > 0 {
        // xoshiro256** step
        let x = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        // two 32-bit halves, low first, each through Lemire's multiply-and-reject
        let m0 = (x & 0xFFFF_FFFF) &* bound
        if m0 & 0xFFFF_FFFF >= threshold {
            base[Int(m0 >> 32)] += 1
            remaining -= 1
            if remaining == 0 { break }
        }
        let m1 = (x >> 32) &* bound
        if m1 & 0xFFFF_FFFF >= threshold {
            base[Int(m1 >> 32)] += 1
            remaining -= 1
        }
    }
}
