import Foundation
import YuhengComputing
import Hummingbird
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengLCA
import YuhengMRIO
import YuhengNumerics
import YuhengPanorama
import YuhengServices

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
    guard let v = req.query(name) else { throw APIError(.badRequest, code: "request.missingParameter", "the query parameter '\(name)' is required", field: name) }
    guard v.count <= maxLength else {
        throw APIError(.badRequest, code: "request.invalidParameter", "the query parameter '\(name)' is \(v.count) characters long; the limit is \(maxLength)", field: name)
    }
    return v
}

func pathParameter(_ ctx: BasicRequestContext, _ name: String) throws -> String {
    guard let v = ctx.parameters.get(name) else { throw APIError(.badRequest, code: "request.missingParameter", "missing path parameter \(name)", field: name) }
    return v
}

enum Routes {
    static func register(_ api: APIRegistry, state: ServerState, jobs: JobManager, agents: AgentEndpoints, configuration: ServerConfiguration) {
        let db = state.db
        let work = state.work, light = state.light

        // Light: answered on the cooperative pool, never behind the computing threads.
        api.add(.get, "/api/health", tag: "system", summary: "Liveness and versions") { _, _ in
            struct Health: Encodable { let status: String; let version: String; let datasets: Int; let job_kinds: [String]; let busy: Busy }
            struct Busy: Encodable { let computing: Int; let waiting: Int; let threads: Int }
            return JSONResponse.make(Health(status: "ok", version: YuhengCoreInfo.version, datasets: try db.datasets().count, job_kinds: jobs.kinds,
                                            busy: Busy(computing: work.active, waiting: work.waiting, threads: work.threads)))
        }

        // MARK: Data and provenance
        api.add(.get, "/api/datasets", tag: "data", summary: "Registered datasets with version, source, licence and checksum") { _, _ in
            try await light.run { JSONResponse.make(try db.datasets()) }
        }
        api.add(.get, "/api/datasets/{id}", tag: "data", summary: "One dataset with its row counts") { _, ctx in
            let id = try pathParameter(ctx, "id")
            return try await light.run {
                guard let d = try db.dataset(id) else { throw APIError(.notFound, code: "data.unknownDataset", "no dataset '\(id)'", field: "id") }
                struct Out: Encodable { let dataset: DatasetInfo; let rows: [String: Int] }
                return JSONResponse.make(Out(dataset: d, rows: try db.rowCounts(dataset: id)))
            }
        }
        api.add(.get, "/api/factors", tag: "data", summary: "Full-text search over emission factors", query: [("q", "search words (prefixes, all must match)", true), ("limit", "maximum results (1–500, default 50)", false)]) { req, _ in
            let q = try required(req, "q")
            let limit = try QueryInput.int(req, "limit", default: 50, in: 1...500)
            let normalized = q.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).joined(separator: " ")
            return try await work.run {
                let body = try state.services.cache.value("http.factors", key: "\(limit) \(normalized)", version: try state.services.datasetsVersion(), cost: 4 << 10) {
                    try JSONResponse.encode(try db.searchFactors(q, limit: limit))
                }
                return JSONResponse.bytes(body, type: "application/json; charset=utf-8")
            }
        }
        api.add(.get, "/api/gwp", tag: "data", summary: "A GWP set", query: [("set", "AR4, AR5, AR6, AR6-GWP20 …", false)]) { req, _ in
            let name = try req.query("set").map { s -> String in
                guard s.count <= 64 else { throw APIError(.badRequest, code: "request.invalidParameter", "the GWP set name is too long", field: "set") }
                return s
            } ?? "AR6"
            return try await light.run {
                let s = try db.gwpLibrary().set(named: name)
                struct Out: Encodable { let set: String; let values: [String: Double] }
                return JSONResponse.make(Out(set: s.description, values: s.values))
            }
        }
        api.add(.get, "/api/countries", tag: "data", summary: "Countries with ISO 3166 codes") { _, _ in
            try await light.run {
                struct C: Encodable { let iso3: String; let iso2: String; let numeric: String; let name: String; let continent: String }
                return JSONResponse.make(try db.countries().map { C(iso3: $0.iso3, iso2: $0.iso2, numeric: $0.numeric, name: $0.name, continent: $0.continent) })
            }
        }

        // MARK: Inventory
        api.add(.post, "/api/inventory", tag: "inventory", summary: "Production-based inventory (IPCC 2006 Tier 1) of an activity file",
                query: [("gwp", "GWP set (default AR5)", false)], body: "activity CSV as text/csv, or JSON {csv, gwp}", accepts: ["text/csv", "application/json"]) { req, _ in
            let data = try await req.bodyData()
            var csv: String
            var gwp = req.query("gwp") ?? "AR5"
            if mediaType(req) == "application/json" {
                struct In: Decodable { let csv: String; let gwp: String? }
                let i = try JSONInput.decode(In.self, from: data)
                csv = i.csv
                gwp = i.gwp ?? gwp
            } else {
                guard !data.isEmpty else { throw APIError(.badRequest, code: "request.emptyBody", "the request needs an activity file: CSV as text/csv, or JSON {csv, gwp}") }
                csv = String(decoding: data, as: UTF8.self)
            }
            let text = csv, set = gwp
            return try await work.run {
                JSONResponse.make(try state.services.inventory.compute(csv: text, fileName: "request", gwp: set))
            }
        }

        // MARK: Input-output and the panorama
        api.add(.get, "/api/panorama", tag: "mrio", summary: "Panoramic national account of the bundled MRIO with GCB comparison",
                query: [("year", "table year: 2011 (default) or 2009", false)]) { req, _ in
            let table = try state.table(year: try yearQuery(req))
            let data = try await state.cachedPanoramaJSON(table: table).asyncOr { try await work.run { try state.panoramaJSON(table: table) } }
            return JSONResponse.bytes(data, type: "application/json; charset=utf-8")
        }
        api.add(.get, "/api/panorama/{region}", tag: "mrio", summary: "One region: accounts, trade partners in both directions, top supply-chain paths",
                query: [("top", "number of partners and paths (1–100, default 10)", false), ("year", "table year: 2011 (default) or 2009", false)]) { req, ctx in
            let region = try pathParameter(ctx, "region")
            guard region.count <= 16 else { throw APIError(.notFound, code: "mrio.unknownRegion", "no region '\(region.prefix(16))…' in the bundled MRIO", field: "region") }
            let top = try QueryInput.int(req, "top", default: 10, in: 1...100)
            let table = try state.table(year: try yearQuery(req))
            // A country page of a bundled table: cached as bytes in the services' cache.
            let key = "\(table)|\(region.uppercased())|\(top)"
            let services = state.services
            let version = try services.datasetsVersion()
            let data = try await (services.cache.peek("http.country", key: key, version: version) as Data?).asyncOr {
                try await work.run {
                    try services.cache.value("http.country", key: key, version: version, cost: 16 << 10) {
                        try JSONResponse.encode(try services.panorama.country(region, top: top, year: try MRIOService.bundledYear(of: table)))
                    }
                }
            }
            return JSONResponse.bytes(data, type: "application/json; charset=utf-8")
        }
        api.add(.get, "/api/mrio/accounts", tag: "mrio", summary: "Regional accounts of the bundled MRIO (D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg)") { _, _ in
            try await work.run {
                let p = try state.panorama()
                let e = p.accounts.extensions[0]
                func m(_ d: DenseMatrix) -> [String: [String: Double]] {
                    var out: [String: [String: Double]] = [:]
                    for (k, s) in e.stressors.enumerated() { out[s] = Dictionary(uniqueKeysWithValues: p.accounts.regions.enumerated().map { ($1, d[k, $0]) }) }
                    return out
                }
                struct Out: Encodable { let regions: [String]; let stressors: [String]; let units: [String]; let D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg: [String: [String: Double]]; let solver: String }
                return JSONResponse.make(Out(regions: p.accounts.regions, stressors: e.stressors, units: e.units, D_cba_reg: m(e.cbaRegion), D_pba_reg: m(e.pbaRegion),
                                             D_imp_reg: m(e.impRegion), D_exp_reg: m(e.expRegion), solver: p.accounts.solver))
            }
        }
        api.add(.get, "/api/mrio/series", tag: "mrio",
                summary: "The bundled MRIO time series (WIOD 2009 and 2011, CO2): per year D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg, F_Y_reg and totals, as `yuheng mrio series --json`") { _, _ in
            try await work.run { JSONResponse.make(MRIOSeriesWork.Report(years: try state.series(), execution: nil)) }
        }
        api.add(.get, "/api/mrio/transfers", tag: "mrio", summary: "Top bilateral flows of embodied CO2 (MRIO and EEBT)", query: [("top", "number of flows (1–10,000, default 20)", false)]) { req, _ in
            let top = try QueryInput.int(req, "top", default: 20, in: 1...10_000)
            return try await work.run {
                let p = try state.panorama()
                let idx = Dictionary(uniqueKeysWithValues: p.transfers.regions.enumerated().map { ($1, $0) })
                struct Flow: Encodable { let origin: String; let destination: String; let mrio: Double; let eebt: Double? }
                let flows = p.transfers.topFlows(top).map { f in
                    Flow(origin: f.origin, destination: f.destination, mrio: f.value,
                         eebt: p.transfers.eebt.flatMap { e in idx[f.origin].flatMap { o in idx[f.destination].map { e[o, $0] } } })
                }
                struct Out: Encodable { let stressor: String; let unit: String; let flows: [Flow] }
                return JSONResponse.make(Out(stressor: p.transfers.stressor, unit: p.transfers.unit, flows: flows))
            }
        }
        api.add(.get, "/api/geometry", tag: "data", summary: "Country outlines (Natural Earth 1:110m) keyed by ISO3") { _, _ in
            try await work.run {
                struct G: Encodable { let name: String; let polygons: [[[[Double]]]] }
                return JSONResponse.make(try db.countryGeometry().mapValues { G(name: $0.name, polygons: $0.polygons) })
            }
        }

        // MARK: LCA
        api.add(.get, "/api/lca/search", tag: "lca", summary: "Search processes", query: [("q", "search words", true), ("limit", "maximum results (1–500, default 20)", false)]) { req, _ in
            let q = try required(req, "q")
            let limit = try QueryInput.int(req, "limit", default: 20, in: 1...500)
            return try await work.run {
                _ = try state.lci()
                let hits = try db.searchProcesses(q, limit: limit)
                struct Hit: Encodable { let database: String; let process_id: String; let name: String; let location: String?; let category: String; let reference_unit: String? }
                return JSONResponse.make(hits.map { Hit(database: $0.datasetID, process_id: $0.processID, name: $0.name, location: $0.location, category: $0.category, reference_unit: $0.referenceUnit) })
            }
        }
        api.add(.post, "/api/lca/calculate", tag: "lca", summary: "Carbon footprint of a process (a stored process's unit result is cached and scaled to the amount)",
                body: "JSON {process, amount?, method?, allocation?, database?}") { req, _ in
            struct In: Decodable { let process: String; let amount: Double?; let method: String?; let allocation: String?; let database: String? }
            let i = try await req.decode(In.self)
            guard !i.process.trimmingCharacters(in: .whitespaces).isEmpty, i.process.count <= 1_000 else {
                throw APIError(.badRequest, code: "request.invalidParameter", "process must be a process id or name (1 to 1,000 characters)", field: "process")
            }
            guard let policy = AllocationPolicy(rawValue: i.allocation ?? "default") else {
                throw APIError(.badRequest, code: "lca.invalidAllocation", "unknown allocation '\(i.allocation?.prefix(40) ?? "")'", field: "allocation")
            }
            let amount = try checkAmount(i.amount)
            let calculation = LCAService.Calculation(process: i.process, amount: amount, method: i.method ?? "ipcc-ar6-gwp100", allocation: policy,
                                                     database: i.database ?? BundledLCI.id)
            // A repeated calculation is a scaled cached unit result: answered without waiting for a thread.
            if let r = try? state.services.lca.cachedCalculation(calculation) { return JSONResponse.make(r) }
            return try await work.run { JSONResponse.make(try state.services.lca.calculate(calculation)) }
        }
        api.add(.get, "/api/lca/contributions", tag: "lca", summary: "Process contributions of a footprint (they sum to the total)",
                query: [("process", "process id or name", true), ("amount", "amount of the reference product (finite, |amount| ≤ 1e12; default 1)", false), ("method", "impact method", false)]) { req, _ in
            let process = try required(req, "process", maxLength: 1_000)
            let amount = try QueryInput.double(req, "amount", default: 1, in: amountRange)
            let methodName = try req.query("method").map { s -> String in
                guard s.count <= 100 else { throw APIError(.badRequest, code: "request.invalidParameter", "the method name is too long", field: "method") }
                return s
            } ?? "ipcc-ar6-gwp100"
            return try await work.run {
                let calc = try state.calculator()
                let m = try ClimateMethod.named(methodName, library: try db.gwpLibrary())
                let j = try calc.column(forProcess: process)
                let rows = try calc.processContributions(column: j, amount: amount, method: m)
                struct Row: Encodable { let process_id: String; let process_name: String; let kg_co2e: Double }
                struct Out: Encodable { let total: Double; let contributions: [Row] }
                return JSONResponse.make(Out(total: rows.reduce(0) { $0 + $1.kgCO2e },
                                             contributions: rows.map { Row(process_id: calc.model.columns[$0.column].processID, process_name: calc.model.columns[$0.column].processName, kg_co2e: $0.kgCO2e) }))
            }
        }

        // MARK: Jobs
        api.add(.post, "/api/jobs", tag: "jobs", summary: "Submit a job; its parameters are checked now (400 naming the field), it runs later (202)",
                body: "JSON {kind, params}") { req, _ in
            let obj = try JSONInput.object(try await req.bodyData())
            guard let kind = obj["kind"] as? String, !kind.isEmpty else {
                throw APIError(.badRequest, code: "job.invalid", "the body must be a JSON object with 'kind' (a string; kinds: \(jobs.kinds.joined(separator: ", "))) and 'params' (an object)", field: "kind")
            }
            for key in obj.keys where key != "kind" && key != "params" {
                throw APIError(.badRequest, code: "job.invalid", "unknown field '\(key)': the body has only 'kind' and 'params'", field: key)
            }
            let params: [String: Any]
            switch obj["params"] {
            case nil, is NSNull: params = [:]
            case let o as [String: Any]: params = o
            default: throw APIError(.badRequest, code: "job.invalidParams", "params must be a JSON object {…} (the job's parameters)", field: "params")
            }
            let data = try JSONSerialization.data(withJSONObject: params)
            return try await light.run { JSONResponse.make(try jobs.submit(kind: kind, params: data), status: .accepted) }
        }
        api.add(.get, "/api/jobs", tag: "jobs", summary: "Recent jobs") { _, _ in try await light.run { JSONResponse.make(try db.jobs()) } }
        api.add(.get, "/api/jobs/{id}", tag: "jobs", summary: "A job's status and progress") { _, ctx in
            let id = try pathParameter(ctx, "id")
            return try await light.run {
                guard let j = try db.job(id) else { throw APIError(.notFound, code: "job.notFound", "no job \(id)", field: "id") }
                return JSONResponse.make(j)
            }
        }
        api.add(.get, "/api/jobs/{id}/result", tag: "jobs", summary: "A finished job's result") { _, ctx in
            let id = try pathParameter(ctx, "id")
            return try await light.run {
                guard let j = try db.job(id) else { throw APIError(.notFound, code: "job.notFound", "no job \(id)", field: "id") }
                guard j.status == .succeeded, let r = try db.jobResult(id) else {
                    throw APIError(.conflict, code: "job.notFinished", "job \(id) is \(j.status.rawValue)\(j.error.map { ": \($0)" } ?? "")")
                }
                return JSONResponse.text(r, type: "application/json")
            }
        }
        api.add(.get, "/api/jobs/{id}/events", tag: "jobs", summary: "Server-sent events with the job's progress until it ends", response: "text/event-stream") { _, ctx in
            let id = try pathParameter(ctx, "id")
            guard try db.job(id) != nil else { throw APIError(.notFound, code: "job.notFound", "no job \(id)", field: "id") }
            let stream = AsyncStream<ByteBuffer> { continuation in
                let task = Task {
                    var last = ""
                    while !Task.isCancelled {
                        guard let j = try? db.job(id) else { break }
                        let data = (try? JSONResponse.encode(j)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                        if data != last { continuation.yield(ByteBuffer(string: "event: progress\ndata: \(data)\n\n")); last = data }
                        if [.succeeded, .failed, .cancelled, .interrupted].contains(j.status) {
                            continuation.yield(ByteBuffer(string: "event: end\ndata: \(j.status.rawValue)\n\n"))
                            break
                        }
                        try? await Task.sleep(for: .milliseconds(200))
                    }
                    continuation.finish()
                }
                continuation.onTermination = { _ in task.cancel() }
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: .init(asyncSequence: stream))
        }
        api.add(.delete, "/api/jobs/{id}", tag: "jobs", summary: "Cancel a queued or running job") { _, ctx in
            let id = try pathParameter(ctx, "id")
            return try await light.run { JSONResponse.make(try jobs.cancel(id)) }
        }
        api.add(.get, "/api/jobs/{id}/report.md", tag: "jobs", summary: "The ISO 14067 report of a finished lca-study job, as a Markdown download",
                response: "text/markdown attachment") { _, ctx in
            let id = try pathParameter(ctx, "id")
            return try await light.run { try StudyReportDownload.response(db: db, job: id, format: .markdown) }
        }
        api.add(.get, "/api/jobs/{id}/report.html", tag: "jobs", summary: "The ISO 14067 report of a finished lca-study job, as an HTML download",
                response: "text/html attachment") { _, ctx in
            let id = try pathParameter(ctx, "id")
            return try await light.run { try StudyReportDownload.response(db: db, job: id, format: .html) }
        }

        // MARK: Agents
        api.add(.post, "/api/chat", tag: "agents", summary: "Ask Yuheng's agents; the turn streams as server-sent events (start, routed, tool_call, tool_result, content, answer, error, end); 503 without a configured model",
                body: "JSON {message, history?: [{role, content}], agent?}", response: "text/event-stream") { req, _ in
            try await agents.chat(req)
        }
        api.add(.post, "/mcp", tag: "agents", summary: "MCP Streamable HTTP: a JSON-RPC message (initialize starts a session; Mcp-Session-Id afterwards); requests are answered over SSE",
                body: "JSON-RPC 2.0 message (Accept: application/json, text/event-stream)", response: "text/event-stream with the JSON-RPC response") { req, _ in
            try await agents.mcp(req)
        }
        api.add(.get, "/mcp", tag: "agents", summary: "MCP Streamable HTTP: the session's stream of server-initiated messages (Mcp-Session-Id)",
                response: "text/event-stream") { req, _ in
            try await agents.mcp(req)
        }
        api.add(.delete, "/mcp", tag: "agents", summary: "MCP Streamable HTTP: end the session (Mcp-Session-Id)") { req, _ in
            try await agents.mcp(req)
        }
    }
}

/// The optional `year` query parameter (a clear 400 when it is not a whole number).
func yearQuery(_ req: Request) throws -> Int? {
    guard let text = req.query("year"), !text.isEmpty else { return nil }
    guard let y = Int(text) else { throw APIError(.badRequest, code: "request.invalidYear", "the year '\(text.prefix(40))' is not a whole number", field: "year") }
    return y
}

extension Optional where Wrapped: Sendable {
    /// The value, or what `make` produces when there is none.
    func asyncOr(_ make: () async throws -> Wrapped) async throws -> Wrapped {
        if let v = self { return v }
        return try await make()
    }
}
