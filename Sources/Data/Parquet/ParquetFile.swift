import Foundation
import ZIPFoundation

/// One column of a Parquet file, decoded whole.
struct ParquetColumn {
    enum Values {
        /// DOUBLE, FLOAT, INT32, INT64 and BOOLEAN columns (nulls are NaN).
        case numbers([Double])
        /// BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY columns as UTF-8 (nulls are "").
        case strings([String])

        var count: Int {
            switch self {
            case .numbers(let v): v.count
            case .strings(let v): v.count
            }
        }
    }
    var name: String
    var values: Values
    /// How many cells are null, and the 0-based row of the first.
    var nulls = 0
    var firstNull: Int?
}

/// A flat Parquet file (one value per cell, as pandas and so pymrio's `save_all(..., table_format="parquet")`
/// write tables), read from its bytes.
///
/// What is read: every row group; data pages of version 1 and 2; dictionary pages; the PLAIN,
/// RLE_DICTIONARY / PLAIN_DICTIONARY and BYTE_STREAM_SPLIT encodings; optional (nullable) and
/// required columns; the compression codecs UNCOMPRESSED, SNAPPY (pandas' default) and GZIP.
/// What is refused with an error that says so: nested or repeated columns, DELTA encodings, INT96
/// and DECIMAL values, the codecs LZO, BROTLI, LZ4 and ZSTD, encrypted files.
///
/// ```swift
/// let file = try ParquetFile(bytes: Array(data), file: "Z.parquet")
/// let names = file.columnNames            // physical column names
/// let pandas = file.keyValue["pandas"]    // pandas' metadata (index columns, column levels)
/// let first = try file.column(0)
/// ```
struct ParquetFile {
    enum PhysicalType: Int64 {
        case boolean = 0, int32, int64, int96, float, double, byteArray, fixedLenByteArray
    }

    struct Leaf {
        var name: String
        var type: PhysicalType
        var optional: Bool
        var typeLength: Int
        /// Decoded as text (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY), not as numbers.
        var isText: Bool { type == .byteArray || type == .fixedLenByteArray }
    }

    /// The file, for messages.
    let file: String
    let rows: Int
    let leaves: [Leaf]
    /// The file's key-value metadata (pandas stores its own under "pandas").
    let keyValue: [String: String]
    private let bytes: [UInt8]
    private let rowGroups: [(rows: Int, columns: [ThriftStruct])]
    /// Decompressed pages larger than this are refused (pyarrow writes pages of about 1 MiB).
    static let maxPageBytes = 1 << 30

    var columnNames: [String] { leaves.map(\.name) }

    /// - Parameter maxValueBytes: the largest table accepted, rows × columns × 8 bytes (a dictionary or run-length
    ///   encoded column can declare billions of rows in a few bytes; ``ImportLimits/maxDecompressedBytes`` by default).
    init(bytes: [UInt8], file: String, maxValueBytes: UInt64 = ImportLimits.defaults.maxDecompressedBytes) throws {
        self.bytes = bytes
        self.file = file
        func fail(_ s: String, _ suggestion: String? = nil) -> DataError {
            DataError(.malformedFile, s, file: file, suggestion: suggestion ?? "write the file again (pandas: df.to_parquet(path))")
        }
        let n = bytes.count
        guard n >= 12, bytes[0..<4].elementsEqual("PAR1".utf8) else {
            throw fail("is not a Parquet file (it does not begin with PAR1)", "give a .parquet file written by pandas, pyarrow or pymrio")
        }
        if bytes[(n - 4)...].elementsEqual("PARE".utf8) {
            throw DataError(.malformedFile, "is an encrypted Parquet file", file: file, suggestion: "write it again without encryption")
        }
        guard bytes[(n - 4)...].elementsEqual("PAR1".utf8) else {
            throw fail("does not end with PAR1: the file is truncated or damaged", "copy or write the file again")
        }
        let footer = Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
        guard footer > 0, footer <= n - 12 else { throw fail("its footer length (\(footer) bytes) does not fit the file: truncated or damaged") }
        let meta: ThriftStruct
        do {
            var r = ThriftCompactReader(bytes, from: n - 8 - footer, to: n - 8)
            meta = try r.readStruct()
        } catch let e as ThriftError { throw fail("its metadata cannot be read: \(e.description)") }
        let schema = meta.structs(2)
        guard let root = schema.first else { throw fail("its metadata has no schema") }
        let count = Int(root.int(5) ?? 0)
        guard schema.count == count + 1 else {
            throw DataError(
                .malformedFile, "has nested columns; only flat tables are read", file: file,
                suggestion: "write a flat table (one value per cell), as pandas and pymrio do")
        }
        var leaves: [Leaf] = []
        for e in schema.dropFirst() {
            let name = e.string(4) ?? ""
            guard (e.int(5) ?? 0) == 0, let raw = e.int(1) else {
                throw DataError(
                    .malformedFile, "column '\(name)' is nested; only flat tables are read", file: file,
                    suggestion: "write a flat table (one value per cell), as pandas and pymrio do")
            }
            guard let type = PhysicalType(rawValue: raw) else { throw fail("column '\(name)' has the unknown physical type \(raw)") }
            let repetition = e.int(3) ?? 0
            guard repetition != 2 else {
                throw DataError(.malformedFile, "column '\(name)' is repeated (a list); only flat tables are read", file: file)
            }
            let logicalDecimal = e.structure(10)?.structure(5) != nil
            guard e.int(6) != 5, !logicalDecimal else {
                throw DataError(
                    .malformedFile, "column '\(name)' holds DECIMAL values, which are not read", file: file,
                    suggestion: "store the values as float64 (pandas: df.astype(float))")
            }
            guard type != .int96 else {
                throw DataError(.malformedFile, "column '\(name)' holds INT96 timestamps, which are not read", file: file)
            }
            leaves.append(Leaf(name: name, type: type, optional: repetition == 1, typeLength: Int(e.int(2) ?? 0)))
        }
        self.leaves = leaves
        rows = Int(meta.int(3) ?? 0)
        guard rows >= 0 else { throw fail("its metadata declares \(rows) rows") }
        let cells = Double(rows) * Double(max(leaves.count, 1))
        guard cells * 8 <= Double(maxValueBytes) else {
            throw DataError(
                .tooLarge,
                "declares \(rows) rows × \(leaves.count) columns (\(ImportLimits.describe(UInt64(min(cells * 8, 1.8e19))))), more than the import limit of \(ImportLimits.describe(maxValueBytes))",
                file: file, suggestion: "raise YUHENG_MAX_DECOMPRESSED_BYTES if the table is real (docs/import-limits.md)")
        }
        var groups: [(Int, [ThriftStruct])] = []
        var total = 0
        for g in meta.structs(4) {
            let cols = g.structs(1)
            guard cols.count == leaves.count else {
                throw fail("a row group has \(cols.count) column chunks for \(leaves.count) columns")
            }
            let r = Int(g.int(3) ?? 0)
            guard r >= 0, r <= rows - total else { throw fail("its row groups hold more rows than its metadata declares (\(rows))") }
            total += r
            groups.append((r, cols))
        }
        guard total == rows else { throw fail("its row groups hold \(total) rows, its metadata says \(rows)") }
        rowGroups = groups
        var kv: [String: String] = [:]
        for p in meta.structs(5) { if let k = p.string(1) { kv[k] = p.string(2) ?? "" } }
        keyValue = kv
    }

    private func fail(_ column: String, _ s: String) -> DataError {
        DataError(.malformedFile, "column '\(column)': \(s)", file: file, suggestion: "write the file again (pandas: df.to_parquet(path))")
    }

    /// Column `k` (in the file's order), every row group.
    func column(_ k: Int) throws -> ParquetColumn {
        let leaf = leaves[k]
        var numbers: [Double] = []
        var strings: [String] = []
        let textual = leaf.isText
        if textual { strings.reserveCapacity(rows) } else { numbers.reserveCapacity(rows) }
        var out = ParquetColumn(name: leaf.name, values: .numbers([]))
        for g in rowGroups {
            try readChunk(g.columns[k], leaf: leaf, rows: g.rows, numbers: &numbers, strings: &strings, nulls: &out.nulls, firstNull: &out.firstNull)
        }
        out.values = textual ? .strings(strings) : .numbers(numbers)
        return out
    }

    // MARK: Column chunks and pages

    private func readChunk(
        _ chunk: ThriftStruct, leaf: Leaf, rows: Int, numbers: inout [Double], strings: inout [String], nulls: inout Int,
        firstNull: inout Int?
    ) throws {
        guard let md = chunk.structure(3) else {
            throw fail(leaf.name, "a column chunk has no metadata (or lives in another file, which is not read)")
        }
        let codec = md.int(4) ?? 0
        let expected = Int(md.int(5) ?? 0)
        guard expected == rows else { throw fail(leaf.name, "a column chunk holds \(expected) values for \(rows) rows") }
        let dataOffset = Int(md.int(9) ?? -1)
        let dictOffset = Int(md.int(11) ?? 0)
        let start = dictOffset > 0 && dictOffset < dataOffset ? dictOffset : dataOffset
        let size = Int(md.int(7) ?? -1)
        guard start >= 4, size >= 0, start + size <= bytes.count - 8 else {
            throw fail(leaf.name, "a column chunk lies outside the file (truncated or damaged)")
        }
        let end = start + size
        var dictionary: ParquetColumn.Values?
        var pos = start
        var got = 0
        let base = leaf.isText ? strings.count : numbers.count
        while got < expected {
            guard pos < end else { throw fail(leaf.name, "the column chunk ends after \(got) of its \(expected) values (truncated or damaged)") }
            var r = ThriftCompactReader(bytes, from: pos, to: end)
            let header: ThriftStruct
            do { header = try r.readStruct() } catch let e as ThriftError { throw fail(leaf.name, "a page header cannot be read: \(e.description)") }
            pos = r.position
            let type = header.int(1) ?? -1
            let uncompressed = Int(header.int(2) ?? -1)
            let compressed = Int(header.int(3) ?? -1)
            guard compressed >= 0, compressed <= end - pos, uncompressed >= 0, uncompressed <= Self.maxPageBytes else {
                throw fail(leaf.name, "a page declares a size that does not fit the column chunk (truncated or damaged)")
            }
            let payload = bytes[pos..<pos + compressed]
            pos += compressed
            switch type {
            case 2: // dictionary page
                let n = Int(header.structure(7)?.int(1) ?? -1)
                guard n >= 0 else { throw fail(leaf.name, "a dictionary page has no value count") }
                let data = try decompress(payload, codec: codec, size: uncompressed, column: leaf.name)
                dictionary = try plain(data, count: n, leaf: leaf)
            case 0, 3:
                let levels: ArraySlice<UInt8>
                let values: ArraySlice<UInt8>
                let n: Int
                let encoding: Int64
                if type == 0 {
                    guard let h = header.structure(5) else { throw fail(leaf.name, "a data page has no data-page header") }
                    n = Int(h.int(1) ?? -1)
                    encoding = h.int(2) ?? -1
                    let data = try decompress(payload, codec: codec, size: uncompressed, column: leaf.name)
                    if leaf.optional {
                        guard data.count >= 4 else { throw fail(leaf.name, "a data page is too short for its definition levels") }
                        let s = data.startIndex
                        let len = Int(data[s]) | Int(data[s + 1]) << 8 | Int(data[s + 2]) << 16 | Int(data[s + 3]) << 24
                        guard len <= data.count - 4 else { throw fail(leaf.name, "a data page's definition levels run past its end") }
                        levels = data[(s + 4)..<(s + 4 + len)]
                        values = data[(s + 4 + len)...]
                    } else {
                        levels = []
                        values = data
                    }
                } else {
                    guard let h = header.structure(8) else { throw fail(leaf.name, "a data page (v2) has no header") }
                    n = Int(h.int(1) ?? -1)
                    encoding = h.int(4) ?? -1
                    let defLen = Int(h.int(5) ?? 0)
                    let repLen = Int(h.int(6) ?? 0)
                    guard defLen >= 0, repLen >= 0, defLen + repLen <= payload.count, defLen + repLen <= uncompressed else {
                        throw fail(leaf.name, "a data page's level lengths do not fit the page")
                    }
                    let s = payload.startIndex
                    levels = payload[(s + repLen)..<(s + repLen + defLen)]
                    let rest = payload[(s + repLen + defLen)...]
                    let isCompressed = h.bool(7) ?? true
                    values =
                        isCompressed
                        ? try decompress(rest, codec: codec, size: uncompressed - repLen - defLen, column: leaf.name) : rest
                }
                guard n >= 0, n <= expected - got else { throw fail(leaf.name, "a data page holds more values than the column chunk declares") }
                var defined = [Bool](repeating: true, count: n)
                var present = n
                if leaf.optional {
                    let d = try rleHybrid(levels, bitWidth: 1, count: n, column: leaf.name)
                    present = 0
                    for i in 0..<n {
                        defined[i] = d[i] == 1
                        if defined[i] { present += 1 }
                    }
                }
                let decoded = try decode(values, encoding: encoding, count: present, leaf: leaf, dictionary: dictionary)
                guard decoded.count == present else { throw fail(leaf.name, "a data page decodes to \(decoded.count) of \(present) values") }
                var v = 0
                switch decoded {
                case .numbers(let xs):
                    for i in 0..<n {
                        if defined[i] {
                            numbers.append(xs[v])
                            v += 1
                        } else {
                            numbers.append(.nan)
                            nulls += 1
                            if firstNull == nil { firstNull = base + got + i }
                        }
                    }
                case .strings(let xs):
                    for i in 0..<n {
                        if defined[i] {
                            strings.append(xs[v])
                            v += 1
                        } else {
                            strings.append("")
                            nulls += 1
                            if firstNull == nil { firstNull = base + got + i }
                        }
                    }
                }
                got += n
            default:
                continue // index pages and others carry no values
            }
        }
    }

    private func decompress(_ payload: ArraySlice<UInt8>, codec: Int64, size: Int, column: String) throws -> ArraySlice<UInt8> {
        switch codec {
        case 0:
            guard payload.count == size else { throw fail(column, "an uncompressed page holds \(payload.count) bytes, its header says \(size)") }
            return payload
        case 1:
            do { return try Snappy.decompress(payload, expected: size)[...] } catch let e as Snappy.Failure {
                throw fail(column, e.description)
            }
        case 2:
            return try gunzip(payload, size: size, column: column)[...]
        default:
            let names: [Int64: String] = [3: "LZO", 4: "BROTLI", 5: "LZ4", 6: "ZSTD", 7: "LZ4_RAW"]
            throw DataError(
                .malformedFile, "column '\(column)' is compressed with \(names[codec] ?? "codec \(codec)"), which Yuheng does not read", file: file,
                suggestion:
                    "write the tables with compression 'snappy' (pandas' default), 'gzip' or none: df.to_parquet(path, compression='snappy')")
        }
    }

    /// GZIP (RFC 1952; a zlib stream is accepted too) through ZIPFoundation's inflater.
    private func gunzip(_ payload: ArraySlice<UInt8>, size: Int, column: String) throws -> [UInt8] {
        let b = Array(payload)
        var p = 0
        var trailer = 0
        if b.count >= 18, b[0] == 0x1f, b[1] == 0x8b {
            let flags = b[3]
            p = 10
            if flags & 4 != 0 {
                guard b.count > p + 2 else { throw fail(column, "a GZIP page header is cut off") }
                p += 2 + (Int(b[p]) | Int(b[p + 1]) << 8)
            }
            for bit in [UInt8(8), 16] where flags & bit != 0 {
                while p < b.count && b[p] != 0 { p += 1 }
                p += 1
            }
            if flags & 2 != 0 { p += 2 }
            trailer = 8
        } else if b.count >= 6, b[0] & 0x0f == 8, (Int(b[0]) << 8 | Int(b[1])) % 31 == 0 {
            p = 2
            trailer = 4
        } else {
            throw fail(column, "a GZIP page does not begin with a GZIP header")
        }
        guard p <= b.count - trailer else { throw fail(column, "a GZIP page header is cut off") }
        let deflate = Data(b[p..<(b.count - trailer)])
        var out = Data()
        out.reserveCapacity(size)
        do {
            _ = try Data.decompress(
                size: Int64(deflate.count), bufferSize: 1 << 16, skipCRC32: true,
                provider: { position, n in deflate.subdata(in: Int(position)..<min(deflate.count, Int(position) + n)) },
                consumer: { chunk in
                    guard out.count + chunk.count <= size else { throw Snappy.Failure(description: "it inflates to more than \(size) bytes") }
                    out.append(chunk)
                })
        } catch {
            throw fail(column, "a GZIP page cannot be inflated (\(error))")
        }
        guard out.count == size else { throw fail(column, "a GZIP page inflates to \(out.count) bytes, its header says \(size)") }
        return [UInt8](out)
    }

    // MARK: Encodings

    private func decode(_ data: ArraySlice<UInt8>, encoding: Int64, count: Int, leaf: Leaf, dictionary: ParquetColumn.Values?) throws
        -> ParquetColumn.Values
    {
        switch encoding {
        case 0:
            return try plain(data, count: count, leaf: leaf)
        case 2, 8:
            guard let dictionary else { throw fail(leaf.name, "a dictionary-encoded page comes without a dictionary page") }
            guard count > 0 else { return empty(leaf) }
            guard let width = data.first else { throw fail(leaf.name, "a dictionary-encoded page is empty") }
            let idx = try rleHybrid(data.dropFirst(), bitWidth: Int(width), count: count, column: leaf.name)
            let size = dictionary.count
            for i in idx where Int(i) >= size {
                throw fail(leaf.name, "a dictionary index (\(i)) is beyond the dictionary's \(size) values")
            }
            switch dictionary {
            case .numbers(let d): return .numbers(idx.map { d[Int($0)] })
            case .strings(let d): return .strings(idx.map { d[Int($0)] })
            }
        case 9:
            let width = leaf.type == .double || leaf.type == .int64 ? 8 : leaf.type == .float || leaf.type == .int32 ? 4 : 0
            guard width > 0 else { throw fail(leaf.name, "BYTE_STREAM_SPLIT is used for a \(leaf.type) column") }
            guard data.count >= width * count else { throw fail(leaf.name, "a page holds fewer bytes than its \(count) values need") }
            var interleaved = [UInt8](repeating: 0, count: width * count)
            let s = data.startIndex
            for i in 0..<count { for b in 0..<width { interleaved[i * width + b] = data[s + b * count + i] } }
            return try plain(interleaved[...], count: count, leaf: leaf)
        default:
            let names: [Int64: String] = [5: "DELTA_BINARY_PACKED", 6: "DELTA_LENGTH_BYTE_ARRAY", 7: "DELTA_BYTE_ARRAY", 3: "RLE", 4: "BIT_PACKED"]
            throw DataError(
                .malformedFile, "column '\(leaf.name)' uses the \(names[encoding] ?? "encoding \(encoding)") encoding, which Yuheng does not read",
                file: file, suggestion: "write the table with pandas' defaults (df.to_parquet(path)): dictionary and PLAIN encodings")
        }
    }

    private func empty(_ leaf: Leaf) -> ParquetColumn.Values {
        leaf.isText ? .strings([]) : .numbers([])
    }

    /// PLAIN-encoded values.
    private func plain(_ data: ArraySlice<UInt8>, count: Int, leaf: Leaf) throws -> ParquetColumn.Values {
        let short = fail(leaf.name, "a page holds fewer bytes than its \(count) values need (truncated or damaged)")
        func fixed(_ width: Int, _ read: (UnsafeRawBufferPointer, Int) -> Double) throws -> ParquetColumn.Values {
            guard data.count >= width * count else { throw short }
            return .numbers(data.withUnsafeBytes { raw in (0..<count).map { read(raw, $0 * width) } })
        }
        switch leaf.type {
        case .double:
            return try fixed(8) { Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: $1, as: UInt64.self))) }
        case .float:
            return try fixed(4) { Double(Float(bitPattern: UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: $1, as: UInt32.self)))) }
        case .int32:
            return try fixed(4) { Double(Int32(littleEndian: $0.loadUnaligned(fromByteOffset: $1, as: Int32.self))) }
        case .int64:
            return try fixed(8) { Double(Int64(littleEndian: $0.loadUnaligned(fromByteOffset: $1, as: Int64.self))) }
        case .boolean:
            guard data.count * 8 >= count else { throw short }
            let s = data.startIndex
            return .numbers((0..<count).map { i in (data[s + i / 8] >> UInt8(i % 8)) & 1 == 1 ? 1 : 0 })
        case .byteArray:
            var out: [String] = []
            out.reserveCapacity(count)
            var p = data.startIndex
            for _ in 0..<count {
                guard data.endIndex - p >= 4 else { throw short }
                let len = Int(data[p]) | Int(data[p + 1]) << 8 | Int(data[p + 2]) << 16 | Int(data[p + 3]) << 24
                p += 4
                guard len <= data.endIndex - p else { throw short }
                out.append(String(decoding: data[p..<(p + len)], as: UTF8.self))
                p += len
            }
            return .strings(out)
        case .fixedLenByteArray:
            let w = leaf.typeLength
            guard w > 0, data.count >= w * count else { throw short }
            let s = data.startIndex
            return .strings((0..<count).map { i in String(decoding: data[(s + i * w)..<(s + (i + 1) * w)], as: UTF8.self) })
        case .int96:
            throw fail(leaf.name, "INT96 values are not read")
        }
    }

    /// Parquet's RLE / bit-packing hybrid (definition levels and dictionary indices).
    private func rleHybrid(_ data: ArraySlice<UInt8>, bitWidth: Int, count: Int, column: String) throws -> [UInt32] {
        guard bitWidth <= 32 else { throw fail(column, "a bit width of \(bitWidth) is not valid") }
        var out: [UInt32] = []
        out.reserveCapacity(count)
        var p = data.startIndex
        let end = data.endIndex
        let byteWidth = (bitWidth + 7) / 8
        let mask: UInt64 = bitWidth == 32 ? 0xffff_ffff : (1 << UInt64(bitWidth)) - 1
        while out.count < count {
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard p < end, shift < 64 else {
                    throw fail(column, "levels or indices end after \(out.count) of \(count) values (truncated or damaged)")
                }
                let b = data[p]
                p += 1
                header |= UInt64(b & 0x7f) << shift
                if b & 0x80 == 0 { break }
                shift += 7
            }
            if header & 1 == 0 {
                let run = Int(min(header >> 1, UInt64(count - out.count)))
                guard end - p >= byteWidth else { throw fail(column, "a run's value is cut off") }
                var v: UInt32 = 0
                for k in 0..<byteWidth { v |= UInt32(data[p + k]) << (8 * UInt32(k)) }
                p += byteWidth
                out.append(contentsOf: repeatElement(v, count: run))
            } else {
                let groups = Int(min(header >> 1, UInt64(Int.max / 8 / max(bitWidth, 1))))
                let values = groups * 8
                let bytesNeeded = groups * bitWidth
                let available = min(bytesNeeded, end - p)
                let take = min(values, count - out.count)
                guard available * 8 >= take * bitWidth else { throw fail(column, "a bit-packed run is cut off") }
                var bit = 0
                for _ in 0..<take {
                    var v: UInt64 = 0
                    var got = 0
                    while got < bitWidth {
                        let byte = UInt64(data[p + (bit >> 3)])
                        let off = bit & 7
                        let n = min(8 - off, bitWidth - got)
                        v |= ((byte >> UInt64(off)) & ((1 << UInt64(n)) - 1)) << UInt64(got)
                        got += n
                        bit += n
                    }
                    out.append(UInt32(v & mask))
                }
                p += available
            }
        }
        return out
    }
}
