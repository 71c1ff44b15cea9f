import Foundation

/// An uncertain input of one activity line: its activity data, a bundled default with a 95 % range,
/// or a value whose uncertainty the activity file states in percent.
///
/// Inputs with the same `id` are the same quantity wherever they are used: a default factor
/// (`tier1|2006|doc|msw_food|`) used by many lines and many years is one input, so Monte Carlo
/// draws it once per iteration (IPCC Vol 1 Ch 3, Approach 2: the same factor must be the same draw).
public struct UncertainFactor: Sendable, Codable, Hashable {
    /// What an uncertain input stands for.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// The activity data of one line (ad_uncertainty_pct).
        case activityData = "activity_data"
        /// An emission factor or other parameter.
        case factor
    }

    /// Stable identity: `ad:<id>@<line>`, `tier1|<guideline>|<parameter>|<item>|<qualifier>`, `user:<id>@<line>:<key>`.
    public var id: String
    /// Readable description, e.g. "activity data of coal_power (±5 %)".
    public var name: String
    /// Activity data or a factor.
    public var kind: Kind
    /// The value used in the calculation.
    public var value: Double
    /// 95 % range (2.5th and 97.5th percentiles) when the input comes from a table with a range.
    public var low: Double?
    /// 97.5th percentile of the range, when the input comes from a table with a range.
    public var high: Double?
    /// Half-width of the 95 % interval in percent, when stated instead of a range.
    public var percent: Double?
    /// True for fractions: a draw must stay within [0, 1].
    public var isFraction: Bool

    /// Memberwise initialiser.
    public init(
        id: String, name: String, kind: Kind, value: Double, low: Double? = nil, high: Double? = nil, percent: Double? = nil, isFraction: Bool = false
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.value = value
        self.low = low
        self.high = high
        self.percent = percent
        self.isFraction = isFraction
    }

    /// Half-width of the 95 % interval in percent of the value (IPCC Approach 1 convention:
    /// (high − low) / 2 / value for a range).
    public var uncertaintyPercent: Double {
        if let p = percent { return p }
        if let l = low, let h = high, value != 0 { return (h - l) / 2 / abs(value) * 100 }
        return 0
    }
}

/// One monomial of an emission: `tonnes × Π (multiplier_i ^ power_i)`, optionally times the
/// first-order-decay kernel of a deposit (solid waste disposal, IPCC 2006 Vol 5 Eqs 3.4–3.5).
///
/// An emission is a sum of such terms; at the nominal inputs (all multipliers 1) the terms add up
/// to the emission exactly. Sums such as `(1 − fraction)` are expanded, so the representation is
/// exact for every Tier 1 equation (they are polynomials in their parameters), except the decay
/// kernel, which is evaluated exactly for each draw of the decay rate.
public struct EmissionTerm: Sendable, Codable, Hashable {
    /// The term's value at the nominal inputs, tonnes of gas (may be negative, e.g. recovery).
    public var tonnes: Double
    /// Indices into the source's ``SourceResult/uncertainFactors`` and the power of each.
    public var factors: [Int]
    /// Power of each input in `factors` (1 unless the equation raises it).
    public var powers: [Double]
    /// The decay kernel: the index of the decay-rate input, its nominal value and the deposit's age.
    public var decay: Decay?

    /// The first-order-decay kernel of a solid-waste deposit (IPCC 2006 Vol 5 Eqs 3.4–3.5).
    public struct Decay: Sendable, Codable, Hashable {
        /// Index of the decay-rate input into the source's uncertain factors.
        public var factor: Int
        /// Nominal decay rate k, 1/yr.
        public var k: Double
        /// Age of the deposit, years.
        public var age: Int

        /// Memberwise initialiser.
        public init(factor: Int, k: Double, age: Int) {
            self.factor = factor
            self.k = k
            self.age = age
        }
    }

    /// A term; `powers` default to 1 for every factor.
    public init(tonnes: Double, factors: [Int] = [], powers: [Double] = [], decay: Decay? = nil) {
        self.tonnes = tonnes
        self.factors = factors
        self.powers = powers.isEmpty ? Array(repeating: 1, count: factors.count) : powers
        self.decay = decay
    }

    /// Share of waste deposited `age` years earlier that decays in this year under the IPCC 2006
    /// first order decay model (decay starts in the year after deposit):
    /// g = e^(−k(age−1)) − e^(−k·age) for age ≥ 1, else 0.
    public static func decayShare(k: Double, age: Int) -> Double {
        guard age >= 1 else { return 0 }
        return exp(-k * Double(age - 1)) - exp(-k * Double(age))
    }

    /// d ln g / d ln k, the elasticity of the decay share with respect to k.
    public static func decayElasticity(k: Double, age: Int) -> Double {
        guard age >= 1, k > 0 else { return 0 }
        let a = Double(age)
        let g = decayShare(k: k, age: age)
        guard g > 0 else { return 0 }
        let dg = -(a - 1) * exp(-k * (a - 1)) + a * exp(-k * a)
        return k * dg / g
    }
}

/// A value in an equation: a number, possibly tied to an uncertain input (by index into the
/// line's inputs), possibly of unknown uncertainty (a default without a range, or a value the
/// user gave without a percentage).
struct Value {
    var value: Double
    var index: Int?
    /// True when the value is uncertain but no range is known.
    var unquantified: Bool

    static func exact(_ v: Double) -> Value { Value(value: v, index: nil, unquantified: false) }
}

/// A sum of monomials in the line's inputs — the Tier 1 equations written so that uncertainty
/// propagation (Approach 1 sensitivities and Approach 2 Monte Carlo) is exact.
struct Poly {
    struct Mono {
        var c: Double
        var powers: [Int: Double]
        var decay: EmissionTerm.Decay?
        var unquantified: Bool
    }

    var monos: [Mono]

    init(_ monos: [Mono]) { self.monos = monos }

    init(_ v: Value) {
        monos = [Mono(c: v.value, powers: v.index.map { [$0: 1] } ?? [:], decay: nil, unquantified: v.unquantified)]
    }

    init(constant c: Double) { monos = [Mono(c: c, powers: [:], decay: nil, unquantified: false)] }

    static let zero = Poly([])

    var value: Double { monos.reduce(0) { $0 + $1.c } }

    static func + (a: Poly, b: Poly) -> Poly { Poly(a.monos + b.monos) }
    static func - (a: Poly, b: Poly) -> Poly { a + (-1.0 * b) }
    static func * (k: Double, p: Poly) -> Poly {
        Poly(
            p.monos.map {
                var m = $0; m.c *= k; return m
            })
    }
    static func * (p: Poly, k: Double) -> Poly { k * p }

    static func * (a: Poly, b: Poly) -> Poly {
        var out: [Mono] = []
        out.reserveCapacity(a.monos.count * b.monos.count)
        for x in a.monos {
            for y in b.monos {
                var pw = x.powers
                for (i, p) in y.powers { pw[i, default: 0] += p }
                pw = pw.filter { $0.value != 0 }
                precondition(x.decay == nil || y.decay == nil, "two decay kernels in one monomial")
                out.append(Mono(c: x.c * y.c, powers: pw, decay: x.decay ?? y.decay, unquantified: x.unquantified || y.unquantified))
            }
        }
        return Poly(out)
    }

    /// Division by a single value: power −1 on its input.
    static func / (a: Poly, v: Value) -> Poly {
        var inv = Poly(v)
        inv.monos[0].c = 1 / v.value
        if let i = v.index { inv.monos[0].powers = [i: -1] }
        return a * inv
    }

    /// The monomials as emission terms (zero terms dropped).
    var terms: [EmissionTerm] {
        monos.filter { $0.c != 0 }.map { m in
            let keys = m.powers.keys.sorted()
            return EmissionTerm(tonnes: m.c, factors: keys, powers: keys.map { m.powers[$0]! }, decay: m.decay)
        }
    }

    var hasUnquantified: Bool { monos.contains { $0.unquantified && $0.c != 0 } }
}

func * (a: Value, b: Value) -> Poly { Poly(a) * Poly(b) }
func * (a: Poly, b: Value) -> Poly { a * Poly(b) }
func * (a: Value, b: Poly) -> Poly { Poly(a) * b }
func * (k: Double, v: Value) -> Poly { k * Poly(v) }
func * (v: Value, k: Double) -> Poly { k * Poly(v) }
func + (a: Value, b: Value) -> Poly { Poly(a) + Poly(b) }
/// 1 − fraction, expanded.
func oneMinus(_ v: Value) -> Poly { Poly(constant: 1) - Poly(v) }
func oneMinus(_ p: Poly) -> Poly { Poly(constant: 1) - p }

/// First-order uncertainty of an emission given as terms (IPCC Approach 1 generalised to sums of
/// products): the relative sensitivity of the emission to input i is S_i = Σ_terms t·p_i / E
/// (times the decay elasticity for a decay rate), and U = √Σ (S_i·U_i)². Returns the activity-data
/// part, the factor part and whether every input has a known uncertainty.
func termUncertainty(_ terms: [EmissionTerm], factors: [UncertainFactor], unquantified: Bool) -> (ad: Double?, ef: Double?) {
    let total = terms.reduce(0) { $0 + $1.tonnes }
    guard total != 0 else { return (nil, nil) }
    var s: [Int: Double] = [:]
    for t in terms {
        for (i, p) in zip(t.factors, t.powers) { s[i, default: 0] += t.tonnes * p }
        if let d = t.decay { s[d.factor, default: 0] += t.tonnes * EmissionTerm.decayElasticity(k: d.k, age: d.age) }
    }
    var ad = 0.0, ef = 0.0
    var hasAD = false
    for (i, si) in s {
        let f = factors[i]
        let x = si / total * f.uncertaintyPercent
        if f.kind == .activityData { ad += x * x; hasAD = true } else { ef += x * x }
    }
    return (hasAD ? ad.squareRoot() : 0, unquantified ? nil : ef.squareRoot())
}
