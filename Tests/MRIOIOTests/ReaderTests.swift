import Foundation
import Testing
import YuhengTestSupport
import YuhengData
import YuhengMRIO
import YuhengNumerics

@Suite("MRIOReader on the shared tables", .enabled(if: IO.sharedAvailable, "../shared is not available (set YUHENG_SHARED)"))
struct SharedTableReaderTests {
    @Test("the pymrio test system: labels, extensions and every cell against an independent parse")
    func pymrioTestSystem() throws {
        let root = IO.shared.appendingPathComponent(IO.pymrioTestSystem)
        #expect(try MRIOReader.detect(path: root.path) == .pymrio)
        let s = try MRIOReader.read(path: root.path)
        #expect(s.regions == ["reg1", "reg2", "reg3", "reg4", "reg5", "reg6"])
        #expect(s.sectors.count == 8 && s.sectors.first == "food" && s.sectors.last == "other")
        #expect(s.finalDemandCategories.count == 7)
        #expect(s.finalDemandCategories.first == "Final consumption expenditure by households")
        #expect(s.finalDemandCategories.last == "Export")
        #expect(s.Z != nil && s.A == nil && s.x == nil)
        #expect(s.Y.rows == 48 && s.Y.columns == 42)
        #expect(s.monetaryUnit == "Mill USD")
        #expect(s.name == "testmrio")
        #expect(s.extensions.map(\.name) == ["emissions", "factor_inputs"])
        let em = s.extensions[0]
        #expect(em.stressors == ["emission_type1 | air", "emission_type2 | water"])
        #expect(em.units == ["kg", "kg"])
        #expect(em.F.rows == 2 && em.F.columns == 48)
        #expect(em.FY?.rows == 2 && em.FY?.columns == 42)
        let fi = s.extensions[1]
        #expect(fi.stressors == ["Value Added"])
        #expect(fi.units == ["Mill USD"])
        #expect(fi.FY == nil)
        #expect(s.population?["reg2"] == 3_700_000_000)
        #expect(s.population?.count == 6)

        // Independent parse of the text files: every cell.
        let z = try SimpleTSV(root.appendingPathComponent("Z.txt"), index: 2, headers: 2)
        let y = try SimpleTSV(root.appendingPathComponent("Y.txt"), index: 2, headers: 2)
        let f = try SimpleTSV(root.appendingPathComponent("emissions/F.txt"), index: 2, headers: 2)
        let fy = try SimpleTSV(root.appendingPathComponent("emissions/F_Y.txt"), index: 2, headers: 2)
        let va = try SimpleTSV(root.appendingPathComponent("factor_inputs/F.txt"), index: 1, headers: 2)
        let Z = try #require(s.Z)
        #expect(z.values.count == 48 && y.values.count == 48 && f.values.count == 2 && fy.values.count == 2 && va.values.count == 1)
        for i in 0..<48 {
            #expect(z.rows[i] == [s.regions[i / 8], s.sectors[i % 8]])
            for j in 0..<48 where Z[i, j].bitPattern != z.values[i][j].bitPattern { Issue.record("Z[\(i), \(j)] \(Z[i, j]) vs \(z.values[i][j])") }
            for j in 0..<42 where s.Y[i, j].bitPattern != y.values[i][j].bitPattern { Issue.record("Y[\(i), \(j)]") }
        }
        for k in 0..<2 {
            for j in 0..<48 where em.F[k, j].bitPattern != f.values[k][j].bitPattern { Issue.record("F[\(k), \(j)]") }
            for j in 0..<42 where em.FY![k, j].bitPattern != fy.values[k][j].bitPattern { Issue.record("F_Y[\(k), \(j)]") }
        }
        for j in 0..<48 where fi.F[0, j].bitPattern != va.values[0][j].bitPattern { Issue.record("VA[\(j)]") }
        // Spot checks against the printed text.
        #expect(Z[0, 0] == 23697.221) // reg1 food → reg1 food
        #expect(Z[0, 1] == 57.495387) // reg1 food → reg1 mining
        #expect(s.Y[0, 0] == 58180.65)
        #expect(em.F[0, 0] == 1848064.8)
        #expect(em.FY![1, 0] == 59206405)
    }

    @Test("WIOD 2011: pymrio_txt and csv give bit-identical systems; ΣF and ΣF_Y match the reference")
    func wiodTxtEqualsCSV() throws {
        let txt = try MRIOReader.read(path: IO.sharedPath(IO.wiodTxt))
        let csv = try MRIOReader.read(path: IO.sharedPath(IO.wiodCSV))
        #expect(try MRIOReader.detect(path: IO.sharedPath(IO.wiodCSV)) == .csv)
        for s in [txt, csv] {
            #expect(s.regions.count == 41 && s.sectors.count == 35 && s.n == 1435)
            #expect(s.regions.first == "AUS" && s.regions.last == "RoW")
            #expect(s.finalDemandCategories == ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"])
            #expect(s.monetaryUnit == "M.USD")
            #expect(s.extensions.map(\.name) == ["co2"])
            #expect(s.extensions.first?.stressors == ["CO2"])
            #expect(s.extensions.first?.units == ["kt"])
            #expect(s.x?.count == 1435)
            #expect(s.extensions.first?.FY?.columns == 205)
        }
        expectIdentical(txt, csv, "WIOD txt vs csv")

        let ref =
            try JSONSerialization.jsonObject(with: Data(contentsOf: IO.shared.appendingPathComponent("reference/wiod2011_co2_reference.json")))
            as? [String: Any]
        let totals = try #require(ref?["totals_and_identities"] as? [String: Double])
        let e = try #require(csv.extensions.first)
        let sumF = e.F.elements.reduce(0, +), sumFY = try #require(e.FY).elements.reduce(0, +)
        #expect(relClose(sumF, try #require(totals["sum_F_kt"])), "ΣF \(sumF)")
        #expect(relClose(sumFY, try #require(totals["sum_F_Y_kt"])), "ΣF_Y \(sumFY)")
        // Integer WIOD values are read as Double; a few printed cells.
        let Z = try #require(txt.Z)
        #expect(Z[0, 0] == 8732 && Z[0, 1] == 93 && Z[1, 1] == 24512)
        #expect(txt.x?[0] == 76796 && txt.x?[1] == 266906)
        #expect(txt.Y[1, 4] == -516) // AUS C, AUS INVEN
        #expect(e.F[0, 0] == 6699.026 && e.F[0, 1] == 18647)
    }

    @Test("selecting extensions; an unknown extension is named with the available ones")
    func extensionSelection() throws {
        let root = IO.sharedPath(IO.pymrioTestSystem)
        let s = try MRIOReader.read(path: root, extensions: ["factor_inputs"])
        #expect(s.extensions.map(\.name) == ["factor_inputs"])
        let none = try MRIOReader.read(path: root, extensions: [])
        #expect(none.extensions.isEmpty)
        let e = expectMRIOError { _ = try MRIOReader.read(path: root, extensions: ["water"]) }
        #expect(e?.code == .unknownExtension)
        #expect(e?.message.contains("water") == true)
        #expect(e?.suggestion?.contains("emissions") == true)
        #expect(e?.file == URL(fileURLWithPath: root).standardizedFileURL.path)
    }
}

@Suite(
    "MRIOReader on the synthetic generator's CSV layout",
    .enabled(
        if: IO.sharedAvailable && IO.pythonWithPandas != nil,
        "needs ../shared/bench/mrio/gen_synthetic.py and python3 with numpy and pandas (pip install numpy pandas)"))
struct SyntheticCSVTests {
    @Test(
        "generated tables load bit-exactly: a tiny one (3 × 4) and one of 720 rows over two 1 MiB chunks (rows parsed in parallel, lines across chunks)",
        arguments: [(3, 4), (12, 60)])
    func generated(regions: Int, sectors: Int) throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let out = tmp.sub("synth")
        let (status, log) = try IO.run(
            try #require(IO.pythonWithPandas),
            [
                IO.sharedPath("bench/mrio/gen_synthetic.py"), "--seed", "1", "--regions", "\(regions)", "--sectors", "\(sectors)",
                "--stressors", "2", "--out", out.path, "--no-txt"
            ])
        try #require(status == 0, "generator failed: \(log)")
        let s = try MRIOReader.read(path: out.appendingPathComponent("csv").path)
        let n = regions * sectors
        #expect(s.regions == (1...regions).map { String(format: "R%02d", $0) })
        #expect(s.sectors == (1...sectors).map { String(format: "S%03d", $0) })
        #expect(s.finalDemandCategories == ["HH", "NPISH", "GOV", "GFCF", "INV", "VAL", "EXP"])
        #expect(s.monetaryUnit == "M.EUR")
        #expect(s.extensions.map(\.name) == ["stressors"])
        #expect(s.extensions[0].stressors == ["stressor_01", "stressor_02"])
        #expect(s.extensions[0].units == ["kg", "kg"])
        #expect(s.Y.columns == 7 * regions)
        // x is written with %.17g: it must parse to the exact row sums the generator computed.
        let xText = try String(contentsOf: out.appendingPathComponent("csv/x.csv"), encoding: .utf8)
        let xs = xText.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[2])! }
        #expect(bits(s.x) == bits(xs))
        let zData = try Data(contentsOf: out.appendingPathComponent("csv/Z.csv"))
        if n > 100 { #expect(zData.count > 1 << 20, "Z.csv should span more than one chunk: \(zData.count) bytes") }
        let zRows = String(decoding: zData, as: UTF8.self).split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(2).map { Double($0)! }
        }
        let Z = try #require(s.Z)
        #expect(zRows.count == n && Z.rows == n)
        var wrong = 0
        for i in 0..<n { for j in 0..<n where Z[i, j].bitPattern != zRows[i][j].bitPattern { wrong += 1 } }
        #expect(wrong == 0, "\(wrong) cells of Z differ from an independent parse")
        // Read again keeping Z sparse: the same cells, never held dense (the table is well below a third non-zero).
        let held = try MRIOReader.read(path: out.appendingPathComponent("csv").path, sparseFlows: true)
        let sz = try #require(held.sparseZ, "a sparse table read with sparseFlows keeps Z sparse")
        #expect(held.Z == nil && sz.nonZeroCount < n * n / 3)
        let back = sz.toDense()
        var wrongSparse = 0
        for i in 0..<n { for j in 0..<n where back[i, j].bitPattern != Z[i, j].bitPattern { wrongSparse += 1 } }
        #expect(wrongSparse == 0, "\(wrongSparse) cells of the sparse Z differ")
        #expect(bits(held.x) == bits(s.x) && held.Y == s.Y)
    }
}

@Suite("MRIOReader errors", .enabled(if: IO.sharedAvailable, "../shared is not available (set YUHENG_SHARED)"))
struct ReaderErrorTests {
    /// A writable copy of the pymrio test system.
    func copy(_ tmp: TempDir) throws -> URL {
        let dest = tmp.sub("sys")
        try writableCopy(of: IO.shared.appendingPathComponent(IO.pymrioTestSystem), to: dest)
        return dest
    }

    @Test("a missing Z.txt names the file and suggests the layout")
    func missingZ() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try copy(tmp)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("Z.txt"))
        let e = expectMRIOError { _ = try MRIOReader.read(path: dir.path) }
        #expect(e?.code == .missingData)
        #expect(e?.file?.hasSuffix("/Z.txt") == true)
        #expect(e?.message.contains("Z.txt") == true)
        #expect(e?.suggestion != nil)
    }

    @Test("Y rows in another order are aligned by label (with a warning), not refused")
    func permutedY() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try copy(tmp)
        let original = try MRIOReader.read(path: dir.path)
        try editLines(dir.appendingPathComponent("Y.txt")) { $0.swapAt(3, 4) } // lines 4 and 5: reg1 food ↔ reg1 mining
        let s = try MRIOReader.read(path: dir.path)
        expectIdentical(s, original, "Y rows permuted")
        #expect(s.warnings.contains { $0.contains("Y.txt") && $0.contains("aligned by label") })
    }

    @Test("F columns in another order than the rows of Z are aligned by label")
    func permutedFColumns() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try copy(tmp)
        let original = try MRIOReader.read(path: dir.path)
        try editLines(dir.appendingPathComponent("emissions/F.txt")) { lines in
            for k in 0..<lines.count where !lines[k].isEmpty {
                var cells = lines[k].components(separatedBy: "\t") // the whole column moves: both header rows and the values
                if cells.count > 3 { cells.swapAt(2, 3) } // reg1 food ↔ reg1 mining
                lines[k] = cells.joined(separator: "\t")
            }
        }
        let s = try MRIOReader.read(path: dir.path)
        expectIdentical(s, original, "F columns permuted")
        #expect(s.warnings.contains { $0.contains("emissions/F.txt") && $0.contains("aligned by label") })
    }

    @Test("F columns whose labels are not those of Z: the label and line are named")
    func foreignFColumn() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try copy(tmp)
        try editLines(dir.appendingPathComponent("emissions/F.txt")) { lines in
            var cells = lines[1].components(separatedBy: "\t") // the sector header row
            cells[2] = "fishing"
            lines[1] = cells.joined(separator: "\t")
        }
        let e = expectMRIOError { _ = try MRIOReader.read(path: dir.path, extensions: ["emissions"]) }
        #expect(e?.code == .labels)
        #expect(e?.file?.hasSuffix("emissions/F.txt") == true)
        #expect(e?.message.contains("reg1:fishing") == true)
        #expect(e?.message.contains("line 1") == true)
    }

    @Test("a non-numeric cell names file, line and column (and the labels)")
    func nonNumeric() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try copy(tmp)
        try editLines(dir.appendingPathComponent("Z.txt")) { lines in
            var cells = lines[5].components(separatedBy: "\t") // line 6 = reg1 manufactoring
            cells[5] = "12,5x" // column 6 = reg1 electricity
            lines[5] = cells.joined(separator: "\t")
        }
        let e = expectMRIOError { _ = try MRIOReader.read(path: dir.path) }
        #expect(e?.code == .malformedFile)
        #expect(e?.file?.hasSuffix("/Z.txt") == true)
        #expect(e?.message.contains("line 6, column 6") == true)
        #expect(e?.message.contains("'12,5x'") == true)
        #expect(e?.message.contains("reg1:manufactoring") == true)
        #expect(e?.message.contains("reg1:electricity") == true)
        #expect(e?.description.contains("Z.txt: line 6, column 6") == true)
    }

    @Test("NaN cells are read as 0 with a counted warning; infinity is rejected with its position")
    func nanCell() throws {
        for bad in ["nan", "NaN", "inf", "-Infinity"] {
            let tmp = try TempDir()
            defer { tmp.remove() }
            let dir = try copy(tmp)
            try editLines(dir.appendingPathComponent("emissions/F_Y.txt")) { lines in
                var cells = lines[3].components(separatedBy: "\t")
                cells[3] = bad
                lines[3] = cells.joined(separator: "\t")
            }
            if bad.lowercased() == "nan" {
                let s = try MRIOReader.read(path: dir.path)
                #expect(s.extensions[0].FY?[0, 1] == 0)
                #expect(s.warnings.contains { $0.contains("emissions/F_Y.txt: 1 empty or NaN cell(s) read as 0") && $0.contains("line 4, column 4") })
                continue
            }
            let e = expectMRIOError { _ = try MRIOReader.read(path: dir.path, extensions: ["emissions"]) }
            #expect(e?.code == .nonFinite, "\(bad)")
            #expect(e?.file?.hasSuffix("emissions/F_Y.txt") == true)
            #expect(e?.message.contains("line 4, column 4") == true, "\(e?.message ?? "")")
        }
    }

    @Test("an empty cell is read as 0 (counted); a short row is an error")
    func emptyAndShort() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try copy(tmp)
        try editLines(dir.appendingPathComponent("Z.txt")) { lines in
            var cells = lines[10].components(separatedBy: "\t")
            cells[7] = ""
            lines[10] = cells.joined(separator: "\t")
        }
        let z = try MRIOReader.read(path: dir.path)
        #expect(z.Z?[7, 5] == 0)
        #expect(z.warnings.contains { $0.contains("Z.txt: 1 empty or NaN cell(s) read as 0") && $0.contains("line 11, column 8") })

        try editLines(dir.appendingPathComponent("Z.txt")) { lines in
            var cells = lines[10].components(separatedBy: "\t")
            cells[7] = "1"
            cells.removeLast()
            lines[10] = cells.joined(separator: "\t")
        }
        let s = expectMRIOError { _ = try MRIOReader.read(path: dir.path) }
        #expect(s?.code == .shape)
        #expect(s?.message.contains("line 11") == true)
    }

    @Test("negative gross output names the region-sector and line")
    func negativeX() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try copy(tmp)
        let sys = try MRIOReader.read(path: dir.path)
        var text = "region\tsector\tindout\n"
        for i in 0..<sys.n { text += "\(sys.regions[i / 8])\t\(sys.sectors[i % 8])\t\(i == 9 ? -5.0 : 100.0)\n" }
        try text.write(to: dir.appendingPathComponent("x.txt"), atomically: true, encoding: .utf8)
        let e = expectMRIOError { _ = try MRIOReader.read(path: dir.path) }
        #expect(e?.code == .negativeOutput)
        #expect(e?.file?.hasSuffix("/x.txt") == true)
        #expect(e?.message.contains("reg2:mining") == true)
        #expect(e?.message.contains("line 11") == true)
    }

    @Test("a folder without any table, a missing path and a plain file are explained")
    func notATable() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let e1 = expectMRIOError { _ = try MRIOReader.read(path: tmp.url.path) }
        #expect(e1?.code == .missingData)
        #expect(e1?.suggestion?.contains("file_parameters.json") == true)
        let e2 = expectMRIOError { _ = try MRIOReader.read(path: tmp.sub("nothing").path) }
        #expect(e2?.code == .missingData)
        try "x".write(to: tmp.sub("a.txt"), atomically: true, encoding: .utf8)
        let e3 = expectMRIOError { _ = try MRIOReader.read(path: tmp.sub("a.txt").path) }
        #expect(e3?.code == .invalidArgument)
    }

    @Test("CSV layout: Y columns of another region order, and a quoted label")
    func csvErrors() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = tmp.sub("csv")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let z = "region,sector,A:s1,A:s2,B:s1,B:s2\nA,s1,1,2,3,4\nA,s2,0,1,0,1\nB,s1,2,0,1,0\n\"B\",\"s2\",1,1,1,1\n"
        try z.write(to: dir.appendingPathComponent("Z.csv"), atomically: true, encoding: .utf8)
        let y = "region,sector,B:hh,A:hh\nA,s1,5,5\nA,s2,5,5\nB,s1,5,5\nB,s2,5,5\n"
        try y.write(to: dir.appendingPathComponent("Y.csv"), atomically: true, encoding: .utf8)
        let e = expectMRIOError { _ = try MRIOReader.read(path: dir.path) }
        #expect(e?.code == .labels)
        #expect(e?.file?.hasSuffix("/Y.csv") == true)
        #expect(e?.message.contains("B:hh") == true)
        try "region,sector,A:hh,B:hh\nA,s1,5,5\nA,s2,5,5\nB,s1,5,5\nB,s2,5,5\n".write(
            to: dir.appendingPathComponent("Y.csv"), atomically: true, encoding: .utf8)
        let s = try MRIOReader.read(path: dir.path)
        #expect(s.regions == ["A", "B"] && s.finalDemandCategories == ["hh"])
        #expect(s.Z?[3, 0] == 1 && s.Z?[0, 3] == 4)
        #expect(s.extensions.isEmpty)
    }
}

@Suite("Number parsing")
struct NumberParsingTests {
    @Test("fast-path numbers equal Swift's correctly rounded conversion")
    func agreesWithDouble() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        var samples = [
            "0", "-0", "1", "8732", "-516", "0.1", "57.495387", "106490.98", "0.0014273614", "1e-05", "1.5E+20",
            "123456789012345", "1234567890123456789", "0.30000000000000004", "1.7976931348623157e308", "5e-324",
            "2.2250738585072014e-308", "4.35", "0.000001", "9007199254740993", "-0.0", "+3.25", "1e22", "1e23", "3.14159265358979"
        ]
        // A fixed seed (the same samples every run); values that print as overflow (e.g. 1.8e+308) are left out.
        var rng = SeededGenerator(seed: 20_261_129)
        while samples.count < 4_025 {
            let v = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (rng.next() & 1 == 0 ? 1 : -1)
            let text = String(format: "%.\(Int.random(in: 1...17, using: &rng))g", v)
            if let d = Double(text), d.isFinite { samples.append(text) }
            samples.append("\(Double(Int.random(in: -1_000_000...1_000_000, using: &rng)) / 1000)")
        }
        // One region, one sector, one final-demand column per sample: Y is 1 × n.
        let n = samples.count
        let dir = tmp.sub("t")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "region,sector,R:s\nR,s,0\n".write(to: dir.appendingPathComponent("Z.csv"), atomically: true, encoding: .utf8)
        let y = "region,sector," + (0..<n).map { "R:c\($0)" }.joined(separator: ",") + "\nR,s," + samples.joined(separator: ",") + "\n"
        try y.write(to: dir.appendingPathComponent("Y.csv"), atomically: true, encoding: .utf8)
        let s = try MRIOReader.read(path: dir.path, format: .csv)
        #expect(s.finalDemandCategories.count == n)
        for (j, t) in samples.enumerated() {
            let expected = try #require(Double(t), "\(t)")
            #expect(s.Y[0, j].bitPattern == expected.bitPattern, "\(t): \(s.Y[0, j]) vs \(expected)")
        }
    }
}

@Suite("MRIOReader: Z kept sparse")
struct SparseFlowsReaderTests {
    func write(_ files: [String: String]) throws -> TempDir {
        let tmp = try TempDir()
        for (name, text) in files { try text.write(to: tmp.url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return tmp
    }

    static let y = "region,sector,A:hh,B:hh\nA,s,5,1\nA,t,4,0\nB,s,1,6\nB,t,0,3\n"

    @Test("rows through the general path (quoted labels, spaces), a dense-enough table stays dense, and the shape errors are the same")
    func generalPathAndFallbacks() throws {
        // Quoted cells send every row through the general path; 3 of 16 cells are non-zero.
        let z = "region,sector,A:s,A:t,B:s,B:t\n\"A\",s,1.5,0,0,0\nA,\"t\",0,0,0.25,0\nB,s,0,0,0,0\nB,t,0,2, 0 ,0\n"
        let tmp = try write(["Z.csv": z, "Y.csv": Self.y])
        defer { tmp.remove() }
        let dense = try MRIOReader.read(path: tmp.url.path, format: .csv)
        let held = try MRIOReader.read(path: tmp.url.path, format: .csv, sparseFlows: true)
        let sz = try #require(held.sparseZ)
        #expect(held.Z == nil && sz.nonZeroCount == 3 && sz.toDense() == dense.Z)
        // More than a third non-zero: dense storage is smaller, so Z comes back dense.
        let full = "region,sector,A:s,A:t,B:s,B:t\nA,s,1,1,1,0\nA,t,1,1,0,0\nB,s,0,1,1,1\nB,t,0,0,1,1\n"
        let tmp2 = try write(["Z.csv": full, "Y.csv": Self.y])
        defer { tmp2.remove() }
        let denseEnough = try MRIOReader.read(path: tmp2.url.path, format: .csv, sparseFlows: true)
        let denseRead = try MRIOReader.read(path: tmp2.url.path, format: .csv)
        #expect(denseEnough.sparseZ == nil && denseEnough.Z == denseRead.Z)
        // One row too many and one too few: the errors of the dense reader.
        for bad in [z + "B,u,0,0,0,0\n", String(z.split(separator: "\n").dropLast().joined(separator: "\n")) + "\n"] {
            let t = try write(["Z.csv": bad, "Y.csv": Self.y])
            defer { t.remove() }
            let e1 = #expect(throws: MRIOError.self) { try MRIOReader.read(path: t.url.path, format: .csv) }
            let e2 = #expect(throws: MRIOError.self) { try MRIOReader.read(path: t.url.path, format: .csv, sparseFlows: true) }
            #expect(e1?.message == e2?.message && e1?.code == e2?.code, "\(String(describing: e1)) vs \(String(describing: e2))")
        }
    }
}
