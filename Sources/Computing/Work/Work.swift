import Foundation
import YuhengData
import YuhengUncertainty

/// What a task can use while it runs: the database (opened once per process), the number of
/// threads, a cancellation flag, a progress callback and a per-process cache (an executor that runs
/// several tasks in one process builds an LCI model once).
public final class TaskContext: @unchecked Sendable {
    /// Path of the Yuheng database file the task opens; nil for work that needs no database.
    public let databasePath: String?
    /// Threads the task may use (at least 1), e.g. for Monte Carlo blocks run in parallel.
    public let threads: Int
    /// Flag checked between units; once set the task throws a cancellation error.
    public let cancellation: CancellationFlag?
    /// Units finished so far in this task (called from any thread).
    public let progress: (@Sendable (_ unitsDone: Int) -> Void)?
    private let lock = NSLock()
    private var db: YuhengDatabase?
    private var cache: [String: any Sendable] = [:]

    /// When `databasePath` is a read-only snapshot: the database it copies.
    public let snapshotOf: String?

    /// A context for a task; `snapshotOf` names the database a read-only snapshot at `databasePath` copies.
    public init(
        databasePath: String?, snapshotOf: String? = nil, threads: Int, cancellation: CancellationFlag? = nil,
        progress: (@Sendable (Int) -> Void)? = nil
    ) {
        self.databasePath = databasePath
        self.snapshotOf = snapshotOf
        self.threads = max(1, threads)
        self.cancellation = cancellation
        self.progress = progress
    }

    /// A context sharing this one's database and cache, with other progress and cancellation.
    public func child(progress: (@Sendable (Int) -> Void)?, cancellation: CancellationFlag?) -> TaskContext {
        let c = TaskContext(databasePath: databasePath, snapshotOf: snapshotOf, threads: threads, cancellation: cancellation, progress: progress)
        c.parent = self // the database and the cache are the parent's
        return c
    }

    private var parent: TaskContext?

    /// The database (opened without installing anything: the job's coordinator already did).
    public func database() throws -> YuhengDatabase {
        if let parent { return try parent.database() }
        return try lock.withLock {
            if let db { return db }
            guard let path = databasePath else {
                throw ComputingError(
                    .invalidParameters, "this work needs the Yuheng database, but the task has none",
                    suggestion: "pass the database path when the job is planned")
            }
            let opened =
                try snapshotOf.map { try YuhengDatabase.openSnapshot(path: path, baseFolder: URL(fileURLWithPath: $0).deletingLastPathComponent()) }
                ?? YuhengDatabase.open(path: path, installBundled: false)
            db = opened
            return opened
        }
    }

    /// A value cached in this process under `key`, built by `make` the first time.
    public func cached<T: Sendable>(_ key: String, _ make: () throws -> T) throws -> T {
        if let parent { return try parent.cached(key, make) }
        if let v = lock.withLock({ cache[key] }) as? T { return v }
        let v = try make()
        lock.withLock { cache[key] = v }
        return v
    }
}

/// A kind of work that can be split into tasks: a job has `unitCount` units (Monte Carlo blocks,
/// products of a batch, years of a series); a task computes some of them, anywhere, into a
/// `Partial`; the job's coordinator gathers the partials.
///
/// The contract that makes results independent of the executor: a unit's result depends only on
/// the parameters and the unit number (Monte Carlo blocks draw from their own random stream).
public protocol DistributedWork: Sendable {
    associatedtype Params: Codable & Sendable
    associatedtype Partial: Codable & Sendable
    /// The kind's name in task files and job records (e.g. `lca-montecarlo`).
    static var kind: String { get }
    /// The number of units of a job with these parameters (throws for invalid parameters).
    static func unitCount(_ params: Params) throws -> Int
    /// Computes `units` (the worker side).
    static func run(_ params: Params, units: [Int], context: TaskContext) async throws -> Partial
}

/// The work kinds a worker can run, by name.
public enum WorkRegistry {
    /// Every kind Yuheng ships.
    public static let kinds: [any DistributedWork.Type] = [
        LCAMonteCarloWork.self, MRIOMonteCarloWork.self, MatrixMonteCarloWork.self, LCABatchWork.self, MRIOSeriesWork.self,
        SimulationEnsembleWork.self, SelfTestWork.self
    ]

    /// The names of every kind Yuheng ships, e.g. "lca-montecarlo", "lca-batch", "selftest".
    public static var names: [String] { kinds.map { $0.kind } }

    /// Runs `units` of the work named `kind` with JSON `params`; returns the partial as JSON text.
    public static func run(kind: String, params: String, units: [Int], context: TaskContext) async throws -> String {
        guard let w = kinds.first(where: { $0.kind == kind }) else {
            throw ComputingError(
                .unknownKind, "unknown work kind '\(kind)'",
                suggestion: "known: \(names.joined(separator: ", ")); the worker may be an older Yuheng than the coordinator")
        }
        return try await runTyped(w, params: params, units: units, context: context)
    }

    static func runTyped<W: DistributedWork>(_ w: W.Type, params: String, units: [Int], context: TaskContext) async throws -> String {
        let p = try decodeParams(W.self, params)
        let partial = try await W.run(p, units: units, context: context)
        return String(decoding: try TaskFiles.encoder.encode(partial), as: UTF8.self)
    }

    static func decodeParams<W: DistributedWork>(_ w: W.Type, _ text: String) throws -> W.Params {
        do { return try JSONDecoder().decode(W.Params.self, from: Data(text.utf8)) } catch {
            throw ComputingError(.invalidParameters, "the parameters of a \(W.kind) job are not valid: \(error)")
        }
    }
}

/// Monte Carlo blocks in a partial result, exactly (see ``ExactDoubles``).
public struct EncodedBlock: Codable, Sendable {
    /// The block number (its random stream).
    public var index: Int
    /// The iterations in the block.
    public var rows: Int
    /// The block's outputs (column-major, `outputs[o * rows + i]`), encoded exactly by ``ExactDoubles``.
    public var outputs: String

    /// Encodes a block's outputs exactly.
    public init(_ b: MonteCarloBlockOutput) {
        index = b.index
        rows = b.rows
        outputs = ExactDoubles.encode(b.outputs)
    }

    /// The block with its outputs decoded.
    /// - Throws: an error when `outputs` is not valid ``ExactDoubles`` text (a damaged task file).
    public func decoded() throws -> MonteCarloBlockOutput {
        MonteCarloBlockOutput(index: index, rows: rows, outputs: try ExactDoubles.decode(outputs))
    }
}

/// Splits `units` units into at most `tasks` contiguous, nearly equal tasks.
public func planTasks(units: Int, tasks: Int) -> [[Int]] {
    let t = max(1, min(tasks, units))
    guard units > 0 else { return [] }
    var out: [[Int]] = []
    var start = 0
    for k in 0..<t {
        let n = units / t + (k < units % t ? 1 : 0)
        out.append(Array(start..<(start + n)))
        start += n
    }
    return out
}
