import Testing
import YuhengNumerics

@Suite("Randomized solver comparison")
struct RandomizedComparisonTests {
    @Test(arguments: [UInt64(1), 2, 2024])
    func umfpackKLUAndDenseAgreeOnNearTriangularMatrix(seed: UInt64) throws {
        let n = 200
        let a = try technologyMatrix(n: n, seed: seed)
        let dense = a.toDense()
        var rng = SeededGenerator(seed: seed &+ 1000)
        let b = randomVector(n, using: &rng)

        let denseLU = try DenseLU(dense)
        let xDense = try denseLU.solve(b)
        let xtDense = try denseLU.solve(b, transpose: true)
        #expect(try denseLU.reciprocalConditionEstimate() > 1e-3)

        var solvers: [(String, any LinearSolver)] = []
        for orientation in FactorOrientation.allCases {
            solvers.append(("UMFPACK \(orientation)", try SparseLU(a, orientation: orientation)))
            solvers.append(("KLU \(orientation)", try KLUFactorization(a, orientation: orientation)))
        }
        for (name, solver) in solvers {
            let x = try solver.solve(b, transpose: false)
            let xt = try solver.solve(b, transpose: true)
            #expect(relativeDifference(x, xDense) < 1e-10, "\(name)")
            #expect(relativeDifference(xt, xtDense) < 1e-10, "\(name) transposed")
            // Residual check against the sparse product.
            #expect(relativeDifference(try a.multiply(x), b) < 1e-10, "\(name) residual")
            #expect(relativeDifference(try a.multiply(xt, transpose: true), b) < 1e-10, "\(name) residual ᵀ")
        }

        // Many right-hand sides at once.
        let rhs = DenseMatrix(rows: n, columns: 5) { _, _ in Double.random(in: -1...1, using: &rng) }
        let expected = try denseLU.solve(rhs)
        for (name, solver) in solvers {
            let got = try solver.solve(rhs, transpose: false)
            #expect(relativeDifference(got.elements, expected.elements) < 1e-10, "\(name) many rhs")
        }

        // KLU sees the near-triangular structure.
        let klu = try KLUFactorization(a)
        #expect(klu.blockCount > 1)
        #expect(klu.structuralRank == n)
    }

    @Test func refactorAgreesWithFreshFactorisations() throws {
        let n = 200
        let a = try technologyMatrix(n: n, seed: 99)
        let umfpack = try SparseLU(a)
        let umfpackT = try SparseLU(a, orientation: .transpose)
        let klu = try KLUFactorization(a)
        var rng = SeededGenerator(seed: 5)
        for round in 0..<3 {
            // Perturb every coefficient by up to ±20 %, keeping the pattern.
            let values = a.values.map { $0 * Double.random(in: 0.8...1.2, using: &rng) }
            let updated = try a.withValues(values)
            try umfpack.refactor(values: values)
            try umfpackT.refactor(values: values)
            try klu.refactor(values: values)
            let b = randomVector(n, using: &rng)
            let reference = try DenseLU(updated.toDense()).solve(b)
            for (name, solver) in [("UMFPACK", umfpack as any LinearSolver), ("UMFPACK ᵀ", umfpackT), ("KLU", klu)] {
                #expect(relativeDifference(try solver.solve(b, transpose: false), reference) < 1e-10, "\(name) round \(round)")
            }
        }
        #expect(umfpack.symbolicAnalysisCount == 1)
        #expect(umfpack.numericFactorizationCount == 4)
        #expect(umfpackT.symbolicAnalysisCount == 1)
        #expect(klu.symbolicAnalysisCount == 1)
        #expect(klu.numericFactorizationCount >= 4)
    }
}
