import YuhengCore

/// One Tier 1 default parameter of the IPCC Guidelines as bundled (`Sources/Data/Bundled/ipcc_tier1_*.csv`):
/// the edition it belongs to, the table it is, and how it was checked.
///
/// 2006 and 2019 Refinement values are separate rows with their own `guideline`; a value is never
/// filed under an edition it does not come from.
public struct IPCCDefault: Sendable, Hashable, Codable {
    /// The `FactorRecord.table` the data layer stores these under.
    public static let table = "ipcc_tier1"

    /// `2006` or `2019R`.
    public var guideline: String
    /// Parameter key, e.g. "manure.ef3" or "manure.ef_ch4_vs".
    public var parameter: String
    /// Item the value is for, e.g. a livestock type or manure system ("breeding_swine:low").
    public var item: String
    /// Further key (climate, system, …) where the table distinguishes rows, e.g. "dry_lot:tropical:dry"; empty otherwise.
    public var qualifier: String
    /// The default value, in `unit`.
    public var value: Double
    /// Lower end of the table's range, in `unit`; nil when it gives none.
    public var low: Double?
    /// Upper end of the table's range, in `unit`; nil when it gives none.
    public var high: Double?
    /// Unit as written in the bundled table (e.g. `t CO2/t lime`, `kg N2O-N/kg N`).
    public var unit: String
    /// The guideline table or equation, e.g. `IPCC 2006 Vol 5 Table 3.3`.
    public var ipccTable: String
    /// How the value was checked: `V-bonsai`, `corrected:…`, `checked:…`, `unverified`.
    public var verification: String
    /// Dataset the row belongs to, for provenance.
    public var datasetID: String

    /// Memberwise initialiser.
    public init(
        guideline: String, parameter: String, item: String, qualifier: String, value: Double, low: Double?, high: Double?,
        unit: String, ipccTable: String, verification: String, datasetID: String
    ) {
        self.guideline = guideline
        self.parameter = parameter
        self.item = item
        self.qualifier = qualifier
        self.value = value
        self.low = low
        self.high = high
        self.unit = unit
        self.ipccTable = ipccTable
        self.verification = verification
        self.datasetID = datasetID
    }

    init(_ r: FactorRecord) {
        let parts = r.qualifier.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        self.init(
            guideline: r.category, parameter: r.item, item: parts.first ?? "", qualifier: parts.count > 1 ? parts[1] : "",
            value: r.value, low: r.low, high: r.high, unit: r.attributes["unit_text"] ?? r.unit,
            ipccTable: r.attributes["ipcc_table"] ?? "", verification: r.verification, datasetID: r.datasetID)
    }

    static func key(_ guideline: String, _ parameter: String, _ item: String, _ qualifier: String) -> String {
        "\(guideline)|\(parameter)|\(item)|\(qualifier)"
    }

    /// The identity of this default as an uncertain input (shared by every line that uses it).
    var inputID: String { "tier1|\(guideline)|\(parameter)|\(item)|\(qualifier)" }
}

/// The editions of the IPCC Guidelines a line can ask for.
public enum Guideline: String, Sendable, CaseIterable {
    case ipcc2006 = "2006"
    case refinement2019 = "2019R"

    static func parse(_ raw: String) throws -> Guideline {
        switch raw.trimmingCharacters(in: .whitespaces).uppercased() {
        case "2006": return .ipcc2006
        case "2019R", "2019": return .refinement2019
        default:
            throw InventoryError(
                .invalidParameter, "guideline '\(raw)' is not 2006 or 2019R", field: "parameters",
                suggestion: "write guideline=2006 (IPCC 2006 Guidelines) or guideline=2019R (2019 Refinement)")
        }
    }
}

extension InventoryFactors {
    /// The Tier 1 default for `parameter` (of `item`, `qualifier`) in the requested edition.
    ///
    /// A 2019R line falls back to the 2006 value where the 2019 Refinement did not replace it
    /// (the Refinement is used together with the 2006 Guidelines); the result says which edition
    /// the value is from. A 2006 line never receives a 2019R value.
    func tier1Default(_ guideline: Guideline, _ parameter: String, item: String = "", qualifier: String = "") -> IPCCDefault? {
        if let d = tier1[IPCCDefault.key(guideline.rawValue, parameter, item, qualifier)] { return d }
        if guideline == .refinement2019, let d = tier1[IPCCDefault.key(Guideline.ipcc2006.rawValue, parameter, item, qualifier)] { return d }
        return nil
    }

    /// Items (and qualifiers) for which a default of `parameter` exists, for error messages.
    func tier1Keys(_ parameter: String) -> (items: [String], qualifiers: [String]) {
        let ds = tier1.values.filter { $0.parameter == parameter }
        return (Array(Set(ds.map(\.item))).filter { !$0.isEmpty }.sorted(), Array(Set(ds.map(\.qualifier))).filter { !$0.isEmpty }.sorted())
    }

    /// True when only the other edition has the default (so a 2006 line asking for it gets a clear error).
    func tier1OnlyIn(_ parameter: String, item: String, qualifier: String) -> [String] {
        Guideline.allCases.map(\.rawValue).filter { tier1[IPCCDefault.key($0, parameter, item, qualifier)] != nil }
    }
}
