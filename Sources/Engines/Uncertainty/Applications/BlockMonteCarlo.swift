import Foundation

/// One block of iterations handed to a ``BlockMonteCarlo`` model.
///
/// The block owns the random stream `RandomStream(seed: seed, stream: index)`
/// and must fill `count` iterations. Keeping per-block state (a sparse
/// factorisation, work arrays) inside the block function is what this engine
/// is for: ``MonteCarlo/runVector(inputs:outputCount:iterations:seed:blockSize:workers:correlation:design:tolerance:keepInputs:cancellation:progress:model:)``
/// samples an N × k input matrix first, which is impractical when k is the
/// number of uncertain exchanges of an LCI database (10⁵–10⁶).
public struct MonteCarloBlock: Sendable {
    /// The block number b (0-based); iterations `start ..< start + count`.
    public let index: Int
    /// The first iteration of the block.
    public let start: Int
    /// The number of iterations in the block.
    public let count: Int
    /// The number of model outputs m.
    public let outputCount: Int
    /// The block's random stream (stream `index` of the run's seed).
    public var rng: RandomStream
    let stop: @Sendable () -> Bool

    /// Whether the run was cancelled; a block may return `nil` early when it is.
    public var isCancelled: Bool { stop() }
}

/// The outputs of one block of a Monte Carlo run, column-major `rows × m`
/// (see ``BlockMonteCarlo/runBlocks(_:outputCount:iterations:seed:blockSize:workers:cancellation:progress:block:)``).
public struct MonteCarloBlockOutput: Sendable, Hashable {
    /// The block number.
    public let index: Int
    /// The iterations in the block.
    public let rows: Int
    /// The outputs, column-major (`outputs[o * rows + i]`).
    public let outputs: [Double]

    /// A block's outputs as computed (or read back from a cluster task's file); `outputs.count` must be `rows × m`.
    public init(index: Int, rows: Int, outputs: [Double]) {
        self.index = index
        self.rows = rows
        self.outputs = outputs
    }
}

/// Monte Carlo with models that draw their own random numbers block by block.
///
/// Same contract as ``MonteCarlo``: iterations are cut into blocks of
/// `blockSize`, block `b` draws only from `RandomStream(seed:stream: b)`,
/// blocks are committed in index order, so outputs, summaries, convergence
/// and progress are identical for any number of `workers`. The block
/// function returns the block's outputs column-major (`count × m`), or `nil`
/// when it noticed ``MonteCarloBlock/isCancelled`` and stopped early.
///
/// ```swift
/// let r = try await BlockMonteCarlo.run(outputCount: 1, iterations: 10_000, seed: 7) { block in
///     var out = [Double](repeating: 0, count: block.count)
///     for i in 0..<block.count { out[i] = 1 + 0.1 * block.rng.nextNormal() }
///     return out
/// }
/// r.summaries[0].mean  // ≈ 1
/// ```
public enum BlockMonteCarlo {
    /// The block function: fills one block, column-major `count × m`.
    public typealias BlockFunction = @Sendable (_ block: inout MonteCarloBlock) throws -> [Double]?

    /// Runs the model.
    ///
    /// - throws: ``UncertaintyError/Code/invalidArgument`` for a non-positive
    ///   `iterations`, `blockSize`, `workers` or `outputCount`, or a bad
    ///   tolerance; an ``UncertaintyError`` thrown by the block is passed on
    ///   (other errors become ``UncertaintyError/Code/modelFailure`` naming the
    ///   block); ``UncertaintyError/Code/nonFiniteModelOutput`` naming the
    ///   iteration; ``UncertaintyError/Code/cancelled`` if cancelled before
    ///   the first block completed.
    public static func run(
        outputCount m: Int,
        iterations: Int,
        seed: UInt64,
        blockSize: Int = 1000,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        tolerance: Double? = nil,
        cancellation: CancellationFlag? = nil,
        progress: (@Sendable (_ done: Int, _ total: Int, _ runningMean: Double) -> Void)? = nil,
        block: @escaping BlockFunction
    ) async throws -> MonteCarloVectorResult {
        try validate(iterations: iterations, blockSize: blockSize, workers: workers, outputCount: m, tolerance: tolerance)
        let totalBlocks = blockCount(iterations: iterations, blockSize: blockSize)
        let shouldStop: @Sendable () -> Bool = { Task.isCancelled || (cancellation?.isCancelled ?? false) }

        enum Outcome: Sendable {
            case done(MonteCarloBlockOutput)
            case failed(Int, UncertaintyError)
            case aborted(Int)
            var index: Int {
                switch self {
                case .done(let o): o.index
                case .failed(let i, _), .aborted(let i): i
                }
            }
        }

        @Sendable func compute(_ b: Int) -> Outcome {
            switch computeBlock(b, outputCount: m, iterations: iterations, seed: seed, blockSize: blockSize, stop: shouldStop, block: block) {
            case .success(let o?): return .done(o)
            case .success(nil): return .aborted(b)
            case .failure(let e): return .failed(b, e)
            }
        }

        var committed: [MonteCarloBlockOutput] = []
        var done = 0
        var stats = [RunningMoments](repeating: RunningMoments(), count: m)
        var cancelled = false
        var failure: UncertaintyError?

        await withTaskGroup(of: Outcome.self) { group in
            var next = 0
            var pending: [Int: Outcome] = [:]
            let window = max(1, workers)
            while next < totalBlocks && next < window {
                let b = next
                group.addTask(executorPreference: ComputeThreads.shared) { compute(b) }
                next += 1
            }
            var stop = false
            while let outcome = await group.next() {
                pending[outcome.index] = outcome
                while !stop, let o = pending.removeValue(forKey: committed.count) {
                    switch o {
                    case .done(let o):
                        committed.append(o)
                        done += o.rows
                        for k in 0..<m { stats[k].add(o.outputs[(k * o.rows)..<((k + 1) * o.rows)]) }
                        progress?(done, iterations, stats[0].mean)
                        // stop at the first block where every output has converged (assemble() decides it again, by the same rule)
                        if let t = tolerance, stats.allSatisfy({ $0.relativeHalfWidth <= t }) {
                            stop = true
                        } else if committed.count < totalBlocks && shouldStop() {
                            cancelled = true
                            stop = true
                        }
                    case .failed(_, let e):
                        failure = e
                        stop = true
                    case .aborted:
                        cancelled = true
                        stop = true
                    }
                }
                if !stop && committed.count < totalBlocks && shouldStop() {
                    cancelled = true
                    stop = true
                }
                if stop {
                    group.cancelAll()
                    break
                }
                // one new block per finished one: at most `window` in flight, bounded backlog
                if next < totalBlocks && next - committed.count < 4 * window {
                    let b = next
                    group.addTask(executorPreference: ComputeThreads.shared) { compute(b) }
                    next += 1
                }
            }
        }

        if let failure { throw failure }
        if committed.isEmpty {
            throw UncertaintyError(.cancelled, "monte carlo: cancelled before the first block completed", parameter: "cancellation")
        }
        return try assemble(
            committed, outputCount: m, iterations: iterations, seed: seed, blockSize: blockSize, tolerance: tolerance, cancelled: cancelled)
    }

    /// Computes one block (shared by ``run(outputCount:iterations:seed:blockSize:workers:tolerance:cancellation:progress:block:)``
    /// and ``runBlocks(_:outputCount:iterations:seed:blockSize:workers:cancellation:progress:block:)``):
    /// `nil` when the block noticed a cancellation.
    static func computeBlock(
        _ b: Int, outputCount m: Int, iterations: Int, seed: UInt64, blockSize: Int, stop: @escaping @Sendable () -> Bool,
        block: BlockFunction
    ) -> Result<MonteCarloBlockOutput?, UncertaintyError> {
        let start = b * blockSize
        let n = min(blockSize, iterations - start)
        var ctx = MonteCarloBlock(index: b, start: start, count: n, outputCount: m, rng: RandomStream(seed: seed, stream: UInt64(b)), stop: stop)
        do {
            guard let out = try block(&ctx) else { return .success(nil) }
            guard out.count == n * m else {
                return .failure(
                    UncertaintyError(
                        .dimensionMismatch, "monte carlo: block \(b) returned \(out.count) values, expected \(n) × \(m)", parameter: "block"))
            }
            if let k = out.firstIndex(where: { !$0.isFinite }) {
                let o = k / n, i = k % n
                return .failure(
                    UncertaintyError(
                        .nonFiniteModelOutput,
                        "monte carlo: the model returned \(out[k]) at iteration \(start + i)" + (m > 1 ? " (output \(o))" : ""),
                        parameter: "model"))
            }
            return .success(MonteCarloBlockOutput(index: b, rows: n, outputs: out))
        } catch let e as UncertaintyError {
            return .failure(e)
        } catch {
            return .failure(
                UncertaintyError(
                    .modelFailure, "monte carlo: the model threw in iterations \(start)..<\(start + n): \(error)", parameter: "model"))
        }
    }

    /// The number of blocks of a run: ⌈iterations / blockSize⌉.
    public static func blockCount(iterations: Int, blockSize: Int) -> Int { (iterations + blockSize - 1) / max(1, blockSize) }

    /// Computes only the blocks `indices` of a run — one task of a run split over processes or
    /// cluster nodes. Block `b` depends only on the seed, `b` and the block size, so the blocks of
    /// many partial runs, put together with ``assemble(_:outputCount:iterations:seed:blockSize:tolerance:cancelled:)``,
    /// give exactly the result of ``run(outputCount:iterations:seed:blockSize:workers:tolerance:cancellation:progress:block:)``.
    ///
    /// ```swift
    /// let a = try await BlockMonteCarlo.runBlocks([0, 1], outputCount: 1, iterations: 3000, seed: 7, blockSize: 1000, block: f)
    /// let b = try await BlockMonteCarlo.runBlocks([2], outputCount: 1, iterations: 3000, seed: 7, blockSize: 1000, block: f)
    /// let r = try BlockMonteCarlo.assemble(a + b, outputCount: 1, iterations: 3000, seed: 7, blockSize: 1000)
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/invalidArgument`` for bad options or a block index outside
    ///   the run; the block's errors as in `run`; ``UncertaintyError/Code/cancelled`` when cancelled.
    public static func runBlocks(
        _ indices: [Int], outputCount m: Int, iterations: Int, seed: UInt64, blockSize: Int,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, cancellation: CancellationFlag? = nil,
        progress: (@Sendable (_ blocksDone: Int, _ blocks: Int) -> Void)? = nil,
        block: @escaping BlockFunction
    ) async throws -> [MonteCarloBlockOutput] {
        try validate(iterations: iterations, blockSize: blockSize, workers: workers, outputCount: m, tolerance: nil)
        let total = blockCount(iterations: iterations, blockSize: blockSize)
        if let bad = indices.first(where: { $0 < 0 || $0 >= total }) {
            throw UncertaintyError(.invalidArgument, "monte carlo: block \(bad) is outside 0..<\(total)", parameter: "blocks")
        }
        let shouldStop: @Sendable () -> Bool = { Task.isCancelled || (cancellation?.isCancelled ?? false) }
        var results: [Int: MonteCarloBlockOutput] = [:]
        var failure: UncertaintyError?
        var aborted = false
        await withTaskGroup(of: (Int, Result<MonteCarloBlockOutput?, UncertaintyError>).self) { group in
            var next = 0
            func add() {
                let b = indices[next]
                next += 1
                group.addTask(executorPreference: ComputeThreads.shared) {
                    (b, computeBlock(b, outputCount: m, iterations: iterations, seed: seed, blockSize: blockSize, stop: shouldStop, block: block))
                }
            }
            while next < indices.count && next < workers { add() }
            while let (b, r) = await group.next() {
                switch r {
                case .success(let o?): results[b] = o
                case .success(nil): aborted = true
                case .failure(let e): failure = failure ?? e
                }
                if failure != nil || aborted || shouldStop() {
                    group.cancelAll()
                    aborted = aborted || failure == nil
                    break
                }
                progress?(results.count, indices.count)
                if next < indices.count { add() }
            }
        }
        if let failure { throw failure }
        if aborted || results.count < indices.count {
            throw UncertaintyError(.cancelled, "monte carlo: cancelled after \(results.count) of \(indices.count) blocks", parameter: "cancellation")
        }
        return indices.map { results[$0]! }
    }

    /// Puts blocks together into the run's result — the same summaries, convergence decision and
    /// sample order as ``run(outputCount:iterations:seed:blockSize:workers:tolerance:cancellation:progress:block:)``.
    /// With a `tolerance`, the result stops at the first block boundary where every output's 95 %
    /// confidence interval of the mean is within it (as `run` does).
    ///
    /// - throws: ``UncertaintyError/Code/invalidArgument`` when a block is missing (the blocks must
    ///   be 0, 1, 2, … without gaps, and all of them unless `cancelled` or the tolerance is met),
    ///   duplicated, or of the wrong size — a result is never silently incomplete.
    public static func assemble(
        _ blocks: [MonteCarloBlockOutput], outputCount m: Int, iterations: Int, seed: UInt64, blockSize: Int,
        tolerance: Double? = nil, cancelled: Bool = false
    ) throws -> MonteCarloVectorResult {
        try validate(iterations: iterations, blockSize: blockSize, workers: 1, outputCount: m, tolerance: tolerance)
        let total = blockCount(iterations: iterations, blockSize: blockSize)
        var byIndex: [Int: MonteCarloBlockOutput] = [:]
        for b in blocks {
            guard b.index >= 0 && b.index < total else {
                throw UncertaintyError(.invalidArgument, "monte carlo: block \(b.index) is outside 0..<\(total)", parameter: "blocks")
            }
            guard byIndex[b.index] == nil else {
                throw UncertaintyError(.invalidArgument, "monte carlo: block \(b.index) was given twice", parameter: "blocks")
            }
            let n = min(blockSize, iterations - b.index * blockSize)
            guard b.rows == n, b.outputs.count == n * m else {
                throw UncertaintyError(
                    .dimensionMismatch, "monte carlo: block \(b.index) has \(b.rows) rows and \(b.outputs.count) values, expected \(n) × \(m)",
                    parameter: "blocks")
            }
            byIndex[b.index] = b
        }
        var stats = [RunningMoments](repeating: RunningMoments(), count: m)
        var used: [MonteCarloBlockOutput] = []
        var converged = false
        for i in 0..<total {
            guard let b = byIndex[i] else { break }
            used.append(b)
            for k in 0..<m { stats[k].add(b.outputs[(k * b.rows)..<((k + 1) * b.rows)]) }
            if let t = tolerance, stats.allSatisfy({ $0.relativeHalfWidth <= t }) {
                converged = true
                break
            }
        }
        if !converged && !cancelled && used.count < total {
            let missing = (0..<total).filter { byIndex[$0] == nil }
            throw UncertaintyError(
                .invalidArgument,
                "monte carlo: the result is incomplete: \(missing.count) of \(total) blocks are missing (first: \(missing.prefix(5).map(String.init).joined(separator: ", ")))",
                parameter: "blocks")
        }
        guard !used.isEmpty else {
            throw UncertaintyError(.cancelled, "monte carlo: cancelled before the first block completed", parameter: "cancellation")
        }
        let n = used.reduce(0) { $0 + $1.rows }
        var values = [Double](repeating: 0, count: n * m)
        var offset = 0
        for c in used {
            for o in 0..<m {
                for i in 0..<c.rows { values[o * n + offset + i] = c.outputs[o * c.rows + i] }
            }
            offset += c.rows
        }
        let outputs = try SampleMatrix(rows: n, columns: m, columnMajor: values)
        var summaries: [UncertaintySummary] = []
        for o in 0..<m {
            summaries.append(
                try UncertaintySummary(
                    samples: outputs.column(o), seed: seed, tolerance: tolerance, cancelled: cancelled,
                    convergedOverride: tolerance.map { converged || stats[o].relativeHalfWidth <= $0 }))
        }
        return MonteCarloVectorResult(
            summaries: summaries, outputs: outputs, inputs: nil, blocks: used.count,
            converged: tolerance == nil ? summaries.allSatisfy(\.converged) : converged || summaries.allSatisfy(\.converged),
            cancelled: cancelled)
    }

    static func validate(iterations: Int, blockSize: Int, workers: Int, outputCount: Int, tolerance: Double?) throws {
        guard iterations > 0 else {
            throw UncertaintyError(.invalidArgument, "monte carlo: iterations = \(iterations) must be positive", parameter: "iterations")
        }
        guard blockSize > 0 else {
            throw UncertaintyError(.invalidArgument, "monte carlo: blockSize = \(blockSize) must be positive", parameter: "blockSize")
        }
        guard workers > 0 else {
            throw UncertaintyError(.invalidArgument, "monte carlo: workers = \(workers) must be positive", parameter: "workers")
        }
        guard outputCount > 0 else {
            throw UncertaintyError(.invalidArgument, "monte carlo: outputCount = \(outputCount) must be positive", parameter: "outputCount")
        }
        if let t = tolerance, !(t > 0 && t.isFinite) {
            throw UncertaintyError(.invalidArgument, "monte carlo: tolerance = \(t) must be positive", parameter: "tolerance")
        }
    }
}
