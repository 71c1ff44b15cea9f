import Foundation
import YuhengCore

/// The kinds of nowcast input a release can be imported as (`yuheng data import --kind …`).
public enum NowcastInputKind: String, CaseIterable, Sendable, Codable {
    /// GDP in current US$ by country (World Bank WDI NY.GDP.MKTP.CD).
    case gdp
    /// National fossil CO2 (Global Carbon Budget, directly or through Our World in Data).
    case nationalCO2 = "national-co2"
    /// EDGAR CH4 and N2O by country and sector (Mt CO2e, AR5).
    case edgar
    /// JRC CO2 emission accounts by country and NACE Rev.2 sector (kt).
    case jrcCO2 = "jrc-co2"

    /// The kind named `text`, or an error listing the valid ones.
    public static func parse(_ text: String) throws -> NowcastInputKind {
        guard let k = NowcastInputKind(rawValue: text.lowercased()) else {
            throw DataError(
                .invalidValue, "unknown kind of nowcast input '\(text)'", field: "kind",
                suggestion: "kinds: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return k
    }

    /// The dataset a release of this kind extends by default (the one the nowcast reads).
    public var defaultDataset: String {
        switch self {
        case .gdp: "worldbank-gdp"
        case .nationalCO2: "owid-national-co2"
        case .edgar: "edgar-ch4-n2o"
        case .jrcCO2: "jrc-co2-accounts"
        }
    }

    /// The published layouts the importer reads, for messages.
    public var layouts: String {
        switch self {
        case .gdp:
            "World Bank WDI CSV (\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",1960,…), the datasets/gdp CSV (Country Name,Country Code,Year,Value) or Yuheng's wide series (code,name,sector,gas,<years>)"
        case .nationalCO2: "Our World in Data grapher CSV (Entity,Code,Year,<CO2 in t>) or Yuheng's wide series (code,name,sector,gas,<years>)"
        case .edgar:
            "the EDGAR booklet's GHG_by_sector_and_country sheet as CSV (Substance,Sector,EDGAR Country Code,Country,<years> or iso3_edgar,country,substance,sector,<years>) or Yuheng's wide series"
        case .jrcCO2:
            "the JRC accounts as long CSV (country,sector_code,sector_desc,year,co2_kt) or Yuheng's wide series (code,name,sector,gas,<years>)"
        }
    }
}

/// One value of a nowcast input series: a code (country or aggregate), a sector and gas where the
/// dataset has them (else ""), a year and the value (nil: published as blank, "no estimate").
public struct NowcastInputRow: Sendable, Hashable, Codable {
    /// ISO 3166-1 alpha-3 code of the country, or an aggregate code (e.g. "WLD", "BUNKERS").
    public var code: String
    /// Display name of the country or aggregate as the file gives it (may be empty).
    public var name: String
    /// Sector code (EDGAR sector or NACE code) where the dataset has sectors, else "".
    public var sector: String
    /// Gas ("CH4", "N2O") where the dataset has several, else "".
    public var gas: String
    /// The calendar year of the value.
    public var year: Int
    /// The value in the dataset's unit; nil when published blank ("no estimate").
    public var value: Double?
}

/// A file read in one of the layouts of its kind.
struct ParsedNowcastInput {
    var layout: String
    var unit: String?
    var rows: [NowcastInputRow]
    var skipped: [String]
}

/// Readers of the published layouts and of Yuheng's own wide series schema (`code,name,sector,gas,<years>`).
enum NowcastInputLayouts {
    static func parse(kind: NowcastInputKind, text: String, file: String) throws -> ParsedNowcastInput {
        let body = strippedPreamble(text)
        let reader = try TableReader(file: file, text: body, required: [])
        let h = Set(reader.table.header)
        let parsed: ParsedNowcastInput
        if ["code", "name", "sector", "gas"].allSatisfy(h.contains) {
            parsed = ParsedNowcastInput(
                layout: "yuheng wide series", unit: nil,
                rows: try wide(
                    reader,
                    key: { r in
                        (
                            try reader.string(r, "code"), try reader.string(r, "name", required: false),
                            try reader.string(r, "sector", required: false),
                            try reader.string(r, "gas", required: false)
                        )
                    }), skipped: [])
        } else {
            switch kind {
            case .gdp: parsed = try gdp(reader, header: h)
            case .nationalCO2: parsed = try owid(reader, header: h)
            case .edgar: parsed = try edgar(reader, header: h)
            case .jrcCO2: parsed = try jrc(reader, header: h)
            }
        }
        guard !parsed.rows.isEmpty else {
            throw DataError(
                .malformedFile, "no values were found", file: file, suggestion: "a \(kind.rawValue) file in one of these layouts: \(kind.layouts)")
        }
        try checkDuplicates(parsed.rows, file: file)
        return parsed
    }

    /// Drops the metadata lines the World Bank puts above its header ("Data Source", "Last Updated Date").
    static func strippedPreamble(_ text: String) -> String {
        guard text.hasPrefix("\"Data Source\"") || text.hasPrefix("Data Source") || text.hasPrefix("\u{FEFF}\"Data Source\"") else { return text }
        guard let r = text.range(of: "\"Country Name\"") ?? text.range(of: "Country Name") else { return text }
        return String(text[text.index(r.lowerBound, offsetBy: 0)...])
    }

    static func unknownLayout(_ kind: NowcastInputKind, _ reader: TableReader) -> DataError {
        DataError(
            .malformedFile, "the columns (\(reader.table.header.prefix(6).joined(separator: ", "))…) are not a layout of a \(kind.rawValue) file",
            file: reader.file, line: 1, suggestion: "layouts read: \(kind.layouts)")
    }

    /// Rows of a wide file: one row per key, one column per 4-digit year.
    static func wide(
        _ reader: TableReader, key: (CSVTable.Row) throws -> (String, String, String, String), keep: (CSVTable.Row) throws -> Bool = { _ in true }
    ) throws -> [NowcastInputRow] {
        let years = reader.table.header.compactMap { h -> (String, Int)? in
            guard h.count == 4, let y = Int(h), (1800...2200).contains(y) else { return nil }
            return (h, y)
        }
        guard !years.isEmpty else { throw DataError(.malformedFile, "the header has no year columns", file: reader.file, line: 1) }
        var out: [NowcastInputRow] = []
        for r in reader.rows where try keep(r) {
            let (code, name, sector, gas) = try key(r)
            for (col, y) in years {
                out.append(NowcastInputRow(code: code, name: name, sector: sector, gas: gas, year: y, value: try reader.optionalNumber(r, col)))
            }
        }
        return out
    }

    static func gdp(_ reader: TableReader, header h: Set<String>) throws -> ParsedNowcastInput {
        if h.isSuperset(of: ["Country Name", "Country Code", "Year", "Value"]) {
            let rows = try reader.rows.map { r in
                NowcastInputRow(
                    code: try reader.string(r, "Country Code"), name: try reader.string(r, "Country Name", required: false), sector: "", gas: "",
                    year: try reader.int(r, "Year"), value: try reader.optionalNumber(r, "Value"))
            }
            return ParsedNowcastInput(layout: "datasets/gdp CSV", unit: "US$ (current)", rows: rows, skipped: [])
        }
        if h.isSuperset(of: ["Country Name", "Country Code", "Indicator Code"]) {
            var skipped = Set<String>()
            let rows = try wide(
                reader, key: { r in (try reader.string(r, "Country Code"), try reader.string(r, "Country Name", required: false), "", "") },
                keep: { r in
                    let code = try reader.string(r, "Indicator Code", required: false)
                    if code != "NY.GDP.MKTP.CD" { skipped.insert(code) }
                    return code == "NY.GDP.MKTP.CD"
                })
            return ParsedNowcastInput(
                layout: "World Bank WDI CSV (NY.GDP.MKTP.CD)", unit: "US$ (current)", rows: rows,
                skipped: skipped.sorted().map { "indicator \($0)" })
        }
        throw unknownLayout(.gdp, reader)
    }

    /// OWID grapher: `Entity,Code,Year,<value>` in t CO2; World (OWID_WRL) → WLD, international aviation and
    /// shipping → AIR, SEA; other rows without a code (continents, income groups) are left out.
    static func owid(_ reader: TableReader, header h: Set<String>) throws -> ParsedNowcastInput {
        guard h.isSuperset(of: ["Entity", "Code", "Year"]), reader.table.header.count == 4 else { throw unknownLayout(.nationalCO2, reader) }
        let col = reader.table.header[3]
        var rows: [NowcastInputRow] = [], skipped = Set<String>()
        for r in reader.rows {
            let entity = try reader.string(r, "Entity")
            var code = try reader.string(r, "Code", required: false)
            if entity == "International aviation" {
                code = "AIR"
            } else if entity == "International shipping" {
                code = "SEA"
            } else if code == "OWID_WRL" {
                code = "WLD"
            }
            guard !code.isEmpty else { skipped.insert(entity); continue }
            rows.append(
                NowcastInputRow(
                    code: code, name: entity, sector: "", gas: "", year: try reader.int(r, "Year"), value: try reader.optionalNumber(r, col)))
        }
        return ParsedNowcastInput(
            layout: "Our World in Data grapher CSV (\(col))", unit: "t CO2", rows: rows,
            skipped: skipped.isEmpty
                ? [] : ["\(skipped.count) aggregates without a code (e.g. \(skipped.sorted().prefix(3).joined(separator: ", ")))"])
    }

    /// EDGAR: CH4 and N2O rows (substances GWP_100_AR5_CH4 / _N2O, or CH4 / N2O); other substances are left out.
    static func edgar(_ reader: TableReader, header h: Set<String>) throws -> ParsedNowcastInput {
        let cols: (code: String, name: String, substance: String, sector: String)
        if h.isSuperset(of: ["iso3_edgar", "country", "substance", "sector"]) {
            cols = ("iso3_edgar", "country", "substance", "sector")
        } else if h.isSuperset(of: ["EDGAR Country Code", "Country", "Substance", "Sector"]) {
            cols = ("EDGAR Country Code", "Country", "Substance", "Sector")
        } else {
            throw unknownLayout(.edgar, reader)
        }
        let gasOf = ["GWP_100_AR5_CH4": "CH4", "GWP_100_AR5_N2O": "N2O", "CH4": "CH4", "N2O": "N2O"]
        var skipped = Set<String>()
        let rows = try wide(
            reader,
            key: { r in
                (
                    try reader.string(r, cols.code), try reader.string(r, cols.name, required: false), try reader.string(r, cols.sector),
                    gasOf[try reader.string(r, cols.substance)] ?? ""
                )
            },
            keep: { r in
                let s = try reader.string(r, cols.substance)
                if gasOf[s] == nil { skipped.insert(s) }
                return gasOf[s] != nil
            })
        return ParsedNowcastInput(
            layout: "EDGAR GHG_by_sector_and_country (CSV)", unit: "Mt CO2e (AR5 GWP100)", rows: rows,
            skipped: skipped.sorted().map { "substance \($0)" })
    }

    static func jrc(_ reader: TableReader, header h: Set<String>) throws -> ParsedNowcastInput {
        guard h.isSuperset(of: ["country", "sector_code", "year", "co2_kt"]) else { throw unknownLayout(.jrcCO2, reader) }
        let rows = try reader.rows.map { r in
            NowcastInputRow(
                code: try reader.string(r, "country"), name: "", sector: try reader.string(r, "sector_code"), gas: "",
                year: try reader.int(r, "year"), value: try reader.optionalNumber(r, "co2_kt"))
        }
        return ParsedNowcastInput(layout: "JRC CO2 accounts, long CSV", unit: "kt CO2", rows: rows, skipped: [])
    }

    static func checkDuplicates(_ rows: [NowcastInputRow], file: String) throws {
        var seen = Set<String>()
        for r in rows {
            let k = "\(r.code)|\(r.sector)|\(r.gas)|\(r.year)"
            guard seen.insert(k).inserted else {
                throw DataError(
                    .malformedFile, "\(r.code) \(r.sector) \(r.gas) \(r.year) appears twice", file: file,
                    suggestion: "each code, sector, gas and year may have one value")
            }
            if let v = r.value, !v.isFinite { throw DataError(.invalidValue, "\(r.code) \(r.year) is not finite", file: file) }
        }
    }
}
