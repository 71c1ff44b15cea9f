import Foundation
import Testing
import YuhengTestSupport

enum SharedData {
    static var root: URL { TestPaths.sharedRoot }
    static var available: Bool { TestPaths.sharedHas(["reference/README.md"]) }
}

@Suite("yuheng mrio and panorama", .serialized)
struct MRIOCLITests {
    /// Checks `{stressor: {region: value}}` in the CLI output against the reference at 1e-9.
    func compare(_ out: [String: Any], _ ref: [String: Any], keys: [String]) throws {
        for key in keys {
            let a = try #require(out[key] as? [String: [String: Double]], "\(key) missing in output")
            let b = try #require(ref[key] as? [String: [String: Double]], "\(key) missing in reference")
            #expect(Set(a.keys) == Set(b.keys))
            for (s, regions) in b {
                for (r, v) in regions {
                    let x = try #require(a[s]?[r], "\(key) \(s) \(r) missing")
                    #expect(abs(x - v) <= 1e-9 * max(abs(v), 1e-300), "\(key) \(s) \(r): \(x) vs \(v)")
                }
            }
        }
    }

    @Test("mrio accounts on the pymrio test system reproduces the reference", .enabled(if: SharedData.available, "../shared not available"))
    func pymrioSystem() async throws {
        let path = SharedData.root.appendingPathComponent("data/mrio/pymrio_test_system").path
        let out = try #require(
            try await CLI.json(["mrio", "accounts", "--mrio", path, "--format", "pymrio", "--extension", "emissions", "--json"]) as? [String: Any])
        let refAll =
            try JSONSerialization.jsonObject(with: Data(contentsOf: SharedData.root.appendingPathComponent("reference/pymrio_test_reference.json")))
            as? [String: Any]
        let ref = try #require(refAll?["emissions"] as? [String: Any])
        try compare(out, ref, keys: ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"])
        #expect((out["regions"] as? [String])?.count == 6)
        #expect((out["stressors"] as? [String]) == ["emission_type1 | air", "emission_type2 | water"])
        #expect((out["solver"] as? String)?.contains("LU") == true)
        #expect((out["units"] as? [String: String])?["emission_type1 | air"] == "kg")
    }

    @Test("mrio accounts on WIOD 2011 reproduces the reference", .enabled(if: SharedData.available, "../shared not available"))
    func wiod() async throws {
        let path = SharedData.root.appendingPathComponent("data/mrio/wiod2011_co2/pymrio_txt").path
        let out = try #require(try await CLI.json(["mrio", "accounts", "--mrio", path, "--extension", "co2", "--json"]) as? [String: Any])
        let ref =
            try JSONSerialization.jsonObject(with: Data(contentsOf: SharedData.root.appendingPathComponent("reference/wiod2011_co2_reference.json")))
            as? [String: Any]
        let co2 = try #require(ref?["co2"] as? [String: [String: Double]])
        var wrapped: [String: Any] = [:]
        for (k, v) in co2 { wrapped[k] = ["CO2": v] }
        try compare(out, wrapped, keys: ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"])
    }

    @Test(
        "mrio series: the bundled 2009 and 2011 tables; 2011 reproduces the pymrio reference; a table path equals the bundled table",
        .enabled(if: SharedData.available, "../shared not available"))
    func series() async throws {
        // The two CO2 tables by id (without --table the command now runs the bundled GHG series 2000–2023).
        let out = try #require(
            try await CLI.json(["mrio", "series", "--table", "2009=wiod2009-co2", "--table", "2011=wiod2011-co2", "--json"]) as? [String: Any])
        #expect(out["stressor"] as? String == "CO2" && out["unit"] as? String == "kt")
        let years = try #require(out["years"] as? [[String: Any]])
        #expect(years.map { $0["label"] as? String } == ["2009", "2011"])
        let ref =
            try JSONSerialization.jsonObject(with: Data(contentsOf: SharedData.root.appendingPathComponent("reference/wiod2011_co2_reference.json")))
            as? [String: Any]
        let co2 = try #require(ref?["co2"] as? [String: [String: Double]])
        var wrapped: [String: Any] = [:], ours: [String: Any] = [:]
        for (k, v) in co2 { wrapped[k] = ["CO2": v]; ours[k] = ["CO2": years[1][k] as Any] }
        try compare(ours, wrapped, keys: ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"])
        // 2009 is its own table: the same regions, other values; its dataset is named.
        let cba2009 = try #require(years[0]["D_cba_reg"] as? [String: Double])
        #expect(Set(cba2009.keys) == Set(co2["D_cba_reg"]!.keys))
        #expect(cba2009["CHN"] != co2["D_cba_reg"]!["CHN"])
        #expect((years[0]["dataset"] as? [String: Any])?["dataset_id"] as? String == "wiod2009-co2")

        // A table given by path (pymrio text folder) gives the bundled table's accounts.
        let path = SharedData.root.appendingPathComponent("data/mrio/wiod2011_co2/pymrio_txt").path
        let both = try #require(
            try await CLI.json(["mrio", "series", "--table", "file=\(path)", "--table", "bundled=wiod2011-co2", "--json"]) as? [String: Any])
        let pair = try #require(both["years"] as? [[String: Any]])
        let f = try #require(pair[0]["D_pba_reg"] as? [String: Double]), b = try #require(pair[1]["D_pba_reg"] as? [String: Double])
        for (r, v) in b { #expect(abs((f[r] ?? .nan) - v) <= 1e-9 * max(abs(v), 1), "\(r)") }

        // The readable table: both years, the change, the world row; the chart: one dumbbell per region and measure.
        let svg = CLI.databaseDir.appendingPathComponent("series.svg")
        let text = try await CLI.run([
            "mrio", "series", "--table", "2009=wiod2009-co2", "--table", "2011=wiod2011-co2", "--top", "5", "--chart", svg.path
        ])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(
            text.stdout.contains("Prod 2009") && text.stdout.contains("Cons 2011") && text.stdout.contains("Δ cons") && text.stdout.contains("World"))
        let drawing = try String(contentsOf: svg, encoding: .utf8)
        #expect(drawing.hasPrefix("<svg") && drawing.hasSuffix("</svg>"))
        #expect(drawing.components(separatedBy: "class=\"dumbbell\"").count - 1 == 10)
        // The chart is in Mt (the JSON in the table's kt): CHN's 2009 consumption dumbbell starts at the JSON's value / 1000.
        let mark = "data-row=\"CHN\" data-measure=\"Consumption\" data-from=\""
        let from = try #require(drawing.range(of: mark).flatMap { Double(drawing[$0.upperBound...].prefix { $0 != "\"" }) })
        #expect(abs(from - cba2009["CHN"]! / 1000) <= 1e-12 * from)

        // Bad input: a malformed --table, an unknown table, a duplicate label.
        let malformed = try await CLI.run(["mrio", "series", "--table", "2011"])
        #expect(malformed.status != 0 && malformed.stderr.contains("LABEL=TABLE"))
        let unknown = try await CLI.run(["mrio", "series", "--table", "2030=no-such-table"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no-such-table") && unknown.stderr.contains("wiod2011-co2"))
        let dup = try await CLI.run(["mrio", "series", "--table", "a=wiod2011-co2", "--table", "a=wiod2009-co2"])
        #expect(dup.status == 1 && dup.stderr.contains("given twice"))
    }

    @Test("panorama and mrio accounts take a bundled table id: --mrio wiod2009-co2 compares with GCB 2009")
    func bundled2009() async throws {
        let pan = try #require(try await CLI.json(["panorama", "--mrio", "wiod2009-co2", "--json"]) as? [String: Any])
        #expect(pan["year"] as? Int == 2009)
        let rows = try #require(pan["rows"] as? [[String: Any]])
        let chn = try #require(rows.first { $0["region"] as? String == "CHN" })
        let acc = try #require(try await CLI.json(["mrio", "accounts", "--mrio", "wiod2009-co2", "--json"]) as? [String: Any])
        let pba = try #require(((acc["D_pba_reg"] as? [String: Any])?["CO2"] as? [String: Double])?["CHN"])
        #expect(abs((chn["production_mt"] as? Double ?? 0) - pba / 1000) < 1e-9 * pba)
        // The GCB column is the 2009 value, not 2011's.
        let pan2011 = try #require(try await CLI.json(["panorama", "--mrio", "wiod2011-co2", "--json"]) as? [String: Any])
        let chn2011 = try #require((pan2011["rows"] as? [[String: Any]])?.first { $0["region"] as? String == "CHN" })
        let g2009 = try #require(chn["gcb_territorial_mt"] as? Double), g2011 = try #require(chn2011["gcb_territorial_mt"] as? Double)
        #expect(g2009 < g2011)
    }

    @Test("mrio accounts reports a missing folder clearly")
    func missing() async throws {
        let o = try await CLI.run(["mrio", "accounts", "--mrio", "/nonexistent/folder"])
        #expect(o.status == 1)
        #expect(o.stderr.contains("/nonexistent/folder"))
    }

    @Test("panorama runs on the bundled data and writes a valid SVG map")
    func panorama() async throws {
        let svg = CLI.databaseDir.appendingPathComponent("map.svg")
        let o = try await CLI.run(["panorama", "--mrio", "wiod2011-co2", "--map", svg.path]) // the CO2 table (the default is now GHG)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        #expect(o.stdout.contains("China"))
        #expect(o.stdout.contains("GCB"))
        let text = try String(contentsOf: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg"))
        #expect(text.contains("data-iso3=\"CHN\""))
        #expect(text.hasSuffix("</svg>\n"))
        let json = try #require(try await CLI.json(["panorama", "--mrio", "wiod2011-co2", "--json"]) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 41)
        let chn = try #require(rows.first { $0["region"] as? String == "CHN" })
        #expect(abs((chn["production_mt"] as? Double ?? 0) - 9793.9654) < 1e-4)
        #expect((json["datasets"] as? [[String: Any]])?.contains { $0["dataset_id"] as? String == "wiod2011-co2" } == true)
    }

    @Test("transfers and paths on the bundled data")
    func transfersAndPaths() async throws {
        let t = try #require(try await CLI.json(["mrio", "transfers", "--top", "5", "--json"]) as? [String: Any])
        #expect((t["top_flows"] as? [[String: Any]])?.count == 5)
        let first = try #require((t["top_flows"] as? [[String: Any]])?.first)
        #expect(first["origin"] as? String == "CHN")
        let p = try #require(try await CLI.json(["mrio", "paths", "--region", "USA", "--top", "5", "--json"]) as? [String: Any])
        let paths = try #require(p["paths"] as? [[String: Any]])
        #expect(paths.count == 5)
        #expect((p["coverage"] as? Double ?? 0) > 0)
        let bad = try await CLI.run(["mrio", "paths", "--region", "XXX"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("USA"))
    }
}
