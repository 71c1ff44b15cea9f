import Foundation
import GRDB
import Testing
import YuhengCore
import YuhengData
import YuhengTestSupport

/// The package root.
let packageRoot: URL = TestPaths.packageRoot

/// The bundled datasets in the source tree.
let bundledDirectory: URL = TestPaths.bundled

/// The shared data folder (`$YUHENG_SHARED`, else `<package root>/../shared`); nil when absent.
let sharedDirectory: URL? = TestPaths.sharedAvailable ? TestPaths.sharedRoot : nil

/// The Global Carbon Budget 2022 long-format source file, if the shared data folder is present.
let gcbSourceFile: URL? = sharedDirectory.map {
    $0.appendingPathComponent("data/national_emissions/gcb2022v1.0_clean_long.csv")
}.flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }

/// The temporary folders of these tests.
typealias TemporaryDirectory = TemporaryFolder

/// The bundled manifest as plain JSON, read from the source tree.
func bundledManifestJSON(in directory: URL = bundledDirectory) throws -> [String: Any] {
    let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

/// A bundled CSV file parsed with CSVTable.
func bundledCSV(_ name: String, in directory: URL = bundledDirectory) throws -> CSVTable {
    try CSVTable(text: String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
}

/// Every row of every table (including AUTOINCREMENT counters and the FTS5 shadow tables that
/// hold the full-text index), rendered by SQLite as one text per table in rowid (or primary-key)
/// order with each value's type and full precision, so two snapshots are equal only if the
/// contents are equal.
func snapshot(_ db: YuhengDatabase) throws -> [String: String] {
    try db.writer.read { d in
        let tables = try Row.fetchAll(d, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        var out: [String: String] = [:]
        for t in tables {
            let name: String = t["name"]
            let sql: String = t["sql"] ?? ""
            // factors_fts itself reads through to `factors` (external content); its index lives in
            // the shadow tables factors_fts_data/_idx/_docsize/_config, which are compared.
            if name == "factors_fts" { continue }
            let columns = try String.fetchAll(d, sql: "SELECT name FROM pragma_table_info(?)", arguments: [name])
            let rendered = columns.map { c in
                "typeof(\"\(c)\") || ':' || CASE typeof(\"\(c)\") WHEN 'real' THEN printf('%!.17g', \"\(c)\") ELSE quote(\"\(c)\") END"
            }
            let withoutRowID = sql.uppercased().contains("WITHOUT ROWID")
            let key = withoutRowID ? "''" : "rowid"
            let order = withoutRowID ? "1" : "rowid"
            let query = """
                SELECT count(*) || char(10) || coalesce(group_concat(line, char(10)), '') FROM (
                    SELECT \(key) || '|' || \(rendered.joined(separator: " || ',' || ")) AS line
                    FROM "\(name)" ORDER BY \(order))
                """
            out[name] = try String.fetchOne(d, sql: query) ?? ""
        }
        return out
    }
}

/// Runs SQLite's FTS5 integrity check of the factor index (throws if the index and the
/// `factors` table disagree).
func checkFTSIntegrity(_ db: YuhengDatabase) throws {
    try db.writer.write { d in
        try d.execute(sql: "INSERT INTO factors_fts(factors_fts) VALUES ('integrity-check')")
    }
}

/// Copies manifest.json and the files it lists from the bundled folder into `dir/Bundled` and
/// returns that folder.
func copyBundled(into dir: TemporaryDirectory) throws -> URL {
    let target = dir.url.appendingPathComponent("Bundled")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    let manifest = try bundledManifestJSON()
    let entries = try #require(manifest["datasets"] as? [[String: Any]])
    let files = ["manifest.json"] + entries.flatMap { ($0["files"] as? [String]) ?? [] }
    for f in files {
        try FileManager.default.copyItem(at: bundledDirectory.appendingPathComponent(f), to: target.appendingPathComponent(f))
    }
    return target
}

/// Writes `bytes` to `name` in a bundle folder and updates the manifest's SHA-256 for it, so the
/// file passes the checksum check.
func replaceBundledFile(_ name: String, in directory: URL, with bytes: [UInt8]) throws {
    try Data(bytes).write(to: directory.appendingPathComponent(name))
    var manifest = try bundledManifestJSON(in: directory)
    var sums = try #require(manifest["sha256"] as? [String: String])
    sums[name] = SHA256.hex(bytes)
    manifest["sha256"] = sums
    let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: directory.appendingPathComponent("manifest.json"))
}

/// A copy of the test template database (all bundled datasets installed) at `tmp/yuheng.sqlite`,
/// opened. With `installBundled: true` the open also re-verifies the bundled checksums (a second open).
func openInstalledDatabase(in tmp: TemporaryDirectory, installBundled: Bool = false) throws -> YuhengDatabase {
    try TestDatabase.open(to: tmp.path("yuheng.sqlite"), installBundled: installBundled)
}
