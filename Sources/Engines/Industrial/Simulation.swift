import Foundation
import YuhengCore
import YuhengNumerics
import YuhengUncertainty

/// One year of a simulated pathway.
public struct YearResult: Sendable, Codable, Hashable {
    /// Calendar year.
    public var year: Int
    /// Demand for the product, in the scenario's unit per year (production equals demand).
    public var demand: Double
    /// Operating capacity by route after retirement and new builds, in the scenario's unit per year.
    public var capacity: [String: Double]
    /// New capacity built this year by route (0 in the start year).
    public var newBuild: [String: Double]
    /// Capacity retired this year by route, K/L (0 in the start year).
    public var retired: [String: Double]
    /// Production by route: demand split in proportion to capacity, then shifted by the scrap constraint.
    public var production: [String: Double]
    /// Direct and electricity-related (indirect) emissions by route, Mt CO2 when production is in Mt.
    public var directByRoute: [String: Double]
    /// Electricity-related emissions by route, P × electricity × grid factor.
    public var indirectByRoute: [String: Double]
    /// Direct emissions of all routes, Mt CO2 when production is in Mt.
    public var direct: Double
    /// Indirect (electricity) emissions of all routes, Mt CO2 when production is in Mt.
    public var indirect: Double
    /// Direct + indirect emissions of the year.
    public var total: Double
    /// Total emissions from the start year to this year, inclusive.
    public var cumulative: Double
    /// t CO2 per t of product.
    public var intensity: Double
    /// Grid emission factor used this year, t CO2 per MWh.
    public var gridIntensity: Double
    /// Uncertainty band of `total` (2.5th and 97.5th percentiles) when parameters carry distributions.
    public var totalP2_5: Double?
    /// 97.5th percentile of `total` (nil without uncertain parameters).
    public var totalP97_5: Double?

    enum CodingKeys: String, CodingKey {
        case year, demand, capacity, production, direct, indirect, total, cumulative, intensity
        case newBuild = "new_build"
        case retired
        case directByRoute = "direct_by_route"
        case indirectByRoute = "indirect_by_route"
        case gridIntensity = "grid_intensity"
        case totalP2_5 = "total_p2_5"
        case totalP97_5 = "total_p97_5"
    }
}

/// A simulated pathway: one ``YearResult`` per year from start to end year, and the cumulative emissions.
public struct SimulationResult: Sendable, Codable {
    /// Name of the scenario simulated.
    public var scenario: String
    /// Sector of the scenario, e.g. "steel".
    public var sector: String
    /// Production unit (the scenario's, "Mt" by default); emissions are in t CO2 per t times this unit.
    public var unit: String
    /// Route names in the scenario's order.
    public var routes: [String]
    /// One result per simulated year, in year order.
    public var years: [YearResult]
    /// Emissions summed over all years (direct + indirect).
    public var cumulative: Double
    /// Implausible values, unused overrides and years where the scrap supply binds.
    public var warnings: [String]
}

/// The route-based stock-turnover simulator (industrial.md §2): exponential retirement, new builds
/// filling the capacity gap at the target utilisation by fixed shares or a logit cost choice,
/// proportional dispatch with an optional scrap constraint, and emissions
/// E = Σ P_r (e_r + q_r g(t)).
public enum IndustrialSimulator {
    /// Simulates the scenario year by year, applying its overrides in their years.
    ///
    /// - throws: ``IndustrialError`` `.invalidScenario` for a scenario (or override) that fails ``validate(_:)``,
    /// `.infeasible` when no capacity is left or the scrap constraint cannot be met, `.notFinite` on overflow.
    public static func simulate(_ scenario: IndustrialScenario) throws -> SimulationResult {
        var s = scenario
        var warnings: [String] = try validate(s)
        var seen = Set(warnings)
        let names = s.routes.map(\.name)
        var K = Dictionary(uniqueKeysWithValues: s.routes.map { ($0.name, $0.capacity) })
        var years: [YearResult] = []
        var cumulative = 0.0
        let overrides = (s.overrides ?? []).sorted { $0.year < $1.year }
        for year in s.startYear...s.endYear {
            for o in overrides where o.year == year {
                // Paths in sorted order: the same file gives the same result (and the same first error).
                for path in o.set.keys.sorted() { try apply(&s, path: path, value: o.set[path]!) }
                do {
                    for w in try validate(s) where seen.insert(w).inserted { warnings.append("override \(year): " + w) }
                } catch var e as IndustrialError {
                    e = IndustrialError(e.code, "after the override of \(year): \(e.message)", field: e.field, suggestion: e.suggestion)
                    throw e
                }
            }
            let D = try s.demand.value(year: year, start: s.startYear, name: "demand")
            let g = try s.grid.value(year: year, start: s.startYear, name: "grid")
            var N = Dictionary(uniqueKeysWithValues: names.map { ($0, 0.0) })
            var R = N
            if year > s.startYear {
                var remaining = [String: Double]()
                for r in s.routes {
                    R[r.name] = K[r.name]! / r.lifetime
                    remaining[r.name] = K[r.name]! - R[r.name]!
                }
                // Sums run in route order, never in dictionary order (which varies between
                // dictionaries), so results are bit-for-bit reproducible.
                let gap = max(0, D / s.utilisation - s.routes.reduce(0.0) { $0 + remaining[$1.name]! })
                let shares = try newBuildShares(s, year: year, grid: g)
                for r in s.routes { N[r.name] = shares[r.name]! * gap; K[r.name] = remaining[r.name]! + N[r.name]! }
            }
            let totalK = s.routes.reduce(0.0) { $0 + K[$1.name]! }
            guard totalK > 0 else { throw IndustrialError(.infeasible, "no capacity is left in \(year) to meet a demand of \(D)", field: "routes") }
            var P = Dictionary(uniqueKeysWithValues: names.map { ($0, D * K[$0]! / totalK) })
            if let supply = s.scrapSupply {
                let S = try supply.value(year: year, start: s.startYear, name: "scrap_supply")
                try applyScrapConstraint(&P, scenario: s, K: K, scrap: S, year: year, warnings: &warnings)
            }
            var dByRoute: [String: Double] = [:], iByRoute: [String: Double] = [:]
            for r in s.routes {
                dByRoute[r.name] = P[r.name]! * r.direct
                iByRoute[r.name] = P[r.name]! * r.electricity * g
            }
            let Ed = s.routes.reduce(0.0) { $0 + dByRoute[$1.name]! }, Ei = s.routes.reduce(0.0) { $0 + iByRoute[$1.name]! }
            cumulative += Ed + Ei
            for (what, v) in [
                ("demand", D), ("capacity", totalK), ("direct emissions", Ed), ("indirect emissions", Ei), ("cumulative emissions", cumulative)
            ] where !v.isFinite {
                throw IndustrialError(
                    .notFinite, "the \(what) of \(year) is not a finite number (\(v)): the inputs are too large to compute with",
                    field: what == "demand" ? "demand" : "routes",
                    suggestion: "check the magnitudes of demand, capacities and intensities (docs/simulate-format.md, \"Plausible ranges\")")
            }
            years.append(
                YearResult(
                    year: year, demand: D, capacity: K, newBuild: N, retired: R, production: P, directByRoute: dByRoute,
                    indirectByRoute: iByRoute, direct: Ed, indirect: Ei, total: Ed + Ei, cumulative: cumulative,
                    intensity: D > 0 ? (Ed + Ei) / D : 0, gridIntensity: g))
        }
        return SimulationResult(
            scenario: s.name, sector: s.sector, unit: s.unit ?? "Mt", routes: names, years: years, cumulative: cumulative, warnings: warnings)
    }

    /// The years a scenario may cover, and the longest horizon simulated.
    public static let yearRange = 1900...2200
    /// Longest horizon a scenario may span, in years (end − start + 1).
    public static let maxHorizonYears = 200
    /// The most Monte Carlo iterations of a scenario's uncertainty section.
    public static let maxIterations = 1_000_000

    /// Checks a scenario: structure, finite numbers, the horizon, and every quantity against its
    /// plausible range (``PlausibleRange``): beyond physical possibility is an error, beyond any real
    /// case a warning (returned, naming the field).
    @discardableResult
    public static func validate(_ s: IndustrialScenario) throws -> [String] {
        try checkStructure(s)
        var c = ScenarioChecker()
        // Amounts are in the scenario's unit: their plausible range is known for Mt only.
        let inMt = ["mt", "mt/yr", "mt/a", "mt/year"].contains((s.unit ?? "Mt").lowercased())
        let output: PlausibleRange? = inMt ? .sectorOutput : nil
        try c.series(s.demand, "demand", level: output)
        try c.series(s.grid, "grid", level: .gridEmissionFactor)
        try c.series(s.carbonPrice, "carbon_price", level: .carbonPrice)
        try c.series(s.scrapSupply, "scrap_supply", level: output)
        for r in s.routes { try c.route(r, output: output) }
        try c.choice(s)
        for (i, o) in (s.overrides ?? []).enumerated() {
            for (path, v) in o.set.sorted(by: { $0.key < $1.key }) { try c.check(v, nil, "overrides[\(i)].set.\(path)") }
            if !(s.startYear...s.endYear).contains(o.year) {
                let w =
                    "field 'overrides[\(i)].year': \(o.year) is outside the simulated years \(s.startYear)–\(s.endYear); the override is never applied"
                if !c.warnings.contains(w) { c.warnings.append(w) }
            }
        }
        if let u = s.uncertainty { try c.uncertainty(u) }
        return c.warnings
    }

    /// Checks a scenario's horizon (bounded, so that a typo such as end_year: 100000000 is an error, not a run
    /// without end), its routes (some, with unique names) and its utilisation.
    static func checkStructure(_ s: IndustrialScenario) throws {
        for (y, f) in [(s.startYear, "start_year"), (s.endYear, "end_year")] where !yearRange.contains(y) {
            throw IndustrialError(
                .invalidScenario, "\(f) \(y) is outside the years that can be simulated (\(yearRange.lowerBound)–\(yearRange.upperBound))", field: f,
                suggestion: "give a calendar year such as 2050")
        }
        guard s.endYear >= s.startYear else { throw IndustrialError(.invalidScenario, "end_year is before start_year", field: "end_year") }
        guard s.endYear - s.startYear + 1 <= maxHorizonYears else {
            throw IndustrialError(
                .invalidScenario,
                "the horizon \(s.startYear)–\(s.endYear) is \(s.endYear - s.startYear + 1) years; at most \(maxHorizonYears) years are simulated",
                field: "end_year")
        }
        guard !s.routes.isEmpty else { throw IndustrialError(.invalidScenario, "the scenario has no routes", field: "routes") }
        guard Set(s.routes.map(\.name)).count == s.routes.count else {
            throw IndustrialError(.invalidScenario, "route names must be unique", field: "routes")
        }
        guard s.utilisation.isFinite, s.utilisation > 0 && s.utilisation <= 1 else {
            throw IndustrialError(.invalidScenario, "utilisation must be in (0, 1], got \(s.utilisation)", field: "utilisation")
        }
    }

    /// Checks the numbers of a scenario against their plausible ranges, collecting the warnings.
    struct ScenarioChecker {
        /// Warnings so far, each naming its field.
        var warnings: [String] = []

        /// Checks a value: finite without a range; within a range, an error beyond physical possibility and a warning beyond any real case.
        mutating func check(_ v: Double?, _ range: PlausibleRange?, _ field: String) throws {
            guard let v else { return }
            guard let range else {
                guard v.isFinite else { throw IndustrialError(.invalidScenario, "\(v) is not a finite number", field: field) }
                return
            }
            switch range.verdict(v) {
            case .plausible: return
            case .unusual(let m): warnings.append("field '\(field)': \(m)")
            case .impossible(let m): throw IndustrialError(.invalidScenario, m, field: field)
            }
        }

        /// Checks a time series: its initial value, growth, change and decline, and its values keyed by year (none negative).
        mutating func series(_ x: IndustrialScenario.Series?, _ name: String, level: PlausibleRange?) throws {
            guard let x else { return }
            try check(x.initial, level, "\(name).initial")
            if x.initial.map({ $0 < 0 }) == true {
                throw IndustrialError(.invalidScenario, "\(name).initial must not be negative", field: "\(name).initial")
            }
            try check(x.growth, .growthRate, "\(name).growth")
            try check(x.changePerYear, nil, "\(name).change_per_year")
            try check(x.declinePct, .declinePercent, "\(name).decline_pct")
            for (k, v) in (x.values ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let y = Int(k.trimmingCharacters(in: .whitespaces)) else { throw ScenarioChecker.notAYear(k, field: "\(name).values") }
                try check(v, level, "\(name).values.\(y)")
                if v < 0 { throw IndustrialError(.invalidScenario, "\(name) must not be negative, got \(v)", field: "\(name).values.\(y)") }
            }
        }

        /// The error for a key of a series' values that is not a year, suggesting the year it may be a typo of (O for 0, l for 1, S for 5).
        static func notAYear(_ k: String, field: String) -> IndustrialError {
            let fixed = String(
                k.map { c -> Character in
                    switch c {
                    case "O", "o": return "0";
                    case "l", "I", "i": return "1";
                    case "S", "s": return "5";
                    default: return c
                    }
                })
            return IndustrialError(
                .invalidScenario, "'\(k)' is not a year", field: field,
                suggestion: Int(fixed).map { "did you mean \($0)?" } ?? "the values are keyed by year, e.g. 2030: 0.4")
        }

        /// Checks a route: capacity, lifetime, intensities, share and the other numbers.
        mutating func route(_ r: IndustrialScenario.Route, output: PlausibleRange?) throws {
            let f = "routes.\(r.name)"
            try check(r.capacity, output, "\(f).capacity")
            guard r.capacity >= 0 else {
                throw IndustrialError(.invalidScenario, "capacity must not be negative (\(r.capacity))", field: "\(f).capacity")
            }
            guard r.lifetime > 0 else { throw IndustrialError(.invalidScenario, "lifetime must be positive (\(r.lifetime))", field: "\(f).lifetime") }
            try check(r.lifetime, .assetLifetime, "\(f).lifetime")
            guard r.direct >= 0, r.electricity >= 0 else {
                throw IndustrialError(.invalidScenario, "intensities must not be negative", field: "\(f).direct")
            }
            try check(r.direct, .specificEmissions, "\(f).direct")
            try check(r.electricity, .electricityPerTonne, "\(f).electricity")
            try check(r.fuel, nil, "\(f).fuel")
            try check(r.share, nil, "\(f).share")
            if let sh = r.share, sh < 0 { throw IndustrialError(.invalidScenario, "share must not be negative", field: "\(f).share") }
            try check(r.scrap, .scrapPerTonne, "\(f).scrap")
            try check(r.cost, nil, "\(f).cost")
            try check(r.maxUtilisation, nil, "\(f).max_utilisation")
        }

        /// Checks the new-build choice: fixed shares adding up to one, or a logit with costs and a positive lambda.
        mutating func choice(_ s: IndustrialScenario) throws {
            if (s.choice?.method ?? "shares") == "shares" {
                let sum = s.routes.reduce(0.0) { $0 + ($1.share ?? 0) }
                guard abs(sum - 1) < 1e-9 else {
                    throw IndustrialError(.invalidScenario, "new-build shares sum to \(sum), not 1", field: "routes.*.share")
                }
            } else if s.choice?.method == "logit" {
                try check(s.choice?.lambda, nil, "choice.lambda")
                guard s.routes.allSatisfy({ $0.cost != nil }), (s.choice?.lambda ?? 0) > 0 else {
                    throw IndustrialError(.invalidScenario, "the logit choice needs a cost for every route and a positive lambda", field: "choice")
                }
            } else {
                throw IndustrialError(
                    .invalidScenario, "unknown choice method '\(s.choice?.method ?? "")'; use shares or logit", field: "choice.method")
            }
        }

        /// Checks the uncertainty section: the number of iterations and each parameter's spread.
        mutating func uncertainty(_ u: IndustrialScenario.Uncertainty) throws {
            guard u.iterations <= IndustrialSimulator.maxIterations else {
                throw IndustrialError(
                    .invalidScenario, "\(u.iterations) iterations is more than the \(IndustrialSimulator.maxIterations) a scenario may ask for",
                    field: "uncertainty.iterations")
            }
            for p in u.parameters {
                try check(p.gsd, nil, "uncertainty.\(p.parameter).gsd")
                try check(p.uncertaintyPct, nil, "uncertainty.\(p.parameter).uncertainty_pct")
                if let g = p.gsd, g < 1 {
                    throw IndustrialError(
                        .invalidScenario, "a geometric standard deviation is at least 1, got \(g)", field: "uncertainty.\(p.parameter).gsd")
                }
                if let q = p.uncertaintyPct, q < 0 {
                    throw IndustrialError(
                        .invalidScenario, "an uncertainty is not negative, got \(q) %", field: "uncertainty.\(p.parameter).uncertainty_pct")
                }
            }
        }
    }

    /// Fixed shares, or θ_r = exp(−λ·LCOP_r) / Σ exp(−λ·LCOP_k) with LCOP_r = cost_r + p·(e_r + q_r·g).
    static func newBuildShares(_ s: IndustrialScenario, year: Int, grid g: Double) throws -> [String: Double] {
        if s.choice?.method == "logit" {
            let p = try s.carbonPrice?.value(year: year, start: s.startYear, name: "carbon_price") ?? 0
            let lambda = s.choice!.lambda!
            let lcop = s.routes.map { $0.cost! + p * ($0.direct + $0.electricity * g) }
            let m = lcop.min()!
            let w = lcop.map { exp(-lambda * ($0 - m)) }
            let total = w.reduce(0, +)
            return Dictionary(uniqueKeysWithValues: zip(s.routes.map(\.name), w.map { $0 / total }))
        }
        return Dictionary(uniqueKeysWithValues: s.routes.map { ($0.name, $0.share ?? 0) })
    }

    /// Scrap-based routes may use at most the scrap supply; the excess moves to the other routes in
    /// proportion to their spare capacity (K·u_max − P). Fails, naming the year, when that is not enough.
    static func applyScrapConstraint(
        _ P: inout [String: Double], scenario s: IndustrialScenario, K: [String: Double], scrap S: Double, year: Int, warnings: inout [String]
    ) throws {
        let users = s.routes.filter { ($0.scrap ?? 0) > 0 }
        let need = users.reduce(0.0) { $0 + P[$1.name]! * $1.scrap! }
        guard need > S, need > 0 else { return }
        let factor = S / need
        var excess = 0.0
        for r in users { let cut = P[r.name]! * (1 - factor); P[r.name]! -= cut; excess += cut }
        let others = s.routes.filter { ($0.scrap ?? 0) == 0 }
        let spare = others.map { max(0, K[$0.name]! * ($0.maxUtilisation ?? 1) - P[$0.name]!) }
        let totalSpare = spare.reduce(0, +)
        guard totalSpare >= excess - 1e-9 else {
            throw IndustrialError(
                .infeasible,
                "demand cannot be met in \(year): scrap supply \(S) allows only \(S) of scrap use, and the other routes have \(totalSpare) spare capacity for the \(excess) to shift",
                field: "scrap_supply")
        }
        for (k, r) in others.enumerated() where totalSpare > 0 { P[r.name]! += excess * spare[k] / totalSpare }
        warnings.append("\(year): scrap supply binds; \(String(format: "%.4g", excess)) moved from scrap-based routes")
    }

    /// Sets a parameter by path: "utilisation", "demand.growth", "grid.initial", "grid.change_per_year",
    /// "carbon_price.initial", "scrap_supply.initial", "routes.NAME.(share|direct|electricity|lifetime|capacity|scrap|cost)".
    public static func apply(_ s: inout IndustrialScenario, path: String, value: Double) throws {
        let parts = path.split(separator: ".", maxSplits: 2).map(String.init)
        func series(_ x: inout IndustrialScenario.Series, _ key: String) throws {
            switch key {
            case "initial": x.initial = value
            case "growth": x.growth = value
            case "change_per_year": x.changePerYear = value
            case "decline_pct": x.declinePct = value
            default: throw IndustrialError(.unknownParameter, "'\(path)' names no parameter", field: path)
            }
        }
        switch parts[0] {
        case "utilisation" where parts.count == 1: s.utilisation = value
        case "demand" where parts.count == 2: try series(&s.demand, parts[1])
        case "grid" where parts.count == 2: try series(&s.grid, parts[1])
        case "carbon_price" where parts.count == 2:
            var c = s.carbonPrice ?? .init(); try series(&c, parts[1]); s.carbonPrice = c
        case "scrap_supply" where parts.count == 2:
            var c = s.scrapSupply ?? .init(); try series(&c, parts[1]); s.scrapSupply = c
        case "routes" where parts.count == 3:
            guard let i = s.routes.firstIndex(where: { $0.name == parts[1] }) else {
                throw IndustrialError(
                    .unknownParameter, "'\(path)' names no route (routes: \(s.routes.map(\.name).joined(separator: ", ")))", field: path)
            }
            switch parts[2] {
            case "share": s.routes[i].share = value
            case "direct": s.routes[i].direct = value
            case "electricity": s.routes[i].electricity = value
            case "lifetime": s.routes[i].lifetime = value
            case "capacity": s.routes[i].capacity = value
            case "scrap": s.routes[i].scrap = value
            case "cost": s.routes[i].cost = value
            default: throw IndustrialError(.unknownParameter, "'\(path)' names no route parameter", field: path)
            }
        default:
            throw IndustrialError(.unknownParameter, "'\(path)' names no parameter", field: path)
        }
    }

    /// Reads a parameter by path (for uncertainty sampling).
    public static func get(_ s: IndustrialScenario, path: String) throws -> Double {
        let parts = path.split(separator: ".", maxSplits: 2).map(String.init)
        func series(_ x: IndustrialScenario.Series?, _ key: String) throws -> Double {
            switch key {
            case "initial": if let v = x?.initial { return v }
            case "growth": if let v = x?.growth { return v }
            case "change_per_year": if let v = x?.changePerYear { return v }
            case "decline_pct": if let v = x?.declinePct { return v }
            default: break
            }
            throw IndustrialError(.unknownParameter, "'\(path)' names no parameter with a value", field: path)
        }
        switch parts[0] {
        case "utilisation": return s.utilisation
        case "demand" where parts.count == 2: return try series(s.demand, parts[1])
        case "grid" where parts.count == 2: return try series(s.grid, parts[1])
        case "routes" where parts.count == 3:
            guard let r = s.routes.first(where: { $0.name == parts[1] }) else {
                throw IndustrialError(.unknownParameter, "'\(path)' names no route", field: path)
            }
            switch parts[2] {
            case "direct": return r.direct
            case "electricity": return r.electricity
            case "lifetime": return r.lifetime
            case "capacity": return r.capacity
            default: break
            }
        default: break
        }
        throw IndustrialError(.unknownParameter, "'\(path)' names no parameter that can be uncertain", field: path)
    }

    /// Year-by-year differences (b − a) over the calendar years both results cover.
    public static func difference(_ a: SimulationResult, _ b: SimulationResult) -> [(year: Int, total: Double, direct: Double, indirect: Double)] {
        // Paired by calendar year (scenarios may start or end in different years), in the base's order.
        let other = Dictionary(b.years.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
        return a.years.compactMap { y in
            other[y.year].map { (year: y.year, total: $0.total - y.total, direct: $0.direct - y.direct, indirect: $0.indirect - y.indirect) }
        }
    }
}

/// Input-output shocks on a single-region system (industrial.md §4, IND-3): x = L·y, E = f·x,
/// multipliers f·L, and ΔE = f·L·Δy — one LU of (I − A), never the inverse.
public enum IOShock {
    /// The result of one shock, in the units of y and f.
    public struct Result: Sendable, Codable {
        /// Gross output x = L·y of each sector.
        public var x: [Double]
        /// Total emissions E = f·x.
        public var emissions: Double
        /// Emission multipliers f·L per unit of final demand of each sector (a transposed solve).
        public var multipliers: [Double]
        /// Change of gross output Δx = L·Δy.
        public var dx: [Double]
        /// Change of emissions ΔE = f·Δx.
        public var dE: Double
    }

    /// Evaluates a final-demand shock Δy on the system (A, f, y) with one dense LU of (I − A), O(n³).
    ///
    /// - throws: ``IndustrialError`` `.invalidScenario` when the dimensions disagree; the LU's error when I − A is singular.
    public static func evaluate(A: [[Double]], f: [Double], y: [Double], dy: [Double]) throws -> Result {
        let n = f.count
        guard A.count == n, A.allSatisfy({ $0.count == n }), y.count == n, dy.count == n else {
            throw IndustrialError(.invalidScenario, "A must be n × n and f, y, Δy must have n = \(n) entries", field: "A")
        }
        let m = DenseMatrix(rows: n, columns: n) { i, j in (i == j ? 1 : 0) - A[i][j] }
        let lu = try DenseLU(m)
        let x = try lu.solve(y), dx = try lu.solve(dy), mult = try lu.solve(f, transpose: true)
        return Result(
            x: x, emissions: zip(f, x).reduce(0) { $0 + $1.0 * $1.1 }, multipliers: mult, dx: dx, dE: zip(f, dx).reduce(0) { $0 + $1.0 * $1.1 })
    }
}

extension IndustrialSimulator {
    /// Runs the deterministic pathway and, when the scenario declares uncertain parameters, a Monte
    /// Carlo over them (lognormal for `gsd`, normal truncated at 0 for `uncertainty_pct`) giving the
    /// 2.5 and 97.5 percentiles of each year's total.
    public static func simulateWithUncertainty(_ scenario: IndustrialScenario, workers: Int = ProcessInfo.processInfo.activeProcessorCount)
        async throws -> SimulationResult
    {
        var base = try simulate(scenario)
        guard let e = try SimulationEnsemble(scenario) else { return base }
        let result = try await MonteCarlo.runVector(
            inputs: e.inputs, outputCount: e.outputCount, iterations: e.iterations, seed: e.seed, blockSize: SimulationEnsemble.blockSize,
            workers: workers, model: e.model)
        e.apply(result.summaries, to: &base)
        return base
    }
}

/// The Monte Carlo ensemble of a scenario with uncertain parameters: the input distributions
/// (lognormal for `gsd`, normal truncated at 0 for `uncertainty_pct`; `utilisation` also truncated at 1) and the model (one
/// simulation per draw, each year's total out). Run whole with ``MonteCarlo/runVector(inputs:outputCount:iterations:seed:blockSize:workers:correlation:design:tolerance:keepInputs:cancellation:progress:model:)``
/// or in parts (``MonteCarlo/runVectorBlocks(_:inputs:outputCount:iterations:seed:blockSize:workers:correlation:design:cancellation:progress:model:)``,
/// for a cluster): the result is the same.
public struct SimulationEnsemble: Sendable {
    /// Iterations per block (fixed: results depend on it).
    public static let blockSize = 1000
    /// One distribution per uncertain parameter, in the order of the scenario's `uncertainty.parameters`.
    public let inputs: [Distribution]
    /// Number of outputs: one total per simulated year.
    public let outputCount: Int
    /// Monte Carlo iterations asked for by the scenario.
    public let iterations: Int
    /// Seed of the scenario's uncertainty section.
    public let seed: UInt64
    /// The model: sets the drawn parameters, simulates, and returns each year's total; throws what ``IndustrialSimulator/simulate(_:)`` throws.
    public let model: @Sendable ([Double]) throws -> [Double]

    /// nil when the scenario declares no uncertain parameter.
    public init?(_ scenario: IndustrialScenario) throws {
        guard let u = scenario.uncertainty, !u.parameters.isEmpty else { return nil }
        guard u.iterations > 0 else {
            throw IndustrialError(.invalidScenario, "uncertainty.iterations must be positive", field: "uncertainty.iterations")
        }
        var inputs: [Distribution] = []
        for p in u.parameters {
            let v = try IndustrialSimulator.get(scenario, path: p.parameter)
            // Utilisation is a share of capacity: its draws stay within (0, 1] (the distribution is truncated at 1), as the
            // scenario's own value must; otherwise a draw above 1 would stop the whole Monte Carlo.
            let upper = p.parameter == "utilisation" ? 1.0 : .infinity
            if let g = p.gsd {
                guard v > 0 else {
                    throw IndustrialError(.invalidScenario, "a lognormal needs a positive value; \(p.parameter) is \(v)", field: p.parameter)
                }
                let d = try Distribution.lognormal(geometricMean: v, gsd: g)
                inputs.append(upper.isFinite ? .truncated(d, lower: 0, upper: upper) : d)
            } else if let pct = p.uncertaintyPct {
                inputs.append(.truncated(.normal(mean: v, sd: abs(v) * pct / 196), lower: 0, upper: upper))
            } else {
                throw IndustrialError(.invalidScenario, "give gsd or uncertainty_pct for \(p.parameter)", field: p.parameter)
            }
        }
        let paths = u.parameters.map(\.parameter)
        self.inputs = inputs
        self.outputCount = try IndustrialSimulator.simulate(scenario).years.count
        self.iterations = u.iterations
        self.seed = u.seed
        self.model = { draw in
            var s = scenario
            for (k, p) in paths.enumerated() { try IndustrialSimulator.apply(&s, path: p, value: draw[k]) }
            return try IndustrialSimulator.simulate(s).years.map(\.total)
        }
    }

    /// Writes each year's 2.5 and 97.5 percentiles into the deterministic result.
    public func apply(_ summaries: [UncertaintySummary], to base: inout SimulationResult) {
        for (k, summary) in summaries.enumerated() where k < base.years.count {
            base.years[k].totalP2_5 = summary.p2_5
            base.years[k].totalP97_5 = summary.p97_5
        }
    }
}
