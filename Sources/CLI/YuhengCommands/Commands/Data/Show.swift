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
                let versions = NowcastInputStore.seriesDatasets[id] == nil ? nil : try db.nowcastInputHistory(dataset: id)
                if json {
                    struct Version: Encodable { let version: NowcastInputVersion; let changes_from_previous: NowcastInputChanges? }
                    struct Out: Encodable {
                        let dataset: DatasetInfo; let rows: [String: Int]; let history: [YuhengDatabase.HistoryEntry]; let versions: [Version]?
                    }
                    print(
                        try Format.json(
                            Out(
                                dataset: d, rows: counts, history: history,
                                versions: versions?.map { Version(version: $0.version, changes_from_previous: $0.changesFromPrevious) })))
                    return
                }
                var t = TextTable(["Field", "Value"])
                for (k, v) in [
                    ("id", d.id), ("title", d.title), ("version", d.version), ("source", d.source), ("licence", d.licence),
                    ("date", d.date), ("citation", d.citation), ("checksum", d.checksum)
                ] { t.add([k, v]) }
                for (k, v) in counts.sorted(by: { $0.key < $1.key }) { t.add(["rows in \(k)", String(v)]) }
                for line in try db.bundledContents(id) { t.add(["contents", line]) }
                for h in history { t.add(["history", "\(h.at)  \(h.action) \(h.version)"]) }
                print(t.render())
                if let versions { print("\n" + Self.versionTable(versions)) }
                if !d.notes.isEmpty { print("\nNotes: \(d.notes)") }
            }
        }

        /// The versions of a nowcast input, oldest first, with what changed from the one before.
        static func versionTable(_ versions: [(version: NowcastInputVersion, changesFromPrevious: NowcastInputChanges?)]) -> String {
            var t = TextTable(["Version", "Current", "Origin", "Rows", "Years", "Imported", "Changes from the previous version"])
            for (v, c) in versions {
                let changes =
                    c.map {
                        "\($0.rowsAdded) rows added, \($0.rowsRemoved) removed, \($0.valuesRevised) values revised"
                            + ($0.yearsAdded.isEmpty ? "" : "; years added: \($0.yearsAdded.map(String.init).joined(separator: ", "))")
                    } ?? ""
                t.add([
                    v.version, v.current ? "yes" : "", v.origin, String(v.rows),
                    "\(v.firstYear.map(String.init) ?? "")–\(v.lastYear.map(String.init) ?? "")",
                    v.importedAt, changes
                ])
            }
            return "Versions:\n" + t.render()
        }
    }
}
