import Foundation
import Testing
import YuhengTestSupport
import YuhengCore
import YuhengData
@testable import YuhengPolicy

@Suite("Avoided emissions worked examples (methods note avoided.md §4)")
struct AvoidedExampleTests {
    @Test("AV-1 PV: E1 1,576.8 MWh, E_life 37,143.02 MWh, 21.54 g/kWh, AE 25,200.12 t, payback 0.725 yr; dynamic 17,823.79 t")
    func av1() throws {
        let r = try AvoidedEngine.assess(try AvoidedStudyFile.load(path: example("avoided/av-1.yaml")))
        let p = try #require(r.projects.first)
        #expect(close(p.annual.generationMWh, 1576.8))
        #expect(close(p.lifetime.generationMWh, 37143.024183666006))
        #expect(close(p.lifetime.generationMWh / p.annual.generationMWh, 23.55595141023973))
        #expect(close(p.lifeCycleIntensityGPerKWh, 21.53836467499616))
        #expect(close(p.lifetime.lifeCycleT, 800))
        #expect(close(p.lifetime.displacedConstantGridT, 26000.116928566204))
        #expect(close(p.lifetime.avoidedConstantGridT, 25200.116928566204))
        #expect(close(p.paybackYears, 0.7247952453431905))
        // Dynamic baseline: EF_ref,t = 0.70 × 0.97^(t−1).
        #expect(close(p.lifetime.displacedT, 18623.7872030105, 1e-11))
        #expect(close(p.lifetime.avoidedT, 17823.7872030105, 1e-11))
        // Rounded as printed in the note.
        #expect((p.lifetime.avoidedConstantGridT * 100).rounded() / 100 == 25200.12)
        #expect((p.lifetime.avoidedT * 100).rounded() / 100 == 17823.79)
        // Annual (year of use) figures are separate: first-year displaced 1,103.76 t, levelised life-cycle share.
        #expect(close(p.annual.displacedT, 1103.76))
        #expect(close(p.annual.avoidedT, 1069.798306580466, 1e-11))
    }

    @Test("AV-2 onshore wind: E_life 52,560 MWh, 7.61 g/kWh, AE 36,392 t")
    func av2() throws {
        let r = try AvoidedEngine.assess(try AvoidedStudyFile.load(path: example("avoided/av-2.yaml")))
        let p = try #require(r.projects.first)
        #expect(close(p.lifetime.generationMWh, 52560))
        #expect(close(p.lifeCycleIntensityGPerKWh, 7.610350076103501))
        #expect(close(p.lifetime.avoidedT, 36392))
        #expect(close(p.lifetime.avoidedConstantGridT, 36392))
        #expect(p.gridDeclinePerYear == 0)
    }

    @Test("Generation follows E_life = P·CF·8760·(1−ℓ)·[1 − (1−d)^L]/d")
    func closedForm() {
        let gen = AvoidedEngine.generation(capacityKW: 250, capacityFactor: 0.21, lifetimeYears: 30, degradation: 0.007, losses: 0.03)
        let first: Double = 250 * 0.21 * 8760 * 0.97
        let sum: Double = (1 - pow(0.993, 30.0)) / 0.007
        let closed = first * sum
        #expect(close(gen.reduce(0, +), closed, 1e-12))
    }

    @Test("Claim check of avoided.md §5: 21.5 GW PV or 13.3 GW wind for 350 Mt; 6.7/5/2.5 GW for 2 Mt")
    func claimCheck() {
        #expect(
            close(
                ClaimCheck.capacityFromLifetimeAvoided(avoidedT: 350e6, specificYieldKWhPerKW: 1300, lifetimeYears: 25, gridTPerMWh: 0.5) / 1e6,
                21.53846153846154))
        #expect(
            close(
                ClaimCheck.capacityFromLifetimeAvoided(avoidedT: 350e6, specificYieldKWhPerKW: 0.30 * 8760, lifetimeYears: 20, gridTPerMWh: 0.5)
                    / 1e6, 13.318112633181125))
        for (m, gw) in [(0.3, 6.666666666666667), (0.4, 5.0), (0.8, 2.5)] {
            #expect(close(ClaimCheck.capacityFromManufacturing(emissionsT: 2e6, tPerKW: m) / 1e6, gw))
        }
    }
}

@Suite("Avoided emissions of the example export portfolio", .serialized)
struct AvoidedPortfolioTests {
    /// Grid intensities from a fresh data layer built from the bundled datasets.
    static let grid: [String: GridIntensity] = {
        do {
            let tmp = try TemporaryFolder()
            let db = try YuhengDatabase.open(path: tmp.path("p.sqlite"))
            return try PolicyInputs.gridIntensities(db)
        } catch { fatalError("data layer: \(error)") }
    }()

    @Test("Annual and lifetime avoided emissions per destination, and in total")
    func portfolio() throws {
        let study = try AvoidedStudyFile.load(path: example("avoided/portfolio.csv"))
        #expect(study.projects.count == 10)
        let r = try AvoidedEngine.assess(study, grid: Self.grid)
        #expect(r.byDestination.map(\.key) == ["BRA", "DEU", "ESP", "IND", "PAK", "SAU", "ZAF"])
        for s in r.byDestination {
            #expect(s.annual.generationMWh > 0)
            #expect(s.lifetime.generationMWh > 10 * s.annual.generationMWh)
            #expect(s.lifetime.avoidedT > s.annual.avoidedT)
            #expect(close(s.lifetime.avoidedT, s.lifetime.displacedT - s.lifetime.lifeCycleT))
        }
        // Totals are the sums over destinations.
        #expect(close(r.total.capacityKW, 9_500_000))
        #expect(close(r.total.pvKW, 7_900_000))
        #expect(close(r.total.annual.avoidedT, r.byDestination.map(\.annual.avoidedT).reduce(0, +), 1e-12))
        #expect(close(r.total.lifetime.avoidedT, r.byDestination.map(\.lifetime.avoidedT).reduce(0, +), 1e-12))
        // India PV by hand: 2,000 MW × CF 0.18 (country table) × 8760 h; grid from the data layer.
        let ind = try #require(r.projects.first { $0.destination == "IND" && $0.technology == "pv" })
        let ef = try #require(Self.grid["IND"]).tPerMWh
        #expect(close(ind.annual.generationMWh, 2_000_000 * 0.18 * 8760 / 1000))
        #expect(close(ind.annual.displacedT, 2_000_000 * 0.18 * 8760 / 1000 * ef))
        #expect(close(ind.lifetime.lifeCycleT, 2_000_000 * 0.8))
        #expect(ind.assumptions.contains { $0.parameter == "capacity factor" && $0.source.contains("country table") })
        #expect(ind.assumptions.contains { $0.parameter == "reference grid intensity" && $0.source.contains("IND") })
        // A destination without a table value takes the global default, with a warning; rows may override.
        let pak = try #require(r.projects.first { $0.destination == "PAK" })
        #expect(pak.capacityFactor == 0.14)
        #expect(r.warnings.contains { $0.contains("PAK") })
        #expect(r.projects.first { $0.destination == "ZAF" }?.capacityFactor == 0.20)
        // A declining grid lowers the lifetime figure below the constant-grid one.
        let deu = try #require(r.byDestination.first { $0.key == "DEU" })
        #expect(deu.lifetime.avoidedT < deu.lifetime.avoidedConstantGridT)
        #expect(r.statements.contains { $0.contains("never netted") })
        #expect(r.statements.contains { $0.contains("year-of-sale") && $0.contains("year-of-use") })
    }
}

@Suite("Avoided emissions bad input")
struct AvoidedBadInputTests {
    func study(_ edit: (inout AvoidedProject) -> Void) -> AvoidedStudy {
        var p = AvoidedProject(id: "x", technology: "pv", capacityKW: 1000, capacityFactor: 0.18, gridTPerMWh: 0.7)
        edit(&p)
        return AvoidedStudy(projects: [p])
    }

    @Test("Capacity factors outside (0, 1)", arguments: [0.0, 1.0, 1.2, -0.1, Double.nan])
    func capacityFactor(_ cf: Double) {
        let e = policyError { _ = try AvoidedEngine.assess(study { $0.capacityFactor = cf }) }
        #expect(e?.code == .outOfRange)
        #expect(e?.field == "projects[x].capacity_factor")
        #expect(e?.message.contains("(0, 1)") == true)
    }

    @Test("Negative capacity, unknown technology, missing grid, bad lifetime and degradation")
    func others() {
        let neg = policyError { _ = try AvoidedEngine.assess(study { $0.capacityKW = -5 }) }
        #expect(neg?.code == .negativeValue)
        #expect(neg?.field == "projects[x].capacity_kw")
        let tech = policyError { _ = try AvoidedEngine.assess(study { $0.technology = "tidal" }) }
        #expect(tech?.code == .unknownTechnology)
        let grid = policyError {
            _ = try AvoidedEngine.assess(
                study {
                    $0.gridTPerMWh = nil; $0.destination = "XYZ"
                })
        }
        #expect(grid?.code == .missingValue)
        #expect(grid?.field == "projects[x].destination")
        let life = policyError { _ = try AvoidedEngine.assess(study { $0.lifetimeYears = 0 }) }
        #expect(life?.field == "projects[x].lifetime_years")
        let deg = policyError { _ = try AvoidedEngine.assess(study { $0.degradationPerYear = 1.5 }) }
        #expect(deg?.code == .outOfRange)
        #expect(deg?.field == "projects[x].degradation_per_year")
    }

    @Test("Portfolio CSV errors name the line and the column")
    func csvErrors() {
        let cf = "destination,technology,capacity_mw,capacity_factor\nIND,pv,100,1.4\n"
        let s = try? AvoidedStudyFile.parse(cf, fileName: "p.csv")
        let e = policyError { _ = try AvoidedEngine.assess(s!, grid: ["IND": GridIntensity(iso3: "IND", tPerMWh: 0.7, source: "t")]) }
        #expect(e?.code == .outOfRange)
        #expect(e?.field == "projects[IND-pv (line 2)].capacity_factor")
        let col = policyError { _ = try AvoidedStudyFile.parse("destination,technology,capacity\nIND,pv,1\n", fileName: "p.csv") }
        #expect(col?.code == .unknownField)
        #expect(col?.file == "p.csv")
        let num = policyError { _ = try AvoidedStudyFile.parse("destination,technology,capacity_mw\nIND,pv,ten\n", fileName: "p.csv") }
        #expect(num?.line == 2)
        #expect(num?.field == "capacity_mw")
    }
}
