import YuhengMRIO

/// The 35 ISIC Rev.3 industries of WIOD (2013 release), the sector codes of the bundled tables,
/// with their names (after `shared/data/mrio/wiod2013/wiod2013_sectors.csv`, in sentence case).
/// Every table the data layer loads with exactly these codes gets the names as its
/// ``MRIOSystem/sectorNames``, so that codes are shown with names everywhere.
public enum WIODSectors {
    /// Code → name.
    public static let names: [String: String] = [
        "AtB": "Agriculture, hunting, forestry and fishing", "C": "Mining and quarrying", "15t16": "Food, beverages and tobacco",
        "17t18": "Textiles and textile products", "19": "Leather and footwear", "20": "Wood and products of wood and cork",
        "21t22": "Pulp, paper, printing and publishing", "23": "Coke, refined petroleum and nuclear fuel", "24": "Chemicals and chemical products",
        "25": "Rubber and plastics", "26": "Other non-metallic minerals (cement, glass, ceramics)", "27t28": "Basic metals and fabricated metal",
        "29": "Machinery, nec", "30t33": "Electrical and optical equipment", "34t35": "Transport equipment",
        "36t37": "Manufacturing, nec; recycling", "E": "Electricity, gas and water supply", "F": "Construction",
        "50": "Sale, maintenance and repair of motor vehicles; retail sale of fuel", "51": "Wholesale trade", "52": "Retail trade",
        "H": "Hotels and restaurants", "60": "Inland transport", "61": "Water transport", "62": "Air transport",
        "63": "Supporting and auxiliary transport activities", "64": "Post and telecommunications", "J": "Financial intermediation",
        "70": "Real estate activities", "71t74": "Renting of machinery and other business activities", "L": "Public administration and defence",
        "M": "Education", "N": "Health and social work", "O": "Other community, social and personal services",
        "P": "Private households with employed persons"
    ]

    /// The system with WIOD's sector names when its sectors are WIOD's codes and it has no names yet.
    public static func named(_ system: MRIOSystem) -> MRIOSystem {
        guard system.sectorNames.isEmpty, Set(system.sectors) == Set(names.keys) else { return system }
        var s = system
        s.sectorNames = names
        return s
    }
}
