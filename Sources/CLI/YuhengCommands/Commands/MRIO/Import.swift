import ArgumentParser
import Foundation
import YuhengData
import YuhengMRIO
import YuhengServices

extension MRIOCommand {
    /// `yuheng mrio import PATH`: store a table in the data layer.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store an MRIO table (any readable format) in the database, for panorama --mrio ID, mrio accounts --mrio ID and the server.",
            discussion: """
                The table is read and checked first, then written compactly (system.json + .ymat files) to mrio/ID/ beside the database \
                and registered with its provenance (provider, release, year, licence note). A failed import leaves the database as it was. \
                JSON (--json): id, format, folder, regions, sectors, finalDemandCategories, monetaryUnit, extensions, skippedExtensions, \
                provider, release, year, licence, warnings, storedBytes.
                """)
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The table: a folder or archive as the provider publishes it, a pymrio folder or a CSV folder.") var path: String
        @Option(help: "Table id; default: from the file name.") var id: String?
        @Option(help: "Input format: \(MRIOFormat.allCases.map(\.rawValue).joined(separator: ", ")).") var format: String = "auto"
        @Option(help: "Provider (default: from the format).") var provider: String?
        @Option(help: "Provider's release (default: from the table when it says).") var release: String?
        @Option(help: "Year the table describes (default: from the table when it says).") var year: Int?
        @Option(help: "Licence or terms-of-use note (default: the provider's published terms, when known).") var licence: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                guard let fmt = MRIOFormat(rawValue: format) else {
                    throw ValidationError("unknown format '\(format)'; use \(MRIOFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let services = try database.services()
                let p = MRIOService.ImportProvenance(provider: provider, release: release, year: year, licence: licence)
                let t = try services.mrio.importTable(path: path, id: id, format: fmt, provenance: p)
                if json { print(try Format.json(t)); return }
                print(Self.render(t, verb: "stored"))
            }
        }

        /// The text report of a stored table.
        static func render(_ t: MRIOService.StoredTable, verb: String) -> String {
            var lines = [
                "\(verb) MRIO table '\(t.id)' (\(t.format)): \(t.regions.count) regions × \(t.sectors.count) sectors, \(t.finalDemandCategories.count) final-demand categories, \(t.monetaryUnit)",
                "provider: \(t.provider); release: \(t.release.isEmpty ? "unknown" : t.release); year: \(t.year.map(String.init) ?? "unknown"); licence: \(t.licence)",
                "extensions: \(t.extensions.isEmpty ? "none" : t.extensions.joined(separator: ", "))",
                "folder: \(t.folder) (\(t.storedBytes) bytes)"
            ]
            lines += t.skippedExtensions.sorted { $0.key < $1.key }.map { "skipped extension \($0.key): \($0.value)" }
            lines += t.warnings.map { "warning: \($0)" }
            lines.append("use it with: yuheng mrio accounts --mrio \(t.id)  or  yuheng panorama --mrio \(t.id)")
            return lines.joined(separator: "\n")
        }
    }

    /// `yuheng mrio aggregate`: a table aggregated to region/sector groups, stored.
    struct Aggregate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Aggregate a table to region and/or sector groups (pymrio's aggregate: Z, Y, x, F and F_Y summed) and store it.",
            discussion: """
                Concordances are CSV files detail,group (header optional); every region (sector) must map to a group; groups keep the order \
                of their first member. The result is stored like mrio import (use it with --mrio ID). JSON (--json) as mrio import.
                """)
        @OptionGroup var source: MRIOInputOptions
        @Option(help: ArgumentHelp("Region concordance CSV (region,group).", valueName: "file")) var regions: String?
        @Option(help: ArgumentHelp("Sector concordance CSV (sector,group).", valueName: "file")) var sectors: String?
        @Option(help: "Id of the aggregated table.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let services = try source.database.services()
                let t = try services.mrio.aggregateTable(
                    source.mrio ?? BundledMRIO.id, format: try source.tableFormat(), regions: regions,
                    sectors: sectors, id: id)
                if json { print(try Format.json(t)); return }
                print(Import.render(t, verb: "aggregated and stored"))
            }
        }
    }
}
