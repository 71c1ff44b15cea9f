import Foundation

/// Every tool of Yuheng, read-only.
public enum YuhengTools {
    /// Every read-only tool Yuheng offers to agents and MCP clients, type-erased.
    public static func all() -> [AnyAgentTool] {
        [
            AnyAgentTool(SearchFactorsTool()), AnyAgentTool(GetGWPTool()), AnyAgentTool(CalculateInventoryTool()),
            AnyAgentTool(MRIOAccountsTool()), AnyAgentTool(MRIOSeriesTool()), AnyAgentTool(MRIOTransfersTool()), AnyAgentTool(MRIOPathsTool()),
            AnyAgentTool(PanoramaTool()), AnyAgentTool(MRIOSDATool()),
            AnyAgentTool(LCASearchTool()), AnyAgentTool(LCACalculateTool()), AnyAgentTool(LCAContributionsTool()), AnyAgentTool(LCAStudyTool()),
            AnyAgentTool(MonteCarloTool()), AnyAgentTool(SensitivityTool()),
            AnyAgentTool(ListDatasetsTool()), AnyAgentTool(NationalEmissionsTool()), AnyAgentTool(MRIOShockTool()), AnyAgentTool(SQLQueryTool()),
            AnyAgentTool(GlobalCarbonBudgetTool())
        ]
    }

    /// A registry of every tool; arguments over `maxArgumentBytes` (default 64 KiB) are rejected before decoding.
    public static func registry(maxArgumentBytes: Int = 64 * 1024) -> ToolRegistry {
        ToolRegistry(all(), maxArgumentBytes: maxArgumentBytes)
    }
}

/// The entry point of `yuheng ask` and `yuheng chat`: routes a question to a specialist and runs it.
///
/// ```swift
/// let config = try LLMConfiguration.resolve()
/// let assistant = Assistant(model: OpenAICompatibleClient(configuration: config), context: ToolContext(db: db, outputDirectory: out),
///                           limits: AgentLimits(config))
/// let answer = try await assistant.ask("How much CO2 does China export embodied in trade?")
/// print(answer.answer, answer.grounding.unsupported)
/// ```
public struct Assistant: Sendable {
    /// The chat model that routes and answers.
    public var model: ChatModel
    /// The database, output folder and caches the tools use.
    public var context: ToolContext
    /// The tools available (default: every Yuheng tool).
    public var registry: ToolRegistry
    /// Steps, tokens and wall-clock time of a turn.
    public var limits: AgentLimits
    /// Refuse (instead of mark) answers with numbers no tool returned.
    public var strictGrounding: Bool
    /// Chooses the specialist for a question (by the model, else by keywords).
    public var router: Router

    /// An assistant; by default it offers every tool and marks ungrounded numbers.
    public init(
        model: ChatModel, context: ToolContext, registry: ToolRegistry = YuhengTools.registry(), limits: AgentLimits = AgentLimits(),
        strictGrounding: Bool = false, router: Router = Router()
    ) {
        self.model = model
        self.context = context
        self.registry = registry
        self.limits = limits
        self.strictGrounding = strictGrounding
        self.router = router
    }

    /// Answers a question. `agent` skips the router; `history` carries earlier turns of a chat.
    /// The whole turn (routing, every step, every retry) has one deadline: the limits' wall clock.
    public func ask(_ question: String, agent: String? = nil, history: [ChatMessage] = [], onEvent: (@Sendable (AgentEvent) -> Void)? = nil)
        async throws -> AgentAnswer
    {
        try await LLMDeadline.within(seconds: limits.wallClockSeconds) {
            try await turn(question, agent: agent, history: history, onEvent: onEvent)
        }
    }

    private func turn(_ question: String, agent: String?, history: [ChatMessage], onEvent: (@Sendable (AgentEvent) -> Void)?) async throws
        -> AgentAnswer
    {
        let decision: RoutingDecision
        if let a = agent {
            guard Specialists.named(a) != nil else {
                throw LLMError(.configuration, "unknown agent '\(a)'", suggestion: "agents: \(Specialists.all.map(\.name).joined(separator: ", "))")
            }
            decision = RoutingDecision(agent: a.lowercased(), reason: "chosen by the user", method: "forced")
        } else {
            decision = try await router.route(question, model: model)
        }
        onEvent?(.routed(decision))
        let spec = Specialists.named(decision.agent) ?? Specialists.trade
        var answer: AgentAnswer
        if spec.name == "lca", let request = LCARequest.parse(question) {
            answer = try await LCAWorkflow(model: model, registry: registry, context: context, limits: limits).run(
                request, question: question, onEvent: onEvent)
        } else {
            answer = try await AgentRunner(model: model, registry: registry, context: context, limits: limits, strictGrounding: strictGrounding)
                .run(spec, question: question, history: history, onEvent: onEvent)
        }
        answer.routing = decision
        if strictGrounding && !answer.grounding.unsupported.isEmpty && answer.stopReason == .answered {
            answer.answer = GroundingValidator.refusal(answer.grounding)
            answer.stopReason = .refusal
        }
        return answer
    }
}
