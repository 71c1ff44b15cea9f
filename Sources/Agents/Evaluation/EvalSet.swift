import Foundation
import YuhengCore
import YuhengData

/// An error of the evaluation harness: a question set that does not load or validate.
public struct EvalError: YuhengError, Equatable {
    /// What went wrong.
    public enum Code: String, ErrorCode {
        /// The question set names an unknown tool, specialist or behaviour, or repeats an id.
        case invalidSet
        /// A fact's query into the engines failed on the bundled data.
        case factQuery
        /// No question set file was found.
        case noQuestions

        /// Every evaluation error is input to correct.
        public var kind: ErrorKind { self == .noQuestions ? .notFound : .invalidInput }
    }
    /// "eval", the prefix of the qualified codes.
    public static let domain = "eval"
    /// What went wrong.
    public var code: Code
    /// The message.
    public var message: String
    /// What to do about it.
    public var suggestion: String?
    /// The question set file.
    public var location: ErrorLocation?

    /// An error with its code, message, an optional suggestion and the question set file.
    public init(_ code: Code, _ message: String, suggestion: String? = nil, file: String? = nil) {
        self.code = code
        self.message = message
        self.suggestion = suggestion
        self.location = ErrorLocation.make(file: file)
    }
}

/// What a question expects the agent to do: answer it, refuse it ("the data do not cover this"), or ask back.
public enum EvalBehaviour: String, Sendable, Codable, CaseIterable {
    case answer
    case refuse
    case askBack = "ask_back"
}

/// One or several strings (`specialist: trade` or `specialist: [trade, natural]`).
public struct EvalNames: Sendable, Codable, Hashable {
    /// The names, in the file's order.
    public var names: [String]

    /// The names given.
    public init(_ names: [String]) { self.names = names }

    /// Decodes a string or a list of strings.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { names = [s] } else { names = try c.decode([String].self) }
    }

    /// Encodes a single name as a string, several as a list.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if names.count == 1 { try c.encode(names[0]) } else { try c.encode(names) }
    }
}

/// A tool call and the arguments that matter. An argument's expected value is a scalar (strings
/// compare case-insensitively, numbers within 1e-6 relative), `{one_of: [a, b, null]}` (any of them;
/// null: the argument may be left out) or `{value: x, tolerance: t}` (a number within t).
public struct EvalToolCall: Sendable, Codable, Hashable {
    /// The tool's name.
    public var tool: String
    /// The arguments that matter (see ``EvalToolCall``).
    public var args: [String: JSON]?

    /// A call of `tool` with the arguments that matter.
    public init(tool: String, args: [String: JSON]? = nil) {
        self.tool = tool
        self.args = args
    }
}

/// An expected tool call: one call (`tool`, `args`) or alternatives of which one is enough (`one_of`).
public struct EvalExpectedCall: Sendable, Codable, Hashable {
    /// The tool's name.
    public var tool: String?
    /// The arguments that matter (see ``EvalToolCall``).
    public var args: [String: JSON]?
    /// Alternative calls, one of which is enough.
    public var oneOf: [EvalToolCall]?

    enum CodingKeys: String, CodingKey {
        case tool, args
        case oneOf = "one_of"
    }

    /// One call.
    public init(tool: String, args: [String: JSON]? = nil) {
        self.tool = tool
        self.args = args
    }

    /// The calls that satisfy this expectation.
    public var alternatives: [EvalToolCall] {
        oneOf ?? (tool.map { [EvalToolCall(tool: $0, args: args)] } ?? [])
    }
}

/// A fact the answer must contain: a number obtained at evaluation time by calling `tool` with
/// `args` on the bundled data and reading `path` in its result (see ``EvalPath``), never typed in.
/// The answer matches when one of its numbers is within `tolerance` (absolute) or `relative`
/// (fraction; default 0.01 when neither is given) of it.
public struct EvalFact: Sendable, Codable, Hashable {
    /// A label for reports.
    public var name: String?
    /// The tool's name.
    public var tool: String
    /// The arguments that matter (see ``EvalToolCall``).
    public var args: [String: JSON]?
    /// Where the number is in the tool's result.
    public var path: String
    /// Absolute tolerance.
    public var tolerance: Double?
    /// Relative tolerance (a fraction).
    public var relative: Double?

    /// A fact read at `path` from `tool(args)`.
    public init(name: String? = nil, tool: String, args: [String: JSON]? = nil, path: String, tolerance: Double? = nil, relative: Double? = nil) {
        self.name = name
        self.tool = tool
        self.args = args
        self.path = path
        self.tolerance = tolerance
        self.relative = relative
    }

    /// Whether `x` is close enough to the fact's value `v`.
    public func matches(_ x: Double, value v: Double) -> Bool {
        let a = abs(x), b = abs(v)
        if let t = tolerance, abs(a - b) <= t { return true }
        let r = relative ?? (tolerance == nil ? 0.01 : 0)
        return abs(a - b) <= r * max(b, 1e-12)
    }

    /// The fact's label in reports.
    public var label: String { name ?? "\(tool) \(path)" }
}

/// One question of the evaluation set.
public struct EvalQuestion: Sendable, Codable, Hashable {
    /// Unique name of the question.
    public var id: String
    /// The question as a user asks it.
    public var question: String
    /// "en" or "zh".
    public var language: String?
    /// lookup, multi_step, refusal, ask_back, routing, … (free text: the report groups by it).
    public var category: String
    /// The specialist(s) that may answer it.
    public var specialist: EvalNames
    /// Whether to answer, refuse or ask back (default answer).
    public var expect: EvalBehaviour?
    /// The expected tool calls.
    public var tools: [EvalExpectedCall]?
    /// Numbers the answer must contain.
    public var facts: [EvalFact]?
    /// Remarks for people reading the set.
    public var notes: String?

    /// A question (for tests and programs; files are read by ``EvalSet/load(_:)``).
    public init(
        id: String, question: String, language: String? = "en", category: String, specialist: [String], expect: EvalBehaviour? = nil,
        tools: [EvalExpectedCall]? = nil, facts: [EvalFact]? = nil
    ) {
        self.id = id
        self.question = question
        self.language = language
        self.category = category
        self.specialist = EvalNames(specialist)
        self.expect = expect
        self.tools = tools
        self.facts = facts
    }

    /// The expected behaviour (default: answer).
    public var behaviour: EvalBehaviour { expect ?? .answer }
}

/// A question set file: `questions: [...]` with an optional description.
struct EvalSetFile: Codable {
    var description: String?
    var questions: [EvalQuestion]
}

/// The evaluation questions (`evaluation/agents/*.yaml`), read with ``SafeYAML`` and validated:
/// unknown tools, specialists and repeated ids fail the load and name the question.
public struct EvalSet: Sendable {
    /// The questions of every file, in file order.
    public var questions: [EvalQuestion]
    /// The files read.
    public var files: [String]

    /// A set of questions already in memory (validated).
    public init(
        questions: [EvalQuestion], files: [String] = [], tools: Set<String> = Set(YuhengTools.registry().names),
        agents: Set<String> = Set(Specialists.all.map(\.name))
    ) throws {
        self.questions = questions
        self.files = files
        try Self.validate(questions, tools: tools, agents: agents, file: files.count == 1 ? files[0] : nil)
    }

    /// Reads files or folders (every `*.yaml`/`*.yml`/`*.json` in them, sorted by name).
    public static func load(_ paths: [String]) throws -> EvalSet {
        var files: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
                throw EvalError(.noQuestions, "no question set at \(p)", suggestion: "give a YAML file or a folder such as evaluation/agents")
            }
            if isDir.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: p).filter { n in
                    ["yaml", "yml", "json"].contains((n as NSString).pathExtension.lowercased())
                }
                files += names.sorted().map { (p as NSString).appendingPathComponent($0) }
            } else {
                files.append(p)
            }
        }
        guard !files.isEmpty else { throw EvalError(.noQuestions, "no question set files in \(paths.joined(separator: ", "))") }
        var questions: [EvalQuestion] = []
        for f in files {
            let text = try TextDecoding.utf8(try Data(contentsOf: URL(fileURLWithPath: f)))
            let set = try SafeYAML.decode(EvalSetFile.self, from: text, file: f, docs: "evaluation/agents/README.md")
            try validate(set.questions, tools: Set(YuhengTools.registry().names), agents: Set(Specialists.all.map(\.name)), file: f)
            questions += set.questions
        }
        return try EvalSet(questions: questions, files: files)
    }

    /// Checks names: every tool (expected calls and facts) and specialist must exist, ids must be unique.
    public static func validate(_ questions: [EvalQuestion], tools: Set<String>, agents: Set<String>, file: String?) throws {
        var seen: Set<String> = []
        func bad(_ q: EvalQuestion, _ what: String, _ name: String, _ known: Set<String>) -> EvalError {
            EvalError(
                .invalidSet, "question '\(q.id)': unknown \(what) '\(name)'",
                suggestion: EditDistance.didYouMean(name, in: Array(known)) ?? "known: \(known.sorted().joined(separator: ", "))", file: file)
        }
        for q in questions {
            guard seen.insert(q.id).inserted else { throw EvalError(.invalidSet, "question '\(q.id)' appears twice", file: file) }
            for s in q.specialist.names where !agents.contains(s) { throw bad(q, "specialist", s, agents) }
            for c in q.tools ?? [] {
                if c.alternatives.isEmpty { throw EvalError(.invalidSet, "question '\(q.id)': an expected call needs tool or one_of", file: file) }
                for a in c.alternatives where !tools.contains(a.tool) { throw bad(q, "tool", a.tool, tools) }
            }
            for f in q.facts ?? [] where !tools.contains(f.tool) { throw bad(q, "tool", f.tool, tools) }
            if q.behaviour != .answer && !(q.facts ?? []).isEmpty {
                throw EvalError(.invalidSet, "question '\(q.id)': a question that must be refused or asked back has no facts", file: file)
            }
        }
    }
}
