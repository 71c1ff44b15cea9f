import Foundation
import Testing
import YuhengAnalysis
import YuhengCore
import YuhengLCA
import YuhengNumerics
import YuhengUncertainty

@Suite("LCA Monte Carlo")
struct LCAMonteCarloTests {
    /// P1 makes 1 kg X from 0.5 kg Y (lognormal, GSD 1.5); P2 makes 1 kg Y and emits 2 kg CO2.
    /// Score of 1 kg X = 2 × (amount of Y) → lognormal with median 1 and GSD 1.5.
    static func tiny(gsd: Double = 1.5, uncertainty: LCIUncertainty? = nil) -> LCIDatabase {
        let mass = LCIUnitGroup(id: "ug", name: "mass", referenceUnit: "kg", units: ["kg": 1, "g": 0.001])
        let prop = LCIFlowProperty(id: "fp", name: "Mass", unitGroupID: "ug")
        let flows = [
            LCIFlow(id: "x", name: "X", type: .product, referencePropertyID: "fp", propertyFactors: ["fp": 1]),
            LCIFlow(id: "y", name: "Y", type: .product, referencePropertyID: "fp", propertyFactors: ["fp": 1]),
            LCIFlow(
                id: "co2", name: "Carbon dioxide, fossil", type: .elementary, category: ["air"], referencePropertyID: "fp", propertyFactors: ["fp": 1]
            )
        ]
        let u = uncertainty ?? LCIUncertainty(kind: .lognormal, parameters: ["geomMean": 500, "geomSd": gsd])
        let p1 = LCIProcess(
            id: "p1", name: "make X",
            exchanges: [
                LCIExchange(flowID: "x", amount: 1, unit: "kg", propertyID: "fp", isInput: false, isQuantitativeReference: true),
                LCIExchange(flowID: "y", amount: 500, unit: "g", propertyID: "fp", isInput: true, uncertainty: u)
            ])
        let p2 = LCIProcess(
            id: "p2", name: "make Y",
            exchanges: [
                LCIExchange(flowID: "y", amount: 1, unit: "kg", propertyID: "fp", isInput: false, isQuantitativeReference: true),
                LCIExchange(flowID: "co2", amount: 2, unit: "kg", propertyID: "fp", isInput: false)
            ])
        return LCIDatabase(
            name: "tiny", unitGroups: ["ug": mass], flowProperties: ["fp": prop],
            flows: Dictionary(uniqueKeysWithValues: flows.map { ($0.id, $0) }), processes: [p1, p2])
    }

    @Test("A single lognormal exchange gives a lognormal result with the known median and GSD")
    func singleLognormal() async throws {
        let db = Self.tiny()
        let model = try TechnosphereModel(db)
        let setup = try LCAMonteCarlo(model: model, database: db, characterization: [1], column: try #require(model.column(ofProcess: "p1")))
        #expect(setup.coverage.fromData["lognormal"] == 1)
        #expect(setup.coverage.technosphereEntries == 1)
        #expect(setup.coverage.fixed == 1) // the CO2 emission
        let r = try await setup.run(iterations: 40_000, seed: 11)
        let s = r.run.summaries[0]
        #expect(close(r.deterministic[0], 1, rel: 1e-12))
        let sigma = log(1.5)
        #expect(abs(s.median - 1) < 0.01)
        #expect(abs(s.p97_5 - exp(1.96 * sigma)) / exp(1.96 * sigma) < 0.02)
        #expect(abs(s.p2_5 - exp(-1.96 * sigma)) / exp(-1.96 * sigma) < 0.02)
        #expect(abs(s.mean - exp(sigma * sigma / 2)) < 0.01)
        // ln(result) is normal with sd ln 1.5
        let logs = r.run.outputs.values.map { log($0) }
        #expect(abs(Statistics.variance(logs).squareRoot() - sigma) < 0.005)
    }

    @Test("Triangular and uniform exchange data, and a default GSD only where data are missing")
    func kindsAndDefault() async throws {
        let tri = Self.tiny(uncertainty: LCIUncertainty(kind: .triangular, parameters: ["minimum": 400, "mode": 500, "maximum": 600]))
        let model = try TechnosphereModel(tri)
        let a = try LCAMonteCarlo(model: model, database: tri, characterization: [1], column: 0, options: .init(defaultGSD: 1.2))
        #expect(a.coverage.fromData == ["triangular": 1])
        #expect(a.coverage.defaultGSD == 1) // the CO2 emission
        #expect(a.coverage.biosphereEntries == 1)
        let r = try await a.run(iterations: 20_000, seed: 2)
        // mean = 2 × E[triangular]/1000 × E[lognormal of CO2 (median 2, GSD 1.2)]/2
        let expected = 2 * 0.5 * exp(log(1.2) * log(1.2) / 2)
        #expect(abs(r.run.summaries[0].mean - expected) / expected < 0.01)
        // a stored GSD of 1 (or 0, as in US LCI) is no uncertainty: unusable, fixed without a default
        let flat = Self.tiny(gsd: 1)
        let b = try LCAMonteCarlo(model: try TechnosphereModel(flat), database: flat, characterization: [1], column: 0)
        #expect(b.coverage.unusable == 1)
        #expect(b.coverage.technosphereEntries + b.coverage.biosphereEntries == 0)
        // an invalid triangular (mode outside the range) is unusable too
        let bad = Self.tiny(uncertainty: LCIUncertainty(kind: .triangular, parameters: ["minimum": 0.0009, "mode": -10.9979, "maximum": 11]))
        let c = try LCAMonteCarlo(model: try TechnosphereModel(bad), database: bad, characterization: [1], column: 0)
        #expect(c.coverage.unusable == 1)
    }

    @Test("US LCI: Monte Carlo end to end, identical with 1 and 2 workers, KLU analysed once per worker")
    func uslci() async throws {
        let (db, model, calc) = Fixture.uslci
        let method = try ClimateMethod.named("ipcc-ar6-gwp100", library: Fixture.gwp)
        let j = try calc.column(forProcess: "Electricity, at grid, Eastern US, 2000")
        let deterministic = try calc.calculate(column: j, method: method).total
        let setup = try LCAMonteCarlo(
            model: model, database: db, characterization: calc.characterization(method), column: j, options: .init(defaultGSD: 1.1))
        #expect(setup.coverage.defaultGSD > 1000)
        let one = try await setup.run(iterations: 240, seed: 5, blockSize: 20, workers: 1)
        let two = try await setup.run(iterations: 240, seed: 5, blockSize: 20, workers: 2)
        #expect(one.run.outputs.values == two.run.outputs.values)
        #expect(one.run.summaries == two.run.summaries)
        #expect(close(one.deterministic[0], deterministic, rel: 1e-9))
        let s = one.run.summaries[0]
        #expect(abs(s.median - deterministic) / deterministic < 0.1)
        #expect(s.p2_5 < deterministic && deterministic < s.p97_5)
        // symbolic analysis reused: one klu_analyze for one worker, a numeric refactorisation per iteration
        #expect(one.counters.symbolicAnalyses == 1)
        #expect(one.counters.factorizationObjects == 1)
        #expect(one.counters.numericFactorizations == 240 + 1 + one.counters.repivots)
        #expect(one.counters.solves == 240)
        #expect(two.counters.symbolicAnalyses <= 2)
        #expect(two.counters.symbolicAnalyses == two.counters.factorizationObjects)
    }

    @Test("US LCI: with a GSD close to 1 every sampled matrix reproduces the deterministic result (the mapping keeps amounts and signs)")
    func mappingIsExact() async throws {
        let (db, model, calc) = Fixture.uslci
        let method = try ClimateMethod.named("ipcc-ar6-gwp100", library: Fixture.gwp)
        let j = try calc.column(forProcess: "Electricity, at grid, Eastern US, 2000")
        let deterministic = try calc.calculate(column: j, method: method).total
        let setup = try LCAMonteCarlo(
            model: model, database: db, characterization: calc.characterization(method), column: j, options: .init(defaultGSD: 1 + 1e-9))
        let r = try await setup.run(iterations: 20, seed: 1, workers: 2)
        for v in r.run.outputs.values { #expect(close(v, deterministic, rel: 1e-6)) }
    }

    @Test("Sparse engine: validation errors and Matrix Market input")
    func sparseEngine() async throws {
        let a = try MatrixMarket.parse(
            Data(
                """
                %%MatrixMarket matrix coordinate real general
                % a comment
                2 2 3
                1 1 1.0
                2 1 -0.5
                2 2 1.0
                """.utf8))
        #expect(a[1, 0] == -0.5)
        let b = try MatrixMarket.parse(Data("%%MatrixMarket matrix coordinate real general\n1 2 1\n1 2 2\n".utf8))
        let u = try MatrixEntryUncertainty.lognormal(index: try #require(a.position(row: 1, column: 0)), value: -0.5, gsd: 1.5)
        #expect(u.scale == -1)
        let mc = try SparseLCAMonteCarlo(
            technosphere: a, biosphere: b, characterization: [[1]], demand: [1, 0],
            technosphereUncertainty: [u], biosphereUncertainty: [])
        #expect(close(try mc.deterministic()[0], 1, rel: 1e-12))
        let r = try await mc.run(iterations: 10_000, seed: 4)
        #expect(abs(r.run.summaries[0].median - 1) < 0.02)
        await #expect(throws: UncertaintyError.self) { try await mc.run(iterations: -1, seed: 1) }
        #expect(throws: UncertaintyError.self) { try MatrixMarket.parse(Data("%%MatrixMarket matrix array real general\n".utf8)) }
        #expect(throws: UncertaintyError.self) { try MatrixEntryUncertainty.lognormal(index: 0, value: 1, gsd: 0.5) }
        #expect(throws: UncertaintyError.self) {
            try SparseLCAMonteCarlo(
                technosphere: a, biosphere: b, characterization: [[1]], demand: [1, 0],
                technosphereUncertainty: [MatrixEntryUncertainty(index: 9, distribution: .constant(1), scale: 1, nominal: 1)],
                biosphereUncertainty: [])
        }
        let db = Self.tiny()
        #expect(throws: UncertaintyError.self) {
            try LCAMonteCarlo(model: try TechnosphereModel(db), database: db, characterization: [1], column: 0, options: .init(defaultGSD: 0.9))
        }
    }
}
