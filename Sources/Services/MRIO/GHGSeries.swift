import Foundation
import YuhengCore
import YuhengData
import YuhengMRIO

/// One year of a GHG series, per region (Mt CO2e).
public struct GHGSeriesYear: Sendable, Codable {
    /// The calendar year of the figures.
    public var year: Int
    /// "table" or "nowcast".
    public var estimate: String
    /// The year of the input-output table the figures rest on (the year itself for a table year).
    public var baseTableYear: Int
    /// Years between the base table and this year (0 for a table year).
    public var horizon: Int
    /// The table (or the base table of the nowcast).
    public var table: String
    /// Region codes of the table, in table order; every per-region array below follows it.
    public var regions: [String]
    /// Production-based (territorial, with households' direct) emissions per region, Mt CO2e.
    public var productionMt: [Double]
    /// Consumption-based emissions per region (embodied in final demand plus households' direct), Mt CO2e.
    public var consumptionMt: [Double]
    /// Emissions embodied in each region's imports, Mt CO2e.
    public var importsMt: [Double]
    /// Emissions embodied in each region's exports, Mt CO2e.
    public var exportsMt: [Double]
    /// 100 (consumption − production) / production (nil where production is 0).
    public var adjustmentPct: [Double?]
    /// World total of production-based emissions, Mt CO2e.
    public var worldProductionMt: Double
    /// World total of consumption-based emissions, Mt CO2e.
    public var worldConsumptionMt: Double
    /// For a nowcast: the hold-out error range of its horizon (adjustment in pp, consumption in %).
    public var errorRange: HorizonErrorRange?
    /// For a nowcast: how its CO2 was made (e.g. "JRC + GCB 2022v1.0"); nil for a table year.
    public var co2Vintage: String?
    /// Emissions of cells whose nowcast output is ≤ 0 (counted as consumed where emitted), Mt CO2e.
    public var unallocatedMt: Double
    /// Provenance of every dataset (and version) the year rests on.
    public var datasets: [Provenance]
    /// Method notes for the year (GWP values used, nowcast construction).
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case year, estimate, horizon, table, regions, datasets, notes
        case baseTableYear = "base_table_year"
        case productionMt = "production_mt"
        case consumptionMt = "consumption_mt"
        case importsMt = "imports_mt"
        case exportsMt = "exports_mt"
        case adjustmentPct = "adjustment_pct"
        case worldProductionMt = "world_production_mt"
        case worldConsumptionMt = "world_consumption_mt"
        case errorRange = "error_range"
        case co2Vintage = "co2_vintage"
        case unallocatedMt = "unallocated_mt"
    }
}

/// Production- and consumption-based emissions of every region for a run of years (tables and nowcasts).
public struct GHGSeries: Sendable, Codable {
    /// First year of the series.
    public var from: Int
    /// Last year of the series (inclusive).
    public var to: Int
    /// The gas reported (CO2, CH4, N2O, or GHG = their sum in CO2e).
    public var gas: MRIOGas
    /// The GWP100 set used for CO2e ("AR5" or "AR6").
    public var gwp: String
    /// "Mt CO2e".
    public var unit: String
    /// One entry per year from `from` to `to`, in order, tables and nowcasts flagged.
    public var years: [GHGSeriesYear]
    /// Every dataset (and version) any year rests on.
    public var datasets: [Provenance]
    /// Method notes for the reader (gas and GWP, how nowcasts are built, the current-price caveat).
    public var notes: [String]
}

extension MRIOService {
    /// Production- and consumption-based emissions of `gas` for every year from `from` to `to` (default:
    /// the whole series, 2000–2023 with the bundled data), tables and nowcasts flagged, in Mt CO2e.
    /// `from` after `to`, a year outside the series, an unknown gas or GWP set are errors naming the valid values.
    public func series(from: Int? = nil, to: Int? = nil, gas: MRIOGas = .ghg, gwp set: String = "AR5") throws -> GHGSeries {
        let g = try gwp(set)
        let all = try seriesYears()
        let lo = from ?? all.first!.year, hi = to ?? all.last!.year
        for y in [lo, hi] where !all.contains(where: { $0.year == y }) {
            throw MRIOError(.missingData, "no table or nowcast for \(y)", suggestion: "available years: \(all.first!.year)–\(all.last!.year)")
        }
        guard lo <= hi else {
            throw MRIOError(.invalidArgument, "--from \(lo) is after --to \(hi)", suggestion: "give the earlier year first")
        }
        let years = try all.filter { (lo...hi).contains($0.year) }.map { try seriesYear(try ghgYear($0.year, gwp: g.set), gas: gas) }
        var notes = [
            "\(gas == .ghg ? "GHG = CO2 + CH4 + N2O" : gas.label) in Mt CO2e with \(g.label); production- and consumption-based totals include households' direct emissions"
        ]
        if years.contains(where: { $0.estimate == "nowcast" }) {
            notes.append(
                "nowcast years rest on the \(Self.latestTableYear) table (technical coefficients and import structure), final demand scaled by GDP growth and the year's own emissions; each carries the hold-out error range of its horizon"
            )
        }
        notes.append(
            StructuralDecomposition.currentPriceNote.replacingOccurrences(
                of: "the final-demand level effect and the emission-intensity effect (per unit of current-price output) both mix",
                with: "year-to-year changes mix"))
        return GHGSeries(
            from: lo, to: hi, gas: gas, gwp: g.set, unit: "Mt CO2e", years: years, datasets: Self.unique(years.flatMap(\.datasets)), notes: notes)
    }

    /// One year of a series (Mt CO2e) from a GHG year.
    public func seriesYear(_ y: GHGYear, gas: MRIOGas) throws -> GHGSeriesYear {
        let e = y.ghg, k = gas.row, toMt = 1.0 / 1000
        let R = y.accounts.regions.count
        let pba = (0..<R).map { e.pbaRegion[k, $0] * toMt }, cba = (0..<R).map { e.cbaRegion[k, $0] * toMt }
        var range: HorizonErrorRange? = nil
        if y.estimate == .nowcast { range = try nowcastInputs().range(gas: gas.rawValue, horizon: y.horizon) }
        let unallocated = y.unallocated.reduce(0.0) { s, u in
            let w: Double =
                u.extension == "co2"
                ? y.gwp.co2 : u.extension == "n2o" ? y.gwp.n2o : (u.stressor == "CH4_fossil" ? y.gwp.ch4Fossil : y.gwp.ch4NonFossil)
            let counts = gas == .ghg || u.extension == gas.rawValue
            return s + (counts ? u.amount * w * toMt : 0)
        }
        return GHGSeriesYear(
            year: y.year, estimate: y.estimate.rawValue, baseTableYear: y.baseTableYear, horizon: y.horizon, table: y.table,
            regions: y.accounts.regions,
            productionMt: pba, consumptionMt: cba, importsMt: (0..<R).map { e.impRegion[k, $0] * toMt },
            exportsMt: (0..<R).map { e.expRegion[k, $0] * toMt },
            adjustmentPct: (0..<R).map { pba[$0] != 0 ? 100 * (cba[$0] - pba[$0]) / pba[$0] : nil },
            worldProductionMt: pba.reduce(0, +), worldConsumptionMt: cba.reduce(0, +), errorRange: range, co2Vintage: y.co2Vintage,
            unallocatedMt: unallocated, datasets: y.datasets, notes: y.notes)
    }
}
