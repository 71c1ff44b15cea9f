import Foundation
import Testing
import YuhengTestSupport
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengNumerics

@Suite("MatrixFile (.ymat)")
struct MatrixFileTests {
    /// Zeros, negatives, -0.0, a NaN with a payload, subnormals and extremes.
    static func awkward(rows: Int, columns: Int, density: Double) -> DenseMatrix {
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            return Double(state >> 11) / Double(1 << 53)
        }
        var m = DenseMatrix(rows: rows, columns: columns) { _, _ in next() < density ? (next() - 0.5) * 1e4 : 0 }
        if rows > 2 && columns > 2 {
            m[0, 0] = -0.0
            m[1, 1] = Double(bitPattern: 0x7FF8_0000_0000_0ABC) // NaN with payload
            m[2, 1] = Double.leastNonzeroMagnitude
            m[0, 2] = -1.7976931348623157e308
            m[rows - 1, columns - 1] = -42
        }
        return m
    }

    @Test("dense, CSC and automatic storage round-trip bit-identically", arguments: [(5, 7, 0.9), (40, 30, 0.05), (1, 1, 1.0), (3, 3, 0.0)])
    func roundTrip(_ shape: (Int, Int, Double)) throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let m = Self.awkward(rows: shape.0, columns: shape.1, density: shape.2)
        for sparse in [nil, true, false] as [Bool?] {
            let url = tmp.sub("m-\(String(describing: sparse)).ymat")
            let info = try MatrixFile.write(m, to: url, sparse: sparse)
            let back = try MatrixFile.read(from: url)
            #expect(back.rows == m.rows && back.columns == m.columns)
            #expect(bits(back) == bits(m), "sparse=\(String(describing: sparse))")
            #expect(try MatrixFile.info(of: url) == info)
            let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
            #expect(size == info.bytes)
            if sparse == true { #expect(info.storage == .csc) }
            if sparse == false { #expect(info.storage == .dense) }
        }
        // Automatic choice: the smaller one.
        let nnz = MatrixFile.storedEntryCount(m)
        let auto = try MatrixFile.encode(m)
        let dense = try MatrixFile.encode(m, sparse: false), csc = try MatrixFile.encode(m, sparse: true)
        #expect(auto.count == min(dense.count, csc.count))
        #expect(csc.count == 64 + 8 * (m.columns + 1) + 12 * nnz)
        #expect(dense.count == 64 + 8 * m.rows * m.columns)
    }

    @Test("empty matrices round-trip")
    func empty() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        for (r, c) in [(0, 0), (0, 4), (3, 0)] {
            let m = DenseMatrix.zeros(rows: r, columns: c)
            for sparse in [true, false] {
                let url = tmp.sub("e\(r)x\(c)\(sparse).ymat")
                try MatrixFile.write(m, to: url, sparse: sparse)
                let back = try MatrixFile.read(from: url)
                #expect(back.rows == r && back.columns == c)
            }
        }
    }

    @Test("truncated, damaged and foreign files are rejected with a clear error")
    func damaged() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let m = Self.awkward(rows: 30, columns: 20, density: 0.1)
        for sparse in [true, false] {
            let url = tmp.sub("ok.ymat")
            try MatrixFile.write(m, to: url, sparse: sparse)
            let good = try Data(contentsOf: url)
            for cut in [1, 8, good.count - 64, good.count - 63, good.count - 10, good.count] {
                let bad = tmp.sub("cut.ymat")
                try good.prefix(good.count - cut).write(to: bad)
                let e = expectMRIOError { _ = try MatrixFile.read(from: bad) }
                #expect(e?.code == .malformedFile, "cut \(cut)")
                #expect(e?.file == bad.path)
                #expect(e?.message.contains("truncated") == true || e?.message.contains("no YMAT header") == true, "cut \(cut): \(e?.message ?? "")")
            }
            // A flipped payload byte: payload checksum.
            var flipped = good
            flipped[flipped.count - 3] ^= 0x40
            try flipped.write(to: tmp.sub("flip.ymat"))
            let e1 = expectMRIOError { _ = try MatrixFile.read(from: tmp.sub("flip.ymat")) }
            #expect(e1?.message.contains("payload checksum") == true)
            // A flipped header byte: header checksum.
            var header = good
            header[9] ^= 0x01
            try header.write(to: tmp.sub("head.ymat"))
            let e2 = expectMRIOError { _ = try MatrixFile.read(from: tmp.sub("head.ymat")) }
            #expect(e2?.message.contains("header checksum") == true)
            // Extra bytes
            try (good + Data([0])).write(to: tmp.sub("long.ymat"))
            let e3 = expectMRIOError { _ = try MatrixFile.read(from: tmp.sub("long.ymat")) }
            #expect(e3?.message.contains("unexpected bytes") == true)
        }
        try Data("Z.txt is not a matrix file at all, it is text".utf8).write(to: tmp.sub("text.ymat"))
        let e = expectMRIOError { _ = try MatrixFile.read(from: tmp.sub("text.ymat")) }
        #expect(e?.message.contains("not a Yuheng matrix file") == true)
        let missing = expectMRIOError { _ = try MatrixFile.read(from: tmp.sub("none.ymat")) }
        #expect(missing?.code == .missingData)
    }

    @Test("the header layout is the documented one (magic, version, storage, dims, CRC-32 as zlib)")
    func headerLayout() throws {
        let m = try DenseMatrix(rowMajor: [[1, 0, 0], [0, 0, 2]])
        let b = try MatrixFile.encode(m, sparse: true)
        #expect(Array(b[0..<4]) == Array("YMAT".utf8))
        #expect(b[4] == 1 && b[5] == 0 && b[6] == 1)
        #expect(b[8] == 2 && b[16] == 3 && b[24] == 2)
        #expect(b.count == 64 + 8 * 4 + 12 * 2)
        // The payload CRC is zlib's CRC-32 (what scripts/build_mrio_bundle.py writes with zlib.crc32).
        let one = try MatrixFile.encode(DenseMatrix(rows: 1, columns: 1, repeating: 1.0), sparse: false)
        let crc = UInt32(one[40]) | UInt32(one[41]) << 8 | UInt32(one[42]) << 16 | UInt32(one[43]) << 24
        if let py = TestPaths.executable("python3") {
            let (status, out) = try IO.run(py, ["-c", "import zlib,struct; print(zlib.crc32(struct.pack('<d', 1.0)))"])
            #expect(status == 0)
            #expect(UInt32(out.trimmingCharacters(in: .whitespacesAndNewlines)) == crc)
        }
    }
}

@Suite("MRIOStore and the database registry")
struct MRIOStoreTests {
    @Test("a system with A, x, population, two extensions and F_Y round-trips bit-identically")
    func roundTripFixture() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        var s = try ExiobaseFixture.system()
        s.population = ["AT": 8_400_000, "BE": 11_000_000, "WA": 1.5e9]
        s.provenance = Provenance(datasetID: "fixture", version: "1", source: "synthetic", licence: "CC0-1.0")
        for sparse in [nil, true, false] as [Bool?] {
            let dir = tmp.sub("store-\(String(describing: sparse))")
            let manifest = try MRIOStore.save(s, to: dir, sparse: sparse, notes: ["a note"])
            #expect(manifest.matrices.keys.sorted() == ["A", "Y", "x"])
            #expect(manifest.extensions.map(\.F.file) == ["impacts.F.ymat", "satellite.F.ymat"])
            let back = try MRIOStore.load(from: dir, verifyChecksums: true)
            expectIdentical(back, s, "store sparse=\(String(describing: sparse))")
            #expect(back.population == s.population)
            #expect(back.provenance == s.provenance)
            #expect(back.name == s.name)
            #expect(try MRIOStore.manifest(at: dir).notes == ["a note"])
        }
        let only = try MRIOStore.load(from: tmp.sub("store-nil"), extensions: ["satellite"])
        #expect(only.extensions.map(\.name) == ["satellite"])
    }

    @Test("SHA-256 verification catches a swapped matrix file; a missing file is named", .enabled(if: IO.sharedAvailable))
    func checksums() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let s = try MRIOReader.read(path: IO.sharedPath(IO.pymrioTestSystem))
        let dir = tmp.sub("store")
        try MRIOStore.save(s, to: dir)
        var y = s.Y
        y[0, 0] += 1
        try MatrixFile.write(y, to: dir.appendingPathComponent("Y.ymat"))
        _ = try MRIOStore.load(from: dir) // CRC is fine: the file itself is intact
        let e = expectMRIOError { _ = try MRIOStore.load(from: dir, verifyChecksums: true) }
        #expect(e?.code == .malformedFile)
        #expect(e?.message.contains("SHA-256") == true)
        #expect(e?.file?.hasSuffix("Y.ymat") == true)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("emissions.F_Y.ymat"))
        let m = expectMRIOError { _ = try MRIOStore.load(from: dir) }
        #expect(m?.code == .missingData)
        #expect(m?.file?.hasSuffix("emissions.F_Y.ymat") == true)
        let none = expectMRIOError { _ = try MRIOStore.load(from: tmp.sub("nothing")) }
        #expect(none?.code == .missingData)
        #expect(none?.file?.hasSuffix("system.json") == true)
    }

    @Test("the pymrio test system and WIOD round-trip through a store", .enabled(if: IO.sharedAvailable))
    func sharedRoundTrip() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        for rel in [IO.pymrioTestSystem, IO.wiodCSV] {
            let s = try MRIOReader.read(path: IO.sharedPath(rel))
            let dir = tmp.sub((rel as NSString).lastPathComponent)
            let manifest = try MRIOStore.save(s, to: dir)
            let back = try MRIOStore.load(from: dir)
            expectIdentical(back, s, rel)
            #expect(back.population == s.population)
            if rel == IO.wiodCSV { #expect(manifest.matrices["Z"]?.storage == "csc") }
        }
    }

    @Test("register, list, load, replace and remove MRIO tables in the database", .enabled(if: IO.sharedAvailable))
    func registry() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = try YuhengDatabase.open(path: tmp.sub("db/yuheng.sqlite").path, installBundled: false)
        #expect(try db.mrioTables().isEmpty)
        let s = try MRIOReader.read(path: IO.sharedPath(IO.pymrioTestSystem))
        let inside = tmp.sub("db/mrio/test")
        try MRIOStore.save(s, to: inside)
        let info = DatasetInfo(
            id: "pymrio-test", title: "pymrio test system", version: "0.7.0", source: "pymrio", licence: "GPL-3.0", date: "2017-10-24")
        try MRIOStore.register(in: db, id: "pymrio-test", folder: inside, info: info)
        let tables = try db.mrioTables()
        #expect(tables.count == 1)
        let t = try #require(tables.first)
        #expect(t.id == "pymrio-test" && t.datasetID == "pymrio-test")
        #expect(t.folder == "mrio/test")
        #expect(t.regions == 6 && t.sectors == 8)
        #expect(t.extensions == ["emissions", "factor_inputs"])
        #expect(!t.createdAt.isEmpty)
        let registered = try #require(try db.dataset("pymrio-test"))
        #expect(registered.checksum.count == 64)
        #expect(registered.licence == "GPL-3.0")
        let loaded = try db.loadMRIO(id: "pymrio-test")
        expectIdentical(loaded, s, "registered store")

        // A store outside the database folder is stored with its absolute path.
        let outside = tmp.sub("elsewhere/store")
        try MRIOStore.save(s, to: outside)
        try MRIOStore.register(
            in: db, id: "outside", folder: outside,
            info: DatasetInfo(id: "outside-ds", title: "t", version: "1", source: "s", licence: "l", date: "2020"))
        let o = try #require(try db.mrioTables().first { $0.id == "outside" })
        #expect(o.folder.hasPrefix("/") && o.folder.hasSuffix("elsewhere/store"))
        expectIdentical(try db.loadMRIO(id: "outside"), s, "absolute store")

        // Re-registering replaces; removing the dataset removes the table (ON DELETE CASCADE).
        try MRIOStore.register(in: db, id: "pymrio-test", folder: inside, info: info)
        #expect(try db.mrioTables().map(\.id) == ["outside", "pymrio-test"])
        try db.removeDataset("pymrio-test")
        #expect(try db.mrioTables().map(\.id) == ["outside"])
        #expect(try db.integrityCheck() == "ok")

        // Unknown ids and bad folders.
        do { _ = try db.loadMRIO(id: "pymrio-test"); Issue.record("expected an error") } catch let e as DataError {
            #expect(e.code == .unknownDataset)
            #expect(e.suggestion?.contains("outside") == true)
        }
        let bad = expectMRIOError { try MRIOStore.register(in: db, id: "x", folder: tmp.sub("nothing"), info: info) }
        #expect(bad?.code == .missingData)
        #expect(try db.mrioTables().map(\.id) == ["outside"])
    }
}

@Suite("Bundled WIOD 2011 CO2 MRIO")
struct BundledMRIOTests {
    @Test("loads (with SHA-256 verification) and has the expected shape, units and provenance")
    func loads() throws {
        let s = try BundledMRIO.load(id: "wiod2011-co2", verifyChecksums: true) // the CO2 view of wiod2011-ghg
        #expect(s.regions.count == 41 && s.sectors.count == 35)
        #expect(s.finalDemandCategories == ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"])
        #expect(s.monetaryUnit == "M.USD")
        #expect(s.extensions.map(\.name) == ["co2"])
        #expect(s.extensions[0].units == ["kt"])
        #expect(s.x?.count == 1435)
        let p = try #require(s.provenance)
        #expect(p.datasetID == "wiod2011-co2")
        #expect(p.licence.contains("Timmer") && p.licence.contains("2011/833/EU") && p.licence.contains("CC BY 4.0"))
        let m = try BundledMRIO.manifest(id: "wiod2011-co2")
        #expect((m.notes ?? []).count >= 5)
        #expect(m.matrices["Z"]?.storage == "ymz") // the series stores compressed matrices (issue 17)
        let info = try BundledMRIO.datasetInfo(id: "wiod2011-co2")
        #expect(info.id == "wiod2011-co2" && info.checksum.count == 64 && info.citation.contains("Review of International Economics"))
        // Not listed in the other datasets' manifest.
        let manifest = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("Sources/Data/Bundled/manifest.json"), encoding: .utf8)
        #expect(!manifest.contains("wiod2011-co2"))
    }

    @Test("equals the shared CSV folder bit for bit", .enabled(if: IO.sharedAvailable))
    func equalsShared() throws {
        let bundled = try BundledMRIO.load(id: "wiod2011-co2")
        let csv = try MRIOReader.read(path: IO.sharedPath(IO.wiodCSV))
        expectIdentical(bundled, csv, "bundled vs shared csv")
        #expect(bundled.name == csv.name)
        // The recorded input checksums are those of the shared files (the series is built from the WIOD 2013 files).
        let m = try BundledMRIO.manifest(id: "wiod2011-co2")
        let sources = try #require(m.sources)
        #expect(sources.keys.contains("mrio/wiod2013/wiod2013_2011_Z.csv.gz"))
        for (rel, sha) in sources where !rel.hasPrefix("scripts/") {
            #expect(SHA256.hex([UInt8](try Data(contentsOf: IO.shared.appendingPathComponent("data/" + rel)))) == sha, "\(rel)")
        }
    }

    @Test("MRIOTables: a path, a bundled id (with its year) or a table registered in the database; anything else is a clear error")
    func tables() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let w2009 = try MRIOTables.load("wiod2009-co2")
        #expect(w2009.year == 2009 && w2009.provenance?.datasetID == "wiod2009-co2")
        #expect(try MRIOTables.load("wiod2011-co2").year == 2011)
        // A registered copy under another id, stored relative to the database folder.
        let db = try YuhengDatabase.open(path: tmp.sub("y.sqlite").path, installBundled: false)
        let copy = tmp.sub("tables/mine")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try BundledMRIO.directory(id: "wiod2009-ghg"), to: copy)
        try MRIOStore.register(in: db, id: "mine", folder: copy, info: try BundledMRIO.datasetInfo(id: "wiod2009-ghg"))
        let w2009ghg = try MRIOTables.load("wiod2009-ghg")
        expectIdentical(try MRIOTables.load("mine", database: { db }), w2009ghg, "registered copy")
        expectIdentical(try MRIOTables.load("mine", extensions: ["co2"], database: { db }), w2009, "registered copy, co2")
        #expect(MRIOTables.exists("mine", storedIDs: ["mine"]) && !MRIOTables.exists("mine"))
        // A path wins over an id; an unknown name says what would work.
        expectIdentical(try MRIOTables.load(copy.path), w2009ghg, "by path")
        #expect { try MRIOTables.load("no-such-table", database: { db }) } throws: {
            "\($0)".contains("no-such-table") && "\($0)".contains("wiod2009-co2")
        }
    }

    @Test("registers in the database and loads back")
    func registers() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = try YuhengDatabase.open(path: tmp.sub("y.sqlite").path, installBundled: false)
        try BundledMRIO.register(in: db)
        #expect(try db.mrioTables().map(\.id) == ["wiod2011-ghg"]) // the default table is now the GHG one
        #expect(try db.dataset("wiod2011-ghg")?.title.contains("WIOD") == true)
        expectIdentical(try db.loadMRIO(id: "wiod2011-ghg"), try BundledMRIO.load(), "registered bundle")
    }

    @Test(
        "scripts/build_mrio_bundle.py reproduces the committed files byte for byte", .tags(.slow),
        .enabled(if: IO.sharedAvailable && TestPaths.executable("python3") != nil, "needs ../shared and python3"))
    func reproducible() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let (status, log) = try IO.run(
            try #require(TestPaths.executable("python3")), [TestPaths.packageRoot.appendingPathComponent("scripts/build_mrio_bundle.py").path],
            environment: ["YUHENG_MRIO_OUT": tmp.url.path, "YUHENG_SHARED": IO.shared.path])
        try #require(status == 0, "build_mrio_bundle.py failed: \(log)")
        let committed = TestPaths.packageRoot.appendingPathComponent("Sources/Data/Bundled/mrio")
        func files(_ root: URL) -> [String] {
            (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { rel in
                var dir: ObjCBool = false
                return FileManager.default.fileExists(atPath: root.appendingPathComponent(rel).path, isDirectory: &dir) && !dir.boolValue
            }.sorted()
        }
        let built = files(tmp.url)
        #expect(built == files(committed))
        #expect(built.contains("wiod2011-ghg/system.json") && built.contains("wiod2011-ghg/Z.ymz"))
        #expect(built.contains("wiod2009-ghg/system.json") && built.contains("wiod2009-ghg/Z.ymz"))
        for rel in built {
            let a = try Data(contentsOf: tmp.url.appendingPathComponent(rel))
            let b = try Data(contentsOf: committed.appendingPathComponent(rel))
            #expect(a == b, "\(rel) differs from the committed file: run python3 scripts/build_mrio_bundle.py")
        }
    }
}

@Suite("The 2009 table's method")
struct WIODYearMethodTests {
    @Test(
        "scripts/build_wiod_year.py rebuilds the 2011 EE-MRIO from the raw WIOD, JRC and GCB files exactly as the shared reference dataset",
        .enabled(if: IO.sharedAvailable && TestPaths.executable("python3") != nil, "needs ../shared and python3"))
    func reproduces2011() throws {
        let (status, log) = try IO.run(
            try #require(TestPaths.executable("python3")),
            [TestPaths.packageRoot.appendingPathComponent("scripts/build_wiod_year.py").path, "--check-2011"],
            environment: ["YUHENG_SHARED": IO.shared.path])
        #expect(status == 0, "\(log.suffix(2000))")
        #expect(log.contains("CHECK PASSED"))
    }

    @Test("the bundled 2009 table: same labels as 2011, totals of the build log, a dataset of its own")
    func table2009() throws {
        let a = try BundledMRIO.load(id: "wiod2009-co2"), b = try BundledMRIO.load()
        #expect(a.regions == b.regions && a.sectors == b.sectors && a.finalDemandCategories == b.finalDemandCategories)
        let f = a.extensions[0].F.elements.reduce(0, +), fy = a.extensions[0].FY?.elements.reduce(0, +) ?? 0
        #expect(abs(f - 27_182_648.318) < 0.01 && abs(fy - 3_916_886.465) < 0.01)
        #expect(a.provenance?.datasetID == "wiod2009-co2")
        #expect(try BundledMRIO.datasetInfo(id: "wiod2009-co2").title.contains("2009"))
        #expect(throws: (any Error).self) { try BundledMRIO.load(id: "wiod2030-co2") }
    }
}

@Suite("MRIO load times", .enabled(if: IO.sharedAvailable))
struct LoadTimeTests {
    @Test("WIOD txt, csv and bundled load times (printed; a loose bound in debug builds)")
    func timings() throws {
        func time(_ body: () throws -> MRIOSystem) rethrows -> (Double, MRIOSystem) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let s = try body()
            return (Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9, s)
        }
        _ = try BundledMRIO.load() // warm the file cache
        var results: [(String, Double)] = []
        for _ in 0..<3 {
            let (tt, _) = try time { try MRIOReader.read(path: IO.sharedPath(IO.wiodTxt)) }
            let (tc, _) = try time { try MRIOReader.read(path: IO.sharedPath(IO.wiodCSV)) }
            let (tb, _) = try time { try BundledMRIO.load() }
            let (tv, _) = try time { try BundledMRIO.load(verifyChecksums: true) }
            results += [("txt", tt), ("csv", tc), ("bundled", tb), ("bundled+sha256", tv)]
        }
        var best: [String: Double] = [:]
        for (k, v) in results { best[k] = min(best[k] ?? .infinity, v) }
        print(
            "MRIO load times (best of 3): "
                + ["txt", "csv", "bundled", "bundled+sha256"].map { "\($0) \(String(format: "%.3f", best[$0]!)) s" }.joined(separator: ", "))
        #expect(best["txt"]! < 30 && best["bundled"]! < 30)
    }
}
