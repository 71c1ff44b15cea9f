import Foundation
import YuhengCore
import YuhengLCA
import YuhengMRIO
import YuhengPolicy

/// Looks up the numbers the policy engines need from the data layer: grid intensities, input-output
/// multipliers of the bundled MRIO and LCA footprints of the bundled US LCI. The engines themselves
/// do no IO; the command line calls these and passes the numbers in.
public enum PolicyInputs {
    /// Grid electricity intensity of every country in the data layer (latest year), t CO2e/MWh.
    public static func gridIntensities(_ db: YuhengDatabase) throws -> [String: GridIntensity] {
        let source = (try? db.dataset("grid-intensity")).flatMap { $0 }.map { "data layer grid-intensity (\($0.version); OWID/Ember)" }
            ?? "data layer grid-intensity"
        var out: [String: GridIntensity] = [:]
        for r in try db.gridIntensity() {
            out[r.iso3] = GridIntensity(iso3: r.iso3, year: r.year, tPerMWh: r.gPerKWh / 1000, source: source)
        }
        return out
    }

    /// Total CO2 multipliers M = S·L of an MRIO table, kt CO2 per million USD of output, by region-sector.
    public struct Multipliers: Sendable {
        public var table: String
        public var regions: [String]
        public var sectors: [String]
        public var values: [Double]
        public var unit: String
        public var provenance: Provenance?

        public func value(region: String, sector: String) -> Double? {
            guard let r = regions.firstIndex(of: region), let s = sectors.firstIndex(of: sector) else { return nil }
            return values[r * sectors.count + s]
        }
    }

    /// The CO2 multipliers of the bundled WIOD 2011 table (one LU factorisation).
    public static func bundledMRIOMultipliers() throws -> Multipliers {
        let system = try BundledMRIO.load(extensions: ["co2"])
        guard let ext = system.extensions.first(where: { $0.name == "co2" }) else {
            throw DataError(.malformedFile, "the bundled MRIO has no co2 extension")
        }
        let model = try LeontiefModel(system, keepA: false)
        let m = try model.multipliers(model.intensities(ext.F))
        let values = (0..<system.n).map { m[0, $0] }
        return Multipliers(table: "WIOD 2011 (bundled \(BundledMRIO.id))", regions: system.regions, sectors: system.sectors, values: values,
                           unit: "\(ext.units.first ?? "kt") per \(system.monetaryUnit)", provenance: system.provenance)
    }

    /// WIOD region code of a country: ISO3, Romania as ROM, otherwise RoW.
    static func mrioRegion(_ iso3: String, regions: [String]) -> (String, String?) {
        let c = iso3.uppercased() == "ROU" ? "ROM" : iso3.uppercased()
        if regions.contains(c) { return (c, nil) }
        return ("RoW", "\(iso3) is not a separate region of the table: the rest-of-the-world (RoW) average is used, a rough proxy")
    }

    /// The climate footprint (kg CO2e per kg, IPCC AR6 GWP100) of an LCA process of the bundled US LCI.
    public static func lcaFootprint(db: YuhengDatabase, process: String, lciID: String = BundledLCI.id) throws -> IndicativeEstimate {
        if lciID == BundledLCI.id { _ = try BundledLCI.install(in: db) }
        let lci = try db.loadLCI(id: lciID)
        let calc = try LCACalculator(model: TechnosphereModel(lci))
        let method = try ClimateMethod.named("ipcc-ar6-gwp100", library: try db.gwpLibrary())
        let j = try calc.column(forProcess: process)
        let r = try calc.calculate(column: j, amount: 1, method: method, topN: 0)
        let perKg: Double
        switch r.unit.lowercased() {
        case "kg": perKg = r.total
        case "t", "tonne", "metric ton": perKg = r.total / 1000
        default:
            throw PolicyError(.estimateRefused, "LCA process '\(r.processName)' has the reference unit '\(r.unit)', not a mass: it cannot give t CO2e per tonne",
                              field: "estimate.lca_process", suggestion: "choose a process whose product is measured in kg")
        }
        let location = lci.processes.first { $0.id == r.processID }?.location
        let prov = try db.dataset(lciID)?.provenance ?? lci.provenance
        return LocalisedEstimates.fromLCA(kgCO2ePerKg: perKg, processName: r.processName, location: location, method: r.method,
                                          database: lciID, provenance: prov)
    }

    /// The indicative estimates requested by the imports of a declaration, keyed by import id.
    /// The MRIO multipliers are computed once, and only when an import asks for an input-output
    /// estimate; LCA estimates need `db`.
    public static func estimates(for d: CBAMDeclaration, catalog: CBAMCatalog, db: YuhengDatabase?) throws -> [String: [IndicativeEstimate]] {
        var out: [String: [IndicativeEstimate]] = [:]
        var multipliers: Multipliers? = nil
        for line in try CBAMEngine.importLines(d, catalog: catalog) {
            guard let req = line.request else { continue }
            var list: [IndicativeEstimate] = []
            let base = "imports[\(line.id)].estimate"
            if req.priceUSDPerT != nil || req.mrioSector != nil || req.mrioRegion != nil || req.lcaProcess == nil {
                if multipliers == nil { multipliers = try bundledMRIOMultipliers() }
                let mm = multipliers!
                let sector = req.mrioSector ?? LocalisedEstimates.defaultMRIOSector(for: line.good.sector)
                guard mm.sectors.contains(sector) else {
                    throw PolicyError(.unknownReference, "no sector '\(sector)' in \(mm.table)", field: "\(base).mrio_sector",
                                      suggestion: "sectors: \(mm.sectors.joined(separator: ", "))")
                }
                guard let country = req.mrioRegion ?? line.country else {
                    throw PolicyError(.missingValue, "the input-output estimate needs the country of origin", field: "\(base).mrio_region",
                                      suggestion: "give the installation's country, the import's country or mrio_region")
                }
                let (region, note) = mrioRegion(country, regions: mm.regions)
                let m = mm.value(region: region, sector: sector) ?? 0
                list.append(try LocalisedEstimates.fromInputOutput(multiplierKtPerMUSD: m, priceUSDPerT: req.priceUSDPerT, region: region, sector: sector,
                                                                   table: mm.table, field: "\(base).price_usd_per_t", provenance: mm.provenance, regionNote: note))
            }
            if let process = req.lcaProcess {
                guard let db else {
                    throw PolicyError(.estimateRefused, "an LCA estimate needs the database", field: "\(base).lca_process")
                }
                do { list.append(try lcaFootprint(db: db, process: process)) } catch let e as LCAError {
                    throw PolicyError(.unknownReference, "LCA process '\(process)': \(e.message)", field: "\(base).lca_process",
                                      suggestion: "find one with `yuheng lca search WORDS`")
                }
            }
            out[line.id] = list
        }
        return out
    }
}
