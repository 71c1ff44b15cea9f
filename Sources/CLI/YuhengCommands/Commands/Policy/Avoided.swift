import ArgumentParser
import Foundation
import YuhengServices

/// `yuheng avoided FILE`: avoided emissions of exported wind and PV capacity.
struct AvoidedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avoided",
        abstract: "Avoided emissions of wind and PV capacity by destination country (WBCSD guidance), annual and lifetime.",
        discussion: """
            FILE is a YAML/JSON file with projects, or an export-portfolio CSV with one line per destination and \
            technology (destination, technology, capacity_mw, optional parameters); see docs/avoided-format.md and \
            examples/avoided/. The reference grid of each destination comes from the data layer unless the file gives one.

            JSON output (--json) has the stable top-level keys title, projects, by_destination, total, statements, warnings.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Avoided-emissions file (.yaml, .json or portfolio .csv).") var file: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try YuhengCommands.run {
            let result = try database.services().policy.avoided(file: file)
            if json { print(try Format.json(result)); return }
            print(AvoidedReport.render(result, file: file))
            printWarnings(result.warnings)
        }
    }
}
