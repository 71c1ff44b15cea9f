import ArgumentParser
import Foundation
import YuhengCore
import YuhengAnalysis
import YuhengData
import YuhengInventory
import YuhengReports
import YuhengServices

struct InventoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Compute a production-based inventory (IPCC 2006 Tier 1) from an activity file.",
        discussion: """
            The activity file is CSV with columns id,category,method,item,amount,unit,ad_uncertainty_pct,parameters \
            (see docs/inventory-format.md and examples/inventory/). Methods: stationary, mobile, cement, enteric, reference, \
            and the Tier 1 methods of every other category (coal_mining … wastewater; docs/inventory-format.md). A `year` column \
            makes a time series: every year is reported, with the trend from the base year and its uncertainty.

            JSON output (--json) has the stable top-level keys total_co2e_t, by_gas_t, by_gas_co2e_t, by_category, \
            uncertainty_pct, uncertainty_coverage, uncertainty_unquantified, gwp, memo, reference_approach, \
            reference_vs_sectoral_pct, sources, datasets, warnings (all of the latest year), and year, years, base_year, trend, \
            approach1, key_categories, key_category_analysis, recalculations.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Activity data file (CSV).") var file: String
    @Option(help: "GWP set for CO2e: AR4, AR5 or AR6 (GWP100), or e.g. AR6-GWP20.") var gwp: String = "AR5"
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Show each source's calculation steps.") var detail = false
    @Option(help: ArgumentHelp("Propagate uncertainty: montecarlo (IPCC Approach 2) or analytic (first order).", valueName: "method"))
    var uncertainty: String?
    @Option(help: "Monte Carlo iterations (with --uncertainty montecarlo; at least 1).") var iterations: Int = 10_000
    @Option(help: "Random seed (with --uncertainty montecarlo).") var seed: UInt64 = 1
    @Option(name: .customLong("base-year"), help: "Base year of the trend (default: the first reported year).") var baseYear: Int?
    @Option(
        help: ArgumentHelp("Years to report, e.g. 1990-2022 (default: every year with a line other than solid waste disposal).", valueName: "from-to")
    ) var years: String?
    @Option(help: ArgumentHelp("A previous submission (activity file) to compare with: recalculation differences by category.", valueName: "file"))
    var previous: String?
    @Option(
        help: ArgumentHelp(
            "Write a report: crt (CRT-layout Summary 1 and 2 as CSV, the same tables in crt_report.xlsx, and a printable HTML report).",
            valueName: "kind")) var report: String?
    @Option(help: ArgumentHelp("Folder for --report.", valueName: "dir")) var out: String?

    func run() async throws {
        if let uncertainty { return try await runUncertainty(uncertainty) }
        try YuhengCommands.run {
            let services = try database.services()
            let series = try services.inventory.series(file: file, gwp: gwp, options: try seriesOptions(), previous: previous)
            if let report { try writeReport(report, series) }
            if json { print(try Format.json(series)); return }
            renderSeries(series)
        }
    }

    func seriesOptions() throws -> InventorySeriesOptions {
        var o = InventorySeriesOptions(baseYear: baseYear)
        if let years {
            let parts = years.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let a = parts[0], let b = parts[1], a <= b else {
                throw ValidationError("--years must look like 1990-2022")
            }
            o.reportYears = a...b
        }
        return o
    }

    /// Writes the CRT-layout tables and the printable report (with the Monte Carlo of the series when given).
    func writeReport(_ kind: String, _ s: InventorySeriesResult, monteCarlo: ReportMonteCarlo? = nil) throws {
        guard kind == "crt" else { throw ValidationError("unknown --report '\(kind)'; use crt") }
        guard let out else { throw ValidationError("--report crt needs --out DIR") }
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let title = "National greenhouse gas inventory — \((file as NSString).lastPathComponent)"
        for f in InventoryReport.files(s, title: title, monteCarlo: monteCarlo) {
            try Data(f.contents.utf8).write(to: dir.appendingPathComponent(f.name))
        }
        try ZipPackage.write(try InventoryReport.workbook(s).parts(), to: dir.appendingPathComponent("crt_report.xlsx"))
        FileHandle.standardError.write(Data("report written to \(dir.path)\n".utf8))
    }

    func renderSeries(_ s: InventorySeriesResult) {
        if s.years.count > 1 {
            print("Time series — \(file) — t CO2e with \(s.latest.gwp)\n")
            let sectors = ["1": "Energy", "2": "IPPU", "3": "AFOLU", "4": "Waste", "5": "Other"]
            let present = sectors.keys.sorted().filter { k in s.series.contains { ($0.bySectorCO2e[k] ?? 0) != 0 } }
            var t = TextTable(
                ["Year"] + present.map { "\(k(sectors, $0))" } + ["Total", "CO2", "CH4", "N2O", "F-gases", "vs base", "U (95%)"],
                alignRight: [false] + present.map { _ in true } + [true, true, true, true, true, true, true])
            for y in s.series {
                let f = y.byGasCO2e.filter { !["CO2", "CH4", "N2O"].contains($0.key) }.values.reduce(0, +)
                t.add(
                    [y.year.map(String.init) ?? ""] + present.map { Format.number(y.bySectorCO2e[$0] ?? 0, decimals: 0) }
                        + [
                            Format.number(y.totalCO2e, decimals: 0), Format.number(y.byGasCO2e["CO2"] ?? 0, decimals: 0),
                            Format.number(y.byGasCO2e["CH4"] ?? 0, decimals: 0),
                            Format.number(y.byGasCO2e["N2O"] ?? 0, decimals: 0), Format.number(f, decimals: 0),
                            y.changeVsBasePercent.map { String(format: "%+.2f %%", $0) } ?? "", Format.percent(y.uncertaintyPercent)
                        ])
            }
            print(t.render())
            print("(sector and gas columns in t CO2e; IPCC 2006 sectors: 1 Energy, 2 IPPU, 3 AFOLU, 4 Waste)\n")
        }
        render(s.latest, year: s.latestYear)
        if let tr = s.trend {
            print(
                "\nTrend \(tr.baseYear) → \(tr.year): " + (tr.changePercent.map { String(format: "%+.2f %%", $0) } ?? "n/a")
                    + (tr.uncertaintyPercentPoints.map {
                        String(format: " ± %.2f percentage points (Approach 1 trend uncertainty, Vol 1 Table 3.2)", $0)
                    } ?? ""))
        }
        if !s.keyCategories.key.isEmpty {
            print("\nKey categories (Vol 1 Ch 4; Approach 1: 95 % of level or trend, Approach 2: 90 % weighted by uncertainty):")
            var t = TextTable(
                ["Approach", "Category", "Gas", "t CO2e", "Level share", "Cumulative", "Trend share", "By"],
                alignRight: [false, false, false, true, true, true, true, false])
            for k in s.keyCategories.key {
                t.add([
                    String(k.approach), "\(k.category) \(k.name)", k.gas, Format.number(k.co2e, decimals: 0),
                    k.levelShare.map { String(format: "%.1f %%", $0 * 100) } ?? "",
                    k.levelCumulative.map { String(format: "%.1f %%", $0 * 100) } ?? "",
                    k.trendShare.map { String(format: "%.1f %%", $0 * 100) } ?? "", k.criteria.joined(separator: "+")
                ])
            }
            print(t.render())
        }
        if !s.recalculations.isEmpty {
            print("\nRecalculations against \(previous ?? "the previous file") (t CO2e):")
            var t = TextTable(["Year", "Category", "Previous", "Current", "Difference", "%"], alignRight: [false, false, true, true, true, true])
            for r in s.recalculations.prefix(40) {
                t.add([
                    r.year.map(String.init) ?? "", "\(r.category) \(r.name)", Format.number(r.previousCO2e, decimals: 0),
                    Format.number(r.currentCO2e, decimals: 0),
                    Format.number(r.difference, decimals: 0), r.differencePercent.map { String(format: "%+.2f %%", $0) } ?? "new"
                ])
            }
            print(t.render())
        }
        print("\nDatasets: " + s.latest.datasets.map { "\($0.datasetID) (\($0.version))" }.joined(separator: ", "))
    }

    private func k(_ d: [String: String], _ key: String) -> String { d[key] ?? key }

    func render(_ r: InventoryResult, year: Int? = nil) {
        print("Production-based inventory\(year.map { " \($0)" } ?? "") — \(file) — CO2e with \(r.gwp)\n")
        var t = TextTable(
            ["Category", "Name", "CO2 t", "CH4 t", "N2O t", "CO2e t", "U (95%)"],
            alignRight: [false, false, true, true, true, true, true])
        for (code, c) in r.byCategory.sorted(by: { $0.key < $1.key }) {
            t.add([
                code, c.name, Format.number(c.byGasTonnes["CO2"] ?? 0), Format.number(c.byGasTonnes["CH4"] ?? 0, decimals: 3),
                Format.number(c.byGasTonnes["N2O"] ?? 0, decimals: 3), Format.number(c.co2eTonnes), Format.percent(c.uncertaintyPercent)
            ])
        }
        t.add([
            "", "Total", Format.number(r.byGasTonnes["CO2"] ?? 0), Format.number(r.byGasTonnes["CH4"] ?? 0, decimals: 3),
            Format.number(r.byGasTonnes["N2O"] ?? 0, decimals: 3), Format.number(r.totalCO2eTonnes), Format.percent(r.uncertaintyPercent)
        ])
        print(t.render())
        print(
            "\nTotal: \(Format.number(r.totalCO2eTonnes)) t CO2e (\(r.gwp)), Approach 1 uncertainty \(Format.percent(r.uncertaintyPercent))"
                + (r.uncertaintyCoverage < 0.9999 && r.totalCO2eTonnes != 0
                    ? String(format: " covering %.1f %% of the total", r.uncertaintyCoverage * 100) : ""))
        if r.memo.biogenicCO2Tonnes > 0 || r.memo.internationalBunkersCO2eTonnes > 0 {
            print(
                "Memo items (not in the total): biogenic CO2 \(Format.number(r.memo.biogenicCO2Tonnes)) t; international bunkers \(Format.number(r.memo.internationalBunkersCO2eTonnes)) t CO2e"
            )
        }
        if !r.referenceApproach.isEmpty {
            print("\nReference approach (Vol 2 Ch 6):")
            var rt = TextTable(
                ["ID", "Fuel", "Apparent consumption t", "Energy TJ", "Carbon t", "Excluded C t", "CO2 t"],
                alignRight: [false, false, true, true, true, true, true])
            for x in r.referenceApproach {
                rt.add([
                    x.id, x.fuel, Format.number(x.apparentConsumptionTonnes), Format.number(x.energyTJ), Format.number(x.carbonTonnes),
                    Format.number(x.excludedCarbonTonnes), Format.number(x.co2Tonnes)
                ])
            }
            print(rt.render())
            if let d = r.referenceVsSectoralPercent { print(String(format: "Reference vs sectoral approach: %+.2f %%", d)) }
        }
        if detail {
            print("\nSources:")
            for s in r.sources {
                print("  \(s.id) [\(s.category) \(s.method.rawValue) \(s.item)]\(s.memo.map { " — memo: \($0)" } ?? "")")
                for step in s.steps { print("    \(step)") }
            }
        }
        if !r.warnings.isEmpty {
            print("")
            for w in r.warnings { print("warning: \(w)") }
        }
    }
}
