import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import GRDB

/// Who holds one of the database's locks: recorded by the holder when it takes the lock, read by
/// the processes that wait for it, so that they can say for whom they wait.
///
/// - The write lock (SQLite's, one writer at a time): every write transaction of a
///   ``YuhengDatabase`` records itself in `<database>.lock-holder` at its first change and removes
///   the record when it commits or rolls back.
/// - The setup lock (`<database>.lock`, `flock`), held while a database is created, migrated and
///   filled with the bundled datasets: the record is the lock file's content.
public struct LockHolder: Codable, Sendable, Equatable {
    /// Process id of the holder (on the host that took the lock).
    public var pid: Int32
    /// The holder's command line, e.g. `yuheng lca import uslci.zip` (at most 200 characters).
    public var command: String
    /// When the lock was taken (ISO 8601, UTC).
    public var since: String
    /// What the holder does with it.
    public var activity: String

    /// A record (memberwise); ``current(activity:)`` makes the one of this process.
    public init(pid: Int32, command: String, since: String, activity: String) {
        self.pid = pid
        self.command = command
        self.since = since
        self.activity = activity
    }

    /// This process, now.
    public static func current(activity: String) -> LockHolder {
        var args = CommandLine.arguments
        if let first = args.first { args[0] = (first as NSString).lastPathComponent }
        var command = args.joined(separator: " ")
        if command.count > 200 { command = String(command.prefix(199)) + "…" }
        return LockHolder(pid: getpid(), command: command, since: ISO8601DateFormatter().string(from: Date()), activity: activity)
    }

    /// The record as stored.
    var data: Data { (try? JSONEncoder().encode(self)) ?? Data() }

    /// Reads a record; nil when there is none (or it is being written).
    static func read(_ path: String) -> LockHolder? {
        guard let d = FileManager.default.contents(atPath: path), !d.isEmpty, d.count < 4096 else { return nil }
        return try? JSONDecoder().decode(LockHolder.self, from: d)
    }

    /// Whether the process still runs (on this host).
    public var isAlive: Bool { kill(pid, 0) == 0 || errno == EPERM }

    /// Seconds since the lock was taken, when `since` can be read.
    public var age: Double? {
        ISO8601DateFormatter().date(from: since).map { Date().timeIntervalSince($0) }
    }
}

/// One notice of a process waiting for a lock another process holds (see ``YuhengDatabase/lockWaitReporter``).
public struct LockWait: Sendable {
    /// Where the wait is.
    public enum Phase: String, Sendable {
        /// The first notice, after about a second of waiting.
        case started
        /// Every ten seconds after.
        case progress
        /// The wait ended without the lock: the operation fails with "database is locked".
        case gaveUp
    }
    /// "the database lock" (writes) or "the database setup lock" (opening a database another process is creating).
    public var lock: String
    /// Path of the database file the lock belongs to.
    public var databasePath: String
    /// Whether this is the first notice, a periodic one, or the giving up.
    public var phase: Phase
    /// Seconds waited so far.
    public var waitedSeconds: Double
    /// Seconds after which the wait is given up; nil for no limit.
    public var limitSeconds: Double?
    /// Who holds the lock, when the holder recorded itself (nil: unknown, e.g. an older process or a record being written).
    public var holder: LockHolder?

    /// The notice as printed: what is waited for, for whom, since when.
    public var message: String {
        var whom = "another process"
        if let h = holder {
            let ago = h.age.map { " (\(Int($0.rounded())) s ago)" } ?? ""
            whom =
                h.isAlive
                ? "pid \(h.pid) (\(h.command), \(h.activity)) since \(h.since)\(ago)"
                : "another process (the last recorded holder, pid \(h.pid) (\(h.command)), has ended)"
        }
        let waited = Int(waitedSeconds.rounded())
        switch phase {
        case .started:
            return "waiting for \(lock) held by \(whom)…"
        case .progress:
            return "still waiting for \(lock) (\(waited) s so far\(limitSeconds.map { "; giving up after \(Int($0)) s" } ?? "")), held by \(whom)"
        case .gaveUp:
            return "gave up waiting for \(lock) after \(waited) s; it is held by \(whom). Run the command again when that one has finished"
        }
    }
}

extension YuhengDatabase {
    private static let reporterBox = LockWaitReporterBox()

    /// Receives the notices of waits for a lock another process holds (after about a second, then
    /// every ten seconds, and when the wait is given up). By default they are printed on standard
    /// error as `yuheng: waiting for the database lock held by pid N (yuheng lca import …) since …`;
    /// nil keeps them quiet.
    public static var lockWaitReporter: (@Sendable (LockWait) -> Void)? {
        get { reporterBox.get() }
        set { reporterBox.set(newValue) }
    }

    static func report(_ wait: LockWait) {
        lockWaitReporter?(wait)
    }

    /// Where the write-lock holder records itself.
    static func writeLockRecordPath(_ databasePath: String) -> String { databasePath + ".lock-holder" }

    /// How long to wait for another process's write lock; the first notice comes after
    /// ``lockNoticeAfter`` seconds, then one every ``lockNoticeEvery`` seconds.
    static let lockNoticeAfter: Double = 1
    static let lockNoticeEvery: Double = 10

    /// SQLite's busy handler for the database's connections: waits up to `timeout` seconds for
    /// another process's lock, sleeping between tries, and reports the wait (``lockWaitReporter``)
    /// with the holder's record.
    static func busyCallback(databasePath: String, timeout: Double) -> Database.BusyCallback {
        let record = writeLockRecordPath(databasePath)
        let key = "yuheng.busy-wait." + databasePath
        return { tries in
            // A busy wait happens inside one SQLite call, on one thread: its state lives there.
            let dict = Thread.current.threadDictionary
            let state: BusyWaitState
            if tries == 0 || !(dict[key] is BusyWaitState) {
                state = BusyWaitState()
                dict[key] = state
            } else {
                state = dict[key] as! BusyWaitState
            }
            let waited = Date().timeIntervalSince(state.start)
            if waited >= timeout {
                dict.removeObject(forKey: key)
                report(
                    LockWait(
                        lock: "the database lock", databasePath: databasePath, phase: .gaveUp, waitedSeconds: waited, limitSeconds: timeout,
                        holder: LockHolder.read(record)))
                return false
            }
            if waited >= state.nextNotice {
                report(
                    LockWait(
                        lock: "the database lock", databasePath: databasePath, phase: state.noticed ? .progress : .started, waitedSeconds: waited,
                        limitSeconds: timeout, holder: LockHolder.read(record)))
                state.noticed = true
                state.nextNotice = waited + lockNoticeEvery
            }
            usleep(tries < 20 ? 2_000 : 20_000)
            return true
        }
    }
}

final class BusyWaitState: NSObject {
    let start = Date()
    var noticed = false
    var nextNotice = YuhengDatabase.lockNoticeAfter
}

final class LockWaitReporterBox: @unchecked Sendable {
    private let lock = NSLock()
    private var reporter: (@Sendable (LockWait) -> Void)? = { wait in
        FileHandle.standardError.write(Data("yuheng: \(wait.message)\n".utf8))
    }

    func get() -> (@Sendable (LockWait) -> Void)? {
        lock.lock(); defer { lock.unlock() }
        return reporter
    }

    func set(_ r: (@Sendable (LockWait) -> Void)?) {
        lock.lock(); reporter = r; lock.unlock()
    }
}

/// Records this process as the write-lock holder at the first change of every write transaction
/// and removes the record at its end (one small file write per transaction; the rest of the
/// transaction's changes are not observed).
final class WriteLockRecorder: TransactionObserver, @unchecked Sendable {
    let path: String
    private var recorded = false

    init(databasePath: String) {
        path = YuhengDatabase.writeLockRecordPath(databasePath)
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }

    func databaseDidChange(with event: DatabaseEvent) {
        record()
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidChange() {
        record()
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    /// Cleared before the commit, while the lock is still this process's (after it, another
    /// process may already have recorded itself).
    func databaseWillCommit() throws { clear() }
    func databaseDidCommit(_ db: Database) { clear(checkingOwner: true) }
    func databaseDidRollback(_ db: Database) { clear(checkingOwner: true) }

    private func record() {
        guard !recorded else { return }
        recorded = true
        let data = LockHolder.current(activity: "writing to the database").data
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// After the end of the transaction another process may hold the lock and have recorded itself:
    /// the record is removed only when it is still this process's.
    private func clear(checkingOwner: Bool = false) {
        guard recorded else { return }
        recorded = false
        if !checkingOwner || LockHolder.read(path)?.pid == getpid() { unlink(path) }
    }
}
