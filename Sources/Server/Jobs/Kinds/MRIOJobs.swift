import Foundation
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengUncertainty

/// `mrio-montecarlo` on the bundled table: {gsd?, iterations?, seed?, extension?, stressor?,
/// tolerance?, tasks?} → the world's and every region's distribution with the deterministic value.
enum MRIOMonteCarloJob: ServerJobKind {
    static let name = "mrio-montecarlo"

    struct Params: Sendable {
        let gsd: Double, iterations: Int, seed: UInt64, `extension`: String?, stressor: String?, tolerance: Double?, tasks: Int?
    }

    struct Region: Encodable, Sendable { let summary: UncertaintySummary; let deterministic: Double }

    struct Output: Encodable, Sendable {
        let system: String, `extension`: String, stressor: String, unit: String, gsd: Double
        let world: Region, regions: [String: Region], execution: ExecutionReport
    }

    static func params(_ f: JSONFields, state: ServerState) throws -> Params {
        try f.onlyKnown(["gsd", "iterations", "seed", "extension", "stressor", "tolerance", "tasks"])
        return Params(
            gsd: try f.double("gsd", in: 1...20) ?? 1.2, iterations: try f.int("iterations", in: 1...10_000_000) ?? 1_000,
            seed: try f.uint64("seed") ?? 1,
            extension: try f.string("extension", maxLength: 100), stressor: try f.string("stressor", maxLength: 100),
            tolerance: try f.double("tolerance", in: 1e-9...1), tasks: try f.int("tasks", in: 1...10_000))
    }

    static func run(_ p: Params, state: ServerState, progress: JobProgress) async throws -> Output {
        let wp = MRIOMonteCarloWork.Params(
            extension: p.extension, stressor: p.stressor, gsd: p.gsd,
            run: MonteCarloRunParams(iterations: p.iterations, seed: p.seed, blockSize: 1000, tolerance: p.tolerance))
        try progress.report(0.02, "solving the input-output system")
        let setup = try await OwnThread.run { try MRIOMonteCarloWork.setup(wp) }
        let (partials, report) = try await Distributed.run(MRIOMonteCarloWork.self, wp, state: state, tasks: p.tasks, progress: progress)
        let r = try await OwnThread.run { try MRIOMonteCarloWork.gather(wp, setup: setup, partials: partials) }
        var regions: [String: Region] = [:]
        for (i, name) in r.regions.enumerated() { regions[name] = Region(summary: r.summaries[i + 1], deterministic: r.deterministic[i + 1]) }
        return Output(
            system: setup.system, extension: setup.extensionName, stressor: setup.stressor, unit: setup.unit, gsd: wp.gsd,
            world: Region(summary: r.summaries[0], deterministic: r.deterministic[0]), regions: regions, execution: report)
    }
}

/// `mrio-series`: accounts over an MRIO time series, one task per year: {years?: [{label, table}],
/// extension?, stressor?, tasks?}. Tables are bundled or stored ids (no file paths over HTTP);
/// default: the bundled 2009 and 2011 tables.
enum SeriesJob: ServerJobKind {
    static let name = "mrio-series"

    struct Params: Sendable {
        let years: [MRIOSeriesWork.Year], `extension`: String?, stressor: String?, tasks: Int?
    }

    static func params(_ f: JSONFields, state: ServerState) throws -> Params {
        try f.onlyKnown(["years", "extension", "stressor", "tasks"])
        var years = MRIOSeriesWork.bundled
        if let list = try f.array("years", maxCount: 200) {
            guard !list.isEmpty else { throw f.fail("years", "must list at least one {label, table}") }
            let stored = Set(try state.db.mrioTables().map(\.id))
            years = try list.enumerated().map { (i, v) in try year(try f.object(at: i, of: "years", v), stored: stored) }
        }
        return Params(
            years: years, extension: try f.string("extension", maxLength: 100), stressor: try f.string("stressor", maxLength: 100),
            tasks: try f.int("tasks", in: 1...10_000))
    }

    /// One `{label, table}` of the list: the table must be bundled or stored.
    static func year(_ y: JSONFields, stored: Set<String>) throws -> MRIOSeriesWork.Year {
        try y.onlyKnown(["label", "table"])
        let label = try y.requiredString("label", maxLength: 64), table = try y.requiredString("table", maxLength: 128)
        guard BundledMRIO.ids.contains(table) || stored.contains(table) else {
            throw APIError(
                .badRequest, code: "job.invalidParams",
                "year \(label): '\(table)' is not a bundled or stored MRIO table (bundled: \(BundledMRIO.ids.joined(separator: ", ")))",
                field: "\(y.prefix).table")
        }
        return MRIOSeriesWork.Year(label: label, table: table)
    }

    static func run(_ p: Params, state: ServerState, progress: JobProgress) async throws -> MRIOSeriesWork.Report {
        let wp = MRIOSeriesWork.Params(years: p.years, extension: p.extension, stressor: p.stressor)
        let db = state.db
        do { try await OwnThread.run { try MRIOSeriesWork.validate(wp, database: db) } } catch let e as ComputingError {
            throw APIError(.badRequest, code: "job.invalidParams", e.message, field: "years")
        }
        try progress.report(0.02, "solving \(p.years.count) input-output tables")
        let (partials, report) = try await Distributed.run(MRIOSeriesWork.self, wp, state: state, tasks: p.tasks, progress: progress)
        return MRIOSeriesWork.Report(years: try MRIOSeriesWork.gather(wp, partials: partials), execution: report)
    }
}
