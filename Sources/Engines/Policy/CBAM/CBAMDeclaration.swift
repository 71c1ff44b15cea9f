/// A CBAM installation file: installations with their production processes, and the imports to
/// assess. Read from YAML, JSON or CSV by `CBAMDeclarationFile` (YuhengData); the fields are
/// documented in `docs/cbam-format.md`.
///
/// A production process is given in one of three ways:
/// - **computed** from its own attributed emissions and precursors, per tonne
///   (`direct_t_per_t`, `electricity_mwh_per_t`, precursors `t_per_t`) or for the reporting period
///   (`activity_level_t`, `attributed_direct_t` or a share of the installation's emissions,
///   `electricity_mwh`, precursors `mass_t`);
/// - **given** specific embedded emissions (`see_direct`, `see_indirect`), e.g. a supplier's
///   verified values for a precursor;
/// - **default**: `data_source: default` uses the bundled default values for its CN code.
public struct CBAMDeclaration: Codable, Sendable, Equatable {
    /// Title of the declaration, shown in the report.
    public var title: String?
    /// Year of import (sets the CBAM factor and the mark-up); the command line can override it.
    public var year: Int?
    /// CBAM certificate price, EUR per certificate (= t CO2e).
    public var certificatePriceEUR: Double?
    /// Cross-sectoral correction factor of EU free allocation (default 1).
    public var cscf: Double?
    /// The producing installations with their processes.
    public var installations: [CBAMInstallation]
    /// The import lines to assess.
    public var imports: [CBAMImport]

    /// Memberwise initialiser.
    public init(
        title: String? = nil, year: Int? = nil, certificatePriceEUR: Double? = nil, cscf: Double? = nil,
        installations: [CBAMInstallation], imports: [CBAMImport]
    ) {
        self.title = title
        self.year = year
        self.certificatePriceEUR = certificatePriceEUR
        self.cscf = cscf
        self.installations = installations
        self.imports = imports
    }

    enum CodingKeys: String, CodingKey {
        case title, year, cscf, installations, imports
        case certificatePriceEUR = "certificate_price_eur"
    }

    /// The keys a file may use, by object kind (for "unknown field" messages).
    public static let allowedKeys: [String: Set<String>] = [
        "declaration": ["title", "year", "certificate_price_eur", "cscf", "installations", "imports"],
        "installation": ["id", "name", "country", "grid_ef_t_per_mwh", "direct_emissions_t", "electricity_mwh", "processes"],
        "process": [
            "id", "name", "cn_code", "route", "data_source", "see_direct", "see_indirect", "activity_level_t",
            "attributed_direct_t", "share_of_direct", "electricity_mwh", "share_of_electricity", "direct_t_per_t",
            "electricity_mwh_per_t", "indirect_t_per_t", "electricity_ef_t_per_mwh", "precursors"
        ],
        "precursor": ["process", "t_per_t", "mass_t", "sources"],
        "source": ["process", "share"],
        "import": [
            "id", "process", "cn_code", "country", "quantity_t", "benchmark_t_per_t", "carbon_price_paid_eur_per_t_co2e",
            "carbon_price_paid_eur", "default_see_t_per_t", "estimate"
        ],
        "estimate": ["price_usd_per_t", "mrio_sector", "mrio_region", "lca_process"]
    ]
}

/// A production site outside the EU and its processes (Implementing Regulation (EU) 2023/1773 Annex III).
public struct CBAMInstallation: Codable, Sendable, Equatable {
    /// Installation identifier, unique in the file; processes are referenced as "installation/process".
    public var id: String
    /// Display name of the installation, e.g. "Steelworks Tangshan".
    public var name: String?
    /// Country of production (ISO 3166-1 alpha-3).
    public var country: String?
    /// Emission factor of the electricity consumed, t CO2/MWh (default: the grid average of the
    /// country, which the command line takes from the data layer).
    public var gridEFtPerMWh: Double?
    /// Installation totals for attribution by shares (reporting period).
    public var directEmissionsT: Double?
    /// Electricity consumed by the installation over the reporting period, MWh.
    public var electricityMWh: Double?
    /// The production processes of the installation.
    public var processes: [CBAMProcess]

    /// Memberwise initialiser.
    public init(
        id: String, name: String? = nil, country: String? = nil, gridEFtPerMWh: Double? = nil, directEmissionsT: Double? = nil,
        electricityMWh: Double? = nil, processes: [CBAMProcess]
    ) {
        self.id = id
        self.name = name
        self.country = country
        self.gridEFtPerMWh = gridEFtPerMWh
        self.directEmissionsT = directEmissionsT
        self.electricityMWh = electricityMWh
        self.processes = processes
    }

    enum CodingKeys: String, CodingKey {
        case id, name, country, processes
        case gridEFtPerMWh = "grid_ef_t_per_mwh"
        case directEmissionsT = "direct_emissions_t"
        case electricityMWh = "electricity_mwh"
    }
}

/// A production process of an installation producing one CBAM good, with its emissions in one of three forms
/// (given SEE, reporting-period totals with shares, or per-tonne values) or the default values.
public struct CBAMProcess: Codable, Sendable, Equatable {
    /// Process identifier, unique within its installation.
    public var id: String
    /// Display name of the process, e.g. "Hot rolling".
    public var name: String?
    /// CN code of the good produced (spaces allowed, resolved against the catalog).
    public var cnCode: String
    /// Production route, for the record (BF-BOF, EAF, ...).
    public var route: String?
    /// "actual" (default when numbers are given) or "default" (use the bundled default values).
    public var dataSource: String?
    /// Given specific embedded emissions, t CO2e per tonne.
    public var seeDirect: Double?
    /// Given indirect specific embedded emissions, t CO2e per tonne.
    public var seeIndirect: Double?
    /// Reporting-period form.
    public var activityLevelT: Double?
    /// Direct emissions attributed to the process over the reporting period, t CO2e.
    public var attributedDirectT: Double?
    /// Share of the installation's direct emissions attributed to the process, 0…1.
    public var shareOfDirect: Double?
    /// Electricity consumed by the process over the reporting period, MWh.
    public var electricityMWh: Double?
    /// Share of the installation's electricity consumed by the process, 0…1.
    public var shareOfElectricity: Double?
    /// Per-tonne form.
    public var directTPerT: Double?
    /// Electricity consumed per tonne of good, MWh/t.
    public var electricityMWhPerT: Double?
    /// Indirect emissions per tonne of good, t CO2e/t (instead of electricity × emission factor).
    public var indirectTPerT: Double?
    /// Electricity emission factor of this process (e.g. a qualifying PPA), t CO2/MWh.
    public var electricityEFtPerMWh: Double?
    /// Precursors consumed (e.g. pig iron in steel), whose embedded emissions are added.
    public var precursors: [CBAMPrecursorUse]?

    /// Memberwise initialiser; give the numbers of one form only.
    public init(
        id: String, name: String? = nil, cnCode: String, route: String? = nil, dataSource: String? = nil,
        seeDirect: Double? = nil, seeIndirect: Double? = nil, activityLevelT: Double? = nil, attributedDirectT: Double? = nil,
        shareOfDirect: Double? = nil, electricityMWh: Double? = nil, shareOfElectricity: Double? = nil,
        directTPerT: Double? = nil, electricityMWhPerT: Double? = nil, indirectTPerT: Double? = nil,
        electricityEFtPerMWh: Double? = nil, precursors: [CBAMPrecursorUse]? = nil
    ) {
        self.id = id
        self.name = name
        self.cnCode = cnCode
        self.route = route
        self.dataSource = dataSource
        self.seeDirect = seeDirect
        self.seeIndirect = seeIndirect
        self.activityLevelT = activityLevelT
        self.attributedDirectT = attributedDirectT
        self.shareOfDirect = shareOfDirect
        self.electricityMWh = electricityMWh
        self.shareOfElectricity = shareOfElectricity
        self.directTPerT = directTPerT
        self.electricityMWhPerT = electricityMWhPerT
        self.indirectTPerT = indirectTPerT
        self.electricityEFtPerMWh = electricityEFtPerMWh
        self.precursors = precursors
    }

    enum CodingKeys: String, CodingKey {
        case id, name, route, precursors
        case cnCode = "cn_code"
        case dataSource = "data_source"
        case seeDirect = "see_direct"
        case seeIndirect = "see_indirect"
        case activityLevelT = "activity_level_t"
        case attributedDirectT = "attributed_direct_t"
        case shareOfDirect = "share_of_direct"
        case electricityMWh = "electricity_mwh"
        case shareOfElectricity = "share_of_electricity"
        case directTPerT = "direct_t_per_t"
        case electricityMWhPerT = "electricity_mwh_per_t"
        case indirectTPerT = "indirect_t_per_t"
        case electricityEFtPerMWh = "electricity_ef_t_per_mwh"
    }
}

/// A precursor consumed by a process: another process (`process`, "installation/process" or a
/// process id), or a mix of processes with supply `sources` whose shares add up to one.
public struct CBAMPrecursorUse: Codable, Sendable, Equatable {
    /// The producing process: "installation/process", or a process id of the same installation; nil with `sources`.
    public var process: String?
    /// Specific mass consumption m_i, t of precursor per t of good.
    public var tPerT: Double?
    /// Mass M_i consumed over the reporting period, t (needs the process's activity level).
    public var massT: Double?
    /// A supply mix of producing processes, shares adding up to 1; nil with `process`.
    public var sources: [CBAMPrecursorSource]?

    /// Memberwise initialiser; give `process` or `sources`, and `tPerT` or `massT`.
    public init(process: String? = nil, tPerT: Double? = nil, massT: Double? = nil, sources: [CBAMPrecursorSource]? = nil) {
        self.process = process
        self.tPerT = tPerT
        self.massT = massT
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey {
        case process, sources
        case tPerT = "t_per_t"
        case massT = "mass_t"
    }
}

/// One supplier of a precursor mix and its share of the supply.
public struct CBAMPrecursorSource: Codable, Sendable, Equatable {
    /// The producing process, "installation/process" or a process id.
    public var process: String
    /// Share of the precursor supplied by this process, 0…1.
    public var share: Double

    /// Memberwise initialiser.
    public init(process: String, share: Double) {
        self.process = process
        self.share = share
    }
}

/// One import line: a quantity of a good from a process of a declared installation (`process`),
/// or of a CN code with no installation data (`cn_code`: default values only).
public struct CBAMImport: Codable, Sendable, Equatable {
    /// Identifier of the import line in results; when absent, its "installation/process" or its CN code.
    public var id: String?
    /// The producing process, "installation/process"; nil for a good without installation data.
    public var process: String?
    /// CN code of a good without installation data (default values only); nil with `process`.
    public var cnCode: String?
    /// Country of origin (ISO3) when the good has no installation.
    public var country: String?
    /// Net mass imported, t (MWh for electricity).
    public var quantityT: Double
    /// CBAM benchmark for the free allocation adjustment, t CO2e/t (Implementing Regulation (EU)
    /// 2025/2620: column A with actual data, column B with default values).
    public var benchmarkTPerT: Double?
    /// Carbon price effectively paid abroad, EUR per t CO2e of the declared embedded emissions.
    public var carbonPricePaidEURPerTCO2e: Double?
    /// Carbon price effectively paid abroad in total, EUR.
    public var carbonPricePaidEUR: Double?
    /// The default value (total, without mark-up) for the country of origin, t CO2e/t, e.g. from
    /// Implementing Regulation (EU) 2025/2621 Annex I; otherwise the bundled transitional default.
    public var defaultSEEtPerT: Double?
    /// A request for indicative localised estimates (input-output and/or LCA).
    public var estimate: CBAMEstimateRequest?

    /// Memberwise initialiser; give `process` or `cnCode`.
    public init(
        id: String? = nil, process: String? = nil, cnCode: String? = nil, country: String? = nil, quantityT: Double,
        benchmarkTPerT: Double? = nil, carbonPricePaidEURPerTCO2e: Double? = nil, carbonPricePaidEUR: Double? = nil,
        defaultSEEtPerT: Double? = nil, estimate: CBAMEstimateRequest? = nil
    ) {
        self.id = id
        self.process = process
        self.cnCode = cnCode
        self.country = country
        self.quantityT = quantityT
        self.benchmarkTPerT = benchmarkTPerT
        self.carbonPricePaidEURPerTCO2e = carbonPricePaidEURPerTCO2e
        self.carbonPricePaidEUR = carbonPricePaidEUR
        self.defaultSEEtPerT = defaultSEEtPerT
        self.estimate = estimate
    }

    enum CodingKeys: String, CodingKey {
        case id, process, country, estimate
        case cnCode = "cn_code"
        case quantityT = "quantity_t"
        case benchmarkTPerT = "benchmark_t_per_t"
        case carbonPricePaidEURPerTCO2e = "carbon_price_paid_eur_per_t_co2e"
        case carbonPricePaidEUR = "carbon_price_paid_eur"
        case defaultSEEtPerT = "default_see_t_per_t"
    }
}

/// Which indicative estimates to make for a good whose producer has no data of its own.
public struct CBAMEstimateRequest: Codable, Sendable, Equatable {
    /// Price of a tonne of the good at basic prices, USD (2011 USD for the bundled WIOD table).
    /// Without it no input-output estimate is made.
    public var priceUSDPerT: Double?
    /// MRIO sector code (default by sector: 27t28 basic metals, 26 non-metallic minerals, 24 chemicals, E electricity).
    public var mrioSector: String?
    /// MRIO region (default: the country of origin; RoW when the table does not list it).
    public var mrioRegion: String?
    /// An LCA process name or id (e.g. "Portland cement, at plant" in the bundled US LCI).
    public var lcaProcess: String?

    /// Memberwise initialiser.
    public init(priceUSDPerT: Double? = nil, mrioSector: String? = nil, mrioRegion: String? = nil, lcaProcess: String? = nil) {
        self.priceUSDPerT = priceUSDPerT
        self.mrioSector = mrioSector
        self.mrioRegion = mrioRegion
        self.lcaProcess = lcaProcess
    }

    enum CodingKeys: String, CodingKey {
        case priceUSDPerT = "price_usd_per_t"
        case mrioSector = "mrio_sector"
        case mrioRegion = "mrio_region"
        case lcaProcess = "lca_process"
    }
}

/// A grid electricity emission factor handed to the engines (the engines do no IO).
public struct GridIntensity: Codable, Sendable, Equatable {
    /// ISO 3166-1 alpha-3 code of the country whose grid this is.
    public var iso3: String
    /// Year of the figure, when known.
    public var year: Int?
    /// t CO2e per MWh (= kg per kWh).
    public var tPerMWh: Double
    /// Dataset the figure comes from, e.g. "ember-2024", shown in the assumptions.
    public var source: String

    /// Memberwise initialiser.
    public init(iso3: String, year: Int? = nil, tPerMWh: Double, source: String) {
        self.iso3 = iso3
        self.year = year
        self.tPerMWh = tPerMWh
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case iso3, year, source
        case tPerMWh = "t_per_mwh"
    }
}
