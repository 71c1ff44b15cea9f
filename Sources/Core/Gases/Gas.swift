/// A greenhouse gas or other species, identified by the name used in GWP tables
/// (`CO2`, `CH4`, `N2O`, `SF6`, `HFC134a`, ...).
///
/// ```swift
/// let g: Gas = "CH4"
/// g == .ch4   // true
/// ```
public struct Gas: Hashable, Sendable, Comparable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// Canonical species name as used in GWP tables, e.g. "CO2", "CH4", "HFC134a", "Halon1301".
    public let name: String

    /// A gas from any common spelling ("co2", "CO₂", "HFC-134a"), normalised to its canonical name.
    public init(_ name: String) {
        self.name = Gas.canonical(name)
    }

    /// A gas from a string literal, normalised as by ``init(_:)``.
    public init(stringLiteral value: String) { self.init(value) }

    /// Carbon dioxide (GWP 1 by definition).
    public static let co2 = Gas("CO2")
    /// Methane; AR6 sets may give separate fossil and non-fossil GWPs (see ``CarbonOrigin``).
    public static let ch4 = Gas("CH4")
    /// Nitrous oxide.
    public static let n2o = Gas("N2O")
    /// Carbon monoxide, an indirect greenhouse gas; the bundled GWP sets give it no value, so ``GWPSet/factor(for:origin:)`` throws for it.
    public static let co = Gas("CO")
    /// Sulphur hexafluoride.
    public static let sf6 = Gas("SF6")
    /// Nitrogen trifluoride.
    public static let nf3 = Gas("NF3")

    /// The canonical name, e.g. "CH4".
    public var description: String { name }

    /// Reporting order: CO2, CH4, N2O first, then every other species alphabetically.
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

    /// Decodes a gas from a single string, normalising its spelling.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the gas as its canonical name.
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
