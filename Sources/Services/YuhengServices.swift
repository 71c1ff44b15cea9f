import Foundation
import YuhengCore
import YuhengData

/// Yuheng's use cases, one entry point for every front end: the command line, the HTTP server and
/// the agents' tools call these functions over typed requests and results and only translate
/// arguments and outputs. Expensive state (solved tables, factorised technospheres, encoded
/// responses) lives in one process-wide ``ServiceCache``.
///
/// | area | service | use cases |
/// |---|---|---|
/// | input-output | ``mrio`` | solve a table, transfers, the bundled series |
/// | panorama | ``panorama`` | the panoramic national account, a country's page |
/// | inventory | ``inventory`` | an IPCC inventory from a file, text or rows |
/// | LCA | ``lca`` | search, calculate, contributions, studies |
///
/// ```swift
/// let services = YuhengServices(db: try YuhengDatabase.open(path: nil))
/// let account = try services.panorama.account(year: 2011)
/// let footprint = try services.lca.calculate(LCAService.Calculation(process: "Electricity, bituminous coal, at power plant"))
/// ```
public final class YuhengServices: Sendable {
    /// The database the use cases read (datasets, factors, LCI databases, jobs).
    public let db: YuhengDatabase
    /// The cache (the process-wide one unless a test gives its own).
    public let cache: ServiceCache

    /// The use cases over `db`, sharing `cache` (the process-wide one by default; tests may give their own).
    public init(db: YuhengDatabase, cache: ServiceCache = .shared) {
        self.db = db
        self.cache = cache
    }

    /// Input-output tables: solving, transfers, series.
    public var mrio: MRIOService { MRIOService(services: self) }
    /// The panoramic national account and country pages.
    public var panorama: PanoramaService { PanoramaService(services: self) }
    /// Production-based inventories.
    public var inventory: InventoryService { InventoryService(services: self) }
    /// Life cycle assessment.
    public var lca: LCAService { LCAService(services: self) }

    /// The version stamp of this database's datasets, prefixed by the database's path so that two
    /// databases in one process never share cache entries.
    public func datasetsVersion() throws -> String { db.path + "#" + (try db.datasetsVersion()) }
}
