import Foundation

/// An N × k matrix of samples: one row per iteration, one column per
/// uncertain input (stored column-major, so a column is contiguous).
///
/// ```swift
/// let m = try InputSampler(inputs: [.uniform(min: 0, max: 1), .normal(mean: 0, sd: 1)])
///     .sample(rows: 100, seed: 1)
/// m.rows      // 100
/// m.columns   // 2
/// m[3, 1]     // row 3 of input 1
/// m.column(0) // the 100 draws of input 0
/// ```
public struct SampleMatrix: Sendable, Hashable {
    /// N, the number of samples.
    public let rows: Int
    /// k, the number of inputs.
    public let columns: Int
    /// The values, column-major (`values[column * rows + row]`).
    public internal(set) var values: [Double]

    /// A matrix from its column-major values.
    ///
    /// - throws: ``UncertaintyError/Code/dimensionMismatch`` if
    ///   `values.count != rows * columns`.
    public init(rows: Int, columns: Int, columnMajor values: [Double]) throws {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw UncertaintyError(
                .dimensionMismatch, "sample matrix: \(values.count) values for \(rows)×\(columns)", parameter: "values")
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix from its columns (all of the same length).
    ///
    /// ```swift
    /// let m = try SampleMatrix(columns: [[1, 2, 3], [4, 5, 6]])  // 3×2
    /// ```
    public init(columns: [[Double]]) throws {
        let n = columns.first?.count ?? 0
        for (j, c) in columns.enumerated() where c.count != n {
            throw UncertaintyError(
                .dimensionMismatch, "sample matrix: column \(j) has \(c.count) rows, expected \(n)", parameter: "columns[\(j)]")
        }
        try self.init(rows: n, columns: columns.count, columnMajor: columns.flatMap { $0 })
    }

    init(zeroRows rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        self.values = [Double](repeating: 0, count: rows * columns)
    }

    /// The element in `row`, `column`.
    public subscript(row: Int, column: Int) -> Double {
        get { values[column * rows + row] }
        set { values[column * rows + row] = newValue }
    }

    /// All samples of one input.
    public func column(_ j: Int) -> [Double] { Array(values[(j * rows)..<((j + 1) * rows)]) }

    /// One iteration's input vector.
    public func row(_ i: Int) -> [Double] { (0..<columns).map { values[$0 * rows + i] } }

    /// The rows of `blocks` stacked in order (all with the same number of columns).
    static func stacking(_ blocks: [SampleMatrix], columns: Int) -> SampleMatrix {
        let n = blocks.reduce(0) { $0 + $1.rows }
        var out = SampleMatrix(zeroRows: n, columns: columns)
        var offset = 0
        for b in blocks {
            for j in 0..<columns {
                for i in 0..<b.rows { out.values[j * n + offset + i] = b.values[j * b.rows + i] }
            }
            offset += b.rows
        }
        return out
    }
}

/// How the unit hypercube is sampled.
public enum SamplingDesign: String, Sendable, Hashable, Codable, CaseIterable {
    /// Simple (pseudo-)random sampling: independent uniforms.
    case random
    /// Latin hypercube sampling (McKay, Beckman & Conover 1979): for each
    /// input, [0, 1] is split into N equal strata, one uniform is drawn in
    /// each, and the strata are permuted independently per input. In
    /// ``MonteCarlo`` the hypercube is built per iteration block (N = the
    /// block size), so every block is itself a Latin hypercube.
    case latinHypercube = "latin_hypercube"
}

/// Draws input samples: a design in the unit hypercube (random or Latin
/// hypercube), optionally correlated with a Gaussian copula for a target
/// rank correlation, mapped through each input's inverse CDF.
///
/// With a correlation and the random design, u = Φ(F·z) (Gaussian copula,
/// method note §4). With a correlation and the Latin hypercube design, the
/// strata of each column are assigned in the rank order of the copula's
/// normal scores (the restricted pairing idea of Iman & Conover 1982): the
/// margins keep exactly one sample per stratum and the rank correlation is
/// that of the Gaussian copula.
///
/// ```swift
/// let sampler = try InputSampler(
///     inputs: [try .lognormal(geometricMean: 2, gsd: 1.5), .triangular(min: 0.8, mode: 1, max: 1.5)],
///     design: .latinHypercube,
///     correlation: try RankCorrelation(dimension: 2, pairs: [(0, 1, 0.7)]))
/// var rng = RandomStream(seed: 42, stream: 0)
/// let block = sampler.sample(rows: 1000, using: &rng)  // 1000 × 2
/// ```
///
/// Random numbers are consumed in a fixed order (column by column, then
/// the permutations), so a (seed, stream) pair always gives the same matrix.
public struct InputSampler: Sendable {
    /// The input distributions (validated).
    public let inputs: [Distribution]
    /// The design.
    public let design: SamplingDesign
    /// The copula, if the inputs are correlated.
    public let copula: GaussianCopula?
    private let quantiles: [QuantileFunction]
    private let factor: [Double] // column-major k×k copy of the copula factor

    /// Validates the inputs and factors the correlation matrix.
    ///
    /// - throws: the ``Distribution/validate()`` error of the first invalid
    ///   input, with its position in the message (`inputs[2]`);
    ///   ``UncertaintyError/Code/emptyInput`` for no inputs;
    ///   ``UncertaintyError/Code/dimensionMismatch`` if the correlation
    ///   matrix is not k×k; ``UncertaintyError/Code/notPositiveSemidefinite``
    ///   from ``GaussianCopula``.
    public init(inputs: [Distribution], design: SamplingDesign = .random, correlation: RankCorrelation? = nil) throws {
        guard !inputs.isEmpty else {
            throw UncertaintyError(.emptyInput, "sampler: no inputs", parameter: "inputs")
        }
        for (i, d) in inputs.enumerated() {
            do {
                try d.validate()
            } catch let e as UncertaintyError {
                throw UncertaintyError(e.code, "inputs[\(i)]: \(e.message)", parameter: "inputs[\(i)].\(e.parameter ?? "")")
            }
        }
        if let c = correlation, c.dimension != inputs.count {
            throw UncertaintyError(
                .dimensionMismatch, "sampler: the correlation matrix is \(c.dimension)×\(c.dimension) for \(inputs.count) inputs",
                parameter: "correlation")
        }
        self.inputs = inputs
        self.design = design
        if let c = correlation, c.values != RankCorrelation.identity(c.dimension).values {
            let copula = try GaussianCopula(c)
            self.copula = copula
            self.factor = copula.factor.elements
        } else {
            self.copula = nil
            self.factor = []
        }
        self.quantiles = inputs.map(QuantileFunction.init)
    }

    /// The number of inputs k.
    public var dimension: Int { inputs.count }

    /// The design points in the open unit hypercube (0, 1)^k, before the
    /// inverse CDFs: what ``sample(rows:using:)`` maps through the quantile functions.
    ///
    /// ```swift
    /// var rng = RandomStream(seed: 1)
    /// let u = try InputSampler(inputs: [.uniform(min: 0, max: 1)], design: .latinHypercube)
    ///     .unitSample(rows: 10, using: &rng)
    /// // exactly one value in each of [0, 0.1), [0.1, 0.2), ..., [0.9, 1)
    /// ```
    public func unitSample(rows n: Int, using rng: inout RandomStream) -> SampleMatrix {
        let k = dimension
        var u = SampleMatrix(zeroRows: n, columns: k)
        guard n > 0 else { return u }
        switch (design, copula) {
        case (.random, nil):
            for j in 0..<k { for i in 0..<n { u.values[j * n + i] = rng.nextUniform() } }
        case (.latinHypercube, nil):
            let inv = 1 / Double(n)
            for j in 0..<k {
                let perm = rng.permutation(n)
                for i in 0..<n { u.values[j * n + i] = (Double(perm[i]) + rng.nextUniform()) * inv }
            }
        case (.random, .some):
            let x = correlatedScores(n, &rng)
            for t in 0..<(n * k) { u.values[t] = clampOpen(StandardNormal.cdf(x[t])) }
        case (.latinHypercube, .some):
            let x = correlatedScores(n, &rng)
            let inv = 1 / Double(n)
            for j in 0..<k {
                // rank of each row in column j, then one uniform inside the stratum of that rank
                let base = j * n
                let order = (0..<n).sorted { x[base + $0] < x[base + $1] || (x[base + $0] == x[base + $1] && $0 < $1) }
                var rank = [Int](repeating: 0, count: n)
                for (r, i) in order.enumerated() { rank[i] = r }
                for i in 0..<n { u.values[base + i] = (Double(rank[i]) + rng.nextUniform()) * inv }
            }
        }
        return u
    }

    /// An N × k sample of the inputs.
    ///
    /// ```swift
    /// var rng = RandomStream(seed: 1, stream: 3)
    /// let block = sampler.sample(rows: 1000, using: &rng)
    /// ```
    public func sample(rows n: Int, using rng: inout RandomStream) -> SampleMatrix {
        var m = unitSample(rows: n, using: &rng)
        for j in 0..<dimension {
            let q = quantiles[j]
            for i in 0..<n { m.values[j * n + i] = q.quantile(m.values[j * n + i]) }
        }
        return m
    }

    /// An N × k sample from stream `stream` of `seed`.
    ///
    /// ```swift
    /// let m = sampler.sample(rows: 500, seed: 7)
    /// ```
    public func sample(rows n: Int, seed: UInt64, stream: UInt64 = 0) -> SampleMatrix {
        var rng = RandomStream(seed: seed, stream: stream)
        return sample(rows: n, using: &rng)
    }

    /// n×k correlated normal scores (column-major): x_row = F·z_row.
    private func correlatedScores(_ n: Int, _ rng: inout RandomStream) -> [Double] {
        let k = dimension
        var z = [Double](repeating: 0, count: n * k)
        for t in 0..<(n * k) { z[t] = rng.nextNormal() }
        var x = [Double](repeating: 0, count: n * k)
        factor.withUnsafeBufferPointer { f in
            z.withUnsafeBufferPointer { zb in
                x.withUnsafeMutableBufferPointer { xb in
                    for c in 0..<k {
                        for r in 0..<k {
                            let fr = f[c * k + r] // F[r, c]
                            if fr == 0 { continue }
                            for i in 0..<n { xb[r * n + i] += fr * zb[c * n + i] }
                        }
                    }
                }
            }
        }
        return x
    }
}

@inline(__always)
private func clampOpen(_ u: Double) -> Double {
    min(max(u, 0x1.0p-54), 1 - 0x1.0p-53)
}
