/// Where a number came from: the dataset, its version, the original source and its licence.
///
/// Every factor and dataset row in Yuheng carries one, and every result lists the provenance of
/// the datasets it used.
public struct Provenance: Hashable, Sendable, Codable, CustomStringConvertible {
    public var datasetID: String
    public var version: String
    public var source: String
    public var licence: String

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

    public var description: String { "\(datasetID) \(version) (\(licence))" }
}

/// Metadata of a registered dataset.
public struct DatasetInfo: Hashable, Sendable, Codable {
    public var id: String
    public var title: String
    public var version: String
    public var source: String
    public var licence: String
    /// The source's publication or release date (ISO 8601).
    public var date: String
    public var citation: String
    /// SHA-256 of the imported content.
    public var checksum: String
    public var notes: String

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

    public var provenance: Provenance {
        Provenance(datasetID: id, version: version, source: source, licence: licence)
    }
}
