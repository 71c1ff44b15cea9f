/// A value with a range where the data give one (model spread, ensemble minimum–maximum).
public struct RangeValue: Sendable, Codable, Hashable {
    public var value: Double
    public var low: Double?
    public var high: Double?

    public init(value: Double, low: Double? = nil, high: Double? = nil) {
        self.value = value
        self.low = low
        self.high = high
    }

    public func scaled(by k: Double) -> RangeValue {
        let l = low.map { $0 * k }, h = high.map { $0 * k }
        if k < 0 { return RangeValue(value: value * k, low: h, high: l) }
        return RangeValue(value: value * k, low: l, high: h)
    }
}

/// A country's land-use change CO2 emissions for one year (GCB bookkeeping models).
public struct LandUseEstimate: Sendable, Codable, Hashable {
    public var iso3: String
    public var year: Int
    /// Mean of the models, Mt CO2/yr (positive = net source).
    public var meanMt: Double
    /// Minimum and maximum of the models, Mt CO2/yr.
    public var lowMt: Double
    public var highMt: Double
    /// Each model's value, Mt CO2/yr.
    public var modelsMt: [String: Double]
    public var datasetID: String

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
    public var iso3: String
    /// GMB region id (e.g. "brazil", "europe").
    public var region: String
    public var period: String
    /// "region" when the country is (nearly) the region, else "area share".
    public var allocation: String
    public var share: Double
    /// Top-down ensemble: total natural sources, wetlands, other natural sources and the soil sink, Tg CH4/yr
    /// (value = mean, low/high = ensemble minimum/maximum), already multiplied by the share.
    public var naturalSourcesTg: RangeValue
    public var wetlandsTg: RangeValue?
    public var otherNaturalTg: RangeValue?
    public var soilSinkTg: RangeValue?
    /// Bottom-up (process models) wetlands, Tg CH4/yr, shared likewise.
    public var wetlandsBottomUpTg: RangeValue?
    public var datasetID: String

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
    public var year: Int
    public var mt: Double
    public var datasetID: String

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
    public var iso3: String
    public var name: String
    /// Land-use change CO2 for the requested year (or the nearest year with data).
    public var landUse: LandUseEstimate?
    /// The whole series, oldest first.
    public var landUseSeries: [LandUseEstimate]
    /// Inventory-like LUCF CO2 (Climate Watch / CAIT) for the requested year (or nearest).
    public var lucf: LUCFEstimate?
    public var naturalMethane: NaturalMethaneEstimate?

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
