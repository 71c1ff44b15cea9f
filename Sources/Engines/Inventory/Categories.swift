/// IPCC 2006 source categories: normalisation of codes and their names.
///
/// Codes are accepted as written in the Guidelines ("1A1a", "1A3ai") or in CRF style
/// ("1.A.1.a", "1.A.3.a.i") and normalised to the dotted form.
public enum IPCCCategory {
    /// Normalises "1A1a", "1.a.1.A", "1 A 1 a" to "1.A.1.a". Levels: digit, upper-case letter,
    /// digit, lower-case letter, roman numeral.
    public static func normalize(_ raw: String) throws -> String {
        let s = raw.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "")
        guard !s.isEmpty else { throw InventoryError(.missingValue, "the IPCC category is empty", field: "category", suggestion: "use a code such as 1.A.1 (energy industries) or 2.A.1 (cement)") }
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
        InventoryError(.unknownCategory, "'\(raw)' is not an IPCC category code", field: "category",
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
        "2": "Industrial processes and product use",
        "2.A": "Mineral industry",
        "2.A.1": "Cement production",
        "3": "Agriculture, forestry and other land use",
        "3.A": "Livestock",
        "3.A.1": "Enteric fermentation",
    ]

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
