import Foundation
import YuhengAgents
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengLCA
import YuhengMRIO
import YuhengPanorama

/// Shared state of the server: the database and caches of expensive results (the panoramic
/// account of the bundled MRIO, LCA factorisations). Thread-safe; caches are filled on first use.
public final class ServerState: @unchecked Sendable {
    public let db: YuhengDatabase
    let lock = NSLock()
    private var panoramaCache: [String: PanoramaBundle] = [:]
    private var panoramaJSONCache: [String: Data] = [:]
    private var lcaCache: [String: LCACalculator] = [:]
    private var lciCache: [String: LCIDatabase] = [:]
    /// Held while a cache is being filled: concurrent first requests wait for one computation instead
    /// of each repeating it (an LCI installation, an MRIO solve), and all get the same result.
    private let panoramaFill = NSLock(), lciFill = NSLock(), calculatorFill = NSLock()

    /// The language model of the chat, found when the server starts.
    public let llm: LLMStatus
    /// The folder agent tools may write reports to (over `/mcp` and in the chat).
    public let agentOutputDirectory: URL
    private var toolContextCache: ToolContext?

    /// Encoded factor-search results, valid while the datasets are unchanged.
    let factorSearchCache = ResponseCache(capacity: 512)
    /// Encoded country pages (`/api/panorama/{region}`) of the bundled tables, by table, region and
    /// `top`: deterministic while the server runs, as the panorama they come from.
    let countryCache = ResponseCache(capacity: 1024)
    /// LCA results of one reference unit (see ``LCAUnitResults``).
    let lcaUnitResults = LCAUnitResults(capacity: 512)

    /// Where Monte Carlo, batch and ensemble jobs run (the local pool, or Slurm).
    public let executor: any Executor

    /// The threads that compute requests (off Swift's cooperative pool), bounded: solves, searches,
    /// inventories, LCA, pages.
    let work: BlockingWork
    /// Where the agents' chat turns and MCP tool calls run (their tools query and compute synchronously).
    let agentThreads = ThreadPoolExecutor(name: "yuheng-agents", maxThreads: 4)
    /// Threads for quick database operations (job records, dataset lists), so that they do not wait
    /// behind long computations; also off the cooperative pool, as a write may wait for another writer.
    let light: BlockingWork

    public convenience init(db: YuhengDatabase, llm: LLMStatus = .notConfigured, agentOutputDirectory: URL = ToolContext.defaultOutputDirectory(),
                            executor: any Executor = LocalExecutor()) {
        self.init(db: db, llm: llm, agentOutputDirectory: agentOutputDirectory, executor: executor,
                  work: BlockingWork(threads: max(2, ProcessInfo.processInfo.activeProcessorCount), queueLimit: 128),
                  light: BlockingWork(threads: 4, queueLimit: 128))
    }

    init(db: YuhengDatabase, llm: LLMStatus, agentOutputDirectory: URL, executor: any Executor, work: BlockingWork, light: BlockingWork) {
        self.db = db
        self.executor = executor
        self.llm = llm
        self.agentOutputDirectory = agentOutputDirectory
        self.work = work
        self.light = light
    }

    /// Whether the chat has a model, and if not why.
    public enum LLMStatus: Sendable {
        case configured(LLMConfiguration)
        /// Neither a configuration file nor `YUHENG_LLM_BASE_URL` names a model server.
        case notConfigured
        /// The configuration names one but cannot be used (e.g. the file is not valid JSON).
        case invalid(String)

        /// Resolves the server configuration's setting as the command line does.
        static func resolve(_ source: ServerConfiguration.LLMSource, environment: [String: String] = ProcessInfo.processInfo.environment) -> LLMStatus {
            switch source {
            case .disabled: return .notConfigured
            case .configuration(let c): return .configured(c)
            case .environment:
                do {
                    guard let c = try LLMConfiguration.resolveIfConfigured(environment: environment) else { return .notConfigured }
                    return .configured(c)
                } catch let e as LLMError {
                    return .invalid(e.description)
                } catch {
                    return .invalid("\(error)")
                }
            }
        }

        public var configuration: LLMConfiguration? {
            if case .configured(let c) = self { return c }
            return nil
        }
    }

    /// The context of the agent tools (MCP and chat): this server's database and the report folder.
    /// Created on first use; its caches (the MRIO accounts, LCI technospheres) are shared by all sessions.
    public var toolContext: ToolContext {
        lock.withLock {
            if let c = toolContextCache { return c }
            let c = ToolContext(db: db, outputDirectory: agentOutputDirectory)
            toolContextCache = c
            return c
        }
    }

    /// The panorama with the data needed for country pages (origin–destination flows, paths).
    public struct PanoramaBundle: Sendable {
        public var account: PanoramicAccount
        public var transfers: TradeTransfers
        public var system: MRIOSystem
        public var accounts: MRIOAccounts
        public var model: LeontiefModel
    }

    /// The bundled table of a year (`nil` = the default, 2011); a year that is not bundled is a 404
    /// naming the bundled years.
    public func table(year: Int?) throws -> String {
        guard let year else { return BundledMRIO.id }
        guard let t = BundledMRIO.years.first(where: { $0.year == year }) else {
            throw APIError(.notFound, code: "mrio.unknownYear", "no bundled MRIO table for \(year); bundled years: \(BundledMRIO.years.map { String($0.year) }.joined(separator: ", "))",
                           field: "year")
        }
        return t.id
    }

    /// The panoramic account encoded once as JSON (it never changes while the server runs), so the
    /// busiest endpoint serves bytes instead of re-encoding 41 rows on every request.
    public func panoramaJSON(table: String = BundledMRIO.id) throws -> Data {
        if let d = cachedPanoramaJSON(table: table) { return d }
        let data = try JSONResponse.encode(try panorama(table: table).account)
        return lock.withLock {
            if panoramaJSONCache[table] == nil { panoramaJSONCache[table] = data }
            return panoramaJSONCache[table]!
        }
    }

    /// The encoded panorama if it was made already (never blocks).
    func cachedPanoramaJSON(table: String) -> Data? { lock.withLock { panoramaJSONCache[table] } }

    /// The panoramic account of a bundled table (default: 2011) with its transfers and model, solved once.
    public func panorama(table: String = BundledMRIO.id) throws -> PanoramaBundle {
        if let p = lock.withLock({ panoramaCache[table] }) { return p }
        panoramaFill.lock()
        defer { panoramaFill.unlock() }
        if let p = lock.withLock({ panoramaCache[table] }) { return p }
        let system = try BundledMRIO.load(id: table)
        let ext = (system.extensions.first { $0.name.lowercased() == "co2" } ?? system.extensions[0]).name
        let (acc, model) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: [ext], keepA: true))
        let year = system.year ?? 2011
        let account = try db.panoramicAccount(accounts: acc, extension: ext, stressor: "CO2", year: year,
                                              tableProvenance: [system.provenance].compactMap { $0 })
        let transfers = try MRIOEngine.transfers(acc, system: system, model: model, extension: ext, stressor: "CO2")
        let bundle = PanoramaBundle(account: account, transfers: transfers, system: system, accounts: acc, model: model)
        lock.withLock { panoramaCache[table] = bundle }
        return bundle
    }

    /// The bundled MRIO time series (WIOD 2009 and 2011 with CO2): each year's CO2 accounts, taken from
    /// that year's panorama (one solve per table for the map, the country pages and the trends).
    public func series() throws -> [MRIOSeriesWork.YearResult] {
        try MRIOSeriesWork.bundled.enumerated().map { (i, y) in
            try MRIOSeriesWork.yearResult(try panorama(table: y.table).accounts, index: i, year: y, stressor: "CO2")
        }
    }

    /// An LCI database (installing the bundled US LCI on first use).
    public func lci(_ id: String = BundledLCI.id) throws -> LCIDatabase {
        lock.lock()
        if let l = lciCache[id] { lock.unlock(); return l }
        lock.unlock()
        lciFill.lock()
        defer { lciFill.unlock() }
        if let l = lock.withLock({ lciCache[id] }) { return l }
        if id == BundledLCI.id { _ = try BundledLCI.install(in: db) }
        let l = try db.loadLCI(id: id)
        lock.lock(); lciCache[id] = l; lock.unlock()
        return l
    }

    /// A factorised technosphere for a database and allocation policy, reused across requests.
    public func calculator(_ id: String = BundledLCI.id, allocation: AllocationPolicy = .processDefault) throws -> LCACalculator {
        let key = "\(id)|\(allocation.rawValue)"
        lock.lock()
        if let c = lcaCache[key] { lock.unlock(); return c }
        lock.unlock()
        calculatorFill.lock()
        defer { calculatorFill.unlock() }
        if let c = lock.withLock({ lcaCache[key] }) { return c }
        let c = try LCACalculator(model: TechnosphereModel(try lci(id), allocation: allocation))
        lock.lock(); lcaCache[key] = c; lock.unlock()
        return c
    }
}
