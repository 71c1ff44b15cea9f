/// YuhengUncertainty: uncertainty propagation and sensitivity analysis for
/// carbon accounts (method note `uncertainty.md`, IPCC 2006 Vol. 1 Ch. 3).
/// Pure value types, no IO.
///
/// - Random numbers: ``RandomStream`` (xoshiro256** with independent
///   (seed, stream) pairs), ``SplitMix64``, ``StandardNormal`` (AS241 quantile).
/// - Distributions: ``Distribution`` (normal, lognormal, triangular, uniform,
///   PERT, discrete, truncated, constant) with IPCC/ecoinvent constructors
///   such as ``Distribution/lognormal(mean:uncertaintyPercent:)`` and
///   ``Distribution/ipccRange(mean:minusPercent:plusPercent:)``.
/// - Data quality: ``Pedigree`` (ecoinvent v2 factors, v3 variances), ``PedigreeScores``.
/// - Sampling: ``InputSampler`` (random or Latin hypercube, Gaussian copula
///   for a ``RankCorrelation``), ``SampleMatrix``, ``GaussianCopula`` (LAPACK Cholesky).
/// - Propagation: ``MonteCarlo`` (parallel, reproducible for any number of
///   workers, convergence stop, progress, cancellation) → ``UncertaintySummary``;
///   ``ErrorPropagation`` (IPCC Approach 1, Eqs 3.1/3.2; exact lognormal products).
/// - Sensitivity: ``Sensitivity`` (Spearman, contribution to variance),
///   ``Sobol`` (Saltelli 2010 first order, Jansen 1999 total, bootstrap CIs) → ``SobolResult``.
/// - Errors: ``UncertaintyError`` with a ``UncertaintyError/Code`` and the offending input's name.
///
/// ```swift
/// import YuhengUncertainty
///
/// let ad = try Distribution.normal(mean: 2_580, uncertaintyPercent: 5)        // TJ
/// let ef = try Distribution.lognormal(mean: 94_600, uncertaintyPercent: 3)    // kg CO2/TJ
/// let run = try await MonteCarlo.run(inputs: [ad, ef], iterations: 100_000, seed: 2024) { x in
///     x[0] * x[1] / 1000                                                      // t CO2
/// }
/// print(run.summary.mean, run.summary.uLowPercent, run.summary.uHighPercent)
/// ```
public enum YuhengUncertaintyInfo {
    /// The module version.
    public static let version = "0.1.0"
}
