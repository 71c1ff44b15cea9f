import YuhengCore

/// Specific embedded emissions of one production process.
public struct CBAMProcessResult: Codable, Sendable, Equatable {
    /// Installation identifier.
    public var installation: String
    /// Process identifier within the installation.
    public var process: String
    /// CN code of the good produced (digits only).
    public var cnCode: String
    /// Aggregated goods category of the CN code, e.g. "Iron or steel products".
    public var category: String
    /// CBAM sector, e.g. "Iron & Steel".
    public var sector: String
    /// Annex II good: only direct emissions count in the definitive period.
    public var directOnly: Bool
    /// "computed", "given" (supplier or measured SEE) or "default" (bundled default values).
    public var dataSource: String
    /// Own specific attributed emissions of the process (without precursors), t CO2e/t.
    public var ownDirectTPerT: Double
    /// Own specific attributed indirect emissions of the process (without precursors), t CO2e/t.
    public var ownIndirectTPerT: Double
    /// Specific embedded emissions including precursors, t CO2e/t (both reported in the transitional period).
    public var seeDirect: Double
    /// Indirect specific embedded emissions including precursors, t CO2e/t.
    public var seeIndirect: Double
    /// seeDirect + seeIndirect, t CO2e/t.
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
    /// CBAM benchmark used for the free allocation adjustment, t CO2e/t; nil = no adjustment.
    public var benchmarkTPerT: Double?
    /// CBAM factor of the year: the share of free allocation still granted (1 to 2025, 0.975 in 2026 … 0 from 2034).
    public var cbamFactor: Double
    /// Cross-sectoral correction factor applied.
    public var cscf: Double
    /// Free allocation adjustment FAA = Q × BM × CBAM factor × CSCF (capped at EE), t CO2e.
    public var freeAllocationAdjustmentT: Double
    /// Carbon price effectively paid abroad, EUR, and the certificates it deducts.
    public var carbonPricePaidEUR: Double
    /// Certificates deducted for the carbon price paid abroad (price paid / certificate price).
    public var deductionCertificates: Double
    /// Certificates to surrender = max(0, EE − FAA − deduction).
    public var certificates: Double
    /// Certificates × certificate price, EUR; nil without a price.
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
    /// Transitional default indirect value, t CO2e/t.
    public var transitionalIndirect: Double
    /// Mark-up on the default value in the year, as a fraction (0.10 = +10 %; 0 in the transitional period).
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
    /// Default minus actual cost, EUR; nil without a certificate price.
    public var costDifferenceEUR: Double?
    /// "overstates", "understates" or "matches".
    public var verdict: String
    /// Why the default over- or under-states, in sentences (base value against actual SEE, mark-up).
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
    /// Identifier of the import line.
    public var id: String
    /// "installation/process", or nil for a good without installation data.
    public var process: String?
    /// CN code of the good (digits only).
    public var cnCode: String
    /// Description of the good in the catalog.
    public var goodName: String
    /// Aggregated goods category, e.g. "Cement clinker".
    public var category: String
    /// CBAM sector, e.g. "Cement".
    public var sector: String
    /// Country of origin (ISO3), nil when unknown.
    public var country: String?
    /// Net quantity imported, in `unit`.
    public var quantity: Double
    /// "t" or "MWh".
    public var unit: String
    /// Annex II good: only direct emissions count in the definitive period.
    public var directOnly: Bool
    /// "direct" or "direct + indirect".
    public var scope: String
    /// Actual SEE direct and indirect (transitional reporting), if the good has installation data.
    public var actualSEEDirect: Double?
    /// Actual indirect SEE (transitional reporting), t CO2e/t, if the good has installation data.
    public var actualSEEIndirect: Double?
    /// The obligation with actual data; nil for a good without installation data.
    public var actual: CBAMObligation?
    /// The default value that applies to the good, before and after the mark-up.
    public var defaultValue: CBAMDefaultValue
    /// The obligation had the line used default values.
    public var onDefaults: CBAMObligation
    /// Actual against default, nil without actual data.
    public var comparison: CBAMComparison?
    /// Indicative input-output or LCA estimates requested for the line (never CBAM values).
    public var estimates: [IndicativeEstimate]
    /// Notes on the line, e.g. which value was used and why.
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

/// Totals over the import lines of an assessment.
public struct CBAMTotals: Codable, Sendable, Equatable {
    /// Embedded emissions, t CO2e (actual data where available, defaults otherwise).
    public var embeddedT: Double
    /// Free allocation adjustment, t CO2e.
    public var freeAllocationAdjustmentT: Double
    /// Certificates deducted for carbon prices paid abroad.
    public var deductionCertificates: Double
    /// Certificates with actual data where available, defaults otherwise.
    public var certificates: Double
    /// Cost of `certificates`, EUR; nil without a certificate price.
    public var costEUR: Double?
    /// Certificates if every line used default values.
    public var certificatesOnDefaults: Double
    /// Cost of `certificatesOnDefaults`, EUR; nil without a certificate price.
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
    /// Title of the declaration.
    public var title: String?
    /// Year of import assessed (sets the CBAM factor and the mark-up).
    public var year: Int
    /// "transitional" (reporting only, before 2026) or "definitive".
    public var period: String
    /// CBAM certificate price, EUR per certificate (t CO2e); nil when none was given (no costs).
    public var certificatePriceEUR: Double?
    /// Cross-sectoral correction factor used (1 by default).
    public var cscf: Double
    /// CBAM factor of the year (share of free allocation still granted).
    public var cbamFactor: Double
    /// Specific embedded emissions of every declared process.
    public var processes: [CBAMProcessResult]
    /// One result per import line, in file order.
    public var imports: [CBAMImportResult]
    /// Totals over the import lines.
    public var totals: CBAMTotals
    /// Datasets used (catalog, grid factors, input-output tables), with versions and licences.
    public var datasets: [Provenance]
    /// Assumptions and legal basis, stated once.
    public var notes: [String]
    /// Implausible inputs and other points to check, naming the field.
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case title, year, period, cscf, processes, imports, totals, datasets, notes, warnings
        case certificatePriceEUR = "certificate_price_eur"
        case cbamFactor = "cbam_factor"
    }
}
