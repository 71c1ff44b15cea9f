import CLinearAlgebra

/// A dense matrix of `Double` stored in column-major order.
///
/// `DenseMatrix` is a value type: copies are cheap until mutated (copy on
/// write of the underlying array). Element `(i, j)` lives at
/// `elements[i + j * rows]`, which is the layout expected by BLAS and LAPACK,
/// so products and factorisations never copy or transpose the storage.
///
/// ```swift
/// let a = try DenseMatrix(rowMajor: [
///     [1, 2],
///     [3, 4],
/// ])
/// a[1, 0]                                  // 3
/// let b = try a.multiply(DenseMatrix.identity(2))
/// let y = try a.multiply([1, 1])           // [3, 7]
/// ```
///
/// Shape errors (a product of incompatible matrices, a vector of the wrong
/// length) are thrown as ``NumericsError`` with code
/// ``NumericsError/Code/dimensionMismatch``. Subscripts out of range are
/// programmer errors and trap, like `Array`.
public struct DenseMatrix: Sendable, Equatable, Hashable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The elements in column-major order: element `(i, j)` is
    /// `elements[i + j * rows]`.
    public internal(set) var elements: [Double]

    // MARK: - Creating matrices

    /// Creates a matrix from its elements in column-major order.
    ///
    /// ```swift
    /// // [1 3]
    /// // [2 4]
    /// let a = try DenseMatrix(rows: 2, columns: 2, columnMajor: [1, 2, 3, 4])
    /// ```
    ///
    /// - throws: ``NumericsError/Code/invalidArgument`` for negative
    ///   dimensions, ``NumericsError/Code/dimensionMismatch`` if
    ///   `columnMajor.count != rows * columns`.
    public init(rows: Int, columns: Int, columnMajor: [Double]) throws {
        guard rows >= 0, columns >= 0 else {
            throw NumericsError(.invalidArgument, "negative matrix dimensions \(rows)×\(columns)")
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, columnMajor.count == count else {
            throw NumericsError(
                .dimensionMismatch,
                "a \(rows)×\(columns) matrix needs \(rows)×\(columns) elements, got \(columnMajor.count)")
        }
        self.rows = rows
        self.columns = columns
        self.elements = columnMajor
    }

    /// Creates a matrix from an array of rows.
    ///
    /// ```swift
    /// let a = try DenseMatrix(rowMajor: [
    ///     [1, 2, 3],
    ///     [4, 5, 6],
    /// ])
    /// a.rows     // 2
    /// a.columns  // 3
    /// ```
    ///
    /// An empty array gives a 0×0 matrix.
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if the rows do not
    ///   all have the same length (the error's `index` is the first bad row).
    public init(rowMajor: [[Double]]) throws {
        let rows = rowMajor.count
        let columns = rowMajor.first?.count ?? 0
        var elements = [Double](repeating: 0, count: rows * columns)
        for (i, row) in rowMajor.enumerated() {
            guard row.count == columns else {
                throw NumericsError(
                    .dimensionMismatch,
                    "row \(i) has \(row.count) elements, row 0 has \(columns)", index: i)
            }
            for j in 0..<columns {
                elements[i + j * rows] = row[j]
            }
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// Creates a matrix whose element `(i, j)` is `element(i, j)`.
    ///
    /// ```swift
    /// let hilbert = DenseMatrix(rows: 3, columns: 3) { i, j in 1 / Double(i + j + 1) }
    /// ```
    public init(rows: Int, columns: Int, _ element: (_ row: Int, _ column: Int) throws -> Double) rethrows {
        precondition(rows >= 0 && columns >= 0, "negative matrix dimensions")
        var elements = [Double]()
        elements.reserveCapacity(rows * columns)
        for j in 0..<columns {
            for i in 0..<rows {
                elements.append(try element(i, j))
            }
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// Creates a matrix filled with `value`.
    ///
    /// Large matrices (32 MiB and more, e.g. an input-output table's n × n) are filled by parallel
    /// workers, which share the page faults of the first write (``LargeStorage``).
    public init(rows: Int, columns: Int, repeating value: Double) {
        precondition(rows >= 0 && columns >= 0, "negative matrix dimensions")
        self.rows = rows
        self.columns = columns
        self.elements = LargeStorage.filled(value, count: rows * columns)
    }

    /// A matrix of zeros.
    ///
    /// ```swift
    /// var z = DenseMatrix.zeros(rows: 2, columns: 3)
    /// z[0, 2] = 1
    /// ```
    public static func zeros(rows: Int, columns: Int) -> DenseMatrix {
        DenseMatrix(rows: rows, columns: columns, repeating: 0)
    }

    /// The `n`×`n` identity matrix.
    public static func identity(_ n: Int) -> DenseMatrix {
        var m = DenseMatrix.zeros(rows: n, columns: n)
        for i in 0..<n { m.elements[i + i * n] = 1 }
        return m
    }

    /// A square matrix with `diagonal` on its diagonal and zeros elsewhere.
    ///
    /// ```swift
    /// let d = DenseMatrix(diagonal: [1, 2, 3])
    /// ```
    public init(diagonal: [Double]) {
        let n = diagonal.count
        self = .zeros(rows: n, columns: n)
        for i in 0..<n { elements[i + i * n] = diagonal[i] }
    }

    // MARK: - Accessing elements

    /// The element at row `i` and column `j` (0-based).
    ///
    /// ```swift
    /// var a = DenseMatrix.zeros(rows: 2, columns: 2)
    /// a[0, 1] = 5
    /// ```
    ///
    /// - precondition: `0 <= i < rows` and `0 <= j < columns`.
    public subscript(i: Int, j: Int) -> Double {
        get {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "DenseMatrix index out of range")
            return elements[i + j * rows]
        }
        set {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "DenseMatrix index out of range")
            elements[i + j * rows] = newValue
        }
    }

    /// Column `j` as an array of `rows` values.
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "DenseMatrix column out of range")
        return Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// Row `i` as an array of `columns` values.
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "DenseMatrix row out of range")
        return elements.withUnsafeBufferPointer { e in
            (0..<columns).map { e[i + $0 * rows] }
        }
    }

    /// Replaces column `j` with `values`.
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if
    ///   `values.count != rows`.
    public mutating func setColumn(_ j: Int, to values: [Double]) throws {
        precondition(j >= 0 && j < columns, "DenseMatrix column out of range")
        guard values.count == rows else {
            throw NumericsError(.dimensionMismatch, "column needs \(rows) values, got \(values.count)")
        }
        elements.replaceSubrange((j * rows)..<((j + 1) * rows), with: values)
    }

    /// Calls `body` with the mutable column-major storage, for fast bulk
    /// writes. The buffer must not escape `body`.
    ///
    /// ```swift
    /// var a = DenseMatrix.zeros(rows: 1000, columns: 1000)
    /// a.withUnsafeMutableElements { e in
    ///     for k in e.indices { e[k] = Double(k) }
    /// }
    /// ```
    public mutating func withUnsafeMutableElements<R>(
        _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
    ) rethrows -> R {
        try elements.withUnsafeMutableBufferPointer { try body(&$0) }
    }

    /// Whether the matrix is square.
    public var isSquare: Bool { rows == columns }

    /// Whether all elements are finite (no NaN, no infinity).
    public var isFinite: Bool { firstNonFinite(elements) == nil }

    // MARK: - Transformations

    /// The transpose.
    ///
    /// ```swift
    /// let a = try DenseMatrix(rowMajor: [[1, 2, 3]])
    /// a.transposed()  // 3×1
    /// ```
    public func transposed() -> DenseMatrix {
        var result = DenseMatrix.zeros(rows: columns, columns: rows)
        let (r, c) = (rows, columns)
        elements.withUnsafeBufferPointer { src in
            result.elements.withUnsafeMutableBufferPointer { dst in
                for j in 0..<c {
                    for i in 0..<r {
                        dst[j + i * c] = src[i + j * r]
                    }
                }
            }
        }
        return result
    }

    /// The sum of each column (a vector of length `columns`).
    ///
    /// ```swift
    /// try DenseMatrix(rowMajor: [[1, 2], [3, 4]]).columnSums  // [4, 6]
    /// ```
    public var columnSums: [Double] {
        let r = rows
        return elements.withUnsafeBufferPointer { e in
            (0..<columns).map { j in
                var s = 0.0
                for i in 0..<r { s += e[i + j * r] }
                return s
            }
        }
    }

    /// The sum of each row (a vector of length `rows`).
    ///
    /// ```swift
    /// try DenseMatrix(rowMajor: [[1, 2], [3, 4]]).rowSums  // [3, 7]
    /// ```
    public var rowSums: [Double] {
        var sums = [Double](repeating: 0, count: rows)
        let r = rows
        elements.withUnsafeBufferPointer { e in
            sums.withUnsafeMutableBufferPointer { s in
                for j in 0..<columns {
                    for i in 0..<r { s[i] += e[i + j * r] }
                }
            }
        }
        return sums
    }

    /// The matrix multiplied by a scalar.
    public func scaled(by factor: Double) -> DenseMatrix {
        var result = self
        result.elements.withUnsafeMutableBufferPointer { e in
            for k in e.indices { e[k] *= factor }
        }
        return result
    }

    /// The matrix with column `j` multiplied by `factors[j]` (the product with diag(factors) on the right).
    ///
    /// ```swift
    /// let s = f.scalingColumns(by: x.map { $0 != 0 ? 1 / $0 : 0 })   // intensities F · diag(1/x)
    /// ```
    public func scalingColumns(by factors: [Double]) -> DenseMatrix {
        precondition(factors.count == columns, "\(factors.count) factors for \(columns) columns")
        var result = self
        let r = rows
        result.elements.withUnsafeMutableBufferPointer { e in
            for j in 0..<factors.count { for i in 0..<r { e[i + j * r] *= factors[j] } }
        }
        return result
    }

    /// The matrix with row `i` multiplied by `factors[i]` (the product with diag(factors) on the left).
    public func scalingRows(by factors: [Double]) -> DenseMatrix {
        precondition(factors.count == rows, "\(factors.count) factors for \(rows) rows")
        var result = self
        let r = rows
        result.elements.withUnsafeMutableBufferPointer { e in
            for j in 0..<columns { for i in 0..<r { e[i + j * r] *= factors[i] } }
        }
        return result
    }

    /// The elementwise sum `self + other`.
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if the shapes differ.
    public func adding(_ other: DenseMatrix) throws -> DenseMatrix {
        try combined(with: other, operation: "add") { $0 + $1 }
    }

    /// The elementwise difference `self - other`.
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if the shapes differ.
    public func subtracting(_ other: DenseMatrix) throws -> DenseMatrix {
        try combined(with: other, operation: "subtract") { $0 - $1 }
    }

    @inline(__always)
    private func combined(
        with other: DenseMatrix, operation: String, _ f: (Double, Double) -> Double
    ) throws -> DenseMatrix {
        guard rows == other.rows, columns == other.columns else {
            throw NumericsError(
                .dimensionMismatch,
                "cannot \(operation) a \(other.rows)×\(other.columns) matrix and a \(rows)×\(columns) matrix")
        }
        var result = self
        other.elements.withUnsafeBufferPointer { b in
            result.elements.withUnsafeMutableBufferPointer { a in
                for k in a.indices { a[k] = f(a[k], b[k]) }
            }
        }
        return result
    }

    // MARK: - Products (BLAS)

    /// The matrix product `self × other`, computed with `cblas_dgemm`.
    ///
    /// ```swift
    /// let a = try DenseMatrix(rowMajor: [[1, 2], [3, 4]])
    /// let b = try DenseMatrix(rowMajor: [[5, 6], [7, 8]])
    /// let c = try a.multiply(b)   // [[19, 22], [43, 50]]
    /// ```
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if
    ///   `columns != other.rows`.
    public func multiply(_ other: DenseMatrix) throws -> DenseMatrix {
        guard columns == other.rows else {
            throw NumericsError(
                .dimensionMismatch,
                "cannot multiply a \(rows)×\(columns) matrix by a \(other.rows)×\(other.columns) matrix")
        }
        var result = DenseMatrix.zeros(rows: rows, columns: other.columns)
        if rows == 0 || other.columns == 0 || columns == 0 { return result }
        let m = try checkedInt32(rows, "rows")
        let n = try checkedInt32(other.columns, "columns")
        let k = try checkedInt32(columns, "inner dimension")
        elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                result.elements.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(
                        CblasColMajor, CblasNoTrans, CblasNoTrans,
                        m, n, k,
                        1.0, a.baseAddress, m,
                        b.baseAddress, k,
                        0.0, c.baseAddress, m)
                }
            }
        }
        return result
    }

    /// The matrix–vector product `self × x` (or `selfᵀ × x` when `transpose`
    /// is true), computed with `cblas_dgemv`.
    ///
    /// ```swift
    /// let a = try DenseMatrix(rowMajor: [[1, 2], [3, 4]])
    /// try a.multiply([1, 1])                   // [3, 7]
    /// try a.multiply([1, 1], transpose: true)  // [4, 6]
    /// ```
    ///
    /// - throws: ``NumericsError/Code/dimensionMismatch`` if `x.count` is not
    ///   `columns` (or `rows` when transposed).
    public func multiply(_ x: [Double], transpose: Bool = false) throws -> [Double] {
        let (inputCount, outputCount) = transpose ? (rows, columns) : (columns, rows)
        guard x.count == inputCount else {
            throw NumericsError(
                .dimensionMismatch,
                "cannot multiply a \(rows)×\(columns) matrix\(transpose ? " (transposed)" : "") by a vector of length \(x.count)")
        }
        var y = [Double](repeating: 0, count: outputCount)
        if rows == 0 || columns == 0 { return y }
        let m = try checkedInt32(rows, "rows")
        let n = try checkedInt32(columns, "columns")
        elements.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    cblas_dgemv(
                        CblasColMajor, transpose ? CblasTrans : CblasNoTrans,
                        m, n, 1.0, a.baseAddress, m,
                        xp.baseAddress, 1, 0.0, yp.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// The matrix product, see `multiply(_:)` (matrix × matrix).
    ///
    /// ```swift
    /// let c = try a * b
    /// ```
    public static func * (lhs: DenseMatrix, rhs: DenseMatrix) throws -> DenseMatrix {
        try lhs.multiply(rhs)
    }

    /// The matrix–vector product, see ``multiply(_:transpose:)``.
    ///
    /// ```swift
    /// let y = try a * x
    /// ```
    public static func * (lhs: DenseMatrix, rhs: [Double]) throws -> [Double] {
        try lhs.multiply(rhs)
    }

    /// The elementwise sum, see ``adding(_:)``.
    public static func + (lhs: DenseMatrix, rhs: DenseMatrix) throws -> DenseMatrix {
        try lhs.adding(rhs)
    }

    /// The elementwise difference, see ``subtracting(_:)``.
    public static func - (lhs: DenseMatrix, rhs: DenseMatrix) throws -> DenseMatrix {
        try lhs.subtracting(rhs)
    }

    // MARK: - Internal

    /// The 1-norm (maximum absolute column sum), used by condition estimates.
    var oneNorm: Double {
        let r = rows
        return elements.withUnsafeBufferPointer { e in
            var best = 0.0
            for j in 0..<columns {
                var s = 0.0
                for i in 0..<r { s += abs(e[i + j * r]) }
                if s > best || s.isNaN { best = s }
            }
            return best
        }
    }
}

extension DenseMatrix: CustomStringConvertible {
    /// A readable rendering; matrices larger than 12×12 are summarised.
    public var description: String {
        guard rows <= 12, columns <= 12 else {
            return "DenseMatrix(\(rows)×\(columns))"
        }
        if rows == 0 || columns == 0 { return "DenseMatrix(\(rows)×\(columns)) []" }
        let lines = (0..<rows).map { i in
            "[" + (0..<columns).map { j in "\(self[i, j])" }.joined(separator: ", ") + "]"
        }
        return "DenseMatrix(\(rows)×\(columns))\n" + lines.joined(separator: "\n")
    }
}
