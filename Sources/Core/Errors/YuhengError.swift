/// What kind of failure an error is. The kind alone decides how every front end reports it: the
/// HTTP status of the API, the exit status of the command line and the kind of tool error the
/// agents see, so that no domain error ever reaches a user as "internal".
///
/// ```swift
/// ErrorKind.notFound.httpStatus     // 404
/// ErrorKind.invalidInput.exitCode   // 1
/// ```
public enum ErrorKind: String, Sendable, Codable, CaseIterable {
    /// The input is wrong (a malformed file, a value out of range, an unknown option): fix the input.
    case invalidInput
    /// A named thing does not exist (a dataset, a process, a region, a year).
    case notFound
    /// Quantities of incompatible units were combined, or a unit is unknown.
    case unitMismatch
    /// The request conflicts with the current state (a job not finished, an id already taken).
    case conflict
    /// The input is larger than a configured limit.
    case tooLarge
    /// The input's format or media type is not one this operation reads.
    case unsupported
    /// The calculation cannot be done with these data (a singular or non-productive matrix).
    case computation
    /// A time limit the user or the configuration set passed before the work was done (a model's
    /// wall clock, a request's timeout): raise the limit or ask for less.
    case timeLimit
    /// A service this operation needs is not available now (a cluster, a model server, a lock).
    case unavailable
    /// Something failed that the user cannot fix by changing the input (an I/O error, a bug).
    case failure

    /// The HTTP status the API answers with.
    public var httpStatus: Int {
        switch self {
        case .invalidInput, .unitMismatch: 400
        case .notFound: 404
        case .conflict: 409
        case .tooLarge: 413
        case .unsupported: 415
        case .computation: 422
        case .unavailable: 503
        case .timeLimit: 504
        case .failure: 500
        }
    }

    /// The exit status of the command line: 1 for anything the user can act on (a time limit can be
    /// raised), 69 (EX_UNAVAILABLE) when a service is missing, 70 (EX_SOFTWARE) for internal failures.
    public var exitCode: Int32 {
        switch self {
        case .unavailable: 69
        case .failure: 70
        default: 1
        }
    }
}

/// Where an error was found: a file, a line in it, the record it concerns, a field or parameter.
public struct ErrorLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file (or dataset) the error was found in.
    public var file: String?
    /// The 1-based line in `file`.
    public var line: Int?
    /// The record the error concerns when it is not a line: a process or flow of a dataset, or a
    /// position such as "line 4, column 8 (unit)".
    public var entity: String?
    /// The field or parameter, as the user wrote it (`amount`, `installations[x].capacity_mw`).
    public var field: String?

    /// A location; every part is optional.
    public init(file: String? = nil, line: Int? = nil, entity: String? = nil, field: String? = nil) {
        self.file = file
        self.line = line
        self.entity = entity
        self.field = field
    }

    /// Nil when nothing is known.
    public static func make(file: String?, line: Int? = nil, entity: String? = nil, field: String? = nil) -> ErrorLocation? {
        file == nil && line == nil && entity == nil && field == nil ? nil : ErrorLocation(file: file, line: line, entity: entity, field: field)
    }

    /// "file:line: entity: field 'x'" — the prefix of a message.
    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file + (line.map { ":\($0)" } ?? "")) } else if let line { parts.append("line \(line)") }
        if let entity { parts.append(entity) }
        if let field { parts.append("field '\(field)'") }
        return parts.joined(separator: ": ")
    }
}

/// A code of an error type: a stable, machine-readable name and the kind of failure it is. The
/// codes of a type are a fixed list (`allCases`), so that tests and documentation can enumerate
/// every code with its HTTP status and exit status.
///
/// ```swift
/// public enum Code: String, ErrorCode {
///     case unknownDataset, malformedFile
///     public var kind: ErrorKind { self == .unknownDataset ? .notFound : .invalidInput }
/// }
/// ```
public protocol ErrorCode: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {
    /// The kind of failure this code stands for.
    var kind: ErrorKind { get }
}

/// The one error protocol of Yuheng: every error type of every layer adopts it, and each front end
/// maps it in one place (the API to a status and `{error: {code, message, field, suggestion}}`, the
/// command line to `error: …` and an exit status, the agents to a tool error).
///
/// A conforming type needs only `domain`, `code`, `message` and, where it has them, `suggestion`
/// and `location`; the rest has defaults.
///
/// ```swift
/// public struct NaturalError: YuhengError {
///     public enum Code: String, ErrorCode { case invalidInput; public var kind: ErrorKind { .invalidInput } }
///     public static let domain = "natural"
///     public let code: Code
///     public let message: String
/// }
/// let e = NaturalError(code: .invalidInput, message: "area must be positive")
/// e.qualifiedCode   // "natural.invalidInput"
/// e.kind            // .invalidInput
/// ```
public protocol YuhengError: Error, Sendable, CustomStringConvertible {
    associatedtype Code: ErrorCode
    /// The area the error comes from, e.g. "data", "mrio", "lca" (the prefix of `qualifiedCode`).
    static var domain: String { get }
    /// The machine-readable code.
    var code: Code { get }
    /// What went wrong, in a sentence for a person.
    var message: String { get }
    /// What to do about it, when something can be said.
    var suggestion: String? { get }
    /// Where it was found.
    var location: ErrorLocation? { get }
    /// `domain.code`, e.g. "data.unknownDataset": what the API's `error.code` holds. The default
    /// suits every type whose codes are plain names; a type whose codes are already qualified
    /// ("slurm.notInstalled") returns the code itself.
    var qualifiedCode: String { get }
}

extension YuhengError {
    /// Default: no suggestion.
    public var suggestion: String? { nil }
    /// Default: no location (the error is not tied to a file, line or field).
    public var location: ErrorLocation? { nil }
    /// The kind of failure (from the code).
    public var kind: ErrorKind { code.kind }
    /// `domain.code`, e.g. "data.unknownDataset".
    public var qualifiedCode: String { "\(Self.domain).\(code.rawValue)" }

    /// "file:line: field 'x': message. suggestion"
    public var description: String { ErrorText.describe(message: message, location: location, suggestion: suggestion) }
}

/// The one way an error is written for a person.
public enum ErrorText {
    /// "file:line: field 'x': message. suggestion"
    public static func describe(message: String, location: ErrorLocation?, suggestion: String?) -> String {
        var s = ""
        if let location, !location.description.isEmpty { s += location.description + ": " }
        s += message
        if let suggestion, !suggestion.isEmpty {
            let end = s.last.map { ".!?".contains($0) } ?? true
            s += (end ? " " : ". ") + suggestion
        }
        return s
    }
}

/// Any error seen as Yuheng sees errors: its kind, code, message, suggestion and location. Errors of
/// other libraries (Foundation, SQLite) become `.failure` with their description, except decoding
/// errors of a request or file, which are `.invalidInput`.
public struct ErrorReport: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kind of failure: what decides the HTTP status, the exit status and the tool error.
    public var kind: ErrorKind
    /// `domain.code`.
    public var code: String
    /// What went wrong.
    public var message: String
    /// What to do about it, when something can be said.
    public var suggestion: String?
    /// Where it was found.
    public var location: ErrorLocation?

    /// A report made by hand (an error of a front end's own checks).
    public init(kind: ErrorKind, code: String, message: String, suggestion: String? = nil, location: ErrorLocation? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.suggestion = suggestion
        self.location = location
    }

    /// The report of any error.
    public init(_ error: any Error) {
        switch error {
        case let e as ErrorReport: self = e
        case let e as any YuhengError:
            self.init(kind: e.kind, code: e.qualifiedCode, message: e.message, suggestion: e.suggestion, location: e.location)
        case is DecodingError:
            self.init(kind: .invalidInput, code: "request.malformed", message: "the input does not have the expected structure: \(error)")
        case is CancellationError:
            self.init(kind: .unavailable, code: "cancelled", message: "the operation was cancelled")
        default:
            self.init(kind: .failure, code: "internal", message: "\(error)")
        }
    }

    /// "file:line: field 'x': message. suggestion"
    public var description: String { ErrorText.describe(message: message, location: location, suggestion: suggestion) }
}
