import Testing
import YuhengNumerics

@Suite("DenseMatrix")
struct DenseMatrixTests {
    @Test func rowMajorAndColumnMajorAgree() throws {
        let a = try DenseMatrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        let b = try DenseMatrix(rows: 2, columns: 3, columnMajor: [1, 4, 2, 5, 3, 6])
        #expect(a == b)
        #expect(a.rows == 2 && a.columns == 3)
        #expect(a[1, 2] == 6)
        #expect(a.column(1) == [2, 5])
        #expect(a.row(1) == [4, 5, 6])
        #expect(a.elements == [1, 4, 2, 5, 3, 6])
    }

    @Test func wrongElementCountThrows() {
        let error = #expect(throws: NumericsError.self) {
            try DenseMatrix(rows: 2, columns: 2, columnMajor: [1, 2, 3])
        }
        #expect(error?.code == .dimensionMismatch)
        let ragged = #expect(throws: NumericsError.self) {
            try DenseMatrix(rowMajor: [[1, 2], [3]])
        }
        #expect(ragged?.code == .dimensionMismatch)
        #expect(ragged?.index == 1)
    }

    @Test func subscriptSetAndIdentity() {
        var m = DenseMatrix.zeros(rows: 3, columns: 3)
        for i in 0..<3 { m[i, i] = 1 }
        #expect(m == DenseMatrix.identity(3))
        #expect(DenseMatrix(diagonal: [2, 3]) == (try! DenseMatrix(rowMajor: [[2, 0], [0, 3]])))
    }

    @Test func matrixProductAgainstHandComputedResult() throws {
        let a = try DenseMatrix(rowMajor: [[1, 2, 3], [4, 5, 6]]) // 2×3
        let b = try DenseMatrix(rowMajor: [[7, 8], [9, 10], [11, 12]]) // 3×2
        let c = try a.multiply(b)
        #expect(c == (try DenseMatrix(rowMajor: [[58, 64], [139, 154]])))
        let d = try b * a // 3×3
        #expect(
            d
                == (try DenseMatrix(rowMajor: [
                    [39, 54, 69],
                    [49, 68, 87],
                    [59, 82, 105]
                ])))
    }

    @Test func matrixVectorProduct() throws {
        let a = try DenseMatrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        #expect(try a.multiply([1, 0, -1]) == [-2, -2])
        #expect(try a * [1, 1, 1] == [6, 15])
        #expect(try a.multiply([1, 1], transpose: true) == [5, 7, 9])
    }

    @Test func productDimensionMismatchThrows() throws {
        let a = try DenseMatrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        let error = #expect(throws: NumericsError.self) { try a.multiply(a) }
        #expect(error?.code == .dimensionMismatch)
        let vectorError = #expect(throws: NumericsError.self) { try a.multiply([1, 2]) }
        #expect(vectorError?.code == .dimensionMismatch)
        #expect(throws: NumericsError.self) { try a.adding(a.transposed()) }
    }

    @Test func emptyProducts() throws {
        let a = DenseMatrix.zeros(rows: 2, columns: 0)
        let b = DenseMatrix.zeros(rows: 0, columns: 3)
        #expect(try a.multiply(b) == DenseMatrix.zeros(rows: 2, columns: 3))
        #expect(try a.multiply([]) == [0, 0])
    }

    @Test func largerProductMatchesNaiveSum() throws {
        var rng = SeededGenerator(seed: 7)
        let a = DenseMatrix(rows: 37, columns: 23) { _, _ in Double.random(in: -1...1, using: &rng) }
        let b = DenseMatrix(rows: 23, columns: 11) { _, _ in Double.random(in: -1...1, using: &rng) }
        let c = try a.multiply(b)
        for i in 0..<37 {
            for j in 0..<11 {
                var s = 0.0
                for k in 0..<23 { s += a[i, k] * b[k, j] }
                #expect(abs(c[i, j] - s) < 1e-12)
            }
        }
        // (AB)ᵀ = BᵀAᵀ
        let ct = try b.transposed().multiply(a.transposed())
        #expect(maxAbsDifference(ct.elements, c.transposed().elements) < 1e-12)
    }

    @Test func elementwiseAndReductions() throws {
        let a = try DenseMatrix(rowMajor: [[1, 2], [3, 4]])
        let b = try DenseMatrix(rowMajor: [[10, 20], [30, 40]])
        #expect(try a + b == (try DenseMatrix(rowMajor: [[11, 22], [33, 44]])))
        #expect(try b - a == (try DenseMatrix(rowMajor: [[9, 18], [27, 36]])))
        #expect(a.scaled(by: 2) == (try DenseMatrix(rowMajor: [[2, 4], [6, 8]])))
        #expect(a.scalingColumns(by: [10, 0.5]) == (try DenseMatrix(rowMajor: [[10, 1], [30, 2]])))
        #expect(a.scalingRows(by: [10, 0.5]) == (try DenseMatrix(rowMajor: [[10, 20], [1.5, 2]])))
        #expect(a.columnSums == [4, 6])
        #expect(a.rowSums == [3, 7])
        #expect(a.transposed() == (try DenseMatrix(rowMajor: [[1, 3], [2, 4]])))
        #expect(a.isFinite)
        var c = a
        c[0, 1] = .nan
        #expect(!c.isFinite)
    }
}
