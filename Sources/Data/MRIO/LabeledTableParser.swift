import Foundation
import YuhengMRIO
import YuhengNumerics

/// A labelled numeric table as read from a delimited text file: `headerRows` rows of column
/// labels (one per level, e.g. region and sector), then data rows with `indexColumns` label cells
/// followed by one number per column.
struct LabeledTable {
    var file: String
    /// Names of the index levels ("region", "sector"), from the header or the index-name row.
    var indexNames: [String]
    /// Column labels, one array per header level.
    var columnLabels: [[String]]
    /// Row labels, one array (of `indexColumns` cells) per data row.
    var rowLabels: [[String]]
    /// 1-based line number of every data row.
    var rowLines: [Int]
    /// 1-based line number of every header level.
    var headerLines: [Int]
    var indexColumns: Int
    var values: DenseMatrix
    /// The values compressed by column instead of ``values`` (parsers made with `sparse` when at most a
    /// third of the cells are non-zero; ``values`` is then empty).
    var sparseValues: SparseMatrix? = nil
    /// Value cells as text, for tables parsed with `textValues` (unit lists).
    var textRows: [[String]] = []
    /// Empty and NaN cells read as 0 (parsers made with `missingAsZero`), and where the first was.
    var zeroedCells = 0
    var firstZeroed: String?

    var rows: Int { sparseValues?.rows ?? values.rows }
    var columns: Int { sparseValues?.columns ?? values.columns }

    /// Moves ``sparseValues`` (if any) into ``values``.
    mutating func densify() {
        guard let s = sparseValues else { return }
        values = s.toDense()
        sparseValues = nil
    }

    /// Row label `i` joined as "a:b" (for messages).
    func rowName(_ i: Int) -> String { rowLabels[i].joined(separator: ":") }
    func columnName(_ j: Int) -> String { columnLabels.map { $0[j] }.joined(separator: ":") }
}

/// Streaming parser for labelled delimited tables. Bytes are pushed in chunks of any size (from a
/// file or a zip entry); complete lines are split and numbers are written straight into a
/// preallocated column-major buffer when the row count is known in advance.
///
/// Numbers: a correctly rounded fast path for decimals with at most 15 significant digits and a
/// decimal exponent within ±22 (Clinger), else Swift's `Double(String)` (also correctly rounded).
/// Integers ("8732") are read as Double. Empty cells, text, NaN and infinities are errors that name
/// the file, line, column and the row and column labels.
final class LabeledTableParser {
    let file: String
    let separator: UInt8
    let headerRows: Int
    private(set) var indexColumns: Int
    /// Rows expected (preallocation); `expectSquare` takes the column count instead.
    let expectedRows: Int?
    let expectSquare: Bool
    /// Parse the value cells as text instead of numbers (unit and label files).
    let textValues: Bool
    /// The longest line accepted, in bytes (``ImportLimits/maxLineBytes``): a file without line
    /// ends is an error, not an ever-growing buffer.
    let maxLineBytes: Int
    /// Empty and NaN cells become 0 (counted in ``zeroedCells``) instead of being errors, as pymrio
    /// reads them (pandas writes NaN as an empty cell). Infinities stay errors.
    let missingAsZero: Bool
    /// Keep the rows compressed (non-zeros only) and return ``LabeledTable/sparseValues`` when at most a
    /// third of the cells are non-zero (a large, sparse Z is never held dense); needs the row count in advance.
    let sparse: Bool
    private(set) var zeroedCells = 0
    private(set) var firstZeroed: String?

    private var carry: [UInt8] = []
    private var lineNumber = 0
    private var headers: [[String]] = []
    private var headerLines: [Int] = []
    private var indexNames: [String] = []
    private var nCols = -1
    private var rowLabels: [[String]] = []
    private var rowLines: [Int] = []
    private var matrix: DenseMatrix?
    /// The rows so far, compressed (``sparse`` parsers once the row count is known).
    private var sparseRows: SparseRowsBuilder?
    private var matrixRows = 0
    private var rowMajor: [Double] = []
    private(set) var textRows: [[String]] = []
    private var checkedIndexNameRow = false
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var unquoted: [UInt8] = []
    private var scratch: [Double] = []

    private let sniffIndexColumns: Bool

    /// - Parameter indexColumns: label columns at the start of every row; nil = detect from the
    ///   first header row (with several header rows: 1 + the empty cells after the first cell, as
    ///   pandas writes multi-level headers; with one header row: all cells but the last).
    init(
        file: String, separator: UInt8, indexColumns: Int?, headerRows: Int, expectedRows: Int? = nil,
        expectSquare: Bool = false, textValues: Bool = false, maxLineBytes: Int = ImportLimits.defaults.maxLineBytes,
        missingAsZero: Bool = false, sparse: Bool = false
    ) {
        self.file = file
        self.sparse = sparse
        self.missingAsZero = missingAsZero
        self.maxLineBytes = maxLineBytes
        self.separator = separator
        self.indexColumns = indexColumns ?? 0
        self.sniffIndexColumns = indexColumns == nil
        self.headerRows = headerRows
        self.expectedRows = expectedRows
        self.expectSquare = expectSquare
        self.textValues = textValues
    }

    func error(_ code: MRIOError.Code, line: Int?, column: Int? = nil, _ message: String, suggestion: String? = nil) -> MRIOError {
        var loc = ""
        if let line { loc = "line \(line)"; if let column { loc += ", column \(column)" }; loc += ": " }
        return MRIOError(code, loc + message, suggestion: suggestion, file: file)
    }

    // MARK: Feeding bytes

    func feed(_ chunk: UnsafeRawBufferPointer) throws {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), chunk.count > 0 else { return }
        let n = chunk.count
        var start = 0
        while start < n {
            if carry.isEmpty, let next = parallelDataRows(base, from: start, to: n) {
                start = next
                continue
            }
            guard let hit = memchr(base + start, Int32(UInt8(ascii: "\n")), n - start) else { break }
            let end = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            if carry.count + (end - start) > maxLineBytes { throw lineTooLong() }
            if carry.isEmpty {
                try processLine(base + start, end - start)
            } else {
                carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                let line = carry
                carry.removeAll(keepingCapacity: true)
                try line.withUnsafeBufferPointer { try processLine($0.baseAddress!, $0.count) }
            }
            start = end + 1
        }
        if start < n {
            if carry.count + (n - start) > maxLineBytes { throw lineTooLong() }
            carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: n - start))
        }
    }

    /// The workers that parse the data rows of one chunk together (the processors online, at most 8).
    static let workers = min(8, ParallelLoop.processors)

    /// Parses the complete ordinary data rows of `base[start..<end]` in parallel into the preallocated
    /// matrix: the lines are split into contiguous runs, one per worker; each worker parses its run
    /// row-major into its own buffer and then writes it into the matrix column by column (a run of
    /// rows is contiguous in a column, so whole cache lines are written). Returns the offset after the
    /// last line taken — every line before the first one that is not an ordinary data row (that one
    /// and the rest go through the general path, which rewrites the rows) — or nil when there is
    /// nothing worth doing in parallel (before the data rows, small chunks, a table without
    /// preallocated storage, a single processor).
    private func parallelDataRows(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard Self.workers > 1, checkedIndexNameRow, !textValues, matrix != nil || sparseRows != nil, nCols > 0 else { return nil }
        let free = matrixRows - rowLabels.count
        var lines: [(start: Int, length: Int)] = []
        var next: [Int] = [] // the offset after each line's LF
        var pos = start
        while lines.count < free, pos < end, let hit = memchr(base + pos, Int32(UInt8(ascii: "\n")), end - pos) {
            let e = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            var len = e - pos
            if len > 0 && base[pos + len - 1] == UInt8(ascii: "\r") { len -= 1 }
            if len == 0 { break } // a blank line: the general path skips it
            lines.append((pos, len))
            pos = e + 1
            next.append(pos)
        }
        guard lines.count >= 2 * Self.workers else { return nil }
        let runs = min(Self.workers, lines.count)
        let first = rowLabels.count, rows = matrixRows
        var parsed = [[[String]]](repeating: [], count: runs)
        let job = RowRuns(
            base: base, lines: lines, runs: runs, separator: separator, indexColumns: indexColumns, values: nCols, firstRow: first, rows: rows)
        var compressed = [(counts: [Int32], columnIndices: [Int32], values: [Double])](repeating: ([], [], []), count: runs)
        parsed.withUnsafeMutableBufferPointer { out in
            if sparseRows != nil {
                compressed.withUnsafeMutableBufferPointer { rowsOut in
                    let results = SparseSlots(labels: out.baseAddress!, rows: rowsOut.baseAddress!)
                    ParallelLoop.run(runs) { t in (results.labels[t], results.rows[t]) = job.parseCompressed(run: t) }
                }
            } else {
                matrix!.withUnsafeMutableElements { m in
                    let results = ResultSlots(labels: out.baseAddress!, matrix: m.baseAddress!)
                    ParallelLoop.run(runs) { t in results.labels[t] = job.parse(run: t, into: results.matrix) }
                }
            }
        }
        // Every line up to the first one a run could not parse.
        var taken = 0
        for t in 0..<runs {
            let run = job.range(t)
            for labels in parsed[t] {
                rowLabels.append(labels)
                lineNumber += 1
                rowLines.append(lineNumber)
                taken += 1
            }
            if sparseRows != nil {
                sparseRows!.append(counts: compressed[t].counts, columnIndices: compressed[t].columnIndices, values: compressed[t].values)
            }
            if parsed[t].count < run.count { break }
        }
        return taken == 0 ? nil : next[taken - 1]
    }

    private func lineTooLong() -> MRIOError {
        error(
            .malformedFile, line: lineNumber + 1,
            "the line is longer than \(ImportLimits.describe(UInt64(maxLineBytes))) (no line end found); reading stopped",
            suggestion:
                "check that this is a tab- or comma-separated text table and not binary data; if its lines really are longer, set \(ImportLimits.Variable.maxLineBytes.rawValue) (e.g. 64M)"
        )
    }

    func finish() throws -> LabeledTable {
        if !carry.isEmpty {
            let line = carry
            carry.removeAll()
            try line.withUnsafeBufferPointer { try processLine($0.baseAddress!, $0.count) }
        }
        guard headers.count == headerRows, nCols >= 0 else {
            throw error(
                .malformedFile, line: nil, "the file is empty or has fewer than \(headerRows) header row(s)",
                suggestion: "expected \(headerRows) header row(s) of column labels, then data rows")
        }
        let rows = rowLabels.count
        var values: DenseMatrix
        var sparseValues: SparseMatrix? = nil
        if let builder = sparseRows {
            guard rows == matrixRows else {
                throw error(
                    .shape, line: nil, "has \(rows) data rows, expected \(matrixRows)",
                    suggestion: "every region-sector of the table needs one row, in the same order as the other files")
            }
            sparseRows = nil
            let m = try builder.finish()
            if Double(m.nonZeroCount) * 3 > Double(rows) * Double(nCols) {
                values = m.toDense() // dense enough that dense storage is smaller and faster
            } else {
                values = .zeros(rows: 0, columns: 0)
                sparseValues = m
            }
        } else if var m = matrix {
            guard rows == m.rows else {
                throw error(
                    .shape, line: nil, "has \(rows) data rows, expected \(m.rows)",
                    suggestion: "every region-sector of the table needs one row, in the same order as the other files")
            }
            values = m
            m = .zeros(rows: 0, columns: 0)
        } else if textValues {
            values = .zeros(rows: rows, columns: 0)
        } else {
            values = DenseMatrix(rows: rows, columns: nCols, repeating: 0)
            let cols = nCols
            rowMajor.withUnsafeBufferPointer { src in
                values.withUnsafeMutableElements { dst in
                    for i in 0..<rows { for j in 0..<cols { dst[i + j * rows] = src[i * cols + j] } }
                }
            }
        }
        if indexNames.isEmpty { indexNames = [String](repeating: "", count: indexColumns) }
        return LabeledTable(
            file: file, indexNames: indexNames, columnLabels: headers, rowLabels: rowLabels, rowLines: rowLines,
            headerLines: headerLines, indexColumns: indexColumns, values: values, sparseValues: sparseValues, textRows: textRows,
            zeroedCells: zeroedCells, firstZeroed: firstZeroed)
    }

    // MARK: Lines

    /// Splits a line into cells: ranges into `ptr` (returns false), or into `unquoted` for lines
    /// with quotes (returns true).
    private func split(_ ptr: UnsafePointer<UInt8>, _ len: Int) -> Bool {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        let sep = separator
        if memchr(ptr, Int32(UInt8(ascii: "\"")), len) == nil {
            var s = 0
            var i = 0
            while i < len {
                if ptr[i] == sep { starts.append(s); ends.append(i); s = i + 1 }
                i += 1
            }
            starts.append(s); ends.append(len)
            return false
        }
        // Slow path: RFC 4180 quoting; unescaped cells are copied into `unquoted`.
        unquoted.removeAll(keepingCapacity: true)
        var i = 0
        var cellStart = 0
        var inQuotes = false
        while i <= len {
            if i == len {
                starts.append(cellStart); ends.append(unquoted.count)
                break
            }
            let b = ptr[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < len && ptr[i + 1] == UInt8(ascii: "\"") { unquoted.append(b); i += 1 } else { inQuotes = false }
                } else {
                    unquoted.append(b)
                }
            } else if b == UInt8(ascii: "\"") {
                inQuotes = true
            } else if b == sep {
                starts.append(cellStart); ends.append(unquoted.count)
                cellStart = unquoted.count
            } else {
                unquoted.append(b)
            }
            i += 1
        }
        return true
    }

    private func string(_ p: UnsafePointer<UInt8>, _ k: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p + starts[k], count: ends[k] - starts[k]), as: UTF8.self)
    }

    private func processLine(_ linePtr: UnsafePointer<UInt8>, _ rawLen: Int) throws {
        lineNumber += 1
        var len = rawLen
        if len > 0 && linePtr[len - 1] == UInt8(ascii: "\r") { len -= 1 }
        if lineNumber == 1 && len >= 3 && linePtr[0] == 0xEF && linePtr[1] == 0xBB && linePtr[2] == 0xBF {
            // UTF-8 byte-order mark
            return try processBody(linePtr + 3, len - 3)
        }
        try processBody(linePtr, len)
    }

    private func processBody(_ linePtr: UnsafePointer<UInt8>, _ len: Int) throws {
        if len == 0 { return } // blank lines (e.g. the last one) are ignored
        if checkedIndexNameRow && !textValues && fastDataRow(linePtr, len) { return }
        if split(linePtr, len) {
            if unquoted.isEmpty { unquoted.append(0) } // a valid pointer for empty cells
            let cells = unquoted
            return try cells.withUnsafeBufferPointer { try handleCells($0.baseAddress!) }
        }
        try handleCells(linePtr)
    }

    /// The hot path for an ordinary data row: labels, then numbers parsed straight into the
    /// storage, touching the parser's properties only once per row. Returns false (having stored
    /// nothing that the general path would not overwrite) for anything unusual: quotes, a wrong
    /// cell count, a cell that is not a plain finite number, too many rows. The general path then
    /// handles the row and reports the precise error.
    private func fastDataRow(_ p: UnsafePointer<UInt8>, _ len: Int) -> Bool {
        let r = rowLabels.count
        let labels: [String]?
        if matrix != nil {
            let rows = matrixRows
            guard r < rows else { return false }
            labels = matrix!.withUnsafeMutableElements {
                Self.dataRow(p, len, separator: separator, indexColumns: indexColumns, values: nCols, into: $0.baseAddress! + r, stride: rows)
            }
        } else if sparseRows != nil {
            guard r < matrixRows else { return false }
            if scratch.count != nCols { scratch = [Double](repeating: 0, count: nCols) }
            labels = scratch.withUnsafeMutableBufferPointer {
                Self.dataRow(p, len, separator: separator, indexColumns: indexColumns, values: nCols, into: $0.baseAddress!, stride: 1)
            }
            if labels != nil { scratch.withUnsafeBufferPointer { sparseRows!.append(row: $0) } }
        } else {
            if scratch.count != nCols { scratch = [Double](repeating: 0, count: nCols) }
            labels = scratch.withUnsafeMutableBufferPointer {
                Self.dataRow(p, len, separator: separator, indexColumns: indexColumns, values: nCols, into: $0.baseAddress!, stride: 1)
            }
            if labels != nil { rowMajor.append(contentsOf: scratch) }
        }
        guard let labels else { return false }
        rowLabels.append(labels)
        rowLines.append(lineNumber)
        return true
    }

    /// One ordinary data row (no quotes, `indexColumns` labels, then exactly `n` plain finite numbers)
    /// parsed into `dst[j * stride]`: its labels, or nil for anything else (the general path then reads
    /// the row and reports the precise error). A trailing CR is the caller's to strip.
    static func dataRow(
        _ p: UnsafePointer<UInt8>, _ len: Int, separator sep: UInt8, indexColumns nIdx: Int, values n: Int, into dst: UnsafeMutablePointer<Double>,
        stride: Int
    ) -> [String]? {
        if memchr(p, Int32(UInt8(ascii: "\"")), len) != nil { return nil }
        var pos = 0
        var labels: [String] = []
        labels.reserveCapacity(nIdx)
        for _ in 0..<nIdx {
            var e = pos
            while e < len && p[e] != sep { e += 1 }
            guard e < len else { return nil }
            labels.append(String(decoding: UnsafeBufferPointer(start: p + pos, count: e - pos), as: UTF8.self))
            pos = e + 1
        }
        for j in 0..<n {
            var e = pos
            while e < len && p[e] != sep { e += 1 }
            if (j == n - 1) != (e == len) { return nil } // too few or too many cells
            guard let v = NumberParser.fast(p + pos, e - pos) ?? NumberParser.medium(p + pos, e - pos), v.isFinite else { return nil }
            dst[j * stride] = v
            pos = e + 1
        }
        return labels
    }

    /// A table without header rows (Eora's matrices): the first data row gives the column count.
    private func startHeaderless(_ count: Int, line: Int) throws {
        guard count > indexColumns else {
            throw error(.malformedFile, line: line, "the row has \(count) cell(s), expected \(indexColumns) label column(s) and at least one value")
        }
        nCols = count - indexColumns
        checkedIndexNameRow = true
        if !textValues, let r = expectSquare ? nCols : expectedRows {
            matrix = DenseMatrix(rows: r, columns: nCols, repeating: 0)
            matrixRows = r
        }
    }

    private func handleCells(_ p: UnsafePointer<UInt8>) throws {
        let count = starts.count
        let line = lineNumber
        if headerRows == 0 && nCols < 0 { try startHeaderless(count, line: line) }
        if headers.count < headerRows {
            try handleHeader(p, count: count, line: line)
            return
        }
        // The index-name row that pandas writes below multi-level column headers ("region\tsector\t\t\t…").
        if !checkedIndexNameRow {
            checkedIndexNameRow = true
            if headerRows > 1 || count <= indexColumns {
                var allEmpty = true
                for k in indexColumns..<max(count, indexColumns) where ends[k] > starts[k] { allEmpty = false; break }
                if allEmpty && count <= indexColumns + nCols {
                    indexNames = (0..<min(indexColumns, count)).map { string(p, $0) }
                    return
                }
            }
        }
        guard count == indexColumns + nCols else {
            throw error(
                .shape, line: line, "has \(count) cells, expected \(indexColumns + nCols) (\(indexColumns) label column(s) and \(nCols) values)",
                suggestion: "every row needs one value per column label of the header")
        }
        let labels = (0..<indexColumns).map { string(p, $0) }
        let r = rowLabels.count
        rowLabels.append(labels)
        rowLines.append(line)
        if textValues {
            textRows.append((indexColumns..<count).map { string(p, $0) })
            return
        }
        if sparseRows != nil {
            guard r < matrixRows else {
                throw error(
                    .shape, line: line, "has more data rows than the \(matrixRows) expected (row '\(labels.joined(separator: ":"))')",
                    suggestion: "every region-sector of the table needs exactly one row, in the same order as the other files")
            }
            var row = [Double](repeating: 0, count: nCols)
            for j in 0..<nCols { row[j] = try number(p, indexColumns + j, line: line, row: labels, column: j) }
            sparseRows!.append(row: row)
        } else if matrix != nil {
            let rows = matrix!.rows
            guard r < rows else {
                throw error(
                    .shape, line: line, "has more data rows than the \(rows) expected (row '\(labels.joined(separator: ":"))')",
                    suggestion: "every region-sector of the table needs exactly one row, in the same order as the other files")
            }
            try matrix!.withUnsafeMutableElements { e in
                let dst = e.baseAddress!
                for j in 0..<nCols {
                    let k = indexColumns + j
                    dst[r + j * rows] = try number(p, k, line: line, row: labels, column: j)
                }
            }
        } else {
            for j in 0..<nCols {
                rowMajor.append(try number(p, indexColumns + j, line: line, row: labels, column: j))
            }
        }
    }

    /// A header row: its column labels (after the index columns, sniffed from the first header row when asked); after
    /// the last header row, the matrix is allocated when its row count is known.
    private func handleHeader(_ p: UnsafePointer<UInt8>, count: Int, line: Int) throws {
        if sniffIndexColumns && headers.isEmpty {
            if headerRows == 1 {
                indexColumns = max(count - 1, 1)
            } else {
                var k = 1
                while k < count - 1 && ends[k] == starts[k] { k += 1 }
                indexColumns = k
            }
        }
        guard count > indexColumns else {
            throw error(
                .malformedFile, line: line,
                "the header row has \(count) cell(s), expected \(indexColumns) label column(s) and at least one value column",
                suggestion: "check the separator (\(separator == UInt8(ascii: "\t") ? "tab" : "comma")) and the number of index columns")
        }
        let labels = (indexColumns..<count).map { string(p, $0) }
        if nCols < 0 {
            nCols = labels.count
        } else if labels.count != nCols {
            throw error(.malformedFile, line: line, "header row \(headers.count + 1) has \(labels.count) column labels, the first has \(nCols)")
        }
        if headerRows == 1 { indexNames = (0..<indexColumns).map { string(p, $0) } }
        headers.append(labels)
        headerLines.append(line)
        if headers.count == headerRows && !textValues {
            if let r = expectSquare ? nCols : expectedRows {
                if sparse { sparseRows = SparseRowsBuilder(columns: nCols) } else { matrix = DenseMatrix(rows: r, columns: nCols, repeating: 0) }
                matrixRows = r
            } else {
                rowMajor.reserveCapacity(nCols * 8)
            }
        }
    }

    private func number(_ p: UnsafePointer<UInt8>, _ k: Int, line: Int, row: [String], column j: Int) throws -> Double {
        var s = starts[k], e = ends[k]
        if let v = NumberParser.fast(p + s, e - s) ?? NumberParser.medium(p + s, e - s), v.isFinite { return v }
        while s < e && (p[s] == 0x20) { s += 1 }
        while e > s && (p[e - 1] == 0x20) { e -= 1 }
        let text = String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self)
        let where_ = "row '\(row.joined(separator: ":"))', column '\(headers.map { $0[j] }.joined(separator: ":"))'"
        if missingAsZero && (text.isEmpty || text.lowercased() == "nan") {
            zeroedCells += 1
            if firstZeroed == nil { firstZeroed = "line \(line), column \(k + 1) (\(where_))" }
            return 0
        }
        if text.isEmpty {
            throw error(
                .malformedFile, line: line, column: k + 1, "the cell is empty (\(where_))",
                suggestion: "write 0 for a zero flow; missing values are not allowed")
        }
        guard let v = NumberParser.slow(text) else {
            throw error(
                .malformedFile, line: line, column: k + 1, "'\(text.prefix(40))' is not a number (\(where_))",
                suggestion: "every value cell must be a plain decimal number such as 12.5 or 1e-3")
        }
        guard v.isFinite else {
            throw error(
                .nonFinite, line: line, column: k + 1, "the value is \(v.isNaN ? "NaN" : "infinite") (\(where_))",
                suggestion: "replace missing or undefined values by 0 or fix the source table")
        }
        return v
    }
}

/// Decimal number parsing on UTF-8 bytes.
enum NumberParser {
    static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    ] // all exact in binary64

    /// Correctly rounded for plain decimals with ≤ 15 significant digits and |exponent| ≤ 22
    /// (both operands exact, one IEEE rounding); nil when the slow path is needed.
    @inline(__always)
    static func fast(_ p: UnsafePointer<UInt8>, _ len: Int) -> Double? {
        if len == 0 || len > 40 { return nil }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if p[0] == UInt8(ascii: "+") { i = 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var anyDigit = false
        var fractionDigits = 0
        var seenDot = false
        while i < len {
            let c = p[i]
            if c >= 48 && c <= 57 {
                anyDigit = true
                if mantissa != 0 || c != 48 {
                    significant += 1
                    if significant > 15 { return nil }
                    mantissa = mantissa * 10 + UInt64(c - 48)
                }
                if seenDot { fractionDigits += 1 }
            } else if c == UInt8(ascii: ".") && !seenDot {
                seenDot = true
            } else {
                break
            }
            i += 1
        }
        guard anyDigit else { return nil }
        var exponent = 0
        if i < len {
            guard p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") else { return nil }
            i += 1
            var expNegative = false
            if i < len && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { expNegative = p[i] == UInt8(ascii: "-"); i += 1 }
            var digits = 0
            while i < len {
                let c = p[i]
                guard c >= 48 && c <= 57 else { return nil }
                exponent = exponent * 10 + Int(c - 48)
                digits += 1
                if digits > 4 { return nil }
                i += 1
            }
            guard digits > 0 else { return nil }
            if expNegative { exponent = -exponent }
        }
        var value = Double(mantissa)
        if mantissa != 0 {
            let e10 = exponent - fractionDigits
            if e10 < 0 {
                guard e10 >= -22 else { return nil }
                value /= powersOf10[-e10]
            } else if e10 > 0 {
                guard e10 <= 22 else { return nil }
                value *= powersOf10[e10]
            }
        }
        return negative ? -value : value
    }

    /// Any other plain decimal (up to 63 bytes, e.g. 17-digit "%.17g" output), without making a
    /// String: C `strtod` (correctly rounded in glibc and Darwin). The whole cell must be consumed,
    /// so under a process locale whose decimal mark is not "." the call fails and the caller
    /// falls back to Swift's locale-independent `Double(String)`. nil for anything that is not a
    /// plain decimal (text, hex, NaN/inf words).
    static func medium(_ p: UnsafePointer<UInt8>, _ len: Int) -> Double? {
        guard len > 0, len < 64 else { return nil }
        for i in 0..<len {
            let c = p[i]
            // digits, sign, point, exponent only: rejects hex, "nan", "inf", spaces, text
            guard (c >= 48 && c <= 57) || c == 43 || c == 45 || c == 46 || c == 69 || c == 101 else { return nil }
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buf -> Double? in
            let b = buf.baseAddress!
            UnsafeMutableRawPointer(b).copyMemory(from: p, byteCount: len)
            b[len] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(b, &end)
            guard let end, end == b + len else { return nil }
            return v
        }
    }

    /// Swift's correctly rounded conversion; also accepts "nan" and "inf" (reported by the caller).
    static func slow(_ text: String) -> Double? {
        // Reject hexadecimal forms that Double(String) would accept.
        if text.contains("x") || text.contains("X") || text.contains("p") || text.contains("P") { return nil }
        return Double(text)
    }

    /// Parses one cell of a small text file (population, metadata); nil when not a finite number.
    static func parse(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let bytes = Array(t.utf8)
        if let v = bytes.withUnsafeBufferPointer({ b in b.baseAddress.flatMap { fast($0, b.count) } }) { return v }
        guard let v = slow(t), v.isFinite else { return nil }
        return v
    }
}

/// Where the workers of ``LabeledTableParser`` put their rows' labels and values: raw pointers into
/// buffers that outlive the parallel loop; each worker writes its own slot and its own rows.
private struct ResultSlots: @unchecked Sendable {
    let labels: UnsafeMutablePointer<[[String]]>
    let matrix: UnsafeMutablePointer<Double>
}

/// Where the workers of a sparse ``LabeledTableParser`` put their rows' labels and compressed values.
private struct SparseSlots: @unchecked Sendable {
    let labels: UnsafeMutablePointer<[[String]]>
    let rows: UnsafeMutablePointer<(counts: [Int32], columnIndices: [Int32], values: [Double])>
}

/// The lines of one chunk split into contiguous runs, one per worker, and the parsing of a run.
private struct RowRuns: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let lines: [(start: Int, length: Int)]
    let runs: Int
    let separator: UInt8
    let indexColumns: Int
    let values: Int
    /// The matrix row of the first line, and the matrix's row count (its column stride).
    let firstRow: Int
    let rows: Int

    /// The lines of run `t`.
    func range(_ t: Int) -> Range<Int> { (lines.count * t / runs)..<(lines.count * (t + 1) / runs) }

    /// Parses the lines of run `t` row-major into `buffer` (`run.count × values`) and returns their labels: fewer
    /// than the run's lines when a line is not an ordinary data row (parsing stops there).
    func parseRows(run t: Int, into buffer: UnsafeMutablePointer<Double>) -> [[String]] {
        let run = range(t)
        var labels: [[String]] = []
        labels.reserveCapacity(run.count)
        for (k, i) in run.enumerated() {
            guard
                let l = LabeledTableParser.dataRow(
                    base + lines[i].start, lines[i].length, separator: separator, indexColumns: indexColumns, values: values,
                    into: buffer + k * values, stride: 1)
            else { break }
            labels.append(l)
        }
        return labels
    }

    /// Parses run `t` (``parseRows(run:into:)``) and compresses its rows: non-zeros only, in order.
    func parseCompressed(run t: Int) -> ([[String]], (counts: [Int32], columnIndices: [Int32], values: [Double])) {
        let n = values
        var buffer = [Double](repeating: 0, count: range(t).count * n)
        return buffer.withUnsafeMutableBufferPointer { b in
            let labels = parseRows(run: t, into: b.baseAddress!)
            let rows = UnsafeBufferPointer(rebasing: b[0..<(labels.count * n)])
            return (labels, SparseRowsBuilder.compress(rowMajor: rows, rows: labels.count, columns: n))
        }
    }

    /// Parses run `t` (``parseRows(run:into:)``), then writes the rows parsed into the matrix column by column
    /// (a run of rows is contiguous in a column); returns their labels.
    func parse(run t: Int, into matrix: UnsafeMutablePointer<Double>) -> [[String]] {
        let run = range(t), n = values
        var buffer = [Double](repeating: 0, count: run.count * n)
        return buffer.withUnsafeMutableBufferPointer { b in
            let labels = parseRows(run: t, into: b.baseAddress!)
            let done = labels.count, top = firstRow + run.lowerBound
            for j in 0..<n {
                let column = matrix + j * rows + top
                for k in 0..<done { column[k] = b[k * n + j] }
            }
            return labels
        }
    }
}
