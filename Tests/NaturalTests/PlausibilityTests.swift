import Foundation
import Testing
import YuhengData
@testable import YuhengNatural

/// Plausible ranges and finite results of the natural-sources calculators (issue 14, items 17 and 19).
@Suite("natural engine: plausible ranges, finite results; activity files: typos")
struct NaturalPlausibilityTests {
    func naturalError(_ body: () throws -> Void) -> NaturalError? {
        do { try body(); Issue.record("expected a NaturalError") } catch let e as NaturalError { return e } catch {
            Issue.record("unexpected \(error)")
        }
        return nil
    }

    @Test("10¹² km² burned is an error (more than the Earth's land); 8 × 10⁶ km² a warning")
    func burnedArea() throws {
        let e = naturalError { _ = try FireEmissions.report([FireActivity(vegetation: "savanna", area: 1e12, areaUnit: "km^2")]) }
        #expect(e?.code == .invalidValue && e?.field == "area" && e?.message.contains("land area of the Earth") == true, "\(String(describing: e))")
        let r = try FireEmissions.report([FireActivity(id: "big", vegetation: "savanna", area: 8e6, areaUnit: "km^2")])
        #expect(r.warnings.contains { $0.hasPrefix("fire 'big': field 'area': 8e+08 ha is beyond any real burned area") }, "\(r.warnings)")
        #expect(try FireEmissions.report([FireActivity(vegetation: "savanna", area: 50_000, fuelConsumption: 4.6)]).warnings.isEmpty)
    }

    @Test("forest growth of 3,200 t dm/ha/yr is an error, 60 a warning; other land inputs are checked too")
    func landGrowth() throws {
        func gl(_ f: (inout LandStratum) -> Void) -> LandStratum {
            var s = LandStratum(id: "s", method: .gainLoss)
            s.area = 100; s.growth = 2; s.rootShoot = 0.2
            f(&s)
            return s
        }
        #expect(naturalError { _ = try LandCarbon.report([gl { $0.growth = 3200 }]) }?.field == "growth")
        #expect(naturalError { _ = try LandCarbon.report([gl { $0.area = 1e12 }]) }?.field == "area")
        #expect(
            naturalError {
                _ = try LandCarbon.report([
                    gl {
                        $0.woodDensity = 700; $0.fuelwoodParts = 10
                    }
                ])
            }?.field == "wood_density")
        let r = try LandCarbon.report([gl { $0.growth = 60 }])
        #expect(
            r.warnings == [r.warnings.first { $0.hasPrefix("stratum 's': field 'growth': 60 t dm/ha/yr is beyond any real") } ?? "missing"],
            "\(r.warnings)")
    }

    @Test("organic soils: an area beyond the Earth's land is an error; a result that overflows is an error, not inf")
    func organicSoils() throws {
        let e = naturalError {
            _ = try OrganicSoils.report([OrganicSoilActivity(area: 1e300, status: "rewetted", climate: "temperate", nutrient: "rich")])
        }
        #expect(e?.field == "area", "\(String(describing: e))")
        // Within the bounds, a huge own emission factor still overflows: the report says so.
        let o = naturalError {
            _ = try OrganicSoils.report([OrganicSoilActivity(area: 1e10, status: "rewetted", climate: "temperate", nutrient: "rich", efCO2: 1e300)])
        }
        #expect(o?.message.contains("not a finite number") == true, "\(String(describing: o))")
    }

    @Test("activity files: an unknown column gets a did-you-mean before the missing column is reported")
    func columnTypos() {
        do {
            _ = try NaturalActivityFiles.fires(text: "vegetation,aera\nsavanna,1\n", file: "f.csv")
            Issue.record("expected an error")
        } catch let e as DataError {
            #expect(e.field == "aera" && e.suggestion == "did you mean 'area'?", "\(e)")
        } catch { Issue.record("unexpected \(error)") }
    }
}
