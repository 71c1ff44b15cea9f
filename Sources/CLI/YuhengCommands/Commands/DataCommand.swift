import ArgumentParser
import Foundation
import YuhengCore
import YuhengData

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Datasets: list, show, import, remove, and the database location.",
        subcommands: [List.self, Show.self, Import.self, Remove.self, Path.self, Verify.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered datasets with version, source and licence.")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let db = try database.open()
                let sets = try db.datasets()
                if json { print(try Format.json(sets)); return }
                var t = TextTable(["ID", "Version", "Licence", "Date", "Title"])
                for d in sets { t.add([d.id, d.version, d.licence, d.date, d.title]) }
                print(t.render())
                print("\n\(sets.count) datasets in \(db.path)")
            }
        }
    }

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

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import your own factors from a CSV file (one transaction; a bad row changes nothing).",
            discussion: "Columns: table,category,item,qualifier,gas,value,low,high,unit,description (table, item, value, unit required). See docs/data-format.md.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "CSV file.") var file: String
        @Option(help: ArgumentHelp("Dataset id: \(DatasetID.rule); not the id of a dataset shipped with Yuheng (gwp, ipcc2006-fuels, …).", valueName: "id"))
        var id: String
        @Option(help: "Title.") var title: String?
        @Option(help: "Version.") var version: String = "1"
        @Option(help: "Source (publication, URL or organisation).") var source: String
        @Option(help: "Licence (SPDX id where possible).") var licence: String
        @Option(help: "Date of the source (YYYY-MM-DD).") var date: String = ""

        func run() throws {
            try YuhengCommands.run {
                try DatasetID.validate(id)   // before the file is read
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    throw DataError(.malformedFile, "cannot read \(file) as UTF-8 text", file: file, suggestion: "check the path and the encoding")
                }
                let db = try database.open()
                let n = try db.importFactorCSV(text: text, fileName: file, info: DatasetInfo(
                    id: id, title: title ?? id, version: version, source: source, licence: licence, date: date))
                print("imported \(n) factors as dataset '\(id)' (version \(version))")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a dataset and its rows.")
        @OptionGroup var database: DatabaseOptions
        @Argument var id: String
        func run() throws {
            try YuhengCommands.run {
                try database.open().removeDataset(id)
                print("removed dataset '\(id)'")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every bundled file against its SHA-256 and the database's integrity.")
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            try YuhengCommands.run {
                let db = try database.open()
                let files = try db.verifyBundledFiles()
                let integrity = try db.integrityCheck()
                print("bundled files: \(files.count) verified against manifest.json")
                print("database \(db.path): integrity \(integrity)")
                if integrity != "ok" { throw ExitCode.failure }
            }
        }
    }

    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the database location and check its integrity.")
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            try YuhengCommands.run {
                let db = try database.open()
                print("\(db.path)  (journal: \(try db.journalMode), integrity: \(try db.integrityCheck()))")
            }
        }
    }
}

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
                var t = TextTable(["Table", "Category", "Item", "Gas", "Value", "Unit", "95% range", "Dataset", "Description"],
                                  alignRight: [false, false, false, false, true, false, false, false, false])
                for h in hits {
                    let f = h.factor
                    let range = (f.low != nil && f.high != nil) ? "\(g(f.low!))–\(g(f.high!))" : ""
                    t.add([f.table, f.category, f.item + (f.qualifier.isEmpty ? "" : "/\(f.qualifier)"), f.gas, g(f.value), f.unit, range, f.datasetID, f.description])
                }
                print(t.render())
            }
        }

        func g(_ x: Double) -> String { String(format: "%g", x) }
    }
}

struct GWPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gwp", abstract: "Global warming potentials.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "GWP set, e.g. AR5, AR6, AR6-GWP20.") var set: String = "AR6"
    @Argument(help: "Gases to show (default CO2 CH4 N2O).") var gases: [String] = []
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try YuhengCommands.run {
            let lib = try database.open().gwpLibrary()
            let s = try lib.set(named: set)
            let names = gases.isEmpty ? ["CO2", "CH4", "CH4_fossil", "CH4_nonfossil", "N2O", "SF6"] : gases
            var values: [String: Double] = [:]
            for n in names { if let v = s.values[Gas(n).name] { values[n] = v } else if gases.contains(n) { _ = try s.factor(for: Gas(n)) } }
            if json { print(try Format.json(["set": .string(s.description), "values": .object(values)] as [String: JSONValue])); return }
            var t = TextTable(["Gas", s.description], alignRight: [false, true])
            for n in names where values[n] != nil { t.add([n, String(format: "%g", values[n]!)]) }
            print(t.render())
        }
    }
}

/// A minimal JSON value for ad-hoc output.
enum JSONValue: Encodable {
    case string(String), number(Double), object([String: Double])
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let d): try c.encode(d)
        case .object(let o): try c.encode(o)
        }
    }
}
