import Foundation
import YuhengData

/// Reports progress of a running job; throws `CancellationError` once the job was cancelled.
public struct JobProgress: Sendable {
    let id: String
    let db: YuhengDatabase
    public func report(_ fraction: Double, _ message: String = "") throws {
        try Task.checkCancellation()
        try db.updateJob(id, progress: max(0, min(1, fraction)), message: message.isEmpty ? nil : message)
    }
}

/// A kind of job: decodes its parameters, runs, returns JSON text.
public typealias JobHandler = @Sendable (_ params: Data, _ progress: JobProgress) async throws -> String

/// Runs jobs on a bounded pool (at most `maxConcurrent` at a time) so the server stays responsive;
/// state and results are kept in the database.
public final class JobManager: @unchecked Sendable {
    let db: YuhengDatabase
    let handlers: [String: JobHandler]
    let maxConcurrent: Int
    private let lock = NSLock()
    private var running = 0
    private var queue: [String] = []
    private var tasks: [String: Task<Void, Never>] = [:]
    private var stopped = false

    public init(db: YuhengDatabase, handlers: [String: JobHandler], maxConcurrent: Int = 1) throws {
        self.db = db
        self.handlers = handlers
        self.maxConcurrent = max(1, maxConcurrent)
        try db.markInterruptedJobs()
    }

    public var kinds: [String] { handlers.keys.sorted() }

    public func submit(kind: String, params: Data) throws -> JobRecord {
        guard handlers[kind] != nil else {
            throw APIError(.badRequest, code: "job.unknownKind", "unknown job kind '\(kind)'; available: \(kinds.joined(separator: ", "))", field: "kind")
        }
        let job = try db.createJob(kind: kind, params: String(decoding: params, as: UTF8.self))
        lock.lock()
        queue.append(job.id)
        lock.unlock()
        pump()
        return job
    }

    private func pump() {
        lock.lock()
        while !stopped, running < maxConcurrent, !queue.isEmpty {
            let id = queue.removeFirst()
            running += 1
            tasks[id] = Task.detached { [self] in
                await self.execute(id)
                self.lock.withLock {
                    self.running -= 1
                    self.tasks[id] = nil
                }
                self.pump()
            }
        }
        lock.unlock()
    }

    private func execute(_ id: String) async {
        guard let job = try? db.job(id), job.status == .queued, let handler = handlers[job.kind] else { return }
        do {
            try db.updateJob(id, status: .running, progress: 0)
            let result = try await handler(Data(job.params.utf8), JobProgress(id: id, db: db))
            if Task.isCancelled { throw CancellationError() }
            try db.finishJob(id, result: result)
        } catch is CancellationError {
            if lock.withLock({ stopped }) {
                try? db.failJob(id, error: Self.interruptedMessage, status: .interrupted)
            } else {
                try? db.failJob(id, error: "cancelled", status: .cancelled)
            }
        } catch {
            try? db.failJob(id, error: APIError.from(error).message)
        }
    }

    static let interruptedMessage = "the server stopped before the job finished; resubmit it"

    /// Stops all jobs when the server stops: queued and running ones end as interrupted (as a restart
    /// would find them) and their tasks are cancelled, so nothing keeps writing to the database.
    public func stopAll() {
        lock.lock()
        stopped = true
        let queued = queue
        queue.removeAll()
        let runningTasks = Array(tasks.values)
        lock.unlock()
        for id in queued { try? db.failJob(id, error: Self.interruptedMessage, status: .interrupted) }
        runningTasks.forEach { $0.cancel() }
    }

    /// Cancels a queued or running job.
    public func cancel(_ id: String) throws -> JobRecord {
        guard let job = try db.job(id) else { throw APIError(.notFound, code: "job.notFound", "no job \(id)") }
        lock.lock()
        if let i = queue.firstIndex(of: id) { queue.remove(at: i) }
        let task = tasks[id]
        lock.unlock()
        if job.status == .queued { try db.failJob(id, error: "cancelled", status: .cancelled) }
        task?.cancel()
        return try db.job(id) ?? job
    }
}
