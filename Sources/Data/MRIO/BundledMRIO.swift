import Foundation
import YuhengCore
import YuhengMRIO

/// The default environmentally extended MRIO shipped with Yuheng: WIOD (2013 release) for 2011,
/// 41 regions × 35 ISIC Rev.3 industries, 5 final-demand categories, in million USD, with a CO2
/// extension (`co2`, kt) built from the JRC CO2 emission accounts and the Global Carbon Budget 2022
/// (for the rest of the world).
///
/// It is an ``MRIOStore`` folder (`system.json` + `.ymat` files) at `Bundled/mrio/wiod2011-co2`
/// in the package resources, produced by `scripts/build_mrio_bundle.py` from
/// `shared/data/mrio/wiod2011_co2/csv`. `system.json` carries the provenance, licences, caveats
/// and the SHA-256 of every file. The stored gross output `x` is the table's own (as pymrio uses it).
///
/// The same table for 2009 (`wiod2009-co2`, built from the raw WIOD, JRC and GCB inputs by
/// `scripts/build_wiod_year.py` with the same method) makes a two-year series with it
/// (`yuheng mrio series`).
///
/// ```swift
/// let wiod = try BundledMRIO.load()
/// wiod.regions.count   // 41
/// let wiod2009 = try BundledMRIO.load(id: "wiod2009-co2")
/// ```
public enum BundledMRIO {
    /// The default table (2011).
    public static let id = "wiod2011-co2"
    /// Every bundled table, oldest first.
    public static let ids = ["wiod2009-co2", "wiod2011-co2"]
    /// The bundled time series: each table with its year.
    public static let years: [(year: Int, id: String)] = [(2009, "wiod2009-co2"), (2011, "wiod2011-co2")]

    /// The store folder: `$YUHENG_BUNDLED_DIR/mrio/ID`, else the package resources.
    public static func directory(id: String = BundledMRIO.id) throws -> URL {
        guard ids.contains(id) else {
            throw DataError(.unknownDataset, "no bundled MRIO table '\(id)'", suggestion: "bundled tables: \(ids.joined(separator: ", "))")
        }
        return try BundledFolder.locate("mrio/\(id)", marker: MRIOStore.manifestName, what: "the bundled MRIO '\(id)'", script: "build_mrio_bundle.py")
    }

    /// Loads the bundled table. The matrix files' lengths and CRC-32s are always checked;
    /// `verifyChecksums` also checks their SHA-256 against system.json.
    public static func load(id: String = BundledMRIO.id, extensions: [String]? = nil, verifyChecksums: Bool = false) throws -> MRIOSystem {
        var system = try MRIOStore.load(from: try directory(id: id), extensions: extensions, verifyChecksums: verifyChecksums)
        if system.year == nil { system.year = years.first { $0.id == id }?.year }   // the store does not record it
        return WIODSectors.named(system)
    }

    /// The store manifest (labels, units, provenance, notes, checksums).
    public static func manifest(id: String = BundledMRIO.id) throws -> MRIOStoreManifest {
        try MRIOStore.manifest(at: try directory(id: id))
    }

    /// Registry metadata of a bundled table; the checksum is the SHA-256 of its system.json.
    public static func datasetInfo(id: String = BundledMRIO.id) throws -> DatasetInfo {
        let dir = try directory(id: id)
        let m = try MRIOStore.manifest(at: dir)
        var info = m.dataset ?? DatasetInfo(id: id, title: m.name, version: m.provenance?.version ?? "", source: m.provenance?.source ?? "",
                                            licence: m.provenance?.licence ?? "", date: "")
        info.checksum = SHA256.hex([UInt8](try Data(contentsOf: dir.appendingPathComponent(MRIOStore.manifestName))))
        return info
    }

    /// Registers a bundled table in `db` as MRIO table and dataset under its id.
    public static func register(id: String = BundledMRIO.id, in db: YuhengDatabase) throws {
        try MRIOStore.register(in: db, id: id, folder: try directory(id: id), info: try datasetInfo(id: id))
    }
}
