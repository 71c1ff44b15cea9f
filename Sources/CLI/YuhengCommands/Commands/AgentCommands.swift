import ArgumentParser
import Foundation
import YuhengAgents
import YuhengData

/// Options choosing the model server (file → environment → these flags).
struct LLMOptions: ParsableArguments {
    @Option(help: ArgumentHelp("OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1 (default: $YUHENG_LLM_BASE_URL or ~/.config/yuheng/llm.json).", valueName: "url"))
    var baseURL: String?
    @Option(help: "Model name sent to the server ($YUHENG_LLM_MODEL).") var model: String?
    @Option(help: "API key, sent as a bearer token ($YUHENG_LLM_API_KEY).") var apiKey: String?
    @Option(help: "Sampling temperature ($YUHENG_LLM_TEMPERATURE).") var temperature: Double?
    @Option(help: "Maximum tool-loop steps per agent ($YUHENG_LLM_MAX_STEPS, default 8).") var maxSteps: Int?
    @Flag(help: "Do not stream the model's replies.") var noStream = false

    func configuration() throws -> LLMConfiguration {
        try LLMConfiguration.resolve(.init(baseURL: baseURL, model: model, apiKey: apiKey, temperature: temperature, maxSteps: maxSteps, stream: noStream ? false : nil))
    }
}

/// Options of the tools: database and output folder.
struct AgentToolOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("Folder where tools may write reports (default: $YUHENG_AGENT_OUTPUT or ~/.local/share/yuheng/agent-output).", valueName: "dir"))
    var outputDir: String?

    func context() throws -> ToolContext {
        let db = try database.open()
        let out = outputDir.map { URL(fileURLWithPath: $0) } ?? ToolContext.defaultOutputDirectory()
        return ToolContext(db: db, outputDirectory: out)
    }
}

func printError(_ message: String) {
    var stderr = FileHandle.standardError
    print("error: \(message)", to: &stderr)
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

struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask Yuheng's agents one question (needs an OpenAI-compatible model server).",
        discussion: """
            The router hands the question to a specialist (trade, lca, uncertainty, natural, industrial) that answers with Yuheng's tools; \
            every number of the answer is checked against the tool results. JSON (--json): answer, agent, model, trace [{tool, arguments, \
            result, summary, duration_s, error, step}], grounding {supported, unsupported, ignored}, routing, stop_reason, files, steps, tokens. \
            See docs/agents.md for local models (llama.cpp, Ollama, vLLM) and hosted ones.
            """)
    @Argument(help: "The question.") var question: String
    @OptionGroup var llm: LLMOptions
    @OptionGroup var tools: AgentToolOptions
    @Option(help: "Skip the router: trade, lca, uncertainty, natural or industrial.") var agent: String?
    @Flag(help: "Refuse answers with numbers no tool returned (default: mark them).") var strict = false
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Do not show tool calls while working.") var quiet = false

    func run() async throws {
        do {
            let config = try llm.configuration()
            let context = try tools.context()
            let assistant = Assistant(model: OpenAICompatibleClient(configuration: config), context: context, limits: AgentLimits(config), strictGrounding: strict)
            let live = LiveTrace(toStdout: false, showContent: false)
            var handler: (@Sendable (AgentEvent) -> Void)? = nil
            if !(json || quiet) { handler = { live.handle($0) } }
            let answer = try await assistant.ask(question, agent: agent, onEvent: handler)
            if json {
                print(answer.json.text(pretty: true))
                return
            }
            print(answer.answer)
            let g = answer.grounding
            var stderr = FileHandle.standardError
            print("\n[\(answer.agent) agent, \(answer.model): \(answer.trace.count) tool calls in \(answer.steps) steps; grounding: \(g.supported.count) supported, \(g.unsupported.count) unsupported; \(answer.stopReason.rawValue)]", to: &stderr)
        } catch let e as LLMError {
            printError(e.description)
            throw ExitCode.failure
        } catch let e as CleanExit { throw e } catch let e as ExitCode { throw e } catch let e as ValidationError { throw e } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }
}

struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with Yuheng's agents; replies stream and tool calls show as they happen.",
        discussion: "Commands: /agent NAME (trade, lca, uncertainty, natural, industrial) or /agent auto; /reset (forget the conversation); /quit.")
    @OptionGroup var llm: LLMOptions
    @OptionGroup var tools: AgentToolOptions
    @Flag(help: "Refuse answers with numbers no tool returned.") var strict = false

    func run() async throws {
        do {
            let config = try llm.configuration()
            let context = try tools.context()
            let assistant = Assistant(model: OpenAICompatibleClient(configuration: config), context: context, limits: AgentLimits(config), strictGrounding: strict)
            print("Yuheng chat — model \(config.model) at \(config.baseURL). Reports go to \(context.outputDirectory.path). /quit to leave.")
            var history: [ChatMessage] = []
            var forced: String? = nil
            while true {
                print("\n> ", terminator: "")
                fflush(nil)
                guard let line = readLine() else { print(""); break }
                let q = line.trimmingCharacters(in: .whitespaces)
                if q.isEmpty { continue }
                if q == "/quit" || q == "/exit" { break }
                if q == "/reset" { history = []; print("(conversation cleared)"); continue }
                if q.hasPrefix("/agent") {
                    let name = q.dropFirst(6).trimmingCharacters(in: .whitespaces)
                    forced = (name.isEmpty || name == "auto") ? nil : name
                    print("(agent: \(forced ?? "auto"))")
                    continue
                }
                let live = LiveTrace(toStdout: true, showContent: true)
                do {
                    let answer = try await assistant.ask(q, agent: forced, history: history, onEvent: { live.handle($0) })
                    let streamed = live.streamed.trimmingCharacters(in: .whitespacesAndNewlines)
                    if streamed.isEmpty || !answer.answer.hasPrefix(streamed) {
                        if !streamed.isEmpty { print("") }
                        print(answer.answer)
                    } else {
                        print(String(answer.answer.dropFirst(streamed.count)))
                    }
                    print("[\(answer.agent): \(answer.trace.count) tool calls; grounding \(answer.grounding.supported.count) supported, \(answer.grounding.unsupported.count) unsupported]")
                    history += [.user(q), .assistant(answer.answer)]
                    if history.count > 12 { history.removeFirst(history.count - 12) }
                } catch let e as LLMError {
                    printError(e.description)
                    if e.code == .unreachable || e.code == .unauthorized { throw ExitCode.failure }
                }
            }
        } catch let e as LLMError {
            printError(e.description)
            throw ExitCode.failure
        } catch let e as CleanExit { throw e } catch let e as ExitCode { throw e } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }
}

struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve Yuheng's tools to MCP clients over stdio (Model Context Protocol).",
        discussion: "Register it in an MCP client as the command `yuheng mcp` (with --db and --output-dir as needed). Only tools/list and tools/call are served; every tool is read-only except that lca_study writes reports into the output folder.")
    @OptionGroup var tools: AgentToolOptions

    func run() async throws {
        do {
            let context = try tools.context()
            let registry = YuhengTools.registry()
            var stderr = FileHandle.standardError
            print("yuheng mcp: \(registry.tools.count) tools on stdio; database \(context.db.path); reports in \(context.outputDirectory.path)", to: &stderr)
            try await YuhengMCPServer.serveStdio(registry: registry, context: context)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }
}
