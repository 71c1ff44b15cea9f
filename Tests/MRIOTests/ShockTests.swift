import Testing
import YuhengMRIO
import YuhengNumerics

@Suite("MRIO shocks")
struct ShockTests {
    /// Two regions, two sectors, productive.
    func system() throws -> MRIOSystem {
        try MRIOSystem(
            name: "t", regions: ["R1", "R2"], sectors: ["a", "b"], finalDemandCategories: ["hh"],
            Z: try DenseMatrix(rowMajor: [[10, 5, 2, 1], [4, 12, 1, 3], [2, 1, 8, 6], [1, 2, 5, 9]]), x: [60, 70, 50, 65],
            Y: try DenseMatrix(rowMajor: [[30, 12], [40, 10], [10, 24], [8, 40]]),
            extensions: [MRIOExtension(name: "co2", stressors: ["CO2"], units: ["kt"], F: try DenseMatrix(rowMajor: [[6, 3, 9, 2]]))])
    }

    @Test("a coefficient shock scales exactly that input coefficient: equal to the accounts of the system with A changed by hand")
    func coefficient() throws {
        let s = try system()
        let model = try LeontiefModel(s, keepA: true)
        let r = try MRIOEngine.shock(
            s, model: model, shocks: [.coefficient(fromRegion: "R2", fromSector: "a", toRegion: "R1", toSector: "b", factor: 0.5)],
            extension: "co2", stressor: "CO2")
        var changed = s
        var a = try #require(model.A)
        a[2, 1] *= 0.5 // R2:a → R1:b
        changed.A = a
        changed.Z = nil
        changed.x = model.x
        let expected = try MRIOEngine.accounts(changed).0.extensionAccounts("co2")
        for c in 0..<2 {
            #expect(abs(r.cbaShocked[c] - expected.cbaRegion[0, c]) <= 1e-12 * abs(expected.cbaRegion[0, c]))
        }
        #expect(r.cbaShocked != r.cbaBase, "halving an input must change the footprints")
    }

    @Test("a coefficient factor that is negative, NaN or infinite is refused with the reason", arguments: [-1, Double.nan, .infinity])
    func badFactor(factor: Double) throws {
        let s = try system()
        let model = try LeontiefModel(s, keepA: true)
        #expect {
            try MRIOEngine.shock(
                s, model: model, shocks: [.coefficient(fromRegion: "R1", fromSector: "a", toRegion: "R1", toSector: "b", factor: factor)],
                extension: "co2", stressor: "CO2")
        } throws: { e in
            (e as? MRIOError)?.code == .invalidArgument && (e as? MRIOError)?.message.contains("coefficient factor") == true
        }
    }
}
