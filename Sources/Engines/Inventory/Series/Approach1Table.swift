import Foundation

/// One row of the IPCC Approach 1 uncertainty table (2006 GL Vol 1 Ch 3, Table 3.2, columns A–M)
/// for one category and gas. Uncertainties are half-widths of the 95 % interval in percent.
public struct Approach1Row: Sendable, Codable, Hashable {
    /// IPCC category code.
    public var category: String
    /// IPCC name of the category.
    public var name: String
    /// Gas of the row, e.g. "CO2".
    public var gas: String
    /// C: base-year emissions, t CO2e.
    public var baseCO2e: Double
    /// D: emissions of the year, t CO2e.
    public var yearCO2e: Double
    /// E: activity-data uncertainty, %.
    public var adUncertainty: Double?
    /// F: emission-factor uncertainty, %.
    public var efUncertainty: Double?
    /// G = √(E² + F²), %.
    public var combinedUncertainty: Double?
    /// H: contribution to the variance of the year's total, (G·D)² / (ΣD)², in %².
    public var varianceContribution: Double?
    /// I: type A sensitivity — change of the trend (in %) for a 1 % increase of the category in both years.
    public var typeASensitivity: Double?
    /// J: type B sensitivity — change of the trend (in %) for a 1 % increase in the year only, D / ΣC.
    public var typeBSensitivity: Double?
    /// K = I × F: trend uncertainty from the emission factor (correlated across years), % points.
    public var trendFromEF: Double?
    /// L = J × E × √2: trend uncertainty from the activity data (uncorrelated), % points.
    public var trendFromAD: Double?
    /// M = K² + L².
    public var trendVarianceContribution: Double?

    enum CodingKeys: String, CodingKey {
        case category, name, gas
        case baseCO2e = "base_co2e_t"
        case yearCO2e = "year_co2e_t"
        case adUncertainty = "ad_uncertainty_pct"
        case efUncertainty = "ef_uncertainty_pct"
        case combinedUncertainty = "combined_uncertainty_pct"
        case varianceContribution = "variance_contribution"
        case typeASensitivity = "type_a_sensitivity"
        case typeBSensitivity = "type_b_sensitivity"
        case trendFromEF = "trend_uncertainty_ef_pct"
        case trendFromAD = "trend_uncertainty_ad_pct"
        case trendVarianceContribution = "trend_variance_contribution"
    }
}

/// The Approach 1 uncertainty of the total of a year and of the trend from a base year
/// (IPCC 2006 Vol 1 Ch 3, Eqs 3.1–3.2 and Table 3.2 with type A and B sensitivities).
public struct Approach1Table: Sendable, Codable, Hashable {
    /// The year assessed (nil for a file without years).
    public var year: Int?
    /// The base year of the trend (nil without one).
    public var baseYear: Int?
    /// One row per category and gas.
    public var rows: [Approach1Row]
    /// ΣC and ΣD, t CO2e (every row, quantified or not).
    public var baseTotal: Double
    /// ΣD: total of the year, t CO2e.
    public var yearTotal: Double
    /// √ΣH: uncertainty of the year's total, % (rows with a known uncertainty).
    public var uncertaintyPercent: Double?
    /// (ΣD − ΣC) / ΣC × 100.
    public var trendPercent: Double?
    /// √ΣM: uncertainty of the trend, percentage points.
    public var trendUncertainty: Double?
    /// Rows left out of the propagation (a factor without a known uncertainty).
    public var unquantified: [String]

    enum CodingKeys: String, CodingKey {
        case year, rows, unquantified
        case baseYear = "base_year"
        case baseTotal = "base_total_co2e_t"
        case yearTotal = "year_total_co2e_t"
        case uncertaintyPercent = "uncertainty_pct"
        case trendPercent = "trend_pct"
        case trendUncertainty = "trend_uncertainty_pct_points"
    }

    /// Builds the table from the base-year and latest-year results. A category and gas combines its
    /// sources' AD and EF uncertainties with Eq 3.2 (weights: the sources' CO2e).
    public static func build(base: InventoryResult, year: InventoryResult, baseYear: Int?, yearLabel: Int?) -> Approach1Table {
        struct Acc { var co2e = 0.0; var ad2 = 0.0; var ef2 = 0.0; var unknown = false; var name = "" }
        func collect(_ r: InventoryResult) -> [String: Acc] {
            var out: [String: Acc] = [:]
            for s in r.sources where s.memo == nil {
                for e in s.emissions where !e.memo && e.note == nil {
                    let k = "\(s.category)|\(e.gas.name)"
                    var a = out[k] ?? Acc(name: s.categoryName)
                    a.co2e += e.co2eTonnes
                    if e.co2eTonnes != 0 {
                        if let f = e.factorUncertaintyPercent {
                            a.ef2 += (f * e.co2eTonnes) * (f * e.co2eTonnes)
                            let ad = e.adUncertaintyPercent ?? 0
                            a.ad2 += (ad * e.co2eTonnes) * (ad * e.co2eTonnes)
                        } else {
                            a.unknown = true
                        }
                    }
                    out[k] = a
                }
            }
            return out
        }
        let b = collect(base), y = collect(year)
        // Summed in key order, so that the totals (and the trend) do not depend on hash order.
        let sumC = b.keys.sorted().reduce(0) { $0 + b[$1]!.co2e }
        let sumD = y.keys.sorted().reduce(0) { $0 + y[$1]!.co2e }
        var rows: [Approach1Row] = []
        var unquantified: [String] = []
        var sumH = 0.0, sumM = 0.0
        var anyH = false
        for key in Set(b.keys).union(y.keys).sorted() {
            let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
            let ya = y[key] ?? Acc(name: b[key]?.name ?? "")
            let ba = b[key] ?? Acc()
            let D = ya.co2e, C = ba.co2e
            if D == 0 && C == 0 { continue }
            var row = Approach1Row(category: parts[0], name: ya.name.isEmpty ? ba.name : ya.name, gas: parts[1], baseCO2e: C, yearCO2e: D)
            // uncertainties of the year (the base year's when the category has no emissions in the year)
            let src = D != 0 ? ya : ba
            if !src.unknown && src.co2e != 0 {
                let E = src.ad2.squareRoot() / abs(src.co2e), F = src.ef2.squareRoot() / abs(src.co2e)
                row.adUncertainty = E
                row.efUncertainty = F
                let G = (E * E + F * F).squareRoot()
                row.combinedUncertainty = G
                if sumD != 0 {
                    let h = (G * D) * (G * D) / (sumD * sumD)
                    row.varianceContribution = h
                    sumH += h
                    anyH = true
                }
                if sumC != 0 {
                    let I = ((0.01 * D + sumD) / (0.01 * C + sumC) - sumD / sumC) * 100
                    let J = D / sumC
                    row.typeASensitivity = I
                    row.typeBSensitivity = J
                    let K = abs(I) * F, L = abs(J) * E * 2.0.squareRoot()
                    row.trendFromEF = K
                    row.trendFromAD = L
                    row.trendVarianceContribution = K * K + L * L
                    sumM += K * K + L * L
                }
            } else {
                unquantified.append("\(parts[0]) \(parts[1])")
            }
            rows.append(row)
        }
        return Approach1Table(
            year: yearLabel, baseYear: baseYear, rows: rows, baseTotal: sumC, yearTotal: sumD,
            uncertaintyPercent: anyH ? sumH.squareRoot() : nil,
            trendPercent: sumC != 0 ? (sumD - sumC) / sumC * 100 : nil,
            trendUncertainty: sumC != 0 && anyH ? sumM.squareRoot() : nil, unquantified: unquantified)
    }
}
