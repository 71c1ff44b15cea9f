import Foundation
import YuhengCore
import YuhengData

/// The agents' view of the data layer's read-only SQL sandbox (``ReadOnlyQuery``): the same limits,
/// values as JSON and failures as tool errors (a refused query is `.rejected`).
///
/// What is allowed and what one query may cost (time, value sizes, rows, the whole result) is
/// ``ReadOnlyQuery``'s; see there.
public struct SQLSandbox: Sendable {
    /// Path of the SQLite database queried (opened read-only).
    public let path: String
    /// Most rows returned; further rows are left out and ``Result/truncated`` is set.
    public var rowLimit: Int
    /// Longest a query may run, in seconds; a slower query is interrupted with an error.
    public var timeLimit: Double
    /// The total size of the returned values (UTF-8 bytes of text, 8 per number): rows beyond it are left out.
    public var maxResultBytes: Int
    /// The longest text value returned; longer ones are cut, with a marker.
    public var maxValueBytes: Int
    /// SQLite's `SQLITE_LIMIT_LENGTH` on the sandbox's connection: no string or blob may be longer.
    public var lengthLimit: Int

    /// The PRAGMAs a query may read (see ``ReadOnlyQuery``).
    public static var allowedPragmas: Set<String> { ReadOnlyQuery.allowedPragmas }
    /// SQL functions a query may not call (load_extension, readfile, writefile, ...).
    public static var deniedFunctions: Set<String> { ReadOnlyQuery.deniedFunctions }

    /// A sandbox over the database at `path` with the limits of `sql_query` (500 rows, 2 s, 1 MB of values, 64 KiB per text).
    public init(
        path: String, rowLimit: Int = 500, timeLimit: Double = 2, maxResultBytes: Int = 1_000_000, maxValueBytes: Int = 65_536,
        lengthLimit: Int = 8_000_000
    ) {
        self.path = path
        self.rowLimit = rowLimit
        self.timeLimit = timeLimit
        self.maxResultBytes = maxResultBytes
        self.maxValueBytes = maxValueBytes
        self.lengthLimit = lengthLimit
    }

    /// A query's result, bounded by the sandbox's limits.
    public struct Result: Sendable {
        /// Column names, in the order of the SELECT.
        public var columns: [String]
        /// The rows, each value as JSON (null, number or string; a blob is described, never returned).
        public var rows: [[JSON]]
        /// Rows were left out (the row limit or the size limit).
        public var truncated: Bool
        /// The tables the query read (as SQLite's authorizer saw them), sorted.
        public var tablesRead: [String]
        /// Wall-clock seconds the query took.
        public var seconds: Double
        /// Why rows were left out: "rows" (the row limit) or "bytes" (the size limit); nil when none were.
        public var truncatedBy: String? = nil
        /// Text values cut at ``SQLSandbox/maxValueBytes``.
        public var truncatedValues: Int = 0
        /// The size of the returned values, counted as for ``SQLSandbox/maxResultBytes``.
        public var bytes: Int = 0
    }

    /// The marker that ends a text value cut at ``maxValueBytes``.
    public static func truncationMarker(totalBytes: Int) -> String { ReadOnlyQuery.truncationMarker(totalBytes: totalBytes) }

    /// The sandbox's limits as the data layer takes them.
    var limits: ReadOnlyQuery.Limits {
        ReadOnlyQuery.Limits(
            rowLimit: rowLimit, timeLimit: timeLimit, maxResultBytes: maxResultBytes, maxValueBytes: maxValueBytes,
            lengthLimit: lengthLimit)
    }

    /// Runs one query; a refused query throws ``ToolError`` `.rejected`, a malformed one `.invalidInput`.
    public func query(_ sql: String) throws -> Result {
        let r: ReadOnlyQuery.Result
        do {
            r = try ReadOnlyQuery(path: path, limits: limits).run(sql)
        } catch let e as QueryError {
            let kind: ToolError.Kind = e.code.isRefusal ? .rejected : (e.code == .cannotOpen ? .failed : .invalidInput)
            throw ToolError(kind, e.message, suggestion: e.suggestion)
        }
        return Result(
            columns: r.columns, rows: r.rows.map { $0.map(Self.json) }, truncated: r.truncated, tablesRead: r.tablesRead,
            seconds: r.seconds, truncatedBy: r.truncatedBy?.rawValue, truncatedValues: r.truncatedValues, bytes: r.bytes)
    }

    /// A value as the tools' JSON (a blob as "<blob N bytes>").
    static func json(_ v: ReadOnlyQuery.Value) -> JSON {
        switch v {
        case .integer(let i): .number(Double(i))
        case .real(let d): .number(d)
        case .text(let s): .string(s)
        case .blob(let n): .string("<blob \(n) bytes>")
        case .null: .null
        }
    }
}

// MARK: sql_query

/// `sql_query`: one read-only SELECT over the Yuheng database in the sandbox (rows, time and sizes bounded).
public struct SQLQueryTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// One read-only SELECT over Yuheng's SQLite database (tables: datasets, factors, gwp, national_emissions, grid_intensity, countries, lci_*).
        public var sql: String
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "sql": .init(
                """
                One read-only SELECT over Yuheng's SQLite database. Tables: datasets(id, title, version, source, licence, …), \
                factors(dataset_id, tbl, category, item, qualifier, gas, value, low, high, unit, description), gwp(species, assessment, \
                metric, value), national_emissions(dataset_id, iso3, country, year, indicator, value, unit), grid_intensity(iso3, year, value), \
                countries(iso3, iso2, numeric, name, continent), lci_processes, lci_flows, lci_exchanges. Use PRAGMA table_info(name) for columns.
                """,
                example: "SELECT iso3, value FROM national_emissions WHERE year = 2020 AND indicator = 'territorial_co2' ORDER BY value DESC LIMIT 5")
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `sql_query`.
    public let name = "sql_query"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Runs one read-only SQL SELECT over the Yuheng database (factors, GWP values, national emissions, countries, datasets, LCI \
        processes) in a sandbox: writes, ATTACH, PRAGMA changes and extensions are rejected; a time limit applies. The result is \
        bounded: at most 500 rows and 1 MB of values (further rows are left out and "truncated" is true, "truncated_by" says \
        which limit); a text value longer than 64 KiB is cut and ends with "…[truncated: N bytes in all]"; a query that builds \
        or reads a value over 8 MB (e.g. a huge randomblob) is refused with an error.
        """

    /// Runs the query in the sandbox and returns columns, rows and what was truncated.
    /// - Throws: ``ToolError`` (`rejected`) for a write, ATTACH, a PRAGMA change or a denied function; a time-limit or SQL error.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let sandbox = SQLSandbox(path: context.db.path, rowLimit: context.sqlRowLimit, timeLimit: context.sqlTimeLimit)
        let r = try sandbox.query(input.sql)
        var prov: [Provenance] = []
        if let di = r.columns.firstIndex(of: "dataset_id") {
            for id in Set(r.rows.compactMap { $0[di].stringValue }).sorted() { if let d = try context.db.dataset(id) { prov.append(d.provenance) } }
        }
        var out: [String: JSON] = [
            "columns": .array(r.columns.map { .string($0) }), "rows": .array(r.rows.map { .array($0) }), "row_count": .number(Double(r.rows.count)),
            "truncated": .bool(r.truncated), "row_limit": .number(Double(context.sqlRowLimit)),
            "tables_read": .array(r.tablesRead.map { .string($0) }),
            "byte_limit": .number(Double(sandbox.maxResultBytes)), "value_byte_limit": .number(Double(sandbox.maxValueBytes))
        ]
        if let by = r.truncatedBy { out["truncated_by"] = .string(by) }
        if r.truncatedValues > 0 { out["truncated_values"] = .number(Double(r.truncatedValues)) }
        let why =
            r.truncatedBy == "bytes"
            ? " (truncated at \(sandbox.maxResultBytes) bytes)" : (r.truncated ? " (truncated at \(context.sqlRowLimit))" : "")
        return ToolResult(
            json: .object(out), units: ["*": "as stored (see each table's unit column)"], provenance: prov,
            summary:
                "\(r.rows.count) rows\(why)\(r.truncatedValues > 0 ? ", \(r.truncatedValues) long values cut" : "") from \(r.tablesRead.joined(separator: ", "))"
        )
    }
}
