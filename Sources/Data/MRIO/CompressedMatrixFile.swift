import Foundation
import YuhengMRIO
import YuhengNumerics
import ZIPFoundation

/// Reader of Yuheng's compressed, exact matrix file (`.ymz`, magic `"YMTZ"`), the form of the
/// bundled WIOD GHG series (`Bundled/mrio/wiodYYYY-ghg`), written by `scripts/build_mrio_bundle.py`.
///
/// ```swift
/// let z = try CompressedMatrixFile.read(from: folder.appendingPathComponent("Z.ymz"))
/// // MatrixFile.read / MatrixFile.decode / MatrixFile.info recognise the magic, so
/// // MRIOStore.load(from: folder) loads a store of .ymz files as it is.
/// ```
///
/// ## Layout (version 1, all integers little-endian; full text: `Bundled/mrio/README.md`)
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 4 | magic `"YMTZ"` |
/// | 4 | 2 | format version (1) |
/// | 6 | 1 | encoding: 0 = float64, 1 = zig-zag LEB128 integers k, value k / 10^scale |
/// | 7 | 1 | order: 0 = column-major, 1 = row-major |
/// | 8 | 8 | rows |
/// | 16 | 8 | columns |
/// | 24 | 1 | scale (0…9) |
/// | 25 | 7 | reserved (0) |
/// | 32 | 8 | decoded stream length in bytes |
/// | 40 | 8 | compressed stream length in bytes (file length − 64) |
/// | 48 | 4 | CRC-32 of the decoded matrix as dense column-major float64 |
/// | 52 | 4 | CRC-32 of the compressed stream |
/// | 56 | 4 | reserved (0) |
/// | 60 | 4 | CRC-32 of header bytes 0..<60 |
///
/// The compressed stream is raw DEFLATE (RFC 1951), inflated here with ZIPFoundation's
/// `Data.decompress` (zlib `inflateInit2(-15)` on Linux, Apple's raw-DEFLATE `COMPRESSION_ZLIB` on
/// Darwin). Encoding 1: each entry is an unsigned LEB128 varint `u` of the zig-zag code of `k`
/// (`k = (u >> 1) ^ -(u & 1)`), the value is `Double(k)` (scale 0) or `Double(k) / 10^scale` — one
/// correctly rounded IEEE division, so the same bits on every platform. After decoding, the CRC-32
/// of the matrix must equal bytes 48..<52: the values are then bit-identical to what was written.
public enum CompressedMatrixFile {
    /// The four bytes every `.ymz` file starts with, "YMTZ".
    public static let magic: [UInt8] = Array("YMTZ".utf8)
    /// The format version this reader reads and the writer writes (1).
    public static let version: UInt16 = 1
    /// Size of the header before the compressed stream, bytes.
    public static let headerSize = 64
    static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

    /// How values are encoded in the stream: raw float64, or zig-zag LEB128 integers k with value k / 10^scale.
    public enum Encoding: UInt8, Sendable { case float64 = 0, integer = 1 }
    /// The order of the entries in the stream: column-major or row-major.
    public enum Order: UInt8, Sendable { case columnMajor = 0, rowMajor = 1 }

    /// The header facts of a `.ymz` file.
    public struct Header: Sendable, Equatable {
        /// How the values are encoded.
        public var encoding: Encoding
        /// The order of the entries.
        public var order: Order
        /// Number of rows of the matrix.
        public var rows: Int
        /// Number of columns of the matrix.
        public var columns: Int
        /// Decimal scale of integer-encoded values (0…9): value = k / 10^scale.
        public var scale: Int
        /// Length of the inflated stream, bytes.
        public var decodedBytes: Int
        /// Length of the raw-DEFLATE stream, bytes (the file length minus the header).
        public var compressedBytes: Int
        /// CRC-32 of the matrix as dense column-major float64 (what a dense `.ymat` payload would hold).
        public var matrixCRC: UInt32
        /// CRC-32 of the compressed stream, checked before it is inflated.
        public var streamCRC: UInt32
    }

    /// Whether `raw` starts with the `.ymz` magic.
    public static func isCompressed(_ raw: UnsafeRawBufferPointer) -> Bool {
        raw.count >= 4 && raw[0] == magic[0] && raw[1] == magic[1] && raw[2] == magic[2] && raw[3] == magic[3]
    }

    static func bad(_ msg: String, _ file: String) -> MRIOError {
        MRIOError(.malformedFile, msg, suggestion: "the file is damaged or incomplete: rebuild it with scripts/build_mrio_bundle.py", file: file)
    }

    /// Reads and checks the header (header CRC, version, kinds, lengths against the file size).
    public static func header(_ raw: UnsafeRawBufferPointer, file: String = "<memory>") throws -> Header {
        guard isCompressed(raw) else { throw bad("not a compressed Yuheng matrix file (no YMTZ header)", file) }
        guard raw.count >= headerSize else { throw bad("truncated: \(raw.count) bytes, shorter than the \(headerSize)-byte header", file) }
        func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
        func u32(_ o: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
        guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<60])) == u32(60) else { throw bad("the header checksum does not match", file) }
        let ver = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self))
        guard ver == version else {
            throw MRIOError(
                .malformedFile, "compressed matrix format version \(ver) is not supported (this build reads version \(version))",
                suggestion: "update Yuheng", file: file)
        }
        guard let encoding = Encoding(rawValue: raw[6]) else { throw bad("unknown encoding \(raw[6])", file) }
        guard let order = Order(rawValue: raw[7]) else { throw bad("unknown entry order \(raw[7])", file) }
        let rows = u64(8), cols = u64(16), scale = Int(raw[24])
        guard (25..<32).allSatisfy({ raw[$0] == 0 }), u32(56) == 0 else { throw bad("reserved header bytes are not zero", file) }
        guard rows < 1 << 31, cols < 1 << 31, rows * cols < 1 << 40 else { throw bad("implausible dimensions \(rows) × \(cols)", file) }
        guard scale < powersOfTen.count, encoding == .integer || scale == 0 else { throw bad("scale \(scale) is out of range", file) }
        let decoded = u64(32), compressed = u64(40)
        let n = rows * cols
        if encoding == .float64 {
            guard decoded == 8 * n else { throw bad("a float64 stream of \(decoded) bytes cannot hold \(rows) × \(cols) values", file) }
        } else {
            guard decoded >= n, decoded <= 10 * n else {
                throw bad("an integer stream of \(decoded) bytes cannot hold \(rows) × \(cols) values", file)
            }
        }
        guard n == 0 || compressed > 0 else { throw bad("the compressed stream is empty", file) }
        let actual = raw.count - headerSize
        guard UInt64(actual) == compressed else {
            if UInt64(actual) < compressed { throw bad("truncated: expected \(headerSize + Int(compressed)) bytes, found \(raw.count)", file) }
            throw bad("\(UInt64(actual) - compressed) unexpected bytes after the compressed stream", file)
        }
        return Header(
            encoding: encoding, order: order, rows: Int(rows), columns: Int(cols), scale: scale, decodedBytes: Int(decoded),
            compressedBytes: Int(compressed), matrixCRC: u32(48), streamCRC: u32(52))
    }

    /// Decodes a complete `.ymz` file image; the result is bit-identical to the matrix that was written
    /// (checked with the CRC-32 of the decoded matrix).
    public static func decode(_ raw: UnsafeRawBufferPointer, file: String = "<memory>") throws -> DenseMatrix {
        let h = try header(raw, file: file)
        let compressed = UnsafeRawBufferPointer(rebasing: raw[headerSize...])
        guard CRC32.checksum(compressed) == h.streamCRC else {
            throw bad("the compressed stream's checksum does not match (the file is damaged)", file)
        }
        let stream = try inflate(compressed, expected: h.decodedBytes, file: file)
        var m = DenseMatrix(rows: h.rows, columns: h.columns, repeating: 0)
        let rows = h.rows, cols = h.columns, n = rows * cols
        try stream.withUnsafeBytes { s in
            try m.withUnsafeMutableElements { e in
                switch h.encoding {
                case .float64:
                    for idx in 0..<n {
                        let v = Double(bitPattern: UInt64(littleEndian: s.loadUnaligned(fromByteOffset: 8 * idx, as: UInt64.self)))
                        e[h.order == .columnMajor ? idx : (idx % cols) * rows + idx / cols] = v
                    }
                case .integer:
                    let divisor = powersOfTen[h.scale]
                    var p = 0
                    let end = s.count
                    for idx in 0..<n {
                        var u: UInt64 = 0, shift: UInt64 = 0
                        while true {
                            guard p < end else { throw bad("the integer stream ends after \(idx) of \(n) values", file) }
                            let b = s[p]
                            p += 1
                            guard shift < 63 || (shift == 63 && b <= 1) else { throw bad("a varint is longer than 64 bits", file) }
                            u |= UInt64(b & 0x7F) << shift
                            if b < 0x80 { break }
                            shift += 7
                        }
                        let k = Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
                        guard k.magnitude < 1 << 53 else { throw bad("an integer beyond 2^53", file) }
                        let v = h.scale == 0 ? Double(k) : Double(k) / divisor
                        e[h.order == .columnMajor ? idx : (idx % cols) * rows + idx / cols] = v
                    }
                    guard p == end else { throw bad("\(end - p) bytes left after the last value of the integer stream", file) }
                }
            }
        }
        let crc = m.elements.withUnsafeBufferPointer { e -> UInt32 in
            #if _endian(little)
                return CRC32.checksum(UnsafeRawBufferPointer(e))
            #else
                let le = e.map { $0.bitPattern.littleEndian }
                return le.withUnsafeBytes { CRC32.checksum($0) }
            #endif
        }
        guard crc == h.matrixCRC else { throw bad("the decoded matrix does not reproduce the written values (CRC-32 differs)", file) }
        return m
    }

    /// Reads a `.ymz` file.
    public static func read(from url: URL) throws -> DenseMatrix {
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw MRIOError(.missingData, "cannot read the matrix file: \(error.localizedDescription)", file: url.path)
        }
        return try data.withUnsafeBytes { try decode($0, file: url.path) }
    }

    /// Raw-DEFLATE inflation of exactly `expected` bytes. The whole input is handed over as one chunk
    /// (ZIPFoundation's zlib path sets `avail_in` to the buffer size, so chunk and buffer must agree); on
    /// zlib a stream that asks for more input than there is is an error, not an endless wait.
    static func inflate(_ compressed: UnsafeRawBufferPointer, expected: Int, file: String) throws -> [UInt8] {
        let input = Data(compressed)
        let size = input.count
        var out = [UInt8]()
        out.reserveCapacity(expected)
        do {
            _ = try Data.decompress(
                size: Int64(size), bufferSize: max(size, 1), skipCRC32: true,
                provider: { position, _ in
                    if position == 0 { return input }
                    #if canImport(Compression)
                        return Data() // Apple's decoder: an empty last chunk asks it to finish (it throws if the stream is cut short)
                    #else
                        throw bad("the DEFLATE stream ends before its end-of-block", file) // zlib would wait for input forever
                    #endif
                },
                consumer: { chunk in
                    guard out.count + chunk.count <= expected else {
                        throw bad("the DEFLATE stream inflates to more than the declared \(expected) bytes", file)
                    }
                    out.append(contentsOf: chunk)
                })
        } catch let e as MRIOError {
            throw e
        } catch {
            throw bad("the DEFLATE stream is damaged (\(error))", file)
        }
        guard out.count == expected else { throw bad("the DEFLATE stream inflates to \(out.count) bytes, the header declares \(expected)", file) }
        return out
    }
}
