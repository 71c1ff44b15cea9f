import Foundation

/// One category and gas in the key category analysis (IPCC 2006 Vol 1 Ch 4).
public struct KeyCategoryRow: Sendable, Codable, Hashable {
    /// IPCC category code.
    public var category: String
    /// IPCC name of the category.
    public var name: String
    /// Gas of the row, e.g. "CH4".
    public var gas: String
    /// Emissions of the latest year and of the base year, t CO2e.
    public var co2e: Double
    /// Emissions of the base year, t CO2e.
    public var baseCO2e: Double
    /// Approach 1 level assessment (Eq 4.1): |E_x,t| / Σ|E_y,t| and the cumulative share in descending order.
    public var levelShare: Double
    /// Cumulative level share, in descending order of level share.
    public var levelCumulative: Double
    /// Level assessment of the base year.
    public var baseLevelShare: Double?
    /// Cumulative base-year level share.
    public var baseLevelCumulative: Double?
    /// Approach 1 trend assessment (Eq 4.2), normalised to sum to 1, and cumulative.
    public var trendShare: Double?
    /// Cumulative trend share, in descending order of trend share.
    public var trendCumulative: Double?
    /// Approach 1 uncertainty of the category (Approach 1 table, column G), %.
    public var uncertaintyPercent: Double?
    /// Approach 2 (Eqs 4.4, 4.5): level × uncertainty and trend × uncertainty, normalised, cumulative.
    public var levelUncertaintyShare: Double?
    /// Cumulative Approach 2 level share.
    public var levelUncertaintyCumulative: Double?
    /// Approach 2 trend × uncertainty, normalised (Eq 4.5).
    public var trendUncertaintyShare: Double?
    /// Cumulative Approach 2 trend share.
    public var trendUncertaintyCumulative: Double?
    /// Key by Approach 1 level in the latest year (within the threshold, 95 %).
    public var keyLevel: Bool
    /// Key by Approach 1 level in the base year.
    public var keyBaseLevel: Bool
    /// Key by Approach 1 trend.
    public var keyTrend: Bool
    /// Key by Approach 2 level (within the Approach 2 threshold, 90 %).
    public var keyLevelApproach2: Bool
    /// Key by Approach 2 trend.
    public var keyTrendApproach2: Bool

    enum CodingKeys: String, CodingKey {
        case category, name, gas
        case co2e = "co2e_t"
        case baseCO2e = "base_co2e_t"
        case levelShare = "level_share"
        case levelCumulative = "level_cumulative"
        case baseLevelShare = "base_level_share"
        case baseLevelCumulative = "base_level_cumulative"
        case trendShare = "trend_share"
        case trendCumulative = "trend_cumulative"
        case uncertaintyPercent = "uncertainty_pct"
        case levelUncertaintyShare = "level_uncertainty_share"
        case levelUncertaintyCumulative = "level_uncertainty_cumulative"
        case trendUncertaintyShare = "trend_uncertainty_share"
        case trendUncertaintyCumulative = "trend_uncertainty_cumulative"
        case keyLevel = "key_level"
        case keyBaseLevel = "key_base_level"
        case keyTrend = "key_trend"
        case keyLevelApproach2 = "key_level_approach2"
        case keyTrendApproach2 = "key_trend_approach2"
    }
}

/// A key category as listed in `key_categories`: one entry per approach under which it is key.
public struct KeyCategory: Sendable, Codable, Hashable {
    /// IPCC category code.
    public var category: String
    /// IPCC name of the category.
    public var name: String
    /// Gas, e.g. "CO2".
    public var gas: String
    /// 1 (level and trend shares of emissions) or 2 (weighted by the Approach 1 uncertainty).
    public var approach: Int
    /// Which assessments made it key: `level`, `level_base_year`, `trend`.
    public var criteria: [String]
    /// Level share that made it key (of this approach), nil when not by level.
    public var levelShare: Double?
    /// Trend share that made it key (of this approach), nil when not by trend.
    public var trendShare: Double?
    /// Cumulative level share at this category.
    public var levelCumulative: Double?
    /// Cumulative trend share at this category.
    public var trendCumulative: Double?
    /// Emissions of the latest year, t CO2e.
    public var co2e: Double

    enum CodingKeys: String, CodingKey {
        case category, name, gas, approach, criteria
        case levelShare = "level_share"
        case trendShare = "trend_share"
        case levelCumulative = "level_cumulative"
        case trendCumulative = "trend_cumulative"
        case co2e = "co2e_t"
    }
}

/// Key category analysis (IPCC 2006 Vol 1 Ch 4): Approach 1 level (latest and base year) and trend
/// assessments with a 95 % cumulative threshold, Approach 2 level and trend weighted by the Approach 1
/// uncertainties with a 90 % threshold. Categories are the inventory's categories by gas; absolute
/// values are used so removals count.
public struct KeyCategoryAnalysis: Sendable, Codable, Hashable {
    /// The latest year assessed (nil for a file without years).
    public var year: Int?
    /// The base year of the trend assessment (nil without one).
    public var baseYear: Int?
    /// Approach 1 cumulative threshold (IPCC: 0.95).
    public var threshold: Double
    /// Approach 2 cumulative threshold (IPCC: 0.90).
    public var approach2Threshold: Double
    /// Every category and gas with its shares and flags.
    public var rows: [KeyCategoryRow]
    /// The key categories, one entry per approach under which each is key.
    public var key: [KeyCategory]
    /// Method notes, e.g. that absolute values are used so removals count.
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case year, threshold, rows, key, notes
        case baseYear = "base_year"
        case approach2Threshold = "approach2_threshold"
    }

    /// Cumulative shares in descending order and which entries are key: those up to and including
    /// the one at which the cumulative share reaches the threshold.
    static func rank(_ values: [Double], threshold: Double) -> (share: [Double], cumulative: [Double], key: [Bool]) {
        let total = values.reduce(0, +)
        var share = [Double](repeating: 0, count: values.count), cum = share, key = [Bool](repeating: false, count: values.count)
        guard total > 0 else { return (share, cum, key) }
        let order = values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
        var running = 0.0
        for i in order {
            share[i] = values[i] / total
            let before = running
            running += share[i]
            cum[i] = running
            key[i] = before < threshold - 1e-12 && values[i] > 0
        }
        return (share, cum, key)
    }

    /// Key category analysis (IPCC 2006 Vol 1 Ch 4, Approaches 1 and 2) of `year` against `base`, using the Approach 1
    /// uncertainties for Approach 2; `baseYear` and `yearLabel` only label the result.
    public static func analyse(
        base: InventoryResult, year: InventoryResult, approach1: Approach1Table, baseYear: Int?, yearLabel: Int?,
        threshold: Double = 0.95, approach2Threshold: Double = 0.90
    ) -> KeyCategoryAnalysis {
        let y = byCategoryAndGas(year), b = byCategoryAndGas(base)
        let keys = Set(y.keys).union(b.keys).filter { (y[$0]?.0 ?? 0) != 0 || (b[$0]?.0 ?? 0) != 0 }.sorted()
        let et = keys.map { y[$0]?.0 ?? 0 }, e0 = keys.map { b[$0]?.0 ?? 0 }
        let u = Dictionary(uniqueKeysWithValues: approach1.rows.map { ("\($0.category)|\($0.gas)", $0.combinedUncertainty) })
        let level = rank(et.map(abs), threshold: threshold)
        let baseLevel = rank(e0.map(abs), threshold: threshold)
        let sumAbs0 = e0.reduce(0) { $0 + abs($1) }, sum0 = e0.reduce(0, +), sumT = et.reduce(0, +)
        let hasTrend = baseYear != nil && yearLabel != nil && baseYear != yearLabel && sumAbs0 > 0 && sum0 != 0
        var trendRaw: [Double] = []
        if hasTrend {
            let totalTrend = (sumT - sum0) / abs(sum0)
            trendRaw = keys.indices.map { i in
                // Eq 4.2 written so that a zero base-year emission needs no division by it
                abs((et[i] - e0[i]) / sumAbs0 - abs(e0[i]) / sumAbs0 * totalTrend)
            }
        }
        let trend = hasTrend ? rank(trendRaw, threshold: threshold) : nil
        let uvals = keys.map { u[$0] ?? nil }
        let lu = rank(keys.indices.map { i in uvals[i].map { abs(et[i]) * $0 } ?? 0 }, threshold: approach2Threshold)
        let tu = hasTrend ? rank(keys.indices.map { i in uvals[i].map { trendRaw[i] * $0 } ?? 0 }, threshold: approach2Threshold) : nil
        var rows: [KeyCategoryRow] = []
        var key: [KeyCategory] = []
        for (i, k) in keys.enumerated() {
            let parts = k.split(separator: "|", maxSplits: 1).map(String.init)
            let name = y[k]?.1 ?? b[k]?.1 ?? parts[0]
            let hasU = uvals[i] != nil
            let r = KeyCategoryRow(
                category: parts[0], name: name, gas: parts[1], co2e: et[i], baseCO2e: e0[i],
                levelShare: level.share[i], levelCumulative: level.cumulative[i],
                baseLevelShare: hasTrend ? baseLevel.share[i] : nil, baseLevelCumulative: hasTrend ? baseLevel.cumulative[i] : nil,
                trendShare: trend?.share[i], trendCumulative: trend?.cumulative[i], uncertaintyPercent: uvals[i],
                levelUncertaintyShare: hasU ? lu.share[i] : nil, levelUncertaintyCumulative: hasU ? lu.cumulative[i] : nil,
                trendUncertaintyShare: hasU ? tu?.share[i] : nil, trendUncertaintyCumulative: hasU ? tu?.cumulative[i] : nil,
                keyLevel: level.key[i], keyBaseLevel: hasTrend && baseLevel.key[i], keyTrend: trend?.key[i] ?? false,
                keyLevelApproach2: hasU && lu.key[i], keyTrendApproach2: hasU && (tu?.key[i] ?? false))
            rows.append(r)
            key += keyCategories(r)
        }
        rows.sort { $0.levelShare != $1.levelShare ? $0.levelShare > $1.levelShare : ($0.category, $0.gas) < ($1.category, $1.gas) }
        key.sort { ($0.approach, -($0.levelShare ?? 0), $0.category, $0.gas) < ($1.approach, -($1.levelShare ?? 0), $1.category, $1.gas) }
        let missing = keys.indices.filter { uvals[$0] == nil }.map { keys[$0].replacingOccurrences(of: "|", with: " ") }
        let notes = analysisNotes(threshold: threshold, approach2Threshold: approach2Threshold, hasTrend: hasTrend, missing: missing)
        return KeyCategoryAnalysis(
            year: yearLabel, baseYear: baseYear, threshold: threshold, approach2Threshold: approach2Threshold, rows: rows, key: key, notes: notes)
    }

    /// CO2e by "category|gas" (memo items and indirect gases left out) with the category's name; every gas of a category appears.
    static func byCategoryAndGas(_ r: InventoryResult) -> [String: (Double, String)] {
        var out: [String: (Double, String)] = [:]
        for (code, c) in r.byCategory {
            for (gas, _) in c.byGasTonnes { out["\(code)|\(gas)"] = (0, c.name) }
        }
        for s in r.sources where s.memo == nil {
            for e in s.emissions where !e.memo && e.note == nil {
                let k = "\(s.category)|\(e.gas.name)"
                out[k] = ((out[k]?.0 ?? 0) + e.co2eTonnes, s.categoryName)
            }
        }
        return out
    }

    /// The key categories a row makes: one entry per approach under which it is key.
    static func keyCategories(_ r: KeyCategoryRow) -> [KeyCategory] {
        var key: [KeyCategory] = []
        var c1: [String] = []
        if r.keyLevel { c1.append("level") }
        if r.keyBaseLevel { c1.append("level_base_year") }
        if r.keyTrend { c1.append("trend") }
        if !c1.isEmpty {
            key.append(
                KeyCategory(
                    category: r.category, name: r.name, gas: r.gas, approach: 1, criteria: c1, levelShare: r.levelShare, trendShare: r.trendShare,
                    levelCumulative: r.levelCumulative, trendCumulative: r.trendCumulative, co2e: r.co2e))
        }
        var c2: [String] = []
        if r.keyLevelApproach2 { c2.append("level") }
        if r.keyTrendApproach2 { c2.append("trend") }
        if !c2.isEmpty {
            key.append(
                KeyCategory(
                    category: r.category, name: r.name, gas: r.gas, approach: 2, criteria: c2, levelShare: r.levelUncertaintyShare,
                    trendShare: r.trendUncertaintyShare, levelCumulative: r.levelUncertaintyCumulative,
                    trendCumulative: r.trendUncertaintyCumulative, co2e: r.co2e))
        }
        return key
    }

    /// The notes of an analysis: the thresholds, a missing trend, the categories Approach 2 leaves out.
    static func analysisNotes(threshold: Double, approach2Threshold: Double, hasTrend: Bool, missing: [String]) -> [String] {
        var notes = [
            "Approach 1: level (Eq 4.1) and trend (Eq 4.2) shares of |emissions|, key up to \(Int((threshold * 100).rounded())) % cumulative",
            "Approach 2: level and trend weighted by the Approach 1 uncertainty (Eqs 4.4, 4.5), key up to \(Int((approach2Threshold * 100).rounded())) % cumulative"
        ]
        if !hasTrend { notes.append("no trend assessment: a single year (give a base year and a later year)") }
        if !missing.isEmpty {
            notes.append(
                "Approach 2 leaves out \(missing.count) categories without a quantified uncertainty: \(missing.prefix(6).joined(separator: ", "))\(missing.count > 6 ? ", …" : "")"
            )
        }
        return notes
    }
}
