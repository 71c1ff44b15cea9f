import YuhengCore
import YuhengNumerics

/// The greenhouse gases of an input-output account: CO2, CH4 and N2O, or `ghg`, their sum in CO2e.
///
/// ```swift
/// let gas = try MRIOGas.parse("CH4")          // .ch4
/// try MRIOGas.parse("sf6")                   // error listing co2, ch4, n2o, ghg
/// ```
public enum MRIOGas: String, CaseIterable, Sendable, Codable, Hashable {
    case co2, ch4, n2o, ghg

    /// The gas named `text` (any case), or an error listing the valid ones.
    public static func parse(_ text: String) throws -> MRIOGas {
        if let g = MRIOGas(rawValue: text.lowercased().trimmingCharacters(in: .whitespaces)) { return g }
        throw MRIOError(
            .invalidArgument, "unknown gas '\(text)'",
            suggestion: "valid gases: \(allCases.map(\.rawValue).joined(separator: ", ")) (ghg = CO2 + CH4 + N2O in CO2e)")
    }

    /// The row of the characterised extension (``GHGCharacterisation``) that holds this gas.
    public var row: Int { MRIOGas.allCases.firstIndex(of: self)! }

    /// The stressor label of that row: "CO2", "CH4", "N2O", "GHG".
    public var label: String { rawValue.uppercased() }
}

/// GWP100 values of one IPCC assessment for the gases of the bundled tables (kg CO2e per kg).
/// Build it from the data layer's GWP dataset (``init(set:library:)``), never from constants.
///
/// ```swift
/// let ar6 = try GWP100(set: "AR6", library: try db.gwpLibrary())   // CH4 29.8 / 27.0, N2O 273
/// ```
public struct GWP100: Sendable, Codable, Hashable {
    /// The sets the GHG accounts offer.
    public static let validSets = ["AR5", "AR6"]
    /// "AR5" or "AR6".
    public var set: String
    /// GWP100 of CO2, kg CO2e per kg (1 by definition).
    public var co2: Double
    /// GWP100 of fossil CH4 (includes the CO2 from its oxidation), kg CO2e per kg, e.g. 29.8 in AR6.
    public var ch4Fossil: Double
    /// GWP100 of non-fossil (biogenic) CH4, kg CO2e per kg, e.g. 27.0 in AR6.
    public var ch4NonFossil: Double
    /// GWP100 of N2O, kg CO2e per kg, e.g. 273 in AR6.
    public var n2o: Double
    /// The GWP dataset the values come from.
    public var provenance: Provenance?

    /// Memberwise initialiser; prefer ``init(set:library:)``, which takes the values from the data layer.
    public init(set: String, co2: Double = 1, ch4Fossil: Double, ch4NonFossil: Double, n2o: Double, provenance: Provenance? = nil) {
        self.set = set
        self.co2 = co2
        self.ch4Fossil = ch4Fossil
        self.ch4NonFossil = ch4NonFossil
        self.n2o = n2o
        self.provenance = provenance
    }

    /// The values of `set` (AR5 or AR6, GWP100) in a GWP library (the bundled GWP dataset). An unknown
    /// set is an error listing the valid ones; a set without the split CH4 uses its one CH4 value for both.
    public init(set: String, library: GWPLibrary) throws {
        let name = try Self.validate(set)
        do {
            let s = try library.set(named: name)
            self.init(
                set: name, co2: try s.factor(for: .co2), ch4Fossil: try s.factor(for: .ch4, origin: .fossil),
                ch4NonFossil: try s.factor(for: .ch4, origin: .biogenic), n2o: try s.factor(for: .n2o), provenance: s.provenance)
        } catch let e as GWPError {
            throw MRIOError(
                .missingData, "the GWP dataset lacks \(name) GWP100 values: \(e.message)",
                suggestion: "reinstall the bundled datasets (remove the database file)")
        }
    }

    /// The canonical name of a valid set ("ar6" → "AR6"), or an error listing the valid ones.
    public static func validate(_ set: String) throws -> String {
        let s = set.uppercased().replacingOccurrences(of: "-GWP100", with: "").replacingOccurrences(of: " GWP100", with: "")
        guard validSets.contains(s) else {
            throw MRIOError(.invalidArgument, "unknown GWP set '\(set)'", suggestion: "valid GWP sets: \(validSets.joined(separator: ", ")) (GWP100)")
        }
        return s
    }

    /// "AR5 GWP100".
    public var label: String { "\(set) GWP100" }
}

/// The characterised GHG extension: one extension with the rows CO2, CH4, N2O and GHG in kt CO2e,
/// built from a table's `co2` (CO2), `ch4` (CH4_fossil, CH4_nonfossil) and `n2o` (N2O) extensions in kt,
/// so that one solve with (I − A) gives the accounts of every gas at once.
///
/// CH4 = gwp_fossil · CH4_fossil + gwp_nonfossil · CH4_nonfossil; N2O = gwp · N2O; GHG = CO2 + CH4 + N2O.
public enum GHGCharacterisation {
    /// The extension names and stressors it reads.
    public static let sources: [(ext: String, stressors: [String])] = [("co2", ["CO2"]), ("ch4", ["CH4_fossil", "CH4_nonfossil"]), ("n2o", ["N2O"])]

    /// The name of the characterised extension for a GWP set, e.g. "ghg-AR5".
    public static func name(_ gwp: GWP100) -> String { "ghg-\(gwp.set)" }

    /// The characterised extension of `system` (rows CO2, CH4, N2O, GHG; kt CO2e). A table without the
    /// three gas extensions is an error naming what is missing.
    public static func characterised(_ system: MRIOSystem, gwp: GWP100) throws -> MRIOExtension {
        let weights = try factors(system, gwp: gwp)
        var F = DenseMatrix(rows: 4, columns: system.n, repeating: 0)
        var FY = DenseMatrix(rows: 4, columns: system.Y.columns, repeating: 0)
        for (row, parts) in weights.enumerated() {
            for (e, k, w) in parts {
                for j in 0..<system.n { F[row, j] += w * e.F[k, j] }
                if let fy = e.FY { for j in 0..<fy.columns { FY[row, j] += w * fy[k, j] } }
            }
        }
        for j in 0..<system.n { F[3, j] = F[0, j] + F[1, j] + F[2, j] }
        for j in 0..<system.Y.columns { FY[3, j] = FY[0, j] + FY[1, j] + FY[2, j] }
        return MRIOExtension(name: name(gwp), stressors: MRIOGas.allCases.map(\.label), units: Array(repeating: "kt CO2e", count: 4), F: F, FY: FY)
    }

    /// Per output row (CO2, CH4, N2O): the source extension, its stressor row and the weight.
    static func factors(_ system: MRIOSystem, gwp: GWP100) throws -> [[(MRIOExtension, Int, Double)]] {
        let w: [String: Double] = ["CO2": gwp.co2, "CH4_fossil": gwp.ch4Fossil, "CH4_nonfossil": gwp.ch4NonFossil, "N2O": gwp.n2o]
        return try sources.map { src in
            guard let e = system.extensions.first(where: { $0.name.lowercased() == src.ext }) else {
                throw MRIOError(
                    .unknownExtension, "the table \(system.name) has no extension '\(src.ext)' for the GHG accounts",
                    suggestion:
                        "GHG accounts need the extensions co2, ch4 and n2o (the bundled wiodYYYY-ghg tables); its extensions: \(system.extensions.map(\.name).joined(separator: ", "))"
                )
            }
            return try src.stressors.map { s in
                guard let k = e.stressors.firstIndex(of: s) else {
                    throw MRIOError(
                        .unknownStressor, "the extension \(e.name) of \(system.name) has no stressor '\(s)'",
                        suggestion: "its stressors: \(e.stressors.joined(separator: ", "))")
                }
                guard e.units[k].lowercased() == "kt" else {
                    throw MRIOError(
                        .invalidArgument, "\(e.name)/\(s) is in \(e.units[k]), the GHG accounts need kt", suggestion: "convert the extension to kt")
                }
                return (e, k, w[s]!)
            }
        }
    }
}

extension ExtensionAccounts {
    /// The accounts of one stressor row as an extension of its own (no new solve: every matrix is sliced).
    public func row(_ k: Int, name: String? = nil) -> ExtensionAccounts {
        func r(_ m: DenseMatrix) -> DenseMatrix { (try? DenseMatrix(rows: 1, columns: m.columns, columnMajor: m.row(k))) ?? m }
        return ExtensionAccounts(
            name: name ?? "\(self.name):\(stressors[k])", stressors: [stressors[k]], units: [units[k]], S: r(S), M: r(M),
            cbaRegion: r(cbaRegion), pbaRegion: r(pbaRegion), impRegion: r(impRegion), expRegion: r(expRegion),
            ibaRegion: ibaRegion.map(r), fyRegion: r(fyRegion), cba: cba.map(r), pba: pba.map(r), imp: imp.map(r), exp: exp.map(r),
            originDestination: [originDestination[k]])
    }
}
