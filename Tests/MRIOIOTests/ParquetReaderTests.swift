import Foundation
import Testing
import YuhengMRIO
import YuhengNumerics
import YuhengTestSupport

@testable import YuhengData

/// pymrio folders saved with `table_format="parquet"` (`Tests/Fixtures/mrio/pymrio_parquet/`,
/// written by `scripts/mrio_parquet_fixtures.py` from the text fixture) against pymrio reading the
/// same files, and the Parquet decoder on damaged and unsupported files.
@Suite("pymrio Parquet folders")
struct ParquetReaderTests {
    static let folder = ProviderFixture.path("pymrio_parquet/folder")
    static let variants = ProviderFixture.path("pymrio_parquet/variants")

    @Test("a pymrio Parquet folder (NaN cells, Y regions reordered, coefficient-only extension) gives pymrio's accounts")
    func folderAgreesWithPymrio() throws {
        #expect(try MRIOReader.detect(path: Self.folder) == .pymrio)
        let system = try MRIOReader.read(path: Self.folder)
        #expect(system.regions == ["reg1", "reg2", "reg3"])
        #expect(system.warnings.contains { $0.contains("Z.parquet") && $0.contains("1 empty or NaN cell(s) read as 0") })
        #expect(system.warnings.contains { $0.contains("Y.parquet") && $0.contains("aligned by label") })
        #expect(system.warnings.contains { $0.contains("coefficients only") && $0.contains("land/S.parquet") })
        let land = try #require(system.extensions.first { $0.name == "land" })
        #expect(land.units == ["km2", "km2"])
        let ref = try ProviderFixture.reference("pymrio_parquet")
        #expect(ref.generator.contains("pymrio 0.7.0"))
        try ProviderFixture.expectAgreement(system, ref)
    }

    @Test("the Parquet folder holds the same table as the text folder it was saved from")
    func sameAsText() throws {
        let text = try MRIOReader.read(path: ProviderFixture.path("pymrio/folder"))
        let parquet = try MRIOReader.read(path: Self.folder)
        #expect(parquet.regions == text.regions && parquet.sectors == text.sectors)
        #expect(parquet.finalDemandCategories == text.finalDemandCategories)
        #expect(parquet.Z?.elements == text.Z?.elements)
        #expect(parquet.Y.elements == text.Y.elements)
        #expect(parquet.extensions.map(\.name) == text.extensions.map(\.name))
        for (a, b) in zip(parquet.extensions, text.extensions) {
            #expect(a.stressors == b.stressors && a.units == b.units)
            #expect(a.F.elements == b.F.elements, "\(a.name).F")
            #expect(a.FY?.elements == b.FY?.elements, "\(a.name).F_Y")
        }
        #expect(parquet.monetaryUnit == text.monetaryUnit)
    }

    @Test("gzip, data pages v2, NaN values, no dictionary, BYTE_STREAM_SPLIT, several row groups, x and population")
    func writerOptions() throws {
        let base = try MRIOReader.read(path: Self.folder)
        let v = try MRIOReader.read(path: Self.variants)
        #expect(v.Z?.elements == base.Z?.elements)
        #expect(v.Y.elements == base.Y.elements)
        for (a, b) in zip(v.extensions, base.extensions) where a.name == "emissions" {
            #expect(a.F.elements == b.F.elements)
            #expect(a.FY?.elements == b.FY?.elements)
        }
        let pop = try #require(v.population)
        #expect(pop == ["reg1": 1.5e6, "reg2": 3e6, "reg3": 4.5e6])
        // x.parquet (Z·1 + Y·1) converts the coefficient-only extension, and says so.
        #expect(v.warnings.contains { $0.contains("coefficients only") && $0.contains("x.parquet") })
        #expect(v.warnings.contains { $0.contains("Z.parquet") && $0.contains("1 empty or NaN cell(s)") })
        try ProviderFixture.expectAgreement(v, try ProviderFixture.reference("pymrio_parquet"))
    }

    @Test("pymrio folders in a zip (pymrio.archive), text and Parquet, read as the unpacked folders")
    func zipped() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        for (folder, label) in [(ProviderFixture.path("pymrio/folder"), "text"), (Self.folder, "parquet")] {
            let base = try MRIOReader.read(path: folder)
            for top in ["", "mrio/2011"] {
                let zip = tmp.sub("\(label)-\(top.isEmpty ? "flat" : "nested").zip")
                try ExiobaseFixture.zip(URL(fileURLWithPath: folder), top: top, to: zip)
                #expect(try MRIOReader.detect(path: zip.path) == .pymrio, "\(label) \(top)")
                let z = try MRIOReader.read(path: zip.path)
                #expect(z.regions == base.regions && z.Y.elements == base.Y.elements, "\(label) \(top)")
                #expect(z.extensions.map(\.name) == base.extensions.map(\.name))
                #expect(z.warnings.contains { $0.contains(".zip!/") && $0.contains("empty or NaN") })
                #expect(z.provenance?.licence != ExiobaseRegions.licence)
                try ProviderFixture.expectAgreement(z, try ProviderFixture.reference("pymrio"))
            }
        }
    }

    @Test("ZSTD, a truncated file and a text file named .parquet are errors naming the file and what to do")
    func unsupportedAndDamaged() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = tmp.sub("folder")
        try writableCopy(of: URL(fileURLWithPath: Self.folder), to: dir)
        let z = dir.appendingPathComponent("Z.parquet")
        let good = try Data(contentsOf: z)

        try FileManager.default.removeItem(at: z)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: ProviderFixture.path("pymrio_parquet/bad/zstd.parquet")), to: z)
        let zstd = expectMRIOError { _ = try MRIOReader.read(path: dir.path) }
        #expect(zstd?.message.contains("ZSTD") == true)
        #expect(zstd?.suggestion?.contains("snappy") == true)
        #expect(zstd?.file?.hasSuffix("Z.parquet") == true)

        try good.prefix(good.count - 100).write(to: z)
        let cut = expectMRIOError { _ = try MRIOReader.read(path: dir.path) }
        #expect(cut?.message.contains("truncated") == true)
        #expect(cut?.file?.hasSuffix("Z.parquet") == true)

        try Data("region\tsector\treg1\n".utf8).write(to: z)
        let text = expectMRIOError { _ = try MRIOReader.read(path: dir.path) }
        #expect(text?.message.contains("not a Parquet file") == true)
    }

    @Test("a pymrio pickle folder (table_format=\"pkl\") is refused with what to do, not misread as text")
    func pickle() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = tmp.sub("folder")
        try writableCopy(of: URL(fileURLWithPath: Self.folder), to: dir)
        let params = dir.appendingPathComponent("file_parameters.json")
        let text = try String(contentsOf: params, encoding: .utf8).replacingOccurrences(of: "Z.parquet", with: "Z.pkl")
        try text.write(to: params, atomically: true, encoding: .utf8)
        try Data([0x80, 0x05, 0x95]).write(to: dir.appendingPathComponent("Z.pkl"))
        let e = expectMRIOError { _ = try MRIOReader.read(path: dir.path) }
        #expect(e?.message.contains("Python pickle") == true)
        #expect(e?.suggestion?.contains("table_format=\"parquet\"") == true)
        #expect(e?.file?.hasSuffix("Z.pkl") == true)
    }

    @Test("every truncation and every flipped footer byte is an error or a table, never a crash")
    func damagedNeverCrashes() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/Z.parquet")))
        var errors = 0
        for cut in stride(from: 0, to: bytes.count, by: 23) {
            do {
                let f = try ParquetFile(bytes: Array(bytes[..<cut]), file: "Z.parquet")
                for k in f.leaves.indices { _ = try f.column(k) }
            } catch is DataError { errors += 1 }
        }
        #expect(errors == (bytes.count + 22) / 23) // every truncated file is refused
        let footer = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8 | Int(bytes[bytes.count - 6]) << 16
        var refused = 0
        for i in (bytes.count - 8 - footer)..<(bytes.count - 8) {
            var b = bytes
            b[i] ^= 0xff
            do {
                let f = try ParquetFile(bytes: b, file: "Z.parquet")
                for k in f.leaves.indices { _ = try f.column(k) }
            } catch is DataError { refused += 1 }
        }
        #expect(refused > 0)
    }

    /// A Parquet file of one DOUBLE column whose metadata declares `rows` rows in one row group (Thrift compact
    /// protocol written by hand; the column chunk has no data).
    static func declaredRows(_ rows: Int64) -> [UInt8] {
        var b: [UInt8] = []
        func varint(_ v: UInt64) {
            var v = v
            while v >= 0x80 { b.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
            b.append(UInt8(v))
        }
        func zigzag(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
        func field(_ delta: UInt8, _ type: UInt8) { b.append(delta << 4 | type) }
        func int(_ delta: UInt8, _ v: Int64, i64: Bool = false) { field(delta, i64 ? 6 : 5); zigzag(v) }
        func string(_ delta: UInt8, _ s: String) { field(delta, 8); varint(UInt64(s.utf8.count)); b += Array(s.utf8) }
        func list(_ delta: UInt8, count: UInt8) { field(delta, 9); b.append(count << 4 | 12) }
        int(1, 1) // version
        list(1, count: 2) // schema
        string(4, "schema"); int(1, 1); b.append(0) // root: name, num_children
        int(1, 5); int(2, 1); string(1, "a"); b.append(0) // leaf: DOUBLE, OPTIONAL, "a"
        int(1, rows, i64: true) // num_rows
        list(1, count: 1) // row_groups
        list(1, count: 1); int(2, 4, i64: true); b.append(0) // columns: one chunk (file_offset only)
        int(2, rows, i64: true); b.append(0) // num_rows (field 3)
        b.append(0)
        let n = UInt32(b.count)
        return Array("PAR1".utf8) + b + [UInt8(n & 0xff), UInt8(n >> 8 & 0xff), UInt8(n >> 16 & 0xff), UInt8(n >> 24)] + Array("PAR1".utf8)
    }

    @Test("a file declaring more rows than the import limit allows is refused before anything is allocated")
    func declaredRowsLimit() throws {
        do {
            _ = try ParquetFile(bytes: Self.declaredRows(1 << 40), file: "big.parquet")
            Issue.record("2^40 rows were accepted")
        } catch let e as DataError {
            #expect(e.code == .tooLarge && e.message.contains("1099511627776 rows"))
            #expect(e.suggestion?.contains("YUHENG_MAX_DECOMPRESSED_BYTES") == true)
        }
        // A plausible size passes the header check; the chunk without metadata is then an error, not a crash.
        let small = try ParquetFile(bytes: Self.declaredRows(3), file: "small.parquet")
        #expect(small.rows == 3 && small.columnNames == ["a"])
        #expect(throws: DataError.self) { try small.column(0) }
    }

    @Test("Snappy: literals, overlapping copies and damaged blocks")
    func snappy() throws {
        // length 10; literal "ab"; copy of 8 bytes from 2 back (overlapping) -> "ababababab"
        let block: [UInt8] = [10, 1 << 2, 0x61, 0x62, 1 | (4 << 2), 2]
        #expect(try Snappy.decompress(block[...], expected: 10) == Array("ababababab".utf8))
        #expect(throws: Snappy.Failure.self) { try Snappy.decompress(block[...], expected: 11) }
        #expect(throws: Snappy.Failure.self) { try Snappy.decompress([10, 1 << 2, 0x61, 0x62, 1 | (4 << 2), 3][...], expected: 10) }
        #expect(throws: Snappy.Failure.self) { try Snappy.decompress([10, 1 << 2, 0x61][...], expected: 10) }
    }

    @Test("column names written from a MultiIndex are split as Python writes tuples")
    func tupleNames() {
        #expect(PythonTuple.parts("('reg1', 'food')") == ["reg1", "food"])
        #expect(PythonTuple.parts("(\"it's\", 'x, y')") == ["it's", "x, y"])
        #expect(PythonTuple.parts("('a',)") == ["a"])
        #expect(PythonTuple.parts("(2011, 'b\\\\c')") == ["2011", "b\\c"])
        #expect(PythonTuple.parts("('a', 'b'") == nil)
        #expect(PythonTuple.parts("reg1") == nil)
    }

    @Test("positions in messages about a Parquet table are rows and column names, not lines")
    func positions() {
        let e = ParquetTable.positions(MRIOError(.labels, "line 0, column 4: 'reg9' is not a region; line 12: row 'x' is unknown", file: "Y.parquet"))
        #expect(e.message == "column names, column 4: 'reg9' is not a region; row 12: row 'x' is unknown")
        #expect(e.code == .labels && e.file == "Y.parquet")
    }
}
