import YuhengCore

/// An error in inventory input or calculation. It names the file, line and field where it can,
/// and says how to fix the problem.
///
/// ```text
/// ipcc-1.csv:3: field 'item': unknown fuel 'cole'. Did you mean 'coke_oven_coke'? See `yuheng factors search coal`.
/// ```
public struct InventoryError: YuhengError, Equatable {
    public enum Code: String, ErrorCode, Codable {
        case missingColumn
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

    public let code: Code
    public var file: String?
    public var line: Int?
    public var field: String?
    public let message: String
    public var suggestion: String?

    public init(_ code: Code, _ message: String, field: String? = nil, suggestion: String? = nil, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.suggestion = suggestion
        self.file = file
        self.line = line
    }

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
