import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengLCA
import YuhengMRIO

/// Shared fixtures: a database in a temporary folder (bundled factors and GWP sets), US LCI and WIOD.
enum Fixture {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let database: YuhengDatabase = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yuheng-analysis-tests-\(ProcessInfo.processInfo.processIdentifier)")
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

    static func parse(_ csv: String) throws -> [Activity] {
        try ActivityFile.parseCSV(csv, fileName: "test.csv")
    }

    /// US LCI 1.5 (bundled) with its technosphere model and a calculator.
    static let uslci: (db: LCIDatabase, model: TechnosphereModel, calc: LCACalculator) = {
        let db = try! BundledLCI.load(verifyChecksums: false)
        let model = try! TechnosphereModel(db)
        return (db, model, try! LCACalculator(model: model))
    }()

    static let wiod: MRIOSystem = try! BundledMRIO.load()
}

/// |a − b| ≤ tol × max(|a|, |b|, 1e-300)
func close(_ a: Double?, _ b: Double, rel: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)
}
