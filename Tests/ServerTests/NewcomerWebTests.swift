import Foundation
import Testing
import YuhengServer
import YuhengServices

/// The text of every element matching `pattern` (a regex whose group 1 is the element's content),
/// with inner tags removed.
func texts(_ pattern: String, in html: String) -> [String] {
    let r = try! Regex(pattern)
    return html.matches(of: r).map { m in
        String(m.output[1].substring ?? "").replacing(try! Regex("<[^>]*>"), with: "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The dataset ids a page's footer names (`footer#page-datasets`, one `span data-dataset` each).
func footerDatasets(_ html: String) -> Set<String> {
    guard let r = html.range(of: "<footer class=\"muted\" id=\"page-datasets\">"), let end = html[r.upperBound...].range(of: "</footer>") else {
        return []
    }
    return Set(tags("span", in: String(html[r.upperBound..<end.lowerBound])).compactMap { $0["data-dataset"] })
}

/// Issue 16's newcomer defects on the web pages (items 2, 5, 9, 11, 12, 13, 14), checked over HTTP
/// against the JSON API's own numbers.
@Suite("Web pages a newcomer reads", .timeLimit(.minutes(10)))
struct NewcomerWebTests {
    @Test("Item 2: every change beside a dumbbell names its measure and equals the dumbbell's change; tables say what a % is of")
    func percentagesSayOfWhat() async throws {
        let c = try await SharedServer.client
        for (path, query) in [("/trends", [:]), ("/country/CHN", [:]), ("/country/USA", ["year": "2009"])] as [(String, [String: String])] {
            let html = try await c.get(path, query).text
            let bells = tags("g", in: html).filter { $0["class"] == "dumbbell" }
            let changes = try Regex(#"<text [^>]*class="change" data-measure="([^"]+)">([^<]+)</text>"#)
            let labels = html.matches(of: changes).map { (measure: String($0.output[1].substring ?? ""), text: String($0.output[2].substring ?? "")) }
            #expect(!bells.isEmpty && labels.count == bells.count, "\(path): \(labels.count) change labels for \(bells.count) dumbbells")
            for (bell, label) in zip(bells, labels) {
                let from = try #require(Double(bell["data-from"] ?? "")), to = try #require(Double(bell["data-to"] ?? ""))
                #expect(label.measure == bell["data-measure"])
                let expected = "\(label.measure.lowercased()) " + String(format: "%+.1f %%", (to - from) / abs(from) * 100)
                #expect(label.text == expected, "\(path) \(bell["data-row"] ?? ""): '\(label.text)' vs '\(expected)'")
            }
        }
        let map = try await c.get("/").text
        #expect(map.contains("<th>Adjustment, % of production</th>"))
        let country = try await c.get("/country/USA").text
        #expect(country.contains("% of production") && country.contains("Share of the consumption footprint, %"))
        let trends = try await c.get("/trends").text
        let first = try await Self.tableYears(c).first!
        #expect(
            trends.contains("Production change, % of \(first) production") && trends.contains("Consumption change, % of \(first) consumption"),
            "first table year \(first)")
    }

    /// The bundled input-output table years (the years whose CO2 panorama is a table, not a nowcast).
    static func tableYears(_ c: HTTPClient) async throws -> [Int] {
        var years: [Int] = []
        for y in 2000...2023 where try await c.get("/api/panorama", ["year": "\(y)"]).object()["estimate"] as? String != "nowcast" { years.append(y) }
        return years
    }

    @Test(
        "Item 11: the maps of the bundled table years share one colour scale (95th percentile of |adjustment| over all of them), stated in the legend"
    )
    func oneColourScale() async throws {
        let c = try await SharedServer.client
        let years = try await Self.tableYears(c)
        #expect(years.count >= 2 && years.contains(2009) && years.contains(2011))
        var adjustments: [Double] = [], consumption: [Double] = []
        for y in years {
            for row in try await c.get("/api/panorama", ["year": "\(y)"]).object()["rows"] as? [[String: Any]] ?? [] where row["iso3"] is String {
                if let a = number(row["adjustment_pct"]), a.isFinite { adjustments.append(abs(a)) }
                if let k = number(row["consumption_mt"]), k.isFinite { consumption.append(k) }
            }
        }
        adjustments.sort()
        #expect(adjustments.count > 30 * years.count)
        let p95 = adjustments[min(adjustments.count - 1, Int(Double(adjustments.count) * 0.95))]
        let span = "\(years.first!)–\(years.last!)"
        for y in [2009, 2011] {
            let html = try await c.get("/", ["year": "\(y)"]).text
            let note = texts(#"<text [^>]*class="legend-note"[^>]*>(.*?)</text>"#, in: html).joined(separator: " ")
            #expect(
                note.hasPrefix("One colour scale for \(span): ±\(String(format: "%.1f", p95)) (95th percentile of all \(years.count) years' values)"),
                "\(y): \(note)")
            let k = try await c.get("/", ["year": "\(y)", "measure": "consumption"]).text
            let kNote = texts(#"<text [^>]*class="legend-note"[^>]*>(.*?)</text>"#, in: k).joined(separator: " ")
            #expect(kNote.hasPrefix("One colour scale for \(span): 0.0 to \(String(format: "%.1f", consumption.max() ?? .nan))"), "\(y): \(kNote)")
        }
    }

    @Test("Item 9: each page's footer names exactly the datasets behind what it shows")
    func footers() async throws {
        let c = try await SharedServer.client
        var panorama: [Int: Set<String>] = [:]
        let years = try await Self.tableYears(c)
        for y in years {
            let ds = try await c.get("/api/panorama", ["year": "\(y)"]).object()["datasets"] as? [[String: Any]] ?? []
            panorama[y] = Set(ds.compactMap { $0["dataset_id"] as? String })
        }
        #expect(panorama[2011]?.isSuperset(of: ["gcb2024-luc", "gmb2020-regions", "cait-lucf"]) == true, "\(panorama)")
        // The tables of the trends the pages draw: every bundled table year's GHG table.
        let tables = Set(years.map { "wiod\($0)-ghg" })
        let all = years.reduce(Set<String>()) { $0.union(panorama[$1]!) }
        for y in [2009, 2011] {
            // The map: the year's panorama, the other years' (the shared colour scale), the outlines and GCB
            // (the countries outside the table, issue 17 item 9).
            let mapFooter = footerDatasets(try await c.get("/", ["year": "\(y)"]).text)
            let mapSets = all.union(["country-geometry", "gcb2022-national"])
            #expect(mapFooter == mapSets, "map \(y): extra \(mapFooter.subtracting(mapSets)) missing \(mapSets.subtracting(mapFooter))")
            // A country page: its year's panorama and the tables of the trend it draws.
            let countryFooter = footerDatasets(try await c.get("/country/USA", ["year": "\(y)"]).text)
            #expect(
                countryFooter == panorama[y]!.union(tables),
                "country \(y): extra \(countryFooter.subtracting(panorama[y]!.union(tables))) missing \(panorama[y]!.union(tables).subtracting(countryFooter))"
            )
        }
        // The trends page: the tables of its change and the GHG series of its lines (issue 17).
        let series = try await c.get("/api/mrio/series", ["gas": "ghg"]).object()["datasets"] as? [[String: Any]] ?? []
        #expect(footerDatasets(try await c.get("/trends").text) == tables.union(series.compactMap { $0["dataset_id"] as? String }))
        // A footprint: the process's LCI database (as the search names it) and the GWP set of the method.
        let hit = try #require(try await c.get("/api/lca/search", ["q": "electricity at grid", "limit": "1"]).array().first)
        let process = try #require(hit["process_id"] as? String), database = try #require(hit["database"] as? String)
        #expect(footerDatasets(try await c.get("/lca", ["process": process]).text) == [database, "gwp"])
        #expect(footerDatasets(try await c.get("/lca").text).isEmpty, "a page that shows no dataset's figures has no footer")
        // An inventory: the datasets of the API's result for the same file.
        let csv = try Paths.file("examples/inventory/ipcc-1.csv")
        let api = try await c.send("POST", "/api/inventory", query: ["gwp": "AR5"], body: Data(csv.utf8), contentType: "text/csv").object()
        let used = Set((api["datasets"] as? [[String: Any]] ?? []).compactMap { $0["dataset_id"] as? String })
        #expect(used.contains("gwp") && used.count > 1, "\(used)")
        let form = "gwp=AR5&csv=" + (csv.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let page = try await c.send("POST", "/inventory", body: Data(form.utf8), contentType: "application/x-www-form-urlencoded")
        #expect(page.status == 200 && footerDatasets(page.text) == used)
    }

    @Test("Item 5: an LCA footprint is per the process's own reference unit (kWh for grid electricity), as /api/lca/calculate gives it")
    func referenceUnit() async throws {
        let c = try await SharedServer.client
        let hits = try await c.get("/api/lca/search", ["q": "transport truck", "limit": "5"]).array()
        let electricity = try await c.get("/api/lca/search", ["q": "electricity at grid", "limit": "1"]).array()
        for hit in hits.prefix(2) + electricity {
            let id = try #require(hit["process_id"] as? String)
            let calc = try await c.postJSON("/api/lca/calculate", ["process": id]).object()
            let unit = try #require(calc["unit"] as? String), amount = try #require(number(calc["amount"]))
            let page = try await c.get("/lca", ["process": id]).text
            #expect(elementText(id: "footprint-per", in: page) == "per \(String(format: "%g", amount)) \(unit)", "\(id)")
            if let refUnit = calc["reference_unit"] as? String, refUnit != unit, let refAmount = number(calc["reference_amount"]) {
                #expect(elementText(id: "reference-basis", in: page)?.contains("= \(String(format: "%g", refAmount)) \(refUnit)") == true, "\(id)")
            }
            if electricity.contains(where: { $0["process_id"] as? String == id }) { #expect(unit == "kWh", "grid electricity is defined per kWh") }
            let total = try #require(number(calc["total"]) ?? number(calc["total_kg_co2e"]))
            let shown = try #require(elementText(id: "footprint-total", in: page)?.split(separator: " ").first.flatMap { Double($0) })
            #expect(relativeDifference(shown, total) < 1e-5, "\(id): \(shown) vs \(total)")
            if unit == "MJ" {
                // Per kWh for a process defined per MJ: × 3.6 MJ/kWh.
                let perKWh = try #require(elementText(id: "per-kwh", in: page))
                #expect(perKWh.contains(String(format: "%.4g kg CO2e per kWh", total * 3.6)), "\(perKWh)")
            }
        }
    }

    @Test(
        "Item 12: the search is a form (Enter searches); no hit says so; reports list product, date and result; web errors name no command; a refused Monte Carlo form keeps its values"
    )
    func lcaPage() async throws {
        let c = try await SharedServer.client
        let page = try await c.get("/lca").text
        #expect(try page.contains(Regex(#"<form method="get" action="/lca" id="search-form">.*?<input[^>]*name="q""#).dotMatchesNewlines()))
        let none = try await c.get("/lca", ["q": "zzqxv"]).text
        #expect(none.contains("No process matches “zzqxv”"))
        #expect(!none.contains("<table id=\"hits-table\""))
        let found = try await c.get("/lca", ["q": "electricity"]).text
        #expect(!found.contains("No process matches") && found.contains("<table id=\"hits-table\""))

        let id = try await c.submitJob("lca-study", ["study": try Paths.file("examples/lca/us-grid-electricity.yaml")])
        let job = try await c.waitForJob(id, timeout: 300)
        #expect(job["status"] as? String == "succeeded", "\(job)")
        let result = try await c.get("/api/jobs/\(id)/result").object()
        let title = try #require((((result["result"] as? [String: Any])?["study"]) as? [String: Any])?["title"] as? String)
        let total = try #require(number(result["total_kg_co2e"]))
        let listed = try await c.get("/lca").text
        let row = try #require(try Regex("<tr data-job=\"\(id)\">(.*?)</tr>").firstMatch(in: listed), "the study is not listed")
        let cells = texts("<td[^>]*>(.*?)</td>", in: String(row.output[1].substring ?? ""))
        #expect(cells.first == title)
        #expect(cells.contains { $0.hasPrefix(String((job["finished_at"] as? String ?? "?").prefix(10))) }, "\(cells)")
        #expect(cells.contains("\(String(format: "%.6g", total)) kg CO2e"), "\(cells)")

        let missing = try await c.get("/lca", ["process": "no-such-process-anywhere"]).text
        let error = try #require(texts(#"<div class="card bad" id="footprint-error">(.*?)</div>"#, in: missing).first)
        #expect(!error.isEmpty && !error.contains("yuheng ") && !error.contains("--"), "\(error)")

        let form = "process=9b3ead68&iterations=0&seed=7&default_gsd=1.3"
        let refused = try await c.send("POST", "/lca/montecarlo", body: Data(form.utf8), contentType: "application/x-www-form-urlencoded")
        // The page names the error as POST /api/jobs does for the same parameters.
        let api = try await c.postJSON(
            "/api/jobs", ["kind": "lca-montecarlo", "params": ["process": "9b3ead68", "iterations": 0, "seed": 7, "default_gsd": 1.3]])
        #expect(refused.status == 400 && api.status == 400)
        #expect(elementText(id: "mc-error-code", in: refused.text) == (try api.apiError().code), "\(refused.text.prefix(300))")
        let inputs = Dictionary(
            tags("input", in: refused.text).compactMap { t in t["id"].map { ($0, t["value"] ?? "") } }, uniquingKeysWith: { a, _ in a })
        #expect(
            inputs["mc-process"] == "9b3ead68" && inputs["mc-iterations"] == "0" && inputs["mc-seed"] == "7" && inputs["mc-gsd"] == "1.3", "\(inputs)"
        )
    }

    @Test("Item 13: a country outside the table shows the other datasets' figures; unknown paths and codes say what exists and link back")
    func errorPages() async throws {
        let c = try await SharedServer.client
        let html = ["Accept": "text/html"]
        let che = try await c.get("/country/CHE", headers: html)
        #expect(che.status == 404)
        #expect(che.text.contains("Switzerland"))
        #expect(che.text.contains("Territorial fossil CO2 (GCB 2022"))
        #expect(footerDatasets(che.text).contains("gcb2022-national"))
        let panorama = try await c.get("/api/panorama").object()["rows"] as? [[String: Any]] ?? []
        let inTable = Set(panorama.compactMap { $0["iso3"] as? String })
        let linked = Set(
            tags("a", in: che.text).compactMap { $0["href"] }.filter { $0.hasPrefix("/country/") }.map { String($0.dropFirst(9).prefix(3)) })
        #expect(linked == inTable, "links to the table's countries")
        #expect(tags("a", in: che.text).contains { $0["href"] == "/" })
        // The default (GHG) page says why there is no GHG account; the CO2 view and a nowcast year give the same kind of page.
        #expect(
            elementText(id: "outside-note", in: che.text)?.hasPrefix("GHG-wide (CO2 + CH4 + N2O) accounts exist only for the table's regions") == true
        )
        // A table region's page: the panoramic total (consumption + land-use CO2) is in the page's unit.
        for (query, unit) in [([String: String](), "Mt CO2e"), (["gas": "co2"], "Mt CO2")] {
            let chn = try await c.get("/country/CHN", query, headers: html).text
            let cell = chn.firstMatch(of: try Regex(#"id="panoramic">[^<]*</td><td>([^<]*)</td>"#)).map { String($0.output[1].substring ?? "") }
            #expect(cell == unit, "\(query): \(cell ?? "no #panoramic row")")
        }
        for query in [["gas": "co2"], ["gas": "ghg", "year": "2020"], ["gas": "ch4", "year": "2005"]] {
            let page = try await c.get("/country/CHE", query, headers: html)
            #expect(page.status == 404 && page.text.contains("id=\"outside-table\"") && page.text.contains("Switzerland"), "\(query)")
            #expect((elementText(id: "outside-note", in: page.text) != nil) == (query["gas"] != "co2"), "\(query)")
            #expect(page.text.contains(", \(query["year"] ?? "2011")</h1>"), "\(query)")
        }

        for path in ["/no/such/page", "/country/XQZ"] {
            let r = try await c.get(path, headers: html)
            #expect(r.status == 404 && r.contentType.hasPrefix("text/html"), "\(path): \(r.status) \(r.contentType)")
            let hrefs = Set(tags("a", in: r.text).compactMap { $0["href"] })
            #expect(hrefs.contains("/"), "\(path) links back to the map")
            #expect(!r.text.contains("yuheng "), "\(path) suggests a command")
        }
        let unknown = try await c.get("/no/such/page", headers: html)
        #expect(unknown.text.contains("There is no page <code>/no/such/page</code>"))
        #expect(Set(tags("a", in: unknown.text).compactMap { $0["href"] }).isSuperset(of: ["/trends", "/inventory", "/lca", "/data", "/chat"]))
    }

    @Test("Item 14: 'Test connection' asks the model endpoint (ok with a model, not configured without)")
    func testConnection() async throws {
        let c = try await SharedServer.client
        let model = try SharedServer.model.get()
        let before = model.requests.count
        let ok = try await c.postJSON("/api/chat/test", [String: Any]()).object()
        #expect(ok["ok"] as? Bool == true && ok["configured"] as? Bool == true, "\(ok)")
        #expect(model.requests.count > before, "the model endpoint was not called")
        #expect(try await c.get("/chat").text.contains("id=\"chat-test\""))

        let off = try await RunningServer.start(databasePath: try TemplateDatabase.copy("chat-test-off"))
        let no = try await off.client.postJSON("/api/chat/test", [String: Any]()).object()
        #expect(no["ok"] as? Bool == false && no["configured"] as? Bool == false)
        #expect((no["message"] as? String)?.contains("No language model is configured") == true)
        #expect(!((no["advice"] as? String) ?? "").contains("--"), "advice names a flag")
        let page = try await off.client.get("/chat").text
        #expect(page.contains("id=\"chat-test\"") && !page.contains("id=\"chat-form\""))
        await off.stop()
    }
}

@Suite("One cache per server process", .timeLimit(.minutes(10)))
struct OneSolvePerTableTests {
    @Test("Item 3 (issue 15): each bundled table is factorised once across panorama (GHG and CO2), series, map, country pages and an agent tool")
    func oneSolvePerTable() async throws {
        let cache = ServiceCache(capacity: 4 << 30)
        let server = try await RunningServer.start(databasePath: try TemplateDatabase.copy("one-solve"), cache: cache)
        let c = server.client
        #expect(cache.computations(of: MRIOService.solveNamespace) == 0)
        for (path, query) in [
            ("/api/panorama", [:]), ("/api/panorama", ["year": "2009", "gas": "co2"]), ("/api/mrio/series", [:]), ("/", ["year": "2009"]),
            ("/country/CHN", [:]), ("/country/USA", ["year": "2009"]), ("/trends", [:])
        ] as [(String, [String: String])] {
            let r = try await c.get(path, query)
            #expect(r.status == 200, "\(path) \(query): \(r.status)")
        }
        let mcp = MCPHTTPClient(c)
        _ = try await mcp.initialize()
        _ = try await mcp.send("notifications/initialized", notification: true)
        for tool in ["mrio_accounts", "panorama"] {
            let called = try await mcp.send("tools/call", ["name": tool, "arguments": [String: Any]()])
            #expect(called.result?["isError"] as? Bool != true, "\(tool): \(called.http.text.prefix(300))")
        }
        // One factorisation per bundled table year: the CO2 views (`wiod2009-co2`, the series' CO2 accounts) and
        // the GHG panorama, its change and the nowcasts share the LU of their series table.
        let years = try await c.get("/api/mrio/series").object()["years"] as? [[String: Any]] ?? []
        #expect(years.count == 12)
        #expect(cache.computations(of: MRIOService.modelNamespace) == years.count)
        #expect(cache.computations(of: MRIOService.solveNamespace) >= years.count, "the CO2 accounts of every table year were asked for")
        await server.stop()
    }
}
