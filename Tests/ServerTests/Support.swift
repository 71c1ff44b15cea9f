import Foundation
import YuhengAgentsTesting
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif
import Testing
import YuhengTestSupport
import YuhengAgents
import YuhengCore
import YuhengData
import YuhengServer
import YuhengServices

// Real components only: every test talks HTTP over loopback to a `YuhengServer` started in this
// process on an ephemeral port, with its own database in a temporary folder.

/// Paths of the server tests: thin names over YuhengTestSupport.
enum Paths {
    static var packageRoot: URL { TestPaths.packageRoot }

    static func file(_ relative: String) throws -> String {
        try String(contentsOf: TestPaths.package(relative), encoding: .utf8)
    }

    /// The test process's scratch folder (folders of earlier runs whose process is gone are removed).
    static var scratch: URL { ScratchFolder.root }

    static func newFolder(_ name: String) -> URL { ScratchFolder.newFolder(name) }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A database with the bundled datasets, created once (3–5 s in debug) and copied for every server
/// so each test starts from a clean file without paying the installation again.
enum TemplateDatabase {
    /// A copy of the template in a new folder; returns the database path.
    static func copy(_ name: String) throws -> String { try TestDatabase.copy(name) }
}

/// A server running in a task of this process.
final class RunningServer: Sendable {
    let server: YuhengServer
    let port: Int
    let task: Task<Void, any Error>
    let client: HTTPClient
    var base: String { "http://127.0.0.1:\(port)" }

    init(server: YuhengServer, port: Int, task: Task<Void, any Error>, token: String?) {
        self.server = server
        self.port = port
        self.task = task
        client = HTTPClient(base: URL(string: "http://127.0.0.1:\(port)")!, token: token)
    }

    /// Starts `YuhengServer` on 127.0.0.1 with an ephemeral port and waits until it listens. The chat
    /// has no model unless `llm` gives one (the developer's own configuration never leaks in).
    /// `cache` is the server's one cache (default: a new, empty one).
    static func start(
        databasePath: String, token: String? = nil, maxBodySize: Int = 4 << 20, maxConcurrentJobs: Int = 1,
        clientToken: String? = nil, llm: ServerConfiguration.LLMSource = .disabled,
        cache: ServiceCache = ServiceCache(capacity: 4 << 30)
    ) async throws -> RunningServer {
        let reports = URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("agent-output").path
        var config = ServerConfiguration(
            host: "127.0.0.1", port: 0, databasePath: databasePath, token: token,
            maxBodySize: maxBodySize, maxConcurrentJobs: maxConcurrentJobs, llm: llm, agentOutputDirectory: reports)
        config.cache = cache // a cold start, as a new server process has
        let server = try YuhengServer(configuration: config)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { continuation.finish() }
            try await server.run { port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            let outcome = await task.result
            throw TestFailure("the server stopped before listening: \(outcome)")
        }
        return RunningServer(server: server, port: port, task: task, token: clientToken)
    }

    /// Stops the server (cancels its task) and waits until it has shut down.
    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// One server for the suites that only read (API, OpenAPI, jobs, browser): the panorama is solved
/// and the US LCI installed once for all of them. Its chat has a model: a scripted one that answers
/// every request with a short text (the chat tests script their own).
actor SharedServer {
    static let shared = SharedServer()
    private var starting: Task<RunningServer, any Error>?

    /// The shared server's model.
    static let model: Result<ScriptedLLMServer, any Error> = Result {
        try ScriptedLLMServer([], fallback: .text("The shared test model has no data to answer with."))
    }

    func get() async throws -> RunningServer {
        if starting == nil {
            starting = Task {
                let model = try Self.model.get()
                let llm = LLMConfiguration(
                    baseURL: model.baseURL, model: "scripted", maxSteps: 2, timeoutSeconds: 120, wallClockSeconds: 300,
                    retries: 0, backoffSeconds: 0.05)
                // Several jobs at a time so the job tests do not queue behind each other.
                return try await RunningServer.start(
                    databasePath: try TemplateDatabase.copy("shared"), maxConcurrentJobs: 3, llm: .configuration(llm))
            }
        }
        return try await starting!.value
    }

    static var client: HTTPClient {
        get async throws { try await shared.get().client }
    }
}

/// An HTTP response.
struct HTTPResult: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var contentType: String { headers.first { $0.key.lowercased() == "content-type" }?.value ?? "" }

    func json() throws -> Any {
        do { return try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) } catch {
            throw TestFailure("HTTP \(status): the body is not JSON: \(text.prefix(300))")
        }
    }

    func object() throws -> [String: Any] {
        guard let o = try json() as? [String: Any] else { throw TestFailure("HTTP \(status): expected a JSON object, got \(text.prefix(300))") }
        return o
    }

    func array() throws -> [[String: Any]] {
        guard let a = try json() as? [[String: Any]] else {
            throw TestFailure("HTTP \(status): expected a JSON array of objects, got \(text.prefix(300))")
        }
        return a
    }

    /// The `{"error": {code, message, field}}` envelope.
    func apiError() throws -> (code: String, message: String, field: String?) {
        guard let e = try object()["error"] as? [String: Any], let code = e["code"] as? String, let message = e["message"] as? String else {
            throw TestFailure("HTTP \(status): not a JSON error envelope: \(text.prefix(300))")
        }
        return (code, message, e["field"] as? String)
    }
}

/// A small URLSession client for one server.
final class HTTPClient: Sendable {
    let base: URL
    let token: String?
    let session: URLSession

    init(base: URL, token: String?) {
        self.base = base
        self.token = token
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = 300
        config.timeoutIntervalForResource = 600
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: config)
    }

    func url(_ path: String, _ query: [String: String] = [:]) -> URL {
        var c = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        c.path = path
        if !query.isEmpty { c.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) } }
        return c.url!
    }

    func send(
        _ method: String, _ path: String, query: [String: String] = [:], body: Data? = nil, contentType: String? = nil,
        headers: [String: String] = [:], streamBody: Bool = false, authorize: Bool = true, timeout: Double = 300
    ) async throws -> HTTPResult {
        var r = URLRequest(url: url(path, query))
        r.httpMethod = method
        r.timeoutInterval = timeout
        if let body {
            if streamBody { r.httpBodyStream = InputStream(data: body) } else { r.httpBody = body }
        }
        if let contentType { r.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if authorize, let token { r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await session.data(for: r)
        guard let http = response as? HTTPURLResponse else { throw TestFailure("\(method) \(path): not an HTTP response") }
        var h: [String: String] = [:]
        for (k, v) in http.allHeaderFields { h["\(k)"] = "\(v)" }
        return HTTPResult(status: http.statusCode, headers: h, body: data)
    }

    func get(_ path: String, _ query: [String: String] = [:], authorize: Bool = true, headers: [String: String] = [:]) async throws -> HTTPResult {
        try await send("GET", path, query: query, headers: headers, authorize: authorize)
    }

    func postJSON(_ path: String, _ object: Any, query: [String: String] = [:]) async throws -> HTTPResult {
        try await send("POST", path, query: query, body: try JSONSerialization.data(withJSONObject: object), contentType: "application/json")
    }

    // MARK: Jobs

    func submitJob(_ kind: String, _ params: [String: Any]) async throws -> String {
        let r = try await postJSON("/api/jobs", ["kind": kind, "params": params])
        guard r.status == 202, let id = try r.object()["id"] as? String else {
            throw TestFailure("job submission: HTTP \(r.status) \(r.text.prefix(300))")
        }
        return id
    }

    func job(_ id: String) async throws -> [String: Any] {
        let r = try await get("/api/jobs/\(id)")
        guard r.status == 200 else { throw TestFailure("GET /api/jobs/\(id): HTTP \(r.status) \(r.text.prefix(300))") }
        return try r.object()
    }

    /// Polls a job until `done` holds for it (or the time is up); returns its last record.
    @discardableResult
    func waitForJob(
        _ id: String, timeout: Double = 120,
        until done: ([String: Any]) -> Bool = { ["succeeded", "failed", "cancelled", "interrupted"].contains($0["status"] as? String ?? "") }
    ) async throws -> [String: Any] {
        let start = Date()
        while true {
            let j = try await job(id)
            if done(j) { return j }
            if Date().timeIntervalSince(start) > timeout {
                throw TestFailure("job \(id) did not reach the expected state in \(timeout) s; last: \(j)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Numbers from JSON (JSONSerialization gives NSNumber; Int and Double both accepted).
func number(_ v: Any?) -> Double? {
    if let d = v as? Double { return d }
    if let i = v as? Int { return Double(i) }
    if let n = v as? NSNumber { return n.doubleValue }
    return nil
}

/// |a − b| / max(|a|, |b|) (for the suites that do not import YuhengTestSupport themselves).
func relativeDifference(_ a: Double, _ b: Double) -> Double { YuhengTestSupport.relativeDifference(a, b) }

/// Canonical JSON text of a value (for comparing two decoded objects).
func canonical(_ v: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: v, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
}

/// HTTP/1.1 over a plain socket, for what URLSession does not do: send any `Host` header (or none),
/// and read only the head of a response whose body never ends (an SSE stream).
enum RawHTTP {
    struct Reply: Sendable {
        var status: Int
        /// Header names in lower case.
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends one request (with `Connection: close`) and reads the answer; `headOnly` stops after the
    /// status line and headers. Runs on its own thread (blocking sockets stay off the cooperative pool).
    static func send(
        port: Int, _ method: String, _ path: String, headers: [(String, String)], body: Data? = nil,
        headOnly: Bool = false, timeout: Double = 300
    ) async throws -> Reply {
        try await OwnThread.run { try exchange(port: port, method, path, headers: headers, body: body, headOnly: headOnly, timeout: timeout) }
    }

    private static func exchange(
        port: Int, _ method: String, _ path: String, headers: [(String, String)], body: Data?,
        headOnly: Bool, timeout: Double
    ) throws -> Reply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        // Signals (SIGCHLD of the processes other tests start) interrupt socket calls; with a receive
        // timeout set, Linux never restarts recv, so every call retries on EINTR within the deadline.
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let connected = withUnsafePointer(to: &addr) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if connected == 0 || errno == EISCONN { break }
            guard errno == EINTR || errno == EALREADY, Date() < deadline else {
                throw TestFailure("cannot connect to 127.0.0.1:\(port): errno \(errno)")
            }
            usleep(1000)
        }
        var head = "\(method) \(path) HTTP/1.1\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        let request = Array(head.utf8) + Array(body ?? Data())
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBufferPointer { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw TestFailure("send() failed: errno \(errno)") }
            sent += n
        }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int? = nil
        while true {
            if headerEnd == nil, let r = find(data, [13, 10, 13, 10]) {
                headerEnd = r
                if headOnly { break }
            }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR && Date() < deadline { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                throw TestFailure("no answer from 127.0.0.1:\(port) within \(timeout) s")
            }
            if n < 0 { throw TestFailure("recv() from 127.0.0.1:\(port) failed: errno \(errno)") }
            if n == 0 { break }
            data += buffer[0..<n]
        }
        guard let end = headerEnd ?? find(data, [13, 10, 13, 10]) else {
            throw TestFailure("no HTTP response head: \(String(decoding: data, as: UTF8.self).prefix(200))")
        }
        var lines = String(decoding: data[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
        var fields: [String: String] = [:]
        for l in lines {
            if let i = l.firstIndex(of: ":") { fields[l[..<i].lowercased()] = l[l.index(after: i)...].trimmingCharacters(in: .whitespaces) }
        }
        var content = headOnly ? [] : Array(data[(end + 4)...])
        if fields["transfer-encoding"]?.lowercased() == "chunked" { content = dechunk(content) }
        return Reply(status: status, headers: fields, body: Data(content))
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](), i = 0
        while let lineEnd = find(Array(bytes[i...]), [13, 10]).map({ $0 + i }) {
            let size = Int(String(decoding: bytes[i..<lineEnd], as: UTF8.self).split(separator: ";").first ?? "", radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { out += bytes[start...]; break }
            out += bytes[start..<(start + size)]
            i = start + size + 2
            if i >= bytes.count { break }
        }
        return out
    }

    private static func find(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}

/// Server-sent events of a response body: (event, data) pairs in order, data parsed as JSON when it is.
func serverSentEvents(_ text: String) -> [(event: String, data: Any)] {
    text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").compactMap { block in
        var event = "message", data: [String] = []
        for line in block.components(separatedBy: "\n") {
            if line.hasPrefix("event:") {
                event = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("data:") {
                data.append(String(line.dropFirst(5).drop { $0 == " " }))
            }
        }
        guard !data.isEmpty else { return nil }
        let joined = data.joined(separator: "\n")
        let parsed = (try? JSONSerialization.jsonObject(with: Data(joined.utf8), options: [.fragmentsAllowed])) ?? joined
        return (event, parsed)
    }
}
