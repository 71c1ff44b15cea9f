import Foundation
import YuhengCore
import Testing
import YuhengTestSupport

/// Runs the real `yuheng` binary (built next to the test bundle) against a database in a
/// temporary folder, as a user would: thin names over YuhengTestSupport's ``YuhengBinary``.
enum CLI {
    static var packageRoot: URL { TestPaths.packageRoot }

    static var binary: URL { YuhengBinary.url }

    static let databaseDir: URL = ScratchFolder.newFolder("cli")

    /// The suites' shared database (created by the binary on first use, as a user's is).
    static let db = databaseDir.appendingPathComponent("cli.sqlite").path

    typealias Output = ProcessOutput

    /// Runs the binary with `--db db` (none when nil), waiting on a thread of its own.
    static func run(_ args: [String], db: String? = CLI.db) async throws -> Output {
        try await YuhengBinary.run(args, db: db)
    }

    /// Runs the binary with its own environment: `environment` set on top of this process's
    /// (or as the whole environment with `inheriting: false`), `removing` taken out of it.
    static func run(_ args: [String], environment: [String: String], inheriting: Bool = true, removing: [String] = []) throws -> Output {
        let o = try ProcessRunner.runBlocking(
            binary.path, args, environment: environment, inheriting: inheriting, removing: removing, directory: packageRoot)
        return Output(status: o.status, stdout: o.stdout, stderr: o.stderr)
    }

    static func runBlocking(_ args: [String], db: String?) throws -> Output {
        try YuhengBinary.runBlocking(args, db: db)
    }

    static func json(_ args: [String]) async throws -> Any {
        let o = try await run(args)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        return try JSONSerialization.jsonObject(with: Data(o.stdout.utf8))
    }
}

@Suite("yuheng command line", .serialized)
struct CLITests {
    @Test("inventory ipcc-1.csv --gwp AR5 --json prints total_co2e_t 301320.29")
    func inventoryJSON() async throws {
        let obj = try #require(try await CLI.json(["inventory", "examples/inventory/ipcc-1.csv", "--gwp", "AR5", "--json"]) as? [String: Any])
        let total = try #require(obj["total_co2e_t"] as? Double)
        #expect(abs(total - 301_320.29) < 0.01)
        let byGas = try #require(obj["by_gas_t"] as? [String: Double])
        #expect(abs((byGas["CO2"] ?? 0) - 300_168) < 1e-6)
        #expect(obj["by_category"] is [String: Any])
        #expect(obj["uncertainty_pct"] is Double)
        #expect(obj["gwp"] as? String == "AR5 GWP100")
        let datasets = try #require(obj["datasets"] as? [[String: Any]])
        #expect(datasets.contains { $0["dataset_id"] as? String == "gwp" })
    }

    @Test("inventory with AR6 gives 301358.49")
    func inventoryAR6() async throws {
        let obj = try #require(try await CLI.json(["inventory", "examples/inventory/ipcc-1.csv", "--gwp", "AR6", "--json"]) as? [String: Any])
        #expect(abs((obj["total_co2e_t"] as? Double ?? 0) - 301_358.49) < 0.01)
    }

    @Test("inventory prints a readable table by default")
    func inventoryTable() async throws {
        let o = try await CLI.run(["inventory", "examples/inventory/ipcc-6.csv"])
        #expect(o.status == 0)
        #expect(o.stdout.contains("768,168.00"))
        #expect(o.stdout.contains("±3.78 %"))
        #expect(o.stdout.contains("Cement production"))
    }

    @Test("a bad activity file fails with file, line, field and a suggestion; exit code 1")
    func inventoryError() async throws {
        let file = CLI.databaseDir.appendingPathComponent("bad.csv")
        try "id,category,method,item,amount,unit\nok,1A1,stationary,natural_gas,10,TJ\nbad,1A1,stationary,natural_gas,-5,TJ\n".write(
            to: file, atomically: true, encoding: .utf8)
        let o = try await CLI.run(["inventory", file.path])
        #expect(o.status == 1)
        #expect(o.stderr.contains("bad.csv:3"))
        #expect(o.stderr.contains("field 'amount'"))
        #expect(o.stdout.isEmpty)
    }

    @Test("inventory on the national demonstration: every year, trend with uncertainty, key categories; --json, --previous and --report crt")
    func inventorySeries() async throws {
        let o = try await CLI.run(["inventory", "examples/inventory/national-demo.csv"])
        #expect(o.status == 0, "\(o.stderr)")
        for s in ["2020", "2021", "2022", "Trend 2020 → 2022", "percentage points", "Key categories", "Managed waste disposal sites"] {
            #expect(o.stdout.contains(s), "\(s)")
        }
        let obj = try #require(
            try await CLI.json(["inventory", "examples/inventory/national-demo.csv", "--json", "--base-year", "2021"]) as? [String: Any])
        #expect(obj["base_year"] as? Int == 2021 && obj["year"] as? Int == 2022)
        #expect((obj["years"] as? [[String: Any]])?.count == 3)
        let key = try #require(obj["key_categories"] as? [[String: Any]])
        #expect(key.contains { $0["approach"] as? Int == 1 } && key.contains { $0["approach"] as? Int == 2 })
        #expect((obj["trend"] as? [String: Any])?["uncertainty_pct_points"] is Double)
        // a previous submission with one line changed
        let prev = CLI.databaseDir.appendingPathComponent("previous.csv")
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("examples/inventory/national-demo.csv"), encoding: .utf8)
        try text.replacingOccurrences(of: "lime,2021,2.A.2,lime,high_calcium,", with: "lime,2021,2.A.2,lime,high_calcium,1").write(
            to: prev, atomically: true, encoding: .utf8)
        let r = try #require(
            try await CLI.json(["inventory", "examples/inventory/national-demo.csv", "--json", "--previous", prev.path]) as? [String: Any])
        let rc = try #require(r["recalculations"] as? [[String: Any]])
        #expect(rc.contains { $0["year"] as? Int == 2021 && $0["category"] as? String == "2.A.2" })
        let out = CLI.databaseDir.appendingPathComponent("crt")
        let rep = try await CLI.run(["inventory", "examples/inventory/national-demo.csv", "--report", "crt", "--out", out.path])
        #expect(rep.status == 0)
        for f in ["crt_summary1_2022.csv", "crt_summary2_2022.csv", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "\(f)")
        }
    }

    @Test("an unknown GWP set lists the available ones")
    func unknownGWP() async throws {
        let o = try await CLI.run(["inventory", "examples/inventory/ipcc-1.csv", "--gwp", "AR9"])
        #expect(o.status == 1)
        #expect(o.stderr.contains("AR5"))
    }

    @Test("data list shows the bundled datasets with licence; --json is machine-readable")
    func dataList() async throws {
        let o = try await CLI.run(["data", "list"])
        #expect(o.status == 0)
        #expect(o.stdout.contains("gcb2022-national"))
        #expect(o.stdout.contains("CC-BY-4.0"))
        let arr = try #require(try await CLI.json(["data", "list", "--json"]) as? [[String: Any]])
        #expect(arr.count >= 10)
        #expect(arr.allSatisfy { ($0["licence"] as? String)?.isEmpty == false && ($0["checksum"] as? String)?.count == 64 })
    }

    @Test("data show gives provenance and row counts")
    func dataShow() async throws {
        let obj = try #require(try await CLI.json(["data", "show", "ipcc2006-stationary", "--json"]) as? [String: Any])
        let ds = try #require(obj["dataset"] as? [String: Any])
        #expect(ds["id"] as? String == "ipcc2006-stationary")
        let rows = try #require(obj["rows"] as? [String: Int])
        #expect((rows["factors"] ?? 0) > 100)
        let missing = try await CLI.run(["data", "show", "no-such-dataset"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("known datasets"))
    }

    @Test("factors search finds the residential natural gas factors")
    func factorSearch() async throws {
        let arr = try #require(try await CLI.json(["factors", "search", "natural gas residential", "--json"]) as? [[String: Any]])
        let factors = arr.compactMap { $0["factor"] as? [String: Any] }
        let n2o = factors.first {
            $0["table"] as? String == "stationary" && $0["category"] as? String == "1A4b" && $0["gas"] as? String == "N2O"
                && $0["item"] as? String == "natural_gas"
        }
        #expect(n2o?["value"] as? Double == 0.1)
        let table = try await CLI.run(["factors", "search", "lignite"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("11.9"))
    }

    @Test("a corrupt database file is reported and left untouched")
    func corruptDatabase() async throws {
        let path = CLI.databaseDir.appendingPathComponent("corrupt.sqlite").path
        let junk = Data((0..<4096).map { UInt8(($0 * 7919) % 251) })
        _ = FileManager.default.createFile(atPath: path, contents: junk)
        let o = try await CLI.run(["data", "list"], db: path)
        #expect(o.status == 1)
        #expect(o.stderr.contains("not a valid Yuheng database"))
        #expect(FileManager.default.contents(atPath: path) == junk)
    }

    @Test("several commands starting at once on a new database all succeed, and the bundled data are installed once")
    func concurrentFirstStart() async throws {
        let path = CLI.databaseDir.appendingPathComponent("concurrent-\(UUID().uuidString).sqlite").path
        // Four processes started together, each waited for on a thread of its own.
        let outputs = try await withThrowingTaskGroup(of: ProcessOutput.self) { group in
            for _ in 0..<4 { group.addTask { try await YuhengBinary.run(["data", "list", "--json"], db: path) } }
            return try await group.reduce(into: [ProcessOutput]()) { $0.append($1) }
        }
        for o in outputs { #expect(o.status == 0, "\(o.stderr)") }
        let hist = try await CLI.run(["data", "show", "gwp", "--json"], db: path)
        #expect(hist.status == 0, "\(hist.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(hist.stdout.utf8)) as? [String: Any]
        let history = obj?["history"] as? [[String: Any]] ?? []
        #expect(history.count == 1, "installed \(history.count) times: \(history)")
    }

    @Test("gwp shows AR6 fossil and non-fossil methane")
    func gwp() async throws {
        let o = try await CLI.run(["gwp", "--set", "AR6"])
        #expect(o.status == 0)
        #expect(o.stdout.contains("29.8"))
        #expect(o.stdout.contains("27"))
    }
}
