import Foundation
import YuhengData
import YuhengMRIO
import YuhengPanorama

/// A region's page data: its row of the panorama, partners by embodied emissions in both
/// directions, and the top supply-chain paths of its final demand.
struct CountryDetail: Encodable {
    struct Partner: Encodable { let region: String; let name: String; let mt: Double }
    struct Path: Encodable { let nodes: [String]; let mt: Double; let share: Double }
    let row: PanoramaRow
    /// Emissions in partner regions caused by this region's final demand (embodied imports).
    let imports_from: [Partner]
    /// Emissions in this region caused by partners' final demand (embodied exports).
    let exports_to: [Partner]
    let paths: [Path]
    let year: Int
    let unit: String

    static func make(state: ServerState, region: String, top: Int, table: String = BundledMRIO.id) throws -> CountryDetail {
        guard (1...100).contains(top) else { throw APIError(.badRequest, code: "request.invalidParameter", "top must be between 1 and 100 (got \(top))", field: "top") }
        let p = try state.panorama(table: table)
        let key = region.uppercased() == "ROU" ? "ROM" : region
        guard let r = p.transfers.regions.firstIndex(where: { $0 == key || $0.uppercased() == key.uppercased() }),
              let row = p.account.rows.first(where: { $0.region == p.transfers.regions[r] }) else {
            throw APIError(.notFound, code: "mrio.unknownRegion", "no region '\(region)' in the bundled MRIO", field: "region")
        }
        let toMt = 1.0 / 1000   // kt → Mt
        let names = Dictionary(p.account.rows.map { ($0.region, $0.name) }, uniquingKeysWith: { a, _ in a })
        let R = p.transfers.regions.count
        var imp: [Partner] = [], exp: [Partner] = []
        for o in 0..<R where o != r {
            let reg = p.transfers.regions[o]
            imp.append(Partner(region: reg, name: names[reg] ?? reg, mt: p.transfers.originDestination[o, r] * toMt))
            exp.append(Partner(region: reg, name: names[reg] ?? reg, mt: p.transfers.originDestination[r, o] * toMt))
        }
        imp.sort { $0.mt > $1.mt }
        exp.sort { $0.mt > $1.mt }
        let e = p.accounts.extensions[0]
        let y = MRIOEngine.aggregateFinalDemand(p.system).column(r)
        let spa = try MRIOEngine.structuralPaths(A: p.model.A!, intensities: e.S.row(0), multipliers: e.M.row(0), finalDemand: y,
                                                 labels: { p.system.label($0) }, threshold: 0.002, maxPaths: top, maxDepth: 5, maxExpansions: 50_000)
        return CountryDetail(row: row, imports_from: Array(imp.prefix(top)), exports_to: Array(exp.prefix(top)),
                             paths: spa.paths.map { Path(nodes: $0.nodes, mt: $0.value * toMt, share: $0.share) }, year: p.account.year, unit: "Mt CO2")
    }
}
