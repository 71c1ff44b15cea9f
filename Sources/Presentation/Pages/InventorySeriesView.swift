import Foundation
import YuhengCharts

/// The time-series part of the inventory page (`/inventory` with an activity file that has a
/// `year` column): a chart of each IPCC sector over the years, the trend from the base year with
/// its Approach 1 uncertainty, the key categories as a table and a Pareto chart, and a form that
/// downloads the printable report (CRT-layout summary tables, key categories, uncertainty).
public enum InventorySeriesView {
    /// One IPCC sector's totals over the years, t CO2e (nil where the sector has no line that year).
    public struct Sector: Sendable {
        /// IPCC sector name, e.g. "1 Energy", "2 IPPU", "3 AFOLU", "4 Waste" or "5 Other".
        public var name: String
        /// The sector's total in t CO2e per year, aligned with ``Series/years``.
        public var tonnes: [Double?]
        /// A sector line.
        public init(name: String, tonnes: [Double?]) {
            self.name = name
            self.tonnes = tonnes
        }
    }

    /// One key category (shares 0…1).
    public struct Key: Sendable {
        /// IPCC category code, e.g. "1.A.1.a".
        public var category: String
        /// Category name, e.g. "Energy Industries".
        public var name: String
        /// The gas of the key source, e.g. "CO2".
        public var gas: String
        /// Which assessments made it key: `level`, `level_base_year`, `trend`.
        public var criteria: [String]
        /// Approach 1 level share (IPCC 2006 Vol. 1 Eq. 4.1) in the latest year; nil when not assessed.
        public var levelShare: Double?
        /// Cumulative level share in descending order, the 95 % threshold's basis; nil when not assessed.
        public var levelCumulative: Double?
        /// Approach 1 trend share (IPCC 2006 Vol. 1 Eq. 4.2), normalised to sum to 1; nil without a base year.
        public var trendShare: Double?
        /// The category's emissions of that gas in the latest year, t CO2e.
        public var co2e: Double
        /// A key category row.
        public init(
            category: String, name: String, gas: String, criteria: [String], levelShare: Double?, levelCumulative: Double?, trendShare: Double?,
            co2e: Double
        ) {
            self.category = category
            self.name = name
            self.gas = gas
            self.criteria = criteria
            self.levelShare = levelShare
            self.levelCumulative = levelCumulative
            self.trendShare = trendShare
            self.co2e = co2e
        }
    }

    /// What the view shows.
    public struct Series: Sendable {
        /// The inventory years, ascending.
        public var years: [Int]
        /// The base year trends are measured from; nil when the series has none.
        public var baseYear: Int?
        /// GWP set the CO2e figures use, e.g. "AR5".
        public var gwp: String
        /// One line per IPCC sector present.
        public var sectors: [Sector]
        /// The inventory total per year, t CO2e, aligned with ``years``.
        public var totals: [Double]
        /// Change of the total from the base year (% of the base year) and its 95 % half-width (percentage points).
        public var trendPercent: Double?
        /// 95 % half-width of the trend, in percentage points; nil without a base year or without uncertainty data.
        public var trendUncertaintyPoints: Double?
        /// The key categories (IPCC 2006 Vol. 1 Ch. 4), largest first.
        public var keys: [Key]
        /// A series model.
        public init(
            years: [Int], baseYear: Int?, gwp: String, sectors: [Sector], totals: [Double], trendPercent: Double?, trendUncertaintyPoints: Double?,
            keys: [Key]
        ) {
            self.years = years
            self.baseYear = baseYear
            self.gwp = gwp
            self.sectors = sectors
            self.totals = totals
            self.trendPercent = trendPercent
            self.trendUncertaintyPoints = trendUncertaintyPoints
            self.keys = keys
        }
    }

    /// The section: trend line, sector chart, key categories (table and Pareto chart), report form.
    /// `csv` and `gwp` are what the report form sends again.
    public static func render(_ s: Series, csv: String) -> String {
        """
        <section class="card" id="inventory-series">
        <h2>Time series \(s.years.first.map(String.init) ?? "")–\(s.years.last.map(String.init) ?? "")</h2>
        \(trend(s))
        \(sectorChart(s))
        </section>
        <section class="card" id="key-categories">
        <h2>Key categories (IPCC Approach 1, 95 % cumulative level; trend from \(s.baseYear.map(String.init) ?? "the first year"))</h2>
        \(pareto(s.keys))
        \(keyTable(s.keys))
        </section>
        \(reportForm(s, csv: csv))
        """
    }

    static func trend(_ s: Series) -> String {
        guard let base = s.baseYear, let last = s.years.last, let t = s.trendPercent else { return "" }
        let u = s.trendUncertaintyPoints.map { String(format: " ± %.1f percentage points (95 %%, IPCC Approach 1)", $0) } ?? ""
        return
            "<p id=\"inventory-trend\">Total \(base)→\(last): <b>\(String(format: "%+.1f %%", t)) of the \(base) total</b>\(u) (\(HTML.esc(s.gwp)) GWP100).</p>"
    }

    static func sectorChart(_ s: Series) -> String {
        let series = s.sectors.map { sector in
            LineChart.Series(name: sector.name, points: zip(s.years, sector.tonnes).compactMap { y, t in t.map { (x: Double(y), y: $0 / 1000) } })
        }.filter { !$0.points.isEmpty }
        return "<div class=\"chart\" id=\"sector-chart\">"
            + LineChart.render(
                title: "Emissions by IPCC sector", subtitle: "kt CO2e (\(s.gwp) GWP100) per year",
                unit: "kt CO2e", series: series) + "</div>"
    }

    /// Key categories by level share, largest first, with the cumulative share: a Pareto chart.
    static func pareto(_ keys: [Key]) -> String {
        let ranked = keys.filter { $0.levelShare != nil }.sorted { ($0.levelShare ?? 0) > ($1.levelShare ?? 0) }
        guard !ranked.isEmpty else { return "" }
        var cumulative = 0.0
        let bars = ranked.map { k -> BarChart.Bar in
            cumulative += k.levelShare ?? 0
            return BarChart.Bar(
                label: "\(k.category) \(k.gas)", value: (k.levelShare ?? 0) * 100,
                valueText: String(format: "%.1f %% (cumulative %.1f %%)", (k.levelShare ?? 0) * 100, cumulative * 100))
        }
        return "<div class=\"chart\" id=\"pareto-chart\">"
            + BarChart.render(bars: bars, id: "pareto", title: "Share of the latest year's total (level, % of |total|)") + "</div>"
    }

    static func keyTable(_ keys: [Key]) -> String {
        let esc = HTML.esc
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f", $0 * 100) } ?? "–" }
        let rows = keys.map { k in
            "<tr><td>\(esc(k.category))</td><td>\(esc(k.name))</td><td>\(esc(k.gas))</td><td>\(esc(k.criteria.joined(separator: ", ")))</td>"
                + "<td class=\"num\">\(pct(k.levelShare))</td><td class=\"num\">\(pct(k.levelCumulative))</td><td class=\"num\">\(pct(k.trendShare))</td>"
                + "<td class=\"num\">\(HTML.grouped(k.co2e / 1000, 1))</td></tr>"
        }.joined()
        return """
            <div class="scroll"><table id="key-category-table"><thead><tr><th>Category</th><th>Name</th><th>Gas</th><th>Key by</th><th>Level share, %</th>\
            <th>Cumulative, %</th><th>Trend share, %</th><th>kt CO2e</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }

    static func reportForm(_ s: Series, csv: String) -> String {
        let esc = HTML.esc
        return """
            <form class="card" id="inventory-report-form" method="post" action="/inventory/report" enctype="multipart/form-data">
            <input type="hidden" name="gwp" value="\(esc(s.gwp))"><input type="hidden" name="base_year" value="\(s.baseYear.map(String.init) ?? "")">
            <textarea name="csv" hidden>\(esc(csv))</textarea>
            <p>The printable report: summary tables in the layout of the UNFCCC Common Reporting Tables, the key categories, the uncertainty and the trend.
            <button type="submit" id="download-report">Download the report (HTML)</button></p>
            </form>
            """
    }
}
