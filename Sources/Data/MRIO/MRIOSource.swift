import Foundation
import YuhengMRIO
import YuhengNumerics

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

    /// A headerless matrix (no label rows or columns, as Eora and GLORIA publish theirs) of `rows` rows, checked to have
    /// `columns` columns; `labels` says where the expected count comes from ("its label file lists") and `suggestion`
    /// what to do when they differ.
    func headerlessMatrix(_ rel: String, separator: UInt8, rows: Int, columns: Int, labels: String, suggestion: String) throws -> DenseMatrix {
        let parser = LabeledTableParser(
            file: path(rel), separator: separator, indexColumns: 0, headerRows: 0, expectedRows: rows,
            maxLineBytes: try PymrioLayoutReader.maxLineBytes())
        let t = try parse(rel, with: parser)
        guard t.columns == columns else {
            throw MRIOError(.shape, "has \(t.columns) columns, but \(labels) \(columns)", suggestion: suggestion, file: path(rel))
        }
        return t.values
    }

    func json(_ rel: String) throws -> Any {
        let d = try data(rel)
        do { return try JSONSerialization.jsonObject(with: d) } catch {
            throw MRIOError(
                .malformedFile, "is not valid JSON: \(error.localizedDescription)", suggestion: "repair or remove the file", file: path(rel))
        }
    }
}

/// A ``DataError`` of the file or archive layer as the ``MRIOError`` the MRIO readers throw.
func mrioError(_ e: DataError, file: String) -> MRIOError {
    let code: MRIOError.Code = e.code == .cannotOpen ? .missingData : e.code == .invalidValue ? .invalidArgument : .malformedFile
    return MRIOError(code, e.message, suggestion: e.suggestion, file: e.file ?? file)
}

/// A table stored as files in a folder. Every file stays inside the folder (a name such as
/// `../../etc/passwd`, an absolute path or a symlink out of the folder is refused), and only
/// regular files are read (not `/dev/zero` or a FIFO behind a name).
struct FolderSource: MRIOSource {
    let url: URL
    var root: String { url.path }

    func path(_ rel: String) -> String { url.appendingPathComponent(rel).path }

    /// The path of `rel`, checked to stay inside the folder.
    func checked(_ rel: String) throws -> String {
        do { return try SafeFile.contained(rel, in: url) } catch let e as DataError { throw mrioError(e, file: path(rel)) }
    }

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
        let p = try checked(rel)
        do { return try SafeFile.read(p) } catch let e as DataError {
            throw mrioError(e, file: p)
        }
    }

    func stream(_ rel: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let p = try checked(rel)
        do { try SafeFile.stream(p, body) } catch let e as DataError {
            throw mrioError(e, file: p)
        }
    }
}

/// A table inside a zip archive (as EXIOBASE publishes it: `IOT_2011_ixi.zip` with a top folder
/// `IOT_2011_ixi/` or the files at the top level). Entries are decompressed in chunks while parsed,
/// through ``SafeArchive`` (declared sizes checked against the archive and its decompression budget
/// first); nothing is extracted to disk.
final class ZipSource: MRIOSource {
    let url: URL
    let archive: SafeArchive
    /// Entry path prefix of the table's root ("IOT_2011_ixi/" or "").
    let prefix: String
    private let entries: [String: SafeArchive.Entry]

    /// - Parameter isMarker: whether an entry's file name marks the table's root (the shallowest
    ///   folder holding one is the root); `expected` says what was looked for when none is found.
    init(
        url: URL, isMarker: (String) -> Bool = { $0 == "A.txt" || $0 == "Z.txt" },
        expected: String =
            "expected an EXIOBASE 3 IOT archive (IOT_YYYY_ixi.zip / IOT_YYYY_pxp.zip) with A.txt, Y.txt, x.txt, satellite/ and impacts/"
    ) throws {
        self.url = url
        do { archive = try SafeArchive(path: url.path) } catch let e as DataError {
            var m = mrioError(e, file: url.path)
            if e.code == .malformedFile && e.file == url.path {
                m.suggestion = (e.suggestion.map { $0 + "; " } ?? "") + "EXIOBASE releases are IOT_YYYY_ixi.zip or IOT_YYYY_pxp.zip"
            }
            throw m
        }
        var map: [String: SafeArchive.Entry] = [:]
        for e in archive.files { map[e.path] = e }
        entries = map
        // The root is the shallowest folder holding a marker (A.txt or Z.txt for EXIOBASE).
        let roots = map.keys.filter { k in isMarker((k as NSString).lastPathComponent) }.map { k -> String in
            let dir = (k as NSString).deletingLastPathComponent
            return dir.isEmpty ? "" : dir + "/"
        }
        guard let best = roots.min(by: { ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1) }) else {
            throw MRIOError(.missingData, "the archive holds no table Yuheng recognises", suggestion: expected, file: url.path)
        }
        prefix = best
    }

    var root: String { url.path + (prefix.isEmpty ? "" : "!/" + String(prefix.dropLast())) }

    func path(_ rel: String) -> String { url.path + "!/" + prefix + rel }

    func exists(_ rel: String) -> Bool { entries[prefix + rel] != nil }

    /// File names directly in the root.
    func files() -> [String] {
        entries.keys.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") }.map { String($0.dropFirst(prefix.count)) }.sorted()
    }

    func subfolders() -> [String] {
        var names = Set<String>()
        for k in entries.keys where k.hasPrefix(prefix) {
            let rest = k.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") { names.insert(String(rest[..<slash])) }
        }
        return names.sorted()
    }

    func data(_ rel: String) throws -> Data {
        guard let entry = entries[prefix + rel] else {
            throw MRIOError(.missingData, "\(rel) is not in the archive", file: path(rel))
        }
        do { return try archive.data(entry) } catch let e as DataError { throw mrioError(e, file: path(rel)) }
    }

    func stream(_ rel: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let entry = entries[prefix + rel] else {
            throw MRIOError(.missingData, "\(rel) is not in the archive", file: path(rel))
        }
        do { try archive.stream(entry, body) } catch let e as DataError { throw mrioError(e, file: path(rel)) }
    }
}
