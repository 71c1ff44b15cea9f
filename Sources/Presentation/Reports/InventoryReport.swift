import Foundation
import YuhengCharts
import YuhengCore
import YuhengInventory

/// Monte Carlo figures to show in a report (filled by the caller from an Approach 2 run).
public struct ReportMonteCarlo: Sendable {
    /// Number of Monte Carlo iterations.
    public var iterations: Int
    /// Random seed of the run (reported so that it can be reproduced).
    public var seed: UInt64
    /// Per reported year: mean, 2.5th and 97.5th percentiles of the total, t CO2e.
    public var years: [(year: Int?, mean: Double, low: Double, high: Double)]
    /// The trend in %: mean, 2.5th and 97.5th percentiles.
    public var trend: (mean: Double, low: Double, high: Double)?

    /// Figures for the report; percentiles in t CO2e for `years` and in % for `trend`.
    public init(
        iterations: Int, seed: UInt64, years: [(year: Int?, mean: Double, low: Double, high: Double)],
        trend: (mean: Double, low: Double, high: Double)?
    ) {
        self.iterations = iterations
        self.seed = seed
        self.years = years
        self.trend = trend
    }
}

/// The files of a CRT-layout report: Summary 1 and 2 as CSV (latest year, and per year), and a
/// printable HTML report with totals, time series, trend with uncertainty, key categories and the
/// Approach 1 table. Pure: returns file names and contents; the caller writes them.
public enum InventoryReport {
    /// The report's files: CRT Summary 1 and 2 CSVs for the latest year, Summary 2 over the series (more than one year), key categories,
    /// the Approach 1 uncertainty table and `report.html`, titled `title`; Monte Carlo figures are added when given.
    public static func files(_ s: InventorySeriesResult, title: String, monteCarlo: ReportMonteCarlo? = nil) -> [(name: String, contents: String)] {
        csvFiles(s) + [("report.html", html(s, title: title, monteCarlo: monteCarlo))]
    }

    /// The report's tables as one workbook (`crt_report.xlsx`): a sheet per CSV file of ``files(_:title:monteCarlo:)`` —
    /// Summary 1 and 2 of the latest year, Summary 2 over the series, the key categories and the Approach 1 uncertainty —
    /// with the same cells (numbers as numbers, notation keys and notes as text).
    public static func workbook(_ s: InventorySeriesResult) throws -> XLSXWorkbook {
        var book = XLSXWorkbook()
        for f in csvFiles(s) { try book.add(sheet: sheetName(f.name), csv: f.contents) }
        return book
    }

    /// The sheet name of a report CSV file: `crt_summary1_2022.csv` → "Summary 1 2022".
    static func sheetName(_ file: String) -> String {
        var base = file.hasSuffix(".csv") ? String(file.dropLast(4)) : file
        for (prefix, name) in [
            ("crt_summary2_series", "Summary 2 series"), ("crt_summary1", "Summary 1"), ("crt_summary2", "Summary 2"),
            ("key_categories", "Key categories"), ("approach1_uncertainty", "Uncertainty (Approach 1)")
        ] where base.hasPrefix(prefix) {
            base = name + base.dropFirst(prefix.count).replacingOccurrences(of: "_", with: " ")
            break
        }
        return base
    }

    /// The CSV files of the report (name, contents), in order.
    static func csvFiles(_ s: InventorySeriesResult) -> [(name: String, contents: String)] {
        var out: [(String, String)] = []
        let y = s.latestYear
        out.append(("crt_summary1\(y.map { "_\($0)" } ?? "").csv", CRTTables.csv(CRTTables.summary1(s.latest, year: y))))
        out.append(("crt_summary2\(y.map { "_\($0)" } ?? "").csv", CRTTables.csv(CRTTables.summary2(s.latest, year: y))))
        if s.years.count > 1 {
            out.append(("crt_summary2_series.csv", summary2Series(s)))
        }
        out.append(("key_categories.csv", keyCategoriesCSV(s.keyCategories)))
        out.append(("approach1_uncertainty.csv", approach1CSV(s.approach1)))
        return out
    }

    /// Total CO2e by sector and year (kt CO2e), the CRT's Summary 2 over the time series.
    public static func summary2Series(_ s: InventorySeriesResult) -> String {
        let sectors = ["1", "2", "3", "4", "5", "6"]
        var out = "# Summary 2 over the time series: kt CO2e by sector (CRT numbering) and year (\(s.latest.gwp))\n"
        out += "year," + sectors.map { "sector_\($0)" }.joined(separator: ",") + ",total,change_vs_base_year_pct\n"
        for (i, r) in s.results.enumerated() {
            var by: [String: Double] = [:]
            for src in r.sources where src.memo == nil {
                let sec = String(CRTTables.crtCode(ipcc: src.category, item: src.item).prefix(1))
                for e in src.emissions where !e.memo && e.note == nil { by[sec, default: 0] += e.co2eTonnes }
            }
            let year = s.years.isEmpty ? "" : String(s.years[i])
            out += year + "," + sectors.map { by[$0].map { CRTTables.number($0 / 1000) } ?? "NE" }.joined(separator: ",")
            out +=
                "," + CRTTables.number(r.totalCO2eTonnes / 1000) + "," + (s.series[i].changeVsBasePercent.map { String(format: "%.4f", $0) } ?? "")
                + "\n"
        }
        return out
    }

    /// The key category analysis as CSV (IPCC 2006 Vol. 1 Ch. 4): one row per category and gas with level and trend
    /// shares, cumulative shares, uncertainty-weighted shares (Approach 2) and the criteria that made it key.
    public static func keyCategoriesCSV(_ k: KeyCategoryAnalysis) -> String {
        var out =
            "category,name,gas,co2e_t,base_co2e_t,level_share,level_cumulative,trend_share,trend_cumulative,uncertainty_pct,level_uncertainty_share,trend_uncertainty_share,key_approach1,key_approach2\n"
        func f(_ x: Double?) -> String { x.map { String(format: "%.6g", $0) } ?? "" }
        for r in k.rows {
            let a1 = [r.keyLevel ? "L" : "", r.keyBaseLevel ? "L0" : "", r.keyTrend ? "T" : ""].filter { !$0.isEmpty }.joined(separator: "+")
            let a2 = [r.keyLevelApproach2 ? "L" : "", r.keyTrendApproach2 ? "T" : ""].filter { !$0.isEmpty }.joined(separator: "+")
            out +=
                [
                    r.category, "\"\(r.name)\"", r.gas, f(r.co2e), f(r.baseCO2e), f(r.levelShare), f(r.levelCumulative), f(r.trendShare),
                    f(r.trendCumulative),
                    f(r.uncertaintyPercent), f(r.levelUncertaintyShare), f(r.trendUncertaintyShare), a1, a2
                ].joined(separator: ",") + "\n"
        }
        return out
    }

    /// IPCC 2006 Vol. 1 Table 3.2 (Approach 1 error propagation) as CSV: activity-data and emission-factor uncertainties,
    /// combined uncertainty, contribution to variance and trend uncertainty per category and gas, then the totals.
    public static func approach1CSV(_ t: Approach1Table) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.6g", $0) } ?? "" }
        var out =
            "# IPCC 2006 Vol 1 Table 3.2 (Approach 1): base year \(t.baseYear.map(String.init) ?? "-"), year \(t.year.map(String.init) ?? "-")\n"
        out +=
            "A_category,name,B_gas,C_base_co2e_t,D_year_co2e_t,E_ad_uncertainty_pct,F_ef_uncertainty_pct,G_combined_pct,H_variance_contribution,I_type_a,J_type_b,K_trend_ef,L_trend_ad,M_trend_variance\n"
        for r in t.rows {
            out +=
                [
                    r.category, "\"\(r.name)\"", r.gas, f(r.baseCO2e), f(r.yearCO2e), f(r.adUncertainty), f(r.efUncertainty),
                    f(r.combinedUncertainty),
                    f(r.varianceContribution), f(r.typeASensitivity), f(r.typeBSensitivity), f(r.trendFromEF), f(r.trendFromAD),
                    f(r.trendVarianceContribution)
                ].joined(separator: ",") + "\n"
        }
        out += "total,,," + f(t.baseTotal) + "," + f(t.yearTotal) + ",,," + f(t.uncertaintyPercent) + ",,,,,," + f(t.trendUncertainty) + "\n"
        return out
    }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func num(_ x: Double?, _ d: Int = 1) -> String {
        guard let x, x.isFinite else { return "–" }
        let s = String(format: "%.\(d)f", abs(x))
        let parts = s.split(separator: ".", maxSplits: 1)
        var int = String(parts[0]), groups: [String] = []
        while int.count > 3 { groups.insert(String(int.suffix(3)), at: 0); int.removeLast(3) }
        groups.insert(int, at: 0)
        return (x < 0 ? "−" : "") + groups.joined(separator: "\u{202F}") + (parts.count > 1 ? "." + parts[1] : "")
    }

    static func table(_ t: CRTTables.Table, firstNumeric: Int) -> String {
        var h = "<table><caption>\(esc(t.title))<br><small>\(esc(t.units))</small></caption><thead><tr>"
        h += t.header.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
        for r in t.rows {
            let strong = r.first.map { $0.count == 1 || $0.isEmpty } ?? false
            h +=
                "<tr\(strong ? " class=\"sector\"" : "")>"
                + r.enumerated().map { i, c in
                    i >= firstNumeric
                        ? "<td class=\"n\">\(esc(c == "NE" || c == "NA" || c.isEmpty ? c : num(Double(c), 3)))</td>" : "<td>\(esc(c))</td>"
                }.joined() + "</tr>"
        }
        return h + "</tbody></table>" + t.notes.map { "<p class=\"note\">\(esc($0))</p>" }.joined()
    }

    /// The printable HTML report: totals by gas and sector, the time series, the trend with its uncertainty, key categories
    /// and the Approach 1 table (with Monte Carlo ranges when given). Self-contained: inline CSS, no scripts.
    public static func html(_ s: InventorySeriesResult, title: String, monteCarlo: ReportMonteCarlo? = nil) -> String {
        let r = s.latest
        var h = htmlHead(s, title: title)
        h += totalsSection(s, monteCarlo: monteCarlo)
        if s.years.count > 1 { h += timeSeriesSection(s, monteCarlo: monteCarlo) }
        if let t = s.trend {
            h += "<h2>Trend</h2><p class=\"kpi\">\(t.baseYear) → \(t.year): <b>\(t.changePercent.map { String(format: "%+.2f %%", $0) } ?? "–")</b>"
            h += t.uncertaintyPercentPoints.map { String(format: " ± %.2f percentage points (Approach 1, Vol 1 Table 3.2)", $0) } ?? ""
            if let mc = monteCarlo?.trend { h += String(format: "; Monte Carlo 95 %% interval %+.2f %% to %+.2f %%", mc.low, mc.high) }
            h += ".</p>"
        }
        h += keyCategoriesSection(s)
        h += approach1Section(s)
        if let mc = monteCarlo { h += monteCarloSection(mc) }
        h += "<h2>Summary 1</h2>" + table(CRTTables.summary1(r, year: s.latestYear), firstNumeric: 2)
        if !s.recalculations.isEmpty { h += recalculationsSection(s) }
        if !r.warnings.isEmpty {
            h += "<h2>Warnings</h2><ul>" + r.warnings.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
        }
        h +=
            "<h2>Data sources</h2><ul>"
            + r.datasets.map { "<li>\(esc($0.datasetID)) \(esc($0.version)) — \(esc($0.source)) (\(esc($0.licence)))</li>" }.joined() + "</ul>"
        h += "</body></html>\n"
        return h
    }

    /// The document's head (title, inline CSS) and the report's heading and scope.
    static func htmlHead(_ s: InventorySeriesResult, title: String) -> String {
        """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(esc(title))</title>
        <style>
        body{font-family:Helvetica,Arial,sans-serif;font-size:13px;margin:2em;color:#222;max-width:1200px}
        h1{font-size:22px}h2{font-size:17px;border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:2em}
        table{border-collapse:collapse;margin:1em 0;width:100%}caption{text-align:left;font-weight:bold;margin-bottom:4px}
        th,td{border:1px solid #ddd;padding:3px 6px;vertical-align:top}th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.sector td{font-weight:bold;background:#fafafa}.note{color:#555;font-size:12px}.kpi{font-size:16px}
        @media print{body{margin:0;font-size:10px}h2{page-break-before:always}h2.first{page-break-before:avoid}table{page-break-inside:auto}tr{page-break-inside:avoid}}
        </style></head><body>
        <h1>\(esc(title))</h1>
        <p>Production-based inventory, IPCC 2006 Guidelines Tier 1 (2019 Refinement where a line asks for it); CO2e with \(esc(s.latest.gwp)).
        \(s.years.isEmpty ? "" : "Years \(s.years.first!)–\(s.years.last!)\(s.baseYear.map { ", base year \($0)" } ?? "").")</p>
        """
    }

    /// The latest year's total, its uncertainty and the Summary 2 table.
    static func totalsSection(_ s: InventorySeriesResult, monteCarlo: ReportMonteCarlo?) -> String {
        let y = s.latestYear
        var h = "<h2 class=\"first\">Totals\(y.map { " \($0)" } ?? "")</h2>"
        h +=
            "<p class=\"kpi\">Total: <b>\(num(s.latest.totalCO2eTonnes / 1000, 1)) kt CO2e</b> (memo items excluded); Approach 1 uncertainty ±\(num(s.approach1.uncertaintyPercent, 1)) %"
        if let mc = monteCarlo, let last = mc.years.last {
            h += "; Monte Carlo (\(mc.iterations) iterations) 95 % interval \(num(last.low / 1000, 1))–\(num(last.high / 1000, 1)) kt"
        }
        h += ".</p>"
        return h + table(CRTTables.summary2(s.latest, year: y), firstNumeric: 1)
    }

    /// The CRT sectors of the time series, by code.
    static let seriesSectors: [(String, String)] = [
        ("1", "Energy"), ("2", "IPPU"), ("3", "Agriculture"), ("4", "LULUCF"), ("5", "Waste"), ("6", "Other")
    ]

    /// Each year's CO2e (t) by CRT sector code (memo items and noted emissions excluded).
    static func emissionsBySector(_ s: InventorySeriesResult) -> [String: [Double]] {
        var bySector: [String: [Double]] = [:]
        for res in s.results {
            var by: [String: Double] = [:]
            for src in res.sources where src.memo == nil {
                let sec = String(CRTTables.crtCode(ipcc: src.category, item: src.item).prefix(1))
                for e in src.emissions where !e.memo && e.note == nil { by[sec, default: 0] += e.co2eTonnes }
            }
            for (code, _) in seriesSectors { bySector[code, default: []].append(by[code] ?? 0) }
        }
        return bySector
    }

    /// The time series: a chart by sector (with the Monte Carlo band of the total when given) and a table per year.
    static func timeSeriesSection(_ s: InventorySeriesResult, monteCarlo: ReportMonteCarlo?) -> String {
        var h = "<h2>Time series</h2>"
        let sectors = seriesSectors
        let bySector = emissionsBySector(s)
        var series: [LineChart.Series] = sectors.filter { bySector[$0.0]!.contains { $0 != 0 } }.map { code, name in
            LineChart.Series(name: name, points: zip(s.years, bySector[code]!).map { (Double($0), $1 / 1000) })
        }
        var band: [(lo: Double, hi: Double)]? = nil
        if let mc = monteCarlo, mc.years.count == s.years.count { band = mc.years.map { ($0.low / 1000, $0.high / 1000) } }
        series.insert(
            LineChart.Series(name: "Total", points: zip(s.years, s.results).map { (Double($0), $1.totalCO2eTonnes / 1000) }, band: band), at: 0)
        h += LineChart.render(
            title: "Emissions by sector", subtitle: band == nil ? "kt CO2e" : "kt CO2e; band: Monte Carlo 95 % interval of the total",
            unit: "kt CO2e", series: series)
        h +=
            "<table><thead><tr><th>Year</th>" + sectors.map { "<th>\($0.1)</th>" }.joined()
            + "<th>Total</th><th>vs base year</th><th>U (Approach 1)</th></tr></thead><tbody>"
        for (i, yr) in s.years.enumerated() {
            h += "<tr><td>\(yr)</td>" + sectors.map { "<td class=\"n\">\(num(bySector[$0.0]![i] / 1000, 1))</td>" }.joined()
            h +=
                "<td class=\"n\"><b>\(num(s.results[i].totalCO2eTonnes / 1000, 1))</b></td><td class=\"n\">\(s.series[i].changeVsBasePercent.map { String(format: "%+.2f %%", $0) } ?? "–")</td>"
            h += "<td class=\"n\">±\(num(s.results[i].uncertaintyPercent, 1)) %</td></tr>"
        }
        h += "</tbody></table><p class=\"note\">kt CO2e by CRT sector.</p>"
        return h
    }

    /// The key categories (level, base-year level, trend; Approaches 1 and 2) with their notes.
    static func keyCategoriesSection(_ s: InventorySeriesResult) -> String {
        var h = "<h2>Key categories</h2><p class=\"note\">" + s.keyCategories.notes.map(esc).joined(separator: "<br>") + "</p>"
        h +=
            "<table><thead><tr><th>Category</th><th>Gas</th><th>kt CO2e</th><th>Level share</th><th>Cumulative</th><th>Trend share</th><th>U %</th><th>Key (Approach 1)</th><th>Key (Approach 2)</th></tr></thead><tbody>"
        for k in s.keyCategories.rows where k.keyLevel || k.keyTrend || k.keyBaseLevel || k.keyLevelApproach2 || k.keyTrendApproach2 {
            let a1 = [k.keyLevel ? "level" : nil, k.keyBaseLevel ? "base-year level" : nil, k.keyTrend ? "trend" : nil].compactMap { $0 }.joined(
                separator: ", ")
            let a2 = [k.keyLevelApproach2 ? "level" : nil, k.keyTrendApproach2 ? "trend" : nil].compactMap { $0 }.joined(separator: ", ")
            h += "<tr><td>\(esc(k.category)) \(esc(k.name))</td><td>\(esc(k.gas))</td><td class=\"n\">\(num(k.co2e / 1000, 1))</td>"
            h +=
                "<td class=\"n\">\(String(format: "%.1f %%", k.levelShare * 100))</td><td class=\"n\">\(String(format: "%.1f %%", k.levelCumulative * 100))</td>"
            h +=
                "<td class=\"n\">\(k.trendShare.map { String(format: "%.1f %%", $0 * 100) } ?? "–")</td><td class=\"n\">\(k.uncertaintyPercent.map { String(format: "%.1f", $0) } ?? "–")</td>"
            h += "<td>\(a1)</td><td>\(a2)</td></tr>"
        }
        h += "</tbody></table>"
        return h
    }

    /// The Approach 1 uncertainty: totals and the table by category and gas.
    static func approach1Section(_ s: InventorySeriesResult) -> String {
        var h = "<h2>Uncertainty (Approach 1)</h2>"
        h += "<p>Year \(s.latestYear.map(String.init) ?? "") total ±\(num(s.approach1.uncertaintyPercent, 2)) %"
        h += s.approach1.trendUncertainty.map { String(format: "; trend uncertainty ±%.2f percentage points", $0) } ?? ""
        h +=
            ". Categories without a quantified uncertainty: \(s.approach1.unquantified.isEmpty ? "none" : esc(s.approach1.unquantified.joined(separator: ", "))).</p>"
        h +=
            "<table><thead><tr><th>Category</th><th>Gas</th><th>Base year t</th><th>Year t</th><th>AD U %</th><th>EF U %</th><th>Combined %</th><th>Contribution to variance</th><th>Type A</th><th>Type B</th><th>Trend U (EF)</th><th>Trend U (AD)</th></tr></thead><tbody>"
        for row in s.approach1.rows {
            h +=
                "<tr><td>\(esc(row.category)) \(esc(row.name))</td><td>\(esc(row.gas))</td><td class=\"n\">\(num(row.baseCO2e, 0))</td><td class=\"n\">\(num(row.yearCO2e, 0))</td>"
            h +=
                [
                    row.adUncertainty, row.efUncertainty, row.combinedUncertainty, row.varianceContribution, row.typeASensitivity,
                    row.typeBSensitivity, row.trendFromEF, row.trendFromAD
                ]
                .map { "<td class=\"n\">\($0.map { String(format: "%.4g", $0) } ?? "–")</td>" }.joined() + "</tr>"
        }
        h += "</tbody></table>"
        return h
    }

    /// The Approach 2 (Monte Carlo) ranges per year.
    static func monteCarloSection(_ mc: ReportMonteCarlo) -> String {
        var h =
            "<h2>Uncertainty (Approach 2, Monte Carlo)</h2><p>\(mc.iterations) iterations, seed \(mc.seed); a default factor used by several lines and years is one draw per iteration.</p>"
        h += "<table><thead><tr><th>Year</th><th>Mean kt</th><th>2.5 %</th><th>97.5 %</th></tr></thead><tbody>"
        for v in mc.years {
            h +=
                "<tr><td>\(v.year.map(String.init) ?? "")</td><td class=\"n\">\(num(v.mean / 1000, 1))</td><td class=\"n\">\(num(v.low / 1000, 1))</td><td class=\"n\">\(num(v.high / 1000, 1))</td></tr>"
        }
        h += "</tbody></table>"
        return h
    }

    /// The recalculations against the previous submission.
    static func recalculationsSection(_ s: InventorySeriesResult) -> String {
        var h =
            "<h2>Recalculations</h2><table><thead><tr><th>Year</th><th>Category</th><th>Previous t CO2e</th><th>Current t CO2e</th><th>Difference</th><th>%</th><th>% of previous total</th></tr></thead><tbody>"
        for rc in s.recalculations {
            h +=
                "<tr\(rc.category == "total" ? " class=\"sector\"" : "")><td>\(rc.year.map(String.init) ?? "")</td><td>\(esc(rc.category)) \(esc(rc.name))</td><td class=\"n\">\(num(rc.previousCO2e, 0))</td><td class=\"n\">\(num(rc.currentCO2e, 0))</td><td class=\"n\">\(num(rc.difference, 0))</td><td class=\"n\">\(rc.differencePercent.map { String(format: "%+.2f", $0) } ?? "–")</td><td class=\"n\">\(rc.shareOfTotalPercent.map { String(format: "%+.3f", $0) } ?? "–")</td></tr>"
        }
        h += "</tbody></table>"
        return h
    }
}
