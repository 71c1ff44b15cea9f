import Foundation
import YuhengCore
import YuhengInventory
import YuhengUncertainty

/// One uncertain input of an inventory: the activity data of one activity,
/// or one emission factor (or factor chain) — a factor used by several
/// activities is **one** input, so every activity that uses it sees the
/// same draw (method note §4, full-correlation rule).
///
/// The distribution is that of a multiplier with nominal value 1: an
/// emission is its deterministic value times the multipliers of its
/// inputs.
public struct InventoryUncertainInput: Sendable, Hashable, Codable {
    /// What an uncertain input stands for, which decides how its distribution is built.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The amount of one activity (ad_uncertainty_pct, normal truncated at 0).
        case activityData = "activity_data"
        /// A factor from the data layer with a 95 % range (lognormal fitted to low/high).
        case factorRange = "factor_range"
        /// A factor whose uncertainty the activity file states in percent (normal truncated at 0).
        case statedPercent = "stated_percent"
    }

    /// A stable key, e.g. `ad:coal`, `fuel_co2|natural_gas`, `stationary|1A1|natural_gas|CH4`.
    public var id: String
    /// A readable description.
    public var name: String
    /// Whether the input is activity data, a ranged factor or a stated percentage.
    public var kind: Kind
    /// The multiplier's distribution (nominal 1).
    public var distribution: Distribution
    /// The deterministic value the multiplier scales, with its unit (informative).
    public var nominalValue: Double?
    /// Unit symbol of `nominalValue`, e.g. "kg/TJ" or "TJ"; nil when unknown.
    public var unit: String?
    /// Activities (ids) whose emissions use this input.
    public var usedBy: [String]

    enum CodingKeys: String, CodingKey {
        case id, name, kind, distribution, unit
        case nominalValue = "nominal_value"
        case usedBy = "used_by"
    }
}

/// First-order (analytic) propagation through the same input model as the
/// Monte Carlo run, shared factors included (IPCC Approach 1 generalised:
/// Var(T) = Σ_i (∂T/∂x_i)² Var(x_i), ∂T/∂x_i = Σ of the emissions using input i).
public struct InventoryAnalyticUncertainty: Sendable, Hashable, Codable {
    /// Deterministic total, t CO2e.
    public var total: Double
    /// Standard deviation of the total (first order).
    public var sd: Double
    /// Half-width of the 95 % interval in percent of the total: 1.96·sd/|total|·100.
    public var halfWidthPercent: Double
    /// Share of the variance per input (same order as the model's inputs).
    public var varianceShares: [Double]

    enum CodingKeys: String, CodingKey {
        case total, sd
        case halfWidthPercent = "half_width_pct"
        case varianceShares = "variance_shares"
    }
}

/// The uncertainty model of a computed inventory: the uncertain inputs
/// (activity data and factors from the data layer) and, for every emission
/// counted in the total, which inputs multiply it.
///
/// Rules (issue "uncertainty applied to each engine"; method note §1, §4):
/// - activity data: `ad_uncertainty_pct` U → normal(1, U/196) truncated at 0;
/// - a factor with a 95 % range (low, high) in the data layer → lognormal
///   with those 2.5/97.5 percentiles, divided by the value used;
/// - a percentage stated in the activity file (`ef_uncertainty_pct`,
///   `ch4_uncertainty_pct`, `n2o_uncertainty_pct`, `ncv_uncertainty_pct`)
///   → normal(1, U/196) truncated at 0 (IPCC-6 uses normal PDFs);
///   `ef_uncertainty_pct` covers the whole CO2 factor chain (NCV × EF), as in
///   the deterministic engine;
/// - the **same** factor used by several activities is one input;
/// - factors without a range stay fixed (listed in ``unquantified``).
///
/// The model is multiplicative: an emission = deterministic value ×
/// Π multipliers. That is exact for the Tier 1 combustion and enteric
/// methods and for cement without clinker imports or exports (with them,
/// the activity-data and clinker-fraction multipliers also scale the
/// imported clinker — a first-order approximation).
///
/// ```swift
/// let result = try engine.compute(activities)
/// let model = try InventoryUncertaintyModel(result: result, activities: activities, factors: engine.factors)
/// let mc = try await model.monteCarlo(iterations: 200_000, seed: 1)
/// mc.total.halfWidthPercent   // ≈ 3.78 for IPCC-6
/// ```
public struct InventoryUncertaintyModel: Sendable {
    /// One emission counted in the total.
    public struct Term: Sendable, Hashable {
        /// Identifier of the activity line the emission comes from.
        public var activityID: String
        /// IPCC category code of the emission, e.g. "1.A.1".
        public var category: String
        /// Gas name, e.g. "CO2", "CH4", "N2O".
        public var gas: String
        /// Deterministic t CO2e.
        public var co2e: Double
        /// Indices into ``InventoryUncertaintyModel/inputs``.
        public var inputs: [Int]
        /// Powers of the inputs (nil: all 1).
        public var powers: [Double]? = nil
        /// First-order decay kernel of a solid-waste deposit: the decay-rate input, its nominal value, the age.
        public var decay: EmissionTerm.Decay? = nil

        /// The term's value for one draw of the multipliers.
        @inline(__always)
        func value(_ x: [Double]) -> Double {
            var v = co2e
            if let p = powers {
                for (j, i) in inputs.enumerated() { v *= p[j] == 1 ? x[i] : pow(x[i], p[j]) }
            } else {
                for i in inputs { v *= x[i] }
            }
            if let d = decay {
                let g0 = EmissionTerm.decayShare(k: d.k, age: d.age)
                if g0 > 0 { v *= EmissionTerm.decayShare(k: d.k * x[d.factor], age: d.age) / g0 }
            }
            return v
        }

        /// ∂(value)/∂x_i at the nominal point, per input (the analytic propagation).
        func gradient() -> [(Int, Double)] {
            var out: [(Int, Double)] = []
            for (j, i) in inputs.enumerated() { out.append((i, co2e * (powers?[j] ?? 1))) }
            if let d = decay { out.append((d.factor, co2e * EmissionTerm.decayElasticity(k: d.k, age: d.age))) }
            return out
        }
    }

    /// The uncertain inputs (activity data and factors), each a multiplier with nominal value 1; a shared factor appears once.
    public let inputs: [InventoryUncertainInput]
    /// Every emission counted in the total, with the inputs that multiply it.
    public let terms: [Term]
    /// Output 0 is the total; then one output per IPCC category (sorted codes).
    public let categories: [String]
    /// Deterministic total, t CO2e.
    public let deterministicTotal: Double
    /// Emissions (source and gas) with no uncertain input at all.
    public let unquantified: [String]
    /// Notes on how inputs were identified (fallbacks).
    public let notes: [String]
    /// Output index (1-based category position) of each term.
    private let termOutput: [Int]

    /// The output names: `total`, then the category codes.
    public var outputNames: [String] { ["total"] + categories }

    /// Builds the model from a computed inventory.
    ///
    /// - throws: ``UncertaintyError`` for an invalid range or percentage
    ///   (naming the factor), ``UncertaintyError/Code/emptyInput`` if the
    ///   inventory has no emission counted in the total.
    public init(result: InventoryResult, activities: [Activity], factors: InventoryFactors) throws {
        var builder = Builder(factors: factors)
        let (terms, unquantified) = try Self.makeTerms(result: result, activities: activities, builder: &builder)
        guard !terms.isEmpty else {
            throw UncertaintyError(.emptyInput, "inventory uncertainty: no emission is counted in the total", parameter: "result")
        }
        self.inputs = builder.inputs
        self.terms = terms
        let categories = Array(Set(terms.map(\.category))).sorted()
        let position = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0 + 1) })
        self.categories = categories
        self.termOutput = terms.map { position[$0.category]! }
        self.deterministicTotal = terms.reduce(0) { $0 + $1.co2e }
        self.unquantified = unquantified
        self.notes = builder.notes
    }

    /// The terms of every emission counted in a result's total, their inputs registered in `builder`
    /// (shared with other years when the builder is), and the emissions without any uncertain input.
    static func makeTerms(result: InventoryResult, activities: [Activity], builder: inout Builder) throws -> ([Term], [String]) {
        var byKey: [String: Activity] = [:]
        for a in activities { byKey["\(a.id)#\(a.line ?? -1)"] = a }
        var terms: [Term] = []
        var unquantified: [String] = []
        for s in result.sources where s.memo == nil {
            let activity = byKey["\(s.id)#\(s.line ?? -1)"] ?? activities.first { $0.id == s.id }
            for e in s.emissions where !e.memo && e.co2eTonnes != 0 && e.note == nil {
                if let generic = e.terms {
                    let made = try builder.terms(generic, source: s, emission: e)
                    if made.allSatisfy({ $0.inputs.isEmpty && $0.decay == nil }) { unquantified.append("\(s.id) \(e.gas.name)") }
                    terms += made
                    continue
                }
                var idx: [Int] = []
                if let a = activity {
                    if let i = try builder.activityData(a) { idx.append(i) }
                    idx += try builder.factorChain(a, source: s, emission: e)
                } else if let u = e.factorUncertaintyPercent {
                    idx.append(try builder.stated("factor:\(s.id):\(e.gas.name)", "factor chain of \(s.id) (\(e.gas.name))", u, user: s.id))
                }
                if idx.isEmpty { unquantified.append("\(s.id) \(e.gas.name)") }
                terms.append(Term(activityID: s.id, category: s.category, gas: e.gas.name, co2e: e.co2eTonnes, inputs: idx))
            }
        }
        return (terms, unquantified)
    }

    /// The input distributions, in order.
    public var distributions: [Distribution] { inputs.map(\.distribution) }

    /// The total and per-category CO2e for one draw of the multipliers.
    public func evaluate(_ x: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: 1 + categories.count)
        for (k, t) in terms.enumerated() {
            let v = t.value(x)
            out[0] += v
            out[termOutput[k]] += v
        }
        return out
    }

    /// The total CO2e for one draw (output 0 of ``evaluate(_:)``), without the category split.
    public func total(_ x: [Double]) -> Double {
        var sum = 0.0
        for t in terms { sum += t.value(x) }
        return sum
    }

    /// First-order propagation (see ``InventoryAnalyticUncertainty``).
    public func analytic() -> InventoryAnalyticUncertainty {
        var gradient = [Double](repeating: 0, count: inputs.count)
        for t in terms { for (i, g) in t.gradient() { gradient[i] += g } }
        let contributions = inputs.indices.map { gradient[$0] * gradient[$0] * inputs[$0].distribution.variance }
        let variance = contributions.reduce(0, +)
        let sd = variance.squareRoot()
        return InventoryAnalyticUncertainty(
            total: deterministicTotal, sd: sd,
            halfWidthPercent: deterministicTotal == 0 ? .nan : Distribution.ipccZ95 * sd / abs(deterministicTotal) * 100,
            varianceShares: contributions.map { variance > 0 ? $0 / variance : 0 })
    }

    /// Monte Carlo (IPCC Approach 2) of the total and the category totals.
    ///
    /// - throws: ``UncertaintyError/Code/emptyInput`` when no input is
    ///   uncertain; otherwise as ``MonteCarlo/runVector(inputs:outputCount:iterations:seed:blockSize:workers:correlation:design:tolerance:keepInputs:cancellation:progress:model:)``.
    public func monteCarlo(
        iterations: Int, seed: UInt64, blockSize: Int = 1000,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        design: SamplingDesign = .random, tolerance: Double? = nil, keepInputs: Bool = false,
        cancellation: CancellationFlag? = nil,
        progress: (@Sendable (_ done: Int, _ total: Int, _ runningMean: Double) -> Void)? = nil
    ) async throws -> InventoryMonteCarloResult {
        guard !inputs.isEmpty else {
            throw UncertaintyError(
                .emptyInput, "inventory uncertainty: no activity has ad_uncertainty_pct and no factor has a range",
                parameter: "inputs")
        }
        let me = self
        let run = try await MonteCarlo.runVector(
            inputs: distributions, outputCount: 1 + categories.count, iterations: iterations, seed: seed, blockSize: blockSize,
            workers: workers, design: design, tolerance: tolerance, keepInputs: keepInputs, cancellation: cancellation,
            progress: progress
        ) { x in me.evaluate(x) }
        return InventoryMonteCarloResult(
            total: run.summaries[0],
            byCategory: Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, run.summaries[$0 + 1]) }),
            deterministicTotal: deterministicTotal, run: run)
    }
}

/// The Monte Carlo result of an inventory.
public struct InventoryMonteCarloResult: Sendable {
    /// Summary of the total, t CO2e.
    public let total: UncertaintySummary
    /// Summaries per IPCC category.
    public let byCategory: [String: UncertaintySummary]
    /// Deterministic total, t CO2e.
    public let deterministicTotal: Double
    /// The full run (outputs: total, then categories in sorted order).
    public let run: MonteCarloVectorResult
}

// MARK: - Identification of the factors

extension InventoryUncertaintyModel {
    struct Builder {
        let factors: InventoryFactors
        var inputs: [InventoryUncertainInput] = []
        var index: [String: Int] = [:]
        var notes: [String] = []

        init(factors: InventoryFactors) { self.factors = factors }

        /// Joins parts as InventoryFactors keys them (empty parts kept).
        static func key(_ parts: String...) -> String { parts.joined(separator: "|") }

        mutating func add(
            _ id: String, _ name: String, _ kind: InventoryUncertainInput.Kind, _ make: () throws -> Distribution,
            nominal: Double? = nil, unit: String? = nil, user: String
        ) throws -> Int {
            if let i = index[id] {
                if !inputs[i].usedBy.contains(user) { inputs[i].usedBy.append(user) }
                return i
            }
            let d: Distribution
            do { d = try make().validated() } catch let e as UncertaintyError {
                throw UncertaintyError(e.code, "\(name): \(e.message)", parameter: id)
            }
            inputs.append(InventoryUncertainInput(id: id, name: name, kind: kind, distribution: d, nominalValue: nominal, unit: unit, usedBy: [user]))
            index[id] = inputs.count - 1
            return inputs.count - 1
        }

        /// normal(1, U/196) truncated at 0.
        static func percentMultiplier(_ u: Double) throws -> Distribution {
            guard u.isFinite, u >= 0 else {
                throw UncertaintyError(.invalidParameter, "uncertainty \(u) % must be a non-negative percentage", parameter: "uncertainty_pct")
            }
            return .truncated(.normal(mean: 1, sd: u / (100 * Distribution.ipccZ95)), lower: 0, upper: .infinity)
        }

        mutating func stated(_ id: String, _ name: String, _ u: Double, user: String) throws -> Int {
            try add(id, name + " (±\(fmt(u)) %)", .statedPercent, { try Self.percentMultiplier(u) }, user: user)
        }

        mutating func activityData(_ a: Activity) throws -> Int? {
            guard let u = a.adUncertaintyPercent, u > 0 else { return nil }
            return try add(
                "ad:\(a.id)" + (a.line.map { "@\($0)" } ?? ""), "activity data of \(a.id) (±\(fmt(u)) %)", .activityData,
                { try Self.percentMultiplier(u) }, nominal: a.amount, unit: a.unit.symbol, user: a.id)
        }

        /// A factor with a 95 % range: the lognormal with low/high as 2.5/97.5 percentiles, over the value.
        mutating func ranged(_ id: String, _ name: String, _ r: RangedValue, user: String) throws -> Int? {
            guard let lo = r.low, let hi = r.high, r.value != 0, hi > lo else { return nil }
            let v = r.value
            return try add(
                id, name + " [\(fmt(lo))–\(fmt(hi)) \(r.unit.symbol)]", .factorRange,
                {
                    if lo > 0 && v > 0 { return try Distribution.lognormal(p2_5: lo / v, p97_5: hi / v) }
                    // a range reaching zero or below cannot be lognormal: a normal truncated at 0 with the same 95 % width
                    return .truncated(
                        .normal(mean: (lo + hi) / 2 / v, sd: (hi - lo) / (2 * Distribution.ipccZ95) / abs(v)), lower: 0, upper: .infinity)
                }, nominal: v, unit: r.unit.symbol, user: user)
        }

        func fuelID(_ item: String) -> String? {
            if factors.fuels[item] != nil { return item }
            if let a = InventoryFactors.fuelAliases[item], factors.fuels[a] != nil { return a }
            return nil
        }

        func param(_ a: Activity, _ key: String) -> Double? {
            guard let raw = a.parameters[key] else { return nil }
            return Double(raw.trimmingCharacters(in: .whitespaces))
        }

        static func same(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-9 * max(abs(x), abs(y)) }

        func kgPerTJ(_ r: RangedValue) -> Double? {
            guard let u = try? MeasureUnit("kg/TJ") else { return nil }
            return try? r.unit.convert(r.value, to: u)
        }

        mutating func fallback(_ a: Activity, _ e: GasEmission, reason: String) throws -> [Int] {
            guard let u = e.factorUncertaintyPercent else { return [] }
            notes.append("\(a.id) \(e.gas.name): \(reason); the factor chain uses the source's stated ±\(fmt(u)) % as its own input")
            return [try stated("factor:\(a.id):\(e.gas.name)", "factor chain of \(a.id) (\(e.gas.name))", u, user: a.id)]
        }

        mutating func factorChain(_ a: Activity, source s: SourceResult, emission e: GasEmission) throws -> [Int] {
            switch a.method {
            case .stationary, .mobile: return try combustion(a, s, e)
            case .cement: return try cement(a, s, e)
            case .enteric: return try enteric(a, s, e)
            default: return [] // the other methods give their terms (``GasEmission/terms``)
            }
        }

        /// The generic path: an emission given as monomials in its line's uncertain inputs.
        mutating func terms(_ ts: [EmissionTerm], source s: SourceResult, emission e: GasEmission) throws -> [InventoryUncertaintyModel.Term] {
            let scale = e.tonnes == 0 ? 0 : e.co2eTonnes / e.tonnes
            var map: [Int: Int] = [:]
            func input(_ local: Int) throws -> Int {
                if let g = map[local] { return g }
                let f = s.uncertainFactors[local]
                let g = try add(
                    f.id, f.name, f.kind == .activityData ? .activityData : (f.percent != nil ? .statedPercent : .factorRange),
                    {
                        try Self.distribution(f)
                    }, nominal: f.value, user: s.id)
                map[local] = g
                return g
            }
            var out: [InventoryUncertaintyModel.Term] = []
            for t in ts {
                var idx: [Int] = []
                for i in t.factors { idx.append(try input(i)) }
                let decay = try t.decay.map { EmissionTerm.Decay(factor: try input($0.factor), k: $0.k, age: $0.age) }
                let allOne = t.powers.allSatisfy { $0 == 1 }
                out.append(
                    InventoryUncertaintyModel.Term(
                        activityID: s.id, category: s.category, gas: e.gas.name, co2e: t.tonnes * scale, inputs: idx,
                        powers: allOne ? nil : t.powers, decay: decay))
            }
            return out
        }

        /// The multiplier distribution of an input: a stated percentage → normal(1, U/196) truncated at 0;
        /// a 95 % range → lognormal with those percentiles (a truncated normal when the range reaches 0);
        /// fractions are truncated so that the value stays ≤ 1.
        static func distribution(_ f: UncertainFactor) throws -> Distribution {
            let upper = f.isFraction && f.value > 0 ? 1 / f.value : Double.infinity
            if let p = f.percent {
                let d = try percentMultiplier(p)
                guard upper.isFinite else { return d }
                return .truncated(.normal(mean: 1, sd: p / (100 * Distribution.ipccZ95)), lower: 0, upper: upper)
            }
            guard let lo = f.low, let hi = f.high, f.value != 0, hi > lo else {
                return .truncated(.normal(mean: 1, sd: 0), lower: 0, upper: .infinity)
            }
            let v = f.value
            // a range symmetric about the value: normal (truncated at 0, and at 1 for fractions), which keeps the
            // mean at the value; a skewed range (e.g. −50 % / +100 %): lognormal with the range as 2.5/97.5 percentiles
            let symmetric = abs((hi - v) - (v - lo)) <= 1e-6 * max(abs(v), 1e-300)
            if !symmetric && lo > 0 && v > 0 && !upper.isFinite { return try Distribution.lognormal(p2_5: lo / v, p97_5: hi / v) }
            return .truncated(.normal(mean: (lo + hi) / 2 / v, sd: (hi - lo) / (2 * Distribution.ipccZ95) / abs(v)), lower: 0, upper: upper)
        }

        // Stationary and mobile combustion: energy (NCV) × EF.
        mutating func combustion(_ a: Activity, _ s: SourceResult, _ e: GasEmission) throws -> [Int] {
            guard let fuel = fuelID(a.item), let props = factors.fuels[fuel] else {
                return try fallback(a, e, reason: "fuel '\(a.item)' not found in the factor tables")
            }
            var c = Combustion(fuel: fuel, props: props)
            if a.method == .mobile {
                guard let m = a.parameters["mode"] ?? IPCCCategory.transportMode(for: a.category) else {
                    return try fallback(a, e, reason: "no transport mode")
                }
                c.mode = m
                let techs = factors.mobileTechnologies[Self.key(m, fuel)] ?? []
                c.tech = a.parameters["technology"] ?? (techs.count == 1 ? techs[0] : "")
            }
            let gas = e.gas.name
            guard let use = s.factors.first(where: { $0.name == "EF \(gas)" }) else {
                return try fallback(a, e, reason: "no EF \(gas) in the audit trail")
            }
            if e.gas == .co2 { return try combustionCO2(a, s, e, use, c) }
            return try combustionNonCO2(a, s, e, use, c)
        }

        /// The fuel of a combustion line with its properties, and the transport mode and technology of a mobile one.
        struct Combustion {
            let fuel: String
            let props: FuelProperties
            var mode = ""
            var tech = ""
        }

        /// NCV (energy) input, when the amount was converted with an NCV (registered only when used).
        mutating func combustionNCV(_ a: Activity, _ s: SourceResult, _ c: Combustion) throws -> [Int] {
            guard let use = s.factors.first(where: { $0.name == "NCV" }) else { return [] }
            if let u = param(a, "ncv_uncertainty_pct") {
                return [
                    use.source == "user"
                        ? try stated("ncv:\(a.id)", "NCV of \(a.id)", u, user: a.id)
                        : try stated(Self.key("ncv", c.fuel) + "|U=\(fmt(u))", "NCV of \(c.fuel)", u, user: a.id)
                ]
            } else if use.source != "user", let r = c.props.ncv, Self.same(r.value, use.value) {
                return (try ranged(Self.key("ncv", c.fuel), "NCV of \(c.fuel)", r, user: a.id)).map { [$0] } ?? []
            }
            return []
        }

        /// The inputs of combustion CO2: the stated chain, or the NCV and the CO2 factor with their ranges.
        mutating func combustionCO2(_ a: Activity, _ s: SourceResult, _ e: GasEmission, _ use: FactorUse, _ c: Combustion) throws -> [Int] {
            let (fuel, mode, tech) = (c.fuel, c.mode, c.tech)
            if let u = param(a, "ef_uncertainty_pct") {
                // the stated percentage covers the whole chain (NCV × EF), as in Approach 1
                let id =
                    use.source == "user"
                    ? "ef_co2:\(a.id)"
                    : (["co2_chain", a.method.rawValue, mode, tech, fuel].filter { !$0.isEmpty }.joined(separator: "|")) + "|U=\(fmt(u))"
                return [try stated(id, "CO2 factor chain of \(use.source == "user" ? a.id : fuel)", u, user: a.id)]
            }
            var out = try combustionNCV(a, s, c)
            guard use.source != "user" else { return out }
            var candidates: [(String, RangedValue)] = []
            if a.method == .mobile, let d = factors.mobile[Self.key(mode, fuel, tech, "CO2")] {
                if d.low != nil && d.high != nil {
                    candidates.append((Self.key("mobile", mode, fuel, tech, "CO2"), d))
                } else if let f = c.props.co2, Self.same(f.value, d.value) {
                    candidates.append((Self.key("fuel_co2", fuel), f))
                }
            } else if let f = c.props.co2 {
                candidates.append((Self.key("fuel_co2", fuel), f))
            }
            guard let (id, r) = candidates.first else { return out }
            guard let v = kgPerTJ(r), Self.same(v, use.value) else {
                return out + (try fallback(a, e, reason: "the CO2 factor used (\(fmt(use.value)) kg/TJ) does not match \(id)"))
            }
            if let i = try ranged(id, "CO2 EF of \(fuel)" + (id.hasPrefix("mobile|") ? " (\(mode))" : ""), r, user: a.id) { out.append(i) }
            return out
        }

        /// The inputs of combustion CH4 and N2O: the NCV and the stated or tabulated factor.
        mutating func combustionNonCO2(_ a: Activity, _ s: SourceResult, _ e: GasEmission, _ use: FactorUse, _ c: Combustion) throws -> [Int] {
            let gas = e.gas.name
            var out = try combustionNCV(a, s, c)
            let tableKey: String
            let lookup: RangedValue?
            if a.method == .stationary {
                let table = a.parameters["ef_table"] ?? IPCCCategory.stationaryTable(for: a.category) ?? ""
                tableKey = Self.key("stationary", table, c.fuel, gas)
                lookup = factors.stationary[Self.key(table, c.fuel, gas)]
            } else {
                tableKey = Self.key("mobile", c.mode, c.fuel, c.tech, gas)
                lookup = factors.mobile[Self.key(c.mode, c.fuel, c.tech, gas)]
            }
            let uKey = e.gas == .ch4 ? "ch4_uncertainty_pct" : "n2o_uncertainty_pct"
            if let u = param(a, uKey) {
                let id = use.source == "user" ? "ef_\(gas.lowercased()):\(a.id)" : tableKey + "|U=\(fmt(u))"
                out.append(try stated(id, "\(gas) EF of \(use.source == "user" ? a.id : c.fuel)", u, user: a.id))
                return out
            }
            guard use.source != "user", let r = lookup else { return out }
            guard let v = kgPerTJ(r), Self.same(v, use.value) else {
                return out + (try fallback(a, e, reason: "the \(gas) factor used does not match \(tableKey)"))
            }
            if let i = try ranged(tableKey, "\(gas) EF of \(c.fuel) (\(tableKey.split(separator: "|")[1]))", r, user: a.id) { out.append(i) }
            return out
        }

        mutating func cement(_ a: Activity, _ s: SourceResult, _ e: GasEmission) throws -> [Int] {
            let tier2 = (param(a, "tier") ?? (a.item == "clinker" ? 2 : 1)) == 2
            let cfUse = s.factors.first { $0.name == "clinker fraction" }
            let caoUse = s.factors.first { $0.name == "CaO fraction" }
            if let u = param(a, "ef_uncertainty_pct") {
                let base: String
                if !tier2, let c = cfUse, c.source != "user" {
                    base = Self.key("cement", "clinker_fraction_\(a.item)")
                } else if tier2, let c = caoUse, c.source != "user" {
                    base = Self.key("cement", "cao_content_clinker")
                } else {
                    base = "cement_factor:\(a.id)"
                }
                return [try stated(base + "|U=\(fmt(u))", "cement factor chain (\(tier2 ? "Tier 2" : "Tier 1 \(a.item)"))", u, user: a.id)]
            }
            var out: [Int] = []
            func addDefault(_ use: FactorUse?, _ parameter: String, _ name: String) throws {
                guard let use, use.source != "user", let r = factors.cement[parameter], Self.same(r.value, use.value) else { return }
                if let i = try ranged(Self.key("cement", parameter), name, r, user: a.id) { out.append(i) }
            }
            if tier2 {
                try addDefault(caoUse, "cao_content_clinker", "CaO content of clinker")
                try addDefault(s.factors.first { $0.name == "CF_ckd" }, "ckd_correction", "CKD correction factor")
            } else {
                try addDefault(cfUse, "clinker_fraction_\(a.item)", "clinker fraction of \(a.item) cement")
                try addDefault(s.factors.first { $0.name == "EF_clc" }, "ef_clinker_tier1", "EF of clinker (Tier 1)")
            }
            if out.isEmpty && e.factorUncertaintyPercent != nil {
                return try fallback(a, e, reason: "the cement factors could not be matched")
            }
            return out
        }

        mutating func enteric(_ a: Activity, _ s: SourceResult, _ e: GasEmission) throws -> [Int] {
            let use = s.factors.first { $0.name == "EF" }
            let guideline = a.parameters["guideline"] ?? "2019R"
            let regions = [a.parameters["region"], "all"].compactMap { $0 }
            let table = factors.enteric
            let found = regions.compactMap { r -> (String, RangedValue)? in
                table[Self.key(guideline, a.item, r)].map { (Self.key("enteric", guideline, a.item, r), $0) }
            }.first
            let isDefault = use.map { $0.source != "user" } ?? false
            if let u = param(a, "ef_uncertainty_pct") {
                let id = isDefault && found != nil ? found!.0 + "|U=\(fmt(u))" : "enteric_ef:\(a.id)"
                return [try stated(id, "enteric EF of \(isDefault ? a.item : a.id)", u, user: a.id)]
            }
            guard isDefault, let (id, r) = found, Self.same(r.value, use!.value) else { return [] }
            return (try ranged(id, "enteric EF of \(a.item) (\(guideline))", r, user: a.id)).map { [$0] } ?? []
        }
    }
}

func fmt(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
    return String(format: "%.6g", x)
}
