import Foundation

/// A tool call a model asked for. `arguments` is the raw JSON text the model wrote (it may be malformed).
public struct ToolCall: Sendable, Hashable, Codable {
    /// The call's id, echoed by the `tool` message that answers it (e.g. "call_1").
    public var id: String
    /// Name of the tool called, e.g. "lca_calculate".
    public var name: String
    /// The arguments as JSON text, exactly as the model wrote them.
    public var arguments: String

    /// A tool call.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// One message of a chat.
public struct ChatMessage: Sendable, Hashable {
    /// Who speaks: the system prompt, the user, the model (assistant) or a tool's answer.
    public enum Role: String, Sendable, Codable { case system, user, assistant, tool }
    /// Who the message is from.
    public var role: Role
    /// The text; nil for an assistant message that only calls tools.
    public var content: String?
    /// Tool calls of an assistant message (empty otherwise).
    public var toolCalls: [ToolCall]
    /// For `tool` messages: the call answered.
    public var toolCallID: String?
    /// For `tool` messages: the tool's name (some servers want it).
    public var name: String?

    /// A message; tool calls and the tool fields default to none.
    public init(role: Role, content: String?, toolCalls: [ToolCall] = [], toolCallID: String? = nil, name: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
    }

    /// A system prompt.
    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    /// A user's message.
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    /// A model's reply: text and/or tool calls.
    public static func assistant(_ text: String?, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, toolCalls: toolCalls)
    }
    /// A tool's answer (usually a result envelope or error as JSON text) to call `callID` of tool `name`.
    public static func tool(_ text: String, callID: String, name: String) -> ChatMessage {
        ChatMessage(role: .tool, content: text, toolCallID: callID, name: name)
    }

    /// The OpenAI wire format. An assistant message with tool calls carries `""` as content, never
    /// null (llama.cpp rejects null next to tool_calls).
    public var wire: JSON {
        var o: [String: JSON] = ["role": .string(role.rawValue)]
        if !toolCalls.isEmpty {
            o["content"] = .string(content ?? "")
            o["tool_calls"] = .array(
                toolCalls.map { c in
                    ["id": .string(c.id), "type": "function", "function": ["name": .string(c.name), "arguments": .string(c.arguments)]]
                })
        } else {
            o["content"] = .string(content ?? "")
        }
        if let id = toolCallID { o["tool_call_id"] = .string(id) }
        if let n = name, role == .tool { o["name"] = .string(n) }
        return .object(o)
    }
}

/// Which tool the model must or may call. OpenAI-compatible servers differ: llama.cpp accepts only
/// "auto" or a named function ("required" gives HTTP 500), so those are the only two choices.
public enum ToolChoice: Sendable, Hashable {
    case auto
    case function(String)

    /// The OpenAI `tool_choice` value: "auto" or `{type: function, function: {name}}`.
    public var wire: JSON {
        switch self {
        case .auto: return "auto"
        case .function(let n): return ["type": "function", "function": ["name": .string(n)]]
        }
    }
}

/// A chat-completions request.
public struct ChatRequest: Sendable {
    /// The conversation so far, system prompt first.
    public var messages: [ChatMessage]
    /// Tools in the OpenAI format (see ``ToolRegistry/openAITools``).
    public var tools: [JSON]
    /// Which tool the model must or may call; nil sends "auto" whenever tools are given.
    public var toolChoice: ToolChoice?
    /// Sampling temperature; nil uses the configuration's default (or the server's).
    public var temperature: Double?
    /// Most tokens the reply may have; nil uses the configuration's default (or the server's).
    public var maxTokens: Int?
    /// Overrides the configuration's `stream` for this request.
    public var stream: Bool?
    /// Sampling seed, sent as `seed` (servers that support it make sampling reproducible).
    public var seed: Int?
    /// Sent as `response_format` (e.g. `{type: json_schema, json_schema: {...}}`).
    public var responseFormat: JSON?

    /// A request; seed and response format are set afterwards when needed.
    public init(
        messages: [ChatMessage], tools: [JSON] = [], toolChoice: ToolChoice? = nil, temperature: Double? = nil, maxTokens: Int? = nil,
        stream: Bool? = nil
    ) {
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.stream = stream
    }

    func body(model: String, stream: Bool, defaultTemperature: Double?, defaultMaxTokens: Int?) -> JSON {
        var o: [String: JSON] = ["model": .string(model), "messages": .array(messages.map(\.wire)), "stream": .bool(stream)]
        if !tools.isEmpty {
            o["tools"] = .array(tools)
            o["tool_choice"] = (toolChoice ?? .auto).wire
        }
        if let t = temperature ?? defaultTemperature { o["temperature"] = .number(t) }
        if let m = maxTokens ?? defaultMaxTokens { o["max_tokens"] = .number(Double(m)) }
        if stream { o["stream_options"] = ["include_usage": true] }
        if let s = seed { o["seed"] = .number(Double(s)) }
        if let f = responseFormat { o["response_format"] = f }
        return .object(o)
    }
}

/// Token counts reported by the server.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// Tokens of the prompt (all messages and tool schemas).
    public var promptTokens: Int
    /// Tokens of the reply.
    public var completionTokens: Int
    /// Prompt and reply tokens together.
    public var total: Int { promptTokens + completionTokens }
    /// Token counts (0 when the server reports none).
    public init(promptTokens: Int = 0, completionTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}

/// The model's reply.
public struct ChatCompletion: Sendable {
    /// The reply: text and/or tool calls.
    public var message: ChatMessage
    /// Why the model stopped, as the server says: "stop", "tool_calls", "length", ...; nil when not reported.
    public var finishReason: String?
    /// Token counts; nil when the server reports none.
    public var usage: TokenUsage?
    /// The model that answered, as the server names it.
    public var model: String?

    /// A completion.
    public init(message: ChatMessage, finishReason: String? = nil, usage: TokenUsage? = nil, model: String? = nil) {
        self.message = message
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
    }
}

/// Something that arrived while a reply was streamed.
public enum StreamEvent: Sendable {
    /// Text of the answer.
    case content(String)
    /// A tool call began (name known).
    case toolCallStarted(index: Int, name: String)
    /// Part of a tool call's arguments.
    case toolCallArguments(index: Int, fragment: String)
}

/// A chat model: a real server (``OpenAICompatibleClient``) or anything that answers like one.
public protocol ChatModel: Sendable {
    var modelName: String { get }
    func complete(_ request: ChatRequest, onEvent: (@Sendable (StreamEvent) -> Void)?) async throws -> ChatCompletion
}

/// Assembles a streamed reply: content deltas and tool calls whose id, name and arguments arrive
/// in pieces across chunks (keyed by `index`).
public struct StreamAssembler: Sendable {
    /// The answer's text so far.
    public var content = ""
    /// Why the model stopped, once the last chunk said.
    public var finishReason: String?
    /// Token counts, when a chunk reported them (`stream_options.include_usage`).
    public var usage: TokenUsage?
    /// The model that answered, as the chunks name it.
    public var model: String?
    var calls: [Int: (id: String, name: String, arguments: String)] = [:]
    var order: [Int] = []
    /// Whether `[DONE]` arrived.
    public private(set) var done = false

    /// An empty assembler, ready for the first chunk.
    public init() {}

    /// Feeds one SSE `data:` payload; returns the events it produced.
    public mutating func feed(_ payload: String) throws -> [StreamEvent] {
        let p = payload.trimmingCharacters(in: .whitespaces)
        if p == "[DONE]" { done = true; return [] }
        if p.isEmpty { return [] }
        let j: JSON
        do { j = try JSON.parse(p) } catch {
            throw LLMError(.badResponse, "the model server sent a stream chunk that is not JSON: \(String(p.prefix(120)))")
        }
        if let err = j["error"] {
            throw LLMError(.badResponse, "the model server reported an error in the stream: \(err["message"]?.stringValue ?? err.text())")
        }
        if let m = j["model"]?.stringValue { model = m }
        if let u = j["usage"], let pt = u["prompt_tokens"]?.intValue {
            usage = TokenUsage(promptTokens: pt, completionTokens: u["completion_tokens"]?.intValue ?? 0)
        }
        var events: [StreamEvent] = []
        guard let choice = j["choices"]?[0] else { return events }
        if let f = choice["finish_reason"]?.stringValue { finishReason = f }
        // Some servers send a whole `message` instead of a `delta` in the last chunk.
        let delta = choice["delta"] ?? choice["message"] ?? .null
        if let c = delta["content"]?.stringValue, !c.isEmpty {
            content += c
            events.append(.content(c))
        }
        for (pos, tc) in (delta["tool_calls"]?.arrayValue ?? []).enumerated() {
            let index = tc["index"]?.intValue ?? pos
            if calls[index] == nil { calls[index] = ("", "", ""); order.append(index) }
            if let id = tc["id"]?.stringValue, !id.isEmpty { calls[index]!.id = id }
            if let n = tc["function"]?["name"]?.stringValue, !n.isEmpty {
                let started = calls[index]!.name.isEmpty
                calls[index]!.name += n
                if started { events.append(.toolCallStarted(index: index, name: calls[index]!.name)) }
            }
            if let a = tc["function"]?["arguments"] {
                // Arguments are a string of JSON; a few servers send an object.
                let frag = a.stringValue ?? a.text()
                if !frag.isEmpty {
                    calls[index]!.arguments += frag
                    events.append(.toolCallArguments(index: index, fragment: frag))
                }
            }
        }
        return events
    }

    /// The tool calls assembled so far, in the order they began; a call without an id gets "call_N".
    public var toolCalls: [ToolCall] {
        order.enumerated().map { n, i in
            let c = calls[i]!
            return ToolCall(id: c.id.isEmpty ? "call_\(n + 1)" : c.id, name: c.name, arguments: c.arguments)
        }
    }

    /// The reply assembled so far as a completion (as the non-streamed answer would be).
    public var completion: ChatCompletion {
        ChatCompletion(
            message: .assistant(content.isEmpty && !toolCalls.isEmpty ? "" : content, toolCalls: toolCalls),
            finishReason: finishReason, usage: usage, model: model)
    }

    /// Parses a non-streamed chat-completions response body.
    public static func parseResponse(_ j: JSON) throws -> ChatCompletion {
        if let err = j["error"] {
            throw LLMError(.badResponse, "the model server reported an error: \(err["message"]?.stringValue ?? err.text())")
        }
        guard let choice = j["choices"]?[0], let msg = choice["message"] else {
            throw LLMError(.badResponse, "the model server's response has no choices[0].message: \(String(j.text().prefix(200)))")
        }
        var calls: [ToolCall] = []
        for (n, tc) in (msg["tool_calls"]?.arrayValue ?? []).enumerated() {
            let a = tc["function"]?["arguments"]
            calls.append(
                ToolCall(
                    id: tc["id"]?.stringValue ?? "call_\(n + 1)", name: tc["function"]?["name"]?.stringValue ?? "",
                    arguments: a?.stringValue ?? a?.text() ?? ""))
        }
        var usage: TokenUsage? = nil
        if let u = j["usage"], let pt = u["prompt_tokens"]?.intValue {
            usage = TokenUsage(promptTokens: pt, completionTokens: u["completion_tokens"]?.intValue ?? 0)
        }
        return ChatCompletion(
            message: .assistant(msg["content"]?.stringValue ?? "", toolCalls: calls), finishReason: choice["finish_reason"]?.stringValue,
            usage: usage, model: j["model"]?.stringValue)
    }
}
