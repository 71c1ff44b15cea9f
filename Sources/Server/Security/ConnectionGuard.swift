import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Limits of the server's connections (``ServerConfiguration``).
public struct ConnectionLimits: Sendable {
    /// A request's head (request line and headers) must arrive within this time once its first
    /// byte has (slow-header attacks); then the connection is closed with 408.
    public var headerTimeout: Duration
    /// A connection without a request in progress is closed after this time (also before its first
    /// request). Responses being computed or streamed are not cut.
    public var idleTimeout: Duration
    /// At most this many connections are open; further clients wait in the listen backlog until
    /// one closes.
    public var maxConnections: Int

    /// Limits with the defaults: 15 s for a request head, 60 s idle, 512 open connections.
    public init(headerTimeout: Duration = .seconds(15), idleTimeout: Duration = .seconds(60), maxConnections: Int = 512) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }
}

/// HTTP/1 with Yuheng's connection rules on top of Hummingbird's `HTTP1Channel` (which provides the
/// idle timeout):
///
/// - **HTTP/1.0** connections close after each response unless the request asks for
///   `Connection: keep-alive` (and the response has a length); the response says `HTTP/1.0`, so
///   streamed bodies are never chunked for a client that cannot read chunks;
/// - `Connection: close` in any spelling (`Close`, `close, TE`) closes after the response;
/// - the **header timeout** (``ConnectionLimits/headerTimeout``);
/// - the request's task knows its client (``ClientConnection``): work that waits for a thread is
///   dropped when the client goes away.
struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel
    let headerTimeout: TimeAmount
    let connections: ClientConnections

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ConnectionLimits) {
        let connections = ClientConnections()
        self.connections = connections
        self.headerTimeout = .nanoseconds(
            Int64(limits.headerTimeout.components.seconds) * 1_000_000_000 + limits.headerTimeout.components.attoseconds / 1_000_000_000)
        let idle = TimeAmount.nanoseconds(
            Int64(limits.idleTimeout.components.seconds) * 1_000_000_000 + limits.idleTimeout.components.attoseconds / 1_000_000_000)
        let wrapped: HTTPChannelHandler.Responder = { request, writer, channel in
            let client = connections[channel]
            defer { client?.requestFinished() }
            var w: ResponseWriter? = consume writer
            try await ClientConnection.$current.withValue(client) {
                try await responder(request, w.take()!, channel)
            }
        }
        base = HTTP1Channel(responder: wrapped, configuration: .init(idleTimeout: idle))
    }

    var responder: HTTPChannelHandler.Responder { base.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let timeout = headerTimeout
        let connections = self.connections
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let client = ClientConnection()
            connections[channel] = client
            channel.closeFuture.whenComplete { _ in
                client.markGone()
                connections[channel] = nil
            }
            let state = HeadState()
            let ops = channel.pipeline.syncOperations
            let codec = try ops.handler(type: HTTP1ToHTTPServerCodec.self)
            try ops.addHandler(HTTP1ConnectionRules(state: state, client: client), position: .before(codec))
            try ops.addHandler(HeaderTimeoutHandler(state: state, timeout: timeout), position: .first)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// The open connections' ``ClientConnection``s by channel.
final class ClientConnections: @unchecked Sendable {
    private let lock = NSLock()
    private var byChannel: [ObjectIdentifier: ClientConnection] = [:]

    subscript(channel: any Channel) -> ClientConnection? {
        get { lock.withLock { byChannel[ObjectIdentifier(channel)] } }
        set { lock.withLock { byChannel[ObjectIdentifier(channel)] = newValue } }
    }
}

/// Whether the connection waits for a request head (shared by the two handlers of a channel; both
/// run on its event loop).
final class HeadState {
    /// Requests whose head arrived and whose response has not ended.
    var inProgress = 0
    var timer: Scheduled<Void>?
    var timedOut = false
}

/// Starts the header timer when the first byte of a request arrives; closes the connection with
/// 408 when the head is not complete in time. Sits before the HTTP decoder (raw bytes).
final class HeaderTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let state: HeadState
    let timeout: TimeAmount

    init(state: HeadState, timeout: TimeAmount) {
        self.state = state
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if state.timedOut { return }
        if state.inProgress == 0 && state.timer == nil {
            let ctx = context.loopBound
            let state = self.state
            state.timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                state.timer = nil
                guard state.inProgress == 0 else { return }
                state.timedOut = true
                let c = ctx.value
                let reply = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
                let body = #"{"error":{"code":"request.headerTimeout","message":"the request head did not arrive in time"}}"#
                var buffer = c.channel.allocator.buffer(capacity: 200)
                buffer.writeString(reply + "\(body.utf8.count)\r\n\r\n" + body)
                c.writeAndFlush(NIOAny(buffer), promise: nil)
                c.close(promise: nil)
            }
        }
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        state.timer?.cancel()
        state.timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.timer?.cancel()
        state.timer = nil
        context.fireChannelInactive()
    }
}

/// HTTP/1.0 and `Connection: close` semantics, between the HTTP/1 decoder and the conversion to
/// HTTP types (where the version is still known); tells the header timer when heads arrive and
/// responses end, and the client's record when its side closes.
final class HTTP1ConnectionRules: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    struct Pending { var version: HTTPVersion; var keepAlive: Bool; var close = false }
    let state: HeadState
    let client: ClientConnection
    private var pending: [Pending] = []

    init(state: HeadState, client: ClientConnection) {
        self.state = state
        self.client = client
    }

    static func tokens(_ headers: HTTPHeaders) -> [String] {
        headers[canonicalForm: "connection"].map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard case .head(var head) = part else {
            context.fireChannelRead(data)
            return
        }
        state.inProgress += 1
        state.timer?.cancel()
        state.timer = nil
        let tokens = Self.tokens(head.headers)
        let keepAlive = head.version.major == 1 && head.version.minor == 0 ? tokens.contains("keep-alive") : !tokens.contains("close")
        pending.append(Pending(version: head.version, keepAlive: keepAlive))
        if !keepAlive {
            // Hummingbird closes after the response when the request says exactly "close".
            head.headers.replaceOrAdd(name: "connection", value: "close")
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response):
            guard !pending.isEmpty else { context.write(data, promise: promise); return }
            var p = pending[0]
            let hasLength = response.headers.contains(name: "content-length")
            if p.version.major == 1 && p.version.minor == 0 {
                response.version = .http1_0
                if p.keepAlive && hasLength {
                    response.headers.replaceOrAdd(name: "connection", value: "keep-alive")
                } else {
                    p.close = true
                }
            } else if !p.keepAlive {
                p.close = true
            }
            if p.close { response.headers.replaceOrAdd(name: "connection", value: "close") }
            pending[0] = p
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            let close = pending.first?.close ?? false
            if !pending.isEmpty { pending.removeFirst() }
            state.inProgress = max(0, state.inProgress - 1)
            if close {
                context.writeAndFlush(data, promise: promise)
                context.close(promise: nil)
            } else {
                context.write(data, promise: promise)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let e = event as? ChannelEvent, e == .inputClosed { client.markGone() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        client.markGone()
        context.fireChannelInactive()
    }
}
