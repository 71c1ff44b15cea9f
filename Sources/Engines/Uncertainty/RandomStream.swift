/// SplitMix64 (Steele, Lea & Flood 2014; the variant published by Sebastiano
/// Vigna alongside xoshiro): a tiny 64-bit generator used here only to
/// expand seeds into full xoshiro states.
///
/// ```swift
/// var sm = SplitMix64(state: 0)
/// sm.next()  // 0xE220A8397B1DCDAF
/// sm.next()  // 0x6E789E6AA1B965F4
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The 64-bit state (a Weyl sequence with increment 0x9E3779B97F4A7C15).
    public var state: UInt64

    /// Starts the sequence at `state`.
    public init(state: UInt64) { self.state = state }

    /// The next 64-bit output.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function (a bijective 64-bit finaliser).
    ///
    /// ```swift
    /// SplitMix64.mix(0x9E3779B97F4A7C15)  // 0xE220A8397B1DCDAF
    /// ```
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A seeded, reproducible source of random numbers with independent streams:
/// xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
/// generators", ACM TOMS 47(4), 2021), implemented here from the published
/// algorithm. Period 2^256 − 1, passes BigCrush and PractRand; the
/// implementation reproduces the reference outputs for the state {1, 2, 3, 4}
/// (11520, 0, 1509978240, 1215971899390074240, ...).
///
/// **Streams.** `RandomStream(seed: s, stream: b)` is the generator of stream
/// `b` of seed `s`. Its 256-bit state is derived from both numbers with
/// SplitMix64 (four outputs of a SplitMix64 started at `s`, each XORed with an
/// output of a second SplitMix64 keyed by `b`), so every (seed, stream) pair
/// starts at an unrelated point of the 2^256 cycle; the chance that two of a
/// few million streams overlap within 2^64 draws is below 2^-100. The Monte
/// Carlo engine gives iteration block `b` stream `b`, which makes results
/// independent of how many worker threads run the blocks. For provably
/// disjoint sub-sequences use ``jump()`` (2^128 steps) or ``longJump()`` (2^192).
///
/// ```swift
/// var rng = RandomStream(seed: 42, stream: 0)
/// let u = rng.nextUniform()      // in (0, 1), never 0 or 1
/// let z = rng.nextNormal()       // standard normal, by the inverse CDF
/// let k = rng.nextInt(below: 6)  // 0...5, unbiased (Lemire's method)
///
/// var block7 = RandomStream(seed: 42, stream: 7)  // independent of stream 0
/// ```
///
/// `RandomStream` conforms to `RandomNumberGenerator`, but the engine never
/// uses the standard library's `random(in:using:)` helpers: their algorithms
/// may change between Swift releases, and results must stay reproducible.
public struct RandomStream: RandomNumberGenerator, Sendable, Hashable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// The generator of stream `stream` of seed `seed`.
    ///
    /// ```swift
    /// var a = RandomStream(seed: 1)             // stream 0
    /// var b = RandomStream(seed: 1, stream: 1)  // an independent stream
    /// ```
    public init(seed: UInt64, stream: UInt64 = 0) {
        var base = SplitMix64(state: seed)
        // A second SplitMix64 keyed by the stream number; the key is itself
        // mixed so that consecutive streams start far apart.
        var key = SplitMix64(state: SplitMix64.mix(stream ^ 0x6A09_E667_F3BC_C909) &+ stream)
        s0 = base.next() ^ key.next()
        s1 = base.next() ^ key.next()
        s2 = base.next() ^ key.next()
        s3 = base.next() ^ key.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 } // the all-zero state is forbidden
    }

    /// A generator with an explicit 256-bit state (for reference test vectors).
    /// An all-zero state, which xoshiro cannot leave, is replaced by a fixed non-zero one.
    ///
    /// ```swift
    /// var rng = RandomStream(state: (1, 2, 3, 4))
    /// rng.next()  // 11520
    /// ```
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// The current 256-bit state.
    public var state: (UInt64, UInt64, UInt64, UInt64) { (s0, s1, s2, s3) }

    @inlinable
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// The next 64 random bits (xoshiro256**).
    @inlinable
    public mutating func next() -> UInt64 {
        let result = RandomStream.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = RandomStream.rotl(s3, 45)
        return result
    }

    /// A uniform double in the open interval (0, 1): `(k + 0.5) / 2^53` for
    /// a random 53-bit integer `k`, so neither 0 nor 1 can occur and every
    /// inverse CDF stays finite.
    ///
    /// ```swift
    /// var rng = RandomStream(seed: 3)
    /// let u = rng.nextUniform()  // 0 < u < 1
    /// ```
    @inlinable
    public mutating func nextUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A standard normal variate, `Φ⁻¹(U)` with ``StandardNormal/quantile(_:)``
    /// (Wichura's AS241, relative accuracy about 1e-16). One uniform per
    /// normal keeps streams aligned across designs.
    ///
    /// ```swift
    /// var rng = RandomStream(seed: 3)
    /// let z = rng.nextNormal()
    /// ```
    @inlinable
    public mutating func nextNormal() -> Double {
        StandardNormal.quantile(nextUniform())
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire 2019,
    /// "Fast random integer generation in an interval", ACM TOMACS 29(1)).
    ///
    /// ```swift
    /// var rng = RandomStream(seed: 3)
    /// let die = rng.nextInt(below: 6) + 1
    /// ```
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        let s = UInt64(bound)
        var m = next().multipliedFullWidth(by: s)
        if m.low < s {
            let threshold = (0 &- s) % s
            while m.low < threshold {
                m = next().multipliedFullWidth(by: s)
            }
        }
        return Int(m.high)
    }

    /// Shuffles `values` in place (Fisher–Yates with ``nextInt(below:)``).
    ///
    /// ```swift
    /// var order = Array(0..<10)
    /// var rng = RandomStream(seed: 5)
    /// rng.shuffle(&order)
    /// ```
    public mutating func shuffle<T>(_ values: inout [T]) {
        var i = values.count - 1
        while i > 0 {
            let j = nextInt(below: i + 1)
            if i != j { values.swapAt(i, j) }
            i -= 1
        }
    }

    /// A random permutation of `0..<n`.
    ///
    /// ```swift
    /// var rng = RandomStream(seed: 5)
    /// let p = rng.permutation(4)  // e.g. [2, 0, 3, 1]
    /// ```
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }

    /// Advances the state by 2^128 steps (the published xoshiro256 jump
    /// polynomial). Calling `jump()` k times yields k non-overlapping
    /// sub-sequences of length 2^128.
    ///
    /// ```swift
    /// var a = RandomStream(seed: 9)
    /// var b = a
    /// b.jump()  // b now starts 2^128 draws after a
    /// ```
    public mutating func jump() {
        applyJump([0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C])
    }

    /// Advances the state by 2^192 steps (the published long-jump polynomial).
    ///
    /// ```swift
    /// var rng = RandomStream(seed: 9)
    /// rng.longJump()
    /// ```
    public mutating func longJump() {
        applyJump([0x76E1_5D3E_FEFD_CBBF, 0xC500_4E44_1C52_2FB3, 0x7771_0069_854E_E241, 0x3910_9BB0_2ACB_E635])
    }

    private mutating func applyJump(_ polynomial: [UInt64]) {
        var j0: UInt64 = 0, j1: UInt64 = 0, j2: UInt64 = 0, j3: UInt64 = 0
        for word in polynomial {
            for bit in 0..<64 {
                if word & (1 << UInt64(bit)) != 0 {
                    j0 ^= s0
                    j1 ^= s1
                    j2 ^= s2
                    j3 ^= s3
                }
                _ = next()
            }
        }
        (s0, s1, s2, s3) = (j0, j1, j2, j3)
    }

    /// Two streams are equal when their xoshiro256** states are equal (they produce the same numbers from here on).
    public static func == (lhs: RandomStream, rhs: RandomStream) -> Bool {
        lhs.s0 == rhs.s0 && lhs.s1 == rhs.s1 && lhs.s2 == rhs.s2 && lhs.s3 == rhs.s3
    }

    /// Hashes the four state words.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(s0)
        hasher.combine(s1)
        hasher.combine(s2)
        hasher.combine(s3)
    }
}

extension RandomNumberGenerator {
    /// A uniform double in (0, 1) from any generator, with the same mapping
    /// as ``RandomStream/nextUniform()``.
    @inlinable
    mutating func openUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }
}
