import Foundation
import YuhengCore
import YuhengNatural

/// Reads user activity files for the natural-sources engine (CSV, one activity per row; the
/// columns are described in docs/natural-format.md). Errors name the file, line and column.
public enum NaturalActivityFiles {
    /// The text of an activity file (size-limited; UTF-8, with a clear message when it is not).
    public static func read(path: String) throws -> String {
        do { return try InputFile.read(path) } catch var e as DataError {
            if e.suggestion == nil || e.suggestion == "check the path" {
                e.suggestion = "check the path; the format is described in docs/natural-format.md"
            }
            throw e
        }
    }

    /// Columns a fire activity CSV may have (`vegetation` and `area` required); any other column is an error with a did-you-mean.
    public static let fireColumns = [
        "id", "vegetation", "area", "area_unit", "fuel_consumption", "fuel_load", "combustion_factor", "area_uncertainty_pct", "managed"
    ]
    /// Columns a land stratum CSV may have (`method` required: gain-loss or stock-difference, IPCC Vol. 4 Ch. 2).
    public static let landColumns = [
        "id", "method", "land_category", "managed", "area", "growth", "root_shoot", "eco_zone", "biomass_class", "carbon_fraction",
        "harvest", "bcef_r", "fuelwood_trees", "fuelwood_parts", "wood_density", "disturbance_area", "disturbance_biomass",
        "disturbance_fraction", "biomass_before", "biomass_after", "stock_t1", "stock_t2", "year_t1", "year_t2",
        "volume_t1", "volume_t2", "bcef_s", "gain_uncertainty_pct", "loss_uncertainty_pct"
    ]
    /// Columns an organic-soil (wetland) CSV may have (`area`, `status` and `climate` required).
    public static let wetlandColumns = [
        "id", "area", "area_unit", "status", "climate", "land_use", "nutrient", "managed", "ef_co2", "ef_ch4", "ef_n2o", "area_uncertainty_pct"
    ]

    static func open(_ text: String, file: String, required: [String], allowed: [String]) throws -> TableReader {
        // Unknown columns first: 'aera' is a typo of 'area', which is then also missing.
        let r = try TableReader(file: file, text: text, required: [])
        for c in r.table.header where !allowed.contains(c) {
            throw DataError(
                .malformedFile, "unknown column '\(c)'", file: file, line: 1, field: c,
                suggestion: EditDistance.didYouMean(c, in: allowed) ?? "allowed columns: \(allowed.joined(separator: ", "))")
        }
        for c in required where !r.table.header.contains(c) {
            throw DataError(
                .malformedFile, "the column '\(c)' is missing", file: file, line: 1, field: c,
                suggestion: "expected columns: \(required.joined(separator: ", "))")
        }
        if r.rows.isEmpty { throw DataError(.malformedFile, "the file has no rows", file: file) }
        return r
    }

    static func managed(_ r: TableReader, _ row: CSVTable.Row) throws -> Bool {
        let s = try r.string(row, "managed", required: false).lowercased()
        switch s {
        case "", "yes", "true", "1", "managed": return true
        case "no", "false", "0", "unmanaged": return false
        default: throw DataError(.invalidValue, "'\(s)' is not yes or no", file: r.file, line: row.line, field: "managed")
        }
    }

    static func optString(_ r: TableReader, _ row: CSVTable.Row, _ c: String) throws -> String? {
        let s = try r.string(row, c, required: false)
        return s.isEmpty ? nil : s
    }

    /// Fire activities of a CSV text (areas in ha unless `area_unit` says otherwise; a row without `id` is named by its line).
    ///
    /// Throws ``DataError`` naming the file, line and column for a missing or unknown column or a value that is not a number.
    public static func fires(text: String, file: String) throws -> [FireActivity] {
        let r = try open(text, file: file, required: ["vegetation", "area"], allowed: fireColumns)
        return try r.rows.map { row in
            FireActivity(
                id: try optString(r, row, "id") ?? "line \(row.line)", vegetation: try r.string(row, "vegetation"), area: try r.number(row, "area"),
                areaUnit: try optString(r, row, "area_unit") ?? "ha", fuelLoad: try r.optionalNumber(row, "fuel_load"),
                combustionFactor: try r.optionalNumber(row, "combustion_factor"), fuelConsumption: try r.optionalNumber(row, "fuel_consumption"),
                areaUncertaintyPct: try r.optionalNumber(row, "area_uncertainty_pct"), managed: try managed(r, row))
        }
    }

    /// Land strata of a CSV text (land category default `forest_remaining`; a row without `id` is named by its line).
    ///
    /// Throws ``DataError`` naming the file, line and column for an unknown method, a bad number or year.
    public static func land(text: String, file: String) throws -> [LandStratum] {
        let r = try open(text, file: file, required: ["method"], allowed: landColumns)
        return try r.rows.map { row in
            let m = try r.string(row, "method")
            guard let method = LandStratum.Method(rawValue: m) else {
                throw DataError(
                    .invalidValue, "unknown method '\(m)'", file: file, line: row.line, field: "method",
                    suggestion: "use gain-loss or stock-difference")
            }
            var s = LandStratum(
                id: try optString(r, row, "id") ?? "line \(row.line)", method: method,
                landCategory: try optString(r, row, "land_category") ?? "forest_remaining", managed: try managed(r, row))
            func n(_ c: String) throws -> Double? { try r.optionalNumber(row, c) }
            func y(_ c: String) throws -> Int? {
                guard let s = try optString(r, row, c) else { return nil }
                guard let v = Int(s) else { throw DataError(.invalidValue, "'\(s)' is not a year", file: file, line: row.line, field: c) }
                return v
            }
            s.area = try n("area"); s.growth = try n("growth"); s.rootShoot = try n("root_shoot")
            s.ecoZone = try optString(r, row, "eco_zone"); s.biomassClass = try optString(r, row, "biomass_class")
            s.carbonFraction = try n("carbon_fraction"); s.harvest = try n("harvest"); s.bcefR = try n("bcef_r")
            s.fuelwoodTrees = try n("fuelwood_trees"); s.fuelwoodParts = try n("fuelwood_parts"); s.woodDensity = try n("wood_density")
            s.disturbanceArea = try n("disturbance_area"); s.disturbanceBiomass = try n("disturbance_biomass");
            s.disturbanceFraction = try n("disturbance_fraction")
            s.biomassBefore = try n("biomass_before"); s.biomassAfter = try n("biomass_after")
            s.stockT1 = try n("stock_t1"); s.stockT2 = try n("stock_t2"); s.yearT1 = try y("year_t1"); s.yearT2 = try y("year_t2")
            s.volumeT1 = try n("volume_t1"); s.volumeT2 = try n("volume_t2"); s.bcefS = try n("bcef_s")
            s.gainUncertaintyPct = try n("gain_uncertainty_pct"); s.lossUncertaintyPct = try n("loss_uncertainty_pct")
            return s
        }
    }

    /// Organic-soil activities of a CSV text (areas in ha unless `area_unit` says otherwise; a row without `id` is named by its line).
    ///
    /// Throws ``DataError`` naming the file, line and column for a missing or unknown column or a bad value.
    public static func wetlands(text: String, file: String) throws -> [OrganicSoilActivity] {
        let r = try open(text, file: file, required: ["area", "status", "climate"], allowed: wetlandColumns)
        return try r.rows.map { row in
            OrganicSoilActivity(
                id: try optString(r, row, "id") ?? "line \(row.line)", area: try r.number(row, "area"),
                areaUnit: try optString(r, row, "area_unit") ?? "ha",
                status: try r.string(row, "status"), climate: try r.string(row, "climate"), landUse: try optString(r, row, "land_use"),
                nutrient: try optString(r, row, "nutrient"), managed: try managed(r, row), efCO2: try r.optionalNumber(row, "ef_co2"),
                efCH4: try r.optionalNumber(row, "ef_ch4"), efN2O: try r.optionalNumber(row, "ef_n2o"),
                areaUncertaintyPct: try r.optionalNumber(row, "area_uncertainty_pct"))
        }
    }
}
