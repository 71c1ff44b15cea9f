import Foundation
import YuhengData

/// Encoded responses of read-only queries, kept while the data they came from is unchanged: the
/// key includes the datasets' version stamp (their installation history), so importing, replacing
/// or removing any dataset — from the server or from another process — makes every entry stale.
/// Least recently used entries are dropped beyond `capacity`.
final class ResponseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (data: Data, used: UInt64)] = [:]
    private var clock: UInt64 = 0
    let capacity: Int

    init(capacity: Int = 512) { self.capacity = capacity }

    /// The cached bytes for `key` at `version`, if any (never computes).
    func cached(_ key: String, version: String) -> Data? {
        let k = version + "\u{1F}" + key
        return lock.withLock {
            clock += 1
            guard let e = entries[k] else { return nil }
            entries[k] = (e.data, clock)
            return e.data
        }
    }

    /// The cached bytes for `key` at `version`, or those `make` produces (then cached).
    func value(_ key: String, version: String, _ make: () throws -> Data) rethrows -> Data {
        let k = version + "\u{1F}" + key
        if let hit = lock.withLock({ () -> Data? in
            clock += 1
            guard let e = entries[k] else { return nil }
            entries[k] = (e.data, clock)
            return e.data
        }) { return hit }
        let data = try make()
        lock.withLock {
            clock += 1
            entries[k] = (data, clock)
            if entries.count > capacity {
                // drop the oldest quarter (amortised; the stale versions go first since they are never used again)
                let cut = entries.sorted { $0.value.used < $1.value.used }.prefix(entries.count - capacity * 3 / 4)
                for (key, _) in cut { entries[key] = nil }
            }
        }
        return data
    }

    var count: Int { lock.withLock { entries.count } }
}
