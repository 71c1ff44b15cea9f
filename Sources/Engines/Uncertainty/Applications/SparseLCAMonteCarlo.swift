import Foundation
import YuhengNumerics

/// The uncertainty of one stored entry of a sparse matrix (or of one of
/// several exchanges summed into that entry).
///
/// The entry's value is `fixed + Σ scale × draw` over the uncertainties
/// attached to it, where `fixed = value − Σ scale × nominal`: `draw` is a
/// sample of `distribution`, the quantity as the data give it (an exchange
/// amount in its own unit, positive), and `scale` maps it into the matrix
/// (unit conversion, allocation share and sign). An entry without
/// uncertainty keeps its value.
///
/// ```swift
/// // technosphere input −0.2 with a lognormal of GSD 1.2 around 0.2
/// let u = try MatrixEntryUncertainty.lognormal(index: 3, value: -0.2, gsd: 1.2)
/// u.scale  // −1; u.distribution = lognormal(mu: ln 0.2, sigma: ln 1.2)
/// ```
public struct MatrixEntryUncertainty: Sendable, Hashable {
    /// Position in ``SparseMatrix/values`` (column-compressed order).
    public var index: Int
    /// The distribution of the amount.
    public var distribution: Distribution
    /// Matrix value per unit of the amount.
    public var scale: Double
    /// The deterministic amount (its contribution `scale × nominal` is replaced by `scale × draw`).
    public var nominal: Double

    /// An entry uncertainty.
    public init(index: Int, distribution: Distribution, scale: Double, nominal: Double) {
        self.index = index
        self.distribution = distribution
        self.scale = scale
        self.nominal = nominal
    }

    /// A lognormal with median |value| and the given geometric standard
    /// deviation; the sign of `value` is kept (the ecoinvent/Brightway
    /// convention for negative amounts).
    ///
    /// - throws: ``UncertaintyError/Code/nonPositiveValue`` for a zero
    ///   value; ``UncertaintyError/Code/invalidParameter`` for a GSD below 1.
    public static func lognormal(index: Int, value: Double, gsd: Double) throws -> MatrixEntryUncertainty {
        let d = try Distribution.lognormal(geometricMean: abs(value), gsd: gsd)
        return MatrixEntryUncertainty(index: index, distribution: d, scale: value < 0 ? -1 : 1, nominal: abs(value))
    }
}

/// Counters of the sparse factorisations done by a Monte Carlo run.
///
/// Each worker's KLU object is analysed once (`klu_analyze`) and then only
/// refactorised numerically (`klu_refactor`) for every iteration:
/// `symbolicAnalyses` is at most the number of factorisation objects, far
/// below the number of iterations.
public struct FactorizationCounters: Sendable, Hashable, Codable {
    /// KLU objects created (one symbolic analysis and one pivoting factorisation each).
    public var factorizationObjects = 0
    /// `klu_analyze` calls.
    public var symbolicAnalyses = 0
    /// Numeric factorisations (`klu_factor` at creation and on repivots, `klu_refactor` per iteration).
    public var numericFactorizations = 0
    /// Refactorisations that had to fall back to a pivoting `klu_factor`.
    public var repivots = 0
    /// Solves A s = f.
    public var solves = 0

    enum CodingKeys: String, CodingKey {
        case factorizationObjects = "factorization_objects"
        case symbolicAnalyses = "symbolic_analyses"
        case numericFactorizations = "numeric_factorizations"
        case repivots, solves
    }

    /// All counters at zero.
    public init() {}
}

/// The result of ``SparseLCAMonteCarlo/run(iterations:seed:blockSize:workers:tolerance:cancellation:progress:)``.
public struct SparseLCAMonteCarloResult: Sendable {
    /// Output names (one per characterisation vector).
    public let outputNames: [String]
    /// The Monte Carlo run: one summary per output.
    public let run: MonteCarloVectorResult
    /// The deterministic scores with the nominal matrices.
    public let deterministic: [Double]
    /// Factorisation counters (they depend on the number of workers; the results do not).
    public let counters: FactorizationCounters
    /// Uncertain technosphere entries sampled per iteration.
    public let technosphereParameters: Int
    /// Uncertain biosphere entries sampled per iteration (those with a
    /// non-zero characterisation factor; the others cannot change a score).
    public let biosphereParameters: Int

    /// A result put together from parts (see ``SparseLCAMonteCarlo/runBlocks(_:iterations:seed:blockSize:workers:cancellation:progress:)``).
    public init(
        outputNames: [String], run: MonteCarloVectorResult, deterministic: [Double], counters: FactorizationCounters,
        technosphereParameters: Int, biosphereParameters: Int
    ) {
        self.outputNames = outputNames
        self.run = run
        self.deterministic = deterministic
        self.counters = counters
        self.technosphereParameters = technosphereParameters
        self.biosphereParameters = biosphereParameters
    }
}

/// Monte Carlo for a matrix LCA, h = C·B·A⁻¹f, with uncertain entries in A
/// and B.
///
/// **Reuse.** A has the same sparsity pattern in every iteration, so it is
/// analysed once per factorisation object (KLU's BTF + AMD ordering) and
/// each iteration only does a numeric refactorisation (`klu_refactor`,
/// ``KLUFactorization/refactor(values:)``) and one solve. The objects are
/// pooled between blocks.
///
/// **Reproducibility.** Iteration blocks use independent random streams
/// (``BlockMonteCarlo``). Every block starts from a factorisation whose pivot
/// order is the one of the nominal matrix (an object that had to repivot is
/// discarded at the end of its block), so results are bit-identical for any
/// number of workers.
///
/// **Biosphere.** Only entries of B in rows with a non-zero characterisation
/// factor are sampled: the others do not enter any score.
///
/// ```swift
/// let mc = try SparseLCAMonteCarlo(technosphere: A, biosphere: B, characterization: [c], demand: f,
///                                  technosphereUncertainty: ta, biosphereUncertainty: tb)
/// let r = try await mc.run(iterations: 1000, seed: 1)
/// r.run.summaries[0].median
/// ```
public final class SparseLCAMonteCarlo: Sendable {
    /// The nominal technosphere matrix (square).
    public let technosphere: SparseMatrix
    /// The nominal biosphere matrix (flows × columns of A).
    public let biosphere: SparseMatrix
    /// Characterisation vectors, one per output, each over the rows of B.
    public let characterization: [[Double]]
    /// Output names.
    public let outputNames: [String]
    /// Final demand f.
    public let demand: [Double]

    private let aFixed: [Double]
    private let techIndex: [Int]
    private let techScale: [Double]
    private let techSampler: CompactSampler
    /// per output, per column: Σ_k c[row_k]·fixed value of B entries
    private let colFixed: [[Double]]
    private let bioColumn: [Int]
    /// per uncertain biosphere entry: scale × c_o[row] for each output (row-major entries × m)
    private let bioWeight: [Double]
    private let bioSampler: CompactSampler
    private let pool = FactorizationPool()

    /// Validates the problem.
    ///
    /// - throws: ``UncertaintyError/Code/dimensionMismatch`` for inconsistent
    ///   shapes; ``UncertaintyError/Code/invalidArgument`` for an index out of
    ///   range or a non-finite scale; ``Distribution/validate()`` errors
    ///   naming the entry; ``UncertaintyError/Code/emptyInput`` without outputs.
    public init(
        technosphere A: SparseMatrix, biosphere B: SparseMatrix, characterization: [[Double]], outputNames: [String]? = nil,
        demand: [Double], technosphereUncertainty: [MatrixEntryUncertainty], biosphereUncertainty: [MatrixEntryUncertainty]
    ) throws {
        guard A.rows == A.columns else {
            throw UncertaintyError(.dimensionMismatch, "lca monte carlo: A is \(A.rows) × \(A.columns), not square", parameter: "technosphere")
        }
        guard B.columns == A.columns else {
            throw UncertaintyError(
                .dimensionMismatch, "lca monte carlo: B has \(B.columns) columns, A has \(A.columns)", parameter: "biosphere")
        }
        guard demand.count == A.rows else {
            throw UncertaintyError(
                .dimensionMismatch, "lca monte carlo: the demand has \(demand.count) entries for \(A.rows) columns", parameter: "demand")
        }
        guard !characterization.isEmpty else {
            throw UncertaintyError(.emptyInput, "lca monte carlo: no characterisation vector", parameter: "characterization")
        }
        for (o, c) in characterization.enumerated() where c.count != B.rows {
            throw UncertaintyError(
                .dimensionMismatch, "lca monte carlo: characterization[\(o)] has \(c.count) factors for \(B.rows) flows",
                parameter: "characterization[\(o)]")
        }
        let names = outputNames ?? (characterization.count == 1 ? ["score"] : (0..<characterization.count).map { "score\($0)" })
        guard names.count == characterization.count else {
            throw UncertaintyError(
                .dimensionMismatch, "lca monte carlo: \(names.count) output names for \(characterization.count) outputs", parameter: "outputNames")
        }
        func check(_ list: [MatrixEntryUncertainty], _ count: Int, _ name: String) throws {
            for (k, e) in list.enumerated() {
                guard e.index >= 0 && e.index < count else {
                    throw UncertaintyError(
                        .invalidArgument, "lca monte carlo: \(name)[\(k)].index = \(e.index) is outside 0..<\(count)", parameter: "\(name)[\(k)]")
                }
                guard e.scale.isFinite, e.nominal.isFinite else {
                    throw UncertaintyError(
                        .nonFiniteValue, "lca monte carlo: \(name)[\(k)] has a non-finite scale or nominal value", parameter: "\(name)[\(k)]")
                }
                do { try e.distribution.validate() } catch let u as UncertaintyError {
                    throw UncertaintyError(u.code, "lca monte carlo: \(name)[\(k)]: \(u.message)", parameter: "\(name)[\(k)]")
                }
            }
        }
        try check(technosphereUncertainty, A.nonZeroCount, "technosphereUncertainty")
        try check(biosphereUncertainty, B.nonZeroCount, "biosphereUncertainty")

        technosphere = A
        biosphere = B
        self.characterization = characterization
        self.outputNames = names
        self.demand = demand
        aFixed = Self.fixedParts(A.values, technosphereUncertainty)
        techIndex = technosphereUncertainty.map(\.index)
        techScale = technosphereUncertainty.map(\.scale)
        techSampler = CompactSampler(technosphereUncertainty.map(\.distribution))

        let m = characterization.count
        let relevantRow = (0..<B.rows).map { r in characterization.contains { $0[r] != 0 } }
        let bFixed = Self.fixedParts(B.values, biosphereUncertainty)
        var columnOf = [Int](repeating: 0, count: B.nonZeroCount)
        var cf = [[Double]](repeating: [Double](repeating: 0, count: B.columns), count: m)
        for j in 0..<B.columns {
            for k in Int(B.columnPointers[j])..<Int(B.columnPointers[j + 1]) {
                columnOf[k] = j
                let r = Int(B.rowIndices[k])
                guard relevantRow[r] else { continue }
                for o in 0..<m { cf[o][j] += characterization[o][r] * bFixed[k] }
            }
        }
        colFixed = cf
        let relevant = biosphereUncertainty.filter { relevantRow[Int(B.rowIndices[$0.index])] }
        bioColumn = relevant.map { columnOf[$0.index] }
        var w = [Double](repeating: 0, count: relevant.count * m)
        for (u, e) in relevant.enumerated() {
            let r = Int(B.rowIndices[e.index])
            for o in 0..<m { w[u * m + o] = e.scale * characterization[o][r] }
        }
        bioWeight = w
        bioSampler = CompactSampler(relevant.map(\.distribution))
    }

    /// `value − Σ scale·nominal` per entry; exactly 0 when one uncertainty explains the whole value.
    static func fixedParts(_ values: [Double], _ list: [MatrixEntryUncertainty]) -> [Double] {
        var fixed = values
        for e in list { fixed[e.index] -= e.scale * e.nominal }
        for e in list where abs(fixed[e.index]) <= 1e-12 * abs(values[e.index]) { fixed[e.index] = 0 }
        return fixed
    }

    /// The number of outputs.
    public var outputCount: Int { characterization.count }

    /// The deterministic scores with the nominal A and B (one factorisation and one solve).
    ///
    /// - throws: ``NumericsError`` if A is singular.
    public func deterministic() throws -> [Double] {
        let klu = try KLUFactorization(technosphere)
        let s = try klu.solve(demand)
        let g = try biosphere.multiply(s)
        return characterization.map { c in zip(c, g).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    /// Runs the Monte Carlo simulation (see the type documentation).
    ///
    /// - throws: as ``BlockMonteCarlo/run(outputCount:iterations:seed:blockSize:workers:tolerance:cancellation:progress:block:)``;
    ///   ``UncertaintyError/Code/modelFailure`` naming the iteration if a
    ///   sampled technosphere matrix is singular.
    public func run(
        iterations: Int, seed: UInt64, blockSize: Int = 100,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        tolerance: Double? = nil, cancellation: CancellationFlag? = nil,
        progress: (@Sendable (_ done: Int, _ total: Int, _ runningMean: Double) -> Void)? = nil
    ) async throws -> SparseLCAMonteCarloResult {
        try BlockMonteCarlo.validate(iterations: iterations, blockSize: blockSize, workers: workers, outputCount: outputCount, tolerance: tolerance)
        let nominal = try deterministic()
        let tally = CounterTally()
        let run = try await BlockMonteCarlo.run(
            outputCount: outputCount, iterations: iterations, seed: seed, blockSize: blockSize, workers: workers,
            tolerance: tolerance, cancellation: cancellation, progress: progress
        ) { [self] block in try self.evaluate(&block, tally: tally) }
        return SparseLCAMonteCarloResult(
            outputNames: outputNames, run: run, deterministic: nominal, counters: tally.counters,
            technosphereParameters: techIndex.count, biosphereParameters: bioColumn.count)
    }

    /// Computes only the blocks `indices` of a ``run(iterations:seed:blockSize:workers:tolerance:cancellation:progress:)``
    /// (one task of a run split over processes or cluster nodes), with the factorisation counters of
    /// this part. ``BlockMonteCarlo/assemble(_:outputCount:iterations:seed:blockSize:tolerance:cancelled:)`` puts the
    /// blocks of all parts together into exactly the result `run` gives.
    public func runBlocks(
        _ indices: [Int], iterations: Int, seed: UInt64, blockSize: Int = 100,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, cancellation: CancellationFlag? = nil,
        progress: (@Sendable (_ blocksDone: Int, _ blocks: Int) -> Void)? = nil
    ) async throws -> (blocks: [MonteCarloBlockOutput], counters: FactorizationCounters) {
        let tally = CounterTally()
        let blocks = try await BlockMonteCarlo.runBlocks(
            indices, outputCount: outputCount, iterations: iterations, seed: seed, blockSize: blockSize, workers: workers,
            cancellation: cancellation, progress: progress
        ) { [self] block in try self.evaluate(&block, tally: tally) }
        return (blocks, tally.counters)
    }

    /// The number of sampled technosphere entries and characterised biosphere entries.
    public var sampledParameters: (technosphere: Int, biosphere: Int) { (techIndex.count, bioColumn.count) }

    private func evaluate(_ block: inout MonteCarloBlock, tally: CounterTally) throws -> [Double]? {
        let m = outputCount, n = block.count
        let lease = try pool.acquire(technosphere, tally: tally)
        let klu = lease.klu
        var healthy = true
        // an object that repivoted (or failed) no longer has the nominal pivot order: drop it
        defer { pool.release(lease, healthy: healthy && klu.repivotCount == lease.repivotBaseline, tally: tally) }
        var out = [Double](repeating: 0, count: n * m)
        var values = aFixed
        let bioCount = bioColumn.count
        var draws = [Double](repeating: 0, count: bioCount)
        for i in 0..<n {
            if i & 7 == 7 && block.isCancelled { return nil }
            // technosphere
            for k in 0..<values.count { values[k] = aFixed[k] }
            for t in 0..<techIndex.count {
                values[techIndex[t]] += techScale[t] * techSampler.quantile(t, block.rng.nextUniform())
            }
            for u in 0..<bioCount { draws[u] = bioSampler.quantile(u, block.rng.nextUniform()) }
            let s: [Double]
            do {
                let before = (klu.numericFactorizationCount, klu.repivotCount)
                defer {
                    lease.numeric += klu.numericFactorizationCount - before.0
                    lease.repivots += klu.repivotCount - before.1
                }
                try klu.refactor(values: values)
                s = try klu.solve(demand)
                lease.solves += 1
            } catch {
                healthy = false
                throw UncertaintyError(
                    .modelFailure, "lca monte carlo: iteration \(block.start + i): the sampled technosphere matrix could not be solved (\(error))",
                    parameter: "technosphere")
            }
            for o in 0..<m {
                var h = 0.0
                let cf = colFixed[o]
                for j in 0..<s.count where cf[j] != 0 { h += cf[j] * s[j] }
                for u in 0..<bioCount { h += bioWeight[u * m + o] * draws[u] * s[bioColumn[u]] }
                out[o * n + i] = h
            }
        }
        return out
    }
}

// MARK: - Internals

/// A per-entry sampler with fast paths for the normal and lognormal.
struct CompactSampler: Sendable {
    private let kind: [UInt8] // 0 constant, 1 normal, 2 lognormal, 3 other
    private let p1: [Double]
    private let p2: [Double]
    private let other: [Int: QuantileFunction]

    init(_ distributions: [Distribution]) {
        var kind = [UInt8](), p1 = [Double](), p2 = [Double](), other: [Int: QuantileFunction] = [:]
        kind.reserveCapacity(distributions.count)
        for (i, d) in distributions.enumerated() {
            switch d {
            case .constant(let v):
                kind.append(0); p1.append(v); p2.append(0)
            case .normal(let m, let sd):
                kind.append(sd == 0 ? 0 : 1); p1.append(m); p2.append(sd)
            case .lognormal(let mu, let sigma):
                if sigma == 0 { kind.append(0); p1.append(exp(mu)); p2.append(0) } else { kind.append(2); p1.append(mu); p2.append(sigma) }
            default:
                kind.append(3); p1.append(0); p2.append(0)
                other[i] = QuantileFunction(d)
            }
        }
        self.kind = kind
        self.p1 = p1
        self.p2 = p2
        self.other = other
    }

    @inline(__always)
    func quantile(_ i: Int, _ u: Double) -> Double {
        switch kind[i] {
        case 0: return p1[i]
        case 1: return p1[i] + p2[i] * StandardNormal.quantile(u)
        case 2: return exp(p1[i] + p2[i] * StandardNormal.quantile(u))
        default: return other[i]!.quantile(u)
        }
    }
}

/// A KLU object lent to one block at a time.
final class FactorizationLease: @unchecked Sendable {
    let klu: KLUFactorization
    let repivotBaseline: Int
    var numeric = 0
    var repivots = 0
    var solves = 0

    init(_ klu: KLUFactorization) {
        self.klu = klu
        self.repivotBaseline = klu.repivotCount
    }
}

/// Pool of factorisations of one matrix pattern, all with the nominal pivot order.
/// The factorisation work of one run (runs sharing an engine, and its pool, count apart).
final class CounterTally: @unchecked Sendable {
    private let lock = NSLock()
    private var value = FactorizationCounters()
    func add(_ c: FactorizationCounters) { lock.withLock { value.add(c) } }
    var counters: FactorizationCounters { lock.withLock { value } }
}

extension FactorizationCounters {
    /// Adds another run's counts (parts of one run, or several runs).
    public mutating func add(_ c: FactorizationCounters) {
        factorizationObjects += c.factorizationObjects
        symbolicAnalyses += c.symbolicAnalyses
        numericFactorizations += c.numericFactorizations
        repivots += c.repivots
        solves += c.solves
    }
}

final class FactorizationPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [FactorizationLease] = []
    private var totals = FactorizationCounters()

    var counters: FactorizationCounters {
        lock.lock()
        defer { lock.unlock() }
        return totals
    }

    func acquire(_ a: SparseMatrix, tally: CounterTally) throws -> FactorizationLease {
        lock.lock()
        if let l = idle.popLast() {
            lock.unlock()
            return l
        }
        lock.unlock()
        let klu = try KLUFactorization(a)
        let lease = FactorizationLease(klu)
        var new = FactorizationCounters()
        new.factorizationObjects = 1
        new.symbolicAnalyses = klu.symbolicAnalysisCount
        new.numericFactorizations = klu.numericFactorizationCount
        lock.lock()
        totals.add(new)
        lock.unlock()
        tally.add(new)
        return lease
    }

    func release(_ lease: FactorizationLease, healthy: Bool, tally: CounterTally) {
        lock.lock()
        defer { lock.unlock() }
        var used = FactorizationCounters()
        used.numericFactorizations = lease.numeric
        used.repivots = lease.repivots
        used.solves = lease.solves
        totals.add(used)
        tally.add(used)
        lease.numeric = 0
        lease.repivots = 0
        lease.solves = 0
        if healthy { idle.append(lease) }
    }
}
