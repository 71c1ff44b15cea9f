import Foundation
import YuhengData

/// Reports progress of a running job; throws `CancellationError` once the job was cancelled.
public struct JobProgress: Sendable {
    let id: String
    let db: YuhengDatabase
    /// Records the job's progress (clamped to 0...1) and an optional status message in the database.
    /// - Throws: `CancellationError` once the job was cancelled or the server is stopping; a database error if the write fails.
    public func report(_ fraction: Double, _ message: String = "") throws {
        try Task.checkCancellation()
        try db.updateJob(id, progress: max(0, min(1, fraction)), message: message.isEmpty ? nil : message)
    }
}

/// A kind of job: decodes its parameters, runs, returns JSON text.
public typealias JobHandler = @Sendable (_ params: Data, _ progress: JobProgress) async throws -> String

/// A kind of job with its parameters checked at submission: `validate` decodes them as the kind's
/// typed parameters and checks types, ranges and references (throwing a 400 ``APIError`` that names
/// the field), so that a bad submission is refused at once instead of failing when the job runs.
public struct JobKind: Sendable {
    /// Decodes and checks the submitted parameters; throws a 400 ``APIError`` naming the field when they are invalid.
    public let validate: @Sendable (_ params: Data) throws -> Void
    /// Runs the job with its parameters and returns its result as JSON text.
    public let run: JobHandler

    /// A kind from a parameter check and a runner.
    public init(validate: @escaping @Sendable (_ params: Data) throws -> Void, run: @escaping JobHandler) {
        self.validate = validate
        self.run = run
    }

    /// A typed kind: its `Params` are read from the submitted JSON object at submission and again
    /// (the same way) when the job runs; its `Output` is encoded as the job's result (finite
    /// numbers only, see ``JSONResponse/encode(_:)``).
    init<K: ServerJobKind>(_ kind: K.Type, state: ServerState) {
        self.init(
            validate: { data in _ = try K.params(try JSONFields(json: data), state: state) },
            run: { data, progress in
                let output = try await K.run(try K.params(try JSONFields(json: data), state: state), state: state, progress: progress)
                return String(decoding: try JSONResponse.encode(output), as: UTF8.self)
            })
    }
}

/// Runs jobs on a bounded pool (at most `maxConcurrent` at a time) so the server stays responsive;
/// state and results are kept in the database.
public final class JobManager: @unchecked Sendable {
    let db: YuhengDatabase
    let kindsByName: [String: JobKind]
    let maxConcurrent: Int
    private let lock = NSLock()
    private var running = 0
    private var queue: [String] = []
    private var tasks: [String: Task<Void, Never>] = [:]
    private var stopped = false
    /// Where jobs run: the server's own threads, never the cooperative pool (see ``ThreadPoolExecutor``).
    private let threads: ThreadPoolExecutor

    /// Kinds whose parameters are checked at submission.
    public init(db: YuhengDatabase, kinds: [String: JobKind], maxConcurrent: Int = 1) throws {
        self.db = db
        self.kindsByName = kinds
        self.maxConcurrent = max(1, maxConcurrent)
        threads = ThreadPoolExecutor(name: "yuheng-job", maxThreads: max(1, maxConcurrent) + 2)
        try db.markInterruptedJobs()
    }

    /// Kinds that read their parameters only when they run (they must be a JSON object).
    public convenience init(db: YuhengDatabase, handlers: [String: JobHandler], maxConcurrent: Int = 1) throws {
        try self.init(
            db: db,
            kinds: handlers.mapValues { run in
                JobKind(validate: { data in _ = try JSONFields(json: data) }, run: run)
            }, maxConcurrent: maxConcurrent)
    }

    /// Names of the job kinds this manager accepts, sorted (e.g. "lca-montecarlo", "mrio-series").
    public var kinds: [String] { kindsByName.keys.sorted() }

    /// The most recent jobs, newest first.
    public func recent(limit: Int = 50) throws -> [JobRecord] { try db.jobs(limit: limit) }

    /// A job's record; a 404 ``APIError`` when there is no such job.
    public func record(_ id: String) throws -> JobRecord {
        guard let j = try db.job(id) else { throw APIError(.notFound, code: "job.notFound", "no job \(id)", field: "id") }
        return j
    }

    /// A finished job's result (JSON text); 404 for an unknown job, 409 for one that has not succeeded.
    public func result(_ id: String) throws -> String {
        let j = try record(id)
        guard j.status == .succeeded, let r = try db.jobResult(id) else {
            throw APIError(.conflict, code: "job.notFinished", "job \(id) is \(j.status.rawValue)\(j.error.map { ": \($0)" } ?? "")")
        }
        return r
    }

    /// Checks the parameters (a JSON object) for the kind and queues the job; a 400 ``APIError``
    /// naming the field when they are not valid.
    public func submit(kind: String, params: Data) throws -> JobRecord {
        guard let k = kindsByName[kind] else {
            throw APIError(
                .badRequest, code: "job.unknownKind", "unknown job kind '\(kind.prefix(60))'; available: \(kinds.joined(separator: ", "))",
                field: "kind")
        }
        try k.validate(params)
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
            // On the jobs' own threads: the job and its bookkeeping (database writes that may wait for
            // another writer, e.g. an installation) never hold a thread of the cooperative pool.
            tasks[id] = Task.detached(executorPreference: threads) { [self] in
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
        guard let job = try? db.job(id), job.status == .queued, let handler = kindsByName[job.kind]?.run else { return }
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
