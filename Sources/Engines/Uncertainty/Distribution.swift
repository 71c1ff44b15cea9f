import Foundation

/// A probability distribution of one uncertain input: an activity datum, an
/// emission factor, a fraction...
///
/// Every case has its mean, variance, CDF, density, quantile (inverse CDF)
/// and a sampler. Sampling always goes through the quantile function with
/// one uniform per draw, so the same code serves simple random sampling,
/// Latin hypercube designs and Gaussian copulas.
///
/// ```swift
/// let ad = Distribution.normal(mean: 2_580, sd: 2_580 * 5 / 196)   // ±5 % (95 %)
/// let ef = try Distribution.lognormal(geometricMean: 94_600, gsd: 1.1)
/// let share = Distribution.triangular(min: 0.8, mode: 1.0, max: 1.5)
/// share.mean       // 1.1
/// share.variance   // 0.0216667
/// ef.quantile(0.975)
/// var rng = RandomStream(seed: 1)
/// let x = ad.sample(using: &rng)
/// ```
///
/// The cases are plain data and are not checked when built; call
/// ``validate()`` (or use the throwing constructors such as
/// ``lognormal(mean:uncertaintyPercent:)``). ``MonteCarlo`` and
/// ``InputSampler`` validate every input before running, and decoding from
/// JSON validates too:
///
/// ```swift
/// try Distribution.normal(mean: 1, sd: -2).validate()
/// // throws UncertaintyError(.negativeStandardDeviation, parameter: "sd")
/// ```
///
/// Conventions: `mu`/`sigma` of a lognormal are the mean and standard
/// deviation of ln X (median = e^mu, GSD = e^sigma). IPCC-style conversions
/// use z = 1.96 for the 95 % interval (``ipccZ95``), as the IPCC Guidelines
/// and the project method note do.
public indirect enum Distribution: Sendable, Hashable {
    /// A fixed value (no uncertainty).
    case constant(Double)
    /// Normal with mean and standard deviation (`sd` ≥ 0; 0 is a point mass).
    case normal(mean: Double, sd: Double)
    /// Lognormal: ln X ~ N(mu, sigma²) (`sigma` ≥ 0).
    case lognormal(mu: Double, sigma: Double)
    /// Triangular on [min, max] with the given mode.
    case triangular(min: Double, mode: Double, max: Double)
    /// Uniform on [min, max].
    case uniform(min: Double, max: Double)
    /// (Modified) PERT: a beta distribution on [min, max] with
    /// α = 1 + λ(mode − min)/(max − min), β = 1 + λ(max − mode)/(max − min);
    /// λ = 4 is the classic PERT. Mean = (min + λ·mode + max)/(λ + 2).
    case pert(min: Double, mode: Double, max: Double, lambda: Double)
    /// A discrete distribution: `values[i]` with probability `weights[i]/Σweights`.
    case discrete(values: [Double], weights: [Double])
    /// `base` restricted to [lower, upper] (bounds may be ±∞), sampled by
    /// the inverse CDF on [F(lower), F(upper)]. `base` must be continuous.
    case truncated(Distribution, lower: Double, upper: Double)

    /// PERT with the classic λ = 4.
    ///
    /// ```swift
    /// let d = Distribution.pert(min: 0, mode: 1, max: 5)  // mean = 1.5
    /// ```
    public static func pert(min: Double, mode: Double, max: Double) -> Distribution {
        .pert(min: min, mode: mode, max: max, lambda: 4)
    }

    /// The z-value of the two-sided 95 % interval used by the IPCC
    /// Guidelines (U% = 1.96·σ/μ·100) and by the method note: 1.96. The exact
    /// value Φ⁻¹(0.975) = 1.959963984540054 is ``StandardNormal/quantile(_:)``.
    public static let ipccZ95 = 1.96
}

// MARK: - Validation

extension Distribution {
    /// Checks the parameters and throws an ``UncertaintyError`` that names
    /// the offending one.
    ///
    /// - negative `sd` / `sigma` → ``UncertaintyError/Code/negativeStandardDeviation``
    /// - `min > max`, `lower >= upper` → ``UncertaintyError/Code/invalidRange``
    /// - mode outside [min, max] → ``UncertaintyError/Code/modeOutsideRange``
    /// - NaN or infinite parameters → ``UncertaintyError/Code/nonFiniteValue``
    /// - bad discrete weights → ``UncertaintyError/Code/invalidWeights``
    /// - a truncation without mass → ``UncertaintyError/Code/emptyTruncation``
    ///
    /// ```swift
    /// try Distribution.triangular(min: 0, mode: 3, max: 2).validate()
    /// // throws .modeOutsideRange naming "mode"
    /// ```
    public func validate() throws {
        switch self {
        case .constant(let v):
            try requireFinite(v, "value", "constant")
        case .normal(let mean, let sd):
            try requireFinite(mean, "mean", "normal")
            try requireFinite(sd, "sd", "normal")
            if sd < 0 {
                throw UncertaintyError(.negativeStandardDeviation, "normal: sd = \(sd) must not be negative", parameter: "sd")
            }
        case .lognormal(let mu, let sigma):
            try requireFinite(mu, "mu", "lognormal")
            try requireFinite(sigma, "sigma", "lognormal")
            if sigma < 0 {
                throw UncertaintyError(.negativeStandardDeviation, "lognormal: sigma = \(sigma) must not be negative", parameter: "sigma")
            }
        case .triangular(let a, let c, let b):
            try requireFinite(a, "min", "triangular")
            try requireFinite(c, "mode", "triangular")
            try requireFinite(b, "max", "triangular")
            try requireOrdered(a, c, b, "triangular")
        case .uniform(let a, let b):
            try requireFinite(a, "min", "uniform")
            try requireFinite(b, "max", "uniform")
            if a > b {
                throw UncertaintyError(.invalidRange, "uniform: min = \(a) is greater than max = \(b)", parameter: "min")
            }
        case .pert(let a, let c, let b, let lambda):
            try requireFinite(a, "min", "pert")
            try requireFinite(c, "mode", "pert")
            try requireFinite(b, "max", "pert")
            try requireFinite(lambda, "lambda", "pert")
            try requireOrdered(a, c, b, "pert")
            if lambda < 0 {
                throw UncertaintyError(.invalidParameter, "pert: lambda = \(lambda) must not be negative", parameter: "lambda")
            }
        case .discrete(let values, let weights):
            if values.isEmpty {
                throw UncertaintyError(.emptyInput, "discrete: values is empty", parameter: "values")
            }
            if values.count != weights.count {
                throw UncertaintyError(
                    .dimensionMismatch, "discrete: \(values.count) values but \(weights.count) weights", parameter: "weights")
            }
            for (i, v) in values.enumerated() { try requireFinite(v, "values[\(i)]", "discrete") }
            var total = 0.0
            for (i, w) in weights.enumerated() {
                if !w.isFinite || w < 0 {
                    throw UncertaintyError(
                        .invalidWeights, "discrete: weights[\(i)] = \(w) must be finite and non-negative", parameter: "weights[\(i)]")
                }
                total += w
            }
            if total <= 0 {
                throw UncertaintyError(.invalidWeights, "discrete: the weights sum to zero", parameter: "weights")
            }
        case .truncated(let base, let lower, let upper):
            try base.validate()
            switch base {
            case .discrete, .constant:
                throw UncertaintyError(
                    .unsupportedDistribution, "truncated: the base distribution must be continuous, got \(base.kindName)",
                    parameter: "base")
            default: break
            }
            if lower.isNaN { throw UncertaintyError(.nonFiniteValue, "truncated: lower is NaN", parameter: "lower") }
            if upper.isNaN { throw UncertaintyError(.nonFiniteValue, "truncated: upper is NaN", parameter: "upper") }
            if !(lower < upper) {
                throw UncertaintyError(
                    .invalidRange, "truncated: lower = \(lower) must be less than upper = \(upper)", parameter: "lower")
            }
            let mass = base.cdf(upper) - base.cdf(lower)
            if !(mass > 0) {
                throw UncertaintyError(
                    .emptyTruncation,
                    "truncated: [\(lower), \(upper)] holds no probability mass of the \(base.kindName) base distribution",
                    parameter: "lower")
            }
        }
    }

    /// Returns `self` after ``validate()``.
    ///
    /// ```swift
    /// let d = try Distribution.uniform(min: 0, max: 1).validated()
    /// ```
    public func validated() throws -> Distribution {
        try validate()
        return self
    }

    /// The case name: `"normal"`, `"lognormal"`, `"triangular"`...
    public var kindName: String {
        switch self {
        case .constant: "constant"
        case .normal: "normal"
        case .lognormal: "lognormal"
        case .triangular: "triangular"
        case .uniform: "uniform"
        case .pert: "pert"
        case .discrete: "discrete"
        case .truncated: "truncated"
        }
    }

    /// Whether the distribution is continuous (not constant, not discrete).
    public var isContinuous: Bool {
        switch self {
        case .constant, .discrete: false
        default: true
        }
    }
}

@inline(__always)
private func requireFinite(_ value: Double, _ name: String, _ kind: String) throws {
    if !value.isFinite {
        throw UncertaintyError(.nonFiniteValue, "\(kind): \(name) = \(value) must be finite", parameter: name)
    }
}

private func requireOrdered(_ a: Double, _ c: Double, _ b: Double, _ kind: String) throws {
    if a > b {
        throw UncertaintyError(.invalidRange, "\(kind): min = \(a) is greater than max = \(b)", parameter: "min")
    }
    if c < a || c > b {
        throw UncertaintyError(
            .modeOutsideRange, "\(kind): mode = \(c) lies outside [min, max] = [\(a), \(b)]", parameter: "mode")
    }
}

// MARK: - Moments

extension Distribution {
    /// The mean E[X].
    ///
    /// ```swift
    /// Distribution.lognormal(mu: 0, sigma: 1).mean  // e^0.5 = 1.6487
    /// ```
    public var mean: Double { moments.mean }

    /// The variance Var[X].
    ///
    /// ```swift
    /// Distribution.uniform(min: 0, max: 12).variance  // 12
    /// ```
    public var variance: Double { moments.variance }

    /// The standard deviation √Var[X].
    public var standardDeviation: Double { variance.squareRoot() }

    /// The median, `quantile(0.5)`.
    public var median: Double { quantile(0.5) }

    /// For a lognormal, the geometric standard deviation e^sigma; nil otherwise.
    ///
    /// ```swift
    /// try Distribution.lognormal(geometricMean: 2, gsd: 1.5).geometricStandardDeviation  // 1.5
    /// ```
    public var geometricStandardDeviation: Double? {
        if case .lognormal(_, let sigma) = self { return exp(sigma) }
        return nil
    }

    /// Mean and variance together (one pass for the numerically integrated cases).
    public var moments: (mean: Double, variance: Double) {
        switch self {
        case .constant(let v):
            return (v, 0)
        case .normal(let m, let sd):
            return (m, sd * sd)
        case .lognormal(let mu, let sigma):
            let s2 = sigma * sigma
            return (exp(mu + 0.5 * s2), expm1(s2) * exp(2 * mu + s2))
        case .triangular(let a, let c, let b):
            return ((a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18)
        case .uniform(let a, let b):
            return (0.5 * (a + b), (b - a) * (b - a) / 12)
        case .pert(let a, let c, let b, let lambda):
            guard b > a else { return (a, 0) }
            let m = (a + lambda * c + b) / (lambda + 2)
            return (m, (m - a) * (b - m) / (lambda + 3))
        case .discrete(let values, let weights):
            let total = weights.reduce(0, +)
            var m = 0.0
            for (v, w) in zip(values, weights) { m += v * w }
            m /= total
            var v2 = 0.0
            for (v, w) in zip(values, weights) { v2 += w * (v - m) * (v - m) }
            return (m, v2 / total)
        case .truncated(let base, let lower, let upper):
            return truncatedMoments(base, lower, upper)
        }
    }
}

/// Mean and variance of `base` restricted to [lo, hi]: closed forms for the
/// normal, lognormal and uniform; Gauss–Legendre quadrature of the density
/// for the bounded triangular and PERT.
private func truncatedMoments(_ base: Distribution, _ lo: Double, _ hi: Double) -> (mean: Double, variance: Double) {
    switch base {
    case .truncated(let inner, let l2, let u2):
        return truncatedMoments(inner, max(lo, l2), min(hi, u2))
    case .normal(let m, let sd):
        if sd == 0 { return (m, 0) }
        let a = (lo - m) / sd, b = (hi - m) / sd
        let z = normalMass(a, b)
        let pa = a.isFinite ? StandardNormal.pdf(a) : 0
        let pb = b.isFinite ? StandardNormal.pdf(b) : 0
        let apa = a.isFinite ? a * pa : 0
        let bpb = b.isFinite ? b * pb : 0
        let shift = (pa - pb) / z
        return (m + sd * shift, sd * sd * max(0, 1 + (apa - bpb) / z - shift * shift))
    case .lognormal(let mu, let sigma):
        if sigma == 0 { return (exp(mu), 0) }
        let lnLo = lo > 0 ? log(lo) : -Double.infinity
        let lnHi = hi > 0 ? log(hi) : -Double.infinity
        let a = (lnLo - mu) / sigma, b = (lnHi - mu) / sigma
        let z = normalMass(a, b)
        // E[X^n; a < Z < b] = exp(nμ + n²σ²/2) · [Φ(b − nσ) − Φ(a − nσ)]
        let m1 = exp(mu + 0.5 * sigma * sigma) * normalMass(a - sigma, b - sigma) / z
        let m2 = exp(2 * mu + 2 * sigma * sigma) * normalMass(a - 2 * sigma, b - 2 * sigma) / z
        return (m1, max(0, m2 - m1 * m1))
    case .uniform(let a, let b):
        let l = max(a, lo), u = min(b, hi)
        return Distribution.uniform(min: l, max: u).moments
    default:
        // Bounded continuous bases (triangular, PERT): integrate x·f and x²·f.
        let (support0, support1) = base.support
        let l = max(lo, support0), u = min(hi, support1)
        if !(u > l) { return (l, 0) }
        let mass = base.cdf(u) - base.cdf(l)
        var breakpoints = [l, u]
        if case .triangular(_, let c, _) = base, c > l, c < u { breakpoints = [l, c, u] }
        var m1 = 0.0
        for k in 0..<(breakpoints.count - 1) {
            m1 += integrate(breakpoints[k], breakpoints[k + 1]) { x in x * base.pdf(x) }
        }
        m1 /= mass
        var v = 0.0
        for k in 0..<(breakpoints.count - 1) {
            v += integrate(breakpoints[k], breakpoints[k + 1]) { x in (x - m1) * (x - m1) * base.pdf(x) }
        }
        return (m1, v / mass)
    }
}

/// Φ(b) − Φ(a), computed in the tail where it is more accurate.
@inline(__always)
func normalMass(_ a: Double, _ b: Double) -> Double {
    if a > 0 { return StandardNormal.survival(a) - StandardNormal.survival(b) }
    return StandardNormal.cdf(b) - StandardNormal.cdf(a)
}

// MARK: - CDF, density, quantile

extension Distribution {
    /// The smallest closed interval holding all the probability (±∞ when unbounded).
    public var support: (lower: Double, upper: Double) {
        switch self {
        case .constant(let v): return (v, v)
        case .normal(let m, let sd): return sd == 0 ? (m, m) : (-.infinity, .infinity)
        case .lognormal(let mu, let sigma): return sigma == 0 ? (exp(mu), exp(mu)) : (0, .infinity)
        case .triangular(let a, _, let b), .uniform(let a, let b), .pert(let a, _, let b, _): return (a, b)
        case .discrete(let values, _): return (values.min() ?? .nan, values.max() ?? .nan)
        case .truncated(let base, let lo, let hi):
            let s = base.support
            return (max(s.lower, lo), min(s.upper, hi))
        }
    }

    /// The cumulative distribution function F(x) = P(X ≤ x).
    ///
    /// ```swift
    /// Distribution.normal(mean: 0, sd: 1).cdf(1.96)  // 0.9750021
    /// ```
    public func cdf(_ x: Double) -> Double {
        switch self {
        case .constant(let v):
            return x >= v ? 1 : 0
        case .normal(let m, let sd):
            if sd == 0 { return x >= m ? 1 : 0 }
            return StandardNormal.cdf((x - m) / sd)
        case .lognormal(let mu, let sigma):
            if x <= 0 { return 0 }
            if sigma == 0 { return log(x) >= mu ? 1 : 0 }
            return StandardNormal.cdf((log(x) - mu) / sigma)
        case .triangular(let a, let c, let b):
            if x < a { return 0 }
            if x >= b { return 1 }
            if x <= c { return c == a ? 0 : (x - a) * (x - a) / ((b - a) * (c - a)) }
            return 1 - (b - x) * (b - x) / ((b - a) * (b - c))
        case .uniform(let a, let b):
            if x < a { return 0 }
            if x >= b { return 1 }
            return (x - a) / (b - a)
        case .pert(let a, let c, let b, let lambda):
            if x < a { return 0 }
            if x >= b { return 1 }
            let (alpha, beta) = pertShape(a, c, b, lambda)
            return regularizedIncompleteBeta(alpha, beta, (x - a) / (b - a))
        case .discrete(let values, let weights):
            let total = weights.reduce(0, +)
            var acc = 0.0
            for (v, w) in zip(values, weights) where v <= x { acc += w }
            return min(1, acc / total)
        case .truncated(let base, let lo, let hi):
            if x < lo { return 0 }
            if x >= hi { return 1 }
            let flo = base.cdf(lo), fhi = base.cdf(hi)
            return min(1, max(0, (base.cdf(x) - flo) / (fhi - flo)))
        }
    }

    /// The probability density f(x) (for `discrete` and `constant`: 0
    /// everywhere, as they have no density).
    ///
    /// ```swift
    /// Distribution.uniform(min: 0, max: 4).pdf(1)  // 0.25
    /// ```
    public func pdf(_ x: Double) -> Double {
        switch self {
        case .constant, .discrete:
            return 0
        case .normal(let m, let sd):
            if sd == 0 { return x == m ? .infinity : 0 }
            return StandardNormal.pdf((x - m) / sd) / sd
        case .lognormal(let mu, let sigma):
            if x <= 0 { return 0 }
            if sigma == 0 { return log(x) == mu ? .infinity : 0 }
            return StandardNormal.pdf((log(x) - mu) / sigma) / (sigma * x)
        case .triangular(let a, let c, let b):
            if x < a || x > b || b == a { return 0 }
            if x < c { return 2 * (x - a) / ((b - a) * (c - a)) }
            if x == c { return 2 / (b - a) }
            return 2 * (b - x) / ((b - a) * (b - c))
        case .uniform(let a, let b):
            if x < a || x > b || b == a { return 0 }
            return 1 / (b - a)
        case .pert(let a, let c, let b, let lambda):
            if x < a || x > b || b == a { return 0 }
            let (alpha, beta) = pertShape(a, c, b, lambda)
            return betaDensity(alpha, beta, (x - a) / (b - a)) / (b - a)
        case .truncated(let base, let lo, let hi):
            if x < lo || x > hi { return 0 }
            return base.pdf(x) / (base.cdf(hi) - base.cdf(lo))
        }
    }

    /// The quantile function (inverse CDF) F⁻¹(p) = inf{x : F(x) ≥ p}.
    ///
    /// `p` outside (0, 1) gives the support bounds (±∞ for unbounded
    /// distributions). The normal uses Wichura's AS241.
    ///
    /// ```swift
    /// Distribution.normal(mean: 0, sd: 1).quantile(0.975)       // 1.959963984540054
    /// Distribution.triangular(min: 0, mode: 1, max: 2).quantile(0.5)  // 1
    /// ```
    public func quantile(_ p: Double) -> Double {
        switch self {
        case .constant(let v):
            return v
        case .normal(let m, let sd):
            if sd == 0 { return m }
            return m + sd * StandardNormal.quantile(p)
        case .lognormal(let mu, let sigma):
            if sigma == 0 { return exp(mu) }
            return exp(mu + sigma * StandardNormal.quantile(p))
        case .triangular(let a, let c, let b):
            if p <= 0 { return a }
            if p >= 1 { return b }
            let fc = b == a ? 0 : (c - a) / (b - a)
            if p < fc { return a + ((b - a) * (c - a) * p).squareRoot() }
            return b - ((b - a) * (b - c) * (1 - p)).squareRoot()
        case .uniform(let a, let b):
            if p <= 0 { return a }
            if p >= 1 { return b }
            return a + (b - a) * p
        case .pert(let a, let c, let b, let lambda):
            if b == a { return a }
            let (alpha, beta) = pertShape(a, c, b, lambda)
            return a + (b - a) * inverseRegularizedIncompleteBeta(alpha, beta, p)
        case .discrete:
            return QuantileFunction(self).quantile(p)
        case .truncated(let base, let lo, let hi):
            let flo = base.cdf(lo), fhi = base.cdf(hi)
            let x = base.quantile(flo + p * (fhi - flo))
            return min(hi, max(lo, x))
        }
    }

    /// A random draw: `quantile(U)` with one uniform U in (0, 1).
    ///
    /// ```swift
    /// var rng = RandomStream(seed: 7)
    /// let x = Distribution.uniform(min: 1, max: 2).sample(using: &rng)
    /// ```
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        quantile(generator.openUniform())
    }

    /// `count` random draws. For many draws from discrete or truncated
    /// distributions this is faster than repeated ``sample(using:)`` because
    /// the lookup tables are built once.
    ///
    /// ```swift
    /// var rng = RandomStream(seed: 7)
    /// let xs = Distribution.normal(mean: 0, sd: 1).samples(1000, using: &rng)
    /// ```
    public func samples<G: RandomNumberGenerator>(_ count: Int, using generator: inout G) -> [Double] {
        let q = QuantileFunction(self)
        var out = [Double]()
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(q.quantile(generator.openUniform())) }
        return out
    }

    /// The two-sided interval [F⁻¹(Φ(−z)), F⁻¹(Φ(z))]; for the normal
    /// `mean ± z·sd` and for the lognormal `[median/GSD^z, median·GSD^z]`
    /// exactly. The default z = 1.96 is the IPCC 95 % convention.
    ///
    /// ```swift
    /// let d = try Distribution.lognormal(mean: 100, uncertaintyPercent: 50)
    /// d.interval()  // 59.2346...158.5051 (UNC-1)
    /// ```
    public func interval(z: Double = Distribution.ipccZ95) -> ClosedRange<Double> {
        switch self {
        case .normal(let m, let sd):
            return (m - z * sd)...(m + z * sd)
        case .lognormal(let mu, let sigma):
            return exp(mu - z * sigma)...exp(mu + z * sigma)
        default:
            let lo = quantile(StandardNormal.cdf(-z)), hi = quantile(StandardNormal.cdf(z))
            return min(lo, hi)...max(lo, hi)
        }
    }
}

/// PERT beta shape parameters.
@inline(__always)
func pertShape(_ a: Double, _ c: Double, _ b: Double, _ lambda: Double) -> (Double, Double) {
    let r = b - a
    return (1 + lambda * (c - a) / r, 1 + lambda * (b - c) / r)
}

// MARK: - Precompiled quantile functions (internal)

/// A distribution's quantile function with its lookup tables precomputed
/// (sorted support and cumulative weights for discrete, F(lower) and
/// F(upper) for truncated, beta constants for PERT), for sampling loops.
struct QuantileFunction: Sendable {
    private enum Kind: Sendable {
        // unboxed fast paths (Distribution is an indirect enum: reading it retains its box on every draw)
        case normal(mean: Double, sd: Double)
        case lognormal(mu: Double, sigma: Double)
        case truncatedNormal(mean: Double, sd: Double, flo: Double, width: Double, lo: Double, hi: Double)
        case direct(Distribution)
        case discrete(values: [Double], cumulative: [Double])
        case truncated(base: Box, flo: Double, width: Double, lo: Double, hi: Double)
        case pert(a: Double, range: Double, alpha: Double, beta: Double)
    }

    final class Box: Sendable {
        let value: QuantileFunction
        init(_ value: QuantileFunction) { self.value = value }
    }

    private let kind: Kind

    init(_ distribution: Distribution) {
        switch distribution {
        case .discrete(let values, let weights):
            let order = values.indices.sorted { values[$0] < values[$1] }
            let total = weights.reduce(0, +)
            var cumulative = [Double]()
            cumulative.reserveCapacity(values.count)
            var acc = 0.0
            for i in order {
                acc += weights[i]
                cumulative.append(acc / total)
            }
            kind = .discrete(values: order.map { values[$0] }, cumulative: cumulative)
        case .normal(let m, let sd) where sd != 0:
            kind = .normal(mean: m, sd: sd)
        case .lognormal(let mu, let sigma) where sigma != 0:
            kind = .lognormal(mu: mu, sigma: sigma)
        case .truncated(.normal(let m, let sd), let lo, let hi) where sd != 0:
            let base = Distribution.normal(mean: m, sd: sd)
            let flo = base.cdf(lo), fhi = base.cdf(hi)
            kind = .truncatedNormal(mean: m, sd: sd, flo: flo, width: fhi - flo, lo: lo, hi: hi)
        case .truncated(let base, let lo, let hi):
            let flo = base.cdf(lo), fhi = base.cdf(hi)
            kind = .truncated(base: Box(QuantileFunction(base)), flo: flo, width: fhi - flo, lo: lo, hi: hi)
        case .pert(let a, let c, let b, let lambda) where b > a:
            let (alpha, beta) = pertShape(a, c, b, lambda)
            kind = .pert(a: a, range: b - a, alpha: alpha, beta: beta)
        default:
            kind = .direct(distribution)
        }
    }

    func quantile(_ p: Double) -> Double {
        switch kind {
        case .normal(let m, let sd):
            return m + sd * StandardNormal.quantile(p)
        case .lognormal(let mu, let sigma):
            return exp(mu + sigma * StandardNormal.quantile(p))
        case .truncatedNormal(let m, let sd, let flo, let width, let lo, let hi):
            return min(hi, max(lo, m + sd * StandardNormal.quantile(flo + p * width)))
        case .direct(let d):
            return d.quantile(p)
        case .discrete(let values, let cumulative):
            // smallest index with cumulative ≥ p (binary search)
            var lo = 0, hi = values.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] >= p { hi = mid } else { lo = mid + 1 }
            }
            return values[lo]
        case .truncated(let base, let flo, let width, let lo, let hi):
            return min(hi, max(lo, base.value.quantile(flo + p * width)))
        case .pert(let a, let range, let alpha, let beta):
            return a + range * inverseRegularizedIncompleteBeta(alpha, beta, p)
        }
    }
}
