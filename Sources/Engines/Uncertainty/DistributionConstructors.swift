import Foundation

/// Validating constructors that turn the ways uncertainty is reported in
/// inventories (IPCC U%, asymmetric ranges, GSD, ecoinvent SD95) into
/// distributions.
extension Distribution {
    /// Normal from a mean and an IPCC-style symmetric uncertainty U% (the
    /// half-width of the 95 % interval in percent of the mean):
    /// σ = |mean|·U/196.
    ///
    /// ```swift
    /// let ad = try Distribution.normal(mean: 2_580, uncertaintyPercent: 5)  // sd = 65.816
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/invalidParameter`` if `uncertaintyPercent` < 0;
    ///   ``UncertaintyError/Code/nonFiniteValue`` for NaN or infinite inputs.
    public static func normal(mean: Double, uncertaintyPercent: Double) throws -> Distribution {
        try finite(mean, "mean")
        try nonNegativePercent(uncertaintyPercent, "uncertaintyPercent")
        return .normal(mean: mean, sd: abs(mean) * uncertaintyPercent / (100 * ipccZ95))
    }

    /// Lognormal from its geometric mean (= median) and geometric standard
    /// deviation: mu = ln(gm), sigma = ln(GSD).
    ///
    /// ```swift
    /// let ef = try Distribution.lognormal(geometricMean: 2.0, gsd: 1.5)
    /// ef.median  // 2.0
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/nonPositiveValue`` if `geometricMean` ≤ 0;
    ///   ``UncertaintyError/Code/invalidParameter`` if `gsd` < 1.
    public static func lognormal(geometricMean: Double, gsd: Double) throws -> Distribution {
        try finite(geometricMean, "geometricMean")
        try finite(gsd, "gsd")
        if geometricMean <= 0 {
            throw UncertaintyError(
                .nonPositiveValue, "lognormal: geometricMean = \(geometricMean) must be positive", parameter: "geometricMean")
        }
        if gsd < 1 {
            throw UncertaintyError(.invalidParameter, "lognormal: gsd = \(gsd) must be at least 1", parameter: "gsd")
        }
        return .lognormal(mu: log(geometricMean), sigma: log(gsd))
    }

    /// Lognormal from a median and the ecoinvent "SD95" (the squared
    /// geometric standard deviation, GSD²): sigma = ln(SD95)/2.
    ///
    /// ```swift
    /// let d = try Distribution.lognormal(median: 10, sd95: 1.22287)  // sigma = 0.100600
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/nonPositiveValue`` if `median` ≤ 0;
    ///   ``UncertaintyError/Code/invalidParameter`` if `sd95` < 1.
    public static func lognormal(median: Double, sd95: Double) throws -> Distribution {
        try finite(median, "median")
        try finite(sd95, "sd95")
        if median <= 0 {
            throw UncertaintyError(.nonPositiveValue, "lognormal: median = \(median) must be positive", parameter: "median")
        }
        if sd95 < 1 {
            throw UncertaintyError(.invalidParameter, "lognormal: sd95 = \(sd95) must be at least 1", parameter: "sd95")
        }
        return .lognormal(mu: log(median), sigma: 0.5 * log(sd95))
    }

    /// Lognormal with the given arithmetic mean and IPCC uncertainty U%,
    /// by moment matching (method note §1, test UNC-1): CV = U/196,
    /// sigma² = ln(1 + CV²), mu = ln(mean) − sigma²/2.
    ///
    /// ```swift
    /// let d = try Distribution.lognormal(mean: 100, uncertaintyPercent: 50)
    /// // sigma = 0.251092, median = 96.8968, interval() = 59.2346...158.5051
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/nonPositiveValue`` if `mean` ≤ 0;
    ///   ``UncertaintyError/Code/invalidParameter`` if `uncertaintyPercent` < 0.
    public static func lognormal(mean: Double, uncertaintyPercent: Double) throws -> Distribution {
        try nonNegativePercent(uncertaintyPercent, "uncertaintyPercent")
        return try lognormal(mean: mean, coefficientOfVariation: uncertaintyPercent / (100 * ipccZ95))
    }

    /// Lognormal with the given arithmetic mean and standard deviation
    /// (moment matching): sigma² = ln(1 + (sd/mean)²), mu = ln(mean) − sigma²/2.
    ///
    /// ```swift
    /// let d = try Distribution.lognormal(mean: 10, sd: 2)
    /// d.mean  // 10
    /// d.standardDeviation  // 2
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/nonPositiveValue`` if `mean` ≤ 0;
    ///   ``UncertaintyError/Code/negativeStandardDeviation`` if `sd` < 0.
    public static func lognormal(mean: Double, sd: Double) throws -> Distribution {
        try finite(mean, "mean")
        try finite(sd, "sd")
        if sd < 0 {
            throw UncertaintyError(.negativeStandardDeviation, "lognormal: sd = \(sd) must not be negative", parameter: "sd")
        }
        if mean <= 0 {
            throw UncertaintyError(
                .nonPositiveValue, "lognormal: mean = \(mean) must be positive for a lognormal", parameter: "mean")
        }
        return try lognormal(mean: mean, coefficientOfVariation: sd / mean)
    }

    private static func lognormal(mean: Double, coefficientOfVariation cv: Double) throws -> Distribution {
        try finite(mean, "mean")
        if mean <= 0 {
            throw UncertaintyError(
                .nonPositiveValue, "lognormal: mean = \(mean) must be positive for a lognormal", parameter: "mean")
        }
        let s2 = log1p(cv * cv)
        return .lognormal(mu: log(mean) - 0.5 * s2, sigma: s2.squareRoot())
    }

    /// Lognormal whose 2.5th and 97.5th percentiles are `p2_5` and `p97_5`
    /// (method note §1, test UNC-2): mu = (ln lo + ln hi)/2,
    /// sigma = (ln hi − ln lo)/(2·1.96).
    ///
    /// ```swift
    /// let d = try Distribution.lognormal(p2_5: 50, p97_5: 200)
    /// d.median  // 100
    /// d.mean    // 106.4530
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/nonPositiveValue`` if `p2_5` ≤ 0;
    ///   ``UncertaintyError/Code/invalidRange`` if `p2_5` > `p97_5`.
    public static func lognormal(p2_5: Double, p97_5: Double) throws -> Distribution {
        try finite(p2_5, "p2_5")
        try finite(p97_5, "p97_5")
        if p2_5 <= 0 {
            throw UncertaintyError(.nonPositiveValue, "lognormal: p2_5 = \(p2_5) must be positive", parameter: "p2_5")
        }
        if p2_5 > p97_5 {
            throw UncertaintyError(
                .invalidRange, "lognormal: p2_5 = \(p2_5) is greater than p97_5 = \(p97_5)", parameter: "p2_5")
        }
        let lnLo = log(p2_5), lnHi = log(p97_5)
        return .lognormal(mu: 0.5 * (lnLo + lnHi), sigma: (lnHi - lnLo) / (2 * ipccZ95))
    }

    /// The distribution for an IPCC-style range "−a % / +b %" around `mean`
    /// (the 95 % interval [mean·(1 − a/100), mean·(1 + b/100)]):
    ///
    /// - symmetric (a = b): normal with sd = |mean|·a/196;
    /// - asymmetric: the lognormal whose 2.5th/97.5th percentiles are those
    ///   bounds (``lognormal(p2_5:p97_5:)``). Its mean is close to, but not
    ///   exactly, `mean`: two percentiles fix both parameters.
    ///
    /// ```swift
    /// let sym = try Distribution.ipccRange(mean: 100, minusPercent: 10, plusPercent: 10)   // normal
    /// let asym = try Distribution.ipccRange(mean: 100, minusPercent: 50, plusPercent: 100) // lognormal on [50, 200]
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/invalidParameter`` for negative
    ///   percentages; ``UncertaintyError/Code/nonPositiveValue`` if the range
    ///   is asymmetric and `mean` ≤ 0 or `minusPercent` ≥ 100 (a lognormal needs a positive lower bound).
    public static func ipccRange(mean: Double, minusPercent: Double, plusPercent: Double) throws -> Distribution {
        try finite(mean, "mean")
        try nonNegativePercent(minusPercent, "minusPercent")
        try nonNegativePercent(plusPercent, "plusPercent")
        if abs(minusPercent - plusPercent) <= 1e-12 * max(minusPercent, plusPercent) {
            return .normal(mean: mean, sd: abs(mean) * minusPercent / (100 * ipccZ95))
        }
        if mean <= 0 {
            throw UncertaintyError(
                .nonPositiveValue, "ipccRange: an asymmetric range needs a positive mean, got mean = \(mean)",
                parameter: "mean")
        }
        if minusPercent >= 100 {
            throw UncertaintyError(
                .nonPositiveValue,
                "ipccRange: minusPercent = \(minusPercent) puts the 2.5th percentile at or below zero; a lognormal needs it positive",
                parameter: "minusPercent")
        }
        return try lognormal(p2_5: mean * (1 - minusPercent / 100), p97_5: mean * (1 + plusPercent / 100))
    }

    /// A normal truncated to [lower, upper] (bounds may be ±∞), validated.
    ///
    /// ```swift
    /// let fraction = try Distribution.truncatedNormal(mean: 0.9, sd: 0.1, lower: 0, upper: 1)
    /// ```
    public static func truncatedNormal(mean: Double, sd: Double, lower: Double, upper: Double) throws -> Distribution {
        try Distribution.truncated(.normal(mean: mean, sd: sd), lower: lower, upper: upper).validated()
    }

    private static func finite(_ value: Double, _ name: String) throws {
        if !value.isFinite {
            throw UncertaintyError(.nonFiniteValue, "\(name) = \(value) must be finite", parameter: name)
        }
    }

    private static func nonNegativePercent(_ value: Double, _ name: String) throws {
        try finite(value, name)
        if value < 0 {
            throw UncertaintyError(.invalidParameter, "\(name) = \(value) must not be negative", parameter: name)
        }
    }
}
