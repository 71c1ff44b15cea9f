import Foundation
import GRDB
import YuhengCore

/// One stored version of a nowcast input dataset.
public struct NowcastInputVersion: Sendable, Codable, Hashable {
    /// Id of the input dataset, e.g. "owid-national-co2".
    public var datasetID: String
    /// The version label, e.g. "GCB 2022v1.0" (for an import without one: the file name, its years and a checksum prefix).
    public var version: String
    /// Input kind: "gdp", "national-co2", "edgar" or "jrc-co2".
    public var kind: String
    /// Unit of the values, e.g. "t CO2".
    public var unit: String
    /// The original publisher or reference.
    public var source: String
    /// Licence of the data.
    public var licence: String
    /// The source's publication or release date (ISO 8601).
    public var date: String
    /// SHA-256 of the imported file's text (a file already stored under this checksum is not stored again).
    public var checksum: String
    /// "bundled" or "user".
    public var origin: String
    /// The file it was read from.
    public var file: String
    /// Number of values stored (one per code, sector, gas and year).
    public var rows: Int
    /// The years holding at least one value.
    public var firstYear: Int?
    /// Last year holding at least one value.
    public var lastYear: Int?
    /// When the version was stored (ISO 8601, UTC).
    public var importedAt: String
    /// Whether the nowcast reads this version now.
    public var current: Bool

    /// Its provenance, for results.
    public var provenance: Provenance { Provenance(datasetID: datasetID, version: version, source: source, licence: licence) }

    enum CodingKeys: String, CodingKey {
        case version, kind, unit, source, licence, date, checksum, origin, file, rows, current
        case datasetID = "dataset_id"
        case firstYear = "first_year"
        case lastYear = "last_year"
        case importedAt = "imported_at"
    }
}

/// What changed between two versions of a dataset.
public struct NowcastInputChanges: Sendable, Codable, Hashable {
    /// A value present in both versions that differs.
    public struct Revision: Sendable, Codable, Hashable {
        /// Country or aggregate code of the value.
        public var code: String
        /// Sector code, or "".
        public var sector: String
        /// Gas, or "".
        public var gas: String
        /// The year of the value.
        public var year: Int
        /// The value in the `from` version (nil: published blank).
        public var old: Double?
        /// The value in the `to` version (nil: published blank).
        public var new: Double?
    }
    /// Id of the input dataset compared.
    public var datasetID: String
    /// The older version label.
    public var from: String
    /// The newer version label.
    public var to: String
    /// Keys (code, sector, gas, year) only in `to`, only in `from`, and in both with another value.
    public var rowsAdded: Int
    /// Keys only in `from`.
    public var rowsRemoved: Int
    /// Keys in both versions with another value.
    public var valuesRevised: Int
    /// Keys in both versions with the same value.
    public var unchanged: Int
    /// Years that hold values in `to` but none in `from`.
    public var yearsAdded: [Int]
    /// The largest |new − old| / |old| among revised values (nil when none).
    public var maxRelativeRevision: Double?
    /// The largest revisions (at most 10), largest first.
    public var largestRevisions: [Revision]

    enum CodingKeys: String, CodingKey {
        case from, to, unchanged
        case datasetID = "dataset_id"
        case rowsAdded = "rows_added"
        case rowsRemoved = "rows_removed"
        case valuesRevised = "values_revised"
        case yearsAdded = "years_added"
        case maxRelativeRevision = "max_relative_revision"
        case largestRevisions = "largest_revisions"
    }
}

/// What an import did.
public struct NowcastInputImportReport: Sendable, Codable, Hashable {
    /// Id of the input dataset imported into.
    public var datasetID: String
    /// The version label given to the import.
    public var version: String
    /// Input kind: "gdp", "national-co2", "edgar" or "jrc-co2".
    public var kind: String
    /// The layout the file was read as.
    public var layout: String
    /// Unit of the values stored.
    public var unit: String
    /// Number of values read from the file.
    public var rows: Int
    /// First year holding at least one value.
    public var firstYear: Int?
    /// Last year holding at least one value.
    public var lastYear: Int?
    /// True when the same content was already stored (nothing was written).
    public var alreadyStored: Bool
    /// Changes against the version that was current before.
    public var changes: NowcastInputChanges?
    /// What was left out of the file (other indicators, aggregates without a code …).
    public var skipped: [String]

    enum CodingKeys: String, CodingKey {
        case version, kind, layout, unit, rows, changes, skipped
        case datasetID = "dataset_id"
        case firstYear = "first_year"
        case lastYear = "last_year"
        case alreadyStored = "already_stored"
    }
}

extension YuhengDatabase {
    /// Imports a release of a nowcast input in its published layout (or Yuheng's wide series) as a new
    /// version of `dataset` (default: the dataset of its kind the nowcast reads) and makes it current.
    /// One transaction: a bad row leaves the database as it was. Importing content already stored
    /// writes nothing. The unit must be the dataset's (a national-co2 file in another unit is refused).
    @discardableResult
    public func importNowcastInput(
        kind: NowcastInputKind, text: String, fileName: String, dataset: String? = nil, version: String? = nil,
        source: String? = nil, licence: String? = nil, date: String? = nil, unit: String? = nil
    ) throws -> NowcastInputImportReport {
        try NowcastInputStore.install(in: self)
        let id = dataset ?? kind.defaultDataset
        guard let k = NowcastInputStore.seriesDatasets[id] else {
            throw DataError(
                .unknownDataset, "'\(id)' is not a nowcast input dataset", field: "dataset",
                suggestion: "datasets: \(NowcastInputStore.seriesDatasets.keys.sorted().joined(separator: ", "))")
        }
        guard k == kind else {
            throw DataError(
                .invalidValue, "the dataset \(id) holds \(k.rawValue) data, not \(kind.rawValue)", field: "kind",
                suggestion: "import it with --kind \(k.rawValue), or choose the dataset \(kind.defaultDataset)")
        }
        let parsed = try NowcastInputLayouts.parse(kind: kind, text: text, file: fileName)
        guard let current = try nowcastInputVersions(dataset: id).first(where: \.current) else {
            throw DataError(.missingBundledData, "the dataset \(id) has no version installed", suggestion: "reinstall the bundled nowcast inputs")
        }
        let fileUnit = parsed.unit ?? unit ?? current.unit
        guard fileUnit == current.unit else {
            throw DataError(
                .invalidValue, "the file is in \(fileUnit), the dataset \(id) in \(current.unit)", file: fileName, field: "unit",
                suggestion: "import \(fileUnit) data into a dataset of that unit, or convert the file")
        }
        let checksum = SHA256.hex(Array(text.utf8))
        let years = parsed.rows.filter { $0.value != nil }.map(\.year)
        let label = version ?? "\(fileName) (\(years.min().map(String.init) ?? "?")–\(years.max().map(String.init) ?? "?"), \(checksum.prefix(8)))"
        var report = NowcastInputImportReport(
            datasetID: id, version: label, kind: kind.rawValue, layout: parsed.layout, unit: fileUnit, rows: parsed.rows.count,
            firstYear: years.min(), lastYear: years.max(), alreadyStored: false, changes: nil, skipped: parsed.skipped)
        let info = DatasetInfo(
            id: id, title: "\(current.kind) release \(label)", version: label, source: source ?? "\(fileName) (\(parsed.layout))",
            licence: licence ?? current.licence, date: date ?? String(ISO8601DateFormatter().string(from: Date()).prefix(10)), checksum: checksum)
        let written = try writer.write { w -> Bool in
            if let same = try String.fetchOne(
                w, sql: "SELECT version FROM nowcast_input_versions WHERE dataset_id = ? AND checksum = ?", arguments: [id, checksum])
            {
                report.version = same
                return false
            }
            guard
                try
                    !(Bool.fetchOne(
                        w, sql: "SELECT EXISTS(SELECT 1 FROM nowcast_input_versions WHERE dataset_id = ? AND version = ?)", arguments: [id, label])
                    ?? false)
            else {
                throw DataError(
                    .invalidValue, "the dataset \(id) already has a version '\(label)' with other content", field: "version",
                    suggestion: "give the release another version label")
            }
            try NowcastInputStore.insertVersion(w, info: info, kind: kind.rawValue, unit: fileUnit, origin: "user", file: fileName, rows: parsed.rows)
            try NowcastInputStore.setCurrent(w, info: info, origin: "user", action: "imported")
            return true
        }
        report.alreadyStored = !written
        if written { report.changes = try nowcastInputChanges(dataset: id, from: current.version, to: label) }
        return report
    }

    /// Imports a file (read with the import limits) as ``importNowcastInput(kind:text:fileName:dataset:version:source:licence:date:unit:)``.
    @discardableResult
    public func importNowcastInput(
        kind: NowcastInputKind, path: String, dataset: String? = nil, version: String? = nil,
        source: String? = nil, licence: String? = nil, date: String? = nil, unit: String? = nil
    ) throws -> NowcastInputImportReport {
        let text = try InputFile.read(path)
        return try importNowcastInput(
            kind: kind, text: text, fileName: (path as NSString).lastPathComponent, dataset: dataset, version: version,
            source: source, licence: licence, date: date, unit: unit)
    }

    /// Every stored version of a nowcast input dataset, oldest first (the current one flagged).
    public func nowcastInputVersions(dataset id: String) throws -> [NowcastInputVersion] {
        try NowcastInputStore.install(in: self)
        return try writer.read { w in
            let current = try String.fetchOne(w, sql: "SELECT version FROM datasets WHERE id = ?", arguments: [id])
            return try Row.fetchAll(w, sql: "SELECT * FROM nowcast_input_versions WHERE dataset_id = ? ORDER BY seq", arguments: [id]).map {
                NowcastInputVersion(
                    datasetID: $0["dataset_id"], version: $0["version"], kind: $0["kind"], unit: $0["unit"], source: $0["source"],
                    licence: $0["licence"], date: $0["date"], checksum: $0["checksum"], origin: $0["origin"], file: $0["file"],
                    rows: $0["rows"], firstYear: $0["first_year"], lastYear: $0["last_year"], importedAt: $0["imported_at"],
                    current: ($0["version"] as String) == current)
            }
        }
    }

    /// The versions of a dataset with the changes from each to the next (what `yuheng data show ID` lists).
    public func nowcastInputHistory(dataset id: String) throws -> [(version: NowcastInputVersion, changesFromPrevious: NowcastInputChanges?)] {
        let vs = try nowcastInputVersions(dataset: id)
        guard !vs.isEmpty else {
            throw DataError(
                .unknownDataset, "no nowcast input dataset '\(id)'",
                suggestion: "datasets: \(NowcastInputStore.seriesDatasets.keys.sorted().joined(separator: ", "))")
        }
        return try vs.indices.map { i in (vs[i], i == 0 ? nil : try nowcastInputChanges(dataset: id, from: vs[i - 1].version, to: vs[i].version)) }
    }

    /// What changed from version `from` to version `to` of a dataset: rows added and removed, values revised.
    public func nowcastInputChanges(dataset id: String, from: String, to: String) throws -> NowcastInputChanges {
        try writer.read { w in
            for v in [from, to]
            where try
                !(Bool.fetchOne(
                    w, sql: "SELECT EXISTS(SELECT 1 FROM nowcast_input_versions WHERE dataset_id = ? AND version = ?)", arguments: [id, v]) ?? false)
            {
                let known = try String.fetchAll(
                    w, sql: "SELECT version FROM nowcast_input_versions WHERE dataset_id = ? ORDER BY seq", arguments: [id])
                throw DataError(
                    .unknownDataset, "the dataset \(id) has no version '\(v)'",
                    suggestion: known.isEmpty ? "no versions are stored" : "versions: \(known.joined(separator: "; "))")
            }
            func values(_ v: String) throws -> [String: (NowcastInputChanges.Revision, Double?)] {
                var out: [String: (NowcastInputChanges.Revision, Double?)] = [:]
                for r in try Row.fetchAll(
                    w, sql: "SELECT code, sector, gas, year, value FROM nowcast_input_values WHERE dataset_id = ? AND version = ?", arguments: [id, v]
                ) {
                    let rev = NowcastInputChanges.Revision(code: r["code"], sector: r["sector"], gas: r["gas"], year: r["year"], old: nil, new: nil)
                    out["\(rev.code)|\(rev.sector)|\(rev.gas)|\(rev.year)"] = (rev, r["value"])
                }
                return out
            }
            return Self.compare(id: id, from: from, to: to, old: try values(from), new: try values(to))
        }
    }

    static func compare(
        id: String, from: String, to: String, old: [String: (NowcastInputChanges.Revision, Double?)],
        new: [String: (NowcastInputChanges.Revision, Double?)]
    ) -> NowcastInputChanges {
        var added = 0, removed = 0, unchanged = 0, revisions: [(NowcastInputChanges.Revision, Double)] = []
        for (k, (rev, v)) in new {
            guard let (_, o) = old[k] else { added += 1; continue }
            if o == v || (o.map { $0.isNaN } == true && v.map { $0.isNaN } == true) { unchanged += 1; continue }
            var r = rev
            r.old = o
            r.new = v
            let rel = (o != nil && v != nil && o! != 0) ? abs(v! - o!) / abs(o!) : .infinity
            revisions.append((r, rel))
        }
        for k in old.keys where new[k] == nil { removed += 1 }
        let yearsOld = Set(old.values.filter { $0.1 != nil }.map(\.0.year)), yearsNew = Set(new.values.filter { $0.1 != nil }.map(\.0.year))
        revisions.sort { $0.1 > $1.1 }
        let finite = revisions.map(\.1).filter(\.isFinite)
        return NowcastInputChanges(
            datasetID: id, from: from, to: to, rowsAdded: added, rowsRemoved: removed, valuesRevised: revisions.count, unchanged: unchanged,
            yearsAdded: yearsNew.subtracting(yearsOld).sorted(), maxRelativeRevision: finite.max(),
            largestRevisions: Array(revisions.prefix(10).map(\.0)))
    }
}
