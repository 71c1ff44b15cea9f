import Foundation
import YuhengCore
import YuhengLCA

/// The `dataset.json` of a compact LCI folder (format `yuheng-lci`, written by
/// `scripts/build_lci_bundle.py`; the format is described in `Bundled/lci/README.md`).
public struct CompactLCIManifest: Codable, Sendable, Equatable {
    /// The `format` value of a compact LCI manifest.
    public static let formatName = "yuheng-lci"
    /// The newest `format_version` this reader understands.
    public static let currentVersion = 1

    /// A listed file: size, SHA-256 and row count.
    public typealias FileRef = BundleFileRef
    /// The dataset's registry metadata.
    public typealias Info = BundleDatasetInfo

    /// Always "yuheng-lci".
    public var format: String
    /// Version of the folder layout (at most ``currentVersion``).
    public var formatVersion: Int
    /// Name of the LCI database as it is shown and searched, e.g. "uslci-1.5".
    public var name: String
    /// The dataset block recorded in the registry (id, title, version, source, licence, date).
    public var dataset: Info
    /// Record counts (processes, flows, exchanges, …) for checks and display; nil when not written.
    public var counts: [String: Int]?
    /// Every file of the folder by name, with its size and SHA-256.
    public var files: [String: FileRef]
    /// The source files the folder was converted from, with their SHA-256; nil when not recorded.
    public var inputs: [String: String]?

    enum CodingKeys: String, CodingKey {
        case format, name, dataset, counts, files, inputs
        case formatVersion = "format_version"
    }

    /// Registry metadata; the checksum is the SHA-256 of dataset.json (which holds every file's SHA-256).
    public func datasetInfo(checksum: String) -> DatasetInfo { dataset.datasetInfo(checksum: checksum) }
}

/// The US LCI database shipped with Yuheng (USLCI, openLCA 1.5 JSON-LD release of
/// FLCAC-admin/uslci-content, commit 9182448, 2024-10-17; MIT licence, U.S. government data),
/// converted by `scripts/build_lci_bundle.py` into the compact `yuheng-lci` form at
/// `Bundled/lci/uslci-1.5` so that examples work without the source archive.
///
/// ```swift
/// let uslci = try BundledLCI.load()      // 766 processes, 4,601 flows, 32,526 exchanges
/// try BundledLCI.install(in: db)         // store it as dataset "uslci-1.5" (searchable)
/// ```
///
/// The loaded database equals `OpenLCAReader.read` of the archive in processes, exchanges
/// (amounts, units, flags, uncertainty, formulas), flows, flow properties and unit groups;
/// exchange comments are not shipped and long descriptions are cut to 200 characters.
public enum BundledLCI {
    /// Dataset id of the bundled US LCI in the registry.
    public static let id = "uslci-1.5"
    static let manifestName = "dataset.json"

    /// The folder: `$YUHENG_BUNDLED_DIR/lci/uslci-1.5`, else the package resources.
    public static func directory() throws -> URL {
        try BundledFolder.locate("lci/\(id)", marker: manifestName, what: "the bundled LCI database '\(id)'", script: "build_lci_bundle.py")
    }

    /// Loads the bundled US LCI, checking every file's SHA-256 against dataset.json.
    public static func load(verifyChecksums: Bool = true) throws -> LCIDatabase {
        try CompactLCI.load(from: try directory(), verifyChecksums: verifyChecksums)
    }

    /// The bundled folder's `dataset.json`; throws ``DataError`` when the folder or manifest is missing or of another format.
    public static func manifest() throws -> CompactLCIManifest {
        try CompactLCI.manifest(at: try directory())
    }

    /// Registry metadata of the bundled database.
    public static func datasetInfo() throws -> DatasetInfo {
        try CompactLCI.datasetInfo(at: try directory())
    }

    /// Stores the bundled US LCI in `db` as dataset `uslci-1.5` (skipped when the same version is
    /// already there, unless `force`). Returns true when it was written.
    @discardableResult
    public static func install(in db: YuhengDatabase, force: Bool = false) throws -> Bool {
        let info = try datasetInfo()
        if !force, let existing = try db.dataset(info.id), existing.checksum == info.checksum,
            try db.lciDatabases().contains(where: { $0.id == info.id })
        {
            return false
        }
        try LCIStore.save(try load(), in: db, info: info, origin: "bundled")
        return true
    }
}

/// Reads folders in the compact `yuheng-lci` form (see `Bundled/lci/README.md`).
public enum CompactLCI {
    /// The `dataset.json` of a compact LCI folder, checked to be of format `yuheng-lci` at a version this reader knows.
    public static func manifest(at folder: URL) throws -> CompactLCIManifest {
        let url = folder.appendingPathComponent(BundledLCI.manifestName)
        let m = try BundledFolder.manifest(CompactLCIManifest.self, at: url, script: "build_lci_bundle.py")
        try BundledFolder.checkFormat(
            m.format, version: m.formatVersion, expected: CompactLCIManifest.formatName, upTo: CompactLCIManifest.currentVersion,
            what: "a compact LCI manifest", at: url)
        return m
    }

    /// Registry metadata of a compact LCI folder; the checksum is the SHA-256 of its `dataset.json`.
    public static func datasetInfo(at folder: URL) throws -> DatasetInfo {
        let m = try manifest(at: folder)
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(BundledLCI.manifestName)))
        return m.datasetInfo(checksum: SHA256.hex(bytes))
    }

    /// Loads a compact LCI folder; the provenance is the manifest's dataset.
    public static func load(from folder: URL, verifyChecksums: Bool = true) throws -> LCIDatabase {
        try CompactLCIReader(folder: folder, manifest: try manifest(at: folder), verifyChecksums: verifyChecksums).database()
    }
}

/// Reads the files of one compact LCI folder, each checked against its manifest, and converts their records.
private struct CompactLCIReader {
    let folder: URL
    let manifest: CompactLCIManifest
    let verifyChecksums: Bool
    let decoder = JSONDecoder()

    /// The bytes of a file listed in the manifest, with the size (and checksum, when verified) it lists.
    func file(_ name: String) throws -> Data {
        let url = folder.appendingPathComponent(name)
        guard let ref = manifest.files[name] else {
            throw DataError(
                .malformedFile, "\(BundledLCI.manifestName) does not list \(name)",
                file: folder.appendingPathComponent(BundledLCI.manifestName).path)
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError(
                .missingBundledData, "the file listed in \(BundledLCI.manifestName) is missing", file: url.path,
                suggestion: "run `python3 scripts/build_lci_bundle.py` and rebuild")
        }
        guard data.count == ref.bytes else {
            throw DataError(
                .checksumMismatch, "has \(data.count) bytes but \(BundledLCI.manifestName) says \(ref.bytes)", file: url.path,
                suggestion: "the file was changed or damaged: run `python3 scripts/build_lci_bundle.py`")
        }
        if verifyChecksums {
            let actual = SHA256.hex([UInt8](data))
            guard actual == ref.sha256 else {
                throw DataError(
                    .checksumMismatch,
                    "SHA-256 does not match \(BundledLCI.manifestName) (expected \(ref.sha256.prefix(12))…, found \(actual.prefix(12))…)",
                    file: url.path, suggestion: "the file was changed or damaged: run `python3 scripts/build_lci_bundle.py`")
            }
        }
        return data
    }

    func malformed(_ name: String, _ line: Int?, _ what: String) -> DataError {
        DataError(
            .malformedFile, what, file: folder.appendingPathComponent(name).path, line: line,
            suggestion: "run `python3 scripts/build_lci_bundle.py`")
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ name: String, _ line: Int?) throws -> T {
        do { return try decoder.decode(T.self, from: data) } catch {
            throw malformed(name, line, "cannot be read: \(error)")
        }
    }

    /// One record per line (JSON Lines).
    func records<T: Decodable>(_ type: T.Type, _ name: String) throws -> [T] {
        let data = try file(name)
        var out: [T] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            out.append(try decode(T.self, Data(line), name, lineNumber))
        }
        return out
    }

    func database() throws -> LCIDatabase {
        let units = try decode(CompactUnits.self, try file("units.json"), "units.json", nil)
        var unitGroups: [String: LCIUnitGroup] = [:]
        for g in units.unitGroups { unitGroups[g.id] = LCIUnitGroup(id: g.id, name: g.name, referenceUnit: g.ref, units: g.units) }
        var properties: [String: LCIFlowProperty] = [:]
        for p in units.flowProperties { properties[p.id] = LCIFlowProperty(id: p.id, name: p.name, unitGroupID: p.unitGroup) }

        var flows: [String: LCIFlow] = [:]
        for f in try records(CompactFlow.self, "flows.jsonl") {
            guard let type = LCIFlowType(rawValue: f.type) else { throw malformed("flows.jsonl", nil, "flow \(f.id) has type '\(f.type)'") }
            flows[f.id] = LCIFlow(
                id: f.id, name: f.name, type: type, cas: f.cas, category: f.cat ?? [], referencePropertyID: f.ref,
                propertyFactors: f.props, location: f.loc)
        }
        let processes = try records(CompactProcess.self, "processes.jsonl").map { try process($0, flows: flows) }
        let d = manifest.dataset
        return LCIDatabase(
            name: manifest.name, provenance: Provenance(datasetID: d.id, version: d.version, source: d.source, licence: d.licence),
            unitGroups: unitGroups, flowProperties: properties, flows: flows, processes: processes)
    }

    func process(_ p: CompactProcess, flows: [String: LCIFlow]) throws -> LCIProcess {
        var exchanges: [LCIExchange] = []
        exchanges.reserveCapacity(p.ex.count)
        for (i, x) in p.ex.enumerated() {
            guard let flow = flows[x.flow] else {
                throw malformed(
                    "processes.jsonl", nil, "exchange \(i + 1) of \(p.name) refers to the flow \(x.flow), which is not in flows.jsonl")
            }
            let e = x.extra
            var uncertainty: LCIUncertainty? = nil
            if let u = e?.u {
                guard let kind = LCIUncertainty.Kind(rawValue: u.kind) else {
                    throw malformed("processes.jsonl", nil, "unknown uncertainty kind '\(u.kind)'")
                }
                uncertainty = LCIUncertainty(kind: kind, parameters: u.parameters)
            }
            exchanges.append(
                LCIExchange(
                    flowID: x.flow, amount: x.amount, unit: x.unit, propertyID: e?.p ?? flow.referencePropertyID,
                    isInput: x.flags & 1 != 0, isQuantitativeReference: x.flags & 2 != 0, isAvoidedProduct: x.flags & 4 != 0,
                    defaultProviderID: e?.prov, uncertainty: uncertainty, formula: e?.f, internalID: e?.i ?? (i + 1)))
        }
        var factors: [LCIAllocationFactor] = []
        for a in p.af ?? [] {
            guard let m = AllocationMethod(rawValue: a.method) else {
                throw malformed("processes.jsonl", nil, "unknown allocation method '\(a.method)'")
            }
            factors.append(LCIAllocationFactor(method: m, productID: a.product, value: a.value, exchangeFlowID: a.exchange))
        }
        var alloc: AllocationMethod? = nil
        if let a = p.alloc {
            guard let m = AllocationMethod(rawValue: a) else { throw malformed("processes.jsonl", nil, "unknown allocation method '\(a)'") }
            alloc = m
        }
        return LCIProcess(
            id: p.id, name: p.name, category: p.cat ?? "", location: p.loc, exchanges: exchanges,
            defaultAllocation: alloc, allocationFactors: factors, parameters: p.par ?? [:],
            description: p.desc, documentation: p.doc ?? [:])
    }
}

// MARK: - Compact records (see Bundled/lci/README.md)

private struct CompactUnits: Decodable {
    struct Group: Decodable {
        var id: String
        var name: String
        var ref: String
        var units: [String: Double]
    }
    struct Property: Decodable {
        var id: String
        var name: String
        var unitGroup: String
        enum CodingKeys: String, CodingKey { case id, name, unitGroup = "unit_group" }
    }
    var unitGroups: [Group]
    var flowProperties: [Property]
    enum CodingKeys: String, CodingKey { case unitGroups = "unit_groups", flowProperties = "flow_properties" }
}

private struct CompactFlow: Decodable {
    var id: String
    var name: String
    var type: String
    var ref: String
    var props: [String: Double]
    var cas: String?
    var cat: [String]?
    var loc: String?
}

/// `[flow id, amount, unit, flags, extra?]`
private struct CompactExchange: Decodable {
    struct Extra: Decodable {
        var p: String?
        var prov: String?
        var u: CompactUncertainty?
        var f: String?
        var i: Int?
    }
    var flow: String
    var amount: Double
    var unit: String
    var flags: Int
    var extra: Extra?

    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        flow = try c.decode(String.self)
        amount = try c.decode(Double.self)
        unit = try c.decode(String.self)
        flags = try c.decode(Int.self)
        extra = c.isAtEnd ? nil : try c.decode(Extra.self)
    }
}

/// `[kind, {parameter: value}]`
private struct CompactUncertainty: Decodable {
    var kind: String
    var parameters: [String: Double]

    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        kind = try c.decode(String.self)
        parameters = try c.decode([String: Double].self)
    }
}

/// `[method, product flow id or "", value, exchange flow id?]`
private struct CompactFactor: Decodable {
    var method: String
    var product: String
    var value: Double
    var exchange: String?

    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        method = try c.decode(String.self)
        product = try c.decode(String.self)
        value = try c.decode(Double.self)
        exchange = c.isAtEnd ? nil : try c.decode(String.self)
    }
}

private struct CompactProcess: Decodable {
    var id: String
    var name: String
    var ex: [CompactExchange]
    var cat: String?
    var loc: String?
    var desc: String?
    var alloc: String?
    var doc: [String: String]?
    var af: [CompactFactor]?
    var par: [String: Double]?
}
