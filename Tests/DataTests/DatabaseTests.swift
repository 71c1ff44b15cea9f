import Foundation
import GRDB
import Testing
import YuhengTestSupport
import YuhengCore
import YuhengData
import YuhengInventory

@Suite("YuhengDatabase with the bundled datasets")
struct DatabaseTests {
    @Test("opening creates the file (and its folder) in WAL mode with integrity ok")
    func openCreatesWALDatabase() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let path = tmp.path("nested/folder/yuheng.sqlite")
        #expect(!FileManager.default.fileExists(atPath: path))
        let db = try YuhengDatabase.open(path: path)
        #expect(db.path == path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try db.journalMode == "wal")
        #expect(try db.integrityCheck() == "ok")
        // The file is a real SQLite 3 database.
        let header = try #require(FileManager.default.contents(atPath: path)).prefix(16)
        #expect(Array(header) == Array("SQLite format 3\0".utf8))
    }

    @Test("all bundled datasets are registered with full metadata and the documented checksum")
    func datasetsRegistered() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let manifest = try bundledManifestJSON()
        let entries = try #require(manifest["datasets"] as? [[String: Any]])
        let sums = try #require(manifest["sha256"] as? [String: String])
        #expect(entries.count == 14)

        // Every shipped dataset is registered (issue 16 item 8); those of manifest.json are checked here.
        let all = try db.datasets()
        #expect(Set(all.map(\.id)) == (try ShippedDatasets.ids()))
        let registered = all.filter { d in entries.contains { $0["id"] as? String == d.id } }
        #expect(registered.count == 14)
        #expect(Set(registered.map(\.id)) == Set(entries.compactMap { $0["id"] as? String }))
        for d in registered {
            #expect(!d.title.isEmpty, "\(d.id) title")
            #expect(!d.version.isEmpty, "\(d.id) version")
            #expect(!d.source.isEmpty, "\(d.id) source")
            #expect(!d.licence.isEmpty, "\(d.id) licence")
            #expect(d.date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, "\(d.id) date '\(d.date)' is not ISO 8601")
            #expect(d.checksum.wholeMatch(of: /[0-9a-f]{64}/) != nil, "\(d.id) checksum '\(d.checksum)'")
            #expect(try db.dataset(d.id) == d)

            // Metadata as in the manifest; checksum = SHA-256 over the files' SHA-256 lines.
            let entry = try #require(entries.first { $0["id"] as? String == d.id })
            #expect(d.title == entry["title"] as? String)
            #expect(d.version == entry["version"] as? String)
            #expect(d.licence == entry["licence"] as? String)
            #expect(d.date == entry["date"] as? String)
            let files = try #require(entry["files"] as? [String])
            var joined = ""
            for f in files {
                let bytes = [UInt8](try Data(contentsOf: bundledDirectory.appendingPathComponent(f)))
                let hex = SHA256.hex(bytes)
                #expect(hex == sums[f], "\(f) does not match manifest.json")
                joined += hex + "\n"
            }
            #expect(d.checksum == SHA256.hex(Array(joined.utf8)), "\(d.id)")
            #expect(try !db.rowCounts(dataset: d.id).isEmpty, "\(d.id) has no rows")
        }
        #expect(try db.dataset("no-such-dataset") == nil)
        let history = try db.writer.read { d in try Row.fetchAll(d, sql: "SELECT dataset_id, action FROM dataset_history") }
        #expect(history.count == all.count)
        #expect(history.allSatisfy { ($0["action"] as String) == "installed" })
    }

    @Test("a second open installs nothing and changes nothing")
    func secondOpenInstallsNothing() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        // A database that was filled by a first open (see openInstalledDatabase).
        let first = try openInstalledDatabase(in: tmp)
        let before = try snapshot(first)
        #expect(try first.datasets().count == (try ShippedDatasets.ids()).count)
        #expect(before["factors"]?.hasPrefix("0\n") == false)
        // The second open verifies the bundled checksums and finds everything up to date.
        let again = try YuhengDatabase.open(path: first.path)
        #expect(try snapshot(again) == before)
        #expect(try again.installBundledDatasets() == [])
        #expect(try again.installBundledDatasets(bundle: BundledDatasets(directory: bundledDirectory)) == [])
        #expect(try snapshot(again) == before)
        #expect(try again.integrityCheck() == "ok")
    }

    @Test("search 'natural gas residential' finds the 1A4b CH4 5 and N2O 0.1 kg/TJ factors")
    func searchResidentialGas() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let hits = try db.searchFactors("natural gas residential")
        let residential = hits.map(\.factor).filter { $0.table == "stationary" && $0.category == "1A4b" && $0.item == "natural_gas" }
        // IPCC 2006 Vol 2 Table 2.5, natural gas, residential: CH4 5, N2O 0.1 kg/TJ.
        let ch4 = try #require(residential.first { $0.gas == "CH4" })
        let n2o = try #require(residential.first { $0.gas == "N2O" })
        #expect(ch4.value == 5)
        #expect(n2o.value == 0.1)
        #expect(ch4.unit == "kg/TJ" && n2o.unit == "kg/TJ")
        #expect(ch4.datasetID == "ipcc2006-stationary")
        // Every hit contains all three words (AND of prefixes).
        for h in hits {
            let text = searchableText(h.factor)
            #expect(text.contains("natural") && text.contains("gas") && text.contains("residential"), "\(h.factor.description)")
            #expect(h.provenance.datasetID == h.factor.datasetID)
        }
        // Provenance comes from the registry.
        let registered = try #require(try db.dataset("ipcc2006-stationary"))
        let hit = try #require(hits.first { $0.factor == ch4 })
        #expect(hit.provenance == registered.provenance)
    }

    @Test("search 'lignite' finds the lignite NCV 11.9 GJ/t")
    func searchLignite() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let hits = try db.searchFactors("lignite", limit: 200).map(\.factor)
        // IPCC 2006 Vol 2 Table 1.2: lignite NCV 11.9 TJ/Gg.
        let ncv = try #require(hits.first { $0.table == "ncv" && $0.item == "lignite" })
        #expect(ncv.value == 11.9)
        #expect(ncv.unit == "GJ/t")
        #expect(ncv.low == 5.5 && ncv.high == 21.6)
        #expect(ncv.datasetID == "ipcc2006-fuels")
        #expect(hits.allSatisfy { searchableText($0).contains("lignite") })
    }

    @Test("search 'bituminous' returns exactly the rows whose text contains it")
    func searchBituminous() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let hits = try db.searchFactors("bituminous", limit: 10_000).map(\.factor)
        #expect(!hits.isEmpty)
        for f in hits {
            #expect(searchableText(f).contains("bituminous"), "\(f.table) \(f.item) \(f.description)")
        }
        // ...and it misses none: the same number as a plain substring scan of the table.
        let expected = try db.writer.read { d in
            try Int.fetchOne(
                d,
                sql: """
                    SELECT COUNT(*) FROM factors
                    WHERE lower(description || ' ' || item || ' ' || category || ' ' || tbl || ' ' || gas) LIKE '%bituminous%'
                    """) ?? -1
        }
        #expect(hits.count == expected)
        // The default limit applies.
        #expect(try db.searchFactors("bituminous", limit: 3).count == min(3, expected))
        #expect(try db.searchFactors("  ,;  ").isEmpty)
    }

    @Test("every row belongs to a registered dataset (no orphans)")
    func noOrphans() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        try db.writer.read { d in
            for table in ["factors", "gwp", "countries", "country_geometry", "national_emissions", "grid_intensity"] {
                let total = try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
                #expect(total > 0, "\(table) is empty")
                let orphans =
                    try Int.fetchOne(
                        d,
                        sql: """
                            SELECT COUNT(*) FROM \(table) t LEFT JOIN datasets ds ON ds.id = t.dataset_id WHERE ds.id IS NULL
                            """) ?? -1
                #expect(orphans == 0, "\(table) has \(orphans) orphan rows")
            }
            #expect(try Row.fetchAll(d, sql: "PRAGMA foreign_key_check").isEmpty)
            // Every factor is in the full-text index, and nothing else is.
            let factors = try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM factors") ?? -1
            let docs = try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM factors_fts_docsize") ?? -2
            #expect(factors == docs)
        }
        try checkFTSIntegrity(db)
    }

    @Test("row counts match the bundled files")
    func rowCounts() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let gwpRows = try bundledCSV("gwp.csv").rows.count
        #expect(try db.rowCounts(dataset: "gwp") == ["gwp": gwpRows, "factors": gwpRows])
        #expect(try db.rowCounts(dataset: "countries") == ["countries": bundledCSV("countries.csv").rows.count])
        let grid = try bundledCSV("grid_intensity.csv").rows.count
        #expect(try db.rowCounts(dataset: "grid-intensity") == ["grid_intensity": grid, "factors": grid])
        // GCB: one row per non-empty value of the three indicator columns.
        // (The value columns are the three after iso3, country, year; their names carry the unit.)
        let gcb = try bundledCSV("gcb2022_national.csv")
        #expect(Array(gcb.header.prefix(3)) == ["iso3", "country", "year"])
        let valueColumns = Array(gcb.header.dropFirst(3))
        #expect(valueColumns.count == 3)
        let cells = gcb.rows.reduce(0) { n, r in
            n + valueColumns.filter { !(r[$0] ?? "").isEmpty }.count
        }
        #expect(try db.rowCounts(dataset: "gcb2022-national") == ["national_emissions": cells])
        // Stationary: one factor per non-empty CH4 and N2O cell.
        let st = try bundledCSV("ipcc2006_stationary.csv")
        let stCells = st.rows.reduce(0) { n, r in n + ["ch4_kg_per_tj", "n2o_kg_per_tj"].filter { !(r[$0] ?? "").isEmpty }.count }
        #expect(try db.rowCounts(dataset: "ipcc2006-stationary") == ["factors": stCells])
        #expect(try db.rowCounts(dataset: "no-such-dataset") == [:])
    }

    @Test(
        "GCB territorial CO2 2020 for CHN, USA, JPN = source MtC × 3.664",
        .enabled(
            if: gcbSourceFile != nil,
            "the shared data folder ($YUHENG_SHARED or ../shared) with national_emissions/gcb2022v1.0_clean_long.csv is not available"))
    func gcbMatchesSource() throws {
        let source = try CSVTable(text: String(contentsOf: try #require(gcbSourceFile), encoding: .utf8))
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        for iso in ["CHN", "USA", "JPN"] {
            let row = try #require(source.rows.first { $0["iso3c"] == iso && $0["year"] == "2020" }, "\(iso) 2020 not in the source")
            let mtC = try #require(Double(row["gcb_ghg_territorial"] ?? ""), "\(iso) 2020 territorial is not a number")
            let expected = mtC * 3.664 // GCB's own C → CO2 factor
            let figures = try db.nationalEmissions(year: 2020, iso3: iso)
            let territorial = try #require(figures.first { $0.indicator == "territorial_co2" }, "\(iso) territorial_co2 2020 missing")
            // Stored rounded to 6 significant figures: relative error at most 5e-6.
            #expect(
                relativelyClose(territorial.value, expected, rel: 5e-6),
                "\(iso): stored \(territorial.value), source \(mtC) MtC × 3.664 = \(expected)")
            #expect(territorial.unit == "Mt")
            #expect(territorial.year == 2020 && territorial.iso3 == iso && territorial.datasetID == "gcb2022-national")
            // Consumption-based too, where the source has it.
            if let c = row["gcb_ghg_consumption"].flatMap(Double.init), let stored = figures.first(where: { $0.indicator == "consumption_co2" }) {
                #expect(relativelyClose(stored.value, c * 3.664, rel: 5e-6), "\(iso) consumption")
            }
        }
        // China is a net exporter of embodied emissions, the USA a net importer (GCB definition).
        let chnTransfer = try #require(try db.nationalEmissions(year: 2020, iso3: "CHN").first { $0.indicator == "transfer_co2" })
        let usaTransfer = try #require(try db.nationalEmissions(year: 2020, iso3: "USA").first { $0.indicator == "transfer_co2" })
        #expect(chnTransfer.value > 0)
        #expect(usaTransfer.value < 0)
    }

    @Test("grid intensity for CHN exists, is positive and matches the bundled file")
    func gridIntensity() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let chn = try db.gridIntensity(iso3: "CHN")
        #expect(chn.count == 1)
        let first = try #require(chn.first)
        #expect(first.gPerKWh > 0)
        let fileRow = try #require(try bundledCSV("grid_intensity.csv").rows.first { $0["iso3"] == "CHN" })
        #expect(first.gPerKWh == Double(fileRow["g_co2e_per_kwh"] ?? ""))
        #expect(first.year == Int(fileRow["year"] ?? ""))
        #expect(try db.gridIntensity().count == bundledCSV("grid_intensity.csv").rows.count)
        #expect(try db.gridIntensity(iso3: "XXX").isEmpty)
    }

    @Test("countries carry ISO 3166-1 alpha-2 and numeric codes")
    func countries() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let all = try db.countries()
        // ISO 3166-1: China CN 156, United States US 840, Germany DE 276.
        for (iso3, iso2, numeric) in [("CHN", "CN", "156"), ("USA", "US", "840"), ("DEU", "DE", "276")] {
            let c = try #require(all.first { $0.iso3 == iso3 }, "\(iso3) missing")
            #expect(c.iso2 == iso2)
            #expect(c.numeric == numeric)
            #expect(!c.name.isEmpty)
        }
        #expect(all.allSatisfy { Region.isISO3($0.iso3) })
        #expect(Set(all.map(\.iso3)).count == all.count)
        #expect(all.count >= 249)
    }

    @Test("country geometry: at least 170 countries with non-empty polygons")
    func geometry() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let geo = try db.countryGeometry()
        #expect(geo.count >= 170)
        for iso in ["CHN", "USA", "DEU", "BRA", "AUS"] {
            #expect(geo[iso] != nil, "\(iso) has no outline")
        }
        for (iso, g) in geo {
            #expect(!g.polygons.isEmpty, "\(iso) has no polygons")
            for polygon in g.polygons {
                #expect(!polygon.isEmpty, "\(iso) has an empty polygon")
                for ring in polygon {
                    #expect(ring.count >= 3, "\(iso) has a ring with \(ring.count) points")
                    let ok = ring.allSatisfy { $0.count == 2 && abs($0[0]) <= 180 && abs($0[1]) <= 90 }
                    #expect(ok, "\(iso) has a point that is not [lon, lat]")
                }
            }
        }
    }

    @Test("stationary natural-gas N2O is 0.1 kg/TJ in every table (corrected transcription)")
    func naturalGasN2O() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let rows = try db.factorRecords(tables: ["stationary"]).filter { $0.item == "natural_gas" && $0.gas == "N2O" }
        // IPCC 2006 Vol 2 Tables 2.2–2.5 give 0.1 kg N2O/TJ for natural gas in all categories.
        #expect(Set(rows.map(\.category)) == ["1A1", "1A2", "1A4a", "1A4b", "1A4c"])
        #expect(rows.count == 5)
        for r in rows {
            #expect(r.value == 0.1, "\(r.category): \(r.value)")
            #expect(r.unit == "kg/TJ")
        }
        // The same through the inventory factor library.
        let lib = try db.inventoryFactors()
        let n2o = lib.stationary.filter { $0.key.hasSuffix("|natural_gas|N2O") }
        #expect(n2o.count == 5)
        #expect(n2o.values.allSatisfy { $0.value == 0.1 })
    }

    @Test("the GWP library from the database matches gwp.csv")
    func gwpLibrary() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let lib = try db.gwpLibrary()
        let rows = try bundledCSV("gwp.csv").rows
        for r in rows {
            let set = try lib.set(named: "\(r["set"] ?? "")-\(r["metric"] ?? "")")
            #expect(set.values[Gas(r["species"] ?? "").name] == Double(r["value"] ?? ""), "gwp.csv line \(r.line)")
        }
        let ar5 = try lib.set(named: "AR5")
        #expect(try ar5.factor(for: .ch4) == 28)
        #expect(try ar5.factor(for: .n2o) == 265)
        #expect(ar5.provenance?.datasetID == "gwp")
    }

    @Test("inventory factors carry the IPCC fuel properties of ipcc2006_fuels.csv")
    func inventoryFactors() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let lib = try db.inventoryFactors()
        let fuels = try bundledCSV("ipcc2006_fuels.csv").rows
        #expect(lib.fuels.count == fuels.count)
        for row in fuels {
            let id = row["fuel"] ?? ""
            let f = try #require(lib.fuels[id], "\(id) missing")
            #expect(f.ncv?.value == Double(row["ncv_gj_per_t"] ?? ""), "\(id) NCV")
            #expect(f.co2?.value == Double(row["co2_kg_per_tj"] ?? ""), "\(id) CO2")
            #expect(f.biogenic == (row["biogenic"] == "true"), "\(id) biogenic")
        }
        #expect(lib.provenance["ipcc2006-fuels"] != nil)
    }
}

/// The text the full-text index covers, lower-cased.
func searchableText(_ f: FactorRecord) -> String {
    [f.description, f.item, f.category, f.table, f.gas].joined(separator: " ").lowercased()
}

@Suite("Database snapshots for tasks on other hosts")
struct SnapshotTests {
    /// The SQLite header's read/write format bytes (18, 19): 1 = rollback journal, 2 = WAL.
    func headerFormat(_ path: String) throws -> [UInt8] {
        let h = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? h.close() }
        let bytes = [UInt8](h.readData(ofLength: 20))
        return Array(bytes[18..<20])
    }

    @Test(
        "a snapshot is a rollback-journal copy with the same data, opened read-only without WAL files; stored relative paths resolve against the original folder"
    )
    func snapshot() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try YuhengDatabase.open(path: tmp.path("live/yuheng.sqlite"))
        #expect(try headerFormat(db.path) == [2, 2]) // the live database is in WAL mode
        try FileManager.default.createDirectory(atPath: tmp.path("jobs"), withIntermediateDirectories: true)
        let target = tmp.path("jobs/database.sqlite")
        let bytes = try db.snapshot(to: target)
        #expect(bytes > 0)
        #expect(try headerFormat(target) == [1, 1])
        let copy = try YuhengDatabase.openSnapshot(path: target, baseFolder: db.baseFolder)
        #expect(try copy.datasets().map(\.id) == db.datasets().map(\.id))
        #expect(try copy.journalMode == "delete")
        #expect(copy.baseFolder.standardizedFileURL.path == URL(fileURLWithPath: tmp.path("live")).standardizedFileURL.path)
        // Read-only: a write is refused, and no -wal or -shm file appears beside the snapshot.
        #expect(throws: (any Error).self) { try copy.writer.write { try $0.execute(sql: "DELETE FROM datasets") } }
        #expect(!FileManager.default.fileExists(atPath: target + "-wal") && !FileManager.default.fileExists(atPath: target + "-shm"))
        // A second snapshot replaces the first; a missing folder is a clear error.
        #expect(try db.snapshot(to: target) == bytes)
        #expect { try db.snapshot(to: tmp.path("no-such-folder/db.sqlite")) } throws: { ($0 as? DataError)?.code == .cannotOpen }
        #expect { try YuhengDatabase.openSnapshot(path: tmp.path("jobs/missing.sqlite")) } throws: { ($0 as? DataError)?.code == .cannotOpen }
    }
}
