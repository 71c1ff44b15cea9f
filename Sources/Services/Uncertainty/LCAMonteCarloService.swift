import Foundation
import YuhengAnalysis
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengLCA
import YuhengUncertainty

extension UncertaintyService {
    /// A process's footprint with the exchange uncertainty of its LCI database, as run.
    public struct LCAMonteCarloOutcome: Sendable {
        /// The functional unit's process (id, name, reference unit).
        public let process: ProductColumn
        /// The climate method the footprint is characterised with (e.g. IPCC AR6 GWP100, kg CO2e).
        public let method: ClimateMethod
        /// Which exchanges carry data uncertainty, which the default GSD, which are fixed.
        public let coverage: LCAUncertaintyCoverage
        /// The Monte Carlo result: the deterministic score, the sample summaries (mean, percentiles) and the factorisation counters.
        public let result: SparseLCAMonteCarloResult
        /// Provenance of the LCI database and the GWP dataset.
        public let provenance: [Provenance]
        /// How a distributed run ran (nil in this process).
        public let execution: ExecutionReport?
        /// The GSD assumed for exchanges without uncertainty data (nil: they stay fixed).
        public let defaultGSD: Double?
        /// The assumption the default GSD stands for, in a sentence (nil without one).
        public var assumption: String? {
            defaultGSD.map {
                "\(coverage.defaultGSD) of \(coverage.exchanges) exchanges have no uncertainty data and use the assumed default GSD \($0)"
            }
        }
    }

    /// Monte Carlo of `params.amount` of a process's reference product: in this process with the
    /// services' factorised technosphere, or as a distributed job when `run.executor` is given
    /// (recorded in the job table). An LCI without any usable uncertainty is refused unless a
    /// default GSD is given.
    public func lcaMonteCarlo(_ params: LCAMonteCarloWork.Params, run: Execution = Execution()) async throws -> LCAMonteCarloOutcome {
        try Self.checkIterations(params.run.iterations)
        guard let policy = AllocationPolicy(rawValue: params.allocation) else {
            throw LCAError(
                .invalidArgument, "unknown allocation '\(params.allocation)'", suggestion: "use default, none, physical, economic or causal")
        }
        let lca = services.lca
        let calc = try lca.calculator(params.lci, allocation: policy)
        let method = try lca.method(params.method)
        let column = try calc.column(forProcess: params.process)
        let setup = try LCAMonteCarlo(
            model: calc.model, database: try lca.lci(params.lci), characterization: calc.characterization(method),
            column: column, amount: params.amount, options: LCAUncertaintyOptions(defaultGSD: params.defaultGSD))
        if setup.coverage.technosphereEntries + setup.coverage.biosphereEntries == 0 {
            throw UncertaintyError(
                .emptyInput, "no exchange of \(params.lci) has usable uncertainty data; give a default GSD (e.g. 1.1) to assume one",
                parameter: "default-gsd")
        }
        let provenance = try lca.provenance(database: params.lci, method: params.method)
        let (result, execution) = try await runLCA(params, setup: setup, run: run)
        return LCAMonteCarloOutcome(
            process: calc.model.columns[column], method: method, coverage: setup.coverage, result: result,
            provenance: provenance, execution: execution, defaultGSD: params.defaultGSD)
    }

    private func runLCA(_ params: LCAMonteCarloWork.Params, setup: LCAMonteCarlo, run: Execution) async throws -> (
        SparseLCAMonteCarloResult, ExecutionReport?
    ) {
        guard let executor = run.executor else {
            let r = try await setup.run(
                iterations: params.run.iterations, seed: params.run.seed, workers: run.workers, tolerance: params.run.tolerance,
                cancellation: run.cancellation, progress: run.progress)
            return (r, nil)
        }
        let work = try LCAMonteCarloWork.setup(params, database: services.db)
        let (r, report) = try await services.distributed(
            LCAMonteCarloWork.self, params: params, on: executor, execution: run, databasePath: services.db.path,
            gather: { try LCAMonteCarloWork.gather(params, setup: work, partials: $0) },
            record: { r, report in try Self.record(r.run.summaries[0], deterministic: r.deterministic[0], execution: report) })
        return (r, report)
    }

    /// The summary of a distributed Monte Carlo job as stored in the job table.
    static func record(_ s: UncertaintySummary, deterministic: Double, execution: ExecutionReport) throws -> String {
        struct Record: Encodable {
            let summary: UncertaintySummary
            let deterministic: Double
            let execution: ExecutionReport
            enum K: String, CodingKey { case deterministic, execution }
            func encode(to encoder: any Encoder) throws {
                try summary.encode(to: encoder)
                var c = encoder.container(keyedBy: K.self)
                try c.encode(deterministic, forKey: .deterministic)
                try c.encode(execution, forKey: .execution)
            }
        }
        return String(decoding: try JSONEncoder().encode(Record(summary: s, deterministic: deterministic, execution: execution)), as: UTF8.self)
    }
}
