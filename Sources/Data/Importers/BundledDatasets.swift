import Foundation
import YuhengCore

/// The datasets shipped with Yuheng (`Sources/Data/Bundled`), rebuilt reproducibly from
/// `../shared/data` by `scripts/build_datasets.py`, described by `manifest.json`.
public struct BundledDatasets: Sendable {
    /// The content of `manifest.json`: the datasets and the SHA-256 of every bundled file.
    public struct Manifest: Codable, Sendable {
        /// Version of the manifest's layout.
        public var schema: Int
        /// Every bundled dataset, in installation order.
        public var datasets: [Entry]
        /// File name (relative to the bundled folder) → SHA-256 of its content, 64 lower-case hexadecimal digits.
        public var sha256: [String: String]
    }

    /// One bundled dataset: its registry metadata and its files.
    public struct Entry: Codable, Sendable {
        /// Dataset id in the registry, e.g. "gwp" or "gcb2022-national".
        public var id: String
        /// Display title shown in the dataset list.
        public var title: String
        /// Version of the data as published by the source (or of the tool it was read with), e.g. "GCB 2022v1.0".
        public var version: String
        /// The original publisher or reference and how the file was made from it.
        public var source: String
        /// Licence of the data as an SPDX expression, e.g. "CC-BY-4.0".
        public var licence: String
        /// The source's publication or release date (ISO 8601).
        public var date: String
        /// How to cite the source; nil when it gives no citation.
        public var citation: String?
        /// The dataset's files, relative to the bundled folder, in the order their checksums are combined.
        public var files: [String]
        /// Notes on coverage, units and processing; nil when there are none.
        public var notes: String?
    }

    /// The folder holding `manifest.json` and the bundled files.
    public let directory: URL
    /// The decoded `manifest.json`.
    public let manifest: Manifest

    /// The folder holding the bundled files: `$YUHENG_BUNDLED_DIR`, else the package resources.
    public static func locate() throws -> URL {
        if let d = ProcessInfo.processInfo.environment["YUHENG_BUNDLED_DIR"], !d.isEmpty {
            return URL(fileURLWithPath: d)
        }
        if let url = Bundle.module.resourceURL?.appendingPathComponent("Bundled"),
            FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.json").path)
        {
            return url
        }
        throw DataError(
            .missingBundledData, "the bundled datasets were not found next to the program",
            suggestion: "set YUHENG_BUNDLED_DIR to the Sources/Data/Bundled folder of the Yuheng checkout, or rebuild with `swift build`")
    }

    /// Reads `manifest.json` of `directory` (default: ``locate()``); throws ``DataError`` `.missingBundledData` or `.malformedFile`.
    public init(directory: URL? = nil) throws {
        let dir = try directory ?? Self.locate()
        self.directory = dir
        let url = dir.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError(
                .missingBundledData, "manifest.json is missing in \(dir.path)", file: url.path,
                suggestion: "run `python3 scripts/build_datasets.py` to rebuild the bundled datasets")
        }
        do { manifest = try JSONDecoder().decode(Manifest.self, from: data) } catch {
            throw DataError(
                .malformedFile, "manifest.json cannot be read: \(error)", file: url.path,
                suggestion: "rebuild it with `python3 scripts/build_datasets.py`")
        }
    }

    /// Reads a bundled file and checks it against the manifest's SHA-256; a file without one is refused.
    public func file(_ name: String) throws -> [UInt8] {
        let url = directory.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError(
                .missingBundledData, "the bundled file \(name) is missing", file: url.path, suggestion: "run `python3 scripts/build_datasets.py`")
        }
        let bytes = [UInt8](data)
        // Every file read is checked: one the manifest does not list is refused, not read unchecked.
        guard let expected = manifest.sha256[name] else {
            throw DataError(
                .checksumMismatch, "\(name) has no checksum in manifest.json, so it cannot be verified", file: url.path,
                suggestion: "rebuild the bundled datasets with `python3 scripts/build_datasets.py` (it lists every file with its SHA-256)")
        }
        let actual = SHA256.hex(bytes)
        guard actual == expected else {
            throw DataError(
                .checksumMismatch,
                "\(name) does not match its checksum in manifest.json (expected \(expected.prefix(12))…, found \(actual.prefix(12))…)",
                file: url.path, suggestion: "the file was changed by hand: rebuild the bundled datasets with `python3 scripts/build_datasets.py`")
        }
        return bytes
    }

    /// A bundled file as UTF-8 text, checked against its SHA-256; throws ``DataError`` when missing, altered or not UTF-8.
    public func text(_ name: String) throws -> String {
        let b = try file(name)
        guard let s = String(bytes: b, encoding: .utf8) else {
            throw DataError(.malformedFile, "\(name) is not UTF-8 text", file: name)
        }
        return s
    }

    /// The dataset's checksum: SHA-256 over its files' checksums in order. The manifest's
    /// declared checksums are used (cheap, so every start can compare them with the database);
    /// the files themselves are verified against them when they are read for an import.
    public func checksum(of entry: Entry) throws -> String {
        var joined = ""
        for f in entry.files {
            if let declared = manifest.sha256[f] { joined += declared + "\n" } else { joined += SHA256.hex(try file(f)) + "\n" }
        }
        return SHA256.hex(Array(joined.utf8))
    }

    /// The registry metadata of a bundled dataset, with its ``checksum(of:)``.
    public func info(_ entry: Entry) throws -> DatasetInfo {
        DatasetInfo(
            id: entry.id, title: entry.title, version: entry.version, source: entry.source, licence: entry.licence,
            date: entry.date, citation: entry.citation ?? "", checksum: try checksum(of: entry), notes: entry.notes ?? "")
    }
}
