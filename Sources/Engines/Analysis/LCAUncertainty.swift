import Foundation
import YuhengCore
import YuhengLCA
import YuhengNumerics
import YuhengUncertainty

/// Options for the uncertainty of LCI exchanges.
public struct LCAUncertaintyOptions: Sendable, Hashable {
    /// A geometric standard deviation applied, as a lognormal around the
    /// amount, to every technosphere and biosphere exchange **without**
    /// usable uncertainty data (US LCI has almost none). `nil`: such
    /// exchanges stay fixed.
    public var defaultGSD: Double?
    /// Basic variance of ln X added to the pedigree variances (ecoinvent v3)
    /// when an exchange's pedigree scores are known but it has no distribution.
    public var pedigreeBasicVariance: Double

    /// Options; by default exchanges without uncertainty data stay fixed and the pedigree basic variance is 0.0006 (ecoinvent v3).
    public init(defaultGSD: Double? = nil, pedigreeBasicVariance: Double = 0.0006) {
        self.defaultGSD = defaultGSD
        self.pedigreeBasicVariance = pedigreeBasicVariance
    }
}

/// How the exchanges of an LCI database were treated.
public struct LCAUncertaintyCoverage: Sendable, Hashable, Codable {
    /// Exchanges entered in A or B (besides the reference products on the diagonal).
    public var exchanges = 0
    /// With a usable distribution from the data, by kind (lognormal, normal, triangular, uniform).
    public var fromData: [String: Int] = [:]
    /// Whose lognormal σ was widened by pedigree scores (or built from them).
    public var withPedigree = 0
    /// With the default GSD (``LCAUncertaintyOptions/defaultGSD``).
    public var defaultGSD = 0
    /// Without uncertainty (fixed).
    public var fixed = 0
    /// Whose stored distribution was unusable (a GSD ≤ 1, a triangular whose
    /// mode lies outside its range...), counted also in `defaultGSD` or `fixed`.
    public var unusable = 0
    /// Uncertain entries in A and in B.
    public var technosphereEntries = 0
    /// Uncertain entries in B (biosphere).
    public var biosphereEntries = 0

    enum CodingKeys: String, CodingKey {
        case exchanges
        case fromData = "from_data"
        case withPedigree = "with_pedigree"
        case defaultGSD = "default_gsd"
        case fixed, unusable
        case technosphereEntries = "technosphere_entries"
        case biosphereEntries = "biosphere_entries"
    }

    /// Exchanges with data uncertainty.
    public var dataTotal: Int { fromData.values.reduce(0, +) }
}

/// Monte Carlo for LCA on a ``TechnosphereModel``: exchange uncertainty from
/// the imported data (``LCIExchange/uncertainty``: lognormal, normal,
/// triangular, uniform) and pedigree scores, or a default GSD; the sampled
/// matrices are solved with one symbolic KLU analysis per worker and a
/// numeric refactorisation per iteration (``SparseLCAMonteCarlo``).
///
/// ```swift
/// let model = try TechnosphereModel(lci)
/// let calc = try LCACalculator(model: model)
/// let setup = try LCAMonteCarlo(model: model, database: lci, characterization: calc.characterization(method),
///                               column: calc.column(forProcess: "Electricity, at grid"), options: .init(defaultGSD: 1.1))
/// let r = try await setup.run(iterations: 1000, seed: 1)
/// r.run.summaries[0].median
/// ```
public struct LCAMonteCarlo: Sendable {
    /// The sparse Monte Carlo engine holding the matrices, their uncertain entries and the characterisation row.
    public let engine: SparseLCAMonteCarlo
    /// How many exchanges got a distribution from the data, from pedigree scores, the default GSD, or stayed fixed.
    public let coverage: LCAUncertaintyCoverage
    /// The options the exchanges were mapped with.
    public let options: LCAUncertaintyOptions
    /// The functional unit's column and amount.
    public let column: Int
    /// Amount of the functional unit, in the reference unit of the process in `column`.
    public let amount: Double

    /// Maps every exchange's uncertainty onto the matrices.
    ///
    /// - throws: ``UncertaintyError/Code/invalidParameter`` for a default GSD
    ///   below 1, ``UncertaintyError/Code/invalidArgument`` for a column out of
    ///   range or a non-finite amount, ``UncertaintyError`` from ``SparseLCAMonteCarlo``.
    public init(
        model: TechnosphereModel, database db: LCIDatabase, characterization: [Double], column: Int, amount: Double = 1,
        options: LCAUncertaintyOptions = LCAUncertaintyOptions()
    ) throws {
        if let g = options.defaultGSD, !(g >= 1 && g.isFinite) {
            throw UncertaintyError(.invalidParameter, "lca monte carlo: the default GSD \(g) must be at least 1", parameter: "defaultGSD")
        }
        guard column >= 0 && column < model.columns.count else {
            throw UncertaintyError(.invalidArgument, "lca monte carlo: column \(column) is outside 0..<\(model.columns.count)", parameter: "column")
        }
        guard amount.isFinite else {
            throw UncertaintyError(.invalidArgument, "lca monte carlo: the amount \(amount) is not finite", parameter: "amount")
        }
        let (tech, bio, coverage) = try Self.entries(model: model, database: db, options: options)
        var f = [Double](repeating: 0, count: model.columns.count)
        f[column] = model.demand(column: column, amount: amount) // counted in the process's own unit, as LCACalculator does
        engine = try SparseLCAMonteCarlo(
            technosphere: model.A, biosphere: model.B, characterization: [characterization], outputNames: ["total"], demand: f,
            technosphereUncertainty: tech, biosphereUncertainty: bio)
        self.coverage = coverage
        self.options = options
        self.column = column
        self.amount = amount
    }

    /// Runs the simulation (see ``SparseLCAMonteCarlo/run(iterations:seed:blockSize:workers:tolerance:cancellation:progress:)``).
    public func run(
        iterations: Int, seed: UInt64, blockSize: Int = 100, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        tolerance: Double? = nil, cancellation: CancellationFlag? = nil,
        progress: (@Sendable (_ done: Int, _ total: Int, _ runningMean: Double) -> Void)? = nil
    ) async throws -> SparseLCAMonteCarloResult {
        try await engine.run(
            iterations: iterations, seed: seed, blockSize: blockSize, workers: workers, tolerance: tolerance,
            cancellation: cancellation, progress: progress)
    }

    // MARK: Exchange → matrix entry

    /// The uncertain entries of A and B for every exchange, following the
    /// linking rules of ``TechnosphereModel`` (providers, waste treatment,
    /// avoided products, allocation shares, unit conversion).
    public static func entries(
        model: TechnosphereModel, database db: LCIDatabase, options: LCAUncertaintyOptions
    ) throws -> (technosphere: [MatrixEntryUncertainty], biosphere: [MatrixEntryUncertainty], coverage: LCAUncertaintyCoverage) {
        var coverage = LCAUncertaintyCoverage()
        var tech: [MatrixEntryUncertainty] = [], bio: [MatrixEntryUncertainty] = []
        var processColumns = [[Int]](repeating: [], count: db.processes.count)
        for (j, c) in model.columns.enumerated() where c.processIndex < db.processes.count { processColumns[c.processIndex].append(j) }
        var providers: [String: [Int]] = [:]
        for (j, c) in model.columns.enumerated() { providers[c.productFlowID, default: []].append(j) }
        var elemIndex: [String: Int] = [:]
        for (i, f) in model.elementaryFlows.enumerated() { elemIndex[f.id] = i }

        for (pi, p) in db.processes.enumerated() {
            let cols = processColumns[pi]
            guard !cols.isEmpty else { continue }
            for ex in p.exchanges where !ex.isQuantitativeReference {
                guard let flow = db.flows[ex.flowID] else { continue }
                // exchange → (matrix, row) and sign, as TechnosphereModel links it
                var target: (isA: Bool, row: Int, sign: Double)? = nil
                switch flow.type {
                case .elementary:
                    if let r = elemIndex[flow.id] { target = (false, r, ex.isInput ? -1 : 1) }
                case .product, .waste:
                    let isWasteOut = flow.type == .waste && !ex.isInput
                    let isProductIn = flow.type == .product && ex.isInput
                    guard isWasteOut || isProductIn || ex.isAvoidedProduct || (flow.type == .waste && ex.isInput) else { continue }
                    var candidates = (providers[flow.id] ?? []).filter { model.columns[$0].isWasteTreatment == isWasteOut }
                    if let dp = ex.defaultProviderID, let c = candidates.first(where: { model.columns[$0].processID == dp }) { candidates = [c] }
                    guard candidates.count == 1 else { continue } // cut off
                    target = (true, candidates[0], (ex.isAvoidedProduct || isWasteOut) ? 1 : -1)
                }
                guard let target, ex.amount != 0 else { continue }
                // reference products on the diagonal are never uncertain
                if !ex.isInput && !ex.isAvoidedProduct && flow.type == .product { continue }
                let unitFactor: Double
                do {
                    var unit = ex
                    unit.amount = 1
                    unitFactor = try TechnosphereModel.convert(unit, flow: flow, db: db, process: p)
                } catch { continue }
                coverage.exchanges += 1
                let (distribution, nominal, origin) = distributionOf(ex, options: options, coverage: &coverage)
                guard let distribution else {
                    coverage.fixed += 1
                    continue
                }
                switch origin {
                case .data(let kind): coverage.fromData[kind, default: 0] += 1
                case .defaultGSD: coverage.defaultGSD += 1
                }
                for j in cols {
                    let share = Self.share(for: ex, column: model.columns[j], process: p, model: model)
                    let m = target.isA ? model.A : model.B
                    guard let k = m.position(row: target.row, column: j) else { continue }
                    let scale = target.sign * share * unitFactor * (nominal.sign)
                    let u = MatrixEntryUncertainty(index: k, distribution: distribution, scale: scale, nominal: nominal.value)
                    if target.isA { tech.append(u) } else { bio.append(u) }
                }
            }
        }
        coverage.technosphereEntries = tech.count
        coverage.biosphereEntries = bio.count
        return (tech, bio, coverage)
    }

    enum Origin { case data(String), defaultGSD }

    /// The distribution of the amount (in the exchange's unit), its nominal
    /// value and sign: a lognormal describes the magnitude of a negative amount.
    static func distributionOf(
        _ ex: LCIExchange, options: LCAUncertaintyOptions, coverage: inout LCAUncertaintyCoverage
    ) -> (Distribution?, (value: Double, sign: Double), Origin) {
        let amount = ex.amount
        let magnitude = (abs(amount), amount < 0 ? -1.0 : 1.0)
        let pedigree = pedigreeVariance(ex.description)
        if let u = ex.uncertainty {
            let p = u.parameters
            var d: Distribution? = nil
            var nominal = (amount, 1.0)
            switch u.kind {
            case .lognormal:
                if let g = p["geomSd"], g > 1, g.isFinite {
                    let gm = abs(p["geomMean"] ?? amount)
                    if gm > 0 && gm.isFinite {
                        var s2 = log(g) * log(g)
                        if let pv = pedigree { s2 += pv; coverage.withPedigree += 1 }
                        d = .lognormal(mu: log(gm), sigma: s2.squareRoot())
                        nominal = magnitude
                    }
                }
            case .normal:
                if let m = p["mean"], let sd = p["sd"], sd > 0, m.isFinite, sd.isFinite { d = .normal(mean: m, sd: sd) }
            case .triangular:
                if let a = p["minimum"], let c = p["mode"], let b = p["maximum"], a < b { d = .triangular(min: a, mode: c, max: b) }
            case .uniform:
                if let a = p["minimum"], let b = p["maximum"], a < b { d = .uniform(min: a, max: b) }
            case .undefined:
                break
            }
            if let dd = d, (try? dd.validate()) != nil {
                return (dd, nominal, .data(u.kind.rawValue))
            }
            if u.kind != .undefined { coverage.unusable += 1 }
        }
        if let pv = pedigree, amount != 0 {
            coverage.withPedigree += 1
            return (.lognormal(mu: log(abs(amount)), sigma: (pv + options.pedigreeBasicVariance).squareRoot()), magnitude, .data("pedigree"))
        }
        if let g = options.defaultGSD, g > 1, amount != 0 {
            return (.lognormal(mu: log(abs(amount)), sigma: log(g)), magnitude, .defaultGSD)
        }
        return (nil, magnitude, .defaultGSD)
    }

    /// Pedigree scores written as `(r;c;t;g;tech)` or `(r,c,t,g,tech)` in an
    /// exchange's description → the ecoinvent v3 variance of ln X.
    static func pedigreeVariance(_ text: String?) -> Double? {
        guard let text, let open = text.firstIndex(of: "(") else { return nil }
        guard let close = text[open...].firstIndex(of: ")") else { return nil }
        let inner = text[text.index(after: open)..<close]
        guard inner.allSatisfy({ $0.isNumber || $0 == ";" || $0 == "," || $0 == " " }) else { return nil }
        guard let s = try? PedigreeScores(parsing: String(inner)), let u = try? Pedigree.ecoinventV3(s, basicVariance: 0) else { return nil }
        return u.variance
    }

    /// The share of an exchange carried by a column (allocation), as TechnosphereModel applies it.
    static func share(for ex: LCIExchange, column: ProductColumn, process p: LCIProcess, model: TechnosphereModel) -> Double {
        let method: AllocationMethod
        switch model.allocation {
        case .none: method = .none
        case .processDefault: method = p.defaultAllocation ?? .none
        case .physical: method = .physical
        case .economic: method = .economic
        case .causal: method = .causal
        }
        guard column.share != 1 || method == .causal else { return column.share }
        if method == .causal,
            let f = p.allocationFactors.first(where: {
                $0.method == .causal && $0.productID == column.productFlowID && $0.exchangeFlowID == ex.flowID
            })
        {
            return f.value
        }
        return column.share
    }
}
