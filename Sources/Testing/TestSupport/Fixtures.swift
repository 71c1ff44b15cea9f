import Foundation
import Testing
import YuhengNumerics

/// Reading test fixtures: the vendored ones (`Tests/Fixtures`), the examples and files of the
/// shared data folder.
///
/// ```swift
/// let expected = try Fixtures.json("sda/expected.json") as? [String: Any]
/// let text = try Fixtures.text(TestPaths.shared("reference/gcb_comparison_2011.csv"))
/// ```
public enum Fixtures {
    /// The text (UTF-8) of a vendored fixture, `Tests/Fixtures/<relative>`.
    public static func text(_ relative: String) throws -> String { try text(TestPaths.fixture(relative)) }

    /// The bytes of a vendored fixture.
    public static func data(_ relative: String) throws -> Data { try Data(contentsOf: TestPaths.fixture(relative)) }

    /// A vendored JSON fixture, parsed (objects, arrays, numbers and strings as Foundation gives them).
    public static func json(_ relative: String) throws -> Any { try json(TestPaths.fixture(relative)) }

    /// The text (UTF-8) of any file.
    public static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// Any JSON file, parsed.
    public static func json(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: try Data(contentsOf: url), options: [.fragmentsAllowed])
    }

    /// A JSON file whose top level is an object.
    public static func jsonObject(_ url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try #require(try json(url) as? [String: Any], "\(url.lastPathComponent) is not a JSON object", sourceLocation: sourceLocation)
    }
}

// MARK: Numbers with a tolerance

/// |a − b| / max(|a|, |b|); 0 when both are equal (also both zero).
public func relativeDifference(_ a: Double, _ b: Double) -> Double {
    a == b ? 0 : abs(a - b) / max(abs(a), abs(b))
}

/// The largest relative difference between entries of two vectors of the same length, each
/// entry's difference taken relative to the largest magnitude of `expected` (so entries near zero
/// do not count as large relative errors).
public func maxRelativeDifference(_ actual: [Double], _ expected: [Double]) -> Double {
    precondition(actual.count == expected.count, "vectors of different lengths: \(actual.count) and \(expected.count)")
    let scale = max(expected.map(abs).max() ?? 0, 1e-300)
    return zip(actual, expected).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
}

/// True when |a − b| ≤ max(rel · max(|a|, |b|), abs): a relative tolerance with an optional absolute
/// floor for values at zero. Equal values (also infinities) are always close; NaN never is.
public func relativelyClose(_ a: Double, _ b: Double, rel: Double, abs absolute: Double = 0) -> Bool {
    if a == b { return true }
    return Swift.abs(a - b) <= max(rel * max(Swift.abs(a), Swift.abs(b)), absolute)
}

/// Expects `actual` to be within a relative tolerance of `expected` (see ``relativelyClose(_:_:rel:abs:)``),
/// reporting both numbers and their relative difference when not.
public func expectClose(
    _ actual: Double?, _ expected: Double, rel: Double, abs absolute: Double = 0, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual else {
        Issue.record("\(what): no value, expected \(expected)", sourceLocation: sourceLocation)
        return
    }
    #expect(
        relativelyClose(actual, expected, rel: rel, abs: absolute),
        "\(what): \(actual) vs \(expected) (relative difference \(relativeDifference(actual, expected)), tolerance \(rel))",
        sourceLocation: sourceLocation)
}

/// Expects two vectors to have the same length and every entry within a relative tolerance,
/// naming the worst entry when not.
public func expectClose(
    _ actual: [Double], _ expected: [Double], rel: Double, abs absolute: Double = 0, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) entries, expected \(expected.count)", sourceLocation: sourceLocation)
    guard actual.count == expected.count else { return }
    let worst = actual.indices.max { relativeDifference(actual[$0], expected[$0]) < relativeDifference(actual[$1], expected[$1]) }
    for i in actual.indices where !relativelyClose(actual[i], expected[i], rel: rel, abs: absolute) {
        let w = worst ?? i
        Issue.record(
            "\(what): entry \(i) is \(actual[i]), expected \(expected[i]); worst entry \(w): \(actual[w]) vs \(expected[w])",
            sourceLocation: sourceLocation)
        return
    }
}

/// Expects a matrix to have the shape of `expected` (row-major) and every entry within a relative
/// tolerance of it; entries that are exactly 0 in `expected` are compared against
/// `rel` × the largest magnitude of `expected`.
public func expectClose(
    _ actual: DenseMatrix, _ expected: [[Double]], rel: Double, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let columns = expected.first?.count ?? 0
    #expect(
        actual.rows == expected.count && actual.columns == columns,
        "\(what): \(actual.rows) × \(actual.columns), expected \(expected.count) × \(columns)", sourceLocation: sourceLocation)
    guard actual.rows == expected.count, actual.columns == columns else { return }
    let scale = expected.flatMap { $0 }.map(abs).max() ?? 0
    var worst = 0.0, at = (0, 0)
    for (i, row) in expected.enumerated() {
        for (j, e) in row.enumerated() {
            let a = actual[i, j]
            let err = e == 0 ? abs(a) / max(scale, 1e-300) : abs(a - e) / abs(e)
            if !(err <= worst) { worst = err; at = (i, j) }
        }
    }
    #expect(worst <= rel, "\(what): worst relative error \(worst) at \(at)", sourceLocation: sourceLocation)
}
