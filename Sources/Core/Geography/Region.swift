/// A region: a country identified by its ISO 3166-1 alpha-3 code, or a named aggregate
/// (e.g. "RoW", "WLD", "EU27") used by input-output tables.
public struct Region: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The region code: ISO 3166-1 alpha-3 for a country ("CHN"), or the table's own identifier for an aggregate ("RoW").
    public let code: String
    /// Display name shown in tables, e.g. "China"; the code itself when no name was given.
    public var name: String

    /// Creates a region; `code` must be three upper-case ASCII letters for an ISO country,
    /// or any non-empty identifier when `aggregate` is true.
    public init(code: String, name: String? = nil, aggregate: Bool = false) throws {
        let c = code.trimmingCharacters(in: .whitespaces)
        if !aggregate {
            guard Region.isISO3(c) else {
                throw CoreError(
                    code: .invalidCode, message: "'\(code)' is not an ISO 3166-1 alpha-3 country code (three upper-case letters, e.g. CHN, USA, DEU)")
            }
        } else if c.isEmpty {
            throw CoreError(code: .invalidCode, message: "a region code must not be empty")
        }
        self.code = c
        self.name = name ?? c
    }

    /// Whether `s` has the form of an ISO 3166-1 alpha-3 code (exactly three upper-case ASCII letters); it does not check the code is assigned.
    public static func isISO3(_ s: String) -> Bool {
        s.count == 3 && s.allSatisfy { $0.isASCII && $0.isUppercase && $0.isLetter }
    }

    /// The region code, e.g. "DEU".
    public var description: String { code }
    /// Alphabetical order of codes.
    public static func < (a: Region, b: Region) -> Bool { a.code < b.code }
}

/// An economic sector or product in a classification (ISIC, NACE, EXIOBASE, IPCC category).
public struct Sector: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The sector code in its classification, e.g. "C24" (NACE), "1A1a" (IPCC) or an EXIOBASE product code.
    public let code: String
    /// Display name of the sector, e.g. "Manufacture of basic metals".
    public var name: String
    /// The classification the code belongs to ("ISIC", "NACE", "EXIOBASE", "IPCC"); empty when unknown.
    public var classification: String

    /// A sector; `classification` may be left empty when the table does not say.
    public init(code: String, name: String, classification: String = "") {
        self.code = code
        self.name = name
        self.classification = classification
    }

    /// The sector code.
    public var description: String { code }
}

/// A general error of the domain core (a region code, a CSV text, a text encoding), with a
/// machine-readable code. Every code is bad input.
public struct CoreError: YuhengError, Equatable {
    /// What was wrong with the input: `invalidCode` (a region code), `invalidValue` (a number), `malformedInput` (CSV or other text).
    public enum Code: String, ErrorCode {
        case invalidCode, invalidValue, malformedInput

        /// The kind of failure of this code (it decides the HTTP status and the exit status).
        public var kind: ErrorKind { .invalidInput }
    }
    /// "core", the prefix of the qualified codes.
    public static let domain = "core"
    /// The machine-readable code (`core.invalidCode`, `core.invalidValue`, `core.malformedInput`).
    public let code: Code
    /// What was wrong, with the line number for CSV text.
    public let message: String
    /// An error with its code and message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
}

import Foundation

/// Finding a region of a table by what a user types: the table's own code or the ISO 3166-1 alpha-3
/// code, in any case. Input-output tables keep a few historical codes (WIOD writes Romania as ROM,
/// ISO as ROU), so both are accepted everywhere a region is asked for.
///
/// ```swift
/// RegionCodes.index(of: "rou", in: ["DEU", "ROM", "RoW"])   // 1
/// RegionCodes.iso3(ofTableCode: "ROM")                      // "ROU"
/// ```
public enum RegionCodes {
    /// Table codes that differ from ISO 3166-1 alpha-3: table code → ISO code.
    public static let tableToISO: [String: String] = ["ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "ADO": "AND", "KSV": "XKX"]

    /// The ISO code of a table's region code (the code itself when it is not a known exception).
    public static func iso3(ofTableCode code: String) -> String { tableToISO[code.uppercased()] ?? code.uppercased() }

    /// The index of the region `text` names in `regions`: an exact match, else a match ignoring
    /// case, else a match through the ISO code; nil when none matches.
    public static func index(of text: String, in regions: [String]) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let i = regions.firstIndex(of: t) { return i }
        let u = t.uppercased()
        if let i = regions.firstIndex(where: { $0.uppercased() == u }) { return i }
        return regions.firstIndex(where: { iso3(ofTableCode: $0) == u })
    }

    /// The table code `text` names in `regions`, or nil.
    public static func code(of text: String, in regions: [String]) -> String? { index(of: text, in: regions).map { regions[$0] } }
}
