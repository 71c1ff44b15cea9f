import Foundation

/// Estimated widths of text in the charts' sans-serif font, so that a chart reserves room for its
/// labels (or wraps them) instead of cutting them at the edge of its drawing.
///
/// The advance widths are DejaVu Sans's (Book and Bold), the widest of the common sans-serif
/// fonts a browser falls back to for "Helvetica, Arial, sans-serif" (Arial and Liberation Sans
/// are narrower), so an estimate is never short on a machine with any of them. Letters outside
/// ASCII count as a wide Latin letter, CJK ideographs as one em.
///
/// ```swift
/// TextMetrics.width("Taiwan, Province of China", fontSize: 11)            // ≈ 150
/// TextMetrics.wrap("a long subtitle …", width: 300, fontSize: 12)         // lines that fit
/// ```
public enum TextMetrics {
    /// Advance widths (thousandths of an em) of ASCII 32…126, DejaVu Sans Book.
    static let book: [Int] = [
        318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636,
        337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635,
        611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974,
        634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838
    ]
    /// Advance widths (thousandths of an em) of ASCII 32…126, DejaVu Sans Bold.
    static let bold: [Int] = [
        348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696,
        400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720,
        682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042,
        712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838
    ]

    /// The estimated width of `text` in pixels at `fontSize` (the SVG's user units).
    public static func width(_ text: String, fontSize: Double, bold: Bool = false) -> Double {
        let table = bold ? Self.bold : Self.book
        var em = 0
        for s in text.unicodeScalars {
            let v = Int(s.value)
            switch v {
            case 32...126: em += table[v - 32]
            case 0x2000...0x200B: em += 500 // spaces of other widths
            case 0x3000...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF00...0xFFEF: em += 1000
            case 0x0300...0x036F: break // combining marks
            default: em += s.properties.isAlphabetic ? (bold ? 830 : 770) : (bold ? 1000 : 838)
            }
        }
        return Double(em) / 1000 * fontSize
    }

    /// The widest of `texts`.
    public static func widest(_ texts: [String], fontSize: Double, bold: Bool = false) -> Double {
        texts.map { width($0, fontSize: fontSize, bold: bold) }.max() ?? 0
    }

    /// `text` broken at spaces into lines no wider than `width` (a single word wider than that is
    /// broken between characters, never cut off).
    public static func wrap(_ text: String, width maxWidth: Double, fontSize: Double, bold: Bool = false) -> [String] {
        guard Self.width(text, fontSize: fontSize, bold: bold) > maxWidth else { return [text] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if Self.width(candidate, fontSize: fontSize, bold: bold) <= maxWidth {
                line = candidate
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = ""
            for piece in breakWord(word, width: maxWidth, fontSize: fontSize, bold: bold) {
                if !line.isEmpty { lines.append(line) }
                line = piece
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// A word wider than `width` in pieces that fit.
    static func breakWord(_ word: String, width maxWidth: Double, fontSize: Double, bold: Bool) -> [String] {
        var pieces: [String] = []
        var piece = ""
        for c in word {
            if !piece.isEmpty, Self.width(piece + String(c), fontSize: fontSize, bold: bold) > maxWidth {
                pieces.append(piece)
                piece = ""
            }
            piece.append(c)
        }
        if !piece.isEmpty { pieces.append(piece) }
        return pieces
    }
}

/// Text elements of the charts: escaping, and blocks of wrapped lines.
public enum SVGText {
    /// Escapes text for SVG (and HTML) content and attribute values.
    public static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A number with one decimal (the charts' coordinates).
    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// `text` wrapped to `width` as one `<text>` element per line, the first baseline at `y`;
    /// returns the SVG and the baseline of the last line.
    public static func block(
        _ text: String, x: Double, y: Double, width: Double, fontSize: Double, bold: Bool = false,
        anchor: String = "start", attributes: String = "", lineHeight: Double? = nil
    ) -> (svg: String, lastBaseline: Double) {
        let lines = TextMetrics.wrap(text, width: width, fontSize: fontSize, bold: bold)
        let step = lineHeight ?? fontSize * 1.25
        var svg = ""
        for (k, line) in lines.enumerated() {
            svg +=
                "<text x=\"\(f(x))\" y=\"\(f(y + step * Double(k)))\" font-size=\"\(f(fontSize))\"\(bold ? " font-weight=\"bold\"" : "")"
                + "\(anchor == "start" ? "" : " text-anchor=\"\(anchor)\"")\(attributes.isEmpty ? "" : " " + attributes)>\(esc(line))</text>"
        }
        return (svg, y + step * Double(max(lines.count, 1) - 1))
    }

    /// The number of lines `text` wraps to.
    public static func lineCount(_ text: String, width: Double, fontSize: Double, bold: Bool = false) -> Int {
        text.isEmpty ? 0 : TextMetrics.wrap(text, width: width, fontSize: fontSize, bold: bold).count
    }
}
