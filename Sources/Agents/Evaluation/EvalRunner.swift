import Foundation
import YuhengCore

/// Counts what the model server reported for one run: tokens and model calls.
final class UsageRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var prompt = 0
    private(set) var completion = 0
    private(set) var calls = 0
    private(set) var routed: RoutingDecision?
    private(set) var toolCalls: [EvalObservedCall] = []

    func add(_ u: TokenUsage?) {
        lock.lock(); defer { lock.unlock() }
        calls += 1
        prompt += u?.promptTokens ?? 0
        completion += u?.completionTokens ?? 0
    }

    func event(_ e: AgentEvent) {
        lock.lock(); defer { lock.unlock() }
        switch e {
        case .routed(let d): routed = d
        case .toolResult(let t): toolCalls.append(EvalObservedCall(tool: t.tool, arguments: t.arguments, isError: t.isError))
        default: break
        }
    }
}

/// A model that sends a fixed temperature and seed with every request and records the usage.
struct RecordingModel: ChatModel {
    let base: ChatModel
    let recorder: UsageRecorder
    let temperature: Double
    let seed: Int

    var modelName: String { base.modelName }

    func complete(_ request: ChatRequest, onEvent: (@Sendable (StreamEvent) -> Void)?) async throws -> ChatCompletion {
        var r = request
        r.temperature = temperature
        r.seed = seed
        let c = try await base.complete(r, onEvent: onEvent)
        recorder.add(c.usage)
        return c
    }
}

/// Runs an evaluation set against a model: every question `repeats` times, at most `concurrency`
/// at once, each through the same ``Assistant`` as `yuheng ask` (router, specialist, tools, grounding),
/// then scores each run (``EvalScoring``). The result does not depend on the order runs finish in.
public struct EvalRunner: Sendable {
    /// The model.
    public var model: ChatModel
    /// The tools' database and output folder.
    public var context: ToolContext
    /// The agents' limits (steps, tokens, wall clock).
    public var limits: AgentLimits
    /// Sampling temperature sent with every request.
    public var temperature: Double
    /// Seed sent with every request.
    public var seed: Int
    /// Runs per question.
    public var repeats: Int
    /// Runs at the same time.
    public var concurrency: Int
    /// Token prices for the cost.
    public var pricing: EvalPricing

    /// A runner; `model` is the client (wrapped in ``StructuredOutputsModel`` to use structured outputs).
    public init(
        model: ChatModel, context: ToolContext, limits: AgentLimits = AgentLimits(), temperature: Double = 0, seed: Int = 42,
        repeats: Int = 1, concurrency: Int = 4, pricing: EvalPricing = EvalPricing()
    ) {
        self.model = model
        self.context = context
        self.limits = limits
        self.temperature = temperature
        self.seed = seed
        self.repeats = max(1, repeats)
        self.concurrency = max(1, concurrency)
        self.pricing = pricing
    }

    /// One run of one question, as a trace (a failed run has `error` set; it never throws).
    public func trace(_ q: EvalQuestion, run: Int) async -> EvalTrace {
        let rec = UsageRecorder()
        let assistant = Assistant(
            model: RecordingModel(base: model, recorder: rec, temperature: temperature, seed: seed), context: context, limits: limits)
        let start = ContinuousClock.now
        var t = EvalTrace(questionID: q.id, run: run, routedAgent: nil, toolCalls: [], answer: "", stopReason: "error")
        do {
            let a = try await assistant.ask(q.question, onEvent: { rec.event($0) })
            t.routedAgent = a.routing?.agent ?? a.agent
            t.routingMethod = a.routing?.method
            t.toolCalls = a.trace.map { EvalObservedCall(tool: $0.tool, arguments: $0.arguments, isError: $0.isError) }
            t.answer = a.answer
            t.stopReason = a.stopReason.rawValue
            t.unsupportedNumbers = a.grounding.unsupported.map(\.text)
        } catch {
            t.routedAgent = rec.routed?.agent
            t.routingMethod = rec.routed?.method
            t.toolCalls = rec.toolCalls
            t.error = ErrorReport(error).description
        }
        let d = ContinuousClock.now - start
        t.latencySeconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        t.promptTokens = rec.prompt
        t.completionTokens = rec.completion
        t.modelCalls = rec.calls
        return t
    }

    /// Runs the set; scores and traces in the set's order (question, then run).
    public func run(_ questions: [EvalQuestion], facts: [String: [ResolvedFact]], onDone: (@Sendable (EvalTrace) -> Void)? = nil) async -> (
        [EvalQuestionScore], [EvalTrace]
    ) {
        let jobs = questions.indices.flatMap { q in (0..<repeats).map { (q, $0) } }
        var traces: [Int: EvalTrace] = [:]
        await withTaskGroup(of: (Int, EvalTrace).self) { group in
            var next = 0
            func add() {
                guard next < jobs.count else { return }
                let (k, (qi, r)) = (next, jobs[next])
                next += 1
                group.addTask { (k, await trace(questions[qi], run: r)) }
            }
            for _ in 0..<min(concurrency, jobs.count) { add() }
            while let (k, t) = await group.next() {
                traces[k] = t
                onDone?(t)
                add()
            }
        }
        let ordered = jobs.indices.map { traces[$0]! }
        let scores = zip(jobs, ordered).map { job, t in
            EvalScoring.score(questions[job.0], facts: facts[questions[job.0].id] ?? [], trace: t, pricing: pricing)
        }
        return (scores, ordered)
    }
}

/// The settings of `yuheng agents eval` besides the model server's.
public struct EvalOptions: Sendable {
    /// Sampling temperature sent with every request.
    public var temperature: Double
    /// Seed sent with every request.
    public var seed: Int
    /// Runs per question.
    public var repeats: Int
    /// Runs at the same time.
    public var concurrency: Int
    /// Whether to use structured outputs.
    public var structured: StructuredOutputsMode
    /// Token prices for the cost.
    public var pricing: EvalPricing

    /// Defaults: temperature 0, seed 42, one run per question, four at once, structured outputs probed.
    public init(
        temperature: Double = 0, seed: Int = 42, repeats: Int = 1, concurrency: Int = 4, structured: StructuredOutputsMode = .auto,
        pricing: EvalPricing = EvalPricing()
    ) {
        self.temperature = temperature
        self.seed = seed
        self.repeats = repeats
        self.concurrency = concurrency
        self.structured = structured
        self.pricing = pricing
    }
}

/// `yuheng agents eval` as a function: resolves the facts on the bundled data, runs the set against
/// the configured server and returns the report.
public enum AgentEvaluation {
    /// Runs `set` against the server of `configuration` with the tools of `context`.
    public static func run(
        _ set: EvalSet, configuration: LLMConfiguration, context: ToolContext, options: EvalOptions = EvalOptions(),
        cache: StructuredOutputsCache = .shared, onDone: (@Sendable (EvalTrace) -> Void)? = nil
    ) async throws -> EvalReport {
        let facts = try await FactResolver(context: context).resolveAll(set.questions)
        let client = OpenAICompatibleClient(configuration: configuration)
        let model = StructuredOutputsModel(client, endpoint: configuration.baseURL, mode: options.structured, cache: cache)
        let runner = EvalRunner(
            model: model, context: context, limits: AgentLimits(configuration), temperature: options.temperature, seed: options.seed,
            repeats: options.repeats, concurrency: options.concurrency, pricing: options.pricing)
        let (scores, traces) = await runner.run(set.questions, facts: facts, onDone: onDone)
        let structured: String
        switch options.structured {
        case .off: structured = "off"
        default: structured = await cache.answer(configuration.baseURL).map { $0 ? "on" : "refused" } ?? "unknown"
        }
        let settings = EvalSettings(
            model: configuration.model, baseURL: configuration.baseURL, temperature: options.temperature, seed: options.seed,
            repeats: runner.repeats, concurrency: runner.concurrency, structuredOutputs: structured)
        return EvalReport(settings: settings, scores: scores, traces: traces)
    }
}
