/// A base dimension of a physical or economic quantity.
///
/// Energy is kept as its own base dimension (rather than mass·length²/time²) because carbon
/// accounting never needs to convert energy into mechanical units, and keeping it apart gives
/// clearer error messages. Each currency is its own dimension: converting US dollars into euros
/// needs an exchange rate and a price year, which is never done silently.
public enum BaseDimension: Hashable, Sendable, Comparable, CustomStringConvertible {
    case mass
    case length
    case time
    case energy
    case count
    case currency(String)

    /// The dimension's name, e.g. "mass" or "currency(USD)".
    public var description: String {
        switch self {
        case .mass: "mass"
        case .length: "length"
        case .time: "time"
        case .energy: "energy"
        case .count: "count"
        case .currency(let code): "currency(\(code))"
        }
    }

    private var order: Int {
        switch self {
        case .mass: 0
        case .length: 1
        case .time: 2
        case .energy: 3
        case .count: 4
        case .currency: 5
        }
    }

    /// A fixed order (mass, length, time, energy, count, currencies by code) so that dimension names are written the same way every time.
    public static func < (lhs: BaseDimension, rhs: BaseDimension) -> Bool {
        if lhs.order != rhs.order { return lhs.order < rhs.order }
        if case .currency(let a) = lhs, case .currency(let b) = rhs { return a < b }
        return false
    }
}

/// The dimension of a unit: a product of base dimensions raised to integer powers.
///
/// ```swift
/// let intensity = UnitDimension.mass / UnitDimension.energy   // e.g. kg/TJ
/// intensity.description                              // "mass·energy⁻¹"
/// ```
public struct UnitDimension: Hashable, Sendable, CustomStringConvertible {
    /// Exponent of each base dimension; zero exponents are never stored.
    public private(set) var exponents: [BaseDimension: Int]

    /// A dimension from base-dimension exponents, e.g. `[.mass: 1, .energy: -1]` for kg/TJ; zero exponents are dropped.
    public init(_ exponents: [BaseDimension: Int] = [:]) {
        self.exponents = exponents.filter { $0.value != 0 }
    }

    /// A pure number (fractions, percentages, ratios such as t/t).
    public static let dimensionless = UnitDimension()
    /// Mass (base unit kg).
    public static let mass = UnitDimension([.mass: 1])
    /// Length (base unit m).
    public static let length = UnitDimension([.length: 1])
    /// Area, length² (base unit m²; ha = 10⁴ m²).
    public static let area = UnitDimension([.length: 2])
    /// Volume, length³ (base unit m³; L = 10⁻³ m³).
    public static let volume = UnitDimension([.length: 3])
    /// Time (base unit s; a year is the Julian year of 365.25 days).
    public static let time = UnitDimension([.time: 1])
    /// Energy (base unit J), kept as its own base dimension.
    public static let energy = UnitDimension([.energy: 1])
    /// A number of items, heads of livestock or persons (base unit 1 item).
    public static let count = UnitDimension([.count: 1])
    /// Money in the currency `code` (ISO 4217, e.g. "USD"); each currency is its own dimension, never converted implicitly.
    public static func currency(_ code: String) -> UnitDimension { UnitDimension([.currency(code): 1]) }

    /// Whether every exponent is zero (a pure number).
    public var isDimensionless: Bool { exponents.isEmpty }

    /// The dimension of a product: exponents add.
    public static func * (lhs: UnitDimension, rhs: UnitDimension) -> UnitDimension {
        var e = lhs.exponents
        for (k, v) in rhs.exponents { e[k, default: 0] += v }
        return UnitDimension(e)
    }

    /// The dimension of a quotient: exponents subtract.
    public static func / (lhs: UnitDimension, rhs: UnitDimension) -> UnitDimension {
        var e = lhs.exponents
        for (k, v) in rhs.exponents { e[k, default: 0] -= v }
        return UnitDimension(e)
    }

    /// The dimension raised to the integer power `n` (negative for a reciprocal): exponents multiply by `n`.
    public func power(_ n: Int) -> UnitDimension {
        UnitDimension(exponents.mapValues { $0 * n })
    }

    /// A readable name, e.g. "mass", "energy", "mass·energy⁻¹".
    public var description: String {
        if exponents.isEmpty { return "dimensionless" }
        switch self {
        case .area: return "area"
        case .volume: return "volume"
        default: break
        }
        return exponents.sorted { $0.key < $1.key }.map { key, exp in
            exp == 1 ? key.description : "\(key.description)\(UnitDimension.superscript(exp))"
        }.joined(separator: "·")
    }

    private static func superscript(_ n: Int) -> String {
        let digits: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"
        ]
        return String(String(n).map { digits[$0] ?? $0 })
    }
}
