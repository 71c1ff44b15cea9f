import ArgumentParser
import Foundation
import YuhengCore
import YuhengData

extension DataCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered datasets with version, source and licence.")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let db = try database.open()
                let sets = try db.datasets()
                if json { print(try Format.json(sets)); return }
                // 120 columns: long versions and licences are cut with "…" (`data show ID` or --json has them whole).
                var t = TextTable(["ID", "Version", "Licence", "Date", "Title"])
                t.maxWidths = [0: 28, 1: 22, 2: 16, 3: 10]
                for d in sets { t.add([d.id, d.version, d.licence, d.date, d.title]) }
                print(t.render(fitting: 120, flexible: 4))
                print("\n\(sets.count) datasets in \(db.path) (`yuheng data show ID` for one in full)")
            }
        }
    }
}
