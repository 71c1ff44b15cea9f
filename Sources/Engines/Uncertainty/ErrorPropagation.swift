import Foundation

/// Analytic uncertainty propagation: IPCC Approach 1 (Vol. 1, Ch. 3,
/// Eqs 3.1 and 3.2), the general first-order (Taylor) formula, and the
/// exact rule for products of independent lognormals.
///
/// ```swift
/// // IPCC-6: U of each source by Eq 3.1, total by Eq 3.2
/// let coal = try ErrorPropagation.productUncertainty([5, 3])   // 5.831 %
/// let gas = try ErrorPropagation.productUncertainty([2, 3])    // 3.606 %
/// let cement = try ErrorPropagation.productUncertainty([2, 5]) // 5.385 %
/// let total = try ErrorPropagation.sumUncertainty(
///     values: [244_068, 56_100, 468_000], uncertainties: [coal, gas, cement])  // 3.777 %
/// ```
///
/// Approach 1 is valid for uncorrelated quantities with U below about 50 %
/// (sums) or 60 % (products); beyond that, use ``MonteCarlo``.
public enum ErrorPropagation {
    /// IPCC Eq 3.1 (multiplication): U_total = √(U₁² + … + U_n²), U in percent.
    ///
    /// ```swift
    /// try ErrorPropagation.productUncertainty([5, 3])  // 5.830952
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/emptyInput`` for no terms;
    ///   ``UncertaintyError/Code/invalidParameter`` for a negative or non-finite U (named by index).
    public static func productUncertainty(_ uncertainties: [Double]) throws -> Double {
        try checkUncertainties(uncertainties)
        var s = 0.0
        for u in uncertainties { s += u * u }
        return s.squareRoot()
    }

    /// IPCC Eq 3.2 (addition and subtraction):
    /// U_total = √((U₁x₁)² + … + (U_n x_n)²) / |x₁ + … + x_n|, U in percent.
    ///
    /// ```swift
    /// try ErrorPropagation.sumUncertainty(values: [100, 50], uncertainties: [10, 20])  // 9.428 %
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/dimensionMismatch`` if the arrays
    ///   differ in length; ``UncertaintyError/Code/invalidParameter`` for a
    ///   negative U, a non-finite value, or a zero total.
    public static func sumUncertainty(values: [Double], uncertainties: [Double]) throws -> Double {
        guard values.count == uncertainties.count else {
            throw UncertaintyError(
                .dimensionMismatch, "Eq 3.2: \(values.count) values but \(uncertainties.count) uncertainties",
                parameter: "uncertainties")
        }
        try checkUncertainties(uncertainties)
        var s = 0.0, total = 0.0
        for (i, (x, u)) in zip(values, uncertainties).enumerated() {
            guard x.isFinite else {
                throw UncertaintyError(.nonFiniteValue, "Eq 3.2: values[\(i)] = \(x) is not finite", parameter: "values[\(i)]")
            }
            s += (u * x) * (u * x)
            total += x
        }
        guard total != 0 else {
            throw UncertaintyError(.invalidParameter, "Eq 3.2: the values sum to zero, so U% is undefined", parameter: "values")
        }
        return s.squareRoot() / abs(total)
    }

    /// The first-order (Taylor) variance
    /// Var(f) ≈ Σ_i Σ_j (∂f/∂x_i)(∂f/∂x_j) Cov(x_i, x_j).
    ///
    /// ```swift
    /// // f = x + y with Var x = 1, Var y = 4, Cov = 1
    /// try ErrorPropagation.firstOrderVariance(gradient: [1, 1], covariance: [[1, 1], [1, 4]])  // 7
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/dimensionMismatch`` if the
    ///   covariance matrix is not n×n for a gradient of length n.
    public static func firstOrderVariance(gradient: [Double], covariance: [[Double]]) throws -> Double {
        let n = gradient.count
        guard covariance.count == n, covariance.allSatisfy({ $0.count == n }) else {
            throw UncertaintyError(
                .dimensionMismatch, "first-order variance: covariance must be \(n)×\(n)", parameter: "covariance")
        }
        var v = 0.0
        for i in 0..<n { for j in 0..<n { v += gradient[i] * gradient[j] * covariance[i][j] } }
        return v
    }

    /// The exact distribution of a product of independent lognormals:
    /// ln Y = Σ ln X_i, so mu_Y = Σ mu_i and sigma_Y = √(Σ sigma_i²)
    /// (median_Y = Π median_i). Constants are allowed as positive factors.
    ///
    /// ```swift
    /// // UNC-6: AD median 1000, GSD 1.1; EF median 2.0, GSD 1.5
    /// let y = try ErrorPropagation.lognormalProduct([
    ///     try .lognormal(geometricMean: 1000, gsd: 1.1),
    ///     try .lognormal(geometricMean: 2.0, gsd: 1.5),
    /// ])
    /// y.median                      // 2000
    /// y.geometricStandardDeviation  // 1.516669
    /// y.interval()                  // 884.065...4524.556
    /// y.mean                        // 2181.233
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/emptyInput`` for no factors;
    ///   ``UncertaintyError/Code/unsupportedDistribution`` for a factor that is
    ///   neither lognormal nor a positive constant (named by index).
    public static func lognormalProduct(_ factors: [Distribution]) throws -> Distribution {
        guard !factors.isEmpty else {
            throw UncertaintyError(.emptyInput, "lognormal product: no factors", parameter: "factors")
        }
        var mu = 0.0, s2 = 0.0
        for (i, f) in factors.enumerated() {
            try f.validate()
            switch f {
            case .lognormal(let m, let s):
                mu += m
                s2 += s * s
            case .constant(let c) where c > 0:
                mu += log(c)
            default:
                throw UncertaintyError(
                    .unsupportedDistribution, "lognormal product: factors[\(i)] is \(f.kindName), not lognormal",
                    parameter: "factors[\(i)]")
            }
        }
        return .lognormal(mu: mu, sigma: s2.squareRoot())
    }

    private static func checkUncertainties(_ u: [Double]) throws {
        guard !u.isEmpty else {
            throw UncertaintyError(.emptyInput, "no uncertainties given", parameter: "uncertainties")
        }
        for (i, x) in u.enumerated() where !x.isFinite || x < 0 {
            throw UncertaintyError(
                .invalidParameter, "uncertainties[\(i)] = \(x) must be finite and non-negative", parameter: "uncertainties[\(i)]")
        }
    }
}
