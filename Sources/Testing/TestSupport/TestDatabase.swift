import Foundation
import YuhengData

/// Databases for tests. Creating a database installs the bundled datasets (a few seconds in a
/// debug build), so that is done once per test process into a template file; every test copies
/// the template into a folder of its own and starts from a clean database.
///
/// ```swift
/// let db = try TestDatabase.open("queries")       // a copy of the template, opened
/// let path = try TestDatabase.copy("server")      // a copy for a server or the binary to open
/// ```
public enum TestDatabase {
    private static let template: Result<String, any Error> = Result {
        let dir = ScratchFolder.newFolder("template")
        let path = dir.appendingPathComponent("template.sqlite").path
        do {
            let db = try YuhengDatabase.open(path: path) // creates, migrates, installs the bundled datasets
            _ = try db.datasets()
        } // the pool closes here: SQLite checkpoints the write-ahead log into the main file
        return path
    }

    /// The template database's path (created on first use; throws what creating it threw).
    public static func templatePath() throws -> String { try template.get() }

    /// A copy of the template, `yuheng.sqlite` in a new folder named after `name` (or at
    /// `destination` when given); returns its path.
    public static func copy(_ name: String = "db", to destination: String? = nil) throws -> String {
        let source = try template.get()
        let path = destination ?? ScratchFolder.newFolder(name).appendingPathComponent("yuheng.sqlite").path
        try FileManager.default.copyItem(atPath: source, toPath: path)
        if FileManager.default.fileExists(atPath: source + "-wal") {
            try FileManager.default.copyItem(atPath: source + "-wal", toPath: path + "-wal")
        }
        return path
    }

    /// A copy of the template, opened. With `installBundled: true` the open also re-verifies the
    /// bundled datasets' checksums (as a first start does).
    public static func open(_ name: String = "db", to destination: String? = nil, installBundled: Bool = false) throws -> YuhengDatabase {
        try YuhengDatabase.open(path: try copy(name, to: destination), installBundled: installBundled)
    }
}
