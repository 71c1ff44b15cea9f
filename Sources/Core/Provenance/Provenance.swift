/// Where a number came from: the dataset, its version, the original source and its licence.
///
/// Every factor and dataset row in Yuheng carries one, and every result lists the provenance of
/// the datasets it used.
public struct Provenance: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Identifier of the dataset in the registry, e.g. "gcb2022-national".
    public var datasetID: String
    /// Version of the dataset as published by its source, e.g. "GCB 2022v1.0".
    public var version: String
    /// The original publisher or reference (organisation, report, DOI or URL).
    public var source: String
    /// Licence under which the data may be used, as an SPDX expression, e.g. "CC-BY-4.0".
    public var licence: String

    /// A provenance record (memberwise).
    public init(datasetID: String, version: String, source: String, licence: String) {
        self.datasetID = datasetID
        self.version = version
        self.source = source
        self.licence = licence
    }

    enum CodingKeys: String, CodingKey {
        case datasetID = "dataset_id"
        case version, source, licence
    }

    /// "dataset version (licence)", e.g. "gcb2022-national GCB 2022v1.0 (CC-BY-4.0)".
    public var description: String { "\(datasetID) \(version) (\(licence))" }
}

/// Metadata of a registered dataset.
public struct DatasetInfo: Hashable, Sendable, Codable {
    /// Identifier of the dataset in the registry (the key results cite in their provenance).
    public var id: String
    /// Display title shown in the dataset list, e.g. "Global warming potentials (SAR, TAR, AR4, AR5, AR6)".
    public var title: String
    /// Version of the dataset as published by its source.
    public var version: String
    /// The original publisher or reference (organisation, report, DOI or URL).
    public var source: String
    /// Licence under which the data may be used and redistributed.
    public var licence: String
    /// The source's publication or release date (ISO 8601).
    public var date: String
    /// How to cite the source in a report; empty when the source gives no citation.
    public var citation: String
    /// SHA-256 of the imported content.
    public var checksum: String
    /// Free-text notes on coverage, processing or known limitations; may be empty.
    public var notes: String

    /// Dataset metadata (memberwise); citation, checksum and notes may be left empty.
    public init(
        id: String, title: String, version: String, source: String, licence: String, date: String,
        citation: String = "", checksum: String = "", notes: String = ""
    ) {
        self.id = id
        self.title = title
        self.version = version
        self.source = source
        self.licence = licence
        self.date = date
        self.citation = citation
        self.checksum = checksum
        self.notes = notes
    }

    /// The short provenance record that results carry for this dataset.
    public var provenance: Provenance {
        Provenance(datasetID: id, version: version, source: source, licence: licence)
    }
}
