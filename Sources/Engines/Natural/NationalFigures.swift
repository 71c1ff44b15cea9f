/// A value with a range where the data give one (model spread, ensemble minimum–maximum).
public struct RangeValue: Sendable, Codable, Hashable {
    /// Central value (mean or best estimate).
    public var value: Double
    /// Lower end of the range, nil when the data give none.
    public var low: Double?
    /// Upper end of the range, nil when the data give none.
    public var high: Double?

    /// Memberwise initialiser.
    public init(value: Double, low: Double? = nil, high: Double? = nil) {
        self.value = value
        self.low = low
        self.high = high
    }

    /// The value and range times k (a negative k swaps low and high), e.g. Tg CH4 × GWP to Mt CO2e.
    public func scaled(by k: Double) -> RangeValue {
        let l = low.map { $0 * k }, h = high.map { $0 * k }
        if k < 0 { return RangeValue(value: value * k, low: h, high: l) }
        return RangeValue(value: value * k, low: l, high: h)
    }
}

/// A country's land-use change CO2 emissions for one year (GCB bookkeeping models).
public struct LandUseEstimate: Sendable, Codable, Hashable {
    /// ISO 3166-1 alpha-3 code of the country.
    public var iso3: String
    /// Year of the estimate.
    public var year: Int
    /// Mean of the models, Mt CO2/yr (positive = net source).
    public var meanMt: Double
    /// Minimum and maximum of the models, Mt CO2/yr.
    public var lowMt: Double
    /// Maximum of the models, Mt CO2/yr.
    public var highMt: Double
    /// Each model's value, Mt CO2/yr.
    public var modelsMt: [String: Double]
    /// Identifier of the dataset, e.g. "gcb2024-luc".
    public var datasetID: String

    /// An estimate from each model's value; mean, low and high are derived from `modelsMt`.
    public init(iso3: String, year: Int, modelsMt: [String: Double], datasetID: String) {
        self.iso3 = iso3
        self.year = year
        self.modelsMt = modelsMt
        self.datasetID = datasetID
        // In model-name order: the mean must not depend on the dictionary's hash order (it did, in the last bit).
        let v = modelsMt.keys.sorted().map { modelsMt[$0]! }
        meanMt = v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count)
        lowMt = v.min() ?? 0
        highMt = v.max() ?? 0
    }

    enum CodingKeys: String, CodingKey {
        case iso3, year
        case meanMt = "mean_mt_co2"
        case lowMt = "low_mt_co2"
        case highMt = "high_mt_co2"
        case modelsMt = "models_mt_co2"
        case datasetID = "dataset_id"
    }
}

/// A country's indicative share of its Global Methane Budget region's natural CH4.
public struct NaturalMethaneEstimate: Sendable, Codable, Hashable {
    /// ISO 3166-1 alpha-3 code of the country.
    public var iso3: String
    /// GMB region id (e.g. "brazil", "europe").
    public var region: String
    /// Averaging period of the budget, e.g. "2008-2017".
    public var period: String
    /// "region" when the country is (nearly) the region, else "area share".
    public var allocation: String
    /// The country's share of the region (1 for "region", its land-area share otherwise), in [0, 1].
    public var share: Double
    /// Top-down ensemble: total natural sources, wetlands, other natural sources and the soil sink, Tg CH4/yr
    /// (value = mean, low/high = ensemble minimum/maximum), already multiplied by the share.
    public var naturalSourcesTg: RangeValue
    /// Wetland emissions (top-down), Tg CH4/yr, shared likewise.
    public var wetlandsTg: RangeValue?
    /// Other natural sources (inland waters, geological, termites, …), Tg CH4/yr, shared likewise.
    public var otherNaturalTg: RangeValue?
    /// Soil uptake (sink), Tg CH4/yr, shared likewise.
    public var soilSinkTg: RangeValue?
    /// Bottom-up (process models) wetlands, Tg CH4/yr, shared likewise.
    public var wetlandsBottomUpTg: RangeValue?
    /// Identifier of the dataset, e.g. "gmb2020-regions".
    public var datasetID: String

    /// Memberwise initialiser; the figures must already be multiplied by `share`.
    public init(
        iso3: String, region: String, period: String, share: Double, naturalSourcesTg: RangeValue, wetlandsTg: RangeValue? = nil,
        otherNaturalTg: RangeValue? = nil, soilSinkTg: RangeValue? = nil, wetlandsBottomUpTg: RangeValue? = nil, datasetID: String
    ) {
        self.iso3 = iso3
        self.region = region
        self.period = period
        self.share = share
        self.allocation = share >= 0.99 ? "region" : "area share"
        self.naturalSourcesTg = naturalSourcesTg
        self.wetlandsTg = wetlandsTg
        self.otherNaturalTg = otherNaturalTg
        self.soilSinkTg = soilSinkTg
        self.wetlandsBottomUpTg = wetlandsBottomUpTg
        self.datasetID = datasetID
    }

    enum CodingKeys: String, CodingKey {
        case iso3, region, period, allocation, share
        case naturalSourcesTg = "natural_sources_tg_ch4"
        case wetlandsTg = "wetlands_tg_ch4"
        case otherNaturalTg = "other_natural_tg_ch4"
        case soilSinkTg = "soil_sink_tg_ch4"
        case wetlandsBottomUpTg = "wetlands_bottom_up_tg_ch4"
        case datasetID = "dataset_id"
    }

    /// Natural CH4 sources in Mt CO2e (1 Tg = 1 Mt) with a GWP.
    public func co2eMt(gwpCH4: Double) -> RangeValue { naturalSourcesTg.scaled(by: gwpCH4) }
}

/// An inventory-like (FAO-based) LUCF CO2 figure for one year, Mt CO2.
public struct LUCFEstimate: Sendable, Codable, Hashable {
    /// Year of the figure.
    public var year: Int
    /// Net LUCF CO2, Mt CO2 (positive = net emission).
    public var mt: Double
    /// Identifier of the dataset the figure comes from.
    public var datasetID: String

    /// Memberwise initialiser.
    public init(year: Int, mt: Double, datasetID: String) {
        self.year = year
        self.mt = mt
        self.datasetID = datasetID
    }

    enum CodingKeys: String, CodingKey {
        case year
        case mt = "mt_co2"
        case datasetID = "dataset_id"
    }
}

/// Everything the data layer holds about a country's land-use and natural fluxes.
public struct NationalNaturalFigures: Sendable, Codable, Hashable {
    /// ISO 3166-1 alpha-3 code of the country.
    public var iso3: String
    /// Country display name, e.g. "Brazil".
    public var name: String
    /// Land-use change CO2 for the requested year (or the nearest year with data).
    public var landUse: LandUseEstimate?
    /// The whole series, oldest first.
    public var landUseSeries: [LandUseEstimate]
    /// Inventory-like LUCF CO2 (Climate Watch / CAIT) for the requested year (or nearest).
    public var lucf: LUCFEstimate?
    /// The country's share of its GMB region's natural CH4, nil when the country is in no region.
    public var naturalMethane: NaturalMethaneEstimate?

    /// Memberwise initialiser.
    public init(
        iso3: String, name: String, landUse: LandUseEstimate? = nil, landUseSeries: [LandUseEstimate] = [], lucf: LUCFEstimate? = nil,
        naturalMethane: NaturalMethaneEstimate? = nil
    ) {
        self.iso3 = iso3
        self.name = name
        self.landUse = landUse
        self.landUseSeries = landUseSeries
        self.lucf = lucf
        self.naturalMethane = naturalMethane
    }

    enum CodingKeys: String, CodingKey {
        case iso3, name, lucf
        case landUse = "land_use"
        case landUseSeries = "land_use_series"
        case naturalMethane = "natural_ch4"
    }
}
