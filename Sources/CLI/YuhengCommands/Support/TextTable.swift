import Foundation

/// A plain-text table for terminal output: columns aligned, numbers right-aligned.
///
/// ```swift
/// var t = TextTable(["Gas", "t"], alignRight: [false, true])
/// t.add(["CO2", "300 168.00"])
/// print(t.render())
/// ```
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []
    public var alignRight: [Bool]

    public init(_ header: [String], alignRight: [Bool]? = nil) {
        self.header = header
        self.alignRight = alignRight ?? header.map { _ in false }
    }

    public mutating func add(_ row: [String]) { rows.append(row) }

    public func render() -> String {
        var widths = header.map { $0.count }
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
                return alignRight[i] ? pad + c : c + pad
            }.joined(separator: "  ")
        }
        var out = [line(header), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.map(Self.trimmingTrailingWhitespace).joined(separator: "\n")
    }

    /// The line without trailing white space, in one pass from the end (the regular expression
    /// `\s+$` used before was quadratic in the length of a run of padding: a 100,000-character
    /// dataset id made `data list` take minutes).
    static func trimmingTrailingWhitespace(_ s: String) -> String {
        var end = s.endIndex
        while end > s.startIndex {
            let before = s.index(before: end)
            guard s[before].isWhitespace else { break }
            end = before
        }
        return String(s[..<end])
    }
}
