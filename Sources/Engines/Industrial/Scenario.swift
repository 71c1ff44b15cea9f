import Foundation
import YuhengCore

/// A route-based stock-turnover scenario for one industrial sector (industrial.md §2).
///
/// ```yaml
/// name: Steel, policy
/// sector: steel
/// start_year: 2025
/// end_year: 2035
/// demand: { initial: 100, growth: 0 }          # Mt/yr
/// utilisation: 0.8
/// grid: { initial: 0.55, change_per_year: -0.025 }   # t CO2/MWh (or decline_pct, or values by year)
/// routes:
///   - { name: BF-BOF, capacity: 100, direct: 1.9, electricity: 0.10, lifetime: 25, share: 0.7 }
///   - { name: Scrap-EAF, capacity: 25, direct: 0.05, electricity: 0.55, lifetime: 30, share: 0.3, scrap: 1.1 }
/// overrides:
///   - { year: 2026, set: { "routes.BF-BOF.share": 0, "routes.Scrap-EAF.share": 0.5, "routes.H2-DRI-EAF.share": 0.5 } }
/// ```
public struct IndustrialScenario: Sendable, Codable {
    /// One production route of the sector (e.g. BF-BOF, Scrap-EAF, H2-DRI-EAF): its capacity, intensities and lifetime.
    public struct Route: Sendable, Codable {
        /// Route name, unique in the scenario and used in override paths (`routes.NAME.share`), e.g. "BF-BOF".
        public var name: String
        /// Operating capacity in the start year (production unit per year).
        public var capacity: Double
        /// Direct emissions, t CO2 per t of product.
        public var direct: Double
        /// Electricity use, MWh per t.
        public var electricity: Double
        /// Fuel use, GJ per t (reported, not converted: its CO2 is in `direct`).
        public var fuel: Double?
        /// Lifetime in years (exponential retirement K/L).
        public var lifetime: Double
        /// Share of new builds (fixed-share choice).
        public var share: Double?
        /// Scrap use, t per t of product (scrap-based routes).
        public var scrap: Double?
        /// Levelised non-carbon cost of production (currency per t) for the logit choice.
        public var cost: Double?
        /// Maximum utilisation when production shifts here because of a constraint (default 1).
        public var maxUtilisation: Double?

        enum CodingKeys: String, CodingKey {
            case name, capacity, direct, electricity, fuel, lifetime, share, scrap, cost
            case maxUtilisation = "max_utilisation"
        }
    }

    /// A quantity over the years: explicit `values` by year, else `initial` with compound `growth`, a linear `changePerYear`
    /// or a `declinePct` (first one set wins, in that order), else constant.
    public struct Series: Sendable, Codable {
        /// Value in the start year (required unless `values` are given).
        public var initial: Double?
        /// Compound growth rate per year (0.01 = +1 %/yr).
        public var growth: Double?
        /// Linear change per year.
        public var changePerYear: Double?
        /// Relative decline per year in % (3 = −3 %/yr).
        public var declinePct: Double?
        /// Explicit values by year (years without a value keep the previous one).
        public var values: [String: Double]?

        enum CodingKeys: String, CodingKey {
            case initial, growth, values
            case changePerYear = "change_per_year"
            case declinePct = "decline_pct"
        }

        /// A series; give `initial` with at most one of the change rules, or `values` keyed by year ("2030").
        public init(
            initial: Double? = nil, growth: Double? = nil, changePerYear: Double? = nil, declinePct: Double? = nil, values: [String: Double]? = nil
        ) {
            self.initial = initial
            self.growth = growth
            self.changePerYear = changePerYear
            self.declinePct = declinePct
            self.values = values
        }

        func value(year: Int, start: Int, name: String) throws -> Double {
            // One rule: several would silently give way to the first (growth over change_per_year over decline_pct).
            let rules = [("growth", growth), ("change_per_year", changePerYear), ("decline_pct", declinePct)].compactMap { $0.1 == nil ? nil : $0.0 }
            if rules.count > 1 {
                throw IndustrialError(
                    .invalidScenario, "\(name) gives \(rules.joined(separator: " and ")); a series follows one change rule", field: name,
                    suggestion: "keep one of growth, change_per_year and decline_pct, or give values by year")
            }
            if let v = values, !v.isEmpty, initial != nil || !rules.isEmpty {
                let others = ((initial != nil ? ["initial"] : []) + rules).joined(separator: " and ")
                throw IndustrialError(
                    .invalidScenario, "\(name) gives values by year and \(others); the values would silently win", field: name,
                    suggestion: "give values by year, or an initial value with at most one change rule")
            }
            if let v = values, !v.isEmpty {
                let known = v.compactMap { k, x in Int(k).map { ($0, x) } }.sorted { $0.0 < $1.0 }
                guard !known.isEmpty else { throw IndustrialError(.invalidScenario, "\(name).values must be keyed by year", field: "\(name).values") }
                if let last = known.last(where: { $0.0 <= year }) { return last.1 }
                return known[0].1
            }
            guard let i = initial else { throw IndustrialError(.invalidScenario, "\(name) needs an initial value or values by year", field: name) }
            let t = Double(year - start)
            if let g = growth { return i * pow(1 + g, t) }
            if let c = changePerYear { return i + c * t }
            if let d = declinePct { return i * pow(1 - d / 100, t) }
            return i
        }
    }

    /// A change of parameters from a given year on (e.g. a policy that stops new BF-BOF builds).
    public struct Override: Sendable, Codable {
        /// First year the new values apply; an override outside the simulated years is never applied (a warning says so).
        public var year: Int
        /// Parameter path → new value, e.g. "routes.BF-BOF.share": 0, "utilisation": 0.85, "carbon_price": 100.
        public var set: [String: Double]
    }

    /// How new capacity is split between the routes.
    public struct Choice: Sendable, Codable {
        /// "shares" (fixed new-build shares) or "logit" (cost-based with a carbon price).
        public var method: String
        /// Logit sensitivity λ (per currency unit per t).
        public var lambda: Double?
    }

    /// A scenario parameter drawn from a distribution in the Monte Carlo run: give `gsd` or `uncertaintyPct`.
    public struct UncertainParameter: Sendable, Codable {
        /// Parameter path, e.g. "routes.BF-BOF.direct" or "grid.initial".
        public var parameter: String
        /// Geometric standard deviation of a lognormal around the value.
        public var gsd: Double?
        /// Half-width of the 95 % interval in percent (normal).
        public var uncertaintyPct: Double?

        enum CodingKeys: String, CodingKey {
            case parameter, gsd
            case uncertaintyPct = "uncertainty_pct"
        }
    }

    /// The scenario's Monte Carlo section: iterations, seed and the uncertain parameters.
    public struct Uncertainty: Sendable, Codable {
        /// Number of Monte Carlo iterations (1 … ``IndustrialSimulator/maxIterations``).
        public var iterations: Int
        /// Seed of the random number generator; the same seed gives the same percentiles.
        public var seed: UInt64
        /// The parameters that are drawn; all others keep their values.
        public var parameters: [UncertainParameter]
    }

    /// Scenario name shown in reports and comparisons, e.g. "Steel, policy".
    public var name: String
    /// Industrial sector the scenario describes, e.g. "steel" or "cement".
    public var sector: String
    /// Production unit of demand and capacities (default "Mt"; plausibility ranges are checked in Mt only).
    public var unit: String?
    /// First simulated year (between 1900 and 2200); capacities are those of this year.
    public var startYear: Int
    /// Last simulated year, inclusive; at most 200 years after `startYear`.
    public var endYear: Int
    /// Product demand per year, in `unit` per year.
    public var demand: Series
    /// Target utilisation of capacity, in (0, 1]: new builds fill the gap up to demand / utilisation.
    public var utilisation: Double
    /// Grid emission factor, t CO2 per MWh, applied to the routes' electricity use (indirect emissions).
    public var grid: Series
    /// Carbon price, currency per t CO2, used by the logit choice of new builds; nil means 0.
    public var carbonPrice: Series?
    /// Scrap available per year, in `unit`; nil means unconstrained.
    public var scrapSupply: Series?
    /// The production routes, with unique names; order fixes the order of sums and outputs.
    public var routes: [Route]
    /// The new-build choice; nil means fixed shares.
    public var choice: Choice?
    /// Parameter changes by year, applied at the start of their year in year order.
    public var overrides: [Override]?
    /// Monte Carlo section; nil for a deterministic run.
    public var uncertainty: Uncertainty?
    /// Free text describing the scenario's assumptions.
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case name, sector, unit, demand, utilisation, grid, routes, choice, overrides, uncertainty, description
        case startYear = "start_year"
        case endYear = "end_year"
        case carbonPrice = "carbon_price"
        case scrapSupply = "scrap_supply"
    }
}

/// An error in an industrial scenario or its simulation, naming the scenario file, line and field
/// where it can.
public struct IndustrialError: YuhengError, Equatable {
    /// The failures of an industrial scenario (qualified as `industrial.<code>`).
    public enum Code: String, ErrorCode {
        case invalidScenario, unknownParameter
        /// The scenario cannot be met (demand beyond what the capacities can produce).
        case infeasible
        /// A result that is not a finite number (an overflow: the inputs are too large).
        case notFinite

        /// The kind of failure of this code (it decides the HTTP status and the exit status).
        public var kind: ErrorKind {
            switch self {
            case .invalidScenario, .unknownParameter: .invalidInput
            case .infeasible, .notFinite: .computation
            }
        }
    }
    /// "industrial", the prefix of the qualified codes.
    public static let domain = "industrial"
    /// What failed.
    public let code: Code
    /// What is wrong, in words, naming the value and the year where it can.
    public let message: String
    /// Path of the scenario field at fault, e.g. "routes.BF-BOF.lifetime" or "demand.initial".
    public var field: String?
    /// The scenario file and line, where known.
    public var file: String?
    /// Line in the scenario file, where known.
    public var line: Int?
    /// How to fix it, e.g. "did you mean 2030?".
    public var suggestion: String?

    /// An error with its code and message and, where known, the field, a suggestion, the file and the line.
    public init(_ code: Code, _ message: String, field: String? = nil, suggestion: String? = nil, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.suggestion = suggestion
        self.file = file
        self.line = line
    }

    /// The file, line and field of the error, or nil when none is known.
    public var location: ErrorLocation? { ErrorLocation.make(file: file, line: line, field: field) }

    /// The same error with the file (and line) filled in where they are not set yet.
    public func located(file: String?, line: Int? = nil) -> IndustrialError {
        var e = self
        if e.file == nil { e.file = file }
        if e.line == nil { e.line = line }
        return e
    }
}
