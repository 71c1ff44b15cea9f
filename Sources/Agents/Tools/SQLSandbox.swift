import Foundation
import GRDBSQLite
import YuhengCore
import YuhengData

/// Read-only SQL over the Yuheng database, for questions the other tools do not cover.
///
/// Every query runs on its own connection opened with `SQLITE_OPEN_READONLY`, and an authorizer
/// (`sqlite3_set_authorizer`) allows only SELECT, reading columns, functions (except
/// `load_extension` and a few others), recursive CTEs and a short list of read-only PRAGMAs
/// (`table_info`, `table_list`, `index_list`, `index_info`, `foreign_key_list`, `table_xinfo`).
/// Everything else — INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, ATTACH, DETACH, transactions,
/// other PRAGMAs — is denied when the statement is compiled.
///
/// What one query may cost is bounded:
/// - time: a progress handler interrupts statements that run longer than `timeLimit` seconds;
/// - the size of any value computed or read: `SQLITE_LIMIT_LENGTH` (``lengthLimit``, 8 MB) on the
///   sandbox's connection, so `hex(randomblob(100000000))` fails at once ("larger than the
///   sandbox's limit") instead of building 200 MB;
/// - the size of one value returned: text longer than ``maxValueBytes`` (64 KiB) is cut there and
///   ends with the marker `…[truncated: N bytes in all]` (blobs are described, never returned);
/// - the whole result: at most `rowLimit` rows and ``maxResultBytes`` (1 MB) of values; the rows
///   beyond are left out and `truncated` is true (a single row larger than the whole limit is an error).
public struct SQLSandbox: Sendable {
    public let path: String
    public var rowLimit: Int
    public var timeLimit: Double
    /// The total size of the returned values (UTF-8 bytes of text, 8 per number): rows beyond it are left out.
    public var maxResultBytes: Int
    /// The longest text value returned; longer ones are cut, with a marker.
    public var maxValueBytes: Int
    /// SQLite's `SQLITE_LIMIT_LENGTH` on the sandbox's connection: no string or blob may be longer.
    public var lengthLimit: Int

    public static let allowedPragmas: Set<String> = ["table_info", "table_xinfo", "table_list", "index_list", "index_info", "foreign_key_list"]
    public static let deniedFunctions: Set<String> = ["load_extension", "fts3_tokenizer", "readfile", "writefile", "edit", "sqlite_dbpage"]

    public init(path: String, rowLimit: Int = 500, timeLimit: Double = 2, maxResultBytes: Int = 1_000_000, maxValueBytes: Int = 65_536,
                lengthLimit: Int = 8_000_000) {
        self.path = path
        self.rowLimit = rowLimit
        self.timeLimit = timeLimit
        self.maxResultBytes = maxResultBytes
        self.maxValueBytes = maxValueBytes
        self.lengthLimit = lengthLimit
    }

    public struct Result: Sendable {
        public var columns: [String]
        public var rows: [[JSON]]
        /// Rows were left out (the row limit or the size limit).
        public var truncated: Bool
        public var tablesRead: [String]
        public var seconds: Double
        /// Why rows were left out: "rows" (the row limit) or "bytes" (the size limit); nil when none were.
        public var truncatedBy: String? = nil
        /// Text values cut at ``SQLSandbox/maxValueBytes``.
        public var truncatedValues: Int = 0
        /// The size of the returned values, counted as for ``SQLSandbox/maxResultBytes``.
        public var bytes: Int = 0
    }

    /// The marker that ends a text value cut at ``maxValueBytes``.
    public static func truncationMarker(totalBytes: Int) -> String { "…[truncated: \(totalBytes) bytes in all]" }

    /// State shared with the C callbacks.
    final class Guard {
        var denied: [String] = []
        var tables: Set<String> = []
        var deadline: ContinuousClock.Instant
        var timedOut = false
        init(deadline: ContinuousClock.Instant) { self.deadline = deadline }
    }

    public func query(_ sql: String) throws -> Result {
        let text = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ToolError(.invalidInput, "the query is empty") }
        guard text.utf8.count <= 10_000 else { throw ToolError(.rejected, "the query is longer than 10,000 bytes") }
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let db = handle else {
            let msg = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw ToolError(.failed, "cannot open the database read-only: \(msg)")
        }
        defer { sqlite3_close(db) }
        sqlite3_busy_timeout(db, 2000)
        // No string or blob may grow beyond the limit (randomblob, zeroblob, hex, replace, printf, group_concat …).
        sqlite3_limit(db, SQLITE_LIMIT_LENGTH, Int32(clamping: max(1_000, lengthLimit)))
        let start = ContinuousClock.now
        let guardState = Guard(deadline: start + .milliseconds(Int(timeLimit * 1000)))
        let ctx = Unmanaged.passRetained(guardState)
        defer { ctx.release() }
        sqlite3_set_authorizer(db, { ctxP, action, a1, a2, _, _ in
            let g = Unmanaged<Guard>.fromOpaque(ctxP!).takeUnretainedValue()
            let s1 = a1.map { String(cString: $0) }, s2 = a2.map { String(cString: $0) }
            switch action {
            case SQLITE_SELECT, SQLITE_RECURSIVE:
                return SQLITE_OK
            case SQLITE_READ:
                if let t = s1 { g.tables.insert(t) }
                return SQLITE_OK
            case SQLITE_FUNCTION:
                if let f = s2?.lowercased(), SQLSandbox.deniedFunctions.contains(f) { g.denied.append("function \(f)"); return SQLITE_DENY }
                return SQLITE_OK
            case SQLITE_PRAGMA:
                if let p = s1?.lowercased(), SQLSandbox.allowedPragmas.contains(p) { return SQLITE_OK }
                g.denied.append("PRAGMA \(s1 ?? "")\(s2.map { " = \($0)" } ?? "")")
                return SQLITE_DENY
            default:
                g.denied.append(SQLSandbox.actionName(action))
                return SQLITE_DENY
            }
        }, ctx.toOpaque())
        sqlite3_progress_handler(db, 100, { ctxP in
            let g = Unmanaged<Guard>.fromOpaque(ctxP!).takeUnretainedValue()
            if ContinuousClock.now > g.deadline { g.timedOut = true; return 1 }
            return 0
        }, ctx.toOpaque())

        var stmt: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let rc = text.withCString { p -> Int32 in
            let r = sqlite3_prepare_v2(db, p, -1, &stmt, &tail)
            if r == SQLITE_OK, let t = tail {
                let rest = String(cString: t).trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ";")))
                if !rest.isEmpty { return -1 }
            }
            return r
        }
        defer { sqlite3_finalize(stmt) }
        if rc == -1 {
            throw ToolError(.rejected, "only one statement per query is allowed", suggestion: "send a single SELECT")
        }
        guard rc == SQLITE_OK else {
            if !guardState.denied.isEmpty || rc == SQLITE_AUTH {
                throw ToolError(.rejected, "not allowed in the read-only sandbox: \(guardState.denied.isEmpty ? "this statement" : guardState.denied.joined(separator: ", "))",
                                suggestion: "only SELECT queries (and PRAGMA table_info/table_list/index_list) are allowed")
            }
            throw ToolError(.invalidInput, "SQL error: \(String(cString: sqlite3_errmsg(db)))")
        }
        guard let st = stmt else { throw ToolError(.invalidInput, "the query has no statement") }
        if sqlite3_stmt_readonly(st) == 0 {
            throw ToolError(.rejected, "the statement would write to the database", suggestion: "only SELECT queries are allowed")
        }
        let n = Int(sqlite3_column_count(st))
        let columns = (0..<n).map { String(cString: sqlite3_column_name(st, Int32($0))) }
        var rows: [[JSON]] = []
        var truncatedBy: String? = nil
        var truncatedValues = 0
        var total = 0
        while true {
            let s = sqlite3_step(st)
            if s == SQLITE_DONE { break }
            if s != SQLITE_ROW {
                if guardState.timedOut || s == SQLITE_INTERRUPT {
                    throw ToolError(.rejected, "the query ran longer than \(timeLimit) s and was interrupted", suggestion: "add a WHERE clause or a LIMIT")
                }
                if s == SQLITE_TOOBIG {
                    throw ToolError(.rejected, "the query builds or reads a value larger than the sandbox's limit of \(lengthLimit) bytes",
                                    suggestion: "return shorter values (substr(x, 1, 1000), length(x)) or fewer rows")
                }
                throw ToolError(.invalidInput, "SQL error: \(String(cString: sqlite3_errmsg(db)))")
            }
            if rows.count >= rowLimit { truncatedBy = "rows"; break }
            var rowBytes = 0
            var cut = 0
            let row = (0..<n).map { i -> JSON in
                let c = Int32(i)
                switch sqlite3_column_type(st, c) {
                case SQLITE_INTEGER: rowBytes += 8; return .number(Double(sqlite3_column_int64(st, c)))
                case SQLITE_FLOAT: rowBytes += 8; return .number(sqlite3_column_double(st, c))
                case SQLITE_TEXT:
                    guard let p = sqlite3_column_text(st, c) else { return .null }
                    let length = Int(sqlite3_column_bytes(st, c))
                    if length <= maxValueBytes {
                        rowBytes += length
                        return .string(String(decoding: UnsafeBufferPointer(start: p, count: length), as: UTF8.self))
                    }
                    // Cut at a character boundary (not inside a UTF-8 sequence).
                    var keep = max(0, maxValueBytes)
                    while keep > 0 && (p[keep] & 0xC0) == 0x80 { keep -= 1 }
                    cut += 1
                    let text = String(decoding: UnsafeBufferPointer(start: p, count: keep), as: UTF8.self) + Self.truncationMarker(totalBytes: length)
                    rowBytes += text.utf8.count
                    return .string(text)
                case SQLITE_BLOB:
                    rowBytes += 24
                    return .string("<blob \(sqlite3_column_bytes(st, c)) bytes>")
                default: rowBytes += 4; return .null
                }
            }
            if total + rowBytes > maxResultBytes {
                if rows.isEmpty {
                    throw ToolError(.rejected, "one row of the result has \(rowBytes) bytes, more than the limit of \(maxResultBytes) bytes for the whole result",
                                    suggestion: "select fewer or shorter columns (substr(x, 1, 1000))")
                }
                truncatedBy = "bytes"
                break
            }
            total += rowBytes
            truncatedValues += cut
            rows.append(row)
        }
        let d = ContinuousClock.now - start
        return Result(columns: columns, rows: rows, truncated: truncatedBy != nil, tablesRead: guardState.tables.sorted(),
                      seconds: Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18,
                      truncatedBy: truncatedBy, truncatedValues: truncatedValues, bytes: total)
    }

    static func actionName(_ code: Int32) -> String {
        switch code {
        case SQLITE_INSERT: return "INSERT"
        case SQLITE_UPDATE: return "UPDATE"
        case SQLITE_DELETE: return "DELETE"
        case SQLITE_ATTACH: return "ATTACH"
        case SQLITE_DETACH: return "DETACH"
        case SQLITE_TRANSACTION: return "BEGIN/COMMIT/ROLLBACK"
        case SQLITE_SAVEPOINT: return "SAVEPOINT"
        case SQLITE_ALTER_TABLE: return "ALTER TABLE"
        case SQLITE_REINDEX: return "REINDEX"
        case SQLITE_ANALYZE: return "ANALYZE"
        case SQLITE_CREATE_INDEX, SQLITE_CREATE_TABLE, SQLITE_CREATE_TEMP_INDEX, SQLITE_CREATE_TEMP_TABLE, SQLITE_CREATE_TEMP_TRIGGER,
             SQLITE_CREATE_TEMP_VIEW, SQLITE_CREATE_TRIGGER, SQLITE_CREATE_VIEW, SQLITE_CREATE_VTABLE: return "CREATE"
        case SQLITE_DROP_INDEX, SQLITE_DROP_TABLE, SQLITE_DROP_TEMP_INDEX, SQLITE_DROP_TEMP_TABLE, SQLITE_DROP_TEMP_TRIGGER,
             SQLITE_DROP_TEMP_VIEW, SQLITE_DROP_TRIGGER, SQLITE_DROP_VIEW, SQLITE_DROP_VTABLE: return "DROP"
        default: return "operation \(code)"
        }
    }
}

// MARK: sql_query

public struct SQLQueryTool: AgentTool {
    public struct Input: ToolInput {
        public var sql: String
        public static let fields: [String: FieldDoc] = [
            "sql": .init("""
                One read-only SELECT over Yuheng's SQLite database. Tables: datasets(id, title, version, source, licence, …), \
                factors(dataset_id, tbl, category, item, qualifier, gas, value, low, high, unit, description), gwp(species, assessment, \
                metric, value), national_emissions(dataset_id, iso3, country, year, indicator, value, unit), grid_intensity(iso3, year, value), \
                countries(iso3, iso2, numeric, name, continent), lci_processes, lci_flows, lci_exchanges. Use PRAGMA table_info(name) for columns.
                """, example: "SELECT iso3, value FROM national_emissions WHERE year = 2020 AND indicator = 'territorial_co2' ORDER BY value DESC LIMIT 5"),
        ]
    }
    public init() {}
    public let name = "sql_query"
    public let description = """
        Runs one read-only SQL SELECT over the Yuheng database (factors, GWP values, national emissions, countries, datasets, LCI \
        processes) in a sandbox: writes, ATTACH, PRAGMA changes and extensions are rejected; a time limit applies. The result is \
        bounded: at most 500 rows and 1 MB of values (further rows are left out and "truncated" is true, "truncated_by" says \
        which limit); a text value longer than 64 KiB is cut and ends with "…[truncated: N bytes in all]"; a query that builds \
        or reads a value over 8 MB (e.g. a huge randomblob) is refused with an error.
        """

    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let sandbox = SQLSandbox(path: context.db.path, rowLimit: context.sqlRowLimit, timeLimit: context.sqlTimeLimit)
        let r = try sandbox.query(input.sql)
        var prov: [Provenance] = []
        if let di = r.columns.firstIndex(of: "dataset_id") {
            for id in Set(r.rows.compactMap { $0[di].stringValue }).sorted() { if let d = try context.db.dataset(id) { prov.append(d.provenance) } }
        }
        var out: [String: JSON] = ["columns": .array(r.columns.map { .string($0) }), "rows": .array(r.rows.map { .array($0) }), "row_count": .number(Double(r.rows.count)),
                                   "truncated": .bool(r.truncated), "row_limit": .number(Double(context.sqlRowLimit)), "tables_read": .array(r.tablesRead.map { .string($0) }),
                                   "byte_limit": .number(Double(sandbox.maxResultBytes)), "value_byte_limit": .number(Double(sandbox.maxValueBytes))]
        if let by = r.truncatedBy { out["truncated_by"] = .string(by) }
        if r.truncatedValues > 0 { out["truncated_values"] = .number(Double(r.truncatedValues)) }
        let why = r.truncatedBy == "bytes" ? " (truncated at \(sandbox.maxResultBytes) bytes)" : (r.truncated ? " (truncated at \(context.sqlRowLimit))" : "")
        return ToolResult(json: .object(out), units: ["*": "as stored (see each table's unit column)"], provenance: prov,
                          summary: "\(r.rows.count) rows\(why)\(r.truncatedValues > 0 ? ", \(r.truncatedValues) long values cut" : "") from \(r.tablesRead.joined(separator: ", "))")
    }
}
