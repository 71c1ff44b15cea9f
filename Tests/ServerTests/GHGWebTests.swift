import Foundation
import Testing
import YuhengData
import YuhengMRIO
import YuhengServices
@testable import YuhengServer

/// Issue 17 on the server: `year`, `gas` and `gwp` on the panorama, country, series and transfer
/// endpoints, `/api/mrio/sda`, and the pages' selectors. Expected numbers come from the services (the
/// use cases the CLI calls), asked directly on the server's database and cache.
@Suite("GHG series on the server (issue 17)", .serialized, .timeLimit(.minutes(20)))
struct GHGWebTests {
    static let cache = ServiceCache(capacity: 4 << 30)
    static let server: Task<(RunningServer, YuhengServices), any Error> = Task {
        let path = try TemplateDatabase.copy("ghg-web")
        let s = try await RunningServer.start(databasePath: path, cache: cache)
        return (s, YuhengServices(db: try YuhengDatabase.open(path: path), cache: cache))
    }

    @Test("/api/panorama?year=2022&gas=ghg is the services' nowcast panorama, flagged, in Mt CO2e; the country endpoint repeats its row")
    func panoramaNowcast() async throws {
        let (server, services) = try await Self.server.value
        let c = server.client
        let o = try await c.get("/api/panorama", ["year": "2022", "gas": "ghg"]).object()
        let expected = try services.panorama.ghgAccount(year: 2022, gas: .ghg, gwp: "AR5")
        #expect(
            o["estimate"] as? String == "nowcast" && o["base_table_year"] as? Int == MRIOService.latestTableYear && o["unit"] as? String == "Mt CO2e")
        #expect(o["year"] as? Int == 2022 && o["gas"] as? String == "ghg" && o["error_range"] != nil)
        let rows = try #require(o["rows"] as? [[String: Any]])
        let chn = try #require(rows.first { $0["region"] as? String == "CHN" })
        let e = try #require(expected.rows.first { $0.region == "CHN" })
        #expect(close(chn["production_mt"], e.productionMt) && close(chn["consumption_mt"], e.consumptionMt))
        // AR6 differs (CH4 29.8/27.0 instead of 28/28 … ) and is the services' AR6 account.
        let ar6 = try await c.get("/api/panorama", ["year": "2022", "gas": "ghg", "gwp": "AR6"]).object()
        let e6 = try services.panorama.ghgAccount(year: 2022, gas: .ghg, gwp: "AR6").rows.first { $0.region == "CHN" }
        let chn6 = (ar6["rows"] as? [[String: Any]])?.first { $0["region"] as? String == "CHN" }
        #expect(close(chn6?["production_mt"], e6?.productionMt ?? .nan) && e6?.productionMt != e.productionMt)
        // A table year with a gas is a table, not a nowcast.
        let t = try await c.get("/api/panorama", ["year": "2005", "gas": "ch4"]).object()
        #expect(t["estimate"] as? String == "table" && t["base_table_year"] as? Int == 2005)
        // The country endpoint: the same row, flagged.
        let d = try await c.get("/api/panorama/CHN", ["year": "2022", "gas": "ghg"]).object()
        #expect(
            d["estimate"] as? String == "nowcast" && d["base_table_year"] as? Int == MRIOService.latestTableYear && d["unit"] as? String == "Mt CO2e")
        #expect(close((d["row"] as? [String: Any])?["consumption_mt"], e.consumptionMt))
    }

    @Test("/api/mrio/series?from&to&gas, /api/mrio/transfers?year&gas and /api/mrio/sda equal the services' results")
    func seriesTransfersSDA() async throws {
        let (server, services) = try await Self.server.value
        let c = server.client
        let s = try await c.get("/api/mrio/series", ["from": "2010", "to": "2013", "gas": "n2o"]).object()
        let expected = try services.mrio.series(from: 2010, to: 2013, gas: .n2o, gwp: "AR5")
        let years = try #require(s["years"] as? [[String: Any]])
        #expect(years.map { $0["year"] as? Int } == [2010, 2011, 2012, 2013])
        #expect(years.map { $0["estimate"] as? String } == ["table", "table", "nowcast", "nowcast"])
        #expect(s["unit"] as? String == "Mt CO2e")
        for (y, e) in zip(years, expected.years) {
            let cba = (y["consumption_mt"] as? [Any])?.compactMap(number) ?? []
            #expect(cba.count == e.consumptionMt.count && zip(cba, e.consumptionMt).allSatisfy { relativeDifference($0, $1) < 1e-12 }, "\(e.year)")
        }
        let t = try await c.get("/api/mrio/transfers", ["year": "2020", "gas": "ghg", "top": "5"]).object()
        #expect(t["estimate"] as? String == "nowcast" && t["unit"] as? String == "Mt CO2e")
        let y2020 = try services.mrio.ghgYear(2020, gwp: "AR5")
        let top = try services.mrio.transfers(y2020.solved(gas: .ghg)).topFlows(5)
        let flows = try #require(t["flows"] as? [[String: Any]])
        #expect(flows.map { $0["origin"] as? String } == top.map(\.origin))
        #expect(zip(flows, top).allSatisfy { relativeDifference(number($0.0["mrio"]) ?? .nan, $0.1.value / 1000) < 1e-12 })

        let sda = try await c.get("/api/mrio/sda", ["from": "2005", "to": "2011", "region": "CHN", "gas": "ghg"]).object()
        let e = try #require(try services.mrio.sda(from: 2005, to: 2011, region: "CHN", gas: .ghg, gwp: "AR5").regions.first)
        let r = try #require((sda["regions"] as? [[String: Any]])?.first)
        #expect(close(r["total_change"], e.totalChange) && close(r["D0"], e.d0) && close(r["D1"], e.d1))
        let parts = try #require(r["components"] as? [String: Any])
        #expect(close(parts["intensity"], e.components.intensity) && close(parts["level"], e.components.level))
        #expect(sda["unit"] as? String == "Mt CO2e")
    }

    @Test("Bad input: years outside 2000–2023 name the available years; unknown gas or GWP lists the valid ones; from after to")
    func badInput() async throws {
        let (server, _) = try await Self.server.value
        let c = server.client
        for (path, query, status, field, says) in [
            ("/api/panorama", ["year": "2030", "gas": "ghg"], 404, "year", "2000–2023"),
            ("/api/panorama", ["gas": "sf6"], 400, "gas", "co2, ch4, n2o, ghg"),
            ("/api/mrio/series", ["gwp": "AR9"], 400, "gwp", "AR5"),
            ("/api/mrio/sda", ["from": "2011", "to": "2005"], 400, "from", "after"),
            ("/api/mrio/sda", ["from": "2005"], 400, "to", "required"),
            ("/api/mrio/series", ["from": "1990"], 404, "year", "2000–2023")
        ] as [(String, [String: String], Int, String, String)] {
            let r = try await c.get(path, query)
            let e = try r.apiError()
            #expect(r.status == status && e.field == field && e.message.contains(says), "\(path) \(query): \(r.status) \(e)")
        }
        let page = try await c.get("/", ["year": "2022", "gas": "xyz"])
        #expect(page.status == 400 && page.text.contains("co2, ch4, n2o, ghg"))
    }

    @Test("Pages: year (2000–2023, nowcasts marked) and gas selectors on the map and country pages; the SDA page draws a waterfall per region")
    func pages() async throws {
        let (server, services) = try await Self.server.value
        let c = server.client
        let map = try await c.get("/", ["year": "2022", "gas": "ghg"])
        #expect(map.status == 200)
        #expect(map.text.contains("<option value=\"2022\" selected class=\"nowcast\">2022 (nowcast)</option>"))
        #expect(
            map.text.contains("<option value=\"2000\">2000</option>")
                && map.text.contains("<option value=\"2023\" class=\"nowcast\">2023 (nowcast)</option>"))
        #expect(map.text.contains("<option value=\"ghg\" selected>") && map.text.contains("id=\"nowcast\""))
        let range = try #require(try services.panorama.ghgAccount(year: 2022, gas: .ghg, gwp: "AR5").errorRange)
        #expect(map.text.contains(String(format: "±%.1f pp (median)", range.adjustmentMedianPP)))
        #expect(map.text.contains("/country/CHN?year=2022&amp;gas=ghg") || map.text.contains("/country/CHN?year=2022&gas=ghg"))
        let table = try await c.get("/", ["year": "2005", "gas": "co2"])
        #expect(table.status == 200 && !table.text.contains("id=\"nowcast\""))
        let country = try await c.get("/country/JPN", ["year": "2022", "gas": "ghg"])
        #expect(country.status == 200 && country.text.contains("id=\"nowcast\"") && country.text.contains("Mt CO2e"))
        let sda = try await c.get("/sda", ["from": "2005", "to": "2022", "gas": "ghg"])
        #expect(sda.status == 200)
        #expect(sda.text.components(separatedBy: "class=\"waterfall\"").count - 1 == 6)
        let chn = try await c.get("/sda", ["from": "2005", "to": "2011", "region": "CHN"])
        #expect(chn.status == 200 && chn.text.components(separatedBy: "class=\"waterfall\"").count - 1 == 1)
    }

    /// A JSON number equal to `expected` up to the encoding's last digit.
    func close(_ v: Any?, _ expected: Double) -> Bool { number(v).map { relativeDifference($0, expected) < 1e-12 } ?? false }
}
