import Foundation
import YuhengComputing
import YuhengCore
import YuhengData

/// `lca-batch`: footprints of many products: {items: [{process, amount?}], method?, lci?,
/// allocation?, tasks?} → one result per item, how the job ran and the datasets.
enum BatchJob: ServerJobKind {
    static let name = "lca-batch"

    struct Params: Sendable {
        let items: [LCABatchWork.Item], method: String, lci: String, allocation: String, tasks: Int?
    }

    struct Output: Encodable, Sendable {
        let method: String
        let items: [LCABatchWork.ItemResult]
        let execution: ExecutionReport
        let datasets: [Provenance]
    }

    static func params(_ f: JSONFields, state: ServerState) throws -> Params {
        try f.onlyKnown(["items", "method", "lci", "allocation", "tasks"])
        guard let list = try f.array("items", maxCount: 10_000), !list.isEmpty else {
            throw APIError(.badRequest, code: "job.invalidParams", "give between 1 and 10,000 items", field: "params.items")
        }
        let items = try list.enumerated().map { (i, v) -> LCABatchWork.Item in
            let item = try f.object(at: i, of: "items", v)
            try item.onlyKnown(["process", "amount"])
            return LCABatchWork.Item(
                process: try item.requiredString("process", maxLength: 1_000), amount: try item.double("amount", in: amountRange) ?? 1)
        }
        let p = Params(
            items: items, method: try f.string("method", maxLength: 100) ?? "ipcc-ar6-gwp100",
            lci: try f.string("lci", maxLength: 128) ?? BundledLCI.id,
            allocation: try f.string("allocation", maxLength: 40) ?? "default", tasks: try f.int("tasks", in: 1...10_000))
        try JobChecks.allocation(p.allocation, f)
        try JobChecks.lci(p.lci, f, "lci", state: state)
        try JobChecks.method(p.method, f, state: state)
        return p
    }

    static func run(_ p: Params, state: ServerState, progress: JobProgress) async throws -> Output {
        let wp = LCABatchWork.Params(lci: p.lci, method: p.method, allocation: p.allocation, items: p.items)
        try progress.report(0.02, "building the technosphere")
        let db = state.db
        let setup = try await OwnThread.run {
            if p.lci == BundledLCI.id { _ = try BundledLCI.install(in: db) }
            return try LCABatchWork.setup(wp, database: db)
        }
        let (partials, report) = try await Distributed.run(LCABatchWork.self, wp, state: state, tasks: p.tasks, progress: progress)
        return Output(method: setup.method.id, items: try LCABatchWork.gather(wp, partials: partials), execution: report, datasets: setup.provenance)
    }
}
