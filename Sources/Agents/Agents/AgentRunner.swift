import Foundation

/// Limits of one agent run.
public struct AgentLimits: Sendable {
    /// Model calls (each may request several tools).
    public var maxSteps: Int
    /// Prompt + completion tokens over the whole run, when the server reports usage.
    public var tokenBudget: Int
    /// Wall-clock seconds for the whole run.
    public var wallClockSeconds: Double
    /// Characters of one tool result sent back to the model (the trace keeps it whole).
    public var maxToolResultCharacters: Int
    /// Tool calls executed per step (the rest are refused).
    public var maxToolCallsPerStep: Int

    /// Limits; the defaults allow 8 model calls, 60,000 tokens, 300 s, 16,000 characters per tool result and 6 calls per step.
    public init(
        maxSteps: Int = 8, tokenBudget: Int = 60_000, wallClockSeconds: Double = 300, maxToolResultCharacters: Int = 16_000,
        maxToolCallsPerStep: Int = 6
    ) {
        self.maxSteps = maxSteps
        self.tokenBudget = tokenBudget
        self.wallClockSeconds = wallClockSeconds
        self.maxToolResultCharacters = maxToolResultCharacters
        self.maxToolCallsPerStep = maxToolCallsPerStep
    }

    /// The step, token and wall-clock limits of a configuration (`YUHENG_LLM_MAX_STEPS` and the like); the rest take their defaults.
    public init(_ c: LLMConfiguration) {
        self.init(maxSteps: c.maxSteps, tokenBudget: c.tokenBudget, wallClockSeconds: c.wallClockSeconds)
    }
}

/// One tool call of a run, as `yuheng ask --json` reports it.
public struct TraceEntry: Sendable {
    /// The model call (1-based) that requested the tool.
    public var step: Int
    /// Name of the tool called.
    public var tool: String
    /// The arguments as parsed (after ``ArgumentRepair``).
    public var arguments: JSON
    /// The full result envelope (`{result, units, provenance}`) or the error.
    public var result: JSON
    /// One line: the result's summary or "error: …".
    public var summary: String
    /// Wall-clock seconds the tool took.
    public var durationSeconds: Double
    /// Whether the call failed.
    public var isError: Bool
    /// What kind of failure (invalid input, missing data, ...); nil on success.
    public var errorKind: ToolError.Kind?

    /// The entry as `yuheng ask --json` writes it (`tool`, `arguments`, `result`, `summary`, `duration_s`, `error`, `step`).
    public var json: JSON {
        [
            "tool": .string(tool), "arguments": arguments, "result": result, "summary": .string(summary), "duration_s": .number(durationSeconds),
            "error": .bool(isError), "step": .number(Double(step))
        ]
    }

    init(step: Int, outcome: ToolOutcome) {
        self.step = step
        tool = outcome.tool
        arguments = outcome.arguments
        result = outcome.payload
        summary = outcome.summary
        durationSeconds = outcome.durationSeconds
        isError = outcome.isError
        errorKind = outcome.error?.kind
    }
}

/// Why a run ended.
public enum StopReason: String, Sendable, Codable {
    case answered
    case stepLimit = "step_limit"
    case tokenLimit = "token_limit"
    case timeLimit = "time_limit"
    /// The agent needs information from the user (the answer is a question).
    case question
    /// The agent states that it cannot answer (missing data, unit mismatch, unsupported numbers in strict mode).
    case refusal
}

/// How the router chose the agent.
public struct RoutingDecision: Sendable, Hashable {
    /// Name of the agent chosen, e.g. "trade" or "lca".
    public var agent: String
    /// Why, in words (the model's reason or the keywords that matched).
    public var reason: String
    /// "model", "keywords" or "forced".
    public var method: String
}

/// An agent's answer with everything needed to check it.
public struct AgentAnswer: Sendable {
    /// The final answer shown to the user (annotated or replaced when numbers are not grounded).
    public var answer: String
    /// Name of the agent that answered.
    public var agent: String
    /// Every tool call in order.
    public var trace: [TraceEntry]
    /// Which numbers of the answer a tool returned and which did not.
    public var grounding: GroundingReport
    /// The model that answered, as the server names it.
    public var model: String
    /// Why the run ended (answered, a limit, a question back, a refusal).
    public var stopReason: StopReason
    /// How the router chose the agent; nil when the agent was called directly.
    public var routing: RoutingDecision?
    /// Files written (reports).
    public var files: [String]
    /// Model calls made.
    public var steps: Int
    /// Prompt and completion tokens used (0 when the server reports no usage).
    public var tokens: Int

    /// The `yuheng ask --json` document.
    public var json: JSON {
        func numbers(_ l: [GroundedNumber]) -> JSON {
            .array(l.map { g in ["text": .string(g.text), "value": .number(g.value), "matched": .num(g.matched), "source": .str(g.source)] })
        }
        var o: [String: JSON] = [
            "answer": .string(answer), "agent": .string(agent), "model": .string(model), "trace": .array(trace.map(\.json)),
            "grounding": [
                "supported": numbers(grounding.supported), "unsupported": numbers(grounding.unsupported), "ignored": numbers(grounding.ignored)
            ],
            "stop_reason": .string(stopReason.rawValue), "files": .array(files.map { .string($0) }), "steps": .number(Double(steps)),
            "tokens": .number(Double(tokens))
        ]
        if let r = routing { o["routing"] = ["agent": .string(r.agent), "reason": .string(r.reason), "method": .string(r.method)] }
        return .object(o)
    }
}

/// What happens during a run, for terminals that show it live.
public enum AgentEvent: Sendable {
    case routed(RoutingDecision)
    case content(String)
    case toolCall(name: String, arguments: String)
    case toolResult(TraceEntry)
    case note(String)
}

/// Runs one agent: a bounded loop of model calls and tool calls (max steps, token budget,
/// wall-clock limit), then the grounding check of the final answer.
public struct AgentRunner: Sendable {
    /// The chat model (a real server or a scripted one).
    public var model: ChatModel
    /// The tools available; each agent sees only the subset its ``AgentSpec`` names.
    public var registry: ToolRegistry
    /// The database, output folder and caches the tools use.
    public var context: ToolContext
    /// Steps, tokens, time and tool-result size of a run.
    public var limits: AgentLimits
    /// Reject (instead of mark) answers with numbers no tool returned.
    public var strictGrounding: Bool
    /// The check of the answer's numbers against the tool results.
    public var validator: GroundingValidator

    /// A runner; by default answers with ungrounded numbers are marked, not rejected.
    public init(
        model: ChatModel, registry: ToolRegistry, context: ToolContext, limits: AgentLimits = AgentLimits(), strictGrounding: Bool = false,
        validator: GroundingValidator = GroundingValidator()
    ) {
        self.model = model
        self.registry = registry
        self.context = context
        self.limits = limits
        self.strictGrounding = strictGrounding
        self.validator = validator
    }

    /// Runs `spec`'s agent on `question` (after `history`): model calls and tool calls until a final answer or a limit,
    /// then the grounding check. `onEvent` receives streamed text and tool calls as they happen.
    /// - Throws: the model client's ``LLMError`` (unreachable server, HTTP error, bad response); limits end the run with a
    ///   ``StopReason`` instead of throwing.
    public func run(_ spec: AgentSpec, question: String, history: [ChatMessage] = [], onEvent: (@Sendable (AgentEvent) -> Void)? = nil) async throws
        -> AgentAnswer
    {
        let tools = registry.subset(spec.tools)
        var messages: [ChatMessage] = [.system(spec.systemPrompt(tools: tools))] + history + [.user(question)]
        var trace: [TraceEntry] = []
        var tokens = 0
        var final: String? = nil
        var stop = StopReason.answered
        var steps = 0
        let start = ContinuousClock.now
        let deadline = LLMDeadline.effective(from: start, seconds: limits.wallClockSeconds)
        loop: for step in 1...max(1, limits.maxSteps) {
            steps = step
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { stop = .timeLimit; break }
            let request = ChatRequest(messages: messages, tools: tools.openAITools, toolChoice: .auto)
            let completion: ChatCompletion
            do {
                completion = try await withDeadline(remaining) { [model] in
                    try await model.complete(request) { e in
                        if case .content(let t) = e { onEvent?(.content(t)) }
                    }
                }
            } catch is DeadlineExceeded {
                stop = .timeLimit
                break
            } catch let e as LLMError where e.code == .wallClock {
                stop = .timeLimit // the client stopped at the same deadline
                break
            }
            tokens += completion.usage?.total ?? 0
            let msg = completion.message
            if msg.toolCalls.isEmpty {
                final = msg.content ?? ""
                break
            }
            messages.append(.assistant(msg.content ?? "", toolCalls: msg.toolCalls))
            for (n, call) in msg.toolCalls.enumerated() {
                let (entry, reply) = await callTool(call, index: n, step: step, spec: spec, onEvent: onEvent)
                trace.append(entry)
                messages.append(reply)
            }
            if tokens > limits.tokenBudget { stop = .tokenLimit; break loop }
            if ContinuousClock.now > deadline { stop = .timeLimit; break loop }
            if step == limits.maxSteps { stop = .stepLimit }
        }
        var answer: String
        if let f = final {
            answer = f.trimmingCharacters(in: .whitespacesAndNewlines)
            stop = .answered
        } else {
            (answer, stop) = stoppedAnswer(stop, toolCalls: trace.count, tokens: tokens)
        }
        var report = GroundingReport.empty
        if stop == .answered { (answer, stop, report) = checkGrounding(answer, question: question, trace: trace) }
        let files = trace.flatMap { $0.result["files"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        return AgentAnswer(
            answer: answer, agent: spec.name, trace: trace, grounding: report, model: model.modelName, stopReason: stop, routing: nil,
            files: files, steps: steps, tokens: tokens)
    }

    /// Calls the `index`th tool of a step (refused past the per-step limit) and reports it to `onEvent`: the trace entry and
    /// the tool message for the model (its result text cut to the limit).
    private func callTool(_ call: ToolCall, index n: Int, step: Int, spec: AgentSpec, onEvent: (@Sendable (AgentEvent) -> Void)?) async -> (
        TraceEntry, ChatMessage
    ) {
        onEvent?(.toolCall(name: call.name, arguments: call.arguments))
        let outcome: ToolOutcome
        if n >= limits.maxToolCallsPerStep {
            outcome = ToolOutcome(
                tool: call.name, arguments: .string(call.arguments), result: nil,
                error: ToolError(
                    .rejected, "at most \(limits.maxToolCallsPerStep) tool calls per step", suggestion: "call fewer tools at once"),
                durationSeconds: 0)
        } else {
            outcome = await registry.subset(spec.tools).call(
                call.name, argumentsText: ArgumentRepair.repair(call.arguments), context: context)
        }
        let entry = TraceEntry(step: step, outcome: outcome)
        onEvent?(.toolResult(entry))
        var text = outcome.payload.text()
        if text.count > limits.maxToolResultCharacters {
            text = String(text.prefix(limits.maxToolResultCharacters)) + " …[truncated: ask for fewer rows]"
        }
        return (entry, .tool(text, callID: call.id, name: call.name))
    }

    /// The answer of a run that stopped at a limit before a final answer, and the limit (a step limit unless tokens or time).
    private func stoppedAnswer(_ stop: StopReason, toolCalls: Int, tokens: Int) -> (String, StopReason) {
        let calls = toolCalls == 1 ? "1 tool call" : "\(toolCalls) tool calls"
        switch stop {
        case .tokenLimit:
            return (
                "Stopped: the run used \(tokens) tokens, more than the budget of \(limits.tokenBudget), before the model gave a final answer (\(calls) made; see the trace).",
                stop
            )
        case .timeLimit:
            return ("Stopped: no final answer within the wall-clock limit of \(Int(limits.wallClockSeconds)) s (\(calls) made; see the trace).", stop)
        default:
            return (
                "Stopped: the model was still calling tools after \(limits.maxSteps) steps, the step limit (--max-steps, YUHENG_LLM_MAX_STEPS), so there is no final answer. \(calls.prefix(1).uppercased() + calls.dropFirst()) were made; see the trace.",
                .stepLimit
            )
        }
    }

    /// Grounds a final answer: a refusal when the tools found no data yet the answer has numbers, otherwise the answer
    /// marked (or, with strict grounding, refused) when it has numbers no tool returned.
    private func checkGrounding(_ answer: String, question: String, trace: [TraceEntry]) -> (String, StopReason, GroundingReport) {
        var report = Self.ground(answer, question: question, trace: trace, validator: validator)
        let failures = trace.filter { $0.isError && ($0.errorKind == .missingData || $0.errorKind == .unitMismatch) }
        let successes = trace.filter { !$0.isError }
        if !report.unsupported.isEmpty && successes.isEmpty && !failures.isEmpty {
            // The tools found no data, yet the answer has numbers: state the refusal instead.
            let refusal =
                "I cannot answer this from Yuheng's data: "
                + failures.map { $0.result["error"]?.stringValue ?? $0.summary }.joined(separator: "; ") + "."
            report = Self.ground(refusal, question: question, trace: trace, validator: validator)
            return (refusal, .refusal, report)
        } else if !report.unsupported.isEmpty {
            if strictGrounding { return (GroundingValidator.refusal(report), .refusal, report) }
            return (GroundingValidator.annotate(answer, report), .answered, report)
        }
        return (answer, .answered, report)
    }

    /// Grounds an answer on the numbers of the trace's successful tool results.
    public static func ground(_ answer: String, question: String, trace: [TraceEntry], validator: GroundingValidator = GroundingValidator())
        -> GroundingReport
    {
        let evidence = trace.filter { !$0.isError }.map { Evidence(tool: $0.tool, numbers: $0.result.allNumbers()) }
        let args = trace.flatMap { $0.arguments.allNumbers() }
        return validator.validate(answer: answer, question: question, evidence: evidence, arguments: args)
    }
}

/// Small repairs of tool-call arguments models commonly get wrong: code fences around the JSON,
/// text before or after the object, a trailing comma. Anything else is passed on unchanged (and
/// rejected with a message the model can act on).
public enum ArgumentRepair {
    /// The arguments with code fences, surrounding text and trailing commas removed when that makes them valid JSON; else `text` unchanged.
    public static func repair(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if (try? JSON.parse(t)) != nil || t.isEmpty { return t }
        if t.hasPrefix("```") {
            t = t.replacingOccurrences(of: "```json", with: "").replacingOccurrences(of: "```", with: "").trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        if let a = t.firstIndex(of: "{"), let b = t.lastIndex(of: "}"), a < b {
            var inner = String(t[a...b])
            inner = inner.replacingOccurrences(of: ",\\s*([}\\]])", with: "$1", options: .regularExpression)
            if (try? JSON.parse(inner)) != nil { return inner }
        }
        return text
    }
}

struct DeadlineExceeded: Error {}

/// Runs `body`, cancelling it when `timeout` passes.
func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw DeadlineExceeded() }
        guard let value = first else { throw DeadlineExceeded() }
        return value
    }
}
