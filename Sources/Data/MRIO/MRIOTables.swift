import Foundation
import YuhengMRIO

/// Where an MRIO table comes from, as users name it on the command line, in job parameters and in
/// time series: a path (pymrio folder, CSV folder, EXIOBASE archive or folder, MRIO store), the id
/// of a bundled table (`wiod2009-co2`, `wiod2011-co2`) or the id of a table registered in the
/// database with ``MRIOStore/register(in:id:folder:info:)``. An existing path wins over an id.
///
/// ```swift
/// let wiod2009 = try MRIOTables.load("wiod2009-co2")                  // bundled, year 2009
/// let exio = try MRIOTables.load("/data/IOT_2015_ixi.zip", format: .exiobase3)
/// let mine = try MRIOTables.load("my-table", database: { db })        // registered in the database
/// ```
public enum MRIOTables {
    /// Loads the table `name` names; `database` is asked for only when `name` is neither a path nor a bundled id.
    /// With `sparseFlows`, a sparse Z read from a path may stay sparse (see ``MRIOReader/read(path:format:extensions:sparseFlows:)``).
    public static func load(
        _ name: String, format: MRIOFormat = .auto, extensions: [String]? = nil, sparseFlows: Bool = false,
        database: () throws -> YuhengDatabase? = { nil }
    ) throws -> MRIOSystem {
        WIODSectors.named(try loadTable(name, format: format, extensions: extensions, sparseFlows: sparseFlows, database: database))
    }

    static func loadTable(
        _ name: String, format: MRIOFormat, extensions: [String]?, sparseFlows: Bool, database: () throws -> YuhengDatabase?
    ) throws -> MRIOSystem {
        if FileManager.default.fileExists(atPath: name) {
            let folder = URL(fileURLWithPath: name)
            if format == .auto, FileManager.default.fileExists(atPath: folder.appendingPathComponent(MRIOStore.manifestName).path) {
                return try MRIOStore.load(from: folder, extensions: extensions) // Yuheng's own store (system.json + .ymat)
            }
            return try MRIOReader.read(path: name, format: format, extensions: extensions, sparseFlows: sparseFlows)
        }
        if BundledMRIO.ids.contains(name) { return try BundledMRIO.load(id: name, extensions: extensions) }
        if let db = try database(), try db.mrioTables().contains(where: { $0.id == name }) {
            return try db.loadMRIO(id: name, extensions: extensions)
        }
        throw MRIOError(
            .missingData, "'\(name)' is neither an MRIO folder or archive nor a known table",
            suggestion: "give a path, a bundled table (\(BundledMRIO.ids.joined(separator: ", "))) or a table registered in the database")
    }

    /// Whether `name` is a readable path, a bundled id or one of `storedIDs`.
    public static func exists(_ name: String, storedIDs: Set<String> = []) -> Bool {
        FileManager.default.fileExists(atPath: name) || BundledMRIO.ids.contains(name) || storedIDs.contains(name)
    }
}
