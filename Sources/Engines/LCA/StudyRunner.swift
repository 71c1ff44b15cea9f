import Foundation
import YuhengCore
import YuhengNumerics

/// A node of the upstream supply-chain tree.
public struct SupplyChainNode: Sendable, Codable {
    /// Id of the node's process.
    public var processID: String
    /// Display name of the node's process.
    public var processName: String
    /// Amount of the node's product supplied, in its reference unit.
    public var amount: Double
    /// Reference unit of the node's product, e.g. "MJ".
    public var unit: String
    /// kg CO2e of this node including everything upstream of it.
    public var upstreamKgCO2e: Double
    /// kg CO2e emitted directly by this node's process.
    public var directKgCO2e: Double
    /// Suppliers above the cut-off, largest upstream first (at most six levels deep).
    public var children: [SupplyChainNode]
}

/// Everything a product footprint study computes.
public struct StudyResult: Sendable, Codable {
    /// One line of a result table: a label with its CO2e, its share of the total and, for gases, its mass.
    public struct Row: Sendable, Codable, Hashable {
        /// Row label: a stage, gas, category, process, method or scenario.
        public var label: String
        /// Emissions of the row, kg CO2e (the total itself for methods and scenarios).
        public var kgCO2e: Double
        /// Fraction of the study's total (relative to it for methods and scenarios).
        public var share: Double
        /// Mass of the gas, kg (by-gas rows only).
        public var kg: Double?
    }
    /// The study as given.
    public var study: ProductStudy
    /// Id of the reference process.
    public var processID: String
    /// Display name of the reference process.
    public var processName: String
    /// Reference unit of the product, e.g. "MJ".
    public var referenceUnit: String
    /// Amount of the reference product in its reference unit.
    public var amount: Double
    /// The full LCA result for the functional unit.
    public var result: LCAResult
    /// Contributions by life-cycle stage.
    public var byStage: [Row]
    /// Contributions by gas.
    public var byGas: [Row]
    /// ISO 14067 categories: fossil, biogenic emissions, biogenic removals, dLUC, aircraft.
    public var iso14067: [Row]
    /// Processes with the largest direct contributions.
    public var topProcesses: [Row]
    /// Totals with the study's additional methods.
    public var otherMethods: [Row]
    /// Totals with the alternative allocation policies.
    public var allocationSensitivity: [Row]
    /// Totals of the what-if scenarios.
    public var scenarios: [Row]
    /// The upstream supply-chain tree from the reference process.
    public var tree: SupplyChainNode
    /// Processes reachable from the functional unit.
    public var processesInSupplyChain: Int
    /// Cut-off inputs within the supply chain, by flow name: how many processes lack a provider for it.
    public var cutOffInputs: [String: Int]
    /// Number of cut-off inputs within the supply chain.
    public var cutOffInputCount: Int
    /// Exchanges of the processes in the supply chain (data-quality denominator).
    public var exchangesInChain: Int
    /// How many of them carry an uncertainty distribution.
    public var exchangesWithUncertainty: Int
    /// Documentation (time, geography, technology, sources, validity, location) of the five largest contributors, by process name.
    public var documentation: [String: [String: String]]
    /// Datasets used: the database, the GWP set and those passed in.
    public var datasets: [Provenance]
    /// Points the reader should know, e.g. co-products cut off for lack of allocation factors.
    public var warnings: [String]
}

/// Runs a ``ProductStudy`` on an LCI database.
public enum StudyRunner {
    /// Runs the study: result, contributions, tree, sensitivity and scenarios (one factorisation each for allocation and scenario variants).
    ///
    /// - throws: ``LCAError`` `.invalidStudy` for an invalid study, `.unknownProcess` / `.ambiguousProcess` for its reference,
    /// `.unknownMethod` for a method the GWP library lacks, `.singular` for a singular technosphere.
    public static func run(_ study: ProductStudy, database: LCIDatabase, gwp: GWPLibrary, datasets: [Provenance] = []) throws -> StudyResult {
        try study.validate()
        let policy = AllocationPolicy(rawValue: study.allocation ?? "default") ?? .processDefault
        let methodID = study.method ?? "ipcc-ar6-gwp100"
        let method = try ClimateMethod.named(methodID, library: gwp)
        let baseModel = try TechnosphereModel(database, allocation: policy)
        let calc = try LCACalculator(model: baseModel)
        let j = try calc.column(forProcess: study.reference.process)
        let col = baseModel.columns[j]
        var warnings: [String] = []
        let amount = try referenceAmount(study, model: baseModel, column: j)
        let result = try calc.calculate(column: j, amount: amount, method: method, topN: 25)
        let ctx = StudyContext(
            study: study, database: database, model: baseModel, calc: calc, column: j, amount: amount, method: method, policy: policy,
            total: result.total)
        let contributions = try calc.processContributions(column: j, amount: amount, method: method)
        let byGas = result.byGasCO2e.sorted { abs($0.value) > abs($1.value) }.map {
            StudyResult.Row(label: $0.key, kgCO2e: $0.value, share: ctx.share($0.value), kg: result.byGasKg[$0.key])
        }
        let topProcesses = contributions.prefix(15).map { c, v in
            StudyResult.Row(label: baseModel.columns[c].processName, kgCO2e: v, share: ctx.share(v))
        }
        let others = ctx.otherMethods(methodID: methodID, gwp: gwp, warnings: &warnings)
        let allocRows = ctx.allocationSensitivity(warnings: &warnings)
        let scenarioRows = try ctx.scenarios()

        // Upstream totals per unit product of each column: m = (c·B)·A⁻¹, one transposed solve.
        let cB = try calc.directImpactPerActivity(method)
        let mUp = try calc.upstreamPerProduct(cB)
        let tree = buildTree(
            model: baseModel, column: j, product: amount, cB: cB, m: mUp, cutoff: (study.cutoff ?? 0.01) * abs(result.total), depth: 0,
            maxDepth: 6, path: [])
        let quality = ctx.chainQuality(contributions: contributions)
        var ds = datasets
        if let p = database.provenance, !ds.contains(where: { $0.datasetID == p.datasetID }) { ds.insert(p, at: 0) }
        if let g = method.provenance, !ds.contains(where: { $0.datasetID == g.datasetID }) { ds.append(g) }
        if policy == .processDefault && baseModel.allocatedProcesses == 0 && baseModel.multiOutputProcesses > 0 {
            warnings.append(
                "\(baseModel.multiOutputProcesses) multi-output processes have no usable allocation factors: their co-products are cut off and the reference product carries all burdens"
            )
        }
        return StudyResult(
            study: study, processID: col.processID, processName: col.processName, referenceUnit: col.unit, amount: amount, result: result,
            byStage: ctx.byStage(contributions: contributions), byGas: byGas, iso14067: ctx.iso14067(result, contributions: contributions),
            topProcesses: topProcesses, otherMethods: others, allocationSensitivity: allocRows, scenarios: scenarioRows, tree: tree,
            processesInSupplyChain: quality.chain.count, cutOffInputs: quality.cut, cutOffInputCount: quality.cutCount,
            exchangesInChain: quality.exchanges, exchangesWithUncertainty: quality.exchangesWithUncertainty, documentation: quality.documentation,
            datasets: ds, warnings: warnings)
    }

    /// The reference amount in the unit the process states its product in (the calculator's default basis),
    /// converted when the study gives another unit of the same dimension.
    static func referenceAmount(_ study: ProductStudy, model: TechnosphereModel, column j: Int) throws -> Double {
        var amount = study.reference.amount
        let processUnit = model.unit(of: j)
        if let u = study.reference.unit, u != processUnit {
            do {
                amount = try MeasureUnit(u).convert(study.reference.amount, to: MeasureUnit(processUnit))
            } catch {
                throw LCAError(
                    .invalidStudy,
                    "the reference amount is in \(u) but \(model.columns[j].processName) is measured in \(processUnit), and they do not convert",
                    entity: "reference.unit",
                    suggestion: "give the amount in \(processUnit)")
            }
        }
        return amount
    }

    /// Completeness and data quality of the inventory within the supply chain.
    struct ChainQuality {
        /// Columns reachable from the functional unit.
        var chain: Set<Int>
        /// Cut-off inputs by flow name: how many processes of the chain lack a provider for it.
        var cut: [String: Int] = [:]
        /// Number of cut-off inputs within the chain.
        var cutCount = 0
        /// Exchanges of the processes in the chain, and how many carry an uncertainty distribution.
        var exchanges = 0, exchangesWithUncertainty = 0
        /// Documentation of the five largest contributors, by process name.
        var documentation: [String: [String: String]] = [:]
    }

    /// What the phases of a study share: the base model and calculator, the reference column and amount, the method and the total.
    struct StudyContext {
        /// The study as given.
        let study: ProductStudy
        /// The LCI database.
        let database: LCIDatabase
        /// The model with the study's allocation policy.
        let model: TechnosphereModel
        /// The calculator of ``model`` (factorised once).
        let calc: LCACalculator
        /// Column of the reference process.
        let column: Int
        /// Reference amount in the process's unit.
        let amount: Double
        /// The study's climate method.
        let method: ClimateMethod
        /// The study's allocation policy.
        let policy: AllocationPolicy
        /// Total of the functional unit with ``method``, kg CO2e.
        let total: Double

        /// Fraction of the study's total (0 for a zero total).
        func share(_ v: Double) -> Double { total != 0 ? v / total : 0 }

        /// Contributions by life-cycle stage, in the study's stage order (the default stage last).
        func byStage(contributions: [(column: Int, kgCO2e: Double)]) -> [StudyResult.Row] {
            func stage(of c: Int) -> String {
                let p = database.processes[model.columns[c].processIndex]
                let text = (p.name + " " + p.category).lowercased()
                for s in study.stages ?? [] where s.match.contains(where: { text.contains($0.lowercased()) }) { return s.name }
                return study.defaultStage ?? "Other"
            }
            var stageSum: [String: Double] = [:]
            for (c, v) in contributions { stageSum[stage(of: c), default: 0] += v }
            var stageOrder = (study.stages ?? []).map(\.name)
            if stageSum.keys.contains(where: { !stageOrder.contains($0) }) { stageOrder.append(study.defaultStage ?? "Other") }
            return stageOrder.filter { stageSum[$0] != nil }.map { StudyResult.Row(label: $0, kgCO2e: stageSum[$0]!, share: share(stageSum[$0]!)) }
        }

        /// The ISO 14067 split: fossil, biogenic emissions and removals, dLUC, and aircraft transport.
        func iso14067(_ result: LCAResult, contributions: [(column: Int, kgCO2e: Double)]) -> [StudyResult.Row] {
            let sub = result.bySubclassCO2e
            var aircraft = 0.0
            let aircraftPatterns = (study.aircraftPatterns ?? ["aircraft", "air freight", "airplane", "jet fuel, combusted"]).map { $0.lowercased() }
            for (c, v) in contributions where aircraftPatterns.contains(where: { model.columns[c].processName.lowercased().contains($0) }) {
                aircraft += v
            }
            let biogenicRemovals = sub["uptake"] ?? 0
            let fossil = (sub["fossil"] ?? 0) + (sub["unspecified"] ?? 0)
            return [
                .init(label: "Fossil GHG emissions (incl. non-CO2 gases and unspecified CH4)", kgCO2e: fossil, share: share(fossil)),
                .init(label: "Biogenic GHG emissions", kgCO2e: sub["biogenic"] ?? 0, share: share(sub["biogenic"] ?? 0)),
                .init(label: "Biogenic removals (CO2 uptake)", kgCO2e: biogenicRemovals, share: share(biogenicRemovals)),
                .init(label: "Direct land-use change (dLUC)", kgCO2e: sub["luc"] ?? 0, share: share(sub["luc"] ?? 0)),
                .init(label: "Aircraft transport (included above, reported separately)", kgCO2e: aircraft, share: share(aircraft))
            ]
        }

        /// Totals with the study's additional methods (a method that cannot be computed is skipped with a warning).
        func otherMethods(methodID: String, gwp: GWPLibrary, warnings: inout [String]) -> [StudyResult.Row] {
            var others: [StudyResult.Row] = []
            for id in study.additionalMethods ?? ["ipcc-ar5-gwp100", "ipcc-ar6-gwp20", "\(methodID)-fossil-luc"] where id != methodID {
                do {
                    let m = try ClimateMethod.named(id, library: gwp)
                    let r = try calc.calculate(column: column, amount: amount, method: m, topN: 0)
                    others.append(.init(label: id, kgCO2e: r.total, share: share(r.total)))
                } catch { warnings.append("method \(id) skipped: \(error)") }
            }
            return others
        }

        /// Totals with the alternative allocation policies, the study's choice first.
        func allocationSensitivity(warnings: inout [String]) -> [StudyResult.Row] {
            let processID = model.columns[column].processID
            var allocRows: [StudyResult.Row] = [.init(label: "\(policy.rawValue) (study choice)", kgCO2e: total, share: 1)]
            for a in study.allocationSensitivity ?? ["none", "physical", "economic"] {
                guard let p = AllocationPolicy(rawValue: a), p != policy else { continue }
                do {
                    let m = try TechnosphereModel(database, allocation: p)
                    let c2 = try LCACalculator(model: m)
                    let jj = try c2.column(forProcess: processID)
                    let r = try c2.calculate(column: jj, amount: amount, method: method, topN: 0)
                    allocRows.append(.init(label: "\(a) (\(m.allocatedProcesses) processes allocated)", kgCO2e: r.total, share: share(r.total)))
                } catch { warnings.append("allocation \(a) could not be computed: \(error)") }
            }
            return allocRows
        }

        /// Totals of the what-if scenarios, each on a model with one exchange overridden.
        func scenarios() throws -> [StudyResult.Row] {
            let processID = model.columns[column].processID
            var scenarioRows: [StudyResult.Row] = []
            for s in study.scenarios ?? [] {
                let pj = try calc.column(forProcess: s.process)
                let pid = model.columns[pj].processID
                let proc = database.processes[model.columns[pj].processIndex]
                guard
                    let ex = proc.exchanges.first(where: {
                        $0.flowID == s.flow || database.flows[$0.flowID]?.name.lowercased() == s.flow.lowercased()
                    })
                else {
                    throw LCAError(.invalidStudy, "scenario \(s.name ?? ""): process \(proc.name) has no exchange '\(s.flow)'", entity: "scenarios")
                }
                let m = try TechnosphereModel(
                    database, allocation: policy, overrides: [ExchangeOverride(processID: pid, flowID: ex.flowID, amount: s.amount, factor: s.factor)]
                )
                let c2 = try LCACalculator(model: m)
                let r = try c2.calculate(column: try c2.column(forProcess: processID), amount: amount, method: method, topN: 0)
                scenarioRows.append(
                    .init(label: s.name ?? "\(proc.name): \(database.flows[ex.flowID]?.name ?? s.flow)", kgCO2e: r.total, share: share(r.total)))
            }
            return scenarioRows
        }

        /// Inventory completeness and data quality within the supply chain.
        func chainQuality(contributions: [(column: Int, kgCO2e: Double)]) -> ChainQuality {
            var q = ChainQuality(chain: calc.reachable(from: column))
            for u in model.unlinked {
                if let c = model.column(ofProcess: u.processID), q.chain.contains(c) { q.cut[u.flowName, default: 0] += 1; q.cutCount += 1 }
            }
            for c in q.chain {
                let p = database.processes[model.columns[c].processIndex]
                q.exchanges += p.exchanges.count
                q.exchangesWithUncertainty += p.exchanges.filter { $0.uncertainty != nil }.count
            }
            for (c, _) in contributions.prefix(5) {
                let p = database.processes[model.columns[c].processIndex]
                var d = p.documentation.filter { ["time", "geography", "technology", "sources", "validFrom", "validUntil"].contains($0.key) }
                if let l = p.location { d["location"] = l }
                q.documentation[p.name] = d
            }
            return q
        }
    }

    /// The upstream tree of `column` supplying `product` units, with branches below `cutoff` (kg CO2e) hidden.
    public static func buildTree(
        model: TechnosphereModel, column j: Int, product q: Double, cB: [Double], m: [Double], cutoff: Double, depth: Int, maxDepth: Int,
        path: Set<Int>
    ) -> SupplyChainNode {
        let A = model.A
        let diag = A[j, j]
        let activity = diag != 0 ? q / diag : 0
        var children: [SupplyChainNode] = []
        if depth < maxDepth && !path.contains(j) {
            var next = path
            next.insert(j)
            var inputs: [(Int, Double)] = []
            for k in Int(A.columnPointers[j])..<Int(A.columnPointers[j + 1]) {
                let i = Int(A.rowIndices[k])
                if i == j { continue }
                let qi = -A.values[k] * activity
                if abs(m[i] * qi) >= cutoff && cutoff > 0 { inputs.append((i, qi)) }
            }
            inputs.sort { abs(m[$0.0] * $0.1) > abs(m[$1.0] * $1.1) }
            children = inputs.prefix(8).map {
                buildTree(model: model, column: $0.0, product: $0.1, cB: cB, m: m, cutoff: cutoff, depth: depth + 1, maxDepth: maxDepth, path: next)
            }
        }
        let c = model.columns[j]
        return SupplyChainNode(
            processID: c.processID, processName: c.processName, amount: q, unit: c.unit, upstreamKgCO2e: m[j] * q, directKgCO2e: cB[j] * activity,
            children: children)
    }
}

extension LCACalculator {
    /// c·B[:, j] for every column: direct kg CO2e per unit activity.
    public func directImpactPerActivity(_ method: ClimateMethod) throws -> [Double] {
        let c = characterization(method)
        return bColumns.map { $0.reduce(0) { $0 + c[$1.0] * $1.1 } }
    }

    /// Upstream-inclusive kg CO2e per unit of each column's product: m = (c·B)·A⁻¹ (solve Aᵀ mᵀ = (c·B)ᵀ).
    public func upstreamPerProduct(_ direct: [Double]) throws -> [Double] {
        try solveTransposed(direct)
    }
}
