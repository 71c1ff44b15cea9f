/// A small RFC 4180 CSV reader: quoted fields, doubled quotes, commas and newlines inside quotes,
/// CRLF or LF line ends, `#` comment lines (outside quotes, at the start of a record) skipped.
///
/// ```swift
/// let table = try CSVTable(text: "a,b\n1,\"x,y\"\n")
/// table.header          // ["a", "b"]
/// table.rows[0]["b"]    // "x,y"
/// table.rows[0].line    // 2
/// ```
public struct CSVTable: Sendable {
    /// One data record, with its line number and fields looked up by column name.
    public struct Row: Sendable {
        /// 1-based line number of the record in the source text.
        public let line: Int
        /// The record's fields in column order, unquoted; a record may have fewer fields than the header.
        public let fields: [String]
        let index: [String: Int]

        /// The field in `column`, or nil when the header has no such column or the record is shorter.
        public subscript(_ column: String) -> String? {
            guard let i = index[column], i < fields.count else { return nil }
            return fields[i]
        }
    }

    /// Column names of the first record, with surrounding spaces trimmed (and a UTF-8 byte-order mark removed).
    public let header: [String]
    /// The data records after the header; blank lines are skipped.
    public let rows: [Row]

    /// The longest record accepted by default, in characters (16 Mi): far beyond any real row; a
    /// file of binary data or without line ends is an error naming the line instead.
    public static let defaultMaxRecordLength = 16 << 20

    /// Parses `text`, whose first record is the header.
    ///
    /// Throws ``CoreError`` `.malformedInput` when the text is empty, a column name repeats, a record has more fields
    /// than the header, or a record is longer than `maxRecordLength` characters.
    public init(text: String, separator: Character = ",", skipComments: Bool = true, maxRecordLength: Int = CSVTable.defaultMaxRecordLength) throws {
        // A UTF-8 byte-order mark (Excel's "CSV UTF-8") is not part of the first column name.
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let records = try CSVTable.parse(body, separator: separator, skipComments: skipComments, maxRecordLength: maxRecordLength)
        guard let first = records.first else {
            throw CoreError(code: .malformedInput, message: "the CSV text is empty: a header row is required")
        }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for (i, h) in header.enumerated() {
            if index[h] != nil {
                throw CoreError(code: .malformedInput, message: "line \(first.line): column '\(h)' appears twice in the header")
            }
            index[h] = i
        }
        var out: [Row] = []
        for r in records.dropFirst() {
            if r.fields.count == 1 && r.fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if r.fields.count > header.count {
                throw CoreError(
                    code: .malformedInput,
                    message: "line \(r.line): \(r.fields.count) fields but the header has \(header.count); quote fields that contain the separator")
            }
            out.append(Row(line: r.line, fields: r.fields, index: index))
        }
        rows = out
    }

    /// The fields of one CSV record (quotes removed, doubled quotes unescaped), e.g. a line of a report table.
    ///
    /// ```swift
    /// try CSVTable.fields(of: #"1.A,"Energy, fuels",12.5"#)   // ["1.A", "Energy, fuels", "12.5"]
    /// ```
    /// - throws: ``CoreError`` `.malformedInput` for a record longer than ``defaultMaxRecordLength``.
    public static func fields(of record: String, separator: Character = ",") throws -> [String] {
        try parse(record, separator: separator, skipComments: false).first?.fields ?? [""]
    }

    static func parse(_ text: String, separator: Character, skipComments: Bool, maxRecordLength: Int = CSVTable.defaultMaxRecordLength) throws -> [(
        line: Int, fields: [String]
    )] {
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var atRecordStart = true
        var skipping = false
        var chars = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        var recordLength = 0
        while let c = next() {
            if !skipping {
                recordLength += 1
                if recordLength > maxRecordLength {
                    throw CoreError(
                        code: .malformedInput,
                        message:
                            "line \(recordLine): the record is longer than \(maxRecordLength) characters (binary data, or a quote that is never closed?)"
                    )
                }
            }
            if skipping {
                if c == "\n" || c == "\r\n" { line += 1; skipping = false; atRecordStart = true; recordLine = line; recordLength = 0 }
                continue
            }
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.append("\"") } else { inQuotes = false; pending = n }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            if atRecordStart && skipComments && c == "#" { skipping = true; continue }
            atRecordStart = false
            switch c {
            case "\"" where field.isEmpty:
                inQuotes = true
            case separator:
                fields.append(field); field = ""
            case "\n", "\r\n", "\r":
                fields.append(field); field = ""
                records.append((recordLine, fields)); fields = []
                line += 1; recordLine = line; atRecordStart = true; recordLength = 0
            default:
                field.append(c)
            }
        }
        if inQuotes {
            throw CoreError(code: .malformedInput, message: "line \(recordLine): a quoted field is never closed")
        }
        if !atRecordStart || !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        return records
    }
}

import Foundation
