import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import GRDB
import Testing
import YuhengCore
import YuhengData

/// Issue 14: inputs without bounds (search text, dataset ids), imports over shipped datasets,
/// and silent waits for another process's write lock.
@Suite("Bounds of search and ids, shipped ids, lock waits")
struct BoundsAndLocksTests {
    /// `count` one-letter words, cycling through a–z (what the probe sent: 2,000 of them).
    static func oneLetterWords(_ count: Int) -> String {
        (0..<count).map { String(UnicodeScalar(UInt8(97 + $0 % 26))) }.joined(separator: " ")
    }

    @Test("the search text is bounded: 2,000 one-letter words are refused at once, naming the limit")
    func searchTextBounded() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let text = Self.oneLetterWords(2_000)
        let start = Date()
        for search in [{ _ = try db.searchFactors(text) }, { _ = try db.searchProcesses(text) }] as [() throws -> Void] {
            do {
                try search()
                Issue.record("a search of 2,000 words was accepted")
            } catch let e as DataError {
                #expect(e.code == .invalidValue)
                #expect(e.field == "query")
                #expect(e.message.contains("the limit is \(FullTextQuery.maxCharacters)"), "\(e)")
            }
        }
        #expect(Date().timeIntervalSince(start) < 10, "refusing a long query must not search it (it took 12.6 s before)")
        // Many different words within the length limit: refused by the word limit.
        let words = (0..<40).map { "w\($0)" }.joined(separator: " ")
        #expect { try db.searchFactors(words) } throws: { e in
            (e as? DataError)?.message.contains("40 different words; the limit is \(FullTextQuery.maxWords)") == true
        }
    }

    @Test("repeated words are searched once: one MATCH expression over the distinct words, same hits")
    func wordsDeduplicated() throws {
        let q = try FullTextQuery("Natural gas, natural GAS residential gas")
        #expect(q.words == ["natural", "gas", "residential"])
        #expect(q.matchExpression == #""natural"* AND "gas"* AND "residential"*"#)
        #expect(try FullTextQuery("CH4_fossil", wordCharacters: ["_"]).words == ["ch4_fossil"])
        #expect(try FullTextQuery(" ,; ").isEmpty)
        // 499 one-letter words are 26 distinct words: accepted, and the same as searching them once.
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let many = Self.oneLetterWords(499)
        #expect(try FullTextQuery(many).words.count == 26)
        let start = Date()
        let a = try db.searchFactors("natural gas residential " + String(repeating: "gas ", count: 200))
        let b = try db.searchFactors("natural gas residential")
        #expect(a.map(\.factor) == b.map(\.factor) && !a.isEmpty)
        _ = try db.searchFactors(many)
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test("dataset ids: at most 128 characters of [A-Za-z0-9._-], starting with a letter or digit")
    func datasetIDs() throws {
        for ok in ["gwp-user", "my_factors.2024", "A1", "x", String(repeating: "a", count: 128)] {
            #expect(throws: Never.self) { try DatasetID.validate(ok) }
        }
        for bad in ["", "-x", ".hidden", "_x", "a b", "a/b", "../etc", "né", "a\u{0}b", String(repeating: "a", count: 129)] {
            #expect(throws: DataError.self, "\(bad.prefix(20))") { try DatasetID.validate(bad) }
        }
        let huge = String(repeating: "x", count: 100_000)
        do { try DatasetID.validate(huge); Issue.record("accepted a 100,000-character id") } catch let e as DataError {
            #expect(e.message.contains("100000 characters long; the limit is 128"))
            #expect(e.message.count < 300, "the message shows the id shortened")
        }
        // Enforced at import, before the file is read into the database.
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let csv = "table,item,value,unit\nmine,x,1,kg/TJ\n"
        let info = DatasetInfo(id: huge, title: "t", version: "1", source: "s", licence: "l", date: "")
        #expect { try db.importFactorCSV(text: csv, fileName: "f.csv", info: info) } throws: { e in
            (e as? DataError)?.message.contains("the limit is 128") == true
        }
        #expect(try db.dataset(huge) == nil)
        var fine = info
        fine.id = "plant-b.v2"
        #expect(try db.importFactorCSV(text: csv, fileName: "f.csv", info: fine) == 1)
        #expect(try db.dataset("plant-b.v2")?.title == "t")
    }

    @Test(
        "an import under the id of a shipped dataset is refused and the shipped one stays",
        arguments: ["gwp", "ipcc2006-fuels", "countries", "uslci-1.5", "wiod2011-co2", "cbam-transitional-defaults"])
    func shippedIDsRefused(_ id: String) throws {
        #expect(YuhengDatabase.bundledDatasetIDs().contains(id))
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let before = try db.dataset(id)
        let history = try db.history(dataset: id)
        let csv = "table,item,value,unit\nmine,x,1,kg/TJ\n"
        do {
            try db.importFactorCSV(
                text: csv, fileName: "f.csv", info: DatasetInfo(id: id, title: "mine", version: "1", source: "s", licence: "l", date: ""))
            Issue.record("an import replaced the shipped dataset \(id)")
        } catch let e as DataError {
            #expect(e.code == .invalidValue && e.field == "id")
            #expect(e.message.contains("shipped with Yuheng"))
            #expect(e.suggestion?.contains("'\(id)-user'") == true)
        }
        #expect(try db.dataset(id) == before)
        #expect(try db.history(dataset: id) == history)
        if id == "gwp" { #expect(try db.gwpLibrary().set(named: "AR6").values["CH4"] != nil) }
    }

    @Test("a write transaction records its holder beside the database and removes the record at its end")
    func holderRecorded() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let record = db.path + ".lock-holder"
        var during: LockHolder? = nil
        try db.writer.write { d in
            try d.execute(sql: "INSERT INTO dataset_history(dataset_id, version, checksum, action, at) VALUES ('x', '1', '', 'test', '')")
            let data = try #require(FileManager.default.contents(atPath: record))
            during = try JSONDecoder().decode(LockHolder.self, from: data)
        }
        #expect(during?.pid == ProcessInfo.processInfo.processIdentifier)
        #expect(during?.isAlive == true)
        #expect(during?.activity.contains("writing") == true)
        #expect(!FileManager.default.fileExists(atPath: record), "the record outlived the transaction")
        // A rolled-back transaction removes it too.
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try db.writer.write { d in
                try d.execute(sql: "INSERT INTO dataset_history(dataset_id, version, checksum, action, at) VALUES ('y', '1', '', 'test', '')")
                throw Stop()
            }
        }
        #expect(!FileManager.default.fileExists(atPath: record))
    }

    @Test("a writer that waits for another's write lock says so after about a second, naming the holder's pid and command", .timeLimit(.minutes(5)))
    func waitReported() async throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let holder = try openInstalledDatabase(in: tmp)
        let waiter = try YuhengDatabase.open(path: holder.path, installBundled: false) // a second pool: its own connections
        let notices = LockNotices.of(holder.path)

        let locked = Flag()
        let holding = Thread {
            try? holder.writer.write { d in
                try d.execute(sql: "INSERT INTO dataset_history(dataset_id, version, checksum, action, at) VALUES ('hold', '1', '', 'test', '')")
                locked.set()
                // Hold the lock until the waiter has reported its wait (at most a minute).
                let until = Date().addingTimeInterval(60)
                while notices.all.isEmpty && Date() < until { usleep(20_000) }
            }
        }
        holding.start()
        while !locked.isSet { try await Task.sleep(nanoseconds: 10_000_000) }
        let csv = "table,item,value,unit\nmine,x,1,kg/TJ\n"
        let n = try await Task.detached {
            try waiter.importFactorCSV(
                text: csv, fileName: "f.csv", info: DatasetInfo(id: "waited", title: "t", version: "1", source: "s", licence: "l", date: ""))
        }.value
        #expect(n == 1)
        let first = try #require(notices.all.first, "the wait was not reported")
        #expect(first.phase == .started)
        #expect(first.lock == "the database lock")
        #expect(first.waitedSeconds >= 0.9)
        #expect(first.holder?.pid == ProcessInfo.processInfo.processIdentifier)
        #expect(
            first.message.contains("waiting for the database lock held by pid \(ProcessInfo.processInfo.processIdentifier) ("), "\(first.message)")
        #expect(first.message.contains("since"))
        #expect(try waiter.dataset("waited") != nil)
    }
}

extension BoundsAndLocksTests {
    @Test("opening a database another process is setting up says for whom it waits (the setup lock's record)", .timeLimit(.minutes(5)))
    func setupWaitReported() async throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let path = try openInstalledDatabase(in: tmp).path
        let notices = LockNotices.of(path)
        // Take the setup lock as another Yuheng process would, with its record.
        let fd = open(path + ".lock", O_CREAT | O_RDWR, 0o644)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX) == 0)
        let record = try JSONEncoder().encode(
            LockHolder(
                pid: getpid(), command: "yuheng serve --db x", since: ISO8601DateFormatter().string(from: Date()),
                activity: "opening the database"))
        _ = record.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let opened = Flag()
        Thread {
            if (try? YuhengDatabase.open(path: path, installBundled: false)) != nil { opened.set() }
        }.start()
        let until = Date().addingTimeInterval(60)
        while notices.all.isEmpty && Date() < until { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(!opened.isSet, "the database opened while another process held the setup lock")
        flock(fd, LOCK_UN)
        close(fd)
        let first = try #require(notices.all.first, "the wait was not reported")
        #expect(first.lock == "the database setup lock" && first.phase == .started)
        #expect(
            first.message.contains("waiting for the database setup lock held by pid \(getpid()) (yuheng serve --db x, opening the database) since"),
            "\(first.message)")
        let done = Date().addingTimeInterval(60)
        while !opened.isSet && Date() < done { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(opened.isSet)
    }
}

/// The lock-wait notices of this test process, collected by one reporter installed once (tests run
/// in parallel: each reads the notices of its own database).
final class LockNotices: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [LockWait] = []
    func add(_ w: LockWait) { lock.lock(); list.append(w); lock.unlock() }

    private static let shared: LockNotices = {
        let n = LockNotices()
        YuhengDatabase.lockWaitReporter = { n.add($0) }
        return n
    }()

    /// The notices about the database at `path`.
    struct View: Sendable {
        let path: String
        var all: [LockWait] {
            let s = LockNotices.shared
            s.lock.lock(); defer { s.lock.unlock() }
            return s.list.filter { $0.databasePath == path }
        }
    }

    static func of(_ path: String) -> View {
        _ = shared
        return View(path: path)
    }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
