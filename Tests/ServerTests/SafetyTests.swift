import Foundation
import Testing
import YuhengServer

@Suite("Safety: tokens and body limits", .timeLimit(.minutes(10)))
struct SafetyTests {
    @Test("Binding to a non-loopback address without a token is refused")
    func nonLoopbackNeedsToken() throws {
        let db = Paths.newFolder("refused").appendingPathComponent("never.sqlite").path
        for token in [nil, ""] as [String?] {
            let error = #expect(throws: APIError.self) {
                _ = try YuhengServer(configuration: ServerConfiguration(host: "0.0.0.0", port: 0, databasePath: db, token: token))
            }
            #expect(error?.code == "config.tokenRequired")
            #expect(error?.message.contains("0.0.0.0") == true)
        }
        #expect(!FileManager.default.fileExists(atPath: db), "the database was opened although the configuration is refused")
        #expect(ServerConfiguration(host: "127.0.0.1").isLoopback)
        #expect(ServerConfiguration(host: "::1").isLoopback)
        #expect(!ServerConfiguration(host: "0.0.0.0").isLoopback)
    }

    @Test("With a token every request needs 'Authorization: Bearer <token>'; bodies over maxBodySize are 413")
    func tokenAndBodyLimit() async throws {
        let token = "t0k3n-\(UUID().uuidString)"
        let server = try await RunningServer.start(
            databasePath: try TemplateDatabase.copy("token"), token: token, maxBodySize: 1024, clientToken: token)
        let c = server.client

        // Without a token, with a wrong one, with the right one.
        for path in ["/api/health", "/api/datasets", "/openapi.json", "/"] {
            let r = try await c.get(path, authorize: false)
            #expect(r.status == 401, "\(path)")
            #expect(r.contentType.hasPrefix("application/json"), "\(path)")
            #expect(try r.apiError().code == "auth.tokenRequired", "\(path)")
        }
        let wrong = try await c.get("/api/health", authorize: false, headers: ["Authorization": "Bearer wrong"])
        #expect(wrong.status == 401)
        let bare = try await c.get("/api/health", authorize: false, headers: ["Authorization": token])
        #expect(bare.status == 401, "the token without 'Bearer ' is not accepted")
        let ok = try await c.get("/api/health")
        #expect(ok.status == 200)
        #expect(try ok.object()["status"] as? String == "ok")
        #expect(try await c.get("/").status == 200)

        // A body within the limit works; larger ones are refused, with or without Content-Length.
        let csv = try Paths.file("examples/inventory/ipcc-1.csv")
        #expect(csv.utf8.count < 1024)
        let small = try await c.send("POST", "/api/inventory", body: Data(csv.utf8), contentType: "text/csv")
        #expect(small.status == 200, "\(small.text.prefix(300))")
        let big = Data((csv + String(repeating: "# padding padding padding\n", count: 80)).utf8)
        #expect(big.count > 1024)
        let tooLarge = try await c.send("POST", "/api/inventory", body: big, contentType: "text/csv")
        #expect(tooLarge.status == 413)
        #expect(try tooLarge.apiError().code == "request.tooLarge")
        let streamed = try await c.send("POST", "/api/inventory", body: big, contentType: "text/csv", streamBody: true)
        #expect(streamed.status == 413, "chunked body: \(streamed.text.prefix(300))")
        #expect(try streamed.apiError().code == "request.tooLarge")
        let job = try await c.send(
            "POST", "/api/jobs",
            body: try JSONSerialization.data(withJSONObject: ["kind": "inventory", "params": ["csv": String(decoding: big, as: UTF8.self)]]),
            contentType: "application/json")
        #expect(job.status == 413)
        // The server still answers afterwards.
        #expect(try await c.get("/api/health").status == 200)
        await server.stop()
    }

    @Test("Keep-alive connections: a request that leaves its body unread does not eat the next request's body or head")
    func keepAliveBodies() async throws {
        let c = try await SharedServer.client
        let csv = Data(try Paths.file("examples/inventory/ipcc-1.csv").utf8)
        // Several connections, each alternating requests that do not read their body (GET) with
        // ones that do (POST); URLSession reuses its connections.
        let failures = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var failures: [String] = []
                    for _ in 0..<25 {
                        let g = try await c.send("GET", "/api/health", timeout: 300)
                        if g.status != 200 { failures.append("GET \(g.status)") }
                        let p = try await c.send("POST", "/api/inventory", body: csv, contentType: "text/csv", timeout: 300)
                        if p.status != 200 { failures.append("POST \(p.status): \(p.text.prefix(160))") }
                    }
                    return failures
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(failures.isEmpty, "\(failures.count) of 200 requests failed: \(failures.prefix(3))")
    }
}
