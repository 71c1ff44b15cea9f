import ArgumentParser
import Foundation
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengLCA

extension LCACommand {
    /// `yuheng lca batch FILE`: footprints of many products, on this machine or a Slurm cluster.
    struct Batch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Carbon footprints of many products at once (a CSV of process,amount), locally or on Slurm.",
            discussion: """
                FILE is a CSV with a header and the columns process (id, id prefix or unique name) and amount (optional, \
                default 1, in the process's reference unit). Every process is resolved before anything runs; an unknown \
                one is reported by its item number (1 = the first product). With --executor slurm the products are cut into --tasks array tasks; the \
                results are the same as locally. JSON (--json): lci, method, items [{index, process_id, process_name, \
                amount, unit, kg_co2e, by_subclass_kg_co2e, top_contributor}], datasets, execution.
                """)
        @OptionGroup var options: LCIOptions
        @Argument(help: "CSV file with the columns process and amount.") var file: String
        @Option(help: "Impact method.") var method: String = "ipcc-ar6-gwp100"
        @OptionGroup(title: "Executor") var exec: ExecutorOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runAsync {
                let items = try Self.readItems(file)
                let db = try options.prepare()
                let params = LCABatchWork.Params(lci: options.lci, method: method, allocation: options.allocation, items: items)
                let setup = try LCABatchWork.setup(params, database: db)
                let executor = try exec.resolve(databasePath: db.path) ?? LocalExecutor()
                let catcher = InterruptCatcher()
                defer { catcher.stop() }
                let bar = ProgressBar(label: "Footprints", unit: "")
                var results: [LCABatchWork.ItemResult] = []
                var execution: ExecutionReport?
                let paramsText = String(decoding: try JSONEncoder().encode(params), as: UTF8.self)
                _ = try await recordJob(db, kind: LCABatchWork.kind, params: paramsText) {
                    let (partials, report) = try await Computing.run(
                        LCABatchWork.self, params: params, executor: executor, tasks: exec.tasks, databasePath: db.path,
                        cancellation: catcher.flag, progress: executionProgress(bar))
                    results = try LCABatchWork.gather(params, partials: partials)
                    execution = report
                    struct Record: Encodable { let items: [LCABatchWork.ItemResult]; let execution: ExecutionReport }
                    return String(decoding: try JSONEncoder().encode(Record(items: results, execution: report)), as: UTF8.self)
                }
                bar.finish()
                if json {
                    struct Out: Encodable {
                        let lci: String, method: String, items: [LCABatchWork.ItemResult], datasets: [Provenance], execution: ExecutionReport?
                    }
                    print(try Format.json(Out(lci: options.lci, method: setup.method.id, items: results, datasets: setup.provenance, execution: execution)))
                    return
                }
                print("Carbon footprints — \(options.lci) — \(setup.method.id), kg CO2e\n")
                var t = TextTable(["#", "Process", "Amount", "Unit", "kg CO2e", "Largest direct contributor"], alignRight: [true, false, true, false, true, false])
                for r in results {
                    t.add([String(r.index + 1), r.processName, Format.number(r.amount, decimals: 3), r.unit, Format.number(r.kgCO2e, decimals: 4), r.topContributor ?? ""])
                }
                print(t.render())
                if let e = execution { print("\n" + executionFooter(e)) }
            }
        }

        /// Reads the batch file: a header with `process` (and optionally `amount`).
        static func readItems(_ file: String) throws -> [LCABatchWork.Item] {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("cannot read \(file) as UTF-8 text")
            }
            let table = try CSVTable(text: text)
            guard table.header.contains("process") else {
                throw ValidationError("\(file): the header must have a 'process' column (and optionally 'amount'); it has \(table.header.joined(separator: ", "))")
            }
            var items: [LCABatchWork.Item] = []
            for row in table.rows {
                let process = (row["process"] ?? "").trimmingCharacters(in: .whitespaces)
                guard !process.isEmpty else { throw ValidationError("\(file) line \(row.line): the process is empty") }
                var amount = 1.0
                if let a = row["amount"]?.trimmingCharacters(in: .whitespaces), !a.isEmpty {
                    guard let v = Double(a), v.isFinite else { throw ValidationError("\(file) line \(row.line): the amount '\(a)' is not a number") }
                    amount = v
                }
                items.append(LCABatchWork.Item(process: process, amount: amount))
            }
            guard !items.isEmpty else { throw ValidationError("\(file) has no products") }
            return items
        }
    }
}
