import Foundation
import YuhengCharts

/// Checks without a browser that every text of an SVG document lies inside its view box, with the
/// widths ``TextMetrics`` estimates (DejaVu Sans, the widest of the fonts a browser falls back to,
/// so the check errs on the side of "cut"). For SVG files the command line writes (maps, charts,
/// report figures); pages are checked in Chromium (`#text-bounds`).
///
/// ```swift
/// let problems = SVGTextBounds.outside(svg)      // [] when every label fits
/// ```
public enum SVGTextBounds {
    /// One text element as drawn: its content and estimated box.
    public struct Placed: Sendable, CustomStringConvertible {
        /// The text content of the element (tspans joined).
        public var text: String
        public var left: Double, right: Double, top: Double, bottom: Double
        /// The text (first 60 characters) and its box in SVG user units, for failure messages.
        public var description: String {
            "\"\(text.prefix(60))\" x \(Int(left))…\(Int(right)), y \(Int(top))…\(Int(bottom))"
        }
    }

    /// The texts (outside rotated ones) that stick out of the view box of the first `<svg>` of
    /// `document` by more than `tolerance` user units, with the view box first in each line.
    public static func outside(_ document: String, tolerance: Double = 0.5) -> [String] {
        guard let box = viewBox(document) else { return ["no <svg> with a view box"] }
        return texts(document).filter {
            $0.left < -tolerance || $0.right > box.width + tolerance || $0.top < -tolerance || $0.bottom > box.height + tolerance
        }.map { "outside 0…\(Int(box.width)) × 0…\(Int(box.height)): \($0)" }
    }

    /// The view box (width, height) of the first `<svg>` element.
    public static func viewBox(_ document: String) -> (width: Double, height: Double)? {
        guard let m = document.firstMatch(of: /<svg\b([^>]*)>/) else { return nil }
        let a = attributes(String(m.output.1))
        if let v = a["viewBox"]?.split(separator: " ").compactMap({ Double($0) }), v.count == 4 { return (v[2], v[3]) }
        guard let w = a["width"].flatMap(Double.init), let h = a["height"].flatMap(Double.init) else { return nil }
        return (w, h)
    }

    /// Every text element with its estimated box. Font size and weight are inherited from enclosing
    /// `<svg>` and `<g>` elements; `translate` on groups is applied; rotated texts are left out.
    public static func texts(_ document: String) -> [Placed] {
        struct Frame { var size: Double; var bold: Bool; var dx: Double; var dy: Double; var rotated: Bool }
        var stack = [Frame(size: 16, bold: false, dx: 0, dy: 0, rotated: false)]
        var out: [Placed] = []
        for m in document.matches(of: /<(\/?)(svg|g|text)\b([^>]*?)(\/?)>(?:([^<]*(?:<tspan[^>]*>[^<]*<\/tspan>[^<]*)*)<\/text>)?/) {
            let closing = !m.output.1.isEmpty, name = String(m.output.2), a = attributes(String(m.output.3))
            if closing { if name != "text", stack.count > 1 { stack.removeLast() }; continue }
            var f = stack[stack.count - 1]
            if let s = a["font-size"].flatMap(Double.init) { f.size = s }
            if let w = a["font-weight"] { f.bold = w == "bold" || (Int(w) ?? 400) >= 600 }
            if let t = a["transform"] {
                if t.contains("rotate") { f.rotated = true }
                if let tr = t.firstMatch(of: /translate\(\s*(-?[0-9.]+)[ ,]*(-?[0-9.]+)?\s*\)/) {
                    f.dx += Double(tr.output.1) ?? 0
                    f.dy += tr.output.2.flatMap { Double($0) } ?? 0
                }
            }
            if name != "text" {
                if m.output.4.isEmpty { stack.append(f) }
                continue
            }
            guard !f.rotated, let content = m.output.5 else { continue }
            let text = unescape(String(content).replacing(/<[^>]*>/, with: ""))
            let x = (a["x"].flatMap(Double.init) ?? 0) + f.dx, y = (a["y"].flatMap(Double.init) ?? 0) + f.dy
            let w = TextMetrics.width(text, fontSize: f.size, bold: f.bold)
            let left = a["text-anchor"] == "end" ? x - w : a["text-anchor"] == "middle" ? x - w / 2 : x
            out.append(Placed(text: text, left: left, right: left + w, top: y - 0.8 * f.size, bottom: y + 0.22 * f.size))
        }
        return out
    }

    static func attributes(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for a in text.matches(of: /([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"]*)"/) { out[String(a.output.1)] = String(a.output.2) }
        return out
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
