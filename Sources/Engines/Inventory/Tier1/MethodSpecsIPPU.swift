import YuhengCore

extension MethodSpecs {
    static func ef(_ unit: String, _ range: ClosedRange<Double>, _ help: String, key: String = "ef") -> ParameterSpec {
        ParameterSpec(key, .number, unit: unit, plausible: range, help)
    }

    static let abatement: [ParameterSpec] = [
        ParameterSpec("destruction_factor", .fraction, "N2O destruction factor of the abatement technology (DF)"),
        ParameterSpec(
            "abatement_utilisation", .fraction, "abatement system utilisation factor (ASUF, default 1 when an abatement technology is named)")
    ]

    static let ippu: [MethodSpec] = [
        MethodSpec(
            method: .lime, title: "Lime production", reference: "IPCC 2006 Vol 3 Ch 2.3, Eqs 2.8, 2.9, Table 2.4",
            categories: ["2.A.2"], items: ["lime", "high_calcium", "dolomitic", "hydraulic"], amount: "lime produced",
            amountDimensions: mass, canonicalUnit: "t", plausibleMax: 4e8, defaultGuideline: .ipcc2006,
            parameters: [guidelineParam, ef("t/t", 0.3...1.0, "t CO2 per t lime")]),
        MethodSpec(
            method: .glass, title: "Glass production", reference: "IPCC 2006 Vol 3 Ch 2.4, Eq 2.11",
            categories: ["2.A.3"], items: ["glass"], amount: "glass produced", amountDimensions: mass,
            canonicalUnit: "t", plausibleMax: 2e8, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam, ef("t/t", 0.05...0.5, "t CO2 per t glass (Tier 1 default 0.2)"),
                ParameterSpec("cullet_ratio", .fraction, "cullet ratio (default 0.5)")
            ]),
        MethodSpec(
            method: .carbonates, title: "Other process uses of carbonates", reference: "IPCC 2006 Vol 3 Ch 2.5, Eqs 2.14 (Tier 1), 2.15; Table 2.1",
            categories: ["2.A.4"],
            items: ["limestone_dolomite", "limestone", "dolomite", "magnesite", "siderite", "ankerite", "rhodochrosite", "sodium_carbonate"],
            amount: "carbonate consumed", amountDimensions: mass, canonicalUnit: "t", plausibleMax: 5e8, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam, ef("t/t", 0.1...0.7, "t CO2 per t carbonate (Table 2.1)"),
                ParameterSpec("calcination_fraction", .fraction, "fraction calcined (default 1)"),
                ParameterSpec("limestone_share", .fraction, "Tier 1 share of limestone in carbonate use (default 0.85, the rest dolomite)")
            ]),
        MethodSpec(
            method: .ammonia, title: "Ammonia production", reference: "IPCC 2006 Vol 3 Ch 3.2, Eq 3.1, Table 3.1",
            categories: ["2.B.1"], items: ["natural_gas", "partial_oxidation"], amount: "ammonia produced",
            amountDimensions: mass, canonicalUnit: "t", plausibleMax: 1e8, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("fuel_requirement", .number, unit: "GJ/t", plausible: 20...60, "total fuel requirement, GJ per t NH3 (Table 3.1)"),
                ParameterSpec("carbon_content", .number, unit: "kg/GJ", plausible: 10...35, "carbon content of the fuel, kg C/GJ"),
                ParameterSpec("oxidation", .fraction, "carbon oxidation factor (default 1)"),
                ParameterSpec("co2_recovered", .mass, "CO2 recovered for urea production (R_CO2, subtracted)")
            ]),
        MethodSpec(
            method: .nitricAcid, title: "Nitric acid production", reference: "IPCC 2006 Vol 3 Ch 3.3, Eq 3.5, Table 3.3",
            categories: ["2.B.2"], items: ["nscr", "process_integrated", "atmospheric_pressure", "medium_pressure", "high_pressure"],
            amount: "nitric acid produced (100 % HNO3)", amountDimensions: mass, canonicalUnit: "t", plausibleMax: 1e8, defaultGuideline: .ipcc2006,
            parameters: [guidelineParam, ef("kg/t", 0.1...20, "kg N2O per t HNO3")] + abatement),
        MethodSpec(
            method: .adipicAcid, title: "Adipic acid production", reference: "IPCC 2006 Vol 3 Ch 3.4, Eq 3.8, Table 3.4",
            categories: ["2.B.3"],
            items: ["uncontrolled", "catalytic_destruction", "thermal_destruction", "recycle_nitric_acid", "recycle_adipic_feedstock"],
            amount: "adipic acid produced", amountDimensions: mass, canonicalUnit: "t", plausibleMax: 1e7, defaultGuideline: .ipcc2006,
            parameters: [guidelineParam, ef("kg/t", 1...400, "kg N2O per t adipic acid (default 300)")] + abatement),
        MethodSpec(
            method: .caprolactam, title: "Caprolactam, glyoxal and glyoxylic acid production",
            reference: "IPCC 2006 Vol 3 Ch 3.5, Eq 3.9, Tables 3.5, 3.6",
            categories: ["2.B.4"], items: ["caprolactam", "glyoxal", "glyoxylic_acid"], amount: "product made",
            amountDimensions: mass, canonicalUnit: "t", plausibleMax: 2e7, defaultGuideline: .ipcc2006,
            parameters: [guidelineParam, ef("kg/t", 0.1...300, "kg N2O per t product")] + abatement),
        MethodSpec(
            method: .carbide, title: "Carbide production and use", reference: "IPCC 2006 Vol 3 Ch 3.6, Eqs 3.11–3.13, Tables 3.7, 3.8",
            categories: ["2.B.5"], items: ["silicon_carbide", "calcium_carbide"], amount: "carbide produced (or petroleum coke used, basis=coke)",
            amountDimensions: mass, canonicalUnit: "t", plausibleMax: 5e7, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("basis", .choice(["product", "coke"]), "activity data is carbide produced (default) or petroleum coke used"),
                ef("t/t", 0.1...5, "t CO2 per t of the activity", key: "ef_co2"),
                ef("kg/t", 0...50, "kg CH4 per t of the activity (silicon carbide)", key: "ef_ch4"),
                ParameterSpec("acetylene_use", .mass, "calcium carbide used to make acetylene (its CO2, Table 3.8, is added)")
            ]),
        MethodSpec(
            method: .titaniumDioxide, title: "Titanium dioxide production", reference: "IPCC 2006 Vol 3 Ch 3.7, Eq 3.12, Table 3.9",
            categories: ["2.B.6"], items: ["titanium_slag", "synthetic_rutile", "rutile_tio2"], amount: "product made",
            amountDimensions: mass, canonicalUnit: "t", plausibleMax: 2e7, defaultGuideline: .ipcc2006,
            parameters: [guidelineParam, ef("t/t", 0.1...3, "t CO2 per t product")]),
        MethodSpec(
            method: .sodaAsh, title: "Soda ash production", reference: "IPCC 2006 Vol 3 Ch 3.8, Eqs 3.14, 3.15",
            categories: ["2.B.7"], items: ["trona", "natural_soda_ash"], amount: "trona used or natural soda ash produced",
            amountDimensions: mass, canonicalUnit: "t", plausibleMax: 1e8, defaultGuideline: .ipcc2006,
            parameters: [guidelineParam, ef("t/t", 0.01...0.5, "t CO2 per t trona or soda ash")]),
        MethodSpec(
            method: .petrochemicals, title: "Petrochemical and carbon black production",
            reference: "IPCC 2006 Vol 3 Ch 3.9, Eqs 3.15 (CO2), 3.23–3.25 (CH4), Tables 3.12–3.23",
            categories: ["2.B.8"],
            items: ["methanol", "ethylene", "ethylene_dichloride", "vinyl_chloride_monomer", "ethylene_oxide", "acrylonitrile", "carbon_black"],
            amount: "product made", amountDimensions: mass, canonicalUnit: "t", plausibleMax: 2e8, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("process", .text, "process (default the Tier 1 default process of the product)"),
                ParameterSpec("feedstock", .text, "feedstock (default the Tier 1 default feedstock)"),
                ef("t/t", 0...6, "t CO2 per t product", key: "ef_co2"),
                ef("kg/t", 0...30, "kg CH4 per t product", key: "ef_ch4"),
                ParameterSpec("gaf", .number, unit: "%", plausible: 50...150, "geographic adjustment factor for ethylene, % (default 100)")
            ]),
        MethodSpec(
            method: .ironSteel, title: "Iron and steel production",
            reference: "IPCC 2006 Vol 3 Ch 4.2, Eqs 4.4–4.8 (Tier 1), Tables 4.1, 4.2; 2019R Table 4.1",
            categories: ["2.C.1"], items: ["bof", "eaf", "ohf", "pig_iron", "dri", "sinter", "pellet"],
            amount: "steel, iron, sinter or pellets produced",
            amountDimensions: mass, canonicalUnit: "t", plausibleMax: 1.5e9, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam, ef("t/t", 0...3, "t CO2 per t product", key: "ef_co2"), ef("kg/t", 0...5, "kg CH4 per t product", key: "ef_ch4")
            ]),
        MethodSpec(
            method: .ferroalloys, title: "Ferroalloy production", reference: "IPCC 2006 Vol 3 Ch 4.3, Eqs 4.15, 4.18, Tables 4.5, 4.7",
            categories: ["2.C.2"],
            items: [
                "ferrosilicon_45", "ferrosilicon_65", "ferrosilicon_75", "ferrosilicon_90", "ferromanganese_7c", "ferromanganese_1c",
                "silicomanganese", "silicon_metal", "ferrochromium"
            ],
            amount: "ferroalloy produced", amountDimensions: mass, canonicalUnit: "t", plausibleMax: 5e7, defaultGuideline: .ipcc2006,
            parameters: [guidelineParam, ef("t/t", 0...8, "t CO2 per t alloy", key: "ef_co2"), ef("kg/t", 0...5, "kg CH4 per t alloy", key: "ef_ch4")]
        ),
        MethodSpec(
            method: .aluminium, title: "Primary aluminium production (CO2 and PFCs)",
            reference: "IPCC 2006 Vol 3 Ch 4.4, Eqs 4.19 (CO2), 4.25 (PFCs), Tables 4.10, 4.15",
            categories: ["2.C.3"], items: ["cwpb", "swpb", "vss", "hss"], amount: "primary aluminium produced",
            amountDimensions: mass, canonicalUnit: "t", plausibleMax: 5e7, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam, ef("t/t", 0.5...3, "t CO2 per t aluminium", key: "ef_co2"),
                ef("kg/t", 0...10, "kg CF4 per t aluminium", key: "ef_cf4"), ef("kg/t", 0...2, "kg C2F6 per t aluminium", key: "ef_c2f6")
            ]),
        MethodSpec(
            method: .magnesium, title: "Magnesium production", reference: "IPCC 2006 Vol 3 Ch 4.5, Eqs 4.28, 4.30, Tables 4.19, 4.20",
            categories: ["2.C.4"], items: ["primary_dolomite", "primary_magnesite", "casting"],
            amount: "primary magnesium produced or magnesium cast",
            amountDimensions: mass, canonicalUnit: "t", plausibleMax: 5e6, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam, ef("t/t", 0...8, "t CO2 per t primary magnesium", key: "ef_co2"),
                ef("kg/t", 0...10, "kg SF6 per t magnesium cast", key: "ef_sf6")
            ]),
        MethodSpec(
            method: .lead, title: "Lead production", reference: "IPCC 2006 Vol 3 Ch 4.6, Eq 4.32, Table 4.21",
            categories: ["2.C.5"], items: ["imperial_smelting", "direct_smelting", "secondary", "unspecified"], amount: "lead produced",
            amountDimensions: mass, canonicalUnit: "t", plausibleMax: 2e7, defaultGuideline: .ipcc2006,
            parameters: [guidelineParam, ef("t/t", 0.05...1, "t CO2 per t lead")]),
        MethodSpec(
            method: .zinc, title: "Zinc production", reference: "IPCC 2006 Vol 3 Ch 4.7, Eq 4.33, Table 4.24",
            categories: ["2.C.6"], items: ["waelz_kiln", "pyrometallurgical", "unspecified"], amount: "zinc produced",
            amountDimensions: mass, canonicalUnit: "t", plausibleMax: 3e7, defaultGuideline: .ipcc2006,
            parameters: [guidelineParam, ef("t/t", 0.1...5, "t CO2 per t zinc")]),
        MethodSpec(
            method: .nonEnergyProducts, title: "Non-energy products from fuels: lubricants and paraffin wax",
            reference: "IPCC 2006 Vol 3 Ch 5.2–5.3, Eqs 5.2, 5.4",
            categories: ["2.D"], items: ["lubricants", "paraffin_wax"], amount: "lubricant or wax consumed (energy or mass)",
            amountDimensions: [.energy, .mass], canonicalUnit: "TJ", plausibleMax: 2e6, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("ncv", .number, unit: "GJ/t", plausible: 30...50, "net calorific value (default IPCC 2006 Vol 2 Table 1.2)"),
                ParameterSpec("carbon_content", .number, unit: "kg/GJ", plausible: 15...25, "carbon content, kg C/GJ (default Vol 2 Table 1.3)"),
                ParameterSpec("odu", .fraction, "fraction oxidised during use (ODU, default 0.2)")
            ]),
        MethodSpec(
            method: .refrigeration, title: "Refrigeration and air conditioning (HFCs)",
            reference: "IPCC 2006 Vol 3 Ch 7.5, Eqs 7.10–7.14 (emission-factor approach), Table 7.9",
            categories: ["2.F.1"],
            items: [
                "domestic", "commercial_standalone", "commercial_medium_large", "transport", "industrial", "chillers", "residential_ac", "mobile_ac"
            ],
            amount: "refrigerant bank in operating equipment", amountDimensions: mass, canonicalUnit: "t", plausibleMax: 5e5,
            defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("refrigerant", .text, "the HFC or blend: HFC134a, HFC32, HFC125, HFC143a, R404A, R407C, R410A, R507A, …"),
                ParameterSpec("charged_new", .mass, "refrigerant charged into new equipment in the year"),
                ParameterSpec("retired_charge", .mass, "initial charge of the equipment retired in the year"),
                ParameterSpec("initial_emission", .fraction, "k: assembly emission, fraction of the charge (Table 7.9)"),
                ParameterSpec("operation_emission", .fraction, "x: annual operating emission, fraction of the bank (Table 7.9)"),
                ParameterSpec("remaining_charge", .fraction, "p: charge remaining at end of life, fraction of the initial charge"),
                ParameterSpec("recovery_efficiency", .fraction, "η_rec: recovery efficiency at end of life")
            ]),
        MethodSpec(
            method: .sf6Equipment, title: "SF6 in electrical equipment", reference: "IPCC 2006 Vol 3 Ch 8.2, Eq 8.1 (Tier 1, default-factor method)",
            categories: ["2.G.1"], items: ["closed_pressure", "sealed_pressure"], amount: "nameplate SF6 capacity of installed equipment",
            amountDimensions: mass, canonicalUnit: "t", plausibleMax: 2e5, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("manufacturer_consumption", .mass, "SF6 consumed by equipment manufacturers"),
                ParameterSpec("ef_manufacturing", .fraction, "manufacturing emission factor, fraction of consumption"),
                ParameterSpec("new_capacity", .mass, "nameplate capacity of new equipment filled on site"),
                ParameterSpec("ef_installation", .fraction, "installation emission factor, fraction of new capacity"),
                ParameterSpec("ef_use", .fraction, "use emission factor, fraction of installed capacity per year (leakage, maintenance)"),
                ParameterSpec("retired_capacity", .mass, "nameplate capacity of equipment retired in the year"),
                ParameterSpec("remaining_fraction", .fraction, "fraction of the charge remaining at retirement"),
                ParameterSpec("recovery_fraction", .fraction, "fraction of the remaining charge recovered")
            ])
    ]
}
