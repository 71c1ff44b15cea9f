import Foundation
import YuhengCore
import YuhengData
import YuhengNatural

extension NaturalService {
    /// A country's bundled land-use and natural figures (the JSON of `yuheng natural country`).
    public struct CountryFigures: Encodable, Sendable {
        /// The country's land-use change (GCB bookkeeping), inventory LUCF (Climate Watch) and natural CH4 figures, for the year asked.
        public var figures: NationalNaturalFigures
        /// Natural CH4 sources in CO2e with the chosen GWP set.
        public var naturalCH4CO2eMt: RangeValue?
        /// The GWP set used for the natural CH4, e.g. "AR5 GWP100" (biogenic methane).
        public var gwp: String
        /// The world's land-use change CO2 of the same year, for context.
        public var world: LandUseEstimate?
        /// Provenance of the land-use, LUCF and methane-budget datasets the figures come from.
        public var datasets: [Provenance]
        /// How to read each figure (sources, units, sign convention: positive = net source) and what was left out for the year.
        public var notes: [String]
        enum CodingKeys: String, CodingKey {
            case figures, gwp, world, datasets, notes
            case naturalCH4CO2eMt = "natural_ch4_co2e_mt"
        }
    }

    /// The figures of a country (ISO 3166-1 alpha-3, or a table code such as ROM, any case) in `year`
    /// (default: the latest with data); natural CH4 in CO2e with the GWP set `gwp` (CH4 biogenic).
    public func country(_ code: String, year: Int? = nil, gwp: String = "AR5") throws -> CountryFigures {
        let iso = RegionCodes.iso3(ofTableCode: code.trimmingCharacters(in: .whitespaces))
        guard Region.isISO3(iso) else {
            throw DataError(.invalidValue, "'\(code)' is not an ISO 3166-1 alpha-3 code", field: "iso3", suggestion: "e.g. BRA, CHN, USA")
        }
        let db = services.db
        guard let f = try db.naturalFigures(iso3: iso, year: year) else {
            throw DataError(
                .unknownDataset, "no land-use or natural figures for \(iso)", field: "iso3",
                suggestion: "the bundled data cover about 190 countries; check the code")
        }
        let (figures, yearNotes) = try Self.ofYear(f, year: year)
        let set = try db.gwpLibrary().set(named: gwp)
        let k = try set.factor(for: .ch4, origin: .biogenic)
        let datasets = try ["gcb2024-luc", "cait-lucf", "gmb2020-regions", "gmb2020-country-regions"].compactMap { try db.dataset($0)?.provenance }
        let share = f.naturalMethane.map {
            $0.allocation == "region"
                ? "the GMB region \($0.region)"
                : String(format: "%.1f %% land-area share of the GMB region %@ (indicative)", $0.share * 100, $0.region)
        }
        let notes =
            yearNotes + [
                "land_use: GCB 2024 bookkeeping land-use change, Mt CO2 (× 3.664 from Mt C); mean of BLUE, H&C2023, OSCAR and LUCE, range = model minimum–maximum; positive = net source",
                "lucf: Climate Watch (CAIT, FAO-based) LUCF CO2, inventory-like (includes the managed-forest sink); not comparable with GCB bookkeeping",
                "natural_ch4: Global Methane Budget 2020 top-down ensemble (mean, min–max), \(share ?? "n/a"); natural background, never added to national totals"
            ]
        return CountryFigures(
            figures: figures, naturalCH4CO2eMt: f.naturalMethane?.co2eMt(gwpCH4: k), gwp: set.description,
            world: try db.worldLandUse(year: figures.landUse?.year), datasets: datasets, notes: notes)
    }

    /// With a year asked for, every yearly figure shown is of that year: a land-use figure of another
    /// year refuses the request (naming the years there are); an inventory-like LUCF figure of another
    /// year is left out with a note. The natural CH4 is a 2008–2017 climatology, shown as such.
    static func ofYear(_ f: NationalNaturalFigures, year: Int?) throws -> (NationalNaturalFigures, [String]) {
        guard let year else { return (f, []) }
        var out = f
        var notes: [String] = []
        let years = f.landUseSeries.map(\.year)
        if let l = f.landUse, l.year != year {
            throw DataError(
                .invalidValue, "no land-use figure of \(f.iso3) for \(year)", field: "year",
                suggestion: years.isEmpty ? "leave out --year" : "years with data: \(years.min()!)–\(years.max()!)")
        }
        if let c = f.lucf, c.year != year {
            out.lucf = nil
            notes.append("lucf: no Climate Watch figure for \(year) (the nearest is \(c.year)), left out")
        }
        return (out, notes)
    }

    /// The global carbon budget of a year (GCB 2019) and its imbalance.
    public struct Budget: Encodable, Sendable {
        /// The calendar year of the budget.
        public var year: Int
        /// The budget's terms (fossil and land-use emissions, atmospheric growth, ocean and land sinks), GtC per year.
        public var budgetGtC: CarbonBudget
        /// Budget imbalance, GtC per year: emissions minus the atmospheric growth and the sinks.
        public var imbalanceGtC: Double
        /// Id of the dataset the budget comes from ("gcb2019-global").
        public var dataset: String
        enum CodingKeys: String, CodingKey {
            case year, dataset
            case budgetGtC = "budget_gtc"
            case imbalanceGtC = "imbalance_gtc"
        }
    }

    /// The global carbon budget of `year`; a year without data is an error naming the years there are.
    public func budget(year: Int) throws -> Budget {
        guard let b = try services.db.globalCarbonBudget(year: year) else {
            let r = try services.db.globalCarbonBudgetYears()
            throw DataError(
                .invalidValue, "no global budget for \(year)", field: "year", suggestion: r.map { "years \($0.lowerBound)–\($0.upperBound)" } ?? "")
        }
        return Budget(year: year, budgetGtC: b, imbalanceGtC: b.imbalance, dataset: "gcb2019-global")
    }
}
