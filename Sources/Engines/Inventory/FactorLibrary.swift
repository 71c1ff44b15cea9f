import YuhengCore

/// A value with its 95 % range (2.5th and 97.5th percentiles) and where it came from.
public struct RangedValue: Sendable, Hashable, Codable {
    /// The value used, in `unit`.
    public var value: Double
    /// 2.5th percentile of the default's range, in `unit`; nil when the table gives none.
    public var low: Double?
    /// 97.5th percentile of the default's range, in `unit`; nil when the table gives none.
    public var high: Double?
    /// Unit of the value and range, e.g. kg/TJ or GJ/t.
    public var unit: MeasureUnit
    /// Dataset the value comes from, "user" for a value given in the activity file.
    public var datasetID: String
    /// How the value was checked against its source, e.g. "V-bonsai;EF-table" (empty for user values).
    public var verification: String

    /// A value; by default a user value without a range.
    public init(value: Double, low: Double? = nil, high: Double? = nil, unit: MeasureUnit, datasetID: String = "user", verification: String = "") {
        self.value = value
        self.low = low
        self.high = high
        self.unit = unit
        self.datasetID = datasetID
        self.verification = verification
    }

    /// Half-width of the 95 % interval in percent: (high − low) / 2 / value × 100 (IPCC Vol 1
    /// Ch 3 treats default ranges as the 95 % interval; an asymmetric range is averaged).
    public var uncertaintyPercent: Double? {
        guard let l = low, let h = high, value != 0 else { return nil }
        return (h - l) / 2 / abs(value) * 100
    }

    init(_ r: FactorRecord) throws {
        self.init(value: r.value, low: r.low, high: r.high, unit: try MeasureUnit(r.unit), datasetID: r.datasetID, verification: r.verification)
    }
}

/// Properties of a fuel from IPCC 2006 Vol 2 Ch 1.
public struct FuelProperties: Sendable, Hashable {
    /// Fuel id used in activity files, e.g. "anthracite" or "natural_gas".
    public var id: String
    /// Display name, e.g. "Aviation gasoline".
    public var name: String
    /// Fuel group of IPCC Vol 2 Table 1.2: "coal", "oil", "gas", "biomass", ….
    public var group: String
    /// True for biomass fuels: their CO2 is a memo item, not in the national total.
    public var biogenic: Bool
    /// Net calorific value (GJ/t = TJ/Gg).
    public var ncv: RangedValue?
    /// Carbon content per energy (kg C/GJ).
    public var carbonContent: RangedValue?
    /// Default CO2 emission factor (kg CO2/TJ), the tabulated IPCC value.
    public var co2: RangedValue?
}

/// The default factors the Tier 1 methods need, assembled from ``FactorRecord``s (the bundled
/// IPCC tables or the database). Lookups that fail throw an ``InventoryError`` that lists what exists.
public struct InventoryFactors: Sendable {
    /// Fuel properties by fuel id.
    public private(set) var fuels: [String: FuelProperties] = [:]
    /// (table "1A1"/"1A2"/"1A4a"/"1A4b"/"1A4c", fuel, gas) -> kg/TJ
    public private(set) var stationary: [String: RangedValue] = [:]
    /// (mode, fuel, technology, gas) -> kg/TJ
    public private(set) var mobile: [String: RangedValue] = [:]
    /// (mode, fuel) → the technologies with mobile factors, e.g. road gasoline: uncontrolled, oxidation catalyst, ….
    public private(set) var mobileTechnologies: [String: [String]] = [:]
    /// parameter -> value
    public private(set) var cement: [String: RangedValue] = [:]
    /// (guideline, livestock, region) -> kg CH4/head/yr
    public private(set) var enteric: [String: RangedValue] = [:]
    /// Tier 1 defaults of the other categories (guideline|parameter|item|qualifier -> default),
    /// from the bundled `ipcc_tier1_*.csv` tables (table `ipcc_tier1`).
    public private(set) var tier1: [String: IPCCDefault] = [:]
    /// Datasets the factors came from (id -> provenance), filled by the caller.
    public var provenance: [String: Provenance] = [:]

    /// Assembles the factors from data-layer records (bundled IPCC tables or the database), keyed by table.
    ///
    /// - throws: the unit parser's error for a record whose unit Yuheng does not know.
    public init(records: [FactorRecord], provenance: [Provenance] = []) throws {
        for p in provenance { self.provenance[p.datasetID] = p }
        for r in records {
            switch r.table {
            case "ncv", "carbon_content", "fuel_co2":
                var f =
                    fuels[r.item]
                    ?? FuelProperties(
                        id: r.item, name: r.attributes["name"] ?? r.item, group: r.attributes["group"] ?? "",
                        biogenic: r.attributes["biogenic"] == "true")
                if let n = r.attributes["name"] { f.name = n }
                if let g = r.attributes["group"] { f.group = g }
                if let b = r.attributes["biogenic"] { f.biogenic = b == "true" }
                let v = try RangedValue(r)
                switch r.table {
                case "ncv": f.ncv = v
                case "carbon_content": f.carbonContent = v
                default: f.co2 = v
                }
                fuels[r.item] = f
            case "stationary":
                stationary[Self.key(r.category, r.item, r.gas)] = try RangedValue(r)
            case "mobile":
                mobile[Self.key(r.category, r.item, r.qualifier, r.gas)] = try RangedValue(r)
                let k = Self.key(r.category, r.item)
                if !(mobileTechnologies[k]?.contains(r.qualifier) ?? false) { mobileTechnologies[k, default: []].append(r.qualifier) }
            case "cement":
                cement[r.item] = try RangedValue(r)
            case "enteric":
                enteric[Self.key(r.category, r.item, r.qualifier)] = try RangedValue(r)
            case IPCCDefault.table:
                let d = IPCCDefault(r)
                tier1[IPCCDefault.key(d.guideline, d.parameter, d.item, d.qualifier)] = d
            default:
                continue
            }
        }
    }

    static func key(_ parts: String...) -> String { parts.joined(separator: "|") }

    /// Common names accepted for fuel ids of the IPCC tables.
    public static let fuelAliases: [String: String] = [
        "crude_oil": "oil", "diesel": "gas_diesel_oil", "gasoil": "gas_diesel_oil", "gas_oil": "gas_diesel_oil",
        "gasoline": "motor_gasoline", "petrol": "motor_gasoline", "lpg": "liquefied_petroleum_gases",
        "kerosene": "other_kerosene", "heavy_fuel_oil": "residual_fuel_oil", "hfo": "residual_fuel_oil",
        "bituminous_coal": "other_bituminous_coal", "wood": "wood_wood_waste", "cng": "natural_gas", "lng": "natural_gas"
    ]

    func fuel(_ id: String) throws -> FuelProperties {
        if let f = fuels[id] { return f }
        if let a = Self.fuelAliases[id], let f = fuels[a] { return f }
        let guess = closest(id, in: fuels.keys)
        throw InventoryError(
            .unknownFuel, "unknown fuel '\(id)'", field: "item",
            suggestion: (guess.map { "Did you mean '\($0)'? " } ?? "")
                + "Run `yuheng factors search \"\(id.replacingOccurrences(of: "_", with: " "))\"` to list fuel ids")
    }

    func stationaryFactor(table: String, fuel: String, gas: Gas) -> RangedValue? {
        stationary[Self.key(table, fuel, gas.name)]
    }

    func cementParameter(_ name: String) throws -> RangedValue {
        if let v = cement[name] { return v }
        throw InventoryError(
            .missingFactor, "the cement parameter '\(name)' is missing from the factor database",
            suggestion: "rebuild the database with `yuheng data reset` or give it as a parameter")
    }
}
