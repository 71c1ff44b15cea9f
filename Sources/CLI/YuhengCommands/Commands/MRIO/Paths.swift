import ArgumentParser
import Foundation
import YuhengCore
import YuhengMRIO
import YuhengServices

extension MRIOCommand {
    /// `yuheng mrio paths`: structural path analysis of a region's final demand.
    struct Paths: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Structural path analysis: the top supply-chain paths behind a region's consumption-based emissions.",
            discussion:
                "Nodes are shown as REGION:SECTOR with the sector's name. JSON (--json): region, stressor, unit (the table's; kt CO2e with --gas), total, coverage, paths [{nodes, value, share, subtreeValue}], truncated. With --gas (co2|ch4|n2o|ghg) and --gwp (AR5|AR6) the paths are of that gas in CO2e (a table with co2, ch4 and n2o, e.g. the bundled wiodYYYY-ghg)."
        )
        @OptionGroup var source: MRIOInputOptions
        @Option(help: "Extension; default: co2, else the first.") var `extension`: String?
        @Option(help: "Stressor; default: the extension's first.") var stressor: String?
        @Option(help: "Consuming region whose final demand is analysed (table or ISO code, any case).") var region: String
        @Option(help: "Minimum path share of the total (e.g. 0.001 = 0.1 %).") var threshold: Double = 0.001
        @Option(help: "Number of paths.") var top: Int = 20
        @Option(help: "Maximum path length (upstream tiers).") var depth: Int = 6
        @OptionGroup var gases: GasOptions
        @OptionGroup var unit: UnitOptions
        @Flag(help: "Print JSON.") var json = false

        struct Output: Encodable {
            let region: String; let stressor: String; let unit: String; let total: Double; let coverage: Double
            let paths: [SupplyChainPath]; let truncated: Bool
        }

        func run() throws {
            try YuhengCommands.run {
                let services = try source.database.services()
                let q = MRIOService.PathsRequest(region: region, stressor: stressor, threshold: threshold, top: top, depth: depth)
                var src = try source.source(extension: self.extension)
                src.gas = try gases.chosen()
                src.gwp = try gases.set()
                let p = try services.mrio.paths(src, q)
                let a = p.analysis
                if json {
                    print(
                        try Format.json(
                            Output(
                                region: p.region, stressor: p.stressor, unit: p.unit, total: a.total, coverage: a.coverage,
                                paths: a.paths, truncated: a.truncated)))
                    return
                }
                let n = NationalUnit.displayCO2e(unit.chosen, tableUnit: p.unit)
                // Paths are small parts of a national total: more decimals than the total's.
                let small = UnitDisplay(factor: n.factor, label: n.label, decimals: n.decimals + 2)
                print("Top supply-chain paths of \(p.region)'s final demand — \(p.stressor) [\(n.label)] — total \(n(a.total)) \(n.label)\n")
                var t = TextTable(
                    ["#", "Value (\(n.label))", "Share", "Path (final product ← … ← emitting sector)"], alignRight: [true, true, true, false])
                for (i, path) in a.paths.enumerated() {
                    t.add([
                        String(i + 1), small(path.value), String(format: "%.2f %%", path.share * 100),
                        path.nodes.map { p.table.system.namedLabel($0) }.joined(separator: " ← ")
                    ])
                }
                print(t.render())
                print(
                    String(format: "\nThe %d paths cover %.1f %% of the total (%d nodes expanded", a.paths.count, a.coverage * 100, a.expandedNodes)
                        + (a.truncated ? ", search truncated)." : ")."))
            }
        }
    }
}
