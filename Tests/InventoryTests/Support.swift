import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengTestSupport
import YuhengInventory

/// Shared fixtures: a real database in a temporary folder, filled from the bundled datasets.
enum Fixture {
    static let database: YuhengDatabase = {
        do { return try TestDatabase.open("inventory") } catch { fatalError("the test database: \(error)") }
    }()

    static let factors: InventoryFactors = try! database.inventoryFactors()
    static let gwp: GWPLibrary = try! database.gwpLibrary()

    static func engine(_ set: String = "AR5") throws -> InventoryEngine {
        InventoryEngine(factors: factors, gwp: try gwp.set(named: set))
    }

    static func example(_ name: String) throws -> [Activity] {
        let url = TestPaths.example("inventory/\(name)")
        return try ActivityFile.parseCSV(String(contentsOf: url, encoding: .utf8), fileName: name)
    }

    static func run(_ name: String, gwp: String = "AR5") throws -> InventoryResult {
        try engine(gwp).compute(try example(name), fileName: name)
    }

    static func parse(_ csv: String) throws -> [Activity] {
        try ActivityFile.parseCSV(csv, fileName: "test.csv")
    }
}

/// |a − b| ≤ rel × max(|a|, |b|); false without a value.
func close(_ a: Double?, _ b: Double, rel: Double = 1e-9) -> Bool { a.map { relativelyClose($0, b, rel: rel) } ?? false }
