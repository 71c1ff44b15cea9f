/// An error of the data layer, with a machine-readable code, the file or dataset involved, and
/// a suggestion for the user.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        case corruptDatabase
        case cannotOpen
        case missingBundledData
        case checksumMismatch
        case malformedFile
        case unknownDataset
        case invalidValue
        case importFailed
        /// An input is larger than a configured limit (a file read whole, a line, an archive's decompressed content).
        case tooLarge
    }

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

    public var description: String {
        var s = ""
        if let f = file { s += f; if let l = line { s += ":\(l)" }; s += ": " }
        if let fld = field { s += "field '\(fld)': " }
        s += message
        if let sug = suggestion { s += ". \(sug)" }
        return s
    }
}
