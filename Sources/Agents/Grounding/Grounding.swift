import Foundation

/// A number written in a text, as the grounding validator reads it.
public struct NumberMention: Sendable, Hashable, Codable {
    /// The text as written, e.g. "1,234.5", "12 %", "3.2e-4", "8.1 million".
    public var text: String
    /// The value (percent signs kept: "12 %" is 12, with `isPercent`).
    public var value: Double
    /// The mantissa as printed and the scale it is multiplied by (exponent, "million").
    public var printed: Double
    /// The factor the printed mantissa is multiplied by: 1, a power of ten, or 10^3…10^12 for thousand…trillion.
    public var scale: Double
    /// Digits after the decimal point as printed (for "matches after rounding").
    public var decimals: Int
    /// Whether a percent sign follows ("12 %"); such a number also matches a tool's share 0.12.
    public var isPercent: Bool
    /// Written without a decimal point, exponent or multiplier.
    public var isPlainInteger: Bool
    /// Offset of the first character in the text.
    public var offset: Int
    /// A list marker at the start of a line ("1." or "2)").
    public var isListMarker: Bool
}

/// Reads numbers out of free text: thousands separators (",", thin and no-break spaces), decimals,
/// percentages, scientific notation ("1.2e-3", "1.2 × 10^3", "1.2×10⁻³") and the words thousand,
/// million, billion, trillion. Identifiers such as CO2, AR6, GWP100, 15t16 or version strings such
/// as 1.2.3 are not numbers.
public enum NumberExtractor {
    static let separators: Set<Character> = [",", "\u{2009}", "\u{202F}", "\u{00A0}"]
    static let superscripts: [Character: Character] = [
        "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+"
    ]
    static let multipliers: [(String, Double)] = [("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)]

    /// Every number written in `text`, in order of appearance (identifiers such as CO2, AR6 or 1.2.3 are skipped).
    public static func extract(_ text: String) -> [NumberMention] {
        let scanner = NumberScanner(c: Array(text))
        var out: [NumberMention] = []
        var i = 0
        while i < scanner.n {
            let (mention, next) = scanner.number(at: i)
            if let mention { out.append(mention) }
            i = next
        }
        return out
    }
}

/// The character scanner of ``NumberExtractor``: each function reads one part of a number written at an index.
private struct NumberScanner {
    let c: [Character]
    var n: Int { c.count }

    func isDigit(_ k: Int) -> Bool { k >= 0 && k < n && c[k].isASCII && c[k].isNumber }
    func isWordChar(_ k: Int) -> Bool { k >= 0 && k < n && (c[k].isLetter || c[k].isNumber || c[k] == "_") }

    /// The number starting at `i` (nil when there is none, or it is part of an identifier) and where scanning goes on.
    func number(at i0: Int) -> (NumberMention?, Int) {
        var i = i0
        // Start of a number: a digit, a sign before a digit, or ".5".
        var start = i
        var negative = false
        if (c[i] == "-" || c[i] == "−" || c[i] == "+") && isDigit(i + 1) && !isWordChar(i - 1) && !(i > 0 && c[i - 1] == ".") {
            negative = c[i] != "+"
            start = i
            i += 1
        } else if !isDigit(i) {
            return (nil, i + 1)
        }
        // Part of an identifier (CO2, AR6, GWP100, x2) or a version (1.2.3): skip the whole word.
        if isWordChar(start - 1) || (start > 0 && c[start - 1] == "." && isDigit(start - 2)) {
            while i < n && (isWordChar(i) || (c[i] == "." && isDigit(i + 1))) { i += 1 }
            return (nil, i)
        }
        let (digits, integerEnd) = integerPart(from: i)
        var j = integerEnd
        var fraction = ""
        if j < n && c[j] == "." && isDigit(j + 1) {
            var k = j + 1
            while isDigit(k) { fraction.append(c[k]); k += 1 }
            // A version string (1.2.3) or a dotted identifier: skip.
            if k < n && c[k] == "." && isDigit(k + 1) {
                i = k
                while i < n && (isDigit(i) || (c[i] == "." && isDigit(i + 1))) { i += 1 }
                return (nil, i)
            }
            j = k
        }
        let decimals = fraction.count
        var exponent = 0
        var hasExponent = false
        if let (e, k) = eExponent(at: j) ?? timesTenExponent(at: j) { exponent = e; hasExponent = true; j = k }
        if let next = gluedIdentifierEnd(at: j) { return (nil, next) }
        let (isPercent, multiplier, end) = suffix(at: j)
        let mantissaText = digits + (fraction.isEmpty ? "" : "." + fraction)
        guard let mantissa = Double(mantissaText) else { return (nil, max(j, i + 1)) }
        let printed = negative ? -mantissa : mantissa
        let scale = pow(10, Double(exponent)) * multiplier
        let mention = NumberMention(
            text: String(c[start..<end]), value: printed * scale, printed: printed, scale: scale, decimals: decimals,
            isPercent: isPercent, isPlainInteger: decimals == 0 && !hasExponent && multiplier == 1,
            offset: start, isListMarker: isListMarker(start: start, end: j, plainInteger: decimals == 0 && !hasExponent))
        return (mention, max(end, j))
    }

    /// The integer part from `i` with optional thousands groups, and the index after it.
    func integerPart(from i: Int) -> (String, Int) {
        var digits = ""
        var j = i
        while isDigit(j) { digits.append(c[j]); j += 1 }
        if digits.count <= 3 {
            while j < n && NumberExtractor.separators.contains(c[j]) && isDigit(j + 1) && isDigit(j + 2) && isDigit(j + 3) && !isDigit(j + 4) {
                // "1,234" is a thousands group; "1, 2" (a list) is not.
                digits += String(c[(j + 1)...(j + 3)])
                j += 4
            }
        }
        return (digits, j)
    }

    /// 1.2e-3: the exponent and the index after it.
    func eExponent(at j: Int) -> (Int, Int)? {
        guard j < n && (c[j] == "e" || c[j] == "E") else { return nil }
        var k = j + 1
        var sign = 1
        if k < n && (c[k] == "-" || c[k] == "+" || c[k] == "−") { sign = c[k] == "+" ? 1 : -1; k += 1 }
        guard isDigit(k) else { return nil }
        var e = ""
        while isDigit(k) { e.append(c[k]); k += 1 }
        return isWordChar(k) ? nil : (sign * (Int(e) ?? 0), k)
    }

    /// 1.2 × 10^3, 1.2x10^-3, 1.2×10⁻³: the exponent and the index after it.
    func timesTenExponent(at j: Int) -> (Int, Int)? {
        var k = j
        while k < n && c[k] == " " { k += 1 }
        guard k < n && (c[k] == "×" || c[k] == "x" || c[k] == "*" || c[k] == "·") else { return nil }
        k += 1
        while k < n && c[k] == " " { k += 1 }
        guard k + 1 < n && c[k] == "1" && c[k + 1] == "0" else { return nil }
        k += 2
        var e = ""
        if k < n && (c[k] == "^") {
            k += 1
            if k < n && (c[k] == "-" || c[k] == "−" || c[k] == "+") { e.append(c[k] == "+" ? "+" : "-"); k += 1 }
            while isDigit(k) { e.append(c[k]); k += 1 }
        } else {
            while k < n, let s = NumberExtractor.superscripts[c[k]] { e.append(s); k += 1 }
        }
        return Int(e).map { ($0, k) }
    }

    /// A number glued to letters followed by digits (15t16, 2x3) is an identifier: the index after it, else nil.
    func gluedIdentifierEnd(at j: Int) -> Int? {
        guard j < n && c[j].isLetter else { return nil }
        var k = j
        while k < n && c[k].isLetter { k += 1 }
        guard isDigit(k) else { return nil }
        var i = k
        while i < n && isWordChar(i) { i += 1 }
        return i
    }

    /// A percent sign or a multiplier word (thousand … trillion) after the number at `j`, and where the mention ends.
    func suffix(at j: Int) -> (isPercent: Bool, multiplier: Double, end: Int) {
        var k = j
        while k < n && (c[k] == " " || c[k] == "\u{00A0}" || c[k] == "\u{202F}") { k += 1 }
        if k < n && c[k] == "%" { return (true, 1, k + 1) }
        var multiplier = 1.0
        var end = j
        let rest = String(c[k..<min(n, k + 9)]).lowercased()
        for (w, m) in NumberExtractor.multipliers where rest.hasPrefix(w) {
            let after = k + w.count
            if after >= n || !c[after].isLetter { multiplier = m; end = after }
        }
        return (false, multiplier, end)
    }

    /// List marker: at the start of a line, an integer followed by "." or ")".
    func isListMarker(start: Int, end j: Int, plainInteger: Bool) -> Bool {
        var lineStart = start - 1
        while lineStart >= 0 && (c[lineStart] == " " || c[lineStart] == "\t") { lineStart -= 1 }
        let atLineStart = lineStart < 0 || c[lineStart] == "\n"
        return atLineStart && plainInteger && j < n && (c[j] == "." || c[j] == ")") && (j + 1 >= n || c[j + 1] == " ")
    }
}

/// One number of an answer and what the validator decided about it.
public struct GroundedNumber: Sendable, Hashable, Codable {
    /// The number as written in the answer, e.g. "8.14 million".
    public var text: String
    /// Its value (with the scale applied).
    public var value: Double
    /// The tool result value it matched (nil when unsupported or ignored).
    public var matched: Double?
    /// The tool whose result holds it, or why it was ignored ("question", "year", "count", "list").
    public var source: String?
}

/// The validator's verdict on an answer.
public struct GroundingReport: Sendable, Hashable, Codable {
    /// Numbers a tool result supports.
    public var supported: [GroundedNumber]
    /// Numbers no tool returned (and not otherwise explained): marked or refused in the answer.
    public var unsupported: [GroundedNumber]
    /// Numbers left out of the check: from the question, years, small counts, list markers, standards, tool arguments.
    public var ignored: [GroundedNumber]

    /// Whether every checked number is supported.
    public var isGrounded: Bool { unsupported.isEmpty }

    /// A report with no numbers.
    public static let empty = GroundingReport(supported: [], unsupported: [], ignored: [])
}

/// Numbers a tool returned, as evidence for an answer.
public struct Evidence: Sendable {
    /// Name of the tool that returned the numbers.
    public var tool: String
    /// Every finite number of the tool's result.
    public var numbers: [Double]
    /// Evidence of one tool result.
    public init(tool: String, numbers: [Double]) {
        self.tool = tool
        self.numbers = numbers
    }
}

/// Checks that every number in a final answer comes from a tool result.
///
/// A number is supported when a tool result holds a value within `relativeTolerance` (0.5 %) of
/// it, or one that gives the printed digits when rounded the way it is printed ("8.14 million"
/// for 8,140,480.6; "42 %" for a share of 0.4213). Signs are ignored (a "decrease of 5" matches
/// −5). Ignored: numbers that appear in the question, years (1800–2100 written as integers),
/// numbers of standards ("ISO 14067"),
/// small integer counts (0–12), list markers, and numbers the model passed as tool arguments.
public struct GroundingValidator: Sendable {
    /// Largest relative difference at which a tool value supports a number (default 0.005, i.e. 0.5 %).
    public var relativeTolerance: Double
    /// Plain integers up to this magnitude are taken as counts and ignored (default 12).
    public var smallIntegerLimit: Double

    /// A validator with the given tolerance and small-integer limit.
    public init(relativeTolerance: Double = 0.005, smallIntegerLimit: Double = 12) {
        self.relativeTolerance = relativeTolerance
        self.smallIntegerLimit = smallIntegerLimit
    }

    /// Classifies every number of `answer` as supported (by `evidence`), ignored or unsupported.
    public func validate(answer: String, question: String, evidence: [Evidence], arguments: [Double] = []) -> GroundingReport {
        let questionNumbers = NumberExtractor.extract(question).map(\.value)
        var report = GroundingReport.empty
        for m in NumberExtractor.extract(answer) {
            var g = GroundedNumber(text: m.text, value: m.value, matched: nil, source: nil)
            if m.isListMarker { g.source = "list"; report.ignored.append(g); continue }
            if Self.isStandardNumber(m, in: answer) { g.source = "standard"; report.ignored.append(g); continue }
            if let (t, v) = match(m, evidence) {
                g.matched = v
                g.source = t
                report.supported.append(g)
                continue
            }
            if questionNumbers.contains(where: { close(abs($0), abs(m.value)) }) { g.source = "question"; report.ignored.append(g); continue }
            if m.isPlainInteger && !m.isPercent && m.value >= 1800 && m.value <= 2100 { g.source = "year"; report.ignored.append(g); continue }
            if m.isPlainInteger && abs(m.value) <= smallIntegerLimit { g.source = "count"; report.ignored.append(g); continue }
            if arguments.contains(where: { close(abs($0), abs(m.value)) }) { g.source = "tool argument"; report.ignored.append(g); continue }
            report.unsupported.append(g)
        }
        return report
    }

    func close(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        return abs(a - b) <= relativeTolerance * max(abs(a), abs(b))
    }

    /// The tool value that supports the mention: one that rounds to the printed digits if any
    /// (the most specific match), else the first within the relative tolerance.
    func match(_ m: NumberMention, _ evidence: [Evidence]) -> (String, Double)? {
        for tolerant in [false, true] {
            for e in evidence {
                for t in e.numbers where t.isFinite {
                    var candidates = [t]
                    if m.isPercent { candidates.append(t * 100) }
                    for c in candidates where supports(c, m, tolerant: tolerant) { return (e.tool, t) }
                }
            }
        }
        return nil
    }

    func supports(_ t: Double, _ m: NumberMention, tolerant: Bool = true) -> Bool {
        let a = abs(m.value), v = abs(t)
        if a == 0 {
            // "0" or "0.0": the tool value must print as zero at that precision.
            return (v / m.scale * pow(10, Double(m.decimals))).rounded() == 0
        }
        if tolerant { return abs(a - v) <= relativeTolerance * v }
        // Rounded to the printed digits.
        let p = pow(10, Double(m.decimals))
        let rounded = (v / m.scale * p).rounded() / p
        return abs(rounded - abs(m.printed)) <= 1e-9 * max(1, abs(m.printed))
    }

    /// "ISO 14067", "ISO/TS 14072", "EN 15804", "IPCC 2006": the number names a standard.
    static func isStandardNumber(_ m: NumberMention, in text: String) -> Bool {
        let c = Array(text)
        var k = m.offset - 1
        while k >= 0 && (c[k] == " " || c[k] == "/" || c[k] == "\u{00A0}") { k -= 1 }
        var word = ""
        while k >= 0 && (c[k].isLetter || c[k] == "/") { word = String(c[k]) + word; k -= 1 }
        let w = word.uppercased()
        return m.isPlainInteger && ["ISO", "EN", "ISO/TS", "TS", "IPCC", "GHG", "PAS", "ISO/TR", "IEC"].contains(w)
    }

    /// The answer with a note listing unsupported numbers (non-strict mode).
    public static func annotate(_ answer: String, _ report: GroundingReport) -> String {
        guard !report.unsupported.isEmpty else { return answer }
        return answer + "\n\n⚠ Unverified: " + report.unsupported.map(\.text).joined(separator: ", ")
            + (report.unsupported.count == 1 ? " does" : " do") + " not come from any tool result."
    }

    /// The refusal that replaces an answer in strict mode.
    public static func refusal(_ report: GroundingReport) -> String {
        "I cannot give this answer: it states " + report.unsupported.map(\.text).joined(separator: ", ")
            + ", which no tool returned (strict grounding). Ask again, or check the trace for the numbers the tools did return."
    }
}
