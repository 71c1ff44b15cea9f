import Foundation
import Hummingbird

extension Request {
    func query(_ name: String) -> String? { uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 } }

    func bodyData(limit: Int = 4 << 20) async throws -> Data {
        let buffer = try await body.collect(upTo: limit)
        return Data(buffer: buffer)
    }

    /// The JSON body decoded as `T`: empty, invalid, too deep or mistyped bodies are 400s that say why.
    func decode<T: Decodable>(_ type: T.Type) async throws -> T {
        try JSONInput.decode(T.self, from: try await bodyData())
    }
}

extension Data {
    init(buffer: ByteBuffer) {
        var b = buffer
        self = b.readData(length: b.readableBytes) ?? Data()
    }
}

func required(_ req: Request, _ name: String, maxLength: Int = 2_000) throws -> String {
    guard let v = req.query(name) else {
        throw APIError(.badRequest, code: "request.missingParameter", "the query parameter '\(name)' is required", field: name)
    }
    guard v.count <= maxLength else {
        throw APIError(
            .badRequest, code: "request.invalidParameter", "the query parameter '\(name)' is \(v.count) characters long; the limit is \(maxLength)",
            field: name)
    }
    return v
}

/// An optional query parameter that, when given, is at most `maxLength` characters long.
func optional(_ req: Request, _ name: String, maxLength: Int) throws -> String? {
    guard let v = req.query(name) else { return nil }
    guard v.count <= maxLength else {
        throw APIError(
            .badRequest, code: "request.invalidParameter", "the query parameter '\(name)' is \(v.count) characters long; the limit is \(maxLength)",
            field: name)
    }
    return v
}

func pathParameter(_ ctx: BasicRequestContext, _ name: String) throws -> String {
    guard let v = ctx.parameters.get(name) else {
        throw APIError(.badRequest, code: "request.missingParameter", "missing path parameter \(name)", field: name)
    }
    return v
}

/// The JSON API, one file per area. Every handler only translates: it reads and checks the
/// request, calls ``ServerState/services`` (the use cases) on the server's threads, and encodes
/// the answer. `/openapi.json` documents exactly what is registered here (``APIRegistry``).
///
/// | area | file | paths |
/// |---|---|---|
/// | system | SystemRoutes.swift | `/api/health` |
/// | data | DataRoutes.swift | `/api/datasets`, `/api/factors`, `/api/gwp`, `/api/countries`, `/api/geometry` |
/// | inventory | InventoryRoutes.swift | `/api/inventory` |
/// | input-output and panorama | MRIORoutes.swift | `/api/panorama`, `/api/mrio/…` |
/// | LCA | LCARoutes.swift | `/api/lca/…` |
/// | jobs | JobRoutes.swift | `/api/jobs`, `/api/jobs/{id}…` |
/// | agents | AgentRoutes.swift | `/api/chat`, `/api/chat/test`, `/mcp` |
enum Routes {
    static func register(_ api: APIRegistry, state: ServerState, jobs: JobManager, agents: AgentEndpoints) {
        SystemRoutes.register(api, state: state, jobs: jobs)
        DataRoutes.register(api, state: state)
        InventoryRoutes.register(api, state: state)
        MRIORoutes.register(api, state: state)
        LCARoutes.register(api, state: state)
        JobRoutes.register(api, state: state, jobs: jobs)
        AgentRoutes.register(api, agents: agents)
    }
}

/// The optional `year` query parameter (a clear 400 when it is not a whole number).
func yearQuery(_ req: Request) throws -> Int? {
    guard let text = req.query("year"), !text.isEmpty else { return nil }
    guard let y = Int(text) else {
        throw APIError(.badRequest, code: "request.invalidYear", "the year '\(text.prefix(40))' is not a whole number", field: "year")
    }
    return y
}

extension Optional where Wrapped: Sendable {
    /// The value, or what `make` produces when there is none.
    func asyncOr(_ make: () async throws -> Wrapped) async throws -> Wrapped {
        if let v = self { return v }
        return try await make()
    }
}

extension JSONResponse {
    /// Encoded JSON bytes as an answer.
    static func json(_ data: Data) -> Response { bytes(data, type: "application/json; charset=utf-8") }
}
