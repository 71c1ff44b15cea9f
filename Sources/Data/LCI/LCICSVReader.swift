import Foundation
import YuhengCore
import YuhengLCA

/// Reads users' own foreground inventory from a simple CSV, one row per exchange
/// (format described in `docs/lci-csv-format.md`):
///
/// ```text
/// process_id,process_name,reference,direction,flow_name,flow_type,amount,unit,compartment,provider,cas,location
/// bread,"Bread, at bakery",yes,output,"Bread, packed",product,1,kg,,,,DE
/// bread,,,input,Wheat flour,product,0.8,kg,,flour,,
/// bread,,,input,Electricity,product,0.5,kWh,,,,
/// bread,,,output,"Carbon dioxide, fossil",elementary,0.02,kg,air/urban,,124-38-9,
/// flour,Wheat flour milling,yes,output,Wheat flour,product,1000,kg,,,,DE
/// ```
///
/// Required columns: `process_id`, `direction`, `flow_name`, `amount`, `unit`; the others may be
/// left out or empty. Every error is an ``LCAError`` naming the file, the line and the column
/// (`bread.csv: line 4, column 8 (unit): unknown unit 'kgs' …`). Units are read with
/// ``MeasureUnit`` and grouped by dimension; a flow's amounts are kept as written and convert to
/// the reference unit of its dimension (mass kg, energy MJ, volume m3, area m2, count item,
/// goods transport t*km, person transport p*km, …; see ``LCIUnitCatalog``).
public enum LCICSVReader {
    /// Every column the reader knows, in the documented order.
    public static let columns = [
        "process_id", "process_name", "reference", "direction", "flow_name", "flow_type", "amount", "unit",
        "compartment", "provider", "cas", "location"
    ]
    /// Columns every file must have.
    public static let requiredColumns = ["process_id", "direction", "flow_name", "amount", "unit"]

    /// Reads a CSV file from disk: a regular file of at most ``ImportLimits/maxFileBytes``, UTF-8
    /// (a file in UTF-16 or Latin-1 is an error that says so). `fileName` names the file in errors
    /// and in the report (default: the file's name without its folder).
    public static func read(path: String, fileName: String? = nil, name: String? = nil, provenance: Provenance? = nil) throws -> (
        LCIDatabase, LCIImportReport
    ) {
        let fileName = fileName ?? (path as NSString).lastPathComponent
        let text = try LCITextFile.read(path, fileName: fileName)
        return try read(text: text, fileName: fileName, name: name, provenance: provenance)
    }

    /// Reads CSV text; `fileName` names the source in errors and in the report.
    public static func read(text: String, fileName: String, name: String? = nil, provenance: Provenance? = nil) throws -> (
        LCIDatabase, LCIImportReport
    ) {
        let table = try parseTable(text, fileName: fileName)
        var builder = try LCICSVBuilder(header: table.header, fileName: fileName)
        for row in table.rows { try builder.add(row) }
        return try builder.finish(name: name ?? (fileName as NSString).deletingPathExtension, provenance: provenance)
    }

    /// The CSV records of `text` (a leading byte-order mark dropped), records limited to the import's line length.
    static func parseTable(_ text: String, fileName: String) throws -> CSVTable {
        let maxLine = (try? ImportLimits.current().maxLineBytes) ?? ImportLimits.defaults.maxLineBytes
        do {
            return try CSVTable(text: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, maxRecordLength: maxLine)
        } catch let e as CoreError {
            throw LCAError(
                .malformedFile, e.message, dataset: fileName, suggestion: "check the quoting: fields with commas or quotes must be in double quotes")
        }
    }
}

/// The state of one CSV import: the header's columns, then the processes and flows of the rows read
/// so far; ``finish(name:provenance:)`` checks the references and providers and builds the database.
private struct LCICSVBuilder {
    struct PendingProcess {
        var id: String
        var name: String?
        var nameLine = 0
        var location: String?
        var locationLine = 0
        var exchanges: [(LCIExchange, line: Int)] = []
        var referenceLine: Int?
    }

    /// One row's flow: its type, compartment, identity and unit.
    struct RowFlow {
        var name: String
        var type: LCIFlowType
        var compartment: [String]
        var id: String
        var unit: LCIUnitCatalog.Resolved
    }

    let fileName: String
    var columnNumber: [String: Int] = [:]
    var headerIndex: [String: Int] = [:]
    var catalog = LCIUnitCatalog()
    var flows: [String: LCIFlow] = [:]
    var flowLine: [String: Int] = [:]
    var processes: [String: PendingProcess] = [:]
    var order: [String] = []
    var providerChecks: [(provider: String, flowID: String, line: Int)] = []
    var report: LCIImportReport

    /// Header: known columns only, the required ones present.
    init(header: [String], fileName: String) throws {
        self.fileName = fileName
        report = LCIImportReport(source: fileName, format: "Yuheng LCI CSV")
        let columns = LCICSVReader.columns, requiredColumns = LCICSVReader.requiredColumns
        for (i, raw) in header.enumerated() {
            let h = raw.lowercased()
            guard columns.contains(h) else {
                throw LCAError(
                    .malformedFile, "unknown column '\(raw)'; the columns are \(columns.joined(separator: ", "))", dataset: fileName,
                    entity: "line 1, column \(i + 1) (\(raw))", suggestion: "rename or remove the column")
            }
            columnNumber[h] = i + 1
        }
        for c in requiredColumns where columnNumber[c] == nil {
            throw LCAError(
                .malformedFile, "the required column '\(c)' is missing", dataset: fileName, entity: "line 1",
                suggestion: "the header must have at least \(requiredColumns.joined(separator: ", "))")
        }
        headerIndex = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($0.element.lowercased(), $0.offset) })
    }

    func fail(_ code: LCAError.Code, _ line: Int, _ column: String, _ message: String, _ suggestion: String? = nil) -> LCAError {
        let where_ = columnNumber[column].map { "line \(line), column \($0) (\(column))" } ?? "line \(line)"
        return LCAError(code, message, dataset: fileName, entity: where_, suggestion: suggestion)
    }

    func value(_ row: CSVTable.Row, _ column: String) -> String {
        guard let i = headerIndex[column], i < row.fields.count else { return "" }
        return row.fields[i].trimmingCharacters(in: .whitespaces)
    }

    /// Adds one exchange row to its process.
    mutating func add(_ row: CSVTable.Row) throws {
        let line = row.line
        let pid = value(row, "process_id")
        guard !pid.isEmpty else { throw fail(.malformedFile, line, "process_id", "the process id is empty") }
        if processes[pid] == nil { processes[pid] = PendingProcess(id: pid); order.append(pid) }
        var proc = processes[pid]!
        try describe(&proc, row)
        let isInput = try direction(row)
        let flow = try rowFlow(row)
        let amountText = value(row, "amount")
        guard let amount = Double(amountText), amount.isFinite else {
            throw fail(
                .invalidAmount, line, "amount", amountText.isEmpty ? "the amount is empty" : "'\(amountText)' is not a number",
                "write plain decimals such as 0.25 or 2.5e-3, with a point as decimal separator")
        }
        let unit = try resolveUnit(row)
        let flowID =
            flow.type == .elementary
            ? "csv:elementary:\(flow.compartment.joined(separator: "/")):\(flow.name)" : "csv:\(flow.type.rawValue):\(flow.name)"
        try register(RowFlow(name: flow.name, type: flow.type, compartment: flow.compartment, id: flowID, unit: unit), row)
        let isReference = try reference(row, process: proc, type: flow.type, isInput: isInput)
        if isReference { proc.referenceLine = line }
        let provider = try provider(row, flowID: flowID, type: flow.type, isInput: isInput)
        proc.exchanges.append(
            (
                LCIExchange(
                    flowID: flowID, amount: amount, unit: unit.unit, propertyID: unit.propertyID, isInput: isInput,
                    isQuantitativeReference: isReference, defaultProviderID: provider.isEmpty ? nil : provider,
                    internalID: proc.exchanges.count + 1), line
            ))
        processes[pid] = proc
    }

    /// The process's name and location, which must agree with earlier rows that give them.
    func describe(_ proc: inout PendingProcess, _ row: CSVTable.Row) throws {
        let line = row.line, pid = proc.id
        let pname = value(row, "process_name")
        if !pname.isEmpty {
            if let n = proc.name, n != pname {
                throw fail(
                    .malformedFile, line, "process_name", "process '\(pid)' is named '\(n)' on line \(proc.nameLine) and '\(pname)' here",
                    "give the name once, or the same name on every row")
            }
            proc.name = pname; proc.nameLine = line
        }
        let loc = value(row, "location")
        if !loc.isEmpty {
            if let l = proc.location, l != loc {
                throw fail(
                    .malformedFile, line, "location", "process '\(pid)' has location '\(l)' on line \(proc.locationLine) and '\(loc)' here")
            }
            proc.location = loc; proc.locationLine = line
        }
    }

    /// true for an input, false for an output.
    func direction(_ row: CSVTable.Row) throws -> Bool {
        switch value(row, "direction").lowercased() {
        case "input", "in": return true
        case "output", "out": return false
        case let d: throw fail(.malformedFile, row.line, "direction", "direction '\(d)' must be input or output")
        }
    }

    /// The row's flow name, type and compartment (the unit and id are filled in later).
    func rowFlow(_ row: CSVTable.Row) throws -> (name: String, type: LCIFlowType, compartment: [String]) {
        let line = row.line
        let flowName = value(row, "flow_name")
        guard !flowName.isEmpty else { throw fail(.malformedFile, line, "flow_name", "the flow name is empty") }
        let compartmentText = value(row, "compartment")
        let type: LCIFlowType
        switch value(row, "flow_type").lowercased() {
        case "": type = compartmentText.isEmpty ? .product : .elementary
        case "product", "technosphere", "intermediate": type = .product
        case "elementary", "biosphere", "emission", "resource": type = .elementary
        case "waste": type = .waste
        case let t: throw fail(.malformedFile, line, "flow_type", "flow type '\(t)' must be product, elementary or waste")
        }
        let compartment = compartmentText.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if type == .elementary, compartment.isEmpty {
            throw fail(
                .malformedFile, line, "compartment",
                "the elementary flow '\(flowName)' needs a compartment, e.g. air, air/urban, water/river, resource/in ground")
        }
        if type != .elementary, !compartment.isEmpty {
            throw fail(
                .malformedFile, line, "compartment", "a \(type.rawValue) flow has no compartment (only elementary flows do)",
                "leave the compartment empty or set flow_type to elementary")
        }
        return (flowName, type, compartment)
    }

    mutating func resolveUnit(_ row: CSVTable.Row) throws -> LCIUnitCatalog.Resolved {
        let unitText = value(row, "unit")
        do { return try catalog.resolve(unitText) } catch let e as UnitError {
            throw fail(.unknownUnit, row.line, "unit", unitText.isEmpty ? "the unit is empty" : e.message)
        }
    }

    /// Records the flow on its first row; on later rows its unit must measure the same quantity and its CAS agree.
    mutating func register(_ flow: RowFlow, _ row: CSVTable.Row) throws {
        let line = row.line, flowID = flow.id, flowName = flow.name
        let cas = value(row, "cas")
        if let f = flows[flowID] {
            guard f.propertyFactors[flow.unit.propertyID] != nil else {
                let ref = catalog.unitGroups[catalog.flowProperties[f.referencePropertyID]!.unitGroupID]!.referenceUnit
                throw fail(
                    .unknownUnit, line, "unit",
                    "'\(value(row, "unit"))' does not measure the same quantity as the unit of '\(flowName)' on line \(flowLine[flowID]!) (reference unit \(ref))",
                    "use one kind of unit (mass, energy, volume, …) per flow, or give the flows different names")
            }
            if !cas.isEmpty, let c = f.cas, c != cas {
                throw fail(.malformedFile, line, "cas", "flow '\(flowName)' has CAS \(c) on line \(flowLine[flowID]!) and \(cas) here")
            }
            if !cas.isEmpty, f.cas == nil { flows[flowID]!.cas = cas }
        } else {
            flows[flowID] = LCIFlow(
                id: flowID, name: flowName, type: flow.type, cas: cas.isEmpty ? nil : cas, category: flow.compartment,
                referencePropertyID: flow.unit.propertyID, propertyFactors: [flow.unit.propertyID: 1])
            flowLine[flowID] = line
        }
    }

    /// Whether the row is its process's reference (at most one per process, a product output or a waste input).
    func reference(_ row: CSVTable.Row, process proc: PendingProcess, type: LCIFlowType, isInput: Bool) throws -> Bool {
        let line = row.line
        let refText = value(row, "reference").lowercased()
        switch refText {
        case "", "no", "false", "0", "n": return false
        case "yes", "true", "1", "x", "y", "reference", "ref": break
        default: throw fail(.malformedFile, line, "reference", "'\(refText)' must be yes or empty")
        }
        if let l = proc.referenceLine {
            throw fail(
                .noReferenceProduct, line, "reference", "process '\(proc.id)' already has its reference on line \(l)",
                "mark exactly one row per process as the reference")
        }
        guard (type == .product && !isInput) || (type == .waste && isInput) else {
            throw fail(
                .noReferenceProduct, line, "reference",
                "the reference must be a product output (or, for a waste treatment, a waste input); this row is a \(type.rawValue) \(isInput ? "input" : "output")"
            )
        }
        return true
    }

    /// The row's provider ("" when none); only product inputs and waste outputs have one, checked in ``finish(name:provenance:)``.
    mutating func provider(_ row: CSVTable.Row, flowID: String, type: LCIFlowType, isInput: Bool) throws -> String {
        let provider = value(row, "provider")
        if !provider.isEmpty {
            guard (type == .product && isInput) || (type == .waste && !isInput) else {
                throw fail(.malformedFile, row.line, "provider", "only product inputs and waste outputs have a provider")
            }
            providerChecks.append((provider, flowID, row.line))
        }
        return provider
    }

    /// Checks that the file has rows, that every process has its reference and that every provider in
    /// the file makes the input's flow; then builds the database and counts it in the report.
    mutating func finish(name: String, provenance: Provenance?) throws -> (LCIDatabase, LCIImportReport) {
        guard !order.isEmpty else {
            throw LCAError(
                .malformedFile, "the file has no exchange rows", dataset: fileName, entity: "line 2",
                suggestion: "add one row per exchange below the header")
        }
        for pid in order where processes[pid]!.referenceLine == nil {
            let firstLine = processes[pid]!.exchanges.first?.line ?? 2
            throw fail(
                .noReferenceProduct, firstLine, "reference", "process '\(pid)' has no reference row",
                "mark its product output with yes in the reference column")
        }
        try checkProviders()
        let list = order.map { pid -> LCIProcess in
            let p = processes[pid]!
            return LCIProcess(id: pid, name: p.name ?? pid, location: p.location, exchanges: p.exchanges.map(\.0))
        }
        let db = LCIDatabase(
            name: name, provenance: provenance,
            unitGroups: catalog.unitGroups, flowProperties: catalog.flowProperties, flows: flows, processes: list)
        report.count(db)
        return (db, report)
    }

    /// A provider in this file must have the input's flow as its reference product.
    mutating func checkProviders() throws {
        for check in providerChecks {
            guard let p = processes[check.provider] else {
                report.warnings.append("line \(check.line): provider '\(check.provider)' is not in this file; it is kept as the default provider id")
                continue
            }
            let ref = p.exchanges.first { $0.0.isQuantitativeReference }!.0
            guard ref.flowID == check.flowID else {
                throw fail(
                    .unknownProcess, check.line, "provider",
                    "process '\(check.provider)' does not produce '\(flows[check.flowID]!.name)' (its reference is '\(flows[ref.flowID]!.name)')",
                    "name the flow like the provider's reference product, or leave the provider empty")
            }
        }
    }
}

/// Reads the text of an LCI input file for the readers: a regular file (not a device or FIFO) of
/// at most ``ImportLimits/maxFileBytes``, decoded as UTF-8 with ``TextDecoding`` (a file in UTF-16
/// or Latin-1 is an ``LCAError`` that says which it looks like).
enum LCITextFile {
    static func bytes(_ path: String, fileName: String) throws -> Data {
        do { return try SafeFile.read(path) } catch let e as DataError {
            throw LCAError(e.code == .cannotOpen ? .missingFile : .malformedFile, e.message, dataset: fileName, suggestion: e.suggestion)
        }
    }

    static func read(_ path: String, fileName: String) throws -> String {
        let data = try bytes(path, fileName: fileName)
        do { return try TextDecoding.utf8(data) } catch let e as CoreError {
            throw LCAError(.malformedFile, e.message, dataset: fileName) // the message says how to convert the file
        }
    }
}
