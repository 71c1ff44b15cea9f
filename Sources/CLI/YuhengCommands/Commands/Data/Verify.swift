import ArgumentParser
import Foundation
import YuhengCore
import YuhengData

extension DataCommand {
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
}
