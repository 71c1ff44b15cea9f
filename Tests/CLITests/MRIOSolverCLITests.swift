import Foundation
import Testing
import YuhengTestSupport

@Suite("yuheng mrio --solver", .serialized)
struct MRIOSolverCLITests {
    /// The largest relative difference between two `{stressor: {region: value}}` objects.
    func worst(_ a: Any?, _ b: Any?) throws -> Double {
        let x = try #require(a as? [String: [String: Double]]), y = try #require(b as? [String: [String: Double]])
        var w = 0.0
        for (s, regions) in y {
            for (r, v) in regions {
                let u = try #require(x[s]?[r], "\(s) \(r) missing")
                w = max(w, v == 0 ? abs(u) : abs(u - v) / abs(v))
            }
        }
        return w
    }

    @Test("mrio accounts --solver iterative equals --solver lu to 1e-12; the solver report has the iterations and the residual")
    func accounts() async throws {
        let base = ["mrio", "accounts", "--mrio", "wiod2011-co2", "--json", "--solver"]
        let it = try #require(try await CLI.json(base + ["iterative"]) as? [String: Any])
        let lu = try #require(try await CLI.json(base + ["lu"]) as? [String: Any])
        for key in ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg", "D_iba_reg"] {
            #expect(try worst(it[key], lu[key]) <= 1e-12, "\(key)")
        }
        let report = try #require(it["solver_report"] as? [String: Any])
        #expect(report["method"] as? String == "iterative" && report["requested"] as? String == "iterative")
        #expect((report["iterations"] as? Int ?? 0) > 0 && (report["relative_residual"] as? Double ?? 1) <= 1e-14, "\(report)")
        #expect((it["solver"] as? String)?.contains("block-Jacobi") == true)
        #expect((lu["solver_report"] as? [String: Any])?["method"] as? String == "lu")
        let auto = try #require(try await CLI.json(["mrio", "accounts", "--mrio", "wiod2011-co2", "--json"]) as? [String: Any])
        #expect((auto["solver"] as? String)?.contains("chosen by the cost model") == true)
        let bad = try await CLI.run(["mrio", "accounts", "--mrio", "wiod2011-co2", "--solver", "cholesky"])
        #expect(bad.status != 0 && bad.stderr.contains("cholesky") && bad.stderr.contains("iterative"), "\(bad.stderr)")
    }

    @Test("mrio series --solver iterative: the second year starts from the first's solution, totals equal to LU's")
    func series() async throws {
        let base = ["mrio", "series", "--table", "2009=wiod2009-co2", "--table", "2011=wiod2011-co2", "--json", "--solver"]
        let it = try #require((try await CLI.json(base + ["iterative"]) as? [String: Any])?["years"] as? [[String: Any]])
        let lu = try #require((try await CLI.json(base + ["lu"]) as? [String: Any])?["years"] as? [[String: Any]])
        #expect(it.count == 2 && lu.count == 2)
        #expect((it.first?["solver"] as? String)?.contains("warm start") == false)
        #expect((it.last?["solver"] as? String)?.contains("(warm start)") == true, "\(it.last?["solver"] ?? "")")
        for (a, b) in zip(it, lu) {
            let (x, y) = (try #require(a["total_cba"] as? Double), try #require(b["total_cba"] as? Double))
            #expect(abs(x - y) <= 1e-12 * abs(y))
        }
        let ghg = try await CLI.run(["mrio", "series", "--solver", "lu"])
        #expect(ghg.status != 0 && ghg.stderr.contains("--solver"))
    }
}
