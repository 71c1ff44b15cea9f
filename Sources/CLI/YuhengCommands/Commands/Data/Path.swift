import ArgumentParser
import Foundation
import YuhengCore
import YuhengData

extension DataCommand {
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
