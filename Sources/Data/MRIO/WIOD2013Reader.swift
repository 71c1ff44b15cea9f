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

    /// Column letters of a 0-based column ("A", "AB").
    static func columnName(_ c: Int) -> String {
        var n = c + 1, s = ""
        while n > 0 { s = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + s; n = (n - 1) / 26 }
        return s
    }
}

extension WIOD2013Reader {
    func read(extensions wanted: [String]?) throws -> MRIOSystem {
        let b = try bounds()
        let zRows = Array(b.firstRow...b.lastZRow), zCols = Array(b.firstCol...b.lastZCol)
        let rowKeys = zRows.map { [region(text($0, 2)), text($0, 0)] }
        let t = MRIOTableLabels(rowKeys: rowKeys, file: path)
        let (regions, sectors) = try t.regionsAndSectors(line: { zRows[$0] + 1 })
        let colKeys = zCols.map { [region(text(Self.headerTop + 2, $0)), text(Self.headerTop, $0)] }
        let zOrder =
            try LabelAlignment.order(
                of: colKeys, expected: rowKeys, file: path, what: "column", against: "the rows of the table", line: { _ in Self.headerTop + 1 })
            ?? Array(zCols.indices)
        let yColsRaw = Array((b.lastZCol + 1)...max(b.lastZCol + 1, b.lastCol)).filter { !text(Self.headerTop + 3, $0).isEmpty }
        var categories: [String] = []
        for c in yColsRaw where !categories.contains(text(Self.headerTop + 3, c)) { categories.append(text(Self.headerTop + 3, c)) }
        let yKeys = yColsRaw.map { [region(text(Self.headerTop + 2, $0)), text(Self.headerTop + 3, $0)] }
        let yOrder =
            try LabelAlignment.order(
                of: yKeys, expected: regions.flatMap { r in categories.map { [r, $0] } }, file: path, what: "final-demand column",
                against: "the regions × final-demand categories", line: { _ in Self.headerTop + 4 }) ?? Array(yColsRaw.indices)
        var zeroed = 0
        let z = try matrix(zRows, zOrder.map { zCols[$0] }, zeroed: &zeroed)
        let y = try matrix(zRows, yOrder.map { yColsRaw[$0] }, zeroed: &zeroed)
        let fRows = ((b.lastZRow + 1)..<rows.count).filter { !text($0, 1).isEmpty && !Self.totalsRows.contains(text($0, 3)) }
        let selected = try LabelCheck.selectExtensions(fRows.isEmpty ? [] : ["factor_inputs"], wanted, root: path)
        var exts: [MRIOExtension] = []
        if !selected.isEmpty {
            let f = try matrix(fRows, zOrder.map { zCols[$0] }, zeroed: &zeroed), fy = try matrix(fRows, yOrder.map { yColsRaw[$0] }, zeroed: &zeroed)
            exts.append(MRIOExtension(name: "factor_inputs", stressors: fRows.map { text($0, 1) }, units: fRows.map { _ in "M.USD" }, F: f, FY: fy))
        }
        let title = text(0, 0)
        let year = Int(title.suffix(4))
        var system = try LabelCheck.wrapSystem(path) {
            try MRIOSystem(
                name: "WIOD \(title.isEmpty ? URL(fileURLWithPath: path).lastPathComponent : title)", regions: regions, sectors: sectors,
                finalDemandCategories: categories, Z: z, Y: y, extensions: exts, monetaryUnit: "M.USD",
                provenance: Provenance(
                    datasetID: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, version: "WIOD 2013 release",
                    source: "WIOD: \(path)", licence: ""),
                year: year)
        }
        system.warnings = warnings(zeroed: zeroed, renamed: zRows.contains { text($0, 2) == "ROM" })
        return system
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
                    guard v.isFinite else { throw MRIOError(.nonFinite, "cell \(Self.columnName(gj))\(gi + 1) is not finite", file: path) }
                    m[i, j] = v
                case .empty: zeroed += 1
                case .text(let s):
                    throw MRIOError(
                        .malformedFile, "cell \(Self.columnName(gj))\(gi + 1) holds the text '\(s.prefix(40))' where a number is expected",
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
