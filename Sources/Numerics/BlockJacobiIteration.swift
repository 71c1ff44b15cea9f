import CLinearAlgebra

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Solves `M X = B` (or `Mᵀ X = B`) for a square `M` with strong diagonal blocks by block-Jacobi
/// preconditioned Richardson iteration: `X ← X + D⁻¹ (B − M X)`, where `D` holds the diagonal
/// blocks of `M` (each factorised once with LAPACK `dgetrf`).
///
/// Built for input-output systems `M = I − A` with one block per region: the domestic blocks carry
/// most of the inputs, so the iteration contracts by the spectral radius of `D⁻¹(D − M)` (the trade
/// share, typically 0.01–0.2) and reaches machine precision in 10–20 steps. Each step is one GEMM (or, for a sparse `M`, one sparse product) of
/// `M` with the whole block of right-hand sides (BLAS level 3) and one `dgetrs` per diagonal block;
/// `M` is never factorised as a whole.
///
/// ```swift
/// let it = try BlockJacobiIteration(matrix: iMinusA, blockSize: sectors)
/// let r = try it.solve(b, maxIterations: 60)
/// if r.converged { use(r.solution) } else { fallBackToLU() }
/// ```
public struct BlockJacobiIteration: Sendable {
    /// The matrix `M` (n × n) whose systems are solved, dense. An iteration made from a sparse `M`
    /// (``init(sparse:blockSize:)``) does not hold it dense: this makes the dense copy each time it is
    /// asked for (for a fallback factorisation).
    public var matrix: DenseMatrix { dense ?? sparseForm!.columns.toDense() }
    /// `M` as given when dense; nil when the iteration was made from a sparse `M`.
    let dense: DenseMatrix?
    /// The dimension `n`.
    public let dimension: Int
    /// The size of each diagonal block; `n` is a multiple of it.
    public let blockSize: Int
    /// The LU factors of the diagonal blocks, in order.
    let blocks: [DenseLU]
    /// The diagonal blocks as given (column-major, `blockSize²` each), kept to recognise the same blocks in the next matrix.
    let originals: [[Double]]
    /// How many diagonal blocks were taken, already factorised, from a previous iteration (``DiagonalBlocks``).
    public let reusedBlocks: Int

    /// The diagonal blocks of an iteration and their LU factors, handed to the next iteration of a
    /// series (``init(sparse:blockSize:reusing:)``): a block equal entry for entry is not factorised again.
    public struct DiagonalBlocks: Sendable {
        let blockSize: Int
        let originals: [[Double]]
        let factors: [DenseLU]
        /// The number of blocks.
        public var count: Int { factors.count }
    }

    /// This iteration's diagonal blocks and factors, for the next matrix of a series.
    public var diagonalBlocks: DiagonalBlocks { DiagonalBlocks(blockSize: blockSize, originals: originals, factors: blocks) }

    /// The iteration needs a square matrix whose size is a multiple of the block size.
    static func checkShape(rows: Int, columns: Int, blockSize: Int) throws {
        guard rows == columns, blockSize > 0, rows % blockSize == 0 else {
            throw NumericsError(
                .dimensionMismatch,
                "block-Jacobi needs a square matrix whose size is a multiple of the block size, got \(rows)×\(columns) with blocks of \(blockSize)"
            )
        }
    }

    /// Factorises the diagonal blocks given by `block(r)` (column-major), each taken from `previous`
    /// when it holds the same block at the same place.
    static func factorise(
        count: Int, blockSize s: Int, previous: DiagonalBlocks?, block: (Int) -> DenseMatrix
    ) throws -> (factors: [DenseLU], originals: [[Double]], reused: Int) {
        var factors: [DenseLU] = [], originals: [[Double]] = []
        factors.reserveCapacity(count)
        originals.reserveCapacity(count)
        var reused = 0
        let usable = previous.flatMap { $0.blockSize == s && $0.count == count ? $0 : nil }
        for r in 0..<count {
            let b = block(r)
            originals.append(b.elements)
            if let usable, usable.originals[r] == b.elements {
                factors.append(usable.factors[r])
                reused += 1
                continue
            }
            do { factors.append(try DenseLU(overwriting: b)) } catch let e as NumericsError where e.code == .singular {
                throw NumericsError(.singular, "diagonal block \(r) is singular", index: r * s + (e.index ?? 0), status: e.status)
            }
        }
        return (factors, originals, reused)
    }
    /// `matrix` in CSC form when the products with it are sparse (nil: dense GEMM).
    let sparseForm: SparseForm?

    /// The matrix in CSC form and its transpose in CSC form (= the matrix by rows), so that both `M X`
    /// and `Mᵀ X` are row-gathering products (no scattered writes). A reference: the iteration is copied
    /// into enums and models cheaply.
    final class SparseForm: Sendable {
        let columns: SparseMatrix
        let rows: SparseMatrix
        init(_ matrix: SparseMatrix) {
            columns = matrix
            rows = matrix.transposed()
        }
        /// M X, or Mᵀ X when `transpose`.
        func times(_ x: DenseMatrix, transpose: Bool) throws -> DenseMatrix {
            try (transpose ? columns : rows).multiply(x, transpose: true)
        }
    }

    /// Whether each step multiplies by the sparse form of `matrix` (``SparseMatrix/multiply(_:transpose:threads:)``)
    /// instead of a dense GEMM.
    public var usesSparseProducts: Bool { sparseForm != nil }

    /// The outcome of one iterative solve.
    public struct Result: Sendable {
        /// The solution (its last iterate when the iteration did not converge).
        public var solution: DenseMatrix
        /// Iterations done (products with `M`).
        public var iterations: Int
        /// The largest over the columns of ‖b − M x‖∞ / ‖b‖∞ at the last iterate.
        public var relativeResidual: Double
        /// The residual's contraction per iteration over the last steps (nil before two steps).
        public var observedRate: Double?
        /// Whether `relativeResidual` reached the tolerance (or stagnated at machine precision below `acceptable`).
        public var converged: Bool
    }

    /// Factorises the diagonal blocks of `matrix` (`blockSize` × `blockSize` each); with `sparseProducts`,
    /// keeps a CSC copy of `matrix` for the products of every step (worth it below ~20 % non-zeros).
    /// A block equal entry for entry to the same block of `previous` (the last matrix of a series) takes its factors.
    ///
    /// - throws: ``NumericsError`` `.dimensionMismatch` when `matrix` is not square or `n` is not a
    ///   multiple of `blockSize`; `.singular` (index: the row of `matrix`) when a diagonal block is singular.
    public init(matrix: DenseMatrix, blockSize: Int, sparseProducts: Bool = false, reusing previous: DiagonalBlocks? = nil) throws {
        try Self.checkShape(rows: matrix.rows, columns: matrix.columns, blockSize: blockSize)
        let n = matrix.rows, s = blockSize
        let made = try Self.factorise(count: n / s, blockSize: s, previous: previous) { r in
            DenseMatrix(rows: s, columns: s) { i, j in matrix.elements[(r * s + i) + (r * s + j) * n] }
        }
        self.dense = matrix
        self.dimension = n
        self.blockSize = blockSize
        (self.blocks, self.originals, self.reusedBlocks) = made
        self.sparseForm = sparseProducts ? SparseForm(try SparseMatrix(dense: matrix)) : nil
    }

    /// As ``init(matrix:blockSize:sparseProducts:)`` for an `M` given sparse: the diagonal blocks are
    /// copied out dense and factorised, every step's product is sparse, and `M` is never held dense.
    ///
    /// ```swift
    /// let it = try BlockJacobiIteration(sparse: iMinusA, blockSize: 200)   // 49 regions × 200 sectors
    /// it.usesSparseProducts   // true
    /// ```
    ///
    /// - throws: as ``init(matrix:blockSize:sparseProducts:)``.
    public init(sparse matrix: SparseMatrix, blockSize: Int, reusing previous: DiagonalBlocks? = nil) throws {
        try Self.checkShape(rows: matrix.rows, columns: matrix.columns, blockSize: blockSize)
        let n = matrix.rows, s = blockSize
        let made = try Self.factorise(count: n / s, blockSize: s, previous: previous) { r in
            var block = DenseMatrix.zeros(rows: s, columns: s)
            block.withUnsafeMutableElements { b in
                for j in 0..<s {
                    let column = r * s + j
                    for p in Int(matrix.columnPointers[column])..<Int(matrix.columnPointers[column + 1]) {
                        let i = Int(matrix.rowIndices[p]) - r * s
                        if i >= 0 && i < s { b[i + j * s] += matrix.values[p] }
                    }
                }
            }
            return block
        }
        self.dense = nil
        self.dimension = n
        self.blockSize = blockSize
        (self.blocks, self.originals, self.reusedBlocks) = made
        self.sparseForm = SparseForm(matrix)
    }

    /// The column sums of |D⁻¹ (D − M)|ᵀ-weighted form `1ᵀ D⁻¹ (D − M)` = `1 − Mᵀ w` with `Dᵀ w = 1`:
    /// one transposed solve per block and one GEMV. Their largest absolute value bounds the
    /// iteration's contraction when `D⁻¹ ≥ 0` and `D − M ≥ 0` (input-output systems); their mean
    /// estimates it (the Perron root lies between the smallest and the largest column sum).
    public func contractionColumnSums() throws -> [Double] {
        var w = DenseMatrix(rows: dimension, columns: 1, repeating: 1)
        try w.withUnsafeMutableElements { try applyBlockInverse(to: $0, columns: 1, transpose: true) }
        let mtw = try sparseForm.map { try $0.times(w, transpose: true).elements } ?? dense!.multiply(w.elements, transpose: true)
        return mtw.map { 1 - $0 }
    }

    /// Solves `M X = B` (`Mᵀ X = B` when `transpose`), starting from `start` (default `D⁻¹ B`).
    ///
    /// Stops when the relative residual is at most `tolerance`, when it stagnates at or below
    /// `acceptable` (rounding), or — not converged — when the observed contraction predicts more than
    /// `maxIterations` steps, or after `maxIterations`.
    ///
    /// With sparse products the whole solve runs with OpenBLAS on one thread (``BLASThreads``): its own
    /// workers do the products and the block solves in parallel.
    public func solve(
        _ b: DenseMatrix, transpose: Bool = false, start: DenseMatrix? = nil, tolerance: Double = 1e-15, acceptable: Double = 1e-14,
        maxIterations: Int = 200
    ) throws -> Result {
        guard sparseForm != nil else {
            return try iterate(b, transpose: transpose, start: start, tolerance: tolerance, acceptable: acceptable, maxIterations: maxIterations)
        }
        return try BLASThreads.singleThreaded {
            try iterate(b, transpose: transpose, start: start, tolerance: tolerance, acceptable: acceptable, maxIterations: maxIterations)
        }
    }

    /// The iteration of ``solve(_:transpose:start:tolerance:acceptable:maxIterations:)``.
    func iterate(
        _ b: DenseMatrix, transpose: Bool, start: DenseMatrix?, tolerance: Double, acceptable: Double, maxIterations: Int
    ) throws -> Result {
        guard b.rows == dimension, start.map({ $0.rows == b.rows && $0.columns == b.columns }) ?? true else {
            throw NumericsError(.dimensionMismatch, "right-hand sides have \(b.rows) rows, the matrix is \(dimension)×\(dimension)")
        }
        try requireFinite(b.elements, "right-hand side")
        let norms = columnMaxNorms(b)
        var x: DenseMatrix
        if let start {
            x = start
        } else {
            x = b
            try x.withUnsafeMutableElements { try applyBlockInverse(to: $0, columns: b.columns, transpose: transpose) }
        }
        var history: [Double] = []
        while true {
            var r = try residual(b, x, transpose: transpose)
            let res = zip(columnMaxNorms(r), norms).map { $1 > 0 ? $0 / $1 : $0 }.max() ?? 0
            guard res.isFinite else { break }
            history.append(res)
            let rate = Self.rate(history)
            if res <= tolerance || (res <= acceptable && (rate ?? 0) > 0.5) {
                return Result(solution: x, iterations: history.count - 1, relativeResidual: res, observedRate: rate, converged: true)
            }
            if history.count > maxIterations || Self.hopeless(history, tolerance: tolerance, maxIterations: maxIterations) { break }
            try r.withUnsafeMutableElements { try applyBlockInverse(to: $0, columns: b.columns, transpose: transpose) }
            x.withUnsafeMutableElements { xp in
                r.elements.withUnsafeBufferPointer { rp in cblas_daxpy(Int32(xp.count), 1, rp.baseAddress, 1, xp.baseAddress, 1) }
            }
        }
        return Result(
            solution: x, iterations: max(history.count - 1, 0), relativeResidual: history.last ?? .infinity, observedRate: Self.rate(history),
            converged: false)
    }

    /// The contraction of the residual over the last two steps (geometric mean), nil before two steps.
    static func rate(_ history: [Double]) -> Double? {
        guard history.count >= 3, history[history.count - 3] > 0 else { return nil }
        return (history[history.count - 1] / history[history.count - 3]).squareRoot()
    }

    /// Whether, after a few steps, the observed contraction cannot reach `tolerance` within `maxIterations`.
    static func hopeless(_ history: [Double], tolerance: Double, maxIterations: Int) -> Bool {
        guard history.count >= 4, let rate = rate(history), let last = history.last else { return false }
        if rate >= 1 { return true }
        let more = log(tolerance / last) / log(rate)
        return Double(history.count - 1) + more > Double(maxIterations)
    }

    /// B − M X (or B − Mᵀ X): one GEMM, or one sparse product.
    func residual(_ b: DenseMatrix, _ x: DenseMatrix, transpose: Bool) throws -> DenseMatrix {
        var r = b
        let n = try checkedInt32(dimension, "dimension"), m = try checkedInt32(b.columns, "right-hand sides")
        guard n > 0, m > 0 else { return r }
        if let sparseForm {
            let p = try sparseForm.times(x, transpose: transpose)
            r.withUnsafeMutableElements { rp in
                p.elements.withUnsafeBufferPointer { pp in cblas_daxpy(Int32(rp.count), -1, pp.baseAddress, 1, rp.baseAddress, 1) }
            }
            return r
        }
        dense!.elements.withUnsafeBufferPointer { a in
            x.elements.withUnsafeBufferPointer { xp in
                r.elements.withUnsafeMutableBufferPointer { rp in
                    cblas_dgemm(
                        CblasColMajor, transpose ? CblasTrans : CblasNoTrans, CblasNoTrans, n, m, n, -1, a.baseAddress, n, xp.baseAddress, n, 1,
                        rp.baseAddress, n)
                }
            }
        }
        return r
    }

    /// Overwrites the n × `columns` block `v` with D⁻¹ v (or D⁻ᵀ v): one `dgetrs` per diagonal block, in place.
    /// With sparse products the blocks are solved by parallel workers (OpenBLAS then runs single-threaded,
    /// see ``solve(_:transpose:start:tolerance:acceptable:maxIterations:)``); otherwise in order, each
    /// `dgetrs` using OpenBLAS's threads.
    func applyBlockInverse(to v: UnsafeMutableBufferPointer<Double>, columns: Int, transpose: Bool) throws {
        let workers = sparseForm == nil ? 1 : min(ParallelLoop.processors, blocks.count)
        guard workers > 1 else {
            for (r, lu) in blocks.enumerated() {
                try lu.solveStrided(v.baseAddress! + r * blockSize, leadingDimension: dimension, columns: columns, transpose: transpose)
            }
            return
        }
        let job = BlockSolves(
            blocks: blocks, base: v.baseAddress!, blockSize: blockSize, dimension: dimension, columns: columns, transpose: transpose)
        try ParallelLoop.run(workers) { t in
            for r in stride(from: t, to: blocks.count, by: workers) { try job.solve(r) }
        }
    }

    /// ‖column‖∞ of every column.
    func columnMaxNorms(_ m: DenseMatrix) -> [Double] {
        guard m.rows > 0 else { return [Double](repeating: 0, count: m.columns) }
        return m.elements.withUnsafeBufferPointer { p in
            (0..<m.columns).map { j in
                let i = Int(cblas_idamax(Int32(m.rows), p.baseAddress! + j * m.rows, 1))
                return abs(p[j * m.rows + i])
            }
        }
    }
}

/// The block solves of one application of D⁻¹, shared by the workers (each solves its own blocks, which
/// are disjoint row ranges of the buffer).
private struct BlockSolves: @unchecked Sendable {
    let blocks: [DenseLU]
    let base: UnsafeMutablePointer<Double>
    let blockSize: Int
    let dimension: Int
    let columns: Int
    let transpose: Bool

    func solve(_ r: Int) throws {
        try blocks[r].solveStrided(base + r * blockSize, leadingDimension: dimension, columns: columns, transpose: transpose)
    }
}
