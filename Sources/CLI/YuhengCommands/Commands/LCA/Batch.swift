import ArgumentParser
import Foundation
import YuhengComputing
import YuhengCore
import YuhengServices

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

        struct Output: Encodable {
            let lci: String, method: String, items: [LCABatchWork.ItemResult], datasets: [Provenance], execution: ExecutionReport?
        }

        func run() async throws {
            try await runAsync {
                let items = try LCAService.batchItems(file: file)
                _ = try options.policy()
                let services = try options.database.services()
                let params = LCABatchWork.Params(lci: options.lci, method: method, allocation: options.allocation, items: items)
                let executor = try exec.resolve(databasePath: services.db.path)
                let r = try await withProgress("Footprints", unit: "", executor: executor, tasks: exec.tasks) {
                    try await services.lca.batch(params, run: $0)
                }
                if json {
                    print(try Format.json(Output(lci: options.lci, method: r.method, items: r.items, datasets: r.datasets, execution: r.execution)));
                    return
                }
                print("Carbon footprints — \(options.lci) — \(r.method), kg CO2e\n")
                var t = TextTable(
                    ["#", "Process", "Amount", "Unit", "kg CO2e", "Largest direct contributor"], alignRight: [true, false, true, false, true, false])
                for x in r.items {
                    t.add([
                        String(x.index + 1), x.processName, Format.number(x.amount, decimals: 3), x.unit, Format.number(x.kgCO2e, decimals: 4),
                        x.topContributor ?? ""
                    ])
                }
                print(t.render())
                print("\n" + executionFooter(r.execution))
            }
        }
    }
}
