import YuhengCore
import YuhengNumerics

extension TechnosphereModel {
    /// The product columns of a database: one per process with a quantitative reference, or one
    /// per product of a multi-output process split by allocation.
    struct ColumnLayout {
        /// The columns, in order.
        var columns: [ProductColumn] = []
        /// The column indices of each process, in the order of the database's processes (empty for one left out).
        var processColumns: [[Int]] = []
        /// Processes with more than one product output.
        var multi = 0
        /// Multi-output processes split by allocation factors.
        var allocated = 0

        /// Lays out the columns; a process without a quantitative reference is appended to `rejected`.
        init(_ db: LCIDatabase, allocation: AllocationPolicy, rejected: inout [LCIRejectedProcess]) throws {
            for (pi, p) in db.processes.enumerated() {
                guard let ref = p.referenceExchange else {
                    let outputs = p.exchanges.filter { !$0.isInput && db.flows[$0.flowID]?.type != .elementary }.map(\.flowID)
                    rejected.append(
                        LCIRejectedProcess(
                            id: p.id, name: p.name, source: db.name, reasons: ["the process has no quantitative reference (reference product)"],
                            products: outputs))
                    processColumns.append([])
                    continue
                }
                processColumns.append(try addColumns(of: p, index: pi, reference: ref, db: db, allocation: allocation))
            }
        }

        /// Adds the columns of one process and returns their indices.
        mutating func addColumns(of p: LCIProcess, index pi: Int, reference ref: LCIExchange, db: LCIDatabase, allocation: AllocationPolicy)
            throws -> [Int]
        {
            let refAmount = try TechnosphereModel.referenceAmount(ref, db: db, process: p)
            let refFlow = db.flows[ref.flowID]!
            let productOutputs = p.exchanges.filter { !$0.isInput && !$0.isAvoidedProduct && db.flows[$0.flowID]?.type == .product }
            if productOutputs.count > 1 { multi += 1 }
            let method = TechnosphereModel.method(for: p, policy: allocation)
            let factors = p.allocationFactors.filter { $0.method == method && $0.exchangeFlowID == nil }
            let usable =
                method != .none && productOutputs.count > 1 && method != .causal
                && productOutputs.allSatisfy { o in factors.contains { $0.productID == o.flowID } }
                && abs(factors.reduce(0) { $0 + $1.value } - 1) < 1e-6 && factors.allSatisfy { $0.value >= 0 }
            let causalUsable =
                method == .causal && productOutputs.count > 1
                && productOutputs.allSatisfy { o in p.allocationFactors.contains { $0.method == .causal && $0.productID == o.flowID } }
            var mine: [Int] = []
            if usable || causalUsable {
                allocated += 1
                for o in productOutputs {
                    let share = usable ? factors.first { $0.productID == o.flowID }!.value : 1
                    let amt = try TechnosphereModel.referenceAmount(o, db: db, process: p)
                    mine.append(columns.count)
                    var column = ProductColumn(
                        processIndex: pi, processID: p.id, processName: p.name, productFlowID: o.flowID, share: share,
                        referenceAmount: amt, unit: TechnosphereModel.referenceUnit(of: db.flows[o.flowID]!, db: db), isWasteTreatment: false)
                    try TechnosphereModel.setProcessUnit(&column, o, db: db, process: p)
                    columns.append(column)
                }
            } else {
                mine.append(columns.count)
                var column = ProductColumn(
                    processIndex: pi, processID: p.id, processName: p.name, productFlowID: ref.flowID, share: 1,
                    referenceAmount: ref.isInput ? -refAmount : refAmount, unit: TechnosphereModel.referenceUnit(of: refFlow, db: db),
                    isWasteTreatment: ref.isInput && refFlow.type == .waste)
                try TechnosphereModel.setProcessUnit(&column, ref, db: db, process: p)
                columns.append(column)
            }
            return mine
        }
    }

    /// Links the exchanges of each process to its providers (or waste treatments) and collects the
    /// triplets of A and B with what linking found.
    struct Linker {
        /// The product columns.
        let columns: [ProductColumn]
        /// The allocation policy the columns were laid out with.
        let allocation: AllocationPolicy
        /// Product flow → the columns producing it.
        var providers: [String: [Int]] = [:]
        /// Elementary flow id → its row of B.
        var elemIndex: [String: Int] = [:]
        /// Rejected processes by the products they would have provided, and by id.
        let rejectedByProduct: [String: LCIRejectedProcess], rejectedByID: [String: LCIRejectedProcess]
        /// Triplets (row, column, value) of A and of B.
        var aT: [(Int, Int, Double)] = [], bT: [(Int, Int, Double)] = []
        /// Inputs cut off, with the reason.
        var unlinked: [UnlinkedExchange] = []
        /// Flow name → its providers, for inputs cut off as ambiguous.
        var ambiguous: [String: [String]] = [:]
        /// Inputs linked, and avoided products entered as credits.
        var linked = 0, avoided = 0

        /// A linker over `columns`, with B's rows in the order of `elementary`.
        init(columns: [ProductColumn], elementary: [LCIFlow], rejected: [LCIRejectedProcess], allocation: AllocationPolicy) {
            self.columns = columns
            self.allocation = allocation
            for (j, c) in columns.enumerated() { providers[c.productFlowID, default: []].append(j) }
            for (i, f) in elementary.enumerated() { elemIndex[f.id] = i }
            rejectedByProduct = Dictionary(rejected.flatMap { r in r.products.map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
            rejectedByID = Dictionary(rejected.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        }

        /// Enters every exchange of process `p` into its columns `cols`.
        mutating func link(_ p: LCIProcess, columns cols: [Int], db: LCIDatabase, overrides: [String: ExchangeOverride]) throws {
            for (k, ex) in p.exchanges.enumerated() {
                guard let flow = db.flows[ex.flowID] else {
                    throw LCAError(
                        .missingEntity, "exchange \(k) refers to flow \(ex.flowID), which is not in the database", dataset: db.name,
                        entity: "process \(p.name) (\(p.id))")
                }
                var amount = try TechnosphereModel.convert(ex, flow: flow, db: db, process: p)
                if let o = overrides["\(p.id)|\(ex.flowID)"] { amount = o.apply(amount) }
                for j in cols {
                    let col = columns[j]
                    let isOwnProduct = !ex.isInput && !ex.isAvoidedProduct && flow.type == .product && ex.flowID == col.productFlowID
                    let isRef = ex.isQuantitativeReference && col.productFlowID == ex.flowID
                    if isOwnProduct || isRef {
                        aT.append((j, j, col.referenceAmount))
                        continue
                    }
                    // Co-products of an unallocated process, and of allocated ones (each has its own column), are not entered.
                    if !ex.isInput && !ex.isAvoidedProduct && flow.type == .product { continue }
                    let share = TechnosphereModel.share(for: ex, column: col, process: p, policy: allocation)
                    let a = amount * share
                    switch flow.type {
                    case .elementary:
                        bT.append((elemIndex[flow.id]!, j, ex.isInput ? -a : a))
                    case .product, .waste:
                        linkTechnosphere(ex, flow: flow, amount: a, column: j, process: p, first: j == cols[0])
                    }
                }
            }
        }

        /// Enters a product or waste exchange (amount `a`, already allocated) in the row of its
        /// provider, or cuts it off with the reason; `first` counts it once per process.
        mutating func linkTechnosphere(_ ex: LCIExchange, flow: LCIFlow, amount a: Double, column j: Int, process p: LCIProcess, first: Bool) {
            let isWasteOut = flow.type == .waste && !ex.isInput
            let isProductIn = flow.type == .product && ex.isInput
            let isAvoided = ex.isAvoidedProduct
            guard isWasteOut || isProductIn || isAvoided || (flow.type == .waste && ex.isInput) else { return }
            // Find the provider (or the treatment process for waste).
            var candidates: [Int]
            if isWasteOut {
                candidates = (providers[flow.id] ?? []).filter { columns[$0].isWasteTreatment }
            } else {
                candidates = (providers[flow.id] ?? []).filter { !columns[$0].isWasteTreatment }
            }
            if let dp = ex.defaultProviderID, let c = candidates.first(where: { columns[$0].processID == dp }) {
                candidates = [c]
            }
            guard candidates.count == 1 else {
                var reason = candidates.isEmpty ? "no provider" : "ambiguous (\(candidates.count) providers)"
                if candidates.isEmpty, let r = ex.defaultProviderID.flatMap({ rejectedByID[$0] }) ?? rejectedByProduct[flow.id] {
                    reason = "no provider: its provider '\(r.name)' (\(r.id)) was rejected: \(r.reasons.joined(separator: "; "))"
                }
                if candidates.count > 1 { ambiguous[flow.name] = candidates.map { columns[$0].processName } }
                if first {
                    unlinked.append(UnlinkedExchange(processID: p.id, processName: p.name, flowID: flow.id, flowName: flow.name, reason: reason))
                }
                return
            }
            let row = candidates[0]
            if first { linked += 1 }
            if isAvoided {
                if first { avoided += 1 }
                aT.append((row, j, a))
            } else if isWasteOut {
                aT.append((row, j, a))
            } else {
                aT.append((row, j, -a))
            }
        }
    }
}
