import Foundation
import Testing
import YuhengTestSupport
import YuhengCore
import YuhengData
import YuhengNumerics
@testable import YuhengMRIO

/// Compares `{stressor: {region: value}}` objects at 1e-9 relative.
func expectRegional(
    _ m: DenseMatrix, stressors: [String], regions: [String], _ ref: Any?, _ what: String, rel: Double = 1e-9,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let obj = try #require(ref as? [String: [String: Double]], "\(what) missing in reference", sourceLocation: sourceLocation)
    #expect(Set(obj.keys) == Set(stressors), "\(what): stressor keys", sourceLocation: sourceLocation)
    var worst = 0.0, at = ""
    for (k, s) in stressors.enumerated() {
        let row = try #require(obj[s], sourceLocation: sourceLocation)
        let scale = row.values.map(abs).max() ?? 0
        for (r, reg) in regions.enumerated() {
            let e = try #require(row[reg], "\(what): no \(s) / \(reg) in the reference", sourceLocation: sourceLocation)
            let a = m[k, r]
            let err = e == 0 ? abs(a) / max(scale, 1e-300) : abs(a - e) / abs(e)
            if err > worst { worst = err; at = "\(s) / \(reg): \(a) vs \(e)" }
        }
    }
    #expect(worst <= rel, "\(what): worst relative error \(worst) at \(at)", sourceLocation: sourceLocation)
}

@Suite("pymrio test system vs pymrio 0.7.0", .enabled(if: Shared.available, "../shared is not available (set YUHENG_SHARED)"))
struct PymrioTestSystemTests {
    let ref: [String: Any]
    let system: MRIOSystem

    init() throws {
        ref = try Shared.json("reference/pymrio_test_reference.json")
        system = try MRIOReader.read(path: Shared.root.appendingPathComponent("data/mrio/pymrio_test_system").path, format: .pymrio)
    }

    @Test("all regional accounts of both extensions, and per-capita accounts")
    func regionalAccounts() throws {
        let (acc, model) = try MRIOEngine.accounts(system)
        let x = ref["core"] as? [String: Any]
        #expect(relClose(model.x.reduce(0, +), try #require(x?["x_total"] as? Double)))
        for name in ["emissions", "factor_inputs"] {
            let e = try acc.extensionAccounts(name)
            let r = try #require(ref[name] as? [String: Any])
            try expectRegional(e.cbaRegion, stressors: e.stressors, regions: acc.regions, r["D_cba_reg"], "\(name) D_cba_reg")
            try expectRegional(e.pbaRegion, stressors: e.stressors, regions: acc.regions, r["D_pba_reg"], "\(name) D_pba_reg")
            try expectRegional(e.impRegion, stressors: e.stressors, regions: acc.regions, r["D_imp_reg"], "\(name) D_imp_reg")
            try expectRegional(e.expRegion, stressors: e.stressors, regions: acc.regions, r["D_exp_reg"], "\(name) D_exp_reg")
        }
        let e = try acc.extensionAccounts("emissions")
        let pop = try #require(system.population)
        var cap = e.cbaRegion, pcap = e.pbaRegion
        for (r, reg) in acc.regions.enumerated() { for k in 0..<2 { cap[k, r] /= pop[reg]!; pcap[k, r] /= pop[reg]! } }
        let r = try #require(ref["emissions"] as? [String: Any])
        try expectRegional(cap, stressors: e.stressors, regions: acc.regions, r["D_cba_cap"], "D_cba_cap")
        try expectRegional(pcap, stressors: e.stressors, regions: acc.regions, r["D_pba_cap"], "D_pba_cap")
    }

    @Test("full S, M and D_* by region-sector; multiplier checks; A and L summaries")
    func fullMatrices() throws {
        let (acc, model) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: ["emissions"], sectorDetail: true, keepA: true))
        let e = acc.extensions[0]
        let full = try #require(ref["emissions_full"] as? [String: Any])
        expectClose(e.S, try SplitMatrix(full["S"]).data, rel: 1e-9, "S")
        expectClose(e.M, try SplitMatrix(full["M"]).data, rel: 1e-9, "M")
        expectClose(try #require(e.cba), try SplitMatrix(full["D_cba"]).data, rel: 1e-9, "D_cba")
        expectClose(try #require(e.pba), try SplitMatrix(full["D_pba"]).data, rel: 1e-9, "D_pba")
        expectClose(try #require(e.imp), try SplitMatrix(full["D_imp"]).data, rel: 1e-9, "D_imp")
        expectClose(try #require(e.exp), try SplitMatrix(full["D_exp"]).data, rel: 1e-9, "D_exp")
        let sums = try #require(ref["multipliers_M_sum_over_sectors"] as? [String: Double])
        for (k, s) in e.stressors.enumerated() { #expect(relClose(e.M.row(k).reduce(0, +), try #require(sums[s]))) }
        let core = try #require(ref["core"] as? [String: Any])
        let A = try #require(model.A)
        #expect(relClose(A.elements.reduce(0, +), try #require(core["A_sum"] as? Double)))
        // L summaries through solves (only for this 48 × 48 check).
        let L = try model.leontief(DenseMatrix.identity(system.n))
        #expect(relClose((0..<system.n).reduce(0) { $0 + L[$1, $1] }, try #require(core["L_trace"] as? Double)))
        #expect(relClose(L.elements.reduce(0, +), try #require(core["L_sum"] as? Double)))
    }

    @Test("aggregating regions [A,A,A,B,B,B] then recomputing, as pymrio's aggregate")
    func aggregated() throws {
        let agg = try #require(ref["aggregated_2reg"] as? [String: Any])
        let c = try Concordance(mapping: ["reg1": "A", "reg2": "A", "reg3": "A", "reg4": "B", "reg5": "B", "reg6": "B"], order: system.regions)
        var s = system
        s.x = nil // pymrio aggregates flows and recomputes x
        let aggregated = try s.aggregated(regions: c)
        let (acc, _) = try MRIOEngine.accounts(aggregated, options: AccountOptions(extensions: ["emissions"]))
        let e = acc.extensions[0]
        try expectRegional(e.cbaRegion, stressors: e.stressors, regions: ["A", "B"], agg["emissions_D_cba_reg"], "aggregated D_cba_reg")
        try expectRegional(e.pbaRegion, stressors: e.stressors, regions: ["A", "B"], agg["emissions_D_pba_reg"], "aggregated D_pba_reg")
        // Aggregating results instead of the system keeps pba exactly.
        let (full, _) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: ["emissions"]))
        let pbaAgg = c.aggregateColumns(full.extensions[0].pbaRegion, labels: system.regions)
        try expectRegional(pbaAgg, stressors: e.stressors, regions: ["A", "B"], agg["emissions_D_pba_reg"], "results-aggregated D_pba_reg", rel: 1e-9)
    }

    @Test("characterization with pymrio's characterization table")
    func characterization() throws {
        let table = try #require(ref["characterization_table"] as? [[String: Any]])
        let factors = try table.map { row in
            CharacterizationFactor(
                stressor: "\(try #require(row["stressor"] as? String)) | \(try #require(row["compartment"] as? String))",
                impact: try #require(row["impact"] as? String), factor: try #require(row["factor"] as? Double),
                impactUnit: try #require(row["impact_unit"] as? String), stressorUnit: row["stressor_unit"] as? String)
        }
        var s = system
        let idx = try #require(s.extensions.firstIndex { $0.name == "emissions" })
        s.extensions.append(try s.extensions[idx].characterized(factors, name: "impacts"))
        let (acc, _) = try MRIOEngine.accounts(s, options: AccountOptions(extensions: ["impacts"]))
        let e = acc.extensions[0]
        let r = try #require(ref["characterized_impacts"] as? [String: Any])
        try expectRegional(e.cbaRegion, stressors: e.stressors, regions: acc.regions, r["D_cba_reg"], "impacts D_cba_reg")
        try expectRegional(e.pbaRegion, stressors: e.stressors, regions: acc.regions, r["D_pba_reg"], "impacts D_pba_reg")
    }

    @Test("identities and trade transfers")
    func identities() throws {
        let (acc, model) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: ["emissions"], keepA: true))
        let e = acc.extensions[0]
        for k in 0..<e.stressors.count {
            let scale = e.cbaRegion.row(k).map(abs).max()!
            for r in 0..<acc.regions.count {
                #expect(abs((e.cbaRegion[k, r] - e.pbaRegion[k, r]) - (e.impRegion[k, r] - e.expRegion[k, r])) <= 1e-12 * scale)
            }
            #expect(relClose(e.cbaRegion.row(k).reduce(0, +), e.pbaRegion.row(k).reduce(0, +), 1e-12))
            let t = try MRIOEngine.transfers(acc, system: system, model: model, extension: "emissions", stressor: e.stressors[k])
            for b in t.balances() {
                let r = acc.regions.firstIndex(of: b.region)!
                #expect(relClose(b.imports, e.impRegion[k, r], 1e-12))
                #expect(relClose(b.exports, e.expRegion[k, r], 1e-12))
            }
            // EEBT exists, is non-negative here and has a zero diagonal.
            let eebt = try #require(t.eebt)
            for r in 0..<acc.regions.count { #expect(eebt[r, r] == 0) }
            #expect(eebt.elements.allSatisfy { $0 >= 0 })
        }
    }

    @Test("structural paths converge to the footprint and the first-order path is the direct term")
    func structuralPaths() throws {
        let (acc, model) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: ["emissions"], keepA: true))
        let e = acc.extensions[0]
        let y = MRIOEngine.aggregateFinalDemand(system).column(0)
        let res = try MRIOEngine.structuralPaths(
            A: try #require(model.A), intensities: e.S.row(0), multipliers: e.M.row(0), finalDemand: y,
            labels: { system.label($0) }, threshold: 1e-7, maxPaths: 1_000_000, maxDepth: 40, maxExpansions: 2_000_000)
        let footprint = (0..<system.n).reduce(0.0) { $0 + e.M[0, $1] * y[$1] }
        #expect(relClose(res.total, footprint, 1e-12))
        #expect(res.coverage > 0.99 && res.coverage <= 1 + 1e-9)
        // A path of length one is y_i · s_i.
        let top = try #require(res.paths.first { $0.nodes.count == 1 })
        let i = (0..<system.n).first { system.label($0) == top.nodes[0] }!
        #expect(relClose(top.value, y[i] * e.S[0, i], 1e-12))
    }
}

@Suite("WIOD 2011 CO2 vs pymrio", .enabled(if: Shared.available, "../shared is not available (set YUHENG_SHARED)"))
struct WIODTests {
    @Test("pymrio_txt and csv folders reproduce the reference at 1e-9", arguments: ["pymrio_txt", "csv"])
    func wiod(_ folder: String) throws {
        let ref = try Shared.json("reference/wiod2011_co2_reference.json")
        let system = try MRIOReader.read(path: Shared.root.appendingPathComponent("data/mrio/wiod2011_co2/\(folder)").path)
        let (acc, _) = try MRIOEngine.accounts(system)
        let e = try acc.extensionAccounts("co2")
        let co2 = try #require(ref["co2"] as? [String: Any])
        for key in ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"] {
            let m: DenseMatrix = key == "D_cba_reg" ? e.cbaRegion : key == "D_pba_reg" ? e.pbaRegion : key == "D_imp_reg" ? e.impRegion : e.expRegion
            try expectRegional(m, stressors: ["CO2"], regions: acc.regions, ["CO2": try #require(co2[key] as? [String: Double])], "WIOD \(key)")
        }
        for (name, mat) in [("M", e.M), ("S", e.S)] {
            let r = try #require(ref[name] as? [String: Double])
            let scale = r.values.map(abs).max()!
            var worst = 0.0
            for i in 0..<system.n {
                let v = try #require(r[system.label(i)], "\(name) has no \(system.label(i))")
                worst = max(worst, v == 0 ? abs(mat[0, i]) / scale : abs(mat[0, i] - v) / abs(v))
            }
            #expect(worst <= 1e-9, "\(name): worst \(worst)")
        }
        let t = try #require(ref["totals_and_identities"] as? [String: Double])
        #expect(relClose(e.cbaRegion.row(0).reduce(0, +), try #require(t["sum_D_cba_reg_kt"])))
        #expect(relClose(e.pbaRegion.row(0).reduce(0, +), try #require(t["sum_D_pba_reg_kt"])))
        #expect(relClose(e.impRegion.row(0).reduce(0, +), try #require(t["sum_D_imp_reg_kt"])))
    }
}

@Suite("MRIO bad input")
struct MRIOBadInputTests {
    func system(Z: [[Double]], Y: [[Double]], x: [Double]? = nil) throws -> MRIOSystem {
        try MRIOSystem(
            name: "t", regions: ["R1", "R2"], sectors: ["a"], finalDemandCategories: ["hh"],
            Z: try DenseMatrix(rowMajor: Z), x: x, Y: try DenseMatrix(rowMajor: Y),
            extensions: [MRIOExtension(name: "co2", stressors: ["CO2"], units: ["kt"], F: try DenseMatrix(rowMajor: [[1, 2]]))])
    }

    @Test("a column of A summing to 1 or more: a warning naming it when still productive, an error with strict")
    func columnSums() throws {
        // R2:a uses 10 of R1:a and produces 10: its column of A sums to 1, yet ρ(A) = 1/3.
        let s = try system(Z: [[1, 10], [1, 0]], Y: [[1, 1], [1, 8]], x: [12, 10])
        #expect { try MRIOEngine.accounts(s, options: AccountOptions(strictColumnSums: true)) } throws: { e in
            guard let e = e as? MRIOError else { return false }
            return e.code == .nonProductive && e.message.contains("R2:a")
        }
        let (acc, _) = try MRIOEngine.accounts(s)
        #expect(acc.warnings.contains { $0.contains("R2:a") })
    }

    @Test("a non-productive system (spectral radius ≥ 1) is an error naming a region-sector")
    func spectral() throws {
        let s = try system(Z: [[0, 20], [20, 0]], Y: [[1, 0], [0, 1]], x: [10, 10])
        #expect { try MRIOEngine.accounts(s) } throws: { e in
            guard let e = e as? MRIOError else { return false }
            return (e.code == .nonProductive || e.code == .singular) && (e.message.contains("R1:a") || e.message.contains("R2:a"))
        }
    }

    @Test("singular (I − A) names the pivot's region-sector")
    func singular() throws {
        let A = try DenseMatrix(rowMajor: [[1, 0], [0, 0.5]]) // column 0 of I − A is zero
        let s = try MRIOSystem(
            name: "t", regions: ["R1", "R2"], sectors: ["a"], finalDemandCategories: ["hh"], A: A, x: [1, 1],
            Y: try DenseMatrix(rowMajor: [[1, 0], [0, 1]]))
        #expect { try LeontiefModel(s) } throws: { e in
            guard let e = e as? MRIOError else { return false }
            return (e.code == .singular || e.code == .nonProductive) && e.message.contains("R1:a")
        }
    }

    @Test("NaN, negative output and wrong shapes are rejected with clear messages")
    func validation() throws {
        #expect(throws: MRIOError.self) { try system(Z: [[.nan, 0], [0, 0]], Y: [[1, 1], [1, 1]]) }
        #expect { try system(Z: [[0, 0], [0, 0]], Y: [[1, 1], [1, 1]], x: [1, -1]) } throws: { ($0 as? MRIOError)?.code == .negativeOutput }
        #expect { try system(Z: [[0, 0, 0], [0, 0, 0]], Y: [[1, 1], [1, 1]]) } throws: { ($0 as? MRIOError)?.code == .shape }
        #expect { try system(Z: [[0, 0], [0, 0]], Y: [[1, 1, 1], [1, 1, 1]]) } throws: { ($0 as? MRIOError)?.code == .shape }
    }

    @Test("negative final demand (inventory changes) is valid")
    func negativeFinalDemand() throws {
        let s = try system(Z: [[1, 2], [3, 1]], Y: [[10, -1], [2, 9]])
        let (acc, _) = try MRIOEngine.accounts(s)
        #expect(relClose(acc.extensions[0].cbaRegion.row(0).reduce(0, +), 3, 1e-12))
    }
}
