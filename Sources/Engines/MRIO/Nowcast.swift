import Foundation
import YuhengCore
import YuhengNumerics

/// How final demand of a nowcast year is built from the base table (docs/ghg-series-method.md §2.1).
///
/// Every final-demand column of consuming region r is the base table's times r's GDP growth g_r
/// ("plain", α = 0). With α > 0 the origin shares of each product within each column of the
/// `shifted` categories move towards fast-growing suppliers: weights w_s = g_s^α, renormalised so
/// that the column's total per product still grows by exactly g_r. A (product, column) group with a
/// negative entry, and every other category (INVEN), keeps plain scaling.
public struct NowcastMethod: Sendable, Hashable, Codable {
    /// The origin-shift exponent: 1 for the kept method, 0 for the plain one.
    public var alpha: Double
    /// The final-demand categories whose origin shares are shifted.
    public var shifted: [String]

    /// A method; the default is the kept one, origin shift with α = 1 on household, NPISH, government and GFCF demand.
    public init(alpha: Double = 1, shifted: [String] = ["CONS_h", "CONS_np", "CONS_g", "GFCF"]) {
        self.alpha = alpha
        self.shifted = shifted
    }

    /// The kept method: origin shift with α = 1.
    public static let originShift = NowcastMethod()
    /// A fixed, final demand scaled by GDP only (α = 0).
    public static let plain = NowcastMethod(alpha: 0)

    /// "origin shift (α = 1)" or "plain (α = 0)".
    public var label: String { alpha == 0 ? "plain (α = 0)" : "origin shift (α = \(alpha == alpha.rounded() ? String(Int(alpha)) : String(alpha)))" }
}

/// A nowcast year: an input-output system built from a base table (its A and its import structure)
/// with final demand scaled to the target year and the target year's emissions, ready for every
/// account function of the engine (``MRIOEngine/accounts(_:model:options:)``, transfers, panorama).
public struct NowcastYear: Sendable {
    /// A (of the base table), x_t = L y_t (cells with x_t ≤ 0 set to 0), Y_t and the target year's
    /// extensions (with unallocated emissions in F_Y, see ``unallocated``).
    public var system: MRIOSystem
    /// The base table's factorisation, with x_t: no new LU.
    public var model: LeontiefModel
    /// x_t = L y_t as solved (may hold values ≤ 0 where scaled inventory changes dominate).
    public var output: [Double]
    /// Emissions of cells whose x_t ≤ 0: they cannot follow the supply chain and count as consumed
    /// where emitted (added to the region's first final-demand column of F_Y). Per extension and stressor: kt.
    public var unallocated: [Unallocated]
    /// Year of the base table the nowcast is built from.
    public var baseYear: Int?
    /// Target year the nowcast estimates.
    public var year: Int
    /// How final demand was scaled (plain or origin shift).
    public var method: NowcastMethod
    /// Method notes and warnings shown with the estimate.
    public var notes: [String]

    /// Emissions that could not be allocated along supply chains.
    public struct Unallocated: Sendable, Codable, Hashable {
        /// Name of the extension the emission belongs to.
        public var `extension`: String
        /// Stressor label of the emission.
        public var stressor: String
        /// "REGION:SECTOR" label of the cell whose x_t ≤ 0.
        public var cell: String
        /// The emission moved to F_Y, kt.
        public var amount: Double
    }
}

/// The nowcast engine (pure): final demand of a target year from GDP growth, x = L·y by a solve
/// with the base table's factors, and the target year's emissions on the base table's classification.
///
/// ```swift
/// let base = try LeontiefModel(table2011, keepA: true)
/// let y2020 = try NowcastEngine.nowcast(base: table2011, model: base, year: 2020, growth: g, extensions: emissions2020)
/// let (acc, _) = (try MRIOEngine.accounts(y2020.system, model: y2020.model), 0)
/// ```
public enum NowcastEngine {
    /// Final demand of the target year: Y_b scaled per consuming region by `growth`, with the origin
    /// shift of `method` (growth per region, in the table's region order).
    public static func scaledFinalDemand(
        _ Y: DenseMatrix, growth g: [Double], method: NowcastMethod, regions R: Int, sectors S: Int,
        categories: [String]
    ) throws -> DenseMatrix {
        let C = categories.count
        guard g.count == R, Y.rows == R * S, Y.columns == R * C else {
            throw MRIOError(
                .shape,
                "final demand is \(Y.rows) × \(Y.columns) and there are \(g.count) growth factors for \(R) regions × \(S) sectors × \(C) categories")
        }
        if let bad = g.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
            throw MRIOError(
                .invalidArgument, "the GDP growth factor of region \(bad + 1) is \(g[bad])", suggestion: "growth factors must be finite and positive")
        }
        var out = Y
        for c in 0..<(R * C) { for i in 0..<(R * S) { out[i, c] = Y[i, c] * g[c / C] } }
        guard method.alpha != 0 else { return out }
        let w = g.map { method.alpha == 1 ? $0 : pow($0, method.alpha) }
        let shiftedCols = (0..<R).flatMap { r in method.shifted.compactMap { categories.firstIndex(of: $0) }.map { r * C + $0 } }
        for col in shiftedCols {
            for p in 0..<S {
                var tot = 0.0, wsum = 0.0, negative = false
                for s in 0..<R {
                    let v = out[s * S + p, col]
                    tot += v
                    wsum += v * w[s]
                    if v < 0 { negative = true }
                }
                guard !negative, wsum > 0 else { continue }
                let f = tot / wsum
                for s in 0..<R { out[s * S + p, col] = out[s * S + p, col] * w[s] * f }
            }
        }
        return out
    }

    /// The nowcast of `year` from a base table: final demand scaled by `growth` (per region) with
    /// `method`, x_t = L y_t (one solve with the base factors), and `extensions` (the target year's F
    /// and F_Y on the base table's classification). `model` must be the base table's, with A kept.
    public static func nowcast(
        base: MRIOSystem, model: LeontiefModel, year: Int, growth: [Double], method: NowcastMethod = .originShift,
        extensions: [MRIOExtension]
    ) throws -> NowcastYear {
        guard let A = model.A else {
            throw MRIOError(
                .missingData, "the base table's model kept no technical coefficients", suggestion: "build the base model with keepA: true")
        }
        guard model.n == base.n else { throw MRIOError(.shape, "the base model has \(model.n) region-sectors, the table \(base.n)") }
        let R = base.regions.count, S = base.sectors.count
        let Yt = try scaledFinalDemand(base.Y, growth: growth, method: method, regions: R, sectors: S, categories: base.finalDemandCategories)
        let xt = try model.leontief(Yt.rowSums)
        let (exts, moved) = try moveUnallocated(extensions, x: xt, system: base)
        let x = xt.map { $0 > 0 ? $0 : 0 }
        for e in exts where e.F.columns != base.n {
            throw MRIOError(.shape, "the \(year) extension \(e.name) has \(e.F.columns) columns; the base table has \(base.n) region-sectors")
        }
        let system = try MRIOSystem(
            name: "\(base.name) nowcast \(year)", regions: base.regions, sectors: base.sectors,
            finalDemandCategories: base.finalDemandCategories, A: A, x: x, Y: Yt, extensions: exts,
            monetaryUnit: base.monetaryUnit, population: nil, provenance: base.provenance, year: year)
        let unallocated = moved.sorted { $0.amount > $1.amount }
        var notes = [
            "nowcast of \(year) from the \(base.year.map(String.init) ?? base.name) table: technical coefficients and the import structure of intermediate use from the base table; final demand scaled by GDP growth, \(method.label); x = L·y solved with the base table's LU; the \(year) emissions by sector and gas"
        ]
        if !unallocated.isEmpty {
            notes.append(
                "\(unallocated.count) cell(s) have nowcast output ≤ 0 (\(unallocated.prefix(5).map(\.cell).joined(separator: ", "))): their emissions count as consumed where emitted (unallocated)"
            )
        }
        return NowcastYear(
            system: system, model: LeontiefModel(sameFactorsAs: model, x: x), output: xt, unallocated: unallocated,
            baseYear: base.year, year: year, method: method, notes: notes)
    }

    /// Moves the emissions of cells with x ≤ 0 into F_Y (the region's first final-demand column).
    static func moveUnallocated(_ exts: [MRIOExtension], x: [Double], system: MRIOSystem) throws -> ([MRIOExtension], [NowcastYear.Unallocated]) {
        let C = system.finalDemandCategories.count, S = system.sectors.count
        var out: [MRIOExtension] = [], moved: [NowcastYear.Unallocated] = []
        for var e in exts {
            guard e.F.columns == x.count else {
                throw MRIOError(.shape, "extension \(e.name): F has \(e.F.columns) columns, the table \(x.count) region-sectors")
            }
            var fy = e.FY ?? DenseMatrix(rows: e.stressors.count, columns: system.regions.count * C, repeating: 0)
            for j in x.indices where x[j] <= 0 {
                for k in 0..<e.stressors.count where e.F[k, j] != 0 {
                    moved.append(.init(extension: e.name, stressor: e.stressors[k], cell: system.label(j), amount: abs(e.F[k, j])))
                    fy[k, (j / S) * C] += e.F[k, j]
                    e.F[k, j] = 0
                }
            }
            e.FY = fy
            out.append(e)
        }
        return (out, moved)
    }
}

/// The hold-out comparison of a nowcast with the real accounts of the same year (issue 17, item 5):
/// per region the error of the consumption-based total (%) and of the adjustment (percentage points).
public struct HoldOutComparison: Sendable, Codable, Hashable {
    /// Region labels, the order of every per-region array.
    public var regions: [String]
    /// Production-based (the same in both: the target year's emissions), consumption-based nowcast and real.
    public var pba: [Double]
    /// Consumption-based totals of the nowcast, per region.
    public var cbaNowcast: [Double]
    /// Consumption-based totals of the real table of the same year, per region.
    public var cbaReal: [Double]
    /// 100 (cba_nowcast − cba_real) / cba_real.
    public var cbaErrorPct: [Double]
    /// 100 (cba − pba) / pba, nowcast and real; and their difference (pp).
    public var adjustmentNowcastPct: [Double]
    /// Real adjustment 100 (cba − pba) / pba, per region.
    public var adjustmentRealPct: [Double]
    /// Adjustment error, nowcast − real, percentage points per region.
    public var adjustmentErrorPP: [Double]
    /// Median and maximum of |error| over the regions, and the region of the maximum.
    public var medianAbsCbaErrorPct: Double
    /// Largest |error| of the consumption-based total over the regions, %.
    public var maxAbsCbaErrorPct: Double
    /// Median over the regions of |adjustment error|, percentage points.
    public var medianAbsAdjustmentErrorPP: Double
    /// Largest |adjustment error| over the regions, percentage points.
    public var maxAbsAdjustmentErrorPP: Double
    /// Region of the largest |adjustment error|.
    public var maxAdjustmentErrorRegion: String

    /// Compares per-region totals of a nowcast with the real ones. Regions with a zero production or
    /// real consumption total are an error (no percentage can be formed).
    public init(regions: [String], pba: [Double], cbaNowcast: [Double], cbaReal: [Double], pbaReal: [Double]? = nil) throws {
        guard pba.count == regions.count, cbaNowcast.count == regions.count, cbaReal.count == regions.count else {
            throw MRIOError(.shape, "the hold-out needs one value per region (\(regions.count))")
        }
        if let r = regions.indices.first(where: { pba[$0] == 0 || cbaReal[$0] == 0 }) {
            throw MRIOError(.invalidArgument, "region \(regions[r]) has a zero production or consumption total: no percentage error can be formed")
        }
        let pr = pbaReal ?? pba
        self.regions = regions
        self.pba = pba
        self.cbaNowcast = cbaNowcast
        self.cbaReal = cbaReal
        cbaErrorPct = regions.indices.map { 100 * (cbaNowcast[$0] - cbaReal[$0]) / cbaReal[$0] }
        adjustmentNowcastPct = regions.indices.map { 100 * (cbaNowcast[$0] - pba[$0]) / pba[$0] }
        adjustmentRealPct = regions.indices.map { 100 * (cbaReal[$0] - pr[$0]) / pr[$0] }
        adjustmentErrorPP = regions.indices.map { 100 * (cbaNowcast[$0] - pba[$0]) / pba[$0] - 100 * (cbaReal[$0] - pr[$0]) / pr[$0] }
        medianAbsCbaErrorPct = Self.median(cbaErrorPct.map(abs))
        maxAbsCbaErrorPct = cbaErrorPct.map(abs).max() ?? 0
        medianAbsAdjustmentErrorPP = Self.median(adjustmentErrorPP.map(abs))
        let absAdj = adjustmentErrorPP.map(abs)
        maxAbsAdjustmentErrorPP = absAdj.max() ?? 0
        maxAdjustmentErrorRegion = absAdj.indices.max(by: { absAdj[$0] < absAdj[$1] }).map { regions[$0] } ?? ""
    }

    /// The median (mean of the two middle values for an even count), as numpy computes it.
    public static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The q-th percentile (0…100) with linear interpolation between order statistics (numpy's default).
    public static func percentile(_ v: [Double], _ q: Double) -> Double {
        let s = v.sorted()
        guard !s.isEmpty else { return .nan }
        let pos = (q / 100) * Double(s.count - 1)
        let lo = Int(pos.rounded(.down)), hi = min(lo + 1, s.count - 1)
        return s[lo] + (s[hi] - s[lo]) * (pos - Double(lo))
    }
}

extension LeontiefModel {
    /// The same factorisation of (I − A) with another gross output (a nowcast's x_t): no new LU.
    /// Intensities, pba and value added use `x`; A and the inputs per unit of output are the base's.
    public init(sameFactorsAs base: LeontiefModel, x: [Double]) {
        regions = base.regions
        sectors = base.sectors
        self.x = x
        A = base.A
        inputShares = base.inputShares
        method = base.method
        report = base.report
        solver = base.solver + "; factors reused from the base table (nowcast)"
        reciprocalCondition = base.reciprocalCondition
        warnings = base.warnings
    }
}
