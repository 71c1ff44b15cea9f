import YuhengCore
import YuhengNumerics

/// An environmentally extended multi-regional input-output system, as read from a table.
///
/// Rows and columns of `Z`, `A`, `F` are region-sector pairs in region-major order: index
/// `r * sectors.count + s`. Final demand `Y` has one column per (region, category), region-major.
/// Give either `Z` (flows) or `A` (coefficients); `x` is optional when `Z` is given (then
/// x = Z·1 + Y·1, as pymrio computes it) and when only `A` and `Y` are given (x = L·Y·1).
///
/// ```swift
/// let system = try MRIOSystem(name: "demo", regions: ["R1", "R2"], sectors: ["agri", "manu"],
///                             finalDemandCategories: ["hh"], Z: z, Y: y, extensions: [co2])
/// let accounts = try MRIOEngine(system).accounts()
/// ```
public struct MRIOSystem: Sendable {
    /// Name of the table shown in reports, e.g. "EXIOBASE 3.8 ixi 2019".
    public var name: String
    /// Region labels (unique), usually ISO3 codes plus aggregates such as "WA" or "RoW".
    public var regions: [String]
    /// Sector (or product) codes (unique); titles in `sectorNames`.
    public var sectors: [String]
    /// Final-demand categories per region, e.g. "CONS_h", "CONS_g", "GFCF", "INVEN"; Y has R·C columns.
    public var finalDemandCategories: [String]
    /// Intermediate flows, n × n (monetary).
    public var Z: DenseMatrix?
    /// Intermediate flows held sparse instead of ``Z`` (a large table with few non-zeros, read with
    /// `sparseFlows`): ``LeontiefModel`` then builds (I − A) sparse and iterates without a dense n × n
    /// matrix. Operations that need dense flows (aggregation, storing) ask for ``denseZ``.
    public var sparseZ: SparseMatrix?
    /// Coefficients held sparse instead of ``A`` (EXIOBASE's A.txt read with `sparseFlows`), as ``sparseZ`` is for flows.
    public var sparseA: SparseMatrix?
    /// Technical coefficients, n × n.
    public var A: DenseMatrix?
    /// Gross output, n.
    public var x: [Double]?
    /// Final demand, n × (R·C).
    public var Y: DenseMatrix
    /// Satellite accounts (emissions and other stressors) by region-sector.
    public var extensions: [MRIOExtension]
    /// Monetary unit of Z, Y and x (e.g. "M.EUR", "M.USD").
    public var monetaryUnit: String
    /// Population by region, for per-capita accounts.
    public var population: [String: Double]?
    /// Dataset, version and licence of the table, when known.
    public var provenance: Provenance?
    /// The year the table describes, when known.
    public var year: Int?
    /// What a reader tolerated or converted (empty cells read as 0, labels aligned by name, metadata
    /// that disagreed with the files, coefficients converted to flows, region codes renamed, …).
    public var warnings: [String] = []
    /// Extensions that could not be read, by name, with the reason (the others were read).
    public var skippedExtensions: [String: String] = [:]
    /// Names of the sector codes, when the classification is known (e.g. WIOD's `26` → "Other
    /// non-metallic minerals"); see ``sectorTitle(_:)`` and ``SectorLookup``.
    public var sectorNames: [String: String] = [:]

    /// A system from Z (or A) with x, Y and the extensions, validated.
    ///
    /// - throws: ``MRIOError`` `.shape` for dimensions that disagree or an empty system, `.labels` for duplicate labels,
    /// `.nonFinite` or `.negativeOutput` for bad values, `.missingData` when neither Z nor A is given.
    public init(
        name: String, regions: [String], sectors: [String], finalDemandCategories: [String],
        Z: DenseMatrix? = nil, A: DenseMatrix? = nil, x: [Double]? = nil, Y: DenseMatrix,
        extensions: [MRIOExtension] = [], monetaryUnit: String = "", population: [String: Double]? = nil,
        provenance: Provenance? = nil, year: Int? = nil, sparseZ: SparseMatrix? = nil, sparseA: SparseMatrix? = nil
    ) throws {
        self.sparseZ = sparseZ
        self.sparseA = sparseA
        self.name = name
        self.year = year
        self.regions = regions
        self.sectors = sectors
        self.finalDemandCategories = finalDemandCategories
        self.Z = Z
        self.A = A
        self.x = x
        self.Y = Y
        self.extensions = extensions
        self.monetaryUnit = monetaryUnit
        self.population = population
        self.provenance = provenance
        try validate()
    }

    /// Number of region-sectors, R × S (the order of Z, A and x).
    public var n: Int { regions.count * sectors.count }

    /// The flows dense: ``Z``, else ``sparseZ`` expanded; nil when the system has coefficients only.
    public var denseZ: DenseMatrix? { Z ?? sparseZ?.toDense() }

    /// "REGION:SECTOR" label of index i.
    public func label(_ i: Int) -> String { "\(regions[i / sectors.count]):\(sectors[i % sectors.count])" }

    /// Region index of region-sector index i.
    public func region(of i: Int) -> Int { i / sectors.count }

    func validate() throws {
        let n = self.n
        guard n > 0 else { throw MRIOError(.shape, "the system has no region-sectors") }
        guard Set(regions).count == regions.count else { throw MRIOError(.labels, "duplicate region labels") }
        guard Set(sectors).count == sectors.count else { throw MRIOError(.labels, "duplicate sector labels") }
        guard Z != nil || A != nil || sparseZ != nil || sparseA != nil else {
            throw MRIOError(.missingData, "give Z (flows) or A (coefficients)", suggestion: "a pymrio folder needs Z.txt or A.txt")
        }
        for (name, m) in [("Z", Z), ("A", A)] {
            guard let m else { continue }
            guard m.rows == n, m.columns == n else {
                throw MRIOError(
                    .shape, "\(name) is \(m.rows) × \(m.columns) but \(regions.count) regions × \(sectors.count) sectors need \(n) × \(n)")
            }
            if let bad = firstNonFinite(m) { throw MRIOError(.nonFinite, "\(name) has a non-finite value at \(label(bad.0)), \(label(bad.1))") }
        }
        for (name, held) in [("Z", sparseZ), ("A", sparseA)] {
            guard let z = held else { continue }
            guard z.rows == n, z.columns == n else {
                throw MRIOError(
                    .shape, "\(name) is \(z.rows) × \(z.columns) but \(regions.count) regions × \(sectors.count) sectors need \(n) × \(n)")
            }
            if !z.isFinite,
                let j = (0..<n).first(where: { j in (Int(z.columnPointers[j])..<Int(z.columnPointers[j + 1])).contains { !z.values[$0].isFinite } })
            {
                let p = (Int(z.columnPointers[j])..<Int(z.columnPointers[j + 1])).first { !z.values[$0].isFinite }!
                throw MRIOError(.nonFinite, "\(name) has a non-finite value at \(label(Int(z.rowIndices[p]))), \(label(j))")
            }
        }
        guard Y.rows == n else { throw MRIOError(.shape, "Y has \(Y.rows) rows, expected \(n)") }
        guard Y.columns == regions.count * finalDemandCategories.count else {
            throw MRIOError(
                .shape,
                "Y has \(Y.columns) columns, expected \(regions.count) regions × \(finalDemandCategories.count) categories = \(regions.count * finalDemandCategories.count)"
            )
        }
        if let bad = firstNonFinite(Y) { throw MRIOError(.nonFinite, "Y has a non-finite value at row \(label(bad.0)), column \(bad.1)") }
        if let x {
            guard x.count == n else { throw MRIOError(.shape, "x has \(x.count) entries, expected \(n)") }
            for (i, v) in x.enumerated() {
                guard v.isFinite else { throw MRIOError(.nonFinite, "x is not finite at \(label(i))") }
                guard v >= 0 else {
                    throw MRIOError(
                        .negativeOutput, "gross output is negative at \(label(i)) (\(v))",
                        suggestion: "check the table: gross output must be zero or positive")
                }
            }
        }
        for e in extensions {
            guard e.F.columns == n else { throw MRIOError(.shape, "extension \(e.name): F has \(e.F.columns) columns, expected \(n)") }
            guard e.F.rows == e.stressors.count else {
                throw MRIOError(.shape, "extension \(e.name): F has \(e.F.rows) rows for \(e.stressors.count) stressors")
            }
            if let bad = firstNonFinite(e.F) {
                throw MRIOError(.nonFinite, "extension \(e.name): F is not finite for \(e.stressors[bad.0]) at \(label(bad.1))")
            }
            if let fy = e.FY {
                guard fy.rows == e.stressors.count, fy.columns == Y.columns else {
                    throw MRIOError(.shape, "extension \(e.name): F_Y is \(fy.rows) × \(fy.columns), expected \(e.stressors.count) × \(Y.columns)")
                }
                if let bad = firstNonFinite(fy) {
                    throw MRIOError(.nonFinite, "extension \(e.name): F_Y is not finite for \(e.stressors[bad.0]), column \(bad.1)")
                }
            }
        }
    }

    private func firstNonFinite(_ m: DenseMatrix) -> (Int, Int)? {
        if m.isFinite { return nil }
        for j in 0..<m.columns { for i in 0..<m.rows where !m[i, j].isFinite { return (i, j) } }
        return nil
    }
}

/// A satellite account: stressors (rows) by region-sector (columns), and their direct final-demand part.
public struct MRIOExtension: Sendable {
    /// Extension name, e.g. "air_emissions" or "ghg".
    public var name: String
    /// Stressor labels, e.g. "CO2" or "emission_type1 | air" (name and compartment).
    public var stressors: [String]
    /// Unit of each stressor, e.g. "kg" or "kt CO2e", in the order of `stressors`.
    public var units: [String]
    /// k × n
    public var F: DenseMatrix
    /// k × (R·C), emissions of final demand itself (household fuel use); optional.
    public var FY: DenseMatrix?

    /// Memberwise initialiser; F is k × n and FY, when given, k × (R·C).
    public init(name: String, stressors: [String], units: [String], F: DenseMatrix, FY: DenseMatrix? = nil) {
        self.name = name
        self.stressors = stressors
        self.units = units
        self.F = F
        self.FY = FY
    }
}

/// An error in an input-output system or its calculation.
public struct MRIOError: YuhengError, Equatable {
    /// The failures of an input-output system or calculation (qualified as `mrio.<code>`).
    public enum Code: String, ErrorCode, Codable {
        case shape, labels, nonFinite, negativeOutput, nonProductive, singular, missingData, unknownExtension, unknownStressor, unknownRegion,
            invalidArgument, malformedFile

        /// The kind of failure of this code (it decides the HTTP status and the exit status).
        public var kind: ErrorKind {
            switch self {
            case .shape, .labels, .nonFinite, .negativeOutput, .invalidArgument, .malformedFile: .invalidInput
            case .nonProductive, .singular: .computation
            case .missingData, .unknownExtension, .unknownStressor, .unknownRegion: .notFound
            }
        }
    }
    /// "mrio", the prefix of the qualified codes.
    public static let domain = "mrio"
    /// What failed.
    public let code: Code
    /// What is wrong, in words, naming the region-sector, label or value where it can.
    public let message: String
    /// How to fix it, e.g. the available extensions or stressors.
    public var suggestion: String?
    /// The table file at fault, when the error comes from reading one.
    public var file: String?

    /// An error with its code, message and, where known, a suggestion and the file.
    public init(_ code: Code, _ message: String, suggestion: String? = nil, file: String? = nil) {
        self.code = code
        self.message = message
        self.suggestion = suggestion
        self.file = file
    }

    /// The file of the error, or nil when none is known.
    public var location: ErrorLocation? { ErrorLocation.make(file: file) }
}
