import ArgumentParser
import Foundation
import YuhengCore
import YuhengCharts
import YuhengComputing
import YuhengData
import YuhengIndustrial
import YuhengMRIO

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate an industrial sector year by year (route-based stock turnover) and chart its emission pathway.",
        discussion: "The scenario file (YAML or JSON) is described in docs/simulate-format.md; examples are in examples/simulate/. JSON (--json): scenario, sector, unit, routes, years [{year, demand, capacity, production, direct, indirect, total, cumulative, intensity, ...}], cumulative, and with --compare a `comparison` object.")

    @Argument(help: "Scenario file (.yaml or .json).") var file: String
    @Option(help: "A second scenario to compare against (differences are OTHER − FILE).") var compare: String?
    @Option(help: ArgumentHelp("Write an SVG chart of the pathways.", valueName: "file.svg")) var chart: String?
    @OptionGroup(title: "Executor (for the Monte Carlo ensemble of a scenario with an uncertainty section)") var exec: ExecutorOptions
    @Flag(help: "Print JSON.") var json = false

    /// The pathway with its ensemble: in this process, or as a distributed job when an executor is asked for.
    func simulate(_ scenario: IndustrialScenario) async throws -> SimulationResult {
        guard scenario.uncertainty?.parameters.isEmpty == false,
              let executor = try exec.resolve(databasePath: YuhengDatabase.defaultPath()) else {
            return try await IndustrialSimulator.simulateWithUncertainty(scenario)
        }
        let p = SimulationEnsembleWork.Params(scenario: scenario)
        let (partials, report) = try await Computing.run(SimulationEnsembleWork.self, params: p, executor: executor, tasks: exec.tasks)
        FileHandle.standardError.write(Data((executionFooter(report) + "\n").utf8))
        return try SimulationEnsembleWork.gather(p, partials: partials)
    }

    /// Reads a scenario through the data layer (size and alias limits, strict keys, plausible ranges).
    static func load(_ path: String) throws -> IndustrialScenario {
        try ScenarioFile.load(path: path).scenario
    }

    /// The pathway of a scenario file, checked finite, with its warnings naming the file.
    func run(_ path: String) async throws -> SimulationResult {
        var r = try await simulate(try Self.load(path))
        if let (field, v) = FiniteCheck.firstNonFinite(in: r) {
            throw IndustrialError(.notFinite, FiniteCheck.message(path: field, value: v), file: path)
        }
        r.warnings = r.warnings.map { "\(path): \($0)" }
        return r
    }

    func run() async throws {
        do {
            let a = try await run(file)
            var b: SimulationResult? = nil
            if let other = compare { b = try await run(other) }
            var stderr = FileHandle.standardError
            if let path = chart {
                var series = [LineChart.Series(name: a.scenario, points: a.years.map { (Double($0.year), $0.total) },
                                               band: a.years.first?.totalP2_5 != nil ? a.years.map { ($0.totalP2_5 ?? $0.total, $0.totalP97_5 ?? $0.total) } : nil)]
                if let b {
                    series.append(.init(name: b.scenario, points: b.years.map { (Double($0.year), $0.total) },
                                        band: b.years.first?.totalP2_5 != nil ? b.years.map { ($0.totalP2_5 ?? $0.total, $0.totalP97_5 ?? $0.total) } : nil))
                }
                for r in a.routes where b == nil {
                    series.append(.init(name: "\(r) (direct+indirect)", points: a.years.map { (Double($0.year), ($0.directByRoute[r] ?? 0) + ($0.indirectByRoute[r] ?? 0)) }, dashed: true))
                }
                let svg = LineChart.render(title: "\(a.sector.capitalized) CO2 emissions pathway", subtitle: b == nil ? a.scenario : "\(a.scenario) vs \(b!.scenario)",
                                           unit: "\(a.unit) CO2 per year", series: series)
                try svg.write(toFile: path, atomically: true, encoding: .utf8)
            }
            if json {
                struct Diff: Encodable { let year: Int; let total: Double; let direct: Double; let indirect: Double }
                struct Comparison: Encodable { let other: SimulationResult; let difference: [Diff]; let cumulative_difference: Double }
                struct Out: Encodable {
                    let scenario: String; let sector: String; let unit: String; let routes: [String]; let years: [YearResult]
                    let cumulative: Double; let warnings: [String]; let comparison: Comparison?
                }
                let cmp = b.map { b in Comparison(other: b, difference: IndustrialSimulator.difference(a, b).map { Diff(year: $0.year, total: $0.total, direct: $0.direct, indirect: $0.indirect) },
                                                  cumulative_difference: b.cumulative - a.cumulative) }
                print(try Format.json(Out(scenario: a.scenario, sector: a.sector, unit: a.unit, routes: a.routes, years: a.years, cumulative: a.cumulative,
                                          warnings: a.warnings + (b?.warnings ?? []), comparison: cmp)))
                return
            }
            for r in [a] + (b.map { [$0] } ?? []) {
                print("\(r.scenario) — \(r.sector), emissions in \(r.unit) CO2\n")
                var t = TextTable(["Year", "Demand"] + r.routes.map { "P \($0)" } + ["Direct", "Indirect", "Total", "Cumulative"] + (r.years.first?.totalP2_5 != nil ? ["95% range"] : []),
                                  alignRight: Array(repeating: true, count: 6 + r.routes.count + (r.years.first?.totalP2_5 != nil ? 1 : 0)))
                for y in r.years {
                    var row = [String(y.year), String(format: "%.2f", y.demand)] + r.routes.map { String(format: "%.2f", y.production[$0] ?? 0) }
                    row += [String(format: "%.4f", y.direct), String(format: "%.4f", y.indirect), String(format: "%.4f", y.total), String(format: "%.3f", y.cumulative)]
                    if let lo = y.totalP2_5, let hi = y.totalP97_5 { row.append(String(format: "%.2f–%.2f", lo, hi)) }
                    t.add(row)
                }
                print(t.render())
                print("")
                for w in r.warnings { print("warning: \(w)", to: &stderr) }
            }
            if let b {
                print("Cumulative difference (\(b.scenario) − \(a.scenario)): " + String(format: "%+.3f", b.cumulative - a.cumulative) + " \(a.unit) CO2")
            }
            if let c = chart { print("chart written to \(c)") }
        } catch {
            var stderr = FileHandle.standardError
            print("error: \(error)", to: &stderr)
            throw ExitCode.failure
        }
    }
}

extension MRIOCommand {
    struct Shock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Economy-wide scenario: change final demand, an emission intensity or an input coefficient, and report the change in production- and consumption-based accounts.",
            discussion: "Examples: --demand CHN:27t28:0.9 (China's final demand for basic metals −10 %, from all producers); --demand \"*:DEU:34t35:1.1\" (everyone's demand for German vehicles +10 %); --intensity CHN:E:0.7 (Chinese electricity 30 % cleaner); --coefficient CHN:E:CHN:27t28:0.8 (Chinese metals use 20 % less electricity per unit).")
        @OptionGroup var source: MRIOInputOptions
        @Option(help: "Extension (default: co2, else the first).") var `extension`: String?
        @Option(help: "Stressor (default: the first).") var stressor: String?
        @Option(help: "Final-demand shock CONSUMER:SECTOR:FACTOR or CONSUMER:PRODUCER:SECTOR:FACTOR (* = all).") var demand: [String] = []
        @Option(help: "Intensity shock REGION:SECTOR:FACTOR.") var intensity: [String] = []
        @Option(help: "Coefficient shock FROM_REGION:FROM_SECTOR:TO_REGION:TO_SECTOR:FACTOR.") var coefficient: [String] = []
        @Option(help: "Rows to show.") var top: Int = 15
        @Flag(help: "Print JSON.") var json = false

        func parse() throws -> [MRIOShock] {
            var out: [MRIOShock] = []
            func factor(_ s: Substring, _ spec: String) throws -> Double {
                guard let f = Double(s) else { throw ValidationError("'\(spec)': the last part must be a number (a factor such as 0.9)") }
                return f
            }
            for d in demand {
                let p = d.split(separator: ":")
                switch p.count {
                case 3: out.append(.finalDemand(consumer: p[0] == "*" ? nil : String(p[0]), producer: nil, sector: String(p[1]), factor: try factor(p[2], d)))
                case 4: out.append(.finalDemand(consumer: p[0] == "*" ? nil : String(p[0]), producer: p[1] == "*" ? nil : String(p[1]), sector: String(p[2]), factor: try factor(p[3], d)))
                default: throw ValidationError("--demand '\(d)': use CONSUMER:SECTOR:FACTOR or CONSUMER:PRODUCER:SECTOR:FACTOR")
                }
            }
            for i in intensity {
                let p = i.split(separator: ":")
                guard p.count == 3 else { throw ValidationError("--intensity '\(i)': use REGION:SECTOR:FACTOR") }
                out.append(.intensity(region: String(p[0]), sector: String(p[1]), factor: try factor(p[2], i)))
            }
            for c in coefficient {
                let p = c.split(separator: ":")
                guard p.count == 5 else { throw ValidationError("--coefficient '\(c)': use FROM_REGION:FROM_SECTOR:TO_REGION:TO_SECTOR:FACTOR") }
                out.append(.coefficient(fromRegion: String(p[0]), fromSector: String(p[1]), toRegion: String(p[2]), toSector: String(p[3]), factor: try factor(p[4], c)))
            }
            guard !out.isEmpty else { throw ValidationError("give at least one --demand, --intensity or --coefficient shock") }
            return out
        }

        func run() throws {
            try YuhengCommands.run {
                let shocks = try parse()
                let system = try source.load(extensions: nil)
                let ext = self.extension ?? (system.extensions.first { $0.name.lowercased() == "co2" } ?? system.extensions.first)?.name ?? ""
                let model = try LeontiefModel(system, keepA: true, strictColumnSums: source.strict)
                let st = stressor ?? system.extensions.first { $0.name == ext }?.stressors.first ?? ""
                let r = try MRIOEngine.shock(system, model: model, shocks: shocks, extension: ext, stressor: st)
                if json {
                    struct Row: Encodable { let region: String; let pba_base: Double; let pba_shocked: Double; let pba_change: Double; let cba_base: Double; let cba_shocked: Double; let cba_change: Double }
                    struct Sector: Encodable { let region_sector: String; let pba_change: Double }
                    struct Out: Encodable { let stressor: String; let unit: String; let refactorised: Bool; let regions: [Row]; let top_sectors: [Sector]; let total_pba_change: Double; let total_cba_change: Double }
                    let rows = r.regions.indices.map { Row(region: r.regions[$0], pba_base: r.pbaBase[$0], pba_shocked: r.pbaShocked[$0], pba_change: r.pbaShocked[$0] - r.pbaBase[$0],
                                                           cba_base: r.cbaBase[$0], cba_shocked: r.cbaShocked[$0], cba_change: r.cbaShocked[$0] - r.cbaBase[$0]) }
                    let sectors = r.pbaSectorChange.indices.sorted { abs(r.pbaSectorChange[$0]) > abs(r.pbaSectorChange[$1]) }.prefix(top).map { Sector(region_sector: system.label($0), pba_change: r.pbaSectorChange[$0]) }
                    print(try Format.json(Out(stressor: r.stressor, unit: r.unit, refactorised: r.refactorised, regions: rows, top_sectors: Array(sectors),
                                              total_pba_change: rows.reduce(0) { $0 + $1.pba_change }, total_cba_change: rows.reduce(0) { $0 + $1.cba_change })))
                    return
                }
                print("Shock on \(system.name): \(r.stressor) [\(r.unit)]\(r.refactorised ? " (coefficients changed: new factorisation)" : " (same factorisation reused)")\n")
                var t = TextTable(["Region", "Production base", "Δ production", "Consumption base", "Δ consumption"], alignRight: [false, true, true, true, true])
                let order = r.regions.indices.sorted { abs(r.pbaShocked[$0] - r.pbaBase[$0]) + abs(r.cbaShocked[$0] - r.cbaBase[$0]) > abs(r.pbaShocked[$1] - r.pbaBase[$1]) + abs(r.cbaShocked[$1] - r.cbaBase[$1]) }
                for i in order.prefix(top) {
                    t.add([r.regions[i], Format.number(r.pbaBase[i]), Format.number(r.pbaShocked[i] - r.pbaBase[i]), Format.number(r.cbaBase[i]), Format.number(r.cbaShocked[i] - r.cbaBase[i])])
                }
                print(t.render())
                let dp = zip(r.pbaShocked, r.pbaBase).reduce(0) { $0 + $1.0 - $1.1 }
                print("\nTotal change: \(Format.number(dp)) \(r.unit) (production = consumption globally)")
            }
        }
    }
}
