import Foundation
import YuhengCharts

/// One region's figures of the panoramic account, as the map and the country pages show them (Mt).
public struct RegionFigures: Sendable {
    /// An estimate with its range and what it is of (a year or a period).
    public struct Estimate: Sendable {
        /// Central estimate, in `unit`.
        public var value: Double
        /// Lower end of the range, in `unit`; nil when the source gives no range.
        public var low: Double?
        /// Upper end of the range, in `unit`; nil when the source gives no range.
        public var high: Double?
        /// "2011" or "2008–2017".
        public var when: String
        /// Unit of the values, e.g. "Mt CO2" or "Mt CO2e".
        public var unit: String

        /// An estimate.
        public init(value: Double, low: Double?, high: Double?, when: String, unit: String) {
            self.value = value
            self.low = low
            self.high = high
            self.when = when
            self.unit = unit
        }
    }

    /// The region's code in the MRIO table, e.g. "CHN" or "RoW".
    public var region: String
    /// ISO 3166-1 alpha-3 code used to draw the region on the map; nil for aggregates such as "RoW".
    public var iso3: String?
    /// Display name of the region, e.g. "China".
    public var name: String
    /// Production-based (territorial) emissions, Mt CO2 (pba including direct household emissions).
    public var production: Double
    /// Consumption-based emissions, Mt CO2 (cba: emissions embodied in the region's final demand, plus households').
    public var consumption: Double
    /// Emissions embodied in the region's imports, Mt CO2.
    public var imports: Double
    /// Emissions embodied in the region's exports, Mt CO2.
    public var exports: Double
    /// Net emission transfer, imports − exports, Mt CO2 (positive: a net importer of emissions).
    public var net: Double
    /// (consumption − production) / production, in percent; nil when production is zero.
    public var adjustmentPct: Double?
    /// Territorial fossil CO2 of the Global Carbon Budget for comparison, Mt CO2; nil when GCB has no value.
    public var gcbTerritorial: Double?
    /// Consumption-based fossil CO2 of the Global Carbon Budget for comparison, Mt CO2; nil when GCB has no value.
    public var gcbConsumption: Double?
    /// Land-use change CO2 (GCB).
    public var landUse: Estimate?
    /// Natural CH4 sources in CO2e.
    public var natural: Estimate?
    /// Consumption + land use.
    public var panoramicTotal: Double?
    /// (panoramic total − production) / production, in percent; nil without land-use data.
    public var panoramicAdjustmentPct: Double?

    /// The figures of one region (the server builds them from a panorama row).
    public init(
        region: String, iso3: String?, name: String, production: Double, consumption: Double, imports: Double, exports: Double, net: Double,
        adjustmentPct: Double?, gcbTerritorial: Double?, gcbConsumption: Double?, landUse: Estimate?, natural: Estimate?,
        panoramicTotal: Double?, panoramicAdjustmentPct: Double?
    ) {
        self.region = region
        self.iso3 = iso3
        self.name = name
        self.production = production
        self.consumption = consumption
        self.imports = imports
        self.exports = exports
        self.net = net
        self.adjustmentPct = adjustmentPct
        self.gcbTerritorial = gcbTerritorial
        self.gcbConsumption = gcbConsumption
        self.landUse = landUse
        self.natural = natural
        self.panoramicTotal = panoramicTotal
        self.panoramicAdjustmentPct = panoramicAdjustmentPct
    }
}

/// The map page (`/`): a choropleth of one measure of the panoramic account, a table of every
/// region and the datasets behind them. The colour scale is the same for every year compared
/// (the legend says so), so that a colour means the same value in 2009 and 2011.
public enum MapView {
    /// The measures the map can show: key and legend label.
    public static let measures: [(key: String, label: String)] = [
        ("adjustment", "% (consumption − production) / production"), ("production", "Mt CO2, production-based"),
        ("consumption", "Mt CO2, consumption-based"), ("net", "Mt CO2 net transfer (imports − exports)"),
        ("landuse", "Mt CO2, land-use change (GCB 2024)"), ("natural", "Mt CO2e, natural CH4 sources (GMB 2020, 2008–2017)"),
        ("panoramic", "% (consumption + land use − production) / production")
    ]

    /// What the map page shows.
    public struct Model: Sendable {
        /// The measure's key (see ``measures``); unknown keys show the adjustment.
        public var measure: String
        /// The year shown and the years a user can choose (the bundled tables).
        public var year: Int
        /// The years that can be chosen (the bundled tables), ascending.
        public var years: [Int]
        /// The `year` query the page was asked with ("" for the default), kept in its links.
        public var yearQuery: String
        /// One row per region of the shown year.
        public var rows: [RegionFigures]
        /// Every year compared on the map (including `year`), with its rows: they share one colour scale.
        public var compared: [(year: Int, rows: [RegionFigures])]
        /// Country outlines by ISO3 code, for the choropleth.
        public var geometry: [String: WorldMap.Country]
        /// The datasets behind the figures, listed under the map.
        public var datasets: [DatasetLine]
        /// The years of the GHG series for the year selector, each flagged nowcast or not (empty: `years`).
        public var yearChoices: [(year: Int, nowcast: Bool)] = []
        /// The gas shown (co2, ch4, n2o, ghg) and GWP set; nil: the bundled CO2 table.
        public var gas: String? = nil
        /// The GWP set the GHG series is converted with, e.g. "AR5" (shown in the legend).
        public var gwp: String = "AR5"
        /// The unit of the totals ("Mt CO2", or "Mt CO2e" for the GHG series).
        public var unit: String = "Mt CO2"
        /// For a nowcast year: what it rests on and its hold-out error range (shown above the map).
        public var nowcastNote: String? = nil
        /// Countries outside the MRIO with both boundaries in another source (GCB), by ISO3, for the adjustment.
        public var outside: [String: WorldMap.Secondary] = [:]
        /// The legend's line on `outside` (its source).
        public var outsideNote: String = ""

        /// A map model; the optional parts (gas, nowcast, outside note) are set afterwards.
        public init(
            measure: String, year: Int, years: [Int], yearQuery: String, rows: [RegionFigures], compared: [(year: Int, rows: [RegionFigures])],
            geometry: [String: WorldMap.Country], datasets: [DatasetLine]
        ) {
            self.measure = measure
            self.year = year
            self.years = years
            self.yearQuery = yearQuery
            self.rows = rows
            self.compared = compared
            self.geometry = geometry
            self.datasets = datasets
        }
    }

    /// A region's value of a measure.
    public static func value(_ r: RegionFigures, measure: String) -> Double? {
        switch measure {
        case "production": return r.production
        case "consumption": return r.consumption
        case "net": return r.net
        case "landuse": return r.landUse?.value
        case "natural": return r.natural?.value
        case "panoramic": return r.panoramicAdjustmentPct
        default: return r.adjustmentPct
        }
    }

    /// The values of a measure by ISO3 code.
    static func values(_ rows: [RegionFigures], measure: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for r in rows { if let iso = r.iso3, let v = value(r, measure: measure) { out[iso] = v } }
        return out
    }

    /// One colour scale for every year compared: sequential for totals that are never negative,
    /// diverging (clipped at the 95th percentile of |value|) otherwise.
    public static func scale(_ m: Model) -> WorldMap.Scale {
        let key = measures.contains { $0.key == m.measure } ? m.measure : "adjustment"
        let sets = m.compared.map { values($0.rows, measure: key) }
        return ["production", "consumption", "natural"].contains(key) ? WorldMap.sequentialScale(sets) : WorldMap.automaticScale(sets)
    }

    /// The legend's note on the shared scale: "One colour scale for 2009 and 2011: ±51.4".
    static func scaleNote(_ m: Model, _ scale: WorldMap.Scale) -> String {
        let years = m.compared.map(\.year)
        guard years.count > 1 else { return "" }
        let which = years.count == 2 ? "both years'" : "all \(years.count) years'"
        let range: String
        switch scale {
        case .diverging(let limit): range = "±\(String(format: "%.1f", limit)) (95th percentile of \(which) values)"
        case .sequential(let lo, let hi): range = "\(String(format: "%.1f", lo)) to \(String(format: "%.1f", hi))"
        }
        return "One colour scale for \(yearList(years)): \(range)"
    }

    /// "2009 and 2011", "2000–2011" (consecutive years), or "2000, 2005 and 2011".
    static func yearList(_ years: [Int]) -> String {
        let sorted = years.sorted()
        if sorted.count > 2, zip(sorted, sorted.dropFirst()).allSatisfy({ $1 == $0 + 1 }) { return "\(sorted[0])–\(sorted[sorted.count - 1])" }
        let text = sorted.map(String.init)
        return text.count == 1 ? text[0] : text.dropLast().joined(separator: ", ") + " and " + text.last!
    }

    /// The page body.
    public static func render(_ m: Model) -> String {
        let key = measures.contains { $0.key == m.measure } ? m.measure : "adjustment"
        let scale = scale(m)
        let label = unitLabel(measures.first { $0.key == key }!.label, m)
        let outside = key == "adjustment" ? m.outside : [:]
        let note = [scaleNote(m, scale), outside.isEmpty ? "" : m.outsideNote].filter { !$0.isEmpty }.joined(separator: ". ")
        let svg = WorldMap.choropleth(
            values: values(m.rows, measure: key), geometry: m.geometry,
            title: "Panoramic national account, \(gasTitle(m)), \(m.year)\(m.nowcastNote == nil ? "" : " (nowcast)")",
            subtitle: subtitle(m), legendLabel: label,
            scale: scale, legendNote: note, link: { "/country/\($0)\(m.yearQuery)" }, secondary: outside)
        let options = measures.map { "<option value=\"\($0.key)\"\($0.key == m.measure ? " selected" : "")>\(unitLabel($0.label, m))</option>" }
            .joined()
        return """
            <h1>Production vs consumption: who emits, who causes</h1>
            <form method="get"><label>Show <select name="measure" id="measure" onchange="this.form.submit()">\(options)</select></label>
            \(selectors(year: m.year, years: m.years, choices: m.yearChoices, gas: m.gas, gwp: m.gwp))</form>
            \(m.nowcastNote.map { "<p class=\"nowcast\" id=\"nowcast\" data-estimate=\"nowcast\">\(HTML.esc($0))</p>" } ?? "")
            <div class="card" id="map">\(svg)</div>
            <div class="scroll">\(table(m))</div>
            """
    }

    /// The year, gas and GWP selectors of the map and country pages (nowcast years marked in the list).
    public static func selectors(year: Int, years: [Int], choices: [(year: Int, nowcast: Bool)], gas: String?, gwp: String) -> String {
        let list = choices.isEmpty ? years.map { (year: $0, nowcast: false) } : choices
        let yearOptions = list.sorted { $0.year > $1.year }.map {
            "<option value=\"\($0.year)\"\($0.year == year ? " selected" : "")\($0.nowcast ? " class=\"nowcast\"" : "")>\($0.year)\($0.nowcast ? " (nowcast)" : "")</option>"
        }.joined()
        let gases = [("co2", "CO2"), ("ch4", "CH4"), ("n2o", "N2O"), ("ghg", "GHG (CO2 + CH4 + N2O)")]
        let gasOptions = gases.map { "<option value=\"\($0.0)\"\($0.0 == (gas ?? "co2") ? " selected" : "")>\($0.1)</option>" }.joined()
        let gwpOptions = ["AR5", "AR6"].map { "<option value=\"\($0)\"\($0 == gwp ? " selected" : "")>\($0) GWP100</option>" }.joined()
        return """
            <label>Year <select name="year" id="year" onchange="this.form.submit()">\(yearOptions)</select></label>
            <label>Gas <select name="gas" id="gas" onchange="this.form.submit()">\(gasOptions)</select></label>
            <label>Metric <select name="gwp" id="gwp" onchange="this.form.submit()">\(gwpOptions)</select></label>
            """
    }

    /// "GHG (CO2 + CH4 + N2O), AR5" or "CO2".
    static func gasTitle(_ m: Model) -> String {
        guard let g = m.gas else { return "CO2" }
        return (g == "ghg" ? "GHG (CO2 + CH4 + N2O)" : g.uppercased()) + ", \(m.gwp) GWP100"
    }

    static func subtitle(_ m: Model) -> String {
        guard m.gas != nil else { return "Bundled WIOD \(m.year) CO2 input-output table; click a country" }
        return (m.nowcastNote == nil ? "WIOD \(m.year) table with CO2, CH4 and N2O extensions" : "Nowcast from the latest WIOD table")
            + " (\(m.unit)); click a country"
    }

    /// A measure's label in the page's unit ("Mt CO2e, production-based" for the GHG series).
    static func unitLabel(_ label: String, _ m: Model) -> String {
        m.unit == "Mt CO2"
            ? label : label.replacingOccurrences(of: "Mt CO2,", with: "\(m.unit),").replacingOccurrences(of: "Mt CO2 net", with: "\(m.unit) net")
    }

    static func table(_ m: Model) -> String {
        let num = HTML.num
        var rows = ""
        // GCB's columns are fossil CO2: shown beside CO2 only.
        let gcb = m.gas == nil || m.gas == "co2"
        for r in m.rows.sorted(by: { $0.production > $1.production }) {
            let link = r.iso3.map { "<a href=\"/country/\($0)\(m.yearQuery)\">\(HTML.esc(r.name))</a>" } ?? HTML.esc(r.name)
            rows +=
                "<tr><td>\(link)</td><td class=num>\(num(r.production, 1))</td><td class=num>\(num(r.consumption, 1))</td><td class=num>\(num(r.net, 1))</td>"
                + "<td class=num>\(num(r.adjustmentPct, 1))</td>"
                + (gcb ? "<td class=num>\(num(r.gcbTerritorial, 1))</td><td class=num>\(num(r.gcbConsumption, 1))</td>" : "") + "</tr>"
        }
        let u = HTML.esc(m.unit)
        return
            "<table id=\"panorama\"><thead><tr><th>Region</th><th>Production \(u)</th><th>Consumption \(u)</th><th>Net transfer \(u)</th><th>Adjustment, % of production</th>"
            + (gcb ? "<th>GCB territorial Mt</th><th>GCB consumption Mt</th>" : "") + "</tr></thead><tbody>\(rows)</tbody></table>"
    }
}
