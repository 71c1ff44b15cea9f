import Foundation
import YuhengCore
import YuhengLCA

/// Reads EcoSpold2 activity datasets (`.spold`, namespace `http://www.EcoInvent.org/EcoSpold02`)
/// into an ``LCIDatabase``: a single file, or a folder of datasets (searched recursively) with an
/// optional `MasterData` folder next to or above them (`Units.xml`, `ElementaryExchanges.xml`,
/// `IntermediateExchanges.xml`), used for names, units, CAS numbers and compartments that a
/// dataset leaves out.
///
/// ```swift
/// let (db, report) = try EcoSpold2Reader.read(path: "datasets/")
/// ```
///
/// Mapping (EcoSpold2 schema 2.0, `EcoSpold02FlowData.xsd`):
/// * `activityDataset` or `childActivityDataset` → one process: `activity/@id` (if two datasets
///   share an activity id, the reference product id is appended), `activityName`, the first
///   `classification/classificationValue` as category, `geography/shortname` as location,
///   `generalComment` as description, time period, geography and technology comments as
///   documentation.
/// * `intermediateExchange` → a product flow (`@intermediateExchangeId`). `outputGroup` 0 is the
///   reference product (quantitative reference), 2 a by-product, 3 material for treatment, 5 stock
///   additions; `inputGroup` 1 materials/fuels, 2 electricity/heat, 3 services, 5 from the
///   technosphere. `@activityLinkId` becomes the default provider.
/// * `elementaryExchange` → an elementary flow (`@elementaryExchangeId`) with category
///   `[compartment, subcompartment]`; `inputGroup` 4 = from the environment (a resource input),
///   `outputGroup` 4 = to the environment (an emission).
/// * Units by name (`unitName`, else `Units.xml` by `@unitId`), grouped by dimension with
///   ``LCIUnitCatalog``'s reference units (kg, MJ, m3, t*km, …); the amount is kept as stored.
///   A flow's reference property is the dimension of its first exchange; an exchange of the same
///   flow in another dimension is reported as an unknown unit and left out.
/// * Uncertainty: `lognormal` (`@mu`, `@varianceWithPedigreeUncertainty`, else `@variance`) →
///   geomMean = e^mu, geomSd = e^√variance; `normal` → mean, sd = √variance; `triangular`
///   (`@minValue`, `@mostLikelyValue`, `@maxValue`); `uniform` (`@minValue`, `@maxValue`); other
///   distributions are not kept.
/// * `@mathematicalRelation` is kept as the formula (not evaluated); `parameter/@variableName` and
///   `@amount` become process parameters.
/// * Allocation: in a dataset with several product outputs (groups 0 and 2), a `property` named
///   `price` on every one of them gives economic factors, and `mass` (else `dry mass`) physical
///   factors: amount × property / Σ(amount × property).
public enum EcoSpold2Reader {
    /// Reads an EcoSpold2 `.spold` file or a folder of them into a database and an import report of what was left out.
    ///
    /// `name` overrides the database name; `strict` makes the first left-out exchange an error. Throws ``LCAError``.
    public static func read(
        path: String, name: String? = nil, provenance: Provenance? = nil,
        strict: Bool = false
    ) throws -> (LCIDatabase, LCIImportReport) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            throw LCAError(
                .missingFile, "the file or folder does not exist", dataset: path, suggestion: "give an EcoSpold2 .spold file or a folder of them")
        }
        let url = URL(fileURLWithPath: path)
        var files: [URL] = []
        var masterCandidates: [URL] = []
        if isDir.boolValue {
            if let e = fm.enumerator(at: url, includingPropertiesForKeys: nil) {
                for case let f as URL in e where f.pathExtension.lowercased() == "spold" { files.append(f) }
            }
            files.sort { $0.path < $1.path }
            masterCandidates = [url.appendingPathComponent("MasterData"), url.deletingLastPathComponent().appendingPathComponent("MasterData")]
            guard !files.isEmpty else {
                throw LCAError(.missingFile, "holds no .spold files", dataset: path, suggestion: "give an EcoSpold2 .spold file or a folder of them")
            }
        } else {
            files = [url]
            let dir = url.deletingLastPathComponent()
            masterCandidates = [dir.appendingPathComponent("MasterData"), dir.deletingLastPathComponent().appendingPathComponent("MasterData")]
        }
        var reader = SpoldReader(strict: strict, report: LCIImportReport(source: path, format: "EcoSpold2"))
        if let master = masterCandidates.first(where: { fm.fileExists(atPath: $0.path) }) {
            try reader.readMasterData(master)
        }
        var processes: [LCIProcess] = []
        var rejected: [LCIRejectedProcess] = []
        var firstError: LCAError? = nil
        var ids = Set<String>()
        for f in files {
            // Each dataset is imported or rejected on its own; the reasons go into the report.
            do {
                let data = try LCITextFile.bytes(f.path, fileName: f.path)
                var p = try reader.readDataset(try XMLElementNode.parse(data, file: f.lastPathComponent), file: f.lastPathComponent)
                if ids.contains(p.id), let ref = p.referenceExchange { p.id += "_" + ref.flowID }
                if ids.contains(p.id) {
                    throw LCAError(.malformedFile, "the activity id \(p.id) occurs twice", dataset: f.lastPathComponent, entity: p.name)
                }
                ids.insert(p.id)
                processes.append(p)
            } catch let r as RejectedDataset {
                if strict { throw LCAError(.noReferenceProduct, r.reason, dataset: f.lastPathComponent, entity: r.name) }
                rejected.append(LCIRejectedProcess(id: r.id, name: r.name, source: f.lastPathComponent, reasons: [r.reason], products: r.products))
                if firstError == nil { firstError = LCAError(.noReferenceProduct, r.reason, dataset: f.lastPathComponent, entity: r.name) }
            } catch let e as LCAError where !strict && e.code != .missingFile {
                if firstError == nil { firstError = e }
                rejected.append(
                    LCIRejectedProcess(
                        id: f.deletingPathExtension().lastPathComponent, name: e.entity ?? f.lastPathComponent,
                        source: f.lastPathComponent, reasons: [e.message]))
            }
        }
        let dbName = name ?? (isDir.boolValue ? url.lastPathComponent : url.deletingPathExtension().lastPathComponent)
        var db = LCIDatabase(
            name: dbName, provenance: provenance, unitGroups: reader.catalog.unitGroups,
            flowProperties: reader.catalog.flowProperties, flows: reader.flows, processes: processes)
        db.rejected = rejected.sorted { $0.id < $1.id }
        guard !processes.isEmpty else {
            if files.count == 1, let e = firstError { throw e }
            throw LCAError(
                .noReferenceProduct,
                "no dataset could be imported; \(rejected.count) rejected: "
                    + rejected.prefix(3).map { "\($0.source): \($0.reasons.joined(separator: "; "))" }.joined(separator: " | "),
                dataset: path, suggestion: "fix the datasets; nothing was imported")
        }
        var report = reader.report
        report.rejected = db.rejected
        report.count(db)
        report.unknownUnits = reader.unknownUnits.issues
        report.processesWithoutReference = reader.noReference.issues
        return (db, report)
    }
}

/// A dataset rejected on its own (no reference product, or several).
private struct RejectedDataset: Error {
    var id: String
    var name: String
    var reason: String
    var products: [String]
}

private struct SpoldReader {
    struct MasterFlow {
        var name: String?
        var unit: String?
        var cas: String?
        var compartment: [String] = []
    }

    let strict: Bool
    var report: LCIImportReport
    var catalog = LCIUnitCatalog()
    var flows: [String: LCIFlow] = [:]
    var unitNames: [String: String] = [:]
    var masterFlows: [String: MasterFlow] = [:]
    var unknownUnits = IssueCollector()
    var noReference = IssueCollector()

    init(strict: Bool, report: LCIImportReport) {
        self.strict = strict
        self.report = report
    }

    mutating func readMasterData(_ dir: URL) throws {
        func load(_ name: String) throws -> XMLElementNode? {
            let u = dir.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: u.path) else { return nil }
            let d = try LCITextFile.bytes(u.path, fileName: "MasterData/\(name)")
            return try XMLElementNode.parse(d, file: "MasterData/\(name)")
        }
        if let units = try load("Units.xml") {
            for u in units.children("unit") { if let id = u["id"], let n = u.childText("name") { unitNames[id] = n } }
        }
        if let ee = try load("ElementaryExchanges.xml") {
            for e in ee.children("elementaryExchange") {
                guard let id = e["id"] else { continue }
                let c = e.child("compartment")
                masterFlows[id] = MasterFlow(
                    name: e.childText("name"), unit: e.childText("unitName") ?? e["unitId"].flatMap { unitNames[$0] },
                    cas: e["casNumber"], compartment: [c?.childText("compartment"), c?.childText("subcompartment")].compactMap { $0 })
            }
        }
        if let ie = try load("IntermediateExchanges.xml") {
            for e in ie.children("intermediateExchange") {
                guard let id = e["id"] else { continue }
                masterFlows[id] = MasterFlow(
                    name: e.childText("name"), unit: e.childText("unitName") ?? e["unitId"].flatMap { unitNames[$0] }, cas: e["casNumber"])
            }
        }
    }

    /// A reference-product candidate of a dataset: its flow, amount and properties (for allocation factors).
    typealias Product = (flowID: String, amount: Double, properties: [String: Double])

    mutating func readDataset(_ root: XMLElementNode, file: String) throws -> LCIProcess {
        let ds = try Self.activityDataset(root, file: file)
        guard let desc = ds.child("activityDescription"), let activity = desc.child("activity"), let id = activity["id"] else {
            throw LCAError(.malformedFile, "has no activityDescription/activity with an id", dataset: file)
        }
        let pname = activity.childText("activityName") ?? id
        guard let flowData = ds.child("flowData") else {
            throw LCAError(.malformedFile, "has no flowData", dataset: file, entity: pname)
        }
        var exchanges: [LCIExchange] = []
        var products: [Product] = []
        var position = 0
        for x in flowData.children where x.name == "intermediateExchange" || x.name == "elementaryExchange" {
            position += 1
            guard let (exchange, product) = try readExchange(x, position: position, file: file, process: pname) else { continue }
            if let product { products.append(product) }
            exchanges.append(exchange)
        }
        try checkReference(exchanges, flowData: flowData, process: pname, id: id, file: file)
        var parameters: [String: Double] = [:]
        for p in flowData.children("parameter") {
            if let n = p["variableName"] ?? p.childText("name"), let v = try p.number("amount", file: file, entity: pname), parameters[n] == nil {
                parameters[n] = v
            }
        }
        let category = desc.children("classification").compactMap { $0.childText("classificationValue") }.first ?? ""
        return LCIProcess(
            id: id, name: pname, category: category, location: desc.child("geography")?.childText("shortname"), exchanges: exchanges,
            defaultAllocation: nil, allocationFactors: Self.allocationFactors(products), parameters: parameters,
            description: activity.child("generalComment")?.paragraphs, documentation: Self.documentation(desc))
    }

    /// The activity dataset of a file: the root itself, or the dataset inside `<ecoSpold>`.
    static func activityDataset(_ root: XMLElementNode, file: String) throws -> XMLElementNode {
        guard
            let ds = root.name == "ecoSpold"
                ? (root.child("activityDataset") ?? root.child("childActivityDataset"))
                : (root.name == "activityDataset" || root.name == "childActivityDataset" ? root : nil)
        else {
            throw LCAError(
                .malformedFile, "is not an EcoSpold2 activity dataset (root element <\(root.name)>)", dataset: file,
                suggestion: "expected <ecoSpold xmlns=\"http://www.EcoInvent.org/EcoSpold02\"><activityDataset>…")
        }
        return ds
    }

    /// One exchange (the `position`th) and, for a product output with a non-zero amount, the product it
    /// offers; nil when the exchange is skipped for a unit that cannot be read (only when not strict).
    mutating func readExchange(_ x: XMLElementNode, position: Int, file: String, process pname: String) throws -> (LCIExchange, Product?)? {
        let elementary = x.name == "elementaryExchange"
        guard let flowID = elementary ? x["elementaryExchangeId"] : x["intermediateExchangeId"] else {
            throw LCAError(
                .malformedFile, "exchange \(position) (<\(x.name)>) has no \(elementary ? "elementaryExchangeId" : "intermediateExchangeId")",
                dataset: file, entity: pname)
        }
        let master = masterFlows[flowID]
        let flowName = x.childText("name") ?? master?.name ?? flowID
        guard let amount = try x.number("amount", file: file, entity: pname) else {
            throw LCAError(.invalidAmount, "exchange \(position) (\(flowName)) has no amount", dataset: file, entity: pname)
        }
        let inputGroup = x.childText("inputGroup").flatMap { Int($0) }
        let outputGroup = x.childText("outputGroup").flatMap { Int($0) }
        guard (inputGroup == nil) != (outputGroup == nil) else {
            throw LCAError(
                .malformedFile, "exchange \(position) (\(flowName)) needs exactly one of inputGroup and outputGroup", dataset: file, entity: pname
            )
        }
        let what = "exchange \(position) (\(flowName))"
        guard let (unitName, resolved) = try resolveUnit(x, master: master, exchange: what, file: file, process: pname) else { return nil }
        // The flow: created at its first use, with the property of that exchange's unit.
        if flows[flowID] == nil { flows[flowID] = Self.flow(x, id: flowID, name: flowName, master: master, unit: resolved) }
        guard flows[flowID]!.propertyFactors[resolved.propertyID] != nil else {
            if strict {
                throw LCAError(
                    .unknownUnit, "\(what) is in \(unitName), a different dimension than the flow's other exchanges", dataset: file, entity: pname)
            }
            unknownUnits.add("\(unitName) (other dimension than \(flowName)'s reference unit)", at: pname)
            return nil
        }
        // The reference product: the outputGroup 0 exchange with a non-zero amount (the other
        // outputGroup 0 exchanges of a multi-output activity are listed with amount 0).
        let isReference = !elementary && outputGroup == 0 && amount != 0
        var product: Product? = nil
        if !elementary, outputGroup == 0 || outputGroup == 2, amount != 0 {
            var props: [String: Double] = [:]
            for p in x.children("property") {
                if let n = p.childText("name")?.lowercased(), let v = try p.number("amount", file: file, entity: pname) { props[n] = v }
            }
            product = (flowID, amount, props)
        }
        let formula = x["mathematicalRelation"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        if let f = formula { report.formulas.append(.init(process: pname, flow: flowName, formula: f, amount: amount)) }
        let exchange = LCIExchange(
            flowID: flowID, amount: amount, unit: resolved.unit, propertyID: resolved.propertyID, isInput: inputGroup != nil,
            isQuantitativeReference: isReference, defaultProviderID: elementary ? nil : x["activityLinkId"],
            uncertainty: try Self.uncertainty(x.child("uncertainty"), file: file, entity: pname), formula: formula, internalID: position,
            description: x.childText("comment"))
        return (exchange, product)
    }

    /// The exchange's unit name and its resolution in the catalogue; nil (noted in the report) when
    /// it has none or cannot be read and the reader is not strict.
    mutating func resolveUnit(_ x: XMLElementNode, master: MasterFlow?, exchange what: String, file: String, process pname: String) throws -> (
        String, LCIUnitCatalog.Resolved
    )? {
        guard let unitName = x.childText("unitName") ?? x["unitId"].flatMap({ unitNames[$0] }) ?? master?.unit else {
            if strict {
                throw LCAError(
                    .unknownUnit, "\(what) has no unitName and its unitId is not in MasterData/Units.xml",
                    dataset: file, entity: pname)
            }
            unknownUnits.add("(no unit name) \(x["unitId"] ?? "")", at: pname)
            return nil
        }
        do { return (unitName, try catalog.resolve(unitName)) } catch let e as UnitError {
            if strict { throw LCAError(.unknownUnit, "\(what): \(e.message)", dataset: file, entity: pname) }
            unknownUnits.add(unitName, at: pname)
            return nil
        }
    }

    /// A flow as first used by exchange `x`: its category (compartment, or classification for a product) and CAS number.
    static func flow(_ x: XMLElementNode, id flowID: String, name flowName: String, master: MasterFlow?, unit resolved: LCIUnitCatalog.Resolved)
        -> LCIFlow
    {
        let elementary = x.name == "elementaryExchange"
        var category: [String] = []
        var cas = x["casNumber"] ?? master?.cas
        if elementary {
            let c = x.child("compartment")
            category = [c?.childText("compartment"), c?.childText("subcompartment")].compactMap { $0 }
            if category.isEmpty { category = master?.compartment ?? [] }
        } else if let cl = x.child("classification")?.childText("classificationValue") {
            category = [cl]
        }
        cas = cas?.trimmingCharacters(in: .whitespaces)
        return LCIFlow(
            id: flowID, name: flowName, type: elementary ? .elementary : .product, cas: (cas?.isEmpty ?? true) ? nil : cas,
            category: category, referencePropertyID: resolved.propertyID, propertyFactors: [resolved.propertyID: 1])
    }

    /// A dataset must have exactly one reference product; otherwise it is rejected (and noted in the report).
    mutating func checkReference(_ exchanges: [LCIExchange], flowData: XMLElementNode, process pname: String, id: String, file: String) throws {
        let references = exchanges.filter(\.isQuantitativeReference)
        guard references.count != 1 else { return }
        let group0 = flowData.children("intermediateExchange").filter { $0.childText("outputGroup") == "0" }
        let names = references.map { flows[$0.flowID]?.name ?? $0.flowID }
        let reason =
            references.isEmpty
            ? "the dataset has no reference product: "
                + (group0.isEmpty
                    ? "no intermediate exchange has outputGroup 0"
                    : "every outputGroup 0 exchange (\(group0.prefix(4).map { $0.childText("name") ?? $0["intermediateExchangeId"] ?? "?" }.joined(separator: ", "))) has amount 0")
            : "the dataset has \(references.count) reference products with a non-zero amount in outputGroup 0 (\(names.joined(separator: ", "))); EcoSpold2 allows one"
        noReference.add("\(pname) (\(id))", at: file)
        throw RejectedDataset(id: id, name: pname, reason: reason, products: group0.compactMap { $0["intermediateExchangeId"] })
    }

    /// Physical (mass, else dry mass) and economic (price) allocation factors of a multi-output activity, where every product has the property.
    static func allocationFactors(_ products: [Product]) -> [LCIAllocationFactor] {
        var factors: [LCIAllocationFactor] = []
        guard products.count > 1 else { return factors }
        let methods: [(AllocationMethod, [String])] = [(.physical, ["mass", "dry mass"]), (.economic, ["price"])]
        for (method, names) in methods {
            guard let key = names.first(where: { k in products.allSatisfy { $0.properties[k] != nil } }) else { continue }
            let values = products.map { $0.amount * $0.properties[key]! }
            let total = values.reduce(0, +)
            guard total != 0 else { continue }
            for (p, v) in zip(products, values) { factors.append(LCIAllocationFactor(method: method, productID: p.flowID, value: v / total)) }
        }
        return factors
    }

    /// The activity's time period, geography and technology notes.
    static func documentation(_ desc: XMLElementNode) -> [String: String] {
        var documentation: [String: String] = [:]
        if let t = desc.child("timePeriod") {
            if let s = t["startDate"] { documentation["validFrom"] = s }
            if let e = t["endDate"] { documentation["validUntil"] = e }
            if let c = t.child("comment")?.paragraphs { documentation["time"] = c }
        }
        if let c = desc.child("geography")?.child("comment")?.paragraphs { documentation["geography"] = c }
        if let c = desc.child("technology")?.child("comment")?.paragraphs { documentation["technology"] = c }
        return documentation
    }

    static func uncertainty(_ u: XMLElementNode?, file: String, entity: String) throws -> LCIUncertainty? {
        guard let u else { return nil }
        if let l = u.child("lognormal") {
            let variance =
                try l.number("varianceWithPedigreeUncertainty", file: file, entity: entity) ?? l.number("variance", file: file, entity: entity)
            var p: [String: Double] = [:]
            if let mu = try l.number("mu", file: file, entity: entity) {
                p["geomMean"] = exp(mu)
            } else if let m = try l.number("meanValue", file: file, entity: entity) {
                p["geomMean"] = m
            }
            if let v = variance, v >= 0 { p["geomSd"] = exp(v.squareRoot()) }
            return LCIUncertainty(kind: .lognormal, parameters: p)
        }
        if let n = u.child("normal") {
            var p: [String: Double] = [:]
            if let m = try n.number("meanValue", file: file, entity: entity) { p["mean"] = m }
            if let v = try n.number("varianceWithPedigreeUncertainty", file: file, entity: entity)
                ?? n.number("variance", file: file, entity: entity), v >= 0
            {
                p["sd"] = v.squareRoot()
            }
            return LCIUncertainty(kind: .normal, parameters: p)
        }
        if let t = u.child("triangular") {
            var p: [String: Double] = [:]
            if let v = try t.number("minValue", file: file, entity: entity) { p["minimum"] = v }
            if let v = try t.number("mostLikelyValue", file: file, entity: entity) { p["mode"] = v }
            if let v = try t.number("maxValue", file: file, entity: entity) { p["maximum"] = v }
            return LCIUncertainty(kind: .triangular, parameters: p)
        }
        if let t = u.child("uniform") {
            var p: [String: Double] = [:]
            if let v = try t.number("minValue", file: file, entity: entity) { p["minimum"] = v }
            if let v = try t.number("maxValue", file: file, entity: entity) { p["maximum"] = v }
            return LCIUncertainty(kind: .uniform, parameters: p)
        }
        return nil
    }
}
