import YuhengCore

/// AFOLU — livestock manure (IPCC Vol 4 Ch 10): 3.A.2 manure management CH4 and direct N2O, and
/// 3.C.6 indirect N2O from manure management. (3.A.1 enteric fermentation is in Cement.swift.)
extension InventoryEngine {
    static let n2oPerN = 44.0 / 28.0
    static let highProductivityRegions: Set<String> = ["north_america", "western_europe", "eastern_europe", "oceania"]

    /// Manure management of one livestock category in one system (share of its manure), Tier 1:
    /// - CH4 (2019R Eq 10.22A/10.23): N × AWMS × VS × EF_(T,S,k) / 10⁶ t, VS = VS_rate × TAM/1000 × 365
    ///   (or CH4 = N × AWMS × EF per head when `ef_ch4` is given, the 2006 Eq 10.22 form);
    /// - direct N2O (Eq 10.25): N × AWMS × Nex × EF3 × 44/28, Nex = N_rate × TAM/1000 × 365 (Eq 10.30);
    /// - indirect N2O (Eqs 10.26–10.29), reported as 3.C.6: N × AWMS × Nex × (Frac_Gas × EF4 + Frac_Leach × EF5) × 44/28.
    /// Manure on pasture, range and paddock gives CH4 here and N2O under managed soils (3.C.4, grazing).
    func manureManagement(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let n = try L.amount(in: "head", name: "animals")
        guard let system = L.text("system") else {
            throw InventoryError(
                .missingValue, "manure management needs the system", field: "parameters",
                suggestion:
                    "add system=\(MethodSpecs.manureSystems.prefix(8).joined(separator: "|"))|… (one line per system; share=… for its fraction of the manure)"
            )
        }
        let share = try L.param("share", unit: "1", nil, required: false, fraction: true) ?? .exact(1)
        var m = ManureLine(n: n, share: share, system: system, region: L.text("region"))
        var emissions = [try L.emission(.ch4, try manureCH4(&L, &m), origin: .biogenic)]
        // N2O (not for pasture: deposited N is a managed-soil input; not for manure burned for fuel: energy)
        var indirect: [GasEmission] = []
        if system == "pasture" || system == "burned" {
            L.steps.append(
                system == "pasture"
                    ? "N2O of manure on pasture, range and paddock is reported under managed soils (3.C.4, grazing)"
                    : "N2O of manure burned for fuel is reported under energy")
        } else {
            let (direct, ind) = try manureN2O(&L, &m)
            emissions.append(direct)
            indirect.append(ind)
        }
        var out = [L.source(emissions)]
        if !indirect.isEmpty { out.append(L.source(indirect, category: "3.C.6", idSuffix: " (indirect N2O)")) }
        return out
    }

    /// What the parts of a manure line share: animals, share of the manure, system, region, and the typical animal mass once read.
    struct ManureLine {
        let n: Value
        let share: Value
        let system: String
        let region: String?
        var tam: Value? = nil
    }

    /// The typical animal mass, needed for VS and Nex unless both are given (read once).
    func manureTAM(_ L: inout Line, _ m: inout ManureLine) throws -> Value {
        if let t = m.tam { return t }
        if L.a.parameters["tam"] == nil, m.region == nil {
            throw InventoryError(
                .missingValue, "the typical animal mass depends on the region", field: "parameters",
                suggestion: "add region=\(MethodSpecs.regions.joined(separator: "|")), or tam=… kg (and vs=…, nex=… per head)")
        }
        let t = try L.param("tam", unit: "kg", DefaultRef(parameter: "manure.tam", item: L.a.item, qualifier: m.region ?? ""))!
        m.tam = t
        return t
    }

    /// Excretion per head and year, kg: the line's `given` parameter (kg/head/yr), else the region's default
    /// `rate` (kg per 1000 kg animal mass per day, parameter `manure.<rate>`) × typical animal mass × 365 / 1000,
    /// as for VS and for N. Without either, a missing-value error naming `what` and `unit`.
    func excretion(_ L: inout Line, _ m: inout ManureLine, given: String, rate: String, label: String, what: String, unit: String) throws -> Poly {
        if let v = try L.param(given, unit: "kg/head/yr", nil, required: false) { return Poly(v) }
        guard let region = m.region else {
            throw InventoryError(
                .missingValue, "\(what) depends on the region", field: "parameters", suggestion: "add region=… or \(given)=… \(unit)")
        }
        let r = try L.param(rate, unit: "kg/t/d", DefaultRef(parameter: "manure.\(rate)", item: L.a.item, qualifier: region), label: label)!
        return r * (try manureTAM(&L, &m)) * (365.0 / 1000)
    }

    /// Manure CH4, t: N × AWMS × EF per head (`ef_ch4`, 2006 Eq 10.22) or N × AWMS × VS × EF (2019R Eq 10.22A).
    func manureCH4(_ L: inout Line, _ m: inout ManureLine) throws -> Poly {
        let (n, share) = (m.n, m.share)
        if let ef = try L.param("ef_ch4", unit: "kg/head/yr", nil, required: false) {
            let ch4 = n * share * Poly(ef) * 1e-3
            L.steps.append("CH4 = \(fmt(n.value)) head × \(fmt(share.value)) × \(fmt(ef.value)) kg/head/yr / 1000 = \(fmt(ch4.value)) t (Eq 10.22)")
            return ch4
        }
        guard L.guideline == .refinement2019 else {
            throw InventoryError(
                .missingFactor, "the 2006 Tier 1 manure CH4 factors (Tables 10.14–10.16) are not bundled", field: "parameters",
                suggestion: "give ef_ch4=… kg CH4/head/yr, or use guideline=2019R (VS × EF by system and climate)")
        }
        let item = L.a.item
        let vs = try excretion(
            &L, &m, given: "vs", rate: "vs_rate", label: "VS rate (kg VS/1000 kg/day)", what: "VS excretion", unit: "kg VS/head/yr")
        guard let climate = L.text("climate"), let moisture = L.text("moisture") ?? (L.text("climate") == "tropical_montane" ? "undefined" : nil)
        else {
            throw InventoryError(
                .missingValue, "the 2019R manure CH4 factor depends on the climate zone and moisture regime", field: "parameters",
                suggestion: "add climate=boreal|temperate_cool|temperate_warm|tropical_montane|tropical and moisture=dry|moist|wet (Table 10.14)")
        }
        let productivity = L.text("productivity") ?? (m.region.map { Self.highProductivityRegions.contains($0) } == true ? "high" : "low")
        let qual = "\(m.system):\(climate):\(climate == "tropical_montane" ? "undefined" : moisture)"
        var ref = DefaultRef(parameter: "manure.ef_ch4_vs", item: "\(item):\(productivity)", qualifier: qual)
        if engine(hasDefault: ref) == false { ref.item = "\(item):all" }
        let ef = try L.param("ef_ch4_vs", unit: "g/kg", ref)!
        let ch4 = n * share * vs * Poly(ef) * 1e-6
        L.steps.append(
            "VS = \(fmt(vs.value)) kg/head/yr; CH4 = \(fmt(n.value)) head × \(fmt(share.value)) × VS × \(fmt(ef.value)) g/kg VS / 10⁶ = \(fmt(ch4.value)) t (2019R Eq 10.22A, \(productivity) productivity, \(qual))"
        )
        return ch4
    }

    /// Direct (Eq 10.25) and indirect (Eqs 10.26–10.29) N2O of the manure N in the system.
    func manureN2O(_ L: inout Line, _ m: inout ManureLine) throws -> (direct: GasEmission, indirect: GasEmission) {
        let item = L.a.item, system = m.system
        let nex = try excretion(&L, &m, given: "nex", rate: "n_rate", label: "N rate (kg N/1000 kg/day)", what: "N excretion", unit: "kg N/head/yr")
        let nSys = m.n * m.share * nex
        let ef3 = try L.param("ef3", unit: "kg/kg", DefaultRef(parameter: "manure.ef3", item: system))!
        let direct = nSys * ef3 * (Self.n2oPerN / 1000)
        L.steps.append(
            "N in system = \(fmt(nSys.value)) kg N (Nex \(fmt(nex.value)) kg/head/yr); direct N2O = × EF3 \(fmt(ef3.value)) × 44/28 / 1000 = \(fmt(direct.value)) t (Eq 10.25)"
        )
        let directEmission = try L.emission(.n2o, direct, origin: .biogenic)
        let group = Self.manureGroup(item)
        let fracGas = try L.param(
            "frac_gas", unit: "1", DefaultRef(parameter: "manure.frac_gas", item: group, qualifier: system), fraction: true)!
        let fracLeach = try L.param(
            "frac_leach", unit: "1", DefaultRef(parameter: "manure.frac_leach", item: group, qualifier: system), fraction: true)!
        let moisture = L.text("moisture")
        let ef4Ref = DefaultRef(
            parameter: "n2o.ef4", item: L.guideline == .refinement2019 && (moisture == "wet" || moisture == "dry") ? moisture! : "")
        let ef4 = try L.param("ef4", unit: "kg/kg", ef4Ref)!
        let ef5 = try L.param("ef5", unit: "kg/kg", DefaultRef(parameter: "n2o.ef5"))!
        let vol = nSys * Poly(fracGas) * Poly(ef4) * (Self.n2oPerN / 1000)
        let leach = nSys * Poly(fracLeach) * Poly(ef5) * (Self.n2oPerN / 1000)
        L.steps.append(
            "indirect N2O = N × (Frac_Gas \(fmt(fracGas.value)) × EF4 \(fmt(ef4.value)) + Frac_Leach \(fmt(fracLeach.value)) × EF5 \(fmt(ef5.value))) × 44/28 / 1000 = \(fmt(vol.value + leach.value)) t (Eqs 10.26–10.29, category 3.C.6)"
        )
        return (directEmission, try L.emission(.n2o, vol + leach, origin: .biogenic))
    }

    func engine(hasDefault ref: DefaultRef) -> Bool {
        factors.tier1Default(.refinement2019, ref.parameter, item: ref.item, qualifier: ref.qualifier) != nil
    }

    /// The animal group of the Frac_Gas / Frac_Leach tables (2019R Table 10.22).
    static func manureGroup(_ item: String) -> String {
        switch item {
        case "market_swine", "breeding_swine": return "swine"
        case "layers", "broilers", "turkeys", "ducks": return "poultry"
        default: return item
        }
    }
}
