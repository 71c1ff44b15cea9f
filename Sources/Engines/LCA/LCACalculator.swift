import Foundation
import YuhengCore
import YuhengNumerics

/// The inventory and climate result for one functional unit.
public struct LCAResult: Sendable, Codable {
    /// A process's direct share of the total.
    public struct Contributor: Sendable, Codable, Hashable {
        /// Id of the process.
        public var processID: String
        /// Display name of the process, e.g. "Electricity, bituminous coal, at power plant".
        public var processName: String
        /// Its direct emissions for the functional unit, (c·B[:, j])·s_j, kg CO2e.
        public var kgCO2e: Double
        /// Fraction of the total (signed; contributions can be negative with avoided products or uptake).
        public var share: Double

        enum CodingKeys: String, CodingKey {
            case processID = "process_id"
            case processName = "process_name"
            case kgCO2e = "kg_co2e"
            case share
        }
    }

    /// One greenhouse-gas elementary flow's share of the total.
    public struct FlowContribution: Sendable, Codable, Hashable {
        /// Id of the elementary flow.
        public var flowID: String
        /// Name of the elementary flow, e.g. "Carbon dioxide, fossil".
        public var flowName: String
        /// Category path of the flow joined with "/", e.g. "Elementary Flows/air/unspecified".
        public var compartment: String
        /// GWP species the flow was matched to, e.g. "CO2".
        public var species: String
        /// Origin of the gas (fossil, biogenic, …).
        public var subclass: GHGSubclass
        /// Inventory amount for the functional unit, kg (negative for uptake).
        public var amountKg: Double
        /// amountKg × characterisation factor, kg CO2e.
        public var kgCO2e: Double
    }

    /// Id of the process whose reference product is the functional unit.
    public var processID: String
    /// Display name of that process.
    public var processName: String
    /// Amount of the functional unit, in `unit`.
    public var amount: Double
    /// Unit of the functional unit, as the process states its reference product (e.g. "kWh").
    public var unit: String
    /// Impact method id, e.g. "ipcc-ar6-gwp100".
    public var method: String
    /// kg CO2e for the functional unit.
    public var total: Double
    /// Gas → kg (signed: uptake negative).
    public var byGasKg: [String: Double]
    /// Gas → kg CO2e (signed).
    public var byGasCO2e: [String: Double]
    /// Fossil CO2 emitted, kg.
    public var fossilCO2Kg: Double
    /// Biogenic CO2 emitted, kg.
    public var biogenicCO2Kg: Double
    /// CO2 taken up from the air (resource flows), kg, negative.
    public var uptakeCO2Kg: Double
    /// CO2 from land-use change, kg.
    public var lucCO2Kg: Double
    /// Fossil CH4, kg.
    public var ch4FossilKg: Double
    /// Biogenic CH4, kg.
    public var ch4BiogenicKg: Double
    /// CH4 of unstated origin, kg (characterised with the set's plain CH4 GWP).
    public var ch4UnspecifiedKg: Double
    /// GWP of each sub-class (fossil, biogenic, luc, uptake, unspecified), kg CO2e.
    public var bySubclassCO2e: [String: Double]
    /// Direct contributions of processes (c·B[:,j])·s_j, largest first.
    public var topContributors: [Contributor]
    /// Greenhouse-gas elementary flows with their amounts and CO2e, largest first.
    public var flowContributions: [FlowContribution]
    /// Processes structurally reachable from the functional unit.
    public var processesInSupplyChain: Int
    /// Entries of the scaling vector s that are negative (avoided products, or an inconsistent database).
    public var negativeScalingEntries: Int
    /// The functional unit in the reference unit of the product flow's reference property (the
    /// matrices' unit), e.g. 3.6 MJ for 1 kWh; nil when `unit` is that unit.
    public var referenceAmount: Double?
    /// The unit of `referenceAmount`, e.g. "MJ"; nil when `unit` is that unit.
    public var referenceUnit: String?
    /// Things a reader of the result should know, e.g. inputs cut off because their provider was rejected on import.
    public var warnings: [String]?

    /// An elementary flow of the inventory that looks like a greenhouse gas but got no characterisation factor.
    public struct UnmatchedFlow: Sendable, Codable, Hashable {
        /// The flow's id in the LCI database.
        public var flowID: String
        /// The flow's name as the database gives it, e.g. "Ethane".
        public var name: String
        /// The compartment the flow goes to, e.g. "air" or "air/urban air close to ground".
        public var compartment: String
        /// The flow's CAS number, when the database gives one.
        public var cas: String?
        /// The inventory amount for the functional unit, in `unit`.
        public var amount: Double
        /// The reference unit of the flow (kg for a gas); empty when the database does not say.
        public var unit: String

        enum CodingKeys: String, CodingKey {
            case flowID = "flow_id"
            case name, compartment, cas, amount, unit
        }
    }
    /// Greenhouse-gas-looking flows of the inventory without a factor in the method, largest amount first
    /// (empty when every such flow is characterised; nil in results stored before it was reported).
    public var unmatchedGHGFlows: [UnmatchedFlow]?

    enum CodingKeys: String, CodingKey {
        case processID = "process_id"
        case processName = "process_name"
        case amount, unit, method, total
        case byGasKg = "by_gas_kg"
        case byGasCO2e = "by_gas_co2e"
        case fossilCO2Kg = "fossil_co2_kg"
        case biogenicCO2Kg = "biogenic_co2_kg"
        case uptakeCO2Kg = "co2_uptake_kg"
        case lucCO2Kg = "luc_co2_kg"
        case ch4FossilKg = "ch4_fossil_kg"
        case ch4BiogenicKg = "ch4_biogenic_kg"
        case ch4UnspecifiedKg = "ch4_unspecified_kg"
        case bySubclassCO2e = "by_subclass_co2e"
        case topContributors = "top_contributors"
        case flowContributions = "flow_contributions"
        case processesInSupplyChain = "processes_in_supply_chain"
        case negativeScalingEntries = "negative_scaling_entries"
        case referenceAmount = "reference_amount"
        case referenceUnit = "reference_unit"
        case warnings
        case unmatchedGHGFlows = "unmatched_ghg_flows"
    }
}

/// Solves a ``TechnosphereModel`` for functional units. The technosphere is factorised once with
/// KLU (block triangular form, which exploits the near-triangular structure of LCI databases);
/// every further functional unit costs one solve. Solves are serialised by a lock, so one
/// calculator can be shared between tasks (a server keeps one per database); Monte Carlo workers
/// should each build their own factorisation.
public final class LCACalculator: @unchecked Sendable {
    /// The technosphere (A) and biosphere (B) matrices the calculator solves.
    public let model: TechnosphereModel
    let factorization: KLUFactorization
    private let lock = NSLock()
    /// GHG match per elementary flow row (nil when not a greenhouse gas).
    public let ghg: [GHGMatch?]
    /// B transposed by rows for contributions: for each column j, the (row, value) entries.
    let bColumns: [[(Int, Double)]]

    /// The unit of each elementary-flow row (the flow's reference unit), when the database was given.
    let elementaryUnits: [String]

    /// Factorises A once with KLU (sparse LU); every later solve reuses the factorisation. `database` (the one the
    /// model was built from) gives the units of the elementary flows that results list.
    ///
    /// - throws: ``LCAError`` `.singular` naming the process where the pivot failed when A is singular.
    public init(model: TechnosphereModel, database: LCIDatabase? = nil) throws {
        self.model = model
        elementaryUnits = model.elementaryFlows.map { f in database.map { $0.referenceUnit(ofFlow: f) } ?? "" }
        do {
            factorization = try KLUFactorization(model.A)
        } catch let e as NumericsError {
            var involved = ""
            if let i = e.index, i < model.columns.count {
                involved = ": the pivot failed at \(model.columns[i].processName) (\(model.columns[i].processID))"
            }
            throw LCAError(
                .singular, "the technosphere matrix is singular\(involved)", dataset: model.database,
                suggestion: "check the reference amounts and circular inputs of the processes involved (a process that consumes all it produces)")
        }
        ghg = model.elementaryFlows.map { GHGMapping.match($0) }
        var cols = [[(Int, Double)]](repeating: [], count: model.columns.count)
        let B = model.B
        for j in 0..<B.columns {
            for k in Int(B.columnPointers[j])..<Int(B.columnPointers[j + 1]) { cols[j].append((Int(B.rowIndices[k]), B.values[k])) }
        }
        bColumns = cols
    }

    /// Scaling vector s = A⁻¹ f for `amount` of the product of column `column`, counted in the
    /// process's own unit (default) or the flow's reference unit (``ResultBasis``).
    public func scaling(column: Int, amount: Double = 1, basis: ResultBasis = .processUnit) throws -> [Double] {
        var f = [Double](repeating: 0, count: model.columns.count)
        // Waste treatment columns have a negative diagonal: treating one unit is a demand of −1.
        f[column] = model.demand(column: column, amount: amount, basis: basis)
        lock.lock()
        defer { lock.unlock() }
        do { return try factorization.solve(f) } catch let e as NumericsError {
            throw LCAError(.singular, "the solve failed: \(e.message)", dataset: model.database)
        }
    }

    /// Solves Aᵀ x = b (for upstream totals per product).
    public func solveTransposed(_ b: [Double]) throws -> [Double] {
        lock.lock()
        defer { lock.unlock() }
        do { return try factorization.solve(b, transpose: true) } catch let e as NumericsError {
            throw LCAError(.singular, "the transposed solve failed: \(e.message)", dataset: model.database)
        }
    }

    /// Characterisation vector of a method over the elementary-flow rows.
    public func characterization(_ method: ClimateMethod) -> [Double] {
        ghg.map { $0.map { method.factor($0) } ?? 0 }
    }

    /// Resolves a process by id, id prefix or (unique) name. A process rejected on import (or left
    /// out for want of a quantitative reference) is an error that names it and says why.
    public func column(forProcess query: String) throws -> Int {
        if let j = model.columns.firstIndex(where: { $0.processID == query }) { return j }
        if let r = model.rejected.first(where: { $0.id == query || $0.name.lowercased() == query.lowercased() }) {
            throw LCAError(
                .rejectedProcess, "the process '\(r.name)' (\(r.id)) was rejected on import: \(r.reasons.joined(separator: "; "))",
                dataset: model.database,
                entity: r.source, suggestion: "fix the dataset and import the database again; the other processes can be calculated")
        }
        let byPrefix = model.columns.indices.filter { model.columns[$0].processID.hasPrefix(query) }
        if byPrefix.count == 1 { return byPrefix[0] }
        let q = query.lowercased().trimmingCharacters(in: .whitespaces)
        let exact = model.columns.indices.filter { model.columns[$0].processName.lowercased().trimmingCharacters(in: .whitespaces) == q }
        if exact.count == 1 { return exact[0] }
        let partial = model.columns.indices.filter { model.columns[$0].processName.lowercased().contains(q) }
        if partial.count == 1 { return partial[0] }
        if partial.isEmpty && exact.isEmpty {
            throw LCAError(
                .unknownProcess, "no process matches '\(query)'", dataset: model.database, suggestion: "search with `yuheng lca search \"\(query)\"`")
        }
        let names = (exact.isEmpty ? partial : exact).prefix(8).map { "\(model.columns[$0].processName) [\(model.columns[$0].processID.prefix(8))]" }
        throw LCAError(
            .ambiguousProcess, "'\(query)' matches \(exact.isEmpty ? partial.count : exact.count) processes: \(names.joined(separator: "; "))",
            dataset: model.database, suggestion: "give the process id (or an unambiguous prefix)")
    }

    /// Calculates the climate result of `amount` of the product of the process in `column`, counted
    /// in the process's own reference unit (1 kWh for a process defined per kWh) unless `basis`
    /// says the flow's reference unit.
    public func calculate(column: Int, amount: Double = 1, method: ClimateMethod, topN: Int = 5, basis: ResultBasis = .processUnit) throws
        -> LCAResult
    {
        let s = try scaling(column: column, amount: amount, basis: basis)
        let c = characterization(method)
        var byGas: [String: Double] = [:], byGasCO2e: [String: Double] = [:], bySub: [String: Double] = [:]
        var co2: [GHGSubclass: Double] = [:], ch4: [GHGSubclass: Double] = [:]
        var g = [Double](repeating: 0, count: model.elementaryFlows.count)
        var contributions: [(Int, Double)] = []
        var total = 0.0
        for (j, entries) in bColumns.enumerated() where s[j] != 0 {
            var cj = 0.0
            for (i, v) in entries {
                let x = v * s[j]
                g[i] += x
                cj += c[i] * v
            }
            if cj != 0 { contributions.append((j, cj * s[j])) }
        }
        var flows: [LCAResult.FlowContribution] = []
        for (i, m) in ghg.enumerated() {
            // A gas the method has no value for is listed in unmatchedGHGFlows, not counted here.
            guard let m, g[i] != 0, method.hasFactor(m) else { continue }
            byGas[m.species, default: 0] += g[i]
            let e = g[i] * c[i]
            byGasCO2e[m.species, default: 0] += e
            bySub[m.subclass.rawValue, default: 0] += e
            total += e
            if m.species == "CO2" { co2[m.subclass, default: 0] += g[i] }
            if m.species == "CH4" { ch4[m.subclass, default: 0] += g[i] }
            let f = model.elementaryFlows[i]
            flows.append(
                .init(
                    flowID: f.id, flowName: f.name, compartment: f.category.joined(separator: "/"), species: m.species, subclass: m.subclass,
                    amountKg: g[i], kgCO2e: e))
        }
        flows.sort { abs($0.kgCO2e) > abs($1.kgCO2e) || (abs($0.kgCO2e) == abs($1.kgCO2e) && $0.flowID < $1.flowID) }
        contributions.sort { abs($0.1) > abs($1.1) || (abs($0.1) == abs($1.1) && model.columns[$0.0].processID < model.columns[$1.0].processID) }
        let top = contributions.prefix(topN).map { j, v in
            LCAResult.Contributor(
                processID: model.columns[j].processID, processName: model.columns[j].processName, kgCO2e: v, share: total != 0 ? v / total : 0)
        }
        let col = model.columns[column]
        let reach = reachable(from: column)
        let unit = model.unit(of: column, basis: basis)
        let refAmount = abs(model.demand(column: column, amount: amount, basis: basis))
        var result = LCAResult(
            processID: col.processID, processName: col.processName, amount: amount, unit: unit, method: method.id, total: total,
            byGasKg: byGas, byGasCO2e: byGasCO2e, fossilCO2Kg: co2[.fossil] ?? 0, biogenicCO2Kg: co2[.biogenic] ?? 0,
            uptakeCO2Kg: co2[.uptake] ?? 0, lucCO2Kg: co2[.luc] ?? 0, ch4FossilKg: ch4[.fossil] ?? 0, ch4BiogenicKg: ch4[.biogenic] ?? 0,
            ch4UnspecifiedKg: ch4[.unspecified] ?? 0, bySubclassCO2e: bySub, topContributors: top, flowContributions: flows,
            processesInSupplyChain: reach.count, negativeScalingEntries: s.filter { $0 < -1e-12 }.count)
        if unit != col.unit {
            result.referenceAmount = refAmount
            result.referenceUnit = col.unit
        }
        let warnings = rejectedCutOffs(reachable: reach)
        if !warnings.isEmpty { result.warnings = warnings }
        result.unmatchedGHGFlows = unmatchedGHGFlows(inventory: g, method: method)
        return result
    }

    /// Flows of the inventory `g` that look like greenhouse gases (``GHGMapping/looksLikeGHG(_:)``) but have no factor in
    /// `method`: not matched to a species, or matched to one the method's GWP set has no value for.
    public func unmatchedGHGFlows(inventory g: [Double], method: ClimateMethod) -> [LCAResult.UnmatchedFlow] {
        var out: [LCAResult.UnmatchedFlow] = []
        for (i, f) in model.elementaryFlows.enumerated() where g[i] != 0 {
            let uncharacterised = ghg[i].map { !method.hasFactor($0) } ?? GHGMapping.looksLikeGHG(f)
            guard uncharacterised else { continue }
            out.append(
                .init(
                    flowID: f.id, name: f.name, compartment: f.category.joined(separator: "/"), cas: f.cas, amount: g[i],
                    unit: elementaryUnits[i]))
        }
        return out.sorted { abs($0.amount) > abs($1.amount) || (abs($0.amount) == abs($1.amount) && $0.flowID < $1.flowID) }
    }

    /// Inputs of processes in the supply chain (`reachable` columns) that are cut off because their
    /// provider was rejected on import, one line each.
    public func rejectedCutOffs(reachable: Set<Int>) -> [String] {
        let ids = Set(reachable.map { model.columns[$0].processID })
        return model.unlinked.filter { ids.contains($0.processID) && $0.reason.contains("was rejected") }
            .map { "\($0.processName): input '\($0.flowName)' cut off — \($0.reason)" }
    }

    /// Every process contribution (not only the top ones), for contribution analysis; sums to the total.
    public func processContributions(column: Int, amount: Double = 1, method: ClimateMethod, basis: ResultBasis = .processUnit) throws -> [(
        column: Int, kgCO2e: Double
    )] {
        let s = try scaling(column: column, amount: amount, basis: basis)
        let c = characterization(method)
        var out: [(Int, Double)] = []
        for (j, entries) in bColumns.enumerated() where s[j] != 0 {
            let cj = entries.reduce(0) { $0 + c[$1.0] * $1.1 }
            if cj != 0 { out.append((j, cj * s[j])) }
        }
        return out.sorted { abs($0.1) > abs($1.1) }.map { (column: $0.0, kgCO2e: $0.1) }
    }

    /// Columns structurally reachable through A from `column` (including itself).
    public func reachable(from column: Int) -> Set<Int> {
        var seen: Set<Int> = [column], stack = [column]
        let A = model.A
        while let j = stack.popLast() {
            for k in Int(A.columnPointers[j])..<Int(A.columnPointers[j + 1]) {
                let i = Int(A.rowIndices[k])
                if A.values[k] != 0 && seen.insert(i).inserted { stack.append(i) }
            }
        }
        return seen
    }
}

extension LCAResult {
    /// This result of one reference unit scaled to `amount` units. The model is linear
    /// (s = A⁻¹(a·eⱼ) = a·A⁻¹eⱼ) and so is every quantity of the result, except the count of negative
    /// scaling entries, which is recounted from the unit scaling vector `unitScaling`.
    ///
    /// ```swift
    /// let unit = try calc.calculate(column: j, amount: 1, method: m)
    /// let s = try calc.scaling(column: j, amount: 1)
    /// unit.scaled(to: 3.6, unitScaling: s).total   // == 3.6 × unit.total
    /// ```
    public func scaled(to a: Double, unitScaling: [Double]) -> LCAResult {
        var r = self
        guard a != 1 else { return r }
        r.amount = amount * a
        r.referenceAmount = referenceAmount.map { $0 * a }
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
        r.unmatchedGHGFlows = r.unmatchedGHGFlows?.map { f in
            var f = f
            f.amount *= a
            return f
        }
        r.negativeScalingEntries = unitScaling.reduce(0) { $0 + ($1 * a < -1e-12 ? 1 : 0) }
        return r
    }
}
