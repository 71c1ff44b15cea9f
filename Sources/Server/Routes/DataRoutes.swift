import Foundation
import Hummingbird
import YuhengCore
import YuhengData
import YuhengServices

/// Datasets and reference data: `/api/datasets`, `/api/factors`, `/api/gwp`, `/api/countries`, `/api/geometry`.
enum DataRoutes {
    static func register(_ api: APIRegistry, state: ServerState) {
        let data = state.services.data, work = state.work, light = state.light
        api.add(.get, "/api/datasets", tag: "data", summary: "Registered datasets with version, source, licence and checksum") { _, _ in
            try await light.run { JSONResponse.make(try data.datasets()) }
        }
        api.add(.get, "/api/datasets/{id}", tag: "data", summary: "One dataset with its row counts") { _, ctx in
            let id = try pathParameter(ctx, "id")
            return try await light.run { try dataset(id, data) }
        }
        api.add(
            .get, "/api/factors", tag: "data", summary: "Full-text search over emission factors",
            query: [("q", "search words (prefixes, all must match)", true), ("limit", "maximum results (1–500, default 50)", false)]
        ) { req, _ in
            let q = try required(req, "q")
            let limit = try QueryInput.int(req, "limit", default: 50, in: 1...500)
            return try await work.run { JSONResponse.make(try data.searchFactors(q, limit: limit)) }
        }
        api.add(.get, "/api/gwp", tag: "data", summary: "A GWP set", query: [("set", "AR4, AR5, AR6, AR6-GWP20 …", false)]) { req, _ in
            let name = try gwpName(req)
            return try await light.run { try gwp(name, data) }
        }
        api.add(.get, "/api/countries", tag: "data", summary: "Countries with ISO 3166 codes") { _, _ in
            try await light.run { JSONResponse.make(try data.countries().map(Country.init)) }
        }
        api.add(.get, "/api/geometry", tag: "data", summary: "Country outlines (Natural Earth 1:110m) keyed by ISO3") { _, _ in
            try await work.run { JSONResponse.make(try data.geometry().mapValues { Shape(name: $0.name, polygons: $0.polygons) }) }
        }
    }

    struct DatasetDetail: Encodable { let dataset: DatasetInfo; let rows: [String: Int] }

    static func dataset(_ id: String, _ data: DataService) throws -> Response {
        guard let d = try data.dataset(id) else { throw APIError(.notFound, code: "data.unknownDataset", "no dataset '\(id)'", field: "id") }
        return JSONResponse.make(DatasetDetail(dataset: d.dataset, rows: d.rows))
    }

    static func gwpName(_ req: Request) throws -> String {
        guard let s = req.query("set") else { return "AR6" }
        guard s.count <= 64 else { throw APIError(.badRequest, code: "request.invalidParameter", "the GWP set name is too long", field: "set") }
        return s
    }

    struct GWPValues: Encodable { let set: String; let values: [String: Double] }

    static func gwp(_ name: String, _ data: DataService) throws -> Response {
        let s = try data.gwp(name)
        return JSONResponse.make(GWPValues(set: s.description, values: s.values))
    }

    struct Country: Encodable {
        let iso3: String, iso2: String, numeric: String, name: String, continent: String
        init(_ c: DataService.Country) {
            iso3 = c.iso3
            iso2 = c.iso2
            numeric = c.numeric
            name = c.name
            continent = c.continent
        }
    }

    struct Shape: Encodable { let name: String; let polygons: [[[[Double]]]] }
}
