import Foundation
import YuhengNumerics

/// Which method solves (I − A): chosen by the cost model, or forced (tests, benchmarks).
public enum SolverRequest: String, Sendable, Codable, CaseIterable {
    /// The cost model chooses (``SolverCostModel``).
    case auto
    /// Dense LU of (I − A) (LAPACK dgetrf/dgetrs).
    case lu
    /// Block-Jacobi preconditioned iteration (per-region LU of the domestic blocks, products as GEMM or,
    /// for a sparse A, as sparse products), with a fallback to LU when it does not converge.
    case iterative
}

/// How a model's systems were solved: the method, why, and what the solves achieved.
public struct SolverReport: Sendable, Codable, Hashable {
    /// The method asked for.
    public var requested: SolverRequest
    /// The method that solved: `lu` or `iterative` (after a fallback: `lu`).
    public var method: SolverRequest
    /// Why this method (the cost model's reasoning, or "forced").
    public var reason: String
    /// The cost model's inputs: n, the number of region-sectors.
    public var n: Int
    /// The number of regions (the iteration's diagonal blocks).
    public var regions: Int
    /// The number of right-hand sides solved together.
    public var rightHandSides: Int
    /// The share of non-zero entries of A (the cost model takes sparse products below ``SolverCostModel/sparseDensityLimit``).
    public var density: Double
    /// How the iteration multiplies by (I − A): `dense` (GEMM) or `sparse` (nil for LU).
    public var products: String?
    /// Estimated contraction of the iteration (mean column sum of D⁻¹(D − M); the Perron root lies near it).
    public var estimatedRate: Double?
    /// Upper bound of the contraction (largest column sum; a bound when A ≥ 0).
    public var rateBound: Double?
    /// Largest number of iterations over the solves (nil for LU).
    public var iterations: Int?
    /// Largest relative residual ‖b − (I − A)x‖∞ / ‖b‖∞ over the solves' right-hand sides (nil for LU).
    public var relativeResidual: Double?
    /// Whether the iteration started from a previous solution (a series' previous year).
    public var warmStarted: Bool = false
    /// Domestic blocks equal to the previous table's, whose factors were reused (nil: none).
    public var reusedBlocks: Int?
    /// Notes: fallbacks to LU and why.
    public var notes: [String] = []

    enum CodingKeys: String, CodingKey {
        case requested, method, reason, n, regions, density, iterations, notes, products
        case rightHandSides = "right_hand_sides"
        case estimatedRate = "estimated_rate"
        case rateBound = "rate_bound"
        case relativeResidual = "relative_residual"
        case warmStarted = "warm_started"
        case reusedBlocks = "reused_blocks"
    }

    /// One line for `solver` in reports.
    public var summary: String {
        var s: String
        if method == .iterative {
            s =
                "block-Jacobi preconditioned iteration on (I − A) (per-region LU of the \(regions) domestic blocks, \(products == "sparse" ? "sparse products (A has \(String(format: "%.1f", density * 100)) % non-zeros)" : "products as GEMM"), OpenBLAS \(BLASKernel.name) kernel)"
            if let it = iterations, let r = relativeResidual {
                s += ": \(it) iterations, relative residual \(String(format: "%.1e", r))" + (warmStarted ? " (warm start)" : "")
            }
            if let reused = reusedBlocks {
                s += "; \(reused) of \(regions) domestic blocks unchanged from the previous table (their factors reused)"
            }
        } else {
            s = "dense LU of (I − A) (LAPACK dgetrf/dgetrs, OpenBLAS \(BLASKernel.name) kernel); Leontief inverse not formed"
        }
        s += "; \(requested == .auto ? "chosen by the cost model" : "forced (--solver \(requested.rawValue))"): \(reason)"
        for note in notes { s += "; note: \(note)" }
        return s
    }

    /// Folds one solve's outcome into the report (largest iterations and residual).
    public mutating func record(_ r: BlockJacobiIteration.Result) {
        iterations = max(iterations ?? 0, r.iterations)
        relativeResidual = max(relativeResidual ?? 0, r.relativeResidual)
    }
}

/// The cost model choosing between dense LU and the block-Jacobi iteration, in floating-point operations:
/// LU costs ⅔n³ + 2n²m (factorisation and m solves); the iteration costs R·⅔S³ for the domestic blocks
/// plus one product with m columns per step, with log(tol)/log(ρ) steps for the estimated contraction ρ.
/// A step's product is a dense GEMM (2n²m) or, when A is sparse, a sparse product (2·nnz·m operations, each
/// counted as ``sparseSlowdown`` GEMM operations: measured on 2 cores at n = 9,800, ~15 against ~45 GFLOP/s).
public enum SolverCostModel {
    /// The relative residual every iterative solve reaches (keeps accounts within ~1e-13 of LU).
    public static let tolerance = 1e-15
    /// Above this estimated contraction the iteration is never chosen automatically.
    public static let largestRate = 0.9

    /// How many GEMM operations one operation of a sparse product costs (measured, see the type's note).
    public static let sparseSlowdown = 3.0
    /// Below this share of non-zeros the iteration's products are sparse (where 2·nnz·m·``sparseSlowdown`` < 2n²m).
    public static var sparseDensityLimit: Double { 1 / sparseSlowdown }

    /// Whether the iteration's products should be sparse for a matrix with this share of non-zeros.
    public static func sparseProducts(density: Double) -> Bool { density < sparseDensityLimit }

    /// GEMM-equivalent operations of one step (one product with `m` columns) at this density.
    public static func stepCost(n: Int, m: Int, density: Double) -> Double {
        let dense = 2 * Double(n) * Double(n) * Double(max(m, 1))
        return sparseProducts(density: density) ? dense * density * sparseSlowdown : dense
    }

    /// Steps to reach ``tolerance`` at contraction `rate` (nil when it does not contract).
    public static func steps(rate: Double) -> Int? {
        guard rate < 1, rate.isFinite else { return nil }
        return Int((log(tolerance) / log(max(rate, 1e-3))).rounded(.up)) + 1
    }

    /// Floating-point operations of dense LU with `m` right-hand sides.
    public static func luCost(n: Int, m: Int) -> Double { 2.0 / 3 * pow(Double(n), 3) + 2 * Double(n) * Double(n) * Double(m) }

    /// Floating-point operations of `steps` iterations with `m` right-hand sides and `regions` blocks.
    public static func iterativeCost(n: Int, regions: Int, m: Int, steps: Int, density: Double = 1) -> Double {
        let s = Double(n) / Double(max(regions, 1))
        return Double(regions) * 2.0 / 3 * s * s * s + Double(steps + 1) * stepCost(n: n, m: m, density: density)
    }

    /// Whether to iterate, why, and the most iterations worth doing before LU would have been cheaper.
    public static func choose(n: Int, regions: Int, m: Int, rate: Double, density: Double = 1) -> (
        iterate: Bool, reason: String, maxIterations: Int
    ) {
        let lu = luCost(n: n, m: m)
        let perStep = stepCost(n: n, m: m, density: density)
        let budget = max(Int((lu - iterativeCost(n: n, regions: regions, m: m, steps: -1, density: density)) / perStep), 1)
        let rateText = String(format: "%.3g", rate)
        guard let k = steps(rate: rate), rate < largestRate else {
            return (false, "estimated contraction \(rateText) is near 1 (slow iteration)", budget)
        }
        let it = iterativeCost(n: n, regions: regions, m: m, steps: k, density: density)
        let ratio = String(format: "%.2g", it / lu)
        let kind = sparseProducts(density: density) ? "sparse steps (A \(String(format: "%.1f", density * 100)) % non-zeros)" : "steps"
        // GEMM on a few columns runs below LU's speed: iterate only at half of LU's operations or less.
        if it <= 0.5 * lu {
            return (
                true, "n = \(n), \(m) right-hand sides, estimated contraction \(rateText): ~\(k) \(kind) cost \(ratio) of LU's operations", budget
            )
        }
        return (
            false, "n = \(n), \(m) right-hand sides, estimated contraction \(rateText): ~\(k) \(kind) would cost \(ratio) of LU's operations", budget
        )
    }
}
