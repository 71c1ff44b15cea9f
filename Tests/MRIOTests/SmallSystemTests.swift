import Foundation
import Testing
import YuhengTestSupport
import YuhengNumerics
@testable import YuhengMRIO

/// pymrio's 2-region × 3-sector system (`small_2x3_system` of pymrio_test_reference.json):
/// every matrix of calc_all(include_ghosh=True), at 1e-9 relative.
@Suite("MRIO small system vs pymrio", .enabled(if: Shared.available, "../shared is not available (set YUHENG_SHARED)"))
struct SmallSystemTests {
    let ref: [String: Any]
    let system: MRIOSystem

    init() throws {
        let all = try Shared.json("reference/pymrio_test_reference.json")
        ref = try #require(all["small_2x3_system"] as? [String: Any])
        let inputs = try #require(ref["inputs"] as? [String: Any])
        let Z = try SplitMatrix(inputs["Z"]), Y = try SplitMatrix(inputs["Y"])
        let F = try SplitMatrix(inputs["F"]), FY = try SplitMatrix(inputs["F_Y"])
        let regions = ["reg1", "reg2"], sectors = ["sector1", "sector2", "sector3"]
        // Y columns are "region | category"
        let cats = Y.columns.filter { $0.hasPrefix("reg1 | ") }.map { String($0.dropFirst("reg1 | ".count)) }
        system = try MRIOSystem(
            name: "small", regions: regions, sectors: sectors, finalDemandCategories: cats,
            Z: Z.dense, Y: Y.dense,
            extensions: [MRIOExtension(name: "ext", stressors: F.index, units: F.index.map { _ in "kg" }, F: F.dense, FY: FY.dense)])
    }

    @Test("x, A, S, M and the regional accounts")
    func accounts() throws {
        let (acc, model) = try MRIOEngine.accounts(system, options: AccountOptions(sectorDetail: true, keepA: true))
        let x = try #require(ref["x"] as? [Double])
        for (a, e) in zip(model.x, x) { #expect(relClose(a, e)) }
        expectClose(try #require(model.A), try SplitMatrix(ref["A"]).data, rel: 1e-9, "A")
        let e = acc.extensions[0]
        expectClose(e.S, try SplitMatrix(ref["S"]).data, rel: 1e-9, "S")
        expectClose(e.M, try SplitMatrix(ref["M"]).data, rel: 1e-9, "M")
        expectClose(e.cbaRegion, try SplitMatrix(ref["D_cba_reg"]).data, rel: 1e-9, "D_cba_reg")
        expectClose(e.pbaRegion, try SplitMatrix(ref["D_pba_reg"]).data, rel: 1e-9, "D_pba_reg")
        expectClose(e.impRegion, try SplitMatrix(ref["D_imp_reg"]).data, rel: 1e-9, "D_imp_reg")
        expectClose(e.expRegion, try SplitMatrix(ref["D_exp_reg"]).data, rel: 1e-9, "D_exp_reg")
        expectClose(try #require(e.cba), try SplitMatrix(ref["D_cba"]).data, rel: 1e-9, "D_cba")
        expectClose(try #require(e.pba), try SplitMatrix(ref["D_pba"]).data, rel: 1e-9, "D_pba")
        expectClose(try #require(e.imp), try SplitMatrix(ref["D_imp"]).data, rel: 1e-9, "D_imp")
        expectClose(try #require(e.exp), try SplitMatrix(ref["D_exp"]).data, rel: 1e-9, "D_exp")
    }

    @Test("L·b by solving equals the reference Leontief inverse applied to b")
    func leontiefSolves() throws {
        let model = try LeontiefModel(system)
        let L = try SplitMatrix(ref["L"]).dense
        let I = DenseMatrix.identity(6)
        let viaSolve = try model.leontief(I) // columns of L, only for this 6 × 6 check
        expectClose(viaSolve, L.rowsArray, rel: 1e-9, "L")
    }

    @Test("Ghosh: G = diag(1/x)·L·diag(x) and income-based totals equal ΣF")
    func ghosh() throws {
        let (acc, model) = try MRIOEngine.accounts(system, options: AccountOptions())
        let L = try model.leontief(DenseMatrix.identity(6))
        let G = DenseMatrix(rows: 6, columns: 6) { i, j in L[i, j] * model.x[j] / model.x[i] }
        expectClose(G, try SplitMatrix(ref["G"]).data, rel: 1e-9, "G")
        let e = acc.extensions[0]
        let iba = try #require(e.ibaRegion)
        for s in 0..<2 {
            let fTotal = system.extensions[0].F.row(s).reduce(0, +)
            #expect(relClose(iba.row(s).reduce(0, +), fTotal, 1e-12))
        }
    }

    @Test("identities: cba − pba = imp − exp per region; Σ cba = Σ pba = ΣF + ΣF_Y; OD sums")
    func identities() throws {
        let (acc, _) = try MRIOEngine.accounts(system, options: AccountOptions())
        let e = acc.extensions[0]
        for s in 0..<2 {
            for r in 0..<2 {
                #expect(abs((e.cbaRegion[s, r] - e.pbaRegion[s, r]) - (e.impRegion[s, r] - e.expRegion[s, r])) < 1e-9)
                // Off-diagonal sums of the origin-destination matrix are the imports and exports.
                let od = e.originDestination[s]
                var imports = 0.0, exports = 0.0
                for o in 0..<2 where o != r { imports += od[o, r]; exports += od[r, o] }
                #expect(relClose(imports, e.impRegion[s, r]))
                #expect(relClose(exports, e.expRegion[s, r]))
            }
            let total = system.extensions[0].F.row(s).reduce(0, +) + (system.extensions[0].FY?.row(s).reduce(0, +) ?? 0)
            #expect(relClose(e.cbaRegion.row(s).reduce(0, +), total, 1e-12))
            #expect(relClose(e.pbaRegion.row(s).reduce(0, +), total, 1e-12))
        }
    }
}

extension DenseMatrix {
    var rowsArray: [[Double]] { (0..<rows).map { row($0) } }
}
