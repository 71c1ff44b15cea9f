import Foundation
import Testing
import YuhengTestSupport
import YuhengNumerics
import YuhengUncertainty
@testable import YuhengIndustrial

/// A two-route scenario built in code: a cheap, dirty route and a clean, dear one.
func twoRoutes(_ edit: (inout IndustrialScenario) -> Void = { _ in }) -> IndustrialScenario {
    var s = IndustrialScenario(
        name: "two routes", sector: "test", unit: "Mt", startYear: 2025, endYear: 2030,
        demand: .init(initial: 100, growth: 0), utilisation: 0.8, grid: .init(initial: 0.5),
        carbonPrice: nil, scrapSupply: nil,
        routes: [
            .init(
                name: "dirty", capacity: 100, direct: 2.0, electricity: 0.1, fuel: nil, lifetime: 20, share: 0.5, scrap: nil, cost: 50,
                maxUtilisation: nil),
            .init(
                name: "clean", capacity: 25, direct: 0.1, electricity: 0.5, fuel: nil, lifetime: 20, share: 0.5, scrap: nil, cost: 80,
                maxUtilisation: nil)
        ],
        choice: nil, overrides: nil, uncertainty: nil, description: nil)
    edit(&s)
    return s
}

@Suite("Industrial simulator: technology choice, scrap limit, series, overrides")
struct IndustrialChoiceTests {
    @Test("logit shares: θ_r = exp(−λ·LCOP_r)/Σ exp(−λ·LCOP_k) with LCOP = cost + p·(e + q·g); they sum to one and favour the cheaper route")
    func logitShares() throws {
        let s = twoRoutes {
            $0.choice = .init(method: "logit", lambda: 0.05); $0.carbonPrice = .init(initial: 10)
        }
        let shares = try IndustrialSimulator.newBuildShares(s, year: 2026, grid: 0.5)
        let lDirty = 50 + 10 * (2.0 + 0.1 * 0.5), lClean = 80 + 10 * (0.1 + 0.5 * 0.5) // 70.5 and 83.5
        expectClose(shares["dirty"], 1 / (1 + exp(-0.05 * (lClean - lDirty))), rel: 1e-14, "θ dirty")
        expectClose((shares["dirty"] ?? 0) + (shares["clean"] ?? 0), 1, rel: 1e-15, "Σθ")
        #expect(shares["dirty"]! > shares["clean"]!)
        // Equal levelised costs give equal shares; a steep λ picks the cheapest route.
        let equal = twoRoutes {
            $0.choice = .init(method: "logit", lambda: 0.05); $0.routes[1].cost = 50; $0.routes[1].direct = 2.0; $0.routes[1].electricity = 0.1
        }
        expectClose(try IndustrialSimulator.newBuildShares(equal, year: 2026, grid: 0.5)["clean"], 0.5, rel: 1e-15, "equal costs")
        let steep = twoRoutes { $0.choice = .init(method: "logit", lambda: 50) }
        #expect(try IndustrialSimulator.newBuildShares(steep, year: 2026, grid: 0.5)["dirty"]! > 1 - 1e-12)
        // A carbon price past the break-even (30 / 1.7 ≈ 17.6 per t without electricity) turns the choice round.
        let priced = twoRoutes {
            $0.choice = .init(method: "logit", lambda: 0.05); $0.carbonPrice = .init(initial: 100)
        }
        let p = try IndustrialSimulator.newBuildShares(priced, year: 2026, grid: 0.5)
        #expect(p["clean"]! > p["dirty"]!)
        // Fixed shares are returned as given.
        #expect(try IndustrialSimulator.newBuildShares(twoRoutes(), year: 2026, grid: 0.5) == ["dirty": 0.5, "clean": 0.5])
    }

    @Test("cement-logit: a rising carbon price shifts new builds towards CCS year by year; every year's shares sum to one")
    func carbonPriceShift() throws {
        let s = try Examples.scenario("cement-logit.yaml")
        var last = -1.0
        for year in (s.startYear + 1)...s.endYear {
            let g = try s.grid.value(year: year, start: s.startYear, name: "grid")
            let shares = try IndustrialSimulator.newBuildShares(s, year: year, grid: g)
            expectClose(shares.values.reduce(0, +), 1, rel: 1e-14, "\(year) Σθ")
            let ccs = shares["Kiln with CCS"]!
            #expect(ccs > last, "\(year): CCS share \(ccs) after \(last)")
            last = ccs
        }
        // Without a carbon price the CCS kiln (cost 95 vs 55) gets almost nothing.
        var free = s
        free.carbonPrice = nil
        #expect(try IndustrialSimulator.newBuildShares(free, year: 2030, grid: 0.4)["Kiln with CCS"]! < 0.2)
    }

    @Test("scrap limit: scrap use never exceeds the supply, production still meets demand, and the shift stays within spare capacity")
    func scrapLimit() throws {
        let s = try Examples.scenario("aluminium.yaml")
        let r = try IndustrialSimulator.simulate(s)
        var bound = 0
        for row in r.years {
            let supply = try s.scrapSupply!.value(year: row.year, start: s.startYear, name: "scrap_supply")
            let use = s.routes.reduce(0.0) { $0 + row.production[$1.name]! * ($1.scrap ?? 0) }
            #expect(use <= supply * (1 + 1e-12), "\(row.year): scrap use \(use) > supply \(supply)")
            #expect(relativelyClose(s.routes.reduce(0.0) { $0 + row.production[$1.name]! }, row.demand, rel: 1e-12), "\(row.year)")
            for route in s.routes where route.scrap == nil {
                #expect(row.production[route.name]! <= row.capacity[route.name]! * (route.maxUtilisation ?? 1) * (1 + 1e-12))
            }
            if relativelyClose(use, supply, rel: 1e-12) { bound += 1 }
        }
        #expect(bound > 0 && r.warnings.filter { $0.contains("scrap supply binds") }.count == bound)
        // A generous supply never binds: dispatch is then proportional to capacity.
        var plenty = s
        plenty.scrapSupply = .init(initial: 1000)
        let free = try IndustrialSimulator.simulate(plenty)
        #expect(!free.warnings.contains { $0.contains("scrap supply binds") })
        for row in free.years {
            let totalK = row.capacity.values.reduce(0, +)
            for route in s.routes {
                #expect(relativelyClose(row.production[route.name]!, row.demand * row.capacity[route.name]! / totalK, rel: 1e-12))
            }
        }
    }

    @Test("series: growth compounds, change_per_year is linear, decline_pct shrinks, values by year hold until the next; bad values name the field")
    func series() throws {
        typealias S = IndustrialScenario.Series
        #expect(try S(initial: 100, growth: 0.02).value(year: 2030, start: 2025, name: "d") == 100 * pow(1.02, 5))
        #expect(try S(initial: 0.55, changePerYear: -0.025).value(year: 2027, start: 2025, name: "g") == 0.55 - 0.025 * 2)
        #expect(try S(initial: 0.45, declinePct: 3).value(year: 2028, start: 2025, name: "g") == 0.45 * pow(1 - 3.0 / 100, 3))
        #expect(try S(initial: 7).value(year: 2099, start: 2025, name: "c") == 7)
        let v = S(values: ["2025": 1, "2030": 2, "2035": 3])
        #expect(try [2024, 2025, 2029, 2030, 2034, 2040].map { try v.value(year: $0, start: 2025, name: "v") } == [1, 1, 1, 2, 2, 3])
        #expect { try S(values: ["soon": 1]).value(year: 2025, start: 2025, name: "grid") } throws: {
            ($0 as? IndustrialError)?.field == "grid.values"
        }
        #expect { try S().value(year: 2025, start: 2025, name: "grid") } throws: { ($0 as? IndustrialError)?.field == "grid" }
    }

    @Test("overrides apply from their year on (utilisation, growth, grid, a route's share), in path order; get() reads what apply() set")
    func overrides() throws {
        let base = try IndustrialSimulator.simulate(twoRoutes())
        let changed = try IndustrialSimulator.simulate(
            twoRoutes {
                $0.overrides = [.init(year: 2028, set: ["utilisation": 0.7, "grid.initial": 0.2, "routes.clean.share": 1, "routes.dirty.share": 0])]
            })
        for (a, b) in zip(base.years, changed.years) where a.year < 2028 { #expect(a == b, "\(a.year) changed before the override") }
        let y28 = try #require(changed.years.first { $0.year == 2028 })
        // From 2028: the new grid, and the gap to D/u = 100/0.7 filled by the clean route alone.
        #expect(y28.gridIntensity == 0.2 && y28.newBuild["dirty"] == 0 && y28.newBuild["clean"]! > 0)
        expectClose(y28.capacity.values.reduce(0, +), 100 / 0.7, rel: 1e-12, "capacity 2028")
        var s = twoRoutes()
        for (path, value) in [
            ("utilisation", 0.75), ("demand.growth", 0.01), ("grid.change_per_year", -0.01), ("routes.clean.direct", 0.2),
            ("routes.clean.electricity", 0.6), ("routes.clean.lifetime", 25), ("routes.clean.capacity", 30)
        ] {
            try IndustrialSimulator.apply(&s, path: path, value: value)
            #expect(try IndustrialSimulator.get(s, path: path) == value, "\(path)")
        }
        try IndustrialSimulator.apply(&s, path: "carbon_price.initial", value: 40)
        try IndustrialSimulator.apply(&s, path: "scrap_supply.growth", value: 0.1)
        #expect(s.carbonPrice?.initial == 40 && s.scrapSupply?.growth == 0.1)
        for bad in ["colour", "routes.clean", "routes.steel.share", "grid.slope", "demand"] {
            #expect { try IndustrialSimulator.apply(&s, path: bad, value: 1) } throws: { ($0 as? IndustrialError)?.code == .unknownParameter }
        }
        #expect { try IndustrialSimulator.get(s, path: "routes.clean.share") } throws: { ($0 as? IndustrialError)?.code == .unknownParameter }
        // An override outside the simulated years is never applied, and the warning says so.
        let outside = try IndustrialSimulator.simulate(twoRoutes { $0.overrides = [.init(year: 2040, set: ["utilisation": 0.9])] })
        #expect(outside.years == base.years && outside.warnings.contains { $0.contains("never applied") })
    }

    @Test("infeasible or invalid: no capacity at the start, an unknown choice method, a logit without costs")
    func infeasible() throws {
        let none = twoRoutes {
            $0.routes[0].capacity = 0; $0.routes[1].capacity = 0
        }
        #expect { try IndustrialSimulator.simulate(none) } throws: { e in
            guard let e = e as? IndustrialError else { return false }
            return e.code == .infeasible && e.message.contains("2025")
        }
        #expect { try IndustrialSimulator.simulate(twoRoutes { $0.choice = .init(method: "auction", lambda: nil) }) } throws: {
            ($0 as? IndustrialError)?.field == "choice.method"
        }
        #expect {
            try IndustrialSimulator.simulate(
                twoRoutes {
                    $0.choice = .init(method: "logit", lambda: 0.1); $0.routes[1].cost = nil
                })
        } throws: {
            ($0 as? IndustrialError)?.field == "choice"
        }
    }
}

@Suite("Industrial simulator: uncertainty and IO shocks")
struct IndustrialUncertaintyTests {
    @Test("the ensemble: nil without uncertain parameters; iterations must be positive; a lognormal needs a positive value")
    func ensembleInputs() throws {
        #expect(try SimulationEnsemble(twoRoutes()) == nil)
        #expect(try SimulationEnsemble(twoRoutes { $0.uncertainty = .init(iterations: 10, seed: 1, parameters: []) }) == nil)
        #expect {
            try SimulationEnsemble(
                twoRoutes { $0.uncertainty = .init(iterations: 0, seed: 1, parameters: [.init(parameter: "grid.initial", gsd: 1.1)]) })
        } throws: {
            ($0 as? IndustrialError)?.field == "uncertainty.iterations"
        }
        #expect {
            try SimulationEnsemble(
                twoRoutes {
                    $0.routes[1].direct = 0;
                    $0.uncertainty = .init(iterations: 10, seed: 1, parameters: [.init(parameter: "routes.clean.direct", gsd: 1.1)])
                })
        } throws: {
            ($0 as? IndustrialError)?.field == "routes.clean.direct"
        }
        #expect {
            try SimulationEnsemble(twoRoutes { $0.uncertainty = .init(iterations: 10, seed: 1, parameters: [.init(parameter: "grid.initial")]) })
        } throws: {
            ($0 as? IndustrialError)?.field == "grid.initial"
        }
        let e = try #require(try SimulationEnsemble(try Examples.scenario("steel-policy.yaml")))
        #expect(e.inputs.count == 3 && e.outputCount == 11 && e.iterations == 2000 && e.seed == 42)
        // The model at the deterministic values gives the deterministic pathway.
        let det = try IndustrialSimulator.simulate(try Examples.scenario("steel-policy.yaml"))
        #expect(try e.model([1.9, 3.5, 0.55]) == det.years.map(\.total))
    }

    @Test("an uncertain utilisation near 1 is drawn within (0, 1]: the Monte Carlo completes instead of stopping at a draw above 1")
    func utilisationBounded() async throws {
        for spec in [IndustrialScenario.UncertainParameter(parameter: "utilisation", gsd: 1.2), .init(parameter: "utilisation", uncertaintyPct: 30)] {
            let s = twoRoutes {
                $0.utilisation = 0.97
                $0.uncertainty = .init(iterations: 2000, seed: 3, parameters: [spec])
            }
            let e = try #require(try SimulationEnsemble(s))
            var rng = SeededGenerator(seed: 1)
            let draws = (0..<5000).map { _ in e.inputs[0].sample(using: &rng) }
            #expect(draws.allSatisfy { $0 > 0 && $0 <= 1 }, "max draw \(draws.max() ?? .nan)")
            let r = try await IndustrialSimulator.simulateWithUncertainty(s, workers: 2)
            #expect(r.years.allSatisfy { ($0.totalP2_5 ?? .nan) <= $0.total * 1.5 && ($0.totalP97_5 ?? .nan).isFinite })
        }
    }

    @Test("bands: reproducible for a seed, another seed differs, wider with a wider GSD, and the whole run equals the run in block parts")
    func bands() async throws {
        func scenario(gsd: Double, seed: UInt64) -> IndustrialScenario {
            twoRoutes { $0.uncertainty = .init(iterations: 3000, seed: seed, parameters: [.init(parameter: "routes.dirty.direct", gsd: gsd)]) }
        }
        let a = try await IndustrialSimulator.simulateWithUncertainty(scenario(gsd: 1.1, seed: 7), workers: 2)
        let b = try await IndustrialSimulator.simulateWithUncertainty(scenario(gsd: 1.1, seed: 7), workers: 1)
        let c = try await IndustrialSimulator.simulateWithUncertainty(scenario(gsd: 1.1, seed: 8), workers: 2)
        let wide = try await IndustrialSimulator.simulateWithUncertainty(scenario(gsd: 1.3, seed: 7), workers: 2)
        #expect(a.years == b.years)
        #expect(a.years.map(\.totalP97_5) != c.years.map(\.totalP97_5))
        for (x, w) in zip(a.years, wide.years) {
            let lo = try #require(x.totalP2_5), hi = try #require(x.totalP97_5)
            #expect(lo < x.total && x.total < hi, "\(x.year)")
            let wideLo = try #require(w.totalP2_5), wideHi = try #require(w.totalP97_5)
            #expect(wideHi - wideLo > hi - lo, "\(x.year): a wider GSD gives a wider band")
        }
        // In parts (as a cluster runs it): blocks 0–1 and 2 assembled give the same summaries.
        let e = try #require(try SimulationEnsemble(scenario(gsd: 1.1, seed: 7)))
        var parts: [MonteCarloBlockOutput] = []
        for indices in [[0, 1], [2]] {
            parts += try await MonteCarlo.runVectorBlocks(
                indices, inputs: e.inputs, outputCount: e.outputCount, iterations: e.iterations, seed: e.seed,
                blockSize: SimulationEnsemble.blockSize, workers: 1, model: e.model)
        }
        let whole = try BlockMonteCarlo.assemble(
            parts, outputCount: e.outputCount, iterations: e.iterations, seed: e.seed, blockSize: SimulationEnsemble.blockSize)
        var base = try IndustrialSimulator.simulate(scenario(gsd: 1.1, seed: 7))
        e.apply(whole.summaries, to: &base)
        #expect(base.years == a.years)
    }

    @Test("IO shock against the explicit inverse on a 3-sector system: x = L·y, E = f·x = (f·L)·y, ΔE = (f·L)·Δy")
    func ioShock() throws {
        let A = [[0.1, 0.2, 0.05], [0.3, 0.1, 0.2], [0.05, 0.15, 0.1]], f = [0.4, 1.5, 0.8], y = [50.0, 20, 30], dy = [0.0, -5, 2]
        let r = try IOShock.evaluate(A: A, f: f, y: y, dy: dy)
        // (I − A)⁻¹ by Gauss–Jordan, written out here independently of the engine's LU.
        var m: [[Double]] = []
        for i in 0..<3 {
            var row: [Double] = (0..<3).map { j in (i == j ? 1.0 : 0.0) - A[i][j] }
            row += (0..<3).map { j in i == j ? 1.0 : 0.0 }
            m.append(row)
        }
        for c in 0..<3 {
            let pivot = m[c][c]
            m[c] = m[c].map { $0 / pivot }
            for row in 0..<3 where row != c {
                let k = m[row][c]
                m[row] = zip(m[row], m[c]).map { $0 - k * $1 }
            }
        }
        let L: [[Double]] = m.map { Array($0[3...]) }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0.0) { $0 + $1.0 * $1.1 } }
        let mult: [Double] = (0..<3).map { j in dot(f, L.map { $0[j] }) }
        expectClose(r.x, L.map { dot($0, y) }, rel: 1e-12, "x")
        expectClose(r.multipliers, mult, rel: 1e-12, "f·L")
        expectClose(r.emissions, dot(mult, y), rel: 1e-12, "E")
        expectClose(r.dE, dot(mult, dy), rel: 1e-12, "ΔE")
        expectClose(r.dx, L.map { dot($0, dy) }, rel: 1e-12, "Δx")
        #expect { try IOShock.evaluate(A: [[0.1]], f: [1, 2], y: [1, 2], dy: [0, 0]) } throws: { ($0 as? IndustrialError)?.field == "A" }
    }

    @Test("IND-2 both sides: above g* = 0.52941 t/MWh grid-powered H2-DRI emits more per tonne than BF-BOF, below it less")
    func breakEvenSides() throws {
        let s = try Examples.scenario("steel-bau.yaml")
        let bf = s.routes.first { $0.name == "BF-BOF" }!, h2 = s.routes.first { $0.name == "H2-DRI-EAF" }!
        let gStar = (bf.direct - h2.direct) / (h2.electricity - bf.electricity)
        for (g, h2Higher) in [(gStar + 0.01, true), (gStar - 0.01, false)] {
            #expect((h2.direct + h2.electricity * g > bf.direct + bf.electricity * g) == h2Higher, "g = \(g)")
        }
    }
}
