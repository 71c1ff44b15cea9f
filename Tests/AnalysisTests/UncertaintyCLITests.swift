import Foundation
import YuhengCore
import Testing
import YuhengTestSupport

/// The Monte Carlo and sensitivity commands, run through the real `yuheng` binary.
enum UncertaintyCLI {
    static let dir: URL = ScratchFolder.newFolder("analysis-cli")

    /// The database the commands use: a copy of the test template (bundled datasets installed).
    static let db: String = {
        do { return try TestDatabase.copy("analysis-cli") } catch { fatalError("the test database: \(error)") }
    }()

    /// Runs the binary (with `--db` unless `db` is false).
    static func run(_ args: [String], db: Bool = true) async throws -> ProcessOutput {
        try await YuhengBinary.run(args, db: db ? Self.db : nil)
    }

    static func json(_ args: [String], db: Bool = true) async throws -> [String: Any] {
        let o = try await run(args, db: db)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
    }

    static let summaryKeys = [
        "iterations", "seed", "mean", "median", "sd", "p2_5", "p97_5", "u_low_pct", "u_high_pct", "se_mean", "converged", "cancelled"
    ]
}

@Suite("Monte Carlo on the command line", .serialized)
struct UncertaintyCLITests {
    @Test("inventory ipcc-6.csv --uncertainty montecarlo --iterations 200000 --seed 1 --json: half-width 3.777 ± 0.1 %")
    func ipcc6() async throws {
        let j = try await UncertaintyCLI.json([
            "inventory", "examples/inventory/ipcc-6.csv", "--uncertainty", "montecarlo", "--iterations", "200000", "--seed", "1", "--json"
        ])
        for k in UncertaintyCLI.summaryKeys { #expect(j[k] != nil, "missing \(k)") }
        #expect(j["iterations"] as? Int == 200_000)
        #expect(j["seed"] as? Int == 1)
        let p2 = try #require(j["p2_5"] as? Double), p97 = try #require(j["p97_5"] as? Double), mean = try #require(j["mean"] as? Double)
        #expect(abs((p97 - p2) / 2 / mean * 100 - 3.777) <= 0.1)
        #expect(abs(try #require(j["half_width_pct"] as? Double) - 3.777) <= 0.1)
        #expect((j["inputs"] as? [Any])?.count == 6)
        let analytic = try await UncertaintyCLI.json(["inventory", "examples/inventory/ipcc-6.csv", "--uncertainty", "analytic", "--json"])
        #expect(abs(try #require(analytic["half_width_pct"] as? Double) - 3.777) < 0.001)
    }

    @Test("sensitivity inventory --method spearman|sobol gives indices per input; unknown methods and bad counts fail")
    func sensitivity() async throws {
        let s = try await UncertaintyCLI.json([
            "sensitivity", "inventory", "examples/inventory/ipcc-6.csv", "--method", "sobol", "--samples", "2048", "--json"
        ])
        let indices = try #require(s["indices"] as? [[String: Any]])
        #expect(indices.count == 6)
        #expect(indices.allSatisfy { $0["first"] is Double && $0["total"] is Double && $0["input"] is String })
        let r = try await UncertaintyCLI.json([
            "sensitivity", "inventory", "examples/inventory/ipcc-6.csv", "--method", "spearman", "--samples", "5000", "--json"
        ])
        #expect((r["indices"] as? [[String: Any]])?.allSatisfy { $0["spearman"] is Double } == true)
        let bad = try await UncertaintyCLI.run(["sensitivity", "inventory", "examples/inventory/ipcc-6.csv", "--method", "morris"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("unknown method 'morris'"))
        let negative = try await UncertaintyCLI.run(["inventory", "examples/inventory/ipcc-6.csv", "--uncertainty", "montecarlo", "--iterations=-5"])
        #expect(negative.status == 1)
        #expect(negative.stderr.contains("must be positive"))
        let mode = try await UncertaintyCLI.run(["inventory", "examples/inventory/ipcc-6.csv", "--uncertainty", "bootstrap"])
        #expect(mode.status != 0)
    }

    @Test("lca montecarlo on US LCI: --default-gsd is reported, results identical with 1 and 2 workers")
    func lca() async throws {
        let args = ["lca", "montecarlo", "--process", "9b3ead68", "--iterations", "60", "--seed", "3", "--default-gsd", "1.1", "--json"]
        let a = try await UncertaintyCLI.json(args + ["--workers", "1"])
        let b = try await UncertaintyCLI.json(args + ["--workers", "2"])
        for k in UncertaintyCLI.summaryKeys { #expect(a[k] != nil, "missing \(k)") }
        for k in ["mean", "median", "sd", "p2_5", "p97_5"] { #expect(a[k] as? Double == b[k] as? Double, "\(k)") }
        #expect(a["default_gsd"] as? Double == 1.1)
        #expect((a["assumption"] as? String)?.contains("default GSD 1.1") == true)
        let f = try #require(a["factorization"] as? [String: Any])
        #expect(f["symbolic_analyses"] as? Int == 1)
        #expect(f["solves"] as? Int == 60)
        let text = try await UncertaintyCLI.run(["lca", "montecarlo", "--process", "9b3ead68", "--iterations", "20", "--default-gsd", "1.1"])
        #expect(text.stdout.contains("ASSUMPTION"))
    }

    @Test("mrio montecarlo on the bundled table and lca bench-mtx on Matrix Market files")
    func mrioAndBench() async throws {
        let m = try await UncertaintyCLI.json(["mrio", "montecarlo", "--iterations", "200", "--seed", "2", "--gsd", "1.1", "--json"])
        for k in UncertaintyCLI.summaryKeys { #expect(m[k] != nil, "missing \(k)") }
        let regions = try #require(m["regions"] as? [String: [String: Any]])
        #expect(regions.count > 40)
        #expect(regions["CHN"]?["p97_5"] is Double)

        let d = UncertaintyCLI.dir.appendingPathComponent("mtx")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        try "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 1 -0.5\n2 2 1\n".write(
            to: d.appendingPathComponent("A.mtx"), atomically: true, encoding: .utf8)
        try "%%MatrixMarket matrix coordinate real general\n1 2 2\n1 1 1\n1 2 2\n".write(
            to: d.appendingPathComponent("B.mtx"), atomically: true, encoding: .utf8)
        try "flow,cf\n0,1.0\n".write(to: d.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let b = try await UncertaintyCLI.json(["lca", "bench-mtx", d.path, "--iterations", "500", "--seed", "1", "--fu2", "1", "--json"], db: false)
        #expect(b["score_fu1"] as? Double == 2) // 1 + 0.5 × 2
        #expect(b["score_fu2"] as? Double == 2)
        #expect(b["mc_iterations"] as? Int == 500)
        #expect((b["quantile_grid"] as? [Double])?.count == 999)
    }
}
