import Foundation
import YuhengCharts

/// The structural decomposition page (`/sda`): why consumption-based emissions changed between two
/// years of the GHG series, a waterfall chart per region (first year, the five effects, last year).
public enum SDAView {
    /// One region's decomposition (Mt CO2e).
    public struct Region: Sendable {
        /// The region's code in the MRIO table, e.g. "CHN".
        public var region: String
        /// Display name of the region, e.g. "China".
        public var name: String
        /// Emissions in the first year (`from`), Mt CO2e.
        public var d0: Double
        /// Emissions in the last year (`to`), Mt CO2e; d1 − d0 is the sum of the effects.
        public var d1: Double
        /// intensity, production structure, final-demand composition, final-demand level, households' direct emissions.
        public var effects: [(label: String, value: Double)]
        /// A region's values.
        public init(region: String, name: String, d0: Double, d1: Double, effects: [(label: String, value: Double)]) {
            self.region = region
            self.name = name
            self.d0 = d0
            self.d1 = d1
            self.effects = effects
        }
    }

    /// What the page shows.
    public struct Model: Sendable {
        /// First year of the decomposition.
        public var from: Int
        /// Last year of the decomposition.
        public var to: Int
        /// Whether each year is a nowcast.
        public var fromNowcast: Bool
        /// Whether ``to`` is a nowcast (its production-structure effect against the base table is zero).
        public var toNowcast: Bool
        /// The gas decomposed, e.g. "GHG" or "CO2".
        public var gas: String
        /// GWP set used to express the gas in CO2e, e.g. "AR5".
        public var gwp: String
        /// Unit of every value, e.g. "Mt CO2e".
        public var unit: String
        /// The regions charted (largest absolute change first).
        public var regions: [Region]
        /// The years that can be chosen, each flagged nowcast or not.
        public var years: [(year: Int, nowcast: Bool)]
        /// Every region of the table (code, name) for the region selector, and the one chosen ("" for the largest changes).
        public var choices: [(code: String, name: String)]
        /// The code of the chosen region; "" for the regions with the largest changes.
        public var chosen: String
        /// Method notes shown under the chart (factors, averaging over orderings, prices, nowcasts).
        public var notes: [String]
        /// The datasets behind the figures, listed under the page.
        public var datasets: [DatasetLine]
        /// The page's values.
        public init(
            from: Int, to: Int, fromNowcast: Bool, toNowcast: Bool, gas: String, gwp: String, unit: String, regions: [Region],
            years: [(year: Int, nowcast: Bool)], choices: [(code: String, name: String)], chosen: String, notes: [String], datasets: [DatasetLine]
        ) {
            self.from = from
            self.to = to
            self.fromNowcast = fromNowcast
            self.toNowcast = toNowcast
            self.gas = gas
            self.gwp = gwp
            self.unit = unit
            self.regions = regions
            self.years = years
            self.choices = choices
            self.chosen = chosen
            self.notes = notes
            self.datasets = datasets
        }
    }

    static func label(_ y: Int, nowcast: Bool) -> String { nowcast ? "\(y) (nowcast)" : "\(y)" }

    /// The page body.
    public static func render(_ m: Model) -> String {
        let esc = HTML.esc
        let panels = m.regions.map { r in
            WaterfallChart.Panel(
                label: "\(r.name) (\(r.region))", start: (label(m.from, nowcast: m.fromNowcast), r.d0), steps: r.effects,
                end: (label(m.to, nowcast: m.toNowcast), r.d1))
        }
        let gasName = m.gas == "ghg" ? "GHG (CO2 + CH4 + N2O)" : m.gas.uppercased()
        let svg = WaterfallChart.render(
            title: "Why consumption-based \(gasName) changed, \(label(m.from, nowcast: m.fromNowcast)) → \(label(m.to, nowcast: m.toNowcast))",
            subtitle: "\(m.unit), \(m.gwp) GWP100; structural decomposition, average over all orderings (Dietzenbacher & Los)",
            unit: m.unit, panels: panels)
        func years(_ name: String, _ chosen: Int) -> String {
            let o = m.years.map {
                "<option value=\"\($0.year)\"\($0.year == chosen ? " selected" : "")>\(label($0.year, nowcast: $0.nowcast))</option>"
            }.joined()
            return "<select name=\"\(name)\" id=\"sda-\(name)\">\(o)</select>"
        }
        let gases = [("co2", "CO2"), ("ch4", "CH4"), ("n2o", "N2O"), ("ghg", "GHG")].map {
            "<option value=\"\($0.0)\"\($0.0 == m.gas ? " selected" : "")>\($0.1)</option>"
        }.joined()
        let regions =
            "<option value=\"\"\(m.chosen.isEmpty ? " selected" : "")>the 6 largest changes</option>"
            + m.choices.map { "<option value=\"\(esc($0.code))\"\($0.code == m.chosen ? " selected" : "")>\(esc($0.name))</option>" }.joined()
        let rows = m.regions.map { r in
            "<tr data-region=\"\(esc(r.region))\"><td>\(esc(r.name))</td><td class=num>\(HTML.num(r.d0, 1))</td>"
                + r.effects.map { "<td class=num>\(HTML.num($0.value, 1))</td>" }.joined()
                + "<td class=num>\(HTML.num(r.d1, 1))</td></tr>"
        }.joined()
        let heads = m.regions.first?.effects.map { "<th>\(esc($0.label)) \(esc(m.unit))</th>" }.joined() ?? ""
        return """
            <h1>Why consumption-based emissions changed</h1>
            <form method="get"><label>From \(years("from", m.from))</label> <label>to \(years("to", m.to))</label>
            <label>Gas <select name="gas" id="sda-gas">\(gases)</select></label> <label>Region <select name="region" id="sda-region">\(regions)</select></label>
            <input type="hidden" name="gwp" value="\(esc(m.gwp))"> <button>Show</button></form>
            \((m.fromNowcast || m.toNowcast) ? "<p class=\"nowcast\" id=\"nowcast\" data-estimate=\"nowcast\">A nowcast year rests on the latest table: its production structure is that table's, so the production-structure effect against it is zero.</p>" : "")
            <div class="card" id="sda-chart">\(svg)</div>
            <div class="scroll"><table id="sda"><thead><tr><th>Region</th><th>\(m.from) \(esc(m.unit))</th>\(heads)<th>\(m.to) \(esc(m.unit))</th></tr></thead><tbody>\(rows)</tbody></table></div>
            <ul class="muted">\(m.notes.map { "<li>\(esc($0))</li>" }.joined())</ul>
            <p class="muted"><a href="/api/mrio/sda?from=\(m.from)&amp;to=\(m.to)&amp;gas=\(esc(m.gas))&amp;gwp=\(esc(m.gwp))\(m.chosen.isEmpty ? "" : "&amp;region=\(esc(m.chosen))")">JSON</a></p>
            """
    }
}
