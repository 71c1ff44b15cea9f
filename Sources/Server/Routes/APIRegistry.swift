import Foundation
import Hummingbird

/// A documented API route: what `/openapi.json` lists. Routes are registered through
/// ``APIRegistry`` so the document and the router cannot drift apart.
public struct DocumentedRoute: Sendable {
    /// HTTP method in lower case, as OpenAPI spells it ("get", "post", ...).
    public var method: String
    /// OpenAPI path, e.g. "/api/datasets/{id}".
    public var path: String
    /// One-line summary shown in the OpenAPI document.
    public var summary: String
    /// OpenAPI tag grouping the route (e.g. "mrio", "lca", "jobs").
    public var tag: String
    /// Query parameters: name, description and whether the parameter is required.
    public var query: [(name: String, description: String, required: Bool)]
    /// Name of the request body's schema; nil for a route without a body.
    public var requestBody: String?
    /// Name of the successful response's schema.
    public var response: String
    /// Media types of the request body.
    public var accepts: [String] = []
}

final class APIRegistry: @unchecked Sendable {
    let router: Router<BasicRequestContext>
    let index: RouteIndex
    private(set) var documented: [DocumentedRoute] = []

    init(router: Router<BasicRequestContext>, index: RouteIndex) {
        self.router = router
        self.index = index
    }

    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response

    private func routerPath(_ p: String) -> RouterPath {
        // "/api/datasets/{id}" → "api/datasets/:id"
        let parts = p.split(separator: "/").map { s -> String in
            s.hasPrefix("{") && s.hasSuffix("}") ? ":" + s.dropFirst().dropLast() : String(s)
        }
        return RouterPath(parts.joined(separator: "/"))
    }

    /// Registers a route. A route with a `body` accepts the media types `accepts` (JSON unless said
    /// otherwise): a body of another type — `text/plain`, the type a cross-site "simple" request may
    /// use without asking — is refused with 415 before the handler runs.
    func add(
        _ method: HTTPRequest.Method, _ path: String, tag: String, summary: String, query: [(String, String, Bool)] = [],
        body: String? = nil, accepts: [String] = ["application/json"], response: String = "JSON object", _ handler: @escaping Handler
    ) {
        documented.append(
            DocumentedRoute(
                method: method.rawValue.lowercased(), path: path, summary: summary, tag: tag,
                query: query.map { (name: $0.0, description: $0.1, required: $0.2) }, requestBody: body, response: response,
                accepts: body == nil ? [] : accepts))
        index.add(method, path)
        let checkType = body != nil
        router.on(routerPath(path), method: method) { req, ctx in
            if checkType, hasBody(req), !accepts.contains(mediaType(req)) {
                let given = mediaType(req)
                return APIError(
                    .unsupportedMediaType, code: "request.unsupportedMediaType",
                    "send the body as \(accepts.joined(separator: " or ")) (Content-Type header), not '\(given.isEmpty ? "no type" : given)'",
                    field: "Content-Type"
                ).response
            }
            return await handle { try await handler(req, ctx) }
        }
    }
}

enum OpenAPIDocument {
    static func make(_ routes: [DocumentedRoute]) -> String {
        var paths: [String: [String: Any]] = [:]
        for r in routes {
            var op: [String: Any] = [
                "summary": r.summary, "tags": [r.tag],
                "operationId":
                    "\(r.method)\(r.path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: ""))"
            ]
            var params: [[String: Any]] = []
            for seg in r.path.split(separator: "/") where seg.hasPrefix("{") {
                params.append(["name": String(seg.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]])
            }
            for q in r.query {
                params.append(["name": q.name, "in": "query", "required": q.required, "description": q.description, "schema": ["type": "string"]])
            }
            if !params.isEmpty { op["parameters"] = params }
            if let b = r.requestBody {
                var content: [String: Any] = [:]
                for type in r.accepts { content[type] = ["schema": ["type": type == "application/json" ? "object" : "string"]] }
                op["requestBody"] = ["required": true, "description": b, "content": content]
            }
            // The media type of the 200 answer: the description's first word when it is one ("text/event-stream …").
            let media = r.response.split(separator: " ").first.map(String.init).flatMap { $0.contains("/") ? $0 : nil } ?? "application/json"
            op["responses"] = [
                "200": [
                    "description": r.response, "content": [media: ["schema": media == "application/json" ? ["type": "object"] : ["type": "string"]]]
                ],
                "400": ["description": "Invalid input", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]],
                "404": ["description": "Not found", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]],
                "503": [
                    "description": "Busy: too many requests are being computed; try again after Retry-After seconds",
                    "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]
                ]
            ]
            paths[r.path, default: [:]][r.method] = op
        }
        let doc: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "Yuheng API", "version": "0.1.0",
                "description":
                    "Open, panoramic carbon accounting: inventories, input-output accounts, LCA, jobs. Errors are JSON {error: {code, message, field}}."
            ],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": [
                "schemas": [
                    "Error": [
                        "type": "object",
                        "properties": [
                            "error": [
                                "type": "object", "required": ["code", "message"],
                                "properties": ["code": ["type": "string"], "message": ["type": "string"], "field": ["type": "string"]]
                            ]
                        ]
                    ]
                ]
            ]
        ]
        let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
