import YuhengCore

extension InventoryEngine {
    /// The Tier 1 methods added for the national inventory (all but stationary, mobile, cement,
    /// enteric and reference). A line may give more than one source result (manure and managed soils
    /// report their indirect N2O under 3.C.6 and 3.C.5).
    func tier1(_ a: Activity) throws -> [SourceResult] {
        switch a.method {
        case .coalMining: return try coalMining(a)
        case .oilGas: return try oilGas(a)
        case .lime: return try limeProduction(a)
        case .glass: return try glassProduction(a)
        case .carbonates: return try carbonateUse(a)
        case .ammonia: return try ammoniaProduction(a)
        case .nitricAcid: return try nitricAcidProduction(a)
        case .adipicAcid: return try adipicAcidProduction(a)
        case .caprolactam: return try caprolactamProduction(a)
        case .carbide: return try carbideProduction(a)
        case .titaniumDioxide: return try titaniumDioxideProduction(a)
        case .sodaAsh: return try sodaAshProduction(a)
        case .petrochemicals: return try petrochemicalProduction(a)
        case .ironSteel: return try ironSteelProduction(a)
        case .ferroalloys: return try ferroalloyProduction(a)
        case .aluminium: return try aluminiumProduction(a)
        case .magnesium: return try magnesiumProduction(a)
        case .lead: return try leadProduction(a)
        case .zinc: return try zincProduction(a)
        case .nonEnergyProducts: return try nonEnergyProductUse(a)
        case .refrigeration: return try refrigerationUse(a)
        case .sf6Equipment: return try sf6EquipmentUse(a)
        case .manure: return try manureManagement(a)
        case .biomassBurning: return try biomassBurning(a)
        case .liming: return try liming(a)
        case .urea: return try ureaApplication(a)
        case .soilN2O: return try soilN2O(a)
        case .rice: return try riceCultivation(a)
        case .landfill:
            throw InventoryError(
                .missingValue, "solid waste disposal (first order decay) needs the disposal history", field: "year",
                suggestion: "give a year column with one line per year of disposal and compute the time series (`yuheng inventory` does)")
        case .biologicalTreatment: return try biologicalTreatment(a)
        case .incineration, .openBurning: return try wasteCombustion(a)
        case .wastewater: return try wastewater(a)
        case .stationary, .mobile, .cement, .enteric, .reference:
            throw InventoryError(.unknownMethod, "internal: \(a.method.rawValue) is not a Tier 1 extension method", field: "method")
        }
    }
}
