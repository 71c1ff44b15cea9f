/// An error about units: an unknown symbol, or an attempt to mix incompatible units.
///
/// ```swift
/// do { _ = try MeasureUnit("L").convert(5, to: MeasureUnit("TJ")) }
/// catch let e as UnitError { print(e.code, e.message) }
/// // incompatibleUnits  cannot convert L (volume) to TJ (energy): ...
/// ```
public struct UnitError: YuhengError, Equatable {
    /// What went wrong with a unit.
    public enum Code: String, ErrorCode, Equatable {
        case unknownUnit
        case incompatibleUnits

        /// The kind of failure of this code (it decides the HTTP status and the exit status).
        public var kind: ErrorKind { .unitMismatch }
    }
    /// "unit", the prefix of the qualified codes.
    public static let domain = "unit"

    /// `unknownUnit` (a symbol that does not parse) or `incompatibleUnits` (a conversion between different dimensions).
    public let code: Code
    /// What went wrong, with a hint for the common cases (a density or a net calorific value is needed).
    public let message: String
    /// The units involved, as written.
    public let units: [String]

    /// An error with its code, message and the units involved.
    public init(code: Code, message: String, units: [String]) {
        self.code = code
        self.message = message
        self.units = units
    }

    static func unknown(_ text: String, detail: String) -> UnitError {
        UnitError(
            code: .unknownUnit,
            message: "unknown unit '\(text)': \(detail). Use symbols such as t, kg, Gg, TJ, GJ, kWh, m3, L, head, MUSD, or compounds like kg/TJ",
            units: [text])
    }

    static func incompatible(_ a: MeasureUnit, _ b: MeasureUnit) -> UnitError {
        var hint = "convert the quantity explicitly first"
        if (a.dimension == .volume && b.dimension == .energy) || (a.dimension == .energy && b.dimension == .volume) {
            hint = "give a density (t/m3) to go from volume to mass, then a net calorific value to reach energy"
        } else if (a.dimension == .mass && b.dimension == .energy) || (a.dimension == .energy && b.dimension == .mass) {
            hint = "a net calorific value (e.g. TJ/Gg) is needed between mass and energy"
        } else if a.dimension == .volume && b.dimension == .mass || a.dimension == .mass && b.dimension == .volume {
            hint = "a density (e.g. t/m3) is needed between volume and mass"
        }
        return UnitError(
            code: .incompatibleUnits,
            message: "cannot convert \(a.symbol) (\(a.dimension)) to \(b.symbol) (\(b.dimension)): incompatible units; \(hint)",
            units: [a.symbol, b.symbol])
    }
}
