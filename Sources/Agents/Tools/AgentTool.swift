import Foundation
import YuhengCore

/// What a tool returns: the JSON result, the units of its numbers and the provenance of the data
/// behind them (dataset ids and versions).
public struct ToolResult: Sendable {
    /// The result proper (numbers, labels, lists).
    public var json: JSON
    /// Units of the result's numbers: field name (or path) → unit, e.g. "cba_kt" → "kt CO2".
    public var units: [String: String]
    /// Datasets the numbers come from.
    public var provenance: [Provenance]
    /// One line for traces and terminals.
    public var summary: String
    /// Files the tool wrote (reports), as absolute paths.
    public var files: [String]

    /// A result; units, provenance and files default to empty.
    public init(json: JSON, units: [String: String] = [:], provenance: [Provenance] = [], summary: String, files: [String] = []) {
        self.json = json
        self.units = units
        self.provenance = provenance
        self.summary = summary
        self.files = files
    }

    /// The envelope sent to a model or an MCP client: `{result, units, provenance, files}`.
    public var envelope: JSON {
        var o: [String: JSON] = ["result": json]
        if !units.isEmpty { o["units"] = .object(units.mapValues { .string($0) }) }
        o["provenance"] = .array(
            provenance.map { p in
                ["dataset_id": .string(p.datasetID), "version": .string(p.version), "source": .string(p.source), "licence": .string(p.licence)]
            })
        if !files.isEmpty { o["files"] = .array(files.map { .string($0) }) }
        return .object(o)
    }
}

/// Why a tool failed. The kind tells the agent whether to retry with other arguments
/// (`invalidInput`) or to state a refusal (`missingData`, `unitMismatch`).
///
/// Any other error becomes a tool error through its ``ErrorKind`` (``init(_:)-(any Error)``):
///
/// ```swift
/// ToolError.Kind(.notFound)      // .missingData
/// ToolError.Kind(.computation)   // .missingData: the data do not support the calculation
/// ```
public struct ToolError: YuhengError, Equatable {
    /// The kind of failure as the agents see it; it is also the error's code (`tool.missing_data`).
    public enum Kind: String, ErrorCode, Codable {
        case invalidInput = "invalid_input"
        case missingData = "missing_data"
        case unitMismatch = "unit_mismatch"
        case rejected
        case unavailable
        case failed

        /// The kind of a Yuheng error, as an agent should act on it: correct the arguments
        /// (`invalidInput`), or state a refusal because the data are missing or do not support
        /// the calculation (`missingData`), or because units do not convert (`unitMismatch`).
        public init(_ kind: ErrorKind) {
            switch kind {
            case .invalidInput, .unsupported: self = .invalidInput
            case .notFound, .computation: self = .missingData
            case .unitMismatch: self = .unitMismatch
            case .conflict, .tooLarge: self = .rejected
            case .unavailable, .timeLimit: self = .unavailable
            case .failure: self = .failed
            }
        }

        /// The ``ErrorKind`` of a tool error (a rejected call is input the tool refuses).
        public var kind: ErrorKind {
            switch self {
            case .invalidInput, .rejected: .invalidInput
            case .missingData: .notFound
            case .unitMismatch: .unitMismatch
            case .unavailable: .unavailable
            case .failed: .failure
            }
        }
    }
    /// "tool", the domain of the tools' own refusals (`tool.invalid_input`).
    public static let domain = "tool"
    /// What the agent should do about it.
    public var kind: Kind
    /// What went wrong, prefixed by where (file, line, field) when the error said.
    public var message: String
    /// What to do about it, when the error said.
    public var suggestion: String?
    /// The qualified code of the error the tool met (`lca.unknownProcess`, `numerics.singular`);
    /// nil for a refusal of the tool itself.
    public var cause: String?

    /// A tool's own refusal.
    public init(_ kind: Kind, _ message: String, suggestion: String? = nil) {
        self.kind = kind
        self.message = message
        self.suggestion = suggestion
    }

    /// The error's code is its kind.
    public var code: Kind { kind }

    /// The tool error of any error: a ``ToolError`` as it is, any other by its ``ErrorKind``, with
    /// the message prefixed by where the error was found (file, line, field), the suggestion apart
    /// and the error's own code as ``cause``. This is the agents' one mapping of errors.
    public init(_ error: any Error) {
        if let e = error as? ToolError { self = e; return }
        let r = ErrorReport(error)
        self.init(Kind(r.kind), ErrorText.describe(message: r.message, location: r.location, suggestion: nil), suggestion: r.suggestion)
        cause = r.code
    }

    /// `{error, kind, code, suggestion}` as the model sees it; `code` is the cause's code when
    /// there is one (`lca.unknownProcess`), else the tool's (`tool.invalid_input`).
    public var json: JSON {
        ["error": .string(message), "kind": .string(kind.rawValue), "code": .string(cause ?? qualifiedCode), "suggestion": .str(suggestion)]
    }
}

/// A typed, read-only operation of Yuheng that a model (or an MCP client) can call.
///
/// ```swift
/// struct GetGWP: AgentTool {
///     struct Input: ToolInput { var gas: String; var set: String?
///         static let fields: [String: FieldDoc] = ["gas": .init("Gas, e.g. CH4"), "set": .init("AR4, AR5 or AR6")] }
///     let name = "get_gwp"
///     let description = "Global warming potential of a gas in a GWP set."
///     func run(_ input: Input, context: ToolContext) async throws -> ToolResult { … }
/// }
/// ```
public protocol AgentTool: Sendable {
    associatedtype Input: ToolInput
    /// The name the model calls (snake_case).
    var name: String { get }
    /// What the tool does and when to use it, written for a model.
    var description: String { get }
    func run(_ input: Input, context: ToolContext) async throws -> ToolResult
}

extension AgentTool {
    /// JSON Schema of `Input`, derived from the type (see ``SchemaReflector``).
    public var inputSchema: JSON { SchemaReflector.schema(for: Input.self) }
}

/// A type-erased tool: decodes JSON arguments into the tool's input and runs it.
public struct AnyAgentTool: Sendable {
    /// The name the model calls (snake_case), e.g. "lca_calculate".
    public let name: String
    /// What the tool does and when to use it, written for a model.
    public let description: String
    /// JSON Schema of the tool's arguments, derived from its `Input` type.
    public let inputSchema: JSON
    private let invoke: @Sendable (Data, ToolContext) async throws -> ToolResult

    /// Erases `tool`'s type; arguments that do not decode as its `Input` fail with an `invalidInput` ``ToolError`` naming the field.
    public init<T: AgentTool>(_ tool: T) {
        name = tool.name
        description = tool.description
        inputSchema = tool.inputSchema
        invoke = { data, context in
            let input: T.Input
            do { input = try JSONDecoder().decode(T.Input.self, from: data) } catch let e as DecodingError {
                throw ToolError(
                    .invalidInput, "the arguments do not match the schema of \(tool.name): \(describe(e))",
                    suggestion: "send a JSON object with the fields of the schema")
            }
            return try await tool.run(input, context: context)
        }
    }

    /// Decodes the JSON `arguments` and runs the tool.
    /// - Throws: ``ToolError`` (`invalidInput`) for arguments that do not match the schema; the tool's own errors.
    public func run(arguments: Data, context: ToolContext) async throws -> ToolResult {
        try await invoke(arguments, context)
    }
}

func describe(_ e: DecodingError) -> String {
    func path(_ c: [CodingKey]) -> String { c.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") }
    switch e {
    case .keyNotFound(let k, let ctx): return "the field '\(path(ctx.codingPath + [k]))' is missing"
    case .typeMismatch(let t, let ctx): return "field '\(path(ctx.codingPath))' should be \(t)"
    case .valueNotFound(let t, let ctx): return "field '\(path(ctx.codingPath))' needs a \(t) value"
    case .dataCorrupted(let ctx): return ctx.codingPath.isEmpty ? "not valid JSON" : "field '\(path(ctx.codingPath))': \(ctx.debugDescription)"
    @unknown default: return "\(e)"
    }
}

/// The outcome of one tool call as agents and MCP see it.
public struct ToolOutcome: Sendable {
    /// Name of the tool called.
    public var tool: String
    /// The arguments as parsed (or the raw text as a string when they were not valid JSON).
    public var arguments: JSON
    /// The tool's result; nil when it failed.
    public var result: ToolResult?
    /// Why the call failed; nil on success.
    public var error: ToolError?
    /// Wall-clock seconds the call took, including decoding.
    public var durationSeconds: Double

    /// Whether the call failed.
    public var isError: Bool { error != nil }

    /// What goes back to the model: the result envelope or the error.
    public var payload: JSON { result?.envelope ?? error?.json ?? .null }

    /// One line for traces: the result's summary or "error: …".
    public var summary: String { result?.summary ?? "error: \(error?.description ?? "unknown")" }
}

/// The tools an agent or the MCP server offers, by name.
public struct ToolRegistry: Sendable {
    /// The tools offered, in the order given.
    public private(set) var tools: [AnyAgentTool]
    /// Arguments longer than this (bytes of JSON) are rejected before decoding.
    public var maxArgumentBytes: Int

    /// A registry of `tools`; arguments over `maxArgumentBytes` (default 64 KiB) are rejected before decoding.
    public init(_ tools: [AnyAgentTool], maxArgumentBytes: Int = 64 * 1024) {
        self.tools = tools
        self.maxArgumentBytes = maxArgumentBytes
    }

    /// The tools' names, in order.
    public var names: [String] { tools.map(\.name) }

    /// The tool called `name`; nil when there is none.
    public func tool(named name: String) -> AnyAgentTool? { tools.first { $0.name == name } }

    /// The registry restricted to `names` (unknown names are ignored).
    public func subset(_ names: [String]) -> ToolRegistry {
        var r = self
        r.tools = names.compactMap { n in tools.first { $0.name == n } }
        return r
    }

    /// Tools in the OpenAI `tools` format.
    public var openAITools: [JSON] {
        tools.map { t in
            ["type": "function", "function": ["name": .string(t.name), "description": .string(t.description), "parameters": t.inputSchema]]
        }
    }

    /// Runs a tool from raw JSON argument text. Never throws: failures come back as a ``ToolError``
    /// in the outcome, so a model can read them and recover.
    public func call(_ name: String, argumentsText: String, context: ToolContext) async -> ToolOutcome {
        let start = ContinuousClock.now
        func seconds() -> Double {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        let bytes = argumentsText.utf8.count
        guard bytes <= maxArgumentBytes else {
            return ToolOutcome(
                tool: name, arguments: .string(String(argumentsText.prefix(200)) + "…"), result: nil,
                error: ToolError(
                    .rejected, "the arguments of \(name) are \(bytes) bytes; the limit is \(maxArgumentBytes) bytes",
                    suggestion: "send shorter arguments (e.g. a smaller CSV or study text)"),
                durationSeconds: seconds())
        }
        let trimmed = argumentsText.trimmingCharacters(in: .whitespacesAndNewlines)
        let parsed: JSON
        do {
            parsed = trimmed.isEmpty ? .object([:]) : try JSON.parse(trimmed)
        } catch {
            return ToolOutcome(
                tool: name, arguments: .string(argumentsText), result: nil,
                error: ToolError(
                    .invalidInput, "the arguments of \(name) are not valid JSON: \(String(argumentsText.prefix(120)))",
                    suggestion: "call \(name) again with a JSON object matching its schema"),
                durationSeconds: seconds())
        }
        guard case .object = parsed else {
            return ToolOutcome(
                tool: name, arguments: parsed, result: nil,
                error: ToolError(
                    .invalidInput, "the arguments of \(name) must be a JSON object", suggestion: "call \(name) again with a JSON object"),
                durationSeconds: seconds())
        }
        guard let tool = tool(named: name) else {
            return ToolOutcome(
                tool: name, arguments: parsed, result: nil,
                error: ToolError(.invalidInput, "there is no tool '\(name)'", suggestion: "available tools: \(names.joined(separator: ", "))"),
                durationSeconds: seconds())
        }
        do {
            let r = try await tool.run(arguments: parsed.data(), context: context)
            return ToolOutcome(tool: name, arguments: parsed, result: r, error: nil, durationSeconds: seconds())
        } catch {
            return ToolOutcome(tool: name, arguments: parsed, result: nil, error: ToolError(error), durationSeconds: seconds())
        }
    }

    /// Runs a tool with already-parsed arguments.
    public func call(_ name: String, arguments: JSON, context: ToolContext) async -> ToolOutcome {
        await call(name, argumentsText: arguments.text(), context: context)
    }
}
