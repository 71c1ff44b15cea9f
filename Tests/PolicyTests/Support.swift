import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengTestSupport
@testable import YuhengPolicy

func example(_ relative: String) -> String { TestPaths.example(relative).path }

/// The bundled catalog, loaded once.
let catalog: CBAMCatalog = {
    do { return try BundledCBAM.load() } catch { fatalError("bundled CBAM catalog: \(error)") }
}()

/// |a − b| <= tol·max(1, |b|)
func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(1, abs(b))
}

/// Runs `body` and returns the PolicyError it throws (or records a failure).
func policyError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> PolicyError? {
    do {
        try body()
        Issue.record("expected a PolicyError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let e as PolicyError {
        return e
    } catch {
        Issue.record("expected a PolicyError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// A small declaration built in code: `a → b → c` chain in one installation.
func chain(_ edit: (inout CBAMDeclaration) -> Void = { _ in }) -> CBAMDeclaration {
    var d = CBAMDeclaration(
        year: 2026, certificatePriceEUR: 75,
        installations: [
            CBAMInstallation(
                id: "works", country: "CHN", gridEFtPerMWh: 0.6,
                processes: [
                    CBAMProcess(id: "pig", cnCode: "7201", seeDirect: 1.7, seeIndirect: 0.05),
                    CBAMProcess(
                        id: "steel", cnCode: "7207", directTPerT: 0.15, electricityMWhPerT: 0.10,
                        precursors: [CBAMPrecursorUse(process: "pig", tPerT: 0.9)]),
                    CBAMProcess(
                        id: "hrc", cnCode: "72083900", directTPerT: 0.08, electricityMWhPerT: 0.12,
                        precursors: [CBAMPrecursorUse(process: "steel", tPerT: 1.05)])
                ])
        ], imports: [CBAMImport(id: "hrc", process: "works/hrc", quantityT: 1000, benchmarkTPerT: 1.370)])
    edit(&d)
    return d
}
