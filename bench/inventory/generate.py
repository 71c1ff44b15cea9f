#!/usr/bin/env python3
"""Generates a synthetic national inventory for `make bench-inventory`: LINES activity lines over YEARS years,
every sector and most Tier 1 methods, defaults shared across lines and years, some solid-waste disposal series
(first order decay). Not real data. Usage: generate.py OUT.csv [LINES] [YEARS] [SEED]"""
import random
import sys

out = sys.argv[1]
n_lines = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
n_years = int(sys.argv[3]) if len(sys.argv) > 3 else 30
rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 42)
first = 2023 - n_years
years = list(range(first, first + n_years))

# (category, method, item, amount range, unit, parameters)
templates = [
    ("1.A.1.a", "stationary", "other_bituminous_coal", (50, 500), "Gg", ""),
    ("1.A.1.a", "stationary", "natural_gas", (1000, 20000), "TJ", ""),
    ("1.A.2", "stationary", "lignite", (20, 200), "Gg", ""),
    ("1.A.4.b", "stationary", "natural_gas", (500, 9000), "TJ", ""),
    ("1.A.3.b", "mobile", "gas_diesel_oil", (10, 300), "Gg", ""),
    ("1.A.3.b", "mobile", "motor_gasoline", (10, 300), "Gg", "technology=oxidation_catalyst"),
    ("1.B.1.a", "coal_mining", "underground", (1e5, 2e6), "t", ""),
    ("2.A.1", "cement", "portland", (1e5, 2e6), "t", ""),
    ("2.A.2", "lime", "high_calcium", (1e4, 3e5), "t", "ef_uncertainty_pct=5"),
    ("2.B.2", "nitric_acid", "high_pressure", (1e4, 3e5), "t", ""),
    ("2.C.1", "iron_steel", "bof", (1e5, 3e6), "t", "ef_co2_uncertainty_pct=10"),
    ("2.C.3", "aluminium", "cwpb", (1e4, 2e5), "t", ""),
    ("2.F.1", "refrigeration", "mobile_ac", (100, 3000), "t", "refrigerant=HFC134a"),
    ("3.A.1", "enteric", "dairy_cattle", (1e4, 3e5), "head", "region=western_europe"),
    ("3.A.2", "manure", "dairy_cattle", (1e4, 3e5), "head", "region=western_europe;system=liquid_slurry_crust;climate=temperate_cool;moisture=moist"),
    ("3.C.4", "soil_n2o", "synthetic_n", (1000, 50000), "t", ""),
    ("3.C.4", "soil_n2o", "organic_n", (1000, 30000), "t", ""),
    ("3.C.3", "urea", "urea", (1000, 50000), "t", ""),
    ("3.C.7", "rice", "continuously_flooded", (1000, 50000), "ha", "days=110"),
    ("4.B", "biological_treatment", "composting", (1e4, 2e5), "t", ""),
    ("4.C.1", "incineration", "msw_plastics", (1e4, 2e5), "t", "technology=continuous_stoker"),
    ("4.D.1", "wastewater", "domestic", (1e5, 2e6), "person", "pathway=septic;bod=60;protein=30;bod_uncertainty_pct=30"),
]
streams = 10                                    # first-order-decay disposal series, one line per year each
fod_lines = streams * n_years
per_year = (n_lines - fod_lines) // n_years
rows = []
for y in years:
    for i in range(per_year):
        cat, method, item, (lo, hi), unit, params = templates[i % len(templates)]
        amount = round(rnd.uniform(lo, hi), 3)
        rows.append(f"s{i},{y},{cat},{method},{item},{amount},{unit},{rnd.choice([2, 5, 10])},{params}")
wastes = ["msw_food", "msw_paper", "msw_wood", "msw_garden", "msw_textiles"]
for s in range(streams):
    for y in years:
        w = wastes[s % len(wastes)]
        rows.append(f"landfill{s},{y},4.A.1,landfill,{w},{round(rnd.uniform(1e4, 2e5))},t,10,climate=boreal_temperate;moisture=wet;site=managed_anaerobic")
# pad to exactly n_lines with extra lime lines in the last year
i = 0
while len(rows) < n_lines:
    rows.append(f"pad{i},{years[-1]},2.A.2,lime,lime,{round(rnd.uniform(1e3, 1e4))},t,5,")
    i += 1
with open(out, "w") as fh:
    fh.write("id,year,category,method,item,amount,unit,ad_uncertainty_pct,parameters\n")
    fh.write("\n".join(rows[:n_lines]) + "\n")
print(f"{len(rows[:n_lines])} lines, {n_years} years ({years[0]}-{years[-1]}) -> {out}")
