import Testing
import YuhengUncertainty

@Suite("Sampling designs and copulas")
struct SamplingTests {
    @Test("Latin hypercube: exactly one sample per stratum in every column")
    func lhsStrata() throws {
        let sampler = try InputSampler(
            inputs: [.uniform(min: 0, max: 1), .normal(mean: 0, sd: 1), .triangular(min: 0, mode: 1, max: 3)],
            design: .latinHypercube)
        var rng = RandomStream(seed: 11)
        let n = 500
        let u = sampler.unitSample(rows: n, using: &rng)
        for j in 0..<3 {
            let strata = u.column(j).map { Int(($0 * Double(n)).rounded(.down)) }
            #expect(strata.sorted() == Array(0..<n), "column \(j)")
        }
        // after the inverse CDFs, each input still has one value per stratum of its own CDF
        var rng2 = RandomStream(seed: 11)
        let x = sampler.sample(rows: n, using: &rng2)
        for j in 0..<3 {
            let d = sampler.inputs[j]
            let strata = x.column(j).map { min(n - 1, Int((d.cdf($0) * Double(n)).rounded(.down))) }
            #expect(Set(strata).count == n, "column \(j)")
        }
        // and the permutations differ between columns
        #expect(u.column(0).map { Int($0 * Double(n)) } != u.column(2).map { Int($0 * Double(n)) })
    }

    @Test("Latin hypercube reduces the variance of the mean of an additive model")
    func lhsVarianceReduction() throws {
        let inputs: [Distribution] = [.uniform(min: 0, max: 1), .normal(mean: 0, sd: 1)]
        func spread(_ design: SamplingDesign) throws -> Double {
            let sampler = try InputSampler(inputs: inputs, design: design)
            let means = (0..<40).map { s -> Double in
                let m = sampler.sample(rows: 200, seed: 3, stream: UInt64(s))
                return Statistics.mean((0..<200).map { m[$0, 0] + m[$0, 1] })
            }
            return Statistics.variance(means)
        }
        #expect(try spread(.latinHypercube) < 0.05 * (try spread(.random)))
    }

    @Test("the Gaussian copula reproduces a target Spearman correlation of 0.7", arguments: [SamplingDesign.random, .latinHypercube])
    func copulaSpearman(_ design: SamplingDesign) throws {
        let rho = try RankCorrelation(dimension: 3, pairs: [(0, 1, 0.7)])
        let sampler = try InputSampler(
            inputs: [try .lognormal(geometricMean: 2, gsd: 1.5), .triangular(min: 0.8, mode: 1, max: 1.5), .uniform(min: 0, max: 1)],
            design: design, correlation: rho)
        let x = sampler.sample(rows: 20_000, seed: 2024)
        let r01 = try Sensitivity.spearman(x.column(0), x.column(1))
        let r02 = try Sensitivity.spearman(x.column(0), x.column(2))
        #expect(abs(r01 - 0.7) < 0.02, "Spearman = \(r01)")
        #expect(abs(r02) < 0.03, "Spearman = \(r02)")
        if design == .latinHypercube {
            let strata = x.column(1).map { min(19_999, Int((sampler.inputs[1].cdf($0) * 20_000).rounded(.down))) }
            #expect(Set(strata).count == 20_000)
        }
        // margins are preserved
        #expect(abs(Statistics.mean(x.column(1)) - 1.1) < 0.005)
    }

    @Test("rank to normal-score conversion r = 2 sin(π ρ / 6) and its inverse")
    func conversion() {
        #expect(abs(RankCorrelation.normalScorePearson(fromSpearman: 0.7) - 0.7167358990906005) < 1e-15)
        #expect(abs(RankCorrelation.normalScorePearson(fromSpearman: 1) - 1) < 1e-15)
        #expect(abs(RankCorrelation.spearman(fromNormalScorePearson: RankCorrelation.normalScorePearson(fromSpearman: -0.4)) + 0.4) < 1e-14)
    }

    @Test("a correlation matrix that is not positive semi-definite is rejected")
    func notPSD() throws {
        let bad = try RankCorrelation([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]])
        #expect(errorCode { _ = try GaussianCopula(bad) } == .notPositiveSemidefinite)
        #expect(
            errorCode {
                _ = try InputSampler(inputs: [.uniform(min: 0, max: 1), .uniform(min: 0, max: 1), .uniform(min: 0, max: 1)], correlation: bad)
            } == .notPositiveSemidefinite)
    }

    @Test("a singular but positive semi-definite matrix is accepted (ρ = 1)")
    func singularPSD() throws {
        let one = try RankCorrelation([[1, 1, 0], [1, 1, 0], [0, 0, 1]])
        let copula = try GaussianCopula(one)
        #expect(copula.rank == 2)
        let x = try InputSampler(
            inputs: [.normal(mean: 0, sd: 1), .uniform(min: 0, max: 1), .normal(mean: 0, sd: 1)], correlation: one
        ).sample(rows: 2000, seed: 1)
        #expect(try Sensitivity.spearman(x.column(0), x.column(1)) > 0.9999)
        // positive definite: a true Cholesky factor, lower triangular
        let pd = try GaussianCopula(try RankCorrelation(dimension: 2, pairs: [(0, 1, 0.5)]))
        #expect(pd.rank == 2 && pd.factor[0, 1] == 0 && pd.factor[0, 0] == 1)
        let z = pd.correlate([1, 0])
        #expect(abs(z[1] - RankCorrelation.normalScorePearson(fromSpearman: 0.5)) < 1e-15)
    }

    @Test("malformed correlation matrices are rejected")
    func malformed() {
        #expect(errorCode { _ = try RankCorrelation([[1, 0.5], [0.4, 1]]) } == .invalidCorrelation)
        #expect(errorCode { _ = try RankCorrelation([[0.9, 0.5], [0.5, 1]]) } == .invalidCorrelation)
        #expect(errorCode { _ = try RankCorrelation([[1, 1.5], [1.5, 1]]) } == .invalidCorrelation)
        #expect(errorCode { _ = try RankCorrelation([[1, 0], [0]]) } == .invalidCorrelation)
        #expect(errorCode { _ = try RankCorrelation(dimension: 2, pairs: [(0, 2, 0.1)]) } == .invalidCorrelation)
        #expect(
            errorCode {
                _ = try InputSampler(inputs: [.uniform(min: 0, max: 1)], correlation: try RankCorrelation(dimension: 2, pairs: []))
            } == .dimensionMismatch)
        #expect(errorCode { _ = try InputSampler(inputs: []) } == .emptyInput)
        #expect(errorCode { _ = try InputSampler(inputs: [.uniform(min: 0, max: 1), .normal(mean: 0, sd: -1)]) } == .negativeStandardDeviation)
    }

    @Test("same seed and stream give the same sample")
    func reproducible() throws {
        let sampler = try InputSampler(
            inputs: [.normal(mean: 0, sd: 1), .pert(min: 0, mode: 1, max: 4)], design: .latinHypercube,
            correlation: try RankCorrelation(dimension: 2, pairs: [(0, 1, -0.5)]))
        #expect(sampler.sample(rows: 300, seed: 5, stream: 2) == sampler.sample(rows: 300, seed: 5, stream: 2))
        #expect(sampler.sample(rows: 300, seed: 5, stream: 2) != sampler.sample(rows: 300, seed: 5, stream: 3))
    }
}
