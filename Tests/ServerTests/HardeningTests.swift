import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif
import Testing
import YuhengServices
import YuhengCore
import YuhengData
import YuhengLCA
@testable import YuhengServer

// Issue 14 (server): inputs with bounds, job parameters checked at submission, errors that explain,
// Host/Origin/Content-Type checks on every route, the token, connections (HTTP/1.0, timeouts, a
// limit), a server that stays responsive under slow requests, and the caches behind the load goals.

/// Starts a server with its own database and a configuration of the test's own.
func startServer(
    _ name: String, token: String? = nil, clientToken: String? = nil,
    configure: (inout ServerConfiguration) -> Void = { _ in }
) async throws -> RunningServer {
    let path = try TemplateDatabase.copy(name)
    let reports = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("agent-output").path
    var config = ServerConfiguration(host: "127.0.0.1", port: 0, databasePath: path, token: token, llm: .disabled, agentOutputDirectory: reports)
    config.cache = ServiceCache(capacity: 4 << 30) // a cold start, as a new server process has
    configure(&config)
    let server = try YuhengServer(configuration: config)
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let task = Task {
        defer { continuation.finish() }
        try await server.run { port in continuation.yield(port) }
    }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next(), port > 0 else { throw TestFailure("the server stopped before listening: \(await task.result)") }
    return RunningServer(server: server, port: port, task: task, token: clientToken)
}

/// A plain TCP connection to the server for what HTTP clients hide: HTTP/1.0, half-sent requests,
/// idle connections, whether and when the server closes. Blocking calls run on their own thread.
final class RawSocket: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init(port: Int) throws {
        self.port = port
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        while true {
            let r = withUnsafePointer(to: &addr) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if r == 0 || errno == EISCONN { break }
            guard errno == EINTR || errno == EALREADY || errno == EINPROGRESS else { close(fd); throw TestFailure("connect: errno \(errno)") }
            usleep(1000)
        }
    }

    deinit { close(fd) }

    var host: String { "127.0.0.1:\(port)" }

    /// Sends text; false when the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBufferPointer { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Reads what arrives within `timeout` seconds (or until the server closes); `closed` tells which.
    func read(for timeout: Double, untilClosed: Bool = true, stopWhen: ((Data) -> Bool)? = nil) -> (data: Data, closed: Bool) {
        var data = Data()
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let stopWhen, stopWhen(data) { return (data, false) }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return (data, false) }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, Int32(min(left, 1) * 1000))
            if r < 0 && errno == EINTR { continue }
            if r <= 0 { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return (data, true) } // EOF or reset: the server closed
            data.append(contentsOf: buffer[0..<n])
            if !untilClosed && stopWhen == nil { return (data, false) }
        }
    }

    func readAsync(for timeout: Double, stopWhen: (@Sendable (Data) -> Bool)? = nil) async throws -> (data: Data, closed: Bool) {
        try await OwnThread.run { self.read(for: timeout, stopWhen: stopWhen) }
    }
}

/// Whether `data` holds `count` complete HTTP responses with a Content-Length each.
func completeResponses(_ data: Data, count: Int) -> Bool {
    let text = String(decoding: data, as: UTF8.self)
    var rest = Substring(text), found = 0
    while let head = rest.range(of: "\r\n\r\n") {
        let headers = rest[..<head.lowerBound].lowercased()
        guard let l = headers.range(of: "content-length:") else { return false }
        let length = Int(headers[l.upperBound...].prefix { $0 != "\r" }.trimmingCharacters(in: .whitespaces)) ?? 0
        let body = rest[head.upperBound...]
        guard body.utf8.count >= length else { return false }
        found += 1
        rest = Substring(String(decoding: Array(body.utf8).dropFirst(length), as: UTF8.self))
    }
    return found >= count
}

@Suite("Hardening: inputs with bounds (issue 14, items 1 and 17)", .timeLimit(.minutes(10)))
struct InputBoundsTests {
    @Test("top=-1 and other bad counts are 400 naming the field; the server keeps answering")
    func counts() async throws {
        let c = try await SharedServer.client
        for (path, field, values) in [
            ("/api/panorama/CHN", "top", ["-1", "0", "101", "abc", "99999999999999999999", "1e3", "2.5"]),
            ("/api/mrio/transfers", "top", ["-1", "0", "-9223372036854775808", "x"]),
            ("/api/factors", "limit", ["-5", "abc", "501"]),
            ("/api/lca/search", "limit", ["-1", "0", "many"])
        ] {
            for v in values {
                var query = [field: v]
                if path != "/api/panorama/CHN" && path != "/api/mrio/transfers" { query["q"] = "coal" }
                let r = try await c.get(path, query)
                #expect(r.status == 400, "\(path)?\(field)=\(v): \(r.status) \(r.text.prefix(200))")
                let e = try r.apiError()
                #expect(e.field == field && e.code == "request.invalidParameter", "\(path)?\(field)=\(v): \(e)")
                #expect(e.message.contains(field))
            }
        }
        // still alive, and valid values work
        #expect(try await c.get("/api/health").status == 200)
        #expect(try await c.get("/api/panorama/CHN", ["top": "3"]).status == 200)
        let flows = try await c.get("/api/mrio/transfers", ["top": "10000"]).object()["flows"] as? [Any]
        #expect(flows?.count == 41 * 40)
        let trends = try await c.get("/trends", ["top": "-3"])
        #expect(trends.status == 400 && trends.text.contains("top"))
    }

    @Test("amount=nan, inf, 1e300 or text is a 400 on amount (not lca.singular); results are checked finite")
    func amounts() async throws {
        let c = try await SharedServer.client
        for v in ["nan", "NaN", "inf", "-inf", "1e300", "abc", "0x1p2000"] {
            let r = try await c.get("/api/lca/contributions", ["process": APITests.coalPlant, "amount": v])
            #expect(r.status == 400, "amount=\(v): \(r.text.prefix(200))")
            let e = try r.apiError()
            #expect(e.field == "amount" && e.code == "request.invalidParameter", "amount=\(v): \(e)")
        }
        for v: Any in [1e300, -1e13, "3"] {
            let r = try await c.postJSON("/api/lca/calculate", ["process": APITests.coalPlant, "amount": v])
            #expect(r.status == 400, "amount \(v): \(r.text.prefix(200))")
            #expect(try r.apiError().field == "amount")
        }
        #expect(try await c.get("/api/lca/contributions", ["process": APITests.coalPlant, "amount": "2"]).status == 200)
        // A result that is not finite is refused where it is encoded, naming where it is.
        struct Result: Encodable { let rows: [Double] }
        let error = #expect(throws: APIError.self) { _ = try JSONResponse.encode(Result(rows: [1, .nan])) }
        #expect(error?.code == "result.notFinite")
        #expect(error?.field == "rows[1]")
        #expect(throws: APIError.self) { _ = try JSONResponse.encode(["x": Double.infinity]) }
    }
}

@Suite("Hardening: job parameters are checked at submission (item 2)", .timeLimit(.minutes(10)))
struct JobParameterTests {
    @Test("Overflowing, mistyped, unknown or out-of-range parameters are 400 naming the field; nothing is queued")
    func refused() async throws {
        let c = try await SharedServer.client
        let cases: [(String, Any, String)] = [
            ("wait", ["seconds": 1e300], "params.seconds"),
            ("wait", ["seconds": -1], "params.seconds"),
            ("wait", ["seconds": "x"], "params.seconds"),
            ("wait", [String: Any](), "params.seconds"),
            ("wait", ["secnds": 1], "params.secnds"),
            ("wait", "notobject", "params"),
            ("wait", [1, 2], "params"),
            ("lca-montecarlo", ["process": "9b3ead68", "iterations": 1e300], "params.iterations"),
            ("lca-montecarlo", ["process": "9b3ead68", "iterations": 1.5], "params.iterations"),
            ("lca-montecarlo", ["process": "9b3ead68", "iterations": 0], "params.iterations"),
            ("lca-montecarlo", ["process": "9b3ead68", "seed": -1], "params.seed"),
            ("lca-montecarlo", ["process": "9b3ead68", "default_gsd": 0.5], "params.default_gsd"),
            ("lca-montecarlo", ["process": "9b3ead68", "tasks": 0], "params.tasks"),
            ("lca-montecarlo", ["process": "9b3ead68", "bins": 100000], "params.bins"),
            ("lca-montecarlo", ["process": "9b3ead68", "allocation": "bogus"], "params.allocation"),
            ("lca-montecarlo", ["process": "9b3ead68", "lci": "no-such-lci"], "params.lci"),
            ("lca-montecarlo", ["process": "9b3ead68", "amount": true], "params.amount"),
            ("lca-montecarlo", ["process": ""], "params.process"),
            ("mrio-montecarlo", ["gsd": 1e300], "params.gsd"),
            ("mrio-series", ["years": [["label": "x", "table": "/etc/passwd"]]], "params.years[0].table"),
            ("mrio-series", ["years": [["label": "x"]]], "params.years[0].table"),
            ("lca-batch", ["items": [Any]()], "params.items"),
            ("lca-batch", ["items": [["process": "9b3ead68", "amount": "two"]]], "params.items[0].amount"),
            ("inventory", ["csv": "x", "gwp": "AR99"], "params.gwp"),
            ("lca-study", ["study": "title: x", "format": "xml"], "params.format")
        ]
        for (kind, params, field) in cases {
            let r = try await c.postJSON("/api/jobs", ["kind": kind, "params": params])
            #expect(r.status == 400, "\(kind) \(params): \(r.status) \(r.text.prefix(200))")
            let e = try r.apiError()
            #expect(e.field == field, "\(kind) \(params): \(e)")
            #expect(e.code == "job.invalidParams", "\(kind) \(params): \(e)")
            #expect(try r.object()["id"] == nil, "a refused submission got a job id")
        }
        let typo = try await c.postJSON("/api/jobs", ["kind": "wait", "params": ["secnds": 1]]).apiError()
        #expect(typo.message.contains("did you mean 'seconds'"), "\(typo.message)")
        // valid ones still go through
        let ok = try await c.postJSON("/api/jobs", ["kind": "wait", "params": ["seconds": 0]])
        #expect(ok.status == 202)
        let none = try await c.postJSON("/api/jobs", ["kind": "panorama"]) // no params at all: {}
        #expect(none.status == 202, "\(none.text.prefix(200))")
    }

    @Test("The Monte Carlo form refuses an overflowing iteration count with a 400 page (it used to trap converting it)")
    func form() async throws {
        let c = try await SharedServer.client
        let r = try await c.send(
            "POST", "/lca/montecarlo", body: Data("process=9b3ead68&iterations=1e300&seed=1".utf8), contentType: "application/x-www-form-urlencoded")
        #expect(r.status == 400)
        #expect(r.text.contains("iterations"))
        let seed = try await c.send(
            "POST", "/lca/montecarlo", body: Data("process=9b3ead68&iterations=10&seed=-4".utf8), contentType: "application/x-www-form-urlencoded")
        #expect(seed.status == 400 && seed.text.contains("seed"))
        #expect(try await c.get("/api/health").status == 200)
    }
}

@Suite("Hardening: errors that explain (item 16)", .timeLimit(.minutes(10)))
struct ErrorAnswerTests {
    @Test("POST /api/jobs with no body, invalid or deeply nested JSON is a 400 with the reason")
    func bodies() async throws {
        let c = try await SharedServer.client
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let deepInParams =
            #"{"kind":"wait","params":{"seconds":1,"x":"# + String(repeating: "{\"a\":", count: 1000) + "1" + String(repeating: "}", count: 1000)
            + "}}"
        for (body, code) in [
            ("", "request.emptyBody"), ("   ", "request.emptyBody"), ("{bad", "request.invalidJSON"), ("{\"kind\": wait}", "request.invalidJSON"),
            (deep, "request.tooDeep"), (deepInParams, "request.tooDeep"), ("[1]", "request.malformed"), ("42", "request.malformed")
        ] {
            let r = try await c.send("POST", "/api/jobs", body: Data(body.utf8), contentType: "application/json")
            #expect(r.status == 400, "\(body.prefix(30)): \(r.status) \(r.text.prefix(200))")
            let e = try r.apiError()
            #expect(e.code == code, "\(body.prefix(30)): \(e)")
            #expect(!e.message.contains("NSCocoaErrorDomain"), "\(e.message)")
        }
        for path in ["/api/lca/calculate", "/api/chat"] {
            let r = try await c.send("POST", path, body: Data("{bad".utf8), contentType: "application/json")
            let code = try r.apiError().code
            #expect(r.status == 400 && code == "request.invalidJSON", "\(path): \(r.text.prefix(200))")
        }
        let mistyped = try await c.postJSON("/api/lca/calculate", ["process": 5])
        #expect(mistyped.status == 400)
        #expect(try mistyped.apiError().field == "process")
    }

    @Test("Unknown routes are a JSON 404; a wrong method on a known path is a JSON 405 with Allow")
    func routes() async throws {
        let c = try await SharedServer.client
        for path in ["/api/nothing", "/nothing", "/api/jobs/x/nothing", "/api/panorama/CHN/extra"] {
            let r = try await c.get(path)
            #expect(r.status == 404, "\(path)")
            #expect(r.contentType.hasPrefix("application/json"), "\(path): \(r.contentType)")
            #expect(try r.apiError().code == "request.notFound", "\(path)")
        }
        for (method, path, allowed) in [
            ("DELETE", "/api/health", ["GET"]), ("POST", "/api/panorama", ["GET"]), ("PUT", "/api/jobs", ["GET", "POST"]),
            ("PATCH", "/api/jobs/abc", ["GET", "DELETE"]), ("POST", "/", ["GET"]), ("DELETE", "/inventory", ["GET", "POST"])
        ] {
            let r = try await c.send(method, path, body: method == "GET" ? nil : Data("{}".utf8), contentType: "application/json")
            #expect(r.status == 405, "\(method) \(path): \(r.status)")
            let e = try r.apiError()
            #expect(e.code == "request.methodNotAllowed", "\(method) \(path)")
            let allow = r.headers.first { $0.key.lowercased() == "allow" }?.value ?? ""
            for m in allowed {
                #expect(allow.contains(m), "\(method) \(path): Allow '\(allow)'")
                #expect(e.message.contains(m))
            }
        }
    }
}

@Suite("Hardening: Host, Origin, media types and security headers on every route (item 12)", .timeLimit(.minutes(10)))
struct CrossSiteTests {
    @Test("A foreign or missing Host is refused on every route, not only /mcp (DNS rebinding)")
    func host() async throws {
        let server = try await SharedServer.shared.get()
        let port = server.port
        for path in ["/api/health", "/api/panorama", "/api/jobs", "/", "/openapi.json", "/api/panorama/CHN?top=-1"] {
            for headers in [[("Host", "evil.example:\(port)")], [("Host", "127.0.0.1:\(port == 65535 ? 1 : port + 1)")], []] {
                let r = try await RawHTTP.send(port: port, "GET", path, headers: headers)
                #expect(r.status == 421, "\(path) \(headers): \(r.status)")
                #expect(r.text.contains("request.invalidHost"), "\(path)")
            }
            let ok = try await RawHTTP.send(port: port, "GET", path, headers: [("Host", "localhost:\(port)")])
            #expect(ok.status != 421, "\(path)")
        }
    }

    @Test("Cross-origin state-changing requests are refused; the server's own pages may post")
    func origin() async throws {
        let server = try await SharedServer.shared.get()
        let c = server.client
        let job = try JSONSerialization.data(withJSONObject: ["kind": "wait", "params": ["seconds": 0]])
        for headers in [
            ["Origin": "http://evil.example"], ["Origin": "null"], ["Origin": "http://127.0.0.1:\(server.port + 1)"], ["Sec-Fetch-Site": "cross-site"]
        ] {
            let r = try await c.send("POST", "/api/jobs", body: job, contentType: "application/json", headers: headers)
            #expect(r.status == 403, "\(headers): \(r.status) \(r.text.prefix(200))")
            #expect(try r.apiError().code == "request.forbiddenOrigin")
            let del = try await c.send("DELETE", "/api/jobs/whatever", headers: headers)
            #expect(del.status == 403, "DELETE \(headers)")
            let form = try await c.send(
                "POST", "/inventory", body: Data("csv=x".utf8), contentType: "application/x-www-form-urlencoded", headers: headers)
            #expect(form.status == 403, "form \(headers)")
        }
        let own = try await c.send(
            "POST", "/api/jobs", body: job, contentType: "application/json", headers: ["Origin": server.base, "Sec-Fetch-Site": "same-origin"])
        #expect(own.status == 202, "\(own.text.prefix(200))")
    }

    @Test("JSON bodies need application/json: a text/plain 'simple' cross-site POST is 415; CSV and forms keep their types")
    func mediaTypes() async throws {
        let c = try await SharedServer.client
        let job = Data(#"{"kind":"wait","params":{"seconds":0}}"#.utf8)
        for type in ["text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
            let r = try await c.send("POST", "/api/jobs", body: job, contentType: type)
            #expect(r.status == 415, "\(type): \(r.status)")
            #expect(try r.apiError().code == "request.unsupportedMediaType")
            let calc = try await c.send("POST", "/api/lca/calculate", body: Data(#"{"process":"x"}"#.utf8), contentType: type)
            #expect(calc.status == 415, "calculate \(type)")
        }
        let noType = try await c.send("POST", "/api/jobs", body: job)
        #expect(noType.status == 415, "no Content-Type: \(noType.status)")
        let csv = Data(try Paths.file("examples/inventory/ipcc-1.csv").utf8)
        #expect(try await c.send("POST", "/api/inventory", body: csv, contentType: "text/csv").status == 200)
        #expect(try await c.send("POST", "/api/inventory", body: csv, contentType: "text/plain").status == 415)
        let form = "csv=" + (String(decoding: csv, as: UTF8.self).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        #expect(try await c.send("POST", "/inventory", body: Data(form.utf8), contentType: "application/x-www-form-urlencoded").status == 200)
        #expect(try await c.send("POST", "/inventory", body: Data(form.utf8), contentType: "text/plain").status == 415)
    }

    @Test("Pages and API answers carry nosniff, frame denial, a referrer policy and a Content-Security-Policy")
    func headers() async throws {
        let c = try await SharedServer.client
        func header(_ r: HTTPResult, _ name: String) -> String { r.headers.first { $0.key.lowercased() == name.lowercased() }?.value ?? "" }
        for path in ["/", "/lca", "/chat", "/inventory", "/api/health", "/api/nothing"] {
            let r = try await c.get(path)
            #expect(header(r, "X-Content-Type-Options") == "nosniff", "\(path)")
            #expect(header(r, "X-Frame-Options") == "DENY", "\(path)")
            #expect(header(r, "Referrer-Policy") == "same-origin", "\(path)")
            let csp = header(r, "Content-Security-Policy")
            #expect(csp.contains("frame-ancestors 'none'"), "\(path): \(csp)")
            if r.contentType.hasPrefix("text/html") {
                #expect(
                    csp.contains("default-src 'self'") && csp.contains("connect-src 'self'") && csp.contains("form-action 'self'"), "\(path): \(csp)")
            } else {
                #expect(csp.contains("default-src 'none'"), "\(path): \(csp)")
            }
        }
    }
}

@Suite("Hardening: the API token (item 13)", .timeLimit(.minutes(10)))
struct TokenTests {
    @Test("The token is accepted only in the Authorization header, not as ?token=")
    func headerOnly() async throws {
        let token = "tok-\(UUID().uuidString)"
        let server = try await startServer("token-header", token: token, clientToken: token)
        defer { Task { await server.stop() } }
        let c = server.client
        let query = try await c.get("/api/health", ["token": token], authorize: false)
        #expect(query.status == 401, "?token= was accepted")
        #expect(try query.apiError().message.contains("Authorization: Bearer"))
        #expect(try await c.get("/api/health").status == 200)
        #expect(try await c.get("/api/health", authorize: false, headers: ["Authorization": "bearer \(token)"]).status == 200)
        #expect(try await c.get("/api/health", authorize: false, headers: ["Authorization": "Bearer \(token)x"]).status == 401)
        #expect(try await c.get("/api/health", authorize: false, headers: ["Authorization": "Bearer \(token.dropLast())"]).status == 401)
    }

    @Test("Tokens shorter than 16 characters, white space only or with spaces are refused at start, before the database is opened")
    func weakTokens() throws {
        let db = Paths.newFolder("weak-token").appendingPathComponent("never.sqlite").path
        for (token, code) in [
            (" ", "config.invalidToken"), (String(repeating: " ", count: 20), "config.invalidToken"), ("short", "config.tokenTooShort"),
            ("fifteen-chars!!", "config.tokenTooShort"), ("has a space in the token", "config.invalidToken"),
            ("line\nbreak-token-123", "config.invalidToken")
        ] {
            for host in ["127.0.0.1", "0.0.0.0"] {
                let error = #expect(throws: APIError.self, "'\(token)' on \(host)") {
                    _ = try YuhengServer(configuration: ServerConfiguration(host: host, port: 0, databasePath: db, token: token))
                }
                #expect(error?.code == code, "'\(token)': \(String(describing: error))")
                #expect(error?.message.contains("16") == true || code == "config.invalidToken")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: db), "the database was opened although the configuration is refused")
        #expect(throws: Never.self) { try ServerConfiguration(host: "0.0.0.0", token: "0123456789abcdef").validate() }
    }
}

@Suite("Hardening: connections (item 11)", .timeLimit(.minutes(10)))
struct ConnectionTests {
    @Test("HTTP/1.0 without keep-alive is answered and closed; with keep-alive it stays open; HTTP/1.1 keeps alive")
    func http10() async throws {
        let server = try await SharedServer.shared.get()
        let s = try RawSocket(port: server.port)
        s.send("GET /api/health HTTP/1.0\r\nHost: \(s.host)\r\n\r\n")
        let (data, closed) = try await s.readAsync(for: 30)
        let text = String(decoding: data, as: UTF8.self)
        #expect(closed, "an HTTP/1.0 connection was left open after the response")
        #expect(text.hasPrefix("HTTP/1.0 200"), "\(text.prefix(100))")
        #expect(text.contains("\"status\":\"ok\""))

        let k = try RawSocket(port: server.port)
        k.send("GET /api/health HTTP/1.0\r\nHost: \(k.host)\r\nConnection: keep-alive\r\n\r\n")
        let first = try await k.readAsync(for: 30, stopWhen: { completeResponses($0, count: 1) })
        #expect(!first.closed && String(decoding: first.data, as: UTF8.self).lowercased().contains("connection: keep-alive"))
        k.send("GET /api/health HTTP/1.0\r\nHost: \(k.host)\r\n\r\n")
        let second = try await k.readAsync(for: 30)
        #expect(second.closed && String(decoding: second.data, as: UTF8.self).hasPrefix("HTTP/1.0 200"))

        let h = try RawSocket(port: server.port)
        h.send("GET /api/health HTTP/1.1\r\nHost: \(h.host)\r\n\r\n")
        let one = try await h.readAsync(for: 30, stopWhen: { completeResponses($0, count: 1) })
        #expect(!one.closed)
        h.send("GET /api/health HTTP/1.1\r\nHost: \(h.host)\r\nConnection: Close\r\n\r\n")
        let two = try await h.readAsync(for: 30)
        #expect(two.closed, "'Connection: Close' did not close")
        #expect(String(decoding: two.data, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
    }

    @Test("A request head that trickles in is cut at the header timeout (408); silent connections at the idle timeout")
    func timeouts() async throws {
        let server = try await startServer("timeouts") {
            $0.connections = ConnectionLimits(headerTimeout: .seconds(1), idleTimeout: .seconds(2), maxConnections: 512)
        }
        defer { Task { await server.stop() } }
        // Slow headers: one header line every 300 ms, for up to 30 s.
        let slow = try RawSocket(port: server.port)
        let start = Date()
        let cut: (data: Data, closed: Bool) = try await OwnThread.run {
            slow.send("GET /api/health HTTP/1.1\r\nHost: \(slow.host)\r\n")
            var got = Data()
            for i in 0..<100 {
                guard slow.send("X-Slow-\(i): x\r\n") else { break }
                let r = slow.read(for: 0.3, untilClosed: false)
                got += r.data
                if r.closed { return (got, true) }
            }
            let r = slow.read(for: 1)
            return (got + r.data, r.closed)
        }
        #expect(cut.closed, "a trickling request head was never cut")
        #expect(String(decoding: cut.data, as: UTF8.self).hasPrefix("HTTP/1.1 408"), "\(String(decoding: cut.data, as: UTF8.self).prefix(80))")
        #expect(Date().timeIntervalSince(start) < 25)

        // Idle: nothing sent at all, and idle after a response on a keep-alive connection.
        let silent = try RawSocket(port: server.port)
        #expect(try await silent.readAsync(for: 30).closed, "a silent connection was never closed")
        let idle = try RawSocket(port: server.port)
        idle.send("GET /api/health HTTP/1.1\r\nHost: \(idle.host)\r\n\r\n")
        let after = try await idle.readAsync(for: 30)
        #expect(after.closed && String(decoding: after.data, as: UTF8.self).hasPrefix("HTTP/1.1 200"))

        // Many half-sent requests are all closed, and the server answers meanwhile.
        let many = try (0..<60).map { _ in try RawSocket(port: server.port) }
        for s in many { s.send("GET /api/health HTTP/1.1\r\nHost: \(s.host)\r\nX-Partial: ") }
        #expect(try await server.client.get("/api/health").status == 200)
        let closed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for s in many { group.addTask { try await s.readAsync(for: 30).closed } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(closed == many.count, "\(many.count - closed) half-sent requests stayed open")
    }

    @Test("Beyond the connection limit a client waits until a connection closes")
    func connectionLimit() async throws {
        let server = try await startServer("conn-limit") {
            $0.connections = ConnectionLimits(headerTimeout: .seconds(60), idleTimeout: .seconds(120), maxConnections: 3)
        }
        defer { Task { await server.stop() } }
        let held = try (0..<3).map { _ in try RawSocket(port: server.port) }
        // Make sure the three are accepted (each answers a request and stays open).
        for s in held {
            s.send("GET /api/health HTTP/1.1\r\nHost: \(s.host)\r\n\r\n")
            let r = try await s.readAsync(for: 30, stopWhen: { completeResponses($0, count: 1) })
            #expect(!r.closed && String(decoding: r.data, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        }
        let fourth = try RawSocket(port: server.port)
        fourth.send("GET /api/health HTTP/1.1\r\nHost: \(fourth.host)\r\nConnection: close\r\n\r\n")
        let waiting = try await fourth.readAsync(for: 1.5)
        #expect(waiting.data.isEmpty, "a fourth connection was served beyond the limit of 3")
        held[0].send("GET /api/health HTTP/1.1\r\nHost: \(held[0].host)\r\nConnection: close\r\n\r\n")
        #expect(try await held[0].readAsync(for: 30).closed)
        let served = try await fourth.readAsync(for: 60)
        #expect(String(decoding: served.data, as: UTF8.self).hasPrefix("HTTP/1.1 200"), "the waiting client was not served after a connection closed")
    }
}

/// Requests that take seconds on a fresh server (MRIO solves, the LCI technosphere).
let slowRequests: [(path: String, query: [String: String])] = [
    ("/api/mrio/series", [:]), ("/api/panorama", ["year": "2009"]), ("/api/panorama/CHN", [:]), ("/api/mrio/accounts", [:])
]

@Suite("Hardening: slow requests do not starve the server (item 5)", .timeLimit(.minutes(10)))
struct ResponsivenessTests {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [(String, Date)] = []
        func mark(_ what: String) { lock.withLock { events.append((what, Date())) } }
        func time(_ what: String) -> Date? { lock.withLock { events.first { $0.0 == what }?.1 } }
        var all: [(String, Date)] { lock.withLock { events } }
    }

    @Test("/api/health answers while slow requests are computed (before the first of them finishes)")
    func health() async throws {
        let server = try await startServer("responsive") { $0.maxConcurrentRequests = 2 }
        defer { Task { await server.stop() } }
        let c = server.client
        let clock = Clock()
        let health = try await withThrowingTaskGroup(of: Int.self) { group in
            for (path, query) in slowRequests {
                group.addTask {
                    let r = try await c.send("GET", path, query: query)
                    clock.mark("slow")
                    return r.status
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            let h = try await c.get("/api/health")
            clock.mark("health")
            let statuses = try await group.reduce(into: [Int]()) { $0.append($1) }
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
            return h
        }
        #expect(health.status == 200)
        let healthAt = try #require(clock.time("health")), firstSlow = try #require(clock.time("slow"))
        #expect(healthAt < firstSlow, "health answered \(healthAt.timeIntervalSince(firstSlow)) s after the first slow request finished")
    }

    @Test("Beyond the threads and the queue a request is answered 503 with Retry-After at once")
    func busy() async throws {
        let server = try await startServer("busy") {
            $0.maxConcurrentRequests = 1
            $0.maxQueuedRequests = 1
        }
        defer { Task { await server.stop() } }
        let c = server.client
        let results = try await withThrowingTaskGroup(of: HTTPResult.self) { group in
            for (path, query) in slowRequests { group.addTask { try await c.send("GET", path, query: query) } }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await c.get("/api/health").status == 200)
            return try await group.reduce(into: [HTTPResult]()) { $0.append($1) }
        }
        let refused = results.filter { $0.status == 503 }
        #expect(refused.count >= 1, "statuses: \(results.map(\.status))")
        #expect(results.allSatisfy { $0.status == 200 || $0.status == 503 }, "statuses: \(results.map(\.status))")
        for r in refused {
            #expect(r.headers.first { $0.key.lowercased() == "retry-after" }?.value == "2")
            #expect(try r.apiError().code == "server.busy")
        }
        for (path, query) in slowRequests { #expect(try await c.get(path, query).status == 200, "\(path) after the burst") }
    }

    @Test("A request waiting for a thread is dropped when its client disconnects")
    func disconnect() async throws {
        let server = try await startServer("disconnect") {
            $0.maxConcurrentRequests = 1
            $0.maxQueuedRequests = 8
        }
        defer { Task { await server.stop() } }
        let c = server.client
        func busy() async throws -> (computing: Int, waiting: Int) {
            let b = try await c.get("/api/health").object()["busy"] as? [String: Any] ?? [:]
            return (b["computing"] as? Int ?? -1, b["waiting"] as? Int ?? -1)
        }
        func until(_ what: String, _ ok: ((computing: Int, waiting: Int)) -> Bool) async throws -> (computing: Int, waiting: Int) {
            for _ in 0..<600 {
                let b = try await busy()
                if ok(b) { return b }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw TestFailure("the server never reached: \(what); last \(try await busy())")
        }
        let done = Clock()
        let long = Task {
            _ = try await c.get("/api/mrio/series"); done.mark("long")
        }
        _ = try await until("one request computing") { $0.computing == 1 }
        let client = try RawSocket(port: server.port)
        client.send("GET /api/panorama?year=2009 HTTP/1.1\r\nHost: \(client.host)\r\n\r\n")
        _ = try await until("one request waiting") { $0.waiting == 1 }
        shutdown(client.fd, Int32(SHUT_RDWR))
        let after = try await until("the waiting request dropped") { $0.waiting == 0 }
        #expect(done.time("long") == nil && after.computing == 1, "the long request finished before the check; inconclusive: \(after)")
        _ = try await long.value
    }

    @Test("The work pool: waiting work of a client that went away never runs; beyond the queue it is refused")
    func pool() async throws {
        let work = BlockingWork(threads: 1, queueLimit: 1)
        let gate = DispatchSemaphore(value: 0)
        let ran = Clock()
        let first = Task {
            try await work.run {
                gate.wait(); return 1
            }
        }
        while work.active < 1 { try await Task.sleep(for: .milliseconds(5)) }
        let client = ClientConnection()
        let second = Task {
            try await ClientConnection.$current.withValue(client) {
                try await work.run {
                    ran.mark("second"); return 2
                }
            }
        }
        while work.waiting < 1 { try await Task.sleep(for: .milliseconds(5)) }
        // the queue is full: a third is refused at once
        let third = await #expect(throws: APIError.self) { _ = try await work.run { 3 } }
        #expect(third?.status == .serviceUnavailable && third?.retryAfter != nil)
        client.markGone()
        await #expect(throws: CancellationError.self) { _ = try await second.value }
        gate.signal()
        #expect(try await first.value == 1)
        #expect(ran.time("second") == nil, "work of a client that went away ran")
        #expect(work.waiting == 0)
        #expect(try await work.run { 4 } == 4)
    }
}

@Suite("Load: deterministic answers are cached (country pages, LCA unit results)", .timeLimit(.minutes(10)))
struct LoadCacheTests {
    @Test("POST /api/lca/calculate scales a cached unit result: the same numbers as a direct calculation at that amount")
    func scaledCalculation() async throws {
        let server = try await SharedServer.shared.get()
        let c = server.client
        // (the technosphere is built on a thread of its own: never block the cooperative pool the server shares)
        let state = server.server.state
        let (calc, method) = try await OwnThread.run {
            (try state.calculator(), try ClimateMethod.named("ipcc-ar6-gwp100", library: try state.db.gwpLibrary()))
        }
        let column = try calc.column(forProcess: APITests.coalPlant)
        for amount in [3.0, -2.5, 1e-3, 0, 1e12] {
            let r = try await c.postJSON("/api/lca/calculate", ["process": APITests.coalPlant, "amount": amount])
            #expect(r.status == 200, "\(amount): \(r.text.prefix(200))")
            let o = try r.object()
            let direct = try await OwnThread.run { try calc.calculate(column: column, amount: amount, method: method, topN: 15) }
            #expect(number(o["amount"]) == amount)
            for (key, value) in [("total", direct.total), ("fossil_co2_kg", direct.fossilCO2Kg), ("ch4_fossil_kg", direct.ch4FossilKg)] {
                let got = try #require(number(o[key]), "\(key)")
                #expect(got == value || relativeDifference(got, value) < 1e-12, "\(amount) \(key): \(got) vs \(value)")
            }
            #expect(o["negative_scaling_entries"] as? Int == direct.negativeScalingEntries, "\(amount)")
            let top = (o["top_contributors"] as? [[String: Any]] ?? []).compactMap { $0["process_id"] as? String }
            #expect(top == direct.topContributors.map(\.processID), "\(amount)")
            let flows = (o["flow_contributions"] as? [[String: Any]] ?? []).count
            #expect(flows == direct.flowContributions.count, "\(amount)")
        }
        let cached = try server.server.state.services.lca.cachedCalculation(LCAService.Calculation(process: APITests.coalPlant, amount: 2))
        #expect(cached != nil, "the unit result is not cached")
    }

    @Test("A country page is cached by table, region and top: repeated answers are the same bytes, other parameters other answers")
    func countryPage() async throws {
        let c = try await SharedServer.client
        let a = try await c.get("/api/panorama/CHN", ["top": "7"])
        let b = try await c.get("/api/panorama/chn", ["top": "7"])
        #expect(a.status == 200 && a.body == b.body)
        let other = try await c.get("/api/panorama/CHN", ["top": "3"]).object()
        #expect((other["imports_from"] as? [Any])?.count == 3)
        #expect((try a.object()["imports_from"] as? [Any])?.count == 7)
        let y2009 = try await c.get("/api/panorama/CHN", ["top": "7", "year": "2009"]).object()
        #expect(y2009["year"] as? Int == 2009)
        #expect(try await c.get("/api/panorama/XYZ").status == 404)
    }
}
