import ArgumentParser
import Foundation
import YuhengCore
import YuhengMRIO
import YuhengServices

extension MRIOCommand {
    /// `yuheng mrio shock`: economy-wide demand, intensity and coefficient shocks.
    struct Shock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Economy-wide scenario: change final demand, an emission intensity or an input coefficient, and report the change in production- and consumption-based accounts.",
            discussion: """
                Regions are table or ISO codes (any case); sectors are codes, names or a part of a name (27t28, "basic metals", \
                electricity). Examples: --demand CHN:27t28:0.9 (China's final demand for basic metals −10 %, from all producers); \
                --demand "*:DEU:34t35:1.1" (everyone's demand for German vehicles +10 %); --intensity CHN:electricity:0.7 (Chinese \
                electricity 30 % cleaner); --coefficient CHN:E:CHN:27t28:0.8 (Chinese metals use 20 % less electricity per unit).
                """)
        @OptionGroup var source: MRIOInputOptions
        @Option(help: "Extension; default: co2, else the first.") var `extension`: String?
        @Option(help: "Stressor; default: the extension's first.") var stressor: String?
        @Option(help: "Final-demand shock CONSUMER:SECTOR:FACTOR or CONSUMER:PRODUCER:SECTOR:FACTOR (* = all).") var demand: [String] = []
        @Option(help: "Intensity shock REGION:SECTOR:FACTOR.") var intensity: [String] = []
        @Option(help: "Coefficient shock FROM_REGION:FROM_SECTOR:TO_REGION:TO_SECTOR:FACTOR.") var coefficient: [String] = []
        @Option(help: "Rows to show.") var top: Int = 15
        @OptionGroup var unit: UnitOptions
        @Flag(help: "Print JSON.") var json = false

        /// The shocks of the options (`*` = every region).
        func shocks() throws -> [MRIOShock] {
            func factor(_ s: Substring, _ spec: String) throws -> Double {
                guard let f = Double(s) else { throw ValidationError("'\(spec)': the last part must be a number (a factor such as 0.9)") }
                return f
            }
            func region(_ s: Substring) -> String? { s == "*" ? nil : String(s) }
            var out: [MRIOShock] = try demand.map { d in
                let p = d.split(separator: ":")
                switch p.count {
                case 3: return .finalDemand(consumer: region(p[0]), producer: nil, sector: String(p[1]), factor: try factor(p[2], d))
                case 4: return .finalDemand(consumer: region(p[0]), producer: region(p[1]), sector: String(p[2]), factor: try factor(p[3], d))
                default: throw ValidationError("--demand '\(d)': use CONSUMER:SECTOR:FACTOR or CONSUMER:PRODUCER:SECTOR:FACTOR")
                }
            }
            out += try intensity.map { i in
                let p = i.split(separator: ":")
                guard p.count == 3 else { throw ValidationError("--intensity '\(i)': use REGION:SECTOR:FACTOR") }
                return .intensity(region: String(p[0]), sector: String(p[1]), factor: try factor(p[2], i))
            }
            out += try coefficient.map { c in
                let p = c.split(separator: ":")
                guard p.count == 5 else { throw ValidationError("--coefficient '\(c)': use FROM_REGION:FROM_SECTOR:TO_REGION:TO_SECTOR:FACTOR") }
                return .coefficient(
                    fromRegion: String(p[0]), fromSector: String(p[1]), toRegion: String(p[2]), toSector: String(p[3]), factor: try factor(p[4], c))
            }
            guard !out.isEmpty else { throw ValidationError("give at least one --demand, --intensity or --coefficient shock") }
            return out
        }

        func run() throws {
            try YuhengCommands.run {
                let shocks = try shocks()
                let services = try source.database.services()
                let (table, r) = try services.mrio.shock(try source.source(extension: self.extension), shocks: shocks, stressor: stressor)
                if json { print(try Format.json(output(r, system: table.system))); return }
                print(render(r, system: table.system, shocks: shocks))
            }
        }

        struct Row: Encodable {
            let region: String; let pba_base: Double; let pba_shocked: Double; let pba_change: Double
            let cba_base: Double; let cba_shocked: Double; let cba_change: Double
        }
        struct Sector: Encodable { let region_sector: String; let sector_name: String?; let pba_change: Double }
        struct Output: Encodable {
            let stressor: String; let unit: String; let refactorised: Bool; let regions: [Row]; let top_sectors: [Sector]
            let total_pba_change: Double; let total_cba_change: Double
        }

        func output(_ r: ShockResult, system: MRIOSystem) -> Output {
            let rows = r.regions.indices.map {
                Row(
                    region: r.regions[$0], pba_base: r.pbaBase[$0], pba_shocked: r.pbaShocked[$0], pba_change: r.pbaShocked[$0] - r.pbaBase[$0],
                    cba_base: r.cbaBase[$0], cba_shocked: r.cbaShocked[$0], cba_change: r.cbaShocked[$0] - r.cbaBase[$0])
            }
            let S = system.sectors.count
            let sectors = r.pbaSectorChange.indices.sorted { abs(r.pbaSectorChange[$0]) > abs(r.pbaSectorChange[$1]) }.prefix(top).map {
                Sector(region_sector: system.label($0), sector_name: system.sectorNames[system.sectors[$0 % S]], pba_change: r.pbaSectorChange[$0])
            }
            return Output(
                stressor: r.stressor, unit: r.unit, refactorised: r.refactorised, regions: rows, top_sectors: Array(sectors),
                total_pba_change: rows.reduce(0) { $0 + $1.pba_change }, total_cba_change: rows.reduce(0) { $0 + $1.cba_change })
        }

        /// A shock in words, with the regions and sectors as the table names them.
        static func describe(_ shock: MRIOShock, system: MRIOSystem) -> String {
            func region(_ r: String?) -> String { r.map { (try? system.regionIndex($0)).map { system.regions[$0] } ?? $0 } ?? "every region" }
            func sector(_ s: String) -> String { (try? system.sectorIndex(s)).map { system.sectorTitle(system.sectors[$0]) } ?? s }
            switch shock {
            case let .finalDemand(consumer, producer, s, f):
                return "final demand of \(region(consumer)) for \(sector(s))" + (producer.map { " from \(region($0))" } ?? "") + " × \(f)"
            case let .intensity(r, s, f):
                return "emission intensity of \(region(r)):\(sector(s)) × \(f)"
            case let .coefficient(fr, fs, tr, ts, f):
                return "input of \(region(fr)):\(sector(fs)) into \(region(tr)):\(sector(ts)) × \(f)"
            }
        }

        func render(_ r: ShockResult, system: MRIOSystem, shocks: [MRIOShock]) -> String {
            let n = NationalUnit.display(unit.chosen, tableUnit: r.unit)
            let small = UnitDisplay(factor: n.factor, label: n.label, decimals: n.decimals + 2)
            var out =
                "Shock on \(system.name): \(r.stressor) [\(n.label)]\(r.refactorised ? " (coefficients changed: new factorisation)" : " (same factorisation reused)")\n"
            out += "Shocks: " + shocks.map { Self.describe($0, system: system) }.joined(separator: "; ") + "\n\n"
            var t = TextTable(
                [
                    "Region", "Production base (\(n.label))", "Δ production (\(n.label))", "Consumption base (\(n.label))",
                    "Δ consumption (\(n.label))"
                ],
                alignRight: [false, true, true, true, true])
            func size(_ i: Int) -> Double { abs(r.pbaShocked[i] - r.pbaBase[i]) + abs(r.cbaShocked[i] - r.cbaBase[i]) }
            for i in r.regions.indices.sorted(by: { size($0) > size($1) }).prefix(top) {
                t.add([r.regions[i], n(r.pbaBase[i]), small(r.pbaShocked[i] - r.pbaBase[i]), n(r.cbaBase[i]), small(r.cbaShocked[i] - r.cbaBase[i])])
            }
            out += t.render() + "\n\nLargest changes of direct emissions by sector:\n"
            var s = TextTable(["Region:sector", "Δ production (\(n.label))"], alignRight: [false, true])
            for i in r.pbaSectorChange.indices.sorted(by: { abs(r.pbaSectorChange[$0]) > abs(r.pbaSectorChange[$1]) }).prefix(min(top, 10)) {
                s.add([system.namedLabel(system.label(i)), small(r.pbaSectorChange[i])])
            }
            let dp = zip(r.pbaShocked, r.pbaBase).reduce(0) { $0 + $1.0 - $1.1 }
            return out + s.render() + "\n\nTotal change: \(small(dp)) \(n.label) (production = consumption globally)"
        }
    }
}
