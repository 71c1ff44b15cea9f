import Foundation

/// A waterfall chart as a standalone SVG: per panel a start bar, the steps that lead from it (up in
/// one colour, down in another) and the end bar — e.g. a structural decomposition of a region's
/// change in emissions. One panel per row of `panels`, stacked.
///
/// ```swift
/// let svg = WaterfallChart.render(title: "CHN 2005 → 2011", unit: "Mt CO2e", panels: [
///     .init(label: "CHN", start: ("2005", 5200), steps: [("intensity", -900), ("level", 3100)], end: ("2011", 7400)),
/// ])
/// ```
public enum WaterfallChart {
    /// One region's bars.
    public struct Panel: Sendable {
        /// The panel's title (a region).
        public var label: String
        /// The first bar (e.g. the first year's total), from zero.
        public var start: (label: String, value: Double)
        /// The changes from `start`, each a floating bar (up or down).
        public var steps: [(label: String, value: Double)]
        /// The last bar, from zero.
        public var end: (label: String, value: Double)

        /// A panel of bars.
        public init(
            label: String, start: (label: String, value: Double), steps: [(label: String, value: Double)], end: (label: String, value: Double)
        ) {
            self.label = label
            self.start = start
            self.steps = steps
            self.end = end
        }
    }

    /// The SVG: panels stacked vertically, each with its own value axis (bars of different regions differ by orders of magnitude).
    public static func render(title: String, subtitle: String = "", unit: String, panels: [Panel], width: Double = 860, panelHeight: Double = 230)
        -> String
    {
        let height = 64 + panelHeight * Double(max(panels.count, 1))
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" class=\"waterfall-chart\" role=\"img\" aria-label=\"\(WorldMap.esc(title))\">"
        svg += "<text x=\"20\" y=\"22\" font-size=\"16\" font-weight=\"bold\">\(WorldMap.esc(title))</text>"
        if !subtitle.isEmpty { svg += "<text x=\"20\" y=\"40\" font-size=\"12\" fill=\"#555\">\(WorldMap.esc(subtitle))</text>" }
        for (i, p) in panels.enumerated() { svg += panel(p, top: 56 + panelHeight * Double(i), width: width, height: panelHeight, unit: unit) }
        return svg + "</svg>"
    }

    static func panel(_ p: Panel, top: Double, width: Double, height: Double, unit: String) -> String {
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        let left = 80.0, plotTop = top + 24, plotH = height - 70
        // Running levels: start, after each step, end.
        var levels = [p.start.value]
        for s in p.steps { levels.append(levels.last! + s.value) }
        let lo = min(0, levels.min()!, p.end.value), hiRaw = max(levels.max()!, p.end.value, lo + 1e-12)
        let (step, _) = LineChart.niceStep((hiRaw - lo) / 4)
        let y0 = (lo / step).rounded(.down) * step, y1 = max((hiRaw / step).rounded(.up) * step, y0 + step)
        func py(_ v: Double) -> Double { plotTop + (y1 - v) / (y1 - y0) * plotH }
        let bars = 2 + p.steps.count, slot = (width - left - 30) / Double(bars), bw = slot * 0.6
        var svg =
            "<g class=\"waterfall\" data-region=\"\(WorldMap.esc(p.label))\"><text x=\"20\" y=\"\(f(top + 14))\" font-size=\"13\" font-weight=\"bold\">\(WorldMap.esc(p.label))</text>"
        var v = y0
        while v <= y1 + step / 2 {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(py(v)))\" x2=\"\(f(width - 30))\" y2=\"\(f(py(v)))\" stroke=\"#e5e5e5\"/>"
            svg +=
                "<text x=\"\(f(left - 6))\" y=\"\(f(py(v) + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">\(String(format: "%.0f", v))</text>"
            v += step
        }
        // The unit at the panel's right (the panel's title is at its left).
        svg += "<text x=\"\(f(width - 30))\" y=\"\(f(top + 14))\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">\(WorldMap.esc(unit))</text>"
        func bar(_ k: Int, _ label: String, from a: Double, to b: Double, color: String, value: Double) -> String {
            let x = left + slot * Double(k) + (slot - bw) / 2
            let top = py(max(a, b)), h = max(abs(py(a) - py(b)), 0.5)
            return
                "<g class=\"bar\" data-label=\"\(WorldMap.esc(label))\" data-value=\"\(value)\"><title>\(WorldMap.esc(label)): \(String(format: "%+.2f", value)) \(WorldMap.esc(unit))</title>"
                + "<rect x=\"\(f(x))\" y=\"\(f(top))\" width=\"\(f(bw))\" height=\"\(f(h))\" fill=\"\(color)\"/>"
                + SVGText.block(label, x: x + bw / 2, y: plotTop + plotH + 16, width: slot - 6, fontSize: 10, anchor: "middle", lineHeight: 12).svg
                + "</g>"
        }
        svg += bar(0, p.start.label, from: 0, to: p.start.value, color: "#1d3557", value: p.start.value)
        for (k, s) in p.steps.enumerated() {
            svg += bar(k + 1, s.label, from: levels[k], to: levels[k + 1], color: s.value >= 0 ? "#e63946" : "#2a9d8f", value: s.value)
        }
        svg += bar(bars - 1, p.end.label, from: 0, to: p.end.value, color: "#1d3557", value: p.end.value)
        return svg + "</g>"
    }
}
