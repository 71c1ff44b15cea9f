import Foundation
import Hummingbird
import YuhengAgents

/// `POST /api/chat/test`: does the chat's language model answer? The server's model is sent a
/// one-word request; a server started without one reads the configuration again (as `yuheng ask`
/// finds it: the configuration file, then the `YUHENG_LLM_*` variables), so a configuration
/// written after the start can be checked from the chat page before restarting. The answer is
/// always 200 with the outcome; `ok` says whether the model answered.
enum ConnectionTest {
    struct Outcome: Encodable {
        let ok: Bool
        /// Whether a model is configured (for the server, or found now in the configuration).
        let configured: Bool
        /// "server" (the chat's model), "configuration" (found now; the server uses it after a restart) or "none".
        let source: String
        let model: String?
        let base_url: String?
        let seconds: Double?
        let message: String
        /// What to do next (on the page or in the configuration file; never a command-line flag).
        let advice: String?
    }

    static func run(_ state: ServerState) async -> Outcome {
        let file = ChatSetup.configFile
        let configure = "Write \(file) (e.g. \(ChatSetup.example)) or set YUHENG_LLM_BASE_URL and YUHENG_LLM_MODEL for yuheng serve, then restart it."
        switch state.llm {
        case .configured(let c): return await test(c, source: "server", file: file)
        case .invalid(let why):
            return Outcome(
                ok: false, configured: true, source: "server", model: nil, base_url: nil, seconds: nil,
                message: "The language model configuration cannot be used: \(why).", advice: "Correct \(file), then restart yuheng serve.")
        case .notConfigured:
            guard state.llmSource.rereadable else {
                return Outcome(
                    ok: false, configured: false, source: "none", model: nil, base_url: nil, seconds: nil,
                    message: "No language model is configured for this server.", advice: configure)
            }
            switch ServerState.LLMStatus.resolve(state.llmSource) {
            case .configured(let c): return await test(c, source: "configuration", file: file)
            case .invalid(let why):
                return Outcome(
                    ok: false, configured: true, source: "configuration", model: nil, base_url: nil, seconds: nil,
                    message: "The language model configuration cannot be used: \(why).", advice: "Correct \(file) and test again.")
            case .notConfigured:
                return Outcome(
                    ok: false, configured: false, source: "none", model: nil, base_url: nil, seconds: nil,
                    message: "No language model is configured.", advice: configure)
            }
        }
    }

    /// Sends the model a one-word request (one try, at most 30 s).
    static func test(_ configuration: LLMConfiguration, source: String, file: String) async -> Outcome {
        var c = configuration
        c.retries = 0
        c.timeoutSeconds = min(c.timeoutSeconds, 20)
        c.wallClockSeconds = min(c.wallClockSeconds, 30)
        c.stream = false
        let start = ContinuousClock.now
        let restart = source == "configuration" ? " Restart yuheng serve to use it in the chat." : ""
        do {
            _ = try await OpenAICompatibleClient(configuration: c).complete(ChatRequest(messages: [.user("Reply with the word OK.")], maxTokens: 8))
            let d = ContinuousClock.now - start
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            return Outcome(
                ok: true, configured: true, source: source, model: c.model, base_url: c.baseURL, seconds: seconds,
                message: "The model \(c.model) at \(c.baseURL) answered in \(String(format: "%.1f", seconds)) s.\(restart)", advice: nil)
        } catch {
            let message = (error as? LLMError)?.message ?? "\(error)"
            return Outcome(
                ok: false, configured: true, source: source, model: c.model, base_url: c.baseURL, seconds: nil,
                message: "The model \(c.model) at \(c.baseURL) did not answer: \(message).",
                advice:
                    "Check that the model server is running and that base_url, model and api_key in \(file) (or the YUHENG_LLM_* variables) are right, then test again."
            )
        }
    }
}

extension ServerConfiguration.LLMSource {
    /// Whether the configuration can be read again while the server runs (it comes from the environment).
    var rereadable: Bool {
        if case .environment = self { return true }
        return false
    }
}
