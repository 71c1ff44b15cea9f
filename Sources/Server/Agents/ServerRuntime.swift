import Foundation
import HTTPTypes
import Hummingbird

/// What exists only while a server runs: the port it is bound to (known once it listens, which
/// matters with port 0), the MCP sessions of `/mcp`, and the chats being streamed — so that they
/// can be ended when the server stops. Thread-safe.
final class ServerRuntime: @unchecked Sendable {
    let configuration: ServerConfiguration
    let mcp: MCPSessions
    private let lock = NSLock()
    private var port: Int?
    private var streams: [UUID: @Sendable () -> Void] = [:]
    private var stopped = false

    init(configuration: ServerConfiguration) {
        self.configuration = configuration
        mcp = MCPSessions()
    }

    /// The port the server listens on (the configured one until it is bound).
    var boundPort: Int {
        get { lock.withLock { port ?? configuration.port } }
        set { lock.withLock { port = newValue } }
    }

    /// The Host and Origin rules for the current port.
    var originPolicy: OriginPolicy {
        OriginPolicy(bindHost: configuration.host, port: boundPort, loopback: configuration.isLoopback)
    }

    /// Registers a running stream; `cancel` is called if the server stops first. Returns the key to
    /// pass to ``finished(_:)``, or nil when the server is already stopping (then do not start).
    func started(cancel: @escaping @Sendable () -> Void) -> UUID? {
        lock.withLock {
            guard !stopped else { return nil }
            let id = UUID()
            streams[id] = cancel
            return id
        }
    }

    func finished(_ id: UUID) {
        _ = lock.withLock { streams.removeValue(forKey: id) }
    }

    /// Ends every open stream and MCP session (the server is stopping). Idempotent.
    func stopAll() {
        let cancels: [@Sendable () -> Void] = lock.withLock {
            stopped = true
            defer { streams.removeAll() }
            return Array(streams.values)
        }
        cancels.forEach { $0() }
        let mcp = self.mcp
        Task { await mcp.closeAll() }
    }
}

/// DNS-rebinding and cross-site protection for the endpoints that act on the user's behalf
/// (`/mcp`, `/api/chat`), as the MCP specification asks of local servers:
///
/// - bound to loopback, the `Host` must be this server's own loopback address and port
///   (`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`) — a page whose name was re-pointed at
///   127.0.0.1 sends its own name and is refused (421);
/// - an `Origin`, when present, must be a loopback origin of this port (`http://127.0.0.1:PORT`, …),
///   else 403; browsers send it with every cross-site POST, other clients usually send none;
/// - bound off loopback (which needs an API token), the `Host` cannot be known in advance (the
///   token protects the server), and an `Origin` must be the server's own (same host as `Host`) or
///   a loopback one.
///
/// Hummingbird keeps the `Host` of HTTP/1.1 requests in `request.head.authority`, not among the
/// headers: callers must pass that (``check(_:)`` does).
struct OriginPolicy: Sendable {
    /// The address the server is bound to.
    var bindHost: String
    var port: Int
    var loopback: Bool

    /// `host:port` values the `Host` header may take when bound to loopback.
    var allowedHosts: [String] {
        var names = ["127.0.0.1", "localhost", "[::1]"]
        let own = (bindHost.contains(":") ? "[\(bindHost)]" : bindHost).lowercased()
        if !names.contains(own) { names.append(own) }
        var out = names.map { "\($0):\(port)" }
        if port == 80 { out += names } // the port may be left out for the default one
        return out
    }

    /// Origins a browser page of this server sends (loopback, this port).
    var allowedOrigins: [String] { allowedHosts.map { "http://\($0)" } }

    /// The error for a request with this `Host` (authority) and `Origin`, nil when it may proceed.
    func check(host: String?, origin: String?) -> APIError? {
        let host = host?.trimmingCharacters(in: .whitespaces).lowercased()
        if loopback {
            guard let host, allowedHosts.contains(host) else {
                return APIError(
                    .misdirectedRequest, code: "request.invalidHost",
                    "the Host header '\(host ?? "")' is not this server's loopback address (127.0.0.1:\(port), localhost:\(port) or [::1]:\(port)); requests through other names are refused to prevent DNS rebinding",
                    field: "Host")
            }
        }
        if let origin = origin?.trimmingCharacters(in: .whitespaces).lowercased() {
            var allowed = allowedOrigins
            if !loopback, let host { allowed += ["http://\(host)", "https://\(host)"] }
            guard allowed.contains(origin) else {
                return APIError(
                    .forbidden, code: "request.forbiddenOrigin",
                    "requests from the origin '\(origin)' are refused: only pages of this server (\(allowedOrigins.first ?? "")) may call this endpoint",
                    field: "Origin")
            }
        }
        return nil
    }

    /// Checks a Hummingbird request (its authority and `Origin` header). A second `Host` header
    /// (left among the headers when the first becomes the authority) makes the target ambiguous and
    /// is refused as well.
    func check(_ request: Request) -> APIError? {
        if let hostField = HTTPField.Name("Host"), !request.headers[values: hostField].isEmpty {
            return APIError(.badRequest, code: "request.invalidHost", "the request carries more than one Host header", field: "Host")
        }
        let origins = request.headers[values: .origin]
        guard origins.count <= 1 else {
            return APIError(.forbidden, code: "request.forbiddenOrigin", "the request carries more than one Origin header", field: "Origin")
        }
        return check(host: request.head.authority, origin: origins.first)
    }
}
