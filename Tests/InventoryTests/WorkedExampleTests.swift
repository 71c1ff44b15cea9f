import Testing
import YuhengCore
@testable import YuhengInventory

/// The acceptance tests IPCC-1 … IPCC-6 of `../shared/methods/ipcc.md` (section 1.1 to 6), run on
/// the example files shipped in `examples/inventory/` with the bundled factor tables.
@Suite("IPCC worked examples")
struct WorkedExampleTests {
    @Test("IPCC-1 stationary combustion, AR5: 301 320.29 t CO2e")
    func ipcc1AR5() throws {
        let r = try Fixture.run("ipcc-1.csv", gwp: "AR5")
        #expect(close(r.byGasTonnes["CO2"], 300_168))
        #expect(close(r.byGasTonnes["CH4"], 3.58))
        #expect(close(r.byGasTonnes["N2O"], 3.97))
        #expect(close(r.totalCO2eTonnes, 301_320.29))
        #expect(r.gwp == "AR5 GWP100")
        let coal = try #require(r.sources.first { $0.id == "coal" })
        #expect(close(coal.energyTJ, 2580))
        #expect(close(coal.emissions.first { $0.gas == .co2 }?.tonnes, 244_068))
        #expect(close(r.byCategory["1.A.1.a"]?.co2eTonnes, 301_320.29))
    }

    @Test("IPCC-1 with AR6 (fossil CH4 29.8, N2O 273): 301 358.49 t CO2e")
    func ipcc1AR6() throws {
        let r = try Fixture.run("ipcc-1.csv", gwp: "AR6")
        #expect(close(r.totalCO2eTonnes, 300_168 + 3.58 * 29.8 + 3.97 * 273))
        #expect(abs(r.totalCO2eTonnes - 301_358.49) < 0.01)
    }

    @Test("IPCC-1 with AR4 (CH4 25, N2O 298)")
    func ipcc1AR4() throws {
        let r = try Fixture.run("ipcc-1.csv", gwp: "AR4")
        #expect(close(r.totalCO2eTonnes, 300_168 + 3.58 * 25 + 3.97 * 298))
    }

    @Test("IPCC-2 road diesel: 31 863 t CO2, 1.677 t CH4, 1.677 t N2O")
    func ipcc2() throws {
        let r = try Fixture.run("ipcc-2.csv")
        #expect(close(r.sources[0].energyTJ, 430))
        #expect(close(r.byGasTonnes["CO2"], 31_863))
        #expect(close(r.byGasTonnes["CH4"], 1.677))
        #expect(close(r.byGasTonnes["N2O"], 1.677))
        #expect(r.byCategory["1.A.3.b"] != nil)
    }

    @Test("IPCC-3 cement Tier 1: 468 000 t CO2")
    func ipcc3Tier1() throws {
        let r = try Fixture.run("ipcc-3.csv")
        #expect(close(r.totalCO2eTonnes, 468_000))
        #expect(close(r.byCategory["2.A.1"]?.byGasTonnes["CO2"], 468_000))
    }

    @Test("IPCC-3 cement Tier 2 with defaults: 468 273.3 t CO2")
    func ipcc3Tier2() throws {
        let r = try Fixture.run("ipcc-3-tier2.csv")
        #expect(close(r.totalCO2eTonnes, 900_000 * 0.65 * 44.01 / 56.08 * 1.02))
        #expect(abs(r.totalCO2eTonnes - 468_273.3) < 0.05)
    }

    @Test("IPCC-3 CKD correction (Eq 2.5): CF_ckd = 1.005747")
    func ipcc3CKD() throws {
        let r = try Fixture.run("ipcc-3-ckd.csv")
        let efcl = 0.65 * 44.01 / 56.08
        let cf = r.totalCO2eTonnes / (900_000 * efcl)
        #expect(abs(cf - 1.005747) < 5e-7)
    }

    @Test("IPCC-4 enteric fermentation 2019R Western Europe: 23 000 t CH4, 644 000 t CO2e (AR5)")
    func ipcc4() throws {
        let r = try Fixture.run("ipcc-4.csv")
        #expect(close(r.byGasTonnes["CH4"], 23_000))
        #expect(close(r.totalCO2eTonnes, 644_000))
        // Enteric CH4 is biogenic: AR6 uses the non-fossil GWP (27.0).
        let r6 = try Fixture.run("ipcc-4.csv", gwp: "AR6")
        #expect(close(r6.totalCO2eTonnes, 23_000 * 27.0))
    }

    @Test("IPCC-4 with the 2006 Tier 1 factors: 23 100 t CH4")
    func ipcc4Guideline2006() throws {
        let acts = try Fixture.parse(
            """
            id,category,method,item,amount,unit,ad_uncertainty_pct,parameters
            dairy,3.A.1,enteric,dairy_cattle,100000,head,,region=western_europe;guideline=2006
            other,3.A.1,enteric,other_cattle,200000,head,,region=western_europe;guideline=2006
            """)
        let r = try Fixture.engine().compute(acts)
        #expect(close(r.byGasTonnes["CH4"], 23_100))
    }

    @Test("IPCC-5 reference approach: 25 464.27 Gg CO2, not added to the total")
    func ipcc5() throws {
        let r = try Fixture.run("ipcc-5.csv")
        let ra = try #require(r.referenceApproach.first)
        #expect(close(ra.apparentConsumptionTonnes, 8_800_000))
        #expect(close(ra.energyTJ, 372_240))
        #expect(close(ra.carbonTonnes, 7_444_800))
        #expect(close(ra.co2Tonnes, 6_944_800 * 44 / 12))
        #expect(abs(ra.co2Tonnes / 1000 - 25_464.27) < 0.005)
        #expect(r.totalCO2eTonnes == 0)
    }

    @Test("IPCC-6 Approach 1: 768 168 t, U = 3.777 %")
    func ipcc6() throws {
        let r = try Fixture.run("ipcc-6.csv")
        #expect(close(r.totalCO2eTonnes, 768_168))
        let perSource = r.sources.map { $0.emissions[0].uncertaintyPercent ?? -1 }
        #expect(close(perSource[0], (25.0 + 9).squareRoot()))
        #expect(close(perSource[1], (4.0 + 9).squareRoot()))
        #expect(close(perSource[2], (4.0 + 25).squareRoot()))
        #expect(abs((r.uncertaintyPercent ?? 0) - 3.777) < 0.0005)
        #expect(r.uncertaintyCoverage == 1)
    }

    @Test("Approach 1 equations 3.1 and 3.2")
    func approach1() {
        #expect(close(Approach1.product([5, 3]), 34.0.squareRoot()))
        let u = Approach1.sum([(244_068, 34.0.squareRoot()), (56_100, 13.0.squareRoot()), (468_000, 29.0.squareRoot())])
        #expect(abs((u ?? 0) - 3.7770025) < 1e-6)
        #expect(Approach1.sum([]) == nil)
    }
}
