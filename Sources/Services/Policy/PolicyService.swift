import Foundation
import YuhengCore
import YuhengData
import YuhengLCA
import YuhengMRIO
import YuhengPolicy

/// Trade-policy use cases: EU CBAM embedded emissions against default values (with indicative
/// estimates from the bundled input-output table and LCA footprints) and avoided emissions of
/// exported wind and PV. The engines do no IO; this service reads the files and the data layer's
/// figures (grid intensities, the bundled MRIO through ``MRIOService``, LCA through ``LCAService``).
///
/// ```swift
/// let r = try services.policy.cbam(file: "examples/cbam/cbam-1.yaml", year: 2026, price: 75)
/// r.totals.certificates
/// let a = try services.policy.avoided(file: "examples/avoided/portfolio.csv")
/// ```
public struct PolicyService: Sendable {
    let services: YuhengServices

    /// Grid electricity intensity of every country in the data layer (latest year), t CO2e/MWh.
    public func gridIntensities() throws -> [String: GridIntensity] { try PolicyInputs.gridIntensities(services.db) }

    /// A CBAM assessment of a declaration file (YAML, JSON or CSV). Electricity factors missing from
    /// the file come from the data layer; errors name the file and line; warnings name the file.
    public func cbam(file: String, year: Int? = nil, price: Double? = nil, cscf: Double? = nil) throws -> CBAMAssessment {
        let declaration = try CBAMDeclarationFile.load(path: file)
        let catalog = try BundledCBAM.load()
        let needsGrid = declaration.installations.contains { $0.gridEFtPerMWh == nil && $0.country != nil }
        var result: CBAMAssessment
        do {
            result = try CBAMEngine.assess(
                declaration, catalog: catalog, year: year, certificatePrice: price, cscf: cscf,
                gridFactors: needsGrid ? try gridIntensities() : [:], estimates: try estimates(for: declaration, catalog: catalog))
        } catch let e as PolicyError { throw e.located(file: file, line: e.line ?? PolicyFileLines.line(of: e.field, inFile: file)) }
        try Self.requireFinite(result, file: file)
        result.warnings = result.warnings.map { "\(file): \($0)" }
        return result
    }

    /// Avoided emissions of a projects file (YAML/JSON) or an export-portfolio CSV; the reference
    /// grid of each destination comes from the data layer unless the file gives one.
    public func avoided(file: String) throws -> AvoidedAssessment {
        let study = try AvoidedStudyFile.load(path: file)
        let grid = study.projects.contains { $0.gridTPerMWh == nil } ? try gridIntensities() : [:]
        var result: AvoidedAssessment
        do { result = try AvoidedEngine.assess(study, grid: grid) } catch let e as PolicyError {
            throw e.located(file: file, line: e.line ?? PolicyFileLines.line(of: e.field, inFile: file))
        }
        try Self.requireFinite(result, file: file)
        result.warnings = result.warnings.map { "\(file): \($0)" }
        return result
    }

    /// Refuses a result with a NaN or infinite figure (defence in depth: the engines check too).
    static func requireFinite<T: Encodable>(_ result: T, file: String) throws {
        if let (path, v) = FiniteCheck.firstNonFinite(in: result) {
            throw PolicyError(.outOfRange, FiniteCheck.message(path: path, value: v), field: path, file: file)
        }
    }
}

extension YuhengServices {
    /// EU CBAM and avoided emissions.
    public var policy: PolicyService { PolicyService(services: self) }
}
