import ArgumentParser
import Foundation
import YuhengServices

extension LCACommand {
    /// `yuheng lca contributions --process P --by process|flow`.
    struct Contributions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Contribution analysis by process or by elementary flow; contributions sum to the total.",
            discussion: "JSON (--json): total, by, contributions [{id, name, kg_co2e, share}].")
        @OptionGroup var options: LCIOptions
        @Option(help: "Process id, id prefix or unique name.") var process: String
        @Option(help: "Amount of the reference product.") var amount: Double = 1
        @Option(help: "Impact method.") var method: String = "ipcc-ar6-gwp100"
        @Option(help: "Group by: process or flow.") var by: String = "process"
        @Option(help: "Number of rows.") var top: Int = 20
        @Flag(help: "Print JSON.") var json = false

        struct Row: Encodable { let id: String; let name: String; let kg_co2e: Double; let share: Double }
        struct Output: Encodable { let total: Double; let by: String; let contributions: [Row] }

        func run() throws {
            try YuhengCommands.run {
                guard by == "process" || by == "flow" else { throw ValidationError("unknown --by '\(by)'; use process or flow") }
                let services = try options.database.services()
                let c = try options.calculation(process: process, amount: amount, method: method)
                let (total, rows) = try contributions(services, c)
                if json { print(try Format.json(Output(total: total, by: by, contributions: rows))); return }
                let name = try services.lca.calculate(c).processName
                print("\(name): \(String(format: "%.6g", total)) kg CO2e (\(method)) by \(by)\n")
                var t = TextTable([by == "flow" ? "Flow" : "Process", "kg CO2e", "Share"], alignRight: [false, true, true])
                for x in rows.prefix(top) {
                    t.add([String(x.name.prefix(80)), String(format: "%.6g", x.kg_co2e), String(format: "%.2f %%", x.share * 100)])
                }
                let rest = rows.dropFirst(top).reduce(0) { $0 + $1.kg_co2e }
                if rows.count > top {
                    t.add([
                        "(\(rows.count - top) others)", String(format: "%.6g", rest), String(format: "%.2f %%", total != 0 ? rest / total * 100 : 0)
                    ])
                }
                print(t.render())
            }
        }

        func contributions(_ services: YuhengServices, _ c: LCAService.Calculation) throws -> (Double, [Row]) {
            if by == "flow" {
                let (total, flows) = try services.lca.flowContributions(c)
                return (
                    total,
                    flows.map {
                        Row(id: $0.flowID, name: "\($0.flowName) [\($0.compartment)]", kg_co2e: $0.kgCO2e, share: total != 0 ? $0.kgCO2e / total : 0)
                    }
                )
            }
            let total = try services.lca.calculate(c).total
            let (_, rows) = try services.lca.contributions(c)
            return (total, rows.map { Row(id: $0.processID, name: $0.processName, kg_co2e: $0.kgCO2e, share: total != 0 ? $0.kgCO2e / total : 0) })
        }
    }
}
