import Foundation
import YuhengCore
import YuhengData
import YuhengLCA
import YuhengMRIO
import YuhengPolicy

extension PolicyService {
    /// Total CO2 multipliers M = S·L of an input-output table, kt CO2 per million USD of output, by region-sector.
    public struct Multipliers: Sendable {
        /// Label of the table the multipliers come from, e.g. "WIOD 2011 (bundled wiod2011-co2)".
        public var table: String
        /// Region codes of the table, in table order (the major index of `values`).
        public var regions: [String]
        /// Sector codes of the table, in table order (the minor index of `values`).
        public var sectors: [String]
        /// Region-major: `values[r * sectors.count + s]`.
        public var values: [Double]
        /// Unit of `values`: the stressor's unit per the table's monetary unit, e.g. "kt per M USD".
        public var unit: String
        /// Provenance of the table; nil when the table carries none.
        public var provenance: Provenance?

        /// The multiplier of a region (table code or ISO code, any case) and sector code; nil when either is unknown.
        public func value(region: String, sector: String) -> Double? {
            guard let r = RegionCodes.index(of: region, in: regions), let s = sectors.firstIndex(of: sector) else { return nil }
            return values[r * sectors.count + s]
        }
    }

    /// The CO2 multipliers of the bundled WIOD 2011 table, from the services' solved table (the one
    /// the panorama and the country pages use).
    public func bundledMRIOMultipliers() throws -> Multipliers {
        let t = try services.mrio.solved(BundledMRIO.id)
        let e = t.emissions
        guard let k = e.stressors.firstIndex(where: { $0.uppercased() == "CO2" }) else {
            throw DataError(
                .malformedFile, "the bundled MRIO's emission extension has no CO2 stressor (it has \(e.stressors.joined(separator: ", ")))",
                suggestion: "reinstall Yuheng: the bundled table is incomplete")
        }
        return Multipliers(
            table: "WIOD 2011 (bundled \(BundledMRIO.id))", regions: t.system.regions, sectors: t.system.sectors,
            values: (0..<t.system.n).map { e.M[k, $0] }, unit: "\(e.units[k]) per \(t.system.monetaryUnit)",
            provenance: t.system.provenance)
    }

    /// The table region of a country (ISO or table code, any case); RoW with a note when the
    /// country is not a separate region of the table.
    static func mrioRegion(_ country: String, regions: [String]) -> (String, String?) {
        if let c = RegionCodes.code(of: country, in: regions) { return (c, nil) }
        return ("RoW", "\(country) is not a separate region of the table: the rest-of-the-world (RoW) average is used, a rough proxy")
    }

    /// The climate footprint (kg CO2e per kg, IPCC AR6 GWP100) of a process of an LCI database.
    public func lcaFootprint(process: String, lci lciID: String = BundledLCI.id) throws -> IndicativeEstimate {
        let r = try services.lca.calculate(LCAService.Calculation(process: process, amount: 1, database: lciID, top: 1))
        let perKg: Double
        switch r.unit.lowercased() {
        case "kg": perKg = r.total
        case "t", "tonne", "metric ton": perKg = r.total / 1000
        default:
            throw PolicyError(
                .estimateRefused, "LCA process '\(r.processName)' has the reference unit '\(r.unit)', not a mass: it cannot give t CO2e per tonne",
                field: "estimate.lca_process", suggestion: "choose a process whose product is measured in kg")
        }
        let lci = try services.lca.lci(lciID)
        let location = lci.processes.first { $0.id == r.processID }?.location
        let prov = try services.db.dataset(lciID)?.provenance ?? lci.provenance
        return LocalisedEstimates.fromLCA(
            kgCO2ePerKg: perKg, processName: r.processName, location: location, method: r.method,
            database: lciID, provenance: prov)
    }

    /// The indicative estimates requested by the imports of a declaration, keyed by import id. The
    /// multipliers are taken only when an import asks for an input-output estimate.
    public func estimates(for d: CBAMDeclaration, catalog: CBAMCatalog) throws -> [String: [IndicativeEstimate]] {
        var out: [String: [IndicativeEstimate]] = [:]
        var multipliers: Multipliers? = nil
        for line in try CBAMEngine.importLines(d, catalog: catalog) {
            guard let req = line.request else { continue }
            var list: [IndicativeEstimate] = []
            let base = "imports[\(line.id)].estimate"
            if req.priceUSDPerT != nil || req.mrioSector != nil || req.mrioRegion != nil || req.lcaProcess == nil {
                if multipliers == nil { multipliers = try bundledMRIOMultipliers() }
                list.append(try inputOutputEstimate(line, request: req, multipliers: multipliers!, field: base))
            }
            if let process = req.lcaProcess {
                do { list.append(try lcaFootprint(process: process)) } catch let e as LCAError {
                    throw PolicyError(
                        .unknownReference, "LCA process '\(process)': \(e.message)", field: "\(base).lca_process",
                        suggestion: "find one with `yuheng lca search WORDS`")
                }
            }
            out[line.id] = list
        }
        return out
    }

    /// The input-output estimate of an import line: the multiplier of its sector (a code, a name or
    /// part of one) in its country of origin, times the price.
    func inputOutputEstimate(
        _ line: CBAMEngine.ImportLine, request req: CBAMEstimateRequest, multipliers mm: Multipliers,
        field base: String
    ) throws -> IndicativeEstimate {
        let wanted = req.mrioSector ?? LocalisedEstimates.defaultMRIOSector(for: line.good.sector)
        let sector: String
        do { sector = mm.sectors[try SectorLookup.index(of: wanted, codes: mm.sectors, names: WIODSectors.names)] } catch let e as MRIOError {
            throw PolicyError(.unknownReference, "\(e.message) in \(mm.table)", field: "\(base).mrio_sector", suggestion: e.suggestion)
        }
        guard let country = req.mrioRegion ?? line.country else {
            throw PolicyError(
                .missingValue, "the input-output estimate needs the country of origin", field: "\(base).mrio_region",
                suggestion: "give the installation's country, the import's country or mrio_region")
        }
        let (region, note) = Self.mrioRegion(country, regions: mm.regions)
        let m = mm.value(region: region, sector: sector) ?? 0
        return try LocalisedEstimates.fromInputOutput(
            multiplierKtPerMUSD: m, priceUSDPerT: req.priceUSDPerT, region: region, sector: sector,
            table: mm.table, field: "\(base).price_usd_per_t", provenance: mm.provenance, regionNote: note)
    }
}
