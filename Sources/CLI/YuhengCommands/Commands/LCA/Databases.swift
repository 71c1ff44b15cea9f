import ArgumentParser
import Foundation
import YuhengServices

extension LCACommand {
    /// `yuheng lca databases`.
    struct Databases: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the LCI databases in the data layer.")
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            try YuhengCommands.run {
                var t = TextTable(["ID", "Processes", "Version", "Licence"], alignRight: [false, true, false, false])
                for d in try database.services().lca.databases() { t.add([d.id, String(d.processes), d.version ?? "", d.licence ?? ""]) }
                print(t.render())
            }
        }
    }
}
