import Foundation
import YuhengCore

/// Paths into a tool result: `rows[CHN].adjustment_pct`, `series[0].years[year=2011].cba_mt`,
/// `regions[0].cba_mt`. A step is a key, or a selector in brackets on a list: an index, `key=value`
/// (the element whose field equals value, case-insensitively), or a bare value (the element whose
/// `region`, `iso3`, `country`, `year`, `name` or `origin` equals it).
public enum EvalPath {
    enum Step: Equatable {
        case key(String)
        case index(Int)
        case match(String?, String)
    }

    static let matchKeys = ["region", "iso3", "country", "year", "name", "origin", "gas", "input"]

    static func steps(_ path: String) throws -> [Step] {
        var out: [Step] = []
        var word = ""
        var chars = Array(path)[...]
        func flush() { if !word.isEmpty { out.append(.key(word)); word = "" } }
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case ".": flush()
            case "[":
                flush()
                guard let end = chars.firstIndex(of: "]") else { throw EvalError(.invalidSet, "unclosed '[' in path '\(path)'") }
                let sel = String(chars[chars.startIndex..<end]).trimmingCharacters(in: .whitespaces)
                chars = chars[chars.index(after: end)...]
                if let i = Int(sel) {
                    out.append(.index(i))
                } else if let eq = sel.firstIndex(of: "=") {
                    out.append(
                        .match(
                            String(sel[..<eq]).trimmingCharacters(in: .whitespaces),
                            String(sel[sel.index(after: eq)...]).trimmingCharacters(in: .whitespaces)))
                } else {
                    out.append(.match(nil, sel))
                }
            default: word.append(c)
            }
        }
        flush()
        return out
    }

    /// Text of a scalar for comparisons ("2011" for 2011.0).
    static func scalarText(_ j: JSON) -> String? {
        if let s = j.stringValue { return s }
        if let i = j.intValue { return String(i) }
        if let d = j.doubleValue { return String(d) }
        return nil
    }

    /// The value at `path` in `json`, or an error naming the step that failed.
    public static func select(_ path: String, in json: JSON) throws -> JSON {
        var cur = json
        for step in try steps(path) {
            var next: JSON?
            switch step {
            case .key(let k): next = cur[k]
            case .index(let i): next = cur[i]
            case .match(let key, let value):
                next = cur.arrayValue?.first { e in
                    (key.map { [$0] } ?? matchKeys).contains { k in e[k].flatMap(scalarText)?.caseInsensitiveCompare(value) == .orderedSame }
                }
            }
            guard let n = next else {
                throw EvalError(.factQuery, "the path '\(path)' does not exist in the tool result (at \(step))")
            }
            cur = n
        }
        return cur
    }
}

/// A fact with its value on the current data.
public struct ResolvedFact: Sendable, Hashable, Codable {
    /// The fact as written in the set.
    public var fact: EvalFact
    /// Its value on the current data.
    public var value: Double
}

/// Evaluates facts by calling the same tool implementations the agents call, on the bundled data.
/// Results are cached per (tool, arguments), so a fact shared by several questions runs once.
public actor FactResolver {
    let registry: ToolRegistry
    let context: ToolContext
    var cache: [String: JSON] = [:]

    /// A resolver over `registry`'s tools with `context`'s database.
    public init(registry: ToolRegistry = YuhengTools.registry(), context: ToolContext) {
        self.registry = registry
        self.context = context
    }

    /// The value of one fact; an error names the question, the tool and why.
    public func resolve(_ fact: EvalFact, question: String) async throws -> ResolvedFact {
        let args = JSON.object(fact.args ?? [:])
        let key = fact.tool + " " + args.text()
        let payload: JSON
        if let c = cache[key] {
            payload = c
        } else {
            let outcome = await registry.call(fact.tool, arguments: args, context: context)
            if let e = outcome.error {
                throw EvalError(.factQuery, "question '\(question)': the fact query \(fact.tool) \(args.text()) failed: \(e.message)")
            }
            payload = outcome.payload
            cache[key] = payload
        }
        let v: JSON
        do { v = try EvalPath.select(fact.path, in: payload["result"] ?? .null) } catch let e as EvalError {
            throw EvalError(.factQuery, "question '\(question)': \(e.message)")
        }
        guard let d = v.doubleValue, d.isFinite else {
            throw EvalError(.factQuery, "question '\(question)': \(fact.path) of \(fact.tool) is \(v.text()), not a number")
        }
        return ResolvedFact(fact: fact, value: d)
    }

    /// The values of every fact of every question, by question id (in the facts' order).
    public func resolveAll(_ questions: [EvalQuestion]) async throws -> [String: [ResolvedFact]] {
        var out: [String: [ResolvedFact]] = [:]
        for q in questions {
            var facts: [ResolvedFact] = []
            for f in q.facts ?? [] { facts.append(try await resolve(f, question: q.id)) }
            out[q.id] = facts
        }
        return out
    }
}
