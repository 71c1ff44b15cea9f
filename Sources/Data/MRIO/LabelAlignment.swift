import Foundation
import YuhengMRIO
import YuhengNumerics

/// Aligns the rows and columns of a parsed table with the labels of another table by name, not by
/// position: a Y whose region columns come in another order than Z's, an F whose columns are
/// permuted, a unit list in another order. The labels must be the same set (each once); a label
/// that is missing or extra is an error naming the file, the line and the label.
enum LabelAlignment {
    /// For each expected label, its index among `labels`; nil when they are already in that order.
    static func order(
        of labels: [[String]], expected: [[String]], file: String, what: String, against: String,
        line: (Int) -> Int
    ) throws -> [Int]? {
        if labels == expected { return nil }
        var index: [[String]: Int] = [:]
        for (i, l) in labels.enumerated() {
            if index[l] != nil {
                throw MRIOError(
                    .labels, "line \(line(i)): the \(what) '\(l.joined(separator: ":"))' occurs twice",
                    suggestion: "every \(what) label must occur once", file: file)
            }
            index[l] = i
        }
        let wanted = Set(expected)
        if let extra = labels.indices.first(where: { !wanted.contains(labels[$0]) }) {
            throw MRIOError(
                .labels, "line \(line(extra)): the \(what) '\(labels[extra].joined(separator: ":"))' is not one of \(against)",
                suggestion:
                    "use the labels of \(against) (\(expected.prefix(4).map { $0.joined(separator: ":") }.joined(separator: ", "))\(expected.count > 4 ? ", …" : ""))",
                file: file)
        }
        if let missing = expected.first(where: { index[$0] == nil }) {
            throw MRIOError(
                .labels, "has no \(what) '\(missing.joined(separator: ":"))' (\(labels.count) \(what)s for the \(expected.count) of \(against))",
                suggestion: "every label of \(against) needs one \(what), in any order", file: file)
        }
        return expected.map { index[$0]! }
    }

    /// `t` with its rows in the order of `expected` (its row labels).
    static func alignRows(_ t: inout LabeledTable, _ expected: [[String]], against: String) throws -> Bool {
        let lines = t.rowLines
        guard let p = try order(of: t.rowLabels, expected: expected, file: t.file, what: "row", against: against, line: { lines[$0] }) else {
            return false
        }
        t.densify() // a permutation of a table kept sparse (rare: labels out of order) is done dense
        t.values = permute(t.values, rows: p, columns: nil)
        t.rowLabels = p.map { t.rowLabels[$0] }
        t.rowLines = p.map { lines[$0] }
        if !t.textRows.isEmpty { t.textRows = p.map { t.textRows[$0] } }
        return true
    }

    /// `t` with its columns in the order of `expected` (one label per header level).
    static func alignColumns(_ t: inout LabeledTable, _ expected: [[String]], against: String) throws -> Bool {
        let levels = t.columnLabels.count
        let labels = (0..<t.columns).map { j in (0..<levels).map { t.columnLabels[$0][j] } }
        let headerLine = t.headerLines.first ?? 1
        guard let p = try order(of: labels, expected: expected, file: t.file, what: "column", against: against, line: { _ in headerLine }) else {
            return false
        }
        t.densify()
        t.values = permute(t.values, rows: nil, columns: p)
        t.columnLabels = (0..<levels).map { lv in p.map { t.columnLabels[lv][$0] } }
        return true
    }

    /// `m` with row i taken from row `rows[i]` and column j from column `columns[j]`.
    static func permute(_ m: DenseMatrix, rows: [Int]?, columns: [Int]?) -> DenseMatrix {
        let r = rows ?? Array(0..<m.rows), c = columns ?? Array(0..<m.columns)
        var out = DenseMatrix(rows: r.count, columns: c.count, repeating: 0)
        let srcRows = m.rows
        m.elements.withUnsafeBufferPointer { src in
            out.withUnsafeMutableElements { dst in
                for (j, sj) in c.enumerated() {
                    for (i, si) in r.enumerated() { dst[i + j * r.count] = src[si + sj * srcRows] }
                }
            }
        }
        return out
    }

    /// Final-demand categories of a Y-like table with two column levels (region, category), and the
    /// columns aligned to regions × categories in region-major order. Regions may come in any order,
    /// and categories in any order within a region; every region needs every category.
    static func categories(_ t: inout LabeledTable, regions: [String]) throws -> (categories: [String], reordered: Bool) {
        guard t.columnLabels.count == 2 else {
            throw MRIOError(.malformedFile, "has \(t.columnLabels.count) header row(s); Y needs two (region, category)", file: t.file)
        }
        var cats: [String] = []
        var seen = Set<String>()
        for c in t.columnLabels[1] where seen.insert(c).inserted { cats.append(c) }
        let known = Set(regions)
        if let j = t.columnLabels[0].firstIndex(where: { !known.contains($0) }) {
            throw MRIOError(
                .labels, "line \(t.headerLines.first ?? 1), column \(t.indexColumns + j + 1): '\(t.columnLabels[0][j])' is not a region of the table",
                suggestion:
                    "the first header row of Y names the consuming regions: \(regions.prefix(6).joined(separator: ", "))\(regions.count > 6 ? ", …" : "")",
                file: t.file)
        }
        let expected = regions.flatMap { r in cats.map { [r, $0] } }
        let moved = try alignColumns(&t, expected, against: "the regions of Z × the final-demand categories")
        return (cats, moved)
    }
}
