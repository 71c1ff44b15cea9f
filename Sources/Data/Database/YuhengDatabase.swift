import Foundation
#if canImport(Glibc)
    import Glibc
    private func posixOpen(_ p: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Glibc.open(p, flags, mode) }
    private func posixClose(_ fd: Int32) { _ = Glibc.close(fd) }
#elseif canImport(Darwin)
    import Darwin
    private func posixOpen(_ p: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Darwin.open(p, flags, mode) }
    private func posixClose(_ fd: Int32) { _ = Darwin.close(fd) }
#endif
import GRDB
import YuhengCore

/// The Yuheng database: an embedded SQLite file in WAL mode, created and migrated on open, and
/// filled from the bundled datasets on first use (no network needed).
///
/// ```swift
/// let db = try YuhengDatabase.open()                       // default location
/// let db = try YuhengDatabase.open(path: "/tmp/y.sqlite")  // explicit file
/// let sets = try db.datasets()                              // registered datasets
/// ```
///
/// The location is, in order: the `path` argument (the CLI's `--db`), `$YUHENG_DB`,
/// `$YUHENG_HOME/yuheng.sqlite`, `$XDG_DATA_HOME/yuheng/yuheng.sqlite`,
/// `~/.local/share/yuheng/yuheng.sqlite`.
public final class YuhengDatabase: Sendable {
    /// Path of the SQLite file.
    public let path: String
    /// The GRDB connection pool (WAL: concurrent readers, one writer) every query goes through.
    public let writer: DatabasePool
    /// The folder that relative paths stored in the database (MRIO table folders) are resolved
    /// against: the database's own folder, or for a snapshot the folder of the database it copies.
    public let baseFolder: URL

    /// Resolves the default database path from the environment.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let p = environment["YUHENG_DB"], !p.isEmpty { return p }
        if let h = environment["YUHENG_HOME"], !h.isEmpty { return (h as NSString).appendingPathComponent("yuheng.sqlite") }
        let base: String
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty {
            base = x
        } else {
            base = (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        }
        return (base as NSString).appendingPathComponent("yuheng/yuheng.sqlite")
    }

    /// Opens (creating if needed) and migrates the database; installs or registers every shipped
    /// dataset that is missing or out of date (``installShippedDatasets()``) unless `installBundled`
    /// is false.
    public static func open(path: String? = nil, installBundled: Bool = true) throws -> YuhengDatabase {
        let p = path ?? defaultPath()
        let dir = (p as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw DataError(
                    .cannotOpen, "cannot create the folder \(dir): \(error.localizedDescription)", file: p,
                    suggestion: "choose another location with --db PATH or the YUHENG_DB environment variable")
            }
        }
        // A file that is not a Yuheng database is refused before anything is written beside it.
        try refuseForeignFile(p)
        // Creating, migrating and filling a database is done by one process at a time: several commands
        // started at once on a new file would otherwise race to create the same tables.
        // While waiting for it (or, later, for another process's write lock) the wait is reported with
        // the holder's pid and command (see LockHolder, lockWaitReporter).
        let setupLock = try ProcessLock(path: p + ".lock", databasePath: p)
        defer { setupLock.unlock() }
        let db: YuhengDatabase
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            config.label = "yuheng"
            config.busyMode = .callback(Self.busyCallback(databasePath: p, timeout: Self.busyTimeout))
            let pool = try DatabasePool(path: p, configuration: config)
            db = YuhengDatabase(path: p, writer: pool)
            try Schema.migrator.migrate(pool)
            pool.add(transactionObserver: WriteLockRecorder(databasePath: p), extent: .databaseLifetime)
        } catch let e as DatabaseError {
            if e.resultCode == .SQLITE_NOTADB || e.resultCode == .SQLITE_CORRUPT {
                throw DataError(
                    .corruptDatabase, "\(p) is not a valid Yuheng database (SQLite says: \(e.message ?? "file is not a database"))", file: p,
                    suggestion:
                        "move the file away (it is left untouched) and run the command again to create a fresh database, or point --db at another file"
                )
            }
            throw DataError(
                .cannotOpen, "cannot open \(p): \(e.message ?? "\(e)")", file: p,
                suggestion: "check the file permissions or choose another path with --db")
        }
        if installBundled {
            _ = try db.installShippedDatasets()
        }
        return db
    }

    /// Opens an existing file read-only first: a file that is not SQLite, or a SQLite database of
    /// another application (tables but no Yuheng migrations), is refused before anything is written
    /// (opening in WAL mode or migrating would change it).
    static func refuseForeignFile(_ p: String) throws {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: p), let size = attrs[.size] as? Int, size > 0 else { return }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(Self.busyTimeout)
        do {
            let q = try DatabaseQueue(path: p, configuration: config)
            let tables = try q.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            }
            try q.close()
            if !tables.isEmpty && !tables.contains("grdb_migrations") {
                throw DataError(
                    .corruptDatabase,
                    "\(p) is a SQLite database of another application (tables: \(tables.prefix(5).joined(separator: ", "))), not a Yuheng database; it was left untouched",
                    file: p, suggestion: "point --db (or YUHENG_DB) at a new file, e.g. ~/.local/share/yuheng/yuheng.sqlite")
            }
        } catch let e as DatabaseError {
            if e.resultCode == .SQLITE_NOTADB || e.resultCode == .SQLITE_CORRUPT {
                throw DataError(
                    .corruptDatabase, "\(p) is not a valid Yuheng database (SQLite says: \(e.message ?? "file is not a database"))", file: p,
                    suggestion:
                        "move the file away (it is left untouched) and run the command again to create a fresh database, or point --db at another file"
                )
            }
            throw DataError(
                .cannotOpen, "cannot open \(p): \(e.message ?? "\(e)")", file: p,
                suggestion: "check the file permissions or choose another path with --db")
        }
    }

    /// An exclusive lock between processes on a file beside the database (`flock`), held while a
    /// database is opened, migrated and filled. The holder writes its ``LockHolder`` record into the
    /// file; a process that has to wait reports it after a second, then every ten seconds.
    final class ProcessLock {
        private var fd: Int32

        init(path: String, databasePath: String? = nil) throws {
            fd = posixOpen(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw DataError(
                    .cannotOpen, "cannot create the lock file \(path): \(String(cString: strerror(errno)))", file: path,
                    suggestion: "check the folder's permissions or choose another path with --db")
            }
            let start = Date()
            var nextNotice = YuhengDatabase.lockNoticeAfter
            var noticed = false
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                switch errno {
                case EINTR: continue
                case EWOULDBLOCK:
                    let waited = Date().timeIntervalSince(start)
                    if waited >= nextNotice {
                        YuhengDatabase.report(
                            LockWait(
                                lock: "the database setup lock", databasePath: databasePath ?? path, phase: noticed ? .progress : .started,
                                waitedSeconds: waited, limitSeconds: nil, holder: LockHolder.read(path)))
                        noticed = true
                        nextNotice = waited + YuhengDatabase.lockNoticeEvery
                    }
                    usleep(waited < 1 ? 5_000 : 50_000)
                default:
                    let e = String(cString: strerror(errno))
                    posixClose(fd)
                    throw DataError(.cannotOpen, "cannot lock \(path): \(e)", file: path)
                }
            }
            let record = LockHolder.current(activity: "opening the database (creating, migrating or installing the bundled datasets)").data
            if ftruncate(fd, 0) == 0 { _ = record.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
        }

        func unlock() {
            guard fd >= 0 else { return }
            _ = ftruncate(fd, 0)
            flock(fd, LOCK_UN)
            posixClose(fd)
            fd = -1
        }

        deinit { unlock() }
    }

    /// How long a connection waits for another process's lock (a first start installing the bundled
    /// datasets, a long import) before it reports "database is locked".
    static let busyTimeout: TimeInterval = 120

    init(path: String, writer: DatabasePool, baseFolder: URL? = nil) {
        self.path = path
        self.writer = writer
        self.baseFolder = baseFolder ?? URL(fileURLWithPath: path).deletingLastPathComponent()
    }

    // MARK: Snapshots (what tasks on other nodes read)

    /// Writes a consistent copy of the database to `destination` (`VACUUM INTO`) in rollback-journal
    /// mode, so that it can be read from several hosts at once: a database in WAL mode needs shared
    /// memory on one host, which network filesystems do not provide. An existing file at
    /// `destination` is replaced. Returns the snapshot's size in bytes.
    ///
    /// ```swift
    /// try db.snapshot(to: "/shared/job-42/database.sqlite")
    /// let copy = try YuhengDatabase.openSnapshot(path: "/shared/job-42/database.sqlite", baseFolder: db.baseFolder)
    /// ```
    @discardableResult
    public func snapshot(to destination: String) throws -> Int {
        let fm = FileManager.default
        let partial = destination + ".partial"
        for p in [partial, partial + "-journal", destination + "-journal", destination + "-wal", destination + "-shm"] {
            try? fm.removeItem(atPath: p)
        }
        do {
            try writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [partial]) }
            // VACUUM INTO keeps the WAL flag of the source in the file header: switch the copy to a rollback journal.
            let q = try DatabaseQueue(path: partial)
            try q.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
            try q.close()
            if fm.fileExists(atPath: destination) { try fm.removeItem(atPath: destination) }
            try fm.moveItem(atPath: partial, toPath: destination)
        } catch {
            try? fm.removeItem(atPath: partial)
            throw DataError(
                .cannotOpen, "cannot write a snapshot of the database to \(destination): \(error)", file: destination,
                suggestion: "check that the folder exists, is writable and has room for a copy of the database")
        }
        return ((try? fm.attributesOfItem(atPath: destination))?[.size] as? Int) ?? 0
    }

    /// Opens a snapshot written by ``snapshot(to:)`` read-only (no migration, no installation, no
    /// WAL files created beside it). `baseFolder` is the original database's folder, against which
    /// stored relative paths resolve.
    public static func openSnapshot(path: String, baseFolder: URL? = nil) throws -> YuhengDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError(
                .cannotOpen, "the database snapshot \(path) does not exist", file: path,
                suggestion: "the job's shared folder must be visible from every node")
        }
        var config = Configuration()
        config.readonly = true
        config.label = "yuheng-snapshot"
        config.busyMode = .timeout(Self.busyTimeout)
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            return YuhengDatabase(path: path, writer: pool, baseFolder: baseFolder)
        } catch let e as DatabaseError {
            throw DataError(
                .cannotOpen, "cannot open the database snapshot \(path): \(e.message ?? "\(e)")", file: path,
                suggestion: "check that the job's shared folder is readable from every node")
        }
    }

    /// SQLite's own integrity check ("ok" when the file is sound).
    public func integrityCheck() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// SQLite's journal mode of the open database, e.g. "wal".
    public var journalMode: String {
        get throws { try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" } }
    }
}
