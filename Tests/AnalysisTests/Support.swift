import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengTestSupport
import YuhengInventory
import YuhengLCA
import YuhengMRIO

/// Shared fixtures: a database in a temporary folder (bundled factors and GWP sets), US LCI and WIOD.
enum Fixture {
    static let database: YuhengDatabase = {
        do { return try TestDatabase.open("analysis") } catch { fatalError("the test database: \(error)") }
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

/// |a − b| ≤ rel × max(|a|, |b|); false without a value.
func close(_ a: Double?, _ b: Double, rel: Double = 1e-9) -> Bool { a.map { relativelyClose($0, b, rel: rel) } ?? false }
