import Foundation
import Testing
import YuhengAgentsTesting
import YuhengTestSupport
@testable import YuhengAgents

/// The repository's question set: it loads, covers what the issue asks for, and every fact's query
/// runs on the bundled data. A set with a wrong name fails with the question's id.
@Suite("evaluation question set", .serialized)
struct EvaluationSetTests {
    static var setPath: String { TestPaths.package("evaluation/agents").path }

    @Test("the set loads: ≥ 60 questions over the five specialists, both languages, refusals, ask-backs, multi-step")
    func loads() throws {
        let set = try EvalSet.load([Self.setPath])
        let q = set.questions
        #expect(q.count >= 60)
        for a in Specialists.all.map(\.name) { #expect(q.filter { $0.specialist.names == [a] }.count >= 5, "\(a)") }
        #expect(q.filter { $0.language == "zh" }.count >= 10)
        #expect(q.filter { $0.behaviour == .refuse }.count >= 5)
        #expect(q.filter { $0.behaviour == .askBack }.count >= 5)
        #expect(q.filter { $0.category == "multi_step" }.count >= 5)
        #expect(q.contains { $0.id == "trade-compare-chn-usa-2022" && ($0.facts?.count ?? 0) == 2 })
    }

    @Test("unknown tools, specialists and keys fail the load with the question's id")
    func validation() throws {
        let dir = TestEnv.root.appendingPathComponent("bad-sets")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func load(_ yaml: String) -> String {
            let f = dir.appendingPathComponent("\(UUID().uuidString).yaml")
            try? yaml.write(to: f, atomically: true, encoding: .utf8)
            do { _ = try EvalSet.load([f.path]); return "" } catch { return "\(error)" }
        }
        let tool = load("questions:\n  - {id: q7, question: x, category: lookup, specialist: trade, tools: [{tool: panoramma}]}\n")
        #expect(tool.contains("q7") && tool.contains("panoramma") && tool.contains("did you mean 'panorama'"), "\(tool)")
        let agent = load("questions:\n  - {id: q8, question: x, category: lookup, specialist: trading}\n")
        #expect(agent.contains("q8") && agent.contains("trading"), "\(agent)")
        let fact = load("questions:\n  - {id: q9, question: x, category: lookup, specialist: trade, facts: [{tool: mrio_acounts, path: a}]}\n")
        #expect(fact.contains("q9") && fact.contains("mrio_acounts"), "\(fact)")
        let key = load("questions:\n  - {id: q10, question: x, category: lookup, specialist: trade, expected: refuse}\n")
        #expect(key.contains("unknown key 'expected'"), "\(key)")
        let twice = load(
            "questions:\n  - {id: q11, question: x, category: a, specialist: trade}\n  - {id: q11, question: y, category: a, specialist: trade}\n")
        #expect(twice.contains("q11") && twice.contains("twice"), "\(twice)")
    }

    @Test("every fact is a query that runs on the bundled data and gives a finite number", .tags(.slow))
    func factsResolve() async throws {
        _ = TestEnv.database
        let set = try EvalSet.load([Self.setPath])
        let facts = try await FactResolver(context: TestEnv.context).resolveAll(set.questions)
        #expect(facts.values.reduce(0) { $0 + $1.count } == set.questions.reduce(0) { $0 + ($1.facts?.count ?? 0) })
        #expect(facts.values.joined().allSatisfy { $0.value.isFinite && $0.value != 0 })
        // The fact of the comparison question is the panorama's own number (the same tool, the same data).
        let account = try TestEnv.context.panorama(year: 2022)
        #expect(facts["trade-compare-chn-usa-2022"]?[0].value == account.rows.first { $0.region == "CHN" }?.consumptionMt)
    }
}

/// `yuheng agents eval` through the real binary, against the scripted server.
@Suite("yuheng agents eval", .serialized)
struct EvalCommandTests {
    @Test("--json has the summary keys and --report writes the HTML report")
    func cli() async throws {
        _ = TestEnv.database
        let dir = TestEnv.root.appendingPathComponent("eval-cli")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let set = dir.appendingPathComponent("set.yaml")
        try EvalScript.setYAML.write(to: set, atomically: true, encoding: .utf8)
        let html = dir.appendingPathComponent("report.html")
        let s = try ScriptedLLMServer([], fallback: EvalScript.reply(EvalScript.bad))
        let o = try await Binary.run([
            "agents", "eval", "--set", set.path, "--base-url", s.baseURL, "--model", "scripted", "--concurrency", "2",
            "--json", "--report", html.path, "--db", TestEnv.dbPath, "--output-dir", TestEnv.outputDir.path
        ])
        #expect(o.status == 0, "\(o.stderr)")
        let j = try JSON.parse(o.stdout)
        let summary = try #require(j["summary"])
        for k in [
            "pass_rate", "routing_accuracy", "tool_selection_accuracy", "argument_accuracy", "fact_accuracy", "grounding_violations",
            "refusals_expected",
            "refusals_correct", "false_refusals", "latency_mean_seconds", "latency_p95_seconds", "prompt_tokens", "completion_tokens", "cost",
            "by_category",
            "by_specialist", "by_language"
        ] {
            #expect(summary[k] != nil, "summary.\(k)")
        }
        #expect(summary["routing_accuracy"] == 0.8 && summary["argument_accuracy"] == 0.5 && summary["grounding_violations"] == 2)
        #expect(j["settings"]?["structured_outputs"] == "on" && j["settings"]?["model"] == "scripted")
        #expect(j["questions"]?.arrayValue?.count == 5 && j["traces"]?.arrayValue?.count == 5)
        // The probe went first; every tool of the agents' requests was sent strict.
        let agentRequests = s.requests.filter { $0.body["tools"] != nil }
        #expect(s.requests.filter { $0.body["response_format"] != nil }.count == 1)
        #expect(agentRequests.allSatisfy { r in r.body["tools"]?.arrayValue?.allSatisfy { $0["function"]?["strict"] == true } == true })
        let page = try String(contentsOf: html, encoding: .utf8)
        for needle in ["<h2>By category</h2>", "t-shock", "wrong arguments", "numbers no tool returned: 98765.4", "routed to natural"] {
            #expect(page.contains(needle), "\(needle)")
        }
    }
}
