import Foundation
import Testing
import YuhengNumerics
import YuhengTestSupport

/// The reference JSON files of `../shared` (override with YUHENG_SHARED).
enum Shared {
    static var root: URL { TestPaths.sharedRoot }
    static var available: Bool { TestPaths.sharedHas(["reference/README.md"]) }

    static func json(_ relative: String) throws -> [String: Any] { try Fixtures.jsonObject(TestPaths.shared(relative)) }
}

/// A matrix in pandas "split" orientation.
struct SplitMatrix {
    let index: [String]
    let columns: [String]
    let data: [[Double]]

    init(_ any: Any?) throws {
        let d = try #require(any as? [String: Any])
        index = try #require(d["index"] as? [String])
        columns = try #require(d["columns"] as? [String])
        let rows = try #require(d["data"] as? [[Any]])
        data = rows.map { $0.map { ($0 as? Double) ?? Double(($0 as? Int) ?? 0) } }
    }

    var dense: DenseMatrix { try! DenseMatrix(rowMajor: data) }
}

func relClose(_ a: Double, _ b: Double, _ rel: Double = 1e-9) -> Bool { relativelyClose(a, b, rel: rel) }
