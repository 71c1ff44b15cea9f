import ArgumentParser
import Foundation
import YuhengNumerics
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengUncertainty

// The computing layer on the command line:
//   --executor local|slurm and the Slurm options on the long-running commands (ExecutorOptions)
//   yuheng computing check [--executor slurm] [--units N] [--sleep-ms MS]   (is the executor working?)
//   yuheng computing config                                                 (where the settings come from)
//   yuheng worker TASKFILE                                                  (hidden: what a Slurm task runs)

/// Where long-running work runs: this machine or a Slurm cluster. Without `--executor`, the
/// computing configuration file decides (default: local, in this process).
struct ExecutorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Where the work runs: local (this machine) or slurm (array jobs on a Slurm cluster). Default: the computing configuration file, else local.", valueName: "local|slurm"))
    var executor: String?
    @Option(help: ArgumentHelp("Number of tasks the job is cut into (results do not depend on it).", valueName: "n")) var tasks: Int?
    @Option(help: "Slurm partition.") var partition: String?
    @Option(help: "Slurm account.") var account: String?
    @Option(help: ArgumentHelp("Slurm time limit per task (MM, HH:MM:SS or D-HH:MM).", valueName: "time")) var timeLimit: String?
    @Option(help: ArgumentHelp("CPUs per Slurm task (the worker's threads).", valueName: "n")) var cpusPerTask: Int?
    @Option(help: ArgumentHelp("Memory per Slurm task, e.g. 4G.", valueName: "size")) var mem: String?
    @Option(help: ArgumentHelp("Resubmissions of a failed or lost task before the job fails (default 2).", valueName: "n")) var maxRetries: Int?
    @Option(help: ArgumentHelp("Folder visible from every node for task files, results and logs (default: slurm-jobs beside the database).", valueName: "path"))
    var sharedDir: String?
    @Flag(help: "Keep the job's folder (task files, partial results, logs) after success.") var keepJobFiles = false
    @Flag(inversion: .prefixedNo, help: "Slurm tasks read a read-only snapshot of the database in the job's folder (default; works on network filesystems) or, with --no-database-snapshot, the database file itself.")
    var databaseSnapshot: Bool?

    /// The executor when one was asked for (option or configuration file); nil = run in this process as before.
    func resolve(databasePath: String, threads: Int? = nil) throws -> (any Executor)? {
        let config = try ComputingConfiguration.load()
        let kind = try executor.map { try ExecutorKind(parsing: $0) }
        guard kind != nil || config.executor != nil || tasks != nil else { return nil }
        let overrides = SlurmSettings(partition: partition, account: account, timeLimit: timeLimit, cpusPerTask: cpusPerTask, memory: mem,
                                      maxRetries: maxRetries, sharedDir: sharedDir, keepFiles: keepJobFiles ? true : nil, databaseSnapshot: databaseSnapshot)
        return try config.makeExecutor(kind: kind, slurmOverrides: overrides, localThreads: threads, tasks: tasks, databasePath: databasePath)
    }
}

/// Progress of a distributed job on stderr (only on a terminal).
func executionProgress(_ bar: ProgressBar) -> @Sendable (ExecutionProgress) -> Void {
    { p in bar.update(p.unitsDone, p.units, .nan) }
}

/// Records a job run from the command line in the database's job table (kind, parameters, result),
/// as the server does for its jobs.
func recordJob(_ db: YuhengDatabase, kind: String, params: String, run: () async throws -> String) async throws -> String {
    let job = try db.createJob(kind: kind, params: params)
    try db.updateJob(job.id, status: .running, progress: 0)
    do {
        let result = try await run()
        try db.finishJob(job.id, result: result)
        return result
    } catch {
        try? db.failJob(job.id, error: "\(error)")
        throw error
    }
}

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run one task of a distributed job (what Slurm array tasks run).", shouldDisplay: false)
    @Argument(help: "The task file (task-N.json in the job's shared folder).") var taskFile: String

    func run() async throws {
        let status = await Worker.run(taskFile: taskFile)
        if status != 0 { throw ExitCode(status) }
    }
}

struct ComputingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "computing",
        abstract: "The computing layer: check an executor (local or Slurm) and show the settings.",
        subcommands: [Check.self, Config.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a small test job on the executor and compare it with the expected values.",
            discussion: "Each unit waits --sleep-ms and draws one number from its own random stream; the values must equal those computed here. JSON (--json): executor, units, tasks, values, matches, execution.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var exec: ExecutorOptions
        @Option(help: "Units of the test job.") var units: Int = 8
        @Option(help: "Milliseconds each unit waits.") var sleepMs: Int = 100
        @Option(help: "Seed.") var seed: UInt64 = 1
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runAsync {
                let path = database.db ?? YuhengDatabase.defaultPath()
                let executor = try exec.resolve(databasePath: path) ?? LocalExecutor()
                let p = SelfTestWork.Params(units: units, sleepMS: sleepMs, seed: seed)
                let catcher = InterruptCatcher()
                defer { catcher.stop() }
                let bar = ProgressBar(label: "Check", unit: "")
                let (partials, report) = try await Computing.run(SelfTestWork.self, params: p, executor: executor, tasks: exec.tasks,
                                                                 cancellation: catcher.flag, progress: executionProgress(bar))
                bar.finish()
                let values = try SelfTestWork.gather(p, partials: partials)
                let expected = (0..<units).map { SelfTestWork.value(seed: seed, unit: $0) }
                let matches = values == expected
                if json {
                    struct Out: Encodable {
                        let executor: String; let units: Int; let tasks: Int; let values: [Double]; let matches: Bool; let execution: ExecutionReport
                        let blas_kernel: String; let blas_advice: String?; let blas_choice: String; let blas_chosen_at_start: Bool
                    }
                    print(try Format.json(Out(executor: executor.name, units: units, tasks: report.tasks, values: values, matches: matches, execution: report,
                                              blas_kernel: BLASKernel.name, blas_advice: BLASKernel.advice(), blas_choice: BLASKernel.choice().description, blas_chosen_at_start: BLASKernel.choice().isAtStart)))
                } else {
                    print("Executor \(executor.name): \(units) units in \(report.tasks) task(s), \(String(format: "%.2f", report.seconds)) s"
                          + (report.slurmJobIDs.isEmpty ? "" : ", Slurm job \(report.slurmJobIDs.joined(separator: ", "))")
                          + (report.resubmissions > 0 ? ", \(report.resubmissions) resubmission(s)" : ""))
                    print(matches ? "OK: every value equals the one computed here" : "MISMATCH: the executor returned different values")
                    print("BLAS kernel here: \(BLASKernel.summary())")
                    if let advice = BLASKernel.advice() { print("note: \(advice)") }
                }
                if !matches { throw ExitCode.failure }
            }
        }
    }

    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the computing configuration file and the settings in effect.")
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try YuhengCommands.run {
                let path = ComputingConfiguration.path()
                let c = try ComputingConfiguration.load()
                if json {
                    struct Out: Encodable { let path: String; let exists: Bool; let configuration: ComputingConfiguration }
                    print(try Format.json(Out(path: path, exists: FileManager.default.fileExists(atPath: path), configuration: c)))
                    return
                }
                print("Configuration file: \(path)\(FileManager.default.fileExists(atPath: path) ? "" : " (not present: defaults)")")
                print("Executor: \((c.executor ?? .local).rawValue)")
                if let s = c.slurm { print("Slurm: " + String(decoding: try JSONEncoder().encode(s), as: UTF8.self)) }
            }
        }
    }
}
