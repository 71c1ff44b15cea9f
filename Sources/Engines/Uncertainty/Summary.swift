import Foundation

/// Descriptive statistics used by the engine.
public enum Statistics {
    /// The p-quantile (0 ≤ p ≤ 1) of already **sorted** values by linear
    /// interpolation between order statistics (Hyndman & Fan type 7, the
    /// default of R and NumPy): h = (n − 1)·p.
    ///
    /// ```swift
    /// Statistics.percentile(sorted: [1, 2, 3, 4], 0.5)  // 2.5
    /// ```
    public static func percentile(sorted values: [Double], _ p: Double) -> Double {
        precondition(!values.isEmpty, "percentile of an empty sample")
        let h = Double(values.count - 1) * min(1, max(0, p))
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, values.count - 1)
        return values[lo] + (h - Double(lo)) * (values[hi] - values[lo])
    }

    /// Arithmetic mean (compensated summation in index order).
    ///
    /// ```swift
    /// Statistics.mean([1, 2, 3])  // 2
    /// ```
    public static func mean(_ values: [Double]) -> Double {
        var sum = 0.0, c = 0.0
        for v in values {
            let y = v - c
            let t = sum + y
            c = (t - sum) - y
            sum = t
        }
        return sum / Double(values.count)
    }

    /// Sample variance with the n − 1 denominator (two-pass).
    ///
    /// ```swift
    /// Statistics.variance([1, 2, 3, 4])  // 1.6667
    /// ```
    public static func variance(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let m = mean(values)
        var s = 0.0
        for v in values { s += (v - m) * (v - m) }
        return s / Double(values.count - 1)
    }
}

/// Summary of a Monte Carlo output distribution, in IPCC reporting terms.
///
/// JSON keys: `iterations`, `seed`, `mean`, `median`, `sd`, `p2_5`,
/// `p97_5`, `u_low_pct`, `u_high_pct`, `se_mean`, `converged`, `cancelled`.
///
/// ```swift
/// let s = try UncertaintySummary(samples: outputs, seed: 42)
/// print("\(s.mean) −\(s.uLowPercent) % / +\(s.uHighPercent) %")
/// let json = try JSONEncoder().encode(s)
/// ```
///
/// - `sd` is the sample standard deviation (n − 1), `se_mean = sd/√n`.
/// - Percentiles use linear interpolation (``Statistics/percentile(sorted:_:)``).
/// - `u_low_pct = (mean − p2_5)/mean·100`, `u_high_pct = (p97_5 − mean)/mean·100`
///   (method note §7; infinite or NaN when the mean is 0 — `JSONEncoder` then
///   needs a `nonConformingFloatEncodingStrategy`).
/// - `converged`: whether the relative half-width of the 95 % CI of the
///   mean, 1.96·se/|mean|, is at most the run's tolerance (0.01 when the run
///   had none: that is the method note's default SE/mean < 0.5 %).
/// - `cancelled`: the run was stopped early and the summary covers the
///   completed iterations only.
public struct UncertaintySummary: Sendable, Hashable, Codable {
    /// Number of iterations summarised.
    public let iterations: Int
    /// The seed of the run.
    public let seed: UInt64
    /// Sample mean.
    public let mean: Double
    /// Sample median.
    public let median: Double
    /// Sample standard deviation (n − 1).
    public let sd: Double
    /// 2.5th percentile.
    public let p2_5: Double
    /// 97.5th percentile.
    public let p97_5: Double
    /// Lower uncertainty (mean − P2.5)/mean in percent.
    public let uLowPercent: Double
    /// Upper uncertainty (P97.5 − mean)/mean in percent.
    public let uHighPercent: Double
    /// Standard error of the mean, sd/√n.
    public let seMean: Double
    /// Whether the convergence criterion was met.
    public let converged: Bool
    /// Whether the run was cancelled (partial result).
    public let cancelled: Bool

    enum CodingKeys: String, CodingKey {
        case iterations, seed, mean, median, sd
        case p2_5, p97_5
        case uLowPercent = "u_low_pct"
        case uHighPercent = "u_high_pct"
        case seMean = "se_mean"
        case converged, cancelled
    }

    /// The default convergence tolerance (relative half-width of the 95 % CI
    /// of the mean) used to set ``converged`` when a run has no tolerance.
    public static let defaultTolerance = 0.01

    /// Summarises a sample.
    ///
    /// - parameter tolerance: the relative half-width of the 95 % CI of the
    ///   mean at or below which the sample counts as converged (default 0.01).
    /// - throws: ``UncertaintyError/Code/emptyInput`` for no samples;
    ///   ``UncertaintyError/Code/nonFiniteValue`` if a sample is NaN or infinite.
    public init(
        samples: [Double], seed: UInt64, tolerance: Double? = nil, cancelled: Bool = false
    ) throws {
        try self.init(samples: samples, seed: seed, tolerance: tolerance, cancelled: cancelled, convergedOverride: nil)
    }

    init(
        samples: [Double], seed: UInt64, tolerance: Double?, cancelled: Bool, convergedOverride: Bool?
    ) throws {
        guard !samples.isEmpty else {
            throw UncertaintyError(.emptyInput, "summary: no samples", parameter: "samples")
        }
        if let i = samples.firstIndex(where: { !$0.isFinite }) {
            throw UncertaintyError(.nonFiniteValue, "summary: samples[\(i)] = \(samples[i]) is not finite", parameter: "samples[\(i)]")
        }
        let n = samples.count
        let sorted = samples.sorted()
        let m = Statistics.mean(samples)
        let sd = Statistics.variance(samples).squareRoot()
        let se = sd / Double(n).squareRoot()
        iterations = n
        self.seed = seed
        mean = m
        median = Statistics.percentile(sorted: sorted, 0.5)
        self.sd = sd
        p2_5 = Statistics.percentile(sorted: sorted, 0.025)
        p97_5 = Statistics.percentile(sorted: sorted, 0.975)
        uLowPercent = (m - p2_5) / m * 100
        uHighPercent = (p97_5 - m) / m * 100
        seMean = se
        converged =
            convergedOverride
            ?? (UncertaintySummary.relativeHalfWidth(mean: m, se: se) <= (tolerance ?? UncertaintySummary.defaultTolerance))
        self.cancelled = cancelled
    }

    /// The relative half-width of the 95 % confidence interval of the mean,
    /// 1.96·se/|mean| (0 when se = 0, +∞ when the mean is 0 and se > 0).
    public var relativeHalfWidth: Double { UncertaintySummary.relativeHalfWidth(mean: mean, se: seMean) }

    /// The half-width of the 95 % range relative to the mean, in percent:
    /// (p97.5 − p2.5)/2/mean·100 — the Approach 2 counterpart of IPCC's U%.
    ///
    /// ```swift
    /// summary.halfWidthPercent  // ≈ 3.77 for the IPCC-6 example
    /// ```
    public var halfWidthPercent: Double { (p97_5 - p2_5) / 2 / mean * 100 }

    static func relativeHalfWidth(mean: Double, se: Double) -> Double {
        if se == 0 { return 0 }
        return Distribution.ipccZ95 * se / abs(mean)
    }
}
