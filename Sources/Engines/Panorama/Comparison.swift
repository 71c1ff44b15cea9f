import Foundation

/// How an input-output estimate compares with an independent one (e.g. GCB) over the countries both cover.
public struct ComparisonSummary: Sendable, Codable, Hashable {
    /// Number of countries compared: rows with both estimates and a defined adjustment on each side (at least 3, else no summary).
    public var countries: Int
    /// Median over the countries of |our adjustment − GCB adjustment|, in percentage points of production.
    public var medianAbsDiffPP: Double
    /// Mean over the countries of |our adjustment − GCB adjustment|, in percentage points of production.
    public var meanAbsDiffPP: Double
    /// Largest |our adjustment − GCB adjustment| among the countries, in percentage points.
    public var maxAbsDiffPP: Double
    /// ISO3 code (or region label) of the country with the largest difference, `maxAbsDiffPP`.
    public var maxAbsDiffCountry: String
    /// Pearson correlation of the two adjustment percentages.
    public var pearsonPct: Double
    /// The same without the country of the largest difference (often a small open economy).
    public var pearsonPctExclMax: Double
    /// Spearman rank correlation of the two adjustment percentages (Pearson of average ranks, ties shared).
    public var spearmanPct: Double
    /// Countries where both estimates agree on the sign of the adjustment (net importer vs exporter).
    public var signAgreement: Int
    /// Pearson correlation of the consumption-based totals themselves (Mt CO2), ours against GCB's.
    public var pearsonConsumptionLevels: Double
    /// Pearson correlation of the logarithms of the consumption-based totals, less dominated by the largest emitters.
    public var pearsonLogConsumptionLevels: Double
    /// Median over the countries of our production-based total / GCB territorial total (1 = agreement).
    public var medianProductionRatio: Double
    /// Median over the countries of our consumption-based total / GCB consumption-based total (1 = agreement).
    public var medianConsumptionRatio: Double
    /// Sum of our production-based totals over the compared countries, Mt CO2.
    public var sumProductionMt: Double
    /// Sum of the reference (GCB) territorial totals over the compared countries, Mt CO2.
    public var sumReferenceTerritorialMt: Double
    /// Sum of our consumption-based totals over the compared countries, Mt CO2.
    public var sumConsumptionMt: Double
    /// Sum of the reference (GCB) consumption-based totals over the compared countries, Mt CO2.
    public var sumReferenceConsumptionMt: Double

    enum CodingKeys: String, CodingKey {
        case countries = "n_countries"
        case medianAbsDiffPP = "median_abs_diff_pp"
        case meanAbsDiffPP = "mean_abs_diff_pp"
        case maxAbsDiffPP = "max_abs_diff_pp"
        case maxAbsDiffCountry = "max_abs_diff_country"
        case pearsonPct = "pearson_r_pct"
        case pearsonPctExclMax = "pearson_r_pct_excl_max"
        case spearmanPct = "spearman_rho_pct"
        case signAgreement = "sign_agreement"
        case pearsonConsumptionLevels = "pearson_r_cons_levels"
        case pearsonLogConsumptionLevels = "pearson_r_log_cons_levels"
        case medianProductionRatio = "median_prod_ratio"
        case medianConsumptionRatio = "median_cons_ratio"
        case sumProductionMt = "sum_prod_mt"
        case sumReferenceTerritorialMt = "sum_reference_terr_mt"
        case sumConsumptionMt = "sum_cons_mt"
        case sumReferenceConsumptionMt = "sum_reference_cons_mt"
    }
}

extension Panorama {
    /// Compares every row that has both estimates (countries; aggregates such as RoW have none).
    public static func compare(_ account: PanoramicAccount) -> ComparisonSummary? {
        let rows = account.rows.filter { $0.adjustmentDiffPP != nil && $0.gcbTerritorialMt != nil && $0.gcbConsumptionMt != nil }
        guard rows.count >= 3 else { return nil }
        let diff = rows.map { abs($0.adjustmentDiffPP!) }
        let ours = rows.map { $0.adjustmentPct! }, ref = rows.map { $0.gcbAdjustmentPct! }
        let maxIndex = diff.indices.max { diff[$0] < diff[$1] }!
        let keep = rows.indices.filter { $0 != maxIndex }
        return ComparisonSummary(
            countries: rows.count,
            medianAbsDiffPP: median(diff), meanAbsDiffPP: diff.reduce(0, +) / Double(diff.count),
            maxAbsDiffPP: diff[maxIndex], maxAbsDiffCountry: rows[maxIndex].iso3 ?? rows[maxIndex].region,
            pearsonPct: pearson(ours, ref),
            pearsonPctExclMax: pearson(keep.map { ours[$0] }, keep.map { ref[$0] }),
            spearmanPct: pearson(ranks(ours), ranks(ref)),
            signAgreement: rows.filter { ($0.adjustmentPct! > 0) == ($0.gcbAdjustmentPct! > 0) }.count,
            pearsonConsumptionLevels: pearson(rows.map(\.consumptionMt), rows.map { $0.gcbConsumptionMt! }),
            pearsonLogConsumptionLevels: pearson(rows.map { log($0.consumptionMt) }, rows.map { log($0.gcbConsumptionMt!) }),
            medianProductionRatio: median(rows.map { $0.productionMt / $0.gcbTerritorialMt! }),
            medianConsumptionRatio: median(rows.map { $0.consumptionMt / $0.gcbConsumptionMt! }),
            sumProductionMt: rows.reduce(0) { $0 + $1.productionMt }, sumReferenceTerritorialMt: rows.reduce(0) { $0 + $1.gcbTerritorialMt! },
            sumConsumptionMt: rows.reduce(0) { $0 + $1.consumptionMt }, sumReferenceConsumptionMt: rows.reduce(0) { $0 + $1.gcbConsumptionMt! })
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices { let da = a[i] - ma, db = b[i] - mb; sab += da * db; saa += da * da; sbb += db * db }
        return sab / (saa * sbb).squareRoot()
    }

    /// Ranks 1…n with ties given their average rank.
    static func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
            let avg = Double(i + j) / 2 + 1
            for k in i...j { r[order[k]] = avg }
            i = j + 1
        }
        return r
    }
}
