import Foundation

/// JSON read into `Any` values (`[String: Any]`, `[Any]`, `NSNumber`, `String`, `Bool`, `NSNull`) as
/// `JSONSerialization` gives them, but with every number parsed exactly: Foundation's
/// `JSONSerialization` can read a double one or more ulps away from the shortest text it was written
/// with (3178036.9261868014 comes back as 3178036.926186801), which a test comparing results to the
/// last bit must not mistake for a difference. `JSONDecoder` parses numbers exactly.
///
/// ```swift
/// let result = try #require(try ExactJSON.object(body) as? [String: Any])
/// #expect(result["mean"] as? Double == direct.mean)
/// ```
public enum ExactJSON {
    /// The value of a JSON text.
    public static func object(_ data: Data) throws -> Any {
        try JSONDecoder().decode(Value.self, from: data).any
    }

    private enum Value: Decodable {
        case null, bool(Bool), integer(Int), number(Double), string(String), array([Value]), object([String: Value])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if let i = try? c.decode(Int.self) {
                self = .integer(i)
            } else if let d = try? c.decode(Double.self) {
                self = .number(d)
            } else if let s = try? c.decode(String.self) {
                self = .string(s)
            } else if let a = try? c.decode([Value].self) {
                self = .array(a)
            } else {
                self = .object(try c.decode([String: Value].self))
            }
        }

        /// As `JSONSerialization` would give it (numbers as `NSNumber`, so that `as? Int` and `as? Double` both work).
        var any: Any {
            switch self {
            case .null: NSNull()
            case .bool(let b): b
            case .integer(let i): NSNumber(value: i)
            case .number(let d): NSNumber(value: d)
            case .string(let s): s
            case .array(let a): a.map(\.any)
            case .object(let o): o.mapValues(\.any)
            }
        }
    }
}
