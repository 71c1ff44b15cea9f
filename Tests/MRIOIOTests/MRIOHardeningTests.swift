import Foundation
import Testing
import YuhengTestSupport
import YuhengData
import YuhengMRIO

/// Hostile and damaged MRIO tables (issue 14, items 3, 7, 15 and 18): EXIOBASE archives whose
/// headers lie, zip bombs, a pymrio `Z.txt` that is a link to `/dev/zero`, descriptors that name
/// files outside the table's folder, absurd index-column counts. Each is an `MRIOError` naming the
/// file, never a trap or unbounded memory.
@Suite("MRIO readers refuse hostile and damaged tables")
struct MRIOHardeningTests {
    /// The files of a folder as archive entries under `top/` (deflated).
    static func entries(of folder: URL, top: String) throws -> [HostileZip.Entry] {
        let fm = FileManager.default
        var out: [HostileZip.Entry] = []
        for case let rel as String in fm.enumerator(atPath: folder.path)! {
            var dir: ObjCBool = false
            guard fm.fileExists(atPath: folder.appendingPathComponent(rel).path, isDirectory: &dir), !dir.boolValue else { continue }
            out.append(try HostileZip.deflated(top + "/" + rel, Data(contentsOf: folder.appendingPathComponent(rel))))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// An EXIOBASE-layout archive of the fixture, with `tweak` applied to its A.txt entry.
    static func exiobaseZip(in tmp: TempDir, name: String, tweak: (inout HostileZip.Entry) throws -> Void = { _ in }) throws -> URL {
        let dir = tmp.sub("IOT_2011_ixi")
        if !FileManager.default.fileExists(atPath: dir.path) { try ExiobaseFixture.write(try ExiobaseFixture.system(), to: dir, release38: false) }
        var es = try entries(of: dir, top: "IOT_2011_ixi")
        let i = try #require(es.firstIndex { $0.name == "IOT_2011_ixi/A.txt" })
        try tweak(&es[i])
        return try HostileZip(entries: es).write(to: tmp.sub(name))
    }

    @Test("the hand-written archive of the EXIOBASE fixture reads like the fixture (the writer is sound)")
    func honestArchiveReads() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let url = try Self.exiobaseZip(in: tmp, name: "IOT_2011_ixi.zip")
        let r = try MRIOReader.read(path: url.path, format: .exiobase3)
        expectIdentical(r, try ExiobaseFixture.system(), "hand-written zip")
    }

    @Test("an EXIOBASE archive whose A.txt declares 2^64-1 or 2^62 bytes is an MRIOError naming A.txt (ZIPFoundation trapped)")
    func bogusDeclaredSizes() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        for size in [UInt64.max, 1 << 62] {
            let url = try Self.exiobaseZip(in: tmp, name: "bogus-\(size).zip") { $0.uncompressedSize = size }
            let e = try #require(expectMRIOError { _ = try MRIOReader.read(path: url.path, format: .exiobase3) })
            #expect(e.file == "\(url.path)!/IOT_2011_ixi/A.txt", "\(e)")
            #expect(e.message.contains("declares") && e.message.contains("uncompressed"), "\(e)")
            #expect(e.suggestion?.contains("damaged or crafted") == true, "\(e)")
        }
        // A compressed size beyond the archive.
        let url = try Self.exiobaseZip(in: tmp, name: "csize.zip") { $0.compressedSize = UInt64.max }
        let e = try #require(expectMRIOError { _ = try MRIOReader.read(path: url.path, format: .exiobase3) })
        #expect(e.code == .malformedFile && e.message.contains("beyond the end"), "\(e)")
    }

    @Test("an EXIOBASE zip bomb is refused from its directory; an A.txt that inflates past its declared size stops there")
    func bombs() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let bomb = try Self.exiobaseZip(in: tmp, name: "bomb.zip") { $0 = try HostileZip.deflatedFill($0.name, count: 200 << 20) }
        let e = try #require(expectMRIOError { _ = try MRIOReader.read(path: bomb.path, format: .exiobase3) })
        #expect(e.message.contains("200 MiB") && e.message.contains("may expand to at most 64 MiB"), "\(e)")

        let liar = try Self.exiobaseZip(in: tmp, name: "liar.zip") { a in
            let declared = a.uncompressedSize
            a = try HostileZip.deflatedFill(a.name, count: 64 << 20, byte: UInt8(ascii: "\t"))
            a.uncompressedSize = declared
        }
        let l = try #require(expectMRIOError { _ = try MRIOReader.read(path: liar.path, format: .exiobase3) })
        #expect(l.file?.hasSuffix("!/IOT_2011_ixi/A.txt") == true)
        #expect(l.message.contains("its header declares") || l.message.contains("line"), "\(l)")
    }

    /// A writable copy of the pymrio test system.
    static func pymrioCopy(_ tmp: TempDir) throws -> URL {
        let dir = tmp.sub("pymrio")
        try writableCopy(of: IO.shared.appendingPathComponent(IO.pymrioTestSystem), to: dir)
        return dir
    }

    @Test("a pymrio Z.txt that is a link to /dev/zero, or a FIFO, is refused (it grew without bound)", .enabled(if: IO.sharedAvailable))
    func devicesAndFIFOs() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try Self.pymrioCopy(tmp)
        let z = dir.appendingPathComponent("Z.txt")
        try FileManager.default.removeItem(at: z)
        try FileManager.default.createSymbolicLink(atPath: z.path, withDestinationPath: "/dev/zero")
        let e = try #require(expectMRIOError { _ = try MRIOReader.read(path: dir.path) })
        #expect(e.file == z.path && e.message.contains("character device"), "\(e)")
        try FileManager.default.removeItem(at: z)
        #expect(mkfifo(z.path, 0o600) == 0)
        let f = try #require(expectMRIOError { _ = try MRIOReader.read(path: dir.path) })
        #expect(f.message.contains("named pipe"), "\(f)")
    }

    @Test("a table file without line ends stops at the line-length limit with the file and line", .enabled(if: IO.sharedAvailable))
    func lineLength() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try Self.pymrioCopy(tmp)
        let y = dir.appendingPathComponent("Y.txt")
        try Data(repeating: UInt8(ascii: "7"), count: ImportLimits.defaults.maxLineBytes + 4096).write(to: y)
        let e = try #require(expectMRIOError { _ = try MRIOReader.read(path: dir.path) })
        #expect(e.file == y.path, "\(e)")
        #expect(e.message.contains("line 1") && e.message.contains("longer than 16 MiB"), "\(e)")
    }

    @Test("file_parameters.json may not name files outside the table's folder: '..', absolute paths, links out", .enabled(if: IO.sharedAvailable))
    func descriptorsStayInside() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try Self.pymrioCopy(tmp)
        let params = dir.appendingPathComponent("file_parameters.json")
        let original = try String(contentsOf: params, encoding: .utf8)
        for (name, why) in [
            ("../../../../etc/passwd", "leaves the table's folder"), ("/etc/passwd", "is an absolute path"),
            ("sub/../../Z.txt", "leaves the table's folder")
        ] {
            try original.replacingOccurrences(of: "\"name\": \"Z.txt\"", with: "\"name\": \"\(name)\"").write(
                to: params, atomically: true, encoding: .utf8)
            let e = try #require(expectMRIOError { _ = try MRIOReader.read(path: dir.path) })
            #expect(e.file == params.path && e.message.contains(why) && e.message.contains("files.Z.name"), "\(name): \(e)")
            #expect(!e.message.contains("root:"))
        }
        // A link out of the folder, named by the descriptor or by the default name.
        try Data(contentsOf: dir.appendingPathComponent("Z.txt")).write(to: tmp.sub("outside.txt"))
        try original.replacingOccurrences(of: "\"name\": \"Z.txt\"", with: "\"name\": \"link.txt\"").write(
            to: params, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("link.txt").path, withDestinationPath: tmp.sub("outside.txt").path)
        let e = try #require(expectMRIOError { _ = try MRIOReader.read(path: dir.path) })
        #expect(e.message.contains("outside the table's folder"), "\(e)")
        // A link that stays inside is fine.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("link.txt"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: dir.appendingPathComponent("Z.txt"), to: dir.appendingPathComponent("data/Z.txt"))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.txt").path, withDestinationPath: "data/Z.txt")
        let ok = try MRIOReader.read(path: dir.path)
        let reference = try MRIOReader.read(path: IO.sharedPath(IO.pymrioTestSystem))
        #expect(bits(ok.Z) == bits(reference.Z))
    }

    @Test("nr_index_col \"1000000000\" (or 0, -1, \"two\") is a clear error, not a message with 999999999 and -1", .enabled(if: IO.sharedAvailable))
    func descriptorNumbers() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = try Self.pymrioCopy(tmp)
        let params = dir.appendingPathComponent("file_parameters.json")
        let original = try String(contentsOf: params, encoding: .utf8)
        let zEntry = "\"name\": \"Z.txt\",\n            \"nr_index_col\": \"2\""
        #expect(original.contains(zEntry))
        for value in ["\"1000000000\"", "\"0\"", "-1", "\"two\"", "2.5", "1e300"] {
            try original.replacingOccurrences(of: zEntry, with: "\"name\": \"Z.txt\",\n            \"nr_index_col\": \(value)").write(
                to: params, atomically: true, encoding: .utf8)
            let e = try #require(expectMRIOError { _ = try MRIOReader.read(path: dir.path) })
            #expect(
                e.file == params.path && e.message.contains("files.Z.nr_index_col") && e.message.contains("whole number from 1 to 32"),
                "\(value): \(e)")
            #expect(!e.message.contains("999999999") && !e.message.contains("-1 "), "\(e)")
        }
        try original.replacingOccurrences(of: "\"nr_header\": \"2\"", with: "\"nr_header\": \"100\"").write(
            to: params, atomically: true, encoding: .utf8)
        let h = try #require(expectMRIOError { _ = try MRIOReader.read(path: dir.path) })
        #expect(h.message.contains("nr_header"), "\(h)")
    }

    @Test("an MRIO store's system.json may not name files outside its folder, and its matrices may not be devices")
    func storeFiles() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let store = tmp.sub("store")
        _ = try MRIOStore.save(try ExiobaseFixture.system(), to: store)
        #expect(try MRIOStore.load(from: store).n == 9)
        let manifest = store.appendingPathComponent("system.json")
        let original = try String(contentsOf: manifest, encoding: .utf8)
        #expect(original.contains("\"Z.ymat\"") || original.contains("\"A.ymat\""))
        let name = original.contains("\"A.ymat\"") ? "A.ymat" : "Z.ymat"
        try original.replacingOccurrences(of: "\"\(name)\"", with: "\"../../etc/passwd\"").write(to: manifest, atomically: true, encoding: .utf8)
        let e = try #require(expectMRIOError { _ = try MRIOStore.load(from: store) })
        #expect(e.file == manifest.path && e.message.contains("leaves the table's folder"), "\(e)")
        try original.write(to: manifest, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: store.appendingPathComponent(name))
        try FileManager.default.createSymbolicLink(atPath: store.appendingPathComponent(name).path, withDestinationPath: "/dev/zero")
        let d = try #require(expectMRIOError { _ = try MRIOStore.load(from: store) })
        #expect(d.message.contains("character device"), "\(d)")
    }
}
