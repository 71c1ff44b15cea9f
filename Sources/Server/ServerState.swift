import Foundation
import YuhengAgents
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengLCA
import YuhengMRIO
import YuhengPanorama
import YuhengServices

/// Shared state of the server: the database, the use cases with the process-wide cache
/// (``services``), the chat's model and the threads requests are computed on. Thread-safe.
public final class ServerState: @unchecked Sendable {
    /// The Yuheng database (datasets, jobs, inventories) every request reads and writes.
    public let db: YuhengDatabase
    /// The use cases and the process-wide cache (shared with the agents' tools of this server).
    public let services: YuhengServices
    let lock = NSLock()

    /// The language model of the chat, found when the server starts.
    public let llm: LLMStatus
    /// Where it was looked for (the connection test reads the configuration again when it came from the environment).
    let llmSource: ServerConfiguration.LLMSource
    /// The folder agent tools may write reports to (over `/mcp` and in the chat).
    public let agentOutputDirectory: URL
    private var toolContextCache: ToolContext?

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

    /// A state for the database with the process-wide cache and default thread pools (tests and embedding programs).
    /// `llm` is the chat's model, `agentOutputDirectory` where agent tools may write reports, `executor` where jobs run.
    public convenience init(
        db: YuhengDatabase, llm: LLMStatus = .notConfigured, agentOutputDirectory: URL = ToolContext.defaultOutputDirectory(),
        executor: any Executor = LocalExecutor()
    ) {
        self.init(
            db: db, llm: llm, agentOutputDirectory: agentOutputDirectory, executor: executor, cache: .shared,
            work: BlockingWork(threads: max(2, ProcessInfo.processInfo.activeProcessorCount), queueLimit: 128),
            light: BlockingWork(threads: 4, queueLimit: 128))
    }

    init(
        db: YuhengDatabase, llm: LLMStatus, agentOutputDirectory: URL, executor: any Executor, cache: ServiceCache, work: BlockingWork,
        light: BlockingWork,
        llmSource: ServerConfiguration.LLMSource = .disabled
    ) {
        self.db = db
        self.llmSource = llmSource
        self.services = YuhengServices(db: db, cache: cache)
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
        static func resolve(_ source: ServerConfiguration.LLMSource, environment: [String: String] = ProcessInfo.processInfo.environment) -> LLMStatus
        {
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

        /// The model configuration when the chat has one; nil when it is not configured or invalid.
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
            let c = ToolContext(services: services, outputDirectory: agentOutputDirectory)
            toolContextCache = c
            return c
        }
    }

    /// The bundled table of a year (`nil` = the default, 2011); a year that is not bundled is a 404
    /// naming the bundled years.
    public func table(year: Int?) throws -> String {
        do { return try MRIOService.bundledTable(year: year) } catch let e as MRIOError {
            throw APIError(.notFound, code: "mrio.unknownYear", e.message + (e.suggestion.map { "; \($0)" } ?? ""), field: "year")
        }
    }

    /// The panoramic account encoded once as JSON, so the busiest endpoint serves bytes instead of
    /// re-encoding 41 rows on every request.
    public func panoramaJSON(table: String = BundledMRIO.id) throws -> Data {
        try services.cache.value("http.panorama", key: table, version: try services.datasetsVersion(), cost: 64 << 10) {
            try JSONResponse.encode(try services.panorama.account(year: MRIOService.bundledYear(of: table)))
        }
    }

    /// The encoded panorama if it was made already (never blocks).
    func cachedPanoramaJSON(table: String) -> Data? {
        guard let v = try? services.datasetsVersion() else { return nil }
        return services.cache.peek("http.panorama", key: table, version: v)
    }

    /// An LCI database (installing the bundled US LCI on first use).
    public func lci(_ id: String = BundledLCI.id) throws -> LCIDatabase { try services.lca.lci(id) }

    /// A factorised technosphere for a database and allocation policy, reused across requests.
    public func calculator(_ id: String = BundledLCI.id, allocation: AllocationPolicy = .processDefault) throws -> LCACalculator {
        try services.lca.calculator(id, allocation: allocation)
    }
}
