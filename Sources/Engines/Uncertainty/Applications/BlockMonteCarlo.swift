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
        let totalBlocks = (iterations + blockSize - 1) / blockSize
        let shouldStop: @Sendable () -> Bool = { Task.isCancelled || (cancellation?.isCancelled ?? false) }

        enum Outcome: Sendable {
            case done(Int, Int, [Double])  // index, rows, outputs
            case failed(Int, UncertaintyError)
            case aborted(Int)
            var index: Int {
                switch self {
                case .done(let i, _, _), .failed(let i, _), .aborted(let i): i
                }
            }
        }

        @Sendable func compute(_ b: Int) -> Outcome {
            let start = b * blockSize
            let n = min(blockSize, iterations - start)
            var ctx = MonteCarloBlock(
                index: b, start: start, count: n, outputCount: m, rng: RandomStream(seed: seed, stream: UInt64(b)), stop: shouldStop)
            do {
                guard let out = try block(&ctx) else { return .aborted(b) }
                guard out.count == n * m else {
                    return .failed(
                        b,
                        UncertaintyError(
                            .dimensionMismatch, "monte carlo: block \(b) returned \(out.count) values, expected \(n) × \(m)",
                            parameter: "block"))
                }
                if let k = out.firstIndex(where: { !$0.isFinite }) {
                    let o = k / n, i = k % n
                    return .failed(
                        b,
                        UncertaintyError(
                            .nonFiniteModelOutput,
                            "monte carlo: the model returned \(out[k]) at iteration \(start + i)" + (m > 1 ? " (output \(o))" : ""),
                            parameter: "model"))
                }
                return .done(b, n, out)
            } catch let e as UncertaintyError {
                return .failed(b, e)
            } catch {
                return .failed(
                    b,
                    UncertaintyError(
                        .modelFailure, "monte carlo: the model threw in iterations \(start)..<\(start + n): \(error)", parameter: "model"))
            }
        }

        var committed: [(rows: Int, outputs: [Double])] = []
        var done = 0
        var stats = [RunningMoments](repeating: RunningMoments(), count: m)
        var converged = false
        var cancelled = false
        var failure: UncertaintyError?

        await withTaskGroup(of: Outcome.self) { group in
            var next = 0
            var pending: [Int: Outcome] = [:]
            let window = max(1, workers)
            while next < totalBlocks && next < window {
                let b = next
                group.addTask { compute(b) }
                next += 1
            }
            var stop = false
            while let outcome = await group.next() {
                pending[outcome.index] = outcome
                while !stop, let o = pending.removeValue(forKey: committed.count) {
                    switch o {
                    case .done(_, let rows, let out):
                        committed.append((rows, out))
                        done += rows
                        for k in 0..<m { stats[k].add(out[(k * rows)..<((k + 1) * rows)]) }
                        progress?(done, iterations, stats[0].mean)
                        if let t = tolerance, stats.allSatisfy({ $0.relativeHalfWidth <= t }) {
                            converged = true
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
                    group.addTask { compute(b) }
                    next += 1
                }
            }
        }

        if let failure { throw failure }
        if committed.isEmpty {
            throw UncertaintyError(.cancelled, "monte carlo: cancelled before the first block completed", parameter: "cancellation")
        }
        let n = done
        var values = [Double](repeating: 0, count: n * m)
        var offset = 0
        for c in committed {
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
            summaries: summaries, outputs: outputs, inputs: nil, blocks: committed.count,
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
