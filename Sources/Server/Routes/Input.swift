import Foundation
import Hummingbird
import YuhengCore

// Every input of the HTTP API is checked where it is read: query parameters (whole numbers and
// numbers with a range, never a silent default for text that is not a number), JSON bodies (the
// media type, empty bodies, syntax, nesting depth, types of fields) and numbers (finite, in range).
// A bad input is a 400 that names the field and says what is expected.

/// Limits of the JSON bodies the server reads.
enum JSONInput {
    /// Deeper bodies are refused before they are parsed (no request of this API nests more than a few levels).
    static let maxDepth = 64

    /// The nesting depth of a JSON text (brackets outside strings), stopping once it passes `limit`.
    static func depth(_ data: Data, limit: Int = maxDepth) -> Int {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for byte in data {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > deepest { deepest = depth; if deepest > limit { return deepest } }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// Parses a JSON body (not empty, not too deep, valid JSON) into Foundation objects.
    static func parse(_ data: Data, what: String = "the request body") throws -> Any {
        guard !data.isEmpty, data.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw APIError(.badRequest, code: "request.emptyBody", "\(what) is empty: send a JSON object (Content-Type: application/json)")
        }
        let d = depth(data)
        guard d <= maxDepth else {
            throw APIError(
                .badRequest, code: "request.tooDeep",
                "\(what) nests arrays or objects more than \(maxDepth) levels deep; no request of this API needs that")
        }
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String).map { ": \($0)" } ?? ""
            throw APIError(.badRequest, code: "request.invalidJSON", "\(what) is not valid JSON\(detail)")
        }
    }

    /// Parses a JSON body that must be an object.
    static func object(_ data: Data, what: String = "the request body") throws -> [String: Any] {
        guard let o = try parse(data, what: what) as? [String: Any] else {
            throw APIError(.badRequest, code: "request.malformed", "\(what) must be a JSON object {…}")
        }
        return o
    }

    /// Decodes a JSON body into `T` after the checks of ``parse(_:what:)``; decoding errors name the field.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        _ = try parse(data)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let e as DecodingError {
            throw APIError.decoding(e)
        }
    }
}

extension APIError {
    /// A 400 for a body that is valid JSON but not of the expected shape, naming the field.
    static func decoding(_ e: DecodingError, code: String = "request.malformed", prefix: String = "") -> APIError {
        func path(_ c: DecodingError.Context, _ extra: CodingKey? = nil) -> String {
            let keys = c.codingPath + (extra.map { [$0] } ?? [])
            let p = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let trimmed = p.hasPrefix(".") ? String(p.dropFirst()) : p
            return prefix.isEmpty ? trimmed : (trimmed.isEmpty ? prefix : "\(prefix).\(trimmed)")
        }
        func typeName(_ t: Any.Type) -> String {
            switch t {
            case is Double.Type, is Float.Type: return "a number"
            case is Int.Type, is UInt64.Type, is Int64.Type: return "a whole number"
            case is String.Type: return "a string"
            case is Bool.Type: return "true or false"
            default:
                let n = "\(t)"
                if n.hasPrefix("Array") { return "an array" }
                if n.hasPrefix("Dictionary") { return "an object" }
                return "a JSON object"
            }
        }
        switch e {
        case .keyNotFound(let key, let c):
            let f = path(c, key)
            return APIError(.badRequest, code: code, "the request is missing '\(f)'", field: f)
        case .typeMismatch(let t, let c):
            let f = path(c)
            return APIError(.badRequest, code: code, "'\(f.isEmpty ? "the body" : f)' must be \(typeName(t))", field: f.isEmpty ? nil : f)
        case .valueNotFound(let t, let c):
            let f = path(c)
            return APIError(.badRequest, code: code, "'\(f)' must be \(typeName(t)), not null", field: f.isEmpty ? nil : f)
        case .dataCorrupted(let c):
            let f = path(c)
            return APIError(
                .badRequest, code: code,
                f.isEmpty
                    ? "the body does not have the expected fields and types (a number may not fit: whole numbers are expected for counts)"
                    : "'\(f)' is invalid: \(c.debugDescription)", field: f.isEmpty ? nil : f)
        @unknown default:
            return APIError(.badRequest, code: code, "the request body is not valid for this endpoint")
        }
    }
}

/// Strictly typed reading of a JSON object's fields (a job's parameters): every value is checked for
/// its type and range, and unknown fields are refused with a suggestion.
struct JSONFields {
    let object: [String: Any]
    /// How fields are named in messages, e.g. "params" → "params.seconds".
    let prefix: String
    let code: String

    init(_ object: [String: Any], prefix: String = "params", code: String = "job.invalidParams") {
        self.object = object
        self.prefix = prefix
        self.code = code
    }

    /// Parses `data` (a JSON object) as fields.
    init(json data: Data, prefix: String = "params", code: String = "job.invalidParams") throws {
        guard let o = try JSONInput.parse(data, what: prefix) as? [String: Any] else {
            throw APIError(.badRequest, code: code, "\(prefix) must be a JSON object {…}", field: prefix)
        }
        self.init(o, prefix: prefix, code: code)
    }

    func name(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    func fail(_ key: String, _ message: String) -> APIError {
        APIError(.badRequest, code: code, "\(name(key)) \(message)", field: name(key))
    }

    /// Refuses fields other than `known` (a typo would otherwise be ignored silently).
    func onlyKnown(_ known: [String]) throws {
        for key in object.keys.sorted() where !known.contains(key) {
            let hint = EditDistance.nearest(key, in: known, within: max(2, key.count / 3)).map { "; did you mean '\($0)'?" } ?? ""
            throw APIError(
                .badRequest, code: code, "unknown parameter '\(name(key))'\(hint) (known: \(known.joined(separator: ", ")))", field: name(key))
        }
    }

    private func present(_ key: String) -> Any? {
        guard let v = object[key], !(v is NSNull) else { return nil }
        return v
    }

    private func numberValue(_ key: String, _ v: Any) throws -> NSNumber {
        // JSONSerialization gives true/false as NSNumber of type "c" (char): not a number here.
        guard let n = v as? NSNumber, String(cString: n.objCType) != "c" else {
            throw fail(key, "must be a number")
        }
        return n
    }

    func string(_ key: String, maxLength: Int = 10_000) throws -> String? {
        guard let v = present(key) else { return nil }
        guard let s = v as? String else { throw fail(key, "must be a string") }
        guard s.count <= maxLength else { throw fail(key, "is \(s.count) characters long; the limit is \(maxLength)") }
        return s
    }

    func requiredString(_ key: String, maxLength: Int = 10_000) throws -> String {
        guard let s = try string(key, maxLength: maxLength) else { throw fail(key, "is required") }
        guard !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw fail(key, "must not be empty") }
        return s
    }

    func double(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let v = present(key) else { return nil }
        let x = try numberValue(key, v).doubleValue
        guard x.isFinite else { throw fail(key, "must be a finite number") }
        guard range.contains(x) else {
            throw fail(key, "must be between \(format(range.lowerBound)) and \(format(range.upperBound)) (got \(format(x)))")
        }
        return x
    }

    func requiredDouble(_ key: String, in range: ClosedRange<Double>) throws -> Double {
        guard let x = try double(key, in: range) else {
            throw fail(key, "is required (a number between \(format(range.lowerBound)) and \(format(range.upperBound)))")
        }
        return x
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let v = present(key) else { return nil }
        let n = try numberValue(key, v)
        let type = String(cString: n.objCType)
        let value: Int
        if ["i", "q", "l", "s"].contains(type) {
            value = n.intValue
        } else if type == "Q" {
            guard n.uint64Value <= UInt64(Int.max) else {
                throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound) (got \(n.uint64Value))")
            }
            value = Int(n.uint64Value)
        } else {
            let d = n.doubleValue
            guard d.isFinite, d == d.rounded() else { throw fail(key, "must be a whole number (got \(format(d)))") }
            guard d >= Double(range.lowerBound), d <= Double(range.upperBound) else {
                throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound) (got \(format(d)))")
            }
            value = Int(d)
        }
        guard range.contains(value) else { throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound) (got \(value))") }
        return value
    }

    func uint64(_ key: String) throws -> UInt64? {
        guard let v = present(key) else { return nil }
        let n = try numberValue(key, v)
        let type = String(cString: n.objCType)
        if type == "Q" { return n.uint64Value }
        if ["i", "q", "l", "s"].contains(type) {
            guard n.int64Value >= 0 else { throw fail(key, "must be a whole number from 0 to \(UInt64.max) (got \(n.int64Value))") }
            return UInt64(n.int64Value)
        }
        let d = n.doubleValue
        guard d.isFinite, d == d.rounded(), d >= 0, d < 18_446_744_073_709_551_616.0 else {
            throw fail(key, "must be a whole number from 0 to \(UInt64.max) (got \(format(d)))")
        }
        return UInt64(d)
    }

    func array(_ key: String, maxCount: Int) throws -> [Any]? {
        guard let v = present(key) else { return nil }
        guard let a = v as? [Any] else { throw fail(key, "must be an array") }
        guard a.count <= maxCount else { throw fail(key, "has \(a.count) entries; the limit is \(maxCount)") }
        return a
    }

    /// The fields of an object inside this one (an entry of an array), named `key[index]`.
    func object(at index: Int, of key: String, _ value: Any) throws -> JSONFields {
        guard let o = value as? [String: Any] else { throw fail("\(key)[\(index)]", "must be a JSON object") }
        return JSONFields(o, prefix: "\(name(key))[\(index)]", code: code)
    }

    func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}

/// Query parameters: a value that is given must be valid (no silent fallback to the default).
enum QueryInput {
    static func text(_ req: Request, _ name: String) -> String? {
        req.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func shown(_ s: String) -> String { s.count > 40 ? String(s.prefix(40)) + "…" : s }

    /// A whole number in `range`, or `defaultValue` when the parameter is absent.
    static func int(_ req: Request, _ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let t = text(req, name) else { return defaultValue }
        guard let v = Int(t.trimmingCharacters(in: .whitespaces)) else {
            throw APIError(
                .badRequest, code: "request.invalidParameter",
                "the query parameter '\(name)' must be a whole number between \(range.lowerBound) and \(range.upperBound) (got '\(shown(t))')",
                field: name)
        }
        guard range.contains(v) else {
            throw APIError(
                .badRequest, code: "request.invalidParameter",
                "the query parameter '\(name)' must be between \(range.lowerBound) and \(range.upperBound) (got \(v))", field: name)
        }
        return v
    }

    /// A finite number in `range`, or `defaultValue` when the parameter is absent.
    static func double(_ req: Request, _ name: String, default defaultValue: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let t = text(req, name) else { return defaultValue }
        guard let v = Double(t.trimmingCharacters(in: .whitespaces)), v.isFinite else {
            throw APIError(
                .badRequest, code: "request.invalidParameter", "the query parameter '\(name)' must be a finite number (got '\(shown(t))')",
                field: name)
        }
        guard range.contains(v) else {
            throw APIError(
                .badRequest, code: "request.invalidParameter",
                "the query parameter '\(name)' must be between \(range.lowerBound) and \(range.upperBound) (got \(v))", field: name)
        }
        return v
    }
}

/// The amount of a reference product accepted by the LCA routes (finite, at most 10¹² in magnitude).
let amountRange: ClosedRange<Double> = -1e12...1e12

/// Checks an amount from a JSON body.
func checkAmount(_ x: Double?, field: String = "amount") throws -> Double {
    let a = x ?? 1
    guard a.isFinite else { throw APIError(.badRequest, code: "lca.invalidAmount", "\(field) must be a finite number", field: field) }
    guard amountRange.contains(a) else {
        throw APIError(.badRequest, code: "lca.invalidAmount", "\(field) must be between -1e12 and 1e12 (got \(a))", field: field)
    }
    return a
}

/// The media type of a request (`application/json` of `application/json; charset=utf-8`), lower case.
func mediaType(_ req: Request) -> String {
    (req.headers[.contentType] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
}

/// Whether a request carries a body (a non-zero Content-Length or a chunked one).
func hasBody(_ req: Request) -> Bool {
    if let te = req.headers[.transferEncoding], !te.isEmpty { return true }
    if let len = req.headers[.contentLength].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) { return len > 0 }
    return false
}
