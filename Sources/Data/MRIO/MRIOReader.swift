import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics

/// The file layouts ``MRIOReader`` understands.
public enum MRIOFormat: String, Sendable, CaseIterable, Codable {
    /// Detect from the content: `file_parameters.json` → pymrio; `Z.csv` → csv;
    /// `A.txt` or a zip archive (`IOT_YYYY_ixi.zip`) → exiobase3; `ICIOyyyy_YYYY.csv` (or a zip
    /// holding one) → oecd; `Eora26_YYYY_bp_T.txt` (or a zip holding one) → eora26; `mrIot*.txt`
    /// (or a zip holding one) → exiobase12; an `.xlsx` workbook → wiod2013; `WIOTyyyy_Nov16_ROW.xlsb` (any `.xlsb`) → wiod2016;
    /// `matrix_eu-ic-io_ind-by-ind_*.csv` (or a zip holding one) → figaro; a folder with
    /// `GLORIA_MRIOs_<v>_<year>.zip` → gloria.
    case auto
    /// pymrio `save_all` folders (`file_parameters.json`, extension subfolders), text (tab-separated `.txt`)
    /// or Parquet (`table_format="parquet"`; ``ParquetTable``), unpacked or in a zip (`pymrio.archive`).
    case pymrio
    /// Plain CSV: `Z.csv`, `Y.csv`, `x.csv`, `F.csv`, `F_Y.csv` and `metadata.json`.
    case csv
    /// EXIOBASE 3 IOT releases, zipped or unzipped: `A.txt`, `Y.txt`, `x.txt`, `satellite/`, `impacts/`.
    case exiobase3
    /// OECD ICIO releases 2016, 2018, 2021 and 2023: `ICIOyyyy_YYYY.csv`, zipped or not (``OECDICIOReader``).
    case oecd
    /// Eora26: `Eora26_YYYY_bp.zip` (or `_pp`), zipped or unpacked, with its label files (``Eora26Reader``).
    case eora26
    /// EXIOBASE 1 and 2 as published: `mrIot*.txt`, `mrFinalDemand*.txt`, `mrEmissions*.txt`, …, zipped or not (``Exiobase12Reader``).
    case exiobase12
    /// WIOD, 2013 release: `WIOTyy_ROW_Apr12.xlsx` (``WIOD2013Reader``).
    case wiod2013
    /// WIOD, 2016 release: `WIOTyyyy_Nov16_ROW.xlsb` (binary workbook; also as `.xlsx`) (``WIOD2016Reader``).
    case wiod2016
    /// Eurostat FIGARO, industry by industry: `matrix_eu-ic-io_ind-by-ind_<edition>_<year>.csv`, zipped or not (``FIGAROReader``).
    case figaro
    /// GLORIA (release 057 and later): a folder with `GLORIA_MRIOs_<v>_<year>.zip`, `GLORIA_SatelliteAccounts_0<v>_<year>.zip`
    /// and `GLORIA_ReadMe_0<v>.xlsx` (``GLORIAReader``).
    case gloria
}

/// Reads environmentally extended MRIO tables into ``MRIOSystem``.
///
/// ```swift
/// let wiod = try MRIOReader.read(path: "shared/data/mrio/wiod2011_co2/pymrio_txt")
/// let exio = try MRIOReader.read(path: "IOT_2011_ixi.zip", extensions: ["satellite"])
/// ```
///
/// Large tables are streamed line by line and parsed straight into column-major storage (the
/// WIOD 1,435 × 1,435 Z loads in a fraction of a second in a release build). Every error is an
/// `MRIOError` whose `file` names the offending file and whose message gives the line, column and
/// labels involved, with a suggestion.
///
/// Conventions: rows and columns are region-sector pairs in region-major order; all files of a
/// table must use the same labels in the same order (Y, x and F are checked against Z or A).
/// Stressors with two index columns (pymrio's stressor and compartment) are labelled
/// `"<stressor> | <compartment>"`. An extension is named after its folder (`emissions`,
/// `satellite`); the CSV layout's extension is named by `metadata.json` (`"extension"`), else
/// `co2` for a single CO2 stressor, else `stressors`.
public enum MRIOReader {
    /// Reads the table at `path` (a folder, or an EXIOBASE zip archive).
    /// - Parameter extensions: the extensions to load (by name); nil loads all.
    /// - Parameter sparseFlows: keep a sparse Z (or EXIOBASE's A) sparse (``MRIOSystem/sparseZ``, ``MRIOSystem/sparseA``) when at
    ///   most a third of it is non-zero (the CSV, pymrio and EXIOBASE 3 layouts; the other providers' layouts are read dense): for the
    ///   accounts of large tables, which then never hold an n × n matrix.
    public static func read(path: String, format: MRIOFormat = .auto, extensions: [String]? = nil, sparseFlows: Bool = false) throws -> MRIOSystem {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let fmt = format == .auto ? try detect(path: path) : format
        switch fmt {
        case .auto: fatalError("unreachable")
        case .csv:
            return try CSVLayoutReader(source: FolderSource(url: url), sparseFlows: sparseFlows).read(extensions: extensions)
        case .pymrio:
            if !isDirectory(url) {
                // a save_all folder in a zip (pymrio.archive); the shallowest folder holding Z (or A) is the table
                guard FileManager.default.fileExists(atPath: url.path) else { throw notFound(url) }
                let source = try ZipSource(
                    url: url, isMarker: { PymrioLayoutReader.isZipMarker($0) || $0 == "A.txt" },
                    expected:
                        "expected a zip holding a pymrio save_all folder (Z.txt or Z.parquet, Y, file_parameters.json), as pymrio.archive writes it")
                return try PymrioLayoutReader(
                    source: source, exiobase: false, defaultName: url.deletingPathExtension().lastPathComponent, sparseFlows: sparseFlows
                ).read(extensions: extensions)
            }
            return try PymrioLayoutReader(
                source: FolderSource(url: url), exiobase: false, defaultName: url.lastPathComponent, sparseFlows: sparseFlows
            ).read(extensions: extensions)
        case .exiobase3:
            if isDirectory(url) {
                return try PymrioLayoutReader(
                    source: FolderSource(url: url), exiobase: true, defaultName: url.lastPathComponent, sparseFlows: sparseFlows
                ).read(extensions: extensions)
            }
            guard FileManager.default.fileExists(atPath: url.path) else { throw notFound(url) }
            return try PymrioLayoutReader(
                source: ZipSource(url: url), exiobase: true,
                defaultName: url.deletingPathExtension().lastPathComponent, sparseFlows: sparseFlows
            ).read(extensions: extensions)
        case .oecd:
            guard FileManager.default.fileExists(atPath: url.path) else { throw notFound(url) }
            return try OECDICIOReader.open(url).read(extensions: extensions)
        case .eora26:
            guard FileManager.default.fileExists(atPath: url.path) else { throw notFound(url) }
            return try Eora26Reader.open(url).read(extensions: extensions)
        case .exiobase12:
            guard FileManager.default.fileExists(atPath: url.path) else { throw notFound(url) }
            return try Exiobase12Reader.open(url).read(extensions: extensions)
        case .wiod2013:
            guard FileManager.default.fileExists(atPath: url.path) else { throw notFound(url) }
            return try WIOD2013Reader.open(url).read(extensions: extensions)
        case .figaro:
            guard FileManager.default.fileExists(atPath: url.path) else { throw notFound(url) }
            return try FIGAROReader.open(url).read(extensions: extensions)
        case .gloria:
            guard FileManager.default.fileExists(atPath: url.path) else { throw notFound(url) }
            return try GLORIAReader.open(url).read(extensions: extensions)
        case .wiod2016:
            guard FileManager.default.fileExists(atPath: url.path) else { throw notFound(url) }
            return try WIOD2016Reader.open(url).read(extensions: extensions)
        }
    }

    /// The format of the table at `path` (never `.auto`).
    public static func detect(path: String) throws -> MRIOFormat {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else { throw notFound(url) }
        if !isDirectory(url) { return try detectFile(url) }
        let src = FolderSource(url: url)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        if names.contains(where: { Eora26Reader.isEoraName($0) && $0.hasSuffix("_T.txt") }) { return .eora26 }
        if names.contains(where: { $0.hasPrefix("GLORIA_MRIOs_") }) { return .gloria }
        if url.lastPathComponent.hasPrefix("GLORIA_MRIOs_") { return .gloria } // the unpacked tables of a GLORIA folder
        if names.contains(where: Exiobase12Reader.isCoreName) { return .exiobase12 }
        if names.contains(where: { OECDICIOReader.isICIOName($0) && $0.lowercased().hasSuffix(".csv") }) && !src.exists("Z.csv") { return .oecd }
        if src.exists("file_parameters.json") { return .pymrio }
        if src.exists("Z.csv") { return .csv }
        if src.exists("A.txt") { return .exiobase3 }
        if src.exists("Z.txt") || src.exists("Z.parquet") || src.exists("A.parquet") { return .pymrio }
        if src.exists("metadata.json") && src.exists("Y.csv") { return .csv }
        throw MRIOError(
            .missingData, "no MRIO table found in the folder",
            suggestion:
                "expected file_parameters.json and Z.txt or Z.parquet (pymrio save_all), Z.csv with Y.csv (CSV layout), or A.txt with Y.txt (EXIOBASE 3); EXIOBASE archives can be read zipped",
            file: url.path)
    }

    /// The format of a single file: an archive by its entries (Eora26, OECD ICIO, EXIOBASE 1/2, FIGARO, a pymrio
    /// folder, else EXIOBASE 3),
    /// an OECD ICIO CSV by its name or its final-demand column labels.
    static func detectFile(_ url: URL) throws -> MRIOFormat {
        let name = url.lastPathComponent
        if GLORIAReader.isGLORIAName(name) { return .gloria } // one file of a GLORIA folder: the folder is read
        if WIOD2016Reader.isWIOT2016Name(name) || url.pathExtension.lowercased() == "xlsb" { return .wiod2016 }
        if WIOD2013Reader.isWIOTName(name) { return .wiod2013 }
        if FIGAROReader.isFIGAROName(name) { return .figaro }
        if url.pathExtension.lowercased() == "xlsx" { return .wiod2013 } // the only workbook layout read
        if url.pathExtension.lowercased() == "zip" {
            if Eora26Reader.isEoraName(name) { return .eora26 }
            if OECDICIOReader.isICIOName(name) { return .oecd }
            let paths = ((try? SafeArchive(path: url.path))?.files ?? []).map(\.path)
            let entries = paths.map { ($0 as NSString).lastPathComponent }
            if entries.contains(where: { Eora26Reader.isEoraName($0) && $0.hasSuffix("_T.txt") }) { return .eora26 }
            if entries.contains(where: { OECDICIOReader.isICIOName($0) && $0.lowercased().hasSuffix(".csv") }) { return .oecd }
            if entries.contains(where: Exiobase12Reader.isCoreName) { return .exiobase12 }
            if entries.contains(where: FIGAROReader.isFIGAROName) { return .figaro }
            // pymrio.archive(): a save_all folder in a zip (Parquet, or Z.txt without EXIOBASE's satellite/ folder)
            if entries.contains("Z.parquet") || entries.contains("A.parquet")
                || (entries.contains("Z.txt") && !paths.contains { $0.hasPrefix("satellite/") || $0.contains("/satellite/") })
            {
                return .pymrio
            }
            return .exiobase3
        }
        if url.pathExtension.lowercased() == "csv" {
            if OECDICIOReader.isICIOName(name) { return .oecd }
            let head =
                (try? FileHandle(forReadingFrom: url).read(upToCount: 1 << 16)).flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) } ?? ""
            if head.contains("_HFCE") && head.contains("_GFCF") { return .oecd }
        }
        throw MRIOError(
            .invalidArgument, "is a file, not an MRIO table Yuheng recognises",
            suggestion:
                "give the folder that holds the table (pymrio save_all folder, CSV folder or EXIOBASE folder), an EXIOBASE IOT_YYYY_ixi.zip / IOT_YYYY_pxp.zip archive, an OECD ICIOyyyy_YYYY.csv or .zip, or an Eora26_YYYY_bp.zip; or name the format with --format",
            file: url.path)
    }

    static func isDirectory(_ url: URL) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &dir) && dir.boolValue
    }

    static func notFound(_ url: URL) -> MRIOError {
        MRIOError(.missingData, "no such file or folder", suggestion: "check the path", file: url.path)
    }

    static func requireFolder(_ url: URL, format: MRIOFormat) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { throw notFound(url) }
        guard isDirectory(url) else {
            throw MRIOError(
                .invalidArgument, "a \(format.rawValue) table is a folder, not a file", suggestion: "give the folder that holds the table",
                file: url.path)
        }
    }
}

// MARK: - Shared checks

/// Label checks shared by the layouts: the first mismatch is named with its line and column.
enum LabelCheck {
    /// Regions and sectors from the row labels of Z/A, which must be the full region × sector
    /// product in region-major order.
    static func regionsAndSectors(_ t: LabeledTable) throws -> (regions: [String], sectors: [String]) {
        guard t.indexColumns == 2 else {
            throw MRIOError(
                .malformedFile, "has \(t.indexColumns) index column(s); the rows of Z/A need two (region, sector)",
                suggestion: "the first two columns of every row are the region and the sector", file: t.file)
        }
        guard t.rows > 0 else { throw MRIOError(.shape, "has no data rows", file: t.file) }
        var regions: [String] = []
        var seen = Set<String>()
        for r in t.rowLabels where !seen.contains(r[0]) { seen.insert(r[0]); regions.append(r[0]) }
        let first = regions[0]
        let sectors = t.rowLabels.prefix { $0[0] == first }.map { $0[1] }
        let s = sectors.count
        guard regions.count * s == t.rows else {
            let counts = regions.map { reg in t.rowLabels.filter { $0[0] == reg }.count }
            let bad = zip(regions, counts).first { $0.1 != s }
            throw MRIOError(
                .shape,
                "has \(t.rows) rows, not \(regions.count) regions × \(s) sectors"
                    + (bad.map { " (region '\($0.0)' has \($0.1) rows, '\(first)' has \(s))" } ?? ""),
                suggestion: "every region must list the same sectors in the same order", file: t.file)
        }
        for i in 0..<t.rows {
            let want = [regions[i / s], sectors[i % s]]
            if t.rowLabels[i] != want {
                throw MRIOError(
                    .labels, "line \(t.rowLines[i]): row '\(t.rowName(i))' breaks the region-major order; expected '\(want.joined(separator: ":"))'",
                    suggestion: "rows must be grouped by region, and every region must list the same sectors in the same order", file: t.file)
            }
        }
        return (regions, sectors)
    }

    /// Row labels of `t` must equal `expected` (per row, per level) in order.
    static func rows(_ t: LabeledTable, _ expected: [[String]], against: String) throws {
        guard t.rows == expected.count else {
            throw MRIOError(
                .shape, "has \(t.rows) data rows, expected \(expected.count) (the rows of \(against))",
                suggestion: "use the same rows, in the same order, as \(against)", file: t.file)
        }
        for i in 0..<t.rows where t.rowLabels[i] != expected[i] {
            throw MRIOError(
                .labels,
                "line \(t.rowLines[i]): row label '\(t.rowName(i))' does not match '\(expected[i].joined(separator: ":"))', row \(i + 1) of \(against)",
                suggestion: "the rows must be in the same order as in \(against)", file: t.file)
        }
    }

    /// Column labels of `t` (per column, per level) must equal `expected` in order.
    static func columns(_ t: LabeledTable, _ expected: [[String]], against: String) throws {
        guard t.columns == expected.count else {
            throw MRIOError(
                .shape, "has \(t.columns) value columns, expected \(expected.count) (\(against))",
                suggestion: "use the same columns, in the same order, as \(against)", file: t.file)
        }
        let levels = t.columnLabels.count
        for j in 0..<t.columns {
            let got = (0..<levels).map { t.columnLabels[$0][j] }
            if got != expected[j] {
                let level = (0..<min(levels, expected[j].count)).first { got[$0] != expected[j][$0] } ?? 0
                let line = level < t.headerLines.count ? t.headerLines[level] : (t.headerLines.first ?? 1)
                throw MRIOError(
                    .labels,
                    "line \(line), column \(t.indexColumns + j + 1): column label '\(got.joined(separator: ":"))' does not match '\(expected[j].joined(separator: ":"))' (\(against), position \(j + 1))",
                    suggestion: "the columns must be in the same region-sector (or region-category) order as \(against)", file: t.file)
            }
        }
    }

    /// Gross output must be zero or positive.
    static func nonNegativeOutput(_ t: LabeledTable) throws {
        for i in 0..<t.rows {
            let v = t.values[i, 0]
            if v < 0 {
                throw MRIOError(
                    .negativeOutput, "line \(t.rowLines[i]): gross output of '\(t.rowName(i))' is negative (\(v))",
                    suggestion: "gross output must be zero or positive; check the table (a negative inventory change larger than the output?)",
                    file: t.file)
            }
        }
    }

    static func wrapSystem(_ root: String, _ make: () throws -> MRIOSystem) throws -> MRIOSystem {
        do { return try make() } catch var e as MRIOError {
            if e.file == nil { e.file = root }
            throw e
        }
    }

    static func selectExtensions(_ available: [String], _ wanted: [String]?, root: String) throws -> [String] {
        guard let wanted else { return available }
        for w in wanted where !available.contains(w) {
            throw MRIOError(
                .unknownExtension, "has no extension '\(w)'",
                suggestion: available.isEmpty ? "this table has no extensions" : "available: \(available.joined(separator: ", "))", file: root)
        }
        return available.filter { wanted.contains($0) }
    }
}

// MARK: - pymrio save_all and EXIOBASE 3

/// `file_parameters.json` of a pymrio folder.
struct PymrioFileParameters {
    struct File { var name: String; var indexColumns: Int?; var headerRows: Int? }
    var files: [String: File] = [:]
    var systemtype: String?
    var name: String?

    /// Index columns or header rows beyond this are not a table pymrio writes.
    static let maxLevels = 32

    init?(_ src: MRIOSource, _ rel: String) throws {
        guard src.exists(rel) else { return nil }
        guard let obj = try src.json(rel) as? [String: Any] else {
            throw MRIOError(.malformedFile, "is not a JSON object", file: src.path(rel))
        }
        /// nr_index_col / nr_header: a whole number from 1 to maxLevels, as a number or a string.
        func level(_ v: Any?, _ key: String, _ field: String) throws -> Int? {
            guard let v, !(v is NSNull) else { return nil }
            var n: Int? = nil
            if let s = v as? String {
                n = Int(s.trimmingCharacters(in: .whitespaces))
            } else if let i = v as? Int {
                n = i
            } else if let x = v as? Double, x == x.rounded(), abs(x) <= 1e9 {
                n = Int(x)
            }
            guard let n, (1...Self.maxLevels).contains(n) else {
                let shown = (v as? String).map { "\"\($0.prefix(40))\"" } ?? "\(v)"
                throw MRIOError(
                    .malformedFile,
                    "files.\(key).\(field) is \(shown); it must be a whole number from 1 to \(Self.maxLevels) (the number of \(field == "nr_index_col" ? "label columns at the start of each row, e.g. 2 for region and sector" : "header rows of column labels, e.g. 2 for region and sector"))",
                    suggestion: "correct the value in file_parameters.json (pymrio writes \"2\" for Z, Y and F, \"1\" for unit files)",
                    file: src.path(rel))
            }
            return n
        }
        for (k, v) in (obj["files"] as? [String: Any]) ?? [:] {
            guard let d = v as? [String: Any], let name = d["name"] as? String else { continue }
            // Every file named here must stay inside the table's folder (checked again, with symlinks resolved, when it is opened).
            let parts = name.split(separator: "/", omittingEmptySubsequences: true)
            if name.isEmpty || name.hasPrefix("/") || name.hasPrefix("~") || name.contains("\\") || parts.contains("..") || name.contains("\0") {
                throw MRIOError(
                    .malformedFile,
                    "files.\(k).name is '\(name.prefix(200))', which \(name.isEmpty ? "is empty" : name.hasPrefix("/") || name.hasPrefix("~") ? "is an absolute path" : "leaves the table's folder"); only files inside the table's folder are read",
                    suggestion: "name the file relative to the folder of file_parameters.json (e.g. \"Z.txt\")", file: src.path(rel))
            }
            files[k] = File(
                name: name, indexColumns: try level(d["nr_index_col"], k, "nr_index_col"), headerRows: try level(d["nr_header"], k, "nr_header"))
        }
        systemtype = obj["systemtype"] as? String
        name = obj["name"] as? String
    }
}

extension LabeledTable {
    /// For text tables: the last value cell of row `i` ("unit").
    func textValue(_ i: Int) -> String { textRows.indices.contains(i) ? (textRows[i].last ?? "") : "" }
    /// For text tables: the last value cell of every row.
    func rowLabelsAndText() -> [String] { textRows.map { $0.last ?? "" } }
}

// MARK: - Plain CSV layout

/// `Z.csv`, `Y.csv`, `x.csv`, `F.csv`, `F_Y.csv`, `metadata.json` (the layout of
/// `shared/data/mrio/wiod2011_co2/csv` and of `gen_synthetic.py`): comma-separated, rows labelled
/// by `region,sector`, columns `"<region>:<sector>"` (Z, F) or `"<region>:<category>"` (Y, F_Y),
/// F rows labelled by stressor.
struct CSVLayoutReader {
    let source: FolderSource
    /// Z read sparse when sparse enough (``MRIOReader/read(path:format:extensions:sparseFlows:)``).
    var sparseFlows = false

    private func table(_ rel: String, index: Int, expectedRows: Int? = nil, square: Bool = false) throws -> LabeledTable {
        let parser = LabeledTableParser(
            file: source.path(rel), separator: UInt8(ascii: ","), indexColumns: index, headerRows: 1,
            expectedRows: expectedRows, expectSquare: square, maxLineBytes: try PymrioLayoutReader.maxLineBytes(), sparse: square && sparseFlows)
        return try source.parse(rel, with: parser)
    }

    func read(extensions wanted: [String]?) throws -> MRIOSystem {
        guard source.exists("Z.csv") else {
            throw source.missing(
                "Z.csv", "the flow matrix Z.csv",
                suggestion: "the CSV layout needs Z.csv, Y.csv and optionally x.csv, F.csv, F_Y.csv and metadata.json")
        }
        let meta = source.exists("metadata.json") ? (try source.json("metadata.json") as? [String: Any]) ?? [:] : [:]
        let (z, regions, sectors) = try flows(meta: meta)
        let rowKeys = z.rowLabels
        let colKeys = rowKeys.map { ["\($0[0]):\($0[1])"] }
        try LabelCheck.columns(z, colKeys, against: "the rows of Z.csv")
        let n = rowKeys.count

        guard source.exists("Y.csv") else {
            throw source.missing("Y.csv", "final demand Y.csv", suggestion: "every MRIO table needs Y (region-sector rows × region:category columns)")
        }
        let y = try table("Y.csv", index: 2, expectedRows: n)
        try LabelCheck.rows(y, rowKeys, against: "Z.csv")
        let categories = try finalDemandCategories(y, regions: regions, meta: meta)
        let yKeys = regions.flatMap { r in categories.map { ["\(r):\($0)"] } }
        try LabelCheck.columns(y, yKeys, against: "the regions of Z.csv × the final-demand categories")

        var x: [Double]? = nil
        if source.exists("x.csv") {
            let t = try table("x.csv", index: 2, expectedRows: n)
            try LabelCheck.rows(t, rowKeys, against: "Z.csv")
            guard t.columns == 1 else { throw MRIOError(.shape, "has \(t.columns) value columns; x needs one", file: t.file) }
            try LabelCheck.nonNegativeOutput(t)
            x = t.values.elements
        }

        let units = meta["units"] as? [String: Any] ?? [:]
        var exts: [MRIOExtension] = []
        if source.exists("F.csv") { exts.append(try stressors(meta: meta, columns: colKeys, finalDemandColumns: yKeys)) }
        let selected = try LabelCheck.selectExtensions(exts.map(\.name), wanted, root: source.root)
        exts = exts.filter { selected.contains($0.name) }

        let name = (meta["name"] as? String) ?? source.url.lastPathComponent
        var provenance: Provenance? = nil
        if !meta.isEmpty {
            let sources = (meta["sources"] as? [String: Any]).map { d in d.keys.sorted().map { "\($0): \(d[$0]!)" }.joined(separator: "; ") }
            let version = meta["year"].map { "\($0)" } ?? (meta["version"] as? String ?? "")
            provenance = Provenance(datasetID: name, version: version, source: sources ?? (meta["generator"] as? String ?? source.root), licence: "")
        }
        let monetary = Self.monetaryUnit((units["Z"] as? String) ?? "")
        return try LabelCheck.wrapSystem(source.root) {
            try MRIOSystem(
                name: name, regions: regions, sectors: sectors, finalDemandCategories: categories, Z: z.sparseValues == nil ? z.values : nil,
                x: x, Y: y.values, extensions: exts, monetaryUnit: monetary, provenance: provenance, sparseZ: z.sparseValues)
        }
    }

    /// Z.csv with its regions and sectors, which must match those of metadata.json when it lists them.
    private func flows(meta: [String: Any]) throws -> (LabeledTable, [String], [String]) {
        let z = try table("Z.csv", index: 2, square: true)
        let (regions, sectors) = try LabelCheck.regionsAndSectors(z)
        if let mr = meta["regions"] as? [String], mr != regions {
            throw MRIOError(
                .labels,
                "the regions of Z.csv (\(regions.prefix(5).joined(separator: ", "))…) differ from metadata.json (\(mr.prefix(5).joined(separator: ", "))…)"
                    + firstDifference(regions, mr),
                suggestion: "regenerate metadata.json or fix the row order of Z.csv", file: source.path("Z.csv"))
        }
        if let ms = meta["sectors"] as? [String], ms != sectors {
            throw MRIOError(.labels, "the sectors of Z.csv differ from metadata.json" + firstDifference(sectors, ms), file: source.path("Z.csv"))
        }
        return (z, regions, sectors)
    }

    /// The final-demand categories: from metadata.json, else from the first region's `<region>:<category>` columns of Y.
    private func finalDemandCategories(_ y: LabeledTable, regions: [String], meta: [String: Any]) throws -> [String] {
        if let mc = meta["fd_categories"] as? [String], !mc.isEmpty { return mc }
        guard y.columns % regions.count == 0, y.columns > 0 else {
            throw MRIOError(.shape, "has \(y.columns) columns, not a multiple of the \(regions.count) regions", file: y.file)
        }
        let c = y.columns / regions.count
        let p = regions[0] + ":"
        var cats: [String] = []
        for j in 0..<c {
            let label = y.columnLabels[0][j]
            guard label.hasPrefix(p) else {
                throw MRIOError(
                    .labels,
                    "line \(y.headerLines.first ?? 1), column \(y.indexColumns + j + 1): column label '\(label)' should be '\(p)<category>' (the first region of Z.csv is '\(regions[0])')",
                    suggestion: "Y columns are '<region>:<category>', grouped by region in the order of the rows of Z.csv", file: y.file)
            }
            cats.append(String(label.dropFirst(p.count)))
        }
        return cats
    }

    /// The extension of F.csv (and F_Y.csv when present), its columns checked against Z's and Y's.
    private func stressors(meta: [String: Any], columns colKeys: [[String]], finalDemandColumns yKeys: [[String]]) throws -> MRIOExtension {
        let units = meta["units"] as? [String: Any] ?? [:]
        let f = try table("F.csv", index: 1)
        try LabelCheck.columns(f, colKeys, against: "the rows of Z.csv")
        let stressors = f.rowLabels.map { $0[0] }
        if let ms = meta["stressors"] as? [String], ms != stressors {
            throw MRIOError(.labels, "the stressors of F.csv differ from metadata.json" + firstDifference(stressors, ms), file: f.file)
        }
        var fy: DenseMatrix? = nil
        if source.exists("F_Y.csv") {
            let t = try table("F_Y.csv", index: 1)
            try LabelCheck.rows(t, f.rowLabels, against: "F.csv")
            try LabelCheck.columns(t, yKeys, against: "the columns of Y.csv")
            fy = t.values
        }
        let name = (meta["extension"] as? String) ?? (stressors == ["CO2"] ? "co2" : "stressors")
        let unit = Self.stressorUnit((units["F"] as? String) ?? "", stressors: stressors)
        return MRIOExtension(name: name, stressors: stressors, units: [String](repeating: unit, count: stressors.count), F: f.values, FY: fy)
    }

    private func firstDifference(_ a: [String], _ b: [String]) -> String {
        for i in 0..<max(a.count, b.count) {
            let l = i < a.count ? a[i] : "(none)", r = i < b.count ? b[i] : "(none)"
            if l != r { return "; first difference at position \(i + 1): '\(l)' vs '\(r)'" }
        }
        return ""
    }

    /// "million USD (M.USD)" → "M.USD"; "million EUR" → "M.EUR"; others as given.
    static func monetaryUnit(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if let open = t.lastIndex(of: "("), let close = t.lastIndex(of: ")"), open < close {
            let inner = t[t.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if !inner.isEmpty { return inner }
        }
        let lower = t.lowercased()
        if lower.hasPrefix("million ") { return "M." + t.dropFirst("million ".count) }
        return t
    }

    /// "kt CO2" for the single stressor "CO2" → "kt"; a parenthesised short form wins as above.
    static func stressorUnit(_ s: String, stressors: [String]) -> String {
        var t = monetaryUnit(s)
        if Set(stressors).count == 1, let st = stressors.first, t.hasSuffix(" " + st) { t = String(t.dropLast(st.count + 1)) }
        return t
    }
}
