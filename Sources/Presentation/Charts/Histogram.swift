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
    public var counts: [Int]

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

    public struct Marker: Sendable, Hashable {
        public var label: String
        public var value: Double
        public var dashed: Bool
        public init(label: String, value: Double, dashed: Bool = false) {
            self.label = label
            self.value = value
            self.dashed = dashed
        }
    }

    /// The SVG: bars (one `rect class="bar"` per bin, with a tooltip), axes and markers.
    public static func render(title: String, subtitle: String = "", unit: String, histogram h: Histogram, markers: [Marker] = [],
                              width: Double = 760, height: Double = 360) -> String {
        let left = 60.0, right = 24.0, top = 56.0, bottom = 52.0
        let pw = width - left - right, ph = height - top - bottom
        let x0 = min(h.edges.first ?? 0, markers.map(\.value).min() ?? .infinity)
        var x1 = max(h.edges.last ?? 1, markers.map(\.value).max() ?? -.infinity)
        if x1 <= x0 { x1 = x0 + 1 }
        let ymax = Double(max(1, h.counts.max() ?? 1))
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func py(_ c: Double) -> Double { top + ph - c / ymax * ph }
        let esc = WorldMap.esc   // one escaping for every chart
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        let total = max(1, h.counts.reduce(0, +))
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" class=\"histogram\" role=\"img\" aria-label=\"\(esc(title))\">"
        svg += "<text x=\"\(f(left))\" y=\"24\" font-size=\"16\" font-weight=\"bold\">\(esc(title))</text>"
        if !subtitle.isEmpty { svg += "<text x=\"\(f(left))\" y=\"42\" font-size=\"12\" fill=\"#555\">\(esc(subtitle))</text>" }
        for (i, c) in h.counts.enumerated() {
            let a = px(h.edges[i]), b = px(h.edges[i + 1])
            let share = Double(c) / Double(total) * 100
            svg += "<rect class=\"bar\" x=\"\(f(a))\" y=\"\(f(py(Double(c))))\" width=\"\(f(max(0.5, b - a - 1)))\" height=\"\(f(ph + top - py(Double(c))))\" fill=\"#4a7fb5\">"
            svg += "<title>\(esc(LineChart.format(h.edges[i]))) – \(esc(LineChart.format(h.edges[i + 1]))) \(esc(unit)): \(c) (\(String(format: "%.1f", share)) %)</title></rect>"
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top + ph))\" x2=\"\(f(left + pw))\" y2=\"\(f(top + ph))\" stroke=\"#333\"/>"
        let (step, _) = LineChart.niceStep((x1 - x0) / 6)
        var t = (x0 / step).rounded(.up) * step
        while t <= x1 + 1e-12 * abs(x1) {
            svg += "<text x=\"\(f(px(t)))\" y=\"\(f(top + ph + 16))\" font-size=\"11\" text-anchor=\"middle\">\(esc(tick(t, step)))</text>"
            t += step
        }
        svg += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 8))\" font-size=\"12\" text-anchor=\"middle\">\(esc(unit))</text>"
        svg += "<text x=\"14\" y=\"\(f(top + ph / 2))\" font-size=\"12\" transform=\"rotate(-90 14 \(f(top + ph / 2)))\" text-anchor=\"middle\">iterations</text>"
        for (k, m) in markers.enumerated() where m.value.isFinite {
            let x = px(m.value)
            svg += "<line class=\"marker\" x1=\"\(f(x))\" y1=\"\(f(top - 4))\" x2=\"\(f(x))\" y2=\"\(f(top + ph))\" stroke=\"#c0392b\" stroke-width=\"1.5\"\(m.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            svg += "<text x=\"\(f(x + 3))\" y=\"\(f(top + 10 + Double(k) * 13))\" font-size=\"11\" fill=\"#c0392b\">\(esc(m.label))</text>"
        }
        return svg + "</svg>"
    }

    static func tick(_ v: Double, _ step: Double) -> String {
        let decimals = max(0, min(8, -Int(floor(log10(step)))))
        return String(format: "%.\(decimals)f", v)
    }
}
