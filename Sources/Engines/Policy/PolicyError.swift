import YuhengCore

/// An error in a CBAM declaration or an avoided-emissions file. It names the field (as a path such
/// as `installations[steelworks].processes[hrc].activity_level_t`), the file and line where it can,
/// and says how to fix the problem.
///
/// ```text
/// cbam-1.yaml: field 'installations[steelworks].processes[hrc].cn_code': unknown CN code '72089999'. ...
/// ```
public struct PolicyError: YuhengError, Equatable {
    /// The failures of a CBAM or avoided-emissions calculation (qualified as `policy.<code>`).
    public enum Code: String, ErrorCode, Codable {
        /// A CN code that is not a CBAM good in the bundled catalog (Annex I of Regulation (EU) 2023/956).
        case unknownCNCode
        /// A CN code that matches several aggregated goods categories.
        case ambiguousCNCode
        /// Precursors that refer back to a process already on the path.
        case precursorCycle
        /// Attribution or supply shares that do not add up to one.
        case sharesDoNotSumToOne
        /// Negative production, quantity, mass or emissions.
        case negativeValue
        /// A value outside its allowed range (capacity factor outside (0, 1), a share above one, ...).
        case outOfRange
        case missingValue
        case conflictingValues
        case unknownReference
        case duplicateID
        case unknownField
        case unknownTechnology
        case malformedFile
        case missingFile
        /// A localised estimate that cannot be made honestly (e.g. no price for an input-output estimate).
        case estimateRefused

        /// The kind of failure of this code (it decides the HTTP status and the exit status).
        public var kind: ErrorKind {
            switch self {
            case .missingFile: .notFound
            case .estimateRefused: .computation
            // Everything else is a declaration or project file to correct (CN codes and
            // references are values inside the file, not things the request looks up).
            default: .invalidInput
            }
        }
    }
    /// "policy", the prefix of the qualified codes.
    public static let domain = "policy"

    /// What failed.
    public let code: Code
    /// What is wrong, in words, naming the value.
    public let message: String
    /// Path of the field at fault, e.g. "installations[steelworks].processes[hrc].cn_code".
    public var field: String?
    /// How to fix it, e.g. the nearest known CN codes.
    public var suggestion: String?
    /// The declaration or study file, where known.
    public var file: String?
    /// Line in that file, where known.
    public var line: Int?

    /// An error with its code and message and, where known, the field, a suggestion, the file and the line.
    public init(_ code: Code, _ message: String, field: String? = nil, suggestion: String? = nil, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.suggestion = suggestion
        self.file = file
        self.line = line
    }

    /// The file, line and field of the error, or nil when none is known.
    public var location: ErrorLocation? { ErrorLocation.make(file: file, line: line, field: field) }

    /// The same error with the file (and line) filled in where they are not set yet.
    public func located(file: String?, line: Int? = nil) -> PolicyError {
        var e = self
        if e.file == nil { e.file = file }
        if e.line == nil { e.line = line }
        return e
    }
}

/// Checks shared by both engines.
enum Check {
    static func nonNegative(_ v: Double?, _ field: String, what: String = "value") throws {
        guard let v else { return }
        guard v.isFinite else { throw PolicyError(.outOfRange, "\(what) must be a finite number, got \(v)", field: field) }
        if v < 0 { throw PolicyError(.negativeValue, "\(what) must not be negative, got \(v)", field: field) }
    }

    static func positive(_ v: Double?, _ field: String, what: String = "value") throws {
        guard let v else { return }
        try nonNegative(v, field, what: what)
        if v == 0 { throw PolicyError(.outOfRange, "\(what) must be greater than zero", field: field) }
    }

    /// 0 <= v < 1
    static func fraction(_ v: Double?, _ field: String, what: String) throws {
        guard let v else { return }
        try nonNegative(v, field, what: what)
        if v >= 1 {
            throw PolicyError(.outOfRange, "\(what) must be a fraction in [0, 1), got \(v)", field: field, suggestion: "write 0.5 % as 0.005")
        }
    }

    /// Checks `v` against its plausible range (``PlausibleRange``): beyond physical possibility is an
    /// error (``PolicyError/Code/outOfRange``), beyond any real case a warning naming the field.
    static func plausible(_ v: Double?, _ range: PlausibleRange, _ field: String, warnings: inout [String]) throws {
        guard let v else { return }
        switch range.verdict(v) {
        case .plausible: return
        case .unusual(let m):
            let w = "field '\(field)': \(m)"
            if !warnings.contains(w) { warnings.append(w) }
        case .impossible(let m): throw PolicyError(.outOfRange, m, field: field)
        }
    }

    /// Throws when a result holds a NaN or an infinite number (an overflow), naming the figure.
    static func finiteResult<T: Encodable>(_ result: T, docs: String) throws {
        if let (path, v) = FiniteCheck.firstNonFinite(in: result) {
            throw PolicyError(
                .outOfRange, FiniteCheck.message(path: path, value: v), field: path,
                suggestion: "check the magnitudes of the inputs (\(docs), \"Plausible ranges\")")
        }
    }

    static func sumsToOne(_ shares: [Double], _ field: String, what: String) throws {
        let s = shares.reduce(0, +)
        if abs(s - 1) > 1e-6 {
            throw PolicyError(
                .sharesDoNotSumToOne, "the \(what) add up to \(formatShort(s)), not 1", field: field,
                suggestion: "every emission, input or supply must be attributed exactly once (no double counting, no gaps)")
        }
    }
}

func formatShort(_ x: Double) -> String {
    var s = String(format: "%.6f", x)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
}

/// 1234567.891 → "1,234,567.89" (fixed decimals, comma thousands separators).
func grouped(_ x: Double, _ decimals: Int = 2) -> String {
    guard x.isFinite else { return String(x) }
    let s = String(format: "%.\(decimals)f", abs(x))
    let parts = s.split(separator: ".", maxSplits: 1)
    var int = String(parts[0])
    var groups: [String] = []
    while int.count > 3 { groups.insert(String(int.suffix(3)), at: 0); int.removeLast(3) }
    groups.insert(int, at: 0)
    var out = groups.joined(separator: ",")
    if parts.count > 1 { out += "." + parts[1] }
    return (x < 0 && Double(s) != 0 ? "-" : "") + out
}

/// Signed variant: "+1,234.00" / "-1,234.00".
func groupedSigned(_ x: Double, _ decimals: Int = 2) -> String {
    (x >= 0 ? "+" : "") + grouped(x, decimals)
}
