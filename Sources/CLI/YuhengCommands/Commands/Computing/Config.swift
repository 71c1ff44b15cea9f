import ArgumentParser
import Foundation
import YuhengComputing
import YuhengData
import YuhengNumerics

extension ComputingCommand {
    /// `yuheng computing config`.
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the computing configuration file and the settings in effect.")
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try YuhengCommands.run {
                let path = ComputingConfiguration.path()
                let c = try ComputingConfiguration.load()
                if json {
                    struct Out: Encodable { let path: String; let exists: Bool; let configuration: ComputingConfiguration }
                    print(try Format.json(Out(path: path, exists: FileManager.default.fileExists(atPath: path), configuration: c)))
                    return
                }
                print("Configuration file: \(path)\(FileManager.default.fileExists(atPath: path) ? "" : " (not present: defaults)")")
                print("Executor: \((c.executor ?? .local).rawValue)")
                if let s = c.slurm { print("Slurm: " + String(decoding: try JSONEncoder().encode(s), as: UTF8.self)) }
            }
        }
    }
}
