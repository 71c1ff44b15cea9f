import Foundation
import GRDB
import Testing
import YuhengNumerics
import YuhengCore
import YuhengData
import YuhengTestSupport

/// A way to spoil one row of a user factor file, and the field the error must name.
enum BadRow: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case valueNotANumber
    case valueNotFinite
    case unknownUnit
    case lowAboveValue
    case missingItem

    var field: String {
        switch self {
        case .valueNotANumber, .valueNotFinite: "value"
        case .unknownUnit: "unit"
        case .lowAboveValue: "low"
        case .missingItem: "item"
        }
    }

    var testDescription: String { rawValue }
}

/// A user factor file (`table,category,item,qualifier,gas,value,low,high,unit,description`) with
/// `rows` data rows; data row i is on line i + 1. Descriptions contain `word` and a quoted comma.
func userFactorCSV(rows: Int, word: String, valueOffset: Double = 0, bad: (row: Int, kind: BadRow)? = nil) -> String {
    var text = "table,category,item,qualifier,gas,value,low,high,unit,description\n"
    for i in 1...rows {
        let v = Double(i) + 0.5 + valueOffset
        var item = "fuel_\(i)", value = "\(v)", low = "\(v - 0.25)", high = "\(v + 0.25)", unit = "kg/TJ"
        if let b = bad, b.row == i {
            switch b.kind {
            case .valueNotANumber: value = "abc"
            case .valueNotFinite: value = "inf"
            case .unknownUnit: unit = "kg/furlong"
            case .lowAboveValue: low = "\(v + 0.1)"; high = "\(v + 1)"
            case .missingItem: item = ""
            }
        }
        text += "user_ef,1A\(i % 5),\(item),,CO2,\(value),\(low),\(high),\(unit),\"\(word) test factor \(i), from a user file\"\n"
    }
    return text
}

func userInfo(_ id: String, version: String = "1") -> DatasetInfo {
    DatasetInfo(id: id, title: "Test factors \(id)", version: version, source: "unit test", licence: "CC0-1.0", date: "2024-01-01")
}

@Suite("Transactional imports")
struct TransactionTests {
    @Test("a valid user factor file is imported, and a valid new version replaces it")
    func validImport() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let text = userFactorCSV(rows: 60, word: "quokkafactor")
        #expect(try db.importFactorCSV(text: text, fileName: "mine.csv", info: userInfo("my-factors")) == 60)

        let info = try #require(try db.dataset("my-factors"))
        #expect(info.title == "Test factors my-factors")
        #expect(info.checksum == SHA256.hex(Array(text.utf8)))
        #expect(try db.rowCounts(dataset: "my-factors") == ["factors": 60])
        let rows = try db.factorRecords(tables: ["user_ef"])
        #expect(rows.count == 60)
        let row7 = try #require(rows.first { $0.item == "fuel_7" })
        #expect(row7.value == 7.5 && row7.low == 7.25 && row7.high == 7.75)
        #expect(row7.unit == "kg/TJ" && row7.gas == "CO2" && row7.category == "1A2")
        #expect(row7.description == "quokkafactor test factor 7, from a user file")
        #expect(row7.datasetID == "my-factors")
        let hits = try db.searchFactors("quokkafactor", limit: 1000)
        #expect(hits.count == 60)
        #expect(hits.allSatisfy { $0.provenance.datasetID == "my-factors" && $0.provenance.licence == "CC0-1.0" })

        // A new valid version replaces all rows.
        let v2 = userFactorCSV(rows: 30, word: "wombatfactor", valueOffset: 100)
        #expect(try db.importFactorCSV(text: v2, fileName: "mine-v2.csv", info: userInfo("my-factors", version: "2")) == 30)
        #expect(try db.rowCounts(dataset: "my-factors") == ["factors": 30])
        #expect(try db.searchFactors("quokkafactor").isEmpty)
        #expect(try db.searchFactors("wombatfactor", limit: 1000).count == 30)
        #expect(try db.dataset("my-factors")?.version == "2")
        let actions = try db.writer.read { d in
            try String.fetchAll(d, sql: "SELECT action FROM dataset_history WHERE dataset_id = 'my-factors' ORDER BY id")
        }
        #expect(actions == ["installed", "replaced"])
        try checkFTSIntegrity(db)
        // The bundled data is untouched.
        #expect(try db.datasets().count == (try ShippedDatasets.ids()).count + 1)
    }

    @Test("a bad 50th row of a new version leaves the database exactly as before", arguments: BadRow.allCases)
    func badReplacementRollsBack(_ kind: BadRow) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        try db.importFactorCSV(text: userFactorCSV(rows: 60, word: "quokkafactor"), fileName: "mine.csv", info: userInfo("my-factors"))
        let before = try snapshot(db)

        let bad = userFactorCSV(rows: 80, word: "wombatfactor", valueOffset: 100, bad: (50, kind))
        let error = #expect(throws: DataError.self) {
            try db.importFactorCSV(text: bad, fileName: "mine-v2.csv", info: userInfo("my-factors", version: "2"))
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.file == "mine-v2.csv")
        #expect(error?.line == 51, "the header is line 1, so data row 50 is line 51")
        #expect(error?.field == kind.field)
        #expect(error?.description.hasPrefix("mine-v2.csv:51: field '\(kind.field)'") == true, "\(error?.description ?? "")")

        #expect(try snapshot(db) == before)
        try checkFTSIntegrity(db)
        #expect(try db.searchFactors("quokkafactor", limit: 1000).count == 60)
        #expect(try db.searchFactors("wombatfactor").isEmpty)
        #expect(try db.dataset("my-factors")?.version == "1")
        #expect(try db.integrityCheck() == "ok")
    }

    @Test("a bad row in a brand-new dataset leaves nothing behind", arguments: [BadRow.valueNotANumber, .unknownUnit, .lowAboveValue])
    func badNewDatasetRollsBack(_ kind: BadRow) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let before = try snapshot(db)
        let error = #expect(throws: DataError.self) {
            try db.importFactorCSV(
                text: userFactorCSV(rows: 60, word: "numbatfactor", bad: (50, kind)), fileName: "new.csv", info: userInfo("brand-new"))
        }
        #expect(error?.file == "new.csv")
        #expect(error?.line == 51)
        #expect(error?.field == kind.field)
        #expect(try snapshot(db) == before)
        #expect(try db.dataset("brand-new") == nil)
        #expect(try db.rowCounts(dataset: "brand-new").isEmpty)
        #expect(try db.searchFactors("numbatfactor").isEmpty)
        try checkFTSIntegrity(db)
    }

    @Test("files that are wrong as a whole are rejected without writing anything")
    func wholeFileErrors() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let before = try snapshot(db)
        let header = "table,category,item,qualifier,gas,value,low,high,unit,description\n"
        let cases: [(text: String, id: String, code: DataError.Code, field: String?)] = [
            (header, "empty-file", .malformedFile, nil), // no rows
            ("table,item,value\nx,y,1\n", "no-unit", .malformedFile, "unit"), // required column missing
            (header + "t,,i,,,1,,,kg,\"never closed\n", "open-quote", .malformedFile, nil), // CSV syntax
            (header + "t,,i,,,1,,,kg,ok\n", "bad id!", .invalidValue, "id"), // dataset id
            (header + "t,,i,,,1,,,kg,ok,extra\n", "too-many", .malformedFile, nil) // more fields than the header
        ]
        for c in cases {
            let error = #expect(throws: DataError.self, "\(c.id)") {
                try db.importFactorCSV(text: c.text, fileName: "\(c.id).csv", info: userInfo(c.id))
            }
            #expect(error?.code == c.code, "\(c.id): \(error?.description ?? "")")
            if let f = c.field { #expect(error?.field == f, "\(c.id)") }
            if c.code == .malformedFile { #expect(error?.file == "\(c.id).csv", "\(c.id)") }
        }
        #expect(try snapshot(db) == before)
    }

    @Test("a one-sided range that excludes the value is rejected")
    func oneSidedRange() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try YuhengDatabase.open(path: tmp.path("y.sqlite"), installBundled: false)
        let header = "table,category,item,qualifier,gas,value,low,high,unit,description\n"
        // The low bound of a 95 % range cannot exceed the value, nor the high bound fall below it.
        for (name, row, field) in [("low-only", "t,,i,,,5,10,,kg/TJ,x\n", "low"), ("high-only", "t,,i,,,5,,1,kg/TJ,x\n", "high")] {
            do {
                let error = #expect(throws: DataError.self) {
                    try db.importFactorCSV(text: header + row, fileName: "\(name).csv", info: userInfo(name))
                }
                #expect(error?.line == 2)
                #expect(error?.field == field || error?.field == "low")
            }
        }
    }

    @Test("a user file with a UTF-8 byte order mark (as Excel writes it) is read")
    func byteOrderMark() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try YuhengDatabase.open(path: tmp.path("y.sqlite"), installBundled: false)
        let text = "\u{FEFF}" + userFactorCSV(rows: 3, word: "bom")
        do {
            let count = try db.importFactorCSV(text: text, fileName: "excel.csv", info: userInfo("excel"))
            #expect(count == 3)
        }
    }

    @Test("the snapshot used here sees a one-ulp change of a stored value")
    func snapshotIsExact() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try YuhengDatabase.open(path: tmp.path("y.sqlite"), installBundled: false)
        try db.importFactorCSV(text: userFactorCSV(rows: 3, word: "ulp"), fileName: "u.csv", info: userInfo("u"))
        let before = try snapshot(db)
        #expect(try snapshot(db) == before)
        try db.writer.write { d in
            let v = try Double.fetchOne(d, sql: "SELECT value FROM factors WHERE item = 'fuel_2'") ?? 0
            try d.execute(sql: "UPDATE factors SET value = ? WHERE item = 'fuel_2'", arguments: [v.nextUp])
        }
        #expect(try snapshot(db) != before)
    }

    // MARK: Bundled data

    /// A copy of the bundled folder in which one byte in the middle of gwp.csv is changed
    /// (manifest.json left as it was).
    func corruptedBundle(in tmp: TemporaryDirectory) throws -> URL {
        let bundle = try copyBundled(into: tmp)
        let url = bundle.appendingPathComponent("gwp.csv")
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[bytes.count / 2] = bytes[bytes.count / 2] == UInt8(ascii: "7") ? UInt8(ascii: "8") : UInt8(ascii: "7")
        try Data(bytes).write(to: url)
        return bundle
    }

    @Test("a corrupted bundled file fails the checksum check on an empty database, leaving it empty")
    func corruptedBundledFileOnEmptyDatabase() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let bundle = try corruptedBundle(in: tmp)
        let db = try YuhengDatabase.open(path: tmp.path("fresh.sqlite"), installBundled: false)
        let error = #expect(throws: DataError.self) { try db.installBundledDatasets(bundle: BundledDatasets(directory: bundle)) }
        #expect(error?.code == .checksumMismatch)
        #expect(error?.file?.hasSuffix("gwp.csv") == true, "\(error?.description ?? "")")
        #expect(try db.datasets().isEmpty)
        try db.writer.read { d in
            for table in ["dataset_history", "factors", "gwp", "countries", "country_geometry"] {
                let count = try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM \(table)")
                #expect(count == 0, "\(table) is not empty")
            }
        }
    }

    @Test("a bundled file the manifest gives no checksum for is refused, not read unchecked")
    func uncheckedBundledFile() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let bundle = try copyBundled(into: tmp)
        let manifest = bundle.appendingPathComponent("manifest.json")
        var obj = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [String: Any])
        var sums = try #require(obj["sha256"] as? [String: Any])
        sums["gwp.csv"] = nil
        obj["sha256"] = sums
        try JSONSerialization.data(withJSONObject: obj).write(to: manifest)
        let b = try BundledDatasets(directory: bundle)
        let error = #expect(throws: DataError.self) { _ = try b.text("gwp.csv") }
        #expect(error?.code == .checksumMismatch && error?.message.contains("no checksum") == true, "\(String(describing: error))")
        #expect(try b.text("countries.csv").isEmpty == false)
    }

    @Test("a corrupted bundled file that must be installed fails the checksum check and changes nothing")
    func corruptedBundledFileOnFilledDatabase() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let bundle = try corruptedBundle(in: tmp)
        let db = try openInstalledDatabase(in: tmp)
        // gwp must be (re)installed from the corrupted file.
        try db.removeDataset("gwp")
        #expect(try db.dataset("gwp") == nil)
        let before = try snapshot(db)
        let error = #expect(throws: DataError.self) { try db.installBundledDatasets(bundle: BundledDatasets(directory: bundle)) }
        #expect(error?.code == .checksumMismatch)
        #expect(error?.file?.hasSuffix("gwp.csv") == true, "\(error?.description ?? "")")
        #expect(try snapshot(db) == before)
        // With the intact bundle it installs again.
        #expect(try db.installBundledDatasets() == ["gwp"])
        #expect(try db.gwpLibrary().set(named: "AR5").factor(for: .ch4) == 28)
    }

    @Test("a corrupted bundled file never changes an up-to-date database")
    func corruptedBundledFileOnUpToDateDatabase() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let bundle = try corruptedBundle(in: tmp)
        let db = try openInstalledDatabase(in: tmp)
        let before = try snapshot(db)
        // Nothing needs installing; the install may skip reading the files (the manifest's declared
        // checksums are compared) or report the mismatch, but must not write.
        do {
            #expect(try db.installBundledDatasets(bundle: BundledDatasets(directory: bundle)) == [])
        } catch let e as DataError {
            #expect(e.code == .checksumMismatch)
        }
        #expect(try snapshot(db) == before)
    }

    /// A bundle in which gwp.csv has a valid extra row and gcb2022_national.csv is malformed in the
    /// middle, both with updated checksums, so the install gets past the checksum check, replaces
    /// gwp and then fails while reading the GCB file. Returns the bundle and the bad line.
    func malformedBundle(in tmp: TemporaryDirectory) throws -> (URL, Int) {
        let bundle = try copyBundled(into: tmp)
        let gwp = try String(contentsOf: bundle.appendingPathComponent("gwp.csv"), encoding: .utf8)
        try replaceBundledFile("gwp.csv", in: bundle, with: Array((gwp + "TESTGAS,AR5,GWP100,42\n").utf8))

        let gcbURL = bundle.appendingPathComponent("gcb2022_national.csv")
        var lines = try String(contentsOf: gcbURL, encoding: .utf8).components(separatedBy: "\n")
        // A line near the middle without quoted fields (0-based; the physical line is index + 1).
        let index = try #require((lines.count / 2..<lines.count).first { !lines[$0].contains("\"") && !lines[$0].isEmpty })
        var fields = lines[index].components(separatedBy: ",")
        #expect(fields.count == 6)
        fields[3] = "abc" // the territorial value (4th column)
        lines[index] = fields.joined(separator: ",")
        try replaceBundledFile("gcb2022_national.csv", in: bundle, with: Array(lines.joined(separator: "\n").utf8))
        return (bundle, index + 1)
    }

    @Test("a bundled file that passes its checksum but fails midway leaves the database unchanged")
    func malformedBundledFileOnFilledDatabase() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let (bundle, badLine) = try malformedBundle(in: tmp)
        #expect(badLine > 10_000)

        let db = try openInstalledDatabase(in: tmp)
        let before = try snapshot(db)
        let error = #expect(throws: DataError.self) { try db.installBundledDatasets(bundle: BundledDatasets(directory: bundle)) }
        #expect(error?.code == .invalidValue)
        #expect(error?.file == "gcb2022_national.csv")
        #expect(error?.line == badLine)
        let territorialColumn = try bundledCSV("gcb2022_national.csv").header[3]
        #expect(territorialColumn.hasPrefix("territorial"))
        #expect(error?.field == territorialColumn)

        #expect(try snapshot(db) == before)
        #expect(try db.gwpLibrary().set(named: "AR5").values["TESTGAS"] == nil, "the gwp replacement was rolled back")
        #expect(try !db.nationalEmissions(year: 2020, iso3: "CHN").isEmpty)
        try checkFTSIntegrity(db)
        // The database is still usable: the good bundle is up to date, and writes work.
        #expect(try db.installBundledDatasets() == [])
        #expect(try db.importFactorCSV(text: userFactorCSV(rows: 2, word: "after"), fileName: "after.csv", info: userInfo("after")) == 2)
    }

    @Test("the same failing install on an empty database leaves zero datasets")
    func malformedBundledFileOnEmptyDatabase() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let (bundle, badLine) = try malformedBundle(in: tmp)
        let db = try YuhengDatabase.open(path: tmp.path("fresh.sqlite"), installBundled: false)
        #expect(try db.datasets().isEmpty)
        let error = #expect(throws: DataError.self) { try db.installBundledDatasets(bundle: BundledDatasets(directory: bundle)) }
        #expect(error?.line == badLine)
        #expect(try db.datasets().isEmpty)
        try db.writer.read { d in
            for table in ["datasets", "dataset_history", "factors", "gwp", "countries", "country_geometry", "national_emissions", "grid_intensity"] {
                let count = try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM \(table)")
                #expect(count == 0, "\(table) is not empty")
            }
        }
        try checkFTSIntegrity(db)
        #expect(try db.searchFactors("natural gas").isEmpty)
    }

    // MARK: Corrupt database files

    @Test("a SQLite database of another application is refused and left untouched")
    func foreignDatabase() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let path = tmp.path("other.sqlite")
        do {
            let other = try DatabaseQueue(path: path)
            try other.write { try $0.execute(sql: "CREATE TABLE datasets(x); INSERT INTO datasets VALUES (1)") }
        }
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = #expect(throws: DataError.self) { try YuhengDatabase.open(path: path, installBundled: false) }
        #expect(error?.file == path)
        do {
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
            let tables = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
            #expect(tables == ["datasets"])
        }
    }

    @Test("a corrupt database file is reported and left byte-for-byte untouched", arguments: ["random", "text", "short"])
    func corruptDatabase(_ kind: String) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let path = tmp.path("yuheng.sqlite")
        let original: [UInt8]
        if kind == "random" {
            var rng = SeededGenerator(seed: 0x5EED)
            original = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &rng) }
        } else if kind == "text" {
            original = Array(String(repeating: "This is a text file, not a Yuheng database.\n", count: 100).utf8)
        } else {
            original = Array("hello".utf8)
        }
        try Data(original).write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: DataError.self) { try YuhengDatabase.open(path: path) }
        #expect(error?.code == .corruptDatabase, "\(error?.description ?? "")")
        #expect(error?.file == path)
        #expect(error?.suggestion?.isEmpty == false)
        let after = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(after == original)
        // No -wal/-shm or other files are left next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path) == ["yuheng.sqlite"])
    }
}
