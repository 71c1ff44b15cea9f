import YuhengNumerics

/// A change to an input-output system for scenario analysis.
public enum MRIOShock: Sendable, Hashable {
    /// Scale final demand for products of `sector` from `producer` (nil = all producers) consumed by
    /// `consumer` (nil = every region) by `factor` (0.9 = −10 %).
    case finalDemand(consumer: String?, producer: String?, sector: String, factor: Double)
    /// Scale the direct emission intensity (F column) of (region, sector) by `factor`.
    case intensity(region: String, sector: String, factor: Double)
    /// Scale input coefficient A[(fromRegion, fromSector), (toRegion, toSector)] by `factor` (input-mix change);
    /// needs a new factorisation.
    case coefficient(fromRegion: String, fromSector: String, toRegion: String, toSector: String, factor: Double)
}

/// Change of the accounts between a baseline and a shocked system.
public struct ShockResult: Sendable {
    /// Region labels, the order of the per-region arrays.
    public var regions: [String]
    /// The stressor the accounts are for, as spelled in the extension.
    public var stressor: String
    /// Unit of the stressor and of every figure, e.g. "kg".
    public var unit: String
    /// Per region: baseline and shocked production- and consumption-based totals.
    public var pbaBase: [Double], pbaShocked: [Double], cbaBase: [Double], cbaShocked: [Double]
    /// Per region-sector change of direct emissions (production-based detail), length n.
    public var pbaSectorChange: [Double]
    /// True when a coefficient shock changed A and (I − A) was factorised again; false when the baseline LU was reused.
    public var refactorised: Bool
}

extension MRIOEngine {
    /// Applies shocks and recomputes the accounts. Demand and intensity shocks reuse the baseline
    /// factorisation (A does not change); coefficient shocks factorise the changed system.
    public static func shock(_ system: MRIOSystem, model: LeontiefModel, shocks: [MRIOShock], extension ext: String, stressor: String) throws
        -> ShockResult
    {
        let base = try accounts(system, model: model, options: AccountOptions(extensions: [ext], incomeBased: false))
        var shocked = system
        var needsNewModel = false
        // Regions by table or ISO code in any case; sectors by code, name or part of a name.
        func regionIndex(_ r: String) throws -> Int { try system.regionIndex(r) }
        func sectorIndex(_ s: String) throws -> Int { try system.sectorIndex(s) }
        let S = system.sectors.count, C = system.finalDemandCategories.count
        for s in shocks {
            switch s {
            case let .finalDemand(consumer, producer, sector, factor):
                guard factor.isFinite, factor >= 0 else { throw MRIOError(.invalidArgument, "the demand factor must be ≥ 0 (got \(factor))") }
                let si = try sectorIndex(sector)
                let consumers = try consumer.map { [try regionIndex($0)] } ?? Array(system.regions.indices)
                let producers = try producer.map { [try regionIndex($0)] } ?? Array(system.regions.indices)
                for c in consumers { for p in producers { for cat in 0..<C { shocked.Y[p * S + si, c * C + cat] *= factor } } }
            case let .intensity(region, sector, factor):
                guard factor.isFinite, factor >= 0 else { throw MRIOError(.invalidArgument, "the intensity factor must be ≥ 0 (got \(factor))") }
                let j = try regionIndex(region) * S + (try sectorIndex(sector))
                guard let e = shocked.extensions.firstIndex(where: { $0.name == ext }) else {
                    throw MRIOError(.unknownExtension, "no extension '\(ext)'")
                }
                for k in 0..<shocked.extensions[e].F.rows { shocked.extensions[e].F[k, j] *= factor }
            case let .coefficient(fr, fs, tr, ts, factor):
                guard factor.isFinite, factor >= 0 else {
                    throw MRIOError(
                        .invalidArgument, "the coefficient factor must be a finite number ≥ 0 (got \(factor))",
                        suggestion: "a factor scales the input coefficient: 0.9 uses 10 % less of the input, 0 removes it")
                }
                let i = try regionIndex(fr) * S + (try sectorIndex(fs)), j = try regionIndex(tr) * S + (try sectorIndex(ts))
                guard let A = model.A else { throw MRIOError(.missingData, "coefficient shocks need the model built with keepA") }
                var a = A
                a[i, j] *= factor
                shocked.A = a
                shocked.Z = nil
                shocked.x = model.x
                needsNewModel = true
            }
        }
        let m2 = needsNewModel ? try LeontiefModel(shocked, keepA: true) : model
        let after = try accounts(shocked, model: m2, options: AccountOptions(extensions: [ext], incomeBased: false))
        let e0 = try base.extensionAccounts(ext), e1 = try after.extensionAccounts(ext)
        guard let k = e0.stressors.firstIndex(of: stressor) else {
            throw MRIOError(.unknownStressor, "no stressor '\(stressor)'", suggestion: "available: \(e0.stressors.joined(separator: ", "))")
        }
        var sectorChange = [Double](repeating: 0, count: system.n)
        for i in 0..<system.n { sectorChange[i] = e1.S[k, i] * after.xFromDemand[i] - e0.S[k, i] * base.xFromDemand[i] }
        return ShockResult(
            regions: system.regions, stressor: stressor, unit: e0.units[k],
            pbaBase: e0.pbaRegion.row(k), pbaShocked: e1.pbaRegion.row(k), cbaBase: e0.cbaRegion.row(k), cbaShocked: e1.cbaRegion.row(k),
            pbaSectorChange: sectorChange, refactorised: needsNewModel)
    }
}
