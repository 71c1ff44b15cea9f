import YuhengCore
import YuhengNumerics

/// One year of a structural decomposition: what D_r = f L u_r l_r + h_r is made of.
///
/// - `intensity` f: emissions per unit of output of every region-sector (one gas or CO2e, 0 where x = 0);
/// - `model`: the factorisation of (I − A) (L is never formed: f·L is a transposed solve);
/// - `demand`: final demand per consuming region, n × R (summed over its categories);
/// - `direct`: households' direct emissions per region (F_Y), R.
public struct SDAYear: Sendable {
    /// Label of the year, e.g. "2015", used in reports.
    public var label: String
    /// Region labels; must be the same in both years.
    public var regions: [String]
    /// Sector labels; must be the same in both years.
    public var sectors: [String]
    /// Direct intensity f of the stressor per region-sector (emissions per monetary unit of output), length n.
    public var intensity: [Double]
    /// The year's factorised Leontief model, giving L·y by solves.
    public var model: LeontiefModel
    /// Final demand per consuming region, n × R (summed over its categories).
    public var demand: DenseMatrix
    /// Households' direct emissions per region (F_Y), length R.
    public var direct: [Double]

    /// Memberwise initialiser; both years of a decomposition must share regions, sectors and price basis.
    public init(label: String, regions: [String], sectors: [String], intensity: [Double], model: LeontiefModel, demand: DenseMatrix, direct: [Double])
    {
        self.label = label
        self.regions = regions
        self.sectors = sectors
        self.intensity = intensity
        self.model = model
        self.demand = demand
        self.direct = direct
    }

    /// The SDA view of a system for one stressor row of one of its extensions (a gas, or the GHG row of
    /// the characterised extension): f = F_k diag(1/x), final demand per region, F_Y per region.
    public init(label: String, system: MRIOSystem, model: LeontiefModel, extension ext: String, stressor k: Int) throws {
        guard let e = system.extensions.first(where: { $0.name == ext }) else {
            throw MRIOError(
                .unknownExtension, "no extension '\(ext)' in \(system.name)",
                suggestion: "available: \(system.extensions.map(\.name).joined(separator: ", "))")
        }
        guard k >= 0, k < e.stressors.count else { throw MRIOError(.unknownStressor, "extension \(ext) has no stressor row \(k)") }
        let C = system.finalDemandCategories.count, R = system.regions.count
        let f = model.intensities(e.F).row(k)
        var direct = [Double](repeating: 0, count: R)
        if let fy = e.FY { for c in 0..<fy.columns { direct[c / C] += fy[k, c] } }
        self.init(
            label: label, regions: system.regions, sectors: system.sectors, intensity: f, model: model,
            demand: MRIOEngine.aggregateFinalDemand(system), direct: direct)
    }
}

/// The decomposition of one region's change in consumption-based emissions.
public struct SDARegionResult: Sendable, Codable, Hashable {
    /// The four factors, in the order of ``StructuralDecomposition/factors``.
    public struct Components: Sendable, Codable, Hashable {
        /// Emission intensity of production (f).
        public var intensity: Double
        /// Production structure, the Leontief inverse (L).
        public var leontief: Double
        /// Final-demand composition: products and their origin (u).
        public var composition: Double
        /// Final-demand level (l, current prices).
        public var level: Double
        /// Households' direct emissions (not decomposed).
        public var directHouseholds: Double

        enum CodingKeys: String, CodingKey {
            case intensity, leontief, composition, level
            case directHouseholds = "direct_households"
        }

        /// The sum of the five parts.
        public var sum: Double { intensity + leontief + composition + level + directHouseholds }
    }

    /// The consuming region decomposed.
    public var region: String
    /// Consumption-based emissions in the first and the last year (with households' direct emissions).
    public var d0: Double
    /// Consumption-based emissions in the last year (with households' direct emissions).
    public var d1: Double
    /// d1 − d0.
    public var totalChange: Double
    /// The change split into intensity, Leontief, composition, level and households' direct parts.
    public var components: Components
    /// Final-demand level l_r in both years (monetary unit of the tables).
    public var level0: Double
    /// Final-demand level in the last year (monetary unit of the tables).
    public var level1: Double
    /// The 16 values D(a, b, c, d) = f_a L_b u_c l_d, keyed "f0L1u0l1" (without households' direct emissions).
    public var states: [String: Double]
    /// Components minus the total change (rounding only).
    public var residual: Double

    enum CodingKeys: String, CodingKey {
        case region, components, states, residual
        case d0 = "D0"
        case d1 = "D1"
        case totalChange = "total_change"
        case level0 = "level0"
        case level1 = "level1"
    }
}

/// Structural decomposition analysis of the change in consumption-based emissions between two years
/// (Dietzenbacher & Los 1998): D_r = f L u_r l_r + h_r, and
/// D_r(1) − D_r(0) = E_f + E_L + E_u + E_l + (h_r(1) − h_r(0)), each E the average over the 24
/// orderings of the four factors of the change that factor makes when it switches from year 0 to 1.
/// Every ordering telescopes to D(1,1,1,1) − D(0,0,0,0), so the components add up to the change.
///
/// Cost: the 16 states D(a,b,c,d) share the four row vectors f_a L_b, each one transposed solve with
/// a year's LU factors (never an inverse); per region the rest is dot products.
///
/// ```swift
/// let r = try StructuralDecomposition.decompose(from: y2005, to: y2008, regions: ["CHN"])
/// r[0].components.level      // the final-demand level effect
/// ```
public enum StructuralDecomposition {
    /// The factors in their canonical order.
    public static let factors = ["intensity", "leontief", "composition", "level"]
    /// The caveat every SDA result of current-price tables carries.
    public static let currentPriceNote =
        "the tables are in current prices: the final-demand level effect and the emission-intensity effect (per unit of current-price output) both mix volume, price and exchange-rate changes"

    /// The 24 orderings of the four factors (lexicographic, as itertools.permutations gives them).
    public static let orderings: [[Int]] = {
        var out: [[Int]] = []
        func go(_ prefix: [Int], _ rest: [Int]) {
            if rest.isEmpty { out.append(prefix); return }
            for (i, k) in rest.enumerated() { var r = rest; r.remove(at: i); go(prefix + [k], r) }
        }
        go([], [0, 1, 2, 3])
        return out
    }()

    /// Decomposes the change between two years for `regions` (nil: every region). Tables with different
    /// regions or sectors are an error; a region without final demand in either year is an error.
    public static func decompose(from y0: SDAYear, to y1: SDAYear, regions: [String]? = nil) throws -> [SDARegionResult] {
        try checkAlike(y0, y1)
        let picks: [Int] = try (regions ?? y0.regions).map { name in
            guard let i = RegionCodes.index(of: name, in: y0.regions) else {
                throw MRIOError(.unknownRegion, "no region '\(name)' in the tables", suggestion: "regions: \(y0.regions.joined(separator: ", "))")
            }
            return i
        }
        // f_a L_b for a, b in {0, 1}: (L_bᵀ f_aᵀ)ᵀ, two right-hand sides per year's factors.
        let f = try DenseMatrix(rows: y0.intensity.count, columns: 2, columnMajor: y0.intensity + y1.intensity)
        let fl0 = try y0.model.leontiefTransposed(f), fl1 = try y1.model.leontiefTransposed(f)
        let fL: [[[Double]]] = [[fl0.column(0), fl1.column(0)], [fl0.column(1), fl1.column(1)]] // [a][b]
        let years = [y0, y1]
        return try picks.map { r in try decompose(region: r, fL: fL, years: years) }
    }

    static func decompose(region r: Int, fL: [[[Double]]], years: [SDAYear]) throws -> SDARegionResult {
        let y = years.map { $0.demand.column(r) }
        let lev = y.map { $0.reduce(0, +) }
        guard lev[0] != 0, lev[1] != 0 else {
            throw MRIOError(
                .invalidArgument, "region \(years[0].regions[r]) has no final demand in \(lev[0] == 0 ? years[0].label : years[1].label)",
                suggestion: "the final-demand composition is undefined without final demand")
        }
        let u = [y[0].map { $0 / lev[0] }, y[1].map { $0 / lev[1] }]
        var D = [Double](repeating: 0, count: 16) // index a·8 + b·4 + c·2 + d
        for a in 0...1 {
            for b in 0...1 {
                for c in 0...1 {
                    var dot = 0.0
                    for i in u[c].indices { dot += fL[a][b][i] * u[c][i] }
                    for d in 0...1 { D[a * 8 + b * 4 + c * 2 + d] = dot * lev[d] }
                }
            }
        }
        var effects = [Double](repeating: 0, count: 4)
        for perm in orderings {
            var state = [0, 0, 0, 0]
            for k in perm {
                let before = D[state[0] * 8 + state[1] * 4 + state[2] * 2 + state[3]]
                state[k] = 1
                effects[k] += (D[state[0] * 8 + state[1] * 4 + state[2] * 2 + state[3]] - before) / 24
            }
        }
        let h0 = years[0].direct[r], h1 = years[1].direct[r]
        let d0 = D[0] + h0, d1 = D[15] + h1
        let comp = SDARegionResult.Components(
            intensity: effects[0], leontief: effects[1], composition: effects[2], level: effects[3], directHouseholds: h1 - h0)
        var states: [String: Double] = [:]
        for i in 0..<16 { states["f\(i >> 3 & 1)L\(i >> 2 & 1)u\(i >> 1 & 1)l\(i & 1)"] = D[i] }
        return SDARegionResult(
            region: years[0].regions[r], d0: d0, d1: d1, totalChange: d1 - d0, components: comp, level0: lev[0], level1: lev[1],
            states: states, residual: comp.sum - (d1 - d0))
    }

    /// The per-ordering effects of one region (for checks and charts): 24 rows of four effects.
    public static func perOrdering(_ result: SDARegionResult) -> [(order: [String], effects: [Double])] {
        orderings.map { perm in
            var state = [0, 0, 0, 0], e = [Double](repeating: 0, count: 4)
            for k in perm {
                let before = result.states[key(state)] ?? .nan
                state[k] = 1
                e[k] = (result.states[key(state)] ?? .nan) - before
            }
            return (perm.map { factors[$0] }, e)
        }
    }

    static func key(_ s: [Int]) -> String { "f\(s[0])L\(s[1])u\(s[2])l\(s[3])" }

    static func checkAlike(_ a: SDAYear, _ b: SDAYear) throws {
        guard a.regions == b.regions else {
            throw MRIOError(
                .labels, "the tables of \(a.label) and \(b.label) have different regions (\(a.regions.count) and \(b.regions.count))",
                suggestion: "a decomposition needs two tables with the same regions and sectors")
        }
        guard a.sectors == b.sectors else {
            throw MRIOError(
                .labels, "the tables of \(a.label) and \(b.label) have different sectors (\(a.sectors.count) and \(b.sectors.count))",
                suggestion: "a decomposition needs two tables with the same regions and sectors")
        }
        let n = a.regions.count * a.sectors.count
        for y in [a, b]
        where y.intensity.count != n || y.model.n != n || y.demand.rows != n || y.demand.columns != y.regions.count
            || y.direct.count != y.regions.count
        {
            throw MRIOError(.shape, "the \(y.label) data do not match \(y.regions.count) regions × \(y.sectors.count) sectors")
        }
    }
}

extension SDARegionResult {
    /// The same result in another unit: every emission figure × `k` (the final-demand levels unchanged).
    public func scaled(by k: Double) -> SDARegionResult {
        var o = self
        o.d0 *= k
        o.d1 *= k
        o.totalChange *= k
        o.residual *= k
        o.components.intensity *= k
        o.components.leontief *= k
        o.components.composition *= k
        o.components.level *= k
        o.components.directHouseholds *= k
        o.states = states.mapValues { $0 * k }
        return o
    }
}
