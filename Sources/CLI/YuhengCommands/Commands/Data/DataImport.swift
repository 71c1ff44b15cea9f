import ArgumentParser
import Foundation
import YuhengCore
import YuhengData

extension DataCommand {
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
}
