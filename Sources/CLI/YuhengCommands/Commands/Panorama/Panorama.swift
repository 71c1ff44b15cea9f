import ArgumentParser
import Foundation
import YuhengCharts
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengNatural
import YuhengPanorama
import YuhengServices

struct PanoramaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panorama",
        abstract:
            "The panoramic national account: production- vs consumption-based greenhouse gases for every region, 2000–2023, with GCB for comparison.",
        discussion: """
            Runs on the bundled WIOD series with CO2, CH4 and N2O: GHG (CO2 + CH4 + N2O) in Mt CO2e with AR5 GWP100 unless --gas \
            (co2|ch4|n2o|ghg) or --gwp (AR5|AR6) say otherwise; --year picks 2000–2011 (input-output tables) or 2012–2023 \
            (nowcasts from the 2011 table, flagged: estimate "nowcast", base_table_year, horizon, error_range). GCB's territorial \
            and consumption CO2 columns are shown for --gas co2 only (GCB has no CH4 or N2O). With --mrio (a path or table id) \
            and no --gas the account is of the table's CO2 extension as before. JSON (--json): title, year, stressor, gas, gwp, \
            estimate ("table"|"nowcast"), base_table_year, horizon, error_range, \
            unit, rows (region, iso3, name, production_mt, consumption_mt, imports_mt, exports_mt, net_transfer_mt, adjustment_pct, \
            income_mt, gcb_territorial_mt, gcb_consumption_mt, gcb_adjustment_pct, adjustment_diff_pp, population, and for countries with \
            data land_use_mt/land_use_low_mt/land_use_high_mt (GCB 2024 land-use change), lucf_inventory_mt (Climate Watch), \
            natural_mt/natural_low_mt/natural_high_mt (natural CH4, GMB 2020, CO2e) and panoramic: the three-boundary view with ranges, \
            sources, years and adjustments relative to production), global_production_mt, global_consumption_mt, solver, datasets, \
            columns (dataset and years of every column), notes.
            """)

    @OptionGroup var source: MRIOInputOptions
    @Option(help: "Extension holding CO2; default: co2, else the first.") var `extension`: String?
    @Option(help: "Stressor.") var stressor: String = "CO2"
    @Option(
        help:
            "Year 2000–2023: the bundled table of that year (2000–2011) or a nowcast from the latest table (2012–2023, flagged), with the comparison data of the same year; with --mrio, the table's year (default: the table's own); any other year is refused, naming the available ones."
    ) var year: Int?
    @Option(help: ArgumentHelp("Write a world map (SVG) of the adjustment %.", valueName: "file.svg")) var map: String?
    @Option(
        help:
            "What the map shows: adjustment, production, consumption, net, landuse (land-use change CO2), natural (natural CH4, CO2e) or panoramic (% consumption + land use vs production)."
    ) var mapValue: String = "adjustment"
    @Option(help: "GWP set for the natural CH4 column.") var naturalGWP: String = "AR5"
    @Option(help: "Sort rows by: region, production, consumption, net, adjustment, landuse or natural.") var sort: String = "production"
    @OptionGroup var gases: GasOptions
    @OptionGroup var unit: UnitOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try YuhengCommands.run {
            let services = try source.database.services()
            // The bundled series defaults to GHG (AR5); a table of one's own keeps its CO2 extension unless a gas is asked for.
            let gas = try gases.chosen(default: source.mrio == nil && self.extension == nil ? PanoramaService.defaultGas : nil)
            let request = PanoramaService.Request(
                table: source.mrio, year: year, format: try source.tableFormat(), extension: self.extension,
                stressor: stressor, strict: source.strict, naturalGWP: naturalGWP, gas: gas, gwp: try gases.set())
            var account = try services.panorama.account(request)
            account.rows.sort(by: order)
            if let path = map {
                if let g = try services.db.dataset("country-geometry") { account.datasets.append(g.provenance) }
                try writeMap(account, db: services.db, to: path)
            }
            if json { print(try Format.json(account)); return }
            print(render(account))
            if let m = map { print("map written to \(m)") }
        }
    }

    /// The order of rows `--sort` asks for (largest first, regions alphabetically).
    func order(_ a: PanoramaRow, _ b: PanoramaRow) -> Bool {
        func v(_ x: Double?) -> Double { x ?? -.infinity }
        switch sort {
        case "region": return a.region < b.region
        case "consumption": return a.consumptionMt > b.consumptionMt
        case "net": return a.netTransferMt > b.netTransferMt
        case "adjustment": return v(a.adjustmentPct) > v(b.adjustmentPct)
        case "landuse": return v(a.landUseMt) > v(b.landUseMt)
        case "natural": return v(a.naturalMt) > v(b.naturalMt)
        default: return a.productionMt > b.productionMt
        }
    }

    /// The table in the chosen unit (every header naming it), the global totals, the comparison with GCB and the sources.
    func render(_ account: PanoramicAccount) -> String {
        let n = NationalUnit.displayCO2e(unit.chosen, tableUnit: account.unit)
        let u = n.label
        let head = account.estimate == nil ? "\(account.title), \(account.year)" : account.title // a GHG title names its year
        var out = "\(head) — \(account.stressor) in \(u); production and consumption include households' direct emissions; "
        out += "Adjust. = (consumption − production) / production\n" + estimateLine(account) + "\n"
        var t = TextTable(
            [
                "Region", "Name", "Production (\(u))", "Consumption (\(u))", "Imports (\(u))", "Exports (\(u))", "Net transfer (\(u))", "Adjust. (%)",
                "GCB terr. (\(u))", "GCB cons. (\(u))", "GCB adj. (%)", "Land use (\(u))", "Natural CH4e (\(u))"
            ],
            alignRight: [false, false] + Array(repeating: true, count: 11))
        func opt(_ v: Double?) -> String { v.map { n($0) } ?? "" }
        for r in account.rows {
            t.add([
                r.region, String(r.name.prefix(22)), n(r.productionMt), n(r.consumptionMt), n(r.importsMt), n(r.exportsMt), n(r.netTransferMt),
                Format.signedPercent(r.adjustmentPct), opt(r.gcbTerritorialMt), opt(r.gcbConsumptionMt), Format.signedPercent(r.gcbAdjustmentPct),
                opt(r.landUseMt), opt(r.naturalMt)
            ])
        }
        out += t.render() + "\n\nGlobal: production \(n(account.globalProductionMt)) \(u) = consumption \(n(account.globalConsumptionMt)) \(u)"
        if let c = account.comparison {
            out +=
                String(
                    format:
                        "\nAgainst GCB (%d countries): adjustment differs by a median %.1f pp; same sign in %d; consumption levels correlate r = %.4f; largest difference: ",
                    c.countries, c.medianAbsDiffPP, c.signAgreement, c.pearsonConsumptionLevels) + c.maxAbsDiffCountry
                + String(format: " (%.1f pp)", c.maxAbsDiffPP)
        }
        if let cols = account.columns {
            out += "\nColumns: " + cols.map { "\($0.column) = \($0.datasets.joined(separator: "+")) \($0.years)" }.joined(separator: "; ")
        }
        out += "\nDatasets: " + account.datasets.map { "\($0.datasetID) \($0.version) (\($0.licence))" }.joined(separator: "; ")
        for note in account.notes { out += "\nnote: \(note)" }
        return out
    }

    /// The line that flags a nowcast (its base table, horizon and the hold-out error range), or says the year has a table.
    func estimateLine(_ a: PanoramicAccount) -> String {
        guard let e = a.estimate else { return "" }
        guard e == "nowcast" else { return "Estimate: table (the \(a.baseTableYear.map(String.init) ?? "") input-output table)\n" }
        var line = "Estimate: NOWCAST from the \(a.baseTableYear.map(String.init) ?? "?") table (horizon \(a.horizon ?? 0) years)"
        if let r = a.errorRange {
            line += String(
                format: "; hold-out error at this horizon: adjustment ±%.1f pp median, ±%.1f pp 90th percentile; consumption ±%.1f %% median",
                r.adjustmentMedianPP, r.adjustmentP90PP, r.consumptionMedianPct)
        }
        return line + "\n"
    }

    func writeMap(_ account: PanoramicAccount, db: YuhengDatabase, to path: String) throws {
        let geometry = try db.countryGeometry().mapValues { WorldMap.Country(name: $0.name, polygons: $0.polygons) }
        var values: [String: Double] = [:]
        let label: String
        switch mapValue {
        case "production": label = "\(massUnit(account)) (production-based)"
        case "consumption": label = "\(massUnit(account)) (consumption-based)"
        case "net": label = "\(massUnit(account)) net transfer (imports − exports)"
        case "landuse": label = "Mt CO2 land-use change (GCB 2024 bookkeeping)"
        case "natural": label = "Mt CO2e natural CH4 sources (GMB 2020, 2008–2017)"
        case "panoramic": label = "% (consumption + land use − production) / production"
        default: label = "% (consumption − production) / production"
        }
        for r in account.rows {
            guard let iso = r.iso3 else { continue }
            switch mapValue {
            case "production": values[iso] = r.productionMt
            case "consumption": values[iso] = r.consumptionMt
            case "net": values[iso] = r.netTransferMt
            case "landuse": values[iso] = r.landUseMt
            case "natural": values[iso] = r.naturalMt
            case "panoramic": values[iso] = r.panoramic?.panoramicAdjustmentPct
            default: values[iso] = r.adjustmentPct
            }
        }
        let scale: WorldMap.Scale? =
            (mapValue == "production" || mapValue == "consumption" || mapValue == "natural")
            ? .sequential(min: 0, max: values.values.max() ?? 1) : nil
        let svg = WorldMap.choropleth(
            values: values, geometry: geometry,
            title: "Consumption- vs production-based \(account.gas.map { $0 == "ghg" ? "GHG" : $0.uppercased() } ?? "CO2"), \(account.year)"
                + (account.estimate == "nowcast" ? " (nowcast)" : ""),
            subtitle: "\(account.title); regions outside the table in grey. Sources: " + account.datasets.map(\.datasetID).joined(separator: ", "),
            legendLabel: label, scale: scale)
        do { try svg.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw MRIOError(.invalidArgument, "cannot write the map: \(error.localizedDescription)", file: path)
        }
    }

    /// "Mt CO2e" for a GHG account, "Mt CO2" for a plain one.
    func massUnit(_ a: PanoramicAccount) -> String { a.unit == "Mt" ? "Mt \(a.stressor)" : a.unit }
}
