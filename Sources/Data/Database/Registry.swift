import Foundation
import GRDB
import YuhengCore

extension YuhengDatabase {
    /// Datasets are installed in this order (later ones may read earlier ones).
    static let installOrder = [
        "countries", "country-geometry", "gwp", "ipcc2006-fuels", "ipcc2006-stationary",
        "ipcc2006-mobile", "ipcc-cement", "ipcc-enteric", "gcb2022-national", "grid-intensity"
    ]

    /// Installs every bundled dataset that is missing or whose checksum changed, in one
    /// transaction: if any file is malformed, nothing is written. Returns the ids installed.
    @discardableResult
    public func installBundledDatasets(bundle: BundledDatasets? = nil) throws -> [String] {
        let b = try bundle ?? BundledDatasets()
        let entries = b.manifest.datasets.sorted {
            (Self.installOrder.firstIndex(of: $0.id) ?? 99, $0.id) < (Self.installOrder.firstIndex(of: $1.id) ?? 99, $1.id)
        }
        // Dataset checksums come from the manifest (cheap, so every start can compare them with the
        // database); each file is verified against its SHA-256 when it is read for an import, inside
        // the transaction, so a damaged file rolls the whole install back. `verifyBundledFiles()`
        // checks every file on demand (`yuheng data verify`).
        var infos: [(BundledDatasets.Entry, DatasetInfo)] = []
        for e in entries { infos.append((e, try b.info(e))) }
        let existing = try writer.read { db in
            try Dictionary(
                Row.fetchAll(db, sql: "SELECT id, checksum FROM datasets").map { ($0["id"] as String, $0["checksum"] as String) },
                uniquingKeysWith: { a, _ in a })
        }
        let todo = infos.filter { existing[$0.1.id] != $0.1.checksum }
        if todo.isEmpty { return [] }
        // Another process may have installed them while this one waited for the write lock:
        // decide again inside the transaction, so concurrent first starts install once.
        return try writer.write { db in
            let current = try Dictionary(
                Row.fetchAll(db, sql: "SELECT id, checksum FROM datasets").map { ($0["id"] as String, $0["checksum"] as String) },
                uniquingKeysWith: { a, _ in a })
            let still = todo.filter { current[$0.1.id] != $0.1.checksum }
            for (entry, info) in still {
                guard let importer = DatasetImporters.byID[entry.id] else {
                    throw DataError(
                        .unknownDataset, "no importer for the bundled dataset '\(entry.id)'",
                        suggestion: "this build of Yuheng is older than its bundled data; update Yuheng")
                }
                try Self.replaceDataset(db, info: info, origin: "bundled") { db in _ = try importer(db, b, entry) }
            }
            return still.map(\.1.id)
        }
    }

    /// Deletes a dataset's rows (cascading), registers the new metadata and runs `fill`.
    /// Must be called inside a write transaction. A dataset that is not installed as bundled must
    /// have a valid id (``DatasetID``) that is not the id of a shipped dataset.
    static func replaceDataset(_ db: Database, info: DatasetInfo, origin: String, fill: (Database) throws -> Void) throws {
        if origin != "bundled" { try checkUserDatasetID(db, info: info) }
        let now = ISO8601DateFormatter().string(from: Date())
        let had = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM datasets WHERE id = ?)", arguments: [info.id]) ?? false
        try db.execute(sql: "DELETE FROM datasets WHERE id = ?", arguments: [info.id])
        try db.execute(
            sql: """
                INSERT INTO datasets(id, title, version, source, licence, date, citation, checksum, notes, origin, imported_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?)
                """,
            arguments: [
                info.id, info.title, info.version, info.source, info.licence, info.date, info.citation, info.checksum, info.notes, origin, now
            ])
        try fill(db)
        try db.execute(
            sql: "INSERT INTO dataset_history(dataset_id, version, checksum, action, at) VALUES (?,?,?,?,?)",
            arguments: [info.id, info.version, info.checksum, had ? "replaced" : "installed", now])
    }

    /// Reads every bundled file and checks it against the manifest's SHA-256; returns the files checked.
    @discardableResult
    public func verifyBundledFiles(bundle: BundledDatasets? = nil) throws -> [String] {
        let b = try bundle ?? BundledDatasets()
        var checked: [String] = []
        for e in b.manifest.datasets { for f in e.files { _ = try b.file(f); checked.append(f) } }
        return checked
    }

    // MARK: Registry queries

    /// All registered datasets, sorted by id.
    public func datasets() throws -> [DatasetInfo] {
        try writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM datasets ORDER BY id").map(Self.datasetInfo) }
    }

    /// One dataset, or nil.
    public func dataset(_ id: String) throws -> DatasetInfo? {
        try writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM datasets WHERE id = ?", arguments: [id]).map(Self.datasetInfo) }
    }

    /// Number of rows each table holds for a dataset (every table with a `dataset_id` column except
    /// the registry's own history; tables without rows for it are left out).
    public func rowCounts(dataset id: String) throws -> [String: Int] {
        try writer.read { db in
            var out: [String: Int] = [:]
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%' AND m.name NOT LIKE 'sqlite_%'
                    AND m.name <> 'dataset_history' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'dataset_id') ORDER BY m.name
                    """)
            for t in tables {
                let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(t)\" WHERE dataset_id = ?", arguments: [id]) ?? 0
                if n > 0 { out[t] = n }
            }
            return out
        }
    }

    static func datasetInfo(_ r: Row) -> DatasetInfo {
        DatasetInfo(
            id: r["id"], title: r["title"], version: r["version"], source: r["source"], licence: r["licence"],
            date: r["date"], citation: r["citation"], checksum: r["checksum"], notes: r["notes"])
    }

    // MARK: User imports

    /// Imports a user factor file (CSV with columns `table,category,item,qualifier,gas,value,low,high,unit,description`;
    /// only table, item, value and unit are required) as dataset `info.id`, replacing an earlier
    /// version. The whole import is one transaction: a bad row leaves the database as it was.
    @discardableResult
    public func importFactorCSV(text: String, fileName: String, info: DatasetInfo) throws -> Int {
        try importUserCSV(text: text, fileName: fileName, info: info, required: ["table", "item", "value", "unit"]) { db, reader in
            var count = 0
            for row in reader.rows {
                let unit = try reader.string(row, "unit")
                do { _ = try MeasureUnit(unit) } catch let e as UnitError {
                    throw DataError(.invalidValue, e.message, file: fileName, line: row.line, field: "unit")
                }
                let low = try reader.optionalNumber(row, "low"), high = try reader.optionalNumber(row, "high")
                let v = try reader.number(row, "value")
                if let l = low, l > v {
                    throw DataError(
                        .invalidValue, "the lower bound \(l) is above the value \(v)", file: fileName, line: row.line, field: "low",
                        suggestion: "low and high are the 2.5th and 97.5th percentiles and must bracket the value")
                }
                if let h = high, h < v {
                    throw DataError(
                        .invalidValue, "the upper bound \(h) is below the value \(v)", file: fileName, line: row.line, field: "high",
                        suggestion: "low and high are the 2.5th and 97.5th percentiles and must bracket the value")
                }
                try FactorWriter.insert(
                    db,
                    FactorRecord(
                        datasetID: info.id, table: try reader.string(row, "table"), category: try reader.string(row, "category", required: false),
                        item: try reader.string(row, "item"), qualifier: try reader.string(row, "qualifier", required: false),
                        gas: try reader.string(row, "gas", required: false), value: v, low: low, high: high, unit: unit,
                        description: try reader.string(row, "description", required: false), verification: "user"))
                count += 1
            }
            return count
        }
    }

    /// A user CSV (`required` columns) imported as dataset `info.id`, replacing an earlier version, in one transaction:
    /// `body` writes the rows and returns how many; a file without rows, like a bad row, leaves the database as it was.
    func importUserCSV(
        text: String, fileName: String, info: DatasetInfo, required: [String], _ body: (Database, TableReader) throws -> Int
    ) throws -> Int {
        try DatasetID.validate(info.id)
        let reader = try TableReader(file: fileName, text: text, required: required)
        var full = info
        full.checksum = SHA256.hex(Array(text.utf8))
        var count = 0
        try writer.write { db in
            try Self.replaceDataset(db, info: full, origin: "user") { db in
                count = try body(db, reader)
                if count == 0 { throw DataError(.malformedFile, "the file has no rows", file: fileName) }
            }
        }
        return count
    }

    /// A stamp that changes whenever any dataset is installed, replaced or removed — by this process
    /// or another (one indexed query): for caches of query results.
    public func datasetsVersion() throws -> String {
        try writer.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*) AS n, coalesce(max(id), 0) AS m FROM dataset_history")
            return "\(row?["n"] as Int? ?? 0)-\(row?["m"] as Int? ?? 0)"
        }
    }

    /// One entry of a dataset's history: installed, replaced or removed, with the version and checksum.
    public struct HistoryEntry: Codable, Sendable, Equatable {
        /// The dataset's version at that moment (empty for a removal).
        public var version: String
        /// SHA-256 of the dataset's content at that moment (empty for a removal).
        public var checksum: String
        /// What happened: "installed", "replaced" or "removed".
        public var action: String
        /// When it happened (ISO 8601, UTC).
        public var at: String
    }

    /// Every install, replacement and removal of dataset `id`, oldest first.
    public func history(dataset id: String) throws -> [HistoryEntry] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT version, checksum, action, at FROM dataset_history WHERE dataset_id = ? ORDER BY id", arguments: [id])
                .map {
                    HistoryEntry(version: $0["version"], checksum: $0["checksum"], action: $0["action"], at: $0["at"])
                }
        }
    }

    /// Removes a dataset and all its rows.
    public func removeDataset(_ id: String) throws {
        try writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM datasets WHERE id = ?)", arguments: [id]) == true else {
                throw DataError(.unknownDataset, "no dataset '\(id)'", suggestion: "list datasets with `yuheng data list`")
            }
            try db.execute(sql: "DELETE FROM datasets WHERE id = ?", arguments: [id])
            try db.execute(
                sql: "INSERT INTO dataset_history(dataset_id, version, checksum, action, at) VALUES (?,?,?,?,?)",
                arguments: [id, "", "", "removed", ISO8601DateFormatter().string(from: Date())])
        }
    }
}
