#!/usr/bin/env python3
"""Build Yuheng's bundled natural-sources and land-use data from ../shared/data/natural_sources.

Usage:  python3 scripts/build_natural_bundle.py

Reads $YUHENG_SHARED (default <repo>/../shared) and writes Sources/Data/Bundled/natural/
(or $YUHENG_NATURAL_OUT) with its own manifest.json (source, version, licence, date and the
SHA-256 and size of every file). The main bundle manifest (Sources/Data/Bundled/manifest.json)
is not touched.

Rules:
  * Python standard library only (xlsx read as a zip of XML).
  * Deterministic bytes: sorted rows, numbers formatted from Decimal, no timestamps.
  * Only CC BY 4.0 / public sources are shipped. Files used only to cross-check (OWID Jones et al.,
    OWID CO2 subset, the GMB processed CSVs) are read but nothing from them is written.
  * Cross-checks stop the build with a message when a source no longer matches what the code expects.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from decimal import ROUND_HALF_UP, Decimal, getcontext
from pathlib import Path

from xlsx_reader import Xlsx  # scripts/ is on sys.path when a script in it runs

getcontext().prec = 50

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("YUHENG_SHARED", str(REPO.parent / "shared"))).resolve()
DATA = SHARED / "data"
OUT = Path(os.environ.get("YUHENG_NATURAL_OUT", str(REPO / "Sources" / "Data" / "Bundled" / "natural"))).resolve()

C_TO_CO2_GCB = Decimal("3.664")
FIRST_LUC_YEAR = 1990


class BuildError(Exception):
    pass


def need(cond: bool, msg: str) -> None:
    if not cond:
        raise BuildError(msg)


def D(text) -> Decimal:
    return Decimal(str(text).strip())


def fmt(d: Decimal) -> str:
    if d == 0:
        return "0"
    return format(d.normalize(), "f")


def q(d: Decimal, places: str) -> Decimal:
    return d.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def src(*parts: str) -> Path:
    p = DATA.joinpath(*parts)
    need(p.is_file(), f"missing source file {p} (is $YUHENG_SHARED right? now {SHARED})")
    return p


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        need(len(r) == len(header), f"row width {len(r)} != header {len(header)}: {r}")
        w.writerow(r)
    return buf.getvalue().encode("utf-8")


WRITTEN: dict[str, bytes] = {}
ROWS: dict[str, int] = {}


def write_file(name: str, data: bytes, rows: int | None = None) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_bytes(data)
    WRITTEN[name] = data
    if rows is not None:
        ROWS[name] = rows


def write_csv(name: str, header: list[str], rows: list[list[str]]) -> None:
    write_file(name, csv_bytes(header, rows), len(rows))




# --------------------------------------------------------------------------------------------
# Country names -> ISO3 (GCB names; the mapping comes from GCB 2022's own iso3c column)
# --------------------------------------------------------------------------------------------

GCB_EXTRA_NAMES = {
    "Czechia": "CZE", "Eswatini": "SWZ", "Monaco": "MCO", "San Marino": "SMR",
    "State of Palestine": "PSE", "Türkiye": "TUR", "Vatican City": "VAT",
}
GCB_AGGREGATES = {"Global": "WLD", "EU27": None, "OTHER": None, "DISPUTED": None}


def gcb_name_map() -> dict[str, str]:
    m: dict[str, str] = {}
    with src("national_emissions", "gcb2022v1.0_clean_long.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            iso = r["iso3c"].strip()
            if re.fullmatch(r"[A-Z]{3}", iso):
                m[r["country_name"].strip()] = iso
    m.update(GCB_EXTRA_NAMES)
    return m


# --------------------------------------------------------------------------------------------
# 1. GCB 2024 national land-use change emissions (four bookkeeping models)
# --------------------------------------------------------------------------------------------

LUC_MODELS = [("BLUE", "blue_tgc"), ("H&C2023", "hc2023_tgc"), ("OSCAR", "oscar_tgc"), ("LUCE", "luce_tgc")]


def build_luc() -> None:
    names = gcb_name_map()
    vals: dict[tuple[str, int], dict[str, str]] = {}
    country_of: dict[str, str] = {}
    unknown: set[str] = set()
    with src("natural_sources", "gcb2024_national_luc_long.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            name, year, model = r["country"].strip(), int(r["year"]), r["model"].strip()
            need(model in dict(LUC_MODELS), f"unknown GCB LUC model '{model}'")
            if name in GCB_AGGREGATES:
                iso = GCB_AGGREGATES[name]
                if iso is None:
                    continue
            elif name in names:
                iso = names[name]
            else:
                unknown.add(name)
                continue
            country_of[iso] = "World" if iso == "WLD" else name
            if year < FIRST_LUC_YEAR:
                continue
            key = (iso, year)
            need(model not in vals.get(key, {}), f"duplicate GCB LUC value {key} {model}")
            vals.setdefault(key, {})[model] = r["tgc"].strip()
    need(not unknown, f"GCB LUC country names without an ISO3 code: {sorted(unknown)}")
    rows = []
    for (iso, year), m in sorted(vals.items()):
        need(len(m) == 4, f"{iso} {year}: expected 4 models, got {sorted(m)}")
        rows.append([iso, country_of[iso], str(year)] + [fmt(D(m[k])) for k, _ in LUC_MODELS])
    # cross-checks against values published elsewhere
    def mean(iso: str, year: int) -> Decimal:
        m = vals[(iso, year)]
        return sum(D(m[k]) for k, _ in LUC_MODELS) / 4
    # World = mean of the four models, as OWID (GCB 2024) publishes it: 3541.036 Mt CO2 in 2022
    need(abs(mean("WLD", 2022) * C_TO_CO2_GCB - D("3541.036")) < D("0.01"), "GCB LUC World 2022 does not match OWID 3541.036 Mt CO2")
    # methods/natural.md: E_LUC 2014-2023 = 1.1 GtC/yr
    dec = sum(mean("WLD", y) for y in range(2014, 2024)) / 10 / 1000
    need(abs(dec - D("1.1")) < D("0.05"), f"GCB LUC 2014-2023 mean {dec} GtC/yr, methods note says 1.1")
    # OWID's national land_use_change_co2 equals the BLUE model (cross-check only, not shipped)
    with src("national_emissions", "owid_co2_subset_CHN_USA_JPN_WLD_2021_2023.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            iso = {"China": "CHN", "United States": "USA", "Japan": "JPN"}.get(r["country"])
            if iso and r["land_use_change_co2"]:
                blue = D(vals[(iso, int(r["year"]))]["BLUE"]) * C_TO_CO2_GCB
                need(abs(blue - D(r["land_use_change_co2"])) < D("0.01"),
                     f"OWID land_use_change_co2 {iso} {r['year']} = {r['land_use_change_co2']}, BLUE x 3.664 = {blue}")
    write_csv("gcb2024_luc_national.csv", ["iso3", "country", "year"] + [c for _, c in LUC_MODELS], rows)


# --------------------------------------------------------------------------------------------
# 2. Global Methane Budget 2000-2017 (Saunois et al. 2020): 18 regions, natural categories
# --------------------------------------------------------------------------------------------

GMB_REGIONS = {  # workbook column header -> our id
    "GLOBAL": "global", "Central America": "central_america", "Northern South America": "northern_south_america",
    "Brazil": "brazil", "Southwest South America": "southwest_south_america", "Northern Africa": "northern_africa",
    "Equatorial Africa": "equatorial_africa", "Southern Africa": "southern_africa", "South Asia": "south_asia",
    "Southeast Asia": "southeast_asia", "Oceania": "oceania", "USA": "usa", "Europe": "europe",
    "Central Asia": "central_asia", "Middle East": "middle_east", "China": "china", "Korean Japan": "korea_japan",
    "Canada": "canada", "Russia": "russia",
}
# (sheet, block title in column A, our category, estimate)
GMB_BLOCKS = [
    ("BU", "Wetland", "wetlands", "bottom-up"),
    ("BU", "Biomass burning", "biomass_burning", "bottom-up"),
    ("TD", "Wetlands - Posterior", "wetlands", "top-down"),
    ("TD", "Other Natural Sources - Posterior", "other_natural", "top-down"),
    ("TD", "Total natural Sources - Posterior", "total_natural", "top-down"),
    ("TD", "Biomass and Biofuel Burning - Posterior", "biomass_biofuel_burning", "top-down"),
    ("TD", "Soil Sink - Posterior", "soil_sink", "top-down"),
]
GMB_SHEETS = {("2008-2017", "BU"): "2008-2017 BU budget", ("2008-2017", "TD"): "2008-2017 TD budget",
              ("2017", "BU"): "2017 BU budget", ("2017", "TD"): "2017 TD Budget"}


def gmb_blocks(book: Xlsx, sheet: str) -> tuple[dict[str, str], dict[str, list[tuple[str, dict[str, str]]]]]:
    rows = book.rows(sheet)
    header_row = next(r for r in sorted(rows) if rows[r].get("C") == "GLOBAL")
    cols = {v.strip(): k for k, v in rows[header_row].items() if k >= "C"}
    blocks: dict[str, list[tuple[str, dict[str, str]]]] = {}
    current = None
    for r in sorted(rows):
        cells = rows[r]
        a = cells.get("A", "").strip()
        if a:
            current = a if "C" not in cells else None
            if current is not None:
                blocks.setdefault(current, [])
            continue
        if current is not None and "B" in cells and "C" in cells:
            blocks[current].append((cells["B"].strip(), cells))
    return cols, blocks


def stats(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    n = len(values)
    mean = sum(values) / n
    sd = (sum((v - mean) ** 2 for v in values) / (n - 1)).sqrt() if n > 1 else Decimal(0)
    return mean, min(values), max(values), sd


def build_gmb() -> None:
    book = Xlsx(src("natural_sources", "Global_Methane_Budget_2000_2017_v2.0_full.xlsx"), need)
    out = []
    for (period, kind), sheet in sorted(GMB_SHEETS.items()):
        cols, blocks = gmb_blocks(book, sheet)
        for name in GMB_REGIONS:
            need(name in cols, f"{sheet}: no column '{name}' (has {sorted(cols)})")
        for bkind, title, category, estimate in GMB_BLOCKS:
            if bkind != kind:
                continue
            need(title in blocks, f"{sheet}: no block '{title}' (has {sorted(blocks)})")
            members = blocks[title]
            need(len(members) >= 4, f"{sheet} {title}: only {len(members)} models")
            for name, rid in GMB_REGIONS.items():
                vs = [D(cells[cols[name]]) for _, cells in members if cells.get(cols[name], "NA") not in ("NA", "")]
                need(len(vs) >= 3, f"{sheet} {title} {name}: only {len(vs)} values")
                mean, lo, hi, sd = stats(vs)
                out.append([period, estimate, category, rid, str(len(vs)), fmt(q(mean, "0.001")), fmt(q(lo, "0.001")),
                            fmt(q(hi, "0.001")), fmt(q(sd, "0.001"))])
    # cross-check against the processed global CSV (ensemble min/max, 2008-2017)
    ens: dict[tuple[str, str, str], Decimal] = {}
    with src("natural_sources", "gmb2020_global_ch4_data_2008_2017_processed.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["Original data source"].startswith("Ensemble"):
                ens[(r["Sink/source type"], r["Estimate type"], r["Original data source"])] = D(r["Value (Tg CH4 yr-1)"])
    def row(cat: str, est: str) -> list[str]:
        return next(x for x in out if x[0] == "2008-2017" and x[1] == est and x[2] == cat and x[3] == "global")
    for cat, est, key in (("wetlands", "top-down", ("Wetlands", "Top-down")), ("wetlands", "bottom-up", ("Wetlands", "Bottom-up")),
                          ("other_natural", "top-down", ("Other Natural Sources", "Top-down")), ("soil_sink", "top-down", ("Soil Sink", "Top-down"))):
        r = row(cat, est)
        need(abs(D(r[6]) - ens[key + ("Ensemble min",)]) < 1 and abs(D(r[7]) - ens[key + ("Ensemble max",)]) < 1,
             f"GMB global {cat} {est}: min/max {r[6]}/{r[7]} differ from the processed CSV {ens[key + ('Ensemble min',)]}/{ens[key + ('Ensemble max',)]}")
    # cross-check: regional processed CSV, South America TD wetlands = 60.46 (sum of three GMB regions)
    sa = sum(D(row_[5]) for row_ in out if row_[0] == "2008-2017" and row_[1] == "top-down" and row_[2] == "wetlands"
             and row_[3] in ("brazil", "northern_south_america", "southwest_south_america"))
    need(abs(sa - D("60.46")) < D("0.1"), f"GMB South America TD wetlands = {sa}, processed CSV says 60.46")
    out.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    write_csv("gmb2020_regions.csv", ["period", "estimate", "category", "region", "n", "mean_tg_ch4", "min_tg_ch4", "max_tg_ch4", "sd_tg_ch4"], out)


# --------------------------------------------------------------------------------------------
# 3. Country -> GMB region with land area (Natural Earth 1:110m, public domain)
# --------------------------------------------------------------------------------------------

GMB_COUNTRIES = {
    "usa": "USA", "canada": "CAN GRL", "brazil": "BRA", "china": "CHN TWN", "russia": "RUS",
    "korea_japan": "KOR PRK JPN",
    "central_america": "MEX GTM BLZ SLV HND NIC CRI PAN CUB JAM HTI DOM BHS TTO PRI",
    "northern_south_america": "COL VEN GUY SUR ECU",
    "southwest_south_america": "PER BOL CHL ARG PRY URY FLK",
    "northern_africa": "DZA EGY LBY MAR TUN ESH MRT MLI NER TCD SDN ERI DJI SEN GMB BFA",
    "equatorial_africa": "GIN GNB SLE LBR CIV GHA TGO BEN NGA CMR CAF GNQ GAB COG COD SSD ETH SOM SOL KEN UGA RWA BDI TZA",
    "southern_africa": "AGO ZMB MWI MOZ ZWE BWA NAM ZAF LSO SWZ MDG",
    "europe": "ALB AUT BLR BEL BIH BGR HRV CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ITA XKX LVA LTU LUX MDA MNE NLD MKD NOR POL PRT ROU SRB SVK SVN ESP SWE CHE UKR GBR",
    "central_asia": "KAZ UZB TKM KGZ TJK MNG AFG GEO ARM AZE",
    "middle_east": "TUR CYP CYN SYR LBN ISR PSE JOR IRQ IRN KWT SAU QAT ARE OMN YEM",
    "south_asia": "IND PAK BGD NPL BTN LKA",
    "southeast_asia": "MMR THA LAO KHM VNM MYS BRN IDN PHL TLS PNG",
    "oceania": "AUS NZL FJI NCL SLB VUT",
}
NE_BY_NAME = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX"}
NOT_IN_REGIONS = {"ATA", "ATF"}
EARTH_RADIUS_KM = 6371.0088


def ring_area_km2(ring: list[list[float]]) -> float:
    """Area of a lon/lat ring on a sphere (spherical excess approximation used by many GIS tools)."""
    total = 0.0
    n = len(ring)
    for i in range(n):
        lon1, lat1 = ring[i]
        lon2, lat2 = ring[(i + 1) % n]
        total += math.radians(lon2 - lon1) * (2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2)))
    return abs(total) * EARTH_RADIUS_KM * EARTH_RADIUS_KM / 2


def build_country_regions() -> None:
    region_of: dict[str, str] = {}
    for region, codes in GMB_COUNTRIES.items():
        for c in codes.split():
            need(c not in region_of, f"{c} in two GMB regions")
            region_of[c] = region
    feats = json.loads(src("geo", "naturalearth_110m_countries.geojson").read_text(encoding="utf-8"))["features"]
    area: dict[str, float] = {}
    names: dict[str, str] = {}
    for f in feats:
        p = f["properties"]
        iso = p.get("iso_a3", "")
        if not re.fullmatch(r"[A-Z]{3}", iso):
            iso = NE_BY_NAME.get(p.get("name", ""), "")
        need(iso != "", f"Natural Earth feature without a code: {p.get('name')}")
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        a = 0.0
        for poly in polys:
            a += ring_area_km2(poly[0]) - sum(ring_area_km2(h) for h in poly[1:])
        area[iso] = a
        names[iso] = p["name"]
    missing = sorted(set(area) - set(region_of) - NOT_IN_REGIONS)
    need(not missing, f"Natural Earth countries without a GMB region: {missing}")
    extra = sorted(set(region_of) - set(area))
    need(not extra, f"GMB region members not in Natural Earth 1:110m: {extra}")
    km2 = {iso: Decimal(round(a)) for iso, a in area.items()}
    totals: dict[str, Decimal] = {}
    for iso, region in region_of.items():
        totals[region] = totals.get(region, Decimal(0)) + km2[iso]
    rows = []
    for iso in sorted(region_of):
        region = region_of[iso]
        share = q(km2[iso] / totals[region], "0.000001")
        rows.append([iso, names[iso], region, fmt(km2[iso]), fmt(share)])
    # sanity: areas of a few countries (km2) within 5 % of their official land+water area
    for iso, official in (("BRA", 8_515_767), ("USA", 9_833_517), ("CHN", 9_596_961), ("AUS", 7_692_024)):
        need(abs(float(km2[iso]) / official - 1) < 0.05, f"{iso} area {km2[iso]} km2 is far from {official}")
    write_csv("gmb2020_country_regions.csv", ["iso3", "name", "gmb_region", "area_km2", "region_area_share"], rows)


# --------------------------------------------------------------------------------------------
# 4. GCB 2019 global carbon budget (1959-2018)
# --------------------------------------------------------------------------------------------

GCB19_COMPONENTS = {
    "fossil fuel and industry": "fossil", "land-use change emissions": "land_use_change",
    "atmospheric growth": "atmospheric_growth", "ocean sink": "ocean_sink", "land sink": "land_sink",
    "budget imbalance": "budget_imbalance",
}


def build_gcb_global() -> None:
    vals: dict[tuple[int, str], dict[str, str]] = {}
    with src("natural_sources", "gcb2019_global_carbon_budget_processed.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            comp = GCB19_COMPONENTS.get(r["Sink/source type"])
            if comp is None or r["Units"] != "Pg C yr-1":
                continue
            key = (int(r["Year"]), comp)
            kind = "mean" if r["Reported value"] == "mean" else "sd"
            need(kind not in vals.get(key, {}), f"duplicate GCB 2019 value {key} {kind}")
            vals.setdefault(key, {})[kind] = r["Value"].strip()
    rows = [[str(y), c, fmt(D(v["mean"])), fmt(D(v["sd"])) if v.get("sd") else ""] for (y, c), v in sorted(vals.items())]
    # identity check: fossil + LUC = growth + ocean + land + imbalance (to rounding)
    for y in range(1959, 2019):
        g = {c: D(vals[(y, c)]["mean"]) for c in GCB19_COMPONENTS.values()}
        lhs = g["fossil"] + g["land_use_change"]
        rhs = g["atmospheric_growth"] + g["ocean_sink"] + g["land_sink"] + g["budget_imbalance"]
        need(abs(lhs - rhs) <= D("0.03"), f"GCB 2019 {y}: budget does not close ({lhs} vs {rhs})")
    write_csv("gcb2019_global_budget.csv", ["year", "component", "mean_gtc", "sd_gtc"], rows)


# --------------------------------------------------------------------------------------------
# 5. EDGAR 2024 LULUCF by macro-region (fires, deforestation, organic soils ...)
# --------------------------------------------------------------------------------------------

def build_edgar_regions() -> None:
    rows = []
    with src("natural_sources", "edgar2024_lulucf_macroregions_long.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            v = r["value_mt"].strip()
            if v == "":
                continue
            rows.append([r["macro_region"].strip(), r["sector"].strip(), r["substance"].strip(), str(int(r["year"])),
                         fmt(q(D(v), "0.000001"))])
    rows.sort(key=lambda r: (r[0], r[1], r[2], int(r[3])))
    need(any(r[0] == "GLOBAL TOTAL" and r[1] == "Fires" for r in rows), "EDGAR: no GLOBAL TOTAL fires rows")
    write_csv("edgar2024_lulucf_regions.csv", ["macro_region", "sector", "substance", "year", "value_mt_co2e"], rows)


# --------------------------------------------------------------------------------------------
# 6. Climate Watch (CAIT) LUCF CO2 per country (FAO-based, inventory-like), via OWID
# --------------------------------------------------------------------------------------------

def build_cait() -> None:
    col = "Carbon dioxide emissions from land use change and forestry"
    rows = []
    with src("natural_sources", "owid_climatewatch_co2_emissions_by_sector_1990_2020.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            iso = r["Code"].strip()
            if not re.fullmatch(r"[A-Z]{3}", iso) or r[col].strip() == "":
                continue
            rows.append([iso, r["Entity"].strip(), str(int(r["Year"])), fmt(D(r[col]) / 1_000_000)])
    rows.sort(key=lambda r: (r[0], int(r[2])))
    bra = next(r for r in rows if r[0] == "BRA" and r[2] == "2020")
    need(D(bra[3]) > 0, f"CAIT BRA 2020 LUCF CO2 should be a net source, got {bra[3]}")
    write_csv("cait_lucf_national.csv", ["iso3", "country", "year", "lucf_co2_mt"], rows)


# --------------------------------------------------------------------------------------------
# 7. Default factor tables the engine ships (YuhengNatural), with a verification column
# --------------------------------------------------------------------------------------------

# verification: "checked:..." = compared with independent public transcriptions (named in
# docs/natural-format.md); "V-bonsai" = equal to bonsai-ipcc 0.5.3's table; "V-web" = methods note,
# checked against the named web source; "unverified" = [M] value, no primary table seen.
FIRE_EF = [  # IPCC 2006 Vol 4 Table 2.5 (after Andreae & Merlet 2001): mean, sd (g/kg dm)
    ("savanna_grassland", {"CO2": ("1613", "95"), "CO": ("65", "20"), "CH4": ("2.3", "0.9"), "N2O": ("0.21", "0.10")}, "checked:2-transcriptions"),
    ("agricultural_residues", {"CO2": ("1515", "177"), "CO": ("92", "84"), "CH4": ("2.7", ""), "N2O": ("0.07", "")}, "checked:1-transcription"),
    ("tropical_forest", {"CO2": ("1580", "90"), "CO": ("104", "20"), "CH4": ("6.8", "2.0"), "N2O": ("0.20", "")}, "checked:2-transcriptions"),
    ("extratropical_forest", {"CO2": ("1569", "131"), "CO": ("107", "37"), "CH4": ("4.7", "1.9"), "N2O": ("0.26", "0.07")}, "checked:2-transcriptions"),
    ("biofuel_burning", {"CO2": ("1550", "95"), "CO": ("78", "31"), "CH4": ("6.1", "2.2"), "N2O": ("0.06", "")}, "unverified"),
]
GFED4_EF = {  # GFED4 emission factors (g/kg dm), geo.vu.nl GFED4_Emission_Factors.txt
    "SAVA": {"CO2": "1686", "CO": "63", "CH4": "1.94", "N2O": "0.20"},
    "BORF": {"CO2": "1489", "CO": "127", "CH4": "5.96", "N2O": "0.41"},
    "TEMF": {"CO2": "1647", "CO": "88", "CH4": "3.36", "N2O": "0.16"},
    "DEFO": {"CO2": "1643", "CO": "93", "CH4": "5.07", "N2O": "0.20"},
    "PEAT": {"CO2": "1703", "CO": "210", "CH4": "20.8", "N2O": "0.20"},
    "AGRI": {"CO2": "1585", "CO": "102", "CH4": "5.82", "N2O": "0.10"},
}
FUEL_CONSUMPTION = [  # van Leeuwen et al. 2014 (t dm/ha): mean, sd (or low-high)
    ("savanna", "4.6", "2.2"), ("tropical_forest", "126", "77"), ("temperate_forest", "58", "72"),
    ("boreal_forest", "35", "24"), ("pasture", "28", "9.3"), ("shifting_cultivation", "23", ""),
    ("crop_residue", "6.5", "9.0"), ("chaparral", "27", "19"), ("tropical_peatland", "314", "196"),
    ("boreal_peatland", "42", ""), ("tundra", "40", ""),
]
CROP_CF = [("wheat", "0.90"), ("maize", "0.80"), ("rice", "0.80")]  # IPCC 2006 Table 2.6 (crop residues); bonsai par_c_f
ROOT_SHOOT = [  # IPCC 2006 Vol 4 Table 4.4: zone, above-ground biomass class, R (low-high)
    ("tropical_rainforest", "all", "0.37", "", ""),
    ("tropical_moist_deciduous", "agb_lt_125", "0.20", "0.09", "0.25"),
    ("tropical_moist_deciduous", "agb_gt_125", "0.24", "0.22", "0.33"),
    ("tropical_dry", "agb_lt_20", "0.56", "0.28", "0.68"),
    ("tropical_dry", "agb_gt_20", "0.28", "0.27", "0.28"),
    ("temperate_conifer", "agb_lt_50", "0.40", "0.21", "1.06"),
    ("temperate_conifer", "agb_50_150", "0.29", "0.24", "0.50"),
    ("temperate_conifer", "agb_gt_150", "0.20", "0.12", "0.49"),
    ("temperate_broadleaf", "agb_lt_75", "0.46", "0.12", "0.93"),
    ("temperate_broadleaf", "agb_75_150", "0.23", "0.13", "0.37"),
    ("temperate_broadleaf", "agb_gt_150", "0.24", "0.17", "0.44"),
    ("boreal", "agb_lt_75", "0.39", "0.23", "0.96"),
    ("boreal", "agb_gt_75", "0.24", "0.15", "0.37"),
]
DRAINED_CO2 = [  # Wetlands Supplement Table 2.1, t CO2-C/ha/yr: land use, climate, nutrient, value, low, high
    ("forest", "boreal", "poor", "0.25", "-0.23", "0.73"), ("forest", "boreal", "rich", "0.93", "0.54", "1.3"),
    ("forest", "temperate", "", "2.6", "2.0", "3.3"),
    ("cropland", "boreal", "", "7.9", "6.5", "9.4"), ("cropland", "temperate", "", "7.9", "6.5", "9.4"),
    ("cropland", "tropical", "", "14", "6.6", "26"),
    ("grassland", "boreal", "", "5.7", "2.9", "8.6"), ("grassland", "temperate", "poor", "5.3", "3.7", "6.9"),
    ("grassland", "temperate", "rich_deep", "6.1", "5.0", "7.3"), ("grassland", "temperate", "rich_shallow", "3.6", "1.8", "5.4"),
    ("grassland", "tropical", "", "9.6", "4.5", "15"),
    ("peat_extraction", "boreal", "", "2.8", "1.1", "4.2"), ("peat_extraction", "temperate", "", "2.8", "1.1", "4.2"),
    ("peat_extraction", "tropical", "", "2.0", "0.06", "3.9"),
]
DRAINED_CH4 = [  # Wetlands Supplement Table 2.3, kg CH4/ha/yr (soil, excluding ditches)
    ("forest", "boreal", "poor", "7.0", "2.9", "11"), ("forest", "boreal", "rich", "2.0", "-1.6", "5.5"),
    ("forest", "temperate", "", "2.5", "-0.60", "5.7"),
    ("cropland", "boreal", "", "0", "-2.8", "2.8"), ("cropland", "temperate", "", "0", "-2.8", "2.8"),
    ("grassland", "boreal", "", "1.4", "-1.6", "4.5"), ("grassland", "temperate", "poor", "1.8", "0.72", "2.9"),
    ("grassland", "temperate", "rich_deep", "16", "2.4", "29"), ("grassland", "temperate", "rich_shallow", "39", "-2.9", "81"),
    ("peat_extraction", "boreal", "", "6.1", "1.6", "11"), ("peat_extraction", "temperate", "", "6.1", "1.6", "11"),
]
DRAINED_N2O = [  # Wetlands Supplement Table 2.5 (= 2019R Vol 4 Table 11.1 EF2), kg N2O-N/ha/yr; bonsai par_ef2
    ("forest", "boreal", "poor", "0.22", "0.15", "0.28"), ("forest", "boreal", "rich", "3.2", "1.9", "4.5"),
    ("forest", "temperate", "", "2.8", "0", "6.1"), ("forest", "tropical", "", "2.4", "1.3", "3.5"),
    ("cropland", "boreal", "", "13", "8.2", "18"), ("cropland", "temperate", "", "13", "8.2", "18"),
    ("cropland", "tropical", "", "5.0", "2.3", "7.7"),
    ("grassland", "boreal", "", "9.4", "4.6", "14"), ("grassland", "temperate", "poor", "4.3", "1.9", "6.8"),
    ("grassland", "temperate", "rich_deep", "8.2", "4.5", "11"), ("grassland", "temperate", "rich_shallow", "1.6", "0.56", "2.7"),
    ("grassland", "tropical", "", "5.0", "2.3", "7.7"),
    ("peat_extraction", "boreal", "", "0.3", "0", "0.64"), ("peat_extraction", "temperate", "", "0.3", "0", "0.64"),
    ("peat_extraction", "tropical", "", "3.6", "0.2", "5.0"),
    ("oil_palm", "tropical", "", "1.2", "0.6", "1.8"), ("sago_palm", "tropical", "", "3.3", "1.65", "4.95"),
    ("rice", "tropical", "", "0.4", "0", "0.8"),
]
REWETTED_CO2 = [  # Wetlands Supplement Table 3.1, t CO2-C/ha/yr
    ("rewetted", "boreal", "", "-0.34", "-0.59", "-0.09"), ("rewetted", "temperate", "poor", "-0.23", "-0.64", "0.18"),
    ("rewetted", "temperate", "rich", "0.5", "-0.71", "1.71"), ("rewetted", "tropical", "", "0", "-0.64", "0.64"),
]
REWETTED_CH4 = [  # Wetlands Supplement Table 3.3, kg CH4-C/ha/yr
    ("rewetted", "boreal", "", "41", "0.5", "246"), ("rewetted", "temperate", "poor", "92", "3", "445"),
    ("rewetted", "temperate", "rich", "216", "0", "1141"), ("rewetted", "tropical", "", "41", "7", "134"),
]
BACKGROUND = [  # natural background constants: item, value, low, high, unit, source, verification
    ("volcanic_co2", "0.3", "0.13", "0.44", "Gt CO2/yr", "Gerlach 2011, Eos 92:201", "V-web"),
    ("termites_ch4", "9", "3", "15", "Tg CH4/yr", "Saunois et al. 2020 (GMB bottom-up)", "unverified"),
    ("geological_ch4", "40", "", "", "Tg CH4/yr", "Saunois et al. 2020 (GMB bottom-up, contested)", "unverified"),
    ("wild_animals_ch4", "2", "", "", "Tg CH4/yr", "Saunois et al. 2020 (GMB bottom-up)", "unverified"),
    ("tidal_marsh_rewetted_ch4", "193.7", "", "", "kg CH4/ha/yr", "IPCC 2013 Wetlands Supplement Ch 4", "unverified"),
]


def build_defaults() -> None:
    rows: list[list[str]] = []

    def add(table, category, item, qualifier, gas, value, low, high, unit, source, verification, sd=""):
        rows.append([table, category, item, qualifier, gas, value, sd, low, high, unit, source, verification])

    for cat, efs, ver in FIRE_EF:
        for gas in ("CO2", "CO", "CH4", "N2O"):
            mean, sd = efs[gas]
            add("fire_ef", "ipcc2006", cat, "", gas, mean, "", "", "g/kg", "IPCC 2006 Vol 4 Table 2.5 (mean, SD)", ver, sd)
    for biome, efs in GFED4_EF.items():
        for gas in ("CO2", "CO", "CH4", "N2O"):
            add("fire_ef", "gfed4", biome, "", gas, efs[gas], "", "", "g/kg", "GFED4 emission factors (Akagi et al. 2011 based)", "V-web")
    for veg, mean, sd in FUEL_CONSUMPTION:
        lo, hi = ("4", "43") if veg == "shifting_cultivation" else ("", "")
        add("fuel_consumption", "van_leeuwen2014", veg, "", "", mean, lo, hi, "t/ha",
            "van Leeuwen et al. 2014, Biogeosciences 11:7305", "V-web", sd)
    for crop, cf in CROP_CF:
        add("combustion_factor", "ipcc2006", crop, "crop_residue", "", cf, "", "", "1", "IPCC 2006 Vol 4 Table 2.6", "V-bonsai")
    add("carbon_fraction", "ipcc2006", "wood", "", "", "0.47", "0.44", "0.49", "1", "IPCC 2006 Vol 4 Table 4.3", "checked:1-transcription")
    for zone, cls, r, lo, hi in ROOT_SHOOT:
        add("root_shoot", "ipcc2006", zone, cls, "", r, lo, hi, "1", "IPCC 2006 Vol 4 Table 4.4", "unverified")
    for lu, clim, nut, v, lo, hi in DRAINED_CO2:
        add("organic_soil_co2", "drained", lu, clim + ("/" + nut if nut else ""), "CO2", v, lo, hi, "t/ha/yr", "IPCC 2013 Wetlands Supplement Table 2.1 (t CO2-C)", "unverified")
    for lu, clim, nut, v, lo, hi in DRAINED_CH4:
        add("organic_soil_ch4", "drained", lu, clim + ("/" + nut if nut else ""), "CH4", v, lo, hi, "kg/ha/yr", "IPCC 2013 Wetlands Supplement Table 2.3 (kg CH4)", "unverified")
    for lu, clim, nut, v, lo, hi in DRAINED_N2O:
        add("organic_soil_n2o", "drained", lu, clim + ("/" + nut if nut else ""), "N2O", v, lo, hi, "kg/ha/yr", "IPCC 2013 Wetlands Supplement Table 2.5 (kg N2O-N) = 2019R Table 11.1", "V-bonsai")
    for lu, clim, nut, v, lo, hi in REWETTED_CO2:
        add("organic_soil_co2", "rewetted", lu, clim + ("/" + nut if nut else ""), "CO2", v, lo, hi, "t/ha/yr", "IPCC 2013 Wetlands Supplement Table 3.1 (t CO2-C)", "unverified")
    for lu, clim, nut, v, lo, hi in REWETTED_CH4:
        add("organic_soil_ch4", "rewetted", lu, clim + ("/" + nut if nut else ""), "CH4", v, lo, hi, "kg/ha/yr", "IPCC 2013 Wetlands Supplement Table 3.3 (kg CH4-C)", "unverified")
    for item, v, lo, hi, unit, source, ver in BACKGROUND:
        add("background", "natural", item, "", "", v, lo, hi, unit, source, ver)
    # NAT examples in methods/natural.md must be reproduced by these defaults
    note = (SHARED / "methods" / "natural.md")
    if note.is_file():
        text = note.read_text(encoding="utf-8")
        for needle in ("| Extra-tropical forest | 1569 ± 131 | 107 ± 37 | 4.7 ± 1.9 | 0.26 ± 0.07 |",
                       "| Savanna and grassland | 1613 ± 95 | 65 ± 20 | 2.3 ± 0.9 | 0.21 ± 0.10 |",
                       "boreal forest 35 ± 24", "temperate nutrient-rich 216"):
            need(needle in text, f"methods/natural.md no longer contains '{needle}'")
    write_csv("natural_defaults.csv", ["table", "category", "item", "qualifier", "gas", "value", "sd", "low", "high", "unit", "source", "verification"], rows)


# --------------------------------------------------------------------------------------------
# manifest and README
# --------------------------------------------------------------------------------------------

DATASETS = [
    {
        "id": "gcb2024-luc", "title": "Global Carbon Budget 2024 national land-use change CO2 emissions (four bookkeeping models)",
        "version": "GCB 2024 v1.0", "licence": "CC-BY-4.0", "date": "2024-11-13",
        "source": "Global Carbon Project, National_LandUseChange_Carbon_Emissions_2024v1.0.xlsx (sheets BLUE, H&C2023, OSCAR, LUCE), "
                  "as the long CSV gcb2024_national_luc_long.csv in shared/data/natural_sources",
        "citation": "Friedlingstein, P. et al. (2025), Global Carbon Budget 2024, Earth Syst. Sci. Data 17, 965-1039, doi:10.5194/essd-17-965-2025; "
                    "BLUE: Hansis et al. 2015; H&C2023: Houghton & Castanho 2023; OSCAR: Gasser et al. 2020; LUCE: Qin et al. 2024.",
        "notes": "Tg C/yr (= Mt C/yr) per model, 1990-2023; positive = net source. Yuheng converts with 3.664 (GCB's factor). "
                 "The central national estimate is the mean of the four models and the range their minimum and maximum; the "
                 "World row (GCB 'Global') mean reproduces OWID's 3 541.036 Mt CO2 for 2022. OWID's national land_use_change_co2 "
                 "equals the BLUE model alone (checked for CHN, USA, JPN 2021-2023). Aggregates EU27, OTHER and DISPUTED are left out. "
                 "Bookkeeping ELUC is not comparable with national-inventory LULUCF (Grassi et al.).",
        "files": ["gcb2024_luc_national.csv"],
    },
    {
        "id": "gmb2020-regions", "title": "Global Methane Budget 2000-2017: natural CH4 by GCP region (18 regions)",
        "version": "GMB 2000-2017 v2.0", "licence": "CC-BY-4.0", "date": "2020-05-06",
        "source": "Global Carbon Project, Global_Methane_Budget_2000_2017_v2.0_full.xlsx (sheets 2008-2017 and 2017 BU/TD budget)",
        "citation": "Saunois, M. et al. (2020), The Global Methane Budget 2000-2017, Earth Syst. Sci. Data 12, 1561-1623, doi:10.5194/essd-12-1561-2020.",
        "notes": "Tg CH4/yr. For each period, estimate (bottom-up process models or top-down inversions), category and region: number of "
                 "models, ensemble mean, minimum, maximum and standard deviation, computed from the individual model columns of the "
                 "workbook. Global min/max equal the ensemble ranges of Saunois et al. (checked against the processed CSV).",
        "files": ["gmb2020_regions.csv"],
    },
    {
        "id": "gmb2020-country-regions", "title": "Countries assigned to the 18 Global Methane Budget regions, with land area",
        "version": "Yuheng 1 (Natural Earth 1:110m)", "licence": "CC-BY-4.0", "date": "2020-05-06",
        "source": "Region membership: Yuheng's country-level reading of the GCP-CH4 region map (Saunois et al. 2020); areas: Natural Earth "
                  "1:110m country polygons (public domain), spherical area",
        "citation": "Saunois et al. (2020); Made with Natural Earth.",
        "notes": "Used only to give a country an indicative share of its region's natural CH4 (area share). Countries that are a region of "
                 "their own (USA incl. Alaska, Canada incl. Greenland, Brazil, China incl. Taiwan, Russia) get the regional figure. "
                 "The GMB regions follow grid cells, not borders; France's area includes French Guiana. Small states missing from the "
                 "1:110m map have no share.",
        "files": ["gmb2020_country_regions.csv"],
    },
    {
        "id": "gcb2019-global", "title": "Global Carbon Budget 2019: global budget components 1959-2018",
        "version": "GCB 2019", "licence": "CC-BY-4.0", "date": "2019-12-04",
        "source": "RPGroup-PBoC/human_impacts (MIT), global_carbon_budget_processed.csv, commit 41a1365a9ec01850d59f782de77984e7afad74af",
        "citation": "Friedlingstein, P. et al. (2019), Global Carbon Budget 2019, Earth Syst. Sci. Data 11, 1783-1838, doi:10.5194/essd-11-1783-2019.",
        "notes": "Pg C/yr (= Gt C/yr), mean and 1-sigma: fossil, land_use_change, atmospheric_growth, ocean_sink, land_sink, budget_imbalance. "
                 "The budget identity closes within 0.03 GtC for every year. Global only: the natural sinks are not allocated to countries.",
        "files": ["gcb2019_global_budget.csv"],
    },
    {
        "id": "edgar2024-lulucf-regions", "title": "EDGAR 2024 LULUCF emissions by macro-region (fires, deforestation, organic soils)",
        "version": "EDGAR 2024 GHG booklet", "licence": "CC-BY-4.0", "date": "2024-09-01",
        "source": "EC-JRC EDGAR_2024_GHG booklet, sheet LULUCF_macroregions",
        "citation": "Crippa, M. et al. (2024), GHG emissions of all world countries, JRC138862, doi:10.2760/4002897.",
        "notes": "Mt CO2e/yr (GWP100 AR5), 1990-2023, 10 macro-regions plus EU27 and GLOBAL TOTAL. Fires come from GWIS (GFED-based). "
                 "Not per country: shown as regional context only.",
        "files": ["edgar2024_lulucf_regions.csv"],
    },
    {
        "id": "cait-lucf", "title": "Climate Watch (CAIT) land-use change and forestry CO2 per country",
        "version": "Climate Watch via OWID (2024 export)", "licence": "CC-BY-4.0", "date": "2024-04-01",
        "source": "Our World in Data grapher export of Climate Watch historical emissions (co2-by-sector), HusainMiyala/Greenhouse-Gases "
                  "commit 9865608ee19921215df6c2ac7fa7692cf193f320",
        "citation": "Climate Watch Historical GHG Emissions (WRI, 2023); Our World in Data.",
        "notes": "Mt CO2/yr, 1990-2020. FAO-based and inventory-like (includes the sink on managed forest), so it is not comparable with "
                 "GCB bookkeeping ELUC. CH4 and N2O columns are not shipped (their GWP version is not stated in the export).",
        "files": ["cait_lucf_national.csv"],
    },
    {
        "id": "natural-defaults", "title": "Default factors of Yuheng's natural-sources engine, with verification status",
        "version": "Yuheng 1", "licence": "CC-BY-4.0", "date": "2013-10-23",
        "source": "IPCC 2006 Vol 4 Tables 2.5, 2.6, 4.3, 4.4; 2013 Wetlands Supplement Tables 2.1, 2.3, 2.5, 3.1, 3.3; GFED4 emission "
                  "factors; van Leeuwen et al. 2014; methods/natural.md",
        "citation": "IPCC (2006) Vol 4; IPCC (2014) 2013 Supplement: Wetlands; van der Werf et al. (2017) GFED4; van Leeuwen et al. (2014).",
        "notes": "Numeric defaults only (facts). verification: checked:N-transcriptions, V-bonsai (bonsai-ipcc 0.5.3), V-web (methods note "
                 "source) or unverified (could not be checked against the primary table; see docs/natural-format.md).",
        "files": ["natural_defaults.csv"],
    },
]


def build_manifest() -> None:
    files = {}
    for name in sorted(WRITTEN):
        data = WRITTEN[name]
        files[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "rows": ROWS.get(name)}
    for d in DATASETS:
        for f in d["files"]:
            need(f in files, f"dataset {d['id']} lists {f}, which was not written")
    doc = {"format": "yuheng-natural", "format_version": 1, "datasets": DATASETS, "files": files}
    text = json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    (OUT / "manifest.json").write_bytes(text.encode("utf-8"))


README = """# Bundled natural-sources and land-use data

Generated by `python3 scripts/build_natural_bundle.py` from `../shared/data/natural_sources` (and, for country
codes and areas, `../shared/data/national_emissions` and `../shared/data/geo`). Do not edit by hand. Two runs
give byte-identical files. `manifest.json` lists each dataset (source, version, licence, date, citation, notes)
and the size and SHA-256 of every file; Yuheng checks them before importing.

The format of every file is described in `docs/natural-format.md`.

Attribution (CC BY 4.0): Global Carbon Budget 2024 (Friedlingstein et al. 2025) and its bookkeeping models
(BLUE, H&C2023, OSCAR, LUCE); Global Methane Budget 2000-2017 (Saunois et al. 2020); Global Carbon Budget 2019
(Friedlingstein et al. 2019); EDGAR 2024 (Crippa et al. 2024, EC-JRC); Climate Watch (WRI) via Our World in
Data. Country areas: Made with Natural Earth.
"""


def main() -> int:
    try:
        need(DATA.is_dir(), f"{DATA} not found: set YUHENG_SHARED to the shared folder")
        build_luc()
        build_gmb()
        build_country_regions()
        build_gcb_global()
        build_edgar_regions()
        build_cait()
        build_defaults()
        write_file("README.md", README.encode("utf-8"))
        build_manifest()
    except BuildError as e:
        print(f"build_natural_bundle: {e}", file=sys.stderr)
        return 1
    for name in sorted(WRITTEN):
        print(f"{name}: {len(WRITTEN[name])} bytes" + (f", {ROWS[name]} rows" if name in ROWS else ""))
    print(f"written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
