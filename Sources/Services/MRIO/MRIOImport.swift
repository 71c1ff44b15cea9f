import Foundation
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengNumerics

extension MRIOService {
    /// Where an imported table came from, as the user states it (each part defaults from the
    /// format and the table: ``MRIOProviders``).
    public struct ImportProvenance: Sendable, Hashable, Codable {
        /// The data provider (EXIOBASE, Eora, OECD, WIOD, Eurostat, GLORIA, …).
        public var provider: String?
        /// The provider's release ("3.8.2", "2016 release", "ICIO 2023").
        public var release: String?
        /// The year the table describes.
        public var year: Int?
        /// The licence, or a note on the terms of use.
        public var licence: String?

        /// Provenance as given; nil parts take the defaults.
        public init(provider: String? = nil, release: String? = nil, year: Int? = nil, licence: String? = nil) {
            self.provider = provider
            self.release = release
            self.year = year
            self.licence = licence
        }
    }

    /// A table stored in the data layer by ``importTable(path:id:format:provenance:)`` or
    /// ``aggregateTable(_:format:regions:sectors:id:)``.
    public struct StoredTable: Sendable, Codable {
        /// The id `panorama --mrio`, `mrio accounts --mrio` and the server know it by.
        public var id: String
        /// The format it was read in (`aggregate` for an aggregated table).
        public var format: String
        /// The store folder (`system.json` + `.ymat` files).
        public var folder: String
        /// Region labels.
        public var regions: [String]
        /// Sector labels.
        public var sectors: [String]
        /// Final-demand categories.
        public var finalDemandCategories: [String]
        /// Monetary unit of Z, Y and x.
        public var monetaryUnit: String
        /// Extensions stored.
        public var extensions: [String]
        /// Extensions that could not be read, with the reason.
        public var skippedExtensions: [String: String]
        /// Provenance as stored (given or defaulted).
        public var provider: String
        /// The provider's release (empty when unknown).
        public var release: String
        /// The year the table describes.
        public var year: Int?
        /// Licence or terms-of-use note.
        public var licence: String
        /// What the reader tolerated or converted.
        public var warnings: [String]
        /// Bytes of the stored matrix files.
        public var storedBytes: Int
    }

    /// Reads the table at `path` (any ``MRIOFormat``, detected unless given), stores it compactly
    /// under the database's folder (`mrio/ID/`) with its provenance and registers it as MRIO table
    /// and dataset `id` (default: from the file name). The table is read and checked before anything
    /// is written; a failure at any step leaves the database and the store folders as they were.
    public func importTable(
        path: String, id: String? = nil, format: MRIOFormat = .auto,
        provenance given: ImportProvenance = .init()
    ) throws -> StoredTable {
        let url = URL(fileURLWithPath: path)
        let tableID = id ?? Self.defaultID(url)
        try Self.checkNewID(tableID)
        let fmt = format == .auto ? try MRIOReader.detect(path: path) : format
        var system = try MRIOReader.read(path: path, format: fmt)
        let p = MRIOProviders.provenance(given, format: fmt, system: system)
        system.year = p.year
        system.provenance = Provenance(
            datasetID: tableID, version: p.release ?? "", source: "\(p.provider ?? "unknown provider"): \(url.lastPathComponent)",
            licence: p.licence ?? "")
        return try store(system, id: tableID, format: fmt.rawValue, provenance: p, source: path)
    }

    /// Aggregates the table `name` (bundled id, stored id or path) to region and/or sector groups
    /// with pymrio's `aggregate` semantics and stores the result as table `id`: Z, Y, x, F and F_Y
    /// are summed over the groups (a coefficient table is first turned into flows, Z = A·diag(x));
    /// groups are ordered by first appearance in the table's order. The concordances are CSV files
    /// `detail,group` (header optional); every region (sector) must map to a group.
    public func aggregateTable(_ name: String, format: MRIOFormat = .auto, regions: String?, sectors: String?, id: String) throws -> StoredTable {
        guard regions != nil || sectors != nil else {
            throw MRIOError(.invalidArgument, "no concordance given", suggestion: "give --regions FILE and/or --sectors FILE (CSV: detail,group)")
        }
        try Self.checkNewID(id)
        let system = try Self.withFlows(try MRIOTables.load(name, format: format, database: { services.db }))
        let rc = try regions.map { try readConcordance($0, regions: system.regions) }
        let sc = try sectors.map { try readConcordance($0, regions: system.sectors) }
        var agg = try system.aggregated(regions: rc, sectors: sc)
        agg.name = id
        agg.year = system.year
        agg.warnings = system.warnings
        let old = system.provenance
        let p = ImportProvenance(
            provider: old.map { $0.source.components(separatedBy: ":").first ?? $0.source } ?? name,
            release: old?.version, year: system.year, licence: old?.licence)
        agg.provenance = Provenance(datasetID: id, version: old?.version ?? "", source: "aggregated from \(name)", licence: old?.licence ?? "")
        return try store(agg, id: id, format: "aggregate", provenance: p, source: name)
    }

    /// `system` with flows Z (from A and x when it holds coefficients only), as pymrio's
    /// `reset_to_flows` before `aggregate`.
    static func withFlows(_ system: MRIOSystem) throws -> MRIOSystem {
        guard system.Z == nil, system.sparseZ == nil, let A = system.A else { return system }
        let x = try system.x ?? LeontiefModel(system, keepA: false).x
        var z = A
        for j in 0..<A.columns { for i in 0..<A.rows { z[i, j] = A[i, j] * x[j] } }
        var s = system
        s.Z = z
        s.A = nil
        s.x = x
        return s
    }

    static func defaultID(_ url: URL) -> String {
        var stem = url.lastPathComponent
        for ext in [".zip", ".txt", ".csv", ".xlsx", ".gz"] where stem.lowercased().hasSuffix(ext) { stem = String(stem.dropLast(ext.count)) }
        let cleaned = String(stem.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") ? $0 : "-" })
        return cleaned.hasPrefix(".") ? "table" + cleaned : cleaned
    }

    /// A new table's id must be valid and must not be a bundled table's (which would shadow it).
    static func checkNewID(_ id: String) throws {
        try MRIOStore.checkID(id)
        guard !BundledMRIO.ids.contains(id) else {
            throw MRIOError(.invalidArgument, "'\(id)' is the id of a bundled table", suggestion: "choose another --id")
        }
    }
}
