import Foundation

/// Number formatting for people: thousands separated by commas, fixed decimals.
///
/// ```swift
/// Format.number(9793.96543, decimals: 1)   // "9,794.0"
/// Format.signedPercent(-16.49)             // "-16.5 %"
/// ```
public enum Format {
    /// `x` with `decimals` decimals and thousands separated.
    public static func number(_ x: Double, decimals: Int = 2) -> String {
        guard x.isFinite else { return String(x) }
        let s = String(format: "%.\(decimals)f", abs(x))
        let parts = s.split(separator: ".", maxSplits: 1)
        var intPart = String(parts[0])
        var groups: [String] = []
        while intPart.count > 3 {
            groups.insert(String(intPart.suffix(3)), at: 0)
            intPart.removeLast(3)
        }
        groups.insert(intPart, at: 0)
        var out = groups.joined(separator: ",")
        if parts.count > 1 { out += "." + parts[1] }
        return (x < 0 ? "-" : "") + out
    }

    /// A ±half-width in % ("n/a" when unknown).
    public static func percent(_ x: Double?) -> String {
        guard let v = x else { return "n/a" }
        return String(format: "±%.2f %%", v)
    }

    /// A signed percentage with one decimal ("+18.8 %"); never "-0.0 %"; "" when nil.
    public static func signedPercent(_ x: Double?) -> String {
        guard let x, x.isFinite else { return x == nil ? "" : "n/a" }
        let rounded = (x * 10).rounded() / 10
        return String(format: "%+.1f %%", rounded == 0 ? 0 : rounded)
    }

    /// Stable JSON: sorted keys, pretty printed.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try e.encode(value), as: UTF8.self)
    }
}
