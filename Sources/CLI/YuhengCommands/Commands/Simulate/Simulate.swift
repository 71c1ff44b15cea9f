import ArgumentParser
import Foundation
import YuhengCharts
import YuhengComputing
import YuhengCore
import YuhengIndustrial
import YuhengServices

/// `yuheng simulate FILE [--compare OTHER]`: an industrial sector's emission pathway.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate an industrial sector year by year (route-based stock turnover) and chart its emission pathway.",
        discussion:
            "The scenario file (YAML or JSON) is described in docs/simulate-format.md; examples are in examples/simulate/. JSON (--json): scenario, sector, unit, routes, years [{year, demand, capacity, production, direct, indirect, total, cumulative, intensity, ...}], cumulative, and with --compare a `comparison` object."
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Scenario file (.yaml or .json).") var file: String
    @Option(help: "A second scenario to compare against (differences are OTHER − FILE).") var compare: String?
    @Option(help: ArgumentHelp("Write an SVG chart of the pathways.", valueName: "file.svg")) var chart: String?
    @OptionGroup(title: "Executor (for the Monte Carlo ensemble of a scenario with an uncertainty section)") var exec: ExecutorOptions
    @Flag(help: "Print JSON.") var json = false

    struct Output: Encodable {
        let scenario: String; let sector: String; let unit: String; let routes: [String]; let years: [YearResult]
        let cumulative: Double; let warnings: [String]; let comparison: SimulationService.Comparison?
    }

    func run() async throws {
        try await runAsync {
            let services = try database.services()
            let executor = try exec.resolve(databasePath: services.db.path)
            let run = Execution(executor: executor, tasks: exec.tasks)
            let a = try await pathway(services, file, run: run)
            let b = try await compare.asyncMap { try await pathway(services, $0, run: run) }
            if let path = chart { try Self.chart(a, b).write(toFile: path, atomically: true, encoding: .utf8) }
            if json {
                print(
                    try Format.json(
                        Output(
                            scenario: a.scenario, sector: a.sector, unit: a.unit, routes: a.routes, years: a.years, cumulative: a.cumulative,
                            warnings: a.warnings + (b?.warnings ?? []), comparison: b.map { SimulationService.compare(a, $0) })))
                return
            }
            for r in [a] + (b.map { [$0] } ?? []) {
                print(Self.render(r))
                printWarnings(r.warnings)
            }
            if let b {
                print(
                    "Cumulative difference (\(b.scenario) − \(a.scenario)): "
                        + String(format: "%+.3f", SimulationService.compare(a, b).cumulativeDifference) + " \(a.unit) CO2")
            }
            if let c = chart { print("chart written to \(c)") }
        }
    }

    /// A scenario's pathway; how a distributed ensemble ran goes to stderr.
    func pathway(_ services: YuhengServices, _ path: String, run: Execution) async throws -> SimulationResult {
        let o = try await services.simulation.run(file: path, run: run)
        if let e = o.execution { printToStderr(executionFooter(e)) }
        return o.result
    }

    static func render(_ r: SimulationResult) -> String {
        let band = r.years.first?.totalP2_5 != nil
        var t = TextTable(
            ["Year", "Demand"] + r.routes.map { "P \($0)" } + ["Direct", "Indirect", "Total", "Cumulative"] + (band ? ["95% range"] : []),
            alignRight: Array(repeating: true, count: 6 + r.routes.count + (band ? 1 : 0)))
        for y in r.years {
            var row = [String(y.year), String(format: "%.2f", y.demand)] + r.routes.map { String(format: "%.2f", y.production[$0] ?? 0) }
            row += [
                String(format: "%.4f", y.direct), String(format: "%.4f", y.indirect), String(format: "%.4f", y.total),
                String(format: "%.3f", y.cumulative)
            ]
            if let lo = y.totalP2_5, let hi = y.totalP97_5 { row.append(String(format: "%.2f–%.2f", lo, hi)) }
            t.add(row)
        }
        return "\(r.scenario) — \(r.sector), emissions in \(r.unit) CO2\n\n" + t.render() + "\n"
    }

    /// The SVG chart: each scenario's total (with its 95 % band), and for one scenario its routes.
    static func chart(_ a: SimulationResult, _ b: SimulationResult?) -> String {
        func band(_ r: SimulationResult) -> [(lo: Double, hi: Double)]? {
            r.years.first?.totalP2_5 != nil ? r.years.map { ($0.totalP2_5 ?? $0.total, $0.totalP97_5 ?? $0.total) } : nil
        }
        var series = ([a] + (b.map { [$0] } ?? [])).map {
            LineChart.Series(name: $0.scenario, points: $0.years.map { (Double($0.year), $0.total) }, band: band($0))
        }
        if b == nil {
            series += a.routes.map { r in
                LineChart.Series(
                    name: "\(r) (direct+indirect)",
                    points: a.years.map { (Double($0.year), ($0.directByRoute[r] ?? 0) + ($0.indirectByRoute[r] ?? 0)) }, dashed: true)
            }
        }
        return LineChart.render(
            title: "\(a.sector.capitalized) CO2 emissions pathway", subtitle: b.map { "\(a.scenario) vs \($0.scenario)" } ?? a.scenario,
            unit: "\(a.unit) CO2 per year", series: series)
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        guard let w = self else { return nil }
        return try await transform(w)
    }
}
