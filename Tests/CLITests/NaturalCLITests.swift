import Foundation
import Testing

/// `yuheng natural …` and the panorama's land-use and natural columns, through the real binary.
@Suite("yuheng natural (command line)", .serialized)
struct NaturalCLITests {
    @Test("natural country BRA --json: GCB 2024 land-use change, CAIT LUCF, natural CH4 with provenance")
    func countryBRA() async throws {
        let obj = try #require(try await CLI.json(["natural", "country", "BRA", "--json"]) as? [String: Any])
        let f = try #require(obj["figures"] as? [String: Any])
        #expect(f["iso3"] as? String == "BRA")
        let luc = try #require(f["land_use"] as? [String: Any])
        #expect(luc["year"] as? Int == 2023)
        #expect(abs((luc["mean_mt_co2"] as? Double ?? 0) - 1082.054110) < 1e-3)
        #expect((luc["models_mt_co2"] as? [String: Double])?.count == 4)
        let ch4 = try #require(f["natural_ch4"] as? [String: Any])
        #expect(ch4["region"] as? String == "brazil" && ch4["period"] as? String == "2008-2017")
        let e = try #require(obj["natural_ch4_co2e_mt"] as? [String: Any])
        #expect(abs((e["value"] as? Double ?? 0) - 39.02 * 28) < 1e-6)
        let ds = try #require(obj["datasets"] as? [[String: Any]])
        #expect(ds.contains { $0["dataset_id"] as? String == "gcb2024-luc" && $0["licence"] as? String == "CC-BY-4.0" })
        #expect(ds.contains { $0["dataset_id"] as? String == "gmb2020-regions" })
    }

    @Test("natural country with a bad code fails with a message naming the field")
    func countryBad() async throws {
        let o = try await CLI.run(["natural", "country", "BRAZIL"])
        #expect(o.status == 1 && o.stderr.contains("iso3"))
        let o2 = try await CLI.run(["natural", "country", "QQQ"])
        #expect(o2.status == 1 && o2.stderr.contains("no land-use or natural figures"))
    }

    @Test("natural fire NAT-1 file --json: 549 150 t CO2, 1 645 t CH4, 91 t N2O; GFED4 2 086 t CH4")
    func fire() async throws {
        let obj = try #require(try await CLI.json(["natural", "fire", "examples/natural/nat1_boreal_fire.csv", "--json"]) as? [String: Any])
        let fire = try #require((obj["fires"] as? [[String: Any]])?.first)
        let gases = try #require(fire["gases"] as? [[String: Any]])
        func t(_ g: String) -> Double? { (gases.first { $0["gas"] as? String == g }?["t"] as? [String: Any])?["value"] as? Double }
        #expect(abs((t("CO2") ?? 0) - 549_150) < 1e-6 && abs((t("CH4") ?? 0) - 1_645) < 1e-9 && abs((t("N2O") ?? 0) - 91) < 1e-9)
        let totals = try #require(obj["totals"] as? [String: Any])
        #expect(abs(((totals["inventory_co2e_t"] as? [String: Any])?["value"] as? Double ?? 0) - 70_175) < 1e-6)
        let g = try #require(
            try await CLI.json(["natural", "fire", "examples/natural/nat1_boreal_fire.csv", "--ef-set", "gfed4", "--json"]) as? [String: Any])
        let gg = try #require(((g["fires"] as? [[String: Any]])?.first?["gases"]) as? [[String: Any]])
        #expect(abs((((gg.first { $0["gas"] as? String == "CH4" })?["t"] as? [String: Any])?["value"] as? Double ?? 0) - 2_086) < 1e-9)
    }

    @Test("natural land NAT-3 and NAT-4, natural wetland NAT-5")
    func landAndWetland() async throws {
        let l = try #require(try await CLI.json(["natural", "land", "examples/natural/nat3_gain_loss.csv", "--json"]) as? [String: Any])
        #expect(abs(((l["inventory_co2_t"] as? [String: Any])?["value"] as? Double ?? 0) - (-46_314.583333)) < 1e-3)
        let s = try #require(
            try await CLI.json([
                "natural", "land", "--method", "stock-difference", "--stock-t1", "1000000", "--stock-t2", "1050000",
                "--year-t1", "2015", "--year-t2", "2020", "--json"
            ]) as? [String: Any])
        #expect(abs(((s["inventory_co2_t"] as? [String: Any])?["value"] as? Double ?? 0) - (-36_666.666667)) < 1e-3)
        let w = try #require(try await CLI.json(["natural", "wetland", "examples/natural/nat5_rewetted_peat.csv", "--json"]) as? [String: Any])
        #expect(abs((((w["totals_by_gas_t"] as? [String: Any])?["CH4"] as? [String: Any])?["value"] as? Double ?? 0) - 288) < 1e-9)
    }

    @Test("bad input: negative area, fraction outside [0, 1], unknown vegetation and climate zone, wrong unit — clear errors naming the field")
    func badInput() async throws {
        let cases: [([String], String)] = [
            (["natural", "fire", "--vegetation", "savanna", "--area=-5"], "field 'area'"),
            (
                ["natural", "fire", "--vegetation", "savanna", "--area", "5", "--fuel-load", "4", "--combustion-factor", "1.5"],
                "field 'combustion_factor'"
            ),
            (["natural", "fire", "--vegetation", "jungle", "--area", "5"], "field 'vegetation'"),
            (["natural", "fire", "--vegetation", "savanna", "--area", "5", "--area-unit", "kg"], "field 'area_unit'"),
            (["natural", "wetland", "--area", "5", "--status", "rewetted", "--climate", "arctic"], "field 'climate'"),
            (
                [
                    "natural", "land", "--method", "gain-loss", "--area", "5", "--growth", "2", "--root-shoot", "0.2", "--disturbance-area", "1",
                    "--disturbance-biomass", "10", "--disturbance-fraction", "2"
                ], "field 'disturbance_fraction'"
            ),
            (
                ["natural", "land", "--method", "stock-difference", "--stock-t1=-1", "--stock-t2", "5", "--year-t1", "2000", "--year-t2", "2001"],
                "field 'stock_t1'"
            )
        ]
        for (args, needle) in cases {
            let o = try await CLI.run(args)
            #expect(o.status == 1, "\(args): \(o.stdout)")
            #expect(o.stderr.contains(needle), "\(args): \(o.stderr)")
        }
    }

    @Test("panorama --json: every country with data has land-use and natural columns, the panoramic view and column sources")
    func panoramaJSON() async throws {
        // The CO2 table (GCB beside it).
        let obj = try #require(try await CLI.json(["panorama", "--mrio", "wiod2011-co2", "--json"]) as? [String: Any])
        let rows = try #require(obj["rows"] as? [[String: Any]])
        let countries = rows.filter { $0["iso3"] is String }
        let withLUC = countries.filter { $0["land_use_mt"] is Double }
        #expect(withLUC.count >= countries.count - 1) // GCB 2024 has no separate Taiwan
        for r in withLUC {
            #expect(r["land_use_low_mt"] is Double && r["land_use_high_mt"] is Double)
            let p = try #require(r["panoramic"] as? [String: Any])
            #expect(p["land_use"] is [String: Any] && p["production"] is [String: Any] && p["consumption"] is [String: Any])
            #expect(p["years_differ"] is Bool)
        }
        #expect(countries.filter { $0["natural_mt"] is Double }.count >= countries.count - 1) // Malta is not on the 1:110m map
        let bra = try #require(rows.first { $0["iso3"] as? String == "BRA" })
        #expect((bra["land_use_mt"] as? Double ?? 0) > 900)
        // the existing keys are still there
        for k in ["production_mt", "consumption_mt", "adjustment_pct", "gcb_territorial_mt"] { #expect(bra[k] != nil, "\(k)") }
        let cols = try #require(obj["columns"] as? [[String: Any]])
        #expect(cols.map { $0["column"] as? String ?? "" } == ["production", "consumption", "land_use", "natural"])
        #expect(cols[2]["years"] as? String == "2011" && cols[3]["years"] as? String == "2008-2017")
        let ds = try #require(obj["datasets"] as? [[String: Any]])
        #expect(ds.contains { $0["dataset_id"] as? String == "gcb2024-luc" })
    }

    @Test("panorama map shows the landuse, natural and panoramic views")
    func panoramaMaps() async throws {
        for v in ["landuse", "natural", "panoramic"] {
            let path = CLI.databaseDir.appendingPathComponent("map-\(v).svg").path
            let o = try await CLI.run(["panorama", "--map", path, "--map-value", v])
            #expect(o.status == 0, "\(o.stderr)")
            let svg = try String(contentsOfFile: path, encoding: .utf8)
            #expect(svg.contains("<svg") && svg.contains("Brazil"))
        }
    }

    @Test("natural budget --year 2018: GCB 2019 components and imbalance")
    func budget() async throws {
        let obj = try #require(try await CLI.json(["natural", "budget", "--year", "2018", "--json"]) as? [String: Any])
        #expect(abs((obj["imbalance_gtc"] as? Double ?? 0) - 0.23) < 0.011)
    }
}
