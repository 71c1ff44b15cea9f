import Foundation
import Testing
import YuhengAnalysis
import YuhengCore
import YuhengUncertainty
@testable import YuhengInventory

@Suite("Time series, key categories and uncertainty")
struct SeriesTests {
    static let headerY = "id,year,category,method,item,amount,unit,ad_uncertainty_pct,parameters\n"

    /// Three categories with known CO2: base year A 600, B 300, C 100 t; latest A 900, B 300, C 0 t
    /// (lime EF 1, glass EF 0.5 without cullet, carbonates EF 0.5).
    static let kcaFile =
        headerY + """
            a,2000,,lime,lime,600,t,5,ef=1;ef_uncertainty_pct=10
            b,2000,,glass,glass,600,t,5,ef=0.5;cullet_ratio=0;ef_uncertainty_pct=20
            c,2000,,carbonates,limestone,200,t,5,ef=0.5;ef_uncertainty_pct=30
            a,2001,,lime,lime,750,t,5,ef=1;ef_uncertainty_pct=10
            b,2001,,glass,glass,600,t,5,ef=0.5;cullet_ratio=0;ef_uncertainty_pct=20
            c,2001,,carbonates,limestone,100,t,5,ef=0.5;ef_uncertainty_pct=30
            a,2002,,lime,lime,900,t,5,ef=1;ef_uncertainty_pct=10
            b,2002,,glass,glass,600,t,5,ef=0.5;cullet_ratio=0;ef_uncertainty_pct=20
            c,2002,,carbonates,limestone,0,t,5,ef=0.5;ef_uncertainty_pct=30

            """

    static func series(_ csv: String, options: InventorySeriesOptions = InventorySeriesOptions()) throws -> InventorySeriesResult {
        try Fixture.engine().computeSeries(try Fixture.parse(csv), fileName: "s.csv", options: options)
    }

    @Test("every year is reported, with the change against the base year (default: the first year; --base-year changes it)")
    func everyYear() throws {
        let s = try Self.series(Self.kcaFile)
        #expect(s.years == [2000, 2001, 2002])
        #expect(s.series.map(\.totalCO2e) == [1000, 1100, 1200])
        #expect(close(s.series[2].changeVsBasePercent, 20))
        #expect(s.trend?.baseYear == 2000 && s.trend?.year == 2002)
        let s2 = try Self.series(Self.kcaFile, options: InventorySeriesOptions(baseYear: 2001))
        #expect(close(s2.series[2].changeVsBasePercent, 100.0 / 1100 * 100))
        #expect(close(s2.series[0].changeVsBasePercent, -100.0 / 1100 * 100))
        #expect(throws: InventoryError.self) { try Self.series(Self.kcaFile, options: InventorySeriesOptions(baseYear: 1999)) }
        let s3 = try Self.series(Self.kcaFile, options: InventorySeriesOptions(reportYears: 2001...2002))
        #expect(s3.years == [2001, 2002] && s3.baseYear == 2001)
        #expect(s.series[0].bySectorCO2e["2"] == 1000)
    }

    @Test("key categories, Approach 1: level shares of the latest year and Eq 4.2 trend shares, 95 % threshold")
    func keyCategoriesApproach1() throws {
        let s = try Self.series(Self.kcaFile)
        let k = s.keyCategories
        func row(_ c: String) throws -> KeyCategoryRow { try #require(k.rows.first { $0.category == c && $0.gas == "CO2" }) }
        // level (2002): A 900/1200 = 0.75, B 300/1200 = 0.25, C 0
        #expect(close(try row("2.A.2").levelShare, 0.75))
        #expect(close(try row("2.A.3").levelShare, 0.25))
        #expect(try row("2.A.4").levelShare == 0)
        // trend: total trend 0.2; T_A = |0.3 − 0.6·0.2| = 0.18, T_B = |0 − 0.3·0.2| = 0.06, T_C = |−0.1 − 0.1·0.2| = 0.12; ΣT = 0.36
        #expect(close(try row("2.A.2").trendShare, 0.5))
        #expect(close(try row("2.A.3").trendShare, 0.06 / 0.36))
        #expect(close(try row("2.A.4").trendShare, 0.12 / 0.36))
        #expect(close(try row("2.A.4").trendCumulative, 0.5 + 0.12 / 0.36))
        // key: A and B by level (B starts below 95 %); all three by trend; C not by level (no emissions)
        #expect(try row("2.A.2").keyLevel && row("2.A.3").keyLevel && !row("2.A.4").keyLevel)
        #expect(try row("2.A.2").keyTrend && row("2.A.3").keyTrend && row("2.A.4").keyTrend)
        let json = try JSONEncoder().encode(s)
        let obj = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let key = try #require(obj["key_categories"] as? [[String: Any]])
        #expect(
            key.contains {
                $0["category"] as? String == "2.A.2" && $0["approach"] as? Int == 1 && ($0["criteria"] as? [String])?.contains("trend") == true
            })
        for k in ["category", "gas", "level_share", "trend_share", "level_cumulative", "trend_cumulative", "approach"] {
            #expect(key.allSatisfy { $0[k] != nil || k == "trend_share" || k == "trend_cumulative" }, "\(k)")
        }
    }

    @Test("Approach 1 table: E, F, combined, type A and B sensitivities and the trend uncertainty (Vol 1 Table 3.2)")
    func approach1Trend() throws {
        let s = try Self.series(Self.kcaFile)
        let t = s.approach1
        #expect(t.baseTotal == 1000 && t.yearTotal == 1200)
        let a = try #require(t.rows.first { $0.category == "2.A.2" })
        #expect(close(a.adUncertainty, 5) && close(a.efUncertainty, 10))
        #expect(close(a.combinedUncertainty, (25.0 + 100).squareRoot()))
        // type A: ((0.01·900 + 1200)/(0.01·600 + 1000) − 1200/1000) × 100; type B: 900/1000
        let I = ((0.01 * 900 + 1200) / (0.01 * 600 + 1000) - 1.2) * 100
        #expect(close(a.typeASensitivity, I))
        #expect(close(a.typeBSensitivity, 0.9))
        #expect(close(a.trendFromEF, abs(I) * 10))
        #expect(close(a.trendFromAD, 0.9 * 5 * 2.0.squareRoot()))
        // total: √ΣH and √ΣM over the three rows
        var h = 0.0, m = 0.0
        for (d, c, e, f) in [(900.0, 600.0, 5.0, 10.0), (300, 300, 5, 20), (0, 100, 5, 30)] {
            let g = (e * e + f * f).squareRoot()
            h += (g * d) * (g * d) / (1200 * 1200)
            let i = ((0.01 * d + 1200) / (0.01 * c + 1000) - 1.2) * 100
            let j = d / 1000
            m += (i * f) * (i * f) + (j * e * 2.0.squareRoot()) * (j * e * 2.0.squareRoot())
        }
        #expect(close(t.uncertaintyPercent, h.squareRoot()))
        #expect(close(t.trendUncertainty, m.squareRoot()))
        #expect(close(s.trend?.uncertaintyPercentPoints, m.squareRoot()))
        #expect(close(t.trendPercent, 20))
    }

    @Test("Approach 2 key categories weight level and trend by the Approach 1 uncertainty (90 % threshold)")
    func keyCategoriesApproach2() throws {
        let s = try Self.series(Self.kcaFile)
        let rows = s.keyCategories.rows
        let u = Dictionary(uniqueKeysWithValues: rows.map { ($0.category, $0.uncertaintyPercent ?? .nan) })
        let lu = ["2.A.2": 900 * u["2.A.2"]!, "2.A.3": 300 * u["2.A.3"]!, "2.A.4": 0.0]
        let sum = lu.values.reduce(0, +)
        for r in rows { #expect(close(r.levelUncertaintyShare, lu[r.category]! / sum)) }
        #expect(s.keyCategories.approach2Threshold == 0.9)
    }

    @Test("recalculations against a previous submission, by category and year")
    func recalculations() throws {
        let current = try Self.series(Self.kcaFile)
        let prevCSV = Self.kcaFile.replacingOccurrences(of: "a,2001,,lime,lime,750,t", with: "a,2001,,lime,lime,700,t")
        let previous = try Self.series(prevCSV)
        let rc = current.recalculations(against: previous)
        let y2001 = rc.filter { $0.year == 2001 }
        #expect(y2001.first?.category == "total")
        #expect(close(y2001.first?.difference, 50))
        let lime = try #require(y2001.first { $0.category == "2.A.2" })
        #expect(lime.previousCO2e == 700 && lime.currentCO2e == 750)
        #expect(close(lime.differencePercent, 50.0 / 700 * 100))
        #expect(close(lime.shareOfTotalPercent, 50.0 / 1050 * 100))
        #expect(rc.filter { $0.year == 2000 && $0.category != "total" }.isEmpty)
    }

    @Test("the FOD model's reported years default to the years of the other lines, and a short history is a warning")
    func fodYears() throws {
        var csv = Self.headerY
        for y in 1990...2002 { csv += "w,\(y),4.A.1,landfill,msw_food,1000,t,5,climate=boreal_temperate;moisture=dry;site=managed_anaerobic\n" }
        csv += "a,2000,,lime,lime,600,t,5,\na,2001,,lime,lime,600,t,5,\na,2002,,lime,lime,600,t,5,\n"
        let s = try Self.series(csv)
        #expect(s.years == [2000, 2001, 2002])
        // k = 0.06/yr for food in dry boreal/temperate: half-life 11.6 years, 3 half-lives ≈ 35 years > 10 years of history
        #expect(s.latest.warnings.contains { $0.contains("disposal series 'w' starts in 1990") })
        #expect((s.results[0].byCategory["4.A.1"]?.co2eTonnes ?? 0) > 0)
    }

    @Test("NCV uncertainty of a fuel given by mass reaches CH4 and N2O, not only CO2")
    func ncvReachesEveryGas() throws {
        let r = try Fixture.engine().compute(
            try Fixture.parse(
                """
                id,category,method,item,amount,unit,ad_uncertainty_pct,parameters
                coal,1.A.1.a,stationary,other_bituminous_coal,100,Gg,5,ch4_uncertainty_pct=50;n2o_uncertainty_pct=60
                """))
        let ncv = try #require(Fixture.factors.fuels["other_bituminous_coal"]?.ncv?.uncertaintyPercent)
        let e = r.sources[0].emissions
        #expect(close(e.first { $0.gas == .ch4 }?.factorUncertaintyPercent, (2500 + ncv * ncv).squareRoot()))
        #expect(close(e.first { $0.gas == .n2o }?.factorUncertaintyPercent, (3600 + ncv * ncv).squareRoot()))
        // in energy units there is no NCV
        let r2 = try Fixture.engine().compute(
            try Fixture.parse(
                "id,category,method,item,amount,unit,ad_uncertainty_pct,parameters\ng,1.A.1.a,stationary,natural_gas,1000,TJ,2,ch4_uncertainty_pct=50\n"
            ))
        #expect(close(r2.sources[0].emissions.first { $0.gas == .ch4 }?.factorUncertaintyPercent, 50))
    }

    @Test("Monte Carlo over the series: a default factor used by several lines and years is one input, drawn once per iteration")
    func sharedFactor() async throws {
        let csv =
            Self.headerY + """
                n1,2019,,nitric_acid,high_pressure,100000,t,2,
                n2,2019,,nitric_acid,high_pressure,50000,t,2,
                n1,2020,,nitric_acid,high_pressure,120000,t,2,
                n2,2020,,nitric_acid,high_pressure,50000,t,2,

                """
        let acts = try Fixture.parse(csv)
        let s = try Fixture.engine().computeSeries(acts)
        let model = try InventorySeriesUncertainty(series: s, activities: acts, factors: Fixture.factors)
        let ef = model.inputs.filter { $0.id.hasPrefix("tier1|2006|nitric_acid.ef|high_pressure") }
        #expect(ef.count == 1)
        #expect(ef.first?.usedBy.count == 2) // both lines
        #expect(model.inputs.filter { $0.kind == .activityData }.count == 4) // one per line and year
        // first order: the shared factor is fully correlated across lines (±40 % on 100 % of each year's total)
        let hw = model.analyticHalfWidths()
        let expected = (1600.0 + (4.0 * (100_000.0 * 100_000 + 50_000 * 50_000)) / (150_000.0 * 150_000)).squareRoot()
        #expect(abs(hw[0] - expected) < 1e-3) // the truncation at 0 changes the variance by ~1e-5
        let mc = try await model.monteCarlo(iterations: 20_000, seed: 7, workers: 2)
        #expect(mc.totals.count == 2)
        let trend = try #require(mc.trend)
        // the factor cancels in the trend: its spread comes from the activity data only (a few %), far below ±40 %
        #expect(trend.p97_5 - trend.p2_5 < 12)
        #expect(abs(trend.median - (170_000.0 / 150_000 - 1) * 100) < 1)
        #expect(abs(mc.totals[1].mean / mc.deterministicTotals[1] - 1) < 0.01) // symmetric ranges: normal, mean kept
    }

    @Test("the single-year Monte Carlo model covers the new methods through their terms (solid waste decay rate included)")
    func termsModel() throws {
        var csv = Self.headerY
        for y in 2000...2010 { csv += "w,\(y),4.A.1,landfill,msw_food,1000,t,10,climate=tropical;moisture=wet;site=managed_anaerobic\n" }
        let acts = try Fixture.parse(csv)
        let s = try Fixture.engine().computeSeries(acts)
        let model = try InventoryUncertaintyModel(result: s.latest, activities: acts, factors: Fixture.factors)
        #expect(close(model.deterministicTotal, s.latest.totalCO2eTonnes))
        #expect(model.inputs.contains { $0.id.hasPrefix("tier1|2006|landfill.k|msw_food") })
        #expect(model.inputs.filter { $0.kind == .activityData }.count == 10) // deposits 2000–2009 decay in 2010
        let ones = [Double](repeating: 1, count: model.inputs.count)
        #expect(close(model.total(ones), model.deterministicTotal))
        // a 10 % higher k: exact re-evaluation of the decay kernel, not a linearisation
        let k = try #require(model.inputs.firstIndex { $0.id.hasPrefix("tier1|2006|landfill.k|") })
        var x = ones
        x[k] = 1.1
        let kv = try #require(model.inputs[k].nominalValue)
        var direct = 0.0
        let per = 1000 * Fixture.factors.tier1Default(.ipcc2006, "landfill.doc", item: "msw_food")!.value * 0.5 * 1.0 * 0.5 * 16 / 12
        for age in 1...10 { direct += per * EmissionTerm.decayShare(k: kv * 1.1, age: age) }
        #expect(close(model.total(x), direct * 28, rel: 1e-9))
    }
}
