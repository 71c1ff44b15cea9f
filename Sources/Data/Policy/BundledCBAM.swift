import Foundation
import YuhengCore
import YuhengPolicy

/// The `manifest.json` of the bundled CBAM catalog (format `yuheng-cbam`, written by
/// `scripts/build_cbam_bundle.py`; described in `Bundled/cbam/README.md`).
public struct CBAMBundleManifest: Codable, Sendable, Equatable {
    /// The `format` value of the CBAM bundle manifest.
    public static let formatName = "yuheng-cbam"
    /// The newest `format_version` this reader understands.
    public static let currentVersion = 1

    /// A listed file: size, SHA-256 and row count.
    public typealias FileRef = BundleFileRef
    /// The dataset's registry metadata.
    public typealias Info = BundleDatasetInfo

    /// Always "yuheng-cbam".
    public var format: String
    /// Version of the folder layout (at most ``currentVersion``).
    public var formatVersion: Int
    /// The dataset block recorded in the registry (id, title, version, source, licence, date).
    public var dataset: Info
    /// Record counts (CN codes, categories, …) for checks and display; nil when not written.
    public var counts: [String: Int]?
    /// Every file of the folder by name, with its size and SHA-256.
    public var files: [String: FileRef]
    /// The source files the catalog was built from, with their SHA-256; nil when not recorded.
    public var inputs: [String: String]?

    enum CodingKeys: String, CodingKey {
        case format, dataset, counts, files, inputs
        case formatVersion = "format_version"
    }
}

/// The EU CBAM goods catalog shipped with Yuheng: the CN codes of Annex I to Regulation (EU)
/// 2023/956 with their aggregated goods category, sector and the Commission's transitional
/// default values (category level), at `Bundled/cbam` in the package resources.
///
/// Built by `scripts/build_cbam_bundle.py` from `shared/data/cbam/`; it has its own
/// `manifest.json` with source, licence and the SHA-256 of every file.
///
/// ```swift
/// let catalog = try BundledCBAM.load()
/// try catalog.resolve("25231000").defaultDirect   // 0.83 (cement clinker)
/// ```
public enum BundledCBAM {
    /// Dataset id of the CBAM catalog in the registry.
    public static let id = "cbam-transitional-defaults"
    static let manifestName = "manifest.json"
    static let catalogName = "cn_defaults.csv"

    /// The folder: `$YUHENG_BUNDLED_DIR/cbam`, else the package resources.
    public static func directory() throws -> URL {
        try BundledFolder.locate("cbam", marker: manifestName, what: "the bundled CBAM catalog", script: "build_cbam_bundle.py")
    }

    /// The manifest of `folder` (default: ``directory()``), checked to be of format `yuheng-cbam` at a version this reader knows.
    public static func manifest(at folder: URL? = nil) throws -> CBAMBundleManifest {
        let url = try (folder ?? directory()).appendingPathComponent(manifestName)
        let m = try BundledFolder.manifest(CBAMBundleManifest.self, at: url, script: "build_cbam_bundle.py")
        try BundledFolder.checkFormat(
            m.format, version: m.formatVersion, expected: CBAMBundleManifest.formatName, upTo: CBAMBundleManifest.currentVersion,
            what: "a CBAM bundle manifest", at: url)
        return m
    }

    /// Registry metadata; the checksum is the SHA-256 of manifest.json (which holds every file's SHA-256).
    public static func datasetInfo(at folder: URL? = nil) throws -> DatasetInfo {
        let dir = try folder ?? directory()
        let m = try manifest(at: dir)
        let bytes = try Data(contentsOf: dir.appendingPathComponent(manifestName))
        return m.dataset.datasetInfo(checksum: SHA256.hex([UInt8](bytes)))
    }

    /// Loads the catalog, checking the files' sizes and SHA-256 against the manifest.
    public static func load(from folder: URL? = nil, verifyChecksums: Bool = true) throws -> CBAMCatalog {
        let dir = try folder ?? directory()
        let m = try manifest(at: dir)
        guard let ref = m.files[catalogName] else {
            throw DataError(.malformedFile, "the manifest lists no \(catalogName)", file: dir.appendingPathComponent(manifestName).path)
        }
        let url = dir.appendingPathComponent(catalogName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError(.missingBundledData, "is missing", file: url.path, suggestion: "run `python3 scripts/build_cbam_bundle.py`")
        }
        if data.count != ref.bytes || (verifyChecksums && SHA256.hex([UInt8](data)) != ref.sha256) {
            throw DataError(
                .checksumMismatch, "does not match the SHA-256 in manifest.json", file: url.path,
                suggestion: "the bundled file was changed; rebuild it with `python3 scripts/build_cbam_bundle.py`")
        }
        let table: CSVTable
        do { table = try CSVTable(text: String(decoding: data, as: UTF8.self)) } catch {
            throw DataError(.malformedFile, "\(error)", file: url.path)
        }
        for col in ["cn_code", "name", "category", "sector", "default_direct", "default_indirect"] where !table.header.contains(col) {
            throw DataError(.malformedFile, "has no column '\(col)'", file: url.path)
        }
        var records: [CBAMGoodRecord] = []
        for r in table.rows {
            guard let sector = CBAMSector(rawValue: r["sector"] ?? ""), let d = Double(r["default_direct"] ?? ""),
                let i = Double(r["default_indirect"] ?? "")
            else {
                throw DataError(.malformedFile, "invalid sector or default value", file: url.path, line: r.line)
            }
            records.append(
                CBAMGoodRecord(
                    cnCode: r["cn_code"] ?? "", name: r["name"] ?? "", category: r["category"] ?? "", sector: sector,
                    defaultDirect: d, defaultIndirect: i))
        }
        if let expected = ref.rows, expected != records.count {
            throw DataError(.malformedFile, "has \(records.count) rows, the manifest says \(expected)", file: url.path)
        }
        let prov = Provenance(datasetID: m.dataset.id, version: m.dataset.version, source: m.dataset.source, licence: m.dataset.licence)
        return CBAMCatalog(records: records, provenance: prov)
    }
}
