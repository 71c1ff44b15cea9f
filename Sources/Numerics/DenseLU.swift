import CLinearAlgebra
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The LU factorisation with partial pivoting `P A = L U` of a dense square
/// matrix, computed by LAPACK (`dgetrf`).
///
/// Factorise once, then solve for as many right-hand sides as needed, with
/// `A` or its transpose:
///
/// ```swift
/// let a = try DenseMatrix(rowMajor: [
///     [4, 1],
///     [2, 3],
/// ])
/// let lu = try DenseLU(a)
/// let x = try lu.solve([1, 2])                   // A x = b
/// let y = try lu.solve([1, 2], transpose: true)  // Aᵀ y = b
/// let X = try lu.solve(DenseMatrix.identity(2))  // A⁻¹, in one dgetrs call
/// ```
///
/// A singular matrix throws ``NumericsError/Code/singular``; the error's
/// `index` is the 0-based column of the exact zero pivot:
///
/// ```swift
/// do {
///     _ = try DenseLU(a)
/// } catch let error as NumericsError where error.code == .singular {
///     print("zero pivot in column \(error.index!)")
/// }
/// ```
///
/// Exact zero pivots are rare in floating point; use
/// ``reciprocalConditionEstimate()`` to detect nearly singular systems.
///
/// `DenseLU` is an immutable value and is `Sendable`: one factorisation can
/// serve concurrent solves.
public struct DenseLU: LinearSolver, Sendable {
    /// The dimension `n` of the factorised `n`×`n` matrix.
    public let dimension: Int
    /// The L and U factors in LAPACK's packed column-major layout.
    private let factors: [Double]
    /// LAPACK's 1-based pivot indices.
    private let pivots: [Int32]
    /// The 1-norm of the original matrix, for `dgecon`.
    private let oneNorm: Double

    /// Factorises a square matrix with `LAPACKE_dgetrf`.
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if `a` is not
    ///   square; ``NumericsError/Code/nonFinite`` if `a` contains NaN or an
    ///   infinity; ``NumericsError/Code/singular`` (with the zero pivot's
    ///   column as `index` and LAPACK's `info` as `status`) if `a` is
    ///   exactly singular; ``NumericsError/Code/libraryFailure`` on any
    ///   other LAPACK error.
    public init(_ a: DenseMatrix) throws {
        try self.init(overwriting: a)
    }

    /// Factorises `a`, reusing its storage for the factors when the caller gives up its copy
    /// (`DenseLU(overwriting: consume m)`): no second n×n buffer is allocated. This is what
    /// keeps large input-output systems (n ≈ 10 000, 800 MB per matrix) within memory.
    public init(overwriting a: consuming DenseMatrix) throws {
        guard a.isSquare else {
            throw NumericsError(
                .dimensionMismatch, "LU factorisation needs a square matrix, got \(a.rows)×\(a.columns)")
        }
        try requireFinite(a.elements, "matrix")
        let n = a.rows
        let n32 = try checkedInt32(n, "dimension")
        let oneNorm = a.oneNorm
        var factors: [Double] = []
        swap(&factors, &a.elements)
        var pivots = [Int32](repeating: 0, count: n)
        if n > 0 {
            let info = factors.withUnsafeMutableBufferPointer { lu in
                pivots.withUnsafeMutableBufferPointer { ipiv in
                    LAPACKE_dgetrf(LAPACK_COL_MAJOR, n32, n32, lu.baseAddress, n32, ipiv.baseAddress)
                }
            }
            if info > 0 {
                let column = Int(info) - 1
                throw NumericsError(
                    .singular,
                    "matrix is singular: exact zero pivot U(\(column),\(column)) in LU factorisation",
                    index: column, status: info)
            }
            if info < 0 {
                throw NumericsError(
                    .libraryFailure, "LAPACKE_dgetrf rejected argument \(-info)", status: info)
            }
        }
        self.dimension = n
        self.factors = factors
        self.pivots = pivots
        self.oneNorm = oneNorm
    }

    /// Solves `A x = b`, or `Aᵀ x = b` when `transpose` is true
    /// (`LAPACKE_dgetrs` with `'N'` or `'T'`).
    ///
    /// ```swift
    /// let x = try lu.solve(b)
    /// ```
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if
    ///   `b.count != dimension`; ``NumericsError/Code/nonFinite`` if `b` or
    ///   the solution contains NaN or an infinity.
    public func solve(_ b: [Double], transpose: Bool = false) throws -> [Double] {
        guard b.count == dimension else {
            throw NumericsError(
                .dimensionMismatch,
                "right-hand side has \(b.count) values, the matrix is \(dimension)×\(dimension)")
        }
        let x = try solveInPlace(b, nrhs: 1, transpose: transpose)
        return x
    }

    /// Solves `A X = B` (or `Aᵀ X = B`) for all columns of `B` in a single
    /// `LAPACKE_dgetrs` call.
    ///
    /// ```swift
    /// let inverse = try lu.solve(DenseMatrix.identity(lu.dimension))
    /// ```
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if
    ///   `B.rows != dimension`; ``NumericsError/Code/nonFinite`` if `B` or
    ///   the solution contains NaN or an infinity (the error's `index` is the
    ///   column-major position).
    public func solve(_ b: DenseMatrix, transpose: Bool = false) throws -> DenseMatrix {
        guard b.rows == dimension else {
            throw NumericsError(
                .dimensionMismatch,
                "right-hand sides have \(b.rows) rows, the matrix is \(dimension)×\(dimension)")
        }
        let x = try solveInPlace(b.elements, nrhs: b.columns, transpose: transpose)
        return try DenseMatrix(rows: dimension, columns: b.columns, columnMajor: x)
    }

    private func solveInPlace(_ b: [Double], nrhs: Int, transpose: Bool) throws -> [Double] {
        try requireFinite(b, "right-hand side")
        var x = b
        guard dimension > 0, nrhs > 0 else { return x }
        let n = try checkedInt32(dimension, "dimension")
        let nrhs32 = try checkedInt32(nrhs, "number of right-hand sides")
        let info = factors.withUnsafeBufferPointer { lu in
            pivots.withUnsafeBufferPointer { ipiv in
                x.withUnsafeMutableBufferPointer { xp in
                    LAPACKE_dgetrs(
                        LAPACK_COL_MAJOR, lapackChar(transpose ? "T" : "N"),
                        n, nrhs32, lu.baseAddress, n, ipiv.baseAddress, xp.baseAddress, n)
                }
            }
        }
        guard info == 0 else {
            throw NumericsError(.libraryFailure, "LAPACKE_dgetrs failed", status: info)
        }
        if let i = firstNonFinite(x) {
            throw NumericsError(
                .nonFinite, "solution contains a non-finite value at position \(i); the matrix is nearly singular",
                index: i)
        }
        return x
    }

    /// Solves in place for `columns` right-hand sides stored with leading dimension
    /// `leadingDimension` at `b` (a block of rows of a taller column-major matrix): no copy.
    func solveStrided(_ b: UnsafeMutablePointer<Double>, leadingDimension: Int, columns: Int, transpose: Bool) throws {
        guard dimension > 0, columns > 0 else { return }
        let n = try checkedInt32(dimension, "dimension")
        let nrhs = try checkedInt32(columns, "number of right-hand sides")
        let ldb = try checkedInt32(leadingDimension, "leading dimension")
        let info = factors.withUnsafeBufferPointer { lu in
            pivots.withUnsafeBufferPointer { ipiv in
                LAPACKE_dgetrs(LAPACK_COL_MAJOR, lapackChar(transpose ? "T" : "N"), n, nrhs, lu.baseAddress, n, ipiv.baseAddress, b, ldb)
            }
        }
        guard info == 0 else { throw NumericsError(.libraryFailure, "LAPACKE_dgetrs failed", status: info) }
    }

    /// An estimate of the reciprocal of the 1-norm condition number
    /// `1 / (‖A‖₁ ‖A⁻¹‖₁)`, computed with `LAPACKE_dgecon`.
    ///
    /// Values near 1 mean a well-conditioned matrix; values near machine
    /// epsilon (about 1e-16) mean the solutions may have no correct digits.
    ///
    /// ```swift
    /// if try lu.reciprocalConditionEstimate() < 1e-12 {
    ///     print("warning: nearly singular technology matrix")
    /// }
    /// ```
    ///
    /// - throws: ``NumericsError/Code/libraryFailure`` if LAPACK fails.
    public func reciprocalConditionEstimate() throws -> Double {
        guard dimension > 0 else { return 1 }
        let n = try checkedInt32(dimension, "dimension")
        var rcond = 0.0
        let info = factors.withUnsafeBufferPointer { lu in
            LAPACKE_dgecon(LAPACK_COL_MAJOR, lapackChar("1"), n, lu.baseAddress, n, oneNorm, &rcond)
        }
        guard info == 0 else {
            throw NumericsError(.libraryFailure, "LAPACKE_dgecon failed", status: info)
        }
        return rcond
    }

    /// The sign of the determinant: `1` or `-1` (a successful factorisation
    /// has no zero pivot).
    public var determinantSign: Double {
        var sign = 1.0
        factors.withUnsafeBufferPointer { lu in
            for k in 0..<dimension {
                if pivots[k] != Int32(k + 1) { sign = -sign }
                if lu[k + k * dimension] < 0 { sign = -sign }
            }
        }
        return sign
    }

    /// The natural logarithm of the absolute value of the determinant,
    /// `Σ log |U(k,k)|`, which does not overflow for large matrices.
    ///
    /// ```swift
    /// let det = lu.determinantSign * exp(lu.logAbsDeterminant)
    /// ```
    public var logAbsDeterminant: Double {
        factors.withUnsafeBufferPointer { lu in
            var s = 0.0
            for k in 0..<dimension { s += log(abs(lu[k + k * dimension])) }
            return s
        }
    }
}
