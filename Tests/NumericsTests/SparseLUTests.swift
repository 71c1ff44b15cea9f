import Testing
import YuhengNumerics

/// An unsymmetric sparse 5×5 matrix with zeros, and a known solution.
func sparseSample() throws -> (a: SparseMatrix, dense: DenseMatrix) {
    let dense = try DenseMatrix(rowMajor: [
        [4, 0, 1, 0, 0],
        [-1, 5, 0, 0, 2],
        [0, -2, 6, 0, 0],
        [0, 0, -1, 3, 0],
        [1, 0, 0, -1, 7]
    ])
    return (try SparseMatrix(dense: dense), dense)
}

let knownSolution: [Double] = [1, -2, 3, 0.5, -0.25]

@Suite("SparseLU (UMFPACK)")
struct SparseLUTests {
    @Test(arguments: FactorOrientation.allCases)
    func solveAndTransposedSolve(orientation: FactorOrientation) throws {
        let (a, dense) = try sparseSample()
        let lu = try SparseLU(a, orientation: orientation)
        #expect(lu.dimension == 5)
        #expect(lu.orientation == orientation)
        let b = try a.multiply(knownSolution)
        #expect(maxAbsDifference(try lu.solve(b), knownSolution) < 1e-12)
        let bt = try dense.multiply(knownSolution, transpose: true)
        #expect(maxAbsDifference(try lu.solve(bt, transpose: true), knownSolution) < 1e-12)
        #expect(lu.symbolicAnalysisCount == 1)
        #expect(lu.numericFactorizationCount == 1)
        #expect(lu.crudeReciprocalConditionEstimate > 0.01)
    }

    @Test func manyRightHandSides() throws {
        let (a, dense) = try sparseSample()
        let lu = try SparseLU(a)
        let inverse = try lu.solve(DenseMatrix.identity(5))
        let expected = try DenseLU(dense).solve(DenseMatrix.identity(5))
        #expect(maxAbsDifference(inverse.elements, expected.elements) < 1e-12)
        let inverseT = try lu.solve(DenseMatrix.identity(5), transpose: true)
        #expect(maxAbsDifference(inverseT.elements, expected.transposed().elements) < 1e-12)
    }

    @Test(arguments: FactorOrientation.allCases)
    func refactorReusesSymbolicAnalysis(orientation: FactorOrientation) throws {
        let (a, _) = try sparseSample()
        let lu = try SparseLU(a, orientation: orientation)
        let newValues = a.values.enumerated().map { k, v in v * (1 + 0.1 * Double(k % 3)) + 0.01 * Double(k) }
        let updated = try a.withValues(newValues)
        try lu.refactor(values: newValues)
        #expect(lu.symbolicAnalysisCount == 1)
        #expect(lu.numericFactorizationCount == 2)
        #expect(lu.matrix == updated)
        let b = try updated.multiply(knownSolution)
        let x = try lu.solve(b)
        #expect(maxAbsDifference(x, knownSolution) < 1e-12)
        // The old matrix does not solve the new system.
        #expect(maxAbsDifference(try SparseLU(a).solve(b), knownSolution) > 1e-6)

        try lu.refactor(updated.withValues(a.values))
        #expect(lu.symbolicAnalysisCount == 1)
        #expect(lu.numericFactorizationCount == 3)
        #expect(maxAbsDifference(try lu.solve(try a.multiply(knownSolution)), knownSolution) < 1e-12)
    }

    @Test func refactorWithWrongPatternOrCountThrows() throws {
        let (a, _) = try sparseSample()
        let lu = try SparseLU(a)
        let countError = #expect(throws: NumericsError.self) { try lu.refactor(values: [1, 2]) }
        #expect(countError?.code == .dimensionMismatch)
        let patternError = #expect(throws: NumericsError.self) { try lu.refactor(SparseMatrix.identity(5)) }
        #expect(patternError?.code == .invalidStructure)
        // Still usable.
        #expect(maxAbsDifference(try lu.solve(try a.multiply(knownSolution)), knownSolution) < 1e-12)
    }

    @Test func structurallySingularMatrixThrows() throws {
        // Column 1 is empty.
        let a = try SparseMatrix(rows: 3, columns: 3, triplets: [(0, 0, 1.0), (2, 0, 1.0), (2, 2, 1.0)])
        let error = #expect(throws: NumericsError.self) { try SparseLU(a) }
        #expect(error?.code == .singular)
        #expect(error?.status == 1)
        #expect(error?.index == 1)
    }

    @Test func numericallySingularMatrixThrows() throws {
        // Pattern is full but rows 0 and 1 are equal.
        let dense = try DenseMatrix(rowMajor: [[1, 2, 0], [1, 2, 0], [0, 1, 1]])
        let error = #expect(throws: NumericsError.self) { try SparseLU(try SparseMatrix(dense: dense)) }
        #expect(error?.code == .singular)
        #expect(error?.index != nil)
    }

    @Test func failedRefactorMakesSolveThrowUntilRepaired() throws {
        let a = try SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, 1.0), (1, 0, 1.0), (0, 1, 1.0), (1, 1, 2.0)])
        let lu = try SparseLU(a)
        let error = #expect(throws: NumericsError.self) { try lu.refactor(values: [1, 1, 1, 1]) }
        #expect(error?.code == .singular)
        let solveError = #expect(throws: NumericsError.self) { try lu.solve([1, 1]) }
        #expect(solveError?.code == .singular)
        try lu.refactor(values: a.values)
        #expect(maxAbsDifference(try lu.solve([3, 5]), [1, 2]) < 1e-12)
        #expect(lu.symbolicAnalysisCount == 1)
    }

    @Test func errorsForBadInputs() throws {
        let rectangular = try SparseMatrix(rows: 2, columns: 3, triplets: [(0, 0, 1.0)])
        #expect(throws: NumericsError.self) { try SparseLU(rectangular) }
        let (a, _) = try sparseSample()
        let lu = try SparseLU(a)
        let e = #expect(throws: NumericsError.self) { try lu.solve([1, 2, 3]) }
        #expect(e?.code == .dimensionMismatch)
        let nan = #expect(throws: NumericsError.self) { try lu.refactor(values: a.values.map { _ in .nan }) }
        #expect(nan?.code == .nonFinite)
    }

    @Test func emptyMatrix() throws {
        let empty = try SparseMatrix(rows: 0, columns: 0, triplets: [])
        let lu = try SparseLU(empty)
        #expect(try lu.solve([]) == [])
        let klu = try KLUFactorization(empty)
        #expect(try klu.solve([]) == [])
    }
}
