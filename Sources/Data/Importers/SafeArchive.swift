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
        try checkReadable(entry)
        if entry.uncompressedSize == 0 && entry.compressedSize == 0 { return }
        var produced: UInt64 = 0
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
        let crc: UInt32
        switch entry.method {
        case 0:
            crc = try readStored(entry, chunkSize: chunkSize, deliver)
        case 8:
            do { crc = try inflate(entry, chunkSize: chunkSize, deliver) } catch {
                if let p = passThrough { throw p }
                if let e = error as? DataError { throw e }
                throw DataError(
                    .malformedFile, "cannot be decompressed (the deflate data is corrupt: \(error)): the archive is damaged", file: name(entry),
                    suggestion: "download or export the archive again")
            }
        default:
            throw DataError(
                .malformedFile,
                "uses compression method \(entry.method) (\(Self.methodName(entry.method))); only stored and deflate entries are read",
                file: name(entry),
                suggestion: "unzip the archive and zip it again with standard deflate compression (zip -r)")
        }
        try checkComplete(entry, produced: produced, crc: crc)
    }

    /// Refuses a folder, and an entry that would decompress past what is left of the archive's budget.
    private func checkReadable(_ entry: Entry) throws {
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
    }

    /// Passes the chunks of a stored (uncompressed) entry to `deliver`; returns their CRC-32.
    private func readStored(_ entry: Entry, chunkSize: Int, _ deliver: (Data) throws -> Void) throws -> UInt32 {
        var crc: UInt32 = 0
        var offset: UInt64 = 0
        while offset < entry.compressedSize {
            let n = Int(min(UInt64(chunkSize), entry.compressedSize - offset))
            let chunk = try readAt(entry.dataOffset + offset, count: n, what: name(entry))
            crc = chunk.crc32(checksum: crc)
            try deliver(chunk)
            offset += UInt64(n)
        }
        return crc
    }

    /// Inflates a deflate entry, passing its decompressed chunks to `deliver`; returns their CRC-32.
    private func inflate(_ entry: Entry, chunkSize: Int, _ deliver: (Data) throws -> Void) throws -> UInt32 {
        var consumed: UInt64 = 0
        let csize = entry.compressedSize
        let entryName = name(entry)
        return try Data.decompress(
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
    }

    /// The entry yielded exactly the bytes it declared, with the declared CRC-32.
    private func checkComplete(_ entry: Entry, produced: UInt64, crc: UInt32) throws {
        let declared = entry.uncompressedSize
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
        try DirectoryReader(fd: fd, size: size, path: path, limits: limits, budget: budget).read()
    }

    /// Reads and checks the central directory of one archive, before anything is decompressed.
    private struct DirectoryReader {
        let fd: Int32
        let size: UInt64
        let path: String
        let limits: ImportLimits
        let budget: UInt64

        /// Where the central directory lies, as the end-of-central-directory record (or its ZIP64 form) declares.
        struct Directory {
            var count: UInt64
            var size: UInt64
            var offset: UInt64
            /// Where the directory must end: the start of the (ZIP64) end record.
            var end: UInt64
        }

        /// One central-directory record as declared (ZIP64 values applied).
        struct Record {
            var name: String
            var flags: UInt16
            var method: UInt16
            var crc: UInt32
            var csize: UInt64
            var usize: UInt64
            var offset: UInt64
        }

        func bad(_ message: String, entry: String? = nil) -> DataError {
            DataError(
                .malformedFile, message, file: entry.map { "\(path)!/\($0)" } ?? path,
                suggestion: "this is not a valid zip archive (damaged, truncated or crafted); download or export it again")
        }

        func read() throws -> [Entry] {
            let dir = try locate()
            let cd = try readAt(fd: fd, dir.offset, count: Int(dir.size), path: path)
            var entries: [Entry] = []
            entries.reserveCapacity(Int(dir.count))
            var pos = 0
            var total: UInt64 = 0
            for k in 0..<Int(dir.count) {
                let record: Record
                (record, pos) = try self.record(in: cd, at: pos, number: k, of: dir.count)
                if record.name.hasSuffix("/") {
                    entries.append(
                        Entry(
                            path: record.name, compressedSize: 0, uncompressedSize: 0, crc32: record.crc, method: record.method,
                            localHeaderOffset: record.offset, dataOffset: record.offset))
                    continue
                }
                let entry = try fileEntry(record, directoryOffset: dir.offset)
                let (sum, overflow) = total.addingReportingOverflow(record.usize)
                total = sum
                guard !overflow, total <= budget else {
                    throw DataError(
                        .tooLarge,
                        "declares more than \(ImportLimits.describe(budget)) of uncompressed content in all (after \(k + 1) of its \(dir.count) entries); an archive of \(ImportLimits.describe(size)) may expand to at most \(ImportLimits.describe(budget))",
                        file: path, suggestion: advice(needed: overflow ? .max : total, archiveBytes: size, limits: limits))
                }
                entries.append(entry)
            }
            try checkOverlaps(entries)
            return entries
        }

        /// Finds the end-of-central-directory record (and its ZIP64 form) and checks the directory it declares.
        func locate() throws -> Directory {
            guard size >= 22 else { throw bad("is not a zip archive: \(size) bytes is too short for one") }
            // End of central directory record: the last "PK\5\6" whose comment fits in the file.
            let tailCount = Int(min(size, 22 + 65_535))
            let tailStart = size - UInt64(tailCount)
            let tail = try readAt(fd: fd, tailStart, count: tailCount, path: path)
            guard let e = Self.endRecord(in: tail) else { throw bad("is not a zip archive (no end-of-central-directory record)") }
            let eocdOffset = tailStart + UInt64(e)
            guard u16(tail, e + 4) == 0, u16(tail, e + 6) == 0 else {
                throw DataError(
                    .malformedFile, "is one part of a split (multi-volume) zip archive, which is not read", file: path,
                    suggestion: "join the parts into one archive (zip -s 0 in.zip --out whole.zip)")
            }
            var dir = Directory(count: UInt64(u16(tail, e + 10)), size: UInt64(u32(tail, e + 12)), offset: UInt64(u32(tail, e + 16)), end: eocdOffset)
            if eocdOffset >= 20 { try applyZIP64(&dir, endRecordOffset: eocdOffset) }
            guard dir.offset <= dir.end, dir.size <= dir.end - dir.offset else {
                throw bad("its central directory (offset \(dir.offset), \(dir.size) bytes) lies outside the \(size)-byte archive")
            }
            guard dir.count <= dir.size / 46 else {
                throw bad("declares \(dir.count) entries, more than its \(dir.size)-byte central directory can hold")
            }
            guard dir.size <= limits.maxFileBytes else {
                throw DataError(
                    .tooLarge,
                    "has a central directory of \(ImportLimits.describe(dir.size)), more than the \(ImportLimits.describe(limits.maxFileBytes)) read whole",
                    file: path,
                    suggestion: "set \(ImportLimits.Variable.maxFileBytes.rawValue) to allow more")
            }
            return dir
        }

        /// The offset in `tail` of the last "PK\5\6" whose comment fits in the tail.
        static func endRecord(in tail: Data) -> Int? {
            var i = tail.count - 22
            while i >= 0 {
                if tail[i] == 0x50, tail[i + 1] == 0x4B, tail[i + 2] == 0x05, tail[i + 3] == 0x06, i + 22 + Int(u16(tail, i + 20)) <= tail.count {
                    return i
                }
                i -= 1
            }
            return nil
        }

        /// ZIP64: a locator just before the record points to the ZIP64 end of central directory, whose values replace the record's.
        func applyZIP64(_ dir: inout Directory, endRecordOffset eocdOffset: UInt64) throws {
            let loc = try readAt(fd: fd, eocdOffset - 20, count: 20, path: path)
            if u32(loc, 0) == 0x0706_4B50 {
                let recordOffset = u64(loc, 8)
                guard recordOffset <= eocdOffset - 20, eocdOffset - 20 - recordOffset >= 56 else {
                    throw bad("its ZIP64 end-of-central-directory locator points outside the archive (offset \(recordOffset))")
                }
                let rec = try readAt(fd: fd, recordOffset, count: 56, path: path)
                guard u32(rec, 0) == 0x0606_4B50 else { throw bad("has no ZIP64 end-of-central-directory record where its locator points") }
                dir = Directory(count: u64(rec, 32), size: u64(rec, 40), offset: u64(rec, 48), end: recordOffset)
            } else if dir.count == 0xFFFF || dir.size == 0xFFFF_FFFF || dir.offset == 0xFFFF_FFFF {
                throw bad("declares ZIP64 sizes but has no ZIP64 end-of-central-directory locator")
            }
        }

        /// The central-directory record `k` at `pos`, and where the next one starts.
        func record(in cd: Data, at pos: Int, number k: Int, of count: UInt64) throws -> (Record, Int) {
            guard pos + 46 <= cd.count, u32(cd, pos) == 0x0201_4B50 else {
                throw bad("central directory record \(k + 1) of \(count) is missing or damaged")
            }
            let nameLen = Int(u16(cd, pos + 28)), extraLen = Int(u16(cd, pos + 30)), commentLen = Int(u16(cd, pos + 32))
            let disk = u16(cd, pos + 34)
            let recordEnd = pos + 46 + nameLen + extraLen + commentLen
            guard recordEnd <= cd.count else { throw bad("central directory record \(k + 1) runs past the end of the central directory") }
            let nameBytes = cd[(cd.startIndex + pos + 46)..<(cd.startIndex + pos + 46 + nameLen)]
            var r = Record(
                name: String(decoding: nameBytes, as: UTF8.self), flags: u16(cd, pos + 8), method: u16(cd, pos + 10), crc: u32(cd, pos + 16),
                csize: UInt64(u32(cd, pos + 20)), usize: UInt64(u32(cd, pos + 24)), offset: UInt64(u32(cd, pos + 42)))
            if r.usize == 0xFFFF_FFFF || r.csize == 0xFFFF_FFFF || r.offset == 0xFFFF_FFFF || disk == 0xFFFF {
                try applyZIP64Extra(&r, cd: cd, from: pos + 46 + nameLen, count: extraLen)
            }
            return (r, recordEnd)
        }

        /// ZIP64 extended information: 8-byte values for the fields stored as 0xFFFFFFFF, in this order.
        /// Without the field the 32-bit values stand; they are checked like any other.
        func applyZIP64Extra(_ r: inout Record, cd: Data, from start: Int, count extraLen: Int) throws {
            var x = start
            let xEnd = x + extraLen
            while x + 4 <= xEnd {
                let id = u16(cd, x), len = Int(u16(cd, x + 2))
                guard x + 4 + len <= xEnd else { break }
                if id == 0x0001 {
                    var p = x + 4
                    let end = p + len
                    let name = r.name
                    func next() throws -> UInt64 {
                        guard p + 8 <= end else { throw bad("its ZIP64 extra field is too short", entry: name) }
                        defer { p += 8 }
                        return u64(cd, p)
                    }
                    if r.usize == 0xFFFF_FFFF { r.usize = try next() }
                    if r.csize == 0xFFFF_FFFF { r.csize = try next() }
                    if r.offset == 0xFFFF_FFFF { r.offset = try next() }
                    break
                }
                x += 4 + len
            }
        }

        /// Checks a file's record against the archive (not encrypted, local header and data inside the file
        /// before the central directory at `cdOffset`, declared size within the budget) and returns its entry.
        func fileEntry(_ r: Record, directoryOffset cdOffset: UInt64) throws -> Entry {
            let name = r.name, offset = r.offset, csize = r.csize, usize = r.usize
            guard r.flags & 1 == 0 else {
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
            if r.method == 0 && csize != usize {
                throw bad("is stored uncompressed but declares \(csize) bytes stored and \(usize) bytes of content", entry: name)
            }
            guard usize <= budget else {
                throw DataError(
                    .tooLarge,
                    "declares \(ImportLimits.describe(usize)) of uncompressed content; an archive of \(ImportLimits.describe(size)) may expand to at most \(ImportLimits.describe(budget))",
                    file: "\(path)!/\(name)", suggestion: advice(needed: usize, archiveBytes: size, limits: limits))
            }
            return Entry(
                path: name, compressedSize: csize, uncompressedSize: usize, crc32: r.crc, method: r.method, localHeaderOffset: offset,
                dataOffset: dataOffset)
        }

        /// Entries whose bytes overlap (many entries decompressing the same data) are a zip bomb.
        func checkOverlaps(_ entries: [Entry]) throws {
            let spans = entries.filter { !$0.isDirectory }.map { ($0.localHeaderOffset, $0.dataOffset + $0.compressedSize, $0.path) }.sorted {
                $0.0 < $1.0
            }
            for (a, b) in zip(spans, spans.dropFirst()) where a.1 > b.0 {
                throw bad("the entries '\(a.2)' and '\(b.2)' share bytes (overlapping entries are a zip-bomb construction)")
            }
        }
    }
}
