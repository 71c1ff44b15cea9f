import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import YuhengAgents
import YuhengComputing
import YuhengCore
import YuhengData

/// Configuration of `yuheng serve`.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var databasePath: String?
    /// Required for every request when the server listens on a non-loopback address.
    public var token: String?
    /// Maximum request body size in bytes.
    public var maxBodySize: Int
    public var maxConcurrentJobs: Int
    /// The language model behind `/api/chat` and the chat page.
    public var llm: LLMSource
    /// The folder where agent tools may write reports (`lca_study` over `/mcp` or the chat); nil for
    /// the command line's default (`$YUHENG_AGENT_OUTPUT`, else `~/.local/share/yuheng/agent-output`).
    public var agentOutputDirectory: String?
    /// Where Monte Carlo, batch and ensemble jobs run: nil for the local pool in this process, or
    /// a ``SlurmExecutor`` (`yuheng serve --executor slurm`).
    public var executor: (any Executor)?

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

    public init(host: String = "127.0.0.1", port: Int = 8080, databasePath: String? = nil, token: String? = nil,
                maxBodySize: Int = 4 << 20, maxConcurrentJobs: Int = 1, llm: LLMSource = .environment, agentOutputDirectory: String? = nil,
                executor: (any Executor)? = nil) {
        self.executor = executor
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.token = token
        self.maxBodySize = maxBodySize
        self.maxConcurrentJobs = maxConcurrentJobs
        self.llm = llm
        self.agentOutputDirectory = agentOutputDirectory
    }

    public var isLoopback: Bool { ["127.0.0.1", "localhost", "::1"].contains(host) || host.hasPrefix("127.") }
}

/// The Yuheng HTTP server: JSON API, OpenAPI document, web interface and jobs.
///
/// ```swift
/// let server = try YuhengServer(configuration: .init(port: 0))
/// try await server.run { port in print("listening on \(port)") }
/// ```
public struct YuhengServer: Sendable {
    public let configuration: ServerConfiguration
    public let state: ServerState
    public let jobs: JobManager
    /// What exists only while the server runs: the bound port, MCP sessions, open streams.
    let runtime: ServerRuntime

    public init(configuration: ServerConfiguration) throws {
        guard configuration.isLoopback || !(configuration.token ?? "").isEmpty else {
            throw APIError(.badRequest, code: "config.tokenRequired",
                           "binding to \(configuration.host) exposes the server to the network: give an API token with --token or YUHENG_API_TOKEN")
        }
        self.configuration = configuration
        let db = try YuhengDatabase.open(path: configuration.databasePath)
        let outputDirectory = configuration.agentOutputDirectory.map { URL(fileURLWithPath: $0) } ?? ToolContext.defaultOutputDirectory()
        state = ServerState(db: db, llm: ServerState.LLMStatus.resolve(configuration.llm), agentOutputDirectory: outputDirectory,
                            executor: configuration.executor ?? LocalExecutor())
        jobs = try JobManager(db: db, handlers: JobKinds.handlers(state: state), maxConcurrent: configuration.maxConcurrentJobs)
        runtime = ServerRuntime(configuration: configuration)
    }

    /// Builds the router with every route (also used by tests).
    public func router() -> Hummingbird.Router<BasicRequestContext> {
        let router = Hummingbird.Router()
        router.add(middleware: SecurityMiddleware(token: configuration.token, maxBodySize: configuration.maxBodySize))
        let api = APIRegistry(router: router)
        let agents = AgentEndpoints(state: state, runtime: runtime, maxBodySize: configuration.maxBodySize)
        Routes.register(api, state: state, jobs: jobs, agents: agents, configuration: configuration)
        WebPages.register(router, state: state)
        MonteCarloPage.register(router, state: state, jobs: jobs)
        let spec = OpenAPIDocument.make(api.documented)
        router.get("openapi.json") { _, _ in JSONResponse.text(spec, type: "application/json") }
        return router
    }

    /// Runs until cancelled; `onRunning` receives the bound port (useful with port 0). Jobs still
    /// queued or running when it returns are stopped and recorded as interrupted.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = Logger(label: "yuheng")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "yuheng"),
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
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: app), .init(service: StreamCloser(runtime: runtime), successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await withTaskCancellationHandler {
            try await group.run()
        } onCancel: { [runtime] in
            runtime.stopAll()
        }
        runtime.stopAll()
    }
}

/// Ends the server's open event streams when a graceful shutdown (SIGINT, SIGTERM) begins.
struct StreamCloser: Service {
    let runtime: ServerRuntime

    func run() async throws {
        try? await gracefulShutdown()
        runtime.stopAll()
    }
}

/// Requires the API token (when configured) and limits request body sizes.
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let token: String?
    let maxBodySize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let token, !token.isEmpty {
            let auth = request.headers[.authorization] ?? ""
            let query = request.uri.queryParameters.get("token") ?? ""
            guard auth == "Bearer \(token)" || query == token else {
                return APIError(.unauthorized, code: "auth.tokenRequired", "this server requires an API token: send 'Authorization: Bearer <token>'").response
            }
        }
        if let len = request.headers[.contentLength].flatMap(Int.init), len > maxBodySize {
            return APIError(.contentTooLarge, code: "request.tooLarge", "the request body is \(len) bytes; the limit is \(maxBodySize)").response
        }
        var req = request
        req.body = .init(asyncSequence: request.body.limited(maxBodySize))
        return try await next(req, context)
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
