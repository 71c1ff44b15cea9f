import YuhengCore

/// Which emission factors to use for vegetation fires.
public enum FireEFSet: String, Sendable, Codable, CaseIterable {
    /// IPCC 2006 Vol 4 Table 2.5 (after Andreae & Merlet 2001).
    case ipcc
    /// GFED4 (van der Werf et al. 2017; mostly Akagi et al. 2011), by GFED biome.
    case gfed4
}

/// Vegetation types with a default fuel consumption (van Leeuwen et al. 2014) and their IPCC
/// Table 2.5 category and GFED biome.
public enum FireVegetation: String, Sendable, Codable, CaseIterable {
    case savanna, pasture, chaparral, tundra
    case tropicalForest = "tropical_forest"
    case temperateForest = "temperate_forest"
    case borealForest = "boreal_forest"
    case shiftingCultivation = "shifting_cultivation"
    case cropResidue = "crop_residue"
    case tropicalPeatland = "tropical_peatland"
    case borealPeatland = "boreal_peatland"

    /// IPCC 2006 Table 2.5 category, or nil where the table has none (peat, tundra).
    public var ipccCategory: String? {
        switch self {
        case .savanna, .pasture, .chaparral: return "savanna_grassland"
        case .tropicalForest, .shiftingCultivation: return "tropical_forest"
        case .temperateForest, .borealForest: return "extratropical_forest"
        case .cropResidue: return "agricultural_residues"
        case .tropicalPeatland, .borealPeatland, .tundra: return nil
        }
    }

    /// GFED biome: SAVA, BORF, TEMF, DEFO, PEAT or AGRI.
    public var gfedBiome: String {
        switch self {
        case .savanna, .pasture, .chaparral: return "SAVA"
        case .tropicalForest, .shiftingCultivation: return "DEFO"
        case .temperateForest: return "TEMF"
        case .borealForest, .tundra: return "BORF"
        case .cropResidue: return "AGRI"
        case .tropicalPeatland, .borealPeatland: return "PEAT"
        }
    }

    /// How fire CO2 is treated on managed land (IPCC 2006 Vol 4 §2.4): forests through the
    /// carbon-stock change (Eq 2.14), grassland and crop residues re-absorbed (not reported),
    /// organic soils (peat) reported.
    public var co2Reporting: Reporting {
        switch self {
        case .tropicalForest, .temperateForest, .borealForest, .shiftingCultivation: return .viaStockChange
        case .tropicalPeatland, .borealPeatland: return .inventory
        case .savanna, .pasture, .chaparral, .tundra, .cropResidue: return .memo
        }
    }

    /// Parses a vegetation name, ignoring case and treating spaces and hyphens as underscores ("Tropical forest" → `.tropicalForest`).
    ///
    /// - throws: ``NaturalError`` `.unknownVegetation` listing the known types, with `field` as the field at fault.
    public static func parse(_ text: String, field: String = "vegetation") throws -> FireVegetation {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(
            of: " ", with: "_")
        guard let v = FireVegetation(rawValue: key) else {
            throw NaturalError(
                .unknownVegetation, "unknown vegetation type '\(text)'", field: field,
                suggestion: "use one of: " + FireVegetation.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return v
    }
}

/// A fire: burned area and fuel, IPCC 2006 Vol 4 Eq 2.27 / GFED: L = A × M_B × C_f × G_ef × 10⁻³.
///
/// Give either `fuelConsumption` (M_B × C_f, t dm/ha) or `fuelLoad` (M_B) with `combustionFactor`
/// (C_f); with neither, the vegetation's default fuel consumption is used (C_f = 1).
public struct FireActivity: Sendable, Codable, Hashable {
    /// Identifier of the fire in reports, e.g. a line or event name.
    public var id: String
    /// Vegetation type burnt, parsed by ``FireVegetation/parse(_:field:)`` (e.g. "savanna", "tropical_forest").
    public var vegetation: String
    /// A: burned area, in `areaUnit`.
    public var area: Double
    /// Unit of the burned area, any area unit Yuheng knows ("ha", "km2"); converted to ha.
    public var areaUnit: String
    /// M_B: fuel load (biomass available for combustion), t dm/ha; used with `combustionFactor`.
    public var fuelLoad: Double?
    /// C_f: combustion factor, fraction of the fuel load actually burnt, in [0, 1].
    public var combustionFactor: Double?
    /// M_B × C_f: fuel consumed, t dm/ha; takes precedence over `fuelLoad` and `combustionFactor`.
    public var fuelConsumption: Double?
    /// U% (half-width of the 95 % range) of the burned area; nil = exact.
    public var areaUncertaintyPct: Double?
    /// Managed land (reportable) or unmanaged (natural).
    public var managed: Bool

    /// A fire; with neither fuel consumption nor fuel load the vegetation's default fuel consumption is used.
    public init(
        id: String = "fire", vegetation: String, area: Double, areaUnit: String = "ha", fuelLoad: Double? = nil,
        combustionFactor: Double? = nil, fuelConsumption: Double? = nil, areaUncertaintyPct: Double? = nil, managed: Bool = true
    ) {
        self.id = id
        self.vegetation = vegetation
        self.area = area
        self.areaUnit = areaUnit
        self.fuelLoad = fuelLoad
        self.combustionFactor = combustionFactor
        self.fuelConsumption = fuelConsumption
        self.areaUncertaintyPct = areaUncertaintyPct
        self.managed = managed
    }

    enum CodingKeys: String, CodingKey {
        case id, vegetation, area, managed
        case areaUnit = "area_unit"
        case fuelLoad = "fuel_load"
        case combustionFactor = "combustion_factor"
        case fuelConsumption = "fuel_consumption"
        case areaUncertaintyPct = "area_uncertainty_pct"
    }
}

/// The result for one fire.
public struct FireResult: Sendable, Codable, Hashable {
    /// Identifier of the fire, as given.
    public var id: String
    /// Vegetation type burnt, as its raw value (e.g. "tropical_forest").
    public var vegetation: String
    /// The emission-factor set used (IPCC Table 2.5 or GFED4).
    public var efSet: FireEFSet
    /// The IPCC Table 2.5 category or GFED biome whose factors were used.
    public var efCategory: String
    /// Burned area converted to hectares.
    public var areaHa: Double
    /// Fuel consumed, t dm/ha (M_B × C_f) and where it came from.
    public var fuelConsumption: Double
    /// "given", "given (M_B × C_f)" or "default: <source> (<verification>)".
    public var fuelConsumptionSource: String
    /// Dry matter burnt, t (A × M_B × C_f).
    public var dryMatterT: Uncertain
    /// Emissions per gas (CO2, CO, CH4, N2O), t, each with its reporting class.
    public var gases: [GasFlux]
    /// True for managed land (reportable), false for unmanaged (natural background).
    public var managed: Bool

    enum CodingKeys: String, CodingKey {
        case id, vegetation, gases, managed
        case efSet = "ef_set"
        case efCategory = "ef_category"
        case areaHa = "area_ha"
        case fuelConsumption = "fuel_consumption_t_dm_per_ha"
        case fuelConsumptionSource = "fuel_consumption_source"
        case dryMatterT = "dry_matter_t"
    }

    /// Tonnes of a gas (nil when not computed).
    public func tonnes(_ gas: String) -> Double? { gases.first { $0.gas == gas }?.tonnes.value }
}

/// Fires, with totals by reporting class.
public struct FireReport: Sendable, Codable, Hashable {
    /// The method applied, "IPCC 2006 Vol 4 Eq 2.27".
    public var method: String
    /// One result per fire, in input order.
    public var fires: [FireResult]
    /// Emissions per gas summed over the fires, t, whatever their reporting class.
    public var totalsByGas: [String: Uncertain]
    /// CO2e totals by reporting class (inventory, natural, memo), t CO2e.
    public var totals: ReportingTotals
    /// The default factors the calculation used, with their sources and verification status.
    public var defaultsUsed: [NaturalDefault]
    /// Method notes shown with the report (e.g. how fire CO2 is treated on managed land).
    public var notes: [String]
    /// Inputs beyond any real case (file field named), to be checked.
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case method, fires, totals, notes, warnings
        case totalsByGas = "totals_by_gas_t"
        case defaultsUsed = "defaults_used"
    }
}

/// Vegetation-fire emissions (IPCC 2006 Vol 4 Eq 2.27; Seiler & Crutzen 1980; GFED).
public enum FireEmissions {
    /// The gases a fire is computed for, in report order.
    public static let gases = ["CO2", "CO", "CH4", "N2O"]

    /// Emission factor (g/kg dm) of `gas` for the vegetation in an EF set.
    public static func emissionFactor(_ gas: String, vegetation: FireVegetation, set: FireEFSet) throws -> NaturalDefault {
        let (cat, item): (String, String?) = set == .ipcc ? ("ipcc2006", vegetation.ipccCategory) : ("gfed4", vegetation.gfedBiome)
        guard let item else {
            throw NaturalError(
                .unknownCategory, "IPCC 2006 Table 2.5 has no emission factors for \(vegetation.rawValue)", field: "ef_set",
                suggestion: "use the GFED4 factors (--ef-set gfed4), which have a PEAT and a boreal biome")
        }
        guard let d = NaturalDefaults.fireEmissionFactors.first(where: { $0.category == cat && $0.item == item && $0.gas == gas }) else {
            throw NaturalError(.missingValue, "no \(gas) emission factor for \(item) in \(set.rawValue)", field: "ef_set")
        }
        return d
    }

    /// Computes one fire.
    public static func calculate(_ a: FireActivity, set: FireEFSet = .ipcc) throws -> (FireResult, [NaturalDefault]) {
        let veg = try FireVegetation.parse(a.vegetation)
        let areaHa = try Check.areaInHectares(a.area, unit: a.areaUnit, uncertaintyPct: a.areaUncertaintyPct, what: "the burned area")
        var used: [NaturalDefault] = []
        let fc: Double, fcCV: Double?, fcSource: String
        switch (a.fuelConsumption, a.fuelLoad, a.combustionFactor) {
        case (let f?, nil, nil):
            try Check.nonNegative(f, "fuel_consumption", what: "the fuel consumption")
            fc = f; fcCV = nil; fcSource = "given"
        case (nil, let mb?, let cf?):
            try Check.nonNegative(mb, "fuel_load", what: "the fuel load M_B")
            try Check.fraction(cf, "combustion_factor")
            fc = mb * cf; fcCV = nil; fcSource = "given (M_B × C_f)"
        case (nil, _?, nil):
            throw NaturalError(
                .missingValue, "a fuel load M_B needs a combustion factor C_f", field: "combustion_factor",
                suggestion: "give combustion_factor (0-1), or give fuel_consumption (M_B × C_f) instead")
        case (nil, nil, let cf?):
            try Check.fraction(cf, "combustion_factor")
            throw NaturalError(.missingValue, "a combustion factor needs the fuel load M_B", field: "fuel_load")
        case (nil, nil, nil):
            guard let d = NaturalDefaults.fuelConsumption.first(where: { $0.item == veg.rawValue }) else {
                throw NaturalError(.missingValue, "no default fuel consumption for \(veg.rawValue)", field: "fuel_consumption")
            }
            fc = d.value; fcCV = d.cv; fcSource = "default: \(d.source) (\(d.verification))"
            used.append(d)
        default:
            throw NaturalError(.invalidValue, "give either fuel_consumption or fuel_load with combustion_factor, not both", field: "fuel_consumption")
        }
        let areaCV = a.areaUncertaintyPct.map { $0 / 100 / 1.96 }
        let dm = Uncertain.product([(areaHa, areaCV), (fc, fcCV)])
        var fluxes: [GasFlux] = []
        for g in gases {
            let ef = try emissionFactor(g, vegetation: veg, set: set)
            used.append(ef)
            let t = Uncertain.product([(areaHa, areaCV), (fc, fcCV), (ef.value * 1e-3, ef.cv)])
            let rep: Reporting = !a.managed ? .natural : (g == "CO2" ? veg.co2Reporting : (g == "CO" ? .memo : .inventory))
            fluxes.append(GasFlux(gas: g, tonnes: t, reporting: rep))
        }
        _ = try Plausibility.fire(a)
        let result = FireResult(
            id: a.id, vegetation: veg.rawValue, efSet: set, efCategory: (set == .ipcc ? veg.ipccCategory : veg.gfedBiome) ?? "",
            areaHa: areaHa, fuelConsumption: fc, fuelConsumptionSource: fcSource, dryMatterT: dm, gases: fluxes, managed: a.managed)
        return (result, used)
    }

    /// Computes several fires and their totals.
    public static func report(_ activities: [FireActivity], set: FireEFSet = .ipcc, gwp: GWPFactors = .ar5) throws -> FireReport {
        guard !activities.isEmpty else { throw NaturalError(.missingValue, "no fires given", field: "area") }
        var fires: [FireResult] = [], used: [NaturalDefault] = [], warnings: [String] = []
        for a in activities {
            let (r, u) = try NaturalError.context("fire '\(a.id)'") { try calculate(a, set: set) }
            warnings += try Plausibility.fire(a).map { "fire '\(a.id)': \($0)" }
            fires.append(r)
            for d in u where !used.contains(d) { used.append(d) }
        }
        var byGas: [String: Uncertain] = [:]
        for g in gases { byGas[g] = .sum(fires.compactMap { f in f.gases.first { $0.gas == g }?.tonnes }) }
        let totals = ReportingTotals.from(fires.map { $0.gases.filter { $0.gas != "CO" } }, gwp: gwp)
        let notes = [
            "L_fire = A × M_B × C_f × G_ef × 10⁻³ (IPCC 2006 Vol 4 Eq 2.27); emission factors: " + (set == .ipcc ? "IPCC 2006 Table 2.5" : "GFED4"),
            "forest-fire CO2 is reported through the carbon-stock change of the land (Eq 2.14) and is shown as memo here; savanna, grassland and crop-residue CO2 is re-absorbed within a year and not reported; peat CO2 is reported",
            "fires on unmanaged land are natural (managed-land proxy) and never added to national totals",
            "CO is an indirect gas: shown in tonnes, not in CO2e"
        ]
        let report = FireReport(
            method: "IPCC 2006 Vol 4 Eq 2.27", fires: fires, totalsByGas: byGas, totals: totals, defaultsUsed: used, notes: notes,
            warnings: warnings)
        try Plausibility.finiteResult(report)
        return report
    }
}
