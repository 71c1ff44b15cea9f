import Foundation
import Hummingbird
import YuhengComputing
import YuhengData
import YuhengMRIO
import YuhengNumerics
import YuhengServices

/// Input-output accounts and the panorama: `/api/panorama`, `/api/panorama/{region}`,
/// `/api/mrio/accounts`, `/api/mrio/series`, `/api/mrio/transfers`. Answers of the bundled tables
/// are encoded once and kept in the services' cache; a repeated request is answered from it
/// without waiting for a thread.
enum MRIORoutes {
    static let yearParameter = ("year", "table year: 2011 (default) or 2009", false)

    static func register(_ api: APIRegistry, state: ServerState) {
        let work = state.work
        api.add(.get, "/api/panorama", tag: "mrio", summary: "Panoramic national account of the bundled MRIO with GCB comparison",
                query: [yearParameter]) { req, _ in
            let table = try state.table(year: try yearQuery(req))
            return JSONResponse.json(try await state.cachedPanoramaJSON(table: table).asyncOr { try await work.run { try state.panoramaJSON(table: table) } })
        }
        api.add(.get, "/api/panorama/{region}", tag: "mrio", summary: "One region: accounts, trade partners in both directions, top supply-chain paths",
                query: [("top", "number of partners and paths (1–100, default 10)", false), yearParameter]) { req, ctx in
            try await country(req, ctx, state)
        }
        api.add(.get, "/api/mrio/accounts", tag: "mrio", summary: "Regional accounts of the bundled MRIO (D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg)") { _, _ in
            try await work.run { JSONResponse.make(try accounts(state)) }
        }
        api.add(.get, "/api/mrio/series", tag: "mrio",
                summary: "The bundled MRIO time series (WIOD 2009 and 2011, CO2): per year D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg, F_Y_reg and totals, as `yuheng mrio series --json`") { _, _ in
            try await work.run { JSONResponse.make(MRIOSeriesWork.Report(years: try state.services.mrio.bundledSeries(), execution: nil)) }
        }
        api.add(.get, "/api/mrio/transfers", tag: "mrio", summary: "Top bilateral flows of embodied CO2 (MRIO and EEBT)",
                query: [("top", "number of flows (1–10,000, default 20)", false)]) { req, _ in
            let top = try QueryInput.int(req, "top", default: 20, in: 1...10_000)
            return try await work.run { JSONResponse.make(try transfers(state, top: top)) }
        }
    }

    /// A country page of a bundled table: cached as bytes in the services' cache.
    static func country(_ req: Request, _ ctx: BasicRequestContext, _ state: ServerState) async throws -> Response {
        let region = try pathParameter(ctx, "region")
        guard region.count <= 16 else { throw APIError(.notFound, code: "mrio.unknownRegion", "no region '\(region.prefix(16))…' in the bundled MRIO", field: "region") }
        let top = try QueryInput.int(req, "top", default: 10, in: 1...100)
        let table = try state.table(year: try yearQuery(req))
        let key = "\(table)|\(region.uppercased())|\(top)"
        let services = state.services
        let version = try services.datasetsVersion()
        let data = try await (services.cache.peek("http.country", key: key, version: version) as Data?).asyncOr {
            try await state.work.run {
                try services.cache.value("http.country", key: key, version: version, cost: 16 << 10) {
                    try JSONResponse.encode(try services.panorama.country(region, top: top, year: MRIOService.bundledYear(of: table)))
                }
            }
        }
        return JSONResponse.json(data)
    }

    struct Accounts: Encodable {
        let regions: [String], stressors: [String], units: [String]
        let D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg: [String: [String: Double]]
        let solver: String
    }

    /// The regional accounts of the bundled table, stressor → region → value.
    static func accounts(_ state: ServerState) throws -> Accounts {
        let solved = try state.services.mrio.solved()
        let accounts = solved.accounts, e = solved.emissions
        func m(_ d: DenseMatrix) -> [String: [String: Double]] {
            var out: [String: [String: Double]] = [:]
            for (k, s) in e.stressors.enumerated() { out[s] = Dictionary(uniqueKeysWithValues: accounts.regions.enumerated().map { ($1, d[k, $0]) }) }
            return out
        }
        return Accounts(regions: accounts.regions, stressors: e.stressors, units: e.units, D_cba_reg: m(e.cbaRegion), D_pba_reg: m(e.pbaRegion),
                        D_imp_reg: m(e.impRegion), D_exp_reg: m(e.expRegion), solver: accounts.solver)
    }

    struct Flow: Encodable { let origin: String; let destination: String; let mrio: Double; let eebt: Double? }
    struct Transfers: Encodable { let stressor: String; let unit: String; let flows: [Flow] }

    /// The largest bilateral flows of embodied CO2 of the bundled table, with EEBT beside MRIO.
    static func transfers(_ state: ServerState, top: Int) throws -> Transfers {
        let t = try state.services.mrio.transfers(try state.services.mrio.solved(), stressor: "CO2")
        let idx = Dictionary(uniqueKeysWithValues: t.regions.enumerated().map { ($1, $0) })
        let flows = t.topFlows(top).map { f in
            Flow(origin: f.origin, destination: f.destination, mrio: f.value,
                 eebt: t.eebt.flatMap { e in idx[f.origin].flatMap { o in idx[f.destination].map { e[o, $0] } } })
        }
        return Transfers(stressor: t.stressor, unit: t.unit, flows: flows)
    }
}
