import Foundation
import GRDB
import YuhengCore

/// The nowcast inputs as versioned datasets of the data layer: World Bank GDP (`worldbank-gdp`),
/// national fossil CO2 (`gcb-national-co2`, GCB 2022; `owid-national-co2`, GCB 2024 via OWID),
/// EDGAR CH4/N2O (`edgar-ch4-n2o`) and the JRC CO2 accounts (`jrc-co2-accounts`), shipped in
/// `Bundled/nowcast` (built by `scripts/build_nowcast_bundle.py`) and extended by importing newer
/// releases in their published layouts — without rebuilding Yuheng. Every version is kept, so the
/// changes between versions (rows added, removed, values revised) can be listed; the nowcast reads
/// the current version (the latest import) and names it in its results.
///
/// ```swift
/// try NowcastInputStore.install(in: db)                                  // the bundled versions, once
/// let r = try db.importNowcastInput(kind: .nationalCO2, path: "owid-co2-2025.csv", version: "GCB 2025")
/// r.changes?.rowsAdded                                                  // e.g. the 2024 values
/// let versions = try db.nowcastInputVersions(dataset: "owid-national-co2")
/// ```
///
/// Tables (created on first use inside the installing transaction):
///
/// | table | rows | key |
/// |---|---|---|
/// | `nowcast_input_versions` | one per dataset version: kind, unit, provenance, file, checksum, years | dataset_id, version |
/// | `nowcast_input_values` | code, sector, gas, year, value (NULL = published blank) | dataset_id, version, code, sector, gas, year |
public enum NowcastInputStore {
    /// The `format` value of the nowcast-inputs manifest.
    public static let formatName = "yuheng-nowcast-inputs"
    static let manifestName = "manifest.json"

    /// The bundle manifest (`Bundled/nowcast/manifest.json`).
    public struct Manifest: Codable, Sendable {
        /// One bundled input dataset: its registry metadata, kind, unit, files and years.
        public struct Dataset: Codable, Sendable, BundleFileDataset {
            /// Dataset id, e.g. "worldbank-gdp" or "owid-national-co2".
            public var id: String
            /// Input kind, which decides the layouts it is read in: "gdp", "national-co2", "edgar", "jrc-co2", "concordance", "holdout-ranges".
            public var kind: String
            /// Unit of the values, e.g. "US$ (current)", "MtC", "t CO2", "Mt CO2e (AR5 GWP100)", "kt CO2".
            public var unit: String
            /// Display title shown in the dataset list.
            public var title: String
            /// Version of the data as published, e.g. "GCB 2022v1.0".
            public var version: String
            /// The original publisher or reference.
            public var source: String
            /// Licence of the data as an SPDX expression.
            public var licence: String
            /// The source's publication or release date (ISO 8601).
            public var date: String
            /// How to cite the source; nil when it gives no citation.
            public var citation: String?
            /// Notes on coverage and processing; nil when there are none.
            public var notes: String?
            /// The dataset's files, relative to the `nowcast` folder.
            public var files: [String]
            /// First and last year covered, [first, last]; nil for datasets without years (concordances, ranges).
            public var years: [Int]?
        }
        /// Always "yuheng-nowcast-inputs".
        public var format: String
        /// Version of the folder layout (this build reads 1).
        public var formatVersion: Int
        /// Every dataset of the bundle, in installation order.
        public var datasets: [Dataset]
        /// Every file of the folder by name, with its size, SHA-256 and row count.
        public var files: [String: BundleFileRef]

        enum CodingKeys: String, CodingKey {
            case format, datasets, files
            case formatVersion = "format_version"
        }
    }

    /// `$YUHENG_BUNDLED_DIR/nowcast`, else the package resources.
    public static func directory() throws -> URL {
        try BundledFolder.locate("nowcast", marker: manifestName, what: "the bundled nowcast inputs", script: "build_nowcast_bundle.py")
    }

    /// The manifest of `dir` (default: ``directory()``), checked to be of format `yuheng-nowcast-inputs` version 1.
    public static func manifest(at dir: URL? = nil) throws -> Manifest {
        let url = try (dir ?? directory()).appendingPathComponent(manifestName)
        let m = try BundledFolder.manifest(Manifest.self, at: url, script: "build_nowcast_bundle.py")
        try BundledFolder.checkFormat(m.format, version: m.formatVersion, expected: formatName, upTo: 1, what: "a nowcast-inputs manifest", at: url)
        return m
    }

    /// A bundled file's text after checking its size and SHA-256 against the manifest.
    public static func text(_ name: String, in dir: URL? = nil, manifest m: Manifest? = nil) throws -> String {
        let d = try dir ?? directory()
        let man = try m ?? manifest(at: d)
        return try BundledFolder.text(name, in: d, files: man.files, manifestName: manifestName, script: "build_nowcast_bundle.py")
    }

    /// Registry metadata of a bundled dataset; the checksum is the SHA-256 over its files' SHA-256s.
    public static func info(_ d: Manifest.Dataset, manifest m: Manifest) -> DatasetInfo {
        d.info(files: m.files)
    }

    /// The series datasets (the ones a release can be imported into), by id.
    public static let seriesDatasets: [String: NowcastInputKind] = [
        "worldbank-gdp": .gdp, "gcb-national-co2": .nationalCO2, "owid-national-co2": .nationalCO2, "edgar-ch4-n2o": .edgar,
        "jrc-co2-accounts": .jrcCO2
    ]

    /// Installs the bundled version of every dataset that does not hold it yet (each dataset in one
    /// transaction). A bundled version becomes the current one unless a user import is current.
    /// Returns the ids written.
    @discardableResult
    public static func install(in db: YuhengDatabase, directory dir: URL? = nil) throws -> [String] {
        let d = try dir ?? directory()
        let m = try manifest(at: d)
        var done: [String] = []
        for ds in m.datasets {
            let info = info(ds, manifest: m)
            if try db.writer.read({ w in try isInstalled(w, info: info, series: seriesDatasets[ds.id] != nil) }) { continue }
            var texts: [String: String] = [:]
            for f in ds.files { texts[f] = try text(f, in: d, manifest: m) }
            let parsed = try seriesDatasets[ds.id].map { kind in
                try NowcastInputLayouts.parse(kind: kind, text: texts[ds.files[0]] ?? "", file: ds.files[0])
            }
            try db.writer.write { w in
                try createTables(w)
                guard try !isInstalled(w, info: info, series: parsed != nil) else { return }
                if let p = parsed {
                    let current = try currentOrigin(w, id: ds.id)
                    try insertVersion(w, info: info, kind: ds.kind, unit: ds.unit, origin: "bundled", file: ds.files[0], rows: p.rows)
                    if current == nil || current == "bundled" {
                        try setCurrent(w, info: info, origin: "bundled", action: current == nil ? "installed" : "replaced")
                    }
                } else {
                    try YuhengDatabase.replaceDataset(w, info: info, origin: "bundled") { _ in }
                }
            }
            done.append(ds.id)
        }
        return done
    }

    static func isInstalled(_ w: Database, info: DatasetInfo, series: Bool) throws -> Bool {
        guard try tablesExist(w) else { return false }
        if series {
            return try Bool.fetchOne(
                w, sql: "SELECT EXISTS(SELECT 1 FROM nowcast_input_versions WHERE dataset_id = ? AND checksum = ?)",
                arguments: [info.id, info.checksum]) ?? false
        }
        return try Bool.fetchOne(w, sql: "SELECT EXISTS(SELECT 1 FROM datasets WHERE id = ? AND checksum = ?)", arguments: [info.id, info.checksum])
            ?? false
    }

    static func currentOrigin(_ w: Database, id: String) throws -> String? {
        try String.fetchOne(w, sql: "SELECT origin FROM datasets WHERE id = ?", arguments: [id])
    }

    static func createTables(_ w: Database) throws {
        try w.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS nowcast_input_versions(
                    dataset_id TEXT NOT NULL, version TEXT NOT NULL, kind TEXT NOT NULL, unit TEXT NOT NULL,
                    title TEXT NOT NULL, source TEXT NOT NULL, licence TEXT NOT NULL, date TEXT NOT NULL, citation TEXT NOT NULL,
                    notes TEXT NOT NULL, checksum TEXT NOT NULL, origin TEXT NOT NULL, file TEXT NOT NULL,
                    rows INTEGER NOT NULL, first_year INTEGER, last_year INTEGER, imported_at TEXT NOT NULL, seq INTEGER NOT NULL,
                    PRIMARY KEY (dataset_id, version)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS nowcast_input_values(
                    dataset_id TEXT NOT NULL, version TEXT NOT NULL, code TEXT NOT NULL, sector TEXT NOT NULL, gas TEXT NOT NULL,
                    year INTEGER NOT NULL, value REAL,
                    PRIMARY KEY (dataset_id, version, code, sector, gas, year)) WITHOUT ROWID;
                """)
    }

    static func tablesExist(_ w: Database) throws -> Bool {
        try Bool.fetchOne(w, sql: "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'nowcast_input_versions')") == true
    }

    static func insertVersion(_ w: Database, info: DatasetInfo, kind: String, unit: String, origin: String, file: String, rows: [NowcastInputRow])
        throws
    {
        let seq =
            (try Int.fetchOne(w, sql: "SELECT coalesce(max(seq), 0) FROM nowcast_input_versions WHERE dataset_id = ?", arguments: [info.id]) ?? 0) + 1
        let years = rows.filter { $0.value != nil }.map(\.year)
        try w.execute(
            sql: """
                INSERT INTO nowcast_input_versions(dataset_id, version, kind, unit, title, source, licence, date, citation, notes, checksum, origin, file,
                    rows, first_year, last_year, imported_at, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """,
            arguments: [
                info.id, info.version, kind, unit, info.title, info.source, info.licence, info.date, info.citation, info.notes, info.checksum,
                origin, file, rows.count, years.min(), years.max(), ISO8601DateFormatter().string(from: Date()), seq
            ])
        let st = try w.cachedStatement(
            sql: "INSERT INTO nowcast_input_values(dataset_id, version, code, sector, gas, year, value) VALUES (?,?,?,?,?,?,?)")
        for r in rows { try st.execute(arguments: [info.id, info.version, r.code, r.sector, r.gas, r.year, r.value]) }
    }

    /// Makes `info` the dataset's registered (current) version and records it in the history.
    static func setCurrent(_ w: Database, info: DatasetInfo, origin: String, action: String) throws {
        let now = ISO8601DateFormatter().string(from: Date())
        try w.execute(sql: "DELETE FROM datasets WHERE id = ?", arguments: [info.id])
        try w.execute(
            sql: """
                INSERT INTO datasets(id, title, version, source, licence, date, citation, checksum, notes, origin, imported_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?)
                """,
            arguments: [
                info.id, info.title, info.version, info.source, info.licence, info.date, info.citation, info.checksum, info.notes, origin, now
            ])
        try w.execute(
            sql: "INSERT INTO dataset_history(dataset_id, version, checksum, action, at) VALUES (?,?,?,?,?)",
            arguments: [info.id, info.version, info.checksum, action, now])
    }
}
