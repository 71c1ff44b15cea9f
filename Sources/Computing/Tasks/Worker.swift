import Foundation
import YuhengData

/// The task side: what `yuheng worker TASKFILE` does on a node.
///
/// Reads the task file, computes its units, writes the partial result atomically beside it (or,
/// on failure, a small error file saying whether running again can help) and exits 0 or 1.
public enum Worker {
    /// Runs one task; returns the process exit status.
    public static func run(taskFile: String, log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) async -> Int32 {
        let spec: TaskSpec
        do {
            spec = try TaskFiles.read(TaskSpec.self, from: taskFile)
            guard spec.format == TaskSpec.currentFormat else {
                throw ComputingError(
                    .badTaskFile, "\(taskFile) has format \(spec.format); this worker reads \(TaskSpec.currentFormat)",
                    suggestion: "run the same Yuheng version on the nodes as on the submitting machine")
            }
        } catch {
            log("yuheng worker: \(error)")
            return 1
        }
        let env = ProcessInfo.processInfo.environment
        let threads = env["SLURM_CPUS_PER_TASK"].flatMap { Int($0) } ?? spec.threads
        let start = Date()
        log("yuheng worker: job \(spec.jobID) task \(spec.task): \(spec.kind), \(spec.units.count) unit(s), \(threads) thread(s)")
        do {
            let ctx = TaskContext(databasePath: spec.database, snapshotOf: spec.databaseSnapshotOf, threads: threads)
            let payload = try await WorkRegistry.run(kind: spec.kind, params: spec.params, units: spec.units, context: ctx)
            let partial = TaskPartial(
                jobID: spec.jobID, fingerprint: spec.fingerprint, task: spec.task, units: spec.units, payload: payload,
                seconds: Date().timeIntervalSince(start), host: TaskFiles.hostName)
            try TaskFiles.write(partial, to: spec.output)
            log(String(format: "yuheng worker: task %d done in %.2f s", spec.task, partial.seconds))
            return 0
        } catch {
            let failure = TaskFailure(
                jobID: spec.jobID, task: spec.task, message: "\(error)", retryable: isRetryable(error), host: TaskFiles.hostName)
            try? TaskFiles.write(failure, to: spec.errorOutput)
            log("yuheng worker: task \(spec.task) failed: \(error)")
            return 1
        }
    }

    /// Errors of the environment (files, the database file, the shared folder) may go away on
    /// another node or a later try; errors of the inputs (an unknown process, a singular matrix)
    /// will not.
    static func isRetryable(_ error: any Error) -> Bool {
        if let e = error as? ComputingError { return [.sharedFolder, .badTaskFile].contains(e.code) }
        if let e = error as? DataError { return e.code == .cannotOpen }
        if error is CocoaError || error is POSIXError { return true }
        return false
    }
}
