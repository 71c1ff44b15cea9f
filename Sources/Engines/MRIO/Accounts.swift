import YuhengCore
import YuhengNumerics

/// Consumption-, production-, import- and export-based accounts of one extension, with pymrio's
/// semantics (`MRIO_FORMULAS.md`): per region, F_Y is added to the cba and pba totals; imports and
/// exports exclude it.
public struct ExtensionAccounts: Sendable {
    /// Extension (satellite account) name as in the system, e.g. "air_emissions".
    public var name: String
    /// Stressor labels, the row order of every matrix here (k rows).
    public var stressors: [String]
    /// Unit of each stressor (e.g. "kg", "kt CO2e"); every account of that row is in it.
    public var units: [String]
    /// k × n direct intensities S = F·diag(1/x).
    public var S: DenseMatrix
    /// k × n total multipliers M = S·L.
    public var M: DenseMatrix
    /// Per stressor (row) and region (column), k × R.
    public var cbaRegion: DenseMatrix
    /// Production-based (territorial) accounts per region, k × R, F_Y included (pymrio's D_pba_reg).
    public var pbaRegion: DenseMatrix
    /// Emissions abroad embodied in each region's final demand, k × R (pymrio's D_imp_reg; F_Y excluded).
    public var impRegion: DenseMatrix
    /// Emissions in each region embodied in other regions' final demand, k × R (pymrio's D_exp_reg; F_Y excluded).
    public var expRegion: DenseMatrix
    /// Income-based (Ghosh) accounts per region, k × R: emissions enabled by each region's primary inputs.
    public var ibaRegion: DenseMatrix?
    /// F_Y summed per consuming region, k × R.
    public var fyRegion: DenseMatrix
    /// Full k × n accounts by region-sector (present when detail was requested).
    public var cba: DenseMatrix?
    /// Production-based accounts by region-sector, k × n (with `sectorDetail`).
    public var pba: DenseMatrix?
    /// Imports embodied in final demand by producing region-sector, k × n (with `sectorDetail`).
    public var imp: DenseMatrix?
    /// Exports embodied in other regions' final demand by producing region-sector, k × n (with `sectorDetail`).
    public var exp: DenseMatrix?
    /// Origin-to-destination emissions per stressor: k matrices R × R, [origin r, consumer c]
    /// (emissions in r caused by c's final demand; F_Y not included).
    public var originDestination: [DenseMatrix]
}

/// Everything `accounts` computes for a system.
public struct MRIOAccounts: Sendable {
    /// Name of the input-output system, e.g. "EXIOBASE 3.8 ixi 2019".
    public var system: String
    /// Region labels, the column order of every per-region account.
    public var regions: [String]
    /// Sector labels; region-sector i is region i / S, sector i % S.
    public var sectors: [String]
    /// Monetary unit of x and the final demand, e.g. "M.EUR".
    public var monetaryUnit: String
    /// Gross output per region-sector used for the coefficients (stored x, or Z·1 + Y·1), in `monetaryUnit`.
    public var x: [Double]
    /// Output recomputed as L·Y·1 (what pymrio's D_pba uses).
    public var xFromDemand: [Double]
    /// X[i, c] = (L · Y_agg[:, c])[i]: output of i needed for region c's final demand, n × R.
    public var outputByDemand: DenseMatrix
    /// The accounts of each extension computed, in the system's order.
    public var extensions: [ExtensionAccounts]
    /// Population by region, persons, for per-capita figures (nil when the dataset has none).
    public var population: [String: Double]?
    /// How (I − A) was solved, e.g. "dense LU of (I − A) (LAPACK dgetrf/dgetrs, …); Leontief inverse not formed", for reports.
    public var solver: String
    /// How the systems were solved: the cost model's choice and reason, iterations and residual (``SolverReport``).
    public var solverReport: SolverReport?
    /// The solutions of the solves (L·Y, multipliers, L·Fᵀ): the start of the next year's iteration in a series.
    public var solutions: WarmStart?
    /// Dataset, version and licence of the table, when known.
    public var provenance: Provenance?
    /// What the reader tolerated or converted, carried over from the system (shown with every account).
    public var warnings: [String] = []
    /// Wall-clock seconds per phase (model building, solves, accounts).
    public var phases: [(String, Double)] = []

    /// The accounts of the extension named `name` (case-insensitive).
    ///
    /// - throws: ``MRIOError`` `.unknownExtension` listing the available extensions.
    public func extensionAccounts(_ name: String) throws -> ExtensionAccounts {
        if let e = extensions.first(where: { $0.name == name || $0.name.lowercased() == name.lowercased() }) { return e }
        throw MRIOError(.unknownExtension, "no extension '\(name)'", suggestion: "available: \(extensions.map(\.name).joined(separator: ", "))")
    }
}

/// Options for ``MRIOEngine/accounts(_:options:)``.
public struct AccountOptions: Sendable {
    /// Extensions to compute (nil = all).
    public var extensions: [String]?
    /// Also compute the k × n accounts by region-sector (D_cba, D_pba, D_imp, D_exp).
    public var sectorDetail: Bool
    /// Income-based (Ghosh) accounts.
    public var incomeBased: Bool
    /// Keep A (needed for structural path analysis and EEBT).
    public var keepA: Bool
    /// Treat any column of A summing to 1 or more as an error (see ``LeontiefModel``).
    public var strictColumnSums: Bool
    /// LU, the block-Jacobi iteration, or the cost model's choice (default).
    public var solver: SolverRequest
    /// Solutions of a previous table of the same shape (a series' previous year): the iteration starts there.
    public var warmStart: WarmStart?

    /// Options; by default every extension, per-region accounts only, income-based accounts included, A not kept.
    public init(
        extensions: [String]? = nil, sectorDetail: Bool = false, incomeBased: Bool = true, keepA: Bool = false, strictColumnSums: Bool = false,
        solver: SolverRequest = .auto, warmStart: WarmStart? = nil
    ) {
        self.extensions = extensions
        self.sectorDetail = sectorDetail
        self.incomeBased = incomeBased
        self.keepA = keepA
        self.strictColumnSums = strictColumnSums
        self.solver = solver
        self.warmStart = warmStart
    }

    /// The number of right-hand sides the accounts of `system` solve for (the cost model's m).
    func rightHandSides(_ system: MRIOSystem) -> Int {
        let exts = system.extensions.filter { e in extensions.map { $0.contains { $0.lowercased() == e.name.lowercased() } } ?? true }
        let k = exts.map(\.stressors.count).reduce(0, +)
        let R = system.regions.count
        return R + k * (incomeBased ? 2 : 1) + (sectorDetail ? R * k : 0)
    }
}

/// The solutions of one table's accounts, kept so that the next table of a series starts its iteration there.
public struct WarmStart: Sendable {
    /// L·Y_agg (n × R) and, after it, L·Fᵀ of every extension with income-based accounts.
    public var demandSide: DenseMatrix
    /// Lᵀ·Sᵀ of every extension, side by side (n × Σk).
    public var multiplierSide: DenseMatrix
    /// The iteration's domestic blocks and their factors (nil after LU): the next table's blocks that are
    /// the same entry for entry are not factorised again.
    public var diagonalBlocks: BlockJacobiIteration.DiagonalBlocks?

    /// Solutions as the accounts solved them.
    public init(demandSide: DenseMatrix, multiplierSide: DenseMatrix, diagonalBlocks: BlockJacobiIteration.DiagonalBlocks? = nil) {
        self.demandSide = demandSide
        self.multiplierSide = multiplierSide
        self.diagonalBlocks = diagonalBlocks
    }
}

extension DenseMatrix {
    /// The matrices side by side (same number of rows; column-major storage is concatenated).
    static func sideBySide(_ parts: [DenseMatrix], rows: Int) throws -> DenseMatrix {
        try DenseMatrix(rows: rows, columns: parts.map(\.columns).reduce(0, +), columnMajor: parts.flatMap(\.elements))
    }

    /// Columns `from..<from + count`.
    func columns(_ from: Int, count: Int) throws -> DenseMatrix {
        try DenseMatrix(rows: rows, columns: count, columnMajor: Array(elements[(from * rows)..<((from + count) * rows)]))
    }
}

/// The input-output engine: pure functions from an ``MRIOSystem`` to accounts.
public enum MRIOEngine {
    /// Final demand summed over categories per consuming region: n × R.
    public static func aggregateFinalDemand(_ system: MRIOSystem) -> DenseMatrix {
        let n = system.n, R = system.regions.count, C = system.finalDemandCategories.count
        var out = DenseMatrix(rows: n, columns: R, repeating: 0)
        out.withUnsafeMutableElements { o in
            system.Y.elements.withUnsafeBufferPointer { y in
                for c in 0..<R {
                    for cat in 0..<C {
                        let col = c * C + cat
                        for i in 0..<n { o[c * n + i] += y[col * n + i] }
                    }
                }
            }
        }
        return out
    }

    /// F_Y summed over categories per region: k × R.
    static func aggregateFY(_ fy: DenseMatrix?, k: Int, regions R: Int, categories C: Int) -> DenseMatrix {
        var out = DenseMatrix(rows: k, columns: R, repeating: 0)
        guard let fy else { return out }
        for c in 0..<R { for cat in 0..<C { for s in 0..<k { out[s, c] += fy[s, c * C + cat] } } }
        return out
    }

    /// Computes the accounts. One LU of (I − A); right-hand sides: R (output by demand),
    /// k per extension (multipliers), k (income-based), and R·k more only for sector detail of imports.
    public static func accounts(_ system: MRIOSystem, options: AccountOptions = AccountOptions()) throws -> (MRIOAccounts, LeontiefModel) {
        let model = try LeontiefModel(
            system, keepA: options.keepA, strictColumnSums: options.strictColumnSums, solver: options.solver,
            rightHandSides: options.rightHandSides(system), reusing: options.warmStart?.diagonalBlocks)
        return (try accounts(system, model: model, options: options), model)
    }

    /// As ``accounts(_:options:)`` but reuses the storage of `system.Z` for the factorisation
    /// (`system.Z` is nil afterwards): the lowest memory use for large tables.
    public static func accounts(consuming system: inout MRIOSystem, options: AccountOptions = AccountOptions()) throws -> (
        MRIOAccounts, LeontiefModel
    ) {
        let m = options.rightHandSides(system)
        let model = try LeontiefModel(
            consuming: &system, keepA: options.keepA, strictColumnSums: options.strictColumnSums, solver: options.solver, rightHandSides: m,
            reusing: options.warmStart?.diagonalBlocks)
        return (try accounts(system, model: model, options: options), model)
    }

    /// The accounts with a model already built: two batched solves (L·[Y_agg | Fᵀ…] and Lᵀ·[Sᵀ…]),
    /// then the regional accounts of every extension.
    ///
    /// - throws: ``MRIOError`` for an unknown extension or a failed solve.
    public static func accounts(_ system: MRIOSystem, model: LeontiefModel, options: AccountOptions = AccountOptions()) throws -> MRIOAccounts {
        let n = system.n, R = system.regions.count
        var timer = PhaseTimer()
        var report = model.report
        let selected = try selectedExtensions(system, options.extensions)
        let yAgg = aggregateFinalDemand(system)
        let sMats = selected.map { model.intensities($0.F) }
        // One solve per side for every extension at once (each a GEMM per step when the iteration solves).
        let demandParts = [yAgg] + (options.incomeBased ? selected.map { $0.F.transposed() } : [])
        let demand = try model.solve(
            try .sideBySide(demandParts, rows: n), start: options.warmStart?.demandSide, report: &report)
        let multiplierSide = try model.solve(
            try .sideBySide(sMats.map { $0.transposed() }, rows: n), transpose: true, start: options.warmStart?.multiplierSide, report: &report)
        let X = try demand.columns(0, count: R) // n × R
        timer.mark("solve L·Y, L·Fᵀ and Lᵀ·Sᵀ (\(demand.columns + multiplierSide.columns) right-hand sides)")
        let xTot = X.rowSums // L · Y_agg · 1
        var out: [ExtensionAccounts] = []
        var offsets = (demand: R, multipliers: 0)
        for (e, sMat) in zip(selected, sMats) {
            let k = e.stressors.count
            let mMat = try multiplierSide.columns(offsets.multipliers, count: k).transposed()
            let lf = options.incomeBased ? try demand.columns(offsets.demand, count: k) : nil
            offsets = (offsets.demand + (options.incomeBased ? k : 0), offsets.multipliers + k)
            var acc = try regionalAccounts(e, S: sMat, M: mMat, X: X, xTot: xTot, lf: lf, system: system, model: model)
            if options.sectorDetail {
                try sectorDetail(&acc, system: system, model: model, yAgg: yAgg, X: X, xTot: xTot, report: &report)
            }
            out.append(acc)
            timer.mark("accounts of \(e.name) (\(k) stressors)")
        }
        var result = MRIOAccounts(
            system: system.name, regions: system.regions, sectors: system.sectors, monetaryUnit: system.monetaryUnit,
            x: model.x, xFromDemand: xTot, outputByDemand: X, extensions: out, population: system.population,
            solver: model.solver.replacingOccurrences(of: model.report.summary, with: report.summary), provenance: system.provenance,
            warnings: model.warnings)
        result.solverReport = report
        result.solutions = WarmStart(demandSide: demand, multiplierSide: multiplierSide, diagonalBlocks: model.diagonalBlocks)
        result.phases = model.phases + timer.phases
        return result
    }

    /// The extensions `names` asks for (all when nil), each an error naming the available ones when missing.
    static func selectedExtensions(_ system: MRIOSystem, _ names: [String]?) throws -> [MRIOExtension] {
        guard let names else { return system.extensions }
        return try names.map { name in
            guard let e = system.extensions.first(where: { $0.name == name || $0.name.lowercased() == name.lowercased() }) else {
                throw MRIOError(
                    .unknownExtension, "no extension '\(name)' in \(system.name)",
                    suggestion: "available: \(system.extensions.map(\.name).joined(separator: ", "))")
            }
            return e
        }
    }

    /// The regional accounts of one extension from the solves: cba = S·X (+F_Y), pba = S·x (+F_Y), imports and
    /// exports (off-diagonal origin-destination flows) and, with `lf` = L·Fᵀ, the income-based accounts.
    static func regionalAccounts(
        _ e: MRIOExtension, S sMat: DenseMatrix, M mMat: DenseMatrix, X: DenseMatrix, xTot: [Double], lf: DenseMatrix?, system: MRIOSystem,
        model: LeontiefModel
    ) throws -> ExtensionAccounts {
        let n = system.n, R = system.regions.count, S = system.sectors.count, C = system.finalDemandCategories.count
        let k = e.stressors.count
        let fyReg = aggregateFY(e.FY, k: k, regions: R, categories: C)
        var cba = try sMat.multiply(X) // k × R: S · L · Y_agg
        var pba = DenseMatrix(rows: k, columns: R, repeating: 0)
        var imp = DenseMatrix(rows: k, columns: R, repeating: 0)
        var exp = DenseMatrix(rows: k, columns: R, repeating: 0)
        var od: [DenseMatrix] = (0..<k).map { _ in DenseMatrix(rows: R, columns: R, repeating: 0) }
        for i in 0..<n {
            let r = i / S
            for s in 0..<k {
                let sv = sMat[s, i]
                if sv == 0 { continue }
                pba[s, r] += sv * xTot[i]
                for c in 0..<R {
                    let v = sv * X[i, c]
                    od[s][r, c] += v
                    if c != r {
                        imp[s, c] += v
                        exp[s, r] += v
                    }
                }
            }
        }
        for s in 0..<k {
            for c in 0..<R {
                cba[s, c] += fyReg[s, c]
                pba[s, c] += fyReg[s, c]
            }
        }
        var iba: DenseMatrix? = nil
        if let lf {
            // G·s = diag(1/x) · L · f  (G = diag(1/x) L diag(x)); income-based at i = v_i (G s)_i, v_j = x_j (1 − Σ_i A_ij).
            var m = DenseMatrix(rows: k, columns: R, repeating: 0)
            for i in 0..<n where model.x[i] != 0 {
                let valueAdded = model.x[i] * (1 - model.inputShares[i])
                for s in 0..<k { m[s, i / S] += valueAdded * lf[i, s] / model.x[i] }
            }
            iba = m
        }
        return ExtensionAccounts(
            name: e.name, stressors: e.stressors, units: e.units, S: sMat, M: mMat,
            cbaRegion: cba, pbaRegion: pba, impRegion: imp, expRegion: exp, ibaRegion: iba,
            fyRegion: fyReg, originDestination: od)
    }

    /// D_cba, D_pba, D_imp, D_exp by region-sector (k × n each), as pymrio's calc_accounts.
    static func sectorDetail(
        _ acc: inout ExtensionAccounts, system: MRIOSystem, model: LeontiefModel, yAgg: DenseMatrix, X: DenseMatrix, xTot: [Double],
        report: inout SolverReport
    ) throws {
        let n = system.n, R = system.regions.count, S = system.sectors.count
        let k = acc.stressors.count
        let sMat = acc.S, mMat = acc.M
        // D_cba[:, (c,s)] = Σ_p M[:, (p,s)] · Y_agg[(p,s), c]
        var cba = DenseMatrix(rows: k, columns: n, repeating: 0)
        var pba = DenseMatrix(rows: k, columns: n, repeating: 0)
        var exp = DenseMatrix(rows: k, columns: n, repeating: 0)
        for c in 0..<R {
            for s in 0..<S {
                for p in 0..<R {
                    let y = yAgg[p * S + s, c]
                    if y == 0 { continue }
                    for st in 0..<k { cba[st, c * S + s] += mMat[st, p * S + s] * y }
                }
            }
        }
        for i in 0..<n {
            let r = i / S
            var xExp = 0.0
            for c in 0..<R where c != r { xExp += X[i, c] }
            for st in 0..<k {
                pba[st, i] = sMat[st, i] * xTot[i]
                exp[st, i] = sMat[st, i] * xExp
            }
        }
        // D_imp[:, (c,s)] = Σ_p M^{¬c}[:, (p,s)] · Y_agg[(p,s), c], with M^{¬c} = S^{¬c} L and S^{¬c}
        // the intensities with region c's columns set to zero (one transposed solve per region).
        var imp = DenseMatrix(rows: k, columns: n, repeating: 0)
        for c in 0..<R {
            var sNot = sMat.transposed() // n × k
            for i in (c * S)..<((c + 1) * S) { for st in 0..<k { sNot[i, st] = 0 } }
            let mNotT = try model.solve(sNot, transpose: true, report: &report) // n × k
            for s in 0..<S {
                for p in 0..<R {
                    let y = yAgg[p * S + s, c]
                    if y == 0 { continue }
                    for st in 0..<k { imp[st, c * S + s] += mNotT[p * S + s, st] * y }
                }
            }
        }
        acc.cba = cba
        acc.pba = pba
        acc.exp = exp
        acc.imp = imp
    }
}
