import Foundation
import Testing
import YuhengAnalysis
import YuhengCore
import YuhengInventory
import YuhengUncertainty

@Suite("Inventory Monte Carlo")
struct InventoryMonteCarloTests {
    static func model(_ activities: [Activity]) throws -> InventoryUncertaintyModel {
        let engine = try Fixture.engine()
        let result = try engine.compute(activities)
        return try InventoryUncertaintyModel(result: result, activities: activities, factors: engine.factors)
    }

    @Test("IPCC-6: 200 000 iterations give a 95 % half-width within ±0.1 points of 3.777 %")
    func ipcc6() async throws {
        let m = try Self.model(try Fixture.example("ipcc-6.csv"))
        #expect(m.inputs.count == 6) // AD and stated EF chain of each of the three sources
        #expect(m.inputs.allSatisfy { $0.kind == .activityData || $0.kind == .statedPercent })
        #expect(close(m.deterministicTotal, 768_168, rel: 2e-4))
        // first order through the same inputs reproduces Approach 1 (3.777 %)
        #expect(abs(m.analytic().halfWidthPercent - 3.777) < 0.001)
        let mc = try await m.monteCarlo(iterations: 200_000, seed: 1)
        #expect(mc.total.iterations == 200_000)
        #expect(abs(mc.total.halfWidthPercent - 3.777) <= 0.1)
        #expect(close(mc.total.mean, m.deterministicTotal, rel: 1e-3))
        #expect(!mc.total.cancelled)
    }

    @Test("Inventory MC: identical results with 1 and 2 workers")
    func workers() async throws {
        let m = try Self.model(try Fixture.example("ipcc-6.csv"))
        let a = try await m.monteCarlo(iterations: 20_000, seed: 7, blockSize: 1000, workers: 1)
        let b = try await m.monteCarlo(iterations: 20_000, seed: 7, blockSize: 1000, workers: 2)
        #expect(a.run.outputs.values == b.run.outputs.values)
        #expect(a.total == b.total)
        let c = try await m.monteCarlo(iterations: 20_000, seed: 8, blockSize: 1000, workers: 2)
        #expect(a.total.mean != c.total.mean)
    }

    @Test("The same factor used by two activities is one random variable")
    func sharedFactor() async throws {
        // same fuel, same default CO2 factor (range 54 300–58 300 kg/TJ), no activity-data uncertainty
        let acts = try Fixture.parse(
            """
            id,category,method,item,amount,unit,ad_uncertainty_pct,parameters
            power,1.A.1.a,stationary,natural_gas,1000,TJ,,gases=CO2
            industry,1.A.2,stationary,natural_gas,1000,TJ,,gases=CO2
            """)
        let m = try Self.model(acts)
        #expect(m.inputs.count == 1)
        let f = try #require(m.inputs.first)
        #expect(f.id == "fuel_co2|natural_gas")
        #expect(f.kind == .factorRange)
        #expect(Set(f.usedBy) == ["power", "industry"])
        // the multiplier's 2.5/97.5 percentiles are low/high over the value
        let ng = try #require(Fixture.factors.fuels["natural_gas"]?.co2)
        #expect(close(f.distribution.quantile(0.025), ng.low! / ng.value, rel: 1e-3))
        #expect(close(f.distribution.quantile(0.975), ng.high! / ng.value, rel: 1e-3))

        let mc = try await m.monteCarlo(iterations: 5000, seed: 3)
        let out = mc.run.outputs
        let c1 = try #require(m.categories.firstIndex(of: "1.A.1.a")) + 1
        let c2 = try #require(m.categories.firstIndex(of: "1.A.2")) + 1
        // the difference of the two identical sources has zero variance: the draws are shared
        let diff = (0..<out.rows).map { out[$0, c1] - out[$0, c2] }
        #expect(diff.allSatisfy { $0 == 0 })
        #expect(Statistics.variance(out.column(c1)) > 0)
        // perfectly correlated: the total's relative spread equals each source's (independent draws would give 1/√2 of it)
        #expect(close(mc.total.sd / mc.total.mean, mc.byCategory["1.A.1.a"]!.sd / mc.byCategory["1.A.1.a"]!.mean, rel: 1e-9))
        // first order: the shared factor's gradient is the sum of both sources
        #expect(close(m.analytic().sd, m.deterministicTotal * f.distribution.standardDeviation, rel: 1e-12))
    }

    @Test("national-demo (latest year of the time series): factors shared across stationary, road and rail use; every method mapped")
    func nationalDemo() async throws {
        let all = try Fixture.example("national-demo.csv")
        let engine = try Fixture.engine()
        let latest = try engine.computeSeries(all).latest
        let m = try InventoryUncertaintyModel(result: latest, activities: all.filter { $0.year == latest.year }, factors: engine.factors)
        let byID = Dictionary(uniqueKeysWithValues: m.inputs.map { ($0.id, $0) })
        #expect(Set(try #require(byID["fuel_co2|natural_gas"]).usedBy) == ["power-gas", "homes-gas"])
        #expect(Set(try #require(byID["fuel_co2|gas_diesel_oil"]).usedBy) == ["road-diesel", "rail-diesel"])
        #expect(Set(try #require(byID["ncv|gas_diesel_oil"]).usedBy) == ["road-diesel", "rail-diesel"])
        #expect(byID["cement|clinker_fraction_portland"] != nil)
        #expect(byID["enteric|2019R|dairy_cattle|western_europe"] != nil)
        #expect(m.notes.isEmpty)
        // international aviation is a memo item: not in the model
        #expect(!m.terms.contains { $0.activityID == "aviation-intl" })
        let mc = try await m.monteCarlo(iterations: 20_000, seed: 1)
        // the demonstration inventory has strongly skewed inputs (e.g. the wastewater effluent N2O factor, 0.0005–0.25
        // around 0.005), where first-order propagation is not valid (IPCC Vol 1 Ch 3): the Monte Carlo interval is
        // asymmetric and contains the deterministic total
        #expect(mc.total.p2_5 < m.deterministicTotal && m.deterministicTotal < mc.total.p97_5)
        #expect(abs(mc.total.mean / m.deterministicTotal - 1) < 0.1)
        #expect(m.analytic().halfWidthPercent.isFinite)
    }

    @Test("Activity data: normal with sd = U/196 truncated at 0; NCV, EF and AD are separate inputs")
    func inputsFromData() throws {
        let acts = try Fixture.parse(
            """
            id,category,method,item,amount,unit,ad_uncertainty_pct,parameters
            coal,1.A.1.a,stationary,other_bituminous_coal,100,Gg,5,
            """)
        let m = try Self.model(acts)
        let ad = try #require(m.inputs.first { $0.kind == .activityData })
        #expect(close(ad.distribution.standardDeviation, 0.05 / 1.96, rel: 1e-6))
        #expect(ad.distribution.support.lower == 0)
        let ids = Set(m.inputs.map(\.id))
        #expect(ids.contains("ncv|other_bituminous_coal"))
        #expect(ids.contains("fuel_co2|other_bituminous_coal"))
        // CO2 uses AD × NCV × EF; CH4 and N2O use the same AD and NCV draws
        let co2 = try #require(m.terms.first { $0.gas == "CO2" })
        let ch4 = try #require(m.terms.first { $0.gas == "CH4" })
        #expect(co2.inputs.count == 3)
        #expect(Set(co2.inputs).intersection(ch4.inputs).count == 2)
    }

    @Test("Sensitivity of IPCC-6: Spearman and Sobol rank the cement factor first")
    func sensitivity() async throws {
        let m = try Self.model(try Fixture.example("ipcc-6.csv"))
        let s = try await m.sensitivity(method: .spearman, samples: 20_000, seed: 1)
        #expect(s.indices.count == 6)
        let top = try #require(s.ranked.first)
        #expect(top.input.contains("cement"))
        #expect(abs(s.indices.compactMap(\.contributionToVariance).reduce(0, +) - 1) < 1e-9)
        let sob = try await m.sensitivity(method: .sobol, samples: 4096, seed: 1)
        #expect(try #require(sob.ranked.first).input.contains("cement"))
        let totals = sob.indices.compactMap(\.total)
        #expect(abs(totals.reduce(0, +) - 1) < 0.1) // near-additive model
        let json = String(decoding: try JSONEncoder().encode(sob), as: UTF8.self)
        #expect(json.contains("\"indices\"") && json.contains("\"total_ci\""))
    }

    @Test("Invalid parameters are rejected")
    func errors() async throws {
        let m = try Self.model(try Fixture.example("ipcc-6.csv"))
        await #expect(throws: UncertaintyError.self) { try await m.monteCarlo(iterations: -5, seed: 1) }
        do {
            _ = try await m.monteCarlo(iterations: 0, seed: 1)
            Issue.record("expected an error")
        } catch let e as UncertaintyError {
            #expect(e.code == .invalidArgument)
            #expect(e.parameter == "iterations")
        }
        #expect(throws: UncertaintyError.self) { try SensitivityMethod(parsing: "morris") }
        #expect(try SensitivityMethod(parsing: "SOBOL") == .sobol)
        await #expect(throws: UncertaintyError.self) { try await m.sensitivity(method: .sobol, samples: 0, seed: 1) }
    }
}
