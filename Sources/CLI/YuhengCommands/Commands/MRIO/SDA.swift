import ArgumentParser
import Foundation
import YuhengCharts
import YuhengCore
import YuhengMRIO
import YuhengServices

extension MRIOCommand {
    /// `yuheng mrio sda`: structural decomposition of the change in consumption-based emissions between two years.
    struct SDA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sda",
            abstract: "Structural decomposition of the change in consumption-based emissions between two years (tables or nowcasts, 2000–2023).",
            discussion: """
                D = f L u l + h per consuming region: emission intensity f, production structure L (Leontief inverse), final-demand \\
                composition u (products and their origin), final-demand level l, and households' direct emissions h (not decomposed). \\
                Each effect is the average over all 24 orderings of the four factors (Dietzenbacher & Los 1998), so no order is \\
                privileged, and the five parts add up to the total change. The tables are in current prices: the level and the \\
                intensity effects mix volume, price and exchange-rate changes. A nowcast year shares the 2011 table's Leontief \\
                inverse. Values in Mt CO2e (--gas co2|ch4|n2o|ghg, default ghg; --gwp AR5|AR6). JSON (--json): from, to, \\
                from_estimate, to_estimate, gas, gwp, unit, factors, regions [{region, D0, D1, total_change, components \\
                {intensity, leontief, composition, level, direct_households}, level0, level1, states, residual}], datasets, notes.
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("First year (2000–2023).", valueName: "year")) var from: Int
        @Option(help: ArgumentHelp("Last year (2000–2023), after --from.", valueName: "year")) var to: Int
        @Option(help: ArgumentHelp("Only this consuming region (table or ISO code); default: every region.", valueName: "region")) var region: String?
        @OptionGroup var gases: GasOptions
        @Option(help: ArgumentHelp("Write an SVG waterfall chart per region (with --region, or the five largest consumers).", valueName: "file.svg"))
        var chart: String?
        @OptionGroup var unit: UnitOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let services = try database.services()
                let report = try services.mrio.sda(
                    from: from, to: to, region: region, gas: try gases.chosen(default: .ghg) ?? .ghg, gwp: try gases.set())
                let n = NationalUnit.displayCO2e(unit.chosen, tableUnit: report.unit)
                if let path = chart {
                    do { try Data(Self.chart(report, unit: n).utf8).write(to: URL(fileURLWithPath: path)) } catch {
                        throw ValidationError("cannot write the chart to \(path): \(error.localizedDescription)")
                    }
                }
                if json { print(try Format.json(report)); return }
                print(Self.render(report, unit: n))
                if let c = chart { print("chart written to \(c)") }
            }
        }

        static func label(_ year: Int, _ estimate: String) -> String { estimate == "nowcast" ? "\(year) (nowcast)" : String(year) }

        /// One row per region (largest change first): D in both years, the change and its five parts.
        static func render(_ r: SDAReport, unit n: UnitDisplay) -> String {
            let u = n.label
            var t = TextTable(
                [
                    "Region", "\(r.from) (\(u))", "\(r.to) (\(u))", "Change (\(u))", "Intensity (\(u))", "Production structure (\(u))",
                    "Composition (\(u))", "Level (\(u))", "Households direct (\(u))"
                ], alignRight: [false] + Array(repeating: true, count: 8))
            for x in r.regions.sorted(by: { abs($0.totalChange) > abs($1.totalChange) }) {
                let c = x.components
                t.add([
                    x.region, n(x.d0), n(x.d1), n(x.totalChange), n(c.intensity), n(c.leontief), n(c.composition), n(c.level), n(c.directHouseholds)
                ])
            }
            let what = r.gas == .ghg ? "GHG (CO2 + CH4 + N2O)" : r.gas.label
            var out =
                "Structural decomposition of consumption-based \(what) [\(u)], \(r.gwp) GWP100, \(label(r.from, r.fromEstimate)) → \(label(r.to, r.toEstimate))\n"
            out +=
                "Change = intensity + production structure + composition + level + households direct (average over all 24 orderings)\n\n" + t.render()
            out += "\n\nCaution: the tables are in current prices, so the level and intensity effects mix volume, price and exchange-rate changes."
            out += "\nDatasets: " + r.datasets.map { "\($0.datasetID) \($0.version)" }.joined(separator: "; ")
            for note in r.notes { out += "\nnote: \(note)" }
            return out
        }

        /// A waterfall per region: D in the first year, the five parts, D in the last year.
        static func chart(_ r: SDAReport, unit n: UnitDisplay) -> String {
            let shown = r.regions.count == 1 ? r.regions : Array(r.regions.sorted { $0.d1 > $1.d1 }.prefix(5))
            let panels = shown.map { x in
                let c = x.components
                return WaterfallChart.Panel(
                    label: x.region, start: (String(r.from), n.value(x.d0)),
                    steps: [
                        ("intensity", n.value(c.intensity)), ("production structure", n.value(c.leontief)),
                        ("composition", n.value(c.composition)), ("level", n.value(c.level)), ("households direct", n.value(c.directHouseholds))
                    ],
                    end: (String(r.to), n.value(x.d1)))
            }
            let what = r.gas == .ghg ? "GHG" : r.gas.label
            return WaterfallChart.render(
                title: "Why consumption-based \(what) changed, \(label(r.from, r.fromEstimate)) → \(label(r.to, r.toEstimate))",
                subtitle: "Dietzenbacher–Los average over all orderings; current prices: level and intensity mix volume and price", unit: n.label,
                panels: panels)
        }
    }
}
