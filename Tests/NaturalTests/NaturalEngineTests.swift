import Foundation
import Testing
import YuhengCore
@testable import YuhengNatural

/// The worked examples of methods/natural.md (NAT-1 … NAT-6) and the engine's input checks.
@Suite("natural engine: worked examples")
struct NaturalExampleTests {
    static func close(_ a: Double?, _ b: Double, tol: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tol * max(1, abs(b))
    }

    @Test("NAT-1 boreal wildfire, IPCC Table 2.5: 549 150 t CO2, 1 645 t CH4, 91 t N2O, non-CO2 70 175 t CO2e (AR5)")
    func nat1IPCC() throws {
        let r = try FireEmissions.report([FireActivity(vegetation: "boreal_forest", area: 10_000, fuelConsumption: 35)], set: .ipcc)
        let f = r.fires[0]
        #expect(Self.close(f.dryMatterT.value, 350_000))
        #expect(Self.close(f.tonnes("CO2"), 549_150))
        #expect(Self.close(f.tonnes("CH4"), 1_645))
        #expect(Self.close(f.tonnes("N2O"), 91.0))
        #expect(Self.close(f.tonnes("CO"), 37_450))
        // forest CO2 goes through the carbon-stock change; CH4 and N2O are reportable
        #expect(f.gases.first { $0.gas == "CO2" }?.reporting == .viaStockChange)
        #expect(f.gases.first { $0.gas == "CH4" }?.reporting == .inventory)
        #expect(Self.close(r.totals.inventoryCO2e.value, 70_175))
        #expect(Self.close(r.totals.memoCO2.value, 549_150))
        #expect(r.totals.naturalCO2e.value == 0)
        // uncertainty: a positive, asymmetric 95 % range around the estimate
        let ch4 = try #require(f.gases.first { $0.gas == "CH4" }?.tonnes)
        #expect(ch4.low > 0 && ch4.low < 1_645 && ch4.high > 1_645)
        #expect((ch4.uncertaintyPct ?? 0) > 50)
    }

    @Test("NAT-1 with GFED4 BORF factors: 521 150 t CO2, 2 086 t CH4, 143.5 t N2O")
    func nat1GFED() throws {
        let r = try FireEmissions.report([FireActivity(vegetation: "boreal_forest", area: 10_000, fuelConsumption: 35)], set: .gfed4)
        let f = r.fires[0]
        #expect(f.efCategory == "BORF")
        #expect(Self.close(f.tonnes("CO2"), 521_150))
        #expect(Self.close(f.tonnes("CH4"), 2_086))
        #expect(Self.close(f.tonnes("N2O"), 143.5))
    }

    @Test("NAT-1 with the default fuel consumption of boreal forest (35 t dm/ha, van Leeuwen 2014) gives the same")
    func nat1Default() throws {
        let (f, used) = try FireEmissions.calculate(FireActivity(vegetation: "boreal_forest", area: 10_000))
        #expect(Self.close(f.tonnes("CH4"), 1_645))
        #expect(f.fuelConsumptionSource.contains("van Leeuwen"))
        #expect(used.contains { $0.table == "fuel_consumption" && $0.item == "boreal_forest" })
    }

    @Test("NAT-1 from M_B and C_f: 70 t/ha × 0.5 = 35 t/ha")
    func nat1FuelLoad() throws {
        let (f, _) = try FireEmissions.calculate(
            FireActivity(vegetation: "boreal_forest", area: 100, areaUnit: "km^2", fuelLoad: 70, combustionFactor: 0.5))
        #expect(Self.close(f.areaHa, 10_000))
        #expect(Self.close(f.tonnes("CO2"), 549_150))
    }

    @Test("NAT-2 savanna, non-CO2 only: 529 t CH4, 48.3 t N2O; CO2 not reported")
    func nat2() throws {
        let r = try FireEmissions.report([FireActivity(vegetation: "savanna", area: 50_000, fuelConsumption: 4.6)])
        let f = r.fires[0]
        #expect(Self.close(f.dryMatterT.value, 230_000))
        #expect(Self.close(f.tonnes("CH4"), 529))
        #expect(Self.close(f.tonnes("N2O"), 48.3))
        #expect(f.gases.first { $0.gas == "CO2" }?.reporting == .memo)
        let expected: Double = 529.0 * 28.0 + 48.3 * 265.0
        #expect(Self.close(r.totals.inventoryCO2e.value, expected))
    }

    @Test("unmanaged land: every gas is natural, none reportable")
    func unmanagedFire() throws {
        let r = try FireEmissions.report([FireActivity(vegetation: "savanna", area: 50_000, fuelConsumption: 4.6, managed: false)])
        #expect(r.fires[0].gases.allSatisfy { $0.reporting == .natural })
        #expect(r.totals.inventoryCO2e.value == 0)
        let co2: Double = 230_000.0 * 1.613, ch4e: Double = 529.0 * 28.0, n2oe: Double = 48.3 * 265.0
        #expect(Self.close(r.totals.naturalCO2e.value, co2 + ch4e + n2oe))
    }

    @Test("NAT-3 gain–loss, forest land remaining forest land: ΔC = 12 631.25 t C, −46 314.58 t CO2/yr")
    func nat3() throws {
        var s = LandStratum(method: .gainLoss)
        s.area = 10_000; s.growth = 4.0; s.rootShoot = 0.25; s.carbonFraction = 0.47
        s.harvest = 20_000; s.bcefR = 0.7
        s.disturbanceArea = 100; s.disturbanceBiomass = 150; s.disturbanceFraction = 0.3
        let (r, _) = try LandCarbon.calculate(s)
        #expect(Self.close(r.gainsTC, 23_500))
        #expect(Self.close(r.lossesTC["wood_removals"], 8_225))
        #expect(Self.close(r.lossesTC["disturbance"], 2_643.75))
        #expect(Self.close(r.deltaCTC.value, 12_631.25))
        #expect(abs(r.co2T.value - (-46_314.58)) < 0.005)
        #expect(r.reporting == .inventory)
    }

    @Test("NAT-4 stock-difference: 1 000 000 → 1 050 000 t C over 2015–2020 = 10 000 t C/yr, −36 666.67 t CO2/yr")
    func nat4() throws {
        var s = LandStratum(method: .stockDifference)
        s.stockT1 = 1_000_000; s.stockT2 = 1_050_000; s.yearT1 = 2015; s.yearT2 = 2020
        let (r, _) = try LandCarbon.calculate(s)
        #expect(Self.close(r.deltaCTC.value, 10_000))
        #expect(abs(r.co2T.value - (-36_666.67)) < 0.005)
    }

    @Test("stock-difference from inventory data (Eq 2.8) and land converted (Eq 2.16)")
    func inventoryStocksAndConversion() throws {
        var s = LandStratum(method: .stockDifference)
        s.area = 100; s.volumeT1 = 200; s.volumeT2 = 210; s.bcefS = 0.6; s.rootShoot = 0.25; s.carbonFraction = 0.5; s.yearT1 = 2010; s.yearT2 = 2015
        let (r, _) = try LandCarbon.calculate(s)
        let expectedDC: Double = 100.0 * 10.0 * 0.6 * 1.25 * 0.5 / 5.0
        #expect(Self.close(r.deltaCTC.value, expectedDC))
        var c = LandStratum(method: .gainLoss, landCategory: "converted")
        c.area = 10; c.biomassBefore = 200; c.biomassAfter = 10; c.rootShoot = 0.2; c.carbonFraction = 0.47
        let (rc, _) = try LandCarbon.calculate(c)
        let conv: Double = 10.0 * (10.0 - 200.0) * 1.2 * 0.47
        #expect(Self.close(rc.conversionTC, conv))
        #expect(Self.close(rc.co2T.value, -conv * 44.0 / 12.0))
    }

    @Test("default root-to-shoot ratio and carbon fraction are used and reported with their ranges")
    func landDefaults() throws {
        var s = LandStratum(method: .gainLoss)
        s.area = 1_000; s.growth = 2; s.ecoZone = "tropical_rainforest"
        let (r, used) = try LandCarbon.calculate(s)
        let gains: Double = 1_000.0 * 2.0 * 1.37 * 0.47
        #expect(Self.close(r.gainsTC, gains))
        #expect(used.contains { $0.table == "root_shoot" && $0.verification == "unverified" })
        #expect(used.contains { $0.table == "carbon_fraction" })
        #expect(r.co2T.low < r.co2T.value && r.co2T.high > r.co2T.value)
    }

    @Test("NAT-5 rewetted temperate nutrient-rich peat, 1 000 ha: 288 t CH4/yr")
    func nat5() throws {
        let r = try OrganicSoils.report([OrganicSoilActivity(area: 1_000, status: "rewetted", climate: "temperate", nutrient: "rich")])
        let s = r.sites[0]
        #expect(Self.close(s.tonnes("CH4"), 288))
        #expect(s.tonnes("N2O") == 0)
        let ch4 = try #require(s.gases.first { $0.gas == "CH4" }?.tonnes)
        let hi: Double = 1_000.0 * 1141.0 * 16.0 / 12.0 / 1000.0
        #expect(Self.close(ch4.low, 0) && Self.close(ch4.high, hi))
    }

    @Test("drained organic soils: CO2, CH4 and N2O from the Wetlands Supplement tables")
    func drained() throws {
        let (s, used) = try OrganicSoils.calculate(OrganicSoilActivity(area: 100, status: "drained", climate: "temperate", landUse: "cropland"))
        let co2: Double = 100.0 * 7.9 * 44.0 / 12.0
        #expect(Self.close(s.tonnes("CO2"), co2))
        #expect(Self.close(s.tonnes("CH4"), 0))
        let n2o: Double = 100.0 * 13.0 * 44.0 / 28.0 / 1000.0
        #expect(Self.close(s.tonnes("N2O"), n2o))
        #expect(used.contains { $0.table == "organic_soil_n2o" && $0.verification == "V-bonsai" })
    }

    @Test("NAT-6 GCB budget identity: B_IM = 10.1 + 1.1 − 5.2 − 2.9 − 3.2 = −0.1 GtC/yr")
    func nat6() {
        let b = CarbonBudget(fossil: 10.1, landUseChange: 1.1, atmosphericGrowth: 5.2, oceanSink: 2.9, landSink: 3.2)
        #expect(abs(b.imbalance - (-0.1)) < 1e-12)
        let gt: Double = 10.1 * CarbonBudget.gtCO2PerGtC
        #expect(abs(gt - 37.0064) < 1e-9)
        #expect(NaturalBackground.volcanicCO2GtPerYear.value == 0.3)
        #expect(NaturalBackground.volcanicCO2GtPerYear.low == 0.13)
    }
}

@Suite("natural engine: bad input")
struct NaturalBadInputTests {
    func expectError(_ code: NaturalError.Code, field: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(code) on \(field)")
        } catch let e as NaturalError {
            #expect(e.code == code, "\(e)")
            #expect(e.field == field, "\(e)")
            #expect(e.description.contains(field))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("fires: negative area, fuel and C_f outside [0, 1], unknown vegetation, area in tonnes, missing C_f, no IPCC factor for peat")
    func fireErrors() {
        expectError(.negativeValue, field: "area") { _ = try FireEmissions.calculate(FireActivity(vegetation: "savanna", area: -1)) }
        expectError(.negativeValue, field: "fuel_consumption") {
            _ = try FireEmissions.calculate(FireActivity(vegetation: "savanna", area: 1, fuelConsumption: -4))
        }
        expectError(.negativeValue, field: "fuel_load") {
            _ = try FireEmissions.calculate(FireActivity(vegetation: "savanna", area: 1, fuelLoad: -4, combustionFactor: 0.5))
        }
        expectError(.fractionOutOfRange, field: "combustion_factor") {
            _ = try FireEmissions.calculate(FireActivity(vegetation: "savanna", area: 1, fuelLoad: 4, combustionFactor: 1.2))
        }
        expectError(.fractionOutOfRange, field: "combustion_factor") {
            _ = try FireEmissions.calculate(FireActivity(vegetation: "savanna", area: 1, fuelLoad: 4, combustionFactor: -0.1))
        }
        expectError(.missingValue, field: "combustion_factor") {
            _ = try FireEmissions.calculate(FireActivity(vegetation: "savanna", area: 1, fuelLoad: 4))
        }
        expectError(.unknownVegetation, field: "vegetation") { _ = try FireEmissions.calculate(FireActivity(vegetation: "mangrove jungle", area: 1)) }
        expectError(.unitMismatch, field: "area_unit") {
            _ = try FireEmissions.calculate(FireActivity(vegetation: "savanna", area: 1, areaUnit: "t"))
        }
        expectError(.unitMismatch, field: "area_unit") {
            _ = try FireEmissions.calculate(FireActivity(vegetation: "savanna", area: 1, areaUnit: "hectares please"))
        }
        expectError(.unknownCategory, field: "ef_set") {
            _ = try FireEmissions.calculate(FireActivity(vegetation: "tropical_peatland", area: 1), set: .ipcc)
        }
        expectError(.negativeValue, field: "area_uncertainty_pct") {
            _ = try FireEmissions.calculate(FireActivity(vegetation: "savanna", area: 1, areaUncertaintyPct: -5))
        }
    }

    @Test("land: negative area, growth, stocks; fractions outside [0, 1]; unknown zone; t2 before t1; missing G_W")
    func landErrors() {
        func gl(_ f: (inout LandStratum) -> Void) -> LandStratum {
            var s = LandStratum(method: .gainLoss)
            s.area = 100; s.growth = 2; s.rootShoot = 0.2
            f(&s)
            return s
        }
        expectError(.negativeValue, field: "area") { _ = try LandCarbon.calculate(gl { $0.area = -5 }) }
        expectError(.negativeValue, field: "growth") { _ = try LandCarbon.calculate(gl { $0.growth = -5 }) }
        expectError(.missingValue, field: "growth") { _ = try LandCarbon.calculate(gl { $0.growth = nil }) }
        expectError(.fractionOutOfRange, field: "carbon_fraction") { _ = try LandCarbon.calculate(gl { $0.carbonFraction = 47 }) }
        expectError(.fractionOutOfRange, field: "disturbance_fraction") {
            _ = try LandCarbon.calculate(
                gl {
                    $0.disturbanceArea = 1; $0.disturbanceBiomass = 100; $0.disturbanceFraction = 1.5
                })
        }
        expectError(.unknownClimateZone, field: "eco_zone") {
            _ = try LandCarbon.calculate(
                gl {
                    $0.rootShoot = nil; $0.ecoZone = "lunar"
                })
        }
        expectError(.missingValue, field: "biomass_class") {
            _ = try LandCarbon.calculate(
                gl {
                    $0.rootShoot = nil; $0.ecoZone = "boreal"
                })
        }
        expectError(.missingValue, field: "bcef_r") { _ = try LandCarbon.calculate(gl { $0.harvest = 100 }) }
        expectError(.unknownCategory, field: "land_category") { _ = try LandCarbon.calculate(gl { $0.landCategory = "ocean" }) }
        var sd = LandStratum(method: .stockDifference)
        sd.stockT1 = -1; sd.stockT2 = 5; sd.yearT1 = 2000; sd.yearT2 = 2010
        expectError(.negativeValue, field: "stock_t1") { _ = try LandCarbon.calculate(sd) }
        sd.stockT1 = 1; sd.yearT2 = 1990
        expectError(.invalidValue, field: "year_t2") { _ = try LandCarbon.calculate(sd) }
    }

    @Test("organic soils: negative area, unknown climate, status, land use, nutrient; area in m³")
    func soilErrors() {
        expectError(.negativeValue, field: "area") {
            _ = try OrganicSoils.calculate(OrganicSoilActivity(area: -1, status: "rewetted", climate: "boreal"))
        }
        expectError(.unknownClimateZone, field: "climate") {
            _ = try OrganicSoils.calculate(OrganicSoilActivity(area: 1, status: "rewetted", climate: "arctic"))
        }
        expectError(.unknownCategory, field: "status") {
            _ = try OrganicSoils.calculate(OrganicSoilActivity(area: 1, status: "flooded", climate: "boreal"))
        }
        expectError(.unknownCategory, field: "land_use") {
            _ = try OrganicSoils.calculate(OrganicSoilActivity(area: 1, status: "drained", climate: "boreal", landUse: "golf"))
        }
        expectError(.missingValue, field: "land_use") {
            _ = try OrganicSoils.calculate(OrganicSoilActivity(area: 1, status: "drained", climate: "boreal"))
        }
        expectError(.unknownCategory, field: "nutrient") {
            _ = try OrganicSoils.calculate(OrganicSoilActivity(area: 1, status: "rewetted", climate: "temperate", nutrient: "medium"))
        }
        expectError(.missingValue, field: "nutrient") {
            _ = try OrganicSoils.calculate(OrganicSoilActivity(area: 1, status: "rewetted", climate: "temperate"))
        }
        expectError(.unknownClimateZone, field: "climate") {
            _ = try OrganicSoils.calculate(OrganicSoilActivity(area: 1, status: "drained", climate: "tropical", landUse: "forest"))
        }
        expectError(.unitMismatch, field: "area_unit") {
            _ = try OrganicSoils.calculate(OrganicSoilActivity(area: 1, areaUnit: "m^3", status: "rewetted", climate: "boreal"))
        }
    }

    @Test("stock-difference from volumes carries the carbon-fraction range into the change (the same fraction multiplies both stocks)")
    func stockDifferenceCarbonFraction() throws {
        var s = LandStratum(method: .stockDifference)
        s.area = 100; s.volumeT1 = 200; s.volumeT2 = 210; s.bcefS = 0.6; s.rootShoot = 0.25; s.yearT1 = 2010; s.yearT2 = 2015
        let (r, used) = try LandCarbon.calculate(s) // default carbon fraction 0.47 (0.44–0.49)
        #expect(used.contains { $0.table == "carbon_fraction" })
        let cf = NaturalDefaults.carbonFraction
        let cv = (cf.high! - cf.low!) / (2 * 1.96) / cf.value
        // no stock uncertainty given: the change's uncertainty is the carbon fraction's, Eq 3.1 with one term
        #expect(abs((r.deltaCTC.uncertaintyPct ?? 0) - cv * 1.96 * 100) < 1e-9)
        // given stocks in t C do not use the carbon fraction: still exact
        var g = LandStratum(method: .stockDifference)
        g.stockT1 = 1_000_000; g.stockT2 = 1_050_000; g.yearT1 = 2015; g.yearT2 = 2020
        #expect((try LandCarbon.calculate(g).0.deltaCTC.uncertaintyPct ?? 0) == 0)
        // a user carbon fraction is exact too
        s.carbonFraction = 0.5
        #expect((try LandCarbon.calculate(s).0.deltaCTC.uncertaintyPct ?? 0) == 0)
    }
}
