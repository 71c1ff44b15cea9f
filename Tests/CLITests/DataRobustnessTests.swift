import Foundation
import GRDB
import Testing
import YuhengCommands
import YuhengCore
import YuhengData

/// Issue 14 through the real binary: bounded search text, dataset ids, shipped ids, the
/// `data list` table, and waits for another process's write lock.
@Suite("yuheng data and search: bounds, ids, lock waits", .timeLimit(.minutes(10)))
struct DataRobustnessTests {
    static let db = CLI.databaseDir.appendingPathComponent("robustness.sqlite").path

    static func factorFile() throws -> String {
        let file = CLI.databaseDir.appendingPathComponent("mine.csv")
        try "table,item,value,unit,description\nmine,boiler,2.5,kg/TJ,my boiler\n".write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test("factors search and lca search refuse 2,000 one-letter words at once, naming the limit")
    func searchBounded() async throws {
        let words = (0..<2_000).map { String(UnicodeScalar(UInt8(97 + $0 % 26))) }.joined(separator: " ")
        for command in [["factors", "search"], ["lca", "search"]] {
            let start = Date()
            let o = try await CLI.run(command + [words], db: Self.db)
            #expect(o.status == 1, "\(command): \(o.stdout.prefix(300))")
            #expect(o.stderr.contains("the search text is 3999 characters long; the limit is 1000"), "\(command): \(o.stderr)")
            #expect(Date().timeIntervalSince(start) < 60, "\(command) took \(Date().timeIntervalSince(start)) s")
        }
        let distinct = (0..<33).map { "w\($0)" }.joined(separator: " ")
        let o = try await CLI.run(["factors", "search", distinct], db: Self.db)
        #expect(o.status == 1 && o.stderr.contains("33 different words; the limit is 32"), "\(o.stderr)")
        // Ordinary searches are unchanged; repeated words count once.
        let ok = try await CLI.run(["factors", "search", "natural gas residential natural gas", "--json"], db: Self.db)
        #expect(ok.status == 0 && ok.stdout.lowercased().contains("residential"), "\(ok.stderr)")
    }

    @Test("data import refuses the id of a shipped dataset (it would be reinstalled over the import) and suggests another")
    func shippedIDRefused() async throws {
        let file = try Self.factorFile()
        let o = try await CLI.run(["data", "import", file, "--id", "gwp", "--source", "me", "--licence", "CC0-1.0"], db: Self.db)
        #expect(o.status == 1)
        #expect(o.stderr.contains("'gwp' is the id of a dataset shipped with Yuheng"), "\(o.stderr)")
        #expect(o.stderr.contains("'gwp-user'"))
        // The shipped dataset is as it was, and stays after another start.
        let show = try #require(
            try JSONSerialization.jsonObject(with: Data(try await CLI.run(["data", "show", "gwp", "--json"], db: Self.db).stdout.utf8))
                as? [String: Any])
        let rows = try #require(show["rows"] as? [String: Int])
        #expect((rows["gwp"] ?? 0) > 100)
        let history = try #require(show["history"] as? [[String: Any]])
        #expect(!history.contains { $0["action"] as? String == "replaced" })
        // Under another id the same file imports.
        let mine = try await CLI.run(["data", "import", file, "--id", "gwp-user", "--source", "me", "--licence", "CC0-1.0"], db: Self.db)
        #expect(mine.status == 0, "\(mine.stderr)")
        let found = try await CLI.run(["factors", "search", "boiler", "--json"], db: Self.db)
        #expect(found.stdout.contains("gwp-user"))
    }

    @Test("data import refuses a 100,000-character id at once, naming the 128-character limit and the alphabet")
    func longIDRefused() async throws {
        let file = try Self.factorFile()
        let start = Date()
        let o = try await CLI.run(
            ["data", "import", file, "--id", String(repeating: "a", count: 100_000), "--source", "me", "--licence", "CC0-1.0"], db: Self.db)
        #expect(o.status == 1)
        #expect(o.stderr.contains("100000 characters long; the limit is 128"), "\(o.stderr.prefix(500))")
        #expect(o.stderr.count < 1_000, "the error shows the id shortened")
        let bad = try await CLI.run(["data", "import", file, "--id", "my factors", "--source", "me", "--licence", "CC0-1.0"], db: Self.db)
        #expect(bad.status == 1 && bad.stderr.contains("has the character ' ' at position 3"), "\(bad.stderr)")
        #expect(bad.stderr.contains("A–Z, a–z, 0–9, '.', '_' and '-'"))
        #expect(Date().timeIntervalSince(start) < 60)
    }

    @Test("the text table behind data list is linear in the cell length (a 100,000-character id took over 80 s)")
    func tableLinear() {
        let long = String(repeating: "x", count: 100_000)
        var t = TextTable(["ID", "Version", "Title"])
        t.add([long, "1", "a title"])
        t.add(["short", "2", "another  "])
        let start = Date()
        let out = t.render()
        #expect(Date().timeIntervalSince(start) < 20)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("ID ") && lines[0].hasSuffix("Title"))
        #expect(lines[3].hasPrefix("short ") && lines[3].hasSuffix("another"), "trailing spaces are trimmed")
        #expect(lines[2].count == 100_000 + 2 + 7 + 2 + 7)
    }

    @Test("an import that waits for another process's write lock says so on stderr, with that process's pid and command")
    func lockWaitReported() async throws {
        let path = CLI.databaseDir.appendingPathComponent("locked.sqlite").path
        let holder = try YuhengDatabase.open(path: path)
        let file = try Self.factorFile()
        let child = ChildProcess(CLI.binary, ["data", "import", file, "--id", "waited", "--source", "me", "--licence", "CC0-1.0", "--db", path])
        let locked = Gate()
        // This process takes the write lock and keeps it until the child reports that it waits (at most 90 s).
        let holding = Thread {
            try? holder.writer.write { d in
                try d.execute(sql: "INSERT INTO dataset_history(dataset_id, version, checksum, action, at) VALUES ('hold', '1', '', 'test', '')")
                locked.open()
                let until = Date().addingTimeInterval(90)
                while !child.stderr.contains("waiting for the database lock") && Date() < until { usleep(20_000) }
            }
            locked.open()
        }
        holding.start()
        while !locked.isOpen { try await Task.sleep(nanoseconds: 10_000_000) }
        let status = try await OwnThread.run { try child.runToEnd() }
        let pid = ProcessInfo.processInfo.processIdentifier
        #expect(status == 0, "\(child.stderr)")
        #expect(child.stdout.contains("imported 1 factors as dataset 'waited'"))
        #expect(child.stderr.contains("yuheng: waiting for the database lock held by pid \(pid) ("), "\(child.stderr)")
        #expect(child.stderr.contains("writing to the database) since "), "\(child.stderr)")
        #expect(try holder.dataset("waited") != nil)
    }
}

/// A child process whose output can be read while it runs.
final class ChildProcess: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    init(_ executable: URL, _ arguments: [String]) {
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = CLI.packageRoot
    }

    var stdout: String { lock.lock(); defer { lock.unlock() }; return String(decoding: out, as: UTF8.self) }
    var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: err, as: UTF8.self) }

    /// Starts the process, collects its output as it comes, and waits for it to end.
    func runToEnd() throws -> Int32 {
        let o = Pipe(), e = Pipe()
        process.standardOutput = o
        process.standardError = e
        let done = DispatchGroup()
        for (h, isErr) in [(o.fileHandleForReading, false), (e.fileHandleForReading, true)] {
            done.enter()
            Thread {
                while true {
                    let chunk = h.availableData
                    if chunk.isEmpty { break }
                    self.lock.lock()
                    if isErr { self.err.append(chunk) } else { self.out.append(chunk) }
                    self.lock.unlock()
                }
                done.leave()
            }.start()
        }
        try process.run()
        process.waitUntilExit()
        done.wait()
        return process.terminationStatus
    }
}

final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func open() { lock.lock(); value = true; lock.unlock() }
    var isOpen: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
