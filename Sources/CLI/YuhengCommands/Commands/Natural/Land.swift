import ArgumentParser
import Foundation
import YuhengCore
import YuhengNatural
import YuhengServices

extension NaturalCommand {
    /// `yuheng natural land`.
    struct Land: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Biomass carbon-stock change by gain–loss (Eqs 2.7, 2.9–2.16) or stock-difference (Eq 2.8).",
            discussion: """
                Give a CSV file (one stratum per row; columns in docs/natural-format.md) or one stratum with options, e.g. \
                `yuheng natural land --method gain-loss --area 10000 --growth 4 --root-shoot 0.25 --harvest 20000 --bcef-r 0.7` or \
                `yuheng natural land --method stock-difference --stock-t1 1000000 --stock-t2 1050000 --year-t1 2015 --year-t2 2020`.
                """)
        @Argument(help: "Strata file (CSV).") var file: String?
        @Option(help: "gain-loss or stock-difference.") var method: String?
        @Option(help: "forest_remaining or converted.") var landCategory: String = "forest_remaining"
        @Option(help: "Area, ha.") var area: Double?
        @Option(help: "Above-ground biomass growth G_W, t dm/ha/yr.") var growth: Double?
        @Option(help: "Root-to-shoot ratio R.") var rootShoot: Double?
        @Option(help: "Ecological zone for the default R (IPCC Table 4.4).") var ecoZone: String?
        @Option(help: "Above-ground biomass class for the default R (e.g. agb_lt_75).") var biomassClass: String?
        @Option(help: "Carbon fraction CF (default 0.47).") var carbonFraction: Double?
        @Option(help: "Wood removals H, m³/yr.") var harvest: Double?
        @Option(help: "BCEF_R, t dm/m³.") var bcefR: Double?
        @Option(help: "Disturbed area, ha.") var disturbanceArea: Double?
        @Option(help: "Above-ground biomass of the disturbed area B_W, t dm/ha.") var disturbanceBiomass: Double?
        @Option(help: "Fraction of biomass lost f_d (0–1).") var disturbanceFraction: Double?
        @Option(help: "Biomass before conversion, t dm/ha.") var biomassBefore: Double?
        @Option(help: "Biomass after conversion, t dm/ha.") var biomassAfter: Double?
        @Option(help: "Carbon stock at t1, t C.") var stockT1: Double?
        @Option(help: "Carbon stock at t2, t C.") var stockT2: Double?
        @Option(help: "Year t1.") var yearT1: Int?
        @Option(help: "Year t2.") var yearT2: Int?
        @Flag(help: "The land is unmanaged: the flux is natural.") var unmanaged = false
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let services = try database.services()
                let strata: [LandStratum]
                if let file {
                    strata = try services.natural.strata(file: file)
                } else {
                    guard let method else { throw ValidationError("give a CSV file, or --method gain-loss|stock-difference with its options") }
                    guard let m = LandStratum.Method(rawValue: method) else {
                        throw ValidationError("unknown --method '\(method)'; use gain-loss or stock-difference")
                    }
                    var s = LandStratum(id: "stratum", method: m, landCategory: landCategory, managed: !unmanaged)
                    s.area = area; s.growth = growth; s.rootShoot = rootShoot; s.ecoZone = ecoZone; s.biomassClass = biomassClass;
                    s.carbonFraction = carbonFraction
                    s.harvest = harvest; s.bcefR = bcefR; s.disturbanceArea = disturbanceArea; s.disturbanceBiomass = disturbanceBiomass
                    s.disturbanceFraction = disturbanceFraction; s.biomassBefore = biomassBefore; s.biomassAfter = biomassAfter
                    s.stockT1 = stockT1; s.stockT2 = stockT2; s.yearT1 = yearT1; s.yearT2 = yearT2
                    strata = [s]
                }
                let report = try services.natural.land(strata, file: file)
                if json { print(try Format.json(report)); return }
                NaturalCommand.printWarnings(report.warnings)
                print("Biomass carbon-stock change — t C/yr and t CO2/yr (negative CO2 = removal), 95 % range in brackets\n")
                var t = TextTable(
                    ["Stratum", "Method", "Gains tC", "Losses tC", "ΔC tC/yr", "CO2 t/yr", "Reporting"],
                    alignRight: [false, false, true, true, true, true, false])
                for r in report.strata {
                    t.add([
                        r.id, r.method, r.gainsTC.map { Format.number($0, decimals: 2) } ?? "",
                        r.lossesTC.isEmpty ? "" : Format.number(r.lossesTC.values.reduce(0, +), decimals: 2),
                        Format.number(r.deltaCTC.value, decimals: 2), NaturalCommand.u(r.co2T, 2), r.reporting.rawValue
                    ])
                }
                print(t.render())
                print("\nReportable (managed land): \(NaturalCommand.u(report.inventoryCO2T, 2)) t CO2/yr")
                print("Natural (unmanaged land): \(NaturalCommand.u(report.naturalCO2T, 2)) t CO2/yr")
                NaturalCommand.printDefaults(report.defaultsUsed)
                for n in report.notes { print("note: \(n)") }
            }
        }
    }
}
