import CLinearAlgebra

/// The sparse LU factorisation of a square matrix computed by KLU, which
/// first permutes the matrix to block triangular form (BTF) and then
/// factorises only the diagonal blocks.
///
/// KLU is designed for circuit-like matrices and shines on life-cycle
/// technology matrices: they are nearly triangular, so most diagonal blocks
/// have size 1 and only the loops of the supply chain (the strongly
/// connected components) need a real factorisation. ``blockCount`` and
/// ``largestBlockSize`` report that structure.
///
/// ```swift
/// let klu = try KLUFactorization(technology)
/// klu.blockCount                      // e.g. 180 blocks for 200 processes
/// let s = try klu.solve(demand)       // A s = f
/// let y = try klu.solve(characterisation, transpose: true)
///
/// // Same pattern, new coefficients: klu_refactor reuses the analysis and
/// // the pivot order.
/// try klu.refactor(values: scenario.values)
/// klu.symbolicAnalysisCount           // still 1
/// ```
///
/// ``refactor(values:)`` uses `klu_refactor`, which keeps the previous
/// pivot order. When that order is no longer good for the new values (an
/// exact zero pivot, or a reciprocal pivot growth more than 1000 times worse
/// than after the last pivoting factorisation), it falls back to a full
/// `klu_factor` that still reuses the symbolic analysis; ``repivotCount``
/// counts these fallbacks.
///
/// Singular matrices throw ``NumericsError/Code/singular`` with KLU's
/// `singular_col` (a column of the factorised matrix) as `index`.
///
/// ## Thread safety
///
/// `KLUFactorization` is **not** `Sendable`: it owns C memory and KLU's
/// solves write into workspace stored in the numeric object. Use it from one
/// task at a time.
public final class KLUFactorization: LinearSolver {
    /// See ``FactorOrientation``.
    public typealias Orientation = FactorOrientation

    /// The dimension `n` of the factorised `n`×`n` matrix.
    public var dimension: Int { input.dimension }
    /// Whether `A` or `Aᵀ` is factorised.
    public let orientation: Orientation
    /// The matrix `A` whose systems are solved, with its current values.
    public var matrix: SparseMatrix { input.matrix }
    /// The number of symbolic analyses performed (`klu_analyze`).
    public private(set) var symbolicAnalysisCount = 0
    /// The number of numeric factorisations performed (`klu_factor` and
    /// `klu_refactor`), failed ones included.
    public private(set) var numericFactorizationCount = 0
    /// The number of times ``refactor(values:)`` had to fall back from
    /// `klu_refactor` to a pivoting `klu_factor`.
    public private(set) var repivotCount = 0
    /// The number of diagonal blocks of the block triangular form.
    public private(set) var blockCount = 0
    /// The size of the largest diagonal block.
    public private(set) var largestBlockSize = 0
    /// The structural rank found by the BTF analysis (`dimension` for a
    /// structurally non-singular matrix).
    public private(set) var structuralRank = 0

    private let input: SparseFactorInput
    private var common: klu_common
    private var symbolic: UnsafeMutablePointer<klu_symbolic>?
    private var numeric: UnsafeMutablePointer<klu_numeric>?
    private var failure: NumericsError?
    /// Reciprocal pivot growth after the last pivoting factorisation.
    private var pivotedGrowth = 1.0

    /// Analyses (`klu_analyze`, with BTF and AMD ordering) and factorises
    /// (`klu_factor`) a square sparse matrix.
    ///
    /// ```swift
    /// let klu = try KLUFactorization(a)
    /// let kluT = try KLUFactorization(a, orientation: .transpose)
    /// ```
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if `a` is not
    ///   square; ``NumericsError/Code/nonFinite`` for NaN or infinite
    ///   values; ``NumericsError/Code/singular`` if `a` is singular;
    ///   ``NumericsError/Code/libraryFailure`` (with KLU's `status`)
    ///   otherwise.
    public init(_ a: SparseMatrix, orientation: Orientation = .direct) throws {
        self.input = try SparseFactorInput(a, orientation: orientation, solverName: "KLU")
        self.orientation = orientation
        var common = klu_common()
        klu_defaults(&common)
        self.common = common
        guard input.dimension > 0 else { return }

        symbolic = klu_analyze(input.n, input.columnPointers, input.rowIndices, &self.common)
        symbolicAnalysisCount += 1
        guard let symbolic else {
            throw NumericsError(
                .libraryFailure, "klu_analyze failed: \(Self.describe(self.common.status))",
                status: self.common.status)
        }
        blockCount = Int(symbolic.pointee.nblocks)
        largestBlockSize = Int(symbolic.pointee.maxblock)
        structuralRank = Int(symbolic.pointee.structural_rank)
        try factorize()
    }

    deinit {
        if numeric != nil { klu_free_numeric(&numeric, &common) }
        if symbolic != nil { klu_free_symbolic(&symbolic, &common) }
    }

    /// Refactorises with new values for the same sparsity pattern, reusing
    /// the symbolic analysis (`klu_refactor`, with a pivoting `klu_factor`
    /// fallback, see the type documentation).
    ///
    /// `values` are in the order of ``SparseMatrix/values`` of the original
    /// matrix, whatever the ``orientation``.
    ///
    /// ```swift
    /// try klu.refactor(values: updated.values)
    /// ```
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch``,
    ///   ``NumericsError/Code/nonFinite``, ``NumericsError/Code/singular``
    ///   (the factorisation then stays unusable until a successful
    ///   refactorisation), ``NumericsError/Code/libraryFailure``.
    public func refactor(values: [Double]) throws {
        try input.load(values: values)
        guard input.dimension > 0 else { return }
        guard let numeric, failure == nil else {
            try factorize()
            return
        }
        let ok = klu_refactor(
            input.columnPointers, input.rowIndices, input.values, symbolic, numeric, &common)
        numericFactorizationCount += 1
        if ok != 0 && common.status == KLU_OK {
            let growthOK = klu_rgrowth(
                input.columnPointers, input.rowIndices, input.values, symbolic, numeric, &common)
            if growthOK != 0 && common.rgrowth.isFinite && common.rgrowth >= 1e-3 * pivotedGrowth {
                return
            }
        } else if common.status < KLU_OK && common.status != KLU_SINGULAR {
            let error = NumericsError(
                .libraryFailure, "klu_refactor failed: \(Self.describe(common.status))", status: common.status)
            klu_free_numeric(&self.numeric, &common)
            failure = error
            throw error
        }
        // The old pivot order is unsuitable for the new values: repivot.
        repivotCount += 1
        try factorize()
    }

    /// Refactorises with the values of a matrix that has the same pattern.
    ///
    /// - throws: ``NumericsError/Code/invalidStructure`` if the pattern
    ///   differs, otherwise as ``refactor(values:)``.
    public func refactor(_ a: SparseMatrix) throws {
        guard a.samePattern(as: input.matrix) else {
            throw NumericsError(
                .invalidStructure, "refactor needs the same sparsity pattern as the analysed matrix")
        }
        try refactor(values: a.values)
    }

    /// Solves `A x = b`, or `Aᵀ x = b` when `transpose` is true
    /// (`klu_solve` or `klu_tsolve`, swapped for the transpose orientation).
    ///
    /// ```swift
    /// let x = try klu.solve(b)
    /// ```
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if
    ///   `b.count != dimension`; ``NumericsError/Code/nonFinite`` for a
    ///   non-finite right-hand side or solution; the stored error if the last
    ///   refactorisation failed; ``NumericsError/Code/libraryFailure``.
    public func solve(_ b: [Double], transpose: Bool = false) throws -> [Double] {
        guard b.count == dimension else {
            throw NumericsError(
                .dimensionMismatch,
                "right-hand side has \(b.count) values, the matrix is \(dimension)×\(dimension)")
        }
        var x = b
        try solveInPlace(&x, nrhs: 1, transpose: transpose)
        return x
    }

    /// Solves `A X = B` (or `Aᵀ X = B`) for all columns of `B` in one KLU
    /// call.
    ///
    /// ```swift
    /// let X = try klu.solve(B)
    /// ```
    ///
    /// - throws: as the single right-hand-side `solve(_:transpose:)`; dimension mismatch if
    ///   `B.rows != dimension`.
    public func solve(_ b: DenseMatrix, transpose: Bool = false) throws -> DenseMatrix {
        guard b.rows == dimension else {
            throw NumericsError(
                .dimensionMismatch,
                "right-hand sides have \(b.rows) rows, the matrix is \(dimension)×\(dimension)")
        }
        var x = b.elements
        try solveInPlace(&x, nrhs: b.columns, transpose: transpose)
        return try DenseMatrix(rows: b.rows, columns: b.columns, columnMajor: x)
    }

    private func solveInPlace(_ x: inout [Double], nrhs: Int, transpose: Bool) throws {
        if let failure { throw failure }
        try requireFinite(x, "right-hand side")
        guard dimension > 0, nrhs > 0 else { return }
        let nrhs32 = try checkedInt32(nrhs, "number of right-hand sides")
        let useTransposedSolve = (orientation == .transpose) != transpose
        let ok = x.withUnsafeMutableBufferPointer { xp in
            useTransposedSolve
                ? klu_tsolve(symbolic, numeric, input.n, nrhs32, xp.baseAddress, &common)
                : klu_solve(symbolic, numeric, input.n, nrhs32, xp.baseAddress, &common)
        }
        guard ok != 0, common.status == KLU_OK else {
            throw NumericsError(
                .libraryFailure, "\(useTransposedSolve ? "klu_tsolve" : "klu_solve") failed: \(Self.describe(common.status))",
                status: common.status)
        }
        if let i = firstNonFinite(x) {
            throw NumericsError(
                .nonFinite, "solution contains a non-finite value at position \(i); the matrix is nearly singular",
                index: i)
        }
    }

    /// An estimate of the reciprocal condition number, `1 / condest`, from
    /// `klu_condest` (Hager/Higham–Tisseur 1-norm estimate of the factorised
    /// matrix; with the transpose orientation it is the ∞-norm condition of
    /// `A`). More expensive than a solve, but reliable.
    ///
    /// ```swift
    /// if try klu.reciprocalConditionEstimate() < 1e-12 { print("nearly singular") }
    /// ```
    public func reciprocalConditionEstimate() throws -> Double {
        if let failure { throw failure }
        guard dimension > 0 else { return 1 }
        let ok = klu_condest(input.columnPointers, input.values, symbolic, numeric, &common)
        guard ok != 0 else {
            throw NumericsError(
                .libraryFailure, "klu_condest failed: \(Self.describe(common.status))", status: common.status)
        }
        return common.condest > 0 ? 1 / common.condest : 0
    }

    /// Runs a pivoting `klu_factor` with the stored symbolic analysis.
    private func factorize() throws {
        if numeric != nil { klu_free_numeric(&numeric, &common) }
        failure = nil
        numeric = klu_factor(input.columnPointers, input.rowIndices, input.values, symbolic, &common)
        numericFactorizationCount += 1
        var error: NumericsError?
        if common.status == KLU_SINGULAR {
            let column = Int(common.singular_col)
            let valid = column >= 0 && column < dimension
            let location =
                valid
                ? (orientation == .direct
                    ? ": zero pivot in column \(column)"
                    : ": zero pivot in row \(column) (column \(column) of the transpose)")
                : ""
            error = NumericsError(
                .singular, "matrix is singular\(location)", index: valid ? column : nil, status: common.status)
        } else if numeric == nil || common.status != KLU_OK {
            error = NumericsError(
                .libraryFailure, "klu_factor failed: \(Self.describe(common.status))", status: common.status)
        }
        if let error {
            if numeric != nil { klu_free_numeric(&numeric, &common) }
            failure = error
            throw error
        }
        if klu_rgrowth(input.columnPointers, input.rowIndices, input.values, symbolic, numeric, &common) != 0 {
            pivotedGrowth = common.rgrowth
        }
    }

    private static func describe(_ status: Int32) -> String {
        switch status {
        case KLU_OK: "ok"
        case KLU_SINGULAR: "singular matrix"
        case KLU_OUT_OF_MEMORY: "out of memory"
        case KLU_INVALID: "invalid input"
        case KLU_TOO_LARGE: "integer overflow"
        default: "status \(status)"
        }
    }
}

@available(*, unavailable, message: "KLUFactorization is mutable and owns C memory; confine it to one task or actor")
extension KLUFactorization: Sendable {}
