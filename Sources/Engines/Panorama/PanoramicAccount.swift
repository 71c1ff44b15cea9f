import YuhengCore
import YuhengMRIO

/// One country's row of the panoramic national account.
public struct PanoramaRow: Sendable, Codable, Hashable {
    /// Region label in the input-output table.
    public var region: String
    /// ISO 3166-1 alpha-3 code (nil for aggregates such as RoW).
    public var iso3: String?
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
    public var gcbConsumptionMt: Double?
    public var gcbAdjustmentPct: Double?
    /// Difference of the two adjustments, percentage points (ours − GCB).
    public var adjustmentDiffPP: Double?
    public var population: Double?

    enum CodingKeys: String, CodingKey {
        case region, iso3, name, population
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
    public var title: String
    public var year: Int
    public var stressor: String
    public var unit: String
    public var rows: [PanoramaRow]
    /// Global totals, Mt: production and consumption must be equal.
    public var globalProductionMt: Double
    public var globalConsumptionMt: Double
    public var solver: String
    /// Datasets used, with versions and licences.
    public var datasets: [Provenance]
    public var notes: [String]
    /// Agreement with the independent estimate (GCB) over the countries both cover.
    public var comparison: ComparisonSummary?

    enum CodingKeys: String, CodingKey {
        case title, year, stressor, unit, rows, solver, datasets, notes, comparison
        case globalProductionMt = "global_production_mt"
        case globalConsumptionMt = "global_consumption_mt"
    }
}

/// A national estimate from another source (e.g. GCB), already in Mt CO2.
public struct NationalEstimate: Sendable, Hashable {
    public var iso3: String
    public var territorialMt: Double?
    public var consumptionMt: Double?
    public init(iso3: String, territorialMt: Double?, consumptionMt: Double?) {
        self.iso3 = iso3
        self.territorialMt = territorialMt
        self.consumptionMt = consumptionMt
    }
}

public enum Panorama {
    /// Input-output region labels that are not ISO alpha-3 codes (WIOD uses ROM for Romania).
    public static let regionAliases: [String: String] = ["ROM": "ROU", "ROU": "ROU"]

    public static func iso3(for region: String) -> String? {
        if let a = regionAliases[region] { return a }
        return Region.isISO3(region) ? region : nil
    }

    /// Builds the account from MRIO accounts of one stressor (mass unit, e.g. kt CO2).
    ///
    /// - Parameters:
    ///   - names: ISO3 → country name (from the data layer).
    ///   - estimates: independent national estimates for comparison (GCB), keyed by ISO3.
    public static func build(accounts: MRIOAccounts, extension ext: String, stressor: String, year: Int,
                             names: [String: String], estimates: [String: NationalEstimate], datasets: [Provenance]) throws -> PanoramicAccount {
        let e = try accounts.extensionAccounts(ext)
        guard let k = e.stressors.firstIndex(where: { $0 == stressor || $0.lowercased() == stressor.lowercased() }) else {
            throw MRIOError(.unknownStressor, "no stressor '\(stressor)' in extension \(ext)", suggestion: "available: \(e.stressors.joined(separator: ", "))")
        }
        let unit: MeasureUnit
        do { unit = try MeasureUnit(e.units[k]) } catch {
            throw MRIOError(.invalidArgument, "the unit of \(stressor) is '\(e.units[k])', not a mass unit Yuheng knows", suggestion: "the panorama needs emissions in t, kt, Mt or Gg")
        }
        let toMt = try unit.conversionFactor(to: MeasureUnit("Mt"))
        var rows: [PanoramaRow] = []
        for (r, region) in accounts.regions.enumerated() {
            let iso = iso3(for: region)
            let prod = e.pbaRegion[k, r] * toMt, cons = e.cbaRegion[k, r] * toMt
            let imp = e.impRegion[k, r] * toMt, exp = e.expRegion[k, r] * toMt
            var row = PanoramaRow(region: region, iso3: iso, name: iso.flatMap { names[$0] } ?? (region == "RoW" ? "Rest of the world" : region),
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
            "GCB figures are territorial and consumption-based fossil CO2 (MtC × 3.664); scope differs (territory vs residence, bunkers, different MRIO), so differences are expected",
        ]
        notes += accounts.warnings
        var account = PanoramicAccount(title: "Panoramic national account — \(accounts.system)", year: year, stressor: e.stressors[k], unit: "Mt",
                                       rows: rows, globalProductionMt: gp, globalConsumptionMt: gc, solver: accounts.solver, datasets: datasets, notes: notes)
        account.comparison = compare(account)
        return account
    }
}
