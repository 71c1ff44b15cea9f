import Foundation
import YuhengCharts

/// A country's page (`/country/{code}`): its accounts, a bar chart against the Global Carbon
/// Budget, its change between the bundled years, its trade partners (a Sankey diagram) and the
/// top supply-chain paths of its final demand.
public enum CountryView {
    /// A trade partner and the embodied emissions of the flow (Mt).
    public struct Partner: Sendable {
        /// Display name of the partner region, e.g. "Germany".
        public var name: String
        /// Emissions embodied in the flow between the two regions, in Mt (the page's unit, e.g. Mt CO2).
        public var mt: Double
        /// A partner with its embodied emissions.
        public init(name: String, mt: Double) {
            self.name = name
            self.mt = mt
        }
    }

    /// A supply-chain path: final product ← … ← emitting sector.
    public struct Path: Sendable {
        /// The path's sectors as "region:sector" labels, from the final product back to the emitting sector.
        public var nodes: [String]
        /// Emissions along the path, in Mt (the page's unit).
        public var mt: Double
        /// Share of the region's final-demand footprint the path carries (0…1; shown in percent).
        public var share: Double
        /// A path found by structural path analysis.
        public init(nodes: [String], mt: Double, share: Double) {
            self.nodes = nodes
            self.mt = mt
            self.share = share
        }
    }

    /// A region's production and consumption in the first and last year of the bundled series (Mt).
    public struct Trend: Sendable {
        /// Label of the first year, e.g. "2009".
        public var first: String
        /// Label of the last year, e.g. "2011".
        public var last: String
        /// Production-based emissions in the first and the last year, Mt.
        public var production: (from: Double, to: Double)
        /// Consumption-based emissions in the first and the last year, Mt.
        public var consumption: (from: Double, to: Double)
        /// A trend from `first` to `last`.
        public init(first: String, last: String, production: (from: Double, to: Double), consumption: (from: Double, to: Double)) {
            self.first = first
            self.last = last
            self.production = production
            self.consumption = consumption
        }
    }

    /// Everything the country page (`/country/{code}`) shows.
    public struct Model: Sendable {
        /// The region's figures of the panoramic account for ``year``.
        public var figures: RegionFigures
        /// The year shown.
        public var year: Int
        /// The `year` query the page was asked with ("" for the default), kept in its links.
        public var yearQuery: String
        /// The regions the largest embodied imports come from, largest first.
        public var importsFrom: [Partner]
        /// The regions the largest embodied exports go to, largest first.
        public var exportsTo: [Partner]
        /// The largest supply-chain paths of the region's final demand, largest first.
        public var paths: [Path]
        /// Production and consumption across the bundled years; nil when only one year is available.
        public var trend: Trend?
        /// The other bundled years (links to this country in them).
        public var otherYears: [Int]
        /// The year selector's years of the GHG series (empty: no selectors), the gas (nil: the bundled CO2 table) and GWP set.
        public var yearChoices: [(year: Int, nowcast: Bool)] = []
        /// The gas shown (co2, ch4, n2o, ghg); nil for the bundled CO2 table.
        public var gas: String? = nil
        /// The GWP set of the GHG series, e.g. "AR5".
        public var gwp: String = "AR5"
        /// "Mt CO2", or "Mt CO2e" for the GHG series.
        public var unit: String = "Mt CO2"
        /// For a nowcast year: what it rests on and its hold-out error range.
        public var nowcastNote: String? = nil

        /// A country model; the optional parts (GHG selectors, nowcast note) are set afterwards.
        public init(
            figures: RegionFigures, year: Int, yearQuery: String, importsFrom: [Partner], exportsTo: [Partner], paths: [Path], trend: Trend?,
            otherYears: [Int]
        ) {
            self.figures = figures
            self.year = year
            self.yearQuery = yearQuery
            self.importsFrom = importsFrom
            self.exportsTo = exportsTo
            self.paths = paths
            self.trend = trend
            self.otherYears = otherYears
        }
    }

    /// The page body.
    public static func render(_ m: Model) -> String {
        let r = m.figures, num = HTML.num, esc = HTML.esc
        let code = r.iso3 ?? r.region
        let bars = BarChart.render(
            bars: [
                .init(label: "Production (territorial)", value: r.production, valueText: "\(num(r.production, 1)) \(m.unit)"),
                .init(label: "Consumption (footprint)", value: r.consumption, valueText: "\(num(r.consumption, 1)) \(m.unit)"),
                .init(label: "GCB territorial", value: r.gcbTerritorial ?? 0, valueText: "\(num(r.gcbTerritorial ?? 0, 1)) Mt", color: "#a8dadc"),
                .init(label: "GCB consumption", value: r.gcbConsumption ?? 0, valueText: "\(num(r.gcbConsumption ?? 0, 1)) Mt", color: "#a8dadc")
            ], id: "bars")
        let sankey = SankeyChart.render(
            left: m.importsFrom.map { .init(name: $0.name, value: $0.mt) }, right: m.exportsTo.map { .init(name: $0.name, value: $0.mt) },
            leftTitle: "emitted in … for \(r.name)'s consumption", rightTitle: "emitted in \(r.name) for … consumption",
            unit: "Mt", id: "sankey")
        let paths = m.paths.map {
            "<tr><td>\(esc($0.nodes.joined(separator: " ← ")))</td><td class=num>\(num($0.mt, 2))</td><td class=num>\(num($0.share * 100, 1))</td></tr>"
        }.joined()
        let years = m.otherYears.map { "<a href=\"/country/\(esc(code))?year=\($0)\">\($0)</a>" }.joined(separator: " · ")
        return """
            <h1 id="country-name">\(esc(r.name)) (\(esc(code))), \(m.year)</h1>
            \(m.yearChoices.isEmpty ? "" : "<form method=\"get\">" + MapView.selectors(year: m.year, years: m.otherYears + [m.year], choices: m.yearChoices, gas: m.gas, gwp: m.gwp) + "</form>")
            \(m.nowcastNote.map { "<p class=\"nowcast\" id=\"nowcast\" data-estimate=\"nowcast\">\(esc($0))</p>" } ?? "")
            \(summary(r, unit: m.unit))
            <div class="card">\(bars)</div>
            \(m.trend.map { trend($0, label: r.region, unit: m.unit) } ?? "")
            <h2>Trade partners by embodied \(m.gas.map { $0 == "ghg" ? "GHG" : $0.uppercased() } ?? "CO2")</h2>
            <div class="card">\(sankey)</div>
            <h2>Top supply-chain paths of its final demand</h2>
            <div class="scroll"><table id="paths"><thead><tr><th>Path (final product ← … ← emitting sector)</th><th>\(esc(m.unit))</th><th>Share of the consumption footprint, %</th></tr></thead><tbody>
            \(paths)
            </tbody></table></div>
            <p><a href="/\(m.yearQuery)">← back to the map</a> · <a href="/api/panorama/\(esc(r.region))\(m.yearQuery)">JSON</a> · \(years)</p>
            """
    }

    /// The table of the region's accounts.
    static func summary(_ r: RegionFigures, unit: String = "Mt CO2") -> String {
        let num = HTML.num, esc = HTML.esc
        var rows = """
            <tr><th>Production-based</th><td class=num id="production">\(num(r.production, 1))</td><td>\(HTML.esc(unit))</td></tr>
            <tr><th>Consumption-based</th><td class=num id="consumption">\(num(r.consumption, 1))</td><td>\(HTML.esc(unit))</td></tr>
            <tr><th>Embodied imports</th><td class=num>\(num(r.imports, 1))</td><td>\(HTML.esc(unit))</td></tr>
            <tr><th>Embodied exports</th><td class=num>\(num(r.exports, 1))</td><td>\(HTML.esc(unit))</td></tr>
            <tr><th>Net transfer</th><td class=num id="net">\(num(r.net, 1))</td><td>\(HTML.esc(unit))</td></tr>
            <tr><th>Adjustment</th><td class=num>\(num(r.adjustmentPct, 1))</td><td>% of production</td></tr>
            """
        if let l = r.landUse {
            rows +=
                "<tr><th>Land-use change (\(esc(l.when)), GCB 2024)</th><td class=num id=\"landuse\">\(num(l.value, 1))</td><td>\(esc(l.unit)) (models \(num(l.low, 1)) to \(num(l.high, 1)))</td></tr>"
        }
        if let n = r.natural {
            rows +=
                "<tr><th>Natural CH4 sources (\(esc(n.when)), not in totals)</th><td class=num id=\"natural\">\(num(n.value, 1))</td><td>\(esc(n.unit)) (\(num(n.low, 1)) to \(num(n.high, 1)))</td></tr>"
        }
        if let p = r.panoramicTotal {
            // Land-use CO2 counts at GWP 1, so the sum is in the account's unit (Mt CO2, or Mt CO2e for the GHG series).
            rows += "<tr><th>Consumption + land-use CO2</th><td class=num id=\"panoramic\">\(num(p, 1))</td><td>\(HTML.esc(unit))</td></tr>"
        }
        return "<table id=\"summary\">\(rows)</table>"
    }

    /// The region's change between the first and last bundled year, each change naming its measure.
    static func trend(_ t: CountryView.Trend, label: String, unit: String) -> String {
        let svg = DumbbellChart.render(
            title: "\(t.first) → \(t.last)", unit: unit, from: t.first, to: t.last,
            measures: ["Production", "Consumption"], rows: [DumbbellChart.Row(label: label, values: [t.production, t.consumption])])
        let p = DumbbellChart.changeLabel(measure: "production", t.production) ?? "",
            c = DumbbellChart.changeLabel(measure: "consumption", t.consumption) ?? ""
        return
            "<h2>Change since \(HTML.esc(t.first))</h2><div class=\"card\" id=\"trend\">\(svg)<p class=\"muted\" id=\"trend-changes\">\(HTML.esc(p)); \(HTML.esc(c))</p></div>"
    }
}
