import Foundation
import Testing
import YuhengCore
import YuhengReports
@testable import YuhengInventory

@Suite("CRT-layout report tables")
struct ReportTests {
    @Test("IPCC 2006 categories map to the CRT rows (agriculture 3, LULUCF 4, waste 5)")
    func mapping() {
        let cases: [(String, String, String)] = [
            ("1.A.1.a", "", "1.A.1"), ("1.A.3.b", "", "1.A.3"), ("1.B.1.a.i", "", "1.B.1"), ("1.B.2.b", "", "1.B.2"),
            ("2.A.2", "", "2.A"), ("2.F.1", "", "2.F"), ("3.A.1", "", "3.A"), ("3.A.2", "", "3.B"), ("3.C.6", "", "3.B"),
            ("3.C.7", "", "3.C"), ("3.C.4", "", "3.D"), ("3.C.5", "", "3.D"), ("3.C.1", "savanna", "3.E"), ("3.C.1", "crop_residue", "3.F"),
            ("3.C.1", "boreal_forest", "4.A"), ("3.C.1.a", "", "4.A"), ("3.C.1", "tropical_peatland", "4.D"), ("3.C.2", "", "3.G"),
            ("3.C.3", "", "3.H"),
            ("3.B.1.a", "", "4.A"), ("4.A.1", "", "5.A"), ("4.D.2", "", "5.D")
        ]
        for (ipcc, item, crt) in cases { #expect(CRTTables.crtCode(ipcc: ipcc, item: item) == crt, "\(ipcc) \(item)") }
        #expect(CRTTables.column(of: "HFC134a") == .hfcs && CRTTables.column(of: "CF4") == .pfcs && CRTTables.column(of: "SF6") == .sf6)
    }

    static let csv = """
        id,category,method,item,amount,unit,ad_uncertainty_pct,parameters
        coal,1.A.1.a,stationary,other_bituminous_coal,100,Gg,5,
        intl,1.A.3.a.i,mobile,jet_kerosene,10,Gg,,
        lime,,lime,lime,100000,t,,
        ref,,refrigeration,mobile_ac,100,t,,refrigerant=R410A;operation_emission=0.1
        dairy,3.A.1,enteric,dairy_cattle,100000,head,5,region=western_europe
        fire,3.C.1.a,biomass_burning,temperate_forest,1000,ha,,
        wood,1.A.4.b,stationary,wood_wood_waste,100,TJ,,

        """

    @Test("Summary 1: kt of gas by category, F-gases in kt CO2e, notation keys, memo items and the LULUCF line")
    func summary1() throws {
        let r = try Fixture.engine().compute(try Fixture.parse(Self.csv))
        let t = CRTTables.summary1(r, year: 2022)
        func row(_ code: String) throws -> [String] { try #require(t.rows.first { $0[0] == code }) }
        let col = Dictionary(uniqueKeysWithValues: t.header.enumerated().map { ($1, $0) })
        #expect(try row("1.A.1")[col["CO2"]!] == CRTTables.number(244_068.0 / 1000))
        #expect(try row("2.A")[col["CO2"]!] == CRTTables.number(75.0))
        // R-410A: 10 t = 5 t HFC-32 + 5 t HFC-125 → kt CO2e with AR5 (677, 3170)
        #expect(try row("2.F")[col["HFCs"]!] == CRTTables.number((5 * 677 + 5 * 3170) / 1000))
        #expect(try row("3.A")[col["CH4"]!] == CRTTables.number(12_600.0 / 1000))
        #expect(try row("3.A")[col["CO2"]!] == "NA")
        #expect(try row("5.A")[col["CH4"]!] == "NE")
        #expect(try row("4.A")[col["CH4"]!] != "NE") // forest-fire CH4 is reported under LULUCF
        let bunkers = try #require(t.rows.first { $0[1] == "International bunkers" })
        #expect(bunkers[col["CO2"]!] != "NE")
        let bio = try #require(t.rows.first { $0[1] == "CO2 emissions from biomass" })
        #expect(Double(bio[col["CO2"]!])! > 0)
        let total = try row("")
        #expect(total[col["Total (kt CO2e)"]!] == CRTTables.number(r.totalCO2eTonnes / 1000))
        let csv = CRTTables.csv(t)
        #expect(csv.hasPrefix("# Summary 1"))
        #expect(csv.contains("Code,Category,CO2,CH4,N2O,HFCs,PFCs"))
    }

    @Test("Summary 2: kt CO2e by gas and sector, with and without LULUCF")
    func summary2() throws {
        let r = try Fixture.engine().compute(try Fixture.parse(Self.csv))
        let t = CRTTables.summary2(r, year: nil)
        let with = try #require(t.values.first) // without LULUCF
        let withL = t.values[1]
        let total = with.last!!, totalL = withL.last!!
        #expect(close(totalL, r.totalCO2eTonnes / 1000))
        let lulucf = try #require(t.rows.firstIndex { $0[0].hasPrefix("4.") })
        #expect(close(totalL - total, t.values[lulucf].last!!))
        #expect(t.rows.contains { $0[0] == "6. Other" && $0[1] == "NE" })
    }

    @Test("the report files: Summary 1 and 2 as CSV, key categories, Approach 1 table and a printable HTML report")
    func files() throws {
        let acts = try Fixture.example("national-demo.csv")
        let s = try Fixture.engine().computeSeries(acts, fileName: "national-demo.csv")
        let files = InventoryReport.files(s, title: "Demo")
        #expect(
            Set(files.map(\.name)) == [
                "crt_summary1_2022.csv", "crt_summary2_2022.csv", "crt_summary2_series.csv", "key_categories.csv",
                "approach1_uncertainty.csv", "report.html"
            ])
        let html = try #require(files.first { $0.name == "report.html" }?.contents)
        for section in ["Totals 2022", "Time series", "Trend", "Key categories", "Uncertainty (Approach 1)", "Summary 1", "@media print", "<svg"] {
            #expect(html.contains(section), "\(section)")
        }
        let series = try #require(files.first { $0.name == "crt_summary2_series.csv" }?.contents)
        #expect(series.split(separator: "\n").count == 2 + 3)
    }
}
