import Foundation
import YuhengMRIO

/// The zip package of an Excel workbook, `.xlsx` (XML parts) or `.xlsb` (binary parts), read through ``SafeArchive``:
/// its parts by name, and a worksheet chosen by name and found through the workbook's relationships. What
/// ``XlsxSheetReader`` and ``XlsbSheetReader`` share; each reads its own kind of sheet list and cells.
struct WorkbookPackage {
    let path: String
    let archive: SafeArchive
    /// "xlsx" or "xlsb": the extension a damaged workbook should be saved again as.
    let kind: String

    /// Opens the workbook; a file that is not a zip archive is an error naming it, with `note` as advice.
    init(path: String, kind: String, note: String) throws {
        self.path = path
        self.kind = kind
        do { archive = try SafeArchive(path: path) } catch let e as DataError {
            var m = mrioError(e, file: path)
            m.suggestion = (e.suggestion.map { $0 + "; " } ?? "") + note
            throw m
        }
    }

    /// A malformed part, named as `workbook!/part`.
    func error(_ part: String, _ message: String) -> MRIOError {
        MRIOError(
            .malformedFile, message,
            suggestion: "open the workbook in a spreadsheet program and save it again as .\(kind)\(kind == "xlsx" ? "" : " or .xlsx")",
            file: "\(path)!/\(part)")
    }

    /// The bytes of the part `name`; nil when the archive has no such part.
    func part(_ name: String) throws -> Data? {
        guard let entry = archive.entry(name) else { return nil }
        do { return try archive.data(entry) } catch let e as DataError { throw mrioError(e, file: "\(path)!/\(name)") }
    }

    /// The sheet `name` (nil: the first) of `sheets` (name and relationship id, in the workbook's order) and the part
    /// that holds it, resolved through `rels` (`xl/_rels/workbook.xml.rels` or `.bin.rels`; `fallback` when unlisted).
    /// - throws: ``MRIOError`` `.malformedFile` when the workbook lists no sheet or no sheet `name` (naming its sheets).
    func sheetPart(named name: String?, among sheets: [(name: String, id: String)], workbookPart: String, rels: String, fallback: String) throws
        -> (name: String, part: String)
    {
        guard !sheets.isEmpty else { throw error(workbookPart, "lists no worksheet") }
        guard let chosen = name.map({ n in sheets.first { $0.name == n } }) ?? sheets.first else {
            throw MRIOError(
                .malformedFile, "has no sheet '\(name ?? "")' (its sheets: \(sheets.map(\.name).joined(separator: ", ")))",
                suggestion: "give the workbook as the provider publishes it", file: path)
        }
        let relations = try part(rels).map { try XMLCollector.collect($0, file: "\(path)!/\(rels)", elements: ["Relationship"]) }
        let target = relations?.first { $0.attributes["Id"] == chosen.id }?.attributes["Target"] ?? fallback
        return (chosen.name, target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target)
    }
}
