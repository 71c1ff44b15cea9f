import Foundation
import HTTPTypes
import Hummingbird
import YuhengPages

/// The checks every request passes before its route, and the headers every answer gets:
///
/// 1. **Host** (DNS rebinding): bound to loopback, the `Host` must be this server's loopback
///    address and port (``OriginPolicy``), else 421 — on every route, not only `/mcp`.
/// 2. **Origin** (cross-site requests): an `Origin` header other than this server's own is refused
///    (403) on every route; a browser's `Sec-Fetch-Site: cross-site` on a state-changing request
///    (POST, PUT, PATCH, DELETE) too, for browsers that leave `Origin` out.
/// 3. **Token**: with an API token, `Authorization: Bearer <token>` (the header only: a token in
///    the URL ends up in logs and history), else 401.
/// 4. **Body size**: a declared or streamed body over the limit is 413.
/// 5. **Unknown routes** are a JSON 404 (an HTML page that says what exists for a browser outside
///    `/api/`), a known path with another method a JSON 405 with `Allow`.
/// 6. Every answer gets `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`,
///    `Referrer-Policy: same-origin`, `Cross-Origin-Resource-Policy: same-origin` and a
///    Content-Security-Policy (pages: only this server's own scripts, styles and connections).
struct RequestGuard: RouterMiddleware {
    typealias Context = BasicRequestContext
    let runtime: ServerRuntime
    let token: String?
    let maxBodySize: Int
    let routes: RouteIndex

    static let stateChanging: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = await respond(request, context: context, next: next)
        Self.addSecurityHeaders(&response)
        return response
    }

    private func respond(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async -> Response {
        if let e = runtime.originPolicy.check(request) { return e.response }
        if Self.stateChanging.contains(request.method), let site = request.headers[Self.secFetchSite]?.lowercased(), site == "cross-site" {
            return APIError(
                .forbidden, code: "request.forbiddenOrigin",
                "cross-site \(request.method.rawValue) requests are refused: only pages of this server may change anything on it",
                field: "Sec-Fetch-Site"
            ).response
        }
        if let token, !token.isEmpty {
            guard Self.bearerMatches(request.headers[.authorization], token: token) else {
                return APIError(
                    .unauthorized, code: "auth.tokenRequired",
                    "this server requires an API token: send the header 'Authorization: Bearer <token>' (a token in the URL is not accepted)"
                ).response
            }
        }
        if let len = request.headers[.contentLength].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), len > maxBodySize {
            return APIError(.contentTooLarge, code: "request.tooLarge", "the request body is \(len) bytes; the limit is \(maxBodySize)").response
        }
        var req = request
        req.body = .init(asyncSequence: request.body.limited(maxBodySize))
        do {
            return try await next(req, context)
        } catch let e as HTTPError where e.status == .notFound {
            let error = notFound(request)
            // A browser asking for a page gets a page that says what exists; programs (and /api/*) get JSON.
            if error.status == .notFound, Self.wantsPage(request) {
                return Page.html("Not found", .none, ErrorView.notFound(path: request.uri.path), status: .notFound)
            }
            return error.response
        } catch {
            return APIError.from(error).response
        }
    }

    /// 405 with the allowed methods when the path exists, else 404.
    func notFound(_ request: Request) -> APIError {
        let path = request.uri.path
        let allowed = routes.methods(for: path)
        if !allowed.isEmpty {
            return APIError(
                .methodNotAllowed, code: "request.methodNotAllowed",
                "\(request.method.rawValue) is not allowed on \(path); allowed: \(allowed.joined(separator: ", "))", allow: allowed)
        }
        return APIError(
            .notFound, code: "request.notFound",
            "there is no route \(request.method.rawValue) \(path.count > 200 ? String(path.prefix(200)) + "…" : path); the API is described at /openapi.json"
        )
    }

    /// Whether an unknown path should be answered with an HTML page: outside `/api/` and `/mcp`,
    /// for a client that asks for HTML before anything else (as browsers do), not `*/*`.
    static func wantsPage(_ request: Request) -> Bool {
        let path = request.uri.path
        guard !path.hasPrefix("/api/"), path != "/api", !path.hasPrefix("/mcp") else { return false }
        let first = (request.headers[.accept] ?? "").split(separator: ",").first.map {
            $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        }
        return first == "text/html" || first == "application/xhtml+xml"
    }

    /// `Authorization: Bearer <token>`, compared in constant time.
    static func bearerMatches(_ header: String?, token: String) -> Bool {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let given = Array(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8), expected = Array(token.utf8)
        var diff = UInt8(given.count == expected.count ? 0 : 1)
        for i in 0..<expected.count { diff |= expected[i] ^ (i < given.count ? given[i] : 0) }
        return diff == 0
    }

    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!

    /// The pages' policy: their inline scripts and styles (and inline event handlers) run, nothing
    /// is loaded from elsewhere, nothing is sent elsewhere, and no other site may frame them.
    static let pagePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    /// Everything else (JSON, SVG, downloads) runs nothing.
    static let dataPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox"

    static func addSecurityHeaders(_ response: inout Response) {
        var h = response.headers
        h[.xContentTypeOptions] = "nosniff"
        h[frameOptions] = "DENY"
        h[referrerPolicy] = "same-origin"
        h[.crossOriginResourcePolicy] = "same-origin"
        if h[.contentSecurityPolicy] == nil {
            let html = (h[.contentType] ?? "").lowercased().hasPrefix("text/html")
            let download = (h[.contentDisposition] ?? "").lowercased().hasPrefix("attachment")
            h[.contentSecurityPolicy] = html && !download ? pagePolicy : dataPolicy
        }
        response.headers = h
    }
}

/// Every route's path pattern and methods, for the 405 answers (registered next to the router).
final class RouteIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var routes: [(segments: [String], method: String)] = []

    /// Records a route; `path` as in the OpenAPI document ("/api/jobs/{id}") or the router ("/api/jobs/:id").
    func add(_ method: HTTPRequest.Method, _ path: String) {
        let segments = path.split(separator: "/").map { s -> String in
            (s.hasPrefix("{") && s.hasSuffix("}")) || s.hasPrefix(":") ? "*" : String(s)
        }
        lock.withLock {
            routes.append((segments, method.rawValue))
            if method == .get { routes.append((segments, HTTPRequest.Method.head.rawValue)) }
        }
    }

    /// The methods some route allows on `path` (empty when no route has that path).
    func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/").map(String.init)
        let all = lock.withLock { routes }
        var out: [String] = []
        for r in all where r.segments.count == parts.count && zip(r.segments, parts).allSatisfy({ $0 == "*" || $0 == $1 }) {
            if !out.contains(r.method) { out.append(r.method) }
        }
        let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
        return out.sorted { (order.firstIndex(of: $0) ?? 9) < (order.firstIndex(of: $1) ?? 9) }
    }
}

/// Registers the web pages (and other routes outside the API document) on the router and in the
/// route index.
struct PageRoutes {
    let router: Router<BasicRequestContext>
    let index: RouteIndex

    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response

    func get(_ path: String, _ handler: @escaping Handler) {
        index.add(.get, path)
        router.get(RouterPath(path), use: handler)
    }

    /// A form post: the body must be `multipart/form-data` or `application/x-www-form-urlencoded`.
    func postForm(_ path: String, _ handler: @escaping Handler) {
        index.add(.post, path)
        router.post(RouterPath(path)) { req, ctx in
            if hasBody(req), !["multipart/form-data", "application/x-www-form-urlencoded"].contains(mediaType(req)) {
                return APIError(
                    .unsupportedMediaType, code: "form.unsupportedType",
                    "send the form as multipart/form-data or application/x-www-form-urlencoded, not '\(mediaType(req))'", field: "Content-Type"
                ).response
            }
            return try await handler(req, ctx)
        }
    }
}
