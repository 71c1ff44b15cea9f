import Foundation
import Testing
import YuhengUncertainty

/// A lock-protected log for callbacks.
final class CallLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(Int, Int, Double)] = []
    func append(_ e: (Int, Int, Double)) {
        lock.lock()
        entries.append(e)
        lock.unlock()
    }
    var all: [(Int, Int, Double)] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }
}

@Suite("Monte Carlo propagation")
struct MonteCarloTests {
    /// IPCC-6 inputs: multipliers N(1, U/196) for AD and EF of coal, gas, cement.
    static func ipcc6Inputs() throws -> [Distribution] {
        try [5.0, 3, 2, 3, 2, 5].map { try Distribution.normal(mean: 1, uncertaintyPercent: $0) }
    }

    @Sendable static func ipcc6Model(_ x: [Double]) -> Double {
        244_068 * x[0] * x[1] + 56_100 * x[2] * x[3] + 468_000 * x[4] * x[5]
    }

    @Test("IPCC-6: Approach 2 half-width within ±0.1 pp of Approach 1 (3.777 %) at N = 200 000")
    func ipcc6() async throws {
        let approach1 = try ErrorPropagation.sumUncertainty(
            values: [244_068, 56_100, 468_000],
            uncertainties: [
                try ErrorPropagation.productUncertainty([5, 3]), try ErrorPropagation.productUncertainty([2, 3]),
                try ErrorPropagation.productUncertainty([2, 5])
            ])
        #expect(abs(approach1 - 3.777) < 5e-4)
        let r = try await MonteCarlo.run(inputs: try Self.ipcc6Inputs(), iterations: 200_000, seed: 42, model: Self.ipcc6Model)
        let s = r.summary
        #expect(s.iterations == 200_000)
        #expect(abs(s.halfWidthPercent - approach1) < 0.1, "MC half-width \(s.halfWidthPercent) %")
        #expect(abs(s.mean - 768_168) < 3 * s.seMean + 1)
        #expect(abs(s.p2_5 - 739_400) < 1_000 && abs(s.p97_5 - 797_400) < 1_000)
        #expect(!s.cancelled && s.converged)
    }

    @Test("UNC-6: product of two lognormals, analytic rule and Monte Carlo")
    func unc6() async throws {
        let ad = try Distribution.lognormal(geometricMean: 1000, gsd: 1.1)
        let ef = try Distribution.lognormal(geometricMean: 2.0, gsd: 1.5)
        let y = try ErrorPropagation.lognormalProduct([ad, ef])
        guard case .lognormal(_, let sigma) = y else { Issue.record("not lognormal"); return }
        #expect(abs(sigma - 0.4165164873897529) < 1e-12 && abs(sigma - 0.416516) < 5e-7)
        #expect(abs(y.geometricStandardDeviation! - 1.516669) < 5e-7)
        #expect(abs(y.median - 2000) < 1e-9)
        #expect(abs(y.interval().lowerBound - 884.065) < 5e-4 && abs(y.interval().upperBound - 4524.556) < 5e-4)
        #expect(abs(y.mean - 2181.233) < 5e-4)
        let r = try await MonteCarlo.run(inputs: [ad, ef], iterations: 200_000, seed: 6) { $0[0] * $0[1] }
        let s = r.summary
        #expect(abs(s.median / 2000 - 1) < 0.01, "median \(s.median)")
        #expect(abs(s.p2_5 / 884.065 - 1) < 0.01, "p2.5 \(s.p2_5)")
        #expect(abs(s.p97_5 / 4524.556 - 1) < 0.01, "p97.5 \(s.p97_5)")
        #expect(abs(s.mean / 2181.233 - 1) < 0.01, "mean \(s.mean)")
    }

    @Test("results are identical for 1 and 2 workers (random, LHS, copula, vector)")
    func workerIndependence() async throws {
        let inputs = try Self.ipcc6Inputs()
        let rho = try RankCorrelation(dimension: 6, pairs: [(1, 3, 0.8), (0, 4, -0.3)])
        for design in [SamplingDesign.random, .latinHypercube] {
            let one = try await MonteCarlo.run(
                inputs: inputs, iterations: 20_500, seed: 77, blockSize: 1000, workers: 1, correlation: rho, design: design,
                keepInputs: true, model: Self.ipcc6Model)
            let two = try await MonteCarlo.run(
                inputs: inputs, iterations: 20_500, seed: 77, blockSize: 1000, workers: 2, correlation: rho, design: design,
                keepInputs: true, model: Self.ipcc6Model)
            #expect(one.outputs == two.outputs)
            #expect(one.inputs == two.inputs)
            #expect(one.summary == two.summary)
            #expect(one.outputs.count == 20_500 && one.blocks == 21)
        }
        let v1 = try await MonteCarlo.runVector(inputs: inputs, outputCount: 2, iterations: 5000, seed: 3, workers: 1) { x in
            [Self.ipcc6Model(x), x[0] * x[1]]
        }
        let v2 = try await MonteCarlo.runVector(inputs: inputs, outputCount: 2, iterations: 5000, seed: 3, workers: 2) { x in
            [Self.ipcc6Model(x), x[0] * x[1]]
        }
        #expect(v1.outputs == v2.outputs && v1.summaries == v2.summaries)
        // a different seed gives different results
        let other = try await MonteCarlo.run(inputs: inputs, iterations: 2000, seed: 78, workers: 1, model: Self.ipcc6Model)
        let same = try await MonteCarlo.run(inputs: inputs, iterations: 2000, seed: 77, workers: 1, model: Self.ipcc6Model)
        #expect(other.outputs != same.outputs)
    }

    @Test("convergence: stops at the first block boundary where the tolerance is met")
    func convergence() async throws {
        let inputs: [Distribution] = [try .lognormal(geometricMean: 10, gsd: 2)]
        let tol = 0.01
        let r = try await MonteCarlo.run(
            inputs: inputs, iterations: 1_000_000, seed: 12, blockSize: 500, tolerance: tol
        ) { $0[0] }
        #expect(r.converged)
        #expect(r.summary.iterations < 1_000_000 && r.summary.iterations % 500 == 0)
        #expect(r.summary.relativeHalfWidth <= tol * (1 + 1e-9))
        // one block earlier the criterion was not met
        let before = try await MonteCarlo.run(
            inputs: inputs, iterations: r.summary.iterations - 500, seed: 12, blockSize: 500
        ) { $0[0] }
        #expect(before.summary.relativeHalfWidth > tol)
        #expect(Array(r.outputs.prefix(before.outputs.count)) == before.outputs)
        // the maximum count bounds the run when the tolerance is not met
        let capped = try await MonteCarlo.run(inputs: inputs, iterations: 2000, seed: 12, blockSize: 500, tolerance: 1e-6) { $0[0] }
        #expect(capped.summary.iterations == 2000 && !capped.converged)
    }

    @Test("progress reports every committed block in order")
    func progress() async throws {
        let log = CallLog()
        let r = try await MonteCarlo.run(
            inputs: try Self.ipcc6Inputs(), iterations: 10_300, seed: 1, blockSize: 1000, workers: 2,
            progress: { done, total, mean in log.append((done, total, mean)) }, model: Self.ipcc6Model)
        let calls = log.all
        #expect(calls.map(\.0) == [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000, 10_300])
        #expect(calls.allSatisfy { $0.1 == 10_300 })
        #expect(abs(calls.last!.2 - r.summary.mean) < 1e-6 * r.summary.mean)
    }

    @Test("cancellation by flag returns the partial result, identically for 1 and 2 workers")
    func cancellationFlag() async throws {
        for workers in [1, 2] {
            let flag = CancellationFlag()
            let r = try await MonteCarlo.run(
                inputs: try Self.ipcc6Inputs(), iterations: 100_000, seed: 5, blockSize: 1000, workers: workers,
                cancellation: flag, progress: { done, _, _ in if done >= 3000 { flag.cancel() } }, model: Self.ipcc6Model)
            #expect(r.cancelled && r.summary.cancelled)
            #expect(r.summary.iterations == 3000)
            #expect(r.blocks == 3)
        }
        let early = CancellationFlag()
        early.cancel()
        await #expect(throws: UncertaintyError.self) {
            _ = try await MonteCarlo.run(
                inputs: try Self.ipcc6Inputs(), iterations: 100_000, seed: 5, workers: 1, cancellation: early, model: Self.ipcc6Model)
        }
    }

    @Test("task cancellation stops the run between blocks")
    func taskCancellation() async throws {
        // The run is a task of its own, cancelled from inside: cancelling the test's own task
        // made Swift Testing report the test as cancelled (not passed) after the run.
        let inputs = try Self.ipcc6Inputs()
        let run = Task {
            try await MonteCarlo.run(
                inputs: inputs, iterations: 100_000, seed: 5, blockSize: 1000, workers: 1,
                progress: { done, _, _ in
                    if done >= 2000 { withUnsafeCurrentTask { $0?.cancel() } }
                }, model: Self.ipcc6Model)
        }
        let r = try await run.value
        #expect(run.isCancelled)
        #expect(r.cancelled)
        #expect(r.summary.iterations == 2000)
    }

    @Test("model failures and bad options are reported")
    func failures() async throws {
        struct Boom: Error {}
        let inputs: [Distribution] = [.uniform(min: 0, max: 1)]
        do {
            _ = try await MonteCarlo.run(inputs: inputs, iterations: 5000, seed: 1, blockSize: 1000, workers: 2) { x in
                if x[0] > 0.99 { throw Boom() }
                return x[0]
            }
            Issue.record("expected a model failure")
        } catch let e as UncertaintyError {
            #expect(e.code == .modelFailure)
            #expect(e.message.contains("iteration"))
        }
        do {
            _ = try await MonteCarlo.run(inputs: inputs, iterations: 100, seed: 1) { x in x[0] > 0.5 ? .nan : 1 }
            Issue.record("expected a non-finite output")
        } catch let e as UncertaintyError {
            #expect(e.code == .nonFiniteModelOutput)
        }
        await #expect(throws: UncertaintyError.self) {
            _ = try await MonteCarlo.run(inputs: inputs, iterations: 0, seed: 1) { $0[0] }
        }
        await #expect(throws: UncertaintyError.self) {
            _ = try await MonteCarlo.run(inputs: [.normal(mean: 0, sd: -1)], iterations: 10, seed: 1) { $0[0] }
        }
        await #expect(throws: UncertaintyError.self) {
            _ = try await MonteCarlo.runVector(inputs: inputs, outputCount: 2, iterations: 10, seed: 1) { [$0[0]] }
        }
    }

    @Test("vector outputs share draws: a shared EF is one random variable")
    func vectorSharedDraws() async throws {
        let inputs: [Distribution] = [
            try .normal(mean: 100, uncertaintyPercent: 5), try .normal(mean: 110, uncertaintyPercent: 5),
            try .lognormal(geometricMean: 2, gsd: 1.5)
        ]
        let r = try await MonteCarlo.runVector(inputs: inputs, outputCount: 3, iterations: 20_000, seed: 9, keepInputs: true) { x in
            let e0 = x[0] * x[2], e1 = x[1] * x[2]
            return [e0, e1, (e1 - e0) / e0]
        }
        #expect(r.summaries.count == 3 && r.outputs.rows == 20_000 && r.inputs!.columns == 3)
        // the trend does not carry the EF uncertainty: its spread comes from the two ADs only
        let trendSD = r.summaries[2].sd
        // trend = x1/x0 − 1: sd ≈ 1.1·√2·(5/196) = 0.0397, independent of the EF
        #expect(abs(trendSD - 1.1 * 2.0.squareRoot() * 5 / 196) < 0.002, "trend sd \(trendSD)")
        #expect(r.summaries[0].uHighPercent > r.summaries[0].uLowPercent) // lognormal EF: right-skewed
    }

    @Test("summary JSON has exactly the documented keys")
    func summaryJSON() async throws {
        let r = try await MonteCarlo.run(inputs: [.uniform(min: 1, max: 3)], iterations: 1000, seed: 99) { $0[0] }
        let data = try JSONEncoder().encode(r.summary)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(
            Set(object.keys) == [
                "iterations", "seed", "mean", "median", "sd", "p2_5", "p97_5", "u_low_pct", "u_high_pct", "se_mean", "converged",
                "cancelled"
            ])
        #expect(object["seed"] as? Int == 99)
        #expect(try JSONDecoder().decode(UncertaintySummary.self, from: data) == r.summary)
        let s = r.summary
        #expect(abs(s.uLowPercent - (s.mean - s.p2_5) / s.mean * 100) < 1e-12)
        #expect(abs(s.uHighPercent - (s.p97_5 - s.mean) / s.mean * 100) < 1e-12)
        #expect(abs(s.seMean - s.sd / 1000.0.squareRoot()) < 1e-15)
    }

    @Test("percentiles use linear interpolation; the summary rejects empty samples")
    func statistics() throws {
        #expect(Statistics.percentile(sorted: [1, 2, 3, 4], 0.5) == 2.5)
        #expect(Statistics.percentile(sorted: [1, 2, 3, 4], 0.025) == 1.075)
        let s = try UncertaintySummary(samples: [4, 1, 3, 2], seed: 0)
        #expect(s.median == 2.5 && s.mean == 2.5 && abs(s.sd - (5.0 / 3).squareRoot()) < 1e-15)
        #expect(errorCode { _ = try UncertaintySummary(samples: [], seed: 0) } == .emptyInput)
    }
}
