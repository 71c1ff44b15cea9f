import Foundation

/// A thread-safe flag for cooperative cancellation of a run from another
/// task or thread (for example a CLI signal handler).
///
/// ```swift
/// let flag = CancellationFlag()
/// async let result = MonteCarlo.run(inputs: inputs, iterations: 1_000_000, seed: 1, cancellation: flag) { $0[0] * $0[1] }
/// flag.cancel()                 // the run stops at the next block boundary
/// let partial = try await result
/// partial.summary.cancelled     // true
/// ```
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false

    /// A flag that is not set.
    public init() {}

    /// Requests cancellation.
    public func cancel() {
        lock.lock()
        flag = true
        lock.unlock()
    }

    /// Whether cancellation was requested.
    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flag
    }
}

/// The result of a scalar Monte Carlo run.
public struct MonteCarloResult: Sendable {
    /// The summary statistics (Codable, IPCC-style).
    public let summary: UncertaintySummary
    /// The model outputs in iteration order.
    public let outputs: [Double]
    /// The input samples (N × k, iteration order), when `keepInputs` was set.
    public let inputs: SampleMatrix?
    /// The number of completed iteration blocks.
    public let blocks: Int

    /// Whether the tolerance was met (see ``UncertaintySummary/converged``).
    public var converged: Bool { summary.converged }
    /// Whether the run was cancelled and this is a partial result.
    public var cancelled: Bool { summary.cancelled }
}

/// The result of a vector-output Monte Carlo run.
public struct MonteCarloVectorResult: Sendable {
    /// One summary per model output.
    public let summaries: [UncertaintySummary]
    /// The outputs, N × m (column o = output o, iteration order).
    public let outputs: SampleMatrix
    /// The input samples (N × k), when `keepInputs` was set.
    public let inputs: SampleMatrix?
    /// The number of completed iteration blocks.
    public let blocks: Int
    /// Whether every output met the tolerance.
    public let converged: Bool
    /// Whether the run was cancelled and this is a partial result.
    public let cancelled: Bool
}

/// Monte Carlo uncertainty propagation (IPCC Approach 2): sample the inputs,
/// evaluate the model, summarise the output distribution.
///
/// **Reproducibility.** Iterations are cut into blocks of `blockSize`;
/// block `b` always draws from ``RandomStream`` stream `b` of `seed`, and
/// blocks are committed in index order, so the outputs, the summary, the
/// convergence decision and the progress reports are identical for any
/// number of workers.
///
/// **Parallelism.** Up to `workers` blocks run concurrently as child tasks
/// of a `TaskGroup`; the model must therefore be `@Sendable`.
///
/// **Convergence.** With a `tolerance`, `iterations` is the maximum count:
/// the run stops at the first block boundary where the relative half-width
/// of the 95 % CI of the mean, 1.96·s/(√n·|mean|), is at most `tolerance`
/// (for vector outputs: for every output).
///
/// **Cancellation.** Between blocks (and every 256 iterations inside one)
/// the run checks `Task.isCancelled` and the optional ``CancellationFlag``;
/// it then returns the completed prefix of blocks with `cancelled = true`.
///
/// **Progress.** `progress(done, total, runningMean)` is called after each
/// committed block, in order, from the calling task.
///
/// ```swift
/// // IPCC-6: three sources, AD and EF with normal PDFs (sd = U/1.96)
/// let inputs = try [5.0, 3, 2, 3, 2, 5].map { try Distribution.normal(mean: 1, uncertaintyPercent: $0) }
/// let result = try await MonteCarlo.run(inputs: inputs, iterations: 200_000, seed: 42) { x in
///     244_068 * x[0] * x[1] + 56_100 * x[2] * x[3] + 468_000 * x[4] * x[5]
/// }
/// result.summary.mean               // ≈ 768 168
/// result.summary.halfWidthPercent   // ≈ 3.77 (Approach 1: 3.777)
/// ```
public enum MonteCarlo {
    /// Runs a scalar model.
    ///
    /// - parameters:
    ///   - inputs: the input distributions (validated first).
    ///   - iterations: the number of iterations (the maximum when `tolerance` is set).
    ///   - seed: the seed; recorded in the summary.
    ///   - blockSize: iterations per block (the unit of parallelism, of
    ///     reproducibility and of the Latin hypercube).
    ///   - workers: maximum number of blocks in flight.
    ///   - correlation: target rank correlations between inputs (Gaussian copula).
    ///   - design: `.random` or `.latinHypercube`.
    ///   - tolerance: relative half-width of the 95 % CI of the mean at which to stop.
    ///   - keepInputs: keep the input samples (for ``Sensitivity`` analyses).
    ///   - cancellation: an optional flag to stop the run from elsewhere.
    ///   - progress: `(done, total, runningMean)` after each block.
    ///   - model: the model, one input vector in, one value out.
    /// - throws: input validation errors (``Distribution/validate()``,
    ///   ``GaussianCopula``); ``UncertaintyError/Code/invalidArgument`` for
    ///   bad options; ``UncertaintyError/Code/modelFailure`` or
    ///   ``UncertaintyError/Code/nonFiniteModelOutput`` naming the first
    ///   failing iteration; ``UncertaintyError/Code/cancelled`` if cancelled
    ///   before the first block completed.
    public static func run(
        inputs: [Distribution],
        iterations: Int,
        seed: UInt64,
        blockSize: Int = 1000,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        correlation: RankCorrelation? = nil,
        design: SamplingDesign = .random,
        tolerance: Double? = nil,
        keepInputs: Bool = false,
        cancellation: CancellationFlag? = nil,
        progress: (@Sendable (_ done: Int, _ total: Int, _ runningMean: Double) -> Void)? = nil,
        model: @escaping @Sendable ([Double]) throws -> Double
    ) async throws -> MonteCarloResult {
        let r = try await engine(
            inputs: inputs, iterations: iterations, seed: seed, blockSize: blockSize, workers: workers,
            correlation: correlation, design: design, tolerance: tolerance, keepInputs: keepInputs,
            cancellation: cancellation, progress: progress, outputCount: 1
        ) { x, y in y[0] = try model(x) }
        return MonteCarloResult(
            summary: r.summaries[0], outputs: r.outputs.values, inputs: r.inputs, blocks: r.blocks)
    }

    /// Runs a model with `outputCount` outputs (for example several
    /// inventory totals, or base year and current year sharing draws).
    ///
    /// ```swift
    /// let r = try await MonteCarlo.runVector(inputs: inputs, outputCount: 2, iterations: 10_000, seed: 1) { x in
    ///     [x[0] * x[2], x[1] * x[2]]   // the same EF x[2] in both years: one random variable
    /// }
    /// r.summaries[1].median
    /// ```
    ///
    /// - throws: as ``run(inputs:iterations:seed:blockSize:workers:correlation:design:tolerance:keepInputs:cancellation:progress:model:)``,
    ///   plus ``UncertaintyError/Code/dimensionMismatch`` if the model returns
    ///   a vector of the wrong length.
    public static func runVector(
        inputs: [Distribution],
        outputCount: Int,
        iterations: Int,
        seed: UInt64,
        blockSize: Int = 1000,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        correlation: RankCorrelation? = nil,
        design: SamplingDesign = .random,
        tolerance: Double? = nil,
        keepInputs: Bool = false,
        cancellation: CancellationFlag? = nil,
        progress: (@Sendable (_ done: Int, _ total: Int, _ runningMean: Double) -> Void)? = nil,
        model: @escaping @Sendable ([Double]) throws -> [Double]
    ) async throws -> MonteCarloVectorResult {
        guard outputCount > 0 else {
            throw UncertaintyError(.invalidArgument, "monte carlo: outputCount = \(outputCount) must be positive", parameter: "outputCount")
        }
        return try await engine(
            inputs: inputs, iterations: iterations, seed: seed, blockSize: blockSize, workers: workers,
            correlation: correlation, design: design, tolerance: tolerance, keepInputs: keepInputs,
            cancellation: cancellation, progress: progress, outputCount: outputCount
        ) { x, y in
            let out = try model(x)
            guard out.count == outputCount else {
                throw UncertaintyError(
                    .dimensionMismatch, "monte carlo: the model returned \(out.count) values, expected \(outputCount)",
                    parameter: "model")
            }
            for o in 0..<outputCount { y[o] = out[o] }
        }
    }

    // MARK: Engine

    typealias Evaluator = @Sendable (_ x: [Double], _ y: inout [Double]) throws -> Void

    private static func engine(
        inputs: [Distribution], iterations: Int, seed: UInt64, blockSize: Int, workers: Int,
        correlation: RankCorrelation?, design: SamplingDesign, tolerance: Double?, keepInputs: Bool,
        cancellation: CancellationFlag?, progress: (@Sendable (Int, Int, Double) -> Void)?,
        outputCount m: Int, evaluate: @escaping Evaluator
    ) async throws -> MonteCarloVectorResult {
        try BlockMonteCarlo.validate(iterations: iterations, blockSize: blockSize, workers: workers, outputCount: m, tolerance: tolerance)
        let sampler = try InputSampler(inputs: inputs, design: design, correlation: correlation)
        // Block scheduling, in-order commit, convergence, progress, cancellation and result assembly
        // are BlockMonteCarlo's; this engine only samples the inputs of each block and evaluates rows.
        let kept = KeptInputs()
        let result = try await BlockMonteCarlo.run(
            outputCount: m, iterations: iterations, seed: seed, blockSize: blockSize, workers: workers,
            tolerance: tolerance, cancellation: cancellation, progress: progress,
            block: vectorBlock(sampler: sampler, outputCount: m, kept: keepInputs ? kept : nil, evaluate: evaluate))
        let keptInputs = keepInputs ? SampleMatrix.stacking(kept.blocks(result.blocks), columns: sampler.dimension) : nil
        return MonteCarloVectorResult(
            summaries: result.summaries, outputs: result.outputs, inputs: keptInputs, blocks: result.blocks,
            converged: result.converged, cancelled: result.cancelled)
    }

    /// The block function of a vector model: samples the block's inputs, evaluates every row.
    private static func vectorBlock(
        sampler: InputSampler, outputCount m: Int, kept: KeptInputs?, evaluate: @escaping Evaluator
    ) -> BlockMonteCarlo.BlockFunction {
        return { block in
            let n = block.count, start = block.start
            let k = sampler.dimension
            let x = sampler.sample(rows: n, using: &block.rng)
            var out = [Double](repeating: 0, count: n * m)
            var row = [Double](repeating: 0, count: k)
            var y = [Double](repeating: 0, count: m)
            for i in 0..<n {
                if i & 255 == 255 && block.isCancelled { return nil }
                for j in 0..<k { row[j] = x.values[j * n + i] }
                do {
                    try evaluate(row, &y)
                } catch let e as UncertaintyError where e.code == .dimensionMismatch {
                    throw UncertaintyError(e.code, "iteration \(start + i): \(e.message)", parameter: e.parameter)
                } catch {
                    throw UncertaintyError(.modelFailure, "monte carlo: the model threw at iteration \(start + i): \(error)", parameter: "model")
                }
                for o in 0..<m {
                    let v = y[o]
                    if !v.isFinite {
                        throw UncertaintyError(
                            .nonFiniteModelOutput,
                            "monte carlo: the model returned \(v) at iteration \(start + i)" + (m > 1 ? " (output \(o))" : ""),
                            parameter: "model")
                    }
                    out[o * n + i] = v
                }
            }
            kept?.store(x, block: block.index)
            return out
        }
    }

    /// Computes only the blocks `indices` of a ``runVector(inputs:outputCount:iterations:seed:blockSize:workers:correlation:design:tolerance:keepInputs:cancellation:progress:model:)``
    /// run, for a run split over processes or cluster nodes; ``BlockMonteCarlo/assemble(_:outputCount:iterations:seed:blockSize:tolerance:cancelled:)``
    /// puts the blocks of all parts together into exactly the result `runVector` gives.
    public static func runVectorBlocks(
        _ indices: [Int], inputs: [Distribution], outputCount m: Int, iterations: Int, seed: UInt64, blockSize: Int = 1000,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, correlation: RankCorrelation? = nil,
        design: SamplingDesign = .random, cancellation: CancellationFlag? = nil,
        progress: (@Sendable (_ blocksDone: Int, _ blocks: Int) -> Void)? = nil,
        model: @escaping @Sendable ([Double]) throws -> [Double]
    ) async throws -> [MonteCarloBlockOutput] {
        try BlockMonteCarlo.validate(iterations: iterations, blockSize: blockSize, workers: workers, outputCount: m, tolerance: nil)
        let sampler = try InputSampler(inputs: inputs, design: design, correlation: correlation)
        let evaluate: Evaluator = { x, y in
            let out = try model(x)
            guard out.count == m else {
                throw UncertaintyError(.dimensionMismatch, "monte carlo: the model returned \(out.count) values, expected \(m)", parameter: "model")
            }
            for o in 0..<m { y[o] = out[o] }
        }
        return try await BlockMonteCarlo.runBlocks(
            indices, outputCount: m, iterations: iterations, seed: seed, blockSize: blockSize, workers: workers,
            cancellation: cancellation, progress: progress, block: vectorBlock(sampler: sampler, outputCount: m, kept: nil, evaluate: evaluate))
    }

    /// The sampled inputs of each block, kept when `keepInputs` is set (blocks finish out of order).
    private final class KeptInputs: @unchecked Sendable {
        private let lock = NSLock()
        private var byBlock: [Int: SampleMatrix] = [:]
        func store(_ x: SampleMatrix, block: Int) { lock.withLock { byBlock[block] = x } }
        /// The inputs of the first `count` blocks, in block order.
        func blocks(_ count: Int) -> [SampleMatrix] { lock.withLock { (0..<count).map { byBlock[$0]! } } }
    }

    /// Evaluates `model` on every row of `matrix` in parallel blocks; the
    /// result is in row order and independent of `workers`.
    static func evaluate(
        _ matrix: SampleMatrix, blockSize: Int = 1024, workers: Int,
        model: @escaping @Sendable ([Double]) throws -> Double
    ) async throws -> [Double] {
        let n = matrix.rows, k = matrix.columns
        let blocks = (n + blockSize - 1) / blockSize
        @Sendable func compute(_ b: Int) -> (Int, Result<[Double], UncertaintyError>) {
            let start = b * blockSize, end = min(n, start + blockSize)
            var out = [Double](repeating: 0, count: end - start)
            var row = [Double](repeating: 0, count: k)
            for i in start..<end {
                for j in 0..<k { row[j] = matrix.values[j * n + i] }
                do {
                    let v = try model(row)
                    guard v.isFinite else {
                        return (b, .failure(UncertaintyError(.nonFiniteModelOutput, "the model returned \(v) for row \(i)", parameter: "model")))
                    }
                    out[i - start] = v
                } catch {
                    return (b, .failure(UncertaintyError(.modelFailure, "the model threw for row \(i): \(error)", parameter: "model")))
                }
            }
            return (b, .success(out))
        }
        var results = [Result<[Double], UncertaintyError>?](repeating: nil, count: blocks)
        await withTaskGroup(of: (Int, Result<[Double], UncertaintyError>).self) { group in
            var next = 0
            while next < blocks && next < max(1, workers) {
                let b = next
                group.addTask(executorPreference: ComputeThreads.shared) { compute(b) }
                next += 1
            }
            while let (b, r) = await group.next() {
                results[b] = r
                if next < blocks {
                    let nb = next
                    group.addTask(executorPreference: ComputeThreads.shared) { compute(nb) }
                    next += 1
                }
            }
        }
        var out = [Double]()
        out.reserveCapacity(n)
        for r in results {
            switch r! {
            case .success(let v): out.append(contentsOf: v)
            case .failure(let e): throw e
            }
        }
        return out
    }
}

/// Running count, mean and sum of squared deviations, combined block by
/// block with Chan, Golub & LeVeque's pairwise update (deterministic for a
/// fixed block order).
struct RunningMoments: Sendable {
    var count = 0
    var mean = 0.0
    var m2 = 0.0

    mutating func add(_ values: ArraySlice<Double>) {
        guard !values.isEmpty else { return }
        var bm = 0.0
        for v in values { bm += v }
        let nb = Double(values.count)
        bm /= nb
        var bm2 = 0.0
        for v in values { bm2 += (v - bm) * (v - bm) }
        let na = Double(count)
        let delta = bm - mean
        let total = na + nb
        mean += delta * nb / total
        m2 += bm2 + delta * delta * na * nb / total
        count += values.count
    }

    var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }

    var relativeHalfWidth: Double {
        UncertaintySummary.relativeHalfWidth(mean: mean, se: (variance / Double(max(count, 1))).squareRoot())
    }
}
