import Foundation
import YuhengCore
import YuhengData
import YuhengServices
import YuhengInventory
import YuhengNatural

// MARK: search_factors

/// `search_factors`: full-text search over the emission factors (IPCC 2006 defaults, grid electricity) with value, unit and 95 % range.
public struct SearchFactorsTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// Words to search for in factor descriptions, items, categories and gases, e.g. "natural gas residential" or "diesel road CO2" (every word
        /// must match; at most FullTextQuery.maxWords different words and FullTextQuery.maxCharacters characters).
        public var query: String
        /// Maximum number of factors to return (default 10, at most 50).
        public var limit: Int?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "query": .init(
                "Words to search for in factor descriptions, items, categories and gases, e.g. \"natural gas residential\" or \"diesel road CO2\" (every word must match; at most \(FullTextQuery.maxWords) different words and \(FullTextQuery.maxCharacters) characters).",
                example: "natural gas residential"),
            "limit": .init("Maximum number of factors to return (default 10, at most 50).", minimum: 1, maximum: 50)
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `search_factors`.
    public let name = "search_factors"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Full-text search over Yuheng's emission factors (IPCC 2006 fuel NCVs, carbon contents and CO2 factors; stationary and mobile \
        combustion CH4/N2O; cement; enteric fermentation; grid electricity). Returns each factor's value, unit, 95 % range, gas, \
        category and dataset. Use it to look up a factor before quoting it.
        """

    /// Searches the factors and returns value, unit, range, gas, category and dataset of each hit.
    /// - Throws: ``ToolError`` (`missingData`) when no factor matches; an invalid full-text query as a tool error.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let limit = min(max(input.limit ?? 10, 1), 50)
        let hits = try context.db.searchFactors(input.query, limit: limit)
        guard !hits.isEmpty else {
            throw ToolError(.missingData, "no factor matches \"\(input.query)\"", suggestion: "try fewer or other words")
        }
        let rows: [JSON] = hits.map { h in
            let f = h.factor
            return [
                "table": .string(f.table), "category": .string(f.category), "item": .string(f.item), "qualifier": .string(f.qualifier),
                "gas": .string(f.gas), "value": .number(f.value), "low": .num(f.low), "high": .num(f.high), "unit": .string(f.unit),
                "description": .string(f.description), "dataset_id": .string(f.datasetID)
            ]
        }
        var prov: [Provenance] = []
        for h in hits where !prov.contains(h.provenance) { prov.append(h.provenance) }
        return ToolResult(
            json: ["query": .string(input.query), "factors": .array(rows)], units: ["value": "see each factor's unit"],
            provenance: prov, summary: "\(hits.count) factors for \"\(input.query)\"")
    }
}

// MARK: get_gwp

/// `get_gwp`: global warming potentials (kg CO2e per kg of gas) of IPCC AR4, AR5 and AR6, GWP100 or GWP20.
public struct GetGWPTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// Gases, e.g. ["CH4", "N2O", "SF6", "CH4_fossil"] (default CO2, CH4, N2O).
        public var gases: [String]?
        /// GWP set: AR4, AR5, AR6 (100-year), or AR6-GWP20, AR5-GWP20 … (default AR6).
        public var set: String?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "gases": .init("Gases, e.g. [\"CH4\", \"N2O\", \"SF6\", \"CH4_fossil\"] (default CO2, CH4, N2O).", example: ["CH4", "N2O"]),
            "set": .init("GWP set: AR4, AR5, AR6 (100-year), or AR6-GWP20, AR5-GWP20 … (default AR6).", example: "AR6")
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `get_gwp`.
    public let name = "get_gwp"
    /// What the tool does and when to use it, as the model reads it.
    public let description = "Global warming potentials (kg CO2e per kg of gas) from the IPCC assessment reports (AR4, AR5, AR6; GWP100, GWP20)."

    /// Looks up the gases in the GWP set; gases the set lacks are listed as missing.
    /// - Throws: ``ToolError`` (`missingData`) for an unknown GWP set.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let lib = try context.db.gwpLibrary()
        let set = try lib.set(named: input.set ?? "AR6")
        var values: [String: JSON] = [:]
        var missing: [String] = []
        for g in input.gases ?? ["CO2", "CH4", "N2O"] {
            if let v = set.values[Gas(g).name] {
                values[g] = .number(v)
            } else {
                do { values[g] = .number(try set.factor(for: Gas(g))) } catch { missing.append(g) }
            }
        }
        if values.isEmpty {
            throw ToolError(
                .missingData, "no GWP for \(missing.joined(separator: ", ")) in \(set.description)",
                suggestion: "use gas formulas such as CH4, N2O, SF6, HFC-134a")
        }
        var out: JSON = ["set": .string(set.description), "gwp": .object(values)]
        if !missing.isEmpty, case .object(var o) = out { o["unknown_gases"] = .array(missing.map { .string($0) }); out = .object(o) }
        return ToolResult(
            json: out, units: ["gwp": "kg CO2e per kg gas"], provenance: set.provenance.map { [$0] } ?? [],
            summary: "\(set.description): "
                + values.keys.sorted().map { "\($0) \(values[$0]!.doubleValue.map { String(format: "%g", $0) } ?? "")" }.joined(separator: ", "))
    }
}

// MARK: list_datasets

/// `list_datasets`: the datasets in the database (id, title, version, source, licence) and the bundled MRIO table, for citing sources.
public struct ListDatasetsTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// Only this dataset (e.g. gcb2022-national); default: all.
        public var id: String?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = ["id": .init("Only this dataset (e.g. gcb2022-national); default: all.")]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `list_datasets`.
    public let name = "list_datasets"
    /// What the tool does and when to use it, as the model reads it.
    public let description =
        "The datasets in Yuheng's database with id, title, version, source and licence, plus the bundled MRIO table. Use it to cite sources or to see what data exist."

    /// Lists the datasets (or the one asked for).
    /// - Throws: ``ToolError`` (`missingData`) for an unknown dataset id.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        var sets = try context.db.datasets()
        if let m = try? BundledMRIO.datasetInfo(), !sets.contains(where: { $0.id == m.id }) { sets.append(m) }
        if let id = input.id {
            sets = sets.filter { $0.id == id }
            if sets.isEmpty { throw ToolError(.missingData, "no dataset '\(id)'", suggestion: "call list_datasets without an id to see all") }
        }
        let rows: [JSON] = sets.map { d in
            [
                "id": .string(d.id), "title": .string(d.title), "version": .string(d.version), "source": .string(d.source),
                "licence": .string(d.licence), "date": .string(d.date)
            ]
        }
        return ToolResult(json: ["datasets": .array(rows)], provenance: sets.map(\.provenance), summary: "\(sets.count) datasets")
    }
}

// MARK: national_emissions

/// `national_emissions`: one country's GCB territorial and consumption CO2, land-use change, CAIT LUCF, natural CH4 and grid intensity.
public struct NationalEmissionsTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// ISO 3166-1 alpha-3 code (e.g. CHN, DEU, USA) or English country name.
        public var country: String
        /// One year (GCB territorial 1850–2021, consumption 1990–2020).
        public var year: Int?
        /// First year of a range (with to_year).
        public var from_year: Int?
        /// Last year of a range (with from_year).
        public var to_year: Int?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "country": .init("ISO 3166-1 alpha-3 code (e.g. CHN, DEU, USA) or English country name.", example: "CHN"),
            "year": .init("One year (GCB territorial 1850–2021, consumption 1990–2020).", example: 2011),
            "from_year": .init("First year of a range (with to_year)."),
            "to_year": .init("Last year of a range (with from_year).")
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `national_emissions`.
    public let name = "national_emissions"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        National figures from the data layer for one country: Global Carbon Budget 2022 territorial (production) and consumption-based \
        fossil CO2 and the transfer between them (Mt CO2); land-use change CO2 (GCB 2024 bookkeeping models: mean and range), CAIT \
        land-use change and forestry CO2 and natural CH4 (Global Methane Budget) where available; and the grid electricity intensity. \
        Give a year or a year range.
        """

    /// Reads the country's national figures for the year or range.
    /// - Throws: ``ToolError`` for an unknown country (`invalidInput`) or when no figures exist for the years (`missingData`).
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let iso = try resolveCountry(input.country, db: context.db)
        // Every dataset with national series (GCB, and land-use or other series when a dataset provides them).
        var figures: [NationalFigure] = []
        for ds in try context.db.datasets() { figures += try context.db.nationalEmissions(dataset: ds.id, iso3: iso.iso3) }
        if let y = input.year { figures = figures.filter { $0.year == y } }
        if let a = input.from_year { figures = figures.filter { $0.year >= a } }
        if let b = input.to_year { figures = figures.filter { $0.year <= b } }
        if input.year == nil && input.from_year == nil && input.to_year == nil {
            // Default: the latest five years available.
            let years = Set(figures.map(\.year)).sorted().suffix(5)
            figures = figures.filter { years.contains($0.year) }
        }
        guard !figures.isEmpty else {
            var span: [Int] = []
            for ds in try context.db.datasets() { span += try context.db.nationalEmissions(dataset: ds.id, iso3: iso.iso3).map(\.year) }
            throw ToolError(
                .missingData, "no national emissions for \(iso.name) (\(iso.iso3))\(input.year.map { " in \($0)" } ?? " in that period")",
                suggestion: span.isEmpty ? "the data layer has no series for this country" : "years available: \(span.min()!)–\(span.max()!)")
        }
        var byYear: [Int: [String: JSON]] = [:]
        var units: [String: String] = [:]
        var datasets: Set<String> = []
        for f in figures {
            byYear[f.year, default: [:]]["\(f.indicator)_\(f.unit.lowercased())"] = .number(f.value)
            units["\(f.indicator)_\(f.unit.lowercased())"] = f.unit + (f.indicator.hasSuffix("co2") ? " CO2" : "")
            datasets.insert(f.datasetID)
        }
        let rows: [JSON] = byYear.keys.sorted().map { y in
            var o = byYear[y]!
            o["year"] = .number(Double(y))
            return .object(o)
        }
        var out: [String: JSON] = ["iso3": .string(iso.iso3), "country": .string(iso.name), "series": .array(rows)]
        if let g = try context.db.gridIntensity(iso3: iso.iso3).last {
            out["grid_intensity_g_per_kwh"] = .number(g.gPerKWh)
            out["grid_intensity_year"] = .number(Double(g.year))
            units["grid_intensity_g_per_kwh"] = "g CO2e/kWh"
            datasets.insert("grid-intensity")
        }
        out["indicators_note"] =
            "territorial_co2 = production-based (GCB), consumption_co2 = consumption-based, transfer_co2 = territorial − consumption (positive: net exporter of embodied emissions)"
        // Land use and natural sources, when the data layer holds them (GCB 2024 bookkeeping models, CAIT LUCF, GMB natural CH4).
        let years = byYear.keys.sorted()
        if let nat = try? context.db.naturalFigures(iso3: iso.iso3, year: input.year ?? years.last), case .object(var n)? = try? JSON(encoding: nat) {
            let lo = input.from_year ?? input.year ?? years.first ?? 0, hi = input.to_year ?? input.year ?? years.last ?? 9999
            if case .array(let series)? = n["land_use_series"] {
                let inRange = series.filter { ($0["year"]?.intValue).map { $0 >= lo && $0 <= hi } ?? false }
                n["land_use_series"] = input.year == nil && inRange.count > 1 ? .array(inRange) : nil
            }
            n["iso3"] = nil
            n["name"] = nil
            n["note"] =
                "land_use: land-use change CO2 (mean, low, high of the GCB 2024 bookkeeping models; positive = net source), for the year asked or the nearest year with data; lucf: CAIT land-use change and forestry CO2; natural_ch4: the country's area share of its Global Methane Budget region (indicative)"
            out["land_use_and_natural"] = .object(n)
            units["*_mt_co2"] = "Mt CO2/yr"
            units["*_tg_ch4"] = "Tg CH4/yr"
            for id in Set(
                n.values.flatMap { v -> [String] in
                    var ids: [String] = []
                    if let d = v["dataset_id"]?.stringValue { ids.append(d) }
                    return ids
                })
            { datasets.insert(id) }
        }
        var prov: [Provenance] = []
        for d in datasets.sorted() { if let i = try context.db.dataset(d) { prov.append(i.provenance) } }
        return ToolResult(
            json: .object(out), units: units, provenance: prov,
            summary: "\(iso.iso3): \(rows.count) years of national figures from \(datasets.sorted().joined(separator: ", "))")
    }
}

/// Resolves a country code or name against the data layer's country list.
func resolveCountry(_ text: String, db: YuhengDatabase) throws -> (iso3: String, name: String) {
    let t = text.trimmingCharacters(in: .whitespaces)
    let countries = try db.countries()
    if let c = countries.first(where: { $0.iso3.caseInsensitiveCompare(t) == .orderedSame || $0.iso2.caseInsensitiveCompare(t) == .orderedSame }) {
        return (c.iso3, c.name)
    }
    if t.uppercased() == "ROM" { return ("ROU", "Romania") }
    if let c = countries.first(where: { $0.name.caseInsensitiveCompare(t) == .orderedSame }) { return (c.iso3, c.name) }
    let partial = countries.filter { $0.name.lowercased().contains(t.lowercased()) }
    if partial.count == 1 { return (partial[0].iso3, partial[0].name) }
    if partial.count > 1 {
        throw ToolError(
            .invalidInput, "'\(text)' matches several countries: \(partial.prefix(6).map { "\($0.name) (\($0.iso3))" }.joined(separator: ", "))",
            suggestion: "give the ISO alpha-3 code")
    }
    throw ToolError(.invalidInput, "unknown country '\(text)'", suggestion: "give an ISO 3166-1 alpha-3 code such as CHN, DEU or USA")
}

// MARK: calculate_inventory

/// `calculate_inventory`: an IPCC 2006 Tier 1 production-based inventory from activity data CSV, with Approach 1 uncertainty.
public struct CalculateInventoryTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// Activity data as CSV text (header id,category,method,item,amount,unit,ad_uncertainty_pct,parameters, optionally year).
        public var csv: String
        /// GWP set for CO2e: AR4, AR5 (default, as the Paris transparency framework) or AR6, or e.g. AR6-GWP20.
        public var gwp: String?
        /// With a year column: the base year of the trend and of the key category trend assessment (default: the first year).
        public var base_year: Int?
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "csv": .init(
                """
                Activity data as CSV text with the header id,category,method,item,amount,unit,ad_uncertainty_pct,parameters and optionally a year column (then the result is a time series). Methods: \(CalculateInventoryTool.methodList). Parameters are key=value pairs separated by ';' (e.g. guideline=2019R). Example line: "a1,1A1,stationary,Natural Gas,1000,TJ,5,".
                """, example: "id,category,method,item,amount,unit,ad_uncertainty_pct,parameters\na1,1A1,stationary,Natural Gas,1000,TJ,5,\n"),
            "gwp": .init("GWP set for CO2e: AR4, AR5 (default, as the Paris transparency framework) or AR6, or e.g. AR6-GWP20.", example: "AR5"),
            "base_year": .init(
                "With a year column: the base year of the trend and of the key category trend assessment (default: the first year).", example: 1990)
        ]
    }

    /// Every Tier 1 method the inventory engine implements, from its method specifications.
    static let methodList: String = MethodSpecs.all.map(\.method.rawValue).joined(separator: ", ")

    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `calculate_inventory`.
    public let name = "calculate_inventory"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        Production-based greenhouse-gas inventory (IPCC 2006 Tier 1, 2019 Refinement defaults per line with guideline=2019R) from activity data given as CSV text, for every Tier 1 method of the engine (energy, fugitive, IPPU, AFOLU, waste): totals by gas and IPCC category in t CO2e, memo items, the reference approach and the IPCC Approach 1 uncertainty (95 % half-width, %). With a year column: every year's totals, the trend from the base year with its uncertainty, and the key categories.
        """

    /// Parses the CSV and computes the inventory (a time series with trend and key categories when there is a year column).
    /// - Throws: the inventory's errors (unknown category, method, fuel, unit) as ``ToolError``s naming the line and column.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        let activities = try ActivityFile.parseCSV(input.csv, fileName: "activity.csv")
        let gwp = input.gwp ?? "AR5"
        if activities.contains(where: { $0.year != nil }) {
            return try series(activities, gwp: gwp, baseYear: input.base_year, context: context)
        }
        let result = try context.services.inventory.compute(activities, fileName: "activity.csv", gwp: gwp)
        return ToolResult(
            json: try Self.compact(result), units: Self.units, provenance: result.datasets,
            summary: "inventory of \(activities.count) activities: \(fmtNumber(result.totalCO2eTonnes)) t CO2e (\(result.gwp))")
    }

    static let units = ["total_co2e_t": "t CO2e", "by_gas_t": "t of gas", "by_gas_co2e_t": "t CO2e", "uncertainty_pct": "% (95 % half-width)"]

    /// One year's result without the step-by-step text of each source (long), to save the model's context.
    static func compact(_ result: InventoryResult) throws -> JSON {
        var json = try JSON(encoding: result)
        if case .object(var o) = json {
            if case .array(let sources)? = o["sources"] {
                o["sources"] = .array(
                    sources.map { s in
                        guard case .object(var so) = s else { return s }
                        so["steps"] = nil
                        return .object(so)
                    })
            }
            json = .object(o)
        }
        return json
    }

    /// A time series: each year's totals, the trend and the key categories (the latest year's
    /// per-source detail is left out; ask for one year's CSV to get it).
    func series(_ activities: [Activity], gwp: String, baseYear: Int?, context: ToolContext) throws -> ToolResult {
        let s = try context.services.inventory.series(
            activities, fileName: "activity.csv", gwp: gwp, options: InventorySeriesOptions(baseYear: baseYear))
        let out: JSON = [
            "gwp": .string(s.latest.gwp), "years": .array(s.years.map { .number(Double($0)) }),
            "base_year": s.baseYear.map { .number(Double($0)) } ?? .null,
            "series": try JSON(encoding: s.series), "trend": try s.trend.map { try JSON(encoding: $0) } ?? .null,
            "key_categories": try JSON(encoding: s.keyCategories.key)
        ]
        let change = s.trend?.changePercent.map { String(format: "%+.1f %% since %d", $0, s.trend!.baseYear) } ?? ""
        return ToolResult(
            json: out,
            units: [
                "series.total_co2e_t": "t CO2e", "series.change_vs_base_year_pct": "% of the base year", "trend.change_pct": "% of the base year",
                "trend.uncertainty_pct_points": "percentage points (95 %)"
            ],
            provenance: s.latest.datasets,
            summary:
                "inventory series \(s.years.first ?? 0)–\(s.years.last ?? 0): \(fmtNumber(s.latest.totalCO2eTonnes)) t CO2e in \(s.years.last ?? 0) \(change)"
        )
    }
}

// MARK: global_carbon_budget

/// `global_carbon_budget`: one year of the Global Carbon Budget 2019 (emissions, growth, sinks, imbalance) in GtC/yr and GtCO2/yr.
public struct GlobalCarbonBudgetTool: AgentTool {
    /// The tool's arguments, decoded from the model's JSON object (see ``fields``).
    public struct Input: ToolInput {
        /// Year of the global carbon budget (Global Carbon Budget 2019: 1959–2018).
        public var year: Int
        /// Documentation of each argument, as the JSON Schema the model sees gives it.
        public static let fields: [String: FieldDoc] = [
            "year": .init("Year of the global carbon budget (Global Carbon Budget 2019: 1959–2018).", example: 2015)
        ]
    }
    /// The tool; it keeps no state (data come from the ``ToolContext``).
    public init() {}
    /// The name the model calls: `global_carbon_budget`.
    public let name = "global_carbon_budget"
    /// What the tool does and when to use it, as the model reads it.
    public let description = """
        The global carbon budget of one year (Global Carbon Budget 2019): fossil CO2 and land-use change emissions, atmospheric growth, \
        and the ocean and land sinks, in GtC/yr and GtCO2/yr (× 3.664), with the budget imbalance.
        """

    /// Reads the budget of the year.
    /// - Throws: ``ToolError`` (`missingData`) for a year outside the dataset.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolResult {
        guard let b = try context.db.globalCarbonBudget(year: input.year) else {
            let span = try context.db.globalCarbonBudgetYears()
            throw ToolError(
                .missingData, "no global carbon budget for \(input.year)",
                suggestion: span.map { "years available: \($0.lowerBound)–\($0.upperBound)" })
        }
        let k = CarbonBudget.gtCO2PerGtC
        let imbalance = b.fossil + b.landUseChange - b.atmosphericGrowth - b.oceanSink - b.landSink
        var o: [String: JSON] = ["year": .number(Double(input.year)), "budget_imbalance_gtc": .number(imbalance)]
        for (key, v) in [
            ("fossil", b.fossil), ("land_use_change", b.landUseChange), ("atmospheric_growth", b.atmosphericGrowth),
            ("ocean_sink", b.oceanSink), ("land_sink", b.landSink)
        ] {
            o["\(key)_gtc"] = .number(v)
            o["\(key)_gtco2"] = .number(v * k)
        }
        let prov = try context.db.dataset("gcb2019-global").map { [$0.provenance] } ?? []
        return ToolResult(
            json: .object(o), units: ["*_gtc": "GtC/yr", "*_gtco2": "GtCO2/yr"], provenance: prov,
            summary:
                "global carbon budget \(input.year): ocean sink \(String(format: "%.2f", b.oceanSink)) GtC, land sink \(String(format: "%.2f", b.landSink)) GtC"
        )
    }
}
