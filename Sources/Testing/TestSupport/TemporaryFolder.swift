import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One scratch folder per test process, `<tmp>/yuheng-tests-<pid>`, that every temporary folder
/// and database of the tests lives in. Folders of earlier test processes that are gone are removed
/// when it is first used; this process's folder is removed when the process exits.
public enum ScratchFolder {
    private static let prefix = "yuheng-tests-"

    /// The folder of this test process.
    public static let root: URL = {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory
        for name in (try? fm.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.hasPrefix(prefix) {
            if let pid = pid_t(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH {
                try? fm.removeItem(at: tmp.appendingPathComponent(name))
            }
        }
        let d = tmp.appendingPathComponent(prefix + "\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.createDirectory(at: d, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: ScratchFolder.root) }
        return d
    }()

    /// A new, empty folder `<root>/<name>-<8 random hex digits>`.
    public static func newFolder(_ name: String) -> URL {
        let d = root.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }
}

/// A fresh temporary folder inside the process's ``ScratchFolder``; `remove()` deletes it (the
/// scratch folder goes when the process exits in any case).
///
/// ```swift
/// let tmp = try TemporaryFolder("import")
/// defer { tmp.remove() }
/// let file = try tmp.write("a.csv", "id,amount\n1,2\n")
/// ```
public struct TemporaryFolder: Sendable {
    /// The folder.
    public let url: URL

    /// Creates the folder, named after `name`.
    public init(_ name: String = "tmp") throws {
        url = ScratchFolder.root.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A file or folder inside it, as a URL.
    public func sub(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// A file or folder inside it, as a path.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` (UTF-8) to a relative path, creating folders; returns the file's URL.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> URL {
        try write(relative, Data(text.utf8))
    }

    /// Writes bytes to a relative path, creating folders; returns the file's URL.
    @discardableResult
    public func write(_ relative: String, _ data: Data) throws -> URL {
        let u = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: u)
        return u
    }

    /// Deletes the folder and everything in it.
    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Copies a folder tree into a writable place (files in ../shared may be read-only; the copies
/// are written anew, so they are writable).
public func writableCopy(of source: URL, to destination: URL) throws {
    let fm = FileManager.default
    try fm.createDirectory(at: destination, withIntermediateDirectories: true)
    for name in try fm.contentsOfDirectory(atPath: source.path) {
        let s = source.appendingPathComponent(name), d = destination.appendingPathComponent(name)
        var dir: ObjCBool = false
        _ = fm.fileExists(atPath: s.path, isDirectory: &dir)
        if dir.boolValue { try writableCopy(of: s, to: d) } else { try Data(contentsOf: s).write(to: d) }
    }
}
