/// A region: a country identified by its ISO 3166-1 alpha-3 code, or a named aggregate
/// (e.g. "RoW", "WLD", "EU27") used by input-output tables.
public struct Region: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let code: String
    public var name: String

    /// Creates a region; `code` must be three upper-case ASCII letters for an ISO country,
    /// or any non-empty identifier when `aggregate` is true.
    public init(code: String, name: String? = nil, aggregate: Bool = false) throws {
        let c = code.trimmingCharacters(in: .whitespaces)
        if !aggregate {
            guard Region.isISO3(c) else {
                throw CoreError(code: .invalidCode, message: "'\(code)' is not an ISO 3166-1 alpha-3 country code (three upper-case letters, e.g. CHN, USA, DEU)")
            }
        } else if c.isEmpty {
            throw CoreError(code: .invalidCode, message: "a region code must not be empty")
        }
        self.code = c
        self.name = name ?? c
    }

    public static func isISO3(_ s: String) -> Bool {
        s.count == 3 && s.allSatisfy { $0.isASCII && $0.isUppercase && $0.isLetter }
    }

    public var description: String { code }
    public static func < (a: Region, b: Region) -> Bool { a.code < b.code }
}

/// An economic sector or product in a classification (ISIC, NACE, EXIOBASE, IPCC category).
public struct Sector: Hashable, Sendable, Codable, CustomStringConvertible {
    public let code: String
    public var name: String
    public var classification: String

    public init(code: String, name: String, classification: String = "") {
        self.code = code
        self.name = name
        self.classification = classification
    }

    public var description: String { code }
}

/// A general error of the domain core, with a machine-readable code.
public struct CoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable { case invalidCode, invalidValue, malformedInput }
    public let code: Code
    public let message: String
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
}

import Foundation
