import ArgumentParser
import Foundation
import YuhengAgents
import YuhengData

/// `yuheng agents eval`: the evaluation harness.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run the evaluation questions against an OpenAI-compatible model and score its answers.",
        discussion: """
            Every question of the set (default evaluation/agents) goes through the router and a specialist as with `yuheng ask`; \
            each run is scored on routing, tool selection, arguments, the facts of the answer (numbers computed by the engines on \
            the bundled data when the set runs), grounding violations (numbers no tool returned) and behaviour (answer, refuse, \
            ask back), with latency, tokens and cost. Temperature (default 0) and seed are sent with every request. Structured \
            outputs (--structured auto): the server is probed once for json_schema; when it accepts it, tools are sent as strict \
            schemas. JSON (--json): settings, summary {pass_rate, routing_accuracy, tool_selection_accuracy, argument_accuracy, \
            fact_accuracy, grounding_violations, refusals_expected, refusals_correct, false_refusals, latency_*_seconds, \
            prompt_tokens, completion_tokens, cost, by_category, by_specialist, by_language}, questions [scores], traces.
            """)
    @OptionGroup var llm: LLMOptions
    @OptionGroup var tools: AgentToolOptions
    @Option(name: .customLong("set"), help: ArgumentHelp("Question set file or folder (repeatable; default evaluation/agents).", valueName: "file"))
    var sets: [String] = []
    @Option(name: .customLong("repeat"), help: "Runs per question.") var repeats = 1
    @Option(help: "Questions run at the same time.") var concurrency = 4
    @Option(help: "Seed sent to the server.") var seed = 42
    @Option(help: "Structured outputs: auto (probe the server once), on or off.") var structured: String = "auto"
    @Option(help: ArgumentHelp("Price of prompt tokens, US$ per million (hosted APIs).", valueName: "usd")) var priceInput = 0.0
    @Option(help: ArgumentHelp("Price of completion tokens, US$ per million.", valueName: "usd")) var priceOutput = 0.0
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: ArgumentHelp("Write the HTML report to this file.", valueName: "file.html")) var report: String?

    func validate() throws {
        guard repeats >= 1, concurrency >= 1 else { throw ValidationError("--repeat and --concurrency must be at least 1") }
        guard StructuredOutputsMode(rawValue: structured) != nil else { throw ValidationError("--structured must be auto, on or off") }
    }

    func run() async throws {
        try await runAsync {
            let config = try llm.configuration()
            let set = try EvalSet.load(sets.isEmpty ? ["evaluation/agents"] : sets)
            let context = try tools.context()
            let options = EvalOptions(
                temperature: llm.temperature ?? 0, seed: seed, repeats: repeats, concurrency: concurrency,
                structured: StructuredOutputsMode(rawValue: structured) ?? .auto,
                pricing: EvalPricing(inputPerMillion: priceInput, outputPerMillion: priceOutput))
            printToStderr("yuheng agents eval: \(set.questions.count) questions × \(repeats) against \(config.model) at \(config.baseURL)")
            let result = try await AgentEvaluation.run(set, configuration: config, context: context, options: options) { t in
                printToStderr(
                    "  \(t.questionID) #\(t.run + 1): \(t.routedAgent ?? "–"), \(t.toolCalls.count) tool call(s), \(t.error == nil ? t.stopReason : "error") (\(String(format: "%.1f", t.latencySeconds)) s)"
                )
            }
            if let path = report {
                try Data(EvalHTML.render(result).utf8).write(to: URL(fileURLWithPath: path))
                printToStderr("report: \(path)")
            }
            if json { print(result.json.text(pretty: true)); return }
            print(Self.text(result.summary, settings: result.settings))
        }
    }

    /// The summary as a short table.
    static func text(_ s: EvalSummary, settings: EvalSettings) -> String {
        func pct(_ x: Double?) -> String { x.map { String(format: "%5.1f %%", $0 * 100) } ?? "    –" }
        var lines = [
            "model \(settings.model) at \(settings.baseURL); structured outputs \(settings.structuredOutputs); \(s.questions) questions, \(s.runs) runs",
            "passed               \(pct(s.passRate))", "routing              \(pct(s.routingAccuracy))",
            "tool selection       \(pct(s.toolSelectionAccuracy))", "arguments            \(pct(s.argumentAccuracy))",
            "answer facts         \(pct(s.factAccuracy))", "behaviour            \(pct(s.behaviourAccuracy))",
            "grounding violations \(s.groundingViolations) in \(s.runsWithGroundingViolations) runs",
            "refusals             \(s.refusalsCorrect)/\(s.refusalsExpected) right, \(s.falseRefusals) false",
            "asked back           \(s.askBackCorrect)/\(s.askBackExpected)", "errors               \(s.errors)",
            String(
                format: "latency              %.2f s mean, %.2f s p50, %.2f s p95", s.latencyMeanSeconds, s.latencyP50Seconds, s.latencyP95Seconds),
            "tokens               \(s.promptTokens) prompt + \(s.completionTokens) completion"
                + (s.cost > 0 ? String(format: ", US$ %.4f", s.cost) : "")
        ]
        lines.append("by category: " + s.byCategory.map { "\($0.name) \(String(format: "%.0f", $0.passRate * 100)) %" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
