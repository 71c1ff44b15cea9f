/// The global carbon budget identity of the Global Carbon Project:
/// E_FOS + E_LUC = G_ATM + S_OCEAN + S_LAND + B_IM (all GtC/yr).
///
/// ```swift
/// let b = CarbonBudget(fossil: 10.1, landUseChange: 1.1, atmosphericGrowth: 5.2, oceanSink: 2.9, landSink: 3.2)
/// b.imbalance   // −0.1 GtC/yr (NAT-6)
/// ```
public struct CarbonBudget: Sendable, Codable, Hashable {
    /// GCB's conversion from carbon to CO2 (it prints 3.664).
    public static let gtCO2PerGtC = 3.664
    /// 1 ppm of atmospheric CO2 = 2.124 GtC (GCB).
    public static let gtCPerPPM = 2.124

    /// E_FOS: fossil CO2 emissions (incl. cement carbonation sink), GtC/yr.
    public var fossil: Double
    /// E_LUC: net land-use change emissions (bookkeeping models), GtC/yr.
    public var landUseChange: Double
    /// G_ATM: growth of atmospheric CO2, GtC/yr (ppm/yr × ``gtCPerPPM``).
    public var atmosphericGrowth: Double
    /// S_OCEAN: ocean sink, GtC/yr (positive = uptake).
    public var oceanSink: Double
    /// S_LAND: land sink, GtC/yr (positive = uptake).
    public var landSink: Double

    /// A budget from its five terms, all in GtC/yr; the imbalance B_IM is derived.
    public init(fossil: Double, landUseChange: Double, atmosphericGrowth: Double, oceanSink: Double, landSink: Double) {
        self.fossil = fossil
        self.landUseChange = landUseChange
        self.atmosphericGrowth = atmosphericGrowth
        self.oceanSink = oceanSink
        self.landSink = landSink
    }

    /// B_IM = E_FOS + E_LUC − (G_ATM + S_OCEAN + S_LAND), GtC/yr.
    public var imbalance: Double { fossil + landUseChange - (atmosphericGrowth + oceanSink + landSink) }

    /// Share of total anthropogenic emissions taken up by the atmosphere, ocean and land.
    public var airborneFraction: Double { atmosphericGrowth / (fossil + landUseChange) }

    enum CodingKeys: String, CodingKey {
        case fossil
        case landUseChange = "land_use_change"
        case atmosphericGrowth = "atmospheric_growth"
        case oceanSink = "ocean_sink"
        case landSink = "land_sink"
    }
}

/// Natural background sources with ranges. They are global budgets: never allocated to countries
/// and never added to national totals.
public enum NaturalBackground {
    /// Volcanic (subaerial + submarine) CO2: 0.3 (0.13–0.44) Gt CO2/yr (Gerlach 2011).
    public static var volcanicCO2GtPerYear: Uncertain { constant("volcanic_co2") }

    /// The global background flux `item` of the natural defaults (value with its low–high range); exact 0 when the table has no such item.
    public static func constant(_ item: String) -> Uncertain {
        guard let d = NaturalDefaults.background.first(where: { $0.item == item }) else { return .exact(0) }
        return .range(d.value, low: d.low, high: d.high)
    }
}
