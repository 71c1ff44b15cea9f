import Foundation
import YuhengAnalysis
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengUncertainty

extension UncertaintyService {
    /// Consumption-based totals per region with uncertain stressor intensities, as run.
    public struct MRIOMonteCarloOutcome: Sendable {
        /// The table, extension, stressor, unit and the number of uncertain intensities.
        public let setup: MRIOMonteCarlo
        /// Summaries: the world first, then every region of `result.regions`.
        public let result: MRIOMonteCarloResult
        /// Where and how long the distributed job ran (executor, tasks, nodes); nil for an in-process run.
        public let execution: ExecutionReport?
    }

    /// Monte Carlo of consumption-based accounts (every non-zero intensity lognormal with median 1
    /// and the GSD of `params`): in this process, or as a distributed job when `run.executor` is given.
    /// A table path is made absolute so that tasks on other nodes find it.
    public func mrioMonteCarlo(_ params: MRIOMonteCarloWork.Params, run: Execution = Execution()) async throws -> MRIOMonteCarloOutcome {
        try Self.checkIterations(params.run.iterations)
        var p = params
        if let m = p.mrio, FileManager.default.fileExists(atPath: m) { p.mrio = URL(fileURLWithPath: m).standardizedFileURL.path }
        let setup = try MRIOMonteCarloWork.setup(p)
        guard let executor = run.executor else {
            let r = try await setup.run(
                iterations: p.run.iterations, seed: p.run.seed, workers: run.workers, tolerance: p.run.tolerance,
                cancellation: run.cancellation, progress: run.progress)
            return MRIOMonteCarloOutcome(setup: setup, result: r, execution: nil)
        }
        // The MRIO tasks read no database: its path only places the default shared folder beside it.
        let (partials, report) = try await Computing.run(
            MRIOMonteCarloWork.self, params: p, executor: executor, tasks: run.tasks,
            cancellation: run.cancellation, progress: run.jobProgress)
        return MRIOMonteCarloOutcome(setup: setup, result: try MRIOMonteCarloWork.gather(p, setup: setup, partials: partials), execution: report)
    }
}
