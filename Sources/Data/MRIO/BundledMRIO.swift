import Foundation
import YuhengCore
import YuhengMRIO

/// The environmentally extended MRIO series shipped with Yuheng: WIOD (2013 release) for every year
/// 2000–2011, 41 regions × 35 ISIC Rev.3 industries, 5 final-demand categories, in million current
/// USD, with the extensions `co2` (CO2, kt; JRC CO2 accounts and the Global Carbon Budget 2022 for the
/// rest of the world), `ch4` (CH4_fossil, CH4_nonfossil, kt) and `n2o` (N2O, kt) from EDGAR 2024
/// (method: docs/ghg-series-method.md).
///
/// Each table is an ``MRIOStore`` folder (`system.json` + compressed `.ymz` matrices, exact to the bit)
/// at `Bundled/mrio/wiodYYYY-ghg`, written by `scripts/build_mrio_bundle.py`; `system.json` carries the
/// year, the provenance, licences, caveats, the GWP100 sets and the SHA-256 of every file.
///
/// The ids of the older CO2-only tables, `wiod2009-co2` and `wiod2011-co2`, stay valid: they are
/// aliases of `wiod2009-ghg` / `wiod2011-ghg` restricted to the extension `co2`, whose numbers are
/// bit-identical to the tables they replace.
///
/// ```swift
/// let wiod = try BundledMRIO.load()                        // wiod2011-ghg: co2, ch4, n2o
/// wiod.regions.count                                       // 41
/// let wiod2005 = try BundledMRIO.load(id: "wiod2005-ghg")
/// let old = try BundledMRIO.load(id: "wiod2011-co2")       // the alias: co2 only
/// BundledMRIO.years.first!                                  // (2000, "wiod2000-ghg")
/// ```
public enum BundledMRIO {
    /// The default table (the latest year).
    public static let id = "wiod2011-ghg"
    /// The tables of the series, oldest first (one per year).
    public static let tables: [String] = (2000...2011).map { "wiod\($0)-ghg" }

    /// An older id kept as a view of a series table.
    public struct Alias: Sendable, Hashable {
        /// The series table it reads.
        public var table: String
        /// The extensions it exposes.
        public var extensions: [String]
    }

    /// Older ids that remain valid: the CO2-only tables the series replaced.
    public static let aliases: [String: Alias] = [
        "wiod2009-co2": Alias(table: "wiod2009-ghg", extensions: ["co2"]),
        "wiod2011-co2": Alias(table: "wiod2011-ghg", extensions: ["co2"])
    ]

    /// Every id a bundled table answers to: the series tables (oldest first), then the aliases.
    public static let ids: [String] = tables + aliases.keys.sorted()

    /// The bundled time series: each table with its year (from its `system.json`), oldest first.
    public static let years: [(year: Int, id: String)] = tables.map { (manifestYear($0) ?? idYear($0), $0) }

    /// The series table an id reads (the id itself, or the table an alias points to).
    public static func table(of id: String) -> String { aliases[id]?.table ?? id }

    /// The store folder: `$YUHENG_BUNDLED_DIR/mrio/ID`, else the package resources (an alias's table folder).
    public static func directory(id: String = BundledMRIO.id) throws -> URL {
        guard ids.contains(id) else {
            throw DataError(.unknownDataset, "no bundled MRIO table '\(id)'", suggestion: "bundled tables: \(ids.joined(separator: ", "))")
        }
        let t = table(of: id)
        return try BundledFolder.locate("mrio/\(t)", marker: MRIOStore.manifestName, what: "the bundled MRIO '\(t)'", script: "build_mrio_bundle.py")
    }

    /// Loads a bundled table (an alias loads its table's extensions only). The matrix files' lengths and
    /// CRC-32s are always checked; `verifyChecksums` also checks their SHA-256 against system.json.
    /// Asking an alias for an extension it does not expose is an error naming the ones it has.
    public static func load(id: String = BundledMRIO.id, extensions: [String]? = nil, verifyChecksums: Bool = false) throws -> MRIOSystem {
        var exts = extensions
        if let alias = aliases[id] {
            if let asked = extensions, let bad = asked.first(where: { !alias.extensions.contains($0.lowercased()) }) {
                throw MRIOError(
                    .unknownExtension, "the bundled table \(id) has no extension '\(bad)'",
                    suggestion: "its extensions: \(alias.extensions.joined(separator: ", ")); \(alias.table) has co2, ch4 and n2o")
            }
            exts = extensions ?? alias.extensions
        }
        var system = try MRIOStore.load(from: try directory(id: id), extensions: exts, verifyChecksums: verifyChecksums)
        if system.year == nil { system.year = years.first { $0.id == table(of: id) }?.year }
        relabel(&system, as: id)
        return WIODSectors.named(system)
    }

    /// The table `id` answers with, made from its series table already in memory (`system`, as ``load(id:extensions:verifyChecksums:)``
    /// gives it for `table(of: id)`): the same matrices, so a solve of the series table serves its aliases.
    /// An alias keeps only its extensions and the id and name of the table it replaced.
    ///
    /// ```swift
    /// let ghg = try BundledMRIO.load(id: "wiod2011-ghg")
    /// let co2 = BundledMRIO.view(ghg, as: "wiod2011-co2")   // == BundledMRIO.load(id: "wiod2011-co2")
    /// ```
    public static func view(_ system: MRIOSystem, as id: String) -> MRIOSystem {
        guard let alias = aliases[id] else { return system }
        var view = system
        view.extensions = system.extensions.filter { alias.extensions.contains($0.name.lowercased()) }
        relabel(&view, as: id)
        return view
    }

    /// The CO2 view of an alias keeps the id and name of the table it replaced.
    static func relabel(_ system: inout MRIOSystem, as id: String) {
        guard aliases[id] != nil else { return }
        system.provenance?.datasetID = id
        system.name = system.name.replacingOccurrences(of: "_GHG", with: "_CO2")
    }

    /// The store manifest (labels, units, provenance, notes, checksums).
    public static func manifest(id: String = BundledMRIO.id) throws -> MRIOStoreManifest {
        try MRIOStore.manifest(at: try directory(id: id))
    }

    /// Registry metadata of a bundled table; the checksum is the SHA-256 of its system.json.
    public static func datasetInfo(id: String = BundledMRIO.id) throws -> DatasetInfo {
        let dir = try directory(id: id)
        let m = try MRIOStore.manifest(at: dir)
        var info =
            m.dataset
            ?? DatasetInfo(
                id: id, title: m.name, version: m.provenance?.version ?? "", source: m.provenance?.source ?? "",
                licence: m.provenance?.licence ?? "", date: "")
        info.checksum = SHA256.hex([UInt8](try Data(contentsOf: dir.appendingPathComponent(MRIOStore.manifestName))))
        if let alias = aliases[id] {
            info.id = id
            info.title = "The \(alias.extensions.joined(separator: ", ").uppercased()) view of \(alias.table): " + info.title
        }
        return info
    }

    /// Registers a bundled table in `db` as MRIO table and dataset under its id.
    public static func register(id: String = BundledMRIO.id, in db: YuhengDatabase) throws {
        try MRIOStore.register(in: db, id: id, folder: try directory(id: id), info: try datasetInfo(id: id))
    }

    /// The bundled table of `year` (the series covers 2000–2011). A year outside it is an error that
    /// names the bundled years.
    public static func table(year: Int) throws -> String {
        guard let t = years.first(where: { $0.year == year }) else {
            throw MRIOError(
                .missingData, "no bundled input-output table for \(year)",
                suggestion: "bundled table years: \(yearList)")
        }
        return t.id
    }

    /// "2000–2011" (or the list when the years have gaps).
    public static var yearList: String {
        let ys = years.map(\.year)
        guard let lo = ys.first, let hi = ys.last else { return "none" }
        return ys == Array(lo...hi) ? "\(lo)–\(hi)" : ys.map(String.init).joined(separator: ", ")
    }

    /// The `year` key of a table's system.json (nil when the folder cannot be read).
    static func manifestYear(_ id: String) -> Int? {
        struct YearOnly: Decodable { var year: Int? }
        guard let dir = try? BundledFolder.locate("mrio/\(id)", marker: MRIOStore.manifestName, what: id, script: "build_mrio_bundle.py"),
            let data = FileManager.default.contents(atPath: dir.appendingPathComponent(MRIOStore.manifestName).path)
        else { return nil }
        return (try? JSONDecoder().decode(YearOnly.self, from: data))?.year
    }

    /// The year in an id of the form `wiodYYYY-…`.
    static func idYear(_ id: String) -> Int { Int(id.dropFirst(4).prefix(4)) ?? 0 }
}
