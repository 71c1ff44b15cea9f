import YuhengCore
import YuhengMRIO
import YuhengNatural

/// One country's row of the panoramic national account.
public struct PanoramaRow: Sendable, Codable, Hashable {
    /// Region label in the input-output table.
    public var region: String
    /// ISO 3166-1 alpha-3 code (nil for aggregates such as RoW).
    public var iso3: String?
    /// Country display name, e.g. "China"; the region label itself when unknown, "Rest of the world" for RoW.
    public var name: String
    /// Production-based (territorial, incl. direct final-demand emissions), Mt CO2.
    public var productionMt: Double
    /// Consumption-based (footprint of final demand, incl. direct final-demand emissions), Mt CO2.
    public var consumptionMt: Double
    /// Emissions abroad embodied in the region's final demand, Mt.
    public var importsMt: Double
    /// Emissions in the region embodied in other regions' final demand, Mt.
    public var exportsMt: Double
    /// Net transfer = imports − exports = consumption − production, Mt.
    public var netTransferMt: Double
    /// (consumption − production) / production × 100.
    public var adjustmentPct: Double?
    /// Income-based (Ghosh), Mt.
    public var incomeMt: Double?
    /// Global Carbon Budget territorial and consumption estimates for the same year, Mt CO2.
    public var gcbTerritorialMt: Double?
    /// Global Carbon Budget consumption-based estimate for the same year, Mt CO2 (nil when GCB has none).
    public var gcbConsumptionMt: Double?
    /// GCB's own adjustment, (consumption − territorial) / territorial × 100 (nil without both GCB figures).
    public var gcbAdjustmentPct: Double?
    /// Difference of the two adjustments, percentage points (ours − GCB).
    public var adjustmentDiffPP: Double?
    /// Population of the region in the table year, persons (nil when the dataset has none).
    public var population: Double?
    /// Land-use change CO2 (GCB 2024 bookkeeping, mean of four models), Mt CO2; low/high = model range. See `panoramic` for years.
    public var landUseMt: Double?
    /// Lowest of the bookkeeping models' land-use change estimates, Mt CO2.
    public var landUseLowMt: Double?
    /// Highest of the bookkeeping models' land-use change estimates, Mt CO2.
    public var landUseHighMt: Double?
    /// Inventory-like LUCF CO2 (Climate Watch / CAIT, FAO-based), Mt CO2 — not comparable with `landUseMt`.
    public var lucfInventoryMt: Double?
    /// Natural CH4 sources (GMB top-down, the country's share of its region), Mt CO2e; low/high = ensemble range.
    public var naturalMt: Double?
    /// Lower end of the natural CH4 ensemble range, Mt CO2e.
    public var naturalLowMt: Double?
    /// Upper end of the natural CH4 ensemble range, Mt CO2e.
    public var naturalHighMt: Double?
    /// The three-boundary view: production, consumption, land-use change and natural fluxes with ranges and sources.
    public var panoramic: PanoramicView?

    enum CodingKeys: String, CodingKey {
        case region, iso3, name, population, panoramic
        case landUseMt = "land_use_mt"
        case landUseLowMt = "land_use_low_mt"
        case landUseHighMt = "land_use_high_mt"
        case lucfInventoryMt = "lucf_inventory_mt"
        case naturalMt = "natural_mt"
        case naturalLowMt = "natural_low_mt"
        case naturalHighMt = "natural_high_mt"
        case productionMt = "production_mt"
        case consumptionMt = "consumption_mt"
        case importsMt = "imports_mt"
        case exportsMt = "exports_mt"
        case netTransferMt = "net_transfer_mt"
        case adjustmentPct = "adjustment_pct"
        case incomeMt = "income_mt"
        case gcbTerritorialMt = "gcb_territorial_mt"
        case gcbConsumptionMt = "gcb_consumption_mt"
        case gcbAdjustmentPct = "gcb_adjustment_pct"
        case adjustmentDiffPP = "adjustment_diff_pp"
    }
}

/// The panoramic national account: every region's production- and consumption-based emissions
/// side by side, with the trade in between and an independent estimate (GCB) for comparison.
public struct PanoramicAccount: Sendable, Codable {
    /// Heading shown above the account, e.g. "Panoramic national account — EXIOBASE 3".
    public var title: String
    /// Year of the input-output table (or of the nowcast) the account is for.
    public var year: Int
    /// Stressor the account is built from, as spelled in the extension (e.g. "CO2 - combustion - air").
    public var stressor: String
    /// Unit of every `…Mt` figure in the rows: "Mt" (of the stressor's mass, CO2 or CO2e).
    public var unit: String
    /// One row per region of the table, in the table's region order (RoW aggregates included).
    public var rows: [PanoramaRow]
    /// Global totals, Mt: production and consumption must be equal.
    public var globalProductionMt: Double
    /// Sum of the regions' consumption-based totals, Mt; equals `globalProductionMt` up to rounding.
    public var globalConsumptionMt: Double
    /// Linear solver the MRIO accounts were computed with (e.g. the sparse LU of I − A), for provenance.
    public var solver: String
    /// Datasets used, with versions and licences.
    public var datasets: [Provenance]
    /// Method notes and warnings shown with the account (scope of the totals, GCB caveats, year mismatches).
    public var notes: [String]
    /// Agreement with the independent estimate (GCB) over the countries both cover.
    public var comparison: ComparisonSummary?
    /// Where each column of the panoramic view comes from (dataset, version, years), after ``Panorama/attachNatural``.
    public var columns: [PanoramicColumnSource]?
    /// The gas (`co2`, `ch4`, `n2o`, `ghg`) and GWP set of a GHG account (nil for a plain stressor account).
    public var gas: String? = nil
    /// GWP set used to characterise a GHG account (e.g. "AR5"), nil for a plain stressor account.
    public var gwp: String? = nil
    /// "table" for a year with an input-output table, "nowcast" for one estimated from the latest table.
    public var estimate: String? = nil
    /// The table year the numbers rest on, and the years from it (0 for a table year).
    public var baseTableYear: Int? = nil
    /// Years between `baseTableYear` and `year` (0 for a table year), nil when not a GHG series estimate.
    public var horizon: Int? = nil
    /// For a nowcast: the hold-out error range of its horizon.
    public var errorRange: EstimateErrorRange? = nil

    enum CodingKeys: String, CodingKey {
        case title, year, stressor, unit, rows, solver, datasets, notes, comparison, columns, gas, gwp, estimate, horizon
        case globalProductionMt = "global_production_mt"
        case globalConsumptionMt = "global_consumption_mt"
        case baseTableYear = "base_table_year"
        case errorRange = "error_range"
    }
}

/// The error range a hold-out measured for an estimate's horizon (adjustment in percentage points,
/// consumption-based total in %): median, 90th percentile and maximum of |error| over the regions.
public struct EstimateErrorRange: Sendable, Codable, Hashable {
    /// Nowcast horizon the errors were measured for, years after the last table.
    public var horizon: Int
    /// Median over the regions of |error| of the adjustment, percentage points.
    public var adjustmentMedianPP: Double
    /// 90th percentile over the regions of |error| of the adjustment, percentage points.
    public var adjustmentP90PP: Double
    /// Largest |error| of the adjustment over the regions, percentage points.
    public var adjustmentMaxPP: Double
    /// Median over the regions of |error| of the consumption-based total, % of the true total.
    public var consumptionMedianPct: Double
    /// 90th percentile over the regions of |error| of the consumption-based total, %.
    public var consumptionP90Pct: Double
    /// Set when the horizon is longer than any measured one and the range is that horizon's.
    public var extrapolatedFromHorizon: Int?
    /// Where the range was measured (the hold-out's description), shown with the estimate.
    public var source: String

    /// Memberwise initialiser; percentages as described on each property.
    public init(
        horizon: Int, adjustmentMedianPP: Double, adjustmentP90PP: Double, adjustmentMaxPP: Double, consumptionMedianPct: Double,
        consumptionP90Pct: Double, extrapolatedFromHorizon: Int?, source: String
    ) {
        self.horizon = horizon
        self.adjustmentMedianPP = adjustmentMedianPP
        self.adjustmentP90PP = adjustmentP90PP
        self.adjustmentMaxPP = adjustmentMaxPP
        self.consumptionMedianPct = consumptionMedianPct
        self.consumptionP90Pct = consumptionP90Pct
        self.extrapolatedFromHorizon = extrapolatedFromHorizon
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case horizon, source
        case adjustmentMedianPP = "adj_err_median_pp"
        case adjustmentP90PP = "adj_err_p90_pp"
        case adjustmentMaxPP = "adj_err_max_pp"
        case consumptionMedianPct = "cba_err_median_pct"
        case consumptionP90Pct = "cba_err_p90_pct"
        case extrapolatedFromHorizon = "extrapolated_from_horizon"
    }
}

/// A national estimate from another source (e.g. GCB), already in Mt CO2.
public struct NationalEstimate: Sendable, Hashable {
    /// ISO 3166-1 alpha-3 code of the country the estimate is for.
    public var iso3: String
    /// Territorial (production-based) emissions, Mt CO2; nil when the source has none for the year.
    public var territorialMt: Double?
    /// Consumption-based emissions, Mt CO2; nil when the source has none for the year.
    public var consumptionMt: Double?
    /// Memberwise initialiser; convert MtC to Mt CO2 (× 3.664) before calling.
    public init(iso3: String, territorialMt: Double?, consumptionMt: Double?) {
        self.iso3 = iso3
        self.territorialMt = territorialMt
        self.consumptionMt = consumptionMt
    }
}

/// The panoramic national account: builds it from MRIO accounts, attaches land-use and natural columns and compares it with GCB.
public enum Panorama {
    /// Input-output region labels that are not ISO alpha-3 codes (WIOD uses ROM for Romania).
    public static let regionAliases: [String: String] = ["ROM": "ROU", "ROU": "ROU"]

    /// The ISO3 code of an input-output region label (through `regionAliases`), or nil for an aggregate such as RoW or WA.
    public static func iso3(for region: String) -> String? {
        if let a = regionAliases[region] { return a }
        return Region.isISO3(region) ? region : nil
    }

    /// The mass part of a unit of CO2 equivalents as providers write them: "kt CO2e" (a characterised GHG
    /// extension), EXIOBASE's "kg CO2 eq.", "t CO2-eq", "Gg CO2eq"; any other unit unchanged.
    static func co2eMass(_ unit: String) -> String {
        let u = unit.trimmingCharacters(in: .whitespaces)
        for suffix in [" CO2e", " CO2 eq.", " CO2 eq", " CO2-eq.", " CO2-eq", " CO2eq", " CO2-e"] where u.lowercased().hasSuffix(suffix.lowercased())
        {
            return String(u.dropLast(suffix.count))
        }
        return u
    }

    /// Builds the account from MRIO accounts of one stressor (mass unit, e.g. kt CO2).
    ///
    /// - Parameters:
    ///   - names: ISO3 → country name (from the data layer).
    ///   - estimates: independent national estimates for comparison (GCB), keyed by ISO3.
    public static func build(
        accounts: MRIOAccounts, extension ext: String, stressor: String, year: Int,
        names: [String: String], estimates: [String: NationalEstimate], datasets: [Provenance]
    ) throws -> PanoramicAccount {
        let e = try accounts.extensionAccounts(ext)
        guard let k = e.stressors.firstIndex(where: { $0 == stressor || $0.lowercased() == stressor.lowercased() }) else {
            throw MRIOError(
                .unknownStressor, "no stressor '\(stressor)' in extension \(ext)", suggestion: "available: \(e.stressors.joined(separator: ", "))")
        }
        let unit: MeasureUnit
        let mass = co2eMass(e.units[k])
        do { unit = try MeasureUnit(mass) } catch {
            throw MRIOError(
                .invalidArgument, "the unit of \(stressor) is '\(e.units[k])', not a mass unit Yuheng knows",
                suggestion: "the panorama needs emissions in t, kt, Mt or Gg")
        }
        let toMt = try unit.conversionFactor(to: MeasureUnit("Mt"))
        var rows: [PanoramaRow] = []
        for (r, region) in accounts.regions.enumerated() {
            let iso = iso3(for: region)
            let prod = e.pbaRegion[k, r] * toMt, cons = e.cbaRegion[k, r] * toMt
            let imp = e.impRegion[k, r] * toMt, exp = e.expRegion[k, r] * toMt
            var row = PanoramaRow(
                region: region, iso3: iso, name: iso.flatMap { names[$0] } ?? (region == "RoW" ? "Rest of the world" : region),
                productionMt: prod, consumptionMt: cons, importsMt: imp, exportsMt: exp, netTransferMt: imp - exp,
                adjustmentPct: prod != 0 ? (cons - prod) / prod * 100 : nil,
                incomeMt: e.ibaRegion.map { $0[k, r] * toMt })
            if let iso, let g = estimates[iso] {
                row.gcbTerritorialMt = g.territorialMt
                row.gcbConsumptionMt = g.consumptionMt
                if let t = g.territorialMt, let c = g.consumptionMt, t != 0 {
                    row.gcbAdjustmentPct = (c - t) / t * 100
                    if let a = row.adjustmentPct { row.adjustmentDiffPP = a - row.gcbAdjustmentPct! }
                }
            }
            row.population = accounts.population?[region]
            rows.append(row)
        }
        let gp = rows.reduce(0) { $0 + $1.productionMt }, gc = rows.reduce(0) { $0 + $1.consumptionMt }
        var notes = [
            "production- and consumption-based totals include direct emissions of final demand (households' own fuel use), as pymrio's D_pba_reg and D_cba_reg do",
            "net transfer = embodied imports − embodied exports = consumption − production",
            "GCB figures are territorial and consumption-based fossil CO2 (MtC × 3.664); scope differs (territory vs residence, bunkers, different MRIO), so differences are expected"
        ]
        notes += accounts.warnings
        var account = PanoramicAccount(
            title: "Panoramic national account — \(accounts.system)", year: year, stressor: e.stressors[k], unit: "Mt",
            rows: rows, globalProductionMt: gp, globalConsumptionMt: gc, solver: accounts.solver, datasets: datasets, notes: notes)
        account.comparison = compare(account)
        return account
    }
}

// MARK: - Three-boundary panoramic view (production, consumption, land use, natural)

/// One column of a country's panoramic view.
public struct PanoramicColumn: Sendable, Codable, Hashable {
    /// The column's central value, Mt (CO2 or CO2e, see `unit`).
    public var valueMt: Double
    /// Lower end of the range, Mt: 95 % interval for MRIO columns, model or ensemble minimum otherwise; nil when unknown.
    public var lowMt: Double?
    /// Upper end of the range, Mt: 95 % interval for MRIO columns, model or ensemble maximum otherwise; nil when unknown.
    public var highMt: Double?
    /// Unit of the values, e.g. "Mt CO2" or "Mt CO2e (AR5 GWP100)".
    public var unit: String
    /// Identifier of the dataset the figure comes from, e.g. "gcb2024-luc".
    public var dataset: String
    /// The year the figure is for, or nil for a multi-year mean (then `period`).
    public var year: Int?
    /// Averaging period of a multi-year mean, e.g. "2008-2017"; nil when `year` is set.
    public var period: String?
    /// Difference from the production-based figure (consumption − production), or the amount the
    /// column adds to it (land use, natural), Mt; and the same in % of production.
    public var adjustmentMt: Double?
    /// `adjustmentMt` in % of the production-based figure (nil when production is zero).
    public var adjustmentPct: Double?
    /// What the figure covers and how its range was obtained, shown as a tooltip.
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case unit, dataset, year, period, note
        case valueMt = "value_mt"
        case lowMt = "low_mt"
        case highMt = "high_mt"
        case adjustmentMt = "adjustment_mt"
        case adjustmentPct = "adjustment_pct"
    }
}

/// A country's three-boundary account: production- and consumption-based (fossil CO2), land-use
/// change (anthropogenic, bookkeeping) and natural fluxes (background CH4, never added to totals).
public struct PanoramicView: Sendable, Codable, Hashable {
    /// Production-based (territorial) fossil CO2 column, with its ±1.96σ range.
    public var production: PanoramicColumn
    /// Consumption-based (footprint) fossil CO2 column, with its ±1.96σ range.
    public var consumption: PanoramicColumn
    /// Anthropogenic land-use change CO2 column (GCB bookkeeping); nil when the country has no figure.
    public var landUse: PanoramicColumn?
    /// Natural CH4 background column, Mt CO2e; shown for context, never added to a total; nil when unknown.
    public var natural: PanoramicColumn?
    /// Production + land-use change, Mt CO2 (territorial incl. LUC).
    public var productionWithLandUseMt: Double?
    /// Consumption + land-use change, Mt CO2 (the "panoramic" total the map shows).
    public var panoramicTotalMt: Double?
    /// (panoramic total − production) / production × 100.
    public var panoramicAdjustmentPct: Double?
    /// True when the columns refer to different years.
    public var yearsDiffer: Bool
    /// Notes on this country's view, e.g. which columns refer to another year or period.
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case production, consumption, natural, notes
        case landUse = "land_use"
        case productionWithLandUseMt = "production_with_land_use_mt"
        case panoramicTotalMt = "panoramic_total_mt"
        case panoramicAdjustmentPct = "panoramic_adjustment_pct"
        case yearsDiffer = "years_differ"
    }
}

/// Where a column of the panorama comes from.
public struct PanoramicColumnSource: Sendable, Codable, Hashable {
    /// Column key: "production", "consumption", "land_use" or "natural".
    public var column: String
    /// Identifiers of the datasets the column is drawn from.
    public var datasets: [String]
    /// Years (or averaging periods) the column's figures are for, as display text.
    public var years: String
    /// Unit of the column, e.g. "Mt CO2".
    public var unit: String
    /// System boundary of the column in words (e.g. territorial fossil CO2, bookkeeping land-use change).
    public var boundary: String
    /// How the column's range is obtained (95 % interval, model minimum–maximum), in words.
    public var uncertainty: String

    /// Memberwise initialiser.
    public init(column: String, datasets: [String], years: String, unit: String, boundary: String, uncertainty: String) {
        self.column = column
        self.datasets = datasets
        self.years = years
        self.unit = unit
        self.boundary = boundary
        self.uncertainty = uncertainty
    }
}

/// Relative uncertainties assumed for the MRIO columns (1 sigma), documented in docs/natural-format.md.
public struct PanoramicUncertainty: Sendable, Codable, Hashable {
    /// Fossil CO2 (production-based): GCB states ±5 % (1σ) for fossil emissions.
    public var production: Double
    /// Consumption-based: fossil 5 % combined with a 10 % spread between MRIO models (judgement, after Moran & Wood 2014).
    public var consumption: Double

    /// Relative 1σ uncertainties; the defaults are 5 % for production and √(5 %² + 10 %²) ≈ 11.2 % for consumption.
    public init(production: Double = 0.05, consumption: Double = (0.05 * 0.05 + 0.10 * 0.10).squareRoot()) {
        self.production = production
        self.consumption = consumption
    }
}

extension Panorama {
    /// Adds the land-use and natural columns and the panoramic view to every row with an ISO3 code.
    ///
    /// - Parameters:
    ///   - figures: per-country land-use change and natural CH4 (from the data layer), keyed by ISO3.
    ///   - gwpCH4: GWP of CH4 for the natural column (e.g. 28, AR5 GWP100) and its label.
    ///   - datasets: provenance of the natural datasets (appended to the account's datasets).
    public static func attachNatural(
        _ account: inout PanoramicAccount, figures: [String: NationalNaturalFigures], gwpCH4: Double, gwpLabel: String,
        datasets: [Provenance] = [], uncertainty: PanoramicUncertainty = PanoramicUncertainty()
    ) {
        let z = 1.96
        let mrio = account.datasets.first?.datasetID ?? "mrio"
        var lucYears = Set<Int>(), natPeriods = Set<String>(), differ = false
        for i in account.rows.indices {
            var row = account.rows[i]
            let p = row.productionMt, c = row.consumptionMt
            func pct(_ x: Double?) -> Double? { guard let x, p != 0 else { return nil }; return x / p * 100 }
            let prod = PanoramicColumn(
                valueMt: p, lowMt: p * (1 - z * uncertainty.production), highMt: p * (1 + z * uncertainty.production), unit: "Mt CO2",
                dataset: mrio, year: account.year, period: nil, adjustmentMt: 0, adjustmentPct: 0,
                note: "territorial fossil CO2 incl. households' direct emissions")
            let cons = PanoramicColumn(
                valueMt: c, lowMt: c * (1 - z * uncertainty.consumption), highMt: c * (1 + z * uncertainty.consumption), unit: "Mt CO2",
                dataset: mrio, year: account.year, period: nil, adjustmentMt: c - p, adjustmentPct: pct(c - p), note: "footprint of final demand")
            var view = PanoramicView(production: prod, consumption: cons, landUse: nil, natural: nil, yearsDiffer: false, notes: [])
            if let iso = row.iso3, let f = figures[iso] {
                if let l = f.landUse {
                    row.landUseMt = l.meanMt; row.landUseLowMt = l.lowMt; row.landUseHighMt = l.highMt
                    view.landUse = PanoramicColumn(
                        valueMt: l.meanMt, lowMt: l.lowMt, highMt: l.highMt, unit: "Mt CO2", dataset: l.datasetID, year: l.year, period: nil,
                        adjustmentMt: l.meanMt, adjustmentPct: pct(l.meanMt),
                        note: "anthropogenic land-use change (bookkeeping, mean of \(l.modelsMt.count) models; range = model min–max)")
                    view.productionWithLandUseMt = p + l.meanMt
                    view.panoramicTotalMt = c + l.meanMt
                    view.panoramicAdjustmentPct = pct(c + l.meanMt - p)
                    lucYears.insert(l.year)
                    if l.year != account.year {
                        view.yearsDiffer = true; view.notes.append("land-use change is for \(l.year), the MRIO columns for \(account.year)")
                    }
                }
                row.lucfInventoryMt = f.lucf?.mt
                if let m = f.naturalMethane {
                    let v = m.co2eMt(gwpCH4: gwpCH4)
                    row.naturalMt = v.value; row.naturalLowMt = v.low; row.naturalHighMt = v.high
                    view.natural = PanoramicColumn(
                        valueMt: v.value, lowMt: v.low, highMt: v.high, unit: "Mt CO2e (\(gwpLabel))", dataset: m.datasetID, year: nil,
                        period: m.period, adjustmentMt: nil, adjustmentPct: pct(v.value),
                        note:
                            "natural CH4 sources (wetlands and other natural), top-down ensemble mean, \(m.allocation == "region" ? "GMB region \(m.region)" : String(format: "%.1f %% (land-area share) of GMB region %@", m.share * 100, m.region)); background flux, not added to any total"
                    )
                    natPeriods.insert(m.period)
                    view.yearsDiffer = true
                    view.notes.append("natural fluxes are the \(m.period) mean, not \(account.year)")
                }
            }
            if view.yearsDiffer { differ = true }
            row.panoramic = view
            account.rows[i] = row
        }
        let lucYearText =
            lucYears.isEmpty
            ? "none" : (lucYears.count == 1 ? "\(lucYears.first!)" : "\(lucYears.min()!)–\(lucYears.max()!) (nearest year with data)")
        account.columns = naturalColumnSources(
            mrio: mrio, year: account.year, lucYears: lucYearText, natPeriods: natPeriods, gwpLabel: gwpLabel, uncertainty: uncertainty)
        account.datasets += datasets.filter { d in !account.datasets.contains(d) }
        account.notes.append(
            "land_use_mt: GCB 2024 bookkeeping land-use change (mean of four models), year \(lucYearText); natural_mt: natural CH4 sources (GMB 2020 top-down, \(natPeriods.sorted().joined(separator: ", ")) mean) as CO2e with \(gwpLabel), a country's share of its GMB region by land area where the region has several countries"
        )
        if differ { account.notes.append("the columns refer to different years: see panoramic.years_differ and columns[].years") }
        account.notes.append(
            "natural fluxes are background and are never added to production, consumption or land-use totals (IPCC managed-land proxy)")
    }

    /// The sources of the panoramic columns: production and consumption from the MRIO table `mrio` of `year`, land use from
    /// the GCB bookkeeping models (`lucYears` describes their years), natural CH4 from GMB 2020 (`natPeriods`).
    static func naturalColumnSources(
        mrio: String, year: Int, lucYears: String, natPeriods: Set<String>, gwpLabel: String, uncertainty: PanoramicUncertainty
    ) -> [PanoramicColumnSource] {
        let z = 1.96
        return [
            PanoramicColumnSource(
                column: "production", datasets: [mrio], years: "\(year)", unit: "Mt CO2",
                boundary: "production-based (territorial) fossil CO2",
                uncertainty: "±\(String(format: "%.1f", z * uncertainty.production * 100)) % (95 %), GCB fossil ±5 % (1σ)"),
            PanoramicColumnSource(
                column: "consumption", datasets: [mrio], years: "\(year)", unit: "Mt CO2",
                boundary: "consumption-based fossil CO2 (footprint)",
                uncertainty:
                    "±\(String(format: "%.1f", z * uncertainty.consumption * 100)) % (95 %): fossil 5 % and MRIO-model spread 10 % (1σ, judgement)"),
            PanoramicColumnSource(
                column: "land_use", datasets: ["gcb2024-luc"], years: lucYears, unit: "Mt CO2",
                boundary: "anthropogenic land-use change CO2 (GCB bookkeeping; not inventory LULUCF)",
                uncertainty: "minimum–maximum of the four bookkeeping models (BLUE, H&C2023, OSCAR, LUCE)"),
            PanoramicColumnSource(
                column: "natural", datasets: ["gmb2020-regions", "gmb2020-country-regions"], years: natPeriods.sorted().joined(separator: ", "),
                unit: "Mt CO2e (\(gwpLabel))", boundary: "natural CH4 sources (background; never added to national totals)",
                uncertainty: "minimum–maximum of the top-down inversions (GMB 2020)")
        ]
    }
}
