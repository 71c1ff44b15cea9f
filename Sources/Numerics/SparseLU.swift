import CLinearAlgebra

/// The sparse LU factorisation of a square matrix, computed by UMFPACK
/// (`umfpack_di_*`, unsymmetric multifrontal method).
///
/// The factorisation happens in two steps: a symbolic analysis that depends
/// only on the sparsity pattern (column ordering, memory estimates), then a
/// numeric factorisation. `SparseLU` keeps the symbolic analysis, so that a
/// matrix with the same pattern and new values is refactorised cheaply with
/// ``refactor(values:)``. This is the common case in life-cycle and
/// input–output models, where scenarios change coefficients, not structure.
///
/// ```swift
/// let a = try SparseMatrix(rows: 2, columns: 2, triplets: [
///     (0, 0, 1.0), (1, 0, -0.2), (1, 1, 1.0),
/// ])
/// let lu = try SparseLU(a)
/// let x = try lu.solve([1, 0])                    // A x = b
/// let y = try lu.solve([1, 0], transpose: true)   // Aᵀ y = b
///
/// try lu.refactor(values: [1.0, -0.5, 1.0])       // same pattern, new values
/// lu.symbolicAnalysisCount                        // still 1
/// ```
///
/// With `orientation: .transpose`, `Aᵀ` is factorised instead of `A` (see
/// ``FactorOrientation``); ``solve(_:transpose:)`` still solves systems with
/// `A`.
///
/// Singular matrices throw ``NumericsError/Code/singular`` (UMFPACK's
/// `UMFPACK_WARNING_singular_matrix` is promoted to an error), with the
/// column of the zero pivot as `index` when UMFPACK reports one. A failed
/// ``refactor(values:)`` leaves the factorisation unusable: ``solve(_:transpose:)``
/// rethrows the failure until a successful refactorisation.
///
/// ## Thread safety
///
/// `SparseLU` is **not** `Sendable`: it is a mutable reference type that
/// owns C memory. Use it from one task at a time (for example inside an
/// actor). Create one factorisation per task to solve in parallel.
public final class SparseLU: LinearSolver {
    /// See ``FactorOrientation``.
    public typealias Orientation = FactorOrientation

    /// The dimension `n` of the factorised `n`×`n` matrix.
    public var dimension: Int { input.dimension }
    /// Whether `A` or `Aᵀ` is factorised.
    public let orientation: Orientation
    /// The matrix `A` whose systems are solved, with its current values.
    public var matrix: SparseMatrix { input.matrix }
    /// The number of symbolic analyses performed (`umfpack_di_symbolic`).
    /// Stays 1 across ``refactor(values:)`` calls.
    public private(set) var symbolicAnalysisCount = 0
    /// The number of numeric factorisations performed
    /// (`umfpack_di_numeric`), failed ones included.
    public private(set) var numericFactorizationCount = 0
    /// UMFPACK's crude estimate of the reciprocal condition number
    /// (`min |U(k,k)| / max |U(k,k)|`, `Info[UMFPACK_RCOND]`) of the current
    /// factorisation. Cheap, but only an order-of-magnitude indicator; use
    /// ``DenseLU/reciprocalConditionEstimate()`` on small matrices for a
    /// reliable estimate.
    public private(set) var crudeReciprocalConditionEstimate: Double = .nan
    /// The number of non-zeros in the L and U factors (diagonal counted
    /// once), a measure of fill-in.
    public private(set) var factorNonZeroCount = 0

    private let input: SparseFactorInput
    private var control: [Double]
    private var symbolic: UnsafeMutableRawPointer?
    private var numeric: UnsafeMutableRawPointer?
    private var failure: NumericsError?

    /// Analyses and factorises a square sparse matrix.
    ///
    /// ```swift
    /// let lu = try SparseLU(technologyMatrix)
    /// let lu2 = try SparseLU(technologyMatrix, orientation: .transpose)
    /// ```
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if `a` is not
    ///   square; ``NumericsError/Code/nonFinite`` for NaN or infinite
    ///   values; ``NumericsError/Code/singular`` if `a` is singular;
    ///   ``NumericsError/Code/libraryFailure`` (with UMFPACK's `status`)
    ///   on any other UMFPACK error.
    public init(_ a: SparseMatrix, orientation: Orientation = .direct) throws {
        self.input = try SparseFactorInput(a, orientation: orientation, solverName: "SparseLU")
        self.orientation = orientation
        self.control = [Double](repeating: 0, count: Int(UMFPACK_CONTROL))
        umfpack_di_defaults(&control)
        guard input.dimension > 0 else { return }

        var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
        var symbolic: UnsafeMutableRawPointer?
        let status = umfpack_di_symbolic(
            input.n, input.n, input.columnPointers, input.rowIndices, input.values,
            &symbolic, control, &info)
        self.symbolic = symbolic
        symbolicAnalysisCount += 1
        guard status == UMFPACK_OK else {
            throw NumericsError(
                .libraryFailure, "umfpack_di_symbolic failed: \(Self.describe(status))", status: status)
        }
        try factorize()
    }

    deinit {
        if numeric != nil { umfpack_di_free_numeric(&numeric) }
        if symbolic != nil { umfpack_di_free_symbolic(&symbolic) }
    }

    /// Refactorises with new values for the same sparsity pattern, reusing
    /// the symbolic analysis.
    ///
    /// `values` are in the order of ``SparseMatrix/values`` of the original
    /// matrix (whatever the ``orientation``).
    ///
    /// ```swift
    /// let updated = try a.withValues(newCoefficients)
    /// try lu.refactor(values: updated.values)
    /// let x = try lu.solve(b)
    /// ```
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if
    ///   `values.count` differs from the number of stored entries;
    ///   ``NumericsError/Code/nonFinite``; ``NumericsError/Code/singular``
    ///   if the new matrix is singular (the factorisation then stays unusable
    ///   until a successful refactorisation).
    public func refactor(values: [Double]) throws {
        try input.load(values: values)
        guard input.dimension > 0 else { return }
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
    /// (`umfpack_di_solve` with `UMFPACK_A` or `UMFPACK_At`, swapped for the
    /// transpose orientation). UMFPACK applies iterative refinement.
    ///
    /// ```swift
    /// let x = try lu.solve(b)
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
        try requireFinite(b, "right-hand side")
        var x = [Double](repeating: 0, count: dimension)
        try x.withUnsafeMutableBufferPointer { xp in
            try b.withUnsafeBufferPointer { bp in
                try solve(bp, into: xp, transpose: transpose)
            }
        }
        return x
    }

    /// Solves `A X = B` (or `Aᵀ X = B`) for every column of `B`, reusing the
    /// factorisation.
    ///
    /// ```swift
    /// let inverse = try lu.solve(DenseMatrix.identity(lu.dimension))
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
        try requireFinite(b.elements, "right-hand sides")
        var x = DenseMatrix.zeros(rows: b.rows, columns: b.columns)
        let n = dimension
        try x.withUnsafeMutableElements { xp in
            try b.elements.withUnsafeBufferPointer { bp in
                for j in 0..<b.columns {
                    try solve(
                        UnsafeBufferPointer(rebasing: bp[(j * n)..<((j + 1) * n)]),
                        into: UnsafeMutableBufferPointer(rebasing: xp[(j * n)..<((j + 1) * n)]),
                        transpose: transpose)
                }
            }
        }
        return x
    }

    private func solve(
        _ b: UnsafeBufferPointer<Double>, into x: UnsafeMutableBufferPointer<Double>, transpose: Bool
    ) throws {
        if let failure { throw failure }
        guard dimension > 0 else { return }
        // Solving with A: UMFPACK_A on a factorisation of A, UMFPACK_At on one of Aᵀ.
        let swapped = (orientation == .transpose) != transpose
        let sys = swapped ? Int32(UMFPACK_At) : Int32(UMFPACK_A)
        var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
        let status = umfpack_di_solve(
            sys, input.columnPointers, input.rowIndices, input.values,
            x.baseAddress, b.baseAddress, numeric, control, &info)
        if status == UMFPACK_WARNING_singular_matrix {
            throw NumericsError(.singular, "umfpack_di_solve: matrix is singular", status: status)
        }
        guard status >= 0 else {
            throw NumericsError(
                .libraryFailure, "umfpack_di_solve failed: \(Self.describe(status))", status: status)
        }
        if let i = firstNonFinite(UnsafeBufferPointer(x)) {
            throw NumericsError(
                .nonFinite, "solution contains a non-finite value at position \(i); the matrix is nearly singular",
                index: i)
        }
    }

    /// Runs `umfpack_di_numeric` with the stored symbolic analysis.
    private func factorize() throws {
        if numeric != nil { umfpack_di_free_numeric(&numeric) }
        failure = nil
        var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
        var numeric: UnsafeMutableRawPointer?
        let status = umfpack_di_numeric(
            input.columnPointers, input.rowIndices, input.values, symbolic, &numeric, control, &info)
        self.numeric = numeric
        numericFactorizationCount += 1

        var error: NumericsError?
        if status == UMFPACK_WARNING_singular_matrix {
            let column = zeroPivotColumn()
            let location: String
            switch (column, orientation) {
            case (let c?, .direct): location = ": zero pivot in column \(c)"
            case (let c?, .transpose): location = ": zero pivot in row \(c) (column \(c) of the transpose)"
            case (nil, _): location = ""
            }
            error = NumericsError(.singular, "matrix is singular\(location)", index: column, status: status)
        } else if status < 0 {
            error = NumericsError(
                .libraryFailure, "umfpack_di_numeric failed: \(Self.describe(status))", status: status)
        }
        if let error {
            if self.numeric != nil { umfpack_di_free_numeric(&self.numeric) }
            failure = error
            throw error
        }
        crudeReciprocalConditionEstimate = info[Int(UMFPACK_RCOND)]
        factorNonZeroCount = Int(info[Int(UMFPACK_LNZ)] + info[Int(UMFPACK_UNZ)]) - dimension
    }

    /// The column of the factorised matrix holding the first zero pivot.
    private func zeroPivotColumn() -> Int? {
        guard let numeric else { return nil }
        let n = dimension
        var q = [Int32](repeating: 0, count: n)
        var diagonal = [Double](repeating: 0, count: n)
        var doRecip: Int32 = 0
        let status = umfpack_di_get_numeric(
            nil, nil, nil, nil, nil, nil, nil, &q, &diagonal, &doRecip, nil, numeric)
        guard status == UMFPACK_OK else { return nil }
        guard let k = diagonal.firstIndex(where: { $0 == 0 || !$0.isFinite }) else { return nil }
        return Int(q[k])
    }

    private static func describe(_ status: Int32) -> String {
        switch status {
        case UMFPACK_ERROR_out_of_memory: "out of memory"
        case UMFPACK_ERROR_invalid_Numeric_object: "invalid Numeric object"
        case UMFPACK_ERROR_invalid_Symbolic_object: "invalid Symbolic object"
        case UMFPACK_ERROR_argument_missing: "argument missing"
        case UMFPACK_ERROR_n_nonpositive: "dimension not positive"
        case UMFPACK_ERROR_invalid_matrix: "invalid matrix"
        case UMFPACK_ERROR_different_pattern: "different pattern"
        case UMFPACK_ERROR_invalid_system: "invalid system"
        case UMFPACK_ERROR_internal_error: "internal error"
        case UMFPACK_ERROR_ordering_failed: "ordering failed"
        default: "status \(status)"
        }
    }
}

@available(*, unavailable, message: "SparseLU is mutable and owns C memory; confine it to one task or actor")
extension SparseLU: Sendable {}
