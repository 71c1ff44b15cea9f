import Foundation
import GRDB
import Testing
import YuhengCore
import YuhengData

/// The package root (three levels above this file: Tests/DataTests/TestSupport.swift).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

/// The bundled datasets in the source tree.
let bundledDirectory: URL = packageRoot.appendingPathComponent("Sources/Data/Bundled")

/// The shared data folder: `$YUHENG_SHARED`, else `<package root>/../shared`; nil when absent.
let sharedDirectory: URL? = {
    let candidates = [ProcessInfo.processInfo.environment["YUHENG_SHARED"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) },
                      packageRoot.deletingLastPathComponent().appendingPathComponent("shared")]
    return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("data").path) }
}()

/// The Global Carbon Budget 2022 long-format source file, if the shared data folder is present.
let gcbSourceFile: URL? = sharedDirectory.map {
    $0.appendingPathComponent("data/national_emissions/gcb2022v1.0_clean_long.csv")
}.flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }

/// A fresh temporary directory; call `remove()` when done (use `defer`).
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("yuheng-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// |a − b| ≤ rel · max(|a|, |b|).
func isClose(_ a: Double, _ b: Double, rel: Double) -> Bool {
    a == b || abs(a - b) <= rel * max(abs(a), abs(b))
}

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

// MARK: A database with the bundled data, built once per test process

/// Installing the bundled datasets takes a few seconds in a debug build, so it is done once per
/// test process into a template file; each test copies that file into its own temporary folder.
private let template: (path: String?, error: String?) = {
    do {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yuheng-tests-template-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        templateFolder.set(dir.path)
        atexit { templateFolder.remove() }
        let path = dir.appendingPathComponent("template.sqlite").path
        do {
            let db = try YuhengDatabase.open(path: path)
            // Move everything from the WAL into the main file so that copying it is enough.
            _ = try db.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        }
        return (path, nil)
    } catch {
        return (nil, "\(error)")
    }
}()

/// The template's folder, removed when the test process exits.
private let templateFolder = TemplateFolder()

private final class TemplateFolder: @unchecked Sendable {
    private let lock = NSLock()
    private var path: String?
    func set(_ p: String) { lock.withLock { path = p } }
    func remove() { lock.withLock { if let p = path { try? FileManager.default.removeItem(atPath: p) } } }
}

/// Copies the template database (all bundled datasets installed) to `tmp/yuheng.sqlite` and opens
/// it. With `installBundled: true` the open also re-verifies the bundled checksums (a second open).
func openInstalledDatabase(in tmp: TemporaryDirectory, installBundled: Bool = false) throws -> YuhengDatabase {
    let source = try #require(template.path, "building the template database failed: \(template.error ?? "?")")
    let path = tmp.path("yuheng.sqlite")
    try FileManager.default.copyItem(atPath: source, toPath: path)
    return try YuhengDatabase.open(path: path, installBundled: installBundled)
}
