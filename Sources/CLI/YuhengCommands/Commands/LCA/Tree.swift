import ArgumentParser
import Foundation
import YuhengLCA
import YuhengServices

extension LCACommand {
    /// `yuheng lca tree --process P`.
    struct Tree: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The upstream supply-chain tree down to a cut-off.")
        @OptionGroup var options: LCIOptions
        @Option(help: "Process id, id prefix or unique name.") var process: String
        @Option(help: "Amount of the reference product.") var amount: Double = 1
        @Option(help: "Impact method.") var method: String = "ipcc-ar6-gwp100"
        @Option(help: "Hide branches below this share of the total.") var cutoff: Double = 0.01
        @Option(help: "Maximum depth.") var depth: Int = 6
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let services = try options.database.services()
                let (total, tree) = try services.lca.tree(
                    try options.calculation(process: process, amount: amount, method: method), cutoff: cutoff, depth: depth)
                if json { print(try Format.json(tree)); return }
                func show(_ n: SupplyChainNode, _ prefix: String) {
                    let share = total != 0 ? n.upstreamKgCO2e / total * 100 : 0
                    print(
                        "\(prefix)\(n.processName) — \(String(format: "%.4g", n.amount)) \(n.unit): \(String(format: "%.4g", n.upstreamKgCO2e)) kg CO2e (\(String(format: "%.1f", share)) %, direct \(String(format: "%.4g", n.directKgCO2e)))"
                    )
                    for c in n.children { show(c, prefix + "  ") }
                }
                show(tree, "")
            }
        }
    }
}
