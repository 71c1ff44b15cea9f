#!/usr/bin/env python3
"""Builds a WIOD 2013-release EE-MRIO with a CO2 extension for one year (2000-2011) from the raw inputs.

Follows the method of $YUHENG_SHARED/data/mrio/wiod2011_co2/METHOD.md (sections 2-4) for any year.

Reads (under $YUHENG_SHARED/data, default <repo>/../shared/data):
  mrio/wiod2013/wiod2013_<Y>_Z.csv.gz, wiod2013_<Y>_Y.csv.gz, wiod2013_<Y>_x.csv, wiod2013_sectors.csv
      WIOD 2013 release, million USD (whole numbers; values >= 1e6 are printed with 6 significant
      digits in these CSVs, e.g. 1.15068e+06, and are read as the whole numbers they denote)
  mrio/jrc_wiod2016_co2_kt_long.csv
      JRC CO2 emission accounts, kt, 56 NACE Rev.2 sectors + FC_HH (household direct emissions)
  mrio/wiod2011_co2/concordance_nace2_isic3.csv
      NACE Rev.2 -> ISIC Rev.3 mapping rules and fallbacks (the split weights are recomputed
      from year Y's gross output, never taken from the 2011 weights file)
  national_emissions/GCB_National_Fossil_Carbon_Emissions_2022v1.0.xlsx  (World, Bunkers and
      Statistical Difference from the 'Territorial Emissions' sheet)
  national_emissions/gcb2022v1.0_clean_long.csv  (national territorial values); MtC x 3.664 = Mt CO2

Writes <out>/ in the layout of $YUHENG_SHARED/data/mrio/wiod2011_co2/csv/:
  Z.csv, Y.csv, x.csv, x_wiod_published.csv, F.csv, F_Y.csv, sectors.csv, metadata.json (with the
  SHA-256 of the CSV files), plus build_log.json and concordance_split_weights_<Y>.csv (audit trail).

Method in short:
  * Z, Y as published; a row whose stored output would be negative is repaired only in the case
    METHOD.md describes (published output 0 and the row's only entries are negative inventory
    changes in Y: those cells are set to 0; 2011: LUX_19 and LUX_23). Any other case stops the build.
  * x = rowsum(Z) + rowsum(Y) (whole MUSD); the published x is kept in x_wiod_published.csv only.
  * CO2 of the 40 countries: JRC accounts of year Y concorded to the 35 ISIC Rev.3 industries;
    C13-C15 and C33 are split by year-Y published gross-output shares within the country; a 1:1
    target with zero output uses the concordance's FALLBACK rule (split by the fallback targets'
    published output shares).
    The output key is the published output of a cell whose stored output (rowsum Z + rowsum Y) is
    not zero, else 0: the two differ in which cells are zero in a few years (2001-2003: MLT_23,
    LVA_23, LVA_61 have published output 1-2 MUSD but stored output 0; 2008: LVA_23 has stored
    output 1 from an inventory change but published output 0), and CO2 must never land on a cell
    with zero stored output. In 2009 and 2011 the two agree, so their results are unchanged.
    One fallback is added to the concordance's own (EXTRA_FALLBACK): 61 (water transport) -> 60
    (inland transport), used only for LVA 2002 (H50 19.2 kt; LVA_61 has zero stored output).
    FC_HH goes to F_Y in the region's CONS_h column. Zero-output cells are asserted to carry no CO2.
  * RoW total = GCB World - Bunkers - Statistical Difference - sum of the 40 countries' territorial
    values; split across sectors with the group intensity of {BRA, CHN, IDN, IND, MEX, RUS, TUR}
    (sum F / sum x per sector) times RoW output, scaled to the industry part; the household part is
    the simple mean of the group's FC_HH / (industry + FC_HH) shares.
  * F and F_Y are rounded to 0.001 kt (as the 2011 reference dataset is) and written with the
    shortest repr that round-trips; whole numbers are written without a decimal point.

Python 3.11 standard library only. Deterministic: two runs give byte-identical files.

Usage:
  python3 scripts/build_wiod_year.py --year 2009 --out /tmp/wiod2009_co2     (any year 2000-2011)
  python3 scripts/build_wiod_year.py --check-2011 [--out DIR]
      builds 2011 (into a temporary folder unless --out is given) and compares it with
      $YUHENG_SHARED/data/mrio/wiod2011_co2/csv; exits 1 if the comparison fails.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import math
import os
import re
import sys
import tempfile
from pathlib import Path

from xlsx_reader import Xlsx  # scripts/ is on sys.path when a script in it runs

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("YUHENG_SHARED") or (REPO.parent / "shared")).resolve()
MRIO = SHARED / "data" / "mrio"
WIOD = MRIO / "wiod2013"
JRC = MRIO / "jrc_wiod2016_co2_kt_long.csv"
CONCORDANCE = MRIO / "wiod2011_co2" / "concordance_nace2_isic3.csv"
GCB_XLSX = SHARED / "data" / "national_emissions" / "GCB_National_Fossil_Carbon_Emissions_2022v1.0.xlsx"
GCB_CSV = SHARED / "data" / "national_emissions" / "gcb2022v1.0_clean_long.csv"
REFERENCE_2011 = MRIO / "wiod2011_co2"

YEARS = tuple(range(2000, 2012))
# Fallbacks in addition to the concordance file's FALLBACK rows (used only where every target of a
# source sector has zero output): water transport with zero stored output -> inland transport.
EXTRA_FALLBACK = {"61": ["60"]}
FD_CATEGORIES = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]
ROW = "RoW"
ROW_GROUP = ["BRA", "CHN", "IDN", "IND", "MEX", "RUS", "TUR"]
# WIOD 2013 uses ROM for Romania; the JRC accounts and the GCB use ROU.
ISO_OF = {"ROM": "ROU"}
MTC_TO_MTCO2 = 3.664  # the factor the GCB workbook itself prints
F_DECIMALS = 3  # F and F_Y are stored rounded to 0.001 kt
# The JRC accounts also hold these regions; in WIOD 2013 they belong to RoW, whose total comes from GCB.
JRC_NOT_USED = ["HRV", "NOR", "CHE", "RoW"]


class BuildError(Exception):
    pass


def need(cond: bool, msg: str) -> None:
    if not cond:
        raise BuildError(msg)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------------
# number formatting
# --------------------------------------------------------------------------------------------

def fmt(v) -> str:
    """Whole numbers without a decimal point, other floats as the shortest repr that round-trips."""
    if isinstance(v, int):
        return str(v)
    need(math.isfinite(v), f"non-finite value {v}")
    if v == int(v) and abs(v) < 2.0 ** 53:
        return str(int(v))  # also turns -0.0 into 0
    return repr(v)


def round_kt(v: float) -> float:
    """Rounds to F_DECIMALS decimals as v*10^d -> nearest integer (ties to even) -> /10^d."""
    scale = 10.0 ** F_DECIMALS
    return round(v * scale) / scale


# --------------------------------------------------------------------------------------------
# reading the raw inputs
# --------------------------------------------------------------------------------------------

def parse_musd(cell: str, where: str) -> int:
    """A WIOD cell as a whole number of MUSD (plain integers, or 6-significant-digit e-notation)."""
    cell = cell.strip()
    if re.fullmatch(r"-?\d+", cell):
        return int(cell)
    try:
        v = float(cell)
    except ValueError:
        raise BuildError(f"{where}: '{cell}' is not a number") from None
    need(math.isfinite(v) and v == int(v), f"{where}: '{cell}' is not a whole number of MUSD")
    return int(v)


def read_wiod_matrix(path: Path) -> tuple[list[str], list[str], list[list[int]], int]:
    """Returns (column labels, row labels, rows, number of e-notation cells) of a WIOD CSV (gz or plain)."""
    need(path.is_file(), f"{path} is missing")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    need(len(rows) > 1 and rows[0][0] == "row", f"{path}: unexpected header")
    header = rows[0][1:]
    labels, values, n_enot = [], [], 0
    for line, row in enumerate(rows[1:], start=2):
        need(len(row) == len(header) + 1, f"{path}:{line}: {len(row)} cells, expected {len(header) + 1}")
        labels.append(row[0])
        vals = []
        for col, cell in enumerate(row[1:], start=2):
            if "e" in cell or "E" in cell:
                n_enot += 1
            vals.append(parse_musd(cell, f"{path.name}:{line}:{col}"))
        values.append(vals)
    return header, labels, values, n_enot


def read_sectors() -> list[tuple[str, str]]:
    with open(WIOD / "wiod2013_sectors.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    need(len(rows) == 35, f"wiod2013_sectors.csv has {len(rows)} sectors, expected 35")
    return [(r["wiod_code"], r["name"]) for r in rows]


def read_jrc(year: int) -> dict[str, dict[str, float]]:
    """JRC CO2 (kt) of one year: {country: {sector_code: value}}."""
    out: dict[str, dict[str, float]] = {}
    with open(JRC, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if int(r["year"]) != year:
                continue
            c, s = r["country"], r["sector_code"]
            need(s not in out.get(c, {}), f"JRC: duplicate row {c} {s} {year}")
            v = float(r["co2_kt"])
            need(math.isfinite(v), f"JRC: {c} {s} {year} is not finite")
            out.setdefault(c, {})[s] = v
    need(out, f"JRC: no rows for {year}")
    return out


def read_concordance():
    """Returns (targets by NACE code in file order, fallback targets by ISIC code, household column)."""
    targets: dict[str, list[str]] = {}
    fallback: dict[str, list[str]] = {}
    household = None
    with open(CONCORDANCE, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            code, tgt = r["nace2_code"], r["isic3_code"]
            if code.startswith("FALLBACK:"):
                fallback.setdefault(code.removeprefix("FALLBACK:"), []).append(tgt)
            elif code == "FC_HH":
                household = tgt
            else:
                targets.setdefault(code, []).append(tgt)
                need(int(r["n_targets"]) >= 1, f"concordance: bad n_targets for {code}")
    for code, ts in targets.items():
        need(len(ts) == len(set(ts)), f"concordance: {code} lists a target twice")
    need(household == "CONS_h", "concordance: FC_HH must map to CONS_h")
    return targets, fallback, household


def read_gcb(year: int, isos: list[str]) -> dict:
    """GCB 2022v1.0 values of one year, converted to Mt CO2."""
    book = Xlsx(GCB_XLSX, need)
    sheet = book.rows("Territorial Emissions")
    hdr = next((r for r in sorted(sheet) if sheet[r].get("B") == "Afghanistan"), None)
    need(hdr is not None, "GCB xlsx: no header row in 'Territorial Emissions'")
    col_of = {v: k for k, v in sheet[hdr].items()}
    for name in ("World", "Bunkers", "Statistical Difference"):
        need(name in col_of, f"GCB xlsx: no '{name}' column")
    row = next((r for r in sorted(sheet) if r > hdr and sheet[r].get("A") == str(year)), None)
    need(row is not None, f"GCB xlsx: no row for {year}")
    cell = sheet[row]
    world = float(cell[col_of["World"]]) * MTC_TO_MTCO2
    bunkers = float(cell[col_of["Bunkers"]]) * MTC_TO_MTCO2
    stat = float(cell[col_of["Statistical Difference"]]) * MTC_TO_MTCO2

    national: dict[str, float] = {}
    total_all = 0.0
    with open(GCB_CSV, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if int(r["year"]) != year or r["gcb_ghg_territorial"] in ("", "NA"):
                continue
            v = float(r["gcb_ghg_territorial"]) * MTC_TO_MTCO2
            total_all += v
            iso = r["iso3c"]
            if iso in isos:
                need(iso not in national, f"GCB CSV: duplicate {iso} {year}")
                national[iso] = v
    missing = [i for i in isos if i not in national]
    need(not missing, f"GCB CSV: no {year} territorial value for {missing}")
    return {"world": world, "bunkers": bunkers, "stat": stat, "national": national, "sum_all": total_all}


def input_files(year: int) -> list[Path]:
    """The raw input files a build of `year` reads."""
    return [WIOD / f"wiod2013_{year}_Z.csv.gz", WIOD / f"wiod2013_{year}_Y.csv.gz", WIOD / f"wiod2013_{year}_x.csv",
            WIOD / "wiod2013_sectors.csv", JRC, CONCORDANCE, GCB_XLSX, GCB_CSV]


def input_digests(year: int) -> dict[str, str]:
    """SHA-256 of each input file, keyed by its path below $YUHENG_SHARED/data."""
    return {p.relative_to(SHARED / "data").as_posix(): sha256_file(p) for p in input_files(year)}


# --------------------------------------------------------------------------------------------
# the build
# --------------------------------------------------------------------------------------------

def build(year: int) -> dict:
    """Computes every table of one year; returns a dict with the tables and the build log."""
    need(year in YEARS, f"year must be one of {YEARS}")
    sector_rows = read_sectors()
    sectors = [s for s, _ in sector_rows]
    ns = len(sectors)

    zc, zr, Z, z_enot = read_wiod_matrix(WIOD / f"wiod2013_{year}_Z.csv.gz")
    yc, yr, Y, y_enot = read_wiod_matrix(WIOD / f"wiod2013_{year}_Y.csv.gz")
    xc, xr, XP, x_enot = read_wiod_matrix(WIOD / f"wiod2013_{year}_x.csv")
    need(zr == zc and yr == zr and xr == zr and len(xc) == 1, "Z, Y and x labels do not line up")
    regions = []
    for i, label in enumerate(zr):
        reg, _, sec = label.partition("_")
        need(sec == sectors[i % ns], f"row {label}: sector order differs from wiod2013_sectors.csv")
        if i % ns == 0:
            regions.append(reg)
    need(len(zr) == len(regions) * ns and regions[-1] == ROW and len(regions) == 41,
         f"expected 41 regions ending with RoW, found {len(regions)}")
    need(yc == [f"{r}_{c}" for r in regions for c in FD_CATEGORIES], "Y columns are not regions x categories")
    countries = regions[:-1]
    n = len(zr)
    x_pub = [row[0] for row in XP]

    # --- 2. core tables: repair negative-output rows as METHOD.md describes, then x = rowsum Z + rowsum Y
    fixed = []
    inven = {j for j, c in enumerate(yc) if c.endswith("_INVEN")}
    for i in range(n):
        if sum(Z[i]) + sum(Y[i]) >= 0:
            continue
        nz_z = [j for j, v in enumerate(Z[i]) if v != 0]
        nz_y = [j for j, v in enumerate(Y[i]) if v != 0]
        need(x_pub[i] == 0 and not nz_z and nz_y and all(j in inven and Y[i][j] < 0 for j in nz_y),
             f"{zr[i]}: negative output that is not the METHOD.md case (zero published output, only negative "
             f"inventory changes)")
        fixed.append({"row": zr[i], "zeroed_Y_cells": [yc[j] for j in nz_y],
                      "values": [float(Y[i][j]) for j in nz_y]})
        for j in nz_y:
            Y[i][j] = 0
    x = [sum(Z[i]) + sum(Y[i]) for i in range(n)]
    need(min(x) >= 0, "negative output remains")
    zero_rows = [zr[i] for i in range(n) if x[i] == 0]
    # The concordance splits and fallbacks use the published gross output (as the 2011 reference does:
    # its concordance_split_weights_2011.csv reproduces with the published x, not with rowsum x), set to
    # 0 where the stored output is 0 so that no CO2 lands on a cell without output. Where the two differ
    # in which cells are zero (a few cells in 2001-2003 and 2008, none in 2009 and 2011) it is logged.
    zero_mismatch = [{"row": zr[i], "x_stored": x[i], "x_published": x_pub[i]}
                     for i in range(n) if (x[i] == 0) != (x_pub[i] == 0)]
    xi = {(regions[i // ns], sectors[i % ns]): (x_pub[i] if x[i] != 0 else 0) for i in range(n)}

    # --- 3. concordance of the 40 countries
    targets, fallback, _ = read_concordance()
    for code, ts in EXTRA_FALLBACK.items():
        fallback.setdefault(code, ts)
    jrc = read_jrc(year)
    nace = list(targets)
    weights_log = []
    F = [0.0] * n
    FY = [0.0] * (len(regions) * len(FD_CATEGORIES))
    jrc_totals = {}
    for ci, c in enumerate(countries):
        src = jrc.get(ISO_OF.get(c, c))
        need(src is not None, f"JRC has no {year} data for {c}")
        need(sorted(src) == sorted(nace + ["FC_HH"]), f"JRC {c} {year}: sector codes differ from the concordance")
        for code in nace:
            v = src[code]
            ts = targets[code]
            rule = "concordance"
            out = [xi[(c, t)] for t in ts]
            if sum(out) == 0:
                need(len(ts) == 1 and ts[0] in fallback,
                     f"{c} {code}: every target {ts} has zero output and the concordance has no fallback")
                rule = f"fallback(zero output in {ts[0]})"
                ts = fallback[ts[0]]
                out = [xi[(c, t)] for t in ts]
                need(sum(out) > 0, f"{c} {code}: fallback targets {ts} have zero output too")
            if len(ts) == 1:
                shares = [1.0]
            else:
                tot = sum(out)
                shares = [o / tot for o in out]
            if len(ts) > 1 or rule != "concordance":
                for t, w in zip(ts, shares):
                    weights_log.append([c, code, t, w, v, v * w, rule])
            for t, w in zip(ts, shares):
                F[ci * ns + sectors.index(t)] += v * w
        FY[ci * len(FD_CATEGORIES) + FD_CATEGORIES.index("CONS_h")] = src["FC_HH"]
        jrc_totals[c] = (sum(src[code] for code in nace), src["FC_HH"])

    # --- 4. RoW
    gcb = read_gcb(year, [ISO_OF.get(c, c) for c in countries])
    sum40 = sum(gcb["national"][ISO_OF.get(c, c)] for c in countries)
    row_total = gcb["world"] - gcb["bunkers"] - gcb["stat"] - sum40  # Mt CO2
    need(row_total > 0, f"RoW total {row_total} Mt is not positive")
    group_idx = [countries.index(g) for g in ROW_GROUP]
    intensity = []
    for s in range(ns):
        fs = sum(F[g * ns + s] for g in group_idx)
        xs = sum(x[g * ns + s] for g in group_idx)
        intensity.append(fs / xs if xs > 0 else 0.0)
    hh_shares = {g: jrc_totals[g][1] / (jrc_totals[g][0] + jrc_totals[g][1]) for g in ROW_GROUP}
    hh_mean = sum(hh_shares.values()) / len(hh_shares)
    r0 = len(countries) * ns
    raw = [intensity[s] * x[r0 + s] for s in range(ns)]
    row_kt = row_total * 1000.0
    row_hh = row_kt * hh_mean
    row_ind = row_kt - row_hh
    scale = row_ind / sum(raw)
    for s in range(ns):
        F[r0 + s] = raw[s] * scale
    FY[len(countries) * len(FD_CATEGORIES) + FD_CATEGORIES.index("CONS_h")] = row_hh

    # zero-output cells carry no CO2 (checked before rounding)
    for i in range(n):
        if x[i] == 0:
            need(F[i] == 0.0, f"{zr[i]} has zero output but {F[i]} kt CO2")

    F_unrounded_total = sum(F)
    F = [round_kt(v) for v in F]
    FY = [round_kt(v) for v in FY]

    jrc_other = {r: sum(v for k, v in jrc[r].items()) for r in JRC_NOT_USED if r in jrc}
    log = {
        "year": year,
        "fixed_negative_output_rows": fixed,
        "source_cells_in_e_notation": {"Z": z_enot, "Y": y_enot, "x_published": x_enot},
        "x_used_minus_published": {
            "max_abs_musd": float(max(abs(a - b) for a, b in zip(x, x_pub))),
            "sum_used": float(sum(x)),
            "sum_published": float(sum(x_pub)),
            "n_zero_output": len(zero_rows),
            "zero_output_rows": zero_rows,
            "n_negative_output": sum(1 for v in x if v < 0),
        },
        "gcb": {
            "world_incl_bunkers_MtCO2": gcb["world"],
            "bunkers_MtCO2": gcb["bunkers"],
            "statistical_difference_MtCO2": gcb["stat"],
            "world_excl_bunkers_MtCO2": gcb["world"] - gcb["bunkers"],
            "sum_all_countries_csv_MtCO2": gcb["sum_all"],
            "sum_40_territorial_MtCO2": sum40,
            "RoW_total_MtCO2": row_total,
        },
        "row": {
            "group": ROW_GROUP,
            "group_intensity_kt_per_musd": {sectors[s]: round(intensity[s], 6) for s in range(ns)},
            "group_hh_shares": {g: round(v, 6) for g, v in hh_shares.items()},
            "hh_share_mean": hh_mean,
            "scale_factor": scale,
            "raw_industry_total_MtCO2": sum(raw) / 1000.0,
            "RoW_industry_MtCO2": row_ind / 1000.0,
            "RoW_household_MtCO2": row_hh / 1000.0,
            "jrc_not_used_MtCO2": {r: v / 1000.0 for r, v in jrc_other.items()},
        },
        "totals_kt": {
            "F": sum(F),
            "F_Y": sum(FY),
            "F_40": sum(F[:r0]),
            "F_Y_40": sum(FY[:len(countries) * len(FD_CATEGORIES)]),
            "F_before_rounding": F_unrounded_total,
        },
    }
    if zero_mismatch:  # only in some years; absent from the 2009 and 2011 logs, which stay as they were
        log["zero_output_published_vs_stored"] = zero_mismatch
    country_check = []
    for ci, c in enumerate(countries):
        ind, hh = jrc_totals[c]
        f_c = sum(F[ci * ns:(ci + 1) * ns])
        need(abs(f_c - ind) <= 1e-9 * abs(ind) + 0.0005 * ns, f"{c}: mapped F {f_c} differs from JRC {ind}")
        terr = gcb["national"][ISO_OF.get(c, c)] * 1000.0
        country_check.append([c, ind, hh, f_c, FY[ci * len(FD_CATEGORIES)], terr])
    return {"year": year, "regions": regions, "sectors": sector_rows, "Z": Z, "Y": Y, "x": x, "x_pub": x_pub,
            "F": F, "FY": FY, "log": log, "weights": weights_log, "country_check": country_check}


# --------------------------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------------------------

def write_csv(path: Path, header: list[str], rows) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    path.write_text(buf.getvalue(), encoding="utf-8")


def write(res: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    year, regions = res["year"], res["regions"]
    sectors = [s for s, _ in res["sectors"]]
    keys = [(r, s) for r in regions for s in sectors]
    cols = [f"{r}:{s}" for r, s in keys]
    ycols = [f"{r}:{c}" for r in regions for c in FD_CATEGORIES]
    write_csv(out / "Z.csv", ["region", "sector"] + cols,
              ([r, s] + [fmt(v) for v in row] for (r, s), row in zip(keys, res["Z"])))
    write_csv(out / "Y.csv", ["region", "sector"] + ycols,
              ([r, s] + [fmt(v) for v in row] for (r, s), row in zip(keys, res["Y"])))
    write_csv(out / "x.csv", ["region", "sector", "x"], ([r, s, fmt(v)] for (r, s), v in zip(keys, res["x"])))
    write_csv(out / "x_wiod_published.csv", ["region", "sector", "x_wiod_published"],
              ([r, s, fmt(v)] for (r, s), v in zip(keys, res["x_pub"])))
    write_csv(out / "F.csv", ["stressor"] + cols, [["CO2"] + [fmt(v) for v in res["F"]]])
    write_csv(out / "F_Y.csv", ["stressor"] + ycols, [["CO2"] + [fmt(v) for v in res["FY"]]])
    write_csv(out / "sectors.csv", ["sector", "name"], res["sectors"])

    lg = res["log"]
    max_diff = lg["x_used_minus_published"]["max_abs_musd"]
    meta = {
        "name": f"WIOD2013_{year}_CO2",
        "year": year,
        "price": "current prices",
        "regions": regions,
        "sectors": sectors,
        "fd_categories": FD_CATEGORIES,
        "shapes": {"Z": [len(keys), len(keys)], "Y": [len(keys), len(ycols)], "x": [len(keys)],
                   "F": [1, len(keys)], "F_Y": [1, len(ycols)]},
        "units": {"Z": "million USD (M.USD)", "Y": "million USD", "x": "million USD", "F": "kt CO2",
                  "F_Y": "kt CO2",
                  "derived": {"A": "MUSD/MUSD", "S, M": "kt CO2 per million USD", "D_*": "kt CO2"}},
        "layout": {
            "Z.csv": "rows: columns 'region','sector' then one column per (region:sector) in the same order as rows",
            "Y.csv": "rows as Z; columns '<region>:<category>' (consuming region, final-demand category)",
            "x.csv": "region, sector, x = rowsum(Z)+rowsum(Y) (used by pymrio; row-balanced)",
            "x_wiod_published.csv": f"published WIOD gross output (integer MUSD rounding; differs from x by <= "
                                    f"{max_diff:g} MUSD; NOT used)",
            "F.csv": "row 'CO2'; columns as Z columns",
            "F_Y.csv": "row 'CO2'; columns as Y columns; only CONS_h non-zero",
            "order": "region-major; region order = 'regions', sector order = 'sectors'",
            "float_format": "shortest round-trip repr (Z,Y,x integers in MUSD; F,F_Y rounded to 0.001 kt)",
        },
        "household_direct_emissions": "F_Y, column CONS_h of the emitting region",
        "sources": {
            "mrio": "WIOD 2013 release (Timmer et al. 2015), via R package 'wiod' (bquast/wiod@59a28ac)",
            "co2": f"JRC CO2 emission accounts for WIOD 2016 structure, July 2019 (mpedrono/Applied_macro@7167983), "
                   f"year {year}, concorded NACE Rev.2 -> ISIC Rev.3 (split by {year} gross output shares)",
            "row_total": "Global Carbon Budget 2022v1.0 (Friedlingstein et al. 2022): World - Bunkers - sum of 40 "
                         "WIOD countries (territorial)",
        },
        "pymrio_txt_folder": "none (built by scripts/build_wiod_year.py; CSV only)",
        "sha256": {},
    }
    names = ["F.csv", "F_Y.csv", "Y.csv", "Z.csv", "sectors.csv", "x.csv", "x_wiod_published.csv"]
    meta["sha256"] = {name: sha256_file(out / name) for name in sorted(names)}
    (out / "metadata.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")

    write_csv(out / f"concordance_split_weights_{year}.csv",
              ["country", "nace2", "isic3", "weight", "co2_kt_nace", "co2_kt_assigned", "rule"],
              ([c, n_, t, fmt(w), fmt(v), fmt(a), rule] for c, n_, t, w, v, a, rule in res["weights"]))
    write_csv(out / "co2_by_country_check.csv",
              ["region", "jrc_industry_kt", "jrc_FC_HH_kt", "F_industry_kt", "F_Y_kt", "gcb_territorial_kt"],
              ([r[0]] + [fmt(v) for v in r[1:]] for r in res["country_check"]))
    log = dict(lg)
    log["inputs_sha256"] = input_digests(year)
    (out / "build_log.json").write_text(json.dumps(log, indent=1) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------
# validation against the 2011 reference dataset
# --------------------------------------------------------------------------------------------

def read_labelled(path: Path, index_cols: int) -> tuple[list[str], list[tuple], list[list[float]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], [tuple(r[:index_cols]) for r in rows[1:]], [[float(v) for v in r[index_cols:]] for r in rows[1:]]


def rel_diff(a: float, b: float) -> float:
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def check_2011(out: Path) -> int:
    ref = REFERENCE_2011 / "csv"
    res = build(2011)
    write(res, out)
    failures = []
    print(f"built 2011 into {out}; comparing with {ref}")
    for name in ["Z.csv", "Y.csv", "x.csv", "F.csv", "F_Y.csv", "sectors.csv", "x_wiod_published.csv"]:
        same = (out / name).read_bytes() == (ref / name).read_bytes()
        print(f"  {name:22s} byte-identical: {same}")
    tolerance = {"Z.csv": 0.0, "Y.csv": 0.0, "x.csv": 0.0, "x_wiod_published.csv": 0.0, "F.csv": 1e-6,
                 "F_Y.csv": 1e-6}
    for name, tol in tolerance.items():
        idx = 1 if name.startswith("F") else 2
        h1, l1, a = read_labelled(out / name, idx)
        h2, l2, b = read_labelled(ref / name, idx)
        if h1 != h2 or l1 != l2:
            failures.append(f"{name}: labels differ")
            continue
        worst, where, ndiff = 0.0, None, 0
        for lab, ra, rb in zip(l1, a, b):
            for j, (va, vb) in enumerate(zip(ra, rb)):
                d = rel_diff(va, vb)
                if d > 0:
                    ndiff += 1
                if d > worst:
                    worst, where = d, (lab, h1[idx + j], va, vb)
        print(f"  {name:22s} cells differing: {ndiff:7d}  worst relative difference: {worst:.3e}"
              + (f" at {where}" if where else ""))
        if worst > tol:
            failures.append(f"{name}: worst relative difference {worst:.3e} > {tol:g}")

    # country totals (F + F_Y) against the reference
    regions = res["regions"]
    ns = len(res["sectors"])
    _, _, fr = read_labelled(ref / "F.csv", 1)
    _, _, fyr = read_labelled(ref / "F_Y.csv", 1)
    worst_c = 0.0
    for ri, r in enumerate(regions):
        ours = sum(res["F"][ri * ns:(ri + 1) * ns]) + sum(res["FY"][ri * 5:(ri + 1) * 5])
        theirs = sum(fr[0][ri * ns:(ri + 1) * ns]) + sum(fyr[0][ri * 5:(ri + 1) * 5])
        worst_c = max(worst_c, rel_diff(ours, theirs))
    print(f"  country totals F+F_Y: worst relative difference {worst_c:.3e} over {len(regions)} regions")
    if worst_c > 1e-6:
        failures.append(f"country totals differ by {worst_c:.3e}")

    # split weights against the published 2011 weights (6 significant digits there)
    with open(REFERENCE_2011 / "concordance_split_weights_2011.csv", encoding="utf-8", newline="") as fh:
        ref_w = {(r["country"], r["nace2"], r["isic3"]): (float(r["weight"]), r["rule"]) for r in csv.DictReader(fh)}
    ours_w = {(c, n_, t): (w, rule) for c, n_, t, w, v, a, rule in res["weights"]}
    if set(ours_w) != set(ref_w):
        failures.append(f"split-weight rows differ: only ours {sorted(set(ours_w) - set(ref_w))[:5]}, "
                        f"only reference {sorted(set(ref_w) - set(ours_w))[:5]}")
    else:
        wd = max(abs(ours_w[k][0] - ref_w[k][0]) for k in ref_w)
        rules_ok = all(ours_w[k][1] == ref_w[k][1] for k in ref_w)
        print(f"  split weights: {len(ref_w)} rows, max |difference| {wd:.2e} (reference has 6 digits), "
              f"rules equal: {rules_ok}")
        if wd > 5e-6 or not rules_ok:
            failures.append("split weights differ from concordance_split_weights_2011.csv")

    # RoW and totals against build_log.json and METHOD.md
    ref_log = json.loads((REFERENCE_2011 / "build_log.json").read_text(encoding="utf-8"))
    lg = res["log"]
    for key in ["world_incl_bunkers_MtCO2", "bunkers_MtCO2", "sum_all_countries_csv_MtCO2",
                "sum_40_territorial_MtCO2", "RoW_total_MtCO2"]:
        a, b = lg["gcb"][key], ref_log["gcb"][key]
        print(f"  gcb.{key:30s} ours {a:.9f}  reference {b:.9f}  rel {rel_diff(a, b):.1e}")
        if rel_diff(a, b) > 1e-9:
            failures.append(f"gcb.{key} differs")
    for key in ["hh_share_mean", "scale_factor", "raw_industry_total_MtCO2", "RoW_industry_MtCO2",
                "RoW_household_MtCO2"]:
        a, b = lg["row"][key], ref_log["row"][key]
        print(f"  row.{key:31s} ours {a:.9f}  reference {b:.9f}  rel {rel_diff(a, b):.1e}")
        if rel_diff(a, b) > 1e-9:
            failures.append(f"row.{key} differs")
    row_total = lg["gcb"]["RoW_total_MtCO2"]
    print(f"  RoW total {row_total:,.1f} Mt (METHOD.md: 6,134.1 Mt)")
    if round(row_total, 1) != 6134.1:
        failures.append(f"RoW total {row_total:.1f} Mt is not METHOD.md's 6,134.1 Mt")
    for key in ["F", "F_Y"]:
        a, b = lg["totals_kt"][key], ref_log["totals_kt"][key]
        print(f"  sum {key:4s} ours {a:,.3f} kt  reference {b:,.3f} kt  rel {rel_diff(a, b):.1e}")
        if rel_diff(a, b) > 1e-9:
            failures.append(f"total {key} differs")
    for key in ["max_abs_musd", "sum_used", "sum_published", "n_zero_output"]:
        a, b = lg["x_used_minus_published"][key], ref_log["x_used_minus_published"][key]
        if a != b:
            failures.append(f"x_used_minus_published.{key}: {a} vs {b}")
    if lg["fixed_negative_output_rows"] != ref_log["fixed_negative_output_rows"]:
        failures.append("the repaired negative-output rows differ from build_log.json")

    # determinism: a second build gives byte-identical files
    with tempfile.TemporaryDirectory(prefix="wiod2011_again_") as tmp:
        write(build(2011), Path(tmp))
        differing = sorted(p.name for p in out.iterdir() if p.is_file()
                           and p.read_bytes() != (Path(tmp) / p.name).read_bytes())
    print(f"  second build byte-identical: {not differing}" + (f" (differs: {differing})" if differing else ""))
    if differing:
        failures.append(f"a second build differs in {differing}")

    if failures:
        print("CHECK FAILED:")
        for f in failures:
            print("  - " + f)
        return 1
    print("CHECK PASSED: Z, Y, x equal; F, F_Y within 1e-6; RoW total, split weights and totals reproduce; "
          "deterministic")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--year", type=int, choices=YEARS)
    ap.add_argument("--out", type=Path, help="output folder")
    ap.add_argument("--check-2011", action="store_true", help="build 2011 and compare with the reference dataset")
    args = ap.parse_args()
    if args.check_2011:
        if args.out:
            return check_2011(args.out.resolve())
        with tempfile.TemporaryDirectory(prefix="wiod2011_check_") as tmp:
            return check_2011(Path(tmp))
    if args.year is None or args.out is None:
        ap.error("give --year and --out, or --check-2011")
    res = build(args.year)
    out = args.out.resolve()
    write(res, out)
    lg = res["log"]
    print(f"wrote {out}")
    for p in sorted(out.iterdir()):
        print(f"  {p.name:34s} {p.stat().st_size:9d} bytes")
    print(f"  RoW total {lg['gcb']['RoW_total_MtCO2']:,.1f} Mt CO2; sum F {lg['totals_kt']['F'] / 1000:,.1f} Mt; "
          f"sum F_Y {lg['totals_kt']['F_Y'] / 1000:,.1f} Mt")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as e:
        print(f"build_wiod_year.py: ERROR: {e}", file=sys.stderr)
        sys.exit(1)
