/// A sparse matrix in compressed sparse column (CSC) format.
///
/// This is the format consumed by UMFPACK and KLU. The entries of column `j`
/// are stored at positions `columnPointers[j] ..< columnPointers[j + 1]` of
/// ``rowIndices`` and ``values``. Within each column, row indices are
/// strictly increasing: there are no duplicates. Explicit zeros are allowed
/// and kept (they are part of the sparsity pattern, which matters when a
/// factorisation is refactored with new values).
///
/// Build matrices from (row, column, value) triplets; duplicates are summed:
///
/// ```swift
/// // [ 1  0  2 ]
/// // [ 0  3  0 ]
/// let a = try SparseMatrix(rows: 2, columns: 3, triplets: [
///     (row: 0, column: 0, value: 1),
///     (row: 1, column: 1, value: 1),
///     (row: 1, column: 1, value: 2),   // summed with the previous entry
///     (row: 0, column: 2, value: 2),
/// ])
/// a.nonZeroCount          // 3
/// try a.multiply([1, 1, 1])   // [3, 3]
/// ```
///
/// Indices are stored as `Int32` because the `umfpack_di_*` and `klu_*`
/// routines use 32-bit `int` indices.
public struct SparseMatrix: Sendable, Equatable, Hashable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// Column pointers, `columns + 1` values, starting at 0 and ending at
    /// ``nonZeroCount``.
    public let columnPointers: [Int32]
    /// Row index of each stored entry, strictly increasing within a column.
    public let rowIndices: [Int32]
    /// Value of each stored entry, parallel to ``rowIndices``.
    public private(set) var values: [Double]

    // MARK: - Creating matrices

    /// Creates a matrix from raw CSC arrays, validating them.
    ///
    /// ```swift
    /// // [ 4  0 ]
    /// // [ 1  5 ]
    /// let a = try SparseMatrix(
    ///     rows: 2, columns: 2,
    ///     columnPointers: [0, 2, 3],
    ///     rowIndices: [0, 1, 1],
    ///     values: [4, 1, 5])
    /// ```
    ///
    /// - throws: ``NumericsError/Code/invalidStructure`` if the column
    ///   pointers are not `columns + 1` non-decreasing values from 0 to the
    ///   number of entries, if `rowIndices` and `values` have different
    ///   lengths, or if a row index is out of range, unsorted or duplicated
    ///   within its column (the error's `index` is the offending position).
    ///   ``NumericsError/Code/invalidArgument`` for negative or too large
    ///   dimensions.
    public init(
        rows: Int,
        columns: Int,
        columnPointers: [Int32],
        rowIndices: [Int32],
        values: [Double]
    ) throws {
        try Self.validateDimensions(rows: rows, columns: columns)
        guard columnPointers.count == columns + 1 else {
            throw NumericsError(
                .invalidStructure,
                "expected \(columns + 1) column pointers, got \(columnPointers.count)")
        }
        guard rowIndices.count == values.count else {
            throw NumericsError(
                .invalidStructure,
                "rowIndices has \(rowIndices.count) entries but values has \(values.count)")
        }
        guard columnPointers[0] == 0 else {
            throw NumericsError(.invalidStructure, "columnPointers[0] must be 0, got \(columnPointers[0])", index: 0)
        }
        guard Int(columnPointers[columns]) == rowIndices.count else {
            throw NumericsError(
                .invalidStructure,
                "columnPointers[\(columns)] = \(columnPointers[columns]) but there are \(rowIndices.count) entries",
                index: columns)
        }
        let rows32 = Int32(rows)
        for j in 0..<columns {
            let start = columnPointers[j], end = columnPointers[j + 1]
            guard start <= end else {
                throw NumericsError(
                    .invalidStructure,
                    "column pointers decrease at column \(j) (\(start) > \(end))", index: j)
            }
            var previous: Int32 = -1
            for p in Int(start)..<Int(end) {
                let i = rowIndices[p]
                guard i >= 0, i < rows32 else {
                    throw NumericsError(
                        .invalidStructure,
                        "row index \(i) out of range 0..<\(rows) in column \(j)", index: p)
                }
                guard i > previous else {
                    throw NumericsError(
                        .invalidStructure,
                        "row indices of column \(j) are not strictly increasing (\(previous) then \(i))",
                        index: p)
                }
                previous = i
            }
        }
        self.rows = rows
        self.columns = columns
        self.columnPointers = columnPointers
        self.rowIndices = rowIndices
        self.values = values
    }

    /// Creates a matrix without validation. The caller guarantees the CSC
    /// invariants.
    init(unchecked rows: Int, _ columns: Int, _ columnPointers: [Int32], _ rowIndices: [Int32], _ values: [Double]) {
        self.rows = rows
        self.columns = columns
        self.columnPointers = columnPointers
        self.rowIndices = rowIndices
        self.values = values
    }

    /// Creates a matrix from (row, column, value) triplets.
    ///
    /// Entries with the same row and column are summed, in the order given.
    /// Nothing is dropped: an entry whose value is (or sums to) zero stays in
    /// the sparsity pattern as an explicit zero.
    ///
    /// ```swift
    /// let a = try SparseMatrix(rows: 3, columns: 3, triplets: [
    ///     (0, 0, 1.0), (1, 1, 1.0), (2, 2, 1.0),
    ///     (1, 0, -0.5),
    /// ])
    /// ```
    ///
    /// - throws: ``NumericsError/Code/invalidArgument`` if an index is out of
    ///   range (the error's `index` is the position of the triplet).
    public init(rows: Int, columns: Int, triplets: [(row: Int, column: Int, value: Double)]) throws {
        try self.init(
            rows: rows, columns: columns,
            rowIndices: triplets.map(\.row),
            columnIndices: triplets.map(\.column),
            values: triplets.map(\.value))
    }

    /// Creates a matrix from triplets given as three parallel arrays.
    ///
    /// Entries with the same row and column are summed, in the order given;
    /// nothing is dropped. This is the fastest way to assemble a large matrix
    /// (the assembly is a two-pass bucket sort, linear in the number of
    /// entries).
    ///
    /// ```swift
    /// let a = try SparseMatrix(
    ///     rows: 2, columns: 2,
    ///     rowIndices:    [0, 1, 1],
    ///     columnIndices: [0, 0, 1],
    ///     values:        [4, 1, 5])
    /// ```
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if the arrays
    ///   have different lengths; ``NumericsError/Code/invalidArgument`` if an
    ///   index is out of range (the error's `index` is the triplet position).
    public init(rows: Int, columns: Int, rowIndices: [Int], columnIndices: [Int], values: [Double]) throws {
        try Self.validateDimensions(rows: rows, columns: columns)
        let count = values.count
        guard rowIndices.count == count, columnIndices.count == count else {
            throw NumericsError(
                .dimensionMismatch,
                "triplet arrays differ in length: \(rowIndices.count) rows, \(columnIndices.count) columns, \(count) values")
        }
        for k in 0..<count {
            let i = rowIndices[k], j = columnIndices[k]
            guard i >= 0, i < rows, j >= 0, j < columns else {
                throw NumericsError(
                    .invalidArgument,
                    "triplet \(k) at (\(i), \(j)) is outside a \(rows)×\(columns) matrix", index: k)
            }
        }
        _ = try checkedInt32(count, "number of triplets")

        // Pass 1: stable bucket sort of triplet positions by row.
        var rowStart = [Int](repeating: 0, count: rows + 1)
        for i in rowIndices { rowStart[i + 1] += 1 }
        for i in 0..<rows { rowStart[i + 1] += rowStart[i] }
        var byRow = [Int](repeating: 0, count: count)
        do {
            var next = rowStart
            for k in 0..<count {
                let i = rowIndices[k]
                byRow[next[i]] = k
                next[i] += 1
            }
        }
        // Pass 2: stable bucket sort by column; rows end up sorted within columns.
        var columnStart = [Int](repeating: 0, count: columns + 1)
        for j in columnIndices { columnStart[j + 1] += 1 }
        for j in 0..<columns { columnStart[j + 1] += columnStart[j] }
        var ordered = [Int](repeating: 0, count: count)
        do {
            var next = columnStart
            for k in byRow {
                let j = columnIndices[k]
                ordered[next[j]] = k
                next[j] += 1
            }
        }
        // Pass 3: merge duplicates.
        var pointers = [Int32](repeating: 0, count: columns + 1)
        var outRows = [Int32]()
        var outValues = [Double]()
        outRows.reserveCapacity(count)
        outValues.reserveCapacity(count)
        for j in 0..<columns {
            var lastRow = -1
            for p in columnStart[j]..<columnStart[j + 1] {
                let k = ordered[p]
                let i = rowIndices[k]
                if i == lastRow {
                    outValues[outValues.count - 1] += values[k]
                } else {
                    outRows.append(Int32(i))
                    outValues.append(values[k])
                    lastRow = i
                }
            }
            pointers[j + 1] = Int32(outRows.count)
        }
        self.init(unchecked: rows, columns, pointers, outRows, outValues)
    }

    /// Creates a sparse matrix holding the non-zero elements of a dense
    /// matrix (NaN values are kept).
    ///
    /// ```swift
    /// let s = try SparseMatrix(dense: DenseMatrix.identity(3))
    /// s.nonZeroCount  // 3
    /// ```
    public init(dense: DenseMatrix) throws {
        try Self.validateDimensions(rows: dense.rows, columns: dense.columns)
        let rows = dense.rows, columns = dense.columns
        // Column ranges converted by parallel workers (each scans its columns once), then joined.
        let workers = max(1, min(ParallelLoop.processors, columns / 256))
        var parts = [(indices: [Int32], values: [Double], counts: [Int32])](repeating: ([], [], []), count: workers)
        dense.elements.withUnsafeBufferPointer { e in
            parts.withUnsafeMutableBufferPointer { out in
                let job = DenseColumns(elements: e.baseAddress!, rows: rows, columns: columns, workers: workers, out: out.baseAddress!)
                ParallelLoop.run(workers) { job.convert(part: $0) }
            }
        }
        let count = parts.reduce(0) { $0 + $1.indices.count }
        _ = try checkedInt32(count, "number of non-zeros")
        var pointers = [Int32](repeating: 0, count: columns + 1)
        var rowIndices: [Int32] = [], values: [Double] = []
        rowIndices.reserveCapacity(count)
        values.reserveCapacity(count)
        var j = 0
        for part in parts {
            for c in part.counts {
                pointers[j + 1] = pointers[j] + c
                j += 1
            }
            rowIndices.append(contentsOf: part.indices)
            values.append(contentsOf: part.values)
        }
        self.init(unchecked: rows, columns, pointers, rowIndices, values)
    }

    /// The `n`×`n` sparse identity matrix.
    public static func identity(_ n: Int) -> SparseMatrix {
        precondition(n >= 0 && n < Int(Int32.max), "invalid identity dimension")
        return SparseMatrix(
            unchecked: n, n,
            (0...n).map { Int32($0) },
            (0..<n).map { Int32($0) },
            [Double](repeating: 1, count: n))
    }

    private static func validateDimensions(rows: Int, columns: Int) throws {
        guard rows >= 0, columns >= 0 else {
            throw NumericsError(.invalidArgument, "negative matrix dimensions \(rows)×\(columns)")
        }
        _ = try checkedInt32(rows, "rows")
        _ = try checkedInt32(columns, "columns")
    }

    // MARK: - Properties

    /// The number of stored entries, explicit zeros included.
    public var nonZeroCount: Int { rowIndices.count }

    /// Whether the matrix is square.
    public var isSquare: Bool { rows == columns }

    /// Whether all stored values are finite.
    public var isFinite: Bool { firstNonFinite(values) == nil }

    /// The element at row `i`, column `j` (0 if not stored). Uses a binary
    /// search in column `j`.
    ///
    /// - precondition: indices in range.
    public subscript(i: Int, j: Int) -> Double {
        precondition(i >= 0 && i < rows && j >= 0 && j < columns, "SparseMatrix index out of range")
        if let p = position(row: i, column: j) { return values[p] }
        return 0
    }

    /// The position in ``rowIndices``/``values`` of entry `(i, j)`, or nil if
    /// the entry is not part of the sparsity pattern.
    public func position(row i: Int, column j: Int) -> Int? {
        guard i >= 0, i < rows, j >= 0, j < columns else { return nil }
        var lo = Int(columnPointers[j]), hi = Int(columnPointers[j + 1])
        let target = Int32(i)
        while lo < hi {
            let mid = (lo + hi) / 2
            let r = rowIndices[mid]
            if r == target { return mid }
            if r < target { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// Whether `other` has the same shape and exactly the same sparsity
    /// pattern (column pointers and row indices), regardless of values.
    ///
    /// Factorisations can be refactored with the values of any matrix that
    /// has the same pattern:
    ///
    /// ```swift
    /// if updated.samePattern(as: original) {
    ///     try lu.refactor(values: updated.values)
    /// }
    /// ```
    public func samePattern(as other: SparseMatrix) -> Bool {
        rows == other.rows && columns == other.columns
            && columnPointers == other.columnPointers && rowIndices == other.rowIndices
    }

    /// A matrix with the same pattern and new values.
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if
    ///   `values.count != nonZeroCount`.
    public func withValues(_ values: [Double]) throws -> SparseMatrix {
        guard values.count == nonZeroCount else {
            throw NumericsError(
                .dimensionMismatch, "expected \(nonZeroCount) values, got \(values.count)")
        }
        var copy = self
        copy.values = values
        return copy
    }

    /// The stored entries as (row, column, value) triplets, column by column.
    public var triplets: [(row: Int, column: Int, value: Double)] {
        var result: [(row: Int, column: Int, value: Double)] = []
        result.reserveCapacity(nonZeroCount)
        for j in 0..<columns {
            for p in Int(columnPointers[j])..<Int(columnPointers[j + 1]) {
                result.append((Int(rowIndices[p]), j, values[p]))
            }
        }
        return result
    }

    // MARK: - Operations

    /// The dense equivalent.
    ///
    /// ```swift
    /// let d = sparse.toDense()
    /// ```
    public func toDense() -> DenseMatrix {
        var dense = DenseMatrix.zeros(rows: rows, columns: columns)
        let r = rows
        dense.withUnsafeMutableElements { e in
            for j in 0..<columns {
                for p in Int(columnPointers[j])..<Int(columnPointers[j + 1]) {
                    e[Int(rowIndices[p]) + j * r] += values[p]
                }
            }
        }
        return dense
    }

    /// The product `self × x`, or `selfᵀ × x` when `transpose` is true.
    ///
    /// ```swift
    /// let y = try a.multiply(x)
    /// let residual = zip(y, b).map { $0 - $1 }
    /// ```
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if `x.count` is not
    ///   `columns` (or `rows` when transposed).
    public func multiply(_ x: [Double], transpose: Bool = false) throws -> [Double] {
        let (inputCount, outputCount) = transpose ? (rows, columns) : (columns, rows)
        guard x.count == inputCount else {
            throw NumericsError(
                .dimensionMismatch,
                "cannot multiply a \(rows)×\(columns) sparse matrix\(transpose ? " (transposed)" : "") by a vector of length \(x.count)")
        }
        var y = [Double](repeating: 0, count: outputCount)
        columnPointers.withUnsafeBufferPointer { cp in
            rowIndices.withUnsafeBufferPointer { ri in
                values.withUnsafeBufferPointer { v in
                    x.withUnsafeBufferPointer { xp in
                        y.withUnsafeMutableBufferPointer { yp in
                            for j in 0..<columns {
                                let range = Int(cp[j])..<Int(cp[j + 1])
                                if transpose {
                                    var s = 0.0
                                    for p in range { s += v[p] * xp[Int(ri[p])] }
                                    yp[j] = s
                                } else {
                                    let xj = xp[j]
                                    for p in range { yp[Int(ri[p])] += v[p] * xj }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// The transpose, also in CSC form (with sorted row indices).
    ///
    /// ```swift
    /// let at = a.transposed()
    /// at.rows == a.columns  // true
    /// ```
    public func transposed() -> SparseMatrix {
        transposed(recordingMap: false).matrix
    }

    /// The transpose, and for each entry `k` of the transpose the position
    /// `map[k]` of the same entry in `self`.
    func transposedWithMap() -> (matrix: SparseMatrix, map: [Int]) {
        let t = transposed(recordingMap: true)
        return (t.matrix, t.map)
    }

    /// The transpose (a counting sort of the entries by row); with `recordingMap`, also where each of its entries
    /// is in `self` (else `map` is empty).
    private func transposed(recordingMap: Bool) -> (matrix: SparseMatrix, map: [Int]) {
        let count = nonZeroCount
        var pointers = [Int32](repeating: 0, count: rows + 1)
        for i in rowIndices { pointers[Int(i) + 1] += 1 }
        for i in 0..<rows { pointers[i + 1] += pointers[i] }
        var next = pointers
        var newRows = [Int32](repeating: 0, count: count)
        var newValues = [Double](repeating: 0, count: count)
        var map = [Int](repeating: 0, count: recordingMap ? count : 0)
        columnPointers.withUnsafeBufferPointer { cp in
            rowIndices.withUnsafeBufferPointer { ri in
                values.withUnsafeBufferPointer { v in
                    newRows.withUnsafeMutableBufferPointer { nr in
                        newValues.withUnsafeMutableBufferPointer { nv in
                            next.withUnsafeMutableBufferPointer { nx in
                                map.withUnsafeMutableBufferPointer { mp in
                                    for j in 0..<columns {
                                        for p in Int(cp[j])..<Int(cp[j + 1]) {
                                            let i = Int(ri[p])
                                            let q = Int(nx[i])
                                            nx[i] += 1
                                            nr[q] = Int32(j)
                                            nv[q] = v[p]
                                            if recordingMap { mp[q] = p }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (SparseMatrix(unchecked: columns, rows, pointers, newRows, newValues), map)
    }

    /// The sum of each row (`rows` values; explicit zeros and all).
    ///
    /// ```swift
    /// let x = zip(z.rowSums, y.rowSums).map(+)   // gross output from flows held sparse
    /// ```
    public var rowSums: [Double] {
        var sums = [Double](repeating: 0, count: rows)
        for j in 0..<columns {
            for p in Int(columnPointers[j])..<Int(columnPointers[j + 1]) { sums[Int(rowIndices[p])] += values[p] }
        }
        return sums
    }
}

extension SparseMatrix: CustomStringConvertible {
    /// For example `SparseMatrix(200×200, 812 non-zeros)`.
    public var description: String {
        "SparseMatrix(\(rows)×\(columns), \(nonZeroCount) non-zeros)"
    }
}

/// The parallel conversion of ``SparseMatrix/init(dense:)``: worker `t` converts its range of columns into
/// its own slot of `out` (row indices, values and the number of entries of each column).
private struct DenseColumns: @unchecked Sendable {
    let elements: UnsafePointer<Double>
    let rows: Int
    let columns: Int
    let workers: Int
    let out: UnsafeMutablePointer<(indices: [Int32], values: [Double], counts: [Int32])>

    func convert(part t: Int) {
        let range = (columns * t / workers)..<(columns * (t + 1) / workers)
        var indices: [Int32] = [], values: [Double] = [], counts: [Int32] = []
        counts.reserveCapacity(range.count)
        for j in range {
            let column = elements + j * rows
            var c: Int32 = 0
            for i in 0..<rows where column[i] != 0 {
                indices.append(Int32(truncatingIfNeeded: i))
                values.append(column[i])
                c += 1
            }
            counts.append(c)
        }
        out[t] = (indices, values, counts)
    }
}
