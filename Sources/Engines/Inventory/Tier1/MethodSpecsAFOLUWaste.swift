import YuhengCore

extension MethodSpecs {
    static let regions = [
        "north_america", "western_europe", "eastern_europe", "oceania", "latin_america", "asia", "africa", "middle_east", "indian_subcontinent"
    ]
    static let livestock = [
        "dairy_cattle", "other_cattle", "buffalo", "market_swine", "breeding_swine", "sheep", "goats", "camels", "horses", "mules_asses",
        "layers", "broilers", "turkeys", "ducks"
    ]
    static let manureSystems = [
        "lagoon", "liquid_slurry_crust", "liquid_slurry_no_crust", "liquid_slurry_cover", "pit_short", "pit_long", "solid_storage",
        "solid_storage_covered", "solid_storage_additive", "solid_storage_bulking", "dry_lot", "pasture", "daily_spread", "digester",
        "burned", "composting_vessel", "composting_pile", "composting_intensive", "composting_passive", "poultry_litter",
        "poultry_no_litter", "bedding", "bedding_mixing", "aerobic_natural", "aerobic_forced"
    ]
    /// Regions and countries of the BOD defaults (IPCC 2006 Vol 5 Table 6.4).
    static let bodRegions = [
        "africa", "asia", "middle_east", "latin_america", "europe", "oceania", "brazil", "canada", "denmark", "egypt", "germany", "greece",
        "india", "italy", "japan", "palestine", "russia", "sweden", "turkey", "united_states"
    ]
    static let wasteTypes = [
        "msw_food", "msw_garden", "msw_paper", "msw_wood", "msw_textiles", "msw_nappies", "msw_rubber", "msw_plastics",
        "msw_metal", "msw_glass", "msw_other", "msw", "isw_food", "isw_textile", "isw_wood", "isw_paper", "isw_petroleum",
        "isw_rubber", "isw_construction", "isw_other", "sludge_dom", "sludge_ind", "ow_clinical", "ow_hazard"
    ]
    static let n2oIndirect: [ParameterSpec] = [
        ParameterSpec("ef4", .number, unit: "kg/kg", plausible: 0...0.06, "EF4, kg N2O-N per kg N volatilised and redeposited"),
        ParameterSpec("ef5", .number, unit: "kg/kg", plausible: 0...0.03, "EF5, kg N2O-N per kg N leached or run off")
    ]

    static let afolu: [MethodSpec] = [
        MethodSpec(
            method: .manure, title: "Manure management: CH4 and direct and indirect N2O",
            reference: "IPCC 2019R Vol 4 Ch 10, Eqs 10.22A, 10.23, 10.25–10.30 (Tier 1); 2006 Eqs 10.22, 10.25–10.30; indirect N2O reported as 3.C.6",
            categories: ["3.A.2"], items: livestock, amount: "number of animals", amountDimensions: [.count], canonicalUnit: "head",
            plausibleMax: 2e9, defaultGuideline: .refinement2019,
            parameters: [
                guidelineParam,
                ParameterSpec("region", .choice(regions), "IPCC region (VS and N excretion rates, typical animal mass)"),
                ParameterSpec("system", .choice(manureSystems), "manure management system"),
                ParameterSpec("share", .fraction, "fraction of the animals' manure in this system (AWMS, default 1)"),
                ParameterSpec(
                    "productivity", .choice(["high", "low"]),
                    "productivity class of the 2019R factors (default high in North America, Europe, Oceania, else low)"),
                ParameterSpec(
                    "climate", .choice(["boreal", "temperate_cool", "temperate_warm", "tropical_montane", "tropical"]),
                    "climate zone (2019R Table 10.14)"),
                ParameterSpec("moisture", .choice(["dry", "moist", "wet"]), "moisture regime (2019R Table 10.14) and EF4 (wet or dry climate)"),
                ParameterSpec(
                    "ef_ch4", .number, unit: "kg/head/yr", plausible: 0...200,
                    "manure CH4 per head and year (2006 Tier 1 Tables 10.14–10.16; no 2006 table is bundled)"),
                ParameterSpec("vs", .number, unit: "kg/head/yr", plausible: 1...3000, "volatile solids excreted per head and year"),
                ParameterSpec("tam", .number, unit: "kg", plausible: 0.5...1500, "typical animal mass"),
                ParameterSpec("ef_ch4_vs", .number, unit: "g/kg", plausible: 0...400, "CH4 per kg VS in the system (2019R Table 10.14)"),
                ParameterSpec("nex", .number, unit: "kg/head/yr", plausible: 0.1...300, "N excreted per head and year"),
                ParameterSpec("ef3", .number, unit: "kg/kg", plausible: 0...0.15, "EF3, kg N2O-N per kg N in the system"),
                ParameterSpec("frac_gas", .fraction, "fraction of managed manure N volatilised (Frac_GasMS)"),
                ParameterSpec("frac_leach", .fraction, "fraction of managed manure N leached (Frac_LeachMS)")
            ] + n2oIndirect),
        MethodSpec(
            method: .biomassBurning, title: "Biomass burning (CH4, N2O; CO2 where reported)",
            reference: "IPCC 2006 Vol 4 Eq 2.27, Tables 2.4–2.6 — the same code as `yuheng natural fire`",
            categories: ["3.C.1"], items: FireVegetationItems.all, amount: "area burnt", amountDimensions: [.area], canonicalUnit: "ha",
            plausibleMax: 5e8, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("fuel_consumption", .number, unit: "t/ha", plausible: 0...1000, "fuel consumed, t dry matter per ha (M_B × C_f)"),
                ParameterSpec("fuel_load", .number, unit: "t/ha", plausible: 0...1000, "fuel load M_B, t dry matter per ha"),
                ParameterSpec("combustion_factor", .fraction, "combustion factor C_f"),
                ParameterSpec("ef_set", .choice(["ipcc", "gfed4"]), "emission factors: IPCC 2006 Table 2.5 (default) or GFED4")
            ]),
        MethodSpec(
            method: .liming, title: "Liming", reference: "IPCC 2006 Vol 4 Ch 11.3, Eq 11.12",
            categories: ["3.C.2"], items: ["limestone", "dolomite"], amount: "limestone or dolomite applied", amountDimensions: mass,
            canonicalUnit: "t", plausibleMax: 1e8, defaultGuideline: .ipcc2006,
            parameters: [guidelineParam, ef("t/t", 0.05...0.2, "t C per t of carbonate (0.12 limestone, 0.13 dolomite)")]),
        MethodSpec(
            method: .urea, title: "Urea application", reference: "IPCC 2006 Vol 4 Ch 11.4, Eq 11.13",
            categories: ["3.C.3"], items: ["urea"], amount: "urea applied", amountDimensions: mass,
            canonicalUnit: "t", plausibleMax: 1e8, defaultGuideline: .ipcc2006,
            parameters: [guidelineParam, ef("t/t", 0.1...0.3, "t C per t urea (0.20)")]),
        MethodSpec(
            method: .soilN2O, title: "Managed soils: direct N2O (3.C.4) and indirect N2O (3.C.5)",
            reference: "IPCC 2006 / 2019R Vol 4 Ch 11, Eqs 11.1, 11.6–11.8 (direct), 11.9–11.10 (indirect), Tables 11.1–11.3",
            categories: ["3.C.4"], items: ["synthetic_n", "organic_n", "crop_residue", "crop_residue_n", "mineralisation", "grazing", "organic_soil"],
            amount: "N applied or deposited (mass of N), area harvested (crop_residue) or of organic soil, or soil C lost (mineralisation)",
            amountDimensions: [.mass, .area], canonicalUnit: "t", plausibleMax: 5e7, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("climate", .choice(["wet", "dry"]), "climate for the 2019R disaggregated factors (default: aggregated factors)"),
                ParameterSpec(
                    "fertiliser", .choice(["urea", "ammonium", "nitrate", "ammonium_nitrate", "unspecified"]),
                    "synthetic fertiliser type (2019R Frac_GASF)"),
                ParameterSpec("flooded_rice", .flag, "N applied to flooded rice (EF1FR)"),
                ParameterSpec("leaching", .flag, "leaching and run-off occur (default true; false in dry regions without irrigation)"),
                ParameterSpec("animal_group", .choice(["cpp", "so"]), "grazing: cattle, poultry and pigs (cpp) or sheep and other (so)"),
                ParameterSpec("crop", .text, "crop type for crop residues (maize, wheat_winter, rice, soybean, …)"),
                ParameterSpec("yield", .number, unit: "kg/ha", plausible: 10...150000, "harvested fresh yield, kg/ha"),
                ParameterSpec("crop_dm", .number, unit: "kg/ha", plausible: 10...60000, "harvested dry-matter yield, kg/ha"),
                ParameterSpec("dry", .fraction, "dry-matter fraction of the harvested crop"),
                ParameterSpec("r_ag", .number, unit: "kg/kg", plausible: 0...5, "ratio of above-ground residue to harvested yield"),
                ParameterSpec("rs", .number, unit: "kg/kg", plausible: 0...3, "ratio of below-ground to above-ground biomass"),
                ParameterSpec("n_ag", .fraction, "N content of above-ground residues"),
                ParameterSpec("n_bg", .fraction, "N content of below-ground residues"),
                ParameterSpec("frac_remove", .fraction, "fraction of above-ground residues removed"),
                ParameterSpec("frac_burnt", .fraction, "fraction of the area burnt"),
                ParameterSpec("combustion_factor", .fraction, "combustion factor of burnt residues"),
                ParameterSpec("frac_renew", .fraction, "fraction of the area renewed (pasture, forage)"),
                ParameterSpec("cn_ratio", .number, unit: "1", plausible: 5...40, "C:N ratio of soil organic matter (mineralisation)"),
                ParameterSpec("land_use", .choice(["cropland_grassland", "forest"]), "organic soils: land use"),
                ParameterSpec("zone", .choice(["temperate", "tropical", "boreal"]), "organic soils: climate zone"),
                ParameterSpec("nutrient", .choice(["rich", "poor"]), "organic forest soils: nutrient status"),
                ParameterSpec("ef1", .number, unit: "kg/kg", plausible: 0...0.05, "EF1, kg N2O-N per kg N input"),
                ParameterSpec("ef1_fr", .number, unit: "kg/kg", plausible: 0...0.05, "EF1FR, flooded rice"),
                ParameterSpec("ef2", .number, unit: "kg/ha", plausible: 0...60, "EF2, kg N2O-N per ha of organic soil"),
                ParameterSpec("ef3_prp", .number, unit: "kg/kg", plausible: 0...0.1, "EF3PRP, kg N2O-N per kg N deposited by grazing animals"),
                ParameterSpec("frac_gasf", .fraction, "fraction of synthetic N volatilised"),
                ParameterSpec("frac_gasm", .fraction, "fraction of organic and grazing N volatilised"),
                ParameterSpec("frac_leach", .fraction, "fraction of N leached")
            ] + n2oIndirect),
        MethodSpec(
            method: .rice, title: "Rice cultivation (CH4)", reference: "IPCC 2006 / 2019R Vol 4 Ch 5.5, Eqs 5.1–5.3, Tables 5.11–5.14",
            categories: ["3.C.7"],
            items: ["continuously_flooded", "single_drainage", "multiple_drainage", "rainfed_regular", "rainfed_drought", "deep_water", "upland"],
            amount: "area harvested", amountDimensions: [.area], canonicalUnit: "ha", plausibleMax: 6e7, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("days", .number, unit: "d", plausible: 50...200, "cultivation period of the crop, days"),
                ParameterSpec(
                    "preseason", .choice(["not_flooded_short", "not_flooded_long", "flooded", "not_flooded_over_year"]),
                    "water regime before cultivation: not flooded < 180 d (default), > 180 d, flooded > 30 d, not flooded > 365 d (2019R)"),
                ParameterSpec(
                    "amendment", .choice(["none", "straw_short", "straw_long", "compost", "farmyard_manure", "green_manure"]),
                    "organic amendment (Table 5.14)"),
                ParameterSpec(
                    "amendment_rate", .number, unit: "t/ha", plausible: 0...50,
                    "application rate of the amendment (dry weight for straw, fresh otherwise)"),
                ParameterSpec("ef_baseline", .number, unit: "kg/ha/d", plausible: 0.1...10, "baseline emission factor EFc, kg CH4/ha/day"),
                ParameterSpec("sf_water", .number, unit: "1", plausible: 0...2, "scaling factor for the water regime during cultivation"),
                ParameterSpec("sf_preseason", .number, unit: "1", plausible: 0...4, "scaling factor for the pre-season water regime"),
                ParameterSpec("sf_soil", .number, unit: "1", plausible: 0...4, "scaling factor for soil type or cultivar (default 1)"),
                ParameterSpec("cfoa", .number, unit: "1", plausible: 0...2, "conversion factor of the organic amendment")
            ])
    ]

    static let waste: [MethodSpec] = [
        MethodSpec(
            method: .landfill, title: "Solid waste disposal (first order decay)",
            reference: "IPCC 2006 Vol 5 Ch 3, Eqs 3.1–3.6, Tables 2.4, 3.1–3.3; 2019R Table 3.0 (DOCf)",
            categories: ["4.A"], items: wasteTypes, amount: "waste deposited in the year (wet weight)", amountDimensions: mass,
            canonicalUnit: "t", plausibleMax: 5e8, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("climate", .choice(["boreal_temperate", "tropical"]), "climate zone for the decay rate (MAT ≤ 20 °C or > 20 °C)"),
                ParameterSpec("moisture", .choice(["dry", "wet"]), "dry (MAP/PET < 1, or MAP < 1000 mm in the tropics) or wet"),
                ParameterSpec(
                    "site",
                    .choice([
                        "managed_anaerobic", "managed_semi_aerobic", "unmanaged_deep", "unmanaged_shallow", "uncategorised",
                        "managed_poorly_semi_aerobic", "managed_well_active_aeration", "managed_poorly_active_aeration"
                    ]),
                    "type of site (MCF, Table 3.1; the last three are 2019R)"),
                ParameterSpec("cover", .choice(["none", "oxidising"]), "managed site covered with CH4-oxidising material (OX 0.1, Table 3.2)"),
                ParameterSpec("doc", .fraction, "degradable organic carbon, fraction of wet weight (Table 2.4)"),
                ParameterSpec("docf", .fraction, "fraction of DOC that decomposes (0.5; 2019R by waste type)"),
                ParameterSpec("mcf", .fraction, "methane correction factor (Table 3.1)"),
                ParameterSpec("k", .number, unit: "1/yr", plausible: 0.01...0.8, "decay rate (Table 3.3)"),
                ParameterSpec("f", .fraction, "fraction of CH4 in landfill gas (0.5)"),
                ParameterSpec("ox", .fraction, "oxidation factor (Table 3.2)"),
                ParameterSpec("recovered_ch4", .mass, "CH4 recovered in the year from this waste (subtracted before oxidation)")
            ]),
        MethodSpec(
            method: .biologicalTreatment, title: "Biological treatment of solid waste", reference: "IPCC 2006 Vol 5 Ch 4, Eqs 4.1, 4.2, Table 4.1",
            categories: ["4.B"], items: ["composting", "anaerobic_digestion"], amount: "waste treated", amountDimensions: mass,
            canonicalUnit: "t", plausibleMax: 2e8, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("basis", .choice(["wet", "dry"]), "the amount is wet weight (default) or dry weight"),
                ef("g/kg", 0...50, "g CH4 per kg waste", key: "ef_ch4"), ef("g/kg", 0...5, "g N2O per kg waste", key: "ef_n2o"),
                ParameterSpec("recovered_ch4", .mass, "CH4 recovered (subtracted)")
            ]),
        MethodSpec(
            method: .incineration, title: "Waste incineration", reference: "IPCC 2006 Vol 5 Ch 5, Eqs 5.1, 5.4, 5.5, Tables 2.4, 5.2, 5.3, 5.6",
            categories: ["4.C.1"], items: wasteTypes, amount: "waste incinerated (wet weight)", amountDimensions: mass,
            canonicalUnit: "t", plausibleMax: 2e8, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec(
                    "technology",
                    .choice([
                        "continuous_stoker", "continuous_fluidised", "semi_continuous_stoker", "semi_continuous_fluidised",
                        "batch_stoker", "batch_fluidised", "unspecified"
                    ]), "incinerator technology: the Table 5.3 CH4 factors of municipal waste need it (no default for unspecified; or give ef_ch4)"),
                ParameterSpec("dm", .fraction, "dry-matter fraction"), ParameterSpec("cf", .fraction, "carbon fraction of dry matter"),
                ParameterSpec("fcf", .fraction, "fossil fraction of carbon"), ParameterSpec("of", .fraction, "oxidation factor"),
                ef("kg/Gg", 0...20000, "kg CH4 per Gg wet waste (= g/t)", key: "ef_ch4"),
                ef("kg/Gg", 0...5000, "kg N2O per Gg wet waste (= g/t)", key: "ef_n2o")
            ]),
        MethodSpec(
            method: .openBurning, title: "Open burning of waste", reference: "IPCC 2006 Vol 5 Ch 5, Eqs 5.1, 5.4, 5.5, Tables 2.4, 5.2, 5.3, 5.6",
            categories: ["4.C.2"], items: wasteTypes, amount: "waste burnt in the open (wet weight)", amountDimensions: mass,
            canonicalUnit: "t", plausibleMax: 2e8, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec("dm", .fraction, "dry-matter fraction"), ParameterSpec("cf", .fraction, "carbon fraction of dry matter"),
                ParameterSpec("fcf", .fraction, "fossil fraction of carbon"), ParameterSpec("of", .fraction, "oxidation factor (0.58)"),
                ef("kg/Gg", 0...20000, "kg CH4 per Gg wet waste (= g/t)", key: "ef_ch4"),
                ef("kg/Gg", 0...5000, "kg N2O per Gg wet waste (= g/t)", key: "ef_n2o")
            ]),
        MethodSpec(
            method: .wastewater, title: "Wastewater treatment and discharge",
            reference: "IPCC 2006 Vol 5 Ch 6, Eqs 6.1–6.9, Tables 6.2–6.4, 6.8–6.11; 2019R Tables 6.3, 6.8A",
            categories: ["4.D"], items: ["domestic", "industrial"], amount: "population (domestic) or industrial product made",
            amountDimensions: [.count, .mass], canonicalUnit: "person", plausibleMax: 2e9, defaultGuideline: .ipcc2006,
            parameters: [
                guidelineParam,
                ParameterSpec(
                    "pathway",
                    .choice([
                        "untreated_sea_river_lake", "stagnant_sewer", "flowing_sewer", "aerobic_well_managed", "aerobic_not_well_managed",
                        "anaerobic_digester", "anaerobic_reactor", "anaerobic_lagoon_shallow", "anaerobic_lagoon_deep", "septic",
                        "latrine_dry_small", "latrine_dry_communal", "latrine_wet", "aerobic_centralised"
                    ]),
                    "treatment or discharge pathway (MCF, Tables 6.3 / 6.8)"),
                ParameterSpec("share", .fraction, "fraction of the population (or of the industry's wastewater) on this pathway"),
                ParameterSpec("bod", .number, unit: "g/person/day", plausible: 20...100, "BOD per person and day (Table 6.4)"),
                ParameterSpec("region", .choice(bodRegions), "region or country whose Table 6.4 BOD default applies (domestic, without bod)"),
                ParameterSpec(
                    "industrial_correction", .number, unit: "1", plausible: 1...1.5,
                    "I: industrial BOD discharged into sewers (1.25 collected, 1 uncollected)"),
                ParameterSpec(
                    "bo", .number, unit: "kg/kg", plausible: 0.1...0.8, "maximum CH4 producing capacity (0.6 kg CH4/kg BOD; 0.25 kg CH4/kg COD)"),
                ParameterSpec("mcf", .fraction, "methane correction factor of the pathway"),
                ParameterSpec("sludge_removed", .mass, "organic component removed as sludge (kg BOD or COD as mass)"),
                ParameterSpec("recovered_ch4", .mass, "CH4 recovered (subtracted)"),
                ParameterSpec(
                    "industry",
                    .choice([
                        "alcohol_refining", "beer_malt", "coffee", "dairy", "fish_processing", "meat_poultry", "organic_chemicals",
                        "petroleum_refineries", "plastics_resins", "pulp_paper", "soap_detergents", "starch", "sugar",
                        "vegetable_oils", "vegetables_fruits_juices", "wine_vinegar"
                    ]), "industrial sector (Table 6.9)"),
                ParameterSpec("wastewater_per_t", .number, unit: "m3/t", plausible: 0.1...500, "wastewater generated per t of product"),
                ParameterSpec("cod", .number, unit: "kg/m3", plausible: 0.05...100, "COD of the wastewater, kg/m3"),
                ParameterSpec("protein", .number, unit: "kg/person/yr", plausible: 5...60, "annual protein consumption per person (domestic N2O)"),
                ParameterSpec("f_npr", .fraction, "fraction of nitrogen in protein (0.16)"),
                ParameterSpec("f_non_con", .number, unit: "1", plausible: 1...2, "factor for non-consumed protein added to the wastewater"),
                ParameterSpec("f_ind_com", .number, unit: "1", plausible: 1...2, "factor for industrial and commercial co-discharged protein (1.25)"),
                ParameterSpec("n_sludge", .mass, "nitrogen removed with sludge"),
                ParameterSpec("ef_effluent", .number, unit: "kg/kg", plausible: 0...0.1, "kg N2O-N per kg N discharged in effluent"),
                ParameterSpec(
                    "ef_plant", .number, unit: "g/person/yr", plausible: 0...20,
                    "2006: g N2O per person per year in centralised advanced plants (3.2)"),
                ParameterSpec("ef_plant_n", .number, unit: "kg/kg", plausible: 0...0.1, "2019R: kg N2O-N per kg N entering treatment (0.016)"),
                ParameterSpec("plant_share", .fraction, "fraction of the population served by centralised advanced plants (N2O from plants)")
            ])
    ]
}

/// Vegetation types of the fire engine, as items of the biomass_burning method.
enum FireVegetationItems {
    static let all = [
        "savanna", "pasture", "chaparral", "tundra", "tropical_forest", "temperate_forest", "boreal_forest", "shifting_cultivation",
        "crop_residue", "tropical_peatland", "boreal_peatland"
    ]
}
