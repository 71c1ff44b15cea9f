import Foundation
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengLCA

extension LCAService {
    /// An LCI database in the data layer: its id, number of processes, version and licence.
    public struct DatabaseEntry: Sendable, Codable, Hashable {
        /// Dataset id of the database in the registry, e.g. "uslci-1.5".
        public var id: String
        /// Number of unit processes (technosphere columns before allocation) stored for the database.
        public var processes: Int
        /// Version of the database from its registry entry; nil when the database has no registry entry.
        public var version: String?
        /// Licence of the database from its registry entry; nil when the database has no registry entry.
        public var licence: String?
    }

    /// The LCI databases in the data layer (the bundled US LCI is installed first).
    public func databases() throws -> [DatabaseEntry] {
        _ = try BundledLCI.install(in: services.db)
        return try services.db.lciDatabases().map { id, n in
            let d = try services.db.dataset(id)
            return DatabaseEntry(id: id, processes: n, version: d?.version, licence: d?.licence)
        }
    }

    /// Contributions by elementary flow of a calculation (they sum to the total).
    public func flowContributions(_ c: Calculation) throws -> (total: Double, contributions: [LCAResult.FlowContribution]) {
        guard c.amount.isFinite else { throw LCAError(.invalidAmount, "amount must be a finite number (it is \(c.amount))") }
        let calc = try calculator(c.database, allocation: c.allocation)
        let r = try calc.calculate(column: try calc.column(forProcess: c.process), amount: c.amount, method: try method(c.method), topN: 0)
        return (r.total, r.flowContributions)
    }

    /// The upstream supply-chain tree of a calculation down to `cutoff` (a share of the total) and `depth` tiers.
    public func tree(_ c: Calculation, cutoff: Double, depth: Int) throws -> (total: Double, tree: SupplyChainNode) {
        guard c.amount.isFinite else { throw LCAError(.invalidAmount, "amount must be a finite number (it is \(c.amount))") }
        let calc = try calculator(c.database, allocation: c.allocation)
        let j = try calc.column(forProcess: c.process)
        let cB = try calc.directImpactPerActivity(try method(c.method))
        let up = try calc.upstreamPerProduct(cB)
        let total = up[j] * c.amount
        let tree = StudyRunner.buildTree(
            model: calc.model, column: j, product: c.amount, cB: cB, m: up, cutoff: cutoff * abs(total),
            depth: 0, maxDepth: depth, path: [])
        return (total, tree)
    }

    /// Footprints of many products (process and amount each), locally or on Slurm, recorded as a job.
    /// Every process is resolved before anything runs.
    public func batch(_ params: LCABatchWork.Params, run: Execution = Execution()) async throws -> (
        items: [LCABatchWork.ItemResult], method: String,
        datasets: [Provenance], execution: ExecutionReport
    ) {
        if params.lci == BundledLCI.id { _ = try BundledLCI.install(in: services.db) }
        _ = try lci(params.lci)
        let setup = try LCABatchWork.setup(params, database: services.db)
        struct Record: Encodable { let items: [LCABatchWork.ItemResult]; let execution: ExecutionReport }
        let (items, report) = try await services.distributed(
            LCABatchWork.self, params: params, on: run.executor ?? LocalExecutor(), execution: run, databasePath: services.db.path,
            gather: { try LCABatchWork.gather(params, partials: $0) },
            record: { items, report in String(decoding: try JSONEncoder().encode(Record(items: items, execution: report)), as: UTF8.self) })
        return (items, setup.method.id, setup.provenance, report)
    }

    /// The products of a batch file: CSV with a `process` column (id, id prefix or unique name) and
    /// optionally `amount` (default 1). Errors name the file and line.
    public static func batchItems(file: String) throws -> [LCABatchWork.Item] {
        let text: String
        do { text = try InputFile.read(file) } catch let e as DataError {
            throw LCAError(.missingFile, e.message, dataset: file, suggestion: e.suggestion)
        }
        let table = try CSVTable(text: text)
        guard table.header.contains("process") else {
            throw LCAError(
                .malformedFile, "the header must have a 'process' column (and optionally 'amount'); it has \(table.header.joined(separator: ", "))",
                dataset: file)
        }
        var items: [LCABatchWork.Item] = []
        for row in table.rows {
            let process = (row["process"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !process.isEmpty else { throw LCAError(.malformedFile, "line \(row.line): the process is empty", dataset: file) }
            var amount = 1.0
            if let a = row["amount"]?.trimmingCharacters(in: .whitespaces), !a.isEmpty {
                guard let v = Double(a), v.isFinite else {
                    throw LCAError(.malformedFile, "line \(row.line): the amount '\(a)' is not a number", dataset: file)
                }
                amount = v
            }
            items.append(LCABatchWork.Item(process: process, amount: amount))
        }
        guard !items.isEmpty else { throw LCAError(.malformedFile, "the file has no products", dataset: file) }
        return items
    }
}
