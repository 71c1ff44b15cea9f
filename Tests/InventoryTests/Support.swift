import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengInventory

/// Shared fixtures: a real database in a temporary folder, filled from the bundled datasets.
enum Fixture {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let database: YuhengDatabase = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yuheng-inventory-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: dir)
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try! YuhengDatabase.open(path: dir.appendingPathComponent("y.sqlite").path)
    }()

    static let factors: InventoryFactors = try! database.inventoryFactors()
    static let gwp: GWPLibrary = try! database.gwpLibrary()

    static func engine(_ set: String = "AR5") throws -> InventoryEngine {
        InventoryEngine(factors: factors, gwp: try gwp.set(named: set))
    }

    static func example(_ name: String) throws -> [Activity] {
        let url = packageRoot.appendingPathComponent("examples/inventory/\(name)")
        return try ActivityFile.parseCSV(String(contentsOf: url, encoding: .utf8), fileName: name)
    }

    static func run(_ name: String, gwp: String = "AR5") throws -> InventoryResult {
        try engine(gwp).compute(try example(name), fileName: name)
    }

    static func parse(_ csv: String) throws -> [Activity] {
        try ActivityFile.parseCSV(csv, fileName: "test.csv")
    }
}

/// |a − b| ≤ tol × max(|a|, |b|, 1e-300)
func close(_ a: Double?, _ b: Double, rel: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)
}
