import Testing
@testable import YuhengUncertainty

@Suite("Bootstrap internals")
struct BootstrapTests {
    @Test("the inlined bootstrap count loop draws exactly the indices of BoundedIndexStream")
    func inlinedCountsMatchReference() {
        for n in [1, 7, 1000, 65_536, 100_003] {
            let rng = RandomStream(seed: 31, stream: UInt64(n))
            var reference = [Double](repeating: 0, count: n)
            var stream = BoundedIndexStream(rng, bound: n)
            for _ in 0..<n { reference[stream.next()] += 1 }
            var fast = [Double](repeating: 0, count: n)
            fast.withUnsafeMutableBufferPointer { bootstrapCounts(rng, n: n, into: $0) }
            #expect(fast == reference, "n = \(n)")
            #expect(fast.reduce(0, +) == Double(n))
        }
    }

    @Test("bounded indices are uniform")
    func boundedIndicesUniform() {
        var s = BoundedIndexStream(RandomStream(seed: 4), bound: 10)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 { counts[s.next()] += 1 }
        for c in counts { #expect(abs(c - 10_000) < 400) }
    }
}
