import Foundation
import YuhengAnalysis
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengLCA
import YuhengComputing
import YuhengServices
import YuhengUncertainty

func summaryJSON(_ s: UncertaintySummary, deterministic: Double?) -> JSON {
    [
        "deterministic": .num(deterministic), "mean": .number(s.mean), "median": .number(s.median), "sd": .number(s.sd),
        "p2_5": .number(s.p2_5), "p97_5": .number(s.p97_5), "u_low_pct": .number(s.uLowPercent), "u_high_pct": .number(s.uHighPercent),
        "iterations": .number(Double(s.iterations)), "seed": .number(Double(s.seed)), "converged": .bool(s.converged)
    ]
}

// MARK: monte_carlo

/// `monte_carlo`: Monte Carlo uncertainty of an inventory total (IPCC Approach 2) or of a product carbon footprint (LCI exchanges).
public struct MonteCarloTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// What to simulate: an inventory (IPCC Approach 2 from the activity data's and factors' ranges) or a product's LCA footprint (from the LCI
        /// exchanges' uncertainty).
        public var target: String
        /// For target inventory: activity data CSV text (same format as calculate_inventory).
        public var csv: String?
        /// For target inventory: GWP set (default AR5).
        public var gwp: String?
        /// For target lca: process id, id prefix or unique name.
        public var process: String?
        /// For target lca: amount of the reference product (default 1).
        public var amount: Double?
        /// For target lca: unit of the amount.
        public var unit: String?
        /// For target lca: impact method (default ipcc-ar6-gwp100).
        public var method: String?
        /// For target lca: geometric standard deviation given to exchanges without uncertainty data (e.g. 1.1); default: such exchanges stay fixed.
        public var default_gsd: Double?
        /// Iterations (default 1000 for inventory, 200 for lca; at most 20000 / 2000).
        public var iterations: Int?
        /// Random seed (default 1) for reproducible results.
        public var seed: Int?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "target": .init(
                "What to simulate: an inventory (IPCC Approach 2 from the activity data's and factors' ranges) or a product's LCA footprint (from the LCI exchanges' uncertainty).",
                allowed: ["inventory", "lca"]),
            "csv": .init("For target inventory: activity data CSV text (same format as calculate_inventory)."),
            "gwp": .init("For target inventory: GWP set (default AR5)."),
            "process": .init("For target lca: process id, id prefix or unique name.", example: "Portland cement, at plant"),
            "amount": .init("For target lca: amount of the reference product (default 1).", example: 1000),
            "unit": .init("For target lca: unit of the amount.", example: "kg"),
            "method": .init("For target lca: impact method (default ipcc-ar6-gwp100)."),
            "default_gsd": .init(
                "For target lca: geometric standard deviation given to exchanges without uncertainty data (e.g. 1.1); default: such exchanges stay fixed.",
                minimum: 1, maximum: 10),
            "iterations": .init("Iterations (default 1000 for inventory, 200 for lca; at most 20000 / 2000).", minimum: 10, maximum: 20000),
            "seed": .init("Random seed (default 1) for reproducible results.", minimum: 0)
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `monte_carlo`.
    public let name = "monte_carlo"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Monte Carlo uncertainty of an inventory total (IPCC Approach 2, with category totals) or of a product carbon footprint (LCA, \
        sampling the LCI exchanges' distributions): mean, median, standard deviation, 95 % interval (p2_5–p97_5) and its asymmetric \
        half-widths in %, with the deterministic value beside them.
        """

    /// Samples the inventory or the footprint and returns mean, median, standard deviation and the 95 % interval beside the deterministic value.
    /// Iterations are clamped to 10…20,000 (inventory) or 10…2,000 (lca).
    /// - Throws: ``ToolError`` for an unknown target or a missing CSV or process; the inventory and LCA errors as tool errors.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let seed = UInt64(max(0, input.seed ?? 1))
        switch input.target {
        case "inventory":
            guard let csv = input.csv else { throw ToolError(.invalidInput, "target inventory needs csv (the activity data)") }
            let setup = try context.services.uncertainty.inventory(csv: csv, fileName: "activity.csv", gwp: input.gwp ?? "AR5")
            let result = setup.result
            let n = min(max(input.iterations ?? 1000, 10), 20_000)
            let mc = try await context.services.uncertainty.monteCarlo(setup, iterations: n, seed: seed, run: Execution(workers: 2))
            var cats: [String: JSON] = [:]
            for (k, v) in mc.byCategory { cats[k] = summaryJSON(v, deterministic: result.byCategory[k]?.co2eTonnes) }
            let out: JSON = [
                "target": "inventory", "unit": "t CO2e", "gwp": .string(result.gwp),
                "total": summaryJSON(mc.total, deterministic: mc.deterministicTotal),
                "by_category": .object(cats), "unquantified": .array(setup.model.unquantified.map { .string($0) }),
                "approach1_uncertainty_pct": .num(result.uncertaintyPercent)
            ]
            let gwpSet = try context.db.gwpLibrary().set(named: input.gwp ?? "AR5")
            return ToolResult(
                json: out, units: ["total": "t CO2e", "*_pct": "%"], provenance: result.datasets + (gwpSet.provenance.map { [$0] } ?? []),
                summary: "inventory Monte Carlo (\(n) iterations): 95 % interval \(fmtNumber(mc.total.p2_5))–\(fmtNumber(mc.total.p97_5)) t CO2e")
        case "lca":
            guard let p = input.process else { throw ToolError(.invalidInput, "target lca needs process") }
            let calc = try context.calculator(BundledLCI.id)
            let amount = try referenceAmount(input.amount ?? 1, unit: input.unit, calc: calc, column: try calc.column(forProcess: p))
            let n = min(max(input.iterations ?? 200, 10), 2000)
            let params = LCAMonteCarloWork.Params(
                process: p, amount: amount, method: input.method ?? "ipcc-ar6-gwp100", defaultGSD: input.default_gsd,
                run: MonteCarloRunParams(iterations: n, seed: seed, blockSize: 100))
            let o = try await context.services.uncertainty.lcaMonteCarlo(params, run: Execution(workers: 2))
            let s = o.result.run.summaries[0]
            let cov = o.coverage
            let out: JSON = [
                "target": "lca", "unit": "kg CO2e", "process_name": .string(o.process.processName), "amount": .number(amount),
                "reference_unit": .string(o.process.unit), "method": .string(o.method.id),
                "total": summaryJSON(s, deterministic: o.result.deterministic.first),
                "coverage": [
                    "exchanges": .number(Double(cov.exchanges)), "with_uncertainty_data": .number(Double(cov.dataTotal)),
                    "with_default_gsd": .number(Double(cov.defaultGSD)), "fixed": .number(Double(cov.fixed))
                ],
                "note": "exchanges without uncertainty data are fixed unless default_gsd is given, so the interval can understate the uncertainty"
            ]
            return ToolResult(
                json: out, units: ["total": "kg CO2e"], provenance: o.provenance,
                summary: "LCA Monte Carlo (\(n) iterations): 95 % interval \(fmtNumber(s.p2_5))–\(fmtNumber(s.p97_5)) kg CO2e")
        default:
            throw ToolError(.invalidInput, "unknown target '\(input.target)'", suggestion: "use inventory or lca")
        }
    }
}

// MARK: sensitivity

/// `sensitivity`: which uncertain inputs of an inventory drive its total's uncertainty (Spearman or Sobol indices), ranked.
public struct SensitivityTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// Activity data CSV text (same format as calculate_inventory).
        public var csv: String
        /// GWP set (default AR5).
        public var gwp: String?
        /// spearman (rank correlation and contribution to variance, default) or sobol (variance-based indices).
        public var method: String?
        /// Monte Carlo iterations (spearman, default 2000) or Sobol base samples (default 512).
        public var samples: Int?
        /// Number of inputs to list (default 10).
        public var top: Int?
        /// Random seed (default 1).
        public var seed: Int?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "csv": .init("Activity data CSV text (same format as calculate_inventory)."),
            "gwp": .init("GWP set (default AR5)."),
            "method": .init(
                "spearman (rank correlation and contribution to variance, default) or sobol (variance-based indices).", allowed: ["spearman", "sobol"]
            ),
            "samples": .init("Monte Carlo iterations (spearman, default 2000) or Sobol base samples (default 512).", minimum: 10, maximum: 20000),
            "top": .init("Number of inputs to list (default 10).", minimum: 1, maximum: 50),
            "seed": .init("Random seed (default 1).", minimum: 0)
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `sensitivity`.
    public let name = "sensitivity"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Which uncertain inputs of an inventory (activity data and emission factors) drive the uncertainty of its total: Spearman rank \
        correlations with contribution to variance, or Sobol first-order and total indices, ranked.
        """

    /// Runs the sampling and ranks the inputs by Spearman correlation and contribution to variance, or by Sobol indices.
    /// Samples are clamped to 10…20,000.
    /// - Throws: ``ToolError`` for invalid CSV or an unknown method; the engines' errors as tool errors.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let setup = try context.services.uncertainty.inventory(csv: input.csv, fileName: "activity.csv", gwp: input.gwp ?? "AR5")
        let result = setup.result
        let method = try SensitivityMethod(parsing: input.method ?? "spearman")
        let samples = min(max(input.samples ?? (method == .sobol ? 512 : 2000), 10), 20_000)
        let report = try await context.services.uncertainty.sensitivity(
            setup, method: method, samples: samples, seed: UInt64(max(0, input.seed ?? 1)),
            run: Execution(workers: 2))
        let rows: [JSON] = report.ranked.prefix(min(max(input.top ?? 10, 1), 50)).map { i in
            [
                "input": .string(i.input), "name": .string(i.name), "spearman": .num(i.spearman),
                "contribution_to_variance_pct": .num(i.contributionToVariance.map { $0 * 100 }),
                "sobol_first": .num(i.first), "sobol_total": .num(i.total)
            ]
        }
        let out: JSON = [
            "method": .string(method.rawValue), "samples": .number(Double(report.samples)), "model_runs": .number(Double(report.modelRuns)),
            "output": summaryJSON(report.output, deterministic: result.totalCO2eTonnes), "unit": "t CO2e", "ranked_inputs": .array(rows)
        ]
        return ToolResult(
            json: out, units: ["output": "t CO2e", "contribution_to_variance_pct": "%"], provenance: result.datasets,
            summary: "sensitivity (\(method.rawValue)): most influential \(report.ranked.first?.name ?? "none")")
    }
}
