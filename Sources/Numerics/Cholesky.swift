import CLinearAlgebra
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Cholesky factorisation `A = L·Lᵀ` of a symmetric positive definite
/// matrix, computed by LAPACK (`dpotrf`).
///
/// Only the lower triangle of `A` is read (LAPACK's convention); the upper
/// triangle of ``lower`` is zero.
///
/// ```swift
/// let a = try DenseMatrix(rowMajor: [
///     [4, 2],
///     [2, 3],
/// ])
/// let chol = try Cholesky(a)
/// chol.lower                    // [[2, 0], [1, 1.414…]]
/// let x = try chol.solve([1, 2]) // A x = b (dpotrs)
/// ```
///
/// A matrix that is not positive definite throws
/// ``NumericsError/Code/notPositiveDefinite``; the error's `index` is the
/// 0-based order of the first leading minor that is not positive. For a
/// positive *semi*-definite matrix use ``PivotedCholesky``.
public struct Cholesky: LinearSolver, Sendable {
    /// The dimension `n` of the factorised `n`×`n` matrix.
    public let dimension: Int
    /// The lower-triangular factor `L` (column-major, upper triangle zero).
    public let lower: DenseMatrix

    /// Factorises a symmetric positive definite matrix with `LAPACKE_dpotrf`.
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if `a` is not
    ///   square; ``NumericsError/Code/nonFinite`` if `a` contains NaN or an
    ///   infinity; ``NumericsError/Code/notPositiveDefinite`` (with the failing
    ///   pivot as `index` and LAPACK's `info` as `status`) if `a` is not
    ///   positive definite; ``NumericsError/Code/libraryFailure`` on any other
    ///   LAPACK error.
    public init(_ a: DenseMatrix) throws {
        guard a.isSquare else {
            throw NumericsError(
                .dimensionMismatch, "Cholesky factorisation needs a square matrix, got \(a.rows)×\(a.columns)")
        }
        try requireFinite(a.elements, "matrix")
        let n = a.rows
        let n32 = try checkedInt32(n, "dimension")
        var l = a
        if n > 0 {
            let info = l.withUnsafeMutableElements { e in
                LAPACKE_dpotrf(LAPACK_COL_MAJOR, lapackChar("L"), n32, e.baseAddress, n32)
            }
            if info > 0 {
                let pivot = Int(info) - 1
                throw NumericsError(
                    .notPositiveDefinite,
                    "matrix is not positive definite: the leading minor of order \(pivot + 1) is not positive",
                    index: pivot, status: info)
            }
            if info < 0 {
                throw NumericsError(.libraryFailure, "LAPACKE_dpotrf rejected argument \(-info)", status: info)
            }
            l.withUnsafeMutableElements { e in
                for j in 0..<n { for i in 0..<j { e[j * n + i] = 0 } } // clear the strict upper triangle
            }
        }
        dimension = n
        lower = l
    }

    /// Solves `A x = b` with the factor (`LAPACKE_dpotrs`); `transpose` is
    /// accepted for ``LinearSolver`` and changes nothing (A is symmetric).
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if
    ///   `b.count != dimension`; ``NumericsError/Code/nonFinite`` if `b` or the
    ///   solution contains NaN or an infinity.
    public func solve(_ b: [Double], transpose: Bool = false) throws -> [Double] {
        guard b.count == dimension else {
            throw NumericsError(
                .dimensionMismatch, "right-hand side has \(b.count) values, the matrix is \(dimension)×\(dimension)")
        }
        return try solveInPlace(b, nrhs: 1)
    }

    /// Solves `A X = B` for all columns of `B` in one `LAPACKE_dpotrs` call.
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if `B.rows != dimension`;
    ///   ``NumericsError/Code/nonFinite`` if `B` or the solution contains NaN or an infinity.
    public func solve(_ b: DenseMatrix, transpose: Bool = false) throws -> DenseMatrix {
        guard b.rows == dimension else {
            throw NumericsError(
                .dimensionMismatch, "right-hand sides have \(b.rows) rows, the matrix is \(dimension)×\(dimension)")
        }
        let x = try solveInPlace(b.elements, nrhs: b.columns)
        return try DenseMatrix(rows: dimension, columns: b.columns, columnMajor: x)
    }

    private func solveInPlace(_ b: [Double], nrhs: Int) throws -> [Double] {
        try requireFinite(b, "right-hand side")
        var x = b
        guard dimension > 0, nrhs > 0 else { return x }
        let n = try checkedInt32(dimension, "dimension")
        let nrhs32 = try checkedInt32(nrhs, "number of right-hand sides")
        let info = lower.elements.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { xp in
                LAPACKE_dpotrs(LAPACK_COL_MAJOR, lapackChar("L"), n, nrhs32, l.baseAddress, n, xp.baseAddress, n)
            }
        }
        guard info == 0 else {
            throw NumericsError(.libraryFailure, "LAPACKE_dpotrs failed", status: info)
        }
        if let i = firstNonFinite(x) {
            throw NumericsError(.nonFinite, "solution contains a non-finite value at position \(i)", index: i)
        }
        return x
    }

    /// `log det A = 2 Σ log L(k,k)`, which does not overflow for large matrices.
    public var logDeterminant: Double {
        var s = 0.0
        for k in 0..<dimension { s += log(lower[k, k]) }
        return 2 * s
    }
}

/// The pivoted, rank-revealing Cholesky factorisation `Pᵀ·A·P = L·Lᵀ` of a
/// symmetric positive semi-definite matrix, computed by LAPACK (`dpstrf`).
///
/// The result is given as one factor ``factor`` `F = P·L` (columns from
/// ``rank`` on are zero), so that `F·Fᵀ = A` for a positive semi-definite `A`.
/// LAPACK stops at the first non-positive pivot without telling whether `A`
/// was indefinite: check ``reconstructionError(of:)`` to accept the factor.
///
/// ```swift
/// let a = try DenseMatrix(rowMajor: [[1, 1], [1, 1]])  // rank 1
/// let p = try PivotedCholesky(a)
/// p.rank                            // 1
/// p.reconstructionError(of: a)      // 0
/// ```
public struct PivotedCholesky: Sendable {
    /// The dimension `n` of the factorised `n`×`n` matrix.
    public let dimension: Int
    /// The numerical rank LAPACK found.
    public let rank: Int
    /// The 0-based pivot order: row `c` of `L` belongs to row `pivots[c]` of `A`.
    public let pivots: [Int]
    /// `F = P·L` (column-major, `n`×`n`), a row-permuted lower-triangular
    /// matrix whose columns from ``rank`` on are zero.
    public let factor: DenseMatrix

    /// Factorises with `LAPACKE_dpstrf`; only the lower triangle of `a` is read.
    ///
    /// - parameter tolerance: LAPACK's stopping tolerance for the pivots; a
    ///   negative value selects LAPACK's default (`n·ε·max diagonal`).
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if `a` is not
    ///   square; ``NumericsError/Code/nonFinite`` if `a` contains NaN or an
    ///   infinity; ``NumericsError/Code/libraryFailure`` on a LAPACK argument error.
    public init(_ a: DenseMatrix, tolerance: Double = -1) throws {
        guard a.isSquare else {
            throw NumericsError(
                .dimensionMismatch, "Cholesky factorisation needs a square matrix, got \(a.rows)×\(a.columns)")
        }
        try requireFinite(a.elements, "matrix")
        let n = a.rows
        let n32 = try checkedInt32(n, "dimension")
        var l = a
        var piv = [Int32](repeating: 0, count: n)
        var computedRank: Int32 = 0
        if n > 0 {
            let info = l.withUnsafeMutableElements { e in
                piv.withUnsafeMutableBufferPointer { p in
                    LAPACKE_dpstrf(LAPACK_COL_MAJOR, lapackChar("L"), n32, e.baseAddress, n32, p.baseAddress, &computedRank, tolerance)
                }
            }
            if info < 0 {
                throw NumericsError(.libraryFailure, "LAPACKE_dpstrf rejected argument \(-info)", status: info)
            }
        }
        let r = Int(computedRank)
        // F[piv[row], col] = L[row, col] for the first `rank` columns, the upper triangle of L excluded.
        var f = [Double](repeating: 0, count: n * n)
        for col in 0..<r {
            for row in col..<n {
                f[col * n + Int(piv[row]) - 1] = l[row, col]
            }
        }
        dimension = n
        rank = r
        pivots = piv.map { Int($0) - 1 }
        factor = try DenseMatrix(rows: n, columns: n, columnMajor: f)
    }

    /// `max |(F·Fᵀ)[i, j] − a[i, j]|`: zero (to rounding) exactly when the
    /// factorised matrix was positive semi-definite; `.infinity` when `a` has
    /// another shape.
    public func reconstructionError(of a: DenseMatrix) -> Double {
        guard a.rows == dimension, a.columns == dimension else { return .infinity }
        var worst = 0.0
        for i in 0..<dimension {
            for j in 0..<dimension {
                var s = 0.0
                for c in 0..<rank { s += factor[i, c] * factor[j, c] }
                worst = max(worst, abs(s - a[i, j]))
            }
        }
        return worst
    }
}
