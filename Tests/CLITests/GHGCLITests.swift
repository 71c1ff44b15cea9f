import Foundation
import Testing

/// The GHG series through the real binary (issue 17): gases and GWP sets, years 2000–2023 with nowcasts flagged,
/// the series, the structural decomposition, nowcast input imports and the bad-input rules.
@Suite("yuheng GHG series (issue 17)", .serialized)
struct GHGCLITests {
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/Fixtures")

    static func fixture(_ relative: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent(relative))) as? [String: Any])
    }

    static func byRegion(_ out: [String: Any], _ key: String, _ stressor: String) throws -> [String: Double] {
        try #require((out[key] as? [String: Any])?[stressor] as? [String: Double], "\(key) \(stressor)")
    }

    @Test(
        "mrio accounts --mrio wiod2005-ghg --gas G --gwp S --json equals pymrio 0.7.0 calc_all for every gas and both GWP sets at 1e-9; --extension ch4 gives the masses"
    )
    func accountsEqualPymrio() async throws {
        let ref = try #require(try Self.fixture("ghg/wiod2005_pymrio_accounts.json")["extensions"] as? [String: [String: Any]])
        var cases: [(args: [String], ref: String, stressor: String, outStressor: String)] = []
        for set in ["AR5", "AR6"] {
            for gas in ["co2", "ch4", "n2o", "ghg"] { cases.append((["--gas", gas, "--gwp", set], "ghg_\(set)", gas.uppercased(), gas.uppercased())) }
        }
        cases.append((["--extension", "ch4"], "ch4", "CH4_nonfossil", "CH4_nonfossil"))
        cases.append((["--extension", "n2o"], "n2o", "N2O", "N2O"))
        for c in cases {
            let out = try #require(try await CLI.json(["mrio", "accounts", "--mrio", "wiod2005-ghg", "--json"] + c.args) as? [String: Any])
            let regions = try #require(out["regions"] as? [String])
            let r = try #require(ref[c.ref]?["accounts"] as? [String: [String: [Double]]])
            for key in ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"] {
                let ours = try Self.byRegion(out, key, c.outStressor), want = try #require(r[key]?[c.stressor], "\(c.ref) \(key) \(c.stressor)")
                for (j, region) in regions.enumerated() {
                    let a = try #require(ours[region])
                    #expect(abs(a - want[j]) <= 1e-9 * max(abs(want[j]), 1e-300), "\(c.args) \(key) \(region): \(a) vs \(want[j])")
                }
            }
            if c.args.first == "--gas" {
                #expect((out["units"] as? [String: String])?[c.outStressor] == "kt CO2e" && out["gwp"] as? String == c.args[3])
            }
        }
        let text = try await CLI.run(["mrio", "accounts", "--mrio", "wiod2005-ghg", "--gas", "ch4"])
        #expect(text.status == 0 && text.stdout.contains("Production (Mt CO2e)"), "\(text.stderr)")
    }

    @Test("panorama: GHG with AR5 by default, flagged as a table year; --gas co2 has GCB beside it; the totals are those of mrio accounts")
    func panoramaDefault() async throws {
        let pan = try #require(try await CLI.json(["panorama", "--json"]) as? [String: Any])
        #expect(pan["gas"] as? String == "ghg" && pan["gwp"] as? String == "AR5" && pan["unit"] as? String == "Mt CO2e")
        #expect(pan["estimate"] as? String == "table" && pan["base_table_year"] as? Int == 2011 && pan["year"] as? Int == 2011)
        let chn = try #require((pan["rows"] as? [[String: Any]])?.first { $0["region"] as? String == "CHN" })
        let acc = try #require(try await CLI.json(["mrio", "accounts", "--mrio", "wiod2011-ghg", "--gas", "ghg", "--json"]) as? [String: Any])
        let pba = try #require(try Self.byRegion(acc, "D_pba_reg", "GHG")["CHN"]),
            cba = try #require(try Self.byRegion(acc, "D_cba_reg", "GHG")["CHN"])
        #expect(abs((chn["production_mt"] as? Double ?? 0) - pba / 1000) <= 1e-9 * pba / 1000)
        #expect(abs((chn["consumption_mt"] as? Double ?? 0) - cba / 1000) <= 1e-9 * cba / 1000)
        let co2 = try #require(try await CLI.json(["panorama", "--gas", "co2", "--json"]) as? [String: Any])
        let chnCO2 = try #require((co2["rows"] as? [[String: Any]])?.first { $0["region"] as? String == "CHN" })
        #expect(chnCO2["gcb_territorial_mt"] is Double && chn["gcb_territorial_mt"] == nil)
        #expect((chn["production_mt"] as? Double ?? 0) > (chnCO2["production_mt"] as? Double ?? .infinity))
        let text = try await CLI.run(["panorama", "--gwp", "AR6"])
        #expect(text.status == 0 && text.stdout.contains("Production (Mt CO2e)") && text.stdout.contains("AR6 GWP100"), "\(text.stderr)")
    }

    @Test("panorama --year: a table year and a nowcast year (flagged with its base table, horizon and hold-out error range)")
    func panoramaYears() async throws {
        let y2005 = try #require(try await CLI.json(["panorama", "--year", "2005", "--json"]) as? [String: Any])
        #expect(y2005["year"] as? Int == 2005 && y2005["estimate"] as? String == "table" && y2005["base_table_year"] as? Int == 2005)
        let y2022 = try #require(try await CLI.json(["panorama", "--year", "2022", "--json"]) as? [String: Any])
        #expect(
            y2022["year"] as? Int == 2022 && y2022["estimate"] as? String == "nowcast" && y2022["base_table_year"] as? Int == 2011
                && y2022["horizon"] as? Int == 11)
        #expect((y2022["error_range"] as? [String: Any])?["adj_err_median_pp"] is Double)
        #expect((y2022["rows"] as? [[String: Any]])?.count == 41)
        let text = try await CLI.run(["panorama", "--year", "2022", "--gas", "ch4"])
        #expect(text.status == 0 && text.stdout.contains("NOWCAST from the 2011 table") && text.stdout.contains("Mt CO2e"), "\(text.stderr)")
    }

    @Test("mrio series --from --to: every year flagged, in Mt CO2e; a table year equals mrio accounts; --chart draws dashed nowcast lines")
    func series() async throws {
        let s = try #require(try await CLI.json(["mrio", "series", "--from", "2010", "--to", "2013", "--gas", "n2o", "--json"]) as? [String: Any])
        #expect(s["unit"] as? String == "Mt CO2e" && s["gas"] as? String == "n2o")
        let years = try #require(s["years"] as? [[String: Any]])
        #expect(years.map { $0["year"] as? Int } == [2010, 2011, 2012, 2013])
        #expect(years.map { $0["estimate"] as? String } == ["table", "table", "nowcast", "nowcast"])
        #expect(years.map { $0["base_table_year"] as? Int } == [2010, 2011, 2011, 2011])
        #expect(years[2]["error_range"] is [String: Any] && years[0]["error_range"] == nil)
        let acc = try #require(try await CLI.json(["mrio", "accounts", "--mrio", "wiod2010-ghg", "--gas", "n2o", "--json"]) as? [String: Any])
        let regions = try #require(years[0]["regions"] as? [String]), prod = try #require(years[0]["production_mt"] as? [Double])
        let pba = try Self.byRegion(acc, "D_pba_reg", "N2O")
        for (i, r) in regions.enumerated() { #expect(abs(prod[i] - pba[r]! / 1000) <= 1e-9 * max(abs(prod[i]), 1e-12), "\(r)") }
        let svg = CLI.databaseDir.appendingPathComponent("ghg-series.svg")
        let o = try await CLI.run(["mrio", "series", "--region", "chn", "--chart", svg.path])
        #expect(o.status == 0 && o.stdout.contains("nowcast ← 2011") && o.stdout.contains("CHN prod (Mt CO2e)"), "\(o.stderr)")
        let chart = try String(contentsOf: svg, encoding: .utf8)
        #expect(chart.hasPrefix("<svg") && chart.contains("CHN consumption (nowcast)") && chart.contains("stroke-dasharray"))
    }

    @Test(
        "the nowcasts 2012–2023 of every gas equal the independent reference pipeline (scripts/nowcast_reference.py): production and consumption per region and year",
        arguments: [("co2", 1.0), ("ch4", 28.0), ("n2o", 265.0), ("ghg", 1.0)])
    func nowcastsEqualReference(_ gas: String, _ gwpAR5: Double) async throws {
        let csv = try String(contentsOf: Self.fixtures.appendingPathComponent("nowcast/nowcast_2012_2023.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var want: [String: (pba: Double, cba: Double)] = [:] // "REGION|YEAR", in kt CO2e (the gas's mass × its AR5 GWP100)
        for r in rows where r[2] == gas { want["\(r[0])|\(r[1])"] = (Double(r[7])! * gwpAR5, Double(r[8])! * gwpAR5) }
        #expect(want.count == 41 * 12)
        let out = try #require(try await CLI.json(["mrio", "series", "--from", "2012", "--to", "2023", "--gas", gas, "--json"]) as? [String: Any])
        var compared = 0
        for y in try #require(out["years"] as? [[String: Any]]) {
            let year = try #require(y["year"] as? Int), regions = try #require(y["regions"] as? [String])
            let pba = try #require(y["production_mt"] as? [Double]), cba = try #require(y["consumption_mt"] as? [Double])
            #expect(y["estimate"] as? String == "nowcast" && y["base_table_year"] as? Int == 2011)
            for (i, r) in regions.enumerated() {
                let w = try #require(want["\(r)|\(year)"], "\(r) \(year)")
                // the reference is printed to 1e-6 kt
                #expect(
                    abs(pba[i] * 1000 - w.pba) <= 1e-9 * abs(w.pba) + 1e-6 * gwpAR5, "\(gas) \(r) \(year) production \(pba[i] * 1000) vs \(w.pba)")
                #expect(
                    abs(cba[i] * 1000 - w.cba) <= 1e-9 * abs(w.cba) + 1e-6 * gwpAR5, "\(gas) \(r) \(year) consumption \(cba[i] * 1000) vs \(w.cba)")
                compared += 1
            }
        }
        #expect(compared == 41 * 12)
    }

    @Test(
        "mrio sda: the components add up to the change and equal the independent reference (WIOD 2005 → 2008, CO2, CHN); the output names the price caveat"
    )
    func sda() async throws {
        let ref = try #require(
            ((try Self.fixture("sda/sda_reference.json")["wiod"] as? [String: Any])?["results"] as? [String: Any])?["co2"] as? [String: Any])
        let chnRef = try #require((ref["regions"] as? [String: [String: Any]])?["CHN"])
        let svg = CLI.databaseDir.appendingPathComponent("sda.svg")
        let out = try #require(
            try await CLI.json(["mrio", "sda", "--from", "2005", "--to", "2008", "--region", "CHN", "--gas", "co2", "--json", "--chart", svg.path])
                as? [String: Any])
        #expect(out["unit"] as? String == "Mt CO2e" && out["from_estimate"] as? String == "table")
        let chn = try #require((out["regions"] as? [[String: Any]])?.first)
        let comps = try #require(chn["components"] as? [String: Double]), total = try #require(chn["total_change"] as? Double)
        #expect(abs(comps.values.reduce(0, +) - total) <= 1e-9 * abs(total))
        for (k, v) in try #require(chnRef["components"] as? [String: Double]) {
            #expect(abs(comps[k]! - v / 1000) <= 1e-9 * abs(total), "\(k): \(comps[k]!) vs \(v / 1000)")
        }
        #expect(abs((chn["D0"] as? Double ?? 0) - (chnRef["D0"] as! Double) / 1000) <= 1e-9 * abs(total))
        #expect((out["notes"] as? [String])?.contains { $0.contains("current prices") } == true)
        let chart = try String(contentsOf: svg, encoding: .utf8)
        #expect(chart.hasPrefix("<svg") && chart.contains("data-region=\"CHN\"") && chart.contains("data-label=\"level\""))
        let text = try await CLI.run(["mrio", "sda", "--from", "2011", "--to", "2020", "--region", "USA"])
        #expect(
            text.status == 0 && text.stdout.contains("2020 (nowcast)") && text.stdout.contains("current prices")
                && text.stdout.contains("Level (Mt CO2e)"), "\(text.stderr)")
    }

    @Test("bad input: years outside the series, unknown gases and GWP sets, --from after --to, an unknown region")
    func badInput() async throws {
        let cases: [([String], [String])] = [
            (["panorama", "--year", "1995"], ["1995", "2000–2023"]),
            (["panorama", "--gas", "sf6"], ["sf6", "co2, ch4, n2o, ghg"]),
            (["panorama", "--gwp", "AR4"], ["AR4", "AR5, AR6"]),
            (["mrio", "accounts", "--gas", "hfc"], ["hfc", "co2, ch4, n2o, ghg"]),
            (["mrio", "accounts", "--mrio", "wiod2011-co2", "--gas", "ch4"], ["ch4"]),
            (["mrio", "transfers", "--gwp", "SAR"], ["SAR", "AR5, AR6"]),
            (["mrio", "series", "--from", "2030"], ["2030", "2000–2023"]),
            (["mrio", "series", "--from", "2012", "--to", "2005"], ["after"]),
            (["mrio", "series", "--table", "2011=wiod2011-co2", "--gas", "ch4"], ["--gas"]),
            (["mrio", "sda", "--from", "2011", "--to", "2005"], ["after"]),
            (["mrio", "sda", "--from", "2005", "--to", "2005"], ["same year"]),
            (["mrio", "sda", "--from", "1990", "--to", "2005"], ["1990", "2000–2023"]),
            (["mrio", "sda", "--from", "2005", "--to", "2008", "--region", "XYZ"], ["XYZ", "CHN"])
        ]
        for (args, needles) in cases {
            let o = try await CLI.run(args)
            #expect(o.status == 1, "\(args): \(o.stdout)")
            for n in needles { #expect(o.stderr.contains(n), "\(args): \(o.stderr)") }
        }
    }

    @Test(
        "data import --kind gdp: a revised release becomes the current version (with provenance), moves the nowcast and is listed by data show; a bad file changes nothing"
    )
    func importGDP() async throws {
        let db = CLI.databaseDir.appendingPathComponent("gdp-import.sqlite").path
        let before = try #require(
            try JSONSerialization.jsonObject(with: Data(try await CLI.run(["panorama", "--year", "2023", "--json"], db: db).stdout.utf8))
                as? [String: Any])
        // The bundled release with China's 2023 GDP revised up by 10 %.
        let bundled = try String(
            contentsOf: CLI.packageRoot.appendingPathComponent("Sources/Data/Bundled/nowcast/worldbank_gdp.csv"), encoding: .utf8)
        var lines = bundled.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let i = try #require(lines.firstIndex { $0.hasPrefix("CHN,") })
        var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[cells.count - 1] = String(try #require(Double(cells[cells.count - 1])) * 1.1)
        lines[i] = cells.joined(separator: ",")
        let file = CLI.databaseDir.appendingPathComponent("gdp-revised.csv")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let bad = CLI.databaseDir.appendingPathComponent("gdp-bad.csv")
        try (lines[0] + "\n" + lines[i].replacingOccurrences(of: cells[cells.count - 2], with: "lots") + "\n").write(
            to: bad, atomically: true, encoding: .utf8)
        let refused = try await CLI.run(["data", "import", "--kind", "gdp", bad.path, "--version", "bad"], db: db)
        #expect(refused.status == 1, "\(refused.stdout)")
        let imported = try await CLI.run(
            ["data", "import", "--kind", "gdp", file.path, "--version", "WDI revised", "--source", "test release"], db: db)
        #expect(
            imported.status == 0 && imported.stdout.contains("1 values revised") && imported.stdout.contains("current version"),
            "\(imported.stdout) \(imported.stderr)")
        let show = try await CLI.run(["data", "show", "worldbank-gdp"], db: db)
        #expect(show.stdout.contains("WDI revised") && show.stdout.contains("1 values revised") && !show.stdout.contains("| bad"), "\(show.stdout)")
        let after = try #require(
            try JSONSerialization.jsonObject(with: Data(try await CLI.run(["panorama", "--year", "2023", "--json"], db: db).stdout.utf8))
                as? [String: Any])
        func chn(_ p: [String: Any]) -> Double {
            ((p["rows"] as? [[String: Any]])?.first { $0["region"] as? String == "CHN" }?["consumption_mt"] as? Double) ?? .nan
        }
        #expect(chn(after) != chn(before) && chn(after).isFinite)
        #expect(
            (after["datasets"] as? [[String: Any]])?.contains {
                $0["dataset_id"] as? String == "worldbank-gdp" && $0["version"] as? String == "WDI revised"
            } == true)
        let unknown = try await CLI.run(["data", "import", "--kind", "ppp", file.path], db: db)
        #expect(unknown.status == 1 && unknown.stderr.contains("gdp, national-co2, edgar, jrc-co2"), "\(unknown.stderr)")
    }
}
