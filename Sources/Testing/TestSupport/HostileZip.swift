import Foundation
import ZIPFoundation

/// Zip archives written byte by byte, so that their headers can say anything: the importers must
/// not trust them. Enough of the format for the tests: stored and deflate entries, sizes declared
/// in the central directory as 32-bit values or in a ZIP64 extra field (2⁶⁴ − 1 if wanted),
/// entries that point at another entry's bytes.
///
/// ```swift
/// var bomb = try HostileZip.deflatedFill("processes/p.json", count: 50 << 20)
/// bomb.uncompressedSize = 1000          // a header that lies
/// let url = try HostileZip(entries: [bomb]).write(to: tmp.sub("liar.zip"))
/// ```
public struct HostileZip: Sendable {
    /// One entry, with what its headers declare (which need not be true).
    public struct Entry: Sendable {
        /// The path inside the archive.
        public var name: String
        /// The bytes stored in the archive (deflate data for method 8).
        public var payload: Data
        /// 0 (stored) or 8 (deflate).
        public var method: UInt16
        /// The CRC-32 the headers declare.
        public var crc: UInt32
        /// What the central directory declares.
        public var uncompressedSize: UInt64
        /// The compressed size the headers declare (need not match `payload`).
        public var compressedSize: UInt64
        /// Points this entry at the local header of entry `sharesBytesWith` (overlapping entries).
        public var sharesBytesWith: Int? = nil

        /// An entry declaring exactly what is given.
        public init(
            name: String, payload: Data, method: UInt16, crc: UInt32, uncompressedSize: UInt64, compressedSize: UInt64, sharesBytesWith: Int? = nil
        ) {
            self.name = name
            self.payload = payload
            self.method = method
            self.crc = crc
            self.uncompressedSize = uncompressedSize
            self.compressedSize = compressedSize
            self.sharesBytesWith = sharesBytesWith
        }
    }

    /// The entries, in archive order.
    public var entries: [Entry] = []

    /// An archive of `entries`.
    public init(entries: [Entry] = []) { self.entries = entries }

    /// A stored (uncompressed) entry whose headers tell the truth.
    public static func stored(_ name: String, _ content: Data) -> Entry {
        Entry(
            name: name, payload: content, method: 0, crc: content.crc32(checksum: 0), uncompressedSize: UInt64(content.count),
            compressedSize: UInt64(content.count))
    }

    /// A stored entry of UTF-8 text.
    public static func stored(_ name: String, _ text: String) -> Entry { stored(name, Data(text.utf8)) }

    /// A deflated entry whose headers tell the truth.
    public static func deflated(_ name: String, _ content: Data) throws -> Entry {
        var out = Data()
        let crc = try Data.compress(
            size: Int64(content.count), bufferSize: 1 << 16,
            provider: { pos, n in content.subdata(in: Int(pos)..<(Int(pos) + n)) }, consumer: { out.append($0) })
        return Entry(name: name, payload: out, method: 8, crc: crc, uncompressedSize: UInt64(content.count), compressedSize: UInt64(out.count))
    }

    /// `count` bytes of `byte`, deflated (about 1,000 : 1) without holding them in memory: a zip bomb
    /// whose header tells the truth.
    public static func deflatedFill(_ name: String, count: Int, byte: UInt8 = UInt8(ascii: "0")) throws -> Entry {
        let chunk = Data(repeating: byte, count: 1 << 20)
        var out = Data()
        let crc = try Data.compress(
            size: Int64(count), bufferSize: 1 << 20,
            provider: { _, n in n == chunk.count ? chunk : chunk.prefix(n) }, consumer: { out.append($0) })
        return Entry(name: name, payload: out, method: 8, crc: crc, uncompressedSize: UInt64(count), compressedSize: UInt64(out.count))
    }

    private static func le16(_ v: UInt16) -> Data { withUnsafeBytes(of: v.littleEndian) { Data($0) } }
    private static func le32(_ v: UInt32) -> Data { withUnsafeBytes(of: v.littleEndian) { Data($0) } }
    private static func le64(_ v: UInt64) -> Data { withUnsafeBytes(of: v.littleEndian) { Data($0) } }
    private static func clip(_ v: UInt64) -> UInt32 { v >= 0xFFFF_FFFF ? 0xFFFF_FFFF : UInt32(v) }

    /// The archive's bytes: local headers and data, the central directory, the end record.
    public var bytes: Data {
        var out = Data()
        var offsets: [UInt64] = []
        for e in entries {
            if let j = e.sharesBytesWith { offsets.append(offsets[j]); continue }
            offsets.append(UInt64(out.count))
            let name = Data(e.name.utf8)
            out += Self.le32(0x0403_4B50) + Self.le16(20) + Self.le16(0) + Self.le16(e.method) + Self.le16(0) + Self.le16(0x21)
            out += Self.le32(e.crc) + Self.le32(UInt32(e.payload.count)) + Self.le32(Self.clip(e.uncompressedSize))
            out += Self.le16(UInt16(name.count)) + Self.le16(0) + name + e.payload
        }
        let cdStart = out.count
        for (e, offset) in zip(entries, offsets) {
            let name = Data(e.name.utf8)
            var zip64 = Data()
            if e.uncompressedSize >= 0xFFFF_FFFF { zip64 += Self.le64(e.uncompressedSize) }
            if e.compressedSize >= 0xFFFF_FFFF { zip64 += Self.le64(e.compressedSize) }
            let extra = zip64.isEmpty ? Data() : Self.le16(1) + Self.le16(UInt16(zip64.count)) + zip64
            let version: UInt16 = zip64.isEmpty ? 20 : 45
            out +=
                Self.le32(0x0201_4B50) + Self.le16(version) + Self.le16(version) + Self.le16(0) + Self.le16(e.method) + Self.le16(0) + Self.le16(0x21)
            out += Self.le32(e.crc) + Self.le32(Self.clip(e.compressedSize)) + Self.le32(Self.clip(e.uncompressedSize))
            out += Self.le16(UInt16(name.count)) + Self.le16(UInt16(extra.count)) + Self.le16(0) + Self.le16(0) + Self.le16(0) + Self.le32(0)
            out += Self.le32(UInt32(offset)) + name + extra
        }
        let cdSize = out.count - cdStart
        out += Self.le32(0x0605_4B50) + Self.le16(0) + Self.le16(0) + Self.le16(UInt16(entries.count)) + Self.le16(UInt16(entries.count))
        out += Self.le32(UInt32(cdSize)) + Self.le32(UInt32(cdStart)) + Self.le16(0)
        return out
    }

    /// Writes the archive (creating its folder) and returns `url`.
    @discardableResult
    public func write(to url: URL) throws -> URL {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: url)
        return url
    }
}
