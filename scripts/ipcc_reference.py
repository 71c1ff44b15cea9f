#!/usr/bin/env python3
"""Independent reference values for the Tier 1 inventory methods.

Usage:  python3 scripts/ipcc_reference.py        (writes Tests/InventoryTests/Fixtures/ipcc_reference.json)

For every case (an activity file fragment in Yuheng's CSV format) this script computes the emissions
from the guideline equation written out here in plain Python — not by calling Yuheng — with the
default parameters read from the bundled tables (Sources/Data/Bundled/ipcc_tier1_*.csv, the fuel
table and natural_defaults.csv), and, where bonsai-ipcc 0.5.3 has the same single equations
(`elementary` functions), evaluates them on the same parameters. The Swift test
(Tests/InventoryTests/ReferenceTests.swift) runs Yuheng on each case and compares at 1e-9 relative
with `expected`, and checks bonsai's value equals `expected` — unless the case names a `deviation`,
where bonsai's function differs from the guideline equation and the guideline is the reference.

Needs: pip install bonsai-ipcc==0.5.3 (MIT). Deterministic: rerunning gives the same file.
"""

from __future__ import annotations

import csv
import importlib.metadata
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "Sources" / "Data" / "Bundled"
OUT = REPO / "Tests" / "InventoryTests" / "Fixtures" / "ipcc_reference.json"

try:
    from bonsai_ipcc.agriculture.generic import elementary as b_gen
    from bonsai_ipcc.agriculture.livestock_manure import elementary as b_lm
    from bonsai_ipcc.agriculture.soils import elementary as b_soil
    from bonsai_ipcc.industry.chemical import elementary as b_chem
    from bonsai_ipcc.industry.metal import elementary as b_metal
    from bonsai_ipcc.industry.mineral import elementary as b_min
    from bonsai_ipcc.waste.biological import elementary as b_bio
    from bonsai_ipcc.waste.incineration import elementary as b_inc
    from bonsai_ipcc.waste.swd import elementary as b_swd
    from bonsai_ipcc.waste.wastewater import elementary as b_ww
    BONSAI = importlib.metadata.version("bonsai-ipcc")
except ImportError:
    sys.exit("ipcc_reference.py needs bonsai-ipcc 0.5.3: pip install bonsai-ipcc==0.5.3")

N2O_N = 44 / 28
C_CO2 = 44 / 12


# -------------------------------------------------------------------------------------------------
# defaults, read from the bundled tables (independently of the Swift loader)
# -------------------------------------------------------------------------------------------------

def _tier1():
    d = {}
    for f in sorted(BUNDLED.glob("ipcc_tier1_*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                d[(r["guideline"], r["parameter"], r["item"], r["qualifier"])] = float(r["value"])
    return d


T1 = _tier1()


def t1(parameter, item="", qualifier="", guideline="2006"):
    """The bundled default; a 2019R request falls back to the 2006 row (never the reverse)."""
    k = (guideline, parameter, item, qualifier)
    if k in T1:
        return T1[k]
    if guideline == "2019R" and ("2006", parameter, item, qualifier) in T1:
        return T1[("2006", parameter, item, qualifier)]
    raise KeyError(k)


def fuel(fuel_id, column):
    with (BUNDLED / "ipcc2006_fuels.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["fuel"] == fuel_id:
                return float(r[column])
    raise KeyError(fuel_id)


def natural(table, category, item, gas=""):
    with (BUNDLED / "natural" / "natural_defaults.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["table"] == table and r["category"] == category and r["item"] == item and r["gas"] == gas:
                return float(r["value"])
    raise KeyError((table, category, item, gas))


HEADER = "id,category,method,item,amount,unit,ad_uncertainty_pct,parameters"
HEADER_Y = "id,year,category,method,item,amount,unit,ad_uncertainty_pct,parameters"
CASES = []


def case(cid, reference, csv_lines, expected, bonsai=None, bonsai_functions=None, deviation=None, year=None, categories=None):
    header = HEADER_Y if year is not None else HEADER
    CASES.append({"id": cid, "reference": reference, "csv": header + "\n" + "\n".join(csv_lines) + "\n",
                  "year": year, "expected": expected, "expected_by_category": categories,
                  "bonsai": bonsai, "bonsai_functions": bonsai_functions, "deviation": deviation})


# -------------------------------------------------------------------------------------------------
# Energy 1.B
# -------------------------------------------------------------------------------------------------

P = 2_500_000.0
rho = 0.67e-3
ch4 = P * (t1("coal_mining.ef_mining", "underground", "average") + t1("coal_mining.ef_post_mining", "underground", "average")) * rho
case("1.B.1.a underground coal, average factors", "IPCC 2006 Vol 2 Eqs 4.1.3, 4.1.4", ["ug,,coal_mining,underground,2500000,t,,"], {"CH4": ch4})
ch4 = 800_000 * (t1("coal_mining.ef_mining", "surface", "high") + t1("coal_mining.ef_post_mining", "surface", "high")) * rho
case("1.B.1.a surface coal, high factors", "IPCC 2006 Vol 2 Eqs 4.1.7, 4.1.8", ["sf,,coal_mining,surface,0.8,Mt,,emission_level=high"], {"CH4": ch4})
g = 1_000_000 * (12 + 2.5) * rho
case("1.B.1.a underground, own factors, recovery and flaring", "IPCC 2006 Vol 2 Eqs 4.1.3-4.1.6",
     ["ug,,coal_mining,underground,1000000,t,,ef_mining=12;recovered_ch4=500 t;flared_ch4=300 t"],
     {"CH4": g - 500 - 0.98 * 300, "CO2": 0.98 * 300 * 44 / 16})
case("1.B.1.a abandoned mines", "IPCC 2006 Vol 2 Eq 4.1.10 (Tier 1 form)", ["ab,,coal_mining,abandoned,40,item,,gassy_fraction=0.25;ef=1500000"],
     {"CH4": 40 * 0.25 * 1_500_000 * rho})
case("1.B.2 oil and gas, segment factors given", "IPCC 2006 Vol 2 Eq 4.2.1", ["gp,1.B.2.b,oil_gas,gas_production,2000000000,m3,,ef_ch4=3.8e-7 t/m3;ef_co2=1.4e-8 t/m3"],
     {"CH4": 2e9 * 3.8e-7, "CO2": 2e9 * 1.4e-8})

# -------------------------------------------------------------------------------------------------
# IPPU 2.A
# -------------------------------------------------------------------------------------------------

case("2.A.2 lime, high-calcium", "IPCC 2006 Vol 3 Eq 2.8, Table 2.4", ["l,,lime,high_calcium,120000,t,,"], {"CO2": 120000 * t1("lime.ef", "high_calcium")})
case("2.A.2 lime, type unknown (Eq 2.9)", "IPCC 2006 Vol 3 Eq 2.9", ["l,,lime,lime,80,kt,,"], {"CO2": 80000 * 0.75})
case("2.A.3 glass", "IPCC 2006 Vol 3 Eq 2.11", ["g,,glass,glass,250000,t,,cullet_ratio=0.3"], {"CO2": 250000 * t1("glass.ef", "glass") * (1 - 0.3)})
case("2.A.4 carbonates, Tier 1 limestone/dolomite mix", "IPCC 2006 Vol 3 Eq 2.14, Table 2.1", ["c,,carbonates,limestone_dolomite,40000,t,,"],
     {"CO2": 40000 * (0.85 * t1("carbonates.ef", "limestone") + 0.15 * t1("carbonates.ef", "dolomite"))})
ef_na = t1("carbonates.ef", "sodium_carbonate")
case("2.A.4.b soda ash use", "IPCC 2006 Vol 3 Eq 2.15, Table 2.1", ["s,2.A.4.b,carbonates,sodium_carbonate,12000,t,,calcination_fraction=0.9"],
     {"CO2": 12000 * ef_na * 0.9})

# -------------------------------------------------------------------------------------------------
# IPPU 2.B
# -------------------------------------------------------------------------------------------------

case("2.B.1 ammonia, natural gas", "IPCC 2006 Vol 3 Eq 3.1, Table 3.1", ["a,,ammonia,natural_gas,600000,t,,co2_recovered=100000 t"],
     {"CO2": 600000 * 37.5 * 15.3 * 1 * C_CO2 / 1000 - 100000})
case("2.B.1 ammonia, partial oxidation", "IPCC 2006 Vol 3 Eq 3.1, Table 3.1", ["a,,ammonia,partial_oxidation,100000,t,,"],
     {"CO2": 100000 * 42.5 * 21.0 * C_CO2 / 1000})
case("2.B.2 nitric acid, high-pressure plants", "IPCC 2006 Vol 3 Eq 3.5, Table 3.3", ["n,,nitric_acid,high_pressure,300000,t,,"],
     {"N2O": 300000 * t1("nitric_acid.ef", "high_pressure") / 1000})
case("2.B.2 nitric acid, medium pressure with abatement", "IPCC 2006 Vol 3 Eq 3.5", ["n,,nitric_acid,medium_pressure,200000,t,,destruction_factor=0.8;abatement_utilisation=0.9"],
     {"N2O": 200000 * 7 * (1 - 0.8 * 0.9) / 1000})
case("2.B.3 adipic acid, catalytic destruction", "IPCC 2006 Vol 3 Eq 3.8, Table 3.4", ["ad,,adipic_acid,catalytic_destruction,50000,t,,abatement_utilisation=0.95"],
     {"N2O": 50000 * 300 * (1 - 0.925 * 0.95) / 1000})
case("2.B.4 caprolactam", "IPCC 2006 Vol 3 Eq 3.9, Table 3.5", ["cp,,caprolactam,caprolactam,70000,t,,"], {"N2O": 70000 * 9.0 / 1000})
case("2.B.4 glyoxal", "IPCC 2006 Vol 3 Eq 3.9, Table 3.6", ["gx,,caprolactam,glyoxal,5000,t,,"], {"N2O": 5000 * 100 / 1000})
case("2.B.5 silicon carbide (per t produced)", "IPCC 2006 Vol 3 Eq 3.11, Table 3.7", ["sc,,carbide,silicon_carbide,30000,t,,"],
     {"CO2": 30000 * 2.62, "CH4": 30000 * 11.6 / 1000})
case("2.B.5 calcium carbide from coke, with acetylene use", "IPCC 2006 Vol 3 Eqs 3.11, 3.13, Table 3.8",
     ["cc,,carbide,calcium_carbide,10000,t,,basis=coke;acetylene_use=8000 t"], {"CO2": 10000 * 1.70 + 8000 * 1.100})
case("2.B.6 titanium dioxide (chloride route)", "IPCC 2006 Vol 3 Eq 3.12, Table 3.9", ["ti,,titanium_dioxide,rutile_tio2,40000,t,,"], {"CO2": 40000 * 1.34})
case("2.B.7 soda ash from trona", "IPCC 2006 Vol 3 Eq 3.14", ["tr,,soda_ash,trona,900000,t,,"], {"CO2": 900000 * 0.097})
pp = 400000
ef_co2 = t1("petrochemicals.ef_co2", "methanol", "csr_a:natural_gas")
ef_ch4 = t1("petrochemicals.ef_ch4", "methanol", "csr_a:natural_gas")
case("2.B.8 methanol (CO2, CH4)", "IPCC 2006 Vol 3 Eqs 3.15, 3.23, Tables 3.12, 3.13", ["m,2.B.8.a,petrochemicals,methanol,400000,t,,"],
     {"CO2": pp * ef_co2, "CH4": pp * ef_ch4 / 1000},
     bonsai={"CO2": b_chem.eco2_tier1(pp, ef_co2, 100), "CH4": b_chem.ech4_fugitive(pp, ef_ch4 / 1000)},
     bonsai_functions=["industry.chemical.eco2_tier1", "industry.chemical.ech4_fugitive"])
ef_eth = t1("petrochemicals.ef_co2", "ethylene", "sc:ethane")
case("2.B.8 ethylene from ethane, GAF 90 %", "IPCC 2006 Vol 3 Eq 3.15, Tables 3.14, 3.15", ["e,2.B.8.b,petrochemicals,ethylene,1000000,t,,feedstock=ethane;gaf=90"],
     {"CO2": 1e6 * ef_eth * 0.9}, bonsai={"CO2": b_chem.eco2_tier1(1e6, ef_eth, 90)}, bonsai_functions=["industry.chemical.eco2_tier1"])

# -------------------------------------------------------------------------------------------------
# IPPU 2.C
# -------------------------------------------------------------------------------------------------

ef = t1("iron_steel.ef_co2", "bof")
case("2.C.1 basic oxygen furnace steel", "IPCC 2006 Vol 3 Eq 4.4, Table 4.1", ["b,,iron_steel,bof,8,Mt,,"], {"CO2": 8e6 * ef},
     bonsai={"CO2": b_metal.co2_steelmaking_tier1_(8e6, ef)}, bonsai_functions=["industry.metal.co2_steelmaking_tier1_"])
efs, efm = t1("iron_steel.ef_co2", "sinter"), t1("iron_steel.ef_ch4", "sinter")
case("2.C.1 sinter (CO2, CH4)", "IPCC 2006 Vol 3 Eqs 4.7, 4.12, Tables 4.1, 4.2", ["s,,iron_steel,sinter,9000000,t,,"],
     {"CO2": 9e6 * efs, "CH4": 9e6 * efm / 1000},
     bonsai={"CO2": b_metal.co2_sinter_tier1_(9e6, efs), "CH4": b_metal.ch4_sinter(9e6, efm / 1000)},
     bonsai_functions=["industry.metal.co2_sinter_tier1_", "industry.metal.ch4_sinter"])
efc, efm = t1("ferroalloys.ef_co2", "ferrosilicon_75"), t1("ferroalloys.ef_ch4", "ferrosilicon_75")
case("2.C.2 ferrosilicon 75 % Si", "IPCC 2006 Vol 3 Eqs 4.15, 4.18, Tables 4.5, 4.7", ["f,,ferroalloys,ferrosilicon_75,60000,t,,"],
     {"CO2": 60000 * efc, "CH4": 60000 * efm / 1000},
     bonsai={"CO2": b_metal.co2_ferroalloy_tier1_(60000, efc), "CH4": b_metal.ch4_ferroalloy_tier1_(60000, efm / 1000)},
     bonsai_functions=["industry.metal.co2_ferroalloy_tier1_", "industry.metal.ch4_ferroalloy_tier1_"])
e1, e2, e3 = t1("aluminium.ef_co2", "swpb"), t1("aluminium.ef_cf4", "swpb"), t1("aluminium.ef_c2f6", "swpb")
case("2.C.3 aluminium, side-worked prebake (CO2, CF4, C2F6)", "IPCC 2006 Vol 3 Eqs 4.19, 4.25, Tables 4.10, 4.15", ["al,,aluminium,swpb,250000,t,,"],
     {"CO2": 250000 * e1, "CF4": 250000 * e2 / 1000, "C2F6": 250000 * e3 / 1000},
     bonsai={"CO2": b_metal.e_co2_tier1_(250000, e1), "CF4": b_metal.e_cf4_tier1_(e2, 250000) / 1000, "C2F6": b_metal.e_c2f6_tier1_(e3, 250000) / 1000},
     bonsai_functions=["industry.metal.e_co2_tier1_", "industry.metal.e_cf4_tier1_", "industry.metal.e_c2f6_tier1_"])
e = t1("magnesium.ef_co2", "primary_dolomite")
case("2.C.4 primary magnesium from dolomite", "IPCC 2006 Vol 3 Eq 4.28", ["mg,,magnesium,primary_dolomite,20000,t,,"], {"CO2": 20000 * e},
     bonsai={"CO2": b_metal.e_co2_magnesium(20000, e) * 1000}, bonsai_functions=["industry.metal.e_co2_magnesium"])
case("2.C.4 magnesium casting (SF6)", "IPCC 2006 Vol 3 Eq 4.30", ["mc,,magnesium,casting,3000,t,,"], {"SF6": 3000 * 1.0 / 1000},
     bonsai={"SF6": b_metal.e_sf6_magnesium(3000, 1.0)}, bonsai_functions=["industry.metal.e_sf6_magnesium"])
e = t1("lead.ef", "imperial_smelting")
case("2.C.5 lead, Imperial Smelting", "IPCC 2006 Vol 3 Eq 4.32, Table 4.21", ["pb,,lead,imperial_smelting,70000,t,,"], {"CO2": 70000 * e},
     bonsai={"CO2": b_metal.e_co2_lead(70000, e)}, bonsai_functions=["industry.metal.e_co2_lead"])
e = t1("zinc.ef", "waelz_kiln")
case("2.C.6 zinc, Waelz kiln", "IPCC 2006 Vol 3 Eq 4.33, Table 4.24", ["zn,,zinc,waelz_kiln,50000,t,,"], {"CO2": 50000 * e},
     bonsai={"CO2": b_metal.e_co2_zinc(50000, e)}, bonsai_functions=["industry.metal.e_co2_zinc"])

# -------------------------------------------------------------------------------------------------
# IPPU 2.D-2.G
# -------------------------------------------------------------------------------------------------

tj = 30000 * fuel("lubricants", "ncv_gj_per_t") / 1000
case("2.D.1 lubricants (mass × NCV)", "IPCC 2006 Vol 3 Eq 5.2", ["lu,2.D.1,non_energy_products,lubricants,30000,t,,"],
     {"CO2": tj * fuel("lubricants", "carbon_kgc_per_gj") * 0.2 * C_CO2})
case("2.D.2 paraffin wax (energy)", "IPCC 2006 Vol 3 Eq 5.4", ["px,2.D.2,non_energy_products,paraffin_wax,500,TJ,,odu=0.1"],
     {"CO2": 500 * fuel("paraffin_waxes", "carbon_kgc_per_gj") * 0.1 * C_CO2})
x, k, p, eta = (t1(f"refrigeration.{n}", "commercial_medium_large") for n in ("operation_emission", "initial_emission", "remaining_charge", "recovery_efficiency"))
tot = 800 * x + 60 * k + 40 * p * (1 - eta)
case("2.F.1 commercial refrigeration, R-404A", "IPCC 2006 Vol 3 Eqs 7.12-7.14, Table 7.9",
     ["r,,refrigeration,commercial_medium_large,800,t,,refrigerant=R404A;charged_new=60 t;retired_charge=40 t"],
     {"HFC125": tot * 0.44, "HFC143a": tot * 0.52, "HFC134a": tot * 0.04})
case("2.F.1 mobile air conditioning, HFC-134a, own factors", "IPCC 2006 Vol 3 Eq 7.13", ["m,,refrigeration,mobile_ac,2000,t,,refrigerant=HFC-134a;operation_emission=0.12"],
     {"HFC134a": 2000 * 0.12})
case("2.G.1 SF6 in switchgear", "IPCC 2006 Vol 3 Eq 8.1", ["sf,,sf6_equipment,closed_pressure,150,t,,ef_use=0.02;manufacturer_consumption=10 t;ef_manufacturing=0.085;retired_capacity=5 t;remaining_fraction=0.95;recovery_fraction=0.7"],
     {"SF6": 150 * 0.02 + 10 * 0.085 + 5 * 0.95 * (1 - 0.7)})

# -------------------------------------------------------------------------------------------------
# AFOLU
# -------------------------------------------------------------------------------------------------

# 3.A.2 manure, 2019R Tier 1, dairy cattle in Western Europe on liquid slurry with natural crust
n, share = 250000, 0.7
tam = t1("manure.tam", "dairy_cattle", "western_europe", "2019R")
vs = t1("manure.vs_rate", "dairy_cattle", "western_europe", "2019R") * tam / 1000 * 365
efvs = t1("manure.ef_ch4_vs", "dairy_cattle:high", "liquid_slurry_crust:temperate_cool:moist", "2019R")
nex = t1("manure.n_rate", "dairy_cattle", "western_europe", "2019R") * tam / 1000 * 365
ef3 = t1("manure.ef3", "liquid_slurry_crust", "", "2019R")
fg, fl = t1("manure.frac_gas", "dairy_cattle", "liquid_slurry_crust", "2019R"), t1("manure.frac_leach", "dairy_cattle", "liquid_slurry_crust", "2019R")
ef4, ef5 = t1("n2o.ef4", "", "", "2019R"), t1("n2o.ef5", "", "", "2019R")
ch4 = n * share * vs * efvs / 1e6
direct = n * share * nex * ef3 * N2O_N / 1000
indirect = n * share * nex * (fg * ef4 + fl * ef5) * N2O_N / 1000
b_vs = b_lm.vs_tier1_(t1("manure.vs_rate", "dairy_cattle", "western_europe", "2019R"), tam)
b_nex = b_lm.nex_tier1_(t1("manure.n_rate", "dairy_cattle", "western_europe", "2019R"), tam)
case("3.A.2 manure, 2019R, dairy cattle on liquid slurry (CH4, direct and indirect N2O)", "IPCC 2019R Vol 4 Eqs 10.22A, 10.25-10.30, Tables 10.13A, 10.14, 10.19, 10.21, 10.22, 11.3",
     ["d,,manure,dairy_cattle,250000,head,,region=western_europe;system=liquid_slurry_crust;share=0.7;climate=temperate_cool;moisture=moist;guideline=2019R"],
     {"CH4": ch4, "N2O": direct + indirect}, categories={"3.A.2": {"CH4": ch4, "N2O": direct}, "3.C.6": {"N2O": indirect}},
     bonsai={"CH4": b_lm.ch4_mm(n, b_vs, share, efvs) / 1000,
             "N2O": (b_lm.n2o_direct_mm(n, b_nex, share, ef3) + b_lm.n2o_g(b_lm.n_volatilization(n, b_nex, share, fg), ef4)
                     + b_lm.n2o_l(b_lm.n_leaching(n, b_nex, share, fl), ef5)) / 1000},
     bonsai_functions=["livestock_manure.vs_tier1_", "ch4_mm", "nex_tier1_", "n2o_direct_mm", "n_volatilization", "n2o_g", "n_leaching", "n2o_l"])
# 2006 form with the CH4 factor and N excretion given
ef4_06, ef5_06 = t1("n2o.ef4"), t1("n2o.ef5")
ef3_06 = t1("manure.ef3", "solid_storage")
direct = 40000 * 12 * ef3_06 * N2O_N / 1000
indirect = 40000 * 12 * (0.3 * ef4_06 + 0.1 * ef5_06) * N2O_N / 1000
case("3.A.2 manure, 2006, swine on solid storage with given EF, Nex and fractions", "IPCC 2006 Vol 4 Eqs 10.22, 10.25-10.29, Tables 10.21, 11.3",
     ["s,,manure,market_swine,40000,head,,system=solid_storage;ef_ch4=6;nex=12;frac_gas=0.3;frac_leach=0.1;guideline=2006"],
     {"CH4": 40000 * 6 / 1000, "N2O": direct + indirect}, categories={"3.A.2": {"CH4": 40000 * 6 / 1000, "N2O": direct}, "3.C.6": {"N2O": indirect}},
     bonsai={"CH4": b_lm.e(6, 40000) * 1000,
             "N2O": (b_lm.n2o_direct_mm(40000, 12, 1, ef3_06) + b_lm.n2o_g(b_lm.n_volatilization(40000, 12, 1, 0.3), ef4_06)
                     + b_lm.n2o_l(b_lm.n_leaching(40000, 12, 1, 0.1), ef5_06)) / 1000},
     bonsai_functions=["livestock_manure.e", "n2o_direct_mm", "n_volatilization", "n2o_g", "n_leaching", "n2o_l"])
# 3.C.1 biomass burning (natural fire engine; IPCC Table 2.5 factors, van Leeuwen fuel consumption)
fc = natural("fuel_consumption", "van_leeuwen2014", "savanna")
case("3.C.1 savanna burning (default fuel consumption)", "IPCC 2006 Vol 4 Eq 2.27, Table 2.5",
     ["fire,,biomass_burning,savanna,25000,ha,,"],
     {"CH4": 25000 * fc * natural("fire_ef", "ipcc2006", "savanna_grassland", "CH4") / 1000,
      "N2O": 25000 * fc * natural("fire_ef", "ipcc2006", "savanna_grassland", "N2O") / 1000})
case("3.C.1 crop residue burning (fuel load and combustion factor given)", "IPCC 2006 Vol 4 Eq 2.27, Table 2.5",
     ["fire,3.C.1.b,biomass_burning,crop_residue,12000,ha,,fuel_load=5.5;combustion_factor=0.8"],
     {"CH4": 12000 * 5.5 * 0.8 * natural("fire_ef", "ipcc2006", "agricultural_residues", "CH4") / 1000,
      "N2O": 12000 * 5.5 * 0.8 * natural("fire_ef", "ipcc2006", "agricultural_residues", "N2O") / 1000})
case("3.C.2 liming", "IPCC 2006 Vol 4 Eq 11.12", ["l1,,liming,limestone,50000,t,,", "l2,,liming,dolomite,20000,t,,"],
     {"CO2": (50000 * 0.12 + 20000 * 0.13) * C_CO2})
case("3.C.3 urea", "IPCC 2006 Vol 4 Eq 11.13", ["u,,urea,urea,90000,t,,"], {"CO2": 90000 * 0.20 * C_CO2})
# 3.C.4 / 3.C.5 managed soils
fsn = 80e6
ef1, fgf, flc, ef4, ef5 = t1("soil_n2o.ef1"), t1("soil_n2o.frac_gasf"), t1("soil_n2o.frac_leach"), t1("n2o.ef4"), t1("n2o.ef5")
direct = fsn * ef1 * N2O_N / 1000
indirect = (fsn * fgf * ef4 + fsn * flc * ef5) * N2O_N / 1000
case("3.C.4/3.C.5 synthetic fertiliser N, 2006", "IPCC 2006 Vol 4 Eqs 11.1, 11.9, 11.10, Tables 11.1, 11.3", ["fsn,,soil_n2o,synthetic_n,80000,t,,"],
     {"N2O": direct + indirect}, categories={"3.C.4": {"N2O": direct}, "3.C.5": {"N2O": indirect}},
     bonsai={"N2O": b_gen.n2o(b_soil.n2o_n_inputs(fsn, 0, 0, 0, ef1)) / 1000 + (b_lm.n2o_g(fsn * fgf, ef4) + b_lm.n2o_l(fsn * flc, ef5)) / 1000},
     bonsai_functions=["agriculture.soils.n2o_n_inputs", "agriculture.generic.n2o", "livestock_manure.n2o_g", "livestock_manure.n2o_l"])
fon = 30e6
ef1w, fgm, flc19, ef4w, ef5_19 = (t1("soil_n2o.ef1", "other", "wet", "2019R"), t1("soil_n2o.frac_gasm", "", "", "2019R"), t1("soil_n2o.frac_leach", "", "", "2019R"),
                                  t1("n2o.ef4", "wet", "", "2019R"), t1("n2o.ef5", "", "", "2019R"))
direct = fon * ef1w * N2O_N / 1000
indirect = fon * (fgm * ef4w + flc19 * ef5_19) * N2O_N / 1000
case("3.C.4/3.C.5 organic N, 2019R wet climate", "IPCC 2019R Vol 4 Eqs 11.1, 11.9, 11.10, Tables 11.1, 11.3", ["fon,,soil_n2o,organic_n,30000000,kg,,guideline=2019R;climate=wet"],
     {"N2O": direct + indirect}, categories={"3.C.4": {"N2O": direct}, "3.C.5": {"N2O": indirect}})
fprp = 20e6
ef3p = t1("soil_n2o.ef3_prp", "so")
direct = fprp * ef3p * N2O_N / 1000
indirect = fprp * (t1("soil_n2o.frac_gasm") * ef4 + flc * ef5) * N2O_N / 1000
case("3.C.4/3.C.5 grazing sheep (PRP), 2006", "IPCC 2006 Vol 4 Eqs 11.1, 11.5, 11.9, 11.10", ["g,,soil_n2o,grazing,20000,t,,animal_group=so"],
     {"N2O": direct + indirect}, categories={"3.C.4": {"N2O": direct}, "3.C.5": {"N2O": indirect}},
     bonsai={"N2O": b_gen.n2o(b_soil.n2o_n_prp(fprp, ef3p)) / 1000 + (b_lm.n2o_g(fprp * t1("soil_n2o.frac_gasm"), ef4) + b_lm.n2o_l(fprp * flc, ef5)) / 1000},
     bonsai_functions=["agriculture.soils.n2o_n_prp", "agriculture.generic.n2o", "livestock_manure.n2o_g", "livestock_manure.n2o_l"])
# crop residues, 2019R maize; area 1 ha for the bonsai comparison and 150 000 ha for the guideline
g19 = "2019R"
yld, dry, rag, rs, nag, nbg = 8000.0, t1("soil_n2o.dry", "maize", "", g19), t1("soil_n2o.r_ag", "maize", "", g19), t1("soil_n2o.rs", "maize", "", g19), t1("soil_n2o.n_ag", "maize", "", g19), t1("soil_n2o.n_bg", "maize", "", g19)
crop = yld * dry


def fcr(area):
    return area * (crop * rag * nag * (1 - 0.1 - 0.0) + (crop + crop * rag) * rs * nbg)


ef1_19 = t1("soil_n2o.ef1", "", "", g19)
for area in (1, 150000):
    f = fcr(area)
    direct = f * ef1_19 * N2O_N / 1000
    indirect = f * flc19 * ef5_19 * N2O_N / 1000
    b_f = b_soil.f_cr(crop, rag, area, nag, 0.1, 0.0, 1.0, 0.0, rs, nbg)
    b = {"N2O": (b_gen.n2o(b_soil.n2o_n_inputs(0, 0, b_f, 0, ef1_19)) + b_lm.n2o_l(b_f * flc19, ef5_19)) / 1000}
    case(f"3.C.4/3.C.5 crop residues, maize, 2019R, {area} ha", "IPCC 2019R Vol 4 Eqs 11.6, 11.7, 11.1, 11.10, Table 11.1A",
         [f"cr,,soil_n2o,crop_residue,{area},ha,,guideline=2019R;crop=maize;yield=8000;frac_remove=0.1"],
         {"N2O": direct + indirect}, categories={"3.C.4": {"N2O": direct}, "3.C.5": {"N2O": indirect}},
         bonsai=b, bonsai_functions=["agriculture.soils.f_cr", "n2o_n_inputs", "generic.n2o", "livestock_manure.n2o_l"],
         deviation=None if area == 1 else "bonsai's f_cr leaves the area out of the above-ground term (crop × R_AG × N_AG × …), "
                                          "so it equals the guideline only for 1 ha; the guideline multiplies both terms by the area")
dc, r = 3000.0, t1("soil_n2o.cn_ratio")
fsom = dc / r * 1000
case("3.C.4/3.C.5 N mineralised from soil carbon loss", "IPCC 2006 Vol 4 Eqs 11.8, 11.1, 11.10", ["m,,soil_n2o,mineralisation,3000,t,,"],
     {"N2O": fsom * ef1 * N2O_N / 1000 + fsom * flc * ef5 * N2O_N / 1000},
     bonsai={"N2O": (b_gen.n2o(b_soil.n2o_n_inputs(0, 0, 0, b_soil.f_som(dc, r), ef1)) + b_lm.n2o_l(b_soil.f_som(dc, r) * flc, ef5)) / 1000},
     bonsai_functions=["agriculture.soils.f_som", "n2o_n_inputs", "generic.n2o", "livestock_manure.n2o_l"])
ef2 = t1("soil_n2o.ef2", "cropland_grassland", "tropical")
case("3.C.4 drained organic soils, tropical cropland", "IPCC 2006 Vol 4 Eq 11.1, Table 11.1", ["os,,soil_n2o,organic_soil,4000,ha,,zone=tropical"],
     {"N2O": 4000 * ef2 * N2O_N / 1000}, bonsai={"N2O": b_gen.n2o(b_soil.n2o_n_os(4000, ef2)) / 1000},
     bonsai_functions=["agriculture.soils.n2o_n_os", "agriculture.generic.n2o"])
# 3.C.7 rice
sfo = (1 + 3.0 * t1("rice.cfoa", "straw_long")) ** 0.59
ef = t1("rice.ef_baseline") * t1("rice.sf_water", "single_drainage") * t1("rice.sf_preseason", "flooded") * sfo
case("3.C.7 rice, 2006, single drainage, flooded pre-season, straw", "IPCC 2006 Vol 4 Eqs 5.1-5.3, Tables 5.11-5.14",
     ["r,,rice,single_drainage,60000,ha,,days=115;preseason=flooded;amendment=straw_long;amendment_rate=3"], {"CH4": 60000 * 115 * ef / 1000})
ef = t1("rice.ef_baseline", "", "", g19) * t1("rice.sf_water", "continuously_flooded", "", g19) * t1("rice.sf_preseason", "not_flooded_short", "", g19)
case("3.C.7 rice, 2019R, continuously flooded", "IPCC 2019R Vol 4 Eqs 5.1-5.2, Tables 5.11-5.13",
     ["r,,rice,continuously_flooded,20000,ha,,days=100;guideline=2019R"], {"CH4": 20000 * 100 * ef / 1000})

# -------------------------------------------------------------------------------------------------
# Waste
# -------------------------------------------------------------------------------------------------

# 4.A first order decay, 2006: food waste, managed anaerobic, boreal/temperate wet, deposits 2000-2020
years = list(range(2000, 2021))
w = {y: 50000.0 + 1000.0 * (y - 2000) for y in years}
doc, docf, mcf, f = t1("landfill.doc", "msw_food"), t1("landfill.docf"), t1("landfill.mcf", "managed_anaerobic"), t1("landfill.f")
kk = t1("landfill.k", "msw_food", "boreal_temperate:wet")


def fod(w, years, k, report, r=None, ox=0.0):
    """Eqs 3.2, 3.4, 3.5, 3.6, 3.1 as recursions over the years (oldest first)."""
    ma = 0.0
    out = {}
    for t in range(years[0], report + 1):
        md = w.get(t, 0.0) * doc * docf * mcf
        decomp = ma * (1 - math.exp(-k))
        ma = md + ma * math.exp(-k)
        gen = decomp * f * 16 / 12
        out[t] = (gen - (r or {}).get(t, 0.0)) * (1 - ox)
    return out


ref = fod(w, years, kk, 2020)
lines = [f"food,{y},4.A.1,landfill,msw_food,{w[y]:.0f},t,,climate=boreal_temperate;moisture=wet;site=managed_anaerobic" for y in years]
# bonsai's single equations chained oldest first (the guideline order)
ma = 0.0
for t in years:
    md = b_swd.ddoc_from_wd_data(w[t], doc, docf, mcf)
    decomp = b_swd.ddoc_m_decomp_t(ma, kk)
    ma = b_swd.ddoc_ma_t(md, ma, kk)
    gen = b_swd.ch4_generated(decomp, f)
b2020 = b_swd.ch4_emissions(gen, 0.0, 0.0)
case("4.A first order decay, food waste 2000-2020 (2020 emissions)", "IPCC 2006 Vol 5 Eqs 3.1-3.6, Tables 2.4, 3.1, 3.3",
     lines, {"CH4": ref[2020]}, year=2020,
     bonsai={"CH4": b2020}, bonsai_functions=["waste.swd.ddoc_from_wd_data", "ddoc_m_decomp_t", "ddoc_ma_t", "ch4_generated", "ch4_emissions"])
case("4.A first order decay, food waste (2010 emissions)", "IPCC 2006 Vol 5 Eqs 3.1-3.6", lines, {"CH4": ref[2010]}, year=2010)
# with recovery and oxidising cover in the last year, and the 2019R DOCf
docf19 = t1("landfill.docf", "msw_paper", "", g19)
doc_p = t1("landfill.doc", "msw_paper")
kp = t1("landfill.k", "msw_paper", "tropical:wet")
ma, em = 0.0, {}
for t in range(2005, 2016):
    md = 20000.0 * doc_p * docf19 * t1("landfill.mcf", "managed_semi_aerobic") if t <= 2014 else 0.0
    decomp = ma * (1 - math.exp(-kp))
    ma = md + ma * math.exp(-kp)
    em[t] = decomp * t1("landfill.f") * 16 / 12
ox = t1("landfill.ox", "oxidising")
exp2014 = (em[2014] - 100.0) * (1 - ox)
lines2 = [f"paper,{y},4.A.1,landfill,msw_paper,20000,t,,climate=tropical;moisture=wet;site=managed_semi_aerobic;guideline=2019R" + (";recovered_ch4=100 t;cover=oxidising" if y == 2014 else "")
          for y in range(2005, 2015)]
case("4.A first order decay, 2019R DOCf, recovery and oxidising cover (2014)", "IPCC 2006 Vol 5 Eq 3.1; 2019R Table 3.0", lines2, {"CH4": exp2014}, year=2014,
     bonsai={"CH4": b_swd.ch4_emissions(em[2014], 100.0, ox)}, bonsai_functions=["waste.swd.ch4_emissions"],
     deviation="bonsai's ch4_emissions treats the recovered methane R as a fraction of the methane generated ((gen − gen·R)(1 − OX)); "
               "Eq 3.1 subtracts R as an amount: (gen − R)(1 − OX)")
# after the last disposal year the deposits keep decaying; the last line's cover (OX) still applies, R = 0
case("4.A first order decay continues after disposal ends (2015)", "IPCC 2006 Vol 5 Eqs 3.1, 3.4, 3.5", lines2 + ["lime,2015,,lime,lime,1,t,,"],
     {"CH4": em[2015] * (1 - ox)}, year=2015, categories={"4.A.1": {"CH4": em[2015] * (1 - ox)}})
# 4.B biological treatment
efc, efn = t1("biological_treatment.ef_ch4", "composting", "wet"), t1("biological_treatment.ef_n2o", "composting", "wet")
case("4.B composting (wet weight)", "IPCC 2006 Vol 5 Eqs 4.1, 4.2, Table 4.1", ["c,,biological_treatment,composting,150000,t,,"],
     {"CH4": 150000 * efc / 1000, "N2O": 150000 * efn / 1000},
     bonsai={"CH4": b_bio.ch4_emissions(150000, efc, 0), "N2O": b_bio.n2o_emissions(150000, efn)},
     bonsai_functions=["waste.biological.ch4_emissions", "waste.biological.n2o_emissions"],
     deviation="bonsai's biological-treatment equations multiply by 0.01 instead of 10^-3 (Eq 4.1: M [Gg] × EF [g/kg] × 10^-3 = Gg), 10x too high")
# 4.C incineration and open burning
dm, cf, fcf = t1("waste.dm", "msw_plastics"), t1("waste.cf", "msw_plastics"), t1("waste.fcf", "msw_plastics")
of_i = t1("incineration.of")
ch4f, n2of = t1("incineration.ef_ch4", "msw", "batch_stoker"), t1("incineration.ef_n2o", "msw")
case("4.C.1 incineration of plastics, batch stoker", "IPCC 2006 Vol 5 Eqs 5.1, 5.4, 5.5, Tables 2.4, 5.2, 5.3, 5.6",
     ["i,,incineration,msw_plastics,40000,t,,technology=batch_stoker"],
     {"CO2": 40000 * dm * cf * fcf * of_i * C_CO2, "CH4": 40000 * ch4f * 1e-6, "N2O": 40000 * n2of * 1e-6},
     bonsai={"CO2": b_inc.co2_emissions(40000, dm, cf, fcf, of_i), "CH4": b_inc.ch4_emissions(40000, ch4f), "N2O": b_inc.n2o_emissions(40000, n2of)},
     bonsai_functions=["waste.incineration.co2_emissions", "ch4_emissions", "n2o_emissions"])
dm, cf, fcf = t1("waste.dm", "msw_paper"), t1("waste.cf", "msw_paper"), t1("waste.fcf", "msw_paper")
of_o = t1("open_burning.of")
ch4o, n2oo = t1("open_burning.ef_ch4"), t1("open_burning.ef_n2o", "msw_paper")
case("4.C.2 open burning of paper", "IPCC 2006 Vol 5 Eqs 5.1, 5.4, 5.5; Tables 2.4, 5.2, 5.6", ["o,,open_burning,msw_paper,8000,t,,"],
     {"CO2": 8000 * dm * cf * fcf * of_o * C_CO2, "CH4": 8000 * ch4o * 1e-6, "N2O": 8000 * n2oo * 1e-6},
     bonsai={"CO2": b_inc.co2_emissions(8000, dm, cf, fcf, of_o), "CH4": b_inc.ch4_emissions(8000, ch4o), "N2O": b_inc.n2o_emissions(8000, n2oo)},
     bonsai_functions=["waste.incineration.co2_emissions", "ch4_emissions", "n2o_emissions"])
# 4.D wastewater, domestic 2006: septic systems, with effluent N2O and plants
p, share, bod = 2_000_000, 0.35, 55.0
i_unc = t1("wastewater.industrial_correction", "uncollected")
bo, mcf_s = t1("wastewater.bo", "bod"), t1("wastewater.mcf", "septic")
tow = p * share * bod * 0.001 * i_unc * 365
ch4 = tow * bo * mcf_s / 1000
fnpr, fnc, fic, efe, efp = t1("wastewater.f_npr"), t1("wastewater.f_non_con"), t1("wastewater.f_ind_com"), t1("wastewater.ef_effluent"), t1("wastewater.ef_plant")
neff = p * share * 28 * fnpr * fnc * fic
n2o = neff * efe * N2O_N / 1000 + p * share * 0.5 * fic * efp * 1e-6
case("4.D.1 domestic wastewater, septic systems (CH4, N2O), 2006", "IPCC 2006 Vol 5 Eqs 6.1-6.3, 6.7-6.9, Tables 6.2, 6.3, 6.11",
     ["ww,,wastewater,domestic,2000000,person,,pathway=septic;share=0.35;bod=55;protein=28;plant_share=0.5"],
     {"CH4": ch4, "N2O": n2o},
     bonsai={"CH4": b_ww.ch4_emissions_treatment(b_ww.tow_system(p * bod * 0.001 * 365, 1, share, i_unc), 0, b_ww.ef_ch4_treat(bo, mcf_s), 0) / 1000},
     bonsai_functions=["waste.wastewater.tow_system", "ef_ch4_treat", "ch4_emissions_treatment"])
w_d, cod_d, bo_c, mcf_l = t1("wastewater.wastewater_per_t", "dairy"), t1("wastewater.cod", "dairy"), t1("wastewater.bo", "cod"), t1("wastewater.mcf", "anaerobic_lagoon_deep")
tow = 300000 * w_d * cod_d
case("4.D.2 industrial wastewater, dairy, deep anaerobic lagoon", "IPCC 2006 Vol 5 Eqs 6.4-6.6, Tables 6.8, 6.9",
     ["wi,,wastewater,industrial,300000,t,,pathway=anaerobic_lagoon_deep;industry=dairy;sludge_removed=50 t"],
     {"CH4": ((tow - 50000) * bo_c * mcf_l) / 1000},
     bonsai={"CH4": b_ww.ch4_emissions_system_ind(tow, 50000, b_ww.ef_ch4_ind(bo_c, mcf_l), 0) / 1000},
     bonsai_functions=["waste.wastewater.ef_ch4_ind", "ch4_emissions_system_ind"])


def main():
    doc = {"generator": "scripts/ipcc_reference.py", "bonsai_ipcc_version": BONSAI, "tolerance_relative": 1e-9, "cases": CASES}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(CASES)} cases -> {OUT.relative_to(REPO)} (bonsai-ipcc {BONSAI})")


if __name__ == "__main__":
    main()
