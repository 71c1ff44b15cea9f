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
    static let yearParameter = (
        "year",
        "year 2000–2023: a table year (2000–2011; default 2011) or a nowcast year (2012–2023, GHG series); a year outside the series is a 404 naming the available years",
        false
    )
    static let gasParameter = (
        "gas",
        "co2, ch4, n2o or ghg (= CO2 + CH4 + N2O, Mt CO2e): answers from the GHG series (default ghg when a GWP set or a nowcast year is given); without gas and gwp a table year gives the bundled CO2 table",
        false
    )
    /// The gas parameter of the panorama endpoints and pages (GHG by default).
    static let panoramaGasParameter = (
        "gas",
        "ghg (default: CO2 + CH4 + N2O in Mt CO2e, as `yuheng panorama`), co2, ch4 or n2o; co2 of a table year (2000–2011) gives the bundled CO2 table in Mt CO2 with GCB's figures beside it",
        false
    )
    static let gwpParameter = ("gwp", "GWP100 set of the CO2e values: AR5 (default) or AR6", false)

    static func register(_ api: APIRegistry, state: ServerState) {
        let work = state.work
        api.add(
            .get, "/api/panorama", tag: "mrio",
            summary:
                "Panoramic national account: production- and consumption-based GHG (CO2 + CH4 + N2O, AR5, Mt CO2e) per region with the land-use and natural columns; gas=co2 for a table year gives the bundled CO2 table with GCB's comparison",
            query: [yearParameter, panoramaGasParameter, gwpParameter]
        ) { req, _ in
            let q = try GHGQuery.parse(req, panorama: true)
            guard q.isGHG else {
                let table = try state.table(year: q.year)
                return JSONResponse.json(
                    try await state.cachedPanoramaJSON(table: table).asyncOr { try await work.run { try state.panoramaJSON(table: table) } })
            }
            return JSONResponse.json(try await cached(state, "http.panorama", key: q.cacheKey) { try JSONResponse.encode(try q.account(state)) })
        }
        api.add(
            .get, "/api/panorama/{region}", tag: "mrio", summary: "One region: accounts, trade partners in both directions, top supply-chain paths",
            query: [("top", "number of partners and paths (1–100, default 10)", false), yearParameter, panoramaGasParameter, gwpParameter]
        ) { req, ctx in
            try await country(req, ctx, state)
        }
        api.add(
            .get, "/api/mrio/accounts", tag: "mrio", summary: "Regional accounts of the bundled MRIO (D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg)"
        ) { _, _ in
            try await work.run { JSONResponse.make(try accounts(state)) }
        }
        api.add(
            .get, "/api/mrio/series", tag: "mrio",
            summary:
                "The bundled MRIO time series of CO2 tables (per year D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg, F_Y_reg and totals, as `yuheng mrio series --json`); with from, to, gas or gwp the GHG series 2000–2023 in Mt CO2e, each year flagged estimate table|nowcast with its base_table_year and hold-out error range",
            query: [
                ("from", "first year of the GHG series (default 2000)", false), ("to", "last year of the GHG series (default 2023)", false),
                gasParameter, gwpParameter
            ]
        ) { req, _ in
            try await series(req, state)
        }
        api.add(
            .get, "/api/mrio/transfers", tag: "mrio",
            summary: "Top bilateral flows of embodied CO2 (MRIO and EEBT); with year, gas or gwp of the GHG series (Mt CO2e, flagged table|nowcast)",
            query: [("top", "number of flows (1–10,000, default 20)", false), yearParameter, gasParameter, gwpParameter]
        ) { req, _ in
            let top = try QueryInput.int(req, "top", default: 20, in: 1...10_000)
            let q = try GHGQuery.parse(req)
            guard q.isGHG || q.year != nil else { return try await work.run { JSONResponse.make(try transfers(state, top: top)) } }
            return JSONResponse.json(
                try await cached(state, "http.transfers", key: "\(q.cacheKey)|\(q.isGHG)|\(top)") { try ghgTransfers(state, q, top: top) })
        }
        api.add(
            .get, "/api/mrio/sda", tag: "mrio",
            summary:
                "Structural decomposition (Dietzenbacher & Los) of the change in consumption-based emissions between two years of the GHG series (tables or nowcasts), per region, Mt CO2e: intensity, production structure, final-demand composition, level, households' direct emissions",
            query: [
                ("from", "first year (2000–2023)", true), ("to", "second year, after from (2000–2023)", true),
                ("region", "one region (default: every region)", false), gasParameter, gwpParameter
            ]
        ) { req, _ in
            try await sda(req, state)
        }
    }

    /// Bytes from the services' cache (namespace `namespace`), made on a work thread the first time.
    static func cached(_ state: ServerState, _ namespace: String, key: String, cost: Int = 64 << 10, _ make: @escaping @Sendable () throws -> Data)
        async throws -> Data
    {
        let services = state.services
        let version = try services.datasetsVersion()
        return try await (services.cache.peek(namespace, key: key, version: version) as Data?).asyncOr {
            try await state.work.run { try services.cache.value(namespace, key: key, version: version, cost: cost, make) }
        }
    }

    /// A country page of a bundled table: cached as bytes in the services' cache.
    static func country(_ req: Request, _ ctx: BasicRequestContext, _ state: ServerState) async throws -> Response {
        let region = try pathParameter(ctx, "region")
        guard region.count <= 16 else {
            throw APIError(.notFound, code: "mrio.unknownRegion", "no region '\(region.prefix(16))…' in the bundled MRIO", field: "region")
        }
        let top = try QueryInput.int(req, "top", default: 10, in: 1...100)
        let q = try GHGQuery.parse(req, panorama: true)
        if q.isGHG {
            return JSONResponse.json(
                try await cached(state, "http.country", key: "\(q.cacheKey)|\(region.uppercased())|\(top)", cost: 16 << 10) {
                    try q.check(state.services)
                    let account = try q.account(state)
                    let detail = try state.services.panorama.country(region, top: top, year: q.year, gas: q.chosenGas, gwp: q.set)
                    return try JSONResponse.encode(FlaggedCountry(detail: detail, account: account))
                })
        }
        let table = try state.table(year: q.year)
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
        return Accounts(
            regions: accounts.regions, stressors: e.stressors, units: e.units, D_cba_reg: m(e.cbaRegion), D_pba_reg: m(e.pbaRegion),
            D_imp_reg: m(e.impRegion), D_exp_reg: m(e.expRegion), solver: accounts.solver)
    }

    struct Flow: Encodable { let origin: String; let destination: String; let mrio: Double; let eebt: Double? }
    struct Transfers: Encodable { let stressor: String; let unit: String; let flows: [Flow] }

    /// The largest bilateral flows of embodied CO2 of the bundled table, with EEBT beside MRIO.
    static func transfers(_ state: ServerState, top: Int) throws -> Transfers {
        let t = try state.services.mrio.transfers(try state.services.mrio.solved(), stressor: "CO2")
        return Transfers(stressor: t.stressor, unit: t.unit, flows: flows(t, top: top, scale: 1))
    }
}
