import Foundation
import YuhengLCA

/// Footprints of one reference unit of a stored process, by database, allocation, method and
/// process: `POST /api/lca/calculate` of any other amount is that result scaled (the model is
/// linear: s = A⁻¹(a·e_j) = a·A⁻¹e_j, and every quantity of the result is linear in s), so a
/// repeated calculation costs no solve. The unit scaling vector is kept for the count of negative
/// scaling entries, which depends on the amount's sign and size.
final class LCAUnitResults: @unchecked Sendable {
    struct Entry: Sendable {
        let result: LCAResult
        let scaling: [Double]
    }

    private let lock = NSLock()
    private var entries: [String: (entry: Entry, used: UInt64)] = [:]
    private var clock: UInt64 = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    static func key(database: String, allocation: String, method: String, process: String) -> String {
        [database, allocation, method, process].joined(separator: "\u{1F}")
    }

    func get(_ key: String) -> Entry? {
        lock.withLock {
            clock += 1
            guard let e = entries[key] else { return nil }
            entries[key] = (e.entry, clock)
            return e.entry
        }
    }

    func put(_ key: String, _ entry: Entry) {
        lock.withLock {
            clock += 1
            entries[key] = (entry, clock)
            if entries.count > capacity {
                let cut = entries.sorted { $0.value.used < $1.value.used }.prefix(entries.count - capacity * 3 / 4)
                for (k, _) in cut { entries[k] = nil }
            }
        }
    }

    /// The result for `amount` reference units from the unit entry. Amount 0 has no result to scale
    /// (nothing flows): callers calculate it directly.
    static func scaled(_ e: Entry, amount a: Double) -> LCAResult {
        var r = e.result
        guard a != 1 else { return r }
        r.amount = a
        r.total *= a
        r.byGasKg = r.byGasKg.mapValues { $0 * a }
        r.byGasCO2e = r.byGasCO2e.mapValues { $0 * a }
        r.bySubclassCO2e = r.bySubclassCO2e.mapValues { $0 * a }
        r.fossilCO2Kg *= a
        r.biogenicCO2Kg *= a
        r.uptakeCO2Kg *= a
        r.lucCO2Kg *= a
        r.ch4FossilKg *= a
        r.ch4BiogenicKg *= a
        r.ch4UnspecifiedKg *= a
        r.topContributors = r.topContributors.map { c in
            var c = c
            c.kgCO2e *= a
            return c
        }
        r.flowContributions = r.flowContributions.map { f in
            var f = f
            f.amountKg *= a
            f.kgCO2e *= a
            return f
        }
        r.negativeScalingEntries = e.scaling.reduce(0) { $0 + ($1 * a < -1e-12 ? 1 : 0) }
        return r
    }
}
