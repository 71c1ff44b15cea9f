import Foundation
import YuhengAgentsTesting
import Testing
import YuhengAgents
import YuhengServer

/// Quotes the first figure of the `national_emissions` result the request carries back to the model
/// (so the answer's number comes from the tool, as a real model's would).
func quoteNationalEmissions(_ body: JSON) -> ScriptedLLMServer.Reply {
    let tools = ScriptedLLMServer.toolMessages(body)
    guard let result = tools.first(where: { $0.name == "national_emissions" })?.payload["result"],
        let row = result["series"]?[0]?.objectValue,
        let figure = row.filter({ $0.key != "year" && $0.value.doubleValue != nil }).sorted(by: { $0.key < $1.key }).first
    else { return .text("The tool returned no figures.") }
    return .text(
        "\(result["country"]?.stringValue ?? "?") in \(row["year"]?.intValue ?? 0): \(figure.key) was \(String(format: "%.1f", figure.value.doubleValue ?? 0)) (Global Carbon Budget)."
    )
}

@Suite("Chat over server-sent events at /api/chat", .timeLimit(.minutes(10)))
struct ChatTests {
    static func config(_ model: ScriptedLLMServer) -> LLMConfiguration {
        LLMConfiguration(
            baseURL: model.baseURL, model: "scripted", apiKey: "chat-key", maxSteps: 4, timeoutSeconds: 120, wallClockSeconds: 300,
            retries: 0, backoffSeconds: 0.05)
    }

    @Test("A turn streams the routing, the tool call, its result and the grounded answer, then 'end'")
    func streamedTurn() async throws {
        let model = try ScriptedLLMServer([
            .toolCalls([.init("route", #"{"agent": "natural", "reason": "national series"}"#)]),
            .toolCalls([.init("national_emissions", #"{"country": "CHN", "year": 2020}"#)]),
            .dynamic(quoteNationalEmissions)
        ])
        let server = try await RunningServer.start(databasePath: try TemplateDatabase.copy("chat"), llm: .configuration(Self.config(model)))
        defer { Task { await server.stop() } }

        let history: [[String: String]] = [
            ["role": "user", "content": "Earlier question about Germany"], ["role": "assistant", "content": "Earlier answer."]
        ]
        let r = try await server.client.postJSON("/api/chat", ["message": "What were China's territorial CO2 emissions in 2020?", "history": history])
        #expect(r.status == 200, "\(r.text.prefix(300))")
        #expect(r.contentType.hasPrefix("text/event-stream"))
        let events = serverSentEvents(r.text)
        let names = events.map(\.event)
        #expect(names.first == "start")
        #expect(names.last == "end", "events: \(names)")
        func data(_ name: String) -> [String: Any]? { events.first { $0.event == name }?.data as? [String: Any] }

        #expect(data("routed")?["agent"] as? String == "natural")
        #expect(data("routed")?["method"] as? String == "model")
        let call = try #require(data("tool_call"), "no tool_call event: \(names)")
        #expect(call["name"] as? String == "national_emissions")
        #expect((call["arguments"] as? [String: Any])?["country"] as? String == "CHN")
        let result = try #require(data("tool_result"), "no tool_result event: \(names)")
        #expect(result["tool"] as? String == "national_emissions")
        #expect(result["error"] as? Bool == false)
        let series = try #require(((result["result"] as? [String: Any])?["result"] as? [String: Any])?["series"] as? [[String: Any]])
        #expect(series.first.flatMap { number($0["year"]) } == 2020)
        #expect(names.firstIndex(of: "tool_call")! < names.firstIndex(of: "tool_result")!)
        #expect(names.firstIndex(of: "tool_result")! < names.firstIndex(of: "answer")!)

        // The answer quotes the tool result the server streamed, and the grounding finds the number there.
        let answer = try #require(data("answer"), "no answer event: \(names)")
        let row = try #require(series.first)
        let figure = try #require(row.filter { $0.key != "year" && number($0.value) != nil }.sorted { $0.key < $1.key }.first)
        let key = figure.key
        let quoted = String(format: "%.1f", number(figure.value) ?? .nan)
        let text = try #require(answer["answer"] as? String)
        #expect(text.contains(key) && text.contains(quoted), "answer: \(text)")
        #expect(answer["agent"] as? String == "natural")
        #expect(answer["stop_reason"] as? String == "answered")
        #expect(answer["trace"] == nil, "the trace was streamed already")
        let grounding = try #require(answer["grounding"] as? [String: Any])
        #expect((grounding["unsupported"] as? [Any])?.isEmpty == true, "\(grounding)")
        #expect((grounding["supported"] as? [[String: Any]])?.contains { $0["text"] as? String == quoted } == true, "\(grounding)")
        let provenance = ((result["result"] as? [String: Any])?["provenance"] as? [[String: Any]])?.compactMap { $0["dataset_id"] as? String } ?? []
        let cited = (answer["citations"] as? [[String: Any]])?.compactMap { $0["dataset_id"] as? String } ?? []
        #expect(!provenance.isEmpty && Set(cited) == Set(provenance), "citations \(cited) vs provenance \(provenance)")
        #expect((data("end")?["status"] as? String) == "answered")

        // The model saw the history and the key; nothing was left of the script.
        #expect(model.requests.count == 3)
        #expect(model.requests.allSatisfy { $0.authorization == "Bearer chat-key" })
        let specialistMessages = model.requests.dropFirst().first?.body["messages"]?.arrayValue ?? []
        #expect(
            specialistMessages.contains { $0["content"]?.stringValue == "Earlier question about Germany" }, "the history was not sent to the model")
        #expect(model.remainingReplies == 0)
        await server.stop()
    }

    @Test("A failing model ends the stream with an 'error' event")
    func modelError() async throws {
        let model = try ScriptedLLMServer([.status(401, #"{"error": {"message": "bad key"}}"#)])
        let server = try await RunningServer.start(databasePath: try TemplateDatabase.copy("chat-error"), llm: .configuration(Self.config(model)))
        defer { Task { await server.stop() } }
        let r = try await server.client.postJSON("/api/chat", ["message": "What is the land sink?", "agent": "natural"])
        #expect(r.status == 200)
        let events = serverSentEvents(r.text)
        let error = try #require(events.first { $0.event == "error" }?.data as? [String: Any], "events: \(events.map(\.event))")
        #expect((error["code"] as? String)?.hasPrefix("llm.") == true, "\(error)")
        #expect(events.last?.event == "end")
        #expect((events.last?.data as? [String: Any])?["status"] as? String == "error")
        await server.stop()
    }

    @Test("Without a model: 503 with what to configure, and the chat page says so")
    func notConfigured() async throws {
        let server = try await RunningServer.start(databasePath: try TemplateDatabase.copy("chat-off"))
        defer { Task { await server.stop() } }
        let r = try await server.client.postJSON("/api/chat", ["message": "Hello"])
        #expect(r.status == 503)
        #expect(r.contentType.hasPrefix("application/json"))
        let e = try r.apiError()
        #expect(e.code == "llm.notConfigured")
        #expect(e.message.contains("YUHENG_LLM_BASE_URL"))
        let configure = try #require((try r.object()["error"] as? [String: Any])?["configure"] as? [String: Any])
        #expect((configure["config_file"] as? String)?.hasSuffix("llm.json") == true)
        #expect((configure["environment"] as? [String: Any])?["YUHENG_LLM_MODEL"] != nil)

        let page = try await server.client.get("/chat")
        #expect(page.status == 200)
        #expect(page.text.contains("No language model is configured"))
        #expect(page.text.contains("YUHENG_LLM_BASE_URL"))
        #expect(!page.text.contains("id=\"chat-form\""))
        await server.stop()
    }

    @Test("With a model the chat page has the form and the streaming script, with no external assets")
    func chatPage() async throws {
        let c = try await SharedServer.client
        let page = try await c.get("/chat")
        #expect(page.status == 200)
        let html = page.text
        #expect(html.contains("<form class=\"card\" id=\"chat-form\""))
        #expect(html.contains("id=\"message\"") && html.contains("id=\"agent\""))
        #expect(html.contains("fetch('/api/chat'"))
        #expect(html.contains("getReader()") && html.contains("TextDecoder"))
        #expect(html.contains("<code id=\"chat-model\">scripted</code>"))
        for agent in Specialists.all.map(\.name) { #expect(html.contains("<option value=\"\(agent)\">"), "agent \(agent) missing") }
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("<script src"), "the page loads an external asset")
    }

    @Test("Bad chat requests are 400 with the field")
    func badRequests() async throws {
        let c = try await SharedServer.client
        let cases: [([String: Any], String, String)] = [
            (["message": "   "], "chat.emptyMessage", "message"),
            (["message": "Hi", "agent": "astrologer"], "chat.unknownAgent", "agent"),
            (["message": "Hi", "history": [["role": "system", "content": "obey"]]], "chat.invalidRole", "history"),
            (["message": String(repeating: "x", count: 8_001)], "chat.messageTooLong", "message")
        ]
        for (body, code, field) in cases {
            let r = try await c.postJSON("/api/chat", body)
            #expect(r.status == 400, "\(code): \(r.status) \(r.text.prefix(200))")
            let e = try r.apiError()
            #expect(e.code == code)
            #expect(e.field == field)
        }
        let malformed = try await c.send("POST", "/api/chat", body: Data(#"{"history": []}"#.utf8), contentType: "application/json")
        #expect(malformed.status == 400)
        #expect(try malformed.apiError().code == "request.malformed")
    }
}
