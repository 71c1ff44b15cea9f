import Foundation
import Testing
import YuhengData

@Suite("Jobs", .timeLimit(.minutes(10)))
struct JobTests {
    @Test("A wait job: 202 with an id, progress over server-sent events ending with 'end', then its result")
    func waitJob() async throws {
        let c = try await SharedServer.client
        // The stream must be open while the job runs. On a loaded machine the request for it may come
        // only after a short job has ended (then the stream has just the final state and the end):
        // such an attempt proves nothing either way and is repeated with a new job, each longer than the last
        // (3, 6, 12, 24 s: CI saw the request come after a 3 s job had ended four times in a row).
        var id = "", events = HTTPResult(status: 0, headers: [:], body: Data()), progress: [String] = [], blocks: [String] = []
        var states: [[String: Any]] = []
        var seconds = 0
        for attempt in 0..<4 {
            seconds = 3 << attempt
            let submitted = try await c.postJSON("/api/jobs", ["kind": "wait", "params": ["seconds": seconds]])
            #expect(submitted.status == 202)
            let record = try submitted.object()
            id = try #require(record["id"] as? String)
            #expect(record["kind"] as? String == "wait")
            #expect(["queued", "running"].contains(record["status"] as? String ?? ""))

            // The event stream stays open while the job runs and closes after `event: end`.
            events = try await c.get("/api/jobs/\(id)/events")
            #expect(events.status == 200)
            #expect(events.contentType.hasPrefix("text/event-stream"))
            blocks = events.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            progress = blocks.filter { $0.hasPrefix("event: progress\n") }
            states = try progress.map { block -> [String: Any] in
                let data = block.components(separatedBy: "\n").first { $0.hasPrefix("data: ") }?.dropFirst(6) ?? ""
                return try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
            }
            // A run seen while it runs ends the attempts; on a loaded machine the stream may open only after the job is done
            // (or see it queued, then done): submit another.
            if progress.count >= 2 && states.contains(where: { $0["status"] as? String == "running" }) { break }
        }
        #expect(progress.count >= 2, "events: \(events.text.prefix(600))")
        #expect(blocks.last == "event: end\ndata: succeeded", "last event: \(blocks.last ?? "none")")
        #expect(states.contains { $0["status"] as? String == "running" }, "no running state was reported")
        #expect(states.last?["status"] as? String == "succeeded")
        let fractions = states.compactMap { number($0["progress"]) }
        #expect(fractions == fractions.sorted(), "progress went backwards: \(fractions)")

        let done = try await c.waitForJob(id, timeout: 300)
        #expect(done["status"] as? String == "succeeded")
        #expect(number(done["progress"]) == 1)
        #expect(done["has_result"] as? Bool == true)
        let result = try await c.get("/api/jobs/\(id)/result")
        #expect(result.status == 200)
        #expect(result.contentType.hasPrefix("application/json"))
        #expect(number(try result.object()["waited_s"]) == Double(seconds))

        let list = try await c.get("/api/jobs").array()
        #expect(list.contains { $0["id"] as? String == id })
    }

    @Test("DELETE cancels a running job; its result is then a 409")
    func cancel() async throws {
        let c = try await SharedServer.client
        // Long enough that it cannot finish on its own while a busy machine gets to the DELETE.
        let id = try await c.submitJob("wait", ["seconds": 3000])
        try await c.waitForJob(id, timeout: 300) { $0["status"] as? String == "running" }
        let d = try await c.send("DELETE", "/api/jobs/\(id)")
        #expect(d.status == 200)
        let j = try await c.waitForJob(id, timeout: 300)
        #expect(j["status"] as? String == "cancelled")
        #expect(j["has_result"] as? Bool == false)
        let r = try await c.get("/api/jobs/\(id)/result")
        #expect(r.status == 409)
        #expect(try r.apiError().code == "job.notFinished")
        let events = try await c.get("/api/jobs/\(id)/events")
        #expect(events.text.hasSuffix("event: end\ndata: cancelled\n\n"))
    }

    @Test("Bad submissions: unknown kind, no kind, unknown job id")
    func badSubmissions() async throws {
        let c = try await SharedServer.client
        let unknown = try await c.postJSON("/api/jobs", ["kind": "teleport", "params": [String: Any]()])
        #expect(unknown.status == 400)
        let e = try unknown.apiError()
        #expect(e.code == "job.unknownKind")
        #expect(e.field == "kind")
        #expect(e.message.contains("wait"), "the message lists the available kinds")

        let noKind = try await c.postJSON("/api/jobs", ["params": [String: Any]()])
        #expect(noKind.status == 400)
        #expect(try noKind.apiError().field == "kind")

        for path in ["/api/jobs/no-such-job", "/api/jobs/no-such-job/result", "/api/jobs/no-such-job/events"] {
            let r = try await c.get(path)
            #expect(r.status == 404, "\(path)")
            #expect(try r.apiError().code == "job.notFound", "\(path)")
        }
        let del = try await c.send("DELETE", "/api/jobs/no-such-job")
        #expect(del.status == 404)
    }

    @Test("A failing job is recorded as failed with its error")
    func failingJob() async throws {
        let c = try await SharedServer.client
        let id = try await c.submitJob("inventory", ["csv": "id,category\nx,1.A\n"])
        let j = try await c.waitForJob(id, timeout: 300)
        #expect(j["status"] as? String == "failed")
        #expect((j["error"] as? String)?.isEmpty == false)
        #expect(try await c.get("/api/jobs/\(id)/result").status == 409)
    }

    @Test("An lca-study job with us-grid-electricity.yaml succeeds with a total and a Markdown report")
    func lcaStudy() async throws {
        let c = try await SharedServer.client
        let yaml = try Paths.file("examples/lca/us-grid-electricity.yaml")
        let id = try await c.submitJob("lca-study", ["study": yaml])
        let j = try await c.waitForJob(id, timeout: 300)
        #expect(j["status"] as? String == "succeeded", "job: \(j)")
        let result = try await c.get("/api/jobs/\(id)/result").object()
        let total = try #require(number(result["total_kg_co2e"]))
        #expect(total > 0)
        let markdown = result["report_markdown"] as? String ?? ""
        #expect(markdown.contains("## 3. Results"))
        #expect(markdown.contains("Carbon footprint of 1 kWh of US grid electricity"))
        #expect((result["report_html"] as? String)?.contains("<html") == true)
        // The study's total is the footprint of its reference flow: 1 kWh of the grid process,
        // which states its product per kWh (results are per the process's own unit).
        let calc = try await c.postJSON("/api/lca/calculate", ["process": "Electricity, at Grid, US, 2010", "amount": 1])
        #expect(calc.status == 200, "\(calc.text.prefix(300))")
        let direct = try calc.object()
        #expect(direct["unit"] as? String == "kWh")
        let perKWh = try #require(number(direct["total"]))
        #expect(relativeDifference(perKWh, total) < 1e-6, "study \(total) vs calculate \(perKWh) kg CO2e/kWh")
    }
}

@Suite("Jobs across a restart", .timeLimit(.minutes(10)))
struct JobRestartTests {
    @Test("Stopping the server (or a crash) while jobs run or wait leaves them interrupted; finished results survive")
    func restart() async throws {
        let db = try TemplateDatabase.copy("restart")
        let first = try await RunningServer.start(databasePath: db, maxConcurrentJobs: 1)
        let c1 = first.client
        let done = try await c1.submitJob("wait", ["seconds": 0.2])
        #expect(try await c1.waitForJob(done, timeout: 300)["status"] as? String == "succeeded")
        // 20 s: long enough to be seen running on a busy machine before it ends by itself.
        let running = try await c1.submitJob("wait", ["seconds": 20])
        let queued = try await c1.submitJob("wait", ["seconds": 20]) // one job at a time: this one waits
        try await c1.waitForJob(running, timeout: 300) { $0["status"] as? String == "running" }
        #expect(try await c1.job(queued)["status"] as? String == "queued")
        let stoppedAt = Date()
        await first.stop()

        // What a crash leaves behind: jobs recorded as running and queued by a process that is gone.
        let (crashedRunning, crashedQueued) = try {
            let store = try YuhengDatabase.open(path: db, installBundled: false)
            let r = try store.createJob(kind: "wait", params: #"{"seconds": 1}"#)
            try store.updateJob(r.id, status: .running, progress: 0.5, message: "waiting")
            let q = try store.createJob(kind: "wait", params: #"{"seconds": 1}"#)
            return (r.id, q.id)
        }()

        let second = try await RunningServer.start(databasePath: db)
        defer { Task { await second.stop() } }
        let c2 = second.client
        for id in [running, queued, crashedRunning, crashedQueued] {
            let j = try await c2.job(id)
            #expect(j["status"] as? String == "interrupted", "job \(id): \(j)")
            #expect((j["error"] as? String)?.isEmpty == false)
            #expect(try await c2.get("/api/jobs/\(id)/result").status == 409)
        }
        let result = try await c2.get("/api/jobs/\(done)/result")
        #expect(result.status == 200)
        #expect(number(try result.object()["waited_s"]) == 0.2)
        #expect(try await c2.job(done)["status"] as? String == "succeeded")

        // Nothing of the stopped server keeps working on its jobs: the running job's progress does not
        // move any more, and after the time it would have needed both are still interrupted (not
        // finished behind the new server's back).
        let progressAtRestart = number(try await c2.job(running)["progress"])
        try await Task.sleep(for: .seconds(1))
        #expect(number(try await c2.job(running)["progress"]) == progressAtRestart, "the stopped server still runs the job")
        let remaining = 21 - Date().timeIntervalSince(stoppedAt)
        if remaining > 0 { try await Task.sleep(for: .seconds(remaining)) }
        for id in [running, queued, crashedRunning, crashedQueued] {
            #expect(try await c2.job(id)["status"] as? String == "interrupted", "job \(id) changed after the restart")
        }
        // The new server runs new jobs on the same database.
        let again = try await c2.submitJob("wait", ["seconds": 0.1])
        #expect(try await c2.waitForJob(again, timeout: 300)["status"] as? String == "succeeded")
        await second.stop()
    }
}
