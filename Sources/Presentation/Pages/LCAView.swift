import Foundation
import YuhengCharts

/// The LCA page (`/lca`): process search (a form: Enter searches, and it works without
/// JavaScript), a process's footprint per its own reference unit with its largest contributors,
/// the Monte Carlo form, the ISO 14067 study runner and the recent study reports.
public enum LCAView {
    /// A process found by the search.
    public struct Hit: Sendable {
        /// Identifier of the process in the LCI database, used in the footprint link.
        public var processID: String
        /// Display name of the process, e.g. "Electricity, bituminous coal, at power plant".
        public var name: String
        /// Geography of the process (e.g. "US", "RNA"); nil when the database gives none.
        public var location: String?
        /// The reference unit its results are per (e.g. MJ, kWh, kg).
        public var unit: String?
        /// A search hit.
        public init(processID: String, name: String, location: String?, unit: String?) {
            self.processID = processID
            self.name = name
            self.location = location
            self.unit = unit
        }
    }

    /// A process's footprint (kg CO2e) for `amount` of its reference unit.
    public struct Footprint: Sendable {
        /// Identifier of the process in the LCI database.
        public var processID: String
        /// Display name of the process, shown as the result's title.
        public var processName: String
        /// Amount of the reference product assessed (1 on the page).
        public var amount: Double
        /// Unit of `amount`, e.g. "kWh".
        public var unit: String
        /// Name of the characterisation method, e.g. "IPCC AR6 GWP100".
        public var method: String
        /// Life-cycle footprint of `amount`, in kg CO2e.
        public var total: Double
        /// Fossil CO2 emitted over the life cycle, in kg CO2 (mass, not CO2e).
        public var fossilCO2: Double
        /// Biogenic CO2 emitted over the life cycle, in kg CO2 (mass, not CO2e).
        public var biogenicCO2: Double
        /// The largest direct contributors (at most 10): process name and kg CO2e, largest first.
        public var contributors: [(name: String, kgCO2e: Double)]
        /// The datasets behind the result (LCI database, method), listed under it.
        public var datasets: [DatasetLine]
        /// The same amount in the database's reference unit, when it differs (1 kWh = 3.6 MJ).
        public var reference: (amount: Double, unit: String)?
        /// A footprint; ``reference`` is set separately when the units differ.
        public init(
            processID: String, processName: String, amount: Double, unit: String, method: String, total: Double, fossilCO2: Double,
            biogenicCO2: Double, contributors: [(name: String, kgCO2e: Double)], datasets: [DatasetLine]
        ) {
            self.processID = processID
            self.processName = processName
            self.amount = amount
            self.unit = unit
            self.method = method
            self.total = total
            self.fossilCO2 = fossilCO2
            self.biogenicCO2 = biogenicCO2
            self.contributors = contributors
            self.datasets = datasets
        }
    }

    /// A finished study with its report.
    public struct Report: Sendable {
        /// The `lca-study` job that produced the report (its report downloads by this id).
        public var jobID: String
        /// The study's title (what product it is of).
        public var product: String
        /// The study's functional unit as written, e.g. "1 kWh delivered to the grid"; nil when the study gives none.
        public var functionalUnit: String?
        /// When the job finished (or was created), ISO 8601.
        public var date: String
        /// The study's total footprint in kg CO2e; nil when the result could not be read.
        public var totalKgCO2e: Double?
        /// A report line for the recent-studies list.
        public init(jobID: String, product: String, functionalUnit: String?, date: String, totalKgCO2e: Double?) {
            self.jobID = jobID
            self.product = product
            self.functionalUnit = functionalUnit
            self.date = date
            self.totalKgCO2e = totalKgCO2e
        }
    }

    /// Something that went wrong, said for the page: what happened and what to do here.
    public struct Notice: Sendable {
        /// What happened, in words for the page (no stack traces or codes).
        public var message: String
        /// What to do on this page about it; nil when there is nothing to suggest.
        public var advice: String?
        /// A notice.
        public init(message: String, advice: String?) {
            self.message = message
            self.advice = advice
        }
    }

    /// Everything the LCA page shows: search, one footprint, the Monte Carlo form and recent study reports.
    public struct Model: Sendable {
        /// The search words, when the page shows a search.
        public var query: String?
        /// The processes matching ``query`` (empty with no search or no match).
        public var hits: [Hit]
        /// Why the search failed, shown instead of the hits; nil on success.
        public var searchError: Notice?
        /// The footprint of the chosen process; nil when none was chosen.
        public var footprint: Footprint?
        /// Why the footprint could not be computed; nil on success.
        public var footprintError: Notice?
        /// What the Monte Carlo form is prefilled with.
        public var monteCarlo: MonteCarloView.Values
        /// The last successful ISO 14067 study reports, newest first.
        public var reports: [Report]
        /// A model; the defaults show an empty search page.
        public init(
            query: String? = nil, hits: [Hit] = [], searchError: Notice? = nil, footprint: Footprint? = nil, footprintError: Notice? = nil,
            monteCarlo: MonteCarloView.Values = .init(), reports: [Report] = []
        ) {
            self.query = query
            self.hits = hits
            self.searchError = searchError
            self.footprint = footprint
            self.footprintError = footprintError
            self.monteCarlo = monteCarlo
            self.reports = reports
        }
    }

    /// The page body (its script is ``script``).
    public static func render(_ m: Model) -> String {
        let esc = HTML.esc
        return """
            <h1>Product carbon footprints (US LCI)</h1>
            <div class="card"><form method="get" action="/lca" id="search-form"><input id="q" name="q" placeholder="search processes, e.g. electricity coal" size="40" value="\(esc(m.query ?? ""))"> <button id="search" type="submit">Search</button></form>
            <div id="hits">\(hits(m))</div></div>
            <div id="result">\(footprint(m))</div>
            \(MonteCarloView.form(m.monteCarlo))
            <h2>ISO 14067 study report</h2>
            <div class="card" id="study">
            <p>Run a product footprint study — a study file in YAML or JSON (see <code>docs/lca-study-format.md</code> and <code>examples/lca/</code>) — and download its ISO 14067 report as Markdown or HTML. The study runs as an <code>lca-study</code> job.</p>
            <p><input type="file" id="study-file" accept=".yaml,.yml,.json"> <label>Format <select id="study-format"><option value="">auto</option><option value="yaml">YAML</option><option value="json">JSON</option></select></label></p>
            <textarea id="study-text" rows="10" placeholder="title: …&#10;functional_unit: …&#10;reference: {process: …, amount: 1, unit: kWh}"></textarea>
            <p><button id="study-run">Run study</button> <span id="study-status" class="muted"></span></p>
            <div id="study-result"></div>
            </div>
            <h3>Recent study reports</h3>
            \(reports(m.reports))
            """
    }

    /// The search's hits, "no process matches …", or what went wrong.
    static func hits(_ m: Model) -> String {
        let esc = HTML.esc
        if let e = m.searchError { return notice(e, id: "search-error") }
        guard let q = m.query else { return "" }
        guard !m.hits.isEmpty else {
            return
                "<p class=\"muted\" id=\"no-hits\">No process matches “\(esc(q))”. Try fewer words, another spelling or a broader term (e.g. “electricity” instead of “electricity coal lignite”).</p>"
        }
        let rows = m.hits.map { h in
            let link = "/lca?q=\(query(q))&amp;process=\(query(h.processID))#result"
            return
                "<tr><td>\(esc(h.name))</td><td>\(esc(h.unit ?? ""))</td><td>\(esc(h.location ?? ""))</td><td><a class=\"footprint\" href=\"\(link)\" data-process=\"\(esc(h.processID))\">Footprint per 1 \(esc(h.unit ?? "unit"))</a></td></tr>"
        }.joined()
        return
            "<div class=\"scroll\"><table id=\"hits-table\"><tr><th>Process</th><th>Reference unit</th><th>Location</th><th></th></tr>\(rows)</table></div>"
    }

    /// Percent-encodes a query value.
    static func query(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func notice(_ n: Notice, id: String) -> String {
        "<div class=\"card bad\" id=\"\(id)\"><p>\(HTML.esc(n.message))</p>\(n.advice.map { "<p class=\"muted\">\(HTML.esc($0))</p>" } ?? "")</div>"
    }

    /// A number with 4 significant digits.
    static func g(_ x: Double) -> String { String(format: "%.4g", x) }

    /// The footprint per the process's own reference unit, every amount with its unit.
    static func footprint(_ m: Model) -> String {
        if let e = m.footprintError { return notice(e, id: "footprint-error") }
        guard let f = m.footprint else { return "" }
        let esc = HTML.esc
        let per = "per \(String(format: "%g", f.amount)) \(f.unit)"
        let bars = BarChart.render(
            bars: f.contributors.map { .init(label: $0.name, value: $0.kgCO2e, valueText: "\(g($0.kgCO2e)) kg CO2e", color: "#e63946") },
            width: 760, id: "contributions", title: "Largest contributors, kg CO2e \(per)")
        let basis =
            f.reference.map { r in
                "<p class=\"muted\" id=\"reference-basis\">\(esc(per)) = \(String(format: "%g", r.amount)) \(esc(r.unit)) of the process's product in the database's reference unit.</p>"
            } ?? ""
        let perKWh =
            f.unit == "MJ" && f.amount != 0
            ? "<p class=\"muted\" id=\"per-kwh\">The process's reference unit is the megajoule: \(g(f.total / f.amount * 3.6)) kg CO2e per kWh (1 kWh = 3.6 MJ).</p>"
            : ""
        return """
            <div class="card" id="footprint"><h2>\(esc(f.processName))</h2>
            <p><b id="footprint-total">\(String(format: "%.6g", f.total)) kg CO2e</b> <span id="footprint-per">\(esc(per))</span> (\(esc(f.method))); fossil CO2 \(g(f.fossilCO2)) kg \(esc(per)), biogenic CO2 \(g(f.biogenicCO2)) kg \(esc(per))</p>
            \(perKWh)\(basis)</div>
            <div class="card">\(bars)</div>
            """
    }

    /// The recent study reports by product, date and result.
    static func reports(_ reports: [Report]) -> String {
        let esc = HTML.esc
        let rows = reports.map { r -> String in
            let id = esc(r.jobID)
            let total = r.totalKgCO2e.map { "\(String(format: "%.6g", $0)) kg CO2e" } ?? ""
            return
                "<tr data-job=\"\(id)\"><td>\(esc(r.product))</td><td>\(esc(r.functionalUnit ?? ""))</td><td>\(esc(r.date))</td><td class=num>\(total)</td>"
                + "<td><a href=\"/api/jobs/\(id)/report.md\" download>Markdown</a> · <a href=\"/api/jobs/\(id)/report.html\" download>HTML</a></td></tr>"
        }.joined()
        return "<p class=\"muted\" id=\"reports-empty\"\(reports.isEmpty ? "" : " hidden")>No study has run yet.</p>"
            + "<div class=\"scroll\"><table id=\"reports\"\(reports.isEmpty ? " hidden" : "")><thead><tr><th>Product</th><th>Functional unit</th><th>Finished</th><th>Result</th><th>Report</th></tr></thead><tbody>\(rows)</tbody></table></div>"
    }
}

extension LCAView {
    /// The page's script: study jobs — submit, follow the job, then say it is done, link the
    /// reports and add the study to the recent reports without a reload. Errors are said for the
    /// page (clauses that name command-line commands are left out, as ``HTML/withoutCommandLine(_:)``).
    public static let script = #"""
        function webText(m){m=String(m||'');var parts=m.split(/(?:; |\. )/).filter(function(p){return !/`?yuheng [a-z]|`--/i.test(p);});return parts.join('; ')||m;}
        document.getElementById('study-file').onchange=function(e){var f=e.target.files[0];if(!f)return;f.text().then(function(t){document.getElementById('study-text').value=t;});};
        function addReport(id,res,finished){
          var table=document.getElementById('reports'), empty=document.getElementById('reports-empty');
          var study=(res.result&&res.result.study)||{};
          var tr=document.createElement('tr');tr.setAttribute('data-job',id);
          [study.title||'study',study.functional_unit||'',finished||'',res.total_kg_co2e.toPrecision(6)+' kg CO2e'].forEach(function(t,i){var td=document.createElement('td');if(i===3)td.className='num';td.textContent=t;tr.appendChild(td);});
          var links=document.createElement('td');
          links.appendChild(Object.assign(document.createElement('a'),{href:'/api/jobs/'+id+'/report.md',textContent:'Markdown'}));links.appendChild(document.createTextNode(' · '));
          links.appendChild(Object.assign(document.createElement('a'),{href:'/api/jobs/'+id+'/report.html',textContent:'HTML'}));tr.appendChild(links);
          var body=table.tBodies[0];body.insertBefore(tr,body.firstChild);table.hidden=false;if(empty)empty.hidden=true;
        }
        document.getElementById('study-run').onclick=function(){
          var text=document.getElementById('study-text').value, status=document.getElementById('study-status'), out=document.getElementById('study-result');
          var format=document.getElementById('study-format').value||(text.trim().charAt(0)==='{'?'json':'yaml');
          function fail(m){status.textContent='failed';out.appendChild(Object.assign(document.createElement('p'),{className:'bad',textContent:webText(m)+' — check the study text above and run it again.'}));}
          if(!text.trim()){status.textContent='paste or choose a study file first';return;}
          out.textContent='';status.textContent='submitting…';
          fetch('/api/jobs',{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify({kind:'lca-study',params:{study:text,format:format}})})
          .then(function(r){return r.json();}).then(function(j){
            if(j.error){fail(j.error.message);return;}
            function poll(){fetch('/api/jobs/'+j.id).then(function(r){return r.json();}).then(function(s){
              if(s.status==='succeeded'){fetch('/api/jobs/'+j.id+'/result').then(function(r){return r.json();}).then(function(res){
                status.textContent='done: the study finished and its report is ready';status.setAttribute('data-state','done');
                var p=document.createElement('p');p.appendChild(Object.assign(document.createElement('b'),{textContent:res.total_kg_co2e.toPrecision(6)+' kg CO2e per functional unit'}));
                p.appendChild(document.createTextNode(' — ISO 14067 report: '));
                p.appendChild(Object.assign(document.createElement('a'),{href:'/api/jobs/'+j.id+'/report.md',textContent:'Markdown',id:'report-md'}));
                p.appendChild(document.createTextNode(' · '));
                p.appendChild(Object.assign(document.createElement('a'),{href:'/api/jobs/'+j.id+'/report.html',textContent:'HTML',id:'report-html'}));
                out.appendChild(p);addReport(j.id,res,s.finished_at);});}
              else if(s.status==='failed'||s.status==='cancelled'||s.status==='interrupted'){fail(s.error||s.status);}
              else{status.textContent=s.status+(s.message?': '+s.message:'')+' ('+Math.round(100*s.progress)+' %)';setTimeout(poll,500);}});}
            poll();
          });
        };
        document.getElementById('study').setAttribute('data-ready','yes');
        """#
}

extension HTML {
    /// A message for a page: clauses that tell the reader to run a command-line command
    /// (`yuheng …`, `--option`) are left out, since a visitor of the web interface acts on the page.
    public static func withoutCommandLine(_ message: String) -> String {
        var parts: [String] = []
        var rest = Substring(message)
        while let r = rest.range(of: "; ") ?? rest.range(of: ". ") {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        let kept = parts.filter { p in
            let l = p.lowercased()
            return !(l.range(of: #"`?yuheng [a-z]"#, options: .regularExpression) != nil || l.contains("`--"))
        }
        return kept.isEmpty ? message : kept.joined(separator: "; ")
    }
}
