import Foundation

/// Horizontal bars with a label at the left and the value (with its unit) at the end of each bar,
/// as SVG. The label column is as wide as the widest label (labels wider than 40 % of the chart
/// wrap) and the value column as the widest value, so nothing is cut; negative values draw to the
/// left of a zero line.
///
/// ```swift
/// let svg = BarChart.render(bars: [.init(label: "Production", value: 5420.9, valueText: "5,420.9 Mt")], id: "bars")
/// ```
public enum BarChart {
    /// One horizontal bar.
    public struct Bar: Sendable {
        /// Label written left of the bar, e.g. a process or region name.
        public var label: String
        /// Length of the bar in the chart's unit (negative values extend left of zero).
        public var value: Double
        /// The text after the bar (default: the value with 4 significant digits).
        public var valueText: String?
        /// Fill colour of the bar, a CSS colour (default "#1d3557").
        public var color: String

        /// A bar; the value text defaults to the value with 4 significant digits.
        public init(label: String, value: Double, valueText: String? = nil, color: String = "#1d3557") {
            self.label = label
            self.value = value
            self.valueText = valueText
            self.color = color
        }
    }

    static let fontSize = 12.0, barHeight = 18.0, gap = 8.0

    /// The SVG (`id` on the root element; every value text has `class="barvalue"`).
    public static func render(bars: [Bar], width: Double = 700, id: String? = nil, title: String = "") -> String {
        let f = SVGText.f, esc = SVGText.esc
        let values = bars.map { $0.valueText ?? String(format: "%.4g", $0.value) }
        let labelWidth = min(TextMetrics.widest(bars.map(\.label), fontSize: fontSize), width * 0.4)
        let valueWidth = TextMetrics.widest(values, fontSize: fontSize)
        let heading = title.isEmpty ? (svg: "", lastBaseline: 0.0) : SVGText.block(title, x: 8, y: 18, width: width - 16, fontSize: 13, bold: true)
        var y = title.isEmpty ? 8.0 : heading.lastBaseline + 12
        let x0 = labelWidth + 16, plot = max(40, width - x0 - valueWidth - 16)
        let lo = min(0, bars.map(\.value).min() ?? 0), hi = max(0, bars.map(\.value).max() ?? 0)
        let span = hi > lo ? hi - lo : 1
        let negativeRoom = lo < 0 ? valueWidth + 8 : 0
        let zero = x0 + negativeRoom + (0 - lo) / span * (plot - negativeRoom)
        func px(_ v: Double) -> Double { zero + v / span * (plot - negativeRoom) }
        var body = heading.svg
        for (k, bar) in bars.enumerated() {
            let lines = TextMetrics.wrap(bar.label, width: labelWidth, fontSize: fontSize)
            let rowHeight = max(barHeight, Double(lines.count) * 14)
            for (i, line) in lines.enumerated() {
                let ly = y + rowHeight / 2 + 4 - Double(lines.count - 1) * 7 + Double(i) * 14
                body += "<text x=\"\(f(x0 - 8))\" y=\"\(f(ly))\" text-anchor=\"end\" font-size=\"12\">\(esc(line))</text>"
            }
            let end = px(bar.value), left = min(end, zero), w = abs(end - zero)
            body +=
                "<rect x=\"\(f(left))\" y=\"\(f(y + (rowHeight - barHeight) / 2))\" width=\"\(f(w))\" height=\"\(f(barHeight))\" fill=\"\(bar.color)\"/>"
            let negative = bar.value < 0
            body +=
                "<text x=\"\(f(negative ? left - 6 : left + w + 6))\" y=\"\(f(y + rowHeight / 2 + 4))\" font-size=\"12\" class=\"barvalue\"\(negative ? " text-anchor=\"end\"" : "")>\(esc(values[k]))</text>"
            y += rowHeight + gap
        }
        if lo < 0 { body += "<line x1=\"\(f(zero))\" y1=\"0\" x2=\"\(f(zero))\" y2=\"\(f(y))\" stroke=\"#999\"/>" }
        let height = y + 2
        let idAttribute = id.map { " id=\"\(esc($0))\"" } ?? ""
        return
            "<svg xmlns=\"http://www.w3.org/2000/svg\"\(idAttribute) viewBox=\"0 0 \(Int(width)) \(Int(height.rounded(.up)))\" width=\"\(Int(width))\" height=\"\(Int(height.rounded(.up)))\" class=\"bar-chart\" role=\"img\">"
            + body + "</svg>"
    }
}
