import Testing
import YuhengNumerics

@Suite("KLUFactorization")
struct KLUTests {
    @Test(arguments: FactorOrientation.allCases)
    func solveAndTransposedSolve(orientation: FactorOrientation) throws {
        let (a, dense) = try sparseSample()
        let klu = try KLUFactorization(a, orientation: orientation)
        let b = try a.multiply(knownSolution)
        #expect(maxAbsDifference(try klu.solve(b), knownSolution) < 1e-12)
        let bt = try dense.multiply(knownSolution, transpose: true)
        #expect(maxAbsDifference(try klu.solve(bt, transpose: true), knownSolution) < 1e-12)
        #expect(klu.blockCount >= 1)
        #expect(klu.structuralRank == 5)
        let rcond = try klu.reciprocalConditionEstimate()
        #expect(rcond > 0.01 && rcond <= 1)
    }

    @Test func manyRightHandSides() throws {
        let (a, dense) = try sparseSample()
        let klu = try KLUFactorization(a)
        var rng = SeededGenerator(seed: 3)
        let xs = DenseMatrix(rows: 5, columns: 6) { _, _ in Double.random(in: -1...1, using: &rng) }
        let solved = try klu.solve(try dense.multiply(xs))
        #expect(maxAbsDifference(solved.elements, xs.elements) < 1e-12)
        let solvedT = try klu.solve(try dense.transposed().multiply(xs), transpose: true)
        #expect(maxAbsDifference(solvedT.elements, xs.elements) < 1e-12)
    }

    @Test func blockTriangularFormOfTriangularMatrix() throws {
        // A lower triangular matrix has n blocks of size 1.
        let a = try SparseMatrix(
            rows: 4, columns: 4,
            triplets: [
                (0, 0, 1.0), (1, 1, 1.0), (2, 2, 1.0), (3, 3, 1.0),
                (1, 0, -0.5), (2, 1, -0.5), (3, 0, -0.25)
            ])
        let klu = try KLUFactorization(a)
        #expect(klu.blockCount == 4)
        #expect(klu.largestBlockSize == 1)
        // Adding a loop 2 → 0 merges rows/columns 0, 1, 2 into one block.
        let looped = try SparseMatrix(rows: 4, columns: 4, triplets: a.triplets + [(0, 2, -0.1)])
        let klu2 = try KLUFactorization(looped)
        #expect(klu2.blockCount == 2)
        #expect(klu2.largestBlockSize == 3)
        #expect(maxAbsDifference(try klu2.solve(try looped.multiply([1, 2, 3, 4])), [1, 2, 3, 4]) < 1e-12)
    }

    @Test(arguments: FactorOrientation.allCases)
    func refactorReusesSymbolicAnalysis(orientation: FactorOrientation) throws {
        let (a, _) = try sparseSample()
        let klu = try KLUFactorization(a, orientation: orientation)
        let newValues = a.values.enumerated().map { k, v in v * (1 + 0.1 * Double(k % 3)) + 0.01 * Double(k) }
        try klu.refactor(values: newValues)
        #expect(klu.symbolicAnalysisCount == 1)
        #expect(klu.numericFactorizationCount == 2)
        #expect(klu.repivotCount == 0)
        let updated = try a.withValues(newValues)
        let x = try klu.solve(try updated.multiply(knownSolution))
        #expect(maxAbsDifference(x, knownSolution) < 1e-12)
        let xt = try klu.solve(try updated.multiply(knownSolution, transpose: true), transpose: true)
        #expect(maxAbsDifference(xt, knownSolution) < 1e-12)
    }

    @Test func refactorRepivotsWhenOldPivotBecomesZero() throws {
        // [[1, 1], [1, 2]] factorises with pivot A(0,0); new values make it 0.
        let a = try SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, 2.0), (1, 0, 1.0), (0, 1, 1.0), (1, 1, 2.0)])
        let klu = try KLUFactorization(a)
        try klu.refactor(values: [0, 1, 1, 2]) // [[0, 1], [1, 2]] is non-singular
        #expect(klu.symbolicAnalysisCount == 1)
        #expect(klu.repivotCount == 1)
        #expect(maxAbsDifference(try klu.solve([1, 4]), [2, 1]) < 1e-12)
    }

    @Test func singularMatrixThrowsAndRefactorRecovers() throws {
        let a = try SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, 1.0), (1, 0, 1.0), (0, 1, 1.0), (1, 1, 2.0)])
        let klu = try KLUFactorization(a)
        let error = #expect(throws: NumericsError.self) { try klu.refactor(values: [1, 1, 1, 1]) }
        #expect(error?.code == .singular)
        #expect(error?.index != nil)
        #expect(throws: NumericsError.self) { try klu.solve([1, 1]) }
        try klu.refactor(values: a.values)
        #expect(maxAbsDifference(try klu.solve([3, 5]), [1, 2]) < 1e-12)

        let structurallySingular = try SparseMatrix(rows: 3, columns: 3, triplets: [(0, 0, 1.0), (2, 0, 1.0), (2, 2, 1.0)])
        let structural = #expect(throws: NumericsError.self) { try KLUFactorization(structurallySingular) }
        #expect(structural?.code == .singular)
    }
}
