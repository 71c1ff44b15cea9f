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
        let table: CSVTable
        let maxLine = (try? ImportLimits.current().maxLineBytes) ?? ImportLimits.defaults.maxLineBytes
        do { table = try CSVTable(text: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, maxRecordLength: maxLine) } catch let e
            as CoreError
        {
            throw LCAError(
                .malformedFile, e.message, dataset: fileName, suggestion: "check the quoting: fields with commas or quotes must be in double quotes")
        }
        // Header: known columns only, the required ones present.
        var columnNumber: [String: Int] = [:]
        for (i, raw) in table.header.enumerated() {
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
        func fail(_ code: LCAError.Code, _ line: Int, _ column: String, _ message: String, _ suggestion: String? = nil) -> LCAError {
            let where_ = columnNumber[column].map { "line \(line), column \($0) (\(column))" } ?? "line \(line)"
            return LCAError(code, message, dataset: fileName, entity: where_, suggestion: suggestion)
        }
        let headerIndex = Dictionary(uniqueKeysWithValues: table.header.enumerated().map { ($0.element.lowercased(), $0.offset) })
        func value(_ row: CSVTable.Row, _ column: String) -> String {
            guard let i = headerIndex[column], i < row.fields.count else { return "" }
            return row.fields[i].trimmingCharacters(in: .whitespaces)
        }

        struct PendingProcess {
            var id: String
            var name: String?
            var nameLine = 0
            var location: String?
            var locationLine = 0
            var exchanges: [(LCIExchange, line: Int)] = []
            var referenceLine: Int?
        }
        var catalog = LCIUnitCatalog()
        var flows: [String: LCIFlow] = [:]
        var flowLine: [String: Int] = [:]
        var processes: [String: PendingProcess] = [:]
        var order: [String] = []
        var providerChecks: [(provider: String, flowID: String, line: Int)] = []
        var report = LCIImportReport(source: fileName, format: "Yuheng LCI CSV")

        for row in table.rows {
            let line = row.line
            let pid = value(row, "process_id")
            guard !pid.isEmpty else { throw fail(.malformedFile, line, "process_id", "the process id is empty") }
            if processes[pid] == nil { processes[pid] = PendingProcess(id: pid); order.append(pid) }
            var proc = processes[pid]!

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
            let isInput: Bool
            switch value(row, "direction").lowercased() {
            case "input", "in": isInput = true
            case "output", "out": isInput = false
            case let d: throw fail(.malformedFile, line, "direction", "direction '\(d)' must be input or output")
            }
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
            let amountText = value(row, "amount")
            guard let amount = Double(amountText), amount.isFinite else {
                throw fail(
                    .invalidAmount, line, "amount", amountText.isEmpty ? "the amount is empty" : "'\(amountText)' is not a number",
                    "write plain decimals such as 0.25 or 2.5e-3, with a point as decimal separator")
            }
            let unitText = value(row, "unit")
            let resolved: LCIUnitCatalog.Resolved
            do { resolved = try catalog.resolve(unitText) } catch let e as UnitError {
                throw fail(.unknownUnit, line, "unit", unitText.isEmpty ? "the unit is empty" : e.message)
            }
            let flowID = type == .elementary ? "csv:elementary:\(compartment.joined(separator: "/")):\(flowName)" : "csv:\(type.rawValue):\(flowName)"
            let cas = value(row, "cas")
            if let f = flows[flowID] {
                guard f.propertyFactors[resolved.propertyID] != nil else {
                    let ref = catalog.unitGroups[catalog.flowProperties[f.referencePropertyID]!.unitGroupID]!.referenceUnit
                    throw fail(
                        .unknownUnit, line, "unit",
                        "'\(unitText)' does not measure the same quantity as the unit of '\(flowName)' on line \(flowLine[flowID]!) (reference unit \(ref))",
                        "use one kind of unit (mass, energy, volume, …) per flow, or give the flows different names")
                }
                if !cas.isEmpty, let c = f.cas, c != cas {
                    throw fail(.malformedFile, line, "cas", "flow '\(flowName)' has CAS \(c) on line \(flowLine[flowID]!) and \(cas) here")
                }
                if !cas.isEmpty, f.cas == nil { flows[flowID]!.cas = cas }
            } else {
                flows[flowID] = LCIFlow(
                    id: flowID, name: flowName, type: type, cas: cas.isEmpty ? nil : cas, category: compartment,
                    referencePropertyID: resolved.propertyID, propertyFactors: [resolved.propertyID: 1])
                flowLine[flowID] = line
            }
            let refText = value(row, "reference").lowercased()
            let isReference: Bool
            switch refText {
            case "", "no", "false", "0", "n": isReference = false
            case "yes", "true", "1", "x", "y", "reference", "ref": isReference = true
            default: throw fail(.malformedFile, line, "reference", "'\(refText)' must be yes or empty")
            }
            if isReference {
                if let l = proc.referenceLine {
                    throw fail(
                        .noReferenceProduct, line, "reference", "process '\(pid)' already has its reference on line \(l)",
                        "mark exactly one row per process as the reference")
                }
                guard (type == .product && !isInput) || (type == .waste && isInput) else {
                    throw fail(
                        .noReferenceProduct, line, "reference",
                        "the reference must be a product output (or, for a waste treatment, a waste input); this row is a \(type.rawValue) \(isInput ? "input" : "output")"
                    )
                }
                proc.referenceLine = line
            }
            let provider = value(row, "provider")
            if !provider.isEmpty {
                guard (type == .product && isInput) || (type == .waste && !isInput) else {
                    throw fail(.malformedFile, line, "provider", "only product inputs and waste outputs have a provider")
                }
                providerChecks.append((provider, flowID, line))
            }
            proc.exchanges.append(
                (
                    LCIExchange(
                        flowID: flowID, amount: amount, unit: resolved.unit, propertyID: resolved.propertyID, isInput: isInput,
                        isQuantitativeReference: isReference, defaultProviderID: provider.isEmpty ? nil : provider,
                        internalID: proc.exchanges.count + 1), line
                ))
            processes[pid] = proc
        }
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
        // A provider in this file must have the input's flow as its reference product.
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
        let list = order.map { pid -> LCIProcess in
            let p = processes[pid]!
            return LCIProcess(id: pid, name: p.name ?? pid, location: p.location, exchanges: p.exchanges.map(\.0))
        }
        let db = LCIDatabase(
            name: name ?? (fileName as NSString).deletingPathExtension, provenance: provenance,
            unitGroups: catalog.unitGroups, flowProperties: catalog.flowProperties, flows: flows, processes: list)
        report.count(db)
        return (db, report)
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
