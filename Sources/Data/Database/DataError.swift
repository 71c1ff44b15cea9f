import YuhengCore

/// An error of the data layer, with a machine-readable code, the file or dataset involved, and
/// a suggestion for the user.
public struct DataError: YuhengError, Equatable {
    /// What went wrong in the data layer; each code decides the HTTP status and the exit status through its ``ErrorKind``.
    public enum Code: String, ErrorCode, Codable {
        /// The database file is not a Yuheng database, or SQLite finds it damaged.
        case corruptDatabase
        /// A file, folder or lock cannot be opened, read or created (a wrong path, a folder, no permission).
        case cannotOpen
        /// A file shipped with Yuheng is missing: the installation is incomplete.
        case missingBundledData
        /// A file shipped with Yuheng does not match its checksum: the installation is damaged.
        case checksumMismatch
        /// A file or table does not have the expected layout, columns or values.
        case malformedFile
        /// No registered dataset (or no record in it) has the id or key asked for.
        case unknownDataset
        /// An argument is out of range or has the wrong form (a year, a code, a number).
        case invalidValue
        /// Installing a dataset failed after its input was read (reported as a failure, not as bad input).
        case importFailed
        /// An input is larger than a configured limit (a file read whole, a line, an archive's decompressed content).
        case tooLarge

        /// The kind of failure of this code (it decides the HTTP status and the exit status).
        public var kind: ErrorKind {
            switch self {
            // A database file that is not Yuheng's is a wrong --db path or $YUHENG_DB: input to correct.
            case .corruptDatabase, .cannotOpen, .malformedFile, .invalidValue: .invalidInput
            case .unknownDataset: .notFound
            case .tooLarge: .tooLarge
            // The installation is broken: nothing in the request can fix it.
            case .missingBundledData, .checksumMismatch, .importFailed: .failure
            }
        }
    }
    /// "data", the prefix of the qualified codes.
    public static let domain = "data"

    /// The machine-readable code (`data.<code>`).
    public let code: Code
    /// What went wrong, in a sentence for a person.
    public let message: String
    /// The file or dataset involved, when known.
    public var file: String?
    /// The 1-based line in `file`, when known.
    public var line: Int?
    /// The column, key or parameter involved, when known (e.g. "iso3", "year").
    public var field: String?
    /// What to do about it, when something can be said.
    public var suggestion: String?

    /// An error with its code and message; file, line, field and suggestion when known.
    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, field: String? = nil, suggestion: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.suggestion = suggestion
    }

    /// The file, line and field, when any is known.
    public var location: ErrorLocation? { ErrorLocation.make(file: file, line: line, field: field) }
}
