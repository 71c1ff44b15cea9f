import Foundation
import YuhengCore

/// An indicative embedded-emissions figure for a good whose producer has no data of its own,
/// derived from the input-output multipliers of the origin country or from an LCA process.
///
/// These are **estimates**, never CBAM values: they use a different system boundary (cradle to
/// gate, whole supply chain) and average data, and carry a stated uncertainty range.
public struct IndicativeEstimate: Codable, Sendable, Equatable {
    /// "input-output" or "lca".
    public var method: String
    /// A label that says it is an estimate and what it is based on.
    public var label: String
    /// Central value, t CO2e per tonne of good.
    public var tCO2ePerT: Double
    /// Stated uncertainty range (central × (1 ∓ u)), t CO2e/t.
    public var low: Double
    /// Upper end of the stated range, central × (1 + u), t CO2e/t.
    public var high: Double
    /// Relative half-width u of the range (e.g. 0.5 = ±50 %).
    public var relativeUncertainty: Double
    /// How the number was made.
    public var basis: [String]
    /// Dataset the estimate is based on (input-output table or LCA database), when known.
    public var source: Provenance?
    /// The estimate divided by the default base value of the good (set by the engine).
    public var ratioToDefault: Double?

    /// An estimate; low and high are derived from the central value and `relativeUncertainty`.
    public init(method: String, label: String, tCO2ePerT: Double, relativeUncertainty: Double, basis: [String], source: Provenance?) {
        self.method = method
        self.label = label
        self.tCO2ePerT = tCO2ePerT
        self.relativeUncertainty = relativeUncertainty
        self.low = tCO2ePerT * (1 - relativeUncertainty)
        self.high = tCO2ePerT * (1 + relativeUncertainty)
        self.basis = basis
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case method, label, low, high, basis, source
        case tCO2ePerT = "t_co2e_per_t"
        case relativeUncertainty = "relative_uncertainty"
        case ratioToDefault = "ratio_to_default"
    }
}

/// Builds ``IndicativeEstimate``s from numbers the caller looked up (the engine does no IO).
public enum LocalisedEstimates {
    /// Stated relative uncertainty of an input-output estimate (±50 %): sector aggregation (a whole
    /// "basic metals" sector for one good), price uncertainty, the 2011 table year and the
    /// cradle-to-gate boundary. A judgement, not a statistical interval.
    public static let inputOutputUncertainty = 0.5
    /// Stated relative uncertainty of an LCA-process estimate (±30 %): generic process data from
    /// another country and year. A judgement, not a statistical interval.
    public static let lcaUncertainty = 0.3

    /// The MRIO sector (WIOD / ISIC Rev.3 code) used by default for a CBAM sector.
    public static func defaultMRIOSector(for sector: CBAMSector) -> String {
        switch sector {
        case .ironSteel, .aluminium: return "27t28" // basic metals and fabricated metal
        case .cement: return "26" // other non-metallic minerals
        case .fertilisers, .hydrogen: return "24" // chemicals and chemical products
        case .electricity: return "E" // electricity, gas and water supply
        }
    }

    /// Input-output estimate: total multiplier M (kt CO2 per million USD of output of the origin
    /// country's sector) times the price of a tonne of the good.
    ///
    ///     estimate [t CO2/t] = M [kt/MUSD] × price [USD/t] × 10⁻³
    ///
    /// Refuses (``PolicyError/Code/estimateRefused``) without a price: a multiplier per dollar says
    /// nothing about a tonne.
    public static func fromInputOutput(
        multiplierKtPerMUSD: Double, priceUSDPerT: Double?, region: String, sector: String,
        table: String, field: String?, provenance: Provenance?, regionNote: String? = nil
    ) throws -> IndicativeEstimate {
        guard let price = priceUSDPerT else {
            throw PolicyError(
                .estimateRefused,
                "no price per tonne given, so no input-output estimate is made: the multiplier is per dollar of output, not per tonne",
                field: field,
                suggestion: "add price_usd_per_t (basic price of a tonne of the good, in USD of the table year) or remove the estimate request")
        }
        try Check.positive(price, field ?? "price_usd_per_t", what: "price")
        try Check.nonNegative(multiplierKtPerMUSD, "multiplier", what: "multiplier")
        let value = multiplierKtPerMUSD * price / 1000
        var basis = [
            "total CO2 multiplier of \(region) sector \(sector) in \(table): \(formatShort(multiplierKtPerMUSD)) kt CO2 per million USD of output",
            "× price \(formatShort(price)) USD/t × 10⁻³ = \(formatShort(value)) t CO2/t",
            "boundary: the whole upstream supply chain (cradle to gate), CO2 only; a sector average, not the good",
            "stated uncertainty ±\(Int(inputOutputUncertainty * 100)) % (judgement: sector aggregation, price, table year)"
        ]
        if sector == "26" {
            basis.append(
                "caveat: cement and clinker are far more carbon-intensive per dollar than the average of sector 26 (which also holds glass, ceramics, stone): this estimate is likely too low, by more than the stated range"
            )
        } else if sector == "27t28" {
            basis.append("caveat: sector 27t28 mixes iron and steel with non-ferrous metals and fabricated metal products")
        }
        if let n = regionNote { basis.append(n) }
        return IndicativeEstimate(
            method: "input-output", label: "ESTIMATE (input-output, \(region) \(sector), \(table))", tCO2ePerT: value,
            relativeUncertainty: inputOutputUncertainty, basis: basis, source: provenance)
    }

    /// LCA estimate: the climate footprint of a process's reference product, kg CO2e per kg (= t/t).
    public static func fromLCA(
        kgCO2ePerKg: Double, processName: String, location: String?, method: String,
        database: String, provenance: Provenance?
    ) -> IndicativeEstimate {
        let basis = [
            "LCA process '\(processName)'\(location.map { " (\($0))" } ?? "") in \(database): \(formatShort(kgCO2ePerKg)) kg CO2e per kg, \(method)",
            "boundary: cradle to gate, all greenhouse gases; generic data, not specific to the origin country or the installation",
            "stated uncertainty ±\(Int(lcaUncertainty * 100)) % (judgement: generic data from another country and year)"
        ]
        return IndicativeEstimate(
            method: "lca", label: "ESTIMATE (LCA, \(processName))", tCO2ePerT: kgCO2ePerKg,
            relativeUncertainty: lcaUncertainty, basis: basis, source: provenance)
    }
}
