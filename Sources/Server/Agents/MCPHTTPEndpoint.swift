import Foundation
import HTTPTypes
import Hummingbird
import MCP
import YuhengAgents

/// The MCP sessions of `/mcp`: Yuheng's tools (the same server as `yuheng mcp` on stdio) over the
/// MCP Streamable HTTP transport of the swift-sdk (`StatefulHTTPServerTransport`).
///
/// The SDK's transport serves one session, so every `initialize` request (a POST without an
/// `Mcp-Session-Id` header) gets a new transport and MCP server; later requests carry the session
/// id the response returned and are handed to that session's transport:
///
/// - `POST /mcp` — a JSON-RPC message; requests are answered with a short SSE stream that carries
///   the response and then closes, notifications with 202;
/// - `GET /mcp` — the session's stream of server-initiated messages (SSE; Yuheng sends none, so it
///   stays open and empty until the session ends);
/// - `DELETE /mcp` — ends the session.
///
/// Sessions idle for longer than ``idleTimeout`` are closed when a new one starts, and at most
/// ``maxSessions`` are kept (the least recently used goes first). Host, Origin and the API token
/// are checked before a request gets here (``OriginPolicy``, ``SecurityMiddleware``).
actor MCPSessions {
    struct Session {
        let server: MCP.Server
        let transport: StatefulHTTPServerTransport
        var lastUsed: Date
    }

    let maxSessions: Int
    let idleTimeout: TimeInterval
    private var sessions: [String: Session] = [:]
    private var closed = false

    init(maxSessions: Int = 32, idleTimeout: TimeInterval = 30 * 60) {
        self.maxSessions = maxSessions
        self.idleTimeout = idleTimeout
    }

    /// The validation the SDK's transport runs on every request of a session: Accept (JSON and SSE
    /// for POST, SSE for GET), Content-Type, MCP-Protocol-Version and the session id. Host and
    /// Origin are checked by ``OriginPolicy`` before (with this server's actual port).
    static let pipeline = StandardValidationPipeline(validators: [
        AcceptHeaderValidator(mode: .sseRequired),
        ContentTypeValidator(),
        ProtocolVersionValidator(),
        SessionValidator()
    ])

    /// A session id fixed in advance, so the session can be registered before its first response.
    private struct FixedSessionID: SessionIDGenerator {
        let id: String
        func generateSessionID() -> String { id }
    }

    /// Number of open sessions.
    var count: Int { sessions.count }

    /// Handles one request: routes it to its session, or starts a session for an `initialize`.
    func handle(_ request: MCP.HTTPRequest, makeServer: @Sendable () async -> MCP.Server) async -> MCP.HTTPResponse {
        guard !closed else {
            return .error(statusCode: 503, .internalError("the server is stopping"))
        }
        if let id = request.header(HTTPHeaderName.sessionID) {
            guard var session = sessions[id] else {
                return .error(statusCode: 404, .invalidRequest("Not Found: unknown or expired MCP session; send a new initialize request"))
            }
            session.lastUsed = Date()
            sessions[id] = session
            let response = await session.transport.handleRequest(request)
            if request.method.uppercased() == "DELETE", response.statusCode == 200 {
                sessions[id] = nil
                await session.server.stop()
            }
            return response
        }
        guard request.method.uppercased() == "POST", let body = request.body, Self.isInitialize(body) else {
            return .error(
                statusCode: 400,
                .invalidRequest("Bad Request: missing \(HTTPHeaderName.sessionID) header; a session starts with an initialize request (POST)"))
        }
        await evictIdle()
        let id = UUID().uuidString
        let transport = StatefulHTTPServerTransport(sessionIDGenerator: FixedSessionID(id: id), validationPipeline: Self.pipeline)
        let server = await makeServer()
        do {
            try await server.start(transport: transport)
        } catch {
            await server.stop()
            return .error(statusCode: 500, .internalError("the MCP session could not start: \(error)"))
        }
        sessions[id] = Session(server: server, transport: transport, lastUsed: Date())
        let response = await transport.handleRequest(request)
        if case .error = response {
            sessions[id] = nil
            await server.stop()
        }
        return response
    }

    /// Closes sessions idle for too long, then the least recently used ones beyond the limit.
    private func evictIdle() async {
        let now = Date()
        var stale = sessions.filter { now.timeIntervalSince($0.value.lastUsed) > idleTimeout }.map(\.key)
        let remaining = sessions.count - stale.count
        if remaining >= maxSessions {
            let byAge = sessions.filter { !stale.contains($0.key) }.sorted { $0.value.lastUsed < $1.value.lastUsed }
            stale += byAge.prefix(remaining - maxSessions + 1).map(\.key)
        }
        for id in stale {
            if let s = sessions.removeValue(forKey: id) { await s.server.stop() }
        }
    }

    /// Closes every session (their open streams end); later requests get 503.
    func closeAll() async {
        closed = true
        let all = sessions.values
        sessions.removeAll()
        for s in all { await s.server.stop() }
    }

    /// Whether a body is a JSON-RPC `initialize` request.
    static func isInitialize(_ body: Data) -> Bool {
        guard let o = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return false }
        return o["method"] as? String == "initialize" && o["id"] != nil
    }
}

/// Conversions between Hummingbird's requests and responses and the SDK's framework-neutral ones.
enum MCPHTTPBridge {
    /// The SDK's request for a Hummingbird request. The `Host` header is the request's authority
    /// (where Hummingbird keeps it), never a header of the same name.
    static func request(_ req: Request, maxBodySize: Int) async throws -> MCP.HTTPRequest {
        var headers: [String: String] = [:]
        for field in req.headers where field.name.canonicalName != "host" {
            let key = field.name.canonicalName
            headers[key] = headers[key].map { $0 + ", " + field.value } ?? field.value
        }
        if let authority = req.head.authority { headers[HTTPHeaderName.host] = authority }
        var body: Data? = nil
        if req.method == .post {
            body = Data(buffer: try await req.body.collect(upTo: maxBodySize))
        }
        return MCP.HTTPRequest(method: req.method.rawValue, headers: headers, body: body, path: req.uri.path)
    }

    /// The Hummingbird response for the SDK's response; SSE streams are written as they come.
    static func response(_ r: MCP.HTTPResponse) -> Response {
        var headers = HTTPFields()
        for (key, value) in r.headers {
            if let name = HTTPField.Name(key) { headers[name] = value }
        }
        let status = HTTPTypes.HTTPResponse.Status(code: r.statusCode)
        switch r {
        case .stream(let stream, _):
            return Response(
                status: status, headers: headers,
                body: ResponseBody { writer in
                    for try await chunk in stream { try await writer.write(ByteBuffer(bytes: chunk)) }
                    try await writer.finish(nil)
                })
        default:
            let body = r.bodyData.map { ResponseBody(byteBuffer: ByteBuffer(bytes: $0)) } ?? ResponseBody()
            return Response(status: status, headers: headers, body: body)
        }
    }
}
