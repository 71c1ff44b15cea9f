import Foundation
import Testing
import YuhengServices
import YuhengTestSupport

/// Headless Chromium (Debian's `chromium` package) against the running server.
enum Chromium {
    static let path: String? = {
        if let p = ProcessInfo.processInfo.environment["YUHENG_CHROMIUM"], FileManager.default.isExecutableFile(atPath: p) { return p }
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for d in dirs {
            for name in ["chromium", "chromium-browser"] {
                let p = "\(d)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }()

    /// Where the screenshots go (kept after the run for a look).
    static let screenshots: URL = {
        let d = URL(fileURLWithPath: ProcessInfo.processInfo.environment["YUHENG_SCREENSHOTS"] ?? "/tmp/yuheng-screenshots")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    /// Runs chromium headless with `arguments` + `url`; returns its standard output.
    static func run(_ arguments: [String], url: String, timeout: Double = 90) async throws -> String {
        try await runCapturing(arguments, url: url, timeout: timeout).stdout
    }

    /// Runs chromium headless with `arguments` + `url`; returns its standard output and standard error.
    static func runCapturing(_ arguments: [String], url: String, timeout: Double = 90) async throws -> (stdout: String, stderr: String) {
        let chromium = try #require(path)
        let work = Paths.newFolder("chromium")
        let out = work.appendingPathComponent("stdout"), err = work.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer { try? handle.close(); try? errHandle.close() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        p.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=\(work.appendingPathComponent("profile").path)"
            ] + arguments + [url]
        p.standardOutput = handle
        p.standardError = errHandle
        p.standardInput = FileHandle.nullDevice
        let (exited, continuation) = AsyncStream<Int32>.makeStream()
        p.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
        }
        try p.run()
        let pid = p.processIdentifier
        let watchdog = Task { // a hung browser must not hang the suite
            try await Task.sleep(for: .seconds(timeout))
            kill(pid, SIGKILL)
        }
        var iterator = exited.makeAsyncIterator()
        let status = await iterator.next() ?? -1
        watchdog.cancel()
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        guard status == 0 else { throw TestFailure("chromium exited with status \(status) for \(url): \(stderr.suffix(2000))") }
        return (try String(contentsOf: out, encoding: .utf8), stderr)
    }

    static func dumpDOM(_ url: String) async throws -> String {
        try await run(["--dump-dom"], url: url)
    }

    /// Takes a screenshot of `url` into `file`. On a loaded machine headless Chromium sometimes exits 0 without
    /// writing the file; that is tried again (three times in all) and then reported with Chromium's own messages.
    static func screenshot(_ url: String, to file: URL) async throws {
        var messages = ""
        for _ in 1...3 {
            try? FileManager.default.removeItem(at: file)
            messages = try await runCapturing(["--screenshot=\(file.path)", "--window-size=1200,1000"], url: url).stderr
            if FileManager.default.fileExists(atPath: file.path) { return }
        }
        throw TestFailure("chromium wrote no screenshot of \(url) in three tries: \(messages.suffix(2000))")
    }
}

/// Start tags of an element name with their attributes, from serialised HTML.
func tags(_ name: String, in html: String) -> [[String: String]] {
    let tag = try! Regex("<\(name)\\b([^>]*)>")
    let attribute = try! Regex(#"([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"]*)""#)
    return html.matches(of: tag).map { m in
        let text = String(m.output[1].substring ?? "")
        var out: [String: String] = [:]
        for a in text.matches(of: attribute) { out[String(a.output[1].substring ?? "")] = String(a.output[2].substring ?? "") }
        return out
    }
}

/// The text of the element with the given id (simple elements without children).
func elementText(id: String, in html: String) -> String? {
    let r = try! Regex("<(\\w+)\\b[^>]*\\bid=\"\(id)\"[^>]*>([^<]*)</")
    return html.firstMatch(of: r).map { String($0.output[2].substring ?? "") }
}

@Suite(
    "Web pages in headless Chromium", .tags(.browser), .timeLimit(.minutes(10)),
    .enabled(if: Chromium.path != nil, "chromium is not on PATH (install Debian's 'chromium' package, or set YUHENG_CHROMIUM): browser tests skipped")
)
struct BrowserTests {
    @Test("The map has one coloured country per panorama region with geometry, carrying the API's value")
    func map() async throws {
        let server = try await SharedServer.shared.get()
        let rows = try await server.client.get("/api/panorama").object()["rows"] as? [[String: Any]] ?? []
        let geometry = try await server.client.get("/api/geometry").object()
        #expect(geometry.count > 150)
        // The map's default measure is the adjustment (consumption − production) / production in %.
        var expected: [String: Double] = [:]
        for r in rows {
            guard let iso = r["iso3"] as? String, geometry[iso] != nil, let v = number(r["adjustment_pct"]) else { continue }
            expected[iso] = v
        }
        #expect(expected.count >= 35)

        let dom = try await Chromium.dumpDOM("\(server.base)/")
        #expect(dom.contains("<svg"), "no SVG in the rendered page")
        let paths = tags("path", in: dom)
        let countries = paths.filter { $0["class"] == "country" }
        let isoCodes = countries.compactMap { $0["data-iso3"] }
        #expect(isoCodes.count == countries.count, "a country path without data-iso3")
        #expect(Set(isoCodes).count == isoCodes.count, "a country drawn twice: \(isoCodes.sorted())")
        #expect(
            Set(isoCodes) == Set(expected.keys),
            "missing: \(Set(expected.keys).subtracting(isoCodes).sorted()), unexpected: \(Set(isoCodes).subtracting(expected.keys).sorted())")
        for c in countries {
            let iso = c["data-iso3"] ?? "?"
            guard let text = c["data-value"], let v = Double(text) else { Issue.record("\(iso) has no numeric data-value"); continue }
            if let e = expected[iso] { #expect(relativeDifference(v, e) < 1e-12, "\(iso): map \(v), API \(e)") }
            #expect(c["fill"]?.hasPrefix("#") == true || c["fill"]?.hasPrefix("rgb") == true, "\(iso) is not filled")
        }
        // Countries outside the MRIO with GCB's two boundaries are drawn from GCB (issue 17, item 9), the
        // rest grey, and every outline is drawn once.
        let nodata = paths.filter { $0["class"] == "country nodata" }.compactMap { $0["data-iso3"] }
        let gcb = paths.filter { $0["class"] == "country secondary" }
        #expect(gcb.count > 60 && gcb.allSatisfy { $0["data-source"]?.hasPrefix("GCB 2022") == true }, "\(gcb.count) GCB countries")
        let secondary = gcb.compactMap { $0["data-iso3"] }
        #expect(Set(nodata).union(isoCodes).union(secondary) == Set(geometry.keys))
        #expect(Set(nodata).isDisjoint(with: isoCodes) && Set(secondary).isDisjoint(with: isoCodes) && Set(secondary).isDisjoint(with: nodata))
        // The table lists every region.
        #expect(dom.contains("id=\"panorama\""))
        #expect(dom.components(separatedBy: "<a href=\"/country/").count - 1 >= expected.count)

        let shot = Chromium.screenshots.appendingPathComponent("map.png")
        try await Chromium.screenshot("\(server.base)/", to: shot)
        try checkPNG(shot)
    }

    @Test("/country/USA shows the API's production and consumption and a Sankey diagram")
    func countryPage() async throws {
        let server = try await SharedServer.shared.get()
        let detail = try await server.client.get("/api/panorama/USA").object()
        let row = try #require(detail["row"] as? [String: Any])
        let production = try #require(number(row["production_mt"]))
        let consumption = try #require(number(row["consumption_mt"]))

        let dom = try await Chromium.dumpDOM("\(server.base)/country/USA")
        #expect(
            elementText(id: "production", in: dom) == String(format: "%.1f", production),
            "production cell: \(elementText(id: "production", in: dom) ?? "missing")")
        #expect(
            elementText(id: "consumption", in: dom) == String(format: "%.1f", consumption),
            "consumption cell: \(elementText(id: "consumption", in: dom) ?? "missing")")
        #expect(elementText(id: "net", in: dom) == String(format: "%.1f", number(row["net_transfer_mt"]) ?? .nan))
        #expect(elementText(id: "country-name", in: dom)?.contains("United States") == true)
        let sankey = tags("svg", in: dom).filter { $0["id"] == "sankey" }
        #expect(sankey.count == 1, "the page has no #sankey svg")
        // One band per partner shown (the page shows the top 8 each way), all inside the drawing.
        let shown = try await server.client.get("/api/panorama/USA", ["top": "8"]).object()
        let partners = ((shown["imports_from"] as? [Any])?.count ?? 0) + ((shown["exports_to"] as? [Any])?.count ?? 0)
        if let start = dom.range(of: "id=\"sankey\""), let end = dom.range(of: "</svg>", range: start.upperBound..<dom.endIndex) {
            let svg = String(dom[start.upperBound..<end.lowerBound])
            let bands = tags("path", in: svg)
            #expect(bands.count == partners, "Sankey bands: \(bands.count), partners: \(partners)")
            let height = Double(sankey.first?["height"] ?? "") ?? 0
            let ys =
                bands.flatMap { band in
                    (band["d"] ?? "").matches(of: try! Regex(#"(-?[0-9.]+),(-?[0-9.]+)"#)).compactMap { Double($0.output[2].substring ?? "") }
                } + tags("text", in: svg).compactMap { Double($0["y"] ?? "") }
                + tags("rect", in: svg).compactMap { r in
                    Double(r["y"] ?? "").flatMap { y in Double(r["height"] ?? "").map { y + $0 } }
                }
            #expect(!ys.isEmpty && height > 0)
            #expect(ys.allSatisfy { $0 >= 0 && $0 <= height }, "the Sankey draws outside its \(height) px: lowest point \(ys.max() ?? 0)")
        } else {
            Issue.record("no Sankey svg element")
        }
        let top = (detail["imports_from"] as? [[String: Any]])?.first?["name"] as? String ?? "?"
        #expect(dom.contains(top), "the largest import partner \(top) is not on the page")

        let shot = Chromium.screenshots.appendingPathComponent("country-USA.png")
        try await Chromium.screenshot("\(server.base)/country/USA", to: shot)
        try checkPNG(shot)
    }

    @Test("/trends draws one dumbbell per region and measure carrying /api/mrio/series's values; the country page has its own")
    func trendsPage() async throws {
        let server = try await SharedServer.shared.get()
        let series = try await server.client.get("/api/mrio/series").object()
        let years = try #require(series["years"] as? [[String: Any]])
        #expect(years.map { $0["label"] as? String } == (2000...2011).map { String($0) }) // the bundled series (issue 17)
        let cba = years.map { ($0["D_cba_reg"] as? [String: Any]) ?? [:] }, pba = years.map { ($0["D_pba_reg"] as? [String: Any]) ?? [:] }
        // Independent check of the API against the engine's numbers for the same table (2011 = the panorama's accounts).
        let accounts = try await server.client.get("/api/mrio/accounts").object()
        let cba2011 = ((accounts["D_cba_reg"] as? [String: Any])?["CO2"] as? [String: Any]) ?? [:]
        #expect(number(cba.last?["CHN"]) == number(cba2011["CHN"]))

        let dom = try await Chromium.dumpDOM("\(server.base)/trends?top=10")
        let bells = tags("g", in: dom).filter { $0["class"] == "dumbbell" }
        #expect(bells.count == 20, "expected 10 regions × 2 measures, got \(bells.count)")
        let names = try await server.client.get("/api/panorama").object()["rows"] as? [[String: Any]] ?? []
        let code = Dictionary(uniqueKeysWithValues: names.compactMap { r in (r["name"] as? String).map { ($0, r["region"] as? String ?? "") } })
        for b in bells {
            let region = code[b["data-row"] ?? ""] ?? b["data-row"] ?? "?"
            let source = b["data-measure"] == "Production" ? pba : cba
            let from = Double(b["data-from"] ?? ""), to = Double(b["data-to"] ?? "")
            #expect(
                from.map { relativeDifference($0, (number(source[0][region]) ?? .nan) / 1000) < 1e-12 } == true,
                "\(region) \(b["data-measure"] ?? "")")
            #expect(
                to.map { relativeDifference($0, (number(source[source.count - 1][region]) ?? .nan) / 1000) < 1e-12 } == true,
                "\(region) \(b["data-measure"] ?? "")")
        }
        // The table has every region and the world.
        #expect(tags("tr", in: dom).filter { $0["data-region"] != nil }.count == 42)
        let shot = Chromium.screenshots.appendingPathComponent("trends.png")
        try await Chromium.screenshot("\(server.base)/trends", to: shot)
        try checkPNG(shot)

        let country = try await Chromium.dumpDOM("\(server.base)/country/CHN")
        #expect(country.contains("id=\"trend\""))
        #expect(tags("g", in: country).filter { $0["class"] == "dumbbell" }.count == 2)
    }

    @Test("/chat: the streaming script runs in the browser (it marks the form ready)")
    func chatPage() async throws {
        let server = try await SharedServer.shared.get()
        let dom = try await Chromium.dumpDOM("\(server.base)/chat")
        #expect(tags("form", in: dom).contains { $0["id"] == "chat-form" }, "no chat form")
        #expect(
            elementText(id: "chat-status", in: dom) == "ready",
            "the page's script did not run: \(elementText(id: "chat-status", in: dom) ?? "no #chat-status")")
    }

    @Test("/lca: the page's script (search, study jobs and report links) runs to its end in the browser")
    func lcaPage() async throws {
        let server = try await SharedServer.shared.get()
        let dom = try await Chromium.dumpDOM("\(server.base)/lca")
        let study = try #require(tags("div", in: dom).first { $0["id"] == "study" }, "no #study card")
        #expect(study["data-ready"] == "yes", "the page's script did not run to its end")
    }

    @Test("An LCA Monte Carlo job's page draws its histogram: one bar per bin, markers, the job's statistics")
    func monteCarloPage() async throws {
        let server = try await SharedServer.shared.get()
        let id = try await server.client.submitJob("lca-montecarlo", ["process": "9b3ead68", "iterations": 500, "seed": 4, "default_gsd": 1.1])
        let job = try await server.client.waitForJob(id)
        #expect(job["status"] as? String == "succeeded", "\(job)")
        let result = try await server.client.get("/api/jobs/\(id)/result").object()
        let counts = try #require((result["histogram"] as? [String: Any])?["counts"] as? [Int])
        let dom = try await Chromium.dumpDOM("\(server.base)/lca/montecarlo/\(id)")
        let bars = tags("rect", in: dom).filter { $0["class"] == "bar" }
        #expect(bars.count == counts.count && counts.reduce(0, +) == 500)
        #expect(tags("line", in: dom).filter { $0["class"] == "marker" }.count == 4)
        let median = try #require(elementText(id: "mc-median", in: dom).flatMap(Double.init))
        #expect(relativeDifference(median, try #require(number(result["median"]))) < 1e-5)
        let shot = Chromium.screenshots.appendingPathComponent("montecarlo.png")
        try await Chromium.screenshot("\(server.base)/lca/montecarlo/\(id)", to: shot)
        try checkPNG(shot)
    }

    @Test(
        "Item 10 (issue 16): every SVG text lies inside its drawing at 360, 1024 and 1920 px (map, trends, country pages with the Sankey, LCA, Monte Carlo)",
        arguments: [360, 1024, 1920])
    func textInsideDrawings(width: Int) async throws {
        let server = try await SharedServer.shared.get()
        let id = try await server.client.submitJob("lca-montecarlo", ["process": "9b3ead68", "iterations": 200, "seed": 5, "default_gsd": 1.1])
        #expect(try await server.client.waitForJob(id)["status"] as? String == "succeeded")
        let pages = [
            "/", "/?year=2009&measure=panoramic", "/?year=2022&gas=ghg", "/trends", "/sda?from=2005&to=2022", "/country/JPN?year=2022&gas=ghg",
            "/country/USA", "/country/TWN", "/country/CHN?year=2009",
            "/lca?process=a322a7e9-e44c-3024-9651-f9e62bb8d737", "/lca/montecarlo/\(id)"
        ]
        for page in pages {
            // The page's own check (#text-bounds): "checked N" and a line per text outside its drawing.
            let dom = try await Chromium.run(
                ["--dump-dom", "--window-size=\(width),1200", "--virtual-time-budget=5000"], url: "\(server.base)\(page)#text-bounds")
            let report = try #require(
                dom.firstMatch(of: try Regex(#"<pre id="text-bounds">([^<]*)</pre>"#)).map { String($0.output[1].substring ?? "") },
                "\(page) at \(width) px: no text-bounds report")
            let lines = report.split(separator: "\n")
            let checked = Int(lines.first?.split(separator: " ").last ?? "") ?? 0
            #expect(checked > 0, "\(page) at \(width) px: no SVG text checked")
            #expect(
                lines.count == 1,
                "\(page) at \(width) px: text outside its drawing (left right top bottom margins):\n\(lines.dropFirst().joined(separator: "\n"))")
        }
    }

    /// The page's own table check (#table-fit): the lines after "checked N", one per table wider
    /// than its card or cell wrapping one word per line.
    func tableFit(_ url: String, width: Int) async throws -> (checked: Int, problems: [String]) {
        let dom = try await Chromium.run(["--dump-dom", "--window-size=\(width),1200", "--virtual-time-budget=5000"], url: url + "#table-fit")
        let report = try #require(
            dom.firstMatch(of: try Regex(#"<pre id="table-fit">([^<]*)</pre>"#)).map { String($0.output[1].substring ?? "") },
            "\(url) at \(width) px: no table-fit report")
        let lines = report.split(separator: "\n").map(String.init)
        return (Int(lines.first?.split(separator: " ").last ?? "") ?? 0, Array(lines.dropFirst()))
    }

    @Test(
        "Item 8 (issue 16): /data lists every registered dataset; no title wraps one word per line (1024 and 1400 px) and at 1400 px the table fits its page",
        arguments: [1024, 1400])
    func dataPage(width: Int) async throws {
        let server = try await SharedServer.shared.get()
        let dom = try await Chromium.dumpDOM("\(server.base)/data")
        let registered = try await server.client.get("/api/datasets").json() as? [[String: Any]] ?? []
        let rows = tags("tr", in: dom).compactMap { $0["data-dataset"] }
        #expect(!registered.isEmpty && Set(rows) == Set(registered.compactMap { $0["id"] as? String }))
        let fit = try await tableFit("\(server.base)/data", width: width)
        #expect(fit.checked == 1)
        let wrapped = fit.problems.filter { $0.contains("one word per line") }
        #expect(wrapped.isEmpty, "at \(width) px:\n\(wrapped.joined(separator: "\n"))")
        if width >= 1400 { #expect(fit.problems.isEmpty, "at \(width) px:\n\(fit.problems.joined(separator: "\n"))") }
    }

    @Test(
        "Item 10 (issue 16): the national-demo inventory's table (2022, every gas) fits its card at 1400 px (it overflowed by 430 px), cells wrap sensibly at 1024 px",
        arguments: [1024, 1400])
    func inventoryTableFits(width: Int) async throws {
        let server = try await SharedServer.shared.get()
        // The page computes one year: the demo's 2022 activities (landfill left out: its first order
        // decay needs the disposal history of earlier years, i.e. a time series).
        let demo = try Paths.file("examples/inventory/national-demo.csv").split(separator: "\n", omittingEmptySubsequences: false)
        let csv = demo.filter { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return line.hasPrefix("#") || f.first == "id" || (f.count > 3 && f[1] == "2022" && f[3] != "landfill")
        }.joined(separator: "\n")
        let boundary = "----yuheng\(UUID().uuidString.prefix(8))"
        let body = multipartBody([("file", "national-demo.csv", csv), ("gwp", nil, "AR5"), ("csv", nil, "")], boundary: boundary)
        let r = try await server.client.send("POST", "/inventory", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        #expect(r.status == 200, "\(r.text.prefix(300))")
        #expect(r.text.contains("id=\"inventory-table\""))
        // The page as the browser got it, opened from a file (the form posts; Chromium's command line cannot).
        let file = Paths.newFolder("inventory-page").appendingPathComponent("national-demo.html")
        try r.body.write(to: file)
        let fit = try await tableFit(file.absoluteString, width: width)
        #expect(fit.checked >= 1)
        let wrapped = fit.problems.filter { $0.contains("one word per line") }
        #expect(wrapped.isEmpty, "at \(width) px:\n\(wrapped.joined(separator: "\n"))")
        if width >= 1400 { #expect(fit.problems.isEmpty, "at \(width) px:\n\(fit.problems.joined(separator: "\n"))") }
    }

    @Test(
        "Issue 17: the year (2000–2023) and gas selectors, a nowcast year's marking with its error range, GCB countries, the trends lines and the SDA chart"
    )
    func ghgPages() async throws {
        let server = try await SharedServer.shared.get()
        let c = server.client
        let api = try await c.get("/api/panorama", ["year": "2022", "gas": "ghg"]).object()
        let rows = try #require(api["rows"] as? [[String: Any]])
        let dom = try await Chromium.dumpDOM("\(server.base)/?year=2022&gas=ghg")
        let years = tags("option", in: selectBody(id: "year", in: dom))
        #expect(years.compactMap { $0["value"].flatMap(Int.init) }.sorted() == Array(2000...2023))
        #expect(Set(years.filter { $0["class"] == "nowcast" }.compactMap { $0["value"].flatMap(Int.init) }) == Set(2012...2023))
        #expect(years.first { $0["selected"] != nil }?["value"] == "2022")
        #expect(tags("option", in: selectBody(id: "gas", in: dom)).first { $0["selected"] != nil }?["value"] == "ghg")
        let error = try #require(api["error_range"] as? [String: Any])
        let note = try #require(
            dom.firstMatch(of: try Regex(#"<p class="nowcast" id="nowcast"[^>]*>([^<]*)</p>"#)).map { String($0.output[1].substring ?? "") })
        #expect(
            note.contains("nowcast from the \(MRIOService.latestTableYear) table")
                && note.contains(String(format: "±%.1f pp (median)", number(error["adj_err_median_pp"]) ?? .nan)))
        #expect(dom.contains("(nowcast)</text>") || dom.contains("(nowcast)</tspan>"), "the map's title does not say nowcast")
        // Every MRIO country carries the API's GHG adjustment; GCB countries are named as such.
        let expected = Dictionary(
            rows.compactMap { r in (r["iso3"] as? String).flatMap { iso in number(r["adjustment_pct"]).map { (iso, $0) } } },
            uniquingKeysWith: { a, _ in a })
        let drawn = tags("path", in: dom).filter { $0["class"] == "country" }
        #expect(drawn.count >= 35)
        for p in drawn {
            #expect(
                relativeDifference(Double(p["data-value"] ?? "") ?? .nan, expected[p["data-iso3"] ?? ""] ?? .nan) < 1e-12, "\(p["data-iso3"] ?? "?")")
        }
        #expect(tags("path", in: dom).contains { $0["class"] == "country secondary" && $0["data-source"]?.contains("GCB") == true })
        try await shot("/?year=2022&gas=ghg", "map-2022-ghg.png", server)

        let trends = try await Chromium.dumpDOM("\(server.base)/trends")
        let lines = tags("path", in: trends).filter { $0["class"]?.hasPrefix("series") == true }
        #expect(lines.contains { $0["class"] == "series dashed" } && lines.contains { $0["class"] == "series" })
        #expect(tags("div", in: trends).filter { $0["class"] == "card lines" }.count == 4)
        try await shot("/trends", "trends.png", server)

        let sda = try await c.get("/api/mrio/sda", ["from": "2005", "to": "2022", "gas": "ghg"]).object()
        let regions = try #require(sda["regions"] as? [[String: Any]])
        let largest = regions.sorted { abs(number($0["total_change"]) ?? 0) > abs(number($1["total_change"]) ?? 0) }.prefix(6).compactMap {
            $0["region"] as? String
        }
        let page = try await Chromium.dumpDOM("\(server.base)/sda?from=2005&to=2022&gas=ghg")
        #expect(tags("g", in: page).filter { $0["class"] == "waterfall" }.count == 6)
        #expect(tags("tr", in: page).compactMap { $0["data-region"] } == Array(largest))
        #expect(page.contains("id=\"nowcast\""))
        try await shot("/sda?from=2005&to=2022&gas=ghg", "sda.png", server)
    }

    /// The inside of the `<select id=…>` element.
    func selectBody(id: String, in html: String) -> String {
        guard let start = html.range(of: "<select name=\"\(id)\" id=\"\(id)\""),
            let end = html.range(of: "</select>", range: start.upperBound..<html.endIndex)
        else { return "" }
        return String(html[start.upperBound..<end.lowerBound])
    }

    func shot(_ page: String, _ name: String, _ server: RunningServer) async throws {
        let file = Chromium.screenshots.appendingPathComponent(name)
        try await Chromium.screenshot("\(server.base)\(page)", to: file)
        try checkPNG(file)
    }

    func checkPNG(_ file: URL) throws {
        let data = try Data(contentsOf: file)
        #expect(data.count > 10_000, "\(file.path) is only \(data.count) bytes")
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(file.path) is not a PNG")
    }
}
