import Foundation
import GRDB
import YuhengCore

/// Converts the bundled files of each dataset into rows of the database. Every importer runs
/// inside the caller's transaction; a thrown error rolls everything back.
enum DatasetImporters {
    typealias Importer = @Sendable (Database, BundledDatasets, BundledDatasets.Entry) throws -> Int

    static let byID: [String: Importer] = [
        "gwp": importGWP,
        "ipcc2006-fuels": importFuels,
        "ipcc2006-stationary": importStationary,
        "ipcc2006-mobile": importMobile,
        "ipcc-cement": importCement,
        "ipcc-enteric": importEnteric,
        "ipcc-tier1-energy": importTier1,
        "ipcc-tier1-ippu": importTier1,
        "ipcc-tier1-afolu": importTier1,
        "ipcc-tier1-waste": importTier1,
        "gcb2022-national": importGCB,
        "grid-intensity": importGrid,
        "countries": importCountries,
        "country-geometry": importGeometry
    ]

    static func reader(_ bundle: BundledDatasets, _ name: String, _ required: [String]) throws -> TableReader {
        try TableReader(file: name, text: try bundle.text(name), required: required)
    }

    static func firstCSV(_ e: BundledDatasets.Entry) -> String { e.files.first { $0.hasSuffix(".csv") } ?? e.files[0] }

    // MARK: GWP

    static func importGWP(_ db: Database, _ b: BundledDatasets, _ e: BundledDatasets.Entry) throws -> Int {
        let r = try reader(b, firstCSV(e), ["species", "set", "metric", "value"])
        var n = 0
        for row in r.rows {
            let species = try r.string(row, "species"), set = try r.string(row, "set"), metric = try r.string(row, "metric")
            let v = try r.number(row, "value")
            guard v >= 0 else { throw DataError(.invalidValue, "a GWP must not be negative", file: r.file, line: row.line, field: "value") }
            try db.execute(
                // OR REPLACE: a species a user dataset added and a newer bundled table now gives takes the bundled value.
                sql: "INSERT OR REPLACE INTO gwp(dataset_id, species, assessment, metric, value) VALUES (?,?,?,?,?)",
                arguments: [e.id, species, set, metric, v])
            try FactorWriter.insert(
                db,
                FactorRecord(
                    datasetID: e.id, table: "gwp", category: set, item: species, qualifier: metric, gas: species, value: v, unit: "1",
                    description: "\(species) global warming potential \(set) \(metric)", verification: "source"))
            n += 1
        }
        return n
    }

    // MARK: IPCC fuels

    static func importFuels(_ db: Database, _ b: BundledDatasets, _ e: BundledDatasets.Entry) throws -> Int {
        let r = try reader(b, firstCSV(e), ["fuel", "name", "group", "biogenic", "ncv_gj_per_t", "carbon_kgc_per_gj", "co2_kg_per_tj"])
        var n = 0
        for row in r.rows {
            let fuel = try r.string(row, "fuel"), name = try r.string(row, "name")
            let attrs = [
                "name": name, "group": try r.string(row, "group", required: false),
                "biogenic": (try r.string(row, "biogenic", required: false)).lowercased() == "true" ? "true" : "false"
            ]
            let ver = try r.string(row, "verification", required: false)
            let bio = attrs["biogenic"] == "true" ? " (biogenic: CO2 is a memo item)" : ""
            if let v = try r.optionalNumber(row, "ncv_gj_per_t") {
                try FactorWriter.insert(
                    db,
                    FactorRecord(
                        datasetID: e.id, table: "ncv", item: fuel, value: v, low: try r.optionalNumber(row, "ncv_low"),
                        high: try r.optionalNumber(row, "ncv_high"),
                        unit: "GJ/t", description: "\(name) net calorific value (IPCC 2006 Vol 2 Table 1.2)", verification: ver, attributes: attrs))
                n += 1
            }
            if let v = try r.optionalNumber(row, "carbon_kgc_per_gj") {
                try FactorWriter.insert(
                    db,
                    FactorRecord(
                        datasetID: e.id, table: "carbon_content", item: fuel, value: v, low: try r.optionalNumber(row, "carbon_low"),
                        high: try r.optionalNumber(row, "carbon_high"),
                        unit: "kg/GJ", description: "\(name) carbon content, kg C per GJ (IPCC 2006 Vol 2 Table 1.3)", verification: ver,
                        attributes: attrs))
                n += 1
            }
            if let v = try r.optionalNumber(row, "co2_kg_per_tj") {
                try FactorWriter.insert(
                    db,
                    FactorRecord(
                        datasetID: e.id, table: "fuel_co2", item: fuel, gas: "CO2", value: v, low: try r.optionalNumber(row, "co2_low"),
                        high: try r.optionalNumber(row, "co2_high"),
                        unit: "kg/TJ", description: "\(name) CO2 emission factor, combustion (IPCC 2006 Vol 2 Table 1.4)\(bio)", verification: ver,
                        attributes: attrs))
                n += 1
            }
        }
        return n
    }

    static func importStationary(_ db: Database, _ b: BundledDatasets, _ e: BundledDatasets.Entry) throws -> Int {
        let r = try reader(b, firstCSV(e), ["category", "fuel", "ch4_kg_per_tj", "n2o_kg_per_tj"])
        let tableNames = [
            "1A1": "energy industries", "1A2": "manufacturing industries and construction", "1A4a": "commercial/institutional",
            "1A4b": "residential", "1A4c": "agriculture/forestry/fishing"
        ]
        var n = 0
        for row in r.rows {
            let cat = try r.string(row, "category"), fuel = try r.string(row, "fuel")
            let ver = try r.string(row, "verification", required: false), note = try r.string(row, "note", required: false)
            for (gas, col) in [("CH4", "ch4_kg_per_tj"), ("N2O", "n2o_kg_per_tj")] {
                guard let v = try r.optionalNumber(row, col) else { continue }
                guard v >= 0 else {
                    throw DataError(.invalidValue, "emission factors must not be negative", file: r.file, line: row.line, field: col)
                }
                try FactorWriter.insert(
                    db,
                    FactorRecord(
                        datasetID: e.id, table: "stationary", category: cat, item: fuel, gas: gas, value: v, unit: "kg/TJ",
                        description:
                            "\(fuel.replacingOccurrences(of: "_", with: " ")) \(gas) stationary combustion, \(tableNames[cat] ?? cat) (\(cat))",
                        verification: ver, attributes: note.isEmpty ? [:] : ["note": note]))
                n += 1
            }
        }
        return n
    }

    static func importMobile(_ db: Database, _ b: BundledDatasets, _ e: BundledDatasets.Entry) throws -> Int {
        let r = try reader(b, firstCSV(e), ["mode", "fuel", "technology", "co2_kg_per_tj", "ch4_kg_per_tj", "n2o_kg_per_tj"])
        var n = 0
        for row in r.rows {
            let mode = try r.string(row, "mode"), fuel = try r.string(row, "fuel"), tech = try r.string(row, "technology", required: false)
            let ver = try r.string(row, "verification", required: false)
            for (gas, col) in [("CO2", "co2_kg_per_tj"), ("CH4", "ch4_kg_per_tj"), ("N2O", "n2o_kg_per_tj")] {
                guard let v = try r.optionalNumber(row, col) else { continue }
                try FactorWriter.insert(
                    db,
                    FactorRecord(
                        datasetID: e.id, table: "mobile", category: mode, item: fuel, qualifier: tech, gas: gas, value: v, unit: "kg/TJ",
                        description:
                            "\(fuel.replacingOccurrences(of: "_", with: " ")) \(gas) mobile combustion, \(mode)\(tech.isEmpty ? "" : ", " + tech.replacingOccurrences(of: "_", with: " "))",
                        verification: ver))
                n += 1
            }
        }
        return n
    }

    static func importCement(_ db: Database, _ b: BundledDatasets, _ e: BundledDatasets.Entry) throws -> Int {
        let r = try reader(b, firstCSV(e), ["parameter", "value", "unit"])
        var n = 0
        for row in r.rows {
            let p = try r.string(row, "parameter")
            let unitText = try r.string(row, "unit")
            try FactorWriter.insert(
                db,
                FactorRecord(
                    datasetID: e.id, table: "cement", item: p, gas: p.hasPrefix("ef_") ? "CO2" : "", value: try r.number(row, "value"),
                    low: try r.optionalNumber(row, "low"), high: try r.optionalNumber(row, "high"), unit: storableUnit(unitText),
                    description: "cement production \(p.replacingOccurrences(of: "_", with: " ")) (IPCC 2006 Vol 3 Ch 2)",
                    verification: try r.string(row, "verification", required: false), attributes: ["unit_text": unitText]))
            n += 1
        }
        return n
    }

    /// Reduces units that name substances ("t CO2/t clinker") to their measurable part ("t/t");
    /// "factor" and "fraction" become "1". The original text is kept as an attribute.
    static func storableUnit(_ text: String) -> String {
        if (try? MeasureUnit(text)) != nil { return text }
        if text == "factor" || text == "fraction" { return "1" }
        let parts = text.split(separator: "/").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        let candidate = parts.joined(separator: "/")
        return (try? MeasureUnit(candidate)) != nil ? candidate : "1"
    }

    static func importEnteric(_ db: Database, _ b: BundledDatasets, _ e: BundledDatasets.Entry) throws -> Int {
        let r = try reader(b, firstCSV(e), ["guideline", "livestock", "region", "ef_kg_ch4_per_head"])
        var n = 0
        for row in r.rows {
            let g = try r.string(row, "guideline"), l = try r.string(row, "livestock"), reg = try r.string(row, "region")
            try FactorWriter.insert(
                db,
                FactorRecord(
                    datasetID: e.id, table: "enteric", category: g, item: l, qualifier: reg, gas: "CH4",
                    value: try r.number(row, "ef_kg_ch4_per_head"),
                    low: try r.optionalNumber(row, "low"), high: try r.optionalNumber(row, "high"), unit: "kg/head/yr",
                    description:
                        "\(l.replacingOccurrences(of: "_", with: " ")) enteric fermentation CH4, \(reg.replacingOccurrences(of: "_", with: " ")) (IPCC \(g) Tier 1)",
                    verification: try r.string(row, "verification", required: false)))
            n += 1
        }
        return n
    }

    /// The Tier 1 defaults of the national-inventory categories (`ipcc_tier1_*.csv`): one factor record per
    /// row, table `ipcc_tier1`, category = guideline edition (2006 or 2019R), item = parameter,
    /// qualifier = "item|qualifier"; the guideline table, source, check and note are attributes.
    static func importTier1(_ db: Database, _ b: BundledDatasets, _ e: BundledDatasets.Entry) throws -> Int {
        let r = try reader(
            b, firstCSV(e),
            ["guideline", "parameter", "item", "qualifier", "value", "low", "high", "unit", "ipcc_table", "source", "checked", "verification"])
        var n = 0
        for row in r.rows {
            let g = try r.string(row, "guideline")
            guard g == "2006" || g == "2019R" else {
                throw DataError(.invalidValue, "guideline must be 2006 or 2019R, got '\(g)'", file: r.file, line: row.line, field: "guideline")
            }
            let par = try r.string(row, "parameter"), item = try r.string(row, "item", required: false),
                q = try r.string(row, "qualifier", required: false)
            let unitText = try r.string(row, "unit")
            let table = try r.string(row, "ipcc_table")
            var attrs = ["unit_text": unitText, "ipcc_table": table, "source": try r.string(row, "source"), "checked": try r.string(row, "checked")]
            let note = try r.string(row, "note", required: false)
            if !note.isEmpty { attrs["note"] = note }
            let label = [
                par.replacingOccurrences(of: ".", with: " ").replacingOccurrences(of: "_", with: " "), item.replacingOccurrences(of: "_", with: " "),
                q.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: ":", with: " ")
            ].filter { !$0.isEmpty }.joined(separator: " ")
            try FactorWriter.insert(
                db,
                FactorRecord(
                    datasetID: e.id, table: "ipcc_tier1", category: g, item: par, qualifier: "\(item)|\(q)", value: try r.number(row, "value"),
                    low: try r.optionalNumber(row, "low"), high: try r.optionalNumber(row, "high"), unit: storableUnit(unitText),
                    description: "\(label) (\(table), \(g))", verification: try r.string(row, "verification"), attributes: attrs))
            n += 1
        }
        return n
    }

    // MARK: National data

    static func importGCB(_ db: Database, _ b: BundledDatasets, _ e: BundledDatasets.Entry) throws -> Int {
        let r = try reader(b, firstCSV(e), ["iso3", "country", "year", "territorial_mtc", "consumption_mtc", "transfer_mtc"])
        var n = 0
        for row in r.rows {
            let iso = try r.string(row, "iso3"), country = try r.string(row, "country"), year = try r.int(row, "year")
            for (ind, col) in [("territorial_co2", "territorial_mtc"), ("consumption_co2", "consumption_mtc"), ("transfer_co2", "transfer_mtc")] {
                // GCB publishes MtC; it converts with 3.664 t CO2 per t C, and so do we.
                guard let c = try r.optionalNumber(row, col) else { continue }
                let v = c * gcbCarbonToCO2
                try db.execute(
                    sql: "INSERT INTO national_emissions(dataset_id, iso3, country, year, indicator, value, unit) VALUES (?,?,?,?,?,?,?)",
                    arguments: [e.id, iso, country, year, ind, v, "Mt"])
                n += 1
            }
        }
        return n
    }

    /// The C → CO2 factor the Global Carbon Budget uses in its national workbooks.
    static let gcbCarbonToCO2 = 3.664

    static func importGrid(_ db: Database, _ b: BundledDatasets, _ e: BundledDatasets.Entry) throws -> Int {
        let r = try reader(b, firstCSV(e), ["iso3", "year", "g_co2e_per_kwh"])
        let names = Dictionary(
            try Row.fetchAll(db, sql: "SELECT iso3, name FROM countries").map { ($0["iso3"] as String, $0["name"] as String) },
            uniquingKeysWith: { a, _ in a })
        var n = 0
        for row in r.rows {
            let iso = try r.string(row, "iso3"), year = try r.int(row, "year"), v = try r.number(row, "g_co2e_per_kwh")
            let src = try r.string(row, "source", required: false)
            try db.execute(
                sql: "INSERT INTO grid_intensity(dataset_id, iso3, year, value, unit, source) VALUES (?,?,?,?,?,?)",
                arguments: [e.id, iso, year, v, "g/kWh", src])
            try FactorWriter.insert(
                db,
                FactorRecord(
                    datasetID: e.id, table: "grid_electricity", category: String(year), item: iso, gas: "CO2e", value: v, unit: "g/kWh",
                    description: "grid electricity carbon intensity \(names[iso] ?? iso) \(iso) \(year)", verification: "source"))
            n += 1
        }
        return n
    }

    static func importCountries(_ db: Database, _ b: BundledDatasets, _ e: BundledDatasets.Entry) throws -> Int {
        let r = try reader(b, firstCSV(e), ["iso3", "iso2", "numeric", "name"])
        var n = 0
        for row in r.rows {
            let iso = try r.string(row, "iso3")
            guard Region.isISO3(iso) else {
                throw DataError(.invalidValue, "'\(iso)' is not an ISO alpha-3 code", file: r.file, line: row.line, field: "iso3")
            }
            try db.execute(
                sql: "INSERT INTO countries(iso3, iso2, numeric, name, continent, dataset_id) VALUES (?,?,?,?,?,?)",
                arguments: [
                    iso, try r.string(row, "iso2"), try r.string(row, "numeric", required: false), try r.string(row, "name"),
                    try r.string(row, "continent", required: false), e.id
                ])
            n += 1
        }
        return n
    }

    static func importGeometry(_ db: Database, _ b: BundledDatasets, _ e: BundledDatasets.Entry) throws -> Int {
        let name = e.files.first { $0.hasSuffix(".json") } ?? e.files[0]
        let bytes = try b.file(name)
        guard let obj = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let countries = obj["countries"] as? [String: Any]
        else {
            throw DataError(.malformedFile, "expected an object with a 'countries' map", file: name)
        }
        var n = 0
        for (iso, value) in countries.sorted(by: { $0.key < $1.key }) {
            guard let c = value as? [String: Any], let polys = c["polygons"] else {
                throw DataError(.malformedFile, "country \(iso) has no polygons", file: name)
            }
            let data = try JSONSerialization.data(withJSONObject: polys)
            try db.execute(
                sql: "INSERT INTO country_geometry(iso3, name, polygons, dataset_id) VALUES (?,?,?,?)",
                arguments: [iso, (c["name"] as? String) ?? iso, String(decoding: data, as: UTF8.self), e.id])
            n += 1
        }
        return n
    }
}

/// Inserts factor records.
enum FactorWriter {
    static func insert(_ db: Database, _ f: FactorRecord) throws {
        guard f.value.isFinite else { throw DataError(.invalidValue, "factor \(f.item) has a non-finite value") }
        let attrs = String(decoding: try JSONSerialization.data(withJSONObject: f.attributes, options: [.sortedKeys]), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO factors(dataset_id, tbl, category, item, qualifier, gas, value, low, high, unit, description, verification, attributes)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
                """,
            arguments: [
                f.datasetID, f.table, f.category, f.item, f.qualifier, f.gas, f.value, f.low, f.high, f.unit, f.description, f.verification, attrs
            ])
    }
}
