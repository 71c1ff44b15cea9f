import Foundation
import Testing
import YuhengData
import YuhengMRIO
import YuhengNumerics
import ZIPFoundation

/// Writes a small system in the layout of the EXIOBASE 3 IOT releases (as unpacked from
/// IOT_YYYY_ixi.zip): tab-separated A.txt, Y.txt, x.txt, unit.txt at the root, and `satellite/`
/// and `impacts/` with F.txt, F_Y.txt (F_hh.txt before 3.8) and unit.txt. Multi-level headers are
/// written the way pandas writes them (a row per column level, then an index-name row).
enum ExiobaseFixture {
    static let regions = ["AT", "BE", "WA"]
    static let sectors = [
        "Cultivation of paddy rice", "Mining of coal and lignite; extraction of peat (10)", "Manufacture of cement, lime and plaster"
    ]
    static let categories = ["Final consumption expenditure by households", "Gross fixed capital formation", "Changes in inventories"]
    static let satelliteStressors = ["Taxes less subsidies on products purchased: Total", "CO2 - combustion - air", "CH4 - agriculture - air"]
    static let satelliteUnits = ["M.EUR", "kg", "kg"]
    static let impacts = ["GHG emissions (GWP100) | Problem oriented approach: baseline (CML, 2001) | GWP100 (IPCC, 2007)"]
    static let impactUnits = ["kg CO2 eq."]

    /// Deterministic values with full 17-digit mantissas, some zeros, negatives and -0.0.
    struct Numbers {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    static func system() throws -> MRIOSystem {
        var g = Numbers()
        let n = regions.count * sectors.count, yc = regions.count * categories.count
        let A = DenseMatrix(rows: n, columns: n) { _, _ in
            let u = g.next()
            return u < 0.3 ? 0 : u * 0.12 // column sums < 1: productive
        }
        let x = (0..<n).map { i in i == 4 ? 0 : 1000 * g.next() + 1 }
        var Y = DenseMatrix(rows: n, columns: yc) { _, _ in g.next() < 0.4 ? 0 : 500 * g.next() }
        Y[2, 2] = -3.25 // an inventory change
        Y[5, 5] = -0.0
        var F = DenseMatrix(rows: satelliteStressors.count, columns: n) { _, _ in g.next() < 0.2 ? 0 : 1e6 * g.next() }
        F[1, 3] = 1.5e-7
        let FY = DenseMatrix(rows: satelliteStressors.count, columns: yc) { _, j in j % categories.count == 0 ? 1e5 * g.next() : 0 }
        let I = DenseMatrix(rows: 1, columns: n) { _, j in F[1, j] + 28 * F[2, j] }
        let IY = DenseMatrix(rows: 1, columns: yc) { _, j in FY[1, j] + 28 * FY[2, j] }
        return try MRIOSystem(
            name: "IOT_2011_ixi", regions: regions, sectors: sectors, finalDemandCategories: categories, A: A, x: x, Y: Y,
            extensions: [
                MRIOExtension(name: "impacts", stressors: impacts, units: impactUnits, F: I, FY: IY),
                MRIOExtension(name: "satellite", stressors: satelliteStressors, units: satelliteUnits, F: F, FY: FY)
            ],
            monetaryUnit: "M.EUR")
    }

    static func text(_ v: Double) -> String { "\(v)" } // shortest representation that reads back exactly

    /// Writes the release layout into `folder`. `release38`: with file_parameters.json files and
    /// F_Y.txt; otherwise without them and with the older F_hh.txt.
    static func write(_ s: MRIOSystem, to folder: URL, release38: Bool) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: folder.appendingPathComponent("satellite"), withIntermediateDirectories: true)
        try fm.createDirectory(at: folder.appendingPathComponent("impacts"), withIntermediateDirectories: true)
        let n = s.n, S = s.sectors.count, C = s.finalDemandCategories.count
        let rowLabels = (0..<n).map { "\(s.regions[$0 / S])\t\(s.sectors[$0 % S])" }
        func put(_ rel: String, _ text: String) throws { try text.write(to: folder.appendingPathComponent(rel), atomically: true, encoding: .utf8) }
        func matrix(_ m: DenseMatrix, rows: [String], indexNames: [String], colRegion: [String], colSecond: (name: String, labels: [String]))
            -> String
        {
            let pad = String(repeating: "\t", count: indexNames.count - 1)
            var t = "region\(pad)\t" + colRegion.joined(separator: "\t") + "\n"
            t += "\(colSecond.name)\(pad)\t" + colSecond.labels.joined(separator: "\t") + "\n"
            t += indexNames.joined(separator: "\t") + String(repeating: "\t", count: m.columns) + "\n"
            for i in 0..<m.rows { t += rows[i] + "\t" + (0..<m.columns).map { text(m[i, $0]) }.joined(separator: "\t") + "\n" }
            return t
        }
        let zRegions = (0..<n).map { s.regions[$0 / S] }, zSectors = (0..<n).map { s.sectors[$0 % S] }
        let yRegions = (0..<(s.regions.count * C)).map { s.regions[$0 / C] },
            yCats = (0..<(s.regions.count * C)).map { s.finalDemandCategories[$0 % C] }
        try put("A.txt", matrix(s.A!, rows: rowLabels, indexNames: ["region", "sector"], colRegion: zRegions, colSecond: ("sector", zSectors)))
        try put("Y.txt", matrix(s.Y, rows: rowLabels, indexNames: ["region", "sector"], colRegion: yRegions, colSecond: ("category", yCats)))
        try put("x.txt", "region\tsector\tindout\n" + (0..<n).map { rowLabels[$0] + "\t" + text(s.x![$0]) + "\n" }.joined())
        try put("unit.txt", "region\tsector\tunit\n" + rowLabels.map { $0 + "\t" + s.monetaryUnit + "\n" }.joined())
        for e in s.extensions {
            let index = e.name == "impacts" ? "impact" : "stressor"
            try put("\(e.name)/F.txt", matrix(e.F, rows: e.stressors, indexNames: [index], colRegion: zRegions, colSecond: ("sector", zSectors)))
            try put(
                "\(e.name)/\(release38 ? "F_Y" : "F_hh").txt",
                matrix(e.FY!, rows: e.stressors, indexNames: [index], colRegion: yRegions, colSecond: ("category", yCats)))
            try put("\(e.name)/unit.txt", "\(index)\tunit\n" + Swift.zip(e.stressors, e.units).map { "\($0)\t\($1)\n" }.joined())
            if release38 {
                try put(
                    "\(e.name)/file_parameters.json",
                    """
                    {"files": {"F": {"name": "F.txt", "nr_index_col": "1", "nr_header": "2"},
                               "F_Y": {"name": "F_Y.txt", "nr_index_col": "1", "nr_header": "2"},
                               "unit": {"name": "unit.txt", "nr_index_col": "1", "nr_header": "1"}},
                     "systemtype": "Extension", "name": "\(e.name)"}
                    """)
            }
        }
        if release38 {
            try put(
                "file_parameters.json",
                """
                {"files": {"A": {"name": "A.txt", "nr_index_col": "2", "nr_header": "2"},
                           "Y": {"name": "Y.txt", "nr_index_col": "2", "nr_header": "2"},
                           "x": {"name": "x.txt", "nr_index_col": "2", "nr_header": "1"},
                           "unit": {"name": "unit.txt", "nr_index_col": "2", "nr_header": "1"}},
                 "systemtype": "IOSystem"}
                """)
            try put(
                "metadata.json",
                #"{"name": "IOT_2011_ixi", "description": "synthetic EXIOBASE-layout fixture", "version": "3.8-layout", "system": "ixi"}"#)
        }
    }

    /// Zips `folder`'s files with ZIPFoundation (deflate), under `top` ("" for none).
    static func zip(_ folder: URL, top: String, to url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: folder.path) else { return }
        var files: [String] = []
        while let rel = walker.nextObject() as? String {
            var dir: ObjCBool = false
            if fm.fileExists(atPath: folder.appendingPathComponent(rel).path, isDirectory: &dir), !dir.boolValue { files.append(rel) }
        }
        for rel in files.sorted() {
            let data = try Data(contentsOf: folder.appendingPathComponent(rel))
            try archive.addEntry(
                with: (top.isEmpty ? "" : top + "/") + rel, type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: .deflate
            ) { pos, size in data.subdata(in: Int(pos)..<(Int(pos) + size)) }
        }
    }
}

@Suite("EXIOBASE 3 layout (folder and zip)")
struct ExiobaseTests {
    @Test("unpacked folders, both release styles, round-trip bit-identically")
    func folders() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let s = try ExiobaseFixture.system()
        for release38 in [true, false] {
            let dir = tmp.sub(release38 ? "IOT_2011_ixi" : "IOT_2011_pxp")
            try ExiobaseFixture.write(s, to: dir, release38: release38)
            #expect(try MRIOReader.detect(path: dir.path) == (release38 ? .pymrio : .exiobase3))
            for format in [MRIOFormat.auto, .exiobase3] {
                let r = try MRIOReader.read(path: dir.path, format: format)
                expectIdentical(r, s, "folder release38=\(release38) \(format)")
                #expect(r.A != nil && r.Z == nil)
                #expect(r.extensions.map(\.name) == ["impacts", "satellite"])
            }
            let only = try MRIOReader.read(path: dir.path, extensions: ["satellite"])
            #expect(only.extensions.map(\.name) == ["satellite"])
        }
    }

    @Test("zip archives (with and without a top folder) stream to the same system")
    func zips() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let s = try ExiobaseFixture.system()
        for (release38, top) in [(true, "IOT_2011_ixi"), (false, ""), (false, "IOT_2011_ixi")] {
            let dir = tmp.sub("src-\(release38)-\(top.isEmpty ? "flat" : "top")")
            try ExiobaseFixture.write(s, to: dir, release38: release38)
            let zipURL = tmp.sub("IOT_2011_ixi-\(release38)-\(top.isEmpty ? "flat" : "top").zip")
            try ExiobaseFixture.zip(dir, top: top, to: zipURL)
            #expect(try MRIOReader.detect(path: zipURL.path) == .exiobase3)
            let r = try MRIOReader.read(path: zipURL.path)
            expectIdentical(r, s, "zip release38=\(release38) top='\(top)'")
            #expect(r.extensions.first?.stressors == ExiobaseFixture.impacts)
            #expect(r.extensions.last?.units == ExiobaseFixture.satelliteUnits)
        }
    }

    @Test(
        "a zipped WIOD pymrio folder (4 MB Z, deflate chunks split lines anywhere) equals the folder",
        .enabled(if: IO.sharedAvailable, "../shared is not available"))
    func zippedWIOD() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let zipURL = tmp.sub("wiod.zip")
        try ExiobaseFixture.zip(IO.shared.appendingPathComponent(IO.wiodTxt), top: "wiod2011", to: zipURL)
        let zipped = try MRIOReader.read(path: zipURL.path, format: .exiobase3)
        let folder = try MRIOReader.read(path: IO.sharedPath(IO.wiodTxt))
        expectIdentical(zipped, folder, "zipped WIOD")
    }

    @Test("errors inside an archive name the entry; a damaged archive is reported")
    func zipErrors() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let s = try ExiobaseFixture.system()
        let dir = tmp.sub("IOT_2011_ixi")
        try ExiobaseFixture.write(s, to: dir, release38: false)
        try editLines(dir.appendingPathComponent("satellite/F.txt")) { lines in
            var cells = lines[4].components(separatedBy: "\t")
            cells[2] = "n/a"
            lines[4] = cells.joined(separator: "\t")
        }
        let zipURL = tmp.sub("IOT_2011_ixi.zip")
        try ExiobaseFixture.zip(dir, top: "IOT_2011_ixi", to: zipURL)
        let e = expectMRIOError { _ = try MRIOReader.read(path: zipURL.path, extensions: ["satellite"]) }
        // Without a list, the damaged extension is left out and named; the other one is read.
        let partial = try MRIOReader.read(path: zipURL.path)
        #expect(partial.extensions.map(\.name) == ["impacts"])
        #expect(partial.skippedExtensions["satellite"]?.contains("line 5, column 3") == true)
        #expect(e?.code == .malformedFile)
        #expect(e?.file?.hasSuffix("IOT_2011_ixi.zip!/IOT_2011_ixi/satellite/F.txt") == true, "\(e?.file ?? "")")
        #expect(e?.message.contains("line 5, column 3") == true)
        #expect(e?.message.contains("'n/a'") == true)
        #expect(e?.message.contains("CO2 - combustion - air") == true)

        // Y.txt missing from the archive
        try FileManager.default.removeItem(at: dir.appendingPathComponent("Y.txt"))
        let noY = tmp.sub("IOT_2012_ixi.zip")
        try ExiobaseFixture.zip(dir, top: "", to: noY)
        let e2 = expectMRIOError { _ = try MRIOReader.read(path: noY.path) }
        #expect(e2?.code == .missingData)
        #expect(e2?.file?.hasSuffix("IOT_2012_ixi.zip!/Y.txt") == true)

        // Not a zip at all
        let junk = tmp.sub("IOT_2013_ixi.zip")
        try Data("not a zip".utf8).write(to: junk)
        let e3 = expectMRIOError { _ = try MRIOReader.read(path: junk.path) }
        #expect(e3?.code == .malformedFile)
    }
}

@Suite("EXIOBASE region codes")
struct ExiobaseRegionCodeTests {
    /// Rewrites every whole tab-separated field equal to a key of `codes` in the folder's text files.
    static func recode(_ folder: URL, _ codes: [String: String]) throws {
        let fm = FileManager.default
        for case let rel as String in fm.enumerator(atPath: folder.path)! where rel.hasSuffix(".txt") {
            let url = folder.appendingPathComponent(rel)
            let text = try String(contentsOf: url, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.split(separator: "\t", omittingEmptySubsequences: false).map { codes[String($0)] ?? String($0) }.joined(separator: "\t")
            }
            try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        }
    }

    @Test("three-letter EXIOBASE codes (with WWA … WWM) become pymrio's two-letter codes, with a warning; other three-letter tables keep theirs")
    func threeLetterCodes() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let s = try ExiobaseFixture.system()
        let exio = tmp.sub("exio34")
        try ExiobaseFixture.write(s, to: exio, release38: false)
        try Self.recode(exio, ["AT": "AUT", "BE": "BEL", "WA": "WWA"])
        let r = try MRIOReader.read(path: exio.path, format: .exiobase3)
        #expect(r.regions == ["AT", "BE", "WA"])
        #expect(r.warnings.contains { $0.contains("renamed") && $0.contains("WWA→WA") }, "\(r.warnings)")
        expectIdentical(r, s, "renamed EXIOBASE 3.4 codes")

        let other = tmp.sub("other")
        try ExiobaseFixture.write(s, to: other, release38: false)
        try Self.recode(other, ["AT": "AUT", "BE": "BEL"])
        let o = try MRIOReader.read(path: other.path, format: .exiobase3)
        #expect(o.regions == ["AUT", "BEL", "WA"])
        #expect(!o.warnings.contains { $0.contains("renamed") })
    }
}
