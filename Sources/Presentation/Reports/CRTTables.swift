import Foundation
import YuhengCore
import YuhengInventory

/// The summary tables of the UNFCCC Common Reporting Tables (CRT) built from an inventory result:
/// Summary 1 (emissions by category and gas, kt, F-gases in kt CO2e) and Summary 2 (kt CO2e by gas
/// and sector). Pure functions: text in, text out.
///
/// IPCC 2006 categories are mapped to the CRT's sector numbering (agriculture is CRT sector 3,
/// LULUCF 4, waste 5): e.g. 3.A.2 → 3.B, 3.C.4/3.C.5 → 3.D, 3.C.7 → 3.C, 4.A → 5.A; forest-fire
/// CH4 and N2O go to LULUCF 4.A. Cells without data carry the notation key NE (not estimated) and
/// gases that do not occur in a category with data NA.
public enum CRTTables {
    /// The gas columns of Summary 1 and 2, in the CRT's order; the raw value is the column header.
    public enum Column: String, CaseIterable, Sendable {
        case co2 = "CO2", ch4 = "CH4", n2o = "N2O", hfcs = "HFCs", pfcs = "PFCs", mix = "Unspecified mix of HFCs and PFCs", sf6 = "SF6", nf3 = "NF3"
    }

    /// A CRT row: code, name, and depth (0 = total, 1 = sector, 2 = category, 3 = memo).
    public struct Row: Sendable, Hashable {
        /// CRT row code, e.g. "1.A.1" ("total" for the national total).
        public var code: String
        /// Row label as the CRT prints it, e.g. "Energy industries".
        public var name: String
        /// Indentation level: 0 total, 1 sector (e.g. "1"), 2 category ("1.A"), 3 subcategory ("1.A.1").
        public var depth: Int
    }

    /// A summary table ready for CSV: title, units, header and cells.
    public struct Table: Sendable {
        /// Table title, e.g. "Summary 1: emissions by category and gas — 2022".
        public var title: String
        /// The units line, e.g. "kt CO2e (AR5)".
        public var units: String
        /// Column headers: the label columns, then the gas columns and "Total".
        public var header: [String]
        /// Rows: label cells followed by value cells (numbers or notation keys).
        public var rows: [[String]]
        /// The numeric cells (nil for a notation key), parallel to `rows`' value cells.
        public var values: [[Double?]]
        /// Notes printed under the table: notation keys, the IPCC → CRT mapping, memo items and the GWP set.
        public var notes: [String]
    }

    /// The rows of Summary 1 in CRT order: the national total, then sectors 1–6 with their categories.
    public static let summary1Rows: [Row] = [
        Row(code: "total", name: "Total national emissions and removals", depth: 0),
        Row(code: "1", name: "Energy", depth: 1),
        Row(code: "1.A", name: "Fuel combustion — sectoral approach", depth: 2),
        Row(code: "1.A.1", name: "Energy industries", depth: 3), Row(code: "1.A.2", name: "Manufacturing industries and construction", depth: 3),
        Row(code: "1.A.3", name: "Transport", depth: 3), Row(code: "1.A.4", name: "Other sectors", depth: 3),
        Row(code: "1.A.5", name: "Other", depth: 3),
        Row(code: "1.B", name: "Fugitive emissions from fuels", depth: 2),
        Row(code: "1.B.1", name: "Solid fuels", depth: 3),
        Row(code: "1.B.2", name: "Oil and natural gas and other emissions from energy production", depth: 3),
        Row(code: "1.C", name: "CO2 transport and storage", depth: 2),
        Row(code: "2", name: "Industrial processes and product use", depth: 1),
        Row(code: "2.A", name: "Mineral industry", depth: 2), Row(code: "2.B", name: "Chemical industry", depth: 2),
        Row(code: "2.C", name: "Metal industry", depth: 2),
        Row(code: "2.D", name: "Non-energy products from fuels and solvent use", depth: 2), Row(code: "2.E", name: "Electronic industry", depth: 2),
        Row(code: "2.F", name: "Product uses as substitutes for ODS", depth: 2),
        Row(code: "2.G", name: "Other product manufacture and use", depth: 2),
        Row(code: "2.H", name: "Other", depth: 2),
        Row(code: "3", name: "Agriculture", depth: 1),
        Row(code: "3.A", name: "Enteric fermentation", depth: 2), Row(code: "3.B", name: "Manure management", depth: 2),
        Row(code: "3.C", name: "Rice cultivation", depth: 2), Row(code: "3.D", name: "Agricultural soils", depth: 2),
        Row(code: "3.E", name: "Prescribed burning of savannas", depth: 2),
        Row(code: "3.F", name: "Field burning of agricultural residues", depth: 2),
        Row(code: "3.G", name: "Liming", depth: 2), Row(code: "3.H", name: "Urea application", depth: 2),
        Row(code: "3.I", name: "Other carbon-containing fertilizers", depth: 2), Row(code: "3.J", name: "Other", depth: 2),
        Row(code: "4", name: "Land use, land-use change and forestry", depth: 1),
        Row(code: "4.A", name: "Forest land", depth: 2), Row(code: "4.B", name: "Cropland", depth: 2), Row(code: "4.C", name: "Grassland", depth: 2),
        Row(code: "4.D", name: "Wetlands", depth: 2), Row(code: "4.E", name: "Settlements", depth: 2), Row(code: "4.F", name: "Other land", depth: 2),
        Row(code: "4.G", name: "Harvested wood products", depth: 2), Row(code: "4.H", name: "Other", depth: 2),
        Row(code: "5", name: "Waste", depth: 1),
        Row(code: "5.A", name: "Solid waste disposal", depth: 2), Row(code: "5.B", name: "Biological treatment of solid waste", depth: 2),
        Row(code: "5.C", name: "Incineration and open burning of waste", depth: 2),
        Row(code: "5.D", name: "Waste water treatment and discharge", depth: 2),
        Row(code: "5.E", name: "Other", depth: 2),
        Row(code: "6", name: "Other (as specified in summary 1)", depth: 1)
    ]

    static let forestVegetation: Set<String> = ["tropical_forest", "temperate_forest", "boreal_forest", "shifting_cultivation"]

    /// The CRT row of an IPCC 2006 category (and, for biomass burning, of its vegetation).
    public static func crtCode(ipcc code: String, item: String = "") -> String {
        let p = code.split(separator: ".").map(String.init)
        guard let s = p.first else { return "6" }
        func join(_ n: Int) -> String { p.prefix(n).joined(separator: ".") }
        switch s {
        case "1":
            if p.count >= 3, p[1] == "A" { return join(3) }
            if p.count >= 3, p[1] == "B" { return join(3) }
            if p.count >= 2 { return join(2) }
            return "1"
        case "2":
            return p.count >= 2 ? join(2) : "2"
        case "3":
            guard p.count >= 2 else { return "3" }
            switch p[1] {
            case "A": return p.count >= 3 && p[2] == "2" ? "3.B" : "3.A"
            case "B":
                let land = ["1": "4.A", "2": "4.B", "3": "4.C", "4": "4.D", "5": "4.E", "6": "4.F"]
                return p.count >= 3 ? (land[p[2]] ?? "4.H") : "4"
            case "C":
                guard p.count >= 3 else { return "3.J" }
                switch p[2] {
                case "1":
                    if p.count >= 4 { return ["a": "4.A", "b": "3.F", "c": "3.E", "d": "4.F"][p[3]] ?? "3.J" }
                    if forestVegetation.contains(item) { return "4.A" }
                    if item == "crop_residue" { return "3.F" }
                    if item.hasSuffix("peatland") { return "4.D" }
                    return "3.E"
                case "2": return "3.G"
                case "3": return "3.H"
                case "4", "5": return "3.D"
                case "6": return "3.B"
                case "7": return "3.C"
                default: return "3.J"
                }
            case "D": return "4.G"
            default: return "3.J"
            }
        case "4":
            return p.count >= 2 ? "5.\(p[1])" : "5"
        default:
            return "6"
        }
    }

    /// The CRT column of a gas: CO2, CH4, N2O, SF6, NF3, HFCs (any "HFC…"), PFCs (CF4, C2F6, … or "PFC…"), else the unspecified mix.
    public static func column(of gas: String) -> Column {
        switch gas {
        case "CO2": return .co2
        case "CH4": return .ch4
        case "N2O": return .n2o
        case "SF6": return .sf6
        case "NF3": return .nf3
        default:
            if gas.hasPrefix("HFC") { return .hfcs }
            if gas.hasPrefix("PFC") || ["CF4", "C2F6", "C3F8", "cC4F8", "c-C4F8", "C4F10", "C5F12", "C6F14"].contains(gas) { return .pfcs }
            return .mix
        }
    }

    /// Accumulated emissions by CRT row: tonnes of gas (CO2, CH4, N2O) and t CO2e (all columns).
    struct Cells {
        var tonnes: [String: [Column: Double]] = [:]
        var co2e: [String: [Column: Double]] = [:]
    }

    static func accumulate(_ r: InventoryResult) -> Cells {
        var c = Cells()
        for s in r.sources where s.memo == nil {
            let row = crtCode(ipcc: s.category, item: s.item)
            for e in s.emissions where !e.memo && e.note == nil {
                let col = column(of: e.gas.name)
                var codes = [row]
                var x = row
                while let dot = x.lastIndex(of: ".") { x = String(x[..<dot]); codes.append(x) }
                if row.count > 1 { codes.append(String(row.prefix(1))) }
                codes.append("total")
                for code in Set(codes) {
                    c.tonnes[code, default: [:]][col, default: 0] += e.tonnes
                    c.co2e[code, default: [:]][col, default: 0] += e.co2eTonnes
                }
            }
        }
        return c
    }

    /// Summary 1: emissions by category (rows) and gas (columns). CO2, CH4, N2O in kt of gas; HFCs,
    /// PFCs, SF6, NF3 and the total in kt CO2e.
    public static func summary1(_ r: InventoryResult, year: Int?) -> Table {
        let cells = accumulate(r)
        var rows: [[String]] = [], values: [[Double?]] = []
        for row in summary1Rows {
            var v: [Double?] = []
            let has = cells.co2e[row.code] != nil
            for col in Column.allCases {
                let x: Double?
                if [.co2, .ch4, .n2o].contains(col) {
                    x = cells.tonnes[row.code]?[col].map { $0 / 1000 }
                } else {
                    x = cells.co2e[row.code]?[col].map { $0 / 1000 }
                }
                v.append(x)
            }
            let total = cells.co2e[row.code].map { $0.values.reduce(0, +) / 1000 }
            v.append(total)
            rows.append(
                [row.code == "total" ? "" : row.code, String(repeating: "  ", count: max(0, row.depth - 1)) + row.name]
                    + v.map { $0.map(number) ?? (has ? "NA" : "NE") })
            values.append(v)
        }
        // memo items
        let memo: [(String, String, [Double?])] = [
            ("memo", "Memo items:", [nil, nil, nil, nil, nil, nil, nil, nil, nil]),
            ("bunkers", "International bunkers", bunkerCells(r)),
            ("bunkers.aviation", "  Aviation", bunkerCells(r, prefix: "1.A.3.a.i")),
            ("bunkers.navigation", "  Navigation", bunkerCells(r, prefix: "1.A.3.d.i")),
            ("biomass", "CO2 emissions from biomass", [r.memo.biogenicCO2Tonnes / 1000, nil, nil, nil, nil, nil, nil, nil, nil])
        ]
        for (code, name, v) in memo {
            rows.append(
                ["", name]
                    + v.enumerated().map { i, x in
                        x.map(number) ?? (code == "memo" ? "" : (i == 0 || (code.hasPrefix("bunkers") && i < 3) ? "NE" : ""))
                    })
            values.append(v)
        }
        return Table(
            title: "Summary 1: emissions by category and gas" + (year.map { " — \($0)" } ?? ""),
            units: "kt of gas for CO2, CH4 and N2O; kt CO2e for HFCs, PFCs, the unspecified mix, SF6, NF3 and the total (\(r.gwp))",
            header: ["Code", "Category"] + Column.allCases.map(\.rawValue) + ["Total (kt CO2e)"], rows: rows, values: values,
            notes: notes(r))
    }

    static func bunkerCells(_ r: InventoryResult, prefix: String? = nil) -> [Double?] {
        var t: [Column: Double] = [:], e = 0.0
        var any = false
        for s in r.sources where s.memo != nil && (prefix.map { s.category.hasPrefix($0) } ?? true) {
            for g in s.emissions where !g.memo {
                t[column(of: g.gas.name), default: 0] += g.tonnes
                e += g.co2eTonnes
                any = true
            }
        }
        guard any else { return [nil, nil, nil, nil, nil, nil, nil, nil, nil] }
        return [t[.co2].map { $0 / 1000 }, t[.ch4].map { $0 / 1000 }, t[.n2o].map { $0 / 1000 }, nil, nil, nil, nil, nil, e / 1000]
    }

    static func notes(_ r: InventoryResult) -> [String] {
        [
            "Notation keys: NE = not estimated (no activity data in the file), NA = not applicable (the gas does not arise from the estimated sources).",
            "IPCC 2006 categories are mapped to the CRT: 3.A.2 and 3.C.6 → 3.B, 3.C.7 → 3.C, 3.C.4 and 3.C.5 → 3.D, 3.C.1 by vegetation (savanna/grassland → 3.E, crop residues → 3.F, forest → 4.A, peat → 4.D), 3.C.2 → 3.G, 3.C.3 → 3.H, 4.x → 5.x.",
            "International bunkers and CO2 from biomass are memo items, not in the totals. GWP: \(r.gwp)."
        ]
    }

    /// Summary 2: kt CO2e by gas (columns) and sector (rows), with totals with and without LULUCF.
    public static func summary2(_ r: InventoryResult, year: Int?) -> Table {
        let cells = accumulate(r)
        let sectors: [(String, String)] = [
            ("1", "1. Energy"), ("2", "2. Industrial processes and product use"), ("3", "3. Agriculture"),
            ("4", "4. Land use, land-use change and forestry"), ("5", "5. Waste"), ("6", "6. Other")
        ]
        var rows: [[String]] = [], values: [[Double?]] = []
        func line(_ label: String, _ v: [Double?], empty: String) {
            rows.append([label] + v.map { $0.map(number) ?? empty })
            values.append(v)
        }
        func vec(_ code: String) -> [Double?] {
            let c = cells.co2e[code]
            let v = Column.allCases.map { col in c?[col].map { $0 / 1000 } }
            return v + [c.map { $0.values.reduce(0, +) / 1000 }]
        }
        var withoutLULUCF = [Double?](repeating: nil, count: Column.allCases.count + 1)
        for (code, _) in sectors where code != "4" {
            for (i, x) in vec(code).enumerated() { if let x { withoutLULUCF[i] = (withoutLULUCF[i] ?? 0) + x } }
        }
        line("Total CO2 equivalent emissions without LULUCF", withoutLULUCF, empty: "NA")
        line("Total CO2 equivalent emissions with LULUCF", vec("total"), empty: "NA")
        for (code, name) in sectors { line(name, vec(code), empty: cells.co2e[code] == nil ? "NE" : "NA") }
        let b = bunkerCells(r)
        line(
            "Memo items: international bunkers", [bunkerCO2e(r, .co2), bunkerCO2e(r, .ch4), bunkerCO2e(r, .n2o), nil, nil, nil, nil, nil, b[8]],
            empty: "NE")
        line("Memo items: CO2 emissions from biomass", [r.memo.biogenicCO2Tonnes / 1000, nil, nil, nil, nil, nil, nil, nil, nil], empty: "")
        return Table(
            title: "Summary 2: emissions in CO2 equivalents by gas and sector" + (year.map { " — \($0)" } ?? ""),
            units: "kt CO2e (\(r.gwp))", header: ["Sector"] + Column.allCases.map(\.rawValue) + ["Total"], rows: rows, values: values,
            notes: notes(r))
    }

    static func bunkerCO2e(_ r: InventoryResult, _ col: Column) -> Double? {
        var e: Double? = nil
        for s in r.sources where s.memo != nil {
            for g in s.emissions where !g.memo && column(of: g.gas.name) == col { e = (e ?? 0) + g.co2eTonnes / 1000 }
        }
        return e
    }

    /// Numbers in the tables: kt with up to 3 decimals (no grouping in CSV).
    public static func number(_ x: Double) -> String {
        if x == 0 { return "0" }
        let s = String(format: "%.3f", x)
        return s
    }

    /// CSV of a table: a title line, a units line (both as comments), the header and the rows.
    public static func csv(_ t: Table) -> String {
        func esc(_ s: String) -> String {
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            return trimmed.contains(",") || trimmed.contains("\"") ? "\"" + trimmed.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : trimmed
        }
        var out = "# \(t.title)\n# \(t.units)\n"
        out += t.header.map(esc).joined(separator: ",") + "\n"
        for r in t.rows { out += r.map(esc).joined(separator: ",") + "\n" }
        for n in t.notes { out += "# \(n)\n" }
        return out
    }
}
