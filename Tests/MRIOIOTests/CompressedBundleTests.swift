import Foundation
import Testing
import YuhengTestSupport
import YuhengData
import YuhengMRIO
import YuhengNumerics

/// The compressed matrix files (`.ymz`) of the bundled WIOD GHG series and their reader.
@Suite("Compressed MRIO bundle (.ymz)")
struct CompressedBundleTests {
    static let bundled = TestPaths.packageRoot.appendingPathComponent("Sources/Data/Bundled/mrio")

    static func blob(_ hex: String) -> [UInt8] {
        var out = [UInt8]()
        var it = hex.makeIterator()
        while let a = it.next(), let b = it.next() { out.append(UInt8(String([a, b]), radix: 16)!) }
        return out
    }

    static func decode(_ bytes: [UInt8]) throws -> DenseMatrix {
        try bytes.withUnsafeBytes { try MatrixFile.decode($0) } // MatrixFile dispatches on the magic
    }

    static func bits(_ m: DenseMatrix) -> [UInt64] { m.elements.map(\.bitPattern) }

    // Written by scripts/build_mrio_bundle.py's encoder with a forced order (see the test names).
    static let intColumnMajor =
        "594d545a010001000300000000000000040000000000000000000000000000001e000000000000001700000000000000b01ebd8861f50d58000000008f68cb2f63b87f94838ba90102041818ff43003fc30d16beff8c00"
    static let intRowMajor =
        "594d545a010001010300000000000000040000000000000000000000000000001e000000000000001700000000000000b01ebd88fea3a84a00000000a1e647b4636062bcc172ff2847030408fc87007e3e2e0686ff8c00"
    static let scale3RowMajor =
        "594d545a010001010200000000000000030000000000000003000000000000000b000000000000000d000000000000009422be1faa98066e00000000b84386d4635a2cdca1be6acbbd52065e00"
    static let float64ColumnMajor =
        "594d545a0100000002000000000000000300000000000000000000000000000030000000000000001d000000000000006eee88cd81d8d559000000004735e53033310681cbf68c0c28a00142b11c9853cad061f3c4bcee3f18bcaf0700"
    static let float64RowMajor =
        "594d545a0100000102000000000000000300000000000000000000000000000030000000000000001e000000000000006eee88cdd9a56e760000000037ca74d933310681cbf60c10d030a794a1c3e689791d2303326039f01f0cded70300"

    @Test("integers (zig-zag varints, both orders), scaled integers and float64 (incl. -0.0, subnormal, max) decode bit-exactly")
    func smallFiles() throws {
        let a: [[Double]] = [[0, 1, -1, 300], [-70000, 4_503_599_627_370_496, -4_503_599_627_370_496, 7], [5, 0, 0, -128]]
        for hex in [Self.intColumnMajor, Self.intRowMajor] {
            let m = try Self.decode(Self.blob(hex))
            #expect(m.rows == 3 && m.columns == 4)
            for i in 0..<3 { for j in 0..<4 { #expect(m[i, j] == a[i][j]) } }
        }
        let b = try Self.decode(Self.blob(Self.scale3RowMajor))
        let bExpected: [[Double]] = [[0.001, -1.234, 2.5], [123456.789, 0.0, -0.007]]
        for i in 0..<2 { for j in 0..<3 { #expect(b[i, j].bitPattern == bExpected[i][j].bitPattern) } }
        let c: [[Double]] = [[0.1 + 0.2, -0.0, 1e300], [Double.leastNonzeroMagnitude, -2.5, Double.greatestFiniteMagnitude]]
        let cCol = try Self.decode(Self.blob(Self.float64ColumnMajor))
        let cRow = try Self.decode(Self.blob(Self.float64RowMajor))
        for m in [cCol, cRow] {
            for i in 0..<2 { for j in 0..<3 { #expect(m[i, j].bitPattern == c[i][j].bitPattern) } }
        }
        #expect(cCol[0, 1].sign == .minus)
    }

    @Test("damaged files are rejected before any value is used: header, stream, length, version")
    func damaged() throws {
        let good = Self.blob(Self.intRowMajor)
        var header = good; header[9] ^= 1 // rows
        var stream = good; stream[70] ^= 0x10 // compressed bytes
        var version = good; version[4] = 2
        let truncated = Array(good.dropLast(3))
        let extra = good + [0]
        for (what, bytes) in [("header", header), ("stream", stream), ("version", version), ("truncated", truncated), ("extra", extra)] {
            #expect(throws: MRIOError.self, "\(what)") { try Self.decode(bytes) }
        }
        // a stream whose CRC is made to match but whose content is cut short is still caught (inflate or length)
        #expect(throws: (any Error).self) { try Self.decode(Array(good.prefix(60))) }
    }

    @Test(
        "wiod2011-ghg loads as an MRIO store and equals ../shared/data/mrio/wiod2011_co2/csv bit for bit (Z, Y, x, CO2)",
        .enabled(if: IO.sharedAvailable, "needs ../shared"))
    func wiod2011AgainstSharedCSV() throws {
        let folder = Self.bundled.appendingPathComponent("wiod2011-ghg")
        let ghg = try MRIOStore.load(from: folder, verifyChecksums: true)
        #expect(ghg.extensions.map(\.name) == ["co2", "ch4", "n2o"])
        #expect(ghg.extensions[1].stressors == ["CH4_fossil", "CH4_nonfossil"] && ghg.extensions[2].stressors == ["N2O"])
        let csv = try MRIOReader.read(path: IO.sharedPath(IO.wiodCSV))
        #expect(Self.bits(try #require(ghg.Z)) == Self.bits(try #require(csv.Z)))
        #expect(Self.bits(ghg.Y) == Self.bits(csv.Y))
        #expect((ghg.x ?? []).map(\.bitPattern) == (csv.x ?? []).map(\.bitPattern))
        #expect(Self.bits(ghg.extensions[0].F) == Self.bits(csv.extensions[0].F))
        #expect(Self.bits(try #require(ghg.extensions[0].FY)) == Self.bits(try #require(csv.extensions[0].FY)))
        // and the id of the -co2 table it supersedes (now an alias of this table's co2 extension)
        let old = try BundledMRIO.load(id: "wiod2011-co2")
        #expect(Self.bits(ghg.extensions[0].F) == Self.bits(old.extensions[0].F))
        // MatrixFile.info reads a .ymz header (register() relies on it)
        let info = try MatrixFile.info(of: folder.appendingPathComponent("Z.ymz"))
        #expect(info.rows == 1435 && info.columns == 1435)
    }

    @Test(
        "wiod2005-ghg: Z and Y equal the WIOD source CSVs (gzip) exactly; x is their row sum; world totals as system.json",
        .enabled(if: IO.sharedAvailable && TestPaths.executable("gzip") != nil, "needs ../shared and gzip"))
    func wiod2005AgainstSourceCSV() throws {
        let folder = Self.bundled.appendingPathComponent("wiod2005-ghg")
        let t = try MRIOStore.load(from: folder)
        let z = try #require(t.Z), x = try #require(t.x)
        for (name, m) in [("Z", z), ("Y", t.Y)] {
            let (status, text) = try IO.run(
                try #require(TestPaths.executable("gzip")), ["-dc", IO.sharedPath("data/mrio/wiod2013/wiod2013_2005_\(name).csv.gz")])
            try #require(status == 0)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            let header = lines.removeFirst().split(separator: ",")
            #expect(header.count == m.columns + 1 && lines.count == m.rows, "\(name) shape")
            var mismatches = 0
            for (i, line) in lines.enumerated() {
                for (j, cell) in line.split(separator: ",").dropFirst().enumerated() where Double(cell)!.bitPattern != m[i, j].bitPattern {
                    mismatches += 1
                }
            }
            #expect(mismatches == 0, "\(name): \(mismatches) cells differ from the source CSV")
        }
        for i in 0..<z.rows {
            var s = 0.0
            for j in 0..<z.columns { s += z[i, j] }
            for j in 0..<t.Y.columns { s += t.Y[i, j] }
            #expect(s == x[i])
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("system.json"))) as? [String: Any]
        let world = try #require((manifest?["ghg"] as? [String: Any])?["world_kt"] as? [String: Double])
        for (k, e) in zip(["CO2", "CH4", "N2O"], t.extensions) {
            let total = e.F.elements.reduce(0, +) + (e.FY?.elements.reduce(0, +) ?? 0)
            #expect(abs(total - world[k]!) <= 1e-9 * world[k]!, "\(k) world total")
        }
    }
}
