import Foundation
import Testing
import YuhengTestSupport
@testable import YuhengInventory

/// Defaults bundled for lines that used to need the factor on the line (issue 21): each checked against
/// an independent value (bonsai-ipcc 0.5.3's own CSV, read here) and used end to end.
@Suite("Bundled defaults that replace a required factor")
struct BundledDefaultTests {
    static let parBOD = "data/ipcc_ef/bonsai_ipcc_0.5.3/waste/waste_generation/par_bod.csv"

    /// Our region or country → the region of bonsai's `par_bod.csv` (rows of IPCC 2006 Vol 5 Table 6.4).
    static let bodRegions: [String: String] = [
        "africa": "AFR", "asia": "ASI", "middle_east": "Middle East", "latin_america": "Latin America", "europe": "EUR", "oceania": "AUS",
        "brazil": "BR", "canada": "CA", "denmark": "DK", "egypt": "EG", "germany": "DE", "greece": "GR", "india": "IN", "italy": "IT",
        "japan": "JP", "palestine": "PS", "russia": "RU", "sweden": "SE", "turkey": "TR", "united_states": "US"
    ]

    /// bonsai's par_bod.csv as region → property → value.
    static func bonsaiBOD() throws -> [String: [String: Double]] {
        let text = try String(contentsOf: TestPaths.shared(parBOD), encoding: .utf8)
        var out: [String: [String: Double]] = [:]
        for row in text.split(separator: "\n").dropFirst() {
            let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let v = Double(f[3]) else { continue }
            out[f[1], default: [:]][f[2]] = v
        }
        return out
    }

    @Test(
        "every Table 6.4 BOD default equals bonsai's value and range",
        .requiresShared("data/ipcc_ef/bonsai_ipcc_0.5.3/waste/waste_generation/par_bod.csv"))
    func bodDefaults() throws {
        let bonsai = try Self.bonsaiBOD()
        #expect(Set(MethodSpecs.bodRegions) == Set(Self.bodRegions.keys))
        for (ours, theirs) in Self.bodRegions {
            let b = try #require(bonsai[theirs], "bonsai has no \(theirs)")
            let d = try #require(Fixture.factors.tier1Default(.ipcc2006, "wastewater.bod", item: ours), "no default for \(ours)")
            #expect(close(d.value, b["def"] ?? .nan), "\(ours)")
            #expect(
                close(d.low, b["min"] ?? .nan) && close(d.high, b["max"] ?? .nan),
                "\(ours): range \(String(describing: d.low))–\(String(describing: d.high))")
            #expect(d.ipccTable == "IPCC 2006 Vol 5 Table 6.4" && d.verification == "V-bonsai" && d.guideline == "2006")
        }
    }

    /// Domestic CH4 with every factor but BOD given on the line: P × BOD × 0.001 × I × 365 × Bo × MCF / 1000 (Eqs 6.1–6.3).
    static func expectedCH4(population: Double, bod: Double) -> Double { population * bod * 0.001 * 1.0 * 365 * 0.6 * 0.5 / 1000 }

    static let csv = """
        id,category,method,item,amount,unit,parameters
        ww,4.D,wastewater,domestic,1000000,person,pathway=septic;region=japan;mcf=0.5;bo=0.6;industrial_correction=1
        """

    @Test(
        "a domestic wastewater line without bod uses its region's Table 6.4 default, recorded with its source",
        .requiresShared("data/ipcc_ef/bonsai_ipcc_0.5.3/waste/waste_generation/par_bod.csv"))
    func bodInEngine() throws {
        let jp = try #require(try Self.bonsaiBOD()["JP"]?["def"])
        let r = try Fixture.engine().compute(try Fixture.parse(Self.csv), fileName: "test.csv")
        #expect(close(r.byGasTonnes["CH4"], Self.expectedCH4(population: 1e6, bod: jp)))
        let use = try #require(r.sources.first?.factors.first { $0.name == "bod" })
        #expect(use.value == jp && use.source == "ipcc-tier1-waste" && use.reference == "IPCC 2006 Vol 5 Table 6.4")
        #expect(use.verification == "V-bonsai" && use.guideline == "2006")
    }

    @Test("without bod or region the error asks for either", .requiresShared("data/ipcc_ef/bonsai_ipcc_0.5.3/waste/waste_generation/par_bod.csv"))
    func bodMissing() throws {
        let csv = Self.csv.replacingOccurrences(of: "region=japan;", with: "")
        #expect {
            try Fixture.engine().compute(try Fixture.parse(csv), fileName: "test.csv")
        } throws: { e in
            let t = "\(e)"
            return t.contains("region") && t.contains("bod")
        }
    }

    @Test(
        "yuheng inventory --json: the region's BOD default end to end",
        .requiresShared("data/ipcc_ef/bonsai_ipcc_0.5.3/waste/waste_generation/par_bod.csv"))
    func bodThroughCLI() async throws {
        let jp = try #require(try Self.bonsaiBOD()["JP"]?["def"])
        let dir = try TemporaryFolder("bod-default")
        let file = try dir.write("ww.csv", Self.csv + "\n")
        let db = try TestDatabase.copy("inventory-bod")
        let o = try await YuhengBinary.run(["inventory", file.path, "--json"], db: db)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        let byGas = try #require(j["by_gas_t"] as? [String: Any])
        #expect(close(byGas["CH4"] as? Double, Self.expectedCH4(population: 1e6, bod: jp)))
        let sources = try #require(j["sources"] as? [[String: Any]])
        let factors = try #require(sources.first?["factors"] as? [[String: Any]])
        let bod = try #require(factors.first { $0["name"] as? String == "bod" })
        #expect(bod["value"] as? Double == jp)
        #expect(bod["source"] as? String == "ipcc-tier1-waste")
        #expect(bod["reference"] as? String == "IPCC 2006 Vol 5 Table 6.4")
        #expect(bod["verification"] as? String == "V-bonsai")
    }
}
