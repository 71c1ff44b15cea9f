import Foundation
import GRDB

/// A stored job: a long computation run by the server (or the CLI) whose state and result live in
/// the database, so a restart neither loses finished results nor leaves jobs "running" forever.
public struct JobRecord: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable { case queued, running, succeeded, failed, cancelled, interrupted }
    public var id: String
    public var kind: String
    public var status: Status
    public var progress: Double
    public var message: String
    public var params: String
    public var error: String?
    public var createdAt: String
    public var startedAt: String?
    public var finishedAt: String?
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

    public func createJob(kind: String, params: String) throws -> JobRecord {
        let id = UUID().uuidString.lowercased()
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO jobs(id, kind, status, params, created_at) VALUES (?,?,?,?,?)", arguments: [id, kind, "queued", params, Self.now()])
        }
        return try job(id)!
    }

    public func job(_ id: String) throws -> JobRecord? {
        try writer.read { db in try Row.fetchOne(db, sql: "SELECT \(Self.jobColumns) FROM jobs WHERE id = ?", arguments: [id]).map(Self.job) }
    }

    public func jobs(limit: Int = 50) throws -> [JobRecord] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.jobColumns) FROM jobs ORDER BY created_at DESC LIMIT ?", arguments: [limit]).map(Self.job)
        }
    }

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

    public func failJob(_ id: String, error: String, status: JobRecord.Status = .failed) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE jobs SET status = ?, error = ?, finished_at = ? WHERE id = ?", arguments: [status.rawValue, error, Self.now(), id])
        }
    }

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
