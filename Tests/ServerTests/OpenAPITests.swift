import Foundation
import Testing

@Suite("OpenAPI document", .timeLimit(.minutes(10)))
struct OpenAPITests {
    /// Methods and paths the router serves through `api.add(...)`, read from the route files
    /// (Sources/Server/Routes/*.swift, one per area).
    static func registeredRoutes() throws -> Set<String> {
        let folder = Paths.packageRoot.appendingPathComponent("Sources/Server/Routes")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
        let source = try files.map { try Paths.file("Sources/Server/Routes/" + $0) }.joined(separator: "\n")
        let pattern = try Regex(#"api\.add\(\s*\.(\w+)\s*,\s*"([^"]+)""#)
        return Set(
            source.matches(of: pattern).map { m in
                "\(String(m.output[1].substring ?? "").uppercased()) \(m.output[2].substring ?? "")"
            })
    }

    @Test("/openapi.json is OpenAPI 3.1.0 and documents exactly the routes of Sources/Server/Routes")
    func documentMatchesRouter() async throws {
        let c = try await SharedServer.client
        let r = try await c.get("/openapi.json")
        #expect(r.status == 200)
        #expect(r.contentType.hasPrefix("application/json"))
        let doc = try r.object()
        #expect(doc["openapi"] as? String == "3.1.0")
        #expect(((doc["info"] as? [String: Any])?["title"] as? String)?.isEmpty == false)
        let paths = try #require(doc["paths"] as? [String: [String: Any]])

        var documented = Set<String>()
        var operationIDs: [String] = []
        for (path, ops) in paths {
            for (method, op) in ops {
                documented.insert("\(method.uppercased()) \(path)")
                let op = op as? [String: Any] ?? [:]
                operationIDs.append(op["operationId"] as? String ?? "")
                #expect((op["summary"] as? String)?.isEmpty == false, "\(method) \(path) has no summary")
                #expect((op["responses"] as? [String: Any])?["200"] != nil, "\(method) \(path) documents no 200 response")
                // Every {parameter} of the path is declared as a path parameter.
                let declared = Set(
                    ((op["parameters"] as? [[String: Any]]) ?? []).filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String })
                let inPath = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
                #expect(declared == inPath, "\(method) \(path): path parameters \(declared) vs \(inPath)")
            }
        }
        #expect(Set(operationIDs).count == operationIDs.count, "operationIds are not unique")

        let registered = try Self.registeredRoutes()
        #expect(registered.count >= 20, "read \(registered.count) api.add calls from Sources/Server/Routes")
        #expect(
            registered == documented,
            "served but undocumented: \(registered.subtracting(documented).sorted()); documented but not served: \(documented.subtracting(registered).sorted())"
        )
    }

    @Test("Every documented operation answers (not 404/405, no server error) with sensible inputs")
    func everyOperationAnswers() async throws {
        let c = try await SharedServer.client
        let doc = try await c.get("/openapi.json").object()
        let paths = try #require(doc["paths"] as? [String: [String: Any]])

        // An existing, finished job for the /api/jobs/{id}… operations.
        let jobID = try await c.submitJob("wait", ["seconds": 0.1])
        let job = try await c.waitForJob(jobID, timeout: 300)
        #expect(job["status"] as? String == "succeeded")

        // A finished lca-study job for the report downloads.
        let studyID = try await c.submitJob("lca-study", ["study": try Paths.file("examples/lca/us-grid-electricity.yaml")])
        #expect(try await c.waitForJob(studyID, timeout: 300)["status"] as? String == "succeeded")
        // An MCP session for the /mcp operations (POST starts another one).
        let mcp = MCPHTTPClient(c)
        #expect(try await mcp.initialize().http.status == 200)
        let session = try #require(mcp.session)
        let mcpHeaders = ["Accept": "application/json, text/event-stream", "Mcp-Session-Id": session]

        let pathValues = ["id": jobID, "region": "CHN"]
        let pathValuesByTemplate = ["/api/jobs/{id}/report.md": ["id": studyID], "/api/jobs/{id}/report.html": ["id": studyID]]
        let datasetID = "gwp"
        let queryValues: [String: [String: String]] = [
            "/api/factors": ["q": "natural gas"],
            "/api/lca/search": ["q": "electricity coal"],
            "/api/lca/contributions": ["process": APITests.coalPlant],
            "/api/mrio/sda": ["from": "2005", "to": "2011"]
        ]
        let csv = try Paths.file("examples/inventory/ipcc-1.csv")
        let bodies: [String: (Data, String)] = [
            "/api/inventory": (Data(csv.utf8), "text/csv"),
            "/api/lca/calculate": (try JSONSerialization.data(withJSONObject: ["process": APITests.coalPlant]), "application/json"),
            "/api/jobs": (try JSONSerialization.data(withJSONObject: ["kind": "wait", "params": ["seconds": 0]]), "application/json"),
            "/api/chat": (
                try JSONSerialization.data(withJSONObject: ["message": "Which datasets are there?", "agent": "natural"]), "application/json"
            ),
            "/mcp": (
                try JSONSerialization.data(withJSONObject: [
                    "jsonrpc": "2.0", "id": 1, "method": "initialize",
                    "params": [
                        "protocolVersion": mcp.protocolVersion, "capabilities": [String: Any](),
                        "clientInfo": ["name": "openapi-test", "version": "1"]
                    ]
                ]), "application/json"
            )
        ]
        // Headers an operation needs (MCP: the Accept types; the session for GET and DELETE).
        let headers: [String: [String: String]] = [
            "POST /mcp": ["Accept": "application/json, text/event-stream"],
            "GET /mcp": mcpHeaders,
            "DELETE /mcp": mcpHeaders
        ]

        // DELETE last: it acts on the job the other operations read.
        let order = ["get": 0, "post": 1, "put": 2, "patch": 3, "delete": 4]
        let operations = paths.flatMap { path, ops in ops.keys.map { (path, $0) } }.sorted { (order[$0.1] ?? 9, $0.0) < (order[$1.1] ?? 9, $1.0) }
        #expect(operations.count >= 20)
        for (template, method) in operations {
            let op = (paths[template]?[method] as? [String: Any]) ?? [:]
            var path = template
            for seg in template.split(separator: "/") where seg.hasPrefix("{") {
                let name = String(seg.dropFirst().dropLast())
                let value = template.hasPrefix("/api/datasets/") ? datasetID : (pathValuesByTemplate[template]?[name] ?? pathValues[name])
                guard let value else { Issue.record("no sample value for path parameter \(name) of \(template)"); continue }
                path = path.replacingOccurrences(of: String(seg), with: value)
            }
            var query: [String: String] = [:]
            for p in (op["parameters"] as? [[String: Any]]) ?? [] where p["in"] as? String == "query" && p["required"] as? Bool == true {
                let name = p["name"] as? String ?? ""
                guard let v = queryValues[template]?[name] else {
                    Issue.record("no sample value for required query parameter \(name) of \(template)"); continue
                }
                query[name] = v
            }
            var body: Data?
            var type: String?
            if op["requestBody"] != nil {
                guard let b = bodies[template] else { Issue.record("no sample body for \(method.uppercased()) \(template)"); continue }
                (body, type) = b
            }
            let extra = headers["\(method.uppercased()) \(template)"] ?? [:]
            if method == "get", template == "/mcp" {
                // The session's event stream stays open: only its head is read.
                let port = try #require(c.base.port)
                let head = try await RawHTTP.send(
                    port: port, "GET", path, headers: [("Host", "127.0.0.1:\(port)")] + extra.map { ($0.key, $0.value) }, headOnly: true)
                #expect(head.status == 200, "GET \(path) → \(head.status)")
                #expect(head.headers["content-type"]?.hasPrefix("text/event-stream") == true)
                continue
            }
            let r = try await c.send(method.uppercased(), path, query: query, body: body, contentType: type, headers: extra)
            #expect(r.status != 404 && r.status != 405, "\(method.uppercased()) \(path) → \(r.status): \(r.text.prefix(300))")
            #expect(r.status < 500, "\(method.uppercased()) \(path) → \(r.status): \(r.text.prefix(300))")
            #expect((200..<300).contains(r.status), "\(method.uppercased()) \(path) → \(r.status): \(r.text.prefix(300))")
        }
    }
}
