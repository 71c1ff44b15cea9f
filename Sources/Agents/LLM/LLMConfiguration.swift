import Foundation
import YuhengCore

/// How to reach an OpenAI-compatible chat-completions server and how far agents may go.
///
/// Resolution order (later wins): defaults, the config file (`$YUHENG_CONFIG`, else
/// `~/.config/yuheng/llm.json`, `$XDG_CONFIG_HOME` respected), the environment
/// (`YUHENG_LLM_BASE_URL`, `YUHENG_LLM_MODEL`, `YUHENG_LLM_API_KEY`, `YUHENG_LLM_TEMPERATURE`,
/// `YUHENG_LLM_MAX_STEPS`), then command-line flags.
///
/// ```json
/// { "base_url": "http://127.0.0.1:11434/v1", "model": "qwen2.5:7b", "api_key": null,
///   "temperature": 0.1, "max_steps": 8, "timeout_s": 120, "wall_clock_s": 300, "retries": 2, "stream": true,
///   "max_response_bytes": 16000000 }
/// ```
public struct LLMConfiguration: Sendable, Codable, Equatable {
    /// Base URL ending in /v1 (…/chat/completions is appended).
    public var baseURL: String
    /// The model name sent with every request, e.g. "qwen2.5:7b" (the server decides what it means).
    public var model: String
    /// API key sent as `Authorization: Bearer …`; nil for local servers without authentication.
    public var apiKey: String?
    /// Sampling temperature (default 0.1); nil leaves it to the server.
    public var temperature: Double?
    /// Tool-loop steps per agent (model calls).
    public var maxSteps: Int
    /// Completion tokens per model call (sent as max_tokens).
    public var maxTokens: Int?
    /// Total prompt + completion tokens an agent may spend (when the server reports usage).
    public var tokenBudget: Int
    /// Seconds without data before a request fails.
    public var timeoutSeconds: Double
    /// Wall-clock seconds an agent's turn may run; also the most one model call may take, retries
    /// and streaming included (see ``OpenAICompatibleClient``).
    public var wallClockSeconds: Double
    /// Retries on 429, 5xx and connection errors (exponential backoff).
    public var retries: Int
    /// First backoff delay, doubled on every retry.
    public var backoffSeconds: Double
    /// Stream responses (SSE).
    public var stream: Bool
    /// The largest response accepted from the model server, in bytes; a larger one is refused.
    public var maxResponseBytes: Int

    /// The base URL used when the configuration names none: Ollama's default port (11434), which
    /// cannot collide with `yuheng serve` (8080 by default).
    public static let defaultBaseURL = "http://127.0.0.1:11434/v1"

    /// A configuration; the defaults reach a local server (Ollama's port) with model "local", 8 steps and a 300 s wall clock.
    public init(
        baseURL: String = LLMConfiguration.defaultBaseURL, model: String = "local", apiKey: String? = nil, temperature: Double? = 0.1,
        maxSteps: Int = 8, maxTokens: Int? = 1024, tokenBudget: Int = 60_000, timeoutSeconds: Double = 120, wallClockSeconds: Double = 300,
        retries: Int = 2, backoffSeconds: Double = 0.25, stream: Bool = true, maxResponseBytes: Int = 16_000_000
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.temperature = temperature
        self.maxSteps = maxSteps
        self.maxTokens = maxTokens
        self.tokenBudget = tokenBudget
        self.timeoutSeconds = timeoutSeconds
        self.wallClockSeconds = wallClockSeconds
        self.retries = retries
        self.backoffSeconds = backoffSeconds
        self.stream = stream
        self.maxResponseBytes = maxResponseBytes
    }

    enum CodingKeys: String, CodingKey {
        case model, temperature, retries, stream
        case baseURL = "base_url"
        case apiKey = "api_key"
        case maxSteps = "max_steps"
        case maxTokens = "max_tokens"
        case tokenBudget = "token_budget"
        case timeoutSeconds = "timeout_s"
        case wallClockSeconds = "wall_clock_s"
        case backoffSeconds = "backoff_s"
        case maxResponseBytes = "max_response_bytes"
    }

    /// Every key is optional in the file.
    public init(from decoder: Decoder) throws {
        let d = LLMConfiguration()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        baseURL = try c.decodeIfPresent(String.self, forKey: .baseURL) ?? d.baseURL
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? d.model
        apiKey = try c.decodeIfPresent(String.self, forKey: .apiKey)
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature) ?? d.temperature
        maxSteps = try c.decodeIfPresent(Int.self, forKey: .maxSteps) ?? d.maxSteps
        maxTokens = try c.decodeIfPresent(Int.self, forKey: .maxTokens) ?? d.maxTokens
        tokenBudget = try c.decodeIfPresent(Int.self, forKey: .tokenBudget) ?? d.tokenBudget
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? d.timeoutSeconds
        wallClockSeconds = try c.decodeIfPresent(Double.self, forKey: .wallClockSeconds) ?? d.wallClockSeconds
        retries = try c.decodeIfPresent(Int.self, forKey: .retries) ?? d.retries
        backoffSeconds = try c.decodeIfPresent(Double.self, forKey: .backoffSeconds) ?? d.backoffSeconds
        stream = try c.decodeIfPresent(Bool.self, forKey: .stream) ?? d.stream
        maxResponseBytes = try c.decodeIfPresent(Int.self, forKey: .maxResponseBytes) ?? d.maxResponseBytes
    }

    /// Values given on the command line (nil = not given).
    public struct Overrides: Sendable {
        /// Base URL given with `--base-url`.
        public var baseURL: String?
        /// Model name given with `--model`.
        public var model: String?
        /// API key given with `--api-key`.
        public var apiKey: String?
        /// Temperature given with `--temperature`.
        public var temperature: Double?
        /// Step limit given with `--max-steps`.
        public var maxSteps: Int?
        /// Streaming on or off as given on the command line.
        public var stream: Bool?
        /// Overrides; every value defaults to "not given".
        public init(
            baseURL: String? = nil, model: String? = nil, apiKey: String? = nil, temperature: Double? = nil, maxSteps: Int? = nil, stream: Bool? = nil
        ) {
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
            self.temperature = temperature
            self.maxSteps = maxSteps
            self.stream = stream
        }
    }

    /// The configuration file's path: `$YUHENG_CONFIG`, else `$XDG_CONFIG_HOME/yuheng/llm.json`, else `~/.config/yuheng/llm.json`.
    public static func configFilePath(environment: [String: String]) -> String {
        if let p = environment["YUHENG_CONFIG"], !p.isEmpty { return p }
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() as NSString).appendingPathComponent(".config")
        return (base as NSString).appendingPathComponent("yuheng/llm.json")
    }

    /// Resolves the configuration from the file, the environment and the flags.
    public static func resolve(_ overrides: Overrides = Overrides(), environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> LLMConfiguration
    {
        var c = LLMConfiguration()
        let path = configFilePath(environment: environment)
        if let data = FileManager.default.contents(atPath: path) {
            do { c = try JSONDecoder().decode(LLMConfiguration.self, from: data) } catch {
                throw LLMError(
                    .configuration, "the LLM configuration file \(path) is not valid JSON with the expected keys: \(error)",
                    suggestion:
                        "keys: base_url, model, api_key, temperature, max_steps, max_tokens, token_budget, timeout_s, wall_clock_s, retries, backoff_s, stream, max_response_bytes"
                )
            }
        } else if environment["YUHENG_CONFIG"].map({ !$0.isEmpty }) == true {
            throw LLMError(.configuration, "YUHENG_CONFIG points at \(path), which cannot be read")
        }
        func env(_ k: String) -> String? { environment[k].flatMap { $0.isEmpty ? nil : $0 } }
        if let v = env("YUHENG_LLM_BASE_URL") { c.baseURL = v }
        if let v = env("YUHENG_LLM_MODEL") { c.model = v }
        if let v = env("YUHENG_LLM_API_KEY") { c.apiKey = v }
        if let v = env("YUHENG_LLM_TEMPERATURE") {
            guard let d = Double(v) else { throw LLMError(.configuration, "YUHENG_LLM_TEMPERATURE is not a number: \(v)") }
            c.temperature = d
        }
        if let v = env("YUHENG_LLM_MAX_STEPS") {
            guard let n = Int(v), n > 0 else { throw LLMError(.configuration, "YUHENG_LLM_MAX_STEPS must be a positive integer: \(v)") }
            c.maxSteps = n
        }
        if let v = overrides.baseURL { c.baseURL = v }
        if let v = overrides.model { c.model = v }
        if let v = overrides.apiKey { c.apiKey = v }
        if let v = overrides.temperature { c.temperature = v }
        if let v = overrides.maxSteps { c.maxSteps = v }
        if let v = overrides.stream { c.stream = v }
        guard c.maxSteps > 0 else { throw LLMError(.configuration, "max steps must be at least 1") }
        guard c.wallClockSeconds.isFinite, c.wallClockSeconds > 0, c.timeoutSeconds.isFinite, c.timeoutSeconds > 0 else {
            throw LLMError(
                .configuration,
                "timeout_s and wall_clock_s must be positive numbers of seconds (they are \(c.timeoutSeconds) and \(c.wallClockSeconds))")
        }
        guard c.maxResponseBytes > 0 else { throw LLMError(.configuration, "max_response_bytes must be positive (it is \(c.maxResponseBytes))") }
        guard let u = URL(string: c.baseURL), let scheme = u.scheme, ["http", "https"].contains(scheme.lowercased()), u.host != nil else {
            throw LLMError(
                .configuration, "the base URL '\(c.baseURL)' is not an http(s) URL",
                suggestion: "e.g. http://127.0.0.1:11434/v1 (Ollama) or http://127.0.0.1:8081/v1 (llama.cpp started with --port 8081)")
        }
        return c
    }

    /// Whether a model server is named at all: a configuration file exists or `YUHENG_LLM_BASE_URL`
    /// is set. (``resolve(_:environment:)`` always returns a configuration, falling back on the
    /// default URL, which suits a command the user runs to talk to a model, not a server that must
    /// know whether to offer a chat at all.)
    public static func isConfigured(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if let v = environment["YUHENG_LLM_BASE_URL"], !v.isEmpty { return true }
        if let v = environment["YUHENG_CONFIG"], !v.isEmpty { return true } // resolve() reports an unreadable file
        return FileManager.default.fileExists(atPath: configFilePath(environment: environment))
    }

    /// How a person configures a model: the configuration file to write (with an example), the
    /// environment variables, or `--base-url` on the command line.
    public static func howToConfigure(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        """
        write \(configFilePath(environment: environment)), e.g. {"base_url": "http://127.0.0.1:11434/v1", "model": "qwen2.5:7b", "api_key": null}; \
        or set YUHENG_LLM_BASE_URL (and YUHENG_LLM_MODEL, YUHENG_LLM_API_KEY); or give --base-url and --model. Any OpenAI-compatible \
        server with function calling works (Ollama, llama.cpp, vLLM or a hosted API); see docs/agents.md
        """
    }

    /// The configuration when one is given (see ``isConfigured(environment:)``), resolved as the
    /// command line does (file, then environment); nil when no model server is named.
    public static func resolveIfConfigured(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LLMConfiguration? {
        guard isConfigured(environment: environment) else { return nil }
        return try resolve(Overrides(), environment: environment)
    }

    /// The chat-completions endpoint.
    public var endpoint: URL {
        var s = baseURL
        while s.hasSuffix("/") { s.removeLast() }
        if s.hasSuffix("/chat/completions") { return URL(string: s)! }
        return URL(string: s + "/chat/completions")!
    }
}

/// An error talking to the model server, with a message a user can act on.
public struct LLMError: YuhengError, Equatable {
    /// What went wrong talking to the model server, qualified as `llm.<code>` (e.g. `llm.unreachable`).
    public enum Code: String, ErrorCode {
        case unreachable, unauthorized, timeout, httpStatus, badResponse, configuration, cancelled
        /// The wall-clock limit (`wall_clock_s`, or the turn's ``LLMDeadline``) passed before the answer was complete.
        case wallClock
        /// The response was larger than `max_response_bytes`.
        case tooLarge

        /// A key or a configuration to correct is input; an answer later than the configured
        /// timeout or wall clock is a time limit (the user can raise it); a server that does not
        /// answer, or answers badly, is a service that is not available now.
        public var kind: ErrorKind {
            switch self {
            case .unauthorized, .configuration: .invalidInput
            case .tooLarge: .tooLarge
            case .timeout, .wallClock: .timeLimit
            case .unreachable, .httpStatus, .badResponse, .cancelled: .unavailable
            }
        }
    }
    /// "llm", the prefix of the qualified codes.
    public static let domain = "llm"
    /// What went wrong (see ``Code``).
    public var code: Code
    /// Human-readable description, e.g. "cannot reach the model server at http://127.0.0.1:11434/v1/chat/completions (...)".
    public var message: String
    /// What to do about it (start the server, check the key, ...); nil when there is nothing to add.
    public var suggestion: String?
    /// The HTTP status of the server's answer, for `httpStatus` and `unauthorized`; nil otherwise.
    public var status: Int?

    /// An error with `code` and `message`; `suggestion` and `status` are optional.
    public init(_ code: Code, _ message: String, suggestion: String? = nil, status: Int? = nil) {
        self.code = code
        self.message = message
        self.suggestion = suggestion
        self.status = status
    }
}
