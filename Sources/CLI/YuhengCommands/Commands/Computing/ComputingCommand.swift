import ArgumentParser
import Foundation
import YuhengComputing
import YuhengData
import YuhengNumerics

/// `yuheng computing`: the computing layer (executors and their settings).
struct ComputingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "computing",
        abstract: "The computing layer: check an executor (local or Slurm) and show the settings.",
        subcommands: [Check.self, Config.self])
}
