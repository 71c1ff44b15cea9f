import Foundation
import GRDB
import Testing
import YuhengData
import YuhengTestSupport

/// Issue 16 item 8: every dataset shipped with Yuheng is registered when the database is created,
/// and `data list`, `data show` present all of them (the list readable in 120 columns).
@Suite("yuheng data list/show: every shipped dataset from the first start")
struct DataRegistryCLITests {
    @Test("a fresh database lists every shipped dataset right after creation, with version, source and licence")
    func freshListIsComplete() async throws {
        let db = ScratchFolder.newFolder("registry").appendingPathComponent("fresh.sqlite").path
        let o = try await YuhengBinary.run(["data", "list", "--json"], db: db)
        #expect(o.status == 0, "\(o.stderr)")
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [[String: Any]])
        let shipped = try ShippedDatasets.ids()
        #expect(shipped.count > 30, "the bundle declares \(shipped.count) datasets")
        #expect(Set(listed.compactMap { $0["id"] as? String }) == shipped)
        for d in listed {
            for field in ["version", "source", "licence", "title"] {
                #expect((d[field] as? String)?.isEmpty == false, "\(d["id"] ?? "?") has no \(field)")
            }
        }
        // The table: one line per dataset, none wider than 120 columns.
        let table = try await YuhengBinary.run(["data", "list"], db: db)
        let lines = table.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 120 }, "lines wider than 120: \(lines.filter { $0.count > 120 }.map(\.count))")
        for id in shipped { #expect(lines.contains { $0.hasPrefix(id + " ") }, "\(id) is not a row of the table") }
        #expect(table.stdout.contains("\(shipped.count) datasets"))
    }

    @Test(
        "data show gives provenance for the MRIO tables and aliases, CBAM defaults, nowcast inputs, inventory defaults, natural data and the LCI",
        arguments: ["wiod2011-co2", "wiod2005-ghg", "cbam-transitional-defaults", "worldbank-gdp", "ipcc-tier1-afolu", "gcb2024-luc", "uslci-1.5"])
    func show(id: String) async throws {
        let o = try await YuhengBinary.run(["data", "show", id], db: try TestDatabase.copy("show-\(id)"))
        #expect(o.status == 0, "\(o.stderr)")
        for field in ["version", "source", "licence", "history"] {
            #expect(o.stdout.split(separator: "\n").contains { $0.hasPrefix(field + " ") }, "\(id): no \(field) line")
        }
        // Either rows in the database or what the bundled files hold.
        #expect(o.stdout.contains("rows in ") || o.stdout.contains("contents "), "\(id): neither rows nor contents:\n\(o.stdout)")
        if id.hasPrefix("wiod") { #expect(o.stdout.contains("41 regions × 35 sectors")) }
    }

    static func historyCount(_ path: String) throws -> Int? {
        try YuhengDatabase.open(path: path, installBundled: false).writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM dataset_history") }
    }

    @Test("a second start writes nothing (the shipped datasets are checked against their manifests only)")
    func secondStartWritesNothing() async throws {
        let db = ScratchFolder.newFolder("registry-again").appendingPathComponent("y.sqlite").path
        let first = try await YuhengBinary.run(["data", "list", "--json"], db: db)
        #expect(first.status == 0)
        let history = try Self.historyCount(db)
        let start = Date()
        let again = try await YuhengBinary.run(["data", "list", "--json"], db: db)
        let seconds = Date().timeIntervalSince(start)
        #expect(again.stdout == first.stdout)
        let after = try Self.historyCount(db)
        #expect(after == history)
        print("data list on an existing database: \(String(format: "%.2f", seconds)) s (debug build)")
    }
}
