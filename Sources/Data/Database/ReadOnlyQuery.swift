import Foundation
import GRDBSQLite
import YuhengCore

/// One read-only SQL query over a Yuheng database, in a sandbox: the data layer's answer to
/// "let a user (or a language model) ask what the other queries do not cover".
///
/// Every query runs on its own connection opened with `SQLITE_OPEN_READONLY`, and an authorizer
/// (`sqlite3_set_authorizer`) allows only SELECT, reading columns, functions (except
/// ``deniedFunctions``), recursive CTEs and the read-only PRAGMAs of ``allowedPragmas``.
/// Everything else — INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, ATTACH, DETACH, transactions,
/// other PRAGMAs — is denied when the statement is compiled.
///
/// What one query may cost is bounded by its ``Limits``:
/// - time: a progress handler interrupts statements that run longer than `timeLimit` seconds;
/// - the size of any value computed or read: `SQLITE_LIMIT_LENGTH` (`lengthLimit`, 8 MB) on the
///   connection, so `hex(randomblob(100000000))` fails at once instead of building 200 MB;
/// - the size of one value returned: text longer than `maxValueBytes` (64 KiB) is cut there and
///   ends with ``truncationMarker(totalBytes:)`` (blobs are described, never returned);
/// - the whole result: at most `rowLimit` rows and `maxResultBytes` (1 MB) of values; the rows
///   beyond are left out and ``Result/truncatedBy`` says why (a single row larger than the whole
///   limit is an error).
///
/// ```swift
/// let r = try db.readOnlyQuery("SELECT iso3, value FROM national_emissions LIMIT 3")
/// r.columns    // ["iso3", "value"]
/// r.rows[0]    // [.text("AFG"), .real(2.1)]
/// ```
public struct ReadOnlyQuery: Sendable {
    /// The bounds on what one query may cost.
    public struct Limits: Sendable, Hashable {
        /// The most rows returned; further rows are left out.
        public var rowLimit: Int
        /// Seconds after which the statement is interrupted.
        public var timeLimit: Double
        /// The total size of the returned values (UTF-8 bytes of text, 8 per number): rows beyond it are left out.
        public var maxResultBytes: Int
        /// The longest text value returned; longer ones are cut, with a marker.
        public var maxValueBytes: Int
        /// SQLite's `SQLITE_LIMIT_LENGTH` on the connection: no string or blob may be longer.
        public var lengthLimit: Int
        /// The longest query text accepted, in UTF-8 bytes.
        public var maxQueryBytes: Int

        /// Limits with the sandbox's defaults (500 rows, 2 s, 1 MB, 64 KiB, 8 MB, 10,000 bytes of SQL).
        public init(
            rowLimit: Int = 500, timeLimit: Double = 2, maxResultBytes: Int = 1_000_000, maxValueBytes: Int = 65_536,
            lengthLimit: Int = 8_000_000, maxQueryBytes: Int = 10_000
        ) {
            self.rowLimit = rowLimit
            self.timeLimit = timeLimit
            self.maxResultBytes = maxResultBytes
            self.maxValueBytes = maxValueBytes
            self.lengthLimit = lengthLimit
            self.maxQueryBytes = maxQueryBytes
        }
    }

    /// One value of a result row, as SQLite stored it.
    public enum Value: Sendable, Hashable {
        case integer(Int64)
        case real(Double)
        case text(String)
        /// A blob is described by its size, never returned.
        case blob(bytes: Int)
        case null

        /// The number of an integer or real value.
        public var number: Double? {
            switch self {
            case .integer(let i): Double(i)
            case .real(let d): d
            default: nil
            }
        }

        /// The string of a text value.
        public var text: String? {
            if case .text(let s) = self { return s }
            return nil
        }
    }

    /// Why rows were left out of a result.
    public enum Truncation: String, Sendable, Hashable {
        /// The row limit.
        case rows
        /// The size limit of the whole result.
        case bytes
    }

    /// The answer to a query.
    public struct Result: Sendable, Hashable {
        /// The column names, in order.
        public var columns: [String]
        /// The rows (each as many values as there are columns).
        public var rows: [[Value]]
        /// The tables the query read (from the authorizer), sorted.
        public var tablesRead: [String]
        /// Wall time of the query in seconds.
        public var seconds: Double
        /// Why rows were left out; nil when none were.
        public var truncatedBy: Truncation?
        /// Text values cut at ``Limits/maxValueBytes``.
        public var truncatedValues: Int
        /// The size of the returned values, counted as for ``Limits/maxResultBytes``.
        public var bytes: Int
        /// Rows were left out (the row limit or the size limit).
        public var truncated: Bool { truncatedBy != nil }
    }

    /// The database file, opened read-only for each query.
    public let path: String
    /// The bounds of every query.
    public var limits: Limits

    /// The read-only PRAGMAs allowed.
    public static let allowedPragmas: Set<String> = ["table_info", "table_xinfo", "table_list", "index_list", "index_info", "foreign_key_list"]
    /// The SQL functions denied (extensions, file access, raw pages).
    public static let deniedFunctions: Set<String> = ["load_extension", "fts3_tokenizer", "readfile", "writefile", "edit", "sqlite_dbpage"]

    /// A sandbox over the database file at `path`.
    public init(path: String, limits: Limits = Limits()) {
        self.path = path
        self.limits = limits
    }

    /// The marker that ends a text value cut at ``Limits/maxValueBytes``.
    public static func truncationMarker(totalBytes: Int) -> String { "…[truncated: \(totalBytes) bytes in all]" }

    /// Runs one statement and returns its bounded result.
    ///
    /// - throws: ``QueryError`` — `.emptyQuery`, `.queryTooLong`, `.multipleStatements`, `.notAllowed`
    ///   (the authorizer denied it, or it would write), `.interrupted` (the time limit),
    ///   `.valueTooLarge`, `.rowTooLarge`, `.sqlError` or `.cannotOpen`.
    public func run(_ sql: String) throws -> Result {
        let text = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw QueryError(.emptyQuery, "the query is empty") }
        guard text.utf8.count <= limits.maxQueryBytes else {
            throw QueryError(.queryTooLong, "the query is longer than \(limits.maxQueryBytes) bytes of SQL")
        }
        let db = try openReadOnly()
        defer { sqlite3_close(db) }
        let start = ContinuousClock.now
        let guardState = QueryGuard(deadline: start + .milliseconds(Int(limits.timeLimit * 1000)))
        let ctx = Unmanaged.passRetained(guardState)
        defer { ctx.release() }
        Self.installGuards(db, ctx.toOpaque())
        let st = try prepare(text, db: db, guard: guardState)
        defer { sqlite3_finalize(st) }
        var result = try read(st, db: db, guard: guardState)
        let d = ContinuousClock.now - start
        result.tablesRead = guardState.tables.sorted()
        result.seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        return result
    }

    /// State shared with the C callbacks.
    final class QueryGuard {
        var denied: [String] = []
        var tables: Set<String> = []
        let deadline: ContinuousClock.Instant
        var timedOut = false
        init(deadline: ContinuousClock.Instant) { self.deadline = deadline }
    }

    private func openReadOnly() throws -> OpaquePointer {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let db = handle else {
            let msg = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw QueryError(.cannotOpen, "cannot open the database read-only: \(msg)")
        }
        sqlite3_busy_timeout(db, 2000)
        // No string or blob may grow beyond the limit (randomblob, zeroblob, hex, replace, printf, group_concat …).
        sqlite3_limit(db, SQLITE_LIMIT_LENGTH, Int32(clamping: max(1_000, limits.lengthLimit)))
        return db
    }

    /// The authorizer (what may be compiled) and the progress handler (the time limit).
    private static func installGuards(_ db: OpaquePointer, _ ctx: UnsafeMutableRawPointer) {
        sqlite3_set_authorizer(
            db,
            { ctxP, action, a1, a2, _, _ in
                let g = Unmanaged<QueryGuard>.fromOpaque(ctxP!).takeUnretainedValue()
                return ReadOnlyQuery.authorize(action, a1.map { String(cString: $0) }, a2.map { String(cString: $0) }, guard: g)
            }, ctx)
        sqlite3_progress_handler(
            db, 100,
            { ctxP in
                let g = Unmanaged<QueryGuard>.fromOpaque(ctxP!).takeUnretainedValue()
                if ContinuousClock.now > g.deadline { g.timedOut = true; return 1 }
                return 0
            }, ctx)
    }

    static func authorize(_ action: Int32, _ s1: String?, _ s2: String?, guard g: QueryGuard) -> Int32 {
        switch action {
        case SQLITE_SELECT, SQLITE_RECURSIVE:
            return SQLITE_OK
        case SQLITE_READ:
            if let t = s1 { g.tables.insert(t) }
            return SQLITE_OK
        case SQLITE_FUNCTION:
            if let f = s2?.lowercased(), deniedFunctions.contains(f) { g.denied.append("function \(f)"); return SQLITE_DENY }
            return SQLITE_OK
        case SQLITE_PRAGMA:
            if let p = s1?.lowercased(), allowedPragmas.contains(p) { return SQLITE_OK }
            g.denied.append("PRAGMA \(s1 ?? "")\(s2.map { " = \($0)" } ?? "")")
            return SQLITE_DENY
        default:
            g.denied.append(actionName(action))
            return SQLITE_DENY
        }
    }

    /// Compiles exactly one statement that does not write.
    private func prepare(_ text: String, db: OpaquePointer, guard g: QueryGuard) throws -> OpaquePointer {
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
        if rc == -1 {
            sqlite3_finalize(stmt)
            throw QueryError(.multipleStatements, "only one statement per query is allowed", suggestion: "send a single SELECT")
        }
        guard rc == SQLITE_OK else {
            sqlite3_finalize(stmt)
            if !g.denied.isEmpty || rc == SQLITE_AUTH {
                throw QueryError(
                    .notAllowed, "not allowed in the read-only sandbox: \(g.denied.isEmpty ? "this statement" : g.denied.joined(separator: ", "))",
                    suggestion: "only SELECT queries (and PRAGMA table_info/table_list/index_list) are allowed")
            }
            throw QueryError(.sqlError, "SQL error: \(String(cString: sqlite3_errmsg(db)))")
        }
        guard let st = stmt else { throw QueryError(.emptyQuery, "the query has no statement") }
        if sqlite3_stmt_readonly(st) == 0 {
            sqlite3_finalize(st)
            throw QueryError(.notAllowed, "the statement would write to the database", suggestion: "only SELECT queries are allowed")
        }
        return st
    }

    /// Steps through the rows within the row and size limits.
    private func read(_ st: OpaquePointer, db: OpaquePointer, guard g: QueryGuard) throws -> Result {
        let n = Int(sqlite3_column_count(st))
        let columns = (0..<n).map { String(cString: sqlite3_column_name(st, Int32($0))) }
        var result = Result(columns: columns, rows: [], tablesRead: [], seconds: 0, truncatedBy: nil, truncatedValues: 0, bytes: 0)
        while true {
            let s = sqlite3_step(st)
            if s == SQLITE_DONE { break }
            if s != SQLITE_ROW { throw stepError(s, db: db, guard: g) }
            if result.rows.count >= limits.rowLimit { result.truncatedBy = .rows; break }
            var rowBytes = 0
            var cut = 0
            let row = (0..<n).map { value(st, Int32($0), bytes: &rowBytes, cut: &cut) }
            if result.bytes + rowBytes > limits.maxResultBytes {
                if result.rows.isEmpty {
                    throw QueryError(
                        .rowTooLarge,
                        "one row of the result has \(rowBytes) bytes, more than the limit of \(limits.maxResultBytes) bytes for the whole result",
                        suggestion: "select fewer or shorter columns (substr(x, 1, 1000))")
                }
                result.truncatedBy = .bytes
                break
            }
            result.bytes += rowBytes
            result.truncatedValues += cut
            result.rows.append(row)
        }
        return result
    }

    private func stepError(_ s: Int32, db: OpaquePointer, guard g: QueryGuard) -> QueryError {
        if g.timedOut || s == SQLITE_INTERRUPT {
            return QueryError(
                .interrupted, "the query ran longer than \(limits.timeLimit) s and was interrupted", suggestion: "add a WHERE clause or a LIMIT")
        }
        if s == SQLITE_TOOBIG {
            return QueryError(
                .valueTooLarge, "the query builds or reads a value larger than the sandbox's limit of \(limits.lengthLimit) bytes",
                suggestion: "return shorter values (substr(x, 1, 1000), length(x)) or fewer rows")
        }
        return QueryError(.sqlError, "SQL error: \(String(cString: sqlite3_errmsg(db)))")
    }

    /// One value, its size added to `bytes`; a text cut at the value limit counts in `cut`.
    private func value(_ st: OpaquePointer, _ c: Int32, bytes: inout Int, cut: inout Int) -> Value {
        switch sqlite3_column_type(st, c) {
        case SQLITE_INTEGER: bytes += 8; return .integer(sqlite3_column_int64(st, c))
        case SQLITE_FLOAT: bytes += 8; return .real(sqlite3_column_double(st, c))
        case SQLITE_TEXT:
            guard let p = sqlite3_column_text(st, c) else { return .null }
            let length = Int(sqlite3_column_bytes(st, c))
            if length <= limits.maxValueBytes {
                bytes += length
                return .text(String(decoding: UnsafeBufferPointer(start: p, count: length), as: UTF8.self))
            }
            // Cut at a character boundary (not inside a UTF-8 sequence).
            var keep = max(0, limits.maxValueBytes)
            while keep > 0 && (p[keep] & 0xC0) == 0x80 { keep -= 1 }
            cut += 1
            let text = String(decoding: UnsafeBufferPointer(start: p, count: keep), as: UTF8.self) + Self.truncationMarker(totalBytes: length)
            bytes += text.utf8.count
            return .text(text)
        case SQLITE_BLOB:
            bytes += 24
            return .blob(bytes: Int(sqlite3_column_bytes(st, c)))
        default:
            bytes += 4
            return .null
        }
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
            SQLITE_CREATE_TEMP_VIEW, SQLITE_CREATE_TRIGGER, SQLITE_CREATE_VIEW, SQLITE_CREATE_VTABLE:
            return "CREATE"
        case SQLITE_DROP_INDEX, SQLITE_DROP_TABLE, SQLITE_DROP_TEMP_INDEX, SQLITE_DROP_TEMP_TABLE, SQLITE_DROP_TEMP_TRIGGER,
            SQLITE_DROP_TEMP_VIEW, SQLITE_DROP_TRIGGER, SQLITE_DROP_VIEW, SQLITE_DROP_VTABLE:
            return "DROP"
        default: return "operation \(code)"
        }
    }
}

/// Why a ``ReadOnlyQuery`` did not run.
public struct QueryError: YuhengError, Equatable {
    /// What went wrong.
    public enum Code: String, ErrorCode {
        case emptyQuery, queryTooLong, multipleStatements, notAllowed, interrupted, valueTooLarge, rowTooLarge, sqlError, cannotOpen

        /// The kind of failure this code stands for.
        public var kind: ErrorKind {
            switch self {
            case .emptyQuery, .multipleStatements, .notAllowed, .sqlError: .invalidInput
            case .queryTooLong, .interrupted, .valueTooLarge, .rowTooLarge: .tooLarge
            case .cannotOpen: .failure
            }
        }

        /// The sandbox refused the query (it would write, or exceeds a limit), as opposed to a query
        /// that is malformed or a database that cannot be read.
        public var isRefusal: Bool {
            switch self {
            case .queryTooLong, .multipleStatements, .notAllowed, .interrupted, .valueTooLarge, .rowTooLarge: true
            case .emptyQuery, .sqlError, .cannotOpen: false
            }
        }
    }

    /// "sql".
    public static let domain = "sql"
    /// The machine-readable code (`sql.<code>`).
    public let code: Code
    /// What went wrong, in a sentence (SQLite's message for an SQL error).
    public let message: String
    /// What to do about it, when something can be said.
    public let suggestion: String?

    /// An error with a code, a message and what to do about it.
    public init(_ code: Code, _ message: String, suggestion: String? = nil) {
        self.code = code
        self.message = message
        self.suggestion = suggestion
    }
}

extension YuhengDatabase {
    /// Runs one read-only SQL query over this database in the ``ReadOnlyQuery`` sandbox (its own
    /// read-only connection, the authorizer, the time and size limits).
    ///
    /// ```swift
    /// let r = try db.readOnlyQuery("SELECT id, version FROM datasets", limits: .init(rowLimit: 10))
    /// ```
    public func readOnlyQuery(_ sql: String, limits: ReadOnlyQuery.Limits = .init()) throws -> ReadOnlyQuery.Result {
        try ReadOnlyQuery(path: path, limits: limits).run(sql)
    }
}
