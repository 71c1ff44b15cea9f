/// Storage for large arrays of `Double`, filled by parallel workers.
///
/// An n × n table at n = 9,800 is 768 MB: its first write costs ~190,000 page faults, which one
/// thread takes in ~0.2 s; the workers split them (each fills and so faults its own range).
/// (Asking for transparent huge pages instead was tried: with Debian's `defrag = madvise` the
/// kernel then compacts memory synchronously, and reading the table took 0.45–1.5 s instead of 0.7 s.)
///
/// ```swift
/// let zeros = LargeStorage.filled(0, count: 9_800 * 9_800)
/// ```
enum LargeStorage {
    /// Arrays at least this large (bytes) are filled in parallel.
    static let threshold = 32 << 20

    /// An array of `count` copies of `value`.
    static func filled(_ value: Double, count: Int) -> [Double] {
        let workers = ParallelLoop.processors
        guard count * MemoryLayout<Double>.stride >= threshold, workers > 1 else { return [Double](repeating: value, count: count) }
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            let fill = Fill(base: buffer.baseAddress!, count: count, parts: workers, value: value)
            ParallelLoop.run(workers) { fill.run(part: $0) }
            initialized = count
        }
    }

    /// One worker's share of the fill.
    private struct Fill: @unchecked Sendable {
        let base: UnsafeMutablePointer<Double>
        let count: Int
        let parts: Int
        let value: Double

        func run(part t: Int) {
            let lo = count * t / parts, hi = count * (t + 1) / parts
            (base + lo).initialize(repeating: value, count: hi - lo)
        }
    }
}
