import Foundation
import YuhengCore

/// Options of a time-series inventory.
public struct InventorySeriesOptions: Sendable {
    /// The base year of the trend and the key category trend assessment (default: the first reported year).
    public var baseYear: Int?
    /// The years to report (default: every year with a line other than solid waste disposal — the
    /// disposal history of the first order decay model often starts decades earlier).
    public var reportYears: ClosedRange<Int>?
    /// Approach 1 key category threshold (IPCC: 95 %) and Approach 2 threshold (90 %).
    public var threshold: Double = 0.95
    /// Approach 2 key category threshold (IPCC: 90 %).
    public var approach2Threshold: Double = 0.90

    /// Options; by default the first reported year is the base year and every year is reported.
    public init(baseYear: Int? = nil, reportYears: ClosedRange<Int>? = nil) {
        self.baseYear = baseYear
        self.reportYears = reportYears
    }
}

/// The totals of one reported year.
public struct YearTotals: Sendable, Codable, Hashable {
    /// The year (nil for a file without years).
    public var year: Int?
    /// National total, t CO2e.
    public var totalCO2e: Double
    /// Gas → tonnes of gas.
    public var byGasTonnes: [String: Double]
    /// Gas → t CO2e.
    public var byGasCO2e: [String: Double]
    /// Sector (1 Energy, 2 IPPU, 3 AFOLU, 4 Waste, 5 Other) → t CO2e.
    public var bySectorCO2e: [String: Double]
    /// IPCC category → t CO2e.
    public var byCategoryCO2e: [String: Double]
    /// Approach 1 uncertainty of the total, half-width of the 95 % interval in %.
    public var uncertaintyPercent: Double?
    /// (total − base-year total) / base-year total × 100.
    public var changeVsBasePercent: Double?

    enum CodingKeys: String, CodingKey {
        case year
        case totalCO2e = "total_co2e_t"
        case byGasTonnes = "by_gas_t"
        case byGasCO2e = "by_gas_co2e_t"
        case bySectorCO2e = "by_sector_co2e_t"
        case byCategoryCO2e = "by_category_co2e_t"
        case uncertaintyPercent = "uncertainty_pct"
        case changeVsBasePercent = "change_vs_base_year_pct"
    }
}

/// The trend from the base year to the latest year with its Approach 1 uncertainty.
public struct InventoryTrend: Sendable, Codable, Hashable {
    /// The base year.
    public var baseYear: Int
    /// The latest year.
    public var year: Int
    /// National total of the base year, t CO2e.
    public var baseTotalCO2e: Double
    /// National total of the latest year, t CO2e.
    public var totalCO2e: Double
    /// (total − base total) / base total × 100; nil when the base total is 0.
    public var changePercent: Double?
    /// Approach 1 (Table 3.2): half-width of the 95 % interval of the trend, percentage points.
    public var uncertaintyPercentPoints: Double?

    enum CodingKeys: String, CodingKey {
        case year
        case baseYear = "base_year"
        case baseTotalCO2e = "base_total_co2e_t"
        case totalCO2e = "total_co2e_t"
        case changePercent = "change_pct"
        case uncertaintyPercentPoints = "uncertainty_pct_points"
    }
}

/// A recalculation: the difference between this submission and a previous one for a category and year.
public struct Recalculation: Sendable, Codable, Hashable {
    /// The year recalculated (nil for a file without years).
    public var year: Int?
    /// IPCC category code.
    public var category: String
    /// IPCC name of the category.
    public var name: String
    /// Emissions in the previous submission, t CO2e.
    public var previousCO2e: Double
    /// Emissions in this submission, t CO2e.
    public var currentCO2e: Double
    /// current − previous, t CO2e.
    public var difference: Double
    /// (current − previous) / |previous| × 100, nil when the previous value is 0.
    public var differencePercent: Double?
    /// The difference as % of the previous national total of the year.
    public var shareOfTotalPercent: Double?

    enum CodingKeys: String, CodingKey {
        case year, category, name, difference
        case previousCO2e = "previous_co2e_t"
        case currentCO2e = "current_co2e_t"
        case differencePercent = "difference_pct"
        case shareOfTotalPercent = "share_of_previous_total_pct"
    }
}

/// A time-series inventory: a result per reported year, totals by year, the trend with its
/// uncertainty, the Approach 1 table, key categories, and (given a previous submission) recalculations.
///
/// JSON: the latest year's ``InventoryResult`` keys (as for a single year), plus `year`, `years`,
/// `base_year`, `trend`, `approach1`, `key_categories` (the key ones), `key_category_analysis`
/// (every category and gas) and `recalculations`.
public struct InventorySeriesResult: Sendable, Encodable {
    /// The reported years, ascending (empty for a file without a year column).
    public var years: [Int]
    /// One inventory result per reported year, in the order of `years`.
    public var results: [InventoryResult]
    /// The base year of the trend (the option, else the first reported year); nil for a file without years.
    public var baseYear: Int?
    /// Totals by year, in the order of `years`.
    public var series: [YearTotals]
    /// Base-to-latest trend with its Approach 1 uncertainty, nil when there is no later year than the base year.
    public var trend: InventoryTrend?
    /// The Approach 1 uncertainty table (Table 3.2) of the latest year and the trend.
    public var approach1: Approach1Table
    /// Key category analysis of the latest year against the base year.
    public var keyCategories: KeyCategoryAnalysis
    /// Differences from a previous submission, empty when none was given.
    public var recalculations: [Recalculation]

    /// The result of the latest reported year.
    public var latest: InventoryResult { results[results.count - 1] }
    /// The latest reported year, nil for a file without years.
    public var latestYear: Int? { years.last }
    /// The result of `year`, nil when it is not reported.
    public func result(for year: Int) -> InventoryResult? { years.firstIndex(of: year).map { results[$0] } }

    enum Keys: String, CodingKey {
        case year, years, trend, approach1, recalculations
        case baseYear = "base_year"
        case keyCategories = "key_categories"
        case keyCategoryAnalysis = "key_category_analysis"
    }

    /// Encodes the latest year's result with the series fields (`year`, `years`, `series`, `trend`, …) added beside it.
    public func encode(to encoder: any Encoder) throws {
        try latest.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(latestYear, forKey: .year)
        try c.encode(series, forKey: .years)
        try c.encodeIfPresent(baseYear, forKey: .baseYear)
        try c.encodeIfPresent(trend, forKey: .trend)
        try c.encode(approach1, forKey: .approach1)
        try c.encode(keyCategories.key, forKey: .keyCategories)
        try c.encode(keyCategories, forKey: .keyCategoryAnalysis)
        try c.encode(recalculations, forKey: .recalculations)
    }

    /// The sector of a category code: its first level.
    public static func sector(of code: String) -> String { String(code.split(separator: ".").first ?? Substring(code)) }

    /// Differences between this series and a previous submission, by category and year (years both
    /// report), largest first within a year; a `total` row per year.
    public func recalculations(against previous: InventorySeriesResult) -> [Recalculation] {
        var out: [Recalculation] = []
        let yearsHere: [Int?] = years.isEmpty ? [nil] : years.map { $0 }
        for y in yearsHere {
            let cur: InventoryResult
            let prev: InventoryResult
            if let y {
                guard let c = result(for: y), let p = previous.result(for: y) else { continue }
                cur = c; prev = p
            } else {
                guard previous.years.isEmpty else { continue }
                cur = latest; prev = previous.latest
            }
            var rows: [Recalculation] = []
            for code in Set(cur.byCategory.keys).union(prev.byCategory.keys).sorted() {
                let a = prev.byCategory[code]?.co2eTonnes ?? 0, b = cur.byCategory[code]?.co2eTonnes ?? 0
                guard a != b else { continue }
                rows.append(
                    Recalculation(
                        year: y, category: code, name: cur.byCategory[code]?.name ?? prev.byCategory[code]?.name ?? code,
                        previousCO2e: a, currentCO2e: b, difference: b - a, differencePercent: a == 0 ? nil : (b - a) / abs(a) * 100,
                        shareOfTotalPercent: prev.totalCO2eTonnes == 0 ? nil : (b - a) / abs(prev.totalCO2eTonnes) * 100))
            }
            rows.sort { abs($0.difference) > abs($1.difference) }
            let a = prev.totalCO2eTonnes, b = cur.totalCO2eTonnes
            out.append(
                Recalculation(
                    year: y, category: "total", name: "National total", previousCO2e: a, currentCO2e: b, difference: b - a,
                    differencePercent: a == 0 ? nil : (b - a) / abs(a) * 100, shareOfTotalPercent: a == 0 ? nil : (b - a) / abs(a) * 100))
            out += rows
        }
        return out
    }
}

extension InventoryEngine {
    /// Computes every reported year of an activity file with a `year` column (or the single year of
    /// one without): each year with the Tier 1 methods, solid waste disposal with the first order decay
    /// model over the whole disposal history, then the trend, the Approach 1 table and key categories.
    public func computeSeries(_ activities: [Activity], fileName: String? = nil, options: InventorySeriesOptions = InventorySeriesOptions()) throws
        -> InventorySeriesResult
    {
        let allYears = Array(Set(activities.compactMap(\.year))).sorted()
        if !allYears.isEmpty, let missing = activities.first(where: { $0.year == nil }) {
            throw InventoryError(
                .missingValue, "the value is empty: every line of a time series needs its year", field: "year", file: fileName, line: missing.line)
        }
        let landfill = activities.filter { $0.method == .landfill }
        if allYears.isEmpty {
            if let l = landfill.first {
                throw InventoryError(
                    .missingValue,
                    "solid waste disposal (first order decay) needs the disposal history: add a year column with a line per year of disposal",
                    field: "year", file: fileName, line: l.line)
            }
            // A year asked for must be a year of the file: a file without years holds none.
            if let y = options.baseYear ?? options.reportYears?.lowerBound {
                throw InventoryError(
                    .invalidParameter, "the file has no year column, so it cannot report \(y): it is a single inventory without a year",
                    field: "year", suggestion: "leave out --base-year and --years, or add a year column", file: fileName)
            }
            var r = try compute(activities, fileName: fileName)
            r.year = nil
            return finish(years: [], results: [r], baseYear: nil, options: options)
        }
        let (reported, baseYear) = try Self.reportedYears(activities, allYears: allYears, options: options, fileName: fileName)
        let (fod, warnings) = try firstOrderDecaySeries(landfill, reported: reported, fileName: fileName)
        var results: [InventoryResult] = []
        for y in reported {
            let acts = activities.filter { $0.year == y && $0.method != .landfill }
            var r = try compute(acts, fileName: fileName, additionalSources: (fod[y] ?? []).sorted { ($0.category, $0.id) < ($1.category, $1.id) })
            r.year = y
            if y == reported.last { r.warnings = warnings + r.warnings }
            results.append(r)
        }
        return finish(years: reported, results: results, baseYear: baseYear, options: options)
    }

    /// The years to report (the asked range, else the years with a line other than solid waste disposal) and the base year.
    static func reportedYears(_ activities: [Activity], allYears: [Int], options: InventorySeriesOptions, fileName: String?) throws -> (
        [Int], Int
    ) {
        var reported: [Int]
        if let range = options.reportYears {
            reported = allYears.filter { range.contains($0) }
        } else {
            let nonFOD = Set(activities.filter { $0.method != .landfill }.compactMap(\.year))
            reported = nonFOD.isEmpty ? allYears : allYears.filter { $0 >= nonFOD.min()! && $0 <= nonFOD.max()! }
        }
        guard !reported.isEmpty else {
            throw InventoryError(
                .invalidParameter, "no year to report: the file's years are \(allYears.first!)–\(allYears.last!)", field: "year", file: fileName)
        }
        // a year with no line at all inside the reported range is a gap in the time series
        if let gap = (reported.first!...reported.last!).first(where: { !allYears.contains($0) }) {
            throw InventoryError(
                .invalidParameter,
                "the time series has no line for \(gap) (between \(reported.first!) and \(reported.last!)): every year must be reported",
                field: "year",
                suggestion: "add the year's activity data (or report fewer years)", file: fileName)
        }
        let baseYear = options.baseYear ?? reported.first!
        guard reported.contains(baseYear) else {
            throw InventoryError(
                .invalidParameter, "the base year \(baseYear) is not one of the reported years \(reported.first!)–\(reported.last!)", field: "year",
                suggestion: "choose a base year within the file's years", file: fileName)
        }
        return (reported, baseYear)
    }

    /// First order decay: one disposal series per id, each reported for every year, with a warning where the history is short.
    func firstOrderDecaySeries(_ landfill: [Activity], reported: [Int], fileName: String?) throws -> ([Int: [SourceResult]], [String]) {
        var streams: [String: [Activity]] = [:]
        var order: [String] = []
        for a in landfill {
            if streams[a.id] == nil { order.append(a.id) }
            streams[a.id, default: []].append(a)
        }
        var fod: [Int: [SourceResult]] = [:]
        var warnings: [String] = []
        for id in order {
            let lines = streams[id]!
            if let a = lines.first(where: { !$0.idGiven }) {
                throw InventoryError(
                    .missingValue, "solid waste disposal lines need an id shared by the years of one disposal series", field: "id",
                    suggestion: "give the lines of a waste type and site the same id (e.g. msw-food-landfill)", file: fileName, line: a.line)
            }
            let results: [Int: SourceResult]
            do { results = try firstOrderDecay(lines, years: reported) } catch var e as InventoryError {
                if e.file == nil { e.file = fileName }
                throw e
            }
            for (y, s) in results { fod[y, default: []].append(s) }
            // the history before the first reported year should cover several half-lives (Vol 5 Ch 3.2.2)
            if let first = lines.compactMap(\.year).min(), let k = results.values.first?.factors.first(where: { $0.name == "k" })?.value, k > 0 {
                let halfLife = log(2) / k
                if Double(reported.first! - first) < 3 * halfLife {
                    warnings.append(
                        "\(fileName.map { $0 + ": " } ?? "")disposal series '\(id)' starts in \(first), \(reported.first! - first) years before the first reported year; with k = \(fmt(k))/yr (half-life \(fmt((halfLife * 10).rounded() / 10)) years) the first order decay model needs about \(Int((3 * halfLife).rounded())) years of history (IPCC 2006 Vol 5 Ch 3.2.2): emissions of the early years are underestimated"
                    )
                }
            }
        }
        return (fod, warnings)
    }

    func finish(years: [Int], results: [InventoryResult], baseYear: Int?, options: InventorySeriesOptions) -> InventorySeriesResult {
        let baseIndex = baseYear.flatMap { years.firstIndex(of: $0) } ?? 0
        let base = results[baseIndex]
        let series = results.enumerated().map { (i, r) -> YearTotals in
            var sectors: [String: Double] = [:]
            for (code, c) in r.byCategory { sectors[InventorySeriesResult.sector(of: code), default: 0] += c.co2eTonnes }
            return YearTotals(
                year: years.isEmpty ? nil : years[i], totalCO2e: r.totalCO2eTonnes, byGasTonnes: r.byGasTonnes, byGasCO2e: r.byGasCO2eTonnes,
                bySectorCO2e: sectors, byCategoryCO2e: r.byCategory.mapValues(\.co2eTonnes), uncertaintyPercent: r.uncertaintyPercent,
                changeVsBasePercent: base.totalCO2eTonnes == 0 ? nil : (r.totalCO2eTonnes - base.totalCO2eTonnes) / abs(base.totalCO2eTonnes) * 100)
        }
        let latest = results[results.count - 1]
        let table = Approach1Table.build(base: base, year: latest, baseYear: baseYear, yearLabel: years.last)
        let kca = KeyCategoryAnalysis.analyse(
            base: base, year: latest, approach1: table, baseYear: baseYear, yearLabel: years.last,
            threshold: options.threshold, approach2Threshold: options.approach2Threshold)
        var trend: InventoryTrend? = nil
        if let by = baseYear, let ly = years.last, by != ly {
            trend = InventoryTrend(
                baseYear: by, year: ly, baseTotalCO2e: base.totalCO2eTonnes, totalCO2e: latest.totalCO2eTonnes,
                changePercent: table.trendPercent, uncertaintyPercentPoints: table.trendUncertainty)
        }
        return InventorySeriesResult(
            years: years, results: results, baseYear: baseYear, series: series, trend: trend, approach1: table,
            keyCategories: kca, recalculations: [])
    }
}
