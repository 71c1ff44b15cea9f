import Foundation
import YuhengCore
import YuhengNatural

/// AFOLU — aggregate sources and non-CO2 emissions on land (IPCC Vol 4): 3.C.1 biomass burning,
/// 3.C.2 liming, 3.C.3 urea application, 3.C.4/3.C.5 direct and indirect N2O from managed soils,
/// 3.C.7 rice cultivation.
extension InventoryEngine {
    // MARK: 3.C.1 biomass burning — the fire engine of `yuheng natural fire`

    /// Biomass burning (Vol 4 Eq 2.27): L = A × M_B × C_f × G_ef × 10⁻³, computed by
    /// ``FireEmissions/calculate(_:set:)`` (the same code as `yuheng natural fire`). CH4 and N2O count;
    /// CO2 counts for peat only (forest-fire CO2 goes through the carbon-stock change, savanna, grassland
    /// and crop-residue CO2 is re-absorbed); CO is an indirect gas and is not in the CO2e total.
    func biomassBurning(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let area = try L.amount(in: "ha", name: "area burnt")
        let set: FireEFSet = L.text("ef_set") == "gfed4" ? .gfed4 : .ipcc
        let fire = FireActivity(
            id: a.id, vegetation: a.item, area: area.value, areaUnit: "ha",
            fuelLoad: try L.param("fuel_load", unit: "t/ha", nil, required: false)?.value,
            combustionFactor: try L.param("combustion_factor", unit: "1", nil, required: false, fraction: true)?.value,
            fuelConsumption: try L.param("fuel_consumption", unit: "t/ha", nil, required: false)?.value,
            areaUncertaintyPct: nil, managed: true)
        let (result, used): (FireResult, [NaturalDefault])
        do { (result, used) = try FireEmissions.calculate(fire, set: set) } catch let e as NaturalError {
            throw InventoryError(.invalidParameter, e.message, field: e.field == "area" ? "amount" : "parameters", suggestion: e.suggestion)
        }
        func natural(_ d: NaturalDefault, id: String, name: String) -> Value {
            var use = FactorUse(name, d.value, d.unit, "natural-defaults")
            use.reference = d.source
            use.guideline = "2006"
            use.verification = d.verification
            L.uses.append(use)
            let cv = d.sd.map { $0 / abs(d.value) } ?? ((d.low != nil && d.high != nil) ? (d.high! - d.low!) / (2 * 1.96) / abs(d.value) : nil)
            guard let cv, d.value != 0 else { return Value(value: d.value, index: nil, unquantified: true) }
            let i = L.register(UncertainFactor(id: id, name: name, kind: .factor, value: d.value, percent: cv * 1.96 * 100))
            return Value(value: d.value, index: i, unquantified: false)
        }
        let fc: Value
        if let d = used.first(where: { $0.table == "fuel_consumption" }) {
            fc = natural(d, id: "fire_fc|\(d.item)", name: "fuel consumption of \(d.item)")
        } else {
            fc = .exact(result.fuelConsumption)
            L.uses.append(FactorUse("fuel consumption", result.fuelConsumption, "t/ha", "user"))
        }
        L.steps.append(
            "dry matter burnt = \(fmt(area.value)) ha × \(fmt(result.fuelConsumption)) t/ha = \(fmt(result.dryMatterT.value)) t (\(result.fuelConsumptionSource))"
        )
        var emissions: [GasEmission] = []
        for flux in result.gases {
            let efD = try FireEmissions.emissionFactor(flux.gas, vegetation: FireVegetation.parse(a.item), set: set)
            let ef = natural(efD, id: "fire_ef|\(efD.category)|\(efD.item)|\(flux.gas)", name: "\(flux.gas) EF \(efD.item) (\(efD.source))")
            let poly = area * fc * Poly(ef) * 1e-3
            guard abs(poly.value - flux.tonnes.value) <= 1e-9 * max(abs(flux.tonnes.value), 1e-300) else {
                throw InventoryError(
                    .invalidNumber, "internal: the fire engine's \(flux.gas) (\(flux.tonnes.value)) differs from A × fuel × EF (\(poly.value))")
            }
            let gas = Gas(flux.gas)
            switch (flux.gas, flux.reporting) {
            case ("CO", _):
                L.steps.append("CO = \(fmt(flux.tonnes.value)) t (indirect gas, not in the CO2e total)")
                emissions.append(try L.emission(gas, poly, origin: .biogenic, note: "CO is an indirect greenhouse gas: shown, not in CO2e"))
            case ("CO2", .inventory):
                L.steps.append("CO2 = \(fmt(flux.tonnes.value)) t (peat: reported)")
                emissions.append(try L.emission(gas, poly, origin: .fossil))
            case ("CO2", let rep):
                L.steps.append(
                    "CO2 = \(fmt(flux.tonnes.value)) t ("
                        + (rep == .viaStockChange ? "forest: through the carbon-stock change, memo here)" : "re-absorbed by regrowth: memo)"))
                emissions.append(try L.emission(gas, poly, origin: .biogenic, memo: true))
            default:
                L.steps.append(
                    "\(flux.gas) = \(fmt(area.value)) ha × \(fmt(result.fuelConsumption)) t/ha × \(fmt(ef.value)) g/kg / 1000 = \(fmt(flux.tonnes.value)) t (Eq 2.27)"
                )
                emissions.append(try L.emission(gas, poly, origin: .biogenic))
            }
        }
        return [L.source(emissions)]
    }

    // MARK: 3.C.2 liming, 3.C.3 urea

    /// Liming (Eq 11.12): CO2 = (M_limestone × 0.12 + M_dolomite × 0.13) × 44/12.
    func liming(_ a: Activity) throws -> [SourceResult] {
        try simpleProduct(a, gas: .co2, unit: "t/t", parameter: "liming.ef", scale: 44.0 / 12.0, equation: "Eq 11.12")
    }

    /// Urea fertilisation (Eq 11.13): CO2 = M × 0.20 × 44/12.
    func ureaApplication(_ a: Activity) throws -> [SourceResult] {
        try simpleProduct(a, gas: .co2, unit: "t/t", parameter: "urea.ef", scale: 44.0 / 12.0, equation: "Eq 11.13")
    }

    // MARK: 3.C.4 / 3.C.5 managed soils

    /// Direct (Eq 11.1) and indirect (Eqs 11.9, 11.10) N2O of one nitrogen input to managed soils.
    /// Direct N2O goes to the line's category (3.C.4), indirect to 3.C.5.
    func soilN2O(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        if a.item == "organic_soil" { return try organicSoilN2O(&L) }
        let nInput = try soilNitrogenInput(&L)
        let directEF = try soilDirectFactor(&L)
        let direct = nInput * directEF * (Self.n2oPerN / 1000)
        L.steps.append("direct N2O = \(fmt(nInput.value)) kg N × \(fmt(directEF.value)) × 44/28 / 1000 = \(fmt(direct.value)) t (Eq 11.1)")
        let (indirect, text) = try soilIndirectN2O(&L, nInput)
        var out = [L.source([try L.emission(.n2o, direct, origin: .biogenic)])]
        if !indirect.monos.isEmpty {
            L.steps.append("indirect N2O: " + text.joined(separator: "; "))
            out.append(L.source([try L.emission(.n2o, indirect, origin: .biogenic)], category: "3.C.5", idSuffix: " (indirect N2O)"))
        }
        return out
    }

    /// The nitrogen input of a managed-soils line, kg N: N applied or deposited, F_SOM (Eq 11.8) or F_CR (Eq 11.6).
    func soilNitrogenInput(_ L: inout Line) throws -> Poly {
        let a = L.a
        switch a.item {
        case "synthetic_n", "organic_n", "crop_residue_n", "grazing":
            guard a.unit.dimension == .mass else {
                throw InventoryError(.unitMismatch, "\(a.item) is a mass of nitrogen", field: "unit", suggestion: "give kg or t of N")
            }
            return Poly(try L.amount(in: "kg", name: "N"))
        case "mineralisation":
            guard a.unit.dimension == .mass else {
                throw InventoryError(.unitMismatch, "mineralisation needs the soil carbon lost as a mass of C", field: "unit")
            }
            let dc = try L.amount(in: "t", name: "soil C lost")
            let r = try L.param("cn_ratio", unit: "1", DefaultRef(parameter: "soil_n2o.cn_ratio"))!
            let n = (Poly(dc) / r) * 1000
            L.steps.append("F_SOM = \(fmt(dc.value)) t C / \(fmt(r.value)) × 1000 = \(fmt(n.value)) kg N (Eq 11.8)")
            return n
        case "crop_residue":
            return try cropResidueN(&L)
        default:
            throw InventoryError(.unknownItem, "unknown item '\(a.item)'", field: "item")
        }
    }

    /// F_CR, the N in crop residues returned to soils (2019R Eq 11.6), kg N.
    func cropResidueN(_ L: inout Line) throws -> Poly {
        let a = L.a
        guard a.unit.dimension == .area else {
            throw InventoryError(.unitMismatch, "crop residues need the area harvested", field: "unit", suggestion: "give ha")
        }
        guard let crop = L.text("crop") else {
            throw InventoryError(
                .missingValue, "crop residues need the crop", field: "parameters",
                suggestion: "add crop=maize (or wheat_winter, rice, soybean, …)")
        }
        let area = try L.amount(in: "ha", name: "area harvested")
        let cropDM: Poly
        if let c = try L.param("crop_dm", unit: "kg/ha", nil, required: false) {
            cropDM = Poly(c)
        } else {
            let y = try L.param("yield", unit: "kg/ha", nil)!
            let dry = try L.param("dry", unit: "1", DefaultRef(parameter: "soil_n2o.dry", item: crop), fraction: true)!
            cropDM = y * dry
        }
        func p(_ key: String, _ fraction: Bool = false, default d: Double? = nil) throws -> Value {
            if let d, a.parameters[key] == nil { return .exact(d) }
            return try L.param(key, unit: fraction ? "1" : "kg/kg", DefaultRef(parameter: "soil_n2o.\(key)", item: crop), fraction: fraction)!
        }
        let rag = try p("r_ag"), rs = try p("rs"), nag = try p("n_ag", true), nbg = try p("n_bg", true)
        let remove = try p("frac_remove", true, default: 0), renew = try p("frac_renew", true, default: 1)
        let burnt = try L.param("frac_burnt", unit: "1", nil, required: false, fraction: true) ?? .exact(0)
        let cf = burnt.value > 0 ? try L.param("combustion_factor", unit: "1", nil, fraction: true)! : Value.exact(0)
        let ag = cropDM * rag
        let above = ag * nag * (oneMinus(remove) - Poly(burnt) * Poly(cf))
        let below = (cropDM + ag) * rs * nbg
        let n = Poly(area) * Poly(renew) * (above + below)
        L.steps.append(
            "F_CR = \(fmt(area.value)) ha × \(fmt(renew.value)) × [Crop \(fmt(cropDM.value)) × R_AG \(fmt(rag.value)) × N_AG \(fmt(nag.value)) × (1 − \(fmt(remove.value)) − \(fmt(burnt.value)) × \(fmt(cf.value))) + (Crop + AG) × RS \(fmt(rs.value)) × N_BG \(fmt(nbg.value))] = \(fmt(n.value)) kg N (Eq 11.6)"
        )
        return n
    }

    /// Direct N2O of managed organic soils (Eq 11.1, area × EF2).
    func organicSoilN2O(_ L: inout Line) throws -> [SourceResult] {
        guard L.a.unit.dimension == .area else {
            throw InventoryError(.unitMismatch, "organic soils need the area", field: "unit", suggestion: "give ha")
        }
        let area = try L.amount(in: "ha", name: "area of managed organic soils")
        let land = L.text("land_use") ?? "cropland_grassland"
        let zone = L.text("zone") ?? "temperate"
        let qual = land == "forest" ? "\(zone):\(L.text("nutrient") ?? "rich")" : zone
        let ef2 = try L.param("ef2", unit: "kg/ha", DefaultRef(parameter: "soil_n2o.ef2", item: land, qualifier: qual))!
        let n2o = area * ef2 * (Self.n2oPerN / 1000)
        L.steps.append(
            "N2O = \(fmt(area.value)) ha × EF2 \(fmt(ef2.value)) kg N2O-N/ha × 44/28 / 1000 = \(fmt(n2o.value)) t (Eq 11.1, organic soils)")
        return [L.source([try L.emission(.n2o, n2o, origin: .biogenic)])]
    }

    /// The direct emission factor of a managed-soils line: EF3PRP for grazing, EF1FR for flooded rice, else EF1.
    func soilDirectFactor(_ L: inout Line) throws -> Value {
        if L.a.item == "grazing" {
            guard let group = L.text("animal_group") else {
                throw InventoryError(
                    .missingValue, "grazing needs the animal group", field: "parameters",
                    suggestion: "add animal_group=cpp (cattle, poultry, pigs) or so (sheep and other)")
            }
            return try L.param("ef3_prp", unit: "kg/kg", DefaultRef(parameter: "soil_n2o.ef3_prp", item: group))!
        } else if L.flag("flooded_rice", default: false) {
            return try L.param("ef1_fr", unit: "kg/kg", DefaultRef(parameter: "soil_n2o.ef1_fr"))!
        }
        let ef1Climate = L.guideline == .refinement2019 ? (L.text("climate") ?? "") : ""
        let kind = L.a.item == "synthetic_n" ? "synthetic" : "other"
        return try L.param(
            "ef1", unit: "kg/kg", DefaultRef(parameter: "soil_n2o.ef1", item: ef1Climate.isEmpty ? "" : kind, qualifier: ef1Climate))!
    }

    /// Indirect N2O (Eqs 11.9, 11.10) of a nitrogen input: volatilisation (synthetic, organic and grazing N) and leaching.
    func soilIndirectN2O(_ L: inout Line, _ nInput: Poly) throws -> (Poly, [String]) {
        let g = L.guideline
        let climate = L.text("climate")
        var volatFrac: Value? = nil
        switch L.a.item {
        case "synthetic_n":
            let fert = g == .refinement2019 ? (L.text("fertiliser") ?? "unspecified") : ""
            volatFrac = try L.param("frac_gasf", unit: "1", DefaultRef(parameter: "soil_n2o.frac_gasf", item: fert), fraction: true)!
        case "organic_n", "grazing":
            volatFrac = try L.param("frac_gasm", unit: "1", DefaultRef(parameter: "soil_n2o.frac_gasm"), fraction: true)!
        default: break
        }
        let leachable = L.flag("leaching", default: climate != "dry")
        var indirect = Poly.zero
        var text: [String] = []
        if let fv = volatFrac {
            let ef4 = try L.param("ef4", unit: "kg/kg", DefaultRef(parameter: "n2o.ef4", item: g == .refinement2019 ? (climate ?? "") : ""))!
            let v = nInput * Poly(fv) * Poly(ef4) * (Self.n2oPerN / 1000)
            indirect = indirect + v
            text.append("volatilisation \(fmt(nInput.value)) × \(fmt(fv.value)) × EF4 \(fmt(ef4.value)) × 44/28 / 1000 = \(fmt(v.value)) t (Eq 11.9)")
        }
        if leachable {
            let fl = try L.param("frac_leach", unit: "1", DefaultRef(parameter: "soil_n2o.frac_leach"), fraction: true)!
            let ef5 = try L.param("ef5", unit: "kg/kg", DefaultRef(parameter: "n2o.ef5"))!
            let v = nInput * Poly(fl) * Poly(ef5) * (Self.n2oPerN / 1000)
            indirect = indirect + v
            text.append("leaching \(fmt(nInput.value)) × \(fmt(fl.value)) × EF5 \(fmt(ef5.value)) × 44/28 / 1000 = \(fmt(v.value)) t (Eq 11.10)")
        }
        return (indirect, text)
    }

    // MARK: 3.C.7 rice

    /// Rice cultivation (Eqs 5.1–5.3): CH4 = A × t × EF_c × SF_w × SF_p × SF_o × SF_s,r × 10⁻³ t,
    /// SF_o = (1 + ROA × CFOA)^0.59.
    func riceCultivation(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let area = try L.amount(in: "ha", name: "area harvested")
        guard let daysV = try L.param("days", unit: "d", nil, required: false) else {
            throw InventoryError(
                .missingValue, "rice cultivation needs the cultivation period", field: "parameters", suggestion: "add days=… (e.g. days=120)")
        }
        let efc = try L.param("ef_baseline", unit: "kg/ha/d", DefaultRef(parameter: "rice.ef_baseline"))!
        let sfw = try L.param("sf_water", unit: "1", DefaultRef(parameter: "rice.sf_water", item: a.item))!
        let pre = L.text("preseason") ?? "not_flooded_short"
        let sfp = try L.param("sf_preseason", unit: "1", DefaultRef(parameter: "rice.sf_preseason", item: pre))!
        let sfs = try L.param("sf_soil", unit: "1", nil, required: false) ?? .exact(1)
        var sfo: Value = .exact(1)
        let amendment = L.text("amendment") ?? "none"
        if amendment != "none" {
            let rate = try L.param("amendment_rate", unit: "t/ha", nil)!
            let cfoa = try L.param("cfoa", unit: "1", DefaultRef(parameter: "rice.cfoa", item: amendment))!
            let x = rate.value * cfoa.value
            let v = pow(1 + x, 0.59)
            // SF_o is not a product of its inputs: its uncertainty is propagated to first order
            // (elasticity 0.59·x/(1+x) for CFOA and the rate) as one derived input.
            let uC = cfoa.index.map { L.factors[$0].uncertaintyPercent } ?? 0
            let uR = rate.index.map { L.factors[$0].uncertaintyPercent } ?? 0
            let pct = 0.59 * x / (1 + x) * (uC * uC + uR * uR).squareRoot()
            if pct > 0 {
                let i = L.register(
                    UncertainFactor(
                        id: "rice_sfo|\(L.guideline.rawValue)|\(amendment)|\(a.id)@\(a.line ?? -1)",
                        name: "SF_o of \(a.id) (\(amendment) \(fmt(rate.value)) t/ha)",
                        kind: .factor, value: v, percent: pct))
                sfo = Value(value: v, index: i, unquantified: false)
            } else {
                sfo = Value(value: v, index: nil, unquantified: cfoa.unquantified || rate.unquantified)
            }
            L.steps.append("SF_o = (1 + \(fmt(rate.value)) × \(fmt(cfoa.value)))^0.59 = \(fmt(v)) (Eq 5.3)")
        }
        let ef = Poly(efc) * Poly(sfw) * Poly(sfp) * Poly(sfo) * Poly(sfs)
        let ch4 = area * daysV * ef * 1e-3
        L.steps.append(
            "EF = \(fmt(efc.value)) × \(fmt(sfw.value)) × \(fmt(sfp.value)) × \(fmt(sfo.value)) × \(fmt(sfs.value)) = \(fmt(ef.value)) kg CH4/ha/d (Eq 5.2)"
        )
        L.steps.append("CH4 = \(fmt(area.value)) ha × \(fmt(daysV.value)) d × EF / 1000 = \(fmt(ch4.value)) t (Eq 5.1)")
        return [L.source([try L.emission(.ch4, ch4, origin: .biogenic)])]
    }
}
