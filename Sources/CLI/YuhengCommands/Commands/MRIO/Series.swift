import ArgumentParser
import Foundation
import YuhengCharts
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengServices

extension MRIOCommand {
    /// `yuheng mrio series`: production- and consumption-based accounts for several years, one task per year.
    struct Series: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Production- and consumption-based greenhouse gases for every year 2000–2023 (tables and nowcasts), or over MRIO tables of your own.",
            discussion: """
                Without --table or --tables-in: the bundled GHG series, every year from --from to --to (default 2000–2023; \
                2000–2011 input-output tables, 2012–2023 nowcasts from the 2011 table), --gas co2|ch4|n2o|ghg (default ghg) in \
                Mt CO2e with --gwp AR5|AR6 (default AR5); each year is flagged (estimate "table"|"nowcast", base_table_year, and \
                for a nowcast the hold-out error range of its horizon); --region (repeatable) chooses the regions shown (default: \
                the three largest consumers of the last year), --chart draws production (solid) and consumption per region over the \
                years, nowcast years dashed. JSON: from, to, gas, gwp, unit, years [{year, estimate, base_table_year, horizon, table, \
                regions, production_mt, consumption_mt, imports_mt, exports_mt, adjustment_pct, world_production_mt, \
                world_consumption_mt, error_range, co2_vintage, unallocated_mt, datasets, notes}], datasets, notes. \
                Give each year as --table LABEL=TABLE, where TABLE is an MRIO folder or archive, a bundled table \
                (wiod2009-co2, wiod2011-co2) or a table stored in the database, or take every year of a folder of \
                EXIOBASE tables with --tables-in DIR (files named IOT_YYYY_ixi.zip as published). Without either the \
                bundled WIOD series (2009, 2011) is used. Every year must report the same stressor in the same unit. The \
                table and the chart are in Mt (--unit kt|Mt|Gt). With --executor slurm each year is an array task; the \
                results are the same as locally. JSON (--json, in the tables' unit): extension, stressor, unit, years \
                [{label, table, system, monetary_unit, dataset, D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg, F_Y_reg \
                (region -> value), total_cba, total_pba, solver, warnings}], execution.
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(
            name: .customLong("table"),
            help: ArgumentHelp(
                "A year of the series as LABEL=TABLE (repeat the option; default: the bundled 2009 and 2011 tables).", valueName: "label=table"))
        var tables: [String] = []
        @Option(
            help: ArgumentHelp(
                "A folder of EXIOBASE tables (IOT_YYYY_ixi.zip or IOT_YYYY_pxp.zip, or such folders): every year in it, oldest first.",
                valueName: "folder"))
        var tablesIn: String?
        @Option(help: ArgumentHelp("With --tables-in: the EXIOBASE system to take when a year has both.", valueName: "ixi|pxp")) var system: String?
        @Option(help: "Input format of table paths: auto, pymrio, csv or exiobase3.") var format: String = "auto"
        @Option(help: "Extension (satellite account); default: each table's first.") var `extension`: String?
        @Option(help: "Stressor; default: the extension's first.") var stressor: String?
        @Flag(help: "Fail on any column of A summing to 1 or more.") var strict = false
        @Option(
            help: ArgumentHelp(
                "How (I − A) is solved for --table/--tables-in: auto (the cost model chooses), lu or iterative (consecutive years start from the previous solution).",
                valueName: "auto|lu|iterative"))
        var solver: String = "auto"
        @Option(help: "Regions to show in the table and chart (largest consumption in the last year first; JSON has all).") var top: Int = 15
        @Option(
            help: ArgumentHelp(
                "Write an SVG dumbbell chart of production and consumption, first year to last, for the --top regions.", valueName: "file.svg"))
        var chart: String?
        @Option(help: ArgumentHelp("The GHG series' first year (default: 2000).", valueName: "year")) var from: Int?
        @Option(help: ArgumentHelp("The GHG series' last year (default: the latest nowcast, 2023).", valueName: "year")) var to: Int?
        @Option(help: ArgumentHelp("A region of the GHG series to show (repeat; table or ISO code).", valueName: "region")) var region: [String] = []
        @OptionGroup var gases: GasOptions
        @OptionGroup var unit: UnitOptions
        @OptionGroup(title: "Executor") var exec: ExecutorOptions
        @Flag(help: "Print JSON.") var json = false

        /// The series' years from the --table options (paths made absolute, so tasks on other nodes find them).
        func years() throws -> [MRIOSeriesWork.Year] {
            let scanned =
                try tablesIn.map { try MRIOSeriesWork.scan(folder: URL(fileURLWithPath: $0).standardizedFileURL.path, system: system) } ?? []
            if tables.isEmpty && tablesIn == nil { return MRIOSeriesWork.bundled }
            return try scanned
                + tables.map { spec in
                    guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex, spec.index(after: eq) != spec.endIndex else {
                        throw ValidationError(
                            "--table '\(spec)' is not LABEL=TABLE (for example 2011=wiod2011-co2 or 2015=/data/exiobase/IOT_2015_ixi.zip)")
                    }
                    let label = String(spec[..<eq]).trimmingCharacters(in: .whitespaces)
                    var table = String(spec[spec.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                    if FileManager.default.fileExists(atPath: table) { table = URL(fileURLWithPath: table).standardizedFileURL.path }
                    return MRIOSeriesWork.Year(label: label, table: table)
                }
        }

        func run() async throws {
            try await runAsync {
                if tables.isEmpty && tablesIn == nil {
                    if solver != "auto" {
                        throw invalidOption("--solver applies to --table/--tables-in", suggestion: "leave it out for the bundled GHG series")
                    }
                    return try runGHG()
                }
                if from != nil || to != nil || gases.gas != nil || gases.gwp != nil || !region.isEmpty {
                    throw invalidOption(
                        "--from, --to, --gas, --gwp and --region choose years of the bundled GHG series",
                        suggestion: "leave out --table/--tables-in, or these options")
                }
                guard let fmt = MRIOFormat(rawValue: format) else {
                    throw ValidationError("unknown format '\(format)'; use auto, pymrio, csv or exiobase3")
                }
                guard top > 0 else { throw ValidationError("--top must be positive") }
                let params = MRIOSeriesWork.Params(
                    years: try years(), format: fmt, extension: self.extension, stressor: stressor, strict: strict, solver: try solverRequest(solver))
                let services = try database.services()
                let executor = try exec.resolve(databasePath: services.db.path)
                let (years, execution) = try await withProgress("Years", unit: "", executor: executor, tasks: exec.tasks) {
                    try await services.mrio.series(params, run: $0)
                }
                let n = NationalUnit.display(unit.chosen, tableUnit: years.first?.unit ?? "")
                if let path = chart {
                    do { try Data(Self.chart(years, top: top, unit: n).utf8).write(to: URL(fileURLWithPath: path)) } catch {
                        throw ValidationError("cannot write the chart to \(path): \(error.localizedDescription)")
                    }
                }
                if json { print(try Format.json(MRIOSeriesWork.Report(years: years, execution: execution))); return }
                print(Self.render(years, top: top, unit: n))
                print("\n" + executionFooter(execution))
                if let c = chart { print("chart written to \(c)") }
            }
        }

        /// The SVG chart: per region a production and a consumption dumbbell from the first to the last year, in `unit`.
        static func chart(_ years: [MRIOSeriesWork.YearResult], top: Int, unit n: UnitDisplay) -> String {
            guard let first = years.first, let last = years.last else { return "" }
            let columns: [KeyPath<MRIOSeriesWork.YearResult, [Double]>] = [\.pba, \.cba]
            let rows = last.regionsByConsumption.prefix(top).map { r in
                DumbbellChart.Row(
                    label: r,
                    values: columns.map { column in
                        MRIOSeriesWork.change(years, r, column).map { (from: n.value($0.from), to: n.value($0.to)) }
                    })
            }
            return DumbbellChart.render(
                title: "\(first.stressor), production- and consumption-based, \(first.label) → \(last.label)",
                subtitle: years.map { "\($0.label): \($0.system)" }.joined(separator: "; "),
                unit: "\(n.label) \(first.stressor)", from: first.label, to: last.label, measures: ["Production", "Consumption"], rows: Array(rows))
        }

        /// The readable table: production and consumption per year, the change from the first to the
        /// last year, and the last year's adjustment (consumption against production, %); the largest
        /// consumers first. Values in `unit`, every header naming it.
        static func render(_ years: [MRIOSeriesWork.YearResult], top: Int, unit n: UnitDisplay) -> String {
            guard let first = years.first, let last = years.last else { return "" }
            var regions: [String] = []
            for y in years { for r in y.regions where !regions.contains(r) { regions.append(r) } }
            func change(_ a: Double?, _ b: Double?) -> String {
                guard let a, let b, a != 0 else { return "n/a" }
                return Format.signedPercent((b - a) / abs(a) * 100)
            }
            let labels = years.map(\.label)
            var header = ["Region"] + labels.map { "Prod \($0) (\(n.label))" } + labels.map { "Cons \($0) (\(n.label))" }
            if years.count > 1 { header += ["Δ prod (%)", "Δ cons (%)"] }
            header += ["Adjust. \(last.label) (%)"]
            var t = TextTable(header, alignRight: [false] + Array(repeating: true, count: header.count - 1))
            func row(_ name: String, _ p: [Double?], _ c: [Double?]) -> [String] {
                var cells = [name] + p.map { $0.map { n($0) } ?? "–" } + c.map { $0.map { n($0) } ?? "–" }
                if years.count > 1 { cells += [change(p.first ?? nil, p.last ?? nil), change(c.first ?? nil, c.last ?? nil)] }
                guard let pl = p.last ?? nil, let cl = c.last ?? nil, pl != 0 else { return cells + ["n/a"] }
                return cells + [Format.signedPercent((cl - pl) / pl * 100)]
            }
            let order = last.regionsByConsumption + regions.filter { last.value($0, \.cba) == nil }
            for r in order.prefix(top) { t.add(row(r, years.map { $0.value(r, \.pba) }, years.map { $0.value(r, \.cba) })) }
            t.add(row("World", years.map { Optional($0.totalPBA) }, years.map { Optional($0.totalCBA) }))
            var out =
                "MRIO series — \(first.stressor) [\(n.label)] — production- and consumption-based accounts, \(years.count) year\(years.count == 1 ? "" : "s")"
            out += "; Adjust. = (consumption − production) / production\n\n" + t.render() + "\n"
            if regions.count > top { out += "\n\(regions.count - top) more regions in --json (or raise --top)" }
            for y in years {
                out += "\n\(y.label): \(y.system)" + (y.dataset.map { " — \($0.datasetID) \($0.version)" } ?? "") + " — \(y.solver)"
                for w in y.warnings { out += "\n  warning: \(w)" }
            }
            return out
        }
    }
}
