import Foundation

/// A plain-text table for terminal output: columns aligned, numbers right-aligned.
///
/// ```swift
/// var t = TextTable(["Gas", "t"], alignRight: [false, true])
/// t.add(["CO2", "300 168.00"])
/// print(t.render())
/// ```
public struct TextTable {
    /// Column titles, printed on the first line and underlined.
    public var header: [String]
    /// Data rows, one array of cells per row in column order (added with ``add(_:)``).
    public var rows: [[String]] = []
    /// Per column, whether cells are right-aligned (numbers); all left-aligned by default.
    public var alignRight: [Bool]

    /// An empty table with the column titles `header`; `alignRight` gives each column's alignment (default: all left).
    public init(_ header: [String], alignRight: [Bool]? = nil) {
        self.header = header
        self.alignRight = alignRight ?? header.map { _ in false }
    }

    /// Caps on column widths in characters, by column index: a longer cell is cut with "…"
    /// (`data list` in 120 columns).
    public var maxWidths: [Int: Int] = [:]

    /// Appends a row of already formatted cells (e.g. "300 168.00" for an amount in t CO2e).
    public mutating func add(_ row: [String]) { rows.append(row) }

    /// The table within `total` characters: column `flexible` takes the room the others leave (at
    /// least 12 characters), the others keep their ``maxWidths``; longer cells are cut with "…".
    public func render(fitting total: Int, flexible: Int) -> String {
        var t = self
        t.maxWidths[flexible] = nil
        let others = t.naturalWidths().enumerated().filter { $0.offset != flexible }.map(\.element)
        t.maxWidths[flexible] = max(12, total - others.reduce(0, +) - 2 * (header.count - 1))
        return t.render()
    }

    /// Column widths: the widest cell of each column, within its cap.
    func naturalWidths() -> [Int] {
        var widths = header.map { $0.count }
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        for (i, cap) in maxWidths where i < widths.count { widths[i] = min(widths[i], max(cap, 2)) }
        return widths
    }

    /// The whole table, each column as wide as its widest cell (capped by ``maxWidths``), one line per row.
    public func render() -> String {
        let widths = naturalWidths()
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let c = cell.count > widths[i] ? String(cell.prefix(widths[i] - 1)) + "…" : cell
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
