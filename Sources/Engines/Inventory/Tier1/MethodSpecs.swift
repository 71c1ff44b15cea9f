import YuhengCore

/// What a parameter of an activity line may hold.
public struct ParameterSpec: Sendable, Hashable {
    /// The kind of value a parameter holds, which decides how it is parsed and checked.
    public enum Kind: Sendable, Hashable {
        /// A number in `unit`, or a number with a unit convertible to it (`0.75 t/t`).
        case number
        /// A fraction in [0, 1].
        case fraction
        /// A mass (default unit t), not negative.
        case mass
        /// One of the listed words.
        case choice([String])
        /// true or false.
        case flag
        /// Free text (e.g. a refrigerant name), checked by the method.
        case text
        /// A quantity with a unit, e.g. `2.3e-7 t/m3` (checked by the method).
        case quantity
    }

    /// Parameter key as written in the `parameters` column, e.g. "clinker_fraction".
    public let key: String
    /// How the value is parsed and checked.
    public let kind: Kind
    /// The unit of the number (documentation and default unit of `.number`).
    public let unit: String
    /// Physically plausible range of the value in `unit`: outside it is a warning, beyond 100× it an error.
    public let plausible: ClosedRange<Double>?
    /// One-line description, e.g. "net calorific value for amounts given as mass (default: IPCC 2006 Vol 2 Table 1.2)".
    public let help: String

    /// A parameter specification.
    public init(_ key: String, _ kind: Kind, unit: String = "", plausible: ClosedRange<Double>? = nil, _ help: String) {
        self.key = key
        self.kind = kind
        self.unit = unit
        self.plausible = plausible
        self.help = help
    }
}

/// The description of a method: its categories, items, amount, parameters and defaults edition.
/// The registry drives the validation of every activity line and `docs/inventory-format.md`.
public struct MethodSpec: Sendable {
    /// The method described.
    public let method: InventoryMethod
    /// Title of the method, e.g. "Stationary combustion".
    public let title: String
    /// The equations and tables, e.g. "IPCC 2006 Vol 3 Ch 2.3, Eqs 2.8–2.9, Table 2.4".
    public let reference: String
    /// Allowed categories (prefixes); the first is the default when the category is left empty.
    public let categories: [String]
    /// Allowed items, or nil when the method checks them itself.
    public let items: [String]?
    /// What the amount is.
    public let amount: String
    /// Dimensions the amount may have.
    public let amountDimensions: [UnitDimension]
    /// The unit the method works in, and the largest plausible amount for one line in it
    /// (beyond any country's scale; a larger amount is a warning, beyond 1000× an error).
    public let canonicalUnit: String
    /// Largest plausible amount for one line, in `canonicalUnit`; nil when unbounded.
    public let plausibleMax: Double?
    /// Edition used when the line gives no `guideline` (nil: the method has no edition choice).
    public let defaultGuideline: Guideline?
    /// The parameters a line of the method may give.
    public let parameters: [ParameterSpec]

    /// The keys of `parameters`; any other key on a line is an error.
    public var keys: Set<String> { Set(parameters.map(\.key)) }
}

/// The registry of method specifications.
public enum MethodSpecs {
    /// The specification of method `m`, nil when the registry has none.
    public static func spec(_ m: InventoryMethod) -> MethodSpec? { byMethod[m] }

    /// Every method specification, by sector (energy, IPPU, AFOLU, waste).
    public static let all: [MethodSpec] = original + energy + ippu + afolu + waste

    static let byMethod: [InventoryMethod: MethodSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.method, $0) })

    /// Every parameter key of every method, with the methods that accept it.
    static let ownersOfKey: [String: [InventoryMethod]] = {
        var out: [String: [InventoryMethod]] = [:]
        for s in all { for k in s.keys { out[k, default: []].append(s.method) } }
        return out
    }()

    static let mass: [UnitDimension] = [.mass]
    static let guidelineParam = ParameterSpec(
        "guideline", .choice(["2006", "2019R"]),
        "edition of the IPCC Guidelines whose defaults apply (2019R falls back to 2006 where the Refinement kept the 2006 value)")

    // MARK: - Validation

    /// Checks the parameters and amount of a line against its method. Throws for an unknown key
    /// (with a did-you-mean), a key of another method, a fraction outside [0, 1], a negative mass,
    /// an unknown choice, or a value more than 100× outside its plausible range (a unit slip such
    /// as kg/t for t/t); returns warnings for values outside the plausible range.
    public static func validate(_ a: Activity) throws -> [InventoryError] {
        guard let spec = byMethod[a.method] else { return [] }
        var warnings: [InventoryError] = []
        let byKey = Dictionary(uniqueKeysWithValues: spec.parameters.map { ($0.key, $0) })
        for (key, raw) in a.parameters.sorted(by: { $0.key < $1.key }) {
            if key.hasSuffix("_uncertainty_pct") {
                let base = String(key.dropLast("_uncertainty_pct".count))
                let known = byKey[base] != nil || (a.method.isOriginal && byKey[key] != nil)
                guard known else { throw unknown(key, spec: spec) }
                guard let v = Double(raw.trimmingCharacters(in: .whitespaces)), v.isFinite, v >= 0 else {
                    throw InventoryError(
                        .invalidNumber, "parameter '\(key)' must be a non-negative percentage, got '\(raw)'", field: "parameters",
                        suggestion: "give the half-width of the 95 % interval in percent, e.g. \(key)=10")
                }
                if v > 1000 {
                    throw InventoryError(
                        .invalidParameter, "parameter '\(key)' = \(raw) % is not a plausible uncertainty", field: "parameters",
                        suggestion: "give the half-width of the 95 % interval in percent (e.g. 30), not a fraction or a range")
                }
                continue
            }
            guard let p = byKey[key] else { throw unknown(key, spec: spec) }
            warnings += try check(p, raw, method: a.method)
        }
        if !a.method.isOriginal {
            if let items = spec.items, !items.contains(a.item) {
                let guess = closest(a.item, in: items)
                throw InventoryError(
                    .unknownItem, "unknown item '\(a.item)' for method \(a.method.rawValue)", field: "item",
                    suggestion: (guess.map { "Did you mean '\($0)'? " } ?? "") + "items: \(items.joined(separator: ", "))")
            }
            if !spec.categories.contains(where: { a.category == $0 || a.category.hasPrefix($0 + ".") }) {
                throw InventoryError(
                    .unknownCategory, "category \(a.category) does not belong to method \(a.method.rawValue)", field: "category",
                    suggestion:
                        "\(spec.title) is reported under \(spec.categories.joined(separator: " or ")); leave the category empty to use \(spec.categories[0])"
                )
            }
            guard spec.amountDimensions.contains(a.unit.dimension) else {
                throw InventoryError(
                    .unitMismatch, "\(a.unit.symbol) (\(a.unit.dimension)) is not a unit for \(spec.amount)", field: "unit",
                    suggestion: "give the amount in \(spec.canonicalUnit) or a unit of the same kind")
            }
            if let max = spec.plausibleMax, let u = try? MeasureUnit(spec.canonicalUnit), u.dimension == a.unit.dimension,
                let v = try? a.unit.convert(a.amount, to: u)
            {
                if v > max * 1000 {
                    throw InventoryError(
                        .invalidParameter,
                        "the amount \(fmt(a.amount)) \(a.unit.symbol) is far beyond any country's \(spec.amount) (more than 1000× \(fmt(max)) \(spec.canonicalUnit))",
                        field: "amount",
                        suggestion: "check the unit of the amount (t, kt = Gg, Mt)")
                } else if v > max {
                    warnings.append(
                        InventoryError(
                            .invalidParameter,
                            "the amount \(fmt(a.amount)) \(a.unit.symbol) is larger than any country's \(spec.amount) (more than \(fmt(max)) \(spec.canonicalUnit)); check its unit",
                            field: "amount"))
                }
            }
        }
        return warnings
    }

    static func unknown(_ key: String, spec: MethodSpec) -> InventoryError {
        if let owners = ownersOfKey[key], !owners.isEmpty {
            return InventoryError(
                .invalidParameter, "parameter '\(key)' does not apply to method \(spec.method.rawValue)", field: "parameters",
                suggestion:
                    "it is a parameter of \(owners.map(\.rawValue).joined(separator: ", ")); parameters of \(spec.method.rawValue): \(spec.parameters.map(\.key).sorted().joined(separator: ", "))"
            )
        }
        let guess = closest(key, in: spec.keys)
        return InventoryError(
            .invalidParameter, "unknown parameter '\(key)' for method \(spec.method.rawValue)", field: "parameters",
            suggestion: (guess.map { "Did you mean '\($0)'? " } ?? "")
                + "parameters of \(spec.method.rawValue): \(spec.parameters.map(\.key).sorted().joined(separator: ", "))")
    }

    static func check(_ p: ParameterSpec, _ raw: String, method: InventoryMethod) throws -> [InventoryError] {
        let text = raw.trimmingCharacters(in: .whitespaces)
        switch p.kind {
        case .choice(let options):
            let v = text.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
            guard options.contains(v) || options.contains(text) else {
                let guess = closest(v, in: options)
                throw InventoryError(
                    .invalidParameter, "\(p.key) '\(text)' is not one of \(options.joined(separator: ", "))", field: "parameters",
                    suggestion: guess.map { "Did you mean '\($0)'?" } ?? "write \(p.key)=\(options[0])")
            }
            return []
        case .flag:
            guard ["true", "false", "yes", "no", "1", "0"].contains(text.lowercased()) else {
                throw InventoryError(.invalidParameter, "\(p.key) must be true or false, got '\(text)'", field: "parameters")
            }
            return []
        case .text, .quantity:
            guard !text.isEmpty else { throw InventoryError(.missingValue, "parameter '\(p.key)' is empty", field: "parameters") }
            return []
        case .number, .fraction, .mass:
            let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
            guard let first = parts.first, let v = Double(first), v.isFinite else {
                throw InventoryError(
                    .invalidNumber, "parameter '\(p.key)' must be a number, got '\(raw)'", field: "parameters",
                    suggestion: p.unit.isEmpty ? nil : "e.g. \(p.key)=… \(p.unit)")
            }
            var value = v
            if parts.count == 2 {
                let u: MeasureUnit
                do { u = try MeasureUnit(parts[1]) } catch let e as UnitError {
                    throw InventoryError(.unitMismatch, "parameter '\(p.key)': \(e.message)", field: "parameters")
                }
                let target = p.kind == .mass ? "t" : p.unit
                if let tu = try? MeasureUnit(target) {
                    do { value = try u.convert(v, to: tu) } catch {
                        throw InventoryError(
                            .unitMismatch, "parameter '\(p.key)': \(u.symbol) cannot be converted to \(target)", field: "parameters",
                            suggestion: "give \(p.key) in \(target)")
                    }
                }
            }
            if p.kind == .fraction {
                guard (0...1).contains(value) else {
                    throw InventoryError(
                        .invalidParameter, "parameter '\(p.key)' is a fraction between 0 and 1, got \(fmt(value))", field: "parameters",
                        suggestion: value > 1 && value <= 100 ? "write \(fmt(value / 100)) rather than \(fmt(value))" : "give a value between 0 and 1"
                    )
                }
            }
            if value < 0 {
                throw InventoryError(.negativeAmount, "parameter '\(p.key)' must not be negative (got \(fmt(value)))", field: "parameters")
            }
            if let r = p.plausible, value != 0 {
                let unitText = p.kind == .mass ? "t" : p.unit
                if value > r.upperBound * 100 || (r.lowerBound > 0 && value < r.lowerBound / 100) {
                    throw InventoryError(
                        .invalidParameter,
                        "parameter '\(p.key)' = \(fmt(value)) \(unitText) is far outside the plausible range \(fmt(r.lowerBound))–\(fmt(r.upperBound)) \(unitText)",
                        field: "parameters",
                        suggestion: "check the unit (e.g. kg/t instead of t/t is 1000× too large)")
                }
                if !r.contains(value) {
                    return [
                        InventoryError(
                            .invalidParameter,
                            "parameter '\(p.key)' = \(fmt(value)) \(unitText) is outside the plausible range \(fmt(r.lowerBound))–\(fmt(r.upperBound)) \(unitText)",
                            field: "parameters")
                    ]
                }
            }
            return []
        }
    }
}

// MARK: - The specifications

extension MethodSpecs {
    static let uncertaintyKeys = [
        ParameterSpec("ef_uncertainty_pct", .number, unit: "%", "uncertainty of the emission factor chain, half-width of the 95 % interval")
    ]

    static let original: [MethodSpec] = {
        let combustion: [ParameterSpec] = [
            ParameterSpec("ncv", .quantity, unit: "GJ/t", "net calorific value for amounts given as mass (default: IPCC 2006 Vol 2 Table 1.2)"),
            ParameterSpec("density", .quantity, unit: "t/m3", "density for amounts given as volume"),
            ParameterSpec("ef_co2", .quantity, unit: "kg/TJ", "CO2 emission factor"),
            ParameterSpec("ef_ch4", .quantity, unit: "kg/TJ", "CH4 emission factor"),
            ParameterSpec("ef_n2o", .quantity, unit: "kg/TJ", "N2O emission factor"),
            ParameterSpec("oxidation", .fraction, "carbon oxidation factor (default 1)"),
            ParameterSpec("gases", .text, "gases to compute, e.g. CO2 or CO2,CH4"),
            ParameterSpec("ef_uncertainty_pct", .number, unit: "%", "uncertainty of the whole CO2 factor chain"),
            ParameterSpec("ncv_uncertainty_pct", .number, unit: "%", "uncertainty of the NCV"),
            ParameterSpec("ch4_uncertainty_pct", .number, unit: "%", "uncertainty of the CH4 factor"),
            ParameterSpec("n2o_uncertainty_pct", .number, unit: "%", "uncertainty of the N2O factor")
        ]
        return [
            MethodSpec(
                method: .stationary, title: "Stationary combustion", reference: "IPCC 2006 Vol 2 Ch 2, Eq 2.1, Tables 2.2–2.5",
                categories: ["1.A"], items: nil, amount: "fuel consumption", amountDimensions: [.energy, .mass, .volume],
                canonicalUnit: "TJ", plausibleMax: nil, defaultGuideline: nil,
                parameters: combustion + [
                    ParameterSpec("ef_table", .choice(["1A1", "1A2", "1A4a", "1A4b", "1A4c"]), "the Table 2.2–2.5 column to use")
                ]),
            MethodSpec(
                method: .mobile, title: "Mobile combustion", reference: "IPCC 2006 Vol 2 Ch 3, Eqs 3.2.1, 3.2.3",
                categories: ["1.A.3"], items: nil, amount: "fuel consumption", amountDimensions: [.energy, .mass, .volume],
                canonicalUnit: "TJ", plausibleMax: nil, defaultGuideline: nil,
                parameters: combustion + [
                    ParameterSpec("mode", .choice(["road", "rail", "navigation", "aviation"]), "transport mode (default from the category)"),
                    ParameterSpec("technology", .text, "road vehicle technology, e.g. oxidation_catalyst")
                ]),
            MethodSpec(
                method: .cement, title: "Cement production", reference: "IPCC 2006 Vol 3 Ch 2.2, Eqs 2.1, 2.2, 2.4, 2.5",
                categories: ["2.A.1"], items: nil, amount: "cement or clinker produced", amountDimensions: mass,
                canonicalUnit: "t", plausibleMax: nil, defaultGuideline: nil,
                parameters: [
                    ParameterSpec("tier", .choice(["1", "2"]), "1 (from cement) or 2 (from clinker)"),
                    ParameterSpec("clinker_fraction", .fraction, "clinker fraction of the cement (Tier 1)"),
                    ParameterSpec("clinker_imports", .mass, "clinker imported for consumption"),
                    ParameterSpec("clinker_exports", .mass, "clinker exported"),
                    ParameterSpec(
                        "ef_clc", .number, unit: "t/t", plausible: 0.3...0.7, "Tier 1 clinker emission factor, t CO2/t clinker (default 0.52)"),
                    ParameterSpec("cao_fraction", .fraction, "CaO content of clinker (Tier 2, default 0.65)"),
                    ParameterSpec("non_carbonate_cao_fraction", .fraction, "CaO from non-carbonate sources"),
                    ParameterSpec("ckd", .mass, "cement kiln dust not recycled"),
                    ParameterSpec("ckd_carbonate_fraction", .fraction, "carbonate fraction of the CKD (C_d)"),
                    ParameterSpec("ckd_calcination_fraction", .fraction, "calcination fraction of the CKD (F_d)"),
                    ParameterSpec(
                        "ef_carbonate", .number, unit: "t/t", plausible: 0.2...0.6, "EF of the carbonate in the CKD (default calcite 0.43971)"),
                    ParameterSpec("ckd_correction", .number, unit: "1", plausible: 1...1.5, "CKD correction factor (default 1.02)")
                ] + uncertaintyKeys),
            MethodSpec(
                method: .enteric, title: "Enteric fermentation", reference: "IPCC 2006 / 2019R Vol 4 Ch 10, Eqs 10.19–10.21",
                categories: ["3.A.1"], items: nil, amount: "number of animals", amountDimensions: [.count],
                canonicalUnit: "head", plausibleMax: nil, defaultGuideline: .refinement2019,
                parameters: [
                    ParameterSpec("region", .text, "IPCC region, e.g. western_europe"),
                    guidelineParam,
                    ParameterSpec("ef", .number, unit: "kg/head/yr", plausible: 0.1...300, "emission factor, kg CH4 per head per year"),
                    ParameterSpec("gross_energy", .number, unit: "MJ/head/day", plausible: 1...800, "Tier 2 gross energy intake"),
                    ParameterSpec("ym_pct", .number, unit: "%", plausible: 2...12, "Tier 2 methane conversion factor, % of gross energy")
                ] + uncertaintyKeys),
            MethodSpec(
                method: .reference, title: "Reference approach", reference: "IPCC 2006 Vol 2 Ch 6, Eq 6.1",
                categories: ["1.A"], items: nil, amount: "fuel production", amountDimensions: mass,
                canonicalUnit: "t", plausibleMax: nil, defaultGuideline: nil,
                parameters: [
                    ParameterSpec("imports", .quantity, "imports (in the amount's unit unless given with one)"),
                    ParameterSpec("exports", .quantity, "exports"),
                    ParameterSpec("bunkers", .quantity, "international bunkers"),
                    ParameterSpec("stock_change", .quantity, "stock change (build-up positive)"),
                    ParameterSpec("excluded_carbon", .quantity, "carbon in feedstocks and non-energy use"),
                    ParameterSpec("ncv", .quantity, unit: "GJ/t", "net calorific value"),
                    ParameterSpec("carbon_content", .quantity, unit: "kg/GJ", "carbon content, kg C/GJ"),
                    ParameterSpec("oxidation", .fraction, "carbon oxidation factor")
                ])
        ]
    }()

    static let energy: [MethodSpec] = [
        MethodSpec(
            method: .coalMining, title: "Coal mining and handling (fugitive CH4)",
            reference: "IPCC 2006 Vol 2 Ch 4.1, Eqs 4.1.3, 4.1.4, 4.1.7, 4.1.8 (Tier 1), 4.1.10 (abandoned mines)",
            categories: ["1.B.1.a"], items: ["underground", "surface", "abandoned"],
            amount: "raw coal production (or number of abandoned mines)", amountDimensions: [.mass, .count],
            canonicalUnit: "t", plausibleMax: 5e9, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("emission_level", .choice(["low", "average", "high"]), "which Tier 1 factor of the range (default average)"),
                ParameterSpec("ef_mining", .number, unit: "m3/t", plausible: 0...60, "CH4 emission factor of mining, m3 CH4 per tonne of coal"),
                ParameterSpec("ef_post_mining", .number, unit: "m3/t", plausible: 0...10, "CH4 emission factor of post-mining, m3 per tonne"),
                ParameterSpec("ch4_density", .number, unit: "kg/m3", plausible: 0.6...0.8, "density of CH4 (default 0.67 kg/m3 at 20 °C, 1 atm)"),
                ParameterSpec("recovered_ch4", .mass, "CH4 recovered and used for energy (subtracted)"),
                ParameterSpec("flared_ch4", .mass, "drained CH4 sent to flares (98 % burnt to CO2)"),
                ParameterSpec("ef", .number, unit: "m3/yr", plausible: 0...1e8, "abandoned mines: CH4 per gassy mine and year, m3"),
                ParameterSpec("gassy_fraction", .fraction, "abandoned mines: fraction of mines that were gassy")
            ]),
        MethodSpec(
            method: .oilGas, title: "Oil and natural gas systems (fugitive, venting, flaring)",
            reference: "IPCC 2006 Vol 2 Ch 4.2, Eq 4.2.1 (Tier 1, segment factors of Tables 4.2.4/4.2.5)",
            categories: ["1.B.2"], items: nil, amount: "segment activity (e.g. gas or oil production volume)",
            amountDimensions: [.volume, .mass, .energy, .count], canonicalUnit: "m3", plausibleMax: nil, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("ef_co2", .quantity, "CO2 per unit of activity, with its unit (e.g. 9.5e-6 t/m3)"),
                ParameterSpec("ef_ch4", .quantity, "CH4 per unit of activity, with its unit"),
                ParameterSpec("ef_n2o", .quantity, "N2O per unit of activity, with its unit")
            ])
    ]
}
