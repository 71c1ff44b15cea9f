import Foundation
import Testing
import YuhengNumerics

/// Access to `../shared` (override with YUHENG_SHARED) and the reference JSON files.
enum Shared {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let root: URL = {
        if let s = ProcessInfo.processInfo.environment["YUHENG_SHARED"], !s.isEmpty { return URL(fileURLWithPath: s) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()
    static var available: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("reference/README.md").path) }

    static func json(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent(relative))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
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

/// 1e-9 relative, with entries that are exactly 0 in the reference compared against 1e-9 × max|array|.
func expectClose(_ actual: DenseMatrix, _ expected: [[Double]], rel: Double = 1e-9, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let scale = expected.flatMap { $0 }.map(abs).max() ?? 0
    var worst = 0.0, at = (0, 0)
    for (i, row) in expected.enumerated() {
        for (j, e) in row.enumerated() {
            let a = actual[i, j]
            let err = e == 0 ? abs(a) / max(scale, 1e-300) : abs(a - e) / abs(e)
            if err > worst { worst = err; at = (i, j) }
        }
    }
    #expect(actual.rows == expected.count, "\(what): rows", sourceLocation: sourceLocation)
    #expect(worst <= rel, "\(what): worst relative error \(worst) at \(at)", sourceLocation: sourceLocation)
}

func relClose(_ a: Double, _ b: Double, _ rel: Double = 1e-9) -> Bool {
    abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)
}
