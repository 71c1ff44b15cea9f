import Foundation
import YuhengCore

/// A spreadsheet workbook in the Office Open XML format (`.xlsx`, ECMA-376), built as the parts of
/// its package: pure value types in, the package's files out. Zipping the parts into the `.xlsx`
/// file is the data layer's job (`ZipPackage` in YuhengData).
///
/// Cells are numbers (stored as numbers, so spreadsheets can sum them), text (inline strings, no
/// shared-string table) or empty; the first row of every sheet is bold and frozen.
///
/// ```swift
/// var book = XLSXWorkbook()
/// book.add(sheet: "Summary 2", rows: [[.text("Sector"), .text("CO2e")], [.text("Energy"), .number(1234.5)]])
/// let parts = book.parts()   // [(path: "[Content_Types].xml", data: …), …]
/// ```
public struct XLSXWorkbook: Sendable {
    /// One cell of a sheet.
    public enum Cell: Sendable, Hashable {
        /// A number (written with 17 significant digits: it reads back exactly).
        case number(Double)
        /// Text.
        case text(String)
        /// No value.
        case empty
    }

    /// A named sheet and its rows.
    public struct Sheet: Sendable {
        /// The sheet's tab name (made unique and at most 31 characters, without `[]:*?/\`).
        public var name: String
        /// Rows of cells, the first being the header.
        public var rows: [[Cell]]
    }

    /// The sheets in order.
    public private(set) var sheets: [Sheet] = []

    /// An empty workbook.
    public init() {}

    /// Appends a sheet; its name is cleaned of the characters spreadsheets refuse and made unique.
    public mutating func add(sheet name: String, rows: [[Cell]]) {
        let forbidden = Set("[]:*?/\\")
        var clean = String(name.filter { !forbidden.contains($0) }.prefix(31)).trimmingCharacters(in: .whitespaces)
        if clean.isEmpty { clean = "Sheet\(sheets.count + 1)" }
        var unique = clean
        var k = 2
        while sheets.contains(where: { $0.name.lowercased() == unique.lowercased() }) {
            let suffix = " (\(k))"
            unique = String(clean.prefix(31 - suffix.count)) + suffix
            k += 1
        }
        sheets.append(Sheet(name: unique, rows: rows))
    }

    /// Appends a sheet from CSV text as the reports write it: lines starting with `#` (titles, units,
    /// notes) become one text cell; other lines are split at commas (RFC 4180 quotes respected) and cells
    /// that are plain decimal numbers become numbers, the rest text (notation keys such as NE, NO, IE).
    /// - throws: ``CoreError`` for a line that is not a CSV record (``CSVTable/fields(of:separator:)``).
    public mutating func add(sheet name: String, csv: String) throws {
        var rows: [[Cell]] = []
        for line in csv.split(separator: "\n", omittingEmptySubsequences: false) {
            let l = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            if l.isEmpty { continue }
            if l.hasPrefix("#") {
                rows.append([.text(String(l.dropFirst()).trimmingCharacters(in: .whitespaces))])
                continue
            }
            rows.append(try CSVTable.fields(of: l).map(Self.cell))
        }
        add(sheet: name, rows: rows)
    }

    /// A cell for a CSV field: a number when the whole field is a plain decimal, else text (empty: no value).
    static func cell(_ field: String) -> Cell {
        if field.isEmpty { return .empty }
        let plain = field.allSatisfy { "0123456789+-.eE".contains($0) } && field.contains(where: \.isNumber)
        if plain, let v = Double(field), v.isFinite { return .number(v) }
        return .text(field)
    }

    /// The package's parts (path inside the archive, contents), in the order a zip should hold them.
    public func parts() -> [(path: String, data: Data)] {
        let book = sheets.isEmpty ? [Sheet(name: "Sheet1", rows: [])] : sheets
        var out: [(String, Data)] = []
        let sheetTypes = book.indices.map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        out.append(
            (
                "[Content_Types].xml",
                Self.xml(
                    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                        + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                        + sheetTypes.joined() + "</Types>")
            ))
        out.append(
            (
                "_rels/.rels",
                Self.xml(
                    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                        + "</Relationships>")
            ))
        let sheetList = book.enumerated().map { i, s in "<sheet name=\"\(Self.escape(s.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>" }
        out.append(
            (
                "xl/workbook.xml",
                Self.xml(
                    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                        + "<sheets>" + sheetList.joined() + "</sheets></workbook>")
            ))
        let rels = book.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }
        let stylesID = "rId\(book.count + 1)"
        out.append(
            (
                "xl/_rels/workbook.xml.rels",
                Self.xml(
                    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" + rels.joined()
                        + "<Relationship Id=\"\(stylesID)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
                        + "</Relationships>")
            ))
        out.append(("xl/styles.xml", Self.xml(Self.styles)))
        for (i, s) in book.enumerated() { out.append(("xl/worksheets/sheet\(i + 1).xml", Self.xml(Self.worksheet(s)))) }
        return out
    }

    /// Two cell formats: 0 plain, 1 bold (the header row).
    static let styles =
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"

    /// One worksheet's XML: the first row bold and frozen, cells referenced A1-style.
    static func worksheet(_ sheet: Sheet) -> String {
        var x = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        if sheet.rows.count > 1 {
            x +=
                "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        }
        x += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            x += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = SpreadsheetColumn.name(c) + String(r + 1)
                let style = r == 0 ? " s=\"1\"" : ""
                switch cell {
                case .empty: continue
                case .number(let v):
                    x +=
                        v.isFinite
                        ? "<c r=\"\(ref)\"\(style)><v>\(number(v))</v></c>" : "<c r=\"\(ref)\"\(style) t=\"inlineStr\"><is><t>\(v)</t></is></c>"
                case .text(let t):
                    x += "<c r=\"\(ref)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(t))</t></is></c>"
                }
            }
            x += "</row>"
        }
        return x + "</sheetData></worksheet>"
    }

    /// A finite number with the shortest text that reads back to the same Double.
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }

    /// Text escaped for XML; control characters XML 1.0 cannot hold are dropped.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                if ch.value < 0x20 && ch != "\t" && ch != "\n" && ch != "\r" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func xml(_ body: String) -> Data {
        Data(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" + body).utf8)
    }
}
