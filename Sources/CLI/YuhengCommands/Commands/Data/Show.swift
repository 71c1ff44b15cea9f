import ArgumentParser
import Foundation
import YuhengCore
import YuhengData

extension DataCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one dataset: provenance, checksum and row counts.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Dataset id (see `yuheng data list`).") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let db = try database.open()
                guard let d = try db.dataset(id) else {
                    let ids = try db.datasets().map(\.id)
                    throw DataError(.unknownDataset, "no dataset '\(id)'", suggestion: "known datasets: \(ids.joined(separator: ", "))")
                }
                let counts = try db.rowCounts(dataset: id)
                let history = try db.history(dataset: id)
                if json {
                    struct Out: Encodable { let dataset: DatasetInfo; let rows: [String: Int]; let history: [YuhengDatabase.HistoryEntry] }
                    print(try Format.json(Out(dataset: d, rows: counts, history: history)))
                    return
                }
                var t = TextTable(["Field", "Value"])
                for (k, v) in [("id", d.id), ("title", d.title), ("version", d.version), ("source", d.source), ("licence", d.licence),
                               ("date", d.date), ("citation", d.citation), ("checksum", d.checksum)] { t.add([k, v]) }
                for (k, v) in counts.sorted(by: { $0.key < $1.key }) { t.add(["rows in \(k)", String(v)]) }
                for h in history { t.add(["history", "\(h.at)  \(h.action) \(h.version)"]) }
                print(t.render())
                if !d.notes.isEmpty { print("\nNotes: \(d.notes)") }
            }
        }
    }
}
