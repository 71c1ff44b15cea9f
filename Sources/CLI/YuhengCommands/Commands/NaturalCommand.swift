import ArgumentParser
import Foundation
import YuhengCore
import YuhengData
import YuhengNatural

/// `yuheng natural fire|land|wetland|country|budget`: natural sources and sinks, land-use carbon.
struct NaturalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "natural",
        abstract: "Natural sources and sinks: vegetation fires, land carbon, wetlands and organic soils, and national land-use and natural figures.",
        discussion: """
            Every flux is tagged inventory (managed land, reportable under the IPCC Guidelines), natural (background, never added to \
            national totals) or memo (CO2 re-absorbed by regrowth, or reported through carbon-stock change). File formats: docs/natural-format.md; \
            method: ../shared/methods/natural.md.
            """,
        subcommands: [Fire.self, Land.self, Wetland.self, Country.self, Budget.self]
    )
}

/// GWP choice shared by the activity commands.
struct NaturalGWPOptions: ParsableArguments {
    @Option(help: "GWP set for CO2-equivalents: AR5 (default, UNFCCC reporting), AR6, AR4 … (CH4 counted as biogenic).") var gwp: String = "AR5"

    func factors(_ db: YuhengDatabase?) throws -> GWPFactors {
        if gwp.uppercased() == "AR5", db == nil { return .ar5 }
        guard let db else { return .ar5 }
        let set = try db.gwpLibrary().set(named: gwp)
        return GWPFactors(label: set.description, ch4: try set.factor(for: .ch4, origin: .biogenic), n2o: try set.factor(for: .n2o))
    }
}

extension NaturalCommand {
    static func read(_ path: String) throws -> String { try NaturalActivityFiles.read(path: path) }

    /// Engine errors of a file's activities name the file; warnings go to stderr (text) or stay in
    /// the report's `warnings` (JSON), naming the file.
    static func located<T>(_ file: String?, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as NaturalError {
            guard let file else { throw e }
            throw DataError(.invalidValue, e.message, file: file, field: e.field, suggestion: e.suggestion)
        }
    }

    static func printWarnings(_ warnings: [String]) {
        var stderr = FileHandle.standardError
        for w in warnings { print("warning: \(w)", to: &stderr) }
    }

    /// Refuses a report with a NaN or infinite figure (defence in depth: the engines check too).
    static func requireFinite<T: Encodable>(_ report: T, file: String?) throws {
        if let (path, v) = FiniteCheck.firstNonFinite(in: report) {
            throw DataError(.invalidValue, FiniteCheck.message(path: path, value: v), file: file, field: path)
        }
    }

    static func u(_ x: Uncertain, _ d: Int = 1) -> String {
        "\(Format.number(x.value, decimals: d)) (\(Format.number(x.low, decimals: d)) – \(Format.number(x.high, decimals: d)))"
    }

    static func printDefaults(_ used: [NaturalDefault]) {
        guard !used.isEmpty else { return }
        print("\nDefaults used:")
        for d in used {
            let what = [d.item, d.qualifier, d.gas].filter { !$0.isEmpty }.joined(separator: " ")
            print("  \(d.table) \(what) = \(d.value) \(d.unit) — \(d.source) [\(d.verification)]")
        }
    }

    static func printTotals(_ t: ReportingTotals) {
        print("\nReportable (managed land, IPCC): \(u(t.inventoryCO2e)) t CO2e (\(t.gwp))")
        print("Natural (unmanaged land, not in national totals): \(u(t.naturalCO2e)) t CO2e")
        print("Memo CO2 (re-absorbed, or reported through carbon-stock change): \(u(t.memoCO2)) t")
    }

    // MARK: fire

    struct Fire: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Vegetation-fire emissions: A × M_B × C_f × G_ef (IPCC 2006 Vol 4 Eq 2.27; GFED).",
            discussion: """
                Give a CSV file (columns: id, vegetation, area, area_unit, fuel_consumption, fuel_load, combustion_factor, area_uncertainty_pct, managed) \
                or one fire with options, e.g. `yuheng natural fire --vegetation boreal_forest --area 10000 --fuel-consumption 35`. Vegetation: \
                \(FireVegetation.allCases.map(\.rawValue).joined(separator: ", ")).
                """)
        @Argument(help: "Activity file (CSV).") var file: String?
        @Option(help: "Vegetation type.") var vegetation: String?
        @Option(help: "Burned area.") var area: Double?
        @Option(help: "Unit of the area (ha, km^2, …).") var areaUnit: String = "ha"
        @Option(help: "Fuel consumption M_B × C_f, t dm/ha (default: van Leeuwen et al. 2014 for the vegetation).") var fuelConsumption: Double?
        @Option(help: "Fuel load M_B, t dm/ha (with --combustion-factor).") var fuelLoad: Double?
        @Option(help: "Combustion factor C_f (0–1).") var combustionFactor: Double?
        @Option(help: "Uncertainty of the area, % (95 % half-width).") var areaUncertaintyPct: Double?
        @Flag(help: "The land is unmanaged: the fire is natural (not reportable).") var unmanaged = false
        @Option(help: "Emission factors: ipcc (IPCC 2006 Table 2.5) or gfed4.") var efSet: String = "ipcc"
        @OptionGroup var gwp: NaturalGWPOptions
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                guard let set = FireEFSet(rawValue: efSet) else { throw ValidationError("unknown --ef-set '\(efSet)'; use ipcc or gfed4") }
                let activities: [FireActivity]
                if let file {
                    activities = try NaturalActivityFiles.fires(text: try NaturalCommand.read(file), file: file)
                } else {
                    guard let vegetation, let area else { throw ValidationError("give a CSV file, or --vegetation and --area") }
                    activities = [FireActivity(id: "fire", vegetation: vegetation, area: area, areaUnit: areaUnit, fuelLoad: fuelLoad, combustionFactor: combustionFactor,
                                               fuelConsumption: fuelConsumption, areaUncertaintyPct: areaUncertaintyPct, managed: !unmanaged)]
                }
                let db = gwp.gwp.uppercased() == "AR5" ? nil : try database.open()
                var report = try NaturalCommand.located(file) { try FireEmissions.report(activities, set: set, gwp: try gwp.factors(db)) }
                try NaturalCommand.requireFinite(report, file: file)
                report.warnings = report.warnings.map { w in file.map { "\($0): \(w)" } ?? w }
                if json { print(try Format.json(report)); return }
                NaturalCommand.printWarnings(report.warnings)
                print("Vegetation fires — \(report.method), emission factors \(set == .ipcc ? "IPCC 2006 Table 2.5" : "GFED4"); t of gas, 95 % range in brackets\n")
                var t = TextTable(["Fire", "Vegetation", "Area ha", "Fuel t/ha", "CO2", "CH4", "N2O", "CO", "CO2 treated as"],
                                  alignRight: [false, false, true, true, true, true, true, true, false])
                for f in report.fires {
                    func g(_ gas: String) -> String { f.gases.first { $0.gas == gas }.map { Format.number($0.tonnes.value, decimals: 1) } ?? "" }
                    t.add([f.id, f.vegetation, Format.number(f.areaHa, decimals: 0), Format.number(f.fuelConsumption, decimals: 1), g("CO2"), g("CH4"), g("N2O"), g("CO"),
                           f.gases.first { $0.gas == "CO2" }?.reporting.rawValue ?? ""])
                }
                print(t.render())
                print("\nTotals by gas (t): " + FireEmissions.gases.compactMap { g in report.totalsByGas[g].map { "\(g) \(NaturalCommand.u($0))" } }.joined(separator: "; "))
                NaturalCommand.printTotals(report.totals)
                NaturalCommand.printDefaults(report.defaultsUsed)
                for n in report.notes { print("note: \(n)") }
            }
        }
    }

    // MARK: land

    struct Land: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Biomass carbon-stock change by gain–loss (Eqs 2.7, 2.9–2.16) or stock-difference (Eq 2.8).",
            discussion: """
                Give a CSV file (one stratum per row; columns in docs/natural-format.md) or one stratum with options, e.g. \
                `yuheng natural land --method gain-loss --area 10000 --growth 4 --root-shoot 0.25 --harvest 20000 --bcef-r 0.7` or \
                `yuheng natural land --method stock-difference --stock-t1 1000000 --stock-t2 1050000 --year-t1 2015 --year-t2 2020`.
                """)
        @Argument(help: "Strata file (CSV).") var file: String?
        @Option(help: "gain-loss or stock-difference.") var method: String?
        @Option(help: "forest_remaining or converted.") var landCategory: String = "forest_remaining"
        @Option(help: "Area, ha.") var area: Double?
        @Option(help: "Above-ground biomass growth G_W, t dm/ha/yr.") var growth: Double?
        @Option(help: "Root-to-shoot ratio R.") var rootShoot: Double?
        @Option(help: "Ecological zone for the default R (IPCC Table 4.4).") var ecoZone: String?
        @Option(help: "Above-ground biomass class for the default R (e.g. agb_lt_75).") var biomassClass: String?
        @Option(help: "Carbon fraction CF (default 0.47).") var carbonFraction: Double?
        @Option(help: "Wood removals H, m³/yr.") var harvest: Double?
        @Option(help: "BCEF_R, t dm/m³.") var bcefR: Double?
        @Option(help: "Disturbed area, ha.") var disturbanceArea: Double?
        @Option(help: "Above-ground biomass of the disturbed area B_W, t dm/ha.") var disturbanceBiomass: Double?
        @Option(help: "Fraction of biomass lost f_d (0–1).") var disturbanceFraction: Double?
        @Option(help: "Biomass before conversion, t dm/ha.") var biomassBefore: Double?
        @Option(help: "Biomass after conversion, t dm/ha.") var biomassAfter: Double?
        @Option(help: "Carbon stock at t1, t C.") var stockT1: Double?
        @Option(help: "Carbon stock at t2, t C.") var stockT2: Double?
        @Option(help: "Year t1.") var yearT1: Int?
        @Option(help: "Year t2.") var yearT2: Int?
        @Flag(help: "The land is unmanaged: the flux is natural.") var unmanaged = false
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let strata: [LandStratum]
                if let file {
                    strata = try NaturalActivityFiles.land(text: try NaturalCommand.read(file), file: file)
                } else {
                    guard let method else { throw ValidationError("give a CSV file, or --method gain-loss|stock-difference with its options") }
                    guard let m = LandStratum.Method(rawValue: method) else { throw ValidationError("unknown --method '\(method)'; use gain-loss or stock-difference") }
                    var s = LandStratum(id: "stratum", method: m, landCategory: landCategory, managed: !unmanaged)
                    s.area = area; s.growth = growth; s.rootShoot = rootShoot; s.ecoZone = ecoZone; s.biomassClass = biomassClass; s.carbonFraction = carbonFraction
                    s.harvest = harvest; s.bcefR = bcefR; s.disturbanceArea = disturbanceArea; s.disturbanceBiomass = disturbanceBiomass
                    s.disturbanceFraction = disturbanceFraction; s.biomassBefore = biomassBefore; s.biomassAfter = biomassAfter
                    s.stockT1 = stockT1; s.stockT2 = stockT2; s.yearT1 = yearT1; s.yearT2 = yearT2
                    strata = [s]
                }
                var report = try NaturalCommand.located(file) { try LandCarbon.report(strata) }
                try NaturalCommand.requireFinite(report, file: file)
                report.warnings = report.warnings.map { w in file.map { "\($0): \(w)" } ?? w }
                if json { print(try Format.json(report)); return }
                NaturalCommand.printWarnings(report.warnings)
                print("Biomass carbon-stock change — t C/yr and t CO2/yr (negative CO2 = removal), 95 % range in brackets\n")
                var t = TextTable(["Stratum", "Method", "Gains tC", "Losses tC", "ΔC tC/yr", "CO2 t/yr", "Reporting"], alignRight: [false, false, true, true, true, true, false])
                for r in report.strata {
                    t.add([r.id, r.method, r.gainsTC.map { Format.number($0, decimals: 2) } ?? "", r.lossesTC.isEmpty ? "" : Format.number(r.lossesTC.values.reduce(0, +), decimals: 2),
                           Format.number(r.deltaCTC.value, decimals: 2), NaturalCommand.u(r.co2T, 2), r.reporting.rawValue])
                }
                print(t.render())
                print("\nReportable (managed land): \(NaturalCommand.u(report.inventoryCO2T, 2)) t CO2/yr")
                print("Natural (unmanaged land): \(NaturalCommand.u(report.naturalCO2T, 2)) t CO2/yr")
                NaturalCommand.printDefaults(report.defaultsUsed)
                for n in report.notes { print("note: \(n)") }
            }
        }
    }

    // MARK: wetland

    struct Wetland: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drained and rewetted organic soils: CO2, CH4 and N2O with the 2013 IPCC Wetlands Supplement defaults.",
            discussion: """
                Give a CSV file (columns: id, area, area_unit, status, climate, land_use, nutrient, managed, ef_co2, ef_ch4, ef_n2o, area_uncertainty_pct) \
                or one site with options, e.g. `yuheng natural wetland --area 1000 --status rewetted --climate temperate --nutrient rich`.
                """)
        @Argument(help: "Sites file (CSV).") var file: String?
        @Option(help: "Area.") var area: Double?
        @Option(help: "Unit of the area.") var areaUnit: String = "ha"
        @Option(help: "drained or rewetted.") var status: String?
        @Option(help: "boreal, temperate or tropical.") var climate: String?
        @Option(help: "Land use of a drained soil: forest, cropland, grassland, peat_extraction, oil_palm, sago_palm, rice.") var landUse: String?
        @Option(help: "Nutrient status: poor, rich, rich_deep, rich_shallow.") var nutrient: String?
        @Flag(help: "The land is unmanaged: natural peatland.") var unmanaged = false
        @OptionGroup var gwp: NaturalGWPOptions
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let sites: [OrganicSoilActivity]
                if let file {
                    sites = try NaturalActivityFiles.wetlands(text: try NaturalCommand.read(file), file: file)
                } else {
                    guard let area, let status, let climate else { throw ValidationError("give a CSV file, or --area, --status and --climate") }
                    sites = [OrganicSoilActivity(id: "site", area: area, areaUnit: areaUnit, status: status, climate: climate, landUse: landUse, nutrient: nutrient, managed: !unmanaged)]
                }
                let db = gwp.gwp.uppercased() == "AR5" ? nil : try database.open()
                var report = try NaturalCommand.located(file) { try OrganicSoils.report(sites, gwp: try gwp.factors(db)) }
                try NaturalCommand.requireFinite(report, file: file)
                report.warnings = report.warnings.map { w in file.map { "\($0): \(w)" } ?? w }
                if json { print(try Format.json(report)); return }
                NaturalCommand.printWarnings(report.warnings)
                print("Organic soils (2013 Wetlands Supplement, Tier 1) — t of gas per year, 95 % range in brackets\n")
                var t = TextTable(["Site", "Status", "Climate", "Land use", "Area ha", "CO2", "CH4", "N2O"], alignRight: [false, false, false, false, true, true, true, true])
                for s in report.sites {
                    func g(_ gas: String) -> String { s.gases.first { $0.gas == gas }.map { NaturalCommand.u($0.tonnes, 2) } ?? "" }
                    t.add([s.id, s.status, s.climate + (s.nutrient.map { "/\($0)" } ?? ""), s.landUse ?? "", Format.number(s.areaHa, decimals: 0), g("CO2"), g("CH4"), g("N2O")])
                }
                print(t.render())
                NaturalCommand.printTotals(report.totals)
                NaturalCommand.printDefaults(report.defaultsUsed)
                for n in report.notes { print("note: \(n)") }
            }
        }
    }

    // MARK: country

    struct Country: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bundled national land-use and natural figures of a country.",
            discussion: """
                Land-use change CO2 (GCB 2024, four bookkeeping models), inventory-like LUCF CO2 (Climate Watch/CAIT), the country's share of \
                its Global Methane Budget region's natural CH4 (2008–2017), and regional fire context (EDGAR 2024 macro-regions).
                """)
        @Argument(help: "ISO 3166-1 alpha-3 code, e.g. BRA.") var iso3: String
        @Option(help: "Year (default: the latest with data).") var year: Int?
        @Option(help: "GWP set for the natural CH4 in CO2e (default AR5).") var gwp: String = "AR5"
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        struct Output: Encodable {
            var figures: NationalNaturalFigures
            var naturalCH4CO2eMt: RangeValue?
            var gwp: String
            var world: LandUseEstimate?
            var datasets: [Provenance]
            var notes: [String]
            enum CodingKeys: String, CodingKey {
                case figures, gwp, world, datasets, notes
                case naturalCH4CO2eMt = "natural_ch4_co2e_mt"
            }
        }

        func run() throws {
            try YuhengCommands.run {
                let iso = iso3.uppercased()
                guard Region.isISO3(iso) else {
                    throw DataError(.invalidValue, "'\(iso3)' is not an ISO 3166-1 alpha-3 code", field: "iso3", suggestion: "e.g. BRA, CHN, USA")
                }
                let db = try database.open()
                guard let f = try db.naturalFigures(iso3: iso, year: year) else {
                    throw DataError(.unknownDataset, "no land-use or natural figures for \(iso)", field: "iso3",
                                    suggestion: "the bundled data cover about 190 countries; check the code")
                }
                let set = try db.gwpLibrary().set(named: gwp)
                let k = try set.factor(for: .ch4, origin: .biogenic)
                let ids = ["gcb2024-luc", "cait-lucf", "gmb2020-regions", "gmb2020-country-regions"]
                let datasets = try ids.compactMap { try db.dataset($0)?.provenance }
                let notes = [
                    "land_use: GCB 2024 bookkeeping land-use change, Mt CO2 (× 3.664 from Mt C); mean of BLUE, H&C2023, OSCAR and LUCE, range = model minimum–maximum; positive = net source",
                    "lucf: Climate Watch (CAIT, FAO-based) LUCF CO2, inventory-like (includes the managed-forest sink); not comparable with GCB bookkeeping",
                    "natural_ch4: Global Methane Budget 2020 top-down ensemble (mean, min–max), \(f.naturalMethane.map { $0.allocation == "region" ? "the GMB region \($0.region)" : String(format: "%.1f %% land-area share of the GMB region %@ (indicative)", $0.share * 100, $0.region) } ?? "n/a"); natural background, never added to national totals",
                ]
                let out = Output(figures: f, naturalCH4CO2eMt: f.naturalMethane?.co2eMt(gwpCH4: k), gwp: set.description, world: try db.worldLandUse(year: f.landUse?.year),
                                 datasets: datasets, notes: notes)
                if json { print(try Format.json(out)); return }
                print("\(f.name) (\(f.iso3)) — land-use and natural figures\n")
                if let l = f.landUse {
                    print("Land-use change CO2 \(l.year) (GCB 2024): \(Format.number(l.meanMt, decimals: 1)) Mt CO2 (models \(Format.number(l.lowMt, decimals: 1)) to \(Format.number(l.highMt, decimals: 1)))")
                    print("  " + l.modelsMt.keys.sorted().map { "\($0) \(Format.number(l.modelsMt[$0]!, decimals: 1))" }.joined(separator: ", "))
                    let recent = f.landUseSeries.suffix(6).map { "\($0.year): \(Format.number($0.meanMt, decimals: 1))" }.joined(separator: "  ")
                    print("  recent years (mean, Mt CO2): \(recent)")
                }
                if let c = f.lucf { print("LUCF CO2 \(c.year) (Climate Watch/CAIT, inventory-like): \(Format.number(c.mt, decimals: 1)) Mt CO2") }
                if let m = f.naturalMethane, let e = out.naturalCH4CO2eMt {
                    let share = m.allocation == "region" ? "GMB region \(m.region)" : String(format: "%.1f %% of GMB region %@ by land area", m.share * 100, m.region)
                    print("Natural CH4 sources \(m.period) (\(share)): \(Format.number(m.naturalSourcesTg.value, decimals: 2)) Tg CH4/yr (\(Format.number(m.naturalSourcesTg.low ?? 0, decimals: 2)) – \(Format.number(m.naturalSourcesTg.high ?? 0, decimals: 2))) = \(Format.number(e.value, decimals: 1)) Mt CO2e (\(set.description))")
                    if let w = m.wetlandsTg { print("  of which wetlands \(Format.number(w.value, decimals: 2)) Tg CH4/yr; soil sink \(Format.number(m.soilSinkTg?.value ?? 0, decimals: 2)) Tg CH4/yr") }
                }
                print("Datasets: " + datasets.map { "\($0.datasetID) \($0.version) (\($0.licence))" }.joined(separator: "; "))
                for n in notes { print("note: \(n)") }
            }
        }
    }

    // MARK: budget

    struct Budget: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The global carbon budget of a year (GCB 2019, 1959–2018) and its imbalance E_FOS + E_LUC − G_ATM − S_OCEAN − S_LAND.")
        @Option(help: "Year (default 2018).") var year: Int = 2018
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        struct Output: Encodable {
            var year: Int
            var budgetGtC: CarbonBudget
            var imbalanceGtC: Double
            var dataset: String
            enum CodingKeys: String, CodingKey {
                case year, dataset
                case budgetGtC = "budget_gtc"
                case imbalanceGtC = "imbalance_gtc"
            }
        }

        func run() throws {
            try YuhengCommands.run {
                let db = try database.open()
                guard let b = try db.globalCarbonBudget(year: year) else {
                    let r = try db.globalCarbonBudgetYears()
                    throw DataError(.invalidValue, "no global budget for \(year)", field: "year", suggestion: r.map { "years \($0.lowerBound)–\($0.upperBound)" } ?? "")
                }
                let out = Output(year: year, budgetGtC: b, imbalanceGtC: b.imbalance, dataset: "gcb2019-global")
                if json { print(try Format.json(out)); return }
                print("Global carbon budget \(year) (GCB 2019), GtC/yr")
                print("  fossil \(b.fossil) + land-use change \(b.landUseChange) = atmosphere \(b.atmosphericGrowth) + ocean \(b.oceanSink) + land \(b.landSink) + imbalance \(String(format: "%.2f", b.imbalance))")
                print(String(format: "  in Gt CO2 (× 3.664): fossil %.1f, land-use change %.1f", b.fossil * CarbonBudget.gtCO2PerGtC, b.landUseChange * CarbonBudget.gtCO2PerGtC))
            }
        }
    }
}
