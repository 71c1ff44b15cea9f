import Foundation
import YuhengNumerics

/// Type-erased Encodable for heterogeneous JSON objects.
struct AnyEncodable: Encodable {
    let encodeFn: (Encoder) throws -> Void
    init<T: Encodable>(_ v: T) { encodeFn = { try v.encode(to: $0) } }
    func encode(to encoder: Encoder) throws { try encodeFn(encoder) }
}

/// A minimal JSON value for ad-hoc output.
enum JSONValue: Encodable {
    case string(String), number(Double), object([String: Double])
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let d): try c.encode(d)
        case .object(let o): try c.encode(o)
        }
    }
}

/// Mapping stressor -> label -> value of a stressor × label matrix, as the JSON output uses.
func byStressor(_ m: DenseMatrix, stressors: [String], labels: [String]) -> [String: [String: Double]] {
    var out: [String: [String: Double]] = [:]
    for (k, s) in stressors.enumerated() {
        out[s] = Dictionary(labels.enumerated().map { ($1, m[k, $0]) }, uniquingKeysWith: { a, _ in a })
    }
    return out
}

/// A value flattened into the top level of a JSON object with extra keys.
struct Flattened<Base: Encodable, Extra: Encodable>: Encodable {
    let base: Base
    let extra: Extra
    func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
        try extra.encode(to: encoder)
    }
}
