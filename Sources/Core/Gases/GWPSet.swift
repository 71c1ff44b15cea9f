/// A set of global warming potentials: one IPCC assessment report and one metric.
///
/// Build one from tabular rows (the bundled `gwp.csv` or the database):
///
/// ```swift
/// let ar5 = try GWPSet(assessment: "AR5", metric: .gwp100, values: ["CO2": 1, "CH4": 28, "N2O": 265])
/// try ar5.factor(for: .ch4)                    // 28
/// try ar5.co2e(3.58, of: .ch4)                 // 100.24
/// ```
///
/// AR6 distinguishes fossil from non-fossil methane (29.8 and 27.0 for GWP100, IPCC AR6 WGI
/// Table 7.15). When a set has the species `CH4_fossil` / `CH4_nonfossil`, ``factor(for:origin:)``
/// uses them; otherwise the single `CH4` value applies to both.
public struct GWPSet: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The climate metric and time horizon of a set: global warming potential over 20, 100 or 500 years, or global temperature-change potential over 100 years.
    public enum Metric: String, Sendable, Codable, Hashable, CaseIterable {
        case gwp100 = "GWP100"
        case gwp20 = "GWP20"
        case gwp500 = "GWP500"
        case gtp100 = "GTP100"
    }

    /// "SAR", "TAR", "AR4", "AR5", "AR6" (or "AR5CCF", with climate-carbon feedbacks).
    public let assessment: String
    /// The metric and horizon of every value in the set (GWP100 for inventories under the UNFCCC and the GHG Protocol).
    public let metric: Metric
    /// Species name -> factor (kg CO2e per kg of the species).
    public let values: [String: Double]
    /// The dataset the values come from (e.g. the bundled IPCC table), or nil for a set built in code.
    public var provenance: Provenance?

    /// A set of `values` (species name → kg CO2e per kg) for one assessment report and metric.
    ///
    /// `CO2` is added with factor 1 when missing. Throws ``GWPError`` `.invalidValue` when a value is negative, NaN or infinite.
    public init(assessment: String, metric: Metric, values: [String: Double], provenance: Provenance? = nil) throws {
        self.assessment = assessment
        self.metric = metric
        var v = values
        if v["CO2"] == nil { v["CO2"] = 1 }
        for (k, x) in v where !(x.isFinite && x >= 0) {
            throw GWPError(
                code: .invalidValue, message: "GWP of \(k) in \(assessment) \(metric.rawValue) is \(x); GWP values must be finite and non-negative")
        }
        self.values = v
        self.provenance = provenance
    }

    /// A compact label, e.g. "AR5 GWP100".
    public var description: String { "\(assessment) \(metric.rawValue)" }

    /// The name the set is looked up by in ``GWPLibrary/set(named:)``: the assessment alone for GWP100 ("AR5"), else "AR6-GWP20".
    public var id: String { metric == .gwp100 ? assessment : "\(assessment)-\(metric.rawValue)" }

    /// The CO2-equivalence factor of `gas`; throws if the set does not list it.
    public func factor(for gas: Gas, origin: CarbonOrigin = .fossil) throws -> Double {
        if gas == .ch4 {
            let split = origin == .fossil ? "CH4_fossil" : "CH4_nonfossil"
            if let f = values[split] { return f }
        }
        if let f = values[gas.name] { return f }
        throw GWPError(
            code: .unknownGas,
            message: "\(description) has no value for \(gas.name); known species include \(values.keys.sorted().prefix(8).joined(separator: ", ")) …")
    }

    /// Mass of CO2-equivalent for `mass` of `gas` (same mass unit in and out).
    public func co2e(_ mass: Double, of gas: Gas, origin: CarbonOrigin = .fossil) throws -> Double {
        mass * (try factor(for: gas, origin: origin))
    }
}

/// An error about global warming potentials: a set or a gas that is not known, or a value that
/// is not a GWP.
///
/// ```swift
/// try library.set(named: "AR99")   // GWPError gwp.unknownSet, field 'gwp': "unknown GWP set 'AR99'; available: …"
/// ```
public struct GWPError: YuhengError, Equatable {
    /// What went wrong with a GWP lookup or value.
    public enum Code: String, ErrorCode {
        /// The set has no value for the gas (data are missing, the gas name may be right).
        case unknownGas
        /// No set of that name (the sets are a fixed list: AR4, AR5, AR6 and their metrics).
        case unknownSet
        /// A GWP that is negative or not finite.
        case invalidValue

        /// The kind of failure of this code (it decides the HTTP status and the exit status).
        public var kind: ErrorKind { self == .unknownGas ? .notFound : .invalidInput }
    }
    /// "gwp", the prefix of the qualified codes.
    public static let domain = "gwp"
    /// The machine-readable code (`gwp.unknownGas`, `gwp.unknownSet`, `gwp.invalidValue`).
    public let code: Code
    /// What went wrong, naming the set and the species, e.g. "AR5 GWP100 has no value for HFC999".
    public let message: String
    /// The parameter that named the set or gas (`gwp` for a set, as every front end calls it).
    public var field: String?

    /// An error; `field` names the parameter when it is known.
    public init(code: Code, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// The field that named the set or gas, when known (e.g. `gwp`); no file or line.
    public var location: ErrorLocation? { ErrorLocation.make(file: nil, field: field) }
}

/// A collection of GWP sets, looked up by names such as "AR5", "AR6", "AR6-GWP20" or "AR4 GWP100".
public struct GWPLibrary: Sendable {
    /// Every set of the library, sorted by assessment and metric when built from rows.
    public let sets: [GWPSet]

    /// A library of already-built sets.
    public init(sets: [GWPSet]) { self.sets = sets }

    /// Builds sets from rows of (species, assessment, metric, value), as in the bundled gwp.csv.
    public init(rows: [(species: String, assessment: String, metric: String, value: Double)], provenance: Provenance? = nil) throws {
        try self.init(
            rows: rows.map { ($0.species, $0.assessment, $0.metric, $0.value, "") }, provenance: provenance.map { ["": $0] } ?? [:])
    }

    /// Builds sets from rows that name their dataset (the database's bundled and imported GWP values). A set's
    /// provenance is its dataset's, or, for a set that draws on several (the bundled AR6 GWP100 with a species
    /// added by the user), all of theirs joined: ids with " + ", the rest with "; ".
    public init(
        rows: [(species: String, assessment: String, metric: String, value: Double, dataset: String)], provenance: [String: Provenance]
    ) throws {
        var grouped: [String: (values: [String: Double], datasets: [String])] = [:]
        for r in rows {
            let key = "\(r.assessment)|\(r.metric)"
            grouped[key, default: ([:], [])].values[Gas.canonical(r.species)] = r.value
            if !grouped[key]!.datasets.contains(r.dataset) { grouped[key]!.datasets.append(r.dataset) }
        }
        var sets: [GWPSet] = []
        for (key, g) in grouped.sorted(by: { $0.key < $1.key }) {
            let p = key.split(separator: "|").map(String.init)
            guard let metric = GWPSet.Metric(rawValue: p[1]) else { continue }
            let parts = g.datasets.sorted { ($0 == "gwp" ? 0 : 1, $0) < ($1 == "gwp" ? 0 : 1, $1) }.compactMap { provenance[$0] }
            let combined =
                parts.count <= 1
                ? parts.first
                : Provenance(
                    datasetID: parts.map(\.datasetID).joined(separator: " + "), version: parts.map(\.version).joined(separator: "; "),
                    source: parts.map(\.source).joined(separator: "; "), licence: parts.map(\.licence).joined(separator: "; "))
            sets.append(try GWPSet(assessment: p[0], metric: metric, values: g.values, provenance: combined))
        }
        self.sets = sets
    }

    /// Looks up a set by name: "AR5" (GWP100 implied), "AR6-GWP20", "AR6 GWP20", "ar4".
    public func set(named name: String) throws -> GWPSet {
        let cleaned = name.uppercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        let parts = cleaned.split(separator: "-").map(String.init)
        let assessment = parts.first ?? ""
        let metric = parts.count > 1 ? GWPSet.Metric(rawValue: parts[1]) : .gwp100
        if let m = metric, let s = sets.first(where: { $0.assessment.uppercased() == assessment && $0.metric == m }) {
            return s
        }
        let names = sets.map(\.id).joined(separator: ", ")
        throw GWPError(code: .unknownSet, message: "unknown GWP set '\(name)'; available: \(names)", field: "gwp")
    }
}

import Foundation
