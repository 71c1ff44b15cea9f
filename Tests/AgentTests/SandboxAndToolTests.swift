import Foundation
import Testing
import YuhengData
import YuhengMRIO
@testable import YuhengAgents

@Suite("SQL sandbox")
struct SQLSandboxTests {
    var sandbox: SQLSandbox { SQLSandbox(path: TestEnv.database.path, rowLimit: 500, timeLimit: 0.5) }

    @Test(
        "writes, ATTACH, PRAGMA writes and load_extension are rejected",
        arguments: [
            "INSERT INTO datasets(id, title, version, source, licence, date) VALUES ('x','x','x','x','x','x')",
            "UPDATE factors SET value = 0",
            "DELETE FROM gwp",
            "DROP TABLE countries",
            "CREATE TABLE evil(x)",
            "ATTACH DATABASE '/tmp/evil.sqlite' AS evil",
            "DETACH DATABASE main",
            "PRAGMA journal_mode=DELETE",
            "PRAGMA writable_schema = 1",
            "SELECT load_extension('x')",
            "BEGIN IMMEDIATE",
            "SELECT 1; DELETE FROM gwp"
        ])
    func rejected(_ sql: String) throws {
        let before = try TestEnv.database.datasets().count
        #expect(throws: ToolError.self) { try sandbox.query(sql) }
        do { _ = try sandbox.query(sql) } catch let e as ToolError {
            #expect(e.kind == .rejected, "\(sql): \(e)")
        }
        #expect(try TestEnv.database.datasets().count == before)
        #expect(try TestEnv.database.journalMode == "wal")
    }

    @Test("a SELECT works, with the row limit and read-only PRAGMAs")
    func select() throws {
        let r = try sandbox.query("SELECT species, assessment, metric, value FROM gwp ORDER BY species")
        #expect(r.columns == ["species", "assessment", "metric", "value"])
        #expect(r.rows.count == 500)
        #expect(r.truncated)
        #expect(r.tablesRead == ["gwp"])
        let small = try sandbox.query("SELECT value FROM national_emissions WHERE iso3 = 'CHN' AND year = 2011 AND indicator = 'territorial_co2'")
        #expect(small.rows.count == 1 && !small.truncated)
        #expect(abs((small.rows[0][0].doubleValue ?? 0) - 9528.55573400002) < 1e-9)
        let info = try sandbox.query("PRAGMA table_info(countries)")
        #expect(info.rows.count >= 4)
    }

    @Test("a runaway query is interrupted at the time limit")
    func timeLimit() throws {
        let start = Date()
        do {
            _ = try sandbox.query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
            Issue.record("expected an interruption")
        } catch let e as ToolError {
            #expect(e.message.contains("interrupted"))
        }
        #expect(Date().timeIntervalSince(start) < 120, "without the interrupt this query never ends")
    }

    @Test("sql_query through the registry carries provenance of the rows' datasets")
    func tool() async throws {
        let o = await YuhengTools.registry().call(
            "sql_query", arguments: ["sql": "SELECT dataset_id, value FROM national_emissions WHERE iso3 = 'DEU' AND year = 2020 LIMIT 3"],
            context: TestEnv.context)
        #expect(o.error == nil)
        #expect(o.result?.provenance.first?.datasetID == "gcb2022-national")
        let bad = await YuhengTools.registry().call("sql_query", arguments: ["sql": "DELETE FROM gwp"], context: TestEnv.context)
        #expect(bad.error?.kind == .rejected)
    }
}

@Suite("tools on the bundled data")
struct ToolTests {
    let reg = YuhengTools.registry()

    @Test("mrio_accounts and mrio_transfers give the engine's numbers, with units and provenance")
    func mrio() async throws {
        let o = await reg.call("mrio_accounts", arguments: ["region": "CHN"], context: TestEnv.context)
        let r = try #require(o.result)
        let row = try #require(r.json["regions"]?[0])
        let m = try TestEnv.context.mrio()
        let e = m.accounts.extensions[0]
        let k = m.system.regions.firstIndex(of: "CHN")!
        #expect(row["cba"]?.doubleValue == e.cbaRegion[0, k])
        #expect(row["pba"]?.doubleValue == e.pbaRegion[0, k])
        #expect(abs((row["cba_mt"]?.doubleValue ?? 0) - e.cbaRegion[0, k] / 1000) < 1e-9)
        #expect(r.units["cba"] == "kt CO2")
        #expect(r.provenance.first?.datasetID == "wiod2011-co2")
        let t = await reg.call("mrio_transfers", arguments: ["region": "CHN", "top": 3], context: TestEnv.context)
        let flows = try #require(t.result?.json["top_flows"]?.arrayValue)
        #expect(flows.count == 3)
        #expect(flows.allSatisfy { $0["origin"] == "CHN" || $0["destination"] == "CHN" })
        let bad = await reg.call("mrio_accounts", arguments: ["region": "XXX"], context: TestEnv.context)
        #expect(bad.error?.kind == .invalidInput)
        #expect(bad.error?.suggestion?.contains("CHN") == true)
    }

    @Test("mrio_series: each year's numbers are the engine's on that year's bundled table; the change is computed from them")
    func series() async throws {
        let o = await reg.call("mrio_series", arguments: ["region": "CHN", "gas": "co2", "from": 2009, "to": 2011], context: TestEnv.context)
        let r = try #require(o.result, "\(String(describing: o.error))")
        let s = try #require(r.json["series"]?[0])
        let years = try #require(s["years"]?.arrayValue)
        #expect(years.map { $0["year"]?.stringValue } == ["2009", "2010", "2011"])
        #expect(years.allSatisfy { $0["estimate"]?.stringValue == "table" } && r.json["unit"] == "Mt CO2e")
        let ar5 = try GWP100(set: "AR5", library: try TestEnv.database.gwpLibrary())
        for (row, year) in zip(years, 2009...2011) {
            // The engine on that year's bundled table: the CO2 row of the characterised extension (the same solve as the series).
            var system = try BundledMRIO.load(id: "wiod\(year)-ghg")
            system.extensions.append(try GHGCharacterisation.characterised(system, gwp: ar5))
            let (acc, _) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: ["ghg-AR5"]))
            let k = system.regions.firstIndex(of: "CHN")!
            #expect(
                abs((row["cba_mt"]?.doubleValue ?? .nan) - acc.extensions[0].cbaRegion[0, k] / 1000) <= 1e-12 * acc.extensions[0].cbaRegion[0, k]
                    / 1000)
            #expect(
                abs((row["pba_mt"]?.doubleValue ?? .nan) - acc.extensions[0].pbaRegion[0, k] / 1000) <= 1e-12 * acc.extensions[0].pbaRegion[0, k]
                    / 1000)
        }
        let c0 = years[0]["cba_mt"]?.doubleValue ?? .nan, c1 = years[2]["cba_mt"]?.doubleValue ?? .nan
        #expect(abs((s["cba_change_pct"]?.doubleValue ?? .nan) - (c1 - c0) / c0 * 100) < 1e-9)
        #expect(Set(r.provenance.map(\.datasetID)).isSuperset(of: ["wiod2009-ghg", "wiod2010-ghg", "wiod2011-ghg", "gwp"]))
        // a nowcast year is flagged with the table it rests on and its error range
        let now = await reg.call("mrio_series", arguments: ["region": "CHN", "year": 2020], context: TestEnv.context)
        let y2020 = try #require(now.result?.json["series"]?[0]?["years"]?[0])
        #expect(y2020["estimate"] == "nowcast" && y2020["base_table_year"]?.doubleValue == 2011 && y2020["adj_err_median_pp"]?.doubleValue != nil)
        let badGas = await reg.call("mrio_series", arguments: ["gas": "sf6"], context: TestEnv.context)
        #expect(badGas.error?.message.contains("sf6") == true && badGas.error?.suggestion?.contains("co2, ch4, n2o, ghg") == true)
        let world = await reg.call("mrio_series", arguments: [:], context: TestEnv.context)
        #expect(world.result?.json["series"]?[0]?["region"] == "World")
        #expect(world.result?.json["series"]?.arrayValue?.count == 11)
        let bad = await reg.call("mrio_series", arguments: ["region": "XXX"], context: TestEnv.context)
        #expect(bad.error?.kind == .invalidInput)
    }

    @Test("mrio_shock: +10 % of Germany's final demand for construction raises global CO2; 1.0 changes nothing")
    func shock() async throws {
        let o = await reg.call("mrio_shock", arguments: ["region": "DEU", "sector": "construction", "factor": 1.1], context: TestEnv.context)
        let j = try #require(o.result?.json)
        #expect(j["sector"] == "F")
        let d = try #require(j["delta_total"]?.doubleValue)
        #expect(d > 0)
        #expect(abs((j["new_cba"]?.doubleValue ?? 0) - (j["baseline_cba"]?.doubleValue ?? 0) - d) < 1e-6)
        let none = await reg.call("mrio_shock", arguments: ["region": "DEU", "sector": "F", "factor": 1.0], context: TestEnv.context)
        #expect(abs(none.result?.json["delta_total"]?.doubleValue ?? 1) < 1e-9)
    }

    @Test("national_emissions, get_gwp, search_factors, list_datasets, panorama, calculate_inventory")
    func data() async throws {
        let n = await reg.call("national_emissions", arguments: ["country": "China", "year": 2011], context: TestEnv.context)
        let row = try #require(n.result?.json["series"]?[0])
        #expect(abs((row["territorial_co2_mt"]?.doubleValue ?? 0) - 9528.55573400002) < 1e-9)
        let bra = await reg.call("national_emissions", arguments: ["country": "BRA", "year": 2015], context: TestEnv.context)
        let lu = try #require(bra.result?.json["land_use_and_natural"]?["land_use"], "\(String(describing: bra.result?.json))")
        #expect(lu["year"] == 2015)
        #expect(lu["mean_mt_co2"]?.doubleValue != nil)
        #expect(bra.result?.provenance.contains { $0.datasetID == "gcb2024-luc" } == true)
        let gcb = await reg.call("global_carbon_budget", arguments: ["year": 2015], context: TestEnv.context)
        #expect((gcb.result?.json["ocean_sink_gtc"]?.doubleValue ?? 0) > 1)
        let missing = await reg.call("national_emissions", arguments: ["country": "CHN", "year": 1700], context: TestEnv.context)
        #expect(missing.error?.kind == .missingData)
        let g = await reg.call("get_gwp", arguments: ["gases": ["CH4", "N2O"], "set": "AR5"], context: TestEnv.context)
        #expect(g.result?.json["gwp"]?["CH4"] == 28)
        let f = await reg.call("search_factors", arguments: ["query": "natural gas residential"], context: TestEnv.context)
        #expect((f.result?.json["factors"]?.arrayValue?.count ?? 0) > 0)
        let l = await reg.call("list_datasets", arguments: [:], context: TestEnv.context)
        #expect(l.result?.json["datasets"]?.arrayValue?.contains { $0["id"] == "gcb2022-national" } == true)
        let p = await reg.call("panorama", arguments: ["country": "USA"], context: TestEnv.context)
        #expect(p.result?.json["rows"]?.arrayValue?.count == 1)
        let cli = try await Binary.json(["panorama", "--json", "--db", TestEnv.dbPath])
        let cliUSA = try #require(cli["rows"]?.arrayValue?.first { $0["region"] == "USA" })
        let usa = try #require(p.result?.json["rows"]?[0])
        for key in ["production_mt", "consumption_mt", "net_transfer_mt", "gcb_territorial_mt"] { #expect(usa[key] == cliUSA[key], "\(key)") }
        if let a = cliUSA["land_use_mt"]?.doubleValue {
            // The mean over the models is summed in model-name order: equal to the last bit across processes.
            #expect(usa["land_use_mt"]?.doubleValue == a)
        }
        let csv = "id,category,method,item,amount,unit,ad_uncertainty_pct,parameters\na1,1A1,stationary,Natural Gas,1000,TJ,5,\n"
        let inv = await reg.call("calculate_inventory", arguments: ["csv": .string(csv)], context: TestEnv.context)
        #expect((inv.result?.json["total_co2e_t"]?.doubleValue ?? 0) > 50_000)
    }

    @Test("panorama takes year and gas (a nowcast year is flagged); mrio_sda's parts add up to the change; bad years and gases are invalid input")
    func ghgTools() async throws {
        let p = await reg.call("panorama", arguments: ["country": "CHN", "year": 2022, "gas": "ghg"], context: TestEnv.context)
        let r = try #require(p.result, "\(String(describing: p.error))")
        #expect(r.json["estimate"] == "nowcast" && r.json["base_table_year"]?.doubleValue == 2011 && r.json["unit"] == "Mt CO2e")
        #expect(r.summary.contains("nowcast") && r.units["*_mt"] == "Mt CO2e")
        let co2 = await reg.call("panorama", arguments: ["country": "CHN", "year": 2005, "gas": "co2"], context: TestEnv.context)
        #expect(co2.result?.json["estimate"] == "table" && co2.result?.json["year"]?.doubleValue == 2005)
        let sda = await reg.call("mrio_sda", arguments: ["from": 2005, "to": 2011, "region": "CHN"], context: TestEnv.context)
        let x = try #require(sda.result?.json["regions"]?[0], "\(String(describing: sda.error))")
        let parts = ["intensity", "leontief", "composition", "level", "direct_households"].map { x["components"]?[$0]?.doubleValue ?? .nan }
        let total = try #require(x["total_change"]?.doubleValue)
        #expect(abs(parts.reduce(0, +) - total) <= 1e-9 * abs(total))
        #expect(sda.result?.json["notes"]?.arrayValue?.contains { $0.stringValue?.contains("current prices") == true } == true)
        let badYear = await reg.call("panorama", arguments: ["year": 1990], context: TestEnv.context)
        #expect(badYear.error != nil && "\(badYear.error!)".contains("2000"))
        let badGas = await reg.call("mrio_sda", arguments: ["from": 2005, "to": 2011, "gas": "hfc"], context: TestEnv.context)
        #expect(badGas.error?.kind == .invalidInput)
    }

    @Test("lca_calculate sums items; a unit that does not convert is a unit mismatch; lca_study writes only inside the output folder")
    func lca() async throws {
        let c = await reg.call(
            "lca_calculate",
            arguments: [
                "items": [
                    ["process": "Portland cement, at plant", "amount": 1, "unit": "t"],
                    ["process": "Transport, combination truck, diesel powered", "amount": 50, "unit": "t*km"]
                ]
            ],
            context: TestEnv.context)
        let j = try #require(c.result?.json, "\(String(describing: c.error))")
        let items = try #require(j["items"]?.arrayValue)
        #expect(items[0]["amount"] == 1000)
        let sum = items.reduce(0.0) { $0 + ($1["kg_co2e"]?.doubleValue ?? 0) }
        #expect(abs(sum - (j["total_kg_co2e"]?.doubleValue ?? 0)) < 1e-9)
        let bad = await reg.call(
            "lca_calculate", arguments: ["process": "Portland cement, at plant", "amount": 1, "unit": "kWh"], context: TestEnv.context)
        #expect(bad.error?.kind == .unitMismatch)
        let study =
            "title: T\ngoal: G\nfunctional_unit: 1 kg cement\nreference: {process: \"Portland cement, at plant\", amount: 1, unit: kg}\nboundary: cradle-to-gate\n"
        let escape = await reg.call("lca_study", arguments: ["study": .string(study), "report_name": "../escape.md"], context: TestEnv.context)
        #expect(escape.error?.kind == .rejected)
        let ok = await reg.call(
            "lca_study", arguments: ["study": .string(study), "report_name": "unit-test.md", "appendix": "## Addendum\ntext"],
            context: TestEnv.context)
        let path = try #require(ok.result?.json["report_path"]?.stringValue, "\(String(describing: ok.error))")
        #expect(path.hasPrefix(TestEnv.outputDir.standardizedFileURL.path))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("## Addendum"))
        #expect(ok.result?.files == [path])
    }
}
