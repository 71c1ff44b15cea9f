import Foundation
import Testing
import YuhengCore
import YuhengTestSupport
@testable import YuhengLCA

/// Issue 18 item 4: GWP methods for every gas, flows matched by CAS and by the names of three nomenclatures, and the
/// greenhouse-gas-looking flows that get no factor.
enum GHGCoverage {
    /// The bundled GWP library (Sources/Data/Bundled/gwp.csv).
    static func bundled() throws -> GWPLibrary {
        let t = try CSVTable(text: try String(contentsOf: TestPaths.bundled.appendingPathComponent("gwp.csv"), encoding: .utf8))
        return try GWPLibrary(
            rows: t.rows.map { r in
                (species: r["species"] ?? "", assessment: r["set"] ?? "", metric: r["metric"] ?? "", value: Double(r["value"] ?? "") ?? .nan)
            })
    }

    /// (species, column value) of the reference table /work/shared/data/gwp/globalwarmingpotentials.csv
    /// (globalwarmingpotentials 0.13.2, AR6 from IPCC AR6 WGI Ch 7 SM Table 7.SM.7), rows with a value only.
    static func reference(column: String) throws -> [(species: String, value: Double)] {
        let url = TestPaths.shared("data/gwp/globalwarmingpotentials.csv")
        let t = try CSVTable(text: try String(contentsOf: url, encoding: .utf8))
        return t.rows.compactMap { r in Double(r[column] ?? "").map { (r["Species"] ?? "", $0) } }
    }

    static func flow(_ name: String, cas: String? = nil, compartment: String = "air/unspecified") -> LCIFlow {
        LCIFlow(
            id: "\(name)|\(cas ?? "")|\(compartment)", name: name, type: .elementary, cas: cas,
            category: compartment.split(separator: "/").map(String.init), referencePropertyID: "fp-mass", propertyFactors: ["fp-mass": 1])
    }
}

@Suite("GWP for every gas and flow matching across nomenclatures")
struct GHGCoverageTests {
    @Test(
        "each AR6 GWP100 and GWP20 (and AR5 GWP100) value of the reference table is the factor Yuheng uses for a flow of that gas",
        .requiresShared("data/gwp/globalwarmingpotentials.csv"),
        arguments: [("ipcc-ar6-gwp100", "AR6GWP100"), ("ipcc-ar6-gwp20", "AR6GWP20"), ("ipcc-ar5-gwp100", "AR5GWP100")])
    func ar6Values(_ methodID: String, _ column: String) throws {
        let method = try ClimateMethod.named(methodID, library: try GHGCoverage.bundled())
        let reference = try GHGCoverage.reference(column: column)
        #expect(reference.count > 80)
        let casOf = Dictionary(GHGMapping.casToSpecies.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        var viaFlows = 0
        var noCAS: [String] = []
        for (species, value) in reference {
            let name = Gas(species).name
            #expect(method.gwp.values[name] == value, "\(column) \(species): bundled \(method.gwp.values[name] ?? .nan), reference \(value)")
            guard let cas = casOf[name] else {
                noCAS.append(species)
                continue
            }
            // A flow named only by its CAS number (in EcoSpold2's zero-padded form) gets the reference value.
            let m = try #require(GHGMapping.match(GHGCoverage.flow("x", cas: "000" + cas)), "\(species) (\(cas)) is not matched by CAS")
            #expect(m.species == name && m.matchedBy == "cas")
            // The single CH4 value of the table is that of methane of unspecified origin.
            #expect(method.factor(m) == value, "\(column) \(species): factor \(method.factor(m)), reference \(value)")
            viaFlows += 1
        }
        // Every gas of the table has a CAS number except hydrofluoroethers and other species LCI databases do not report.
        #expect(noCAS.allSatisfy { $0.hasPrefix("HFE") || $0.hasPrefix("HCFE") || $0 == "PFPMIE" }, "species without a CAS number: \(noCAS)")
        #expect(viaFlows >= 60, "\(viaFlows) species reached through flows")
    }

    @Test(
        "CO2 taken from the air is uptake in every resource compartment naming (ecoinvent 'natural resource / in air', openLCA 'resource', ILCD '[Resource]')"
    )
    func uptakeCompartments() throws {
        for compartment in ["natural resource/in air", "resource/in air", "[Resource] Resources from air/unspecified"] {
            let m = GHGMapping.match(GHGCoverage.flow("Carbon dioxide, in air", cas: "124-38-9", compartment: compartment))
            #expect(m?.species == "CO2" && m?.subclass == .uptake, "\(compartment): \(String(describing: m))")
        }
        // Emitted to air it is no uptake; a methane resource is not characterised.
        #expect(GHGMapping.match(GHGCoverage.flow("Carbon dioxide, fossil", cas: "124-38-9"))?.subclass == .fossil)
        #expect(GHGMapping.match(GHGCoverage.flow("Methane", cas: "74-82-8", compartment: "natural resource/in ground")) == nil)
    }

    @Test("AR6 fossil and non-fossil methane (IPCC AR6 WGI Table 7.15, the [M] values of methods/ipcc.md) by origin of the flow")
    func methaneSplit() throws {
        let lib = try GHGCoverage.bundled()
        // AR6 WGI Table 7.15: GWP100 fossil 29.8, non-fossil 27.0; GWP20 fossil 82.5, non-fossil 79.7.
        for (id, fossil, nonFossil) in [("ipcc-ar6-gwp100", 29.8, 27.0), ("ipcc-ar6-gwp20", 82.5, 79.7)] {
            let m = try ClimateMethod.named(id, library: lib)
            let f = { (name: String) in GHGMapping.match(GHGCoverage.flow(name)).map(m.factor) }
            #expect(f("Methane, fossil") == fossil && f("methane (fossil)") == fossil)
            #expect(f("Methane, non-fossil") == nonFossil && f("methane (biogenic)") == nonFossil && f("Methane, biogenic") == nonFossil)
            // Methane from soil or biomass stock counts as fossil (ecoinvent's IPCC 2021 convention).
            #expect(f("Methane, from soil or biomass stock") == fossil && f("methane (land use change)") == fossil)
        }
    }

    @Test("flows named as ecoinvent, biosphere3 and openLCA publish them are matched by CAS and by name")
    func nomenclatures() throws {
        let url = TestPaths.fixture("lca/ghg-flow-nomenclatures.csv")
        let rows = try CSVTable(text: try String(contentsOf: url, encoding: .utf8)).rows
        #expect(Set(rows.map { $0["nomenclature"] ?? "" }) == ["ecoinvent", "biosphere3", "openlca"])
        for r in rows {
            let name = r["name"] ?? "", cas = r["cas"].flatMap { $0.isEmpty ? nil : $0 }
            let flow = GHGCoverage.flow(name, cas: cas, compartment: r["compartment"] ?? "")
            let m = try #require(GHGMapping.match(flow), "\(r["nomenclature"] ?? ""): '\(name)' is not matched")
            #expect(m.species == r["species"], "'\(name)': \(m.species)")
            #expect(m.subclass.rawValue == r["subclass"], "'\(name)': \(m.subclass)")
            // The name alone is enough (a flow exported without its CAS number).
            let byName = try #require(GHGMapping.match(GHGCoverage.flow(name, compartment: r["compartment"] ?? "")), "'\(name)' by name")
            #expect(byName.species == r["species"] && byName.matchedBy == "name" && byName.subclass == m.subclass)
            // And the CAS number alone (a name in another language) where one is given.
            if let cas {
                let byCAS = try #require(GHGMapping.match(GHGCoverage.flow("Treibhausgas", cas: cas, compartment: r["compartment"] ?? "")))
                #expect(byCAS.species == r["species"] && byCAS.matchedBy == "cas")
            }
        }
    }

    @Test("greenhouse-gas-looking flows: gases without a factor are, other substances and other compartments are not")
    func looksLikeGHG() {
        for name in ["Ethane", "Propane", "Butane", "Ethane, 1,2-dichloro-", "Tetrachloroethylene", "HFCs and HCFCs, unspecified", "PFC"] {
            #expect(GHGMapping.looksLikeGHG(GHGCoverage.flow(name)), "\(name)")
        }
        #expect(GHGMapping.looksLikeGHG(GHGCoverage.flow("Substance X", cas: "000127-18-4")))
        for name in ["NMVOC, non-methane volatile organic compounds", "Ammonia", "Methanesulfonic acid", "Hydrogen fluoride"] {
            #expect(!GHGMapping.looksLikeGHG(GHGCoverage.flow(name)), "\(name)")
        }
        #expect(!GHGMapping.looksLikeGHG(GHGCoverage.flow("Ethane", compartment: "water/surface water")))
    }

    @Test("a result lists the greenhouse-gas-looking flows of its inventory that got no factor, scaled with the amount")
    func unmatchedInResult() throws {
        var processes = Small.processes
        let extra: [(String, String, [String], Double)] = [
            ("e-ethane", "Ethane", ["air", "unspecified"], 0.004), ("e-hfe", "HFE-7100", ["air", "unspecified"], 0.0005),
            ("e-nmvoc", "NMVOC, non-methane volatile organic compounds", ["air", "unspecified"], 0.3),
            ("e-ethw", "Ethane", ["water", "unspecified"], 0.2)
        ]
        for (id, _, _, amount) in extra { processes[1].exchanges.append(Small.ex(id, amount, "kg", "fp-mass", input: false)) }
        var db = Small.database(processes)
        for (id, name, cat, _) in extra { db.flows[id] = Small.elementary(id, name, cat) }
        let calc = try LCACalculator(model: TechnosphereModel(db), database: db)
        let method = try ClimateMethod.named("ipcc-ar6-gwp100", library: Small.gwp)
        let r = try calc.calculate(column: try calc.column(forProcess: "p2-steel"), amount: 1, method: method)
        let listed = try #require(r.unmatchedGHGFlows)
        #expect(listed.map(\.name) == ["Ethane", "HFE-7100"], "\(listed)")
        #expect(listed.first?.amount == 0.004 && listed.first?.unit == "kg" && listed.first?.compartment == "air/unspecified")
        let twice = r.scaled(to: 2, unitScaling: try calc.scaling(column: try calc.column(forProcess: "p2-steel")))
        #expect(twice.unmatchedGHGFlows?.map(\.amount) == [0.008, 0.001])
        let json = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        #expect(json.contains("\"unmatched_ghg_flows\""))
    }
}
