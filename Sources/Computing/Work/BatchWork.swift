import Foundation
import YuhengCore
import YuhengData
import YuhengLCA
import YuhengUncertainty

/// Carbon footprints of many products at once (`yuheng lca batch`): one unit per product.
public enum LCABatchWork: DistributedWork {
    /// The kind's name in task files and job records.
    public static let kind = "lca-batch"

    /// One product of the batch: a process and the amount of its reference product.
    public struct Item: Codable, Sendable, Hashable {
        /// The process: its identifier or exact name in the LCI database.
        public var process: String
        /// Amount of the process's reference product (in the process's reference unit; must be finite).
        public var amount: Double
        /// A product line; the amount defaults to one reference unit.
        public init(process: String, amount: Double = 1) {
            self.process = process
            self.amount = amount
        }
    }

    /// What a batch job computes: the footprints of `items` under one database, method and allocation.
    public struct Params: Codable, Sendable, Hashable {
        /// Identifier of the LCI database in the Yuheng database (default: the bundled US LCI).
        public var lci: String
        /// Characterisation method identifier, e.g. "ipcc-ar6-gwp100" (results in kg CO2e).
        public var method: String
        /// Allocation of multi-output processes: "default", "none", "physical", "economic" or "causal".
        public var allocation: String
        /// The products, one unit of work each, in the order the results are returned.
        public var items: [Item]
        /// Parameters with the bundled LCI, IPCC AR6 GWP100 and the database's default allocation.
        public init(lci: String = BundledLCI.id, method: String = "ipcc-ar6-gwp100", allocation: String = "default", items: [Item]) {
            self.lci = lci
            self.method = method
            self.allocation = allocation
            self.items = items
        }
    }

    /// One product's footprint.
    public struct ItemResult: Codable, Sendable, Hashable {
        /// Position of the product in ``Params/items`` (0-based).
        public var index: Int
        /// Identifier of the resolved process in the LCI database.
        public var processID: String
        /// Display name of the process, e.g. "Electricity, at grid, US/US".
        public var processName: String
        /// Amount of the reference product assessed.
        public var amount: Double
        /// Reference unit of the process, e.g. "kWh" or "kg".
        public var unit: String
        /// Life-cycle carbon footprint of the amount, in kg CO2e under the chosen method.
        public var kgCO2e: Double
        /// Fossil, biogenic, land-use change and uptake, kg CO2e.
        public var bySubclassCO2e: [String: Double]
        /// The largest direct contributor.
        public var topContributor: String?

        enum CodingKeys: String, CodingKey {
            case index, amount, unit
            case processID = "process_id"
            case processName = "process_name"
            case kgCO2e = "kg_co2e"
            case bySubclassCO2e = "by_subclass_kg_co2e"
            case topContributor = "top_contributor"
        }
    }

    /// The footprints one task computed.
    public struct Partial: Codable, Sendable {
        /// One result per unit of the task (in the task's unit order).
        public var items: [ItemResult]
    }

    /// What every task builds once per process: the factorised technosphere and the products' columns.
    public struct Setup: Sendable {
        /// The factorised technosphere under the chosen allocation, reused for every product.
        public let calculator: LCACalculator
        /// The characterisation method applied to the biosphere flows.
        public let method: ClimateMethod
        /// Technosphere column of each item, in the order of ``Params/items``.
        public let columns: [Int]
        /// Sources of the LCI database and the method, reported with the result.
        public let provenance: [Provenance]
    }

    /// Builds the model and resolves every product (an unknown one fails the job before any task runs,
    /// naming the row).
    public static func setup(_ p: Params, database db: YuhengDatabase) throws -> Setup {
        let c = try LCAContext(lci: p.lci, allocation: p.allocation, method: p.method, database: db)
        var cols: [Int] = []
        for (i, item) in p.items.enumerated() {
            guard item.amount.isFinite else {
                throw ComputingError(.invalidParameters, "item \(i + 1) (\(item.process)): the amount \(item.amount) is not a number")
            }
            do { cols.append(try c.calculator.column(forProcess: item.process)) } catch let e as LCAError {
                throw ComputingError(
                    .invalidParameters, "item \(i + 1): \(e.message)", suggestion: e.suggestion ?? "search processes with `yuheng lca search TEXT`")
            }
        }
        return Setup(calculator: c.calculator, method: c.method, columns: cols, provenance: c.provenance)
    }

    /// The number of products (one unit each).
    /// - Throws: ``ComputingError`` when the batch has no products.
    public static func unitCount(_ p: Params) throws -> Int {
        guard !p.items.isEmpty else { throw ComputingError(.invalidParameters, "the batch has no products") }
        return p.items.count
    }

    /// Computes the footprints of the given items on a setup cached in this process.
    /// - Throws: ``ComputingError`` when cancelled or for a unit outside the batch; the calculator's errors.
    public static func run(_ p: Params, units: [Int], context: TaskContext) async throws -> Partial {
        // The setup (the products' columns) depends on every setting and on which products are in the batch: the
        // key holds the settings and a digest of the products, so two batches of the same size never share columns.
        var key = p
        key.items = []
        let products = SHA256.hex([UInt8](try TaskFiles.encoder.encode(p.items.map(\.process))))
        let db = try context.database()
        let s = try context.cached("lca-batch " + String(decoding: try TaskFiles.encoder.encode(key), as: UTF8.self) + " \(products)") {
            try setup(p, database: db)
        }
        var out: [ItemResult] = []
        for (k, u) in units.enumerated() {
            if context.cancellation?.isCancelled == true || Task.isCancelled { throw ComputingError(.cancelled, "cancelled") }
            guard u >= 0 && u < p.items.count else { throw ComputingError(.invalidParameters, "unit \(u) is outside the batch") }
            let r = try s.calculator.calculate(column: s.columns[u], amount: p.items[u].amount, method: s.method, topN: 1)
            out.append(
                ItemResult(
                    index: u, processID: r.processID, processName: r.processName, amount: r.amount, unit: r.unit,
                    kgCO2e: r.total, bySubclassCO2e: r.bySubclassCO2e, topContributor: r.topContributors.first?.processName))
            context.progress?(k + 1)
        }
        return Partial(items: out)
    }

    /// The results in the order of the items; every item must be there exactly once.
    public static func gather(_ p: Params, partials: [Partial]) throws -> [ItemResult] {
        var byIndex: [Int: ItemResult] = [:]
        for r in partials.flatMap(\.items) {
            guard byIndex[r.index] == nil else { throw ComputingError(.badTaskFile, "item \(r.index + 1) came back twice") }
            byIndex[r.index] = r
        }
        let missing = p.items.indices.filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw ComputingError(.taskFailed, "the result is incomplete: \(missing.count) of \(p.items.count) products have no result")
        }
        return p.items.indices.map { byIndex[$0]! }
    }
}

/// A diagnostic job (`yuheng computing check`): each unit waits `sleepMS` and draws one number from
/// its own random stream. Shows that an executor runs tasks and returns exact results, and gives
/// the tests tasks that live long enough to be killed or cancelled.
public enum SelfTestWork: DistributedWork {
    /// The kind's name in task files and job records.
    public static let kind = "selftest"

    /// What a self-test job does: `units` units, each sleeping `sleepMS` and drawing one uniform number.
    public struct Params: Codable, Sendable, Hashable {
        /// Number of units (positive).
        public var units: Int
        /// Milliseconds each unit waits, in steps of at most 50 ms that check for cancellation (not negative).
        public var sleepMS: Int
        /// Seed of the random streams; unit `u` draws from stream `u`.
        public var seed: UInt64
        /// Units that fail with an error that running again cannot fix (for testing error reports).
        public var failUnits: [Int]

        /// Parameters for a self-test of `units` units.
        public init(units: Int, sleepMS: Int = 0, seed: UInt64 = 1, failUnits: [Int] = []) {
            self.units = units
            self.sleepMS = sleepMS
            self.seed = seed
            self.failUnits = failUnits
        }

        enum CodingKeys: String, CodingKey {
            case units, seed
            case sleepMS = "sleep_ms"
            case failUnits = "fail_units"
        }
    }

    /// What one task computed: its units and their values.
    public struct Partial: Codable, Sendable {
        /// The units this task ran, in order.
        public var units: [Int]
        /// Their values, encoded exactly (``ExactDoubles``), one per unit.
        public var values: String
    }

    /// The number of units.
    /// - Throws: ``ComputingError`` when `units` is not positive or `sleepMS` is negative.
    public static func unitCount(_ p: Params) throws -> Int {
        guard p.units > 0, p.sleepMS >= 0 else { throw ComputingError(.invalidParameters, "units must be positive and sleep_ms not negative") }
        return p.units
    }

    /// The value of unit `u`: the first uniform of stream `u`.
    public static func value(seed: UInt64, unit u: Int) -> Double {
        var rng = RandomStream(seed: seed, stream: UInt64(u))
        return rng.nextUniform()
    }

    /// Waits and draws the value of each unit; units listed in `failUnits` fail with a permanent error.
    /// - Throws: ``ComputingError`` when cancelled or for a unit made to fail.
    public static func run(_ p: Params, units: [Int], context: TaskContext) async throws -> Partial {
        var values: [Double] = []
        for (k, u) in units.enumerated() {
            if p.failUnits.contains(u) { throw ComputingError(.invalidParameters, "unit \(u) fails on purpose (fail_units)") }
            var left = p.sleepMS
            while left > 0 {
                if context.cancellation?.isCancelled == true || Task.isCancelled { throw ComputingError(.cancelled, "cancelled") }
                let step = min(left, 50)
                try await Task.sleep(for: .milliseconds(step))
                left -= step
            }
            values.append(value(seed: p.seed, unit: u))
            context.progress?(k + 1)
        }
        return Partial(units: units, values: ExactDoubles.encode(values))
    }

    /// All units' values in unit order.
    public static func gather(_ p: Params, partials: [Partial]) throws -> [Double] {
        var byUnit: [Int: Double] = [:]
        for part in partials {
            let v = try ExactDoubles.decode(part.values)
            guard v.count == part.units.count else {
                throw ComputingError(.badTaskFile, "a selftest partial has \(v.count) values for \(part.units.count) units")
            }
            for (u, x) in zip(part.units, v) { byUnit[u] = x }
        }
        let missing = (0..<p.units).filter { byUnit[$0] == nil }
        guard missing.isEmpty else { throw ComputingError(.taskFailed, "the result is incomplete: units \(missing.prefix(5)) are missing") }
        return (0..<p.units).map { byUnit[$0]! }
    }
}
