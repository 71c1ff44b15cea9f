import ArgumentParser
import Foundation
import YuhengCore
import YuhengData

/// `yuheng gwp`: global warming potentials.
struct GWPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gwp", abstract: "Global warming potentials.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "GWP set, e.g. AR5, AR6, AR6-GWP20.") var set: String = "AR6"
    @Argument(help: "Gases to show; without any: CO2, CH4 (fossil and non-fossil), N2O and SF6.") var gases: [String] = []
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
