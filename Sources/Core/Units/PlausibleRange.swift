import Foundation

/// The plausible range of an input quantity: beyond the **physical** bounds a value cannot be true
/// (an error: almost always a unit slip such as kg for t, or a percentage for a fraction); beyond the
/// **realistic** bounds no real case has been seen (a warning: the value may be right, but should be
/// checked). Non-finite numbers (NaN, infinity) are never plausible.
///
/// This is the one table of ranges; the engines check their inputs against it and the file formats
/// list the same ranges (docs/cbam-format.md, docs/avoided-format.md, docs/simulate-format.md,
/// docs/natural-format.md, section "Plausible ranges").
///
/// ```swift
/// PlausibleRange.gridEmissionFactor.verdict(450)   // .impossible("450 t CO2e/MWh is not possible ...")
/// PlausibleRange.gridEmissionFactor.verdict(1.9)   // .unusual("1.9 t CO2e/MWh is beyond ...")
/// ```
public struct PlausibleRange: Sendable, Equatable {
    /// What is measured, e.g. "grid electricity emission factor".
    public let quantity: String
    /// Unit the bounds are expressed in, as shown in messages (e.g. "t CO2e/MWh"); empty for a pure ratio.
    public let unit: String
    /// Values outside are errors.
    public let physical: ClosedRange<Double>
    /// Values outside (but inside `physical`) are warnings.
    public let realistic: ClosedRange<Double>
    /// Why the physical bounds hold.
    public let physicalBasis: String
    /// What the realistic bounds are based on.
    public let realisticBasis: String
    /// The likely mistake, e.g. "a value in kg/MWh must be divided by 1,000".
    public let hint: String?

    /// A range; `realistic` must lie inside `physical` (checked by a precondition).
    public init(
        quantity: String, unit: String, physical: ClosedRange<Double>, realistic: ClosedRange<Double>,
        physicalBasis: String, realisticBasis: String, hint: String? = nil
    ) {
        precondition(physical.lowerBound <= realistic.lowerBound && realistic.upperBound <= physical.upperBound, "realistic inside physical")
        self.quantity = quantity
        self.unit = unit
        self.physical = physical
        self.realistic = realistic
        self.physicalBasis = physicalBasis
        self.realisticBasis = realisticBasis
        self.hint = hint
    }

    /// The outcome of checking one value against a range.
    public enum Verdict: Sendable, Equatable {
        /// Inside the realistic bounds: nothing to report.
        case plausible
        /// Beyond any real case: a warning (the message says what to check).
        case unusual(String)
        /// Not a finite number, or beyond physical possibility: an error.
        case impossible(String)

        /// The warning or error text, or nil when the value is plausible.
        public var message: String? {
            switch self {
            case .plausible: return nil
            case .unusual(let m), .impossible(let m): return m
            }
        }
    }

    /// Checks `v`: `.impossible` when it is not finite or outside the physical bounds, `.unusual` when outside the realistic bounds,
    /// else `.plausible`. The messages name the quantity, its unit, the bounds, their basis and the likely unit slip.
    public func verdict(_ v: Double) -> Verdict {
        guard v.isFinite else { return .impossible("\(v) is not a finite number") }
        let u = unit.isEmpty ? "" : " \(unit)"
        if !physical.contains(v) {
            return .impossible(
                "\(Self.format(v))\(u) is not possible for the \(quantity) (physically \(Self.format(range: physical))\(u): \(physicalBasis))"
                    + (hint.map { "; \($0)" } ?? ""))
        }
        if !realistic.contains(v) {
            return .unusual(
                "\(Self.format(v))\(u) is beyond any real \(quantity) (real values lie within \(Self.format(range: realistic))\(u): \(realisticBasis)); check the value and its unit"
                    + (hint.map { " (\($0))" } ?? ""))
        }
        return .plausible
    }

    /// 450 → "450", 1.5e10 → "1.5e+10", 0.015 → "0.015".
    public static func format(_ v: Double) -> String { String(format: "%g", v) }

    static func format(range r: ClosedRange<Double>) -> String {
        if r.lowerBound == 0 { return "0 to \(format(r.upperBound))" }
        return "\(format(r.lowerBound)) to \(format(r.upperBound))"
    }
}

// MARK: - The table

extension PlausibleRange {
    // Electricity and industry (CBAM, avoided emissions, industrial simulation)

    /// Emission factor of grid electricity, in t CO2e/MWh: physically 0 to 5, realistically 0 to 1.6.
    public static let gridEmissionFactor = PlausibleRange(
        quantity: "grid electricity emission factor", unit: "t CO2e/MWh", physical: 0...5, realistic: 0...1.6,
        physicalBasis: "even lignite burnt at 10 % efficiency emits less",
        realisticBasis: "the most carbon-intensive national grids are about 1.2, single lignite plants about 1.4",
        hint: "t CO2e/MWh equals kg/kWh; a value in kg/MWh or g/kWh must be divided by 1,000")

    /// Embedded (specific) emissions of a good, in t CO2e per t of product: physically 0 to 1000, realistically 0 to 40.
    public static let specificEmissions = PlausibleRange(
        quantity: "specific emissions per tonne of product", unit: "t CO2e/t", physical: 0...1000, realistic: 0...40,
        physicalBasis: "no industrial product emits a thousand times its own mass",
        realisticBasis: "primary aluminium on coal power and coal-based hydrogen are about 20-25",
        hint: "give tonnes (not kg) of CO2e per tonne of product")

    /// Electricity consumed per tonne of product, in MWh/t: physically 0 to 10,000, realistically 0 to 70.
    public static let electricityPerTonne = PlausibleRange(
        quantity: "electricity use per tonne of product", unit: "MWh/t", physical: 0...10_000, realistic: 0...70,
        physicalBasis: "far above any industrial process",
        realisticBasis: "electrolytic hydrogen needs about 55, primary aluminium about 15",
        hint: "give MWh (not kWh) per tonne")

    /// Precursor consumed per tonne of product (CBAM), in t/t: physically 0 to 1000, realistically 0 to 10.
    public static let precursorPerTonne = PlausibleRange(
        quantity: "precursor consumption per tonne of product", unit: "t/t", physical: 0...1000, realistic: 0...10,
        physicalBasis: "far above any mass balance",
        realisticBasis: "most goods use 0.5 to 2 t of their precursor per tonne")

    /// Mass of goods produced or imported in a period, in t: physically up to 10¹¹, realistically up to 10⁸.
    public static let massOfGoods = PlausibleRange(
        quantity: "mass of goods produced or imported", unit: "t", physical: 0...1e11, realistic: 0...1e8,
        physicalBasis: "more than ten times the world's yearly production of all CBAM goods",
        realisticBasis: "the largest steelworks produce about 2 × 10⁷ t a year; EU steel imports are about 3 × 10⁷ t",
        hint: "give tonnes (1 Mt = 1,000,000 t)")

    /// Yearly emissions of one installation, in t CO2e: physically up to 10¹¹, realistically up to 10⁸.
    public static let installationEmissions = PlausibleRange(
        quantity: "yearly emissions of one installation", unit: "t CO2e", physical: 0...1e11, realistic: 0...1e8,
        physicalBasis: "more than the emissions of the whole world",
        realisticBasis: "the largest single emitters are about 4 × 10⁷ t a year")

    /// Yearly electricity consumption of one installation, in MWh: physically up to 10¹¹, realistically up to 5 × 10⁷.
    public static let installationElectricity = PlausibleRange(
        quantity: "yearly electricity consumption of one installation", unit: "MWh", physical: 0...1e11, realistic: 0...5e7,
        physicalBasis: "more than the electricity generated in the whole world",
        realisticBasis: "the largest aluminium smelters use about 2 × 10⁷ MWh a year",
        hint: "give MWh (1 TWh = 1,000,000 MWh)")

    /// Carbon price per t CO2e, in the study's currency: physically up to 100,000, realistically up to 1000.
    public static let carbonPrice = PlausibleRange(
        quantity: "carbon price", unit: "per t CO2e", physical: 0...100_000, realistic: 0...1000,
        physicalBasis: "beyond any price that could be paid per tonne",
        realisticBasis: "carbon prices paid today are below 200; net-zero scenarios reach a few hundred",
        hint: "give the price per tonne, not per kg")

    /// Generating capacity of one line of an avoided-emissions study, in MW: physically up to 10⁸, realistically up to 10⁶.
    public static let generatingCapacity = PlausibleRange(
        quantity: "generating capacity of one line", unit: "MW", physical: 0...1e8, realistic: 0...1e6,
        physicalBasis: "ten times the generating capacity of the whole world",
        realisticBasis: "the world adds about 5 × 10⁵ MW of solar in a year",
        hint: "capacity_mw is in MW and capacity_kw in kW (1 GW = 1,000 MW)")

    /// Life-cycle footprint of generating equipment per kW of capacity, in t CO2e/kW: physically 0 to 100, realistically 0 to 5.
    public static let footprintPerKW = PlausibleRange(
        quantity: "life-cycle footprint per kW of capacity", unit: "t CO2e/kW", physical: 0...100, realistic: 0...5,
        physicalBasis: "a hundred times the footprint of real PV or wind",
        realisticBasis: "PV and wind are 0.25 to 1.5",
        hint: "give tonnes per kW (= kg per W)")

    /// Yearly growth rate as a fraction (0.015 = 1.5 %/yr): physically -1 to 2, realistically -0.25 to 0.25.
    public static let growthRate = PlausibleRange(
        quantity: "growth rate", unit: "per year", physical: -1...2, realistic: -0.25...0.25,
        physicalBasis: "below -1 the quantity turns negative; above 2 it triples every year and overflows any horizon",
        realisticBasis: "sector demand, grid intensities and prices change by less than 25 % a year",
        hint: "the rate is a fraction: write 1.5 %/yr as 0.015")

    /// Yearly decline in percent (positive = decreasing): physically -100 to 100, realistically -25 to 25.
    public static let declinePercent = PlausibleRange(
        quantity: "decline per year", unit: "% per year", physical: -100...100, realistic: -25...25,
        physicalBasis: "above 100 % the quantity turns negative; below -100 % it more than doubles every year",
        realisticBasis: "grid intensities and demand change by less than 25 % a year")

    /// Yearly output or capacity of an industrial sector, in Mt/yr: physically up to 10⁵, realistically up to 5000.
    public static let sectorOutput = PlausibleRange(
        quantity: "yearly output or capacity of a sector", unit: "Mt/yr", physical: 0...1e5, realistic: 0...5000,
        physicalBasis: "twenty times the world's production of cement and steel together",
        realisticBasis: "world cement is about 4,100 Mt/yr and steel about 1,900 Mt/yr",
        hint: "amounts are in the scenario's unit (Mt by default)")

    /// Lifetime of production capacity, in years: physically 1 to 1000, realistically 5 to 100.
    public static let assetLifetime = PlausibleRange(
        quantity: "lifetime of production capacity", unit: "years", physical: 1...1000, realistic: 5...100,
        physicalBasis: "below one year more than the whole capacity would retire each year",
        realisticBasis: "industrial plants run 15 to 60 years")

    /// Scrap used per tonne of product, in t/t: physically 0 to 100, realistically 0 to 2.
    public static let scrapPerTonne = PlausibleRange(
        quantity: "scrap use per tonne of product", unit: "t/t", physical: 0...100, realistic: 0...2,
        physicalBasis: "far above any mass balance",
        realisticBasis: "an electric arc furnace uses about 1.1 t of scrap per tonne of steel")

    // Land and natural sources (natural fire, land, wetland)

    /// A land area, in ha: physically up to the Earth's land (1.49 × 10¹⁰ ha), realistically up to 10⁹.
    public static let landArea = PlausibleRange(
        quantity: "land area", unit: "ha", physical: 0...1.49e10, realistic: 0...1e9,
        physicalBasis: "the land area of the Earth is 1.49 × 10¹⁰ ha",
        realisticBasis: "the largest forest of any country (Russia) is 8.2 × 10⁸ ha",
        hint: "areas are in ha unless area_unit says otherwise (1 km² = 100 ha)")

    /// Area burned in a period, in ha: physically up to 1.49 × 10¹⁰, realistically up to 5 × 10⁸.
    public static let burnedArea = PlausibleRange(
        quantity: "burned area", unit: "ha", physical: 0...1.49e10, realistic: 0...5e8,
        physicalBasis: "the land area of the Earth is 1.49 × 10¹⁰ ha",
        realisticBasis: "the whole world burns about 4-5 × 10⁸ ha a year",
        hint: "areas are in ha unless area_unit says otherwise (1 km² = 100 ha)")

    /// Area of drained or managed organic soils, in ha: physically up to 1.49 × 10¹⁰, realistically up to 5 × 10⁸.
    public static let organicSoilArea = PlausibleRange(
        quantity: "area of organic soils", unit: "ha", physical: 0...1.49e10, realistic: 0...5e8,
        physicalBasis: "the land area of the Earth is 1.49 × 10¹⁰ ha",
        realisticBasis: "all the world's peatlands cover about 4.2 × 10⁸ ha",
        hint: "areas are in ha unless area_unit says otherwise (1 km² = 100 ha)")

    /// Above-ground biomass growth, in t dry matter/ha/yr (IPCC Vol. 4 Ch. 4 G_W): physically 0 to 150, realistically 0 to 50.
    public static let biomassGrowth = PlausibleRange(
        quantity: "above-ground biomass growth", unit: "t dm/ha/yr", physical: 0...150, realistic: 0...50,
        physicalBasis: "beyond the highest net primary production measured on land",
        realisticBasis: "the fastest plantations (eucalyptus) grow about 40 t dm/ha/yr",
        hint: "give tonnes of dry matter per hectare and year")

    /// Above-ground biomass stock, in t dry matter/ha: physically 0 to 5000, realistically 0 to 1500.
    public static let biomassStock = PlausibleRange(
        quantity: "above-ground biomass stock", unit: "t dm/ha", physical: 0...5000, realistic: 0...1500,
        physicalBasis: "beyond the densest forest measured",
        realisticBasis: "tropical and old-growth temperate forests hold up to about 1,000 t dm/ha",
        hint: "give tonnes of dry matter per hectare")

    /// Fuel consumed by a fire (IPCC Vol. 4 Eq. 2.27 M_B × C_f), in t dry matter/ha: physically 0 to 10,000, realistically 0 to 1000.
    public static let fuelConsumption = PlausibleRange(
        quantity: "fuel consumed by fire", unit: "t dm/ha", physical: 0...10_000, realistic: 0...1000,
        physicalBasis: "more than a metre of peat burnt away",
        realisticBasis: "forest fires consume up to a few hundred t dm/ha, deep peat fires up to about 1,000")

    /// Ratio of below- to above-ground biomass (IPCC R), dimensionless: physically 0 to 50, realistically 0 to 8.
    public static let rootShootRatio = PlausibleRange(
        quantity: "root-to-shoot ratio", unit: "", physical: 0...50, realistic: 0...8,
        physicalBasis: "far beyond any plant",
        realisticBasis: "IPCC defaults are 0.2 to 4; dry grasslands reach about 7")

    /// Carbon fraction of dry matter (IPCC CF), in t C/t dm: physically 0 to 1, realistically 0.3 to 0.6.
    public static let carbonFraction = PlausibleRange(
        quantity: "carbon fraction of dry matter", unit: "t C/t dm", physical: 0...1, realistic: 0.3...0.6,
        physicalBasis: "a fraction is at most 1",
        realisticBasis: "wood and foliage are 0.43 to 0.55",
        hint: "a fraction, not a percentage: write 47 % as 0.47")

    /// Biomass conversion and expansion factor (IPCC BCEF, Vol. 4 Table 4.5), in t dm/m³: physically 0 to 50, realistically 0 to 10.
    public static let conversionFactor = PlausibleRange(
        quantity: "biomass conversion and expansion factor", unit: "t dm/m³", physical: 0...50, realistic: 0...10,
        physicalBasis: "far beyond any stand",
        realisticBasis: "IPCC defaults (Table 4.5) are 0.4 to 9")

    /// Basic wood density (IPCC D), in t dry matter/m³: physically 0 to 1.6, realistically 0.1 to 1.2.
    public static let woodDensity = PlausibleRange(
        quantity: "wood density", unit: "t dm/m³", physical: 0...1.6, realistic: 0.1...1.2,
        physicalBasis: "wood cell walls are 1.5 t/m³",
        realisticBasis: "from balsa (0.15) to lignum vitae (1.2)",
        hint: "give tonnes per m³ (kg/m³ divided by 1,000)")

    /// Yearly volume of wood removed, in m³/yr: physically up to 10¹¹, realistically up to 10⁹.
    public static let woodVolume = PlausibleRange(
        quantity: "yearly wood volume removed", unit: "m³/yr", physical: 0...1e11, realistic: 0...1e9,
        physicalBasis: "twenty times the world's wood removals",
        realisticBasis: "the world removes about 4 × 10⁹ m³ a year, the largest countries under 10⁹")

    /// Growing stock volume of a forest, in m³/ha: physically 0 to 20,000, realistically 0 to 4000.
    public static let growingStock = PlausibleRange(
        quantity: "growing stock", unit: "m³/ha", physical: 0...20_000, realistic: 0...4000,
        physicalBasis: "beyond the densest forest measured",
        realisticBasis: "the tallest redwood stands hold about 3,000 to 4,000 m³/ha")

    /// Carbon stock of one stratum, in t C: physically up to 10¹³, realistically up to 10¹¹.
    public static let carbonStock = PlausibleRange(
        quantity: "carbon stock of a stratum", unit: "t C", physical: 0...1e13, realistic: 0...1e11,
        physicalBasis: "more carbon than all land vegetation and soils together",
        realisticBasis: "all of Brazil's forests hold about 6 × 10¹⁰ t C",
        hint: "give tonnes of carbon (1 Mt = 1,000,000 t)")

    /// Every range, for the documentation and its test.
    public static let all: [PlausibleRange] = [
        gridEmissionFactor, specificEmissions, electricityPerTonne, precursorPerTonne, massOfGoods, installationEmissions, installationElectricity,
        carbonPrice, generatingCapacity, footprintPerKW, growthRate, declinePercent, sectorOutput, assetLifetime, scrapPerTonne,
        landArea, burnedArea, organicSoilArea, biomassGrowth, biomassStock, fuelConsumption, rootShootRatio, carbonFraction, conversionFactor,
        woodDensity, woodVolume, growingStock, carbonStock
    ]
}
