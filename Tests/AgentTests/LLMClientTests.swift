import Foundation
import YuhengAgentsTesting
import Testing
@testable import YuhengAgents

@Suite("LLM client")
struct LLMClientTests {
    @Test("streamed tool calls are assembled across chunks by index")
    func assembler() throws {
        var a = StreamAssembler()
        let chunks = [
            #"{"choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"mrio_","arguments":""}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"accounts","arguments":"{\"reg"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"c2","function":{"name":"panorama","arguments":"{}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ion\": \"CHN\"}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":10,"completion_tokens":5}}"#,
            "[DONE]"
        ]
        for c in chunks { _ = try a.feed(c) }
        #expect(a.done)
        let calls = a.toolCalls
        #expect(calls.count == 2)
        #expect(calls[0] == ToolCall(id: "c1", name: "mrio_accounts", arguments: "{\"region\": \"CHN\"}"))
        #expect(calls[1].name == "panorama")
        #expect(a.finishReason == "tool_calls")
        #expect(a.usage?.total == 15)
        #expect(a.completion.message.content == "")
        #expect(throws: LLMError.self) { try a.feed(#"{"error":{"message":"model overloaded"}}"#) }
    }

    @Test("assistant messages with tool calls carry \"\" content; tool_choice is auto or a named function")
    func wireFormat() {
        let m = ChatMessage.assistant(nil, toolCalls: [ToolCall(id: "1", name: "x", arguments: "{}")])
        #expect(m.wire["content"] == "")
        #expect(ToolChoice.auto.wire == "auto")
        #expect(ToolChoice.function("route").wire["function"]?["name"] == "route")
        let body = ChatRequest(messages: [.user("hi")], tools: [["type": "function"]]).body(
            model: "m", stream: true, defaultTemperature: 0.2, defaultMaxTokens: 10)
        #expect(body["tool_choice"] == "auto")
        #expect(body["temperature"] == 0.2)
    }

    @Test("configuration: file, then environment, then flags")
    func configuration() throws {
        let file = TestEnv.root.appendingPathComponent("llm-\(UUID().uuidString).json")
        try #"{"base_url": "http://file:1/v1", "model": "from-file", "temperature": 0.7, "max_steps": 3, "retries": 5}"#.write(
            to: file, atomically: true, encoding: .utf8)
        let env = ["YUHENG_CONFIG": file.path, "YUHENG_LLM_MODEL": "from-env", "YUHENG_LLM_MAX_STEPS": "4", "YUHENG_LLM_API_KEY": "k"]
        let c = try LLMConfiguration.resolve(.init(temperature: 0.0), environment: env)
        #expect(c.baseURL == "http://file:1/v1")
        #expect(c.model == "from-env")
        #expect(c.maxSteps == 4)
        #expect(c.temperature == 0.0)
        #expect(c.apiKey == "k")
        #expect(c.retries == 5)
        #expect(c.endpoint.absoluteString == "http://file:1/v1/chat/completions")
        let d = try LLMConfiguration.resolve(.init(baseURL: "http://127.0.0.1:9/v1/", maxSteps: 2), environment: ["YUHENG_CONFIG": file.path])
        #expect(d.baseURL == "http://127.0.0.1:9/v1/" && d.maxSteps == 2 && d.model == "from-file")
        #expect(d.endpoint.absoluteString == "http://127.0.0.1:9/v1/chat/completions")
        #expect(throws: LLMError.self) { try LLMConfiguration.resolve(.init(baseURL: "ftp://x"), environment: [:]) }
        #expect(throws: LLMError.self) { try LLMConfiguration.resolve(environment: ["YUHENG_LLM_TEMPERATURE": "warm"]) }
    }

    @Test("configured or not (for the server): a config file or YUHENG_LLM_BASE_URL names a model; nothing does not")
    func configuredOrNot() throws {
        let home = TestEnv.root.appendingPathComponent("config-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("yuheng"), withIntermediateDirectories: true)
        #expect(try LLMConfiguration.resolveIfConfigured(environment: ["XDG_CONFIG_HOME": home.path]) == nil)
        let byEnv = try #require(
            try LLMConfiguration.resolveIfConfigured(environment: [
                "XDG_CONFIG_HOME": home.path, "YUHENG_LLM_BASE_URL": "http://127.0.0.1:9/v1", "YUHENG_LLM_MODEL": "m"
            ]))
        #expect(byEnv.baseURL == "http://127.0.0.1:9/v1" && byEnv.model == "m")
        try #"{"base_url": "http://file:2/v1", "model": "from-file"}"#.write(
            to: home.appendingPathComponent("yuheng/llm.json"), atomically: true, encoding: .utf8)
        let byFile = try #require(try LLMConfiguration.resolveIfConfigured(environment: ["XDG_CONFIG_HOME": home.path]))
        #expect(byFile.model == "from-file")
        // A YUHENG_CONFIG that cannot be read is an error, not "no model".
        #expect(throws: LLMError.self) {
            try LLMConfiguration.resolveIfConfigured(environment: ["YUHENG_CONFIG": home.appendingPathComponent("missing.json").path])
        }
    }

    @Test("connection refused fails quickly with a clear message")
    func unreachable() async throws {
        let c = LLMConfiguration(baseURL: "http://127.0.0.1:1/v1", retries: 2, backoffSeconds: 0.05)
        let start = Date()
        do {
            _ = try await OpenAICompatibleClient(configuration: c).complete(ChatRequest(messages: [.user("hi")]), onEvent: nil)
            Issue.record("expected an error")
        } catch let e as LLMError {
            #expect(e.code == .unreachable)
            #expect(e.description.contains("cannot reach the model server at http://127.0.0.1:1/v1"))
            #expect(e.description.contains("--base-url"))
        }
        #expect(
            Date().timeIntervalSince(start) < 240,
            "connection refused must fail without hanging (retries with backoff only; generous: a loaded machine delays the continuation, not the failure)"
        )
    }

    @Test("HTTP 401 says to check the API key; 503 is retried")
    func statuses() async throws {
        let s = try ScriptedLLMServer([.status(401, #"{"error":{"message":"Invalid API key"}}"#)])
        do {
            _ = try await OpenAICompatibleClient(configuration: TestEnv.config(s)).complete(ChatRequest(messages: [.user("hi")]), onEvent: nil)
            Issue.record("expected an error")
        } catch let e as LLMError {
            #expect(e.code == .unauthorized)
            #expect(e.description.contains("check the API key"))
        }
        #expect(s.requests.first?.authorization == "Bearer test-key")
        let r = try ScriptedLLMServer([.status(503, #"{"error":{"message":"loading model"}}"#), .text("hello there")])
        let c = try await OpenAICompatibleClient(configuration: TestEnv.config(r)).complete(ChatRequest(messages: [.user("hi")]), onEvent: nil)
        #expect(c.message.content == "hello there")
        #expect(r.requests.count == 2)
        #expect(r.requests[0].path == "/v1/chat/completions")
    }

    @Test("streaming delivers content deltas as they arrive")
    func streaming() async throws {
        let s = try ScriptedLLMServer([.text("Production-based CO2 is larger than consumption-based CO2.")])
        let parts = LockedStrings()
        let c = try await OpenAICompatibleClient(configuration: TestEnv.config(s)).complete(ChatRequest(messages: [.user("hi")])) { e in
            if case .content(let t) = e { parts.append(t) }
        }
        #expect(parts.values.count > 3)
        #expect(parts.values.joined() == c.message.content)
        #expect(s.requests[0].body["stream"] == true)
    }
}

final class LockedStrings: @unchecked Sendable {
    private let lock = NSLock()
    private var v: [String] = []
    func append(_ s: String) { lock.lock(); v.append(s); lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return v }
}
