import YuhengCore

/// Energy — fugitive emissions from fuels (IPCC 2006 Vol 2 Ch 4): 1.B.1 coal mining and handling,
/// 1.B.2 oil and natural gas systems.
extension InventoryEngine {
    /// Density of CH4 at 20 °C and 1 atm, t/m3 (Vol 2 Ch 4.1: 0.67 × 10⁻⁶ Gg/m3).
    static let ch4Density = 0.67e-3

    /// 1.B.1.a coal mining, Tier 1 (Eqs 4.1.3–4.1.4 underground, 4.1.7–4.1.8 surface):
    /// CH4 = production × (EF_mining + EF_post-mining) × ρ_CH4 − recovered − 0.98 × flared;
    /// CO2 from flaring = 0.98 × flared × 44/16. Abandoned underground mines (Eq 4.1.10, Tier 1 form):
    /// CH4 = N_mines × fraction gassy × EF × ρ_CH4 (EF and the gassy fraction must be given).
    func coalMining(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let level = L.text("emission_level") ?? "average"
        let density: Value
        if let d = try L.param("ch4_density", unit: "kg/m3", nil, required: false) {
            density = .exact(d.value / 1000)
        } else {
            density = .exact(Self.ch4Density)
        }
        var emissions: [GasEmission] = []
        let category: String
        if a.item == "abandoned" {
            guard a.unit.dimension == .count else {
                throw InventoryError(
                    .unitMismatch, "abandoned mines are counted: give the number of abandoned mines (unit item or unit)", field: "unit")
            }
            let n = try L.amount(in: "item", name: "abandoned mines")
            let gassy = try L.param("gassy_fraction", unit: "1", nil, fraction: true)!
            let ef = try L.param("ef", unit: "m3/yr", nil)!
            let ch4 = n * gassy * Poly(ef) * density
            L.steps.append(
                "CH4 = \(fmt(n.value)) mines × \(fmt(gassy.value)) × \(fmt(ef.value)) m3 × \(fmt(density.value)) t/m3 = \(fmt(ch4.value)) t (Eq 4.1.10)"
            )
            emissions.append(try L.emission(.ch4, ch4))
            category = a.category == "1.B.1.a" ? "1.B.1.a.i" : a.category
        } else {
            guard a.unit.dimension == .mass else {
                throw InventoryError(
                    .unitMismatch, "coal mining needs the raw coal production as a mass", field: "unit", suggestion: "give t, kt or Mt")
            }
            let p = try L.amount(in: "t", name: "raw coal production")
            let mining = try L.param("ef_mining", unit: "m3/t", DefaultRef(parameter: "coal_mining.ef_mining", item: a.item, qualifier: level))!
            let post = try L.param(
                "ef_post_mining", unit: "m3/t", DefaultRef(parameter: "coal_mining.ef_post_mining", item: a.item, qualifier: level))!
            var ch4 = p * (Poly(mining) + Poly(post)) * density
            L.steps.append(
                "CH4 = \(fmt(p.value)) t × (\(fmt(mining.value)) + \(fmt(post.value))) m3/t × \(fmt(density.value)) t/m3 = \(fmt(ch4.value)) t (\(a.item) mining and post-mining, \(level) factors)"
            )
            let recovered = try L.mass("recovered_ch4")
            let flared = try L.mass("flared_ch4")
            if recovered + flared > 0 {
                guard recovered + 0.98 * flared <= ch4.value * (1 + 1e-12) else {
                    throw InventoryError(
                        .invalidParameter, "recovered and flared CH4 (\(fmt(recovered + flared)) t) exceed the CH4 liberated (\(fmt(ch4.value)) t)",
                        field: "parameters",
                        suggestion: "check recovered_ch4 and flared_ch4 (t CH4) against the production")
                }
                ch4 = ch4 - Poly(constant: recovered + 0.98 * flared)
                L.steps.append("CH4 − recovered \(fmt(recovered)) t − 0.98 × flared \(fmt(flared)) t = \(fmt(ch4.value)) t")
            }
            emissions.append(try L.emission(.ch4, ch4))
            if flared > 0 {
                let co2 = Poly(constant: 0.98 * flared * 44 / 16)
                L.steps.append("CO2 from flaring = 0.98 × \(fmt(flared)) t × 44/16 = \(fmt(co2.value)) t")
                emissions.append(try L.emission(.co2, co2))
            }
            category = a.category == "1.B.1.a" ? (a.item == "underground" ? "1.B.1.a.i" : "1.B.1.a.ii") : a.category
        }
        return [L.source(emissions, category: category)]
    }

    /// 1.B.2 oil and natural gas, Tier 1 (Eq 4.2.1): E_gas = A_segment × EF_gas,segment. The segment
    /// factors of Tables 4.2.4/4.2.5 are not bundled: give ef_co2, ef_ch4, ef_n2o with units.
    func oilGas(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        var emissions: [GasEmission] = []
        let amount = Quantity(a.amount, a.unit)
        let ad = try L.amount(in: a.unit.symbol, name: "segment activity")
        for (gas, key) in [(Gas.co2, "ef_co2"), (.ch4, "ef_ch4"), (.n2o, "ef_n2o")] {
            guard let ef = try a.quantity(key) else { continue }
            let m = amount * ef
            guard m.dimension == .mass else {
                throw InventoryError(
                    .unitMismatch, "\(key) (\(ef.unit.symbol)) times the amount (\(a.unit.symbol)) is not a mass", field: "parameters",
                    suggestion: "give \(key) as a mass per unit of the amount, e.g. \(key)=3.8e-7 t/\(a.unit.symbol)")
            }
            guard ef.value >= 0 else { throw InventoryError(.negativeAmount, "\(key) must not be negative", field: "parameters") }
            let t = try m.value(in: MeasureUnit.tonne)
            L.uses.append(FactorUse(key, ef.value, ef.unit.symbol, "user"))
            let efv: Value
            if let pct = try L.userPercent(key) {
                let i = L.register(
                    UncertainFactor(
                        id: "user:\(a.id)@\(a.line ?? -1):\(key)", name: "\(key) of \(a.id)", kind: .factor, value: t / max(a.amount, 1e-300),
                        percent: pct))
                efv = Value(value: a.amount == 0 ? 0 : t / a.amount, index: i, unquantified: false)
            } else {
                efv = Value(value: a.amount == 0 ? 0 : t / a.amount, index: nil, unquantified: true)
            }
            let e = a.amount == 0 ? Poly.zero : ad * efv
            L.steps.append("\(gas) = \(fmt(a.amount)) \(a.unit.symbol) × \(fmt(ef.value)) \(ef.unit.symbol) = \(fmt(t)) t (Eq 4.2.1)")
            emissions.append(try L.emission(gas, e))
        }
        guard !emissions.isEmpty else {
            throw InventoryError(
                .missingValue, "oil and gas systems need the segment's emission factors: Tables 4.2.4/4.2.5 are not bundled", field: "parameters",
                suggestion: "add ef_ch4=… and ef_co2=… (and ef_n2o) with units, e.g. ef_ch4=3.8e-7 t/m3")
        }
        return [L.source(emissions)]
    }
}
