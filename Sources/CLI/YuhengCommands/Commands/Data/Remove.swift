import ArgumentParser
import Foundation
import YuhengCore
import YuhengData

extension DataCommand {
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
}
