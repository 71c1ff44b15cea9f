import Foundation
import Testing
import YuhengTestSupport
import YuhengCore
import YuhengData
@testable import YuhengLCA

enum USLCI {
    static var shared: URL { TestPaths.sharedRoot }
    static var available: Bool { FileManager.default.fileExists(atPath: shared.appendingPathComponent("data/lci/uslci_olca1_5_0_json_ld.zip").path) }

    /// The GWP sets from the shared CSV, with AR6 fossil/non-fossil CH4 added as the rules say.
    static func gwp() throws -> GWPLibrary {
        let text = try String(contentsOf: shared.appendingPathComponent("data/gwp/globalwarmingpotentials.csv"), encoding: .utf8)
        let t = try CSVTable(text: text)
        var rows: [(species: String, assessment: String, metric: String, value: Double)] = []
        for r in t.rows {
            let sp = r["Species"] ?? ""
            for (set, col) in [("AR5", "AR5GWP100"), ("AR6", "AR6GWP100")] {
                if let v = Double(r[col] ?? "") { rows.append((sp, set, "GWP100", v)) }
            }
        }
        rows.append(("CH4_fossil", "AR6", "GWP100", 29.8))
        rows.append(("CH4_nonfossil", "AR6", "GWP100", 27.0))
        return try GWPLibrary(rows: rows)
    }

    static let calculator: LCACalculator? = {
        guard available else { return nil }
        let (db, _) = try! OpenLCAReader.read(path: shared.appendingPathComponent("data/lci/uslci_olca1_5_0_json_ld.zip").path)
        return try! LCACalculator(model: TechnosphereModel(db, allocation: .none))
    }()
}

@Suite("US LCI vs the reference results (USLCI_RULES.md)", .enabled(if: USLCI.available, "../shared/data/lci is not available"), .serialized)
struct USLCIReferenceTests {
    @Test("linking counts follow the rules")
    func linking() throws {
        let calc = try #require(USLCI.calculator)
        let m = calc.model
        #expect(m.columns.count == 766)
        #expect(m.linkedCount == 3590)
        #expect(m.unlinked.filter { $0.reason != "waste" }.count >= 2890)
        #expect(m.elementaryFlows.count == 2918)
        #expect(m.A.nonZeroCount == 4105)
        #expect(m.B.nonZeroCount == 24145)
        #expect(m.multiOutputProcesses == 132)
        let mapped = calc.ghg.compactMap { $0 }
        // The rules map 97 flows; Yuheng also knows ecoinvent's name of NF3, "Nitrogen fluoride" (issue 18), and matches the
        // gases the bundled table has no value for (ethane, propane, butane, …), which a user's GWP set may characterise:
        // with the bundled sets they have no factor, so the results are the rules'.
        let extra: Set<String> = ["C2H6", "C3H8", "nC4H10", "iC4H10", "C2H5Cl", "CH2ClCH2Cl", "C2HCl3", "C2Cl4", "nC3H7Br", "HCFC31"]
        let lib = try USLCI.gwp()
        let ar6 = try ClimateMethod.named("ipcc-ar6-gwp100", library: lib)
        let beyondRules = calc.ghg.indices.filter { i in
            guard let g = calc.ghg[i] else { return false }
            return m.elementaryFlows[i].name == "Nitrogen fluoride" || extra.contains(g.species)
        }
        #expect(beyondRules.allSatisfy { calc.ghg[$0]?.species == "NF3" || !ar6.hasFactor(calc.ghg[$0]!) })
        #expect(beyondRules.contains { calc.ghg[$0]?.species == "C2H6" })
        #expect(mapped.count - beyondRules.count == 97, "mapped \(mapped.count) greenhouse-gas flows")
        #expect(mapped.filter { $0.matchedBy == "cas" && !extra.contains($0.species) }.count == 4)
    }

    @Test("GWP totals, gas amounts and top contributors of every reference process at 1e-6")
    func results() throws {
        let calc = try #require(USLCI.calculator)
        let lib = try USLCI.gwp()
        let ar5 = try ClimateMethod.named("ipcc-ar5-gwp100", library: lib), ar6 = try ClimateMethod.named("ipcc-ar6-gwp100", library: lib)
        let ar5f = try ClimateMethod.named("ipcc-ar5-gwp100-fossil-luc", library: lib),
            ar6f = try ClimateMethod.named("ipcc-ar6-gwp100-fossil-luc", library: lib)
        let data = try Data(contentsOf: USLCI.shared.appendingPathComponent("reference/uslci_reference_visible.json"))
        let ref = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let results = try #require(ref["results"] as? [[String: Any]])
        #expect(results.count == 15)
        for r in results {
            let id = try #require(r["process_id"] as? String)
            let j = try calc.column(forProcess: id)
            let a5 = try calc.calculate(column: j, method: ar5, topN: 5, basis: .referenceUnit),
                a6 = try calc.calculate(column: j, method: ar6, topN: 5, basis: .referenceUnit)
            let f5 = try calc.calculate(column: j, method: ar5f, basis: .referenceUnit),
                f6 = try calc.calculate(column: j, method: ar6f, basis: .referenceUnit)
            func d(_ k: String) -> Double { (r[k] as? Double) ?? 0 }
            let scale = [d("gwp100_ar5_total"), d("co2_fossil_kg"), d("co2_biogenic_kg"), d("co2_uptake_kg")].map(abs).max()!
            func check(_ actual: Double, _ key: String) {
                let e = d(key)
                let rel = abs(actual - e) / max(abs(e), 1e-9 * scale)
                #expect(rel <= 1e-6, "\(r["process_name"] ?? id) \(key): \(actual) vs \(e) (rel \(rel))")
            }
            check(a5.total, "gwp100_ar5_total"); check(a6.total, "gwp100_ar6_total")
            check(f5.total, "gwp100_ar5_fossil_luc"); check(f6.total, "gwp100_ar6_fossil_luc")
            check(a5.fossilCO2Kg, "co2_fossil_kg"); check(a5.biogenicCO2Kg, "co2_biogenic_kg")
            check(a5.uptakeCO2Kg, "co2_uptake_kg"); check(a5.lucCO2Kg, "co2_luc_kg")
            check(a5.ch4FossilKg, "ch4_fossil_kg"); check(a5.ch4BiogenicKg, "ch4_biogenic_kg"); check(a5.ch4UnspecifiedKg, "ch4_unspecified_kg")
            check(a5.byGasKg["CH4"] ?? 0, "ch4_kg"); check(a5.byGasKg["N2O"] ?? 0, "n2o_kg")
            #expect(a5.unit == r["reference_unit"] as? String)
            #expect(a5.processesInSupplyChain == r["n_processes_in_supply_chain"] as? Int, "\(id) supply chain size")
            for (res, key) in [(a5, "top5_ar5"), (a6, "top5_ar6")] {
                let top = try #require(r[key] as? [[String: Any]])
                for (k, t) in top.enumerated() where k < res.topContributors.count {
                    #expect(res.topContributors[k].processID == t["process_id"] as? String, "\(id) \(key)[\(k)]")
                    let c = (t["contribution"] as? Double) ?? 0
                    #expect(abs(res.topContributors[k].kgCO2e - c) <= 1e-6 * max(abs(c), 1e-9 * scale))
                }
            }
        }
    }

    @Test("a second functional unit costs only a solve")
    func reuse() throws {
        let calc = try #require(USLCI.calculator)
        let lib = try USLCI.gwp()
        let m = try ClimateMethod.named("ipcc-ar6-gwp100", library: lib)
        let j = try calc.column(forProcess: "Electricity, bituminous coal, at power plant")
        let one = try calc.calculate(column: j, method: m)
        let ten = try calc.calculate(column: j, amount: 10, method: m)
        #expect(abs(ten.total - 10 * one.total) <= 1e-12 * abs(ten.total))
        let contributions = try calc.processContributions(column: j, method: m)
        #expect(abs(contributions.reduce(0) { $0 + $1.kgCO2e } - one.total) <= 1e-9 * abs(one.total))
    }
}
