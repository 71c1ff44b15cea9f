import Foundation

/// Data-quality scores of the pedigree matrix (Weidema & Wesnæs 1996, as
/// used by ecoinvent): each indicator from 1 (best) to 5 (worst).
///
/// ```swift
/// let scores = try PedigreeScores(reliability: 2, completeness: 3, temporal: 1, geographical: 2, technological: 3)
/// ```
public struct PedigreeScores: Sendable, Hashable, Codable {
    /// Reliability of the source and the acquisition method.
    public let reliability: Int
    /// Completeness (representativeness of the sample of sites and periods).
    public let completeness: Int
    /// Temporal correlation (age of the data vs the reference year).
    public let temporal: Int
    /// Geographical correlation.
    public let geographical: Int
    /// Further technological correlation.
    public let technological: Int
    /// Sample size: an indicator of the ecoinvent v2 table only (nil = not scored, counted as 1).
    public let sampleSize: Int?

    /// Creates validated scores.
    ///
    /// - throws: ``UncertaintyError/Code/invalidPedigreeScore`` naming the
    ///   indicator whose score is outside 1...5.
    public init(
        reliability: Int, completeness: Int, temporal: Int, geographical: Int, technological: Int,
        sampleSize: Int? = nil
    ) throws {
        for (name, score) in [
            ("reliability", reliability), ("completeness", completeness), ("temporal", temporal),
            ("geographical", geographical), ("technological", technological), ("sampleSize", sampleSize ?? 1)
        ] where !(1...5).contains(score) {
            throw UncertaintyError(
                .invalidPedigreeScore, "pedigree: \(name) score \(score) is outside 1...5", parameter: name)
        }
        self.reliability = reliability
        self.completeness = completeness
        self.temporal = temporal
        self.geographical = geographical
        self.technological = technological
        self.sampleSize = sampleSize
    }

    /// Creates scores from the ecoSpold string form `"(2,3,1,2,3)"` or
    /// `"(2,3,1,2,3,1)"` (the sixth number is the v2 sample size).
    ///
    /// ```swift
    /// let s = try PedigreeScores(parsing: "(2,3,1,2,3)")
    /// ```
    public init(parsing text: String) throws {
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count == 5 || numbers.count == 6 else {
            throw UncertaintyError(
                .invalidPedigreeScore, "pedigree: \"\(text)\" does not hold 5 or 6 scores", parameter: "text")
        }
        try self.init(
            reliability: numbers[0], completeness: numbers[1], temporal: numbers[2], geographical: numbers[3],
            technological: numbers[4], sampleSize: numbers.count == 6 ? numbers[5] : nil)
    }

    /// Decodes the five (or six) scores by name, each validated as the memberwise initialiser validates them (an invalid score fails decoding).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            reliability: try c.decode(Int.self, forKey: .reliability),
            completeness: try c.decode(Int.self, forKey: .completeness),
            temporal: try c.decode(Int.self, forKey: .temporal),
            geographical: try c.decode(Int.self, forKey: .geographical),
            technological: try c.decode(Int.self, forKey: .technological),
            sampleSize: try c.decodeIfPresent(Int.self, forKey: .sampleSize))
    }

    private enum CodingKeys: String, CodingKey {
        case reliability, completeness, temporal, geographical, technological
        case sampleSize = "sample_size"
    }
}

/// The uncertainty implied by pedigree scores: the standard deviation and
/// variance of ln X, the GSD and the ecoinvent SD95 (= GSD²).
public struct PedigreeUncertainty: Sendable, Hashable, Codable {
    /// σ of ln X.
    public let sigma: Double
    /// σ², the variance of ln X.
    public var variance: Double { sigma * sigma }
    /// Geometric standard deviation e^σ.
    public var gsd: Double { exp(sigma) }
    /// ecoinvent "SD95" = GSD² = e^(2σ).
    public var sd95: Double { exp(2 * sigma) }

    /// Creates the value from σ of ln X.
    public init(sigma: Double) { self.sigma = sigma }

    /// The lognormal with this σ around a deterministic value taken as the
    /// median (ecoinvent convention).
    ///
    /// ```swift
    /// let u = try Pedigree.ecoinventV3(scores, basicVariance: 0.0006)
    /// let d = try u.lognormal(median: 94_600)
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/nonPositiveValue`` if `median` ≤ 0.
    public func lognormal(median: Double) throws -> Distribution {
        guard median.isFinite, median > 0 else {
            throw UncertaintyError(
                .nonPositiveValue, "pedigree lognormal: median = \(median) must be positive and finite", parameter: "median")
        }
        return .lognormal(mu: log(median), sigma: sigma)
    }
}

/// Pedigree-matrix uncertainty: data-quality scores → lognormal dispersion.
///
/// **ecoinvent v2** (Frischknecht et al. 2007, ecoinvent report 1; method
/// note UNC-4): each indicator score maps to a multiplicative uncertainty
/// factor U (a contribution to SD95 = GSD²), combined with the basic
/// uncertainty factor U_b as
///
///     SD95 = exp( sqrt( Σ_i (ln U_i)² + (ln U_b)² ) ),   σ_ln = ln(SD95)/2.
///
/// **ecoinvent v3** (Weidema et al. 2013, data quality guideline; UNC-5):
/// each score maps to an additive variance of ln X:
///
///     σ² = σ_b² + Σ_i σ_i².
///
/// ```swift
/// let s = try PedigreeScores(reliability: 2, completeness: 3, temporal: 1, geographical: 2, technological: 3)
/// let v2 = try Pedigree.ecoinventV2(s, basicFactor: 1.05)     // sd95 = 1.22287 (UNC-4)
/// let v3 = try Pedigree.ecoinventV3(s, basicVariance: 0.0006) // gsd = 1.104200 (UNC-5)
/// ```
///
/// ## Provenance of the tables — to verify against the primary source
///
/// The factor tables are tagged [M] in the method note: **to verify against
/// the primary source** (ecoinvent report No. 1 v2.0, Table 10.5, and the
/// ecoinvent v3 data quality guideline of 2013-05-06, Tables 10.3/10.5)
/// before they are shipped as defaults. What was confirmed against public
/// secondary sources:
///
/// - v2 factors: every value of the table below matches `version_1` (the
///   "expert" table) of Brightway's `pedigree_matrix` package
///   (github.com/brightway-lca/pedigree_matrix, `pedigree_matrix/data.py`),
///   whose combination rule `sqrt(Σ ln² U)/2` is also the one used here.
///   The two cells the method note leaves empty (geographical score 4,
///   technological score 2; "n/a" in the ecoinvent v2 report) are filled
///   there with 1.02 and 1.00; here they throw
///   ``UncertaintyError/Code/pedigreeScoreNotApplicable`` instead of guessing.
/// - v2 basic factors: CO2 from combustion 1.05, CH4 and N2O from
///   combustion 1.5, energy/material demands 1.05 match the basic
///   uncertainty table reproduced (commented) in the same `data.py`.
/// - v3 variances: all 25 values match three independent public
///   implementations that cite the ecoinvent v3 guideline (an openLCA
///   ecoinvent-3 uncertainty patch script citing
///   `dataqualityguideline_ecoinvent_3_20130506.pdf` p. 77, a Brightway-era
///   `PEDIGREE_MATRIX_VALUES["original"]` helper citing the same file, and a
///   data-quality module citing "Weidema et al. (2013), Table 10.5"). They
///   are also consistent with the v2 factors, σ² ≈ (ln U/2)², e.g.
///   (ln 1.05/2)² = 0.000595 ≈ 0.0006 and (ln 2/2)² = 0.120; the v2 "n/a"
///   cells are 0.0006 (≈ U = 1.05) in v3.
/// - v3 basic variance 0.0006 for combustion CO2 and energy demands: matches
///   one public implementation citing the guideline's Table 10.3 and equals
///   (ln 1.05/2)², the v2 basic factor; **not** confirmed against the
///   guideline itself.
/// - Not confirmed: the empirically refined factors of Ciroth et al. (2016)
///   are deliberately not used (Brightway's `version_2` table holds them).
public enum Pedigree {
    /// The indicators of the pedigree matrix.
    public enum Indicator: String, Sendable, Hashable, Codable, CaseIterable {
        case reliability, completeness, temporal, geographical, technological
        /// ecoinvent v2 only.
        case sampleSize = "sample_size"
    }

    /// ecoinvent v2 uncertainty factors U by indicator and score 1...5
    /// (nil = not applicable). [M] to verify against the primary source; see
    /// the type documentation for what was confirmed.
    public static let v2Factors: [Indicator: [Double?]] = [
        .reliability: [1.00, 1.05, 1.10, 1.20, 1.50],
        .completeness: [1.00, 1.02, 1.05, 1.10, 1.20],
        .temporal: [1.00, 1.03, 1.10, 1.20, 1.50],
        .geographical: [1.00, 1.01, 1.02, nil, 1.10],
        .technological: [1.00, nil, 1.20, 1.50, 2.00],
        .sampleSize: [1.00, 1.02, 1.05, 1.10, 1.20]
    ]

    /// ecoinvent v3 (Weidema et al. 2013) additive variances of ln X by
    /// indicator and score 1...5. [M] to verify against the primary source;
    /// see the type documentation for what was confirmed.
    public static let v3Variances: [Indicator: [Double]] = [
        .reliability: [0, 0.0006, 0.002, 0.008, 0.04],
        .completeness: [0, 0.0001, 0.0006, 0.002, 0.008],
        .temporal: [0, 0.0002, 0.002, 0.008, 0.04],
        .geographical: [0, 0.000025, 0.0001, 0.0006, 0.002],
        .technological: [0, 0.0006, 0.008, 0.04, 0.12]
    ]

    /// Typical basic uncertainties. [M] to verify against the primary source.
    public enum BasicUncertainty {
        /// v2 basic factor for CO2 from combustion (SD95 contribution).
        public static let v2CO2Combustion = 1.05
        /// v2 basic factor for CH4 from combustion.
        public static let v2CH4Combustion = 1.5
        /// v2 basic factor for N2O from combustion.
        public static let v2N2OCombustion = 1.5
        /// v2 basic factor for energy and material demands.
        public static let v2Demand = 1.05
        /// v3 basic variance of ln X for combustion CO2 and energy/material demands.
        public static let v3CO2Combustion = 0.0006
    }

    /// The v2 factor of one indicator score.
    ///
    /// ```swift
    /// try Pedigree.v2Factor(.technological, score: 3)  // 1.20
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/invalidPedigreeScore`` for a score
    ///   outside 1...5; ``UncertaintyError/Code/pedigreeScoreNotApplicable``
    ///   for the "n/a" cells (geographical 4, technological 2).
    public static func v2Factor(_ indicator: Indicator, score: Int) throws -> Double {
        try checkScore(indicator, score)
        guard let factor = v2Factors[indicator]![score - 1] else {
            throw UncertaintyError(
                .pedigreeScoreNotApplicable,
                "pedigree v2: \(indicator.rawValue) score \(score) is not applicable in the ecoinvent v2 table",
                parameter: indicator.rawValue)
        }
        return factor
    }

    /// The v3 variance of one indicator score.
    ///
    /// ```swift
    /// try Pedigree.v3Variance(.reliability, score: 2)  // 0.0006
    /// ```
    ///
    /// - throws: ``UncertaintyError/Code/invalidPedigreeScore`` for a score
    ///   outside 1...5 or the v2-only sample-size indicator.
    public static func v3Variance(_ indicator: Indicator, score: Int) throws -> Double {
        try checkScore(indicator, score)
        guard let row = v3Variances[indicator] else {
            throw UncertaintyError(
                .invalidPedigreeScore, "pedigree v3: \(indicator.rawValue) is not an indicator of the v3 matrix",
                parameter: indicator.rawValue)
        }
        return row[score - 1]
    }

    /// ecoinvent v2: SD95 = exp(sqrt(Σ ln²U_i + ln²U_b)), σ = ln(SD95)/2.
    ///
    /// ```swift
    /// let u = try Pedigree.ecoinventV2(scores, basicFactor: 1.05)
    /// u.sd95   // 1.22287 for scores (2,3,1,2,3) — UNC-4
    /// u.sigma  // 0.100600
    /// ```
    ///
    /// - throws: pedigree errors of ``v2Factor(_:score:)``;
    ///   ``UncertaintyError/Code/invalidParameter`` if `basicFactor` < 1.
    public static func ecoinventV2(_ scores: PedigreeScores, basicFactor: Double) throws -> PedigreeUncertainty {
        guard basicFactor.isFinite, basicFactor >= 1 else {
            throw UncertaintyError(
                .invalidParameter, "pedigree v2: basicFactor = \(basicFactor) must be at least 1", parameter: "basicFactor")
        }
        var sum = log(basicFactor) * log(basicFactor)
        for (indicator, score) in scoreList(scores, includeSampleSize: true) {
            let u = try v2Factor(indicator, score: score)
            sum += log(u) * log(u)
        }
        return PedigreeUncertainty(sigma: 0.5 * sum.squareRoot())
    }

    /// ecoinvent v3: σ² = σ_b² + Σ σ_i².
    ///
    /// ```swift
    /// let u = try Pedigree.ecoinventV3(scores, basicVariance: 0.0006)
    /// u.variance  // 0.009825 for scores (2,3,1,2,3) — UNC-5
    /// u.gsd       // 1.104200
    /// ```
    ///
    /// - throws: pedigree errors of ``v3Variance(_:score:)`` (a sample-size
    ///   score other than nil or 1 is rejected: v3 has no such indicator);
    ///   ``UncertaintyError/Code/invalidParameter`` if `basicVariance` < 0.
    public static func ecoinventV3(_ scores: PedigreeScores, basicVariance: Double) throws -> PedigreeUncertainty {
        guard basicVariance.isFinite, basicVariance >= 0 else {
            throw UncertaintyError(
                .invalidParameter, "pedigree v3: basicVariance = \(basicVariance) must not be negative",
                parameter: "basicVariance")
        }
        if let n = scores.sampleSize, n != 1 {
            throw UncertaintyError(
                .invalidPedigreeScore, "pedigree v3: the sample-size indicator (score \(n)) exists only in ecoinvent v2",
                parameter: "sampleSize")
        }
        var sum = basicVariance
        for (indicator, score) in scoreList(scores, includeSampleSize: false) {
            sum += try v3Variance(indicator, score: score)
        }
        return PedigreeUncertainty(sigma: sum.squareRoot())
    }

    private static func scoreList(_ s: PedigreeScores, includeSampleSize: Bool) -> [(Indicator, Int)] {
        var list: [(Indicator, Int)] = [
            (.reliability, s.reliability), (.completeness, s.completeness), (.temporal, s.temporal),
            (.geographical, s.geographical), (.technological, s.technological)
        ]
        if includeSampleSize { list.append((.sampleSize, s.sampleSize ?? 1)) }
        return list
    }

    private static func checkScore(_ indicator: Indicator, _ score: Int) throws {
        if !(1...5).contains(score) {
            throw UncertaintyError(
                .invalidPedigreeScore, "pedigree: \(indicator.rawValue) score \(score) is outside 1...5",
                parameter: indicator.rawValue)
        }
    }
}
