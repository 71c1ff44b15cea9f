import YuhengCore

/// A unit group (openLCA) or unit family: units with their factor to the group's reference unit.
public struct LCIUnitGroup: Sendable, Hashable, Codable {
    /// Unit group id (openLCA UUID or importer-made key).
    public var id: String
    /// Display name, e.g. "Units of mass".
    public var name: String
    /// Name of the reference unit, e.g. "kg".
    public var referenceUnit: String
    /// Unit name → how many reference units one of this unit is (the reference unit has 1).
    public var units: [String: Double]

    /// Memberwise initialiser.
    public init(id: String, name: String, referenceUnit: String, units: [String: Double]) {
        self.id = id
        self.name = name
        self.referenceUnit = referenceUnit
        self.units = units
    }
}

/// A flow property (mass, energy, volume, …) measured in one unit group.
public struct LCIFlowProperty: Sendable, Hashable, Codable {
    /// Flow property id (openLCA UUID or importer-made key).
    public var id: String
    /// Display name, e.g. "Mass" or "Energy".
    public var name: String
    /// Id of the unit group the property is measured in.
    public var unitGroupID: String

    /// Memberwise initialiser.
    public init(id: String, name: String, unitGroupID: String) {
        self.id = id
        self.name = name
        self.unitGroupID = unitGroupID
    }
}

/// Kind of flow: elementary (exchanged with the environment), product, or waste (treated by a process).
public enum LCIFlowType: String, Sendable, Hashable, Codable {
    case elementary, product, waste
}

/// A flow: an elementary flow (emission, resource) or a product or waste.
public struct LCIFlow: Sendable, Hashable, Codable {
    /// Flow id (UUID as in the source).
    public var id: String
    /// Display name, e.g. "Carbon dioxide, fossil" or "Electricity, at grid".
    public var name: String
    /// Elementary, product or waste.
    public var type: LCIFlowType
    /// CAS registry number as given (may have leading zeros), if any.
    public var cas: String?
    /// Compartment / category path, e.g. ["Elementary Flows", "air", "unspecified"].
    public var category: [String]
    /// Id of the reference flow property; matrix rows are in its reference unit.
    public var referencePropertyID: String
    /// Flow property id → conversion factor F: amount of that property per 1 unit of the reference property
    /// (openLCA semantics; 1 for the reference property).
    public var propertyFactors: [String: Double]
    /// Location code of the flow (e.g. "US"), if any.
    public var location: String?

    /// Memberwise initialiser.
    public init(
        id: String, name: String, type: LCIFlowType, cas: String? = nil, category: [String] = [], referencePropertyID: String,
        propertyFactors: [String: Double], location: String? = nil
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.cas = cas
        self.category = category
        self.referencePropertyID = referencePropertyID
        self.propertyFactors = propertyFactors
        self.location = location
    }
}

/// An uncertainty distribution attached to an exchange, as the source gives it.
public struct LCIUncertainty: Sendable, Hashable, Codable {
    /// The distribution family, as the source names it.
    public enum Kind: String, Sendable, Hashable, Codable { case lognormal, normal, triangular, uniform, undefined }
    /// The distribution family; `undefined` is kept for the record and never sampled.
    public var kind: Kind
    /// lognormal: geometric mean and geometric standard deviation; normal: mean and sd;
    /// triangular: minimum, mode, maximum; uniform: minimum, maximum.
    public var parameters: [String: Double]

    /// Memberwise initialiser.
    public init(kind: Kind, parameters: [String: Double]) {
        self.kind = kind
        self.parameters = parameters
    }
}

/// One input or output of a process.
public struct LCIExchange: Sendable, Hashable, Codable {
    /// Id of the flow exchanged.
    public var flowID: String
    /// The amount as stored, in `unit` of `propertyID`.
    public var amount: Double
    /// Unit name of `amount`, in the unit group of `propertyID`.
    public var unit: String
    /// Flow property `amount` is measured in (converted to the flow's reference property for the matrices).
    public var propertyID: String
    /// True for an input, false for an output.
    public var isInput: Bool
    /// True for the process's reference product (its quantitative reference).
    public var isQuantitativeReference: Bool
    /// An avoided product (system expansion): an output that substitutes a product from elsewhere.
    public var isAvoidedProduct: Bool
    /// Process id that should provide this input, when the source names one.
    public var defaultProviderID: String?
    /// The exchange's uncertainty as stored, if any.
    public var uncertainty: LCIUncertainty?
    /// The formula the amount was computed from, kept for reference (not re-evaluated).
    public var formula: String?
    /// Exchange id within the process (openLCA internalId), for allocation factors and reporting.
    public var internalID: Int?
    /// Free-text comment on the exchange.
    public var description: String?

    /// Memberwise initialiser.
    public init(
        flowID: String, amount: Double, unit: String, propertyID: String, isInput: Bool, isQuantitativeReference: Bool = false,
        isAvoidedProduct: Bool = false, defaultProviderID: String? = nil, uncertainty: LCIUncertainty? = nil, formula: String? = nil,
        internalID: Int? = nil, description: String? = nil
    ) {
        self.flowID = flowID
        self.amount = amount
        self.unit = unit
        self.propertyID = propertyID
        self.isInput = isInput
        self.isQuantitativeReference = isQuantitativeReference
        self.isAvoidedProduct = isAvoidedProduct
        self.defaultProviderID = defaultProviderID
        self.uncertainty = uncertainty
        self.formula = formula
        self.internalID = internalID
        self.description = description
    }
}

/// How a multi-output process's burdens are split between its co-products.
public enum AllocationMethod: String, Sendable, Hashable, Codable {
    case none, physical, economic, causal
}

/// An allocation factor of a multi-output process.
public struct LCIAllocationFactor: Sendable, Hashable, Codable {
    /// Physical, economic or causal.
    public var method: AllocationMethod
    /// The co-product (flow id) the share goes to.
    public var productID: String
    /// Share of the burdens going to the co-product, 0…1.
    public var value: Double
    /// For causal allocation: the exchange (flow id) the factor applies to.
    public var exchangeFlowID: String?

    /// Memberwise initialiser.
    public init(method: AllocationMethod, productID: String, value: Double, exchangeFlowID: String? = nil) {
        self.method = method
        self.productID = productID
        self.value = value
        self.exchangeFlowID = exchangeFlowID
    }
}

/// A unit process.
public struct LCIProcess: Sendable, Hashable, Codable {
    /// Process id (UUID as in the source).
    public var id: String
    /// Display name, e.g. "Electricity, at grid, US, 2010".
    public var name: String
    /// Category of the process as the source gives it (a path such as "Utilities/Fossil Fuel Electric Power Generation"); study stages match it.
    public var category: String
    /// Location code (e.g. "US", "RNA"), if any.
    public var location: String?
    /// Inputs and outputs, including the quantitative reference.
    public var exchanges: [LCIExchange]
    /// The process's own allocation method, if it states one.
    public var defaultAllocation: AllocationMethod?
    /// Allocation factors per co-product (and per exchange for causal allocation).
    public var allocationFactors: [LCIAllocationFactor]
    /// Process parameters as given (name → value); formulas are not re-evaluated.
    public var parameters: [String: Double]
    /// Free-text description of the process.
    public var description: String?
    /// Free-text data-quality and documentation fields (time, geography, technology, sources).
    public var documentation: [String: String]

    /// Memberwise initialiser.
    public init(
        id: String, name: String, category: String = "", location: String? = nil, exchanges: [LCIExchange],
        defaultAllocation: AllocationMethod? = nil, allocationFactors: [LCIAllocationFactor] = [], parameters: [String: Double] = [:],
        description: String? = nil, documentation: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.location = location
        self.exchanges = exchanges
        self.defaultAllocation = defaultAllocation
        self.allocationFactors = allocationFactors
        self.parameters = parameters
        self.description = description
        self.documentation = documentation
    }

    /// The quantitative reference exchange, if the process has one.
    public var referenceExchange: LCIExchange? { exchanges.first { $0.isQuantitativeReference } }
}

/// A dataset (process) that an import rejected on its own, with the reasons; the other datasets
/// were imported. Calculations that would need it name it.
public struct LCIRejectedProcess: Sendable, Hashable, Codable {
    /// The process id (activity id, `@id`), or the file name when the file could not be read.
    public var id: String
    /// Display name of the dataset, or the file name when it could not be read.
    public var name: String
    /// The file (or archive entry) it came from.
    public var source: String
    /// Why it was rejected, one sentence each.
    public var reasons: [String]
    /// Product flow ids it would have provided (outputs), when known.
    public var products: [String]

    /// Memberwise initialiser.
    public init(id: String, name: String, source: String, reasons: [String], products: [String] = []) {
        self.id = id
        self.name = name
        self.source = source
        self.reasons = reasons
        self.products = products
    }
}

/// A life cycle inventory database in memory: what importers produce and the engine consumes.
public struct LCIDatabase: Sendable {
    /// Display name of the database, e.g. "US LCI".
    public var name: String
    /// Dataset, version and licence, when known.
    public var provenance: Provenance?
    /// Unit groups by id.
    public var unitGroups: [String: LCIUnitGroup]
    /// Flow properties by id.
    public var flowProperties: [String: LCIFlowProperty]
    /// Flows (elementary, product, waste) by id.
    public var flows: [String: LCIFlow]
    /// Processes sorted by id.
    public var processes: [LCIProcess]
    /// Datasets the import rejected (each on its own), sorted by id.
    public var rejected: [LCIRejectedProcess] = []

    /// A database; the processes are sorted by id.
    public init(
        name: String, provenance: Provenance? = nil, unitGroups: [String: LCIUnitGroup], flowProperties: [String: LCIFlowProperty],
        flows: [String: LCIFlow], processes: [LCIProcess]
    ) {
        self.name = name
        self.provenance = provenance
        self.unitGroups = unitGroups
        self.flowProperties = flowProperties
        self.flows = flows
        self.processes = processes.sorted { $0.id < $1.id }
    }

    /// The rejected dataset with this id or name, if any.
    public func rejectedProcess(_ query: String) -> LCIRejectedProcess? {
        let q = query.lowercased()
        return rejected.first { $0.id == query || $0.name.lowercased() == q } ?? rejected.first { !query.isEmpty && $0.id.hasPrefix(query) }
    }
}

extension LCIDatabase: Codable {
    enum CodingKeys: String, CodingKey { case name, provenance, unitGroups, flowProperties, flows, processes, rejected }

    /// Decodes a database saved by ``encode(to:)``; a missing `rejected` list reads as empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        provenance = try c.decodeIfPresent(Provenance.self, forKey: .provenance)
        unitGroups = try c.decode([String: LCIUnitGroup].self, forKey: .unitGroups)
        flowProperties = try c.decode([String: LCIFlowProperty].self, forKey: .flowProperties)
        flows = try c.decode([String: LCIFlow].self, forKey: .flows)
        processes = try c.decode([LCIProcess].self, forKey: .processes)
        rejected = try c.decodeIfPresent([LCIRejectedProcess].self, forKey: .rejected) ?? []
    }

    /// `rejected` is written only when there are rejected datasets (the encoding of a database
    /// without any, and so its content checksum, is what it was before the field existed).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(provenance, forKey: .provenance)
        try c.encode(unitGroups, forKey: .unitGroups)
        try c.encode(flowProperties, forKey: .flowProperties)
        try c.encode(flows, forKey: .flows)
        try c.encode(processes, forKey: .processes)
        if !rejected.isEmpty { try c.encode(rejected, forKey: .rejected) }
    }
}

/// An error in LCI data or an LCA calculation, naming the dataset and entity.
public struct LCAError: YuhengError, Equatable {
    /// The failures of LCI data or an LCA calculation (qualified as `lca.<code>`).
    public enum Code: String, ErrorCode, Codable {
        case malformedFile, missingFile, missingEntity, invalidAmount, unknownUnit, noReferenceProduct, singular, unknownProcess,
            ambiguousProcess, invalidStudy, unknownMethod, invalidArgument, rejectedProcess

        /// The kind of failure of this code (it decides the HTTP status and the exit status).
        public var kind: ErrorKind {
            switch self {
            case .malformedFile, .invalidAmount, .noReferenceProduct, .ambiguousProcess, .invalidStudy, .unknownMethod, .invalidArgument,
                .rejectedProcess:
                .invalidInput
            case .missingFile, .missingEntity, .unknownProcess: .notFound
            case .unknownUnit: .unitMismatch
            case .singular: .computation
            }
        }
    }
    /// "lca", the prefix of the qualified codes.
    public static let domain = "lca"
    /// What failed.
    public let code: Code
    /// What is wrong, in words, naming the value.
    public let message: String
    /// Dataset (file) and entity (process, flow, …) the error concerns.
    public var dataset: String?
    /// The entity (process, flow, unit, …) at fault, by name or id.
    public var entity: String?
    /// How to fix it, e.g. the known methods or the closest process names.
    public var suggestion: String?

    /// An error with its code and message and, where known, the dataset, the entity and a suggestion.
    public init(_ code: Code, _ message: String, dataset: String? = nil, entity: String? = nil, suggestion: String? = nil) {
        self.code = code
        self.message = message
        self.dataset = dataset
        self.entity = entity
        self.suggestion = suggestion
    }

    /// The dataset is the file; the entity is the record (a process, "line 4, column 8"), except in a
    /// study, where it names the study's field (`reference.amount`).
    public var location: ErrorLocation? {
        code == .invalidStudy ? ErrorLocation.make(file: dataset, field: entity) : ErrorLocation.make(file: dataset, entity: entity)
    }
}

extension LCIDatabase {
    /// The reference unit of a flow: that of its reference property's unit group ("" when the database lacks them).
    public func referenceUnit(ofFlow flow: LCIFlow) -> String {
        guard let prop = flowProperties[flow.referencePropertyID], let g = unitGroups[prop.unitGroupID] else { return "" }
        return g.referenceUnit
    }
}
