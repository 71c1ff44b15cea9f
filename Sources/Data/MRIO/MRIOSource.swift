import Foundation
import YuhengMRIO
import ZIPFoundation

/// Where the files of an MRIO table come from: a folder, or a zip archive (EXIOBASE releases).
/// Paths are relative to the table's root ("Z.txt", "satellite/F.txt").
protocol MRIOSource {
    /// The folder or archive, for messages.
    var root: String { get }
    /// A path that names `rel` in messages (and for the user to open).
    func path(_ rel: String) -> String
    func exists(_ rel: String) -> Bool
    /// Immediate subfolders of the root, sorted by name.
    func subfolders() -> [String]
    /// A small file's bytes (JSON, unit lists).
    func data(_ rel: String) throws -> Data
    /// Streams a file in chunks to `body` without reading it whole.
    func stream(_ rel: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws
}

extension MRIOSource {
    func missing(_ rel: String, _ what: String, suggestion: String) -> MRIOError {
        MRIOError(.missingData, "\(what) is missing: \(rel) not found in \(root)", suggestion: suggestion, file: path(rel))
    }

    /// Parses a delimited table with `parser`, streaming.
    func parse(_ rel: String, with parser: LabeledTableParser) throws -> LabeledTable {
        try stream(rel) { try parser.feed($0) }
        return try parser.finish()
    }

    func json(_ rel: String) throws -> Any {
        let d = try data(rel)
        do { return try JSONSerialization.jsonObject(with: d) } catch {
            throw MRIOError(.malformedFile, "is not valid JSON: \(error.localizedDescription)", suggestion: "repair or remove the file", file: path(rel))
        }
    }
}

/// A table stored as files in a folder.
struct FolderSource: MRIOSource {
    let url: URL
    var root: String { url.path }

    func path(_ rel: String) -> String { url.appendingPathComponent(rel).path }

    func exists(_ rel: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path(rel), isDirectory: &dir) && !dir.boolValue
    }

    func subfolders() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { n in
            var dir: ObjCBool = false
            return !n.hasPrefix(".") && FileManager.default.fileExists(atPath: path(n), isDirectory: &dir) && dir.boolValue
        }.sorted()
    }

    func data(_ rel: String) throws -> Data {
        guard let d = FileManager.default.contents(atPath: path(rel)) else {
            throw MRIOError(.missingData, "cannot read \(rel) in \(root)", suggestion: "check that the file exists and is readable", file: path(rel))
        }
        return d
    }

    func stream(_ rel: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let p = path(rel)
        let fd = open(p, O_RDONLY)
        guard fd >= 0 else {
            throw MRIOError(.missingData, "cannot open \(rel) in \(root) (\(String(cString: strerror(errno))))", suggestion: "check that the file exists and is readable", file: p)
        }
        defer { close(fd) }
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw MRIOError(.malformedFile, "read error (\(String(cString: strerror(errno))))", file: p)
            }
            if n == 0 { break }
            try body(UnsafeRawBufferPointer(start: buffer, count: n))
        }
    }
}

/// A table inside a zip archive (as EXIOBASE publishes it: `IOT_2011_ixi.zip` with a top folder
/// `IOT_2011_ixi/` or the files at the top level). Entries are decompressed in chunks while parsed;
/// nothing is extracted to disk.
final class ZipSource: MRIOSource {
    let url: URL
    let archive: Archive
    /// Entry path prefix of the table's root ("IOT_2011_ixi/" or "").
    let prefix: String
    private let entries: [String: Entry]

    init(url: URL) throws {
        self.url = url
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw MRIOError(.malformedFile, "is not a readable zip archive (\(error))", suggestion: "download the archive again; EXIOBASE releases are IOT_YYYY_ixi.zip or IOT_YYYY_pxp.zip", file: url.path)
        }
        var map: [String: Entry] = [:]
        for e in archive where e.type == .file { map[e.path] = e }
        entries = map
        // The root is the shallowest folder holding A.txt (or Z.txt).
        let roots = map.keys.filter { k in
            let name = (k as NSString).lastPathComponent
            return name == "A.txt" || name == "Z.txt"
        }.map { k -> String in
            let dir = (k as NSString).deletingLastPathComponent
            return dir.isEmpty ? "" : dir + "/"
        }
        guard let best = roots.min(by: { ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1) }) else {
            throw MRIOError(.missingData, "the archive holds no A.txt (or Z.txt)", suggestion: "expected an EXIOBASE 3 IOT archive (IOT_YYYY_ixi.zip / IOT_YYYY_pxp.zip) with A.txt, Y.txt, x.txt, satellite/ and impacts/", file: url.path)
        }
        prefix = best
    }

    var root: String { url.path + (prefix.isEmpty ? "" : "!/" + String(prefix.dropLast())) }

    func path(_ rel: String) -> String { url.path + "!/" + prefix + rel }

    func exists(_ rel: String) -> Bool { entries[prefix + rel] != nil }

    func subfolders() -> [String] {
        var names = Set<String>()
        for k in entries.keys where k.hasPrefix(prefix) {
            let rest = k.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") { names.insert(String(rest[..<slash])) }
        }
        return names.sorted()
    }

    func data(_ rel: String) throws -> Data {
        var out = Data()
        try stream(rel) { out.append($0.bindMemory(to: UInt8.self)) }
        return out
    }

    func stream(_ rel: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let entry = entries[prefix + rel] else {
            throw MRIOError(.missingData, "\(rel) is not in the archive", file: path(rel))
        }
        let crc: UInt32
        do {
            crc = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: false) { chunk in
                try chunk.withUnsafeBytes { try body($0) }
            }
        } catch let e as MRIOError {
            throw e
        } catch {
            throw MRIOError(.malformedFile, "cannot be decompressed (\(error))", suggestion: "download the archive again", file: path(rel))
        }
        guard crc == entry.checksum else {
            throw MRIOError(.malformedFile, "the CRC-32 of the decompressed entry does not match the archive (damaged download)", suggestion: "download the archive again", file: path(rel))
        }
    }
}
