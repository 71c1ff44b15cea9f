import YuhengCore

extension InventoryEngine {
    /// Molar mass ratio CO2/CaO, 44.01/56.08 (IPCC 2006 Vol 3 Eq 2.4).
    public static let co2PerCaO = 44.01 / 56.08

    /// Cement production (IPCC 2006 Vol 3 Ch 2).
    ///
    /// Tier 1 (Eq 2.1), `item` = cement type (portland, masonry, …), `amount` = cement produced:
    /// CO2 = (M_c × C_cl − Im + Ex) × EF_clc, EF_clc = 0.52 t CO2/t clinker (includes CKD).
    /// Parameters: `clinker_fraction`, `clinker_imports`, `clinker_exports` (mass, default t), `ef_clc`.
    ///
    /// Tier 2 (Eqs 2.2, 2.4, 2.5), `item` = clinker, `amount` = clinker produced, `tier=2`:
    /// CO2 = M_cl × EF_cl × CF_ckd; EF_cl = CaO fraction × 44.01/56.08;
    /// CF_ckd = 1 + (M_d/M_cl) × C_d × F_d × (EF_c/EF_cl), or the default 1.02.
    /// Parameters: `cao_fraction`, `non_carbonate_cao_fraction`, `ckd` (mass of CKD not recycled),
    /// `ckd_carbonate_fraction` (C_d), `ckd_calcination_fraction` (F_d), `ef_carbonate` (EF_c), `ckd_correction`.
    func cement(_ a: Activity) throws -> SourceResult {
        let mass = Quantity(a.amount, a.unit)
        guard mass.dimension == .mass else {
            throw InventoryError(
                .unitMismatch, "cement and clinker production must be a mass, got \(a.unit.symbol)", field: "unit",
                suggestion: "give tonnes (t) or kilotonnes (kt)")
        }
        let tonnes = try mass.value(in: MeasureUnit.tonne)
        let tier = try a.number("tier") ?? (a.item == "clinker" ? 2 : 1)
        var w = CementWork()
        let co2: Double
        if tier == 1 {
            co2 = try cementTier1(a, tonnes: tonnes, &w)
        } else if tier == 2 {
            co2 = try cementTier2(a, tonnes: tonnes, &w)
        } else {
            throw InventoryError(
                .invalidParameter, "tier must be 1 or 2 for cement, got \(fmt(tier))", field: "parameters",
                suggestion: "Tier 3 (carbonate inputs) is not implemented yet")
        }
        let e = try emission(.co2, tonnes: co2, origin: .fossil, ad: a.adUncertaintyPercent, factor: w.factorU)
        return SourceResult(
            id: a.id, line: a.line, category: a.category, categoryName: IPCCCategory.name(of: a.category),
            method: .cement, item: a.item, energyTJ: nil, emissions: [e], memo: nil, factors: w.uses, steps: w.steps)
    }

    /// The factors used, the calculation steps and the factor uncertainty of a cement line.
    struct CementWork {
        var uses: [FactorUse] = []
        var steps: [String] = []
        var factorU: Double?
    }

    /// Tier 1 (Eq 2.1): CO2 = (M_c × C_cl − Im + Ex) × EF_clc, t.
    func cementTier1(_ a: Activity, tonnes: Double, _ w: inout CementWork) throws -> Double {
        guard a.item != "clinker" else {
            throw InventoryError(
                .invalidParameter, "Tier 1 works from cement production, not clinker", field: "item",
                suggestion: "give a cement type (portland, masonry, …) or use tier=2 for clinker")
        }
        let cf: Double
        if let v = try a.fraction("clinker_fraction") {
            cf = v
            w.factorU = try a.number("ef_uncertainty_pct")
            w.uses.append(FactorUse("clinker fraction", v, "1", "user"))
        } else {
            let key = "clinker_fraction_\(a.item)"
            guard let d = factors.cement[key] else {
                let known = factors.cement.keys.filter { $0.hasPrefix("clinker_fraction_") }.map {
                    String($0.dropFirst("clinker_fraction_".count))
                }.sorted()
                throw InventoryError(
                    .unknownItem, "unknown cement type '\(a.item)'", field: "item",
                    suggestion: "known types: \(known.joined(separator: ", ")); or give clinker_fraction=…")
            }
            cf = d.value
            w.factorU = try a.number("ef_uncertainty_pct") ?? d.uncertaintyPercent
            w.uses.append(FactorUse("clinker fraction", cf, "1", d.datasetID))
        }
        let im = try a.quantity("clinker_imports", defaultUnit: .tonne).map { try $0.value(in: MeasureUnit.tonne) } ?? 0
        let ex = try a.quantity("clinker_exports", defaultUnit: .tonne).map { try $0.value(in: MeasureUnit.tonne) } ?? 0
        guard im >= 0, ex >= 0 else {
            throw InventoryError(.negativeAmount, "clinker imports and exports must not be negative", field: "parameters")
        }
        let clinker = tonnes * cf - im + ex
        guard clinker >= 0 else {
            throw InventoryError(
                .invalidParameter, "clinker imports exceed the clinker in the cement produced (\(fmt(tonnes * cf)) t)", field: "parameters",
                suggestion: "check clinker_imports and the clinker fraction")
        }
        let efc: Double
        if let v = try a.number("ef_clc") {
            efc = v; w.uses.append(FactorUse("EF_clc", v, "t/t", "user"))
        } else {
            let d = try factors.cementParameter("ef_clinker_tier1")
            efc = d.value
            w.uses.append(FactorUse("EF_clc", efc, "t/t", d.datasetID))
        }
        let co2 = clinker * efc
        w.steps.append("clinker = \(fmt(tonnes)) t × \(fmt(cf)) − \(fmt(im)) + \(fmt(ex)) = \(fmt(clinker)) t")
        w.steps.append("CO2 = \(fmt(clinker)) t × \(fmt(efc)) t CO2/t = \(fmt(co2)) t (Tier 1, Eq 2.1)")
        return co2
    }

    /// Tier 2 (Eqs 2.2, 2.4, 2.5): CO2 = M_cl × EF_cl × CF_ckd, t.
    func cementTier2(_ a: Activity, tonnes: Double, _ w: inout CementWork) throws -> Double {
        let caoDefault = try factors.cementParameter("cao_content_clinker")
        let cao = try a.fraction("cao_fraction") ?? caoDefault.value
        let nonCarbonate = try a.fraction("non_carbonate_cao_fraction") ?? 0
        let efcl = (cao - nonCarbonate) * Self.co2PerCaO
        w.uses.append(FactorUse("CaO fraction", cao, "1", a.parameters["cao_fraction"] == nil ? caoDefault.datasetID : "user"))
        w.steps.append("EF_cl = (\(fmt(cao)) − \(fmt(nonCarbonate))) × 44.01/56.08 = \(fmt(efcl)) t CO2/t clinker (Eq 2.4)")
        w.factorU = try a.number("ef_uncertainty_pct") ?? (a.parameters["cao_fraction"] == nil ? caoDefault.uncertaintyPercent : nil)
        let cf: Double
        if let md = try a.quantity("ckd", defaultUnit: .tonne) {
            let mdT = try md.value(in: MeasureUnit.tonne)
            guard mdT >= 0 else { throw InventoryError(.negativeAmount, "ckd must not be negative", field: "parameters") }
            guard let cd = try a.fraction("ckd_carbonate_fraction"), let fd = try a.fraction("ckd_calcination_fraction") else {
                throw InventoryError(
                    .missingValue, "the CKD correction needs ckd_carbonate_fraction (C_d) and ckd_calcination_fraction (F_d)", field: "parameters"
                )
            }
            let efc = try a.number("ef_carbonate") ?? (try factors.cementParameter("ef_calcite").value)
            guard tonnes > 0 else {
                throw InventoryError(.invalidParameter, "clinker production must be positive for the CKD correction", field: "amount")
            }
            cf = 1 + (mdT / tonnes) * cd * fd * (efc / efcl)
            w.steps.append("CF_ckd = 1 + (\(fmt(mdT))/\(fmt(tonnes))) × \(fmt(cd)) × \(fmt(fd)) × (\(fmt(efc))/\(fmt(efcl))) = \(fmt(cf)) (Eq 2.5)")
        } else if let v = try a.number("ckd_correction") {
            cf = v
        } else {
            let d = try factors.cementParameter("ckd_correction")
            cf = d.value
            w.uses.append(FactorUse("CF_ckd", cf, "1", d.datasetID))
        }
        let co2 = tonnes * efcl * cf
        w.steps.append("CO2 = \(fmt(tonnes)) t × \(fmt(efcl)) × \(fmt(cf)) = \(fmt(co2)) t (Tier 2, Eq 2.2)")
        return co2
    }

    /// Enteric fermentation (IPCC Vol 4 Ch 10). Tier 1 (Eqs 10.19, 10.20): CH4 = EF × N;
    /// Tier 2 EF (Eq 10.21): EF = GE × (Ym/100) × 365 / 55.65.
    /// `amount` is the number of animals (unit head). Parameters: `region`, `guideline`
    /// (2019R default, or 2006), `ef` (kg CH4/head/yr), `gross_energy` (MJ/head/day) with `ym_pct`.
    func enteric(_ a: Activity) throws -> SourceResult {
        let heads = Quantity(a.amount, a.unit)
        guard heads.dimension == .count else {
            throw InventoryError(
                .unitMismatch, "enteric fermentation needs a number of animals, got \(a.unit.symbol)", field: "unit", suggestion: "use the unit head")
        }
        let n = try heads.value(in: MeasureUnit.head)
        var uses: [FactorUse] = []
        var steps: [String] = []
        let ef: Double
        var efU: Double? = try a.number("ef_uncertainty_pct")
        if let v = try a.number("ef") {
            ef = v
            uses.append(FactorUse("EF", v, "kg/head/yr", "user"))
        } else if let ge = try a.number("gross_energy") {
            guard let ym = try a.number("ym_pct") else {
                throw InventoryError(.missingValue, "Tier 2 needs ym_pct (methane conversion factor, % of gross energy)", field: "parameters")
            }
            ef = ge * (ym / 100) * 365 / 55.65
            steps.append("EF = \(fmt(ge)) MJ/day × \(fmt(ym))/100 × 365 / 55.65 = \(fmt(ef)) kg CH4/head/yr (Eq 10.21)")
        } else {
            let guideline = a.parameters["guideline"] ?? "2019R"
            guard let region = a.parameters["region"] else {
                throw InventoryError(
                    .missingValue, "Tier 1 enteric factors depend on the region", field: "parameters",
                    suggestion: "add region=western_europe (or another IPCC region) to parameters, or ef=…")
            }
            let regions = [region, "all"]
            guard let d = regions.lazy.compactMap({ factors.enteric[InventoryFactors.key(guideline, a.item, $0)] }).first else {
                let avail = factors.enteric.keys.filter { $0.hasPrefix("\(guideline)|\(a.item)|") }.map {
                    $0.split(separator: "|").last.map(String.init) ?? ""
                }.sorted()
                throw InventoryError(
                    .unknownItem, "no \(guideline) Tier 1 factor for \(a.item) in region '\(region)'", field: avail.isEmpty ? "item" : "parameters",
                    suggestion: avail.isEmpty
                        ? "livestock types: \(Set(factors.enteric.keys.map { $0.split(separator: "|")[1] }).sorted().joined(separator: ", "))"
                        : "regions for \(a.item): \(avail.joined(separator: ", "))")
            }
            ef = d.value
            efU = efU ?? d.uncertaintyPercent
            uses.append(FactorUse("EF", ef, "kg/head/yr", d.datasetID))
        }
        let t = ef * n / 1000
        steps.append("CH4 = \(fmt(ef)) kg/head/yr × \(fmt(n)) head / 1000 = \(fmt(t)) t (Eq 10.19)")
        let e = try emission(.ch4, tonnes: t, origin: .biogenic, ad: a.adUncertaintyPercent, factor: efU)
        return SourceResult(
            id: a.id, line: a.line, category: a.category, categoryName: IPCCCategory.name(of: a.category),
            method: .enteric, item: a.item, energyTJ: nil, emissions: [e], memo: nil, factors: uses, steps: steps)
    }

    /// Reference approach (IPCC 2006 Vol 2 Ch 6, Eq 6.1):
    /// CO2 = [(AC × NCV × CC × 1e-3) − excluded carbon] × COF × 44/12,
    /// AC = production + imports − exports − international bunkers − stock change.
    /// `amount` is production; parameters `imports`, `exports`, `bunkers`, `stock_change`
    /// (a build-up is positive) in the amount's unit unless given with a unit; `excluded_carbon`
    /// (mass of carbon); `ncv`, `carbon_content` (kg C/GJ), `oxidation`.
    func referenceApproach(_ a: Activity) throws -> ReferenceApproachResult {
        let fuel = try factors.fuel(a.item)
        guard a.unit.dimension == .mass else {
            throw InventoryError(
                .unitMismatch, "the reference approach works on fuel masses, got \(a.unit.symbol)", field: "unit", suggestion: "give kt or t")
        }
        func tonnes(_ key: String) throws -> Double {
            try a.quantity(key, defaultUnit: a.unit).map { try $0.value(in: MeasureUnit.tonne) } ?? 0
        }
        let production = try a.unit.convert(a.amount, to: MeasureUnit.tonne)
        let ac = production + (try tonnes("imports")) - (try tonnes("exports")) - (try tonnes("bunkers")) - (try tonnes("stock_change"))
        let ncv = try a.quantity("ncv", defaultUnit: try MeasureUnit("GJ/t")) ?? fuel.ncv.map { Quantity($0.value, $0.unit) }
        guard let ncvQ = ncv else { throw InventoryError(.missingFactor, "no NCV for \(fuel.id)", field: "parameters", suggestion: "add ncv=… GJ/t") }
        let cc = try a.quantity("carbon_content", defaultUnit: try MeasureUnit("kg/GJ")) ?? fuel.carbonContent.map { Quantity($0.value, $0.unit) }
        guard let ccQ = cc else {
            throw InventoryError(.missingFactor, "no carbon content for \(fuel.id)", field: "parameters", suggestion: "add carbon_content=… kg/GJ")
        }
        let energyGJ = ac * (try ncvQ.value(in: "GJ/t"))
        let carbonT = energyGJ * (try ccQ.value(in: "kg/GJ")) / 1000
        let excluded = try a.quantity("excluded_carbon", defaultUnit: .tonne).map { try $0.value(in: MeasureUnit.tonne) } ?? 0
        let cof = try a.fraction("oxidation") ?? 1
        let co2 = (carbonT - excluded) * cof * 44 / 12
        return ReferenceApproachResult(
            id: a.id, fuel: fuel.id, apparentConsumptionTonnes: ac, energyTJ: energyGJ / 1000,
            carbonTonnes: carbonT, excludedCarbonTonnes: excluded, co2Tonnes: co2)
    }
}

import Foundation
