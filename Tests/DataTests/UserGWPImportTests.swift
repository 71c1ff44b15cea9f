import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengTestSupport

/// `importGWPCSV`: GWP values of the user's own, stored beside the bundled table and never over it.
@Suite("User GWP imports")
struct UserGWPImportTests {
    @Test("names are stored as the species they map to; a set drawing on two datasets names both")
    func speciesAndProvenance() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let csv = "species,set,metric,value\nPropane,AR6,GWP100,0.02\n\"Ethane, 1,2-dichloro-\",AR6,GWP100,1.3\nCH4,ar5,gwp20,84\n"
        #expect(try db.importGWPCSV(text: csv, fileName: "g.csv", info: userInfo("gwp-mine")) == 3)
        let lib = try db.gwpLibrary()
        let ar6 = try lib.set(named: "AR6")
        #expect(ar6.values["C3H8"] == 0.02 && ar6.values["CH2ClCH2Cl"] == 1.3)
        #expect(ar6.values["CH4"] == 27.9) // the bundled values are still there
        #expect(ar6.provenance?.datasetID == "gwp + gwp-mine")
        #expect(ar6.provenance?.licence.contains("CC0-1.0") == true)
        let ar5g20 = try lib.set(named: "AR5-GWP20")
        #expect(ar5g20.values == ["CH4": 84, "CO2": 1])
        #expect(ar5g20.provenance?.datasetID == "gwp-mine")
        #expect(try lib.set(named: "AR5").provenance?.datasetID == "gwp")
        // Importing the same id again replaces its values (no collision with its own old rows).
        #expect(
            try db.importGWPCSV(text: "species,set,metric,value\nCH4,AR5,GWP20,86\n", fileName: "g2.csv", info: userInfo("gwp-mine", version: "2"))
                == 1)
        #expect(try db.gwpLibrary().set(named: "AR5-GWP20").values["CH4"] == 86)
        #expect(try db.gwpLibrary().set(named: "AR6").values["C3H8"] == nil)
    }

    @Test(
        "a bad row names its line and field and stores nothing",
        arguments: [
            ("CH4,AR5,GWP30,84", "metric"), ("CH4,AR-5,GWP20,84", "set"), ("CH4,AR5,GWP20,-1", "value"), ("CH4,AR5,GWP20,x", "value"),
            ("N2O,AR6,GWP100,273", "species"), ("CH4,AR5,GWP20,85", "species")
        ])
    func badRows(row: String, field: String) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let before = try db.gwpLibrary().sets.map(\.id)
        let text = "species,set,metric,value\nCH4,AR5,GWP20,84\n\(row)\n"
        do {
            _ = try db.importGWPCSV(text: text, fileName: "bad.csv", info: userInfo("gwp-bad"))
            Issue.record("\(row) was accepted")
        } catch let e as DataError {
            #expect(e.line == 3, "\(e)")
            #expect(e.field == field, "\(e)")
        }
        #expect(try db.gwpLibrary().sets.map(\.id) == before)
        #expect(try db.dataset("gwp-bad") == nil)
    }
}
