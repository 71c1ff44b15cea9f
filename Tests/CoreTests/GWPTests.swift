import Foundation
import Testing
import YuhengCore

/// One row of the bundled gwp.csv.
struct GWPRow: Sendable {
    let species: String
    let set: String
    let metric: String
    let value: Double
    let line: Int
}

/// Reads `Sources/Data/Bundled/gwp.csv` from the source tree.
func bundledGWPRows() throws -> [GWPRow] {
    let url = bundledDirectory.appendingPathComponent("gwp.csv")
    let text = try String(contentsOf: url, encoding: .utf8)
    let table = try CSVTable(text: text)
    #expect(table.header == ["species", "set", "metric", "value"])
    return try table.rows.map { row in
        let raw = try #require(row["value"])
        let value = try #require(Double(raw), "line \(row.line): '\(raw)' is not a number")
        return GWPRow(
            species: try #require(row["species"]), set: try #require(row["set"]),
            metric: try #require(row["metric"]), value: value, line: row.line)
    }
}

func bundledGWPLibrary() throws -> GWPLibrary {
    try GWPLibrary(rows: bundledGWPRows().map { (species: $0.species, assessment: $0.set, metric: $0.metric, value: $0.value) })
}

@Suite("GWP sets from the bundled gwp.csv")
struct GWPTests {
    // Values from the IPCC reports: AR4 WG1 Table 2.14, AR5 WG1 Table 8.7, AR6 WG1 Table 7.15.

    @Test("AR4 GWP100: CH4 25, N2O 298")
    func ar4() throws {
        let ar4 = try bundledGWPLibrary().set(named: "AR4")
        #expect(ar4.assessment == "AR4")
        #expect(ar4.metric == .gwp100)
        #expect(try ar4.factor(for: .ch4) == 25)
        #expect(try ar4.factor(for: .ch4, origin: .biogenic) == 25)
        #expect(try ar4.factor(for: .n2o) == 298)
        #expect(try ar4.factor(for: .sf6) == 22_800)
    }

    @Test("AR5 GWP100: CH4 28, N2O 265, SF6 23500")
    func ar5() throws {
        let ar5 = try bundledGWPLibrary().set(named: "AR5")
        #expect(try ar5.factor(for: .ch4) == 28)
        #expect(try ar5.factor(for: .n2o) == 265)
        #expect(try ar5.factor(for: .sf6) == 23_500)
        #expect(try ar5.factor(for: "HFC-134a") == 1300)
        #expect(ar5.id == "AR5")
        #expect(ar5.description == "AR5 GWP100")
    }

    @Test("AR6 GWP100: CH4 fossil 29.8, non-fossil 27.0, N2O 273")
    func ar6() throws {
        let ar6 = try bundledGWPLibrary().set(named: "AR6")
        #expect(try ar6.factor(for: .ch4, origin: .fossil) == 29.8)
        #expect(try ar6.factor(for: .ch4) == 29.8) // fossil is the default origin
        #expect(try ar6.factor(for: .ch4, origin: .biogenic) == 27.0)
        #expect(try ar6.factor(for: .n2o) == 273)
        #expect(try ar6.factor(for: .sf6) == 25_200)
    }

    @Test("AR6-GWP20 by name, in several spellings")
    func ar6gwp20() throws {
        let lib = try bundledGWPLibrary()
        let s = try lib.set(named: "AR6-GWP20")
        #expect(s.assessment == "AR6")
        #expect(s.metric == .gwp20)
        #expect(s.id == "AR6-GWP20")
        #expect(try s.factor(for: .ch4, origin: .fossil) == 82.5)
        #expect(try s.factor(for: .ch4, origin: .biogenic) == 79.7)
        #expect(try s.factor(for: .n2o) == 273)
        for name in ["AR6 GWP20", "ar6-gwp20", "AR6_GWP20"] {
            let other = try lib.set(named: name)
            #expect(other.assessment == "AR6" && other.metric == .gwp20, "\(name)")
        }
        // The GWP100 default is not confused with GWP20.
        #expect(try lib.set(named: "AR6").metric == .gwp100)
        #expect(try lib.set(named: "ar4").assessment == "AR4")
    }

    @Test("a set without a fossil/non-fossil split uses the single CH4 value for both")
    func noSplit() throws {
        let gtp = try bundledGWPLibrary().set(named: "AR6-GTP100")
        let plain = try #require(try bundledGWPRows().first { $0.species == "CH4" && $0.set == "AR6" && $0.metric == "GTP100" })
        #expect(try gtp.factor(for: .ch4, origin: .fossil) == plain.value)
        #expect(try gtp.factor(for: .ch4, origin: .biogenic) == plain.value)
    }

    @Test("CO2 = 1 in every set")
    func co2IsOne() throws {
        let lib = try bundledGWPLibrary()
        let pairs = Set(try bundledGWPRows().map { "\($0.set)|\($0.metric)" })
        #expect(lib.sets.count == pairs.count)
        #expect(!lib.sets.isEmpty)
        for s in lib.sets {
            #expect(try s.factor(for: .co2) == 1, "\(s)")
            #expect(try s.co2e(123.4, of: .co2) == 123.4)
        }
    }

    @Test("every row of gwp.csv is reachable by set name and species")
    func everyRow() throws {
        let lib = try bundledGWPLibrary()
        let rows = try bundledGWPRows()
        #expect(rows.count > 800)
        for r in rows {
            let s = try lib.set(named: "\(r.set)-\(r.metric)")
            #expect(s.values[Gas(r.species).name] == r.value, "gwp.csv line \(r.line): \(r.species) \(r.set) \(r.metric)")
        }
        // Each set is found again by its own id.
        for s in lib.sets {
            #expect(try lib.set(named: s.id) == s)
        }
    }

    @Test("an unknown gas throws .unknownGas")
    func unknownGas() throws {
        let ar5 = try bundledGWPLibrary().set(named: "AR5")
        let error = #expect(throws: GWPError.self) { try ar5.factor(for: Gas("XYZ-999")) }
        #expect(error?.code == .unknownGas)
        #expect(error?.message.contains("XYZ-999") == true)
        // AR5 has no GWP for CO (an indirect greenhouse gas) in the table.
        #expect(throws: GWPError.self) { try ar5.co2e(1, of: .co) }
    }

    @Test("an unknown set name throws .unknownSet", arguments: ["AR7", "AR5-GWP1000", "", "FAR", "AR6-GTP20"])
    func unknownSet(_ name: String) throws {
        let lib = try bundledGWPLibrary()
        let error = #expect(throws: GWPError.self) { try lib.set(named: name) }
        #expect(error?.code == .unknownSet)
        #expect(error?.message.contains("AR5") == true, "the message lists the available sets")
    }

    @Test("negative or non-finite GWP values are rejected")
    func invalidValues() {
        for bad in [-1.0, .nan, .infinity] {
            let error = #expect(throws: GWPError.self) { try GWPSet(assessment: "X", metric: .gwp100, values: ["CH4": bad]) }
            #expect(error?.code == .invalidValue)
        }
    }

    // IPCC Inventory Software worked example (IPCC-1): 300168 t CO2, 3.58 t CH4, 3.97 t N2O.
    // AR5: 300168 + 3.58 × 28 + 3.97 × 265 = 301320.29 t CO2e.
    // AR6 (fossil CH4): 300168 + 3.58 × 29.8 + 3.97 × 273 = 301358.494 t CO2e.
    @Test("IPCC-1 CO2e totals with AR5 and AR6")
    func ipcc1() throws {
        let lib = try bundledGWPLibrary()
        func total(_ set: GWPSet) throws -> Double {
            try set.co2e(300_168, of: .co2) + set.co2e(3.58, of: .ch4, origin: .fossil) + set.co2e(3.97, of: .n2o)
        }
        let ar5 = try total(lib.set(named: "AR5"))
        let ar6 = try total(lib.set(named: "AR6"))
        #expect(isClose(ar5, 301_320.29, rel: 1e-9), "AR5 total \(ar5)")
        #expect(isClose(ar6, 301_358.494, rel: 1e-9), "AR6 total \(ar6)")
    }

    @Test("gas names are canonicalised")
    func canonicalNames() {
        #expect(Gas("co2") == .co2)
        #expect(Gas("CO₂") == .co2)
        #expect(Gas("CH₄") == .ch4)
        #expect(Gas("ch4").name == "CH4")
        #expect(Gas("N₂O") == .n2o)
        #expect(Gas(" sf6 ") == .sf6)
        #expect(Gas("nf3") == .nf3)
        #expect(Gas("HFC-134a").name == "HFC134a")
        #expect(Gas("HFC134a").name == "HFC134a")
        #expect(Gas("PFC-14").name == "PFC14")
        #expect(Gas("HCFC-22").name == "HCFC22")
        let literal: Gas = "CH4"
        #expect(literal == .ch4)
        // CO and CO2 stay distinct.
        #expect(Gas("co") == .co)
        #expect(Gas("co") != .co2)
    }

    @Test("gases sort CO2, CH4, N2O first, then by name")
    func ordering() {
        let sorted = [Gas("SF6"), Gas("N2O"), Gas("HFC134a"), Gas("CH4"), Gas("CO2")].sorted()
        #expect(sorted.map(\.name) == ["CO2", "CH4", "N2O", "HFC134a", "SF6"])
    }

    @Test("Gas encodes as its canonical name")
    func gasCodable() throws {
        let data = try JSONEncoder().encode([Gas("CH₄")])
        #expect(String(decoding: data, as: UTF8.self) == #"["CH4"]"#)
        let back = try JSONDecoder().decode([Gas].self, from: Data(#"["n2o","HFC-134a"]"#.utf8))
        #expect(back == [.n2o, Gas("HFC134a")])
    }
}
