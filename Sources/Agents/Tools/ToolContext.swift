import Foundation
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengLCA
import YuhengMRIO
import YuhengPanorama
import YuhengServices

/// What tools share: the database, the folder reports may be written to, limits, and caches of
/// expensive results (the bundled MRIO's accounts and panorama, LCI databases and their
/// factorised technospheres), filled on first use as the server does. Thread-safe.
public final class ToolContext: @unchecked Sendable {
    /// The Yuheng database the tools read (factors, GWP values, national data, LCI databases).
    public let db: YuhengDatabase
    /// The only folder tools write to (reports of `lca_study`).
    public let outputDirectory: URL
    /// Row and time limits of `sql_query`.
    public var sqlRowLimit: Int
    /// Longest a `sql_query` may run, in seconds (default 2).
    public var sqlTimeLimit: Double

    /// The use cases and the process-wide cache (a server shares its own with its tools).
    public let services: YuhengServices

    /// A context over `db` with its own services (and the process-wide cache).
    public convenience init(db: YuhengDatabase, outputDirectory: URL, sqlRowLimit: Int = 500, sqlTimeLimit: Double = 2) {
        self.init(services: YuhengServices(db: db), outputDirectory: outputDirectory, sqlRowLimit: sqlRowLimit, sqlTimeLimit: sqlTimeLimit)
    }

    /// A context sharing `services` (and their cache), e.g. a server's with its agents' tools.
    public init(services: YuhengServices, outputDirectory: URL, sqlRowLimit: Int = 500, sqlTimeLimit: Double = 2) {
        self.services = services
        self.db = services.db
        self.outputDirectory = outputDirectory.standardizedFileURL
        self.sqlRowLimit = sqlRowLimit
        self.sqlTimeLimit = sqlTimeLimit
    }

    /// The default output folder: `$YUHENG_AGENT_OUTPUT`, else `$XDG_DATA_HOME/yuheng/agent-output`
    /// (`~/.local/share/yuheng/agent-output`).
    public static func defaultOutputDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let p = environment["YUHENG_AGENT_OUTPUT"], !p.isEmpty { return URL(fileURLWithPath: p) }
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return URL(fileURLWithPath: base).appendingPathComponent("yuheng/agent-output")
    }

    // MARK: MRIO

    /// The bundled MRIO with its CO2 accounts and Leontief model (A kept for paths and EEBT).
    public struct MRIOBundle: Sendable {
        /// The bundled WIOD 2011 CO2 table (41 regions × 35 sectors).
        public var system: MRIOSystem
        /// Its accounts (cba, pba, imports, exports per region), in kt CO2.
        public var accounts: MRIOAccounts
        /// The Leontief model of the table, with A kept for structural paths and EEBT.
        public var model: LeontiefModel
        /// The extension (satellite account) holding CO2.
        public var extensionName: String
        /// Sources of the table.
        public var provenance: [Provenance]
    }

    /// The bundled WIOD 2011 CO2 table, solved once and cached by the services.
    /// - Throws: the MRIO service's errors when the bundled table cannot be installed or solved.
    public func mrio() throws -> MRIOBundle {
        let t = try services.mrio.solved("wiod2011-co2") // the CO2 view of the latest table
        return MRIOBundle(system: t.system, accounts: t.accounts, model: t.model, extensionName: t.extensionName, provenance: t.provenance)
    }

    /// The bundled GHG series (tables 2000–2011, nowcasts after) of a gas, as `yuheng mrio series --json`.
    public func mrioSeries(from: Int? = nil, to: Int? = nil, gas: MRIOGas = .ghg, gwp: String = "AR5") throws -> GHGSeries {
        try services.mrio.series(from: from, to: to, gas: gas, gwp: gwp)
    }

    /// The structural decomposition between two years, as `yuheng mrio sda --json`.
    public func mrioSDA(from: Int, to: Int, region: String?, gas: MRIOGas = .ghg, gwp: String = "AR5") throws -> SDAReport {
        try services.mrio.sda(from: from, to: to, region: region, gas: gas, gwp: gwp)
    }

    /// The panoramic national account of a year (2000–2023; default the latest table) and gas (default GHG,
    /// AR5), with GCB for comparison for CO2 (as `yuheng panorama`).
    public func panorama(year: Int? = nil, gas: MRIOGas = .ghg, gwp: String = "AR5") throws -> PanoramicAccount {
        try services.panorama.ghgAccount(year: year, gas: gas, gwp: gwp)
    }

    // MARK: LCA

    /// An LCI database (the bundled US LCI is installed on first use).
    public func lci(_ id: String = BundledLCI.id) throws -> LCIDatabase { try services.lca.lci(id) }

    /// A factorised technosphere, reused across calls (and with the server's pages).
    public func calculator(_ id: String = BundledLCI.id, allocation: AllocationPolicy = .processDefault) throws -> LCACalculator {
        try services.lca.calculator(id, allocation: allocation)
    }

    /// Provenance of an LCI database and the GWP dataset.
    public func lcaProvenance(_ id: String, method: ClimateMethod? = nil) throws -> [Provenance] {
        var out: [Provenance] = []
        if let d = try db.dataset(id) { out.append(d.provenance) }
        if let g = method?.provenance, !out.contains(where: { $0.datasetID == g.datasetID }) { out.append(g) }
        return out
    }
}
