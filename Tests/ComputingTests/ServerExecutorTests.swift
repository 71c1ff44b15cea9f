import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Testing
import YuhengTestSupport
import YuhengComputing
import YuhengData
import YuhengServer

/// The server's Monte Carlo jobs on the computing layer: over real HTTP on loopback, with the
/// local executor and with `yuheng serve --executor slurm`'s executor on a real cluster.
@Suite("Server jobs on the executors", .tags(.slurm), .serialized)
struct ServerExecutorTests {
    /// A server in this process on an ephemeral port.
    final class Running: Sendable {
        let task: Task<Void, any Error>
        let base: URL
        init(executor: (any Executor)?) async throws {
            let server = try YuhengServer(
                configuration: ServerConfiguration(
                    host: "127.0.0.1", port: 0, databasePath: ComputingDatabase.path, maxConcurrentJobs: 2, llm: .disabled, executor: executor))
            let (ports, cont) = AsyncStream<Int>.makeStream()
            task = Task {
                defer { cont.finish() }
                try await server.run { cont.yield($0) }
            }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next() else { throw ClusterUnavailable("the server did not start") }
            base = URL(string: "http://127.0.0.1:\(port)")!
        }

        func request(_ method: String, _ path: String, json: Any? = nil, form: String? = nil, follow: Bool = true) async throws -> (
            Int, Data, [AnyHashable: Any]
        ) {
            var r = URLRequest(url: URL(string: path, relativeTo: base)!)
            r.httpMethod = method
            if let json {
                r.httpBody = try JSONSerialization.data(withJSONObject: json)
                r.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            if let form {
                r.httpBody = Data(form.utf8)
                r.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            }
            let (d, resp) = try await URLSession.shared.data(for: r)
            let h = resp as! HTTPURLResponse
            return (h.statusCode, d, h.allHeaderFields)
        }

        func object(_ method: String, _ path: String, json: Any? = nil) async throws -> [String: Any] {
            let (status, d, _) = try await request(method, path, json: json)
            #expect(status < 300, "\(method) \(path): \(String(decoding: d, as: UTF8.self))")
            return try #require(try ExactJSON.object(d) as? [String: Any]) // numbers to the last bit
        }

        /// Submits a job and waits until it ends; returns (job, result).
        func runJob(_ kind: String, _ params: [String: Any]) async throws -> ([String: Any], [String: Any]?) {
            let job = try await object("POST", "/api/jobs", json: ["kind": kind, "params": params])
            let id = try #require(job["id"] as? String)
            for _ in 0..<600 {
                let j = try await object("GET", "/api/jobs/\(id)")
                let status = j["status"] as? String ?? ""
                if status == "succeeded" { return (j, try await object("GET", "/api/jobs/\(id)/result")) }
                if ["failed", "cancelled", "interrupted"].contains(status) { return (j, nil) }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw ClusterUnavailable("job \(id) did not finish")
        }

        func stop() async {
            task.cancel()
            _ = await task.result
        }
    }

    static var mc: [String: Any] { ["process": "9b3ead68", "iterations": 400, "seed": 12, "default_gsd": 1.1, "tasks": 3] }

    @Test("lca-montecarlo job (local executor): the engine's result, a histogram of every iteration, and the web page with its chart")
    func localJob() async throws {
        let server = try await Running(executor: nil)
        defer { Task { await server.stop() } }
        let (job, result) = try await server.runJob("lca-montecarlo", Self.mc)
        let r = try #require(result, "\(job)")
        let db = try ComputingDatabase.open()
        let p = LCAMonteCarloWork.Params(process: "9b3ead68", defaultGSD: 1.1, run: MonteCarloRunParams(iterations: 400, seed: 12, blockSize: 100))
        let direct = try await LCAMonteCarloWork.setup(p, database: db).monteCarlo.run(iterations: 400, seed: 12, blockSize: 100, workers: 2)
        let want = direct.run.summaries[0]
        #expect(
            r["mean"] as? Double == want.mean && r["p97_5"] as? Double == want.p97_5,
            "job \(r["mean"] ?? "-") \(r["p97_5"] ?? "-") direct \(want.mean) \(want.p97_5)")
        let h = try #require(r["histogram"] as? [String: Any])
        #expect((h["counts"] as? [Int])?.reduce(0, +) == 400)
        #expect((r["execution"] as? [String: Any])?["executor"] as? String == "local")

        // the page: a plain form post, a redirect, then the job's page with the histogram
        let (status, body, _) = try await server.request("POST", "/lca/montecarlo", form: "process=9b3ead68&iterations=300&seed=3&default_gsd=1.1")
        #expect(status == 200) // URLSession followed the 303 to the job's page
        var html = String(decoding: body, as: UTF8.self)
        let jobID = try #require(
            html.range(of: #"Job <code>([0-9a-f-]+)</code>"#, options: .regularExpression).map {
                String(html[$0]).replacingOccurrences(of: "Job <code>", with: "").replacingOccurrences(of: "</code>", with: "")
            }
                ?? (html.contains("mc-chart") ? "done" : nil), "\(html.prefix(400))")
        for _ in 0..<300 where !html.contains("mc-chart") {
            try await Task.sleep(for: .milliseconds(200))
            html = String(decoding: try await server.request("GET", "/lca/montecarlo/\(jobID)").1, as: UTF8.self)
        }
        #expect(html.contains("class=\"histogram\""))
        #expect(html.components(separatedBy: "class=\"bar\"").count - 1 == 40)
        #expect(html.contains("id=\"mc-median\"") && html.contains("Assumption"))
        let (bad, badBody, _) = try await server.request("POST", "/lca/montecarlo", form: "process=&iterations=10")
        #expect(bad == 400 && String(decoding: badBody, as: UTF8.self).contains("form.missingField"))
    }

    @Test("serve with the Slurm executor: the same Monte Carlo result as locally; cancelling a job leaves nothing queued")
    func slurmJobs() async throws {
        try SlurmCluster.require()
        let local = try await Running(executor: nil)
        let (_, lr) = try await local.runJob("lca-montecarlo", Self.mc)
        await local.stop()
        let server = try await Running(executor: try testSlurm())
        defer { Task { await server.stop() } }
        let (job, sr) = try await server.runJob("lca-montecarlo", Self.mc)
        let a = try #require(lr), b = try #require(sr, "\(job)")
        for k in ["mean", "median", "sd", "p2_5", "p97_5", "deterministic"] { #expect(a[k] as? Double == b[k] as? Double, "\(k)") }
        let ex = try #require(b["execution"] as? [String: Any])
        #expect(ex["executor"] as? String == "slurm" && ex["tasks"] as? Int == 3)

        let batch = try await server.runJob("lca-batch", ["items": [["process": "9b3ead68", "amount": 2], ["process": "9b3ead68"]], "tasks": 2])
        #expect(((batch.1?["items"] as? [[String: Any]])?.count) == 2, "\(batch.0)")
        // an MRIO time series: one array task per year, the same numbers as the CLI's local run
        let series = try await server.runJob("mrio-series", ["tasks": 2])
        let years = try #require(series.1?["years"] as? [[String: Any]], "\(series.0)")
        #expect(years.map { $0["label"] as? String } == MRIOSeriesWork.bundled.map(\.label))
        let p = MRIOSeriesWork.Params(years: MRIOSeriesWork.bundled)
        let (parts, _) = try await Computing.run(MRIOSeriesWork.self, params: p, executor: LocalExecutor())
        let here = try MRIOSeriesWork.gather(p, partials: parts)
        for i in [0, years.count - 1] {
            let want = here[i].cba[here[i].regions.firstIndex(of: "CHN")!]
            #expect((years[i]["D_cba_reg"] as? [String: Double])?["CHN"] == want, "year \(i)")
        }
        #expect((series.1?["execution"] as? [String: Any])?["tasks"] as? Int == 2)
        // a file path instead of a table id is refused at submission (job parameters are checked then)
        let (badStatus, badBody, _) = try await server.request(
            "POST", "/api/jobs", json: ["kind": "mrio-series", "params": ["years": [["label": "x", "table": "/etc/passwd"]]]])
        #expect(badStatus == 400 && String(decoding: badBody, as: UTF8.self).contains("not a bundled or stored MRIO table"))

        // a long job, cancelled while its tasks sit on the cluster
        let long = try await server.object(
            "POST", "/api/jobs",
            json: ["kind": "lca-montecarlo", "params": ["process": "9b3ead68", "iterations": 2_000_000, "default_gsd": 1.1, "tasks": 4]])
        let id = try #require(long["id"] as? String)
        var queued: [String] = []
        for _ in 0..<200 where queued.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            queued = try await SlurmCluster.queued(jobName: "yuheng-\(id)")
        }
        #expect(!queued.isEmpty, "the job's tasks never reached the queue")
        _ = try await server.object("DELETE", "/api/jobs/\(id)")
        var status = ""
        for _ in 0..<200 {
            status = try await server.object("GET", "/api/jobs/\(id)")["status"] as? String ?? ""
            if status == "cancelled" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(status == "cancelled")
        #expect(try await SlurmCluster.queued(jobName: "yuheng-\(id)").isEmpty)
    }
}
