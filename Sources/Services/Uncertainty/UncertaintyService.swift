import Foundation
import YuhengAnalysis
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengUncertainty

/// Uncertainty use cases — Monte Carlo (IPCC Approach 2) and sensitivity of inventories, Monte Carlo
/// of LCA footprints and of input-output accounts — for the command line and the agents' tools alike.
/// Every setup (the uncertain inputs of an inventory, an LCI's exchanges, a table's intensities) is
/// built here once, with the services' cached factors, technospheres and tables.
///
/// ```swift
/// let setup = try services.uncertainty.inventory(file: "examples/inventory/ipcc-6.csv")
/// let mc = try await services.uncertainty.monteCarlo(setup, iterations: 10_000, seed: 1)
/// mc.total.p97_5
/// ```
public struct UncertaintyService: Sendable {
    let services: YuhengServices

    /// The most iterations (or samples) a run takes.
    public static let maxIterations = 100_000_000

    /// Refuses an iteration or sample count that is not positive, with a plain message naming the option.
    public static func checkIterations(_ n: Int, name: String = "iterations") throws {
        guard (1...maxIterations).contains(n) else {
            throw UncertaintyError(.invalidArgument, "\(name) must be between 1 and \(maxIterations) (it is \(n))", parameter: name)
        }
    }

    // MARK: Inventory

    /// An inventory's uncertainty model (the latest year of a series): its uncertain inputs (a factor
    /// shared by several activities is one input), the deterministic result and the GWP set's label.
    public struct InventorySetup: Sendable {
        /// The uncertain inputs of the latest year (a factor shared by several activities is one input) and how they combine.
        public let model: InventoryUncertaintyModel
        /// The deterministic inventory of the latest year, with its IPCC Approach 1 uncertainties.
        public let result: InventoryResult
        /// Label of the GWP set the inventory is expressed with, e.g. "AR5 GWP100".
        public let gwp: String
    }

    /// The uncertainty model of parsed activities: the latest year's activities when there are several years.
    public func inventory(_ activities: [Activity], fileName: String, gwp: String = "AR5") throws -> InventorySetup {
        let (engine, _) = try services.inventory.engine(gwp: gwp)
        let result = try engine.computeSeries(activities, fileName: fileName).latest
        let latest = activities.filter { $0.year == result.year }
        let model = try InventoryUncertaintyModel(result: result, activities: latest, factors: engine.factors)
        return InventorySetup(model: model, result: result, gwp: result.gwp)
    }

    /// The uncertainty model of an activity file.
    public func inventory(file path: String, gwp: String = "AR5") throws -> InventorySetup {
        try inventory(try services.inventory.activities(file: path), fileName: (path as NSString).lastPathComponent, gwp: gwp)
    }

    /// The uncertainty model of activity CSV text.
    public func inventory(csv: String, fileName: String = "activity.csv", gwp: String = "AR5") throws -> InventorySetup {
        try inventory(try ActivityFile.parseCSV(csv, fileName: fileName), fileName: fileName, gwp: gwp)
    }

    /// IPCC Approach 2 of an inventory: the total and every category.
    public func monteCarlo(_ s: InventorySetup, iterations: Int, seed: UInt64, run: Execution = Execution()) async throws -> InventoryMonteCarloResult
    {
        try Self.checkIterations(iterations)
        return try await s.model.monteCarlo(
            iterations: iterations, seed: seed, workers: run.workers, cancellation: run.cancellation, progress: run.progress)
    }

    /// Which inputs drive the total: Spearman's ρ or Sobol' indices from `samples` iterations or base samples.
    public func sensitivity(
        _ s: InventorySetup, method: SensitivityMethod, samples: Int, seed: UInt64,
        run: Execution = Execution()
    ) async throws -> SensitivityReport {
        try Self.checkIterations(samples, name: "samples")
        return try await s.model.sensitivity(
            method: method, samples: samples, seed: seed, workers: run.workers,
            cancellation: run.cancellation, progress: run.progress)
    }

    /// A time series' uncertainty model (every year, shared factors drawn once per iteration); nil
    /// when the file holds a single year.
    public struct InventorySeriesSetup: Sendable {
        /// The uncertainty model of the whole series (shared factors drawn once per iteration for every year).
        public let model: InventorySeriesUncertainty
        /// The deterministic series result, every year.
        public let series: InventorySeriesResult
    }

    /// The whole-series model of an activity file with several years; nil for a single year.
    public func inventorySeries(file path: String, gwp: String = "AR5", options: InventorySeriesOptions = InventorySeriesOptions()) throws
        -> InventorySeriesSetup?
    {
        let activities = try services.inventory.activities(file: path)
        guard Set(activities.compactMap(\.year)).count > 1 else { return nil }
        let (engine, _) = try services.inventory.engine(gwp: gwp)
        let series = try engine.computeSeries(activities, fileName: (path as NSString).lastPathComponent, options: options)
        guard series.years.count > 1 else { return nil }
        return InventorySeriesSetup(
            model: try InventorySeriesUncertainty(series: series, activities: activities, factors: engine.factors), series: series)
    }

    /// Approach 2 over a time series: every year's total and the trend.
    public func monteCarlo(_ s: InventorySeriesSetup, iterations: Int, seed: UInt64, run: Execution = Execution()) async throws
        -> InventorySeriesMonteCarlo
    {
        try Self.checkIterations(iterations)
        return try await s.model.monteCarlo(
            iterations: iterations, seed: seed, workers: run.workers, cancellation: run.cancellation, progress: run.progress)
    }
}

extension YuhengServices {
    /// Monte Carlo and sensitivity of inventories, LCA footprints and input-output accounts.
    public var uncertainty: UncertaintyService { UncertaintyService(services: self) }
}
