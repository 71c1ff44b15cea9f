import ArgumentParser
import Foundation
import YuhengCore
import YuhengNatural
import YuhengServices

extension NaturalCommand {
    /// `yuheng natural country ISO3`.
    struct Country: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bundled national land-use and natural figures of a country.",
            discussion: """
                Land-use change CO2 (GCB 2024, four bookkeeping models), inventory-like LUCF CO2 (Climate Watch/CAIT), the country's share of \
                its Global Methane Budget region's natural CH4 (2008–2017), and regional fire context (EDGAR 2024 macro-regions).
                """)
        @Argument(help: "ISO 3166-1 alpha-3 code (any case), e.g. BRA.") var iso3: String
        @Option(help: "Year: every yearly figure shown is of that year, or the request is refused (default: the latest with data).") var year: Int?
        @Option(help: "GWP set for the natural CH4 in CO2e.") var gwp: String = "AR5"
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let out = try database.services().natural.country(iso3, year: year, gwp: gwp)
                let f = out.figures, datasets = out.datasets, notes = out.notes
                if json { print(try Format.json(out)); return }
                print("\(f.name) (\(f.iso3)) — land-use and natural figures\n")
                if let l = f.landUse {
                    print(
                        "Land-use change CO2 \(l.year) (GCB 2024): \(Format.number(l.meanMt, decimals: 1)) Mt CO2 (models \(Format.number(l.lowMt, decimals: 1)) to \(Format.number(l.highMt, decimals: 1)))"
                    )
                    print("  " + l.modelsMt.keys.sorted().map { "\($0) \(Format.number(l.modelsMt[$0]!, decimals: 1))" }.joined(separator: ", "))
                    let recent = f.landUseSeries.suffix(6).map { "\($0.year): \(Format.number($0.meanMt, decimals: 1))" }.joined(separator: "  ")
                    print("  recent years (mean, Mt CO2): \(recent)")
                }
                if let c = f.lucf { print("LUCF CO2 \(c.year) (Climate Watch/CAIT, inventory-like): \(Format.number(c.mt, decimals: 1)) Mt CO2") }
                if let m = f.naturalMethane, let e = out.naturalCH4CO2eMt {
                    let share =
                        m.allocation == "region"
                        ? "GMB region \(m.region)" : String(format: "%.1f %% of GMB region %@ by land area", m.share * 100, m.region)
                    print(
                        "Natural CH4 sources \(m.period) (\(share)): \(Format.number(m.naturalSourcesTg.value, decimals: 2)) Tg CH4/yr (\(Format.number(m.naturalSourcesTg.low ?? 0, decimals: 2)) – \(Format.number(m.naturalSourcesTg.high ?? 0, decimals: 2))) = \(Format.number(e.value, decimals: 1)) Mt CO2e (\(out.gwp))"
                    )
                    if let w = m.wetlandsTg {
                        print(
                            "  of which wetlands \(Format.number(w.value, decimals: 2)) Tg CH4/yr; soil sink \(Format.number(m.soilSinkTg?.value ?? 0, decimals: 2)) Tg CH4/yr"
                        )
                    }
                }
                print("Datasets: " + datasets.map { "\($0.datasetID) \($0.version) (\($0.licence))" }.joined(separator: "; "))
                for n in notes { print("note: \(n)") }
            }
        }
    }
}
