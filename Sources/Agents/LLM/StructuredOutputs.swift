import Foundation

/// Whether to send tools' JSON schemas as structured outputs (OpenAI `strict` tools; servers with
/// `response_format: json_schema` constrain the arguments to the schema): `auto` probes the server
/// once, `on` sends them without probing, `off` never.
public enum StructuredOutputsMode: String, Sendable, CaseIterable {
    case auto, on, off
}

/// What a server said about structured outputs, per base URL, probed once per process.
public actor StructuredOutputsCache {
    /// The cache shared by every client of the process.
    public static let shared = StructuredOutputsCache()
    var known: [String: Task<Bool, Error>] = [:]

    /// An empty cache (tests use their own).
    public init() {}

    /// The cached answer for `key`, or the probe's (run once even when several callers ask at the same time).
    /// A probe that fails for any reason other than an HTTP 4xx is not cached.
    public func supports(_ key: String, probe: @escaping @Sendable () async throws -> Bool) async throws -> Bool {
        if let t = known[key] { return try await t.value }
        let t = Task { try await probe() }
        known[key] = t
        do { return try await t.value } catch {
            known[key] = nil
            throw error
        }
    }

    /// Records an answer (a server that refused structured outputs in a real request).
    public func record(_ key: String, _ value: Bool) {
        known[key] = Task { value }
    }

    /// The recorded answer for `key`, if any probe has finished.
    public func answer(_ key: String) async -> Bool? {
        guard let t = known[key] else { return nil }
        return try? await t.value
    }
}

/// The schemas of structured outputs.
public enum StrictSchema {
    /// A JSON schema in the form OpenAI's `strict` mode requires: every property listed in
    /// `required`, optional ones nullable (`type: [T, "null"]`, `null` added to an `enum`), no
    /// additional properties; nested objects and array items alike. A model then sends `null` for a
    /// field it leaves out, which the tools read as absent.
    public static func strict(_ schema: JSON) -> JSON {
        guard case .object(var o) = schema else { return schema }
        if let items = o["items"] { o["items"] = strict(items) }
        guard o["type"] == "object", case .object(let props)? = o["properties"] else { return .object(o) }
        let required = Set((o["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        var out: [String: JSON] = [:]
        for (k, v) in props {
            var p = strict(v)
            if !required.contains(k), case .object(var po) = p {
                if let t = po["type"]?.stringValue { po["type"] = [.string(t), "null"] }
                if case .array(let e)? = po["enum"] { po["enum"] = .array(e + [.null]) }
                p = .object(po)
            }
            out[k] = p
        }
        o["properties"] = .object(out)
        o["required"] = .array(props.keys.sorted().map { .string($0) })
        o["additionalProperties"] = false
        return .object(o)
    }

    /// An OpenAI `tools` entry with `strict: true` and its parameters in strict form.
    public static func strictTool(_ tool: JSON) -> JSON {
        guard case .object(var t) = tool, case .object(var f)? = t["function"] else { return tool }
        if let p = f["parameters"] { f["parameters"] = strict(p) }
        f["strict"] = true
        t["function"] = .object(f)
        return .object(t)
    }

    /// The tiny request that asks whether a server accepts `response_format: json_schema`.
    public static var probeRequest: ChatRequest {
        let schema: JSON = ["type": "object", "properties": ["ok": ["type": "boolean"]], "required": ["ok"], "additionalProperties": false]
        var r = ChatRequest(messages: [.user("Reply with the JSON object {\"ok\": true}.")], temperature: 0, maxTokens: 16, stream: false)
        r.responseFormat = ["type": "json_schema", "json_schema": ["name": "probe", "strict": true, "schema": schema]]
        return r
    }

    /// Whether an error is a server refusing structured outputs: HTTP 400 or 422 naming
    /// `strict`, `json_schema` or `response_format`.
    public static func isRefusal(_ error: Error) -> Bool {
        guard let e = error as? LLMError, e.code == .httpStatus, let s = e.status, s == 400 || s == 422 else { return false }
        let m = e.message.lowercased()
        return ["strict", "json_schema", "response_format", "structured"].contains { m.contains($0) }
    }
}

/// A chat model that sends tools as structured outputs when its server accepts them: it probes the
/// server once per base URL (``StructuredOutputsCache``), sends every tool with `strict: true` and its
/// schema in strict form, and when a real request is refused for it (HTTP 400 naming the field)
/// records that and retries the same request without.
public struct StructuredOutputsModel: ChatModel {
    /// The wrapped model.
    public let base: ChatModel
    /// The cache key: the server's base URL.
    public let endpoint: String
    /// auto, on or off.
    public let mode: StructuredOutputsMode
    /// Where the servers' answers are kept.
    public let cache: StructuredOutputsCache

    /// Wraps `base` (whose server is at `endpoint`).
    public init(_ base: ChatModel, endpoint: String, mode: StructuredOutputsMode = .auto, cache: StructuredOutputsCache = .shared) {
        self.base = base
        self.endpoint = endpoint
        self.mode = mode
        self.cache = cache
    }

    /// The wrapped model's name.
    public var modelName: String { base.modelName }

    /// Whether structured outputs are in use for this endpoint (probing it in `auto` mode).
    public func enabled() async throws -> Bool {
        switch mode {
        case .off: return false
        case .on: return await cache.answer(endpoint) ?? true
        case .auto:
            return try await cache.supports(endpoint) { [base] in
                do {
                    _ = try await base.complete(StrictSchema.probeRequest, onEvent: nil)
                    return true
                } catch let e as LLMError where e.code == .httpStatus && (400..<500).contains(e.status ?? 0) {
                    return false
                }
            }
        }
    }

    /// Sends the request with strict tool schemas when the endpoint accepts structured outputs; when the server refuses them
    /// (HTTP 400 naming the field) records that and sends the request again unchanged. Without tools, the request goes as is.
    /// - Throws: the wrapped model's errors (``LLMError``).
    public func complete(_ request: ChatRequest, onEvent: (@Sendable (StreamEvent) -> Void)?) async throws -> ChatCompletion {
        guard !request.tools.isEmpty, try await enabled() else { return try await base.complete(request, onEvent: onEvent) }
        var strict = request
        strict.tools = request.tools.map(StrictSchema.strictTool)
        do {
            return try await base.complete(strict, onEvent: onEvent)
        } catch  where StrictSchema.isRefusal(error) {
            await cache.record(endpoint, false)
            return try await base.complete(request, onEvent: onEvent)
        }
    }
}
