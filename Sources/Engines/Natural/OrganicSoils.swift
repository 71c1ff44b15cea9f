import YuhengCore

/// Organic soils (peatlands), drained or rewetted, and rewetted coastal marsh: CO2, CH4 and N2O with
/// the 2013 IPCC Wetlands Supplement Tier 1 defaults (Tables 2.1, 2.3, 2.5, 3.1, 3.3) or given factors.
public struct OrganicSoilActivity: Sendable, Codable, Hashable {
    /// Identifier of the site in reports.
    public var id: String
    /// Area of organic soil, in `areaUnit`.
    public var area: Double
    /// Unit of the area, any area unit Yuheng knows ("ha", "km2"); converted to ha.
    public var areaUnit: String
    /// "drained" or "rewetted".
    public var status: String
    /// "boreal", "temperate" or "tropical".
    public var climate: String
    /// Drained: forest, cropland, grassland, peat_extraction, oil_palm, sago_palm, rice. Rewetted: any (not used).
    public var landUse: String?
    /// "poor", "rich", "rich_deep" or "rich_shallow" where the table distinguishes them.
    public var nutrient: String?
    /// True for managed land (reportable), false for unmanaged (natural).
    public var managed: Bool
    /// Own factors in the table units: CO2 t CO2-C/ha/yr; CH4 kg CH4/ha/yr (drained) or kg CH4-C/ha/yr (rewetted); N2O kg N2O-N/ha/yr.
    public var efCO2: Double?
    /// Own CH4 factor: kg CH4/ha/yr (drained) or kg CH4-C/ha/yr (rewetted).
    public var efCH4: Double?
    /// Own N2O factor, kg N2O-N/ha/yr.
    public var efN2O: Double?
    /// U% of the area; nil = exact.
    public var areaUncertaintyPct: Double?

    /// A site; factors not given are looked up in the Wetlands Supplement tables by status, climate, land use and nutrient.
    public init(
        id: String = "peat", area: Double, areaUnit: String = "ha", status: String, climate: String, landUse: String? = nil,
        nutrient: String? = nil, managed: Bool = true, efCO2: Double? = nil, efCH4: Double? = nil, efN2O: Double? = nil,
        areaUncertaintyPct: Double? = nil
    ) {
        self.id = id
        self.area = area
        self.areaUnit = areaUnit
        self.status = status
        self.climate = climate
        self.landUse = landUse
        self.nutrient = nutrient
        self.managed = managed
        self.efCO2 = efCO2
        self.efCH4 = efCH4
        self.efN2O = efN2O
        self.areaUncertaintyPct = areaUncertaintyPct
    }

    enum CodingKeys: String, CodingKey {
        case id, area, status, climate, nutrient, managed
        case areaUnit = "area_unit"
        case landUse = "land_use"
        case efCO2 = "ef_co2"
        case efCH4 = "ef_ch4"
        case efN2O = "ef_n2o"
        case areaUncertaintyPct = "area_uncertainty_pct"
    }
}

/// The result for one organic-soil site.
public struct OrganicSoilResult: Sendable, Codable, Hashable {
    /// Identifier of the site, as given.
    public var id: String
    /// "drained" or "rewetted".
    public var status: String
    /// "boreal", "temperate" or "tropical".
    public var climate: String
    /// Land use of the site, as given (nil when none).
    public var landUse: String?
    /// Nutrient status, as given (nil when none).
    public var nutrient: String?
    /// Area converted to hectares.
    public var areaHa: Double
    /// CO2, CH4 and N2O, t of the gas per year, each with its reporting class.
    public var gases: [GasFlux]
    /// Gas → the factor used, with its unit and source ("given", or the default with table and verification).
    public var factors: [String: String]

    enum CodingKeys: String, CodingKey {
        case id, status, climate, nutrient, gases, factors
        case landUse = "land_use"
        case areaHa = "area_ha"
    }

    /// Tonnes of `gas` per year (central value), nil when the site has no such gas.
    public func tonnes(_ gas: String) -> Double? { gases.first { $0.gas == gas }?.tonnes.value }
}

/// Organic-soil emissions of a set of sites, with totals by reporting class.
public struct OrganicSoilReport: Sendable, Codable, Hashable {
    /// One result per site, in input order.
    public var sites: [OrganicSoilResult]
    /// Emissions per gas summed over the sites, t/yr.
    public var totalsByGas: [String: Uncertain]
    /// CO2e totals by reporting class, t CO2e/yr.
    public var totals: ReportingTotals
    /// The default factors used, with their sources and verification status.
    public var defaultsUsed: [NaturalDefault]
    /// Method notes shown with the report.
    public var notes: [String]
    /// Inputs beyond any real case (file field named), to be checked.
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case sites, totals, notes, warnings
        case totalsByGas = "totals_by_gas_t"
        case defaultsUsed = "defaults_used"
    }
}

/// Organic soils (2013 IPCC Wetlands Supplement, Tier 1): CO2 on-site, CH4 and N2O per hectare.
public enum OrganicSoils {
    /// The climate zones the default tables distinguish.
    public static let climates = ["boreal", "temperate", "tropical"]

    static func lookup(_ table: String, status: String, landUse: String, climate: String, nutrient: String?) -> NaturalDefault? {
        let rows = NaturalDefaults.organicSoils.filter { $0.table == table && $0.category == status && $0.item == landUse }
        if let n = nutrient, let r = rows.first(where: { $0.qualifier == "\(climate)/\(n)" }) { return r }
        if let r = rows.first(where: { $0.qualifier == climate }) { return r }
        // nutrient "rich" matches "rich_deep" when only deep/shallow exist? No: ask for it explicitly.
        return nil
    }

    /// Computes one site, returning its result and the defaults it used.
    ///
    /// - throws: ``NaturalError``: `.negativeValue` for a negative area or factor, `.unitMismatch` for a unit that is not an area,
    /// `.unknownCategory` / `.unknownClimateZone` for an unknown status, nutrient or climate, `.missingValue` for a drained site without land use.
    public static func calculate(_ a: OrganicSoilActivity) throws -> (OrganicSoilResult, [NaturalDefault]) {
        let areaHa = try areaInHectares(a)
        let (status, climate, nutrient, landUse) = try classify(a)
        let areaCV = a.areaUncertaintyPct.map { $0 / 100 / 1.96 }
        var used: [NaturalDefault] = []
        var factors: [String: String] = [:]
        var gases: [GasFlux] = []
        let rep: Reporting = a.managed ? .inventory : .natural
        // (gas, table, own factor, conversion from table unit × ha to tonnes of gas)
        let specs: [(String, String, Double?, Double)] = [
            ("CO2", "organic_soil_co2", a.efCO2, 44.0 / 12.0),
            ("CH4", "organic_soil_ch4", a.efCH4, status == "rewetted" ? 16.0 / 12.0 / 1000 : 1.0 / 1000),
            ("N2O", "organic_soil_n2o", a.efN2O, 44.0 / 28.0 / 1000)
        ]
        for (gas, table, own, k) in specs {
            if let ef = own {
                try Check.finite(ef, "ef_\(gas.lowercased())")
                gases.append(GasFlux(gas: gas, tonnes: .product([(areaHa, areaCV), (ef * k, nil)]), reporting: rep))
                factors[gas] = "given"
                continue
            }
            if status == "rewetted" && gas == "N2O" {
                gases.append(GasFlux(gas: gas, tonnes: .exact(0), reporting: rep))
                factors[gas] = "negligible at Tier 1 for rewetted organic soils (Wetlands Supplement Ch 3)"
                continue
            }
            guard let d = lookup(table, status: status, landUse: landUse, climate: climate, nutrient: nutrient) else {
                throw missingDefault(gas: gas, table: table, status: status, landUse: landUse, climate: climate)
            }
            used.append(d)
            factors[gas] = "\(d.value) \(d.unit) (\(d.source), \(d.verification))"
            gases.append(GasFlux(gas: gas, tonnes: defaultTonnes(d, areaHa: areaHa, areaCV: areaCV, k: k), reporting: rep))
        }
        _ = try Plausibility.organicSoil(a)
        return (
            OrganicSoilResult(
                id: a.id, status: status, climate: climate, landUse: status == "drained" ? landUse : a.landUse, nutrient: nutrient,
                areaHa: areaHa, gases: gases, factors: factors), used
        )
    }

    /// The site's area in hectares (its unit must be an area), with its uncertainty checked.
    static func areaInHectares(_ a: OrganicSoilActivity) throws -> Double {
        try Check.areaInHectares(a.area, unit: a.areaUnit, uncertaintyPct: a.areaUncertaintyPct, what: "the area")
    }

    /// The site's status, climate zone, nutrient status and land use ("rewetted" for a rewetted site), lower-cased and checked.
    static func classify(_ a: OrganicSoilActivity) throws -> (String, String, String?, String) {
        let status = a.status.lowercased()
        guard status == "drained" || status == "rewetted" else {
            throw NaturalError(.unknownCategory, "unknown status '\(a.status)'", field: "status", suggestion: "use drained or rewetted")
        }
        let climate = a.climate.lowercased()
        guard climates.contains(climate) else {
            throw NaturalError(
                .unknownClimateZone, "unknown climate zone '\(a.climate)'", field: "climate", suggestion: "use boreal, temperate or tropical")
        }
        if let n = a.nutrient, !["poor", "rich", "rich_deep", "rich_shallow"].contains(n.lowercased()) {
            throw NaturalError(
                .unknownCategory, "unknown nutrient status '\(n)'", field: "nutrient", suggestion: "use poor, rich, rich_deep or rich_shallow")
        }
        let nutrient = a.nutrient?.lowercased()
        if status == "rewetted" { return (status, climate, nutrient, "rewetted") }
        guard let lu = a.landUse?.lowercased(), !lu.isEmpty else {
            throw NaturalError(
                .missingValue, "a drained organic soil needs its land use", field: "land_use",
                suggestion: "use forest, cropland, grassland, peat_extraction, oil_palm, sago_palm or rice")
        }
        guard NaturalDefaults.organicSoils.contains(where: { $0.category == "drained" && $0.item == lu }) else {
            throw NaturalError(
                .unknownCategory, "unknown land use '\(lu)' for drained organic soils", field: "land_use",
                suggestion: "use forest, cropland, grassland, peat_extraction, oil_palm, sago_palm or rice")
        }
        return (status, climate, nutrient, lu)
    }

    /// Why no default factor of `gas` applies: none for the land use, none in the climate zone, or one that needs the nutrient status.
    static func missingDefault(gas: String, table: String, status: String, landUse: String, climate: String) -> NaturalError {
        let options = NaturalDefaults.organicSoils.filter { $0.table == table && $0.category == status && $0.item == landUse }.map(
            \.qualifier)
        if options.isEmpty {
            return NaturalError(
                .missingValue, "no default \(gas) factor for \(status) \(landUse)", field: "ef_\(gas.lowercased())",
                suggestion: "give ef_\(gas.lowercased()) in the table unit")
        }
        let climates = Set(options.map { String($0.split(separator: "/")[0]) })
        if !climates.contains(climate) {
            return NaturalError(
                .unknownClimateZone, "no default \(gas) factor for \(status) \(landUse) in the \(climate) zone", field: "climate",
                suggestion: "defaults exist for: \(options.joined(separator: ", ")); or give ef_\(gas.lowercased())")
        }
        return NaturalError(
            .missingValue, "the \(gas) default for \(status) \(landUse) (\(climate)) depends on the nutrient status", field: "nutrient",
            suggestion: "defaults exist for: \(options.joined(separator: ", "))")
    }

    /// Tonnes of gas with a default factor `d` (`k` converts table unit × ha to tonnes), its range combined with the area's.
    static func defaultTonnes(_ d: NaturalDefault, areaHa: Double, areaCV: Double?, k: Double) -> Uncertain {
        let v = areaHa * d.value * k
        var t = Uncertain.range(v, low: d.low.map { areaHa * $0 * k }, high: d.high.map { areaHa * $0 * k })
        if let cv = areaCV, v != 0 {
            // combine the factor's (asymmetric) range with the area's on each side in quadrature
            let a = 1.96 * cv * abs(v)
            let below = ((v - t.low) * (v - t.low) + a * a).squareRoot(), above = ((t.high - v) * (t.high - v) + a * a).squareRoot()
            t = .range(v, low: v - below, high: v + above)
        }
        return t
    }

    /// Computes every site and the totals in CO2e with `gwp` (AR5 GWP100 by default).
    ///
    /// - throws: ``NaturalError`` `.missingValue` for no sites; the errors of ``calculate(_:)``, naming the site.
    public static func report(_ activities: [OrganicSoilActivity], gwp: GWPFactors = .ar5) throws -> OrganicSoilReport {
        guard !activities.isEmpty else { throw NaturalError(.missingValue, "no organic-soil sites given", field: "area") }
        var sites: [OrganicSoilResult] = [], used: [NaturalDefault] = [], warnings: [String] = []
        for a in activities {
            let (r, u) = try NaturalError.context("site '\(a.id)'") { try calculate(a) }
            warnings += try Plausibility.organicSoil(a).map { "site '\(a.id)': \($0)" }
            sites.append(r)
            for d in u where !used.contains(d) { used.append(d) }
        }
        var byGas: [String: Uncertain] = [:]
        for g in ["CO2", "CH4", "N2O"] { byGas[g] = .sum(sites.compactMap { s in s.gases.first { $0.gas == g }?.tonnes }) }
        let report = OrganicSoilReport(
            sites: sites, totalsByGas: byGas, totals: .from(sites.map(\.gases), gwp: gwp), defaultsUsed: used,
            notes: [
                "CO2 = A × EF (t CO2-C/ha/yr) × 44/12; CH4 = A × EF (kg CH4/ha/yr, drained; kg CH4-C/ha/yr × 16/12, rewetted); N2O = A × EF (kg N2O-N/ha/yr) × 44/28",
                "drained-soil CH4 excludes ditches; off-site CO2 from dissolved organic carbon is not included",
                "sites on unmanaged land (natural peatlands) are natural and never added to national totals"
            ],
            warnings: warnings)
        try Plausibility.finiteResult(report)
        return report
    }
}
