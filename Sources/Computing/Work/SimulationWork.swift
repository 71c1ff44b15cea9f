import Foundation
import YuhengIndustrial
import YuhengUncertainty

/// The Monte Carlo ensemble of an industrial scenario with uncertain parameters (`yuheng simulate
/// FILE --executor ...`): one unit per block of 1,000 draws, each draw one simulation.
public enum SimulationEnsembleWork: DistributedWork {
    /// The kind's name in task files and job records.
    public static let kind = "simulate-ensemble"

    /// What an ensemble job simulates: a scenario with an uncertainty section.
    public struct Params: Codable, Sendable {
        /// The industrial scenario (YAML `yuheng simulate` reads), including iterations, seed and uncertain parameters.
        public var scenario: IndustrialScenario
        /// Parameters for `scenario`.
        public init(scenario: IndustrialScenario) { self.scenario = scenario }
    }

    static func ensemble(_ p: Params) throws -> SimulationEnsemble {
        guard let e = try SimulationEnsemble(p.scenario) else {
            throw ComputingError(
                .invalidParameters, "the scenario '\(p.scenario.name)' declares no uncertain parameter: there is no ensemble to run",
                suggestion: "add an uncertainty section (iterations, seed, parameters) or run it without --executor")
        }
        return e
    }

    /// The number of blocks of 1,000 draws the scenario's iterations need.
    /// - Throws: ``ComputingError`` when the scenario declares no uncertain parameter; the simulator's errors for an invalid scenario.
    public static func unitCount(_ p: Params) throws -> Int {
        let e = try ensemble(p)
        return BlockMonteCarlo.blockCount(iterations: e.iterations, blockSize: SimulationEnsemble.blockSize)
    }

    /// Simulates the given blocks, each draw one run of the scenario with sampled parameters.
    public static func run(_ p: Params, units: [Int], context: TaskContext) async throws -> MonteCarloPartial {
        let e = try ensemble(p)
        let blocks = try await MonteCarlo.runVectorBlocks(
            units, inputs: e.inputs, outputCount: e.outputCount, iterations: e.iterations, seed: e.seed, blockSize: SimulationEnsemble.blockSize,
            workers: context.threads, cancellation: context.cancellation, progress: context.blockProgress, model: e.model)
        return MonteCarloPartial(blocks: blocks.map(EncodedBlock.init), counters: nil)
    }

    /// The deterministic pathway with each year's 95 % range from the ensemble (exactly what
    /// `IndustrialSimulator.simulateWithUncertainty` gives in one process).
    public static func gather(_ p: Params, partials: [MonteCarloPartial]) throws -> SimulationResult {
        let e = try ensemble(p)
        let blocks = try MonteCarloPartial.blocks(partials)
        let run = try BlockMonteCarlo.assemble(
            blocks, outputCount: e.outputCount, iterations: e.iterations, seed: e.seed, blockSize: SimulationEnsemble.blockSize)
        var base = try IndustrialSimulator.simulate(p.scenario)
        e.apply(run.summaries, to: &base)
        return base
    }
}
