import ArgumentParser
import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics
import YuhengServices

extension MRIOCommand {
    /// `yuheng mrio accounts`: the four accounts per region (pymrio semantics).
    struct Accounts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Consumption-, production-, import- and export-based accounts per region (pymrio semantics).",
            discussion: """
                The text table of a bundled table is in Mt (--unit kt|Mt|Gt); other tables keep their units unless --unit is given. \
                JSON (--json) top level: regions, stressors, D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg, D_iba_reg \
                (each stressor -> region -> value, in the table's units; cba and pba include F_Y as pymrio does), units (stressor -> unit), \
                solver (the method, the cost model's reason, iterations and relative residual), solver_report (the same as an object: \
                requested, method, reason, n, regions, right_hand_sides, density, products (dense|sparse, for the iteration), \
                estimated_rate, rate_bound, iterations, relative_residual, warm_started, notes), extension, system, warnings; with --multipliers also M and S (stressor -> "REGION:SECTOR" -> value). \
                With --gas (a table with co2, ch4 and n2o, e.g. --mrio wiod2005-ghg) the stressor is the gas in kt CO2e (--gwp AR5|AR6), \
                the text table in Mt CO2e, and the JSON also has gas and gwp.
                """)
        @OptionGroup var source: MRIOInputOptions
        @Option(help: "Extension (satellite account) to report, e.g. emissions or co2; default: the first.") var `extension`: String?
        @Flag(help: "Also report total multipliers M and direct intensities S per region-sector.") var multipliers = false
        @OptionGroup var gases: GasOptions
        @OptionGroup var unit: UnitOptions
        @Option(help: ArgumentHelp("How (I − A) is solved: auto (the cost model chooses), lu or iterative.", valueName: "auto|lu|iterative"))
        var solver: String = "auto"
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let services = try source.database.services()
                var src = try source.source(extension: self.extension)
                src.solver = try solverRequest(solver)
                src.gas = try gases.chosen()
                src.gwp = try gases.set()
                let a = try services.mrio.regionAccounts(src, concordance: source.aggregateRegions)
                if ProcessInfo.processInfo.environment["YUHENG_TIMING"] == "1" { printTiming(a) }
                if json {
                    var o = jsonObject(a)
                    if let g = src.gas { o["gas"] = AnyEncodable(g.rawValue); o["gwp"] = AnyEncodable(src.gwp) }
                    print(try Format.json(o))
                    return
                }
                print(render(a, unit: unit.unit ?? (a.bundled ? .Mt : nil)))
            }
        }

        func printTiming(_ a: MRIOService.RegionAccounts) {
            printToStderr("timing: read \(a.accounts.system): \(String(format: "%.3f", a.loadSeconds)) seconds")
            for (name, secs) in a.accounts.phases { printToStderr("timing: \(name) " + String(format: "%.3f s", secs)) }
        }

        func jsonObject(_ a: MRIOService.RegionAccounts) -> [String: AnyEncodable] {
            let e = a.emissions, regions = a.regions
            func reg(_ m: DenseMatrix) -> AnyEncodable { AnyEncodable(byStressor(m, stressors: e.stressors, labels: regions)) }
            var out: [String: AnyEncodable] = [
                "system": AnyEncodable(a.accounts.system), "extension": AnyEncodable(e.name), "regions": AnyEncodable(regions),
                "stressors": AnyEncodable(e.stressors), "units": AnyEncodable(Dictionary(zip(e.stressors, e.units), uniquingKeysWith: { x, _ in x })),
                "D_cba_reg": reg(a.cba), "D_pba_reg": reg(a.pba), "D_imp_reg": reg(a.imports), "D_exp_reg": reg(a.exports),
                "solver": AnyEncodable(a.accounts.solver), "warnings": AnyEncodable(a.accounts.warnings)
            ]
            if let r = a.accounts.solverReport { out["solver_report"] = AnyEncodable(r) }
            if let iba = a.incomeBased { out["D_iba_reg"] = reg(iba) }
            if let p = a.accounts.provenance { out["dataset"] = AnyEncodable(p) }
            if multipliers {
                out["M"] = AnyEncodable(byStressor(e.M, stressors: e.stressors, labels: a.labels))
                out["S"] = AnyEncodable(byStressor(e.S, stressors: e.stressors, labels: a.labels))
            }
            return out
        }

        /// One table per stressor: the four accounts, the net import and the adjustment (consumption
        /// against production, %), in `unit` when the stressor's unit is a mass.
        func render(_ a: MRIOService.RegionAccounts, unit: NationalUnit?) -> String {
            let e = a.emissions
            var out = "\(a.accounts.system) — extension \(e.name) — \(a.accounts.solver)\n\n"
            for (k, s) in e.stressors.enumerated() {
                let n = NationalUnit.displayCO2e(unit, tableUnit: e.units[k])
                let label = n.label
                out += "\(s) [\(label)]\n"
                var t = TextTable(
                    [
                        "Region", "Production (\(label))", "Consumption (\(label))", "Imports (\(label))", "Exports (\(label))",
                        "Net import (\(label))", "Adjust. (%)"
                    ], alignRight: [false, true, true, true, true, true, true])
                for (r, reg) in a.regions.enumerated() {
                    let pba = a.pba[k, r], cba = a.cba[k, r]
                    t.add([
                        reg, n(pba), n(cba), n(a.imports[k, r]), n(a.exports[k, r]), n(a.imports[k, r] - a.exports[k, r]),
                        pba != 0 ? Format.signedPercent((cba - pba) / pba * 100) : "n/a"
                    ])
                }
                t.add([
                    "Total", n(a.pba.row(k).reduce(0, +)), n(a.cba.row(k).reduce(0, +)), n(a.imports.row(k).reduce(0, +)),
                    n(a.exports.row(k).reduce(0, +)), "", ""
                ])
                out += t.render() + "\n\n"
            }
            for w in a.accounts.warnings { out += "warning: \(w)\n" }
            return out.hasSuffix("\n") ? String(out.dropLast()) : out
        }
    }
}
