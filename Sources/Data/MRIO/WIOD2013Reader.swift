import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics

/// The World Input-Output Tables of the 2013 release as published (`WIOT09_ROW_Apr12.xlsx`, one
/// workbook per year, current prices): the first sheet holds the title ("World Input-Output Table
/// 2009") in A1, then four header rows (ISIC code, sector name, region, WIOD code `c1` … `c35`,
/// `c37` … `c42`) and four label columns in the same order, the 35 × 41 region-sectors, final
/// demand, the factor-input rows (`r60` … `r69`) and a totals column.
///
/// Read as pymrio's `parse_wiod` reads it (with its default names: ISIC codes for sectors, WIOD
/// codes for final-demand categories): Z is every row and column up to the last with the code `c35`;
/// Y the columns after it (regions × `c37` … `c42`), the totals column (the last) dropped; the rows
/// after Z, without the totals `r60` (intermediate consumption) and `r69` (output), are the
/// extension `factor_inputs` (F and F_Y, named by column 2), in millions of US$ (`M.USD`); `ROM` is
/// renamed `ROU`. Columns are matched to rows by (region, code), not position; empty cells are 0
/// (counted in a warning). Not read: the environmental accounts (`AIR_*.xls` …, BIFF workbooks) and
/// the Socio-Economic Accounts that pymrio adds when they lie beside the table.
struct WIOD2013Reader {
    let path: String
    let rows: [[XlsxCell]]

    static let headerTop = 2, labelColumns = 4
    static let lastIntermediate = "c35"
    static let totalsRows: Set<String> = ["r60", "r69"]

    /// Whether a file name looks like a table of the 2013 release (`WIOT09_ROW_Apr12.xlsx`).
    static func isWIOTName(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.hasPrefix("wiot") && n.hasSuffix(".xlsx") && n.dropFirst(4).prefix(2).allSatisfy(\.isNumber)
            && !n.dropFirst(4).prefix(4).allSatisfy(\.isNumber)
    }

    static func open(_ url: URL) throws -> WIOD2013Reader {
        guard !MRIOReader.isDirectory(url) else {
            throw MRIOError(.invalidArgument, "is a folder; give one WIOT workbook (WIOTyy_ROW_Apr12.xlsx)", file: url.path)
        }
        let (_, rows) = try XlsxSheetReader(path: url.path).firstSheet()
        return WIOD2013Reader(path: url.path, rows: rows)
    }

    func cell(_ r: Int, _ c: Int) -> XlsxCell { r < rows.count && c < rows[r].count ? rows[r][c] : .empty }
    func text(_ r: Int, _ c: Int) -> String { cell(r, c).string.trimmingCharacters(in: .whitespaces) }
    func region(_ s: String) -> String { s == "ROM" ? "ROU" : s }

    /// Grid rows and columns of the table: (first data row, last Z row, last data row) and the same for columns.
    func bounds() throws -> (firstRow: Int, lastZRow: Int, firstCol: Int, lastZCol: Int, lastCol: Int) {
        let codeRow = Self.headerTop + 3, codeCol = 3
        let firstRow = codeRow + 1, firstCol = Self.labelColumns
        guard let lastZRow = (firstRow..<rows.count).last(where: { text($0, codeCol) == Self.lastIntermediate }),
            let lastZCol = (firstCol..<(rows.indices.contains(codeRow) ? rows[codeRow].count : 0)).last(where: {
                text(codeRow, $0) == Self.lastIntermediate
            })
        else {
            throw MRIOError(
                .malformedFile,
                "has no sector '\(Self.lastIntermediate)' in column D and row 6: not a World Input-Output Table of the 2013 release",
                suggestion: "give a WIOTyy_ROW_Apr12.xlsx as published by wiod.org (2013 release)", file: path)
        }
        guard lastZRow - firstRow == lastZCol - firstCol else {
            throw MRIOError(.shape, "the intermediate rows (\(lastZRow - firstRow + 1)) and columns (\(lastZCol - firstCol + 1)) differ", file: path)
        }
        return (firstRow, lastZRow, firstCol, lastZCol, (rows.map(\.count).max() ?? 0) - 2) // the last column holds the totals
    }

}

extension WIOD2013Reader {
    func read(extensions wanted: [String]?) throws -> MRIOSystem {
        let b = try bounds()
        let codeRow = Self.headerTop, regionRow = Self.headerTop + 2, categoryRow = Self.headerTop + 3
        let layout = GridLayout(
            zRows: Array(b.firstRow...b.lastZRow), zColumns: Array(b.firstCol...b.lastZCol),
            yColumns: Array((b.lastZCol + 1)...max(b.lastZCol + 1, b.lastCol)).filter { !text(categoryRow, $0).isEmpty },
            factorRows: ((b.lastZRow + 1)..<rows.count).filter { !text($0, 1).isEmpty && !Self.totalsRows.contains(text($0, 3)) },
            rowKey: { [region(text($0, 2)), text($0, 0)] }, columnKey: { [region(text(regionRow, $0)), text(codeRow, $0)] },
            columnRegion: { region(text(regionRow, $0)) }, category: { text(categoryRow, $0) }, columnLine: codeRow + 1, categoryLine: categoryRow + 1
        )
        let title = text(0, 0)
        var (system, zeroed) = try assemble(
            layout, wanted: wanted, name: "WIOD \(title.isEmpty ? URL(fileURLWithPath: path).lastPathComponent : title)",
            version: "WIOD 2013 release", year: Int(title.suffix(4)))
        system.warnings = warnings(zeroed: zeroed, renamed: layout.zRows.contains { text($0, 2) == "ROM" })
        return system
    }

    /// Where a WIOD release keeps its parts in the grid: the rows of Z and of the factor inputs, the columns of Z and Y,
    /// how rows and columns are labelled, and the 1-based lines that label errors name.
    struct GridLayout {
        var zRows: [Int], zColumns: [Int], yColumns: [Int], factorRows: [Int]
        /// (region, sector) of a row, of a Z column; the region of a Y column; its final-demand category.
        var rowKey: (Int) -> [String], columnKey: (Int) -> [String], columnRegion: (Int) -> String, category: (Int) -> String
        var columnLine: Int, categoryLine: Int
    }

    /// The system of the grid parts `l` names (both releases): rows region-major; Z's columns and Y's matched to the rows
    /// by label; the factor-input rows as the extension `factor_inputs` (named by column B, M.USD); empty cells 0, counted.
    func assemble(_ l: GridLayout, wanted: [String]?, name: String, version: String, year: Int?) throws -> (MRIOSystem, zeroed: Int) {
        let rowKeys = l.zRows.map(l.rowKey)
        let (regions, sectors) = try MRIOTableLabels(rowKeys: rowKeys, file: path).regionsAndSectors(line: { l.zRows[$0] + 1 })
        let zOrder =
            try LabelAlignment.order(
                of: l.zColumns.map(l.columnKey), expected: rowKeys, file: path, what: "column", against: "the rows of the table",
                line: { _ in l.columnLine }) ?? Array(l.zColumns.indices)
        var categories: [String] = []
        for c in l.yColumns where !categories.contains(l.category(c)) { categories.append(l.category(c)) }
        let yOrder =
            try LabelAlignment.order(
                of: l.yColumns.map { [l.columnRegion($0), l.category($0)] }, expected: regions.flatMap { r in categories.map { [r, $0] } },
                file: path, what: "final-demand column", against: "the regions × final-demand categories", line: { _ in l.categoryLine })
            ?? Array(l.yColumns.indices)
        let zCols = zOrder.map { l.zColumns[$0] }, yCols = yOrder.map { l.yColumns[$0] }
        var zeroed = 0
        let z = try matrix(l.zRows, zCols, zeroed: &zeroed)
        let y = try matrix(l.zRows, yCols, zeroed: &zeroed)
        let selected = try LabelCheck.selectExtensions(l.factorRows.isEmpty ? [] : ["factor_inputs"], wanted, root: path)
        var exts: [MRIOExtension] = []
        if !selected.isEmpty {
            let f = try matrix(l.factorRows, zCols, zeroed: &zeroed), fy = try matrix(l.factorRows, yCols, zeroed: &zeroed)
            exts.append(
                MRIOExtension(
                    name: "factor_inputs", stressors: l.factorRows.map { text($0, 1) }, units: l.factorRows.map { _ in "M.USD" }, F: f, FY: fy))
        }
        let system = try LabelCheck.wrapSystem(path) {
            try MRIOSystem(
                name: name, regions: regions, sectors: sectors, finalDemandCategories: categories, Z: z, Y: y, extensions: exts,
                monetaryUnit: "M.USD",
                provenance: Provenance(
                    datasetID: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, version: version, source: "WIOD: \(path)",
                    licence: ""),
                year: year)
        }
        return (system, zeroed)
    }

    func warnings(zeroed: Int, renamed: Bool) -> [String] {
        var w = ["\(path): the totals column and the total rows r60 and r69 dropped (as pymrio does)"]
        if zeroed > 0 { w.append("\(path): \(zeroed) empty cell(s) read as 0") }
        if renamed { w.append("\(path): region ROM renamed ROU (as pymrio does)") }
        return w
    }

    /// The values of grid rows `r` × columns `c`; empty cells are 0 (counted), text is an error naming the cell.
    func matrix(_ r: [Int], _ c: [Int], zeroed: inout Int) throws -> DenseMatrix {
        var m = DenseMatrix(rows: r.count, columns: c.count, repeating: 0)
        for (i, gi) in r.enumerated() {
            for (j, gj) in c.enumerated() {
                switch cell(gi, gj) {
                case .number(let v):
                    guard v.isFinite else { throw MRIOError(.nonFinite, "cell \(SpreadsheetColumn.name(gj))\(gi + 1) is not finite", file: path) }
                    m[i, j] = v
                case .empty: zeroed += 1
                case .text(let s):
                    throw MRIOError(
                        .malformedFile, "cell \(SpreadsheetColumn.name(gj))\(gi + 1) holds the text '\(s.prefix(40))' where a number is expected",
                        suggestion: "the table's value cells must be numbers", file: path)
                }
            }
        }
        return m
    }
}

/// Region-major row labels (region, sector) checked as ``LabelCheck/regionsAndSectors(_:)`` checks
/// a parsed table's, for readers whose tables do not come from a delimited text file.
struct MRIOTableLabels {
    let rowKeys: [[String]]
    let file: String

    func regionsAndSectors(line: (Int) -> Int) throws -> ([String], [String]) {
        var regions: [String] = []
        for k in rowKeys where !regions.contains(k[0]) { regions.append(k[0]) }
        guard let first = regions.first else { throw MRIOError(.shape, "has no region-sector rows", file: file) }
        let sectors = rowKeys.prefix { $0[0] == first }.map { $0[1] }
        for (i, k) in rowKeys.enumerated() {
            let want = i / sectors.count < regions.count ? [regions[i / sectors.count], sectors[i % sectors.count]] : []
            guard k == want, rowKeys.count == regions.count * sectors.count else {
                throw MRIOError(
                    .labels,
                    "line \(line(i)): row '\(k.joined(separator: ":"))' breaks the region-major order (every region lists the sectors of \(first))",
                    suggestion: "rows must be grouped by region, and every region must list the same sectors in the same order", file: file)
            }
        }
        return (regions, sectors)
    }
}
