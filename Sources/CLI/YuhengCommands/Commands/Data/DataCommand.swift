import ArgumentParser
import Foundation
import YuhengCore
import YuhengData

/// `yuheng data`: the datasets of the data layer.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Datasets: list, show, import, remove, and the database location.",
        subcommands: [List.self, Show.self, Import.self, Remove.self, Path.self, Verify.self]
    )
}
