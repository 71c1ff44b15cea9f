import ArgumentParser
import Foundation
import YuhengCore
import YuhengMRIO
import YuhengServices

extension MRIOCommand {
    /// `yuheng mrio transfers`: emissions embodied in bilateral trade.
    struct Transfers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Emissions embodied in bilateral trade: origin-to-destination (MRIO) and EEBT, net transfers and the top flows.",
            discussion:
                "JSON (--json): stressor, unit (the table's; kt CO2e with --gas), regions, origin_destination, eebt, top_flows [{origin, destination, mrio, eebt}], balances. With --gas (co2|ch4|n2o|ghg) and --gwp (AR5|AR6) the flows are of that gas in CO2e (a table with co2, ch4 and n2o, e.g. the bundled wiodYYYY-ghg)."
        )
        @OptionGroup var source: MRIOInputOptions
        @Option(help: "Extension; default: co2, else the first.") var `extension`: String?
        @Option(help: "Stressor; default: the extension's first.") var stressor: String?
        @Option(help: "Number of top flows to list.") var top: Int = 20
        @Option(help: "Only flows into or out of this region (table or ISO code).") var region: String?
        @OptionGroup var gases: GasOptions
        @OptionGroup var unit: UnitOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                guard top >= 0 else { throw ValidationError("--top must be 0 or more") }
                let services = try source.database.services()
                var src = try source.source(extension: self.extension)
                src.gas = try gases.chosen()
                src.gwp = try gases.set()
                let (table, tr) = try services.mrio.transfers(src, stressor: stressor)
                var flows = tr.topFlows(tr.regions.count * tr.regions.count)
                if let r = region {
                    let code = tr.regions[try table.system.regionIndex(r)]
                    flows = flows.filter { $0.origin == code || $0.destination == code }
                }
                flows = Array(flows.prefix(top))
                if json { print(try Format.json(output(tr, flows: flows))); return }
                print(render(tr, flows: flows))
            }
        }

        struct Pair: Encodable { let origin: String; let destination: String; let mrio: Double; let eebt: Double? }
        struct Balance: Encodable { let region: String; let imports: Double; let exports: Double; let net: Double }
        struct Output: Encodable {
            let stressor: String; let unit: String; let regions: [String]
            let origin_destination: [[Double]]; let eebt: [[Double]]?
            let top_flows: [Pair]; let balances: [Balance]
        }

        func output(_ tr: TradeTransfers, flows: [BilateralFlow]) -> Output {
            let index = Dictionary(uniqueKeysWithValues: tr.regions.enumerated().map { ($1, $0) })
            let R = tr.regions.indices
            let od = R.map { r in R.map { tr.originDestination[r, $0] } }
            let ee = tr.eebt.map { m in R.map { r in R.map { m[r, $0] } } }
            let pairs = flows.map { f in
                Pair(origin: f.origin, destination: f.destination, mrio: f.value, eebt: tr.eebt.map { $0[index[f.origin]!, index[f.destination]!] })
            }
            let bal = tr.balances().map { Balance(region: $0.region, imports: $0.imports, exports: $0.exports, net: $0.net) }
            return Output(
                stressor: tr.stressor, unit: tr.unit, regions: tr.regions, origin_destination: od, eebt: ee, top_flows: pairs, balances: bal)
        }

        func render(_ tr: TradeTransfers, flows: [BilateralFlow]) -> String {
            let n = NationalUnit.displayCO2e(unit.chosen, tableUnit: tr.unit)
            let index = Dictionary(uniqueKeysWithValues: tr.regions.enumerated().map { ($1, $0) })
            var t = TextTable(
                ["Origin", "Destination", "MRIO (\(n.label))", "EEBT (\(n.label))", "Reverse, MRIO (\(n.label))", "Net to destination (\(n.label))"],
                alignRight: [false, false, true, true, true, true])
            for f in flows {
                let o = index[f.origin]!, d = index[f.destination]!
                t.add([
                    f.origin, f.destination, n(f.value), tr.eebt.map { n($0[o, d]) } ?? "", n(tr.originDestination[d, o]),
                    n(f.value - tr.originDestination[d, o])
                ])
            }
            return "Emissions embodied in trade — \(tr.stressor) [\(n.label)] — origin (producer) → destination (final consumer)\n\n" + t.render()
        }
    }
}
