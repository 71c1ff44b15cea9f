import YuhengCore

/// IPPU — mineral industry (IPCC 2006 Vol 3 Ch 2): 2.A.2 lime, 2.A.3 glass, 2.A.4 other process
/// uses of carbonates. (2.A.1 cement is in Cement.swift.)
extension InventoryEngine {
    /// One-factor process emission: amount × EF, EF from the line or the bundled table.
    func simpleProduct(
        _ a: Activity, gas: Gas, key: String = "ef", unit: String, parameter: String, item: String? = nil, qualifier: String = "",
        scale: Double = 1, equation: String
    ) throws -> [SourceResult] {
        var L = try Line(self, a)
        let m = try L.amount(in: "t")
        let ef = try L.param(key, unit: unit, DefaultRef(parameter: parameter, item: item ?? a.item, qualifier: qualifier))!
        let e = scale * (m * ef)
        L.steps.append(
            "\(gas) = \(fmt(m.value)) t × \(fmt(ef.value)) \(unit)\(scale == 1 ? "" : " × \(fmt(scale))") = \(fmt(e.value)) t (\(equation))")
        return [L.source([try L.emission(gas, e)])]
    }

    /// 2.A.2 lime production, Tier 1 (Eq 2.8): CO2 = M_lime × EF_lime; EF by lime type (Table 2.4),
    /// 0.75 t CO2/t when the type is unknown (Eq 2.9).
    func limeProduction(_ a: Activity) throws -> [SourceResult] {
        try simpleProduct(a, gas: .co2, unit: "t/t", parameter: "lime.ef", equation: "Eq 2.8")
    }

    /// 2.A.3 glass production, Tier 1 (Eq 2.11): CO2 = M_g × EF × (1 − CR).
    func glassProduction(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let m = try L.amount(in: "t")
        let ef = try L.param("ef", unit: "t/t", DefaultRef(parameter: "glass.ef", item: "glass"))!
        let cr = try L.param("cullet_ratio", unit: "1", DefaultRef(parameter: "glass.cullet_ratio", item: "glass"), fraction: true)!
        let e = m * ef * oneMinus(cr)
        L.steps.append("CO2 = \(fmt(m.value)) t × \(fmt(ef.value)) t/t × (1 − \(fmt(cr.value))) = \(fmt(e.value)) t (Eq 2.11)")
        return [L.source([try L.emission(.co2, e)])]
    }

    /// 2.A.4 other process uses of carbonates: CO2 = M_c × EF_c × F (Eq 2.15 with Table 2.1 factors);
    /// `limestone_dolomite` is the Tier 1 mix of Eq 2.14: EF = 0.85 × EF_limestone + 0.15 × EF_dolomite.
    func carbonateUse(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let m = try L.amount(in: "t")
        let f = try L.param("calcination_fraction", unit: "1", nil, required: false, fraction: true) ?? .exact(1)
        let e: Poly
        if a.item == "limestone_dolomite", a.parameters["ef"] == nil {
            let share = try L.param("limestone_share", unit: "1", DefaultRef(parameter: "carbonates.limestone_share"), fraction: true)!
            let ls = try L.param("ef_limestone", unit: "t/t", DefaultRef(parameter: "carbonates.ef", item: "limestone"), label: "EF limestone")!
            let dol = try L.param("ef_dolomite", unit: "t/t", DefaultRef(parameter: "carbonates.ef", item: "dolomite"), label: "EF dolomite")!
            let ef = Poly(share) * Poly(ls) + oneMinus(share) * Poly(dol)
            e = m * ef * Poly(f)
            L.steps.append(
                "EF = \(fmt(share.value)) × \(fmt(ls.value)) + (1 − \(fmt(share.value))) × \(fmt(dol.value)) = \(fmt(ef.value)) t CO2/t (Eq 2.14)")
        } else {
            let ef = try L.param("ef", unit: "t/t", DefaultRef(parameter: "carbonates.ef", item: a.item))!
            e = m * ef * Poly(f)
        }
        L.steps.append("CO2 = \(fmt(m.value)) t × EF × \(fmt(f.value)) = \(fmt(e.value)) t")
        return [L.source([try L.emission(.co2, e)])]
    }
}
