import ArgumentParser
import Foundation
import YuhengAgents
import YuhengData

/// Options choosing the model server (file → environment → these flags).
struct LLMOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1 (Ollama); default: $YUHENG_LLM_BASE_URL or the base_url of ~/.config/yuheng/llm.json.",
            valueName: "url"))
    var baseURL: String?
    @Option(help: "Model name sent to the server ($YUHENG_LLM_MODEL).") var model: String?
    @Option(help: "API key, sent as a bearer token ($YUHENG_LLM_API_KEY).") var apiKey: String?
    @Option(help: "Sampling temperature ($YUHENG_LLM_TEMPERATURE).") var temperature: Double?
    @Option(help: "Maximum tool-loop steps per agent ($YUHENG_LLM_MAX_STEPS, default 8).") var maxSteps: Int?
    @Flag(help: "Do not stream the model's replies.") var noStream = false

    /// The model server's configuration. With nothing configured (no --base-url, no configuration
    /// file, no YUHENG_LLM_BASE_URL) this is a plain error saying how to configure one, rather than a
    /// connection attempt to a guessed address.
    func configuration() throws -> LLMConfiguration {
        guard baseURL != nil || LLMConfiguration.isConfigured() else {
            throw LLMError(.configuration, "no language model is configured", suggestion: LLMConfiguration.howToConfigure())
        }
        return try LLMConfiguration.resolve(
            .init(baseURL: baseURL, model: model, apiKey: apiKey, temperature: temperature, maxSteps: maxSteps, stream: noStream ? false : nil))
    }
}

/// Options of the tools: database and output folder.
struct AgentToolOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(
        help: ArgumentHelp(
            "Folder where tools may write reports (default: $YUHENG_AGENT_OUTPUT or ~/.local/share/yuheng/agent-output).", valueName: "dir"))
    var outputDir: String?

    func context() throws -> ToolContext {
        let db = try database.open()
        let out = outputDir.map { URL(fileURLWithPath: $0) } ?? ToolContext.defaultOutputDirectory()
        return ToolContext(db: db, outputDirectory: out)
    }
}

/// Prints tool calls and results as they happen (to stderr for `ask`, stdout for `chat`).
final class LiveTrace: @unchecked Sendable {
    let toStdout: Bool
    let showContent: Bool
    private let lock = NSLock()
    private(set) var streamed = ""

    init(toStdout: Bool, showContent: Bool) {
        self.toStdout = toStdout
        self.showContent = showContent
    }

    func write(_ s: String) {
        let h = toStdout ? FileHandle.standardOutput : FileHandle.standardError
        h.write(Data(s.utf8))
    }

    func handle(_ e: AgentEvent) {
        lock.lock(); defer { lock.unlock() }
        switch e {
        case .routed(let d): write("[agent: \(d.agent) — \(d.method): \(d.reason)]\n")
        case .toolCall(let name, let args):
            if !streamed.isEmpty && !streamed.hasSuffix("\n") { write("\n") }
            write("→ \(name) \(args.count > 300 ? String(args.prefix(300)) + "…" : args)\n")
        case .toolResult(let t): write("  ← \(t.summary) (\(String(format: "%.2f", t.durationSeconds)) s)\n")
        case .content(let c):
            streamed += c
            if showContent { FileHandle.standardOutput.write(Data(c.utf8)) }
        case .note(let n): write("  \(n)\n")
        }
    }

    func resetStream() {
        lock.lock(); streamed = ""; lock.unlock()
    }
}
