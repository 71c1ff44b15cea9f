import Foundation
import YuhengCore
import YuhengData
import YuhengInventory

/// Production-based inventories (IPCC 2006 Tier 1): the one place where an inventory is computed
/// from an activity file, CSV text or parsed activities, with the database's factors and GWP set
/// and their provenance. The result is checked finite.
///
/// ```swift
/// let r = try services.inventory.compute(file: "examples/inventory/ipcc-1.csv", gwp: "AR5")
/// r.totalCO2eTonnes
/// ```
public struct InventoryService: Sendable {
    let services: YuhengServices

    /// The engine with the database's default factors and the GWP set `gwp` (AR4, AR5, AR6, AR6-GWP20 …).
    public func engine(gwp: String = "AR5") throws -> (engine: InventoryEngine, gwp: GWPSet) {
        let set = try services.db.gwpLibrary().set(named: gwp)
        let factors = try services.cache.value("inventory.factors", key: "", version: try services.datasetsVersion(), cost: 1 << 20) {
            try services.db.inventoryFactors()
        }
        return (InventoryEngine(factors: factors, gwp: set), set)
    }

    /// The inventory of parsed activities.
    public func compute(_ activities: [Activity], fileName: String, gwp: String = "AR5") throws -> InventoryResult {
        let (engine, set) = try engine(gwp: gwp)
        var result = try engine.compute(activities, fileName: fileName)
        if let gp = set.provenance, !result.datasets.contains(where: { $0.datasetID == gp.datasetID }) { result.datasets.append(gp) }
        if let (path, v) = FiniteCheck.firstNonFinite(in: result) {
            throw InventoryError(.invalidNumber, FiniteCheck.message(path: path, value: v), field: path, file: fileName)
        }
        return result
    }

    /// The inventory of an activity CSV given as text.
    public func compute(csv: String, fileName: String = "request", gwp: String = "AR5") throws -> InventoryResult {
        try compute(try ActivityFile.parseCSV(csv, fileName: fileName), fileName: fileName, gwp: gwp)
    }

    /// The inventory of an activity file.
    public func compute(file path: String, gwp: String = "AR5") throws -> InventoryResult {
        try compute(try activities(file: path), fileName: (path as NSString).lastPathComponent, gwp: gwp)
    }
}

extension InventoryService {
    /// The activity file's text; an unreadable file is an inventory error naming it. A file that is
    /// clearly not an inventory CSV (YAML, JSON, a spreadsheet) is refused before it is parsed.
    public static func read(_ path: String) throws -> String {
        let text: String
        do { text = try InputFile.read(path) } catch let e as DataError {
            throw InventoryError(.emptyInput, e.message, suggestion: e.suggestion, file: path)
        }
        if let kind = InputFileKind.notCSV(text) {
            throw InventoryError(
                .emptyInput, "this is not an inventory CSV (it looks like \(kind))",
                suggestion: "give an activity file in CSV with the header id,category,method,item,amount,unit,… (docs/inventory-format.md)",
                file: path)
        }
        return text
    }

    /// The parsed activities of an activity file.
    public func activities(file path: String) throws -> [Activity] {
        try ActivityFile.parseCSV(try Self.read(path), fileName: (path as NSString).lastPathComponent)
    }

    /// The inventory of an activity file as a time series (a single year is a series of one): every
    /// year with the trend from the base year, key categories and, with `previous` (an earlier
    /// submission's activity file), the recalculation differences by category. The GWP set's
    /// provenance is listed; the result is checked finite.
    public func series(
        file path: String, gwp: String = "AR5", options: InventorySeriesOptions = InventorySeriesOptions(),
        previous: String? = nil
    ) throws -> InventorySeriesResult {
        let name = (path as NSString).lastPathComponent
        return try series(try activities(file: path), fileName: name, gwp: gwp, options: options, previous: previous)
    }

    /// The same for activities already read (e.g. CSV text sent by an agent or the API); `fileName`
    /// names them in messages and in the result's provenance.
    public func series(
        _ activities: [Activity], fileName name: String, gwp: String = "AR5", options: InventorySeriesOptions = InventorySeriesOptions(),
        previous: String? = nil
    ) throws -> InventorySeriesResult {
        let (engine, set) = try engine(gwp: gwp)
        let path = name
        var series = try engine.computeSeries(activities, fileName: name, options: options)
        let last = series.results.count - 1
        if let gp = set.provenance, last >= 0, !series.results[last].datasets.contains(where: { $0.datasetID == gp.datasetID }) {
            series.results[last].datasets.append(gp)
        }
        if let previous {
            let prevName = (previous as NSString).lastPathComponent
            let prev = try engine.computeSeries(try self.activities(file: previous), fileName: prevName, options: options)
            series.recalculations = series.recalculations(against: prev)
        }
        if let (field, v) = FiniteCheck.firstNonFinite(in: series) {
            throw InventoryError(.invalidNumber, FiniteCheck.message(path: field, value: v), field: field, file: path)
        }
        return series
    }
}

/// Recognises files that are plainly not CSV, so that a wrong file gets a plain message instead of
/// a parse error on some line.
enum InputFileKind {
    /// "YAML", "JSON", "a spreadsheet (XLSX)" … when the text is recognisably one of them; nil otherwise.
    static func notCSV(_ text: String) -> String? {
        let lines = text.prefix(8192).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty && !$0.hasPrefix("#")
        }
        guard let first = lines.first else { return nil }
        if first.hasPrefix("PK\u{3}\u{4}") { return "a spreadsheet or zip archive" }
        if first.hasPrefix("{") || first.hasPrefix("[") { return "JSON" }
        if first == "---" { return "YAML" }
        // YAML: "key:" lines (a mapping) or "- item" lines, from the first line on.
        func yamlLine(_ l: String) -> Bool {
            l.hasPrefix("- ") || l.range(of: #"^[A-Za-z_][A-Za-z0-9_ \-]*:(\s|$)"#, options: .regularExpression) != nil
        }
        let yamlish = lines.prefix(20).filter(yamlLine).count
        let firstIsKey = yamlLine(first)
        return firstIsKey && yamlish * 2 >= min(lines.count, 20) ? "YAML" : nil
    }
}
