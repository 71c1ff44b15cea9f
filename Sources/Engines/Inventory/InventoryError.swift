import YuhengCore

/// An error in inventory input or calculation. It names the file, line and field where it can,
/// and says how to fix the problem.
///
/// ```text
/// ipcc-1.csv:3: field 'item': unknown fuel 'cole'. Did you mean 'coke_oven_coke'? See `yuheng factors search coal`.
/// ```
public struct InventoryError: YuhengError, Equatable {
    /// The failures of an inventory calculation (qualified as `inventory.<code>`).
    public enum Code: String, ErrorCode, Codable {
        case missingColumn
        /// A header names a column the format does not have (a typo, or a column of another tool).
        case unknownColumn
        case missingValue
        case invalidNumber
        case negativeAmount
        case unknownMethod
        case unknownFuel
        case unknownCategory
        case unknownItem
        case unitMismatch
        case missingFactor
        case invalidParameter
        case emptyInput

        /// Fuels, categories, items and methods are names inside the activity data, checked
        /// against fixed lists: an unknown one is input to correct. A missing factor is data that
        /// Yuheng lacks for a valid row.
        public var kind: ErrorKind {
            switch self {
            case .unitMismatch: .unitMismatch
            case .missingFactor: .notFound
            default: .invalidInput
            }
        }
    }
    /// "inventory", the prefix of the qualified codes.
    public static let domain = "inventory"

    /// What failed.
    public let code: Code
    /// The activity file, where known.
    public var file: String?
    /// Line in the activity file (1-based), where known.
    public var line: Int?
    /// Column or parameter at fault, e.g. "item" or "parameters.clinker_fraction".
    public var field: String?
    /// What is wrong, in words, naming the value.
    public let message: String
    /// How to fix it, e.g. "Did you mean 'coke_oven_coke'?".
    public var suggestion: String?

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

    func located(file: String?, line: Int?) -> InventoryError {
        var e = self
        if e.file == nil { e.file = file }
        if e.line == nil { e.line = line }
        return e
    }
}

/// The closest known name (Levenshtein, shared with every other reader: ``EditDistance``).
func closest(_ word: String, in candidates: some Sequence<String>) -> String? {
    EditDistance.nearest(word, in: candidates)
}
