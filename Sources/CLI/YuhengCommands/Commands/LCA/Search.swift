import ArgumentParser
import Foundation
import YuhengServices

extension LCACommand {
    /// `yuheng lca search WORDS`.
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search processes by name, category and location.",
            discussion:
                "JSON (--json): [{database, process_id, name, location, category, unit (the process's own: what a footprint is per), reference_unit (the flow's)}]."
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Search text, e.g. \"electricity coal\".") var text: String
        @Option(help: "Maximum number of results (1–500).") var limit: Int = 20
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try YuhengCommands.run {
                let hits = try database.services().lca.search(text, limit: limit)
                if json { print(try Format.json(hits)); return }
                if hits.isEmpty { print("no process matches \"\(text)\""); return }
                var t = TextTable(["Process", "Unit", "Location", "ID", "Database"])
                for h in hits { t.add([String(h.name.prefix(60)), h.unit ?? "", h.location ?? "", String(h.processID.prefix(8)), h.database]) }
                print(t.render())
            }
        }
    }
}
