import ArgumentParser
import Foundation
import YuhengCore
import YuhengData
import YuhengInventory

struct InventoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Compute a production-based inventory (IPCC 2006 Tier 1) from an activity file.",
        discussion: """
            The activity file is CSV with columns id,category,method,item,amount,unit,ad_uncertainty_pct,parameters \
            (see docs/inventory-format.md and examples/inventory/). Methods: stationary, mobile, cement, enteric, reference.

            JSON output (--json) has the stable top-level keys total_co2e_t, by_gas_t, by_gas_co2e_t, by_category, \
            uncertainty_pct, uncertainty_coverage, uncertainty_unquantified, gwp, memo, reference_approach, \
            reference_vs_sectoral_pct, sources, datasets, warnings.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Activity data file (CSV).") var file: String
    @Option(help: "GWP set for CO2e: AR4, AR5 or AR6 (GWP100), or e.g. AR6-GWP20.") var gwp: String = "AR5"
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Show each source's calculation steps.") var detail = false
    @Option(help: ArgumentHelp("Propagate uncertainty: montecarlo (IPCC Approach 2) or analytic (first order).", valueName: "method")) var uncertainty: String?
    @Option(help: "Monte Carlo iterations (with --uncertainty montecarlo).") var iterations: Int = 10_000
    @Option(help: "Random seed (with --uncertainty montecarlo).") var seed: UInt64 = 1

    func run() async throws {
        if let uncertainty { return try await runUncertainty(uncertainty) }
        try YuhengCommands.run {
            let text: String
            do { text = try InputFile.read(file) } catch let e as DataError {
                throw InventoryError(.emptyInput, e.message, suggestion: e.suggestion, file: file)
            }
            let name = (file as NSString).lastPathComponent
            let activities = try ActivityFile.parseCSV(text, fileName: name)
            let db = try database.open()
            let set = try db.gwpLibrary().set(named: gwp)
            let engine = InventoryEngine(factors: try db.inventoryFactors(), gwp: set)
            var result = try engine.compute(activities, fileName: name)
            if let gp = set.provenance, !result.datasets.contains(where: { $0.datasetID == gp.datasetID }) {
                result.datasets.append(gp)
            }
            if let (path, v) = FiniteCheck.firstNonFinite(in: result) {
                throw InventoryError(.invalidNumber, FiniteCheck.message(path: path, value: v), field: path, file: file)
            }
            if json { print(try Format.json(result)); return }
            render(result)
        }
    }

    func render(_ r: InventoryResult) {
        print("Production-based inventory — \(file) — CO2e with \(r.gwp)\n")
        var t = TextTable(["Category", "Name", "CO2 t", "CH4 t", "N2O t", "CO2e t", "U (95%)"],
                          alignRight: [false, false, true, true, true, true, true])
        for (code, c) in r.byCategory.sorted(by: { $0.key < $1.key }) {
            t.add([code, c.name, Format.number(c.byGasTonnes["CO2"] ?? 0), Format.number(c.byGasTonnes["CH4"] ?? 0, decimals: 3),
                   Format.number(c.byGasTonnes["N2O"] ?? 0, decimals: 3), Format.number(c.co2eTonnes), Format.percent(c.uncertaintyPercent)])
        }
        t.add(["", "Total", Format.number(r.byGasTonnes["CO2"] ?? 0), Format.number(r.byGasTonnes["CH4"] ?? 0, decimals: 3),
               Format.number(r.byGasTonnes["N2O"] ?? 0, decimals: 3), Format.number(r.totalCO2eTonnes), Format.percent(r.uncertaintyPercent)])
        print(t.render())
        print("\nTotal: \(Format.number(r.totalCO2eTonnes)) t CO2e (\(r.gwp)), Approach 1 uncertainty \(Format.percent(r.uncertaintyPercent))"
              + (r.uncertaintyCoverage < 0.9999 && r.totalCO2eTonnes != 0 ? String(format: " covering %.1f %% of the total", r.uncertaintyCoverage * 100) : ""))
        if r.memo.biogenicCO2Tonnes > 0 || r.memo.internationalBunkersCO2eTonnes > 0 {
            print("Memo items (not in the total): biogenic CO2 \(Format.number(r.memo.biogenicCO2Tonnes)) t; international bunkers \(Format.number(r.memo.internationalBunkersCO2eTonnes)) t CO2e")
        }
        if !r.referenceApproach.isEmpty {
            print("\nReference approach (Vol 2 Ch 6):")
            var rt = TextTable(["ID", "Fuel", "Apparent consumption t", "Energy TJ", "Carbon t", "Excluded C t", "CO2 t"],
                               alignRight: [false, false, true, true, true, true, true])
            for x in r.referenceApproach {
                rt.add([x.id, x.fuel, Format.number(x.apparentConsumptionTonnes), Format.number(x.energyTJ), Format.number(x.carbonTonnes),
                        Format.number(x.excludedCarbonTonnes), Format.number(x.co2Tonnes)])
            }
            print(rt.render())
            if let d = r.referenceVsSectoralPercent { print(String(format: "Reference vs sectoral approach: %+.2f %%", d)) }
        }
        if detail {
            print("\nSources:")
            for s in r.sources {
                print("  \(s.id) [\(s.category) \(s.method.rawValue) \(s.item)]\(s.memo.map { " — memo: \($0)" } ?? "")")
                for step in s.steps { print("    \(step)") }
            }
        }
        if !r.warnings.isEmpty {
            print("")
            for w in r.warnings { print("warning: \(w)") }
        }
        print("\nDatasets: " + r.datasets.map { "\($0.datasetID) (\($0.version))" }.joined(separator: ", "))
    }
}
