import Foundation
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengMRIO

/// An input-output table with its accounts solved once: what the panorama, the country pages,
/// transfers, structural paths and the series are computed from.
public struct SolvedTable: Sendable {
    /// The table as it was named (bundled id, stored id or path).
    public var name: String
    /// The table: Z, Y, x, the extensions, region and sector labels.
    public var system: MRIOSystem
    /// The accounts of `extensionName` (its stressors; the Leontief model keeps A for paths and EEBT).
    public var accounts: MRIOAccounts
    /// The Leontief model: the LU factorisation of (I − A), with A kept for structural paths and EEBT.
    public var model: LeontiefModel
    /// The emission extension the accounts are of (see ``MRIOService/emissionExtension(of:named:)``).
    public var extensionName: String
    /// The table's provenance (empty when the table has none).
    public var provenance: [Provenance]
    /// The table's year (the bundled tables know theirs).
    public var year: Int?

    /// The extension's accounts.
    public var emissions: ExtensionAccounts { accounts.extensions[0] }

    /// Approximate memory of the solved table, for the cache's bound.
    var cost: Int {
        let n = system.n
        return 8 * (3 * n * n + n * (system.Y.columns + 8))
    }
}

/// Use cases on input-output tables: solving (once per process for bundled and stored tables),
/// choosing the emission extension, trade transfers and the bundled time series.
///
/// ```swift
/// let services = YuhengServices(db: db)
/// let wiod = try services.mrio.solved("wiod2011-co2")      // solved once, then from the cache
/// wiod.emissions.cbaRegion                                  // stressors × regions
/// let series = try services.mrio.bundledSeries()            // 2009 and 2011, from the same solves
/// ```
public struct MRIOService: Sendable {
    let services: YuhengServices

    /// The cache namespace of solved tables (``ServiceCache/computations(of:)`` counts solves).
    public static let solveNamespace = "mrio.solved"

    /// The emission extension of a table: `named` when given (it must exist), else the one named
    /// `co2` (any case), else the first. A table without extensions is a clear error (never a trap).
    public static func emissionExtension(of system: MRIOSystem, named: String? = nil) throws -> String {
        if let named {
            guard
                let e = system.extensions.first(where: { $0.name == named })
                    ?? system.extensions.first(where: { $0.name.lowercased() == named.lowercased() })
            else {
                throw MRIOError(
                    .unknownExtension, "the table \(system.name) has no extension '\(named)'",
                    suggestion: system.extensions.isEmpty
                        ? "it has no extensions" : "its extensions: \(system.extensions.map(\.name).joined(separator: ", "))")
            }
            return e.name
        }
        guard let e = system.extensions.first(where: { $0.name.lowercased() == "co2" }) ?? system.extensions.first else {
            throw MRIOError(
                .missingData, "the table \(system.name) has no extensions (satellite accounts)",
                suggestion: "add an extension with the emissions (F and F_Y)")
        }
        return e.name
    }

    /// A table named by a bundled id, a stored id or a path, loaded and solved for its emission
    /// extension (`extension` or the default of ``emissionExtension(of:named:)``). Bundled and
    /// stored tables are solved once per process and version; paths are read and solved each time.
    public func solved(
        _ name: String = BundledMRIO.id, format: MRIOFormat = .auto, extension ext: String? = nil,
        strict: Bool = false
    ) throws -> SolvedTable {
        let isPath = FileManager.default.fileExists(atPath: name)
        let make = { () throws -> SolvedTable in
            let system = try MRIOTables.load(name, format: format, database: { services.db })
            return try Self.solve(system, name: name, extension: ext, strict: strict)
        }
        if isPath { return try make() }
        if BundledMRIO.ids.contains(name) && !strict {
            // A bundled table (or an alias of one) shares the factorisation of its series table with the GHG
            // series, the nowcasts and the decompositions: one LU per table year in the process.
            return try services.cache.value(Self.solveNamespace, key: "\(name)|\(ext ?? "")|false", version: "bundled", cost: 8 << 20) {
                let (table, model) = try factorised(BundledMRIO.table(of: name))
                return try Self.solve(BundledMRIO.view(table, as: name), name: name, model: model, extension: ext)
            }
        }
        let version = BundledMRIO.ids.contains(name) ? "bundled" : try services.datasetsVersion()
        let key = "\(name)|\(ext ?? "")|\(strict)"
        // The cost is only known after the solve; a 1,435-sector table costs about 50 MB.
        return try services.cache.value(Self.solveNamespace, key: key, version: version, cost: 64 << 20, make)
    }

    /// Solves a table already in memory for its emission extension (pure; not cached).
    public static func solve(_ system: MRIOSystem, name: String, extension ext: String? = nil, strict: Bool = false) throws -> SolvedTable {
        let extName = try emissionExtension(of: system, named: ext)
        let (acc, model) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: [extName], keepA: true, strictColumnSums: strict))
        return SolvedTable(
            name: name, system: system, accounts: acc, model: model, extensionName: extName,
            provenance: [system.provenance].compactMap { $0 }, year: system.year)
    }

    /// The accounts of a table already in memory for its emission extension, with the Leontief model of the
    /// same matrices already factorised (pure; not cached).
    public static func solve(_ system: MRIOSystem, name: String, model: LeontiefModel, extension ext: String? = nil) throws -> SolvedTable {
        let extName = try emissionExtension(of: system, named: ext)
        let acc = try MRIOEngine.accounts(system, model: model, options: AccountOptions(extensions: [extName], keepA: true))
        return SolvedTable(
            name: name, system: system, accounts: acc, model: model, extensionName: extName,
            provenance: [system.provenance].compactMap { $0 }, year: system.year)
    }

    /// The bundled table of a year (nil: the default table). A year without a bundled table is a
    /// clear error naming the bundled years.
    public static func bundledTable(year: Int?) throws -> String {
        guard let year else { return BundledMRIO.id }
        guard let t = BundledMRIO.years.first(where: { $0.year == year }) else {
            throw MRIOError(
                .missingData, "no bundled input-output table for \(year)",
                suggestion: "bundled years: \(BundledMRIO.years.map { String($0.year) }.joined(separator: ", "))")
        }
        return t.id
    }

    /// The year of a bundled table (nil for other names).
    public static func bundledYear(of table: String) -> Int? { BundledMRIO.years.first { $0.id == table }?.year }

    /// Emissions embodied in trade of a solved table (first stressor of its extension unless named).
    public func transfers(_ table: SolvedTable, stressor: String? = nil) throws -> TradeTransfers {
        let st = stressor ?? table.emissions.stressors.first ?? ""
        let make = {
            try MRIOEngine.transfers(table.accounts, system: table.system, model: table.model, extension: table.extensionName, stressor: st)
        }
        guard !FileManager.default.fileExists(atPath: table.name) else { return try make() }
        let R = table.system.regions.count
        return try services.cache.value(
            "mrio.transfers", key: "\(table.name)|\(table.extensionName)|\(st)", version: try version(of: table.name),
            cost: 16 * R * R + 1024, make)
    }

    /// The bundled time series' accounts (CO2 of every bundled year), from the same cached solves
    /// as the panorama and the country pages.
    public func bundledSeries() throws -> [MRIOSeriesWork.YearResult] {
        try MRIOSeriesWork.bundled.enumerated().map { (i, y) in
            try MRIOSeriesWork.yearResult(try solved(y.table).accounts, index: i, year: y, stressor: "CO2")
        }
    }

    func version(of name: String) throws -> String {
        BundledMRIO.ids.contains(name) ? "bundled" : try services.datasetsVersion()
    }
}
