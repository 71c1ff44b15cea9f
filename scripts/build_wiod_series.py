#!/usr/bin/env python3
"""Builds the WIOD 2013-release GHG EE-MRIO series 2000-2011: Z, Y, x and the extensions co2, ch4, n2o.

For every year 2000-2011 (Python 3.11 standard library only; deterministic):

  co2  as scripts/build_wiod_year.py builds it (its build(year) is called unchanged): JRC CO2 accounts
       (WIOD 2016 structure) concorded NACE Rev.2 -> ISIC Rev.3 for the 40 countries, the Global Carbon
       Budget 2022v1.0 residual (World - Bunkers - Statistical Difference - sum of the 40 territorial
       values) for the rest of the world; bunkers are not in any region. Stressor CO2, kt. For 2009
       and 2011 the numbers are bit-identical to the bundled wiod2009-co2 / wiod2011-co2 tables.
  ch4  EDGAR 2024 (natural_sources/edgar2024_ch4_n2o_by_sector_country_wide.csv, Mt CO2e with the AR5
       GWP100, 8 sectors) converted to kt CH4 with GWP 28 and concorded to the 35 industries and the
       households' direct emissions (F_Y, CONS_h) with scripts/data/edgar_wiod_concordance.csv.
       Two stressors: CH4_fossil and CH4_nonfossil (kt CH4), by EDGAR sector (concordance column
       ch4_origin: Agriculture, Waste, Buildings non-fossil; Power Industry, Industrial Combustion,
       Transport, Fuel Exploitation, Processes fossil), so that AR6 can weigh them 29.8 and 27.0.
  n2o  the same with GWP 265, one stressor N2O (kt N2O).

AR5 GWP100 used by EDGAR for its 'GWP_100_AR5_*' substances (IPCC AR5 WG1 Table 8.7, without
climate-carbon feedback; the AR5GWP100 column of ../shared/data/gwp/globalwarmingpotentials.csv):
CH4 28, N2O 265. kt gas = Mt CO2e x 1000 / GWP.

Concordance keys (scripts/data/edgar_wiod_concordance.csv, one row per EDGAR sector, gas and target):
  1:1      all to the one target.
  jrc_co2  split over the targets in proportion to their CO2 in the same region and year (the co2
           extension built above: F for industries, F_Y CONS_h for households; for RoW its proxy
           profile). If every target has zero CO2, falls back to `output`.
  output   split over the targets in proportion to their gross output in the same region and year
           (the published output of cells whose stored output is not zero, as the CO2 concordance uses).
A target industry with zero stored output never receives emissions (asserted).

Rest of the world, per gas, sector and year: EDGAR 'GLOBAL TOTAL' - sum of the 40 WIOD countries -
AIR (international aviation) - SEA (international shipping); AIR and SEA are reported apart
(build log 'international_bunkers'), as GCB's bunkers are for CO2. Blank EDGAR cells (no estimate)
count as 0 and are counted in the build log. EDGAR codes used for the WIOD countries: the WIOD code,
except ROM -> ROU (EDGAR's FRA, ESP and ITA include Monaco, Andorra, San Marino and the Holy See).

Every CH4 and N2O cell is rounded to 1e-6 kt (1 kg) as round(v * 1e6) / 1e6.

Checks (printed; the build stops if one fails):
  * each WIOD country's total per gas and year (F + F_Y) equals EDGAR's national total within
    rounding (0.5e-6 kt per cell + 1e-9 relative);
  * CO2: each country's F equals its JRC industry total and F_Y its FC_HH (build_wiod_year asserts);
    world total = sum of the 40 JRC totals + the GCB RoW residual;
  * world: sum of the 41 regions + AIR + SEA = EDGAR GLOBAL TOTAL per gas (within rounding);
  * no negative cell in any extension; no emissions on a zero-output cell;
  * the RoW remainder is non-negative in every sector (a remainder below zero by less than EDGAR's
    6-significant-digit rounding would be set to 0 and logged; none occurs in 2000-2011).

Usage:
  python3 scripts/build_wiod_series.py                      # builds and checks 2000-2011, prints a summary
  python3 scripts/build_wiod_series.py --years 2005,2011 --out /tmp/wiod_series
      also writes DIR/wiodYYYY/ in the layout of ../shared/data/mrio/wiod2011_co2/csv (Z.csv, Y.csv,
      x.csv, x_wiod_published.csv, F.csv and F_Y.csv = co2, sectors.csv, metadata.json, build_log.json,
      concordance_split_weights_YYYY.csv, co2_by_country_check.csv) plus ch4.F.csv, ch4.F_Y.csv,
      n2o.F.csv, n2o.F_Y.csv, ghg_by_country_check.csv and ghg_build_log.json.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
from pathlib import Path

import build_wiod_year as bwy  # scripts/ is on sys.path when a script in it runs

REPO = bwy.REPO
SHARED = bwy.SHARED
EDGAR = SHARED / "data" / "natural_sources" / "edgar2024_ch4_n2o_by_sector_country_wide.csv"
EDGAR_CONCORDANCE = REPO / "scripts" / "data" / "edgar_wiod_concordance.csv"

YEARS = bwy.YEARS  # 2000..2011
FD = bwy.FD_CATEGORIES
GWP_AR5 = {"CH4": 28.0, "N2O": 265.0}
SUBSTANCE = {"GWP_100_AR5_CH4": "CH4", "GWP_100_AR5_N2O": "N2O"}
EDGAR_SECTORS = ["Agriculture", "Buildings", "Fuel Exploitation", "Industrial Combustion", "Power Industry",
                 "Processes", "Transport", "Waste"]
EDGAR_CODE = {"ROM": "ROU"}
INTERNATIONAL = ["AIR", "SEA"]
GLOBAL = "GLOBAL TOTAL"
GHG_DECIMALS = 6
EXTENSIONS = [("co2", ["CO2"]), ("ch4", ["CH4_fossil", "CH4_nonfossil"]), ("n2o", ["N2O"])]
KEYS = {"1:1", "jrc_co2", "output"}

BuildError = bwy.BuildError
need = bwy.need


def round_ghg(v: float) -> float:
    scale = 10.0 ** GHG_DECIMALS
    return round(v * scale) / scale


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------

def read_edgar() -> dict:
    """{(code, gas, sector): {year: Mt CO2e or None (blank)}} for every row of the EDGAR file."""
    need(EDGAR.is_file(), f"{EDGAR} is missing")
    out = {}
    with open(EDGAR, encoding="utf-8", newline="") as fh:
        rd = csv.DictReader(fh)
        years = [c for c in rd.fieldnames if c.isdigit()]
        need(years and years[0] == "1970" and years[-1] == "2023", "EDGAR: expected year columns 1970..2023")
        for r in rd:
            gas = SUBSTANCE.get(r["substance"])
            need(gas is not None, f"EDGAR: unexpected substance {r['substance']}")
            need(r["sector"] in EDGAR_SECTORS, f"EDGAR: unexpected sector {r['sector']}")
            key = (r["iso3_edgar"], gas, r["sector"])
            need(key not in out, f"EDGAR: duplicate row {key}")
            vals = {}
            for y in years:
                cell = r[y].strip()
                if cell == "":
                    vals[int(y)] = None
                else:
                    v = float(cell)
                    need(math.isfinite(v) and v >= 0, f"EDGAR: {key} {y} = {cell}")
                    vals[int(y)] = v
            out[key] = vals
    return out


def edgar_value(edgar: dict, code: str, gas: str, sector: str, year: int) -> tuple[float, bool]:
    """(Mt CO2e, blank?) - a missing row or blank cell is (0.0, True)."""
    row = edgar.get((code, gas, sector))
    if row is None or row.get(year) is None:
        return 0.0, True
    return row[year], False


def read_concordance() -> dict:
    """{(sector, gas): {"targets": [...], "key": str, "origin": str}} for both gases and all 8 sectors."""
    need(EDGAR_CONCORDANCE.is_file(), f"{EDGAR_CONCORDANCE} is missing")
    rules: dict = {}
    with open(EDGAR_CONCORDANCE, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            sector, gas, target, key = r["edgar_sector"], r["gas"], r["target"], r["key"]
            need(sector in EDGAR_SECTORS, f"concordance: unknown EDGAR sector {sector}")
            need(key in KEYS, f"concordance: unknown key {key}")
            gases = ["CH4", "N2O"] if gas == "*" else [gas]
            for g in gases:
                need(g in GWP_AR5, f"concordance: unknown gas {gas}")
                rule = rules.setdefault((sector, g), {"targets": [], "key": key, "origin": r["ch4_origin"]})
                need(rule["key"] == key and rule["origin"] == r["ch4_origin"],
                     f"concordance: {sector} {g} mixes keys or origins")
                need(target not in rule["targets"], f"concordance: {sector} {g} lists {target} twice")
                rule["targets"].append(target)
    for s in EDGAR_SECTORS:
        for g in GWP_AR5:
            rule = rules.get((s, g))
            need(rule is not None, f"concordance: no rule for {s} {g}")
            need(len(rule["targets"]) == 1 or rule["key"] != "1:1", f"concordance: {s} {g} is 1:1 with several targets")
            if g == "CH4":
                need(rule["origin"] in ("fossil", "nonfossil"), f"concordance: {s} CH4 has no fossil/nonfossil origin")
    return rules


# --------------------------------------------------------------------------------------------
# the CH4 and N2O extensions
# --------------------------------------------------------------------------------------------

def ghg_extensions(res: dict, edgar: dict, rules: dict) -> dict:
    """Adds ch4 and n2o F / F_Y (rounded kt) and their log and checks to the build_wiod_year result."""
    year = res["year"]
    regions = res["regions"]
    sectors = [s for s, _ in res["sectors"]]
    ns, nf = len(sectors), len(FD)
    n = len(regions) * ns
    countries = regions[:-1]
    x, x_pub = res["x"], res["x_pub"]
    key_out = [x_pub[i] if x[i] != 0 else 0 for i in range(n)]  # as build_wiod_year's concordance key
    co2_F, co2_FY = res["F"], res["FY"]
    hh = FD.index("CONS_h")

    # EDGAR per region (the 40 countries and the RoW remainder), gas and sector, in Mt CO2e
    blanks = 0
    by_region: dict = {}
    for c in countries:
        code = EDGAR_CODE.get(c, c)
        need(any(k[0] == code for k in edgar), f"EDGAR has no rows for {c} ({code})")
        for g in GWP_AR5:
            for s in EDGAR_SECTORS:
                v, blank = edgar_value(edgar, code, g, s, year)
                blanks += blank
                by_region[(c, g, s)] = v
    global_total, bunkers, row_rem, clamped = {}, {}, {}, []
    sum_all_countries = {}
    for g in GWP_AR5:
        for s in EDGAR_SECTORS:
            gt, blank = edgar_value(edgar, GLOBAL, g, s, year)
            need(not blank, f"EDGAR: no GLOBAL TOTAL for {g} {s} {year}")
            global_total[(g, s)] = gt
            bunkers[(g, s)] = sum(edgar_value(edgar, code, g, s, year)[0] for code in INTERNATIONAL)
            rem = gt - sum(by_region[(c, g, s)] for c in countries) - bunkers[(g, s)]
            # EDGAR's values carry 6 significant digits, so a remainder may be off by that much
            tol = 5e-6 * gt + 1e-9
            need(rem >= -tol, f"RoW remainder {g} {s} {year} = {rem} Mt CO2e is negative beyond rounding")
            if rem < 0:
                clamped.append({"gas": g, "sector": s, "remainder_MtCO2e": rem})
                rem = 0.0
            row_rem[(g, s)] = rem
            by_region[("RoW", g, s)] = rem
            sum_all_countries[(g, s)] = sum(v[year] or 0.0 for k, v in edgar.items()
                                            if k[1] == g and k[2] == s and k[0] not in (GLOBAL, "EU27"))

    # allocation
    out = {g: {"F": [[0.0] * n for _ in range(2 if g == "CH4" else 1)],
               "FY": [[0.0] * (len(regions) * nf) for _ in range(2 if g == "CH4" else 1)]} for g in GWP_AR5}
    fallbacks = []
    for ri, reg in enumerate(regions):
        base = ri * ns
        for g, gwp in GWP_AR5.items():
            for s in EDGAR_SECTORS:
                v_kt = by_region[(reg, g, s)] * 1000.0 / gwp
                if v_kt == 0.0:
                    continue
                rule = rules[(s, g)]
                row = 0 if g != "CH4" or rule["origin"] == "fossil" else 1
                ts, key = rule["targets"], rule["key"]
                if key == "1:1":
                    weights = [1.0]
                else:
                    def w_of(t, k):
                        if t == "CONS_h":
                            return co2_FY[ri * nf + hh] if k == "jrc_co2" else 0.0
                        i = base + sectors.index(t)
                        return co2_F[i] if k == "jrc_co2" else float(key_out[i])
                    weights = [w_of(t, key) for t in ts]
                    if sum(weights) <= 0 and key == "jrc_co2":
                        weights = [w_of(t, "output") for t in ts]
                        fallbacks.append({"region": reg, "gas": g, "sector": s, "key": "output (no CO2 in any target)"})
                    need(sum(weights) > 0, f"{reg} {g} {s} {year}: every target {ts} has a zero key")
                tot = sum(weights)
                for t, w in zip(ts, weights):
                    if w == 0:
                        continue
                    share = w / tot if len(ts) > 1 else 1.0
                    if t == "CONS_h":
                        out[g]["FY"][row][ri * nf + hh] += v_kt * share
                    else:
                        i = base + sectors.index(t)
                        need(x[i] > 0, f"{reg}_{t} {year}: {g} of {s} would land on a zero-output cell")
                        out[g]["F"][row][i] += v_kt * share
    for g in out:
        out[g]["F"] = [[round_ghg(v) for v in r] for r in out[g]["F"]]
        out[g]["FY"] = [[round_ghg(v) for v in r] for r in out[g]["FY"]]

    # checks
    checks = []
    failures = []
    for ri, reg in enumerate(regions):
        for g, gwp in GWP_AR5.items():
            src = sum(by_region[(reg, g, s)] for s in EDGAR_SECTORS) * 1000.0 / gwp
            f = sum(sum(r[ri * ns:(ri + 1) * ns]) for r in out[g]["F"])
            fy = sum(sum(r[ri * nf:(ri + 1) * nf]) for r in out[g]["FY"])
            diff = f + fy - src
            tol = 0.5e-6 * (ns + nf) * len(out[g]["F"]) + 1e-9 * abs(src) + 1e-9
            if abs(diff) > tol:
                failures.append(f"{reg} {g} {year}: F+F_Y {f + fy} kt differs from EDGAR {src} kt by {diff}")
            checks.append([reg, g, src, f, fy, diff])
    world = {}
    for g, gwp in GWP_AR5.items():
        gt = sum(global_total[(g, s)] for s in EDGAR_SECTORS) * 1000.0 / gwp
        bk = sum(bunkers[(g, s)] for s in EDGAR_SECTORS) * 1000.0 / gwp
        ours = sum(sum(r) for r in out[g]["F"]) + sum(sum(r) for r in out[g]["FY"])
        clamp = sum(-c["remainder_MtCO2e"] for c in clamped if c["gas"] == g) * 1000.0 / gwp
        d = ours + bk - gt - clamp
        tol = 0.5e-6 * (n + len(regions) * nf) * len(out[g]["F"]) + 1e-9 * gt
        if abs(d) > tol:
            failures.append(f"world {g} {year}: 41 regions + bunkers = {ours + bk} kt, EDGAR GLOBAL TOTAL {gt} kt")
        world[g] = {"EDGAR_global_kt": gt, "regions_41_kt": ours, "bunkers_AIR_SEA_kt": bk, "difference_kt": d,
                    "EDGAR_sum_of_all_country_rows_kt": sum(sum_all_countries[(g, s)] for s in EDGAR_SECTORS)
                    * 1000.0 / gwp}
    for g in out:
        for part in ("F", "FY"):
            neg = [v for r in out[g][part] for v in r if v < 0]
            if neg:
                failures.append(f"{g} {part} {year} has {len(neg)} negative cells")
    for i in range(n):
        if x[i] == 0 and any(r[i] != 0 for g in out for r in out[g]["F"]):
            failures.append(f"{regions[i // ns]}_{sectors[i % ns]} {year}: zero output carries CH4/N2O")
    # CO2: world = 40 JRC totals + RoW residual (build_wiod_year asserts each country); skipped for a
    # CO2 extension that does not come from build_wiod_year (the nowcast years of nowcast_reference.py)
    lg = res.get("log", {})
    co2_world = sum(co2_F) + sum(co2_FY)
    jrc40 = sum(r[1] + r[2] for r in res["country_check"]) if "country_check" in res else None
    row_kt = lg["gcb"]["RoW_total_MtCO2"] * 1000.0 if "gcb" in lg else None
    if jrc40 is not None and abs(co2_world - jrc40 - row_kt) > 0.0005 * (n + len(regions)) + 1e-9 * co2_world:
        failures.append(f"CO2 {year}: world {co2_world} kt != JRC 40 {jrc40} + RoW {row_kt}")
    if min(co2_F) < 0 or min(co2_FY) < 0:
        failures.append(f"CO2 {year}: negative cells")
    need(not failures, "checks failed:\n  " + "\n  ".join(failures))

    log = {
        "year": year,
        "gwp_ar5": GWP_AR5,
        "edgar_blank_cells_40_countries": blanks,
        "row_remainder_MtCO2e": {g: {s: row_rem[(g, s)] for s in EDGAR_SECTORS} for g in GWP_AR5},
        "row_remainder_clamped_to_zero": clamped,
        "international_bunkers": {g: {"AIR_SEA_MtCO2e": {s: bunkers[(g, s)] for s in EDGAR_SECTORS if bunkers[(g, s)]},
                                      "total_kt": world[g]["bunkers_AIR_SEA_kt"]} for g in GWP_AR5},
        "co2_bunkers_MtCO2_gcb": lg["gcb"]["bunkers_MtCO2"] if "gcb" in lg else None,
        "world": world,
        "co2_world_kt": co2_world,
        "co2_jrc_40_kt": jrc40,
        "co2_row_gcb_residual_kt": row_kt,
        "key_fallbacks": fallbacks,
        "totals_kt": {g: {"F": [sum(r) for r in out[g]["F"]], "F_Y": [sum(r) for r in out[g]["FY"]]} for g in out},
    }
    res = dict(res)
    res["ghg"] = out
    res["ghg_log"] = log
    res["ghg_checks"] = checks
    return res


def build_year(year: int, edgar: dict | None = None, rules: dict | None = None) -> dict:
    """build_wiod_year.build(year) plus the ch4 and n2o extensions; checks asserted."""
    need(year in YEARS, f"year must be one of {YEARS[0]}..{YEARS[-1]}")
    res = bwy.build(year)
    return ghg_extensions(res, edgar if edgar is not None else read_edgar(),
                          rules if rules is not None else read_concordance())


def extensions(res: dict) -> list[tuple[str, list[str], list[str], list[list[float]], list[list[float]]]]:
    """[(name, stressors, units, F rows, F_Y rows)] for co2, ch4, n2o."""
    g = res["ghg"]
    return [("co2", ["CO2"], ["kt"], [res["F"]], [res["FY"]]),
            ("ch4", ["CH4_fossil", "CH4_nonfossil"], ["kt", "kt"], g["CH4"]["F"], g["CH4"]["FY"]),
            ("n2o", ["N2O"], ["kt"], g["N2O"]["F"], g["N2O"]["FY"])]


def input_files(year: int) -> list[Path]:
    return bwy.input_files(year) + [EDGAR, EDGAR_CONCORDANCE]


def input_digests(year: int) -> dict[str, str]:
    """SHA-256 of each input, keyed by its path below $YUHENG_SHARED/data (or scripts/data/... for the repo's)."""
    out = bwy.input_digests(year)
    out["natural_sources/" + EDGAR.name] = sha256_file(EDGAR)
    out["scripts/data/" + EDGAR_CONCORDANCE.name] = sha256_file(EDGAR_CONCORDANCE)
    return out


# --------------------------------------------------------------------------------------------
# writing CSV folders
# --------------------------------------------------------------------------------------------

def write_year(res: dict, out: Path) -> None:
    bwy.write(res, out)
    regions = res["regions"]
    sectors = [s for s, _ in res["sectors"]]
    cols = [f"{r}:{s}" for r in regions for s in sectors]
    ycols = [f"{r}:{c}" for r in regions for c in FD]
    for name, stressors, _, F, FY in extensions(res)[1:]:
        bwy.write_csv(out / f"{name}.F.csv", ["stressor"] + cols,
                      ([s] + [bwy.fmt(v) for v in row] for s, row in zip(stressors, F)))
        bwy.write_csv(out / f"{name}.F_Y.csv", ["stressor"] + ycols,
                      ([s] + [bwy.fmt(v) for v in row] for s, row in zip(stressors, FY)))
    bwy.write_csv(out / "ghg_by_country_check.csv",
                  ["region", "gas", "edgar_kt", "F_kt", "F_Y_kt", "difference_kt"],
                  ([r[0], r[1]] + [bwy.fmt(v) for v in r[2:]] for r in res["ghg_checks"]))
    log = dict(res["ghg_log"])
    log["inputs_sha256"] = input_digests(res["year"])
    (out / "ghg_build_log.json").write_text(json.dumps(log, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def parse_years(text: str) -> list[int]:
    years = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            years.extend(range(int(a), int(b) + 1))
        else:
            years.append(int(part))
    bad = [y for y in years if y not in YEARS]
    if bad:
        raise BuildError(f"years {bad} are outside the series {YEARS[0]}-{YEARS[-1]}")
    return years


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--years", default=f"{YEARS[0]}-{YEARS[-1]}", help="e.g. 2000-2011 or 2005,2008,2011")
    ap.add_argument("--out", type=Path, help="write DIR/wiodYYYY/ CSV folders")
    args = ap.parse_args()
    years = parse_years(args.years)
    edgar, rules = read_edgar(), read_concordance()
    print(f"shared data: {SHARED}")
    print(f"{'year':>4} {'CO2 Mt':>9} {'RoW CO2':>8} {'CH4 kt':>9} {'fossil%':>7} {'RoW CH4%':>8} {'N2O kt':>8} "
          f"{'RoW N2O%':>8} {'bunk CH4':>8} {'bunk N2O':>8} {'maxdiff kt':>10}")
    for y in years:
        res = build_year(y, edgar, rules)
        lg = res["ghg_log"]
        g = res["ghg"]
        ch4 = sum(sum(r) for r in g["CH4"]["F"]) + sum(sum(r) for r in g["CH4"]["FY"])
        fos = sum(g["CH4"]["F"][0]) + sum(g["CH4"]["FY"][0])
        n2o = sum(sum(r) for r in g["N2O"]["F"]) + sum(sum(r) for r in g["N2O"]["FY"])
        row_ch4 = sum(lg["row_remainder_MtCO2e"]["CH4"].values()) * 1000 / 28
        row_n2o = sum(lg["row_remainder_MtCO2e"]["N2O"].values()) * 1000 / 265
        maxdiff = max(abs(r[5]) for r in res["ghg_checks"])
        print(f"{y:>4} {lg['co2_world_kt'] / 1000:9.1f} {lg['co2_row_gcb_residual_kt'] / 1000:8.1f} {ch4:9.1f} "
              f"{100 * fos / ch4:7.1f} {100 * row_ch4 / ch4:8.1f} {n2o:8.1f} {100 * row_n2o / n2o:8.1f} "
              f"{lg['international_bunkers']['CH4']['total_kt']:8.1f} {lg['international_bunkers']['N2O']['total_kt']:8.1f} "
              f"{maxdiff:10.2e}")
        if args.out:
            write_year(res, args.out.resolve() / f"wiod{y}")
    print("CHECKS PASSED: per country and gas = EDGAR / JRC within rounding; world = 41 regions + bunkers; "
          "no negative cells; RoW remainders non-negative")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as e:
        print(f"build_wiod_series.py: ERROR: {e}", file=sys.stderr)
        sys.exit(1)
