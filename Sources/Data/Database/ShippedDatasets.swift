import Foundation
import GRDB
import YuhengCore

extension YuhengDatabase {
    /// Installs or registers every dataset shipped with Yuheng, so that `data list` shows all of them
    /// from the first start: the factor and reference datasets (`Bundled/manifest.json`), the
    /// natural-sources data, the nowcast inputs and the US LCI with their rows; the bundled MRIO
    /// tables (and their CO2 aliases) and the CBAM catalog as registry entries (their files are read
    /// from the bundle when used). Each part skips what is installed with the same checksum, and the
    /// checksums come from the small manifests (no data file is read or hashed when nothing changed),
    /// so a start after the first costs a few queries. Returns the ids written.
    @discardableResult
    public func installShippedDatasets() throws -> [String] {
        var done = try installBundledDatasets()
        done += try BundledNatural.install(in: self)
        done += try NowcastInputStore.install(in: self)
        if try BundledLCI.install(in: self) { done.append(BundledLCI.id) }
        done += try registerBundledFileDatasets()
        return done
    }

    /// Registers the datasets read from their bundled files (the MRIO tables and aliases, the CBAM
    /// catalog) as registry entries with origin `bundled`, replacing entries whose checksum changed.
    @discardableResult
    func registerBundledFileDatasets() throws -> [String] {
        var infos = try BundledMRIO.ids.map { try BundledMRIO.datasetInfo(id: $0) }
        infos.append(try BundledCBAM.datasetInfo())
        let registered = try writer.read { db in
            try Dictionary(
                Row.fetchAll(db, sql: "SELECT id, checksum FROM datasets").map { ($0["id"] as String, $0["checksum"] as String) },
                uniquingKeysWith: { a, _ in a })
        }
        let todo = infos.filter { registered[$0.id] != $0.checksum }
        guard !todo.isEmpty else { return [] }
        try writer.write { db in
            for info in todo { try Self.replaceDataset(db, info: info, origin: "bundled") { _ in } }
        }
        return todo.map(\.id)
    }

    /// What a dataset read from bundled files holds (its rows are not in the database): for a
    /// bundled MRIO table its year, size and extensions; for the CBAM catalog its goods. Empty for
    /// other datasets.
    public func bundledContents(_ id: String) throws -> [String] {
        if BundledMRIO.ids.contains(id) {
            let m = try BundledMRIO.manifest(id: id)
            let exts = BundledMRIO.aliases[id]?.extensions ?? m.extensions.map(\.name)
            return [
                "MRIO table \(m.year.map(String.init) ?? "") of \(m.regions.count) regions × \(m.sectors.count) sectors, extensions \(exts.joined(separator: ", ")) (read from the bundled files)"
            ]
        }
        if id == BundledCBAM.id {
            let m = try BundledCBAM.manifest()
            let rows = m.counts?["rows"].map(String.init) ?? "?", categories = m.counts?["categories"].map(String.init) ?? "?"
            return ["\(rows) CN codes in \(categories) aggregated goods categories (read from the bundled files)"]
        }
        return []
    }
}
