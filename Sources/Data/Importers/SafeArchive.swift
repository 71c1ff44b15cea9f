import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import ZIPFoundation

/// A zip archive read without trusting its headers: the one way the importers (openLCA JSON-LD,
/// EXIOBASE 3 archives) read zip files.
///
/// Before anything is decompressed, the central directory is parsed with checked arithmetic and
/// every entry is checked against the archive's real size: its local header and data must lie
/// inside the file, before the central directory, without overlapping another entry's (a known
/// zip-bomb construction); its declared uncompressed size, and the sum over all entries, must fit
/// the decompression budget of ``ImportLimits`` (20 × the archive's size, at least 64 MiB, at most
/// 16 GiB by default). Entries are then streamed in chunks: decompression stops with an error as
/// soon as an entry yields more than it declared or the archive more than its budget, and the
/// CRC-32 is checked. Encrypted entries, split archives and compression methods other than stored
/// and deflate are refused with a message that says so. Nothing is extracted to disk.
///
/// ```swift
/// let zip = try SafeArchive(path: "IOT_2011_ixi.zip")
/// let a = try #require(zip.entry("IOT_2011_ixi/A.txt"))
/// try zip.stream(a) { chunk in try parser.feed(chunk) }
/// let json = try zip.data(zip.entry("processes/p1.json")!)   // ≤ ImportLimits.maxFileBytes
/// ```
///
/// Errors are ``DataError``s (`.malformedFile` for a damaged or hostile archive, `.tooLarge` for a
/// limit) whose `file` is the archive, or `archive.zip!/entry` for one entry.
public final class SafeArchive {
    /// One file or folder of the archive, as its central directory declares it.
    public struct Entry: Sendable, Hashable {
        /// The path inside the archive ("IOT_2011_ixi/A.txt"); folders end with "/".
        public let path: String
        /// Size of the entry's data in the archive, bytes.
        public let compressedSize: UInt64
        /// As declared by the central directory; reading yields exactly this many bytes or fails.
        public let uncompressedSize: UInt64
        /// CRC-32 of the uncompressed content, checked when the entry is read.
        public let crc32: UInt32
        /// 0 stored, 8 deflate.
        let method: UInt16
        let localHeaderOffset: UInt64
        let dataOffset: UInt64

        /// Whether the entry is a folder (its path ends with "/").
        public var isDirectory: Bool { path.hasSuffix("/") }
    }

    /// The archive's path.
    public let path: String
    /// The archive's size in bytes.
    public let archiveBytes: UInt64
    /// How many bytes may be decompressed from this archive in all.
    public let budget: UInt64
    /// Bytes decompressed so far.
    public private(set) var decompressed: UInt64 = 0
    /// Every entry, in the order of the central directory.
    public let entries: [Entry]
    /// The limits the archive is read under.
    public let limits: ImportLimits

    private let fd: Int32
    private let byPath: [String: Int]

    /// Opens the zip archive at `path` and reads its central directory (ZIP64 included) under `limits` (default: ``ImportLimits/current()``).
    ///
    /// Throws ``DataError`` `.cannotOpen` when the file cannot be opened, `.malformedFile` for a damaged, split or hostile
    /// archive (entries outside the file or overlapping), `.tooLarge` when the directory or the declared sizes exceed the limits.
    public init(path: String, limits: ImportLimits? = nil) throws {
        let limits = try limits ?? ImportLimits.current()
        self.path = path
        self.limits = limits
        let (fd, size) = try SafeFile.openRegular(path)
        self.fd = fd
        self.archiveBytes = size
        self.budget = limits.decompressedBudget(archiveBytes: size)
        do {
            entries = try Self.readDirectory(fd: fd, size: size, path: path, limits: limits, budget: budget)
        } catch {
            close(fd)
            throw error
        }
        var map: [String: Int] = [:]
        for (i, e) in entries.enumerated() where !e.isDirectory { map[e.path] = i }
        byPath = map
    }

    deinit { close(fd) }

    /// The file entry at `path` (exactly as stored), if any.
    public func entry(_ path: String) -> Entry? { byPath[path].map { entries[$0] } }

    /// The file entries (not folders).
    public var files: [Entry] { entries.filter { !$0.isDirectory } }

    /// `archive.zip!/entry` for messages.
    public func name(_ entry: Entry) -> String { "\(path)!/\(entry.path)" }

    // MARK: Reading entries

    /// Streams the decompressed bytes of `entry` to `body` in chunks of at most `chunkSize` bytes.
    /// Errors thrown by `body` are passed on unchanged.
    public func stream(_ entry: Entry, chunkSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !entry.isDirectory else {
            throw DataError(.malformedFile, "is a folder, not a file", file: name(entry))
        }
        let remaining = budget - min(budget, decompressed)
        guard entry.uncompressedSize <= remaining else {
            throw DataError(
                .tooLarge,
                "would decompress to \(ImportLimits.describe(entry.uncompressedSize)), more than the \(ImportLimits.describe(remaining)) left of this archive's budget of \(ImportLimits.describe(budget))",
                file: name(entry),
                suggestion: Self.advice(
                    needed: min(decompressed, budget).addingReportingOverflow(entry.uncompressedSize).overflow
                        ? .max : min(decompressed, budget) + entry.uncompressedSize,
                    archiveBytes: archiveBytes, limits: limits))
        }
        if entry.uncompressedSize == 0 && entry.compressedSize == 0 { return }
        var produced: UInt64 = 0
        var crc: UInt32 = 0
        let declared = entry.uncompressedSize
        var passThrough: (any Error)? = nil
        // Counts and checks every chunk before `body` sees it.
        func deliver(_ data: Data) throws {
            let n = UInt64(data.count)
            guard n <= declared - produced else {
                throw DataError(
                    .malformedFile,
                    "decompresses to more than the \(ImportLimits.describe(declared)) its header declares (a damaged archive, or a zip bomb); reading stopped",
                    file: name(entry),
                    suggestion: "download or export the archive again")
            }
            produced += n
            decompressed += n
            guard n > 0 else { return }
            do { try data.withUnsafeBytes { try body($0) } } catch {
                passThrough = error
                throw error
            }
        }
        switch entry.method {
        case 0:
            var offset: UInt64 = 0
            while offset < entry.compressedSize {
                let n = Int(min(UInt64(chunkSize), entry.compressedSize - offset))
                let chunk = try readAt(entry.dataOffset + offset, count: n, what: name(entry))
                crc = chunk.crc32(checksum: crc)
                try deliver(chunk)
                offset += UInt64(n)
            }
        case 8:
            var consumed: UInt64 = 0
            let csize = entry.compressedSize
            let entryName = name(entry)
            do {
                crc = try Data.decompress(
                    size: Int64(csize), bufferSize: chunkSize, skipCRC32: false,
                    provider: { _, wanted in
                        guard consumed < csize else {
                            throw DataError(
                                .malformedFile, "its compressed data ends before the deflate stream does (a damaged or truncated archive)",
                                file: entryName,
                                suggestion: "download or export the archive again")
                        }
                        let n = Int(min(UInt64(wanted), csize - consumed))
                        var chunk = try self.readAt(entry.dataOffset + consumed, count: n, what: entryName)
                        consumed += UInt64(n)
                        // Exactly the size asked for: the inflater is told `wanted` bytes are there. Zeros past
                        // the entry's end are not valid deflate data, so a stream that runs on fails.
                        if n < wanted { chunk.append(Data(count: wanted - n)) }
                        return chunk
                    }, consumer: { try deliver($0) })
            } catch {
                if let p = passThrough { throw p }
                if let e = error as? DataError { throw e }
                throw DataError(
                    .malformedFile, "cannot be decompressed (the deflate data is corrupt: \(error)): the archive is damaged", file: entryName,
                    suggestion: "download or export the archive again")
            }
        default:
            throw DataError(
                .malformedFile,
                "uses compression method \(entry.method) (\(Self.methodName(entry.method))); only stored and deflate entries are read",
                file: name(entry),
                suggestion: "unzip the archive and zip it again with standard deflate compression (zip -r)")
        }
        guard produced == declared else {
            throw DataError(
                .malformedFile,
                "decompresses to \(ImportLimits.describe(produced)), but its header declares \(ImportLimits.describe(declared)) (a damaged archive)",
                file: name(entry),
                suggestion: "download or export the archive again")
        }
        guard crc == entry.crc32 else {
            throw DataError(
                .malformedFile, "the CRC-32 of the decompressed entry does not match the archive (a damaged file)", file: name(entry),
                suggestion: "download or export the archive again")
        }
    }

    /// The whole decompressed entry, at most ``ImportLimits/maxFileBytes``.
    public func data(_ entry: Entry) throws -> Data {
        guard entry.uncompressedSize <= limits.maxFileBytes else {
            throw DataError(
                .tooLarge,
                "is \(ImportLimits.describe(entry.uncompressedSize)) uncompressed; files read whole are limited to \(ImportLimits.describe(limits.maxFileBytes))",
                file: name(entry),
                suggestion: "check that this is the right archive; to allow larger files set \(ImportLimits.Variable.maxFileBytes.rawValue) (e.g. 4G)"
            )
        }
        var out = Data()
        out.reserveCapacity(Int(min(entry.uncompressedSize, 256 << 20))) // grows past this only as real bytes arrive
        try stream(entry) { out.append($0.bindMemory(to: UInt8.self)) }
        return out
    }

    /// What to do when an archive needs `needed` bytes: which variable to raise, and to what; for
    /// sizes no genuine archive has, only that the archive is damaged or crafted.
    static func advice(needed: UInt64, archiveBytes: UInt64, limits: ImportLimits) -> String {
        if needed > 1 << 50 {
            return
                "no genuine archive expands to \(ImportLimits.describe(needed)): the archive is damaged or crafted (a zip bomb); download or export it again"
        }
        var raise: [String] = []
        if needed > limits.maxDecompressedBytes {
            raise.append("\(ImportLimits.Variable.maxDecompressedBytes.rawValue)=\((needed >> 30) + 1)G")
        }
        let (byRatio, overflow) = archiveBytes.multipliedReportingOverflow(by: limits.maxCompressionRatio)
        if needed > ImportLimits.minimumDecompressedBudget, !overflow, needed > byRatio, archiveBytes > 0 {
            raise.append("\(ImportLimits.Variable.maxCompressionRatio.rawValue)=\(needed / archiveBytes + 1)")
        }
        let how = raise.isEmpty ? "" : "; if it is genuine, allow it with \(raise.joined(separator: " and "))"
        return
            "an archive is read up to \(limits.maxCompressionRatio) × its size (at least \(ImportLimits.describe(ImportLimits.minimumDecompressedBudget)), at most \(ImportLimits.describe(limits.maxDecompressedBytes))): this one is damaged or a zip bomb\(how)"
    }

    static func methodName(_ m: UInt16) -> String {
        switch m {
        case 9: "deflate64"
        case 12: "bzip2"
        case 14: "LZMA"
        case 93: "Zstandard"
        case 95: "XZ"
        case 99: "AES encryption"
        default: "not supported"
        }
    }

    // MARK: Central directory

    private func readAt(_ offset: UInt64, count: Int, what: String) throws -> Data {
        try Self.readAt(fd: fd, offset, count: count, path: what)
    }

    private static func readAt(fd: Int32, _ offset: UInt64, count: Int, path: String) throws -> Data {
        var out = Data(count: count)
        var done = 0
        try out.withUnsafeMutableBytes { (buf: UnsafeMutableRawBufferPointer) in
            while done < count {
                let n = pread(fd, buf.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw DataError(.cannotOpen, "read error (\(String(cString: strerror(errno))))", file: path)
                }
                if n == 0 { break }
                done += n
            }
        }
        guard done == count else {
            throw DataError(
                .malformedFile, "the archive ends early (truncated or damaged)", file: path, suggestion: "download or export the archive again")
        }
        return out
    }

    private static func u16(_ d: Data, _ at: Int) -> UInt16 { UInt16(d[d.startIndex + at]) | UInt16(d[d.startIndex + at + 1]) << 8 }
    private static func u32(_ d: Data, _ at: Int) -> UInt32 { UInt32(u16(d, at)) | UInt32(u16(d, at + 2)) << 16 }
    private static func u64(_ d: Data, _ at: Int) -> UInt64 { UInt64(u32(d, at)) | UInt64(u32(d, at + 4)) << 32 }

    private static func readDirectory(fd: Int32, size: UInt64, path: String, limits: ImportLimits, budget: UInt64) throws -> [Entry] {
        func bad(_ message: String, entry: String? = nil) -> DataError {
            DataError(
                .malformedFile, message, file: entry.map { "\(path)!/\($0)" } ?? path,
                suggestion: "this is not a valid zip archive (damaged, truncated or crafted); download or export it again")
        }
        guard size >= 22 else { throw bad("is not a zip archive: \(size) bytes is too short for one") }
        // End of central directory record: the last "PK\5\6" whose comment fits in the file.
        let tailCount = Int(min(size, 22 + 65_535))
        let tailStart = size - UInt64(tailCount)
        let tail = try readAt(fd: fd, tailStart, count: tailCount, path: path)
        var eocd: Int? = nil
        var i = tailCount - 22
        while i >= 0 {
            if tail[i] == 0x50, tail[i + 1] == 0x4B, tail[i + 2] == 0x05, tail[i + 3] == 0x06, i + 22 + Int(u16(tail, i + 20)) <= tailCount {
                eocd = i
                break
            }
            i -= 1
        }
        guard let e = eocd else { throw bad("is not a zip archive (no end-of-central-directory record)") }
        let eocdOffset = tailStart + UInt64(e)
        guard u16(tail, e + 4) == 0, u16(tail, e + 6) == 0 else {
            throw DataError(
                .malformedFile, "is one part of a split (multi-volume) zip archive, which is not read", file: path,
                suggestion: "join the parts into one archive (zip -s 0 in.zip --out whole.zip)")
        }
        var count = UInt64(u16(tail, e + 10))
        var cdSize = UInt64(u32(tail, e + 12))
        var cdOffset = UInt64(u32(tail, e + 16))
        var cdEnd = eocdOffset
        // ZIP64: a locator just before the record points to the ZIP64 end of central directory.
        if eocdOffset >= 20 {
            let loc = try readAt(fd: fd, eocdOffset - 20, count: 20, path: path)
            if u32(loc, 0) == 0x0706_4B50 {
                let recordOffset = u64(loc, 8)
                guard recordOffset <= eocdOffset - 20, eocdOffset - 20 - recordOffset >= 56 else {
                    throw bad("its ZIP64 end-of-central-directory locator points outside the archive (offset \(recordOffset))")
                }
                let rec = try readAt(fd: fd, recordOffset, count: 56, path: path)
                guard u32(rec, 0) == 0x0606_4B50 else { throw bad("has no ZIP64 end-of-central-directory record where its locator points") }
                count = u64(rec, 32)
                cdSize = u64(rec, 40)
                cdOffset = u64(rec, 48)
                cdEnd = recordOffset
            } else if count == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF {
                throw bad("declares ZIP64 sizes but has no ZIP64 end-of-central-directory locator")
            }
        }
        guard cdOffset <= cdEnd, cdSize <= cdEnd - cdOffset else {
            throw bad("its central directory (offset \(cdOffset), \(cdSize) bytes) lies outside the \(size)-byte archive")
        }
        guard count <= cdSize / 46 else {
            throw bad("declares \(count) entries, more than its \(cdSize)-byte central directory can hold")
        }
        guard cdSize <= limits.maxFileBytes else {
            throw DataError(
                .tooLarge,
                "has a central directory of \(ImportLimits.describe(cdSize)), more than the \(ImportLimits.describe(limits.maxFileBytes)) read whole",
                file: path,
                suggestion: "set \(ImportLimits.Variable.maxFileBytes.rawValue) to allow more")
        }
        let cd = try readAt(fd: fd, cdOffset, count: Int(cdSize), path: path)
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var pos = 0
        var total: UInt64 = 0
        for k in 0..<Int(count) {
            guard pos + 46 <= cd.count, u32(cd, pos) == 0x0201_4B50 else {
                throw bad("central directory record \(k + 1) of \(count) is missing or damaged")
            }
            let flags = u16(cd, pos + 8)
            let method = u16(cd, pos + 10)
            let crc = u32(cd, pos + 16)
            var csize = UInt64(u32(cd, pos + 20))
            var usize = UInt64(u32(cd, pos + 24))
            let nameLen = Int(u16(cd, pos + 28)), extraLen = Int(u16(cd, pos + 30)), commentLen = Int(u16(cd, pos + 32))
            let disk = u16(cd, pos + 34)
            var offset = UInt64(u32(cd, pos + 42))
            let recordEnd = pos + 46 + nameLen + extraLen + commentLen
            guard recordEnd <= cd.count else { throw bad("central directory record \(k + 1) runs past the end of the central directory") }
            let nameBytes = cd[(cd.startIndex + pos + 46)..<(cd.startIndex + pos + 46 + nameLen)]
            let name = String(decoding: nameBytes, as: UTF8.self)
            // ZIP64 extended information: 8-byte values for the fields stored as 0xFFFFFFFF, in this order.
            if usize == 0xFFFF_FFFF || csize == 0xFFFF_FFFF || offset == 0xFFFF_FFFF || disk == 0xFFFF {
                var x = pos + 46 + nameLen
                let xEnd = x + extraLen
                while x + 4 <= xEnd {
                    let id = u16(cd, x), len = Int(u16(cd, x + 2))
                    guard x + 4 + len <= xEnd else { break }
                    if id == 0x0001 {
                        var p = x + 4
                        let end = p + len
                        func next() throws -> UInt64 {
                            guard p + 8 <= end else { throw bad("its ZIP64 extra field is too short", entry: name) }
                            defer { p += 8 }
                            return u64(cd, p)
                        }
                        if usize == 0xFFFF_FFFF { usize = try next() }
                        if csize == 0xFFFF_FFFF { csize = try next() }
                        if offset == 0xFFFF_FFFF { offset = try next() }
                        break
                    }
                    x += 4 + len
                }
                // Without the field the 32-bit values stand; they are checked like any other below.
            }
            pos = recordEnd
            if name.hasSuffix("/") {
                entries.append(
                    Entry(
                        path: name, compressedSize: 0, uncompressedSize: 0, crc32: crc, method: method, localHeaderOffset: offset, dataOffset: offset)
                )
                continue
            }
            guard flags & 1 == 0 else {
                throw DataError(
                    .malformedFile, "is encrypted; encrypted archives are not read", file: "\(path)!/\(name)",
                    suggestion: "unzip it with its password and zip it again without one")
            }
            // The local header and the data must lie inside the file, before the central directory.
            guard offset <= cdOffset, cdOffset - offset >= 30 else {
                throw bad("its local header offset \(offset) lies outside the archive's data (\(cdOffset) bytes)", entry: name)
            }
            let local = try readAt(fd: fd, offset, count: 30, path: path)
            guard u32(local, 0) == 0x0403_4B50 else { throw bad("has no local file header at offset \(offset)", entry: name) }
            let dataOffset = offset + 30 + UInt64(u16(local, 26)) + UInt64(u16(local, 28))
            guard dataOffset <= cdOffset, csize <= cdOffset - dataOffset else {
                throw bad(
                    "declares \(ImportLimits.describe(csize)) of compressed data at offset \(dataOffset), beyond the end of the \(ImportLimits.describe(size)) archive",
                    entry: name)
            }
            if method == 0 && csize != usize {
                throw bad("is stored uncompressed but declares \(csize) bytes stored and \(usize) bytes of content", entry: name)
            }
            guard usize <= budget else {
                throw DataError(
                    .tooLarge,
                    "declares \(ImportLimits.describe(usize)) of uncompressed content; an archive of \(ImportLimits.describe(size)) may expand to at most \(ImportLimits.describe(budget))",
                    file: "\(path)!/\(name)", suggestion: advice(needed: usize, archiveBytes: size, limits: limits))
            }
            let (sum, overflow) = total.addingReportingOverflow(usize)
            total = sum
            guard !overflow, total <= budget else {
                throw DataError(
                    .tooLarge,
                    "declares more than \(ImportLimits.describe(budget)) of uncompressed content in all (after \(k + 1) of its \(count) entries); an archive of \(ImportLimits.describe(size)) may expand to at most \(ImportLimits.describe(budget))",
                    file: path, suggestion: advice(needed: overflow ? .max : total, archiveBytes: size, limits: limits))
            }
            entries.append(
                Entry(
                    path: name, compressedSize: csize, uncompressedSize: usize, crc32: crc, method: method, localHeaderOffset: offset,
                    dataOffset: dataOffset))
        }
        // Entries whose bytes overlap (many entries decompressing the same data) are a zip bomb.
        let spans = entries.filter { !$0.isDirectory }.map { ($0.localHeaderOffset, $0.dataOffset + $0.compressedSize, $0.path) }.sorted {
            $0.0 < $1.0
        }
        for (a, b) in zip(spans, spans.dropFirst()) where a.1 > b.0 {
            throw bad("the entries '\(a.2)' and '\(b.2)' share bytes (overlapping entries are a zip-bomb construction)")
        }
        return entries
    }
}
