import Foundation
import YuhengCore
import YuhengPolicy

/// Reads CBAM installation files (YAML, JSON or CSV) into ``CBAMDeclaration``; the fields are
/// documented in `docs/cbam-format.md`. Unknown fields are errors (with the nearest known name).
///
/// ```swift
/// let declaration = try CBAMDeclarationFile.load(path: "examples/cbam/cbam-1.yaml")
/// ```
public enum CBAMDeclarationFile {
    /// Reads and checks the declaration file at `path` (CSV when the name ends in `.csv`, else YAML or JSON).
    ///
    /// Throws ``PolicyError`` `.missingFile` when it cannot be opened, `.malformedFile` (or a value error naming the field) otherwise.
    public static func load(path: String) throws -> CBAMDeclaration {
        try parse(try PolicyFileText.read(path), fileName: path)
    }

    /// Parses declaration text; `fileName` names the document in errors and its `.csv` suffix selects the CSV layout.
    public static func parse(_ text: String, fileName: String) throws -> CBAMDeclaration {
        do {
            if fileName.lowercased().hasSuffix(".csv") { return try parseCSV(text) }
            let tree = try PolicyFileText.tree(text, fileName: fileName)
            let checked = try Normaliser(
                allowed: CBAMDeclaration.allowedKeys,
                children: [
                    "declaration": ["installations": "installation", "imports": "import"],
                    "installation": ["processes": "process"],
                    "process": ["precursors": "precursor"],
                    "precursor": ["sources": "source"],
                    "import": ["estimate": "estimate"]
                ]
            ).normalise(tree, kind: "declaration", path: "")
            return try PolicyFileText.decode(CBAMDeclaration.self, from: checked, docs: "docs/cbam-format.md")
        } catch let e as PolicyError {
            throw e.located(file: fileName)
        }
    }

    static let csvColumns: Set<String> = [
        "record", "installation", "id", "name", "country", "grid_ef_t_per_mwh", "direct_emissions_t", "electricity_mwh", "cn_code", "route",
        "data_source", "see_direct", "see_indirect", "activity_level_t", "attributed_direct_t", "share_of_direct", "share_of_electricity",
        "direct_t_per_t", "electricity_mwh_per_t", "indirect_t_per_t", "electricity_ef_t_per_mwh", "precursors", "process", "quantity_t",
        "benchmark_t_per_t", "carbon_price_paid_eur_per_t_co2e", "carbon_price_paid_eur", "default_see_t_per_t", "price_usd_per_t",
        "mrio_sector", "mrio_region", "lca_process", "value"
    ]

    /// CSV form: one record per line, `record` = setting | installation | process | import.
    static func parseCSV(_ text: String) throws -> CBAMDeclaration {
        let table: CSVTable
        do { table = try CSVTable(text: text) } catch { throw PolicyError(.malformedFile, "\(error)") }
        for h in table.header where !csvColumns.contains(h) {
            throw PolicyError(.unknownField, "unknown column '\(h)'", field: h, suggestion: EditDistance.didYouMean(h, in: csvColumns))
        }
        guard table.header.contains("record") else {
            throw PolicyError(.malformedFile, "a CBAM CSV file needs a 'record' column (setting, installation, process or import)", field: "record")
        }
        var builder = CBAMCSVBuilder()
        for r in table.rows {
            do { try builder.add(CBAMCSVRow(row: r)) } catch let e as PolicyError {
                throw e.located(file: nil, line: r.line)
            }
        }
        return builder.declaration
    }
}

/// One row of a CBAM CSV file: its fields as trimmed text (nil when empty) or as finite numbers.
private struct CBAMCSVRow {
    let row: CSVTable.Row

    func s(_ c: String) -> String? {
        row[c].flatMap {
            let t = $0.trimmingCharacters(in: .whitespaces); return t.isEmpty ? nil : t
        }
    }

    func n(_ c: String) throws -> Double? {
        guard let t = s(c) else { return nil }
        guard let v = Double(t) else { throw PolicyError(.malformedFile, "'\(t)' is not a number", field: c, line: row.line) }
        guard v.isFinite else { throw PolicyError(.outOfRange, "'\(t)' is not a finite number", field: c, line: row.line) }
        return v
    }
}

/// The declaration of a CBAM CSV file, built row by row.
private struct CBAMCSVBuilder {
    var declaration = CBAMDeclaration(installations: [], imports: [])
    var instIndex: [String: Int] = [:]

    /// The index of installation `id`, added on first use.
    mutating func installation(_ id: String) -> Int {
        if let i = instIndex[id] { return i }
        declaration.installations.append(CBAMInstallation(id: id, processes: []))
        instIndex[id] = declaration.installations.count - 1
        return declaration.installations.count - 1
    }

    mutating func add(_ r: CBAMCSVRow) throws {
        switch r.s("record")?.lowercased() {
        case "setting": try setting(r)
        case "installation":
            guard let id = r.s("installation") ?? r.s("id") else {
                throw PolicyError(.missingValue, "an installation row needs 'installation'", field: "installation")
            }
            let i = installation(id)
            declaration.installations[i].name = r.s("name")
            declaration.installations[i].country = r.s("country")
            declaration.installations[i].gridEFtPerMWh = try r.n("grid_ef_t_per_mwh")
            declaration.installations[i].directEmissionsT = try r.n("direct_emissions_t")
            declaration.installations[i].electricityMWh = try r.n("electricity_mwh")
        case "process": try process(r)
        case "import": try importRow(r)
        default:
            throw PolicyError(
                .malformedFile, "record must be setting, installation, process or import, got '\(r.s("record") ?? "")'", field: "record")
        }
    }

    mutating func setting(_ r: CBAMCSVRow) throws {
        guard let key = r.s("id"), let value = r.s("value") else {
            throw PolicyError(.missingValue, "a setting needs id and value", field: "value")
        }
        switch key {
        case "title": declaration.title = value
        case "year":
            guard let y = Int(value) else { throw PolicyError(.malformedFile, "year '\(value)' is not a whole number", field: "value") }
            declaration.year = y
        case "certificate_price_eur": declaration.certificatePriceEUR = try r.n("value")
        case "cscf": declaration.cscf = try r.n("value")
        default:
            throw PolicyError(
                .unknownField, "unknown setting '\(key)'", field: "id", suggestion: "settings: title, year, certificate_price_eur, cscf")
        }
    }

    mutating func process(_ r: CBAMCSVRow) throws {
        guard let inst = r.s("installation") else {
            throw PolicyError(.missingValue, "a process row needs 'installation'", field: "installation")
        }
        guard let id = r.s("id") else { throw PolicyError(.missingValue, "a process row needs 'id'", field: "id") }
        guard let cn = r.s("cn_code") else { throw PolicyError(.missingValue, "a process row needs 'cn_code'", field: "cn_code") }
        var p = CBAMProcess(
            id: id, name: r.s("name"), cnCode: cn, route: r.s("route"), dataSource: r.s("data_source"),
            seeDirect: try r.n("see_direct"), seeIndirect: try r.n("see_indirect"), activityLevelT: try r.n("activity_level_t"),
            attributedDirectT: try r.n("attributed_direct_t"), shareOfDirect: try r.n("share_of_direct"),
            electricityMWh: try r.n("electricity_mwh"), shareOfElectricity: try r.n("share_of_electricity"),
            directTPerT: try r.n("direct_t_per_t"), electricityMWhPerT: try r.n("electricity_mwh_per_t"),
            indirectTPerT: try r.n("indirect_t_per_t"), electricityEFtPerMWh: try r.n("electricity_ef_t_per_mwh"))
        if let list = r.s("precursors") {
            p.precursors = try list.split(separator: ";").map { item in
                let parts = item.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let m = Double(parts[1]), m.isFinite else {
                    throw PolicyError(
                        .malformedFile, "precursor '\(item)' must be written process:t_per_t, e.g. crude_steel:1.05", field: "precursors")
                }
                return CBAMPrecursorUse(process: parts[0], tPerT: m)
            }
        }
        declaration.installations[installation(inst)].processes.append(p)
    }

    mutating func importRow(_ r: CBAMCSVRow) throws {
        guard let q = try r.n("quantity_t") else { throw PolicyError(.missingValue, "an import row needs quantity_t", field: "quantity_t") }
        var est: CBAMEstimateRequest? = nil
        if r.s("price_usd_per_t") != nil || r.s("mrio_sector") != nil || r.s("mrio_region") != nil || r.s("lca_process") != nil {
            est = CBAMEstimateRequest(
                priceUSDPerT: try r.n("price_usd_per_t"), mrioSector: r.s("mrio_sector"), mrioRegion: r.s("mrio_region"),
                lcaProcess: r.s("lca_process"))
        }
        declaration.imports.append(
            CBAMImport(
                id: r.s("id"), process: r.s("process"), cnCode: r.s("cn_code"), country: r.s("country"), quantityT: q,
                benchmarkTPerT: try r.n("benchmark_t_per_t"), carbonPricePaidEURPerTCO2e: try r.n("carbon_price_paid_eur_per_t_co2e"),
                carbonPricePaidEUR: try r.n("carbon_price_paid_eur"), defaultSEEtPerT: try r.n("default_see_t_per_t"), estimate: est))
    }
}

/// Reads avoided-emissions files: YAML or JSON (`title`, `grid_decline_per_year`, `projects`) or
/// an export-portfolio CSV with one line per destination and technology (`docs/avoided-format.md`).
public enum AvoidedStudyFile {
    /// Reads and checks the avoided-emissions file at `path` (CSV when the name ends in `.csv`, else YAML or JSON).
    ///
    /// Throws ``PolicyError`` `.missingFile` when it cannot be opened, `.malformedFile` (or a value error naming the field) otherwise.
    public static func load(path: String) throws -> AvoidedStudy {
        try parse(try PolicyFileText.read(path), fileName: path)
    }

    /// Parses avoided-emissions text; `fileName` names the document in errors and its `.csv` suffix selects the portfolio CSV layout.
    public static func parse(_ text: String, fileName: String) throws -> AvoidedStudy {
        do {
            if fileName.lowercased().hasSuffix(".csv") { return try parseCSV(text, fileName: fileName) }
            let tree = try PolicyFileText.tree(text, fileName: fileName)
            let checked = try Normaliser(
                allowed: ["study": AvoidedStudy.allowedKeys, "project": AvoidedProject.allowedKeys],
                children: ["study": ["projects": "project"]]
            ).normalise(tree, kind: "study", path: "")
            return try PolicyFileText.decode(AvoidedStudy.self, from: checked, docs: "docs/avoided-format.md")
        } catch let e as PolicyError {
            throw e.located(file: fileName)
        }
    }

    static func parseCSV(_ text: String, fileName: String) throws -> AvoidedStudy {
        let table: CSVTable
        do { table = try CSVTable(text: text) } catch { throw PolicyError(.malformedFile, "\(error)") }
        for h in table.header where !AvoidedProject.allowedKeys.contains(h) {
            throw PolicyError(
                .unknownField, "unknown column '\(h)'", field: h, suggestion: EditDistance.didYouMean(h, in: AvoidedProject.allowedKeys))
        }
        guard table.header.contains("technology") else {
            throw PolicyError(.missingValue, "the portfolio needs a 'technology' column", field: "technology")
        }
        var projects: [AvoidedProject] = []
        for r in table.rows {
            func s(_ c: String) -> String? {
                r[c].flatMap {
                    let t = $0.trimmingCharacters(in: .whitespaces); return t.isEmpty ? nil : t
                }
            }
            func n(_ c: String) throws -> Double? {
                guard let t = s(c) else { return nil }
                guard let v = Double(t) else { throw PolicyError(.malformedFile, "'\(t)' is not a number", field: c, line: r.line) }
                guard v.isFinite else { throw PolicyError(.outOfRange, "'\(t)' is not a finite number", field: c, line: r.line) }
                return v
            }
            do {
                guard let tech = s("technology") else { throw PolicyError(.missingValue, "no technology", field: "technology") }
                var life: Int? = nil
                if let t = s("lifetime_years") {
                    guard let v = Int(t) else { throw PolicyError(.malformedFile, "'\(t)' is not a whole number of years", field: "lifetime_years") }
                    life = v
                }
                let p = AvoidedProject(
                    id: s("id"), technology: tech, destination: s("destination"), capacityKW: try n("capacity_kw"), capacityMW: try n("capacity_mw"),
                    capacityFactor: try n("capacity_factor"), lifetimeYears: life, degradationPerYear: try n("degradation_per_year"),
                    losses: try n("losses"), manufacturingTPerKW: try n("manufacturing_t_per_kw"), lifeCycleT: try n("life_cycle_t"),
                    omTPerYear: try n("om_t_per_year"), endOfLifeT: try n("end_of_life_t"), gridTPerMWh: try n("grid_t_per_mwh"),
                    gridDeclinePerYear: try n("grid_decline_per_year"))
                projects.append(p)
            } catch let e as PolicyError {
                throw e.located(file: nil, line: r.line)
            }
        }
        // Validation errors from the engine name the line: give CSV projects an id with the line number when none is set.
        for (i, r) in table.rows.enumerated() where projects[i].id == nil {
            projects[i].id = "\(projects[i].destination ?? "?")-\(projects[i].technology) (line \(r.line))"
        }
        return AvoidedStudy(title: (fileName as NSString).lastPathComponent, projects: projects)
    }
}

// MARK: - Shared helpers

/// Lines of fields in declaration and portfolio files, for errors found after reading (by the engines).
public enum PolicyFileLines {
    /// The line of a field path such as `installations[steelworks].processes[hrc].cn_code` in a YAML
    /// file (list entries by id or index); nil for CSV and JSON files or when the path is not found.
    public static func line(of field: String?, inFile path: String) -> Int? {
        guard let field, !path.lowercased().hasSuffix(".csv"), !path.lowercased().hasSuffix(".json"),
            let text = try? InputFile.read(path), let root = try? SafeYAML.parse(text, file: path)
        else { return nil }
        var node = root
        var line: Int? = nil
        var rest = Substring(field)
        while !rest.isEmpty {
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]"), case .sequence(let xs) = node.value else { break }
                let label = String(rest[rest.index(after: rest.startIndex)..<close])
                rest = rest[rest.index(after: close)...]
                if let x = xs.first(where: { Normaliser.label($0) == label }) ?? Int(label).flatMap({ $0 < xs.count ? xs[$0] : nil }) {
                    node = x
                    line = x.line ?? line
                    continue
                }
                break
            }
            let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
            let key = String(rest[..<end])
            rest = rest[end...]
            guard let e = node.entries?.first(where: { $0.key == key }) else { break }
            node = e.value
            line = e.line ?? line
        }
        return line
    }
}

enum PolicyFileText {
    /// The text of a declaration or portfolio file (size-limited, UTF-8 with a clear message when not).
    static func read(_ path: String) throws -> String {
        do { return try InputFile.read(path) } catch let e as DataError {
            throw PolicyError(e.code == .cannotOpen ? .missingFile : .malformedFile, e.message, suggestion: e.suggestion, file: path, line: e.line)
        }
    }

    /// Parses YAML (default) or JSON (`.json`) through ``SafeYAML`` (size, alias and depth limits).
    static func tree(_ text: String, fileName: String) throws -> InputNode {
        do { return try SafeYAML.parse(text, file: fileName) } catch let e as DataError {
            throw PolicyError(.malformedFile, e.message, field: e.field, suggestion: e.suggestion, line: e.line)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from tree: Any, docs: String) throws -> T {
        let data = try JSONSerialization.data(withJSONObject: tree)
        do { return try JSONDecoder().decode(T.self, from: data) } catch let e as DecodingError {
            let (field, message) = SafeYAML.describe(e)
            throw PolicyError(.malformedFile, message, field: field.isEmpty ? nil : field, suggestion: "see \(docs)")
        }
    }
}

/// Checks the keys of a parsed YAML/JSON tree against the allowed names and turns it into
/// JSON-compatible values, with text fields (ids, CN codes, countries) coerced to strings and every
/// number checked finite. Errors name the field path and the line.
struct Normaliser {
    let allowed: [String: Set<String>]
    /// kind → key → child kind (arrays and single objects).
    let children: [String: [String: String]]
    static let textKeys: Set<String> = [
        "id", "cn_code", "process", "installation", "country", "destination", "technology", "title", "name",
        "route", "data_source", "mrio_sector", "mrio_region", "lca_process"
    ]

    func normalise(_ node: InputNode, kind: String, path: String) throws -> Any {
        guard let entries = node.entries else {
            throw PolicyError(
                .malformedFile, "expected a mapping of fields, found \(node.kindName)", field: path.isEmpty ? nil : path, line: node.line)
        }
        let keys = allowed[kind] ?? []
        var out: [String: Any] = [:]
        for e in entries {
            let k = e.key, v = e.value
            let here = path.isEmpty ? k : "\(path).\(k)"
            guard keys.contains(k) else {
                throw PolicyError(
                    .unknownField, "unknown field '\(k)'", field: here,
                    suggestion: EditDistance.didYouMean(k, in: keys) ?? "known fields: \(keys.sorted().joined(separator: ", "))", line: e.line)
            }
            if let child = children[kind]?[k] {
                if case .sequence(let arr) = v.value {
                    out[k] = try arr.enumerated().map { i, x in try normalise(x, kind: child, path: "\(here)[\(Self.label(x) ?? String(i))]") }
                } else if case .null = v.value {
                    continue
                } else if v.entries != nil {
                    out[k] = try normalise(v, kind: child, path: here)
                } else {
                    throw PolicyError(
                        .malformedFile, "expected \(child == "estimate" ? "a mapping" : "a list"), found \(v.kindName)", field: here,
                        line: v.line ?? e.line)
                }
            } else {
                out[k] = try Self.scalar(v, text: Self.textKeys.contains(k), field: here, line: v.line ?? e.line)
            }
        }
        return out
    }

    static func label(_ x: InputNode) -> String? {
        x.entries?.first { $0.key == "id" }?.value.scalarText
    }

    static func scalar(_ v: InputNode, text: Bool, field: String, line: Int?) throws -> Any {
        if case .null = v.value { return NSNull() }
        if text {
            if let s = v.scalarText { return s }
            throw PolicyError(.malformedFile, "expected text, found \(v.kindName)", field: field, line: line)
        }
        switch v.value {
        case .int(let i): return i
        case .double(let d):
            guard d.isFinite else { throw PolicyError(.outOfRange, "'\(v.text ?? String(d))' is not a finite number", field: field, line: line) }
            return d
        case .bool(let b): return b
        case .string(let s):
            if let d = Double(s.trimmingCharacters(in: .whitespaces)) {
                guard d.isFinite else { throw PolicyError(.outOfRange, "'\(s)' is not a finite number", field: field, line: line) }
                return d
            }
            return s
        case .null, .sequence, .mapping:
            throw PolicyError(.malformedFile, "expected a single value, found \(v.kindName)", field: field, line: line)
        }
    }
}
