import YuhengCore

/// Specific embedded emissions of one production process.
public struct CBAMProcessResult: Codable, Sendable, Equatable {
    public var installation: String
    public var process: String
    public var cnCode: String
    public var category: String
    public var sector: String
    /// Annex II good: only direct emissions count in the definitive period.
    public var directOnly: Bool
    /// "computed", "given" (supplier or measured SEE) or "default" (bundled default values).
    public var dataSource: String
    /// Own specific attributed emissions of the process (without precursors), t CO2e/t.
    public var ownDirectTPerT: Double
    public var ownIndirectTPerT: Double
    /// Specific embedded emissions including precursors, t CO2e/t (both reported in the transitional period).
    public var seeDirect: Double
    public var seeIndirect: Double
    public var seeTotal: Double
    /// Specific embedded emissions in the scope of the definitive period, t CO2e/t: direct, plus
    /// indirect for goods not in Annex II, plus precursors' embedded emissions in their own scope.
    public var seeCertificate: Double
    /// The calculation, step by step.
    public var steps: [String]

    enum CodingKeys: String, CodingKey {
        case installation, process, category, sector, steps
        case cnCode = "cn_code"
        case directOnly = "direct_only"
        case dataSource = "data_source"
        case ownDirectTPerT = "own_direct_t_per_t"
        case ownIndirectTPerT = "own_indirect_t_per_t"
        case seeDirect = "see_direct"
        case seeIndirect = "see_indirect"
        case seeTotal = "see_total"
        case seeCertificate = "see_certificate"
    }
}

/// The certificate obligation of an import line on one basis (actual or default values).
public struct CBAMObligation: Codable, Sendable, Equatable {
    /// "actual" or "default".
    public var basis: String
    /// Specific embedded emissions used, t CO2e/t (after the mark-up for defaults).
    public var seeTPerT: Double
    /// Embedded emissions EE = Q × SEE, t CO2e.
    public var embeddedT: Double
    public var benchmarkTPerT: Double?
    public var cbamFactor: Double
    public var cscf: Double
    /// Free allocation adjustment FAA = Q × BM × CBAM factor × CSCF (capped at EE), t CO2e.
    public var freeAllocationAdjustmentT: Double
    /// Carbon price effectively paid abroad, EUR, and the certificates it deducts.
    public var carbonPricePaidEUR: Double
    public var deductionCertificates: Double
    /// Certificates to surrender = max(0, EE − FAA − deduction).
    public var certificates: Double
    public var costEUR: Double?

    enum CodingKeys: String, CodingKey {
        case basis, certificates, cscf
        case seeTPerT = "see_t_per_t"
        case embeddedT = "embedded_t"
        case benchmarkTPerT = "benchmark_t_per_t"
        case cbamFactor = "cbam_factor"
        case freeAllocationAdjustmentT = "free_allocation_adjustment_t"
        case carbonPricePaidEUR = "carbon_price_paid_eur"
        case deductionCertificates = "deduction_certificates"
        case costEUR = "cost_eur"
    }
}

/// The default value applied to a good.
public struct CBAMDefaultValue: Codable, Sendable, Equatable {
    /// Default SEE before the mark-up, in the definitive scope (direct, or direct + indirect), t CO2e/t.
    public var baseTPerT: Double
    /// Transitional default direct and indirect values (bundled catalog), t CO2e/t.
    public var transitionalDirect: Double
    public var transitionalIndirect: Double
    public var markUp: Double
    /// Default SEE after the mark-up, t CO2e/t.
    public var markedUpTPerT: Double
    /// Where the base value comes from.
    public var source: String

    enum CodingKeys: String, CodingKey {
        case source
        case baseTPerT = "base_t_per_t"
        case transitionalDirect = "transitional_direct"
        case transitionalIndirect = "transitional_indirect"
        case markUp = "mark_up"
        case markedUpTPerT = "marked_up_t_per_t"
    }
}

/// Actual against default for one good: by how much, and why, the default over- or under-states.
public struct CBAMComparison: Codable, Sendable, Equatable {
    /// Default minus actual embedded emissions, t CO2e (positive: the default overstates).
    public var differenceT: Double
    /// The same relative to the actual embedded emissions, percent.
    public var differencePercent: Double?
    /// Part of the difference from the base default value against the actual SEE, t CO2e.
    public var fromBaseValueT: Double
    /// Part of the difference from the mark-up, t CO2e.
    public var fromMarkUpT: Double
    /// Default minus actual certificates.
    public var certificateDifference: Double
    public var costDifferenceEUR: Double?
    /// "overstates", "understates" or "matches".
    public var verdict: String
    public var explanation: [String]

    enum CodingKeys: String, CodingKey {
        case verdict, explanation
        case differenceT = "difference_t"
        case differencePercent = "difference_percent"
        case fromBaseValueT = "from_base_value_t"
        case fromMarkUpT = "from_mark_up_t"
        case certificateDifference = "certificate_difference"
        case costDifferenceEUR = "cost_difference_eur"
    }
}

/// One import line assessed.
public struct CBAMImportResult: Codable, Sendable, Equatable {
    public var id: String
    /// "installation/process", or nil for a good without installation data.
    public var process: String?
    public var cnCode: String
    public var goodName: String
    public var category: String
    public var sector: String
    public var country: String?
    public var quantity: Double
    /// "t" or "MWh".
    public var unit: String
    public var directOnly: Bool
    /// "direct" or "direct + indirect".
    public var scope: String
    /// Actual SEE direct and indirect (transitional reporting), if the good has installation data.
    public var actualSEEDirect: Double?
    public var actualSEEIndirect: Double?
    public var actual: CBAMObligation?
    public var defaultValue: CBAMDefaultValue
    public var onDefaults: CBAMObligation
    public var comparison: CBAMComparison?
    public var estimates: [IndicativeEstimate]
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case id, process, category, sector, country, quantity, unit, scope, actual, comparison, estimates, notes
        case cnCode = "cn_code"
        case goodName = "good_name"
        case directOnly = "direct_only"
        case actualSEEDirect = "actual_see_direct"
        case actualSEEIndirect = "actual_see_indirect"
        case defaultValue = "default_value"
        case onDefaults = "on_defaults"
    }
}

public struct CBAMTotals: Codable, Sendable, Equatable {
    public var embeddedT: Double
    public var freeAllocationAdjustmentT: Double
    public var deductionCertificates: Double
    /// Certificates with actual data where available, defaults otherwise.
    public var certificates: Double
    public var costEUR: Double?
    /// Certificates if every line used default values.
    public var certificatesOnDefaults: Double
    public var costOnDefaultsEUR: Double?

    enum CodingKeys: String, CodingKey {
        case certificates
        case embeddedT = "embedded_t"
        case freeAllocationAdjustmentT = "free_allocation_adjustment_t"
        case deductionCertificates = "deduction_certificates"
        case costEUR = "cost_eur"
        case certificatesOnDefaults = "certificates_on_defaults"
        case costOnDefaultsEUR = "cost_on_defaults_eur"
    }
}

/// The assessment of a CBAM installation file for one year.
public struct CBAMAssessment: Codable, Sendable, Equatable {
    public var title: String?
    public var year: Int
    /// "transitional" (reporting only, before 2026) or "definitive".
    public var period: String
    public var certificatePriceEUR: Double?
    public var cscf: Double
    public var cbamFactor: Double
    public var processes: [CBAMProcessResult]
    public var imports: [CBAMImportResult]
    public var totals: CBAMTotals
    public var datasets: [Provenance]
    /// Assumptions and legal basis, stated once.
    public var notes: [String]
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case title, year, period, cscf, processes, imports, totals, datasets, notes, warnings
        case certificatePriceEUR = "certificate_price_eur"
        case cbamFactor = "cbam_factor"
    }
}
