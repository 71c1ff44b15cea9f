import Foundation
import Testing

/// `yuheng lca import` through the real binary: the formats reach ``LCIImporter``, and a failed
/// import leaves the database as it was, with the same exit status with and without --json.
@Suite("yuheng lca import", .serialized)
struct LCAImportCLITests {
    static let brightwayCSV = SharedData.root.appendingPathComponent("data/lci/bw2io_example_uslci_subset.csv")
    static var haveCSV: Bool { FileManager.default.fileExists(atPath: brightwayCSV.path) }

    func freshDB(_ name: String) throws -> String {
        let dir = CLI.databaseDir.appendingPathComponent("lca-import-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("db.sqlite").path
    }

    func state(_ db: String) async throws -> String {
        let list = try await CLI.run(["data", "list", "--json"], db: db)
        let dbs = try await CLI.run(["lca", "databases"], db: db)
        return list.stdout + dbs.stdout
    }

    @Test("a Brightway CSV is detected by content and imported; --format brightway-csv names it", .enabled(if: haveCSV, "bw2io example CSV absent"))
    func brightway() async throws {
        let db = try freshDB("bw")
        let text = try await CLI.run(["lca", "import", Self.brightwayCSV.path, "--id", "bw-auto"], db: db)
        #expect(text.status == 0, "stderr: \(text.stderr)")
        #expect(text.stdout.contains("read as brightway-csv") && text.stdout.contains("stored as LCI database 'bw-auto'"))
        let forced = try await CLI.run(["lca", "import", Self.brightwayCSV.path, "--id", "bw-forced", "--format", "brightway-csv", "--json"], db: db)
        #expect(forced.status == 0, "stderr: \(forced.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(forced.stdout.utf8))) is [String: Any])
        let list = try await CLI.run(["lca", "databases"], db: db).stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        for id in ["bw-auto", "bw-forced"] {
            let entry = try #require(list.first { $0.first == id }, "\(id) not listed")
            #expect(entry.dropFirst().first == "3")
        }
        let calc = try await CLI.run(["lca", "calculate", "--process", "Methanol, at plant", "--lci", "bw-auto", "--json"], db: db)
        #expect(calc.status == 0, "stderr: \(calc.stderr)")
    }

    @Test("a failed import stores nothing and exits 1, with and without --json", .enabled(if: haveCSV, "bw2io example CSV absent"))
    func failedImport() async throws {
        let db = try freshDB("fail")
        _ = try await CLI.run(["lca", "import", Self.brightwayCSV.path, "--id", "kept"], db: db)
        _ = try await state(db) // `lca databases` installs the bundled US LCI on first use
        let before = try await state(db)
        let tmp = CLI.databaseDir.appendingPathComponent("lca-bad-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("processes"), withIntermediateDirectories: true)
        try "{ not json".write(to: tmp.appendingPathComponent("processes/p.json"), atomically: true, encoding: .utf8)
        let cases: [[String]] = [[Self.brightwayCSV.path, "--format", "jsonld"], [Self.brightwayCSV.path, "--format", "ecospold2"], [tmp.path]]
        for c in cases {
            for id in ["kept", "new"] {
                let plain = try await CLI.run(["lca", "import"] + c + ["--id", id], db: db)
                let json = try await CLI.run(["lca", "import"] + c + ["--id", id, "--json"], db: db)
                #expect(plain.status == 1 && json.status == 1, "\(c): \(plain.status) / \(json.status)")
                #expect(try await state(db) == before, "\(c) \(id) changed the database")
            }
        }
        let unknown = try await CLI.run(["lca", "import", Self.brightwayCSV.path, "--format", "simapro"], db: db)
        #expect(unknown.status != 0 && unknown.stderr.contains("brightway-csv"))
    }
}
