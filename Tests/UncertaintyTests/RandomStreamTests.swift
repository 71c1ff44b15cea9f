import Testing
import YuhengUncertainty

@Suite("Random streams")
struct RandomStreamTests {
    @Test("xoshiro256** reproduces the reference outputs for state {1, 2, 3, 4}")
    func xoshiroReferenceVector() {
        var rng = RandomStream(state: (1, 2, 3, 4))
        let expected: [UInt64] = [
            11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360,
            607_988_272_756_665_600, 16_172_922_978_634_559_625, 8_476_171_486_693_032_832,
            10_595_114_339_597_558_777, 2_904_607_092_377_533_576
        ]
        for e in expected { #expect(rng.next() == e) }
    }

    @Test("SplitMix64 reproduces the reference outputs for seed 0")
    func splitMixReferenceVector() {
        var sm = SplitMix64(state: 0)
        #expect(sm.next() == 0xE220_A839_7B1D_CDAF)
        #expect(sm.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(sm.next() == 0x06C4_5D18_8009_454F)
    }

    @Test("same seed and stream reproduce; different streams and seeds differ")
    func streamsAreReproducibleAndDistinct() {
        var a = RandomStream(seed: 42, stream: 3)
        var b = RandomStream(seed: 42, stream: 3)
        var c = RandomStream(seed: 42, stream: 4)
        var d = RandomStream(seed: 43, stream: 3)
        var e = RandomStream(seed: 3, stream: 42)
        let xa = (0..<100).map { _ in a.next() }
        #expect(xa == (0..<100).map { _ in b.next() })
        #expect(xa != (0..<100).map { _ in c.next() })
        #expect(xa != (0..<100).map { _ in d.next() })
        #expect(xa != (0..<100).map { _ in e.next() })
    }

    @Test("neighbouring streams are uncorrelated")
    func streamsAreUncorrelated() throws {
        let n = 20_000
        for s in 0..<4 {
            var a = RandomStream(seed: 7, stream: UInt64(s))
            var b = RandomStream(seed: 7, stream: UInt64(s + 1))
            let x = (0..<n).map { _ in a.nextUniform() }
            let y = (0..<n).map { _ in b.nextUniform() }
            let r = try Sensitivity.pearson(x, y)
            #expect(abs(r) < 4 / Double(n).squareRoot(), "stream \(s) vs \(s + 1): r = \(r)")
        }
    }

    @Test("uniforms lie in the open interval with the right moments")
    func uniformsAreOpenAndUniform() {
        var rng = RandomStream(seed: 1)
        var sum = 0.0, sumSq = 0.0
        let n = 100_000
        for _ in 0..<n {
            let u = rng.nextUniform()
            #expect(u > 0 && u < 1)
            sum += u
            sumSq += u * u
        }
        let mean = sum / Double(n)
        #expect(abs(mean - 0.5) < 4 * (1.0 / 12).squareRoot() / Double(n).squareRoot())
        #expect(abs(sumSq / Double(n) - mean * mean - 1.0 / 12) < 0.002)
    }

    @Test("bounded integers are in range and roughly uniform; permutations are permutations")
    func boundedIntegers() {
        var rng = RandomStream(seed: 9)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[rng.nextInt(below: 6)] += 1 }
        for c in counts { #expect(abs(c - 10_000) < 500) }
        let p = rng.permutation(1000)
        #expect(p.sorted() == Array(0..<1000))
        #expect(p != Array(0..<1000))
    }

    @Test("jump and long jump are deterministic and move the state")
    func jumps() {
        var a = RandomStream(seed: 5)
        var b = a
        a.jump()
        b.jump()
        #expect(a == b)
        #expect(a != RandomStream(seed: 5))
        var c = RandomStream(seed: 5)
        c.longJump()
        #expect(c != a)
    }
}
