import Foundation
import Testing
import YuhengNumerics

@Suite("Cholesky")
struct CholeskyTests {
    /// The code of the NumericsError `body` throws (nil when it throws nothing or another error).
    func code(_ body: () throws -> Any) -> NumericsError.Code? {
        do { _ = try body(); return nil } catch let e as NumericsError { return e.code } catch { return nil }
    }

    /// A symmetric positive definite 5×5 matrix (the symmetric part of the sample matrix).
    func spd5() throws -> DenseMatrix {
        let a = try sampleMatrix5()
        return DenseMatrix(rows: 5, columns: 5) { i, j in (a[i, j] + a[j, i]) / 2 }
    }

    @Test func factorReproducesTheMatrix() throws {
        let a = try spd5()
        let chol = try Cholesky(a)
        #expect(chol.dimension == 5)
        let l = chol.lower
        for j in 0..<5 { for i in 0..<j { #expect(l[i, j] == 0) } } // lower triangular
        let product = try l.multiply(l.transposed())
        #expect(maxAbsDifference(product.elements, a.elements) < 1e-12)
    }

    @Test func knownTwoByTwoFactor() throws {
        let chol = try Cholesky(try DenseMatrix(rowMajor: [[4, 2], [2, 3]]))
        #expect(chol.lower[0, 0] == 2)
        #expect(chol.lower[1, 0] == 1)
        #expect(abs(chol.lower[1, 1] - 2.squareRoot()) < 1e-15)
        #expect(abs(chol.logDeterminant - log(8.0)) < 1e-14)
    }

    @Test func solvesLikeDenseLU() throws {
        let a = try spd5()
        let b: [Double] = [1, -2, 3, 0.5, -0.25]
        let chol = try Cholesky(a)
        let x = try chol.solve(b)
        #expect(maxAbsDifference(try a.multiply(x), b) < 1e-12)
        #expect(maxAbsDifference(x, try DenseLU(a).solve(b)) < 1e-12)
        let xs = try chol.solve(DenseMatrix.identity(5))
        #expect(maxAbsDifference(try a.multiply(xs).elements, DenseMatrix.identity(5).elements) < 1e-12)
    }

    @Test func notPositiveDefiniteNamesThePivot() throws {
        // leading minors: 1, 1·1 − 2·2 = −3 → fails at the second pivot (index 1)
        let indefinite = try DenseMatrix(rowMajor: [[1, 2], [2, 1]])
        do {
            _ = try Cholesky(indefinite)
            Issue.record("an indefinite matrix was factorised")
        } catch let error as NumericsError {
            #expect(error.code == .notPositiveDefinite)
            #expect(error.index == 1)
        }
    }

    @Test func rejectsNonSquareAndNonFinite() throws {
        #expect(code { try Cholesky(DenseMatrix.zeros(rows: 2, columns: 3)) } == .dimensionMismatch)
        #expect(code { try Cholesky(try DenseMatrix(rowMajor: [[.nan]])) } == .nonFinite)
        #expect(code { try Cholesky(DenseMatrix.identity(2)).solve([1]) } == .dimensionMismatch)
        #expect(code { try PivotedCholesky(DenseMatrix.zeros(rows: 2, columns: 3)) } == .dimensionMismatch)
    }

    @Test func pivotedFactorOfASemidefiniteMatrix() throws {
        // rank 1: two perfectly correlated inputs and an independent third
        let a = try DenseMatrix(rowMajor: [[1, 1, 0], [1, 1, 0], [0, 0, 1]])
        #expect(code { try Cholesky(a) } == .notPositiveDefinite)
        let p = try PivotedCholesky(a)
        #expect(p.rank == 2)
        #expect(Set(p.pivots) == [0, 1, 2])
        #expect(p.reconstructionError(of: a) < 1e-12)
        for c in p.rank..<3 { for i in 0..<3 { #expect(p.factor[i, c] == 0) } }
    }

    @Test func pivotedFactorOfAFullRankMatrixReproducesIt() throws {
        let a = try spd5()
        let p = try PivotedCholesky(a)
        #expect(p.rank == 5)
        #expect(p.reconstructionError(of: a) < 1e-12)
    }

    @Test func pivotedFactorDoesNotReproduceAnIndefiniteMatrix() throws {
        let a = try DenseMatrix(rowMajor: [[1, 2], [2, 1]])
        let p = try PivotedCholesky(a)
        #expect(p.reconstructionError(of: a) > 1)
        #expect(p.reconstructionError(of: DenseMatrix.identity(3)) == .infinity)
    }
}
