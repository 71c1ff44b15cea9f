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
        abstract: "The panoramic national account: production- vs consumption-based CO2 for every region, with GCB for comparison.",
        discussion: """
            Runs on the bundled WIOD 2011 CO2 input-output table unless --mrio is given. JSON (--json): title, year, stressor, \
            unit, rows (region, iso3, name, production_mt, consumption_mt, imports_mt, exports_mt, net_transfer_mt, adjustment_pct, \
            income_mt, gcb_territorial_mt, gcb_consumption_mt, gcb_adjustment_pct, adjustment_diff_pp, population, and for countries with \
            data land_use_mt/land_use_low_mt/land_use_high_mt (GCB 2024 land-use change), lucf_inventory_mt (Climate Watch), \
            natural_mt/natural_low_mt/natural_high_mt (natural CH4, GMB 2020, CO2e) and panoramic: the three-boundary view with ranges, \
            sources, years and adjustments relative to production), global_production_mt, global_consumption_mt, solver, datasets, \
            columns (dataset and years of every column), notes.
            """)

    @OptionGroup var source: MRIOInputOptions
    @Option(help: "Extension holding CO2 (default: co2, else the first).") var `extension`: String?
    @Option(help: "Stressor (default: CO2).") var stressor: String = "CO2"
    @Option(help: "Year: the bundled table of that year (2009 or 2011) and the comparison data of the same year; with --mrio, the table's year (default: the table's own).") var year: Int?
    @Option(help: ArgumentHelp("Write a world map (SVG) of the adjustment %.", valueName: "file.svg")) var map: String?
    @Option(help: "What the map shows: adjustment, production, consumption, net, landuse (land-use change CO2), natural (natural CH4, CO2e) or panoramic (% consumption + land use vs production).") var mapValue: String = "adjustment"
    @Option(help: "GWP set for the natural CH4 column (default AR5).") var naturalGWP: String = "AR5"
    @Option(help: "Sort rows by: region, production, consumption, net or adjustment.") var sort: String = "production"
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try YuhengCommands.run {
            let db = try source.database.open()
            guard let format = MRIOFormat(rawValue: source.format) else {
                throw ValidationError("unknown format '\(source.format)'; use auto, pymrio, csv or exiobase3")
            }
            let services = YuhengServices(db: db)
            let request = PanoramaService.Request(table: source.mrio, year: year, format: format, extension: self.extension, stressor: stressor,
                                                  strict: source.strict, naturalGWP: naturalGWP)
            var account = try services.panorama.account(request)
            let y = account.year
            switch sort {
            case "region": account.rows.sort { $0.region < $1.region }
            case "consumption": account.rows.sort { $0.consumptionMt > $1.consumptionMt }
            case "net": account.rows.sort { $0.netTransferMt > $1.netTransferMt }
            case "adjustment": account.rows.sort { ($0.adjustmentPct ?? -.infinity) > ($1.adjustmentPct ?? -.infinity) }
            case "landuse": account.rows.sort { ($0.landUseMt ?? -.infinity) > ($1.landUseMt ?? -.infinity) }
            case "natural": account.rows.sort { ($0.naturalMt ?? -.infinity) > ($1.naturalMt ?? -.infinity) }
            default: account.rows.sort { $0.productionMt > $1.productionMt }
            }
            if let path = map {
                if let g = try db.dataset("country-geometry") { account.datasets.append(g.provenance) }
                try writeMap(account, db: db, to: path)
            }
            if json { print(try Format.json(account)); return }
            print("\(account.title), \(y) — \(account.stressor) in Mt; production and consumption include households' direct emissions\n")
            var t = TextTable(["Region", "Name", "Production", "Consumption", "Imports", "Exports", "Net transfer", "Adjust.", "GCB terr.", "GCB cons.", "GCB adj.", "Land use", "Natural CH4e"],
                              alignRight: [false, false, true, true, true, true, true, true, true, true, true, true, true])
            func pct(_ v: Double?) -> String { v.map { String(format: "%+.1f %%", $0) } ?? "" }
            for r in account.rows {
                t.add([r.region, String(r.name.prefix(22)), Format.number(r.productionMt, decimals: 1), Format.number(r.consumptionMt, decimals: 1),
                       Format.number(r.importsMt, decimals: 1), Format.number(r.exportsMt, decimals: 1), Format.number(r.netTransferMt, decimals: 1),
                       pct(r.adjustmentPct), r.gcbTerritorialMt.map { Format.number($0, decimals: 1) } ?? "", r.gcbConsumptionMt.map { Format.number($0, decimals: 1) } ?? "",
                       pct(r.gcbAdjustmentPct), r.landUseMt.map { Format.number($0, decimals: 1) } ?? "", r.naturalMt.map { Format.number($0, decimals: 1) } ?? ""])
            }
            print(t.render())
            print(String(format: "\nGlobal: production %.1f Mt = consumption %.1f Mt", account.globalProductionMt, account.globalConsumptionMt))
            if let c = account.comparison {
                print(String(format: "Against GCB (%d countries): adjustment differs by a median %.1f pp; same sign in %d; consumption levels correlate r = %.4f; largest difference: ",
                             c.countries, c.medianAbsDiffPP, c.signAgreement, c.pearsonConsumptionLevels) + c.maxAbsDiffCountry + String(format: " (%.1f pp)", c.maxAbsDiffPP))
            }
            if let cols = account.columns {
                print("Columns: " + cols.map { "\($0.column) = \($0.datasets.joined(separator: "+")) \($0.years)" }.joined(separator: "; "))
            }
            print("Datasets: " + account.datasets.map { "\($0.datasetID) \($0.version) (\($0.licence))" }.joined(separator: "; "))
            for n in account.notes { print("note: \(n)") }
            if let m = map { print("map written to \(m)") }
        }
    }

    func writeMap(_ account: PanoramicAccount, db: YuhengDatabase, to path: String) throws {
        let geometry = try db.countryGeometry().mapValues { WorldMap.Country(name: $0.name, polygons: $0.polygons) }
        var values: [String: Double] = [:]
        let label: String
        switch mapValue {
        case "production": label = "Mt CO2 (production-based)"
        case "consumption": label = "Mt CO2 (consumption-based)"
        case "net": label = "Mt CO2 net transfer (imports − exports)"
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
        let scale: WorldMap.Scale? = (mapValue == "production" || mapValue == "consumption" || mapValue == "natural")
            ? .sequential(min: 0, max: values.values.max() ?? 1) : nil
        let svg = WorldMap.choropleth(values: values, geometry: geometry, title: "Consumption- vs production-based CO2, \(account.year)",
                                      subtitle: "\(account.title); regions outside the table in grey. Sources: " + account.datasets.map(\.datasetID).joined(separator: ", "),
                                      legendLabel: label, scale: scale)
        do { try svg.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw MRIOError(.invalidArgument, "cannot write the map: \(error.localizedDescription)", file: path)
        }
    }
}
