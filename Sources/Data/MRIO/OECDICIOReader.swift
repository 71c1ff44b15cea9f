import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics

/// The OECD Inter-Country Input-Output tables (ICIO), releases 2016, 2018, 2021 and 2023: one
/// comma-separated matrix per year (`ICIO2023_2019.csv`, zipped as the OECD ships it or unpacked),
/// labelled `REGION_SECTOR` in its first column and first row.
///
/// Read as pymrio's `parse_oecd` reads it: the totals row (`OUT`, `OUTPUT`) and column (`OUT`,
/// `TOTAL`) are dropped; the rows `TLS` and `VA`, and rows containing `VALU` or `TAX` (2016/2018:
/// `TAXSUB`, `VALU`), are the factor inputs, stored as the extension `factor_inputs` (F by
/// region-sector, F_Y by final-demand column); the columns whose category is one of the final-demand
/// codes (`HFCE`, `NPISH`, `NPS`, `GGFC`, `GFCF`, `INVNT`, `INV`, `DIRP`, `DPABR`, `FD`, `P33`,
/// `DISC`) are Y; the rest is Z. A final-demand column without a region (the 2016 release's `DISC`,
/// the statistical discrepancy) stays in gross output x = Z·1 + Y·1 + DISC but is no region's final
/// demand (pymrio makes it the final demand of a pseudo-region `ALL`); a warning says so. China's and Mexico's split industries (`CN1`, `CN2`, …, `MX1`, …)
/// are added to `CHN` and `MEX` sector by sector. Empty cells are 0 (counted in a warning). Labels
/// are matched by name, not position. Regions keep their order of first appearance (pymrio sorts
/// them; the accounts per region are the same).
struct OECDICIOReader {
    let source: MRIOSource
    /// The CSV's path relative to the source.
    let file: String
    /// "ICIO2023_2019" → release "ICIO 2023", year 2019.
    let stem: String

    static let totalRows: Set<String> = ["OUT", "OUTPUT"]
    static let totalColumns: Set<String> = ["OUT", "TOTAL"]
    static let finalDemandCodes: Set<String> = ["HFCE", "NPISH", "NPS", "GGFC", "GFCF", "INVNT", "INV", "DIRP", "DPABR", "FD", "P33", "DISC"]
    static let splits: [(pattern: String, into: String)] = [("CN", "CHN"), ("MX", "MEX")]

    /// Whether a file name looks like an ICIO release (`ICIO2023_2019.csv`, `ICIO2018_2011.zip`).
    static func isICIOName(_ name: String) -> Bool {
        let n = name.uppercased()
        return n.hasPrefix("ICIO") && (n.hasSuffix(".CSV") || n.hasSuffix(".ZIP")) && n.dropFirst(4).prefix(4).allSatisfy(\.isNumber)
    }

    /// The reader of a `.csv`, a `.zip` holding one ICIO CSV, or a folder holding exactly one.
    static func open(_ url: URL) throws -> OECDICIOReader {
        let ext = url.pathExtension.lowercased()
        if ext == "zip" {
            let zip = try ZipSource(
                url: url, isMarker: { $0.lowercased().hasSuffix(".csv") && isICIOName($0) },
                expected: "expected an OECD ICIO archive holding ICIOyyyy_YYYY.csv")
            let csv = zip.files().filter { $0.lowercased().hasSuffix(".csv") && isICIOName($0) }
            guard csv.count == 1 else {
                throw MRIOError(
                    .invalidArgument, "the archive holds \(csv.count) ICIO tables (\(csv.joined(separator: ", ")))",
                    suggestion: "unpack it and give one CSV", file: url.path)
            }
            return OECDICIOReader(source: zip, file: csv[0], stem: (csv[0] as NSString).deletingPathExtension)
        }
        if MRIOReader.isDirectory(url) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter {
                isICIOName($0) && $0.lowercased().hasSuffix(".csv")
            }.sorted()
            guard names.count == 1 else {
                throw MRIOError(
                    .invalidArgument,
                    names.isEmpty ? "holds no ICIOyyyy_YYYY.csv" : "holds \(names.count) ICIO tables (\(names.joined(separator: ", ")))",
                    suggestion: "give the path of one ICIO CSV or zip", file: url.path)
            }
            return OECDICIOReader(source: FolderSource(url: url), file: names[0], stem: (names[0] as NSString).deletingPathExtension)
        }
        return OECDICIOReader(
            source: FolderSource(url: url.deletingLastPathComponent()), file: url.lastPathComponent,
            stem: url.deletingPathExtension().lastPathComponent)
    }

    /// A label `REGION_SECTOR` split at the first underscore (nil without one).
    static func split(_ label: String) -> (String, String)? {
        guard let u = label.firstIndex(of: "_") else { return nil }
        return (String(label[..<u]), String(label[label.index(after: u)...]))
    }

    static func isFactorInput(_ label: String) -> Bool {
        label == "TLS" || label == "VA" || label.contains("VALU") || label.contains("TAX")
    }

    /// The region a split region is merged into (`CN2` → `CHN` when `CHN` is a region).
    static func mergeTarget(_ region: String, regions: Set<String>) -> String? {
        for (p, into) in splits
        where region.hasPrefix(p) && region.count > p.count && region.dropFirst(p.count).allSatisfy(\.isNumber) && regions.contains(into) {
            return into
        }
        return nil
    }

    func read(extensions wanted: [String]?) throws -> MRIOSystem {
        let parser = LabeledTableParser(
            file: source.path(file), separator: UInt8(ascii: ","), indexColumns: 1, headerRows: 1,
            maxLineBytes: try PymrioLayoutReader.maxLineBytes(), missingAsZero: true)
        let t = try source.parse(file, with: parser)
        let layout = try OECDLayout(t, file: source.path(file))
        var warnings = layout.warnings
        if t.zeroedCells > 0 {
            warnings.append("\(source.path(file)): \(t.zeroedCells) empty or NaN cell(s) read as 0 (the first at \(t.firstZeroed ?? "?"))")
        }
        let selected = try LabelCheck.selectExtensions(["factor_inputs"], wanted, root: source.root)
        let (z, y, f, fy) = layout.matrices(t.values)
        // Final demand without a region (DISC) stays in gross output, x = Z·1 + Y·1 + DISC, as in pymrio; it is no region's
        // final demand (pymrio gives it to a pseudo-region "ALL", whose accounts Yuheng does not make).
        var x: [Double]? = nil
        if !layout.discrepancyColumns.isEmpty {
            let d = layout.discrepancy(t.values)
            let zr = z.rowSums, yr = y.rowSums
            x = (0..<d.count).map { zr[$0] + yr[$0] + d[$0] }
            let names = layout.discrepancyColumns.map { t.columnLabels[0][$0] }.joined(separator: ", ")
            let total = d.reduce(0, +), fdTotal = yr.reduce(0, +)
            warnings.append(
                "\(source.path(file)): final-demand column \(names) names no region (the statistical discrepancy, \(String(format: "%.6g", total)) M.USD, \(String(format: "%.2g", fdTotal == 0 ? 0 : 100 * total / fdTotal)) % of final demand): kept in gross output x as pymrio keeps it, but no region's final demand — pymrio counts it for a pseudo-region 'ALL'; the regions' D_cba and D_imp are pymrio's, their D_pba and D_exp leave out what the discrepancy embodies (pymrio's D_pba counts output L·Y·1 with it)"
            )
        }
        let ext = MRIOExtension(name: "factor_inputs", stressors: layout.factorLabels, units: layout.factorLabels.map { _ in "M.USD" }, F: f, FY: fy)
        let digits = stem.filter(\.isNumber)
        let year = digits.count >= 8 ? Int(digits.suffix(4)) : nil
        let release = digits.count >= 4 ? "ICIO \(digits.prefix(4))" : "ICIO"
        var system = try LabelCheck.wrapSystem(source.root) {
            try MRIOSystem(
                name: "OECD-ICIO \(stem)", regions: layout.regions, sectors: layout.sectors, finalDemandCategories: layout.categories,
                Z: z, x: x, Y: y, extensions: selected.isEmpty ? [] : [ext], monetaryUnit: "M.USD",
                provenance: Provenance(datasetID: stem, version: release, source: "OECD: \(source.path(file))", licence: ""), year: year)
        }
        system.warnings = warnings
        return system
    }
}

/// Where every row and column of an ICIO matrix goes.
struct OECDLayout {
    var regions: [String] = []
    var sectors: [String] = []
    var categories: [String] = []
    var factorLabels: [String] = []
    /// Per CSV row: its index in Z (region-major), or nil.
    var rowsZ: [Int?] = []
    /// Per CSV row: its index among the factor inputs, or nil.
    var rowsFactor: [Int?] = []
    /// Per CSV column: its index in Z, or nil.
    var colsZ: [Int?] = []
    /// Per CSV column: its index among Y's columns, or nil.
    var colsY: [Int?] = []
    /// CSV columns of final demand without a region (the 2016 release's `DISC`): in gross output, in no region's Y.
    var discrepancyColumns: [Int] = []
    var warnings: [String] = []

    init(_ t: LabeledTable, file: String) throws {
        let rowNames = t.rowLabels.map { $0[0].trimmingCharacters(in: .whitespaces) }
        let colNames = t.columnLabels[0].map { $0.trimmingCharacters(in: .whitespaces) }
        // Regions and sectors from the intermediate rows.
        var zRows: [(Int, String, String)] = []
        for (i, name) in rowNames.enumerated() where !OECDICIOReader.totalRows.contains(name) {
            if OECDICIOReader.isFactorInput(name) { factorLabels.append(name); continue }
            guard let (r, s) = OECDICIOReader.split(name) else {
                throw MRIOError(
                    .labels,
                    "line \(t.rowLines[i]): row '\(name)' is neither REGION_SECTOR nor a factor input (TLS, VA, VALU, TAXSUB) nor a total (OUT, OUTPUT)",
                    suggestion: "check that this is an OECD ICIO table", file: file)
            }
            zRows.append((i, r, s))
        }
        let rawRegions = Set(zRows.map(\.1))
        var merged: [String: String] = [:]
        for r in rawRegions { if let into = OECDICIOReader.mergeTarget(r, regions: rawRegions) { merged[r] = into } }
        for (_, r, s) in zRows {
            let m = merged[r] ?? r
            if !regions.contains(m) { regions.append(m) }
            if m == regions[0] && !sectors.contains(s) { sectors.append(s) }
        }
        if !merged.isEmpty {
            warnings.append(
                "\(file): split regions \(merged.keys.sorted().joined(separator: ", ")) added to \(Set(merged.values).sorted().joined(separator: " and ")) sector by sector (as pymrio does)"
            )
        }
        try place(t, rowNames: rowNames, colNames: colNames, zRows: zRows, merged: merged, file: file)
        let dropped = rowNames.filter { OECDICIOReader.totalRows.contains($0) } + colNames.filter { OECDICIOReader.totalColumns.contains($0) }
        if !dropped.isEmpty { warnings.append("\(file): totals row/column \(Set(dropped).sorted().joined(separator: ", ")) dropped") }
    }

    private mutating func place(
        _ t: LabeledTable, rowNames: [String], colNames: [String], zRows: [(Int, String, String)],
        merged: [String: String], file: String
    ) throws {
        let S = sectors.count
        let rIndex = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($1, $0) })
        let sIndex = Dictionary(uniqueKeysWithValues: sectors.enumerated().map { ($1, $0) })
        func zIndex(_ r: String, _ s: String, where what: String) throws -> Int {
            guard let ri = rIndex[merged[r] ?? r], let si = sIndex[s] else {
                throw MRIOError(
                    .labels, "\(what) '\(r)_\(s)': sector '\(s)' is not among the sectors of \(regions[0]) (\(sectors.joined(separator: ", ")))",
                    suggestion: "every region must list the same sectors", file: file)
            }
            return ri * S + si
        }
        rowsZ = Array(repeating: nil, count: rowNames.count)
        rowsFactor = rowNames.map { factorLabels.firstIndex(of: $0) }
        var seen = Set<Int>()
        for (i, r, s) in zRows {
            let k = try zIndex(r, s, where: "line \(t.rowLines[i]): row")
            rowsZ[i] = k
            if merged[r] == nil && !seen.insert(k).inserted {
                throw MRIOError(.labels, "line \(t.rowLines[i]): row '\(r)_\(s)' appears twice", file: file)
            }
        }
        guard seen.count == regions.count * S else {
            throw MRIOError(
                .shape, "has \(seen.count) region-sector rows, not \(regions.count) regions × \(S) sectors",
                suggestion: "every region must list the same sectors", file: file)
        }
        colsZ = Array(repeating: nil, count: colNames.count)
        colsY = Array(repeating: nil, count: colNames.count)
        var fd: [(Int, String, String)] = []
        var zCols = Set<Int>()
        for (j, name) in colNames.enumerated() where !OECDICIOReader.totalColumns.contains(name) {
            let parts = OECDICIOReader.split(name)
            let cat = parts.map { OECDICIOReader.finalDemandCodes.contains($0.1) ? $0.1 : $0.0 } ?? name
            if OECDICIOReader.finalDemandCodes.contains(cat) {
                guard let (a, b) = parts else {
                    // The 2016 release's statistical discrepancy (DISC): final demand of no region (pymrio: region "ALL").
                    discrepancyColumns.append(j)
                    continue
                }
                let region = rIndex[merged[a] ?? a] != nil ? (merged[a] ?? a) : (merged[b] ?? b)
                guard rIndex[region] != nil else {
                    throw MRIOError(.labels, "column \(j + 2): final-demand column '\(name)' names no region of the table", file: file)
                }
                fd.append((j, region, cat))
                if !categories.contains(cat) { categories.append(cat) }
                continue
            }
            guard let (r, s) = parts else {
                throw MRIOError(.labels, "column \(j + 2): '\(name)' is neither REGION_SECTOR nor final demand nor a total", file: file)
            }
            let k = try zIndex(r, s, where: "column \(j + 2):")
            colsZ[j] = k
            zCols.insert(k)
        }
        guard zCols.count == regions.count * S else {
            throw MRIOError(
                .labels, "the columns hold \(zCols.count) region-sectors, the rows \(regions.count * S)",
                suggestion: "rows and columns must name the same region-sectors", file: file)
        }
        let C = categories.count
        for (j, region, cat) in fd { colsY[j] = rIndex[region]! * C + categories.firstIndex(of: cat)! }
        let missing = regions.count * C - Set(fd.map { "\($0.1)|\($0.2)" }).count
        if missing > 0 { warnings.append("\(file): \(missing) region × final-demand category column(s) absent, read as 0") }
    }

    /// Per Z row, the sum of the columns without a region (`discrepancyColumns`; split regions summed in).
    func discrepancy(_ v: DenseMatrix) -> [Double] {
        var d = [Double](repeating: 0, count: regions.count * sectors.count)
        for j in discrepancyColumns { for i in 0..<v.rows { if let r = rowsZ[i] { d[r] += v[i, j] } } }
        return d
    }

    /// Z, Y, the factor inputs' F and F_Y from the CSV's values (split regions summed in).
    func matrices(_ v: DenseMatrix) -> (DenseMatrix, DenseMatrix, DenseMatrix, DenseMatrix) {
        let n = regions.count * sectors.count, m = regions.count * categories.count, k = factorLabels.count
        var z = DenseMatrix(rows: n, columns: n, repeating: 0), y = DenseMatrix(rows: n, columns: m, repeating: 0)
        var f = DenseMatrix(rows: k, columns: n, repeating: 0), fy = DenseMatrix(rows: k, columns: m, repeating: 0)
        for j in 0..<v.columns {
            let cz = colsZ[j], cy = colsY[j]
            if cz == nil && cy == nil { continue }
            for i in 0..<v.rows {
                let x = v[i, j]
                if x == 0 { continue }
                if let r = rowsZ[i] {
                    if let c = cz { z[r, c] += x } else if let c = cy { y[r, c] += x }
                } else if let r = rowsFactor[i] {
                    if let c = cz { f[r, c] += x } else if let c = cy { fy[r, c] += x }
                }
            }
        }
        return (z, y, f, fy)
    }
}
