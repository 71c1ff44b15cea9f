import Foundation

/// A histogram of Monte Carlo samples as SVG, with vertical markers (median, 95 % interval,
/// deterministic value).
///
/// ```swift
/// let h = Histogram(samples: outputs, bins: 30)
/// let svg = Histogram.render(title: "Monte Carlo", unit: "kg CO2e", histogram: h,
///                            markers: [.init(label: "median", value: 0.23)])
/// ```
public struct Histogram: Sendable, Codable, Hashable {
    /// Bin edges, `counts.count + 1` of them, increasing.
    public var edges: [Double]
    /// Number of samples in each bin; bin i spans `edges[i]..<edges[i+1]` (the last bin includes its upper edge).
    public var counts: [Int]

    /// A histogram with the given edges and counts (`edges.count == counts.count + 1`).
    public init(edges: [Double], counts: [Int]) {
        self.edges = edges
        self.counts = counts
    }

    /// Equal-width bins over the range of the finite samples (one bin when they are all equal).
    public init(samples: [Double], bins: Int = 30) {
        let xs = samples.filter(\.isFinite)
        guard let lo = xs.min(), let hi = xs.max(), !xs.isEmpty else {
            self.init(edges: [0, 1], counts: [0])
            return
        }
        let n = hi > lo ? max(1, bins) : 1
        let width = hi > lo ? (hi - lo) / Double(n) : 1
        var counts = [Int](repeating: 0, count: n)
        for x in xs { counts[min(n - 1, Int((x - lo) / width))] += 1 }
        self.init(edges: (0...n).map { lo + Double($0) * width }, counts: counts)
    }

    /// A vertical line drawn over the histogram, e.g. the mean or a percentile.
    public struct Marker: Sendable, Hashable {
        /// Label written next to the line, e.g. "median" or "2.5 %".
        public var label: String
        /// Position on the x axis, in the histogram's unit.
        public var value: Double
        /// Whether the line is dashed (used for interval bounds).
        public var dashed: Bool
        /// A marker; solid unless `dashed`.
        public init(label: String, value: Double, dashed: Bool = false) {
            self.label = label
            self.value = value
            self.dashed = dashed
        }
    }

    /// The SVG: bars (one `rect class="bar"` per bin, with a tooltip), axes and markers. The title
    /// and subtitle wrap to the width; a marker's label near the right edge is written to its left.
    public static func render(
        title: String, subtitle: String = "", unit: String, histogram h: Histogram, markers: [Marker] = [],
        width: Double = 760, height: Double = 360
    ) -> String {
        let t = SVGText.block(title, x: 12, y: 24, width: width - 24, fontSize: 16, bold: true)
        let sub =
            subtitle.isEmpty
            ? (svg: "", lastBaseline: t.lastBaseline)
            : SVGText.block(subtitle, x: 12, y: t.lastBaseline + 18, width: width - 24, fontSize: 12, attributes: "fill=\"#555\"")
        let top = sub.lastBaseline + 14
        let extra = top - 56
        let frame = Frame(left: 60, right: 24, top: top, bottom: 52, width: width, height: height + max(0, extra))
        let x0 = min(h.edges.first ?? 0, markers.map(\.value).min() ?? .infinity)
        var x1 = max(h.edges.last ?? 1, markers.map(\.value).max() ?? -.infinity)
        if x1 <= x0 { x1 = x0 + 1 }
        let ymax = Double(max(1, h.counts.max() ?? 1))
        func px(_ x: Double) -> Double { frame.left + (x - x0) / (x1 - x0) * frame.pw }
        func py(_ c: Double) -> Double { frame.top + frame.ph - c / ymax * frame.ph }
        let esc = SVGText.esc, f = SVGText.f
        let total = max(1, h.counts.reduce(0, +))
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(frame.height.rounded(.up)))\" class=\"histogram\" role=\"img\" aria-label=\"\(esc(title))\">"
        svg += t.svg + sub.svg
        for (i, c) in h.counts.enumerated() {
            let a = px(h.edges[i]), b = px(h.edges[i + 1])
            let share = Double(c) / Double(total) * 100
            svg +=
                "<rect class=\"bar\" x=\"\(f(a))\" y=\"\(f(py(Double(c))))\" width=\"\(f(max(0.5, b - a - 1)))\" height=\"\(f(frame.ph + frame.top - py(Double(c))))\" fill=\"#4a7fb5\">"
            svg +=
                "<title>\(esc(LineChart.format(h.edges[i]))) – \(esc(LineChart.format(h.edges[i + 1]))) \(esc(unit)): \(c) (\(String(format: "%.1f", share)) %)</title></rect>"
        }
        svg += axes(frame, x0: x0, x1: x1, unit: unit, px: px)
        for (k, m) in markers.enumerated() where m.value.isFinite {
            let x = px(m.value)
            svg +=
                "<line class=\"marker\" x1=\"\(f(x))\" y1=\"\(f(frame.top - 4))\" x2=\"\(f(x))\" y2=\"\(f(frame.top + frame.ph))\" stroke=\"#c0392b\" stroke-width=\"1.5\"\(m.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            let w = TextMetrics.width(m.label, fontSize: 11)
            let right = x + 3 + w > width - 2
            svg +=
                "<text x=\"\(f(right ? x - 3 : x + 3))\" y=\"\(f(frame.top + 10 + Double(k) * 13))\" font-size=\"11\" fill=\"#c0392b\"\(right ? " text-anchor=\"end\"" : "")>\(esc(m.label))</text>"
        }
        return svg + "</svg>"
    }

    /// The plot area inside the margins.
    struct Frame {
        var left, right, top, bottom, width, height: Double
        var pw: Double { width - left - right }
        var ph: Double { height - top - bottom }
    }

    /// The x axis with its ticks and unit, and the y axis's label.
    static func axes(_ fr: Frame, x0: Double, x1: Double, unit: String, px: (Double) -> Double) -> String {
        let esc = SVGText.esc, f = SVGText.f
        var svg = "<line x1=\"\(f(fr.left))\" y1=\"\(f(fr.top + fr.ph))\" x2=\"\(f(fr.left + fr.pw))\" y2=\"\(f(fr.top + fr.ph))\" stroke=\"#333\"/>"
        let (step, _) = LineChart.niceStep((x1 - x0) / 6)
        var t = (x0 / step).rounded(.up) * step
        while t <= x1 + 1e-12 * abs(x1) {
            let text = tick(t, step)
            // A tick label never reaches past the drawing's edges.
            let half = TextMetrics.width(text, fontSize: 11) / 2
            let x = min(max(px(t), half + 2), fr.width - half - 2)
            svg += "<text x=\"\(f(x))\" y=\"\(f(fr.top + fr.ph + 16))\" font-size=\"11\" text-anchor=\"middle\">\(esc(text))</text>"
            t += step
        }
        svg +=
            SVGText.block(
                unit, x: fr.width / 2, y: fr.height - 8 - 14 * Double(SVGText.lineCount(unit, width: fr.width - 24, fontSize: 12) - 1),
                width: fr.width - 24, fontSize: 12, anchor: "middle", lineHeight: 14
            ).svg
        svg +=
            "<text x=\"14\" y=\"\(f(fr.top + fr.ph / 2))\" font-size=\"12\" transform=\"rotate(-90 14 \(f(fr.top + fr.ph / 2)))\" text-anchor=\"middle\">iterations</text>"
        return svg
    }

    static func tick(_ v: Double, _ step: Double) -> String {
        let decimals = max(0, min(8, -Int(floor(log10(step)))))
        return String(format: "%.\(decimals)f", v)
    }
}
