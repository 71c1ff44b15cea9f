import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics

/// EXIOBASE 1 and 2 as published (`mrIOT_IxI_fpa_coefficient_version2.2.2.zip`,
/// `pxp_ita_44_regions_coeff_txt`, zipped or unpacked): tab-separated coefficient tables with two
/// header rows (region, sector or category) and the row labels region, sector, unit —
/// `mrIot*.txt` (A), `mrFinalDemand*.txt` (Y), the coefficient extensions `mrFactorInputs*.txt`,
/// `mrEmissions*.txt`, `mrMaterials*.txt`, `mrResources*.txt` (S; rows stressor, compartment, unit or
/// stressor, unit) and the final-demand flows `mrFDEmissions*.txt`, `mrFDMaterials*.txt`,
/// `mrFDResources*.txt` (F_Y).
///
/// Read as pymrio's `parse_exiobase1` / `parse_exiobase2` (generic EXIOBASE 1/2 parser) reads it:
/// gross output is x = (I − A)⁻¹·Y·1, each extension's flows are F = S·diag(x) (a warning says so);
/// units lose their "/M.EUR" denominator ("kg/M.EUR" → "kg"); the stressor keeps its compartment
/// ("CO2 | air"); labels of Y and of each extension are aligned with A's by name; empty and NaN
/// cells are 0 (counted in a warning). The version comes from the file names (`version2.2.2`,
/// none: EXIOBASE 1), the year is 2000 as pymrio sets it. Not read: the characterisation workbook
/// of EXIOBASE 2 (pymrio's `impact` extension) and files whose name starts with `_`.
struct Exiobase12Reader {
    let source: MRIOSource
    /// File names in the table's root.
    let names: [String]
    let displayName: String

    /// Extension name → (coefficient file prefix, final-demand file prefix).
    static let extensionFiles: [(name: String, s: String, fy: String?)] = [
        ("factor_inputs", "mrFactorInputs", nil), ("emissions", "mrEmissions", "mrFDEmissions"),
        ("materials", "mrMaterials", "mrFDMaterials"), ("resources", "mrResources", "mrFDResources")
    ]

    /// Whether a file name is EXIOBASE 1/2's coefficient matrix (`mrIot_version2.2.2.txt`).
    static func isCoreName(_ name: String) -> Bool { name.hasPrefix("mrIot") && name.lowercased().hasSuffix(".txt") }

    /// The reader of an archive or a folder holding `mrIot*.txt`.
    static func open(_ url: URL) throws -> Exiobase12Reader {
        if MRIOReader.isDirectory(url) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
            guard names.contains(where: isCoreName) else {
                throw MRIOError(
                    .missingData, "holds no mrIot*.txt", suggestion: "an EXIOBASE 1 or 2 folder holds mrIot, mrFinalDemand and mrEmissions … files",
                    file: url.path)
            }
            return Exiobase12Reader(source: FolderSource(url: url), names: names, displayName: url.lastPathComponent)
        }
        let zip = try ZipSource(
            url: url, isMarker: isCoreName,
            expected: "expected an EXIOBASE 1 or 2 archive holding mrIot*.txt, mrFinalDemand*.txt and the extensions (mrEmissions*.txt, …)")
        return Exiobase12Reader(source: zip, names: zip.files(), displayName: url.deletingPathExtension().lastPathComponent)
    }

    /// The file whose name starts with `prefix` (not with `_`), the first of several with a warning.
    func file(_ prefix: String, warnings: inout [String]) -> String? {
        let hits = names.filter { $0.hasPrefix(prefix) && $0.lowercased().hasSuffix(".txt") }
        if hits.count > 1 {
            warnings.append("\(source.root): several files for \(prefix) (\(hits.joined(separator: ", "))); the first is read, as pymrio does")
        }
        return hits.first
    }

    /// "mrIot_version2.2.2.txt" → "2.2.2"; nil without a version (EXIOBASE 1).
    static func version(_ name: String) -> String? {
        guard let r = name.range(of: #"\d+(\.\d+)*"#, options: .regularExpression) else { return nil }
        return String(name[r])
    }

    /// A table with two header rows whose last index column is the unit: the units, and the table
    /// with that column removed from its row labels.
    func parse(_ rel: String, warnings: inout [String]) throws -> (LabeledTable, [String]) {
        let parser = LabeledTableParser(
            file: source.path(rel), separator: UInt8(ascii: "\t"), indexColumns: nil, headerRows: 2,
            maxLineBytes: try PymrioLayoutReader.maxLineBytes(), missingAsZero: true)
        var t = try source.parse(rel, with: parser)
        guard t.indexColumns >= 2 else {
            throw MRIOError(
                .malformedFile, "has \(t.indexColumns) label column(s); EXIOBASE 1/2 tables end their row labels with a unit column",
                suggestion: "check that this is an EXIOBASE 1 or 2 file (tab-separated, two header rows)", file: t.file)
        }
        let units = t.rowLabels.map { $0.last ?? "" }
        t.rowLabels = t.rowLabels.map { Array($0.dropLast()) }
        t.indexColumns -= 1
        if t.zeroedCells > 0 {
            warnings.append("\(t.file): \(t.zeroedCells) empty or NaN cell(s) read as 0 (the first at \(t.firstZeroed ?? "?"))")
        }
        return (t, units)
    }
}

extension Exiobase12Reader {
    func read(extensions wanted: [String]?) throws -> MRIOSystem {
        var warnings: [String] = []
        guard let aRel = file("mrIot", warnings: &warnings) else {
            throw source.missing("mrIot.txt", "the coefficient matrix", suggestion: "an EXIOBASE 1 or 2 table holds mrIot*.txt")
        }
        var (a, aUnits) = try parse(aRel, warnings: &warnings)
        let (regions, sectors) = try LabelCheck.regionsAndSectors(a)
        if try LabelAlignment.alignColumns(&a, a.rowLabels, against: "the rows of \(aRel)") {
            warnings.append("\(a.file): the columns come in another order than the rows; aligned by label")
        }
        let core = PymrioLayoutReader.Core(key: "A", rel: aRel, matrix: a.values, regions: regions, sectors: sectors, rowKeys: a.rowLabels)
        guard let yRel = file("mrFinalDemand", warnings: &warnings) else {
            throw source.missing("mrFinalDemand.txt", "final demand", suggestion: "an EXIOBASE 1 or 2 table holds mrFinalDemand*.txt")
        }
        var (y, _) = try parse(yRel, warnings: &warnings)
        if try LabelAlignment.alignRows(&y, core.rowKeys, against: aRel) {
            warnings.append("\(y.file): the rows come in another order than those of \(aRel); aligned by label")
        }
        let (categories, reordered) = try LabelAlignment.categories(&y, regions: regions)
        if reordered { warnings.append("\(y.file): the columns come in another order than the regions of \(aRel); aligned by label") }
        let monetary = aUnits.first.map { $0.split(separator: "/").first.map(String.init) ?? $0 } ?? ""
        let output = PymrioLayoutReader.OutputSource(core: core, x: nil, xFile: "", Y: y.values)
        let yKeys = regions.flatMap { r in categories.map { [r, $0] } }
        let (exts, skipped) = try readExtensions(
            wanted, core: core, yKeys: yKeys, monetary: monetary, output: output, warnings: &warnings)
        let version = Self.version(aRel)
        var system = try LabelCheck.wrapSystem(source.root) {
            try MRIOSystem(
                name: "EXIOBASE \(version ?? "1") \(displayName)", regions: regions, sectors: sectors, finalDemandCategories: categories,
                A: a.values, x: try output.get().values, Y: y.values, extensions: exts, monetaryUnit: monetary,
                provenance: Provenance(
                    datasetID: displayName, version: "EXIOBASE \(version ?? "1")", source: "EXIOBASE: \(source.root)", licence: ""),
                year: 2000)
        }
        if version == nil { warnings.append("\(source.root): no version in the file names; taken as EXIOBASE 1 (as pymrio does)") }
        system.warnings = warnings
        system.skippedExtensions = skipped
        return system
    }

    func readExtensions(
        _ wanted: [String]?, core: PymrioLayoutReader.Core, yKeys: [[String]], monetary: String,
        output: PymrioLayoutReader.OutputSource, warnings: inout [String]
    ) throws -> ([MRIOExtension], [String: String]) {
        var scratch: [String] = []
        let present = Self.extensionFiles.filter { file($0.s, warnings: &scratch) != nil }
        let selected = try LabelCheck.selectExtensions(present.map(\.name), wanted, root: source.root)
        var exts: [MRIOExtension] = []
        var skipped: [String: String] = [:]
        for e in present where selected.contains(e.name) {
            var local: [String] = []
            do {
                exts.append(try readExtension(e, core: core, yKeys: yKeys, monetary: monetary, output: output, warnings: &local))
                warnings += local
            } catch let err as MRIOError where wanted == nil {
                skipped[e.name] = err.description
                warnings.append("extension '\(e.name)' was not read (the others were): \(err.description)")
            }
        }
        return (exts, skipped)
    }

    /// One extension: S (aligned to A's columns) turned into F = S·diag(x), and F_Y when published.
    func readExtension(
        _ e: (name: String, s: String, fy: String?), core: PymrioLayoutReader.Core, yKeys: [[String]], monetary: String,
        output: PymrioLayoutReader.OutputSource, warnings: inout [String]
    ) throws -> MRIOExtension {
        let sRel = file(e.s, warnings: &warnings)!
        var (s, units) = try parse(sRel, warnings: &warnings)
        if try LabelAlignment.alignColumns(&s, core.rowKeys, against: "the rows of \(core.rel)") {
            warnings.append("\(s.file): the columns come in another order than the rows of \(core.rel); aligned by label")
        }
        let (x, how) = try output.get()
        var F = s.values
        let (rows, cols) = (F.rows, F.columns)
        F.withUnsafeMutableElements { v in
            for j in 0..<cols { for i in 0..<rows { v[i + j * rows] *= x[j] } }
        }
        units = units.map { Self.flowUnit($0, monetary: monetary) }
        warnings.append(
            "extension '\(e.name)' holds coefficients only (\(source.path(sRel))); its flows are F = S·diag(x), with x from \(how) (as pymrio computes them)"
        )
        var fy: DenseMatrix? = nil
        if let prefix = e.fy, let fyRel = file(prefix, warnings: &warnings) {
            var (t, _) = try parse(fyRel, warnings: &warnings)
            if try LabelAlignment.alignRows(&t, s.rowLabels, against: sRel) {
                warnings.append("\(t.file): the rows come in another order than those of \(sRel); aligned by label")
            }
            if try LabelAlignment.alignColumns(&t, yKeys, against: "the columns of final demand") {
                warnings.append("\(t.file): the columns come in another order than those of final demand; aligned by label")
            }
            fy = t.values
        }
        return MRIOExtension(name: e.name, stressors: s.rowLabels.map { $0.joined(separator: " | ") }, units: units, F: F, FY: fy)
    }

    /// "kg/M.EUR" → "kg"; "M.EUR/M.EUR" → "M.EUR"; "kg" stays (pymrio removes "/<monetary unit>",
    /// and where nothing is left, the slash only).
    static func flowUnit(_ unit: String, monetary: String) -> String {
        let stripped = monetary.isEmpty ? unit : unit.replacingOccurrences(of: "/" + monetary, with: "")
        return stripped.isEmpty ? unit.replacingOccurrences(of: "/", with: "") : stripped
    }
}
