import Foundation
import Testing
import YuhengTestSupport
import YuhengData

/// The executor options through the real `yuheng` binary, as a user runs them.
@Suite("yuheng --executor (command line)", .tags(.slurm), .serialized)
struct CLIExecutorTests {
    static func yuheng(_ args: [String], environment: [String: String]? = nil) async throws -> (Int32, String, String) {
        try await sh(Binary.yuheng, args + ["--db", ComputingDatabase.path], environment: environment)
    }

    static func json(_ args: [String]) async throws -> [String: Any] {
        let (s, out, err) = try await yuheng(args)
        #expect(s == 0, "\(args): \(err)")
        return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    }

    @Test("lca montecarlo --executor slurm --tasks 3 prints the same result as the run in this process, and records the job")
    func lcaMonteCarlo() async throws {
        try SlurmCluster.require()
        let args = ["lca", "montecarlo", "--process", "9b3ead68", "--iterations", "500", "--seed", "6", "--default-gsd", "1.1", "--json", "--quiet"]
        let local = try await Self.json(args)
        let slurm = try await Self.json(args + ["--executor", "slurm", "--tasks", "3", "--shared-dir", Scratch.folder("cli-shared")])
        for k in ["mean", "median", "sd", "p2_5", "p97_5", "iterations", "deterministic"] {
            #expect((local[k] as? Double) == (slurm[k] as? Double), "\(k)")
        }
        let ex = try #require(slurm["execution"] as? [String: Any])
        #expect(ex["executor"] as? String == "slurm" && ex["tasks"] as? Int == 3 && (ex["slurm_job_ids"] as? [String])?.count == 1)
        #expect(local["execution"] == nil || local["execution"] is NSNull)
        let db = try ComputingDatabase.open()
        let job = try #require(try db.jobs(limit: 20).first { $0.kind == "lca-montecarlo" && $0.params.contains("\"seed\":6") })
        #expect(job.status == .succeeded && job.hasResult)
    }

    @Test("lca batch: a table by default, JSON items in file order, the same on Slurm; an unknown product names its row")
    func batch() async throws {
        let dir = Scratch.folder("batch")
        let file = dir + "/products.csv"
        try "process,amount\n9b3ead68,1\n9b3ead68,2.5\n9b3ead68,\n".write(toFile: file, atomically: true, encoding: .utf8)
        let (s, table, err) = try await Self.yuheng(["lca", "batch", file])
        #expect(s == 0, "\(err)")
        #expect(table.contains("kg CO2e") && table.contains("Executor local"))
        let local = try await Self.json(["lca", "batch", file, "--json"])
        let items = try #require(local["items"] as? [[String: Any]])
        #expect(items.map { $0["index"] as? Int } == [0, 1, 2])
        let k1 = try #require(items[0]["kg_co2e"] as? Double), k2 = try #require(items[1]["kg_co2e"] as? Double)
        #expect(abs(k2 - 2.5 * k1) <= 1e-12 * abs(k2))
        if (try? SlurmCluster.require()) != nil {
            let onSlurm = try await Self.json(["lca", "batch", file, "--json", "--executor", "slurm", "--tasks", "2", "--shared-dir", dir + "/shared"]
            )
            #expect((onSlurm["items"] as? [[String: Any]])?.map { $0["kg_co2e"] as? Double } == items.map { $0["kg_co2e"] as? Double })
        }
        try "process,amount\n9b3ead68,1\nno-such-process-at-all,1\n".write(toFile: file, atomically: true, encoding: .utf8)
        let (bad, _, badErr) = try await Self.yuheng(["lca", "batch", file])
        #expect(bad == 1 && badErr.contains("item 2"), "\(badErr)")
    }

    @Test("computing check passes locally and on Slurm; unknown executors and missing Slurm commands give clear errors")
    func check() async throws {
        let local = try await Self.json(["computing", "check", "--units", "5", "--sleep-ms", "0", "--json"])
        #expect(local["matches"] as? Bool == true && local["executor"] as? String == "local")
        if (try? SlurmCluster.require()) != nil {
            let slurm = try await Self.json([
                "computing", "check", "--executor", "slurm", "--tasks", "2", "--sleep-ms", "0", "--json", "--shared-dir", Scratch.folder("check")
            ])
            #expect(slurm["matches"] as? Bool == true && slurm["executor"] as? String == "slurm")
        }
        let (s1, _, e1) = try await Self.yuheng(["computing", "check", "--executor", "kubernetes"])
        #expect(s1 != 0 && e1.contains("unknown executor") && e1.contains("slurm"))
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = "/nonexistent"
        let (s2, _, e2) = try await Self.yuheng(["computing", "check", "--executor", "slurm"], environment: env)
        #expect(s2 != 0 && e2.contains("sbatch") && e2.contains("--executor local"), "\(e2)")
    }
}
