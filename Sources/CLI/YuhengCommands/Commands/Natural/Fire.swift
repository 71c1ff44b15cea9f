import ArgumentParser
import Foundation
import YuhengCore
import YuhengNatural
import YuhengServices

extension NaturalCommand {
    /// `yuheng natural fire`.
    struct Fire: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Vegetation-fire emissions: A × M_B × C_f × G_ef (IPCC 2006 Vol 4 Eq 2.27; GFED).",
            discussion: """
                Give a CSV file (columns: id, vegetation, area, area_unit, fuel_consumption, fuel_load, combustion_factor, area_uncertainty_pct, managed) \
                or one fire with options, e.g. `yuheng natural fire --vegetation boreal_forest --area 10000 --fuel-consumption 35`. Vegetation: \
                \(FireVegetation.allCases.map(\.rawValue).joined(separator: ", ")).
                """)
        @Argument(help: "Activity file (CSV).") var file: String?
        @Option(help: "Vegetation type.") var vegetation: String?
        @Option(help: "Burned area.") var area: Double?
        @Option(help: "Unit of the area (ha, km^2, …).") var areaUnit: String = "ha"
        @Option(help: "Fuel consumption M_B × C_f, t dm/ha (default: van Leeuwen et al. 2014 for the vegetation).") var fuelConsumption: Double?
        @Option(help: "Fuel load M_B, t dm/ha (with --combustion-factor).") var fuelLoad: Double?
        @Option(help: "Combustion factor C_f (0–1).") var combustionFactor: Double?
        @Option(help: "Uncertainty of the area, % (95 % half-width).") var areaUncertaintyPct: Double?
        @Flag(help: "The land is unmanaged: the fire is natural (not reportable).") var unmanaged = false
        @Option(help: "Emission factors: ipcc (IPCC 2006 Table 2.5) or gfed4.") var efSet: String = "ipcc"
        @OptionGroup var gwp: NaturalGWPOptions
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let services = try database.services()
                guard let set = FireEFSet(rawValue: efSet) else { throw ValidationError("unknown --ef-set '\(efSet)'; use ipcc or gfed4") }
                let activities: [FireActivity]
                if let file {
                    activities = try services.natural.fires(file: file)
                } else {
                    guard let vegetation, let area else { throw ValidationError("give a CSV file, or --vegetation and --area") }
                    activities = [
                        FireActivity(
                            id: "fire", vegetation: vegetation, area: area, areaUnit: areaUnit, fuelLoad: fuelLoad,
                            combustionFactor: combustionFactor,
                            fuelConsumption: fuelConsumption, areaUncertaintyPct: areaUncertaintyPct, managed: !unmanaged)
                    ]
                }
                let report = try services.natural.fire(activities, set: set, gwp: gwp.gwp, file: file)
                if json { print(try Format.json(report)); return }
                NaturalCommand.printWarnings(report.warnings)
                print(
                    "Vegetation fires — \(report.method), emission factors \(set == .ipcc ? "IPCC 2006 Table 2.5" : "GFED4"); t of gas, 95 % range in brackets\n"
                )
                var t = TextTable(
                    ["Fire", "Vegetation", "Area ha", "Fuel t/ha", "CO2", "CH4", "N2O", "CO", "CO2 treated as"],
                    alignRight: [false, false, true, true, true, true, true, true, false])
                for f in report.fires {
                    func g(_ gas: String) -> String { f.gases.first { $0.gas == gas }.map { Format.number($0.tonnes.value, decimals: 1) } ?? "" }
                    t.add([
                        f.id, f.vegetation, Format.number(f.areaHa, decimals: 0), Format.number(f.fuelConsumption, decimals: 1), g("CO2"), g("CH4"),
                        g("N2O"), g("CO"),
                        f.gases.first { $0.gas == "CO2" }?.reporting.rawValue ?? ""
                    ])
                }
                print(t.render())
                print(
                    "\nTotals by gas (t): "
                        + FireEmissions.gases.compactMap { g in report.totalsByGas[g].map { "\(g) \(NaturalCommand.u($0))" } }.joined(separator: "; ")
                )
                NaturalCommand.printTotals(report.totals)
                NaturalCommand.printDefaults(report.defaultsUsed)
                for n in report.notes { print("note: \(n)") }
            }
        }
    }
}
