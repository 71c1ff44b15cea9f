import Foundation
import YuhengCore
import YuhengLCA

/// The LCI formats ``LCIImporter`` reads (`yuheng lca import --format`).
public enum LCIFormat: String, Sendable, CaseIterable, Codable {
    /// Detected from the content (``LCIImporter/detect(path:)``).
    case auto
    /// openLCA JSON-LD, zipped or unpacked (``OpenLCAReader``).
    case olca
    /// EcoSpold2 `.spold` files, one or a folder of them (``EcoSpold2Reader``).
    case ecospold2
    /// Yuheng's own LCI CSV (``LCICSVReader``, `docs/lci-csv-format.md`).
    case csv
    /// Brightway's CSV inventory layout as bw2io writes it (``BrightwayCSVReader``).
    case brightwayCSV = "brightway-csv"
}

/// What ``LCIImporter/importDatabase(path:format:id:licence:source:into:)`` stored and found.
public struct LCIImportOutcome: Sendable {
    /// Id of the stored dataset (the database's id in the registry).
    public var datasetID: String
    /// The format the file was read as (detected when `.auto` was asked for).
    public var format: LCIFormat
    /// What the reader read, converted and left out.
    public var report: LCIImportReport
    /// Product inputs linked to a provider, and those cut off (by reason, e.g. "no provider").
    public var linked: Int
    /// Product inputs cut off, counted by reason (e.g. "no provider").
    public var unlinkedByReason: [String: Int]
    /// Product flows with several candidate providers; inputs of them are cut off as "ambiguous" (see `unlinkedByReason`).
    public var ambiguousFlows: Int
    /// Processes with more than one product output.
    public var multiOutputProcesses: Int
    /// Multi-output processes split into one column per co-product by the default allocation policy.
    public var allocatedProcesses: Int
    /// Avoided-product exchanges entered as credits.
    public var avoidedProducts: Int
    /// Processes that can be calculated.
    public var calculableProcesses: Int
}

/// Reads LCI databases in any supported format and stores them: the library behind `yuheng lca import`.
///
/// ```swift
/// let format = try LCIImporter.detect(path: "export/")            // .olca, .ecospold2, .csv or .brightwayCSV
/// let outcome = try LCIImporter.importDatabase(path: "export/", format: .auto, id: "my-db", into: db)
/// print(outcome.report)                                           // rejected datasets with their reasons
/// ```
///
/// An import either stores the whole database (every dataset that could be read; the rejected ones
/// are listed in the report and stored as rejected, so a calculation that needs one names it) or
/// nothing: the technosphere is built before anything is written, and the write is one transaction.
/// The stored state does not depend on how the caller prints the outcome.
public enum LCIImporter {
    /// The format of `path`, decided by its content: a folder with `processes/`, `flows/` or
    /// `unit_groups/` (or one level below) is openLCA JSON-LD; a folder with `.spold` files (with or
    /// without `MasterData/`) is EcoSpold2; a `.zip` is JSON-LD; a `.spold` or EcoSpold02 XML file
    /// is EcoSpold2; a CSV whose first record starts with `Database` or `Activity` is Brightway's
    /// layout, another CSV Yuheng's.
    public static func detect(path: String) throws -> LCIFormat {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            throw LCAError(
                .missingFile, "the file or folder does not exist", dataset: path,
                suggestion: "give an openLCA JSON-LD export, EcoSpold2 datasets or a CSV file")
        }
        let url = URL(fileURLWithPath: path)
        if isDir.boolValue { return try detectFolder(url) }
        let ext = url.pathExtension.lowercased()
        if ext == "spold" { return .ecospold2 }
        if ext == "zip" { return .olca }
        let head = try headBytes(path)
        if ext == "xml" || head.hasPrefix("<?xml") || head.hasPrefix("<") {
            if head.contains("EcoSpold02") || head.contains("ecoSpold") { return .ecospold2 }
            throw LCAError(
                .malformedFile, "is an XML file but not an EcoSpold2 dataset", dataset: path,
                suggestion: "EcoSpold2 datasets have the namespace http://www.EcoInvent.org/EcoSpold02")
        }
        let firstCell =
            head.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map { $0.split(separator: ",").first.map(String.init) ?? "" } ?? ""
        let cell = firstCell.trimmingCharacters(in: CharacterSet(charactersIn: "\" \u{FEFF}"))
        if cell == "Database" || cell == "Activity" { return .brightwayCSV }
        if ext == "csv" || head.contains("process_id") { return .csv }
        throw LCAError(
            .malformedFile, "is not a format Yuheng reads as LCI data", dataset: path,
            suggestion:
                "give an openLCA JSON-LD zip or folder, EcoSpold2 .spold files, a Brightway CSV or a Yuheng LCI CSV, or name the format (olca, ecospold2, csv, brightway-csv)"
        )
    }

    static func detectFolder(_ url: URL) throws -> LCIFormat {
        let fm = FileManager.default
        func isJSONLD(_ u: URL) -> Bool {
            ["processes", "flows", "unit_groups"].contains { fm.fileExists(atPath: u.appendingPathComponent($0).path) }
        }
        if isJSONLD(url) { return .olca }
        var spold = false
        if let e = fm.enumerator(at: url, includingPropertiesForKeys: nil) {
            var seen = 0
            for case let f as URL in e {
                seen += 1
                if f.pathExtension.lowercased() == "spold" { spold = true; break }
                if seen > 100_000 { break }
            }
        }
        if spold { return .ecospold2 }
        let subs = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted().map { url.appendingPathComponent($0) }
        if subs.contains(where: isJSONLD) { return .olca }
        throw LCAError(
            .malformedFile, "holds no LCI data Yuheng reads (no processes/, flows/ or unit_groups/ of an openLCA export, no .spold files)",
            dataset: url.path, suggestion: "give the export's folder or zip, or a folder of EcoSpold2 datasets")
    }

    private static func headBytes(_ path: String) throws -> String {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw LCAError(.missingFile, "cannot be opened", dataset: path)
        }
        defer { try? h.close() }
        let d = h.readData(ofLength: 4096)
        return String(decoding: d, as: UTF8.self)
    }

    /// Reads `path` in `format` (``LCIFormat/auto``: detected) without storing anything.
    public static func read(path: String, format: LCIFormat = .auto, name: String? = nil, provenance: Provenance? = nil) throws -> (
        LCIDatabase, LCIImportReport, LCIFormat
    ) {
        let fmt = format == .auto ? try detect(path: path) : format
        switch fmt {
        case .auto, .olca:
            let (db, r) = try OpenLCAReader.read(path: path, name: name, provenance: provenance)
            return (db, r, .olca)
        case .ecospold2:
            let (db, r) = try EcoSpold2Reader.read(path: path, name: name, provenance: provenance)
            return (db, r, fmt)
        case .csv:
            let (db, r) = try LCICSVReader.read(path: path, fileName: path, name: name, provenance: provenance)
            return (db, r, fmt)
        case .brightwayCSV:
            let (db, r) = try BrightwayCSVReader.read(path: path, name: name, provenance: provenance)
            return (db, r, fmt)
        }
    }

    /// Reads `path`, builds its technosphere (so a database that cannot be calculated is refused
    /// before anything is written) and stores it as dataset `id` in one transaction. A failure at
    /// any step leaves `db` exactly as it was.
    public static func importDatabase(
        path: String, format: LCIFormat = .auto, id: String, title: String? = nil, licence: String = "unknown",
        source: String? = nil, into db: YuhengDatabase
    ) throws -> LCIImportOutcome {
        let (lci, report, fmt) = try read(path: path, format: format, name: id)
        guard !lci.processes.isEmpty else {
            throw LCAError(
                .missingEntity, "no process could be imported (\(lci.rejected.count) rejected)", dataset: path,
                suggestion: "see the reasons of the rejected datasets; nothing was stored")
        }
        let model = try TechnosphereModel(lci)
        let date = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        let info = DatasetInfo(
            id: id, title: title ?? id, version: "imported", source: source ?? path, licence: licence, date: date,
            checksum: try LCIStore.contentChecksum(lci))
        try db.saveLCI(lci, info: info)
        return LCIImportOutcome(
            datasetID: id, format: fmt, report: report, linked: model.linkedCount,
            unlinkedByReason: Dictionary(grouping: model.unlinked, by: \.reason).mapValues(\.count),
            ambiguousFlows: model.ambiguousFlows.count, multiOutputProcesses: model.multiOutputProcesses,
            allocatedProcesses: model.allocatedProcesses, avoidedProducts: model.avoidedProducts,
            calculableProcesses: Set(model.columns.map(\.processID)).count)
    }
}
