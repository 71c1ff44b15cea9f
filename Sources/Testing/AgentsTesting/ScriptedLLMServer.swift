import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import YuhengAgents

/// Testing support shipped with Yuheng (as Hummingbird ships HummingbirdTesting): a scripted
/// OpenAI-compatible chat-completions server, for testing agents, the chat endpoint or your own
/// tools against the real wire protocol without a model.
///
/// ```swift
/// let llm = try ScriptedLLMServer([.toolCalls([.init("get_gwp", #"{"set":"AR6"}"#)]), .text("CH4 has a GWP of 27.0.")])
/// let config = LLMConfiguration(baseURL: llm.baseURL, model: "scripted")
/// // ... run the assistant; llm.requests holds what it sent
/// ```
///
/// A scripted OpenAI-compatible server speaking real HTTP/1.1 on loopback (POSIX sockets, one
/// thread per connection). It replays scripted replies in order — streamed as SSE when the request
/// asks for `stream: true`, as JSON otherwise — and records every request.
public final class ScriptedLLMServer: @unchecked Sendable {
    /// One scripted answer of the server, replayed in order for each chat-completions request.
    public enum Reply: Sendable {
        /// Tool calls: (name, raw argument text — may be malformed).
        case toolCalls([Call])
        /// A final text answer.
        case text(String)
        /// An HTTP error status with a body.
        case status(Int, String)
        /// Computed from the request body (e.g. quoting a tool result).
        case dynamic(@Sendable (JSON) -> Reply)
        /// Waits before replying (a slow or hung model).
        indirect case delayed(Double, Reply)
        /// Never answers: reads the request and keeps the connection open until the client closes it.
        case silent
        /// Answers 200 with headers (Content-Length 1,000,000), then one byte every `interval` seconds,
        /// never finishing (a stuck server that defeats idle timeouts).
        case trickle(interval: Double)
        /// Announces `contentLength` bytes (Content-Length) and sends filler until the client closes.
        case oversized(contentLength: Int)
        /// Sends filler without a Content-Length until the client closes the connection (at most 1 GB).
        case flood
    }
    /// A tool call the scripted model makes: the tool's name and its raw JSON argument text.
    public struct Call: Sendable {
        /// Name of the tool called, e.g. "get_gwp".
        public var name: String
        /// The argument text exactly as sent to the agent (may be deliberately malformed JSON).
        public var arguments: String
        /// A call of tool `name` with argument text `arguments`.
        public init(_ name: String, _ arguments: String) {
            self.name = name
            self.arguments = arguments
        }
    }
    /// A request the server received, recorded for assertions.
    public struct Recorded: Sendable {
        /// Request path, e.g. "/v1/chat/completions".
        public var path: String
        /// The decoded JSON request body (messages, tools, `stream`, ...).
        public var body: JSON
        /// The `Authorization` header as sent (e.g. "Bearer sk-..."); nil when absent.
        public var authorization: String?
    }

    private let lock = NSLock()
    private var replies: [Reply]
    private let fallback: Reply?
    private var recorded: [Recorded] = []
    private var listenFD: Int32 = -1
    /// The loopback TCP port the server listens on (chosen by the system at start).
    public private(set) var port: Int = 0
    private var callCounter = 0

    /// Starts listening on a free loopback port; `fallback` answers once `replies` run out (default: HTTP 500 "script exhausted").
    /// - Throws: a `POSIXError` when the socket cannot be created or bound.
    public init(_ replies: [Reply], fallback: Reply? = nil) throws {
        self.replies = replies
        self.fallback = fallback
        try start()
    }

    deinit { stop() }

    /// The OpenAI-compatible base URL to give ``LLMConfiguration``, e.g. "http://127.0.0.1:40123/v1".
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Every request received so far, in arrival order.
    public var requests: [Recorded] {
        lock.lock(); defer { lock.unlock() }
        return recorded
    }

    /// Scripted replies not yet consumed (0 once the script has been played through).
    public var remainingReplies: Int {
        lock.lock(); defer { lock.unlock() }
        return replies.count
    }

    private func start() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 32) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        listenFD = fd
        let t = Thread { [self] in
            while true {
                let c = accept(fd, nil, nil)
                // A signal (SIGCHLD of a test's child process) interrupts accept: retry. Any other
                // failure means stop() closed the socket.
                if c < 0 { if errno == EINTR { continue }; break }
                let h = Thread { [self] in self.handle(c) }
                h.start()
            }
        }
        t.start()
    }

    /// Closes the listening socket; later connections are refused. Called on deinit; safe to call twice.
    public func stop() {
        lock.lock()
        let fd = listenFD
        listenFD = -1
        lock.unlock()
        if fd >= 0 {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
    }

    private func nextReply(for body: JSON) -> Reply {
        lock.lock()
        var r: Reply
        if !replies.isEmpty { r = replies.removeFirst() } else { r = fallback ?? .status(500, "{\"error\":{\"message\":\"script exhausted\"}}") }
        lock.unlock()
        while true {
            if case .dynamic(let f) = r { r = f(body); continue }
            if case .delayed(let secs, let next) = r { usleep(useconds_t(secs * 1_000_000)); r = next; continue }
            return r
        }
    }

    private func nextCallID() -> String {
        lock.lock(); defer { lock.unlock() }
        callCounter += 1
        return "call_\(callCounter)"
    }

    private func handle(_ c: Int32) {
        defer { close(c) }
        guard let (path, headers, json) = readRequest(c) else { return }
        lock.lock()
        recorded.append(Recorded(path: path, body: json, authorization: headers["authorization"]))
        lock.unlock()
        respond(c, with: nextReply(for: json), stream: json["stream"]?.boolValue ?? false)
    }

    /// Reads one HTTP request: its path, headers (lower-cased names) and JSON body (null when not JSON); nil when the
    /// connection closes before the end of the headers.
    private func readRequest(_ c: Int32) -> (String, [String: String], JSON)? {
        var data = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int? = nil
        while headerEnd == nil {
            let n = recv(c, &buf, buf.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            data += buf[0..<n]
            if let r = find(data, [13, 10, 13, 10]) { headerEnd = r }
        }
        let head = String(decoding: data[0..<headerEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst()
        var headers: [String: String] = [:]
        for l in lines {
            if let i = l.firstIndex(of: ":") { headers[l[..<i].lowercased()] = l[l.index(after: i)...].trimmingCharacters(in: .whitespaces) }
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Array(data[(headerEnd! + 4)...])
        while body.count < length {
            let n = recv(c, &buf, buf.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            body += buf[0..<n]
        }
        let json = (try? JSON.parse(Data(body))) ?? .null
        let path = requestLine.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        return (path, headers, json)
    }

    /// Sends `reply` (as server-sent events when the request asked for a stream).
    private func respond(_ c: Int32, with reply: Reply, stream: Bool) {
        switch reply {
        case .status(let code, let text):
            send(
                c,
                "HTTP/1.1 \(code) Error\r\nContent-Type: application/json\r\nContent-Length: \(text.utf8.count)\r\nConnection: close\r\n\r\n\(text)")
        case .text(let t):
            if stream {
                sendSSE(c, textChunks(t))
            } else {
                sendCompletion(c, message: ["role": "assistant", "content": .string(t)], finishReason: "stop")
            }
        case .toolCalls(let calls):
            let withIDs = calls.map { (nextCallID(), $0) }
            if stream {
                sendSSE(c, toolChunks(withIDs))
            } else {
                let tc: [JSON] = withIDs.map { id, call in
                    ["id": .string(id), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments)]]
                }
                sendCompletion(c, message: ["role": "assistant", "content": .null, "tool_calls": .array(tc)], finishReason: "tool_calls")
            }
        case .silent:
            waitForClose(c)
        case .trickle(let interval):
            let type = stream ? "text/event-stream" : "application/json"
            guard send(c, "HTTP/1.1 200 OK\r\nContent-Type: \(type)\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n") else { return }
            while isRunning {
                usleep(useconds_t(max(0.001, interval) * 1_000_000))
                guard send(c, stream ? ":" : " ") else { return }
            }
        case .oversized(let length):
            let type = stream ? "text/event-stream" : "application/json"
            guard send(c, "HTTP/1.1 200 OK\r\nContent-Type: \(type)\r\nContent-Length: \(length)\r\nConnection: close\r\n\r\n") else { return }
            sendFiller(c, upTo: length)
        case .flood:
            let type = stream ? "text/event-stream" : "application/json"
            guard send(c, "HTTP/1.1 200 OK\r\nContent-Type: \(type)\r\nConnection: close\r\n\r\n") else { return }
            sendFiller(c, upTo: 1 << 30)
        case .dynamic, .delayed: break
        }
    }

    /// Sends a non-streamed chat completion with one choice.
    private func sendCompletion(_ c: Int32, message: JSON, finishReason: String) {
        sendJSON(
            c,
            [
                "id": "chatcmpl-1", "object": "chat.completion", "model": "scripted",
                "choices": [["index": 0, "message": message, "finish_reason": .string(finishReason)]],
                "usage": ["prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120]
            ])
    }

    private var isRunning: Bool {
        lock.lock(); defer { lock.unlock() }
        return listenFD >= 0
    }

    /// Blocks until the client closes the connection (or the server stops).
    private func waitForClose(_ c: Int32) {
        var buf = [UInt8](repeating: 0, count: 4096)
        while isRunning {
            var p = pollfd(fd: c, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, 200)
            if r < 0 { if errno == EINTR { continue }; return }
            if r == 0 { continue }
            let n = recv(c, &buf, buf.count, 0)
            if n == 0 || (n < 0 && errno != EINTR) { return }
        }
    }

    /// Filler bytes (spaces) in 64 KiB pieces until `limit` bytes, the client closes or the server stops.
    private func sendFiller(_ c: Int32, upTo limit: Int) {
        let piece = String(repeating: " ", count: 65_536)
        var sent = 0
        while sent < limit && isRunning {
            let part = limit - sent >= piece.utf8.count ? piece : String(repeating: " ", count: limit - sent)
            guard send(c, part) else { return }
            sent += part.utf8.count
        }
    }

    /// Text in word-sized deltas.
    private func textChunks(_ t: String) -> [JSON] {
        var out: [JSON] = [["choices": [["index": 0, "delta": ["role": "assistant", "content": ""]]]]]
        var piece = ""
        for ch in t {
            piece.append(ch)
            if ch == " " || piece.count > 12 { out.append(["choices": [["index": 0, "delta": ["content": .string(piece)]]]]); piece = "" }
        }
        if !piece.isEmpty { out.append(["choices": [["index": 0, "delta": ["content": .string(piece)]]]]) }
        out.append(["choices": [["index": 0, "delta": [:], "finish_reason": "stop"]]])
        out.append(["choices": [], "usage": ["prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120]])
        return out
    }

    /// Tool calls as OpenAI streams them: id and name first, then the arguments in fragments.
    private func toolChunks(_ calls: [(String, Call)]) -> [JSON] {
        var out: [JSON] = [["choices": [["index": 0, "delta": ["role": "assistant", "content": .null]]]]]
        for (i, (id, call)) in calls.enumerated() {
            out.append([
                "choices": [
                    [
                        "index": 0,
                        "delta": [
                            "tool_calls": [
                                [
                                    "index": .number(Double(i)), "id": .string(id), "type": "function",
                                    "function": ["name": .string(call.name), "arguments": ""]
                                ]
                            ]
                        ]
                    ]
                ]
            ])
            let a = Array(call.arguments)
            let size = max(1, a.count / 3 + 1)
            var k = 0
            while k < a.count {
                let frag = String(a[k..<min(a.count, k + size)])
                out.append([
                    "choices": [["index": 0, "delta": ["tool_calls": [["index": .number(Double(i)), "function": ["arguments": .string(frag)]]]]]]
                ])
                k += size
            }
        }
        out.append(["choices": [["index": 0, "delta": [:], "finish_reason": "tool_calls"]]])
        out.append(["choices": [], "usage": ["prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120]])
        return out
    }

    private func sendSSE(_ c: Int32, _ chunks: [JSON]) {
        send(c, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n")
        for ch in chunks {
            send(c, "data: \(ch.text())\n\n")
            usleep(500)
        }
        send(c, "data: [DONE]\n\n")
    }

    private func sendJSON(_ c: Int32, _ j: JSON) {
        let t = j.text()
        send(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(t.utf8.count)\r\nConnection: close\r\n\r\n\(t)")
    }

    /// Sends all of `s`; false when the client has gone.
    @discardableResult
    private func send(_ c: Int32, _ s: String) -> Bool {
        let bytes = Array(s.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBufferPointer { Glibc.send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            off += n
        }
        return true
    }

    private func find(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    /// The tool messages of a request (role "tool"), parsed.
    public static func toolMessages(_ body: JSON) -> [(name: String, payload: JSON)] {
        (body["messages"]?.arrayValue ?? []).compactMap { m in
            guard m["role"]?.stringValue == "tool", let c = m["content"]?.stringValue else { return nil }
            return (m["name"]?.stringValue ?? "", (try? JSON.parse(c)) ?? .string(c))
        }
    }
}
