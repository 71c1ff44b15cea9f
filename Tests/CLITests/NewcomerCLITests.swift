import Foundation
import YuhengCore
import Testing

/// What a newcomer hit on the command line (issue 16: years, units, names, regions, help, typos,
/// the model configuration), each checked through the real binary.
@Suite("issue 16: the command line as a newcomer meets it", .serialized)
struct NewcomerCLITests {
    /// Runs the binary with an environment of its own (the test database is added as --db).
    static func run(_ args: [String], environment: [String: String], db: Bool = true) async throws -> CLI.Output {
        try await OwnThread.run { try CLI.run(args + (db ? ["--db", CLI.db] : []), environment: environment, inheriting: false) }
    }

    /// An environment in which no language model is configured (no file, no variables).
    static func unconfigured() throws -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("YUHENG_LLM") && $0.key != "YUHENG_CONFIG" }
        let home = CLI.databaseDir.appendingPathComponent("no-llm-config")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        env["XDG_CONFIG_HOME"] = home.path
        return env
    }

    @Test("item 1: a year selects everything of that year or is refused (natural country, inventory, panorama)")
    func years() async throws {
        let far = try await CLI.run(["natural", "country", "BRA", "--year", "1700"])
        #expect(far.status == 1 && far.stderr.contains("1700") && far.stderr.contains("years with data"), "\(far.stderr)")
        let ok = try #require(try await CLI.json(["natural", "country", "bra", "--year", "2010", "--json"]) as? [String: Any])
        let figures = try #require(ok["figures"] as? [String: Any])
        #expect((figures["land_use"] as? [String: Any])?["year"] as? Int == 2010)
        if let lucf = figures["lucf"] as? [String: Any] { #expect(lucf["year"] as? Int == 2010) }
        let single = try await CLI.run(["inventory", "examples/inventory/ipcc-1.csv", "--base-year", "1990"])
        #expect(single.status == 1 && single.stderr.contains("1990") && single.stderr.contains("no year column"), "\(single.stderr)")
        // 2010 now has a table (the series covers 2000–2011, nowcasts to 2023): a year before the series is refused.
        let pan = try await CLI.run(["panorama", "--year", "1999"])
        #expect(pan.status == 1 && pan.stderr.contains("2000") && pan.stderr.contains("2011"), "\(pan.stderr)")
    }

    @Test("items 3 and 4: mrio series heads the adjustment as such, in Mt by default, thousands separated; --unit kt|Gt; the chart axis in Mt")
    func seriesUnits() async throws {
        let svg = CLI.databaseDir.appendingPathComponent("series-mt.svg")
        let mt = try await CLI.run([
            "mrio", "series", "--table", "2009=wiod2009-co2", "--table", "2011=wiod2011-co2", "--top", "3", "--chart", svg.path
        ])
        #expect(mt.status == 0, "\(mt.stderr)")
        #expect(mt.stdout.contains("Adjust. 2011 (%)") && !mt.stdout.contains("Cons/Prod"))
        #expect(mt.stdout.contains("Prod 2009 (Mt)") && mt.stdout.contains("Cons 2011 (Mt)") && mt.stdout.contains("CO2 [Mt]"))
        #expect(mt.stdout.contains("9,794.0"), "China's 2011 production in Mt: \(mt.stdout)")
        let chn = try #require(mt.stdout.split(separator: "\n").first { $0.hasPrefix("CHN") })
        #expect(chn.contains("-16.5 %")) // the adjustment, not a ratio
        let axis = try String(contentsOf: svg, encoding: .utf8)
        #expect(axis.contains(">Mt CO2</text>") && !axis.contains(">kt<"))
        #expect(axis.range(of: #">\d{1,3},\d{3}</text>"#, options: .regularExpression) != nil, "tick labels thousands separated")
        let kt = try await CLI.run(["mrio", "series", "--table", "2009=wiod2009-co2", "--table", "2011=wiod2011-co2", "--top", "3", "--unit", "kt"])
        #expect(kt.stdout.contains("Prod 2011 (kt)") && kt.stdout.contains("9,793,965"), "\(kt.stdout)")
        let gt = try await CLI.run(["mrio", "series", "--table", "2009=wiod2009-co2", "--table", "2011=wiod2011-co2", "--top", "3", "--unit", "Gt"])
        #expect(gt.stdout.contains("Prod 2011 (Gt)") && gt.stdout.contains("9.794"))
    }

    @Test("item 4: mrio montecarlo and mrio accounts of a bundled table report Mt in every header")
    func monteCarloAndAccountsUnits() async throws {
        let mc = try await CLI.run(["mrio", "montecarlo", "--iterations", "50", "--top", "3", "--quiet"])
        #expect(mc.status == 0, "\(mc.stderr)")
        #expect(mc.stdout.contains("(Mt)") && mc.stdout.contains("Mean (Mt)") && !mc.stdout.contains("(kt)"))
        let acc = try await CLI.run(["mrio", "accounts"])
        #expect(acc.status == 0, "\(acc.stderr)")
        #expect(acc.stdout.contains("CO2 [Mt]") && acc.stdout.contains("Production (Mt)") && acc.stdout.contains("Adjust. (%)"))
        #expect(acc.stdout.contains("9,794.0"))
    }

    @Test("items 6 and 7: sectors by code, name or part of it with names shown; regions by ISO or table code in any case")
    func namesAndRegions() async throws {
        let paths = try await CLI.run(["mrio", "paths", "--region", "usa", "--top", "3"])
        #expect(paths.status == 0, "\(paths.stderr)")
        #expect(paths.stdout.contains("Electricity, gas and water supply"), "sector names beside the codes: \(paths.stdout)")
        let romania = try #require(try await CLI.json(["mrio", "paths", "--region", "ROU", "--top", "2", "--json"]) as? [String: Any])
        #expect(romania["region"] as? String == "ROM")
        let byName = try await CLI.run(["mrio", "shock", "--demand", "chn:basic metals:0.9", "--top", "3"])
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(byName.stdout.contains("27t28 Basic metals and fabricated metal"))
        let byCode = try #require(try await CLI.json(["mrio", "shock", "--demand", "CHN:27t28:0.9", "--json"]) as? [String: Any])
        let byText = try #require(try await CLI.json(["mrio", "shock", "--demand", "chn:Basic Metals:0.9", "--json"]) as? [String: Any])
        #expect(byCode["total_cba_change"] as? Double == byText["total_cba_change"] as? Double)
        let steel = try await CLI.run(["mrio", "shock", "--demand", "CHN:steel:0.9"])
        #expect(steel.status == 1 && steel.stderr.contains("no sector 'steel'") && steel.stderr.contains("27t28 Basic metals"), "\(steel.stderr)")
        let near = try await CLI.run(["mrio", "shock", "--intensity", "CHN:Constructon:0.9"])
        #expect(near.status == 1 && near.stderr.contains("did you mean 'F Construction'"), "\(near.stderr)")
        let ambiguous = try await CLI.run(["mrio", "shock", "--intensity", "CHN:transport:0.9"])
        #expect(ambiguous.status == 1 && ambiguous.stderr.contains("several sectors") && ambiguous.stderr.contains("60 Inland transport"))
        let transfers = try #require(try await CLI.json(["mrio", "transfers", "--region", "rou", "--top", "3", "--json"]) as? [String: Any])
        let flows = try #require(transfers["top_flows"] as? [[String: Any]])
        #expect(!flows.isEmpty && flows.allSatisfy { $0["origin"] as? String == "ROM" || $0["destination"] as? String == "ROM" })
        let unknown = try await CLI.run(["mrio", "paths", "--region", "USB"])
        #expect(unknown.status == 1 && unknown.stderr.contains("did you mean 'USA'"))
    }

    @Test("item 15: ask with nothing configured says so and how to configure; the default base URL is not yuheng serve's 8080")
    func askUnconfigured() async throws {
        let env = try Self.unconfigured()
        let o = try await Self.run(["ask", "What are China's consumption-based CO2 emissions?"], environment: env)
        #expect(o.status == 1)
        #expect(o.stderr.contains("no language model is configured"), "\(o.stderr)")
        #expect(o.stderr.contains("YUHENG_LLM_BASE_URL") && o.stderr.contains("llm.json") && o.stderr.contains("--base-url"))
        #expect(!o.stderr.contains("8080") && !o.stderr.contains("HTTP 404"))
        // A configuration that names a model but no URL uses the default, which is not Yuheng's own port.
        let file = CLI.databaseDir.appendingPathComponent("model-only.json")
        try #"{"model": "m", "retries": 0, "timeout_s": 5}"#.write(to: file, atomically: true, encoding: .utf8)
        var configured = env
        configured["YUHENG_CONFIG"] = file.path
        let d = try await Self.run(["ask", "hello", "--quiet"], environment: configured)
        #expect(d.status != 0 && d.stderr.contains("11434") && !d.stderr.contains("8080"), "\(d.stderr)")
        let help = try await CLI.run(["ask", "--help"], db: nil)
        #expect(!help.stdout.contains("8080"))
    }

    @Test("item 16: no subcommand's --help has stale 'to come' text or a doubled '(default: …)'")
    func help() async throws {
        var queue: [[String]] = [[]]
        var seen = 0
        while let path = queue.popLast() {
            let o = try await CLI.run(path + ["--help"], db: nil)
            #expect(o.status == 0, "\(path): \(o.stderr)")
            seen += 1
            let text = o.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(!text.contains("to come"), "\(path): stale text")
            // Each option's description (from one `--name` to the next) names its default at most once.
            for option in text.components(separatedBy: " --").dropFirst() {
                #expect(option.components(separatedBy: "(default:").count <= 2, "\(path): doubled default in --\(option.prefix(120))")
            }
            queue += Self.subcommands(o.stdout).map { path + [$0] }
        }
        #expect(seen > 40)
    }

    /// The names in a help text's SUBCOMMANDS section (lines indented by exactly two spaces).
    static func subcommands(_ help: String) -> [String] {
        guard let start = help.range(of: "SUBCOMMANDS:") else { return [] }
        var names: [String] = []
        for line in help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("  See ") { break }
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first else { continue }
            names.append(String(word))
        }
        return names
    }

    @Test("item 17: a mistyped command gets the nearest one; --db on simulate; --iterations 0 is a plain message; YAML to inventory is named")
    func typos() async throws {
        let o = try await CLI.run(["panorma"], db: nil)
        #expect(o.status != 0 && o.stderr.contains("did you mean 'panorama'"), "\(o.stderr)")
        let sub = try await CLI.run(["mrio", "acounts"], db: nil)
        #expect(sub.status != 0 && sub.stderr.contains("did you mean 'accounts'"))
        let sim = try #require(try await CLI.json(["simulate", "examples/simulate/steel-bau.yaml", "--json"]) as? [String: Any])
        #expect(sim["years"] is [Any])
        for args in [
            ["mrio", "montecarlo", "--iterations", "0"], ["lca", "montecarlo", "--process", "9b3ead68", "--iterations", "0"],
            ["inventory", "examples/inventory/ipcc-6.csv", "--uncertainty", "montecarlo", "--iterations", "0"]
        ] {
            let r = try await CLI.run(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("--iterations must be positive") && !r.stderr.contains("invalidArgument"), "\(args): \(r.stderr)")
        }
        let yaml = try await CLI.run(["inventory", "examples/simulate/steel-bau.yaml"])
        #expect(yaml.status == 1 && yaml.stderr.contains("this is not an inventory CSV (it looks like YAML)"), "\(yaml.stderr)")
    }
}
