import Foundation
import Testing
@testable import YuhengAgents

/// The scoring is a pure function of the question, its facts and a trace: these traces are built by hand.
@Suite("evaluation scoring")
struct EvaluationScoringTests {
    let question = EvalQuestion(
        id: "q", question: "Compare CHN and USA in 2022.", category: "multi_step", specialist: ["trade"],
        tools: [
            EvalExpectedCall(tool: "panorama", args: ["year": 2022, "country": "CHN"]),
            EvalExpectedCall(tool: "panorama", args: ["year": 2022, "country": "USA"])
        ],
        facts: [EvalFact(tool: "panorama", path: "rows[CHN].consumption_mt"), EvalFact(tool: "panorama", path: "rows[USA].consumption_mt")])
    var facts: [ResolvedFact] { [ResolvedFact(fact: question.facts![0], value: 14000.4), ResolvedFact(fact: question.facts![1], value: 6100.2)] }
    let calls = [
        EvalObservedCall(tool: "panorama", arguments: ["year": 2022, "country": "chn"]),
        EvalObservedCall(tool: "panorama", arguments: ["year": 2022, "country": "USA"])
    ]

    @Test("a perfect run scores 1 everywhere and passes")
    func perfect() {
        let t = EvalTrace(
            questionID: "q", routedAgent: "trade", toolCalls: calls, answer: "China 14,000 Mt, the USA 6,100 Mt CO2e.", promptTokens: 1000,
            completionTokens: 200)
        let s = EvalScoring.score(question, facts: facts, trace: t, pricing: EvalPricing(inputPerMillion: 2, outputPerMillion: 10))
        #expect(s.passed, "\(s.failures)")
        #expect(s.routingCorrect && s.toolSelection == 1 && s.argumentAccuracy == 1 && s.factAccuracy == 1 && s.groundingViolations == 0)
        #expect(s.facts.map(\.found) == ["14,000", "6,100"])
        #expect(abs(s.cost - (1000.0 * 2 + 200.0 * 10) / 1e6) < 1e-15)
    }

    @Test("each mistake costs its own score")
    func mistakes() {
        // Wrong route, one tool missing, the other with a wrong year, one fact missing, one invented number.
        let t = EvalTrace(
            questionID: "q", routedAgent: "natural",
            toolCalls: [
                EvalObservedCall(tool: "panorama", arguments: ["year": 2021, "country": "CHN"]),
                EvalObservedCall(tool: "mrio_accounts", arguments: ["region": "USA"])
            ],
            answer: "China 14,000 Mt, and 777 Mt more.\n\n⚠ Unverified: 777 does not come from any tool result.", unsupportedNumbers: ["777"])
        let s = EvalScoring.score(question, facts: facts, trace: t)
        #expect(!s.passed && !s.routingCorrect)
        #expect(s.toolSelection == 1) // panorama was called (both expectations name it) …
        #expect(s.argumentAccuracy == 0) // … but never with the expected arguments
        #expect(s.factAccuracy == 0.5)
        #expect(s.groundingViolations == 1)
        #expect(s.behaviourCorrect)
        let missing = EvalTrace(questionID: "q", routedAgent: "trade", toolCalls: [calls[0]], answer: "China 14,000 Mt.")
        let m = EvalScoring.score(question, facts: facts, trace: missing)
        #expect(m.toolSelection == 1 && m.argumentAccuracy == 0.5)
        let none = EvalScoring.score(
            question, facts: facts, trace: EvalTrace(questionID: "q", routedAgent: "trade", toolCalls: [], answer: "No idea."))
        #expect(none.toolSelection == 0 && none.argumentAccuracy == nil && none.factAccuracy == 0)
    }

    @Test("behaviour: refusals, questions back, limits and errors")
    func behaviour() {
        func b(_ answer: String, stop: String = "answered", error: String? = nil) -> String {
            EvalScoring.behaviour(EvalTrace(questionID: "q", routedAgent: "trade", toolCalls: [], answer: answer, stopReason: stop, error: error))
        }
        #expect(b("The data do not cover 2035.") == "refuse")
        #expect(b("数据无法覆盖2035年。") == "refuse")
        #expect(b("Which country do you mean?") == "ask_back")
        #expect(b("您指的是哪个国家？") == "ask_back")
        #expect(b("China emitted 14,000 Mt.") == "answer")
        #expect(b("…", stop: "refusal") == "refuse")
        #expect(b("…", stop: "step_limit") == "stopped")
        #expect(b("", stop: "error", error: "unreachable") == "error")
    }

    @Test("argument matchers: case, alternatives, absent, tolerance, numbers as text")
    func arguments() {
        #expect(EvalScoring.argumentMatches("CHN", "chn"))
        #expect(!EvalScoring.argumentMatches("CHN", "USA"))
        #expect(EvalScoring.argumentMatches(["one_of": ["CHN", .null]], nil))
        #expect(EvalScoring.argumentMatches(["one_of": ["CHN", .null]], .null))
        #expect(!EvalScoring.argumentMatches(["one_of": ["CHN"]], nil))
        #expect(EvalScoring.argumentMatches(["value": 1.1, "tolerance": 0.01], 1.105))
        #expect(!EvalScoring.argumentMatches(["value": 1.1, "tolerance": 0.01], 1.2))
        #expect(EvalScoring.argumentMatches(2022, "2022"))
        #expect(EvalScoring.argumentMatches("2022", 2022))
        #expect(EvalScoring.argumentMatches(["CH4"], ["ch4"]))
    }

    @Test("paths select by index, by key=value and by region")
    func paths() throws {
        let j: JSON = ["rows": [["region": "USA", "v": 1], ["region": "CHN", "v": 2]], "series": [["year": "2011", "x": 3], ["year": 2012, "x": 4]]]
        #expect(try EvalPath.select("rows[CHN].v", in: j) == 2)
        #expect(try EvalPath.select("rows[0].v", in: j) == 1)
        #expect(try EvalPath.select("series[year=2011].x", in: j) == 3)
        #expect(try EvalPath.select("series[year=2012].x", in: j) == 4)
        #expect(throws: EvalError.self) { try EvalPath.select("rows[DEU].v", in: j) }
    }

    @Test("the summary aggregates runs; groups by category; percentiles by nearest rank")
    func summary() {
        func score(_ id: String, _ cat: String, passed: Bool, latency: Double, tools: Double?) -> EvalQuestionScore {
            EvalQuestionScore(
                id: id, run: 0, category: cat, language: "en", expectedAgents: ["trade"], routedAgent: "trade", routingCorrect: passed,
                toolSelection: tools, argumentAccuracy: nil, factAccuracy: nil, facts: [], groundingViolations: passed ? 0 : 2,
                expectedBehaviour: "answer", observedBehaviour: passed ? "answer" : "refuse", behaviourCorrect: passed, passed: passed,
                latencySeconds: latency, promptTokens: 10, completionTokens: 5, cost: 0.5, failures: [])
        }
        let s = EvalSummary([
            score("a", "x", passed: true, latency: 1, tools: 1), score("b", "x", passed: false, latency: 3, tools: 0.5),
            score("c", "y", passed: true, latency: 2, tools: nil), score("d", "y", passed: true, latency: 10, tools: nil)
        ])
        #expect(s.passRate == 0.75 && s.routingAccuracy == 0.75 && s.toolSelectionAccuracy == 0.75 && s.argumentAccuracy == nil)
        #expect(s.groundingViolations == 2 && s.runsWithGroundingViolations == 1 && s.falseRefusals == 1)
        #expect(s.latencyP50Seconds == 2 && s.latencyP95Seconds == 10 && s.latencyMeanSeconds == 4)
        #expect(s.promptTokens == 40 && s.cost == 2)
        #expect(s.byCategory.map(\.name) == ["x", "y"] && s.byCategory[0].passRate == 0.5)
    }

    @Test("strict schemas: every property required, optional ones nullable, nested too")
    func strictSchema() {
        let schema: JSON = [
            "type": "object", "required": ["region"], "additionalProperties": false,
            "properties": [
                "region": ["type": "string"], "year": ["type": "integer"], "gas": ["type": "string", "enum": ["co2", "ghg"]],
                "items": [
                    "type": "array",
                    "items": ["type": "object", "required": ["process"], "properties": ["process": ["type": "string"], "amount": ["type": "number"]]]
                ]
            ]
        ]
        let s = StrictSchema.strict(schema)
        #expect(s["required"] == ["gas", "items", "region", "year"])
        #expect(s["properties"]?["region"]?["type"] == "string")
        #expect(s["properties"]?["year"]?["type"] == ["integer", "null"])
        #expect(s["properties"]?["gas"]?["enum"] == ["co2", "ghg", .null])
        #expect(s["properties"]?["items"]?["items"]?["required"] == ["amount", "process"])
        #expect(s["properties"]?["items"]?["items"]?["properties"]?["amount"]?["type"] == ["number", "null"])
        #expect(s["properties"]?["items"]?["items"]?["additionalProperties"] == false)
        let tool = StrictSchema.strictTool(["type": "function", "function": ["name": "x", "parameters": schema]])
        #expect(tool["function"]?["strict"] == true)
    }

    @Test("JSON keys are snake_case; tool arguments keep the model's keys")
    func jsonKeys() {
        let t = EvalTrace(questionID: "q", routedAgent: "trade", toolCalls: [EvalObservedCall(tool: "x", arguments: ["fromYear": 1])], answer: "a")
        let r = EvalReport(
            settings: EvalSettings(model: "m", baseURL: "u"), scores: [EvalScoring.score(question, facts: facts, trace: t)], traces: [t])
        let j = r.json
        #expect(j["summary"]?["latency_p50_seconds"] != nil)
        #expect(j["settings"]?["base_url"] == "u")
        #expect(j["traces"]?[0]?["question_id"] == "q")
        #expect(j["traces"]?[0]?["tool_calls"]?[0]?["arguments"]?["fromYear"] == 1)
    }
}
