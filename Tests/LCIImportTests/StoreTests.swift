import Foundation
import GRDB
import Testing
import YuhengCore
import YuhengData
import YuhengLCA

func testInfo(_ id: String) -> DatasetInfo {
    DatasetInfo(id: id, title: "Test \(id)", version: "1", source: "test", licence: "CC0", date: "2025-01-01")
}

/// Row counts of the LCI tables for one dataset (0 when the tables do not exist).
func lciRowCounts(_ db: YuhengDatabase, _ id: String) throws -> [String: Int] {
    try db.writer.read { d in
        var out: [String: Int] = [:]
        for t in ["lci_databases", "lci_unit_groups", "lci_flow_properties", "lci_flows", "lci_processes", "lci_exchanges"] {
            let exists = try Bool.fetchOne(d, sql: "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE name = ?)", arguments: [t]) ?? false
            out[t] = exists ? try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM \(t) WHERE dataset_id = ?", arguments: [id]) ?? 0 : 0
        }
        return out
    }
}

/// FTS5's own check that the search index matches lci_processes (throws when it does not).
func checkSearchIndex(_ db: YuhengDatabase) throws {
    try db.writer.write { d in try d.execute(sql: "INSERT INTO lci_process_search(lci_process_search) VALUES ('integrity-check')") }
}

@Suite("LCI store in SQLite")
struct StoreTests {
    @Test func csvRoundTripAndSearch() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = try YuhengDatabase.open(path: tmp.sub("y.sqlite").path, installBundled: false)
        #expect(try db.lciDatabases().isEmpty)
        #expect(try db.searchProcesses("bread").isEmpty) // no tables yet
        let (lci, _) = try LCICSVReader.read(text: bakeryCSV, fileName: "bakery.csv")
        try db.saveLCI(lci, info: testInfo("bakery"))
        expectSameDatabase(lci, try db.loadLCI(id: "bakery"))
        #expect(try db.lciDatabases().map(\.id) == ["bakery"])
        #expect(try db.lciDatabases().map(\.processes) == [2])
        let info = try #require(try db.dataset("bakery"))
        #expect(info.checksum == (try LCIStore.contentChecksum(lci)))
        let hits = try db.searchProcesses("bread bakery")
        #expect(hits.count == 1)
        #expect(hits.first?.processID == "bread" && hits.first?.datasetID == "bakery" && hits.first?.name == "Bread, at bakery")
        #expect(hits.first?.location == "DE" && hits.first?.referenceUnit == "kg")
        #expect(try db.searchProcesses("mill").map(\.processID) == ["flour"]) // prefix match: "milling"
        #expect(try db.searchProcesses("de").count == 2) // location
        #expect(try db.searchProcesses("  ").isEmpty)
        #expect(try db.searchProcesses("bread", limit: 0).isEmpty)
        // Saving again replaces; removing the dataset removes its rows and search entries.
        try db.saveLCI(lci, info: testInfo("bakery"))
        #expect(try lciRowCounts(db, "bakery")["lci_exchanges"] == 11)
        try checkSearchIndex(db)
        try db.removeDataset("bakery")
        try checkSearchIndex(db) // the cascade's delete triggers kept the index in step
        #expect(try db.lciDatabases().isEmpty)
        #expect(try db.searchProcesses("bread").isEmpty)
        #expect(try lciRowCounts(db, "bakery").values.allSatisfy { $0 == 0 })
        do { _ = try db.loadLCI(id: "bakery"); Issue.record("loaded a removed dataset") } catch let e as DataError {
            #expect(e.code == .unknownDataset)
        }
    }

    @Test func usLCIRoundTrip() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = try YuhengDatabase.open(path: tmp.sub("y.sqlite").path, installBundled: false)
        var uslci: LCIDatabase? = nil
        let loadSeconds = try LCI.seconds { uslci = try BundledLCI.load() }
        let lci = try #require(uslci)
        var installed = false
        let saveSeconds = try LCI.seconds { installed = try BundledLCI.install(in: db) }
        #expect(installed)
        #expect(try BundledLCI.install(in: db) == false) // same version: skipped
        var back: LCIDatabase? = nil
        let readSeconds = try LCI.seconds { back = try db.loadLCI(id: "uslci-1.5") }
        print(
            String(
                format: "US LCI: bundled load %.2f s, save to SQLite %.2f s, load from SQLite %.2f s (debug build)", loadSeconds, saveSeconds,
                readSeconds))
        expectSameDatabase(lci, try #require(back))
        #expect(try db.lciDatabases().first { $0.id == "uslci-1.5" }?.processes == 766)
        let info = try #require(try db.dataset("uslci-1.5"))
        #expect(info.licence.contains("MIT") && info.date == "2024-10-17")
        #expect(try lciRowCounts(db, "uslci-1.5")["lci_exchanges"] == 32526)

        let hits = try db.searchProcesses("electricity bituminous coal", limit: 10)
        let coal = try #require(hits.first { $0.name == "Electricity, bituminous coal, at power plant" })
        #expect(coal.processID == "66280f03-b26f-35c4-bda2-3d4a8652943a")
        #expect(coal.referenceUnit == "MJ") // results are per MJ, although the reference exchange is 1 kWh
        #expect(coal.location == "RNA")
        #expect(coal.datasetID == "uslci-1.5")
        #expect(hits.count <= 10)
        #expect(try db.searchProcesses("SRVC 2010").contains { $0.name == "Electricity, at eGrid, SRVC, 2010" })
    }

    @Test(.enabled(if: LCI.sharedAvailable, "../shared is absent"))
    func zipImportRoundTripKeepsEverything() throws {
        // The full import (with descriptions, documentation and exchange comments) survives the store unchanged.
        let (lci, _, _) = try #require(LCI.uslci)
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = try YuhengDatabase.open(path: tmp.sub("y.sqlite").path, installBundled: false)
        try db.saveLCI(lci, info: testInfo("uslci-zip"))
        expectSameDatabase(lci, try db.loadLCI(id: "uslci-zip"))
    }

    @Test func failedSaveLeavesTheDatabaseAsItWas() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = try YuhengDatabase.open(path: tmp.sub("y.sqlite").path, installBundled: false)
        let (good, _) = try LCICSVReader.read(text: bakeryCSV, fileName: "bakery.csv")
        try db.saveLCI(good, info: testInfo("bakery"))
        let before = try db.dataset("bakery")
        let historyBefore = try db.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM dataset_history") }

        // A database that fails midway: the last process's last exchange has a non-finite amount, so the
        // unit groups, flows, the first process and its exchanges are already written when it fails.
        var bad = good
        bad.name = "broken"
        let last = bad.processes.count - 1
        bad.processes[last].exchanges[bad.processes[last].exchanges.count - 1].amount = .nan
        bad.processes[0].name = "Renamed bread"

        // Replacing the existing dataset fails and keeps the old version.
        let e = try #require(lcaError { try db.saveLCI(bad, info: testInfo("bakery")) })
        #expect(e.code == .invalidAmount && e.entity == bad.processes[last].name)
        expectSameDatabase(good, try db.loadLCI(id: "bakery"))
        #expect(try db.dataset("bakery") == before)
        #expect(try db.searchProcesses("renamed").isEmpty)
        #expect(try db.searchProcesses("bread").map(\.name) == ["Bread, at bakery"])

        // A new dataset that fails leaves no trace.
        _ = try #require(lcaError { try db.saveLCI(bad, info: testInfo("broken")) })
        #expect(try db.dataset("broken") == nil)
        #expect(try lciRowCounts(db, "broken").values.allSatisfy { $0 == 0 })
        #expect(try db.lciDatabases().map(\.id) == ["bakery"])
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM dataset_history") } == historyBefore)
        #expect(try db.integrityCheck() == "ok")
        try checkSearchIndex(db)

        // A failure before any LCI table existed leaves no tables behind either.
        let fresh = try YuhengDatabase.open(path: tmp.sub("fresh.sqlite").path, installBundled: false)
        _ = try #require(lcaError { try fresh.saveLCI(bad, info: testInfo("broken")) })
        let tables = try fresh.writer.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'lci%'") }
        #expect(tables.isEmpty)
        #expect(try fresh.lciDatabases().isEmpty)

        // Invalid dataset ids are refused before anything is written.
        do { try db.saveLCI(good, info: testInfo("no spaces")); Issue.record("accepted a bad id") } catch let e as DataError {
            #expect(e.code == .invalidValue)
        }
    }
}
