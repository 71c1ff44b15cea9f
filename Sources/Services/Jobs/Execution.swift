import Foundation
import YuhengComputing
import YuhengData
import YuhengUncertainty

/// How a long computation runs: in this process (with `workers` threads) or, when an executor is
/// given, as a distributed job cut into tasks (locally or on Slurm). Results do not depend on it.
///
/// ```swift
/// let run = Execution(workers: 4, cancellation: flag, progress: { done, total, mean in … })
/// let r = try await services.uncertainty.mrioMonteCarlo(params, run: run)
/// ```
public struct Execution: Sendable {
    /// The executor of a distributed job; nil runs the engine in this process.
    public var executor: (any Executor)?
    /// Tasks a distributed job is cut into (nil: the executor's default).
    public var tasks: Int?
    /// Threads of an in-process run.
    public var workers: Int
    /// Set to stop early (the completed blocks are returned, marked cancelled).
    public var cancellation: CancellationFlag?
    /// Progress of an in-process run: (done, total, running estimate).
    public var progress: (@Sendable (Int, Int, Double) -> Void)?
    /// Progress of a distributed job.
    public var jobProgress: @Sendable (ExecutionProgress) -> Void

    /// How to run; the default runs in this process on every active core, with no cancellation and no progress reports.
    public init(
        executor: (any Executor)? = nil, tasks: Int? = nil, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        cancellation: CancellationFlag? = nil, progress: (@Sendable (Int, Int, Double) -> Void)? = nil,
        jobProgress: @escaping @Sendable (ExecutionProgress) -> Void = { _ in }
    ) {
        self.executor = executor
        self.tasks = tasks
        self.workers = workers
        self.cancellation = cancellation
        self.progress = progress
        self.jobProgress = jobProgress
    }
}

extension YuhengServices {
    /// Runs `body` as a job recorded in the database's job table (kind, parameters, result), as the
    /// server records its jobs; a failure is recorded and rethrown.
    public func recordJob(kind: String, params: String, _ body: () async throws -> String) async throws -> String {
        let job = try db.createJob(kind: kind, params: params)
        try db.updateJob(job.id, status: .running, progress: 0)
        do {
            let result = try await body()
            try db.finishJob(job.id, result: result)
            return result
        } catch {
            try? db.failJob(job.id, error: "\(error)")
            throw error
        }
    }

    /// Runs a distributed work kind on `execution`'s executor, recorded as a job; `gather` turns
    /// the partials into the result and `record` into the job's stored result.
    func distributed<W: DistributedWork, R>(
        _ work: W.Type, params: W.Params, on executor: any Executor, execution: Execution,
        databasePath: String?, gather: ([W.Partial]) throws -> R,
        record: (R, ExecutionReport) throws -> String
    ) async throws -> (R, ExecutionReport) {
        var out: (R, ExecutionReport)?
        let text = String(decoding: try JSONEncoder().encode(params), as: UTF8.self)
        _ = try await recordJob(kind: W.kind, params: text) {
            let (partials, report) = try await Computing.run(
                work, params: params, executor: executor, tasks: execution.tasks,
                databasePath: databasePath, cancellation: execution.cancellation,
                progress: execution.jobProgress)
            let r = try gather(partials)
            out = (r, report)
            return try record(r, report)
        }
        guard let out else { throw ComputingError(.invalidParameters, "the job returned no result") }
        return out
    }
}
