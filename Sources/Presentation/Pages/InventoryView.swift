import Foundation

/// The inventory page (`/inventory`): a form that uploads or pastes an activity file (posted as
/// `multipart/form-data`, so it works without JavaScript) and the result — the table by IPCC
/// category and gas with the 95 % uncertainty of every category and of the total, by IPCC
/// Approach 1 and with shared factors correlated. The table scrolls inside its card when the
/// window is narrower than it.
public enum InventoryView {
    /// A small activity file shown in the empty form.
    public static let example =
        "id,category,method,item,amount,unit,ad_uncertainty_pct,parameters\ncoal,1.A.1.a,stationary,other_bituminous_coal,100,Gg,5,\ngas,1.A.1.a,stationary,natural_gas,1000,TJ,2,\n"
    /// The GWP sets the form offers.
    public static let gwpSets = ["AR5", "AR6", "AR4"]

    /// One IPCC category's row (tonnes).
    public struct Category: Sendable {
        /// IPCC 2006 category code, e.g. "1.A.1.a" ("" for the total row).
        public var code: String
        /// Category name, e.g. "Energy Industries" ("Total" for the total row).
        public var name: String
        /// Emissions per gas in tonnes of that gas (not CO2e), e.g. "CH4": 12.5.
        public var byGas: [String: Double]
        /// Emissions of all gases in t CO2e under the chosen GWP set.
        public var co2e: Double
        /// Approach 1 and correlated 95 % half-widths (%).
        public var approach1: Double?
        /// 95 % half-width (%) with shared emission factors correlated; nil when the correlated propagation is not available.
        public var correlated: Double?
        /// A category row.
        public init(code: String, name: String, byGas: [String: Double], co2e: Double, approach1: Double?, correlated: Double?) {
            self.code = code
            self.name = name
            self.byGas = byGas
            self.co2e = co2e
            self.approach1 = approach1
            self.correlated = correlated
        }
    }

    /// A computed inventory.
    public struct Result: Sendable {
        /// Name of the uploaded file ("pasted.csv" for pasted text, "upload.csv" when the browser sent none).
        public var fileName: String
        /// GWP set the CO2e figures use, e.g. "AR5".
        public var gwp: String
        /// One row per IPCC category present, sorted by code.
        public var categories: [Category]
        /// The total as a row (code "", name "Total").
        public var total: Category
        /// Share of the total the Approach 1 uncertainty covers (0…1).
        public var coverage: Double
        /// Sources and gases without an uncertainty range (left out of the propagation).
        public var unquantified: [String]
        /// Why the correlated uncertainty is missing; nil when it was computed.
        public var correlationNote: String?
        /// Biogenic CO2 (memo item, not in the total), in t CO2.
        public var biogenicCO2: Double
        /// International bunker emissions (memo item, not in the total), in t CO2e.
        public var bunkersCO2e: Double
        /// (reference − sectoral) / sectoral × 100 for fuel-combustion CO2 (IPCC reference approach check); nil when either is missing.
        public var referenceVsSectoralPct: Double?
        /// Warnings of the calculation (e.g. defaults used), shown above the table.
        public var warnings: [String]
        /// The datasets behind the result (emission factors, GWP set), listed under it.
        public var datasets: [DatasetLine]
        /// A computed inventory as the page shows it.
        public init(
            fileName: String, gwp: String, categories: [Category], total: Category, coverage: Double, unquantified: [String],
            correlationNote: String?,
            biogenicCO2: Double, bunkersCO2e: Double, referenceVsSectoralPct: Double?, warnings: [String], datasets: [DatasetLine]
        ) {
            self.fileName = fileName
            self.gwp = gwp
            self.categories = categories
            self.total = total
            self.coverage = coverage
            self.unquantified = unquantified
            self.correlationNote = correlationNote
            self.biogenicCO2 = biogenicCO2
            self.bunkersCO2e = bunkersCO2e
            self.referenceVsSectoralPct = referenceVsSectoralPct
            self.warnings = warnings
            self.datasets = datasets
        }
    }

    /// An error shown above the form (the form keeps what was sent).
    public struct Failure: Sendable {
        /// Qualified error code, e.g. "inventory.unknownCategory" or "form.missingField".
        public var code: String
        /// What went wrong, worded for the page (without command-line advice).
        public var message: String
        /// The form field or activity column at fault; nil when none is.
        public var field: String?
        /// A failure.
        public init(code: String, message: String, field: String?) {
            self.code = code
            self.message = message
            self.field = field
        }
    }

    /// The page body: the form (with `csv` and `gwp` as sent) and the result or the error.
    public static func render(csv: String?, gwp: String?, result: Result?, failure: Failure?) -> String {
        let esc = HTML.esc
        var out = result.map(table) ?? ""
        if let e = failure {
            out =
                "<div class=\"card bad\" id=\"inventory-error\"><b>\(esc(e.code))</b>: \(esc(e.message))\(e.field.map { " (field <code>\(esc($0))</code>)" } ?? "")</div>"
        }
        let gwp = gwp ?? "AR5"
        let options = (gwpSets.contains(gwp) ? gwpSets : gwpSets + [gwp]).map { "<option\($0 == gwp ? " selected" : "")>\(esc($0))</option>" }
            .joined()
        return """
            <h1>Production-based inventory (IPCC 2006 Tier 1)</h1>
            <form class="card" id="inventory-form" method="post" action="/inventory" enctype="multipart/form-data">
            <p>Upload an activity file (CSV, see <code>docs/inventory-format.md</code>) or paste one below, then compute. Totals by IPCC category and gas, in CO2e, with the 95&nbsp;% uncertainty of IPCC Approach&nbsp;1.</p>
            <p><input type="file" id="file" name="file" accept=".csv,text/csv"> <label>GWP <select id="gwp" name="gwp">\(options)</select></label></p>
            <textarea id="csv" name="csv" rows="8">\(esc(csv ?? example))</textarea>
            <p><button type="submit" id="run">Compute</button></p>
            </form>
            <div id="result">\(out)</div>
            """
    }

    /// The page's script: a chosen file is shown in the text area (the form uploads the file itself).
    public static let script = """
        document.getElementById('file').onchange=function(e){var f=e.target.files[0];if(!f)return;f.text().then(function(t){document.getElementById('csv').value=t;});};
        """

    static func gasDecimals(_ g: String) -> Int { g == "CO2" ? 2 : 3 }

    /// The three uncertainty cells of a row: Approach 1, its 95 % range, the correlated propagation.
    static func uncertaintyCells(value: Double, approach1: Double?, correlated: Double?, cell: String = "td") -> String {
        let grouped = HTML.grouped
        let u = approach1.map { "±\(grouped($0, 2)) %" } ?? "n/a"
        let range = approach1.map { "\(grouped(value * (1 - $0 / 100), 2)) – \(grouped(value * (1 + $0 / 100), 2))" } ?? ""
        let corr = correlated.map { "±\(grouped($0, 2)) %" } ?? ""
        return
            "<\(cell) class=num data-col=\"u\">\(u)</\(cell)><\(cell) class=\"num wrap\" data-col=\"range\">\(range)</\(cell)><\(cell) class=num data-col=\"u-correlated\">\(corr)</\(cell)>"
    }

    /// The result table's compact style: a national inventory has a column per gas (CO2 … SF6), so
    /// the table uses a smaller font and padding and lets the 95 % range wrap; it then fits its card
    /// at 1400 px (the national demo overflowed it by 430 px) and scrolls inside it below that.
    static let tableStyle = """
        <style>#inventory-table{font-size:12px}#inventory-table th,#inventory-table td{padding:3px 5px}#inventory-table th{font-weight:600}
        #inventory-table [data-col="range"]{white-space:normal;min-width:7em}#inventory-table td:nth-child(2){min-width:10em}</style>
        """

    /// The result table (in a card that scrolls when the window is narrower) and the notes under it.
    static func table(_ r: Result) -> String {
        let esc = HTML.esc, grouped = HTML.grouped
        let order = ["CO2", "CH4", "N2O"]
        let gases = order.filter { r.total.byGas[$0] != nil } + r.total.byGas.keys.filter { !order.contains($0) }.sorted()
        var rows = ""
        for c in r.categories {
            rows += "<tr data-category=\"\(esc(c.code))\"><td>\(esc(c.code))</td><td>\(esc(c.name))</td>"
            rows += gases.map { g in "<td class=num>\(c.byGas[g].map { grouped($0, gasDecimals(g)) } ?? "")</td>" }.joined()
            rows += "<td class=num data-col=\"co2e\">\(grouped(c.co2e, 2))</td>"
            rows += uncertaintyCells(value: c.co2e, approach1: c.approach1, correlated: c.correlated) + "</tr>"
        }
        var total = "<tr id=\"inventory-total\"><th></th><th>Total</th>"
        total += gases.map { g in "<th class=num>\(grouped(r.total.byGas[g] ?? 0, gasDecimals(g)))</th>" }.joined()
        total += "<th class=num id=\"total-co2e\" data-col=\"co2e\">\(grouped(r.total.co2e, 2))</th>"
        total += uncertaintyCells(value: r.total.co2e, approach1: r.total.approach1, correlated: r.total.correlated, cell: "th") + "</tr>"
        let head =
            "<tr><th>Category</th><th>Name</th>" + gases.map { "<th>\(esc($0)) t</th>" }.joined()
            + "<th>CO2e t</th><th>U (95 %)<br><span class=muted>Approach 1</span></th><th>95 % range, t CO2e</th><th>U (95 %)<br><span class=muted>shared factors correlated</span></th></tr>"
        let t = r.total
        let summary =
            "Total: \(grouped(t.co2e, 2)) t CO2e (\(esc(r.gwp)))"
            + (t.approach1.map {
                ", Approach 1 uncertainty ±\(grouped($0, 2)) % (95 %: \(grouped(t.co2e * (1 - $0 / 100), 2)) – \(grouped(t.co2e * (1 + $0 / 100), 2)) t CO2e)"
            } ?? ", uncertainty not quantified")
        let warnings = r.warnings.map { "<li>\(esc($0))</li>" }.joined()
        let datasets = r.datasets.map { "<li>\(esc($0.id)) \(esc($0.version)) — \(esc($0.source)) (\(esc($0.licence)))</li>" }.joined()
        return """
            <div class="card" id="inventory-summary"><b>\(summary)</b><br><span class="muted">\(esc(r.fileName))</span></div>
            \(tableStyle)
            <div class="card scroll" id="inventory-card"><table id="inventory-table" class="compact"><thead>\(head)</thead><tbody>\(rows)</tbody><tfoot>\(total)</tfoot></table></div>
            \(notes(r).map { "<p class=\"muted\">\($0)</p>" }.joined())
            \(warnings.isEmpty ? "" : "<div class=\"card\"><b>Warnings</b><ul id=\"inventory-warnings\">\(warnings)</ul></div>")
            <p class="muted">Datasets:</p><ul id="inventory-datasets">\(datasets)</ul>
            """
    }

    /// The notes under the table (HTML, escaped).
    static func notes(_ r: Result) -> [String] {
        let esc = HTML.esc, grouped = HTML.grouped
        var notes: [String] = []
        notes.append(
            "Approach 1 (IPCC 2006 Vol 1 Eqs 3.1 and 3.2) from the factors' 95 % ranges and the activity data's stated uncertainty; it covers \(grouped(r.coverage * 100, 1)) % of the total. The range is the value × (1 ± U). The last column propagates the same inputs to first order with a factor used by several activities counted once (fully correlated)."
        )
        if !r.unquantified.isEmpty {
            notes.append("Without an uncertainty range (left out of the propagation): \(esc(r.unquantified.joined(separator: ", "))).")
        }
        if let n = r.correlationNote { notes.append(esc(n)) }
        if r.biogenicCO2 != 0 || r.bunkersCO2e != 0 {
            notes.append(
                "Memo items (not in the total): biogenic CO2 \(grouped(r.biogenicCO2, 2)) t; international bunkers \(grouped(r.bunkersCO2e, 2)) t CO2e."
            )
        }
        if let d = r.referenceVsSectoralPct { notes.append("Reference approach vs sectoral approach (fuel-combustion CO2): \(grouped(d, 2)) %.") }
        return notes
    }
}
