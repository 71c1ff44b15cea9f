import Foundation
import Hummingbird
import Logging
import NIOCore
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

    public init(host: String = "127.0.0.1", port: Int = 8080, databasePath: String? = nil, token: String? = nil,
                maxBodySize: Int = 4 << 20, maxConcurrentJobs: Int = 1) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.token = token
        self.maxBodySize = maxBodySize
        self.maxConcurrentJobs = maxConcurrentJobs
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

    public init(configuration: ServerConfiguration) throws {
        guard configuration.isLoopback || !(configuration.token ?? "").isEmpty else {
            throw APIError(.badRequest, code: "config.tokenRequired",
                           "binding to \(configuration.host) exposes the server to the network: give an API token with --token or YUHENG_API_TOKEN")
        }
        self.configuration = configuration
        let db = try YuhengDatabase.open(path: configuration.databasePath)
        state = ServerState(db: db)
        jobs = try JobManager(db: db, handlers: JobKinds.handlers(state: state), maxConcurrent: configuration.maxConcurrentJobs)
    }

    /// Builds the router with every route (also used by tests).
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityMiddleware(token: configuration.token, maxBodySize: configuration.maxBodySize))
        let api = APIRegistry(router: router)
        Routes.register(api, state: state, jobs: jobs, configuration: configuration)
        WebPages.register(router, state: state)
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
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        defer { jobs.stopAll() }
        try await app.runService()
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
