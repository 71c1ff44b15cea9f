/// IPCC 2006 source categories: normalisation of codes and their names.
///
/// Codes are accepted as written in the Guidelines ("1A1a", "1A3ai") or in CRF style
/// ("1.A.1.a", "1.A.3.a.i") and normalised to the dotted form.
public enum IPCCCategory {
    /// Normalises "1A1a", "1.a.1.A", "1 A 1 a" to "1.A.1.a". Levels: digit, upper-case letter,
    /// digit, lower-case letter, roman numeral.
    public static func normalize(_ raw: String) throws -> String {
        let s = raw.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "")
        guard !s.isEmpty else {
            throw InventoryError(
                .missingValue, "the IPCC category is empty", field: "category",
                suggestion: "use a code such as 1.A.1 (energy industries) or 2.A.1 (cement)")
        }
        var levels: [String] = []
        var rest = Substring(s)
        var level = 0
        while !rest.isEmpty {
            switch level {
            case 0, 2:
                let digits = rest.prefix(while: { $0.isNumber })
                guard !digits.isEmpty else { throw bad(raw) }
                levels.append(String(digits)); rest = rest.dropFirst(digits.count)
            case 1:
                guard let c = rest.first, c.isLetter else { throw bad(raw) }
                levels.append(c.uppercased()); rest = rest.dropFirst()
            case 3:
                guard let c = rest.first, c.isLetter else { throw bad(raw) }
                levels.append(c.lowercased()); rest = rest.dropFirst()
            default:
                let roman = rest.prefix(while: { "ivxIVX".contains($0) })
                guard !roman.isEmpty, roman.count == rest.count else { throw bad(raw) }
                levels.append(roman.lowercased()); rest = rest.dropFirst(roman.count)
            }
            level += 1
        }
        return levels.joined(separator: ".")
    }

    private static func bad(_ raw: String) -> InventoryError {
        InventoryError(
            .unknownCategory, "'\(raw)' is not an IPCC category code", field: "category",
            suggestion: "write codes like 1.A.1.a, 1A3b, 2.A.1 or 3.A.1")
    }

    /// Names of the categories Yuheng's Tier 1 methods cover and their parents.
    public static let names: [String: String] = [
        "1": "Energy",
        "1.A": "Fuel combustion activities",
        "1.A.1": "Energy industries",
        "1.A.1.a": "Main activity electricity and heat production",
        "1.A.1.b": "Petroleum refining",
        "1.A.1.c": "Manufacture of solid fuels and other energy industries",
        "1.A.2": "Manufacturing industries and construction",
        "1.A.3": "Transport",
        "1.A.3.a": "Civil aviation",
        "1.A.3.a.i": "International aviation (international bunkers)",
        "1.A.3.a.ii": "Domestic aviation",
        "1.A.3.b": "Road transportation",
        "1.A.3.c": "Railways",
        "1.A.3.d": "Water-borne navigation",
        "1.A.3.d.i": "International water-borne navigation (international bunkers)",
        "1.A.3.d.ii": "Domestic water-borne navigation",
        "1.A.3.e": "Other transportation",
        "1.A.4": "Other sectors",
        "1.A.4.a": "Commercial/institutional",
        "1.A.4.b": "Residential",
        "1.A.4.c": "Agriculture/forestry/fishing/fish farms",
        "1.A.5": "Non-specified",
        "1.B": "Fugitive emissions from fuels",
        "1.B.1": "Solid fuels",
        "1.B.1.a": "Coal mining and handling",
        "1.B.1.a.i": "Underground mines",
        "1.B.1.a.ii": "Surface mines",
        "1.B.2": "Oil and natural gas",
        "1.B.2.a": "Oil",
        "1.B.2.b": "Natural gas",
        "2": "Industrial processes and product use",
        "2.A": "Mineral industry",
        "2.A.1": "Cement production",
        "2.A.2": "Lime production",
        "2.A.3": "Glass production",
        "2.A.4": "Other process uses of carbonates",
        "2.B": "Chemical industry",
        "2.B.1": "Ammonia production",
        "2.B.2": "Nitric acid production",
        "2.B.3": "Adipic acid production",
        "2.B.4": "Caprolactam, glyoxal and glyoxylic acid production",
        "2.B.5": "Carbide production",
        "2.B.6": "Titanium dioxide production",
        "2.B.7": "Soda ash production",
        "2.B.8": "Petrochemical and carbon black production",
        "2.C": "Metal industry",
        "2.C.1": "Iron and steel production",
        "2.C.2": "Ferroalloys production",
        "2.C.3": "Aluminium production",
        "2.C.4": "Magnesium production",
        "2.C.5": "Lead production",
        "2.C.6": "Zinc production",
        "2.D": "Non-energy products from fuels and solvent use",
        "2.D.1": "Lubricant use",
        "2.D.2": "Paraffin wax use",
        "2.F": "Product uses as substitutes for ozone depleting substances",
        "2.F.1": "Refrigeration and air conditioning",
        "2.G": "Other product manufacture and use",
        "2.G.1": "Electrical equipment",
        "3": "Agriculture, forestry and other land use",
        "3.A": "Livestock",
        "3.A.1": "Enteric fermentation",
        "3.A.2": "Manure management",
        "3.B": "Land",
        "3.C": "Aggregate sources and non-CO2 emissions sources on land",
        "3.C.1": "Emissions from biomass burning",
        "3.C.2": "Liming",
        "3.C.3": "Urea application",
        "3.C.4": "Direct N2O emissions from managed soils",
        "3.C.5": "Indirect N2O emissions from managed soils",
        "3.C.6": "Indirect N2O emissions from manure management",
        "3.C.7": "Rice cultivations",
        "4": "Waste",
        "4.A": "Solid waste disposal",
        "4.A.1": "Managed waste disposal sites",
        "4.A.2": "Unmanaged waste disposal sites",
        "4.A.3": "Uncategorised waste disposal sites",
        "4.B": "Biological treatment of solid waste",
        "4.C": "Incineration and open burning of waste",
        "4.C.1": "Waste incineration",
        "4.C.2": "Open burning of waste",
        "4.D": "Wastewater treatment and discharge",
        "4.D.1": "Domestic wastewater treatment and discharge",
        "4.D.2": "Industrial wastewater treatment and discharge"
    ]

    /// The IPCC 2006 name of a category code, e.g. "1.A.1" → "Energy industries"; for a code without a name, the nearest
    /// parent's name followed by the code, and the code itself when no parent is named.
    public static func name(of code: String) -> String {
        var c = code
        while !c.isEmpty {
            if let n = names[c] { return c == code ? n : "\(n) (\(code))" }
            guard let dot = c.lastIndex(of: ".") else { break }
            c = String(c[..<dot])
        }
        return code
    }

    /// International bunkers are memo items, excluded from national totals.
    public static func isInternationalBunker(_ code: String) -> Bool {
        code == "1.A.3.a.i" || code == "1.A.3.d.i"
    }

    /// The Vol 2 Ch 2 stationary-combustion table a category uses (1A1, 1A2, 1A4a, 1A4b, 1A4c).
    public static func stationaryTable(for code: String) -> String? {
        if code == "1.A.1" || code.hasPrefix("1.A.1.") { return "1A1" }
        if code == "1.A.2" || code.hasPrefix("1.A.2.") { return "1A2" }
        if code.hasPrefix("1.A.4.a") { return "1A4a" }
        if code.hasPrefix("1.A.4.b") { return "1A4b" }
        if code.hasPrefix("1.A.4.c") { return "1A4c" }
        return nil
    }

    /// The transport mode of a mobile-combustion category.
    public static func transportMode(for code: String) -> String? {
        if code.hasPrefix("1.A.3.a") { return "aviation" }
        if code.hasPrefix("1.A.3.b") { return "road" }
        if code.hasPrefix("1.A.3.c") { return "rail" }
        if code.hasPrefix("1.A.3.d") { return "navigation" }
        return nil
    }
}

import Foundation
