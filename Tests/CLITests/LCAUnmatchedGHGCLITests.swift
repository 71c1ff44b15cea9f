import Foundation
import Testing
import YuhengTestSupport

/// Issue 18 item 4: `yuheng lca calculate` lists, after the result, the flows of the inventory that look like greenhouse
/// gases but got no factor (name, amount, unit); --json has them under `unmatched_ghg_flows`.
@Suite("yuheng lca calculate: greenhouse gases without a factor", .serialized)
struct LCAUnmatchedGHGCLITests {
    @Test("a process emitting ethane and propane (no factor in the bundled table) lists them, in text and in --json")
    func listed() async throws {
        let dir = CLI.databaseDir.appendingPathComponent("unmatched-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("db.sqlite").path
        let fixture = TestPaths.fixture("lca/unmatched-ghg.csv").path
        let imported = try await CLI.run(["lca", "import", fixture, "--id", "gasplant"], db: db)
        #expect(imported.status == 0, "stderr: \(imported.stderr)")

        let args = ["lca", "calculate", "--process", "Natural gas processing", "--lci", "gasplant"]
        let json = try await CLI.run(args + ["--json"], db: db)
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let flows = try #require(object["unmatched_ghg_flows"] as? [[String: Any]], "no unmatched_ghg_flows in \(json.stdout.prefix(400))")
        // Ethane and propane to air; not NMVOC (not a single gas), not ethane to water (not an emission to air).
        #expect(flows.map { $0["name"] as? String } == ["Ethane", "Propane"])
        #expect(flows.map { $0["amount"] as? Double } == [0.003, 0.001])
        #expect(flows.allSatisfy { $0["unit"] as? String == "kg" && $0["compartment"] as? String == "air" })
        // The characterised gases are counted as before: CO2 and fossil methane only.
        let byGas = try #require(object["by_gas_kg"] as? [String: Double])
        #expect(Set(byGas.keys) == ["CO2", "CH4"])

        let text = try await CLI.run(args, db: db)
        #expect(text.status == 0, "stderr: \(text.stderr)")
        let tail = try #require(text.stdout.components(separatedBy: "look like greenhouse gases but have no factor").last)
        #expect(text.stdout.contains("2 flow(s) of the inventory look like greenhouse gases but have no factor in ipcc-ar6-gwp100"))
        #expect(tail.contains("Ethane") && tail.contains("Propane") && tail.contains("0.003") && tail.contains("0.001") && tail.contains("kg"))
        #expect(!tail.contains("NMVOC"))
    }

    @Test("GWP values of the user's own (data import --kind gwp): a species added to AR6, a set the bundled table lacks, no override")
    func userGWP() async throws {
        let dir = CLI.databaseDir.appendingPathComponent("usergwp-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("db.sqlite").path
        #expect(try await CLI.run(["lca", "import", TestPaths.fixture("lca/unmatched-ghg.csv").path, "--id", "gasplant"], db: db).status == 0)
        let args = ["lca", "calculate", "--process", "Natural gas processing", "--lci", "gasplant", "--json"]
        func result(_ extra: [String] = []) async throws -> [String: Any] {
            let r = try await CLI.run(args + extra, db: db)
            #expect(r.status == 0, "stderr: \(r.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        }
        let before = try await result()
        let total0 = try #require(before["total"] as? Double)
        let gases = try #require(before["by_gas_kg"] as? [String: Double])

        // Ethane by its key, propane by its LCI name; AR5 GWP20 (values of AR5 WGI Table 8.A.1 as a user would type them).
        let csv = dir.appendingPathComponent("gwp.csv")
        try "species,set,metric,value\nC2H6,AR6,GWP100,0.437\nPropane,AR6,GWP100,0.02\nCH4,AR5,GWP20,84\nN2O,AR5,GWP20,264\n".write(
            to: csv, atomically: true, encoding: .utf8)
        let imported = try await CLI.run(
            ["data", "import", csv.path, "--kind", "gwp", "--id", "gwp-user", "--source", "test values", "--licence", "CC0-1.0"], db: db)
        #expect(imported.status == 0, "stderr: \(imported.stderr)")
        #expect(imported.stdout.contains("imported 4 GWP values") && imported.stdout.contains("AR5-GWP20"))

        // AR6 GWP100 now characterises ethane and propane, and names both datasets.
        let after = try await result()
        #expect(try #require(after["unmatched_ghg_flows"] as? [[String: Any]]).isEmpty)
        let byGas = try #require(after["by_gas_kg"] as? [String: Double])
        #expect(byGas["C2H6"] == 0.003 && byGas["C3H8"] == 0.001)
        let total1 = try #require(after["total"] as? Double)
        #expect(abs(total1 - (total0 + 0.003 * 0.437 + 0.001 * 0.02)) <= 1e-12)
        let ids = try #require(after["datasets"] as? [[String: Any]]).compactMap { $0["dataset_id"] as? String }
        #expect(ids.contains("gwp") && ids.contains("gwp-user"))

        // AR5 GWP20: CO2 counts 1, methane 84 (one value for every origin: the set has no fossil split).
        let ar5 = try await result(["--method", "ipcc-ar5-gwp20"])
        let total2 = try #require(ar5["total"] as? Double)
        #expect(abs(total2 - ((gases["CO2"] ?? 0) + (gases["CH4"] ?? 0) * 84)) <= 1e-12)
        #expect(try #require(ar5["datasets"] as? [[String: Any]]).compactMap { $0["dataset_id"] as? String }.contains("gwp-user"))

        // A value the bundled table gives is never overridden; the import stores nothing.
        let bad = dir.appendingPathComponent("bad.csv")
        try "species,set,metric,value\nSF6,AR5,GWP20,17500\nCH4,AR6,GWP100,30\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try await CLI.run(
            ["data", "import", bad.path, "--kind", "gwp", "--id", "gwp-bad", "--source", "s", "--licence", "l"], db: db)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bad.csv:3") && refused.stderr.contains("already gives CH4 AR6 GWP100 (27.9)"))
        let gwp = try await CLI.run(["gwp", "--set", "AR5-GWP20", "SF6", "--json"], db: db)
        #expect(gwp.status != 0, "SF6 AR5 GWP20 must not have been stored: \(gwp.stdout)")

        // Removing the dataset takes its values away again.
        #expect(try await CLI.run(["data", "remove", "gwp-user"], db: db).status == 0)
        let removed = try await result()
        #expect(try #require(removed["unmatched_ghg_flows"] as? [[String: Any]]).count == 2)
        #expect(try #require(removed["total"] as? Double) == total0)
    }

    @Test("a process whose greenhouse gases are all characterised lists none (an empty array in --json, nothing in text)")
    func none() async throws {
        let json = try await CLI.run(["lca", "calculate", "--process", "Electricity, bituminous coal, at power plant", "--json"])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let flows = try #require(object["unmatched_ghg_flows"] as? [[String: Any]])
        let text = try await CLI.run(["lca", "calculate", "--process", "Electricity, bituminous coal, at power plant"])
        #expect(flows.isEmpty == !text.stdout.contains("look like greenhouse gases but have no factor"))
    }
}
