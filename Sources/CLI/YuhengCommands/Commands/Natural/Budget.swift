import ArgumentParser
import Foundation
import YuhengCore
import YuhengNatural
import YuhengServices

extension NaturalCommand {
    /// `yuheng natural budget`.
    struct Budget: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The global carbon budget of a year (GCB 2019, 1959–2018) and its imbalance E_FOS + E_LUC − G_ATM − S_OCEAN − S_LAND.")
        @Option(help: "Year (1959–2018).") var year: Int = 2018
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let out = try database.services().natural.budget(year: year)
                let b = out.budgetGtC
                if json { print(try Format.json(out)); return }
                print("Global carbon budget \(year) (GCB 2019), GtC/yr")
                print(
                    "  fossil \(b.fossil) + land-use change \(b.landUseChange) = atmosphere \(b.atmosphericGrowth) + ocean \(b.oceanSink) + land \(b.landSink) + imbalance \(String(format: "%.2f", b.imbalance))"
                )
                print(
                    String(
                        format: "  in Gt CO2 (× 3.664): fossil %.1f, land-use change %.1f", b.fossil * CarbonBudget.gtCO2PerGtC,
                        b.landUseChange * CarbonBudget.gtCO2PerGtC))
            }
        }
    }
}
