import Foundation
import YuhengUncertainty

/// How input importance is measured.
public enum SensitivityMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Spearman rank correlation of each input with the output on a Monte
    /// Carlo sample, and the contribution-to-variance approximation ρ²/Σρ².
    case spearman
    /// Variance-based Sobol' indices (Saltelli 2010 first order, Jansen
    /// total) with bootstrap intervals; N·(k + 2) model runs.
    case sobol

    /// Parses a method name.
    ///
    /// - throws: ``UncertaintyError/Code/invalidArgument`` naming the known methods.
    public init(parsing text: String) throws {
        guard let m = SensitivityMethod(rawValue: text.lowercased()) else {
            throw UncertaintyError(
                .invalidArgument,
                "sensitivity: unknown method '\(text)'; use \(SensitivityMethod.allCases.map(\.rawValue).joined(separator: " or "))",
                parameter: "method")
        }
        self = m
    }
}

/// The sensitivity of the output to one input.
public struct SensitivityIndex: Sendable, Hashable, Codable {
    /// The input's key.
    public var input: String
    /// A readable description.
    public var name: String
    /// Spearman's ρ (method spearman).
    public var spearman: Double?
    /// ρ²/Σρ² (method spearman).
    public var contributionToVariance: Double?
    /// First-order Sobol' index and its bootstrap interval (method sobol).
    public var first: Double?
    /// Bootstrap confidence interval of `first` (method sobol).
    public var firstCI: ConfidenceInterval?
    /// Total Sobol' index and its bootstrap interval (method sobol).
    public var total: Double?
    /// Bootstrap confidence interval of `total` (method sobol).
    public var totalCI: ConfidenceInterval?

    enum CodingKeys: String, CodingKey {
        case input, name, spearman, first, total
        case contributionToVariance = "contribution_to_variance"
        case firstCI = "first_ci"
        case totalCI = "total_ci"
    }
}

/// A sensitivity analysis: one index per input, ordered as the inputs,
/// plus the output summary of the sample it was computed on.
public struct SensitivityReport: Sendable, Codable {
    /// The method the indices were computed with.
    public var method: SensitivityMethod
    /// Iterations (spearman) or base samples N (sobol).
    public var samples: Int
    /// Seed of the random number generator; the same seed gives the same report.
    public var seed: UInt64
    /// Model evaluations.
    public var modelRuns: Int
    /// Output summary (spearman: the Monte Carlo sample; sobol: f(A)).
    public var output: UncertaintySummary
    /// Output variance used by the Sobol' estimators (sobol).
    public var variance: Double?
    /// One index per input, in the order of the inputs (see `ranked` for the order of importance).
    public var indices: [SensitivityIndex]

    enum CodingKeys: String, CodingKey {
        case method, samples, seed, output, variance, indices
        case modelRuns = "model_runs"
    }

    /// The indices sorted by importance (|ρ| or total index), largest first.
    public var ranked: [SensitivityIndex] {
        indices.sorted { abs($0.total ?? $0.spearman ?? 0) > abs($1.total ?? $1.spearman ?? 0) }
    }
}

/// Sensitivity analysis of a model of independent inputs.
public enum SensitivityAnalysis {
    /// Runs the analysis.
    ///
    /// - parameters:
    ///   - inputs: the input distributions; `ids` and `names` label them.
    ///   - samples: Monte Carlo iterations (spearman) or Sobol base samples N (sobol).
    /// - throws: ``UncertaintyError`` for invalid arguments (non-positive
    ///   samples, a label count that does not match the inputs); errors of
    ///   ``MonteCarlo``, ``Sensitivity`` and ``Sobol``.
    public static func run(
        method: SensitivityMethod, inputs: [Distribution], ids: [String], names: [String], samples: Int, seed: UInt64,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, cancellation: CancellationFlag? = nil,
        progress: (@Sendable (Int, Int, Double) -> Void)? = nil,
        model: @escaping @Sendable ([Double]) throws -> Double
    ) async throws -> SensitivityReport {
        guard ids.count == inputs.count, names.count == inputs.count else {
            throw UncertaintyError(
                .dimensionMismatch, "sensitivity: \(ids.count) ids and \(names.count) names for \(inputs.count) inputs", parameter: "ids")
        }
        guard samples > 0 else {
            throw UncertaintyError(.invalidArgument, "sensitivity: samples = \(samples) must be positive", parameter: "samples")
        }
        switch method {
        case .spearman:
            let r = try await MonteCarlo.run(
                inputs: inputs, iterations: samples, seed: seed, workers: workers, keepInputs: true, cancellation: cancellation,
                progress: progress, model: model)
            let x = r.inputs!
            let ry = Sensitivity.ranks(r.outputs)
            var rho: [Double] = []
            for j in 0..<x.columns {
                rho.append((try? Sensitivity.pearson(Sensitivity.ranks(x.column(j)), ry)) ?? 0)
            }
            let ctv = (try? Sensitivity.contributionToVariance(rho)) ?? rho.map { _ in 0 }
            let indices = inputs.indices.map {
                SensitivityIndex(input: ids[$0], name: names[$0], spearman: rho[$0], contributionToVariance: ctv[$0])
            }
            return SensitivityReport(
                method: .spearman, samples: r.summary.iterations, seed: seed, modelRuns: r.summary.iterations, output: r.summary,
                variance: nil, indices: indices)
        case .sobol:
            guard samples >= 2 else {
                throw UncertaintyError(.invalidArgument, "sensitivity: sobol needs at least 2 base samples, got \(samples)", parameter: "samples")
            }
            let s = try await Sobol.analyze(inputs: inputs, names: ids, baseSamples: samples, seed: seed, workers: workers, model: model)
            let (a, _) = try Sobol.design(inputs: inputs, baseSamples: samples, seed: seed)
            let fA = try (0..<a.rows).map { try model(a.row($0)) } // every run counts: a failure is an error, not a smaller sample
            let summary = try UncertaintySummary(samples: fA, seed: seed)
            let indices = inputs.indices.map {
                SensitivityIndex(
                    input: ids[$0], name: names[$0], first: s.first[$0], firstCI: s.firstCI[$0], total: s.total[$0], totalCI: s.totalCI[$0])
            }
            return SensitivityReport(
                method: .sobol, samples: samples, seed: seed, modelRuns: s.modelRuns, output: summary, variance: s.variance,
                indices: indices)
        }
    }
}

extension InventoryUncertaintyModel {
    /// Sensitivity of the inventory total to each uncertain input.
    ///
    /// ```swift
    /// let report = try await model.sensitivity(method: .sobol, samples: 4096, seed: 1)
    /// report.ranked.first?.name
    /// ```
    public func sensitivity(
        method: SensitivityMethod, samples: Int, seed: UInt64, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        cancellation: CancellationFlag? = nil, progress: (@Sendable (Int, Int, Double) -> Void)? = nil
    ) async throws -> SensitivityReport {
        guard !inputs.isEmpty else {
            throw UncertaintyError(.emptyInput, "sensitivity: the inventory has no uncertain input", parameter: "inputs")
        }
        let me = self
        return try await SensitivityAnalysis.run(
            method: method, inputs: distributions, ids: inputs.map(\.id), names: inputs.map(\.name), samples: samples, seed: seed,
            workers: workers, cancellation: cancellation, progress: progress
        ) { x in me.total(x) }
    }
}
