import Foundation
import YuhengNumerics

/// A target **rank** (Spearman) correlation matrix between uncertain inputs.
///
/// The matrix must be square, symmetric, with ones on the diagonal and
/// coefficients in [−1, 1]. Positive semi-definiteness is checked when a
/// ``GaussianCopula`` is built from it.
///
/// ```swift
/// // inputs 0 and 1 with Spearman 0.7, input 2 independent
/// let rho = try RankCorrelation([
///     [1.0, 0.7, 0.0],
///     [0.7, 1.0, 0.0],
///     [0.0, 0.0, 1.0],
/// ])
/// let same = try RankCorrelation(dimension: 3, pairs: [(0, 1, 0.7)])
/// ```
///
/// JSON form: the matrix as an array of rows, `[[1, 0.7], [0.7, 1]]`.
public struct RankCorrelation: Sendable, Hashable, Codable {
    /// The number of inputs k.
    public let dimension: Int
    /// The coefficients, row-major k×k.
    public let values: [Double]

    /// Creates a validated matrix from its rows.
    ///
    /// - throws: ``UncertaintyError/Code/invalidCorrelation`` if the matrix
    ///   is empty, not square, not symmetric (beyond 1e-12), has a diagonal
    ///   element ≠ 1 or an entry outside [−1, 1] or non-finite (the message names the entry).
    public init(_ rows: [[Double]]) throws {
        let k = rows.count
        guard k > 0 else {
            throw UncertaintyError(.invalidCorrelation, "correlation: the matrix is empty", parameter: "correlation")
        }
        for (i, row) in rows.enumerated() where row.count != k {
            throw UncertaintyError(
                .invalidCorrelation, "correlation: row \(i) has \(row.count) entries, expected \(k)",
                parameter: "correlation[\(i)]")
        }
        for i in 0..<k {
            for j in 0..<k {
                let r = rows[i][j]
                if !r.isFinite || r < -1 || r > 1 {
                    throw UncertaintyError(
                        .invalidCorrelation, "correlation: entry [\(i)][\(j)] = \(r) is outside [-1, 1]",
                        parameter: "correlation[\(i)][\(j)]")
                }
                if i == j && r != 1 {
                    throw UncertaintyError(
                        .invalidCorrelation, "correlation: diagonal entry [\(i)][\(i)] = \(r) must be 1",
                        parameter: "correlation[\(i)][\(i)]")
                }
                if abs(r - rows[j][i]) > 1e-12 {
                    throw UncertaintyError(
                        .invalidCorrelation,
                        "correlation: the matrix is not symmetric: [\(i)][\(j)] = \(r) but [\(j)][\(i)] = \(rows[j][i])",
                        parameter: "correlation[\(i)][\(j)]")
                }
            }
        }
        dimension = k
        values = rows.flatMap { $0 }
    }

    /// An identity matrix with the given pairs set (both triangles).
    ///
    /// ```swift
    /// let rho = try RankCorrelation(dimension: 4, pairs: [(0, 2, 0.5), (1, 3, -0.3)])
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/invalidCorrelation`` for an index out
    ///   of range, a diagonal pair or a coefficient outside [−1, 1].
    public init(dimension: Int, pairs: [(Int, Int, Double)]) throws {
        guard dimension > 0 else {
            throw UncertaintyError(
                .invalidCorrelation, "correlation: dimension = \(dimension) must be positive", parameter: "dimension")
        }
        var rows = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: dimension)
        for i in 0..<dimension { rows[i][i] = 1 }
        for (i, j, r) in pairs {
            guard (0..<dimension).contains(i), (0..<dimension).contains(j), i != j else {
                throw UncertaintyError(
                    .invalidCorrelation, "correlation: pair (\(i), \(j)) is not an off-diagonal pair of a \(dimension)×\(dimension) matrix",
                    parameter: "pairs")
            }
            rows[i][j] = r
            rows[j][i] = r
        }
        try self.init(rows)
    }

    /// The k×k identity (independent inputs).
    public static func identity(_ dimension: Int) -> RankCorrelation {
        var rows = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: dimension)
        for i in 0..<dimension { rows[i][i] = 1 }
        // swiftlint:disable:next force_try
        return try! RankCorrelation(rows)
    }

    /// The coefficient between inputs i and j.
    public subscript(i: Int, j: Int) -> Double { values[i * dimension + j] }

    /// The matrix as rows.
    public var rows: [[Double]] { (0..<dimension).map { Array(values[($0 * dimension)..<(($0 + 1) * dimension)]) } }

    /// The Pearson correlation of the normal scores that gives Spearman
    /// correlation ρ_s in a Gaussian copula: r = 2·sin(π·ρ_s/6)
    /// (Pearson 1907; Kruskal 1958).
    ///
    /// ```swift
    /// RankCorrelation.normalScorePearson(fromSpearman: 0.7)  // 0.716736
    /// ```
    public static func normalScorePearson(fromSpearman rho: Double) -> Double {
        if abs(rho) == 1 { return rho } // exact at the ends (2·sin(π/6) rounds to 0.9999999999999999)
        return 2 * sin(Double.pi * rho / 6)
    }

    /// The inverse: ρ_s = (6/π)·arcsin(r/2).
    ///
    /// ```swift
    /// RankCorrelation.spearman(fromNormalScorePearson: 1 / 2.squareRoot())  // 0.690160 (UNC-7)
    /// ```
    public static func spearman(fromNormalScorePearson r: Double) -> Double {
        6 / Double.pi * asin(r / 2)
    }

    /// The normal-score (Pearson) matrix, row-major, entrywise 2·sin(π·ρ/6).
    public var normalScoreMatrix: [Double] { values.map { RankCorrelation.normalScorePearson(fromSpearman: $0) } }

    /// Decodes the matrix from its rows (`[[1, 0.5], [0.5, 1]]`), validated as ``init(_:)`` does; invalid rows are `dataCorrupted`.
    public init(from decoder: any Decoder) throws {
        let rows = try decoder.singleValueContainer().decode([[Double]].self)
        do {
            try self.init(rows)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: "invalid correlation matrix: \(error)",
                    underlyingError: error))
        }
    }

    /// Encodes the matrix as its rows.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rows)
    }
}

/// A Gaussian copula for a target rank correlation: the normal-score
/// matrix R (entries 2·sin(π·ρ_s/6)) is factored as R = F·Fᵀ, and
/// correlated normal scores are x = F·z for independent z ~ N(0, I).
///
/// The factor comes from YuhengNumerics: ``Cholesky`` (LAPACK `dpotrf`) when R is positive
/// definite; otherwise ``PivotedCholesky`` (`dpstrf`) gives a rank-deficient
/// factor, accepted only if F·Fᵀ reproduces R to 1e-9 — i.e. exactly when R is
/// positive semi-definite (for example two inputs with ρ_s = 1). Anything
/// else throws ``UncertaintyError/Code/notPositiveSemidefinite``.
///
/// ```swift
/// let copula = try GaussianCopula(try RankCorrelation(dimension: 2, pairs: [(0, 1, 0.7)]))
/// let x = copula.correlate([0.3, -1.2])  // correlated standard normal scores
/// ```
public struct GaussianCopula: Sendable, Hashable {
    /// The target rank correlation.
    public let correlation: RankCorrelation
    /// The factor F (k×k, column-major, F·Fᵀ = R); lower triangular when R is
    /// positive definite, a row-permuted lower-triangular matrix otherwise.
    public let factor: DenseMatrix
    /// The numerical rank of R (k when positive definite).
    public let rank: Int

    /// Factors the normal-score matrix of `correlation`.
    ///
    /// - throws: ``UncertaintyError/Code/notPositiveSemidefinite`` if the
    ///   normal-score matrix is not positive semi-definite (the message names
    ///   the first failing pivot); ``UncertaintyError/Code/libraryFailure`` on a LAPACK argument error.
    public init(_ correlation: RankCorrelation) throws {
        self.correlation = correlation
        let k = correlation.dimension
        // symmetric: row- and column-major coincide
        let r = try DenseMatrix(rows: k, columns: k, columnMajor: correlation.normalScoreMatrix)
        do {
            factor = try Cholesky(r).lower
            rank = k
        } catch let error as NumericsError where error.code == .notPositiveDefinite {
            // Not positive definite: accept a pivoted, rank-revealing Cholesky only if it
            // reproduces R (the positive semi-definite case).
            let pivoted = try Self.numerics { try PivotedCholesky(r) }
            let worst = pivoted.reconstructionError(of: r)
            if !(worst <= 1e-9) {
                throw UncertaintyError(
                    .notPositiveSemidefinite,
                    "correlation: the normal-score matrix 2·sin(π·ρ/6) is not positive semi-definite (Cholesky fails at pivot \(error.index ?? -1), rank \(pivoted.rank), reconstruction error \(worst)); no joint distribution has these rank correlations",
                    parameter: "correlation")
            }
            factor = pivoted.factor
            rank = pivoted.rank
        } catch let error as NumericsError {
            throw UncertaintyError(.libraryFailure, error.message, parameter: "correlation")
        }
    }

    /// Runs a Numerics call, reporting its failure as ``UncertaintyError/Code/libraryFailure``.
    private static func numerics<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as NumericsError {
            throw UncertaintyError(.libraryFailure, error.message, parameter: "correlation")
        }
    }

    /// Correlated normal scores F·z for independent standard normals z.
    public func correlate(_ z: [Double]) -> [Double] {
        let k = correlation.dimension
        var x = [Double](repeating: 0, count: k)
        for c in 0..<k {
            let zc = z[c]
            if zc == 0 { continue }
            for i in 0..<k { x[i] += factor[i, c] * zc }
        }
        return x
    }
}
