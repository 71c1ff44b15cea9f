import Foundation

/// A dumbbell chart as SVG: one row per item (a region), one dumbbell per measure (production,
/// consumption) from its first-year value (hollow dot) to its last-year value (filled dot), so the
/// change between two years reads at a glance. Every change written beside a row names its
/// measure ("consumption +18.8 %"). Labels are measured: the margins are as wide as the widest
/// label and the title and subtitle wrap, so nothing is cut at the edge of the drawing.
///
/// ```swift
/// let svg = DumbbellChart.render(title: "CO2, 2009 → 2011", unit: "Mt CO2", from: "2009", to: "2011",
///                                measures: ["Production", "Consumption"],
///                                rows: [.init(label: "CHN", values: [(8236.6, 9794.0), (6879.8, 8174.5)])])
/// ```
public enum DumbbellChart {
    /// One item of the chart: a label and a first-to-last-year pair per measure.
    public struct Row: Sendable {
        /// The item's label, e.g. a region's name.
        public var label: String
        /// Per measure: (first year, last year); nil when the item has no value for it.
        public var values: [(from: Double, to: Double)?]
        /// A link for the row's label.
        public var link: String?

        /// A row; `link` makes the label a link.
        public init(label: String, values: [(from: Double, to: Double)?], link: String? = nil) {
            self.label = label
            self.values = values
            self.link = link
        }
    }

    static let colors = ["#1d3557", "#e63946", "#2a9d8f", "#f4a261"]
    static let labelSize = 12.0, changeSize = 10.0, tickSize = 11.0, spacing = 13.0

    /// The geometry of one chart: margins from the measured labels.
    struct Layout {
        var width: Double, left: Double, right: Double, top: Double, bottom: Double, band: Double
        var lo: Double, hi: Double, step: Double, ticks: Int
        var height: Double { top + bottom + band * Double(max(rows, 1)) }
        var rows: Int
        var plotWidth: Double { width - left - right }
        func x(_ v: Double) -> Double { left + (v - lo) / (hi - lo) * plotWidth }
    }

    /// The change of a pair in per cent, with its sign ("+18.8 %"), or nil when the first value is 0.
    public static func change(_ pair: (from: Double, to: Double)) -> String? {
        guard pair.from != 0 else { return nil }
        return String(format: "%+.1f %%", (pair.to - pair.from) / abs(pair.from) * 100)
    }

    /// The label of a measure's change: "consumption +18.8 %".
    public static func changeLabel(measure: String, _ pair: (from: Double, to: Double)) -> String? {
        change(pair).map { "\(measure.lowercased()) \($0)" }
    }

    /// The SVG: per row and measure a `g class="dumbbell"` with `data-row`, `data-measure`,
    /// `data-from` and `data-to` (the values), a line and two dots, and a tooltip; at the right of
    /// each dumbbell a `text class="change"` naming the measure and its change.
    public static func render(
        title: String, subtitle: String = "", unit: String, from: String, to: String, measures: [String], rows: [Row],
        width: Double = 860
    ) -> String {
        let esc = SVGText.esc
        var layout = scale(rows: rows, measures: measures, width: width)
        let header = heading(title: title, subtitle: subtitle, width: width)
        layout.top = header.bottom + 34
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(layout.height.rounded(.up)))\" class=\"dumbbell-chart\" role=\"img\" aria-label=\"\(esc(title))\">"
        svg += header.svg
        svg += legend(measures: measures, from: from, to: to, y: header.bottom + 16, width: width)
        svg += axis(layout, unit: unit)
        for (i, row) in rows.enumerated() { svg += self.row(row, index: i, layout: layout, measures: measures, from: from, to: to, unit: unit) }
        return svg + "</svg>"
    }

    /// Margins and the value axis: the left margin holds the widest row label, the right one the
    /// widest change label and half of the last tick.
    static func scale(rows: [Row], measures: [String], width: Double) -> Layout {
        let labelWidth = TextMetrics.widest(rows.map(\.label), fontSize: labelSize)
        let changes = rows.flatMap { r in r.values.enumerated().compactMap { m, p in p.flatMap { changeLabel(measure: name(m, measures), $0) } } }
        let all = rows.flatMap { $0.values.compactMap { $0 }.flatMap { [$0.from, $0.to] } }.filter(\.isFinite)
        let lo = min(0, all.min() ?? 0)
        var hi = all.max() ?? 1
        if hi <= lo { hi = lo + 1 }
        // Round tick steps (1, 2 or 5 × 10^k), the axis ending on a tick.
        let raw = (hi - lo) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        hi = lo + (((hi - lo) / step).rounded(.up)) * step
        let ticks = Int(((hi - lo) / step).rounded())
        let lastTick = TextMetrics.width(tickText(hi), fontSize: tickSize) / 2
        let left = max(40, labelWidth + 16)
        let right = max(lastTick + 6, TextMetrics.widest(changes, fontSize: changeSize) + 16, 24)
        let band = max(16.0, spacing * Double(measures.count) + 8)
        return Layout(
            width: width, left: min(left, width * 0.45), right: min(right, width * 0.3), top: 70, bottom: 44, band: band,
            lo: lo, hi: hi, step: step, ticks: ticks, rows: rows.count)
    }

    static func name(_ m: Int, _ measures: [String]) -> String { m < measures.count ? measures[m] : "measure \(m + 1)" }

    static func tickText(_ v: Double) -> String {
        let a = abs(v)
        guard a >= 100 else { return a >= 1 ? String(format: "%.1f", v) : String(format: "%.3g", v) }
        var digits = String(format: "%.0f", a), grouped = "" // thousands separated: 10,000
        while digits.count > 3 { grouped = "," + digits.suffix(3) + grouped; digits.removeLast(3) }
        return (v < 0 ? "-" : "") + digits + grouped
    }

    /// The title and subtitle, wrapped to the chart's width.
    static func heading(title: String, subtitle: String, width: Double) -> (svg: String, bottom: Double) {
        let t = SVGText.block(title, x: 12, y: 22, width: width - 24, fontSize: 16, bold: true)
        guard !subtitle.isEmpty else { return (t.svg, t.lastBaseline) }
        let s = SVGText.block(subtitle, x: 12, y: t.lastBaseline + 18, width: width - 24, fontSize: 12, attributes: "fill=\"#555\"")
        return (t.svg + s.svg, s.lastBaseline)
    }

    /// A colour per measure; hollow = first year, filled = last year.
    static func legend(measures: [String], from: String, to: String, y: Double, width: Double) -> String {
        let f = SVGText.f, esc = SVGText.esc
        var svg = "", x = 12.0
        for (m, name) in measures.enumerated() {
            let c = colors[m % colors.count]
            svg +=
                "<line x1=\"\(f(x))\" y1=\"\(f(y - 4))\" x2=\"\(f(x + 22))\" y2=\"\(f(y - 4))\" stroke=\"\(c)\" stroke-width=\"3\"/><text x=\"\(f(x + 28))\" y=\"\(f(y))\" font-size=\"12\">\(esc(name))</text>"
            x += 40 + TextMetrics.width(name, fontSize: 12)
        }
        for (label, filled) in [(from, false), (to, true)] {
            svg +=
                "<circle cx=\"\(f(x + 6))\" cy=\"\(f(y - 4))\" r=\"4\" fill=\"\(filled ? "#333" : "#fff")\" stroke=\"#333\" stroke-width=\"1.5\"/><text x=\"\(f(x + 14))\" y=\"\(f(y))\" font-size=\"12\">\(esc(label))</text>"
            x += 24 + TextMetrics.width(label, fontSize: 12)
        }
        return svg
    }

    /// Grid lines, tick values and the unit under the axis.
    static func axis(_ l: Layout, unit: String) -> String {
        let f = SVGText.f
        var svg = ""
        for t in 0...l.ticks {
            let x = l.x(l.lo + l.step * Double(t))
            svg += "<line x1=\"\(f(x))\" y1=\"\(f(l.top - 4))\" x2=\"\(f(x))\" y2=\"\(f(l.height - l.bottom))\" stroke=\"#e5e5e5\"/>"
            svg +=
                "<text x=\"\(f(x))\" y=\"\(f(l.height - l.bottom + 16))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">\(tickText(l.lo + l.step * Double(t)))</text>"
        }
        return svg
            + "<text x=\"\(f(l.left + l.plotWidth / 2))\" y=\"\(f(l.height - 10))\" font-size=\"12\" text-anchor=\"middle\">\(SVGText.esc(unit))</text>"
    }

    /// One row: its label (a link when given), a dumbbell per measure and the measures' changes.
    static func row(_ row: Row, index i: Int, layout l: Layout, measures: [String], from: String, to: String, unit: String) -> String {
        let f = SVGText.f, esc = SVGText.esc
        let y0 = l.top + l.band * Double(i)
        let labelY = y0 + l.band / 2 + 4
        let label = esc(row.label)
        var svg =
            row.link.map {
                "<a href=\"\(esc($0))\"><text x=\"\(f(l.left - 8))\" y=\"\(f(labelY))\" font-size=\"12\" text-anchor=\"end\" fill=\"#1d3557\">\(label)</text></a>"
            }
            ?? "<text x=\"\(f(l.left - 8))\" y=\"\(f(labelY))\" font-size=\"12\" text-anchor=\"end\">\(label)</text>"
        for (m, pair) in row.values.enumerated() {
            guard let pair, pair.from.isFinite, pair.to.isFinite else { continue }
            let c = colors[m % colors.count]
            let y = y0 + 6 + spacing * Double(m) + (l.band - spacing * Double(measures.count)) / 2
            let name = self.name(m, measures)
            svg += "<g class=\"dumbbell\" data-row=\"\(label)\" data-measure=\"\(esc(name))\" data-from=\"\(pair.from)\" data-to=\"\(pair.to)\">"
            svg +=
                "<title>\(label) — \(esc(name)): \(esc(from)) \(tickText(pair.from)), \(esc(to)) \(tickText(pair.to)) \(esc(unit)) (\(change(pair) ?? "n/a"))</title>"
            svg +=
                "<line x1=\"\(f(l.x(pair.from)))\" y1=\"\(f(y))\" x2=\"\(f(l.x(pair.to)))\" y2=\"\(f(y))\" stroke=\"\(c)\" stroke-width=\"3\" stroke-opacity=\"0.6\"/>"
            svg += "<circle class=\"from\" cx=\"\(f(l.x(pair.from)))\" cy=\"\(f(y))\" r=\"4\" fill=\"#fff\" stroke=\"\(c)\" stroke-width=\"1.5\"/>"
            svg += "<circle class=\"to\" cx=\"\(f(l.x(pair.to)))\" cy=\"\(f(y))\" r=\"4\" fill=\"\(c)\"/>"
            svg += "</g>"
            if let text = changeLabel(measure: name, pair) {
                svg +=
                    "<text x=\"\(f(l.width - l.right + 8))\" y=\"\(f(y + 3.5))\" font-size=\"10\" fill=\"\(c)\" class=\"change\" data-measure=\"\(esc(name))\">\(esc(text))</text>"
            }
        }
        return svg
    }
}
