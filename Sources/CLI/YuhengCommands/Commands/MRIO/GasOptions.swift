import ArgumentParser
import Foundation
import YuhengMRIO
import YuhengServices

/// `--gas co2|ch4|n2o|ghg` and `--gwp AR5|AR6`: which gas of the GHG accounts a command reports, in CO2e.
struct GasOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Gas of the GHG accounts: co2, ch4, n2o or ghg (= CO2 + CH4 + N2O), in CO2e; needs a table with the extensions co2, ch4 and n2o (the bundled wiodYYYY-ghg).",
            valueName: "co2|ch4|n2o|ghg"))
    var gas: String?
    @Option(help: ArgumentHelp("GWP100 set of the CO2e values: AR5 (default) or AR6 (CH4 fossil 29.8, non-fossil 27.0).", valueName: "AR5|AR6"))
    var gwp: String?

    /// The gas asked for (a --gwp alone means ghg), nil when neither option is given; an unknown gas
    /// or GWP set is an error listing the valid ones.
    func chosen(default fallback: MRIOGas? = nil) throws -> MRIOGas? {
        if let g = gwp { _ = try GWP100.validate(g) }
        if let g = gas { return try MRIOGas.parse(g) }
        return gwp != nil ? .ghg : fallback
    }

    /// The GWP set, checked (default AR5).
    func set() throws -> String { try GWP100.validate(gwp ?? "AR5") }
}

extension NationalUnit {
    /// As ``display(_:tableUnit:)``, for a unit with a suffix after the mass ("kt CO2e" shown as "Mt CO2e").
    static func displayCO2e(_ unit: NationalUnit?, tableUnit: String) -> UnitDisplay {
        let parts = tableUnit.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return display(unit, tableUnit: tableUnit) }
        let d = display(unit, tableUnit: parts[0])
        return UnitDisplay(factor: d.factor, label: "\(d.label) \(parts[1])", decimals: d.decimals)
    }
}
