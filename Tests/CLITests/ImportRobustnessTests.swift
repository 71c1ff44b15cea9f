import Foundation
import Testing
import YuhengTestSupport
import YuhengCore
import ZIPFoundation

/// The real `yuheng` binary on hostile and damaged inputs (issue 14, items 3, 4, 7, 15 and 18):
/// every one ends with exit status 1 and a message naming the file, never a trap (a signal), a
/// stack overflow or memory without bound; and none changes the database.
@Suite("yuheng import robustness (binary)", .serialized)
struct ImportRobustnessTests {
    /// One database for the suite, holding one good user import ("mine").
    static let dir: URL = ScratchFolder.newFolder("import-robustness")
    static let db = dir.appendingPathComponent("robust.sqlite").path

    /// Runs the binary with extra environment variables (a trap or a crash shows as 128 + the signal).
    static func run(_ args: [String], environment: [String: String] = [:]) async throws -> CLI.Output {
        try await YuhengBinary.run(args, db: db, environment: environment)
    }

    /// Expects a refusal: exit status 1 (not a signal) and every one of `needles` in the error.
    static func expectRefused(
        _ args: [String], environment: [String: String] = [:], _ needles: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let before = try await snapshot()
        let o = try await run(args, environment: environment)
        #expect(o.status == 1, "exit \(o.status) for \(args.joined(separator: " ")); stderr: \(o.stderr.prefix(600))", sourceLocation: sourceLocation)
        for n in needles { #expect(o.stderr.contains(n), "'\(n)' not in: \(o.stderr.prefix(600))", sourceLocation: sourceLocation) }
        #expect(
            !o.stderr.contains("SQLite error") && !o.stderr.contains("NSXMLParserErrorDomain") && !o.stderr.contains("Fatal error"),
            "\(o.stderr.prefix(600))", sourceLocation: sourceLocation)
        let after = try await snapshot()
        #expect(after == before, "the database changed", sourceLocation: sourceLocation)
    }

    /// What a refused import could have changed: the registry and the LCI databases, and the
    /// user's own import.
    static func snapshot() async throws -> [String] {
        var out: [String] = []
        for args in [["data", "list"], ["lca", "databases"], ["lca", "calculate", "--lci", "mine", "--process", "Widget production", "--json"]] {
            let o = try await run(args)
            #expect(o.status == 0, "\(args): \(o.stderr)")
            out.append(o.stdout)
        }
        return out
    }

    // MARK: Fixtures

    /// A minimal openLCA JSON-LD export: one unit group, one flow property, two flows, one process.
    static let olcaFiles: [String: String] = [
        "unit_groups/ug.json":
            #"{"@type":"UnitGroup","@id":"ug","name":"Units of mass","units":[{"@type":"Unit","@id":"u-kg","name":"kg","conversionFactor":1.0,"referenceUnit":true}]}"#,
        "flow_properties/fp.json": #"{"@type":"FlowProperty","@id":"fp","name":"Mass","unitGroup":{"@type":"UnitGroup","@id":"ug"}}"#,
        "flows/f.json":
            #"{"@type":"Flow","@id":"f","name":"Widget","flowType":"PRODUCT_FLOW","flowProperties":[{"referenceFlowProperty":true,"flowProperty":{"@id":"fp"},"conversionFactor":1.0}]}"#,
        "flows/co2.json":
            #"{"@type":"Flow","@id":"co2","name":"Carbon dioxide, fossil","flowType":"ELEMENTARY_FLOW","cas":"124-38-9","category":{"@id":"c","name":"air"},"flowProperties":[{"referenceFlowProperty":true,"flowProperty":{"@id":"fp"},"conversionFactor":1.0}]}"#,
        "processes/p.json":
            #"{"@type":"Process","@id":"p","name":"Widget production","exchanges":[{"input":false,"quantitativeReference":true,"amount":1,"flow":{"@id":"f"},"unit":{"@id":"u-kg"},"flowProperty":{"@id":"fp"}},{"input":false,"amount":2.5,"flow":{"@id":"co2"},"unit":{"@id":"u-kg"},"flowProperty":{"@id":"fp"}}]}"#
    ]

    static func olcaZip(_ name: String, extra: [HostileZip.Entry] = []) throws -> URL {
        let entries = olcaFiles.sorted { $0.key < $1.key }.map { HostileZip.stored($0.key, $0.value) }
        return try HostileZip(entries: entries + extra).write(to: dir.appendingPathComponent(name))
    }

    /// A deflated `{}` whose central directory declares `size` bytes.
    static func bogusZip(_ name: String, entry: String, size: UInt64) throws -> URL {
        var e = try HostileZip.deflated(entry, Data("{}".utf8))
        e.uncompressedSize = size
        return try HostileZip(entries: [e]).write(to: dir.appendingPathComponent(name))
    }

    static func write(_ name: String, _ data: Data) throws -> URL {
        let u = dir.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: u)
        try data.write(to: u)
        return u
    }

    /// A writable copy of the pymrio test system.
    static func pymrioCopy(_ name: String) throws -> URL {
        let src = SharedData.root.appendingPathComponent("data/mrio/pymrio_test_system")
        let dest = dir.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: dest)
        try FileManager.default.copyItem(at: src, to: dest)
        return dest
    }

    // MARK: Tests

    @Test("setup: a good JSON-LD zip imports as 'mine' (the database every refusal below must leave alone)")
    func setup() async throws {
        let o = try await Self.run(["lca", "import", try Self.olcaZip("good.zip").path, "--id", "mine"])
        #expect(o.status == 0, "\(o.stderr)")
        let c = try await Self.run(["lca", "calculate", "--lci", "mine", "--process", "Widget production", "--json"])
        #expect(c.stdout.contains("\"total\""), "\(c.stderr)")
    }

    @Test("item 3: lca import and mrio accounts on zips whose central directory declares 2^64-1 or 2^62 bytes: a clear error, no trap")
    func bogusCentralDirectory() async throws {
        try await setupIfNeeded()
        for size in [UInt64.max, 1 << 62] {
            let lci = try Self.bogusZip("bogus-\(size).zip", entry: "processes/p.json", size: size)
            #expect(try Data(contentsOf: lci).count < 200)
            try await Self.expectRefused(
                ["lca", "import", lci.path, "--id", "mine"], ["bogus-\(size).zip!/processes/p.json", "declares", "damaged or crafted"])
            let exio = try Self.bogusZip("IOT_bogus-\(size).zip", entry: "IOT_2011_ixi/A.txt", size: size)
            try await Self.expectRefused(["mrio", "accounts", "--mrio", exio.path, "--format", "exiobase3"], ["IOT_2011_ixi/A.txt", "declares"])
        }
    }

    @Test("item 4: lca import of an EcoSpold2 file nested 50,000 deep: a clear error naming the file, no stack overflow")
    func deepXML() async throws {
        try await setupIfNeeded()
        let xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ecoSpold xmlns=\"http://www.EcoInvent.org/EcoSpold02\">"
            + String(repeating: "<a>", count: 50_000) + String(repeating: "</a>", count: 50_000) + "</ecoSpold>\n"
        let f = try Self.write("deep.spold", Data(xml.utf8))
        try await Self.expectRefused(["lca", "import", f.path, "--id", "mine"], ["deep.spold", "nested more than 256 elements deep"])
    }

    @Test("item 7: zip bombs, the configured budget, /dev/zero and lines without end are refused with the limit named")
    func bombsAndBounds() async throws {
        try await setupIfNeeded()
        // An honest 200 MiB bomb (a few hundred KB on disk).
        let bomb = try HostileZip(entries: [try HostileZip.deflatedFill("processes/bomb.json", count: 200 << 20)]).write(
            to: Self.dir.appendingPathComponent("bomb.zip"))
        try await Self.expectRefused(
            ["lca", "import", bomb.path, "--id", "mine"],
            ["bomb.zip!/processes/bomb.json", "200 MiB", "may expand to at most 64 MiB", "YUHENG_MAX_DECOMPRESSION_RATIO="])
        // The budget is configurable: the good export itself is refused under a 300-byte budget.
        let good = try Self.olcaZip("good-again.zip")
        try await Self.expectRefused(
            ["lca", "import", good.path, "--id", "mine"], environment: ["YUHENG_MAX_DECOMPRESSED_BYTES": "300"],
            ["good-again.zip", "300 bytes", "YUHENG_MAX_DECOMPRESSED_BYTES"])
        try await Self.expectRefused(
            ["lca", "import", good.path, "--id", "mine"], environment: ["YUHENG_MAX_DECOMPRESSED_BYTES": "many"],
            ["YUHENG_MAX_DECOMPRESSED_BYTES='many'"])
        // A CSV that is a link to /dev/zero, and one line longer than the configured maximum.
        let zero = Self.dir.appendingPathComponent("zero.csv")
        try? FileManager.default.removeItem(at: zero)
        try FileManager.default.createSymbolicLink(atPath: zero.path, withDestinationPath: "/dev/zero")
        try await Self.expectRefused(["lca", "import", zero.path, "--id", "mine"], ["zero.csv", "character device"])
        let long = try Self.write(
            "long.csv", Data(("process_id,direction,flow_name,amount,unit\nx,output,y,1,kg\n" + String(repeating: "z", count: 5000) + "\n").utf8))
        try await Self.expectRefused(
            ["lca", "import", long.path, "--id", "mine"], environment: ["YUHENG_MAX_LINE_BYTES": "1K"], ["long.csv", "line 3", "longer than 1024"])
    }

    @Test(
        "item 7: mrio accounts on a pymrio table whose Z.txt is a link to /dev/zero is refused (it grew without bound)",
        .enabled(if: SharedData.available, "../shared not available"))
    func pymrioDevZero() async throws {
        try await setupIfNeeded()
        let t = try Self.pymrioCopy("pymrio-zero")
        let z = t.appendingPathComponent("Z.txt")
        try FileManager.default.removeItem(at: z)
        try FileManager.default.createSymbolicLink(atPath: z.path, withDestinationPath: "/dev/zero")
        try await Self.expectRefused(["mrio", "accounts", "--mrio", t.path, "--format", "pymrio"], ["Z.txt", "character device"])
    }

    @Test(
        "item 15: a pymrio file_parameters.json naming ../../../../etc/passwd is refused",
        .enabled(if: SharedData.available, "../shared not available"))
    func descriptorEscape() async throws {
        try await setupIfNeeded()
        let t = try Self.pymrioCopy("pymrio-escape")
        let params = t.appendingPathComponent("file_parameters.json")
        let text = try String(contentsOf: params, encoding: .utf8)
        try text.replacingOccurrences(of: "\"name\": \"Z.txt\"", with: "\"name\": \"../../../../etc/passwd\"").write(
            to: params, atomically: true, encoding: .utf8)
        try await Self.expectRefused(
            ["mrio", "accounts", "--mrio", t.path, "--format", "pymrio"], ["file_parameters.json", "files.Z.name", "leaves the table's folder"])
        let o = try await Self.run(["mrio", "accounts", "--mrio", t.path, "--format", "pymrio"])
        #expect(!o.stderr.contains("root:"))
    }

    @Test("item 18: Latin-1 and UTF-16 CSV, Latin-1 EcoSpold2, a duplicate process id and nr_index_col \"1000000000\" all say what is wrong")
    func encodingsAndIDs() async throws {
        try await setupIfNeeded()
        let csv = "process_id,direction,flow_name,amount,unit\nbrot,output,Brot für Café,1,kg\n"
        let latin1 = try Self.write("latin1.csv", try #require(csv.data(using: .isoLatin1)))
        try await Self.expectRefused(["lca", "import", latin1.path, "--id", "mine"], ["latin1.csv", "not UTF-8 (looks like Latin-1"])
        let utf16 = try Self.write("utf16.csv", try #require(csv.data(using: .utf16)))
        try await Self.expectRefused(["lca", "import", utf16.path, "--id", "mine"], ["utf16.csv", "not UTF-8 (looks like UTF-16"])
        let spold =
            "<?xml version=\"1.0\"?>\n<ecoSpold xmlns=\"http://www.EcoInvent.org/EcoSpold02\"><activityDataset><activityDescription><activity id=\"a\"><activityName>Stahl für Brücken</activityName></activity></activityDescription><flowData/></activityDataset></ecoSpold>\n"
        let es = try Self.write("latin1.spold", try #require(spold.data(using: .isoLatin1)))
        try await Self.expectRefused(["lca", "import", es.path, "--id", "mine"], ["latin1.spold", "not UTF-8 (looks like Latin-1"])
        let dup = try Self.olcaZip("dup.zip", extra: [HostileZip.stored("processes/p-copy.json", Self.olcaFiles["processes/p.json"]!)])
        try await Self.expectRefused(
            ["lca", "import", dup.path, "--id", "mine"], ["processes/p-copy.json", "process id p ", "processes/p.json", "unique"])
        if SharedData.available {
            let t = try Self.pymrioCopy("pymrio-index")
            let params = t.appendingPathComponent("file_parameters.json")
            let text = try String(contentsOf: params, encoding: .utf8)
            try text.replacingOccurrences(of: "\"nr_index_col\": \"2\"", with: "\"nr_index_col\": \"1000000000\"").write(
                to: params, atomically: true, encoding: .utf8)
            try await Self.expectRefused(
                ["mrio", "accounts", "--mrio", t.path, "--format", "pymrio"],
                ["file_parameters.json", "nr_index_col is \"1000000000\"", "whole number from 1 to 32"])
            let o = try await Self.run(["mrio", "accounts", "--mrio", t.path, "--format", "pymrio"])
            #expect(!o.stderr.contains("999999999"))
        }
    }

    /// The suite's database with its good import (tests may run alone).
    func setupIfNeeded() async throws {
        let o = try await Self.run(["lca", "databases"])
        if !o.stdout.contains("mine") { try await setup() }
    }
}
