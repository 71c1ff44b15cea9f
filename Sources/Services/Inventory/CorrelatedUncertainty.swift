import Foundation
import YuhengAnalysis
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengUncertainty

extension InventoryService {
    /// An inventory with its uncertainty propagated twice: IPCC Approach 1 (in the result: every
    /// source independent) and to first order with every shared input — a factor used by several
    /// activities — counted once (fully correlated).
    public struct CorrelatedInventory: Sendable {
        /// The inventory with IPCC Approach 1 uncertainties (every source independent), in the inventory's units.
        public var result: InventoryResult
        /// 95 % half-widths (%) with shared factors correlated, per category code; "" is the total.
        public var correlated: [String: Double]
        /// Why the correlated propagation is not available (e.g. an invalid range), if it is not.
        public var correlationProblem: String?

        /// A result with its correlated half-widths (empty, with `correlationProblem` saying why, when not available).
        public init(result: InventoryResult, correlated: [String: Double], correlationProblem: String?) {
            self.result = result
            self.correlated = correlated
            self.correlationProblem = correlationProblem
        }
    }

    /// The inventory of activities (e.g. read from a posted CSV), with both uncertainty propagations.
    public func computeCorrelated(_ activities: [Activity], fileName: String, gwp: String = "AR5") throws -> CorrelatedInventory {
        let result = try compute(activities, fileName: fileName, gwp: gwp)
        do {
            let model = try InventoryUncertaintyModel(result: result, activities: activities, factors: try engine(gwp: gwp).engine.factors)
            return CorrelatedInventory(result: result, correlated: Self.correlatedHalfWidths(model, result: result), correlationProblem: nil)
        } catch {
            let why = (error as? UncertaintyError)?.message ?? (error as? any YuhengError)?.message ?? "\(error)"
            return CorrelatedInventory(result: result, correlated: [:], correlationProblem: why)
        }
    }

    /// First-order 95 % half-widths (%) per category and for the total ("") with every shared input
    /// counted once: Var(T) = Σᵢ (Σ emissions using i)² Var(xᵢ).
    public static func correlatedHalfWidths(_ model: InventoryUncertaintyModel, result: InventoryResult) -> [String: Double] {
        var gradients: [String: [Double]] = [:]
        for t in model.terms {
            for key in ["", t.category] {
                var g = gradients[key] ?? [Double](repeating: 0, count: model.inputs.count)
                for i in t.inputs { g[i] += t.co2e }
                gradients[key] = g
            }
        }
        var out: [String: Double] = [:]
        for (key, g) in gradients {
            let total = key.isEmpty ? result.totalCO2eTonnes : (result.byCategory[key]?.co2eTonnes ?? 0)
            let variance = zip(g, model.inputs).reduce(0) { $0 + $1.0 * $1.0 * $1.1.distribution.variance }
            guard total != 0, variance > 0 else { continue }
            out[key] = Distribution.ipccZ95 * variance.squareRoot() / abs(total) * 100
        }
        return out
    }
}
