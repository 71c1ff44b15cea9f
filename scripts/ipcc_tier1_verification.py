"""Verification ledger of the Tier 1 defaults built by scripts/ipcc_tier1_defaults.py.

One entry per row (or group of rows) of ipcc_tier1_*.csv that was transcribed by this project (source
`transcribed`, derived rows included) and for the bonsai-ipcc rows that were cheap to check. The build applies
it: every transcribed or derived row must have an entry (the build stops otherwise), and the entry sets the
row's `checked` and `verification` columns and appends its finding and sources to `note`.

Statuses (and what they write):
  confirmed    the value was read in the text of the guideline itself (a stored copy or a verbatim
               reproduction of the chapter; the URL is named)            -> checked=yes, checked:guideline
  secondary    no guideline text could be found; the value agrees with the named independent public
               transcriptions of the table (each cites the IPCC table or chapter PDF). Not a check against
               the primary source                                       -> checked=secondary, secondary
  corrected    the value was changed in scripts/ipcc_tier1_defaults.py; `old` gives the previous value and
               the note the evidence. With only secondary evidence      -> checked=secondary, corrected:secondary
  unverified   neither the guideline text nor an agreeing independent transcription was found, or the
               transcriptions disagree (the note says which)             -> checked=no, unverified
  keep         the row's own check stays (rows already corrected against the SOURCES.md check of the
               IPCC 2006 tables); the entry only adds a note             -> columns unchanged

The sources were searched in December 2026 with the project's search tools (stored copies of public web pages,
documentation and GitHub files); the pages store holds the beginning of each page only, so long chapter copies
(scribd, studylib) showed their contents pages and not the tables. See docs/inventory-defaults-verification.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

G06, G19 = "2006", "2019R"

# --------------------------------------------------------------------------------------------------
# Sources. kind: "guideline" = the guideline's own text; "secondary" = an independent transcription.
# --------------------------------------------------------------------------------------------------

SOURCES = {
    "cpw-surface": ("guideline", "https://www.climate-policy-watcher.org/emission-factors/emission-factors-for-surface-mining.html",
                    "verbatim reproduction of IPCC 2006 Vol 2 Ch 4.1.3 (text of Eqs 4.1.7/4.1.8): 'it is good practice to use the "
                    "average emission factor, namely 1.2 m3/tonne'; CH4 density 0.67e-6 Gg/m3"),
    "ilt-ww": ("guideline", "https://th4.ilovetranslation.com/I3j0f1Li4AD=d",
               "verbatim copy of IPCC 2006 Vol 5 Ch 6 QA/QC text: 'the IPCC default value (0.25 kg CH4/kg COD or 0.6 kg CH4/kg BOD)'"),
    "amee": ("secondary", "https://github.com/mamhoff/datasets",
             "AMEE open datasets (GitHub mamhoff/datasets, business/**/data.csv): IPCC 2006 Tier 1 tables transcribed row by row, "
             "each row citing the IPCC 2006 chapter PDF (some via the GHG Protocol calculation tools, named where so)"),
    "pdfx": ("secondary", "GitHub file FACTOR_SOURCES.md (stored-index id 69811344970)",
             "a public project's factor provenance file whose IPCC 2006 Vol 3 Ch 2-4 values were parsed programmatically from the "
             "IPCC PDFs (Tables 2.1, 3.3, 4.1, 4.10, 4.15)"),
    "oti": ("secondary", "https://github.com/ClimateView/transition-element-framework",
            "ClimateView Open Transition Infrastructure: IPCC category pages and parameter files citing the guideline tables "
            "(values stored as CO2e with AR6 GWPs, divided back here)"),
    "hfc-tool": ("secondary", "GitHub file (stored-index id 67283715698)",
                 "screening defaults 'adopted from IPCC 2006 GL vol. 3 ch. 7 Table 7.9': installation loss, operating leak rate and "
                 "refrigerant remaining at disposal (upper end) for seven applications (no transport row, no recovery column)"),
    "defra-refrig": ("secondary", "https://github.com/mamhoff/datasets (business/processes/refrigeration/disposal/data.csv)",
                     "DEFRA screening factors: capacity remaining at disposal = the upper end of the Table 7.9 range per application"),
    "n2o06-code": ("secondary", "GitHub file (stored-index id 62953543457)",
                   "open implementation annotating each constant '[Table 11.3]' of IPCC 2006 Vol 4 Ch 11: EF4 0.01, EF5 0.0075, "
                   "FracGASF 0.10, FracGASM 0.20, FracLEACH 0.30"),
    "n2o19-code": ("secondary", "GitHub file (stored-index id 71510816220)",
                   "open implementation of the 2019R Vol 4 Ch 11 factors marked 'Sourced': Table 11.1 EF1 synthetic wet 0.016 "
                   "(0.013-0.019), other N wet 0.006 (0.001-0.011); Table 11.3 FracGASF 0.11 (urea 0.15), FracGASM 0.21, EF4 "
                   "aggregate 0.010 (wet 0.014), FracLEACH 0.24, EF5 0.011"),
    "cpw-ef5": ("secondary", "https://www.climate-policy-watcher.org/oxide-emissions/emission-factors.html",
                "book chapter on N2O emission factors: EF5 partitioned into groundwater, rivers and estuaries, 0.0025 each, 'thus "
                "0.0075 for the overall EF5 (IPCC 2006)'"),
    "lincoln": ("secondary", "https://researcharchive.lincoln.ac.nz/handle/10182/4082",
                "Sherlock et al. (2009), review for the NZ inventory: 'the IPCC defaults of 0.2 and 0.1 for FracGASM and FracGASF'"),
    "thuenen": ("secondary", "https://git-dmz.thuenen.de/vos/emissionsagriculture2025/-/wikis/5-Crop-production-and-agricultural-soils/"
                "5.3-Greenhouse-gases/5.3.1-Direct-N2O-emissions-from-crop-production-and-agricultural-soils/5.3.1.1-Direct-N2O-from-grazing",
                "German inventory documentation citing IPCC 2019R Table 11.1: grazing EF 0.006 (cattle, poultry, pigs, wet) and 0.003 "
                "(sheep and other animals)"),
    "wang2018": ("secondary", "https://discovery.researcher.life/article/controlling-variables-and-emission-factors-of-methane-from-global-rice-fields/fec6bd9569ae37f19dbe6bc707b0b0f3",
                 "Wang et al. (2018), ACP 18:10419, the meta-analysis behind 2019R Tables 5.11-5.13: default EF 1.19 (0.80-1.76) kg "
                 "CH4/ha/day; single and multiple drainage 71 % and 55 % of continuous flooding; previously flooded fields 2.4 and 2.7 "
                 "times fields drained for a short and a long season"),
    "agledx": ("secondary", "https://agledx.ccafs.cgiar.org/estimating-emissions/unfccc-guidance/paddy-rice",
               "CCAFS AgLEDx guidance: 'The default value for EF is 1.19 kg CH4 ha-1 day-1 (IPCC, 2019; Table 5.11)'"),
    "bonsai-tables": ("secondary", "../shared/data/ipcc_ef/bonsai_ipcc_0.5.3 (PyPI bonsai-ipcc 0.5.3, data/, MIT)",
                      "bonsai-ipcc's parameter tables, an independent transcription of the IPCC tables (each table's metadata in "
                      "ipcc.datapackage.yaml cites the guideline page and table); checked against the IPCC 2006 tables for 88 values in "
                      "../shared/data/ipcc_ef/SOURCES.md (81 matched)"),
    "cattle-tool": ("secondary", "GitHub file (stored-index id 69750272285)",
                    "verification notes of an open cattle inventory tool against the 2019R Vol 4 Ch 10 PDF (Table 10.21 EF3 by "
                    "system, page-referenced)"),
    "cfr-hh": ("secondary", "http://federal.elaws.us/cfr/title40.chapteri.subchapterc.part98.subparthh.table_hh_1_to_subp",
               "US 40 CFR 98 Table HH-1 (adopts the IPCC FOD defaults): MCF 1, DOCF 0.5, F 0.5"),
    "ru-order": ("secondary", "http://www.consultant.ru./document/cons_doc_LAW_423207/bd2852de994999608fb5079a506fbe8ee63b2805/",
                 "Russian methodological order restating IPCC 2006 Vol 5 3.2.3: DOCf = 0.5 (anaerobic site, DOC includes lignin)"),
    "code-ww": ("secondary", "GitHub file (stored-index id 33135892558)",
                "open wastewater N2O tool: F_NON-CON default 1.1, F_IND-COM default 1.25 (no table cited)"),
    "code-ww2": ("secondary", "GitHub file GeneralWasteWaterConstants (stored-index id 49018029973)",
                 "open inventory app's wastewater constants: F_NPR 0.16, F_NON_CON 1.40 (the value with garbage disposals), F_IND_COM "
                 "1.25, EF_EFFLUENT 0.005 (no table cited)"),
    "code-adipic": ("secondary", "GitHub files (stored-index ids 70117108868, 71032860192)",
                    "two open implementations using 300 kg N2O per tonne of adipic acid (no table cited)"),
}


@dataclass
class Check:
    guideline: str
    parameter: str
    item: str                      # "*" = any item
    qualifier: str                 # "*" = any qualifier
    status: str                    # confirmed | secondary | corrected | unverified | keep
    sources: list[str] = field(default_factory=list)
    note: str = ""
    old: str = ""                  # corrected: the value before the correction


def C(g, par, item, qual, status, sources=(), note="", old=""):
    return Check(g, par, item, qual, status, list(sources), note, old)


NOT_FOUND = "guideline table text not found in the stored sources"

CHECKS: list[Check] = [
    # ------------------------------------------------------------------ energy: coal mining (Vol 2 Ch 4.1)
    C(G06, "coal_mining.ef_mining", "surface", "average", "confirmed", ["cpw-surface", "amee"],
      "1.2 m3/t read in the guideline text; AMEE business/processes/fugitive/mining/surface agrees"),
    C(G06, "coal_mining.ef_mining", "surface", "low", "secondary", ["amee"], "AMEE surface mining: 0.3 m3/t (overburden < 25 m); " + NOT_FOUND),
    C(G06, "coal_mining.ef_mining", "surface", "high", "secondary", ["amee"], "AMEE surface mining: 2.0 m3/t (overburden > 50 m); " + NOT_FOUND),
    C(G06, "coal_mining.ef_post_mining", "surface", "*", "secondary", ["amee"], "AMEE surface post-mining: 0 / 0.1 / 0.2 m3/t; " + NOT_FOUND),
    C(G06, "coal_mining.ef_mining", "underground", "*", "secondary", ["amee"], "AMEE underground mining: 10 / 18 / 25 m3/t; " + NOT_FOUND),
    C(G06, "coal_mining.ef_post_mining", "underground", "*", "secondary", ["amee"], "AMEE underground post-mining: 0.9 / 2.5 / 4.0 m3/t; " + NOT_FOUND),

    # ------------------------------------------------------------------ IPPU (Vol 3)
    C(G06, "lime.ef", "high_calcium", "", "secondary", ["oti", "amee"],
      "Table 2.4 as transcribed: stoichiometric ratio 0.785 x CaO content 0.95 = 0.75 (OTI; GHG Protocol lime tool in AMEE); " + NOT_FOUND),
    C(G06, "lime.ef", "dolomitic", "", "secondary", ["oti", "amee"],
      "Table 2.4 gives two dolomitic-lime defaults per the transcriptions: 0.913 x 0.95 = 0.86 and 0.913 x 0.85 = 0.77 (GHG Protocol "
      "lime tool: developed / developing countries); 0.77 is the lower one, used in Eq 2.9 here; a high-purity dolomitic lime line "
      "should give ef=0.86. " + NOT_FOUND),
    C(G06, "lime.ef", "hydraulic", "", "secondary", ["oti", "amee"],
      "Table 2.4 as transcribed: 0.785 x CaO content 0.75 = 0.59; " + NOT_FOUND),
    C(G06, "lime.ef", "lime", "", "secondary", ["oti", "amee"],
      "derived from the Table 2.4 rows above (0.85 x 0.75 + 0.15 x 0.77 = 0.753); the Eq 2.9 text itself was not found"),
    C(G06, "glass.ef", "glass", "", "secondary", ["amee"], "AMEE glass/generic, type unknown: 0.20 t CO2/t glass; " + NOT_FOUND),
    C(G06, "glass.cullet_ratio", "glass", "", "unverified", [],
      NOT_FOUND + "; AMEE assumes cullet 0 for the unknown type (its own choice), no source for the 50 % default was found"),
    C(G06, "carbonates.limestone_share", "", "", "unverified", [], NOT_FOUND + " (Eq 2.14, 85 % limestone / 15 % dolomite)"),
    C(G06, "ammonia.fuel_requirement", "natural_gas", "", "secondary", ["oti"],
      "OTI: Table 3.1 European average 2.104 t CO2/t NH3 = 37.5 GJ/t x 15.3 kg C/GJ x 44/12 (the 37.5 itself is implied, not quoted); " + NOT_FOUND),
    C(G06, "ammonia.fuel_requirement", "partial_oxidation", "", "unverified", [], NOT_FOUND),
    C(G06, "ammonia.carbon_content", "partial_oxidation", "", "unverified", [], "derived from Table 3.1 (3.273 t CO2/t NH3, 42.5 GJ/t); " + NOT_FOUND),
    C(G06, "ammonia.oxidation", "*", "", "unverified", [], NOT_FOUND + " (COF = 1 in Eq 3.1)"),
    C(G06, "nitric_acid.ef", "*", "", "secondary", ["pdfx", "amee", "oti"],
      "Table 3.3 parsed from the PDF (pdfx): NSCR 2 +/-10 %, process-integrated/tailgas destruction 2.5 +/-10 %, atmospheric 5 +/-10 %, "
      "medium pressure 7 +/-20 %, high pressure 9 +/-40 %; GHG Protocol nitric acid tool (AMEE) and OTI (7) agree"),
    C(G06, "adipic_acid.ef", "adipic_acid", "", "secondary", ["code-adipic"],
      "two open implementations use 300 kg N2O/t (no table cited); the +/-10 % range and Table 3.4 text not found"),
    C(G06, "adipic_acid.destruction_factor", "catalytic_destruction", "", "secondary", ["amee"], "GHG Protocol adipic acid tool (AMEE): 0.925; " + NOT_FOUND),
    C(G06, "adipic_acid.destruction_factor", "recycle_adipic_feedstock", "", "secondary", ["amee"], "GHG Protocol adipic acid tool (AMEE): 0.94; " + NOT_FOUND),
    C(G06, "adipic_acid.destruction_factor", "thermal_destruction", "", "unverified", ["amee"],
      "CONFLICT: the GHG Protocol adipic acid tool (AMEE) gives 0.99 where this row has 0.985; " + NOT_FOUND + ", value kept"),
    C(G06, "adipic_acid.destruction_factor", "recycle_nitric_acid", "", "unverified", ["amee"],
      "CONFLICT: the GHG Protocol adipic acid tool (AMEE) gives 0.99 where this row has 0.985; " + NOT_FOUND + ", value kept"),
    C(G06, "caprolactam.ef", "*", "", "unverified", [], NOT_FOUND + " (Tables 3.5, 3.6)"),
    C(G06, "carbide.ef_co2", "*", "*", "secondary", ["amee"], "AMEE carbide (IPCC 2006 Vol 3 Ch 3 PDF): SiC 2.3 / 2.62, CaC2 1.70 / 1.090; " + NOT_FOUND),
    C(G06, "carbide.ef_ch4", "*", "*", "secondary", ["amee"], "AMEE carbide: SiC 10.2 / 11.6 kg CH4/t; " + NOT_FOUND),
    C(G06, "carbide.ef_acetylene", "calcium_carbide", "", "secondary", ["amee"], "AMEE carbide: acetylene use 1.100 t CO2/t; " + NOT_FOUND),
    C(G06, "titanium_dioxide.ef", "*", "", "secondary", ["amee"], "AMEE titanium dioxide: synthetic rutile 1.43, rutile TiO2 (chloride) 1.34, slag none; " + NOT_FOUND),
    C(G06, "soda_ash.ef", "*", "", "secondary", ["amee"], "AMEE soda ash: 0.097 t CO2/t trona, 0.138 t CO2/t soda ash; " + NOT_FOUND),
    C(G06, "iron_steel.ef_co2", "ohf", "", "secondary", ["amee"], "AMEE iron and steel (IPCC 2006 Vol 3 Ch 4 PDF): open hearth 1.72; " + NOT_FOUND),
    C(G06, "iron_steel.ef_co2", "pellet", "", "secondary", ["amee"], "AMEE iron and steel: pellet 0.03; " + NOT_FOUND),
    C(G06, "iron_steel.ef_co2", "*", "", "secondary", ["pdfx", "amee"],
      "Table 4.1 parsed from the PDF (pdfx): sinter 0.20, pig iron 1.35, DRI 0.70, BOF 1.46, EAF 0.08; AMEE agrees"),
    C(G06, "iron_steel.ef_ch4", "sinter", "", "secondary", ["amee"], "AMEE iron and steel: sinter 0.07 kg CH4/t"),
    C(G06, "non_energy_products.odu", "lubricants", "", "secondary", ["amee"], "AMEE lubricants (Vol 3 Ch 5 PDF): ODU 0.2 (lubricating oil 0.2, grease 0.05); " + NOT_FOUND),
    C(G06, "non_energy_products.odu", "paraffin_wax", "", "unverified", [], NOT_FOUND),
    C(G06, "aluminium.ef_co2", "*", "", "secondary", ["pdfx", "amee"], "Table 4.10 parsed from the PDF: prebake 1.6, Soderberg 1.7, +/-10 %; GHG Protocol tool (AMEE) agrees"),
    C(G06, "aluminium.ef_cf4", "*", "", "secondary", ["pdfx", "amee"],
      "the PDF-parsed transcription gives these Tier 1 factors and ranges (CWPB 0.4 -99/+380 %, SWPB 1.6 -40/+150 %, VSS 0.8 -70/+260 %, "
      "HSS 0.4 -80/+180 %) as Table 4.15 (cited here before as Table 4.14); GHG Protocol tool (AMEE) agrees"),
    C(G06, "aluminium.ef_c2f6", "*", "", "secondary", ["pdfx", "amee"],
      "the PDF-parsed transcription gives these Tier 1 factors and ranges (CWPB 0.04, SWPB 0.4, VSS 0.04, HSS 0.03) as Table 4.15 "
      "(cited here before as Table 4.14); GHG Protocol tool (AMEE) agrees"),
    C(G06, "magnesium.ef_co2", "*", "", "secondary", ["amee"], "AMEE magnesium: magnesite 2.83, dolomite 5.13 t CO2/t"),
    C(G06, "lead.ef", "*", "", "secondary", ["amee"], "AMEE lead: default 0.52, ISF 0.59, direct smelting 0.25, secondary 0.20"),
    C(G06, "zinc.ef", "*", "", "secondary", ["amee"], "AMEE zinc: default 1.72, Waelz kiln 3.66, pyrometallurgical 0.43"),
    C(G06, "carbonates.ef", "limestone", "", "secondary", ["pdfx"], "Table 2.1 parsed from the PDF: calcite 0.43971"),
    C(G06, "carbonates.ef", "dolomite", "", "secondary", ["pdfx"], "Table 2.1 parsed from the PDF: dolomite 0.47732"),
    # refrigeration, Table 7.9
    C(G06, "refrigeration.initial_emission", "transport", "", "unverified", [], NOT_FOUND + " (the Table 7.9 transcription found has no transport row)"),
    C(G06, "refrigeration.initial_emission", "*", "", "secondary", ["hfc-tool"], "Table 7.9 range (installation loss) as transcribed by the HFC screening tool; " + NOT_FOUND),
    C(G06, "refrigeration.operation_emission", "transport", "", "unverified", [], NOT_FOUND + " (the Table 7.9 transcription found has no transport row)"),
    C(G06, "refrigeration.operation_emission", "*", "", "secondary", ["hfc-tool"], "Table 7.9 range (operating leak rate) as transcribed by the HFC screening tool; " + NOT_FOUND),
    C(G06, "refrigeration.remaining_charge", "commercial_medium_large", "", "corrected", ["hfc-tool", "defra-refrig"],
      "was 0.4 (range 0-0.8, the stand-alone commercial row); both transcriptions give 100 % as the upper end for medium and large "
      "commercial refrigeration, like industrial refrigeration; corrected to the industrial range 50-100 % (midpoint 0.75). The lower "
      "end 50 % could not be confirmed. " + NOT_FOUND, old="0.4"),
    C(G06, "refrigeration.remaining_charge", "*", "", "secondary", ["hfc-tool", "defra-refrig"],
      "upper end of the Table 7.9 range confirmed by both transcriptions (domestic, stand-alone, residential A/C 80 %; transport, mobile "
      "A/C 50 %; industrial, chillers 100 %); the lower end was not found. " + NOT_FOUND),
    C(G06, "refrigeration.recovery_efficiency", "*", "", "unverified", [],
      NOT_FOUND + "; the transcriptions found carry no Table 7.9 recovery column (DEFRA's recovered fractions are its own)"),

    # ------------------------------------------------------------------ AFOLU (Vol 4)
    C(G06, "manure.ef3", "aerobic_forced", "", "unverified", ["amee", "cattle-tool"],
      "CONFLICT: AMEE gives 0.010 for forced aeration; the 2019R Table 10.21 (cattle-tool notes, bonsai 2019R) gives 0.005; " + NOT_FOUND + ", value kept"),
    C(G06, "manure.ef3", "poultry_litter", "", "unverified", [], NOT_FOUND + "; the 2019R table (bonsai) has the same 0.001, AMEE's poultry rows are inconsistent"),
    C(G06, "manure.ef3", "poultry_no_litter", "", "unverified", [], NOT_FOUND + "; the 2019R table (bonsai) has the same 0.001, AMEE's poultry rows are inconsistent"),
    C(G06, "manure.ef3", "*", "", "secondary", ["amee"],
      "AMEE manure N2O (cattle and swine, IPCC 2006 Vol 4 Ch 10): lagoon 0, slurry with crust 0.005 / without 0, pit 0.002, solid storage "
      "0.005, dry lot 0.02, daily spread 0, digester 0, composting in-vessel 0.006 / static pile 0.006 / intensive windrow 0.1 / passive "
      "0.01, deep bedding 0.01 / active mixing 0.07, aerobic natural 0.01; " + NOT_FOUND),
    C(G06, "n2o.ef4", "", "", "secondary", ["amee", "n2o06-code"], "value 0.010 agrees (AMEE soil inputs; Table 11.3 in an open implementation); the range 0.002-0.05 was not found"),
    C(G06, "n2o.ef5", "", "", "secondary", ["amee", "n2o06-code", "cpw-ef5"], "value 0.0075 agrees; the range 0.0005-0.025 was not found"),
    C(G19, "n2o.ef4", "", "", "secondary", ["n2o19-code"], "aggregate 0.010 agrees; the range 0.002-0.018 was not found"),
    C(G06, "soil_n2o.ef1", "", "", "secondary", ["amee"], "AMEE soil inputs: 0.01; the range 0.003-0.03 was not found"),
    C(G06, "soil_n2o.ef1_fr", "", "", "secondary", ["amee"], "AMEE soil inputs (rice): 0.003; the range was not found"),
    C(G06, "soil_n2o.ef3_prp", "cpp", "", "secondary", ["amee"], "AMEE animal inputs: cattle, poultry, swine 0.02; the range was not found"),
    C(G06, "soil_n2o.ef3_prp", "so", "", "secondary", ["amee"], "AMEE animal inputs: sheep, other 0.01; the range was not found"),
    C(G06, "soil_n2o.ef2", "cropland_grassland", "boreal", "secondary", ["amee"], "the temperate value (Table 11.1 has no boreal class); AMEE: temperate crop/grassland 8.0"),
    C(G06, "soil_n2o.ef2", "cropland_grassland", "*", "secondary", ["amee"], "AMEE organic soils: temperate 8.0, tropical 16.0 kg N2O-N/ha; the ranges were not found"),
    C(G06, "soil_n2o.ef2", "forest", "*", "secondary", ["amee"], "AMEE organic soils: temperate nutrient-rich forest 0.6, nutrient-poor 0.1; the ranges were not found"),
    C(G06, "soil_n2o.frac_gasf", "", "", "secondary", ["amee", "n2o06-code", "lincoln"], "0.10 agrees; the range 0.03-0.3 was not found"),
    C(G06, "soil_n2o.frac_gasm", "", "", "secondary", ["amee", "n2o06-code", "lincoln"], "0.20 agrees; the range 0.05-0.5 was not found"),
    C(G06, "soil_n2o.frac_leach", "", "", "secondary", ["amee", "n2o06-code"], "0.30 agrees; the range 0.1-0.8 was not found"),
    C(G06, "soil_n2o.cn_ratio", "", "", "unverified", [], NOT_FOUND + " (Eq 11.8 text)"),
    C(G19, "soil_n2o.ef3_prp", "cpp", "", "secondary", ["oti"], "OTI pasture manure factor for dairy cattle = 0.004 x 44/28 x 273 (Table 11.1 aggregate); the range was not found"),
    C(G19, "soil_n2o.ef3_prp", "so", "", "secondary", ["oti", "thuenen"], "OTI (sheep) and the German inventory documentation: 0.003; the range was not found"),
    C(G19, "soil_n2o.frac_gasf", "unspecified", "", "secondary", ["n2o19-code"], "aggregate 0.11 agrees; the range was not found"),
    C(G19, "soil_n2o.frac_gasf", "urea", "", "secondary", ["n2o19-code"], "urea 0.15 agrees; the range was not found"),
    C(G19, "soil_n2o.frac_gasf", "*", "", "unverified", [], NOT_FOUND),
    C(G19, "soil_n2o.frac_gasm", "", "", "secondary", ["n2o19-code"], "0.21 agrees; the range 0-0.31 was not found"),
    C(G19, "soil_n2o.frac_leach", "", "", "secondary", ["n2o19-code"], "0.24 agrees; the range 0.01-0.73 was not found"),
    C(G06, "liming.ef", "*", "", "secondary", ["amee"], "AMEE soil/lime: limestone 0.12, dolomite 0.13 t C/t; " + NOT_FOUND),
    C(G06, "urea.ef", "urea", "", "secondary", ["amee"], "AMEE soil/urea: 0.2 t C/t; " + NOT_FOUND),
    # rice
    C(G06, "rice.ef_baseline", "", "", "secondary", ["amee"], "AMEE rice (Vol 4 Ch 5 PDF): 1.3; the range 0.80-2.20 was not found"),
    C(G06, "rice.sf_water", "*", "", "secondary", ["amee"],
      "AMEE rice: continuous 1, single aeration 0.6, multiple 0.52, regular rainfed 0.28, drought-prone 0.25, deep water 0.31, upland 0; "
      "the ranges were not found"),
    C(G06, "rice.sf_preseason", "*", "", "secondary", ["amee"], "AMEE rice: < 180 d 1, > 180 d 0.68, flooded 1.9; the ranges were not found"),
    C(G06, "rice.cfoa", "*", "", "secondary", ["amee"], "AMEE rice: straw < 30 d 1, > 30 d 0.29, compost 0.05, farmyard manure 0.14, green manure 0.5; the ranges were not found"),
    C(G19, "rice.ef_baseline", "", "", "secondary", ["wang2018", "agledx", "oti"], "1.19 (0.80-1.76) agrees with the underlying study; AgLEDx and OTI quote 1.19 for Table 5.11"),
    C(G19, "rice.sf_water", "continuously_flooded", "", "secondary", ["wang2018"], "the reference class (1); the range 0.73-1.27 was not found"),
    C(G19, "rice.sf_water", "single_drainage", "", "secondary", ["wang2018"], "71 % of continuous flooding in the underlying study; the range was not found"),
    C(G19, "rice.sf_water", "multiple_drainage", "", "secondary", ["wang2018"], "55 % of continuous flooding in the underlying study; the range was not found"),
    C(G19, "rice.sf_water", "*", "", "unverified", [], NOT_FOUND),
    C(G19, "rice.sf_preseason", "not_flooded_short", "", "secondary", ["wang2018"], "the reference class (1)"),
    C(G19, "rice.sf_preseason", "flooded", "", "secondary", ["wang2018"], "2.4 times the short-drainage class in the underlying study; the range was not found"),
    C(G19, "rice.sf_preseason", "not_flooded_long", "", "secondary", ["wang2018"], "2.4 / 2.7 = 0.89 of the short-drainage class in the underlying study; the range was not found"),
    C(G19, "rice.sf_preseason", "*", "", "unverified", [], NOT_FOUND),
    C(G19, "rice.cfoa", "*", "", "unverified", [],
      NOT_FOUND + " (the underlying study's statement that 6 t/ha of straw applied off-season halves emissions is consistent with 0.19 "
      "against 1.00: ((1 + 6 x 0.19) / (1 + 6)) ^ 0.59 = 0.50)"),

    # ------------------------------------------------------------------ waste (Vol 5)
    C(G06, "landfill.docf", "", "", "keep", ["cfr-hh", "ru-order"],
      "0.5 also in US 40 CFR 98 Table HH-1 and a Russian restatement of Vol 5 3.2.3; the +/-20 % range (Table 3.5) was not found"),
    C(G06, "landfill.ox", "none", "", "secondary", ["bonsai-tables"],
      "bonsai's waste/swd/par_ox.csv (citing IPCC 2006 Vol 5 Table 3.2, p. 3.15) gives 0 for managed anaerobic, unmanaged and "
      "uncharacterised sites, i.e. every site without a CH4-oxidising cover; " + NOT_FOUND + " (Table 3.2)"),
    C(G06, "landfill.ox", "oxidising", "", "keep", [], ""),
    C(G06, "landfill.mcf", "managed_anaerobic", "", "secondary", ["cfr-hh"], "MCF 1 for managed sites (US 40 CFR 98 Table HH-1)"),
    C(G06, "landfill.f", "", "", "secondary", ["cfr-hh"], "F 0.5 (US 40 CFR 98 Table HH-1); bonsai's range 0.25-0.75 not checked"),
    C(G06, "open_burning.ef_n2o", "*", "", "keep", [], ""),
    C(G06, "open_burning.of", "", "", "keep", [], ""),
    C(G06, "wastewater.mcf", "*", "", "secondary", ["amee"],
      "AMEE domestic and industrial wastewater (Vol 5 Ch 6 PDF): sea/river/lake 0.1, stagnant sewer 0.5, flowing sewer 0, aerobic well "
      "managed 0 / overloaded 0.3, digester 0.8, reactor 0.8, shallow lagoon 0.2, deep lagoon 0.8, septic 0.5, latrines 0.1 / 0.5 / 0.7; "
      "the ranges were not found"),
    C(G06, "wastewater.bo", "bod", "", "confirmed", ["ilt-ww", "amee"], "0.6 kg CH4/kg BOD read in the guideline text; bonsai's range 0.42-0.78 not checked"),
    C(G06, "wastewater.bo", "cod", "", "confirmed", ["ilt-ww", "amee"], "0.25 kg CH4/kg COD read in the guideline text; bonsai's range 0.125-0.5 not checked"),
    C(G06, "wastewater.industrial_correction", "*", "", "secondary", ["bonsai-tables"],
      "bonsai's waste/wastewater/par_i.csv gives I = 1.25 for every collected pathway and 1.0 for every uncollected one; it cites "
      "the 2019R chapter (p. 6.22, Eq 6.3a), which kept the 2006 Eq 6.3 values, so it transcribes the later edition; " + NOT_FOUND
      + " (2006 Eq 6.3 text)"),
    C(G06, "wastewater.f_non_con", "", "", "secondary", ["code-ww", "code-ww2"],
      "one open implementation uses 1.1, another 1.40 (the value for countries with garbage disposals); no table cited, Table 6.11 not found"),
    C(G06, "wastewater.f_ind_com", "", "", "secondary", ["code-ww", "code-ww2"], "two open implementations use 1.25 (no table cited); Table 6.11 not found"),
    C(G06, "wastewater.ef_effluent", "", "", "secondary", ["code-ww2"], "one open implementation uses 0.005 (no table cited); the range and Table 6.11 were not found"),
    C(G06, "wastewater.ef_plant", "", "", "unverified", [], NOT_FOUND + " (Table 6.11 / Eq 6.9)"),
]


def _matches(c: Check, key) -> bool:
    g, par, item, qual = key
    return (c.guideline == g and c.parameter == par and (c.item == "*" or c.item == item)
            and (c.qualifier == "*" or c.qualifier == qual))


def lookup(key):
    """The first entry that matches the row key (guideline, parameter, item, qualifier); specific entries come first."""
    for c in CHECKS:
        if _matches(c, key):
            return c
    return None


def source_text(ids) -> str:
    out = []
    for s in ids:
        kind, where, _ = SOURCES[s]
        out.append(f"{s}={where}")
    return "; ".join(out)


def summary(bundled) -> str:
    """Markdown tables of the verification state of the bundled ipcc_tier1_*.csv (used for
    docs/inventory-defaults-verification.md): python3 scripts/ipcc_tier1_verification.py"""
    import csv
    from collections import Counter
    cats = [("checked:guideline", "confirmed (guideline text)"), ("corrected:SOURCES", "confirmed before (SOURCES.md check)"),
            ("secondary", "secondary sources only"), ("corrected:secondary", "corrected"), ("unverified", "unverifiable")]
    out = ["| dataset | rows | " + " | ".join(n for _, n in cats) + " |", "|---|---:|" + "---:|" * len(cats)]
    unver, rest = [], Counter()
    for origin in ("transcribed", "bonsai (spot checks)"):
        for f in sorted(bundled.glob("ipcc_tier1_*.csv")):
            name = f.name.removeprefix("ipcc_tier1_").removesuffix(".csv")
            c, n = Counter(), 0
            with f.open(encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    v = r["verification"]
                    if origin == "transcribed":
                        if r["source"] != "transcribed":
                            continue
                    elif r["source"] == "transcribed" or v not in ("checked:guideline", "secondary", "corrected:secondary"):
                        if r["source"] != "transcribed":
                            rest[name] += 1
                        continue
                    n += 1
                    c[v if v in dict(cats) else "unverified"] += 1
                    if v not in dict(cats) or v == "unverified":
                        unver.append(f"| {name} | {r['guideline']} | `{r['parameter']}` | {r['item'] or '–'} | {r['qualifier'] or '–'} | "
                                     f"{r['value']} | {r['ipcc_table']} |")
            if n:
                out.append(f"| {name}, {origin} | {n} | " + " | ".join(str(c[k]) for k, _ in cats) + " |")
    out += ["", "bonsai-ipcc rows not checked here (`V-bonsai` and bonsai rows corrected before): "
            + ", ".join(f"{k} {v}" for k, v in sorted(rest.items())), "",
            "| dataset | edition | parameter | item | qualifier | value | table |", "|---|---|---|---|---|---:|---|"] + unver
    return "\n".join(out)


if __name__ == "__main__":
    from pathlib import Path
    print(summary(Path(__file__).resolve().parent.parent / "Sources" / "Data" / "Bundled"))
