import Testing
import YuhengCore
@testable import YuhengInventory

@Suite("Inventory behaviour")
struct BehaviourTests {
    @Test("Biomass CO2 is a memo item; its CH4 and N2O count, with the non-fossil CH4 GWP")
    func biogenicMemo() throws {
        let acts = try Fixture.parse(
            """
            id,category,method,item,amount,unit,ad_uncertainty_pct,parameters
            wood,1.A.4.b,stationary,wood_wood_waste,1000,TJ,,
            """)
        let r = try Fixture.engine("AR6").compute(acts)
        let co2 = try #require(r.sources[0].emissions.first { $0.gas == .co2 })
        #expect(co2.memo)
        #expect(r.byGasTonnes["CO2"] == nil)
        #expect(close(r.memo.biogenicCO2Tonnes, co2.tonnes))
        // Residential wood (Table 2.5): CH4 300, N2O 4 kg/TJ.
        // 1000 TJ x 300 kg/TJ = 300 t CH4; 1000 TJ x 4 kg/TJ = 4 t N2O.
        #expect(close(r.byGasTonnes["CH4"], 300))
        #expect(close(r.byGasTonnes["N2O"], 4))
        #expect(close(r.totalCO2eTonnes, 300 * 27.0 + 4 * 273))
    }

    @Test("International bunkers are memo items")
    func bunkers() throws {
        let acts = try Fixture.parse(
            """
            id,category,method,item,amount,unit,ad_uncertainty_pct,parameters
            intl,1.A.3.a.i,mobile,jet_kerosene,10,Gg,,
            dom,1.A.3.a.ii,mobile,jet_kerosene,10,Gg,,
            """)
        let r = try Fixture.engine().compute(acts)
        #expect(r.memo.internationalBunkersCO2eTonnes > 0)
        #expect(close(r.memo.internationalBunkersCO2eTonnes, r.totalCO2eTonnes))
        #expect(r.byCategory["1.A.3.a.i"] == nil)
    }

    @Test("Units: the same fuel in Gg, t, GJ and TJ gives the same result")
    func unitInvariance() throws {
        let r1 = try Fixture.engine().compute(try Fixture.parse("id,category,method,item,amount,unit\na,1A1,stationary,natural_gas,20,Gg\n"))
        let r2 = try Fixture.engine().compute(try Fixture.parse("id,category,method,item,amount,unit\na,1A1,stationary,natural_gas,20000,t\n"))
        let r3 = try Fixture.engine().compute(try Fixture.parse("id,category,method,item,amount,unit\na,1A1,stationary,natural_gas,960000,GJ\n"))
        #expect(close(r1.totalCO2eTonnes, r2.totalCO2eTonnes, rel: 1e-12))
        #expect(close(r1.totalCO2eTonnes, r3.totalCO2eTonnes, rel: 1e-12))
        #expect(close(r1.sources[0].energyTJ, 960))
    }

    @Test("A volume needs a density; with one it converts through mass and NCV")
    func volumeNeedsDensity() throws {
        let bad = try Fixture.parse("id,category,method,item,amount,unit\nd,1.A.2,stationary,gas_diesel_oil,1000,m3\n")
        #expect(throws: InventoryError.self) { try Fixture.engine().compute(bad) }
        do { _ = try Fixture.engine().compute(bad) } catch let e as InventoryError {
            #expect(e.code == .unitMismatch)
            #expect(e.field == "unit")
            #expect(e.line == 2)
            #expect(e.description.contains("density"))
        }
        let good = try Fixture.parse("id,category,method,item,amount,unit,parameters\nd,1.A.2,stationary,gas_diesel_oil,1000,m3,density=0.84 t/m3\n")
        let r = try Fixture.engine().compute(good)
        #expect(close(r.sources[0].energyTJ, 1000 * 0.84 * 43.0 / 1000))
    }

    @Test("User factors override defaults")
    func overrides() throws {
        let acts = try Fixture.parse(
            """
            id,category,method,item,amount,unit,ad_uncertainty_pct,parameters
            c,1.A.1,stationary,other_bituminous_coal,1000,TJ,,ef_co2=95000;ef_ch4=2 kg/TJ;ef_n2o=0.0015 t/TJ
            """)
        let r = try Fixture.engine().compute(acts)
        #expect(close(r.byGasTonnes["CO2"], 95_000))
        #expect(close(r.byGasTonnes["CH4"], 2))
        #expect(close(r.byGasTonnes["N2O"], 1.5))
    }

    @Test("Mobile gasoline needs a technology when several exist")
    func technologyRequired() throws {
        let acts = try Fixture.parse("id,category,method,item,amount,unit\np,1.A.3.b,mobile,motor_gasoline,100,TJ\n")
        do {
            _ = try Fixture.engine().compute(acts)
            Issue.record("expected an error")
        } catch let e as InventoryError {
            #expect(e.code == .invalidParameter)
            #expect(e.description.contains("oxidation_catalyst"))
        }
        let ok = try Fixture.parse("id,category,method,item,amount,unit,parameters\np,1.A.3.b,mobile,motor_gasoline,100,TJ,technology=uncontrolled\n")
        let r = try Fixture.engine().compute(ok)
        #expect(close(r.byGasTonnes["CH4"], 100 * 33 / 1000.0))
    }

    @Test("Default ranges give Approach 1 uncertainty from the IPCC tables")
    func defaultRanges() throws {
        // Natural gas in TJ: only the CO2 EF range 54 300–58 300 around 56 100 applies (no NCV).
        let acts = try Fixture.parse(
            "id,category,method,item,amount,unit,ad_uncertainty_pct,parameters\ng,1A1,stationary,natural_gas,1000,TJ,0,gases=CO2\n")
        let r = try Fixture.engine().compute(acts)
        #expect(close(r.uncertaintyPercent, (58_300.0 - 54_300) / 2 / 56_100 * 100))
    }

    @Test("Every source keeps its audit trail and dataset provenance")
    func provenance() throws {
        let r = try Fixture.run("ipcc-1.csv")
        #expect(r.datasets.contains { $0.datasetID == "ipcc2006-fuels" && !$0.version.isEmpty && !$0.licence.isEmpty })
        #expect(r.datasets.contains { $0.datasetID == "ipcc2006-stationary" })
        #expect(r.sources.allSatisfy { !$0.steps.isEmpty && !$0.factors.isEmpty })
    }
}

@Suite("Inventory input errors")
struct InputErrorTests {
    func error(_ csv: String) -> InventoryError? {
        do {
            _ = try Fixture.engine().compute(try Fixture.parse(csv), fileName: "test.csv")
            return nil
        } catch let e as InventoryError { return e } catch { return nil }
    }

    @Test("Unknown fuel names the line, the field and a close match")
    func unknownFuel() {
        let e = error("id,category,method,item,amount,unit\nx,1A1,stationary,natural_gaz,10,TJ\n")
        #expect(e?.code == .unknownFuel)
        #expect(e?.line == 2)
        #expect(e?.field == "item")
        #expect(e?.file == "test.csv")
        #expect(e?.description.contains("natural_gas") == true)
    }

    @Test("Unknown category and method")
    func unknownCategoryAndMethod() {
        #expect(error("id,category,method,item,amount,unit\nx,XYZ,stationary,natural_gas,10,TJ\n")?.code == .unknownCategory)
        #expect(error("id,category,method,item,amount,unit\nx,1A1,burning,natural_gas,10,TJ\n")?.code == .unknownMethod)
        #expect(error("id,category,method,item,amount,unit\nx,1.A.5,stationary,natural_gas,10,TJ\n")?.code == .unknownCategory)
    }

    @Test("Negative, non-numeric and missing amounts")
    func badAmounts() {
        let neg = error("id,category,method,item,amount,unit\nx,1A1,stationary,natural_gas,-10,TJ\n")
        #expect(neg?.code == .negativeAmount)
        #expect(neg?.field == "amount")
        #expect(error("id,category,method,item,amount,unit\nx,1A1,stationary,natural_gas,1 000,TJ\n")?.code == .invalidNumber)
        #expect(error("id,category,method,item,amount,unit\nx,1A1,stationary,natural_gas,,TJ\n")?.code == .missingValue)
        #expect(error("id,category,method,item,amount,unit\nx,1A1,stationary,natural_gas,NaN,TJ\n")?.code == .invalidNumber)
    }

    @Test("Missing and unknown columns")
    func columns() {
        let e = error("id,category,method,item,amount\nx,1A1,stationary,natural_gas,10\n")
        #expect(e?.code == .missingColumn)
        #expect(e?.field == "unit")
        #expect(e?.line == 1)
        let unknown = error("id,category,method,item,amount,unit,colour\nx,1A1,stationary,natural_gas,10,TJ,red\n")
        #expect(unknown?.code == .unknownColumn && unknown?.field == "colour" && unknown?.line == 1)
        #expect(unknown?.suggestion?.contains("known columns") == true)
    }

    @Test("Unknown unit and a unit of the wrong dimension")
    func units() {
        #expect(error("id,category,method,item,amount,unit\nx,1A1,stationary,natural_gas,10,furlongs\n")?.code == .unitMismatch)
        #expect(error("id,category,method,item,amount,unit\nx,1A1,stationary,natural_gas,10,head\n")?.code == .unitMismatch)
        #expect(error("id,category,method,item,amount,unit,parameters\nx,3A1,enteric,dairy_cattle,10,t,region=asia\n")?.code == .unitMismatch)
    }

    @Test("Enteric without a region, or with an unknown one, lists the choices")
    func entericRegion() {
        #expect(error("id,category,method,item,amount,unit\nx,3A1,enteric,dairy_cattle,10,head\n")?.code == .missingValue)
        let e = error("id,category,method,item,amount,unit,parameters\nx,3A1,enteric,dairy_cattle,10,head,region=atlantis\n")
        #expect(e?.code == .unknownItem)
        #expect(e?.description.contains("western_europe") == true)
    }

    @Test("Clinker imports larger than production are rejected")
    func clinker() {
        #expect(
            error("id,category,method,item,amount,unit,parameters\nx,2A1,cement,portland,100,t,clinker_imports=1000 t\n")?.code == .invalidParameter)
        #expect(error("id,category,method,item,amount,unit,parameters\nx,2A1,cement,portland,100,t,clinker_fraction=95\n")?.code == .invalidParameter)
    }

    @Test("Category codes normalise from Guidelines and CRF styles")
    func categories() throws {
        #expect(try IPCCCategory.normalize("1A1a") == "1.A.1.a")
        #expect(try IPCCCategory.normalize("1.a.3.B") == "1.A.3.b")
        #expect(try IPCCCategory.normalize("1A3ai") == "1.A.3.a.i")
        #expect(try IPCCCategory.normalize("2 A 1") == "2.A.1")
        #expect(throws: InventoryError.self) { try IPCCCategory.normalize("A1") }
    }
}
