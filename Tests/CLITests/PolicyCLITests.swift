import Foundation
import Testing
import YuhengTestSupport

/// `yuheng cbam` and `yuheng avoided` run through the real binary on the shipped examples.
@Suite("yuheng cbam / avoided command line", .serialized)
struct PolicyCLITests {
    func object(_ args: [String]) async throws -> [String: Any] {
        try #require(try await CLI.json(args) as? [String: Any])
    }

    func near(_ a: Any?, _ b: Double, _ tol: Double = 1e-9) -> Bool {
        guard let x = a as? Double else { return false }
        return abs(x - b) <= tol * max(1, abs(b))
    }

    @Test("cbam cbam-1.yaml --json: SEE 1.844 / 0.18225, 508.25 certificates, EUR 38,118.75")
    func cbam1JSON() async throws {
        let o = try await object(["cbam", "examples/cbam/cbam-1.yaml", "--json"])
        #expect(o["year"] as? Int == 2026)
        #expect(o["period"] as? String == "definitive")
        let processes = try #require(o["processes"] as? [[String: Any]])
        let hrc = try #require(processes.first { $0["process"] as? String == "hrc" })
        #expect(near(hrc["see_direct"], 1.844))
        #expect(near(hrc["see_indirect"], 0.18225))
        let totals = try #require(o["totals"] as? [String: Any])
        #expect(near(totals["certificates"], 508.25))
        #expect(near(totals["cost_eur"], 38118.75))
        #expect(near(totals["certificates_on_defaults"], 1084.25))
        let imports = try #require(o["imports"] as? [[String: Any]])
        let comparison = try #require(imports.first?["comparison"] as? [String: Any])
        #expect(comparison["verdict"] as? String == "overstates")
        #expect(near(comparison["difference_t"], 576))
        for key in ["title", "certificate_price_eur", "cscf", "cbam_factor", "datasets", "notes", "warnings"] { #expect(o[key] != nil, "\(key)") }
    }

    @Test("cbam --year and --price override the file")
    func cbam1YearPrice() async throws {
        let o = try await object(["cbam", "examples/cbam/cbam-1.yaml", "--year", "2030", "--price", "80", "--json"])
        let totals = try #require(o["totals"] as? [String: Any])
        #expect(near(totals["certificates"], 1138.45))
        #expect(near(totals["cost_eur"], 1138.45 * 80))
        #expect(near(o["cbam_factor"], 0.515))
    }

    @Test("cbam prints a readable report with actual against default")
    func cbam1Text() async throws {
        let out = try await CLI.run(["cbam", "examples/cbam/cbam-1.yaml"])
        #expect(out.status == 0, "stderr: \(out.stderr)")
        for needle in [
            "EU CBAM assessment", "steelworks/hrc", "1.844", "0.18225", "508.250", "1,084.250", "38,118.75",
            "The default overstates embedded emissions by 576.00 t CO2e", "mark-up of 10 %", "Method and assumptions"
        ] {
            #expect(out.stdout.contains(needle), "missing '\(needle)'")
        }
    }

    @Test("cbam on the CSV and JSON forms of CBAM-1 and on CBAM-2")
    func otherForms() async throws {
        let csv = try await object(["cbam", "examples/cbam/cbam-1.csv", "--json"])
        #expect(near((csv["totals"] as? [String: Any])?["certificates"], 508.25))
        let price = try await object(["cbam", "examples/cbam/cbam-1-origin-price.json", "--json"])
        let t = try #require(price["totals"] as? [String: Any])
        #expect(near(t["deduction_certificates"], 14752.0 / 75))
        #expect(near(t["certificates"], 311.5566666666667))
        let c2 = try await object(["cbam", "examples/cbam/cbam-2.yaml", "--json"])
        let cement = try #require((c2["processes"] as? [[String: Any]])?.first { $0["process"] as? String == "cement" })
        #expect(near(cement["see_direct"], 0.6575))
        #expect(near(cement["see_indirect"], 0.059125))
        #expect(near(cement["see_total"], 0.716625))
    }

    @Test("cbam with localised estimates from the MRIO and the US LCI, beside the defaults")
    func estimates() async throws {
        let o = try await object(["cbam", "examples/cbam/localised-estimates.yaml", "--json"])
        let imports = try #require(o["imports"] as? [[String: Any]])
        #expect(imports.count == 2)
        for line in imports {
            let est = try #require(line["estimates"] as? [[String: Any]])
            #expect(Set(est.compactMap { $0["method"] as? String }) == ["input-output", "lca"])
            #expect(est.allSatisfy { ($0["label"] as? String)?.hasPrefix("ESTIMATE") == true })
            #expect(est.allSatisfy { ($0["low"] as? Double ?? 0) < ($0["high"] as? Double ?? 0) })
            #expect(line["actual"] == nil || line["actual"] is NSNull)
        }
        let text = try await CLI.run(["cbam", "examples/cbam/localised-estimates.yaml"])
        #expect(text.stdout.contains("Localised ESTIMATES"))
        #expect(text.stdout.contains("EU default (before mark-up)"))
    }

    @Test("cbam bad input: exit 1 and an error naming the file and field")
    func cbamErrors() async throws {
        let tmp = try TemporaryFolder("policy-cli")
        defer { tmp.remove() }
        let dir = tmp.url
        let base = try String(contentsOf: TestPaths.example("cbam/cbam-1.yaml"), encoding: .utf8)
        let cases: [(String, String, String)] = [
            (
                "unknown-cn.yaml", base.replacingOccurrences(of: "cn_code: \"7208 39 00\"", with: "cn_code: \"8471 30 00\""),
                "processes[hrc].cn_code': unknown CN code '8471 30 00'"
            ),
            (
                "cycle.yaml",
                base.replacingOccurrences(
                    of: "t_per_t: 0.90          # scrap", with: "t_per_t: 0.90\n          - process: hrc\n            t_per_t: 0.01  # scrap"),
                "precursors form a cycle"
            ),
            (
                "negative.yaml", base.replacingOccurrences(of: "quantity_t: 1000", with: "quantity_t: -1000"),
                "imports[hrc].quantity_t': imported quantity must not be negative"
            )
        ]
        for (name, text, needle) in cases {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let out = try await CLI.run(["cbam", path])
            #expect(out.status == 1, "\(name)")
            #expect(out.stderr.contains(needle), "\(name): \(out.stderr)")
            #expect(out.stderr.contains(name), "\(name) should be named: \(out.stderr)")
        }
    }

    @Test("avoided av-1.yaml and av-2.yaml --json reproduce AV-1 and AV-2")
    func avoidedExamples() async throws {
        let a1 = try await object(["avoided", "examples/avoided/av-1.yaml", "--json"])
        let p1 = try #require((a1["projects"] as? [[String: Any]])?.first)
        let life1 = try #require(p1["lifetime"] as? [String: Any])
        #expect(near(life1["generation_mwh"], 37143.024183666006))
        #expect(near(life1["avoided_constant_grid_t"], 25200.116928566204))
        #expect(near(life1["avoided_t"], 17823.7872030105, 1e-10))
        #expect(near(p1["payback_years"], 0.7247952453431905))
        let a2 = try await object(["avoided", "examples/avoided/av-2.yaml", "--json"])
        let total = try #require(a2["total"] as? [String: Any])
        #expect(near((total["lifetime"] as? [String: Any])?["avoided_t"], 36392))
    }

    @Test("avoided portfolio.csv: annual and lifetime avoided emissions per destination")
    func portfolio() async throws {
        let o = try await object(["avoided", "examples/avoided/portfolio.csv", "--json"])
        let dests = try #require(o["by_destination"] as? [[String: Any]])
        #expect(dests.compactMap { $0["key"] as? String } == ["BRA", "DEU", "ESP", "IND", "PAK", "SAU", "ZAF"])
        for d in dests {
            let annual = try #require(d["annual"] as? [String: Any])
            let life = try #require(d["lifetime"] as? [String: Any])
            #expect((annual["avoided_t"] as? Double ?? 0) > 0)
            #expect((life["avoided_t"] as? Double ?? 0) > (annual["avoided_t"] as? Double ?? 0))
        }
        let text = try await CLI.run(["avoided", "examples/avoided/portfolio.csv"])
        #expect(text.status == 0, "stderr: \(text.stderr)")
        for needle in [
            "ANNUAL figures by destination", "LIFETIME figures by destination", "IND", "BRA", "TOTAL", "Assumptions",
            "never netted", "grid average of IND"
        ] {
            #expect(text.stdout.contains(needle), "missing '\(needle)'")
        }
    }

    @Test("avoided bad input: capacity factor outside (0, 1) names the line and field")
    func avoidedError() async throws {
        let tmp = try TemporaryFolder("policy-cli")
        defer { tmp.remove() }
        let path = try tmp.write("bad.csv", "destination,technology,capacity_mw,capacity_factor\nIND,pv,100,1.3\n").path
        let out = try await CLI.run(["avoided", path])
        #expect(out.status == 1)
        #expect(out.stderr.contains("projects[IND-pv (line 2)].capacity_factor': capacity factor must be in (0, 1), got 1.3"), "\(out.stderr)")
    }
}
