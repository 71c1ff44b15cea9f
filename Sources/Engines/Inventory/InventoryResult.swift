import YuhengCore

/// Emissions of one gas from one source.
public struct GasEmission: Sendable, Codable, Hashable {
    /// The gas emitted (CO2, CH4, N2O, or an F-gas).
    public var gas: Gas
    /// Fossil or biogenic origin of the carbon (biogenic CO2 is a memo item).
    public var origin: CarbonOrigin
    /// Mass of the gas, tonnes.
    public var tonnes: Double
    /// CO2-equivalent, tonnes (0 for memo items such as biogenic CO2).
    public var co2eTonnes: Double
    /// Uncertainty of the emission factor chain (NCV and EF, or EF alone), % half-width of the 95 % interval.
    public var factorUncertaintyPercent: Double?
    /// Combined uncertainty of this emission, IPCC Vol 1 Eq 3.1, % half-width; nil when a factor range is unknown.
    public var uncertaintyPercent: Double?
    /// True for memo items not counted in the national total (biogenic CO2).
    public var memo: Bool
    /// Uncertainty of the activity data of this emission, % half-width (for the Approach 1 trend table).
    public var adUncertaintyPercent: Double? = nil
    /// The emission as a sum of monomials in the line's uncertain inputs (``SourceResult/uncertainFactors``),
    /// for exact propagation; nil for the methods that predate it (their inputs are identified from the
    /// audit trail). Not part of the JSON output.
    public var terms: [EmissionTerm]? = nil
    /// Why the emission is not in the national total although the source is (e.g. forest-fire CO2, counted
    /// through the carbon-stock change), nil when it is counted.
    public var note: String? = nil

    enum CodingKeys: String, CodingKey {
        case gas, origin, tonnes, memo, note
        case co2eTonnes = "co2e_t"
        case factorUncertaintyPercent = "factor_uncertainty_pct"
        case uncertaintyPercent = "uncertainty_pct"
        case adUncertaintyPercent = "ad_uncertainty_pct"
    }
}

/// A factor used in a calculation, with its origin, for the audit trail.
public struct FactorUse: Sendable, Codable, Hashable {
    /// What the factor is, e.g. "NCV" or "EF CH4".
    public var name: String
    /// The value used, in `unit`.
    public var value: Double
    /// Unit of the value, e.g. "kg/TJ".
    public var unit: String
    /// Where it came from: "user" (the activity file) or the dataset id of the default.
    public var source: String

    /// The guideline table the default is (e.g. "IPCC 2006 Vol 5 Table 3.3"), nil for user values.
    public var reference: String? = nil
    /// The edition of the Guidelines the value is from (2006 or 2019R), for bundled defaults.
    public var guideline: String? = nil
    /// How the default was checked against its table.
    public var verification: String? = nil

    /// A factor use without reference or verification (set them for defaults).
    public init(_ name: String, _ value: Double, _ unit: String, _ source: String) {
        self.name = name
        self.value = value
        self.unit = unit
        self.source = source
    }
}

/// The result for one activity line.
public struct SourceResult: Sendable, Codable, Hashable {
    /// Identifier of the activity line.
    public var id: String
    /// Line in the activity file (1-based), when read from a file.
    public var line: Int?
    /// Normalised IPCC category code, e.g. "1.A.1.a".
    public var category: String
    /// IPCC name of the category, e.g. "Public electricity and heat production".
    public var categoryName: String
    /// The Tier 1 method applied.
    public var method: InventoryMethod
    /// Item of the line: fuel id, livestock type, cement type, ….
    public var item: String
    /// Energy in TJ for combustion sources.
    public var energyTJ: Double?
    /// Emissions per gas of the line.
    public var emissions: [GasEmission]
    /// Why the source is a memo item, if it is one ("international bunkers").
    public var memo: String?
    /// Every factor used, with its value, unit and source (the audit trail).
    public var factors: [FactorUse]
    /// Human-readable calculation steps.
    public var steps: [String]
    /// The uncertain inputs of the line that its emissions' ``GasEmission/terms`` refer to (not in the JSON).
    public var uncertainFactors: [UncertainFactor] = []

    /// CO2e counted in totals, tonnes.
    public var co2eTonnes: Double { memo == nil ? emissions.filter { !$0.memo }.reduce(0) { $0 + $1.co2eTonnes } : 0 }

    enum CodingKeys: String, CodingKey {
        case id, line, category, method, item, emissions, memo, factors, steps
        case categoryName = "category_name"
        case energyTJ = "energy_tj"
    }
}

/// Totals for one IPCC category.
public struct CategoryTotal: Sendable, Codable, Hashable {
    /// IPCC name of the category.
    public var name: String
    /// Emissions of the category, t CO2e (memo items excluded).
    public var co2eTonnes: Double
    /// Gas → tonnes of gas in the category.
    public var byGasTonnes: [String: Double]
    /// Approach 1 uncertainty of the category, half-width of the 95 % interval in %; nil when not quantified.
    public var uncertaintyPercent: Double?

    enum CodingKeys: String, CodingKey {
        case name
        case co2eTonnes = "co2e_t"
        case byGasTonnes = "by_gas_t"
        case uncertaintyPercent = "uncertainty_pct"
    }
}

/// Reference approach (Vol 2 Ch 6) for one fuel.
public struct ReferenceApproachResult: Sendable, Codable, Hashable {
    /// Identifier of the reference-approach line.
    public var id: String
    /// Fuel id.
    public var fuel: String
    /// Apparent consumption = production + imports − exports − bunkers − stock change, t.
    public var apparentConsumptionTonnes: Double
    /// Apparent consumption in energy, TJ (× NCV).
    public var energyTJ: Double
    /// Carbon in the apparent consumption, t C (× carbon content).
    public var carbonTonnes: Double
    /// Carbon excluded as stored in products (feedstocks, non-energy use), t C.
    public var excludedCarbonTonnes: Double
    /// CO2 of the fuel, (carbon − excluded carbon) × fraction oxidised × 44/12, t.
    public var co2Tonnes: Double

    enum CodingKeys: String, CodingKey {
        case id, fuel
        case apparentConsumptionTonnes = "apparent_consumption_t"
        case energyTJ = "energy_tj"
        case carbonTonnes = "carbon_t"
        case excludedCarbonTonnes = "excluded_carbon_t"
        case co2Tonnes = "co2_t"
    }
}

/// Memo items: reported beside, not in, the national total.
public struct MemoItems: Sendable, Codable, Hashable {
    /// CO2 from biomass combustion, tonnes.
    public var biogenicCO2Tonnes: Double
    /// Emissions from international aviation and navigation.
    public var internationalBunkersCO2eTonnes: Double
    /// Gas → tonnes of gas from international aviation and navigation.
    public var internationalBunkersByGasTonnes: [String: Double]

    enum CodingKeys: String, CodingKey {
        case biogenicCO2Tonnes = "biogenic_co2_t"
        case internationalBunkersCO2eTonnes = "international_bunkers_co2e_t"
        case internationalBunkersByGasTonnes = "international_bunkers_by_gas_t"
    }
}

/// A production-based inventory: totals by gas and category, CO2e with the chosen GWP set,
/// Approach 1 uncertainty, memo items, the reference-approach check, and the per-source detail.
public struct InventoryResult: Sendable, Codable, Hashable {
    /// GWP set used, e.g. "AR5 GWP100".
    public var gwp: String
    /// National total, t CO2e (memo items excluded).
    public var totalCO2eTonnes: Double
    /// Gas -> tonnes of gas (memo items excluded).
    public var byGasTonnes: [String: Double]
    /// Gas -> tonnes CO2e.
    public var byGasCO2eTonnes: [String: Double]
    /// IPCC category -> totals.
    public var byCategory: [String: CategoryTotal]
    /// Approach 1 (IPCC Vol 1 Eqs 3.1 and 3.2): half-width of the 95 % interval of the total, %.
    public var uncertaintyPercent: Double?
    /// Share of the total CO2e whose uncertainty is quantified (0…1).
    public var uncertaintyCoverage: Double
    /// Sources and gases without an uncertainty range (left out of the propagation).
    public var uncertaintyUnquantified: [String]
    /// Items reported beside the total: biogenic CO2 and international bunkers.
    public var memo: MemoItems
    /// Reference-approach CO2 per fuel (IPCC Vol 2 Ch 6), when the file has such lines.
    public var referenceApproach: [ReferenceApproachResult]
    /// (reference − sectoral) / sectoral × 100 for fuel-combustion CO2, when both exist.
    public var referenceVsSectoralPercent: Double?
    /// One result per activity line, in file order.
    public var sources: [SourceResult]
    /// Datasets whose factors were used.
    public var datasets: [Provenance]
    /// Implausible inputs and other points to check, naming the line and field.
    public var warnings: [String]
    /// The inventory year, in a time series (not encoded here: the series adds `year`).
    public var year: Int? = nil

    enum CodingKeys: String, CodingKey {
        case gwp, memo, sources, datasets, warnings
        case totalCO2eTonnes = "total_co2e_t"
        case byGasTonnes = "by_gas_t"
        case byGasCO2eTonnes = "by_gas_co2e_t"
        case byCategory = "by_category"
        case uncertaintyPercent = "uncertainty_pct"
        case uncertaintyCoverage = "uncertainty_coverage"
        case uncertaintyUnquantified = "uncertainty_unquantified"
        case referenceApproach = "reference_approach"
        case referenceVsSectoralPercent = "reference_vs_sectoral_pct"
    }
}
