import YuhengCore

/// IPPU — metal industry (IPCC 2006 Vol 3 Ch 4): 2.C.1 iron and steel … 2.C.6 zinc.
extension InventoryEngine {
    /// Production × EF for each gas (EF in t/t for CO2, kg/t for the others).
    func productionFactors(_ a: Activity, _ gases: [(gas: Gas, key: String, unit: String, parameter: String, required: Bool)], equation: String)
        throws -> [SourceResult]
    {
        var L = try Line(self, a)
        let m = try L.amount(in: "t")
        var out: [GasEmission] = []
        for g in gases {
            guard let ef = try L.param(g.key, unit: g.unit, DefaultRef(parameter: g.parameter, item: a.item), required: g.required) else { continue }
            let scale = g.unit == "t/t" ? 1 : 1e-3
            let e = m * ef * scale
            L.steps.append(
                "\(g.gas) = \(fmt(m.value)) t × \(fmt(ef.value)) \(g.unit)\(scale == 1 ? "" : " / 1000") = \(fmt(e.value)) t (\(equation))")
            out.append(try L.emission(g.gas, e))
        }
        return [L.source(out)]
    }

    /// 2.C.1 iron and steel, Tier 1 (Eqs 4.4–4.8): production × Table 4.1 CO2 factor; CH4 for sinter
    /// (Table 4.2).
    func ironSteelProduction(_ a: Activity) throws -> [SourceResult] {
        try productionFactors(
            a, [(.co2, "ef_co2", "t/t", "iron_steel.ef_co2", true), (.ch4, "ef_ch4", "kg/t", "iron_steel.ef_ch4", false)], equation: "Eqs 4.4–4.8")
    }

    /// 2.C.2 ferroalloys, Tier 1 (Eqs 4.15, 4.18; Tables 4.5, 4.7).
    func ferroalloyProduction(_ a: Activity) throws -> [SourceResult] {
        try productionFactors(
            a, [(.co2, "ef_co2", "t/t", "ferroalloys.ef_co2", true), (.ch4, "ef_ch4", "kg/t", "ferroalloys.ef_ch4", false)],
            equation: "Eqs 4.15, 4.18")
    }

    /// 2.C.3 primary aluminium, Tier 1: CO2 = MP × EF (Eq 4.19, Table 4.10: prebake or Søderberg);
    /// CF4, C2F6 = MP × EF by technology (Eq 4.25, Table 4.15).
    func aluminiumProduction(_ a: Activity) throws -> [SourceResult] {
        try productionFactors(
            a,
            [
                (.co2, "ef_co2", "t/t", "aluminium.ef_co2", true), (Gas("CF4"), "ef_cf4", "kg/t", "aluminium.ef_cf4", true),
                (Gas("C2F6"), "ef_c2f6", "kg/t", "aluminium.ef_c2f6", true)
            ], equation: "Eqs 4.19, 4.25")
    }

    /// 2.C.4 magnesium: CO2 of primary production from dolomite or magnesite (Eq 4.28), SF6 of
    /// casting (Eq 4.30, 1 kg SF6/t Mg cast).
    func magnesiumProduction(_ a: Activity) throws -> [SourceResult] {
        if a.item == "casting" {
            return try productionFactors(a, [(.sf6, "ef_sf6", "kg/t", "magnesium.ef_sf6", true)], equation: "Eq 4.30")
        }
        return try productionFactors(a, [(.co2, "ef_co2", "t/t", "magnesium.ef_co2", true)], equation: "Eq 4.28")
    }

    /// 2.C.5 lead (Eq 4.32, Table 4.21).
    func leadProduction(_ a: Activity) throws -> [SourceResult] {
        try simpleProduct(a, gas: .co2, unit: "t/t", parameter: "lead.ef", equation: "Eq 4.32")
    }

    /// 2.C.6 zinc (Eq 4.33, Table 4.24).
    func zincProduction(_ a: Activity) throws -> [SourceResult] {
        try simpleProduct(a, gas: .co2, unit: "t/t", parameter: "zinc.ef", equation: "Eq 4.33")
    }
}
