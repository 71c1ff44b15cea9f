import Foundation
import YuhengCharts

/// The trends page (`/trends`): production- and consumption-based CO2 of every region in the
/// first and last year of the bundled series, as a dumbbell chart of the largest consumers and a
/// table; every change says which measure it is of.
public enum TrendsView {
    /// A region's values in the first and last year (Mt).
    public struct Row: Sendable {
        /// The region's code in the MRIO table, e.g. "CHN" ("World" for the world row).
        public var region: String
        /// Display name of the region, e.g. "China".
        public var name: String
        /// ISO 3166-1 alpha-3 code for the region's flag and map link; nil for aggregates and the world.
        public var iso3: String?
        /// Production-based emissions in the first and the last year, Mt; nil when the region is missing a year.
        public var production: (from: Double, to: Double)?
        /// Consumption-based emissions in the first and the last year, Mt; nil when the region is missing a year.
        public var consumption: (from: Double, to: Double)?
        /// A region's row.
        public init(region: String, name: String, iso3: String?, production: (from: Double, to: Double)?, consumption: (from: Double, to: Double)?) {
            self.region = region
            self.name = name
            self.iso3 = iso3
            self.production = production
            self.consumption = consumption
        }
    }

    /// One region's production and consumption over the years of the GHG series (Mt CO2e).
    public struct Lines: Sendable {
        /// The region's code, e.g. "CHN".
        public var region: String
        /// Display name of the region, e.g. "China".
        public var name: String
        /// The years of the series, ascending; every array below is aligned with it.
        public var years: [Int]
        /// Whether each year is a nowcast (drawn dashed).
        public var nowcast: [Bool]
        /// Production-based emissions per year, Mt CO2e.
        public var production: [Double]
        /// Consumption-based emissions per year, Mt CO2e.
        public var consumption: [Double]
        /// The hold-out error range of each nowcast year's consumption-based total (90th percentile, %); nil for a table year.
        public var consumptionErrorPct: [Double?]
        /// A region's lines.
        public init(
            region: String, name: String, years: [Int], nowcast: [Bool], production: [Double], consumption: [Double], consumptionErrorPct: [Double?]
        ) {
            self.region = region
            self.name = name
            self.years = years
            self.nowcast = nowcast
            self.production = production
            self.consumption = consumption
            self.consumptionErrorPct = consumptionErrorPct
        }
    }

    /// Everything the trends page (`/trends`) shows.
    public struct Model: Sendable {
        /// Label of the first year compared, e.g. "2009".
        public var first: String
        /// Label of the last year compared, e.g. "2011".
        public var last: String
        /// Every region, largest consumer in the last year first.
        public var rows: [Row]
        /// World totals (Mt).
        public var world: Row
        /// How many regions the chart shows.
        public var top: Int
        /// The datasets behind the figures, listed under the chart.
        public var datasets: [DatasetLine]
        /// The GHG series' lines per region (production vs consumption, nowcast years dashed) and their gas label.
        public var lines: [Lines] = []
        /// What the lines are of: gases and GWP set.
        public var linesGas: String = "GHG (CO2 + CH4 + N2O), AR5"
        /// A trends model; the GHG lines are set afterwards.
        public init(first: String, last: String, rows: [Row], world: Row, top: Int, datasets: [DatasetLine]) {
            self.first = first
            self.last = last
            self.rows = rows
            self.world = world
            self.top = top
            self.datasets = datasets
        }
    }

    /// The page body.
    public static func render(_ m: Model) -> String {
        let esc = HTML.esc
        let chartRows = m.rows.prefix(m.top).map { r in
            DumbbellChart.Row(label: r.name, values: [r.production, r.consumption], link: r.iso3.map { "/country/\($0)" })
        }
        let svg = DumbbellChart.render(
            title: "Production- and consumption-based CO2, \(m.first) → \(m.last)",
            subtitle:
                "Bundled WIOD tables (2013 release) with JRC CO2 accounts; the \(m.top) largest consumers in \(m.last); each measure's change at the right",
            unit: "Mt CO2", from: m.first, to: m.last, measures: ["Production", "Consumption"], rows: Array(chartRows))
        let table = m.rows.map { row($0, header: false) }.joined() + row(m.world, header: true)
        return linesSection(m) + """
            <h1>How production and consumption changed, \(esc(m.first)) to \(esc(m.last))</h1>
            <form method="get"><label>Regions in the chart <input type="number" name="top" min="5" max="41" value="\(m.top)"></label> <button>Show</button></form>
            <div class="card" id="trend-chart">\(svg)</div>
            <div class="scroll"><table id="trends"><thead><tr><th>Region</th><th>Production \(esc(m.first)) Mt</th><th>Production \(esc(m.last)) Mt</th><th>Production change, % of \(esc(m.first)) production</th><th>Consumption \(esc(m.first)) Mt</th><th>Consumption \(esc(m.last)) Mt</th><th>Consumption change, % of \(esc(m.first)) consumption</th></tr></thead><tbody>\(table)</tbody></table></div>
            <p class="muted">Monetary tables in current US dollars of each year; the emission accounts follow the residence principle. <a href="/api/mrio/series">JSON</a></p>
            """
    }

    /// The line charts: per region production vs consumption over every year, nowcast years dashed with the
    /// hold-out error band (90th percentile) around the nowcast consumption.
    static func linesSection(_ m: Model) -> String {
        guard !m.lines.isEmpty else { return "" }
        let charts = m.lines.map { l -> String in
            let idx = l.years.indices
            let lastTable = idx.last { !l.nowcast[$0] } ?? 0
            func pts(_ v: [Double], _ r: [Int]) -> [(x: Double, y: Double)] { r.map { (Double(l.years[$0]), v[$0]) } }
            let tables = Array(idx.filter { !l.nowcast[$0] }), nowcasts = [lastTable] + idx.filter { l.nowcast[$0] }
            let band = nowcasts.map { i -> (lo: Double, hi: Double) in
                let e = (l.consumptionErrorPct[i] ?? 0) / 100; return (l.consumption[i] * (1 - e), l.consumption[i] * (1 + e))
            }
            var series = [
                LineChart.Series(name: "Production", points: pts(l.production, tables), color: "#1d3557"),
                LineChart.Series(name: "Consumption", points: pts(l.consumption, tables), color: "#e63946")
            ]
            if nowcasts.count > 1 {
                series += [
                    LineChart.Series(name: "Production, nowcast", points: pts(l.production, nowcasts), dashed: true, color: "#1d3557"),
                    LineChart.Series(
                        name: "Consumption, nowcast (band: 90th-percentile hold-out error)", points: pts(l.consumption, nowcasts), band: band,
                        dashed: true, color: "#e63946")
                ]
            }
            let svg = LineChart.render(
                title: "\(l.name): production vs consumption, \(l.years.first ?? 0)–\(l.years.last ?? 0)",
                subtitle: "\(m.linesGas); tables solid, nowcasts dashed", unit: "Mt CO2e", series: series, height: 320)
            return "<div class=\"card lines\" data-region=\"\(HTML.esc(l.region))\">\(svg)</div>"
        }.joined()
        return "<h1>Production and consumption, every year</h1><div id=\"trend-lines\">\(charts)</div>"
    }

    static func row(_ r: Row, header: Bool) -> String {
        let num = HTML.num, esc = HTML.esc
        let label = header ? "<th>\(esc(r.name))</th>" : "<td>\(r.iso3.map { "<a href=\"/country/\($0)\">\(esc(r.name))</a>" } ?? esc(r.name))</td>"
        let p = r.production, c = r.consumption
        return
            "<tr data-region=\"\(esc(r.region))\">\(label)<td class=num>\(num(p?.from, 1))</td><td class=num>\(num(p?.to, 1))</td><td class=num>\(HTML.percentChange(from: p?.from, to: p?.to))</td>"
            + "<td class=num>\(num(c?.from, 1))</td><td class=num>\(num(c?.to, 1))</td><td class=num>\(HTML.percentChange(from: c?.from, to: c?.to))</td></tr>"
    }
}
