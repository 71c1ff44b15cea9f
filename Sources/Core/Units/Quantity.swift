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
    /// The number, in `unit`.
    public var value: Double
    /// The unit `value` is expressed in.
    public var unit: MeasureUnit

    /// A quantity of `value` in an already parsed unit.
    public init(_ value: Double, _ unit: MeasureUnit) {
        self.value = value
        self.unit = unit
    }

    /// A quantity of `value` in the unit written as `unit` (e.g. "kg/TJ"); throws ``UnitError`` `.unknownUnit` if it does not parse.
    public init(_ value: Double, _ unit: String) throws {
        self.init(value, try MeasureUnit(unit))
    }

    /// The dimension of the quantity's unit.
    public var dimension: UnitDimension { unit.dimension }

    /// The same quantity expressed in `target`; throws ``UnitError`` `.incompatibleUnits` when the dimensions differ.
    public func converted(to target: MeasureUnit) throws -> Quantity {
        Quantity(try unit.convert(value, to: target), target)
    }

    /// The same quantity expressed in the unit written as `target`; throws ``UnitError`` if it does not parse or is incompatible.
    public func converted(to target: String) throws -> Quantity {
        try converted(to: MeasureUnit(target))
    }

    /// The value expressed in `target`.
    public func value(in target: MeasureUnit) throws -> Double { try unit.convert(value, to: target) }
    /// The value expressed in the unit written as `target`; throws ``UnitError`` if it does not parse or is incompatible.
    public func value(in target: String) throws -> Double { try value(in: MeasureUnit(target)) }

    /// The sum, in the left operand's unit; throws ``UnitError`` `.incompatibleUnits` when the dimensions differ.
    public static func + (lhs: Quantity, rhs: Quantity) throws -> Quantity {
        Quantity(lhs.value + (try rhs.value(in: lhs.unit)), lhs.unit)
    }

    /// The difference, in the left operand's unit; throws ``UnitError`` `.incompatibleUnits` when the dimensions differ.
    public static func - (lhs: Quantity, rhs: Quantity) throws -> Quantity {
        Quantity(lhs.value - (try rhs.value(in: lhs.unit)), lhs.unit)
    }

    /// The product, in the product unit (e.g. Gg × TJ/Gg gives TJ: factors that cancel are dropped).
    public static func * (lhs: Quantity, rhs: Quantity) -> Quantity {
        Quantity(lhs.value * rhs.value, lhs.unit * rhs.unit)
    }

    /// The quotient, in the quotient unit (e.g. kg / TJ gives kg/TJ).
    public static func / (lhs: Quantity, rhs: Quantity) -> Quantity {
        Quantity(lhs.value / rhs.value, lhs.unit / rhs.unit)
    }

    /// The quantity scaled by a pure number, in the same unit.
    public static func * (lhs: Quantity, rhs: Double) -> Quantity { Quantity(lhs.value * rhs, lhs.unit) }

    /// The value and unit symbol, e.g. "2580.0 TJ".
    public var description: String { "\(value) \(unit.symbol)" }
}
