import Foundation
import Hummingbird

/// `POST /api/inventory`: a production-based inventory of an activity file.
enum InventoryRoutes {
    static func register(_ api: APIRegistry, state: ServerState) {
        api.add(
            .post, "/api/inventory", tag: "inventory", summary: "Production-based inventory (IPCC 2006 Tier 1) of an activity file",
            query: [("gwp", "GWP set (default AR5)", false)], body: "activity CSV as text/csv, or JSON {csv, gwp}",
            accepts: ["text/csv", "application/json"]
        ) { req, _ in
            let (csv, gwp) = try await input(req)
            let inventory = state.services.inventory
            return try await state.work.run { JSONResponse.make(try inventory.compute(csv: csv, fileName: "request", gwp: gwp)) }
        }
    }

    struct JSONBody: Decodable { let csv: String; let gwp: String? }

    /// The activity file and the GWP set: CSV as text/csv (GWP from the query), or JSON {csv, gwp}.
    static func input(_ req: Request) async throws -> (csv: String, gwp: String) {
        let data = try await req.bodyData()
        let gwp = req.query("gwp") ?? "AR5"
        if mediaType(req) == "application/json" {
            let i = try JSONInput.decode(JSONBody.self, from: data)
            return (i.csv, i.gwp ?? gwp)
        }
        guard !data.isEmpty else {
            throw APIError(.badRequest, code: "request.emptyBody", "the request needs an activity file: CSV as text/csv, or JSON {csv, gwp}")
        }
        return (String(decoding: data, as: UTF8.self), gwp)
    }
}
