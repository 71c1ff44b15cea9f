import Foundation
import YuhengAgentsTesting
import Testing
@testable import YuhengAgents

/// Picks the candidate line containing `needle` from a select_process request and answers with its id.
func selectCandidate(_ needle: String) -> Reply {
    .dynamic { body in
        let user = body["messages"]?.arrayValue?.last { $0["role"] == "user" }?["content"]?.stringValue ?? ""
        for line in user.split(separator: "\n") where line.contains(needle) {
            if let r = line.range(of: "process_id ") {
                let id = line[r.upperBound...].split(separator: " ").first.map(String.init) ?? ""
                return .toolCalls([Call("select_process", "{\"process_id\": \"\(id)\", \"reason\": \"it is \(needle), US average technology\"}")])
            }
        }
        return .toolCalls([Call("select_process", #"{"process_id": "none", "reason": "not found"}"#)])
    }
}

@Suite("yuheng ask, end to end through the scripted server", .serialized)
struct AskEndToEndTests {
    @Test("trade question: the trace's numbers equal `yuheng mrio accounts --json` and `mrio transfers --json`")
    func trade() async throws {
        _ = TestEnv.database
        let s = try ScriptedLLMServer([
            .toolCalls([Call("route", #"{"agent": "trade", "reason": "trade"}"#)]),
            .toolCalls([Call("mrio_accounts", #"{"region": "CHN"}"#), Call("mrio_transfers", #"{"region": "CHN", "top": 5}"#)]),
            .dynamic(quoteAccounts)
        ])
        let out = try await Binary.run([
            "ask", "How much CO2 is embodied in China's exports and what is its consumption-based footprint?", "--json",
            "--base-url", s.baseURL, "--api-key", "k", "--db", TestEnv.dbPath, "--output-dir", TestEnv.outputDir.path
        ])
        #expect(out.status == 0, "\(out.stderr)")
        let j = try JSON.parse(out.stdout)
        #expect(j["agent"] == "trade")
        #expect(j["model"] == "local")
        let trace = try #require(j["trace"]?.arrayValue)
        #expect(trace.map { $0["tool"]?.stringValue ?? "" } == ["mrio_accounts", "mrio_transfers"])
        try #require(trace.count >= 2, "the agent stopped early: \(out.stdout)")
        #expect(trace[0]["arguments"] == ["region": "CHN"])
        #expect(trace.allSatisfy { $0["duration_s"]?.doubleValue != nil && $0["result"] != nil })
        #expect(j["grounding"]?["unsupported"]?.arrayValue?.isEmpty == true)
        #expect((j["grounding"]?["supported"]?.arrayValue?.count ?? 0) >= 4)
        #expect(j["answer"]?.stringValue?.contains("Mt") == true)

        let cli = try await Binary.json(["mrio", "accounts", "--json"])
        let row = try #require(trace[0]["result"]?["result"]?["regions"]?[0])
        #expect(row["cba"] == cli["D_cba_reg"]?["CO2"]?["CHN"])
        #expect(row["pba"] == cli["D_pba_reg"]?["CO2"]?["CHN"])
        #expect(row["imp"] == cli["D_imp_reg"]?["CO2"]?["CHN"])
        #expect(row["exp"] == cli["D_exp_reg"]?["CO2"]?["CHN"])
        let tr = try await Binary.json(["mrio", "transfers", "--region", "CHN", "--top", "5", "--json"])
        let cliFlows = try #require(tr["top_flows"]?.arrayValue)
        let flows = try #require(trace[1]["result"]?["result"]?["top_flows"]?.arrayValue)
        #expect(flows.count == 5 && cliFlows.count == 5)
        for (a, b) in zip(flows, cliFlows) {
            #expect(a["origin"] == b["origin"] && a["destination"] == b["destination"])
            #expect(a["mrio"] == b["mrio"])
            #expect(a["eebt"] == b["eebt"])
        }
        #expect(s.requests.allSatisfy { $0.authorization == "Bearer k" })
    }

    @Test("LCA question: the workflow selects processes, runs the study and writes the report")
    func lca() async throws {
        _ = TestEnv.database
        let out = TestEnv.root.appendingPathComponent("lca-e2e")
        let s = try ScriptedLLMServer([
            .toolCalls([Call("route", #"{"agent": "lca", "reason": "product footprint"}"#)]),
            selectCandidate("Portland cement"),
            selectCandidate("combination truck, diesel powered"),
            .toolCalls([
                Call(
                    "write_goal",
                    #"{"goal": "Determine the cradle-to-gate carbon footprint of Portland cement delivered to a building site, to compare suppliers.", "intended_application": "Internal screening for procurement."}"#
                )
            ])
        ])
        let o = try await Binary.run([
            "ask", "What is the carbon footprint of 1 t of Portland cement delivered 50 km?", "--json",
            "--base-url", s.baseURL, "--db", TestEnv.dbPath, "--output-dir", out.path
        ])
        #expect(o.status == 0, "\(o.stderr)")
        let j = try JSON.parse(o.stdout)
        #expect(j["agent"] == "lca")
        #expect(j["stop_reason"] == "answered", "\(j["answer"] ?? .null)")
        let tools = j["trace"]?.arrayValue?.compactMap { $0["tool"]?.stringValue } ?? []
        #expect(tools.filter { $0 != "monte_carlo" } == ["lca_search", "lca_search", "lca_calculate", "lca_contributions", "lca_study"])
        #expect(tools.contains("monte_carlo") && tools.last == "lca_study")
        let calc = try #require(j["trace"]?[2])
        #expect(calc["arguments"]?["items"]?[1]?["amount"] == 50)
        #expect(calc["arguments"]?["items"]?[1]?["unit"] == "t*km")
        #expect(j["grounding"]?["unsupported"]?.arrayValue?.isEmpty == true, "\(j["grounding"] ?? .null)")
        let path = try #require(j["files"]?[0]?.stringValue)
        #expect(path.hasPrefix(out.path))
        let report = try String(contentsOfFile: path, encoding: .utf8)
        #expect(report.contains("Determine the cradle-to-gate carbon footprint of Portland cement"))
        #expect(report.contains("Addendum: delivery, interpretation and choices"))
        #expect(report.contains("Transport, combination truck, diesel powered"))
        #expect(report.contains("chosen by the model: it is Portland cement"))
        #expect(FileManager.default.fileExists(atPath: path.replacingOccurrences(of: ".md", with: ".study.yaml")))
        let answer = j["answer"]?.stringValue ?? ""
        #expect(answer.contains("kg CO2e") && answer.contains(path))
        #expect(s.remainingReplies == 0)
    }

    @Test("yuheng chat: streams the reply and shows tool calls as they happen")
    func chat() async throws {
        _ = TestEnv.database
        let s = try ScriptedLLMServer([
            .toolCalls([Call("route", #"{"agent": "natural"}"#)]),
            .toolCalls([Call("national_emissions", #"{"country": "DEU", "year": 2020}"#)]),
            .dynamic { body in
                let v = ScriptedLLMServer.toolMessages(body).first?.payload["result"]?["series"]?[0]?["territorial_co2_mt"]?.doubleValue ?? 0
                return .text("Germany's territorial CO2 in 2020 was \(String(format: "%.1f", v)) Mt (gcb2022-national).")
            }
        ])
        let o = try await Binary.run(
            ["chat", "--base-url", s.baseURL, "--db", TestEnv.dbPath, "--output-dir", TestEnv.outputDir.path],
            stdin: "What were Germany's territorial CO2 emissions in 2020?\n/quit\n")
        #expect(o.status == 0, "\(o.stderr)")
        #expect(o.stdout.contains("→ national_emissions {\"country\": \"DEU\", \"year\": 2020}"))
        #expect(o.stdout.contains("Germany's territorial CO2 in 2020 was"))
        #expect(o.stdout.contains("supported, 0 unsupported]"))
    }

    @Test("bad endpoints: connection refused fails fast; HTTP 401 says to check the API key")
    func badEndpoints() async throws {
        let o = try await Binary.run(["ask", "What is China's footprint?", "--base-url", "http://127.0.0.1:1/v1", "--db", TestEnv.dbPath])
        #expect(o.status != 0)
        #expect(o.stderr.contains("cannot reach the model server at http://127.0.0.1:1/v1"))
        #expect(o.seconds < 180, "a refused connection must not hang")
        let s = try ScriptedLLMServer([.status(401, #"{"error": {"message": "invalid api key"}}"#)])
        let u = try await Binary.run(["ask", "What is China's footprint?", "--base-url", s.baseURL, "--api-key", "wrong", "--db", TestEnv.dbPath])
        #expect(u.status != 0)
        #expect(u.stderr.contains("check the API key"))
    }
}

@Suite("opt-in smoke test against a real model server")
struct SmokeTests {
    @Test("answers a trade question through a real server", .enabled(if: ProcessInfo.processInfo.environment["YUHENG_LLM_SMOKE_URL"] != nil))
    func smoke() async throws {
        let env = ProcessInfo.processInfo.environment
        let c = LLMConfiguration(
            baseURL: env["YUHENG_LLM_SMOKE_URL"]!, model: env["YUHENG_LLM_MODEL"] ?? "local", apiKey: env["YUHENG_LLM_API_KEY"],
            maxSteps: 4, timeoutSeconds: 300, wallClockSeconds: 900)
        let a = try await Assistant(model: OpenAICompatibleClient(configuration: c), context: TestEnv.context, limits: AgentLimits(c))
            .ask("Call mrio_accounts with region CHN and report China's consumption-based CO2 in Mt.", agent: "trade")
        #expect(!a.answer.isEmpty)
        #expect([StopReason.answered, .stepLimit, .refusal].contains(a.stopReason))
    }
}
