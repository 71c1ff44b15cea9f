import YuhengCore
import YuhengNumerics

/// One characterization factor: `factor` units of `impact` per unit of `stressor`.
public struct CharacterizationFactor: Sendable, Hashable {
    /// Stressor label the factor applies to, as in the extension (e.g. "CH4 - combustion - air").
    public var stressor: String
    /// Impact category the stressor is characterised into, e.g. "GWP100".
    public var impact: String
    /// Units of impact per unit of stressor, e.g. 27.0 kg CO2e per kg CH4.
    public var factor: Double
    /// Unit of the impact, e.g. "kg CO2e".
    public var impactUnit: String
    /// The unit the factor expects the stressor in (e.g. "kg"); when given it must be compatible
    /// with the extension's unit, and the factor is rescaled if the two differ (t vs kg).
    public var stressorUnit: String?

    /// Memberwise initialiser; give `stressorUnit` so that a factor per kg applied to a stressor in t is rescaled.
    public init(stressor: String, impact: String, factor: Double, impactUnit: String, stressorUnit: String? = nil) {
        self.stressor = stressor
        self.impact = impact
        self.factor = factor
        self.impactUnit = impactUnit
        self.stressorUnit = stressorUnit
    }
}

extension MRIOExtension {
    /// F_impact = C · F (and C · F_Y): a new extension whose rows are impacts.
    ///
    /// As in pymrio, factors for stressors the extension does not have are skipped (and an impact
    /// with no known stressor is left out); with `strict` they are an error. A factor whose
    /// `stressorUnit` is incompatible with the stressor's unit is always an error.
    public func characterized(_ factors: [CharacterizationFactor], name: String? = nil, strict: Bool = false) throws -> MRIOExtension {
        let index = Dictionary(uniqueKeysWithValues: stressors.enumerated().map { ($1, $0) })
        var impacts: [String] = [], units: [String: String] = [:]
        for f in factors where index[f.stressor] != nil && units[f.impact] == nil { impacts.append(f.impact); units[f.impact] = f.impactUnit }
        var c = DenseMatrix(rows: impacts.count, columns: stressors.count, repeating: 0)
        for f in factors {
            guard let j = index[f.stressor] else {
                if strict {
                    throw MRIOError(
                        .unknownStressor, "characterization factor for unknown stressor '\(f.stressor)'",
                        suggestion: "stressors of \(self.name): \(stressors.joined(separator: ", "))")
                }
                continue
            }
            var factor = f.factor
            if let su = f.stressorUnit, su != self.units[j] {
                do {
                    // factor is per `su`; the data are in the extension's unit.
                    factor *= try MeasureUnit(self.units[j]).conversionFactor(to: MeasureUnit(su))
                } catch {
                    throw MRIOError(
                        .invalidArgument, "the factor for \(f.stressor) expects \(su) but the extension gives \(self.units[j])",
                        suggestion: "use a characterization table in the extension's units")
                }
            }
            c[impacts.firstIndex(of: f.impact)!, j] += factor
        }
        let fImp = try c.multiply(F)
        let fyImp = try FY.map { try c.multiply($0) }
        return MRIOExtension(name: name ?? "\(self.name) impacts", stressors: impacts, units: impacts.map { units[$0]! }, F: fImp, FY: fyImp)
    }

    /// Characterizes greenhouse-gas stressors into one `GHG (CO2e <set>)` row with a GWP set.
    /// Stressor names are matched to gases by their first token (`"CH4 - combustion - air"` → CH4);
    /// non-GHG stressors are skipped and listed in the result.
    public func co2Equivalent(_ gwp: GWPSet, unitOfMass: String? = nil) throws -> (extension: MRIOExtension, skipped: [String]) {
        var factors: [CharacterizationFactor] = [], skipped: [String] = []
        let impact = "GHG (CO2e \(gwp.description))"
        for (j, s) in stressors.enumerated() {
            let token = String(s.split(whereSeparator: { $0 == " " || $0 == "|" || $0 == "-" || $0 == "_" }).first ?? Substring(s))
            let biogenic = s.lowercased().contains("biogenic") || s.lowercased().contains("non-fossil")
            if let f = try? gwp.factor(for: Gas(token), origin: biogenic ? .biogenic : .fossil) {
                factors.append(CharacterizationFactor(stressor: s, impact: impact, factor: f, impactUnit: unitOfMass ?? units[j]))
            } else {
                skipped.append(s)
            }
        }
        guard !factors.isEmpty else {
            throw MRIOError(
                .unknownStressor, "no greenhouse-gas stressors found in \(name)",
                suggestion: "stressor names should start with a gas formula such as CO2, CH4 or N2O")
        }
        return (try characterized(factors, name: "\(name) CO2e"), skipped)
    }
}
