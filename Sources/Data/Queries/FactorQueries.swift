import Foundation
import GRDB
import YuhengCore
import YuhengInventory

/// A factor found by search, with its dataset's provenance.
public struct FactorHit: Sendable, Codable, Hashable {
    /// The matching factor row.
    public var factor: FactorRecord
    /// Provenance of the dataset the factor belongs to.
    public var provenance: Provenance
}

extension YuhengDatabase {
    /// Full-text search (SQLite FTS5) over factor descriptions, items, categories and gases.
    ///
    /// Words are matched as prefixes and combined with AND: `"natural gas residential"` finds the
    /// residential natural-gas CH4 and N2O factors. Results are ranked by BM25. Repeated words count
    /// once; a text of more than ``FullTextQuery/maxCharacters`` characters or
    /// ``FullTextQuery/maxWords`` different words is refused (``DataError`` `.invalidValue`).
    public func searchFactors(_ text: String, limit: Int = 50) throws -> [FactorHit] {
        let q = try FullTextQuery(text, wordCharacters: ["_"])
        guard !q.isEmpty, limit > 0 else { return [] }
        let query = q.matchExpression
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT f.*, d.version AS d_version, d.source AS d_source, d.licence AS d_licence
                    FROM factors_fts JOIN factors f ON f.id = factors_fts.rowid JOIN datasets d ON d.id = f.dataset_id
                    WHERE factors_fts MATCH ? ORDER BY bm25(factors_fts), f.id LIMIT ?
                    """, arguments: [query, limit]
            ).map { r in
                FactorHit(
                    factor: Self.factor(r),
                    provenance: Provenance(datasetID: r["dataset_id"], version: r["d_version"], source: r["d_source"], licence: r["d_licence"]))
            }
        }
    }

    /// All factor records of the given tables.
    public func factorRecords(tables: [String]) throws -> [FactorRecord] {
        try writer.read { db in
            let marks = tables.map { _ in "?" }.joined(separator: ",")
            return try Row.fetchAll(db, sql: "SELECT * FROM factors WHERE tbl IN (\(marks)) ORDER BY id", arguments: StatementArguments(tables)).map(
                Self.factor)
        }
    }

    static func factor(_ r: Row) -> FactorRecord {
        let attrText: String = r["attributes"]
        let attrs = (try? JSONSerialization.jsonObject(with: Data(attrText.utf8)) as? [String: String]) ?? [:]
        return FactorRecord(
            datasetID: r["dataset_id"], table: r["tbl"], category: r["category"], item: r["item"], qualifier: r["qualifier"],
            gas: r["gas"], value: r["value"], low: r["low"], high: r["high"], unit: r["unit"], description: r["description"],
            verification: r["verification"], attributes: attrs)
    }

    /// The GWP sets in the database: the bundled table and the sets or species imported with
    /// ``importGWPCSV(text:fileName:info:)``; each set's provenance names the datasets it draws on.
    public func gwpLibrary() throws -> GWPLibrary {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT species, assessment, metric, value, dataset_id FROM gwp ORDER BY dataset_id")
            var provenance: [String: Provenance] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT * FROM datasets WHERE id IN (SELECT DISTINCT dataset_id FROM gwp)") {
                let info = Self.datasetInfo(r)
                provenance[info.id] = info.provenance
            }
            return try GWPLibrary(
                rows: rows.map {
                    (species: $0["species"], assessment: $0["assessment"], metric: $0["metric"], value: $0["value"], dataset: $0["dataset_id"])
                }, provenance: provenance)
        }
    }

    /// The default factors of the Tier 1 inventory methods.
    public func inventoryFactors() throws -> InventoryFactors {
        let records = try factorRecords(tables: ["ncv", "carbon_content", "fuel_co2", "stationary", "mobile", "cement", "enteric", IPCCDefault.table])
        let prov = try datasets().map(\.provenance)
        do { return try InventoryFactors(records: records, provenance: prov) } catch let e as UnitError {
            throw DataError(
                .invalidValue, "a stored factor has an invalid unit: \(e.message)",
                suggestion: "reinstall the bundled data by removing the database file")
        }
    }
}

/// National figures from the data layer.
public struct NationalFigure: Sendable, Codable, Hashable {
    /// ISO 3166-1 alpha-3 code of the country.
    public var iso3: String
    /// Display name of the country as the dataset gives it.
    public var country: String
    /// The calendar year of the figure.
    public var year: Int
    /// What the figure measures, e.g. "territorial_co2", "consumption_co2", "transfer_co2" (GCB).
    public var indicator: String
    /// The figure, in `unit` (GCB's MtC already converted with 3.664 t CO2 per t C).
    public var value: Double
    /// Unit of `value`, e.g. "Mt" (of CO2).
    public var unit: String
    /// Id of the dataset the figure comes from, e.g. "gcb2022-national".
    public var datasetID: String
}

extension YuhengDatabase {
    /// National emissions for a dataset and year (e.g. GCB territorial and consumption CO2).
    public func nationalEmissions(dataset: String = "gcb2022-national", year: Int? = nil, iso3: String? = nil) throws -> [NationalFigure] {
        try writer.read { db in
            var sql = "SELECT * FROM national_emissions WHERE dataset_id = ?"
            var args: [any DatabaseValueConvertible] = [dataset]
            if let y = year { sql += " AND year = ?"; args.append(y) }
            if let i = iso3 { sql += " AND iso3 = ?"; args.append(i) }
            sql += " ORDER BY iso3, year, indicator"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map {
                NationalFigure(
                    iso3: $0["iso3"], country: $0["country"], year: $0["year"], indicator: $0["indicator"], value: $0["value"], unit: $0["unit"],
                    datasetID: $0["dataset_id"])
            }
        }
    }

    /// Grid electricity intensity (g CO2e/kWh) by country, latest year per country.
    public func gridIntensity(iso3: String? = nil) throws -> [(iso3: String, year: Int, gPerKWh: Double)] {
        try writer.read { db in
            var sql = "SELECT iso3, year, value FROM grid_intensity"
            var args: [any DatabaseValueConvertible] = []
            if let i = iso3 { sql += " WHERE iso3 = ?"; args.append(i) }
            sql += " ORDER BY iso3, year"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map {
                (iso3: $0["iso3"], year: $0["year"], gPerKWh: $0["value"])
            }
        }
    }

    /// Countries with ISO codes.
    public func countries() throws -> [(iso3: String, iso2: String, numeric: String, name: String, continent: String)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM countries ORDER BY iso3").map {
                (iso3: $0["iso3"], iso2: $0["iso2"], numeric: $0["numeric"], name: $0["name"], continent: $0["continent"])
            }
        }
    }

    /// Country outlines as lists of polygons (rings of [lon, lat]).
    public func countryGeometry() throws -> [String: (name: String, polygons: [[[[Double]]]])] {
        try writer.read { db in
            var out: [String: (name: String, polygons: [[[[Double]]]])] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT iso3, name, polygons FROM country_geometry") {
                let text: String = r["polygons"]
                let polys = (try? JSONDecoder().decode([[[[Double]]]].self, from: Data(text.utf8))) ?? []
                out[r["iso3"]] = (name: r["name"], polygons: polys)
            }
            return out
        }
    }
}
