import Foundation

/// Biomass carbon-stock change of a land stratum (IPCC 2006 Vol 4 Ch 2), by the gain–loss or the
/// stock-difference method, for forest land remaining forest land or land converted to another use.
///
/// All masses are tonnes of dry matter (dm) or of carbon (C); areas in hectares. The CO2 flux to the
/// atmosphere is −ΔC × 44/12 (a removal is negative).
public struct LandStratum: Sendable, Codable, Hashable {
    /// The IPCC method for the biomass carbon-stock change.
    public enum Method: String, Sendable, Codable, CaseIterable {
        case gainLoss = "gain-loss"
        case stockDifference = "stock-difference"
    }

    /// Identifier of the stratum in reports.
    public var id: String
    /// Gain–loss (Eq 2.7) or stock-difference (Eq 2.8).
    public var method: Method
    /// "forest_remaining" (forest land remaining forest land) or "converted" (land converted to another use).
    public var landCategory: String
    /// True for managed land (reportable), false for unmanaged (natural).
    public var managed: Bool

    // Gain–loss (Eqs 2.7, 2.9–2.14)
    /// A: area of the stratum, ha.
    public var area: Double?
    /// G_W: above-ground biomass growth, t dm/ha/yr.
    public var growth: Double?
    /// R: below- to above-ground biomass ratio; or `ecoZone` + `biomassClass` for the Table 4.4 default.
    public var rootShoot: Double?
    /// Ecological zone for the Table 4.4 root–shoot default, e.g. "tropical_rainforest".
    public var ecoZone: String?
    /// Above-ground biomass class for the Table 4.4 default where the zone distinguishes them.
    public var biomassClass: String?
    /// CF: carbon fraction of dry matter, t C/t dm (default 0.47, Table 4.3).
    public var carbonFraction: Double?
    /// H: wood removals, m³/yr, with BCEF_R (t dm/m³).
    public var harvest: Double?
    /// BCEF_R: biomass conversion and expansion factor for removals, t dm/m³.
    public var bcefR: Double?
    /// Fuelwood: whole trees FG_trees (m³/yr, with BCEF_R) and parts FG_part (m³/yr) with wood density D (t dm/m³).
    public var fuelwoodTrees: Double?
    /// FG_part: fuelwood gathered as tree parts, m³/yr.
    public var fuelwoodParts: Double?
    /// D: basic wood density, t dm/m³.
    public var woodDensity: Double?
    /// Disturbance: area, above-ground biomass B_W (t dm/ha) and fraction of biomass lost f_d.
    public var disturbanceArea: Double?
    /// B_W: above-ground biomass of the disturbed area, t dm/ha.
    public var disturbanceBiomass: Double?
    /// f_d: fraction of biomass lost in the disturbance, in [0, 1].
    public var disturbanceFraction: Double?
    /// Conversion (Eq 2.16): biomass before and after conversion, t dm/ha (above-ground; R expands to total).
    public var biomassBefore: Double?
    /// Above-ground biomass after conversion, t dm/ha.
    public var biomassAfter: Double?

    // Stock-difference (Eq 2.8): stocks in t C, or inventory data to build them
    /// C_t1: carbon stock at the first inventory, t C (or built from `volumeT1`).
    public var stockT1: Double?
    /// C_t2: carbon stock at the second inventory, t C (or built from `volumeT2`).
    public var stockT2: Double?
    /// Year of the first stock, t1.
    public var yearT1: Int?
    /// Year of the second stock, t2 (after t1); ΔC = (C_t2 − C_t1) / (t2 − t1).
    public var yearT2: Int?
    /// V (m³/ha) at t1 and t2 with BCEF_S (t dm/m³): C = A × V × BCEF_S × (1 + R) × CF.
    public var volumeT1: Double?
    /// V at t2, m³/ha.
    public var volumeT2: Double?
    /// BCEF_S: biomass conversion and expansion factor for growing stock, t dm/m³.
    public var bcefS: Double?

    /// U% (half-width of the 95 % range) of the gains and of the losses; nil = exact.
    public var gainUncertaintyPct: Double?
    /// U% (half-width of the 95 % range) of the losses; nil = exact.
    public var lossUncertaintyPct: Double?

    /// A stratum with its method and land category; set the inputs of the method as properties afterwards.
    public init(id: String = "stratum", method: Method, landCategory: String = "forest_remaining", managed: Bool = true) {
        self.id = id
        self.method = method
        self.landCategory = landCategory
        self.managed = managed
    }

    enum CodingKeys: String, CodingKey {
        case id, method, managed, area, growth, harvest
        case landCategory = "land_category"
        case rootShoot = "root_shoot"
        case ecoZone = "eco_zone"
        case biomassClass = "biomass_class"
        case carbonFraction = "carbon_fraction"
        case bcefR = "bcef_r"
        case fuelwoodTrees = "fuelwood_trees"
        case fuelwoodParts = "fuelwood_parts"
        case woodDensity = "wood_density"
        case disturbanceArea = "disturbance_area"
        case disturbanceBiomass = "disturbance_biomass"
        case disturbanceFraction = "disturbance_fraction"
        case biomassBefore = "biomass_before"
        case biomassAfter = "biomass_after"
        case stockT1 = "stock_t1"
        case stockT2 = "stock_t2"
        case yearT1 = "year_t1"
        case yearT2 = "year_t2"
        case volumeT1 = "volume_t1"
        case volumeT2 = "volume_t2"
        case bcefS = "bcef_s"
        case gainUncertaintyPct = "gain_uncertainty_pct"
        case lossUncertaintyPct = "loss_uncertainty_pct"
    }
}

/// The result for one stratum: carbon terms (t C/yr) and the CO2 flux (t CO2/yr).
public struct LandResult: Sendable, Codable, Hashable {
    /// Identifier of the stratum, as given.
    public var id: String
    /// "gain-loss" or "stock-difference".
    public var method: String
    /// "forest_remaining" or "converted", as given.
    public var landCategory: String
    /// The IPCC equations applied, e.g. "IPCC 2006 Vol 4 Eqs 2.7, 2.9-2.14".
    public var equations: String
    /// ΔC_G (Eq 2.9), t C/yr (gain–loss only).
    public var gainsTC: Double?
    /// Losses (Eqs 2.12–2.14), t C/yr.
    public var lossesTC: [String: Double]
    /// ΔC_CONVERSION (Eq 2.16), t C (converted land only).
    public var conversionTC: Double?
    /// ΔC_B, t C/yr (positive = stock increase).
    public var deltaCTC: Uncertain
    /// −ΔC_B × 44/12, t CO2/yr (negative = removal).
    public var co2T: Uncertain
    /// Inventory for managed strata, natural for unmanaged ones.
    public var reporting: Reporting
    /// The parameter values used, given or default (e.g. "area", "growth", "root_shoot"), for the audit trail.
    public var parameters: [String: Double]

    enum CodingKeys: String, CodingKey {
        case id, method, equations, reporting, parameters
        case landCategory = "land_category"
        case gainsTC = "gains_tc"
        case lossesTC = "losses_tc"
        case conversionTC = "conversion_tc"
        case deltaCTC = "delta_c_tc"
        case co2T = "co2_t"
    }
}

/// Carbon-stock change of a set of strata, with totals split into inventory (managed) and natural (unmanaged).
public struct LandReport: Sendable, Codable, Hashable {
    /// One result per stratum, in input order.
    public var strata: [LandResult]
    /// Net CO2 of the managed strata (reportable), t CO2/yr.
    public var inventoryCO2T: Uncertain
    /// Net CO2 of unmanaged strata (natural), t CO2/yr.
    public var naturalCO2T: Uncertain
    /// The default factors used (root–shoot ratio, carbon fraction), with their sources.
    public var defaultsUsed: [NaturalDefault]
    /// Method notes shown with the report.
    public var notes: [String]
    /// Inputs beyond any real case (file field named), to be checked.
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case strata, notes, warnings
        case inventoryCO2T = "inventory_co2_t"
        case naturalCO2T = "natural_co2_t"
        case defaultsUsed = "defaults_used"
    }
}

/// Carbon-stock change in biomass: gain–loss (Eq 2.7) and stock-difference (Eq 2.8).
public enum LandCarbon {
    /// Molecular-weight ratio converting t C to t CO2 (44/12).
    public static let co2PerC = 44.0 / 12.0

    static func rootShootDefault(zone: String, biomassClass: String?) throws -> NaturalDefault {
        let rows = NaturalDefaults.rootShoot.filter { $0.item == zone }
        guard !rows.isEmpty else {
            throw NaturalError(
                .unknownClimateZone, "unknown ecological zone '\(zone)' for the root-to-shoot ratio", field: "eco_zone",
                suggestion: "use one of: " + Array(Set(NaturalDefaults.rootShoot.map(\.item))).sorted().joined(separator: ", ")
                    + ", or give root_shoot")
        }
        if rows.count == 1 { return rows[0] }
        guard let cls = biomassClass, let r = rows.first(where: { $0.qualifier == cls }) else {
            throw NaturalError(
                .missingValue, "the ecological zone \(zone) needs an above-ground biomass class", field: "biomass_class",
                suggestion: "use one of: " + rows.map(\.qualifier).joined(separator: ", "))
        }
        return r
    }

    static func req(_ v: Double?, _ field: String, _ what: String) throws -> Double {
        guard let v else { throw NaturalError(.missingValue, "\(what) is required", field: field) }
        try Check.nonNegative(v, field, what: what)
        return v
    }

    static func opt(_ v: Double?, _ field: String, _ what: String) throws -> Double {
        guard let v else { return 0 }
        try Check.nonNegative(v, field, what: what)
        return v
    }

    /// Computes one stratum; returns the result and the defaults it used.
    public static func calculate(_ s: LandStratum) throws -> (LandResult, [NaturalDefault]) {
        guard ["forest_remaining", "converted"].contains(s.landCategory) else {
            throw NaturalError(
                .unknownCategory, "unknown land category '\(s.landCategory)'", field: "land_category",
                suggestion: "use forest_remaining (forest land remaining forest land) or converted (land converted to another use)")
        }
        var c = try StratumContext(s)
        _ = try Plausibility.land(s)
        let result: LandResult
        switch s.method {
        case .gainLoss: result = try gainLoss(&c)
        case .stockDifference: result = try stockDifference(&c)
        }
        return (result, c.used)
    }

    /// A stratum being computed: its carbon fraction, the defaults used and the parameters reported.
    struct StratumContext {
        /// The stratum.
        let s: LandStratum
        /// Carbon fraction of dry matter (given or the default).
        let cf: Double
        /// The defaults used so far.
        var used: [NaturalDefault] = []
        /// The parameters reported with the result.
        var params: [String: Double]

        /// Reads the carbon fraction of `s` (or takes its default).
        init(_ s: LandStratum) throws {
            self.s = s
            if let c = s.carbonFraction {
                try Check.fraction(c, "carbon_fraction"); cf = c
            } else {
                cf = NaturalDefaults.carbonFraction.value; used.append(NaturalDefaults.carbonFraction)
            }
            params = ["carbon_fraction": cf]
        }

        /// The reporting the stratum belongs to: the inventory for managed land.
        var reporting: Reporting { s.managed ? .inventory : .natural }

        /// The root-to-shoot ratio R: given, or the IPCC Table 4.4 default of the eco-zone (0 when not required).
        mutating func rootShoot(required: Bool) throws -> Double {
            if let r = s.rootShoot { try Check.nonNegative(r, "root_shoot", what: "the root-to-shoot ratio R"); return r }
            if let z = s.ecoZone {
                let d = try LandCarbon.rootShootDefault(zone: z, biomassClass: s.biomassClass); used.append(d); return d.value
            }
            if required {
                throw NaturalError(
                    .missingValue, "the root-to-shoot ratio R is required", field: "root_shoot",
                    suggestion: "give root_shoot, or eco_zone (and biomass_class) for the IPCC Table 4.4 default")
            }
            return 0
        }

        /// The relative-error factors of the defaults used (carbon fraction, and root-to-shoot ratio `r` through 1 + R).
        func defaultFactors(rootShoot r: Double) -> [(value: Double, cv: Double?)] {
            let cfD = used.first { $0.table == "carbon_fraction" }
            let rD = used.first { $0.table == "root_shoot" }
            return [(1, cfD?.cv), (1, rD.map { d in d.cv.map { $0 * r / (1 + r) } } ?? nil)]
        }
    }

    /// The gain-loss method (IPCC 2006 Vol 4 Eqs 2.7, 2.9-2.16).
    static func gainLoss(_ c: inout StratumContext) throws -> LandResult {
        let s = c.s, cf = c.cf
        let area = try req(s.area, "area", "the area A")
        let growth = try opt(s.growth, "growth", "the growth G_W")
        if s.growth == nil && s.landCategory == "forest_remaining" {
            throw NaturalError(
                .missingValue, "the above-ground biomass growth G_W (t dm/ha/yr) is required", field: "growth",
                suggestion: "IPCC Tables 4.9-4.12 give defaults by ecological zone; Yuheng ships none because they could not be checked")
        }
        let r = try c.rootShoot(required: true)
        c.params["root_shoot"] = r
        let gains = area * growth * (1 + r) * cf // Eqs 2.9, 2.10
        let (removals, fuelwood, disturbance) = try losses(s, rootShoot: r, carbonFraction: cf)
        var conversion: Double? = nil
        if s.landCategory == "converted" {
            let before = try req(s.biomassBefore, "biomass_before", "the biomass before conversion B_BEFORE")
            let after = try opt(s.biomassAfter, "biomass_after", "the biomass after conversion B_AFTER")
            conversion = area * (after - before) * (1 + r) * cf // Eq 2.16
        }
        try Check.percent(s.gainUncertaintyPct, "gain_uncertainty_pct")
        try Check.percent(s.lossUncertaintyPct, "loss_uncertainty_pct")
        let cfCV = c.used.first { $0.table == "carbon_fraction" }?.cv
        func cvOf(_ pct: Double?) -> Double? { pct.map { $0 / 100 / 1.96 } }
        let gainU = Uncertain.product([(gains, cvOf(s.gainUncertaintyPct))] + c.defaultFactors(rootShoot: r))
        let lossTotal = removals + fuelwood + disturbance
        let lossU = Uncertain.product([(lossTotal, cvOf(s.lossUncertaintyPct)), (1, cfCV)])
        var terms = [gainU, lossU.scaled(by: -1)]
        if let conversion { terms.append(Uncertain.product([(conversion, cfCV)])) }
        let dC = Uncertain.sum(terms) // Eq 2.7 (2.15 with conversion)
        c.params["area"] = area
        c.params["growth"] = growth
        return LandResult(
            id: s.id, method: s.method.rawValue, landCategory: s.landCategory,
            equations: s.landCategory == "converted" ? "IPCC 2006 Vol 4 Eqs 2.7, 2.9-2.16" : "IPCC 2006 Vol 4 Eqs 2.7, 2.9-2.14",
            gainsTC: gains, lossesTC: ["wood_removals": removals, "fuelwood": fuelwood, "disturbance": disturbance],
            conversionTC: conversion, deltaCTC: dC, co2T: dC.scaled(by: -co2PerC), reporting: c.reporting, parameters: c.params)
    }

    /// The carbon losses of the gain-loss method, t C/yr: wood removals (Eq 2.12), fuelwood (Eq 2.13) and disturbance (Eq 2.14).
    static func losses(_ s: LandStratum, rootShoot r: Double, carbonFraction cf: Double) throws -> (Double, Double, Double) {
        let h = try opt(s.harvest, "harvest", "the wood removals H")
        let fgT = try opt(s.fuelwoodTrees, "fuelwood_trees", "the fuelwood removals FG_trees")
        let fgP = try opt(s.fuelwoodParts, "fuelwood_parts", "the fuelwood removals FG_part")
        var bcef = 0.0
        if h > 0 || fgT > 0 { bcef = try req(s.bcefR, "bcef_r", "BCEF_R (t dm/m³) for wood removals") }
        var d = 0.0
        if fgP > 0 { d = try req(s.woodDensity, "wood_density", "the wood density D (t dm/m³) for fuelwood parts") }
        let removals = h * bcef * (1 + r) * cf // Eq 2.12
        let fuelwood = (fgT * bcef * (1 + r) + fgP * d) * cf // Eq 2.13
        let dA = try opt(s.disturbanceArea, "disturbance_area", "the disturbed area")
        var disturbance = 0.0
        if dA > 0 {
            let bw = try req(s.disturbanceBiomass, "disturbance_biomass", "the above-ground biomass of the disturbed area B_W")
            guard let fd = s.disturbanceFraction else {
                throw NaturalError(.missingValue, "the fraction of biomass lost f_d is required", field: "disturbance_fraction")
            }
            try Check.fraction(fd, "disturbance_fraction")
            disturbance = dA * bw * (1 + r) * cf * fd // Eq 2.14
        } else if let fd = s.disturbanceFraction {
            try Check.fraction(fd, "disturbance_fraction")
        }
        return (removals, fuelwood, disturbance)
    }

    /// The stock-difference method (IPCC 2006 Vol 4 Eqs 2.5, 2.8): carbon stocks given, or from growing stock volumes.
    static func stockDifference(_ c: inout StratumContext) throws -> LandResult {
        let s = c.s, cf = c.cf
        guard let y1 = s.yearT1 else { throw NaturalError(.missingValue, "the year of the first stock is required", field: "year_t1") }
        guard let y2 = s.yearT2 else { throw NaturalError(.missingValue, "the year of the second stock is required", field: "year_t2") }
        guard y2 > y1 else { throw NaturalError(.invalidValue, "year_t2 (\(y2)) must be after year_t1 (\(y1))", field: "year_t2") }
        let c1: Double, c2: Double
        var fromVolumes = false
        if s.stockT1 != nil || s.stockT2 != nil {
            c1 = try req(s.stockT1, "stock_t1", "the carbon stock at t1")
            c2 = try req(s.stockT2, "stock_t2", "the carbon stock at t2")
        } else {
            fromVolumes = true
            let area = try req(s.area, "area", "the area A")
            let v1 = try req(s.volumeT1, "volume_t1", "the growing stock volume at t1")
            let v2 = try req(s.volumeT2, "volume_t2", "the growing stock volume at t2")
            let b = try req(s.bcefS, "bcef_s", "BCEF_S (t dm/m³)")
            let r = try c.rootShoot(required: true)
            c.params["root_shoot"] = r
            c1 = area * v1 * b * (1 + r) * cf // Eq 2.8
            c2 = area * v2 * b * (1 + r) * cf
        }
        try Check.percent(s.gainUncertaintyPct, "gain_uncertainty_pct")
        let u1 = Uncertain.product([(c1, s.gainUncertaintyPct.map { $0 / 100 / 1.96 })])
        let u2 = Uncertain.product([(c2, s.gainUncertaintyPct.map { $0 / 100 / 1.96 })])
        var dC = Uncertain.difference(u2, u1).scaled(by: 1 / Double(y2 - y1)) // Eq 2.5 / 2.8
        if fromVolumes {
            // The carbon fraction (and a default root-to-shoot ratio) multiplies both stocks, so its
            // error does not cancel in the difference: ΔC = (V2 − V1)·A·BCEF·(1 + R)·CF carries the
            // CF range as a factor of the change (the same draw for both years).
            dC = Uncertain.product([(dC.value, dC.cv)] + c.defaultFactors(rootShoot: c.params["root_shoot"] ?? 0))
        }
        c.params["stock_t1"] = c1
        c.params["stock_t2"] = c2
        return LandResult(
            id: s.id, method: s.method.rawValue, landCategory: s.landCategory, equations: "IPCC 2006 Vol 4 Eqs 2.5, 2.8",
            gainsTC: nil, lossesTC: [:], conversionTC: nil, deltaCTC: dC, co2T: dC.scaled(by: -co2PerC), reporting: c.reporting,
            parameters: c.params)
    }

    /// Computes every stratum and the net CO2 of managed and of unmanaged land.
    ///
    /// - throws: ``NaturalError`` naming the stratum: `.missingValue` for no strata or a missing input, and the input checks'
    /// errors (negative values, fractions outside [0, 1]).
    public static func report(_ strata: [LandStratum]) throws -> LandReport {
        guard !strata.isEmpty else { throw NaturalError(.missingValue, "no land strata given", field: "method") }
        var results: [LandResult] = [], used: [NaturalDefault] = [], warnings: [String] = []
        for s in strata {
            let (r, u) = try NaturalError.context("stratum '\(s.id)'") { try calculate(s) }
            warnings += try Plausibility.land(s).map { "stratum '\(s.id)': \($0)" }
            results.append(r)
            for d in u where !used.contains(d) { used.append(d) }
        }
        let report = LandReport(
            strata: results, inventoryCO2T: .sum(results.filter { $0.reporting == .inventory }.map(\.co2T)),
            naturalCO2T: .sum(results.filter { $0.reporting == .natural }.map(\.co2T)), defaultsUsed: used,
            notes: [
                "CO2 = −ΔC × 44/12; negative values are net removals",
                "dead organic matter and soil carbon are assumed in equilibrium at Tier 1 for forest land remaining forest land",
                "unmanaged strata are natural and never added to national totals"
            ],
            warnings: warnings)
        try Plausibility.finiteResult(report)
        return report
    }
}
