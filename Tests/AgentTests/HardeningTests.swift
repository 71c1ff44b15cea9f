import Foundation
import Testing
import YuhengAgentsTesting
import YuhengData
@testable import YuhengAgents

/// Issue 14: the SQL sandbox's result size, the model client's wall clock and response size, and
/// bounded search tools.
@Suite("SQL sandbox: result and value size limits")
struct SQLSizeLimitTests {
    var sandbox: SQLSandbox { SQLSandbox(path: TestEnv.database.path, rowLimit: 500, timeLimit: 2) }

    @Test("a 100 MB value is refused at once with an error naming the limit (it returned 400 MB after 69 s)")
    func hugeValueRefused() throws {
        let start = Date()
        do {
            _ = try sandbox.query("SELECT hex(randomblob(100000000))")
            Issue.record("a 200 MB value was built")
        } catch let e as ToolError {
            #expect(e.kind == .rejected)
            #expect(e.message.contains("larger than the sandbox's limit of \(sandbox.lengthLimit) bytes"), "\(e)")
        }
        for sql in [
            "SELECT zeroblob(50000000)", "SELECT replace(hex(zeroblob(3000000)), '00', 'xyz')",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 100000) SELECT group_concat(hex(randomblob(100))) FROM c"
        ] {
            #expect(throws: ToolError.self, "\(sql)") { try sandbox.query(sql) }
        }
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test("a long text value is cut at 64 KiB on a character boundary and marked; the result stays valid")
    func longValueCut() throws {
        let r = try sandbox.query("SELECT hex(randomblob(1000000)) AS h, 42 AS n")
        let text = try #require(r.rows.first?.first?.stringValue)
        #expect(text.hasSuffix(SQLSandbox.truncationMarker(totalBytes: 2_000_000)))
        #expect(text.utf8.count <= sandbox.maxValueBytes + 64)
        #expect(r.truncatedValues == 1 && !r.truncated)
        #expect(r.rows.first?[1].doubleValue == 42)
        // 'a' then 2-byte characters: byte 65,536 falls inside one, so the cut moves back to its start.
        let m = try sandbox.query("SELECT 'a' || replace(hex(zeroblob(40000)), '00', 'é')")
        let cut = try #require(m.rows.first?.first?.stringValue)
        #expect(!cut.contains("\u{FFFD}"))
        #expect(cut.hasPrefix("aéé") && cut.hasSuffix("é…[truncated: 80001 bytes in all]"))
    }

    @Test("rows beyond 1 MB of values are left out: truncated_by = bytes")
    func resultBytesBounded() async throws {
        let sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 400) SELECT x, hex(randomblob(30000)) FROM c"
        let r = try sandbox.query(sql)
        #expect(r.truncated && r.truncatedBy == "bytes")
        #expect(r.rows.count == 16, "each row is 60,008 bytes: 16 fit in 1,000,000")
        #expect(r.bytes <= sandbox.maxResultBytes)
        let o = await YuhengTools.registry().call("sql_query", arguments: ["sql": .string(sql)], context: TestEnv.context)
        let res = try #require(o.result, "\(String(describing: o.error))")
        #expect(res.json["truncated_by"]?.stringValue == "bytes")
        #expect(res.json["truncated"]?.boolValue == true)
        #expect(res.json.text().utf8.count < 1_200_000)
        let bad = await YuhengTools.registry().call("sql_query", arguments: ["sql": "SELECT hex(randomblob(100000000))"], context: TestEnv.context)
        #expect(bad.error?.kind == .rejected)
        #expect(SQLQueryTool().description.contains("1 MB"))
    }
}

@Suite("Model client: one wall clock across retries and streaming, bounded responses", .timeLimit(.minutes(5)))
struct ModelClientBoundsTests {
    static func client(
        _ s: ScriptedLLMServer, wallClock: Double = 3, stream: Bool = true, retries: Int = 2, backoff: Double = 0.05,
        maxBytes: Int = 16_000_000
    ) -> OpenAICompatibleClient {
        OpenAICompatibleClient(
            configuration: LLMConfiguration(
                baseURL: s.baseURL, model: "scripted", timeoutSeconds: 120, wallClockSeconds: wallClock,
                retries: retries, backoffSeconds: backoff, stream: stream, maxResponseBytes: maxBytes))
    }

    static func request() -> ChatRequest { ChatRequest(messages: [.user("hello")]) }

    /// Runs a call that must fail; returns the error and the seconds it took.
    static func failing(_ c: OpenAICompatibleClient) async -> (LLMError?, Double) {
        let start = Date()
        do {
            _ = try await c.complete(request(), onEvent: nil)
            return (nil, Date().timeIntervalSince(start))
        } catch let e as LLMError {
            return (e, Date().timeIntervalSince(start))
        } catch {
            Issue.record("unexpected error \(error)")
            return (nil, Date().timeIntervalSince(start))
        }
    }

    @Test("a server that never answers is cut off at the 3 s wall clock (it took 3 × 120 s)", arguments: [true, false])
    func silent(_ stream: Bool) async throws {
        let s = try ScriptedLLMServer([], fallback: .silent)
        let (e, seconds) = await Self.failing(Self.client(s, stream: stream))
        #expect(e?.code == .wallClock, "\(String(describing: e))")
        #expect(e?.message.contains("wall-clock limit of 3 s") == true)
        // 3 s when the machine is free; the bound only has to tell the deadline (3 s) from the bug it fixed
        // (3 × 120 s), with room for the full suite saturating this process's cooperative threads.
        #expect(seconds >= 2.5 && seconds < 100, "\(seconds) s")
        #expect(s.requests.count == 1, "no retry after the deadline")
    }

    @Test("a server that trickles a byte every half second is cut off at the wall clock (it never finished)", arguments: [true, false])
    func trickle(_ stream: Bool) async throws {
        let s = try ScriptedLLMServer([], fallback: .trickle(interval: 0.5))
        let (e, seconds) = await Self.failing(Self.client(s, stream: stream))
        #expect(e?.code == .wallClock, "\(String(describing: e))")
        // The bug never ended; the bound leaves room for the full suite saturating the cooperative threads (CI-like runs: ~40 s).
        #expect(seconds < 100, "\(seconds) s")
    }

    @Test("retries stop at the deadline: HTTP 503 with long backoffs ends at the wall clock, naming the last failure")
    func retriesWithinDeadline() async throws {
        let s = try ScriptedLLMServer([], fallback: .status(503, #"{"error": {"message": "overloaded"}}"#))
        let (e, seconds) = await Self.failing(Self.client(s, retries: 10, backoff: 2))
        #expect(e?.code == .wallClock, "\(String(describing: e))")
        #expect(e?.message.contains("HTTP 503") == true)
        // Ten retries with backoffs from 2 s doubling would take over half an hour; the bound leaves room for a saturated suite.
        #expect(seconds < 100, "\(seconds) s")
        #expect(s.requests.count <= 3)
    }

    @Test("a response announcing 4 GB is refused as soon as its headers arrive")
    func announcedTooLarge() async throws {
        let s = try ScriptedLLMServer([], fallback: .oversized(contentLength: 4_000_000_000))
        let (e, seconds) = await Self.failing(Self.client(s, wallClock: 120, stream: false))
        #expect(e?.code == .tooLarge, "\(String(describing: e))")
        #expect(e?.message.contains("announced a response of 4000000000 bytes") == true)
        #expect(seconds < 60)
    }

    @Test("a response without a length is cut off at max_response_bytes", arguments: [true, false])
    func floodTooLarge(_ stream: Bool) async throws {
        let s = try ScriptedLLMServer([], fallback: .flood)
        let (e, seconds) = await Self.failing(Self.client(s, wallClock: 120, stream: stream, maxBytes: 1_000_000))
        #expect(e?.code == .tooLarge, "\(String(describing: e))")
        #expect(e?.message.contains("more than 1000000 bytes") == true)
        #expect(seconds < 60)
    }

    @Test("one deadline for the whole turn: routing against a silent server ends the ask at the wall clock")
    func turnDeadline() async throws {
        let s = try ScriptedLLMServer([], fallback: .silent)
        var c = TestEnv.config(s)
        c.wallClockSeconds = 3
        let start = Date()
        do {
            _ = try await Assistant(model: OpenAICompatibleClient(configuration: c), context: TestEnv.context, limits: AgentLimits(c))
                .ask("What are China's consumption-based CO2 emissions?")
            Issue.record("the ask ended without an error")
        } catch let e as LLMError {
            #expect(e.code == .wallClock, "\(e)")
        }
        // Below one request's 60 s timeout (without the turn deadline the ask waits for at least that), with room
        // for the full suite saturating this process's cooperative threads.
        #expect(Date().timeIntervalSince(start) < 55)
        // A forced agent whose model trickles: the run stops with the time limit and says so.
        let t = try ScriptedLLMServer([], fallback: .trickle(interval: 0.5))
        var ct = TestEnv.config(t)
        ct.wallClockSeconds = 3
        let a = try await Assistant(model: OpenAICompatibleClient(configuration: ct), context: TestEnv.context, limits: AgentLimits(ct))
            .ask("Which datasets are there?", agent: "natural")
        #expect(a.stopReason == .timeLimit)
        #expect(a.answer.contains("wall-clock limit"))
    }

    @Test("yuheng ask with wall_clock_s = 3 against a server that never answers ends within 30 s with a clear error")
    func askBinary() async throws {
        let s = try ScriptedLLMServer([], fallback: .silent)
        let config = TestEnv.root.appendingPathComponent("llm-wallclock.json")
        try #"{"base_url": "\#(s.baseURL)", "model": "scripted", "wall_clock_s": 3, "timeout_s": 120, "retries": 2}"#
            .write(to: config, atomically: true, encoding: .utf8)
        let o = try await Binary.run(["ask", "What is China's footprint?", "--db", TestEnv.dbPath], environment: ["YUHENG_CONFIG": config.path])
        #expect(o.status == 1)
        #expect(o.stderr.contains("did not finish answering within the wall-clock limit of 3 s"), "\(o.stderr)")
        #expect(o.seconds < 30, "\(o.seconds) s")
    }

    @Test("the configuration refuses a non-positive wall clock or response limit")
    func configurationChecked() throws {
        let dir = TestEnv.root.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (body, word) in [(#"{"wall_clock_s": 0}"#, "wall_clock_s"), (#"{"max_response_bytes": -1}"#, "max_response_bytes")] {
            let f = dir.appendingPathComponent("llm.json")
            try body.write(to: f, atomically: true, encoding: .utf8)
            #expect { try LLMConfiguration.resolve(environment: ["YUHENG_CONFIG": f.path]) } throws: { e in
                (e as? LLMError)?.message.contains(word) == true
            }
        }
        let f = dir.appendingPathComponent("ok.json")
        try #"{"max_response_bytes": 5000}"#.write(to: f, atomically: true, encoding: .utf8)
        #expect(try LLMConfiguration.resolve(environment: ["YUHENG_CONFIG": f.path]).maxResponseBytes == 5000)
    }
}

@Suite("Search tools: bounded queries")
struct SearchToolBoundsTests {
    @Test("search_factors and lca_search refuse 2,000 one-letter words with an error naming the limit", arguments: ["search_factors", "lca_search"])
    func bounded(_ tool: String) async throws {
        let words = (0..<2_000).map { String(UnicodeScalar(UInt8(97 + $0 % 26))) }.joined(separator: " ")
        let start = Date()
        let o = await YuhengTools.registry().call(tool, arguments: ["query": .string(words)], context: TestEnv.context)
        #expect(o.error?.kind == .invalidInput, "\(String(describing: o.error))")
        #expect(o.error?.message.contains("the limit is \(FullTextQuery.maxCharacters)") == true)
        #expect(Date().timeIntervalSince(start) < 30)
        let ok = await YuhengTools.registry().call(
            tool, arguments: ["query": tool == "lca_search" ? "portland cement cement" : "natural gas residential gas"], context: TestEnv.context)
        #expect(ok.error == nil, "\(String(describing: ok.error))")
    }
}
