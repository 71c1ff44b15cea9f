import ArgumentParser
import Foundation
import YuhengCharts
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengMRIO

extension MRIOCommand {
    /// `yuheng mrio series`: production- and consumption-based accounts for several years, one task per year.
    struct Series: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Production- and consumption-based accounts over a time series of MRIO tables (one task per year, locally or on Slurm).",
            discussion: """
                Give each year as --table LABEL=TABLE, where TABLE is an MRIO folder or archive, a bundled table \
                (wiod2009-co2, wiod2011-co2) or a table stored in the database, or take every year of a folder of \
                EXIOBASE tables with --tables-in DIR (files named IOT_YYYY_ixi.zip as published). Without either the \
                bundled WIOD series (2009, 2011) is used. Every year must report the same stressor in the same unit. With \
                --executor slurm each year is an array task; the results are the same as locally. JSON (--json): \
                extension, stressor, unit, years [{label, table, system, monetary_unit, dataset, D_cba_reg, D_pba_reg, \
                D_imp_reg, D_exp_reg, F_Y_reg (region -> value), total_cba, total_pba, solver, warnings}], execution.
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("table"), help: ArgumentHelp("A year of the series as LABEL=TABLE (repeat the option; default: the bundled 2009 and 2011 tables).", valueName: "label=table"))
        var tables: [String] = []
        @Option(help: ArgumentHelp("A folder of EXIOBASE tables (IOT_YYYY_ixi.zip or IOT_YYYY_pxp.zip, or such folders): every year in it, oldest first.", valueName: "folder"))
        var tablesIn: String?
        @Option(help: ArgumentHelp("With --tables-in: the EXIOBASE system to take when a year has both.", valueName: "ixi|pxp")) var system: String?
        @Option(help: "Input format of table paths: auto, pymrio, csv or exiobase3.") var format: String = "auto"
        @Option(help: "Extension (satellite account), default: each table's first.") var `extension`: String?
        @Option(help: "Stressor, default: the extension's first.") var stressor: String?
        @Flag(help: "Fail on any column of A summing to 1 or more.") var strict = false
        @Option(help: "Regions to show in the table and chart (largest consumption in the last year first; JSON has all).") var top: Int = 15
        @Option(help: ArgumentHelp("Write an SVG dumbbell chart of production and consumption, first year to last, for the --top regions.", valueName: "file.svg"))
        var chart: String?
        @OptionGroup(title: "Executor") var exec: ExecutorOptions
        @Flag(help: "Print JSON.") var json = false

        /// The series' years from the --table options (paths made absolute, so tasks on other nodes find them).
        func years() throws -> [MRIOSeriesWork.Year] {
            let scanned = try tablesIn.map { try MRIOSeriesWork.scan(folder: URL(fileURLWithPath: $0).standardizedFileURL.path, system: system) } ?? []
            if tables.isEmpty && tablesIn == nil { return MRIOSeriesWork.bundled }
            return try scanned + tables.map { spec in
                guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex, spec.index(after: eq) != spec.endIndex else {
                    throw ValidationError("--table '\(spec)' is not LABEL=TABLE (for example 2011=wiod2011-co2 or 2015=/data/exiobase/IOT_2015_ixi.zip)")
                }
                let label = String(spec[..<eq]).trimmingCharacters(in: .whitespaces)
                var table = String(spec[spec.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                if FileManager.default.fileExists(atPath: table) { table = URL(fileURLWithPath: table).standardizedFileURL.path }
                return MRIOSeriesWork.Year(label: label, table: table)
            }
        }

        func run() async throws {
            try await runAsync {
                guard let fmt = MRIOFormat(rawValue: format) else { throw ValidationError("unknown format '\(format)'; use auto, pymrio, csv or exiobase3") }
                guard top > 0 else { throw ValidationError("--top must be positive") }
                let params = MRIOSeriesWork.Params(years: try years(), format: fmt, extension: self.extension, stressor: stressor, strict: strict)
                let db = try database.open()
                try MRIOSeriesWork.validate(params, database: db)
                let executor = try exec.resolve(databasePath: db.path) ?? LocalExecutor()
                let catcher = InterruptCatcher()
                defer { catcher.stop() }
                let bar = ProgressBar(label: "Years", unit: "")
                var years: [MRIOSeriesWork.YearResult] = []
                var execution: ExecutionReport?
                let paramsText = String(decoding: try JSONEncoder().encode(params), as: UTF8.self)
                _ = try await recordJob(db, kind: MRIOSeriesWork.kind, params: paramsText) {
                    let (partials, report) = try await Computing.run(
                        MRIOSeriesWork.self, params: params, executor: executor, tasks: exec.tasks, databasePath: db.path,
                        cancellation: catcher.flag, progress: executionProgress(bar))
                    years = try MRIOSeriesWork.gather(params, partials: partials)
                    execution = report
                    return String(decoding: try JSONEncoder().encode(MRIOSeriesWork.Report(years: years, execution: report)), as: UTF8.self)
                }
                bar.finish()
                if let path = chart {
                    do { try Data(Self.chart(years, top: top).utf8).write(to: URL(fileURLWithPath: path)) } catch {
                        throw ValidationError("cannot write the chart to \(path): \(error.localizedDescription)")
                    }
                }
                if json {
                    print(try Format.json(MRIOSeriesWork.Report(years: years, execution: execution)))
                    return
                }
                print(Self.render(years, top: top))
                if let e = execution { print("\n" + executionFooter(e)) }
                if let c = chart { print("chart written to \(c)") }
            }
        }

        /// The SVG chart: per region a production and a consumption dumbbell from the first to the last year.
        static func chart(_ years: [MRIOSeriesWork.YearResult], top: Int) -> String {
            guard let first = years.first, let last = years.last else { return "" }
            let rows = last.regionsByConsumption.prefix(top).map {
                DumbbellChart.Row(label: $0, values: [MRIOSeriesWork.change(years, $0, \.pba), MRIOSeriesWork.change(years, $0, \.cba)])
            }
            return DumbbellChart.render(title: "\(first.stressor), production- and consumption-based, \(first.label) → \(last.label)",
                                        subtitle: years.map { "\($0.label): \($0.system)" }.joined(separator: "; "),
                                        unit: first.unit, from: first.label, to: last.label, measures: ["Production", "Consumption"], rows: Array(rows))
        }

        /// The readable table: production and consumption per year, the change from the first to the
        /// last year, and the last year's consumption/production ratio; the largest consumers first.
        static func render(_ years: [MRIOSeriesWork.YearResult], top: Int) -> String {
            guard let first = years.first, let last = years.last else { return "" }
            var regions: [String] = []
            for y in years { for r in y.regions where !regions.contains(r) { regions.append(r) } }
            func percent(_ v: Double) -> String {
                let rounded = (v * 10).rounded() / 10
                return String(format: "%+.1f %%", rounded == 0 ? 0 : rounded)   // no "-0.0 %"
            }
            func change(_ a: Double?, _ b: Double?) -> String {
                guard let a, let b, a != 0 else { return "n/a" }
                return percent((b - a) / abs(a) * 100)
            }
            let labels = years.map(\.label)
            var header = ["Region"] + labels.map { "Prod \($0)" } + labels.map { "Cons \($0)" }
            if years.count > 1 { header += ["Δ prod", "Δ cons"] }
            header += ["Cons/Prod \(last.label)"]
            var t = TextTable(header, alignRight: [false] + Array(repeating: true, count: header.count - 1))
            func row(_ name: String, _ p: [Double?], _ c: [Double?]) -> [String] {
                var cells = [name] + p.map { $0.map { Format.number($0) } ?? "–" } + c.map { $0.map { Format.number($0) } ?? "–" }
                if years.count > 1 { cells += [change(p.first ?? nil, p.last ?? nil), change(c.first ?? nil, c.last ?? nil)] }
                let ratio: String
                if let pl = p.last ?? nil, let cl = c.last ?? nil, pl != 0 { ratio = percent((cl - pl) / pl * 100) } else { ratio = "n/a" }
                return cells + [ratio]
            }
            let order = last.regionsByConsumption + regions.filter { last.value($0, \.cba) == nil }
            for r in order.prefix(top) {
                t.add(row(r, years.map { $0.value(r, \.pba) }, years.map { $0.value(r, \.cba) }))
            }
            t.add(row("World", years.map { Optional($0.totalPBA) }, years.map { Optional($0.totalCBA) }))
            var out = "MRIO series — \(first.stressor) [\(first.unit)] — production- and consumption-based accounts, \(years.count) year\(years.count == 1 ? "" : "s")\n\n"
            out += t.render() + "\n"
            if regions.count > top { out += "\n\(regions.count - top) more regions in --json (or raise --top)" }
            for y in years {
                out += "\n\(y.label): \(y.system)" + (y.dataset.map { " — \($0.datasetID) \($0.version)" } ?? "") + " — \(y.solver)"
                for w in y.warnings { out += "\n  warning: \(w)" }
            }
            return out
        }
    }
}
