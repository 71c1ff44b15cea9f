import Foundation
import YuhengCore
import YuhengData
import YuhengLCA
import YuhengReports
import YuhengServices

func lcaMethod(_ id: String?, context: ToolContext) throws -> ClimateMethod {
    try ClimateMethod.named(id ?? "ipcc-ar6-gwp100", library: try context.db.gwpLibrary())
}

/// Converts `amount` in `unit` to the reference unit of column `j` (no conversion when they are equal).
func referenceAmount(_ amount: Double, unit: String?, calc: LCACalculator, column j: Int) throws -> Double {
    let ref = calc.model.columns[j].unit
    guard let u = unit?.trimmingCharacters(in: .whitespaces), !u.isEmpty, u != ref else { return amount }
    let norm = { (s: String) in
        s.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "·", with: "*").replacingOccurrences(of: "tkm", with: "t*km")
    }
    if norm(u) == norm(ref) { return amount }
    do {
        return try MeasureUnit(u).convert(amount, to: MeasureUnit(ref))
    } catch {
        throw ToolError(
            .unitMismatch, "\(calc.model.columns[j].processName) is measured in \(ref); \(u) does not convert to \(ref)",
            suggestion: "give the amount in \(ref) (or a unit of the same dimension)")
    }
}

// MARK: lca_search

/// `lca_search`: finds LCI processes by name, category and location (best partial matches flagged when no process has every word).
public struct LCASearchTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// Words of the process name, category or location, e.g. "portland cement", "transport combination truck diesel", "electricity coal" (at most
        /// FullTextQuery.maxWords different words and FullTextQuery.maxCharacters characters).
        public var query: String
        /// Maximum number of processes (default 10, at most 30).
        public var limit: Int?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "query": .init(
                "Words of the process name, category or location, e.g. \"portland cement\", \"transport combination truck diesel\", \"electricity coal\" (at most \(FullTextQuery.maxWords) different words and \(FullTextQuery.maxCharacters) characters).",
                example: "portland cement"),
            "limit": .init("Maximum number of processes (default 10, at most 30).", minimum: 1, maximum: 30)
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `lca_search`.
    public let name = "lca_search"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Searches the processes of the LCI databases (the bundled US LCI 1.5 by default) by name, category and location. Returns process \
        ids, names, reference units and locations. When no process has every word, the hits matching most words are returned with \
        partial_match = true: check that a hit really is the product before using it.
        """

    /// Searches the processes and returns ids, names, reference units and locations.
    /// - Throws: ``ToolError`` (`missingData`) when no process matches; an unknown database or invalid query as a tool error.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let limit = min(max(input.limit ?? 10, 1), 30)
        // The service's search, as /api/lca/search: each hit carries the unit a footprint of the process is per.
        var hits = try context.services.lca.search(input.query, limit: limit)
        var partial = false
        if hits.isEmpty {
            // Fall back to single words; a process scores the sum over the words it matches of 1 / (processes matching
            // that word), so specific words ("concrete") count more than common ones ("mix").
            // The words are those of the search above (distinct, and within its limits), so this is at most one query per word.
            let words = try FullTextQuery(input.query).words.filter { $0.count >= 3 }
            var score: [String: (Double, LCAService.Hit)] = [:]
            for w in words {
                let found = try context.services.lca.search(w, limit: 200)
                for h in found { score[h.processID, default: (0, h)].0 += 1 / Double(found.count) }
            }
            hits = score.values.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1.name < $1.1.name }.prefix(limit).map(\.1)
            partial = !hits.isEmpty
        }
        guard !hits.isEmpty else {
            throw ToolError(
                .missingData, "no process matches \"\(input.query)\"", suggestion: "try other words, e.g. the material or service name only")
        }
        let rows: [JSON] = hits.map { h in
            var row: [String: JSON] = [
                "process_id": .string(h.processID), "name": .string(h.name), "reference_unit": .str(h.unit), "location": .str(h.location),
                "category": .string(h.category), "database": .string(h.database)
            ]
            // The flow's reference unit (MJ for electricity in the US LCI), only where it differs from the process's own.
            if let flowUnit = h.referenceUnit, flowUnit != h.unit { row["flow_reference_unit"] = .string(flowUnit) }
            return .object(row)
        }
        var prov: [Provenance] = []
        for id in Set(hits.map(\.database)).sorted() { if let d = try context.db.dataset(id) { prov.append(d.provenance) } }
        return ToolResult(
            json: ["query": .string(input.query), "partial_match": .bool(partial), "processes": .array(rows)], provenance: prov,
            summary:
                "\(hits.count) processes for \"\(input.query)\"\(partial ? " (partial matches)" : ""): \(hits.prefix(3).map(\.name).joined(separator: "; "))"
        )
    }
}

// MARK: lca_calculate

/// `lca_calculate`: the carbon footprint (kg CO2e) of a process's reference product or of several reference flows together.
public struct LCACalculateTool: AgentTool {
    /// One reference flow of a product system (`items`).
    public struct Item: Decodable, Sendable {
        /// Process id, id prefix or unique name of this reference flow.
        public var process: String
        /// Amount of its reference product, in `unit` or the reference unit.
        public var amount: Double
        /// Unit of the amount (e.g. kg, t*km); nil for the reference unit.
        public var unit: String?
    }
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// Process id, id prefix or unique name (from lca_search) whose reference product is calculated.
        public var process: String?
        /// Amount of the reference product (default 1), in `unit` or the process's reference unit.
        public var amount: Double?
        /// Unit of the amount (e.g. kg, t, MJ, kWh, t*km); converted to the reference unit, which must be compatible.
        public var unit: String?
        /// Instead of one process: several reference flows summed into one product system, e.g. the product and its delivery transport.
        public var items: [Item]?
        /// Impact method (default ipcc-ar6-gwp100); add -fossil-luc to exclude biogenic CO2.
        public var method: String?
        /// LCI database id (default uslci-1.5, the bundled US LCI).
        public var database: String?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "process": .init(
                "Process id, id prefix or unique name (from lca_search) whose reference product is calculated.", example: "Portland cement, at plant"),
            "amount": .init("Amount of the reference product (default 1), in `unit` or the process's reference unit.", example: 1000),
            "unit": .init(
                "Unit of the amount (e.g. kg, t, MJ, kWh, t*km); converted to the reference unit, which must be compatible.", example: "kg"),
            "items": .init(
                "Instead of one process: several reference flows summed into one product system, e.g. the product and its delivery transport."),
            "items.process": .init("Process id, id prefix or unique name.", example: "Portland cement, at plant"),
            "items.amount": .init("Amount of its reference product.", example: 1000),
            "items.unit": .init("Unit of the amount (default: the reference unit).", example: "kg"),
            "method": .init(
                "Impact method (default ipcc-ar6-gwp100); add -fossil-luc to exclude biogenic CO2.",
                allowed: ["ipcc-ar6-gwp100", "ipcc-ar5-gwp100", "ipcc-ar6-gwp20", "ipcc-ar4-gwp100", "ipcc-ar6-gwp100-fossil-luc"]),
            "database": .init("LCI database id (default uslci-1.5, the bundled US LCI).")
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `lca_calculate`.
    public let name = "lca_calculate"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Carbon footprint (kg CO2e) of a process's reference product, or of several reference flows together (`items`, e.g. 1000 kg of \
        cement plus 50 t*km of truck transport), on the bundled US LCI or another LCI database: total, per item, by gas, fossil/biogenic/\
        land-use CO2 and the processes emitting most. Same numbers as `yuheng lca calculate --json`.
        """

    /// Computes the footprint: total, per item, by gas, fossil/biogenic/land-use CO2 and the largest emitting processes.
    /// - Throws: ``ToolError`` for no process, more than 20 items, a non-positive amount, an unknown process or method,
    ///   or a unit that does not convert (`unitMismatch`).
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let dbID = input.database ?? BundledLCI.id
        let calc = try context.calculator(dbID)
        let method = try lcaMethod(input.method, context: context)
        var items = input.items ?? []
        if let p = input.process { items.insert(Item(process: p, amount: input.amount ?? 1, unit: input.unit), at: 0) }
        guard !items.isEmpty else {
            throw ToolError(.invalidInput, "give a process (or items)", suggestion: "find the process with lca_search first")
        }
        guard items.count <= 20 else { throw ToolError(.invalidInput, "at most 20 items") }
        var rows: [JSON] = []
        var total = 0.0
        var byGas: [String: Double] = [:]
        var fossil = 0.0, biogenic = 0.0, uptake = 0.0, luc = 0.0
        var contributors: [String: (name: String, kg: Double)] = [:]
        var chain = 0
        for it in items {
            guard it.amount.isFinite, it.amount > 0 else { throw ToolError(.invalidInput, "the amount of \(it.process) must be a positive number") }
            let j = try calc.column(forProcess: it.process)
            let amount = try referenceAmount(it.amount, unit: it.unit, calc: calc, column: j)
            let r = try calc.calculate(column: j, amount: amount, method: method, topN: 10)
            total += r.total
            for (g, v) in r.byGasCO2e { byGas[g, default: 0] += v }
            fossil += r.fossilCO2Kg; biogenic += r.biogenicCO2Kg; uptake += r.uptakeCO2Kg; luc += r.lucCO2Kg
            for c in r.topContributors { contributors[c.processID, default: (c.processName, 0)].kg += c.kgCO2e }
            chain = max(chain, r.processesInSupplyChain)
            rows.append([
                "process_id": .string(r.processID), "process_name": .string(r.processName), "amount": .number(amount), "unit": .string(r.unit),
                "kg_co2e": .number(r.total), "kg_co2e_per_unit": .number(amount != 0 ? r.total / amount : 0)
            ])
        }
        let top: [JSON] = contributors.sorted { abs($0.value.kg) > abs($1.value.kg) }.prefix(10).map { id, v in
            [
                "process_id": .string(id), "process_name": .string(v.name), "kg_co2e": .number(v.kg),
                "share_pct": .number(total != 0 ? v.kg / total * 100 : 0)
            ]
        }
        var out: [String: JSON] = [
            "method": .string(method.id), "database": .string(dbID), "total_kg_co2e": .number(total), "items": .array(rows),
            "by_gas_kg_co2e": .object(byGas.mapValues { .number($0) }), "fossil_co2_kg": .number(fossil), "biogenic_co2_kg": .number(biogenic),
            "co2_uptake_kg": .number(uptake), "luc_co2_kg": .number(luc), "top_contributors": .array(top),
            "processes_in_supply_chain": .number(Double(chain))
        ]
        if items.count > 1 {
            out["item_shares_pct"] = .array(rows.map { r in .num(total != 0 ? (r["kg_co2e"]?.doubleValue ?? 0) / total * 100 : nil) })
        }
        return ToolResult(
            json: .object(out), units: ["*kg_co2e*": "kg CO2e", "*_kg": "kg", "share_pct": "%", "amount": "the item's unit"],
            provenance: try context.lcaProvenance(dbID, method: method),
            summary:
                "\(items.count == 1 ? (rows[0]["process_name"]?.stringValue ?? "") : "\(items.count) items"): \(fmtNumber(total)) kg CO2e (\(method.id))"
        )
    }
}

// MARK: lca_contributions

/// `lca_contributions`: contribution analysis of a footprint by emitting process or elementary flow (kg CO2e and %).
public struct LCAContributionsTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// Process id, id prefix or unique name.
        public var process: String
        /// Amount of the reference product (default 1).
        public var amount: Double?
        /// Unit of the amount (default: the reference unit).
        public var unit: String?
        /// Group contributions by emitting process or by elementary flow (default process).
        public var by: String?
        /// Number of rows (default 10, at most 40); the rest is summed as 'others'.
        public var top: Int?
        /// Impact method (default ipcc-ar6-gwp100).
        public var method: String?
        /// LCI database id (default uslci-1.5).
        public var database: String?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "process": .init("Process id, id prefix or unique name.", example: "Portland cement, at plant"),
            "amount": .init("Amount of the reference product (default 1).", example: 1000),
            "unit": .init("Unit of the amount (default: the reference unit).", example: "kg"),
            "by": .init("Group contributions by emitting process or by elementary flow (default process).", allowed: ["process", "flow"]),
            "top": .init("Number of rows (default 10, at most 40); the rest is summed as 'others'.", minimum: 1, maximum: 40),
            "method": .init("Impact method (default ipcc-ar6-gwp100)."),
            "database": .init("LCI database id (default uslci-1.5).")
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `lca_contributions`.
    public let name = "lca_contributions"
    /// What the tool does and when to use it, as the model reads it.
    public let description =
        "Contribution analysis of a product's carbon footprint by emitting process or by elementary flow (kg CO2e and % of the total; the rows and 'others' sum to the total)."

    /// Computes the contributions; the listed rows and "others" sum to the total.
    /// - Throws: ``ToolError`` for an unknown process, method or grouping, or a unit that does not convert.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let dbID = input.database ?? BundledLCI.id
        let calc = try context.calculator(dbID)
        let method = try lcaMethod(input.method, context: context)
        let j = try calc.column(forProcess: input.process)
        let amount = try referenceAmount(input.amount ?? 1, unit: input.unit, calc: calc, column: j)
        let r = try calc.calculate(column: j, amount: amount, method: method, topN: 0)
        let top = min(max(input.top ?? 10, 1), 40)
        var rows: [(String, String, Double)] = []
        if input.by == "flow" {
            rows = r.flowContributions.map { ($0.flowID, "\($0.flowName) [\($0.compartment)]", $0.kgCO2e) }
        } else {
            rows = try calc.processContributions(column: j, amount: amount, method: method).map {
                (calc.model.columns[$0.column].processID, calc.model.columns[$0.column].processName, $0.kgCO2e)
            }
        }
        let shown = rows.prefix(top)
        let rest = rows.dropFirst(top).reduce(0) { $0 + $1.2 }
        var list: [JSON] = shown.map {
            ["id": .string($0.0), "name": .string($0.1), "kg_co2e": .number($0.2), "share_pct": .number(r.total != 0 ? $0.2 / r.total * 100 : 0)]
        }
        if rows.count > top {
            list.append([
                "id": "others", "name": .string("\(rows.count - top) others"), "kg_co2e": .number(rest),
                "share_pct": .number(r.total != 0 ? rest / r.total * 100 : 0)
            ])
        }
        let out: JSON = [
            "process_name": .string(r.processName), "amount": .number(amount), "unit": .string(r.unit), "method": .string(method.id),
            "total_kg_co2e": .number(r.total), "by": .string(input.by == "flow" ? "flow" : "process"), "contributions": .array(list)
        ]
        return ToolResult(
            json: out, units: ["kg_co2e": "kg CO2e", "share_pct": "%"], provenance: try context.lcaProvenance(dbID, method: method),
            summary:
                "contributions to \(r.processName): top \(shown.first.map { "\($0.1) \(String(format: "%.1f", r.total != 0 ? $0.2 / r.total * 100 : 0)) %" } ?? "none")"
        )
    }
}

// MARK: lca_study

/// `lca_study`: runs an ISO 14067 product carbon footprint study and writes its report into the configured output folder.
public struct LCAStudyTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// The study file text in the ProductStudy format (YAML, or JSON when it starts with '{'); see docs/lca-study-format.md.
        public var study: String
        /// File name of the report in the configured output folder, e.g. "cement-footprint.md" (.md or .html; letters, digits, '.', '-', '_' only).
        public var report_name: String?
        /// Study text format (default: detected).
        public var format: String?
        /// Markdown appended to the report (e.g. the interpretation and added life-cycle stages such as delivery transport).
        public var appendix: String?
        /// LCI database id (default uslci-1.5).
        public var database: String?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "study": .init(
                """
                The study file text in the ProductStudy format (YAML, or JSON if it starts with '{'): title, goal, functional_unit, \
                reference {process, amount, unit}, boundary (cradle-to-gate | cradle-to-grave | gate-to-gate), method, stages, \
                assumptions, limitations, data_sources … (docs/lca-study-format.md).
                """,
                example: .string(
                    "title: Footprint of 1 kg HDPE\ngoal: Screening\nfunctional_unit: 1 kg of HDPE resin\nreference: {process: \"Polyethylene, high density, resin, at plant\", amount: 1, unit: kg}\nboundary: cradle-to-gate\n"
                )),
            "report_name": .init(
                "File name of the report in the configured output folder, e.g. \"cement-footprint.md\" (.md or .html; letters, digits, '.', '-', '_' only).",
                example: "study-report.md"),
            "format": .init("Study text format (default: detected).", allowed: ["yaml", "json"]),
            "appendix": .init("Markdown appended to the report (e.g. the interpretation and added life-cycle stages such as delivery transport)."),
            "database": .init("LCI database id (default uslci-1.5).")
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `lca_study`.
    public let name = "lca_study"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Runs an ISO 14067 product carbon footprint study written in Yuheng's study format and writes the full report (goal and scope, \
        inventory, results by stage and gas, ISO 14067 categories, sensitivity, data quality, interpretation, limitations) into the \
        output folder the user configured. Returns the totals and the report's path.
        """

    /// Runs the study and writes the report; returns the totals and the report's path.
    /// - Throws: ``ToolError`` for an invalid study or report name; the study's errors (unknown process, unit) as tool errors.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let text = input.study
        let isJSON = input.format == "json" || (input.format == nil && text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{"))
        let study = try StudyFile.parse(text, fileName: isJSON ? "study.json" : "study.yaml")
        let dbID = input.database ?? BundledLCI.id
        let lci = try context.lci(dbID)
        var datasets: [Provenance] = []
        if let d = try context.db.dataset(dbID) { datasets.append(d.provenance) }
        if let g = try context.db.dataset("gwp") { datasets.append(g.provenance) }
        let result = try StudyRunner.run(study, database: lci, gwp: try context.db.gwpLibrary(), datasets: datasets)
        // The report goes into the output folder only.
        let name = input.report_name ?? "study-report.md"
        let reportURL = try Self.safePath(name, in: context.outputDirectory, extensions: ["md", "html", "htm"])
        try FileManager.default.createDirectory(at: context.outputDirectory, withIntermediateDirectories: true)
        let date = ISO8601DateFormatter().string(from: Date())
        let html = reportURL.pathExtension.lowercased().hasPrefix("htm")
        var report = html ? StudyReport.html(result, generated: date) : StudyReport.markdown(result, generated: date)
        if let a = input.appendix, !a.isEmpty {
            if html {
                let escaped = a.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                report = report.replacingOccurrences(of: "</body>", with: "<section><h2>Addendum</h2><pre>\(escaped)</pre></section></body>")
            } else {
                report += "\n\n" + a + "\n"
            }
        }
        do {
            try report.write(to: reportURL, atomically: true, encoding: .utf8)
            let studyURL = reportURL.deletingPathExtension().appendingPathExtension(isJSON ? "study.json" : "study.yaml")
            try text.write(to: studyURL, atomically: true, encoding: .utf8)
        } catch {
            throw ToolError(
                .failed, "cannot write the report: \(error.localizedDescription)",
                suggestion: "check that the output folder \(context.outputDirectory.path) is writable")
        }
        func rows(_ r: [StudyResult.Row]) -> JSON {
            .array(r.map { ["label": .string($0.label), "kg_co2e": .number($0.kgCO2e), "share_pct": .number($0.share * 100)] })
        }
        let out: JSON = [
            "title": .string(study.title), "functional_unit": .string(study.functionalUnit), "process_name": .string(result.processName),
            "amount": .number(result.amount), "unit": .string(result.referenceUnit), "method": .string(result.result.method),
            "total_kg_co2e": .number(result.result.total), "by_stage": rows(result.byStage), "by_gas": rows(result.byGas),
            "iso14067": rows(result.iso14067), "other_methods": rows(result.otherMethods),
            "allocation_sensitivity": rows(result.allocationSensitivity),
            "processes_in_supply_chain": .number(Double(result.processesInSupplyChain)), "cut_off_inputs": .number(Double(result.cutOffInputCount)),
            "report_path": .string(reportURL.path), "warnings": .array(result.warnings.map { .string($0) })
        ]
        return ToolResult(
            json: out, units: ["kg_co2e": "kg CO2e", "total_kg_co2e": "kg CO2e per functional unit", "share_pct": "%"], provenance: result.datasets,
            summary: "\(study.title): \(fmtNumber(result.result.total)) kg CO2e; report \(reportURL.path)", files: [reportURL.path])
    }

    /// A file name inside `folder`: no separators, no leading dot, an allowed extension.
    static func safePath(_ name: String, in folder: URL, extensions: [String]) throws -> URL {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !name.isEmpty, name.count <= 120, name.allSatisfy({ allowed.contains($0) }), !name.hasPrefix("."), !name.contains("..") else {
            throw ToolError(
                .rejected, "the report name '\(name)' is not allowed",
                suggestion: "use a plain file name such as cement-footprint.md (letters, digits, '.', '-', '_')")
        }
        var url = folder.appendingPathComponent(name)
        if !extensions.contains(url.pathExtension.lowercased()) { url = url.appendingPathExtension(extensions[0]) }
        url = url.standardizedFileURL
        guard url.deletingLastPathComponent().path == folder.standardizedFileURL.path else {
            throw ToolError(.rejected, "the report must be written inside \(folder.path)")
        }
        return url
    }
}
