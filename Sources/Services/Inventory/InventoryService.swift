import Foundation
import YuhengCore
import YuhengData
import YuhengInventory

/// Production-based inventories (IPCC 2006 Tier 1): the one place where an inventory is computed
/// from an activity file, CSV text or parsed activities, with the database's factors and GWP set
/// and their provenance. The result is checked finite.
///
/// ```swift
/// let r = try services.inventory.compute(file: "examples/inventory/ipcc-1.csv", gwp: "AR5")
/// r.totalCO2eTonnes
/// ```
public struct InventoryService: Sendable {
    let services: YuhengServices

    /// The engine with the database's default factors and the GWP set `gwp` (AR4, AR5, AR6, AR6-GWP20 …).
    public func engine(gwp: String = "AR5") throws -> (engine: InventoryEngine, gwp: GWPSet) {
        let set = try services.db.gwpLibrary().set(named: gwp)
        let factors = try services.cache.value("inventory.factors", key: "", version: try services.datasetsVersion(), cost: 1 << 20) {
            try services.db.inventoryFactors()
        }
        return (InventoryEngine(factors: factors, gwp: set), set)
    }

    /// The inventory of parsed activities.
    public func compute(_ activities: [Activity], fileName: String, gwp: String = "AR5") throws -> InventoryResult {
        let (engine, set) = try engine(gwp: gwp)
        var result = try engine.compute(activities, fileName: fileName)
        if let gp = set.provenance, !result.datasets.contains(where: { $0.datasetID == gp.datasetID }) { result.datasets.append(gp) }
        if let (path, v) = FiniteCheck.firstNonFinite(in: result) {
            throw InventoryError(.invalidNumber, FiniteCheck.message(path: path, value: v), field: path, file: fileName)
        }
        return result
    }

    /// The inventory of an activity CSV given as text.
    public func compute(csv: String, fileName: String = "request", gwp: String = "AR5") throws -> InventoryResult {
        try compute(try ActivityFile.parseCSV(csv, fileName: fileName), fileName: fileName, gwp: gwp)
    }

    /// The inventory of an activity file.
    public func compute(file path: String, gwp: String = "AR5") throws -> InventoryResult {
        let text: String
        do { text = try InputFile.read(path) } catch let e as DataError {
            throw InventoryError(.emptyInput, e.message, suggestion: e.suggestion, file: path)
        }
        let name = (path as NSString).lastPathComponent
        return try compute(try ActivityFile.parseCSV(text, fileName: name), fileName: name, gwp: gwp)
    }
}
