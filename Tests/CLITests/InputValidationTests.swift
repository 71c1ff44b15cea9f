import Foundation
import Testing
import YuhengTestSupport
import YuhengCore

/// User input files through the real binary (issue 14, items 6, 17, 18 and 19): YAML documents
/// that expand without bound, horizons without end, NaN/Inf and overflow, non-UTF-8 files,
/// decoding errors, implausible values and typos.
@Suite("input validation: YAML limits, finite numbers, encodings, plausible ranges, typos", .serialized)
struct InputValidationTests {
    static let dir: URL = {
        let d = CLI.databaseDir.appendingPathComponent("input-validation")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    /// Writes `text` (or bytes) to a file of the test folder and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = Self.dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func file(_ name: String, bytes: Data) throws -> String {
        let url = Self.dir.appendingPathComponent(name)
        try bytes.write(to: url)
        return url.path
    }

    func example(_ relative: String) throws -> String {
        try String(contentsOf: CLI.packageRoot.appendingPathComponent("examples/\(relative)"), encoding: .utf8)
    }

    /// Runs the binary, killing it after `seconds` (the old code ran without end on some of these
    /// inputs); `simulate` opens no database, so it gets no `--db`.
    func run(_ args: [String], seconds: Double = 120) async throws -> ProcessOutput {
        try await YuhengBinary.run(args, db: args.first == "simulate" ? nil : CLI.db, timeout: seconds)
    }

    /// A 1 KB "billion laughs": nine levels of nine aliases expand to 9⁹ ≈ 3.9 × 10⁸ strings.
    static func laughs(key: String) -> String {
        var lines = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        var prev = "a"
        for n in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            lines.append("\(n): &\(n) [" + Array(repeating: "*\(prev)", count: 9).joined(separator: ",") + "]")
            prev = n
        }
        lines.append("\(key): *i")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Item 6: YAML that expands without bound, horizons without end

    @Test(
        "a 1 KB YAML 'billion laughs' is refused by every YAML reader (cbam, avoided, simulate, lca study), each within 120 s (it grew without bound)"
    )
    func billionLaughs() async throws {
        let cases: [([String], String)] = [
            (["cbam"], "title"), (["avoided"], "title"), (["simulate"], "name"), (["lca", "study"], "title")
        ]
        for (command, key) in cases {
            let path = try file("laughs-\(command.joined(separator: "-")).yaml", Self.laughs(key: key))
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count < 1024)
            let o = try await run(command + [path], seconds: 120)
            #expect(!o.timedOut, "\(command): still running after 120 s")
            #expect(o.status == 1, "\(command): \(o.stderr)")
            #expect(o.stderr.contains("expands to more than"), "\(command): \(o.stderr)")
            #expect(o.stderr.contains(path), "\(command): \(o.stderr)")
        }
    }

    @Test("an alias used as a mapping key is refused (its hash would expand it while the file is read)")
    func aliasAsKey() async throws {
        let path = try file("alias-key.yaml", Self.laughs(key: "x").replacingOccurrences(of: "x: *i", with: "? *i\n: 1"))
        let o = try await run(["cbam", path], seconds: 120)
        #expect(!o.timedOut)
        #expect(o.status == 1)
        #expect(o.stderr.contains("alias (*name) is used as a mapping key"), "\(o.stderr)")
    }

    @Test("simulate with end_year 100000000 or Int64.max stops at once with an error naming end_year")
    func endlessHorizon() async throws {
        let base = try example("simulate/steel-bau.yaml")
        for end in ["100000000", "9223372036854775807"] {
            let path = try file("horizon-\(end.count).yaml", base.replacingOccurrences(of: "end_year: 2035", with: "end_year: \(end)"))
            let o = try await run(["simulate", path], seconds: 120)
            #expect(!o.timedOut, "end_year \(end): still running after 120 s")
            #expect(o.status == 1)
            #expect(o.stderr.contains("field 'end_year'") && o.stderr.contains("1900–2200"), "\(o.stderr)")
            #expect(o.stderr.contains("\(path):8"), "the line of end_year: \(o.stderr)")
        }
        let long = try file(
            "horizon-long.yaml",
            base.replacingOccurrences(of: "start_year: 2025", with: "start_year: 1900")
                .replacingOccurrences(of: "end_year: 2035", with: "end_year: 2200"))
        let o = try await run(["simulate", long])
        #expect(o.status == 1 && o.stderr.contains("at most 200 years"), "\(o.stderr)")
    }

    // MARK: Item 17: NaN, infinity and overflow

    @Test("cbam with .nan, .inf or 1e308 names the file, the field and (for NaN/Inf) the line; exit 1")
    func cbamNonFinite() async throws {
        let base = try example("cbam/cbam-1.yaml")
        for v in [".nan", ".inf", "-.inf", "1e308"] {
            let path = try file("cbam-\(v).yaml", base.replacingOccurrences(of: "grid_ef_t_per_mwh: 0.60 ", with: "grid_ef_t_per_mwh: \(v) "))
            let o = try await run(["cbam", path, "--json"])
            #expect(o.status == 1, "\(v): \(o.stdout)")
            #expect(o.stderr.contains(path) && o.stderr.contains("grid_ef_t_per_mwh"), "\(v): \(o.stderr)")
            #expect(!o.stderr.contains("JSON write"), "\(v): \(o.stderr)")
            #expect(!o.stdout.contains("Infinity") && !o.stdout.contains("NaN"))
            if v != "1e308" { #expect(o.stderr.contains("\(path):15") && o.stderr.contains("not a finite number"), "\(v): \(o.stderr)") }
        }
        let q = try file("cbam-q.yaml", base.replacingOccurrences(of: "quantity_t: 1000", with: "quantity_t: 1e308"))
        let o = try await run(["cbam", q])
        #expect(o.status == 1 && o.stderr.contains("quantity_t"), "\(o.stderr)")
    }

    @Test("inventory with 1e308 Gg fails naming the line and the amount, in text and JSON (no 'inf', no 'Infinity')")
    func inventoryOverflow() async throws {
        let path = try file(
            "overflow.csv", "id,category,method,item,amount,unit\nok,1A1,stationary,natural_gas,10,TJ\nbig,1A1,stationary,natural_gas,1e308,Gg\n")
        for json in [false, true] {
            let o = try await run(["inventory", path] + (json ? ["--json"] : []))
            #expect(o.status == 1, "\(o.stdout)")
            #expect(
                o.stderr.contains("overflow.csv:3") && o.stderr.contains("field 'amount'") && o.stderr.contains("not a finite number"), "\(o.stderr)")
            #expect(!o.stdout.contains("inf") && !o.stdout.contains("Infinity") && !o.stdout.contains("nan"), "\(o.stdout)")
        }
    }

    @Test("simulate with growth .nan fails naming demand.growth and its line; no rows of nan")
    func simulateNaN() async throws {
        let path = try file("nan.yaml", try example("simulate/steel-bau.yaml").replacingOccurrences(of: "growth: 0 }", with: "growth: .nan }"))
        let o = try await run(["simulate", path])
        #expect(o.status == 1)
        #expect(o.stderr.contains("\(path):9") && o.stderr.contains("demand.growth") && o.stderr.contains("not a finite number"), "\(o.stderr)")
        #expect(!o.stdout.contains("nan"))
    }

    @Test("avoided, natural fire/land/wetland and lca study refuse NaN, infinity and overflowing numbers, naming the field")
    func otherNonFinite() async throws {
        let avoided = try file(
            "av-inf.yaml", try example("avoided/av-1.yaml").replacingOccurrences(of: "grid_t_per_mwh: 0.70", with: "grid_t_per_mwh: .inf"))
        var o = try await run(["avoided", avoided])
        #expect(o.status == 1 && o.stderr.contains("grid_t_per_mwh") && o.stderr.contains("not a finite number"), "\(o.stderr)")

        let fire = try file("fire-inf.csv", "vegetation,area\nsavanna,inf\n")
        o = try await run(["natural", "fire", fire])
        #expect(o.status == 1 && o.stderr.contains("fire-inf.csv:2") && o.stderr.contains("field 'area'"), "\(o.stderr)")
        let fireBig = try file("fire-big.csv", "vegetation,area\nsavanna,1e308\n")
        o = try await run(["natural", "fire", fireBig])
        #expect(o.status == 1 && o.stderr.contains("fire-big.csv") && o.stderr.contains("field 'area'"), "\(o.stderr)")
        #expect(!o.stdout.contains("inf"))

        let land = try file("land-nan.csv", "method,area,growth,root_shoot\ngain-loss,100,nan,0.2\n")
        o = try await run(["natural", "land", land])
        #expect(o.status == 1 && o.stderr.contains("land-nan.csv:2") && o.stderr.contains("field 'growth'"), "\(o.stderr)")

        let wet = try file("wet-big.csv", "area,status,climate,nutrient\n1e300,rewetted,temperate,rich\n")
        o = try await run(["natural", "wetland", wet])
        #expect(o.status == 1 && o.stderr.contains("wet-big.csv") && o.stderr.contains("field 'area'"), "\(o.stderr)")

        let study = try file("study-nan.yaml", try example("lca/hdpe-resin.yaml").replacingOccurrences(of: "  amount: 1\n", with: "  amount: .nan\n"))
        let studyText = try String(contentsOfFile: study, encoding: .utf8)
        #expect(studyText.contains("amount: .nan"))
        o = try await run(["lca", "study", study])
        #expect(
            o.status == 1 && o.stderr.contains("study-nan.yaml:") && o.stderr.contains("reference.amount")
                && o.stderr.contains("not a finite number"), "\(o.stderr)")
    }

    // MARK: Item 18: encodings and decoding errors

    @Test("simulate says 'not UTF-8 (looks like UTF-16 / Latin-1)' like inventory and cbam")
    func encodings() async throws {
        let text = try example("simulate/steel-bau.yaml")
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(text.data(using: .utf16LittleEndian)!)
        let u16 = try file("utf16.yaml", bytes: utf16)
        let latin1 = try file("latin1.yaml", bytes: text.replacingOccurrences(of: "Steel BAU", with: "Stéel BAU").data(using: .isoLatin1)!)
        for (path, looks) in [(u16, "UTF-16"), (latin1, "Latin-1")] {
            for command in [["simulate"], ["cbam"], ["lca", "study"]] {
                let o = try await run(command + [path])
                #expect(o.status == 1)
                #expect(
                    o.stderr.contains("not UTF-8") && o.stderr.contains("looks like \(looks)") && o.stderr.contains(path), "\(command): \(o.stderr)")
            }
        }
        var csv16 = Data([0xFF, 0xFE])
        csv16.append(try example("inventory/ipcc-1.csv").data(using: .utf16LittleEndian)!)
        let o = try await run(["inventory", try file("utf16.csv", bytes: csv16)])
        #expect(o.status == 1 && o.stderr.contains("not UTF-8 (looks like UTF-16"), "\(o.stderr)")
    }

    @Test("simulate errors say 'missing key' with the path and line instead of DecodingError text")
    func decodingErrors() async throws {
        let base = try example("simulate/steel-bau.yaml")
        var path = try file("missing.yaml", base.replacingOccurrences(of: "utilisation: 0.8\n", with: ""))
        var o = try await run(["simulate", path])
        #expect(o.status == 1)
        #expect(o.stderr.contains("missing key 'utilisation'"), "\(o.stderr)")
        #expect(!o.stderr.contains("keyNotFound") && !o.stderr.contains("CodingKeys"), "\(o.stderr)")

        path = try file("missing-nested.yaml", base.replacingOccurrences(of: "{ name: Scrap-EAF, capacity: 25, ", with: "{ name: Scrap-EAF, "))
        o = try await run(["simulate", path])
        #expect(o.stderr.contains("\(path):14") && o.stderr.contains("missing key 'capacity' at path routes[1]"), "\(o.stderr)")

        path = try file("type.yaml", base.replacingOccurrences(of: "utilisation: 0.8", with: "utilisation: high"))
        o = try await run(["simulate", path])
        #expect(o.stderr.contains("\(path):10") && o.stderr.contains("field 'utilisation'") && o.stderr.contains("expected a number"), "\(o.stderr)")
        #expect(!o.stderr.contains("typeMismatch"))
    }

    // MARK: Item 19: plausibility and typos

    @Test("a grid factor of 450 t/MWh (a kg slip) is an error in cbam and avoided, naming file and field")
    func gridFactorSlip() async throws {
        let cbam = try file(
            "cbam-450.yaml", try example("cbam/cbam-1.yaml").replacingOccurrences(of: "grid_ef_t_per_mwh: 0.60 ", with: "grid_ef_t_per_mwh: 450 "))
        var o = try await run(["cbam", cbam])
        #expect(
            o.status == 1 && o.stderr.contains("\(cbam):15") && o.stderr.contains("grid_ef_t_per_mwh") && o.stderr.contains("divided by 1,000"),
            "\(o.stderr)")
        let avoided = try file(
            "av-450.yaml", try example("avoided/av-1.yaml").replacingOccurrences(of: "grid_t_per_mwh: 0.70", with: "grid_t_per_mwh: 450"))
        o = try await run(["avoided", avoided])
        #expect(
            o.status == 1 && o.stderr.contains(avoided) && o.stderr.contains("grid_t_per_mwh") && o.stderr.contains("not possible"), "\(o.stderr)")
        let csv = try file("p-450.csv", "destination,technology,capacity_mw,grid_t_per_mwh\nIND,pv,10,450\n")
        o = try await run(["avoided", csv])
        #expect(o.status == 1 && o.stderr.contains("grid_t_per_mwh") && o.stderr.contains("not possible"), "\(o.stderr)")
    }

    @Test("values beyond physical possibility are errors: 850 TW of capacity, 10¹² km² burned, 3,200 t dm/ha/yr, demand growth 15")
    func impossibleValues() async throws {
        let cap = try file(
            "av-850tw.yaml", try example("avoided/av-1.yaml").replacingOccurrences(of: "capacity_kw: 1000", with: "capacity_mw: 850000000"))
        var o = try await run(["avoided", cap])
        #expect(o.status == 1 && o.stderr.contains("capacity_mw") && o.stderr.contains("not possible"), "\(o.stderr)")

        let fire = try file("burned.csv", "vegetation,area,area_unit\nsavanna,1e12,km^2\n")
        o = try await run(["natural", "fire", fire])
        #expect(
            o.status == 1 && o.stderr.contains("burned.csv") && o.stderr.contains("field 'area'") && o.stderr.contains("land area of the Earth"),
            "\(o.stderr)")
        o = try await run(["natural", "fire", "--vegetation", "savanna", "--area", "1e12", "--area-unit", "km^2"])
        #expect(o.status == 1 && o.stderr.contains("field 'area'"), "\(o.stderr)")

        let growth = try file("growth.csv", "method,area,growth,root_shoot\ngain-loss,1000,3200,0.25\n")
        o = try await run(["natural", "land", growth])
        #expect(
            o.status == 1 && o.stderr.contains("growth.csv") && o.stderr.contains("field 'growth'") && o.stderr.contains("not possible"),
            "\(o.stderr)")

        let demand = try file("growth15.yaml", try example("simulate/steel-bau.yaml").replacingOccurrences(of: "growth: 0 }", with: "growth: 15 }"))
        o = try await run(["simulate", demand])
        #expect(
            o.status == 1 && o.stderr.contains("\(demand):9") && o.stderr.contains("demand.growth") && o.stderr.contains("write 1.5 %/yr as 0.015"),
            "\(o.stderr)")
    }

    @Test("values beyond any real case are warnings: stderr in text mode, the warnings array in JSON, naming file and field")
    func unusualValues() async throws {
        let path = try file(
            "cbam-1.9.yaml", try example("cbam/cbam-1.yaml").replacingOccurrences(of: "grid_ef_t_per_mwh: 0.60 ", with: "grid_ef_t_per_mwh: 1.9 "))
        let text = try await run(["cbam", path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stderr.contains("warning: \(path): field 'installations[steelworks].grid_ef_t_per_mwh'"), "\(text.stderr)")
        #expect(!text.stdout.contains("warning:"))
        let json = try await run(["cbam", path, "--json"])
        let o = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let warnings = try #require(o["warnings"] as? [String])
        #expect(warnings.contains { $0.hasPrefix(path) && $0.contains("grid_ef_t_per_mwh") && $0.contains("beyond any real") }, "\(warnings)")

        let sim = try file("growth03.yaml", try example("simulate/steel-bau.yaml").replacingOccurrences(of: "growth: 0 }", with: "growth: 0.3 }"))
        let s = try await run(["simulate", sim, "--json"])
        #expect(s.status == 0)
        let so = try #require(try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Any])
        #expect((so["warnings"] as? [String])?.contains { $0.hasPrefix(sim) && $0.contains("demand.growth") } == true, "\(s.stdout.prefix(400))")

        let land = try file("growth60.csv", "method,area,growth,root_shoot\ngain-loss,1000,60,0.25\n")
        let l = try await run(["natural", "land", land])
        #expect(l.status == 0 && l.stderr.contains("warning: \(land)") && l.stderr.contains("field 'growth'"), "\(l.stderr)")
    }

    @Test("an unknown CN code under a valid heading is mapped to the heading with a warning")
    func unknownCNCode() async throws {
        let path = try file(
            "cn.yaml", try example("cbam/cbam-1.yaml").replacingOccurrences(of: "cn_code: \"7208 39 00\"", with: "cn_code: \"7208 99 99\""))
        let o = try await run(["cbam", path])
        #expect(o.status == 0)
        #expect(
            o.stderr.contains("warning: \(path)") && o.stderr.contains("'7208 99 99' is not in the catalog") && o.stderr.contains("heading 7208"),
            "\(o.stderr)")
    }

    @Test("unknown keys and mistyped year keys are errors with a did-you-mean (simulate, lca study, cbam)")
    func typos() async throws {
        let base = try example("simulate/steel-bau.yaml")
        var path = try file("capcity.yaml", base.replacingOccurrences(of: "{ name: BF-BOF, capacity: 100", with: "{ name: BF-BOF, capcity: 100"))
        var o = try await run(["simulate", path])
        #expect(
            o.status == 1 && o.stderr.contains("\(path):13") && o.stderr.contains("unknown key 'capcity'")
                && o.stderr.contains("did you mean 'capacity'?"), "\(o.stderr)")

        path = try file("optional-typo.yaml", base.replacingOccurrences(of: "share: 0.7 }", with: "share: 0.7, max_utilisaton: 0.9 }"))
        o = try await run(["simulate", path])
        #expect(
            o.status == 1 && o.stderr.contains("unknown key 'max_utilisaton'") && o.stderr.contains("did you mean 'max_utilisation'?"), "\(o.stderr)")

        path = try file("year-key.yaml", base.replacingOccurrences(of: "change_per_year: -0.025 }", with: "values: { 2025: 0.55, 2O28: 0.4 } }"))
        o = try await run(["simulate", path])
        #expect(o.status == 1 && o.stderr.contains("'2O28' is not a year") && o.stderr.contains("did you mean 2028?"), "\(o.stderr)")

        path = try file("study-typo.yaml", try example("lca/hdpe-resin.yaml").replacingOccurrences(of: "functional_unit:", with: "functional_unti:"))
        o = try await run(["lca", "study", path])
        #expect(
            o.status == 1 && o.stderr.contains("unknown key 'functional_unti'") && o.stderr.contains("did you mean 'functional_unit'?"), "\(o.stderr)"
        )

        path = try file(
            "cbam-typo.yaml", try example("cbam/cbam-1.yaml").replacingOccurrences(of: "    grid_ef_t_per_mwh", with: "    grid_ef_t_per_mhw"))
        o = try await run(["cbam", path])
        #expect(o.status == 1 && o.stderr.contains("\(path):15") && o.stderr.contains("did you mean 'grid_ef_t_per_mwh'?"), "\(o.stderr)")
    }

    @Test("every plausible range is documented in a docs/*-format.md table with the same bounds")
    func rangesDocumented() throws {
        let docs = try ["cbam", "avoided", "simulate", "natural"].map {
            try String(contentsOf: CLI.packageRoot.appendingPathComponent("docs/\($0)-format.md"), encoding: .utf8)
        }.joined(separator: "\n")
        for r in PlausibleRange.all {
            let row =
                "| \(r.quantity) | \(r.unit) | \(PlausibleRange.format(r.realistic.lowerBound)) to \(PlausibleRange.format(r.realistic.upperBound)) | \(PlausibleRange.format(r.physical.lowerBound)) to \(PlausibleRange.format(r.physical.upperBound)) |"
            #expect(docs.contains(row), "missing or different in the docs: \(row)")
        }
    }
}
