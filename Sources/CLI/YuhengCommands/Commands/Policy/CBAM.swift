import ArgumentParser
import Foundation
import YuhengServices

/// `yuheng cbam FILE`: EU CBAM embedded emissions, default values and the certificate obligation.
struct CBAMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cbam",
        abstract: "EU CBAM: embedded emissions of imported goods, actual against default values, and the certificate obligation.",
        discussion: """
            FILE is a CBAM installation file in YAML, JSON or CSV (docs/cbam-format.md; examples in examples/cbam/): \
            installations with their production processes (own direct emissions, electricity, precursors), and the \
            imports to assess (quantity, benchmark, carbon price paid abroad). Electricity emission factors missing \
            from the file are taken from the data layer's grid intensity of the installation's country.

            JSON output (--json) has the stable top-level keys title, year, period, certificate_price_eur, cscf, \
            cbam_factor, processes, imports, totals, datasets, notes, warnings.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "CBAM installation file (.yaml, .json or .csv).") var file: String
    @Option(help: "Year of import (CBAM factor and mark-up); default: the file's, else 2026.") var year: Int?
    @Option(help: ArgumentHelp("CBAM certificate price, EUR per certificate; default: the file's.", valueName: "EUR")) var price: Double?
    @Option(help: "Cross-sectoral correction factor; default: the file's, else 1.") var cscf: Double?
    @Flag(help: "Show each process's calculation steps.") var detail = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try YuhengCommands.run {
            let result = try database.services().policy.cbam(file: file, year: year, price: price, cscf: cscf)
            if json { print(try Format.json(result)); return }
            print(CBAMReport.render(result, file: file, detail: detail))
            printWarnings(result.warnings)
        }
    }
}

/// Warnings go to stderr in text mode (they stay in `warnings` in JSON).
func printWarnings(_ warnings: [String]) {
    for w in warnings { printToStderr("warning: \(w)") }
}
