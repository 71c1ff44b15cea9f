import Foundation
import YuhengCore
import YuhengLCA

/// Reads the Brightway 2 "CSV" inventory layout (as written by `bw2io` and in its example
/// `example.csv`): a metadata block, then blocks that start with `Activity,<name>`, followed by
/// `key,value` lines (`code`, `categories`, `location`, `unit`, `production amount`, …), an
/// `Exchanges` line, a header (`name,amount,unit,database,categories,location,type,uncertainty
/// type,loc,scale,shape,minimum,maximum`, in any order) and one row per exchange. Line ends may be
/// LF, CRLF or CR (old Mac).
///
/// Mapping: each activity becomes a process (id = `code`, else the name); `production` exchanges
/// are product outputs (the first is the quantitative reference), `technosphere` exchanges product
/// inputs, `biosphere` exchanges elementary flows with category `a::b` → `[a, b]` (inputs when the
/// first category is a resource compartment, else outputs). Technosphere flows are identified by
/// name (case-insensitive), so an input named like another activity's product links to it. Units
/// are read as in ``LCIUnitCatalog`` (`kilogram`, `kilowatt hour`, …); an exchange whose unit is
/// unknown (`(Unknown)`) is left out and listed in the report. Uncertainty types 2 lognormal (loc =
/// ln geometric mean, scale = ln geometric sd), 3 normal, 4 uniform, 5 triangular are kept.
public enum BrightwayCSVReader {
    /// Reads a Brightway CSV file (UTF-8, else Latin-1) into a database and an import report of what was left out.
    ///
    /// `name` overrides the database name (default: the file's metadata block, else its name); `provenance` is attached. Throws ``LCAError``.
    public static func read(path: String, name: String? = nil, provenance: Provenance? = nil) throws -> (LCIDatabase, LCIImportReport) {
        let data = try LCITextFile.bytes(path, fileName: path)
        // UTF-8, else Latin-1 (older bw2io exports); UTF-16 or binary data is an error that says so.
        let text: String
        do { text = try TextDecoding.utf8(data) } catch let e as CoreError {
            guard TextDecoding.guess(data).contains("Latin-1"), let latin1 = String(data: data, encoding: .isoLatin1) else {
                throw LCAError(.malformedFile, e.message, dataset: path, suggestion: "export the database again from Brightway (bw2io) as CSV")
            }
            text = latin1
        }
        return try read(text: text, fileName: (path as NSString).lastPathComponent, name: name, provenance: provenance)
    }

    /// Reads Brightway CSV text; `fileName` names the source in errors and in the report.
    public static func read(text: String, fileName: String, name: String? = nil, provenance: Provenance? = nil) throws -> (
        LCIDatabase, LCIImportReport
    ) {
        let records = try CSVRecords.split(
            text, file: fileName, maxRecordBytes: (try? ImportLimits.current().maxLineBytes) ?? ImportLimits.defaults.maxLineBytes)
        var reader = BrightwayBlocks(records: records, fileName: fileName)
        let (databaseName, processes) = try reader.read()
        var report = LCIImportReport(source: fileName, format: "Brightway CSV")
        var noReference = IssueCollector()
        for p in processes where p.referenceExchange == nil { noReference.add("\(p.name) (\(p.id))", at: fileName) }
        let db = LCIDatabase(
            name: name ?? databaseName ?? (fileName as NSString).deletingPathExtension, provenance: provenance,
            unitGroups: reader.catalog.unitGroups, flowProperties: reader.catalog.flowProperties, flows: reader.flows, processes: processes)
        report.count(db)
        report.unknownUnits = reader.unknownUnits.issues
        report.processesWithoutReference = noReference.issues
        return (db, report)
    }

    static func uncertainty(_ r: [String], header: [String]) -> LCIUncertainty? {
        func num(_ n: String) -> Double? {
            guard let c = header.firstIndex(of: n), c < r.count else { return nil }
            return Double(r[c].trimmingCharacters(in: .whitespaces))
        }
        guard let t = num("uncertainty type") else { return nil }
        var p: [String: Double] = [:]
        switch Int(t) {
        case 2:
            guard let loc = num("loc"), let scale = num("scale") else { return nil }
            return LCIUncertainty(kind: .lognormal, parameters: ["geomMean": exp(loc), "geomSd": exp(scale)])
        case 3:
            guard let loc = num("loc"), let scale = num("scale") else { return nil }
            return LCIUncertainty(kind: .normal, parameters: ["mean": loc, "sd": scale])
        case 4:
            if let v = num("minimum") { p["minimum"] = v }
            if let v = num("maximum") { p["maximum"] = v }
            return p.count == 2 ? LCIUncertainty(kind: .uniform, parameters: p) : nil
        case 5:
            if let v = num("minimum") { p["minimum"] = v }
            if let v = num("loc") { p["mode"] = v }
            if let v = num("maximum") { p["maximum"] = v }
            return p.count == 3 ? LCIUncertainty(kind: .triangular, parameters: p) : nil
        default:
            return nil
        }
    }
}

/// The records of a Brightway CSV file read block by block: the metadata, then each activity with its exchanges.
private struct BrightwayBlocks {
    let records: [(line: Int, fields: [String])]
    let fileName: String
    /// The next record to read.
    var i = 0
    var catalog = LCIUnitCatalog()
    var flows: [String: LCIFlow] = [:]
    var unknownUnits = IssueCollector()

    init(records: [(line: Int, fields: [String])], fileName: String) {
        self.records = records
        self.fileName = fileName
    }

    static func isBlank(_ r: [String]) -> Bool { r.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }

    /// The database name of the metadata block and the processes of the activity blocks.
    mutating func read() throws -> (String?, [LCIProcess]) {
        var databaseName: String? = nil
        // Metadata block (Database, format, …) until the first Activity.
        while i < records.count, records[i].fields.first != "Activity" {
            if records[i].fields.first == "Database", records[i].fields.count > 1 { databaseName = records[i].fields[1] }
            i += 1
        }
        guard i < records.count else {
            throw LCAError(
                .malformedFile, "has no 'Activity' block", dataset: fileName,
                suggestion: "expected the Brightway CSV layout (Activity,<name> … Exchanges …)")
        }
        var processes: [LCIProcess] = []
        while i < records.count {
            let (line, fields) = records[i]
            guard fields.first == "Activity", fields.count > 1 else { i += 1; continue }
            processes.append(try activity(named: fields[1], line: line))
            while i < records.count, Self.isBlank(records[i].fields) { i += 1 }
        }
        return (databaseName, processes)
    }

    /// The activity block whose `Activity,<name>` record is at `i`: its `key,value` lines, exchange header and exchanges.
    mutating func activity(named activityName: String, line: Int) throws -> LCIProcess {
        var meta: [String: String] = [:]
        i += 1
        while i < records.count, records[i].fields.first != "Exchanges", records[i].fields.first != "Activity" {
            let r = records[i].fields
            if r.count > 1, !r[0].isEmpty { meta[r[0]] = r[1] }
            i += 1
        }
        guard i < records.count, records[i].fields.first == "Exchanges", i + 1 < records.count else {
            throw LCAError(.malformedFile, "activity '\(activityName)' has no Exchanges block", dataset: fileName, entity: "line \(line)")
        }
        let header = records[i + 1].fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard header.contains("name"), header.contains("amount"), header.contains("type") else {
            throw LCAError(
                .malformedFile, "the exchange header needs name, amount and type", dataset: fileName, entity: "line \(records[i + 1].line)")
        }
        i += 2
        let pid = meta["code"].flatMap { $0.isEmpty ? nil : $0 } ?? activityName
        var exchanges: [LCIExchange] = []
        while i < records.count, records[i].fields.first != "Activity", !Self.isBlank(records[i].fields) {
            let (xl, r) = records[i]
            i += 1
            let hasReference = exchanges.contains(where: \.isQuantitativeReference)
            guard let x = try exchange(r, line: xl, header: header, activity: activityName, hasReference: hasReference, id: exchanges.count + 1)
            else { continue }
            exchanges.append(x)
        }
        let cats =
            meta["categories"].map { $0.components(separatedBy: "::").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "/") }
            ?? ""
        var doc: [String: String] = [:]
        if let f = meta["filename"] { doc["filename"] = f }
        return LCIProcess(
            id: pid, name: activityName, category: cats, location: meta["location"].flatMap { $0.isEmpty ? nil : $0 },
            exchanges: exchanges, description: meta["comment"], documentation: doc)
    }

    /// One exchange row (a production exchange is the reference unless the process `hasReference` already); nil,
    /// noted in the report, when its unit is unknown or of another dimension than the flow's other exchanges.
    mutating func exchange(_ r: [String], line xl: Int, header: [String], activity activityName: String, hasReference: Bool, id: Int) throws
        -> LCIExchange?
    {
        func value(_ c: Int?) -> String? {
            guard let c, c < r.count else { return nil }
            let v = r[c].trimmingCharacters(in: .whitespaces)
            return v.isEmpty || v == "(Unknown)" ? nil : v
        }
        func col(_ n: String) -> Int? { header.firstIndex(of: n) }
        guard let flowName = value(col("name")) else {
            throw LCAError(.malformedFile, "an exchange has no name", dataset: fileName, entity: "line \(xl)")
        }
        guard let amountText = value(col("amount")), let amount = Double(amountText), amount.isFinite else {
            throw LCAError(.invalidAmount, "the amount of '\(flowName)' is not a number", dataset: fileName, entity: "line \(xl)")
        }
        let type = value(col("type")) ?? ""
        let unitText = col("unit").flatMap { $0 < r.count ? r[$0].trimmingCharacters(in: .whitespaces) : nil } ?? ""
        let resolved: LCIUnitCatalog.Resolved
        do { resolved = try catalog.resolve(unitText) } catch {
            unknownUnits.add(unitText.isEmpty ? "(empty)" : unitText, at: "\(activityName): \(flowName) (line \(xl))")
            return nil
        }
        let categories =
            value(col("categories"))?.components(separatedBy: "::").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            ?? []
        let (flowID, flowType, isInput) = try identify(flowName, type: type, categories: categories, line: xl)
        if let f = flows[flowID] {
            guard f.propertyFactors[resolved.propertyID] != nil else {
                unknownUnits.add("\(unitText) (other dimension than \(flowName)'s other exchanges)", at: "\(activityName) (line \(xl))")
                return nil
            }
        } else {
            flows[flowID] = LCIFlow(
                id: flowID, name: flowName, type: flowType, category: flowType == .elementary ? categories : [],
                referencePropertyID: resolved.propertyID, propertyFactors: [resolved.propertyID: 1])
        }
        return LCIExchange(
            flowID: flowID, amount: amount, unit: resolved.unit, propertyID: resolved.propertyID, isInput: isInput,
            isQuantitativeReference: type == "production" && !hasReference, uncertainty: BrightwayCSVReader.uncertainty(r, header: header),
            internalID: id)
    }

    /// The flow of an exchange of `type` (production, technosphere, substitution, biosphere): its id, type and direction.
    func identify(_ flowName: String, type: String, categories: [String], line xl: Int) throws -> (String, LCIFlowType, Bool) {
        switch type {
        case "production":
            return ("bw:product:\(flowName.lowercased())", .product, false)
        case "technosphere", "substitution":
            return ("bw:product:\(flowName.lowercased())", .product, true)
        case "biosphere":
            let first = categories.first?.lowercased() ?? ""
            let isInput = first == "resource" || first == "natural resource" || first.hasPrefix("resource")
            return ("bw:elementary:\(categories.joined(separator: "/")):\(flowName)", .elementary, isInput)
        default:
            throw LCAError(
                .malformedFile, "exchange type '\(type)' of '\(flowName)' must be production, technosphere or biosphere", dataset: fileName,
                entity: "line \(xl)")
        }
    }
}

/// Splits CSV text into records (RFC 4180 quoting) with LF, CRLF or CR line ends, keeping each
/// record's 1-based starting line.
enum CSVRecords {
    static func split(_ text: String, file: String, maxRecordBytes: Int = ImportLimits.defaults.maxLineBytes) throws -> [(
        line: Int, fields: [String]
    )] {
        var out: [(Int, [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1, recordLine = 1
        let bytes = Array(text.utf8)
        var i = 0
        var recordStart = 0
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true) }
        func endRecord() { endField(); out.append((recordLine, fields)); fields.removeAll(); recordLine = line; recordStart = i + 1 }
        while i < bytes.count {
            let c = bytes[i]
            if i - recordStart >= maxRecordBytes {
                throw LCAError(
                    .malformedFile,
                    "the record starting on line \(recordLine) is longer than \(ImportLimits.describe(UInt64(maxRecordBytes))) (binary data, or a quote that is never closed?)",
                    dataset: file, entity: "line \(recordLine)",
                    suggestion:
                        "check that this is a Brightway CSV export; if its lines really are longer, set \(ImportLimits.Variable.maxLineBytes.rawValue)"
                )
            }
            if inQuotes {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 2; continue }
                    inQuotes = false
                } else if c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n") {
                    line += 1
                    field.append(UInt8(ascii: "\n"))
                    if c == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                } else {
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\""): inQuotes = true
            case UInt8(ascii: ","): endField()
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                if c == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                line += 1
                endRecord()
            default: field.append(c)
            }
            i += 1
        }
        if inQuotes { throw LCAError(.malformedFile, "a quoted field starting on line \(recordLine) is not closed", dataset: file) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return out
    }
}
