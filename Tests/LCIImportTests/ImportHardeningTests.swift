import Foundation
import Testing
import YuhengTestSupport
import YuhengCore
@testable import YuhengData
import YuhengLCA

/// Hostile and damaged inputs for the LCI importers and the archive layer they share (issue 14,
/// items 3, 4, 7 and 18): every one ends in a clear error naming the file, never a trap, a stack
/// overflow, unbounded memory or a hang, and a refused import leaves the database as it was.
@Suite("Importers refuse hostile and damaged inputs")
struct ImportHardeningTests {
    /// A JSON-LD "export" whose one process file is deflated `{}` with a central directory that
    /// declares `size` uncompressed bytes (ZIP64 when it does not fit 32 bits).
    static func bogusSizeZip(_ size: UInt64, in tmp: TempDir, name: String = "bogus.zip") throws -> URL {
        var e = try HostileZip.deflated("processes/p.json", Data("{}".utf8))
        e.uncompressedSize = size
        return try HostileZip(entries: [e]).write(to: tmp.sub(name))
    }

    /// The small openLCA fixture as a zip of stored entries (plus `extra` entries).
    static func fixtureZip(_ fixture: OlcaFixture = OlcaFixture(), extra: [HostileZip.Entry] = [], in tmp: TempDir, name: String) throws -> URL {
        let entries = fixture.files.sorted { $0.key < $1.key }.map { HostileZip.stored($0.key, $0.value) }
        return try HostileZip(entries: entries + extra).write(to: tmp.sub(name))
    }

    // MARK: Item 3: central directories that lie about sizes

    @Test("a zip whose central directory declares 2^64-1, 2^62 or 2^40 uncompressed bytes is refused before anything is decompressed (it trapped)")
    func declaredSizesBeyondAnyBudget() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        for size in [UInt64.max, 1 << 62, 1 << 40] {
            let url = try Self.bogusSizeZip(size, in: tmp, name: "bogus-\(size).zip")
            #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0 < 200)
            let e = try #require(throws: DataError.self) { try SafeArchive(path: url.path) }
            #expect(e.code == .tooLarge)
            #expect(e.file == "\(url.path)!/processes/p.json")
            #expect(e.message.contains("declares") && e.message.contains("may expand to at most 64 MiB"), "\(e)")
            if size > 1 << 50 {
                #expect(e.suggestion?.contains("damaged or crafted") == true, "\(e)")
            } else {
                #expect(
                    e.suggestion?.contains("YUHENG_MAX_DECOMPRESSED_BYTES=1025G") == true
                        && e.suggestion?.contains("YUHENG_MAX_DECOMPRESSION_RATIO=") == true, "\(e)")
            }
            let l = try #require(throws: LCAError.self) { try OpenLCAReader.read(path: url.path) }
            #expect(l.dataset?.hasSuffix("bogus-\(size).zip!/processes/p.json") == true, "\(l)")
            #expect(l.description.contains("declares"))
        }
    }

    @Test("compressed sizes, offsets and entry counts beyond the archive's real size are refused (ZIPFoundation trapped on them)")
    func structureBeyondTheFile() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        var e = try HostileZip.deflated("processes/p.json", Data("{}".utf8))
        e.compressedSize = UInt64.max
        let url = try HostileZip(entries: [e]).write(to: tmp.sub("csize.zip"))
        let err = try #require(throws: DataError.self) { try SafeArchive(path: url.path) }
        #expect(err.code == .malformedFile)
        #expect(err.message.contains("beyond the end"), "\(err)")
        #expect(throws: LCAError.self) { try OpenLCAReader.read(path: url.path) }

        // Stored entries must declare the same size twice.
        var s = HostileZip.stored("processes/p.json", "{}")
        s.uncompressedSize = 1 << 62
        let stored = try HostileZip(entries: [s]).write(to: tmp.sub("stored.zip"))
        #expect((try #require(throws: DataError.self) { try SafeArchive(path: stored.path) }).message.contains("stored uncompressed"))

        // Garbage and truncation.
        try Data("PK not really a zip".utf8).write(to: tmp.sub("garbage.zip"))
        #expect((try #require(throws: DataError.self) { try SafeArchive(path: tmp.sub("garbage.zip").path) }).code == .malformedFile)
        let good = HostileZip(entries: [HostileZip.stored("processes/p.json", "{}")]).bytes
        try good.prefix(good.count - 30).write(to: tmp.sub("truncated.zip"))
        #expect(throws: DataError.self) { try SafeArchive(path: tmp.sub("truncated.zip").path) }
    }

    @Test("entries that share bytes (the overlapping zip bomb) are refused")
    func overlappingEntries() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let a = try HostileZip.deflatedFill("processes/a.json", count: 1 << 20)
        var b = a
        b.name = "processes/b.json"
        b.sharesBytesWith = 0
        let url = try HostileZip(entries: [a, b]).write(to: tmp.sub("overlap.zip"))
        let e = try #require(throws: DataError.self) { try SafeArchive(path: url.path) }
        #expect(e.message.contains("share bytes"), "\(e)")
    }

    // MARK: Item 7: zip bombs and budgets

    @Test("a zip bomb with honest headers (100 MiB in one entry, or 8 × 10 MiB) is refused from its directory, nothing decompressed")
    func honestBombs() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let big = try HostileZip.deflatedFill("processes/bomb.json", count: 100 << 20)
        let one = try HostileZip(entries: [big]).write(to: tmp.sub("one.zip"))
        #expect((try FileManager.default.attributesOfItem(atPath: one.path)[.size] as? Int ?? .max) < 1 << 20)
        let e1 = try #require(throws: DataError.self) { try SafeArchive(path: one.path) }
        #expect(e1.code == .tooLarge && e1.message.contains("100 MiB"), "\(e1)")
        #expect(e1.suggestion?.contains("zip bomb; if it is genuine, allow it with YUHENG_MAX_DECOMPRESSION_RATIO=") == true, "\(e1)")
        #expect(throws: LCAError.self) { try OpenLCAReader.read(path: one.path) }

        let ten = try HostileZip.deflatedFill("x", count: 10 << 20)
        let many = (0..<8).map { i -> HostileZip.Entry in
            var e = ten; e.name = "processes/p\(i).json"; return e
        }
        let url = try HostileZip(entries: many).write(to: tmp.sub("many.zip"))
        let e2 = try #require(throws: DataError.self) { try SafeArchive(path: url.path) }
        #expect(e2.code == .tooLarge && e2.message.contains("in all"), "\(e2)")
    }

    @Test("an entry that inflates beyond what its header declares stops at the declared size (a lying bomb)")
    func lyingHeader() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        var e = try HostileZip.deflatedFill("processes/p.json", count: 50 << 20)
        e.uncompressedSize = 1000
        let url = try HostileZip(entries: [e]).write(to: tmp.sub("liar.zip"))
        let zip = try SafeArchive(path: url.path)
        var seen = 0
        let err = try #require(throws: DataError.self) { try zip.stream(zip.entry("processes/p.json")!) { seen += $0.count } }
        #expect(err.message.contains("more than the 1000 bytes its header declares"), "\(err)")
        #expect(seen <= 1000)
        #expect(zip.decompressed <= 1000)
        #expect(throws: LCAError.self) { try OpenLCAReader.read(path: url.path) }
    }

    @Test("a deflate stream cut short ends in an error, not a loop or an over-read")
    func truncatedDeflate() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        var text = "["
        for i in 0..<20_000 { text += "{\"i\":\(i),\"v\":\"\(i * 7919 % 10007)\"}," }
        text += "{}]"
        var e = try HostileZip.deflated("processes/p.json", Data(text.utf8))
        e.payload = e.payload.prefix(e.payload.count / 2)
        e.compressedSize = UInt64(e.payload.count)
        let url = try HostileZip(entries: [e]).write(to: tmp.sub("cut.zip"))
        let zip = try SafeArchive(path: url.path)
        let err = try #require(throws: DataError.self) { _ = try zip.data(zip.entry("processes/p.json")!) }
        #expect(err.code == .malformedFile, "\(err)")
    }

    @Test("the archive budget is counted over every entry read, with the limits given (or from the environment)")
    func budgetOverEntries() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let kb = Data(repeating: 65, count: 1000)
        let url = try HostileZip(entries: [HostileZip.stored("a", kb), try HostileZip.deflated("b", kb)]).write(to: tmp.sub("two.zip"))
        let limits = ImportLimits(maxDecompressedBytes: 2500, maxCompressionRatio: 20, maxFileBytes: 1 << 20, maxLineBytes: 1 << 20)
        let zip = try SafeArchive(path: url.path, limits: limits)
        #expect(zip.budget == 2500)
        #expect(try zip.data(zip.entry("a")!) == kb)
        #expect(try zip.data(zip.entry("b")!) == kb)
        let e = try #require(throws: DataError.self) { _ = try zip.data(zip.entry("a")!) }
        #expect(e.code == .tooLarge && e.message.contains("left of this archive's budget"), "\(e)")
        // The sum of declared sizes is checked up front.
        let small = ImportLimits(maxDecompressedBytes: 1500, maxCompressionRatio: 20, maxFileBytes: 1 << 20, maxLineBytes: 1 << 20)
        #expect((try #require(throws: DataError.self) { try SafeArchive(path: url.path, limits: small) }).message.contains("in all"))
        // One file read whole is bounded too.
        let tiny = ImportLimits(maxDecompressedBytes: 1 << 20, maxCompressionRatio: 20, maxFileBytes: 999, maxLineBytes: 1 << 20)
        let z2 = try SafeArchive(path: url.path, limits: tiny)
        #expect((try #require(throws: DataError.self) { _ = try z2.data(z2.entry("a")!) }).code == .tooLarge)
    }

    @Test("limits: defaults, the environment's overrides (with size suffixes), and a clear error for a bad value")
    func limitsFromEnvironment() throws {
        #expect(try ImportLimits.current(environment: [:]) == .defaults)
        let l = try ImportLimits.current(environment: [
            "YUHENG_MAX_DECOMPRESSED_BYTES": "2G", "YUHENG_MAX_DECOMPRESSION_RATIO": "50",
            "YUHENG_MAX_FILE_BYTES": "512M", "YUHENG_MAX_LINE_BYTES": "4096"
        ])
        #expect(l.maxDecompressedBytes == 2 << 30 && l.maxCompressionRatio == 50 && l.maxFileBytes == 512 << 20 && l.maxLineBytes == 4096)
        #expect(ImportLimits.defaults.decompressedBudget(archiveBytes: 1000) == 64 << 20) // the floor
        #expect(ImportLimits.defaults.decompressedBudget(archiveBytes: 100 << 20) == 2000 << 20) // 20 ×
        #expect(ImportLimits.defaults.decompressedBudget(archiveBytes: 10 << 30) == 16 << 30) // the cap
        #expect(ImportLimits.defaults.decompressedBudget(archiveBytes: .max) == 16 << 30) // no overflow
        let e = try #require(throws: DataError.self) { try ImportLimits.current(environment: ["YUHENG_MAX_DECOMPRESSED_BYTES": "lots"]) }
        #expect(e.code == .invalidValue && e.message.contains("YUHENG_MAX_DECOMPRESSED_BYTES='lots'"))
        #expect(ImportLimits.parseSize("64MiB") == 64 << 20 && ImportLimits.parseSize("99999999999T") == nil && ImportLimits.parseSize("-1") == nil)
    }

    @Test("the US LCI JSON-LD zip still imports through the safe archive (3.3 : 1, far inside the budget)", .enabled(if: LCI.sharedAvailable))
    func realArchiveStillReads() throws {
        let zip = try SafeArchive(path: LCI.uslciZip.path)
        #expect(zip.files.count > 6000)
        #expect(zip.budget == 20 * zip.archiveBytes)
        let u = try #require(LCI.uslci)
        #expect(u.db.processes.count > 700)
    }

    // MARK: Item 4: deep XML

    static func deepXML(_ depth: Int) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ecoSpold xmlns=\"http://www.EcoInvent.org/EcoSpold02\">"
            + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</ecoSpold>\n"
    }

    @Test("an EcoSpold2 file nested 50,000 deep is refused at 256 levels, naming the file (it overflowed the stack)")
    func deepEcoSpold() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let f = try tmp.write("deep.spold", Self.deepXML(50_000))
        let e = try #require(throws: LCAError.self) { try EcoSpold2Reader.read(path: f.path) }
        #expect(e.dataset == "deep.spold")
        #expect(e.message.contains("nested more than 256 elements deep"), "\(e)")
        // A plausible depth is still read (and is not an EcoSpold2 dataset).
        try tmp.write("shallow.spold", Self.deepXML(100))
        let s = try #require(throws: LCAError.self) { try EcoSpold2Reader.read(path: tmp.sub("shallow.spold").path) }
        #expect(!s.message.contains("nested"))
    }

    @Test("an element tree 300,000 deep frees itself without recursion")
    func deepTreeFreesIteratively() {
        var root: XMLElementNode? = XMLElementNode(name: "root", attributes: [:])
        var node = root!
        for _ in 0..<300_000 {
            let child = XMLElementNode(name: "a", attributes: [:])
            node.children.append(child)
            node = child
        }
        node = XMLElementNode(name: "other", attributes: [:])
        root = nil // recursive deinits overflowed the stack here
        #expect(root == nil && node.children.isEmpty)
    }

    // MARK: Item 18: encodings and duplicate ids

    @Test("an LCI CSV in Latin-1 or UTF-16 says so ('not UTF-8 (looks like …)'), not 'cannot read the file'")
    func csvEncodings() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let text = "process_id,process_name,reference,direction,flow_name,amount,unit\nbread,Brot für Café,yes,output,Brot,1,kg\n"
        let latin1 = tmp.sub("latin1.csv")
        try #require(text.data(using: .isoLatin1)).write(to: latin1)
        let e1 = try #require(throws: LCAError.self) { try LCICSVReader.read(path: latin1.path) }
        #expect(e1.dataset == "latin1.csv")
        #expect(e1.message.contains("not UTF-8 (looks like Latin-1"), "\(e1)")
        let utf16 = tmp.sub("utf16.csv")
        try #require(text.data(using: .utf16LittleEndian)).write(to: utf16)
        let e2 = try #require(throws: LCAError.self) { try LCICSVReader.read(path: utf16.path) }
        #expect(e2.message.contains("not UTF-8 (looks like UTF-16"), "\(e2)")
        // UTF-8 with a byte-order mark reads.
        try (Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)).write(to: tmp.sub("bom.csv"))
        let (db, _) = try LCICSVReader.read(path: tmp.sub("bom.csv").path)
        #expect(db.processes.first?.name == "Brot für Café")
    }

    @Test("an EcoSpold2 file in Latin-1 says 'not UTF-8 (looks like Latin-1)'; one that declares ISO-8859-1 is read")
    func ecoSpoldEncodings() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let utf8 = EcoSpold2Fixture.dataset(name: "Stahl für Brücken, Überseeware", withWaterUnitName: true)
        let bytes = try #require(utf8.data(using: .isoLatin1))
        try bytes.write(to: tmp.sub("latin1.spold"))
        let e = try #require(throws: LCAError.self) { try EcoSpold2Reader.read(path: tmp.sub("latin1.spold").path) }
        #expect(e.dataset == "latin1.spold")
        #expect(e.message.contains("not UTF-8 (looks like Latin-1"), "\(e)")
        #expect(!e.description.contains("NSXMLParserErrorDomain"))

        let declared = utf8.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"")
        try #require(declared.data(using: .isoLatin1)).write(to: tmp.sub("declared.spold"))
        let (db, _) = try EcoSpold2Reader.read(path: tmp.sub("declared.spold").path)
        #expect(db.processes.first?.name == "Stahl für Brücken, Überseeware")
    }

    /// Everything a refused import could have touched: the registry and every LCI database.
    static func snapshot(_ db: YuhengDatabase) throws -> (datasets: [DatasetInfo], lci: [String], mine: LCIDatabase) {
        (try db.datasets(), try db.lciDatabases().map { "\($0.id):\($0.processes)" }, try db.loadLCI(id: "mine"))
    }

    static func freshDatabase(_ tmp: TempDir) throws -> YuhengDatabase {
        let db = try YuhengDatabase.open(path: tmp.sub("y.sqlite").path)
        let (lci, _) = try OpenLCAReader.read(path: try OlcaFixture().writeFolder(in: tmp, name: "good").path, name: "mine")
        try db.saveLCI(lci, info: DatasetInfo(id: "mine", title: "mine", version: "1", source: "test", licence: "CC0-1.0", date: "2025-01-01"))
        return db
    }

    @Test("a duplicate process id in a JSON-LD zip names the id and both files (was 'SQLite error 19'); the database is unchanged")
    func duplicateProcessID() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = try Self.freshDatabase(tmp)
        let before = try Self.snapshot(db)
        var fixture = OlcaFixture()
        fixture.extraFiles["processes/p-steel-copy.json"] = fixture.files["processes/p-steel.json"]!
        let url = try Self.fixtureZip(fixture, in: tmp, name: "dup.zip")
        let e = try #require(throws: LCAError.self) {
            let (lci, _) = try OpenLCAReader.read(path: url.path, name: "dup")
            try db.saveLCI(lci, info: DatasetInfo(id: "mine", title: "dup", version: "2", source: "test", licence: "CC0-1.0", date: "2025-01-02"))
        }
        #expect(e.message.contains("p-steel") && e.message.contains("processes/p-steel") && e.dataset?.contains("p-steel") == true, "\(e)")
        #expect(!e.description.contains("SQLite"))
        let after = try Self.snapshot(db)
        #expect(after.datasets == before.datasets && after.lci == before.lci)
        expectSameDatabase(after.mine, before.mine)
    }

    @Test("every refused import leaves the database exactly as it was")
    func refusedImportsLeaveTheDatabase() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = try Self.freshDatabase(tmp)
        let before = try Self.snapshot(db)
        let bogus = try Self.bogusSizeZip(.max, in: tmp)
        let bomb = try HostileZip(entries: [try HostileZip.deflatedFill("processes/bomb.json", count: 80 << 20)]).write(to: tmp.sub("bomb.zip"))
        try tmp.write("deep.spold", Self.deepXML(50_000))
        try "process_id,direction,flow_name,amount,unit\nx,output,Café,1,kg\n".data(using: .isoLatin1)!.write(to: tmp.sub("latin1.csv"))
        let attempts: [(String, () throws -> LCIDatabase)] = [
            ("bogus sizes", { try OpenLCAReader.read(path: bogus.path, name: "mine").0 }),
            ("zip bomb", { try OpenLCAReader.read(path: bomb.path, name: "mine").0 }),
            ("deep XML", { try EcoSpold2Reader.read(path: tmp.sub("deep.spold").path, name: "mine").0 }),
            ("Latin-1 CSV", { try LCICSVReader.read(path: tmp.sub("latin1.csv").path, name: "mine").0 })
        ]
        for (what, read) in attempts {
            #expect(throws: LCAError.self, "\(what)") {
                let lci = try read()
                try db.saveLCI(lci, info: DatasetInfo(id: "mine", title: what, version: "2", source: "test", licence: "CC0-1.0", date: "2025-01-02"))
            }
            let after = try Self.snapshot(db)
            #expect(after.datasets == before.datasets && after.lci == before.lci, "\(what)")
            expectSameDatabase(after.mine, before.mine)
        }
    }

    // MARK: Item 7: non-regular files and long lines

    @Test("devices and FIFOs are refused as input files (a symlink to /dev/zero grew without bound; a FIFO blocked)")
    func nonRegularFiles() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        try FileManager.default.createSymbolicLink(atPath: tmp.sub("zero.csv").path, withDestinationPath: "/dev/zero")
        let e1 = try #require(throws: LCAError.self) { try LCICSVReader.read(path: tmp.sub("zero.csv").path) }
        #expect(e1.message.contains("character device"), "\(e1)")
        try FileManager.default.createSymbolicLink(atPath: tmp.sub("zero.spold").path, withDestinationPath: "/dev/zero")
        #expect(
            (try #require(throws: LCAError.self) { try EcoSpold2Reader.read(path: tmp.sub("zero.spold").path) }).message.contains(
                "not a regular file"))
        #expect(mkfifo(tmp.sub("fifo.csv").path, 0o600) == 0)
        let e2 = try #require(throws: LCAError.self) { try LCICSVReader.read(path: tmp.sub("fifo.csv").path) }
        #expect(e2.message.contains("named pipe"), "\(e2)")
        // A JSON-LD folder whose process file is a link to /dev/zero.
        let folder = try OlcaFixture().writeFolder(in: tmp, name: "olca")
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("processes/zero.json").path, withDestinationPath: "/dev/zero")
        let e3 = try #require(throws: LCAError.self) { try OpenLCAReader.read(path: folder.path) }
        #expect(e3.message.contains("character device") && e3.dataset?.hasSuffix("olca/processes/zero.json") == true, "\(e3)")
        // And a zip archive that is a device.
        #expect((try #require(throws: DataError.self) { try SafeArchive(path: "/dev/zero") }).message.contains("character device"))
    }

    @Test("text readers stop at a maximum line length with an error naming the line")
    func lineLengths() throws {
        let long = "a,b\n1,2\n" + String(repeating: "x", count: 5000) + "\n"
        let e = try #require(throws: CoreError.self) { try CSVTable(text: long, maxRecordLength: 1000) }
        #expect(e.message.contains("line 3") && e.message.contains("longer than 1000"), "\(e)")
        #expect(try CSVTable(text: long, maxRecordLength: 10_000).rows.count == 2)
        let b = try #require(throws: LCAError.self) { try CSVRecords.split(long, file: "bw.csv", maxRecordBytes: 1000) }
        #expect(b.dataset == "bw.csv" && b.message.contains("line 3"), "\(b)")
    }
}
