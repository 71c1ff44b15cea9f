import Foundation
import GRDB
import YuhengCore
import YuhengLCA

extension YuhengDatabase {
    /// Imports GWP values of your own (`yuheng data import FILE --kind gwp`): a CSV with the columns
    /// `species`, `set`, `metric`, `value` — the layout of the bundled table — as dataset `info.id`.
    ///
    /// A species is a key of the bundled table (`CH4`, `HFC134a`, `CH4_fossil`) or a name LCI databases use for
    /// it (`Propane` → `C3H8`, ``GHGMapping/species(forName:)``). A row adds a species to a set (e.g. ethane
    /// `C2H6` to AR6 GWP100) or builds a set the bundled
    /// table lacks (e.g. AR5 GWP20 from IPCC AR5 WGI Table 8.A.1). It never overrides a value another
    /// dataset gives: a species of a set comes from one dataset, and the set's provenance names every
    /// dataset it draws on. One transaction: a bad row (named by line and column) stores nothing.
    ///
    /// ```swift
    /// let n = try db.importGWPCSV(
    ///     text: "species,set,metric,value\nCH4,AR5,GWP20,84\nN2O,AR5,GWP20,264\n", fileName: "ar5-gwp20.csv",
    ///     info: DatasetInfo(id: "ar5-gwp20", title: "AR5 GWP20", version: "1", source: "IPCC AR5 WGI Table 8.A.1", licence: "IPCC"))
    /// try db.gwpLibrary().set(named: "AR5-GWP20")   // CH4 84, N2O 264, CO2 1
    /// ```
    public func importGWPCSV(text: String, fileName: String, info: DatasetInfo) throws -> Int {
        try importUserCSV(text: text, fileName: fileName, info: info, required: ["species", "set", "metric", "value"]) { db, reader in
            // Values other datasets give (this one's old rows are gone): (species, SET, METRIC) → (dataset, value).
            var taken: [String: (String, Double)] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT dataset_id, species, assessment, metric, value FROM gwp") {
                let key = Self.gwpKey(Gas(r["species"] as String).name, r["assessment"], r["metric"])
                taken[key] = (r["dataset_id"], r["value"])
            }
            var seen: [String: Int] = [:]
            var count = 0
            for row in reader.rows {
                // A name LCI databases use ("Propane", "Ethane, 1,2-dichloro-") is stored as the species it maps to (C3H8, CH2ClCH2Cl).
                let raw = try reader.string(row, "species")
                let species = GHGMapping.species(forName: raw) ?? Gas(raw).name
                let set = try reader.string(row, "set")
                guard set.count <= 16, set.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                    throw DataError(
                        .invalidValue, "'\(set)' is not a set name", file: fileName, line: row.line, field: "set",
                        suggestion: "1 to 16 letters and digits, e.g. AR5 or AR6 (the metric goes in its own column)")
                }
                let metricText = try reader.string(row, "metric")
                guard let metric = GWPSet.Metric(rawValue: metricText.uppercased()) else {
                    throw DataError(
                        .invalidValue, "unknown metric '\(metricText)'", file: fileName, line: row.line, field: "metric",
                        suggestion: "one of \(GWPSet.Metric.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let v = try reader.number(row, "value")
                guard v >= 0 else {
                    throw DataError(.invalidValue, "a GWP must not be negative", file: fileName, line: row.line, field: "value")
                }
                let key = Self.gwpKey(species, set, metric.rawValue)
                if let first = seen[key] {
                    throw DataError(
                        .invalidValue, "\(species) \(set) \(metric.rawValue) is given twice (lines \(first) and \(row.line))", file: fileName,
                        line: row.line, field: "species", suggestion: "keep one row per species, set and metric")
                }
                seen[key] = row.line
                if let (other, value) = taken[key] {
                    throw DataError(
                        .invalidValue,
                        "dataset '\(other)' already gives \(species) \(set.uppercased()) \(metric.rawValue) (\(value)); a value is never overridden",
                        file: fileName, line: row.line, field: "species",
                        suggestion:
                            "leave the row out, or give your set its own name (e.g. \(set.uppercased())X) and use it with --method ipcc-\(set.lowercased())x-\(metric.rawValue.lowercased())"
                    )
                }
                try db.execute(
                    sql: "INSERT INTO gwp(dataset_id, species, assessment, metric, value) VALUES (?,?,?,?,?)",
                    arguments: [info.id, species, set.uppercased(), metric.rawValue, v])
                try FactorWriter.insert(
                    db,
                    FactorRecord(
                        datasetID: info.id, table: "gwp", category: set.uppercased(), item: species, qualifier: metric.rawValue, gas: species,
                        value: v, unit: "1", description: "\(species) global warming potential \(set.uppercased()) \(metric.rawValue)",
                        verification: "user"))
                count += 1
            }
            return count
        }
    }

    static func gwpKey(_ species: String, _ set: String, _ metric: String) -> String {
        "\(species)|\(set.uppercased())|\(metric.uppercased())"
    }
}
