/// Wind and PV technologies with documented default parameters.
public enum PowerTechnology: String, Codable, Sendable, CaseIterable {
    case pv
    case onshoreWind = "onshore_wind"
    case offshoreWind = "offshore_wind"

    /// Accepts "pv", "solar", "onshore_wind", "wind", "offshore_wind" (any case, '-' or ' ' for '_').
    public init?(name: String) {
        let n = name.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        switch n {
        case "pv", "solar", "solar_pv", "photovoltaic": self = .pv
        case "onshore_wind", "wind", "wind_onshore": self = .onshoreWind
        case "offshore_wind", "wind_offshore": self = .offshoreWind
        default: return nil
        }
    }

    /// Display name: "PV", "onshore wind" or "offshore wind".
    public var label: String {
        switch self {
        case .pv: return "PV"
        case .onshoreWind: return "onshore wind"
        case .offshoreWind: return "offshore wind"
        }
    }
}

/// Default parameters of a technology, used where a project gives none; every use is listed in
/// the report's assumptions. Ranges and sources are in `docs/avoided-format.md`.
public struct TechnologyDefaults: Sendable, Equatable {
    /// Default operating lifetime, years.
    public var lifetimeYears: Int
    /// Default yearly relative output degradation, e.g. 0.005 (0.5 %/yr) for PV.
    public var degradationPerYear: Double
    /// Curtailment and losses not already in the capacity factor.
    public var losses: Double
    /// Manufacturing (cradle-to-gate incl. transport and installation) footprint, t CO2e per kW.
    public var manufacturingTPerKW: Double
    /// Capacity factor where neither the project nor the country table gives one.
    public var globalCapacityFactor: Double
    /// References the defaults are taken from, shown in the assumptions.
    public var source: String

    /// The documented defaults of a technology.
    public static func of(_ t: PowerTechnology) -> TechnologyDefaults {
        switch t {
        case .pv:
            return TechnologyDefaults(
                lifetimeYears: 25, degradationPerYear: 0.005, losses: 0, manufacturingTPerKW: 0.8, globalCapacityFactor: 0.14,
                source:
                    "methods note avoided.md §3: c-Si PV lifetime 25–30 yr (25 taken), degradation 0.5 %/yr, manufacturing 0.8 t CO2e/kWp (top of the 0.3–0.8 module-only range, as in AV-1), global mean CF ≈ 0.14"
            )
        case .onshoreWind:
            return TechnologyDefaults(
                lifetimeYears: 20, degradationPerYear: 0.005, losses: 0, manufacturingTPerKW: 0.4, globalCapacityFactor: 0.25,
                source:
                    "methods note avoided.md §3: onshore wind lifetime 20–25 yr (20 taken), degradation 0–1.6 %/yr (0.5 % taken), 0.25–0.7 t CO2e/kW incl. foundation (0.4 taken, as in AV-2), global mean CF ≈ 0.25–0.30 (0.25 taken)"
            )
        case .offshoreWind:
            return TechnologyDefaults(
                lifetimeYears: 25, degradationPerYear: 0.005, losses: 0, manufacturingTPerKW: 0.75, globalCapacityFactor: 0.35,
                source:
                    "methods note avoided.md §3: offshore wind lifetime 25 yr, degradation ~0.5–1 %/yr (0.5 % taken), 0.5–1.0 t CO2e/kW (0.75 taken); CF 0.35 is a judgement, not in the note"
            )
        }
    }

    /// Typical recent fleet capacity factors by destination (ISO3) from the methods note's table
    /// (avoided.md §3, marked [M]: not verified against IRENA/Ember data).
    public static let countryCapacityFactors: [String: (pv: Double, onshoreWind: Double)] = [
        "CHN": (0.13, 0.22), "IND": (0.18, 0.25), "DEU": (0.10, 0.20), "ESP": (0.18, 0.24), "USA": (0.24, 0.35),
        "BRA": (0.22, 0.40), "SAU": (0.23, 0.35), "ARE": (0.23, 0.35)
    ]
}

/// One export line: capacity of a technology sold to a destination country.
public struct AvoidedProject: Codable, Sendable, Equatable {
    /// Project identifier shown in results; when absent, "destination-technology" (e.g. "IND-pv").
    public var id: String?
    /// Technology name, parsed by ``PowerTechnology/init(name:)`` ("pv", "solar", "wind", "offshore_wind", …).
    public var technology: String
    /// Destination country (ISO3): where the capacity operates and whose grid it displaces.
    public var destination: String?
    /// Installed capacity, kW (give this or `capacityMW`).
    public var capacityKW: Double?
    /// Installed capacity, MW (give this or `capacityKW`).
    public var capacityMW: Double?
    /// Capacity factor, in (0, 1) (default: the destination's from the data layer, else the technology's global default).
    public var capacityFactor: Double?
    /// Operating lifetime, years (default: the technology's).
    public var lifetimeYears: Int?
    /// Yearly relative output degradation, e.g. 0.005 (default: the technology's).
    public var degradationPerYear: Double?
    /// Curtailment and losses not already in the capacity factor (fraction).
    public var losses: Double?
    /// Life-cycle emissions per kW (manufacturing, transport, installation), t CO2e/kW.
    public var manufacturingTPerKW: Double?
    /// Life-cycle emissions of the whole line, t CO2e (instead of manufacturing_t_per_kw).
    public var lifeCycleT: Double?
    /// Operation and maintenance, t CO2e per year, and end of life, t CO2e.
    public var omTPerYear: Double?
    /// End-of-life emissions, t CO2e.
    public var endOfLifeT: Double?
    /// Reference grid intensity, t CO2e/MWh (default: the destination's grid from the data layer).
    public var gridTPerMWh: Double?
    /// Yearly relative decline of the reference grid intensity (dynamic baseline), e.g. 0.03.
    public var gridDeclinePerYear: Double?

    /// A project; every parameter left nil takes a documented default, listed in the assumptions.
    public init(
        id: String? = nil, technology: String, destination: String? = nil, capacityKW: Double? = nil, capacityMW: Double? = nil,
        capacityFactor: Double? = nil, lifetimeYears: Int? = nil, degradationPerYear: Double? = nil, losses: Double? = nil,
        manufacturingTPerKW: Double? = nil, lifeCycleT: Double? = nil, omTPerYear: Double? = nil, endOfLifeT: Double? = nil,
        gridTPerMWh: Double? = nil, gridDeclinePerYear: Double? = nil
    ) {
        self.id = id
        self.technology = technology
        self.destination = destination
        self.capacityKW = capacityKW
        self.capacityMW = capacityMW
        self.capacityFactor = capacityFactor
        self.lifetimeYears = lifetimeYears
        self.degradationPerYear = degradationPerYear
        self.losses = losses
        self.manufacturingTPerKW = manufacturingTPerKW
        self.lifeCycleT = lifeCycleT
        self.omTPerYear = omTPerYear
        self.endOfLifeT = endOfLifeT
        self.gridTPerMWh = gridTPerMWh
        self.gridDeclinePerYear = gridDeclinePerYear
    }

    enum CodingKeys: String, CodingKey {
        case id, technology, destination, losses
        case capacityKW = "capacity_kw"
        case capacityMW = "capacity_mw"
        case capacityFactor = "capacity_factor"
        case lifetimeYears = "lifetime_years"
        case degradationPerYear = "degradation_per_year"
        case manufacturingTPerKW = "manufacturing_t_per_kw"
        case lifeCycleT = "life_cycle_t"
        case omTPerYear = "om_t_per_year"
        case endOfLifeT = "end_of_life_t"
        case gridTPerMWh = "grid_t_per_mwh"
        case gridDeclinePerYear = "grid_decline_per_year"
    }

    /// The keys a project may have in a file; any other key is reported as unknown.
    public static let allowedKeys: Set<String> = [
        "id", "technology", "destination", "capacity_kw", "capacity_mw", "capacity_factor", "lifetime_years",
        "degradation_per_year", "losses", "manufacturing_t_per_kw", "life_cycle_t", "om_t_per_year",
        "end_of_life_t", "grid_t_per_mwh", "grid_decline_per_year"
    ]
}

/// An avoided-emissions file: one project or an export portfolio.
public struct AvoidedStudy: Codable, Sendable, Equatable {
    /// Title of the study, shown in the report.
    public var title: String?
    /// Default grid decline for projects that give none.
    public var gridDeclinePerYear: Double?
    /// The projects (export lines) of the study.
    public var projects: [AvoidedProject]

    /// Memberwise initialiser.
    public init(title: String? = nil, gridDeclinePerYear: Double? = nil, projects: [AvoidedProject]) {
        self.title = title
        self.gridDeclinePerYear = gridDeclinePerYear
        self.projects = projects
    }

    enum CodingKeys: String, CodingKey {
        case title, projects
        case gridDeclinePerYear = "grid_decline_per_year"
    }

    /// The top-level keys a study file may have; any other key is reported as unknown.
    public static let allowedKeys: Set<String> = ["title", "grid_decline_per_year", "projects"]
}
