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
