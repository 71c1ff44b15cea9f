import YuhengCore

/// IPPU — chemical industry (IPCC 2006 Vol 3 Ch 3): 2.B.1 ammonia … 2.B.8 petrochemicals and carbon black.
extension InventoryEngine {
    /// 2.B.1 ammonia, Tier 1 (Eq 3.1): CO2 = AP × FR × CCF × COF × 44/12 × 10⁻³ − R_CO2
    /// (FR in GJ/t NH3, CCF in kg C/GJ; Table 3.1). CO2 recovered for urea is subtracted here and
    /// reported where the urea is used (3.C.3).
    func ammoniaProduction(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let ap = try L.amount(in: "t")
        let fr = try L.param("fuel_requirement", unit: "GJ/t", DefaultRef(parameter: "ammonia.fuel_requirement", item: a.item))!
        let ccf = try L.param("carbon_content", unit: "kg/GJ", DefaultRef(parameter: "ammonia.carbon_content", item: a.item))!
        let cof = try L.param("oxidation", unit: "1", DefaultRef(parameter: "ammonia.oxidation", item: a.item), fraction: true)!
        var co2 = ap * fr * Poly(ccf) * Poly(cof) * (44.0 / 12.0 / 1000)
        L.steps.append(
            "CO2 = \(fmt(ap.value)) t × \(fmt(fr.value)) GJ/t × \(fmt(ccf.value)) kg C/GJ × \(fmt(cof.value)) × 44/12 / 1000 = \(fmt(co2.value)) t (Eq 3.1)"
        )
        let r = try L.mass("co2_recovered")
        if r > 0 {
            guard r <= co2.value * (1 + 1e-12) else {
                throw InventoryError(
                    .invalidParameter, "co2_recovered (\(fmt(r)) t) exceeds the CO2 generated (\(fmt(co2.value)) t)", field: "parameters")
            }
            co2 = co2 - Poly(constant: r)
            L.steps.append("− CO2 recovered for urea \(fmt(r)) t = \(fmt(co2.value)) t")
        }
        return [L.source([try L.emission(.co2, co2)])]
    }

    /// N2O with an abatement term (Eqs 3.5, 3.8, 3.9): N2O = P × EF × (1 − DF × ASUF) × 10⁻³ (EF in kg/t).
    func n2oWithAbatement(_ a: Activity, parameter: String, efItem: String, dfItem: String?, equation: String) throws -> [SourceResult] {
        var L = try Line(self, a)
        let p = try L.amount(in: "t")
        let ef = try L.param("ef", unit: "kg/t", DefaultRef(parameter: "\(parameter).ef", item: efItem))!
        var df: Value = .exact(0)
        if a.parameters["destruction_factor"] != nil {
            df = try L.param("destruction_factor", unit: "1", nil, fraction: true)!
        } else if let item = dfItem {
            df = try L.param("destruction_factor", unit: "1", DefaultRef(parameter: "\(parameter).destruction_factor", item: item), fraction: true)!
        }
        let asuf = try L.param("abatement_utilisation", unit: "1", nil, required: false, fraction: true) ?? .exact(df.value > 0 ? 1 : 0)
        let n2o = (p * ef) * oneMinus(Poly(df) * Poly(asuf)) * 1e-3
        L.steps.append(
            "N2O = \(fmt(p.value)) t × \(fmt(ef.value)) kg/t × (1 − \(fmt(df.value)) × \(fmt(asuf.value))) / 1000 = \(fmt(n2o.value)) t (\(equation))"
        )
        return [L.source([try L.emission(.n2o, n2o)])]
    }

    /// 2.B.2 nitric acid, Tier 1 (Eq 3.5) with the plant-type factors of Table 3.3.
    func nitricAcidProduction(_ a: Activity) throws -> [SourceResult] {
        try n2oWithAbatement(a, parameter: "nitric_acid", efItem: a.item, dfItem: nil, equation: "Eq 3.5")
    }

    /// 2.B.3 adipic acid, Tier 1 (Eq 3.8): EF 300 kg N2O/t, destruction factors of Table 3.4.
    func adipicAcidProduction(_ a: Activity) throws -> [SourceResult] {
        try n2oWithAbatement(a, parameter: "adipic_acid", efItem: "adipic_acid", dfItem: a.item == "uncontrolled" ? nil : a.item, equation: "Eq 3.8")
    }

    /// 2.B.4 caprolactam, glyoxal and glyoxylic acid (Eq 3.9, Tables 3.5, 3.6).
    func caprolactamProduction(_ a: Activity) throws -> [SourceResult] {
        try n2oWithAbatement(a, parameter: "caprolactam", efItem: a.item, dfItem: nil, equation: "Eq 3.9")
    }

    /// 2.B.5 carbide (Eqs 3.11–3.13): CO2 (and CH4 for silicon carbide) = AD × EF, with AD either
    /// the carbide produced or the petroleum coke used (`basis`); the CO2 of calcium carbide used to
    /// make acetylene (Table 3.8) is added.
    func carbideProduction(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let basis = L.text("basis") ?? "product"
        let ad = try L.amount(in: "t", name: basis == "coke" ? "petroleum coke used" : "carbide produced")
        let efc = try L.param("ef_co2", unit: "t/t", DefaultRef(parameter: "carbide.ef_co2", item: a.item, qualifier: basis))!
        var co2 = ad * efc
        L.steps.append("CO2 = \(fmt(ad.value)) t × \(fmt(efc.value)) t/t = \(fmt(co2.value)) t")
        let use = try L.mass("acetylene_use")
        if use > 0 {
            guard a.item == "calcium_carbide" else {
                throw InventoryError(.invalidParameter, "acetylene_use applies to calcium carbide only", field: "parameters")
            }
            let efa = try L.param(
                "ef_acetylene", unit: "t/t", DefaultRef(parameter: "carbide.ef_acetylene", item: a.item), label: "EF acetylene use")!
            co2 = co2 + use * Poly(efa)
            L.steps.append("+ calcium carbide used for acetylene \(fmt(use)) t × \(fmt(efa.value)) t/t")
        }
        var out = [try L.emission(.co2, co2)]
        if a.item == "silicon_carbide" {
            let efm = try L.param("ef_ch4", unit: "kg/t", DefaultRef(parameter: "carbide.ef_ch4", item: a.item, qualifier: basis))!
            let ch4 = ad * efm * 1e-3
            L.steps.append("CH4 = \(fmt(ad.value)) t × \(fmt(efm.value)) kg/t / 1000 = \(fmt(ch4.value)) t")
            out.append(try L.emission(.ch4, ch4))
        }
        return [L.source(out)]
    }

    /// 2.B.6 titanium dioxide (Eq 3.12, Table 3.9).
    func titaniumDioxideProduction(_ a: Activity) throws -> [SourceResult] {
        try simpleProduct(a, gas: .co2, unit: "t/t", parameter: "titanium_dioxide.ef", equation: "Eq 3.12")
    }

    /// 2.B.7 natural soda ash (Eqs 3.14, 3.15): per t of trona used or per t of soda ash produced.
    func sodaAshProduction(_ a: Activity) throws -> [SourceResult] {
        try simpleProduct(a, gas: .co2, unit: "t/t", parameter: "soda_ash.ef", equation: "Eq 3.14")
    }

    /// The Tier 1 default process and feedstock of each petrochemical (Tables 3.12–3.23).
    static let petrochemicalDefaults: [String: (process: String, feedstock: String)] = [
        "methanol": ("csr_a", "natural_gas"), "ethylene": ("sc", "naphtha"), "ethylene_dichloride": ("bal_edc_vcm", "ethylene"),
        "vinyl_chloride_monomer": ("bal_edc_vcm", "ethylene_dichloride"), "ethylene_oxide": ("catox_tt_70", "ethylene"),
        "acrylonitrile": ("ammoxidation", "propylene"), "carbon_black": ("furnace_black", "total")
    ]

    /// 2.B.8 petrochemicals and carbon black, Tier 1: CO2 = PP × EF × GAF/100 (Eq 3.15; GAF for
    /// ethylene only), CH4 = PP × EF_CH4 (Eqs 3.23–3.25).
    func petrochemicalProduction(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let d = Self.petrochemicalDefaults[a.item] ?? ("", "")
        let process = L.text("process") ?? d.process
        let feedstock = L.text("feedstock") ?? d.feedstock
        let qual = "\(process):\(feedstock)"
        let pp = try L.amount(in: "t")
        let ef = try L.param("ef_co2", unit: "t/t", DefaultRef(parameter: "petrochemicals.ef_co2", item: a.item, qualifier: qual))!
        var co2 = pp * ef
        if a.item == "ethylene" {
            let gaf = try L.param("gaf", unit: "%", DefaultRef(parameter: "petrochemicals.gaf"))!
            co2 = co2 * Poly(gaf) * 0.01
            L.steps.append("CO2 = \(fmt(pp.value)) t × \(fmt(ef.value)) t/t × \(fmt(gaf.value)) % = \(fmt(co2.value)) t (Eq 3.15, \(qual))")
        } else {
            L.steps.append("CO2 = \(fmt(pp.value)) t × \(fmt(ef.value)) t/t = \(fmt(co2.value)) t (Eq 3.15, \(qual))")
        }
        var out = [try L.emission(.co2, co2)]
        if let efm = try L.param(
            "ef_ch4", unit: "kg/t", DefaultRef(parameter: "petrochemicals.ef_ch4", item: a.item, qualifier: qual), required: false)
        {
            let ch4 = pp * efm * 1e-3
            L.steps.append("CH4 = \(fmt(pp.value)) t × \(fmt(efm.value)) kg/t / 1000 = \(fmt(ch4.value)) t (Eqs 3.23–3.25)")
            out.append(try L.emission(.ch4, ch4))
        }
        return [L.source(out)]
    }
}
