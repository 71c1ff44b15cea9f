import Foundation
import YuhengCore
import YuhengData
import YuhengUncertainty

/// Settings of the Slurm executor (command-line options and the `slurm` section of the computing
/// configuration file).
public struct SlurmSettings: Codable, Sendable, Hashable {
    /// `--partition` (default: the cluster's default partition).
    public var partition: String?
    /// `--account`.
    public var account: String?
    /// `--time` per task, in Slurm's format (`MM`, `HH:MM:SS`, `D-HH:MM`).
    public var timeLimit: String?
    /// `--cpus-per-task` (the worker uses that many threads).
    public var cpusPerTask: Int?
    /// `--mem` per task (e.g. `4G`).
    public var memory: String?
    /// How often a failed or lost task is submitted again before the job fails.
    public var maxRetries: Int?
    /// Seconds between two looks at the queue.
    public var pollInterval: Double?
    /// The folder visible from every node where task files, partial results and logs go
    /// (default: `slurm-jobs` beside the database).
    public var sharedDir: String?
    /// Extra `sbatch` arguments (e.g. `--qos=long`).
    public var sbatchArguments: [String]?
    /// The folder of the Slurm commands, when they are not on PATH.
    public var binDir: String?
    /// The `yuheng` binary the nodes run (default: this one).
    public var workerCommand: String?
    /// Tasks per job when not given (default: one per 4 blocks or items, at most 64).
    public var tasks: Int?
    /// Keep the job folder after success (it is always kept after a failure, for its logs).
    public var keepFiles: Bool?
    /// Tasks that read the database read a snapshot of it in the job's folder (rollback journal,
    /// opened read-only), not the live WAL-mode file, so they work from any node of a cluster with a
    /// network filesystem (default true). Off: tasks open the database file itself (one host, or a
    /// filesystem whose locking SQLite's WAL supports).
    public var databaseSnapshot: Bool?

    /// Settings; every nil field takes its default (no partition or account flag, 2 retries, 1 s polling, ...).
    public init(
        partition: String? = nil, account: String? = nil, timeLimit: String? = nil, cpusPerTask: Int? = nil, memory: String? = nil,
        maxRetries: Int? = nil, pollInterval: Double? = nil, sharedDir: String? = nil, sbatchArguments: [String]? = nil,
        binDir: String? = nil, workerCommand: String? = nil, tasks: Int? = nil, keepFiles: Bool? = nil, databaseSnapshot: Bool? = nil
    ) {
        self.partition = partition
        self.account = account
        self.timeLimit = timeLimit
        self.cpusPerTask = cpusPerTask
        self.memory = memory
        self.maxRetries = maxRetries
        self.pollInterval = pollInterval
        self.sharedDir = sharedDir
        self.sbatchArguments = sbatchArguments
        self.binDir = binDir
        self.workerCommand = workerCommand
        self.tasks = tasks
        self.keepFiles = keepFiles
        self.databaseSnapshot = databaseSnapshot
    }

    enum CodingKeys: String, CodingKey {
        case partition, account, memory, tasks
        case timeLimit = "time_limit"
        case cpusPerTask = "cpus_per_task"
        case maxRetries = "max_retries"
        case pollInterval = "poll_interval_s"
        case sharedDir = "shared_dir"
        case sbatchArguments = "sbatch_arguments"
        case binDir = "bin_dir"
        case workerCommand = "worker_command"
        case keepFiles = "keep_files"
        case databaseSnapshot = "database_snapshot"
    }

    /// These settings with every value `other` sets replacing this one's.
    public func overridden(by other: SlurmSettings) -> SlurmSettings {
        SlurmSettings(
            partition: other.partition ?? partition, account: other.account ?? account, timeLimit: other.timeLimit ?? timeLimit,
            cpusPerTask: other.cpusPerTask ?? cpusPerTask, memory: other.memory ?? memory, maxRetries: other.maxRetries ?? maxRetries,
            pollInterval: other.pollInterval ?? pollInterval, sharedDir: other.sharedDir ?? sharedDir,
            sbatchArguments: other.sbatchArguments ?? sbatchArguments, binDir: other.binDir ?? binDir,
            workerCommand: other.workerCommand ?? workerCommand, tasks: other.tasks ?? tasks, keepFiles: other.keepFiles ?? keepFiles,
            databaseSnapshot: other.databaseSnapshot ?? databaseSnapshot)
    }
}

/// Runs a job's tasks as a Slurm array job: `sbatch` submits, `squeue`/`scontrol` track, `scancel`
/// cancels. Each array task runs `yuheng worker TASKFILE`, which reads its inputs from the shared
/// folder or the database file and writes its partial result atomically; tasks that fail or are
/// lost (killed, node failure, time limit) are submitted again up to `maxRetries` times.
///
/// ```swift
/// let slurm = try SlurmExecutor(settings: SlurmSettings(partition: "debug", cpusPerTask: 2), defaultSharedDir: "/shared/yuheng")
/// try await slurm.preflight()   // clear errors: no Slurm commands, controller down, unknown partition
/// let (partials, report) = try await Computing.run(MRIOMonteCarloWork.self, params: p, executor: slurm)
/// ```
public struct SlurmExecutor: Executor {
    /// The executor's name in reports and on the command line.
    public let name = "slurm"
    /// The settings the executor was made with (file and command line merged).
    public let settings: SlurmSettings
    /// Absolute folder, shared by every node, where task files, partial results and logs are written.
    public let sharedDir: String
    let commands: SlurmCommands

    /// - parameter defaultSharedDir: the folder for job files when the settings give none.
    public init(settings: SlurmSettings, defaultSharedDir: String) throws {
        self.settings = settings
        self.sharedDir = URL(fileURLWithPath: settings.sharedDir ?? defaultSharedDir).standardizedFileURL.path
        self.commands = try SlurmCommands(binDir: settings.binDir)
    }

    /// The configured number of tasks, else one task per 4 units, between 1 and 64.
    public func defaultTasks(units: Int) -> Int { settings.tasks ?? max(1, min(64, (units + 3) / 4)) }

    var maxRetries: Int { max(0, settings.maxRetries ?? 2) }
    var pollInterval: Double { max(0.05, settings.pollInterval ?? 1) }

    /// Checks that the controller answers and the partition exists.
    public func preflight() async throws {
        let r = try await commands.run("sinfo", ["-h", "-o", "%P|%a"])
        guard r.status == 0 else {
            throw ComputingError(
                .slurmUnreachable, "Slurm does not answer: sinfo says \(r.stderr.trimmed.isEmpty ? "exit \(r.status)" : r.stderr.trimmed)",
                suggestion: "check that slurmctld runs and SLURM_CONF points at its configuration, or use --executor local")
        }
        let partitions = r.stdout.split(separator: "\n").map {
            $0.split(separator: "|").first.map { String($0).replacingOccurrences(of: "*", with: "") } ?? ""
        }
        if let p = settings.partition, !partitions.contains(p) {
            throw ComputingError(
                .slurmPartition, "the Slurm partition '\(p)' does not exist",
                suggestion: "available: \(partitions.joined(separator: ", ")); choose one with --partition")
        }
    }

    /// Submits the job as a Slurm array, polls it, resubmits failed or lost tasks up to `maxRetries` and gathers the partials.
    /// - Throws: ``ComputingError`` when Slurm is unreachable, the partition is unknown, a task keeps failing or the job is cancelled.
    public func execute(_ job: PlannedJob, cancellation: CancellationFlag?, progress: @escaping @Sendable (ExecutionProgress) -> Void) async throws
        -> (partials: [String], report: ExecutionReport)
    {
        try await preflight()
        let start = Date()
        let folder = (sharedDir as NSString).appendingPathComponent("job-\(job.jobID)")
        let run = try SlurmRun(job: job, folder: folder, executor: self)
        do {
            let partials = try await run.run(cancellation: cancellation, progress: progress)
            if settings.keepFiles != true { try? FileManager.default.removeItem(atPath: folder) }
            let report = ExecutionReport(
                executor: name, jobID: job.jobID, tasks: job.tasks.count, units: job.unitCount,
                resubmissions: run.resubmissions, slurmJobIDs: run.arrayJobs, folder: folder,
                seconds: Date().timeIntervalSince(start), hosts: run.hosts, databaseSnapshotBytes: run.snapshotBytes)
            return (partials, report)
        } catch {
            await run.cancelAll()
            throw error
        }
    }
}

/// One job's life on Slurm.
final class SlurmRun: @unchecked Sendable {
    let job: PlannedJob
    let folder: String
    let executor: SlurmExecutor
    let jobName: String
    var attempts: [Int]
    var done: [String?]
    var arrayJobs: [String] = []
    var resubmissions = 0
    var hostSet: Set<String> = []
    /// The database the tasks open: a snapshot in the job folder, or the database file itself.
    var taskDatabase: String?
    var snapshotBytes: Int?
    var hosts: [String] { hostSet.sorted() }

    init(job: PlannedJob, folder: String, executor: SlurmExecutor) throws {
        self.job = job
        self.folder = folder
        self.executor = executor
        self.jobName = "yuheng-\(job.jobID)"
        self.attempts = [Int](repeating: 0, count: job.tasks.count)
        self.done = [String?](repeating: nil, count: job.tasks.count)
        try prepare()
    }

    func specPath(_ t: Int) -> String { (folder as NSString).appendingPathComponent("task-\(t).json") }
    func partialPath(_ t: Int) -> String { (folder as NSString).appendingPathComponent("task-\(t).partial.json") }
    func errorPath(_ t: Int) -> String { (folder as NSString).appendingPathComponent("task-\(t).error.json") }
    var logDir: String { (folder as NSString).appendingPathComponent("logs") }
    func logPath(_ t: Int) -> String { (logDir as NSString).appendingPathComponent("task-\(t).out") }
    var scriptPath: String { (folder as NSString).appendingPathComponent("job.sh") }
    var snapshotPath: String { (folder as NSString).appendingPathComponent("database.sqlite") }

    func spec(_ t: Int) -> TaskSpec {
        TaskSpec(
            jobID: job.jobID, fingerprint: job.fingerprint, kind: job.kind, params: job.params, task: t, units: job.tasks[t],
            database: taskDatabase, databaseSnapshotOf: taskDatabase == job.databasePath ? nil : job.databasePath,
            output: partialPath(t), errorOutput: errorPath(t), threads: executor.settings.cpusPerTask ?? 1)
    }

    /// Creates the folder, writes task files and the batch script; keeps valid partial results of an
    /// earlier run of the same job and plan (resuming), removes stale ones.
    func prepare() throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: logDir, withIntermediateDirectories: true)
            let probe = (folder as NSString).appendingPathComponent(".write-test")
            try Data("ok".utf8).write(to: URL(fileURLWithPath: probe))
            try fm.removeItem(atPath: probe)
        } catch {
            throw ComputingError(
                .sharedFolder, "cannot write the shared folder \(folder): \(error.localizedDescription)",
                suggestion: "choose a folder every node can write with --shared-dir (or shared_dir in the configuration)")
        }
        taskDatabase = job.databasePath
        if let original = job.databasePath, executor.settings.databaseSnapshot != false {
            do {
                snapshotBytes = try YuhengDatabase.open(path: original, installBundled: false).snapshot(to: snapshotPath)
            } catch {
                throw ComputingError(
                    .sharedFolder, "cannot put a snapshot of the database into the shared folder: \(error)",
                    suggestion: "free space in the shared folder, or let tasks read the database itself with --no-database-snapshot")
            }
            taskDatabase = snapshotPath
        }
        for t in job.tasks.indices {
            let s = spec(t)
            if fm.fileExists(atPath: s.output) {
                if let p = try? TaskFiles.read(TaskPartial.self, from: s.output), p.matches(s) {
                    done[t] = p.payload
                    hostSet.insert(p.host)
                } else {
                    try? fm.removeItem(atPath: s.output) // from an older job or plan: never gathered
                }
            }
            try? fm.removeItem(atPath: s.errorOutput)
            try TaskFiles.write(s, to: specPath(t))
        }
        try TaskFiles.writeAtomically(Data(script().utf8), to: scriptPath)
    }

    func script() -> String {
        let s = executor.settings
        var lines = ["#!/bin/sh", "#SBATCH --job-name=\(jobName)", "#SBATCH --output=\(logDir)/task-%a.out", "#SBATCH --open-mode=append"]
        lines.append("#SBATCH --cpus-per-task=\(s.cpusPerTask ?? 1)")
        if let p = s.partition { lines.append("#SBATCH --partition=\(p)") }
        if let a = s.account { lines.append("#SBATCH --account=\(a)") }
        if let t = s.timeLimit { lines.append("#SBATCH --time=\(t)") }
        if let m = s.memory { lines.append("#SBATCH --mem=\(m)") }
        let worker = s.workerCommand ?? SlurmCommands.currentExecutable
        lines.append(
            "echo \"yuheng task $SLURM_ARRAY_TASK_ID of job \(job.jobID), Slurm job ${SLURM_ARRAY_JOB_ID}_$SLURM_ARRAY_TASK_ID on $(hostname) at $(date -u +%FT%TZ)\""
        )
        lines.append("exec \(shellQuote(worker)) worker \(shellQuote(folder))/task-\"$SLURM_ARRAY_TASK_ID\".json")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Submits `tasks` as one array job.
    func submit(_ tasks: [Int]) async throws {
        guard !tasks.isEmpty else { return }
        for t in tasks {
            attempts[t] += 1
            try? FileManager.default.removeItem(atPath: errorPath(t))
        }
        let args =
            ["--parsable", "--array=\(tasks.map(String.init).joined(separator: ","))"] + (executor.settings.sbatchArguments ?? []) + [scriptPath]
        let r = try await executor.commands.run("sbatch", args)
        guard r.status == 0, let id = r.stdout.trimmed.split(separator: ";").first.map(String.init), !id.isEmpty else {
            throw ComputingError(
                .slurmSubmit, "sbatch refused the job: \(r.stderr.trimmed.isEmpty ? r.stdout.trimmed : r.stderr.trimmed)",
                suggestion: "check the partition, account, time limit and memory options (see `sinfo` for what the cluster offers)")
        }
        arrayJobs.append(id)
    }

    /// Array tasks of this job still pending or running, by task number.
    func activeTasks() async throws -> [Int: String] {
        let r = try await executor.commands.run("squeue", ["-h", "-r", "--name=\(jobName)", "-o", "%i|%T"])
        guard r.status == 0 else {
            throw ComputingError(.slurmUnreachable, "squeue failed: \(r.stderr.trimmed)", suggestion: "check that slurmctld runs")
        }
        var out: [Int: String] = [:]
        for line in r.stdout.split(separator: "\n") {
            let parts = line.split(separator: "|")
            guard parts.count == 2, let us = parts[0].lastIndex(of: "_"), let t = Int(parts[0][parts[0].index(after: us)...]) else { continue }
            out[t] = String(parts[1])
        }
        return out
    }

    /// The final Slurm state of a task that left the queue (TIMEOUT, FAILED, CANCELLED, NODE_FAIL ...), when the controller still knows it.
    func finalState(_ t: Int) async -> String? {
        for a in arrayJobs.reversed() {
            guard let r = try? await executor.commands.run("scontrol", ["-o", "show", "job", "\(a)_\(t)"]), r.status == 0 else { continue }
            if let range = r.stdout.range(of: #"JobState=(\S+)"#, options: .regularExpression) {
                let state = String(r.stdout[range].dropFirst("JobState=".count))
                var reason = ""
                if let rr = r.stdout.range(of: #"Reason=(\S+)"#, options: .regularExpression) {
                    reason = String(r.stdout[rr].dropFirst("Reason=".count))
                }
                return reason.isEmpty || reason == "None" ? state : "\(state) (\(reason))"
            }
        }
        return nil
    }

    /// Reads a finished task's partial result if it is there and belongs to this job.
    func collect(_ t: Int) -> Bool {
        if done[t] != nil { return true }
        let s = spec(t)
        guard FileManager.default.fileExists(atPath: s.output), let p = try? TaskFiles.read(TaskPartial.self, from: s.output) else { return false }
        guard p.matches(s) else {
            try? FileManager.default.removeItem(atPath: s.output)
            return false
        }
        done[t] = p.payload
        hostSet.insert(p.host)
        return true
    }

    func snapshot(_ message: String) -> ExecutionProgress {
        let finished = done.indices.filter { done[$0] != nil }
        return ExecutionProgress(
            unitsDone: finished.reduce(0) { $0 + job.tasks[$1].count }, units: job.unitCount, tasksDone: finished.count,
            tasks: job.tasks.count, message: message)
    }

    func run(cancellation: CancellationFlag?, progress: @escaping @Sendable (ExecutionProgress) -> Void) async throws -> [String] {
        try await submit(job.tasks.indices.filter { done[$0] == nil })
        progress(snapshot("submitted to Slurm as job \(arrayJobs.joined(separator: ", "))"))
        var lastDone = -1
        while true {
            if cancellation?.isCancelled == true || Task.isCancelled {
                await cancelAll()
                throw ComputingError(.cancelled, "the job was cancelled; its Slurm tasks were cancelled with scancel")
            }
            for t in job.tasks.indices { _ = collect(t) }
            let count = done.compactMap { $0 }.count
            if count != lastDone {
                lastDone = count
                progress(snapshot("\(count) of \(job.tasks.count) tasks done on Slurm"))
            }
            if count == job.tasks.count { break }
            let active = try await activeTasks()
            var again: [Int] = []
            for t in job.tasks.indices where done[t] == nil && active[t] == nil {
                // it may have finished between the two looks
                if collect(t) { continue }
                let failure = try? TaskFiles.read(TaskFailure.self, from: errorPath(t))
                let state = await finalState(t)
                let what = failure.map { "failed: \($0.message)" } ?? "ended without a result" + (state.map { " (Slurm state \($0))" } ?? "")
                if failure?.retryable == false || attempts[t] > executor.maxRetries {
                    await cancelAll()
                    var hint = "see the task's log \(logPath(t))"
                    if state?.hasPrefix("TIMEOUT") == true {
                        hint =
                            "the task hit its time limit: raise --time-limit (now \(executor.settings.timeLimit ?? "the partition's default")); "
                            + hint
                    }
                    if state?.hasPrefix("OUT_OF_MEMORY") == true { hint = "the task ran out of memory: raise --mem; " + hint }
                    throw ComputingError(
                        .taskFailed, "task \(t) of job \(job.jobID) \(what) after \(attempts[t]) attempt\(attempts[t] == 1 ? "" : "s")",
                        suggestion: hint)
                }
                again.append(t)
            }
            if !again.isEmpty {
                resubmissions += again.count
                try await submit(again)
                progress(snapshot("resubmitted task\(again.count == 1 ? "" : "s") \(again.map(String.init).joined(separator: ", "))"))
            }
            try? await Task.sleep(for: .milliseconds(Int(executor.pollInterval * 1000)))
        }
        return done.map { $0! }
    }

    /// Cancels every array job of this run and waits (briefly) until none of its tasks is queued.
    func cancelAll() async {
        guard !arrayJobs.isEmpty else { return }
        _ = try? await executor.commands.run("scancel", arrayJobs)
        for _ in 0..<100 {
            guard let active = try? await activeTasks(), !active.isEmpty else { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// Finds and runs the Slurm commands.
struct SlurmCommands: Sendable {
    let paths: [String: String]

    init(binDir: String?) throws {
        var found: [String: String] = [:]
        let dirs = binDir.map { [$0] } ?? (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["sbatch", "squeue", "scancel", "scontrol", "sinfo"] {
            guard let dir = dirs.first(where: { FileManager.default.isExecutableFile(atPath: ($0 as NSString).appendingPathComponent(name)) }) else {
                throw ComputingError(
                    .slurmNotInstalled, "Slurm was requested but `\(name)` is not \(binDir.map { "in \($0)" } ?? "on PATH")",
                    suggestion:
                        "install the Slurm client commands (Debian: slurm-client) or set bin_dir in the computing configuration; or use --executor local"
                )
            }
            found[name] = (dir as NSString).appendingPathComponent(name)
        }
        paths = found
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a Slurm command on its own thread (waiting for a process must not hold a thread of
    /// Swift's small cooperative pool, where the engines and the server run).
    func run(_ name: String, _ args: [String]) async throws -> Output {
        try await OwnThread.run { try self.runBlocking(name, args) }
    }

    func runBlocking(_ name: String, _ args: [String]) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: paths[name] ?? name)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            throw ComputingError(.slurmNotInstalled, "cannot run \(name): \(error.localizedDescription)", suggestion: "check the Slurm installation")
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// This process's executable (the `yuheng` binary when the CLI or server runs).
    static var currentExecutable: String {
        let proc = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        if proc != "/proc/self/exe", FileManager.default.isExecutableFile(atPath: proc) { return proc }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
