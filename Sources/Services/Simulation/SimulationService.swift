import Foundation
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengIndustrial

/// Industrial simulation: a scenario file (YAML or JSON) → the sector's year-by-year pathway (route-
/// based stock turnover) with its Monte Carlo ensemble when the scenario has an uncertainty section,
/// and the comparison of two scenarios.
///
/// ```swift
/// let bau = try await services.simulation.run(file: "examples/simulate/steel-bau.yaml").result
/// let policy = try await services.simulation.run(file: "examples/simulate/steel-policy.yaml").result
/// SimulationService.compare(bau, policy).cumulativeDifference
/// ```
public struct SimulationService: Sendable {
    let services: YuhengServices

    /// A pathway and, when its ensemble ran as a distributed job, how it ran.
    public struct Outcome: Sendable {
        /// The pathway: capacity, production and direct and indirect emissions per year and route, with percentile bands when uncertain.
        public var result: SimulationResult
        /// Where and how the ensemble ran as a distributed job; nil when it ran in this process.
        public var execution: ExecutionReport?
    }

    /// The pathway of a scenario file, checked finite, with its warnings naming the file. The
    /// ensemble runs in this process, or as a distributed job when `run.executor` is given.
    public func run(file path: String, run: Execution = Execution()) async throws -> Outcome {
        let scenario = try ScenarioFile.load(path: path).scenario
        var outcome = try await simulate(scenario, run: run)
        if let (field, v) = FiniteCheck.firstNonFinite(in: outcome.result) {
            throw IndustrialError(.notFinite, FiniteCheck.message(path: field, value: v), file: path)
        }
        outcome.result.warnings = outcome.result.warnings.map { "\(path): \($0)" }
        return outcome
    }

    func simulate(_ scenario: IndustrialScenario, run: Execution) async throws -> Outcome {
        guard scenario.uncertainty?.parameters.isEmpty == false, let executor = run.executor else {
            return Outcome(result: try await IndustrialSimulator.simulateWithUncertainty(scenario, workers: run.workers), execution: nil)
        }
        let p = SimulationEnsembleWork.Params(scenario: scenario)
        let (partials, report) = try await Computing.run(
            SimulationEnsembleWork.self, params: p, executor: executor, tasks: run.tasks,
            cancellation: run.cancellation, progress: run.jobProgress)
        return Outcome(result: try SimulationEnsembleWork.gather(p, partials: partials), execution: report)
    }

    /// The difference of one year between two pathways (other − base).
    public struct Difference: Encodable, Sendable {
        /// The calendar year.
        public let year: Int
        /// Difference of total (direct + indirect) emissions, other − base, Mt CO2 when production is in Mt.
        public let total: Double
        /// Difference of direct (process and fuel) emissions, other − base.
        public let direct: Double
        /// Difference of indirect (electricity-related) emissions, other − base.
        public let indirect: Double
    }

    /// Two scenarios compared: the other pathway, the yearly differences (other − base) and the
    /// cumulative difference.
    public struct Comparison: Encodable, Sendable {
        /// The compared pathway in full.
        public let other: SimulationResult
        /// One difference per calendar year both pathways cover, in the base's order (years only one of them covers are left out).
        public let difference: [Difference]
        /// Cumulative emissions of `other` minus those of the base, each over its own horizon (negative: the other scenario emits less).
        public let cumulativeDifference: Double
        enum CodingKeys: String, CodingKey {
            case other, difference
            case cumulativeDifference = "cumulative_difference"
        }
    }

    /// `other` against `base`.
    public static func compare(_ base: SimulationResult, _ other: SimulationResult) -> Comparison {
        Comparison(
            other: other,
            difference: IndustrialSimulator.difference(base, other).map {
                Difference(year: $0.year, total: $0.total, direct: $0.direct, indirect: $0.indirect)
            }, cumulativeDifference: other.cumulative - base.cumulative)
    }
}

extension YuhengServices {
    /// Industrial simulation of scenario files.
    public var simulation: SimulationService { SimulationService(services: self) }
}
