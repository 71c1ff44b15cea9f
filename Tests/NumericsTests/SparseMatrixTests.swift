import Testing
import YuhengNumerics

@Suite("SparseMatrix")
struct SparseMatrixTests {
    @Test func tripletsAreSortedAndDuplicatesSummed() throws {
        let a = try SparseMatrix(
            rows: 3, columns: 3,
            triplets: [
                (row: 2, column: 0, value: 1),
                (row: 0, column: 0, value: 4),
                (row: 1, column: 1, value: 2),
                (row: 2, column: 0, value: 0.5), // duplicate of (2, 0)
                (row: 0, column: 2, value: -1),
                (row: 1, column: 1, value: 3), // duplicate of (1, 1)
                (row: 2, column: 2, value: 0) // explicit zero is kept
            ])
        #expect(a.columnPointers == [0, 2, 3, 5])
        #expect(a.rowIndices == [0, 2, 1, 0, 2])
        #expect(a.values == [4, 1.5, 5, -1, 0])
        #expect(a.nonZeroCount == 5)
        #expect(a[2, 0] == 1.5)
        #expect(a[1, 0] == 0)
        #expect(a.position(row: 2, column: 2) == 4)
        #expect(a.position(row: 1, column: 2) == nil)
    }

    @Test func outOfRangeTripletThrows() {
        let error = #expect(throws: NumericsError.self) {
            try SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, 1.0), (2, 1, 1.0)])
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.index == 1)
    }

    @Test func denseRoundTrip() throws {
        let dense = try DenseMatrix(rowMajor: [
            [1, 0, 0, 2],
            [0, 0, 3, 0],
            [4, 5, 0, 0]
        ])
        let sparse = try SparseMatrix(dense: dense)
        #expect(sparse.nonZeroCount == 5)
        #expect(sparse.toDense() == dense)
        let rebuilt = try SparseMatrix(rows: 3, columns: 4, triplets: sparse.triplets)
        #expect(rebuilt == sparse)
    }

    @Test func randomTripletsMatchDenseAccumulation() throws {
        var rng = SeededGenerator(seed: 42)
        let (m, n) = (17, 13)
        var triplets: [(row: Int, column: Int, value: Double)] = []
        var expected = DenseMatrix.zeros(rows: m, columns: n)
        for _ in 0..<400 { // many duplicates
            let i = Int.random(in: 0..<m, using: &rng)
            let j = Int.random(in: 0..<n, using: &rng)
            let v = Double(Int.random(in: -8...8, using: &rng)) // exact sums
            triplets.append((i, j, v))
            expected[i, j] += v
        }
        let a = try SparseMatrix(rows: m, columns: n, triplets: triplets)
        #expect(a.toDense() == expected)
        // Structure is valid: the validating initializer accepts it.
        let validated = try SparseMatrix(
            rows: m, columns: n, columnPointers: a.columnPointers, rowIndices: a.rowIndices, values: a.values)
        #expect(validated == a)
        // Product against dense.
        let x = randomVector(n, using: &rng)
        #expect(maxAbsDifference(try a.multiply(x), try expected.multiply(x)) < 1e-12)
        let y = randomVector(m, using: &rng)
        #expect(maxAbsDifference(try a.multiply(y, transpose: true), try expected.multiply(y, transpose: true)) < 1e-12)
    }

    @Test func transposed() throws {
        let dense = try DenseMatrix(rowMajor: [
            [1, 0, 2],
            [0, 3, 0],
            [4, 0, 5],
            [0, 6, 0]
        ])
        let a = try SparseMatrix(dense: dense)
        let at = a.transposed()
        #expect(at.rows == 3 && at.columns == 4)
        #expect(at.toDense() == dense.transposed())
        #expect(at.transposed() == a)
        // row indices sorted within each column
        #expect(at.rowIndices == [0, 2, 1, 0, 2, 1])
        #expect(at.columnPointers == [0, 2, 3, 5, 6])
    }

    @Test func rawStructureValidation() {
        func code(_ body: () throws -> SparseMatrix) -> NumericsError.Code? {
            do { _ = try body(); return nil } catch let e as NumericsError { return e.code } catch { return nil }
        }
        // valid
        #expect(code { try SparseMatrix(rows: 2, columns: 2, columnPointers: [0, 1, 2], rowIndices: [0, 1], values: [1, 1]) } == nil)
        // wrong pointer count
        #expect(code { try SparseMatrix(rows: 2, columns: 2, columnPointers: [0, 2], rowIndices: [0, 1], values: [1, 1]) } == .invalidStructure)
        // first pointer not 0
        #expect(code { try SparseMatrix(rows: 2, columns: 2, columnPointers: [1, 1, 2], rowIndices: [0, 1], values: [1, 1]) } == .invalidStructure)
        // decreasing pointers
        #expect(code { try SparseMatrix(rows: 2, columns: 2, columnPointers: [0, 2, 1], rowIndices: [0, 1], values: [1, 1]) } == .invalidStructure)
        // row out of range
        #expect(code { try SparseMatrix(rows: 2, columns: 2, columnPointers: [0, 1, 2], rowIndices: [0, 2], values: [1, 1]) } == .invalidStructure)
        // unsorted rows
        #expect(code { try SparseMatrix(rows: 2, columns: 1, columnPointers: [0, 2], rowIndices: [1, 0], values: [1, 1]) } == .invalidStructure)
        // duplicate rows
        #expect(code { try SparseMatrix(rows: 2, columns: 1, columnPointers: [0, 2], rowIndices: [1, 1], values: [1, 1]) } == .invalidStructure)
        // values/indices length mismatch
        #expect(code { try SparseMatrix(rows: 2, columns: 1, columnPointers: [0, 2], rowIndices: [0, 1], values: [1]) } == .invalidStructure)
        // last pointer not nnz
        #expect(code { try SparseMatrix(rows: 2, columns: 1, columnPointers: [0, 1], rowIndices: [0, 1], values: [1, 1]) } == .invalidStructure)
    }

    @Test func samePatternAndWithValues() throws {
        let a = try SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, 1.0), (1, 1, 2.0)])
        let b = try a.withValues([5, 6])
        #expect(a.samePattern(as: b))
        #expect(a != b)
        let c = try SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, 1.0), (1, 0, 2.0)])
        #expect(!a.samePattern(as: c))
        #expect(!a.samePattern(as: SparseMatrix.identity(3)))
        #expect(SparseMatrix.identity(2).samePattern(as: a))
        #expect(throws: NumericsError.self) { try a.withValues([1]) }
    }
}
