import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import YuhengMRIO

/// One cell of a worksheet: empty, a number or a text (shared, inline or formula string).
enum XlsxCell: Equatable {
    case empty
    case number(Double)
    case text(String)

    /// The text of a text cell, or a number as written ("35"), "" when empty.
    var string: String {
        switch self {
        case .empty: return ""
        case .text(let s): return s
        case .number(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
        }
    }
}

/// A bounded reader of the worksheets of an Office Open XML workbook (`.xlsx`, as WIOD publishes its
/// tables and GLORIA its labels), on top of ``SafeArchive`` (sizes and the decompression budget checked
/// before inflating) and the system's SAX XML parser: `xl/workbook.xml` names the sheets,
/// `xl/_rels/workbook.xml.rels` their parts, `xl/sharedStrings.xml` the strings. Numbers, shared
/// strings, inline strings and the cached values of formulas are read; styles and dates are not. At most ``maxCells`` cells and ``maxColumns`` columns (Excel's own limit).
struct XlsxSheetReader {
    let package: WorkbookPackage
    var path: String { package.path }

    /// Cells beyond this are refused (a WIOD 2013 table has about 2.2 million).
    static let maxCells = 60_000_000
    /// Excel's widest sheet (column XFD).
    static let maxColumns = 16_384
    /// Excel's longest sheet.
    static let maxRows = 1_048_576

    /// Opens the workbook; a file that is not a zip archive is an error naming it.
    init(path: String) throws {
        package = try WorkbookPackage(path: path, kind: "xlsx", note: "an .xlsx workbook is a zip archive; save the table as .xlsx")
    }

    func part(_ name: String) throws -> Data? { try package.part(name) }

    /// The first worksheet's rows (each as long as its last non-empty cell) and its name.
    func firstSheet() throws -> (name: String, rows: [[XlsxCell]]) {
        try sheet(named: nil)
    }

    /// The names of the worksheets, in the workbook's order.
    func sheetNames() throws -> [String] {
        try sheets().map(\.name)
    }

    /// The sheets as (name, relationship id), in the workbook's order.
    private func sheets() throws -> [(name: String, id: String)] {
        guard let wb = try part("xl/workbook.xml") else {
            throw MRIOError(
                .malformedFile, "is not an Excel workbook: xl/workbook.xml is missing", suggestion: "give the .xlsx file as published", file: path)
        }
        return try XMLCollector.collect(wb, file: "\(path)!/xl/workbook.xml", elements: ["sheet"]).map {
            ($0.attributes["name"] ?? "Sheet1", $0.attributes["id"] ?? "")
        }
    }

    /// The rows of the worksheet `name` (nil: the first), each as long as its last non-empty cell, and its name.
    /// - throws: ``MRIOError`` `.malformedFile` naming the workbook and its sheets when there is no such sheet.
    func sheet(named name: String?) throws -> (name: String, rows: [[XlsxCell]]) {
        let (chosen, sheetPart) = try package.sheetPart(
            named: name, among: try sheets(), workbookPart: "xl/workbook.xml", rels: "xl/_rels/workbook.xml.rels", fallback: "worksheets/sheet1.xml")
        let strings = try sharedStrings()
        guard let data = try part(sheetPart) else { throw package.error(sheetPart, "the worksheet \(sheetPart) is missing") }
        return (chosen, try SheetCollector.rows(data, strings: strings, file: "\(path)!/\(sheetPart)"))
    }

    func sharedStrings() throws -> [String] {
        guard let data = try part("xl/sharedStrings.xml") else { return [] }
        return try XMLCollector.collect(data, file: "\(path)!/xl/sharedStrings.xml", elements: ["si"], text: ["t"]).map(\.text)
    }

    /// "AB12" → (row 11, column 27), 0-based; nil when not a cell reference.
    static func reference(_ r: String) -> (row: Int, column: Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for u in r.utf8 {
            if u >= 65 && u <= 90 && digits == 0 {
                column = column * 26 + Int(u - 64)
                letters += 1
            } else if u >= 48 && u <= 57 && letters > 0 {
                row = row * 10 + Int(u - 48)
                digits += 1
            } else {
                return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        return (row - 1, column - 1)
    }
}

/// Collects the attributes and the text (of `text` descendants, joined) of every element named in
/// `elements` (names without namespace prefixes).
final class XMLCollector: NSObject, XMLParserDelegate {
    struct Element { var attributes: [String: String]; var text = "" }
    let elements: Set<String>, textElements: Set<String>
    var found: [Element] = []
    var inside = false, inText = 0

    init(elements: Set<String>, text: Set<String>) {
        self.elements = elements
        self.textElements = text
    }

    static func collect(_ data: Data, file: String, elements: Set<String>, text: Set<String> = []) throws -> [Element] {
        let c = XMLCollector(elements: elements, text: text)
        let p = XMLParser(data: data)
        p.shouldProcessNamespaces = true
        p.delegate = c
        guard p.parse() else {
            let e = p.parserError.map { ($0 as NSError).localizedDescription } ?? "unknown error"
            throw MRIOError(
                .malformedFile, "is not well-formed XML (line \(p.lineNumber): \(e))", suggestion: "the workbook looks damaged or truncated",
                file: file)
        }
        return c.found
    }

    func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let local = name.split(separator: ":").last.map(String.init) ?? name
        if elements.contains(local) {
            var attrs: [String: String] = [:]
            for (k, v) in attributes { attrs[k.split(separator: ":").last.map(String.init) ?? k] = v }
            found.append(Element(attributes: attrs))
            inside = true
        } else if inside && textElements.contains(local) {
            inText += 1
        }
    }

    func parser(_ p: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let local = name.split(separator: ":").last.map(String.init) ?? name
        if elements.contains(local) { inside = false } else if inside && textElements.contains(local) { inText -= 1 }
    }

    func parser(_ p: XMLParser, foundCharacters string: String) {
        if inside && inText > 0 { found[found.count - 1].text += string }
    }
}

/// Streams `<sheetData>`: every `<c r="B3" t="s"><v>…</v></c>` into a row-major grid.
private final class SheetCollector: NSObject, XMLParserDelegate {
    let strings: [String]
    var rows: [[XlsxCell]] = []
    var cells = 0
    var row = -1, column = -1
    var type = "", value = "", inValue = false
    var failure: String?

    init(strings: [String]) { self.strings = strings }

    static func rows(_ data: Data, strings: [String], file: String) throws -> [[XlsxCell]] {
        let c = SheetCollector(strings: strings)
        let p = XMLParser(data: data)
        p.shouldProcessNamespaces = true
        p.delegate = c
        let ok = p.parse()
        if let f = c.failure { throw MRIOError(.malformedFile, f, suggestion: "check that this is the workbook as published", file: file) }
        guard ok else {
            let e = p.parserError.map { ($0 as NSError).localizedDescription } ?? "unknown error"
            throw MRIOError(
                .malformedFile, "is not well-formed XML (line \(p.lineNumber): \(e))", suggestion: "the workbook looks damaged or truncated",
                file: file)
        }
        return c.rows
    }

    func fail(_ p: XMLParser, _ message: String) {
        if failure == nil { failure = message }
        p.abortParsing()
    }

    func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "row":
            row = attributes["r"].flatMap { Int($0) }.map { $0 - 1 } ?? row + 1
            column = -1
        case "c":
            if let r = attributes["r"] {
                guard let ref = XlsxSheetReader.reference(r) else {
                    return fail(p, "line \(p.lineNumber): '\(r.prefix(20))' is not a cell reference")
                }
                (row, column) = (ref.row, ref.column)
            } else {
                column += 1
            }
            type = attributes["t"] ?? "n"
            value = ""
        case "v", "t": inValue = true
        default: break
        }
    }

    func parser(_ p: XMLParser, foundCharacters string: String) { if inValue { value += string } }

    func parser(_ p: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "v" || name == "t" { inValue = false }
        guard name == "c" else { return }
        guard row >= 0, row < XlsxSheetReader.maxRows, column >= 0, column < XlsxSheetReader.maxColumns else {
            return fail(p, "line \(p.lineNumber): cell at row \(row + 1), column \(column + 1) is outside a worksheet's bounds")
        }
        cells += 1
        guard cells <= XlsxSheetReader.maxCells else { return fail(p, "holds more than \(XlsxSheetReader.maxCells) cells; reading stopped") }
        let cell: XlsxCell
        switch type {
        case "s":
            guard let i = Int(value), strings.indices.contains(i) else {
                return fail(p, "line \(p.lineNumber): shared string \(value.prefix(20)) does not exist (\(strings.count) strings)")
            }
            cell = .text(strings[i])
        case "str", "inlineStr", "e": cell = value.isEmpty ? .empty : .text(value)
        case "b": cell = .number(value == "1" ? 1 : 0)
        default:
            let t = value.trimmingCharacters(in: .whitespaces)
            cell = t.isEmpty ? .empty : Double(t).map { .number($0) } ?? .text(t)
        }
        if cell == .empty { return }
        while rows.count <= row { rows.append([]) }
        if rows[row].count <= column { rows[row].append(contentsOf: repeatElement(.empty, count: column + 1 - rows[row].count)) }
        rows[row][column] = cell
    }
}
