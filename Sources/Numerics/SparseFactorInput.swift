/// Which matrix a sparse factorisation actually factorises.
///
/// Solutions are always those of the matrix given by the caller: with
/// ``transpose``, `Aᵀ` is factorised and systems `A x = b` are solved with
/// the transposed solve of that factorisation, `(Aᵀ)ᵀ x = b`.
///
/// Factorising the transpose pays off for matrices such as life-cycle
/// technology matrices, which are close to triangular: the ordering and
/// pivoting heuristics of UMFPACK and KLU often produce sparser factors for
/// `Aᵀ`. Try both on your data:
///
/// ```swift
/// let lu = try SparseLU(technology, orientation: .transpose)
/// let scaling = try lu.solve(demand)   // still solves A s = f
/// ```
public enum FactorOrientation: Sendable, Hashable, CaseIterable {
    /// Factorise `A` itself.
    case direct
    /// Factorise `Aᵀ` and solve with the swapped system flag.
    case transpose
}

/// Copies of the CSC arrays in C-owned memory, as required by UMFPACK and KLU
/// (KLU takes non-const pointers). The factorised matrix is `A` or `Aᵀ`
/// depending on the orientation; `valueMap` maps positions of the factorised
/// matrix to positions of the caller's `A`.
final class SparseFactorInput {
    let dimension: Int
    let n: Int32
    let nonZeroCount: Int
    let columnPointers: UnsafeMutablePointer<Int32>
    let rowIndices: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<Double>
    /// `values[k] = a.values[valueMap[k]]` for the transpose orientation.
    let valueMap: [Int]?
    /// The caller's matrix (not transposed), with its current values.
    private(set) var matrix: SparseMatrix

    init(_ a: SparseMatrix, orientation: FactorOrientation, solverName: String) throws {
        guard a.isSquare else {
            throw NumericsError(
                .dimensionMismatch, "\(solverName) needs a square matrix, got \(a.rows)×\(a.columns)")
        }
        try requireFinite(a.values, "matrix values")
        let factored: SparseMatrix
        switch orientation {
        case .direct:
            factored = a
            valueMap = nil
        case .transpose:
            let (t, map) = a.transposedWithMap()
            factored = t
            valueMap = map
        }
        dimension = a.rows
        n = try checkedInt32(a.rows, "dimension")
        nonZeroCount = a.nonZeroCount
        matrix = a
        columnPointers = .allocate(capacity: dimension + 1)
        rowIndices = .allocate(capacity: max(1, nonZeroCount))
        values = .allocate(capacity: max(1, nonZeroCount))
        factored.columnPointers.withUnsafeBufferPointer {
            columnPointers.initialize(from: $0.baseAddress!, count: dimension + 1)
        }
        factored.rowIndices.withUnsafeBufferPointer {
            if let base = $0.baseAddress { rowIndices.initialize(from: base, count: nonZeroCount) }
        }
        factored.values.withUnsafeBufferPointer {
            if let base = $0.baseAddress { values.initialize(from: base, count: nonZeroCount) }
        }
    }

    /// Replaces the values (given in the order of the caller's `A`).
    func load(values newValues: [Double]) throws {
        guard newValues.count == nonZeroCount else {
            throw NumericsError(
                .dimensionMismatch,
                "refactor needs \(nonZeroCount) values (same pattern), got \(newValues.count)")
        }
        try requireFinite(newValues, "matrix values")
        matrix = try matrix.withValues(newValues)
        newValues.withUnsafeBufferPointer { src in
            if let map = valueMap {
                for k in 0..<nonZeroCount { values[k] = src[map[k]] }
            } else if let base = src.baseAddress {
                values.update(from: base, count: nonZeroCount)
            }
        }
    }

    deinit {
        columnPointers.deallocate()
        rowIndices.deallocate()
        values.deallocate()
    }
}
