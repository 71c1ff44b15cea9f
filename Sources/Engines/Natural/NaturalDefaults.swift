/// One default factor with its provenance and how it was checked.
public struct NaturalDefault: Sendable, Codable, Hashable {
    /// Table name as in `natural_defaults.csv`: fire_ef, fuel_consumption, combustion_factor,
    /// carbon_fraction, root_shoot, organic_soil_co2, organic_soil_ch4, organic_soil_n2o, background.
    public var table: String
    /// Category within the table, e.g. the IPCC fire category, the organic-soil status ("drained") or "ipcc2006"/"gfed4".
    public var category: String
    /// Item the value is for, e.g. a vegetation type, ecological zone, land use or background flux.
    public var item: String
    /// Further key where the table distinguishes rows, e.g. "tropical/rich" or a biomass class; empty otherwise.
    public var qualifier: String
    /// Gas the value is for ("CO2", "CH4", "N2O", …), empty for a non-gas parameter.
    public var gas: String
    /// The default value, in `unit`.
    public var value: Double
    /// Standard deviation where the source gives one.
    public var sd: Double?
    /// 95 % range where the source gives one.
    public var low: Double?
    /// Upper end of the 95 % range where the source gives one.
    public var high: Double?
    /// Unit of the value and range, e.g. "g/kg dm", "t dm/ha", "t CO2-C/ha/yr".
    public var unit: String
    /// Publication the value is taken from, e.g. "IPCC 2006 Vol 4 Table 2.5".
    public var source: String
    /// checked:N-transcriptions, V-bonsai, V-web or unverified (see docs/natural-format.md).
    public var verification: String

    /// A default row as in `natural_defaults.csv`.
    public init(
        _ table: String, _ category: String, _ item: String, _ qualifier: String, gas: String = "", _ value: Double,
        sd: Double? = nil, low: Double? = nil, high: Double? = nil, unit: String, source: String, verification: String
    ) {
        self.table = table
        self.category = category
        self.item = item
        self.qualifier = qualifier
        self.gas = gas
        self.value = value
        self.sd = sd
        self.low = low
        self.high = high
        self.unit = unit
        self.source = source
        self.verification = verification
    }

    /// Coefficient of variation from the SD, or from the 95 % range.
    var cv: Double? {
        if let sd, value != 0 { return sd / abs(value) }
        if let low, let high, value != 0 { return (high - low) / (2 * 1.96) / abs(value) }
        return nil
    }
}

/// The default tables shipped with the engine. They are the same numbers as
/// `Sources/Data/Bundled/natural/natural_defaults.csv` (a test keeps the two equal), which also
/// records how each was checked.
public enum NaturalDefaults {
    static let t25 = "IPCC 2006 Vol 4 Table 2.5 (mean, SD)"
    static let gfed = "GFED4 emission factors (Akagi et al. 2011 based)"
    static let vl = "van Leeuwen et al. 2014, Biogeosciences 11:7305"
    static let ws21 = "IPCC 2013 Wetlands Supplement Table 2.1 (t CO2-C)"
    static let ws23 = "IPCC 2013 Wetlands Supplement Table 2.3 (kg CH4)"
    static let ws25 = "IPCC 2013 Wetlands Supplement Table 2.5 (kg N2O-N) = 2019R Table 11.1"
    static let ws31 = "IPCC 2013 Wetlands Supplement Table 3.1 (t CO2-C)"
    static let ws33 = "IPCC 2013 Wetlands Supplement Table 3.3 (kg CH4-C)"

    /// Fire emission factors, g per kg dry matter: IPCC 2006 Table 2.5 (category ipcc2006) and GFED4 (gfed4).
    public static let fireEmissionFactors: [NaturalDefault] = {
        var out: [NaturalDefault] = []
        let ipcc: [(String, [(String, Double, Double?)], String)] = [
            ("savanna_grassland", [("CO2", 1613, 95), ("CO", 65, 20), ("CH4", 2.3, 0.9), ("N2O", 0.21, 0.10)], "checked:2-transcriptions"),
            ("agricultural_residues", [("CO2", 1515, 177), ("CO", 92, 84), ("CH4", 2.7, nil), ("N2O", 0.07, nil)], "checked:1-transcription"),
            ("tropical_forest", [("CO2", 1580, 90), ("CO", 104, 20), ("CH4", 6.8, 2.0), ("N2O", 0.20, nil)], "checked:2-transcriptions"),
            ("extratropical_forest", [("CO2", 1569, 131), ("CO", 107, 37), ("CH4", 4.7, 1.9), ("N2O", 0.26, 0.07)], "checked:2-transcriptions"),
            ("biofuel_burning", [("CO2", 1550, 95), ("CO", 78, 31), ("CH4", 6.1, 2.2), ("N2O", 0.06, nil)], "unverified")
        ]
        for (cat, gases, ver) in ipcc {
            for (g, v, sd) in gases {
                out.append(NaturalDefault("fire_ef", "ipcc2006", cat, "", gas: g, v, sd: sd, unit: "g/kg", source: t25, verification: ver))
            }
        }
        let gfed4: [(String, [Double])] = [
            ("SAVA", [1686, 63, 1.94, 0.20]), ("BORF", [1489, 127, 5.96, 0.41]), ("TEMF", [1647, 88, 3.36, 0.16]),
            ("DEFO", [1643, 93, 5.07, 0.20]), ("PEAT", [1703, 210, 20.8, 0.20]), ("AGRI", [1585, 102, 5.82, 0.10])
        ]
        for (biome, v) in gfed4 {
            for (g, x) in zip(["CO2", "CO", "CH4", "N2O"], v) {
                out.append(NaturalDefault("fire_ef", "gfed4", biome, "", gas: g, x, unit: "g/kg", source: gfed, verification: "V-web"))
            }
        }
        return out
    }()

    /// Fuel consumption (M_B × C_f), t dry matter per ha: van Leeuwen et al. 2014, mean and SD.
    public static let fuelConsumption: [NaturalDefault] = [
        ("savanna", 4.6, 2.2), ("tropical_forest", 126, 77), ("temperate_forest", 58, 72), ("boreal_forest", 35, 24),
        ("pasture", 28, 9.3), ("shifting_cultivation", 23, nil), ("crop_residue", 6.5, 9.0), ("chaparral", 27, 19),
        ("tropical_peatland", 314, 196), ("boreal_peatland", 42, nil), ("tundra", 40, nil)
    ].map { (item: String, v: Double, sd: Double?) in
        NaturalDefault(
            "fuel_consumption", "van_leeuwen2014", item, "", v, sd: sd,
            low: item == "shifting_cultivation" ? 4 : nil, high: item == "shifting_cultivation" ? 43 : nil,
            unit: "t/ha", source: vl, verification: "V-web")
    }

    /// Combustion factors of crop residues, IPCC 2006 Table 2.6.
    public static let cropCombustionFactors: [NaturalDefault] = [("wheat", 0.90), ("maize", 0.80), ("rice", 0.80)].map {
        NaturalDefault(
            "combustion_factor", "ipcc2006", $0.0, "crop_residue", $0.1, unit: "1", source: "IPCC 2006 Vol 4 Table 2.6", verification: "V-bonsai")
    }

    /// Carbon fraction of wood, t C per t dm (IPCC 2006 Table 4.3).
    public static let carbonFraction = NaturalDefault(
        "carbon_fraction", "ipcc2006", "wood", "", 0.47, low: 0.44, high: 0.49, unit: "1",
        source: "IPCC 2006 Vol 4 Table 4.3", verification: "checked:1-transcription")

    /// Ratio of below- to above-ground biomass R by ecological zone and above-ground biomass class (t dm/ha), IPCC 2006 Table 4.4.
    public static let rootShoot: [NaturalDefault] = [
        ("tropical_rainforest", "all", 0.37, nil, nil),
        ("tropical_moist_deciduous", "agb_lt_125", 0.20, 0.09, 0.25), ("tropical_moist_deciduous", "agb_gt_125", 0.24, 0.22, 0.33),
        ("tropical_dry", "agb_lt_20", 0.56, 0.28, 0.68), ("tropical_dry", "agb_gt_20", 0.28, 0.27, 0.28),
        ("temperate_conifer", "agb_lt_50", 0.40, 0.21, 1.06), ("temperate_conifer", "agb_50_150", 0.29, 0.24, 0.50),
        ("temperate_conifer", "agb_gt_150", 0.20, 0.12, 0.49),
        ("temperate_broadleaf", "agb_lt_75", 0.46, 0.12, 0.93), ("temperate_broadleaf", "agb_75_150", 0.23, 0.13, 0.37),
        ("temperate_broadleaf", "agb_gt_150", 0.24, 0.17, 0.44),
        ("boreal", "agb_lt_75", 0.39, 0.23, 0.96), ("boreal", "agb_gt_75", 0.24, 0.15, 0.37)
    ].map { (zone: String, cls: String, r: Double, lo: Double?, hi: Double?) in
        NaturalDefault(
            "root_shoot", "ipcc2006", zone, cls, r, low: lo, high: hi, unit: "1", source: "IPCC 2006 Vol 4 Table 4.4", verification: "unverified")
    }

    /// Organic-soil emission factors (2013 Wetlands Supplement). qualifier = "climate" or "climate/nutrient".
    public static let organicSoils: [NaturalDefault] = {
        typealias R = (String, String, Double, Double?, Double?)
        func rows(_ table: String, _ status: String, _ gas: String, _ unit: String, _ src: String, _ ver: String, _ r: [R]) -> [NaturalDefault] {
            r.map { NaturalDefault(table, status, $0.0, $0.1, gas: gas, $0.2, low: $0.3, high: $0.4, unit: unit, source: src, verification: ver) }
        }
        var out: [NaturalDefault] = []
        out += rows(
            "organic_soil_co2", "drained", "CO2", "t/ha/yr", ws21, "unverified",
            [
                ("forest", "boreal/poor", 0.25, -0.23, 0.73), ("forest", "boreal/rich", 0.93, 0.54, 1.3), ("forest", "temperate", 2.6, 2.0, 3.3),
                ("cropland", "boreal", 7.9, 6.5, 9.4), ("cropland", "temperate", 7.9, 6.5, 9.4), ("cropland", "tropical", 14, 6.6, 26),
                ("grassland", "boreal", 5.7, 2.9, 8.6), ("grassland", "temperate/poor", 5.3, 3.7, 6.9),
                ("grassland", "temperate/rich_deep", 6.1, 5.0, 7.3), ("grassland", "temperate/rich_shallow", 3.6, 1.8, 5.4),
                ("grassland", "tropical", 9.6, 4.5, 15),
                ("peat_extraction", "boreal", 2.8, 1.1, 4.2), ("peat_extraction", "temperate", 2.8, 1.1, 4.2),
                ("peat_extraction", "tropical", 2.0, 0.06, 3.9)
            ])
        out += rows(
            "organic_soil_ch4", "drained", "CH4", "kg/ha/yr", ws23, "unverified",
            [
                ("forest", "boreal/poor", 7.0, 2.9, 11), ("forest", "boreal/rich", 2.0, -1.6, 5.5), ("forest", "temperate", 2.5, -0.60, 5.7),
                ("cropland", "boreal", 0, -2.8, 2.8), ("cropland", "temperate", 0, -2.8, 2.8),
                ("grassland", "boreal", 1.4, -1.6, 4.5), ("grassland", "temperate/poor", 1.8, 0.72, 2.9),
                ("grassland", "temperate/rich_deep", 16, 2.4, 29), ("grassland", "temperate/rich_shallow", 39, -2.9, 81),
                ("peat_extraction", "boreal", 6.1, 1.6, 11), ("peat_extraction", "temperate", 6.1, 1.6, 11)
            ])
        out += rows(
            "organic_soil_n2o", "drained", "N2O", "kg/ha/yr", ws25, "V-bonsai",
            [
                ("forest", "boreal/poor", 0.22, 0.15, 0.28), ("forest", "boreal/rich", 3.2, 1.9, 4.5), ("forest", "temperate", 2.8, 0, 6.1),
                ("forest", "tropical", 2.4, 1.3, 3.5),
                ("cropland", "boreal", 13, 8.2, 18), ("cropland", "temperate", 13, 8.2, 18), ("cropland", "tropical", 5.0, 2.3, 7.7),
                ("grassland", "boreal", 9.4, 4.6, 14), ("grassland", "temperate/poor", 4.3, 1.9, 6.8),
                ("grassland", "temperate/rich_deep", 8.2, 4.5, 11), ("grassland", "temperate/rich_shallow", 1.6, 0.56, 2.7),
                ("grassland", "tropical", 5.0, 2.3, 7.7),
                ("peat_extraction", "boreal", 0.3, 0, 0.64), ("peat_extraction", "temperate", 0.3, 0, 0.64),
                ("peat_extraction", "tropical", 3.6, 0.2, 5.0),
                ("oil_palm", "tropical", 1.2, 0.6, 1.8), ("sago_palm", "tropical", 3.3, 1.65, 4.95), ("rice", "tropical", 0.4, 0, 0.8)
            ])
        out += rows(
            "organic_soil_co2", "rewetted", "CO2", "t/ha/yr", ws31, "unverified",
            [
                ("rewetted", "boreal", -0.34, -0.59, -0.09), ("rewetted", "temperate/poor", -0.23, -0.64, 0.18),
                ("rewetted", "temperate/rich", 0.5, -0.71, 1.71), ("rewetted", "tropical", 0, -0.64, 0.64)
            ])
        out += rows(
            "organic_soil_ch4", "rewetted", "CH4", "kg/ha/yr", ws33, "unverified",
            [
                ("rewetted", "boreal", 41, 0.5, 246), ("rewetted", "temperate/poor", 92, 3, 445),
                ("rewetted", "temperate/rich", 216, 0, 1141), ("rewetted", "tropical", 41, 7, 134)
            ])
        return out
    }()

    /// Natural background constants (global; never allocated to countries).
    public static let background: [NaturalDefault] = [
        NaturalDefault(
            "background", "natural", "volcanic_co2", "", 0.3, low: 0.13, high: 0.44, unit: "Gt CO2/yr", source: "Gerlach 2011, Eos 92:201",
            verification: "V-web"),
        NaturalDefault(
            "background", "natural", "termites_ch4", "", 9, low: 3, high: 15, unit: "Tg CH4/yr", source: "Saunois et al. 2020 (GMB bottom-up)",
            verification: "unverified"),
        NaturalDefault(
            "background", "natural", "geological_ch4", "", 40, unit: "Tg CH4/yr", source: "Saunois et al. 2020 (GMB bottom-up, contested)",
            verification: "unverified"),
        NaturalDefault(
            "background", "natural", "wild_animals_ch4", "", 2, unit: "Tg CH4/yr", source: "Saunois et al. 2020 (GMB bottom-up)",
            verification: "unverified"),
        NaturalDefault(
            "background", "natural", "tidal_marsh_rewetted_ch4", "", 193.7, unit: "kg CH4/ha/yr", source: "IPCC 2013 Wetlands Supplement Ch 4",
            verification: "unverified")
    ]

    /// Every default, in the order of `natural_defaults.csv`.
    public static var all: [NaturalDefault] {
        fireEmissionFactors + fuelConsumption + cropCombustionFactors + [carbonFraction] + rootShoot + organicSoils + background
    }
}
