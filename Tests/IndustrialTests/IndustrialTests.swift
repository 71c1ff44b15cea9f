import Foundation
import Testing
import YuhengTestSupport
import Yams
@testable import YuhengIndustrial

enum Examples {
    static func scenario(_ name: String) throws -> IndustrialScenario {
        try YAMLDecoder().decode(IndustrialScenario.self, from: String(contentsOf: TestPaths.example("simulate/\(name)"), encoding: .utf8))
    }
}

/// IND-1, IND-2 and IND-3 of `../shared/methods/industrial.md` (expected values to its tolerance 1e-4).
@Suite("Industrial simulation worked examples")
struct IndustrialTests {
    func year(_ r: SimulationResult, _ y: Int) throws -> YearResult { try #require(r.years.first { $0.year == y }) }

    @Test("IND-1 BAU: 163.45 (2025), 162.1789 (2026), 157.2625 (2030), 151.4653 (2035), cumulative 1 730.746 Mt")
    func bau() throws {
        let r = try IndustrialSimulator.simulate(try Examples.scenario("steel-bau.yaml"))
        let expected: [(Int, [Double], Double, Double, Double)] = [
            (2025, [80, 20, 0], 153.0, 10.45, 163.45),
            (2026, [79.5067, 20.4933, 0], 152.0873, 10.0916, 162.1789),
            (2030, [77.7016, 22.2984, 0], 148.7479, 8.5146, 157.2625),
            (2035, [75.7815, 24.2185, 0], 145.1959, 6.2695, 151.4653)
        ]
        for (y, p, ed, ei, e) in expected {
            let row = try year(r, y)
            for (k, route) in ["BF-BOF", "Scrap-EAF", "H2-DRI-EAF"].enumerated() {
                #expect(abs((row.production[route] ?? -1) - p[k]) < 1e-4, "\(y) \(route)")
            }
            #expect(abs(row.direct - ed) < 1e-4)
            #expect(abs(row.indirect - ei) < 1e-4)
            #expect(abs(row.total - e) < 1e-4, "\(y): \(row.total)")
        }
        #expect(abs(r.cumulative - 1730.746) < 1e-3)
    }

    @Test("IND-1 POLICY: 160.9019 (2026), 148.2361 (2030), 127.9387 (2035), cumulative 1 619.439 Mt; indirect rises")
    func policy() throws {
        let r = try IndustrialSimulator.simulate(try Examples.scenario("steel-policy.yaml"))
        let expected: [(Int, [Double], Double, Double, Double)] = [
            (2026, [76.8, 21.2667, 1.9333], 147.1767, 13.7252, 160.9019),
            (2030, [65.2298, 25.8259, 8.9443], 126.1224, 22.1137, 148.2361),
            (2035, [53.1866, 30.5314, 16.2820], 104.2093, 23.7294, 127.9387)
        ]
        for (y, p, ed, ei, e) in expected {
            let row = try year(r, y)
            for (k, route) in ["BF-BOF", "Scrap-EAF", "H2-DRI-EAF"].enumerated() {
                #expect(abs((row.production[route] ?? -1) - p[k]) < 1e-4, "\(y) \(route)")
            }
            #expect(abs(row.direct - ed) < 1e-4)
            #expect(abs(row.indirect - ei) < 1e-4)
            #expect(abs(row.total - e) < 1e-4)
        }
        #expect(abs(r.cumulative - 1619.439) < 1e-3)
        // First step by hand: R = 4.0, 0.8333, 0; gap 4.8333; N = 0, 2.4167, 2.4167.
        let y26 = try year(r, 2026)
        #expect(abs(y26.retired["BF-BOF"]! - 4.0) < 1e-9)
        #expect(abs(y26.newBuild["H2-DRI-EAF"]! - 4.8333 / 2) < 1e-4)
        #expect(y26.indirect > (try year(r, 2025)).indirect)
    }

    @Test("IND-2: break-even grid intensity of grid-powered H2-DRI against BF-BOF is 0.52941 t/MWh")
    func breakEven() throws {
        // e_H2 + q_H2·g = e_BF + q_BF·g  →  g* = (e_BF − e_H2) / (q_H2 − q_BF)
        var s = try Examples.scenario("steel-bau.yaml")
        let bf = s.routes.first { $0.name == "BF-BOF" }!, h2 = s.routes.first { $0.name == "H2-DRI-EAF" }!
        let g = (bf.direct - h2.direct) / (h2.electricity - bf.electricity)
        #expect(abs(g - 0.52941) < 1e-5)
        // The simulator agrees: at g*, producing only one route or the other gives the same emissions.
        s.grid = .init(initial: g)
        s.endYear = s.startYear
        s.routes = [bf, h2].map {
            var r = $0; r.capacity = 10; r.share = 0.5; return r
        }
        let r = try IndustrialSimulator.simulate(s)
        let perTonneBF = r.years[0].directByRoute["BF-BOF"]! + r.years[0].indirectByRoute["BF-BOF"]!
        let perTonneH2 = r.years[0].directByRoute["H2-DRI-EAF"]! + r.years[0].indirectByRoute["H2-DRI-EAF"]!
        #expect(abs(perTonneBF - perTonneH2) < 1e-9)
    }

    @Test("IND-3: IO shock E = 216.667 kt, multipliers 0.93333 / 2.46667, ΔE = 9.3333 kt")
    func ioShock() throws {
        let r = try IOShock.evaluate(A: [[0.2, 0.3], [0.1, 0.4]], f: [0.5, 1.2], y: [100, 50], dy: [10, 0])
        #expect(abs(r.x[0] - 166.6667) < 1e-4 && abs(r.x[1] - 111.1111) < 1e-4)
        #expect(abs(r.emissions - 216.6667) < 1e-4)
        #expect(abs(r.multipliers[0] - 0.93333) < 1e-5 && abs(r.multipliers[1] - 2.46667) < 1e-5)
        #expect(abs(r.dx[0] - 13.3333) < 1e-4 && abs(r.dx[1] - 2.2222) < 1e-4)
        #expect(abs(r.dE - 9.3333) < 1e-4)
    }

    @Test("uncertainty bands bracket the deterministic pathway and are reproducible")
    func bands() async throws {
        let s = try Examples.scenario("steel-policy.yaml")
        let a = try await IndustrialSimulator.simulateWithUncertainty(s, workers: 1)
        let b = try await IndustrialSimulator.simulateWithUncertainty(s, workers: 2)
        for (x, y) in zip(a.years, b.years) {
            let lo = try #require(x.totalP2_5), hi = try #require(x.totalP97_5)
            #expect(lo < x.total && x.total < hi)
            #expect(x.totalP2_5 == y.totalP2_5 && x.totalP97_5 == y.totalP97_5)
        }
    }

    @Test("the other shipped examples run: logit choice responds to the carbon price; the scrap limit binds")
    func examples() throws {
        let cement = try IndustrialSimulator.simulate(try Examples.scenario("cement-logit.yaml"))
        #expect(cement.years.count == 16)
        let ccs2040 = cement.years.last!.capacity["Kiln with CCS"]!
        #expect(ccs2040 > 0)
        let alu = try IndustrialSimulator.simulate(try Examples.scenario("aluminium.yaml"))
        #expect(alu.warnings.contains { $0.contains("scrap supply binds") })
        for y in alu.years { #expect(y.production["Secondary (scrap)"]! * 1.05 <= (18 * pow(1.035, Double(y.year - 2025))) * (1 + 1e-12)) }
    }

    @Test("bad input: shares not summing to one, negative capacity or lifetime, unknown override keys, infeasible scrap")
    func badInput() throws {
        var s = try Examples.scenario("steel-bau.yaml")
        s.routes[0].share = 0.6
        #expect { try IndustrialSimulator.simulate(s) } throws: { ($0 as? IndustrialError)?.field == "routes.*.share" }
        s = try Examples.scenario("steel-bau.yaml")
        s.routes[1].capacity = -1
        #expect { try IndustrialSimulator.simulate(s) } throws: { ($0 as? IndustrialError)?.field == "routes.Scrap-EAF.capacity" }
        s = try Examples.scenario("steel-bau.yaml")
        s.routes[2].lifetime = 0
        #expect { try IndustrialSimulator.simulate(s) } throws: { ($0 as? IndustrialError)?.field == "routes.H2-DRI-EAF.lifetime" }
        s = try Examples.scenario("steel-bau.yaml")
        s.overrides = [.init(year: 2027, set: ["routes.BF-BOF.colour": 1])]
        #expect { try IndustrialSimulator.simulate(s) } throws: { ($0 as? IndustrialError)?.code == .unknownParameter }
        s = try Examples.scenario("steel-bau.yaml")
        s.overrides = [.init(year: 2027, set: ["routes.Coke-oven.share": 1])]
        #expect { try IndustrialSimulator.simulate(s) } throws: { ($0 as? IndustrialError)?.message.contains("BF-BOF") == true }
        // All capacity scrap-based and too little scrap: infeasible, naming the year.
        var alu = try Examples.scenario("aluminium.yaml")
        alu.routes[0].capacity = 0
        alu.routes[0].share = 0
        alu.routes[1].share = 1
        alu.routes[1].capacity = 90
        #expect { try IndustrialSimulator.simulate(alu) } throws: {
            ($0 as? IndustrialError)?.code == .infeasible && ($0 as? IndustrialError)?.message.contains("2025") == true
        }
    }
}
