import Foundation

/// A tool call the agent made during an evaluated run.
public struct EvalObservedCall: Sendable, Codable, Hashable {
    /// The tool's name.
    public var tool: String
    /// The arguments the model sent.
    public var arguments: JSON
    /// Whether the tool failed.
    public var isError: Bool

    /// A call of `tool` with `arguments`.
    public init(tool: String, arguments: JSON, isError: Bool = false) {
        self.tool = tool
        self.arguments = arguments
        self.isError = isError
    }
}

/// What happened in one run of one question: all that scoring reads.
public struct EvalTrace: Sendable, Codable, Hashable {
    /// The question's id.
    public var questionID: String
    /// The run number (0-based).
    public var run: Int
    /// The specialist the router chose.
    public var routedAgent: String?
    /// How it was chosen (model, keywords).
    public var routingMethod: String?
    /// The tool calls, in order.
    public var toolCalls: [EvalObservedCall]
    /// The final answer as the agent gave it.
    public var answer: String
    /// The agent's stop reason (answered, refusal, question, step_limit, …) or "error".
    public var stopReason: String
    /// Numbers of the answer that no tool returned (the grounding validator's verdict).
    public var unsupportedNumbers: [String]
    /// Wall-clock time of the run, s.
    public var latencySeconds: Double
    /// Prompt tokens the server reported.
    public var promptTokens: Int
    /// Completion tokens the server reported.
    public var completionTokens: Int
    /// Requests sent to the model server.
    public var modelCalls: Int
    /// Set when the run failed (the model server's error).
    public var error: String?

    /// A trace (tests build them by hand; ``EvalRunner`` from a run).
    public init(
        questionID: String, run: Int = 0, routedAgent: String?, routingMethod: String? = "model", toolCalls: [EvalObservedCall], answer: String,
        stopReason: String = "answered", unsupportedNumbers: [String] = [], latencySeconds: Double = 0, promptTokens: Int = 0,
        completionTokens: Int = 0, modelCalls: Int = 0, error: String? = nil
    ) {
        self.questionID = questionID
        self.run = run
        self.routedAgent = routedAgent
        self.routingMethod = routingMethod
        self.toolCalls = toolCalls
        self.answer = answer
        self.stopReason = stopReason
        self.unsupportedNumbers = unsupportedNumbers
        self.latencySeconds = latencySeconds
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.modelCalls = modelCalls
        self.error = error
    }
}

/// Prices of a hosted model, US$ per million tokens (0 for a local one).
public struct EvalPricing: Sendable, Codable, Hashable {
    /// US$ per million prompt tokens.
    public var inputPerMillion: Double
    /// US$ per million completion tokens.
    public var outputPerMillion: Double

    /// Prices per million prompt and completion tokens.
    public init(inputPerMillion: Double = 0, outputPerMillion: Double = 0) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    /// The cost of a run's tokens, US$.
    public func cost(prompt: Int, completion: Int) -> Double {
        (Double(prompt) * inputPerMillion + Double(completion) * outputPerMillion) / 1_000_000
    }
}

/// One fact of a question and whether the answer holds it.
public struct EvalFactCheck: Sendable, Codable, Hashable {
    /// The fact's label.
    public var label: String
    /// The expected value.
    public var expected: Double
    /// The answer's number that matched, as written.
    public var found: String?
}

/// The scores of one run of one question.
public struct EvalQuestionScore: Sendable, Codable, Hashable {
    /// The question's id.
    public var id: String
    /// The run number (0-based).
    public var run: Int
    /// The question's category.
    public var category: String
    /// The question's language.
    public var language: String
    /// The specialists that may answer.
    public var expectedAgents: [String]
    /// The specialist the router chose.
    public var routedAgent: String?
    /// Whether the router chose one of them.
    public var routingCorrect: Bool
    /// Share of expected calls whose tool was called (nil: the question expects no call).
    public var toolSelection: Double?
    /// Share of the selected expected calls whose arguments matched (nil: none selected).
    public var argumentAccuracy: Double?
    /// Share of facts found in the answer (nil: no facts).
    public var factAccuracy: Double?
    /// The facts and whether the answer holds them.
    public var facts: [EvalFactCheck]
    /// Numbers in the answers that no tool returned.
    public var groundingViolations: Int
    /// answer, refuse or ask_back.
    public var expectedBehaviour: String
    /// answer, refuse, ask_back, stopped or error.
    public var observedBehaviour: String
    /// Whether the observed behaviour is the expected one.
    public var behaviourCorrect: Bool
    /// Whether every check is right.
    public var passed: Bool
    /// Wall-clock time of the run, s.
    public var latencySeconds: Double
    /// Prompt tokens the server reported.
    public var promptTokens: Int
    /// Completion tokens the server reported.
    public var completionTokens: Int
    /// Cost of the tokens, US$.
    public var cost: Double
    /// Why it did not pass, one line each.
    public var failures: [String]
}

/// The scoring: a pure function of a question, its facts' values and the trace of a run.
public enum EvalScoring {
    /// Phrases that state a refusal (English and Chinese).
    public static let refusalMarkers = [
        "cannot answer", "can't answer", "can not answer", "do not cover", "does not cover", "don't cover", "not covered",
        "no data", "not available", "not in the data", "outside the data", "unable to", "cannot give", "i cannot", "i can't",
        "无法", "没有数据", "不包括", "不涵盖", "未涵盖", "数据不", "不能回答", "没有相关"
    ]

    /// How the agent behaved: error, stopped (a limit), refuse, ask_back or answer.
    public static func behaviour(_ t: EvalTrace) -> String {
        if t.error != nil { return "error" }
        switch t.stopReason {
        case "refusal": return "refuse"
        case "question": return "ask_back"
        case "step_limit", "time_limit", "token_limit": return "stopped"
        default: break
        }
        let text = answerText(t.answer)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasSuffix("?") || trimmed.hasSuffix("？") { return "ask_back" }
        let lower = trimmed.lowercased()
        if refusalMarkers.contains(where: { lower.contains($0) }) { return "refuse" }
        return "answer"
    }

    /// The answer without the grounding validator's "⚠ Unverified" note (which repeats the numbers).
    public static func answerText(_ answer: String) -> String {
        guard let r = answer.range(of: "\n\n⚠ Unverified:") else { return answer }
        return String(answer[..<r.lowerBound])
    }

    /// Whether an actual argument matches an expected value (see ``EvalToolCall``).
    public static func argumentMatches(_ expected: JSON, _ actual: JSON?) -> Bool {
        let a: JSON? = (actual == nil || actual == .null) ? nil : actual
        if case .object(let o) = expected {
            if let alts = o["one_of"]?.arrayValue { return alts.contains { $0 == .null ? a == nil : argumentMatches($0, a) } }
            if let v = o["value"]?.doubleValue, let x = number(a) { return abs(x - v) <= (o["tolerance"]?.doubleValue ?? 1e-6 * max(abs(v), 1)) }
            guard case .object(let ao)? = a else { return false }
            return o.allSatisfy { argumentMatches($0.value, ao[$0.key]) }
        }
        guard let a else { return expected == .null }
        switch expected {
        case .string(let s):
            let t = a.stringValue ?? a.intValue.map(String.init) ?? ""
            return s.trimmingCharacters(in: .whitespaces).caseInsensitiveCompare(t.trimmingCharacters(in: .whitespaces)) == .orderedSame
        case .number(let v):
            guard let x = number(a) else { return false }
            return abs(x - v) <= 1e-6 * max(abs(v), 1)
        case .array(let xs):
            guard let ys = a.arrayValue, ys.count == xs.count else { return false }
            return zip(xs, ys).allSatisfy { argumentMatches($0, $1) }
        default: return expected == a
        }
    }

    static func number(_ j: JSON?) -> Double? {
        j?.doubleValue ?? j?.stringValue.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Whether a call is the expected one: same tool and every expected argument matching.
    public static func callMatches(_ expected: EvalToolCall, _ call: EvalObservedCall) -> Bool {
        guard call.tool == expected.tool else { return false }
        return (expected.args ?? [:]).allSatisfy { argumentMatches($0.value, call.arguments[$0.key]) }
    }

    /// (tool selection, argument accuracy) over the expected calls.
    static func toolScores(_ expected: [EvalExpectedCall], _ calls: [EvalObservedCall]) -> (Double?, Double?, [String]) {
        guard !expected.isEmpty else { return (nil, nil, []) }
        var selected = 0, argsOK = 0
        var failures: [String] = []
        for e in expected {
            let names = Set(e.alternatives.map(\.tool))
            guard calls.contains(where: { names.contains($0.tool) }) else {
                failures.append("did not call \(names.sorted().joined(separator: " or "))")
                continue
            }
            selected += 1
            if calls.contains(where: { c in e.alternatives.contains { callMatches($0, c) } }) {
                argsOK += 1
            } else {
                let got = calls.filter { names.contains($0.tool) }.map { "\($0.tool) \($0.arguments.text())" }
                failures.append(
                    "wrong arguments: \(got.joined(separator: "; ")) (expected \(e.alternatives.map { "\($0.tool) \(JSON.object($0.args ?? [:]).text())" }.joined(separator: " or ")))"
                )
            }
        }
        return (Double(selected) / Double(expected.count), selected == 0 ? nil : Double(argsOK) / Double(selected), failures)
    }

    /// The facts found in the answer (a number of the answer within the fact's tolerance).
    static func factChecks(_ facts: [ResolvedFact], answer: String) -> [EvalFactCheck] {
        let mentions = NumberExtractor.extract(answerText(answer)).filter { !$0.isListMarker }
        return facts.map { f in
            let hit = mentions.first { f.fact.matches($0.value, value: f.value) }
            return EvalFactCheck(label: f.fact.label, expected: f.value, found: hit?.text)
        }
    }

    /// Scores one run of a question.
    public static func score(_ q: EvalQuestion, facts: [ResolvedFact], trace t: EvalTrace, pricing: EvalPricing = EvalPricing()) -> EvalQuestionScore
    {
        var failures: [String] = []
        if let e = t.error { failures.append("error: \(e)") }
        let routed = t.routedAgent.map { q.specialist.names.contains($0) } ?? false
        if !routed { failures.append("routed to \(t.routedAgent ?? "nothing"), expected \(q.specialist.names.joined(separator: " or "))") }
        let (sel, args, toolFailures) = toolScores(q.tools ?? [], t.toolCalls)
        failures += toolFailures
        let checks = factChecks(facts, answer: t.answer)
        let factAcc: Double? = checks.isEmpty ? nil : Double(checks.filter { $0.found != nil }.count) / Double(checks.count)
        for c in checks where c.found == nil { failures.append("answer lacks \(c.label) (\(fmtNumber(c.expected)))") }
        if !t.unsupportedNumbers.isEmpty { failures.append("numbers no tool returned: \(t.unsupportedNumbers.joined(separator: ", "))") }
        let observed = behaviour(t)
        let behaviourOK = observed == q.behaviour.rawValue
        if !behaviourOK { failures.append("expected to \(q.behaviour.rawValue), did \(observed)") }
        let passed = failures.isEmpty
        return EvalQuestionScore(
            id: q.id, run: t.run, category: q.category, language: q.language ?? "en", expectedAgents: q.specialist.names,
            routedAgent: t.routedAgent, routingCorrect: routed, toolSelection: sel, argumentAccuracy: args, factAccuracy: factAcc,
            facts: checks, groundingViolations: t.unsupportedNumbers.count, expectedBehaviour: q.behaviour.rawValue,
            observedBehaviour: observed, behaviourCorrect: behaviourOK, passed: passed, latencySeconds: t.latencySeconds,
            promptTokens: t.promptTokens, completionTokens: t.completionTokens,
            cost: pricing.cost(prompt: t.promptTokens, completion: t.completionTokens), failures: failures)
    }
}
