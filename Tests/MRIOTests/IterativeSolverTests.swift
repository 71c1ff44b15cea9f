import Foundation
import Testing
import YuhengData
import YuhengNumerics
import YuhengTestSupport

@testable import YuhengMRIO

/// The largest relative difference between two k × R account matrices; where `reference` is 0, the
/// difference relative to the largest |value| of its stressor.
func worstRelativeDifference(_ a: DenseMatrix, _ reference: DenseMatrix) -> Double {
    var worst = 0.0
    for s in 0..<reference.rows {
        let scale = reference.row(s).map(abs).max() ?? 0
        for c in 0..<reference.columns {
            let e = reference[s, c], v = a[s, c]
            let err = e == 0 ? (scale > 0 ? abs(v) / scale : abs(v)) : abs(v - e) / abs(e)
            worst = max(worst, err)
        }
    }
    return worst
}

/// Every regional account (D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg, D_iba_reg) and the multipliers of `a` against `b`.
func worstAccountDifference(_ a: MRIOAccounts, _ b: MRIOAccounts) throws -> (Double, String) {
    var worst = (0.0, "")
    for eb in b.extensions {
        let ea = try a.extensionAccounts(eb.name)
        var pairs = [("D_cba_reg", ea.cbaRegion, eb.cbaRegion), ("D_pba_reg", ea.pbaRegion, eb.pbaRegion)]
        pairs += [("D_imp_reg", ea.impRegion, eb.impRegion), ("D_exp_reg", ea.expRegion, eb.expRegion), ("M", ea.M, eb.M)]
        if let ia = ea.ibaRegion, let ib = eb.ibaRegion { pairs.append(("D_iba_reg", ia, ib)) }
        for (name, x, y) in pairs {
            let d = worstRelativeDifference(x, y)
            if d > worst.0 { worst = (d, "\(eb.name) \(name)") }
        }
    }
    return worst
}

/// A synthetic EE-MRIO built like `gen_synthetic.py` (strong domestic blocks, sparse trade, column sums of A
/// in 0.3–0.8, final demand with home bias, x = Z·1 + Y·1): productive by construction.
func syntheticSystem(regions R: Int, sectors S: Int, seed: UInt64) throws -> MRIOSystem {
    var rng = SeededGenerator(seed: seed)
    let n = R * S
    var a = DenseMatrix(rows: n, columns: n, repeating: 0)
    for j in 0..<n {
        var sum = 0.0
        for i in 0..<n {
            let domestic = i / S == j / S
            guard Double.random(in: 0..<1, using: &rng) < (domestic ? 0.4 : 0.05) else { continue }
            let v = exp(1.5 * Double.random(in: -1..<1, using: &rng)) * (domestic ? 20 : 1)
            a[i, j] = v
            sum += v
        }
        let target = Double.random(in: 0.3..<0.8, using: &rng)
        for i in 0..<n where sum > 0 { a[i, j] *= target / sum }
    }
    let xt = (0..<n).map { _ in exp(8 + 1.5 * Double.random(in: -1..<1, using: &rng)) }
    var z = a
    for j in 0..<n { for i in 0..<n { z[i, j] = a[i, j] * xt[j] } }
    let zr = z.rowSums
    var y = DenseMatrix(rows: n, columns: R, repeating: 0)
    for i in 0..<n {
        let total = max(xt[i] - zr[i], 0.05 * xt[i])
        let w = (0..<R).map { c in Double.random(in: 0.01..<1, using: &rng) * (c == i / S ? 10 : 1) }
        let ws = w.reduce(0, +)
        for c in 0..<R { y[i, c] = total * w[c] / ws }
    }
    let f = DenseMatrix(rows: 2, columns: n) { _, j in Double.random(in: 0..<1, using: &rng) < 0.7 ? xt[j] * Double.random(in: 0..<1, using: &rng) : 0
    }
    return try MRIOSystem(
        name: "synthetic \(R)x\(S) seed \(seed)", regions: (1...R).map { "R\($0)" }, sectors: (1...S).map { "S\($0)" },
        finalDemandCategories: ["hh"], Z: z, Y: y,
        extensions: [MRIOExtension(name: "stressors", stressors: ["s1", "s2"], units: ["kg", "kg"], F: f)])
}

@Suite("Iterative solver of the accounts vs dense LU")
struct IterativeSolverTests {
    func both(_ system: MRIOSystem, options: AccountOptions = AccountOptions()) throws -> (iterative: MRIOAccounts, lu: MRIOAccounts) {
        var it = options, lu = options
        it.solver = .iterative
        lu.solver = .lu
        return (try MRIOEngine.accounts(system, options: it).0, try MRIOEngine.accounts(system, options: lu).0)
    }

    @Test("every bundled WIOD table: iterative == LU to 1e-12 relative on every D_*_reg and M, the residual in the report")
    func bundledTables() throws {
        for id in BundledMRIO.tables {
            let system = try BundledMRIO.load(id: id)
            let (it, lu) = try both(system)
            let report = try #require(it.solverReport)
            #expect(report.method == .iterative, "\(id): \(report)")
            #expect((report.relativeResidual ?? 1) <= 1e-14 && (report.iterations ?? 0) > 0, "\(id): \(report)")
            #expect(it.solver.contains("iterations, relative residual"), "\(id): \(it.solver)")
            #expect(lu.solverReport?.method == .lu && lu.solver.contains("dense LU"))
            let (worst, at) = try worstAccountDifference(it, lu)
            #expect(worst <= 1e-12, "\(id): worst relative difference \(worst) at \(at)")
        }
    }

    @Test(
        "pymrio's test system: iterative == LU to 1e-12 relative (both extensions)",
        .enabled(if: Shared.available, "../shared is not available (set YUHENG_SHARED)"))
    func pymrioTestSystem() throws {
        let system = try MRIOReader.read(path: Shared.root.appendingPathComponent("data/mrio/pymrio_test_system").path, format: .pymrio)
        let (it, lu) = try both(system)
        #expect(it.solverReport?.method == .iterative)
        let (worst, at) = try worstAccountDifference(it, lu)
        #expect(worst <= 1e-12, "worst relative difference \(worst) at \(at)")
        #expect(it.extensions.count == 2)
    }

    @Test("a synthetic table large enough: the cost model picks the iteration, equal to LU to 1e-12", .tags(.slow))
    func automaticChoice() throws {
        let system = try syntheticSystem(regions: 16, sectors: 150, seed: 7)
        let auto = try MRIOEngine.accounts(system).0
        let report = try #require(auto.solverReport)
        #expect(report.requested == .auto && report.method == .iterative, "\(report)")
        #expect(auto.solver.contains("chosen by the cost model"), "\(auto.solver)")
        #expect((report.estimatedRate ?? 1) < 0.5 && (report.relativeResidual ?? 1) <= 1e-14, "\(report)")
        // About 7 % of A is non-zero: the steps are sparse products, and the report says so.
        #expect(report.density < 0.1 && report.products == "sparse" && auto.solver.contains("sparse products"), "\(auto.solver)")
        let lu = try MRIOEngine.accounts(system, options: AccountOptions(solver: .lu)).0
        let (worst, at) = try worstAccountDifference(auto, lu)
        #expect(worst <= 1e-12, "worst relative difference \(worst) at \(at)")
        // A small table of the same kind stays with LU: the blocks' overhead is not worth it.
        let small = try MRIOEngine.accounts(try syntheticSystem(regions: 4, sectors: 10, seed: 7)).0
        #expect(small.solverReport?.method == .lu && small.solver.contains("chosen by the cost model"), "\(small.solver)")
    }

    @Test("a warm start: from the table's own solution the iteration stops at once; from the previous year's, same accounts")
    func warmStart() throws {
        let y2010 = try BundledMRIO.load(id: "wiod2010-ghg"), y2011 = try BundledMRIO.load(id: "wiod2011-ghg")
        let cold = try MRIOEngine.accounts(y2011, options: AccountOptions(solver: .iterative)).0
        let again = try MRIOEngine.accounts(y2011, options: AccountOptions(solver: .iterative, warmStart: cold.solutions)).0
        let (c, a) = (try #require(cold.solverReport), try #require(again.solverReport))
        #expect(a.warmStarted && !c.warmStarted)
        #expect((a.iterations ?? 99) <= 1 && (c.iterations ?? 0) > 5, "restart \(a.iterations ?? -1) vs cold \(c.iterations ?? -1) iterations")
        let first = try MRIOEngine.accounts(y2010, options: AccountOptions(solver: .iterative)).0
        let warm = try MRIOEngine.accounts(y2011, options: AccountOptions(solver: .iterative, warmStart: first.solutions)).0
        let w = try #require(warm.solverReport)
        #expect(w.warmStarted && (w.iterations ?? 99) <= (c.iterations ?? 0), "warm \(w.iterations ?? -1) vs cold \(c.iterations ?? -1) iterations")
        let (worst, at) = try worstAccountDifference(warm, cold)
        #expect(worst <= 1e-12, "worst relative difference \(worst) at \(at)")
        // A start of another shape is ignored (a cold start), not an error.
        let other = try MRIOEngine.accounts(try syntheticSystem(regions: 3, sectors: 4, seed: 1), options: AccountOptions(solver: .iterative)).0
        let mismatched = try MRIOEngine.accounts(y2011, options: AccountOptions(solver: .iterative, warmStart: other.solutions)).0
        #expect(mismatched.solverReport?.warmStarted == false && mismatched.solverReport?.iterations == c.iterations)
    }

    @Test("a series: domestic blocks equal to the previous table's keep their factors (counted in the report); changed ones are factorised")
    func reusedBlocks() throws {
        var base = try syntheticSystem(regions: 6, sectors: 20, seed: 11)
        base.x = try LeontiefModel.grossOutput(base, label: { "\($0)" }) // x given: a changed flow changes one entry of A
        var next = base
        var z = try #require(base.Z)
        z[3, 45] += 5 // a trade flow (region 1 to region 3): no domestic block changes …
        z[44, 45] += 10 // … but this one changes the domestic block of region 3 (rows and columns 40..<60)
        next.Z = z
        let first = try MRIOEngine.accounts(base, options: AccountOptions(solver: .iterative)).0
        #expect(first.solverReport?.reusedBlocks == nil && first.solutions?.diagonalBlocks?.count == 6)
        let same = try MRIOEngine.accounts(base, options: AccountOptions(solver: .iterative, warmStart: first.solutions)).0
        #expect(same.solverReport?.reusedBlocks == 6, "\(String(describing: same.solverReport))")
        #expect(same.solver.contains("6 of 6 domestic blocks unchanged"), "\(same.solver)")
        let changed = try MRIOEngine.accounts(next, options: AccountOptions(solver: .iterative, warmStart: first.solutions)).0
        #expect(changed.solverReport?.reusedBlocks == 5, "\(String(describing: changed.solverReport))")
        // The accounts are those of a cold start on the changed table (reused factors are the same factors).
        let cold = try MRIOEngine.accounts(next, options: AccountOptions(solver: .iterative)).0
        let (worst, at) = try worstAccountDifference(changed, cold)
        #expect(worst <= 1e-13, "worst relative difference \(worst) at \(at)")
        let lu = try MRIOEngine.accounts(next, options: AccountOptions(solver: .lu)).0
        #expect(try worstAccountDifference(changed, lu).0 <= 1e-12)
    }

    /// Two regions of two sectors whose domestic blocks are empty and whose trade blocks have column sums
    /// 1 − ε: the spectral radius of A (and the block-Jacobi contraction) is 1 − ε.
    func nearlySingular(epsilon: Double) throws -> MRIOSystem {
        let h = (1 - epsilon) / 2
        let A = try DenseMatrix(rowMajor: [[0, 0, h, h], [0, 0, h, h], [h, h, 0, 0], [h, h, 0, 0]])
        let y = try DenseMatrix(rowMajor: [[epsilon, 0], [0, epsilon], [epsilon, 0], [0, epsilon]])
        return try MRIOSystem(
            name: "near-singular", regions: ["R1", "R2"], sectors: ["a", "b"], finalDemandCategories: ["hh"], A: A, x: [1, 1, 1, 1], Y: y,
            extensions: [MRIOExtension(name: "co2", stressors: ["CO2"], units: ["kt"], F: try DenseMatrix(rowMajor: [[1, 2, 3, 4]]))])
    }

    @Test("spectral radius 1 − 1e-9: auto takes LU, a forced iteration falls back to LU with a note; never unconverged")
    func nearSingularFallsBack() throws {
        let system = try nearlySingular(epsilon: 1e-9)
        let auto = try MRIOEngine.accounts(system).0
        #expect(auto.solverReport?.method == .lu && auto.solver.contains("near 1"), "\(auto.solver)")
        let forced = try MRIOEngine.accounts(system, options: AccountOptions(solver: .iterative)).0
        let report = try #require(forced.solverReport)
        #expect(report.requested == .iterative && report.method == .lu, "\(report)")
        #expect(report.notes.contains { $0.contains("did not converge") && $0.contains("dense LU") }, "\(report.notes)")
        #expect(forced.solver.contains("note: the iteration did not converge"), "\(forced.solver)")
        let lu = try MRIOEngine.accounts(system, options: AccountOptions(solver: .lu)).0
        let (worst, at) = try worstAccountDifference(forced, lu)
        #expect(worst == 0, "the fallback is the LU result: \(worst) at \(at)")
    }

    @Test("a non-productive table with the iteration forced: still the error naming the region-sector")
    func nonProductive() throws {
        let s = try MRIOSystem(
            name: "t", regions: ["R1", "R2"], sectors: ["a"], finalDemandCategories: ["hh"],
            Z: try DenseMatrix(rowMajor: [[0, 20], [20, 0]]), x: [10, 10], Y: try DenseMatrix(rowMajor: [[1, 0], [0, 1]]),
            extensions: [MRIOExtension(name: "co2", stressors: ["CO2"], units: ["kt"], F: try DenseMatrix(rowMajor: [[1, 2]]))])
        for solver in SolverRequest.allCases {
            #expect {
                try MRIOEngine.accounts(s, options: AccountOptions(solver: solver))
            } throws: { e in
                guard let e = e as? MRIOError else { return false }
                return (e.code == .nonProductive || e.code == .singular) && (e.message.contains("R1:a") || e.message.contains("R2:a"))
            }
        }
    }
}
