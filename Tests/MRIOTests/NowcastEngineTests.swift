import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengNumerics

/// The reference implementation's GWP100 sets for the fixtures (scripts/nowcast_reference.py, sda_reference.py).
let fixtureAR5 = GWP100(set: "AR5", ch4Fossil: 28, ch4NonFossil: 28, n2o: 265)
let fixtureAR6 = GWP100(set: "AR6", ch4Fossil: 29.8, ch4NonFossil: 27.0, n2o: 273)

func matrix(_ any: Any?) throws -> DenseMatrix { try DenseMatrix(rowMajor: try #require(any as? [[Double]])) }
func doubles(_ any: Any?) throws -> [Double] { try #require(any as? [Double]) }

/// A value within `rel` of the reference, relative to the larger magnitude (or to `scale` for zeros).
func close(_ a: Double, _ b: Double, rel: Double, scale: Double = 0) -> Bool {
    abs(a - b) <= rel * max(abs(a), abs(b), scale, 1e-300)
}

@Suite("Nowcast engine")
struct NowcastEngineTests {
    /// The synthetic 3 × 2 system of holdout_fixture.json as an MRIO system with the target year's extensions.
    static func synthetic() throws -> (system: MRIOSystem, growth: [Double], fixture: [String: Any]) {
        let f = try #require(try GHGFixture.json("nowcast/holdout_fixture.json")["synthetic"] as? [String: Any])
        let F = try #require(f["F_target"] as? [String: Any]), FY = try #require(f["F_Y_target"] as? [String: Any])
        let exts = [
            MRIOExtension(name: "co2", stressors: ["CO2"], units: ["kt"], F: try matrix(F["co2"]), FY: try matrix(FY["co2"])),
            MRIOExtension(
                name: "ch4", stressors: ["CH4_fossil", "CH4_nonfossil"], units: ["kt", "kt"], F: try matrix(F["ch4"]), FY: try matrix(FY["ch4"])),
            MRIOExtension(name: "n2o", stressors: ["N2O"], units: ["kt"], F: try matrix(F["n2o"]), FY: try matrix(FY["n2o"]))
        ]
        let system = try MRIOSystem(
            name: "synthetic", regions: try #require(f["regions"] as? [String]), sectors: try #require(f["sectors"] as? [String]),
            finalDemandCategories: try #require(f["final_demand_categories"] as? [String]), Z: try matrix(f["Z"]), x: try doubles(f["x"]),
            Y: try matrix(f["Y"]), extensions: exts, year: 2005)
        return (system, try doubles(f["gdp_growth"]), f)
    }

    @Test(
        "synthetic 3 × 2 system: final demand, x = L·y and every gas's accounts of both methods equal the reference at 1e-12",
        arguments: ["plain", "origin_shift"])
    func synthetic(_ method: String) throws {
        let (system, g, f) = try Self.synthetic()
        let ref = try #require((f["methods"] as? [String: [String: Any]])?[method])
        let m = NowcastMethod(alpha: try #require(ref["alpha"] as? Double))
        let model = try LeontiefModel(system, keepA: true)
        var now = try NowcastEngine.nowcast(base: system, model: model, year: 2011, growth: g, method: m, extensions: system.extensions)
        let Yref = try matrix(ref["Y_nowcast"])
        for i in 0..<Yref.rows { for j in 0..<Yref.columns { #expect(close(now.system.Y[i, j], Yref[i, j], rel: 1e-12), "Y[\(i), \(j)]") } }
        for (a, b) in zip(now.output, try doubles(ref["x_nowcast"])) { #expect(close(a, b, rel: 1e-12)) }
        #expect(now.unallocated.isEmpty)
        now.system.extensions += [
            try GHGCharacterisation.characterised(now.system, gwp: fixtureAR5), try GHGCharacterisation.characterised(now.system, gwp: fixtureAR6)
        ]
        let acc = try MRIOEngine.accounts(now.system, model: now.model, options: AccountOptions(incomeBased: false))
        func check(_ cba: [Double], _ pba: [Double], _ key: String) throws {
            let r = try #require(ref[key] as? [String: Any])
            let scale = try doubles(r["pba"]).map(abs).max()!
            for (a, b) in zip(cba, try doubles(r["cba"])) { #expect(close(a, b, rel: 1e-12, scale: scale), "\(method) \(key) cba \(a) vs \(b)") }
            for (a, b) in zip(pba, try doubles(r["pba"])) { #expect(close(a, b, rel: 1e-12, scale: scale), "\(method) \(key) pba \(a) vs \(b)") }
        }
        for gas in ["co2", "ch4", "n2o"] {
            let e = try acc.extensionAccounts(gas)
            let sum = { (m: DenseMatrix) in (0..<m.columns).map { c in (0..<m.rows).reduce(0) { $0 + m[$1, c] } } }
            try check(sum(e.cbaRegion), sum(e.pbaRegion), gas)
        }
        let ar5 = try acc.extensionAccounts("ghg-AR5"), ar6 = try acc.extensionAccounts("ghg-AR6")
        try check(ar5.cbaRegion.row(3), ar5.pbaRegion.row(3), "ghg")
        try check(ar6.cbaRegion.row(3), ar6.pbaRegion.row(3), "ghg_ar6")
    }

    @Test("the origin shift keeps each region's final demand per product at exactly g_r times the base; plain scaling is g_r per column")
    func originShiftInvariant() throws {
        let (system, g, _) = try Self.synthetic()
        let R = 3, S = 2, C = 5
        let shifted = try NowcastEngine.scaledFinalDemand(
            system.Y, growth: g, method: .originShift, regions: R, sectors: S, categories: system.finalDemandCategories)
        for col in 0..<(R * C) {
            for p in 0..<S {
                let before = (0..<R).reduce(0.0) { $0 + system.Y[$1 * S + p, col] }, after = (0..<R).reduce(0.0) { $0 + shifted[$1 * S + p, col] }
                #expect(close(after, before * g[col / C], rel: 1e-14, scale: 1), "column \(col) product \(p)")
            }
        }
        let plain = try NowcastEngine.scaledFinalDemand(
            system.Y, growth: g, method: .plain, regions: R, sectors: S, categories: system.finalDemandCategories)
        for c in 0..<(R * C) { for i in 0..<(R * S) { #expect(plain[i, c] == system.Y[i, c] * g[c / C]) } }
        #expect {
            try NowcastEngine.scaledFinalDemand(
                system.Y, growth: [1, 0, 1], method: .plain, regions: R, sectors: S, categories: system.finalDemandCategories)
        } throws: { "\($0)".contains("positive") }
    }

    @Test("a cell whose nowcast output is ≤ 0 is reported as unallocated and counted as consumed where emitted; cba and pba still balance")
    func unallocated() throws {
        // A's inventories are drawn down by B's final demand, which grows fivefold: x_t of A:s turns negative.
        let Z = try DenseMatrix(rowMajor: [[0, 1], [1, 0]])
        let Y = try DenseMatrix(rowMajor: [[10, 0, 0, -9], [0, 0, 20, 0]])
        let co2 = MRIOExtension(
            name: "co2", stressors: ["CO2"], units: ["kt"], F: try DenseMatrix(rowMajor: [[100, 50]]), FY: try DenseMatrix(rowMajor: [[3, 0, 4, 0]]))
        let system = try MRIOSystem(
            name: "neg", regions: ["A", "B"], sectors: ["s"], finalDemandCategories: ["CONS_h", "INVEN"], Z: Z, Y: Y, extensions: [co2])
        let model = try LeontiefModel(system, keepA: true)
        let now = try NowcastEngine.nowcast(base: system, model: model, year: 2011, growth: [1, 5], method: .plain, extensions: [co2])
        #expect(now.output[0] < 0 && now.output[1] > 0)
        #expect(now.unallocated.count == 1)
        #expect(now.unallocated.first.map { [$0.extension, $0.stressor, $0.cell] } == ["co2", "CO2", "A:s"] && now.unallocated.first?.amount == 100)
        #expect(now.system.x == [0, now.output[1]])
        let acc = try MRIOEngine.accounts(now.system, model: now.model, options: AccountOptions(incomeBased: false))
        let e = try acc.extensionAccounts("co2")
        #expect(e.cbaRegion[0, 0] >= 100 + 3) // A consumes what it emitted without output
        #expect(close(e.cbaRegion[0, 0] + e.cbaRegion[0, 1], 157, rel: 1e-12)) // nothing lost: world cba = emissions
        #expect(close(e.pbaRegion[0, 0], 103, rel: 1e-12) && close(e.pbaRegion[0, 1], 54, rel: 1e-12))
        #expect(now.notes.contains { $0.contains("unallocated") })
    }

    @Test(
        "hold-out: 2011 nowcast from the 2005 and the 2008 table with 2011's emissions equals the reference pipeline; the comparison's arithmetic holds",
        arguments: ["2005->2011", "2008->2011"], ["plain", "origin_shift"])
    func holdOut(_ pair: String, _ method: String) throws {
        let w = try #require((try GHGFixture.json("nowcast/holdout_fixture.json")["wiod"] as? [String: Any])?[pair] as? [String: Any])
        let ref = try #require((w["methods"] as? [String: [String: Any]])?[method])
        let base = try BundledMRIO.load(id: try #require(w["base_table"] as? String))
        var real = try BundledMRIO.load(id: try #require(w["target_table"] as? String))
        let growthByRegion = try #require(w["gdp_growth"] as? [String: Double])
        let growth = try base.regions.map { try #require(growthByRegion[$0], "growth of \($0)") }
        var now = try NowcastEngine.nowcast(
            base: base, model: try LeontiefModel(base, keepA: true), year: 2011, growth: growth,
            method: NowcastMethod(alpha: try #require(ref["alpha"] as? Double)), extensions: real.extensions)
        now.system.extensions.append(try GHGCharacterisation.characterised(now.system, gwp: fixtureAR5))
        real.extensions.append(try GHGCharacterisation.characterised(real, gwp: fixtureAR5))
        let options = AccountOptions(extensions: ["ghg-AR5"], incomeBased: false)
        let n = try MRIOEngine.accounts(now.system, model: now.model, options: options).extensionAccounts("ghg-AR5")
        let r = try MRIOEngine.accounts(real, options: options).0.extensionAccounts("ghg-AR5")
        let R = base.regions.count
        for (gas, k) in [("co2", 0), ("ghg", 3)] {
            let want = try #require(ref[gas] as? [String: Any])
            let cmp = try HoldOutComparison(
                regions: base.regions, pba: (0..<R).map { n.pbaRegion[k, $0] }, cbaNowcast: (0..<R).map { n.cbaRegion[k, $0] },
                cbaReal: (0..<R).map { r.cbaRegion[k, $0] }, pbaReal: (0..<R).map { r.pbaRegion[k, $0] })
            // The arithmetic of the comparison, recomputed from its own inputs.
            for i in 0..<R {
                #expect(close(cmp.cbaErrorPct[i], 100 * (cmp.cbaNowcast[i] - cmp.cbaReal[i]) / cmp.cbaReal[i], rel: 1e-12))
                #expect(close(cmp.adjustmentErrorPP[i], cmp.adjustmentNowcastPct[i] - cmp.adjustmentRealPct[i], rel: 1e-9, scale: 1e-9))
                #expect(close(cmp.pba[i], r.pbaRegion[k, i], rel: 1e-12, scale: 1e-9), "production is the target year's own")
            }
            let absAdj = cmp.adjustmentErrorPP.map(abs).sorted()
            #expect(
                cmp.medianAbsAdjustmentErrorPP == (absAdj[R / 2 - (R % 2 == 0 ? 1 : 0)] + absAdj[R / 2]) / 2
                    && cmp.maxAbsAdjustmentErrorPP == absAdj.last)
            // … and equal to the independent reference pipeline (scripts/nowcast_reference.py).
            for (key, ours) in [
                ("median_abs_adj_pp", cmp.medianAbsAdjustmentErrorPP), ("max_abs_adj_pp", cmp.maxAbsAdjustmentErrorPP),
                ("median_abs_cba_pct", cmp.medianAbsCbaErrorPct), ("max_abs_cba_pct", cmp.maxAbsCbaErrorPct)
            ] {
                #expect(close(ours, try #require(want[key] as? Double), rel: 1e-9), "\(pair) \(method) \(gas) \(key): \(ours)")
            }
            for (region, v) in try #require(want["regions"] as? [String: [String: Double]]) {
                let i = try #require(base.regions.firstIndex(of: region))
                #expect(close(cmp.cbaNowcast[i], v["cba_nowcast"]!, rel: 1e-9) && close(cmp.cbaReal[i], v["cba_real"]!, rel: 1e-9), "\(region)")
                #expect(abs(cmp.adjustmentErrorPP[i] - v["adj_err_pp"]!) <= 1e-7, "\(region) adjustment error")
            }
        }
    }
}
