import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics

/// Eurostat's FIGARO inter-country input-output tables, industry by industry, in the published CSV
/// matrix layout (`matrix_eu-ic-io_ind-by-ind_23ed_2021.csv`, zipped or not): one comma-separated
/// matrix whose first column (`rowLabels`) and first row label every row and column `REG_CODE`
/// (`DE_C10T12`, `FIGW1_A01`; the first underscore separates region and code).
///
/// pymrio 0.7.0 has no FIGARO parser; the semantics are the table's own: columns whose code is a
/// final-demand use (`P3_S13`, `P3_S14`, `P3_S15`, `P51G`, `P5M`) are Y, the other columns Z; rows of
/// the pseudo-region `W2` (value added and taxes: `W2_D21X31`, `W2_D1`, `W2_B2A3G`, …) are the
/// extension `factor_inputs` (F and F_Y, M.EUR), the other rows Z and Y. Rows and columns are matched
/// by label, not position; every region needs the same codes; empty and NaN cells are 0 (counted in a
/// warning). Monetary unit: million EUR (`M.EUR`). Year and edition from the file name. Not read: the
/// product-by-product tables, the supply and use tables and the "flat" (long) files.
struct FIGAROReader {
    let source: MRIOSource
    let file: String

    static let finalDemandCodes: Set<String> = ["P3_S13", "P3_S14", "P3_S15", "P51G", "P5M"]
    static let valueAddedRegion = "W2"

    /// Whether a file name looks like a FIGARO industry-by-industry matrix.
    static func isFIGAROName(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.hasPrefix("matrix_eu-ic-io_ind-by-ind") && (n.hasSuffix(".csv") || n.hasSuffix(".zip"))
    }

    static func open(_ url: URL) throws -> FIGAROReader {
        if url.pathExtension.lowercased() == "zip" {
            let zip = try ZipSource(
                url: url, isMarker: { isFIGAROName($0) && $0.lowercased().hasSuffix(".csv") },
                expected: "expected a FIGARO archive holding matrix_eu-ic-io_ind-by-ind_<edition>_<year>.csv")
            let csv = zip.files().filter { isFIGAROName($0) && $0.lowercased().hasSuffix(".csv") }
            guard csv.count == 1 else {
                throw MRIOError(
                    .invalidArgument, "the archive holds \(csv.count) FIGARO matrices", suggestion: "unpack it and give one CSV", file: url.path)
            }
            return FIGAROReader(source: zip, file: csv[0])
        }
        guard !MRIOReader.isDirectory(url) else {
            throw MRIOError(.invalidArgument, "is a folder; give the FIGARO matrix CSV (matrix_eu-ic-io_ind-by-ind_…csv)", file: url.path)
        }
        return FIGAROReader(source: FolderSource(url: url.deletingLastPathComponent()), file: url.lastPathComponent)
    }

    func read(extensions wanted: [String]?) throws -> MRIOSystem {
        let parser = LabeledTableParser(
            file: source.path(file), separator: UInt8(ascii: ","), indexColumns: 1, headerRows: 1,
            maxLineBytes: try PymrioLayoutReader.maxLineBytes(), missingAsZero: true)
        let t = try source.parse(file, with: parser)
        let path = source.path(file)
        let rows = try t.rowLabels.enumerated().map { (i, l) in try split(l[0], "line \(t.rowLines[i]): row") }
        let cols = try t.columnLabels[0].enumerated().map { (j, l) in try split(l, "line \(t.headerLines[0]), column \(j + 2):") }
        let zRows = rows.indices.filter { rows[$0].0 != Self.valueAddedRegion }
        let fRows = rows.indices.filter { rows[$0].0 == Self.valueAddedRegion }
        let zCols = cols.indices.filter { !Self.finalDemandCodes.contains(cols[$0].1) }
        let yCols = cols.indices.filter { Self.finalDemandCodes.contains(cols[$0].1) }
        let rowKeys = zRows.map { [rows[$0].0, rows[$0].1] }
        let (regions, sectors) = try MRIOTableLabels(rowKeys: rowKeys, file: path).regionsAndSectors(line: { t.rowLines[zRows[$0]] })
        let zOrder =
            try LabelAlignment.order(
                of: zCols.map { [cols[$0].0, cols[$0].1] }, expected: rowKeys, file: path, what: "column", against: "the rows",
                line: { _ in t.headerLines[0] }) ?? Array(zCols.indices)
        var categories: [String] = []
        for j in yCols where !categories.contains(cols[j].1) { categories.append(cols[j].1) }
        let yOrder =
            try LabelAlignment.order(
                of: yCols.map { [cols[$0].0, cols[$0].1] }, expected: regions.flatMap { r in categories.map { [r, $0] } }, file: path,
                what: "final-demand column", against: "the regions × final-demand codes", line: { _ in t.headerLines[0] }) ?? Array(yCols.indices)
        let zc = zOrder.map { zCols[$0] }, yc = yOrder.map { yCols[$0] }
        let selected = try LabelCheck.selectExtensions(fRows.isEmpty ? [] : ["factor_inputs"], wanted, root: source.root)
        let exts =
            selected.isEmpty
            ? []
            : [
                MRIOExtension(
                    name: "factor_inputs", stressors: fRows.map { rows[$0].1 }, units: fRows.map { _ in "M.EUR" },
                    F: LabelAlignment.permute(t.values, rows: fRows, columns: zc), FY: LabelAlignment.permute(t.values, rows: fRows, columns: yc))
            ]
        let (edition, year) = Self.editionAndYear(file)
        var system = try LabelCheck.wrapSystem(source.root) {
            try MRIOSystem(
                name: "FIGARO \((file as NSString).deletingPathExtension)", regions: regions, sectors: sectors, finalDemandCategories: categories,
                Z: LabelAlignment.permute(t.values, rows: zRows, columns: zc), Y: LabelAlignment.permute(t.values, rows: zRows, columns: yc),
                extensions: exts, monetaryUnit: "M.EUR",
                provenance: Provenance(
                    datasetID: (file as NSString).deletingPathExtension, version: edition.map { "FIGARO \($0)" } ?? "FIGARO",
                    source: "Eurostat: \(path)", licence: ""),
                year: year)
        }
        if t.zeroedCells > 0 {
            system.warnings.append("\(path): \(t.zeroedCells) empty or NaN cell(s) read as 0 (the first at \(t.firstZeroed ?? "?"))")
        }
        return system
    }

    /// `REG_CODE` split at the first underscore; an error naming `what` without one.
    func split(_ label: String, _ what: String) throws -> (String, String) {
        let l = label.trimmingCharacters(in: .whitespaces)
        guard let u = l.firstIndex(of: "_"), u != l.startIndex, l.index(after: u) != l.endIndex else {
            throw MRIOError(
                .labels, "\(what) '\(l.prefix(60))' is not REGION_CODE", suggestion: "check that this is a FIGARO industry-by-industry matrix",
                file: source.path(file))
        }
        return (String(l[..<u]), String(l[l.index(after: u)...]))
    }

    /// "matrix_eu-ic-io_ind-by-ind_23ed_2021.csv" → ("23ed", 2021).
    static func editionAndYear(_ name: String) -> (String?, Int?) {
        let parts = (name as NSString).deletingPathExtension.split(separator: "_").map(String.init)
        let year = parts.last.flatMap { $0.count == 4 ? Int($0) : nil }
        let edition = parts.first { $0.hasSuffix("ed") && $0.dropLast(2).allSatisfy(\.isNumber) && $0.count > 2 }
        return (edition, year)
    }
}
