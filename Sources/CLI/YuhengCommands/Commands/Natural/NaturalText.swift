import ArgumentParser
import Foundation
import YuhengCore
import YuhengNatural

/// The GWP option shared by the activity commands.
struct NaturalGWPOptions: ParsableArguments {
    @Option(help: "GWP set for CO2-equivalents: AR5 (UNFCCC reporting), AR6, AR4 … (CH4 counted as biogenic).") var gwp: String = "AR5"
}

// Shared text output of the natural commands.
extension NaturalCommand {
    /// Warnings go to stderr in text mode (they stay in `warnings` in JSON).
    static func printWarnings(_ warnings: [String]) { YuhengCommands.printWarnings(warnings) }

    /// A value with its 95 % range: "1,234.5 (1,000.0 – 1,500.0)".
    static func u(_ x: Uncertain, _ d: Int = 1) -> String {
        "\(Format.number(x.value, decimals: d)) (\(Format.number(x.low, decimals: d)) – \(Format.number(x.high, decimals: d)))"
    }

    /// The default values an engine used, with their sources.
    static func printDefaults(_ used: [NaturalDefault]) {
        guard !used.isEmpty else { return }
        print("\nDefaults used:")
        for d in used {
            let what = [d.item, d.qualifier, d.gas].filter { !$0.isEmpty }.joined(separator: " ")
            print("  \(d.table) \(what) = \(d.value) \(d.unit) — \(d.source) [\(d.verification)]")
        }
    }

    /// Reportable, natural and memo totals.
    static func printTotals(_ t: ReportingTotals) {
        print("\nReportable (managed land, IPCC): \(u(t.inventoryCO2e)) t CO2e (\(t.gwp))")
        print("Natural (unmanaged land, not in national totals): \(u(t.naturalCO2e)) t CO2e")
        print("Memo CO2 (re-absorbed, or reported through carbon-stock change): \(u(t.memoCO2)) t")
    }
}
