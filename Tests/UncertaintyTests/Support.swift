import Testing
@testable import YuhengUncertainty

/// |a − b| ≤ tol
func close(_ a: Double, _ b: Double, _ tol: Double) -> Bool { abs(a - b) <= tol }

/// |a − b| ≤ tol·|b|
func relClose(_ a: Double, _ b: Double, _ tol: Double) -> Bool { abs(a - b) <= tol * abs(b) }

/// The error code thrown by `body`, or nil.
func errorCode(_ body: () throws -> Void) -> UncertaintyError.Code? {
    do {
        try body()
        return nil
    } catch let e as UncertaintyError {
        return e.code
    } catch {
        return nil
    }
}
