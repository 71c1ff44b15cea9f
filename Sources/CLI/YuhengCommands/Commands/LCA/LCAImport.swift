import ArgumentParser
import Foundation
import YuhengServices

extension LCACommand {
    /// `yuheng lca import PATH`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import an openLCA JSON-LD (zip or folder), EcoSpold2 (.spold or folder) or Yuheng LCI CSV file.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Path to the data.") var path: String
        @Option(help: "Dataset id; default: from the file name.") var id: String?
        @Option(help: "Format: auto, olca, ecospold2 or csv.") var format: String = "auto"
        @Option(help: "Licence of the data.") var licence: String = "unknown"
        @Option(help: "Source (publication or URL).") var source: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                guard ["auto", "olca", "ecospold2", "csv"].contains(format) else { throw ValidationError("unknown format '\(format)'; use auto, olca, ecospold2 or csv") }
                let services = try database.services()
                let r = try services.lca.importDatabase(path: path, id: id, format: format, licence: licence, source: source)
                if json { print(try Format.json(r.report)); return }
                print(r.report.description)
                let model = r.model
                print("\nLinking: \(model.linkedCount) product inputs linked, \(model.unlinked.count) unlinked (cut off), \(model.ambiguousFlows.count) ambiguous flows; \(model.multiOutputProcesses) multi-output processes (\(model.allocatedProcesses) allocated), \(model.avoidedProducts) avoided products")
                let reasons = Dictionary(grouping: model.unlinked, by: \.reason).mapValues(\.count)
                for (reason, n) in reasons.sorted(by: { $0.value > $1.value }) { print("  unlinked, \(reason): \(n)") }
                print("stored as LCI database '\(r.id)'")
            }
        }
    }
}
