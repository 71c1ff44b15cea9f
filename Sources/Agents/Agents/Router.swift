import Foundation

/// Hands a question to one of the specialists: the model chooses with a `route` tool; when the
/// model's choice is not a valid agent (or its reply is malformed) the keywords decide.
public struct Router: Sendable {
    /// The specialists a question can be sent to (default: all five).
    public var agents: [AgentSpec]

    /// A router over `agents`.
    public init(agents: [AgentSpec] = Specialists.all) {
        self.agents = agents
    }

    var routeTool: JSON {
        [
            "type": "function",
            "function": [
                "name": "route",
                "description": "Send the question to the specialist agent that can answer it.",
                "parameters": [
                    "type": "object",
                    "properties": [
                        "agent": ["type": "string", "enum": .array(agents.map { .string($0.name) }), "description": "The specialist."],
                        "reason": ["type": "string", "description": "Why, in a few words."]
                    ], "required": ["agent"], "additionalProperties": false
                ]
            ]
        ]
    }

    var prompt: String {
        "You route questions about greenhouse-gas accounting to one specialist. Call the route tool with one of:\n"
            + agents.map { "- \($0.name): \($0.summary)" }.joined(separator: "\n")
    }

    /// Routes with the model, falling back on keywords. Connection and authentication errors are thrown
    /// (the user must fix them); a malformed or invalid reply only triggers the fallback.
    public func route(_ question: String, model: ChatModel?) async throws -> RoutingDecision {
        guard let model else { return keywordRoute(question, note: "no model") }
        let request = ChatRequest(
            messages: [.system(prompt), .user(question)], tools: [routeTool], toolChoice: .function("route"), temperature: 0, stream: false)
        let completion: ChatCompletion
        do {
            completion = try await model.complete(request, onEvent: nil)
        } catch let e as LLMError where e.code == .badResponse || (e.code == .httpStatus && e.status != 404) {
            // A reply that cannot be read, or a server that rejects a named tool_choice: route by keywords.
            // Unreachable servers, bad keys and timeouts are the user's to fix and are thrown.
            return keywordRoute(question, note: "the model's routing reply was unusable (\(e.message))")
        }
        let call = completion.message.toolCalls.first { $0.name == "route" } ?? completion.message.toolCalls.first
        if let call, let args = try? JSON.parse(ArgumentRepair.repair(call.arguments)), let a = args["agent"]?.stringValue {
            if let spec = agents.first(where: { $0.name == a.lowercased().trimmingCharacters(in: .whitespaces) }) {
                return RoutingDecision(agent: spec.name, reason: args["reason"]?.stringValue ?? "chosen by the model", method: "model")
            }
            return keywordRoute(question, note: "the model chose '\(a)', which is not an agent")
        }
        // Some models answer in text: accept a lone agent name.
        let text = (completion.message.content ?? "").lowercased()
        let named = agents.filter { text.range(of: "\\b\($0.name)\\b", options: .regularExpression) != nil }
        if named.count == 1 { return RoutingDecision(agent: named[0].name, reason: "named by the model in text", method: "model") }
        return keywordRoute(question, note: call == nil ? "the model did not call route" : "the route call had malformed arguments")
    }

    /// Keyword scores; product amounts ("1 t of", "500 kg") count for LCA. Ties go to the earlier agent.
    public func keywordRoute(_ question: String, note: String? = nil) -> RoutingDecision {
        let q = " " + question.lowercased() + " "
        var best: (AgentSpec, Int)? = nil
        for a in agents {
            var score = a.keywords.reduce(0) { $0 + (q.contains($1) ? 1 : 0) }
            if a.name == "lca",
                q.range(of: "\\b\\d+(\\.\\d+)?\\s*(kg|t|tonnes?|tons?|kwh|mj|m3|litres?|liters?|l)\\s+of\\b", options: .regularExpression) != nil
            {
                score += 2
            }
            if score > (best?.1 ?? 0) { best = (a, score) }
        }
        let chosen = best?.0 ?? agents.first { $0.name == "trade" } ?? agents[0]
        let why = best.map { "keywords matched (\($0.1))" } ?? "no keyword matched; default"
        return RoutingDecision(agent: chosen.name, reason: [note, why].compactMap { $0 }.joined(separator: "; "), method: "keywords")
    }
}
