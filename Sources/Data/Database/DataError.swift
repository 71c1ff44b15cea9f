import YuhengCore

/// An error of the data layer, with a machine-readable code, the file or dataset involved, and
/// a suggestion for the user.
public struct DataError: YuhengError, Equatable {
    public enum Code: String, ErrorCode, Codable {
        /// The database file is not a Yuheng database, or SQLite finds it damaged.
        case corruptDatabase
        /// A file, folder or lock cannot be opened, read or created (a wrong path, a folder, no permission).
        case cannotOpen
        /// A file shipped with Yuheng is missing: the installation is incomplete.
        case missingBundledData
        /// A file shipped with Yuheng does not match its checksum: the installation is damaged.
        case checksumMismatch
        case malformedFile
        case unknownDataset
        case invalidValue
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

    public let code: Code
    public let message: String
    public var file: String?
    public var line: Int?
    public var field: String?
    public var suggestion: String?

    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, field: String? = nil, suggestion: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.suggestion = suggestion
    }

    public var location: ErrorLocation? { ErrorLocation.make(file: file, line: line, field: field) }
}
