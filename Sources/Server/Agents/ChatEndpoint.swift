import Foundation
import Hummingbird
import YuhengAgents
import YuhengCore

/// `POST /api/chat`: one turn of a conversation with Yuheng's agents — the ``Assistant`` that
/// `yuheng ask` and `yuheng chat` use (router, specialists, tools, grounding) — streamed as
/// server-sent events.
///
/// Request: `{"message": "...", "history": [{"role": "user"|"assistant", "content": "..."}]?, "agent": "trade"?}`
/// (`agent` skips the router: trade, lca, uncertainty, natural, industrial).
///
/// Response: `text/event-stream`, one `event: NAME` / `data: {JSON}` block per event, in order:
///
/// | event | data |
/// |---|---|
/// | `start` | `{model, agent}` (agent: the one asked for, or null) |
/// | `routed` | `{agent, reason, method}` — which specialist answers and why (method: model, keywords, forced) |
/// | `tool_call` | `{name, arguments}` |
/// | `tool_result` | `{tool, arguments, result, summary, duration_s, error, step}` (result: `{result, units, provenance}` or the error) |
/// | `content` | `{text}` — a piece of the model's reply as it streams |
/// | `note` | `{text}` — e.g. a retry or a limit reached |
/// | `answer` | `{answer, agent, model, stop_reason, steps, tokens, files, routing, grounding: {supported, unsupported, ignored}, citations: [{dataset_id, version, source, licence, tools}]}` |
/// | `error` | `{code, message}` — the turn failed (e.g. `llm.unreachable`) |
/// | `end` | `{status}` — the stop reason, or `error`; always the last event |
///
/// Without a configured model the answer is 503 with `{"error": {code: "llm.notConfigured", message, configure: {…}}}`.
struct ChatEndpoint {
    let state: ServerState
    let runtime: ServerRuntime
    let maxBodySize: Int

    static let maxMessageCharacters = 8_000
    static let maxHistoryTurns = 40
    static let maxTurnCharacters = 16_000

    struct Input: Decodable {
        var message: String
        var history: [Turn]?
        var agent: String?
    }

    struct Turn: Decodable {
        var role: String
        var content: String
    }

    func respond(_ req: Request) async throws -> Response {
        if let e = runtime.originPolicy.check(req) { throw e }
        let config: LLMConfiguration
        switch state.llm {
        case .configured(let c): config = c
        case .notConfigured: return ChatSetup.unavailable(code: "llm.notConfigured", "No language model is configured for the chat")
        case .invalid(let why):
            return ChatSetup.unavailable(code: "llm.invalidConfiguration", "The language model configuration cannot be used: \(why)")
        }
        let data = try await req.bodyData(limit: maxBodySize)
        guard !data.isEmpty else {
            throw APIError(.badRequest, code: "request.emptyBody", "the request needs a JSON body {message, history?, agent?}", field: "message")
        }
        let input = try JSONInput.decode(Input.self, from: data)
        let (question, history, agent) = try Self.validate(input)

        let assistant = Assistant(model: OpenAICompatibleClient(configuration: config), context: state.toolContext, limits: AgentLimits(config))
        let runtime = self.runtime
        let body = ResponseBody { writer in
            let (stream, events) = AsyncStream<ByteBuffer>.makeStream()
            // On the server's agent threads: the tools query and compute synchronously.
            let turn = Task(executorPreference: state.agentThreads) {
                await Self.run(assistant, question: question, history: history, agent: agent, model: config.model, events: events)
                events.finish()
            }
            // A server that stops ends the turn; a client that goes away ends it too (the write throws).
            let key = runtime.started { turn.cancel() }
            if key == nil { turn.cancel() }
            defer {
                turn.cancel()
                if let key { runtime.finished(key) }
            }
            for await chunk in stream { try await writer.write(chunk) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"], body: body)
    }

    /// Checks the request: a non-empty message, known roles in the history, a known agent.
    static func validate(_ input: Input) throws -> (String, [ChatMessage], String?) {
        let question = input.message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw APIError(.badRequest, code: "chat.emptyMessage", "the message is empty", field: "message") }
        guard question.count <= maxMessageCharacters else {
            throw APIError(
                .badRequest, code: "chat.messageTooLong", "the message has \(question.count) characters; the limit is \(maxMessageCharacters)",
                field: "message")
        }
        let turns = input.history ?? []
        guard turns.count <= maxHistoryTurns else {
            throw APIError(
                .badRequest, code: "chat.historyTooLong",
                "the history has \(turns.count) turns; the limit is \(maxHistoryTurns) (send the latest ones)", field: "history")
        }
        let history = try turns.enumerated().map { k, t -> ChatMessage in
            guard t.content.count <= maxTurnCharacters else {
                throw APIError(
                    .badRequest, code: "chat.historyTooLong", "turn \(k) of the history has more than \(maxTurnCharacters) characters",
                    field: "history")
            }
            switch t.role {
            case "user": return .user(t.content)
            case "assistant": return .assistant(t.content)
            default:
                throw APIError(
                    .badRequest, code: "chat.invalidRole", "turn \(k) of the history has the role '\(t.role)'; use 'user' or 'assistant'",
                    field: "history")
            }
        }
        var agent: String? = nil
        if let a = input.agent?.trimmingCharacters(in: .whitespaces), !a.isEmpty, a.lowercased() != "auto" {
            guard let spec = Specialists.named(a) else {
                throw APIError(
                    .badRequest, code: "chat.unknownAgent",
                    "unknown agent '\(a)'; agents: \(Specialists.all.map(\.name).joined(separator: ", ")) (or auto)", field: "agent")
            }
            agent = spec.name
        }
        return (question, history, agent)
    }

    /// Runs one turn, writing its events; never throws (failures become an `error` event).
    static func run(
        _ assistant: Assistant, question: String, history: [ChatMessage], agent: String?, model: String,
        events: AsyncStream<ByteBuffer>.Continuation
    ) async {
        events.yield(sse("start", ["model": .string(model), "agent": .str(agent)]))
        do {
            let answer = try await assistant.ask(question, agent: agent, history: history) { e in
                let (name, data) = Self.event(e)
                events.yield(sse(name, data))
            }
            events.yield(sse("answer", Self.answer(answer)))
            events.yield(sse("end", ["status": .string(answer.stopReason.rawValue)]))
        } catch is CancellationError {
            events.yield(sse("end", ["status": "cancelled"]))
        } catch {
            let code: String, message: String
            if let e = error as? LLMError {
                code = "llm.\(e.code.rawValue)"
                message = e.description
            } else {
                let e = APIError.from(error)
                code = e.code
                message = e.message
            }
            events.yield(sse("error", ["code": .string(code), "message": .string(message)]))
            events.yield(sse("end", ["status": "error"]))
        }
    }

    /// One SSE block. The JSON is written on one line (newlines inside strings are escaped).
    static func sse(_ event: String, _ data: JSON) -> ByteBuffer {
        ByteBuffer(string: "event: \(event)\ndata: \(data.text())\n\n")
    }

    /// The name and data of an agent event.
    static func event(_ e: AgentEvent) -> (String, JSON) {
        switch e {
        case .routed(let d): return ("routed", ["agent": .string(d.agent), "reason": .string(d.reason), "method": .string(d.method)])
        case .toolCall(let name, let arguments):
            return ("tool_call", ["name": .string(name), "arguments": (try? JSON.parse(arguments)) ?? .string(arguments)])
        case .toolResult(let t): return ("tool_result", t.json)
        case .content(let text): return ("content", ["text": .string(text)])
        case .note(let text): return ("note", ["text": .string(text)])
        }
    }

    /// The final answer as `yuheng ask --json` reports it, without the trace (its calls and results
    /// were streamed) and with the datasets the tool results cite.
    static func answer(_ a: AgentAnswer) -> JSON {
        var o = a.json.objectValue ?? [:]
        o["trace"] = nil
        o["citations"] = .array(citations(a.trace))
        return .object(o)
    }

    /// The datasets behind the tool results (their `provenance`), each once, with the tools that used it.
    static func citations(_ trace: [TraceEntry]) -> [JSON] {
        var order: [String] = []
        var entries: [String: (JSON, [String])] = [:]
        for t in trace {
            for p in t.result["provenance"]?.arrayValue ?? [] {
                guard let id = p["dataset_id"]?.stringValue else { continue }
                let key = id + "|" + (p["version"]?.stringValue ?? "")
                if entries[key] == nil { order.append(key); entries[key] = (p, []) }
                if !(entries[key]!.1.contains(t.tool)) { entries[key]!.1.append(t.tool) }
            }
        }
        return order.map { key in
            let (p, tools) = entries[key]!
            var o = p.objectValue ?? [:]
            o["tools"] = .array(tools.map { .string($0) })
            return .object(o)
        }
    }
}

/// What a user must configure for the chat, for the 503 answer and the chat page.
enum ChatSetup {
    /// The variables the server reads, with what they mean.
    static let environment: [(name: String, meaning: String)] = [
        (
            "YUHENG_LLM_BASE_URL",
            "OpenAI-compatible base URL ending in /v1, e.g. http://127.0.0.1:8081/v1 (llama.cpp) or http://127.0.0.1:11434/v1 (Ollama)"
        ),
        ("YUHENG_LLM_MODEL", "the model name sent to that server"),
        ("YUHENG_LLM_API_KEY", "an API key, if the server needs one"),
        ("YUHENG_CONFIG", "another path for the configuration file")
    ]

    /// The configuration file the server reads (as `yuheng ask`).
    static var configFile: String { LLMConfiguration.configFilePath(environment: ProcessInfo.processInfo.environment) }

    /// An example configuration file.
    static let example = #"{"base_url": "http://127.0.0.1:11434/v1", "model": "qwen2.5:7b", "api_key": null}"#

    /// The 503 answer: the error envelope with what to configure.
    static func unavailable(code: String, _ message: String) -> Response {
        struct Configure: Encodable {
            let config_file: String
            let config_file_example: String
            let environment: [String: String]
            let then: String
        }
        struct Body: Encodable { let code: String; let message: String; let configure: Configure }
        struct Envelope: Encodable { let error: Body }
        let configure = Configure(
            config_file: configFile, config_file_example: example,
            environment: Dictionary(uniqueKeysWithValues: environment.map { ($0.name, $0.meaning) }),
            then: "restart yuheng serve")
        let text =
            "\(message). Write \(configFile) (e.g. \(example)) or set YUHENG_LLM_BASE_URL and YUHENG_LLM_MODEL (and YUHENG_LLM_API_KEY if needed), then restart yuheng serve."
        return JSONResponse.make(Envelope(error: Body(code: code, message: text, configure: configure)), status: .serviceUnavailable)
    }
}
