import Foundation
import Hummingbird
import YuhengData
import YuhengLCA
import YuhengServices

/// Life cycle assessment: `/api/lca/search`, `/api/lca/calculate`, `/api/lca/contributions`.
enum LCARoutes {
    static func register(_ api: APIRegistry, state: ServerState) {
        let work = state.work, lca = state.services.lca
        api.add(
            .get, "/api/lca/search", tag: "lca", summary: "Search processes",
            query: [("q", "search words", true), ("limit", "maximum results (1–500, default 20)", false)]
        ) { req, _ in
            let q = try required(req, "q")
            let limit = try QueryInput.int(req, "limit", default: 20, in: 1...500)
            return try await work.run { JSONResponse.make(try lca.search(q, limit: limit)) }
        }
        api.add(
            .post, "/api/lca/calculate", tag: "lca",
            summary: "Carbon footprint of a process (a stored process's unit result is cached and scaled to the amount)",
            body: "JSON {process, amount?, method?, allocation?, database?}"
        ) { req, _ in
            let calculation = try calculation(try await req.decode(CalculateBody.self))
            // A repeated calculation is a scaled cached unit result: answered without waiting for a thread.
            if let r = try? lca.cachedCalculation(calculation) { return JSONResponse.make(r) }
            return try await work.run { JSONResponse.make(try lca.calculate(calculation)) }
        }
        api.add(
            .get, "/api/lca/contributions", tag: "lca", summary: "Process contributions of a footprint (they sum to the total)",
            query: [
                ("process", "process id or name", true), ("amount", "amount of the reference product (finite, |amount| ≤ 1e12; default 1)", false),
                ("method", "impact method", false)
            ]
        ) { req, _ in
            let process = try required(req, "process", maxLength: 1_000)
            let amount = try QueryInput.double(req, "amount", default: 1, in: amountRange)
            let method = try optional(req, "method", maxLength: 100) ?? "ipcc-ar6-gwp100"
            return try await work.run {
                let c = try lca.contributions(LCAService.Calculation(process: process, amount: amount, method: method))
                return JSONResponse.make(Contributions(total: c.total, contributions: c.contributions))
            }
        }
    }

    struct CalculateBody: Decodable { let process: String; let amount: Double?; let method: String?; let allocation: String?; let database: String? }

    /// The calculation a body asks for, checked (400 naming the field).
    static func calculation(_ i: CalculateBody) throws -> LCAService.Calculation {
        guard !i.process.trimmingCharacters(in: .whitespaces).isEmpty, i.process.count <= 1_000 else {
            throw APIError(
                .badRequest, code: "request.invalidParameter", "process must be a process id or name (1 to 1,000 characters)", field: "process")
        }
        guard let policy = AllocationPolicy(rawValue: i.allocation ?? "default") else {
            throw APIError(.badRequest, code: "lca.invalidAllocation", "unknown allocation '\(i.allocation?.prefix(40) ?? "")'", field: "allocation")
        }
        return LCAService.Calculation(
            process: i.process, amount: try checkAmount(i.amount), method: i.method ?? "ipcc-ar6-gwp100", allocation: policy,
            database: i.database ?? BundledLCI.id)
    }

    struct Contributions: Encodable { let total: Double; let contributions: [LCAService.Contribution] }
}
