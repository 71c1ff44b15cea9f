import Foundation
import GRDB
import YuhengCore

/// One series dataset's current version in memory: values by (code, sector, gas) and year.
public struct NowcastSeries: Sendable {
    /// The stored version the values belong to (dataset, version, unit, provenance).
    public var version: NowcastInputVersion
    /// [key "code|sector|gas"][year] → value; a published blank is `.some(nil)`.
    public var values: [String: [Int: Double?]]

    /// The value of a code (and sector, gas) in a year: nil when the row or the year is absent; `.some(nil)` when blank.
    public func value(_ code: String, sector: String = "", gas: String = "", year: Int) -> Double?? {
        values["\(code)|\(sector)|\(gas)"]?[year]
    }

    /// Whether the dataset has any row for `code`.
    public func has(code: String) -> Bool { values.keys.contains { $0.hasPrefix(code + "|") } }

    /// The last year with a value for every one of `codes` (and sector, gas), nil when none.
    public func lastCommonYear(_ codes: [String], sector: String = "", gas: String = "") -> Int? {
        var common: Set<Int>? = nil
        for c in codes {
            let ys = Set((values["\(c)|\(sector)|\(gas)"] ?? [:]).compactMap { $0.value == nil ? nil : $0.key })
            common = common.map { $0.intersection(ys) } ?? ys
        }
        return common?.max()
    }

    /// "dataset version (file)" for messages.
    public var label: String { "\(version.datasetID) (\(version.version), file \(version.file))" }
}

/// A row of the NACE Rev.2 → ISIC Rev.3 concordance and of the EDGAR → WIOD concordance.
public struct NowcastConcordances: Sendable {
    /// NACE code → ISIC targets, in file order.
    public var nace: [(code: String, targets: [String])]
    /// ISIC code → fallback targets (where every target has zero output); Yuheng adds 61 → 60.
    public var fallback: [String: [String]]
    /// (EDGAR sector, gas) → targets, key ("1:1", "jrc_co2", "output") and CH4 origin ("fossil", "nonfossil").
    public var edgar: [String: (targets: [String], key: String, origin: String)]
    /// Provenance of the concordance dataset (`wiod-concordances`).
    public var provenance: Provenance
}

/// The hold-out error range of a nowcast horizon (from the bundled `nowcast-holdout-ranges`).
public struct HorizonErrorRange: Sendable, Codable, Hashable {
    /// The gas the range is of: "co2", "ch4", "n2o" or "ghg".
    public var gas: String
    /// Years between the base table and the nowcast year.
    public var horizon: Int
    /// Number of (base, target) table pairs the range was measured on.
    public var pairs: Int
    /// |adjustment error| in percentage points: median, 90th percentile, maximum.
    public var adjustmentMedianPP: Double
    /// 90th percentile of |adjustment error|, percentage points.
    public var adjustmentP90PP: Double
    /// Largest |adjustment error| measured, percentage points.
    public var adjustmentMaxPP: Double
    /// |consumption-based error| in %: median, 90th percentile, maximum.
    public var consumptionMedianPct: Double
    /// 90th percentile of |consumption-based error|, %.
    public var consumptionP90Pct: Double
    /// Largest |consumption-based error| measured, %.
    public var consumptionMaxPct: Double
    /// Set when no table pair has this horizon and the range is that of a shorter one.
    public var extrapolatedFromHorizon: Int?
    /// Provenance of the hold-out ranges dataset (`nowcast-holdout-ranges`).
    public var dataset: Provenance

    enum CodingKeys: String, CodingKey {
        case gas, horizon, pairs, dataset
        case adjustmentMedianPP = "adj_err_median_pp"
        case adjustmentP90PP = "adj_err_p90_pp"
        case adjustmentMaxPP = "adj_err_max_pp"
        case consumptionMedianPct = "cba_err_median_pct"
        case consumptionP90Pct = "cba_err_p90_pct"
        case consumptionMaxPct = "cba_err_max_pct"
        case extrapolatedFromHorizon = "extrapolated_from_horizon"
    }
}

/// Everything the nowcast reads from the data layer: the current version of each input dataset,
/// the concordances and the hold-out ranges.
public struct NowcastInputData: Sendable {
    /// World Bank GDP by country and year (current US$): scales final demand of nowcast years.
    public var gdp: NowcastSeries
    /// GCB 2022 (MtC): national territorial CO2, WLD, BUNKERS, STATDIFF.
    public var gcb: NowcastSeries
    /// GCB 2024 through OWID (t CO2): national, WLD, AIR, SEA.
    public var owid: NowcastSeries
    /// EDGAR CH4/N2O by code, sector and gas (Mt CO2e, AR5).
    public var edgar: NowcastSeries
    /// JRC CO2 by country and NACE sector (kt).
    public var jrc: NowcastSeries
    /// The NACE → ISIC and EDGAR → WIOD concordances that map the emission inputs onto the table's sectors.
    public var concordances: NowcastConcordances
    /// Hold-out error ranges per gas and horizon, attached to every nowcast year.
    public var ranges: [HorizonErrorRange]

    /// The provenance of every dataset in it.
    public var provenance: [Provenance] {
        [gdp, gcb, owid, edgar, jrc].map(\.version.provenance) + [concordances.provenance] + (ranges.first.map { [$0.dataset] } ?? [])
    }

    /// The range of a gas and horizon; a horizon beyond the longest measured takes the longest's, flagged.
    public func range(gas: String, horizon: Int) -> HorizonErrorRange? {
        let mine = ranges.filter { $0.gas == gas }
        if let r = mine.first(where: { $0.horizon == horizon }) { return r }
        guard var longest = mine.filter({ $0.pairs > 0 }).max(by: { $0.horizon < $1.horizon }), horizon > longest.horizon else { return nil }
        longest.extrapolatedFromHorizon = longest.horizon
        longest.horizon = horizon
        longest.pairs = 0
        return longest
    }
}

extension YuhengDatabase {
    /// The nowcast inputs (current versions), the concordances and the hold-out ranges, installing the
    /// bundled versions first if needed.
    public func nowcastInputs() throws -> NowcastInputData {
        try NowcastInputStore.install(in: self)
        let dir = try NowcastInputStore.directory()
        let m = try NowcastInputStore.manifest(at: dir)
        func series(_ id: String) throws -> NowcastSeries {
            guard let v = try nowcastInputVersions(dataset: id).first(where: \.current) else {
                throw DataError(
                    .missingBundledData, "the nowcast input \(id) has no current version", suggestion: "reinstall the bundled nowcast inputs")
            }
            let values = try writer.read { w in
                var out: [String: [Int: Double?]] = [:]
                for r in try Row.fetchAll(
                    w, sql: "SELECT code, sector, gas, year, value FROM nowcast_input_values WHERE dataset_id = ? AND version = ?",
                    arguments: [id, v.version])
                {
                    out["\(r["code"] as String)|\(r["sector"] as String)|\(r["gas"] as String)", default: [:]][r["year"] as Int] = .some(
                        r["value"] as Double?)
                }
                return out
            }
            return NowcastSeries(version: v, values: values)
        }
        return NowcastInputData(
            gdp: try series("worldbank-gdp"), gcb: try series("gcb-national-co2"), owid: try series("owid-national-co2"),
            edgar: try series("edgar-ch4-n2o"), jrc: try series("jrc-co2-accounts"),
            concordances: try Self.concordances(dir: dir, manifest: m), ranges: try Self.ranges(dir: dir, manifest: m))
    }

    static func provenance(_ id: String, _ m: NowcastInputStore.Manifest) throws -> Provenance {
        guard let d = m.datasets.first(where: { $0.id == id }) else {
            throw DataError(.missingBundledData, "the bundled nowcast inputs have no dataset \(id)")
        }
        return NowcastInputStore.info(d, manifest: m).provenance
    }

    static func concordances(dir: URL, manifest m: NowcastInputStore.Manifest) throws -> NowcastConcordances {
        let naceFile = "concordance_nace2_isic3.csv", edgarFile = "concordance_edgar_wiod.csv"
        let nr = try TableReader(
            file: naceFile, text: try NowcastInputStore.text(naceFile, in: dir, manifest: m), required: ["nace2_code", "isic3_code"])
        var nace: [(String, [String])] = [], fallback: [String: [String]] = [:]
        for r in nr.rows {
            let code = try nr.string(r, "nace2_code"), target = try nr.string(r, "isic3_code")
            if code.hasPrefix("FALLBACK:") { fallback[String(code.dropFirst(9)), default: []].append(target); continue }
            if code == "FC_HH" { continue }
            if let i = nace.firstIndex(where: { $0.0 == code }) { nace[i].1.append(target) } else { nace.append((code, [target])) }
        }
        if fallback["61"] == nil { fallback["61"] = ["60"] }
        let er = try TableReader(
            file: edgarFile, text: try NowcastInputStore.text(edgarFile, in: dir, manifest: m),
            required: ["edgar_sector", "gas", "target", "key", "ch4_origin"])
        var edgar: [String: (targets: [String], key: String, origin: String)] = [:]
        for r in er.rows {
            let sector = try er.string(r, "edgar_sector"), gas = try er.string(r, "gas")
            for g in gas == "*" ? ["CH4", "N2O"] : [gas] {
                let k = "\(sector)|\(g)"
                let key = try er.string(r, "key"), origin = try er.string(r, "ch4_origin", required: false)
                var rule = edgar[k] ?? ([], key, origin)
                rule.targets.append(try er.string(r, "target"))
                edgar[k] = rule
            }
        }
        return NowcastConcordances(nace: nace, fallback: fallback, edgar: edgar, provenance: try provenance("wiod-concordances", m))
    }

    static func ranges(dir: URL, manifest m: NowcastInputStore.Manifest) throws -> [HorizonErrorRange] {
        let file = "holdout_error_ranges.csv"
        let r = try TableReader(
            file: file, text: try NowcastInputStore.text(file, in: dir, manifest: m),
            required: ["gas", "horizon", "pairs", "adj_pp_median", "adj_pp_p90", "adj_pp_max", "cba_pct_median", "cba_pct_p90", "cba_pct_max"])
        let prov = try provenance("nowcast-holdout-ranges", m)
        return try r.rows.map { row in
            HorizonErrorRange(
                gas: try r.string(row, "gas"), horizon: try r.int(row, "horizon"), pairs: try r.int(row, "pairs"),
                adjustmentMedianPP: try r.number(row, "adj_pp_median"), adjustmentP90PP: try r.number(row, "adj_pp_p90"),
                adjustmentMaxPP: try r.number(row, "adj_pp_max"), consumptionMedianPct: try r.number(row, "cba_pct_median"),
                consumptionP90Pct: try r.number(row, "cba_pct_p90"), consumptionMaxPct: try r.number(row, "cba_pct_max"),
                extrapolatedFromHorizon: try r.optionalNumber(row, "extrapolated_from_horizon").map { Int($0) }, dataset: prov)
        }
    }
}
