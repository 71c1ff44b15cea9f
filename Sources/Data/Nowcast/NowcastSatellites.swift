import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics

/// The emissions of a nowcast year on a base table's classification (docs/ghg-series-method.md §2.1),
/// built from the data layer's nowcast inputs — a faithful port of `scripts/nowcast_reference.py`
/// (`Satellites`) and of `build_wiod_series.ghg_extensions`:
///
/// | years | CO2, countries | CO2, rest of the world | CH4, N2O |
/// |---|---|---|---|
/// | to the JRC accounts' last year | JRC accounts of the year, concorded NACE Rev.2 → ISIC Rev.3 (keys: the base table's stored output) | GCB 2022 World − Bunkers − Stat. diff. − Σ countries | EDGAR of the year, concorded (CO2 key: the year's CO2; output key: the base table's) ; RoW = global − countries − AIR − SEA |
/// | to GCB 2022's last year | the JRC last-year profile × GCB territorial growth | as above | as above |
/// | to the OWID (GCB 2024) last year | the GCB-2022 last-year values × GCB 2024 growth (vintages chained, never mixed in a year) | GCB 2022 residual × growth of World − aviation − shipping − Σ countries | as above |
///
/// The rest of the world's CO2 is spread with the base table's RoW profile. A year without the data it
/// needs is an error naming the dataset, its file and the country.
///
/// ```swift
/// let sat = try NowcastSatellites(base: try BundledMRIO.load(id: "wiod2011-ghg"), data: try db.nowcastInputs())
/// let y2020 = try sat.extensions(year: 2020)      // co2, ch4, n2o (kt) with notes and datasets
/// ```
public struct NowcastSatellites: Sendable {
    /// The base table whose classification, stored output and rest-of-the-world profile the emissions are allocated with.
    public let base: MRIOSystem
    /// The nowcast inputs (current versions) the emissions are built from.
    public let data: NowcastInputData
    let countries: [String]
    let iso: [String]
    let rowIndex: Int
    let ns: Int, nf: Int, hh: Int

    /// The emissions of one year: the extensions co2 (CO2), ch4 (CH4_fossil, CH4_nonfossil), n2o (N2O), kt.
    public struct Year: Sendable {
        /// The calendar year of the emissions.
        public var year: Int
        /// The extensions co2, ch4 (fossil and non-fossil) and n2o on the base table's classification, kt.
        public var extensions: [MRIOExtension]
        /// How each part was made (stated in the results).
        public var notes: [String]
        /// The datasets and versions used.
        public var datasets: [Provenance]
        /// A short statement of the CO2 sources, e.g. "JRC + GCB 2022v1.0".
        public var co2Vintage: String
    }

    /// The region whose GDP stands in for Taiwan's (no World Bank data).
    public static let taiwanProxy = "KOR"
    /// EDGAR's eight sectors, in the order they are allocated.
    public static let edgarSectors = [
        "Agriculture", "Buildings", "Fuel Exploitation", "Industrial Combustion", "Power Industry", "Processes", "Transport", "Waste"
    ]
    /// AR5 GWP100 values EDGAR used to publish CH4 and N2O in CO2e (converted back to mass with them).
    public static let edgarGWP: [String: Double] = ["CH4": 28, "N2O": 265]

    /// Prepares the allocation onto `base`; throws ``MRIOError`` when the table's last region is not RoW, it has no co2 extension
    /// or stored output, or no CONS_h final-demand category.
    public init(base: MRIOSystem, data: NowcastInputData) throws {
        guard base.regions.last == "RoW" else {
            throw MRIOError(
                .labels, "the base table's last region is \(base.regions.last ?? "none"), not RoW",
                suggestion: "the nowcast needs a table with a rest-of-the-world region last (WIOD)")
        }
        guard base.extensions.contains(where: { $0.name == "co2" }), base.x != nil else {
            throw MRIOError(
                .missingData, "the base table \(base.name) has no co2 extension or no stored output",
                suggestion: "use a bundled wiodYYYY-ghg table as the base")
        }
        guard let hh = base.finalDemandCategories.firstIndex(of: "CONS_h") else {
            throw MRIOError(.labels, "the base table has no CONS_h final-demand category")
        }
        self.base = base
        self.data = data
        countries = Array(base.regions.dropLast())
        iso = countries.map { RegionCodes.iso3(ofTableCode: $0) } // WIOD's ROM is ROU in the JRC accounts, GCB, the World Bank and EDGAR
        rowIndex = base.regions.count - 1
        ns = base.sectors.count
        nf = base.finalDemandCategories.count
        self.hh = hh
    }

    // MARK: GDP

    /// g_r = GDP_r(year) / GDP_r(baseYear) for every region: World Bank GDP in current US$; Taiwan takes
    /// Korea's growth; the rest of the world is World (WLD) − the countries with World Bank data.
    public func growth(from baseYear: Int, to year: Int) throws -> [Double] {
        try base.regions.map { r in try gdpLevel(r, year: year) / gdpLevel(r, year: baseYear) }
    }

    func gdpLevel(_ region: String, year: Int) throws -> Double {
        if region == "RoW" {
            var sum = 0.0
            for c in countries where c != "TWN" { sum += try gdpLevel(c, year: year) }
            return try gdp("WLD", region: "the world", year: year) - sum
        }
        let code = region == "TWN" ? Self.taiwanProxy : RegionCodes.iso3(ofTableCode: region)
        return try gdp(code, region: region == "TWN" ? "TWN (proxy: KOR)" : region, year: year)
    }

    func gdp(_ code: String, region: String, year: Int) throws -> Double {
        guard let v = data.gdp.value(code, year: year), let value = v, value > 0 else {
            throw DataError(
                .missingBundledData, "no GDP for \(region) (\(code)) in \(year) in \(data.gdp.label)", field: code,
                suggestion:
                    "import a newer World Bank GDP release with `yuheng data import --kind gdp FILE`; years held: \(data.gdp.version.firstYear ?? 0)–\(data.gdp.version.lastYear ?? 0)"
            )
        }
        return value
    }

    // MARK: The years each source covers

    /// The last year of the JRC accounts for every country, of GCB 2022 (countries and World, Bunkers,
    /// Stat. diff.) and of OWID/GCB 2024 (countries, World, aviation, shipping).
    public var coverage: (jrc: Int, gcb: Int, owid: Int, edgar: Int) {
        let jrc = data.jrc.lastCommonYear(iso, sector: "A01") ?? 0
        let gcb = data.gcb.lastCommonYear(iso + ["WLD", "BUNKERS", "STATDIFF"]) ?? 0
        let owid = data.owid.lastCommonYear(iso + ["WLD", "AIR", "SEA"]) ?? 0
        let edgar = data.edgar.lastCommonYear(["GLOBAL TOTAL"], sector: "Agriculture", gas: "CH4") ?? 0
        return (jrc, gcb, owid, edgar)
    }

    /// The last year a nowcast can be made for (all four sources and GDP cover it).
    public func lastYear() -> Int {
        let c = coverage
        let gdpLast = data.gdp.lastCommonYear(iso.filter { $0 != "TWN" } + ["WLD", Self.taiwanProxy]) ?? 0
        return min(max(c.gcb, c.owid), c.edgar, gdpLast)
    }
}
