import Foundation
import YuhengCore
import YuhengData
import YuhengNatural

/// Natural sources and sinks: vegetation fires, biomass carbon-stock change and organic soils from
/// activity files or single activities, and the bundled national land-use and natural figures.
/// Engine errors of a file name the file; warnings name it too; every report is checked finite.
///
/// ```swift
/// let fires = try services.natural.fire(try services.natural.fires(file: "examples/natural/fires.csv"), file: "examples/natural/fires.csv")
/// let brazil = try services.natural.country("BRA")
/// ```
public struct NaturalService: Sendable {
    let services: YuhengServices

    /// The CO2-equivalence factors of a GWP set (CH4 counted as biogenic); AR5 without a database look-up.
    public func gwpFactors(_ name: String = "AR5") throws -> GWPFactors {
        if name.uppercased() == "AR5" { return .ar5 }
        let set = try services.db.gwpLibrary().set(named: name)
        return GWPFactors(label: set.description, ch4: try set.factor(for: .ch4, origin: .biogenic), n2o: try set.factor(for: .n2o))
    }

    /// The fires of an activity file (CSV).
    public func fires(file: String) throws -> [FireActivity] {
        try NaturalActivityFiles.fires(text: try NaturalActivityFiles.read(path: file), file: file)
    }
    /// The strata of a land file (CSV).
    public func strata(file: String) throws -> [LandStratum] {
        try NaturalActivityFiles.land(text: try NaturalActivityFiles.read(path: file), file: file)
    }
    /// The sites of an organic-soils file (CSV).
    public func sites(file: String) throws -> [OrganicSoilActivity] {
        try NaturalActivityFiles.wetlands(text: try NaturalActivityFiles.read(path: file), file: file)
    }

    /// Vegetation-fire emissions (IPCC 2006 Vol 4 Eq 2.27) with the emission factors of `set`.
    public func fire(_ activities: [FireActivity], set: FireEFSet = .ipcc, gwp: String = "AR5", file: String? = nil) throws -> FireReport {
        let factors = try gwpFactors(gwp)
        var report = try Self.located(file) { try FireEmissions.report(activities, set: set, gwp: factors) }
        try Self.requireFinite(report, file: file)
        report.warnings = Self.naming(report.warnings, file)
        return report
    }

    /// Biomass carbon-stock change by gain–loss or stock-difference.
    public func land(_ strata: [LandStratum], file: String? = nil) throws -> LandReport {
        var report = try Self.located(file) { try LandCarbon.report(strata) }
        try Self.requireFinite(report, file: file)
        report.warnings = Self.naming(report.warnings, file)
        return report
    }

    /// Drained and rewetted organic soils (2013 Wetlands Supplement, Tier 1).
    public func wetland(_ sites: [OrganicSoilActivity], gwp: String = "AR5", file: String? = nil) throws -> OrganicSoilReport {
        let factors = try gwpFactors(gwp)
        var report = try Self.located(file) { try OrganicSoils.report(sites, gwp: factors) }
        try Self.requireFinite(report, file: file)
        report.warnings = Self.naming(report.warnings, file)
        return report
    }

    /// Engine errors of a file's activities name the file.
    static func located<T>(_ file: String?, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as NaturalError {
            guard let file else { throw e }
            throw DataError(.invalidValue, e.message, file: file, field: e.field, suggestion: e.suggestion)
        }
    }

    static func naming(_ warnings: [String], _ file: String?) -> [String] { warnings.map { w in file.map { "\($0): \(w)" } ?? w } }

    /// Refuses a report with a NaN or infinite figure (defence in depth: the engines check too).
    static func requireFinite<T: Encodable>(_ report: T, file: String?) throws {
        if let (path, v) = FiniteCheck.firstNonFinite(in: report) {
            throw DataError(.invalidValue, FiniteCheck.message(path: path, value: v), file: file, field: path)
        }
    }
}

extension YuhengServices {
    /// Natural sources and sinks, national land-use and natural figures, the global carbon budget.
    public var natural: NaturalService { NaturalService(services: self) }
}
