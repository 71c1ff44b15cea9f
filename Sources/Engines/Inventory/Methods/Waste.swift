import Foundation
import YuhengCore

/// Waste (IPCC Vol 5): 4.A solid waste disposal (first order decay), 4.B biological treatment,
/// 4.C incineration and open burning, 4.D wastewater treatment and discharge.
extension InventoryEngine {
    // MARK: 4.A solid waste disposal — first order decay

    /// One deposit of a disposal series, with its parameters resolved.
    struct Deposit {
        var year: Int
        var line: Line
        var w: Value
        var doc: Value
        var docf: Value
        var mcf: Value
        var f: Value
        var k: Value
        var ox: Value
        var recovered: Double
        /// DDOCm deposited (t) × F × 16/12: the CH4 this deposit can generate in all.
        var ch4Potential: Double { w.value * doc.value * docf.value * mcf.value * f.value * 16 / 12 }
    }

    func deposit(_ a: Activity) throws -> Deposit {
        var L = try Line(self, a)
        guard let year = a.year else {
            throw InventoryError(
                .missingValue, "solid waste disposal (first order decay) needs the year of each disposal", field: "year",
                suggestion: "add a year column with one line per year of disposal (the FOD model needs the disposal history)")
        }
        let w = try L.amount(in: "t", name: "waste deposited")
        let item = a.item
        let climate = L.text("climate"), moisture = L.text("moisture")
        let site = L.text("site") ?? "uncategorised"
        let doc = try L.param("doc", unit: "1", DefaultRef(parameter: "landfill.doc", item: item), fraction: true)!
        let docf = try L.param(
            "docf", unit: "1", DefaultRef(parameter: "landfill.docf", item: L.guideline == .refinement2019 ? item : ""), fraction: true)!
        let mcf = try L.param("mcf", unit: "1", DefaultRef(parameter: "landfill.mcf", item: site), fraction: true)!
        let f = try L.param("f", unit: "1", DefaultRef(parameter: "landfill.f"), fraction: true)!
        let k: Value
        if a.parameters["k"] != nil {
            k = try L.param("k", unit: "1/yr", nil)!
        } else {
            guard let climate, let moisture else {
                throw InventoryError(
                    .missingValue, "the decay rate k depends on the climate zone and moisture regime", field: "parameters",
                    suggestion: "add climate=boreal_temperate|tropical and moisture=dry|wet (Table 3.3), or k=… per year")
            }
            k = try L.param("k", unit: "1/yr", DefaultRef(parameter: "landfill.k", item: item, qualifier: "\(climate):\(moisture)"))!
        }
        let ox = try L.param("ox", unit: "1", DefaultRef(parameter: "landfill.ox", item: L.text("cover") ?? "none"), fraction: true)!
        let r = try L.mass("recovered_ch4")
        return Deposit(year: year, line: L, w: w, doc: doc, docf: docf, mcf: mcf, f: f, k: k, ox: ox, recovered: r)
    }

    /// The first order decay model (IPCC 2006 Vol 5 Eqs 3.1–3.6) for one disposal series (lines with
    /// the same id, one per year of disposal, consecutive years), reported for every year asked:
    /// DDOCm_x = W_x × DOC × DOCf × MCF; the deposit of year x decays from year x+1:
    /// decomposed in year T = DDOCm_x × (e^(−k(T−x−1)) − e^(−k(T−x))) (Eqs 3.4, 3.5);
    /// CH4 generated = decomposed × F × 16/12 (Eq 3.6); CH4 emitted = (Σ generated − R_T) × (1 − OX_T) (Eq 3.1).
    /// Each deposit keeps its own parameters (a site that changes type changes MCF for new waste only).
    func firstOrderDecay(_ lines: [Activity], years: [Int]) throws -> [Int: SourceResult] {
        var deposits: [Deposit] = []
        for a in lines.sorted(by: { ($0.year ?? 0) < ($1.year ?? 0) }) {
            do { deposits.append(try deposit(a)) } catch let e as InventoryError { throw e.located(file: nil, line: a.line) }
        }
        guard deposits.first != nil else { return [:] }
        try Self.checkDisposalSeries(deposits)
        let first = deposits.first!
        var out: [Int: SourceResult] = [:]
        for T in years where T >= first.year { out[T] = try fodYear(T, deposits) }
        return out
    }

    /// A disposal series has one line per year, consecutive years, and one waste type and category.
    static func checkDisposalSeries(_ deposits: [Deposit]) throws {
        guard let first = deposits.first else { return }
        for (prev, next) in zip(deposits, deposits.dropFirst()) {
            if next.year == prev.year {
                throw InventoryError(
                    .invalidParameter, "the disposal series '\(first.line.a.id)' has two lines for \(next.year)", field: "year",
                    suggestion: "give one line per year and waste type (sum the amounts), or give the lines different ids", line: next.line.a.line)
            }
            if next.year != prev.year + 1 {
                throw InventoryError(
                    .invalidParameter,
                    "the disposal series '\(first.line.a.id)' has no line for \(prev.year + 1)\(next.year > prev.year + 2 ? "–\(next.year - 1)" : "") (between \(prev.year) and \(next.year)): the first order decay model needs every year of disposal",
                    field: "year", suggestion: "add a line for each missing year (amount 0 if nothing was deposited)", line: next.line.a.line)
            }
            if next.line.a.item != prev.line.a.item || next.line.a.category != prev.line.a.category {
                throw InventoryError(
                    .invalidParameter, "the disposal series '\(first.line.a.id)' changes its waste type or category in \(next.year)", field: "item",
                    suggestion: "give each waste type its own id", line: next.line.a.line)
            }
        }
    }

    /// The CH4 emitted in year `T` by a checked disposal series (deposits sorted by year, `T` ≥ the first year).
    func fodYear(_ T: Int, _ deposits: [Deposit]) throws -> SourceResult {
        let first = deposits.first!, last = deposits.last!
        let current = deposits.first { $0.year == T } ?? last
        let ox = T <= last.year ? current.ox : last.ox
        let (monos, generated, unquantified, factors) = Self.decayTerms(T, deposits)
        let r = T <= last.year ? current.recovered : 0
        guard r <= generated * (1 + 1e-12) else {
            throw InventoryError(
                .invalidParameter,
                "recovered_ch4 (\(fmt(r)) t) exceeds the CH4 generated in \(T) (\(fmt(generated)) t) by the series '\(first.line.a.id)'",
                field: "parameters", suggestion: "check recovered_ch4 (t CH4 recovered from this waste in the year)", line: current.line.a.line)
        }
        var poly = Poly(monos)
        if r > 0 { poly = poly - Poly(constant: r) }
        // OX has no range in Table 3.2: it is applied as a value, not propagated as an uncertain input
        poly = poly * oneMinus(Value.exact(ox.value))
        for i in poly.monos.indices where unquantified { poly.monos[i].unquantified = true }
        var L = current.line
        L.factors = factors
        L.steps = [
            "first order decay of the deposits \(first.year)–\(min(T - 1, last.year)) of '\(first.line.a.id)' (\(first.line.a.item)): CH4 generated in \(T) = \(fmt(generated)) t (Eqs 3.4–3.6)",
            "DDOCm of \(current.year) = \(fmt(current.w.value)) t × DOC \(fmt(current.doc.value)) × DOCf \(fmt(current.docf.value)) × MCF \(fmt(current.mcf.value)); k = \(fmt(current.k.value))/yr; F = \(fmt(current.f.value))",
            "CH4 emitted = (\(fmt(generated)) − R \(fmt(r))) × (1 − OX \(fmt(ox.value))) = \(fmt(poly.value)) t (Eq 3.1)"
        ]
        if T > last.year { L.steps.append("no disposal after \(last.year): the deposits keep decaying") }
        let e = try L.emission(.ch4, poly, origin: .biogenic)
        var s = L.source([e])
        if T > last.year { s.line = last.line.a.line }
        return s
    }

    /// The CH4 generated in year `T` by every earlier deposit (Eqs 3.4–3.6), as terms over the inputs of the year's
    /// result (every deposit's inputs, merged by id), with the total and whether an input has no range.
    static func decayTerms(_ T: Int, _ deposits: [Deposit]) -> (monos: [Poly.Mono], generated: Double, unquantified: Bool, factors: [UncertainFactor])
    {
        var factors: [UncertainFactor] = []
        var index: [String: Int] = [:]
        func global(_ d: Deposit, _ v: Value) -> Int? {
            guard let i = v.index else { return nil }
            let f = d.line.factors[i]
            if let g = index[f.id] { return g }
            factors.append(f)
            index[f.id] = factors.count - 1
            return factors.count - 1
        }
        var monos: [Poly.Mono] = []
        var generated = 0.0
        var unquantified = false
        for d in deposits where d.year < T {
            let age = T - d.year
            let share = EmissionTerm.decayShare(k: d.k.value, age: age)
            let c = d.ch4Potential * share
            generated += c
            var powers: [Int: Double] = [:]
            for v in [d.w, d.doc, d.docf, d.mcf, d.f] {
                if let g = global(d, v) { powers[g, default: 0] += 1 }
                if v.unquantified { unquantified = true }
            }
            if d.k.unquantified { unquantified = true }
            let decay = global(d, d.k).map { EmissionTerm.Decay(factor: $0, k: d.k.value, age: age) }
            monos.append(Poly.Mono(c: c, powers: powers, decay: decay, unquantified: false))
        }
        return (monos, generated, unquantified, factors)
    }

    // MARK: 4.B biological treatment

    /// Composting and anaerobic digestion (Eqs 4.1, 4.2): CH4 = M × EF × 10⁻³ − R, N2O = M × EF × 10⁻³ (EF g/kg).
    func biologicalTreatment(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let basis = L.text("basis") ?? "wet"
        let m = try L.amount(in: "t", name: "waste treated (\(basis) weight)")
        let efc = try L.param("ef_ch4", unit: "g/kg", DefaultRef(parameter: "biological_treatment.ef_ch4", item: a.item, qualifier: basis))!
        let efn = try L.param("ef_n2o", unit: "g/kg", DefaultRef(parameter: "biological_treatment.ef_n2o", item: a.item, qualifier: basis))!
        var ch4 = m * efc * 1e-3
        let r = try L.mass("recovered_ch4")
        if r > 0 {
            guard r <= ch4.value * (1 + 1e-12) else {
                throw InventoryError(.invalidParameter, "recovered_ch4 exceeds the CH4 generated", field: "parameters")
            }
            ch4 = ch4 - Poly(constant: r)
        }
        let n2o = m * efn * 1e-3
        L.steps.append(
            "CH4 = \(fmt(m.value)) t × \(fmt(efc.value)) g/kg / 1000 − \(fmt(r)) = \(fmt(ch4.value)) t (Eq 4.1); N2O = \(fmt(m.value)) t × \(fmt(efn.value)) g/kg / 1000 = \(fmt(n2o.value)) t (Eq 4.2)"
        )
        return [L.source([try L.emission(.ch4, ch4, origin: .biogenic), try L.emission(.n2o, n2o, origin: .biogenic)])]
    }

    // MARK: 4.C incineration and open burning

    /// Incineration (4.C.1) and open burning (4.C.2), Tier 1:
    /// fossil CO2 = W × dm × CF × FCF × OF × 44/12 (Eq 5.1; the non-fossil part is a memo item);
    /// CH4 = W × EF_CH4 × 10⁻⁶, N2O = W × EF_N2O × 10⁻⁶ (Eqs 5.4, 5.5; EF in kg/Gg = g/t of wet waste).
    func wasteCombustion(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        let open = a.method == .openBurning
        let kind = open ? "open_burning" : "incineration"
        let w = try L.amount(in: "t", name: "waste \(open ? "burnt in the open" : "incinerated") (wet weight)")
        let item = a.item
        let dm = try L.param("dm", unit: "1", DefaultRef(parameter: "waste.dm", item: item), fraction: true)!
        let cf = try L.param("cf", unit: "1", DefaultRef(parameter: "waste.cf", item: item), fraction: true)!
        let fcf = try L.param("fcf", unit: "1", DefaultRef(parameter: "waste.fcf", item: item), fraction: true)!
        let of = try L.param("of", unit: "1", DefaultRef(parameter: "\(kind).of"), fraction: true)!
        let carbon = w * dm * Poly(cf) * Poly(of) * (44.0 / 12.0)
        let fossil = carbon * Poly(fcf)
        let bio = carbon * oneMinus(fcf)
        L.steps.append(
            "CO2 = \(fmt(w.value)) t × dm \(fmt(dm.value)) × CF \(fmt(cf.value)) × OF \(fmt(of.value)) × 44/12 = \(fmt(carbon.value)) t, of which fossil (FCF \(fmt(fcf.value))) \(fmt(fossil.value)) t (Eq 5.1)"
        )
        let tech = open ? "" : (L.text("technology") ?? "unspecified")
        let efc = try L.param(
            "ef_ch4", unit: "kg/Gg", DefaultRef(parameter: "\(kind).ef_ch4", item: open ? "" : Self.wasteClass(item), qualifier: tech))!
        let efn = try L.param("ef_n2o", unit: "kg/Gg", DefaultRef(parameter: "\(kind).ef_n2o", item: open ? item : Self.wasteClass(item)))!
        let ch4 = w * efc * 1e-6
        let n2o = w * efn * 1e-6
        L.steps.append(
            "CH4 = \(fmt(w.value)) t × \(fmt(efc.value)) kg/Gg / 10⁶ = \(fmt(ch4.value)) t (Eq 5.4); N2O = \(fmt(w.value)) t × \(fmt(efn.value)) kg/Gg / 10⁶ = \(fmt(n2o.value)) t (Eq 5.5)"
        )
        var out = [try L.emission(.co2, fossil), try L.emission(.ch4, ch4, origin: .fossil), try L.emission(.n2o, n2o)]
        if bio.value > 0 { out.append(try L.emission(.co2, bio, origin: .biogenic, memo: true)) }
        return [L.source(out)]
    }

    /// Waste class of the CH4 / N2O incineration factors: municipal (Table 5.3 by technology), industrial, sludge.
    static func wasteClass(_ item: String) -> String {
        if item.hasPrefix("msw") { return "msw" }
        if item == "sludge_dom" || item == "sludge_ind" { return item }
        return "isw"
    }

    // MARK: 4.D wastewater

    static let collectedPathways: Set<String> = [
        "stagnant_sewer", "flowing_sewer", "aerobic_well_managed", "aerobic_not_well_managed", "anaerobic_digester",
        "anaerobic_reactor", "anaerobic_lagoon_shallow", "anaerobic_lagoon_deep", "aerobic_centralised"
    ]

    /// BOD per person and day: the line's `bod`, else the Table 6.4 default of its `region`.
    static func bodPerPerson(_ L: inout Line) throws -> Value {
        let region = L.text("region")
        guard region != nil || L.a.parameters["bod"] != nil else {
            throw InventoryError(
                .missingValue, "domestic wastewater needs the BOD per person: bod, or the region of the Table 6.4 default", field: "parameters",
                suggestion: "add region=europe (or africa, asia, latin_america, middle_east, oceania, or a country of Table 6.4 such as "
                    + "united_states, japan, india) or bod=… g/person/day")
        }
        return try L.param("bod", unit: "g/person/day", region.map { DefaultRef(parameter: "wastewater.bod", item: $0) })!
    }

    /// Domestic (Eqs 6.1–6.3) and industrial (Eqs 6.4–6.6) wastewater CH4, and domestic N2O
    /// (effluent, Eqs 6.7–6.8; centralised plants, Eq 6.9 in 2006 or the 2019R N-based factor).
    /// One line per pathway: `share` is the fraction of the population (or of the industry's
    /// wastewater) on it.
    func wastewater(_ a: Activity) throws -> [SourceResult] {
        var L = try Line(self, a)
        guard let pathway = L.text("pathway") else {
            throw InventoryError(
                .missingValue, "wastewater needs the treatment or discharge pathway", field: "parameters",
                suggestion:
                    "add pathway=septic (or flowing_sewer, aerobic_well_managed, anaerobic_lagoon_deep, untreated_sea_river_lake, …) and share=…")
        }
        let share = try L.param("share", unit: "1", nil, required: false, fraction: true) ?? .exact(1)
        let mcf = try L.param("mcf", unit: "1", DefaultRef(parameter: "wastewater.mcf", item: pathway), fraction: true)!
        let emissions =
            a.item == "domestic"
            ? try domesticWastewater(&L, pathway: pathway, share: share, mcf: mcf)
            : try industrialWastewater(&L, share: share, mcf: mcf)
        return [L.source(emissions)]
    }

    /// Domestic CH4 (Eqs 6.1–6.3) and, with `protein`, N2O (Eqs 6.7–6.9).
    func domesticWastewater(_ L: inout Line, pathway: String, share: Value, mcf: Value) throws -> [GasEmission] {
        guard L.a.unit.dimension == .count else {
            throw InventoryError(.unitMismatch, "domestic wastewater needs the population", field: "unit", suggestion: "give the unit person")
        }
        let p = try L.amount(in: "person", name: "population")
        let bod = try Self.bodPerPerson(&L)
        let i = try L.param(
            "industrial_correction", unit: "1",
            DefaultRef(
                parameter: "wastewater.industrial_correction",
                item: Self.collectedPathways.contains(pathway) ? "collected" : "uncollected"))!
        let bo = try L.param("bo", unit: "kg/kg", DefaultRef(parameter: "wastewater.bo", item: "bod"))!
        let tow = p * share * Poly(bod) * Poly(i) * (0.001 * 365)
        L.steps.append(
            "TOW = \(fmt(p.value)) persons × \(fmt(share.value)) × \(fmt(bod.value)) g/day × 0.001 × \(fmt(i.value)) × 365 = \(fmt(tow.value)) kg BOD (Eq 6.3)"
        )
        let ch4 = try Self.wastewaterCH4(&L, tow: tow, bo: bo, mcf: mcf)
        L.steps.append(
            "CH4 = (TOW − S) × Bo \(fmt(bo.value)) × MCF \(fmt(mcf.value)) / 1000 − R = \(fmt(ch4.value)) t (Eqs 6.1, 6.2, pathway \(pathway))")
        var emissions = [try L.emission(.ch4, ch4, origin: .biogenic)]
        if let n2o = try domesticWastewaterN2O(&L, population: p, share: share) {
            emissions.append(try L.emission(.n2o, n2o, origin: .biogenic))
        } else {
            L.steps.append("N2O not computed: give protein=… kg/person/yr (Eq 6.7)")
        }
        return emissions
    }

    /// CH4 = (TOW − S) × Bo × MCF / 1000 − R, t (Eqs 6.1, 6.4): TOW in kg BOD or COD, S and R from the line.
    static func wastewaterCH4(_ L: inout Line, tow: Poly, bo: Value, mcf: Value) throws -> Poly {
        var ch4 = tow * Poly(bo) * Poly(mcf) * 1e-3
        let s = try L.mass("sludge_removed"), r = try L.mass("recovered_ch4")
        if s > 0 { ch4 = ch4 - Poly(constant: s * 1000) * Poly(bo) * Poly(mcf) * 1e-3 }
        if r > 0 { ch4 = ch4 - Poly(constant: r) }
        guard ch4.value >= -1e-9 else {
            throw InventoryError(.invalidParameter, "sludge_removed and recovered_ch4 exceed the organics in the wastewater", field: "parameters")
        }
        return ch4
    }

    /// Domestic N2O, t: effluent (Eqs 6.7, 6.8) plus centralised plants (2006 Eq 6.9, or the 2019R N-based factor); nil without `protein`.
    func domesticWastewaterN2O(_ L: inout Line, population p: Value, share: Value) throws -> Poly? {
        guard let protein = try L.param("protein", unit: "kg/person/yr", nil, required: false) else { return nil }
        let fnpr = try L.param("f_npr", unit: "1", DefaultRef(parameter: "wastewater.f_npr"), fraction: true)!
        let fnc = try L.param("f_non_con", unit: "1", DefaultRef(parameter: "wastewater.f_non_con"))!
        let fic = try L.param("f_ind_com", unit: "1", DefaultRef(parameter: "wastewater.f_ind_com"))!
        let nIn = p * share * Poly(protein) * Poly(fnpr) * Poly(fnc) * Poly(fic)
        var nEff = nIn
        let ns = try L.mass("n_sludge")
        if ns > 0 { nEff = nEff - Poly(constant: ns * 1000) }
        let efE = try L.param("ef_effluent", unit: "kg/kg", DefaultRef(parameter: "wastewater.ef_effluent"))!
        var n2o = nEff * efE * (Self.n2oPerN / 1000)
        L.steps.append(
            "N in effluent = \(fmt(p.value)) × \(fmt(share.value)) × \(fmt(protein.value)) kg × \(fmt(fnpr.value)) × \(fmt(fnc.value)) × \(fmt(fic.value)) − \(fmt(ns * 1000)) = \(fmt(nEff.value)) kg N; N2O = × \(fmt(efE.value)) × 44/28 / 1000 = \(fmt(n2o.value)) t (Eqs 6.7, 6.8)"
        )
        if let ps = try L.param("plant_share", unit: "1", nil, required: false, fraction: true), ps.value > 0 {
            let plants: Poly
            if L.guideline == .refinement2019 {
                let ef = try L.param("ef_plant_n", unit: "kg/kg", DefaultRef(parameter: "wastewater.ef_plant_n"))!
                plants = nIn * Poly(ps) * Poly(ef) * (Self.n2oPerN / 1000)
                L.steps.append(
                    "N2O from plants = \(fmt(nIn.value)) kg N × \(fmt(ps.value)) × \(fmt(ef.value)) × 44/28 / 1000 = \(fmt(plants.value)) t (2019R Table 6.8A)"
                )
            } else {
                let ef = try L.param("ef_plant", unit: "g/person/yr", DefaultRef(parameter: "wastewater.ef_plant"))!
                plants = p * share * Poly(ps) * Poly(fic) * Poly(ef) * 1e-6
                L.steps.append(
                    "N2O from plants = \(fmt(p.value)) × \(fmt(share.value)) × \(fmt(ps.value)) × \(fmt(fic.value)) × \(fmt(ef.value)) g / 10⁶ = \(fmt(plants.value)) t (Eq 6.9)"
                )
            }
            n2o = n2o + plants
        }
        return n2o
    }

    /// Industrial CH4 (Eqs 6.4–6.6): TOW = P × W × COD of the industry (Table 6.9) or from the line.
    func industrialWastewater(_ L: inout Line, share: Value, mcf: Value) throws -> [GasEmission] {
        let a = L.a
        guard a.unit.dimension == .mass else {
            throw InventoryError(.unitMismatch, "industrial wastewater needs the product made (mass)", field: "unit")
        }
        let prod = try L.amount(in: "t", name: "product made")
        let industry = L.text("industry") ?? ""
        if industry.isEmpty && (a.parameters["wastewater_per_t"] == nil || a.parameters["cod"] == nil) {
            throw InventoryError(
                .missingValue, "industrial wastewater needs the industry (Table 6.9) or wastewater_per_t and cod", field: "parameters",
                suggestion: "add industry=dairy (or beer_malt, meat_poultry, pulp_paper, …)")
        }
        let w = try L.param("wastewater_per_t", unit: "m3/t", DefaultRef(parameter: "wastewater.wastewater_per_t", item: industry))!
        let cod = try L.param("cod", unit: "kg/m3", DefaultRef(parameter: "wastewater.cod", item: industry))!
        let bo = try L.param("bo", unit: "kg/kg", DefaultRef(parameter: "wastewater.bo", item: "cod"))!
        let tow = prod * share * Poly(w) * Poly(cod)
        let ch4 = try Self.wastewaterCH4(&L, tow: tow, bo: bo, mcf: mcf)
        L.steps.append(
            "TOW = \(fmt(prod.value)) t × \(fmt(share.value)) × \(fmt(w.value)) m3/t × \(fmt(cod.value)) kg COD/m3 = \(fmt(tow.value)) kg COD (Eq 6.6); CH4 = (TOW − S) × Bo \(fmt(bo.value)) × MCF \(fmt(mcf.value)) / 1000 − R = \(fmt(ch4.value)) t (Eqs 6.4, 6.5)"
        )
        return [try L.emission(.ch4, ch4, origin: .biogenic)]
    }
}
