import YuhengCore

/// Typed access to CSV rows with errors that name the file, line and column.
struct TableReader {
    let file: String
    let table: CSVTable

    init(file: String, text: String, required: [String]) throws {
        self.file = file
        do { table = try CSVTable(text: text) } catch let e as CoreError {
            throw DataError(.malformedFile, e.message, file: file)
        }
        for c in required where !table.header.contains(c) {
            throw DataError(
                .malformedFile, "the column '\(c)' is missing", file: file, line: 1, field: c,
                suggestion: "expected columns: \(required.joined(separator: ", "))")
        }
    }

    var rows: [CSVTable.Row] { table.rows }

    func string(_ row: CSVTable.Row, _ column: String, required: Bool = true) throws -> String {
        let v = (row[column] ?? "").trimmingCharacters(in: .whitespaces)
        if required && v.isEmpty {
            throw DataError(.invalidValue, "the value is missing", file: file, line: row.line, field: column)
        }
        return v
    }

    func number(_ row: CSVTable.Row, _ column: String) throws -> Double {
        let s = try string(row, column)
        guard let v = Double(s), v.isFinite else {
            throw DataError(.invalidValue, "'\(s)' is not a finite number", file: file, line: row.line, field: column)
        }
        return v
    }

    func optionalNumber(_ row: CSVTable.Row, _ column: String) throws -> Double? {
        let s = try string(row, column, required: false)
        if s.isEmpty || s == "NA" { return nil }
        guard let v = Double(s), v.isFinite else {
            throw DataError(.invalidValue, "'\(s)' is not a finite number", file: file, line: row.line, field: column)
        }
        return v
    }

    func int(_ row: CSVTable.Row, _ column: String) throws -> Int {
        let s = try string(row, column)
        guard let v = Int(s) else {
            throw DataError(.invalidValue, "'\(s)' is not an integer", file: file, line: row.line, field: column)
        }
        return v
    }
}

import Foundation
