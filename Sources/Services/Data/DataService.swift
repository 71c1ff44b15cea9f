import Foundation
import YuhengCore
import YuhengData

extension YuhengServices {
    /// The datasets and reference data: registry, factor search, GWP sets, countries, outlines.
    public var data: DataService { DataService(services: self) }
}

/// Reference data as the front ends show it: the registered datasets with their provenance and
/// row counts, the full-text factor search (its answers cached until a dataset changes), GWP
/// sets, countries and their outlines.
///
/// ```swift
/// let hits = try services.data.searchFactors("natural gas residential", limit: 5)
/// let gwp = try services.data.gwp("AR6")
/// ```
public struct DataService: Sendable {
    let services: YuhengServices

    /// Every registered dataset.
    public func datasets() throws -> [DatasetInfo] { try services.db.datasets() }

    /// One dataset with its row counts per table; nil when there is no such dataset.
    public func dataset(_ id: String) throws -> (dataset: DatasetInfo, rows: [String: Int])? {
        guard let d = try services.db.dataset(id) else { return nil }
        return (d, try services.db.rowCounts(dataset: id))
    }

    /// Emission factors matching the words of `query` (prefixes, all must match); the answer of
    /// a query is cached until a dataset changes.
    public func searchFactors(_ query: String, limit: Int = 50) throws -> [FactorHit] {
        let normalized = query.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).joined(separator: " ")
        return try services.cache.value("data.factors", key: "\(limit) \(normalized)", version: try services.datasetsVersion(), cost: 4 << 10) {
            try services.db.searchFactors(query, limit: limit)
        }
    }

    /// A GWP set by name (AR4, AR5, AR6, AR6-GWP20 …).
    public func gwp(_ name: String) throws -> GWPSet { try services.db.gwpLibrary().set(named: name) }

    /// A country of ISO 3166 (by alpha-3 or alpha-2 code, any case).
    public struct Country: Sendable, Hashable {
        /// ISO 3166-1 alpha-3 code, e.g. "CHE" (XKX for Kosovo, a user-assigned code).
        public var iso3: String
        /// ISO 3166-1 alpha-2 code, e.g. "CH".
        public var iso2: String
        /// ISO 3166-1 numeric code as three-digit text, e.g. "756".
        public var numeric: String
        /// ISO 3166-1 short name, e.g. "Switzerland".
        public var name: String
        /// Continent from Natural Earth, e.g. "Europe"; empty when the country has no 1:110m outline.
        public var continent: String
    }

    /// Every country with its ISO 3166 codes.
    public func countries() throws -> [Country] {
        try services.db.countries().map { Country(iso3: $0.iso3, iso2: $0.iso2, numeric: $0.numeric, name: $0.name, continent: $0.continent) }
    }

    /// The country of an alpha-3 or alpha-2 code (any case), or nil.
    public func country(_ code: String) throws -> Country? {
        let c = code.uppercased()
        return try countries().first { $0.iso3 == c || $0.iso2 == c }
    }

    /// Country outlines (Natural Earth 1:110m) by ISO3, cached until a dataset changes.
    public func geometry() throws -> [String: DataService.CountryShape] {
        try services.cache.value("data.geometry", key: "", version: try services.datasetsVersion(), cost: 2 << 20) {
            try services.db.countryGeometry().mapValues { CountryShape(name: $0.name, polygons: $0.polygons) }
        }
    }

    /// A country's outline: polygons, each a list of rings (outer first), each a list of [lon, lat].
    public struct CountryShape: Sendable {
        /// Display name of the country as Natural Earth gives it.
        public var name: String
        /// The outline: polygons, each a list of rings (outer first), each a list of [longitude, latitude] in degrees (3 decimals).
        public var polygons: [[[[Double]]]]
    }
}
