import Foundation
import YuhengCore
import YuhengData
import YuhengMRIO

/// A structural decomposition between two years (tables or nowcasts), per region, in Mt CO2e.
public struct SDAReport: Sendable, Codable {
    /// The earlier year of the decomposition (year 0).
    public var from: Int
    /// The later year of the decomposition (year 1).
    public var to: Int
    /// "table" or "nowcast" for each of the two years.
    public var fromEstimate: String
    /// "table" or "nowcast" for the later year.
    public var toEstimate: String
    /// The gas decomposed (CO2, CH4, N2O, or GHG = their sum in CO2e).
    public var gas: MRIOGas
    /// The GWP100 set used to express CH4 and N2O in CO2e ("AR5" or "AR6").
    public var gwp: String
    /// Unit of every emission figure in the report: "Mt CO2e".
    public var unit: String
    /// The factors in order, then "direct_households".
    public var factors: [String]
    /// Per region: D0, D1, the total change and its five parts (Mt CO2e), the final-demand levels (million current US$).
    public var regions: [SDARegionResult]
    /// Provenance of every dataset (and version) either year rests on: tables, GWP set, nowcast inputs.
    public var datasets: [Provenance]
    /// Method notes for the reader: the identity decomposed, the averaging over orderings, the current-price caveat, nowcast caveats.
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case from, to, gas, gwp, unit, factors, regions, datasets, notes
        case fromEstimate = "from_estimate"
        case toEstimate = "to_estimate"
    }
}

/// A hold-out of the nowcast: a table year nowcast from an earlier table with its own GDP and emissions,
/// compared with its real accounts.
public struct HoldOutReport: Sendable, Codable {
    /// The earlier table year the nowcast starts from.
    public var base: Int
    /// The later table year that is nowcast and then compared with its real table.
    public var target: Int
    /// The gas compared (CO2, CH4, N2O or GHG in CO2e).
    public var gas: MRIOGas
    /// The GWP100 set used for CO2e ("AR5" or "AR6").
    public var gwp: String
    /// How the nowcast's final demand was built from the base table (plain GDP scaling or origin shift).
    public var method: NowcastMethod
    /// GDP growth base → target per region, as used.
    public var growth: [Double]
    /// The comparison (kt CO2e; errors in % and pp).
    public var comparison: HoldOutComparison
    /// Provenance of the base and target tables, the GWP set and the GDP series used.
    public var datasets: [Provenance]
}

extension MRIOService {
    /// Decomposes the change in consumption-based emissions of `gas` from `from` to `to` (any two years of
    /// the series, tables or nowcasts) for `region` (nil: every region) into emission intensity, production
    /// structure (Leontief inverse), final-demand composition (products and origin), final-demand level and
    /// households' direct emissions (Dietzenbacher & Los 1998, the average over the 24 orderings).
    public func sda(from: Int, to: Int, region: String? = nil, gas: MRIOGas = .ghg, gwp set: String = "AR5") throws -> SDAReport {
        guard from < to else {
            throw MRIOError(
                .invalidArgument, from == to ? "--from and --to are the same year (\(from))" : "--from \(from) is after --to \(to)",
                suggestion: "give two different years, the earlier first")
        }
        let g = try gwp(set)
        let y0 = try ghgYear(from, gwp: g.set), y1 = try ghgYear(to, gwp: g.set)
        let ext = GHGCharacterisation.name(g)
        let s0 = try SDAYear(label: String(from), system: y0.system, model: y0.model, extension: ext, stressor: gas.row)
        let s1 = try SDAYear(label: String(to), system: y1.system, model: y1.model, extension: ext, stressor: gas.row)
        let results = try StructuralDecomposition.decompose(from: s0, to: s1, regions: region.map { [$0] }).map(Self.inMt)
        var notes = [
            "\(gas.label) in Mt CO2e with \(g.label); D = f L u l + h: f emission intensity (per million current US$ of output), L the Leontief inverse (never formed: f·L is a transposed solve with each year's LU), u final-demand composition (products and their origin), l final-demand level, h households' direct emissions (not decomposed)",
            "each effect is the average over the 24 orderings of the four factors (Dietzenbacher & Los 1998); the five parts add up to the total change",
            StructuralDecomposition.currentPriceNote
        ]
        for y in [y0, y1] where y.estimate == .nowcast {
            notes.append(
                "\(y.year) is a nowcast from the \(y.baseTableYear) table: its Leontief inverse is the \(y.baseTableYear) table's, so the production-structure effect against \(y.baseTableYear) is zero and its final demand is the GDP-scaled \(y.baseTableYear) demand"
            )
        }
        return SDAReport(
            from: from, to: to, fromEstimate: y0.estimate.rawValue, toEstimate: y1.estimate.rawValue, gas: gas, gwp: g.set, unit: "Mt CO2e",
            factors: StructuralDecomposition.factors + ["direct_households"], regions: results,
            datasets: Self.unique(y0.datasets + y1.datasets), notes: notes)
    }

    static func inMt(_ r: SDARegionResult) -> SDARegionResult { r.scaled(by: 1.0 / 1000) }

    /// Nowcasts table year `target` from the earlier table `base` with `target`'s GDP (data layer) and its
    /// own emissions, and compares the result with `target`'s real accounts (issue 17, item 5).
    public func holdout(
        base: Int, target: Int, gas: MRIOGas = .co2, gwp set: String = "AR5", method: NowcastMethod = .originShift,
        growth given: [Double]? = nil
    ) throws -> HoldOutReport {
        guard base < target else { throw MRIOError(.invalidArgument, "the base table \(base) must be earlier than the target \(target)") }
        let g = try gwp(set)
        let b = try factorised(try BundledMRIO.table(year: base)), real = try ghgTable(try BundledMRIO.table(year: target), gwp: g.set)
        let growth = try given ?? satellites().growth(from: base, to: target)
        let raw = real.system.extensions.filter { ["co2", "ch4", "n2o"].contains($0.name) }
        var now = try NowcastEngine.nowcast(base: b.system, model: b.model, year: target, growth: growth, method: method, extensions: raw)
        now.system.extensions.append(try GHGCharacterisation.characterised(now.system, gwp: g))
        let acc = try MRIOEngine.accounts(
            now.system, model: now.model, options: AccountOptions(extensions: [GHGCharacterisation.name(g)], incomeBased: false))
        let k = gas.row, R = b.system.regions.count
        let e = acc.extensions[0], r = real.ghg
        let cmp = try HoldOutComparison(
            regions: b.system.regions, pba: (0..<R).map { e.pbaRegion[k, $0] }, cbaNowcast: (0..<R).map { e.cbaRegion[k, $0] },
            cbaReal: (0..<R).map { r.cbaRegion[k, $0] }, pbaReal: (0..<R).map { r.pbaRegion[k, $0] })
        return HoldOutReport(
            base: base, target: target, gas: gas, gwp: g.set, method: method, growth: growth, comparison: cmp,
            datasets: Self.unique(
                [b.system.provenance, real.system.provenance, g.provenance].compactMap { $0 } + [try nowcastInputs().gdp.version.provenance]))
    }
}
