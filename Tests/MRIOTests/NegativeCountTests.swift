import Foundation
import Testing
import YuhengMRIO
import YuhengNumerics
import YuhengData

/// Counts from callers (an HTTP query `top=-1`, a huge `maxPaths`) never trap the engine: a
/// negative limit is an `invalidArgument` error, `topFlows` of a count below 1 is empty.
@Suite("MRIO engine: negative and huge counts", .enabled(if: Shared.available, "../shared is not available (set YUHENG_SHARED)"))
struct NegativeCountTests {
    let system: MRIOSystem

    init() throws {
        system = try MRIOReader.read(path: Shared.root.appendingPathComponent("data/mrio/pymrio_test_system").path, format: .pymrio)
    }

    @Test("structuralPaths with a negative maxPaths, maxDepth or maxExpansions throws invalidArgument; Int.max paths does not overflow")
    func structuralPaths() throws {
        let (acc, model) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: ["emissions"], keepA: true))
        let e = acc.extensions[0]
        let y = MRIOEngine.aggregateFinalDemand(system).column(0)
        let A = try #require(model.A)
        func run(paths: Int = 10, depth: Int = 5, expansions: Int = 10_000, threshold: Double = 1e-3) throws -> PathAnalysis {
            try MRIOEngine.structuralPaths(
                A: A, intensities: e.S.row(0), multipliers: e.M.row(0), finalDemand: y, labels: { system.label($0) },
                threshold: threshold, maxPaths: paths, maxDepth: depth, maxExpansions: expansions)
        }
        for (paths, depth, expansions) in [(-1, 5, 10_000), (10, -1, 10_000), (10, 5, -1), (Int.min, 5, 10_000)] {
            let error = #expect(throws: MRIOError.self) { _ = try run(paths: paths, depth: depth, expansions: expansions) }
            #expect(error?.code == .invalidArgument)
        }
        for threshold in [Double.nan, .infinity, 0, -1] {
            #expect(throws: MRIOError.self, "threshold \(threshold)") { _ = try run(threshold: threshold) }
        }
        #expect(try run(paths: 0).paths.isEmpty)
        let all = try run(paths: Int.max) // maxPaths · 4 used to overflow
        #expect(!all.paths.isEmpty)
        #expect(try run(paths: 3).paths.count <= 3)
    }

    @Test("topFlows of a negative or zero count is empty, of a huge one every off-diagonal pair")
    func topFlows() throws {
        let (acc, model) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: ["emissions"], keepA: true))
        let t = try MRIOEngine.transfers(acc, system: system, model: model, extension: "emissions", stressor: acc.extensions[0].stressors[0])
        #expect(t.topFlows(-1).isEmpty)
        #expect(t.topFlows(Int.min).isEmpty)
        #expect(t.topFlows(0).isEmpty)
        let r = t.regions.count
        #expect(t.topFlows(Int.max).count == r * (r - 1))
        #expect(t.topFlows(2).count == min(2, r * (r - 1)))
    }
}
