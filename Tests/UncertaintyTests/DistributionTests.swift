import Foundation
import Testing
import YuhengUncertainty

@Suite("Distributions")
struct DistributionTests {
    // MARK: Method-note conversions

    @Test("UNC-1: lognormal from mean 100, U = 50 % by moment matching")
    func unc1() throws {
        let d = try Distribution.lognormal(mean: 100, uncertaintyPercent: 50)
        guard case .lognormal(let mu, let sigma) = d else { Issue.record("not lognormal"); return }
        let cv = 50.0 / 196
        #expect(abs(cv - 0.255102) < 5e-7)
        #expect(abs(sigma - 0.2510919057155438) < 1e-12)
        #expect(abs(sigma - 0.251092) < 5e-7)
        #expect(abs(exp(mu) - 96.8968115127499) < 1e-9)
        #expect(abs(d.median - 96.8968) < 5e-5)
        #expect(abs(d.mean - 100) < 1e-9)
        let ci = d.interval()
        #expect(abs(ci.lowerBound - 59.234638360824185) < 1e-9)
        #expect(abs(ci.upperBound - 158.50509669941616) < 1e-9)
        #expect(abs(ci.lowerBound - 59.2346) < 5e-5 && abs(ci.upperBound - 158.5051) < 5e-5)
    }

    @Test("UNC-2: lognormal from the 2.5/97.5 range (50, 200)")
    func unc2() throws {
        let d = try Distribution.lognormal(p2_5: 50, p97_5: 200)
        guard case .lognormal(let mu, let sigma) = d else { Issue.record("not lognormal"); return }
        #expect(abs(exp(mu) - 100) < 1e-12)
        #expect(abs(sigma - 0.3536465206938496) < 1e-12)
        #expect(abs(sigma - 0.353647) < 5e-7)
        #expect(abs(d.mean - 106.45295141485794) < 1e-9)
        #expect(abs(d.mean - 106.4530) < 5e-5)
        #expect(abs(d.interval().lowerBound - 50) < 1e-9 && abs(d.interval().upperBound - 200) < 1e-9)
    }

    @Test("UNC-3: triangular (0.8, 1.0, 1.5)")
    func unc3() {
        let d = Distribution.triangular(min: 0.8, mode: 1.0, max: 1.5)
        #expect(abs(d.mean - 1.1) < 1e-12)
        #expect(abs(d.variance - 0.39 / 18) < 1e-12)
        #expect(abs(d.variance - 0.0216667) < 5e-8)
        #expect(abs(d.cdf(1.0) - 0.2 / 0.7) < 1e-12)
        #expect(abs(d.quantile(d.cdf(1.3)) - 1.3) < 1e-12)
    }

    @Test("ecoinvent SD95 and GSD constructors")
    func sd95AndGsd() throws {
        let a = try Distribution.lognormal(median: 10, sd95: 1.22287)
        guard case .lognormal(_, let sigma) = a else { Issue.record("not lognormal"); return }
        #expect(abs(sigma - log(1.22287) / 2) < 1e-15)
        #expect(abs(a.median - 10) < 1e-12)
        let b = try Distribution.lognormal(geometricMean: 2, gsd: 1.5)
        #expect(abs(b.geometricStandardDeviation! - 1.5) < 1e-15)
        #expect(abs(b.median - 2) < 1e-12)
        let c = try Distribution.lognormal(mean: 10, sd: 2)
        #expect(abs(c.mean - 10) < 1e-12 && abs(c.standardDeviation - 2) < 1e-12)
    }

    @Test("IPCC asymmetric ranges: normal when symmetric, fitted lognormal otherwise")
    func ipccRanges() throws {
        let sym = try Distribution.ipccRange(mean: 200, minusPercent: 10, plusPercent: 10)
        #expect(sym == .normal(mean: 200, sd: 200 * 10 / 196))
        #expect(abs(sym.interval().upperBound - 220) < 1e-9)
        let asym = try Distribution.ipccRange(mean: 100, minusPercent: 50, plusPercent: 100)
        #expect(asym == (try Distribution.lognormal(p2_5: 50, p97_5: 200)))
        #expect(abs(asym.quantile(StandardNormal.cdf(-1.96)) - 50) < 1e-9)
        #expect(abs(asym.quantile(StandardNormal.cdf(1.96)) - 200) < 1e-9)
        #expect(errorCode { _ = try Distribution.ipccRange(mean: -5, minusPercent: 10, plusPercent: 30) } == .nonPositiveValue)
        #expect(errorCode { _ = try Distribution.ipccRange(mean: 5, minusPercent: 100, plusPercent: 300) } == .nonPositiveValue)
        #expect(errorCode { _ = try Distribution.ipccRange(mean: 5, minusPercent: -1, plusPercent: 3) } == .invalidParameter)
        let n = try Distribution.normal(mean: 2580, uncertaintyPercent: 5)
        #expect(abs(n.standardDeviation - 2580 * 0.05 / 1.96) < 1e-12)
    }

    // MARK: Validation

    @Test("invalid parameters give the right error codes, naming the parameter")
    func validation() {
        func failure(_ d: Distribution) -> UncertaintyError? {
            do { try d.validate(); return nil } catch let e as UncertaintyError { return e } catch { return nil }
        }
        #expect(failure(.normal(mean: 1, sd: -0.1))?.code == .negativeStandardDeviation)
        #expect(failure(.normal(mean: 1, sd: -0.1))?.parameter == "sd")
        #expect(failure(.lognormal(mu: 0, sigma: -1))?.parameter == "sigma")
        #expect(failure(.uniform(min: 2, max: 1))?.code == .invalidRange)
        #expect(failure(.triangular(min: 2, mode: 2, max: 1))?.code == .invalidRange)
        #expect(failure(.triangular(min: 0, mode: 3, max: 2))?.code == .modeOutsideRange)
        #expect(failure(.triangular(min: 0, mode: 3, max: 2))?.parameter == "mode")
        #expect(failure(.pert(min: 0, mode: -1, max: 2))?.code == .modeOutsideRange)
        #expect(failure(.pert(min: 0, mode: 1, max: 2, lambda: -1))?.code == .invalidParameter)
        #expect(failure(.normal(mean: .nan, sd: 1))?.code == .nonFiniteValue)
        #expect(failure(.discrete(values: [1, 2], weights: [1]))?.code == .dimensionMismatch)
        #expect(failure(.discrete(values: [1, 2], weights: [1, -1]))?.code == .invalidWeights)
        #expect(failure(.discrete(values: [1, 2], weights: [0, 0]))?.code == .invalidWeights)
        #expect(failure(.discrete(values: [], weights: []))?.code == .emptyInput)
        #expect(failure(.truncated(.normal(mean: 0, sd: 1), lower: 1, upper: 0))?.code == .invalidRange)
        #expect(failure(.truncated(.uniform(min: 0, max: 1), lower: 2, upper: 3))?.code == .emptyTruncation)
        #expect(failure(.truncated(.discrete(values: [1], weights: [1]), lower: 0, upper: 3))?.code == .unsupportedDistribution)
        #expect(failure(.truncated(.normal(mean: 0, sd: -1), lower: 0, upper: 1))?.code == .negativeStandardDeviation)
        // lognormal of a non-positive mean
        #expect(errorCode { _ = try Distribution.lognormal(mean: -10, uncertaintyPercent: 20) } == .nonPositiveValue)
        #expect(errorCode { _ = try Distribution.lognormal(mean: 0, sd: 1) } == .nonPositiveValue)
        #expect(errorCode { _ = try Distribution.lognormal(geometricMean: 2, gsd: 0.9) } == .invalidParameter)
        #expect(errorCode { _ = try Distribution.lognormal(p2_5: 200, p97_5: 50) } == .invalidRange)
        #expect(errorCode { _ = try Distribution.lognormal(median: 1, sd95: 0.5) } == .invalidParameter)
        #expect(errorCode { _ = try Distribution.normal(mean: 1, uncertaintyPercent: -3) } == .invalidParameter)
        // the message names the input
        do {
            try Distribution.normal(mean: 1, sd: -2).validate()
        } catch let e as UncertaintyError {
            #expect(e.message.contains("sd"))
            #expect(e.description.hasPrefix("negativeStandardDeviation"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    // MARK: Moments, quantiles, sampling

    static let momentCases: [(String, Distribution, Int)] = [
        ("normal", .normal(mean: 3, sd: 2), 100_000),
        ("lognormal", .lognormal(mu: 0.5, sigma: 0.4), 100_000),
        ("triangular", .triangular(min: 0.8, mode: 1.0, max: 1.5), 100_000),
        ("uniform", .uniform(min: -1, max: 3), 100_000),
        ("pert", .pert(min: 0, mode: 1, max: 5), 20_000),
        ("pert λ=2", .pert(min: 10, mode: 18, max: 20, lambda: 2), 20_000),
        ("discrete", .discrete(values: [3, 1, 2], weights: [0.2, 0.5, 0.3]), 100_000),
        ("truncated normal", .truncated(.normal(mean: 0.9, sd: 0.1), lower: 0, upper: 1), 50_000),
        ("truncated lognormal", .truncated(.lognormal(mu: 0, sigma: 1), lower: 0.5, upper: 4), 50_000),
        ("truncated triangular", .truncated(.triangular(min: 0, mode: 1, max: 4), lower: 0.5, upper: 3), 20_000),
        ("truncated pert", .truncated(.pert(min: 0, mode: 1, max: 4), lower: 0.5, upper: 3), 5_000)
    ]

    @Test("sample means and variances match the analytic moments", arguments: 0..<11)
    func sampleMoments(_ index: Int) throws {
        let (name, d, n) = DistributionTests.momentCases[index]
        try d.validate()
        var rng = RandomStream(seed: 100 + UInt64(index))
        let xs = d.samples(n, using: &rng)
        let m = Statistics.mean(xs), v = Statistics.variance(xs)
        let se = (d.variance / Double(n)).squareRoot()
        #expect(abs(m - d.mean) < 4 * se, "\(name): sample mean \(m) vs \(d.mean)")
        #expect(abs(v / d.variance - 1) < 0.05, "\(name): sample variance \(v) vs \(d.variance)")
        let (lo, hi) = d.support
        #expect(xs.allSatisfy { $0 >= lo && $0 <= hi }, "\(name): a sample outside the support")
    }

    @Test("quantile inverts the cdf for every continuous case")
    func quantileCdfRoundTrip() {
        let cases: [Distribution] = [
            .normal(mean: 3, sd: 2), .lognormal(mu: 0.5, sigma: 0.4), .triangular(min: 0.8, mode: 1.0, max: 1.5),
            .uniform(min: -1, max: 3), .pert(min: 0, mode: 1, max: 5), .pert(min: 0, mode: 0, max: 1),
            .truncated(.normal(mean: 0.9, sd: 0.1), lower: 0, upper: 1),
            .truncated(.lognormal(mu: 0, sigma: 1), lower: 0.5, upper: .infinity)
        ]
        for d in cases {
            for p in stride(from: 0.01, to: 1, by: 0.049) {
                #expect(abs(d.cdf(d.quantile(p)) - p) < 1e-10, "\(d) at p = \(p)")
            }
        }
    }

    @Test("closed-form moments: truncated normal and PERT")
    func closedForms() {
        let half = Distribution.truncated(.normal(mean: 0, sd: 1), lower: 0, upper: .infinity)
        #expect(abs(half.mean - 0.7978845608028654) < 1e-12)
        #expect(abs(half.variance - (1 - 2 / Double.pi)) < 1e-12)
        let pert = Distribution.pert(min: 0, mode: 1, max: 5)
        #expect(abs(pert.mean - 1.5) < 1e-12)
        #expect(abs(pert.variance - 1.5 * 3.5 / 7) < 1e-12)
        #expect(abs(pert.median - pert.quantile(0.5)) < 1e-15)
        // triangular truncated to its own support equals the triangular
        let t = Distribution.triangular(min: 0, mode: 1, max: 4)
        let tt = Distribution.truncated(t, lower: -1, upper: 5)
        #expect(abs(tt.mean - t.mean) < 1e-9 && abs(tt.variance - t.variance) < 1e-9)
        // nested truncation flattens
        let nested = Distribution.truncated(.truncated(.normal(mean: 0, sd: 1), lower: -1, upper: 3), lower: 0, upper: 2)
        let flat = Distribution.truncated(.normal(mean: 0, sd: 1), lower: 0, upper: 2)
        #expect(abs(nested.mean - flat.mean) < 1e-12)
    }

    @Test("discrete quantiles and degenerate distributions")
    func discreteAndDegenerate() {
        let d = Distribution.discrete(values: [3, 1, 2], weights: [0.2, 0.5, 0.3])
        #expect(d.quantile(0.4) == 1 && d.quantile(0.5) == 1 && d.quantile(0.6) == 2 && d.quantile(0.95) == 3)
        #expect(abs(d.mean - 1.7) < 1e-12)
        #expect(abs(d.cdf(2) - 0.8) < 1e-12)
        #expect(Distribution.normal(mean: 4, sd: 0).quantile(0.3) == 4)
        #expect(Distribution.constant(7).variance == 0)
        #expect(Distribution.triangular(min: 2, mode: 2, max: 2).quantile(0.5) == 2)
    }

    @Test("JSON round trip; decoding validates")
    func codable() throws {
        let cases: [Distribution] = [
            .constant(3), .normal(mean: 1, sd: 2), .lognormal(mu: 0.1, sigma: 0.2),
            .triangular(min: 0, mode: 1, max: 2), .uniform(min: 0, max: 1), .pert(min: 0, mode: 1, max: 3, lambda: 3),
            .discrete(values: [1, 2], weights: [1, 3]), .truncated(.normal(mean: 0.9, sd: 0.1), lower: 0, upper: 1),
            .truncated(.lognormal(mu: 0, sigma: 1), lower: 0.5, upper: .infinity)
        ]
        for d in cases {
            let data = try JSONEncoder().encode(d)
            #expect(try JSONDecoder().decode(Distribution.self, from: data) == d)
        }
        let json = Data(#"{"type":"triangular","min":0,"mode":5,"max":2}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Distribution.self, from: json) }
        let pert = try JSONDecoder().decode(Distribution.self, from: Data(#"{"type":"pert","min":0,"mode":1,"max":2}"#.utf8))
        #expect(pert == .pert(min: 0, mode: 1, max: 2, lambda: 4))
    }
}
