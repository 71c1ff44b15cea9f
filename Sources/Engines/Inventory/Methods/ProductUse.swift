import YuhengCore

/// IPPU — product use (IPCC 2006 Vol 3 Ch 5, 7, 8): 2.D non-energy products from fuels,
/// 2.F.1 refrigeration and air conditioning, 2.G.1 SF6 in electrical equipment.
extension InventoryEngine {
    /// Refrigerant blends by mass fraction of their HFC components (ASHRAE 34 compositions).
    public static let refrigerantBlends: [String: [(gas: String, fraction: Double)]] = [
        "R404A": [("HFC125", 0.44), ("HFC143a", 0.52), ("HFC134a", 0.04)],
        "R407C": [("HFC32", 0.23), ("HFC125", 0.25), ("HFC134a", 0.52)],
        "R410A": [("HFC32", 0.5), ("HFC125", 0.5)],
        "R507A": [("HFC125", 0.5), ("HFC143a", 0.5)]
    ]

    /// 2.D lubricants (Eq 5.2) and paraffin wax (Eq 5.4), Tier 1:
    /// CO2 = consumption (TJ) × CC (t C/TJ) × ODU × 44/12. A mass is converted with the NCV.
    func nonEnergyProductUse(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let fuelID = a.item == "lubricants" ? "lubricants" : "paraffin_waxes"
        let fuel = try factors.fuel(fuelID)
        var energy: Poly
        if a.unit.dimension == .energy {
            energy = Poly(try L.amount(in: "TJ"))
        } else {
            let m = try L.amount(in: "t")
            let ncv: Value
            if let v = try L.param("ncv", unit: "GJ/t", nil, required: false) {
                ncv = v
            } else {
                guard let d = fuel.ncv else {
                    throw InventoryError(.missingFactor, "no NCV for \(fuelID)", field: "parameters", suggestion: "add ncv=… GJ/t")
                }
                ncv = fuelValue(&L, "NCV", d, id: "ncv|\(fuelID)")
            }
            energy = m * ncv * 1e-3
            L.steps.append("energy = \(fmt(m.value)) t × \(fmt(ncv.value)) GJ/t / 1000 = \(fmt(energy.value)) TJ")
        }
        let cc: Value
        if let v = try L.param("carbon_content", unit: "kg/GJ", nil, required: false) {
            cc = v
        } else {
            guard let d = fuel.carbonContent else { throw InventoryError(.missingFactor, "no carbon content for \(fuelID)", field: "parameters") }
            cc = fuelValue(&L, "carbon content", d, id: "carbon_content|\(fuelID)")
        }
        let odu = try L.param("odu", unit: "1", DefaultRef(parameter: "non_energy_products.odu", item: a.item), fraction: true)!
        let co2 = energy * Poly(cc) * Poly(odu) * (44.0 / 12.0)
        L.steps.append(
            "CO2 = \(fmt(energy.value)) TJ × \(fmt(cc.value)) t C/TJ × \(fmt(odu.value)) × 44/12 = \(fmt(co2.value)) t (Eq \(a.item == "lubricants" ? "5.2" : "5.4"))"
        )
        return [L.source([try L.emission(.co2, co2)])]
    }

    /// A fuel property of the IPCC 2006 fuel table (Vol 2 Tables 1.2, 1.3) as an input of the line.
    func fuelValue(_ L: inout Line, _ name: String, _ d: RangedValue, id: String) -> Value {
        var use = FactorUse(name, d.value, d.unit.symbol, d.datasetID)
        use.reference = name == "NCV" ? "IPCC 2006 Vol 2 Table 1.2" : "IPCC 2006 Vol 2 Table 1.3"
        use.guideline = "2006"
        L.uses.append(use)
        guard let lo = d.low, let hi = d.high, hi > lo else { return Value(value: d.value, index: nil, unquantified: true) }
        let i = L.register(
            UncertainFactor(id: id, name: "\(name) of \(id.split(separator: "|").last ?? "")", kind: .factor, value: d.value, low: lo, high: hi))
        return Value(value: d.value, index: i, unquantified: false)
    }

    /// 2.F.1 refrigeration and air conditioning, emission-factor approach by application
    /// (Eqs 7.12–7.14): E = charged_new × k + bank × x + retired_charge × p × (1 − η_rec),
    /// per HFC (blends split by composition).
    func refrigerationUse(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        guard let raw = a.parameters["refrigerant"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            throw InventoryError(
                .missingValue, "refrigeration needs the refrigerant", field: "parameters",
                suggestion: "add refrigerant=HFC134a (or a blend: \(Self.refrigerantBlends.keys.sorted().joined(separator: ", ")))")
        }
        let blendKey = raw.uppercased().replacingOccurrences(of: "-", with: "")
        let components: [(gas: String, fraction: Double)]
        if let b = Self.refrigerantBlends[blendKey] {
            components = b
        } else {
            let g = Gas(raw)
            guard g.name.hasPrefix("HFC") || g.name.hasPrefix("PFC") || g.name == "SF6" || g.name.hasPrefix("HCFC") else {
                throw InventoryError(
                    .invalidParameter, "unknown refrigerant '\(raw)'", field: "parameters",
                    suggestion:
                        "give an HFC (HFC134a, HFC32, HFC125, HFC143a, …) or a blend (\(Self.refrigerantBlends.keys.sorted().joined(separator: ", ")))"
                )
            }
            components = [(g.name, 1)]
        }
        let bank = try L.amount(in: "t", name: "refrigerant bank")
        let app = a.item
        func p(_ key: String) throws -> Value {
            try L.param(key, unit: "1", DefaultRef(parameter: "refrigeration.\(key)", item: app), fraction: true)!
        }
        let x = try p("operation_emission")
        var total = bank * x
        var text = "bank \(fmt(bank.value)) t × x \(fmt(x.value))"
        let charged = try L.mass("charged_new")
        if charged > 0 {
            let k = try p("initial_emission")
            total = total + charged * Poly(k)
            text += " + charged \(fmt(charged)) t × k \(fmt(k.value))"
        }
        let retired = try L.mass("retired_charge")
        if retired > 0 {
            let rem = try p("remaining_charge")
            let eta = try p("recovery_efficiency")
            total = total + retired * (Poly(rem) * oneMinus(eta))
            text += " + retired \(fmt(retired)) t × p \(fmt(rem.value)) × (1 − η \(fmt(eta.value)))"
        }
        L.steps.append("refrigerant emitted = \(text) = \(fmt(total.value)) t (Eqs 7.12–7.14)")
        var out: [GasEmission] = []
        for c in components {
            let e = total * c.fraction
            if components.count > 1 { L.steps.append("\(c.gas) = \(fmt(c.fraction)) × \(fmt(total.value)) = \(fmt(e.value)) t") }
            out.append(try L.emission(Gas(c.gas), e))
        }
        return [L.source(out)]
    }

    /// 2.G.1 SF6 in electrical equipment, Tier 1 (Eq 8.1): manufacturing + installation + use + disposal
    /// = EF_m × consumption + EF_i × new capacity + EF_u × installed capacity + retired × remaining × (1 − recovery).
    /// The Table 8.2 factors are not bundled: give them.
    func sf6EquipmentUse(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let installed = try L.amount(in: "t", name: "installed nameplate capacity")
        let efu = try L.param("ef_use", unit: "1", nil, fraction: true)!
        var e = installed * efu
        var text = "installed \(fmt(installed.value)) t × \(fmt(efu.value))"
        let cons = try L.mass("manufacturer_consumption")
        if cons > 0 {
            let efm = try L.param("ef_manufacturing", unit: "1", nil, fraction: true)!
            e = e + cons * Poly(efm)
            text += " + manufacturing \(fmt(cons)) t × \(fmt(efm.value))"
        }
        let new = try L.mass("new_capacity")
        if new > 0 {
            let efi = try L.param("ef_installation", unit: "1", nil, fraction: true)!
            e = e + new * Poly(efi)
            text += " + installation \(fmt(new)) t × \(fmt(efi.value))"
        }
        let retired = try L.mass("retired_capacity")
        if retired > 0 {
            let rem = try L.param("remaining_fraction", unit: "1", nil, fraction: true)!
            let rec = try L.param("recovery_fraction", unit: "1", nil, required: false, fraction: true) ?? .exact(0)
            e = e + retired * (Poly(rem) * oneMinus(rec))
            text += " + retired \(fmt(retired)) t × \(fmt(rem.value)) × (1 − \(fmt(rec.value)))"
        }
        L.steps.append("SF6 = \(text) = \(fmt(e.value)) t (Eq 8.1)")
        return [L.source([try L.emission(.sf6, e)])]
    }
}
