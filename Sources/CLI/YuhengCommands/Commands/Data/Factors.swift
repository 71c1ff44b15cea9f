import ArgumentParser
import Foundation
import YuhengCore
import YuhengData

/// `yuheng factors search`.
struct FactorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factors",
        abstract: "Search emission factors and other parameters.",
        subcommands: [Search.self]
    )

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Full-text search over factors (words are prefixes, all must match).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Search text, e.g. \"natural gas residential\".") var text: String
        @Option(help: "Maximum number of results.") var limit: Int = 25
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let hits = try database.open().searchFactors(text, limit: limit)
                if json { print(try Format.json(hits)); return }
                if hits.isEmpty { print("no factors match \"\(text)\"; try fewer or shorter words"); return }
                var t = TextTable(
                    ["Table", "Category", "Item", "Gas", "Value", "Unit", "95% range", "Dataset", "Description"],
                    alignRight: [false, false, false, false, true, false, false, false, false])
                for h in hits {
                    let f = h.factor
                    let range = (f.low != nil && f.high != nil) ? "\(g(f.low!))–\(g(f.high!))" : ""
                    t.add([
                        f.table, f.category, f.item + (f.qualifier.isEmpty ? "" : "/\(f.qualifier)"), f.gas, g(f.value), f.unit, range, f.datasetID,
                        f.description
                    ])
                }
                print(t.render())
            }
        }

        func g(_ x: Double) -> String { String(format: "%g", x) }
    }
}
