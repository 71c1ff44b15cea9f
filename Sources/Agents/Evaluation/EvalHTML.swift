import Foundation

/// The HTML report of an evaluation: the summary, the scores per category, specialist and language
/// (where the model fails), then every run with its failures and its trace.
public enum EvalHTML {
    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func pct(_ x: Double?) -> String { x.map { String(format: "%.1f %%", $0 * 100) } ?? "–" }

    /// A cell's class: bad under 50 %, weak under 100 %.
    static func cls(_ x: Double?) -> String {
        guard let x else { return "" }
        return x >= 0.999 ? "ok" : (x < 0.5 ? "bad" : "weak")
    }

    static let style = """
        body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
        td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f3f3f3}
        .ok{background:#e6f4ea}.weak{background:#fff4d6}.bad{background:#fde2e1}.num{text-align:right}
        details{margin:.3em 0}pre{white-space:pre-wrap;background:#f8f8f8;padding:.5em;margin:.2em 0}
        """

    /// The whole page.
    public static func render(_ r: EvalReport) -> String {
        let s = r.settings
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Yuheng agents evaluation — \(esc(s.model))</title>
            <style>\(style)</style></head><body>
            <h1>Agents evaluation: \(esc(s.model))</h1>
            <p>Endpoint \(esc(s.baseURL)); temperature \(s.temperature), seed \(s.seed), \(s.repeats) run(s) per question, concurrency \(s.concurrency); \
            structured outputs: \(esc(s.structuredOutputs)).</p>
            \(summaryTable(r.summary))
            <h2>By category</h2>\(groupTable(r.summary.byCategory))
            <h2>By specialist</h2>\(groupTable(r.summary.bySpecialist))
            <h2>By language</h2>\(groupTable(r.summary.byLanguage))
            <h2>Questions</h2>\(questionTable(r.questions))
            <h2>Traces</h2>\(traces(r))
            </body></html>
            """
    }

    static func summaryTable(_ m: EvalSummary) -> String {
        let rows: [(String, String, String)] = [
            ("questions / runs", "\(m.questions) / \(m.runs)", ""),
            ("passed (every check right)", pct(m.passRate), cls(m.passRate)),
            ("routing accuracy", pct(m.routingAccuracy), cls(m.routingAccuracy)),
            ("tool-selection accuracy", pct(m.toolSelectionAccuracy), cls(m.toolSelectionAccuracy)),
            ("argument accuracy", pct(m.argumentAccuracy), cls(m.argumentAccuracy)),
            ("answer-fact accuracy", pct(m.factAccuracy), cls(m.factAccuracy)),
            ("behaviour (answer / refuse / ask back)", pct(m.behaviourAccuracy), cls(m.behaviourAccuracy)),
            ("grounding violations (runs)", "\(m.groundingViolations) (\(m.runsWithGroundingViolations))", m.groundingViolations == 0 ? "ok" : "bad"),
            ("refusals right / expected; false refusals", "\(m.refusalsCorrect) / \(m.refusalsExpected); \(m.falseRefusals)", ""),
            ("asked back right / expected", "\(m.askBackCorrect) / \(m.askBackExpected)", ""),
            ("errors", "\(m.errors)", m.errors == 0 ? "" : "bad"),
            ("latency mean / p50 / p95", String(format: "%.2f / %.2f / %.2f s", m.latencyMeanSeconds, m.latencyP50Seconds, m.latencyP95Seconds), ""),
            ("tokens prompt / completion", "\(m.promptTokens) / \(m.completionTokens)", ""),
            ("cost", String(format: "US$ %.4f", m.cost), "")
        ]
        return "<table>" + rows.map { "<tr><th>\($0.0)</th><td class=\"\($0.2)\">\(esc($0.1))</td></tr>" }.joined() + "</table>"
    }

    static func groupTable(_ groups: [EvalGroupScore]) -> String {
        var h =
            "<table><tr><th>group</th><th>runs</th><th>passed</th><th>routing</th><th>tools</th><th>arguments</th><th>facts</th><th>behaviour</th><th>grounding violations</th></tr>"
        for g in groups {
            h += "<tr><td>\(esc(g.name))</td><td class=\"num\">\(g.runs)</td>"
            for x in [g.passRate, g.routingAccuracy, g.toolSelectionAccuracy, g.argumentAccuracy, g.factAccuracy, g.behaviourAccuracy] {
                h += "<td class=\"num \(cls(x))\">\(pct(x))</td>"
            }
            h += "<td class=\"num \(g.groundingViolations == 0 ? "ok" : "bad")\">\(g.groundingViolations)</td></tr>"
        }
        return h + "</table>"
    }

    static func questionTable(_ qs: [EvalQuestionScore]) -> String {
        var h =
            "<table><tr><th>question</th><th>run</th><th>category</th><th>lang</th><th>routed (expected)</th><th>tools</th><th>arguments</th><th>facts</th>"
            + "<th>behaviour</th><th>latency</th><th>tokens</th><th>cost</th><th>what went wrong</th></tr>"
        for q in qs {
            h +=
                "<tr class=\"\(q.passed ? "ok" : "bad")\" id=\"q-\(esc(q.id))-\(q.run)\"><td><a href=\"#t-\(esc(q.id))-\(q.run)\">\(esc(q.id))</a></td><td>\(q.run + 1)</td>"
            h += "<td>\(esc(q.category))</td><td>\(esc(q.language))</td>"
            h +=
                "<td class=\"\(q.routingCorrect ? "ok" : "bad")\">\(esc(q.routedAgent ?? "–")) (\(esc(q.expectedAgents.joined(separator: "/"))))</td>"
            for x in [q.toolSelection, q.argumentAccuracy, q.factAccuracy] { h += "<td class=\"num \(cls(x))\">\(pct(x))</td>" }
            h += "<td class=\"\(q.behaviourCorrect ? "ok" : "bad")\">\(esc(q.observedBehaviour)) (\(esc(q.expectedBehaviour)))</td>"
            h += String(
                format: "<td class=\"num\">%.2f s</td><td class=\"num\">%ld + %ld</td><td class=\"num\">%.4f</td>", q.latencySeconds, q.promptTokens,
                q.completionTokens, q.cost)
            h += "<td>\(q.failures.map(esc).joined(separator: "<br>"))</td></tr>"
        }
        return h + "</table>"
    }

    static func traces(_ r: EvalReport) -> String {
        r.traces.map { t in
            var h =
                "<details id=\"t-\(esc(t.questionID))-\(t.run)\"><summary>\(esc(t.questionID)) run \(t.run + 1): \(esc(t.routedAgent ?? "–")) → \(t.toolCalls.count) tool call(s), \(esc(t.stopReason))</summary>"
            for c in t.toolCalls { h += "<pre>\(esc(c.tool)) \(esc(c.arguments.text()))\(c.isError ? " (error)" : "")</pre>" }
            h += "<pre>\(esc(t.answer))</pre>"
            if let e = t.error { h += "<p class=\"bad\">\(esc(e))</p>" }
            return h + "</details>"
        }.joined(separator: "\n")
    }
}
