import Foundation
import Testing
import YuhengTestSupport
import YuhengUncertainty
@testable import YuhengIndustrial

/// One year of the reference implementation `../shared/methods/calc/steel_sim.py` at full precision
/// (its `round` replaced by the identity): capacity K and production P by route (BF-BOF, Scrap-EAF,
/// H2-DRI-EAF), direct, indirect and total emissions and the cumulative total, Mt.
struct ReferenceYear {
    let year: Int
    let K: [Double], P: [Double]
    let direct: Double, indirect: Double, total: Double, cumulative: Double
}

/// IND-1 of `../shared/methods/industrial.md`, every year 2025–2035, from calc/steel_sim.py.
enum IND1 {
    static let routes = ["BF-BOF", "Scrap-EAF", "H2-DRI-EAF"]

    static let bau: [ReferenceYear] = [
        .init(
            year: 2025, K: [100.0, 25.0, 0.0], P: [80.0, 20.0, 0.0], direct: 153.0, indirect: 10.450000000000001, total: 163.45, cumulative: 163.45),
        .init(
            year: 2026, K: [99.38333333333333, 25.616666666666667, 0.0], P: [79.50666666666666, 20.493333333333332, 0.0],
            direct: 152.0873333333333, indirect: 10.091550000000002, total: 162.17888333333332, cumulative: 325.6288833333333),
        .init(
            year: 2027, K: [98.78845555555554, 26.211544444444446, 0.0], P: [79.03076444444444, 20.969235555555557, 0.0],
            direct: 151.20691422222222, indirect: 9.718078000000002, total: 160.92499222222222, cumulative: 486.5538755555555),
        .init(
            year: 2028, K: [98.21459679259259, 26.785403207407413, 0.0], P: [78.57167743407406, 21.428322565925928, 0.0],
            direct: 150.357603253037, indirect: 9.330303948466668, total: 159.6879072015037, cumulative: 646.2417827570592),
        .init(
            year: 2029, K: [97.66101437258764, 27.338985627412352, 0.0], P: [78.12881149807012, 21.871188501929883, 0.0],
            direct: 149.5383012714297, indirect: 8.928915671640803, total: 158.4672169430705, cumulative: 804.7089997001298),
        .init(
            year: 2030, K: [97.12699186475622, 27.873008135243783, 0.0], P: [77.70159349180497, 22.298406508195026, 0.0],
            direct: 148.74794795983917, indirect: 8.5145702446923, total: 157.26251820453146, cumulative: 961.9715179046613),
        .init(
            year: 2031, K: [96.6118381522015, 28.3881618477985, 0.0], P: [77.2894705217612, 22.7105294782388, 0.0],
            direct: 147.98552046525822, indirect: 8.087895306082986, total: 156.07341577134122, cumulative: 1118.0449336760025),
        .init(
            year: 2032, K: [96.11488653749038, 28.88511346250962, 0.0], P: [76.89190922999231, 23.108090770007692, 0.0],
            direct: 147.25003207548576, indirect: 7.649490317438799, total: 154.89952239292455, cumulative: 1272.9444560689271),
        .init(
            year: 2033, K: [95.63549387983238, 29.364506120167608, 0.0], P: [76.50839510386591, 23.49160489613409, 0.0],
            direct: 146.54053094215192, indirect: 7.1999277711411205, total: 153.74045871329304, cumulative: 1426.6849147822202),
        .init(
            year: 2034, K: [95.17303976274498, 29.82696023725502, 0.0], P: [76.13843181019598, 23.861568189804018, 0.0],
            direct: 145.85609884886256, indirect: 6.73975434775884, total: 152.5958531966214, cumulative: 1579.2807679788416),
        .init(
            year: 2035, K: [94.72692569112799, 30.273074308872012, 0.0], P: [75.78154055290238, 24.218459447097608, 0.0],
            direct: 145.19585002286942, indirect: 6.269492025358178, total: 151.4653420482276, cumulative: 1730.746110027069)
    ]

    static let policy: [ReferenceYear] = [
        .init(
            year: 2025, K: [100.0, 25.0, 0.0], P: [80.0, 20.0, 0.0], direct: 153.0, indirect: 10.450000000000001, total: 163.45, cumulative: 163.45),
        .init(
            year: 2026, K: [96.0, 26.583333333333332, 2.4166666666666643], P: [76.8, 21.266666666666666, 1.9333333333333313],
            direct: 147.17666666666665, indirect: 13.725249999999997, total: 160.90191666666664, cumulative: 324.3519166666666),
        .init(
            year: 2027, K: [92.16, 28.10055555555556, 4.739444444444445], P: [73.728, 22.480444444444444, 3.7915555555555556],
            direct: 141.58637777777773, indirect: 16.503744444444443, total: 158.09012222222216, cumulative: 482.44203888888876),
        .init(
            year: 2028, K: [88.47359999999999, 29.55440370370371, 6.9719962962963], P: [70.77887999999999, 23.64352296296297, 5.577597037037041],
            direct: 136.21980785185184, indirect: 18.811622248148158, total: 155.0314301, cumulative: 637.4734689888887),
        .init(
            year: 2029, K: [84.93465599999999, 30.94750224691359, 9.11784175308643], P: [67.9477248, 24.758001797530873, 7.294273402469145],
            direct: 131.06800455012348, indirect: 20.673733669777796, total: 151.74173821990126, cumulative: 789.2152072087899),
        .init(
            year: 2030, K: [81.53726975999999, 32.282367692016464, 11.180362547983547], P: [65.229815808, 25.82589415361317, 8.944290038386837],
            direct: 126.12237374671933, indirect: 22.113701362347502, total: 148.23607510906683, cumulative: 937.4512823178568),
        .init(
            year: 2031, K: [78.27577896959998, 33.561413001482585, 13.16280802891743], P: [62.62062317567999, 26.849130401186066, 10.530246423133944],
            direct: 121.37466519616466, indirect: 23.153978607675658, total: 144.5286438038403, cumulative: 1081.9799261216972),
        .init(
            year: 2032, K: [75.14474781081599, 34.786951831331834, 15.068300357852182],
            P: [60.115798248652794, 27.829561465065467, 12.054640286281746],
            direct: 116.81695877432175, indirect: 23.815904862239027, total: 140.63286363656078, cumulative: 1222.612789758258),
        .init(
            year: 2033, K: [72.13895789838335, 35.96120259632348, 16.899839505293155], P: [57.71116631870668, 28.768962077058788, 13.519871604234524],
            direct: 112.44165126981908, indirect: 24.119758736175847, total: 136.56141000599493, cumulative: 1359.174199764253),
        .init(
            year: 2034, K: [69.25339958244803, 37.08629236944064, 18.66030804811133], P: [55.40271966595842, 29.669033895552516, 14.928246438489063],
            direct: 108.24144370394752, indirect: 24.084808521754976, total: 132.3262522257025, cumulative: 1491.5004519899555),
        .init(
            year: 2035, K: [66.4832635991501, 38.16426062240078, 20.35247577844911], P: [53.186610879320085, 30.531408497920626, 16.28198062275929],
            direct: 104.20932915788012, indirect: 23.729360382433764, total: 127.93868954031389, cumulative: 1619.4391415302694)
    ]

    /// Compares a simulated pathway with the reference, year by year and route by route.
    static func expectMatches(_ r: SimulationResult, _ reference: [ReferenceYear], rel: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.years.map(\.year) == reference.map(\.year), sourceLocation: sourceLocation)
        for (row, ref) in zip(r.years, reference) {
            for (k, route) in routes.enumerated() {
                expectClose(row.capacity[route], ref.K[k], rel: rel, abs: 1e-12, "\(ref.year) K \(route)", sourceLocation: sourceLocation)
                expectClose(row.production[route], ref.P[k], rel: rel, abs: 1e-12, "\(ref.year) P \(route)", sourceLocation: sourceLocation)
            }
            expectClose(row.direct, ref.direct, rel: rel, "\(ref.year) direct", sourceLocation: sourceLocation)
            expectClose(row.indirect, ref.indirect, rel: rel, "\(ref.year) indirect", sourceLocation: sourceLocation)
            expectClose(row.total, ref.total, rel: rel, "\(ref.year) total", sourceLocation: sourceLocation)
            expectClose(row.cumulative, ref.cumulative, rel: rel, "\(ref.year) cumulative", sourceLocation: sourceLocation)
        }
    }
}

/// The stock-turnover simulator against the reference implementation of industrial.md, year by
/// year, and the invariants every pathway must keep.
@Suite("Industrial simulator: IND-1 every year, stock turnover, dispatch, emissions by route")
struct IndustrialSimulatorTests {
    @Test("IND-1 BAU and POLICY equal calc/steel_sim.py in every year 2025–2035 (capacity, production, E_dir, E_ind, E, cumulative) at 1e-12")
    func everyYear() throws {
        IND1.expectMatches(try IndustrialSimulator.simulate(try Examples.scenario("steel-bau.yaml")), IND1.bau, rel: 1e-12)
        IND1.expectMatches(try IndustrialSimulator.simulate(try Examples.scenario("steel-policy.yaml")), IND1.policy, rel: 1e-12)
    }

    @Test(
        "IND-1 against calc/steel_sim.py run now: every row it prints, to the decimals it prints",
        .requiresShared("methods/calc/steel_sim.py"), .enabled(if: TestPaths.executable("python3") != nil, "python3 is not on PATH: skipped"))
    func liveReference() async throws {
        let o = try await ProcessRunner.run(
            try #require(TestPaths.executable("python3")), [TestPaths.shared("methods/calc/steel_sim.py").path], timeout: 120)
        #expect(o.status == 0, "\(o)")
        var scenario = "", rows = 0
        for line in o.stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("== ") { scenario = String(line.dropFirst(3)); continue }
            // Route names (H2-DRI-EAF) hold digits too: drop the quoted names, then read the numbers.
            let numbers = line.replacing(/'[^']*'/, with: "").matches(of: /-?\d+(\.\d+)?/).map { Double($0.output.0)! }
            try #require(numbers.count == 12, "unexpected line: \(line)")
            let r = try IndustrialSimulator.simulate(try Examples.scenario(scenario == "BAU" ? "steel-bau.yaml" : "steel-policy.yaml"))
            let y = try #require(r.years.first { $0.year == Int(numbers[0]) })
            let ours = [y.demand] + IND1.routes.map { y.capacity[$0]! } + IND1.routes.map { y.production[$0]! } + [y.direct, y.indirect, y.total]
            for (k, v) in ours.enumerated() {
                #expect(abs(v - numbers[k + 1]) <= 0.5e-4 + 1e-9, "\(scenario) \(y.year) column \(k + 1): \(v) vs \(numbers[k + 1])")
            }
            #expect(abs(y.cumulative - numbers[11]) <= 0.5e-3 + 1e-9, "\(scenario) \(y.year) cumulative")
            rows += 1
        }
        #expect(rows == 8)
    }

    @Test("stock conservation: K(t) = K(t−1) − R(t) + N(t) for every route and year; R = K(t−1)/L; nothing retired or built in the first year")
    func stockConservation() throws {
        for name in ["steel-bau.yaml", "steel-policy.yaml", "cement-logit.yaml", "aluminium.yaml"] {
            let s = try Examples.scenario(name)
            let r = try IndustrialSimulator.simulate(s)
            let first = try #require(r.years.first)
            for route in s.routes {
                #expect(first.capacity[route.name] == route.capacity && first.retired[route.name] == 0 && first.newBuild[route.name] == 0, "\(name)")
            }
            for (prev, row) in zip(r.years, r.years.dropFirst()) {
                for route in s.routes {
                    let k0 = prev.capacity[route.name]!, k = row.capacity[route.name]!
                    #expect(
                        relativelyClose(row.retired[route.name]!, k0 / route.lifetime, rel: 1e-15), "\(name) \(row.year) \(route.name) retirement")
                    #expect(
                        relativelyClose(k, k0 - row.retired[route.name]! + row.newBuild[route.name]!, rel: 1e-12, abs: 1e-12),
                        "\(name) \(row.year) \(route.name): \(k0) − \(row.retired[route.name]!) + \(row.newBuild[route.name]!) ≠ \(k)")
                    #expect(k >= 0 && row.newBuild[route.name]! >= 0)
                }
            }
        }
    }

    @Test("new builds fill the gap at the target utilisation: Σ N = max(0, D/u − Σ K′), split by the shares; without a gap nothing is built")
    func capacityGap() throws {
        for name in ["steel-bau.yaml", "steel-policy.yaml", "cement-logit.yaml", "aluminium.yaml"] {
            let s = try Examples.scenario(name)
            let r = try IndustrialSimulator.simulate(s)
            for (prev, row) in zip(r.years, r.years.dropFirst()) {
                let remaining = s.routes.reduce(0.0) { $0 + prev.capacity[$1.name]! - row.retired[$1.name]! }
                let gap = max(0, row.demand / s.utilisation - remaining)
                let built = s.routes.reduce(0.0) { $0 + row.newBuild[$1.name]! }
                #expect(relativelyClose(built, gap, rel: 1e-12, abs: 1e-12), "\(name) \(row.year): built \(built), gap \(gap)")
                if gap > 0 {
                    let total = s.routes.reduce(0.0) { $0 + row.capacity[$1.name]! }
                    #expect(relativelyClose(total, row.demand / s.utilisation, rel: 1e-12), "\(name) \(row.year): capacity \(total) ≠ D/u")
                }
            }
        }
        // POLICY from 2026: the shares of the override, half scrap EAF and half H2-DRI, no blast furnace.
        let p = try IndustrialSimulator.simulate(try Examples.scenario("steel-policy.yaml"))
        for row in p.years.dropFirst() {
            #expect(row.newBuild["BF-BOF"] == 0)
            #expect(relativelyClose(row.newBuild["Scrap-EAF"]!, row.newBuild["H2-DRI-EAF"]!, rel: 1e-15))
        }
        // Demand falling 5 %/yr, faster than the stock retires: no gap, and nothing is built.
        var shrinking = try Examples.scenario("steel-bau.yaml")
        shrinking.demand.growth = -0.05
        let d = try IndustrialSimulator.simulate(shrinking)
        for row in d.years.dropFirst() where row.year <= 2028 {
            #expect(row.newBuild.values.allSatisfy { $0 == 0 }, "\(row.year): \(row.newBuild)")
        }
    }

    @Test("dispatch: Σ P = D every year, P_r = D·K_r/ΣK without a scrap limit; intensity = E/D; the grid follows its series")
    func dispatch() throws {
        for name in ["steel-bau.yaml", "steel-policy.yaml", "cement-logit.yaml"] {
            let s = try Examples.scenario(name)
            let r = try IndustrialSimulator.simulate(s)
            for row in r.years {
                let totalK = s.routes.reduce(0.0) { $0 + row.capacity[$1.name]! }
                #expect(relativelyClose(s.routes.reduce(0.0) { $0 + row.production[$1.name]! }, row.demand, rel: 1e-12), "\(name) \(row.year)")
                for route in s.routes {
                    #expect(relativelyClose(row.production[route.name]!, row.demand * row.capacity[route.name]! / totalK, rel: 1e-15, abs: 1e-300))
                }
                #expect(relativelyClose(row.intensity, row.total / row.demand, rel: 1e-15))
                let t = Double(row.year - s.startYear)
                let g: Double
                if let c = s.grid.changePerYear { g = s.grid.initial! + c * t } else { g = s.grid.initial! * pow(1 - s.grid.declinePct! / 100, t) }
                #expect(relativelyClose(row.gridIntensity, g, rel: 1e-15), "\(name) \(row.year) grid")
                #expect(relativelyClose(row.demand, s.demand.initial! * pow(1 + s.demand.growth!, t), rel: 1e-15))
            }
        }
    }

    @Test("emissions by route: direct_r = P_r·e_r, indirect_r = P_r·q_r·g; totals are their sums; cumulative is the running sum")
    func emissionsByRoute() throws {
        for name in ["steel-bau.yaml", "steel-policy.yaml", "cement-logit.yaml", "aluminium.yaml"] {
            let s = try Examples.scenario(name)
            let r = try IndustrialSimulator.simulate(s)
            var running = 0.0
            for row in r.years {
                for route in s.routes {
                    let p = row.production[route.name]!
                    #expect(row.directByRoute[route.name] == p * route.direct, "\(name) \(row.year) \(route.name)")
                    #expect(row.indirectByRoute[route.name] == p * route.electricity * row.gridIntensity, "\(name) \(row.year) \(route.name)")
                }
                #expect(relativelyClose(row.direct, row.directByRoute.values.reduce(0, +), rel: 1e-12))
                #expect(relativelyClose(row.indirect, row.indirectByRoute.values.reduce(0, +), rel: 1e-12))
                #expect(row.total == row.direct + row.indirect)
                running += row.total
                #expect(relativelyClose(row.cumulative, running, rel: 1e-15))
            }
            #expect(r.cumulative == r.years.last!.cumulative)
        }
        // POLICY 2030: the H2 route's electricity emissions, by hand: P 8.944290038386837 Mt × 3.5 MWh/t × 0.425 t/MWh.
        let p = try IndustrialSimulator.simulate(try Examples.scenario("steel-policy.yaml"))
        let y2030 = try #require(p.years.first { $0.year == 2030 })
        expectClose(y2030.indirectByRoute["H2-DRI-EAF"], 8.944290038386837 * 3.5 * 0.425, rel: 1e-12, "H2-DRI-EAF indirect 2030")
        expectClose(y2030.directByRoute["BF-BOF"], 65.229815808 * 1.9, rel: 1e-12, "BF-BOF direct 2030")
    }

    @Test("difference(): POLICY − BAU per year; the differences sum to the difference of the cumulative totals (1 619.439 − 1 730.746)")
    func scenarioDifference() throws {
        let bau = try IndustrialSimulator.simulate(try Examples.scenario("steel-bau.yaml"))
        let policy = try IndustrialSimulator.simulate(try Examples.scenario("steel-policy.yaml"))
        let d = IndustrialSimulator.difference(bau, policy)
        #expect(d.count == 11 && d.first?.total == 0)
        for (k, row) in d.enumerated() {
            #expect(row.total == policy.years[k].total - bau.years[k].total)
            #expect(row.direct == policy.years[k].direct - bau.years[k].direct && row.indirect == policy.years[k].indirect - bau.years[k].indirect)
        }
        expectClose(d.reduce(0) { $0 + $1.total }, 1619.4391415302694 - 1730.746110027069, rel: 1e-10, "Σ differences")
        // The policy cuts direct emissions and raises indirect ones (IND-1's observation) in every year after the first.
        #expect(d.dropFirst().allSatisfy { $0.direct < 0 && $0.indirect > 0 })
    }

    @Test("difference(): pathways covering different years are paired by calendar year, not by position")
    func differenceByYear() throws {
        let bau = try IndustrialSimulator.simulate(try Examples.scenario("steel-bau.yaml"))
        var later = try IndustrialSimulator.simulate(try Examples.scenario("steel-policy.yaml"))
        later.years.removeFirst(2) // starts two years after the base
        let d = IndustrialSimulator.difference(bau, later)
        #expect(d.map(\.year) == later.years.map(\.year))
        let base = Dictionary(uniqueKeysWithValues: bau.years.map { ($0.year, $0) })
        for (row, y) in zip(d, later.years) {
            #expect(row.total == y.total - (base[y.year]?.total ?? .nan), "\(row.year)")
        }
        // And the other way round: the base's first two years have no partner.
        #expect(IndustrialSimulator.difference(later, bau).map(\.year) == later.years.map(\.year))
    }
}
