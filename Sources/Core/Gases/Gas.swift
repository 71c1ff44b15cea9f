/// A greenhouse gas or other species, identified by the name used in GWP tables
/// (`CO2`, `CH4`, `N2O`, `SF6`, `HFC134a`, ...).
///
/// ```swift
/// let g: Gas = "CH4"
/// g == .ch4   // true
/// ```
public struct Gas: Hashable, Sendable, Comparable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String

    public init(_ name: String) {
        self.name = Gas.canonical(name)
    }

    public init(stringLiteral value: String) { self.init(value) }

    public static let co2 = Gas("CO2")
    public static let ch4 = Gas("CH4")
    public static let n2o = Gas("N2O")
    public static let co = Gas("CO")
    public static let sf6 = Gas("SF6")
    public static let nf3 = Gas("NF3")

    public var description: String { name }

    public static func < (a: Gas, b: Gas) -> Bool {
        let order = ["CO2": 0, "CH4": 1, "N2O": 2]
        switch (order[a.name], order[b.name]) {
        case let (x?, y?): return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.name < b.name
        }
    }

    /// Accepts common spellings: "co2", "CO₂", "ch4", "N₂O", "HFC-134a".
    static func canonical(_ raw: String) -> String {
        let subs: [Character: Character] = ["₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₆": "6"]
        let s = String(raw.trimmingCharacters(in: .whitespaces).map { subs[$0] ?? $0 })
        let upper = s.uppercased()
        for known in ["CO2", "CH4", "N2O", "SF6", "NF3", "CO"] where upper == known { return known }
        for prefix in ["HCFC", "HFC", "PFC", "CFC"] where upper.hasPrefix(prefix) {
            // HFC-134a, hfc134a → HFC134a (prefix upper case, isomer letters lower case)
            let rest = s.dropFirst(prefix.count).replacingOccurrences(of: "-", with: "")
            if let first = rest.first, first.isNumber { return prefix + rest.lowercased() }
        }
        if upper.hasPrefix("HALON") {
            return "Halon" + s.dropFirst(5).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: " ", with: "")
        }
        return s
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

/// Where the carbon in an emitted gas came from. AR6 gives fossil and non-fossil methane
/// different GWPs (fossil CH4 oxidises to fossil CO2, which adds to the atmosphere).
public enum CarbonOrigin: String, Sendable, Codable, Hashable {
    case fossil
    case biogenic
}

import Foundation
