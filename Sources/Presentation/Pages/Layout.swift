import Foundation
import YuhengCharts

/// Text helpers of the pages: escaping and number formats.
public enum HTML {
    /// Escapes text for HTML content and attribute values.
    public static func esc(_ s: String) -> String { SVGText.esc(s) }

    /// A number with `decimals` decimals, or "" for nil.
    public static func num(_ x: Double?, _ decimals: Int = 1) -> String { x.map { String(format: "%.\(decimals)f", $0) } ?? "" }

    /// A number with thousands separators: 301320.29 → "301,320.29".
    public static func grouped(_ x: Double, _ decimals: Int) -> String {
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

    /// A change in per cent with its sign ("+18.8"), or "" when it cannot be computed.
    public static func percentChange(from a: Double?, to b: Double?) -> String {
        guard let a, let b, a != 0 else { return "" }
        return String(format: "%+.1f", (b - a) / abs(a) * 100)
    }

    /// The datasets behind a page, for its footer: "id version (licence); …".
    public static func datasets(_ ds: [DatasetLine]) -> String {
        ds.map { esc("\($0.id) \($0.version) (\($0.licence))") }.joined(separator: "; ")
    }
}

/// A dataset named in a page's footer.
public struct DatasetLine: Sendable, Hashable {
    /// The dataset's identifier, e.g. "wiod2011-co2".
    public var id: String
    /// The dataset's version as its publisher numbers it.
    public var version: String
    /// Licence under which the data may be used, e.g. "CC BY 4.0".
    public var licence: String
    /// Where the data comes from (publisher or URL); "" when not shown.
    public var source: String

    /// A footer line; `source` may be left empty.
    public init(id: String, version: String, licence: String, source: String = "") {
        self.id = id
        self.version = version
        self.licence = licence
        self.source = source
    }
}

/// The frame of every page: the header with the navigation, the style sheet and the tooltip script.
public enum PageLayout {
    /// The sections of the navigation.
    public enum Section: String, Sendable, CaseIterable {
        case map = "Map", trends = "Trends", sda = "Why it changed", inventory = "Inventory", lca = "LCA", data = "Data", chat = "Chat", api = "API",
            none = ""

        var path: String {
            switch self {
            case .map: return "/"
            case .trends: return "/trends"
            case .sda: return "/sda"
            case .inventory: return "/inventory"
            case .lca: return "/lca"
            case .data: return "/data"
            case .chat: return "/chat"
            case .api: return "/openapi.json"
            case .none: return "/"
            }
        }
    }

    /// Charts scale down with the window (never wider than their card); wide tables scroll inside
    /// their card instead of overflowing the page.
    static let style = """
        body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
        header{background:#1d3557;color:#fff;padding:10px 20px;display:flex;flex-wrap:wrap;gap:8px 24px;align-items:center}
        header b{font-size:18px} header a{color:#dfe7f1;text-decoration:none;margin-right:14px} header a.active{color:#fff;border-bottom:2px solid #e63946}
        main{max-width:1100px;margin:0 auto;padding:18px} main.wide{max-width:1360px} footer{margin-top:24px;font-size:13px}
        table{border-collapse:collapse;margin:10px 0;background:#fff}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}[data-col]{white-space:nowrap}
        th{background:#f0f0f0} .card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin:12px 0}
        svg{max-width:100%;height:auto} .scroll{overflow-x:auto;max-width:100%}
        #tip{position:fixed;pointer-events:none;background:#222;color:#fff;padding:4px 8px;border-radius:4px;font-size:12px;display:none}
        .country:hover{stroke:#000;stroke-width:1} textarea{width:100%;box-sizing:border-box;font-family:monospace} .muted{color:#666} .bad{color:#b00} .ok{color:#2a7a2a}
        """

    /// The footer naming the datasets behind what a page shows (each a `span` with `data-dataset`
    /// holding its id), or "" when the page shows no dataset's figures.
    public static func footer(_ datasets: [DatasetLine]) -> String {
        var seen = Set<String>()
        let unique = datasets.filter { seen.insert($0.id).inserted }
        guard !unique.isEmpty else { return "" }
        let items = unique.map { "<span data-dataset=\"\(HTML.esc($0.id))\" title=\"\(HTML.esc($0.source))\">\(HTML.datasets([$0]))</span>" }
        return "<footer class=\"muted\" id=\"page-datasets\">Datasets behind this page: \(items.joined(separator: "; "))</footer>"
    }

    /// With `#text-bounds` in the address, the page checks after loading that every SVG text lies
    /// inside its drawing's box (what the browser test reads): `pre#text-bounds` gets
    /// "checked N" and a line per text that sticks out (by how much, in CSS pixels).
    static let textBoundsCheck = #"""
        if(location.hash==='#text-bounds'){window.addEventListener('load',function(){
          var out=[],n=0;
          document.querySelectorAll('svg').forEach(function(svg,i){
            if(svg.ownerSVGElement)return;var r=svg.getBoundingClientRect();if(!r.width)return;
            svg.querySelectorAll('text').forEach(function(t){var b=t.getBoundingClientRect();if(!b.width&&!b.height)return;n++;
              var d=[b.left-r.left,r.right-b.right,b.top-r.top,r.bottom-b.bottom];
              if(Math.min.apply(null,d)<-1)out.push((svg.getAttribute('class')||'svg'+i)+' "'+t.textContent.slice(0,60)+'" '+d.map(function(x){return x.toFixed(1);}).join(' '));});});
          var p=document.createElement('pre');p.id='text-bounds';p.textContent='checked '+n+(out.length?'\n'+out.join('\n'):'');document.body.appendChild(p);});}
        """#

    /// With `#table-fit` in the address, the page checks after loading that every table fits its
    /// card (no horizontal scrolling inside it, nothing past its right edge) and that no cell of
    /// three or more words wraps one word per line (cells with a token of more than 20 characters,
    /// URLs and ids that may break anywhere, are left out) (what the browser test reads): `pre#table-fit`
    /// gets "checked N" and a line per table or cell that does not fit.
    static let tableFitCheck = #"""
        if(location.hash==='#table-fit'){window.addEventListener('load',function(){
          var out=[],n=0;
          document.querySelectorAll('main table').forEach(function(t,i){n++;var name=t.id||'table'+i;
            var box=t.parentElement.closest('.card,.scroll,main'),b=box.getBoundingClientRect(),r=t.getBoundingClientRect();
            if(box.scrollWidth>box.clientWidth+1||r.right>b.right+1)out.push(name+' wider than its card: '+Math.round(r.width)+' px in '+Math.round(box.clientWidth)+' px');
            t.querySelectorAll('td').forEach(function(c){var words=c.textContent.trim().split(/\s+/).filter(function(w){return w.length>0;});if(words.length<3||words.some(function(w){return w.length>20;}))return;
              var rg=document.createRange();rg.selectNodeContents(c);var tops={};Array.prototype.forEach.call(rg.getClientRects(),function(x){tops[Math.round(x.top)]=1;});
              var lines=Object.keys(tops).length;if(lines>=words.length)out.push(name+' cell "'+c.textContent.trim().slice(0,40)+'" wraps one word per line ('+lines+' lines)');});});
          var p=document.createElement('pre');p.id='table-fit';p.textContent='checked '+n+(out.length?'\n'+out.join('\n'):'');document.body.appendChild(p);});}
        """#

    /// A whole page: `body` inside the frame, `script` at the end; the footer names `datasets`,
    /// the datasets behind what the page shows (none: no footer).
    public static func document(
        _ title: String, active: Section, _ body: String, script: String = "", wide: Bool = false,
        datasets: [DatasetLine] = []
    ) -> String {
        let nav = Section.allCases.filter { $0 != .none }
            .map { "<a href=\"\($0.path)\"\($0 == active ? " class=\"active\"" : "")>\($0.rawValue)</a>" }.joined()
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.esc(title)) — Yuheng</title>
            <style>
            \(style)
            </style></head><body>
            <header><b>Yuheng</b><nav>\(nav)</nav></header>
            <main\(wide ? " class=\"wide\"" : "")>
            \(body)
            \(footer(datasets))
            </main><div id="tip"></div>
            <script>
            document.querySelectorAll('.country').forEach(function(el){
              el.addEventListener('mousemove',function(e){var t=document.getElementById('tip');var s=el.querySelector('title');if(!s)return;t.textContent=s.textContent;t.style.display='block';t.style.left=(e.clientX+12)+'px';t.style.top=(e.clientY+12)+'px';});
              el.addEventListener('mouseleave',function(){document.getElementById('tip').style.display='none';});
            });
            \(textBoundsCheck)
            \(tableFitCheck)
            \(script)
            </script></body></html>
            """
    }
}
