import ArgumentParser
import Foundation
import YuhengCore
import YuhengData
import YuhengPolicy

/// `yuheng cbam FILE`: EU CBAM embedded emissions, default values and the certificate obligation.
struct CBAMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cbam",
        abstract: "EU CBAM: embedded emissions of imported goods, actual against default values, and the certificate obligation.",
        discussion: """
            FILE is a CBAM installation file in YAML, JSON or CSV (docs/cbam-format.md; examples in examples/cbam/): \
            installations with their production processes (own direct emissions, electricity, precursors), and the \
            imports to assess (quantity, benchmark, carbon price paid abroad). Electricity emission factors missing \
            from the file are taken from the data layer's grid intensity of the installation's country.

            JSON output (--json) has the stable top-level keys title, year, period, certificate_price_eur, cscf, \
            cbam_factor, processes, imports, totals, datasets, notes, warnings.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "CBAM installation file (.yaml, .json or .csv).") var file: String
    @Option(help: "Year of import (CBAM factor and mark-up); default: the file's, else 2026.") var year: Int?
    @Option(help: ArgumentHelp("CBAM certificate price, EUR per certificate (default: the file's).", valueName: "EUR")) var price: Double?
    @Option(help: "Cross-sectoral correction factor (default: the file's, else 1).") var cscf: Double?
    @Flag(help: "Show each process's calculation steps.") var detail = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try YuhengCommands.run {
            let declaration = try CBAMDeclarationFile.load(path: file)
            let catalog = try BundledCBAM.load()
            // The data layer is opened only when the file needs it (grid factors, LCA estimates).
            let needsGrid = declaration.installations.contains { $0.gridEFtPerMWh == nil && $0.country != nil }
            let needsLCA = declaration.imports.contains { $0.estimate?.lcaProcess != nil }
            let db = (needsGrid || needsLCA) ? try database.open() : nil
            let grid = try db.map { try PolicyInputs.gridIntensities($0) } ?? [:]
            var result: CBAMAssessment
            do {
                let estimates = try PolicyInputs.estimates(for: declaration, catalog: catalog, db: db)
                result = try CBAMEngine.assess(declaration, catalog: catalog, year: year, certificatePrice: price, cscf: cscf,
                                               gridFactors: grid, estimates: estimates)
            } catch let e as PolicyError { throw e.located(file: file, line: e.line ?? PolicyFileLines.line(of: e.field, inFile: file)) }
            try PolicyReports.requireFinite(result, file: file)
            result.warnings = result.warnings.map { "\(file): \($0)" }
            if json { print(try Format.json(result)); return }
            print(CBAMReport.render(result, file: file, detail: detail))
            PolicyReports.printWarnings(result.warnings)
        }
    }
}

/// `yuheng avoided FILE`: avoided emissions of exported wind and PV capacity.
struct AvoidedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avoided",
        abstract: "Avoided emissions of wind and PV capacity by destination country (WBCSD guidance), annual and lifetime.",
        discussion: """
            FILE is a YAML/JSON file with projects, or an export-portfolio CSV with one line per destination and \
            technology (destination, technology, capacity_mw, optional parameters); see docs/avoided-format.md and \
            examples/avoided/. The reference grid of each destination comes from the data layer unless the file gives one.

            JSON output (--json) has the stable top-level keys title, projects, by_destination, total, statements, warnings.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Avoided-emissions file (.yaml, .json or portfolio .csv).") var file: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try YuhengCommands.run {
            let study = try AvoidedStudyFile.load(path: file)
            let needsGrid = study.projects.contains { $0.gridTPerMWh == nil }
            let grid = needsGrid ? try PolicyInputs.gridIntensities(try database.open()) : [:]
            var result: AvoidedAssessment
            do { result = try AvoidedEngine.assess(study, grid: grid) } catch let e as PolicyError {
                throw e.located(file: file, line: e.line ?? PolicyFileLines.line(of: e.field, inFile: file))
            }
            try PolicyReports.requireFinite(result, file: file)
            result.warnings = result.warnings.map { "\(file): \($0)" }
            if json { print(try Format.json(result)); return }
            print(AvoidedReport.render(result, file: file))
            PolicyReports.printWarnings(result.warnings)
        }
    }
}

// MARK: - Text reports

enum PolicyReports {
    /// Warnings go to stderr in text mode (they stay in `warnings` in JSON).
    static func printWarnings(_ warnings: [String]) {
        var stderr = FileHandle.standardError
        for w in warnings { print("warning: \(w)", to: &stderr) }
    }

    /// Refuses a result with a NaN or infinite figure (defence in depth: the engines check too).
    static func requireFinite<T: Encodable>(_ result: T, file: String) throws {
        if let (path, v) = FiniteCheck.firstNonFinite(in: result) {
            throw PolicyError(.outOfRange, FiniteCheck.message(path: path, value: v), field: path, file: file)
        }
    }
}

enum CBAMReport {
    static func t(_ x: Double, _ d: Int = 2) -> String { Format.number(x, decimals: d) }
    static func see(_ x: Double) -> String { String(format: "%.6g", x) }

    static func render(_ r: CBAMAssessment, file: String, detail: Bool) -> String {
        var out: [String] = []
        out.append("EU CBAM assessment — \(r.title ?? file)")
        var head = "Year \(r.year), \(r.period) period"
        if r.period == "definitive" { head += "; CBAM factor \(String(format: "%g", r.cbamFactor)), CSCF \(String(format: "%g", r.cscf))" }
        head += r.certificatePriceEUR.map { "; certificate price \(t($0)) EUR" } ?? "; no certificate price given"
        out.append(head)

        out.append("\nSpecific embedded emissions by production process (t CO2e per t of good)")
        var pt = TextTable(["Process", "CN code", "Category", "Data", "Own direct", "Own indirect", "SEE direct", "SEE indirect", "SEE total", "In scope"],
                           alignRight: [false, false, false, false, true, true, true, true, true, true])
        for p in r.processes {
            pt.add(["\(p.installation)/\(p.process)", p.cnCode, p.category, p.dataSource, see(p.ownDirectTPerT), see(p.ownIndirectTPerT),
                    see(p.seeDirect), see(p.seeIndirect), see(p.seeTotal), see(p.seeCertificate) + (p.directOnly ? " (dir)" : "")])
        }
        out.append(pt.render())
        if detail {
            for p in r.processes {
                out.append("  \(p.installation)/\(p.process):")
                for s in p.steps { out.append("    \(s)") }
            }
        }

        for i in r.imports {
            out.append("\nImport \(i.id): \(i.goodName.prefix(70)) (CN \(i.cnCode), \(i.category)) — \(t(i.quantity)) \(i.unit)"
                       + (i.country.map { " from \($0)" } ?? "") + "; emissions counted: \(i.scope)")
            let mu = i.defaultValue.markUp
            var tab = TextTable(["", "Actual data", "Default values" + (mu > 0 ? String(format: " (+%g %% mark-up)", mu * 100) : "")], alignRight: [false, true, true])
            let a = i.actual, d = i.onDefaults
            tab.add(["SEE, t CO2e/\(i.unit)", a.map { see($0.seeTPerT) } ?? "—", see(d.seeTPerT)])
            tab.add(["Embedded emissions, t CO2e", a.map { t($0.embeddedT) } ?? "—", t(d.embeddedT)])
            if r.period == "definitive" {
                tab.add(["Benchmark, t CO2e/\(i.unit)", (a?.benchmarkTPerT ?? d.benchmarkTPerT).map { see($0) } ?? "—", d.benchmarkTPerT.map { see($0) } ?? "—"])
                tab.add(["Free allocation adjustment, t", a.map { t($0.freeAllocationAdjustmentT) } ?? "—", t(d.freeAllocationAdjustmentT)])
                tab.add(["Carbon price paid abroad, EUR", a.map { t($0.carbonPricePaidEUR) } ?? "—", "—"])
                tab.add(["Deduction, certificates", a.map { t($0.deductionCertificates, 3) } ?? "—", "—"])
                tab.add(["Certificates", a.map { t($0.certificates, 3) } ?? "—", t(d.certificates, 3)])
                if r.certificatePriceEUR != nil {
                    tab.add(["Cost, EUR", a.flatMap { $0.costEUR.map { t($0) } } ?? "—", d.costEUR.map { t($0) } ?? "—"])
                }
            }
            if let sd = i.actualSEEDirect, let si = i.actualSEEIndirect {
                tab.add(["Reported SEE direct / indirect", "\(see(sd)) / \(see(si))", "\(see(i.defaultValue.transitionalDirect)) / \(see(i.defaultValue.transitionalIndirect))"])
            }
            out.append(tab.render())
            out.append("Default value: \(i.defaultValue.source)")
            if let c = i.comparison {
                out.append("Actual against default:")
                for line in c.explanation { out.append("  - \(line)") }
            } else {
                out.append("No installation data: only default values are available for this good.")
            }
            if !i.estimates.isEmpty {
                out.append("Localised ESTIMATES (not CBAM values; for orientation beside the defaults):")
                var et = TextTable(["Estimate", "t CO2e/t", "Range", "vs default"], alignRight: [false, true, true, true])
                for e in i.estimates {
                    et.add([e.label, see(e.tCO2ePerT), "\(see(e.low))–\(see(e.high))", e.ratioToDefault.map { String(format: "×%.2f", $0) } ?? "—"])
                }
                et.add(["EU default (before mark-up)", see(i.defaultValue.baseTPerT), "", "×1.00"])
                out.append(et.render())
                for e in i.estimates { for b in e.basis { out.append("    \(e.method): \(b)") } }
            }
            for n in i.notes { out.append("note: \(n)") }
        }

        if !r.imports.isEmpty {
            let tt = r.totals
            out.append("\nTotals: embedded emissions \(t(tt.embeddedT)) t CO2e" + (r.period == "definitive"
                ? ", free allocation adjustment \(t(tt.freeAllocationAdjustmentT)) t, deduction \(t(tt.deductionCertificates, 3)), certificates \(t(tt.certificates, 3))"
                  + (tt.costEUR.map { " (\(t($0)) EUR)" } ?? "")
                  + "; on default values \(t(tt.certificatesOnDefaults, 3))" + (tt.costOnDefaultsEUR.map { " (\(t($0)) EUR)" } ?? "")
                : " (transitional period: reporting only)"))
        }
        out.append("\nMethod and assumptions:")
        for n in r.notes { out.append("  - \(n)") }
        out.append("\nDatasets: " + r.datasets.map { "\($0.datasetID) (\($0.licence))" }.joined(separator: "; "))
        return out.joined(separator: "\n")
    }
}

enum AvoidedReport {
    static func t(_ x: Double, _ d: Int = 0) -> String { Format.number(x, decimals: d) }

    static func render(_ r: AvoidedAssessment, file: String) -> String {
        var out: [String] = []
        out.append("Avoided emissions of wind and PV — \(r.title ?? file)")
        out.append("ANNUAL = first full year of operation (year of use). LIFETIME = all years of operation of the capacity (year of sale). They are different quantities: never add or swap them.")
        let rows = r.byDestination + [r.total]

        out.append("\nANNUAL figures by destination (t CO2e per year)")
        var a = TextTable(["Destination", "PV MW", "Wind MW", "Generation MWh/yr", "Displaced t/yr", "Life-cycle (levelised) t/yr", "Avoided t/yr"],
                          alignRight: [false, true, true, true, true, true, true])
        for s in rows {
            a.add([s.key, t(s.pvKW / 1000, 1), t(s.windKW / 1000, 1), t(s.annual.generationMWh), t(s.annual.displacedT), t(s.annual.lifeCycleLevelisedT), t(s.annual.avoidedT)])
        }
        out.append(a.render())

        out.append("\nLIFETIME figures by destination (t CO2e over the lifetime)")
        var l = TextTable(["Destination", "Generation GWh", "Displaced t", "Life-cycle t", "Avoided t", "Avoided, constant grid t", "Avoided : life-cycle"],
                          alignRight: [false, true, true, true, true, true, true])
        for s in rows {
            l.add([s.key, t(s.lifetime.generationMWh / 1000, 1), t(s.lifetime.displacedT), t(s.lifetime.lifeCycleT), t(s.lifetime.avoidedT),
                   t(s.lifetime.avoidedConstantGridT), s.lifetime.lifeCycleT > 0 ? String(format: "%.1f : 1", s.lifetime.avoidedT / s.lifetime.lifeCycleT) : "—"])
        }
        out.append(l.render())

        out.append("\nProjects")
        var p = TextTable(["Project", "Tech", "Dest", "MW", "CF", "Years", "Degr.", "Grid t/MWh", "Decline", "LC g/kWh", "Payback yr", "Annual avoided t", "Lifetime avoided t"],
                          alignRight: [false, false, false, true, true, true, true, true, true, true, true, true, true])
        for x in r.projects {
            p.add([x.id, x.technology, x.destination ?? "", t(x.capacityKW / 1000, 3), String(format: "%.3g", x.capacityFactor), String(x.lifetimeYears),
                   String(format: "%g%%", x.degradationPerYear * 100), String(format: "%.3f", x.gridTPerMWh), String(format: "%g%%", x.gridDeclinePerYear * 100),
                   String(format: "%.2f", x.lifeCycleIntensityGPerKWh), x.paybackYears.map { String(format: "%.3f", $0) } ?? "—",
                   t(x.annual.avoidedT, 2), t(x.lifetime.avoidedT, 2)])
        }
        out.append(p.render())

        out.append("\nAssumptions")
        for x in r.projects {
            out.append("  \(x.id):")
            for s in x.assumptions { out.append("    \(s.parameter): \(s.value) — \(s.source)") }
        }
        out.append("\nHow to read these figures")
        for s in r.statements { out.append("  - \(s)") }
        return out.joined(separator: "\n")
    }
}
