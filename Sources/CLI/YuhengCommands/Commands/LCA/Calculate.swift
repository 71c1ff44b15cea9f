import ArgumentParser
import Foundation
import YuhengCore
import YuhengLCA
import YuhengServices

extension LCACommand {
    /// `yuheng lca calculate --process P`.
    struct Calculate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Carbon footprint of a process's reference product.",
            discussion:
                "JSON (--json) top level: process_id, process_name, amount, unit, method, total (kg CO2e), by_gas_kg, fossil_co2_kg, biogenic_co2_kg, co2_uptake_kg, luc_co2_kg, top_contributors [{process_id, process_name, kg_co2e, share}], unmatched_ghg_flows [{flow_id, name, compartment, cas, amount, unit}] (elementary flows that look like greenhouse gases but have no factor in the method), datasets."
        )
        @OptionGroup var options: LCIOptions
        @Option(help: "Process id, id prefix or unique name.") var process: String
        @Option(help: "Amount of the reference product (in its reference unit).") var amount: Double = 1
        @Option(
            help:
                "Impact method: ipcc-ar6-gwp100, ipcc-ar5-gwp100, ipcc-ar6-gwp20 (add -fossil-luc to exclude biogenic CO2), or ipcc-<set>-<metric> of a GWP set imported with data import --kind gwp."
        ) var method: String = "ipcc-ar6-gwp100"
        @Option(help: "Number of top contributors.") var top: Int = 10
        @Flag(help: "Print JSON.") var json = false

        struct Output: Encodable {
            let process_id: String; let process_name: String; let amount: Double; let unit: String; let method: String; let total: Double
            let by_gas_kg: [String: Double]; let by_gas_co2e: [String: Double]; let fossil_co2_kg: Double; let biogenic_co2_kg: Double
            let co2_uptake_kg: Double; let luc_co2_kg: Double; let top_contributors: [LCAResult.Contributor]
            let processes_in_supply_chain: Int; let unmatched_ghg_flows: [LCAResult.UnmatchedFlow]; let datasets: [Provenance]
        }

        func run() throws {
            try YuhengCommands.run {
                let services = try options.database.services()
                let r = try services.lca.calculate(try options.calculation(process: process, amount: amount, method: method, top: top))
                let datasets = try services.lca.provenance(database: options.lci, method: method)
                if json {
                    print(
                        try Format.json(
                            Output(
                                process_id: r.processID, process_name: r.processName, amount: r.amount, unit: r.unit, method: r.method,
                                total: r.total, by_gas_kg: r.byGasKg, by_gas_co2e: r.byGasCO2e, fossil_co2_kg: r.fossilCO2Kg,
                                biogenic_co2_kg: r.biogenicCO2Kg, co2_uptake_kg: r.uptakeCO2Kg, luc_co2_kg: r.lucCO2Kg,
                                top_contributors: r.topContributors, processes_in_supply_chain: r.processesInSupplyChain,
                                unmatched_ghg_flows: r.unmatchedGHGFlows ?? [], datasets: datasets)))
                    return
                }
                print(render(r, datasets: datasets))
            }
        }

        func render(_ r: LCAResult, datasets: [Provenance]) -> String {
            var out = "\(r.processName) — \(Format.number(r.amount, decimals: 4)) \(r.unit) — \(r.method)\n\n"
            out += "Carbon footprint: \(String(format: "%.6g", r.total)) kg CO2e\n\n"
            var g = TextTable(["Gas", "kg", "kg CO2e"], alignRight: [false, true, true])
            for (gas, v) in r.byGasCO2e.sorted(by: { abs($0.value) > abs($1.value) }) {
                g.add([gas, String(format: "%.6g", r.byGasKg[gas] ?? 0), String(format: "%.6g", v)])
            }
            out += g.render() + "\n"
            out += String(
                format: "\nCO2: fossil %.6g kg, biogenic %.6g kg, uptake %.6g kg, land-use change %.6g kg\n", r.fossilCO2Kg, r.biogenicCO2Kg,
                r.uptakeCO2Kg, r.lucCO2Kg)
            out += "\nTop contributing processes (direct emissions):\n"
            var t = TextTable(["Process", "kg CO2e", "Share"], alignRight: [false, true, true])
            for c in r.topContributors {
                t.add([String(c.processName.prefix(70)), String(format: "%.6g", c.kgCO2e), String(format: "%.1f %%", c.share * 100)])
            }
            out += t.render() + "\n"
            out +=
                "\n\(r.processesInSupplyChain) processes in the supply chain. Datasets: "
                + datasets.map { "\($0.datasetID) \($0.version) (\($0.licence))" }.joined(separator: "; ")
            return out + unmatchedSection(r.unmatchedGHGFlows ?? [])
        }

        /// The greenhouse-gas-looking flows without a factor, after the result (nothing when there are none).
        func unmatchedSection(_ flows: [LCAResult.UnmatchedFlow]) -> String {
            guard !flows.isEmpty else { return "" }
            var t = TextTable(["Flow", "Compartment", "Amount", "Unit"], alignRight: [false, false, true, false])
            for f in flows { t.add([String(f.name.prefix(60)), f.compartment, String(format: "%.6g", f.amount), f.unit]) }
            return "\n\n\(flows.count) flow(s) of the inventory look like greenhouse gases but have no factor in \(method) (not counted):\n"
                + t.render()
        }
    }
}
