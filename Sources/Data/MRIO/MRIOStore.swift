import Foundation
import GRDB
import YuhengCore
import YuhengMRIO
import YuhengNumerics

/// The `system.json` of an MRIO store folder: labels, units, extension metadata, provenance and
/// one `.ymat` file (``MatrixFile``) per matrix, each with its SHA-256.
///
/// Written by ``MRIOStore/save(_:to:sparse:)`` and by `scripts/build_mrio_bundle.py` (which must
/// keep the same keys). Keys are snake_case; absent optional keys mean "not given".
public struct MRIOStoreManifest: Codable, Sendable, Equatable {
    /// The `format` value of an MRIO store manifest.
    public static let formatName = "yuheng-mrio"
    /// The newest `format_version` this reader understands.
    public static let currentVersion = 1

    /// One matrix file of the store and its facts, as recorded in system.json.
    public struct MatrixRef: Codable, Sendable, Equatable {
        /// File name of the matrix inside the store folder, e.g. "Z.ymat" (or ".ymz" for the bundled series).
        public var file: String
        /// Number of rows of the matrix.
        public var rows: Int
        /// Number of columns of the matrix.
        public var columns: Int
        /// "dense" or "csc"
        public var storage: String
        /// Values stored in the file: rows·columns when dense, the entries that are not +0.0 when CSC.
        public var storedValues: Int
        /// Size of the file, bytes.
        public var bytes: Int
        /// SHA-256 of the file, checked when the store is loaded; nil when checksums were not recorded.
        public var sha256: String?

        enum CodingKeys: String, CodingKey {
            case file, rows, columns, storage, bytes, sha256
            case storedValues = "stored_values"
        }
    }

    /// One satellite extension: its stressors, their units and its matrix files.
    public struct ExtensionRef: Codable, Sendable, Equatable {
        /// Name of the extension, e.g. "co2", "ch4", "n2o".
        public var name: String
        /// Stressor names, one per row of F and F_Y, e.g. "CO2".
        public var stressors: [String]
        /// Unit of each stressor, e.g. "kt".
        public var units: [String]
        /// The stressor matrix F (stressors × region-sectors): emissions of industries.
        public var F: MatrixRef
        /// The final-demand stressor matrix F_Y (stressors × final-demand columns): households' direct emissions; nil when absent.
        public var FY: MatrixRef?

        enum CodingKeys: String, CodingKey {
            case name, stressors, units
            case F = "F"
            case FY = "F_Y"
        }
    }

    /// Always "yuheng-mrio".
    public var format: String
    /// Version of the store layout (at most ``currentVersion``).
    public var formatVersion: Int
    /// Name of the table as its source gives it, e.g. "WIOD2013_2011_GHG".
    public var name: String
    /// Region codes in table order.
    public var regions: [String]
    /// Sector codes in table order (every region has the same sectors).
    public var sectors: [String]
    /// Final-demand category names of each region, in the column order of Y (e.g. "CONS_h", "GFCF").
    public var finalDemandCategories: [String]
    /// Monetary unit of Z, Y and x, e.g. "M.USD" (million current US dollars).
    public var monetaryUnit: String
    /// Population by region code, for per-capita accounts; nil when not given.
    public var population: [String: Double]?
    /// Provenance of the table; nil when not given.
    public var provenance: Provenance?
    /// The year the table describes (absent in stores written before it was recorded).
    public var year: Int?
    /// Registry metadata for a dataset shipped as a store (the bundled MRIO).
    public var dataset: DatasetInfo?
    /// Notes on how the store was built; nil when none.
    public var notes: [String]?
    /// SHA-256 of the files the store was built from, by name.
    public var sources: [String: String]?
    /// "Z", "A", "x" (n × 1) and "Y".
    public var matrices: [String: MatrixRef]
    /// The satellite extensions, in order.
    public var extensions: [ExtensionRef]

    enum CodingKeys: String, CodingKey {
        case format, name, regions, sectors, population, provenance, year, dataset, notes, sources, matrices, extensions
        case formatVersion = "format_version"
        case finalDemandCategories = "final_demand_categories"
        case monetaryUnit = "monetary_unit"
    }
}

/// Saves an ``MRIOSystem`` to a folder of compact binary matrices and loads it back bit-identically;
/// registers such folders in the Yuheng database.
///
/// ```swift
/// try MRIOStore.save(system, to: folder)              // system.json + Z.ymat, Y.ymat, x.ymat, <ext>.F.ymat …
/// let same = try MRIOStore.load(from: folder)          // identical matrices, labels, units
/// try MRIOStore.register(in: db, id: "wiod", folder: folder, info: info)
/// let again = try db.loadMRIO(id: "wiod")
/// ```
public enum MRIOStore {
    /// File name of the manifest in a store folder.
    public static let manifestName = "system.json"

    /// Writes `system` into `folder` (created if needed; system.json and same-named matrix files of an
    /// earlier store there are replaced, other files are left alone).
    /// - Parameter sparse: nil = per matrix, CSC when smaller; true = always CSC; false = always dense.
    /// - Parameter checksums: record each file's SHA-256 in system.json.
    @discardableResult
    public static func save(
        _ system: MRIOSystem, to folder: URL, sparse: Bool? = nil, checksums: Bool = true,
        notes: [String]? = nil, dataset: DatasetInfo? = nil
    ) throws -> MRIOStoreManifest {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw MRIOError(.invalidArgument, "cannot create the folder: \(error.localizedDescription)", file: folder.path)
        }
        func put(_ m: DenseMatrix, _ file: String) throws -> MRIOStoreManifest.MatrixRef {
            let bytes = try MatrixFile.encode(m, sparse: sparse)
            let url = folder.appendingPathComponent(file)
            do { try Data(bytes).write(to: url, options: .atomic) } catch {
                throw MRIOError(.invalidArgument, "cannot write: \(error.localizedDescription)", file: url.path)
            }
            let info = try bytes.withUnsafeBytes { try MatrixFile.header($0, file: url.path) }
            return .init(
                file: file, rows: m.rows, columns: m.columns, storage: info.storage == .csc ? "csc" : "dense",
                storedValues: info.storedValues, bytes: bytes.count, sha256: checksums ? SHA256.hex(bytes) : nil)
        }
        var matrices: [String: MRIOStoreManifest.MatrixRef] = [:]
        if let z = system.denseZ { matrices["Z"] = try put(z, "Z.ymat") }
        if let a = system.A { matrices["A"] = try put(a, "A.ymat") }
        if let x = system.x { matrices["x"] = try put(try DenseMatrix(rows: x.count, columns: 1, columnMajor: x), "x.ymat") }
        matrices["Y"] = try put(system.Y, "Y.ymat")
        var exts: [MRIOStoreManifest.ExtensionRef] = []
        var used = Set<String>()
        for e in system.extensions {
            var base = fileStem(e.name)
            if used.contains(base) { var k = 2; while used.contains("\(base)-\(k)") { k += 1 }; base = "\(base)-\(k)" }
            used.insert(base)
            exts.append(
                .init(
                    name: e.name, stressors: e.stressors, units: e.units, F: try put(e.F, "\(base).F.ymat"),
                    FY: try e.FY.map { try put($0, "\(base).F_Y.ymat") }))
        }
        let manifest = MRIOStoreManifest(
            format: MRIOStoreManifest.formatName, formatVersion: MRIOStoreManifest.currentVersion, name: system.name,
            regions: system.regions, sectors: system.sectors, finalDemandCategories: system.finalDemandCategories,
            monetaryUnit: system.monetaryUnit, population: system.population, provenance: system.provenance,
            year: system.year, dataset: dataset, notes: notes, sources: nil, matrices: matrices, extensions: exts)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let url = folder.appendingPathComponent(manifestName)
        do { try (try enc.encode(manifest) + Data("\n".utf8)).write(to: url, options: .atomic) } catch {
            throw MRIOError(.invalidArgument, "cannot write: \(error.localizedDescription)", file: url.path)
        }
        return manifest
    }

    /// A file-name-safe form of an extension name.
    static func fileStem(_ name: String) -> String {
        let s = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "_" })
        return s.isEmpty ? "extension" : s
    }

    /// Reads and checks `system.json` of a store folder.
    public static func manifest(at folder: URL) throws -> MRIOStoreManifest {
        let url = folder.appendingPathComponent(manifestName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MRIOError(
                .missingData, "\(manifestName) is missing in \(folder.path)",
                suggestion: "an MRIO store folder is written by MRIOStore.save (or scripts/build_mrio_bundle.py for the bundled table)",
                file: url.path)
        }
        let data: Data
        do { data = try SafeFile.read(url.path) } catch let e as DataError { throw mrioError(e, file: url.path) }
        let m: MRIOStoreManifest
        do { m = try JSONDecoder().decode(MRIOStoreManifest.self, from: data) } catch {
            throw MRIOError(.malformedFile, "cannot be read: \(error)", suggestion: "write the store again with MRIOStore.save", file: url.path)
        }
        guard m.format == MRIOStoreManifest.formatName else {
            throw MRIOError(.malformedFile, "is not an MRIO store manifest (format '\(m.format)')", file: url.path)
        }
        guard m.formatVersion <= MRIOStoreManifest.currentVersion else {
            throw MRIOError(
                .malformedFile, "has format version \(m.formatVersion); this build reads up to \(MRIOStoreManifest.currentVersion)",
                suggestion: "update Yuheng", file: url.path)
        }
        return m
    }

    /// Loads a store folder. Every matrix file's length and CRC-32 are always checked;
    /// `verifyChecksums` also compares each file's SHA-256 with system.json.
    public static func load(from folder: URL, extensions wanted: [String]? = nil, verifyChecksums: Bool = false) throws -> MRIOSystem {
        let m = try manifest(at: folder)
        func get(_ ref: MRIOStoreManifest.MatrixRef) throws -> DenseMatrix {
            let url = folder.appendingPathComponent(ref.file)
            // The files system.json names stay inside the store's folder and are regular files (not /dev/zero).
            do {
                _ = try SafeFile.contained(ref.file, in: folder, descriptor: folder.appendingPathComponent(manifestName).path)
                if FileManager.default.fileExists(atPath: url.path) {
                    let (fd, _) = try SafeFile.openRegular(url.path)
                    close(fd)
                }
            } catch let e as DataError {
                throw mrioError(e, file: url.path)
            }
            let data: Data
            do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
                throw MRIOError(
                    .missingData, "the matrix file listed in \(manifestName) is missing or unreadable", suggestion: "write the store again",
                    file: url.path)
            }
            if verifyChecksums, let sum = ref.sha256 {
                let actual = SHA256.hex([UInt8](data))
                guard actual == sum else {
                    throw MRIOError(
                        .malformedFile, "SHA-256 does not match \(manifestName) (expected \(sum.prefix(12))…, found \(actual.prefix(12))…)",
                        suggestion: "the file was changed or damaged: write the store again", file: url.path)
                }
            }
            let mat = try data.withUnsafeBytes { try MatrixFile.decode($0, file: url.path) }
            guard mat.rows == ref.rows, mat.columns == ref.columns else {
                throw MRIOError(.shape, "is \(mat.rows) × \(mat.columns) but \(manifestName) says \(ref.rows) × \(ref.columns)", file: url.path)
            }
            return mat
        }
        guard let yRef = m.matrices["Y"] else {
            throw MRIOError(.missingData, "lists no Y matrix", file: folder.appendingPathComponent(manifestName).path)
        }
        let z = try m.matrices["Z"].map(get)
        let a = try m.matrices["A"].map(get)
        let x = try m.matrices["x"].map(get)?.elements
        let y = try get(yRef)
        let selected = try LabelCheck.selectExtensions(m.extensions.map(\.name), wanted, root: folder.path)
        var exts: [MRIOExtension] = []
        for e in m.extensions where selected.contains(e.name) {
            exts.append(MRIOExtension(name: e.name, stressors: e.stressors, units: e.units, F: try get(e.F), FY: try e.FY.map(get)))
        }
        return try LabelCheck.wrapSystem(folder.path) {
            try MRIOSystem(
                name: m.name, regions: m.regions, sectors: m.sectors, finalDemandCategories: m.finalDemandCategories,
                Z: z, A: a, x: x, Y: y, extensions: exts, monetaryUnit: m.monetaryUnit, population: m.population,
                provenance: m.provenance, year: m.year)
        }
    }

    /// Registers the store in `folder` as MRIO table `id` of dataset `info.id`, in one write
    /// transaction (replacing an earlier registration of the dataset). The folder is stored
    /// relative to the database's folder when it lies inside it. An empty `info.checksum` is
    /// replaced by the SHA-256 of system.json (which holds every matrix file's SHA-256).
    public static func register(in db: YuhengDatabase, id: String, folder: URL, info: DatasetInfo) throws {
        try checkID(id)
        guard !info.id.isEmpty else { throw DataError(.invalidValue, "the dataset id is empty", field: "id") }
        let m = try manifest(at: folder)
        for ref in m.matrices.values.map({ $0 }) + m.extensions.flatMap({ [$0.F] + ($0.FY.map { [$0] } ?? []) }) {
            let info = try MatrixFile.info(of: folder.appendingPathComponent(ref.file))
            guard info.rows == ref.rows, info.columns == ref.columns else {
                throw MRIOError(
                    .shape, "is \(info.rows) × \(info.columns) but \(manifestName) says \(ref.rows) × \(ref.columns)",
                    file: folder.appendingPathComponent(ref.file).path)
            }
        }
        var full = info
        if full.checksum.isEmpty {
            full.checksum = SHA256.hex([UInt8](try Data(contentsOf: folder.appendingPathComponent(manifestName))))
        }
        let stored = storedPath(folder, databasePath: db.path)
        let extNames = String(decoding: try JSONEncoder().encode(m.extensions.map(\.name)), as: UTF8.self)
        let now = ISO8601DateFormatter().string(from: Date())
        try db.writer.write { d in
            try YuhengDatabase.replaceDataset(d, info: full, origin: "user") { d in
                try YuhengDatabase.createMRIOTable(d)
                try d.execute(sql: "DELETE FROM mrio_tables WHERE id = ?", arguments: [id])
                try d.execute(
                    sql: "INSERT INTO mrio_tables(id, dataset_id, folder, regions, sectors, extensions, created_at) VALUES (?,?,?,?,?,?,?)",
                    arguments: [id, full.id, stored, m.regions.count, m.sectors.count, extNames, now])
            }
        }
    }

    /// Refuses a table id that is empty or uses other characters than letters, digits, '-', '_' and '.'
    /// (ids name store folders and appear in URLs).
    public static func checkID(_ id: String) throws {
        guard !id.isEmpty, !id.hasPrefix("."), id.count <= 128, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
        else {
            throw DataError(
                .invalidValue,
                "MRIO table id '\(id.prefix(140))' must be non-empty, at most 128 characters, not start with '.' and use letters, digits, '-', '_' or '.'",
                field: "id")
        }
    }

    /// `folder` relative to the database's folder when inside it, else absolute.
    static func storedPath(_ folder: URL, databasePath: String) -> String {
        let dbDir = URL(fileURLWithPath: databasePath).deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().path
        let f = folder.standardizedFileURL.resolvingSymlinksInPath().path
        if f == dbDir { return "." }
        if f.hasPrefix(dbDir.hasSuffix("/") ? dbDir : dbDir + "/") { return String(f.dropFirst(dbDir.count + (dbDir.hasSuffix("/") ? 0 : 1))) }
        return f
    }
}

/// A registered MRIO table.
public struct MRIOTableRecord: Sendable, Equatable, Codable {
    /// Id of the table in the database (what `--table` names).
    public var id: String
    /// Id of the registry dataset the table belongs to (removing the dataset removes the table).
    public var datasetID: String
    /// As stored: relative to the database folder, or absolute.
    public var folder: String
    /// Number of regions.
    public var regions: Int
    /// Number of sectors per region.
    public var sectors: Int
    /// Names of the table's extensions.
    public var extensions: [String]
    /// When the table was registered (ISO 8601, UTC).
    public var createdAt: String
}

extension YuhengDatabase {
    static func createMRIOTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS mrio_tables(id TEXT PRIMARY KEY, dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE, \
                folder TEXT NOT NULL, regions INTEGER, sectors INTEGER, extensions TEXT, created_at TEXT)
                """)
    }

    /// The registered MRIO tables, sorted by id (empty when none was ever registered).
    public func mrioTables() throws -> [MRIOTableRecord] {
        try writer.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'mrio_tables')") == true
            else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM mrio_tables ORDER BY id").map { r in
                let extText: String = r["extensions"] ?? "[]"
                let exts = (try? JSONDecoder().decode([String].self, from: Data(extText.utf8))) ?? []
                return MRIOTableRecord(
                    id: r["id"], datasetID: r["dataset_id"], folder: r["folder"], regions: r["regions"] ?? 0,
                    sectors: r["sectors"] ?? 0, extensions: exts, createdAt: r["created_at"] ?? "")
            }
        }
    }

    /// The folder of a registered MRIO table, resolved against the database folder.
    public func mrioFolder(id: String) throws -> URL {
        guard let rec = try mrioTables().first(where: { $0.id == id }) else {
            let known = (try? mrioTables().map(\.id)) ?? []
            throw DataError(
                .unknownDataset, "no MRIO table '\(id)'",
                suggestion: known.isEmpty ? "register one with MRIOStore.register" : "registered: \(known.joined(separator: ", "))")
        }
        if rec.folder.hasPrefix("/") { return URL(fileURLWithPath: rec.folder) }
        return baseFolder.appendingPathComponent(rec.folder).standardizedFileURL
    }

    /// Loads a registered MRIO table; its provenance defaults to the dataset's registry entry.
    public func loadMRIO(id: String, extensions: [String]? = nil) throws -> MRIOSystem {
        let folder = try mrioFolder(id: id)
        var system = try MRIOStore.load(from: folder, extensions: extensions)
        if system.provenance == nil, let rec = try mrioTables().first(where: { $0.id == id }), let info = try dataset(rec.datasetID) {
            system.provenance = info.provenance
        }
        return system
    }
}
