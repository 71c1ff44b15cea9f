import ArgumentParser
import Foundation
import YuhengCore
import YuhengData
import YuhengLCA
import YuhengReports

struct LCACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lca",
        abstract: "Life cycle assessment and product carbon footprints (ISO 14040/44, ISO 14067).",
        subcommands: [Import.self, Databases.self, Search.self, Calculate.self, Contributions.self, Tree.self, Study.self, MonteCarloRun.self, Batch.self, BenchMtx.self]
    )
}

/// Options that choose the LCI database and the calculation settings.
struct LCIOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("lci"), help: "LCI database id (default: the bundled US LCI, uslci-1.5).") var lci: String = BundledLCI.id
    @Option(help: "Allocation of multi-output processes: default, none, physical, economic or causal.") var allocation: String = "default"

    /// Checks the options and installs the bundled LCI when it is the one asked for, without loading it.
    func prepare() throws -> YuhengDatabase {
        guard AllocationPolicy(rawValue: allocation) != nil else {
            throw ValidationError("unknown allocation '\(allocation)'; use default, none, physical, economic or causal")
        }
        let db = try database.open()
        if lci == BundledLCI.id { _ = try BundledLCI.install(in: db) }
        let known = try db.lciDatabases().map(\.id)
        guard known.contains(lci) else {
            throw LCAError(.unknownProcess, "no LCI database '\(lci)'", suggestion: "known: \(known.joined(separator: ", ")); import one with `yuheng lca import PATH`")
        }
        return db
    }

    func context() throws -> (YuhengDatabase, LCIDatabase, GWPLibrary, AllocationPolicy) {
        guard let policy = AllocationPolicy(rawValue: allocation) else {
            throw ValidationError("unknown allocation '\(allocation)'; use default, none, physical, economic or causal")
        }
        let db = try database.open()
        if lci == BundledLCI.id { _ = try BundledLCI.install(in: db) }
        let known = try db.lciDatabases().map(\.id)
        guard known.contains(lci) else {
            throw LCAError(.unknownProcess, "no LCI database '\(lci)'", suggestion: "known: \(known.joined(separator: ", ")); import one with `yuheng lca import PATH`")
        }
        return (db, try db.loadLCI(id: lci), try db.gwpLibrary(), policy)
    }
}

extension LCACommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import an openLCA JSON-LD (zip or folder), EcoSpold2 (.spold or folder) or Yuheng LCI CSV file.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Path to the data.") var path: String
        @Option(help: "Dataset id (default: from the file name).") var id: String?
        @Option(help: "Format: auto, olca, ecospold2 or csv.") var format: String = "auto"
        @Option(help: "Licence of the data.") var licence: String = "unknown"
        @Option(help: "Source (publication or URL).") var source: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let name = id ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                var fmt = format
                if fmt == "auto" {
                    let lower = path.lowercased()
                    if lower.hasSuffix(".spold") || FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("MasterData")) { fmt = "ecospold2" }
                    else if lower.hasSuffix(".csv") { fmt = "csv" }
                    else { fmt = "olca" }
                }
                let lci: LCIDatabase, report: LCIImportReport
                switch fmt {
                case "olca": (lci, report) = try OpenLCAReader.read(path: path, name: name)
                case "ecospold2": (lci, report) = try EcoSpold2Reader.read(path: path, name: name)
                case "csv": (lci, report) = try LCICSVReader.read(path: path, fileName: path)
                default: throw ValidationError("unknown format '\(format)'; use auto, olca, ecospold2 or csv")
                }
                let db = try database.open()
                let info = DatasetInfo(id: name, title: name, version: "imported", source: source ?? path, licence: licence,
                                       date: ISO8601DateFormatter().string(from: Date()).prefix(10).description, checksum: try LCIStore.contentChecksum(lci))
                try db.saveLCI(lci, info: info)
                if json { print(try Format.json(report)); return }
                print(report.description)
                let model = try TechnosphereModel(lci)
                print("\nLinking: \(model.linkedCount) product inputs linked, \(model.unlinked.count) unlinked (cut off), \(model.ambiguousFlows.count) ambiguous flows; \(model.multiOutputProcesses) multi-output processes (\(model.allocatedProcesses) allocated), \(model.avoidedProducts) avoided products")
                let reasons = Dictionary(grouping: model.unlinked, by: \.reason).mapValues(\.count)
                for (r, n) in reasons.sorted(by: { $0.value > $1.value }) { print("  unlinked, \(r): \(n)") }
                print("stored as LCI database '\(name)'")
            }
        }
    }

    struct Databases: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the LCI databases in the data layer.")
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            try YuhengCommands.run {
                let db = try database.open()
                _ = try BundledLCI.install(in: db)
                var t = TextTable(["ID", "Processes", "Version", "Licence"], alignRight: [false, true, false, false])
                for (id, n) in try db.lciDatabases() {
                    let d = try db.dataset(id)
                    t.add([id, String(n), d?.version ?? "", d?.licence ?? ""])
                }
                print(t.render())
            }
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search processes by name, category and location.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Search text, e.g. \"electricity coal\".") var text: String
        @Option(help: "Maximum number of results.") var limit: Int = 20
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try YuhengCommands.run {
                let db = try database.open()
                _ = try BundledLCI.install(in: db)
                let hits = try db.searchProcesses(text, limit: limit)
                if json {
                    struct Hit: Encodable { let database: String; let process_id: String; let name: String; let location: String?; let category: String; let reference_unit: String? }
                    print(try Format.json(hits.map { Hit(database: $0.datasetID, process_id: $0.processID, name: $0.name, location: $0.location, category: $0.category, reference_unit: $0.referenceUnit) }))
                    return
                }
                if hits.isEmpty { print("no process matches \"\(text)\""); return }
                var t = TextTable(["Process", "Unit", "Location", "ID", "Database"])
                for h in hits { t.add([String(h.name.prefix(60)), h.referenceUnit ?? "", h.location ?? "", String(h.processID.prefix(8)), h.datasetID]) }
                print(t.render())
            }
        }
    }

    struct Calculate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Carbon footprint of a process's reference product.",
            discussion: "JSON (--json) top level: process_id, process_name, amount, unit, method, total (kg CO2e), by_gas_kg, fossil_co2_kg, biogenic_co2_kg, co2_uptake_kg, luc_co2_kg, top_contributors [{process_id, process_name, kg_co2e, share}], datasets.")
        @OptionGroup var options: LCIOptions
        @Option(help: "Process id, id prefix or unique name.") var process: String
        @Option(help: "Amount of the reference product (in its reference unit).") var amount: Double = 1
        @Option(help: "Impact method: ipcc-ar6-gwp100, ipcc-ar5-gwp100, ipcc-ar6-gwp20 (add -fossil-luc to exclude biogenic CO2).") var method: String = "ipcc-ar6-gwp100"
        @Option(help: "Number of top contributors.") var top: Int = 10
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let (db, lci, gwp, policy) = try options.context()
                let calc = try LCACalculator(model: TechnosphereModel(lci, allocation: policy))
                let m = try ClimateMethod.named(method, library: gwp)
                let j = try calc.column(forProcess: process)
                let r = try calc.calculate(column: j, amount: amount, method: m, topN: top)
                var datasets = [try db.dataset(options.lci)?.provenance, m.provenance].compactMap { $0 }
                if datasets.isEmpty, let p = lci.provenance { datasets.append(p) }
                if json {
                    struct Out: Encodable {
                        let process_id: String; let process_name: String; let amount: Double; let unit: String; let method: String; let total: Double
                        let by_gas_kg: [String: Double]; let by_gas_co2e: [String: Double]; let fossil_co2_kg: Double; let biogenic_co2_kg: Double
                        let co2_uptake_kg: Double; let luc_co2_kg: Double; let top_contributors: [LCAResult.Contributor]
                        let processes_in_supply_chain: Int; let datasets: [Provenance]
                    }
                    print(try Format.json(Out(process_id: r.processID, process_name: r.processName, amount: r.amount, unit: r.unit, method: r.method, total: r.total,
                                              by_gas_kg: r.byGasKg, by_gas_co2e: r.byGasCO2e, fossil_co2_kg: r.fossilCO2Kg, biogenic_co2_kg: r.biogenicCO2Kg,
                                              co2_uptake_kg: r.uptakeCO2Kg, luc_co2_kg: r.lucCO2Kg, top_contributors: r.topContributors,
                                              processes_in_supply_chain: r.processesInSupplyChain, datasets: datasets)))
                    return
                }
                print("\(r.processName) — \(Format.number(r.amount, decimals: 4)) \(r.unit) — \(r.method)\n")
                print("Carbon footprint: \(String(format: "%.6g", r.total)) kg CO2e\n")
                var g = TextTable(["Gas", "kg", "kg CO2e"], alignRight: [false, true, true])
                for (gas, v) in r.byGasCO2e.sorted(by: { abs($0.value) > abs($1.value) }) { g.add([gas, String(format: "%.6g", r.byGasKg[gas] ?? 0), String(format: "%.6g", v)]) }
                print(g.render())
                print(String(format: "\nCO2: fossil %.6g kg, biogenic %.6g kg, uptake %.6g kg, land-use change %.6g kg", r.fossilCO2Kg, r.biogenicCO2Kg, r.uptakeCO2Kg, r.lucCO2Kg))
                print("\nTop contributing processes (direct emissions):")
                var t = TextTable(["Process", "kg CO2e", "Share"], alignRight: [false, true, true])
                for c in r.topContributors { t.add([String(c.processName.prefix(70)), String(format: "%.6g", c.kgCO2e), String(format: "%.1f %%", c.share * 100)]) }
                print(t.render())
                print("\n\(r.processesInSupplyChain) processes in the supply chain. Datasets: " + datasets.map { "\($0.datasetID) \($0.version) (\($0.licence))" }.joined(separator: "; "))
            }
        }
    }

    struct Contributions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Contribution analysis by process or by elementary flow; contributions sum to the total.")
        @OptionGroup var options: LCIOptions
        @Option(help: "Process id, id prefix or unique name.") var process: String
        @Option(help: "Amount of the reference product.") var amount: Double = 1
        @Option(help: "Impact method.") var method: String = "ipcc-ar6-gwp100"
        @Option(help: "Group by: process or flow.") var by: String = "process"
        @Option(help: "Number of rows.") var top: Int = 20
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let (_, lci, gwp, policy) = try options.context()
                let calc = try LCACalculator(model: TechnosphereModel(lci, allocation: policy))
                let m = try ClimateMethod.named(method, library: gwp)
                let j = try calc.column(forProcess: process)
                let r = try calc.calculate(column: j, amount: amount, method: m, topN: 0)
                struct Row: Encodable { let id: String; let name: String; let kg_co2e: Double; let share: Double }
                var rows: [Row] = []
                if by == "flow" {
                    rows = r.flowContributions.map { Row(id: $0.flowID, name: "\($0.flowName) [\($0.compartment)]", kg_co2e: $0.kgCO2e, share: r.total != 0 ? $0.kgCO2e / r.total : 0) }
                } else {
                    rows = try calc.processContributions(column: j, amount: amount, method: m).map {
                        Row(id: calc.model.columns[$0.column].processID, name: calc.model.columns[$0.column].processName, kg_co2e: $0.kgCO2e, share: r.total != 0 ? $0.kgCO2e / r.total : 0)
                    }
                }
                if json {
                    struct Out: Encodable { let total: Double; let by: String; let contributions: [Row] }
                    print(try Format.json(Out(total: r.total, by: by, contributions: rows)))
                    return
                }
                print("\(r.processName): \(String(format: "%.6g", r.total)) kg CO2e (\(r.method)) by \(by)\n")
                var t = TextTable([by == "flow" ? "Flow" : "Process", "kg CO2e", "Share"], alignRight: [false, true, true])
                for x in rows.prefix(top) { t.add([String(x.name.prefix(80)), String(format: "%.6g", x.kg_co2e), String(format: "%.2f %%", x.share * 100)]) }
                let rest = rows.dropFirst(top).reduce(0) { $0 + $1.kg_co2e }
                if rows.count > top { t.add(["(\(rows.count - top) others)", String(format: "%.6g", rest), String(format: "%.2f %%", r.total != 0 ? rest / r.total * 100 : 0)]) }
                print(t.render())
            }
        }
    }

    struct Tree: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The upstream supply-chain tree down to a cut-off.")
        @OptionGroup var options: LCIOptions
        @Option(help: "Process id, id prefix or unique name.") var process: String
        @Option(help: "Amount of the reference product.") var amount: Double = 1
        @Option(help: "Impact method.") var method: String = "ipcc-ar6-gwp100"
        @Option(help: "Hide branches below this share of the total.") var cutoff: Double = 0.01
        @Option(help: "Maximum depth.") var depth: Int = 6
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let (_, lci, gwp, policy) = try options.context()
                let model = try TechnosphereModel(lci, allocation: policy)
                let calc = try LCACalculator(model: model)
                let m = try ClimateMethod.named(method, library: gwp)
                let j = try calc.column(forProcess: process)
                let cB = try calc.directImpactPerActivity(m)
                let up = try calc.upstreamPerProduct(cB)
                let total = up[j] * amount
                let tree = StudyRunner.buildTree(model: model, column: j, product: amount, cB: cB, m: up, cutoff: cutoff * abs(total), depth: 0, maxDepth: depth, path: [])
                if json { print(try Format.json(tree)); return }
                func show(_ n: SupplyChainNode, _ prefix: String) {
                    print("\(prefix)\(n.processName) — \(String(format: "%.4g", n.amount)) \(n.unit): \(String(format: "%.4g", n.upstreamKgCO2e)) kg CO2e (\(String(format: "%.1f", total != 0 ? n.upstreamKgCO2e / total * 100 : 0)) %, direct \(String(format: "%.4g", n.directKgCO2e)))")
                    for c in n.children { show(c, prefix + "  ") }
                }
                show(tree, "")
            }
        }
    }

    struct Study: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a product footprint study file (YAML or JSON) and write an ISO 14067-style report.",
            discussion: "The report format follows the extension of --report: .md (Markdown) or .html. See docs/lca-study-format.md and examples/lca/.")
        @OptionGroup var options: LCIOptions
        @Argument(help: "Study file (.yaml or .json).") var file: String
        @Option(help: "Write the report here (.md or .html).") var report: String?
        @Flag(help: "Print the results as JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let study = try StudyFile.load(path: file)
                var opts = options
                if let a = study.allocation { opts.allocation = a }
                let (db, lci, gwp, _) = try opts.context()
                var datasets: [Provenance] = []
                if let d = try db.dataset(opts.lci) { datasets.append(d.provenance) }
                if let g = try db.dataset("gwp") { datasets.append(g.provenance) }
                let result = try StudyRunner.run(study, database: lci, gwp: gwp, datasets: datasets)
                if let (path, v) = FiniteCheck.firstNonFinite(in: result) {
                    throw LCAError(.invalidAmount, FiniteCheck.message(path: path, value: v), dataset: file, suggestion: "check reference.amount and the amounts of the scenarios")
                }
                let date = ISO8601DateFormatter().string(from: Date())
                if let out = report {
                    let text = out.lowercased().hasSuffix(".html") || out.lowercased().hasSuffix(".htm")
                        ? StudyReport.html(result, generated: date) : StudyReport.markdown(result, generated: date)
                    do { try text.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                        throw LCAError(.invalidArgument, "cannot write the report: \(error.localizedDescription)", dataset: out)
                    }
                }
                if json { print(try Format.json(result)); return }
                print("\(study.title)\n")
                print("Carbon footprint: \(String(format: "%.6g", result.result.total)) kg CO2e per \(study.functionalUnit)\n")
                var t = TextTable(["Stage", "kg CO2e", "Share"], alignRight: [false, true, true])
                for s in result.byStage { t.add([s.label, String(format: "%.6g", s.kgCO2e), String(format: "%.1f %%", s.share * 100)]) }
                print(t.render())
                if let out = report { print("\nreport written to \(out)") }
            }
        }
    }
}
