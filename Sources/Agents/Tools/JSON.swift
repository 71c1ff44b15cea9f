import Foundation

/// A JSON value: tool arguments, tool results and everything the agents exchange with a model.
///
/// Numbers are `Double` (JSON has one number type); integers up to 2^53 round-trip exactly.
public enum JSON: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// Decodes any JSON value (null, bool, number, string, array, object).
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let d = try? c.decode(Double.self) { self = .number(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let a = try? c.decode([JSON].self) { self = .array(a); return }
        if let o = try? c.decode([String: JSON].self) { self = .object(o); return }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON value")
    }

    /// Encodes the value as the JSON it represents.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let d):
            if d.isFinite { try c.encode(d) } else { try c.encodeNil() }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Parses JSON text.
    public static func parse(_ text: String) throws -> JSON {
        try parse(Data(text.utf8))
    }

    /// Parses JSON bytes.
    /// - Throws: a `DecodingError` when the data are not valid JSON.
    public static func parse(_ data: Data) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: data)
    }

    /// Converts any Encodable value; non-finite numbers (NaN, ±infinity) become null, as JSON has no such numbers.
    ///
    /// ```swift
    /// try JSON(encoding: [1.5, .nan]) == .array([.number(1.5), .null])
    /// ```
    public init<T: Encodable>(encoding value: T) throws {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: Self.nonFinite, negativeInfinity: Self.nonFinite, nan: Self.nonFinite)
        self = try JSON.parse(try e.encode(value)).nullingNonFinite()
    }

    /// The string the encoder writes for a non-finite number before it becomes null (control characters, so
    /// no text a tool returns is mistaken for it).
    static let nonFinite = "\u{1}non-finite\u{1}"

    /// This value with every ``nonFinite`` marker replaced by null.
    func nullingNonFinite() -> JSON {
        switch self {
        case .string(let s) where s == Self.nonFinite: return .null
        case .array(let a): return .array(a.map { $0.nullingNonFinite() })
        case .object(let o): return .object(o.mapValues { $0.nullingNonFinite() })
        default: return self
        }
    }

    /// Decodes a Decodable value from this JSON.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: data())
    }

    /// Serialized text: sorted keys; `pretty` adds indentation.
    public func text(pretty: Bool = false) -> String {
        String(decoding: data(pretty: pretty), as: UTF8.self)
    }

    /// Serialized UTF-8 bytes with sorted keys and unescaped slashes; `pretty` adds indentation ("null" if encoding fails).
    public func data(pretty: Bool = false) -> Data {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(self)) ?? Data("null".utf8)
    }

    /// The compact JSON text (sorted keys).
    public var description: String { text() }

    // MARK: Accessors

    /// The member `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> JSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` of an array; nil when out of range or not an array.
    public subscript(index: Int) -> JSON? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    /// The string, when the value is a string.
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    /// The number, when the value is a number.
    public var doubleValue: Double? { if case .number(let d) = self { return d }; return nil }
    /// The number as an `Int`, when it is an integer below 9·10^15 in magnitude.
    public var intValue: Int? { if case .number(let d) = self, d == d.rounded(), abs(d) < 9e15 { return Int(d) }; return nil }
    /// The Boolean, when the value is one.
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    /// The elements, when the value is an array.
    public var arrayValue: [JSON]? { if case .array(let a) = self { return a }; return nil }
    /// The members, when the value is an object.
    public var objectValue: [String: JSON]? { if case .object(let o) = self { return o }; return nil }
    /// Whether the value is `null`.
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// Every number in the value: numeric leaves, and numbers written inside string leaves
    /// (e.g. "2011" in a version string), found with the grounding validator's number reader.
    public func allNumbers() -> [Double] {
        var out: [Double] = []
        func walk(_ j: JSON) {
            switch j {
            case .number(let d): if d.isFinite { out.append(d) }
            case .string(let s): out.append(contentsOf: NumberExtractor.extract(s).map(\.value))
            case .array(let a): a.forEach(walk)
            case .object(let o): o.values.forEach(walk)
            default: break
            }
        }
        walk(self)
        return out
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// A JSON string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A JSON number.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A JSON number (exact up to 2^53).
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A JSON Boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A JSON array.
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    /// A JSON object; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(Dictionary(elements, uniquingKeysWith: { _, b in b })) }
    /// JSON `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension JSON {
    /// A number, or null when not finite.
    public static func num(_ d: Double?) -> JSON {
        guard let d, d.isFinite else { return .null }
        return .number(d)
    }

    /// A string, or null when `s` is nil.
    public static func str(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }
}

/// A number for people: four significant digits, thousands separated by commas.
public func fmtNumber(_ x: Double) -> String { LCAWorkflow.fmt(x) }
