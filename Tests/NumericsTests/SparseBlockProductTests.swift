import Testing
import YuhengNumerics

/// A random sparse matrix (about `density` of its entries non-zero, some columns and rows empty) and its dense form.
func randomSparse(rows: Int, columns: Int, density: Double, seed: UInt64) throws -> (SparseMatrix, DenseMatrix) {
    var rng = SeededGenerator(seed: seed)
    let dense = DenseMatrix(rows: rows, columns: columns) { i, j in
        // Row 1 and column 2 stay empty: the products must leave (or read) them as zeros.
        guard i != 1, j != 2, Double.random(in: 0..<1, using: &rng) < density else { return 0 }
        return Double.random(in: -1..<1, using: &rng)
    }
    return (try SparseMatrix(dense: dense), dense)
}

@Suite("Sparse × dense block products")
struct SparseBlockProductTests {
    @Test(
        "A·X and Aᵀ·X equal the dense BLAS products to 1e-13, for 1, 2 and 3 workers, square and rectangular",
        arguments: [(40, 40, 1), (37, 23, 5), (300, 300, 17), (5, 9, 1)])
    func equalsDense(rows: Int, columns: Int, rhs: Int) throws {
        let (a, dense) = try randomSparse(rows: rows, columns: columns, density: 0.1, seed: UInt64(rows * 31 + rhs))
        var rng = SeededGenerator(seed: 3)
        let x = DenseMatrix(rows: columns, columns: rhs) { _, _ in Double.random(in: -2..<2, using: &rng) }
        let xt = DenseMatrix(rows: rows, columns: rhs) { _, _ in Double.random(in: -2..<2, using: &rng) }
        let expected = try dense.multiply(x), expectedT = try dense.transposed().multiply(xt)
        for threads in [1, 2, 3] {
            let y = try a.multiply(x, threads: threads), yt = try a.multiply(xt, transpose: true, threads: threads)
            #expect(y.rows == rows && y.columns == rhs && yt.rows == columns && yt.columns == rhs)
            #expect(maxAbsDifference(y.elements, expected.elements) <= 1e-13, "A·X with \(threads) workers")
            #expect(maxAbsDifference(yt.elements, expectedT.elements) <= 1e-13, "Aᵀ·X with \(threads) workers")
        }
    }

    @Test("a dense matrix converted by several workers (600 columns) keeps every entry: back to dense bit for bit, pointers exact")
    func conversion() throws {
        let (a, dense) = try randomSparse(rows: 700, columns: 600, density: 0.03, seed: 5)
        #expect(a.toDense().elements.map(\.bitPattern) == dense.elements.map(\.bitPattern))
        #expect(a.nonZeroCount == dense.elements.filter { $0 != 0 }.count)
        #expect(a.columnPointers.count == 601 && a.columnPointers.first == 0 && Int(a.columnPointers.last!) == a.nonZeroCount)
        #expect(a.columnPointers[3] == a.columnPointers[2], "column 2 is empty")
    }

    @Test("a block of the wrong height is a dimension error; no right-hand sides give an empty result")
    func shapes() throws {
        let (a, _) = try randomSparse(rows: 6, columns: 4, density: 0.5, seed: 1)
        #expect(throws: NumericsError.self) { try a.multiply(DenseMatrix(rows: 6, columns: 2, repeating: 1)) }
        #expect(throws: NumericsError.self) { try a.multiply(DenseMatrix(rows: 4, columns: 2, repeating: 1), transpose: true) }
        let empty = try a.multiply(DenseMatrix(rows: 4, columns: 0, repeating: 0))
        #expect(empty.rows == 6 && empty.columns == 0)
    }

    @Test("block-Jacobi with sparse products: the same iteration as with GEMM (iterations within one, solutions to 1e-13)")
    func blockJacobiSparseEqualsDense() throws {
        // I − A for a 6-region, 20-sector system with dense domestic blocks and sparse trade.
        let regions = 6, s = 20, n = regions * s
        var rng = SeededGenerator(seed: 11)
        var m = DenseMatrix(rows: n, columns: n) { i, j in
            let domestic = i / s == j / s
            guard Double.random(in: 0..<1, using: &rng) < (domestic ? 0.5 : 0.04) else { return 0 }
            return -Double.random(in: 0..<(domestic ? 0.05 : 0.02), using: &rng)
        }
        for i in 0..<n { m[i, i] += 1 }
        let b = DenseMatrix(rows: n, columns: 7) { _, _ in Double.random(in: 0..<1, using: &rng) }
        let dense = try BlockJacobiIteration(matrix: m, blockSize: s)
        let sparse = try BlockJacobiIteration(matrix: m, blockSize: s, sparseProducts: true)
        #expect(!dense.usesSparseProducts && sparse.usesSparseProducts)
        for transpose in [false, true] {
            let rd = try dense.solve(b, transpose: transpose), rs = try sparse.solve(b, transpose: transpose)
            // The same iteration up to rounding (the products sum in another order): the stopping step may differ by one.
            #expect(
                rd.converged && rs.converged && abs(rs.iterations - rd.iterations) <= 1 && rs.iterations > 2, "\(rs.iterations) vs \(rd.iterations)")
            #expect(maxAbsDifference(rs.solution.elements, rd.solution.elements) <= 1e-13)
            let direct = try DenseLU(m).solve(b, transpose: transpose)
            #expect(maxAbsDifference(rs.solution.elements, direct.elements) <= 1e-12)
        }
    }
}

@Suite("OpenBLAS single-threaded windows", .serialized)
struct BLASThreadsTests {
    @Test("inside the window OpenBLAS has one thread, nested windows too; the count is restored after, also after an error")
    func window() throws {
        // Other tests may run an iteration (a window of their own) meanwhile: compare counts only outside every window.
        let outside = BLASThreads.windowsOpen == 0
        let before = BLASThreads.count
        struct Stop: Error {}
        BLASThreads.singleThreaded {
            #expect(BLASThreads.count == 1)
            BLASThreads.singleThreaded { #expect(BLASThreads.count == 1) }
            #expect(BLASThreads.count == 1, "an inner window must not restore the count early")
        }
        if outside && BLASThreads.windowsOpen == 0 { #expect(BLASThreads.count == before) }
        #expect(throws: Stop.self) {
            try BLASThreads.singleThreaded {
                #expect(BLASThreads.count == 1)
                throw Stop()
            }
        }
        if outside && BLASThreads.windowsOpen == 0 { #expect(BLASThreads.count == before) }
    }
}

@Suite("Large matrices filled in parallel")
struct LargeStorageTests {
    @Test("a 72 MB matrix (above the 32 MiB threshold) and a small one hold the value in every element")
    func filled() {
        for (r, c) in [(3_000, 3_000), (7, 5)] {
            let m = DenseMatrix(rows: r, columns: c, repeating: 2.5)
            #expect(m.elements.count == r * c)
            #expect(m.elements.allSatisfy { $0 == 2.5 }, "\(r)×\(c)")
        }
    }
}
