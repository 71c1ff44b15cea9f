import Foundation
import Testing
import YuhengAgentsTesting
import YuhengTestSupport
@testable import YuhengAgents

/// The harness against the scripted OpenAI-compatible server (real HTTP on loopback).
@Suite("evaluation harness", .serialized)
struct EvaluationHarnessTests {
    static func testSet() throws -> EvalSet {
        let dir = TestEnv.root.appendingPathComponent("eval-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("set.yaml")
        try EvalScript.setYAML.write(to: file, atomically: true, encoding: .utf8)
        return try EvalSet.load([file.path])
    }

    static func run(_ plans: [String: EvalScript.Plan], concurrency: Int = 3) async throws -> ([EvalQuestionScore], EvalSummary) {
        _ = TestEnv.database
        let set = try testSet()
        let s = try ScriptedLLMServer([], fallback: EvalScript.reply(plans))
        let facts = try await FactResolver(context: TestEnv.context).resolveAll(set.questions)
        let runner = EvalRunner(model: OpenAICompatibleClient(configuration: TestEnv.config(s)), context: TestEnv.context, concurrency: concurrency)
        let (scores, traces) = await runner.run(set.questions, facts: facts)
        #expect(traces.map(\.questionID) == set.questions.map(\.id))
        #expect(s.requests.allSatisfy { $0.body["temperature"] == 0 && $0.body["seed"] == 42 })
        return (scores, EvalSummary(scores))
    }

    @Test("a scripted model that does everything right scores 100 %")
    func good() async throws {
        let (scores, s) = try await Self.run(EvalScript.good)
        #expect(scores.allSatisfy { $0.passed }, "\(scores.filter { !$0.passed }.map { "\($0.id): \($0.failures)" })")
        #expect(s.passRate == 1 && s.routingAccuracy == 1 && s.toolSelectionAccuracy == 1 && s.argumentAccuracy == 1 && s.factAccuracy == 1)
        #expect(s.groundingViolations == 0 && s.refusalsExpected == 1 && s.refusalsCorrect == 1 && s.errors == 0)
        #expect(s.promptTokens > 0 && s.completionTokens > 0)
    }

    @Test("a scripted model with known mistakes scores exactly what they cost")
    func bad() async throws {
        let (scores, s) = try await Self.run(EvalScript.bad)
        let by = Dictionary(uniqueKeysWithValues: scores.map { ($0.id, $0) })
        // Invented number: everything right but one grounding violation.
        #expect(by["t-cba"]?.factAccuracy == 1 && by["t-cba"]?.groundingViolations == 1 && by["t-cba"]?.argumentAccuracy == 1)
        // Wrong argument (factor 1.2 for +10 %): the right tool, the wrong arguments, so the fact is missing.
        #expect(by["t-shock"]?.toolSelection == 1 && by["t-shock"]?.argumentAccuracy == 0 && by["t-shock"]?.factAccuracy == 0)
        #expect(by["t-shock"]?.groundingViolations == 0)
        // Wrong tool.
        #expect(by["t-sink"]?.toolSelection == 0 && by["t-sink"]?.argumentAccuracy == nil && by["t-sink"]?.factAccuracy == 0)
        // A number instead of a refusal.
        #expect(by["t-refuse"]?.observedBehaviour == "answer" && by["t-refuse"]?.groundingViolations == 1)
        // Wrong route.
        #expect(by["t-route"]?.routingCorrect == false && by["t-route"]?.routedAgent == "natural" && by["t-route"]?.behaviourCorrect == true)
        #expect(s.passRate == 0)
        #expect(s.routingAccuracy == 0.8)
        #expect(s.toolSelectionAccuracy == 2.0 / 3.0)
        #expect(s.argumentAccuracy == 0.5)
        #expect(s.factAccuracy == 1.0 / 3.0)
        #expect(s.groundingViolations == 2 && s.runsWithGroundingViolations == 2)
        #expect(s.refusalsCorrect == 0 && s.refusalsExpected == 1 && s.behaviourAccuracy == 0.8)
    }

    @Test("the harness is deterministic: the same scores whatever the concurrency")
    func deterministic() async throws {
        let (a, _) = try await Self.run(EvalScript.bad, concurrency: 1)
        let (b, _) = try await Self.run(EvalScript.bad, concurrency: 5)
        func strip(_ s: [EvalQuestionScore]) -> [EvalQuestionScore] {
            s.map {
                var x = $0; x.latencySeconds = 0; return x
            }
        }
        #expect(strip(a) == strip(b))
    }
}

/// Structured outputs: probed once per endpoint, strict tools when accepted, a clean fallback when refused.
@Suite("structured outputs")
struct StructuredOutputsTests {
    static let request = ChatRequest(
        messages: [.user("hi")],
        tools: [["type": "function", "function": ["name": "get_gwp", "parameters": ["type": "object", "properties": ["set": ["type": "string"]]]]]],
        stream: false)

    static func client(_ s: ScriptedLLMServer) -> OpenAICompatibleClient { OpenAICompatibleClient(configuration: TestEnv.config(s, stream: false)) }

    @Test("a server that accepts json_schema is probed once and gets strict tools")
    func accepted() async throws {
        let s = try ScriptedLLMServer([], fallback: .dynamic { b in b["response_format"] != nil ? .text(#"{"ok": true}"#) : .text("done") })
        let cache = StructuredOutputsCache()
        let m = StructuredOutputsModel(Self.client(s), endpoint: s.baseURL, cache: cache)
        _ = try await m.complete(Self.request, onEvent: nil)
        _ = try await StructuredOutputsModel(Self.client(s), endpoint: s.baseURL, cache: cache).complete(Self.request, onEvent: nil)
        let r = s.requests
        #expect(r.count == 3)
        #expect(r[0].body["response_format"]?["type"] == "json_schema")
        #expect(r[1].body["tools"]?[0]?["function"]?["strict"] == true)
        #expect(r[1].body["tools"]?[0]?["function"]?["parameters"]?["properties"]?["set"]?["type"] == ["string", "null"])
        #expect(r[2].body["tools"]?[0]?["function"]?["strict"] == true)
        #expect(await cache.answer(s.baseURL) == true)
    }

    @Test("a server that refuses json_schema (HTTP 400) gets plain tools")
    func refused() async throws {
        let s = try ScriptedLLMServer(
            [],
            fallback: .dynamic { b in
                b["response_format"] != nil
                    ? .status(400, #"{"error": {"message": "Unrecognized request argument supplied: response_format"}}"#) : .text("done")
            })
        let cache = StructuredOutputsCache()
        let c = try await StructuredOutputsModel(Self.client(s), endpoint: s.baseURL, cache: cache).complete(Self.request, onEvent: nil)
        #expect(c.message.content == "done")
        let r = s.requests
        #expect(r.count == 2)
        #expect(r[1].body["tools"]?[0]?["function"]?["strict"] == nil)
        #expect(await cache.answer(s.baseURL) == false)
    }

    @Test("a request refused for its strict tools is retried without, and the endpoint remembered")
    func fallback() async throws {
        let s = try ScriptedLLMServer(
            [],
            fallback: .dynamic { b in
                b["tools"]?[0]?["function"]?["strict"] != nil
                    ? .status(400, #"{"error": {"message": "tools[0].function.strict is not supported"}}"#) : .text("done")
            })
        let cache = StructuredOutputsCache()
        let m = StructuredOutputsModel(Self.client(s), endpoint: s.baseURL, mode: .on, cache: cache)
        #expect(try await m.complete(Self.request, onEvent: nil).message.content == "done")
        #expect(try await m.complete(Self.request, onEvent: nil).message.content == "done")
        let strict = s.requests.map { $0.body["tools"]?[0]?["function"]?["strict"] != nil }
        #expect(strict == [true, false, false])
        #expect(await cache.answer(s.baseURL) == false)
    }
}
