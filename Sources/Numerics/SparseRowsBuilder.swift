/// Builds a ``SparseMatrix`` from rows that arrive in order (as a text table is read): each row's
/// non-zero entries are appended in compressed-row form, and ``finish()`` turns the rows into the
/// column-compressed matrix. A table with few non-zeros is never held dense.
///
/// ```swift
/// var b = SparseRowsBuilder(columns: 3)
/// b.append(row: [0, 2.5, 0])
/// b.append(row: [1, 0, 0])
/// let m = try b.finish()   // 2×3, 2 non-zeros
/// m[0, 1]                   // 2.5
/// ```
public struct SparseRowsBuilder: Sendable {
    /// The number of columns of every row.
    public let columns: Int
    /// The row pointers so far (`rows + 1` entries).
    private var rowPointers: [Int32] = [0]
    private var columnIndices: [Int32] = []
    private var values: [Double] = []

    /// A builder for rows of `columns` values.
    public init(columns: Int) {
        self.columns = columns
    }

    /// The rows appended so far.
    public var rows: Int { rowPointers.count - 1 }

    /// The non-zero entries appended so far.
    public var nonZeroCount: Int { values.count }

    /// Reserves room for `rows` more rows and `nonZeros` more entries.
    public mutating func reserve(rows: Int, nonZeros: Int) {
        rowPointers.reserveCapacity(rowPointers.count + rows)
        columnIndices.reserveCapacity(columnIndices.count + nonZeros)
        values.reserveCapacity(values.count + nonZeros)
    }

    /// Appends one row given densely (`columns` values; zeros are not stored).
    public mutating func append(row: UnsafeBufferPointer<Double>) {
        precondition(row.count == columns, "a row of \(row.count) values for \(columns) columns")
        Self.appendNonZeros(of: row, to: &columnIndices, &values)
        rowPointers.append(Int32(truncatingIfNeeded: values.count))
    }

    /// Appends one row given densely (`columns` values; zeros are not stored).
    public mutating func append(row: [Double]) {
        row.withUnsafeBufferPointer { append(row: $0) }
    }

    /// Appends rows already compressed: `counts[r]` entries each, their column indices (increasing
    /// within a row) and values in order.
    public mutating func append(counts: [Int32], columnIndices c: [Int32], values v: [Double]) {
        precondition(c.count == v.count, "column indices and values differ in length")
        var total = rowPointers[rowPointers.count - 1]
        for k in counts {
            total += k
            rowPointers.append(total)
        }
        columnIndices.append(contentsOf: c)
        values.append(contentsOf: v)
    }

    /// The matrix of the rows appended (`rows × columns`, compressed by column).
    /// - throws: ``NumericsError`` when the matrix has more than `Int32.max` entries.
    public consuming func finish() throws -> SparseMatrix {
        _ = try checkedInt32(values.count, "number of non-zeros")
        _ = try checkedInt32(columns, "columns")
        // The rows in compressed-row form are the transpose in compressed-column form.
        let transpose = SparseMatrix(unchecked: columns, rows, rowPointers, columnIndices, values)
        rowPointers = []
        columnIndices = []
        values = []
        return transpose.transposed()
    }

    /// Compresses a block of rows stored row-major (`rows × columns`): the non-zero count of each row,
    /// and the column indices and values of its non-zeros in order (for ``append(counts:columnIndices:values:)``).
    public static func compress(rowMajor p: UnsafeBufferPointer<Double>, rows: Int, columns: Int) -> (
        counts: [Int32], columnIndices: [Int32], values: [Double]
    ) {
        var counts = [Int32](repeating: 0, count: rows)
        var c: [Int32] = [], v: [Double] = []
        for r in 0..<rows {
            let row = UnsafeBufferPointer(rebasing: p[(r * columns)..<((r + 1) * columns)])
            counts[r] = Int32(truncatingIfNeeded: appendNonZeros(of: row, to: &c, &v))
        }
        return (counts, c, v)
    }

    /// Appends the column index and value of every non-zero of `row`; returns how many.
    static func appendNonZeros(of row: UnsafeBufferPointer<Double>, to c: inout [Int32], _ v: inout [Double]) -> Int {
        var k = 0
        for j in 0..<row.count where row[j] != 0 {
            c.append(Int32(truncatingIfNeeded: j))
            v.append(row[j])
            k += 1
        }
        return k
    }
}
