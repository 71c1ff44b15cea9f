import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengNumerics

@Suite("Structural decomposition")
struct StructuralDecompositionTests {
    static func year(_ d: [String: Any], label: String, regions: [String], sectors: [String], categories: [String]) throws -> SDAYear {
        let e = MRIOExtension(name: "co2", stressors: ["CO2"], units: ["kt"], F: try matrix(d["F"]), FY: try matrix(d["FY"]))
        let s = try MRIOSystem(
            name: label, regions: regions, sectors: sectors, finalDemandCategories: categories, Z: try matrix(d["Z"]), x: try doubles(d["x"]),
            Y: try matrix(d["Y"]), extensions: [e])
        return try SDAYear(label: label, system: s, model: try LeontiefModel(s, keepA: false), extension: "co2", stressor: 0)
    }

    @Test(
        "synthetic system: D0, D1, the 16 states, the 24 orderings of region R1 and the five components equal the reference at 1e-9; they add up to the change"
    )
    func synthetic() throws {
        let f = try #require(try GHGFixture.json("sda/sda_reference.json")["synthetic"] as? [String: Any])
        let regions = try #require(f["regions"] as? [String]), sectors = try #require(f["sectors"] as? [String])
        let cats = try #require(f["final_demand_categories"] as? [String])
        let y0 = try Self.year(try #require(f["year0"] as? [String: Any]), label: "0", regions: regions, sectors: sectors, categories: cats)
        let y1 = try Self.year(try #require(f["year1"] as? [String: Any]), label: "1", regions: regions, sectors: sectors, categories: cats)
        let results = try StructuralDecomposition.decompose(from: y0, to: y1)
        let refs = try #require(f["results"] as? [String: [String: Any]])
        for r in results {
            let ref = try #require(refs[r.region])
            let D0 = try #require(ref["D0"] as? Double), D1 = try #require(ref["D1"] as? Double)
            let scale = max(abs(D0), abs(D1))
            #expect(close(r.d0, D0, rel: 1e-9, scale: scale) && close(r.d1, D1, rel: 1e-9, scale: scale))
            let comps = try #require(ref["components"] as? [String: Double])
            let ours = [
                "intensity": r.components.intensity, "leontief": r.components.leontief, "composition": r.components.composition,
                "level": r.components.level, "direct_households": r.components.directHouseholds
            ]
            for (k, v) in comps { #expect(abs(ours[k]! - v) <= 1e-9 * scale, "\(r.region) \(k): \(ours[k]!) vs \(v)") }
            for (k, v) in try #require(ref["D_states"] as? [String: Double]) { #expect(abs(r.states[k]! - v) <= 1e-9 * scale, "\(r.region) \(k)") }
            #expect(abs(r.components.sum - r.totalChange) <= 1e-12 * scale, "components add up: residual \(r.residual)")
            #expect(close(r.level0, try #require(ref["level0_musd"] as? Double), rel: 1e-15))
            guard let perms = ref["per_permutation"] as? [[String: Any]] else { continue }
            let ordered = StructuralDecomposition.perOrdering(r)
            #expect(perms.count == 24 && ordered.count == 24)
            for (p, o) in zip(perms, ordered) {
                #expect(p["order"] as? [String] == o.order)
                let eff = try #require(p["effects"] as? [String: Double])
                for (i, k) in StructuralDecomposition.factors.enumerated() { #expect(abs(o.effects[i] - eff[k]!) <= 1e-9 * scale) }
                #expect(abs(o.effects.reduce(0, +) - (r.states["f1L1u1l1"]! - r.states["f0L0u0l0"]!)) <= 1e-12 * scale, "each ordering telescopes")
            }
        }
    }

    @Test("the Dietzenbacher–Los average equals the Shapley form (weights 1/4, 1/12, 1/12, 1/4), so no ordering is privileged")
    func shapley() throws {
        let f = try #require(try GHGFixture.json("sda/sda_reference.json")["synthetic"] as? [String: Any])
        let regions = try #require(f["regions"] as? [String]), sectors = try #require(f["sectors"] as? [String]),
            cats = try #require(f["final_demand_categories"] as? [String])
        let y0 = try Self.year(try #require(f["year0"] as? [String: Any]), label: "0", regions: regions, sectors: sectors, categories: cats)
        let y1 = try Self.year(try #require(f["year1"] as? [String: Any]), label: "1", regions: regions, sectors: sectors, categories: cats)
        for r in try StructuralDecomposition.decompose(from: y0, to: y1) {
            let D = { (s: [Int]) in r.states["f\(s[0])L\(s[1])u\(s[2])l\(s[3])"]! }
            for k in 0..<4 {
                var v = 0.0
                for mask in 0..<16 where mask & (1 << k) == 0 {
                    let lo = (0..<4).map { (mask >> $0) & 1 }
                    var hi = lo
                    hi[k] = 1
                    let m = lo.reduce(0, +)
                    v += [0.25, 1.0 / 12, 1.0 / 12, 0.25][m] * (D(hi) - D(lo))
                }
                let ours = [r.components.intensity, r.components.leontief, r.components.composition, r.components.level][k]
                #expect(abs(v - ours) <= 1e-12 * max(abs(r.d0), abs(r.d1)))
            }
        }
    }

    @Test("WIOD 2005 → 2008, CO2 and GHG (AR5), CHN, USA, DEU equal the reference at 1e-9", arguments: ["co2", "ghg"])
    func wiod(_ gas: String) throws {
        let w = try #require(try GHGFixture.json("sda/sda_reference.json")["wiod"] as? [String: Any])
        let refs = try #require(((w["results"] as? [String: Any])?[gas] as? [String: Any])?["regions"] as? [String: [String: Any]])
        let years = try [2005, 2008].map { y -> SDAYear in
            var s = try BundledMRIO.load(id: "wiod\(y)-ghg")
            s.extensions.append(try GHGCharacterisation.characterised(s, gwp: fixtureAR5))
            return try SDAYear(
                label: String(y), system: s, model: try LeontiefModel(s, keepA: false), extension: "ghg-AR5", stressor: gas == "co2" ? 0 : 3)
        }
        let results = try StructuralDecomposition.decompose(from: years[0], to: years[1], regions: Array(refs.keys).sorted())
        #expect(results.count == 3)
        for r in results {
            let ref = try #require(refs[r.region])
            let scale = max(abs(try #require(ref["D0"] as? Double)), abs(try #require(ref["D1"] as? Double)))
            #expect(abs(r.d0 - (ref["D0"] as! Double)) <= 1e-9 * scale && abs(r.d1 - (ref["D1"] as! Double)) <= 1e-9 * scale)
            let comps = try #require(ref["components"] as? [String: Double])
            let ours = [
                "intensity": r.components.intensity, "leontief": r.components.leontief, "composition": r.components.composition,
                "level": r.components.level, "direct_households": r.components.directHouseholds
            ]
            for (k, v) in comps { #expect(abs(ours[k]! - v) <= 1e-9 * scale, "\(gas) \(r.region) \(k): \(ours[k]!) vs \(v)") }
            #expect(abs(r.residual) <= 1e-9 * scale)
        }
    }

    @Test("tables with different regions or sectors, and a region without final demand, are errors")
    func badInput() throws {
        let f = try #require(try GHGFixture.json("sda/sda_reference.json")["synthetic"] as? [String: Any])
        let cats = try #require(f["final_demand_categories"] as? [String])
        let d0 = try #require(f["year0"] as? [String: Any])
        let y0 = try Self.year(d0, label: "2005", regions: ["R1", "R2", "R3"], sectors: ["s1", "s2"], categories: cats)
        let other = try Self.year(d0, label: "2008", regions: ["R1", "R2", "R4"], sectors: ["s1", "s2"], categories: cats)
        #expect { try StructuralDecomposition.decompose(from: y0, to: other) } throws: { "\($0)".contains("different regions") }
        let sectors = try Self.year(d0, label: "2008", regions: ["R1", "R2", "R3"], sectors: ["a", "b"], categories: cats)
        #expect { try StructuralDecomposition.decompose(from: y0, to: sectors) } throws: { "\($0)".contains("different sectors") }
        #expect { try StructuralDecomposition.decompose(from: y0, to: y0, regions: ["XX"]) } throws: { "\($0)".contains("R1, R2, R3") }
        var empty = y0
        for i in 0..<empty.demand.rows { empty.demand[i, 1] = 0 }
        #expect { try StructuralDecomposition.decompose(from: y0, to: empty, regions: ["R2"]) } throws: { "\($0)".contains("no final demand") }
    }
}
