import Foundation
import Testing
@testable import YuhengIndustrial

/// A bounded horizon, finite numbers and plausible ranges in scenarios (issue 14, items 6, 17, 19).
@Suite("simulation: bounded horizon, finite inputs and results, plausible ranges, year keys")
struct SimulationInputValidationTests {
    func scenario(_ edit: (inout IndustrialScenario) -> Void) throws -> IndustrialScenario {
        var s = try Examples.scenario("steel-bau.yaml")
        edit(&s)
        return s
    }

    func failure(_ s: IndustrialScenario) -> IndustrialError? {
        do { _ = try IndustrialSimulator.simulate(s); Issue.record("expected an IndustrialError") } catch let e as IndustrialError { return e } catch
        {
            Issue.record("unexpected \(error)")
        }
        return nil
    }

    @Test("end_year 100000000 or Int.max, or a start before 1900, is an error at once (it used to run without end)")
    func horizon() throws {
        for end in [100_000_000, Int.max] {
            let started = Date()
            let e = failure(try scenario { $0.endYear = end })
            #expect(e?.field == "end_year" && e?.message.contains("1900–2200") == true, "\(String(describing: e))")
            #expect(Date().timeIntervalSince(started) < 60)
        }
        #expect(failure(try scenario { $0.startYear = Int.min })?.field == "start_year")
        #expect(
            failure(
                try scenario {
                    $0.startYear = 1900; $0.endYear = 2200
                })?.message.contains("at most 200 years") == true)
        #expect(failure(try scenario { $0.uncertainty = .init(iterations: 100_000_000, seed: 1, parameters: []) })?.field == "uncertainty.iterations")
    }

    @Test("a series with two change rules, or values by year beside an initial value, is an error naming it (one used to win silently)")
    func oneRule() throws {
        let two = failure(try scenario { $0.demand.changePerYear = 1 }) // demand already grows at 0 %/yr
        #expect(two?.field == "demand" && two?.message.contains("growth and change_per_year") == true, "\(String(describing: two))")
        let both = failure(try scenario { $0.grid.values = ["2030": 0.3] }) // grid has an initial value and a change per year
        #expect(
            both?.field == "grid" && both?.message.contains("values by year and initial and change_per_year") == true, "\(String(describing: both))")
        // One rule, or values alone, still runs.
        _ = try IndustrialSimulator.simulate(try scenario { $0.grid = .init(values: ["2024": 0.5, "2030": 0.3]) })
        _ = try IndustrialSimulator.simulate(try scenario { $0.demand = .init(initial: 100, declinePct: 1) })
    }

    @Test("growth .nan (it printed rows of nan) and every other non-finite number are errors naming the field")
    func nonFinite() throws {
        #expect(failure(try scenario { $0.demand.growth = .nan })?.field == "demand.growth")
        #expect(failure(try scenario { $0.grid.initial = .infinity })?.field == "grid.initial")
        #expect(failure(try scenario { $0.routes[0].fuel = .nan })?.field == "routes.BF-BOF.fuel")
        #expect(failure(try scenario { $0.utilisation = .nan })?.field == "utilisation")
        #expect(failure(try scenario { $0.overrides = [.init(year: 2030, set: ["demand.growth": .nan])] })?.field == "overrides[0].set.demand.growth")
    }

    @Test("results that overflow are errors, not inf")
    func overflow() throws {
        // Within every physical bound taken alone, but a unit without a known range lets demand grow without limit.
        let e = failure(
            try scenario {
                $0.unit = "kg"; $0.demand.initial = 1e300; $0.demand.growth = 1.9; $0.routes[0].capacity = 1e300
            })
        #expect(e?.code == .notFinite, "\(String(describing: e))")
    }

    @Test("beyond physical possibility is an error (demand growth 15, lifetime 0.5, 50 t CO2/t ok but 5000 not); beyond any real case a warning")
    func ranges() throws {
        var e = failure(try scenario { $0.demand.growth = 15 })
        #expect(e?.field == "demand.growth" && e?.message.contains("write 1.5 %/yr as 0.015") == true, "\(String(describing: e))")
        #expect(failure(try scenario { $0.routes[0].lifetime = 0.5 })?.field == "routes.BF-BOF.lifetime")
        #expect(failure(try scenario { $0.routes[0].direct = 5000 })?.field == "routes.BF-BOF.direct")
        #expect(failure(try scenario { $0.grid.initial = 450 })?.field == "grid.initial")
        e = failure(try scenario { $0.overrides = [.init(year: 2030, set: ["demand.growth": 15])] })
        #expect(e?.field == "demand.growth" && e?.message.contains("after the override of 2030") == true, "\(String(describing: e))")
        let r = try IndustrialSimulator.simulate(
            try scenario {
                $0.demand.growth = 0.3; $0.routes[0].direct = 50
            })
        #expect(r.warnings.contains { $0.hasPrefix("field 'demand.growth': 0.3 per year is beyond any real growth rate") }, "\(r.warnings)")
        #expect(r.warnings.contains { $0.hasPrefix("field 'routes.BF-BOF.direct'") }, "\(r.warnings)")
        #expect(try IndustrialSimulator.simulate(try Examples.scenario("steel-bau.yaml")).warnings.isEmpty)
    }

    @Test("values keyed by a mistyped year (2O28) are an error with a did-you-mean, not dropped")
    func yearKeys() throws {
        let e = failure(try scenario { $0.grid = .init(values: ["2025": 0.5, "2O28": 0.4]) })
        #expect(
            e?.field == "grid.values" && e?.message == "'2O28' is not a year" && e?.suggestion == "did you mean 2028?", "\(String(describing: e))")
        let r = try IndustrialSimulator.simulate(try scenario { $0.grid = .init(values: ["2025": 0.5, "2028": 0.4]) })
        #expect(r.years.first { $0.year == 2028 }?.gridIntensity == 0.4)
    }
}
