import Foundation

/// Scores of a group of runs (a category, a specialist, a language).
public struct EvalGroupScore: Sendable, Codable, Hashable {
    /// The name (a category, specialist or language; a fact's label).
    public var name: String
    /// Number of runs.
    public var runs: Int
    /// Share of runs with every check right.
    public var passRate: Double
    /// Share of runs routed to an expected specialist.
    public var routingAccuracy: Double
    /// Mean share of expected tools called (runs expecting tools).
    public var toolSelectionAccuracy: Double?
    /// Mean share of selected expected calls with the right arguments.
    public var argumentAccuracy: Double?
    /// Mean share of facts found in the answers.
    public var factAccuracy: Double?
    /// Share of runs that answered, refused or asked back as expected.
    public var behaviourAccuracy: Double
    /// Numbers in the answers that no tool returned.
    public var groundingViolations: Int

    /// The scores of `runs` under `name`.
    public init(name: String, _ runs: [EvalQuestionScore]) {
        func share(_ f: (EvalQuestionScore) -> Bool) -> Double { runs.isEmpty ? 0 : Double(runs.filter(f).count) / Double(runs.count) }
        self.name = name
        self.runs = runs.count
        passRate = share(\.passed)
        routingAccuracy = share(\.routingCorrect)
        toolSelectionAccuracy = EvalSummary.mean(runs.compactMap(\.toolSelection))
        argumentAccuracy = EvalSummary.mean(runs.compactMap(\.argumentAccuracy))
        factAccuracy = EvalSummary.mean(runs.compactMap(\.factAccuracy))
        behaviourAccuracy = share(\.behaviourCorrect)
        groundingViolations = runs.reduce(0) { $0 + $1.groundingViolations }
    }
}

/// How a set was run: the model, the endpoint and the settings that make it reproducible.
public struct EvalSettings: Sendable, Codable, Hashable {
    /// The model.
    public var model: String
    /// The server's base URL.
    public var baseURL: String
    /// Sampling temperature sent with every request.
    public var temperature: Double
    /// Seed sent with every request.
    public var seed: Int
    /// Runs per question.
    public var repeats: Int
    /// Runs at the same time.
    public var concurrency: Int
    /// "on" (the server accepted json_schema / strict tools), "off", or "refused" (probed, not accepted).
    public var structuredOutputs: String

    /// The settings of a run.
    public init(
        model: String, baseURL: String, temperature: Double = 0, seed: Int = 42, repeats: Int = 1, concurrency: Int = 4,
        structuredOutputs: String = "off"
    ) {
        self.model = model
        self.baseURL = baseURL
        self.temperature = temperature
        self.seed = seed
        self.repeats = repeats
        self.concurrency = concurrency
        self.structuredOutputs = structuredOutputs
    }
}

/// The aggregate scores of an evaluation (a pure function of the per-run scores).
public struct EvalSummary: Sendable, Codable, Hashable {
    /// The questions (count, list or scores, as the type says).
    public var questions: Int
    /// Number of runs.
    public var runs: Int
    /// Share of runs with every check right.
    public var passRate: Double
    /// Share of runs routed to an expected specialist.
    public var routingAccuracy: Double
    /// Mean share of expected tools called (runs expecting tools).
    public var toolSelectionAccuracy: Double?
    /// Mean share of selected expected calls with the right arguments.
    public var argumentAccuracy: Double?
    /// Mean share of facts found in the answers.
    public var factAccuracy: Double?
    /// Share of runs that answered, refused or asked back as expected.
    public var behaviourAccuracy: Double
    /// Numbers in the answers that no tool returned.
    public var groundingViolations: Int
    /// Runs whose answer had at least one grounding violation.
    public var runsWithGroundingViolations: Int
    /// Runs of questions that must be refused.
    public var refusalsExpected: Int
    /// Of those, runs that refused.
    public var refusalsCorrect: Int
    /// Runs that refused a question they should have answered.
    public var falseRefusals: Int
    /// Runs of questions that must be asked back.
    public var askBackExpected: Int
    /// Of those, runs that asked back.
    public var askBackCorrect: Int
    /// Runs that failed (the model server's error).
    public var errors: Int
    /// Mean wall-clock time of a run, s.
    public var latencyMeanSeconds: Double
    /// Median run time, s.
    public var latencyP50Seconds: Double
    /// 95th percentile of the run time, s.
    public var latencyP95Seconds: Double
    /// Prompt tokens the server reported.
    public var promptTokens: Int
    /// Completion tokens the server reported.
    public var completionTokens: Int
    /// Cost of the tokens, US$.
    public var cost: Double
    /// Scores per question category.
    public var byCategory: [EvalGroupScore]
    /// Scores per expected specialist.
    public var bySpecialist: [EvalGroupScore]
    /// Scores per language.
    public var byLanguage: [EvalGroupScore]

    static func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }

    /// The nearest-rank percentile `p` (0–100) of `xs`.
    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, max(0, Int((p / 100 * Double(s.count)).rounded(.up)) - 1))]
    }

    static func groups(_ s: [EvalQuestionScore], by key: (EvalQuestionScore) -> String) -> [EvalGroupScore] {
        Dictionary(grouping: s, by: key).map { EvalGroupScore(name: $0.key, $0.value) }.sorted { $0.name < $1.name }
    }

    /// The summary of per-run scores.
    public init(_ s: [EvalQuestionScore]) {
        let all = EvalGroupScore(name: "all", s)
        questions = Set(s.map(\.id)).count
        runs = s.count
        passRate = all.passRate
        routingAccuracy = all.routingAccuracy
        toolSelectionAccuracy = all.toolSelectionAccuracy
        argumentAccuracy = all.argumentAccuracy
        factAccuracy = all.factAccuracy
        behaviourAccuracy = all.behaviourAccuracy
        groundingViolations = all.groundingViolations
        runsWithGroundingViolations = s.filter { $0.groundingViolations > 0 }.count
        refusalsExpected = s.filter { $0.expectedBehaviour == "refuse" }.count
        refusalsCorrect = s.filter { $0.expectedBehaviour == "refuse" && $0.behaviourCorrect }.count
        falseRefusals = s.filter { $0.expectedBehaviour == "answer" && $0.observedBehaviour == "refuse" }.count
        askBackExpected = s.filter { $0.expectedBehaviour == "ask_back" }.count
        askBackCorrect = s.filter { $0.expectedBehaviour == "ask_back" && $0.behaviourCorrect }.count
        errors = s.filter { $0.observedBehaviour == "error" }.count
        let lat = s.map(\.latencySeconds)
        latencyMeanSeconds = Self.mean(lat) ?? 0
        latencyP50Seconds = Self.percentile(lat, 50)
        latencyP95Seconds = Self.percentile(lat, 95)
        promptTokens = s.reduce(0) { $0 + $1.promptTokens }
        completionTokens = s.reduce(0) { $0 + $1.completionTokens }
        cost = s.reduce(0) { $0 + $1.cost }
        byCategory = Self.groups(s) { $0.category }
        bySpecialist = Self.groups(s) { $0.expectedAgents.first ?? "" }
        byLanguage = Self.groups(s) { $0.language }
    }
}

/// The result of `yuheng agents eval`: settings, summary, the score of every run and its trace.
public struct EvalReport: Sendable, Codable {
    /// How the set was run.
    public var settings: EvalSettings
    /// The aggregate scores.
    public var summary: EvalSummary
    /// The questions (count, list or scores, as the type says).
    public var questions: [EvalQuestionScore]
    /// Every run's trace, in the set's order.
    public var traces: [EvalTrace]

    /// A report from per-run scores and traces (summary computed).
    public init(settings: EvalSettings, scores: [EvalQuestionScore], traces: [EvalTrace]) {
        self.settings = settings
        self.summary = EvalSummary(scores)
        self.questions = scores
        self.traces = traces
    }

    /// The `--json` document: snake_case keys; tool arguments kept as the model sent them.
    public var json: JSON {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .custom { path in
            let last = path.last!
            if path.dropLast().contains(where: { $0.stringValue == "arguments" }) { return last }
            return SnakeKey(Self.snake(last.stringValue))
        }
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return (try? JSON.parse(e.encode(self))) ?? .null
    }

    struct SnakeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// "latencyP50Seconds" → "latency_p50_seconds", "questionID" → "question_id".
    static func snake(_ s: String) -> String {
        var out = ""
        var previous: Character? = nil
        for c in s {
            if c.isUppercase, let p = previous, p.isLowercase || p.isNumber { out += "_" }
            out += c.lowercased()
            previous = c
        }
        return out
    }
}
