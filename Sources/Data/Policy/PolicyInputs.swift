import Foundation
import YuhengCore
import YuhengPolicy

/// Reads the figures the policy engines need from the data layer (grid intensities). The engines do
/// no IO; the policy use cases (`PolicyService` in YuhengServices, which also computes the
/// input-output and LCA estimates) pass the numbers in.
public enum PolicyInputs {
    /// Grid electricity intensity of every country in the data layer (latest year), t CO2e/MWh.
    public static func gridIntensities(_ db: YuhengDatabase) throws -> [String: GridIntensity] {
        let source =
            (try? db.dataset("grid-intensity")).flatMap { $0 }.map { "data layer grid-intensity (\($0.version); OWID/Ember)" }
            ?? "data layer grid-intensity"
        var out: [String: GridIntensity] = [:]
        for r in try db.gridIntensity() {
            out[r.iso3] = GridIntensity(iso3: r.iso3, year: r.year, tPerMWh: r.gPerKWh / 1000, source: source)
        }
        return out
    }
}
