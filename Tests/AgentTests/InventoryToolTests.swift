import Foundation
import Testing
import YuhengAgents
import YuhengInventory
import YuhengServices
import YuhengTestSupport

/// Issue 21: the agents' `calculate_inventory` covers every Tier 1 method of the engine and time series.
@Suite("calculate_inventory: every method, and series with trend and key categories")
struct InventoryToolTests {
    let reg = YuhengTools.registry()

    @Test("the schema names every method the engine implements")
    func everyMethodNamed() throws {
        let tool = try #require(reg.tools.first { $0.name == "calculate_inventory" })
        let schema = "\(tool.inputSchema)"
        let methods = Set(MethodSpecs.all.map(\.method.rawValue))
        #expect(methods.count > 20)
        for m in methods { #expect(schema.contains(m), "method \(m) is not named in the tool's schema") }
        #expect(schema.contains("base_year"))
    }

    @Test("a CSV with a year column gives each year's totals, the trend and the key categories, equal to the service's series")
    func series() async throws {
        let csv = try String(contentsOf: TestPaths.example("inventory/national-demo.csv"), encoding: .utf8)
        let call = await reg.call("calculate_inventory", arguments: ["csv": .string(csv), "base_year": 2020], context: TestEnv.context)
        let r = try #require(call.result, "\(String(describing: call.error))")
        let direct = try TestEnv.context.services.inventory.series(
            try ActivityFile.parseCSV(csv, fileName: "activity.csv"), fileName: "activity.csv",
            options: InventorySeriesOptions(baseYear: 2020))
        #expect(r.json["years"]?.arrayValue?.compactMap(\.doubleValue).map { Int($0) } == direct.years)
        let rows = try #require(r.json["series"]?.arrayValue)
        #expect(rows.count == direct.series.count)
        for (row, want) in zip(rows, direct.series) {
            #expect(row["total_co2e_t"]?.doubleValue == want.totalCO2e, "year \(want.year ?? 0)")
        }
        #expect(r.json["trend"]?["change_pct"]?.doubleValue == direct.trend?.changePercent)
        let keys = try #require(r.json["key_categories"]?.arrayValue)
        #expect(keys.count == direct.keyCategories.key.count && !keys.isEmpty)
        #expect(r.summary.contains("2020") && r.summary.contains("2022"))
    }

    @Test("a single-year CSV of non-energy methods (manure, rice, landfill-free lines) is calculated, not refused")
    func singleYearOtherMethods() async throws {
        let demo = try String(contentsOf: TestPaths.example("inventory/national-demo.csv"), encoding: .utf8)
        let lines = demo.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("id,year,") })
        // The 2022 lines of the IPPU and AFOLU categories, without the year column.
        let picked = lines.filter { $0.contains(",2022,2.") || $0.contains(",2022,3.") }
        #expect(picked.count >= 5)
        func dropYear(_ l: String) -> String {
            var f = l.split(separator: ",", omittingEmptySubsequences: false).map(String.init); f.remove(at: 1); return f.joined(separator: ",")
        }
        let csv = ([dropYear(header)] + picked.map(dropYear)).joined(separator: "\n") + "\n"
        let call = await reg.call("calculate_inventory", arguments: ["csv": .string(csv)], context: TestEnv.context)
        let r = try #require(call.result, "\(String(describing: call.error))")
        let direct = try TestEnv.context.services.inventory.compute(csv: csv, fileName: "activity.csv")
        #expect(r.json["total_co2e_t"]?.doubleValue == direct.totalCO2eTonnes)
        #expect(direct.totalCO2eTonnes > 0)
    }
}
