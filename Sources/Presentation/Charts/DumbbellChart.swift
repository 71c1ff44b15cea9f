import Foundation

/// A dumbbell chart as SVG: one row per item (a region), one dumbbell per measure (production,
/// consumption) from its first-year value (hollow dot) to its last-year value (filled dot), so the
/// change between two years reads at a glance.
///
/// ```swift
/// let svg = DumbbellChart.render(title: "CO2, 2009 → 2011", unit: "Mt CO2", from: "2009", to: "2011",
///                                measures: ["Production", "Consumption"],
///                                rows: [.init(label: "CHN", values: [(8236.6, 9794.0), (6879.8, 8174.5)])])
/// ```
public enum DumbbellChart {
    public struct Row: Sendable {
        public var label: String
        /// Per measure: (first year, last year); nil when the item has no value for it.
        public var values: [(from: Double, to: Double)?]
        /// A link for the row's label.
        public var link: String?

        public init(label: String, values: [(from: Double, to: Double)?], link: String? = nil) {
            self.label = label
            self.values = values
            self.link = link
        }
    }

    static let colors = ["#1d3557", "#e63946", "#2a9d8f", "#f4a261"]

    /// The SVG: per row and measure a `g class="dumbbell"` with `data-row`, `data-measure`,
    /// `data-from` and `data-to` (the values), a line and two dots, and a tooltip.
    public static func render(title: String, subtitle: String = "", unit: String, from: String, to: String, measures: [String], rows: [Row],
                              width: Double = 860) -> String {
        let esc = WorldMap.esc
        let left = 150.0, right = 90.0, top = 70.0, bottom = 44.0
        let band = max(16.0, 10.0 * Double(measures.count) + 8)
        let height = top + bottom + band * Double(max(rows.count, 1))
        let pw = width - left - right
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
        func px(_ v: Double) -> Double { left + (v - lo) / (hi - lo) * pw }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        func value(_ v: Double) -> String {
            let a = abs(v)
            guard a >= 100 else { return a >= 1 ? String(format: "%.1f", v) : String(format: "%.3g", v) }
            var digits = String(format: "%.0f", a), grouped = ""   // thousands separated: 10,000
            while digits.count > 3 { grouped = "," + digits.suffix(3) + grouped; digits.removeLast(3) }
            return (v < 0 ? "-" : "") + digits + grouped
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" class=\"dumbbell-chart\" role=\"img\" aria-label=\"\(esc(title))\">"
        svg += "<text x=\"\(f(left))\" y=\"22\" font-size=\"16\" font-weight=\"bold\">\(esc(title))</text>"
        if !subtitle.isEmpty { svg += "<text x=\"\(f(left))\" y=\"40\" font-size=\"12\" fill=\"#555\">\(esc(subtitle))</text>" }
        // Legend: a colour per measure; hollow = first year, filled = last year.
        var lx = left
        for (m, name) in measures.enumerated() {
            let c = colors[m % colors.count]
            svg += "<line x1=\"\(f(lx))\" y1=\"56\" x2=\"\(f(lx + 22))\" y2=\"56\" stroke=\"\(c)\" stroke-width=\"3\"/><text x=\"\(f(lx + 28))\" y=\"60\" font-size=\"12\">\(esc(name))</text>"
            lx += 40 + Double(name.count) * 7
        }
        svg += "<circle cx=\"\(f(lx + 6))\" cy=\"56\" r=\"4\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"1.5\"/><text x=\"\(f(lx + 14))\" y=\"60\" font-size=\"12\">\(esc(from))</text>"
        lx += 24 + Double(from.count) * 7
        svg += "<circle cx=\"\(f(lx + 6))\" cy=\"56\" r=\"4\" fill=\"#333\"/><text x=\"\(f(lx + 14))\" y=\"60\" font-size=\"12\">\(esc(to))</text>"
        // Grid and axis.
        for t in 0...ticks {
            let v = lo + step * Double(t)
            let x = px(v)
            svg += "<line x1=\"\(f(x))\" y1=\"\(f(top - 4))\" x2=\"\(f(x))\" y2=\"\(f(height - bottom))\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(f(x))\" y=\"\(f(height - bottom + 16))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">\(value(v))</text>"
        }
        svg += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 8))\" font-size=\"12\" text-anchor=\"middle\">\(esc(unit))</text>"
        for (i, row) in rows.enumerated() {
            let y0 = top + band * Double(i)
            let labelY = y0 + band / 2 + 4
            let label = esc(row.label)
            svg += row.link.map { "<a href=\"\(esc($0))\"><text x=\"\(f(left - 8))\" y=\"\(f(labelY))\" font-size=\"12\" text-anchor=\"end\" fill=\"#1d3557\">\(label)</text></a>" }
                ?? "<text x=\"\(f(left - 8))\" y=\"\(f(labelY))\" font-size=\"12\" text-anchor=\"end\">\(label)</text>"
            for (m, pair) in row.values.enumerated() {
                guard let pair, pair.from.isFinite, pair.to.isFinite else { continue }
                let c = colors[m % colors.count]
                let y = y0 + 6 + 10 * Double(m) + (band - 10 * Double(measures.count)) / 2
                let change = pair.from != 0 ? String(format: "%+.1f %%", (pair.to - pair.from) / abs(pair.from) * 100) : "n/a"
                let name = m < measures.count ? measures[m] : "measure \(m + 1)"
                svg += "<g class=\"dumbbell\" data-row=\"\(label)\" data-measure=\"\(esc(name))\" data-from=\"\(pair.from)\" data-to=\"\(pair.to)\">"
                svg += "<title>\(label) — \(esc(name)): \(esc(from)) \(value(pair.from)), \(esc(to)) \(value(pair.to)) \(esc(unit)) (\(change))</title>"
                svg += "<line x1=\"\(f(px(pair.from)))\" y1=\"\(f(y))\" x2=\"\(f(px(pair.to)))\" y2=\"\(f(y))\" stroke=\"\(c)\" stroke-width=\"3\" stroke-opacity=\"0.6\"/>"
                svg += "<circle class=\"from\" cx=\"\(f(px(pair.from)))\" cy=\"\(f(y))\" r=\"4\" fill=\"#fff\" stroke=\"\(c)\" stroke-width=\"1.5\"/>"
                svg += "<circle class=\"to\" cx=\"\(f(px(pair.to)))\" cy=\"\(f(y))\" r=\"4\" fill=\"\(c)\"/>"
                svg += "</g>"
            }
            // The last measure's change, written at the right edge.
            if let last = row.values.last ?? nil, last.from != 0 {
                svg += "<text x=\"\(f(width - right + 8))\" y=\"\(f(labelY))\" font-size=\"11\" fill=\"#555\" class=\"change\">\(String(format: "%+.1f %%", (last.to - last.from) / abs(last.from) * 100))</text>"
            }
        }
        return svg + "</svg>"
    }
}
