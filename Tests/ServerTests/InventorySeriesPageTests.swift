import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Testing
import YuhengData
import YuhengInventory
import YuhengServices
import YuhengTestSupport

/// Issue 21, item 6: the inventory page covers a time series — a chart per IPCC sector, the trend,
/// key categories with a Pareto chart — and downloads the printable report.
@Suite("Inventory page: time series, key categories, report download")
struct InventorySeriesPageTests {
    static func form(_ fields: [String: String]) -> Data {
        Data(fields.map { k, v in "\(k)=\(v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&").utf8)
    }

    @Test("a file with a year column shows every year, a chart per sector, the trend and the key categories the service computes")
    func seriesPage() async throws {
        let c = try await SharedServer.client
        let csv = try Paths.file("examples/inventory/national-demo.csv")
        let r = try await c.send("POST", "/inventory", body: Self.form(["csv": csv, "gwp": "AR5"]), contentType: "application/x-www-form-urlencoded")
        #expect(r.status == 200, "\(r.text.prefix(400))")
        let html = r.text
        let services = YuhengServices(db: try TestDatabase.open())
        let series = try services.inventory.series(try ActivityFile.parseCSV(csv, fileName: "pasted.csv"), fileName: "pasted.csv", gwp: "AR5")
        #expect(html.contains("id=\"inventory-series\"") && html.contains("Time series \(series.years.first!)–\(series.years.last!)"))
        // One line per IPCC sector that has emissions, named in the chart's legend.
        let sectors = Set(series.series.flatMap(\.bySectorCO2e.keys))
        #expect(sectors.count >= 4)
        let chart = try #require(html.range(of: "id=\"sector-chart\"").map { String(html[$0.lowerBound...].prefix(60_000)) })
        for s in sectors { #expect(chart.contains(s.replacingOccurrences(of: "&", with: "&amp;")), "sector \(s)") }
        // The trend says what the percentage is of, with the service's number.
        let t = try #require(series.trend?.changePercent)
        #expect(html.contains(String(format: "%+.1f %%", t) + " of the \(series.baseYear!) total"))
        // Every key category of the service is a row, and the Pareto chart ranks them.
        let table = try #require(html.range(of: "id=\"key-category-table\"").map { String(html[$0.lowerBound...]) })
        #expect(!series.keyCategories.key.isEmpty)
        for k in series.keyCategories.key {
            #expect(table.contains("<td>\(k.category)</td>") && table.contains("<td>\(k.gas)</td>"), "\(k.category) \(k.gas)")
        }
        #expect(html.contains("id=\"pareto-chart\"") && html.contains("cumulative"))
        #expect(html.contains("action=\"/inventory/report\""))
    }

    @Test("the report form downloads the printable report of the same file; a bad file is refused on the page")
    func reportDownload() async throws {
        let c = try await SharedServer.client
        let csv = try Paths.file("examples/inventory/national-demo.csv")
        let r = try await c.send(
            "POST", "/inventory/report", body: Self.form(["csv": csv, "gwp": "AR5", "base_year": "2020"]),
            contentType: "application/x-www-form-urlencoded")
        #expect(r.status == 200)
        let disposition = r.headers.first { $0.key.lowercased() == "content-disposition" }?.value ?? ""
        #expect(disposition.contains("attachment") && disposition.contains(".html"))
        #expect(r.contentType.hasPrefix("text/html") && r.text.contains("<html"))
        // The same report the Reports module writes for the service's series.
        let services = YuhengServices(db: try TestDatabase.open())
        let series = try services.inventory.series(
            try ActivityFile.parseCSV(csv, fileName: "pasted.csv"), fileName: "pasted.csv", gwp: "AR5",
            options: InventorySeriesOptions(baseYear: 2020))
        for k in series.keyCategories.key.prefix(5) { #expect(r.text.contains(k.category), "\(k.category)") }
        let bad = try await c.send(
            "POST", "/inventory/report", body: Self.form(["csv": "id,category\nx,1A1\n"]), contentType: "application/x-www-form-urlencoded")
        #expect(bad.status == 400 && bad.text.contains("inventory-error"))
    }
}
