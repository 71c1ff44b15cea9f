import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics
import YuhengUncertainty

/// Monte Carlo of consumption-based accounts with uncertain stressor
/// intensities.
///
/// Per region c, D_cba[c] = Σ_i s_i · X[i, c] + F_Y[c], with X = L·Y_agg
/// (n × R). M = S·L is linear in S and (I − A) does not change, so the LU is
/// computed once, X once (R solves), and every iteration is a sum over the
/// region-sectors with sampled intensities s_i = S_i · m_i, where m_i is a
/// lognormal multiplier with median 1 and the given GSD (independent per
/// region-sector; zero intensities stay zero; F_Y is kept fixed).
///
/// ```swift
/// let mc = try MRIOMonteCarlo(system: try BundledMRIO.load(), stressor: "CO2", gsd: 1.2)
/// let r = try await mc.run(iterations: 2000, seed: 1)
/// r.byRegion["CHN"]?.p97_5
/// ```
public struct MRIOMonteCarlo: Sendable {
    /// Name of the input-output system (``MRIOSystem/name``).
    public let system: String
    /// Region labels of the system, the order of outputs 1…R.
    public let regions: [String]
    /// Name of the satellite account (extension) the stressor comes from.
    public let extensionName: String
    /// The stressor row whose consumption-based account is simulated, as spelled in the extension.
    public let stressor: String
    /// Unit of the stressor and of every output, e.g. "kg" or "kt CO2e" (empty when the extension gives none).
    public let unit: String
    /// The geometric standard deviation of the intensity multipliers.
    public let gsd: Double
    /// Deterministic D_cba per region (as ``MRIOEngine/accounts(_:options:)`` computes it).
    public let deterministic: [Double]
    /// Region-sectors with a non-zero intensity (the uncertain inputs).
    public let uncertainSectors: Int
    /// Outputs: "World" (the running estimate of progress reports), then one per region.
    public var outputNames: [String] { ["World"] + regions }

    /// per uncertain input: region-sector index
    private let sectorIndex: [Int]
    /// per uncertain input, per region: S_i · X[i, c] (row-major inputs × R)
    private let weights: [Double]
    private let fy: [Double]

    /// Prepares the run: one LU of (I − A), X = L·Y_agg, S = F·diag(1/x).
    ///
    /// - parameters:
    ///   - extension: the satellite account (default: the first).
    ///   - stressor: the stressor row (default: the first of the extension).
    ///   - gsd: geometric standard deviation of every intensity (at least 1; 1 draws every intensity at its value).
    /// - throws: ``UncertaintyError/Code/invalidParameter`` for a GSD below 1;
    ///   ``MRIOError`` for an unknown extension or stressor or a singular system.
    public init(system: MRIOSystem, extension name: String? = nil, stressor: String? = nil, gsd: Double, strictColumnSums: Bool = false) throws {
        guard gsd.isFinite, gsd >= 1 else {
            throw UncertaintyError(.invalidParameter, "mrio monte carlo: gsd = \(gsd) must be at least 1", parameter: "gsd")
        }
        let ext: MRIOExtension
        if let name {
            guard let e = system.extensions.first(where: { $0.name == name || $0.name.lowercased() == name.lowercased() }) else {
                throw MRIOError(
                    .unknownExtension, "no extension '\(name)' in \(system.name)",
                    suggestion: "available: \(system.extensions.map(\.name).joined(separator: ", "))")
            }
            ext = e
        } else {
            guard let e = system.extensions.first else { throw MRIOError(.missingData, "the MRIO has no extensions (satellite accounts)") }
            ext = e
        }
        let k: Int
        if let stressor {
            guard let i = ext.stressors.firstIndex(where: { $0 == stressor || $0.lowercased() == stressor.lowercased() }) else {
                throw MRIOError(
                    .unknownStressor, "no stressor '\(stressor)' in extension \(ext.name)",
                    suggestion: "available: \(ext.stressors.prefix(20).joined(separator: ", "))")
            }
            k = i
        } else {
            guard !ext.stressors.isEmpty else { throw MRIOError(.missingData, "extension \(ext.name) has no stressors") }
            k = 0
        }
        let model = try LeontiefModel(system, keepA: false, strictColumnSums: strictColumnSums)
        let X = try model.leontief(MRIOEngine.aggregateFinalDemand(system)) // n × R
        let S = model.intensities(ext.F)
        let n = system.n, R = system.regions.count, C = system.finalDemandCategories.count
        var fy = [Double](repeating: 0, count: R)
        if let FY = ext.FY { for c in 0..<R { for cat in 0..<C { fy[c] += FY[k, c * C + cat] } } }
        var idx: [Int] = [], w: [Double] = []
        var det = fy
        for i in 0..<n {
            let s = S[k, i]
            guard s != 0 else { continue }
            idx.append(i)
            for c in 0..<R {
                let v = s * X[i, c]
                w.append(v)
                det[c] += v
            }
        }
        self.system = system.name
        self.regions = system.regions
        self.extensionName = ext.name
        self.stressor = ext.stressors[k]
        self.unit = k < ext.units.count ? ext.units[k] : ""
        self.gsd = gsd
        self.deterministic = det
        self.uncertainSectors = idx.count
        self.sectorIndex = idx
        self.weights = w
        self.fy = fy
    }

    /// The world total and the per-region totals for one draw of the multipliers.
    public func evaluate(_ m: [Double]) -> [Double] {
        let R = regions.count
        var out = [0] + fy
        out.withUnsafeMutableBufferPointer { o in
            weights.withUnsafeBufferPointer { w in
                for u in 0..<m.count {
                    let mu = m[u]
                    let base = u * R
                    for c in 0..<R { o[c + 1] += w[base + c] * mu }
                }
            }
            var world = 0.0
            for c in 1...R { world += o[c] }
            o[0] = world
        }
        return out
    }

    /// Runs the Monte Carlo simulation (reproducible for any number of workers).
    ///
    /// - throws: ``UncertaintyError/Code/emptyInput`` if every intensity is zero; errors of ``MonteCarlo``.
    public func run(
        iterations: Int, seed: UInt64, blockSize: Int = 1000, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        tolerance: Double? = nil, cancellation: CancellationFlag? = nil,
        progress: (@Sendable (_ done: Int, _ total: Int, _ runningMean: Double) -> Void)? = nil
    ) async throws -> MRIOMonteCarloResult {
        guard uncertainSectors > 0 else {
            throw UncertaintyError(.emptyInput, "mrio monte carlo: every intensity of \(stressor) is zero", parameter: "stressor")
        }
        let d = Distribution.lognormal(mu: 0, sigma: log(gsd))
        let me = self
        let run = try await MonteCarlo.runVector(
            inputs: [Distribution](repeating: d, count: uncertainSectors), outputCount: regions.count + 1, iterations: iterations,
            seed: seed, blockSize: blockSize, workers: workers, tolerance: tolerance, cancellation: cancellation,
            progress: progress
        ) { m in me.evaluate(m) }
        return MRIOMonteCarloResult(
            regions: regions, deterministic: [deterministic.reduce(0, +)] + deterministic, summaries: run.summaries, run: run)
    }
}

extension MRIOMonteCarlo {
    /// Computes only the blocks `indices` of ``run(iterations:seed:blockSize:workers:tolerance:cancellation:progress:)``
    /// (one task of a run split over processes or cluster nodes); ``assemble(_:iterations:seed:blockSize:tolerance:)``
    /// puts the parts together into exactly the result `run` gives.
    public func runBlocks(
        _ indices: [Int], iterations: Int, seed: UInt64, blockSize: Int = 1000,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, cancellation: CancellationFlag? = nil,
        progress: (@Sendable (_ blocksDone: Int, _ blocks: Int) -> Void)? = nil
    ) async throws -> [MonteCarloBlockOutput] {
        guard uncertainSectors > 0 else {
            throw UncertaintyError(.emptyInput, "mrio monte carlo: every intensity of \(stressor) is zero", parameter: "stressor")
        }
        let me = self
        return try await MonteCarlo.runVectorBlocks(
            indices, inputs: [Distribution](repeating: .lognormal(mu: 0, sigma: log(gsd)), count: uncertainSectors),
            outputCount: regions.count + 1, iterations: iterations, seed: seed, blockSize: blockSize, workers: workers,
            cancellation: cancellation, progress: progress
        ) { m in me.evaluate(m) }
    }

    /// The result of a run from its blocks (see ``runBlocks(_:iterations:seed:blockSize:workers:cancellation:progress:)``).
    public func assemble(_ blocks: [MonteCarloBlockOutput], iterations: Int, seed: UInt64, blockSize: Int = 1000, tolerance: Double? = nil) throws
        -> MRIOMonteCarloResult
    {
        let run = try BlockMonteCarlo.assemble(
            blocks, outputCount: regions.count + 1, iterations: iterations, seed: seed, blockSize: blockSize, tolerance: tolerance)
        return MRIOMonteCarloResult(regions: regions, deterministic: [deterministic.reduce(0, +)] + deterministic, summaries: run.summaries, run: run)
    }
}

/// The result of ``MRIOMonteCarlo/run(iterations:seed:blockSize:workers:tolerance:cancellation:progress:)``.
public struct MRIOMonteCarloResult: Sendable {
    /// The regions (outputs 1...R; output 0 is the world total).
    public let regions: [String]
    /// Deterministic world total, then D_cba per region.
    public let deterministic: [Double]
    /// The world's summary, then one per region.
    public let summaries: [UncertaintySummary]
    /// The full vector run: per-output summaries, the output samples (N × (R + 1)), blocks, convergence and cancellation.
    public let run: MonteCarloVectorResult

    /// Summaries by region name (and "World").
    public var byRegion: [String: UncertaintySummary] {
        Dictionary(uniqueKeysWithValues: (["World"] + regions).enumerated().map { ($1, summaries[$0]) })
    }
}
