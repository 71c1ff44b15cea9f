/// Natural sources and sinks and land-use carbon (pure, no IO).
///
/// - ``FireEmissions``: vegetation fires, IPCC 2006 Vol 4 Eq 2.27 with IPCC Table 2.5 or GFED4 factors.
/// - ``LandCarbon``: biomass carbon-stock change by gain–loss (Eqs 2.7, 2.9–2.16) and stock-difference (Eq 2.8).
/// - ``OrganicSoils``: drained and rewetted organic soils with the 2013 Wetlands Supplement defaults.
/// - ``CarbonBudget`` and ``NaturalBackground``: the global budget identity and natural background sources.
/// - ``NationalNaturalFigures``: per-country land-use change and natural CH4 as the data layer provides them.
///
/// Every flux is tagged ``Reporting/inventory`` (managed land, reportable under IPCC) or
/// ``Reporting/natural`` (background), and carries a 95 % range (``Uncertain``).
///
/// ```swift
/// let r = try FireEmissions.report([FireActivity(vegetation: "boreal_forest", area: 10_000, fuelConsumption: 35)])
/// r.fires[0].tonnes("CH4")   // 1 645 t (NAT-1)
/// ```
public enum YuhengNaturalInfo {
    /// Path of the method note the natural-flux engine implements (IPCC equations, defaults, reporting classes), under the shared folder.
    public static let methodNote = "methods/natural.md"
}
