import Foundation
import YuhengCore

/// One assumption of an avoided-emissions figure, with where it came from.
public struct AvoidedAssumption: Codable, Sendable, Equatable {
    /// What the assumption is about, in words, e.g. "capacity factor" or "reference grid intensity".
    public var parameter: String
    /// The value used, as display text with its unit.
    public var value: String
    /// Where the value came from: "file", the data layer's dataset, or "technology default for PV" and the like.
    public var source: String
}

/// Figures for one year of operation (year of use): never add them to lifetime figures.
public struct AnnualAvoided: Codable, Sendable, Equatable {
    /// Generation in the first full year of operation, MWh.
    public var generationMWh: Double
    /// Grid emissions displaced in that year, t CO2e.
    public var displacedT: Double
    /// Life-cycle emissions spread over the lifetime generation (levelised), for that year, t CO2e.
    public var lifeCycleLevelisedT: Double
    /// displaced − levelised life-cycle emissions, t CO2e per year.
    public var avoidedT: Double

    enum CodingKeys: String, CodingKey {
        case generationMWh = "generation_mwh"
        case displacedT = "displaced_t"
        case lifeCycleLevelisedT = "life_cycle_levelised_t"
        case avoidedT = "avoided_t"
    }
}

/// Figures over the whole lifetime of the capacity (year of sale).
public struct LifetimeAvoided: Codable, Sendable, Equatable {
    /// Generation over the whole lifetime, with degradation and losses, MWh.
    public var generationMWh: Double
    /// Displaced grid emissions with the reference used (declining if a decline rate is set), t CO2e.
    public var displacedT: Double
    /// Life-cycle emissions of the solution (manufacturing, O&M, end of life), t CO2e.
    public var lifeCycleT: Double
    /// Avoided emissions = displaced − life-cycle, t CO2e.
    public var avoidedT: Double
    /// The same with a constant grid intensity (equal to the above when no decline is set).
    public var displacedConstantGridT: Double
    /// Lifetime avoided emissions with a constant grid intensity, t CO2e.
    public var avoidedConstantGridT: Double

    enum CodingKeys: String, CodingKey {
        case generationMWh = "generation_mwh"
        case displacedT = "displaced_t"
        case lifeCycleT = "life_cycle_t"
        case avoidedT = "avoided_t"
        case displacedConstantGridT = "displaced_constant_grid_t"
        case avoidedConstantGridT = "avoided_constant_grid_t"
    }
}

/// Avoided emissions of one project: annual and lifetime figures, payback and every assumption used.
public struct AvoidedProjectResult: Codable, Sendable, Equatable {
    /// Project identifier: the file's `id`, else "destination-technology" (e.g. "IND-pv").
    public var id: String
    /// Technology, as its raw value: "pv", "onshore_wind" or "offshore_wind".
    public var technology: String
    /// Destination country (ISO3, upper case) whose grid the capacity displaces; nil when the project names none.
    public var destination: String?
    /// Installed capacity, kW (from `capacity_kw` or `capacity_mw` × 1000).
    public var capacityKW: Double
    /// Capacity factor used, average output over nameplate capacity, in (0, 1).
    public var capacityFactor: Double
    /// Operating lifetime used, years.
    public var lifetimeYears: Int
    /// Yearly relative output degradation used, e.g. 0.005 for PV.
    public var degradationPerYear: Double
    /// Curtailment and losses used, fraction not already in the capacity factor.
    public var losses: Double
    /// Reference grid intensity in the first year, t CO2e/MWh.
    public var gridTPerMWh: Double
    /// Yearly relative decline of the grid intensity used (0 = static baseline).
    public var gridDeclinePerYear: Double
    /// Figures for the first full year of operation (year of use).
    public var annual: AnnualAvoided
    /// Figures over the whole lifetime (year of sale); never add them to annual figures.
    public var lifetime: LifetimeAvoided
    /// Life-cycle emission intensity of the generated electricity, g CO2e/kWh.
    public var lifeCycleIntensityGPerKWh: Double
    /// Carbon payback time, years: life-cycle emissions / first-year displaced emissions.
    public var paybackYears: Double?
    /// Lifetime avoided / life-cycle emissions.
    public var avoidedToLifeCycleRatio: Double?
    /// Every parameter used and its source, defaults included.
    public var assumptions: [AvoidedAssumption]

    enum CodingKeys: String, CodingKey {
        case id, technology, destination, losses, annual, lifetime, assumptions
        case capacityKW = "capacity_kw"
        case capacityFactor = "capacity_factor"
        case lifetimeYears = "lifetime_years"
        case degradationPerYear = "degradation_per_year"
        case gridTPerMWh = "grid_t_per_mwh"
        case gridDeclinePerYear = "grid_decline_per_year"
        case lifeCycleIntensityGPerKWh = "life_cycle_intensity_g_per_kwh"
        case paybackYears = "payback_years"
        case avoidedToLifeCycleRatio = "avoided_to_life_cycle_ratio"
    }
}

/// Sums over a destination or the whole portfolio.
public struct AvoidedSummary: Codable, Sendable, Equatable {
    /// Destination ISO3, or "TOTAL".
    public var key: String
    /// Number of projects summed.
    public var projects: Int
    /// Total installed capacity, kW.
    public var capacityKW: Double
    /// PV capacity among it, kW.
    public var pvKW: Double
    /// Wind capacity (onshore and offshore) among it, kW.
    public var windKW: Double
    /// Sum of the projects' annual figures.
    public var annual: AnnualAvoided
    /// Sum of the projects' lifetime figures.
    public var lifetime: LifetimeAvoided

    enum CodingKeys: String, CodingKey {
        case key, projects, annual, lifetime
        case capacityKW = "capacity_kw"
        case pvKW = "pv_kw"
        case windKW = "wind_kw"
    }
}

/// The avoided-emissions assessment of a study: per project, per destination and in total (WBCSD guidance).
public struct AvoidedAssessment: Codable, Sendable, Equatable {
    /// Title of the study, as given.
    public var title: String?
    /// One result per project, in file order.
    public var projects: [AvoidedProjectResult]
    /// Sums per destination country.
    public var byDestination: [AvoidedSummary]
    /// Sum over every project (key "TOTAL").
    public var total: AvoidedSummary
    /// How to read the figures (WBCSD guidance) and the method.
    public var statements: [String]
    /// Implausible inputs and other points to check, naming the project.
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case title, projects, total, statements, warnings
        case byDestination = "by_destination"
    }
}

/// Avoided emissions of wind and PV capacity (WBCSD Guidance on Avoided Emissions, 2023): lifetime
/// generation with degradation and losses, grid emissions displaced in the destination country
/// (optionally declining), minus the solution's life-cycle emissions.
///
///     E_t    = P × CF × 8760 × (1 − d)^(t−1) × (1 − ℓ)            t = 1 … L
///     AE     = Σ_t E_t × EF_ref × (1 − r)^(t−1) − LCE
///
/// ```swift
/// let r = try AvoidedEngine.assess(study, grid: ["IND": GridIntensity(iso3: "IND", tPerMWh: 0.713, source: "data layer")])
/// r.total.lifetime.avoidedT
/// ```
public enum AvoidedEngine {
    /// Year-by-year generation, kWh, for t = 1 … L.
    public static func generation(capacityKW p: Double, capacityFactor cf: Double, lifetimeYears l: Int, degradation d: Double, losses: Double)
        -> [Double]
    {
        (0..<l).map { t in p * cf * 8760 * pow(1 - d, Double(t)) * (1 - losses) }
    }

    /// Assesses every project, then sums by destination and in total. `grid` holds the reference
    /// grid intensity by destination (ISO3) for projects that give none.
    public static func assess(_ study: AvoidedStudy, grid: [String: GridIntensity] = [:]) throws -> AvoidedAssessment {
        guard !study.projects.isEmpty else { throw PolicyError(.missingValue, "the file lists no projects", field: "projects") }
        try Check.fraction(study.gridDeclinePerYear, "grid_decline_per_year", what: "grid decline rate")
        var results: [AvoidedProjectResult] = []
        var ids: Set<String> = []
        var warnings: [String] = []
        for (i, p) in study.projects.enumerated() {
            let r = try assessProject(p, index: i, defaultDecline: study.gridDeclinePerYear, grid: grid, warnings: &warnings)
            if !ids.insert(r.id).inserted {
                throw PolicyError(.duplicateID, "two projects have the id '\(r.id)'", field: "projects[\(i)].id")
            }
            results.append(r)
        }
        var groups: [String: [AvoidedProjectResult]] = [:]
        for r in results { groups[r.destination ?? "unspecified", default: []].append(r) }
        let byDest = groups.keys.sorted().map { summarise($0, groups[$0]!) }
        let total = summarise("TOTAL", results)
        let ratio = total.lifetime.lifeCycleT > 0 ? total.lifetime.avoidedT / total.lifetime.lifeCycleT : nil
        var statements = [
            "Avoided emissions follow the WBCSD Guidance on Avoided Emissions (2023): they are the difference against a reference scenario, are reported separately from the Scope 1–3 inventory, and are never netted against it or used as offsets.",
            "Lifetime figures are year-of-sale: all generation over the lifetime of the capacity, attributed to the year it is sold. Annual figures are year-of-use: one (first) year of operation. They answer different questions and must not be added, compared or swapped.",
            "Reference scenario: the grid-average emission intensity of the destination country (attributional); with a decline rate the reference decarbonises over the lifetime (dynamic baseline). A marginal (combined-margin) reference would give different figures.",
            "Life-cycle emissions of the solution (manufacturing, transport, installation; O&M and end of life where given) are subtracted once, over the lifetime; in the annual figures they are spread over the lifetime generation (levelised).",
            "The figures are for the whole generating solution; a component maker claims them only with its contribution role stated (WBCSD gate 3). The eligibility gates (climate-action credibility, science alignment, contribution legitimacy) are not assessed here."
        ]
        let usedTech = Set(results.map(\.technology)).compactMap(PowerTechnology.init(rawValue:)).sorted { $0.rawValue < $1.rawValue }
        for t in usedTech {
            statements.append("Technology defaults for \(t.label) (used where the file gives no value): \(TechnologyDefaults.of(t).source).")
        }
        if let ratio {
            statements.append(
                String(
                    format:
                        "Consistency: lifetime avoided emissions are %.1f times the life-cycle emissions of this portfolio, and %.1f times its first-year avoided emissions. A claim such as '2 Mt to make, 350 Mt avoided' (175:1) mixes an annual figure for a wide scope with a lifetime figure, or a narrow manufacturing boundary with a wide one (see methods note avoided.md §5).",
                    ratio, total.annual.avoidedT != 0 ? total.lifetime.avoidedT / total.annual.avoidedT : 0))
        }
        let result = AvoidedAssessment(
            title: study.title, projects: results, byDestination: byDest, total: total, statements: statements, warnings: warnings)
        try Check.finiteResult(result, docs: "docs/avoided-format.md")
        return result
    }

    static func assessProject(
        _ p: AvoidedProject, index i: Int, defaultDecline: Double?, grid: [String: GridIntensity],
        warnings: inout [String]
    ) throws -> AvoidedProjectResult {
        let id = p.id ?? [p.destination, p.technology].compactMap { $0 }.joined(separator: "-")
        let fb = "projects[\(p.id ?? String(i))]"
        guard let tech = PowerTechnology(name: p.technology) else {
            throw PolicyError(
                .unknownTechnology, "unknown technology '\(p.technology)'", field: "\(fb).technology",
                suggestion: "use pv, onshore_wind or offshore_wind")
        }
        var reader = ProjectReader(project: p, id: id, field: fb, technology: tech, warnings: warnings)
        defer { warnings = reader.warnings }
        let inputs = try reader.read(grid: grid, defaultDecline: defaultDecline)
        return inputs.result(id: id, technology: tech, assumptions: reader.assumptions)
    }

    /// The parameters of one project as read from the file or taken from defaults.
    struct ProjectInputs {
        /// Destination country (ISO3, upper case), when given.
        var destination: String?
        /// Capacity, kW.
        var capacityKW: Double
        /// Average output over the nameplate capacity.
        var capacityFactor: Double
        /// Operating lifetime, years.
        var lifetimeYears: Int
        /// Yearly relative output degradation.
        var degradation: Double
        /// Curtailment and losses not in the capacity factor.
        var losses: Double
        /// Life-cycle emissions (manufacturing, O&M, end of life), t CO2e.
        var lifeCycleT: Double
        /// Reference grid intensity, t CO2e/MWh.
        var gridTPerMWh: Double
        /// Yearly relative decline of the reference grid intensity.
        var gridDecline: Double

        /// The project's figures: generation, displaced and avoided emissions in the first year and over the lifetime.
        func result(id: String, technology tech: PowerTechnology, assumptions: [AvoidedAssumption]) -> AvoidedProjectResult {
            let capKW = capacityKW, cf = capacityFactor, life = lifetimeYears, deg = degradation
            let lce = lifeCycleT, ef = gridTPerMWh, decline = gridDecline
            let gen = AvoidedEngine.generation(capacityKW: capKW, capacityFactor: cf, lifetimeYears: life, degradation: deg, losses: losses) // kWh
            let e1 = (gen.first ?? 0) / 1000
            let eLife = gen.reduce(0, +) / 1000
            let displacedConst = eLife * ef
            var displaced = 0.0
            for (t, e) in gen.enumerated() { displaced += e / 1000 * ef * pow(1 - decline, Double(t)) }
            let lcIntensity = eLife > 0 ? lce / eLife * 1000 : 0 // t/MWh × 1000 = g/kWh
            let annualLC = eLife > 0 ? e1 * lce / eLife : 0
            let annual = AnnualAvoided(generationMWh: e1, displacedT: e1 * ef, lifeCycleLevelisedT: annualLC, avoidedT: e1 * ef - annualLC)
            let lifetime = LifetimeAvoided(
                generationMWh: eLife, displacedT: displaced, lifeCycleT: lce, avoidedT: displaced - lce,
                displacedConstantGridT: displacedConst, avoidedConstantGridT: displacedConst - lce)
            let payback = e1 * ef > 0 ? lce / (e1 * ef) : nil
            return AvoidedProjectResult(
                id: id, technology: tech.rawValue, destination: destination, capacityKW: capKW, capacityFactor: cf, lifetimeYears: life,
                degradationPerYear: deg, losses: losses, gridTPerMWh: ef, gridDeclinePerYear: decline, annual: annual, lifetime: lifetime,
                lifeCycleIntensityGPerKWh: lcIntensity, paybackYears: payback,
                avoidedToLifeCycleRatio: lce > 0 ? lifetime.avoidedT / lce : nil, assumptions: assumptions)
        }
    }

    /// Reads and checks one project's parameters, recording each assumption with its source and adding warnings.
    struct ProjectReader {
        /// The project as given in the file.
        let p: AvoidedProject
        /// The project's id in warnings.
        let id: String
        /// The project's field path, e.g. `projects[IND-pv]`.
        let fb: String
        /// The project's technology.
        let tech: PowerTechnology
        /// The technology's defaults.
        let defaults: TechnologyDefaults
        /// Every parameter with its value and source, in reading order.
        var assumptions: [AvoidedAssumption] = []
        /// The warnings so far (the study's, then this project's).
        var warnings: [String]

        /// A reader of project `p` (`field` is its path in the file), adding to `warnings`.
        init(project p: AvoidedProject, id: String, field: String, technology: PowerTechnology, warnings: [String]) {
            self.p = p
            self.id = id
            self.fb = field
            self.tech = technology
            self.defaults = TechnologyDefaults.of(technology)
            self.warnings = warnings
        }

        /// Records an assumption.
        mutating func note(_ name: String, _ value: String, _ source: String) {
            assumptions.append(AvoidedAssumption(parameter: name, value: value, source: source))
        }

        /// Every parameter of the project, in the order its assumptions are listed.
        mutating func read(grid: [String: GridIntensity], defaultDecline: Double?) throws -> ProjectInputs {
            let capKW = try capacityKW()
            let dest = p.destination?.uppercased()
            let cf = try capacityFactor(destination: dest)
            let (life, deg, losses) = try operation()
            let lce = try lifeCycleEmissions(capacityKW: capKW, lifetimeYears: life)
            let ef = try gridIntensity(destination: dest, grid: grid)
            let decline = try gridDecline(defaultDecline: defaultDecline)
            return ProjectInputs(
                destination: dest, capacityKW: capKW, capacityFactor: cf, lifetimeYears: life, degradation: deg, losses: losses,
                lifeCycleT: lce, gridTPerMWh: ef, gridDecline: decline)
        }

        /// The capacity in kW (given once, in kW or MW).
        mutating func capacityKW() throws -> Double {
            if p.capacityKW != nil && p.capacityMW != nil {
                throw PolicyError(.conflictingValues, "give the capacity once: capacity_kw or capacity_mw", field: "\(fb).capacity_kw")
            }
            guard let capKW = p.capacityKW ?? p.capacityMW.map({ $0 * 1000 }) else {
                throw PolicyError(.missingValue, "no capacity given", field: "\(fb).capacity_mw", suggestion: "give capacity_mw or capacity_kw")
            }
            let capField = p.capacityKW != nil ? "capacity_kw" : "capacity_mw"
            if capKW < 0 {
                throw PolicyError(
                    .negativeValue, "capacity must not be negative, got \(p.capacityKW ?? p.capacityMW ?? 0)", field: "\(fb).\(capField)")
            }
            try Check.nonNegative(capKW, "\(fb).\(capField)", what: "capacity")
            try Check.plausible(capKW / 1000, .generatingCapacity, "\(fb).\(capField)", warnings: &warnings)
            note("capacity", "\(grouped(capKW, 0)) kW = \(grouped(capKW / 1000, 3)) MW (\(tech.label))", "file")
            return capKW
        }

        /// The capacity factor: given, from the country table, or the technology's global default (with a warning).
        mutating func capacityFactor(destination dest: String?) throws -> Double {
            if let v = p.capacityFactor {
                guard v.isFinite, v > 0, v < 1 else {
                    throw PolicyError(
                        .outOfRange, "capacity factor must be in (0, 1), got \(v)", field: "\(fb).capacity_factor",
                        suggestion: "the capacity factor is the average output over the nameplate capacity, e.g. 0.18 for PV in India")
                }
                note("capacity factor", formatShort(v), "file")
                return v
            }
            if let d = dest, let row = TechnologyDefaults.countryCapacityFactors[d], tech != .offshoreWind {
                let cf = tech == .pv ? row.pv : row.onshoreWind
                note(
                    "capacity factor", formatShort(cf),
                    "country table of the methods note (avoided.md §3, typical fleet average for \(d); [M], not verified against IRENA/Ember)")
                return cf
            }
            let cf = defaults.globalCapacityFactor
            note(
                "capacity factor", formatShort(cf),
                "global default for \(tech.label) (\(dest.map { "no country value for \($0)" } ?? "no destination")); give capacity_factor for a better figure"
            )
            warnings.append("\(id): capacity factor \(formatShort(cf)) is a global default for \(tech.label)")
            return cf
        }

        /// Lifetime (years), degradation per year, and curtailment and losses.
        mutating func operation() throws -> (Int, Double, Double) {
            let life = p.lifetimeYears ?? defaults.lifetimeYears
            if let l = p.lifetimeYears, l <= 0 || l > 100 {
                throw PolicyError(.outOfRange, "lifetime must be between 1 and 100 years, got \(l)", field: "\(fb).lifetime_years")
            }
            note("lifetime", "\(life) years", p.lifetimeYears != nil ? "file" : "technology default for \(tech.label)")
            try Check.fraction(p.degradationPerYear, "\(fb).degradation_per_year", what: "degradation per year")
            let deg = p.degradationPerYear ?? defaults.degradationPerYear
            note("degradation", String(format: "%g %%/yr", deg * 100), p.degradationPerYear != nil ? "file" : "technology default for \(tech.label)")
            try Check.fraction(p.losses, "\(fb).losses", what: "curtailment and losses")
            let losses = p.losses ?? defaults.losses
            note(
                "curtailment and losses not in the capacity factor", String(format: "%g %%", losses * 100),
                p.losses != nil ? "file" : "default: none (the capacity factor is taken as net output)")
            return (life, deg, losses)
        }

        /// Life-cycle emissions, t CO2e: given, or the manufacturing footprint times the capacity, plus O&M and end of life.
        mutating func lifeCycleEmissions(capacityKW capKW: Double, lifetimeYears life: Int) throws -> Double {
            try Check.nonNegative(p.manufacturingTPerKW, "\(fb).manufacturing_t_per_kw", what: "manufacturing footprint")
            try Check.nonNegative(p.lifeCycleT, "\(fb).life_cycle_t", what: "life-cycle emissions")
            try Check.nonNegative(p.omTPerYear, "\(fb).om_t_per_year", what: "O&M emissions")
            try Check.nonNegative(p.endOfLifeT, "\(fb).end_of_life_t", what: "end-of-life emissions")
            try Check.plausible(p.manufacturingTPerKW, .footprintPerKW, "\(fb).manufacturing_t_per_kw", warnings: &warnings)
            if p.manufacturingTPerKW != nil && p.lifeCycleT != nil {
                throw PolicyError(
                    .conflictingValues, "give the life-cycle emissions once: manufacturing_t_per_kw or life_cycle_t", field: "\(fb).life_cycle_t")
            }
            var lce: Double
            if let v = p.lifeCycleT {
                lce = v
                note("life-cycle emissions (manufacturing, transport, installation)", "\(formatShort(v)) t CO2e", "file")
            } else {
                let m = p.manufacturingTPerKW ?? defaults.manufacturingTPerKW
                lce = m * capKW
                note(
                    "manufacturing footprint", "\(formatShort(m)) t CO2e/kW",
                    p.manufacturingTPerKW != nil ? "file" : "technology default for \(tech.label)")
            }
            if let om = p.omTPerYear { lce += om * Double(life); note("O&M", "\(formatShort(om)) t CO2e/yr", "file") }
            if let eol = p.endOfLifeT { lce += eol; note("end of life", "\(formatShort(eol)) t CO2e", "file") }
            return lce
        }

        /// The reference grid intensity, t CO2e/MWh: given, or the grid average of the destination.
        mutating func gridIntensity(destination dest: String?, grid: [String: GridIntensity]) throws -> Double {
            if let g = p.gridTPerMWh {
                try Check.nonNegative(g, "\(fb).grid_t_per_mwh", what: "grid intensity")
                try Check.plausible(g, .gridEmissionFactor, "\(fb).grid_t_per_mwh", warnings: &warnings)
                note("reference grid intensity", "\(formatShort(g)) t CO2e/MWh", "file")
                return g
            }
            guard let d = dest else {
                throw PolicyError(
                    .missingValue, "no destination and no grid intensity given", field: "\(fb).destination",
                    suggestion: "give the destination country (ISO3) or grid_t_per_mwh")
            }
            guard let g = grid[d] else {
                throw PolicyError(
                    .missingValue, "no grid intensity for destination '\(d)' in the data layer", field: "\(fb).destination",
                    suggestion: "check the ISO3 code or give grid_t_per_mwh")
            }
            note(
                "reference grid intensity", "\(formatShort(g.tPerMWh)) t CO2e/MWh",
                "grid average of \(d)\(g.year.map { " (\($0))" } ?? "") from \(g.source)")
            return g.tPerMWh
        }

        /// The yearly decline of the reference grid intensity: the project's, the study's, or none.
        mutating func gridDecline(defaultDecline: Double?) throws -> Double {
            try Check.fraction(p.gridDeclinePerYear, "\(fb).grid_decline_per_year", what: "grid decline rate")
            let decline = p.gridDeclinePerYear ?? defaultDecline ?? 0
            note(
                "reference grid decline", String(format: "%g %%/yr", decline * 100),
                p.gridDeclinePerYear != nil
                    ? "file" : (defaultDecline != nil ? "file (study default)" : "none: constant grid intensity (static baseline)"))
            return decline
        }
    }

    static func summarise(_ key: String, _ rs: [AvoidedProjectResult]) -> AvoidedSummary {
        var a = AnnualAvoided(generationMWh: 0, displacedT: 0, lifeCycleLevelisedT: 0, avoidedT: 0)
        var l = LifetimeAvoided(generationMWh: 0, displacedT: 0, lifeCycleT: 0, avoidedT: 0, displacedConstantGridT: 0, avoidedConstantGridT: 0)
        var cap = 0.0, pv = 0.0, wind = 0.0
        for r in rs {
            cap += r.capacityKW
            if r.technology == PowerTechnology.pv.rawValue { pv += r.capacityKW } else { wind += r.capacityKW }
            a.generationMWh += r.annual.generationMWh
            a.displacedT += r.annual.displacedT
            a.lifeCycleLevelisedT += r.annual.lifeCycleLevelisedT
            a.avoidedT += r.annual.avoidedT
            l.generationMWh += r.lifetime.generationMWh
            l.displacedT += r.lifetime.displacedT
            l.lifeCycleT += r.lifetime.lifeCycleT
            l.avoidedT += r.lifetime.avoidedT
            l.displacedConstantGridT += r.lifetime.displacedConstantGridT
            l.avoidedConstantGridT += r.lifetime.avoidedConstantGridT
        }
        return AvoidedSummary(key: key, projects: rs.count, capacityKW: cap, pvKW: pv, windKW: wind, annual: a, lifetime: l)
    }
}

/// The arithmetic of the methods note's claim check (avoided.md §5): the capacity implied by a
/// manufacturing-emissions figure and by a lifetime avoided-emissions figure. When the two implied
/// capacities differ by an order of magnitude, the claim mixes scopes or timeframes.
public enum ClaimCheck {
    /// kW implied by manufacturing emissions `emissionsT` at `tPerKW`.
    public static func capacityFromManufacturing(emissionsT: Double, tPerKW: Double) -> Double { emissionsT / tPerKW }

    /// kW implied by lifetime avoided emissions: AE / (yield × L × EF_ref − m), without degradation.
    public static func capacityFromLifetimeAvoided(
        avoidedT: Double, specificYieldKWhPerKW: Double, lifetimeYears: Int, gridTPerMWh: Double,
        manufacturingTPerKW: Double = 0
    ) -> Double {
        avoidedT / (specificYieldKWhPerKW * Double(lifetimeYears) * gridTPerMWh / 1000 - manufacturingTPerKW)
    }
}
