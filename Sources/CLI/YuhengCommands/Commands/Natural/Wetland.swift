import ArgumentParser
import Foundation
import YuhengCore
import YuhengNatural
import YuhengServices

extension NaturalCommand {
    /// `yuheng natural wetland`.
    struct Wetland: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drained and rewetted organic soils: CO2, CH4 and N2O with the 2013 IPCC Wetlands Supplement defaults.",
            discussion: """
                Give a CSV file (columns: id, area, area_unit, status, climate, land_use, nutrient, managed, ef_co2, ef_ch4, ef_n2o, area_uncertainty_pct) \
                or one site with options, e.g. `yuheng natural wetland --area 1000 --status rewetted --climate temperate --nutrient rich`.
                """)
        @Argument(help: "Sites file (CSV).") var file: String?
        @Option(help: "Area.") var area: Double?
        @Option(help: "Unit of the area.") var areaUnit: String = "ha"
        @Option(help: "drained or rewetted.") var status: String?
        @Option(help: "boreal, temperate or tropical.") var climate: String?
        @Option(help: "Land use of a drained soil: forest, cropland, grassland, peat_extraction, oil_palm, sago_palm, rice.") var landUse: String?
        @Option(help: "Nutrient status: poor, rich, rich_deep, rich_shallow.") var nutrient: String?
        @Flag(help: "The land is unmanaged: natural peatland.") var unmanaged = false
        @OptionGroup var gwp: NaturalGWPOptions
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let services = try database.services()
                let sites: [OrganicSoilActivity]
                if let file {
                    sites = try services.natural.sites(file: file)
                } else {
                    guard let area, let status, let climate else { throw ValidationError("give a CSV file, or --area, --status and --climate") }
                    sites = [
                        OrganicSoilActivity(
                            id: "site", area: area, areaUnit: areaUnit, status: status, climate: climate, landUse: landUse, nutrient: nutrient,
                            managed: !unmanaged)
                    ]
                }
                let report = try services.natural.wetland(sites, gwp: gwp.gwp, file: file)
                if json { print(try Format.json(report)); return }
                NaturalCommand.printWarnings(report.warnings)
                print("Organic soils (2013 Wetlands Supplement, Tier 1) — t of gas per year, 95 % range in brackets\n")
                var t = TextTable(
                    ["Site", "Status", "Climate", "Land use", "Area ha", "CO2", "CH4", "N2O"],
                    alignRight: [false, false, false, false, true, true, true, true])
                for s in report.sites {
                    func g(_ gas: String) -> String { s.gases.first { $0.gas == gas }.map { NaturalCommand.u($0.tonnes, 2) } ?? "" }
                    t.add([
                        s.id, s.status, s.climate + (s.nutrient.map { "/\($0)" } ?? ""), s.landUse ?? "", Format.number(s.areaHa, decimals: 0),
                        g("CO2"), g("CH4"), g("N2O")
                    ])
                }
                print(t.render())
                NaturalCommand.printTotals(report.totals)
                NaturalCommand.printDefaults(report.defaultsUsed)
                for n in report.notes { print("note: \(n)") }
            }
        }
    }
}
