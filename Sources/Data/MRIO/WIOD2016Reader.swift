import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics

/// The World Input-Output Tables of the 2016 release as published (`WIOT2014_Nov16_ROW.xlsb`, one binary
/// workbook per year 2000–2014, its sheet named after the year; also read when saved as `.xlsx`): the title in
/// A1 and the price basis in A2; header rows 3–6 from column E (industry code, description, country, column
/// number); data rows from row 7 with four label columns (IndustryCode, IndustryDescription, Country, RNr):
/// the 43 countries and the rest of the world (`ROW`) × 56 industries, then the summary rows of country `TOT`
/// (`II_fob`, `TXSP`, `EXP_adj`, `PURR`, `PURNR`, `VA`, `IntTTM`, `GO`); final demand `CONS_h`, `CONS_np`,
/// `CONS_g`, `GFCF`, `INVEN` per country after the industry columns, and the `GO` column of `TOT` last.
///
/// pymrio 0.7.0 has no parser for this release; it is read with the conventions of the 2013 release
/// (``WIOD2013Reader``): sectors are the industry codes, final-demand categories the codes above; the summary
/// rows without the totals `II_fob` (intermediate consumption) and `GO` (output) are the extension
/// `factor_inputs` (F and F_Y, named by their description), millions of US$ (`M.USD`); the totals column is
/// dropped; columns are matched to rows by (country, code), not position; empty cells are 0 (counted in a
/// warning). Not read: the environmental and socio-economic accounts (separate files), the previous-year-price tables.
struct WIOD2016Reader {
    let path: String
    let sheetName: String
    let grid: WIOD2013Reader

    static let finalDemandCodes: Set<String> = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]
    static let totalsRows: Set<String> = ["II_fob", "GO"]
    static let summaryRegion = "TOT"
    /// Zero-based rows of the header: industry codes (3), countries (5); data from row 7.
    static let codeRow = 2, regionRow = 4, firstRow = 6, firstColumn = 4

    /// Whether a file name looks like a table of the 2016 release (`WIOT2014_Nov16_ROW.xlsb`).
    static func isWIOT2016Name(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.hasPrefix("wiot") && n.dropFirst(4).prefix(4).allSatisfy(\.isNumber) && n.contains("nov16")
            && (n.hasSuffix(".xlsb") || n.hasSuffix(".xlsx"))
    }

    static func open(_ url: URL) throws -> WIOD2016Reader {
        guard !MRIOReader.isDirectory(url) else {
            throw MRIOError(.invalidArgument, "is a folder; give one WIOT workbook (WIOTyyyy_Nov16_ROW.xlsb)", file: url.path)
        }
        let (name, rows): (String, [[XlsxCell]]) =
            url.pathExtension.lowercased() == "xlsx"
            ? try XlsxSheetReader(path: url.path).firstSheet() : try XlsbSheetReader(path: url.path).sheet(named: nil)
        return WIOD2016Reader(path: url.path, sheetName: name, grid: WIOD2013Reader(path: url.path, rows: rows))
    }
}

extension WIOD2016Reader {
    func read(extensions wanted: [String]?) throws -> MRIOSystem {
        let g = grid
        let width = g.rows.map(\.count).max() ?? 0
        let dataRows = (Self.firstRow..<g.rows.count).filter { !g.text($0, 0).isEmpty }
        let zRows = dataRows.filter { g.text($0, 2) != Self.summaryRegion }
        let columns = (Self.firstColumn..<width).filter { !g.text(Self.codeRow, $0).isEmpty }
        let zCols = columns.filter { g.text(Self.regionRow, $0) != Self.summaryRegion && !Self.finalDemandCodes.contains(g.text(Self.codeRow, $0)) }
        let yColsRaw = columns.filter { g.text(Self.regionRow, $0) != Self.summaryRegion && Self.finalDemandCodes.contains(g.text(Self.codeRow, $0)) }
        guard !zRows.isEmpty, zRows.count == zCols.count else {
            throw MRIOError(
                .malformedFile,
                zRows.isEmpty
                    ? "has no country-industry rows from row 7: not a World Input-Output Table of the 2016 release"
                    : "has \(zRows.count) country-industry rows but \(zCols.count) industry columns",
                suggestion: "give a WIOTyyyy_Nov16_ROW.xlsb as published by the WIOD 2016 release", file: path)
        }
        let layout = WIOD2013Reader.GridLayout(
            zRows: zRows, zColumns: zCols, yColumns: yColsRaw,
            factorRows: dataRows.filter { g.text($0, 2) == Self.summaryRegion && !Self.totalsRows.contains(g.text($0, 0)) },
            rowKey: { [g.text($0, 2), g.text($0, 0)] }, columnKey: { [g.text(Self.regionRow, $0), g.text(Self.codeRow, $0)] },
            columnRegion: { g.text(Self.regionRow, $0) }, category: { g.text(Self.codeRow, $0) }, columnLine: Self.codeRow + 1,
            categoryLine: Self.codeRow + 1)
        let title = g.text(0, 0)
        let file = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var (system, zeroed) = try g.assemble(
            layout, wanted: wanted, name: "WIOD \(title.isEmpty ? file : title)", version: "WIOD 2016 release",
            year: Int(sheetName) ?? Int(title.suffix(4)))
        var warnings = ["\(path): the GO column and the total rows II_fob and GO dropped (the 2013 release's convention)"]
        if zeroed > 0 { warnings.append("\(path): \(zeroed) empty cell(s) read as 0") }
        if g.text(1, 0).lowercased().contains("previous") { warnings.append("\(path): the table is in previous year's prices (\(g.text(1, 0)))") }
        system.warnings = warnings
        return system
    }
}
