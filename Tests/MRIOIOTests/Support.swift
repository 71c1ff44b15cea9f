import Foundation
import Testing
import YuhengMRIO
import YuhengNumerics
import YuhengTestSupport

/// Paths and helpers for the MRIO input/output tests.
enum IO {
    static var packageRoot: URL { TestPaths.packageRoot }
    static var shared: URL { TestPaths.sharedRoot }

    static var sharedAvailable: Bool { TestPaths.sharedHas(["data/mrio/wiod2011_co2/csv/Z.csv"]) }

    static func sharedPath(_ rel: String) -> String { TestPaths.shared(rel).path }

    static let pymrioTestSystem = "data/mrio/pymrio_test_system"
    static let wiodTxt = "data/mrio/wiod2011_co2/pymrio_txt"
    static let wiodCSV = "data/mrio/wiod2011_co2/csv"

    /// Runs a program (the bundle rebuilds take minutes: a long timeout); returns (exit status, stdout + stderr).
    @discardableResult
    static func run(_ exe: String, _ args: [String], environment: [String: String] = [:], timeout: Double = 1800) throws -> (Int32, String) {
        let o = try ProcessRunner.runBlocking(exe, args, environment: environment, timeout: timeout)
        return (o.status, o.combined)
    }

    /// python3 with numpy and pandas (for the synthetic generator).
    static let pythonWithPandas: String? = {
        guard let py = TestPaths.executable("python3") else { return nil }
        guard let (status, _) = try? run(py, ["-c", "import numpy, pandas"]), status == 0 else { return nil }
        return py
    }()
}

/// The temporary folders of these tests.
typealias TempDir = TemporaryFolder

/// Replaces a text file's content by `transform(lines)`.
func editLines(_ url: URL, _ transform: (inout [String]) -> Void) throws {
    var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
    transform(&lines)
    try? FileManager.default.removeItem(at: url)
    try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
}

/// Bit patterns, so that -0.0 ≠ +0.0 and NaNs compare by payload.
func bits(_ m: DenseMatrix?) -> [UInt64]? { m.map { $0.elements.map(\.bitPattern) } }
func bits(_ v: [Double]?) -> [UInt64]? { v.map { $0.map(\.bitPattern) } }

/// Asserts that two systems hold bit-identical matrices and equal labels and units.
func expectIdentical(_ a: MRIOSystem, _ b: MRIOSystem, labels: Bool = true, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    if labels {
        #expect(a.regions == b.regions, "\(what): regions", sourceLocation: sourceLocation)
        #expect(a.sectors == b.sectors, "\(what): sectors", sourceLocation: sourceLocation)
        #expect(a.finalDemandCategories == b.finalDemandCategories, "\(what): categories", sourceLocation: sourceLocation)
        #expect(a.monetaryUnit == b.monetaryUnit, "\(what): monetary unit", sourceLocation: sourceLocation)
    }
    #expect(bits(a.Z) == bits(b.Z), "\(what): Z", sourceLocation: sourceLocation)
    #expect(bits(a.A) == bits(b.A), "\(what): A", sourceLocation: sourceLocation)
    #expect(bits(a.x) == bits(b.x), "\(what): x", sourceLocation: sourceLocation)
    #expect(bits(a.Y) == bits(b.Y), "\(what): Y", sourceLocation: sourceLocation)
    #expect(a.Y.rows == b.Y.rows && a.Y.columns == b.Y.columns, "\(what): Y shape", sourceLocation: sourceLocation)
    #expect(a.extensions.map(\.name) == b.extensions.map(\.name), "\(what): extension names", sourceLocation: sourceLocation)
    for (e, f) in zip(a.extensions, b.extensions) {
        #expect(e.stressors == f.stressors, "\(what): \(e.name) stressors", sourceLocation: sourceLocation)
        #expect(e.units == f.units, "\(what): \(e.name) units", sourceLocation: sourceLocation)
        #expect(e.F.rows == f.F.rows && e.F.columns == f.F.columns, "\(what): \(e.name) F shape", sourceLocation: sourceLocation)
        #expect(bits(e.F) == bits(f.F), "\(what): \(e.name) F", sourceLocation: sourceLocation)
        #expect(bits(e.FY) == bits(f.FY), "\(what): \(e.name) F_Y", sourceLocation: sourceLocation)
    }
}

/// A plain, independent reading of a pymrio tab-separated file: header rows, then rows of
/// `index` labels and numbers (an index-name row with empty values is skipped).
struct SimpleTSV {
    var rows: [[String]] = [] // labels
    var values: [[Double]] = []

    init(_ url: URL, index: Int, headers: Int) throws {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        for line in lines.dropFirst(headers) {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if cells.dropFirst(index).allSatisfy(\.isEmpty) { continue }
            rows.append(Array(cells.prefix(index)))
            values.append(try cells.dropFirst(index).map { try #require(Double($0), "'\($0)' in \(url.lastPathComponent)") })
        }
    }
}

func relClose(_ a: Double, _ b: Double, _ rel: Double = 1e-9) -> Bool { relativelyClose(a, b, rel: rel) }

/// Expects `body` to throw an MRIOError and returns it.
func expectMRIOError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> MRIOError? {
    do {
        try body()
        Issue.record("expected an MRIOError, nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let e as MRIOError {
        return e
    } catch {
        Issue.record("expected an MRIOError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
