import Foundation

/// A two-sided Sankey diagram as SVG: flows into a centre node from the left (e.g. partners whose
/// emissions a country's demand causes) and out of it to the right (partners whose demand causes
/// emissions in the country), band width ∝ value. The label columns are as wide as the widest
/// label and the headings wrap over their half, so no name is cut at the edge.
///
/// ```swift
/// let svg = SankeyChart.render(left: [.init(name: "China", value: 310.2)], right: [.init(name: "Canada", value: 80)],
///                              leftTitle: "emitted in … for Japan's consumption", rightTitle: "emitted in Japan for … consumption",
///                              unit: "Mt", id: "sankey")
/// ```
public enum SankeyChart {
    /// One band from a partner to the centre node or from it to a partner.
    public struct Flow: Sendable {
        /// The partner's label, e.g. "China".
        public var name: String
        /// The flow's size in the chart's unit (e.g. Mt); band width is proportional to it.
        public var value: Double
        /// A flow.
        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }

    static let fontSize = 11.0, bandGap = 6.0

    /// The SVG with `width` and `height` attributes and the same view box; each band is a `path`
    /// with a tooltip, each label a `text`.
    public static func render(
        left: [Flow], right: [Flow], leftTitle: String, rightTitle: String, unit: String,
        width w: Double = 900, height: Double = 360, id: String? = nil
    ) -> String {
        let esc = SVGText.esc
        func label(_ p: Flow) -> String { "\(p.name) \(String(format: "%.1f", p.value)) \(unit)" }
        let half = w / 2 - 16
        let lt = SVGText.block(leftTitle, x: w / 4, y: 14, width: half, fontSize: fontSize, bold: true, anchor: "middle")
        let rt = SVGText.block(rightTitle, x: 3 * w / 4, y: 14, width: half, fontSize: fontSize, bold: true, anchor: "middle")
        let top = max(lt.lastBaseline, rt.lastBaseline) + 16
        let h = height + (top - 30)
        let leftWidth = min(TextMetrics.widest(left.map(label), fontSize: fontSize), w * 0.3)
        let rightWidth = min(TextMetrics.widest(right.map(label), fontSize: fontSize), w * 0.3)
        let total = max(left.reduce(0) { $0 + $1.value }, right.reduce(0) { $0 + $1.value }, 1e-9)
        // Room for the gaps between the partners' bands, so the last ones are not cut off.
        let gaps = bandGap * Double(max(left.count, right.count))
        let geometry = Geometry(
            top: top, scale: (h - top - 30 - gaps) / total, xLeft: leftWidth + 12, xRight: w - rightWidth - 12, centre: w / 2, bottom: h - 6)
        let idAttribute = id.map { " id=\"\(esc($0))\"" } ?? ""
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\"\(idAttribute) viewBox=\"0 0 \(Int(w)) \(Int(h.rounded(.up)))\" width=\"\(Int(w))\" height=\"\(Int(h.rounded(.up)))\" font-size=\"11\">"
        s += lt.svg + rt.svg
        s += side(left, isLeft: true, geometry, label: label, unit: unit)
        s += side(right, isLeft: false, geometry, label: label, unit: unit)
        s += "<rect x=\"\(Int(geometry.centre - 20))\" y=\"\(Int(top))\" width=\"40\" height=\"\(Int(h - top - 30 - gaps))\" fill=\"#1d3557\"/>"
        return s + "</svg>"
    }

    struct Geometry {
        var top: Double, scale: Double, xLeft: Double, xRight: Double, centre: Double, bottom: Double
    }

    /// The bands and labels of one side.
    static func side(_ items: [Flow], isLeft left: Bool, _ g: Geometry, label: (Flow) -> String, unit: String) -> String {
        let esc = SVGText.esc, cx = g.centre
        var s = "", y = g.top, cy = g.top, lastLabel = -Double.infinity
        for p in items {
            let bh = max(1, p.value * g.scale)
            let x0 = left ? g.xLeft : g.xRight
            let bend = max(20, abs(cx - x0) / 2)
            let path =
                left
                ? "M\(x0),\(y) C\(cx - bend),\(y) \(cx - bend),\(cy) \(cx - 20),\(cy) L\(cx - 20),\(cy + bh) C\(cx - bend),\(cy + bh) \(cx - bend),\(y + bh) \(x0),\(y + bh) Z"
                : "M\(cx + 20),\(cy) C\(cx + bend),\(cy) \(cx + bend),\(y) \(x0),\(y) L\(x0),\(y + bh) C\(cx + bend),\(y + bh) \(cx + bend),\(cy + bh) \(cx + 20),\(cy + bh) Z"
            s +=
                "<path d=\"\(path)\" fill=\"\(left ? "#457b9d" : "#e63946")\" fill-opacity=\"0.55\"><title>\(esc(p.name)): \(String(format: "%.2f", p.value)) \(esc(unit))</title></path>"
            // Labels of thin bands are spread so that they do not overlap (within the drawing).
            let ly = min(max(y + bh / 2 + 4, lastLabel + fontSize + 1), g.bottom)
            lastLabel = ly
            s += "<text x=\"\(Int(left ? x0 - 6 : x0 + 6))\" y=\"\(Int(ly))\" text-anchor=\"\(left ? "end" : "start")\">\(esc(label(p)))</text>"
            y += bh + bandGap
            cy += bh
        }
        return s
    }
}
