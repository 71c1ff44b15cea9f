import Foundation
import YuhengMRIO
import YuhengNumerics

/// Yuheng's compact binary matrix file (`.ymat`): one `DenseMatrix` of float64, stored dense
/// (column-major) or as compressed sparse columns (CSC), whichever is smaller.
///
/// ```swift
/// try MatrixFile.write(z, to: folder.appendingPathComponent("Z.ymat"))   // CSC chosen if smaller
/// let z2 = try MatrixFile.read(from: folder.appendingPathComponent("Z.ymat"))
/// z2 == z   // bit-identical, including -0.0 and NaN payloads
/// ```
///
/// ## Layout (version 1, all integers little-endian)
///
/// A 64-byte header followed by the payload:
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 4 | magic `"YMAT"` |
/// | 4 | 2 | format version (1) |
/// | 6 | 1 | storage: 0 = dense column-major, 1 = CSC |
/// | 7 | 1 | reserved (0) |
/// | 8 | 8 | rows |
/// | 16 | 8 | columns |
/// | 24 | 8 | stored values: rows·columns (dense) or nnz (CSC) |
/// | 32 | 8 | payload length in bytes |
/// | 40 | 4 | CRC-32 (IEEE, as zlib's `crc32`) of the payload |
/// | 44 | 16 | reserved (0) |
/// | 60 | 4 | CRC-32 of header bytes 0..<60 |
///
/// Payload, dense: rows·columns float64 values, column-major.
/// Payload, CSC: column pointers (columns + 1 × UInt64, first 0, last nnz), then nnz float64
/// values, then nnz row indices (UInt32), column by column with rows ascending. An entry is
/// "stored" when its bit pattern is not +0.0, so -0.0 survives the round trip.
///
/// Payload length and both checksums detect truncated or damaged files before any value is used.
public enum MatrixFile {
    /// The four bytes every `.ymat` file starts with, "YMAT".
    public static let magic: [UInt8] = Array("YMAT".utf8)
    /// The format version this reader reads and the writer writes (1).
    public static let version: UInt16 = 1
    /// Size of the header before the payload, bytes.
    public static let headerSize = 64

    /// How the payload stores the matrix.
    public enum Storage: UInt8, Sendable, Codable {
        /// Every entry, column-major float64.
        case dense = 0
        /// Compressed sparse columns: pointers, values, row indices of every entry that is not +0.0.
        case csc = 1
    }

    /// Facts about a written or read file.
    public struct Info: Sendable, Equatable {
        /// Number of rows of the matrix.
        public var rows: Int
        /// Number of columns of the matrix.
        public var columns: Int
        /// Whether the payload is dense or CSC.
        public var storage: Storage
        /// Stored values (rows·columns for dense).
        public var storedValues: Int
        /// Size of the whole file (header and payload), bytes.
        public var bytes: Int
    }

    /// The number of entries whose bit pattern is not +0.0 (what CSC stores).
    public static func storedEntryCount(_ m: DenseMatrix) -> Int {
        m.elements.withUnsafeBufferPointer { e in
            var c = 0
            for v in e where v.bitPattern != 0 { c += 1 }
            return c
        }
    }

    /// Payload size of each storage, for choosing.
    static func payloadSize(rows: Int, columns: Int, nnz: Int, storage: Storage) -> Int {
        switch storage {
        case .dense: return 8 * rows * columns
        case .csc: return 8 * (columns + 1) + 12 * nnz
        }
    }

    /// The encoded bytes of `m` (`sparse`: nil = CSC when smaller, true = CSC, false = dense).
    public static func encode(_ m: DenseMatrix, sparse: Bool? = nil) throws -> [UInt8] {
        let nnz = storedEntryCount(m)
        let storage: Storage
        switch sparse {
        case .some(true): storage = .csc
        case .some(false): storage = .dense
        case .none:
            storage =
                payloadSize(rows: m.rows, columns: m.columns, nnz: nnz, storage: .csc)
                    < payloadSize(rows: m.rows, columns: m.columns, nnz: nnz, storage: .dense) ? .csc : .dense
        }
        if storage == .csc && m.rows > Int(UInt32.max) {
            throw MRIOError(
                .invalidArgument, "a matrix with \(m.rows) rows cannot be stored as CSC (row indices are 32-bit)",
                suggestion: "store it dense (sparse: false)")
        }
        let payloadBytes = payloadSize(rows: m.rows, columns: m.columns, nnz: nnz, storage: storage)
        var out = [UInt8](repeating: 0, count: headerSize + payloadBytes)
        out.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            let payload = base + headerSize
            m.elements.withUnsafeBufferPointer { e in
                switch storage {
                case .dense:
                    for k in 0..<e.count { payload.storeBytes(of: e[k].bitPattern.littleEndian, toByteOffset: 8 * k, as: UInt64.self) }
                case .csc:
                    let valuesOffset = 8 * (m.columns + 1)
                    let rowsOffset = valuesOffset + 8 * nnz
                    var k = 0
                    payload.storeBytes(of: UInt64(0).littleEndian, toByteOffset: 0, as: UInt64.self)
                    for j in 0..<m.columns {
                        let col = j * m.rows
                        for i in 0..<m.rows {
                            let bits = e[col + i].bitPattern
                            if bits != 0 {
                                payload.storeBytes(of: bits.littleEndian, toByteOffset: valuesOffset + 8 * k, as: UInt64.self)
                                payload.storeBytes(of: UInt32(i).littleEndian, toByteOffset: rowsOffset + 4 * k, as: UInt32.self)
                                k += 1
                            }
                        }
                        payload.storeBytes(of: UInt64(k).littleEndian, toByteOffset: 8 * (j + 1), as: UInt64.self)
                    }
                }
            }
            let crc = CRC32.checksum(UnsafeRawBufferPointer(start: payload, count: payloadBytes))
            for (i, b) in magic.enumerated() { base.storeBytes(of: b, toByteOffset: i, as: UInt8.self) }
            base.storeBytes(of: version.littleEndian, toByteOffset: 4, as: UInt16.self)
            base.storeBytes(of: storage.rawValue, toByteOffset: 6, as: UInt8.self)
            base.storeBytes(of: UInt64(m.rows).littleEndian, toByteOffset: 8, as: UInt64.self)
            base.storeBytes(of: UInt64(m.columns).littleEndian, toByteOffset: 16, as: UInt64.self)
            base.storeBytes(of: UInt64(storage == .dense ? m.rows * m.columns : nnz).littleEndian, toByteOffset: 24, as: UInt64.self)
            base.storeBytes(of: UInt64(payloadBytes).littleEndian, toByteOffset: 32, as: UInt64.self)
            base.storeBytes(of: crc.littleEndian, toByteOffset: 40, as: UInt32.self)
            let hcrc = CRC32.checksum(UnsafeRawBufferPointer(start: base, count: 60))
            base.storeBytes(of: hcrc.littleEndian, toByteOffset: 60, as: UInt32.self)
        }
        return out
    }

    /// Writes `m` to `url` (atomically). `sparse`: nil = CSC when smaller, true = CSC, false = dense.
    @discardableResult
    public static func write(_ m: DenseMatrix, to url: URL, sparse: Bool? = nil) throws -> Info {
        let bytes = try encode(m, sparse: sparse)
        do { try Data(bytes).write(to: url, options: .atomic) } catch {
            throw MRIOError(
                .invalidArgument, "cannot write the matrix file: \(error.localizedDescription)",
                suggestion: "check that the folder exists and is writable", file: url.path)
        }
        let storage = Storage(rawValue: bytes[6]) ?? .dense
        return Info(
            rows: m.rows, columns: m.columns, storage: storage,
            storedValues: storage == .dense ? m.rows * m.columns : Int(readU64(bytes, 24)), bytes: bytes.count)
    }

    /// Reads a matrix written by ``write(_:to:sparse:)`` (or by `scripts/build_mrio_bundle.py`).
    public static func read(from url: URL) throws -> DenseMatrix {
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw MRIOError(
                .missingData, "cannot read the matrix file: \(error.localizedDescription)",
                suggestion: "check the path; .ymat files are written by MRIOStore.save or scripts/build_mrio_bundle.py", file: url.path)
        }
        return try data.withUnsafeBytes { try decode($0, file: url.path) }
    }

    /// The header facts of a file, without decoding the values (checks the header checksum and length).
    public static func info(of url: URL) throws -> Info {
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw MRIOError(.missingData, "cannot read the matrix file: \(error.localizedDescription)", file: url.path)
        }
        return try data.withUnsafeBytes { raw in
            if CompressedMatrixFile.isCompressed(raw) { // a .ymz file reports its decoded, dense form
                let h = try CompressedMatrixFile.header(raw, file: url.path)
                return Info(rows: h.rows, columns: h.columns, storage: .dense, storedValues: h.rows * h.columns, bytes: raw.count)
            }
            return try header(raw, file: url.path)
        }
    }

    private static func readU64(_ b: [UInt8], _ off: Int) -> UInt64 {
        b.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: off, as: UInt64.self)) }
    }

    static func header(_ raw: UnsafeRawBufferPointer, file: String) throws -> Info {
        func bad(
            _ msg: String, _ suggestion: String = "the file is damaged or incomplete: write it again (MRIOStore.save or scripts/build_mrio_bundle.py)"
        ) -> MRIOError {
            MRIOError(.malformedFile, msg, suggestion: suggestion, file: file)
        }
        guard raw.count >= headerSize else {
            if raw.count >= 4, Array(raw[0..<4]) != magic { throw bad("not a Yuheng matrix file (no YMAT header)", "expected a .ymat file") }
            throw bad("truncated: \(raw.count) bytes, shorter than the \(headerSize)-byte header")
        }
        guard Array(raw[0..<4]) == magic else { throw bad("not a Yuheng matrix file (no YMAT header)", "expected a .ymat file") }
        let hcrc = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
        guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<60])) == hcrc else { throw bad("the header checksum does not match") }
        let ver = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self))
        guard ver == version else { throw bad("format version \(ver) is not supported (this build reads version \(version))", "update Yuheng") }
        guard let storage = Storage(rawValue: raw[6]) else { throw bad("unknown storage kind \(raw[6])") }
        let rows = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let cols = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        let stored = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        let payload = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
        guard rows < 1 << 31, cols < 1 << 31, stored < 1 << 40 else { throw bad("implausible dimensions \(rows) × \(cols)") }
        let expected = payloadSize(rows: Int(rows), columns: Int(cols), nnz: Int(stored), storage: storage)
        guard storage == .csc || stored == rows * cols else { throw bad("dense matrix \(rows) × \(cols) declares \(stored) values") }
        guard storage == .dense || stored <= rows * cols else { throw bad("CSC matrix \(rows) × \(cols) declares \(stored) stored values") }
        guard payload == UInt64(expected) else { throw bad("the header declares \(payload) payload bytes but \(rows) × \(cols) needs \(expected)") }
        let actual = raw.count - headerSize
        guard actual == expected else {
            if actual < expected { throw bad("truncated: expected \(headerSize + expected) bytes, found \(raw.count)") }
            throw bad("\(actual - expected) unexpected bytes after the payload")
        }
        return Info(rows: Int(rows), columns: Int(cols), storage: storage, storedValues: Int(stored), bytes: raw.count)
    }

    /// Decodes a complete file image (a compressed `.ymz` image too: ``CompressedMatrixFile``).
    public static func decode(_ raw: UnsafeRawBufferPointer, file: String = "<memory>") throws -> DenseMatrix {
        if CompressedMatrixFile.isCompressed(raw) { return try CompressedMatrixFile.decode(raw, file: file) }
        let info = try header(raw, file: file)
        let payload = UnsafeRawBufferPointer(rebasing: raw[headerSize...])
        let crc = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
        guard CRC32.checksum(payload) == crc else {
            throw MRIOError(
                .malformedFile, "the payload checksum does not match (the file is damaged)",
                suggestion: "write it again (MRIOStore.save or scripts/build_mrio_bundle.py)", file: file)
        }
        var m = DenseMatrix(rows: info.rows, columns: info.columns, repeating: 0)
        let p = payload.baseAddress
        switch info.storage {
        case .dense:
            m.withUnsafeMutableElements { e in
                guard let p, e.count > 0 else { return }
                #if _endian(little)
                    UnsafeMutableRawPointer(e.baseAddress!).copyMemory(from: p, byteCount: 8 * e.count)
                #else
                    for k in 0..<e.count { e[k] = Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self))) }
                #endif
            }
        case .csc:
            let nnz = info.storedValues, rows = info.rows, cols = info.columns
            let valuesOffset = 8 * (cols + 1), rowsOffset = valuesOffset + 8 * nnz
            try m.withUnsafeMutableElements { e in
                guard let p else { return }
                var prev = 0
                guard UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self)) == 0 else {
                    throw MRIOError(.malformedFile, "CSC column pointers do not start at 0", file: file)
                }
                for j in 0..<cols {
                    let next = Int(truncatingIfNeeded: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * (j + 1), as: UInt64.self)))
                    guard next >= prev, next <= nnz else {
                        throw MRIOError(.malformedFile, "CSC column pointer \(j + 1) is out of order", file: file)
                    }
                    var lastRow = -1
                    for k in prev..<next {
                        let i = Int(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: rowsOffset + 4 * k, as: UInt32.self)))
                        guard i < rows, i > lastRow else {
                            throw MRIOError(.malformedFile, "CSC row index \(i) in column \(j) is out of range or out of order", file: file)
                        }
                        lastRow = i
                        e[i + j * rows] = Double(
                            bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: valuesOffset + 8 * k, as: UInt64.self)))
                    }
                    prev = next
                }
                guard prev == nnz else { throw MRIOError(.malformedFile, "CSC column pointers end at \(prev), expected \(nnz)", file: file) }
            }
        }
        return m
    }
}

/// CRC-32 (IEEE 802.3 polynomial, reflected; the value of zlib's and Python's `zlib.crc32`),
/// slicing-by-8.
enum CRC32 {
    static let tables: [[UInt32]] = {
        var t = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[0][i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 { t[k][i] = (t[k - 1][i] >> 8) ^ t[0][Int(t[k - 1][i] & 0xff)] }
        }
        return t
    }()
    static let flat: [UInt32] = tables.flatMap { $0 }

    static func checksum(_ buf: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        var c = ~seed
        guard let base = buf.baseAddress, buf.count > 0 else { return seed }
        let n = buf.count
        flat.withUnsafeBufferPointer { t in
            var i = 0
            while i + 8 <= n {
                let lo = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt32.self)) ^ c
                let hi = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self))
                c =
                    t[7 * 256 + Int(lo & 0xff)] ^ t[6 * 256 + Int((lo >> 8) & 0xff)]
                    ^ t[5 * 256 + Int((lo >> 16) & 0xff)] ^ t[4 * 256 + Int(lo >> 24)]
                    ^ t[3 * 256 + Int(hi & 0xff)] ^ t[2 * 256 + Int((hi >> 8) & 0xff)]
                    ^ t[1 * 256 + Int((hi >> 16) & 0xff)] ^ t[Int(hi >> 24)]
                i += 8
            }
            while i < n {
                c = t[Int((c ^ UInt32(base.load(fromByteOffset: i, as: UInt8.self))) & 0xff)] ^ (c >> 8)
                i += 1
            }
        }
        return ~c
    }
}
