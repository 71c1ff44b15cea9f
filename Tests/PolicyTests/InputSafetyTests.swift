import Foundation
import Testing
import YuhengTestSupport
import YuhengCore
import YuhengData
@testable import YuhengPolicy

/// The safe YAML reader shared by every YAML input (issue 14, items 6 and 18) and the plausible
/// ranges and CN-code warning of the policy engines (items 17 and 19), through the library.
@Suite("safe YAML reader, finite numbers and plausible ranges of CBAM and avoided-emissions inputs")
struct InputSafetyTests {
    func dataError(_ body: () throws -> Void) -> DataError? {
        do { try body(); Issue.record("expected a DataError") } catch let e as DataError { return e } catch {
            Issue.record("expected a DataError, got \(error)")
        }
        return nil
    }

    static func laughs(levels: Int) -> String {
        var lines = ["a: &a [1,2,3,4,5,6,7,8,9,10]"]
        var prev = "a"
        for k in 0..<levels {
            let n = "l\(k)"
            lines.append("\(n): &\(n) [" + Array(repeating: "*\(prev)", count: 10).joined(separator: ",") + "]")
            prev = n
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("a billion laughs (10⁹ values from 700 bytes) is refused in well under a minute; a modest use of aliases is fine")
    func billionLaughs() throws {
        let text = Self.laughs(levels: 8)
        #expect(text.utf8.count < 1024)
        let started = Date()
        let e = dataError { _ = try SafeYAML.parse(text, file: "laughs.yaml") }
        #expect(e?.message.contains("expands to more than 1000000 values") == true, "\(String(describing: e))")
        #expect(e?.file == "laughs.yaml")
        #expect(Date().timeIntervalSince(started) < 60)
        // Two levels: 111 values, accepted.
        let ok = try SafeYAML.parse(Self.laughs(levels: 2), file: "ok.yaml")
        #expect(ok.entries?.count == 3)
    }

    @Test("aliases as keys, too many aliases, deep nesting and large documents are refused")
    func limits() {
        #expect(dataError { _ = try SafeYAML.parse("a: &a [1, 2]\n? *a\n: 1\n", file: "k.yaml") }?.message.contains("used as a mapping key") == true)
        #expect(
            dataError { _ = try SafeYAML.parse("a: &a 1\nb: *a\n", file: "k.yaml", limits: InputLimits(maxAliases: 0)) }?.message.contains(
                "alias references") == true)
        let deep = String(repeating: "[", count: 150) + String(repeating: "]", count: 150)
        #expect(dataError { _ = try SafeYAML.parse("a: " + deep, file: "d.yaml") }?.message.contains("nested more than 100 levels") == true)
        #expect(
            dataError { _ = try SafeYAML.parse("a: 1\n", file: "s.yaml", limits: InputLimits(maxBytes: 2)) }?.message.contains("limited to") == true)
        #expect(
            dataError {
                _ = try SafeYAML.parse("{\"a\": " + String(repeating: "[", count: 150) + String(repeating: "]", count: 150) + "}", file: "d.json")
            } != nil)
    }

    struct Route: Decodable {
        var name: String; var capacity: Double; var lifetime: Double?; var maxUtilisation: Double?
        enum CodingKeys: String, CodingKey { case name, capacity, lifetime; case maxUtilisation = "max_utilisation" }
    }
    struct Scenario: Decodable { var title: String; var routes: [Route]; var values: [String: Double]? }

    @Test("strict decoding: unknown keys (also of optional fields) with a did-you-mean, missing keys and types with path and line, finite numbers")
    func strictDecoding() throws {
        let ok = try SafeYAML.decode(
            Scenario.self, from: "title: x\nroutes:\n  - { name: a, capacity: 1, max_utilisation: 0.9 }\nvalues: { 2028: 1 }\n", file: "s.yaml")
        #expect(ok.routes[0].maxUtilisation == 0.9 && ok.values?["2028"] == 1)
        var e = dataError { _ = try SafeYAML.decode(Scenario.self, from: "title: x\nroutes:\n  - { name: a, capcity: 1 }\n", file: "s.yaml") }
        #expect(
            e?.message == "unknown key 'capcity' at path routes[0]" && e?.suggestion == "did you mean 'capacity'?" && e?.line == 3,
            "\(String(describing: e))")
        e = dataError {
            _ = try SafeYAML.decode(Scenario.self, from: "title: x\nroutes:\n  - { name: a, capacity: 1, max_utilisaton: 1 }\n", file: "s.yaml")
        }
        #expect(
            e?.message == "unknown key 'max_utilisaton' at path routes[0]" && e?.suggestion == "did you mean 'max_utilisation'?",
            "\(String(describing: e))")
        e = dataError { _ = try SafeYAML.decode(Scenario.self, from: "title: x\nroutes:\n  - name: a\n    lifetime: 3\n", file: "s.yaml") }
        #expect(e?.message == "missing key 'capacity' at path routes[0]" && e?.line == 3, "\(String(describing: e))")
        e = dataError { _ = try SafeYAML.decode(Scenario.self, from: "title: x\nroutes:\n  - { name: a, capacity: lots }\n", file: "s.yaml") }
        #expect(e?.field == "routes[0].capacity" && e?.message.contains("expected a number") == true && e?.line == 3, "\(String(describing: e))")
        for bad in [".nan", ".inf", "-.Inf", "1e999"] {
            e = dataError { _ = try SafeYAML.decode(Scenario.self, from: "title: x\nroutes:\n  - { name: a, capacity: \(bad) }\n", file: "s.yaml") }
            #expect(e?.field == "routes[0].capacity" && e?.message.contains("not a finite number") == true, "\(bad): \(String(describing: e))")
        }
        // JSON goes through the same decoder.
        e = dataError { _ = try SafeYAML.decode(Scenario.self, from: "{\"title\": \"x\", \"routes\": [], \"colour\": 1}", file: "s.json") }
        #expect(e?.message == "unknown key 'colour'", "\(String(describing: e))")
        // Merge keys are resolved.
        let merged = try SafeYAML.decode(
            Scenario.self, from: "title: x\nroutes:\n  - &r { name: a, capacity: 2 }\n  - { <<: *r, name: b }\n", file: "m.yaml")
        #expect(merged.routes.map(\.capacity) == [2, 2] && merged.routes[1].name == "b")
    }

    @Test("input files: not UTF-8 is named (UTF-16, Latin-1), size is limited, folders and missing files are told apart")
    func inputFiles() throws {
        let dir = try TemporaryFolder("input").url
        var u16 = Data([0xFF, 0xFE]); u16.append("a: 1\n".data(using: .utf16LittleEndian)!)
        try u16.write(to: dir.appendingPathComponent("u16.yaml"))
        try "a: caf\u{E9}\n".data(using: .isoLatin1)!.write(to: dir.appendingPathComponent("l1.yaml"))
        try "a: 1\n".write(to: dir.appendingPathComponent("ok.yaml"), atomically: true, encoding: .utf8)
        #expect(
            dataError { _ = try InputFile.read(dir.appendingPathComponent("u16.yaml").path) }?.message.contains(
                "not UTF-8 (looks like UTF-16 little-endian)") == true)
        #expect(
            dataError { _ = try InputFile.read(dir.appendingPathComponent("l1.yaml").path) }?.message.contains("not UTF-8 (looks like Latin-1")
                == true)
        #expect(
            dataError { _ = try InputFile.read(dir.appendingPathComponent("ok.yaml").path, maxBytes: 2) }.map {
                $0.message.contains("larger than") && $0.code == .tooLarge
            }
                == true)
        #expect(dataError { _ = try InputFile.read(dir.path) }?.message.contains("folder") == true)
        #expect(dataError { _ = try InputFile.read(dir.appendingPathComponent("none.yaml").path) }?.code == .cannotOpen)
        #expect(try InputFile.read(dir.appendingPathComponent("ok.yaml").path) == "a: 1\n")
        let e = policyError { _ = try CBAMDeclarationFile.load(path: dir.appendingPathComponent("u16.yaml").path) }
        #expect(e?.message.contains("looks like UTF-16") == true)
    }

    @Test("CBAM files: NaN and infinity are refused where they are read (field and line), not in a JSON write")
    func cbamNonFinite() {
        for v in [".nan", ".inf", "-.inf"] {
            let yaml = "installations:\n  - id: w\n    grid_ef_t_per_mwh: \(v)\n    processes: []\nimports: []\n"
            let e = policyError { _ = try CBAMDeclarationFile.parse(yaml, fileName: "c.yaml") }
            #expect(
                e?.field == "installations[w].grid_ef_t_per_mwh" && e?.line == 3 && e?.message.contains("not a finite number") == true,
                "\(String(describing: e))")
        }
        let csv = policyError { _ = try CBAMDeclarationFile.parse("record,installation,grid_ef_t_per_mwh\ninstallation,w,inf\n", fileName: "c.csv") }
        #expect(csv?.line == 2 && csv?.message.contains("not a finite number") == true, "\(String(describing: csv))")
        let billion = policyError { _ = try CBAMDeclarationFile.parse(Self.laughs(levels: 8), fileName: "c.yaml") }
        #expect(billion?.message.contains("expands to more than") == true)
    }

    func cbam1(_ edit: (inout CBAMDeclaration) -> Void) throws -> CBAMDeclaration {
        var d = try CBAMDeclarationFile.load(path: example("cbam/cbam-1.yaml"))
        edit(&d)
        return d
    }

    @Test("CBAM: 450 t/MWh is an error, 1.9 t/MWh a warning; quantities and intensities beyond physics are errors")
    func cbamRanges() throws {
        var e = policyError { _ = try CBAMEngine.assess(try cbam1 { $0.installations[0].gridEFtPerMWh = 450 }, catalog: catalog) }
        #expect(
            e?.code == .outOfRange && e?.field == "installations[steelworks].grid_ef_t_per_mwh" && e?.message.contains("divided by 1,000") == true,
            "\(String(describing: e))")
        let r = try CBAMEngine.assess(try cbam1 { $0.installations[0].gridEFtPerMWh = 1.9 }, catalog: catalog)
        #expect(
            r.warnings.contains { $0.hasPrefix("field 'installations[steelworks].grid_ef_t_per_mwh': 1.9 t CO2e/MWh is beyond any real") },
            "\(r.warnings)")
        e = policyError { _ = try CBAMEngine.assess(try cbam1 { $0.imports[0].quantityT = 1e308 }, catalog: catalog) }
        #expect(e?.field == "imports[hrc].quantity_t", "\(String(describing: e))")
        e = policyError { _ = try CBAMEngine.assess(try cbam1 { $0.installations[0].processes[2].directTPerT = 5000 }, catalog: catalog) }
        #expect(e?.field == "installations[steelworks].processes[hrc].direct_t_per_t", "\(String(describing: e))")
        e = policyError { _ = try CBAMEngine.assess(try cbam1 { _ in }, catalog: catalog, certificatePrice: 1e9) }
        #expect(e?.field == "certificate_price_eur", "\(String(describing: e))")
        // The worked example has no warnings of this kind.
        #expect(try CBAMEngine.assess(try cbam1 { _ in }, catalog: catalog).warnings.allSatisfy { !$0.contains("beyond any real") })
    }

    @Test("CBAM: an unknown CN code under a listed heading is mapped to the heading with a warning; a heading itself is not")
    func cnCodeWarning() throws {
        let r = try CBAMEngine.assess(try cbam1 { $0.installations[0].processes[2].cnCode = "7208 99 99" }, catalog: catalog)
        #expect(
            r.warnings.contains {
                $0.contains("field 'installations[steelworks].processes[hrc].cn_code'") && $0.contains("'7208 99 99' is not in the catalog")
                    && $0.contains("heading 7208")
            }, "\(r.warnings)")
        let listed = try CBAMEngine.assess(try cbam1 { _ in }, catalog: catalog)
        #expect(!listed.warnings.contains { $0.contains("not in the catalog") }, "7208 39 00 and the headings 7201, 7207 are listed")
        var w: [String] = []
        _ = try catalog.resolve("7208", field: "x", warnings: &w)
        _ = try catalog.resolve("72083900", field: "x", warnings: &w)
        #expect(w.isEmpty)
        _ = try catalog.resolve("72089999", field: "x", warnings: &w)
        #expect(w.count == 1)
    }

    @Test("avoided: 450 t/MWh and 850 TW are errors, 1.5 TW a warning, naming the field")
    func avoidedRanges() throws {
        var s = try AvoidedStudyFile.load(path: example("avoided/av-1.yaml"))
        s.projects[0].gridTPerMWh = 450
        var e = policyError { _ = try AvoidedEngine.assess(s) }
        #expect(e?.code == .outOfRange && e?.field == "projects[av1-pv].grid_t_per_mwh", "\(String(describing: e))")
        s = try AvoidedStudyFile.load(path: example("avoided/av-1.yaml"))
        s.projects[0].capacityKW = nil
        s.projects[0].capacityMW = 850_000_000
        e = policyError { _ = try AvoidedEngine.assess(s) }
        #expect(e?.field == "projects[av1-pv].capacity_mw" && e?.message.contains("not possible") == true, "\(String(describing: e))")
        s.projects[0].capacityMW = 1_500_000
        let r = try AvoidedEngine.assess(s)
        #expect(r.warnings.contains { $0.hasPrefix("field 'projects[av1-pv].capacity_mw'") }, "\(r.warnings)")
    }

    @Test("one edit distance for every did-you-mean")
    func editDistance() {
        #expect(EditDistance.between("capcity", "capacity") == 1)
        #expect(EditDistance.nearest("capcity", in: ["lifetime", "capacity", "share"]) == "capacity")
        #expect(EditDistance.nearest("zzzzzzzz", in: ["capacity"]) == nil)
        #expect(EditDistance.nearest(String(repeating: "a", count: 10_000), in: ["a"]) == nil)
        #expect(EditDistance.between("Steel", "steal") == 1)
    }
}
