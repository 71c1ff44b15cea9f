import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import YuhengCore
import YuhengData
import YuhengServer

// Real components only: every test talks HTTP over loopback to a `YuhengServer` started in this
// process on an ephemeral port, with its own database in a temporary folder.

enum Paths {
    /// The package root (three levels up from this file).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func file(_ relative: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent(relative), encoding: .utf8)
    }

    /// A fresh folder for this test process (folders of earlier runs whose process is gone are removed).
    static let scratch: URL = {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory
        let prefix = "yuheng-server-tests-"
        for name in (try? fm.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.hasPrefix(prefix) {
            if let pid = pid_t(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH {
                try? fm.removeItem(at: tmp.appendingPathComponent(name))
            }
        }
        let d = tmp.appendingPathComponent(prefix + "\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    static func newFolder(_ name: String) -> URL {
        let d = scratch.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A database with the bundled datasets, created once (3–5 s in debug) and copied for every server
/// so each test starts from a clean file without paying the installation again.
enum TemplateDatabase {
    private static let template: Result<String, any Error> = Result {
        let dir = Paths.scratch.appendingPathComponent("template")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("template.sqlite").path
        do {
            let db = try YuhengDatabase.open(path: path)   // creates, migrates, installs the bundled datasets
            _ = try db.datasets()
        }   // the pool closes here: SQLite checkpoints the WAL into the main file
        return path
    }

    /// A copy of the template in a new folder; returns the database path.
    static func copy(_ name: String) throws -> String {
        let src = try template.get()
        let dir = Paths.newFolder(name)
        let dst = dir.appendingPathComponent("yuheng.sqlite").path
        try FileManager.default.copyItem(atPath: src, toPath: dst)
        if FileManager.default.fileExists(atPath: src + "-wal") { try FileManager.default.copyItem(atPath: src + "-wal", toPath: dst + "-wal") }
        return dst
    }
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

    /// Starts `YuhengServer` on 127.0.0.1 with an ephemeral port and waits until it listens.
    static func start(databasePath: String, token: String? = nil, maxBodySize: Int = 4 << 20, maxConcurrentJobs: Int = 1,
                      clientToken: String? = nil) async throws -> RunningServer {
        let config = ServerConfiguration(host: "127.0.0.1", port: 0, databasePath: databasePath, token: token,
                                         maxBodySize: maxBodySize, maxConcurrentJobs: maxConcurrentJobs)
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
/// and the US LCI installed once for all of them.
actor SharedServer {
    static let shared = SharedServer()
    private var starting: Task<RunningServer, any Error>?

    func get() async throws -> RunningServer {
        if starting == nil {
            starting = Task {
                // Several jobs at a time so the job tests do not queue behind each other.
                try await RunningServer.start(databasePath: try TemplateDatabase.copy("shared"), maxConcurrentJobs: 3)
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
        guard let a = try json() as? [[String: Any]] else { throw TestFailure("HTTP \(status): expected a JSON array of objects, got \(text.prefix(300))") }
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

    func send(_ method: String, _ path: String, query: [String: String] = [:], body: Data? = nil, contentType: String? = nil,
              headers: [String: String] = [:], streamBody: Bool = false, authorize: Bool = true, timeout: Double = 300) async throws -> HTTPResult {
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
        guard r.status == 202, let id = try r.object()["id"] as? String else { throw TestFailure("job submission: HTTP \(r.status) \(r.text.prefix(300))") }
        return id
    }

    func job(_ id: String) async throws -> [String: Any] {
        let r = try await get("/api/jobs/\(id)")
        guard r.status == 200 else { throw TestFailure("GET /api/jobs/\(id): HTTP \(r.status) \(r.text.prefix(300))") }
        return try r.object()
    }

    /// Polls a job until `done` holds for it (or the time is up); returns its last record.
    @discardableResult
    func waitForJob(_ id: String, timeout: Double = 120, until done: ([String: Any]) -> Bool = { ["succeeded", "failed", "cancelled", "interrupted"].contains($0["status"] as? String ?? "") }) async throws -> [String: Any] {
        let start = Date()
        while true {
            let j = try await job(id)
            if done(j) { return j }
            if Date().timeIntervalSince(start) > timeout { throw TestFailure("job \(id) did not reach the expected state in \(timeout) s; last: \(j)") }
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

func relativeDifference(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(a), abs(b), 1e-300) }

/// Canonical JSON text of a value (for comparing two decoded objects).
func canonical(_ v: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: v, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
}
