import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengLCA
import YuhengTestSupport

/// Paths and shared fixtures of the LCI import tests.
enum LCI {
    static var shared: URL { TestPaths.sharedRoot }

    static let uslciZip = TestPaths.shared("data/lci/uslci_olca1_5_0_json_ld.zip")
    static let brightwayCSV = TestPaths.shared("data/lci/bw2io_example_uslci_subset.csv")
    static var sharedAvailable: Bool { FileManager.default.fileExists(atPath: uslciZip.path) }

    static let bundledLCI = TestPaths.bundled.appendingPathComponent("lci")

    static let python3 = TestPaths.executable("python3")
    static let zip = TestPaths.executable("zip")

    /// Runs a program (the bundle rebuild takes minutes: a long timeout); returns (exit status, stdout + stderr).
    @discardableResult
    static func run(_ exe: String, _ args: [String], in dir: URL? = nil, environment: [String: String] = [:], timeout: Double = 1800) throws -> (
        Int32, String
    ) {
        let o = try ProcessRunner.runBlocking(exe, args, environment: environment, directory: dir ?? TestPaths.packageRoot, timeout: timeout)
        return (o.status, o.combined)
    }

    /// The US LCI archive imported once per test run (with its duration), or nil without ../shared.
    static let uslci: (db: LCIDatabase, report: LCIImportReport, seconds: Double)? = {
        guard sharedAvailable else { return nil }
        let clock = ContinuousClock()
        let start = clock.now
        guard let (db, report) = try? OpenLCAReader.read(path: uslciZip.path, name: "US LCI 1.5") else { return nil }
        let d = clock.now - start
        return (db, report, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }()

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let d = clock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

/// The temporary folders of these tests.
typealias TempDir = TemporaryFolder

/// Strips what the bundle does not carry (free-text documentation and exchange comments).
func withoutDocumentation(_ p: LCIProcess) -> LCIProcess {
    var q = p
    q.description = nil
    q.documentation = [:]
    q.exchanges = q.exchanges.map {
        var e = $0; e.description = nil; return e
    }
    return q
}

/// Compares two LCI databases part by part (LCIDatabase itself is not Equatable), recording
/// the first differing process in detail. Returns true when equal.
@discardableResult
func expectSameDatabase(
    _ a: LCIDatabase, _ b: LCIDatabase, ignoringDocumentation: Bool = false, compareNames: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    var ok = true
    if compareNames {
        #expect(a.name == b.name, sourceLocation: sourceLocation)
        #expect(a.provenance == b.provenance, sourceLocation: sourceLocation)
        ok = ok && a.name == b.name && a.provenance == b.provenance
    }
    #expect(a.unitGroups == b.unitGroups, sourceLocation: sourceLocation)
    #expect(a.flowProperties == b.flowProperties, sourceLocation: sourceLocation)
    #expect(a.flows.count == b.flows.count, sourceLocation: sourceLocation)
    let flowDiffs = a.flows.keys.filter { a.flows[$0] != b.flows[$0] }.sorted()
    #expect(
        flowDiffs.isEmpty, "flows differ: \(flowDiffs.prefix(3).map { "\(a.flows[$0]!) vs \(String(describing: b.flows[$0]))" })",
        sourceLocation: sourceLocation)
    #expect(a.processes.map(\.id) == b.processes.map(\.id), sourceLocation: sourceLocation)
    ok =
        ok && a.unitGroups == b.unitGroups && a.flowProperties == b.flowProperties && a.flows == b.flows
        && a.processes.map(\.id) == b.processes.map(\.id)
    var differing = 0
    for (p, q) in zip(a.processes, b.processes) {
        let (x, y) = ignoringDocumentation ? (withoutDocumentation(p), withoutDocumentation(q)) : (p, q)
        if x != y {
            differing += 1
            if differing == 1 {
                let firstEx = zip(x.exchanges, y.exchanges).first { $0 != $1 }
                let headerEqual =
                    x.name == y.name && x.category == y.category && x.location == y.location
                    && x.allocationFactors == y.allocationFactors && x.parameters == y.parameters && x.defaultAllocation == y.defaultAllocation
                let message =
                    "process \(p.name) (\(p.id)) differs; exchanges \(x.exchanges.count) vs \(y.exchanges.count); "
                    + "first differing exchange: \(String(describing: firstEx)); header equal: \(headerEqual)"
                Issue.record(
                    Comment(rawValue: message),
                    sourceLocation: sourceLocation)
            }
        }
    }
    #expect(differing == 0, "\(differing) processes differ", sourceLocation: sourceLocation)
    return ok && differing == 0
}

/// Runs `body` and returns the LCAError it throws (recording an issue when it throws nothing or something else).
func lcaError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> LCAError? {
    do {
        try body()
        Issue.record("expected an LCAError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let e as LCAError {
        return e
    } catch {
        Issue.record("expected an LCAError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
