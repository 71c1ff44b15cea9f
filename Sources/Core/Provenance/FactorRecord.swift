/// One row of a factor table as stored in the data layer: an emission factor, a calorific value,
/// a default parameter. Engines turn lists of records into their own typed libraries.
///
/// ```swift
/// FactorRecord(datasetID: "ipcc2006-fuels", table: "fuel_co2", item: "natural_gas", gas: "CO2",
///              value: 56_100, low: 54_300, high: 58_300, unit: "kg/TJ",
///              description: "Natural gas CO2 default emission factor (IPCC 2006 Vol 2 Table 1.4)")
/// ```
public struct FactorRecord: Hashable, Sendable, Codable {
    /// Identifier of the registered dataset the record belongs to, e.g. "ipcc2006-fuels".
    public var datasetID: String
    /// The kind of factor: "ncv", "carbon_content", "fuel_co2", "stationary", "mobile", "cement", "enteric", ...
    public var table: String
    /// A category or grouping key (IPCC category, transport mode, guideline edition); may be empty.
    public var category: String
    /// The thing the factor describes: a fuel, a livestock type, a parameter name.
    public var item: String
    /// A further qualifier (technology, region); may be empty.
    public var qualifier: String
    /// The gas the factor produces, or empty for non-emission parameters.
    public var gas: String
    /// The factor's default (central) value, in `unit`.
    public var value: Double
    /// Lower and upper bounds of the 95 % range (2.5th and 97.5th percentiles) where known.
    public var low: Double?
    /// Upper bound of the 95 % range (97.5th percentile), in `unit`; nil when unknown.
    public var high: Double?
    /// Unit of `value`, `low` and `high` as written in the source, parseable by ``MeasureUnit`` (e.g. "kg/TJ", "TJ/Gg", "kg/head/yr").
    public var unit: String
    /// Human-readable description with the source table, e.g. "Natural gas CO2 default emission factor (IPCC 2006 Vol 2 Table 1.4)".
    public var description: String
    /// How the value was checked ("ipcc.md", "V-bonsai", "checked:…", "unverified").
    public var verification: String
    /// Extra attributes (name, group, biogenic, …).
    public var attributes: [String: String]

    /// A record; only the dataset, table, item, value and unit are required.
    public init(
        datasetID: String, table: String, category: String = "", item: String, qualifier: String = "",
        gas: String = "", value: Double, low: Double? = nil, high: Double? = nil, unit: String,
        description: String = "", verification: String = "", attributes: [String: String] = [:]
    ) {
        self.datasetID = datasetID
        self.table = table
        self.category = category
        self.item = item
        self.qualifier = qualifier
        self.gas = gas
        self.value = value
        self.low = low
        self.high = high
        self.unit = unit
        self.description = description
        self.verification = verification
        self.attributes = attributes
    }

    /// Half-width of the 95 % range in percent of the value, (high − low) / 2 / value × 100,
    /// or nil when the range is unknown.
    public var halfWidthPercent: Double? {
        guard let l = low, let h = high, value != 0 else { return nil }
        return (h - l) / 2 / abs(value) * 100
    }
}
