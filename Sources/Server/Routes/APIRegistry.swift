import Foundation
import Hummingbird

/// A documented API route: what `/openapi.json` lists. Routes are registered through
/// ``APIRegistry`` so the document and the router cannot drift apart.
public struct DocumentedRoute: Sendable {
    public var method: String
    /// OpenAPI path, e.g. "/api/datasets/{id}".
    public var path: String
    public var summary: String
    public var tag: String
    public var query: [(name: String, description: String, required: Bool)]
    public var requestBody: String?
    public var response: String
}

final class APIRegistry: @unchecked Sendable {
    let router: Router<BasicRequestContext>
    private(set) var documented: [DocumentedRoute] = []

    init(router: Router<BasicRequestContext>) { self.router = router }

    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response

    private func routerPath(_ p: String) -> RouterPath {
        // "/api/datasets/{id}" → "api/datasets/:id"
        let parts = p.split(separator: "/").map { s -> String in
            s.hasPrefix("{") && s.hasSuffix("}") ? ":" + s.dropFirst().dropLast() : String(s)
        }
        return RouterPath(parts.joined(separator: "/"))
    }

    func add(_ method: HTTPRequest.Method, _ path: String, tag: String, summary: String, query: [(String, String, Bool)] = [],
             body: String? = nil, response: String = "JSON object", _ handler: @escaping Handler) {
        documented.append(DocumentedRoute(method: method.rawValue.lowercased(), path: path, summary: summary, tag: tag,
                                          query: query.map { (name: $0.0, description: $0.1, required: $0.2) }, requestBody: body, response: response))
        router.on(routerPath(path), method: method) { req, ctx in
            await handle { try await handler(req, ctx) }
        }
    }
}

enum OpenAPIDocument {
    static func make(_ routes: [DocumentedRoute]) -> String {
        var paths: [String: [String: Any]] = [:]
        for r in routes {
            var op: [String: Any] = ["summary": r.summary, "tags": [r.tag], "operationId": "\(r.method)\(r.path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: ""))"]
            var params: [[String: Any]] = []
            for seg in r.path.split(separator: "/") where seg.hasPrefix("{") {
                params.append(["name": String(seg.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]])
            }
            for q in r.query { params.append(["name": q.name, "in": "query", "required": q.required, "description": q.description, "schema": ["type": "string"]]) }
            if !params.isEmpty { op["parameters"] = params }
            if let b = r.requestBody {
                op["requestBody"] = ["required": true, "description": b,
                                     "content": ["application/json": ["schema": ["type": "object"]], "text/csv": ["schema": ["type": "string"]]]]
            }
            // The media type of the 200 answer: the description's first word when it is one ("text/event-stream …").
            let media = r.response.split(separator: " ").first.map(String.init).flatMap { $0.contains("/") ? $0 : nil } ?? "application/json"
            op["responses"] = [
                "200": ["description": r.response, "content": [media: ["schema": media == "application/json" ? ["type": "object"] : ["type": "string"]]]],
                "400": ["description": "Invalid input", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]],
                "404": ["description": "Not found", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]],
            ]
            paths[r.path, default: [:]][r.method] = op
        }
        let doc: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "Yuheng API", "version": "0.1.0",
                     "description": "Open, panoramic carbon accounting: inventories, input-output accounts, LCA, jobs. Errors are JSON {error: {code, message, field}}."],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": ["schemas": ["Error": [
                "type": "object",
                "properties": ["error": ["type": "object", "required": ["code", "message"],
                                         "properties": ["code": ["type": "string"], "message": ["type": "string"], "field": ["type": "string"]]]],
            ]]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
