import ArgumentParser
import Foundation
import YuhengAgents
import YuhengData

/// `yuheng chat`.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with Yuheng's agents; replies stream and tool calls show as they happen.",
        discussion: "Commands: /agent NAME (trade, lca, uncertainty, natural, industrial) or /agent auto; /reset (forget the conversation); /quit.")
    @OptionGroup var llm: LLMOptions
    @OptionGroup var tools: AgentToolOptions
    @Flag(help: "Refuse answers with numbers no tool returned.") var strict = false

    func run() async throws {
        try await runAsync {
            let config = try llm.configuration()
            let context = try tools.context()
            let assistant = Assistant(
                model: OpenAICompatibleClient(configuration: config), context: context, limits: AgentLimits(config), strictGrounding: strict)
            print("Yuheng chat — model \(config.model) at \(config.baseURL). Reports go to \(context.outputDirectory.path). /quit to leave.")
            try await converse(assistant)
        }
    }

    /// Reads questions until end of input or /quit; /reset and /agent are handled here.
    func converse(_ assistant: Assistant) async throws {
        var history: [ChatMessage] = []
        var forced: String? = nil
        while true {
            print("\n> ", terminator: "")
            fflush(nil)
            guard let line = readLine() else { print(""); return }
            let q = line.trimmingCharacters(in: .whitespaces)
            if q.isEmpty { continue }
            if q == "/quit" || q == "/exit" { return }
            if q == "/reset" { history = []; print("(conversation cleared)"); continue }
            if q.hasPrefix("/agent") {
                let name = q.dropFirst(6).trimmingCharacters(in: .whitespaces)
                forced = (name.isEmpty || name == "auto") ? nil : name
                print("(agent: \(forced ?? "auto"))")
                continue
            }
            do {
                let answer = try await turn(assistant, q, agent: forced, history: history)
                history += [.user(q), .assistant(answer)]
                if history.count > 12 { history.removeFirst(history.count - 12) }
            } catch let e as LLMError where e.code != .unreachable && e.code != .unauthorized {
                printToStderr("error: \(e.description)") // the conversation goes on
            }
        }
    }

    /// One question: the reply streams, tool calls show as they happen; returns the answer.
    func turn(_ assistant: Assistant, _ q: String, agent: String?, history: [ChatMessage]) async throws -> String {
        let live = LiveTrace(toStdout: true, showContent: true)
        let answer = try await assistant.ask(q, agent: agent, history: history, onEvent: { live.handle($0) })
        let streamed = live.streamed.trimmingCharacters(in: .whitespacesAndNewlines)
        if streamed.isEmpty || !answer.answer.hasPrefix(streamed) {
            if !streamed.isEmpty { print("") }
            print(answer.answer)
        } else {
            print(String(answer.answer.dropFirst(streamed.count)))
        }
        print(
            "[\(answer.agent): \(answer.trace.count) tool calls; grounding \(answer.grounding.supported.count) supported, \(answer.grounding.unsupported.count) unsupported]"
        )
        return answer.answer
    }
}
