import YuhengCore
import YuhengNumerics

/// How multi-output processes are handled.
public enum AllocationPolicy: String, Sendable, Codable, CaseIterable {
    /// The process's own default method and factors where it has usable ones; otherwise no allocation.
    case processDefault = "default"
    /// No allocation: each process column carries all burdens for its quantitative reference;
    /// co-products are cut off (the US LCI reference rules).
    case none
    case physical, economic, causal
}

/// An input that could not be linked to a provider (cut off), with the reason.
public struct UnlinkedExchange: Sendable, Hashable, Codable {
    /// Id of the process with the cut-off input.
    public var processID: String
    /// Display name of that process.
    public var processName: String
    /// Id of the input flow.
    public var flowID: String
    /// Display name of the input flow.
    public var flowName: String
    /// Why it was cut off, e.g. "no provider" or "ambiguous (3 providers)".
    public var reason: String
}

/// A column of the technosphere: a process producing one product (several columns for a
/// process split by allocation).
public struct ProductColumn: Sendable, Hashable, Codable {
    /// Index of the process in the database's `processes`.
    public var processIndex: Int
    /// Id of the process.
    public var processID: String
    /// Display name of the process.
    public var processName: String
    /// Id of the product (or waste) flow of the column.
    public var productFlowID: String
    /// Share of the process's inputs and emissions carried by this column (1 without allocation).
    public var share: Double
    /// Amount of the product the column's activity level 1 produces, in reference units (the diagonal).
    public var referenceAmount: Double
    /// The reference unit of the product flow's reference property (the unit of its row, e.g. MJ).
    public var unit: String
    /// True when the column treats a waste (its reference flow is a waste input).
    public var isWasteTreatment: Bool
    /// The unit the process itself states its reference product in (e.g. kWh), and how many
    /// ``unit`` one of it is (3.6 for kWh → MJ); nil when the process states it in ``unit``.
    public var processUnit: String?
    /// How many ``unit`` one ``processUnit`` is (3.6 for kWh → MJ); nil with ``processUnit``.
    public var processUnitFactor: Double?
}

/// What a functional unit's amount is counted in.
public enum ResultBasis: String, Sendable, Codable, CaseIterable {
    /// The unit the process states its reference product in (1 kWh for a process defined per kWh): the default.
    case processUnit = "process-unit"
    /// The reference unit of the product flow's reference property (MJ for electricity in a
    /// database whose energy unit group has MJ as reference): how the matrices are built.
    case referenceUnit = "reference-unit"
}

/// The matrices of a life cycle inventory: technosphere A (products × columns), biosphere B
/// (elementary flows × columns), and what linking found.
///
/// Conventions (the US LCI reference rules, `USLCI_RULES.md`): the quantitative reference output
/// is +amount on the diagonal; a linked product input is −amount in its provider's row; an avoided
/// product is +amount in its provider's row (a credit); a waste output links to its treatment
/// process as +amount, whose diagonal is −amount; elementary outputs are +amount in B, inputs
/// (resources) −amount; several exchanges of the same cell are summed. Amounts are converted to
/// the reference unit of the flow's reference property: amount × unit factor / F.
public struct TechnosphereModel: Sendable {
    /// Name of the database the model was built from.
    public var database: String
    /// One column per product of each process (several for a process split by allocation).
    public var columns: [ProductColumn]
    /// The elementary flows, the row order of B.
    public var elementaryFlows: [LCIFlow]
    /// Technosphere matrix, products × columns, in reference units; the diagonal holds the reference amounts.
    public var A: SparseMatrix
    /// Biosphere matrix, elementary flows × columns (emissions positive, resources negative).
    public var B: SparseMatrix
    /// Inputs cut off (no provider or several), with the reason.
    public var unlinked: [UnlinkedExchange]
    /// Number of inputs linked to a provider.
    public var linkedCount: Int
    /// Flow name → the providers it could come from, for inputs cut off as ambiguous.
    public var ambiguousFlows: [String: [String]]
    /// Processes with more than one product output.
    public var multiOutputProcesses: Int
    /// Multi-output processes split by allocation factors.
    public var allocatedProcesses: Int
    /// Avoided products (system expansion), entered as credits (+amount) in their provider's row.
    public var avoidedProducts: Int
    /// The allocation policy the model was built with.
    public var allocation: AllocationPolicy
    /// Dataset, version and licence of the database, when known.
    public var provenance: Provenance?
    /// Datasets left out of the matrices: those the import rejected and processes without a
    /// quantitative reference. Inputs they would have provided are cut off with a reason naming them.
    public var rejected: [LCIRejectedProcess] = []

    /// Column index of a process (its reference-product column, or its first column).
    public func column(ofProcess id: String) -> Int? { columns.firstIndex { $0.processID == id } }

    /// Builds the model. A process without a quantitative reference is left out (listed in
    /// ``rejected``, with the datasets the import rejected); inputs it would provide are cut off
    /// with a reason that names it. Throws ``LCAError`` for unknown units or missing flows (naming
    /// the process and flow).
    public init(_ db: LCIDatabase, allocation: AllocationPolicy = .processDefault, overrides: [ExchangeOverride] = []) throws {
        database = db.name
        provenance = db.provenance
        self.allocation = allocation
        var rejected = db.rejected
        // 1. Columns.
        let layout = try ColumnLayout(db, allocation: allocation, rejected: &rejected)
        // 2. Providers and links.
        let elementary = db.flows.values.filter { $0.type == .elementary }.sorted { $0.id < $1.id }
        let overrideMap = Dictionary(overrides.map { ("\($0.processID)|\($0.flowID)", $0) }, uniquingKeysWith: { _, b in b })
        var linker = Linker(columns: layout.columns, elementary: elementary, rejected: rejected, allocation: allocation)
        for (pi, p) in db.processes.enumerated() {
            let cols = layout.processColumns[pi]
            guard !cols.isEmpty else { continue }
            try linker.link(p, columns: cols, db: db, overrides: overrideMap)
        }
        self.columns = layout.columns
        self.elementaryFlows = elementary
        self.A = try SparseMatrix(rows: layout.columns.count, columns: layout.columns.count, triplets: linker.aT)
        self.B = try SparseMatrix(rows: elementary.count, columns: layout.columns.count, triplets: linker.bT)
        self.unlinked = linker.unlinked
        self.linkedCount = linker.linked
        self.ambiguousFlows = linker.ambiguous
        self.multiOutputProcesses = layout.multi
        self.allocatedProcesses = layout.allocated
        self.avoidedProducts = linker.avoided
        self.rejected = rejected.sorted { $0.id < $1.id }
    }

    static func method(for p: LCIProcess, policy: AllocationPolicy) -> AllocationMethod {
        switch policy {
        case .none: return .none
        case .processDefault: return p.defaultAllocation ?? .none
        case .physical: return .physical
        case .economic: return .economic
        case .causal: return .causal
        }
    }

    static func share(for ex: LCIExchange, column: ProductColumn, process p: LCIProcess, policy: AllocationPolicy) -> Double {
        guard column.share != 1 || method(for: p, policy: policy) == .causal else { return column.share }
        if method(for: p, policy: policy) == .causal,
            let f = p.allocationFactors.first(where: {
                $0.method == .causal && $0.productID == column.productFlowID && $0.exchangeFlowID == ex.flowID
            })
        {
            return f.value
        }
        return column.share
    }

    /// Records the unit the process states `ex` (its reference product) in, when it is not the row's unit.
    static func setProcessUnit(_ column: inout ProductColumn, _ ex: LCIExchange, db: LCIDatabase, process p: LCIProcess) throws {
        guard let flow = db.flows[ex.flowID] else { return }
        var one = ex
        one.amount = 1
        let factor = try convert(one, flow: flow, db: db, process: p)
        if ex.unit != column.unit || factor != 1 {
            column.processUnit = ex.unit
            column.processUnitFactor = factor
        }
    }

    /// The demand entry (in the row's reference unit, negative for a waste treatment) for `amount`
    /// of the product of `column`, counted in `basis`.
    public func demand(column: Int, amount: Double, basis: ResultBasis = .processUnit) -> Double {
        let c = columns[column]
        let inRow = basis == .processUnit ? amount * (c.processUnitFactor ?? 1) : amount
        return c.isWasteTreatment ? -inRow : inRow
    }

    /// The unit an amount of `column`'s product is counted in under `basis`.
    public func unit(of column: Int, basis: ResultBasis = .processUnit) -> String {
        basis == .processUnit ? (columns[column].processUnit ?? columns[column].unit) : columns[column].unit
    }

    static func referenceUnit(of flow: LCIFlow, db: LCIDatabase) -> String {
        guard let prop = db.flowProperties[flow.referencePropertyID], let g = db.unitGroups[prop.unitGroupID] else { return "" }
        return g.referenceUnit
    }

    static func referenceAmount(_ ex: LCIExchange, db: LCIDatabase, process p: LCIProcess) throws -> Double {
        guard let flow = db.flows[ex.flowID] else {
            throw LCAError(
                .missingEntity, "the reference flow \(ex.flowID) is not in the database", dataset: db.name, entity: "process \(p.name) (\(p.id))")
        }
        return try convert(ex, flow: flow, db: db, process: p)
    }

    /// amount_ref = amount × (unit factor in its unit group) / F(flow, exchange property).
    public static func convert(_ ex: LCIExchange, flow: LCIFlow, db: LCIDatabase, process p: LCIProcess) throws -> Double {
        guard ex.amount.isFinite else {
            throw LCAError(
                .invalidAmount, "the amount of \(flow.name) is not a finite number", dataset: db.name, entity: "process \(p.name) (\(p.id))")
        }
        guard let prop = db.flowProperties[ex.propertyID], let group = db.unitGroups[prop.unitGroupID] else {
            throw LCAError(
                .missingEntity, "flow property \(ex.propertyID) of \(flow.name) or its unit group is missing", dataset: db.name,
                entity: "process \(p.name) (\(p.id))")
        }
        guard let uf = group.units[ex.unit] else {
            throw LCAError(
                .unknownUnit, "unit '\(ex.unit)' is not in unit group \(group.name) of \(flow.name)", dataset: db.name,
                entity: "process \(p.name) (\(p.id))",
                suggestion: "units of \(group.name): \(group.units.keys.sorted().joined(separator: ", "))")
        }
        guard let f = flow.propertyFactors[ex.propertyID], f != 0 else {
            throw LCAError(
                .unknownUnit, "flow \(flow.name) has no conversion factor for property \(prop.name)", dataset: db.name,
                entity: "process \(p.name) (\(p.id))")
        }
        return ex.amount * uf / f
    }
}

/// A scenario change of one exchange: set or scale an amount (e.g. use-phase electricity, transport distance).
public struct ExchangeOverride: Sendable, Hashable, Codable {
    /// Id of the process whose exchange changes.
    public var processID: String
    /// Id of the flow of the exchange.
    public var flowID: String
    /// New amount in the flow's reference unit, or nil to scale.
    public var amount: Double?
    /// Factor the exchange's amount is multiplied by, or nil to set `amount`.
    public var factor: Double?

    /// An override; give `amount` or `factor`.
    public init(processID: String, flowID: String, amount: Double? = nil, factor: Double? = nil) {
        self.processID = processID
        self.flowID = flowID
        self.amount = amount
        self.factor = factor
    }

    func apply(_ a: Double) -> Double {
        if let amount { return amount }
        return a * (factor ?? 1)
    }
}
