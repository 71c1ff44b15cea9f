import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing
import YuhengTestSupport
import YuhengCharts
import YuhengData
import YuhengMRIO
@testable import YuhengPanorama

enum PanoramaFixture {
    static var shared: URL { TestPaths.sharedRoot }
    static var sharedAvailable: Bool { TestPaths.sharedHas(["reference/gcb_comparison_2011.csv"]) }

    static let database: YuhengDatabase = {
        do { return try TestDatabase.open("panorama") } catch { fatalError("the test database: \(error)") }
    }()

    /// The panorama on the bundled data, as `yuheng panorama` builds it.
    static func account() throws -> PanoramicAccount {
        let system = try BundledMRIO.load()
        let (acc, _) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: ["co2"]))
        var terr: [String: Double] = [:], cons: [String: Double] = [:]
        for f in try database.nationalEmissions(dataset: "gcb2022-national", year: 2011) {
            if f.indicator == "territorial_co2" { terr[f.iso3] = f.value }
            if f.indicator == "consumption_co2" { cons[f.iso3] = f.value }
        }
        var est: [String: NationalEstimate] = [:]
        for iso in Set(terr.keys).union(cons.keys) { est[iso] = NationalEstimate(iso3: iso, territorialMt: terr[iso], consumptionMt: cons[iso]) }
        let names = Dictionary(try database.countries().map { ($0.iso3, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try Panorama.build(accounts: acc, extension: "co2", stressor: "CO2", year: 2011, names: names, estimates: est, datasets: [])
    }
}

@Suite("Panoramic national account")
struct PanoramaTests {
    @Test("reproduces the GCB comparison CSV to its printed 4 decimals", .enabled(if: PanoramaFixture.sharedAvailable, "../shared not available"))
    func comparisonCSV() throws {
        let account = try PanoramaFixture.account()
        let text = try String(contentsOf: PanoramaFixture.shared.appendingPathComponent("reference/gcb_comparison_2011.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = lines[0]
        func col(_ name: String) -> Int { header.firstIndex(of: name)! }
        var checked = 0
        for l in lines.dropFirst() {
            let row = try #require(account.rows.first { $0.region == l[col("region")] }, "no row for \(l[0])")
            #expect(row.iso3 == l[col("gcb_iso3")])
            let pairs: [(String, Double?)] = [
                ("ours_prod_Mt", row.productionMt), ("gcb_terr_Mt", row.gcbTerritorialMt), ("ours_cons_Mt", row.consumptionMt),
                ("gcb_cons_Mt", row.gcbConsumptionMt), ("ours_cons_minus_prod_pct", row.adjustmentPct),
                ("gcb_cons_minus_terr_pct", row.gcbAdjustmentPct), ("diff_pp", row.adjustmentDiffPP),
                ("prod_ratio_ours_gcb", row.gcbTerritorialMt.map { row.productionMt / $0 }),
                ("cons_ratio_ours_gcb", row.gcbConsumptionMt.map { row.consumptionMt / $0 })
            ]
            for (name, value) in pairs {
                let v = try #require(value, "\(l[0]) \(name) missing")
                #expect(String(format: "%.4f", v) == l[col(name)], "\(l[0]) \(name): \(String(format: "%.4f", v)) vs \(l[col(name)])")
            }
            checked += 1
        }
        #expect(checked == 40)
    }

    @Test("reproduces the GCB comparison summary at 1e-9", .enabled(if: PanoramaFixture.sharedAvailable, "../shared not available"))
    func comparisonSummary() throws {
        let s = try #require(Panorama.compare(try PanoramaFixture.account()))
        let data = try Data(contentsOf: PanoramaFixture.shared.appendingPathComponent("reference/gcb_comparison_2011_summary.json"))
        let ref = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        func close(_ a: Double, _ key: String) -> Bool {
            guard let b = ref[key] as? Double else { return false }
            return abs(a - b) <= 1e-9 * max(abs(b), 1e-300)
        }
        #expect(s.countries == ref["n_countries"] as? Int)
        #expect(close(s.medianAbsDiffPP, "median_abs_diff_pp"))
        #expect(close(s.meanAbsDiffPP, "mean_abs_diff_pp"))
        #expect(close(s.maxAbsDiffPP, "max_abs_diff_pp"))
        #expect(s.maxAbsDiffCountry == ref["max_abs_diff_country"] as? String)
        #expect(close(s.pearsonPct, "pearson_r_pct"))
        #expect(close(s.pearsonPctExclMax, "pearson_r_pct_excl_MLT"))
        #expect(close(s.spearmanPct, "spearman_rho_pct"))
        #expect(s.signAgreement == ref["sign_agreement"] as? Int)
        #expect(close(s.pearsonConsumptionLevels, "pearson_r_cons_levels"))
        #expect(close(s.pearsonLogConsumptionLevels, "pearson_r_log_cons_levels"))
        #expect(close(s.medianProductionRatio, "median_prod_ratio_ours_gcb"))
        #expect(close(s.medianConsumptionRatio, "median_cons_ratio_ours_gcb"))
        #expect(close(s.sumProductionMt, "sum40_ours_prod_Mt"))
        #expect(close(s.sumReferenceTerritorialMt, "sum40_gcb_terr_Mt"))
        #expect(close(s.sumConsumptionMt, "sum40_ours_cons_Mt"))
        #expect(close(s.sumReferenceConsumptionMt, "sum40_gcb_cons_Mt"))
    }

    @Test("identities on the bundled data: global production = consumption, net = imports − exports = cons − prod")
    func identities() throws {
        let a = try PanoramaFixture.account()
        #expect(a.rows.count == 41)
        #expect(abs(a.globalProductionMt - a.globalConsumptionMt) <= 1e-9 * a.globalProductionMt)
        for r in a.rows {
            #expect(abs(r.netTransferMt - (r.consumptionMt - r.productionMt)) <= 1e-9 * max(r.productionMt, 1))
        }
        // ROM in WIOD is Romania (ROU).
        #expect(a.rows.first { $0.region == "ROM" }?.iso3 == "ROU")
    }

    @Test("the world map is valid SVG with one shape per country with data")
    func map() throws {
        let a = try PanoramaFixture.account()
        let geo = try PanoramaFixture.database.countryGeometry().mapValues { WorldMap.Country(name: $0.name, polygons: $0.polygons) }
        var values: [String: Double] = [:]
        for r in a.rows { if let iso = r.iso3, let v = r.adjustmentPct { values[iso] = v } }
        let svg = WorldMap.choropleth(values: values, geometry: geo, title: "t", legendLabel: "%")
        let data = Data(svg.utf8)
        let parser = XMLParser(data: data)
        #expect(parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
        let withData = values.keys.filter { geo[$0] != nil }
        for iso in withData { #expect(svg.contains("data-iso3=\"\(iso)\" data-value=")) }
        #expect(svg.components(separatedBy: "class=\"country\" ").count - 1 == withData.count)
        #expect(svg.contains("<title>"))
    }

    @Test("Equal Earth projection: known points")
    func projection() {
        let o = WorldMap.project(lon: 0, lat: 0)
        #expect(o.x == 0 && o.y == 0)
        // Symmetry and the published extent (x at 180°E on the equator ≈ 2.7064, y at the pole ≈ 1.3173).
        let e = WorldMap.project(lon: 180, lat: 0), n = WorldMap.project(lon: 0, lat: 90)
        #expect(abs(e.x - 2.7064) < 1e-3)
        #expect(abs(n.y - 1.3173) < 1e-3)
        #expect(WorldMap.project(lon: -30, lat: -20).x == -WorldMap.project(lon: 30, lat: 20).x)
    }
}
