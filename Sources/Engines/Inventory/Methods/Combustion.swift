import YuhengCore

extension InventoryEngine {
    /// Stationary combustion, Tier 1 (IPCC 2006 Vol 2 Ch 2, Eq 2.1):
    /// Emissions(gas, fuel) = FuelConsumption(TJ) × EF(gas, fuel) (kg/TJ).
    ///
    /// Parameters: `ncv` (GJ/t), `density` (for volumes), `ef_co2`, `ef_ch4`, `ef_n2o` (kg/TJ),
    /// `oxidation` (fraction, default 1), `ef_table` (1A1, 1A2, 1A4a, 1A4b, 1A4c), `gases`,
    /// `ef_uncertainty_pct`, `ch4_uncertainty_pct`, `n2o_uncertainty_pct`, `ncv_uncertainty_pct`.
    func stationary(_ a: Activity) throws -> SourceResult {
        let fuel = try factors.fuel(a.item)
        let energy = try fuelEnergy(a, fuel: fuel)
        let table: String
        if let t = a.parameters["ef_table"] {
            guard ["1A1", "1A2", "1A4a", "1A4b", "1A4c"].contains(t) else {
                throw InventoryError(.invalidParameter, "ef_table '\(t)' is not one of 1A1, 1A2, 1A4a, 1A4b, 1A4c", field: "parameters")
            }
            table = t
        } else if let t = IPCCCategory.stationaryTable(for: a.category) {
            table = t
        } else {
            throw InventoryError(
                .unknownCategory, "category \(a.category) has no stationary-combustion default table", field: "category",
                suggestion: "use a 1.A.1, 1.A.2 or 1.A.4 category, or add ef_table=1A1|1A2|1A4a|1A4b|1A4c to parameters")
        }
        return try combustion(
            a, fuel: fuel, energy: energy,
            ch4N2O: { gas in
                factors.stationaryFactor(table: table, fuel: fuel.id, gas: gas)
            }, co2Default: nil, label: "table \(table)", memo: nil)
    }

    /// Mobile combustion, fuel-based Tier 1 (Vol 2 Ch 3, Eqs 3.2.1 and 3.2.3; rail, navigation and
    /// aviation analogues). Parameters as for stationary plus `mode` (road, rail, navigation,
    /// aviation; default from the category) and `technology` (e.g. uncontrolled, oxidation_catalyst).
    /// International aviation and navigation (1.A.3.a.i, 1.A.3.d.i) are memo items.
    func mobile(_ a: Activity) throws -> SourceResult {
        let fuel = try factors.fuel(a.item)
        guard let mode = a.parameters["mode"] ?? IPCCCategory.transportMode(for: a.category) else {
            throw InventoryError(
                .unknownCategory, "category \(a.category) is not a transport category", field: "category",
                suggestion: "use 1.A.3.a (aviation), 1.A.3.b (road), 1.A.3.c (rail) or 1.A.3.d (navigation), or add mode=… to parameters")
        }
        let techs = factors.mobileTechnologies[InventoryFactors.key(mode, fuel.id)] ?? []
        let technology: String
        if let t = a.parameters["technology"] {
            guard techs.contains(t) else {
                throw InventoryError(
                    .unknownItem, "no \(mode) factors for \(fuel.id) with technology '\(t)'", field: "parameters",
                    suggestion: techs.isEmpty
                        ? "no \(mode) defaults exist for \(fuel.id); give ef_ch4 and ef_n2o" : "known technologies: \(techs.joined(separator: ", "))")
            }
            technology = t
        } else if techs.count == 1 {
            technology = techs[0]
        } else if techs.isEmpty {
            technology = ""
        } else {
            throw InventoryError(
                .invalidParameter, "\(fuel.id) in \(mode) transport has several default factors", field: "parameters",
                suggestion: "add technology=\(techs.joined(separator: "|")) to parameters")
        }
        let lookup: (Gas) -> RangedValue? = { gas in
            factors.mobile[InventoryFactors.key(mode, fuel.id, technology, gas.name)]
        }
        let memo = IPCCCategory.isInternationalBunker(a.category) ? "international bunkers" : nil
        return try combustion(
            a, fuel: fuel, energy: energy(a, fuel), ch4N2O: lookup, co2Default: lookup(.co2),
            label: "\(mode)\(technology.isEmpty ? "" : " \(technology)")", memo: memo)
    }

    private func energy(_ a: Activity, _ fuel: FuelProperties) throws -> (tj: Double, ncvUncertainty: Double?, factors: [FactorUse], steps: [String])
    {
        try fuelEnergy(a, fuel: fuel)
    }

    private func combustion(
        _ a: Activity, fuel: FuelProperties,
        energy: (tj: Double, ncvUncertainty: Double?, factors: [FactorUse], steps: [String]),
        ch4N2O: (Gas) -> RangedValue?, co2Default: RangedValue?, label: String, memo: String?
    ) throws -> SourceResult {
        let gases = a.gasesFilter ?? [.co2, .ch4, .n2o]
        for g in gases where ![Gas.co2, .ch4, .n2o].contains(g) {
            throw InventoryError(.invalidParameter, "combustion methods compute CO2, CH4 and N2O, not \(g)", field: "parameters")
        }
        var emissions: [GasEmission] = []
        var uses = energy.factors
        var steps = energy.steps
        let origin: CarbonOrigin = fuel.biogenic ? .biogenic : .fossil
        let ad = a.adUncertaintyPercent

        if gases.contains(.co2) {
            let ef: Double
            var efU: Double?
            var src = "user"
            if let v = try factorOverride(a, "ef_co2", unit: "kg/TJ") {
                ef = v
                efU = try a.number("ef_uncertainty_pct")
            } else if let d = co2Default ?? fuel.co2 {
                ef = try d.unit.convert(d.value, to: MeasureUnit("kg/TJ"))
                // A transport CO2 factor is the fuel's Table 1.4 factor: when it has no range of its
                // own and equals the fuel default, the fuel's 95 % range applies.
                var range = d.uncertaintyPercent
                if range == nil, let f = fuel.co2, abs(f.value - d.value) <= 1e-9 * f.value { range = f.uncertaintyPercent }
                efU = try a.number("ef_uncertainty_pct") ?? range
                src = d.datasetID
            } else {
                throw InventoryError(
                    .missingFactor, "no default CO2 factor for \(fuel.id)", field: "item", suggestion: "add ef_co2=… kg/TJ to parameters")
            }
            let oxidation = try a.fraction("oxidation") ?? 1
            let t = energy.tj * ef * oxidation / 1000
            // With an explicit ef_uncertainty_pct the user states the whole factor-chain uncertainty.
            let chain: Double? = efU.map { u in
                (a.parameters["ef_uncertainty_pct"] != nil) ? u : Approach1.product([u, energy.ncvUncertainty ?? 0])
            }
            uses.append(FactorUse("EF CO2", ef, "kg/TJ", src))
            steps.append(
                "CO2 = \(fmt(energy.tj)) TJ × \(fmt(ef)) kg/TJ\(oxidation != 1 ? " × \(fmt(oxidation))" : "") / 1000 = \(fmt(t)) t\(fuel.biogenic ? " (biogenic, memo item)" : "")"
            )
            emissions.append(try emission(.co2, tonnes: t, origin: origin, memo: fuel.biogenic, ad: ad, factor: chain))
        }
        for gas in [Gas.ch4, .n2o] where gases.contains(gas) {
            let key = gas == .ch4 ? "ef_ch4" : "ef_n2o"
            let uKey = gas == .ch4 ? "ch4_uncertainty_pct" : "n2o_uncertainty_pct"
            let ef: Double
            var efU: Double? = try a.number(uKey)
            var src = "user"
            if let v = try factorOverride(a, key, unit: "kg/TJ") {
                ef = v
            } else if let d = ch4N2O(gas) {
                ef = try d.unit.convert(d.value, to: MeasureUnit("kg/TJ"))
                efU = efU ?? d.uncertaintyPercent
                src = d.datasetID
            } else {
                throw InventoryError(
                    .missingFactor, "no default \(gas) factor for \(fuel.id) (\(label))", field: "item",
                    suggestion: "add \(key)=… kg/TJ to parameters, or restrict gases with gases=CO2")
            }
            let t = energy.tj * ef / 1000
            uses.append(FactorUse("EF \(gas)", ef, "kg/TJ", src))
            steps.append("\(gas) = \(fmt(energy.tj)) TJ × \(fmt(ef)) kg/TJ / 1000 = \(fmt(t)) t")
            // The NCV that turned a mass into energy enters every gas, not only CO2 (Eq 3.1 over NCV × EF).
            let chain = efU.map { Approach1.product([$0, energy.ncvUncertainty ?? 0]) }
            emissions.append(try emission(gas, tonnes: t, origin: origin, ad: ad, factor: chain))
        }
        return SourceResult(
            id: a.id, line: a.line, category: a.category, categoryName: IPCCCategory.name(of: a.category),
            method: a.method, item: a.item, energyTJ: energy.tj, emissions: emissions, memo: memo,
            factors: uses, steps: steps)
    }
}

import Foundation
