import Testing
import YuhengNumerics

@Suite("DenseLU")
struct DenseLUTests {
    let xTrue: [Double] = [1, -2, 3, 0.5, -0.25]

    @Test func solveRecoversKnownSolution() throws {
        let a = try sampleMatrix5()
        let b = try a.multiply(xTrue)
        let lu = try DenseLU(a)
        let x = try lu.solve(b)
        #expect(maxAbsDifference(x, xTrue) < 1e-12)
    }

    @Test func transposedSolve() throws {
        var a = try sampleMatrix5()
        a[0, 4] = 3 // make it unsymmetric
        let b = try a.multiply(xTrue, transpose: true)
        let x = try DenseLU(a).solve(b, transpose: true)
        #expect(maxAbsDifference(x, xTrue) < 1e-12)
        // and the non-transposed solve of the same b is different
        let y = try DenseLU(a).solve(b)
        #expect(maxAbsDifference(y, xTrue) > 1e-6)
    }

    @Test func manyRightHandSides() throws {
        let a = try sampleMatrix5()
        let lu = try DenseLU(a)
        let inverse = try lu.solve(DenseMatrix.identity(5))
        let product = try a.multiply(inverse)
        #expect(maxAbsDifference(product.elements, DenseMatrix.identity(5).elements) < 1e-12)

        var rng = SeededGenerator(seed: 1)
        let xs = DenseMatrix(rows: 5, columns: 4) { _, _ in Double.random(in: -5...5, using: &rng) }
        let bs = try a.multiply(xs)
        let solved = try lu.solve(bs)
        #expect(maxAbsDifference(solved.elements, xs.elements) < 1e-12)
        let solvedT = try lu.solve(try a.transposed().multiply(xs), transpose: true)
        #expect(maxAbsDifference(solvedT.elements, xs.elements) < 1e-12)
    }

    @Test func singularMatrixReportsZeroPivotColumn() throws {
        let a = try DenseMatrix(rowMajor: [
            [2, 0, 0],
            [0, 3, 0],
            [0, 0, 0]
        ])
        let error = #expect(throws: NumericsError.self) { try DenseLU(a) }
        #expect(error?.code == .singular)
        #expect(error?.index == 2)
        #expect(error?.status == 3) // LAPACK info is 1-based

        // Rank one: after pivoting, U(1,1) = 2 - 0.5 * 4 = 0 exactly.
        let rankOne = try DenseMatrix(rowMajor: [[1, 2], [2, 4]])
        let rankOneError = #expect(throws: NumericsError.self) { try DenseLU(rankOne) }
        #expect(rankOneError?.code == .singular)
        #expect(rankOneError?.index == 1)
    }

    @Test func singularMiddleColumn() throws {
        let a = try DenseMatrix(rowMajor: [
            [1, 0, 0],
            [0, 0, 0],
            [0, 0, 1]
        ])
        let error = #expect(throws: NumericsError.self) { try DenseLU(a) }
        #expect(error?.code == .singular)
        #expect(error?.index == 1)
    }

    @Test func dimensionMismatches() throws {
        let rectangular = DenseMatrix.zeros(rows: 2, columns: 3)
        let error = #expect(throws: NumericsError.self) { try DenseLU(rectangular) }
        #expect(error?.code == .dimensionMismatch)

        let lu = try DenseLU(try sampleMatrix5())
        let rhsError = #expect(throws: NumericsError.self) { try lu.solve([1, 2, 3]) }
        #expect(rhsError?.code == .dimensionMismatch)
        let matrixError = #expect(throws: NumericsError.self) {
            try lu.solve(DenseMatrix.zeros(rows: 4, columns: 2))
        }
        #expect(matrixError?.code == .dimensionMismatch)
    }

    @Test func nonFiniteInputsThrow() throws {
        var a = try sampleMatrix5()
        a[3, 3] = .infinity
        let error = #expect(throws: NumericsError.self) { try DenseLU(a) }
        #expect(error?.code == .nonFinite)
        #expect(error?.index == 3 + 3 * 5)
        let lu = try DenseLU(try sampleMatrix5())
        let rhsError = #expect(throws: NumericsError.self) { try lu.solve([1, .nan, 0, 0, 0]) }
        #expect(rhsError?.code == .nonFinite)
        #expect(rhsError?.index == 1)
    }

    @Test func conditionAndDeterminant() throws {
        let a = try DenseMatrix(rowMajor: [[4, 1], [2, 3]]) // det 10
        let lu = try DenseLU(a)
        #expect(lu.determinantSign == 1)
        #expect(abs(lu.logAbsDeterminant - log(10.0)) < 1e-14)
        let swapped = try DenseLU(try DenseMatrix(rowMajor: [[1, 4], [3, 2]])) // det -10
        #expect(swapped.determinantSign == -1)

        let wellConditioned = try DenseLU(DenseMatrix.identity(4)).reciprocalConditionEstimate()
        #expect(abs(wellConditioned - 1) < 1e-12)
        let nearlySingular = try DenseMatrix(rowMajor: [[1, 1], [1, 1 + 1e-13]])
        let rcond = try DenseLU(nearlySingular).reciprocalConditionEstimate()
        #expect(rcond < 1e-12)
        #expect(rcond > 0)
    }

    @Test func catchByCode() throws {
        var caught = false
        do {
            _ = try DenseLU(DenseMatrix.zeros(rows: 2, columns: 2))
        } catch NumericsError.Code.singular {
            caught = true
        }
        #expect(caught)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("The OpenBLAS kernel")
struct BLASKernelTests {
    @Test("the generic Prescott kernel on an AVX-512 or AVX2 CPU gets advice; a specific kernel or an old CPU does not")
    func betterCoreType() {
        let avx512: Set<String> = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
        #expect(BLASKernel.betterCoreType(current: "Prescott", cpuFlags: avx512) == "SkylakeX")
        #expect(BLASKernel.betterCoreType(current: "Prescott", cpuFlags: ["avx", "avx2", "fma"]) == "Haswell")
        #expect(BLASKernel.betterCoreType(current: "Prescott", cpuFlags: ["avx512f", "avx2"]) == nil) // AVX-512 incomplete, no FMA
        #expect(BLASKernel.betterCoreType(current: "Prescott", cpuFlags: ["sse4_2"]) == nil)
        #expect(BLASKernel.betterCoreType(current: "SkylakeX", cpuFlags: avx512) == nil)
        #expect(!BLASKernel.name.isEmpty && BLASKernel.name != "unknown")
        // With the variable set, no advice whatever the kernel.
        #expect(BLASKernel.advice(environment: ["OPENBLAS_CORETYPE": "Haswell"]) == nil)
    }
}
