import Foundation
import YuhengCore
import YuhengData
import YuhengLCA

/// Life cycle assessment use cases: LCI databases and their factorised technospheres (built once
/// per process and dataset version), process search, footprints, contributions and product studies
/// with their provenance.
///
/// ```swift
/// let hit = try services.lca.search("electricity coal", limit: 5).first!
/// let r = try services.lca.calculate(.init(process: hit.processID, amount: 3.6))
/// r.result.total            // kg CO2e of 3.6 units of the process's reference product
/// ```
public struct LCAService: Sendable {
    let services: YuhengServices

    /// The cache namespace of factorised technospheres (``ServiceCache/computations(of:)`` counts factorisations).
    public static let factorisationNamespace = "lca.calculator"

    /// An LCI database (the bundled US LCI is installed on first use); unknown ids are a clear error
    /// naming the known ones.
    public func lci(_ id: String = BundledLCI.id) throws -> LCIDatabase {
        if id == BundledLCI.id { _ = try BundledLCI.install(in: services.db) }
        return try services.cache.value("lca.lci", key: id, version: try services.datasetsVersion(), cost: 64 << 20) {
            let known = try services.db.lciDatabases().map(\.id)
            guard known.contains(id) else {
                throw LCAError(
                    .missingEntity, "no LCI database '\(id)'",
                    suggestion: known.isEmpty ? "import one with yuheng lca import" : "known: \(known.joined(separator: ", "))")
            }
            return try services.db.loadLCI(id: id)
        }
    }

    /// A factorised technosphere for a database and allocation policy.
    public func calculator(_ id: String = BundledLCI.id, allocation: AllocationPolicy = .processDefault) throws -> LCACalculator {
        let database = try lci(id)
        return try services.cache.value(
            Self.factorisationNamespace, key: "\(id)|\(allocation.rawValue)", version: try services.datasetsVersion(),
            cost: 128 << 20
        ) {
            try LCACalculator(model: TechnosphereModel(database, allocation: allocation), database: database)
        }
    }

    /// A climate method by id (e.g. `ipcc-ar6-gwp100`) with the database's GWP values.
    public func method(_ id: String = "ipcc-ar6-gwp100") throws -> ClimateMethod {
        try ClimateMethod.named(id, library: try services.db.gwpLibrary())
    }

    /// A process found by full-text search.
    public struct Hit: Sendable, Codable, Hashable {
        /// Id of the LCI database the process belongs to, e.g. "uslci-1.5".
        public var database: String
        /// The process's identifier in its database (a UUID in the bundled US LCI), usable as ``Calculation/process``.
        public var processID: String
        /// Display name of the process, e.g. "Electricity, bituminous coal, at power plant".
        public var name: String
        /// Geography of the process as given by the database (e.g. "US", "RNA"); nil when not stated.
        public var location: String?
        /// Category path of the process in its database (may be empty).
        public var category: String
        /// The unit of the flow's reference property (MJ for electricity in the US LCI).
        public var referenceUnit: String?
        /// The process's own unit: the unit its reference product is stated in, which a footprint
        /// of the process is per (kWh for a process defined per kWh).
        public var unit: String?

        enum CodingKeys: String, CodingKey {
            case database, name, location, category, unit
            case processID = "process_id", referenceUnit = "reference_unit"
        }
    }

    /// Processes matching the words of `query` (the bundled US LCI is installed first), each with
    /// the process's own unit (what ``calculate(_:)`` reports a footprint per).
    public func search(_ query: String, limit: Int = 20) throws -> [Hit] {
        guard (1...500).contains(limit) else { throw LCAError(.invalidArgument, "limit must be between 1 and 500 (it is \(limit))") }
        _ = try lci()
        var units: [String: [String: String]] = [:]
        return try services.db.searchProcesses(query, limit: limit).map { h in
            if units[h.datasetID] == nil {
                let database = try lci(h.datasetID)
                units[h.datasetID] = Dictionary(
                    database.processes.compactMap { p in p.referenceExchange.map { (p.id, $0.unit) } }, uniquingKeysWith: { a, _ in a })
            }
            return Hit(
                database: h.datasetID, processID: h.processID, name: h.name, location: h.location, category: h.category,
                referenceUnit: h.referenceUnit, unit: units[h.datasetID]?[h.processID] ?? h.referenceUnit)
        }
    }

    /// What to calculate: an amount of a process's reference product.
    public struct Calculation: Sendable, Hashable {
        /// A process id or an unambiguous part of its name.
        public var process: String
        /// Amount of the process's reference product, in its own unit (``Hit/unit``); may be zero or negative, must be finite.
        public var amount: Double
        /// Id of the climate impact method, e.g. "ipcc-ar6-gwp100" (results are in kg CO2e).
        public var method: String
        /// How multi-output processes are split among co-products (default: each process's own method).
        public var allocation: AllocationPolicy
        /// Id of the LCI database to calculate in (default: the bundled US LCI).
        public var database: String
        /// How many contributors to list.
        public var top: Int

        /// A calculation; only the process is required (1 unit, IPCC AR6 GWP100, process-default allocation, US LCI, top 15 contributors).
        public init(
            process: String, amount: Double = 1, method: String = "ipcc-ar6-gwp100", allocation: AllocationPolicy = .processDefault,
            database: String = BundledLCI.id, top: Int = 15
        ) {
            self.process = process
            self.amount = amount
            self.method = method
            self.allocation = allocation
            self.database = database
            self.top = top
        }
    }

    /// The footprint of a calculation. Amounts must be finite; the result is checked finite.
    /// Results of one reference unit are cached and scaled (LCA is linear in the amount).
    public func calculate(_ c: Calculation) throws -> LCAResult {
        guard c.amount.isFinite else { throw LCAError(.invalidAmount, "amount must be a finite number (it is \(c.amount))") }
        guard (1...1_000).contains(c.top) else { throw LCAError(.invalidArgument, "top must be between 1 and 1,000 (it is \(c.top))") }
        let calc = try calculator(c.database, allocation: c.allocation)
        let m = try method(c.method)
        let column = try calc.column(forProcess: c.process)
        let r: LCAResult
        if c.amount > 0 {
            // The result of one unit, scaled (the model is linear; the order of contributors is kept for positive amounts).
            let unit = try services.cache.value(
                "lca.unitResult", key: unitKey(c, column: column),
                version: try services.datasetsVersion(), cost: 8 * calc.model.columns.count + (16 << 10)
            ) {
                (result: try calc.calculate(column: column, amount: 1, method: m, topN: c.top), scaling: try calc.scaling(column: column, amount: 1))
            }
            r = unit.result.scaled(to: c.amount, unitScaling: unit.scaling)
        } else {
            r = try calc.calculate(column: column, amount: c.amount, method: m, topN: c.top)
        }
        if let (path, v) = FiniteCheck.firstNonFinite(in: r) {
            throw LCAError(.invalidAmount, FiniteCheck.message(path: path, value: v), suggestion: "use a smaller amount")
        }
        return r
    }

    /// The result of a calculation when it can be answered from the cache alone (a stored process's
    /// unit result, scaled): never computes, never waits; nil otherwise.
    public func cachedCalculation(_ c: Calculation) throws -> LCAResult? {
        guard c.amount > 0, c.amount.isFinite else { return nil }
        let version = try services.datasetsVersion()
        guard
            let calc: LCACalculator = services.cache.peek(
                Self.factorisationNamespace, key: "\(c.database)|\(c.allocation.rawValue)", version: version),
            let column = try? calc.column(forProcess: c.process),
            let unit: (result: LCAResult, scaling: [Double]) = services.cache.peek(
                "lca.unitResult", key: unitKey(c, column: column), version: version)
        else { return nil }
        let r = unit.result.scaled(to: c.amount, unitScaling: unit.scaling)
        return FiniteCheck.firstNonFinite(in: r) == nil ? r : nil
    }

    func unitKey(_ c: Calculation, column: Int) -> String { "\(c.database)|\(c.allocation.rawValue)|\(c.method)|\(column)|\(c.top)" }

    /// One process's share of a footprint (they sum to the total).
    public struct Contribution: Sendable, Codable, Hashable {
        /// Id of the contributing process.
        public var processID: String
        /// Display name of the contributing process.
        public var processName: String
        /// Emissions attributed to the process's own direct exchanges, in kg CO2e (negative for net uptake).
        public var kgCO2e: Double

        enum CodingKeys: String, CodingKey { case processID = "process_id", processName = "process_name", kgCO2e = "kg_co2e" }
    }

    /// Process contributions of a calculation, largest first.
    public func contributions(_ c: Calculation) throws -> (total: Double, contributions: [Contribution]) {
        guard c.amount.isFinite else { throw LCAError(.invalidAmount, "amount must be a finite number (it is \(c.amount))") }
        let calc = try calculator(c.database, allocation: c.allocation)
        let rows = try calc.processContributions(column: try calc.column(forProcess: c.process), amount: c.amount, method: try method(c.method))
        let out = rows.map {
            Contribution(
                processID: calc.model.columns[$0.column].processID, processName: calc.model.columns[$0.column].processName, kgCO2e: $0.kgCO2e)
        }
        return (rows.reduce(0) { $0 + $1.kgCO2e }, out)
    }

    /// The provenance of an LCI database and of the GWP datasets (what a result names): those the set of `method`
    /// draws on (the bundled table, and a user's GWP import that adds to it or builds the set), else the bundled table.
    public func provenance(database id: String, method: String? = nil) throws -> [Provenance] {
        var out: [Provenance] = []
        if let d = try services.db.dataset(id) { out.append(d.provenance) }
        var gwpIDs = ["gwp"]
        if let method, let p = try? self.method(method).provenance { gwpIDs = p.datasetID.components(separatedBy: " + ") }
        for g in gwpIDs { if let d = try services.db.dataset(g) { out.append(d.provenance) } }
        return out
    }

    /// Runs a product footprint study on an LCI database (default: the study's, else the bundled US
    /// LCI), with the provenance of the data; the result is checked finite.
    public func study(_ study: ProductStudy, database id: String = BundledLCI.id, file: String? = nil) throws -> StudyResult {
        let result = try StudyRunner.run(study, database: try lci(id), gwp: try services.db.gwpLibrary(), datasets: try provenance(database: id))
        if let (path, v) = FiniteCheck.firstNonFinite(in: result) {
            throw LCAError(
                .invalidAmount, FiniteCheck.message(path: path, value: v), dataset: file,
                suggestion: "check reference.amount and the amounts of the scenarios")
        }
        return result
    }
}
