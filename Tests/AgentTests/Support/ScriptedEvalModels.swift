import Foundation
import YuhengAgentsTesting
@testable import YuhengAgents

/// Scripted models for the evaluation harness: each question (by its text) has a plan — where to
/// route, which tools to call, how to answer from the tool results the request carries back. The
/// reply is computed from each request, so questions can run in parallel in any order.
enum EvalScript {
    struct Plan: Sendable {
        var agent: String
        var calls: [ScriptedLLMServer.Call]
        /// The final answer from the tool results of the conversation (name, envelope).
        var answer: @Sendable ([(name: String, payload: JSON)]) -> String
    }

    /// The server's reply to any request: the json_schema probe, a routing request, a first agent step, or the answer.
    static func reply(_ plans: [String: Plan]) -> ScriptedLLMServer.Reply {
        .dynamic { body in
            if body["response_format"] != nil { return .text(#"{"ok": true}"#) }
            let messages = body["messages"]?.arrayValue ?? []
            let question = messages.first { $0["role"] == "user" }?["content"]?.stringValue ?? ""
            guard let plan = plans[question] else { return .text("This question is not in the script.") }
            if body["tool_choice"]?["function"]?["name"] == "route" {
                return .toolCalls([.init("route", #"{"agent": "\#(plan.agent)", "reason": "scripted"}"#)])
            }
            let results = ScriptedLLMServer.toolMessages(body)
            if results.isEmpty && !plan.calls.isEmpty { return .toolCalls(plan.calls) }
            return .text(plan.answer(results))
        }
    }

    /// The number at `path` of the first result of `tool`, printed with `decimals` decimals.
    static func quote(_ results: [(name: String, payload: JSON)], _ tool: String, _ path: String, decimals: Int = 1) -> String {
        guard let r = results.first(where: { $0.name == tool }), let v = try? EvalPath.select(path, in: r.payload["result"] ?? .null),
            let d = v.doubleValue
        else {
            return "(no result)"
        }
        return String(format: "%.\(decimals)f", d)
    }

    static let cbaQuestion = "What were China's consumption-based greenhouse-gas emissions in 2022?"
    static let shockQuestion = "What if Germany's final demand for construction rises by 10 %? How do global CO2 emissions change?"
    static let sinkQuestion = "How large was the global ocean carbon sink in 2015, in GtC per year?"
    static let refuseQuestion = "What will China's consumption-based emissions be in 2035?"
    static let routeQuestion = "What is the difference between Sobol indices and Spearman rank correlations for ranking uncertain inputs?"

    /// The five-question set of the tests, in YAML (facts are queries, as in the repository's set).
    static let setYAML = """
        questions:
          - id: t-cba
            question: "\(cbaQuestion)"
            category: lookup
            specialist: trade
            tools:
              - {tool: panorama, args: {year: 2022, country: {one_of: [CHN, ~]}}}
            facts:
              - {tool: panorama, args: {year: 2022, country: CHN}, path: "rows[CHN].consumption_mt"}
          - id: t-shock
            question: "\(shockQuestion)"
            category: scenario
            specialist: industrial
            tools:
              - {tool: mrio_shock, args: {region: DEU, sector: {one_of: [F, construction]}, factor: {value: 1.1, tolerance: 0.000001}}}
            facts:
              - {tool: mrio_shock, args: {region: DEU, sector: F, factor: 1.1}, path: delta_total_mt}
          - id: t-sink
            question: "\(sinkQuestion)"
            category: lookup
            specialist: natural
            tools:
              - {tool: global_carbon_budget, args: {year: 2015}}
            facts:
              - {tool: global_carbon_budget, args: {year: 2015}, path: ocean_sink_gtc, tolerance: 0.05}
          - id: t-refuse
            question: "\(refuseQuestion)"
            category: refusal
            specialist: trade
            expect: refuse
          - id: t-route
            question: "\(routeQuestion)"
            category: routing
            specialist: uncertainty
        """

    /// A model that does everything right.
    static let good: [String: Plan] = [
        cbaQuestion: Plan(agent: "trade", calls: [.init("panorama", #"{"year": 2022, "country": "CHN"}"#)]) { r in
            "China's consumption-based GHG emissions in 2022 were \(EvalScript.quote(r, "panorama", "rows[CHN].consumption_mt")) Mt CO2e (a nowcast)."
        },
        shockQuestion: Plan(agent: "industrial", calls: [.init("mrio_shock", #"{"region": "DEU", "sector": "F", "factor": 1.1}"#)]) { r in
            "Global CO2 emissions would change by \(EvalScript.quote(r, "mrio_shock", "delta_total_mt", decimals: 3)) Mt."
        },
        sinkQuestion: Plan(agent: "natural", calls: [.init("global_carbon_budget", #"{"year": 2015}"#)]) { r in
            "The ocean sink was \(EvalScript.quote(r, "global_carbon_budget", "ocean_sink_gtc", decimals: 2)) GtC per year in 2015."
        },
        refuseQuestion: Plan(agent: "trade", calls: []) { _ in "The data do not cover 2035: the series ends with the nowcast of 2023." },
        routeQuestion: Plan(agent: "uncertainty", calls: []) { _ in
            "Sobol indices split the variance; Spearman correlations rank monotonic influence."
        }
    ]

    /// A model with one known mistake per question: an invented number, a wrong argument, a wrong
    /// tool, a number instead of a refusal, a wrong route.
    static let bad: [String: Plan] = [
        cbaQuestion: Plan(agent: "trade", calls: [.init("panorama", #"{"year": 2022, "country": "CHN"}"#)]) { r in
            "China's consumption-based GHG emissions in 2022 were \(EvalScript.quote(r, "panorama", "rows[CHN].consumption_mt")) Mt CO2e, 98765.4 Mt above its 1990 level."
        },
        shockQuestion: Plan(agent: "industrial", calls: [.init("mrio_shock", #"{"region": "DEU", "sector": "F", "factor": 1.2}"#)]) { r in
            "Global CO2 emissions would change by \(EvalScript.quote(r, "mrio_shock", "delta_total_mt", decimals: 3)) Mt."
        },
        sinkQuestion: Plan(agent: "natural", calls: [.init("list_datasets", "{}")]) { _ in "I could not find the ocean sink in the datasets listed."
        },
        refuseQuestion: Plan(agent: "trade", calls: []) { _ in "It will be about 16543.2 Mt CO2e." },
        routeQuestion: Plan(agent: "natural", calls: []) { _ in "Sobol indices split the variance; Spearman correlations rank monotonic influence." }
    ]
}
