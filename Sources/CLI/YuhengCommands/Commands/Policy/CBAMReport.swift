import Foundation
import YuhengPolicy

/// The text report of a CBAM assessment.
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
        var pt = TextTable(
            ["Process", "CN code", "Category", "Data", "Own direct", "Own indirect", "SEE direct", "SEE indirect", "SEE total", "In scope"],
            alignRight: [false, false, false, false, true, true, true, true, true, true])
        for p in r.processes {
            pt.add([
                "\(p.installation)/\(p.process)", p.cnCode, p.category, p.dataSource, see(p.ownDirectTPerT), see(p.ownIndirectTPerT),
                see(p.seeDirect), see(p.seeIndirect), see(p.seeTotal), see(p.seeCertificate) + (p.directOnly ? " (dir)" : "")
            ])
        }
        out.append(pt.render())
        if detail {
            for p in r.processes {
                out.append("  \(p.installation)/\(p.process):")
                for s in p.steps { out.append("    \(s)") }
            }
        }

        for i in r.imports { out += importLines(i, period: r.period, pricing: r.certificatePriceEUR != nil) }
        return (out + totalLines(r)).joined(separator: "\n")
    }

    /// One import: its goods, actual against default values, the comparison and the indicative estimates.
    static func importLines(_ i: CBAMImportResult, period: String, pricing: Bool) -> [String] {
        var out = [
            "\nImport \(i.id): \(i.goodName.prefix(70)) (CN \(i.cnCode), \(i.category)) — \(t(i.quantity)) \(i.unit)"
                + (i.country.map { " from \($0)" } ?? "") + "; emissions counted: \(i.scope)"
        ]
        let mu = i.defaultValue.markUp
        var tab = TextTable(
            ["", "Actual data", "Default values" + (mu > 0 ? String(format: " (+%g %% mark-up)", mu * 100) : "")], alignRight: [false, true, true])
        let a = i.actual, d = i.onDefaults
        tab.add(["SEE, t CO2e/\(i.unit)", a.map { see($0.seeTPerT) } ?? "—", see(d.seeTPerT)])
        tab.add(["Embedded emissions, t CO2e", a.map { t($0.embeddedT) } ?? "—", t(d.embeddedT)])
        if period == "definitive" {
            tab.add([
                "Benchmark, t CO2e/\(i.unit)", (a?.benchmarkTPerT ?? d.benchmarkTPerT).map { see($0) } ?? "—", d.benchmarkTPerT.map { see($0) } ?? "—"
            ])
            tab.add(["Free allocation adjustment, t", a.map { t($0.freeAllocationAdjustmentT) } ?? "—", t(d.freeAllocationAdjustmentT)])
            tab.add(["Carbon price paid abroad, EUR", a.map { t($0.carbonPricePaidEUR) } ?? "—", "—"])
            tab.add(["Deduction, certificates", a.map { t($0.deductionCertificates, 3) } ?? "—", "—"])
            tab.add(["Certificates", a.map { t($0.certificates, 3) } ?? "—", t(d.certificates, 3)])
            if pricing { tab.add(["Cost, EUR", a.flatMap { $0.costEUR.map { t($0) } } ?? "—", d.costEUR.map { t($0) } ?? "—"]) }
        }
        if let sd = i.actualSEEDirect, let si = i.actualSEEIndirect {
            tab.add([
                "Reported SEE direct / indirect", "\(see(sd)) / \(see(si))",
                "\(see(i.defaultValue.transitionalDirect)) / \(see(i.defaultValue.transitionalIndirect))"
            ])
        }
        out += [tab.render(), "Default value: \(i.defaultValue.source)"]
        if let c = i.comparison {
            out.append("Actual against default:")
            for line in c.explanation { out.append("  - \(line)") }
        } else {
            out.append("No installation data: only default values are available for this good.")
        }
        return out + estimateLines(i) + i.notes.map { "note: \($0)" }
    }

    /// The indicative estimates beside the default value (never CBAM values).
    static func estimateLines(_ i: CBAMImportResult) -> [String] {
        guard !i.estimates.isEmpty else { return [] }
        var et = TextTable(["Estimate", "t CO2e/t", "Range", "vs default"], alignRight: [false, true, true, true])
        for e in i.estimates {
            et.add([e.label, see(e.tCO2ePerT), "\(see(e.low))–\(see(e.high))", e.ratioToDefault.map { String(format: "×%.2f", $0) } ?? "—"])
        }
        et.add(["EU default (before mark-up)", see(i.defaultValue.baseTPerT), "", "×1.00"])
        return ["Localised ESTIMATES (not CBAM values; for orientation beside the defaults):", et.render()]
            + i.estimates.flatMap { e in e.basis.map { "    \(e.method): \($0)" } }
    }

    /// Totals, method notes and datasets.
    static func totalLines(_ r: CBAMAssessment) -> [String] {
        var out: [String] = []
        if !r.imports.isEmpty {
            let tt = r.totals
            out.append(
                "\nTotals: embedded emissions \(t(tt.embeddedT)) t CO2e"
                    + (r.period == "definitive"
                        ? ", free allocation adjustment \(t(tt.freeAllocationAdjustmentT)) t, deduction \(t(tt.deductionCertificates, 3)), certificates \(t(tt.certificates, 3))"
                            + (tt.costEUR.map { " (\(t($0)) EUR)" } ?? "")
                            + "; on default values \(t(tt.certificatesOnDefaults, 3))" + (tt.costOnDefaultsEUR.map { " (\(t($0)) EUR)" } ?? "")
                        : " (transitional period: reporting only)"))
        }
        out.append("\nMethod and assumptions:")
        for n in r.notes { out.append("  - \(n)") }
        out.append("\nDatasets: " + r.datasets.map { "\($0.datasetID) (\($0.licence))" }.joined(separator: "; "))
        return out
    }
}
