import Foundation

/// A value of Thrift's compact protocol, the encoding of Parquet's file and page metadata.
///
/// Only what Parquet's metadata uses is kept; every value is decoded (unknown fields too, so that
/// they can be skipped) with the nesting depth and every length checked against the bytes left.
indirect enum ThriftValue {
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case binary([UInt8])
    case list([ThriftValue])
    case map([(ThriftValue, ThriftValue)])
    case structure(ThriftStruct)
}

/// A Thrift struct: field id → value (a list: Parquet's structs have a handful of fields, and a
/// footer holds one per column chunk — tens of thousands for an MRIO table).
struct ThriftStruct {
    var entries: [(id: Int16, value: ThriftValue)] = []

    subscript(_ id: Int16) -> ThriftValue? { entries.last { $0.id == id }?.value }

    func int(_ id: Int16) -> Int64? { if case .int(let v) = self[id] { v } else { nil } }
    func bool(_ id: Int16) -> Bool? { if case .bool(let v) = self[id] { v } else { nil } }
    func string(_ id: Int16) -> String? { if case .binary(let b) = self[id] { String(decoding: b, as: UTF8.self) } else { nil } }
    func structure(_ id: Int16) -> ThriftStruct? { if case .structure(let s) = self[id] { s } else { nil } }
    func list(_ id: Int16) -> [ThriftValue]? { if case .list(let l) = self[id] { l } else { nil } }
    func structs(_ id: Int16) -> [ThriftStruct] {
        (list(id) ?? []).compactMap { if case .structure(let s) = $0 { s } else { nil } }
    }
    func ints(_ id: Int16) -> [Int64] { (list(id) ?? []).compactMap { if case .int(let v) = $0 { v } else { nil } } }
    func strings(_ id: Int16) -> [String] {
        (list(id) ?? []).compactMap { if case .binary(let b) = $0 { String(decoding: b, as: UTF8.self) } else { nil } }
    }
}

/// Why Thrift bytes could not be decoded (the caller names the file).
struct ThriftError: Error, CustomStringConvertible {
    var description: String
}

/// Decodes Thrift compact-protocol structs from `bytes[position..<end]`.
struct ThriftCompactReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int
    private var depth = 0
    static let maxDepth = 32

    init(_ bytes: [UInt8], from start: Int, to end: Int) {
        self.bytes = bytes
        self.position = start
        self.end = min(end, bytes.count)
    }

    private mutating func byte() throws -> UInt8 {
        guard position < end else { throw ThriftError(description: "the metadata ends in the middle of a value (a truncated file)") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw ThriftError(description: "a variable-length integer is longer than 10 bytes") }
        }
    }

    private mutating func zigzag() throws -> Int64 {
        let n = try varint()
        return Int64(bitPattern: (n >> 1) ^ (0 &- (n & 1)))
    }

    private mutating func length() throws -> Int {
        let n = try varint()
        guard n <= UInt64(end - position) else {
            throw ThriftError(description: "a length of \(n) runs past the end of the metadata (a truncated or damaged file)")
        }
        return Int(n)
    }

    /// Reads one struct (up to its stop field).
    mutating func readStruct() throws -> ThriftStruct {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw ThriftError(description: "the metadata nests deeper than \(Self.maxDepth) levels") }
        var s = ThriftStruct()
        var last: Int16 = 0
        while true {
            let header = try byte()
            if header == 0 { return s }
            let type = header & 0x0f
            let delta = Int16(header >> 4)
            let id: Int16
            if delta != 0 {
                id = last &+ delta
            } else {
                let v = try zigzag()
                guard let i = Int16(exactly: v) else { throw ThriftError(description: "field id \(v) is out of range") }
                id = i
            }
            last = id
            s.entries.append((id, try value(type: type, inList: false)))
        }
    }

    private mutating func value(type: UInt8, inList: Bool) throws -> ThriftValue {
        switch type {
        case 1: return .bool(inList ? (try byte()) == 1 : true)
        case 2: return .bool(inList ? (try byte()) == 1 : false)
        case 3: return .int(Int64(Int8(bitPattern: try byte())))
        case 4, 5, 6: return .int(try zigzag())
        case 7:
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(try byte()) << (8 * UInt64(k)) }
            return .double(Double(bitPattern: bits))
        case 8:
            let n = try length()
            defer { position += n }
            return .binary(Array(bytes[position..<position + n]))
        case 9, 10:
            let h = try byte()
            var n = Int(h >> 4)
            if n == 15 { n = try length() }
            guard n <= end - position else { throw ThriftError(description: "a list of \(n) elements runs past the end of the metadata") }
            let et = h & 0x0f
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { throw ThriftError(description: "the metadata nests deeper than \(Self.maxDepth) levels") }
            var out: [ThriftValue] = []
            out.reserveCapacity(n)
            for _ in 0..<n { out.append(try value(type: et, inList: true)) }
            return .list(out)
        case 11:
            let n = try length()
            var out: [(ThriftValue, ThriftValue)] = []
            if n > 0 {
                let kv = try byte()
                depth += 1
                defer { depth -= 1 }
                guard depth <= Self.maxDepth else { throw ThriftError(description: "the metadata nests deeper than \(Self.maxDepth) levels") }
                for _ in 0..<n { out.append((try value(type: kv >> 4, inList: true), try value(type: kv & 0x0f, inList: true))) }
            }
            return .map(out)
        case 12: return .structure(try readStruct())
        default: throw ThriftError(description: "unknown Thrift type \(type) (not Parquet metadata, or a damaged file)")
        }
    }
}
