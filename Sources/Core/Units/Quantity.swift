/// A number with a unit. Arithmetic checks dimensions: adding incompatible quantities throws,
/// multiplying and dividing compose units.
///
/// ```swift
/// let coal = try Quantity(100, "Gg")
/// let ncv = try Quantity(25.8, "TJ/Gg")
/// let energy = coal * ncv                      // 2580 Gg*TJ/Gg, dimension energy
/// try energy.converted(to: "TJ").value         // 2580
/// try coal + Quantity(1, "TJ")                 // throws UnitError .incompatibleUnits
/// ```
public struct Quantity: Hashable, Sendable, CustomStringConvertible, Codable {
    public var value: Double
    public var unit: MeasureUnit

    public init(_ value: Double, _ unit: MeasureUnit) {
        self.value = value
        self.unit = unit
    }

    public init(_ value: Double, _ unit: String) throws {
        self.init(value, try MeasureUnit(unit))
    }

    public var dimension: UnitDimension { unit.dimension }

    public func converted(to target: MeasureUnit) throws -> Quantity {
        Quantity(try unit.convert(value, to: target), target)
    }

    public func converted(to target: String) throws -> Quantity {
        try converted(to: MeasureUnit(target))
    }

    /// The value expressed in `target`.
    public func value(in target: MeasureUnit) throws -> Double { try unit.convert(value, to: target) }
    public func value(in target: String) throws -> Double { try value(in: MeasureUnit(target)) }

    public static func + (lhs: Quantity, rhs: Quantity) throws -> Quantity {
        Quantity(lhs.value + (try rhs.value(in: lhs.unit)), lhs.unit)
    }

    public static func - (lhs: Quantity, rhs: Quantity) throws -> Quantity {
        Quantity(lhs.value - (try rhs.value(in: lhs.unit)), lhs.unit)
    }

    public static func * (lhs: Quantity, rhs: Quantity) -> Quantity {
        Quantity(lhs.value * rhs.value, lhs.unit * rhs.unit)
    }

    public static func / (lhs: Quantity, rhs: Quantity) -> Quantity {
        Quantity(lhs.value / rhs.value, lhs.unit / rhs.unit)
    }

    public static func * (lhs: Quantity, rhs: Double) -> Quantity { Quantity(lhs.value * rhs, lhs.unit) }

    public var description: String { "\(value) \(unit.symbol)" }
}
