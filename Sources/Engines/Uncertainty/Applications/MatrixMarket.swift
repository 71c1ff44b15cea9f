import Foundation
import YuhengNumerics

/// A reader for Matrix Market "coordinate real general" files (the format
/// of the LCA benchmark matrices `A.mtx` and `B.mtx`), from bytes already
/// in memory (no IO here).
///
/// ```swift
/// let a = try MatrixMarket.parse(Data("""
///     %%MatrixMarket matrix coordinate real general
///     2 2 3
///     1 1 1.0
///     2 1 -0.5
///     2 2 1.0
///     """.utf8))
/// a[1, 0]  // −0.5
/// ```
public enum MatrixMarket {
    /// Parses a coordinate matrix (`real` or `integer`, `general`);
    /// duplicate entries are summed.
    ///
    /// - throws: ``UncertaintyError/Code/invalidArgument`` naming the line
    ///   for a malformed header, size line or entry, or an index out of range.
    public static func parse(_ data: Data) throws -> SparseMatrix {
        var bytes = [UInt8](data)
        bytes.append(0)
        return try bytes.withUnsafeMutableBufferPointer { buf -> SparseMatrix in
            let base = UnsafeMutableRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self)
            let count = buf.count - 1
            var pos = 0
            var line = 0
            func nextLine() -> (start: Int, end: Int)? {
                guard pos < count else { return nil }
                let start = pos
                while pos < count && buf[pos] != 10 { pos += 1 }
                let end = pos
                pos += 1
                line += 1
                return (start, end)
            }
            func text(_ r: (start: Int, end: Int)) -> String {
                String(decoding: buf[r.start..<r.end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard let header = nextLine() else { throw bad(0, "the file is empty") }
            let h = text(header).lowercased().split(separator: " ").map(String.init)
            guard h.count >= 5, h[0] == "%%matrixmarket", h[1] == "matrix", h[2] == "coordinate" else {
                throw bad(1, "expected a '%%MatrixMarket matrix coordinate ...' header")
            }
            guard h[3] == "real" || h[3] == "integer", h[4] == "general" else {
                throw bad(1, "only 'real general' and 'integer general' matrices are supported, got '\(h[3]) \(h[4])'")
            }
            var size: [Int] = []
            while let r = nextLine() {
                let t = text(r)
                if t.isEmpty || t.hasPrefix("%") { continue }
                size = t.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Int($0) }
                break
            }
            guard size.count == 3, size[0] >= 0, size[1] >= 0, size[2] >= 0 else { throw bad(line, "expected 'rows columns entries'") }
            let (rows, cols, nnz) = (size[0], size[1], size[2])
            var ri = [Int](), ci = [Int](), vals = [Double]()
            ri.reserveCapacity(nnz)
            ci.reserveCapacity(nnz)
            vals.reserveCapacity(nnz)
            while ri.count < nnz, let r = nextLine() {
                var p = base + r.start
                let end = base + r.end
                while p < end && (p.pointee == 32 || p.pointee == 9) { p += 1 }
                if p == end || p.pointee == 37 || p.pointee == 13 { continue } // blank or comment
                var e: UnsafeMutablePointer<CChar>? = nil
                let i = strtol(p, &e, 10)
                guard let e1 = e, e1 != p else { throw bad(line, "malformed entry") }
                let j = strtol(e1, &e, 10)
                guard let e2 = e, e2 != e1 else { throw bad(line, "malformed entry") }
                let v = strtod(e2, &e)
                guard let e3 = e, e3 != e2, e3 <= end, v.isFinite else { throw bad(line, "malformed entry") }
                guard i >= 1, i <= rows, j >= 1, j <= cols else { throw bad(line, "index (\(i), \(j)) is outside \(rows) × \(cols)") }
                ri.append(i - 1)
                ci.append(j - 1)
                vals.append(v)
            }
            guard ri.count == nnz else { throw bad(line, "expected \(nnz) entries, found \(ri.count)") }
            return try SparseMatrix(rows: rows, columns: cols, rowIndices: ri, columnIndices: ci, values: vals)
        }
    }

    private static func bad(_ line: Int, _ message: String) -> UncertaintyError {
        UncertaintyError(.invalidArgument, "matrix market: line \(line): \(message)", parameter: "line \(line)")
    }
}
