import Foundation
import GRDB

/// A stored job: a long computation run by the server (or the CLI) whose state and result live in
/// the database, so a restart neither loses finished results nor leaves jobs "running" forever.
public struct JobRecord: Sendable, Codable, Hashable {
    /// Where a job is in its life: queued, running, then succeeded, failed, cancelled, or interrupted (its process ended first).
    public enum Status: String, Sendable, Codable { case queued, running, succeeded, failed, cancelled, interrupted }
    /// The job's id (a lower-case UUID).
    public var id: String
    /// The job kind, e.g. "lca-montecarlo": which computation runs and how `params` is read.
    public var kind: String
    /// The job's current status.
    public var status: Status
    /// Fraction done, 0 to 1 (1 once succeeded).
    public var progress: Double
    /// The latest progress message shown to the user (may be empty).
    public var message: String
    /// The job's parameters as JSON text, as the job kind reads them.
    public var params: String
    /// Why the job failed, was cancelled or interrupted; nil otherwise.
    public var error: String?
    /// When the job was created (ISO 8601, UTC).
    public var createdAt: String
    /// When the job started running (ISO 8601, UTC); nil while queued.
    public var startedAt: String?
    /// When the job ended (ISO 8601, UTC); nil while queued or running.
    public var finishedAt: String?
    /// Whether a result is stored (read it with ``YuhengDatabase/jobResult(_:)``).
    public var hasResult: Bool

    enum CodingKeys: String, CodingKey {
        case id, kind, status, progress, message, params, error
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case hasResult = "has_result"
    }
}

extension YuhengDatabase {
    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    static func job(_ r: Row) -> JobRecord {
        JobRecord(
            id: r["id"], kind: r["kind"], status: JobRecord.Status(rawValue: r["status"]) ?? .failed, progress: r["progress"], message: r["message"],
            params: r["params"], error: r["error"], createdAt: r["created_at"], startedAt: r["started_at"], finishedAt: r["finished_at"],
            hasResult: (r["has_result"] as Int?) == 1)
    }

    static let jobColumns =
        "id, kind, status, progress, message, params, error, created_at, started_at, finished_at, (result IS NOT NULL) AS has_result"

    /// Records a new queued job of `kind` with its JSON `params` and returns it (with a fresh UUID).
    public func createJob(kind: String, params: String) throws -> JobRecord {
        let id = UUID().uuidString.lowercased()
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO jobs(id, kind, status, params, created_at) VALUES (?,?,?,?,?)", arguments: [id, kind, "queued", params, Self.now()])
        }
        return try job(id)!
    }

    /// The job with `id`, without its result; nil when there is none.
    public func job(_ id: String) throws -> JobRecord? {
        try writer.read { db in try Row.fetchOne(db, sql: "SELECT \(Self.jobColumns) FROM jobs WHERE id = ?", arguments: [id]).map(Self.job) }
    }

    /// The most recent jobs, newest first, at most `limit`, without their results.
    public func jobs(limit: Int = 50) throws -> [JobRecord] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.jobColumns) FROM jobs ORDER BY created_at DESC LIMIT ?", arguments: [limit]).map(Self.job)
        }
    }

    /// Updates what is given of a job's status, progress and message; a new status stamps `started_at` (running) or `finished_at` (an end state).
    public func updateJob(_ id: String, status: JobRecord.Status? = nil, progress: Double? = nil, message: String? = nil) throws {
        try writer.write { db in
            if let s = status {
                let col =
                    s == .running ? ", started_at = ?" : ([.succeeded, .failed, .cancelled, .interrupted].contains(s) ? ", finished_at = ?" : "")
                var args: [any DatabaseValueConvertible] = [s.rawValue]
                if !col.isEmpty { args.append(Self.now()) }
                args.append(id)
                try db.execute(sql: "UPDATE jobs SET status = ?\(col) WHERE id = ?", arguments: StatementArguments(args))
            }
            if let p = progress { try db.execute(sql: "UPDATE jobs SET progress = ? WHERE id = ?", arguments: [p, id]) }
            if let m = message { try db.execute(sql: "UPDATE jobs SET message = ? WHERE id = ?", arguments: [m, id]) }
        }
    }

    /// Stores the result and marks the job succeeded, in one transaction.
    public func finishJob(_ id: String, result: String) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE jobs SET status = 'succeeded', progress = 1, result = ?, finished_at = ? WHERE id = ?",
                arguments: [result, Self.now(), id])
        }
    }

    /// Marks a job ended with `status` (failed by default, or cancelled / interrupted) and records `error`.
    public func failJob(_ id: String, error: String, status: JobRecord.Status = .failed) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE jobs SET status = ?, error = ?, finished_at = ? WHERE id = ?", arguments: [status.rawValue, error, Self.now(), id])
        }
    }

    /// The stored result of a job (JSON text); nil when the job has none or does not exist.
    public func jobResult(_ id: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT result FROM jobs WHERE id = ?", arguments: [id]) }
    }

    /// Marks jobs left queued or running by a previous process as interrupted; returns their ids.
    @discardableResult
    public func markInterruptedJobs() throws -> [String] {
        try writer.write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM jobs WHERE status IN ('queued', 'running')")
            try db.execute(
                sql:
                    "UPDATE jobs SET status = 'interrupted', error = 'the server stopped before the job finished; resubmit it', finished_at = ? WHERE status IN ('queued', 'running')",
                arguments: [Self.now()])
            return ids
        }
    }
}
