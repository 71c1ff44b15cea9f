import Foundation
import Testing
import YuhengCore
import YuhengData

@Suite("JSON API over HTTP", .timeLimit(.minutes(10)))
struct APITests {
    static let coalPlant = "66280f03-b26f-35c4-bda2-3d4a8652943a" // Electricity, bituminous coal, at power plant (US LCI)

    @Test("/api/health answers ok with the job kinds")
    func health() async throws {
        let c = try await SharedServer.client
        let r = try await c.get("/api/health")
        #expect(r.status == 200)
        #expect(r.contentType.hasPrefix("application/json"))
        let o = try r.object()
        #expect(o["status"] as? String == "ok")
        #expect((o["version"] as? String)?.isEmpty == false)
        #expect(Set(o["job_kinds"] as? [String] ?? []).isSuperset(of: ["lca-study", "inventory", "panorama", "wait"]))
        #expect((o["datasets"] as? Int ?? 0) >= 10)
    }

    @Test("/api/datasets lists at least 10 datasets, each with a licence and a SHA-256 checksum")
    func datasets() async throws {
        let c = try await SharedServer.client
        let list = try await c.get("/api/datasets").array()
        #expect(list.count >= 10)
        let hex = try Regex("^[0-9a-f]{64}$")
        for d in list {
            let id = d["id"] as? String ?? "?"
            #expect((d["licence"] as? String)?.isEmpty == false, "dataset \(id) has no licence")
            let checksum = d["checksum"] as? String ?? ""
            #expect(checksum.wholeMatch(of: hex) != nil, "dataset \(id): checksum '\(checksum)' is not 64 hex digits")
        }
        let ids = Set(list.compactMap { $0["id"] as? String })
        #expect(ids.isSuperset(of: ["gwp", "countries", "gcb2022-national", "ipcc2006-stationary"]))
    }

    @Test("/api/datasets/gwp shows the dataset with its row counts; an unknown one is a 404 JSON error")
    func oneDataset() async throws {
        let c = try await SharedServer.client
        let r = try await c.get("/api/datasets/gwp")
        #expect(r.status == 200)
        let o = try r.object()
        let d = o["dataset"] as? [String: Any] ?? [:]
        #expect(d["id"] as? String == "gwp")
        #expect(d["licence"] as? String == "CC0-1.0")
        let rows = o["rows"] as? [String: Any] ?? [:]
        #expect(!rows.isEmpty && rows.values.allSatisfy { (number($0) ?? 0) > 0 }, "row counts: \(rows)")

        let missing = try await c.get("/api/datasets/no-such-dataset")
        #expect(missing.status == 404)
        #expect(missing.contentType.hasPrefix("application/json"))
        let e = try missing.apiError()
        #expect(e.code == "data.unknownDataset")
        #expect(e.message.contains("no-such-dataset"))
    }

    @Test("/api/factors finds the residential natural gas N2O factor (1A4b, 0.1 kg/TJ); a missing q is a 400 naming the field")
    func factors() async throws {
        let c = try await SharedServer.client
        let hits = try await c.get("/api/factors", ["q": "natural gas residential"]).array()
        #expect(!hits.isEmpty)
        let n2o = hits.compactMap { $0["factor"] as? [String: Any] }.first {
            $0["category"] as? String == "1A4b" && $0["gas"] as? String == "N2O" && $0["item"] as? String == "natural_gas"
        }
        #expect(n2o.flatMap { number($0["value"]) } == 0.1, "hits: \(hits.prefix(3))")
        #expect(n2o?["unit"] as? String == "kg/TJ")
        #expect(hits.allSatisfy { ($0["provenance"] as? [String: Any])?["licence"] is String }, "every hit carries its provenance")

        let limited = try await c.get("/api/factors", ["q": "natural gas", "limit": "2"]).array()
        #expect(limited.count == 2)

        let missing = try await c.get("/api/factors")
        #expect(missing.status == 400)
        let e = try missing.apiError()
        #expect(e.code == "request.missingParameter")
        #expect(e.field == "q")
        #expect(!e.message.isEmpty)

        let badLimit = try await c.get("/api/factors", ["q": "gas", "limit": "0"])
        #expect(badLimit.status == 400)
        #expect(try badLimit.apiError().field == "limit")
    }

    @Test("POST /api/inventory with IPCC-1 gives 301 320.29 t CO2e (AR5) and 301 358.49 t (AR6, JSON body)")
    func inventory() async throws {
        let c = try await SharedServer.client
        let csv = try Paths.file("examples/inventory/ipcc-1.csv")
        let r = try await c.send("POST", "/api/inventory", query: ["gwp": "AR5"], body: Data(csv.utf8), contentType: "text/csv")
        #expect(r.status == 200, "\(r.text.prefix(400))")
        let o = try r.object()
        let total = try #require(number(o["total_co2e_t"]))
        #expect(abs(total - 301_320.29) <= 0.01, "total \(total)")
        let byGas = o["by_gas_t"] as? [String: Any] ?? [:]
        #expect(number(byGas["CO2"]).map { abs($0 - 300_168) < 0.5 } == true, "by gas: \(byGas)")

        // The same file as JSON {csv, gwp} with AR6.
        let j = try await c.postJSON("/api/inventory", ["csv": csv, "gwp": "AR6"])
        #expect(j.status == 200, "\(j.text.prefix(400))")
        let totalAR6 = try #require(number(try j.object()["total_co2e_t"]))
        #expect(abs(totalAR6 - 301_358.49) <= 0.01, "AR6 total \(totalAR6)")
    }

    @Test("A bad activity file is a 400 with the inventory error code and the field")
    func badInventory() async throws {
        let c = try await SharedServer.client
        let header = "id,category,method,item,amount,unit,ad_uncertainty_pct,parameters\n"
        let negative = header + "coal,1.A.1.a,stationary,other_bituminous_coal,-5,Gg,,\n"
        let r = try await c.send("POST", "/api/inventory", body: Data(negative.utf8), contentType: "text/csv")
        #expect(r.status == 400)
        let e = try r.apiError()
        #expect(e.code == "inventory.negativeAmount")
        #expect(e.field == "amount")
        #expect(e.message.contains("negative"))

        let noCategory = "id,method,item,amount,unit\ncoal,stationary,other_bituminous_coal,5,Gg\n"
        let m = try await c.send("POST", "/api/inventory", body: Data(noCategory.utf8), contentType: "text/csv")
        #expect(m.status == 400)
        let me = try m.apiError()
        #expect(me.code.hasPrefix("inventory."))
        #expect(me.field == "category")

        let badGWP = try await c.send(
            "POST", "/api/inventory", query: ["gwp": "AR99"], body: Data(try Paths.file("examples/inventory/ipcc-1.csv").utf8),
            contentType: "text/csv")
        #expect(badGWP.status == 400)
        #expect(try badGWP.apiError().field == "gwp")
    }

    @Test(
        "GET /api/panorama is GHG in Mt CO2e by default (the GHG series' 2011); ?gas=co2 is the CO2 table: 41 regions, China's production 9793.9654 Mt; /api/panorama/CHN repeats the row with partners and paths"
    )
    func panorama() async throws {
        let c = try await SharedServer.client
        let co2 = try await c.get("/api/panorama", ["gas": "co2"])
        #expect(co2.status == 200)
        let co2Rows = try #require(try co2.object()["rows"] as? [[String: Any]])
        #expect(co2Rows.count == 41)
        let chnCO2 = try #require(co2Rows.first { $0["region"] as? String == "CHN" })
        let production = try #require(number(chnCO2["production_mt"]))
        #expect(abs(production - 9793.9654) <= 1e-3, "CHN production \(production)")

        // The default: GHG (CO2 + CH4 + N2O, AR5) as `yuheng panorama`, equal to the GHG series' 2011.
        let r = try await c.get("/api/panorama")
        #expect(r.status == 200)
        let o = try r.object()
        #expect(
            o["gas"] as? String == "ghg" && o["unit"] as? String == "Mt CO2e" && o["year"] as? Int == 2011, "\(o["gas"] ?? "-") \(o["unit"] ?? "-")")
        let rows = try #require(o["rows"] as? [[String: Any]])
        #expect(rows.count == 41)
        let chn = try #require(rows.first { $0["region"] as? String == "CHN" })
        let series = try await c.get("/api/mrio/series", ["gas": "ghg", "from": "2011", "to": "2011"]).object()
        let y2011 = try #require((series["years"] as? [[String: Any]])?.first)
        let regions = y2011["regions"] as? [String] ?? [], pba = (y2011["production_mt"] as? [Any])?.compactMap(number) ?? []
        let i = try #require(regions.firstIndex(of: "CHN"))
        #expect(relativeDifference(number(chn["production_mt"]) ?? .nan, pba[i]) < 1e-12)
        #expect((number(chn["production_mt"]) ?? 0) > production, "GHG production is not above CO2 production")

        let d = try await c.get("/api/panorama/CHN")
        #expect(d.status == 200)
        let detail = try d.object()
        for key in ["imports_from", "exports_to", "paths"] {
            #expect(!((detail[key] as? [Any]) ?? []).isEmpty, "\(key) is empty")
        }
        let row = try #require(detail["row"] as? [String: Any])
        let differing = try Set(row.keys).union(chn.keys).sorted().filter { k in
            try canonical(row[k] ?? NSNull()) != canonical(chn[k] ?? NSNull())
        }
        let differences = try differing.map { "\($0): \(try canonical(row[$0] ?? NSNull())) vs \(try canonical(chn[$0] ?? NSNull()))" }
        #expect(differing.isEmpty, "the country row differs from the panorama row in \(differences)")
        // Partners exclude the region itself and are sorted by decreasing Mt.
        let imports = detail["imports_from"] as? [[String: Any]] ?? []
        #expect(!imports.contains { $0["region"] as? String == "CHN" })
        let mts = imports.compactMap { number($0["mt"]) }
        #expect(mts == mts.sorted(by: >))

        let unknown = try await c.get("/api/panorama/XYZ")
        #expect(unknown.status == 404)
        #expect(try unknown.apiError().code == "mrio.unknownRegion")
    }

    @Test("?year=2009 gives the 2009 table's panorama (GCB 2009 beside it) on the API, the map and the country pages; an unbundled year is a 404")
    func panorama2009() async throws {
        let c = try await SharedServer.client
        let o = try await c.get("/api/panorama", ["year": "2009", "gas": "co2"]).object()
        #expect(o["year"] as? Int == 2009)
        let rows = try #require(o["rows"] as? [[String: Any]])
        let chn = try #require(rows.first { $0["region"] as? String == "CHN" })
        // The 2009 table's own numbers: the series endpoint (computed independently of the panorama cache).
        let series = try await c.get("/api/mrio/series").object()["years"] as? [[String: Any]] ?? []
        let pba2009 = try #require(number((series.first { $0["label"] as? String == "2009" }?["D_pba_reg"] as? [String: Any])?["CHN"]))
        #expect(relativeDifference(number(chn["production_mt"]) ?? .nan, pba2009 / 1000) < 1e-12)
        let chn2011 = try #require(
            (try await c.get("/api/panorama", ["gas": "co2"]).object()["rows"] as? [[String: Any]])?.first { $0["region"] as? String == "CHN" })
        #expect(number(chn["gcb_territorial_mt"]) != nil && number(chn["gcb_territorial_mt"]) != number(chn2011["gcb_territorial_mt"]))
        let detail = try await c.get("/api/panorama/CHN", ["year": "2009", "gas": "co2"]).object()
        #expect(detail["year"] as? Int == 2009)
        #expect(number((detail["row"] as? [String: Any])?["production_mt"]) == number(chn["production_mt"]))
        // Pages: the map selects 2009 and links its countries with the year; the country page says 2009.
        let map = try await c.get("/", ["year": "2009"])
        #expect(map.status == 200 && map.text.contains("<option value=\"2009\" selected>") && map.text.contains("/country/CHN?year=2009"))
        let page = try await c.get("/country/CHN", ["year": "2009"])
        #expect(page.status == 200 && page.text.contains(", 2009</h1>"))
        // Bad years.
        let missing = try await c.get("/api/panorama", ["year": "2030"])
        let missingCode = try missing.apiError().code
        #expect(missing.status == 404 && missingCode == "mrio.unknownYear")
        let bad = try await c.get("/api/panorama/CHN", ["year": "soon"])
        let badField = try bad.apiError().field
        #expect(bad.status == 400 && badField == "year")
    }

    @Test("/api/mrio/accounts has the four regional accounts, consistent with the panorama's CO2 view")
    func mrioAccounts() async throws {
        let c = try await SharedServer.client
        let o = try await c.get("/api/mrio/accounts").object()
        for key in ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"] {
            #expect(((o[key] as? [String: Any])?["CO2"] as? [String: Any])?.count == 41, "\(key)")
        }
        #expect((o["regions"] as? [String])?.count == 41)
        let rows = try await c.get("/api/panorama", ["gas": "co2"]).object()["rows"] as? [[String: Any]] ?? []
        let chn = try #require(rows.first { $0["region"] as? String == "CHN" })
        let cba = number(((o["D_cba_reg"] as? [String: Any])?["CO2"] as? [String: Any])?["CHN"]) ?? 0
        let pba = number(((o["D_pba_reg"] as? [String: Any])?["CO2"] as? [String: Any])?["CHN"]) ?? 0
        #expect(relativeDifference(cba / 1000, number(chn["consumption_mt"]) ?? 0) < 1e-9) // kt → Mt
        #expect(relativeDifference(pba / 1000, number(chn["production_mt"]) ?? 0) < 1e-9)
    }

    @Test(
        "LCA: search, calculate (0.30211176 kg CO2e/MJ × 3.6 per kWh for bituminous coal power), contributions summing to the total, unknown process 404"
    )
    func lca() async throws {
        let c = try await SharedServer.client
        let hits = try await c.get("/api/lca/search", ["q": "electricity coal"]).array()
        #expect(
            hits.contains { $0["process_id"] as? String == Self.coalPlant && ($0["name"] as? String)?.contains("bituminous coal") == true },
            "hits: \(hits.prefix(5))")

        let r = try await c.postJSON("/api/lca/calculate", ["process": Self.coalPlant])
        #expect(r.status == 200, "\(r.text.prefix(400))")
        let total = try #require(number(try r.object()["total"]))
        // Per kWh, the process's own unit: the reference's 0.30211176 kg CO2e/MJ × 3.6 MJ/kWh.
        #expect(try r.object()["unit"] as? String == "kWh")
        #expect(relativeDifference(total, 3.6 * 0.30211176146979063) < 1e-6, "total \(total)")

        let contributions = try await c.get("/api/lca/contributions", ["process": Self.coalPlant])
        #expect(contributions.status == 200)
        let co = try contributions.object()
        let rows = co["contributions"] as? [[String: Any]] ?? []
        #expect(rows.count > 1)
        let sum = rows.compactMap { number($0["kg_co2e"]) }.reduce(0, +)
        let ctotal = try #require(number(co["total"]))
        #expect(relativeDifference(sum, ctotal) < 1e-9)
        #expect(relativeDifference(ctotal, total) < 1e-6)

        let unknown = try await c.postJSON("/api/lca/calculate", ["process": "no-such-process-xyz"])
        #expect(unknown.status == 404)
        #expect(try unknown.apiError().code == "lca.unknownProcess")

        let empty = try await c.send("POST", "/api/lca/calculate", body: Data(), contentType: "application/json")
        #expect(empty.status == 400)
        let malformed = try await c.send("POST", "/api/lca/calculate", body: Data("{\"amount\": 1}".utf8), contentType: "application/json")
        #expect(malformed.status == 400)
        #expect(try malformed.apiError().code == "request.malformed")
    }

    @Test("Web pages answer with HTML")
    func pages() async throws {
        let c = try await SharedServer.client
        for path in ["/", "/country/CHN", "/data", "/inventory", "/lca", "/chat"] {
            let r = try await c.get(path)
            #expect(r.status == 200, "\(path)")
            #expect(r.contentType.hasPrefix("text/html"), "\(path)")
            #expect(r.text.contains("<!DOCTYPE html>"), "\(path)")
        }
        let unknown = try await c.get("/country/XYZ")
        #expect(unknown.status == 404)
        #expect(unknown.contentType.hasPrefix("text/html"))
    }
}

@Suite("Caches under concurrent first requests", .timeLimit(.minutes(10)))
struct CacheTests {
    @Test("Concurrent first requests of a fresh server all get the same panorama")
    func onePanorama() async throws {
        let server = try await RunningServer.start(databasePath: try TemplateDatabase.copy("caches"))
        let c = server.client
        let bodies = try await withThrowingTaskGroup(of: (String, Data).self) { group in
            for k in 0..<6 {
                group.addTask {
                    let r = k % 2 == 0 ? try await c.get("/api/panorama") : try await c.get("/api/panorama/CHN")
                    guard r.status == 200 else { throw TestFailure("HTTP \(r.status) \(r.text.prefix(200))") }
                    return (k % 2 == 0 ? "panorama" : "CHN", r.body)
                }
            }
            return try await group.reduce(into: [(String, Data)]()) { $0.append($1) }
        }
        let panoramas = Set(bodies.filter { $0.0 == "panorama" }.map(\.1))
        #expect(panoramas.count == 1, "the concurrent requests got \(panoramas.count) different panoramas")
        let rows = try Set(
            bodies.filter { $0.0 == "CHN" }.map { b -> String in
                let o = try JSONSerialization.jsonObject(with: b.1) as? [String: Any] ?? [:]
                return try canonical(o["row"] ?? NSNull())
            })
        #expect(rows.count == 1, "the concurrent requests got \(rows.count) different rows for CHN")
        if let p = panoramas.first, let all = try JSONSerialization.jsonObject(with: p) as? [String: Any],
            let chn = (all["rows"] as? [[String: Any]])?.first(where: { $0["region"] as? String == "CHN" })
        {
            let expected = try canonical(chn)
            #expect(rows == [expected], "the CHN row of /api/panorama/CHN differs from /api/panorama")
        }
        await server.stop()
    }

    @Test("Factor search answers from its cache until a dataset changes — also when another process imports one")
    func factorSearchCache() async throws {
        let path = try TemplateDatabase.copy("factor-cache")
        let server = try await RunningServer.start(databasePath: path)
        let c = server.client
        let q = ["q": "zzyuhengtestfuel"]
        #expect(try await c.get("/api/factors", q).array().isEmpty)
        #expect(try await c.get("/api/factors", q).array().isEmpty) // answered from the cache
        // another connection (as another process would) imports a factor the cached answer does not have
        let other = try YuhengDatabase.open(path: path, installBundled: false)
        _ = try other.importFactorCSV(
            text: "table,item,value,unit,description\nuser,zzyuhengtestfuel,2.5,kg/TJ,a test fuel\n", fileName: "t.csv",
            info: DatasetInfo(id: "cache-test", title: "cache test", version: "1", source: "test", licence: "CC0-1.0", date: ""))
        let hits = try await c.get("/api/factors", q).array()
        #expect(hits.count == 1)
        #expect((hits.first?["factor"] as? [String: Any]).flatMap { number($0["value"]) } == 2.5)
        try other.removeDataset("cache-test")
        #expect(try await c.get("/api/factors", q).array().isEmpty)
        await server.stop()
    }
}
