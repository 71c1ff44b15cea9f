import YuhengCore

/// The production-based inventory engine: IPCC 2006 Tier 1 methods (2019 Refinement where the
/// factor tables say so), pure and deterministic.
///
/// ```swift
/// let engine = InventoryEngine(factors: factors, gwp: try gwpLibrary.set(named: "AR5"))
/// let activities = try ActivityFile.parseCSV(text, fileName: "ipcc-1.csv")
/// let result = try engine.compute(activities)
/// result.totalCO2eTonnes   // 301 320.29 for the IPCC-1 worked example
/// ```
public struct InventoryEngine: Sendable {
    /// The default factors the Tier 1 methods look up.
    public let factors: InventoryFactors
    /// The GWP set CO2 equivalents are computed with, e.g. AR5 GWP100.
    public let gwp: GWPSet

    /// An engine over `factors`, reporting CO2e with `gwp`.
    public init(factors: InventoryFactors, gwp: GWPSet) {
        self.factors = factors
        self.gwp = gwp
    }

    /// Computes the inventory. Errors name the activity (id and line) and the field.
    /// `additionalSources` are results computed elsewhere for the same year (the first order decay
    /// of solid waste disposal, which needs the whole disposal history: see ``computeSeries(_:fileName:options:)``).
    public func compute(_ activities: [Activity], fileName: String? = nil, additionalSources: [SourceResult] = []) throws -> InventoryResult {
        if Set(activities.compactMap(\.year)).count > 1 {
            throw InventoryError(
                .invalidParameter, "the activities cover several years; compute them as a time series", field: "year",
                suggestion: "use computeSeries (the command line does this), or give one year", file: fileName)
        }
        var (sources, reference, warnings) = try computeActivities(activities, fileName: fileName)
        sources += additionalSources
        var usedDatasets = Set<String>()
        for s in sources { for f in s.factors where f.source != "user" { usedDatasets.insert(f.source) } }
        if !reference.isEmpty { usedDatasets.insert("ipcc2006-fuels") }

        let t = Totals(sources)
        if !t.unquantified.isEmpty {
            warnings.append(
                "\(t.unquantified.count) source-gas pairs have no uncertainty range and are left out of the Approach 1 propagation (\(t.unquantified.prefix(5).joined(separator: ", "))\(t.unquantified.count > 5 ? ", …" : "")); give ef_uncertainty_pct, ch4_uncertainty_pct or n2o_uncertainty_pct to include them"
            )
        }
        if let u = t.uncertainty, u > 50 {
            warnings.append(
                "the combined uncertainty (\(String(format: "%.1f", u)) %) exceeds the ~50 % limit of Approach 1; use Monte Carlo (Approach 2)")
        }
        let refVsSectoral = Self.referenceVsSectoral(reference, sources, warnings: &warnings)
        try Self.requireFiniteSums(t, refVsSectoral: refVsSectoral, fileName: fileName)
        let datasets = usedDatasets.sorted().map { factors.provenance[$0] ?? Provenance(datasetID: $0, version: "", source: "", licence: "") }
        return InventoryResult(
            gwp: gwp.description, totalCO2eTonnes: t.total, byGasTonnes: t.byGas, byGasCO2eTonnes: t.byGasCO2e,
            byCategory: t.byCategory, uncertaintyPercent: t.uncertainty,
            uncertaintyCoverage: t.total == 0 ? 0 : t.quantified / t.total, uncertaintyUnquantified: t.unquantified,
            memo: t.memo, referenceApproach: reference, referenceVsSectoralPercent: refVsSectoral,
            sources: sources, datasets: datasets, warnings: warnings)
    }

    /// Every activity through its method, in file order: the sources, the reference-approach lines and the warnings.
    func computeActivities(_ activities: [Activity], fileName: String?) throws -> (
        sources: [SourceResult], reference: [ReferenceApproachResult], warnings: [String]
    ) {
        var sources: [SourceResult] = []
        var reference: [ReferenceApproachResult] = []
        var warnings: [String] = []
        for a in activities {
            do {
                for w in try MethodSpecs.validate(a) { warnings.append(w.located(file: fileName, line: a.line).description) }
                switch a.method {
                case .stationary: sources.append(try stationary(a))
                case .mobile: sources.append(try mobile(a))
                case .cement: sources.append(try cement(a))
                case .enteric: sources.append(try enteric(a))
                case .reference: reference.append(try referenceApproach(a))
                default: sources.append(contentsOf: try tier1(a))
                }
                // An amount such as 1e308 Gg overflows: say so for this activity, not "inf t" in the total.
                if a.method == .reference, let r = reference.last {
                    try Self.requireFinite(
                        [r.apparentConsumptionTonnes, r.energyTJ, r.carbonTonnes, r.excludedCarbonTonnes, r.co2Tonnes], activity: a)
                } else if let s = sources.last {
                    try Self.requireFinite(
                        [s.energyTJ ?? 0] + s.emissions.flatMap { [$0.tonnes, $0.co2eTonnes, $0.uncertaintyPercent ?? 0] }, activity: a)
                }
            } catch var e as InventoryError {
                if e.file == nil { e.file = fileName }
                if e.line == nil { e.line = a.line }
                if e.line == nil {
                    e = InventoryError(e.code, "activity '\(a.id)': \(e.message)", field: e.field, suggestion: e.suggestion, file: e.file)
                }
                throw e
            }
        }
        return (sources, reference, warnings)
    }

    /// The totals of a set of sources: by gas and category, memo items, and the Approach 1 uncertainty (Eq 3.2).
    struct Totals {
        var byGas: [String: Double] = [:]
        var byGasCO2e: [String: Double] = [:]
        var byCategory: [String: CategoryTotal] = [:]
        var unquantified: [String] = []
        var quantified = 0.0
        var total = 0.0
        var uncertainty: Double? = nil
        var memo = MemoItems(biogenicCO2Tonnes: 0, internationalBunkersCO2eTonnes: 0, internationalBunkersByGasTonnes: [:])

        init(_ sources: [SourceResult]) {
            var categoryTerms: [String: [(value: Double, uncertainty: Double)]] = [:]
            var allTerms: [(value: Double, uncertainty: Double)] = []
            for s in sources {
                for e in s.emissions {
                    if e.memo { memo.biogenicCO2Tonnes += e.tonnes; continue }
                    if e.note != nil { continue } // shown but not counted (CO, an indirect gas)
                    if s.memo != nil {
                        memo.internationalBunkersCO2eTonnes += e.co2eTonnes
                        memo.internationalBunkersByGasTonnes[e.gas.name, default: 0] += e.tonnes
                        continue
                    }
                    add(e, of: s)
                    if let u = e.uncertaintyPercent {
                        allTerms.append((e.co2eTonnes, u))
                        categoryTerms[s.category, default: []].append((e.co2eTonnes, u))
                        quantified += e.co2eTonnes
                    } else if e.co2eTonnes != 0 {
                        unquantified.append("\(s.id) \(e.gas.name)")
                    }
                }
            }
            for (k, terms) in categoryTerms {
                // Eq 3.2 numerator over quantified terms, relative to the whole category total.
                if let t = byCategory[k]?.co2eTonnes, t != 0 { byCategory[k]?.uncertaintyPercent = Self.eq32Numerator(terms) / abs(t) }
            }
            if !allTerms.isEmpty, total != 0 { uncertainty = Self.eq32Numerator(allTerms) / abs(total) }
        }

        mutating func add(_ e: GasEmission, of s: SourceResult) {
            total += e.co2eTonnes
            byGas[e.gas.name, default: 0] += e.tonnes
            byGasCO2e[e.gas.name, default: 0] += e.co2eTonnes
            var c = byCategory[s.category] ?? CategoryTotal(name: s.categoryName, co2eTonnes: 0, byGasTonnes: [:], uncertaintyPercent: nil)
            c.co2eTonnes += e.co2eTonnes
            c.byGasTonnes[e.gas.name, default: 0] += e.tonnes
            byCategory[s.category] = c
        }

        /// √Σ (x·U)², the numerator of Eq 3.2.
        static func eq32Numerator(_ terms: [(value: Double, uncertainty: Double)]) -> Double {
            terms.reduce(0) { $0 + ($1.value * $1.uncertainty) * ($1.value * $1.uncertainty) }.squareRoot()
        }
    }

    /// Reference vs sectoral approach for fuel-combustion CO2, in % (nil without both); a warning beyond ±5 %.
    static func referenceVsSectoral(_ reference: [ReferenceApproachResult], _ sources: [SourceResult], warnings: inout [String]) -> Double? {
        guard !reference.isEmpty else { return nil }
        let refCO2 = reference.reduce(0) { $0 + $1.co2Tonnes }
        let sectoral = sources.filter { ($0.method == .stationary || $0.method == .mobile) && $0.memo == nil }
            .flatMap(\.emissions).filter { $0.gas == .co2 && !$0.memo }.reduce(0) { $0 + $1.tonnes }
        guard sectoral > 0 else { return nil }
        let d = (refCO2 - sectoral) / sectoral * 100
        if abs(d) > 5 {
            warnings.append(
                String(
                    format:
                        "the reference approach differs from the sectoral approach by %.1f %% (more than ±5 %%): explain the difference (IPCC Vol 2 Ch 6)",
                    d))
        }
        return d
    }

    /// Each activity is finite, but their sum may still overflow.
    static func requireFiniteSums(_ t: Totals, refVsSectoral: Double?, fileName: String?) throws {
        let sums: [(String, Double?)] =
            [
                ("total_co2e_t", t.total), ("uncertainty_pct", t.uncertainty), ("memo.biogenic_co2_t", t.memo.biogenicCO2Tonnes),
                ("memo.international_bunkers_co2e_t", t.memo.internationalBunkersCO2eTonnes), ("reference_vs_sectoral_pct", refVsSectoral)
            ]
            + t.byCategory.sorted { $0.key < $1.key }.map { ("by_category.\($0.key).co2e_t", $0.value.co2eTonnes) }
        for (name, v) in sums {
            if let v, !v.isFinite {
                throw InventoryError(
                    .invalidNumber, "the \(name) is not a finite number (\(v)): the amounts add up to more than can be computed with",
                    field: "amount",
                    suggestion: "check the amounts and their units (1 Gg = 1,000 t)", file: fileName)
            }
        }
    }

    // MARK: Shared helpers

    /// Throws when a figure computed for `a` is NaN or infinite (an overflow of the amount).
    static func requireFinite(_ values: [Double], activity a: Activity) throws {
        guard let bad = values.first(where: { !$0.isFinite }) else { return }
        throw InventoryError(
            .invalidNumber,
            "the emissions of this activity are not a finite number (\(bad)): the amount \(a.amount) \(a.unit.symbol) is too large to compute with",
            field: "amount", suggestion: "check the amount and its unit (1 Gg = 1,000 t)")
    }

    func emission(_ gas: Gas, tonnes: Double, origin: CarbonOrigin, memo: Bool = false, ad: Double?, factor: Double?) throws -> GasEmission {
        let co2e: Double
        do { co2e = memo ? 0 : try gwp.co2e(tonnes, of: gas, origin: origin) } catch let e as GWPError {
            throw InventoryError(.missingFactor, e.message, suggestion: "choose another GWP set with --gwp")
        }
        var u: Double? = nil
        if let f = factor { u = Approach1.product([ad ?? 0, f]) }
        var e = GasEmission(
            gas: gas, origin: origin, tonnes: tonnes, co2eTonnes: co2e, factorUncertaintyPercent: factor,
            uncertaintyPercent: u, memo: memo)
        e.adUncertaintyPercent = ad
        return e
    }

    /// Fuel energy in TJ from an amount in energy, mass (with NCV) or volume (with density and NCV).
    /// Returns the energy, the uncertainty added by the NCV (if a default NCV was used) and audit entries.
    func fuelEnergy(_ a: Activity, fuel: FuelProperties) throws -> (tj: Double, ncvUncertainty: Double?, factors: [FactorUse], steps: [String]) {
        let tj = MeasureUnit.terajoule
        var amount = Quantity(a.amount, a.unit)
        var steps: [String] = []
        var uses: [FactorUse] = []
        if amount.dimension == .energy {
            let e = try amount.value(in: tj)
            return (e, nil, [], ["energy = \(fmt(a.amount)) \(a.unit.symbol) = \(fmt(e)) TJ"])
        }
        if amount.dimension == .volume {
            guard let density = try a.quantity("density") else {
                throw InventoryError(
                    .unitMismatch, "\(a.unit.symbol) is a volume but the method needs an energy or a mass", field: "unit",
                    suggestion: "add a density to parameters (e.g. density=0.84 t/m3), or give the amount in TJ or t")
            }
            guard density.value > 0 else { throw InventoryError(.invalidParameter, "density must be positive", field: "parameters") }
            let mass = amount * density
            guard mass.dimension == .mass else {
                throw InventoryError(
                    .unitMismatch, "density '\(density.unit.symbol)' times \(a.unit.symbol) is not a mass", field: "parameters",
                    suggestion: "give the density in a mass per volume unit such as t/m3 or kg/L")
            }
            steps.append(
                "mass = \(fmt(a.amount)) \(a.unit.symbol) × \(fmt(density.value)) \(density.unit.symbol) = \(fmt(try mass.value(in: "t"))) t")
            uses.append(FactorUse("density", density.value, density.unit.symbol, "user"))
            amount = try mass.converted(to: MeasureUnit.tonne)
        }
        guard amount.dimension == .mass else {
            throw InventoryError(
                .unitMismatch, "\(a.unit.symbol) (\(a.unit.dimension)) cannot be used as fuel consumption", field: "unit",
                suggestion: "give fuel in an energy unit (TJ, GJ), a mass unit (t, Gg) or a volume with density=…")
        }
        let ncv: Quantity
        var ncvU: Double? = nil
        var source = "user"
        if let q = try a.quantity("ncv", defaultUnit: try MeasureUnit("GJ/t")) {
            ncv = q
            ncvU = try a.number("ncv_uncertainty_pct")
        } else {
            guard let d = fuel.ncv else {
                throw InventoryError(
                    .missingFactor, "no default net calorific value for '\(fuel.id)'", field: "unit",
                    suggestion: "give the amount in TJ, or add ncv=… GJ/t to parameters")
            }
            ncv = Quantity(d.value, d.unit)
            ncvU = try a.number("ncv_uncertainty_pct") ?? d.uncertaintyPercent
            source = d.datasetID
        }
        let energy = amount * ncv
        guard energy.dimension == .energy else {
            throw InventoryError(
                .unitMismatch, "the NCV unit \(ncv.unit.symbol) times \(amount.unit.symbol) is not an energy", field: "parameters",
                suggestion: "give ncv in GJ/t or TJ/Gg")
        }
        let e = try energy.value(in: tj)
        uses.append(FactorUse("NCV", ncv.value, ncv.unit.symbol, source))
        steps.append("energy = \(fmt(a.amount)) \(a.unit.symbol) × NCV \(fmt(ncv.value)) \(ncv.unit.symbol) = \(fmt(e)) TJ")
        return (e, ncvU, uses, steps)
    }

    func factorOverride(_ a: Activity, _ key: String, unit: String) throws -> Double? {
        guard let q = try a.quantity(key, defaultUnit: try MeasureUnit(unit)) else { return nil }
        guard q.value >= 0 else { throw InventoryError(.negativeAmount, "\(key) must not be negative", field: "parameters") }
        do { return try q.value(in: unit) } catch let e as UnitError {
            throw InventoryError(.unitMismatch, "\(key): \(e.message)", field: "parameters")
        }
    }
}

func fmt(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
    return String(format: "%.6g", x)
}

import Foundation
