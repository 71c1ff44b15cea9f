import Foundation
import YuhengCore
import YuhengData
import YuhengMRIO
import YuhengPanorama

/// The panoramic national account — production- and consumption-based emissions of every region
/// beside independent estimates (GCB), land-use change and natural fluxes — and a country's page.
///
/// ```swift
/// let p = try services.panorama.account(year: 2009)           // the bundled 2009 table, GCB 2009
/// let china = try services.panorama.country("CHN", top: 10)  // partners and supply-chain paths
/// ```
public struct PanoramaService: Sendable {
    let services: YuhengServices

    /// What the panorama is computed from.
    public struct Request: Sendable, Hashable {
        /// A table by bundled id, stored id or path; nil: the bundled table of `year` (default 2011).
        public var table: String?
        /// The year: selects the bundled table when `table` is nil; with a table it must be the table's year.
        public var year: Int?
        /// The table's file format (`.auto` detects it); ignored for bundled and stored ids.
        public var format: MRIOFormat
        /// The emission extension (default: `co2`, else the first).
        public var `extension`: String?
        /// The stressor of the extension shown (default: CO2).
        public var stressor: String
        /// Fail on any column of A summing to 1 or more instead of warning.
        public var strict: Bool
        /// The GWP set of the natural CH4 column.
        public var naturalGWP: String
        /// The gas of a GHG account (co2, ch4, n2o, ghg; see ``PanoramaService/defaultGas``) for the bundled
        /// series and its nowcasts; nil keeps the plain account of `extension`/`stressor` (a year after the
        /// latest table is always a GHG account, CO2 unless a gas is given).
        public var gas: MRIOGas?
        /// The GWP100 set of the GHG account (AR5 or AR6); also used for the natural CH4 column.
        public var gwp: String

        /// A request; the defaults give the plain CO2 account of the bundled 2011 table with AR5 for natural CH4.
        public init(
            table: String? = nil, year: Int? = nil, format: MRIOFormat = .auto, extension ext: String? = nil, stressor: String = "CO2",
            strict: Bool = false, naturalGWP: String = "AR5", gas: MRIOGas? = nil, gwp: String = "AR5"
        ) {
            self.table = table
            self.year = year
            self.format = format
            self.extension = ext
            self.stressor = stressor
            self.strict = strict
            self.naturalGWP = naturalGWP
            self.gas = gas
            self.gwp = gwp
        }

        /// A GHG request (default: GHG in AR5, the UNFCCC transparency framework's metric) for a year 2000–2023.
        public static func ghg(year: Int? = nil, gas: MRIOGas = PanoramaService.defaultGas, gwp: String = PanoramaService.defaultGWP) -> Request {
            Request(year: year, naturalGWP: gwp, gas: gas, gwp: gwp)
        }

        /// Whether the request is answered from the GHG series (a gas given, or a year after the latest table).
        var isGHG: Bool { gas != nil || (table == nil && (year ?? 0) > MRIOService.latestTableYear) }
    }

    /// The table a request names, solved (from the cache for bundled and stored tables), and the
    /// year its columns are of. A year that is neither bundled nor the given table's year is refused,
    /// so no title ever names a year that a column does not hold.
    public func table(_ r: Request) throws -> (table: SolvedTable, year: Int) {
        if r.isGHG { return try ghgTable(r) }
        let name = try r.table ?? MRIOService.bundledTable(year: r.year)
        let solved = try services.mrio.solved(name, format: r.format, extension: r.extension, strict: r.strict)
        let tableYear = solved.year
        if let y = r.year, let t = tableYear, y != t {
            throw MRIOError(
                .invalidArgument, "the table \(solved.system.name) is of \(t), not \(y)",
                suggestion: "leave out --year to use the table's year, or choose a table of \(y)")
        }
        guard let year = r.year ?? tableYear else {
            throw MRIOError(
                .invalidArgument, "the table \(solved.system.name) does not say which year it is of",
                suggestion: "give the year of the table with --year so the comparison columns are of the same year")
        }
        return (solved, year)
    }

    /// The panoramic account of a request (cached per table, year and options).
    public func account(_ r: Request = Request()) throws -> PanoramicAccount {
        // The natural-flux datasets are installed on first use: before the version stamp is read, so
        // that concurrent first requests key (and provenance-list) the same account.
        try BundledNatural.install(in: services.db)
        if r.isGHG { return try ghgAccount(r) }
        let (solved, year) = try table(r)
        let make = { try build(solved, year: year, stressor: r.stressor, naturalGWP: r.naturalGWP) }
        guard !FileManager.default.fileExists(atPath: solved.name) else { return try make() }
        let key = "\(solved.name)|\(solved.extensionName)|\(r.stressor)|\(year)|\(r.naturalGWP)|\(r.strict)"
        return try services.cache.value("panorama.account", key: key, version: try services.datasetsVersion(), cost: 1 << 20, make)
    }

    /// The error for a table without the stressor asked for (an imported table names its stressors its own way,
    /// e.g. EXIOBASE's "CO2 - combustion - air"): it lists every extension's stressors and says how to choose one.
    static func noSuchStressor(_ stressor: String, in solved: SolvedTable) -> MRIOError {
        let listed = solved.system.extensions.map { ext in
            "\(ext.name): " + ext.stressors.prefix(12).map { "'\($0)'" }.joined(separator: ", ") + (ext.stressors.count > 12 ? ", …" : "")
        }
        return MRIOError(
            .unknownStressor, "the table \(solved.system.name) has no stressor '\(stressor)' in its extension \(solved.extensionName)",
            suggestion: "name the stressor to show with --stressor (and its extension with --extension); the table has "
                + listed.joined(separator: "; "))
    }

    /// The panoramic account of the bundled table of `year` (default 2011).
    public func account(year: Int?) throws -> PanoramicAccount { try account(Request(year: year)) }

    /// Builds the account of a solved table with the data layer's figures beside it: GCB 2022
    /// territorial and consumption CO2 of `year` for comparison, country names, and the land-use
    /// change and natural columns (natural CH4 in CO2e with the GWP set `naturalGWP`).
    public func build(_ solved: SolvedTable, year: Int, stressor: String, naturalGWP: String = "AR5") throws -> PanoramicAccount {
        let db = services.db
        var terr: [String: Double] = [:], cons: [String: Double] = [:]
        for f in try db.nationalEmissions(dataset: "gcb2022-national", year: year) {
            if f.indicator == "territorial_co2" { terr[f.iso3] = f.value }
            if f.indicator == "consumption_co2" { cons[f.iso3] = f.value }
        }
        var estimates: [String: NationalEstimate] = [:]
        for iso in Set(terr.keys).union(cons.keys) {
            estimates[iso] = NationalEstimate(iso3: iso, territorialMt: terr[iso], consumptionMt: cons[iso])
        }
        let names = Dictionary(try db.countries().map { ($0.iso3, $0.name) }, uniquingKeysWith: { a, _ in a })
        var datasets = solved.provenance
        if let g = try db.dataset("gcb2022-national") { datasets.append(g.provenance) }
        var account: PanoramicAccount
        do {
            account = try Panorama.build(
                accounts: solved.accounts, extension: solved.extensionName, stressor: stressor, year: year,
                names: names, estimates: estimates, datasets: datasets)
        } catch let e as MRIOError where e.code == .unknownStressor {
            throw Self.noSuchStressor(stressor, in: solved)
        }
        let gwpSet = try db.gwpLibrary().set(named: naturalGWP)
        let naturalSets = try ["gcb2024-luc", "gmb2020-regions", "gmb2020-country-regions", "cait-lucf"].compactMap { try db.dataset($0)?.provenance }
        Panorama.attachNatural(
            &account, figures: try db.naturalFiguresByCountry(year: year), gwpCH4: try gwpSet.factor(for: .ch4, origin: .biogenic),
            gwpLabel: gwpSet.description, datasets: naturalSets)
        return account
    }

    /// A region's page: its row of the panorama, partners by embodied emissions in both directions
    /// and the top supply-chain paths of its final demand.
    public func country(_ region: String, top: Int = 10, year: Int? = nil, gas: MRIOGas? = nil, gwp: String = "AR5") throws -> CountryDetail {
        guard (0...1_000).contains(top) else {
            throw MRIOError(.invalidArgument, "top must be between 0 and 1,000 (it is \(top))")
        }
        let r = Request(year: year, naturalGWP: gwp, gas: gas, gwp: gwp)
        let (solved, y) = try table(r)
        let account = try self.account(r)
        let transfers = try services.mrio.transfers(solved, stressor: r.isGHG ? nil : r.stressor)
        guard let ri = RegionCodes.index(of: region, in: transfers.regions),
            let row = account.rows.first(where: { $0.region == transfers.regions[ri] })
        else {
            throw MRIOError(
                .unknownRegion, "no region '\(region)' in the table \(solved.system.name)",
                suggestion: "regions: \(transfers.regions.joined(separator: ", "))")
        }
        return try CountryDetail.make(solved: solved, account: account, transfers: transfers, region: ri, row: row, top: top, year: y)
    }
}

/// A region's page data (the JSON of `GET /api/panorama/{region}`).
public struct CountryDetail: Encodable, Sendable {
    /// A trade partner and the emissions embodied in the trade with it.
    public struct Partner: Encodable, Sendable {
        /// The partner's region code in the table, e.g. "DEU".
        public let region: String
        /// Display name of the partner, e.g. "Germany" (the code when the account has no name for it).
        public let name: String
        /// Emissions embodied in the flow, Mt of the stressor (Mt CO2e for a GHG account).
        public let mt: Double
    }
    /// One supply-chain path of the region's final demand, from the final product to the emitting sector.
    public struct Path: Encodable, Sendable {
        /// "REGION:SECTOR" labels from the final product (first) to the emitting sector (last).
        public let nodes: [String]
        /// Emissions at the last node caused through this exact path, Mt of the stressor.
        public let mt: Double
        /// The path's share of the emissions embodied in the region's final demand (a fraction, 0–1).
        public let share: Double
    }
    /// The region's row of the panoramic account (production, consumption, GCB and land-use figures).
    public let row: PanoramaRow
    /// Emissions in partner regions caused by this region's final demand (embodied imports).
    public let imports_from: [Partner]
    /// Emissions in this region caused by partners' final demand (embodied exports).
    public let exports_to: [Partner]
    /// The largest supply-chain paths of the region's final demand (at most `top`, each above 0.2 % of the total, up to 5 tiers).
    public let paths: [Path]
    /// The year of the table (or nowcast) the page is computed from.
    public let year: Int
    /// Unit of every `mt` figure, e.g. "Mt CO2" or "Mt CO2e".
    public let unit: String

    static func make(
        solved: SolvedTable, account: PanoramicAccount, transfers: TradeTransfers, region r: Int, row: PanoramaRow,
        top: Int, year: Int
    ) throws -> CountryDetail {
        let toMt = 1.0 / 1000 // kt → Mt
        let names = Dictionary(account.rows.map { ($0.region, $0.name) }, uniquingKeysWith: { a, _ in a })
        let regions = transfers.regions
        var imp: [Partner] = [], exp: [Partner] = []
        for o in regions.indices where o != r {
            let reg = regions[o]
            imp.append(Partner(region: reg, name: names[reg] ?? reg, mt: transfers.originDestination[o, r] * toMt))
            exp.append(Partner(region: reg, name: names[reg] ?? reg, mt: transfers.originDestination[r, o] * toMt))
        }
        imp.sort { $0.mt > $1.mt }
        exp.sort { $0.mt > $1.mt }
        let e = solved.emissions
        // The paths are of the stressor the partners are of (not the extension's first).
        let k = e.stressors.firstIndex { $0.lowercased() == transfers.stressor.lowercased() } ?? 0
        let y = MRIOEngine.aggregateFinalDemand(solved.system).column(r)
        guard let A = solved.model.A else { throw MRIOError(.missingData, "the solved table kept no technical coefficients") }
        let spa = try MRIOEngine.structuralPaths(
            A: A, intensities: e.S.row(k), multipliers: e.M.row(k), finalDemand: y,
            labels: { solved.system.label($0) }, threshold: 0.002, maxPaths: top, maxDepth: 5, maxExpansions: 50_000)
        return CountryDetail(
            row: row, imports_from: Array(imp.prefix(top)), exports_to: Array(exp.prefix(top)),
            paths: spa.paths.map { Path(nodes: $0.nodes, mt: $0.value * toMt, share: $0.share) }, year: year,
            unit: account.unit == "Mt" ? "Mt \(account.stressor)" : account.unit)
    }
}
