import Foundation
import YuhengCore
import YuhengMRIO
import YuhengNumerics

extension NowcastSatellites {
    /// The extensions co2, ch4 and n2o of `year` (kt) with notes and the datasets used.
    public func extensions(year: Int) throws -> Year {
        let co2 = try co2(year: year)
        var blanks = 0
        let (ch4, n2o) = try edgarExtensions(year: year, co2: co2, blanks: &blanks)
        let C = base.regions.count * nf
        let ext = [
            MRIOExtension(
                name: "co2", stressors: ["CO2"], units: ["kt"], F: try DenseMatrix(rows: 1, columns: base.n, columnMajor: co2.F),
                FY: try DenseMatrix(rows: 1, columns: C, columnMajor: co2.FY)),
            MRIOExtension(
                name: "ch4", stressors: ["CH4_fossil", "CH4_nonfossil"], units: ["kt", "kt"], F: try DenseMatrix(rowMajor: ch4.F),
                FY: try DenseMatrix(rowMajor: ch4.FY)),
            MRIOExtension(name: "n2o", stressors: ["N2O"], units: ["kt"], F: try DenseMatrix(rowMajor: n2o.F), FY: try DenseMatrix(rowMajor: n2o.FY))
        ]
        var notes = [
            "CO2 of the \(countries.count) countries: \(co2.countries)",
            "CO2 of the rest of the world: \(co2.restOfWorld)",
            "CH4 and N2O: \(data.edgar.version.version) of \(year) (Mt CO2e with AR5 GWP100, back to mass with CH4 28, N2O 265), concorded to the industries and households by the EDGAR–WIOD concordance (CO2 key: the \(year) CO2; output key: the base table's stored output); rest of the world = EDGAR global total − the \(countries.count) countries − international aviation − international shipping (those are in no region)",
            "CH4 is tagged fossil or non-fossil by its EDGAR sector (Agriculture, Waste, Buildings non-fossil)"
        ]
        if blanks > 0 { notes.append("\(blanks) blank EDGAR cells (no estimate) among the countries count as 0") }
        return Year(
            year: year, extensions: ext, notes: notes, datasets: co2.datasets + [data.edgar.version.provenance, data.concordances.provenance],
            co2Vintage: co2.vintage)
    }

    /// F and F_Y rows of CH4 (fossil, non-fossil) and N2O, rounded to 1e-6 kt as the tables are.
    func edgarExtensions(year: Int, co2: CO2, blanks: inout Int) throws -> ((F: [[Double]], FY: [[Double]]), (F: [[Double]], FY: [[Double]])) {
        let byRegion = try edgarByRegion(year: year, blanks: &blanks)
        var out: [String: (F: [[Double]], FY: [[Double]])] = [:]
        for (gas, rows) in [("CH4", 2), ("N2O", 1)] {
            out[gas] = (
                Array(repeating: Array(repeating: 0, count: base.n), count: rows),
                Array(repeating: Array(repeating: 0, count: base.regions.count * nf), count: rows)
            )
        }
        for ri in base.regions.indices {
            for gas in ["CH4", "N2O"] {
                for s in Self.edgarSectors {
                    let vkt = byRegion[ri]["\(gas)|\(s)"]! * 1000.0 / Self.edgarGWP[gas]!
                    if vkt == 0 { continue }
                    try allocate(vkt, region: ri, gas: gas, sector: s, year: year, co2: co2, into: &out[gas]!)
                }
            }
        }
        let round = { (v: Double) -> Double in (v * 1e6).rounded(.toNearestOrEven) / 1e6 }
        for g in out.keys { out[g] = (out[g]!.F.map { $0.map(round) }, out[g]!.FY.map { $0.map(round) }) }
        return (out["CH4"]!, out["N2O"]!)
    }

    /// Mt CO2e per region (countries, then RoW = global − countries − AIR − SEA), keyed "gas|sector".
    func edgarByRegion(year: Int, blanks: inout Int) throws -> [[String: Double]] {
        var out: [[String: Double]] = []
        for (ci, c) in countries.enumerated() {
            let code = iso[ci]
            guard data.edgar.has(code: code) else {
                throw DataError(
                    .missingBundledData, "\(data.edgar.label) has no rows for \(c) (\(code))", field: code,
                    suggestion: "EDGAR must cover every country of the table")
            }
            var m: [String: Double] = [:]
            for gas in ["CH4", "N2O"] {
                for s in Self.edgarSectors {
                    // a missing row is a blank (no estimate, counted as 0 as the tables do); a row without the year means
                    // the release does not cover it
                    let row = data.edgar.values["\(code)|\(s)|\(gas)"]
                    if let row, row[year] == nil { throw noEDGAR(year: year, code: code, region: c) }
                    let v = row?[year].flatMap { $0 }
                    if v == nil { blanks += 1 }
                    m["\(gas)|\(s)"] = v ?? 0
                }
            }
            out.append(m)
        }
        var row: [String: Double] = [:]
        for gas in ["CH4", "N2O"] {
            for s in Self.edgarSectors {
                guard let g = data.edgar.value("GLOBAL TOTAL", sector: s, gas: gas, year: year), let gt = g else {
                    throw noEDGAR(year: year, code: "GLOBAL TOTAL", region: "the world")
                }
                let bunkers =
                    (data.edgar.value("AIR", sector: s, gas: gas, year: year).flatMap { $0 } ?? 0)
                    + (data.edgar.value("SEA", sector: s, gas: gas, year: year).flatMap { $0 } ?? 0)
                var sum = 0.0
                for m in out { sum += m["\(gas)|\(s)"]! }
                let rem = gt - sum - bunkers
                guard rem >= -(5e-6 * gt + 1e-9) else {
                    throw MRIOError(
                        .invalidArgument,
                        "the rest of the world's \(gas) \(s) \(year) would be \(rem) Mt CO2e: the countries exceed EDGAR's global total",
                        suggestion: "check the EDGAR release (\(data.edgar.label))")
                }
                row["\(gas)|\(s)"] = max(rem, 0)
            }
        }
        return out + [row]
    }

    func noEDGAR(year: Int, code: String, region: String) -> DataError {
        DataError(
            .missingBundledData, "no EDGAR CH4/N2O for \(region) (\(code)) in \(year) in \(data.edgar.label)", field: code,
            suggestion:
                "import a newer EDGAR release with `yuheng data import --kind edgar FILE`; years held: \(data.edgar.version.firstYear ?? 0)–\(data.edgar.version.lastYear ?? 0)"
        )
    }

    /// Splits kt of one gas and EDGAR sector of a region over the concordance's targets.
    func allocate(_ vkt: Double, region ri: Int, gas: String, sector: String, year: Int, co2: CO2, into out: inout (F: [[Double]], FY: [[Double]]))
        throws
    {
        guard let rule = data.concordances.edgar["\(sector)|\(gas)"] else {
            throw MRIOError(.missingData, "the EDGAR–WIOD concordance has no rule for \(sector) \(gas)")
        }
        let row = gas != "CH4" || rule.origin == "fossil" ? 0 : 1
        let x = base.x ?? []
        func weight(_ t: String, _ key: String) throws -> Double {
            if t == "CONS_h" { return key == "jrc_co2" ? co2.FY[ri * nf + hh] : 0 }
            guard let s = base.sectors.firstIndex(of: t) else {
                throw MRIOError(.labels, "the EDGAR concordance targets '\(t)', not a sector of the base table")
            }
            return key == "jrc_co2" ? co2.F[ri * ns + s] : x[ri * ns + s]
        }
        var weights: [Double] = rule.key == "1:1" ? [1] : try rule.targets.map { try weight($0, rule.key) }
        if weights.reduce(0, +) <= 0 && rule.key == "jrc_co2" { weights = try rule.targets.map { try weight($0, "output") } }
        let tot = weights.reduce(0, +)
        guard tot > 0 else {
            throw MRIOError(
                .missingData, "\(base.regions[ri]) \(gas) \(sector) \(year): every target (\(rule.targets.joined(separator: ", "))) has a zero key")
        }
        for (t, w) in zip(rule.targets, weights) where w != 0 {
            let share = rule.targets.count > 1 ? w / tot : 1.0
            if t == "CONS_h" { out.FY[row][ri * nf + hh] += vkt * share; continue }
            let i = ri * ns + base.sectors.firstIndex(of: t)!
            guard x[i] > 0 else {
                throw MRIOError(.missingData, "\(base.label(i)) \(year): \(gas) of \(sector) would land on a cell with zero output in the base table")
            }
            out.F[row][i] += vkt * share
        }
    }
}
