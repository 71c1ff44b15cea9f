import Foundation
import YuhengMRIO
import YuhengNumerics

/// A pandas DataFrame stored as Parquet (pymrio's `save_all(folder, table_format="parquet")`) read
/// as a ``LabeledTable``, the way `pandas.read_parquet` rebuilds it: the index columns named in
/// pandas' metadata become the row labels, and column names written from a MultiIndex
/// (`"('reg1', 'food')"`) are split into one label per level.
///
/// Empty (null) and NaN cells are read as 0 and counted, as in the text layout. Rows and columns in
/// messages are counted as pandas shows the table: header rows first, index columns first.
enum ParquetTable {
    static func isParquet(_ rel: String) -> Bool { rel.lowercased().hasSuffix(".parquet") }

    static func read(_ source: MRIOSource, _ rel: String, expectedRows: Int?, square: Bool, text: Bool, sparse: Bool) throws -> LabeledTable {
        let name = source.path(rel)
        do {
            let limit = try ImportLimits.current().maxDecompressedBytes
            let file = try ParquetFile(bytes: [UInt8](try source.data(rel)), file: name, maxValueBytes: limit)
            return try read(file, name: name, expectedRows: expectedRows, square: square, text: text, sparse: sparse)
        } catch let e as DataError { throw mrioError(e, file: name) }
    }

    /// The table of `file`; value columns are decoded one at a time straight into the matrix (or,
    /// with `sparse`, into compressed columns), so a large Z is held once.
    static func read(_ file: ParquetFile, name: String, expectedRows: Int?, square: Bool, text: Bool, sparse: Bool) throws -> LabeledTable {
        let layout = try Layout(file: file, name: name)
        let rows = file.rows
        let names = file.columnNames
        let position = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })

        // Row labels.
        var rowLabels = [[String]](repeating: [], count: rows)
        var indexNames: [String] = []
        for index in layout.index {
            switch index {
            case .column(let field, let display):
                guard let k = position[field] else {
                    throw MRIOError(.malformedFile, "pandas' metadata names the index column '\(field)', which the file does not have", file: name)
                }
                let labels = labelStrings(try file.column(k).values)
                for i in 0..<rows { rowLabels[i].append(labels[i]) }
                indexNames.append(display)
            case .range(let start, let step, let display):
                for i in 0..<rows { rowLabels[i].append(String(start + i * step)) }
                indexNames.append(display)
            }
        }

        // Column labels, one array per level.
        let dataColumns = names.indices.filter { !layout.indexFields.contains(names[$0]) }
        let cols = dataColumns.count
        var columnLabels = [[String]](repeating: [], count: layout.levels)
        for (j, k) in dataColumns.enumerated() {
            let display = layout.displayNames[names[k]] ?? names[k]
            let parts: [String]
            if layout.levels > 1 {
                guard let t = PythonTuple.parts(display), t.count == layout.levels else {
                    throw MRIOError(
                        .labels,
                        "column \(layout.index.count + j + 1) is named '\(display)', not a tuple of \(layout.levels) labels as its \(layout.levels) column levels need",
                        suggestion: "write the table with pandas from a DataFrame with MultiIndex columns (pymrio's save_all does)", file: name)
                }
                parts = t
            } else {
                parts = [display]
            }
            for l in 0..<layout.levels { columnLabels[l].append(parts[l]) }
        }

        var table = LabeledTable(
            file: name, indexNames: indexNames, columnLabels: columnLabels, rowLabels: rowLabels, rowLines: (0..<rows).map { $0 + 1 },
            headerLines: [Int](repeating: 0, count: layout.levels), indexColumns: layout.index.count,
            values: .zeros(rows: rows, columns: 0))
        if text {
            let cells = try dataColumns.map { labelStrings(try file.column($0).values) }
            table.textRows = (0..<rows).map { i in cells.map { $0[i] } }
            return table
        }
        if let e = expectedRows ?? (square ? cols : nil), e != rows {
            throw MRIOError(
                .shape, "has \(rows) data rows, expected \(e)",
                suggestion: "every region-sector of the table needs one row, in the same order as the other files", file: name)
        }
        var dense = sparse ? DenseMatrix.zeros(rows: 0, columns: 0) : DenseMatrix(rows: rows, columns: cols, repeating: 0)
        var pointers: [Int32] = sparse ? [0] : []
        var rowIndices: [Int32] = []
        var nonZeros: [Double] = []
        var zeroed = 0
        var first: String?
        for (j, k) in dataColumns.enumerated() {
            guard case .numbers(let xs) = try file.column(k).values else {
                throw MRIOError(
                    .malformedFile, "column \(layout.index.count + j + 1) ('\(names[k])') holds text where numbers are expected",
                    suggestion: "store the values as float64", file: name)
            }
            for i in 0..<rows where !xs[i].isFinite {
                guard xs[i].isNaN else {
                    throw MRIOError(
                        .nonFinite, "row \(i + 1), column \(layout.index.count + j + 1): the value is infinite",
                        suggestion: "replace the value with a finite number", file: name)
                }
                zeroed += 1
                if first == nil { first = "row \(i + 1), column \(layout.index.count + j + 1)" }
            }
            if sparse {
                for i in 0..<rows where xs[i] != 0 && !xs[i].isNaN {
                    rowIndices.append(Int32(i))
                    nonZeros.append(xs[i])
                }
                pointers.append(Int32(nonZeros.count))
            } else {
                dense.withUnsafeMutableElements { dst in
                    for i in 0..<rows where !xs[i].isNaN { dst[i + j * rows] = xs[i] }
                }
            }
        }
        table.zeroedCells = zeroed
        table.firstZeroed = first
        if sparse {
            let m = try SparseMatrix(rows: rows, columns: cols, columnPointers: pointers, rowIndices: rowIndices, values: nonZeros)
            if Double(m.nonZeroCount) * 3 <= Double(rows) * Double(cols) {
                table.sparseValues = m
                dense = .zeros(rows: 0, columns: 0)
            } else {
                dense = m.toDense()
            }
        }
        table.values = dense
        return table
    }

    /// The error with the text layout's "line N" (the readers' shared checks count header rows as
    /// lines) said as a Parquet table's rows: "column names" for the header, "row N" for data rows.
    static func positions(_ e: MRIOError) -> MRIOError {
        var m = e.message.replacingOccurrences(of: "line 0, ", with: "column names, ")
        m = m.replacingOccurrences(of: "line 0:", with: "column names:")
        m = m.replacingOccurrences(of: #"\bline (\d+)"#, with: "row $1", options: .regularExpression)
        return MRIOError(e.code, m, suggestion: e.suggestion, file: e.file)
    }

    /// Labels as pandas prints them: text as is, whole numbers without a decimal point.
    private static func labelStrings(_ v: ParquetColumn.Values) -> [String] {
        switch v {
        case .strings(let s): return s
        case .numbers(let xs):
            return xs.map { x in
                if x.isNaN { return "" }
                if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
                return "\(x)"
            }
        }
    }

    /// The table's shape as pandas' metadata describes it.
    struct Layout {
        enum Index {
            case column(field: String, display: String)
            case range(start: Int, step: Int, display: String)
        }
        var index: [Index] = []
        var indexFields: Set<String> = []
        var levels = 1
        var displayNames: [String: String] = [:]

        init(file: ParquetFile, name: String) throws {
            guard let json = file.keyValue["pandas"] else {
                // No pandas metadata: text columns before the first numeric one label the rows.
                for l in file.leaves {
                    guard l.isText else { break }
                    index.append(.column(field: l.name, display: l.name))
                    indexFields.insert(l.name)
                }
                if index.count == file.leaves.count, let last = index.popLast(), case .column(let f, _) = last { indexFields.remove(f) }
                return
            }
            guard let meta = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
                throw MRIOError(.malformedFile, "its pandas metadata is not valid JSON", suggestion: "write the file again with pandas", file: name)
            }
            for entry in meta["index_columns"] as? [Any] ?? [] {
                if let field = entry as? String {
                    index.append(.column(field: field, display: field.hasPrefix("__index_level_") ? "" : field))
                    indexFields.insert(field)
                } else if let r = entry as? [String: Any], (r["kind"] as? String) == "range" {
                    index.append(.range(start: r["start"] as? Int ?? 0, step: r["step"] as? Int ?? 1, display: r["name"] as? String ?? ""))
                }
            }
            levels = max(1, (meta["column_indexes"] as? [Any])?.count ?? 1)
            for c in meta["columns"] as? [[String: Any]] ?? [] {
                if let field = c["field_name"] as? String, let display = c["name"] as? String { displayNames[field] = display }
            }
        }
    }
}

/// The parts of a Python tuple's `repr` (`"('reg1', 'food')"` → `["reg1", "food"]`), as pyarrow
/// names the columns of a DataFrame with MultiIndex columns.
enum PythonTuple {
    static func parts(_ s: String) -> [String]? {
        let c = Array(s.trimmingCharacters(in: .whitespaces))
        guard c.count >= 2, c.first == "(", c.last == ")" else { return nil }
        var out: [String] = []
        var i = 1
        let end = c.count - 1
        while i < end {
            while i < end, c[i] == " " { i += 1 }
            guard i < end else { break }
            if c[i] == "'" || c[i] == "\"" {
                let q = c[i]
                i += 1
                var v = ""
                while i < end, c[i] != q {
                    if c[i] == "\\", i + 1 < end {
                        i += 1
                        switch c[i] {
                        case "n": v.append("\n")
                        case "t": v.append("\t")
                        case "r": v.append("\r")
                        case "x", "u":
                            let digits = c[i] == "x" ? 2 : 4
                            guard i + digits < end, let code = UInt32(String(c[(i + 1)...(i + digits)]), radix: 16),
                                let u = Unicode.Scalar(code)
                            else { return nil }
                            v.unicodeScalars.append(u)
                            i += digits
                        default: v.append(c[i])
                        }
                    } else {
                        v.append(c[i])
                    }
                    i += 1
                }
                guard i < end else { return nil } // unterminated string
                i += 1
                out.append(v)
            } else {
                var v = ""
                while i < end, c[i] != "," { v.append(c[i]); i += 1 }
                out.append(v.trimmingCharacters(in: .whitespaces))
            }
            while i < end, c[i] == " " { i += 1 }
            if i < end {
                guard c[i] == "," else { return nil }
                i += 1
            }
        }
        return out
    }
}
