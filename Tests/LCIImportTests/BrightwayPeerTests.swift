import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengLCA
import YuhengTestSupport

/// Issue 18 item 5: GWP results on ecoinvent-format and openLCA data against Brightway's with ecoinvent's IPCC 2021 method.
///
/// The fixture (`Tests/Fixtures/lca/brightway-peer/ecospold2`, written by `scripts/brightway_peer_fixture.py`, and its
/// openLCA JSON-LD copy `jsonld`, written from it by `scripts/openlca_peer_fixture.py`) is imported as `yuheng lca import` does; `reference.json` (`scripts/brightway_peer_reference.py`) holds Brightway's score, life-cycle
/// inventory and characterised inventory per activity and the factor ecoinvent's method gives each flow.
enum BrightwayPeer {
    /// One activity's Brightway result, per unit of its reference product.
    struct Process: Decodable {
        struct Flow: Decodable {
            var name: String
            var categories: [String]
            var amount: Double
            var kg_co2e: Double
        }
        var activity_id: String
        var name: String
        var unit: String
        var score: Double
        var flows: [String: Flow]
    }

    /// `reference.json`.
    struct Reference: Decodable {
        var method: [String]
        var versions: [String: String]
        var factors: [String: Double]
        var processes: [Process]
    }

    static let root = TestPaths.fixture("lca/brightway-peer")

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: root.appendingPathComponent("reference.json")))
    }

    /// Brightway's unit names (bw2io's normalize_units) for the units of the fixture.
    static let brightwayUnit = ["kg": "kilogram", "kWh": "kilowatt hour", "MJ": "megajoule"]

    /// The factor `method` gives `flow`, per unit of the amount as ecoinvent and Brightway state it (a resource taken
    /// from the air positive): Yuheng counts resources as negative inventory, so its factor changes sign.
    static func factor(of flow: LCIFlow, in method: ClimateMethod) -> Double {
        guard let m = GHGMapping.match(flow), method.hasFactor(m) else { return 0 }
        return GHGMapping.compartment(flow.category).resource ? -method.factor(m) : method.factor(m)
    }

    /// Relative difference, against the larger magnitude (0 when both are 0).
    static func relative(_ a: Double, _ b: Double) -> Double {
        let scale = max(abs(a), abs(b))
        return scale == 0 ? 0 : abs(a - b) / scale
    }
}

@Suite("GWP results agree with Brightway (ecoinvent IPCC 2021) on ecoinvent-format and openLCA data")
struct BrightwayPeerTests {
    /// Imports the fixture (`ecospold2` or `jsonld`) into a fresh database the way `yuheng lca import` does (the format
    /// detected from the content) and returns the stored database.
    func imported(_ folder: String) throws -> (LCIDatabase, GWPLibrary) {
        let db = try TestDatabase.open("brightway-peer-\(UUID().uuidString.prefix(8))")
        let outcome = try LCIImporter.importDatabase(
            path: BrightwayPeer.root.appendingPathComponent(folder).path, id: "bw-peer", into: db)
        #expect(outcome.format == (folder == "jsonld" ? .olca : .ecospold2))
        #expect(outcome.report.isClean, "\(outcome.report)")
        #expect(outcome.calculableProcesses == 6)
        return (try db.loadLCI(id: "bw-peer"), try db.gwpLibrary())
    }

    @Test(
        "per activity: the flows whose factors agree give Brightway's values within 1e-6, the others differ by (factor difference × inventory)",
        arguments: ["ipcc-ar6-gwp100-fossil-luc", "ipcc-ar6-gwp100"], ["ecospold2", "jsonld"])
    func agreement(_ methodID: String, _ folder: String) throws {
        let ref = try BrightwayPeer.reference()
        #expect(ref.method == ["IPCC 2021", "climate change", "global warming potential (GWP100)"] && ref.processes.count == 6)
        let (lci, gwp) = try imported(folder)
        let method = try ClimateMethod.named(methodID, library: gwp)
        let calc = try LCACalculator(model: try TechnosphereModel(lci), database: lci)
        var worst = 0.0
        for p in ref.processes {
            let r = try calc.calculate(column: try calc.column(forProcess: p.activity_id), method: method)
            #expect(r.amount == 1 && BrightwayPeer.brightwayUnit[r.unit] == p.unit, "\(p.name): per \(r.unit), Brightway per \(p.unit)")
            worst = max(worst, try compare(p, r, lci: lci, method: method, factors: ref.factors))
            if method.variant == .fossilLUC { try documented(p, r) }
        }
        print("Brightway peer, \(methodID), \(folder): largest relative difference where the factors agree \(worst)")
    }

    /// The table of docs/lca-climate-methods.md has the activity's Brightway score and Yuheng's total (6 significant digits).
    func documented(_ p: BrightwayPeer.Process, _ r: LCAResult) throws {
        let docs = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/lca-climate-methods.md"), encoding: .utf8)
        let row = docs.split(separator: "\n").first { $0.hasPrefix("| \(p.name) (") }.map(String.init) ?? ""
        let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(cells.count >= 3 && cells[1] == String(format: "%.6g", p.score) && cells[2] == String(format: "%.6g", r.total), "docs row: \(row)")
    }

    /// Compares one activity flow by flow; returns the largest relative difference of the agreeing part.
    func compare(_ p: BrightwayPeer.Process, _ r: LCAResult, lci: LCIDatabase, method: ClimateMethod, factors: [String: Double]) throws
        -> Double
    {
        let yuheng = Dictionary(r.flowContributions.map { ($0.flowID, $0) }, uniquingKeysWith: { a, _ in a })
        var agreeing = (yuheng: 0.0, brightway: 0.0), effect = 0.0, worst = 0.0
        for (id, f) in p.flows {
            let flow = try #require(lci.flows[id], "\(p.name): flow \(f.name) \(id) not imported")
            #expect(flow.name == f.name)
            let bw = try #require(factors[id]), yh = BrightwayPeer.factor(of: flow, in: method)
            let mine = yuheng[id]?.kgCO2e ?? 0
            // The inventory agrees for every greenhouse gas Yuheng recognises, whatever the factor.
            if let c = yuheng[id] {
                #expect(BrightwayPeer.relative(abs(c.amountKg), f.amount) < 1e-6, "\(p.name) \(f.name): \(c.amountKg) vs \(f.amount)")
            }
            if BrightwayPeer.relative(bw, yh) < 1e-12 {
                agreeing.yuheng += mine
                agreeing.brightway += f.kg_co2e
                let d = BrightwayPeer.relative(mine, f.kg_co2e)
                worst = max(worst, d)
                #expect(d < 1e-6, "\(p.name) \(f.name): \(mine) vs Brightway \(f.kg_co2e) kg CO2e")
            } else {
                effect += (yh - bw) * f.amount
            }
        }
        let d = BrightwayPeer.relative(agreeing.yuheng, agreeing.brightway)
        #expect(d < 1e-6, "\(p.name): \(agreeing.yuheng) vs Brightway \(agreeing.brightway) where the factors agree")
        // The total differs from Brightway's by the flows whose factors differ, no more.
        #expect(
            abs(r.total - (p.score + effect)) <= 1e-6 * max(abs(p.score), abs(r.total)),
            "\(p.name): total \(r.total), Brightway \(p.score), expected difference \(effect)")
        print("\(method.id) | \(p.name) | Brightway \(p.score) | Yuheng \(r.total) | difference \(r.total - p.score) (expected \(effect))")
        return max(worst, d)
    }
}
