/// A unit of measure: a symbol, a ``UnitDimension`` and a scale to the coherent base unit of that
/// dimension (kg, m, s, J, 1 item, 1 currency unit).
///
/// Units are parsed from the strings people write in inventories and datasets:
///
/// ```swift
/// let u = try MeasureUnit("kg/TJ")          // mass per energy
/// let v = try MeasureUnit("kt/MUSD")        // mass per currency(USD)
/// try MeasureUnit("Gg").convert(1, to: MeasureUnit("t"))   // 1000
/// try MeasureUnit("L").convert(1, to: MeasureUnit("TJ"))   // throws UnitError .incompatibleUnits
/// ```
///
/// Grammar: factors separated by `/`, `*`, `·` or a space; a factor is a known symbol with an
/// optional integer power (`m2`, `m^2`, `s-1`). Everything after the first `/` divides
/// (`kg/m3/yr` = kg·m⁻³·yr⁻¹). Currencies are three upper-case letters with an optional
/// multiplier prefix `k`, `M` or `B` (`MUSD`, `kEUR`).
public struct MeasureUnit: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The symbol as written (normalised for known aliases), e.g. "kg/TJ".
    public let symbol: String
    /// The physical or economic dimension, which decides what the unit can be converted into.
    public let dimension: UnitDimension
    /// Multiply a value in this unit by `scale` to express it in the coherent base unit.
    public let scale: Double

    /// A unit from its parts; `scale` converts a value in this unit into the coherent base unit (e.g. 1e6 for Gg, in kg).
    public init(symbol: String, dimension: UnitDimension, scale: Double) {
        self.symbol = symbol
        self.dimension = dimension
        self.scale = scale
    }

    /// Parses a unit string; throws ``UnitError`` with code `.unknownUnit` if any part is unknown.
    public init(_ text: String) throws {
        self = try UnitParser.parse(text)
    }

    /// The symbol, e.g. "kg/TJ".
    public var description: String { symbol }

    /// Whether values can be converted between the two units (same dimension; scales may differ).
    public func isCompatible(with other: MeasureUnit) -> Bool { dimension == other.dimension }

    /// The factor that converts a value in `self` into `target`; throws if the dimensions differ.
    public func conversionFactor(to target: MeasureUnit) throws -> Double {
        guard dimension == target.dimension else {
            throw UnitError.incompatible(self, target)
        }
        return scale / target.scale
    }

    /// Converts `value` from this unit into `target`.
    public func convert(_ value: Double, to target: MeasureUnit) throws -> Double {
        value * (try conversionFactor(to: target))
    }

    /// The product of two units. Its symbol is written with `*` and `^` powers only (e.g.
    /// `GJ*t^-1*Gg`), so that it parses back to the same dimension and scale; factors that
    /// cancel are dropped (`kg/TJ * TJ` → `kg`).
    public static func * (lhs: MeasureUnit, rhs: MeasureUnit) -> MeasureUnit {
        MeasureUnit(
            symbol: UnitParser.combine(lhs.symbol, rhs.symbol, sign: 1), dimension: lhs.dimension * rhs.dimension, scale: lhs.scale * rhs.scale)
    }

    /// The quotient of two units, with a symbol that parses back (e.g. `Gg*GJ^-1*t`).
    public static func / (lhs: MeasureUnit, rhs: MeasureUnit) -> MeasureUnit {
        MeasureUnit(
            symbol: UnitParser.combine(lhs.symbol, rhs.symbol, sign: -1), dimension: lhs.dimension / rhs.dimension, scale: lhs.scale / rhs.scale)
    }

    // Codable as its symbol.
    /// Decodes a unit from its symbol string; throws ``UnitError`` `.unknownUnit` if the symbol does not parse.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        self = try MeasureUnit(c.decode(String.self))
    }

    /// Encodes the unit as its symbol.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(symbol)
    }
}

extension MeasureUnit {
    // Common units, for code that wants them without parsing.
    /// The dimensionless unit 1.
    public static let one = MeasureUnit(symbol: "1", dimension: .dimensionless, scale: 1)
    /// Kilogram, the base unit of mass.
    public static let kilogram = MeasureUnit(symbol: "kg", dimension: .mass, scale: 1)
    /// Metric tonne, 10³ kg.
    public static let tonne = MeasureUnit(symbol: "t", dimension: .mass, scale: 1000)
    /// Gigagram, 10⁶ kg (= 1 kt), the mass unit of IPCC default activity data.
    public static let gigagram = MeasureUnit(symbol: "Gg", dimension: .mass, scale: 1e6)
    /// Gigajoule, 10⁹ J.
    public static let gigajoule = MeasureUnit(symbol: "GJ", dimension: .energy, scale: 1e9)
    /// Terajoule, 10¹² J, the energy unit of IPCC emission factors (kg/TJ).
    public static let terajoule = MeasureUnit(symbol: "TJ", dimension: .energy, scale: 1e12)
    /// One head of livestock (a count), the activity unit of enteric and manure factors.
    public static let head = MeasureUnit(symbol: "head", dimension: .count, scale: 1)
    /// Julian year, 365.25 days = 31,557,600 s.
    public static let year = MeasureUnit(symbol: "yr", dimension: .time, scale: 31_557_600)
}

/// The table of known unit symbols. Scales are exact by definition where a definition exists
/// (e.g. 1 toe = 41.868 GJ, IEA; 1 Btu = 1055.05585262 J, International Table; 1 lb = 0.45359237 kg).
enum UnitTable {
    static let units: [String: (UnitDimension, Double)] = {
        var u: [String: (UnitDimension, Double)] = [:]
        // Mass
        let mass: [(String, Double)] = [
            ("mg", 1e-6), ("g", 1e-3), ("kg", 1), ("t", 1e3), ("tonne", 1e3), ("tonnes", 1e3),
            ("kt", 1e6), ("Mt", 1e9), ("Gt", 1e12),
            ("Mg", 1e3), ("Gg", 1e6), ("Tg", 1e9), ("Pg", 1e12),
            ("lb", 0.45359237), ("short_ton", 907.18474), ("long_ton", 1016.0469088)
        ]
        for (s, f) in mass { u[s] = (.mass, f) }
        // Energy
        let energy: [(String, Double)] = [
            ("J", 1), ("kJ", 1e3), ("MJ", 1e6), ("GJ", 1e9), ("TJ", 1e12), ("PJ", 1e15), ("EJ", 1e18),
            ("Wh", 3600), ("kWh", 3.6e6), ("MWh", 3.6e9), ("GWh", 3.6e12), ("TWh", 3.6e15),
            ("toe", 41.868e9), ("ktoe", 41.868e12), ("Mtoe", 41.868e15),
            ("Btu", 1055.05585262), ("MMBtu", 1055.05585262e6), ("therm", 105.505585262e6),
            ("cal", 4.1868), ("kcal", 4186.8), ("Gcal", 4.1868e9)
        ]
        for (s, f) in energy { u[s] = (.energy, f) }
        // Length, area, volume
        let length: [(String, Double)] = [("mm", 1e-3), ("cm", 1e-2), ("m", 1), ("km", 1e3), ("mi", 1609.344)]
        for (s, f) in length { u[s] = (.length, f) }
        let area: [(String, Double)] = [("ha", 1e4), ("acre", 4046.8564224)]
        for (s, f) in area { u[s] = (.area, f) }
        let volume: [(String, Double)] = [
            ("L", 1e-3), ("l", 1e-3), ("mL", 1e-6), ("kL", 1), ("ML", 1e3), ("GL", 1e6),
            ("Nm3", 1), ("Sm3", 1), ("bbl", 0.158987294928), ("gal", 0.003785411784)
        ]
        for (s, f) in volume { u[s] = (.volume, f) }
        // Time (a year is the Julian year, 365.25 d)
        let time: [(String, Double)] = [
            ("s", 1), ("min", 60), ("h", 3600), ("d", 86400), ("day", 86400),
            ("yr", 31_557_600), ("a", 31_557_600), ("year", 31_557_600)
        ]
        for (s, f) in time { u[s] = (.time, f) }
        // Power (energy per time)
        let power: [(String, Double)] = [("W", 1), ("kW", 1e3), ("MW", 1e6), ("GW", 1e9), ("TW", 1e12)]
        for (s, f) in power { u[s] = (UnitDimension.energy / UnitDimension.time, f) }
        // Counts
        let counts: [(String, Double)] = [
            ("item", 1), ("items", 1), ("unit", 1), ("p", 1), ("piece", 1), ("head", 1), ("heads", 1),
            ("animal", 1), ("person", 1), ("kitem", 1e3), ("khead", 1e3), ("Mhead", 1e6)
        ]
        for (s, f) in counts { u[s] = (.count, f) }
        // Dimensionless
        let pure: [(String, Double)] = [("1", 1), ("fraction", 1), ("%", 0.01), ("percent", 0.01), ("ppm", 1e-6)]
        for (s, f) in pure { u[s] = (.dimensionless, f) }
        // Transport work
        u["tkm"] = (UnitDimension.mass * UnitDimension.length, 1e6)
        u["pkm"] = (UnitDimension.count * UnitDimension.length, 1e3)
        return u
    }()

    static let currencyMultipliers: [Character: Double] = ["k": 1e3, "M": 1e6, "B": 1e9]
}

enum UnitParser {
    /// Splits a symbol into (token, power) factors, resolving trailing-digit powers (`m3` → (m, 3)).
    static func factors(_ text: String) -> [(String, Int)]? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var out: [(String, Int)] = []
        for (index, part) in parts.enumerated() {
            for f in part.split(whereSeparator: { $0 == "*" || $0 == "·" || $0 == " " || $0 == "." }) {
                guard let (base, power) = try? splitPower(String(f), whole: text) else { return nil }
                out.append((base, index == 0 ? power : -power))
            }
        }
        return out
    }

    /// The symbol of `a^1 · b^sign` written as factors with powers; cancelling factors are dropped.
    static func combine(_ a: String, _ b: String, sign: Int) -> String {
        guard let fa = factors(a), let fb = factors(b) else { return sign > 0 ? "\(a)*\(b)" : "\(a)/\(b)" }
        var order: [String] = [], power: [String: Int] = [:]
        for (t, p) in fa + fb.map({ ($0.0, $0.1 * sign) }) {
            if power[t] == nil { order.append(t) }
            power[t, default: 0] += p
        }
        let kept = order.filter { power[$0] != 0 && $0 != "1" }
        if kept.isEmpty { return "1" }
        return kept.map { power[$0] == 1 ? $0 : "\($0)^\(power[$0]!)" }.joined(separator: "*")
    }

    /// A token with an optional power: `m^2`, `m2`, `s-1`, `m3^-1` (powers multiply).
    static func splitPower(_ token: String, whole: String) throws -> (String, Int) {
        var base = token
        var power = 1
        if let caret = base.firstIndex(of: "^") {
            guard let p = Int(base[base.index(after: caret)...]) else { throw MeasureUnitErrorBox.unknown(whole, "bad power in '\(token)'") }
            power = p
            base = String(base[..<caret])
        }
        if UnitTable.units[base] == nil, currency(base) == nil {
            var digits = ""
            var stem = base
            while let last = stem.last, last.isNumber || last == "-" {
                digits.insert(last, at: digits.startIndex)
                stem.removeLast()
            }
            if !digits.isEmpty, !stem.isEmpty, let p = Int(digits), UnitTable.units[stem] != nil || currency(stem) != nil {
                power *= p
                base = stem
            }
        }
        return (base, power)
    }

    static func parse(_ raw: String) throws -> MeasureUnit {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw UnitError.unknown(raw, detail: "the unit is empty") }
        // Split into numerator and denominators at '/'.
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var dimension = UnitDimension.dimensionless
        var scale = 1.0
        for (index, part) in parts.enumerated() {
            let factors = part.split(whereSeparator: { $0 == "*" || $0 == "·" || $0 == " " || $0 == "." })
            if factors.isEmpty { throw UnitError.unknown(raw, detail: "empty factor in '\(raw)'") }
            for f in factors {
                let (d, base, p) = try factor(String(f), whole: raw)
                let power = index == 0 ? p : -p
                dimension = dimension * d.power(power)
                // Divide for negative powers rather than multiply by a reciprocal, so that
                // "GJ*t^-1" and "GJ/t" give bit-identical scales.
                if power >= 0 { scale *= pow(base, Double(power)) } else { scale /= pow(base, Double(-power)) }
            }
        }
        return MeasureUnit(symbol: text, dimension: dimension, scale: scale)
    }

    /// The base unit's dimension and scale, and the power it is raised to.
    private static func factor(_ token: String, whole: String) throws -> (UnitDimension, Double, Int) {
        let base: String, power: Int
        do { (base, power) = try splitPower(token, whole: whole) } catch MeasureUnitErrorBox.unknown(let w, let detail) {
            throw UnitError.unknown(w, detail: detail)
        }
        if let (d, s) = UnitTable.units[base] {
            return (d, s, power)
        }
        if let (d, s) = currency(base) {
            return (d, s, power)
        }
        throw UnitError.unknown(whole, detail: "'\(base)' is not a known unit symbol")
    }

    /// Recognises ISO 4217-style currency codes with an optional k/M/B multiplier: USD, MUSD, kEUR.
    static func currency(_ token: String) -> (UnitDimension, Double)? {
        let chars = Array(token)
        func isCode(_ s: ArraySlice<Character>) -> Bool {
            s.count == 3 && s.allSatisfy { $0.isUppercase && $0.isASCII && $0.isLetter }
        }
        if chars.count == 3, isCode(chars[0...]) {
            return (.currency(token), 1)
        }
        if chars.count == 4, let m = UnitTable.currencyMultipliers[chars[0]], isCode(chars[1...]) {
            return (.currency(String(chars[1...])), m)
        }
        return nil
    }
}

import Foundation

enum MeasureUnitErrorBox: Error { case unknown(String, String) }
