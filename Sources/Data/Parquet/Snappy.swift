/// Snappy decompression (the raw block format, without framing), the default compression of
/// Parquet files written by pyarrow and so by pandas and pymrio.
///
/// Every length and copy offset is checked: a damaged block is an error, never a read outside the
/// input or the output.
enum Snappy {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Decompresses `input`, which must expand to exactly `expected` bytes (the size the page header declares).
    static func decompress(_ input: ArraySlice<UInt8>, expected: Int) throws -> [UInt8] {
        var p = input.startIndex
        let end = input.endIndex
        func fail(_ s: String) -> Failure { Failure(description: "a Snappy block is damaged: \(s)") }
        // Preamble: the uncompressed length as a varint.
        var declared = 0
        var shift = 0
        while true {
            guard p < end, shift < 35 else { throw fail("its length header is cut off") }
            let b = input[p]
            p += 1
            declared |= Int(b & 0x7f) << shift
            if b & 0x80 == 0 { break }
            shift += 7
        }
        guard declared == expected else { throw fail("it declares \(declared) bytes, the page \(expected)") }
        var out = [UInt8](repeating: 0, count: declared)
        var o = 0
        try out.withUnsafeMutableBufferPointer { dst in
            while p < end {
                let tag = input[p]
                p += 1
                switch tag & 3 {
                case 0: // literal
                    var len = Int(tag >> 2)
                    if len >= 60 {
                        let extra = len - 59
                        guard end - p >= extra else { throw fail("a literal's length is cut off") }
                        len = 0
                        for k in 0..<extra { len |= Int(input[p + k]) << (8 * k) }
                        p += extra
                    }
                    len += 1
                    guard end - p >= len, declared - o >= len else { throw fail("a literal runs past the end") }
                    for k in 0..<len { dst[o + k] = input[p + k] }
                    p += len
                    o += len
                default:
                    let len: Int
                    let offset: Int
                    switch tag & 3 {
                    case 1:
                        guard p < end else { throw fail("a copy is cut off") }
                        len = 4 + Int((tag >> 2) & 7)
                        offset = (Int(tag >> 5) << 8) | Int(input[p])
                        p += 1
                    case 2:
                        guard end - p >= 2 else { throw fail("a copy is cut off") }
                        len = 1 + Int(tag >> 2)
                        offset = Int(input[p]) | Int(input[p + 1]) << 8
                        p += 2
                    default:
                        guard end - p >= 4 else { throw fail("a copy is cut off") }
                        len = 1 + Int(tag >> 2)
                        offset = Int(input[p]) | Int(input[p + 1]) << 8 | Int(input[p + 2]) << 16 | Int(input[p + 3]) << 24
                        p += 4
                    }
                    guard offset > 0, offset <= o else { throw fail("a copy refers to data before the start") }
                    guard declared - o >= len else { throw fail("a copy runs past the end") }
                    // Byte by byte: a copy may overlap its own output (runs).
                    for k in 0..<len { dst[o + k] = dst[o - offset + k] }
                    o += len
                }
            }
        }
        guard o == declared else { throw fail("it yields \(o) of its \(declared) bytes") }
        return out
    }
}
