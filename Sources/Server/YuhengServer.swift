import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import YuhengAgents
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengServices

/// Configuration of `yuheng serve`.
public struct ServerConfiguration: Sendable {
    /// Address to listen on; a non-loopback address requires an API `token`.
    public var host: String
    /// TCP port to listen on; 0 picks a free port (reported to `run(onRunning:)`).
    public var port: Int
    /// SQLite database file; nil for the default (`$YUHENG_DB`, else `~/.local/share/yuheng/yuheng.sqlite`).
    public var databasePath: String?
    /// Required for every request when the server listens on a non-loopback address.
    public var token: String?
    /// Maximum request body size in bytes.
    public var maxBodySize: Int
    /// Jobs (Monte Carlo, batch, ensembles) that run at the same time; further jobs wait queued.
    public var maxConcurrentJobs: Int
    /// The language model behind `/api/chat` and the chat page.
    public var llm: LLMSource
    /// The folder where agent tools may write reports (`lca_study` over `/mcp` or the chat); nil for
    /// the command line's default (`$YUHENG_AGENT_OUTPUT`, else `~/.local/share/yuheng/agent-output`).
    public var agentOutputDirectory: String?
    /// Where Monte Carlo, batch and ensemble jobs run: nil for the local pool in this process, or
    /// a ``SlurmExecutor`` (`yuheng serve --executor slurm`).
    public var executor: (any Executor)?
    /// The cache of solved tables, technospheres and encoded answers: the process-wide one by
    /// default (shared with everything else in the process), or a server's own (tests of a cold start).
    public var cache: ServiceCache = .shared
    /// Header and idle timeouts and the maximum number of open connections.
    public var connections: ConnectionLimits
    /// Requests computed at the same time (database queries, solves, pages) on the server's own
    /// threads; the cooperative pool stays free for light requests such as `/api/health`.
    public var maxConcurrentRequests: Int
    /// Requests that may wait for one of those threads; beyond that the answer is 503 with Retry-After.
    public var maxQueuedRequests: Int

    /// The shortest API token accepted.
    public static let minimumTokenLength = 16

    /// Where the chat's model comes from.
    public enum LLMSource: Sendable {
        /// As `yuheng ask` finds it: the configuration file (`$YUHENG_CONFIG`, else
        /// `~/.config/yuheng/llm.json`), then the `YUHENG_LLM_*` variables. When neither names a
        /// model server the chat is off (it answers 503 and the chat page says what to configure).
        case environment
        /// No model: the chat is off.
        case disabled
        /// This configuration (tests, embedding programs).
        case configuration(LLMConfiguration)
    }

    /// A configuration; the defaults listen on 127.0.0.1:8080 without a token, with a 4 MiB body limit and one job at a time.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, databasePath: String? = nil, token: String? = nil,
        maxBodySize: Int = 4 << 20, maxConcurrentJobs: Int = 1, llm: LLMSource = .environment, agentOutputDirectory: String? = nil,
        executor: (any Executor)? = nil, connections: ConnectionLimits = ConnectionLimits(),
        maxConcurrentRequests: Int = max(2, ProcessInfo.processInfo.activeProcessorCount), maxQueuedRequests: Int = 128
    ) {
        self.executor = executor
        self.connections = connections
        self.maxConcurrentRequests = maxConcurrentRequests
        self.maxQueuedRequests = maxQueuedRequests
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.token = token
        self.maxBodySize = maxBodySize
        self.maxConcurrentJobs = maxConcurrentJobs
        self.llm = llm
        self.agentOutputDirectory = agentOutputDirectory
    }

    /// Whether `host` is a loopback address (127.0.0.0/8, `localhost` or `::1`), where no token is required.
    public var isLoopback: Bool { ["127.0.0.1", "localhost", "::1"].contains(host) || host.hasPrefix("127.") }

    /// Checks the token and the limits; the error says what to change.
    public func validate() throws {
        if let token, !token.isEmpty {
            guard !token.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError(
                    .badRequest, code: "config.invalidToken",
                    "the API token is only white space: give a random token of at least \(Self.minimumTokenLength) characters (e.g. `openssl rand -hex 24`)",
                    field: "token")
            }
            guard token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw APIError(
                    .badRequest, code: "config.invalidToken",
                    "the API token may contain only visible ASCII characters (no spaces or control characters), as it travels in the 'Authorization: Bearer' header; e.g. `openssl rand -hex 24`",
                    field: "token")
            }
            guard token.count >= Self.minimumTokenLength else {
                throw APIError(
                    .badRequest, code: "config.tokenTooShort",
                    "the API token has \(token.count) characters; at least \(Self.minimumTokenLength) are needed so that it cannot be guessed (e.g. `openssl rand -hex 24`)",
                    field: "token")
            }
        }
        guard isLoopback || !(token ?? "").isEmpty else {
            throw APIError(
                .badRequest, code: "config.tokenRequired",
                "binding to \(host) exposes the server to the network: give an API token with --token or YUHENG_API_TOKEN")
        }
        guard maxConcurrentRequests >= 1, maxQueuedRequests >= 0, connections.maxConnections >= 1,
            connections.headerTimeout > .zero, connections.idleTimeout > .zero
        else {
            throw APIError(.badRequest, code: "config.invalidLimits", "the request and connection limits must be positive")
        }
    }
}

/// The Yuheng HTTP server: JSON API, OpenAPI document, web interface and jobs.
///
/// ```swift
/// let server = try YuhengServer(configuration: .init(port: 0))
/// try await server.run { port in print("listening on \(port)") }
/// ```
public struct YuhengServer: Sendable {
    /// The configuration the server was started with (validated).
    public let configuration: ServerConfiguration
    /// Shared state of every request: database, services and cache, the chat's model, the worker threads.
    public let state: ServerState
    /// The job queue behind `/api/jobs`; jobs still running when the server stops are recorded as interrupted.
    public let jobs: JobManager
    /// What exists only while the server runs: the bound port, MCP sessions, open streams.
    let runtime: ServerRuntime

    /// Opens the database and prepares the state and the job queue; nothing listens until ``run(onRunning:)``.
    /// - Throws: an ``APIError`` when the configuration is invalid (see ``ServerConfiguration/validate()``), or the database's error.
    public init(configuration: ServerConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        let db = try YuhengDatabase.open(path: configuration.databasePath)
        let outputDirectory = configuration.agentOutputDirectory.map { URL(fileURLWithPath: $0) } ?? ToolContext.defaultOutputDirectory()
        state = ServerState(
            db: db, llm: ServerState.LLMStatus.resolve(configuration.llm), agentOutputDirectory: outputDirectory,
            executor: configuration.executor ?? LocalExecutor(), cache: configuration.cache,
            work: BlockingWork(threads: configuration.maxConcurrentRequests, queueLimit: configuration.maxQueuedRequests),
            light: BlockingWork(threads: 4, queueLimit: max(16, configuration.maxQueuedRequests)), llmSource: configuration.llm)
        jobs = try JobManager(db: db, kinds: JobKinds.kinds(state: state), maxConcurrent: configuration.maxConcurrentJobs)
        runtime = ServerRuntime(configuration: configuration)
    }

    /// Builds the router with every route (also used by tests).
    public func router() -> Hummingbird.Router<BasicRequestContext> {
        let router = Hummingbird.Router(options: .autoGenerateHeadEndpoints)
        let index = RouteIndex()
        router.add(middleware: RequestGuard(runtime: runtime, token: configuration.token, maxBodySize: configuration.maxBodySize, routes: index))
        let api = APIRegistry(router: router, index: index)
        let agents = AgentEndpoints(state: state, runtime: runtime, maxBodySize: configuration.maxBodySize)
        Routes.register(api, state: state, jobs: jobs, agents: agents)
        let pages = PageRoutes(router: router, index: index)
        WebPages.register(pages, state: state, jobs: jobs)
        let spec = OpenAPIDocument.make(api.documented)
        pages.get("/openapi.json") { _, _ in JSONResponse.text(spec, type: "application/json") }
        return router
    }

    /// Runs until cancelled; `onRunning` receives the bound port (useful with port 0). Jobs still
    /// queued or running when it returns are stopped and recorded as interrupted.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = Logger(label: "yuheng")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let limits = configuration.connections
        let app = Application(
            router: router(),
            server: HTTPServerBuilder { responder in GuardedHTTP1Channel(responder: responder, limits: limits) },
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "yuheng",
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections)),
            onServerRunning: { [runtime] channel in
                let port = channel.localAddress?.port ?? 0
                runtime.boundPort = port
                await onRunning(port)
            },
            logger: logger)
        defer { jobs.stopAll() }
        // Open event streams (MCP sessions, chats) end when the server stops — before the HTTP server
        // waits for its connections to finish on Ctrl-C, or when the task is cancelled — so that no
        // client keeps the shutdown waiting. (Services shut down in reverse order: the closer first.)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: app),
                    .init(
                        service: StreamCloser(runtime: runtime, jobs: jobs), successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore)
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await withTaskCancellationHandler {
            try await group.run()
        } onCancel: { [runtime, jobs] in
            // Jobs stop as soon as the server is asked to stop, not once every connection has closed.
            jobs.stopAll()
            runtime.stopAll()
        }
        runtime.stopAll()
    }
}

/// Ends the server's open event streams and stops its jobs when a graceful shutdown (SIGINT, SIGTERM) begins.
struct StreamCloser: Service {
    let runtime: ServerRuntime
    let jobs: JobManager

    func run() async throws {
        try? await gracefulShutdown()
        jobs.stopAll()
        runtime.stopAll()
    }
}

extension RequestBody {
    /// The body, failing once more than `limit` bytes arrive. Lazy: it reads only when the handler
    /// iterates it, in the handler's task. (An eager reader task would race with Hummingbird, which
    /// drains unread bodies of keep-alive connections, and steal parts of the next request.)
    func limited(_ limit: Int) -> LimitedRequestBody { LimitedRequestBody(base: self, limit: limit) }
}

struct LimitedRequestBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: RequestBody
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int
        var total = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            total += chunk.readableBytes
            if total > limit { throw APIError(.contentTooLarge, code: "request.tooLarge", "the request body exceeds \(limit) bytes") }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), limit: limit) }
}
