import YuhengCore
import YuhengNumerics

/// The solved core of an input-output system: gross output x, one LU factorisation of (I − A),
/// and — when kept — the coefficient matrix A. The Leontief inverse L = (I − A)⁻¹ is never formed:
/// every product with L or Lᵀ is a solve with the factors.
///
/// ```swift
/// let model = try LeontiefModel(system, keepA: false)   // smallest memory: only the LU
/// let totalOutput = try model.leontief(finalDemand)      // L · y
/// ```
public struct LeontiefModel: Sendable {
    /// Region labels of the system.
    public let regions: [String]
    /// Sector labels of the system.
    public let sectors: [String]
    /// Gross output used for coefficients (stored x, or Z·1 + Y·1 as pymrio computes it).
    public let x: [Double]
    /// Technical coefficients (only when `keepA` was true).
    public let A: DenseMatrix?
    /// Column sums of A (inputs per unit output); used for value added and diagnostics.
    public let inputShares: [Double]
    /// The LU factorisation of (I − A), computed once: every L·y is a pair of triangular solves, never an inverse.
    public let lu: DenseLU
    /// Which method solved the system, for reports.
    public let solver: String
    /// LAPACK's reciprocal condition estimate of (I − A) in the 1-norm, when computed.
    public let reciprocalCondition: Double?

    /// Number of region-sectors, R × S.
    public var n: Int { x.count }

    /// "REGION:SECTOR" label of region-sector index i.
    public func label(_ i: Int) -> String { "\(regions[i / sectors.count]):\(sectors[i % sectors.count])" }

    /// Builds (I − A) from Z and x (or takes A), checks that the system is productive and factorises it.
    ///
    /// - Throws: ``MRIOError`` `.nonProductive` naming the region-sector whose inputs per unit of
    ///   output reach 1 or more, `.singular` naming the pivot's region-sector when (I − A) is singular.
    /// Warnings found while building the model (e.g. negative value added that was allowed).
    public let warnings: [String]
    /// Wall-clock seconds of each phase (for `YUHENG_TIMING=1` reports and benchmarks).
    public private(set) var phases: [(String, Double)] = []

    /// - Parameter strictColumnSums: a column of A summing to 1 or more means intermediate inputs at
    ///   least as large as output (negative value added). Real tables have such columns (WIOD 2011:
    ///   LUX:61 with 1.125, from rounded gross output), and so does pymrio's small test system, and
    ///   they are still productive (spectral radius of A below 1). By default such columns give a
    ///   warning naming them and productivity is checked through the output multipliers (every
    ///   column sum of L must be at least 1 when A ≥ 0); with `strictColumnSums` they are an error.
    public init(_ system: MRIOSystem, keepA: Bool = true, conditionEstimate: Bool = false, strictColumnSums: Bool = false) throws {
        var copy = system
        try self.init(consuming: &copy, keepA: keepA, conditionEstimate: conditionEstimate, strictColumnSums: strictColumnSums)
    }

    /// Like ``init(_:keepA:conditionEstimate:strictColumnSums:)``, but takes over the storage of
    /// `system.Z` (or `A`) and turns it into (I − A) and then its LU factors in place: `system.Z`
    /// is nil afterwards. When the caller holds the only reference, no second n × n matrix is
    /// allocated — at EXIOBASE scale (n ≈ 10 000) that is 800 MB saved.
    public init(consuming system: inout MRIOSystem, keepA: Bool = false, conditionEstimate: Bool = false, strictColumnSums: Bool = false) throws {
        var timing = PhaseTimer()
        let n = system.n
        regions = system.regions
        sectors = system.sectors
        let regionLabels = system.regions, sectorLabels = system.sectors
        let label: (Int) -> String = { "\(regionLabels[$0 / sectorLabels.count]):\(sectorLabels[$0 % sectorLabels.count])" }
        var xs: [Double]
        if let given = system.x {
            xs = given
        } else if let Z = system.Z {
            // pymrio calc_x: row sums of [Z | Y].
            let zr = Z.rowSums, yr = system.Y.rowSums
            xs = (0..<n).map { zr[$0] + yr[$0] }
        } else {
            xs = [] // computed after the factorisation from A and Y
        }
        if !xs.isEmpty {
            for (i, v) in xs.enumerated() where v < 0 {
                throw MRIOError(
                    .negativeOutput, "gross output of \(label(i)) is negative (\(v))",
                    suggestion: "inventory changes belong in final demand; output itself must not be negative")
            }
        }
        // M = I − A, built column by column in the storage of Z (or A).
        let fromZ = system.Z != nil
        var m: DenseMatrix
        if let z = system.Z { m = z } else { m = system.A! }
        system.Z = nil
        system.A = nil
        var colSums = [Double](repeating: 0, count: n)
        m.withUnsafeMutableElements { mm in
            for j in 0..<n {
                let base = j * n
                let inv = fromZ ? (xs[j] != 0 ? 1 / xs[j] : 0) : 1
                var s = 0.0
                for i in 0..<n {
                    let a = mm[base + i] * inv
                    mm[base + i] = -a
                    s += a
                }
                mm[base + j] += 1
                colSums[j] = s
            }
        }
        timing.mark("build I − A")
        // Productivity: a column of A summing to 1 or more (with non-negative entries) cannot be produced.
        var warnings: [String] = []
        for j in 0..<n where colSums[j] >= 1 {
            if strictColumnSums {
                throw MRIOError(
                    .nonProductive,
                    "the system is not productive: inputs to \(label(j)) sum to \(colSums[j]) per unit of output (a column of A must sum to less than 1)",
                    suggestion:
                        "check Z and x for \(label(j)): gross output must exceed the intermediate inputs it uses (without --strict, columns like this are accepted with a warning when the whole system is still productive)"
                )
            }
            warnings.append("inputs to \(label(j)) sum to \(colSums[j]) per unit of output (negative value added)")
        }
        var nonNegative = true
        m.elements.withUnsafeBufferPointer { p in
            for j in 0..<n { for i in 0..<n where i != j && p[j * n + i] > 0 { nonNegative = false; return } }
        }
        var keptA: DenseMatrix? = nil
        if keepA {
            // A = I − M, before M is overwritten by its factors.
            var a = m
            a.withUnsafeMutableElements { p in
                for k in 0..<(n * n) { p[k] = -p[k] }
                for j in 0..<n { p[j * n + j] += 1 }
            }
            keptA = a
        }
        inputShares = colSums
        A = keptA
        do {
            lu = try DenseLU(overwriting: consume m)
            timing.mark("LU factorisation (dgetrf)")
        } catch let e as NumericsError {
            if e.code == .singular, let i = e.index {
                throw MRIOError(
                    .singular, "(I − A) is singular: zero pivot at \(label(i))",
                    suggestion: "the sector's output is fully used up by its own inputs, or the table has a zero block; check \(label(i))")
            }
            throw MRIOError(.singular, "(I − A) could not be factorised: \(e.message)")
        }
        if nonNegative && !warnings.isEmpty {
            // Output multipliers Lᵀ·1 are ≥ 1 for a productive system with A ≥ 0.
            let z = try lu.solve([Double](repeating: 1, count: n), transpose: true)
            if let j = z.indices.min(by: { z[$0] < z[$1] }), z[j] < 1 - 1e-9 {
                throw MRIOError(
                    .nonProductive, "the system is not productive (spectral radius of A ≥ 1): the output multiplier of \(label(j)) is \(z[j])",
                    suggestion: "check the coefficients of \(label(j)) and the sectors that supply it")
            }
        }
        self.warnings = warnings
        var rcond: Double? = nil
        if conditionEstimate { rcond = try? lu.reciprocalConditionEstimate() }
        reciprocalCondition = rcond
        solver = "dense LU of (I − A) (LAPACK dgetrf/dgetrs, OpenBLAS \(BLASKernel.name) kernel); Leontief inverse not formed"
        if xs.isEmpty {
            // x = L · (Y · 1)
            xs = try lu.solve(system.Y.rowSums)
        }
        x = xs
        timing.mark("finish")
        phases = timing.phases
    }

    /// L · b
    public func leontief(_ b: [Double]) throws -> [Double] { try lu.solve(b) }
    /// L · B (many right-hand sides)
    public func leontief(_ b: DenseMatrix) throws -> DenseMatrix { try lu.solve(b) }
    /// Lᵀ · b
    public func leontiefTransposed(_ b: DenseMatrix) throws -> DenseMatrix { try lu.solve(b, transpose: true) }

    /// Direct intensities S = F · diag(1/x) (0 where x = 0).
    public func intensities(_ F: DenseMatrix) -> DenseMatrix {
        var s = F
        let k = F.rows
        s.withUnsafeMutableElements { p in
            for j in 0..<n {
                let inv = x[j] != 0 ? 1 / x[j] : 0
                for r in 0..<k { p[j * k + r] *= inv }
            }
        }
        return s
    }

    /// Total multipliers M = S · L, computed as Mᵀ = Lᵀ Sᵀ (one transposed solve with k right-hand sides).
    public func multipliers(_ S: DenseMatrix) throws -> DenseMatrix {
        try leontiefTransposed(S.transposed()).transposed()
    }
}

/// Collects wall-clock durations of named phases.
public struct PhaseTimer: Sendable {
    private var last = ContinuousClock.now
    /// The phases marked so far: name and wall-clock seconds since the previous mark.
    public private(set) var phases: [(String, Double)] = []
    /// Starts the clock now.
    public init() {}
    /// Records the time since the previous mark (or the start) as phase `name`.
    public mutating func mark(_ name: String) {
        let now = ContinuousClock.now
        let d = now - last
        phases.append((name, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18))
        last = now
    }
}
