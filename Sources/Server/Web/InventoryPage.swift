import Foundation
import YuhengAnalysis
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengUncertainty

/// The inventory page (`/inventory`): a form that uploads or pastes an activity file (posted as
/// `multipart/form-data` to `/inventory`, so it works without JavaScript) and the result rendered
/// on the server — the table by IPCC category and gas with the 95 % uncertainty of every category
/// and of the total:
///
/// - **Approach 1** (IPCC 2006 Vol 1 Eqs 3.1 and 3.2): the inventory result's `uncertainty_pct`,
///   which treats every source as independent, and the range total × (1 ± U/100);
/// - **shared factors correlated**: the first-order propagation of ``InventoryUncertaintyModel``,
///   where a factor used by several activities is one input (fully correlated), per category and
///   for the total. Both agree when no factor is shared.
enum InventoryPage {
    /// A small activity file shown in the empty form.
    static let example = "id,category,method,item,amount,unit,ad_uncertainty_pct,parameters\ncoal,1.A.1.a,stationary,other_bituminous_coal,100,Gg,5,\ngas,1.A.1.a,stationary,natural_gas,1000,TJ,2,\n"
    static let gwpSets = ["AR5", "AR6", "AR4"]

    /// What the form sent.
    struct Submission {
        var csv: String
        var gwp: String
        var fileName: String
    }

    /// The submission of a form body (the uploaded file wins over the text area).
    static func submission(_ form: FormData) throws -> Submission {
        let gwp = form.text("gwp").flatMap { $0.isEmpty ? nil : $0 } ?? "AR5"
        if let file = form.file("file") {
            return Submission(csv: file.text, gwp: gwp, fileName: file.fileName ?? "upload.csv")
        }
        guard let csv = form.text("csv"), !csv.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError(.badRequest, code: "form.missingField", "choose an activity file or paste one into the text area", field: "csv")
        }
        return Submission(csv: csv, gwp: gwp, fileName: "pasted.csv")
    }

    /// The page: the form (filled with the submission) and, for a submission, its result — or the
    /// error (given, or met computing it), which is also returned for the response status.
    static func render(state: ServerState, submission: Submission?, error: APIError? = nil) -> (html: String, error: APIError?) {
        var result = ""
        var failure = error
        if failure == nil, let s = submission {
            do {
                result = try table(try compute(state: state, s), fileName: s.fileName)
            } catch {
                failure = APIError.from(error)
            }
        }
        if let e = failure {
            result = "<div class=\"card bad\" id=\"inventory-error\"><b>\(WebPages.esc(e.code))</b>: \(WebPages.esc(e.message))\(e.field.map { " (field <code>\(WebPages.esc($0))</code>)" } ?? "")</div>"
        }
        let gwp = submission?.gwp ?? "AR5"
        let options = (gwpSets.contains(gwp) ? gwpSets : gwpSets + [gwp]).map {
            "<option\($0 == gwp ? " selected" : "")>\(WebPages.esc($0))</option>"
        }.joined()
        let html = """
        <h1>Production-based inventory (IPCC 2006 Tier 1)</h1>
        <form class="card" id="inventory-form" method="post" action="/inventory" enctype="multipart/form-data">
        <p>Upload an activity file (CSV, see <code>docs/inventory-format.md</code>) or paste one below, then compute. Totals by IPCC category and gas, in CO2e, with the 95&nbsp;% uncertainty of IPCC Approach&nbsp;1.</p>
        <p><input type="file" id="file" name="file" accept=".csv,text/csv"> <label>GWP <select id="gwp" name="gwp">\(options)</select></label></p>
        <textarea id="csv" name="csv" rows="8">\(WebPages.esc(submission?.csv ?? example))</textarea>
        <p><button type="submit" id="run">Compute</button></p>
        </form>
        <div id="result">\(result)</div>
        """
        return (html, failure)
    }

    /// The computed inventory with both uncertainty propagations.
    struct Computed {
        var result: InventoryResult
        /// Half-width (%) with shared factors correlated, per category code; "" is the total.
        var correlated: [String: Double]
        var correlationNote: String?
    }

    static func compute(state: ServerState, _ s: Submission) throws -> Computed {
        let activities = try ActivityFile.parseCSV(s.csv, fileName: s.fileName)
        let factors = try state.services.inventory.engine(gwp: s.gwp).engine.factors
        let result = try state.services.inventory.compute(activities, fileName: s.fileName, gwp: s.gwp)
        var correlated: [String: Double] = [:]
        var note: String? = nil
        do {
            correlated = correlatedHalfWidths(try InventoryUncertaintyModel(result: result, activities: activities, factors: factors), result: result)
        } catch {
            note = "the correlated propagation is not available: \(APIError.from(error).message)"
        }
        return Computed(result: result, correlated: correlated, correlationNote: note)
    }

    /// First-order 95 % half-widths (%) per category and for the total ("") with every shared input
    /// (a factor used by several activities) counted once: Var(T) = Σᵢ (Σ emissions using i)² Var(xᵢ).
    static func correlatedHalfWidths(_ model: InventoryUncertaintyModel, result: InventoryResult) -> [String: Double] {
        var gradients: [String: [Double]] = [:]
        for t in model.terms {
            for key in ["", t.category] {
                var g = gradients[key] ?? [Double](repeating: 0, count: model.inputs.count)
                for i in t.inputs { g[i] += t.co2e }
                gradients[key] = g
            }
        }
        var out: [String: Double] = [:]
        for (key, g) in gradients {
            let total = key.isEmpty ? result.totalCO2eTonnes : (result.byCategory[key]?.co2eTonnes ?? 0)
            let variance = zip(g, model.inputs).reduce(0) { $0 + $1.0 * $1.0 * $1.1.distribution.variance }
            guard total != 0, variance > 0 else { continue }
            out[key] = Distribution.ipccZ95 * variance.squareRoot() / abs(total) * 100
        }
        return out
    }

    /// The result table and the notes under it.
    static func table(_ c: Computed, fileName: String) throws -> String {
        let r = c.result
        let order = ["CO2", "CH4", "N2O"]
        let gases = order.filter { r.byGasTonnes[$0] != nil } + r.byGasTonnes.keys.filter { !order.contains($0) }.sorted()
        func gasDecimals(_ g: String) -> Int { g == "CO2" ? 2 : 3 }
        func uncertaintyCells(value: Double, approach1: Double?, correlated: Double?, cell: String = "td") -> String {
            let u = approach1.map { "±\(grouped($0, 2)) %" } ?? "n/a"
            let range = approach1.map { "\(grouped(value * (1 - $0 / 100), 2)) – \(grouped(value * (1 + $0 / 100), 2))" } ?? ""
            let corr = correlated.map { "±\(grouped($0, 2)) %" } ?? ""
            return "<\(cell) class=num data-col=\"u\">\(u)</\(cell)><\(cell) class=num data-col=\"range\">\(range)</\(cell)><\(cell) class=num data-col=\"u-correlated\">\(corr)</\(cell)>"
        }
        var rows = ""
        for code in r.byCategory.keys.sorted() {
            let cat = r.byCategory[code]!
            rows += "<tr data-category=\"\(WebPages.esc(code))\"><td>\(WebPages.esc(code))</td><td>\(WebPages.esc(cat.name))</td>"
            rows += gases.map { g in "<td class=num>\(cat.byGasTonnes[g].map { grouped($0, gasDecimals(g)) } ?? "")</td>" }.joined()
            rows += "<td class=num data-col=\"co2e\">\(grouped(cat.co2eTonnes, 2))</td>"
            rows += uncertaintyCells(value: cat.co2eTonnes, approach1: cat.uncertaintyPercent, correlated: c.correlated[code]) + "</tr>"
        }
        var total = "<tr id=\"inventory-total\"><th></th><th>Total</th>"
        total += gases.map { g in "<th class=num>\(grouped(r.byGasTonnes[g] ?? 0, gasDecimals(g)))</th>" }.joined()
        total += "<th class=num id=\"total-co2e\" data-col=\"co2e\">\(grouped(r.totalCO2eTonnes, 2))</th>"
        total += uncertaintyCells(value: r.totalCO2eTonnes, approach1: r.uncertaintyPercent, correlated: c.correlated[""], cell: "th")
        total += "</tr>"
        let head = "<tr><th>Category</th><th>Name</th>" + gases.map { "<th>\(WebPages.esc($0)) t</th>" }.joined()
            + "<th>CO2e t</th><th>U (95 %)<br><span class=muted>Approach 1</span></th><th>95 % range, t CO2e</th><th>U (95 %)<br><span class=muted>shared factors correlated</span></th></tr>"

        var notes: [String] = []
        let coverage = grouped(r.uncertaintyCoverage * 100, 1)
        notes.append("Approach 1 (IPCC 2006 Vol 1 Eqs 3.1 and 3.2) from the factors' 95 % ranges and the activity data's stated uncertainty; it covers \(coverage) % of the total. The range is the value × (1 ± U). The last column propagates the same inputs to first order with a factor used by several activities counted once (fully correlated).")
        if !r.uncertaintyUnquantified.isEmpty {
            notes.append("Without an uncertainty range (left out of the propagation): \(WebPages.esc(r.uncertaintyUnquantified.joined(separator: ", "))).")
        }
        if let n = c.correlationNote { notes.append(WebPages.esc(n)) }
        if r.memo.biogenicCO2Tonnes != 0 || r.memo.internationalBunkersCO2eTonnes != 0 {
            notes.append("Memo items (not in the total): biogenic CO2 \(grouped(r.memo.biogenicCO2Tonnes, 2)) t; international bunkers \(grouped(r.memo.internationalBunkersCO2eTonnes, 2)) t CO2e.")
        }
        if let d = r.referenceVsSectoralPercent {
            notes.append("Reference approach vs sectoral approach (fuel-combustion CO2): \(grouped(d, 2)) %.")
        }
        let warnings = r.warnings.map { "<li>\(WebPages.esc($0))</li>" }.joined()
        let datasets = r.datasets.map { "<li>\(WebPages.esc($0.datasetID)) \(WebPages.esc($0.version)) — \(WebPages.esc($0.source)) (\(WebPages.esc($0.licence)))</li>" }.joined()
        let summary = "Total: \(grouped(r.totalCO2eTonnes, 2)) t CO2e (\(WebPages.esc(r.gwp)))"
            + (r.uncertaintyPercent.map { ", Approach 1 uncertainty ±\(grouped($0, 2)) % (95 %: \(grouped(r.totalCO2eTonnes * (1 - $0 / 100), 2)) – \(grouped(r.totalCO2eTonnes * (1 + $0 / 100), 2)) t CO2e)" } ?? ", uncertainty not quantified")
        return """
        <div class="card" id="inventory-summary"><b>\(summary)</b><br><span class="muted">\(WebPages.esc(fileName))</span></div>
        <table id="inventory-table"><thead>\(head)</thead><tbody>\(rows)</tbody><tfoot>\(total)</tfoot></table>
        \(notes.map { "<p class=\"muted\">\($0)</p>" }.joined())
        \(warnings.isEmpty ? "" : "<div class=\"card\"><b>Warnings</b><ul id=\"inventory-warnings\">\(warnings)</ul></div>")
        <p class="muted">Datasets:</p><ul id="inventory-datasets">\(datasets)</ul>
        """
    }

    /// A number with thousands separators: 301320.29 → "301,320.29".
    static func grouped(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return "\(x)" }
        let text = String(format: "%.\(decimals)f", abs(x))
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var out = ""
        while integer.count > 3 {
            out = "," + integer.suffix(3) + out
            integer = String(integer.dropLast(3))
        }
        out = integer + out
        if parts.count > 1 { out += "." + parts[1] }
        let negative = x < 0 && out.contains(where: { $0 != "0" && $0 != "." && $0 != "," })
        return (negative ? "-" : "") + out
    }
}
