import ArgumentParser
import Foundation
import YuhengData
import YuhengServices

extension LCACommand {
    /// `yuheng lca import PATH`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import an openLCA JSON-LD (zip or folder), EcoSpold2 (.spold or folder), Brightway CSV or Yuheng LCI CSV database.",
            discussion: """
                The format is detected from the content unless --format names it. Datasets that cannot be read are rejected on their own \
                (listed with their reasons); the rest is stored in one transaction, so a failed import leaves the database as it was, \
                with or without --json (same exit status either way).
                """)
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Path to the data.") var path: String
        @Option(help: "Dataset id; default: from the file name.") var id: String?
        @Option(help: "Format: \(LCAService.importFormats.joined(separator: ", ")) (jsonld = olca).") var format: String = "auto"
        @Option(help: "Licence of the data.") var licence: String = "unknown"
        @Option(help: "Source (publication or URL).") var source: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                guard LCAService.importFormat(format) != nil else {
                    throw ValidationError("unknown format '\(format)'; use \(LCAService.importFormats.joined(separator: ", "))")
                }
                let services = try database.services()
                let r = try services.lca.importDatabase(path: path, id: id, format: format, licence: licence, source: source)
                if json { print(try Format.json(r.report)); return }
                print(r.report.description)
                print(
                    "\nLinking: \(r.linked) product inputs linked, \(r.unlinkedByReason.values.reduce(0, +)) unlinked (cut off), \(r.ambiguousFlows) ambiguous flows; \(r.multiOutputProcesses) multi-output processes (\(r.allocatedProcesses) allocated), \(r.avoidedProducts) avoided products"
                )
                for (reason, n) in r.unlinkedByReason.sorted(by: { $0.value > $1.value }) { print("  unlinked, \(reason): \(n)") }
                print("read as \(r.format.rawValue); \(r.calculableProcesses) processes can be calculated")
                print("stored as LCI database '\(r.datasetID)'")
            }
        }
    }
}
