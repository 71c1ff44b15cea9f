import Foundation
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
    /// How (I − A) is solved.
    public let method: Method
    /// The dense LU factors of (I − A) (nil when the block-Jacobi iteration solves).
    public var lu: DenseLU? {
        if case .lu(let f) = method { return f }
        return nil
    }
    /// Which method solved the system, for reports.
    public let solver: String
    /// The method's choice by the cost model and, after the model's own solves, their iterations and residual.
    public let report: SolverReport
    /// LAPACK's reciprocal condition estimate of (I − A) in the 1-norm, when computed.
    public let reciprocalCondition: Double?

    /// A factorisation of (I − A): dense LU, or the block-Jacobi iteration (with its LU fallback, made when first needed).
    public enum Method: Sendable {
        case lu(DenseLU)
        case iterative(BlockJacobiIteration, FallbackLU, maxIterations: Int)
    }

    /// The dense LU of (I − A) made only when an iteration does not converge, then kept for later solves.
    public final class FallbackLU: @unchecked Sendable {
        private let lock = NSLock()
        private var factors: DenseLU?
        /// A new, empty fallback.
        public init() {}
        /// The LU of `matrix`, factorised on the first call (errors name the region-sector through `label`).
        func factors(of matrix: DenseMatrix, label: (Int) -> String) throws -> DenseLU {
            lock.lock()
            defer { lock.unlock() }
            if let factors { return factors }
            let f = try LeontiefModel.factorise(matrix, label: label)
            factors = f
            return f
        }
    }

    /// Number of region-sectors, R × S.
    public var n: Int { x.count }

    /// The iteration's diagonal blocks and their factors, for the next table of a series (nil for LU).
    public var diagonalBlocks: BlockJacobiIteration.DiagonalBlocks? {
        if case .iterative(let it, _, _) = method { return it.diagonalBlocks }
        return nil
    }

    /// "REGION:SECTOR" label of region-sector index i.
    public func label(_ i: Int) -> String { "\(regions[i / sectors.count]):\(sectors[i % sectors.count])" }

    /// Warnings found while building the model (e.g. negative value added that was allowed).
    public let warnings: [String]
    /// Wall-clock seconds of each phase (for `YUHENG_TIMING=1` reports and benchmarks).
    public private(set) var phases: [(String, Double)] = []

    /// Builds (I − A) from Z and x (or takes A), checks that the system is productive and factorises it.
    ///
    /// - Throws: ``MRIOError`` `.nonProductive` naming the region-sector whose inputs per unit of
    ///   output reach 1 or more, `.singular` naming the pivot's region-sector when (I − A) is singular.
    /// - Parameter strictColumnSums: a column of A summing to 1 or more means intermediate inputs at
    ///   least as large as output (negative value added). Real tables have such columns (WIOD 2011:
    ///   LUX:61 with 1.125, from rounded gross output), and so does pymrio's small test system, and
    ///   they are still productive (spectral radius of A below 1). By default such columns give a
    ///   warning naming them and productivity is checked through the output multipliers (every
    ///   column sum of L must be at least 1 when A ≥ 0); with `strictColumnSums` they are an error.
    /// - Parameters solver, rightHandSides: the method (``SolverRequest``; `.auto` asks ``SolverCostModel``,
    ///   which needs the number of right-hand sides the caller will solve for).
    public init(
        _ system: MRIOSystem, keepA: Bool = true, conditionEstimate: Bool = false, strictColumnSums: Bool = false,
        solver: SolverRequest = .lu, rightHandSides: Int? = nil, reusing previous: BlockJacobiIteration.DiagonalBlocks? = nil
    ) throws {
        var copy = system
        try self.init(
            consuming: &copy, keepA: keepA, conditionEstimate: conditionEstimate, strictColumnSums: strictColumnSums, solver: solver,
            rightHandSides: rightHandSides, reusing: previous)
    }

    /// Like ``init(_:keepA:conditionEstimate:strictColumnSums:solver:rightHandSides:)``, but takes over the storage of
    /// `system.Z` (or `A`) and turns it into (I − A) and then its LU factors in place: `system.Z`
    /// is nil afterwards. When the caller holds the only reference, no second n × n matrix is
    /// allocated — at EXIOBASE scale (n ≈ 10 000) that is 800 MB saved.
    public init(
        consuming system: inout MRIOSystem, keepA: Bool = false, conditionEstimate: Bool = false, strictColumnSums: Bool = false,
        solver: SolverRequest = .lu, rightHandSides: Int? = nil, reusing previous: BlockJacobiIteration.DiagonalBlocks? = nil
    ) throws {
        var timing = PhaseTimer()
        let n = system.n
        regions = system.regions
        sectors = system.sectors
        let regionLabels = system.regions, sectorLabels = system.sectors
        let label: (Int) -> String = { "\(regionLabels[$0 / sectorLabels.count]):\(sectorLabels[$0 % sectorLabels.count])" }
        var xs = try Self.grossOutput(system, label: label)
        let regionCount = system.regions.count
        let choiceRequest = { (nonZeros: Int) -> SolverChoiceRequest in
            SolverChoiceRequest(
                solver: solver, regions: regionCount, rightHandSides: rightHandSides ?? regionCount + 2,
                density: n > 0 ? Double(nonZeros) / Double(n * n) : 0)
        }
        let prepared: Prepared
        if system.Z == nil, system.A == nil, let z = system.sparseZ ?? system.sparseA {
            // Flows (or coefficients) held sparse: M = I − A built sparse, never dense unless LU is taken.
            let fromZ = system.sparseZ != nil
            system.sparseZ = nil
            system.sparseA = nil
            let built = try Self.buildIMinusA(sparse: z, x: xs, fromZ: fromZ)
            timing.mark("build I − A (sparse)")
            let warnings = try Self.columnWarnings(built.columnSums, strict: strictColumnSums, label: label)
            let request = choiceRequest(built.nonZeros)
            let a = keepA ? Self.coefficients(fromIMinusA: built.matrix.toDense()) : nil
            let (method, report) = try Self.makeMethod(sparse: built.matrix, request: request, reusing: previous, label: label)
            prepared = Prepared(
                warnings: warnings, nonNegative: built.offDiagonalNonPositive, A: a, inputShares: built.columnSums, method: method, report: report)
        } else {
            // M = I − A, built column by column in the storage of Z (or A).
            let fromZ = system.Z != nil
            var m: DenseMatrix = system.Z ?? system.A!
            system.Z = nil
            system.A = nil
            system.sparseZ = nil
            system.sparseA = nil
            let (colSums, nonZeros) = Self.buildIMinusA(&m, x: xs, fromZ: fromZ)
            timing.mark("build I − A")
            let warnings = try Self.columnWarnings(colSums, strict: strictColumnSums, label: label)
            let nonNegative = Self.offDiagonalNonPositive(m)
            let a = keepA ? Self.coefficients(fromIMinusA: m) : nil
            let request = choiceRequest(nonZeros)
            let (method, report) = try Self.makeMethod(consume m, request: request, reusing: previous, label: label)
            prepared = Prepared(warnings: warnings, nonNegative: nonNegative, A: a, inputShares: colSums, method: method, report: report)
        }
        let (warnings, nonNegative, method, report) = (prepared.warnings, prepared.nonNegative, prepared.method, prepared.report)
        A = prepared.A
        inputShares = prepared.inputShares
        (self.method, self.report) = (method, report)
        timing.mark(report.method == .lu ? "LU factorisation (dgetrf)" : "domestic blocks (dgetrf) and contraction estimate")
        self.warnings = warnings
        if conditionEstimate, case .lu(let f) = method {
            reciprocalCondition = try? f.reciprocalConditionEstimate()
        } else {
            reciprocalCondition = nil
        }
        self.solver = report.summary
        if xs.isEmpty {
            // x = L · (Y · 1)
            var r = report
            let y = try DenseMatrix(rows: n, columns: 1, columnMajor: system.Y.rowSums)
            xs = try Self.solve(method, y, transpose: false, start: nil, report: &r, label: label).elements
        }
        x = xs
        if nonNegative && !warnings.isEmpty { try checkProductive(label: label) }
        timing.mark("finish")
        phases = timing.phases
    }

    /// What the two ways of building (I − A) hand to the rest of the initialiser.
    struct Prepared {
        var warnings: [String]
        var nonNegative: Bool
        var A: DenseMatrix?
        var inputShares: [Double]
        var method: Method
        var report: SolverReport
    }

    /// The method for a sparse (I − A) = `m`: the block-Jacobi iteration with sparse products when the
    /// request, the density and the cost model allow it (`m` stays sparse); otherwise `m` is made dense
    /// and ``makeMethod(_:request:label:)`` decides as for a dense table.
    static func makeMethod(
        sparse m: SparseMatrix, request: SolverChoiceRequest, reusing previous: BlockJacobiIteration.DiagonalBlocks? = nil, label: (Int) -> String
    ) throws -> (Method, SolverReport) {
        guard request.solver != .lu, SolverCostModel.sparseProducts(density: request.density) else {
            return try makeMethod(m.toDense(), request: request, reusing: previous, label: label)
        }
        var report = SolverReport(
            requested: request.solver, method: .lu, reason: "dense LU asked for", n: m.rows, regions: request.regions,
            rightHandSides: request.rightHandSides, density: request.density)
        let made = try iterativeMethod(
            n: m.rows, request: request, sparse: true, report: &report, label: label,
            make: { try BlockJacobiIteration(sparse: m, blockSize: $0, reusing: previous) })
        if let made { return (made, report) }
        return (.lu(try factorise(m.toDense(), label: label)), report)
    }

    /// The method for (I − A) = `m`: dense LU when asked for, for a single region, a singular domestic
    /// block, or when the cost model finds it cheaper; otherwise the block-Jacobi iteration.
    static func makeMethod(
        _ m: consuming DenseMatrix, request: SolverChoiceRequest, reusing previous: BlockJacobiIteration.DiagonalBlocks? = nil,
        label: (Int) -> String
    ) throws -> (Method, SolverReport) {
        let n = m.rows
        var report = SolverReport(
            requested: request.solver, method: .lu, reason: "dense LU asked for", n: n, regions: request.regions,
            rightHandSides: request.rightHandSides, density: request.density)
        if request.solver != .lu {
            if let made = try iterativeMethod(dense: m, request: request, reusing: previous, report: &report, label: label) { return (made, report) }
        }
        return (.lu(try factorise(m, label: label)), report)
    }

    /// ``iterativeMethod(n:request:sparse:report:label:make:)`` for a dense (I − A) (its products sparse when it has few non-zeros).
    static func iterativeMethod(
        dense m: DenseMatrix, request: SolverChoiceRequest, reusing previous: BlockJacobiIteration.DiagonalBlocks? = nil,
        report: inout SolverReport, label: (Int) -> String
    ) throws -> Method? {
        let sparse = SolverCostModel.sparseProducts(density: request.density)
        return try iterativeMethod(
            n: m.rows, request: request, sparse: sparse, report: &report, label: label,
            make: { try BlockJacobiIteration(matrix: m, blockSize: $0, sparseProducts: sparse, reusing: previous) })
    }

    /// The block-Jacobi iteration when the request and the cost model take it (nil: LU, with the reason in `report`).
    static func iterativeMethod(
        n: Int, request: SolverChoiceRequest, sparse: Bool, report: inout SolverReport, label: (Int) -> String,
        make: (_ blockSize: Int) throws -> BlockJacobiIteration
    ) throws -> Method? {
        guard request.regions >= 2, n > 0, n % request.regions == 0 else {
            report.reason = "a single region: its domestic block is the whole system"
            return nil
        }
        let it: BlockJacobiIteration
        do { it = try make(n / request.regions) } catch let e as NumericsError
            where e.code == .singular
        {
            report.reason = "a domestic block is singular"
            report.notes.append("the domestic block of \(label(e.index ?? 0)) is singular: solved by dense LU")
            return nil
        }
        let sums = try it.contractionColumnSums().map(abs)
        let rate = sums.reduce(0, +) / Double(sums.count)
        report.estimatedRate = rate
        report.rateBound = sums.max()
        let choice = SolverCostModel.choose(n: n, regions: request.regions, m: request.rightHandSides, rate: rate, density: request.density)
        let forced = request.solver == .iterative
        report.reason = forced && !choice.iterate ? "the cost model would have taken LU: \(choice.reason)" : choice.reason
        guard forced || choice.iterate else { return nil }
        report.method = .iterative
        report.products = sparse ? "sparse" : "dense"
        if it.reusedBlocks > 0 { report.reusedBlocks = it.reusedBlocks }
        return .iterative(it, FallbackLU(), maxIterations: forced ? 500 : max(choice.maxIterations, 10))
    }

    /// What the cost model needs besides the matrix.
    struct SolverChoiceRequest {
        var solver: SolverRequest
        var regions: Int
        var rightHandSides: Int
        var density: Double
    }

    /// Output multipliers Lᵀ·1 are ≥ 1 for a productive system with A ≥ 0: throws `.nonProductive` otherwise.
    func checkProductive(label: (Int) -> String) throws {
        var r = report
        let z = try solve(DenseMatrix(rows: n, columns: 1, repeating: 1), transpose: true, report: &r).elements
        if let j = z.indices.min(by: { z[$0] < z[$1] }), z[j] < 1 - 1e-9 {
            throw MRIOError(
                .nonProductive, "the system is not productive (spectral radius of A ≥ 1): the output multiplier of \(label(j)) is \(z[j])",
                suggestion: "check the coefficients of \(label(j)) and the sectors that supply it")
        }
    }

    /// Gross output: stored x, or pymrio's calc_x (row sums of [Z | Y]); empty when only A is given
    /// (then x = L·Y·1 after the factorisation). Negative output is an error naming the region-sector.
    static func grossOutput(_ system: MRIOSystem, label: (Int) -> String) throws -> [Double] {
        var xs: [Double] = []
        if let given = system.x {
            xs = given
        } else if let Z = system.Z {
            let zr = Z.rowSums, yr = system.Y.rowSums
            xs = (0..<system.n).map { zr[$0] + yr[$0] }
        } else if let Z = system.sparseZ {
            xs = zip(Z.rowSums, system.Y.rowSums).map { $0 + $1 }
        }
        for (i, v) in xs.enumerated() where v < 0 {
            throw MRIOError(
                .negativeOutput, "gross output of \(label(i)) is negative (\(v))",
                suggestion: "inventory changes belong in final demand; output itself must not be negative")
        }
        return xs
    }

    /// Turns Z (with `fromZ`, divided by x) or A into I − A in place; returns the column sums of A and its non-zero count.
    static func buildIMinusA(_ m: inout DenseMatrix, x xs: [Double], fromZ: Bool) -> ([Double], Int) {
        let n = m.rows
        var colSums = [Double](repeating: 0, count: n)
        var nonZeros = 0
        m.withUnsafeMutableElements { mm in
            for j in 0..<n {
                let base = j * n
                let inv = fromZ ? (xs[j] != 0 ? 1 / xs[j] : 0) : 1
                var s = 0.0
                for i in 0..<n {
                    let a = mm[base + i] * inv
                    mm[base + i] = -a
                    s += a
                    if a != 0 { nonZeros += 1 }
                }
                mm[base + j] += 1
                colSums[j] = s
            }
        }
        return (colSums, nonZeros)
    }

    /// Warnings for columns of A summing to 1 or more (errors with `strict`).
    /// (I − A) from flows held sparse, with A = Z diag(1/x) (a zero output gives a zero column), or from coefficients
    /// held sparse (`fromZ` false, A as given): the
    /// same values as the dense ``buildIMinusA(_:x:fromZ:)`` (1 − a on the diagonal, −a elsewhere),
    /// compressed by column, with the column sums of A, its non-zero count and whether A ≥ 0 off the diagonal.
    static func buildIMinusA(sparse z: SparseMatrix, x xs: [Double], fromZ: Bool = true) throws -> (
        matrix: SparseMatrix, columnSums: [Double], nonZeros: Int, offDiagonalNonPositive: Bool
    ) {
        let n = z.columns
        var pointers = [Int32](repeating: 0, count: n + 1)
        var rows: [Int32] = [], values: [Double] = []
        rows.reserveCapacity(z.nonZeroCount + n)
        values.reserveCapacity(z.nonZeroCount + n)
        var colSums = [Double](repeating: 0, count: n)
        var nonZeros = 0
        var nonPositive = true
        for j in 0..<n {
            let inv = fromZ ? (xs[j] != 0 ? 1 / xs[j] : 0) : 1
            var s = 0.0
            var diagonal = false
            for p in Int(z.columnPointers[j])..<Int(z.columnPointers[j + 1]) {
                let i = Int(z.rowIndices[p])
                let a = z.values[p] * inv
                s += a
                if a != 0 { nonZeros += 1 }
                if !diagonal && i >= j {
                    diagonal = true
                    rows.append(Int32(j))
                    values.append(i == j ? -a + 1 : 1)
                    if i == j { continue }
                }
                if a == 0 { continue }
                if a < 0 { nonPositive = false }
                rows.append(Int32(i))
                values.append(-a)
            }
            if !diagonal {
                rows.append(Int32(j))
                values.append(1)
            }
            colSums[j] = s
            pointers[j + 1] = Int32(values.count)
        }
        let m = try SparseMatrix(rows: n, columns: n, columnPointers: pointers, rowIndices: rows, values: values)
        return (m, colSums, nonZeros, nonPositive)
    }

    static func columnWarnings(_ colSums: [Double], strict: Bool, label: (Int) -> String) throws -> [String] {
        var warnings: [String] = []
        for j in colSums.indices where colSums[j] >= 1 {
            if strict {
                throw MRIOError(
                    .nonProductive,
                    "the system is not productive: inputs to \(label(j)) sum to \(colSums[j]) per unit of output (a column of A must sum to less than 1)",
                    suggestion:
                        "check Z and x for \(label(j)): gross output must exceed the intermediate inputs it uses (without --strict, columns like this are accepted with a warning when the whole system is still productive)"
                )
            }
            warnings.append("inputs to \(label(j)) sum to \(colSums[j]) per unit of output (negative value added)")
        }
        return warnings
    }

    /// Whether every off-diagonal entry of I − A is ≤ 0 (A ≥ 0 off the diagonal).
    static func offDiagonalNonPositive(_ m: DenseMatrix) -> Bool {
        let n = m.rows
        return m.elements.withUnsafeBufferPointer { p in
            for j in 0..<n { for i in 0..<n where i != j && p[j * n + i] > 0 { return false } }
            return true
        }
    }

    /// A = I − M.
    static func coefficients(fromIMinusA m: DenseMatrix) -> DenseMatrix {
        var a = m
        let n = m.rows
        a.withUnsafeMutableElements { p in
            for k in 0..<(n * n) { p[k] = -p[k] }
            for j in 0..<n { p[j * n + j] += 1 }
        }
        return a
    }

    /// Dense LU of (I − A), its errors naming the region-sector.
    static func factorise(_ m: consuming DenseMatrix, label: (Int) -> String) throws -> DenseLU {
        do {
            return try DenseLU(overwriting: m)
        } catch let e as NumericsError {
            if e.code == .singular, let i = e.index {
                throw MRIOError(
                    .singular, "(I − A) is singular: zero pivot at \(label(i))",
                    suggestion: "the sector's output is fully used up by its own inputs, or the table has a zero block; check \(label(i))")
            }
            throw MRIOError(.singular, "(I − A) could not be factorised: \(e.message)")
        }
    }

    /// L · b
    public func leontief(_ b: [Double]) throws -> [Double] {
        var r = report
        return try solve(DenseMatrix(rows: n, columns: 1, columnMajor: b), report: &r).elements
    }
    /// L · B (many right-hand sides)
    public func leontief(_ b: DenseMatrix) throws -> DenseMatrix {
        var r = report
        return try solve(b, report: &r)
    }
    /// Lᵀ · b
    public func leontiefTransposed(_ b: DenseMatrix) throws -> DenseMatrix {
        var r = report
        return try solve(b, transpose: true, report: &r)
    }

    /// Solves (I − A) X = B (or (I − A)ᵀ X = B) with the model's method, from `start` when the iteration
    /// solves and its shape matches (e.g. the previous year's solution). The iteration's count and
    /// residual go into `report`; an iteration that does not converge is solved again by LU, with a note.
    public func solve(_ b: DenseMatrix, transpose: Bool = false, start: DenseMatrix? = nil, report: inout SolverReport) throws -> DenseMatrix {
        try Self.solve(method, b, transpose: transpose, start: start, report: &report, label: label)
    }

    /// ``solve(_:transpose:start:report:)`` with a given method (also before the model is complete).
    static func solve(
        _ method: Method, _ b: DenseMatrix, transpose: Bool, start: DenseMatrix?, report: inout SolverReport, label: (Int) -> String
    ) throws -> DenseMatrix {
        switch method {
        case .lu(let f): return try f.solve(b, transpose: transpose)
        case .iterative(let it, let fallback, let maxIterations):
            let warm = start.flatMap { $0.rows == b.rows && $0.columns == b.columns && $0.isFinite ? $0 : nil }
            let r = try it.solve(b, transpose: transpose, start: warm, tolerance: SolverCostModel.tolerance, maxIterations: maxIterations)
            if r.converged {
                report.record(r)
                if warm != nil { report.warmStarted = true }
                return r.solution
            }
            report.method = .lu
            let rate = r.observedRate.map { String(format: "%.6g", $0) } ?? "unknown"
            let note =
                "the iteration did not converge (relative residual \(String(format: "%.1e", r.relativeResidual)) after \(r.iterations) iterations, contraction \(rate) per step): solved by dense LU"
            if !report.notes.contains(note) { report.notes.append(note) }
            return try fallback.factors(of: it.matrix, label: label).solve(b, transpose: transpose)
        }
    }

    /// Direct intensities S = F · diag(1/x) (0 where x = 0).
    public func intensities(_ F: DenseMatrix) -> DenseMatrix {
        F.scalingColumns(by: x.map { $0 != 0 ? 1 / $0 : 0 })
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
