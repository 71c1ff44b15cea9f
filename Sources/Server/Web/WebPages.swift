import Foundation
import YuhengServices
import Hummingbird
import YuhengComputing
import YuhengCharts
import YuhengData
import YuhengMRIO
import YuhengPanorama

/// Server-rendered pages: HTML with inline SVG and a little plain JavaScript, no external assets.
enum WebPages {
    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func page(_ title: String, active: String, _ body: String, script: String = "") -> String {
        let nav = [("/", "Map"), ("/trends", "Trends"), ("/inventory", "Inventory"), ("/lca", "LCA"), ("/data", "Data"), ("/chat", "Chat"), ("/openapi.json", "API")]
            .map { "<a href=\"\($0.0)\"\($0.1 == active ? " class=\"active\"" : "")>\($0.1)</a>" }.joined()
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(title)) — Yuheng</title>
        <style>
        body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
        header{background:#1d3557;color:#fff;padding:10px 20px;display:flex;gap:24px;align-items:center}
        header b{font-size:18px} header a{color:#dfe7f1;text-decoration:none;margin-right:14px} header a.active{color:#fff;border-bottom:2px solid #e63946}
        main{max-width:1100px;margin:0 auto;padding:18px}
        table{border-collapse:collapse;margin:10px 0;background:#fff}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}[data-col]{white-space:nowrap}
        th{background:#f0f0f0} .card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin:12px 0}
        #tip{position:fixed;pointer-events:none;background:#222;color:#fff;padding:4px 8px;border-radius:4px;font-size:12px;display:none}
        .country:hover{stroke:#000;stroke-width:1} textarea{width:100%;font-family:monospace} .muted{color:#666} .bad{color:#b00}
        </style></head><body>
        <header><b>Yuheng</b><nav>\(nav)</nav></header>
        <main>
        \(body)
        </main><div id="tip"></div>
        <script>
        document.querySelectorAll('.country').forEach(function(el){
          el.addEventListener('mousemove',function(e){var t=document.getElementById('tip');var s=el.querySelector('title');if(!s)return;t.textContent=s.textContent;t.style.display='block';t.style.left=(e.clientX+12)+'px';t.style.top=(e.clientY+12)+'px';});
          el.addEventListener('mouseleave',function(){document.getElementById('tip').style.display='none';});
        });
        \(script)
        </script></body></html>
        """
    }

    static func num(_ x: Double?, _ d: Int = 1) -> String { x.map { String(format: "%.\(d)f", $0) } ?? "" }

    static func register(_ pages: PageRoutes, state: ServerState) {
        let work = state.work
        pages.get("/") { req, _ in
            await htmlHandle { try await work.run {
                let measure = req.query("measure") ?? "adjustment"
                let year = try yearQuery(req)
                let table = try state.table(year: year)
                let p = try state.panorama(table: table)
                let yearSuffix = year.map { "?year=\($0)" } ?? ""
                let geo = try state.db.countryGeometry().mapValues { WorldMap.Country(name: $0.name, polygons: $0.polygons) }
                var values: [String: Double] = [:]
                for r in p.account.rows {
                    guard let iso = r.iso3 else { continue }
                    switch measure {
                    case "production": values[iso] = r.productionMt
                    case "consumption": values[iso] = r.consumptionMt
                    case "net": values[iso] = r.netTransferMt
                    case "landuse": values[iso] = r.landUseMt
                    case "natural": values[iso] = r.naturalMt
                    case "panoramic": values[iso] = r.panoramic?.panoramicAdjustmentPct
                    default: values[iso] = r.adjustmentPct
                    }
                }
                let labels = ["adjustment": "% (consumption − production) / production", "production": "Mt CO2, production-based",
                              "consumption": "Mt CO2, consumption-based", "net": "Mt CO2 net transfer (imports − exports)",
                              "landuse": "Mt CO2, land-use change (GCB 2024)", "natural": "Mt CO2e, natural CH4 sources (GMB 2020, 2008–2017)",
                              "panoramic": "% (consumption + land use − production) / production"]
                let scale: WorldMap.Scale? = (measure == "production" || measure == "consumption" || measure == "natural") ? .sequential(min: 0, max: values.values.max() ?? 1) : nil
                let svg = WorldMap.choropleth(values: values, geometry: geo, title: "Panoramic national account, \(p.account.year)",
                                              subtitle: "Bundled WIOD \(p.account.year) CO2 input-output table; click a country", legendLabel: labels[measure] ?? measure,
                                              scale: scale, link: { "/country/\($0)\(yearSuffix)" })
                let options = ["adjustment", "production", "consumption", "net", "landuse", "natural", "panoramic"].map {
                    "<option value=\"\($0)\"\($0 == measure ? " selected" : "")>\(labels[$0]!)</option>"
                }.joined()
                let years = BundledMRIO.years.reversed().map {
                    "<option value=\"\($0.year)\"\($0.id == table ? " selected" : "")>\($0.year)</option>"
                }.joined()
                var rows = ""
                for r in p.account.rows.sorted(by: { $0.productionMt > $1.productionMt }) {
                    let link = r.iso3.map { "<a href=\"/country/\($0)\(yearSuffix)\">\(esc(r.name))</a>" } ?? esc(r.name)
                    rows += "<tr><td>\(link)</td><td class=num>\(num(r.productionMt))</td><td class=num>\(num(r.consumptionMt))</td><td class=num>\(num(r.netTransferMt))</td><td class=num>\(num(r.adjustmentPct))</td><td class=num>\(num(r.gcbTerritorialMt))</td><td class=num>\(num(r.gcbConsumptionMt))</td></tr>"
                }
                let body = """
                <h1>Production vs consumption: who emits, who causes</h1>
                <form method="get"><label>Show <select name="measure" id="measure" onchange="this.form.submit()">\(options)</select></label>
                <label>Year <select name="year" id="year" onchange="this.form.submit()">\(years)</select></label></form>
                <div class="card" id="map">\(svg)</div>
                <table id="panorama"><thead><tr><th>Region</th><th>Production Mt</th><th>Consumption Mt</th><th>Net transfer Mt</th><th>Adjustment %</th><th>GCB territorial Mt</th><th>GCB consumption Mt</th></tr></thead><tbody>\(rows)</tbody></table>
                <p class="muted">Datasets: \(p.account.datasets.map { esc("\($0.datasetID) \($0.version) (\($0.licence))") }.joined(separator: "; "))</p>
                """
                return page("Map", active: "Map", body)
            } }
        }

        pages.get("/country/:iso") { req, ctx in
            let iso = ctx.parameters.get("iso") ?? ""
            return await htmlHandle { try await work.run {
                let year = try yearQuery(req)
                let d = try state.services.panorama.country(iso, top: 8, year: MRIOService.bundledYear(of: try state.table(year: year)))
                let r = d.row
                let bars = [("Production (territorial)", r.productionMt), ("Consumption (footprint)", r.consumptionMt),
                            ("GCB territorial", r.gcbTerritorialMt ?? 0), ("GCB consumption", r.gcbConsumptionMt ?? 0)]
                let maxV = bars.map(\.1).max() ?? 1
                var chart = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"700\" height=\"140\" id=\"bars\">"
                for (k, (label, v)) in bars.enumerated() {
                    let y = 10 + k * 30, w = maxV > 0 ? 380 * v / maxV : 0
                    chart += "<text x=\"190\" y=\"\(y + 15)\" text-anchor=\"end\" font-size=\"12\">\(label)</text><rect x=\"200\" y=\"\(y + 2)\" width=\"\(String(format: "%.1f", w))\" height=\"18\" fill=\"\(k < 2 ? "#1d3557" : "#a8dadc")\"/><text x=\"\(Int(206 + w))\" y=\"\(y + 15)\" font-size=\"12\" class=\"barvalue\">\(num(v)) Mt</text>"
                }
                chart += "</svg>"
                let body = """
                <h1 id="country-name">\(esc(r.name)) (\(esc(r.iso3 ?? r.region))), \(d.year)</h1>
                <table id="summary"><tr><th>Production-based</th><td class=num id="production">\(num(r.productionMt))</td><td>Mt CO2</td></tr>
                <tr><th>Consumption-based</th><td class=num id="consumption">\(num(r.consumptionMt))</td><td>Mt CO2</td></tr>
                <tr><th>Embodied imports</th><td class=num>\(num(r.importsMt))</td><td>Mt CO2</td></tr>
                <tr><th>Embodied exports</th><td class=num>\(num(r.exportsMt))</td><td>Mt CO2</td></tr>
                <tr><th>Net transfer</th><td class=num id="net">\(num(r.netTransferMt))</td><td>Mt CO2</td></tr>
                <tr><th>Adjustment</th><td class=num>\(num(r.adjustmentPct))</td><td>%</td></tr>
                \(r.panoramic?.landUse.map { "<tr><th>Land-use change (\($0.year.map(String.init) ?? ""), GCB 2024)</th><td class=num id=\"landuse\">\(num($0.valueMt))</td><td>Mt CO2 (models \(num($0.lowMt)) to \(num($0.highMt)))</td></tr>" } ?? "")
                \(r.panoramic?.natural.map { "<tr><th>Natural CH4 sources (\($0.period ?? ""), not in totals)</th><td class=num id=\"natural\">\(num($0.valueMt))</td><td>\(esc($0.unit)) (\(num($0.lowMt)) to \(num($0.highMt)))</td></tr>" } ?? "")
                \(r.panoramic?.panoramicTotalMt.map { "<tr><th>Consumption + land use</th><td class=num id=\"panoramic\">\(num($0))</td><td>Mt CO2</td></tr>" } ?? "")</table>
                <div class="card">\(chart)</div>
                \(try trend(state: state, region: r.region))
                <h2>Trade partners by embodied CO2</h2>
                <div class="card">\(sankey(country: r.name, imports: d.imports_from, exports: d.exports_to))</div>
                <h2>Top supply-chain paths of its final demand</h2>
                <table id="paths"><thead><tr><th>Path (final product ← … ← emitting sector)</th><th>Mt CO2</th><th>Share</th></tr></thead><tbody>
                \(d.paths.map { "<tr><td>\(esc($0.nodes.joined(separator: " ← ")))</td><td class=num>\(num($0.mt, 2))</td><td class=num>\(num($0.share * 100))%</td></tr>" }.joined())
                </tbody></table>
                <p><a href="/\(year.map { "?year=\($0)" } ?? "")">← back to the map</a> · <a href="/api/panorama/\(esc(r.region))\(year.map { "?year=\($0)" } ?? "")">JSON</a> ·
                \(BundledMRIO.years.filter { $0.year != d.year }.map { "<a href=\"/country/\(esc(r.iso3 ?? r.region))?year=\($0.year)\">\($0.year)</a>" }.joined(separator: " · "))</p>
                """
                return page(r.name, active: "Map", body)
            } }
        }

        pages.get("/trends") { req, _ in
            await htmlHandle {
                let top = try QueryInput.int(req, "top", default: 15, in: 5...41)
                return try await work.run {
                    let years = try state.series()
                    guard let first = years.first, let last = years.last else { throw APIError(.notFound, code: "series.empty", "no MRIO series is bundled") }
                    let names = try state.panorama().account.rows.reduce(into: [String: (name: String, iso: String?)]()) { $0[$1.region] = ($1.name, $1.iso3) }
                    let order = last.regionsByConsumption
                    let rows = order.prefix(top).map { r in
                        DumbbellChart.Row(label: names[r]?.name ?? r, values: [ktToMt(MRIOSeriesWork.change(years, r, \.pba)), ktToMt(MRIOSeriesWork.change(years, r, \.cba))],
                                          link: names[r]?.iso.map { "/country/\($0)" })
                    }
                    let svg = DumbbellChart.render(title: "Production- and consumption-based CO2, \(first.label) → \(last.label)",
                                                   subtitle: "Bundled WIOD tables (2013 release) with JRC CO2 accounts; the \(top) largest consumers in \(last.label); change of consumption at the right",
                                                   unit: "Mt CO2", from: first.label, to: last.label, measures: ["Production", "Consumption"], rows: Array(rows))
                    func pct(_ a: Double?, _ b: Double?) -> String {
                        guard let a, let b, a != 0 else { return "" }
                        return String(format: "%+.1f", (b - a) / abs(a) * 100)
                    }
                    var table = ""
                    for r in order {
                        let label = names[r].map { n in n.iso.map { "<a href=\"/country/\($0)\">\(esc(n.name))</a>" } ?? esc(n.name) } ?? esc(r)
                        let p = ktToMt(MRIOSeriesWork.change(years, r, \.pba)), c = ktToMt(MRIOSeriesWork.change(years, r, \.cba))
                        let p0 = p?.from, p1 = p?.to, c0 = c?.from, c1 = c?.to
                        table += "<tr data-region=\"\(esc(r))\"><td>\(label)</td><td class=num>\(num(p0))</td><td class=num>\(num(p1))</td><td class=num>\(pct(p0, p1))</td><td class=num>\(num(c0))</td><td class=num>\(num(c1))</td><td class=num>\(pct(c0, c1))</td></tr>"
                    }
                    let w0 = first.totalPBA / 1000, w1 = last.totalPBA / 1000
                    table += "<tr data-region=\"World\"><th>World</th><td class=num>\(num(w0))</td><td class=num>\(num(w1))</td><td class=num>\(pct(w0, w1))</td><td class=num>\(num(first.totalCBA / 1000))</td><td class=num>\(num(last.totalCBA / 1000))</td><td class=num>\(pct(first.totalCBA, last.totalCBA))</td></tr>"
                    let datasets = years.compactMap(\.dataset).map { esc("\($0.datasetID) \($0.version) (\($0.licence))") }.joined(separator: "; ")
                    let body = """
                    <h1>How production and consumption changed, \(esc(first.label)) to \(esc(last.label))</h1>
                    <form method="get"><label>Regions in the chart <input type="number" name="top" min="5" max="41" value="\(top)"></label> <button>Show</button></form>
                    <div class="card" id="trend-chart">\(svg)</div>
                    <table id="trends"><thead><tr><th>Region</th><th>Production \(esc(first.label)) Mt</th><th>Production \(esc(last.label)) Mt</th><th>Δ %</th><th>Consumption \(esc(first.label)) Mt</th><th>Consumption \(esc(last.label)) Mt</th><th>Δ %</th></tr></thead><tbody>\(table)</tbody></table>
                    <p class="muted">Monetary tables in current US dollars of each year; the emission accounts follow the residence principle. Datasets: \(datasets). <a href="/api/mrio/series">JSON</a></p>
                    """
                    return page("Trends", active: "Trends", body)
                }
            }
        }

        pages.get("/data") { _, _ in
            await htmlHandle { try await work.run {
                let rows = try state.db.datasets().map {
                    "<tr><td>\(esc($0.id))</td><td>\(esc($0.title))</td><td>\(esc($0.version))</td><td>\(esc($0.licence))</td><td>\(esc($0.date))</td><td>\(esc($0.source))</td></tr>"
                }.joined()
                return page("Data", active: "Data", "<h1>Datasets and provenance</h1><table id=\"datasets\"><thead><tr><th>ID</th><th>Title</th><th>Version</th><th>Licence</th><th>Date</th><th>Source</th></tr></thead><tbody>\(rows)</tbody></table>")
            } }
        }

        pages.get("/inventory") { _, _ in
            await htmlHandle { try await work.run {
                page("Inventory", active: "Inventory", InventoryPage.render(state: state, submission: nil).html, script: inventoryScript)
            } }
        }

        // The inventory form posts here (multipart/form-data with the file, or urlencoded); the result is rendered on the server.
        pages.postForm("/inventory") { req, _ in
            let body: Data
            do { body = try await req.bodyData() } catch {
                return try await work.run {
                    let e = APIError.from(error)
                    return JSONResponse.html(page("Inventory", active: "Inventory", InventoryPage.render(state: state, submission: nil, error: e).html, script: inventoryScript), status: e.status)
                }
            }
            let contentType = req.headers[.contentType] ?? ""
            return try await work.run {
                let rendered: (html: String, error: APIError?)
                do {
                    let form = try FormData.parse(body, contentType: contentType)
                    rendered = InventoryPage.render(state: state, submission: try InventoryPage.submission(form))
                } catch {
                    rendered = InventoryPage.render(state: state, submission: nil, error: APIError.from(error))
                }
                return JSONResponse.html(page("Inventory", active: "Inventory", rendered.html, script: inventoryScript), status: rendered.error?.status ?? .ok)
            }
        }

        pages.get("/lca") { _, _ in
            await htmlHandle { try await work.run {
                let reports = try state.db.jobs(limit: 200).filter { $0.kind == "lca-study" && $0.status == .succeeded }.prefix(10)
                let rows = reports.map { j -> String in
                    let id = esc(j.id)
                    return "<tr><td>\(esc(j.finishedAt ?? j.createdAt))</td><td>\(id)</td><td><a href=\"/api/jobs/\(id)/report.md\" download>Markdown</a> · <a href=\"/api/jobs/\(id)/report.html\" download>HTML</a></td></tr>"
                }.joined()
                let body = """
                <h1>Product carbon footprints (US LCI)</h1>
                <div class="card"><input id="q" placeholder="search processes, e.g. electricity coal" size="40"> <button id="search">Search</button><div id="hits"></div></div>
                <div id="result"></div>
                \(MonteCarloPage.form)
                <h2>ISO 14067 study report</h2>
                <div class="card" id="study">
                <p>Run a product footprint study — a study file in YAML or JSON (see <code>docs/lca-study-format.md</code> and <code>examples/lca/</code>) — and download its ISO 14067 report as Markdown or HTML. The study runs as an <code>lca-study</code> job.</p>
                <p><input type="file" id="study-file" accept=".yaml,.yml,.json"> <label>Format <select id="study-format"><option value="">auto</option><option value="yaml">YAML</option><option value="json">JSON</option></select></label></p>
                <textarea id="study-text" rows="10" placeholder="title: …&#10;functional_unit: …&#10;reference: {process: …, amount: 1, unit: kWh}"></textarea>
                <p><button id="study-run">Run study</button> <span id="study-status" class="muted"></span></p>
                <div id="study-result"></div>
                </div>
                <h3>Recent study reports</h3>
                \(rows.isEmpty ? "<p class=\"muted\" id=\"reports-empty\">No study has run yet.</p>" : "<table id=\"reports\"><thead><tr><th>Finished</th><th>Job</th><th>Report</th></tr></thead><tbody>\(rows)</tbody></table>")
                """
                return page("LCA", active: "LCA", body, script: lcaScript)
            } }
        }

        pages.get("/chat") { _, _ in
            await htmlHandle {
                let (body, script) = ChatPage.render(state.llm)
                return page("Chat", active: "Chat", body, script: script)
            }
        }
    }

    /// The inventory page's script: a chosen file is shown in the text area (the form uploads the file itself).
    static let inventoryScript = """
    document.getElementById('file').onchange=function(e){var f=e.target.files[0];if(!f)return;f.text().then(function(t){document.getElementById('csv').value=t;});};
    """

    /// The LCA page's script: process search and footprints, and study jobs with their report downloads.
    static let lcaScript = #"""
    function calc(id){fetch('/api/lca/calculate',{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify({process:id})}).then(function(r){return r.json();}).then(function(d){
      var out=document.getElementById('result');if(d.error){out.innerHTML='<p class="card" style="color:#b00">'+d.error.message+'</p>';return;}
      var max=Math.max.apply(null,d.top_contributors.map(function(c){return Math.abs(c.kg_co2e);}));
      var svg='<svg width="700" height="'+(d.top_contributors.length*24+10)+'">';
      d.top_contributors.forEach(function(c,i){var w=max>0?300*Math.abs(c.kg_co2e)/max:0;svg+='<text x="330" y="'+(i*24+20)+'" text-anchor="end" font-size="11">'+c.process_name.substring(0,50)+'</text><rect x="340" y="'+(i*24+8)+'" width="'+w+'" height="16" fill="#e63946"/><text x="'+(346+w)+'" y="'+(i*24+20)+'" font-size="11">'+c.kg_co2e.toPrecision(4)+'</text>';});
      out.innerHTML='<div class="card"><h2>'+d.process_name+'</h2><b>'+d.total.toPrecision(6)+' kg CO2e</b> per '+d.amount+' '+d.unit+' ('+d.method+'); fossil CO2 '+d.fossil_co2_kg.toPrecision(4)+' kg, biogenic '+d.biogenic_co2_kg.toPrecision(4)+' kg</div><div class="card">'+svg+'</svg></div>';
    });}
    document.getElementById('search').onclick=function(){fetch('/api/lca/search?q='+encodeURIComponent(document.getElementById('q').value)).then(function(r){return r.json();}).then(function(h){
      var t='<table><tr><th>Process</th><th>Unit</th><th></th></tr>';(h.error?[]:h).forEach(function(p){t+='<tr><td>'+p.name+'</td><td>'+(p.reference_unit||'')+'</td><td><button onclick="calc(\''+p.process_id+'\')">Footprint</button></td></tr>';});
      document.getElementById('hits').innerHTML=t+'</table>';});};
    document.getElementById('study-file').onchange=function(e){var f=e.target.files[0];if(!f)return;f.text().then(function(t){document.getElementById('study-text').value=t;});};
    document.getElementById('study-run').onclick=function(){
      var text=document.getElementById('study-text').value, status=document.getElementById('study-status'), out=document.getElementById('study-result');
      var format=document.getElementById('study-format').value||(text.trim().charAt(0)==='{'?'json':'yaml');
      if(!text.trim()){status.textContent='paste or choose a study file first';return;}
      out.textContent='';status.textContent='submitting…';
      fetch('/api/jobs',{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify({kind:'lca-study',params:{study:text,format:format}})})
      .then(function(r){return r.json();}).then(function(j){
        if(j.error){status.textContent='';out.appendChild(Object.assign(document.createElement('p'),{className:'bad',textContent:j.error.message}));return;}
        function poll(){fetch('/api/jobs/'+j.id).then(function(r){return r.json();}).then(function(s){
          status.textContent=s.status+(s.message?': '+s.message:'')+' ('+Math.round(100*s.progress)+' %)';
          if(s.status==='succeeded'){fetch('/api/jobs/'+j.id+'/result').then(function(r){return r.json();}).then(function(res){
            var p=document.createElement('p');p.appendChild(Object.assign(document.createElement('b'),{textContent:res.total_kg_co2e.toPrecision(6)+' kg CO2e per functional unit'}));
            p.appendChild(document.createTextNode(' — ISO 14067 report: '));
            p.appendChild(Object.assign(document.createElement('a'),{href:'/api/jobs/'+j.id+'/report.md',textContent:'Markdown',id:'report-md'}));
            p.appendChild(document.createTextNode(' · '));
            p.appendChild(Object.assign(document.createElement('a'),{href:'/api/jobs/'+j.id+'/report.html',textContent:'HTML',id:'report-html'}));
            out.appendChild(p);});}
          else if(s.status==='failed'||s.status==='cancelled'||s.status==='interrupted'){out.appendChild(Object.assign(document.createElement('p'),{className:'bad',textContent:s.error||s.status}));}
          else setTimeout(poll,500);});}
        poll();
      });
    };
    document.getElementById('study').setAttribute('data-ready','yes');
    """#

    /// A two-sided Sankey: partners whose emissions the country's demand causes (left) and partners
    /// whose demand causes emissions in the country (right), band width ∝ Mt.
    /// A region's production and consumption in each year of the bundled series, with a dumbbell chart.
    static func trend(state: ServerState, region: String) throws -> String {
        let years = try state.series()
        guard let first = years.first, let last = years.last, years.count > 1,
              let production = ktToMt(MRIOSeriesWork.change(years, region, \.pba)), let consumption = ktToMt(MRIOSeriesWork.change(years, region, \.cba)) else { return "" }
        let svg = DumbbellChart.render(title: "\(first.label) → \(last.label)", unit: "Mt CO2", from: first.label, to: last.label,
                                       measures: ["Production", "Consumption"], rows: [DumbbellChart.Row(label: region, values: [production, consumption])])
        return "<h2>Change since \(esc(first.label))</h2><div class=\"card\" id=\"trend\">\(svg)</div>"
    }

    /// A (first year, last year) pair in kt converted to Mt.
    static func ktToMt(_ pair: (from: Double, to: Double)?) -> (from: Double, to: Double)? { pair.map { ($0.from / 1000, $0.to / 1000) } }

    static func sankey(country: String, imports: [CountryDetail.Partner], exports: [CountryDetail.Partner]) -> String {
        let w = 900.0, h = 360.0, cx = w / 2
        let total = max(imports.reduce(0) { $0 + $1.mt }, exports.reduce(0) { $0 + $1.mt }, 1e-9)
        // Room for the 6 px gaps between the partners' bands, so the last ones are not cut off.
        let gaps = 6.0 * Double(max(imports.count, exports.count))
        let scale = (h - 60 - gaps) / total
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"sankey\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-size=\"11\">"
        s += "<text x=\"150\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\">emitted in … for \(esc(country))'s consumption</text>"
        s += "<text x=\"\(Int(w - 150))\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\">emitted in \(esc(country)) for … consumption</text>"
        func side(_ items: [CountryDetail.Partner], left: Bool) {
            var y = 30.0, cy = 30.0
            for p in items {
                let bh = max(1, p.mt * scale)
                let x0 = left ? 170.0 : w - 170.0
                let path = left
                    ? "M\(x0),\(y) C\(cx - 120),\(y) \(cx - 120),\(cy) \(cx - 20),\(cy) L\(cx - 20),\(cy + bh) C\(cx - 120),\(cy + bh) \(cx - 120),\(y + bh) \(x0),\(y + bh) Z"
                    : "M\(cx + 20),\(cy) C\(cx + 120),\(cy) \(cx + 120),\(y) \(x0),\(y) L\(x0),\(y + bh) C\(cx + 120),\(y + bh) \(cx + 120),\(cy + bh) \(cx + 20),\(cy + bh) Z"
                s += "<path d=\"\(path)\" fill=\"\(left ? "#457b9d" : "#e63946")\" fill-opacity=\"0.55\"><title>\(esc(p.name)): \(num(p.mt, 2)) Mt</title></path>"
                s += "<text x=\"\(Int(left ? x0 - 6 : x0 + 6))\" y=\"\(Int(y + bh / 2 + 4))\" text-anchor=\"\(left ? "end" : "start")\">\(esc(p.name)) \(num(p.mt)) Mt</text>"
                y += bh + 6
                cy += bh
            }
        }
        side(imports, left: true)
        side(exports, left: false)
        s += "<rect x=\"\(Int(cx - 20))\" y=\"30\" width=\"40\" height=\"\(Int(h - 60 - gaps))\" fill=\"#1d3557\"/>"
        s += "</svg>"
        return s
    }
}

func htmlHandle(_ body: () async throws -> String) async -> Response {
    do { return JSONResponse.html(try await body()) } catch {
        let e = APIError.from(error)
        return JSONResponse.html(WebPages.page("Error", active: "", "<h1>\(e.status.code) \(WebPages.esc(e.code))</h1><p>\(WebPages.esc(e.message))</p>"), status: e.status)
    }
}
