import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics

/// Eora26 (`Eora26_YYYY_bp.zip` or `_pp`, zipped or unpacked): headerless tab-separated matrices
/// `Eora26_YYYY_bp_T.txt` (Z), `_FD.txt` (Y), `_Q.txt` and `_QY.txt` (the satellite accounts, F and
/// F_Y), `_VA.txt` (value added), labelled by `labels_T.txt`, `labels_FD.txt`, `labels_Q.txt` and
/// `labels_VA.txt` (in the archive, beside it, or in `indices.zip` beside it).
///
/// Read as pymrio's `parse_eora26` reads it (with `country_names="eora"`): regions are Eora's
/// three-letter codes (column 2 of the label files), sectors and final-demand categories column 4;
/// the rest of the world (`ROW`, one sector `TOTAL`) is dropped from every matrix's rows and
/// columns; the extension `Q` has stressors "name | source" with the unit taken from the
/// parentheses of the name ("Energy Usage (TJ)" → "Energy Usage", TJ); `VA` has "input type |
/// category" in thousand USD. Monetary unit: thousand current USD (`k.USD`, pymrio's "000 USD").
struct Eora26Reader {
    let source: MRIOSource
    /// `Eora26_2015_bp`: the prefix of the matrix files.
    let stem: String
    /// Where the label files are (the source itself, or `indices.zip` beside the archive).
    let labels: MRIOSource

    static let rowRegion = "ROW"

    /// Whether a file name is an Eora26 matrix or archive (`Eora26_2015_bp_T.txt`, `Eora26_2015_bp.zip`).
    static func isEoraName(_ name: String) -> Bool { name.hasPrefix("Eora26_") && name.count >= 14 }

    /// The reader of an archive or a folder holding `Eora26_*_T.txt`.
    static func open(_ url: URL) throws -> Eora26Reader {
        let src: MRIOSource
        let dir: URL
        if MRIOReader.isDirectory(url) {
            src = FolderSource(url: url)
            dir = url
        } else {
            src = try ZipSource(
                url: url, isMarker: { isEoraName($0) && $0.hasSuffix("_T.txt") }, expected: "expected an Eora26 archive holding Eora26_YYYY_bp_T.txt")
            dir = url.deletingLastPathComponent()
        }
        let names = (src as? ZipSource)?.files() ?? ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
        let stems = names.filter { isEoraName($0) && $0.hasSuffix("_T.txt") }.map { String($0.dropLast("_T.txt".count)) }
        guard stems.count == 1 else {
            throw MRIOError(
                .missingData,
                stems.isEmpty ? "holds no Eora26_YYYY_bp_T.txt" : "holds \(stems.count) Eora26 tables (\(stems.joined(separator: ", ")))",
                suggestion: "give one Eora26 archive or a folder with one year's files", file: url.path)
        }
        var labels: MRIOSource = src
        if !src.exists("labels_T.txt") {
            let indices = dir.appendingPathComponent("indices.zip")
            if FileManager.default.fileExists(atPath: indices.path) {
                labels = try ZipSource(url: indices, isMarker: { $0 == "labels_T.txt" }, expected: "expected labels_T.txt in indices.zip")
            } else if FileManager.default.fileExists(atPath: dir.appendingPathComponent("labels_T.txt").path) {
                labels = FolderSource(url: dir)
            } else {
                throw src.missing(
                    "labels_T.txt", "the label file",
                    suggestion: "put labels_T.txt, labels_FD.txt, labels_Q.txt and labels_VA.txt (or Eora's indices.zip) beside the data")
            }
        }
        return Eora26Reader(source: src, stem: stems[0], labels: labels)
    }

    /// The rows of a label file: tab-separated cells, trailing empty cells kept.
    func labelRows(_ rel: String) throws -> [[String]] {
        let data = try labels.data(rel)
        let text: String
        do { text = try TextDecoding.utf8(data) } catch let e as CoreError {
            throw MRIOError(.malformedFile, e.message, file: labels.path(rel))
        }
        return text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.allSatisfy(\.isEmpty) }
    }

    /// Label rows `rel` reduced to (column `a`, column `b`), every row needing both.
    func pairs(_ rel: String, _ a: Int, _ b: Int) throws -> [(String, String)] {
        try labelRows(rel).enumerated().map { (i, r) in
            guard r.count > max(a, b) else {
                throw MRIOError(.malformedFile, "line \(i + 1): \(r.count) cell(s), expected at least \(max(a, b) + 1)", file: labels.path(rel))
            }
            return (r[a], r[b])
        }
    }

    /// A headerless matrix of `rows` rows, checked to have `columns` columns.
    func matrix(_ suffix: String, rows: Int, columns: Int) throws -> DenseMatrix {
        let rel = "\(stem)_\(suffix).txt"
        guard source.exists(rel) else {
            throw source.missing(rel, "the matrix \(suffix)", suggestion: "the Eora26 archive holds T, FD, Q, QY and VA")
        }
        return try source.headerlessMatrix(
            rel, separator: UInt8(ascii: "\t"), rows: rows, columns: columns, labels: "its label file lists",
            suggestion: "the label files must belong to the same Eora26 release")
    }
}

extension Eora26Reader {
    func read(extensions wanted: [String]?) throws -> MRIOSystem {
        let zLabels = try pairs("labels_T.txt", 1, 3), yLabels = try pairs("labels_FD.txt", 1, 3)
        let keepZ = zLabels.indices.filter { zLabels[$0].0 != Self.rowRegion }
        let keepY = yLabels.indices.filter { yLabels[$0].0 != Self.rowRegion }
        let (regions, sectors) = try Self.regionMajor(keepZ.map { zLabels[$0] }, file: labels.path("labels_T.txt"))
        let (yRegions, categories) = try Self.regionMajor(keepY.map { yLabels[$0] }, file: labels.path("labels_FD.txt"))
        guard yRegions == regions else {
            throw MRIOError(
                .labels, "the final-demand regions (\(yRegions.count)) are not the industry regions (\(regions.count)) in the same order",
                file: labels.path("labels_FD.txt"))
        }
        let z = LabelAlignment.permute(try matrix("T", rows: zLabels.count, columns: zLabels.count), rows: keepZ, columns: keepZ)
        let y = LabelAlignment.permute(try matrix("FD", rows: zLabels.count, columns: yLabels.count), rows: keepZ, columns: keepY)
        let selected = try LabelCheck.selectExtensions(["Q", "VA"], wanted, root: source.root)
        var exts: [MRIOExtension] = []
        var skipped: [String: String] = [:]
        for name in selected {
            do { exts.append(try satellite(name, keepZ: keepZ, keepY: keepY, zCount: zLabels.count, yCount: yLabels.count)) } catch let e as MRIOError
            {
                if wanted != nil { throw e }
                skipped[name] = "\(e.file.map { $0 + ": " } ?? "")\(e.message)"
            }
        }
        let dropped = zLabels.count - keepZ.count
        let digits = stem.filter(\.isNumber)
        let year = digits.count >= 6 ? Int(digits.dropFirst(2).prefix(4)) : nil
        var system = try LabelCheck.wrapSystem(source.root) {
            try MRIOSystem(
                name: stem, regions: regions, sectors: sectors, finalDemandCategories: categories, Z: z, Y: y, extensions: exts,
                monetaryUnit: "k.USD", provenance: Provenance(datasetID: stem, version: "Eora26", source: "Eora: \(source.root)", licence: ""),
                year: year)
        }
        system.skippedExtensions = skipped
        if dropped > 0 {
            system.warnings.append(
                "\(source.root): the rest of the world (\(Self.rowRegion), \(dropped) row(s) and column(s)) dropped from every matrix, as pymrio does"
            )
        }
        for (k, v) in skipped.sorted(by: { $0.key < $1.key }) { system.warnings.append("extension \(k) not read: \(v)") }
        return system
    }

    /// The extension `Q` (satellite: F and F_Y) or `VA` (value added: F).
    func satellite(_ name: String, keepZ: [Int], keepY: [Int], zCount: Int, yCount: Int) throws -> MRIOExtension {
        let labelFile = name == "Q" ? "labels_Q.txt" : "labels_VA.txt"
        let raw = try pairs(labelFile, 0, 1)
        let f = LabelAlignment.permute(try matrix(name, rows: raw.count, columns: zCount), rows: nil, columns: keepZ)
        if name == "VA" {
            return MRIOExtension(name: name, stressors: raw.map { "\($0.0) | \($0.1)" }, units: raw.map { _ in "k.USD" }, F: f)
        }
        let fy = LabelAlignment.permute(try matrix("QY", rows: raw.count, columns: yCount), rows: nil, columns: keepY)
        let parsed = raw.map { (label, src) -> (String, String) in
            let (stressor, unit) = Self.unitInParentheses(label)
            return ("\(stressor) | \(src)", unit)
        }
        return MRIOExtension(name: name, stressors: parsed.map(\.0), units: parsed.map(\.1), F: f, FY: fy)
    }

    /// "Energy Usage (TJ)" → ("Energy Usage", "TJ"); a label without parentheses keeps its name and has no unit.
    static func unitInParentheses(_ label: String) -> (String, String) {
        guard let open = label.firstIndex(of: "("), let close = label[open...].firstIndex(of: ")") else { return (label, "") }
        let unit = String(label[label.index(after: open)..<close])
        let name = (label[..<open] + label[label.index(after: close)...]).trimmingCharacters(in: .whitespaces)
        return (name, unit)
    }

    /// Regions and sectors (or categories) of region-major (region, item) labels, every region with
    /// the same items in the same order.
    static func regionMajor(_ labels: [(String, String)], file: String) throws -> ([String], [String]) {
        guard let first = labels.first?.0 else { throw MRIOError(.missingData, "lists no labels", file: file) }
        let items = labels.prefix { $0.0 == first }.map(\.1)
        var regions: [String] = []
        for (i, l) in labels.enumerated() {
            if i % items.count == 0 { regions.append(l.0) }
            guard l.0 == regions.last, l.1 == items[i % items.count] else {
                throw MRIOError(
                    .labels,
                    "line \(i + 1): '\(l.0) \(l.1)' breaks the region-major order (every region lists \(items.count) items as \(first) does)",
                    file: file)
            }
        }
        guard labels.count % items.count == 0, Set(regions).count == regions.count else {
            throw MRIOError(.labels, "the labels are not a region × item product", file: file)
        }
        return (regions, items)
    }
}
