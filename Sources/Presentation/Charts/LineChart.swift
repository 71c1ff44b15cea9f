import Foundation

/// A line chart of yearly pathways as a standalone SVG, with optional uncertainty bands.
///
/// ```swift
/// let svg = LineChart.render(title: "Steel CO2", unit: "Mt CO2", series: [
///     .init(name: "BAU", points: [(2025, 163.45), (2026, 162.18)]),
/// ])
/// ```
public enum LineChart {
    /// One line of the chart.
    public struct Series: Sendable {
        /// Legend name of the line, e.g. "China, consumption".
        public var name: String
        /// The line's points in data coordinates (x usually a year), in drawing order.
        public var points: [(x: Double, y: Double)]
        /// Lower and upper band per point (same x), optional.
        public var band: [(lo: Double, hi: Double)]?
        /// Whether the line is dashed (e.g. nowcast years).
        public var dashed: Bool
        /// The line's colour (nil: the palette's, by position).
        public var color: String?

        /// A series; solid, without band, in the palette's colour unless told otherwise.
        public init(
            name: String, points: [(x: Double, y: Double)], band: [(lo: Double, hi: Double)]? = nil, dashed: Bool = false, color: String? = nil
        ) {
            self.name = name
            self.points = points
            self.band = band
            self.dashed = dashed
            self.color = color
        }
    }

    static let palette = ["#1d3557", "#e63946", "#2a9d8f", "#f4a261", "#6a4c93", "#8ab17d", "#264653", "#e76f51"]

    /// The SVG. The margins hold the widest tick value and series name (names too long for a
    /// third of the width wrap); the title and subtitle wrap to the width.
    public static func render(title: String, subtitle: String = "", unit: String, series: [Series], width: Double = 860, height: Double = 440)
        -> String
    {
        let xs = series.flatMap { $0.points.map(\.x) }
        var ys = series.flatMap { $0.points.map(\.y) }
        for s in series { if let b = s.band { ys += b.flatMap { [$0.lo, $0.hi] } } }
        let x0 = xs.min() ?? 0, x1 = max(xs.max() ?? 1, x0 + 1)
        var y0 = min(0, ys.min() ?? 0), y1 = ys.max() ?? 1
        if y1 <= y0 { y1 = y0 + 1 }
        let (step, _) = niceStep((y1 - y0) / 5)
        y1 = (y1 / step).rounded(.up) * step
        y0 = (y0 / step).rounded(.down) * step
        let tickWidth = TextMetrics.widest(stride(from: y0, through: y1 + step / 2, by: step).map(format), fontSize: 12)
        let nameWidth = min(TextMetrics.widest(series.map(\.name), fontSize: 12), width / 3 - 50)
        let t = SVGText.block(title, x: 12, y: 24, width: width - 24, fontSize: 16, bold: true)
        let sub = SVGText.block(subtitle, x: 12, y: t.lastBaseline + 18, width: width - 24, fontSize: 12, attributes: "fill=\"#555\"")
        let top = sub.lastBaseline + 14
        let left = max(70, tickWidth + 36), right = max(60, nameWidth + 50), bottom = 46.0
        let full = height + max(0, top - 56)
        let pw = width - left - right, ph = full - top - bottom
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { top + ph - (y - y0) / (y1 - y0) * ph }
        let esc = SVGText.esc
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(full.rounded(.up)))\" width=\"\(Int(width))\" height=\"\(Int(full.rounded(.up)))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"\(esc(title))\">"
        s += "<title>\(esc(title))</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>" + t.svg + sub.svg
        var v = y0
        while v <= y1 + step / 2 {
            let y = py(v)
            s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>", left, y, left + pw, y)
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", left - 6, y + 4) + format(v) + "</text>"
            v += step
        }
        let xStep = max(1, ((x1 - x0) / 8).rounded(.up))
        var xv = x0
        while xv <= x1 + 1e-9 {
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", px(xv), top + ph + 18) + String(Int(xv)) + "</text>"
            xv += xStep
        }
        s += "<text x=\"16\" y=\"\(Int(top + ph / 2))\" transform=\"rotate(-90 16 \(Int(top + ph / 2)))\" text-anchor=\"middle\">\(esc(unit))</text>"
        s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>", left, top, pw, ph)
        s += lines(series, x: left + pw + 12, top: top, nameWidth: nameWidth, px: px, py: py)
        return s + "</svg>\n"
    }

    /// The series' bands and lines, and the legend at the right (names wrapped to `nameWidth`).
    static func lines(_ series: [Series], x lx: Double, top: Double, nameWidth: Double, px: (Double) -> Double, py: (Double) -> Double) -> String {
        var s = "", ly = top + 14
        for (k, ser) in series.enumerated() {
            let color = ser.color ?? palette[k % palette.count]
            if let b = ser.band, b.count == ser.points.count, !b.isEmpty {
                var d = ""
                for (i, p) in ser.points.enumerated() { d += String(format: i == 0 ? "M%.1f,%.1f" : "L%.1f,%.1f", px(p.x), py(b[i].hi)) }
                for (i, p) in ser.points.enumerated().reversed() { d += String(format: "L%.1f,%.1f", px(p.x), py(b[i].lo)) }
                s += "<path class=\"band\" d=\"\(d)Z\" fill=\"\(color)\" fill-opacity=\"0.15\" stroke=\"none\"/>"
            }
            let d = ser.points.enumerated().map { String(format: $0.offset == 0 ? "M%.1f,%.1f" : "L%.1f,%.1f", px($0.element.x), py($0.element.y)) }
                .joined()
            s +=
                "<path class=\"series\(ser.dashed ? " dashed" : "")\" data-name=\"\(SVGText.esc(ser.name))\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(ser.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
            s +=
                String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"", lx, ly - 4, lx + 20, ly - 4) + color
                + "\" stroke-width=\"2\"\(ser.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
            let name = SVGText.block(ser.name, x: lx + 26, y: ly, width: max(nameWidth, 40), fontSize: 12, lineHeight: 14)
            s += name.svg
            ly = name.lastBaseline + 18
        }
        return s
    }

    static func niceStep(_ raw: Double) -> (Double, Int) {
        guard raw > 0, raw.isFinite else { return (1, 0) }
        let mag = pow(10, floor(log10(raw)))
        let f = raw / mag
        let nice: Double = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
        return (nice * mag, max(0, -Int(floor(log10(nice * mag)))))
    }

    static func format(_ v: Double) -> String {
        if abs(v) >= 1000 || v == v.rounded() { return String(format: "%.0f", v) }
        return String(format: "%.2g", v)
    }
}
