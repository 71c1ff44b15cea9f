import Foundation
import YuhengUncertainty

/// A value with its 95 % range (2.5th and 97.5th percentiles) and the IPCC Approach 1 uncertainty.
///
/// Products of uncertain factors (area × fuel × emission factor) are combined as independent
/// lognormals around the point estimate: σ_ln = √Σ ln(1 + CV²), range = value × e^(∓1.96 σ_ln),
/// which keeps the range positive for large uncertainties; `uncertaintyPct` is IPCC Vol 1 Eq 3.1
/// (√Σ U²) for products and Eq 3.2 for sums. Sums combine the terms' standard deviations in quadrature.
public struct Uncertain: Sendable, Codable, Hashable {
    /// Central value.
    public var value: Double
    /// Lower end of the 95 % range.
    public var low: Double
    /// Upper end of the 95 % range.
    public var high: Double
    /// Half-width of the 95 % range in percent of the value (IPCC Approach 1), nil when the value is 0.
    public var uncertaintyPct: Double?

    /// A value with its range; low and high are put in order.
    public init(value: Double, low: Double, high: Double, uncertaintyPct: Double?) {
        self.value = value
        self.low = min(low, high)
        self.high = max(low, high)
        self.uncertaintyPct = uncertaintyPct
    }

    /// An exact value (no uncertainty known or given).
    public static func exact(_ v: Double) -> Uncertain { Uncertain(value: v, low: v, high: v, uncertaintyPct: v == 0 ? nil : 0) }

    /// A value with an explicit (possibly asymmetric) 95 % range.
    public static func range(_ v: Double, low: Double?, high: Double?) -> Uncertain {
        let l = low ?? v, h = high ?? v
        let half = (h - l) / 2
        return Uncertain(value: v, low: l, high: h, uncertaintyPct: v == 0 ? nil : abs(half / v) * 100)
    }

    enum CodingKeys: String, CodingKey {
        case value, low, high
        case uncertaintyPct = "uncertainty_pct"
    }

    /// Standard deviation implied by the 95 % range (half-width / 1.96).
    public var standardDeviation: Double { (high - low) / (2 * Distribution.ipccZ95) }

    /// Coefficient of variation (sd / |value|), nil for a zero value.
    public var cv: Double? { value == 0 ? nil : standardDeviation / abs(value) }

    /// The value and range times k (a negative k swaps low and high; the relative uncertainty is unchanged).
    public func scaled(by k: Double) -> Uncertain {
        Uncertain(value: value * k, low: low * k, high: high * k, uncertaintyPct: uncertaintyPct)
    }

    /// Product of independent factors, each a value and a coefficient of variation (nil = exact).
    public static func product(_ factors: [(value: Double, cv: Double?)]) -> Uncertain {
        let v = factors.reduce(1.0) { $0 * $1.value }
        let cvs = factors.compactMap(\.cv).filter { $0 > 0 }
        if cvs.isEmpty { return .exact(v) }
        let sigma = cvs.reduce(0.0) { $0 + log(1 + $1 * $1) }.squareRoot()
        let z = Distribution.ipccZ95
        let u = (try? ErrorPropagation.productUncertainty(cvs.map { $0 * z * 100 })) ?? 0
        return Uncertain(value: v, low: v * exp(-z * sigma), high: v * exp(z * sigma), uncertaintyPct: v == 0 ? nil : u)
    }

    /// Sum of independent terms: sd = √Σ sd². When every term is non-negative (emissions of a gas),
    /// the range is lognormal with that coefficient of variation, so it stays positive; otherwise
    /// (net fluxes with removals) it is value ± 1.96 sd.
    public static func sum(_ terms: [Uncertain]) -> Uncertain {
        let v = terms.reduce(0.0) { $0 + $1.value }
        let sd = terms.reduce(0.0) { $0 + $1.standardDeviation * $1.standardDeviation }.squareRoot()
        let z = Distribution.ipccZ95
        let u: Double? = v == 0 ? nil : z * sd / abs(v) * 100
        if v > 0, sd > 0, terms.allSatisfy({ $0.low >= 0 }) {
            let sigma = log(1 + (sd / v) * (sd / v)).squareRoot()
            return Uncertain(value: v, low: v * exp(-z * sigma), high: v * exp(z * sigma), uncertaintyPct: u)
        }
        return Uncertain(value: v, low: v - z * sd, high: v + z * sd, uncertaintyPct: u)
    }

    /// Difference a − b of independent terms.
    public static func difference(_ a: Uncertain, _ b: Uncertain) -> Uncertain { sum([a, b.scaled(by: -1)]) }
}

/// How a flux is treated in accounts (the IPCC managed-land proxy).
public enum Reporting: String, Sendable, Codable, Hashable, CaseIterable {
    /// On managed land: reportable under the IPCC Guidelines.
    case inventory
    /// Forest-fire CO2: reported through the carbon-stock change of the land (Eq 2.14), not added here.
    case viaStockChange = "via_stock_change"
    /// CO2 re-absorbed by regrowth within a year (savanna, grassland, crop residues): not reported.
    case memo
    /// Unmanaged land or background: outside inventories, never added to national totals.
    case natural
}

/// One gas from one activity.
public struct GasFlux: Sendable, Codable, Hashable {
    /// Gas name: "CO2", "CO", "CH4" or "N2O".
    public var gas: String
    /// Tonnes of the gas (positive = emission to the atmosphere, negative = removal).
    public var tonnes: Uncertain
    /// How the flux counts: inventory, via stock change, memo or natural.
    public var reporting: Reporting

    /// Memberwise initialiser.
    public init(gas: String, tonnes: Uncertain, reporting: Reporting) {
        self.gas = gas
        self.tonnes = tonnes
        self.reporting = reporting
    }

    enum CodingKeys: String, CodingKey {
        case gas, reporting
        case tonnes = "t"
    }
}

/// GWP factors used for CO2-equivalents (kg CO2e per kg): AR5 GWP100 unless the caller passes another set.
public struct GWPFactors: Sendable, Codable, Hashable {
    /// Label shown with CO2e figures, e.g. "AR5 GWP100".
    public var label: String
    /// GWP of CH4, kg CO2e per kg.
    public var ch4: Double
    /// GWP of N2O, kg CO2e per kg.
    public var n2o: Double

    /// A GWP set; use the data layer's values rather than constants where it has them.
    public init(label: String, ch4: Double, n2o: Double) {
        self.label = label
        self.ch4 = ch4
        self.n2o = n2o
    }

    /// IPCC AR5 GWP100 (UNFCCC reporting): CH4 28, N2O 265.
    public static let ar5 = GWPFactors(label: "AR5 GWP100", ch4: 28, n2o: 265)

    /// The factor for a gas; CO and other indirect gases have none (nil).
    public func factor(_ gas: String) -> Double? {
        switch gas {
        case "CO2": return 1
        case "CH4": return ch4
        case "N2O": return n2o
        default: return nil
        }
    }
}

/// Totals of a set of fluxes by reporting class, in t CO2e.
public struct ReportingTotals: Sendable, Codable, Hashable {
    /// Reportable under IPCC (managed land), t CO2e.
    public var inventoryCO2e: Uncertain
    /// Natural / background (unmanaged land), t CO2e — never added to national totals.
    public var naturalCO2e: Uncertain
    /// CO2 shown for information only (re-absorbed, or reported through carbon-stock change), t.
    public var memoCO2: Uncertain
    /// Label of the GWP set the CO2e figures use, e.g. "AR5 GWP100".
    public var gwp: String

    enum CodingKeys: String, CodingKey {
        case gwp
        case inventoryCO2e = "inventory_co2e_t"
        case naturalCO2e = "natural_co2e_t"
        case memoCO2 = "memo_co2_t"
    }

    /// Sums the fluxes of every group (one group per activity) by reporting class. Terms are treated
    /// as independent, which slightly understates the range where gases share activity data.
    static func from(_ groups: [[GasFlux]], gwp: GWPFactors) -> ReportingTotals {
        var inv: [Uncertain] = [], nat: [Uncertain] = [], memo: [Uncertain] = []
        for g in groups {
            for f in g {
                switch f.reporting {
                case .inventory: if let k = gwp.factor(f.gas) { inv.append(f.tonnes.scaled(by: k)) }
                case .natural: if let k = gwp.factor(f.gas) { nat.append(f.tonnes.scaled(by: k)) }
                case .memo, .viaStockChange: if f.gas == "CO2" { memo.append(f.tonnes) }
                }
            }
        }
        return ReportingTotals(inventoryCO2e: .sum(inv), naturalCO2e: .sum(nat), memoCO2: .sum(memo), gwp: gwp.label)
    }
}
