import Foundation
import YuhengAnalysis
import YuhengCore
import YuhengData
import YuhengLCA
import YuhengMRIO
import YuhengNumerics
import YuhengUncertainty

/// The Monte Carlo part of a job's parameters: the same for every Monte Carlo kind.
public struct MonteCarloRunParams: Codable, Sendable, Hashable {
    /// Total number of Monte Carlo iterations (an upper bound when `tolerance` stops the run early).
    public var iterations: Int
    /// Seed of the random streams; with the same seed and `blockSize` the result is identical on any executor.
    public var seed: UInt64
    /// Iterations per block (the unit of tasks and of reproducibility: results depend on it, not on the number of tasks).
    public var blockSize: Int
    /// Relative half-width of the 95 % CI of the mean at which the result stops (applied when gathering).
    public var tolerance: Double?

    /// Run parameters; `tolerance` nil runs all `iterations`.
    public init(iterations: Int, seed: UInt64, blockSize: Int, tolerance: Double? = nil) {
        self.iterations = iterations
        self.seed = seed
        self.blockSize = blockSize
        self.tolerance = tolerance
    }

    enum CodingKeys: String, CodingKey {
        case iterations, seed, tolerance
        case blockSize = "block_size"
    }

    var blocks: Int { BlockMonteCarlo.blockCount(iterations: iterations, blockSize: blockSize) }

    func validate() throws {
        guard iterations > 0, blockSize > 0 else {
            throw ComputingError(.invalidParameters, "iterations (\(iterations)) and block_size (\(blockSize)) must be positive")
        }
        if let t = tolerance, !(t > 0 && t.isFinite) {
            throw ComputingError(.invalidParameters, "tolerance \(t) must be a positive number")
        }
    }
}

/// The parameters of a Monte Carlo work kind that have a `run`.
protocol MonteCarloWorkParams: Encodable {
    var run: MonteCarloRunParams { get set }
}

/// The key of a task's cached setup: the parameters without the run (seed, iterations, blocks),
/// which the setup does not depend on.
func setupKey<P: MonteCarloWorkParams>(_ p: P) throws -> String {
    var q = p
    q.run = MonteCarloRunParams(iterations: 1, seed: 0, blockSize: 1)
    return String(decoding: try TaskFiles.encoder.encode(q), as: UTF8.self)
}

extension TaskContext {
    /// The progress callback in the form the Monte Carlo engines call it.
    var blockProgress: (@Sendable (_ blocksDone: Int, _ blocks: Int) -> Void)? {
        guard let f = progress else { return nil }
        return { done, _ in f(done) }
    }
}

/// A Monte Carlo task's result: its blocks, and the factorisation counters where there are any.
public struct MonteCarloPartial: Codable, Sendable {
    /// The blocks this task computed, each with its sampled outputs encoded exactly.
    public var blocks: [EncodedBlock]
    /// LU factorisations and reuses of this task (sparse LCA kinds); nil for kinds without a factorisation.
    public var counters: FactorizationCounters?

    /// The blocks of every task, decoded.
    public static func blocks(_ partials: [MonteCarloPartial]) throws -> [MonteCarloBlockOutput] {
        try partials.flatMap { try $0.blocks.map { try $0.decoded() } }
    }

    /// The factorisation work of every task, summed.
    public static func counters(_ partials: [MonteCarloPartial]) -> FactorizationCounters {
        partials.compactMap(\.counters).reduce(into: FactorizationCounters()) { $0.add($1) }
    }
}

extension MonteCarloRunParams {
    /// Puts the tasks' blocks together (exactly the single-process result).
    func assemble(_ partials: [MonteCarloPartial], outputCount: Int) throws -> MonteCarloVectorResult {
        let blocks = try MonteCarloPartial.blocks(partials)
        return try BlockMonteCarlo.assemble(
            blocks, outputCount: outputCount, iterations: iterations, seed: seed, blockSize: blockSize, tolerance: tolerance)
    }
}

// MARK: - LCA

/// Monte Carlo of a process's carbon footprint over an LCI database in the Yuheng database (the
/// distributed form of `yuheng lca montecarlo`).
public enum LCAMonteCarloWork: DistributedWork {
    /// The kind's name in task files and job records.
    public static let kind = "lca-montecarlo"

    /// What a distributed LCA Monte Carlo job computes (JSON keys in snake_case: `default_gsd`).
    public struct Params: Codable, Sendable, Hashable, MonteCarloWorkParams {
        /// Identifier of the LCI database in the Yuheng database (default: the bundled US LCI).
        public var lci: String
        /// The process whose footprint is sampled: its identifier or exact name in the LCI database.
        public var process: String
        /// Amount of the process's reference product in the functional unit (in the process's reference unit).
        public var amount: Double
        /// Characterisation method identifier, e.g. "ipcc-ar6-gwp100" (results in kg CO2e).
        public var method: String
        /// Allocation of multi-output processes: "default", "none", "physical", "economic" or "causal".
        public var allocation: String
        /// Geometric standard deviation assumed for exchanges without uncertainty data; nil samples only the documented ones.
        public var defaultGSD: Double?
        /// Iterations, seed, block size and tolerance.
        public var run: MonteCarloRunParams

        /// Parameters with the bundled LCI, 1 unit of the process, IPCC AR6 GWP100 and the database's default allocation.
        public init(
            lci: String = BundledLCI.id, process: String, amount: Double = 1, method: String = "ipcc-ar6-gwp100",
            allocation: String = "default", defaultGSD: Double? = nil, run: MonteCarloRunParams
        ) {
            self.lci = lci
            self.process = process
            self.amount = amount
            self.method = method
            self.allocation = allocation
            self.defaultGSD = defaultGSD
            self.run = run
        }

        enum CodingKeys: String, CodingKey {
            case lci, process, amount, method, allocation, run
            case defaultGSD = "default_gsd"
        }
    }

    /// Everything both sides build from the parameters.
    public struct Setup: Sendable {
        /// The technosphere model (A and B matrices) of the LCI database under the chosen allocation.
        public let model: TechnosphereModel
        /// Column of the technosphere matrix for the studied process.
        public let column: Int
        /// The characterisation method applied to the biosphere flows.
        public let method: ClimateMethod
        /// The sampler: uncertain entries of A and B and the sparse Monte Carlo engine.
        public let monteCarlo: LCAMonteCarlo
        /// Sources of the LCI database and the method, reported with the result.
        public let provenance: [Provenance]
    }

    /// Builds the model and the uncertain entries (throws the engines' clear errors for an unknown
    /// process, method or allocation, or when no exchange is uncertain).
    public static func setup(_ p: Params, database db: YuhengDatabase) throws -> Setup {
        let c = try LCAContext(lci: p.lci, allocation: p.allocation, method: p.method, database: db)
        let j = try c.calculator.column(forProcess: p.process)
        let mc = try LCAMonteCarlo(
            model: c.model, database: c.lci, characterization: c.calculator.characterization(c.method), column: j,
            amount: p.amount, options: LCAUncertaintyOptions(defaultGSD: p.defaultGSD))
        let cov = mc.coverage
        if cov.technosphereEntries + cov.biosphereEntries == 0 {
            throw UncertaintyError(
                .emptyInput, "no exchange of \(c.lci.name) has usable uncertainty data; give a default GSD (e.g. 1.1) to assume one",
                parameter: "default-gsd")
        }
        return Setup(model: c.model, column: j, method: c.method, monteCarlo: mc, provenance: c.provenance)
    }

    /// Validates the run and returns its number of blocks (the units of this kind).
    /// - Throws: ``ComputingError`` when iterations or block size are not positive or the tolerance is not a positive number.
    public static func unitCount(_ p: Params) throws -> Int {
        try p.run.validate()
        return p.run.blocks
    }

    /// Computes the given blocks on the task's threads, building (or reusing) the setup cached in this process.
    public static func run(_ p: Params, units: [Int], context: TaskContext) async throws -> MonteCarloPartial {
        let key = try setupKey(p)
        let db = try context.database()
        let s = try context.cached("lca-mc " + key) { try setup(p, database: db) }
        let (blocks, counters) = try await s.monteCarlo.engine.runBlocks(
            units, iterations: p.run.iterations, seed: p.run.seed, blockSize: p.run.blockSize, workers: context.threads,
            cancellation: context.cancellation, progress: context.blockProgress)
        return MonteCarloPartial(blocks: blocks.map(EncodedBlock.init), counters: counters)
    }

    /// The job's result from its partials: exactly what `LCAMonteCarlo.run` gives in one process
    /// (the factorisation counters are the sum over the tasks).
    public static func gather(_ p: Params, setup s: Setup, partials: [MonteCarloPartial]) throws -> SparseLCAMonteCarloResult {
        let run = try p.run.assemble(partials, outputCount: 1)
        let counters = MonteCarloPartial.counters(partials)
        let sampled = s.monteCarlo.engine.sampledParameters
        return SparseLCAMonteCarloResult(
            outputNames: ["total"], run: run, deterministic: try s.monteCarlo.engine.deterministic(), counters: counters,
            technosphereParameters: sampled.technosphere, biosphereParameters: sampled.biosphere)
    }
}

// MARK: - MRIO

/// Monte Carlo of consumption-based totals with uncertain stressor intensities (the distributed
/// form of `yuheng mrio montecarlo`).
public enum MRIOMonteCarloWork: DistributedWork {
    /// The kind's name in task files and job records.
    public static let kind = "mrio-montecarlo"

    /// What a distributed MRIO Monte Carlo job computes: consumption-based totals with lognormal stressor intensities.
    public struct Params: Codable, Sendable, Hashable, MonteCarloWorkParams {
        /// An MRIO folder (absolute path, readable on every node); nil = the bundled WIOD 2011 table.
        public var mrio: String?
        /// Layout of the `mrio` folder (pymrio, EXIOBASE, ...); `.auto` detects it.
        public var format: MRIOFormat
        /// Satellite account whose stressor is sampled; nil takes the table's first extension.
        public var `extension`: String?
        /// Stressor row of that extension, e.g. "CO2"; nil takes the extension's first.
        public var stressor: String?
        /// Geometric standard deviation of every stressor intensity S = F·diag(1/x) (at least 1).
        public var gsd: Double
        /// Whether a column of A summing to 1 or more (negative value added) is an error rather than a warning.
        public var strict: Bool
        /// Iterations, seed, block size and tolerance.
        public var run: MonteCarloRunParams

        /// Parameters for the bundled WIOD 2011 table and its first extension and stressor unless named.
        public init(
            mrio: String? = nil, format: MRIOFormat = .auto, extension: String? = nil, stressor: String? = nil, gsd: Double,
            strict: Bool = false, run: MonteCarloRunParams
        ) {
            self.mrio = mrio
            self.format = format
            self.extension = `extension`
            self.stressor = stressor
            self.gsd = gsd
            self.strict = strict
            self.run = run
        }
    }

    /// Loads the table and prepares the sampler: one LU of (I − A), X = L·Y and the intensities.
    /// - Throws: the loader's ``MRIOError`` for an unreadable folder, an unknown extension or stressor, a singular system;
    ///   ``UncertaintyError`` for a GSD below 1.
    public static func setup(_ p: Params) throws -> MRIOMonteCarlo {
        let system = try p.mrio.map { try MRIOTables.load($0, format: p.format) } ?? BundledMRIO.load()
        return try MRIOMonteCarlo(system: system, extension: p.extension, stressor: p.stressor, gsd: p.gsd, strictColumnSums: p.strict)
    }

    /// Validates the run and returns its number of blocks (the units of this kind).
    /// - Throws: ``ComputingError`` when iterations or block size are not positive or the tolerance is not a positive number.
    public static func unitCount(_ p: Params) throws -> Int {
        try p.run.validate()
        return p.run.blocks
    }

    /// Computes the given blocks on the task's threads, reusing the sampler cached in this process.
    public static func run(_ p: Params, units: [Int], context: TaskContext) async throws -> MonteCarloPartial {
        let key = try setupKey(p)
        let s = try context.cached("mrio-mc " + key) { try setup(p) }
        let blocks = try await s.runBlocks(
            units, iterations: p.run.iterations, seed: p.run.seed, blockSize: p.run.blockSize, workers: context.threads,
            cancellation: context.cancellation, progress: context.blockProgress)
        return MonteCarloPartial(blocks: blocks.map(EncodedBlock.init), counters: nil)
    }

    /// The job's result from its partials: exactly what one process would give for the same seed and block size.
    public static func gather(_ p: Params, setup s: MRIOMonteCarlo, partials: [MonteCarloPartial]) throws -> MRIOMonteCarloResult {
        let blocks = try MonteCarloPartial.blocks(partials)
        return try s.assemble(blocks, iterations: p.run.iterations, seed: p.run.seed, blockSize: p.run.blockSize, tolerance: p.run.tolerance)
    }
}

// MARK: - Matrix files (the LCA benchmark's system)

/// Monte Carlo of h = c·B·A⁻¹f on Matrix Market files (`A.mtx`, `B.mtx`, `c.csv`, as the
/// benchmark generator writes them): every off-diagonal A entry and every B entry lognormal with
/// median = the value. Tasks read the files from the shared folder.
public enum MatrixMonteCarloWork: DistributedWork {
    /// The kind's name in task files and job records.
    public static let kind = "mtx-montecarlo"

    /// What a Matrix Market Monte Carlo job computes (the LCA benchmark's system).
    public struct Params: Codable, Sendable, Hashable {
        /// The folder with A.mtx, B.mtx and c.csv (absolute path, readable on every node).
        public var dir: String
        /// Geometric standard deviation of every sampled entry (lognormal with median = the file's value).
        public var gsd: Double
        /// The functional unit: an activity index.
        public var fu: Int
        /// Iterations, seed, block size and tolerance.
        public var run: MonteCarloRunParams

        /// Parameters for the folder `dir`; `fu` is the activity with demand 1 (default: the first).
        public init(dir: String, gsd: Double, fu: Int = 0, run: MonteCarloRunParams) {
            self.dir = dir
            self.gsd = gsd
            self.fu = fu
            self.run = run
        }
    }

    /// The matrices of a benchmark folder.
    public struct Matrices: Sendable {
        /// Technosphere matrix A (activities × activities), from A.mtx.
        public let A: SparseMatrix
        /// Biosphere matrix B (flows × activities), from B.mtx.
        public let B: SparseMatrix
        /// Characterisation factors per biosphere flow (one impact category), from c.csv; flows not listed are 0.
        public let c: [Double]
    }

    /// Reads A.mtx, B.mtx and c.csv (`index,value` rows after a header).
    public static func load(dir: String) throws -> Matrices {
        let url = URL(fileURLWithPath: dir)
        func read(_ name: String) throws -> Data {
            guard let d = FileManager.default.contents(atPath: url.appendingPathComponent(name).path) else {
                throw ComputingError(
                    .invalidParameters, "cannot read \(name) in \(dir)",
                    suggestion: "the folder must hold A.mtx, B.mtx and c.csv and be readable on every node")
            }
            return d
        }
        let A = try MatrixMarket.parse(try read("A.mtx"))
        let B = try MatrixMarket.parse(try read("B.mtx"))
        var c = [Double](repeating: 0, count: B.rows)
        for (k, line) in String(decoding: try read("c.csv"), as: UTF8.self).split(separator: "\n").dropFirst().enumerated() {
            let p = line.split(separator: ",")
            guard p.count == 2, let i = Int(p[0]), let v = Double(p[1]), i >= 0, i < c.count else {
                throw ComputingError(.invalidParameters, "c.csv line \(k + 2): expected 'index,value' with an index in 0..<\(c.count)")
            }
            c[i] = v
        }
        return Matrices(A: A, B: B, c: c)
    }

    /// The uncertain entries: lognormal with the given GSD on every off-diagonal non-zero of A and every non-zero of B.
    public static func entries(_ m: Matrices, gsd: Double) throws -> ([MatrixEntryUncertainty], [MatrixEntryUncertainty]) {
        let A = m.A, B = m.B
        var ta: [MatrixEntryUncertainty] = []
        for j in 0..<A.columns {
            for k in Int(A.columnPointers[j])..<Int(A.columnPointers[j + 1]) where Int(A.rowIndices[k]) != j && A.values[k] != 0 {
                ta.append(try .lognormal(index: k, value: A.values[k], gsd: gsd))
            }
        }
        let tb = try B.values.indices.filter { B.values[$0] != 0 }.map {
            try MatrixEntryUncertainty.lognormal(index: $0, value: B.values[$0], gsd: gsd)
        }
        return (ta, tb)
    }

    /// Loads the matrices and builds the sparse sampler for the demand vector with 1 at `fu`.
    /// - Throws: ``ComputingError`` for unreadable files, a malformed c.csv or a functional unit out of range.
    public static func setup(_ p: Params) throws -> SparseLCAMonteCarlo {
        let m = try load(dir: p.dir)
        guard p.fu >= 0 && p.fu < m.A.rows else {
            throw ComputingError(.invalidParameters, "the functional unit \(p.fu) is outside 0..<\(m.A.rows)")
        }
        var f = [Double](repeating: 0, count: m.A.rows)
        f[p.fu] = 1
        let (ta, tb) = try entries(m, gsd: p.gsd)
        return try SparseLCAMonteCarlo(
            technosphere: m.A, biosphere: m.B, characterization: [m.c], demand: f,
            technosphereUncertainty: ta, biosphereUncertainty: tb)
    }

    /// Validates the run and returns its number of blocks (the units of this kind).
    /// - Throws: ``ComputingError`` when iterations or block size are not positive or the tolerance is not a positive number.
    public static func unitCount(_ p: Params) throws -> Int {
        try p.run.validate()
        return p.run.blocks
    }

    /// Computes the given blocks on the task's threads, reusing the sampler cached in this process.
    public static func run(_ p: Params, units: [Int], context: TaskContext) async throws -> MonteCarloPartial {
        let key = "mtx-mc \(p.dir) \(p.gsd) \(p.fu)"
        let s = try context.cached(key) { try setup(p) }
        let (blocks, counters) = try await s.runBlocks(
            units, iterations: p.run.iterations, seed: p.run.seed, blockSize: p.run.blockSize, workers: context.threads,
            cancellation: context.cancellation, progress: context.blockProgress)
        return MonteCarloPartial(blocks: blocks.map(EncodedBlock.init), counters: counters)
    }

    /// The job's result from its partials: exactly the single-process result; factorisation counters are summed over tasks.
    public static func gather(_ p: Params, setup s: SparseLCAMonteCarlo, partials: [MonteCarloPartial]) throws -> SparseLCAMonteCarloResult {
        let run = try p.run.assemble(partials, outputCount: 1)
        let counters = MonteCarloPartial.counters(partials)
        let sampled = s.sampledParameters
        return SparseLCAMonteCarloResult(
            outputNames: ["total"], run: run, deterministic: try s.deterministic(), counters: counters,
            technosphereParameters: sampled.technosphere, biosphereParameters: sampled.biosphere)
    }
}
