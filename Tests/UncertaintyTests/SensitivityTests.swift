import Foundation
import Testing
import YuhengUncertainty

@Suite("Sensitivity: Spearman and Sobol")
struct SensitivityTests {
    @Test("average ranks for ties; Spearman without ties matches 1 − 6Σd²/(n(n²−1))")
    func ranks() throws {
        #expect(Sensitivity.ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
        #expect(Sensitivity.ranks([1, 1, 1]) == [2, 2, 2])
        let x: [Double] = [3, 1, 4, 1.5, 9, 2.6, 5]
        let y: [Double] = [2, 7, 1, 8, 2.8, 1.8, 2.9]
        let rx = Sensitivity.ranks(x), ry = Sensitivity.ranks(y)
        let n = Double(x.count)
        let d2 = zip(rx, ry).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        #expect(abs(try Sensitivity.spearman(x, y) - (1 - 6 * d2 / (n * (n * n - 1)))) < 1e-12)
        // with ties: Pearson of the average ranks (scipy.stats.spearmanr gives 0.5)
        #expect(abs(try Sensitivity.spearman([1, 2, 2, 3], [1, 3, 2, 2]) - 0.5) < 1e-12)
        #expect(errorCode { _ = try Sensitivity.spearman([1, 1, 1], [1, 2, 3]) } == .zeroVariance)
        #expect(errorCode { _ = try Sensitivity.spearman([1, 2], [1, 2, 3]) } == .dimensionMismatch)
    }

    @Test("UNC-7: Y = X1 + X2 gives Spearman (6/π)·asin(1/(2√2)) = 0.690160; Y = exp(X) gives exactly 1")
    func unc7() async throws {
        let pearson = 1 / 2.0.squareRoot()
        #expect(abs(pearson - 0.707107) < 5e-7)
        let analytic = RankCorrelation.spearman(fromNormalScorePearson: pearson)
        #expect(abs(analytic - 0.690160) < 5e-7)
        let n = Distribution.normal(mean: 0, sd: 1)
        let r = try await MonteCarlo.run(inputs: [n, n], iterations: 20_000, seed: 7, keepInputs: true) { $0[0] + $0[1] }
        let rho = try Sensitivity.spearman(inputs: r.inputs!, output: r.outputs)
        #expect(abs(rho[0] - analytic) < 0.01 && abs(rho[1] - analytic) < 0.01, "\(rho)")
        let ctv = try Sensitivity.contributionToVariance(rho)
        #expect(abs(ctv[0] - 0.5) < 0.02 && abs(ctv[0] + ctv[1] - 1) < 1e-12)
        let e = try await MonteCarlo.run(inputs: [n], iterations: 5000, seed: 8, keepInputs: true) { exp($0[0]) }
        #expect(try Sensitivity.spearman(inputs: e.inputs!, output: e.outputs) == [1])
    }

    static func ishigami(_ x: [Double]) -> Double {
        sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0])
    }

    @Test("UNC-8: Ishigami Sobol indices within 0.02 of the analytic values at N = 2^16")
    func unc8() async throws {
        let a = 7.0, b = 0.1, pi = Double.pi
        let v = a * a / 8 + b * pow(pi, 4) / 5 + b * b * pow(pi, 8) / 18 + 0.5
        #expect(abs(v - 13.844588) < 5e-7)
        let v1 = 0.5 * pow(1 + b * pow(pi, 4) / 5, 2), v2 = a * a / 8, v13 = b * b * pow(pi, 8) * (1.0 / 18 - 1.0 / 50)
        let first = [v1 / v, v2 / v, 0], total = [(v1 + v13) / v, v2 / v, v13 / v]
        for (x, y) in zip(first + total, [0.313905, 0.442411, 0, 0.557589, 0.442411, 0.243684]) { #expect(abs(x - y) < 5e-7) }

        let u = Distribution.uniform(min: -pi, max: pi)
        let r = try await Sobol.analyze(inputs: [u, u, u], baseSamples: 1 << 16, seed: 1) { Self.ishigami($0) }
        for i in 0..<3 {
            #expect(abs(r.first[i] - first[i]) <= 0.02, "S\(i + 1) = \(r.first[i]) vs \(first[i])")
            #expect(abs(r.total[i] - total[i]) <= 0.02, "ST\(i + 1) = \(r.total[i]) vs \(total[i])")
            #expect(r.firstCI[i].lower <= r.first[i] && r.first[i] <= r.firstCI[i].upper)
            #expect(r.totalCI[i].contains(total[i]), "ST\(i + 1) CI \(r.totalCI[i]) misses \(total[i])")
            #expect(r.totalCI[i].width < 0.05)
        }
        #expect(abs(r.variance - v) / v < 0.02)
        #expect(r.modelRuns == 5 * 65_536 && r.bootstrapResamples == 1000)
    }

    @Test("UNC-9: linear additive model, S_i = S_Ti = a_i²/Σa²; identical for 1 and 2 workers")
    func unc9() async throws {
        let u = Distribution.uniform(min: 0, max: 1)
        let expected = [1.0 / 14, 4.0 / 14, 9.0 / 14]
        for (x, y) in zip(expected, [0.071429, 0.285714, 0.642857]) { #expect(abs(x - y) < 5e-7) }
        let one = try await Sobol.analyze(inputs: [u, u, u], names: ["a", "b", "c"], baseSamples: 8192, seed: 3, workers: 1) {
            $0[0] + 2 * $0[1] + 3 * $0[2]
        }
        let two = try await Sobol.analyze(inputs: [u, u, u], names: ["a", "b", "c"], baseSamples: 8192, seed: 3, workers: 2) {
            $0[0] + 2 * $0[1] + 3 * $0[2]
        }
        #expect(one == two)
        for i in 0..<3 {
            #expect(abs(one.first[i] - expected[i]) < 0.02, "S\(i + 1) = \(one.first[i])")
            // for an additive model the Jansen total equals the first order up to sampling noise
            #expect(abs(one.total[i] - expected[i]) < 0.02, "ST\(i + 1) = \(one.total[i])")
            #expect(one.firstCI[i].contains(expected[i]) && one.totalCI[i].contains(expected[i]))
        }
        #expect(abs(one.total.reduce(0, +) - 1) < 0.03)
        // JSON keys
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(one)) as! [String: Any]
        for key in ["names", "first", "total", "first_ci", "total_ci"] { #expect(object[key] != nil, "missing \(key)") }
        #expect((object["first_ci"] as! [[Double]]).count == 3)
        #expect(try JSONDecoder().decode(SobolResult.self, from: try JSONEncoder().encode(one)) == one)
    }

    @Test("Sobol option errors")
    func sobolErrors() async {
        let u = Distribution.uniform(min: 0, max: 1)
        await #expect(throws: UncertaintyError.self) {
            _ = try await Sobol.analyze(inputs: [u], baseSamples: 128, seed: 1, bootstrapResamples: 100) { $0[0] }
        }
        do {
            _ = try await Sobol.analyze(inputs: [u, u], baseSamples: 128, seed: 1) { _ in 3 }
            Issue.record("expected zero variance")
        } catch let e as UncertaintyError {
            #expect(e.code == .zeroVariance)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
