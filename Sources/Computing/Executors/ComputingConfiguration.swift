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
    public struct Local: Codable, Sendable, Hashable {
        public var threads: Int?
        public var maxConcurrentTasks: Int?
        public var tasks: Int?
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

    public var executor: ExecutorKind?
    public var local: Local?
    public var slurm: SlurmSettings?

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
