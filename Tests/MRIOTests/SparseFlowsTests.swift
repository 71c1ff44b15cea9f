import Foundation
import Testing
import YuhengNumerics
import YuhengTestSupport

@testable import YuhengMRIO

/// A large table's flows held sparse (`MRIOSystem.sparseZ`): (I − A) is built sparse and the iteration never holds an
/// n × n matrix; the accounts must be those of the same table held dense.
@Suite("Flows held sparse")
struct SparseFlowsTests {
    /// The system with Z moved into sparse storage.
    func sparse(_ system: MRIOSystem) throws -> MRIOSystem {
        var s = system
        s.sparseZ = try SparseMatrix(dense: try #require(system.Z))
        s.Z = nil
        return s
    }

    @Test("(I − A) built sparse equals the dense build entry by entry, with the same column sums, density and sign check")
    func buildMatchesDense() throws {
        let system = try syntheticSystem(regions: 5, sectors: 12, seed: 3)
        var z = try #require(system.Z)
        z[7, 7] = 0 // a column without a diagonal entry
        z[3, 9] = -2 // a negative flow off the diagonal
        let x = try LeontiefModel.grossOutput(system, label: { "\($0)" })
        var dense = z
        let (sums, nonZeros) = LeontiefModel.buildIMinusA(&dense, x: x, fromZ: true)
        let built = try LeontiefModel.buildIMinusA(sparse: try SparseMatrix(dense: z), x: x)
        #expect(built.columnSums == sums && built.nonZeros == nonZeros)
        #expect(built.offDiagonalNonPositive == LeontiefModel.offDiagonalNonPositive(dense) && !built.offDiagonalNonPositive)
        let back = built.matrix.toDense()
        var wrong = 0
        for j in 0..<z.columns { for i in 0..<z.rows where back[i, j] != dense[i, j] { wrong += 1 } }
        #expect(wrong == 0, "\(wrong) entries of I − A differ")
        #expect(built.matrix[7, 7] == 1)
    }

    @Test("accounts from sparse flows: the iteration as with dense flows (1e-14), LU to 1e-12; dense LU asked for still works", .tags(.slow))
    func accountsMatchDense() throws {
        let system = try syntheticSystem(regions: 16, sectors: 150, seed: 7)
        let held = try sparse(system)
        #expect(held.Z == nil && held.sparseZ != nil)
        let fromSparse = try MRIOEngine.accounts(held).0
        let report = try #require(fromSparse.solverReport)
        #expect(report.method == .iterative && report.products == "sparse", "\(report)")
        let fromDense = try MRIOEngine.accounts(system).0
        let (same, at) = try worstAccountDifference(fromSparse, fromDense)
        #expect(same <= 1e-14, "sparse vs dense flows: \(same) at \(at)")
        #expect(fromSparse.x == fromDense.x || zip(fromSparse.x, fromDense.x).allSatisfy { abs($0 - $1) <= 1e-14 * abs($1) })
        let lu = try MRIOEngine.accounts(system, options: AccountOptions(solver: .lu)).0
        let (worst, where_) = try worstAccountDifference(fromSparse, lu)
        #expect(worst <= 1e-12, "vs LU: \(worst) at \(where_)")
        // Dense LU asked for: the sparse (I − A) is made dense and factorised.
        let luSparse = try MRIOEngine.accounts(held, options: AccountOptions(solver: .lu)).0
        #expect(luSparse.solverReport?.method == .lu)
        let (d, w) = try worstAccountDifference(luSparse, lu)
        #expect(d <= 1e-14, "LU from sparse flows: \(d) at \(w)")
        // The consuming path drops the flows.
        var consumed = held
        _ = try MRIOEngine.accounts(consuming: &consumed)
        #expect(consumed.sparseZ == nil)
    }

    @Test("a non-productive table held sparse: the same error naming the region-sector")
    func nonProductive() throws {
        var system = try syntheticSystem(regions: 3, sectors: 4, seed: 1)
        var z = try #require(system.Z)
        let x = try LeontiefModel.grossOutput(system, label: { "\($0)" })
        for i in 0..<z.rows { z[i, 5] *= 3 } // column 5 of A sums to more than 1
        z[5, 5] = 1.5 * x[5]
        system.Z = z
        system.x = x
        let dense = #expect(throws: MRIOError.self) { try MRIOEngine.accounts(system, options: AccountOptions(solver: .iterative)) }
        let held = #expect(throws: MRIOError.self) { try MRIOEngine.accounts(try sparse(system), options: AccountOptions(solver: .iterative)) }
        #expect(held?.code == dense?.code && held?.message == dense?.message, "\(String(describing: held)) vs \(String(describing: dense))")
    }

    @Test("validation: a sparse Z of the wrong shape or with NaN is refused naming the cell")
    func validation() throws {
        let system = try syntheticSystem(regions: 2, sectors: 3, seed: 2)
        var bad = try #require(system.Z)
        bad[1, 4] = .nan
        #expect(throws: MRIOError.self) {
            try MRIOSystem(
                name: "t", regions: system.regions, sectors: system.sectors, finalDemandCategories: system.finalDemandCategories, Y: system.Y,
                sparseZ: try SparseMatrix(dense: DenseMatrix(rows: 5, columns: 5, repeating: 1)))
        }
        let e = #expect(throws: MRIOError.self) {
            try MRIOSystem(
                name: "t", regions: system.regions, sectors: system.sectors, finalDemandCategories: system.finalDemandCategories, Y: system.Y,
                sparseZ: try SparseMatrix(dense: bad))
        }
        #expect(e?.code == .nonFinite && e?.message.contains("R1:S2, R2:S2") == true, "\(String(describing: e))")
    }
}
