import Foundation
import Testing
import YuhengUncertainty

@Suite("Pedigree matrix")
struct PedigreeTests {
    let scores = try! PedigreeScores(reliability: 2, completeness: 3, temporal: 1, geographical: 2, technological: 3)

    @Test("UNC-4: ecoinvent v2 multiplicative factors")
    func unc4() throws {
        var sumSq = log(1.05) * log(1.05)
        for (indicator, score) in [(Pedigree.Indicator.reliability, 2), (.completeness, 3), (.temporal, 1), (.geographical, 2), (.technological, 3)] {
            let u = try Pedigree.v2Factor(indicator, score: score)
            sumSq += log(u) * log(u)
        }
        #expect(abs(sumSq - 0.0404816) < 5e-8)
        let u = try Pedigree.ecoinventV2(scores, basicFactor: 1.05)
        #expect(abs(u.sd95 - 1.22287) < 5e-6)
        #expect(abs(u.sd95 - exp(sumSq.squareRoot())) < 1e-14)
        #expect(abs(u.sigma - 0.100600) < 5e-7)
        #expect(abs(u.gsd - 1.105834) < 5e-7)
        let d = try u.lognormal(median: 10)
        #expect(abs(d.median - 10) < 1e-12)
        #expect(abs(d.geometricStandardDeviation! - u.gsd) < 1e-14)
    }

    @Test("UNC-5: ecoinvent v3 additive variances")
    func unc5() throws {
        #expect(try Pedigree.v3Variance(.completeness, score: 3) == 0.0006)
        let u = try Pedigree.ecoinventV3(scores, basicVariance: Pedigree.BasicUncertainty.v3CO2Combustion)
        #expect(abs(u.variance - 0.009825) < 1e-15)
        #expect(abs(u.sigma - 0.0991211) < 5e-8)
        #expect(abs(u.gsd - 1.104200) < 5e-7)
        #expect(abs(u.sd95 - 1.219258) < 5e-7)
    }

    @Test("v3 variances are consistent with the v2 factors: σ² ≈ (ln U / 2)²")
    func tablesAreConsistent() throws {
        for indicator in [Pedigree.Indicator.reliability, .completeness, .temporal, .geographical, .technological] {
            for score in 1...5 {
                guard let u = Pedigree.v2Factors[indicator]![score - 1] else { continue }
                let implied = pow(log(u) / 2, 2)
                let v3 = try Pedigree.v3Variance(indicator, score: score)
                #expect(abs(v3 - implied) <= 0.15 * implied + 1e-6, "\(indicator) \(score): \(v3) vs \(implied)")
            }
        }
    }

    @Test("invalid and not-applicable scores are rejected")
    func errors() {
        #expect(
            errorCode { _ = try PedigreeScores(reliability: 6, completeness: 1, temporal: 1, geographical: 1, technological: 1) }
                == .invalidPedigreeScore)
        #expect(
            errorCode { _ = try PedigreeScores(reliability: 1, completeness: 0, temporal: 1, geographical: 1, technological: 1) }
                == .invalidPedigreeScore)
        #expect(errorCode { _ = try Pedigree.v2Factor(.geographical, score: 4) } == .pedigreeScoreNotApplicable)
        #expect(errorCode { _ = try Pedigree.v2Factor(.technological, score: 2) } == .pedigreeScoreNotApplicable)
        #expect(errorCode { _ = try Pedigree.v3Variance(.sampleSize, score: 2) } == .invalidPedigreeScore)
        #expect(errorCode { _ = try Pedigree.ecoinventV2(scores, basicFactor: 0.9) } == .invalidParameter)
        #expect(errorCode { _ = try Pedigree.ecoinventV3(scores, basicVariance: -1) } == .invalidParameter)
        let withSample = try! PedigreeScores(reliability: 1, completeness: 1, temporal: 1, geographical: 1, technological: 1, sampleSize: 3)
        #expect(errorCode { _ = try Pedigree.ecoinventV3(withSample, basicVariance: 0) } == .invalidPedigreeScore)
        #expect(abs(try! Pedigree.ecoinventV2(withSample, basicFactor: 1).sd95 - 1.05) < 1e-14)
    }

    @Test("parsing the ecoSpold string form and JSON")
    func parsing() throws {
        #expect(try PedigreeScores(parsing: "(2,3,1,2,3)") == scores)
        #expect(try PedigreeScores(parsing: "(2; 3; 1; 2; 3; 4)").sampleSize == 4)
        #expect(errorCode { _ = try PedigreeScores(parsing: "(1,2)") } == .invalidPedigreeScore)
        let json = try JSONEncoder().encode(scores)
        #expect(try JSONDecoder().decode(PedigreeScores.self, from: json) == scores)
        let bad = Data(#"{"reliability":9,"completeness":1,"temporal":1,"geographical":1,"technological":1}"#.utf8)
        #expect(throws: UncertaintyError.self) { try JSONDecoder().decode(PedigreeScores.self, from: bad) }
    }
}
