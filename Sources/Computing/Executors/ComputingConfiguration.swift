import Foundation

/// The computing settings: which executor runs long jobs, and how.
///
/// Read from `$YUHENG_COMPUTING_CONFIG`, else `$XDG_CONFIG_HOME/yuheng/computing.json`, else
/// `~/.config/yuheng/computing.json` (a missing file means the defaults: the local executor).
/// Command-line options override the file.
///
/// ```json
/// {
///   "executor": "slurm",
///   "local": {"threads": 8, "max_concurrent_tasks": 1},
///   "slurm": {"partition": "compute", "account": "carbon", "time_limit": "02:00:00",
///             "cpus_per_task": 4, "memory": "8G", "max_retries": 2, "shared_dir": "/scratch/yuheng", "tasks": 32}
/// }
/// ```
public struct ComputingConfiguration: Codable, Sendable, Hashable {
    /// Settings of the local executor (the `local` object of the file).
    public struct Local: Codable, Sendable, Hashable {
        /// Threads per task; nil uses every core of the machine.
        public var threads: Int?
        /// Tasks run at the same time in this process; nil means 1.
        public var maxConcurrentTasks: Int?
        /// Tasks a job is cut into by default; nil means 1.
        public var tasks: Int?
        /// Local settings; nil fields take the defaults.
        public init(threads: Int? = nil, maxConcurrentTasks: Int? = nil, tasks: Int? = nil) {
            self.threads = threads
            self.maxConcurrentTasks = maxConcurrentTasks
            self.tasks = tasks
        }
        enum CodingKeys: String, CodingKey {
            case threads, tasks
            case maxConcurrentTasks = "max_concurrent_tasks"
        }
    }

    /// Executor used when the command line does not name one; nil means local.
    public var executor: ExecutorKind?
    /// Settings of the local executor; nil for the defaults.
    public var local: Local?
    /// Settings of the Slurm executor (partition, account, time limit, shared folder, ...); nil for the defaults.
    public var slurm: SlurmSettings?

    /// A configuration; every part defaults to nil (the local executor with its defaults).
    public init(executor: ExecutorKind? = nil, local: Local? = nil, slurm: SlurmSettings? = nil) {
        self.executor = executor
        self.local = local
        self.slurm = slurm
    }

    /// The configuration file's path.
    public static func path(environment env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let p = env["YUHENG_COMPUTING_CONFIG"], !p.isEmpty { return p }
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() as NSString).appendingPathComponent(".config")
        return (base as NSString).appendingPathComponent("yuheng/computing.json")
    }

    /// Loads the file (the defaults when it does not exist; a clear error when it is not valid).
    public static func load(environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> ComputingConfiguration {
        let p = path(environment: env)
        guard let data = FileManager.default.contents(atPath: p) else { return ComputingConfiguration() }
        do { return try JSONDecoder().decode(ComputingConfiguration.self, from: data) } catch {
            throw ComputingError(
                .configuration, "the computing configuration \(p) is not valid: \(error)",
                suggestion: "fix the file (keys: executor, local, slurm) or remove it to use the local executor")
        }
    }

    /// The executor to use: `kind` (e.g. from `--executor`) or the file's, with `slurmOverrides` over the file's Slurm settings.
    ///
    /// - parameter databasePath: the database file; the Slurm shared folder defaults to `slurm-jobs` beside it.
    public func makeExecutor(
        kind: ExecutorKind? = nil, slurmOverrides: SlurmSettings = SlurmSettings(), localThreads: Int? = nil,
        tasks: Int? = nil, databasePath: String
    ) throws -> any Executor {
        switch kind ?? executor ?? .local {
        case .local:
            return LocalExecutor(
                maxConcurrentTasks: local?.maxConcurrentTasks ?? 1,
                threadsPerTask: localThreads ?? local?.threads ?? ProcessInfo.processInfo.activeProcessorCount,
                tasks: tasks ?? local?.tasks ?? 1)
        case .slurm:
            var s = (slurm ?? SlurmSettings()).overridden(by: slurmOverrides)
            if let t = tasks { s.tasks = t }
            let dir = ((databasePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("slurm-jobs")
            return try SlurmExecutor(settings: s, defaultSharedDir: dir)
        }
    }
}
