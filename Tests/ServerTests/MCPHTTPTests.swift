import Foundation
import Testing
import YuhengAgents

/// A minimal MCP client over Streamable HTTP: JSON-RPC messages in POST bodies, answers read from
/// the SSE stream of the response, the session id carried in `Mcp-Session-Id`. (The swift-sdk's
/// own HTTP client does not read SSE answers on Linux.)
final class MCPHTTPClient {
    let client: HTTPClient
    let protocolVersion = "2025-06-18"
    var session: String?
    private var nextID = 1

    init(_ client: HTTPClient) { self.client = client }

    struct Answer {
        var http: HTTPResult
        /// The JSON-RPC message of the SSE stream (nil for notifications and errors).
        var message: [String: Any]?
        var result: [String: Any]? { message?["result"] as? [String: Any] }
    }

    /// POSTs a request (with an id) or a notification (`notification: true`).
    func send(_ method: String, _ params: [String: Any] = [:], notification: Bool = false, headers extra: [String: String] = [:]) async throws
        -> Answer
    {
        var message: [String: Any] = ["jsonrpc": "2.0", "method": method, "params": params]
        if !notification {
            message["id"] = nextID
            nextID += 1
        }
        var headers = ["Accept": "application/json, text/event-stream"]
        if let session { headers["Mcp-Session-Id"] = session }
        if method != "initialize" { headers["MCP-Protocol-Version"] = protocolVersion }
        for (k, v) in extra { headers[k] = v }
        let r = try await client.send(
            "POST", "/mcp", body: try JSONSerialization.data(withJSONObject: message), contentType: "application/json", headers: headers)
        if method == "initialize", let id = r.headers.first(where: { $0.key.lowercased() == "mcp-session-id" })?.value { session = id }
        let messages = serverSentEvents(r.text).compactMap { $0.data as? [String: Any] }
        return Answer(http: r, message: messages.first { $0["id"] != nil })
    }

    func initialize(headers: [String: String] = [:]) async throws -> Answer {
        try await send(
            "initialize",
            [
                "protocolVersion": protocolVersion, "capabilities": [String: Any](),
                "clientInfo": ["name": "yuheng-server-tests", "version": "1.0"]
            ], headers: headers)
    }
}

@Suite("MCP over HTTP at /mcp", .timeLimit(.minutes(10)))
struct MCPHTTPTests {
    @Test("initialize, tools/list and tools/call over HTTP; DELETE ends the session")
    func session() async throws {
        let server = try await SharedServer.shared.get()
        let mcp = MCPHTTPClient(server.client)

        let initialized = try await mcp.initialize()
        #expect(initialized.http.status == 200, "\(initialized.http.text.prefix(300))")
        #expect(initialized.http.contentType.hasPrefix("text/event-stream"))
        let session = try #require(mcp.session, "no Mcp-Session-Id header")
        let info = try #require(initialized.result, "no JSON-RPC result in \(initialized.http.text.prefix(300))")
        #expect((info["serverInfo"] as? [String: Any])?["name"] as? String == "yuheng")
        #expect(info["protocolVersion"] as? String == mcp.protocolVersion)
        #expect(((info["capabilities"] as? [String: Any])?["tools"]) != nil)

        let notified = try await mcp.send("notifications/initialized", notification: true)
        #expect(notified.http.status == 202)

        let listed = try await mcp.send("tools/list")
        #expect(listed.http.status == 200)
        let tools = try #require(listed.result?["tools"] as? [[String: Any]], "\(listed.http.text.prefix(300))")
        #expect(Set(tools.compactMap { $0["name"] as? String }) == Set(YuhengTools.registry().names))
        let gwpTool = try #require(tools.first { $0["name"] as? String == "get_gwp" })
        #expect((gwpTool["annotations"] as? [String: Any])?["readOnlyHint"] as? Bool == true)

        // The tool's answer equals the REST API's value for the same question.
        let called = try await mcp.send("tools/call", ["name": "get_gwp", "arguments": ["gases": ["CH4"], "set": "AR5"]])
        #expect(called.http.status == 200)
        let result = try #require(called.result, "\(called.http.text.prefix(300))")
        #expect(result["isError"] as? Bool != true)
        let content = try #require((result["content"] as? [[String: Any]])?.first)
        #expect(content["type"] as? String == "text")
        let payload = try JSON.parse(try #require(content["text"] as? String))
        let viaMCP = try #require(payload["result"]?["gwp"]?["CH4"]?.doubleValue, "\(payload)")
        let rest = try await server.client.get("/api/gwp", ["set": "AR5"]).object()
        let viaREST = try #require(number((rest["values"] as? [String: Any])?["CH4"]))
        #expect(viaMCP == viaREST)
        #expect(((result["structuredContent"] as? [String: Any])?["result"]) != nil)

        // The session's stream of server-initiated messages opens (it stays open: read its head only).
        let stream = try await RawHTTP.send(
            port: server.port, "GET", "/mcp",
            headers: [
                ("Host", "127.0.0.1:\(server.port)"), ("Accept", "text/event-stream"), ("Mcp-Session-Id", session)
            ], headOnly: true)
        #expect(stream.status == 200)
        #expect(stream.headers["content-type"]?.hasPrefix("text/event-stream") == true)

        let deleted = try await server.client.send("DELETE", "/mcp", headers: ["Mcp-Session-Id": session])
        #expect(deleted.status == 200)
        let after = try await mcp.send("tools/list")
        #expect(after.http.status == 404, "a deleted session still answers: \(after.http.status)")

        // Without a session, only initialize is accepted.
        let stranger = MCPHTTPClient(server.client)
        #expect(try await stranger.send("tools/list").http.status == 400)
    }

    @Test("A forged Host header or a foreign Origin is refused (DNS-rebinding protection)")
    func hostAndOrigin() async throws {
        let server = try await SharedServer.shared.get()
        let port = server.port
        let initialize = try JSONSerialization.data(withJSONObject: [
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": ["protocolVersion": "2025-06-18", "capabilities": [String: Any](), "clientInfo": ["name": "t", "version": "1"]]
        ])
        func post(_ headers: [(String, String)]) async throws -> RawHTTP.Reply {
            try await RawHTTP.send(
                port: port, "POST", "/mcp",
                headers: headers + [("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream")],
                body: initialize)
        }

        // The server's own loopback names are accepted (the positive control of the refusals below).
        for host in ["127.0.0.1:\(port)", "localhost:\(port)"] {
            let ok = try await post([("Host", host)])
            #expect(ok.status == 200, "Host \(host): \(ok.status) \(ok.text.prefix(200))")
            #expect(ok.headers["mcp-session-id"] != nil)
        }
        // Another name (a DNS-rebound one), another port, a second Host header, no Host at all.
        for headers in [
            [("Host", "evil.example:\(port)")], [("Host", "attacker.test")], [("Host", "127.0.0.1:\(port == 65535 ? 1 : port + 1)")],
            [("Host", "127.0.0.1:\(port)"), ("Host", "evil.example")], []
        ] {
            let refused = try await post(headers)
            #expect(refused.status == 421 || refused.status == 400, "\(headers): \(refused.status)")
            #expect(refused.headers["mcp-session-id"] == nil, "\(headers): a session was created")
            if refused.status == 421 {
                let error = try JSONSerialization.jsonObject(with: refused.body) as? [String: Any]
                #expect((error?["error"] as? [String: Any])?["code"] as? String == "request.invalidHost")
            }
        }

        // Origins: the server's own pages are accepted, any other site (and the opaque "null") is refused.
        let mcp = MCPHTTPClient(server.client)
        let own = try await mcp.initialize(headers: ["Origin": "http://127.0.0.1:\(port)"])
        #expect(own.http.status == 200)
        for origin in ["http://evil.example", "http://127.0.0.1.evil.example:\(port)", "https://127.0.0.1:\(port + 1)", "null"] {
            let foreign = try await MCPHTTPClient(server.client).initialize(headers: ["Origin": origin])
            #expect(foreign.http.status == 403, "Origin \(origin): \(foreign.http.status)")
            #expect(try foreign.http.apiError().code == "request.forbiddenOrigin")
            #expect(foreign.http.headers.keys.allSatisfy { $0.lowercased() != "mcp-session-id" })
        }
        // The chat endpoint has the same protection.
        let chat = try await server.client.send(
            "POST", "/api/chat", body: try JSONSerialization.data(withJSONObject: ["message": "hello"]),
            contentType: "application/json", headers: ["Origin": "http://evil.example"])
        #expect(chat.status == 403)
        #expect(try chat.apiError().code == "request.forbiddenOrigin")
    }

    @Test("With an API token, /mcp needs it too")
    func token() async throws {
        let token = "mcp-\(UUID().uuidString)"
        let server = try await RunningServer.start(databasePath: try TemplateDatabase.copy("mcp-token"), token: token, clientToken: token)
        defer { Task { await server.stop() } }
        let anonymous = MCPHTTPClient(HTTPClient(base: server.client.base, token: nil))
        let refused = try await anonymous.initialize()
        #expect(refused.http.status == 401)
        #expect(try refused.http.apiError().code == "auth.tokenRequired")
        let mcp = MCPHTTPClient(server.client)
        let ok = try await mcp.initialize()
        #expect(ok.http.status == 200)
        #expect((ok.result?["serverInfo"] as? [String: Any])?["name"] as? String == "yuheng")
        await server.stop()
    }
}
