import Foundation
import GRDB
import YuhengCore
import YuhengNatural

/// The natural-sources and land-use data shipped with Yuheng (`Bundled/natural`, built by
/// `scripts/build_natural_bundle.py`; format in docs/natural-format.md), and its SQLite store.
///
/// ```swift
/// try BundledNatural.install(in: db)                          // once; skipped when unchanged
/// let bra = try db.naturalFigures(iso3: "BRA", year: 2022)    // land-use change, natural CH4, LUCF
/// let all = try db.naturalFiguresByCountry(year: 2011)         // for the panorama
/// ```
///
/// Each dataset of `natural/manifest.json` becomes a registered dataset; its rows live in tables
/// created on first use inside the registering transaction (`CREATE TABLE IF NOT EXISTS`):
///
/// | table | rows | key |
/// |---|---|---|
/// | `natural_national` | country-year indicators: `luc_<model>` (Mt C), `lucf_cait` (Mt CO2) | dataset_id, iso3, year, indicator |
/// | `natural_regional` | GMB regions (period, estimate, category) and EDGAR macro-regions (year, substance, sector) | dataset_id, region, period, estimate, category |
/// | `natural_country_region` | country → GMB region with land area and area share | dataset_id, iso3 |
/// | `natural_global` | global budget components (GCB 2019), GtC/yr with 1-sigma | dataset_id, year, component |
/// | `factors` (existing) | engine defaults, table `natural_<table>`, with their verification | — |
public enum BundledNatural {
    /// The `format` value of the natural-data manifest.
    public static let formatName = "yuheng-natural"
    static let manifestName = "manifest.json"

    /// The content of `natural/manifest.json`: the datasets and every file's size and SHA-256.
    public struct Manifest: Codable, Sendable {
        /// A listed file: size, SHA-256 and row count.
        public typealias FileRef = BundleFileRef
        /// One natural-sources dataset: its registry metadata and its files.
        public struct Dataset: Codable, Sendable, BundleFileDataset {
            /// Dataset id in the registry, e.g. "gcb2024-luc" or "gmb2020-regions".
            public var id: String
            /// Display title shown in the dataset list.
            public var title: String
            /// Version of the data as published by the source.
            public var version: String
            /// The original publisher or reference and how the file was made from it.
            public var source: String
            /// Licence of the data as an SPDX expression, e.g. "CC-BY-4.0".
            public var licence: String
            /// The source's publication or release date (ISO 8601).
            public var date: String
            /// How to cite the source; nil when it gives no citation.
            public var citation: String?
            /// Notes on coverage, units and processing; nil when there are none.
            public var notes: String?
            /// The dataset's files, relative to the `natural` folder.
            public var files: [String]
        }
        /// Always "yuheng-natural".
        public var format: String
        /// Version of the folder layout (this build reads 1).
        public var formatVersion: Int
        /// Every dataset of the folder, in installation order.
        public var datasets: [Dataset]
        /// Every file of the folder by name, with its size, SHA-256 and row count.
        public var files: [String: FileRef]

        enum CodingKeys: String, CodingKey {
            case format, datasets, files
            case formatVersion = "format_version"
        }
    }

    /// `$YUHENG_BUNDLED_DIR/natural`, else the package resources.
    public static func directory() throws -> URL {
        try BundledFolder.locate("natural", marker: manifestName, what: "the bundled natural-sources data", script: "build_natural_bundle.py")
    }

    /// The manifest of `dir` (default: ``directory()``); throws ``DataError`` when it is missing, malformed or of another format or version.
    public static func manifest(at dir: URL? = nil) throws -> Manifest {
        let url = try (dir ?? directory()).appendingPathComponent(manifestName)
        let m = try BundledFolder.manifest(Manifest.self, at: url, script: "build_natural_bundle.py")
        try BundledFolder.checkFormat(m.format, version: m.formatVersion, expected: formatName, upTo: 1, what: "a natural-data manifest", at: url)
        return m
    }

    /// A file's text after checking its size and SHA-256 against the manifest.
    static func text(_ name: String, in dir: URL, manifest m: Manifest) throws -> String {
        try BundledFolder.text(name, in: dir, files: m.files, manifestName: manifestName, script: "build_natural_bundle.py")
    }

    /// Registry metadata; the checksum is the SHA-256 over the dataset's files' SHA-256s.
    public static func info(_ d: Manifest.Dataset, manifest m: Manifest) -> DatasetInfo {
        d.info(files: m.files)
    }

    /// Installs every dataset that is missing or changed, each in one transaction. Returns the ids written.
    @discardableResult
    public static func install(in db: YuhengDatabase, directory dir: URL? = nil, force: Bool = false) throws -> [String] {
        let d = try dir ?? directory()
        let m = try manifest(at: d)
        var done: [String] = []
        for ds in m.datasets {
            let info = info(ds, manifest: m)
            if !force, let existing = try db.dataset(info.id), existing.checksum == info.checksum { continue }
            guard let importer = importers[ds.id] else {
                throw DataError(
                    .unknownDataset, "no importer for the bundled natural dataset '\(ds.id)'",
                    suggestion: "this build of Yuheng is older than its bundled data; update Yuheng")
            }
            var texts: [String: String] = [:]
            for f in ds.files { texts[f] = try text(f, in: d, manifest: m) }
            try db.writer.write { w in
                try YuhengDatabase.replaceDataset(w, info: info, origin: "bundled") { w in
                    try NaturalStore.createTables(w)
                    try importer(w, ds.id, texts)
                }
            }
            done.append(ds.id)
        }
        return done
    }

    typealias Importer = @Sendable (Database, String, [String: String]) throws -> Void

    static let importers: [String: Importer] = [
        "gcb2024-luc": importLUC, "gmb2020-regions": importGMB, "gmb2020-country-regions": importCountryRegions,
        "gcb2019-global": importGlobal, "edgar2024-lulucf-regions": importEDGAR, "cait-lucf": importCAIT, "natural-defaults": importDefaults
    ]

    static func reader(_ texts: [String: String], _ name: String, _ required: [String]) throws -> TableReader {
        guard let t = texts[name] else { throw DataError(.missingBundledData, "\(name) was not loaded", file: name) }
        return try TableReader(file: name, text: t, required: required)
    }

    static func importLUC(_ db: Database, _ id: String, _ texts: [String: String]) throws {
        let r = try reader(texts, "gcb2024_luc_national.csv", ["iso3", "country", "year", "blue_tgc", "hc2023_tgc", "oscar_tgc", "luce_tgc"])
        let st = try db.cachedStatement(
            sql: "INSERT INTO natural_national(dataset_id, iso3, country, year, indicator, value, unit) VALUES (?,?,?,?,?,?,?)")
        for row in r.rows {
            let iso = try r.string(row, "iso3"), name = try r.string(row, "country"), year = try r.int(row, "year")
            for (col, ind) in [("blue_tgc", "luc_blue"), ("hc2023_tgc", "luc_hc2023"), ("oscar_tgc", "luc_oscar"), ("luce_tgc", "luc_luce")] {
                if let v = try r.optionalNumber(row, col) { try st.execute(arguments: [id, iso, name, year, ind, v, "Mt C"]) }
            }
        }
    }

    static func importCAIT(_ db: Database, _ id: String, _ texts: [String: String]) throws {
        let r = try reader(texts, "cait_lucf_national.csv", ["iso3", "country", "year", "lucf_co2_mt"])
        let st = try db.cachedStatement(
            sql: "INSERT INTO natural_national(dataset_id, iso3, country, year, indicator, value, unit) VALUES (?,?,?,?,?,?,?)")
        for row in r.rows {
            try st.execute(arguments: [
                id, try r.string(row, "iso3"), try r.string(row, "country"), try r.int(row, "year"), "lucf_cait", try r.number(row, "lucf_co2_mt"),
                "Mt CO2"
            ])
        }
    }

    static func importGMB(_ db: Database, _ id: String, _ texts: [String: String]) throws {
        let r = try reader(
            texts, "gmb2020_regions.csv", ["period", "estimate", "category", "region", "n", "mean_tg_ch4", "min_tg_ch4", "max_tg_ch4", "sd_tg_ch4"])
        let st = try db.cachedStatement(
            sql:
                "INSERT INTO natural_regional(dataset_id, region, period, estimate, category, n, mean, min, max, sd, unit) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
        )
        for row in r.rows {
            try st.execute(arguments: [
                id, try r.string(row, "region"), try r.string(row, "period"), try r.string(row, "estimate"), try r.string(row, "category"),
                try r.int(row, "n"), try r.number(row, "mean_tg_ch4"), try r.number(row, "min_tg_ch4"), try r.number(row, "max_tg_ch4"),
                try r.number(row, "sd_tg_ch4"), "Tg CH4/yr"
            ])
        }
    }

    static func importEDGAR(_ db: Database, _ id: String, _ texts: [String: String]) throws {
        let r = try reader(texts, "edgar2024_lulucf_regions.csv", ["macro_region", "sector", "substance", "year", "value_mt_co2e"])
        let st = try db.cachedStatement(
            sql:
                "INSERT INTO natural_regional(dataset_id, region, period, estimate, category, n, mean, min, max, sd, unit) VALUES (?,?,?,?,?,1,?,NULL,NULL,NULL,?)"
        )
        for row in r.rows {
            try st.execute(arguments: [
                id, try r.string(row, "macro_region"), try r.string(row, "year"), try r.string(row, "substance"), try r.string(row, "sector"),
                try r.number(row, "value_mt_co2e"), "Mt CO2e/yr (AR5)"
            ])
        }
    }

    static func importCountryRegions(_ db: Database, _ id: String, _ texts: [String: String]) throws {
        let r = try reader(texts, "gmb2020_country_regions.csv", ["iso3", "name", "gmb_region", "area_km2", "region_area_share"])
        let st = try db.cachedStatement(
            sql: "INSERT INTO natural_country_region(dataset_id, iso3, name, region, area_km2, share) VALUES (?,?,?,?,?,?)")
        for row in r.rows {
            let share = try r.number(row, "region_area_share")
            guard share >= 0 && share <= 1 else {
                throw DataError(.invalidValue, "share \(share) is outside [0, 1]", file: r.file, line: row.line, field: "region_area_share")
            }
            try st.execute(arguments: [
                id, try r.string(row, "iso3"), try r.string(row, "name"), try r.string(row, "gmb_region"), try r.number(row, "area_km2"), share
            ])
        }
    }

    static func importGlobal(_ db: Database, _ id: String, _ texts: [String: String]) throws {
        let r = try reader(texts, "gcb2019_global_budget.csv", ["year", "component", "mean_gtc", "sd_gtc"])
        let st = try db.cachedStatement(sql: "INSERT INTO natural_global(dataset_id, year, component, mean, sd, unit) VALUES (?,?,?,?,?,?)")
        for row in r.rows {
            try st.execute(arguments: [
                id, try r.int(row, "year"), try r.string(row, "component"), try r.number(row, "mean_gtc"), try r.optionalNumber(row, "sd_gtc"),
                "GtC/yr"
            ])
        }
    }

    static func importDefaults(_ db: Database, _ id: String, _ texts: [String: String]) throws {
        let r = try reader(
            texts, "natural_defaults.csv",
            ["table", "category", "item", "qualifier", "gas", "value", "sd", "low", "high", "unit", "source", "verification"])
        for row in r.rows {
            var attrs: [String: String] = [:]
            if let sd = try r.optionalNumber(row, "sd") { attrs["sd"] = String(sd) }
            try FactorWriter.insert(
                db,
                FactorRecord(
                    datasetID: id, table: "natural_" + (try r.string(row, "table")), category: try r.string(row, "category"),
                    item: try r.string(row, "item"),
                    qualifier: try r.string(row, "qualifier", required: false), gas: try r.string(row, "gas", required: false),
                    value: try r.number(row, "value"),
                    low: try r.optionalNumber(row, "low"), high: try r.optionalNumber(row, "high"), unit: try r.string(row, "unit"),
                    description: try r.string(row, "source"), verification: try r.string(row, "verification"), attributes: attrs))
        }
    }
}

/// Tables and queries of the natural-sources data.
public enum NaturalStore {
    static func createTables(_ d: Database) throws {
        try d.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS natural_national(
                    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                    iso3 TEXT NOT NULL, country TEXT NOT NULL, year INTEGER NOT NULL, indicator TEXT NOT NULL,
                    value REAL NOT NULL, unit TEXT NOT NULL,
                    PRIMARY KEY (dataset_id, iso3, year, indicator)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS natural_regional(
                    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                    region TEXT NOT NULL, period TEXT NOT NULL, estimate TEXT NOT NULL, category TEXT NOT NULL,
                    n INTEGER NOT NULL, mean REAL NOT NULL, min REAL, max REAL, sd REAL, unit TEXT NOT NULL,
                    PRIMARY KEY (dataset_id, region, period, estimate, category)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS natural_country_region(
                    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                    iso3 TEXT NOT NULL, name TEXT NOT NULL, region TEXT NOT NULL, area_km2 REAL NOT NULL, share REAL NOT NULL,
                    PRIMARY KEY (dataset_id, iso3)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS natural_global(
                    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                    year INTEGER NOT NULL, component TEXT NOT NULL, mean REAL NOT NULL, sd REAL, unit TEXT NOT NULL,
                    PRIMARY KEY (dataset_id, year, component)) WITHOUT ROWID;
                """)
    }

    static func tablesExist(_ d: Database) throws -> Bool {
        try Bool.fetchOne(d, sql: "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'natural_national')") == true
    }
}

/// A regional figure (GMB region or EDGAR macro-region).
public struct NaturalRegionalFigure: Sendable, Codable, Hashable {
    /// Id of the dataset the figure comes from ("gmb2020-regions" or "edgar2024-lulucf-regions").
    public var datasetID: String
    /// Region id: a GMB region (e.g. "brazil") or an EDGAR macro-region.
    public var region: String
    /// The period of a GMB figure (e.g. "2008-2017"), or the year of an EDGAR figure.
    public var period: String
    /// For GMB, "bottom-up" or "top-down"; for EDGAR, the substance.
    public var estimate: String
    /// For GMB, the source category (e.g. "wetlands", "biomass_burning"); for EDGAR, the sector.
    public var category: String
    /// Number of models or inversions in the GMB ensemble (1 for EDGAR).
    public var n: Int
    /// Ensemble mean (GMB) or the value (EDGAR), in `unit`.
    public var mean: Double
    /// Ensemble minimum, in `unit`; nil for EDGAR.
    public var min: Double?
    /// Ensemble maximum, in `unit`; nil for EDGAR.
    public var max: Double?
    /// Ensemble standard deviation, in `unit`; nil for EDGAR.
    public var sd: Double?
    /// "Tg CH4/yr" for GMB, "Mt CO2e/yr (AR5)" for EDGAR.
    public var unit: String

    enum CodingKeys: String, CodingKey {
        case region, period, estimate, category, n, mean, min, max, sd, unit
        case datasetID = "dataset_id"
    }
}

extension YuhengDatabase {
    static let lucModels = ["luc_blue": "BLUE", "luc_hc2023": "H&C2023", "luc_oscar": "OSCAR", "luc_luce": "LUCE"]

    /// Land-use change (GCB 2024 bookkeeping models) for every country and year, Mt CO2 (× 3.664).
    func naturalLandUse(_ d: Database, iso3: String? = nil) throws -> [String: [LandUseEstimate]] {
        guard try NaturalStore.tablesExist(d) else { return [:] }
        var sql = "SELECT iso3, year, indicator, value FROM natural_national WHERE dataset_id = 'gcb2024-luc'"
        var args: [any DatabaseValueConvertible] = []
        if let i = iso3 { sql += " AND iso3 = ?"; args.append(i) }
        var byKey: [String: [Int: [String: Double]]] = [:]
        for r in try Row.fetchAll(d, sql: sql, arguments: StatementArguments(args)) {
            let iso: String = r["iso3"], year: Int = r["year"], ind: String = r["indicator"], v: Double = r["value"]
            byKey[iso, default: [:]][year, default: [:]][Self.lucModels[ind] ?? ind] = v * CarbonBudget.gtCO2PerGtC
        }
        return byKey.mapValues { years in
            years.keys.sorted().map { LandUseEstimate(iso3: "", year: $0, modelsMt: years[$0]!, datasetID: "gcb2024-luc") }
        }.reduce(into: [:]) { acc, kv in
            acc[kv.key] = kv.value.map {
                var e = $0; e.iso3 = kv.key; return e
            }
        }
    }

    func naturalLUCF(_ d: Database, iso3: String? = nil) throws -> [String: [LUCFEstimate]] {
        guard try NaturalStore.tablesExist(d) else { return [:] }
        var sql = "SELECT iso3, year, value FROM natural_national WHERE dataset_id = 'cait-lucf' AND indicator = 'lucf_cait'"
        var args: [any DatabaseValueConvertible] = []
        if let i = iso3 { sql += " AND iso3 = ?"; args.append(i) }
        sql += " ORDER BY iso3, year"
        var out: [String: [LUCFEstimate]] = [:]
        for r in try Row.fetchAll(d, sql: sql, arguments: StatementArguments(args)) {
            out[r["iso3"], default: []].append(LUCFEstimate(year: r["year"], mt: r["value"], datasetID: "cait-lucf"))
        }
        return out
    }

    func naturalMethane(_ d: Database, period: String, iso3: String? = nil) throws -> [String: NaturalMethaneEstimate] {
        guard try NaturalStore.tablesExist(d) else { return [:] }
        var regional: [String: [String: RangeValue]] = [:] // region -> "estimate/category" -> range
        for r in try Row.fetchAll(
            d, sql: "SELECT region, estimate, category, mean, min, max FROM natural_regional WHERE dataset_id = 'gmb2020-regions' AND period = ?",
            arguments: [period])
        {
            let key = "\(r["estimate"] as String)/\(r["category"] as String)"
            regional[r["region"], default: [:]][key] = RangeValue(value: r["mean"], low: r["min"], high: r["max"])
        }
        var sql = "SELECT iso3, region, share FROM natural_country_region WHERE dataset_id = 'gmb2020-country-regions'"
        var args: [any DatabaseValueConvertible] = []
        if let i = iso3 { sql += " AND iso3 = ?"; args.append(i) }
        var out: [String: NaturalMethaneEstimate] = [:]
        for r in try Row.fetchAll(d, sql: sql, arguments: StatementArguments(args)) {
            let iso: String = r["iso3"], region: String = r["region"], share: Double = r["share"]
            guard let g = regional[region], let total = g["top-down/total_natural"] else { continue }
            out[iso] = NaturalMethaneEstimate(
                iso3: iso, region: region, period: period, share: share, naturalSourcesTg: total.scaled(by: share),
                wetlandsTg: g["top-down/wetlands"]?.scaled(by: share), otherNaturalTg: g["top-down/other_natural"]?.scaled(by: share),
                soilSinkTg: g["top-down/soil_sink"]?.scaled(by: share), wetlandsBottomUpTg: g["bottom-up/wetlands"]?.scaled(by: share),
                datasetID: "gmb2020-regions")
        }
        return out
    }

    static func nearest<T>(_ items: [T], year: Int?, _ y: (T) -> Int) -> T? {
        guard let year else { return items.last }
        return items.min { (abs(y($0) - year), -y($0)) < (abs(y($1) - year), -y($1)) }
    }

    /// Everything held about one country: land-use change (year, or nearest; latest if nil), its series,
    /// CAIT LUCF and the natural CH4 share. Installs the bundled natural data if needed. nil if nothing is known.
    public func naturalFigures(iso3: String, year: Int? = nil, period: String = "2008-2017") throws -> NationalNaturalFigures? {
        try BundledNatural.install(in: self)
        let iso = iso3.uppercased()
        return try writer.read { d in
            let luc = try naturalLandUse(d, iso3: iso)[iso] ?? []
            let lucf = try naturalLUCF(d, iso3: iso)[iso] ?? []
            let ch4 = try naturalMethane(d, period: period, iso3: iso)[iso]
            if luc.isEmpty && lucf.isEmpty && ch4 == nil { return nil }
            let name =
                try String.fetchOne(d, sql: "SELECT name FROM countries WHERE iso3 = ?", arguments: [iso])
                ?? String.fetchOne(d, sql: "SELECT country FROM natural_national WHERE iso3 = ? LIMIT 1", arguments: [iso]) ?? iso
            return NationalNaturalFigures(
                iso3: iso, name: name, landUse: Self.nearest(luc, year: year, \.year), landUseSeries: luc,
                lucf: Self.nearest(lucf, year: year, \.year), naturalMethane: ch4)
        }
    }

    /// Figures for every country with any data, for one year (nearest year with data per country).
    public func naturalFiguresByCountry(year: Int?, period: String = "2008-2017") throws -> [String: NationalNaturalFigures] {
        try BundledNatural.install(in: self)
        return try writer.read { d in
            let luc = try naturalLandUse(d), lucf = try naturalLUCF(d), ch4 = try naturalMethane(d, period: period)
            let names = Dictionary(
                try Row.fetchAll(d, sql: "SELECT iso3, name FROM countries").map { ($0["iso3"] as String, $0["name"] as String) },
                uniquingKeysWith: { a, _ in a })
            var out: [String: NationalNaturalFigures] = [:]
            for iso in Set(luc.keys).union(lucf.keys).union(ch4.keys) where iso != "WLD" {
                out[iso] = NationalNaturalFigures(
                    iso3: iso, name: names[iso] ?? iso, landUse: luc[iso].flatMap { Self.nearest($0, year: year, \.year) },
                    landUseSeries: [], lucf: lucf[iso].flatMap { Self.nearest($0, year: year, \.year) }, naturalMethane: ch4[iso])
            }
            return out
        }
    }

    /// World land-use change (GCB "Global") for a year.
    public func worldLandUse(year: Int?) throws -> LandUseEstimate? {
        try BundledNatural.install(in: self)
        return try writer.read { d in Self.nearest(try naturalLandUse(d, iso3: "WLD")["WLD"] ?? [], year: year, \.year) }
    }

    /// Regional figures: GMB (dataset gmb2020-regions) or EDGAR macro-regions (edgar2024-lulucf-regions).
    public func naturalRegional(dataset: String, region: String? = nil, period: String? = nil, category: String? = nil) throws
        -> [NaturalRegionalFigure]
    {
        try BundledNatural.install(in: self)
        return try writer.read { d in
            var sql = "SELECT * FROM natural_regional WHERE dataset_id = ?"
            var args: [any DatabaseValueConvertible] = [dataset]
            if let r = region { sql += " AND region = ?"; args.append(r) }
            if let p = period { sql += " AND period = ?"; args.append(p) }
            if let c = category { sql += " AND category = ?"; args.append(c) }
            sql += " ORDER BY region, period, estimate, category"
            return try Row.fetchAll(d, sql: sql, arguments: StatementArguments(args)).map {
                NaturalRegionalFigure(
                    datasetID: $0["dataset_id"], region: $0["region"], period: $0["period"], estimate: $0["estimate"], category: $0["category"],
                    n: $0["n"], mean: $0["mean"], min: $0["min"], max: $0["max"], sd: $0["sd"], unit: $0["unit"])
            }
        }
    }

    /// The global carbon budget (GCB 2019) of a year, GtC/yr, or nil.
    public func globalCarbonBudget(year: Int) throws -> CarbonBudget? {
        try BundledNatural.install(in: self)
        return try writer.read { d in
            var v: [String: Double] = [:]
            for r in try Row.fetchAll(
                d, sql: "SELECT component, mean FROM natural_global WHERE dataset_id = 'gcb2019-global' AND year = ?", arguments: [year])
            {
                v[r["component"]] = r["mean"]
            }
            guard let f = v["fossil"], let l = v["land_use_change"], let g = v["atmospheric_growth"], let o = v["ocean_sink"], let s = v["land_sink"]
            else { return nil }
            return CarbonBudget(fossil: f, landUseChange: l, atmosphericGrowth: g, oceanSink: o, landSink: s)
        }
    }

    /// Years the GCB 2019 global budget covers.
    public func globalCarbonBudgetYears() throws -> ClosedRange<Int>? {
        try BundledNatural.install(in: self)
        return try writer.read { d in
            guard let lo = try Int.fetchOne(d, sql: "SELECT MIN(year) FROM natural_global"),
                let hi = try Int.fetchOne(d, sql: "SELECT MAX(year) FROM natural_global")
            else { return nil }
            return lo...hi
        }
    }
}
