import ArgumentParser
import Foundation
import YuhengCore
import YuhengData

extension DataCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import your own factors from a CSV file, or a newer release of a nowcast input (--kind); one transaction, a bad row changes nothing.",
            discussion: """
                Factors: columns table,category,item,qualifier,gas,value,low,high,unit,description (table, item, value, unit required; \
                --id, --source and --licence required). See docs/data-format.md. Nowcast inputs (--kind gdp|national-co2|edgar|jrc-co2): \
                the file in its published layout (World Bank GDP CSV, GCB or OWID national CO2, EDGAR CH4/N2O by sector, JRC CO2 \
                accounts) becomes a new version of the dataset the nowcast reads (--id to choose another), with provenance \
                (file, checksum, --source, --licence, --version); the nowcast years use it at once, without rebuilding Yuheng. \
                `yuheng data show ID` lists the versions and what changed between them.
                """)
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "CSV file.") var file: String
        @Option(help: ArgumentHelp("A nowcast input in its published layout: gdp, national-co2, edgar or jrc-co2.", valueName: "kind")) var kind:
            String?
        @Option(
            help: ArgumentHelp(
                "Dataset id: \(DatasetID.rule); not the id of a dataset shipped with Yuheng (gwp, ipcc2006-fuels, …). With --kind: the nowcast dataset (default: the one of its kind).",
                valueName: "id"))
        var id: String?
        @Option(help: "Title.") var title: String?
        @Option(help: "Version (default 1; with --kind: the file name, its years and checksum).") var version: String?
        @Option(help: "Source (publication, URL or organisation).") var source: String?
        @Option(help: "Licence (SPDX id where possible).") var licence: String?
        @Option(help: "Date of the source (YYYY-MM-DD).") var date: String?

        func run() throws {
            try YuhengCommands.run {
                if let k = kind { return try importNowcastInput(try NowcastInputKind.parse(k)) }
                guard let id, let source, let licence else {
                    throw invalidOption(
                        "importing factors needs --id, --source and --licence",
                        suggestion: "or --kind gdp|national-co2|edgar|jrc-co2 for a nowcast input")
                }
                let version = self.version ?? "1", date = self.date ?? ""
                try DatasetID.validate(id) // before the file is read
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    throw DataError(.malformedFile, "cannot read \(file) as UTF-8 text", file: file, suggestion: "check the path and the encoding")
                }
                let db = try database.open()
                let n = try db.importFactorCSV(
                    text: text, fileName: file,
                    info: DatasetInfo(
                        id: id, title: title ?? id, version: version, source: source, licence: licence, date: date))
                print("imported \(n) factors as dataset '\(id)' (version \(version))")
            }
        }

        /// Imports a release of a nowcast input as a new current version and prints what changed.
        func importNowcastInput(_ kind: NowcastInputKind) throws {
            let db = try database.open()
            let r = try db.importNowcastInput(kind: kind, path: file, dataset: id, version: version, source: source, licence: licence, date: date)
            let years = "\(r.firstYear.map(String.init) ?? "?")–\(r.lastYear.map(String.init) ?? "?")"
            if r.alreadyStored {
                print("\(file): the same content is already stored as version '\(r.version)' of \(r.datasetID); nothing changed")
                return
            }
            print(
                "imported \(r.rows) rows (\(r.layout), \(r.unit), \(years)) as version '\(r.version)' of \(r.datasetID); it is now the current version"
            )
            if let c = r.changes {
                print(
                    "changes from '\(c.from)': \(c.rowsAdded) rows added, \(c.rowsRemoved) removed, \(c.valuesRevised) values revised"
                        + (c.yearsAdded.isEmpty ? "" : "; years added: \(c.yearsAdded.map(String.init).joined(separator: ", "))"))
            }
            if !r.skipped.isEmpty { print("left out: \(r.skipped.prefix(5).joined(separator: "; "))") }
        }
    }
}
