import Foundation

/// Documentation of one input field: what a model needs to fill it in.
public struct FieldDoc: Sendable {
    /// What the field means, its unit and default, written for a model.
    public var description: String
    /// Allowed values (for strings), listed in the schema as `enum`.
    public var allowed: [String]?
    /// Smallest allowed value (numbers), listed in the schema as `minimum`.
    public var minimum: Double?
    /// Largest allowed value (numbers), listed in the schema as `maximum`.
    public var maximum: Double?
    /// A value the schema test uses as a valid sample (default: derived from the type).
    public var example: JSON?

    /// Documentation of a field; the constraints are optional.
    public init(_ description: String, allowed: [String]? = nil, minimum: Double? = nil, maximum: Double? = nil, example: JSON? = nil) {
        self.description = description
        self.allowed = allowed
        self.minimum = minimum
        self.maximum = maximum
        self.example = example
    }
}

/// The input of a tool: a plain `Decodable` struct (synthesised decoding, no validation in
/// `init(from:)`) with a description of every field. The JSON Schema is derived from the type
/// itself (see ``SchemaReflector``), so it always matches what the tool decodes.
public protocol ToolInput: Decodable, Sendable {
    /// Field path ("name", or "items.process" for nested fields) → documentation.
    static var fields: [String: FieldDoc] { get }
}

/// The shape of a decoded type, recorded by decoding it with ``SchemaReflector``.
public indirect enum SchemaShape: Sendable, Equatable {
    case string, number, integer, boolean
    case array(SchemaShape)
    /// Properties in declaration order: (key, shape, required).
    case object([Property])
    case unknown

    /// One property of an object shape.
    public struct Property: Sendable, Equatable {
        /// The JSON key.
        public var key: String
        /// The shape of its value.
        public var shape: SchemaShape
        /// Whether the key is required (`decode`) rather than optional (`decodeIfPresent`).
        public var required: Bool
    }
}

/// Derives a JSON Schema from a `Decodable` type by decoding it with a recording decoder: every
/// key the synthesised `init(from:)` asks for becomes a property, `decode` makes it required and
/// `decodeIfPresent` (optional properties) optional; nested structs and arrays are followed.
public enum SchemaReflector {
    /// The shape of `type`, found by decoding it with a recording decoder (an empty object for a struct without properties).
    public static func shape<T: Decodable>(of type: T.Type) -> SchemaShape {
        let rec = ShapeRecorder()
        let d = ReflectingDecoder(recorder: rec, path: [])
        _ = try? T(from: d)
        rec.finish()
        // A struct without stored properties never asks for a container: it is an empty object.
        return rec.shape == .unknown ? .object([]) : rec.shape
    }

    /// The JSON Schema of a tool input, with descriptions, enums and bounds from its field docs.
    public static func schema<T: ToolInput>(for type: T.Type) -> JSON {
        render(shape(of: T.self), docs: T.fields, path: "")
    }

    static func render(_ s: SchemaShape, docs: [String: FieldDoc], path: String) -> JSON {
        var out: [String: JSON] = [:]
        switch s {
        case .string: out["type"] = "string"
        case .number: out["type"] = "number"
        case .integer: out["type"] = "integer"
        case .boolean: out["type"] = "boolean"
        case .unknown: break
        case .array(let e):
            out["type"] = "array"
            out["items"] = render(e, docs: docs, path: path)
        case .object(let props):
            out["type"] = "object"
            var p: [String: JSON] = [:]
            for prop in props {
                let full = path.isEmpty ? prop.key : "\(path).\(prop.key)"
                p[prop.key] = render(prop.shape, docs: docs, path: full)
            }
            out["properties"] = .object(p)
            let req = props.filter(\.required).map { JSON.string($0.key) }
            if !req.isEmpty { out["required"] = .array(req) }
            out["additionalProperties"] = false
        }
        if let d = docs[path], !path.isEmpty {
            out["description"] = .string(d.description)
            if let a = d.allowed { out["enum"] = .array(a.map { .string($0) }) }
            if let m = d.minimum { out["minimum"] = .number(m) }
            if let m = d.maximum { out["maximum"] = .number(m) }
        }
        return .object(out)
    }

    /// A valid sample argument object for the schema (examples from the docs, else the first
    /// allowed value, else a value of the right type); `requiredOnly` leaves optional fields out.
    public static func sample<T: ToolInput>(for type: T.Type, requiredOnly: Bool = false) -> JSON {
        sample(shape(of: T.self), docs: T.fields, path: "", requiredOnly: requiredOnly)
    }

    static func sample(_ s: SchemaShape, docs: [String: FieldDoc], path: String, requiredOnly: Bool) -> JSON {
        if let d = docs[path], let ex = d.example { return ex }
        if let d = docs[path], let a = d.allowed?.first { return .string(a) }
        switch s {
        case .string: return "x"
        case .number: return .number(docs[path]?.minimum.map { max($0, 1) } ?? 1)
        case .integer: return .number(docs[path]?.minimum.map { max($0, 1) } ?? 1)
        case .boolean: return false
        case .unknown: return .null
        case .array(let e): return .array([sample(e, docs: docs, path: path, requiredOnly: requiredOnly)])
        case .object(let props):
            var o: [String: JSON] = [:]
            for p in props where p.required || !requiredOnly {
                o[p.key] = sample(p.shape, docs: docs, path: path.isEmpty ? p.key : "\(path).\(p.key)", requiredOnly: requiredOnly)
            }
            return .object(o)
        }
    }

    /// Field paths of a shape (for checking that every field is documented).
    public static func fieldPaths(_ s: SchemaShape, prefix: String = "") -> [String] {
        switch s {
        case .object(let props):
            return props.flatMap { p -> [String] in
                let full = prefix.isEmpty ? p.key : "\(prefix).\(p.key)"
                return [full] + fieldPaths(p.shape, prefix: full)
            }
        case .array(let e): return fieldPaths(e, prefix: prefix)
        default: return []
        }
    }
}

// MARK: - The recording decoder

final class ShapeRecorder {
    var shape: SchemaShape = .unknown
    var props: [SchemaShape.Property] = []
    var isObject = false
    var element: ShapeRecorder?

    func finish() {
        if isObject { shape = .object(props) } else if let e = element { e.finish(); shape = .array(e.shape) }
    }

    func record(_ key: String, _ shape: SchemaShape, required: Bool) {
        if let i = props.firstIndex(where: { $0.key == key }) {
            props[i].required = props[i].required || required
        } else {
            props.append(.init(key: key, shape: shape, required: required))
        }
        finish()
    }
}

struct ReflectingDecoder: Decoder {
    let recorder: ShapeRecorder
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(recorder: ShapeRecorder, path: [CodingKey]) {
        self.recorder = recorder
        self.codingPath = path
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        recorder.isObject = true
        recorder.finish()
        return KeyedDecodingContainer(KeyedReflector<Key>(recorder: recorder, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        let e = ShapeRecorder()
        recorder.element = e
        recorder.finish()
        return UnkeyedReflector(recorder: recorder, element: e, codingPath: codingPath)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        SingleReflector(recorder: recorder, codingPath: codingPath)
    }
}

/// Produces a placeholder value of a primitive type and the shape it stands for.
func placeholder<T>(_ type: T.Type) -> (Any, SchemaShape)? {
    switch type {
    case is String.Type: return ("", .string)
    case is Double.Type: return (0.0, .number)
    case is Float.Type: return (Float(0), .number)
    case is Int.Type: return (0, .integer)
    case is Int64.Type: return (Int64(0), .integer)
    case is Int32.Type: return (Int32(0), .integer)
    case is UInt.Type: return (UInt(0), .integer)
    case is Bool.Type: return (false, .boolean)
    default: return nil
    }
}

func reflect<T: Decodable>(_ type: T.Type, path: [CodingKey]) throws -> (T, SchemaShape) {
    if let (v, s) = placeholder(T.self) { return (v as! T, s) }
    if T.self == JSON.self { return (JSON.null as! T, .unknown) }
    let rec = ShapeRecorder()
    let value = try T(from: ReflectingDecoder(recorder: rec, path: path))
    rec.finish()
    return (value, rec.shape)
}

struct KeyedReflector<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: ShapeRecorder
    var codingPath: [CodingKey]
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }

    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (v, s) = try reflect(T.self, path: codingPath + [key])
        recorder.record(key.stringValue, s, required: true)
        return v
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let (v, s) = try reflect(T.self, path: codingPath + [key])
        recorder.record(key.stringValue, s, required: false)
        return v
    }

    // The standard library's defaults for these call `decode`, which would record the key as required.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        let (v, s) = try reflect(T.self, path: codingPath + [key])
        recorder.record(key.stringValue, s, required: false)
        return v
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let rec = ShapeRecorder()
        rec.isObject = true
        recorder.record(key.stringValue, .object([]), required: true)
        return KeyedDecodingContainer(KeyedReflector<NestedKey>(recorder: rec, codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        let rec = ShapeRecorder()
        let e = ShapeRecorder()
        rec.element = e
        recorder.record(key.stringValue, .array(.unknown), required: true)
        return UnkeyedReflector(recorder: rec, element: e, codingPath: codingPath + [key])
    }

    func superDecoder() throws -> Decoder { ReflectingDecoder(recorder: ShapeRecorder(), path: codingPath) }
    func superDecoder(forKey key: Key) throws -> Decoder { ReflectingDecoder(recorder: ShapeRecorder(), path: codingPath + [key]) }
}

struct UnkeyedReflector: UnkeyedDecodingContainer {
    let recorder: ShapeRecorder
    let element: ShapeRecorder
    var codingPath: [CodingKey]
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= 1 }

    init(recorder: ShapeRecorder, element: ShapeRecorder, codingPath: [CodingKey]) {
        self.recorder = recorder
        self.element = element
        self.codingPath = codingPath
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, s) = try reflect(T.self, path: codingPath)
        element.shape = s
        element.isObject = false
        recorder.element = nil
        recorder.shape = .array(s)
        currentIndex += 1
        return v
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        currentIndex += 1
        element.isObject = true
        return KeyedDecodingContainer(KeyedReflector<NestedKey>(recorder: element, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        currentIndex += 1
        let e = ShapeRecorder()
        element.element = e
        return UnkeyedReflector(recorder: element, element: e, codingPath: codingPath)
    }

    mutating func superDecoder() throws -> Decoder { ReflectingDecoder(recorder: element, path: codingPath) }
}

struct SingleReflector: SingleValueDecodingContainer {
    let recorder: ShapeRecorder
    var codingPath: [CodingKey]

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, s) = try reflect(T.self, path: codingPath)
        recorder.shape = s
        return v
    }
}
