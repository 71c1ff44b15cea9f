import Foundation

/// Finds NaN and infinite numbers in a result before it is printed or returned, so that an
/// overflow becomes an error naming the figure instead of "inf", "nan" or a JSON "Infinity".
///
/// ```swift
/// FiniteCheck.firstNonFinite(in: result)   // ("years[3].total", .infinity) or nil
/// ```
public enum FiniteCheck {
    private static let nan = "\u{1}nan", inf = "\u{1}inf", minusInf = "\u{1}-inf"

    /// The path (keys as encoded, e.g. `imports[0].actual.embedded_t`) and value of the first
    /// NaN or infinite number in `value`, or nil when every number is finite.
    public static func firstNonFinite<T: Encodable>(in value: T) -> (path: String, value: Double)? {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: inf, negativeInfinity: minusInf, nan: nan)
        guard let data = try? e.encode(value), let tree = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return nil
        }
        return find(tree, path: "")
    }

    private static func find(_ x: Any, path: String) -> (path: String, value: Double)? {
        if let s = x as? String {
            switch s {
            case nan: return (path, .nan)
            case inf: return (path, .infinity)
            case minusInf: return (path, -.infinity)
            default: return nil
            }
        }
        if let a = x as? [Any] {
            for (i, y) in a.enumerated() { if let r = find(y, path: "\(path)[\(i)]") { return r } }
            return nil
        }
        if let d = x as? [String: Any] {
            for k in d.keys.sorted() { if let r = find(d[k]!, path: path.isEmpty ? k : "\(path).\(k)") { return r } }
        }
        return nil
    }

    /// "the result 'years[3].total' is not a finite number (inf): the inputs are too large to compute with"
    public static func message(path: String, value: Double) -> String {
        "the result '\(path)' is not a finite number (\(value)): the inputs are too large (or too small) to compute with"
    }
}
