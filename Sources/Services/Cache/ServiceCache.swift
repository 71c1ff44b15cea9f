import Foundation

/// The one cache of expensive state in a Yuheng process: solved input-output tables, factorised
/// technospheres, loaded LCI databases, panoramic accounts and encoded responses. The command line,
/// the server and the agents' tools all go through it (via ``YuhengServices``), so a server process
/// solves each bundled table once, whichever front end asks first.
///
/// - Entries are keyed by a namespace, a key and a **version**: for anything read from a database
///   the version includes the database's dataset version stamp, so importing, replacing or
///   removing a dataset (also from another process) makes every entry built from it stale.
/// - Concurrent first requests for the same entry wait for one computation (no duplicate solves).
/// - It is bounded: each entry has a cost (about its size in bytes); the least recently used
///   entries are dropped beyond `capacity`. Failures are never cached.
/// - It counts the computations per namespace (`computations(of:)`), so tests can check that a
///   table is solved once per process.
///
/// ```swift
/// let cache = ServiceCache(capacity: 1 << 30)
/// let solved = try cache.value("mrio.solved", key: "wiod2011-ghg", version: "bundled", cost: 40 << 20) {
///     try expensiveSolve()
/// }
/// cache.computations(of: "mrio.solved")   // 1
/// ```
public final class ServiceCache: @unchecked Sendable {
    /// The cache of this process (2 GiB, or `YUHENG_CACHE_BYTES`).
    public static let shared = ServiceCache(
        capacity: ProcessInfo.processInfo.environment["YUHENG_CACHE_BYTES"].flatMap(Int.init).map { max(0, $0) } ?? 2 << 30)

    /// The total cost the cache keeps (least recently used entries go first beyond it).
    public let capacity: Int

    private struct Entry {
        var value: any Sendable
        var cost: Int
        var used: UInt64
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var fills: [String: NSLock] = [:]
    private var clock: UInt64 = 0
    private var totalCost = 0
    private var counts: [String: Int] = [:]

    /// An empty cache that keeps entries up to a total cost of `capacity` (about bytes); the entry just stored is always kept.
    public init(capacity: Int) { self.capacity = capacity }

    /// The cached value of `namespace`/`key` at `version`, or what `make` computes (then kept).
    /// `cost` is the approximate size of the value in bytes (used to bound the cache).
    public func value<T: Sendable>(
        _ namespace: String, key: String, version: String = "", cost: Int = 1,
        _ make: () throws -> T
    ) throws -> T {
        let k = namespace + "\u{1F}" + key + "\u{1F}" + version
        if let hit: T = lookup(k) { return hit }
        let fill = lock.withLock { () -> NSLock in
            if let f = fills[k] { return f }
            let f = NSLock()
            fills[k] = f
            return f
        }
        fill.lock()
        defer {
            fill.unlock()
            lock.withLock { if fills[k] === fill { fills[k] = nil } }
        }
        if let hit: T = lookup(k) { return hit }
        let value = try make()
        store(k, namespace: namespace, value: value, cost: max(1, cost))
        return value
    }

    /// The cached value if present (never computes, never waits).
    public func peek<T: Sendable>(_ namespace: String, key: String, version: String = "") -> T? {
        lookup(namespace + "\u{1F}" + key + "\u{1F}" + version)
    }

    /// How many values of `namespace` were computed (not served from the cache) in this process.
    public func computations(of namespace: String) -> Int { lock.withLock { counts[namespace] ?? 0 } }

    /// How many entries are kept now.
    public var count: Int { lock.withLock { entries.count } }

    /// Forgets every entry (the computation counts stay).
    public func removeAll() {
        lock.withLock {
            entries.removeAll()
            totalCost = 0
        }
    }

    private func lookup<T>(_ k: String) -> T? {
        lock.withLock {
            guard var e = entries[k], let v = e.value as? T else { return nil }
            clock += 1
            e.used = clock
            entries[k] = e
            return v
        }
    }

    private func store(_ k: String, namespace: String, value: any Sendable, cost: Int) {
        lock.withLock {
            clock += 1
            counts[namespace, default: 0] += 1
            if let old = entries[k] { totalCost -= old.cost }
            entries[k] = Entry(value: value, cost: cost, used: clock)
            totalCost += cost
            guard totalCost > capacity, entries.count > 1 else { return }
            // Drop least recently used entries (never the one just stored) until within capacity.
            for (key, e) in entries.sorted(by: { $0.value.used < $1.value.used }) where key != k {
                entries[key] = nil
                totalCost -= e.cost
                if totalCost <= capacity { break }
            }
        }
    }
}
