import Foundation
import Testing
import YuhengTestSupport
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengNumerics

/// Fixtures of the GHG series (Tests/Fixtures) and a database with the bundled datasets.
enum GHGFixture {
    static let root = TestPaths.fixtures

    static func json(_ relative: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(relative))) as? [String: Any])
    }

    /// One database per test process, with the bundled datasets (GWP, GCB …) installed.
    static let database: YuhengDatabase = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yuheng-ghg-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try! YuhengDatabase.open(path: dir.appendingPathComponent("y.sqlite").path)
    }()

    static func gwp(_ set: String) throws -> GWP100 { try GWP100(set: set, library: try database.gwpLibrary()) }
}

@Suite("GHG accounts of the bundled series")
struct GHGAccountsTests {
    @Test("the series: wiod2000-ghg … wiod2011-ghg with their years from system.json; wiod2011-ghg is the default")
    func series() throws {
        #expect(BundledMRIO.id == "wiod2011-ghg")
        #expect(BundledMRIO.years.map(\.year) == Array(2000...2011))
        #expect(BundledMRIO.years.map(\.id) == (2000...2011).map { "wiod\($0)-ghg" })
        #expect(BundledMRIO.yearList == "2000–2011")
        let s = try BundledMRIO.load(id: "wiod2005-ghg")
        #expect(s.year == 2005 && s.extensions.map(\.name) == ["co2", "ch4", "n2o"])
        #expect(try BundledMRIO.table(year: 2007) == "wiod2007-ghg")
        #expect { try BundledMRIO.table(year: 2015) } throws: { "\($0)".contains("2000–2011") }
        #expect { try BundledMRIO.load(id: "wiod1999-ghg") } throws: { "\($0)".contains("wiod2000-ghg") }
    }

    @Test(
        "wiod2011-co2 is an alias of wiod2011-ghg's co2 extension and still equals pymrio's 2011 reference at 1e-9",
        .enabled(if: Shared.available, "../shared is not available"))
    func alias() throws {
        let alias = try BundledMRIO.load(id: "wiod2011-co2")
        #expect(alias.extensions.map(\.name) == ["co2"])
        let ghg = try BundledMRIO.load(id: "wiod2011-ghg")
        #expect(
            alias.Z == ghg.Z && alias.Y == ghg.Y && alias.x == ghg.x && alias.extensions[0].F == ghg.extensions[0].F
                && alias.extensions[0].FY == ghg.extensions[0].FY)
        #expect { try BundledMRIO.load(id: "wiod2009-co2", extensions: ["ch4"]) } throws: { "\($0)".contains("co2") }
        let ref = try Shared.json("reference/wiod2011_co2_reference.json")
        let (acc, _) = try MRIOEngine.accounts(alias)
        let e = try acc.extensionAccounts("co2")
        let co2 = try #require(ref["co2"] as? [String: [String: Double]])
        for (key, m) in [("D_cba_reg", e.cbaRegion), ("D_pba_reg", e.pbaRegion), ("D_imp_reg", e.impRegion), ("D_exp_reg", e.expRegion)] {
            for (r, region) in acc.regions.enumerated() {
                let want = try #require(co2[key]?[region])
                #expect(relClose(m[0, r], want, 1e-9), "\(key) \(region): \(m[0, r]) vs \(want)")
            }
        }
        let M = try #require(ref["M"] as? [String: Double])
        for i in stride(from: 0, to: alias.n, by: 7) where M[alias.label(i)] != 0 {
            #expect(relClose(e.M[0, i], M[alias.label(i)]!, 1e-9), "M \(alias.label(i))")
        }
    }

    @Test(
        "GWP100 from the GWP dataset: AR5 28/28/265, AR6 29.8/27.0/273, as the tables' system.json states; other sets and gases are refused with the valid ones"
    )
    func gwp() throws {
        let ar5 = try GHGFixture.gwp("AR5"), ar6 = try GHGFixture.gwp("ar6")
        #expect([ar5.co2, ar5.ch4Fossil, ar5.ch4NonFossil, ar5.n2o] == [1, 28, 28, 265])
        #expect([ar6.co2, ar6.ch4Fossil, ar6.ch4NonFossil, ar6.n2o] == [1, 29.8, 27.0, 273])
        #expect(ar5.provenance?.datasetID == "gwp")
        let manifest = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: try BundledMRIO.directory(id: "wiod2005-ghg").appendingPathComponent("system.json"))) as? [String: Any])
        let stated = try #require((manifest["ghg"] as? [String: Any])?["gwp100"] as? [String: [String: Double]])
        for (g, s) in [(ar5, "AR5"), (ar6, "AR6")] {
            #expect(stated[s] == ["CO2": g.co2, "CH4_fossil": g.ch4Fossil, "CH4_nonfossil": g.ch4NonFossil, "N2O": g.n2o])
        }
        #expect { try GWP100(set: "AR4", library: try GHGFixture.database.gwpLibrary()) } throws: { "\($0)".contains("AR5, AR6") }
        #expect { try MRIOGas.parse("sf6") } throws: { "\($0)".contains("co2, ch4, n2o, ghg") }
        #expect(try MRIOGas.parse("N2O") == .n2o)
    }

    @Test("wiod2005-ghg: every account of every gas (kt) and of CO2e AR5/AR6 equals pymrio 0.7.0 calc_all at 1e-9")
    func pymrio2005() throws {
        let ref = try GHGFixture.json("ghg/wiod2005_pymrio_accounts.json")
        #expect((ref["generator"] as? [String: String])?["pymrio"] == "0.7.0")
        var system = try BundledMRIO.load(id: "wiod2005-ghg")
        for set in ["AR5", "AR6"] { system.extensions.append(try GHGCharacterisation.characterised(system, gwp: try GHGFixture.gwp(set))) }
        let (acc, _) = try MRIOEngine.accounts(system, options: AccountOptions(incomeBased: false))
        let exts = try #require(ref["extensions"] as? [String: [String: Any]])
        let names = ["co2": "co2", "ch4": "ch4", "n2o": "n2o", "ghg_AR5": "ghg-AR5", "ghg_AR6": "ghg-AR6"]
        var compared = 0, worst = 0.0
        for (refName, ours) in names {
            let e = try acc.extensionAccounts(ours)
            let r = try #require(exts[refName]?["accounts"] as? [String: [String: [Double]]])
            for (key, m) in [("D_cba_reg", e.cbaRegion), ("D_pba_reg", e.pbaRegion), ("D_imp_reg", e.impRegion), ("D_exp_reg", e.expRegion)] {
                for (k, s) in e.stressors.enumerated() {
                    let want = try #require(r[key]?[s], "\(refName) \(key) \(s)")
                    for j in want.indices {
                        let err = want[j] == 0 ? abs(m[k, j]) : abs(m[k, j] - want[j]) / abs(want[j])
                        worst = max(worst, err)
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == (1 + 2 + 1 + 4 + 4) * 4 * 41)
        #expect(worst <= 1e-9, "worst relative difference from pymrio: \(worst)")
    }

    @Test("the characterised extension: GHG = CO2 + CH4 + N2O in CO2e; a gas's slice has the same accounts as its row")
    func characterised() throws {
        let system = try BundledMRIO.load(id: "wiod2005-ghg")
        let g = try GHGFixture.gwp("AR6")
        let e = try GHGCharacterisation.characterised(system, gwp: g)
        #expect(e.stressors == ["CO2", "CH4", "N2O", "GHG"] && e.units == Array(repeating: "kt CO2e", count: 4))
        let ch4 = system.extensions[1], n2o = system.extensions[2]
        for j in stride(from: 0, to: system.n, by: 13) {
            #expect(e.F[1, j] == 29.8 * ch4.F[0, j] + 27.0 * ch4.F[1, j])
            #expect(e.F[2, j] == 273 * n2o.F[0, j])
            #expect(e.F[3, j] == e.F[0, j] + e.F[1, j] + e.F[2, j])
        }
        var withCO2Only = system
        withCO2Only.extensions = [system.extensions[0]]
        #expect { try GHGCharacterisation.characterised(withCO2Only, gwp: g) } throws: { "\($0)".contains("ch4") }
    }
}
