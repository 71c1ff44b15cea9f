import YuhengCore
import YuhengNumerics

/// A flow of embodied emissions from a producing region to a consuming region.
public struct BilateralFlow: Sendable, Hashable, Codable {
    /// Producing region, where the emissions occur.
    public var origin: String
    /// Consuming region, whose final demand causes them.
    public var destination: String
    /// Emissions embodied in the flow, in the stressor's unit.
    public var value: Double
}

/// Emissions embodied in trade for one stressor.
///
/// Two standard views (Peters 2008; Wiedmann 2009):
/// - **MRIO origin–destination** (`originDestination[r, c]`): emissions in region r caused by the
///   final demand of region c through all supply chains; off-diagonal row sums are exports
///   (D_exp_reg) and column sums imports (D_imp_reg).
/// - **EEBT** (emissions embodied in bilateral trade): region r's gross exports to c (intermediate
///   and final) times r's *domestic* multipliers s_r (I − A_rr)⁻¹; it does not follow
///   intermediate imports back to their origin and double-counts re-exported value chains by design.
public struct TradeTransfers: Sendable {
    /// The stressor the transfers are for, as spelled in the extension.
    public var stressor: String
    /// Unit of the stressor and of every flow, e.g. "kg".
    public var unit: String
    /// Region labels, the row and column order of the R × R matrices.
    public var regions: [String]
    /// R × R, [origin, consumer].
    public var originDestination: DenseMatrix
    /// n × R, [(origin region, sector), consumer].
    public var originSectorDestination: DenseMatrix
    /// R × R EEBT, [exporter, importer] (nil when A or Z was not available).
    public var eebt: DenseMatrix?

    /// Net transfer of each pair: flow c ← r minus flow r ← c, positive when `a` imports more
    /// emissions from `b` than it exports to it.
    public func netTransfer(_ a: Int, _ b: Int) -> Double {
        originDestination[b, a] - originDestination[a, b]
    }

    /// The largest off-diagonal flows (none for a count below 1).
    public func topFlows(_ count: Int, eebt useEEBT: Bool = false) -> [BilateralFlow] {
        guard count > 0 else { return [] }
        let m = useEEBT ? (eebt ?? originDestination) : originDestination
        var flows: [BilateralFlow] = []
        for r in regions.indices {
            for c in regions.indices where r != c {
                flows.append(BilateralFlow(origin: regions[r], destination: regions[c], value: m[r, c]))
            }
        }
        return Array(flows.sorted { $0.value > $1.value }.prefix(count))
    }

    /// Per region: imports embodied (column sum off-diagonal), exports embodied (row sum off-diagonal), net (imports − exports).
    public func balances() -> [(region: String, imports: Double, exports: Double, net: Double)] {
        regions.indices.map { r in
            var imp = 0.0, exp = 0.0
            for o in regions.indices where o != r { imp += originDestination[o, r]; exp += originDestination[r, o] }
            return (regions[r], imp, exp, imp - exp)
        }
    }
}

extension MRIOEngine {
    /// Bilateral transfers for one stressor of an extension. EEBT needs the model's A (build it with
    /// `keepA: true`) and is skipped otherwise.
    public static func transfers(_ accounts: MRIOAccounts, system: MRIOSystem, model: LeontiefModel, extension name: String, stressor: String) throws
        -> TradeTransfers
    {
        let ext = try accounts.extensionAccounts(name)
        guard let k = ext.stressors.firstIndex(where: { $0 == stressor || $0.lowercased() == stressor.lowercased() }) else {
            throw MRIOError(
                .unknownStressor, "no stressor '\(stressor)' in \(name)", suggestion: "available: \(ext.stressors.joined(separator: ", "))")
        }
        let n = system.n, R = system.regions.count, S = system.sectors.count
        let X = accounts.outputByDemand
        var bySector = DenseMatrix(rows: n, columns: R, repeating: 0)
        for i in 0..<n {
            let s = ext.S[k, i]
            if s == 0 { continue }
            for c in 0..<R { bySector[i, c] = s * X[i, c] }
        }
        var eebt: DenseMatrix? = nil
        if let A = model.A {
            var m = DenseMatrix(rows: R, columns: R, repeating: 0)
            let C = system.finalDemandCategories.count
            for r in 0..<R {
                // Domestic multipliers m_r = s_r (I − A_rr)⁻¹: solve (I − A_rr)ᵀ m = s_r.
                var block = DenseMatrix(rows: S, columns: S, repeating: 0)
                for j in 0..<S { for i in 0..<S { block[i, j] = (i == j ? 1 : 0) - A[r * S + i, r * S + j] } }
                let lu = try DenseLU(overwriting: block)
                let sr = (0..<S).map { ext.S[k, r * S + $0] }
                let mr = try lu.solve(sr, transpose: true)
                for c in 0..<R where c != r {
                    var total = 0.0
                    for i in 0..<S {
                        let row = r * S + i
                        // Gross exports r → c of product i: intermediate (A · x) and final demand.
                        var e = 0.0
                        for j in 0..<S { e += A[row, c * S + j] * model.x[c * S + j] }
                        for cat in 0..<C { e += system.Y[row, c * C + cat] }
                        total += mr[i] * e
                    }
                    m[r, c] = total
                }
            }
            eebt = m
        }
        return TradeTransfers(
            stressor: ext.stressors[k], unit: ext.units[k], regions: system.regions,
            originDestination: ext.originDestination[k], originSectorDestination: bySector, eebt: eebt)
    }
}
