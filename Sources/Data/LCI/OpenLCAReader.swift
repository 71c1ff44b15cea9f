import Foundation
import YuhengCore
import YuhengLCA

/// Reads an openLCA JSON-LD export (olca-schema 1.x; the common 2.x field names are accepted too)
/// from a zip archive or an unzipped folder into an ``LCIDatabase``.
///
/// ```swift
/// let (db, report) = try OpenLCAReader.read(path: "uslci_olca1_5_0_json_ld.zip")
/// db.processes.count     // 766
/// print(report)          // counts, unknown units, missing flows, formulas kept as stored
/// ```
///
/// What is read (USLCI_RULES.md §1–2):
/// * `unit_groups/`: units with `conversionFactor`, the `referenceUnit` (2.x `isRefUnit`). Two units
///   with the same name in one group (US LCI has two `t*mi`) keep their factors: the second is
///   renamed `t*mi (2)` and the report warns.
/// * `flow_properties/` with their `unitGroup`; `locations/` (code); `categories/` (1.x), to resolve a
///   `category` reference (`{"@id": …}`) into its full path, e.g. `["Elementary Flows", "NETL Coal
///   Elementary Flows", "air", "unspecified"]` or `["air", "unspecified"]` as the data has it. A 2.x
///   category path string (`"Elementary flows/Emission to air"`) is split at `/`.
/// * `flows/`: `flowType`, `cas`, category path, location, `flowProperties` with `conversionFactor`
///   and `referenceFlowProperty` (2.x `isRefFlowProperty`).
/// * `processes/`: exchanges with `amount` as stored, the unit (found by its `@id`, else by name,
///   within the unit group of the exchange's `flowProperty`), `input` (2.x `isInput`),
///   `quantitativeReference`, `avoidedProduct`, `defaultProvider`, `uncertainty`, `amountFormula`
///   (kept as text, not evaluated), `internalId` (else the exchange's 1-based position);
///   `allocationFactors`, `defaultAllocationMethod`, `parameters` (values only), location, category
///   path (joined with `/`), `description`, and `processDocumentation` as `documentation` keys
///   `time`, `geography`, `technology`, `sources` (source names, `; `-separated), `publication`,
///   `dataGenerator`, `validFrom`, `validUntil`.
///
/// Exchanges whose flow is missing, or whose unit or flow property cannot be found, are left out
/// and listed in the report; with `strict: true` the first one is an error. Malformed JSON is an
/// ``LCAError`` `.malformedFile` naming the file inside the archive (`processes/<id>.json`).
public enum OpenLCAReader {
    /// Reads an openLCA JSON-LD export (zip archive or unpacked folder) into a database and an import report.
    ///
    /// `name` overrides the database name (default: the archive's name without extension); `strict` makes the first
    /// left-out exchange an error. Throws ``LCAError``.
    public static func read(
        path: String, name: String? = nil, provenance: Provenance? = nil,
        strict: Bool = false
    ) throws -> (LCIDatabase, LCIImportReport) {
        let source = try JSONLDSource(path: path)
        var reader = Reader(source: source, strict: strict)
        let dbName = name ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try reader.run(name: dbName, provenance: provenance)
    }
}

// MARK: - Source: zip archive or folder

/// The files of a JSON-LD export, by path relative to the export's root ("processes/<id>.json").
/// A zip archive is read through ``SafeArchive`` (declared sizes checked against the archive's real
/// size and the decompression budget before anything is decompressed); files of a folder through
/// ``SafeFile`` (regular files only, bounded size).
final class JSONLDSource {
    let path: String
    private let archive: SafeArchive?
    private let entries: [String: SafeArchive.Entry]
    private let root: URL?
    /// Entry path prefix of the export's root inside the zip ("" or "export/").
    private let prefix: String

    init(path: String) throws {
        self.path = path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw LCAError(
                .missingFile, "the file or folder does not exist", dataset: path,
                suggestion: "give the path of an openLCA JSON-LD zip or of its unzipped folder")
        }
        if isDir.boolValue {
            archive = nil
            entries = [:]
            prefix = ""
            let url = URL(fileURLWithPath: path)
            let fm = FileManager.default
            func isExport(_ u: URL) -> Bool {
                ["processes", "flows", "unit_groups"].contains { fm.fileExists(atPath: u.appendingPathComponent($0).path) }
            }
            if isExport(url) {
                root = url
            } else if let sub = (try? fm.contentsOfDirectory(atPath: path))?.sorted().map({ url.appendingPathComponent($0) }).first(where: isExport) {
                root = sub
            } else {
                throw LCAError(
                    .malformedFile, "holds no openLCA JSON-LD folders (processes/, flows/, unit_groups/, flow_properties/)", dataset: path,
                    suggestion: "export the database from openLCA as JSON-LD")
            }
        } else {
            root = nil
            let a: SafeArchive
            do { a = try SafeArchive(path: path) } catch let e as DataError {
                throw Self.lcaError(
                    e, dataset: path,
                    suggestion: e.code == .malformedFile && e.file == path
                        ? "give an openLCA JSON-LD zip (File > Export > JSON-LD) or its unzipped folder" : nil)
            }
            archive = a
            var map: [String: SafeArchive.Entry] = [:]
            for e in a.files { map[e.path] = e }
            entries = map
            // The root is the shallowest folder holding processes/, flows/ or unit_groups/.
            var best: String? = nil
            for k in map.keys {
                let parts = k.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count >= 2, ["processes", "flows", "unit_groups"].contains(String(parts[parts.count - 2])) else { continue }
                let p = parts.dropLast(2).map { $0 + "/" }.joined()
                if best == nil || (p.count, p) < (best!.count, best!) { best = p }
            }
            guard let b = best else {
                throw LCAError(
                    .malformedFile, "holds no openLCA JSON-LD folders (processes/, flows/, unit_groups/, flow_properties/)", dataset: path,
                    suggestion: "export the database from openLCA as JSON-LD")
            }
            prefix = b
        }
    }

    /// A ``DataError`` of the archive or file layer as the ``LCAError`` the LCI readers throw.
    static func lcaError(_ e: DataError, dataset: String, suggestion: String? = nil) -> LCAError {
        LCAError(e.code == .cannotOpen ? .missingFile : .malformedFile, e.message, dataset: e.file ?? dataset, suggestion: suggestion ?? e.suggestion)
    }

    /// The `.json` files of one folder ("processes"), sorted, as relative paths.
    func files(in folder: String) -> [String] {
        if let root {
            let dir = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return names.filter { $0.hasSuffix(".json") }.sorted().map { "\(folder)/\($0)" }
        }
        let p = prefix + folder + "/"
        return entries.keys.filter { $0.hasPrefix(p) && $0.hasSuffix(".json") && !$0.dropFirst(p.count).contains("/") }
            .map { String($0.dropFirst(prefix.count)) }.sorted()
    }

    /// The bytes of a file: read whole from the folder, or decompressed from the archive in chunks
    /// (within the archive's budget, CRC-checked).
    func data(_ rel: String) throws -> Data {
        if let root {
            let url = root.appendingPathComponent(rel)
            do { return try SafeFile.read(url.path) } catch let e as DataError { throw Self.lcaError(e, dataset: rel) }
        }
        guard let archive, let entry = entries[prefix + rel] else {
            throw LCAError(.missingFile, "is not in the archive \(path)", dataset: rel)
        }
        do { return try archive.data(entry) } catch let e as DataError { throw Self.lcaError(e, dataset: rel) }
    }

    /// Where `rel` is, for messages ("export.zip!/processes/p1.json" or the file's path).
    func location(_ rel: String) -> String {
        if let root { return root.appendingPathComponent(rel).path }
        return "\(path)!/\(prefix)\(rel)"
    }

    /// Decodes a file as `T`; malformed JSON (or a value of the wrong type) is an error naming the file.
    func decode<T: Decodable>(_ type: T.Type, _ rel: String, what: String) throws -> T {
        try decode(type, try data(rel), rel, what: what)
    }

    /// Decodes bytes already read from `rel` (so that a damaged archive, which `data(_:)` reports,
    /// is told apart from one malformed document).
    func decode<T: Decodable>(_ type: T.Type, _ d: Data, _ rel: String, what: String) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: d) } catch let e as DecodingError {
            let detail: String
            switch e {
            case .dataCorrupted(let c) where c.codingPath.isEmpty:
                detail = "is not valid JSON (\(c.debugDescription)\(c.underlyingError.map { ": \($0.localizedDescription)" } ?? ""))"
            case .dataCorrupted(let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
                detail = "cannot be read as an openLCA \(what): \(c.debugDescription) at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
            case .keyNotFound(let k, let c):
                detail =
                    "cannot be read as an openLCA \(what): '\(k.stringValue)' is missing at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
            @unknown default:
                detail = "cannot be read as an openLCA \(what): \(e)"
            }
            throw LCAError(
                .malformedFile, "\(detail) (in \(path))", dataset: rel,
                suggestion: "export the database from openLCA again; the file may have been edited or truncated")
        }
    }
}

// MARK: - Documents (olca-schema 1.x names, with the 2.x spellings where they differ)

/// A reference to another entity: `{"@type": "Flow", "@id": "…", "name": "…"}` (2.x exchange refs carry `internalId`).
struct OlcaRef: Decodable {
    var id: String?
    var name: String?
    var code: String?
    var internalId: Int?
    enum CodingKeys: String, CodingKey { case id = "@id", name, code, internalId }
}

/// A field that is a reference object in 1.x and a plain string in 2.x (category path, location code).
enum OlcaRefOrText: Decodable {
    case ref(OlcaRef)
    case text(String)
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { self = .text(s) } else { self = .ref(try c.decode(OlcaRef.self)) }
    }
}

struct OlcaUnit: Decodable {
    var id: String?
    var name: String?
    var conversionFactor: Double?
    var referenceUnit: Bool?
    var isRefUnit: Bool?
    enum CodingKeys: String, CodingKey { case id = "@id", name, conversionFactor, referenceUnit, isRefUnit }
}

struct OlcaUnitGroup: Decodable {
    var id: String
    var name: String?
    var units: [OlcaUnit]?
    enum CodingKeys: String, CodingKey { case id = "@id", name, units }
}

struct OlcaFlowProperty: Decodable {
    var id: String
    var name: String?
    var unitGroup: OlcaRef?
    enum CodingKeys: String, CodingKey { case id = "@id", name, unitGroup }
}

struct OlcaCategory: Decodable {
    var id: String
    var name: String?
    var category: OlcaRef?
    enum CodingKeys: String, CodingKey { case id = "@id", name, category }
}

struct OlcaLocation: Decodable {
    var id: String
    var name: String?
    var code: String?
    enum CodingKeys: String, CodingKey { case id = "@id", name, code }
}

struct OlcaFlowPropertyFactor: Decodable {
    var flowProperty: OlcaRef?
    var conversionFactor: Double?
    var referenceFlowProperty: Bool?
    var isRefFlowProperty: Bool?
}

struct OlcaFlow: Decodable {
    var id: String
    var name: String?
    var flowType: String?
    var cas: String?
    var category: OlcaRefOrText?
    var location: OlcaRefOrText?
    var flowProperties: [OlcaFlowPropertyFactor]?
    enum CodingKeys: String, CodingKey { case id = "@id", name, flowType, cas, category, location, flowProperties }
}

struct OlcaUncertainty: Decodable {
    var distributionType: String?
    var geomMean: Double?
    var geomSd: Double?
    var mean: Double?
    var sd: Double?
    var minimum: Double?
    var mode: Double?
    var maximum: Double?
}

struct OlcaExchange: Decodable {
    var flow: OlcaRef?
    var flowProperty: OlcaRef?
    var unit: OlcaRef?
    var amount: Double?
    var amountFormula: String?
    var input: Bool?
    var isInput: Bool?
    var quantitativeReference: Bool?
    var isQuantitativeReference: Bool?
    var avoidedProduct: Bool?
    var isAvoidedProduct: Bool?
    var defaultProvider: OlcaRef?
    var uncertainty: OlcaUncertainty?
    var internalId: Int?
    var description: String?
}

struct OlcaAllocationFactor: Decodable {
    struct ExchangeRef: Decodable {
        var flow: OlcaRef?
        var internalId: Int?
    }
    var allocationType: String?
    var value: Double?
    var product: OlcaRef?
    var exchange: ExchangeRef?
}

struct OlcaParameter: Decodable {
    var name: String?
    var value: Double?
}

struct OlcaDocumentation: Decodable {
    var timeDescription: String?
    var geographyDescription: String?
    var technologyDescription: String?
    var validFrom: String?
    var validUntil: String?
    var publication: OlcaRef?
    var dataGenerator: OlcaRef?
    var sources: [OlcaRef]?
}

struct OlcaProcess: Decodable {
    var id: String
    var name: String?
    var description: String?
    var category: OlcaRefOrText?
    var location: OlcaRefOrText?
    var exchanges: [OlcaExchange]?
    var allocationFactors: [OlcaAllocationFactor]?
    var defaultAllocationMethod: String?
    var parameters: [OlcaParameter]?
    var processDocumentation: OlcaDocumentation?
    /// olca-schema 2.x: `{"internalId": n}` of the reference exchange.
    var quantitativeReference: OlcaRef?
    enum CodingKeys: String, CodingKey {
        case id = "@id", name, description, category, location, exchanges, allocationFactors, defaultAllocationMethod, parameters,
            processDocumentation,
            quantitativeReference
    }
}

// MARK: - Reader

private struct Reader {
    let source: JSONLDSource
    let strict: Bool
    var report: LCIImportReport

    var unitGroups: [String: LCIUnitGroup] = [:]
    /// Unit id → (unit group id, unit name as stored).
    var unitsByID: [String: (String, String)] = [:]
    var flowProperties: [String: LCIFlowProperty] = [:]
    var categories: [String: (name: String, parent: String?)] = [:]
    var locations: [String: String] = [:]
    var flows: [String: LCIFlow] = [:]

    var unknownUnits = IssueCollector()
    var missingFlows = IssueCollector()
    var missingRefs = IssueCollector()
    var noReference = IssueCollector()

    init(source: JSONLDSource, strict: Bool) {
        self.source = source
        self.strict = strict
        self.report = LCIImportReport(source: source.path, format: "openLCA JSON-LD")
    }

    mutating func run(name: String, provenance: Provenance?) throws -> (LCIDatabase, LCIImportReport) {
        for rel in source.files(in: "unit_groups") { readUnitGroup(try source.decode(OlcaUnitGroup.self, rel, what: "unit group")) }
        for rel in source.files(in: "flow_properties") {
            try readFlowProperty(try source.decode(OlcaFlowProperty.self, rel, what: "flow property"), rel)
        }
        for rel in source.files(in: "categories") {
            let c = try source.decode(OlcaCategory.self, rel, what: "category")
            categories[c.id] = (c.name ?? "", c.category?.id)
        }
        for rel in source.files(in: "locations") {
            let l = try source.decode(OlcaLocation.self, rel, what: "location")
            locations[l.id] = l.code.flatMap { $0.isEmpty ? nil : $0 } ?? l.name ?? l.id
        }
        let missingUnitData = source.files(in: "unit_groups").isEmpty || source.files(in: "flow_properties").isEmpty
        for rel in source.files(in: "flows") {
            let o = try source.decode(OlcaFlow.self, rel, what: "flow")
            try addStandardUnits(for: o, rel, required: missingUnitData)
            try readFlow(o, rel)
        }
        var processes: [LCIProcess] = []
        var rejected: [LCIRejectedProcess] = []
        var processFile: [String: String] = [:]
        for rel in source.files(in: "processes") {
            // Each process is imported or rejected on its own; the reasons go into the report.
            let o: OlcaProcess
            // A damaged archive (an entry that inflates past its header, a bad CRC) stops the import;
            // only a document that is not a readable process is rejected on its own.
            let bytes = try source.data(rel)
            do { o = try source.decode(OlcaProcess.self, bytes, rel, what: "process") } catch let e as LCAError
                where !strict && e.code == .malformedFile
            {
                rejected.append(
                    LCIRejectedProcess(
                        id: ((rel as NSString).lastPathComponent as NSString).deletingPathExtension, name: rel, source: source.location(rel),
                        reasons: [e.message]))
                continue
            }
            // Two documents with one @id would be two rows with one key in the store.
            if let first = processFile[o.id] {
                throw LCAError(
                    .malformedFile,
                    "the process id \(o.id) ('\(o.name ?? o.id)') is also the id of \(first); process ids must be unique (in \(source.path))",
                    dataset: rel, suggestion: "remove the duplicate document or give it its own @id, then import again; nothing was imported")
            }
            processFile[o.id] = rel
            let p = try readProcess(o, rel)
            if p.referenceExchange == nil {
                let outputs = p.exchanges.filter { !$0.isInput && flows[$0.flowID]?.type != .elementary }.map(\.flowID)
                rejected.append(
                    LCIRejectedProcess(
                        id: p.id, name: p.name, source: source.location(rel),
                        reasons: ["the process has no quantitative reference (reference product)"], products: outputs))
                continue
            }
            processes.append(p)
        }

        var db = LCIDatabase(
            name: name, provenance: provenance, unitGroups: unitGroups, flowProperties: flowProperties, flows: flows, processes: processes)
        db.rejected = rejected.sorted { $0.id < $1.id }
        report.count(db)
        report.rejected = db.rejected
        report.unknownUnits = unknownUnits.issues
        report.missingFlows = missingFlows.issues
        report.missingReferences = missingRefs.issues
        report.processesWithoutReference = noReference.issues
        return (db, report)
    }

    // MARK: Unit groups, flow properties, flows

    /// An export without unit groups or flow properties: the flow properties a flow uses that are
    /// not in the export come from openLCA's standard reference units (``OpenLCAStandardUnits``),
    /// with a warning. One that is not a standard one is an error (`required`), so that nothing is
    /// stored with its exchanges silently left out.
    mutating func addStandardUnits(for o: OlcaFlow, _ rel: String, required: Bool) throws {
        for fp in o.flowProperties ?? [] {
            guard let pid = fp.flowProperty?.id else { continue }
            let known = flowProperties[pid].map { unitGroups[$0.unitGroupID] != nil } ?? false
            if known { continue }
            let gid = flowProperties[pid]?.unitGroupID
            guard let g = OpenLCAStandardUnits.groups.first(where: { $0.propertyID == pid || $0.id == gid }) else {
                if required {
                    throw LCAError(
                        .missingEntity,
                        "the flow '\(o.name ?? o.id)' uses the flow property '\(fp.flowProperty?.name ?? pid)' (\(pid)), which is neither in the export (it has no unit_groups/ or flow_properties/) nor one of openLCA's standard flow properties",
                        dataset: rel, suggestion: "export the database from openLCA with its unit groups and flow properties; nothing was imported")
                }
                continue
            }
            var catalog = LCIUnitCatalog()
            var units: [String: Double] = [:]
            let reference = try? catalog.resolve(g.referenceUnit)
            for u in g.units {
                guard let r = try? catalog.resolve(u.name), let ref = reference, r.propertyID == ref.propertyID else { continue }
                units[u.name] = r.factor / ref.factor
                unitsByID[u.id] = (g.id, u.name)
            }
            units[g.referenceUnit] = 1
            if unitGroups[g.id] == nil { unitGroups[g.id] = LCIUnitGroup(id: g.id, name: g.name, referenceUnit: g.referenceUnit, units: units) }
            if flowProperties[pid] == nil { flowProperties[pid] = LCIFlowProperty(id: pid, name: g.propertyName, unitGroupID: g.id) }
            let note =
                "flow property '\(g.propertyName)' (\(pid)) is not in the export: openLCA's standard one is used (unit group '\(g.name)', reference unit \(g.referenceUnit))"
            if !report.warnings.contains(note) { report.warnings.append(note) }
        }
    }

    mutating func readUnitGroup(_ g: OlcaUnitGroup) {
        let gname = g.name ?? g.id
        var units: [String: Double] = [:]
        var reference: String? = nil
        var firstUnit: String? = nil, unitOne: String? = nil
        for u in g.units ?? [] {
            guard var uname = u.name else { continue }
            let factor = u.conversionFactor ?? 1
            if units[uname] != nil {
                var k = 2
                while units["\(uname) (\(k))"] != nil { k += 1 }
                report.warnings.append(
                    "unit group '\(gname)' has two units named '\(uname)' (factors \(units[uname]!) and \(factor)); the second is kept as '\(uname) (\(k))'"
                )
                uname = "\(uname) (\(k))"
            }
            units[uname] = factor
            if let uid = u.id { unitsByID[uid] = (g.id, uname) }
            if (u.referenceUnit ?? u.isRefUnit) == true { reference = uname }
            if firstUnit == nil { firstUnit = uname }
            if unitOne == nil, factor == 1 { unitOne = uname }
        }
        if reference == nil {
            reference = unitOne ?? firstUnit
            report.warnings.append("unit group '\(gname)' marks no reference unit; '\(reference ?? "")' is used")
        }
        unitGroups[g.id] = LCIUnitGroup(id: g.id, name: gname, referenceUnit: reference ?? "", units: units)
    }

    mutating func readFlowProperty(_ p: OlcaFlowProperty, _ rel: String) throws {
        let name = p.name ?? p.id
        guard let ug = p.unitGroup?.id else { throw LCAError(.malformedFile, "the flow property '\(name)' has no unitGroup", dataset: rel) }
        if unitGroups[ug] == nil {
            if strict { throw LCAError(.missingFile, "the unit group \(ug) of flow property '\(name)' is not in unit_groups/", dataset: rel) }
            missingRefs.add("unit group \(ug) (of flow property '\(name)')", at: rel)
        }
        flowProperties[p.id] = LCIFlowProperty(id: p.id, name: name, unitGroupID: ug)
    }

    func categoryPath(_ c: OlcaRefOrText?) -> [String] {
        switch c {
        case nil: return []
        case .text(let s)?: // olca-schema 2.x: a path string
            return s.split(separator: "/").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        case .ref(let ref)?:
            guard let id = ref.id, categories[id] != nil else { return ref.name.map { [$0] } ?? [] }
            var path: [String] = []
            var cur: String? = id
            var seen = Set<String>()
            while let c = cur, let entry = categories[c], !seen.contains(c) {
                seen.insert(c)
                path.insert(entry.name, at: 0)
                cur = entry.parent
            }
            return path
        }
    }

    func location(_ l: OlcaRefOrText?) -> String? {
        switch l {
        case nil: return nil
        case .text(let s)?: return s.isEmpty ? nil : s
        case .ref(let ref)?:
            if let id = ref.id, let code = locations[id] { return code }
            return ref.code.flatMap { $0.isEmpty ? nil : $0 } ?? ref.name
        }
    }

    mutating func readFlow(_ o: OlcaFlow, _ rel: String) throws {
        let name = o.name ?? o.id
        let type: LCIFlowType
        switch o.flowType {
        case "ELEMENTARY_FLOW": type = .elementary
        case "WASTE_FLOW": type = .waste
        case "PRODUCT_FLOW": type = .product
        default:
            throw LCAError(
                .malformedFile, "flow '\(name)' has flowType '\(o.flowType ?? "")' (expected ELEMENTARY_FLOW, PRODUCT_FLOW or WASTE_FLOW)",
                dataset: rel)
        }
        var factors: [String: Double] = [:]
        var reference: String? = nil
        var first: String? = nil
        for fp in o.flowProperties ?? [] {
            guard let pid = fp.flowProperty?.id else { continue }
            factors[pid] = fp.conversionFactor ?? 1
            if first == nil { first = pid }
            if (fp.referenceFlowProperty ?? fp.isRefFlowProperty) == true { reference = pid }
            if flowProperties[pid] == nil {
                if strict { throw LCAError(.missingFile, "flow property \(pid) of flow '\(name)' is not in flow_properties/", dataset: rel) }
                missingRefs.add("flow property \(pid) (of flow '\(name)')", at: rel)
            }
        }
        if reference == nil {
            if let f = first {
                report.warnings.append("flow '\(name)' (\(o.id)) marks no reference flow property; the first one is used")
                reference = f
            } else {
                if strict { throw LCAError(.malformedFile, "flow '\(name)' has no flow property", dataset: rel) }
                missingRefs.add("flow properties of flow '\(name)' (\(o.id))", at: rel)
            }
        }
        let cas = o.cas?.trimmingCharacters(in: .whitespaces)
        flows[o.id] = LCIFlow(
            id: o.id, name: name, type: type, cas: (cas?.isEmpty ?? true) ? nil : cas, category: categoryPath(o.category),
            referencePropertyID: reference ?? "", propertyFactors: factors, location: location(o.location))
    }

    // MARK: Processes

    mutating func readProcess(_ o: OlcaProcess, _ rel: String) throws -> LCIProcess {
        let pname = o.name ?? o.id
        var exchanges: [LCIExchange] = []
        var flowByInternalID: [Int: String] = [:]
        for (position, x) in (o.exchanges ?? []).enumerated() {
            guard let exchange = try readExchange(x, position: position, rel, process: pname) else { continue }
            if let internalID = exchange.internalID { flowByInternalID[internalID] = exchange.flowID }
            exchanges.append(exchange)
        }
        // olca-schema 2.x marks the reference on the process: {"quantitativeReference": {"internalId": n}}.
        if !exchanges.contains(where: \.isQuantitativeReference), let qref = o.quantitativeReference?.internalId,
            let i = exchanges.firstIndex(where: { $0.internalID == qref })
        {
            exchanges[i].isQuantitativeReference = true
        }
        if !exchanges.contains(where: \.isQuantitativeReference) {
            if strict { throw LCAError(.noReferenceProduct, "the process has no quantitative reference", dataset: rel, entity: pname) }
            noReference.add("\(pname) (\(o.id))", at: rel)
        }
        var factors: [LCIAllocationFactor] = []
        for a in o.allocationFactors ?? [] {
            let exchangeFlow = a.exchange?.flow?.id ?? a.exchange?.internalId.flatMap { flowByInternalID[$0] }
            factors.append(
                LCIAllocationFactor(
                    method: Self.allocation(a.allocationType) ?? .none, productID: a.product?.id ?? "",
                    value: a.value ?? 0, exchangeFlowID: exchangeFlow))
        }
        var parameters: [String: Double] = [:]
        for p in o.parameters ?? [] {
            if let n = p.name, let v = p.value, parameters[n] == nil { parameters[n] = v }
        }
        return LCIProcess(
            id: o.id, name: pname, category: categoryPath(o.category).joined(separator: "/"), location: location(o.location), exchanges: exchanges,
            defaultAllocation: Self.allocation(o.defaultAllocationMethod), allocationFactors: factors, parameters: parameters,
            description: o.description.flatMap { $0.isEmpty ? nil : $0 },
            documentation: Self.documentation(o.processDocumentation))
    }

    /// The exchange at `position` of process `pname`; nil (listed in the report) when its flow, flow property, unit
    /// group or unit is not in the data and the reader is not strict.
    mutating func readExchange(_ x: OlcaExchange, position: Int, _ rel: String, process pname: String) throws -> LCIExchange? {
        guard let flowID = x.flow?.id else {
            throw LCAError(.malformedFile, "exchange \(position + 1) has no flow", dataset: rel, entity: pname)
        }
        let flowName = x.flow?.name ?? flowID
        guard let flow = flows[flowID] else {
            if strict {
                throw LCAError(
                    .missingFile, "exchange \(position + 1) refers to the flow '\(flowName)' (\(flowID)), which is not in flows/", dataset: rel,
                    entity: pname,
                    suggestion:
                        "export the database again with its flows, or import without strict to leave such exchanges out (they are listed in the report)"
                )
            }
            missingFlows.add("\(flowName) (\(flowID))", at: pname)
            return nil
        }
        let propertyID = x.flowProperty?.id ?? flow.referencePropertyID
        guard let property = flowProperties[propertyID], let group = unitGroups[property.unitGroupID], flow.propertyFactors[propertyID] != nil
        else {
            let what =
                flowProperties[propertyID] == nil
                ? "flow property \(propertyID)"
                : unitGroups[flowProperties[propertyID]!.unitGroupID] == nil
                    ? "unit group of flow property '\(flowProperties[propertyID]!.name)'"
                    : "flow property '\(flowProperties[propertyID]!.name)' of flow '\(flow.name)'"
            if strict {
                throw LCAError(.missingEntity, "exchange \(position + 1) (\(flow.name)): \(what) is not in the data", dataset: rel, entity: pname)
            }
            missingRefs.add(what, at: pname)
            return nil
        }
        var unit: String? = nil
        if let uid = x.unit?.id, let (gid, uname) = unitsByID[uid], gid == group.id { unit = uname }
        if unit == nil, let uname = x.unit?.name, group.units[uname] != nil { unit = uname }
        if x.unit == nil { unit = group.referenceUnit }
        guard let unitName = unit else {
            let shown = x.unit?.name ?? x.unit?.id ?? "?"
            if strict {
                throw LCAError(
                    .unknownUnit,
                    "exchange \(position + 1) (\(flow.name)) is in unit '\(shown)', which is not in the unit group '\(group.name)' of its flow property '\(property.name)'",
                    dataset: rel, entity: pname, suggestion: "add the unit to the unit group in openLCA and export again")
            }
            unknownUnits.add("\(shown) (not in \(group.name))", at: pname)
            return nil
        }
        let formula = x.amountFormula.flatMap { $0.isEmpty ? nil : $0 }
        let amount = x.amount ?? 0
        if let f = formula { report.formulas.append(.init(process: pname, flow: flow.name, formula: f, amount: amount)) }
        return LCIExchange(
            flowID: flowID, amount: amount, unit: unitName, propertyID: propertyID,
            isInput: x.input ?? x.isInput ?? false,
            isQuantitativeReference: x.quantitativeReference ?? x.isQuantitativeReference ?? false,
            isAvoidedProduct: x.avoidedProduct ?? x.isAvoidedProduct ?? false,
            defaultProviderID: x.defaultProvider?.id,
            uncertainty: Self.uncertainty(x.uncertainty),
            formula: formula, internalID: x.internalId ?? (position + 1),
            description: x.description.flatMap { $0.isEmpty ? nil : $0 })
    }

    static func allocation(_ s: String?) -> AllocationMethod? {
        switch s {
        case "PHYSICAL_ALLOCATION": .physical
        case "ECONOMIC_ALLOCATION": .economic
        case "CAUSAL_ALLOCATION": .causal
        case "NO_ALLOCATION", "USE_DEFAULT_ALLOCATION": AllocationMethod.none
        default: nil
        }
    }

    static func uncertainty(_ u: OlcaUncertainty?) -> LCIUncertainty? {
        guard let u else { return nil }
        func params(_ pairs: [(String, Double?)]) -> [String: Double] {
            var out: [String: Double] = [:]
            for (k, v) in pairs { if let v { out[k] = v } }
            return out
        }
        switch u.distributionType {
        case "LOG_NORMAL_DISTRIBUTION": return LCIUncertainty(kind: .lognormal, parameters: params([("geomMean", u.geomMean), ("geomSd", u.geomSd)]))
        case "NORMAL_DISTRIBUTION": return LCIUncertainty(kind: .normal, parameters: params([("mean", u.mean), ("sd", u.sd)]))
        case "TRIANGLE_DISTRIBUTION":
            return LCIUncertainty(kind: .triangular, parameters: params([("minimum", u.minimum), ("mode", u.mode), ("maximum", u.maximum)]))
        case "UNIFORM_DISTRIBUTION": return LCIUncertainty(kind: .uniform, parameters: params([("minimum", u.minimum), ("maximum", u.maximum)]))
        default: return nil
        }
    }

    /// The documentation fields Yuheng keeps (see ``OpenLCAReader``).
    static func documentation(_ d: OlcaDocumentation?) -> [String: String] {
        guard let d else { return [:] }
        var out: [String: String] = [:]
        func put(_ key: String, _ value: String?) {
            if let v = value?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty { out[key] = v }
        }
        put("time", d.timeDescription)
        put("geography", d.geographyDescription)
        put("technology", d.technologyDescription)
        put("validFrom", d.validFrom)
        put("validUntil", d.validUntil)
        put("publication", d.publication?.name)
        put("dataGenerator", d.dataGenerator?.name)
        var names: [String] = []
        for s in d.sources ?? [] {
            if let n = s.name?.trimmingCharacters(in: .whitespacesAndNewlines), !n.isEmpty, !names.contains(n) { names.append(n) }
        }
        if !names.isEmpty { out["sources"] = names.joined(separator: "; ") }
        return out
    }
}
