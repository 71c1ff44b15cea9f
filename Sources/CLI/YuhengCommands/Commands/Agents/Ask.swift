import ArgumentParser
import Foundation
import YuhengAgents
import YuhengData

/// `yuheng ask QUESTION`.
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
        try await runAsync {
            let config = try llm.configuration()
            let context = try tools.context()
            let assistant = Assistant(
                model: OpenAICompatibleClient(configuration: config), context: context, limits: AgentLimits(config), strictGrounding: strict)
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
            printToStderr(
                "\n[\(answer.agent) agent, \(answer.model): \(answer.trace.count) tool calls in \(answer.steps) steps; grounding: \(g.supported.count) supported, \(g.unsupported.count) unsupported; \(answer.stopReason.rawValue)]"
            )
        }
    }
}
