import YuhengCore

/// An error of the natural-sources engine: bad input, named by the field it concerns.
///
/// ```swift
/// // "field 'combustion_factor': 1.2 is outside [0, 1]"
/// NaturalError(.fractionOutOfRange, "1.2 is outside [0, 1]", field: "combustion_factor")
/// ```
public struct NaturalError: YuhengError, Equatable {
    /// The failures of a natural-flux calculation (qualified as `natural.<code>`).
    public enum Code: String, ErrorCode, Codable {
        /// An area, stock, mass or rate that cannot be negative is negative.
        case negativeValue
        /// A fraction (combustion factor, disturbance fraction, carbon fraction, share) is outside [0, 1].
        case fractionOutOfRange
        /// The vegetation type is not one the engine knows.
        case unknownVegetation
        /// The climate zone, ecological zone or nutrient status is not one the engine knows.
        case unknownClimateZone
        /// A category (land use, status, method, emission-factor set) is not one the engine knows.
        case unknownCategory
        /// A unit has the wrong dimension (e.g. a mass where an area is needed) or is not a unit at all.
        case unitMismatch
        /// A value the calculation needs is missing, and there is no default.
        case missingValue
        /// A value is not finite or otherwise invalid (e.g. t2 not after t1).
        case invalidValue

        /// Every code is input to correct: the vegetation types, zones and categories are fixed
        /// lists, so an unknown one is a wrong value rather than a missing thing.
        public var kind: ErrorKind { self == .unitMismatch ? .unitMismatch : .invalidInput }
    }
    /// "natural", the prefix of the qualified codes.
    public static let domain = "natural"

    /// What failed.
    public let code: Code
    /// What is wrong, in words, naming the value (and the fire, stratum or site when reported through a report).
    public let message: String
    /// The input field concerned, as named in the file formats (`area`, `combustion_factor`, …).
    public var field: String?
    /// How to fix it, e.g. the known vegetation types.
    public var suggestion: String?

    /// An error with its code and message and, where known, the field and a suggestion.
    public init(_ code: Code, _ message: String, field: String? = nil, suggestion: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.suggestion = suggestion
    }

    /// The field of the error (no file: the engine reads none), or nil.
    public var location: ErrorLocation? { ErrorLocation.make(file: nil, field: field) }
}

/// Input checks shared by the calculators.
enum Check {
    static func finite(_ v: Double, _ field: String) throws {
        guard v.isFinite else { throw NaturalError(.invalidValue, "\(v) is not a finite number", field: field) }
    }

    static func nonNegative(_ v: Double, _ field: String, what: String) throws {
        try finite(v, field)
        guard v >= 0 else {
            throw NaturalError(.negativeValue, "\(what) is \(v); it cannot be negative", field: field)
        }
    }

    static func fraction(_ v: Double, _ field: String) throws {
        try finite(v, field)
        guard v >= 0 && v <= 1 else {
            throw NaturalError(
                .fractionOutOfRange, "\(v) is outside [0, 1]", field: field,
                suggestion: "give a fraction between 0 and 1 (not a percentage)")
        }
    }

    static func percent(_ v: Double?, _ field: String) throws {
        guard let v else { return }
        try finite(v, field)
        guard v >= 0 else { throw NaturalError(.negativeValue, "an uncertainty of \(v) % is negative", field: field) }
    }

    /// An activity's area in hectares: the amount non-negative (`what` names it in the error), its unit an area
    /// unit (field `area_unit`), its uncertainty in % (field `area_uncertainty_pct`) checked.
    static func areaInHectares(_ area: Double, unit text: String, uncertaintyPct: Double?, what: String) throws -> Double {
        try nonNegative(area, "area", what: what)
        let unit: MeasureUnit
        do { unit = try MeasureUnit(text) } catch {
            throw NaturalError(.unitMismatch, "'\(text)' is not a unit", field: "area_unit", suggestion: "use an area unit: ha, km^2, m^2, acre")
        }
        guard unit.dimension == .area else {
            throw NaturalError(
                .unitMismatch, "'\(text)' is not an area unit (it measures \(unit.dimension))", field: "area_unit",
                suggestion: "use an area unit: ha, km^2, m^2, acre")
        }
        let hectares = try unit.convert(area, to: MeasureUnit("ha"))
        try percent(uncertaintyPct, "area_uncertainty_pct")
        return hectares
    }
}

extension NaturalError {
    /// Runs `body`, prefixing a NaturalError's message with the activity it concerns.
    static func context<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as NaturalError {
            throw NaturalError(e.code, "\(what): \(e.message)", field: e.field, suggestion: e.suggestion)
        }
    }
}
