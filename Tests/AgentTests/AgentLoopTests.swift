import Foundation
import YuhengAgentsTesting
import Testing
@testable import YuhengAgents

typealias Reply = ScriptedLLMServer.Reply
typealias Call = ScriptedLLMServer.Call

/// A final answer quoting the numbers of the tool results in the request (as a well-behaved model would).
func quoteAccounts(_ body: JSON) -> Reply {
    let tools = ScriptedLLMServer.toolMessages(body)
    guard let acc = tools.first(where: { $0.name == "mrio_accounts" })?.payload["result"]?["regions"]?[0] else { return .text("No data.") }
    var text =
        "\(acc["region"]?.stringValue ?? "?")'s consumption-based CO2 in 2011 was \(String(format: "%.1f", acc["cba_mt"]?.doubleValue ?? 0)) Mt "
        + "and its production-based CO2 \(String(format: "%.1f", acc["pba_mt"]?.doubleValue ?? 0)) Mt; embodied exports \(String(format: "%.1f", acc["exp_mt"]?.doubleValue ?? 0)) Mt"
    if let flow = tools.first(where: { $0.name == "mrio_transfers" })?.payload["result"]?["top_flows"]?[0] {
        text +=
            "; the largest flow is \(flow["origin"]?.stringValue ?? "") → \(flow["destination"]?.stringValue ?? "") with \(String(format: "%.1f", flow["mrio_mt"]?.doubleValue ?? 0)) Mt"
    }
    return .text(text + " (dataset wiod2011-co2).")
}

@Suite("agents with a scripted model")
struct AgentLoopTests {
    @Test("the router picks trade by model; streamed tool calls run with their arguments; the answer is grounded")
    func tradeFlow() async throws {
        let s = try ScriptedLLMServer([
            .toolCalls([Call("route", #"{"agent": "trade", "reason": "embodied trade"}"#)]),
            .toolCalls([Call("mrio_accounts", #"{"region": "CHN"}"#), Call("mrio_transfers", #"{"region": "CHN", "top": 3}"#)]),
            .dynamic(quoteAccounts)
        ])
        let events = LockedStrings()
        let a = try await TestEnv.assistant(s).ask("How much CO2 is embodied in China's exports, and what is its consumption-based footprint?") { e in
            if case .toolCall(let n, _) = e { events.append(n) }
        }
        #expect(a.agent == "trade")
        #expect(a.routing?.method == "model")
        #expect(a.trace.map(\.tool) == ["mrio_accounts", "mrio_transfers"])
        try #require(a.trace.count >= 2, "stopped early: \(a.answer)")
        #expect(a.trace[0].arguments == ["region": "CHN"])
        #expect(a.trace[1].arguments["top"] == 3)
        #expect(a.trace.allSatisfy { !$0.isError })
        #expect(events.values == ["mrio_accounts", "mrio_transfers"])
        #expect(a.grounding.unsupported.isEmpty, "\(a.grounding.unsupported)")
        #expect(a.grounding.supported.count >= 4)
        #expect(a.stopReason == .answered)
        let r = s.requests
        #expect(r.count == 3)
        #expect(r[0].body["tool_choice"]?["function"]?["name"] == "route")
        let offered = Set(r[1].body["tools"]?.arrayValue?.compactMap { $0["function"]?["name"]?.stringValue } ?? [])
        #expect(offered == Set(Specialists.trade.tools))
        #expect(r[1].body["tool_choice"] == "auto")
        let assistantMsg = r[2].body["messages"]?.arrayValue?.first { $0["role"] == "assistant" }
        #expect(assistantMsg?["content"] == "")
        #expect(assistantMsg?["tool_calls"]?.arrayValue?.count == 2)
        #expect(ScriptedLLMServer.toolMessages(r[2].body).count == 2)
    }

    @Test("an invalid or malformed route falls back on keywords", arguments: [#"{"agent": "weather"}"#, #"{"agent": "tra"#])
    func routeFallback(_ args: String) async throws {
        let s = try ScriptedLLMServer([.toolCalls([Call("route", args)]), .text("Please name a region.")])
        let a = try await TestEnv.assistant(s).ask("Which land-use and forest sinks does Brazil report?")
        #expect(a.agent == "natural")
        #expect(a.routing?.method == "keywords")
        let kw = Router().keywordRoute("What happens to emissions if Germany's final demand for construction increases by 10 %?")
        #expect(kw.agent == "industrial")
        #expect(Router().keywordRoute("carbon footprint of 1 t of cement").agent == "lca")
        #expect(Router().keywordRoute("Monte Carlo uncertainty of my inventory").agent == "uncertainty")
    }

    @Test("malformed tool-call JSON is reported to the model, which recovers")
    func malformedArguments() async throws {
        let s = try ScriptedLLMServer([
            .toolCalls([Call("mrio_accounts", #"{"region": "USA""#)]),
            .toolCalls([Call("mrio_accounts", #"{"region": "USA"}"#)]),
            .dynamic(quoteAccounts)
        ])
        let a = try await TestEnv.assistant(s).ask("USA consumption-based CO2?", agent: "trade")
        #expect(a.trace.count == 2)
        try #require(a.trace.count >= 2, "stopped early: \(a.answer)")
        #expect(a.trace[0].isError && a.trace[0].errorKind == .invalidInput)
        #expect(!a.trace[1].isError)
        #expect(a.grounding.unsupported.isEmpty)
        let toolMsg = ScriptedLLMServer.toolMessages(s.requests[1].body).first
        #expect(toolMsg?.payload["error"]?.stringValue?.contains("not valid JSON") == true)
    }

    @Test("a tool error with a made-up number becomes a stated refusal")
    func toolError() async throws {
        let s = try ScriptedLLMServer([
            .toolCalls([Call("national_emissions", #"{"country": "CHN", "year": 1700}"#)]),
            .text("China emitted 1234.5 Mt of CO2 in 1700.")
        ])
        let a = try await TestEnv.assistant(s).ask("What were China's CO2 emissions in 1700?", agent: "natural")
        #expect(a.trace.first?.isError == true)
        #expect(a.trace.first?.errorKind == .missingData)
        #expect(a.stopReason == .refusal)
        #expect(a.answer.hasPrefix("I cannot answer this from Yuheng's data"))
        #expect(!a.answer.contains("1234.5"))
    }

    @Test("a model that never stops calling tools is stopped at the step limit with a clear message")
    func stepCap() async throws {
        let s = try ScriptedLLMServer([], fallback: .toolCalls([Call("list_datasets", "{}")]))
        let a = try await TestEnv.assistant(s, maxSteps: 3).ask("Which datasets are there?", agent: "uncertainty")
        #expect(a.stopReason == .stepLimit)
        #expect(a.trace.count == 3)
        #expect(s.requests.count == 3)
        #expect(a.answer.contains("step limit"))
        #expect(a.answer.contains("3 steps"))
    }

    @Test("a number no tool returned is flagged; strict mode refuses the answer")
    func ungrounded() async throws {
        let script: [Reply] = [
            .toolCalls([Call("mrio_accounts", #"{"region": "FRA"}"#)]), .text("France's consumption-based CO2 was 987.6 Mt in 2011.")
        ]
        let s = try ScriptedLLMServer(script)
        let a = try await TestEnv.assistant(s).ask("France's consumption-based CO2?", agent: "trade")
        #expect(a.grounding.unsupported.map(\.text) == ["987.6"])
        #expect(a.answer.contains("Unverified: 987.6"))
        #expect(a.json["grounding"]?["unsupported"]?[0]?["text"] == "987.6")
        let s2 = try ScriptedLLMServer(script)
        let b = try await TestEnv.assistant(s2, strict: true).ask("France's consumption-based CO2?", agent: "trade")
        #expect(b.stopReason == .refusal)
        #expect(b.answer.contains("strict grounding"))
    }

    @Test("oversized tool arguments are rejected, not run")
    func oversized() async throws {
        let huge = "{\"sql\": \"SELECT '" + String(repeating: "y", count: 70_000) + "'\"}"
        let s = try ScriptedLLMServer([.toolCalls([Call("sql_query", huge)]), .text("The query was too long.")])
        let a = try await TestEnv.assistant(s).ask("Run my query", agent: "natural")
        #expect(a.trace.first?.errorKind == .rejected)
        #expect(a.trace.first?.result["error"]?.stringValue?.contains("limit is 65536 bytes") == true)
    }

    @Test("a product missing from the database gives a question, not a substitute")
    func lcaQuestion() async throws {
        let s = try ScriptedLLMServer([
            .toolCalls([Call("route", #"{"agent": "lca"}"#)]),
            .toolCalls([Call("select_process", #"{"process_id": "none", "reason": "no concrete process"}"#)])
        ])
        let a = try await TestEnv.assistant(s).ask("What is the carbon footprint of 1 t of ready-mix concrete delivered 50 km?")
        #expect(a.agent == "lca")
        #expect(a.stopReason == .question)
        #expect(a.answer.contains("no process that is \"ready-mix concrete\""))
        #expect(a.trace.map(\.tool) == ["lca_search"])
        #expect(
            LCARequest.parse("carbon footprint of 1 t of ready-mix concrete delivered 50 km")
                == LCARequest(product: "ready-mix concrete", amount: 1, unit: "t", distanceKm: 50, transportMode: nil))
        #expect(LCARequest.parse("footprint of 2.5 kg HDPE resin by truck over 120 km")?.transportMode == "truck")
    }

    @Test("a hung model is cut off by the wall-clock limit")
    func wallClock() async throws {
        let s = try ScriptedLLMServer([.delayed(5, .text("too late"))])
        var c = TestEnv.config(s)
        c.wallClockSeconds = 0.5
        let a = try await Assistant(model: OpenAICompatibleClient(configuration: c), context: TestEnv.context, limits: AgentLimits(c))
            .ask("Which datasets are there?", agent: "natural")
        #expect(a.stopReason == .timeLimit)
        #expect(a.answer.contains("wall-clock limit"))
    }

    @Test("a server that rejects the named tool_choice (HTTP 400) still gets routed, by keywords")
    func routeHTTP400() async throws {
        let s = try ScriptedLLMServer([.status(400, #"{"error": {"message": "tool_choice not supported"}}"#), .text("Ask me about a region.")])
        let a = try await TestEnv.assistant(s).ask("How large are the embodied emissions in Germany's imports?")
        #expect(a.agent == "trade")
        #expect(a.routing?.method == "keywords")
        #expect(a.routing?.reason.contains("HTTP 400") == true)
    }

    @Test("uncertainty tools: Monte Carlo and sensitivity of an inventory")
    func uncertaintyTools() async throws {
        let csv =
            "id,category,method,item,amount,unit,ad_uncertainty_pct,parameters\na1,1A1,stationary,Natural Gas,1000,TJ,5,\na2,1A1,stationary,Residual Fuel Oil,500,TJ,10,\n"
        let reg = YuhengTools.registry()
        let mc = await reg.call("monte_carlo", arguments: ["target": "inventory", "csv": .string(csv), "iterations": 500], context: TestEnv.context)
        let t = try #require(mc.result?.json["total"], "\(String(describing: mc.error))")
        #expect((t["p2_5"]?.doubleValue ?? 0) < (t["median"]?.doubleValue ?? 0))
        #expect((t["median"]?.doubleValue ?? 0) < (t["p97_5"]?.doubleValue ?? 0))
        #expect(t["iterations"] == 500)
        let sens = await reg.call("sensitivity", arguments: ["csv": .string(csv), "samples": 300], context: TestEnv.context)
        #expect((sens.result?.json["ranked_inputs"]?.arrayValue?.count ?? 0) > 0, "\(String(describing: sens.error))")
    }
}
