import Foundation
import YuhengLCA

/// What an LCI import read, converted, kept as it was and could not use.
///
/// Every reader (``OpenLCAReader``, ``EcoSpold2Reader``, ``LCICSVReader``, ``BrightwayCSVReader``) returns
/// one next to the ``LCIDatabase``. Nothing is dropped silently: an exchange that cannot be used
/// (its flow is missing, its unit is not in its unit group) is left out of the database and listed
/// here with its name, and a strict import stops at it instead.
///
/// ```swift
/// let (db, report) = try OpenLCAReader.read(path: "uslci.zip")
/// print(report)                       // counts and issues, one per line
/// report.flows(.elementary)           // 2918
/// report.unknownUnits.map(\.name)     // []
/// ```
public struct LCIImportReport: Sendable, Hashable, Codable, CustomStringConvertible {
    /// One kind of problem (a unit, a flow, a process), how often it occurred and where.
    public struct Issue: Sendable, Hashable, Codable {
        /// What is unknown or missing, e.g. the unit name or "flow name (flow id)".
        public var name: String
        /// How many exchanges (or processes) are affected.
        public var count: Int
        /// Where it occurred: up to five process names (or files), then "…".
        public var detail: String

        /// An issue with what it names, how often it occurred and where.
        public init(name: String, count: Int, detail: String = "") {
            self.name = name
            self.count = count
            self.detail = detail
        }
    }

    /// An exchange that carries a formula; the stored amount is used as it is.
    public struct Formula: Sendable, Hashable, Codable {
        /// Name of the process whose exchange carries the formula.
        public var process: String
        /// Name of the exchange's flow (its id when the flow is unknown).
        public var flow: String
        /// The formula as written in the source (not evaluated).
        public var formula: String
        /// The stored amount, in the exchange's unit, which is what the database uses.
        public var amount: Double

        /// A formula record (memberwise).
        public init(process: String, flow: String, formula: String, amount: Double) {
            self.process = process
            self.flow = flow
            self.formula = formula
            self.amount = amount
        }
    }

    /// The file or folder read.
    public var source: String
    /// "openLCA JSON-LD", "EcoSpold2", "Yuheng LCI CSV", "Brightway CSV".
    public var format: String
    /// Processes in the database.
    public var processes = 0
    /// Flows in the database (elementary, product and waste).
    public var flows = 0
    /// Flows by type (`elementary`, `product`, `waste`).
    public var flowsByType: [String: Int] = [:]
    /// Exchanges kept in the database.
    public var exchanges = 0
    /// Exchanges with the environment (emissions and resources).
    public var elementaryExchanges = 0
    /// Exchanges whose amount changes when expressed in the reference unit of the flow's reference
    /// property (unit factor / property factor ≠ 1), e.g. kWh → MJ.
    public var convertedExchanges = 0
    /// Exchanges given in a flow property other than the flow's reference property.
    public var nonReferencePropertyExchanges = 0
    /// Processes with more than one product output.
    public var multiOutputProcesses = 0
    /// Product inputs (exchanges to be linked to a provider).
    public var productInputs = 0
    /// Waste outputs (exchanges to be linked to a treatment process).
    public var wasteOutputs = 0
    /// Waste inputs (the treated waste of treatment processes).
    public var wasteInputs = 0
    /// Exchanges flagged as avoided products (credited, entered with the opposite sign).
    public var avoidedProducts = 0
    /// Exchanges that name their provider process.
    public var defaultProviders = 0
    /// Processes that declare parameters (kept, not re-evaluated).
    public var processesWithParameters = 0
    /// Processes that carry their own allocation factors.
    public var processesWithAllocationFactors = 0
    /// Units not found in the unit group of the exchange's flow property (or not known at all);
    /// those exchanges are not in the database.
    public var unknownUnits: [Issue] = []
    /// Exchanges whose flow is not in the data; those exchanges are not in the database.
    public var missingFlows: [Issue] = []
    /// Other missing references (flow properties, unit groups) that made exchanges or flows unusable.
    public var missingReferences: [Issue] = []
    /// Processes without a quantitative reference (kept, but they cannot be linked or solved).
    public var processesWithoutReference: [Issue] = []
    /// Datasets rejected on their own, with the reasons (the others were imported; a calculation
    /// that needs one names it).
    public var rejected: [LCIRejectedProcess] = []
    /// Exchanges with a formula (not re-evaluated; the stored amount is used).
    public var formulas: [Formula] = []
    /// Anything else worth knowing (duplicate unit names, unusual values, …).
    public var warnings: [String] = []

    /// An empty report for `source` read as `format`; the reader fills it in.
    public init(source: String, format: String) {
        self.source = source
        self.format = format
    }

    /// The counts of an existing database (flows by type, exchanges, conversions, multi-output
    /// processes, …) and its formulas, e.g. for a database loaded from the store or the bundle.
    public init(counting db: LCIDatabase, source: String, format: String = "LCIDatabase") {
        self.init(source: source, format: format)
        count(db)
        rejected = db.rejected
        for p in db.processes {
            for e in p.exchanges {
                if let f = e.formula {
                    formulas.append(Formula(process: p.name, flow: db.flows[e.flowID]?.name ?? e.flowID, formula: f, amount: e.amount))
                }
            }
            if !p.exchanges.contains(where: \.isQuantitativeReference) {
                processesWithoutReference.append(Issue(name: "\(p.name) (\(p.id))", count: 1))
            }
        }
    }

    /// The number of flows of one type.
    public func flows(_ type: LCIFlowType) -> Int { flowsByType[type.rawValue] ?? 0 }

    /// True when nothing was left out (no unknown units, missing flows or references, and every
    /// process has a quantitative reference).
    public var isClean: Bool {
        unknownUnits.isEmpty && missingFlows.isEmpty && missingReferences.isEmpty && processesWithoutReference.isEmpty && rejected.isEmpty
    }

    /// The report as text: the counts, then every issue with its count and where it occurred, one per line.
    public var description: String {
        var lines: [String] = []
        lines.append("\(format) import of \(source)")
        let types = ["elementary", "product", "waste"].map { "\(flowsByType[$0] ?? 0) \($0)" }.joined(separator: ", ")
        lines.append("  processes: \(processes)")
        lines.append("  flows: \(flows) (\(types))")
        lines.append("  exchanges: \(exchanges) (\(elementaryExchanges) elementary)")
        lines.append("  exchanges converted from a non-reference unit: \(convertedExchanges)")
        lines.append("  exchanges in a non-reference flow property: \(nonReferencePropertyExchanges)")
        lines.append("  multi-output processes: \(multiOutputProcesses)")
        lines.append("  product inputs: \(productInputs)")
        lines.append("  waste outputs: \(wasteOutputs), waste inputs: \(wasteInputs)")
        lines.append("  avoided products: \(avoidedProducts)")
        lines.append("  default providers: \(defaultProviders)")
        lines.append("  processes with parameters: \(processesWithParameters), with allocation factors: \(processesWithAllocationFactors)")
        lines.append("  formulas kept as stored (not evaluated): \(formulas.count)")
        for f in formulas.prefix(5) { lines.append("    - \(f.process): \(f.flow) = \(f.formula) (stored amount \(f.amount))") }
        if formulas.count > 5 { lines.append("    … \(formulas.count - 5) more") }
        func list(_ title: String, _ items: [Issue]) {
            lines.append("  \(title): \(items.count)\(items.isEmpty ? "" : " (\(items.reduce(0) { $0 + $1.count }) occurrences)")")
            for i in items.prefix(20) {
                lines.append("    - \(i.name) ×\(i.count)\(i.detail.isEmpty ? "" : " in \(i.detail)")")
            }
            if items.count > 20 { lines.append("    … \(items.count - 20) more") }
        }
        list("unknown units", unknownUnits)
        list("exchanges referencing missing flows", missingFlows)
        list("other missing references", missingReferences)
        list("processes without a quantitative reference", processesWithoutReference)
        lines.append("  rejected datasets: \(rejected.count)")
        for r in rejected.prefix(20) { lines.append("    - \(r.name) (\(r.source)): \(r.reasons.joined(separator: "; "))") }
        if rejected.count > 20 { lines.append("    … \(rejected.count - 20) more") }
        if !warnings.isEmpty {
            lines.append("  warnings: \(warnings.count)")
            for w in warnings.prefix(20) { lines.append("    - \(w)") }
            if warnings.count > 20 { lines.append("    … \(warnings.count - 20) more") }
        }
        return lines.joined(separator: "\n")
    }
}

/// Collects issues by name while reading, then turns them into sorted ``LCIImportReport/Issue``s.
struct IssueCollector {
    private var counts: [String: Int] = [:]
    private var places: [String: [String]] = [:]
    private var order: [String] = []

    var isEmpty: Bool { counts.isEmpty }

    mutating func add(_ name: String, at place: String) {
        if counts[name] == nil { order.append(name) }
        counts[name, default: 0] += 1
        var p = places[name, default: []]
        if p.count < 6, !p.contains(place) { p.append(place) }
        places[name] = p
    }

    var issues: [LCIImportReport.Issue] {
        order.sorted().map { name in
            let p = places[name] ?? []
            let shown = p.prefix(5).joined(separator: "; ") + (p.count > 5 ? "; …" : "")
            return LCIImportReport.Issue(name: name, count: counts[name] ?? 0, detail: shown)
        }
    }
}

extension LCIImportReport {
    /// Fills the counts that follow from the database itself (flows by type, exchanges, multi-output
    /// processes, product inputs, waste outputs, …). Readers call it once at the end.
    mutating func count(_ db: LCIDatabase) {
        processes = db.processes.count
        flows = db.flows.count
        flowsByType = [:]
        for f in db.flows.values { flowsByType[f.type.rawValue, default: 0] += 1 }
        exchanges = 0; elementaryExchanges = 0; convertedExchanges = 0; nonReferencePropertyExchanges = 0
        multiOutputProcesses = 0; productInputs = 0; wasteOutputs = 0; wasteInputs = 0; avoidedProducts = 0; defaultProviders = 0
        processesWithParameters = 0; processesWithAllocationFactors = 0
        for p in db.processes {
            var productOutputs = 0
            for e in p.exchanges {
                exchanges += 1
                guard let flow = db.flows[e.flowID] else { continue }
                switch (flow.type, e.isInput) {
                case (.elementary, _): elementaryExchanges += 1
                case (.product, true): productInputs += 1
                case (.product, false): productOutputs += 1
                case (.waste, true): wasteInputs += 1
                case (.waste, false): wasteOutputs += 1
                }
                if e.isAvoidedProduct { avoidedProducts += 1 }
                if e.defaultProviderID != nil { defaultProviders += 1 }
                if e.propertyID != flow.referencePropertyID { nonReferencePropertyExchanges += 1 }
                if let factor = LCIUnitConversion.factor(e, flow: flow, in: db), factor != 1 { convertedExchanges += 1 }
            }
            if productOutputs > 1 { multiOutputProcesses += 1 }
            if !p.parameters.isEmpty { processesWithParameters += 1 }
            if !p.allocationFactors.isEmpty { processesWithAllocationFactors += 1 }
        }
    }
}

/// openLCA unit semantics: `amount_ref = amount × unit factor / F`.
public enum LCIUnitConversion {
    /// The factor that converts an exchange's stored amount into the reference unit of its flow's
    /// reference property (`unit.conversionFactor / F`), or nil when the unit or property is unknown.
    public static func factor(_ e: LCIExchange, flow: LCIFlow, in db: LCIDatabase) -> Double? {
        guard let property = db.flowProperties[e.propertyID], let group = db.unitGroups[property.unitGroupID],
            let unitFactor = group.units[e.unit], let f = flow.propertyFactors[e.propertyID], f != 0
        else { return nil }
        return unitFactor / f
    }

    /// The reference unit of a flow's reference property (the unit results are expressed per), if known.
    public static func referenceUnit(of flow: LCIFlow, in db: LCIDatabase) -> String? {
        guard let property = db.flowProperties[flow.referencePropertyID], let group = db.unitGroups[property.unitGroupID] else { return nil }
        return group.referenceUnit
    }
}
