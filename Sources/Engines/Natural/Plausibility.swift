import Foundation
import YuhengCore

/// The inputs of the natural-sources calculators against their plausible ranges (``PlausibleRange``):
/// beyond physical possibility is an error (``NaturalError/Code/invalidValue``), beyond any real
/// case a warning naming the field. The ranges are listed in docs/natural-format.md.
enum Plausibility {
    struct Checker {
        var warnings: [String] = []

        mutating func check(_ v: Double?, _ range: PlausibleRange, _ field: String) throws {
            guard let v else { return }
            // Negative values are the calculators' to report (NaturalError.Code.negativeValue).
            if v < 0, range.physical.lowerBound >= 0 { return }
            switch range.verdict(v) {
            case .plausible: return
            case .unusual(let m): warnings.append("field '\(field)': \(m)")
            case .impossible(let m): throw NaturalError(.invalidValue, m, field: field)
            }
        }
    }

    /// An area in hectares, or nil when the unit is not an area unit (the calculator reports that).
    static func hectares(_ value: Double, unit: String) -> Double? {
        guard let u = try? MeasureUnit(unit), u.dimension == .area else { return nil }
        return try? u.convert(value, to: MeasureUnit("ha"))
    }

    static func fire(_ a: FireActivity) throws -> [String] {
        var c = Checker()
        try c.check(hectares(a.area, unit: a.areaUnit), .burnedArea, "area")
        try c.check(a.fuelConsumption, .fuelConsumption, "fuel_consumption")
        try c.check(a.fuelLoad, .biomassStock, "fuel_load")
        return c.warnings
    }

    static func land(_ s: LandStratum) throws -> [String] {
        var c = Checker()
        try c.check(s.area, .landArea, "area")
        try c.check(s.growth, .biomassGrowth, "growth")
        try c.check(s.rootShoot, .rootShootRatio, "root_shoot")
        try c.check(s.carbonFraction, .carbonFraction, "carbon_fraction")
        try c.check(s.harvest, .woodVolume, "harvest")
        try c.check(s.fuelwoodTrees, .woodVolume, "fuelwood_trees")
        try c.check(s.fuelwoodParts, .woodVolume, "fuelwood_parts")
        try c.check(s.bcefR, .conversionFactor, "bcef_r")
        try c.check(s.bcefS, .conversionFactor, "bcef_s")
        try c.check(s.woodDensity, .woodDensity, "wood_density")
        try c.check(s.disturbanceArea, .landArea, "disturbance_area")
        try c.check(s.disturbanceBiomass, .biomassStock, "disturbance_biomass")
        try c.check(s.biomassBefore, .biomassStock, "biomass_before")
        try c.check(s.biomassAfter, .biomassStock, "biomass_after")
        try c.check(s.stockT1, .carbonStock, "stock_t1")
        try c.check(s.stockT2, .carbonStock, "stock_t2")
        try c.check(s.volumeT1, .growingStock, "volume_t1")
        try c.check(s.volumeT2, .growingStock, "volume_t2")
        for (y, f) in [(s.yearT1, "year_t1"), (s.yearT2, "year_t2")] {
            if let y, !(1750...2200).contains(y) { throw NaturalError(.invalidValue, "\(y) is not a year of a land inventory (1750–2200)", field: f) }
        }
        return c.warnings
    }

    static func organicSoil(_ a: OrganicSoilActivity) throws -> [String] {
        var c = Checker()
        try c.check(hectares(a.area, unit: a.areaUnit), .organicSoilArea, "area")
        return c.warnings
    }

    /// Throws when a report holds a NaN or an infinite number (an overflow), naming the figure.
    static func finiteResult<T: Encodable>(_ report: T) throws {
        if let (path, v) = FiniteCheck.firstNonFinite(in: report) {
            throw NaturalError(
                .invalidValue, FiniteCheck.message(path: path, value: v), field: path,
                suggestion: "check the magnitudes of the inputs (docs/natural-format.md, \"Plausible ranges\")")
        }
    }
}
