import ArgumentParser
import Foundation
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengNumerics

struct MRIOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrio",
        abstract: "Consumption-based accounts from multi-regional input-output tables.",
        subcommands: [Accounts.self, Transfers.self, Paths.self, Shock.self, Series.self, MonteCarloRun.self]
    )
}

/// Where the MRIO comes from: a path (pymrio folder, CSV folder, EXIOBASE zip/folder) or the bundled WIOD 2011.
struct MRIOInputOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("MRIO folder or archive, or a bundled (wiod2009-co2, wiod2011-co2) or stored table id (default: the bundled WIOD 2011 CO2 table).", valueName: "path|id"))
    var mrio: String?
    @Option(help: "Input format: auto, pymrio, csv or exiobase3.")
    var format: String = "auto"
    @Flag(help: "Fail on any column of A summing to 1 or more (by default such columns warn when the system is still productive).")
    var strict = false
    @Option(help: ArgumentHelp("Region concordance CSV (detail,group): aggregate the results by region groups.", valueName: "file"))
    var aggregateRegions: String?

    func load(extensions: [String]?) throws -> MRIOSystem {
        guard let path = mrio else { return try BundledMRIO.load() }
        guard let f = MRIOFormat(rawValue: format) else {
            throw ValidationError("unknown format '\(format)'; use auto, pymrio, csv or exiobase3")
        }
        return try MRIOTables.load(path, format: f, extensions: extensions, database: { try database.open() })
    }

    func concordance(for regions: [String]) throws -> Concordance? {
        guard let file = aggregateRegions else { return nil }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw MRIOError(.missingData, "cannot read the concordance file", file: file)
        }
        return try Concordance(csv: text, order: regions)
    }
}

/// Mapping stressor -> region -> value, as the JSON output uses.
func byStressorRegion(_ m: DenseMatrix, stressors: [String], regions: [String]) -> [String: [String: Double]] {
    var out: [String: [String: Double]] = [:]
    for (k, s) in stressors.enumerated() {
        var row: [String: Double] = [:]
        for (r, reg) in regions.enumerated() { row[reg] = m[k, r] }
        out[s] = row
    }
    return out
}

extension MRIOCommand {
    struct Accounts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Consumption-, production-, import- and export-based accounts per region (pymrio semantics).",
            discussion: """
                JSON (--json) top level: regions, stressors, D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg, D_iba_reg \
                (each stressor -> region -> value; cba and pba include F_Y as pymrio does), units (stressor -> unit), \
                solver, extension, system, warnings; with --multipliers also M and S (stressor -> "REGION:SECTOR" -> value).
                """)
        @OptionGroup var source: MRIOInputOptions
        @Option(help: "Extension (satellite account) to report, e.g. emissions or co2 (default: the first).") var `extension`: String?
        @Flag(help: "Also report total multipliers M and direct intensities S per region-sector.") var multipliers = false
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let clock = ContinuousClock()
                let t0 = clock.now
                var system = try source.load(extensions: nil)
                let loadTime = clock.now - t0
                guard let extName = self.extension ?? system.extensions.first?.name else {
                    throw MRIOError(.missingData, "the MRIO has no extensions (satellite accounts)", suggestion: "add an extension folder with F.txt")
                }
                let (acc, _) = try MRIOEngine.accounts(consuming: &system, options: AccountOptions(extensions: [extName], strictColumnSums: source.strict))
                if ProcessInfo.processInfo.environment["YUHENG_TIMING"] == "1" {
                    var stderr = FileHandle.standardError
                    print("timing: read \(acc.system): \(loadTime)", to: &stderr)
                    for (name, secs) in acc.phases { print("timing: \(name) " + String(format: "%.3f s", secs), to: &stderr) }
                }
                let e = acc.extensions[0]
                var regions = acc.regions
                var cba = e.cbaRegion, pba = e.pbaRegion, imp = e.impRegion, exp = e.expRegion, iba = e.ibaRegion
                if let c = try source.concordance(for: acc.regions) {
                    cba = c.aggregateColumns(cba, labels: regions); pba = c.aggregateColumns(pba, labels: regions)
                    // Imports/exports between members of a group are internal after aggregation.
                    var impA = DenseMatrix(rows: e.stressors.count, columns: c.groups.count, repeating: 0)
                    var expA = impA
                    for k in 0..<e.stressors.count {
                        let od = c.aggregateSquare(e.originDestination[k], labels: regions)
                        for a in 0..<c.groups.count { for b in 0..<c.groups.count where a != b { impA[k, b] += od[a, b]; expA[k, a] += od[a, b] } }
                    }
                    imp = impA; exp = expA
                    iba = iba.map { c.aggregateColumns($0, labels: regions) }
                    regions = c.groups
                }
                if json {
                    var out: [String: AnyEncodable] = [
                        "system": AnyEncodable(acc.system), "extension": AnyEncodable(e.name), "regions": AnyEncodable(regions),
                        "stressors": AnyEncodable(e.stressors), "units": AnyEncodable(Dictionary(uniqueKeysWithValues: zip(e.stressors, e.units))),
                        "D_cba_reg": AnyEncodable(byStressorRegion(cba, stressors: e.stressors, regions: regions)),
                        "D_pba_reg": AnyEncodable(byStressorRegion(pba, stressors: e.stressors, regions: regions)),
                        "D_imp_reg": AnyEncodable(byStressorRegion(imp, stressors: e.stressors, regions: regions)),
                        "D_exp_reg": AnyEncodable(byStressorRegion(exp, stressors: e.stressors, regions: regions)),
                        "solver": AnyEncodable(acc.solver), "warnings": AnyEncodable(acc.warnings),
                    ]
                    if let iba { out["D_iba_reg"] = AnyEncodable(byStressorRegion(iba, stressors: e.stressors, regions: regions)) }
                    if let p = acc.provenance { out["dataset"] = AnyEncodable(p) }
                    if multipliers {
                        let labels = (0..<system.n).map { system.label($0) }
                        func perSector(_ m: DenseMatrix) -> [String: [String: Double]] {
                            var o: [String: [String: Double]] = [:]
                            for (k, s) in e.stressors.enumerated() { o[s] = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, m[k, $0]) }) }
                            return o
                        }
                        out["M"] = AnyEncodable(perSector(e.M)); out["S"] = AnyEncodable(perSector(e.S))
                    }
                    print(try Format.json(out))
                    return
                }
                print("\(acc.system) — extension \(e.name) — \(acc.solver)\n")
                for (k, s) in e.stressors.enumerated() {
                    print("\(s) [\(e.units[k])]")
                    var t = TextTable(["Region", "Production", "Consumption", "Imports", "Exports", "Net import", "Cons/Prod"],
                                      alignRight: [false, true, true, true, true, true, true])
                    for (r, reg) in regions.enumerated() {
                        let ratio = pba[k, r] != 0 ? String(format: "%+.1f %%", (cba[k, r] - pba[k, r]) / pba[k, r] * 100) : "n/a"
                        t.add([reg, Format.number(pba[k, r]), Format.number(cba[k, r]), Format.number(imp[k, r]), Format.number(exp[k, r]),
                               Format.number(imp[k, r] - exp[k, r]), ratio])
                    }
                    t.add(["Total", Format.number(pba.row(k).reduce(0, +)), Format.number(cba.row(k).reduce(0, +)), Format.number(imp.row(k).reduce(0, +)),
                           Format.number(exp.row(k).reduce(0, +)), "", ""])
                    print(t.render())
                    print("")
                }
                for w in acc.warnings { print("warning: \(w)") }
            }
        }
    }

    struct Transfers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Emissions embodied in bilateral trade: origin-to-destination (MRIO) and EEBT, net transfers and the top flows.")
        @OptionGroup var source: MRIOInputOptions
        @Option(help: "Extension.") var `extension`: String?
        @Option(help: "Stressor (default: the first).") var stressor: String?
        @Option(help: "Number of top flows to list.") var top: Int = 20
        @Option(help: "Only flows into or out of this region.") var region: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let system = try source.load(extensions: nil)
                guard let extName = self.extension ?? system.extensions.first?.name else { throw MRIOError(.missingData, "the MRIO has no extensions") }
                let (acc, model) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: [extName], incomeBased: false, keepA: true, strictColumnSums: source.strict))
                let st = stressor ?? acc.extensions[0].stressors[0]
                let tr = try MRIOEngine.transfers(acc, system: system, model: model, extension: extName, stressor: st)
                var flows = tr.topFlows(tr.regions.count * tr.regions.count)
                if let r = region { flows = flows.filter { $0.origin == r || $0.destination == r } }
                flows = Array(flows.prefix(top))
                let eebtIndex = Dictionary(uniqueKeysWithValues: tr.regions.enumerated().map { ($1, $0) })
                if json {
                    struct Pair: Encodable { let origin: String; let destination: String; let mrio: Double; let eebt: Double? }
                    struct Balance: Encodable { let region: String; let imports: Double; let exports: Double; let net: Double }
                    struct Out: Encodable {
                        let stressor: String; let unit: String; let regions: [String]
                        let origin_destination: [[Double]]; let eebt: [[Double]]?
                        let top_flows: [Pair]; let balances: [Balance]
                    }
                    let od = (0..<tr.regions.count).map { r in (0..<tr.regions.count).map { tr.originDestination[r, $0] } }
                    let ee = tr.eebt.map { m in (0..<tr.regions.count).map { r in (0..<tr.regions.count).map { m[r, $0] } } }
                    let pairs = flows.map { f in
                        Pair(origin: f.origin, destination: f.destination, mrio: f.value,
                             eebt: tr.eebt.map { $0[eebtIndex[f.origin]!, eebtIndex[f.destination]!] })
                    }
                    let bal = tr.balances().map { Balance(region: $0.region, imports: $0.imports, exports: $0.exports, net: $0.net) }
                    print(try Format.json(Out(stressor: tr.stressor, unit: tr.unit, regions: tr.regions, origin_destination: od, eebt: ee, top_flows: pairs, balances: bal)))
                    return
                }
                print("Emissions embodied in trade — \(tr.stressor) [\(tr.unit)] — origin (producer) → destination (final consumer)\n")
                var t = TextTable(["Origin", "Destination", "MRIO", "EEBT", "Reverse (MRIO)", "Net to destination"], alignRight: [false, false, true, true, true, true])
                for f in flows {
                    let o = eebtIndex[f.origin]!, d = eebtIndex[f.destination]!
                    t.add([f.origin, f.destination, Format.number(f.value), tr.eebt.map { Format.number($0[o, d]) } ?? "", Format.number(tr.originDestination[d, o]),
                           Format.number(f.value - tr.originDestination[d, o])])
                }
                print(t.render())
            }
        }
    }

    struct Paths: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Structural path analysis: the top supply-chain paths behind a region's consumption-based emissions.")
        @OptionGroup var source: MRIOInputOptions
        @Option(help: "Extension.") var `extension`: String?
        @Option(help: "Stressor (default: the first).") var stressor: String?
        @Option(help: "Consuming region whose final demand is analysed.") var region: String
        @Option(help: "Minimum path share of the total (e.g. 0.001 = 0.1 %).") var threshold: Double = 0.001
        @Option(help: "Number of paths.") var top: Int = 20
        @Option(help: "Maximum path length (upstream tiers).") var depth: Int = 6
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let system = try source.load(extensions: nil)
                guard let extName = self.extension ?? system.extensions.first?.name else { throw MRIOError(.missingData, "the MRIO has no extensions") }
                guard let r = system.regions.firstIndex(of: region) else {
                    throw MRIOError(.labels, "no region '\(region)'", suggestion: "regions: \(system.regions.joined(separator: ", "))")
                }
                let (acc, model) = try MRIOEngine.accounts(system, options: AccountOptions(extensions: [extName], incomeBased: false, keepA: true, strictColumnSums: source.strict))
                let e = acc.extensions[0]
                let st = stressor ?? e.stressors[0]
                guard let k = e.stressors.firstIndex(of: st) else { throw MRIOError(.unknownStressor, "no stressor '\(st)'", suggestion: "available: \(e.stressors.joined(separator: ", "))") }
                let y = MRIOEngine.aggregateFinalDemand(system).column(r)
                let result = try MRIOEngine.structuralPaths(A: model.A!, intensities: e.S.row(k), multipliers: e.M.row(k), finalDemand: y,
                                                            labels: { system.label($0) }, threshold: threshold, maxPaths: top, maxDepth: depth)
                if json {
                    struct Out: Encodable { let region: String; let stressor: String; let unit: String; let total: Double; let coverage: Double; let paths: [SupplyChainPath]; let truncated: Bool }
                    print(try Format.json(Out(region: region, stressor: st, unit: e.units[k], total: result.total, coverage: result.coverage, paths: result.paths, truncated: result.truncated)))
                    return
                }
                print("Top supply-chain paths of \(region)'s final demand — \(st) [\(e.units[k])] — total \(Format.number(result.total))\n")
                var t = TextTable(["#", "Value", "Share", "Path (final product ← … ← emitting sector)"], alignRight: [true, true, true, false])
                for (i, p) in result.paths.enumerated() {
                    t.add([String(i + 1), Format.number(p.value), String(format: "%.2f %%", p.share * 100), p.nodes.joined(separator: " ← ")])
                }
                print(t.render())
                print(String(format: "\nThe %d paths cover %.1f %% of the total (%d nodes expanded", result.paths.count, result.coverage * 100, result.expandedNodes)
                      + (result.truncated ? ", search truncated)." : ")."))
            }
        }
    }
}

/// Type-erased Encodable for heterogeneous JSON objects.
struct AnyEncodable: Encodable {
    let encodeFn: (Encoder) throws -> Void
    init<T: Encodable>(_ v: T) { encodeFn = { try v.encode(to: $0) } }
    func encode(to encoder: Encoder) throws { try encodeFn(encoder) }
}
