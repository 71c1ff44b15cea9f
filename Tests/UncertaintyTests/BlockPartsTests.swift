import Foundation
import Testing
import YuhengUncertainty

/// A run split into parts (``BlockMonteCarlo/runBlocks``) and put together (``BlockMonteCarlo/assemble``)
/// must be the run itself, bit for bit — the basis of running Monte Carlo on a cluster.
@Suite("Monte Carlo in parts")
struct BlockPartsTests {
    static let model: BlockMonteCarlo.BlockFunction = { block in
        var out = [Double](repeating: 0, count: block.count * 2)
        for i in 0..<block.count {
            let x = block.rng.nextNormal(), y = block.rng.nextUniform()
            out[i] = 10 + x
            out[block.count + i] = 3 * y + x * x
        }
        return out
    }

    @Test("parts in any split give exactly the full run: samples, summaries, blocks")
    func partsEqualWhole() async throws {
        let whole = try await BlockMonteCarlo.run(outputCount: 2, iterations: 2_345, seed: 11, blockSize: 100, workers: 2, block: Self.model)
        let total = BlockMonteCarlo.blockCount(iterations: 2_345, blockSize: 100)
        #expect(total == 24)
        for split in [[Array(0..<24)], [Array(0..<7), Array(7..<8), Array(8..<24)], (0..<24).map { [$0] }.reversed()] {
            var parts: [MonteCarloBlockOutput] = []
            for indices in split {
                parts += try await BlockMonteCarlo.runBlocks(
                    indices, outputCount: 2, iterations: 2_345, seed: 11, blockSize: 100, workers: 1, block: Self.model)
            }
            let r = try BlockMonteCarlo.assemble(parts.shuffled(), outputCount: 2, iterations: 2_345, seed: 11, blockSize: 100)
            #expect(r.outputs.values == whole.outputs.values)
            #expect(r.summaries == whole.summaries)
            #expect(r.blocks == whole.blocks && r.converged == whole.converged)
        }
    }

    @Test("with a tolerance, assembling all blocks stops where the run stopped")
    func tolerance() async throws {
        let whole = try await BlockMonteCarlo.run(
            outputCount: 2, iterations: 20_000, seed: 5, blockSize: 100, workers: 2, tolerance: 0.01, block: Self.model)
        #expect(whole.converged && whole.blocks < 200)
        let parts = try await BlockMonteCarlo.runBlocks(
            Array(0..<200), outputCount: 2, iterations: 20_000, seed: 5, blockSize: 100, workers: 2, block: Self.model)
        let r = try BlockMonteCarlo.assemble(parts, outputCount: 2, iterations: 20_000, seed: 5, blockSize: 100, tolerance: 0.01)
        #expect(r.blocks == whole.blocks)
        #expect(r.outputs.values == whole.outputs.values)
        #expect(r.summaries == whole.summaries)
    }

    @Test("a missing, duplicated or wrong-sized block is an error, never a silently incomplete result")
    func incomplete() async throws {
        let parts = try await BlockMonteCarlo.runBlocks(Array(0..<5), outputCount: 2, iterations: 500, seed: 1, blockSize: 100, block: Self.model)
        #expect(throws: UncertaintyError.self) {
            try BlockMonteCarlo.assemble(Array(parts.dropLast()), outputCount: 2, iterations: 500, seed: 1, blockSize: 100)
        }
        #expect(throws: UncertaintyError.self) {
            try BlockMonteCarlo.assemble(Array(parts.dropFirst()), outputCount: 2, iterations: 500, seed: 1, blockSize: 100)
        }
        #expect(throws: UncertaintyError.self) {
            try BlockMonteCarlo.assemble(parts + [parts[2]], outputCount: 2, iterations: 500, seed: 1, blockSize: 100)
        }
        #expect(throws: UncertaintyError.self) { try BlockMonteCarlo.assemble(parts, outputCount: 2, iterations: 600, seed: 1, blockSize: 100) }
        do {
            _ = try BlockMonteCarlo.assemble(Array(parts.prefix(3)), outputCount: 2, iterations: 500, seed: 1, blockSize: 100)
            Issue.record("an incomplete set of blocks was accepted")
        } catch let e as UncertaintyError {
            #expect(e.message.contains("2 of 5 blocks are missing"))
        }
        await #expect(throws: UncertaintyError.self) {
            _ = try await BlockMonteCarlo.runBlocks([5], outputCount: 2, iterations: 500, seed: 1, blockSize: 100, block: Self.model)
        }
    }

    @Test("runVectorBlocks (sampled inputs) in parts equals runVector")
    func vector() async throws {
        let inputs: [Distribution] = [.normal(mean: 1, sd: 0.1), .lognormal(mu: 0, sigma: 0.2)]
        let f: @Sendable ([Double]) -> [Double] = { x in [x[0] * x[1], x[0] + x[1]] }
        let whole = try await MonteCarlo.runVector(inputs: inputs, outputCount: 2, iterations: 3_000, seed: 3, blockSize: 250, workers: 2, model: f)
        let a = try await MonteCarlo.runVectorBlocks(
            [0, 1, 2, 3, 4], inputs: inputs, outputCount: 2, iterations: 3_000, seed: 3, blockSize: 250, model: f)
        let b = try await MonteCarlo.runVectorBlocks(
            Array(5..<12), inputs: inputs, outputCount: 2, iterations: 3_000, seed: 3, blockSize: 250, model: f)
        let r = try BlockMonteCarlo.assemble(b + a, outputCount: 2, iterations: 3_000, seed: 3, blockSize: 250)
        #expect(r.outputs.values == whole.outputs.values)
        #expect(r.summaries == whole.summaries)
    }
}
