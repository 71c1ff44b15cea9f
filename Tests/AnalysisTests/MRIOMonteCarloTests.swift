import Foundation
import Testing
import YuhengAnalysis
import YuhengMRIO
import YuhengUncertainty

@Suite("MRIO Monte Carlo")
struct MRIOMonteCarloTests {
    @Test("Deterministic per-region totals equal the consumption-based accounts")
    func deterministic() throws {
        let system = Fixture.wiod
        let mc = try MRIOMonteCarlo(system: system, gsd: 1.1)
        let (acc, _) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: [mc.extensionName], incomeBased: false))
        let e = acc.extensions[0]
        let k = try #require(e.stressors.firstIndex(of: mc.stressor))
        for (c, _) in system.regions.enumerated() { #expect(close(mc.deterministic[c], e.cbaRegion[k, c], rel: 1e-9)) }
        #expect(mc.uncertainSectors > 0)
    }

    @Test("Small GSD: the Monte Carlo mean is the deterministic result (× e^{σ²/2}); 1 and 2 workers agree")
    func meanAndWorkers() async throws {
        let mc = try MRIOMonteCarlo(system: Fixture.wiod, gsd: 1.05)
        let one = try await mc.run(iterations: 3000, seed: 9, blockSize: 500, workers: 1)
        let two = try await mc.run(iterations: 3000, seed: 9, blockSize: 500, workers: 2)
        #expect(one.run.outputs.values == two.run.outputs.values)
        let world = one.summaries[0]
        let det = one.deterministic[0]
        let s2 = log(1.05) * log(1.05)
        #expect(abs(world.mean - det) / det < 0.01)
        #expect(abs(world.mean - det * exp(s2 / 2)) / det < 0.002)
        for (i, r) in one.regions.enumerated() where one.deterministic[i + 1] > 0 {
            #expect(abs(one.summaries[i + 1].mean - one.deterministic[i + 1]) / one.deterministic[i + 1] < 0.01, "\(r)")
        }
        // the world total of independent intensities is much tighter than one intensity
        #expect(world.sd / world.mean < log(1.05))
    }

    @Test("Invalid parameters")
    func errors() async throws {
        #expect(throws: UncertaintyError.self) { try MRIOMonteCarlo(system: Fixture.wiod, gsd: 0.5) }
        #expect(throws: MRIOError.self) { try MRIOMonteCarlo(system: Fixture.wiod, stressor: "no such gas", gsd: 1.1) }
        let mc = try MRIOMonteCarlo(system: Fixture.wiod, gsd: 1.1)
        await #expect(throws: UncertaintyError.self) { try await mc.run(iterations: -3, seed: 1) }
        await #expect(throws: UncertaintyError.self) { try await mc.run(iterations: 10, seed: 1, workers: 0) }
    }
}
