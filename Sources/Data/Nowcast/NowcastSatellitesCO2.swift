import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics

extension NowcastSatellites {
    /// CO2 of a year: F (n) and F_Y (regions × categories), kt, with how it was made.
    public struct CO2: Sendable {
        /// CO2 of industries, one value per region-sector of the base table, kt.
        public var F: [Double]
        /// CO2 of final demand (households' direct), regions × final-demand categories, kt.
        public var FY: [Double]
        /// How the countries' CO2 was made, in a sentence (e.g. "the 2016 JRC profile × … territorial growth").
        public var countries: String
        /// How the rest of the world's CO2 was made and spread, in a sentence.
        public var restOfWorld: String
        /// A short statement of the CO2 sources, e.g. "JRC + GCB 2022v1.0".
        public var vintage: String
        /// The datasets and versions used.
        public var datasets: [Provenance]
    }

    /// The CO2 of `year` by the rules of the table in the type's documentation.
    public func co2(year: Int) throws -> CO2 {
        let c = coverage
        var out: CO2
        if year <= c.jrc {
            let (F, FY) = try jrcYear(year)
            out = CO2(
                F: F, FY: FY,
                countries:
                    "JRC CO2 accounts \(year) concorded NACE Rev.2 → ISIC Rev.3 (keys: the \(base.year.map(String.init) ?? "base") table's stored output)",
                restOfWorld: "", vintage: "JRC + \(data.gcb.version.version)", datasets: [data.jrc.version.provenance, data.concordances.provenance])
        } else if year <= c.gcb {
            out = try scaled(from: try co2(year: c.jrc), ref: c.jrc, year: year, series: data.gcb, factor: 1)
            out.countries = "the \(c.jrc) JRC profile × \(data.gcb.version.version) territorial growth \(c.jrc)→\(year)"
            out.vintage = "JRC (\(c.jrc) profile) + \(data.gcb.version.version)"
        } else if year <= c.owid {
            out = try scaled(from: try co2(year: c.gcb), ref: c.gcb, year: year, series: data.owid, factor: 1)
            out.countries =
                "the \(c.gcb) values × \(data.owid.version.version) growth \(c.gcb)→\(year) (vintages chained at \(c.gcb), never mixed within a year)"
            out.vintage = "JRC (\(c.jrc) profile) + \(data.gcb.version.version) to \(c.gcb), chained with \(data.owid.version.version) growth"
        } else {
            let newest = c.owid > c.gcb ? data.owid : data.gcb
            let missing = iso.first { newest.value($0, year: year).flatMap { $0 } == nil } ?? "WLD"
            throw DataError(
                .missingBundledData,
                "no national fossil CO2 for \(year): \(newest.label) ends in \(max(c.owid, c.gcb)) (first country missing: \(missing))",
                field: missing,
                suggestion:
                    "import a newer release with `yuheng data import --kind national-co2 FILE` (e.g. Our World in Data's annual CO2 emissions)")
        }
        try spreadRestOfWorld(&out, year: year)
        out.datasets.append(data.gcb.version.provenance)
        if year > c.gcb { out.datasets.append(data.owid.version.provenance) }
        return out
    }

    /// The countries' CO2 of a JRC year on the base table's classification (keys: its stored output).
    func jrcYear(_ year: Int) throws -> ([Double], [Double]) {
        let x = base.x ?? []
        var F = [Double](repeating: 0, count: base.n), FY = [Double](repeating: 0, count: base.regions.count * nf)
        let sectorIndex = Dictionary(uniqueKeysWithValues: base.sectors.enumerated().map { ($1, $0) })
        func idx(_ ci: Int, _ t: String) throws -> Int {
            guard let s = sectorIndex[t] else { throw MRIOError(.labels, "the concordance targets '\(t)', not a sector of the base table") }
            return ci * ns + s
        }
        for (ci, c) in countries.enumerated() {
            for (code, targets) in data.concordances.nace {
                let v = try jrc(iso[ci], code, year, region: c)
                var ts = targets
                var out = try ts.map { x[try idx(ci, $0)] }
                if out.reduce(0, +) == 0 {
                    guard let fb = data.concordances.fallback[ts[0]] else {
                        throw MRIOError(
                            .missingData,
                            "\(c) \(code) \(year): the target \(ts[0]) has zero output in the base table and the concordance has no fallback for it")
                    }
                    ts = fb
                    out = try ts.map { x[try idx(ci, $0)] }
                }
                let tot = out.reduce(0, +)
                if ts.count > 1 && tot == 0 {
                    throw MRIOError(
                        .missingData, "\(c) \(code) \(year): every target (\(ts.joined(separator: ", "))) has zero output in the base table")
                }
                for (t, o) in zip(ts, out) { F[try idx(ci, t)] += v * (ts.count > 1 ? o / tot : 1.0) }
            }
            FY[ci * nf + hh] = try jrc(iso[ci], "FC_HH", year, region: c)
        }
        return (F, FY)
    }

    func jrc(_ country: String, _ sector: String, _ year: Int, region: String) throws -> Double {
        guard let v = data.jrc.value(country, sector: sector, year: year), let value = v else {
            throw DataError(
                .missingBundledData, "no JRC CO2 for \(region) (\(country)) sector \(sector) in \(year) in \(data.jrc.label)", field: country,
                suggestion: "the JRC accounts must cover every country and sector of a year they are used for")
        }
        return value
    }

    /// The countries of `ref` scaled by their growth ref→year in `series` (kt values; factor converts units).
    func scaled(from ref: CO2, ref refYear: Int, year: Int, series: NowcastSeries, factor: Double) throws -> CO2 {
        var out = ref
        for (ci, code) in iso.enumerated() {
            let f = try nationalCO2(series, code, year: year, region: countries[ci]) / nationalCO2(series, code, year: refYear, region: countries[ci])
            for j in (ci * ns)..<((ci + 1) * ns) { out.F[j] *= f }
            for j in (ci * nf)..<((ci + 1) * nf) { out.FY[j] *= f }
        }
        return out
    }

    /// A national CO2 value in kt, converted from the series' unit as the reference implementation does.
    func nationalCO2(_ series: NowcastSeries, _ code: String, year: Int, region: String) throws -> Double {
        guard let v = series.value(code, year: year), let value = v else {
            throw DataError(
                .missingBundledData, "no national CO2 for \(region) (\(code)) in \(year) in \(series.label)", field: code,
                suggestion: "import a release that covers \(year) with `yuheng data import --kind national-co2 FILE`")
        }
        return try Self.kt(value, unit: series.version.unit)
    }

    /// kt CO2 from MtC (× 3.664 × 1000, GCB's factor), t, kt or Mt CO2.
    static func kt(_ v: Double, unit: String) throws -> Double {
        switch unit {
        case "MtC": return v * 3.664 * 1000.0
        case "t CO2": return v / 1000.0
        case "kt CO2": return v
        case "Mt CO2": return v * 1000.0
        default:
            throw DataError(
                .invalidValue, "the national CO2 unit '\(unit)' is not one the nowcast converts", suggestion: "units: MtC, t CO2, kt CO2, Mt CO2")
        }
    }

    /// The rest of the world's CO2 total of a year (kt): the GCB 2022 residual, then its growth in GCB 2024.
    public func restOfWorldCO2(year: Int) throws -> (kt: Double, method: String) {
        let c = coverage
        if year <= c.gcb {
            // Mt CO2 as GCB's MtC × 3.664, the residual × 1000 (the reference's order of operations)
            func mt(_ code: String, _ region: String) throws -> Double {
                let kt = try nationalCO2(data.gcb, code, year: year, region: region)
                guard data.gcb.version.unit == "MtC", let v = data.gcb.value(code, year: year), let mtc = v else { return kt / 1000.0 }
                return mtc * 3.664
            }
            var sum = 0.0
            for (ci, code) in iso.enumerated() { sum += try mt(code, countries[ci]) }
            let world = try mt("WLD", "World"), bunkers = try mt("BUNKERS", "Bunkers"), stat = try mt("STATDIFF", "Statistical Difference")
            return (
                (world - bunkers - stat - sum) * 1000.0,
                "\(data.gcb.version.version) World − Bunkers − Statistical Difference − the \(countries.count) countries"
            )
        }
        func row24(_ y: Int) throws -> Double {
            var sum = 0.0
            for (ci, code) in iso.enumerated() { sum += try nationalCO2(data.owid, code, year: y, region: countries[ci]) }
            let world = try nationalCO2(data.owid, "WLD", year: y, region: "World")
            let air = try nationalCO2(data.owid, "AIR", year: y, region: "International aviation"),
                sea = try nationalCO2(data.owid, "SEA", year: y, region: "International shipping")
            return world - air - sea - sum
        }
        let (ref, _) = try restOfWorldCO2(year: c.gcb)
        return (
            ref * (try row24(year)) / (try row24(c.gcb)),
            "the \(c.gcb) residual × \(data.owid.version.version) growth of World − international aviation − international shipping − the \(countries.count) countries"
        )
    }

    /// Spreads the rest of the world's total over its sectors and households with the base table's RoW profile.
    func spreadRestOfWorld(_ out: inout CO2, year: Int) throws {
        guard let e = base.extensions.first(where: { $0.name == "co2" }), let fy = e.FY else { return }
        let r0 = rowIndex * ns, c0 = rowIndex * nf
        var baseRow = 0.0
        for j in r0..<(r0 + ns) { baseRow += e.F[0, j] }
        for j in c0..<(c0 + nf) { baseRow += fy[0, j] }
        let (total, method) = try restOfWorldCO2(year: year)
        for j in r0..<(r0 + ns) { out.F[j] = e.F[0, j] * total / baseRow }
        for j in c0..<(c0 + nf) { out.FY[j] = fy[0, j] * total / baseRow }
        out.restOfWorld = "\(method), spread with the \(base.year.map(String.init) ?? "base") table's rest-of-the-world profile"
    }
}
