import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics

/// Reads pymrio `save_all` text folders and EXIOBASE 3 releases (the same layout: tab-separated
/// tables with multi-level headers, `file_parameters.json`, one subfolder per extension).
///
/// Tolerated as pymrio tolerates them, each with a warning in ``MRIOSystem/warnings``:
/// * empty and NaN cells (pandas writes NaN as an empty cell) are read as 0 and counted;
/// * rows and columns in another order than Z's (Y's regions, F's columns, unit lists) are aligned
///   by label;
/// * a `file_parameters.json` that declares another number of index columns or header rows than a
///   file has is overruled by the file when the file reads consistently with the others;
/// * an extension with coefficients only (`S.txt`, no `F.txt`; EXIOBASE 1 and 2 saved by pymrio) is
///   converted to flows F = S·diag(x);
/// * EXIOBASE's three-letter region codes (some 3.4 files) are renamed to the two-letter codes
///   pymrio uses (AUT → AT, WWA → WA, …).
///
/// Extensions are read one by one and only when asked for: with `extensions: nil` an extension
/// that cannot be read is left out (``MRIOSystem/skippedExtensions`` says why) and the others are
/// read; an extension asked for by name must read.
final class PymrioLayoutReader {
    let source: MRIOSource
    let exiobase: Bool
    let defaultName: String
    /// Keep a sparse Z or A sparse (``MRIOReader/read(path:format:extensions:sparseFlows:)``).
    let sparseFlows: Bool
    private(set) var warnings: [String] = []
    private var params: PymrioFileParameters?
    private var renamed: [String: String] = [:]
    /// Whether the core matrix carries EXIOBASE's three-letter codes (decided on the core file, from
    /// its rest-of-world regions WWA … WWM); other tables in this layout keep their codes.
    private var renaming = false

    struct Core {
        var key: String
        var rel: String
        var matrix: DenseMatrix
        /// The matrix kept sparse instead (then ``matrix`` is empty).
        var sparse: SparseMatrix?
        var regions: [String]
        var sectors: [String]
        var rowKeys: [[String]]
        var n: Int { rowKeys.count }
    }

    init(source: MRIOSource, exiobase: Bool, defaultName: String, sparseFlows: Bool = false) {
        self.sparseFlows = sparseFlows
        self.source = source
        self.exiobase = exiobase
        self.defaultName = defaultName
    }

    /// File names that mark the root of a pymrio folder inside a zip (the core matrix, text or Parquet).
    static func isZipMarker(_ name: String) -> Bool { ["Z.txt", "Z.parquet", "A.parquet"].contains(name) }

    /// ``ImportLimits/maxLineBytes`` (the environment may change it).
    static func maxLineBytes() throws -> Int {
        do { return try ImportLimits.current().maxLineBytes } catch let e as DataError { throw mrioError(e, file: e.field ?? "environment") }
    }

    func warn(_ s: String) { warnings.append(s) }

    private func fileInfo(_ p: PymrioFileParameters?, _ key: String, folder: String = "") -> (rel: String, index: Int?, header: Int?) {
        let f = p?.files[key]
        return (f.map { folder + $0.name } ?? defaultFile(folder + key), f?.indexColumns, f?.headerRows)
    }

    /// `base`.txt, or `base`.parquet when only that exists (pymrio's `table_format="parquet"`).
    private func defaultFile(_ base: String) -> String {
        !source.exists(base + ".txt") && source.exists(base + ".parquet") ? base + ".parquet" : base + ".txt"
    }

    private func parse(_ rel: String, index: Int?, header: Int, expectedRows: Int?, square: Bool, text: Bool, sparse: Bool) throws
        -> LabeledTable
    {
        if ParquetTable.isParquet(rel) {
            return try ParquetTable.read(source, rel, expectedRows: expectedRows, square: square, text: text, sparse: sparse)
        }
        let parser = LabeledTableParser(
            file: source.path(rel), separator: UInt8(ascii: "\t"), indexColumns: index, headerRows: header,
            expectedRows: expectedRows, expectSquare: square, textValues: text, maxLineBytes: try Self.maxLineBytes(),
            missingAsZero: true, sparse: sparse)
        return try source.parse(rel, with: parser)
    }

    /// Parses `rel` with the layout `declared` by file_parameters.json (else `fallback`) and runs
    /// `check`. When the declared layout fails but the file's own layout (`fallback`, or sniffed
    /// from its header) reads and passes `check`, that is used with a warning.
    func table(
        _ rel: String, declared: (index: Int?, header: Int?), fallback: (index: Int?, header: Int), expectedRows: Int? = nil,
        square: Bool = false, text: Bool = false, sparse: Bool = false, check: (inout LabeledTable) throws -> Void = { _ in }
    ) throws -> LabeledTable {
        if rel.lowercased().hasSuffix(".pkl") || rel.lowercased().hasSuffix(".pickle") {
            throw MRIOError(
                .malformedFile, "is a Python pickle (pymrio's table_format=\"pkl\"), which Yuheng does not read: loading a pickle can run code",
                suggestion: "save the system as text or Parquet: io.save_all(folder) or io.save_all(folder, table_format=\"parquet\")",
                file: source.path(rel))
        }
        var attempts: [(Int?, Int)] = [(declared.index ?? fallback.index, declared.header ?? fallback.header)]
        // A Parquet file describes its own layout (pandas' metadata); there is nothing to retry.
        for alt in [(fallback.index, fallback.header), (nil, fallback.header)]
        where !ParquetTable.isParquet(rel) && !attempts.contains(where: { $0.0 == alt.0 && $0.1 == alt.1 }) {
            attempts.append(alt)
        }
        let hasDeclaration = declared.index != nil || declared.header != nil
        var firstError: MRIOError?
        for (k, a) in attempts.enumerated() {
            let mark = warnings.count
            do {
                var t = try parse(rel, index: a.0, header: a.1, expectedRows: expectedRows, square: square, text: text, sparse: sparse)
                try check(&t)
                if k > 0 {
                    warn(
                        "\(source.path(rel)): file_parameters.json declares \(declared.index.map(String.init) ?? "?") index column(s) and \(declared.header.map(String.init) ?? "?") header row(s), but the file has \(t.indexColumns) and \(a.1); read as the file is (as pymrio does)"
                    )
                }
                if t.zeroedCells > 0 {
                    warn("\(source.path(rel)): \(t.zeroedCells) empty or NaN cell(s) read as 0 (the first at \(t.firstZeroed ?? "?"))")
                }
                return t
            } catch var e as MRIOError where [.malformedFile, .shape, .labels, .negativeOutput].contains(e.code) {
                warnings.removeSubrange(mark...)
                if ParquetTable.isParquet(rel) { e = ParquetTable.positions(e) }
                if firstError == nil { firstError = e }
                if !hasDeclaration || e.code == .negativeOutput { break }
            }
        }
        throw firstError!
    }

    /// EXIOBASE only: three-letter region codes → pymrio's two-letter codes, in column level 0 and
    /// (for region-sector rows) row level 0.
    private func renameRegions(_ t: inout LabeledTable, rows: Bool) {
        guard exiobase, renaming else { return }
        if !t.columnLabels.isEmpty {
            t.columnLabels[0] = t.columnLabels[0].map { rename($0) }
        }
        if rows { t.rowLabels = t.rowLabels.map { r in r.isEmpty ? r : [rename(r[0])] + r.dropFirst() } }
    }

    private func rename(_ code: String) -> String {
        guard let to = ExiobaseRegions.pymrioRenames[code] else { return code }
        renamed[code] = to
        return to
    }

    func read(extensions wanted: [String]?) throws -> MRIOSystem {
        params = try PymrioFileParameters(source, "file_parameters.json")
        let core = try readCore()
        let (yTable, categories) = try readY(core)
        let x = try readX(core)
        let monetaryUnit = try readMonetaryUnit()
        let population = try readPopulation(core)
        let xSource = OutputSource(core: core, x: x, xFile: fileInfo(params, "x").rel, Y: yTable.values)
        let yKeys = (0..<yTable.columns).map { j in yTable.columnLabels.map { $0[j] } }
        let (exts, skipped) = try readExtensions(wanted, core: core, yKeys: yKeys, monetaryUnit: monetaryUnit, output: xSource)
        let (name, provenance, year) = try metadata()
        if !renamed.isEmpty {
            warn(
                "EXIOBASE region codes renamed to the two-letter codes pymrio uses: "
                    + renamed.keys.sorted().map { "\($0)→\(renamed[$0]!)" }.joined(separator: ", "))
        }
        var system = try LabelCheck.wrapSystem(source.root) {
            try MRIOSystem(
                name: name, regions: core.regions, sectors: core.sectors, finalDemandCategories: categories,
                Z: core.key == "Z" && core.sparse == nil ? core.matrix : nil, A: core.key == "A" && core.sparse == nil ? core.matrix : nil, x: x,
                Y: yTable.values, extensions: exts, monetaryUnit: monetaryUnit, population: population, provenance: provenance, year: year,
                sparseZ: core.key == "Z" ? core.sparse : nil, sparseA: core.key == "A" ? core.sparse : nil)
        }
        system.warnings = warnings
        system.skippedExtensions = skipped
        return system
    }

    // MARK: Core files

    private func readCore() throws -> Core {
        let order = exiobase ? ["A", "Z"] : ["Z", "A"]
        guard let key = order.first(where: { source.exists(fileInfo(params, $0).rel) }) else {
            throw source.missing(
                fileInfo(params, order[0]).rel, exiobase ? "the coefficient matrix A.txt (or Z.txt)" : "the flow matrix Z.txt (or A.txt)",
                suggestion: exiobase
                    ? "an EXIOBASE 3 IOT folder holds A.txt, Y.txt, x.txt, satellite/ and impacts/"
                    : "a pymrio save_all folder holds Z.txt (or A.txt) and Y.txt; save the system with io.save_all(folder)")
        }
        let info = fileInfo(params, key)
        let t = try table(info.rel, declared: (info.index, info.header), fallback: (2, 2), square: true, sparse: sparseFlows) { t in
            renaming = ExiobaseRegions.usesThreeLetterCodes(t.rowLabels.compactMap(\.first))
            renameRegions(&t, rows: true)
            _ = try LabelCheck.regionsAndSectors(t)
            if try LabelAlignment.alignColumns(&t, t.rowLabels, against: "the rows of \(info.rel)") {
                warn("\(source.path(info.rel)): the columns come in another order than the rows; aligned by label")
            }
        }
        let (regions, sectors) = try LabelCheck.regionsAndSectors(t)
        return Core(key: key, rel: info.rel, matrix: t.values, sparse: t.sparseValues, regions: regions, sectors: sectors, rowKeys: t.rowLabels)
    }

    private func readY(_ core: Core) throws -> (LabeledTable, [String]) {
        let info = fileInfo(params, "Y")
        guard source.exists(info.rel) else {
            throw source.missing(info.rel, "final demand Y", suggestion: "every MRIO table needs Y (region-sector rows × (region, category) columns)")
        }
        var categories: [String] = []
        let t = try table(info.rel, declared: (info.index, info.header), fallback: (2, 2), expectedRows: core.n) { t in
            renameRegions(&t, rows: true)
            if try LabelAlignment.alignRows(&t, core.rowKeys, against: core.rel) {
                warn("\(source.path(info.rel)): the rows come in another order than those of \(core.rel); aligned by label")
            }
            let r = try LabelAlignment.categories(&t, regions: core.regions)
            categories = r.categories
            if r.reordered {
                warn(
                    "\(source.path(info.rel)): the columns (regions, categories) come in another order than the regions of \(core.rel); aligned by label"
                )
            }
        }
        return (t, categories)
    }

    private func readX(_ core: Core) throws -> [Double]? {
        let info = fileInfo(params, "x")
        guard source.exists(info.rel) else { return nil }
        let t = try table(info.rel, declared: (info.index, info.header), fallback: (2, 1), expectedRows: core.n) { t in
            renameRegions(&t, rows: true)
            if try LabelAlignment.alignRows(&t, core.rowKeys, against: core.rel) {
                warn("\(source.path(info.rel)): the rows come in another order than those of \(core.rel); aligned by label")
            }
            guard t.columns == 1 else { throw MRIOError(.shape, "has \(t.columns) value columns; x needs one (gross output)", file: t.file) }
            try LabelCheck.nonNegativeOutput(t)
        }
        return t.values.elements
    }

    private func readMonetaryUnit() throws -> String {
        let info = fileInfo(params, "unit")
        guard source.exists(info.rel) else { return "" }
        let t = try table(info.rel, declared: (info.index, info.header), fallback: (2, 1), text: true)
        var distinct: [String] = []
        for r in t.rowLabelsAndText() where !distinct.contains(r) { distinct.append(r) }
        return distinct.joined(separator: ", ")
    }

    private func readPopulation(_ core: Core) throws -> [String: Double]? {
        let info = fileInfo(params, "population")
        guard source.exists(info.rel) else { return nil }
        let t = try table(info.rel, declared: (info.index, info.header), fallback: (1, 1)) { t in
            renameRegions(&t, rows: false)
            guard t.rows >= 1 else { throw MRIOError(.shape, "has no data row", file: t.file) }
            for (j, name) in t.columnLabels[0].enumerated() where !core.regions.contains(name) {
                throw MRIOError(
                    .labels, "line \(t.headerLines.first ?? 1), column \(t.indexColumns + j + 1): '\(name)' is not a region of \(core.rel)",
                    suggestion:
                        "population columns are the regions: \(core.regions.prefix(8).joined(separator: ", "))\(core.regions.count > 8 ? ", …" : "")",
                    file: t.file)
            }
        }
        return Dictionary(t.columnLabels[0].enumerated().map { ($1, t.values[0, $0]) }, uniquingKeysWith: { a, _ in a })
    }

    private func metadata() throws -> (String, Provenance?, Int?) {
        var name = defaultName
        var provenance: Provenance? = nil
        if source.exists("metadata.json"), let meta = try source.json("metadata.json") as? [String: Any] {
            if let nm = meta["name"] as? String, !nm.isEmpty { name = nm }
            let version = (meta["version"] as? String) ?? (meta["version"].map { "\($0)" } ?? "")
            let description = (meta["description"] as? String) ?? ""
            provenance = Provenance(
                datasetID: name, version: version,
                source: description.isEmpty ? source.root : "\(description) (\(source.root))", licence: exiobase ? ExiobaseRegions.licence : "")
        } else if exiobase {
            provenance = Provenance(datasetID: name, version: "3", source: "EXIOBASE 3 (\(source.root))", licence: ExiobaseRegions.licence)
        }
        return (name, provenance, exiobase ? ProviderYear.find(in: defaultName) : nil)
    }
}

// MARK: - Extensions

extension PymrioLayoutReader {
    /// Gross output for converting coefficients to flows, computed once: x.txt, else Z·1 + Y·1,
    /// else (I − A)⁻¹·Y·1 — as pymrio's `calc_system` gets it.
    final class OutputSource {
        let core: Core
        let given: [Double]?
        let xFile: String
        let Y: DenseMatrix
        private var cached: (values: [Double], how: String)?

        init(core: Core, x: [Double]?, xFile: String, Y: DenseMatrix) {
            self.core = core
            self.given = x
            self.xFile = xFile
            self.Y = Y
        }

        func get() throws -> (values: [Double], how: String) {
            if let cached { return cached }
            let y = Y.rowSums
            var r: ([Double], String)
            if let given {
                r = (given, xFile)
            } else if core.key == "Z" {
                let zr = core.sparse?.rowSums ?? core.matrix.rowSums
                r = (zip(zr, y).map { $0 + $1 }, "Z·1 + Y·1")
            } else {
                let a = core.sparse?.toDense() ?? core.matrix
                let ia = DenseMatrix(rows: core.n, columns: core.n) { i, j in (i == j ? 1 : 0) - a[i, j] }
                do { r = (try DenseLU(ia).solve(y), "(I − A)⁻¹·Y·1") } catch {
                    throw MRIOError(
                        .singular, "I − A is singular; gross output cannot be computed to convert coefficients (S) to flows", file: core.rel)
                }
            }
            cached = r
            return r
        }
    }

    func extensionCandidates() -> [(name: String, params: PymrioFileParameters?, error: MRIOError?)] {
        var out: [(String, PymrioFileParameters?, MRIOError?)] = []
        for sub in source.subfolders() {
            do {
                let p = try PymrioFileParameters(source, sub + "/file_parameters.json")
                if let t = p?.systemtype, t != "Extension" { continue }
                if p != nil || ["F", "S"].contains(where: { source.exists(defaultFile(sub + "/" + $0)) }) { out.append((sub, p, nil)) }
            } catch let e as MRIOError {
                out.append((sub, nil, e))
            } catch {
                out.append((sub, nil, MRIOError(.malformedFile, "\(error)", file: source.path(sub + "/file_parameters.json"))))
            }
        }
        return out
    }

    func readExtensions(
        _ wanted: [String]?, core: Core, yKeys: [[String]], monetaryUnit: String,
        output: OutputSource
    ) throws -> ([MRIOExtension], [String: String]) {
        let candidates = extensionCandidates()
        let selected = try LabelCheck.selectExtensions(candidates.map(\.name), wanted, root: source.root)
        var exts: [MRIOExtension] = []
        var skipped: [String: String] = [:]
        for c in candidates where selected.contains(c.name) {
            do {
                if let e = c.error { throw e }
                exts.append(try readExtension(c.name, c.params, core: core, yKeys: yKeys, monetaryUnit: monetaryUnit, output: output))
            } catch let e as MRIOError where wanted == nil {
                skipped[c.name] = e.description
                warn("extension '\(c.name)' was not read (the others were): \(e.description)")
            }
        }
        return (exts, skipped)
    }

    private func readExtension(
        _ folder: String, _ p: PymrioFileParameters?, core: Core, yKeys: [[String]], monetaryUnit: String,
        output: OutputSource
    ) throws -> MRIOExtension {
        let dir = folder + "/"
        let fInfo = fileInfo(p, "F", folder: dir), sInfo = fileInfo(p, "S", folder: dir)
        let coefficients = !source.exists(fInfo.rel) && source.exists(sInfo.rel)
        guard source.exists(fInfo.rel) || coefficients else {
            throw source.missing(
                fInfo.rel, "the stressor matrix F (or the coefficients S) of extension '\(folder)'",
                suggestion: "an extension folder needs F.txt (stressors × region-sectors) or S.txt (stressors per unit of output)")
        }
        let info = coefficients ? sInfo : fInfo
        let fTable = try table(info.rel, declared: (info.index, info.header), fallback: (nil, 2)) { t in
            renameRegions(&t, rows: false)
            if try LabelAlignment.alignColumns(&t, core.rowKeys, against: "the rows of \(core.rel)") {
                warn("\(source.path(info.rel)): the columns come in another order than the rows of \(core.rel); aligned by label")
            }
        }
        let stressorKeys = fTable.rowLabels
        guard !stressorKeys.isEmpty else { throw MRIOError(.shape, "has no stressor rows", file: fTable.file) }
        var F = fTable.values
        var units = try readUnits(dir, p, stressorKeys: stressorKeys, indexColumns: fTable.indexColumns)
        if coefficients {
            let (x, how) = try output.get()
            F = F.scalingColumns(by: x)
            let suffix = monetaryUnit.isEmpty ? nil : "/" + monetaryUnit
            units = units.map { u in suffix.flatMap { u.hasSuffix($0) ? String(u.dropLast($0.count)) : nil } ?? u }
            warn(
                "extension '\(folder)' holds coefficients only (\(sInfo.rel)); its flows are F = S·diag(x), with x from \(how) (as pymrio computes them)"
            )
        }
        let fy = try readFY(dir, p, stressorKeys: stressorKeys, indexColumns: fTable.indexColumns, fRel: info.rel, yKeys: yKeys)
        return MRIOExtension(name: folder, stressors: stressorKeys.map { $0.joined(separator: " | ") }, units: units, F: F, FY: fy)
    }

    private func readFY(_ dir: String, _ p: PymrioFileParameters?, stressorKeys: [[String]], indexColumns: Int, fRel: String, yKeys: [[String]])
        throws -> DenseMatrix?
    {
        var rel: String? = nil
        for key in ["F_Y", "F_hh"] { // F_hh: EXIOBASE 3 before 3.8
            if let f = p?.files[key], source.exists(dir + f.name) { rel = dir + f.name; break }
            if source.exists(defaultFile(dir + key)) { rel = defaultFile(dir + key); break }
        }
        guard let rel else { return nil }
        let key = p?.files.first { dir + $0.value.name == rel }?.value
        let t = try table(rel, declared: (key?.indexColumns, key?.headerRows), fallback: (indexColumns, 2)) { t in
            renameRegions(&t, rows: false)
            if try LabelAlignment.alignRows(&t, stressorKeys, against: fRel) {
                warn("\(source.path(rel)): the rows come in another order than those of \(fRel); aligned by label")
            }
            if try LabelAlignment.alignColumns(&t, yKeys, against: "the columns of Y") {
                warn("\(source.path(rel)): the columns come in another order than Y's; aligned by label")
            }
        }
        return t.values
    }

    private func readUnits(_ dir: String, _ p: PymrioFileParameters?, stressorKeys: [[String]], indexColumns: Int) throws -> [String] {
        var units = [String](repeating: "", count: stressorKeys.count)
        let info = fileInfo(p, "unit", folder: dir)
        guard source.exists(info.rel) else { return units }
        let t = try table(info.rel, declared: (info.index, info.header), fallback: (indexColumns, 1), text: true)
        var byLabel: [[String]: String] = [:]
        for (i, r) in t.rowLabels.enumerated() { byLabel[r] = t.textValue(i) }
        for (i, k) in stressorKeys.enumerated() {
            if let u = byLabel[k] { units[i] = u } else if t.rows == stressorKeys.count { units[i] = t.textValue(i) }
        }
        return units
    }
}

/// EXIOBASE region codes and licence.
enum ExiobaseRegions {
    /// The three-letter codes some EXIOBASE 3.4 ixi files use, and the two-letter codes of every
    /// other EXIOBASE 3 file (ISO 3166-1 alpha-2 for countries; WA, WE, WF, WL, WM for the rest of
    /// the world regions) — the renaming pymrio's `parse_exiobase3` applies.
    static let pymrioRenames: [String: String] = [
        "AUS": "AU", "AUT": "AT", "BEL": "BE", "BGR": "BG", "BRA": "BR", "CAN": "CA", "CHE": "CH", "CHN": "CN", "CYP": "CY",
        "CZE": "CZ", "DEU": "DE", "DNK": "DK", "ESP": "ES", "EST": "EE", "FIN": "FI", "FRA": "FR", "GBR": "GB", "GRC": "GR",
        "HRV": "HR", "HUN": "HU", "IDN": "ID", "IND": "IN", "IRL": "IE", "ITA": "IT", "JPN": "JP", "KOR": "KR", "LTU": "LT",
        "LUX": "LU", "LVA": "LV", "MEX": "MX", "MLT": "MT", "NLD": "NL", "NOR": "NO", "POL": "PL", "PRT": "PT", "ROM": "RO",
        "RUS": "RU", "SVK": "SK", "SVN": "SI", "SWE": "SE", "TUR": "TR", "TWN": "TW", "USA": "US", "ZAF": "ZA",
        "WWA": "WA", "WWE": "WE", "WWF": "WF", "WWL": "WL", "WWM": "WM"
    ]
    /// True when `regions` include EXIOBASE's three-letter rest-of-world codes (WWA, WWE, WWF,
    /// WWL, WWM): only then is a table in EXIOBASE's three-letter scheme (a WIOD or other table
    /// saved in the same layout keeps its own codes).
    static func usesThreeLetterCodes(_ regions: [String]) -> Bool {
        let restOfWorld: Set<String> = ["WWA", "WWE", "WWF", "WWL", "WWM"]
        return regions.contains { restOfWorld.contains($0) }
    }
    static let licence = "CC BY-SA 4.0 (EXIOBASE 3, exiobase.eu; cite Stadler et al. 2018)"
}

/// A four-digit year (1950–2099) in a file or folder name such as `IOT_2011_ixi`.
enum ProviderYear {
    static func find(in name: String) -> Int? {
        let chars = Array(name)
        var i = 0
        while i + 4 <= chars.count {
            let s = String(chars[i..<i + 4])
            let before = i == 0 || !chars[i - 1].isNumber, after = i + 4 == chars.count || !chars[i + 4].isNumber
            if before, after, let y = Int(s), (1950...2099).contains(y) { return y }
            i += 1
        }
        return nil
    }
}
