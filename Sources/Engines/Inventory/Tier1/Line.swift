import Foundation
import YuhengCore

/// Where a default comes from: a parameter of the bundled Tier 1 tables, with item and qualifier.
struct DefaultRef {
    var parameter: String
    var item: String = ""
    var qualifier: String = ""
}

/// The working context of one activity line of a Tier 1 method: it resolves parameters (the
/// user's value, else the bundled default of the line's guideline edition), records every value
/// used (``FactorUse``) and every uncertain input, and turns equations into emissions.
struct Line {
    let engine: InventoryEngine
    let a: Activity
    let spec: MethodSpec
    let guideline: Guideline
    var factors: [UncertainFactor] = []
    var uses: [FactorUse] = []
    var steps: [String] = []
    private var index: [String: Int] = [:]

    init(_ engine: InventoryEngine, _ a: Activity) throws {
        self.engine = engine
        self.a = a
        guard let s = MethodSpecs.spec(a.method) else {
            throw InventoryError(.unknownMethod, "method \(a.method.rawValue) has no specification", field: "method")
        }
        self.spec = s
        if let g = a.parameters["guideline"] { guideline = try Guideline.parse(g) } else { guideline = s.defaultGuideline ?? .ipcc2006 }
    }

    /// Keys whose values on the line describe the activity (how it is split or how long it lasts) rather than a
    /// factor: taken as exact unless `KEY_uncertainty_pct` is given.
    static let exactWhenGiven: Set<String> = [
        "share", "plant_share", "days", "amendment_rate", "calcination_fraction", "charged_new", "retired_charge"
    ]

    var adID: String { "ad:\(a.id)" + (a.line.map { "@\($0)" } ?? "") }

    // MARK: Inputs

    mutating func register(_ f: UncertainFactor) -> Int {
        if let i = index[f.id] { return i }
        factors.append(f)
        index[f.id] = factors.count - 1
        return factors.count - 1
    }

    /// The amount in `unit`, tied to the activity-data uncertainty.
    mutating func amount(in unit: String, name: String? = nil) throws -> Value {
        let u = try MeasureUnit(unit)
        let v: Double
        do { v = try a.unit.convert(a.amount, to: u) } catch {
            throw InventoryError(
                .unitMismatch, "\(a.unit.symbol) cannot be converted to \(unit) for \(spec.amount)", field: "unit",
                suggestion: "give the amount in \(unit) or a unit of the same kind")
        }
        steps.append("\(name ?? spec.amount) = \(fmt(a.amount)) \(a.unit.symbol)" + (a.unit.symbol == unit ? "" : " = \(fmt(v)) \(unit)"))
        guard let pct = a.adUncertaintyPercent, pct > 0 else { return .exact(v) }
        let i = register(UncertainFactor(id: adID, name: "activity data of \(a.id) (±\(fmt(pct)) %)", kind: .activityData, value: v, percent: pct))
        return Value(value: v, index: i, unquantified: false)
    }

    /// A numeric parameter: the user's value (in `unit`, or with a convertible unit), else the bundled
    /// default, else nil (or an error when `required`). Fractions are checked to lie in [0, 1].
    mutating func param(
        _ key: String, unit: String, _ d: DefaultRef?, required: Bool = true, fraction: Bool = false,
        label: String? = nil
    ) throws -> Value? {
        let name = label ?? key
        if let raw = a.parameters[key] {
            let v = try userNumber(key, raw, unit: unit)
            var use = FactorUse(name, v, unit, "user")
            use.reference = "given on the line"
            uses.append(use)
            if let pct = try userPercent(key) {
                let i = register(
                    UncertainFactor(
                        id: "user:\(a.id)@\(a.line ?? -1):\(key)", name: "\(name) of \(a.id) (±\(fmt(pct)) %)",
                        kind: .factor, value: v, percent: pct, isFraction: fraction))
                return Value(value: v, index: i, unquantified: false)
            }
            // allocation shares and periods on the line are activity data, exact unless KEY_uncertainty_pct says otherwise
            return Value(value: v, index: nil, unquantified: !Self.exactWhenGiven.contains(key))
        }
        guard let d else {
            if required {
                throw InventoryError(
                    .missingValue, "\(spec.title) needs \(key) (\(unit)); no default is bundled", field: "parameters",
                    suggestion: "add \(key)=… to parameters")
            }
            return nil
        }
        guard let def = engine.factors.tier1Default(guideline, d.parameter, item: d.item, qualifier: d.qualifier) else {
            if !required { return nil }
            throw missingDefault(key, unit: unit, d)
        }
        var use = FactorUse(name, def.value, def.unit, def.datasetID)
        use.reference = def.ipccTable
        use.guideline = def.guideline
        use.verification = def.verification
        uses.append(use)
        if guideline == .refinement2019 && def.guideline == Guideline.ipcc2006.rawValue {
            steps.append("\(name): the 2006 value (\(def.ipccTable)) applies; the 2019 Refinement did not replace it in the bundled tables")
        }
        if let pct = try userPercent(key) {
            let i = register(
                UncertainFactor(
                    id: def.inputID + "|U=\(fmt(pct))", name: "\(name) (\(def.ipccTable), ±\(fmt(pct)) %)",
                    kind: .factor, value: def.value, percent: pct, isFraction: fraction))
            return Value(value: def.value, index: i, unquantified: false)
        }
        if let lo = def.low, let hi = def.high, hi > lo {
            let i = register(
                UncertainFactor(
                    id: def.inputID, name: "\(name) \(d.item)\(d.qualifier.isEmpty ? "" : " " + d.qualifier) (\(def.ipccTable), \(def.guideline))",
                    kind: .factor, value: def.value, low: lo, high: hi, isFraction: fraction))
            return Value(value: def.value, index: i, unquantified: false)
        }
        if let lo = def.low, let hi = def.high, hi == lo {
            return Value(value: def.value, index: nil, unquantified: false) // a definitional constant (range of zero width)
        }
        return Value(value: def.value, index: nil, unquantified: true)
    }

    /// A constant of the equation (molar ratios, unit conversions): exact.
    func constant(_ v: Double) -> Value { .exact(v) }

    func missingDefault(_ key: String, unit: String, _ d: DefaultRef) -> InventoryError {
        let other = engine.factors.tier1OnlyIn(d.parameter, item: d.item, qualifier: d.qualifier)
        if !other.isEmpty {
            return InventoryError(
                .missingFactor,
                "no \(guideline.rawValue) default for \(key) of \(d.item)\(d.qualifier.isEmpty ? "" : " (\(d.qualifier))"); only the \(other.joined(separator: ", ")) table has one",
                field: "parameters", suggestion: "write guideline=\(other[0]) to use it, or give \(key)=… \(unit)")
        }
        let known = engine.factors.tier1Keys(d.parameter)
        var hint = "give \(key)=… \(unit) in parameters"
        if !d.item.isEmpty, !known.items.isEmpty, !known.items.contains(d.item) {
            hint = "bundled defaults exist for \(known.items.prefix(20).joined(separator: ", ")); or " + hint
        } else if !d.qualifier.isEmpty, !known.qualifiers.isEmpty {
            hint = "bundled defaults exist for \(known.qualifiers.prefix(20).joined(separator: ", ")); or " + hint
        }
        return InventoryError(
            .missingFactor,
            "no bundled default for \(key) of \(d.item.isEmpty ? spec.method.rawValue : d.item)\(d.qualifier.isEmpty ? "" : " (\(d.qualifier))")",
            field: "parameters", suggestion: hint)
    }

    func userNumber(_ key: String, _ raw: String, unit: String) throws -> Double {
        let parts = raw.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
        guard let first = parts.first, let v = Double(first), v.isFinite else {
            throw InventoryError(.invalidNumber, "parameter '\(key)' must be a number, got '\(raw)'", field: "parameters")
        }
        guard parts.count == 2 else { return v }
        do {
            return try MeasureUnit(parts[1]).convert(v, to: MeasureUnit(unit))
        } catch {
            throw InventoryError(
                .unitMismatch, "parameter '\(key)': '\(parts[1])' cannot be converted to \(unit)", field: "parameters",
                suggestion: "give \(key) in \(unit)")
        }
    }

    func userPercent(_ key: String) throws -> Double? {
        guard let raw = a.parameters["\(key)_uncertainty_pct"] else { return nil }
        guard let v = Double(raw.trimmingCharacters(in: .whitespaces)), v.isFinite, v >= 0 else {
            throw InventoryError(.invalidNumber, "\(key)_uncertainty_pct must be a non-negative percentage", field: "parameters")
        }
        return v
    }

    /// A mass parameter in tonnes (0 when absent).
    mutating func mass(_ key: String) throws -> Double {
        guard let raw = a.parameters[key] else { return 0 }
        let v = try userNumber(key, raw, unit: "t")
        guard v >= 0 else { throw InventoryError(.negativeAmount, "\(key) must not be negative", field: "parameters") }
        uses.append(FactorUse(key, v, "t", "user"))
        return v
    }

    func text(_ key: String) -> String? {
        a.parameters[key].map {
            $0.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        }
    }

    func flag(_ key: String, default d: Bool) -> Bool {
        guard let t = text(key) else { return d }
        return ["true", "yes", "1"].contains(t)
    }

    // MARK: Results

    mutating func emission(_ gas: Gas, _ p: Poly, origin: CarbonOrigin = .fossil, memo: Bool = false, note: String? = nil) throws -> GasEmission {
        let terms = p.terms
        let tonnes = p.value
        guard tonnes.isFinite else {
            throw InventoryError(
                .invalidNumber, "the \(gas) emission is not a finite number", field: "amount", suggestion: "check the amount and the parameters")
        }
        let co2e: Double
        do { co2e = memo || note != nil ? 0 : try engine.gwp.co2e(tonnes, of: gas, origin: origin) } catch let e as GWPError {
            throw InventoryError(.missingFactor, e.message, suggestion: "choose another GWP set with --gwp")
        }
        let (ad, ef) = termUncertainty(terms, factors: factors, unquantified: p.hasUnquantified)
        let u = ef.map { Approach1.product([ad ?? 0, $0]) }
        var e = GasEmission(
            gas: gas, origin: origin, tonnes: tonnes, co2eTonnes: co2e, factorUncertaintyPercent: ef, uncertaintyPercent: u, memo: memo)
        e.adUncertaintyPercent = ad
        e.terms = terms
        e.note = note
        return e
    }

    func source(_ emissions: [GasEmission], category: String? = nil, idSuffix: String = "", energyTJ: Double? = nil, memo: String? = nil)
        -> SourceResult
    {
        let cat = category ?? a.category
        return SourceResult(
            id: a.id + idSuffix, line: a.line, category: cat, categoryName: IPCCCategory.name(of: cat), method: a.method,
            item: a.item, energyTJ: energyTJ, emissions: emissions, memo: memo, factors: uses, steps: steps,
            uncertainFactors: factors)
    }
}
