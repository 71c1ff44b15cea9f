import Foundation
import YuhengMRIO

/// A bounded reader of the worksheets of a binary Excel workbook (`.xlsb`, [MS-XLSB], as the WIOD 2016
/// release publishes its tables), on top of ``SafeArchive``: `xl/workbook.bin` lists the sheets (BrtBundleSh),
/// `xl/_rels/workbook.bin.rels` their parts, `xl/sharedStrings.bin` the strings (BrtSSTItem). A sheet's
/// records are read in order: row headers (BrtRowHdr) and the cells — blank, RK and IEEE numbers, booleans,
/// errors, inline and shared strings, and the cached values of formulas. Styles, dates and everything else
/// are skipped. The same limits as ``XlsxSheetReader`` (cells, rows, columns).
///
/// Every BIFF12 record is a type and a size, each written as 7-bit groups (low group first, the high bit
/// set when another byte follows), then the body.
struct XlsbSheetReader {
    let package: WorkbookPackage
    var path: String { package.path }

    /// Opens the workbook; a file that is not a zip archive is an error naming it.
    init(path: String) throws {
        package = try WorkbookPackage(path: path, kind: "xlsb", note: "an .xlsb workbook is a zip archive of binary parts")
    }

    func error(_ part: String, _ message: String) -> MRIOError { package.error(part, message) }

    func part(_ name: String) throws -> Data? { try package.part(name) }

    /// The sheets as (name, relationship id), in the workbook's order.
    func sheets() throws -> [(name: String, id: String)] {
        guard let wb = try part("xl/workbook.bin") else {
            throw MRIOError(
                .malformedFile, "is not a binary Excel workbook: xl/workbook.bin is missing", suggestion: "give the .xlsb file as published",
                file: path)
        }
        var out: [(String, String)] = []
        try Self.records(wb, part: "xl/workbook.bin", reader: self) { type, body in
            guard type == 156 else { return } // BrtBundleSh: hsState, iTabID, strRelID, strName
            var c = Cursor(body)
            c.skip(8)
            let rel = try c.wideString(nullable: true) ?? ""
            let name = try c.wideString() ?? ""
            out.append((name, rel))
        }
        return out
    }

    /// The names of the worksheets.
    func sheetNames() throws -> [String] { try sheets().map(\.name) }

    /// The rows of the worksheet `name` (nil: the first), each as long as its last non-empty cell, and its name.
    /// - throws: ``MRIOError`` `.malformedFile` naming the workbook and its sheets when there is no such sheet.
    func sheet(named name: String?) throws -> (name: String, rows: [[XlsxCell]]) {
        let (chosen, sheetPart) = try package.sheetPart(
            named: name, among: try sheets(), workbookPart: "xl/workbook.bin", rels: "xl/_rels/workbook.bin.rels", fallback: "worksheets/sheet1.bin")
        let strings = try sharedStrings()
        guard let data = try part(sheetPart) else { throw error(sheetPart, "the worksheet \(sheetPart) is missing") }
        return (chosen, try cells(data, part: sheetPart, strings: strings))
    }

    func sharedStrings() throws -> [String] {
        guard let data = try part("xl/sharedStrings.bin") else { return [] }
        var out: [String] = []
        try Self.records(data, part: "xl/sharedStrings.bin", reader: self) { type, body in
            guard type == 19 else { return } // BrtSSTItem: flags, then the text
            var c = Cursor(body)
            c.skip(1)
            out.append(try c.wideString() ?? "")
        }
        return out
    }

    /// The cells of a sheet part as rows.
    func cells(_ data: Data, part: String, strings: [String]) throws -> [[XlsxCell]] {
        var rows: [[XlsxCell]] = []
        var row = -1
        var count = 0
        try Self.records(data, part: part, reader: self) { type, body in
            if type == 0 { // BrtRowHdr
                var c = Cursor(body)
                row = Int(try c.uint32())
                guard row < XlsxSheetReader.maxRows else { throw error(part, "row \(row + 1) is beyond Excel's last row") }
                return
            }
            guard (1...11).contains(type), row >= 0 else { return }
            var c = Cursor(body)
            let column = Int(try c.uint32())
            c.skip(4) // style and flags
            guard column < XlsxSheetReader.maxColumns else { throw error(part, "column \(column + 1) is beyond Excel's last column") }
            let value: XlsxCell
            switch type {
            case 1: return // blank
            case 2: value = .number(Self.rk(try c.uint32()))
            case 3, 11: value = .text("#error")
            case 4, 10: value = .number(try c.uint8() != 0 ? 1 : 0)
            case 5, 9: value = .number(try c.double())
            case 6, 8: value = .text(try c.wideString() ?? "")
            default: // 7: shared string
                let i = Int(try c.uint32())
                guard i < strings.count else { throw error(part, "a cell names shared string \(i), the table has \(strings.count)") }
                value = .text(strings[i])
            }
            count += 1
            guard count <= XlsxSheetReader.maxCells else { throw error(part, "has more than \(XlsxSheetReader.maxCells) cells") }
            while rows.count <= row { rows.append([]) }
            if rows[row].count <= column { rows[row].append(contentsOf: repeatElement(XlsxCell.empty, count: column + 1 - rows[row].count)) }
            rows[row][column] = value
        }
        return rows
    }

    /// An RK number: bit 0 divides by 100, bit 1 marks a 30-bit signed integer, else the upper 30 bits are the
    /// high bits of an IEEE double.
    static func rk(_ raw: UInt32) -> Double {
        let v: Double
        if raw & 2 != 0 {
            v = Double(Int32(bitPattern: raw) >> 2)
        } else {
            v = Double(bitPattern: UInt64(raw & 0xFFFF_FFFC) << 32)
        }
        return raw & 1 != 0 ? v / 100 : v
    }

    /// Calls `body` with every record's type and body; a truncated record is an error naming the part.
    static func records(_ data: Data, part: String, reader: XlsbSheetReader, _ body: (Int, Data) throws -> Void) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let p = raw.bindMemory(to: UInt8.self)
            var i = 0
            func varint(_ maxBytes: Int) -> Int? {
                var v = 0
                for k in 0..<maxBytes {
                    guard i < p.count else { return nil }
                    let b = Int(p[i])
                    i += 1
                    v |= (b & 0x7F) << (7 * k)
                    if b & 0x80 == 0 { return v }
                }
                return v
            }
            while i < p.count {
                guard let type = varint(2), let size = varint(4), i + size <= p.count else {
                    throw reader.error(part, "a record is cut off at byte \(i): the workbook is truncated or not an .xlsb file")
                }
                do { try body(type, Data(p[i..<(i + size)])) } catch var e as MRIOError where e.file == nil {
                    e.file = "\(reader.path)!/\(part)"
                    throw e
                }
                i += size
            }
        }
    }
}

/// Reads little-endian fields from a record body; reading past its end is an error.
private struct Cursor {
    let data: Data
    var offset = 0
    init(_ data: Data) { self.data = data }

    mutating func skip(_ n: Int) { offset += n }

    mutating func bytes(_ n: Int) throws -> [UInt8] {
        guard offset + n <= data.count else {
            throw MRIOError(.malformedFile, "a record of \(data.count) bytes is shorter than its fields (\(offset + n) bytes)")
        }
        defer { offset += n }
        return Array(data[(data.startIndex + offset)..<(data.startIndex + offset + n)])
    }

    mutating func uint8() throws -> UInt8 { try bytes(1)[0] }

    mutating func uint32() throws -> UInt32 {
        let b = try bytes(4)
        return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }

    mutating func double() throws -> Double {
        let b = try bytes(8)
        var bits: UInt64 = 0
        for k in 0..<8 { bits |= UInt64(b[k]) << (8 * UInt64(k)) }
        return Double(bitPattern: bits)
    }

    /// A UTF-16 string with a 32-bit character count (nil for the null string 0xFFFFFFFF when `nullable`).
    mutating func wideString(nullable: Bool = false) throws -> String? {
        let n = try uint32()
        if nullable && n == 0xFFFF_FFFF { return nil }
        guard n <= 32_767 else { throw MRIOError(.malformedFile, "a string of \(n) characters is longer than Excel allows") }
        let b = try bytes(Int(n) * 2)
        let units = (0..<Int(n)).map { UInt16(b[2 * $0]) | UInt16(b[2 * $0 + 1]) << 8 }
        return String(decoding: units, as: UTF16.self)
    }
}
