/// A small, fast, seeded random number generator (SplitMix64, Steele, Lea & Flood 2014) for
/// reproducible test matrices and other generated inputs: the same seed gives the same sequence on
/// every platform and run. Not for statistics (Monte Carlo uses the streams of `RandomStream`).
///
/// ```swift
/// var rng = SeededGenerator(seed: 42)
/// let x = Double.random(in: 0..<1, using: &rng)
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Starts the sequence at `seed`; equal seeds give identical sequences on every platform.
    public init(seed: UInt64) { state = seed }

    /// The next 64 pseudo-random bits (one SplitMix64 step: a Weyl increment of the golden-ratio constant, then two xor-shift-multiply mixes).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
