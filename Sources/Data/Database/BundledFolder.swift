import Foundation
import YuhengCore

/// The folders of data shipped with Yuheng (`Sources/Data/Bundled/…` in the package resources):
/// finding them and reading their manifests, the same way for every bundle (MRIO, LCI, CBAM,
/// natural sources).
///
/// ```swift
/// let dir = try BundledFolder.locate("cbam", marker: "manifest.json", what: "the bundled CBAM catalog", script: "build_cbam_bundle.py")
/// let m = try BundledFolder.manifest(CBAMBundleManifest.self, at: dir.appendingPathComponent("manifest.json"), script: "build_cbam_bundle.py")
/// ```
public enum BundledFolder {
    /// `$YUHENG_BUNDLED_DIR/<relative>`, else `Bundled/<relative>` in the package resources: the
    /// first of them that holds `marker`. The error names the places looked at and what to do.
    public static func locate(_ relative: String, marker: String, what: String, script: String) throws -> URL {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["YUHENG_BUNDLED_DIR"], !env.isEmpty {
            candidates.append(URL(fileURLWithPath: env).appendingPathComponent(relative))
        }
        if let res = Bundle.module.resourceURL { candidates.append(res.appendingPathComponent("Bundled/\(relative)")) }
        for c in candidates where FileManager.default.fileExists(atPath: c.appendingPathComponent(marker).path) { return c }
        throw DataError(
            .missingBundledData, "\(what) was not found (looked in \(candidates.map(\.path).joined(separator: ", ")))",
            suggestion:
                "set YUHENG_BUNDLED_DIR to the Sources/Data/Bundled folder of the Yuheng checkout, or run `python3 scripts/\(script)` and rebuild")
    }

    /// Decodes a bundle's manifest; a missing or unreadable file names itself and the script that writes it.
    public static func manifest<M: Decodable>(_ type: M.Type, at url: URL, script: String) throws -> M {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError(
                .missingBundledData, "\(url.lastPathComponent) is missing in \(url.deletingLastPathComponent().path)", file: url.path,
                suggestion: "run `python3 scripts/\(script)`")
        }
        do { return try JSONDecoder().decode(M.self, from: data) } catch {
            throw DataError(.malformedFile, "cannot be read: \(error)", file: url.path, suggestion: "run `python3 scripts/\(script)`")
        }
    }

    /// Refuses a manifest of another format or of a newer version than this build reads.
    public static func checkFormat(_ format: String, version: Int, expected: String, upTo current: Int, what: String, at url: URL) throws {
        guard format == expected else { throw DataError(.malformedFile, "is not \(what) (format '\(format)')", file: url.path) }
        guard version <= current else {
            throw DataError(
                .malformedFile, "has format version \(version); this build reads up to \(current)", file: url.path, suggestion: "update Yuheng")
        }
    }

    /// A bundled file's text after checking its size and SHA-256 against its manifest entry.
    ///
    /// ```swift
    /// let csv = try BundledFolder.text("gdp.csv", in: dir, files: manifest.files,
    ///                                  manifestName: "manifest.json", script: "build_nowcast_bundle.py")
    /// ```
    /// - throws: `DataError` `.malformedFile` (not listed, not UTF-8), `.missingBundledData`, `.checksumMismatch`,
    ///   each saying to rebuild with `script`.
    public static func text(_ name: String, in dir: URL, files: [String: BundleFileRef], manifestName: String, script: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        guard let ref = files[name] else { throw DataError(.malformedFile, "\(manifestName) does not list \(name)", file: url.path) }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError(
                .missingBundledData, "the file listed in \(manifestName) is missing", file: url.path, suggestion: "run `python3 scripts/\(script)`")
        }
        let hash = SHA256.hex([UInt8](data))
        guard data.count == ref.bytes, hash == ref.sha256 else {
            throw DataError(
                .checksumMismatch, "does not match \(manifestName) (expected \(ref.sha256.prefix(12))…, found \(hash.prefix(12))…)", file: url.path,
                suggestion: "the file was changed or damaged: run `python3 scripts/\(script)`")
        }
        guard let s = String(data: data, encoding: .utf8) else { throw DataError(.malformedFile, "is not UTF-8 text", file: url.path) }
        return s
    }
}

/// A dataset block of a bundle manifest whose data are files listed (with their SHA-256) in the
/// same manifest: the natural-sources and nowcast-input bundles.
public protocol BundleFileDataset {
    var id: String { get }
    var title: String { get }
    var version: String { get }
    var source: String { get }
    var licence: String { get }
    var date: String { get }
    var citation: String? { get }
    var notes: String? { get }
    /// The manifest's names of the dataset's files.
    var files: [String] { get }
}

extension BundleFileDataset {
    /// Registry metadata; the checksum is the SHA-256 over the dataset's files' SHA-256s (one per line,
    /// in the dataset's order), taken from the manifest's `files`.
    public func info(files refs: [String: BundleFileRef]) -> DatasetInfo {
        let joined = files.map { (refs[$0]?.sha256 ?? "") + "\n" }.joined()
        return DatasetInfo(
            id: id, title: title, version: version, source: source, licence: licence, date: date,
            citation: citation ?? "", checksum: SHA256.hex(Array(joined.utf8)), notes: notes ?? "")
    }
}

/// The dataset block of a bundle manifest: what the registry records about it.
public struct BundleDatasetInfo: Codable, Sendable, Equatable {
    /// Dataset id under which the bundle is registered, e.g. "uslci-1.5".
    public var id: String
    /// Display title shown in the dataset list.
    public var title: String
    /// Version of the data as published by the source.
    public var version: String
    /// The original publisher or reference (organisation, report, DOI or URL).
    public var source: String
    /// Licence of the data (SPDX expression where one exists, e.g. "CC0-1.0").
    public var licence: String
    /// The source's publication or release date (ISO 8601).
    public var date: String
    /// How to cite the source; nil when it gives no citation.
    public var citation: String?
    /// Notes on coverage and processing; nil when there are none.
    public var notes: String?

    /// Registry metadata with `checksum` (the SHA-256 of the manifest, which lists every file's).
    public func datasetInfo(checksum: String) -> DatasetInfo {
        DatasetInfo(
            id: id, title: title, version: version, source: source, licence: licence, date: date, citation: citation ?? "",
            checksum: checksum, notes: notes ?? "")
    }
}

/// A file listed in a bundle manifest: its size, SHA-256 and, for tables, its row count.
public struct BundleFileRef: Codable, Sendable, Equatable {
    /// Size of the file in bytes.
    public var bytes: Int
    /// SHA-256 of the file's content, 64 lower-case hexadecimal digits.
    public var sha256: String
    /// Number of data rows for a table file; nil for other files.
    public var rows: Int?
}
