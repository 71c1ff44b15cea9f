import YuhengCore

/// The CBAM sectors of Annex I to Regulation (EU) 2023/956.
public enum CBAMSector: String, Sendable, Codable, CaseIterable {
    case cement = "Cement"
    case electricity = "Electricity"
    case fertilisers = "Fertilisers"
    case ironSteel = "Iron & Steel"
    case aluminium = "Aluminium"
    case hydrogen = "Hydrogen"
}

/// One CN code of the CBAM goods catalog with its transitional default values.
///
/// The defaults are the Commission's transitional-period values (DG TAXUD, 22 Dec 2023) at the level
/// of the aggregated goods category, as carried by the bundled catalog (see `docs/cbam-format.md`);
/// they are world averages, not the country-specific definitive-period values of Implementing
/// Regulation (EU) 2025/2621.
public struct CBAMGoodRecord: Sendable, Codable, Hashable {
    /// 4, 6 or 8 digits, no spaces.
    public var cnCode: String
    /// Description of the good in the Combined Nomenclature, e.g. "Flat-rolled products of iron, hot-rolled".
    public var name: String
    /// Aggregated goods category (e.g. "Iron or steel products", "Cement clinker").
    public var category: String
    /// CBAM sector of Annex I the good belongs to.
    public var sector: CBAMSector
    /// Transitional default specific embedded emissions, t CO2e per tonne of good.
    public var defaultDirect: Double
    /// Transitional default indirect (electricity) specific embedded emissions, t CO2e per tonne of good.
    public var defaultIndirect: Double

    /// Memberwise initialiser.
    public init(cnCode: String, name: String, category: String, sector: CBAMSector, defaultDirect: Double, defaultIndirect: Double) {
        self.cnCode = cnCode
        self.name = name
        self.category = category
        self.sector = sector
        self.defaultDirect = defaultDirect
        self.defaultIndirect = defaultIndirect
    }

    enum CodingKeys: String, CodingKey {
        case cnCode = "cn_code", name, category, sector
        case defaultDirect = "default_direct"
        case defaultIndirect = "default_indirect"
    }
}

/// The CBAM goods catalog: which CN codes are CBAM goods, their aggregated goods category, sector
/// and transitional default values.
///
/// ```swift
/// let catalog = try BundledCBAM.load()          // YuhengData
/// let hrc = try catalog.resolve("7208 39 00")  // "72083900", Iron or steel products, 2.01 / 0.27
/// ```
public struct CBAMCatalog: Sendable {
    /// The goods keyed by their CN code (digits only).
    public let records: [String: CBAMGoodRecord]
    /// Dataset, version and licence of the catalog, when known.
    public var provenance: Provenance?

    /// A catalog of `records`; a CN code given twice keeps its last record.
    public init(records: [CBAMGoodRecord], provenance: Provenance? = nil) {
        var r: [String: CBAMGoodRecord] = [:]
        for x in records { r[x.cnCode] = x }
        self.records = r
        self.provenance = provenance
    }

    /// Removes spaces and dots: "7208 39 00" → "72083900".
    public static func normalise(_ code: String) -> String {
        String(code.filter { !$0.isWhitespace && $0 != "." })
    }

    /// ``resolve(_:field:)``, with a warning when the code is not listed although the catalog lists
    /// the codes at its level under the same heading (a mistyped or non-existent code such as
    /// 7208 99 99 mapped to its heading 7208).
    public func resolve(_ code: String, field: String?, warnings: inout [String]) throws -> CBAMGoodRecord {
        let r = try resolve(code, field: field)
        let c = Self.normalise(code)
        if records[c] == nil, r.cnCode != c, c.count > r.cnCode.count,
            records.keys.contains(where: { $0.count == c.count && $0.hasPrefix(r.cnCode) })
        {
            let w =
                (field.map { "field '\($0)': " } ?? "")
                + "CN code '\(code)' is not in the catalog, which lists the \(c.count)-digit codes under \(r.cnCode); "
                + "it is treated as its heading \(r.cnCode) (\(r.category)). Check the code against the Combined Nomenclature"
            if !warnings.contains(w) { warnings.append(w) }
        }
        return r
    }

    /// The catalog entry for a CN code: the code itself, else its longest listed parent (6 or 4
    /// digits), else — for a shorter code — its listed sub-codes when they all share one category.
    /// Throws ``PolicyError/Code/unknownCNCode`` or ``PolicyError/Code/ambiguousCNCode``.
    public func resolve(_ code: String, field: String? = nil) throws -> CBAMGoodRecord {
        let c = Self.normalise(code)
        guard !c.isEmpty, c.allSatisfy(\.isNumber), c.count >= 4, c.count <= 10 else {
            throw PolicyError(.unknownCNCode, "'\(code)' is not a CN code (4 to 8 digits, e.g. 7208 39 00)", field: field)
        }
        if let r = records[c] { return r }
        for n in [8, 6, 4] where n < c.count {
            if let r = records[String(c.prefix(n))] { return r }
        }
        let children = records.values.filter { $0.cnCode.hasPrefix(c) }
        if children.isEmpty {
            throw PolicyError(
                .unknownCNCode, "unknown CN code '\(code)': it is not a CBAM good in the bundled catalog (Annex I to Regulation (EU) 2023/956)",
                field: field,
                suggestion:
                    "CBAM covers cement (2507, 2523), electricity (2716), fertilisers (2808, 2814, 2834, 3102, 3105), iron and steel (2601 12 00, chapter 72, 7301-7311, 7318, 7326), aluminium (7601, 7603-7614, 7616) and hydrogen (2804 10 00)"
            )
        }
        let categories = Set(children.map { "\($0.category)|\($0.defaultDirect)|\($0.defaultIndirect)" })
        if categories.count == 1, let first = children.min(by: { $0.cnCode < $1.cnCode }) {
            var r = first
            r.cnCode = c
            return r
        }
        let examples = children.sorted { $0.cnCode < $1.cnCode }.prefix(4).map { "\($0.cnCode) (\($0.category))" }.joined(separator: ", ")
        throw PolicyError(
            .ambiguousCNCode, "CN code '\(code)' covers several aggregated goods categories", field: field,
            suggestion: "give the full 8-digit code, e.g. \(examples)")
    }
}

/// Annex II scope, mark-ups and the CBAM factor: the legal parameters of the definitive period.
///
/// Sources (checked against the text of the acts; see `docs/cbam-format.md`, "Checked values"):
/// - CBAM factor: Directive 2003/87/EC Article 10a(1a) as inserted by Directive (EU) 2023/959.
/// - Mark-ups: Implementing Regulation (EU) 2025/2621, Annex I opening paragraph as replaced by
///   Implementing Regulation (EU) 2026/1740.
/// - Direct-only goods: Regulation (EU) 2023/956 Article 7(1) and Annex II (electricity added by
///   Regulation (EU) 2025/2083).
public enum CBAMSchedules {
    /// First year of the definitive period (certificates are due for imports from this year).
    public static let definitiveStart = 2026

    /// The CBAM factor: the share of EU ETS free allocation still granted for CBAM goods in `year`
    /// (1.0 up to 2025, 0.975 in 2026 … 0.14 in 2033, 0 from 2034).
    public static func cbamFactor(year: Int) -> Double {
        switch year {
        case ..<2026: return 1.0
        case 2026: return 0.975
        case 2027: return 0.95
        case 2028: return 0.90
        case 2029: return 0.775
        case 2030: return 0.515
        case 2031: return 0.39
        case 2032: return 0.265
        case 2033: return 0.14
        default: return 0
        }
    }

    /// The mark-up on default values in `year`: cement, iron and steel, aluminium and hydrogen
    /// 10 % (2026), 20 % (2027), 30 % (2028 onward); fertilisers 1 % from 2026; none for
    /// electricity and none in the transitional period.
    public static func markUp(year: Int, sector: CBAMSector) -> Double {
        if year < definitiveStart { return 0 }
        switch sector {
        case .fertilisers: return 0.01
        case .electricity: return 0
        case .cement, .ironSteel, .aluminium, .hydrogen:
            switch year {
            case 2026: return 0.10
            case 2027: return 0.20
            default: return 0.30
            }
        }
    }

    /// True for goods of Annex II to Regulation (EU) 2023/956, for which only direct emissions count
    /// in the definitive period: iron and steel except agglomerated iron ore (2601 12 00),
    /// aluminium, hydrogen and electricity. Cement, fertilisers and sintered ore count direct and
    /// indirect emissions.
    public static func directOnly(_ good: CBAMGoodRecord) -> Bool {
        switch good.sector {
        case .cement, .fertilisers: return false
        case .aluminium, .hydrogen, .electricity: return true
        case .ironSteel: return !good.cnCode.hasPrefix("2601")
        }
    }
}
