import YuhengCore
import YuhengMRIO
import YuhengPanorama

extension YuhengDatabase {
    /// The panoramic national account of MRIO accounts, with the data layer's figures beside it:
    /// GCB 2022 territorial and consumption CO2 of `year` for comparison, country names, and the
    /// land-use change and natural columns (natural CH4 in CO2e with the GWP set `naturalGWP`).
    /// `yuheng panorama`, the server and the agents' tools all build it here.
    public func panoramicAccount(accounts: MRIOAccounts, extension ext: String, stressor: String, year: Int,
                                 tableProvenance: [Provenance], naturalGWP: String = "AR5") throws -> PanoramicAccount {
        var terr: [String: Double] = [:], cons: [String: Double] = [:]
        for f in try nationalEmissions(dataset: "gcb2022-national", year: year) {
            if f.indicator == "territorial_co2" { terr[f.iso3] = f.value }
            if f.indicator == "consumption_co2" { cons[f.iso3] = f.value }
        }
        var estimates: [String: NationalEstimate] = [:]
        for iso in Set(terr.keys).union(cons.keys) { estimates[iso] = NationalEstimate(iso3: iso, territorialMt: terr[iso], consumptionMt: cons[iso]) }
        let names = Dictionary(try countries().map { ($0.iso3, $0.name) }, uniquingKeysWith: { a, _ in a })
        var datasets = tableProvenance
        if let g = try dataset("gcb2022-national") { datasets.append(g.provenance) }
        var account = try Panorama.build(accounts: accounts, extension: ext, stressor: stressor, year: year, names: names, estimates: estimates, datasets: datasets)
        let gwpSet = try gwpLibrary().set(named: naturalGWP)
        let naturalSets = try ["gcb2024-luc", "gmb2020-regions", "gmb2020-country-regions", "cait-lucf"].compactMap { try dataset($0)?.provenance }
        Panorama.attachNatural(&account, figures: try naturalFiguresByCountry(year: year), gwpCH4: try gwpSet.factor(for: .ch4, origin: .biogenic),
                               gwpLabel: gwpSet.description, datasets: naturalSets)
        return account
    }
}
