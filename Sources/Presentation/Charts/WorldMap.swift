import Foundation

/// A world choropleth map as a standalone SVG document (no external assets), drawn in the
/// Equal Earth projection (Šavrič, Patterson & Jenny 2018).
///
/// ```swift
/// let svg = WorldMap.choropleth(values: ["CHN": -8.4, "USA": 10.2], geometry: outlines,
///                               title: "Consumption vs production CO2", legendLabel: "adjustment %")
/// try svg.write(toFile: "map.svg", atomically: true, encoding: .utf8)
/// ```
public enum WorldMap {
    /// A country's outline for the map.
    public struct Country: Sendable {
        /// Display name of the country, used in tooltips, e.g. "China".
        public var name: String
        /// Polygons, each a list of rings (outer first), each ring a list of [lon, lat].
        public var polygons: [[[[Double]]]]
        /// A country outline.
        public init(name: String, polygons: [[[[Double]]]]) {
            self.name = name
            self.polygons = polygons
        }
    }

    /// How values map to colours.
    public enum Scale: Sendable {
        /// Centred on zero: blue below, red above, symmetric around 0 up to ±limit.
        case diverging(limit: Double)
        /// From low to high, light to dark.
        case sequential(min: Double, max: Double)
    }

    /// Equal Earth projection of (longitude, latitude) in degrees to unit coordinates.
    public static func project(lon: Double, lat: Double) -> (x: Double, y: Double) {
        let a1 = 1.340264, a2 = -0.081106, a3 = 0.000893, a4 = 0.003796
        let m = 3.0.squareRoot() / 2
        let lam = lon * .pi / 180, phi = lat * .pi / 180
        let t = asin(m * sin(phi))
        let t2 = t * t, t6 = t2 * t2 * t2
        let x = 2 * 3.0.squareRoot() * lam * cos(t) / (3 * (9 * a4 * t6 * t2 + 7 * a3 * t6 + 3 * a2 * t2 + a1))
        let y = t * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
        return (x, y)
    }

    static let width = 960.0, mapHeight = 470.0
    // Projected extent of the whole globe.
    static let xMax = project(lon: 180, lat: 0).x, yMax = project(lon: 0, lat: 90).y

    static func point(_ lon: Double, _ lat: Double, top: Double) -> (Double, Double) {
        let p = project(lon: lon, lat: lat)
        let scale = min((width - 20) / (2 * xMax), mapHeight / (2 * yMax))
        return (width / 2 + p.x * scale, top + mapHeight / 2 - p.y * scale)
    }

    /// Colour for a value on a scale (RGB hex).
    public static func color(_ v: Double, scale: Scale) -> String {
        func mix(_ a: (Double, Double, Double), _ b: (Double, Double, Double), _ t: Double) -> String {
            let t = max(0, min(1, t))
            let c = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, a.2 + (b.2 - a.2) * t)
            return String(format: "#%02x%02x%02x", Int(c.0.rounded()), Int(c.1.rounded()), Int(c.2.rounded()))
        }
        let white = (247.0, 247.0, 247.0), blue = (33.0, 102.0, 172.0), red = (178.0, 24.0, 43.0)
        switch scale {
        case .diverging(let limit):
            let t = limit > 0 ? v / limit : 0
            return t < 0 ? mix(white, blue, -t) : mix(white, red, t)
        case .sequential(let lo, let hi):
            return mix((254, 240, 217), (179, 0, 0), hi > lo ? (v - lo) / (hi - lo) : 0)
        }
    }

    /// Escapes text for SVG content and attribute values (used by every chart of this module).
    static func esc(_ s: String) -> String { SVGText.esc(s) }

    /// The scale the map uses when none is given: diverging, clipped at the 95th percentile of
    /// |value| so that outliers do not wash out the map. Give several sets of values (e.g. the
    /// same measure in each year compared) for one scale across all of them.
    public static func automaticScale(_ valueSets: [[String: Double]]) -> Scale {
        let lim = valueSets.flatMap { $0.values.filter(\.isFinite).map(abs) }.sorted()
        let p95 = lim.isEmpty ? 1 : lim[min(lim.count - 1, Int(Double(lim.count) * 0.95))]
        return .diverging(limit: max(p95, 1e-12))
    }

    /// A sequential scale from 0 to the largest value of all the sets (one scale across them).
    public static func sequentialScale(_ valueSets: [[String: Double]]) -> Scale {
        .sequential(min: 0, max: valueSets.flatMap { $0.values.filter(\.isFinite) }.max() ?? 1)
    }

    /// Renders the map. Countries with a value are filled on the scale and carry `data-iso3`,
    /// `data-value` and a `<title>` tooltip; others are grey. `valueFormat` formats tooltip values;
    /// `legendNote` is a line under the legend (e.g. which years share the colour scale). Titles
    /// and legend lines wrap to the drawing's width.
    public static func choropleth(
        values: [String: Double], geometry: [String: Country], title: String, subtitle: String = "",
        legendLabel: String, scale: Scale? = nil, valueFormat: String = "%.1f", legendNote: String = "",
        link: ((String) -> String)? = nil, secondary: [String: Secondary] = [:]
    ) -> String {
        let sc = scale ?? automaticScale([values])
        let t = SVGText.block(title, x: width / 2, y: 26, width: width - 40, fontSize: 18, bold: true, anchor: "middle")
        let sub =
            subtitle.isEmpty
            ? (svg: "", lastBaseline: t.lastBaseline)
            : SVGText.block(
                subtitle, x: width / 2, y: t.lastBaseline + 20, width: width - 40, fontSize: 12, anchor: "middle", attributes: "fill=\"#555\"")
        let top = sub.lastBaseline + 10
        let legendLines =
            SVGText.lineCount(legendLabel, width: width - 40, fontSize: 11) + SVGText.lineCount(legendNote, width: width - 40, fontSize: 11)
        let height = top + mapHeight + 56 + 14 * Double(legendLines) // the last legend line and its descenders
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height.rounded(.up)))" width="\(Int(width))" height="\(Int(height.rounded(.up)))" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="\(esc(title))">
            <title>\(esc(title))</title>
            <rect width="100%" height="100%" fill="#ffffff"/>
            \(t.svg)\(sub.svg)

            """
        s += countries(
            values: values, geometry: geometry, scale: sc, top: top, legendLabel: legendLabel, valueFormat: valueFormat, link: link,
            secondary: secondary)
        s += legend(scale: sc, y: top + mapHeight + 18, label: legendLabel, note: legendNote, valueFormat: valueFormat)
        return s + "</svg>\n"
    }

    /// The globe's outline and every country's shape.
    static func countries(
        values: [String: Double], geometry: [String: Country], scale sc: Scale, top: Double, legendLabel: String,
        valueFormat: String, link: ((String) -> String)?, secondary: [String: Secondary] = [:]
    ) -> String {
        // Graticule outline of the globe.
        var outline = "M"
        for lat in stride(from: -90.0, through: 90.0, by: 5) {
            let p = point(-180, lat, top: top); outline += String(format: "%.1f,%.1f L", p.0, p.1)
        }
        for lat in stride(from: 90.0, through: -90.0, by: -5) {
            let p = point(180, lat, top: top); outline += String(format: "%.1f,%.1f L", p.0, p.1)
        }
        outline.removeLast(2)
        var s = "<path d=\"\(outline)Z\" fill=\"#eef3f8\" stroke=\"#c8d3de\" stroke-width=\"0.8\"/>\n<g stroke=\"#ffffff\" stroke-width=\"0.4\">\n"
        for iso in geometry.keys.sorted() {
            let c = geometry[iso]!
            var d = ""
            for poly in c.polygons {
                for ring in poly {
                    guard ring.count > 2 else { continue }
                    for (k, pt) in ring.enumerated() where pt.count >= 2 {
                        let p = point(pt[0], pt[1], top: top)
                        d += String(format: k == 0 ? "M%.1f,%.1f" : "L%.1f,%.1f", p.0, p.1)
                    }
                    d += "Z"
                }
            }
            if let v = values[iso], v.isFinite {
                let tip = "\(c.name) (\(iso)): \(String(format: valueFormat, v)) \(legendLabel)"
                var shape =
                    "<path class=\"country\" data-iso3=\"\(iso)\" data-value=\"\(v)\" fill=\"\(color(v, scale: sc))\" d=\"\(d)\"><title>\(esc(tip))</title></path>"
                if let link { shape = "<a href=\"\(esc(link(iso)))\">\(shape)</a>" }
                s += shape + "\n"
            } else if let o = secondary[iso], o.value.isFinite {
                // A value from another source (e.g. GCB for a country outside the MRIO): the same scale, lighter, with a dotted outline.
                let tip = "\(c.name) (\(iso)): \(String(format: valueFormat, o.value)) \(o.label) — \(o.source)"
                s +=
                    "<path class=\"country secondary\" data-iso3=\"\(iso)\" data-value=\"\(o.value)\" data-source=\"\(esc(o.source))\" fill=\"\(color(o.value, scale: sc))\" fill-opacity=\"0.6\" stroke=\"#555\" stroke-dasharray=\"1 1\" d=\"\(d)\"><title>\(esc(tip))</title></path>\n"
            } else {
                s +=
                    "<path class=\"country nodata\" data-iso3=\"\(iso)\" fill=\"#d9d9d9\" d=\"\(d)\"><title>\(esc(c.name)) (\(iso)): no data</title></path>\n"
            }
        }
        return s + "</g>\n"
    }

    /// A country's value from a second source (drawn lighter, the source in its tooltip).
    public struct Secondary: Sendable {
        /// The value from the second source, in that source's unit (e.g. percent).
        public var value: Double
        /// What the value is ("% (consumption − territorial) / territorial, fossil CO2").
        public var label: String
        /// The source and year ("GCB 2022, 2020").
        public var source: String
        /// A value, its label and its source.
        public init(value: Double, label: String, source: String) {
            self.value = value
            self.label = label
            self.source = source
        }
    }

    /// The colour bar with its ends (and 0 on a diverging scale), the label and the note.
    static func legend(scale sc: Scale, y ly: Double, label: String, note: String, valueFormat: String) -> String {
        let lx = width / 2 - 160, lw = 320.0
        var s = "<g font-size=\"11\" class=\"legend\">\n"
        let steps = 40
        for k in 0..<steps {
            let t = Double(k) / Double(steps - 1)
            let v: Double
            switch sc {
            case .diverging(let lim): v = -lim + 2 * lim * t
            case .sequential(let lo, let hi): v = lo + (hi - lo) * t
            }
            s +=
                String(
                    format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" ", lx + lw * Double(k) / Double(steps), ly,
                    lw / Double(steps) + 0.5) + "fill=\"\(color(v, scale: sc))\"/>"
        }
        let (lo, hi): (Double, Double) = {
            switch sc {
            case .diverging(let l): return (-l, l);
            case .sequential(let a, let b): return (a, b)
            }
        }()
        s += "\n<text x=\"\(lx)\" y=\"\(ly + 26)\" text-anchor=\"start\">≤ \(String(format: valueFormat, lo))</text>"
        if case .diverging = sc { s += "<text x=\"\(lx + lw / 2)\" y=\"\(ly + 26)\" text-anchor=\"middle\">0</text>" }
        s += "<text x=\"\(lx + lw)\" y=\"\(ly + 26)\" text-anchor=\"end\">≥ \(String(format: valueFormat, hi))</text>"
        let l = SVGText.block(
            label, x: width / 2, y: ly + 42, width: width - 40, fontSize: 11, anchor: "middle", attributes: "fill=\"#333\"", lineHeight: 14)
        s += l.svg
        if !note.isEmpty {
            s +=
                SVGText.block(
                    note, x: width / 2, y: l.lastBaseline + 14, width: width - 40, fontSize: 11, anchor: "middle",
                    attributes: "fill=\"#333\" class=\"legend-note\"", lineHeight: 14
                ).svg
        }
        s +=
            "<rect x=\"\(lx + lw + 24)\" y=\"\(ly)\" width=\"12\" height=\"12\" fill=\"#d9d9d9\"/><text x=\"\(lx + lw + 40)\" y=\"\(ly + 10)\">no data</text>\n</g>\n"
        return s
    }
}
