import Foundation
import YuhengUncertainty

/// A job cut into tasks, ready for an executor.
public struct PlannedJob: Sendable, Hashable {
    /// The job's identifier (a lower-case UUID unless the caller gives one), used in task files and folders.
    public let jobID: String
    /// The work kind's name, e.g. "lca-montecarlo" (see ``WorkRegistry``).
    public let kind: String
    /// The work's parameters, JSON text.
    public let params: String
    /// The units of each task.
    public let tasks: [[Int]]
    /// Digest of kind, parameters and plan (``TaskFiles/fingerprint(jobID:kind:params:tasks:)``) that partial results must carry.
    public let fingerprint: String
    /// The database the tasks read (absolute path), if the work needs one.
    public let databasePath: String?

    /// A planned job; the fingerprint is computed from the other fields.
    public init(jobID: String, kind: String, params: String, tasks: [[Int]], databasePath: String?) {
        self.jobID = jobID
        self.kind = kind
        self.params = params
        self.tasks = tasks
        self.databasePath = databasePath.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.fingerprint = TaskFiles.fingerprint(jobID: jobID, kind: kind, params: params, tasks: tasks)
    }

    /// Total number of units over all tasks.
    public var unitCount: Int { tasks.reduce(0) { $0 + $1.count } }
}

/// Where a job stands while it runs.
public struct ExecutionProgress: Sendable, Hashable {
    /// Units finished so far over all tasks.
    public var unitsDone: Int
    /// Units of the whole job.
    public var units: Int
    /// Tasks finished (their partial result written).
    public var tasksDone: Int
    /// Tasks of the job.
    public var tasks: Int
    /// The latest status line, e.g. "task 2 of 4 done" or "submitted to Slurm as job 1234".
    public var message: String
    /// Share of the units done, 0...1 (1 for a job without units).
    public var fraction: Double { units > 0 ? Double(unitsDone) / Double(units) : 1 }
}

/// How a job ran: which executor, how many tasks, resubmissions, the Slurm job ids, time.
public struct ExecutionReport: Codable, Sendable, Hashable {
    /// The executor that ran the job: "local" or "slurm".
    public var executor: String
    /// The job's identifier.
    public var jobID: String
    /// Number of tasks the job was cut into.
    public var tasks: Int
    /// Number of units (blocks, products, years) of the job.
    public var units: Int
    /// Tasks run again after they failed or were lost.
    public var resubmissions: Int
    /// Slurm array job ids (empty for the local executor).
    public var slurmJobIDs: [String]
    /// The job's shared folder (Slurm), where task files, partial results and logs are.
    public var folder: String?
    /// Wall-clock seconds from submission to the last partial result.
    public var seconds: Double
    /// Hosts that ran tasks.
    public var hosts: [String]
    /// The size of the database snapshot the tasks read (Slurm), nil when they read no snapshot.
    public var databaseSnapshotBytes: Int?

    enum CodingKeys: String, CodingKey {
        case executor, tasks, units, resubmissions, folder, seconds, hosts
        case jobID = "job_id"
        case slurmJobIDs = "slurm_job_ids"
        case databaseSnapshotBytes = "database_snapshot_bytes"
    }
}

/// Runs the tasks of a job and returns each task's partial result (JSON text, in task order).
///
/// Two implementations: ``LocalExecutor`` (a bounded pool in this process, the default) and
/// ``SlurmExecutor`` (array jobs on a Slurm cluster, the `yuheng worker` command on the nodes).
/// Results do not depend on the executor: the work kinds' units are independent of the split.
///
/// ```swift
/// let (partials, report) = try await Computing.run(LCAMonteCarloWork.self, params: p, executor: LocalExecutor(), databasePath: db.path)
/// let result = try LCAMonteCarloWork.gather(p, setup: setup, partials: partials)
/// ```
public protocol Executor: Sendable {
    /// `local` or `slurm`.
    var name: String { get }
    /// The number of tasks a job of `units` units is cut into when the caller does not say.
    func defaultTasks(units: Int) -> Int
    /// Runs every task; throws ``ComputingError`` (a task failed after its retries, cancelled, ...).
    func execute(_ job: PlannedJob, cancellation: CancellationFlag?, progress: @escaping @Sendable (ExecutionProgress) -> Void) async throws -> (
        partials: [String], report: ExecutionReport
    )
}

/// Plans, runs and decodes jobs of the typed work kinds.
public enum Computing {
    /// Cuts a job into tasks, runs them on `executor` and returns the decoded partial results in
    /// task order, with the execution report.
    public static func run<W: DistributedWork>(
        _ work: W.Type, params: W.Params, executor: any Executor, jobID: String = UUID().uuidString.lowercased(),
        tasks: Int? = nil, databasePath: String? = nil, cancellation: CancellationFlag? = nil,
        progress: @escaping @Sendable (ExecutionProgress) -> Void = { _ in }
    ) async throws -> (partials: [W.Partial], report: ExecutionReport) {
        let units = try W.unitCount(params)
        let plan = planTasks(units: units, tasks: tasks ?? executor.defaultTasks(units: units))
        let text = String(decoding: try TaskFiles.encoder.encode(params), as: UTF8.self)
        let job = PlannedJob(jobID: jobID, kind: W.kind, params: text, tasks: plan, databasePath: databasePath)
        let (raw, report) = try await executor.execute(job, cancellation: cancellation, progress: progress)
        let partials = try raw.enumerated().map { (i, s) in
            do { return try JSONDecoder().decode(W.Partial.self, from: Data(s.utf8)) } catch {
                throw ComputingError(.badTaskFile, "the result of task \(i) of job \(jobID) cannot be read: \(error)")
            }
        }
        return (partials, report)
    }
}

/// The executor named on the command line or in the configuration.
public enum ExecutorKind: String, Codable, Sendable, CaseIterable {
    case local, slurm

    /// The executor named `s`, case-insensitively ("local" or "slurm").
    /// - Throws: ``ComputingError`` (`unknownExecutor`) for any other name.
    public init(parsing s: String) throws {
        guard let k = ExecutorKind(rawValue: s.lowercased()) else {
            throw ComputingError(.unknownExecutor, "unknown executor '\(s)'", suggestion: "use local (this machine) or slurm (a Slurm cluster)")
        }
        self = k
    }
}
