import Foundation
import YuhengUncertainty

/// Runs tasks in this process on a bounded pool: at most `maxConcurrentTasks` tasks at a time,
/// each with `threadsPerTask` threads. The default executor.
public struct LocalExecutor: Executor {
    /// The executor's name in reports and on the command line.
    public let name = "local"
    /// Tasks run at the same time (at least 1).
    public let maxConcurrentTasks: Int
    /// Threads each task may use (at least 1).
    public let threadsPerTask: Int
    /// Tasks per job when the caller does not say (1: the whole job is one task using every thread).
    public let tasks: Int

    /// A local executor; every count is raised to at least 1.
    public init(maxConcurrentTasks: Int = 1, threadsPerTask: Int = ProcessInfo.processInfo.activeProcessorCount, tasks: Int = 1) {
        self.maxConcurrentTasks = max(1, maxConcurrentTasks)
        self.threadsPerTask = max(1, threadsPerTask)
        self.tasks = max(1, tasks)
    }

    /// The configured ``tasks`` whatever the number of units.
    public func defaultTasks(units: Int) -> Int { tasks }

    /// Runs the tasks on this process's pool, at most ``maxConcurrentTasks`` at a time, and returns their partials in task order.
    /// - Throws: ``ComputingError`` when a task fails or the job is cancelled; the work kind's errors.
    public func execute(_ job: PlannedJob, cancellation: CancellationFlag?, progress: @escaping @Sendable (ExecutionProgress) -> Void) async throws
        -> (partials: [String], report: ExecutionReport)
    {
        let start = Date()
        let base = TaskContext(databasePath: job.databasePath, threads: threadsPerTask, cancellation: cancellation)
        let counter = ProgressCounter(tasks: job.tasks.map(\.count))
        var results = [String?](repeating: nil, count: job.tasks.count)
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var next = 0
            func add() {
                let t = next
                next += 1
                let ctx = base.child(progress: { done in progress(counter.update(task: t, done: done)) }, cancellation: cancellation)
                group.addTask {
                    (t, try await WorkRegistry.run(kind: job.kind, params: job.params, units: job.tasks[t], context: ctx))
                }
            }
            while next < job.tasks.count && next < maxConcurrentTasks { add() }
            while let (t, payload) = try await group.next() {
                results[t] = payload
                progress(counter.finish(task: t))
                if cancellation?.isCancelled == true { throw ComputingError(.cancelled, "the job was cancelled") }
                if next < job.tasks.count { add() }
            }
        }
        let report = ExecutionReport(
            executor: name, jobID: job.jobID, tasks: job.tasks.count, units: job.unitCount, resubmissions: 0,
            slurmJobIDs: [], folder: nil, seconds: Date().timeIntervalSince(start), hosts: [TaskFiles.hostName])
        return (results.map { $0! }, report)
    }
}

/// Units done per task → the job's progress.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done: [Int]
    private var finished: Set<Int> = []
    private let sizes: [Int]

    init(tasks sizes: [Int]) {
        self.sizes = sizes
        self.done = [Int](repeating: 0, count: sizes.count)
    }

    func update(task: Int, done n: Int) -> ExecutionProgress {
        lock.withLock {
            done[task] = max(done[task], min(n, sizes[task]))
            return snapshot("running")
        }
    }

    func finish(task: Int) -> ExecutionProgress {
        lock.withLock {
            done[task] = sizes[task]
            finished.insert(task)
            return snapshot("task \(task + 1) of \(sizes.count) done")
        }
    }

    private func snapshot(_ message: String) -> ExecutionProgress {
        ExecutionProgress(unitsDone: done.reduce(0, +), units: sizes.reduce(0, +), tasksDone: finished.count, tasks: sizes.count, message: message)
    }
}
