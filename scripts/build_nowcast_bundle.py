#!/usr/bin/env python3
"""Builds the bundled nowcast inputs (Sources/Data/Bundled/nowcast): the data the MRIO nowcasts 2012-2023 read.

Reads $YUHENG_SHARED/data (default <repo>/../shared/data) and writes $YUHENG_NOWCAST_OUT (default
<repo>/Sources/Data/Bundled/nowcast): one CSV per dataset in Yuheng's own "wide series" schema, a manifest.json
(source, version, licence, date, citation, notes; size, SHA-256 and row count of every file) and README.md.

Wide series schema (every series dataset):  code,name,sector,gas,<year>,<year>,...
  code    ISO 3166-1 alpha-3, or the dataset's own code for aggregates (WLD world, BUNKERS, STATDIFF, AIR
          international aviation, SEA international shipping, EDGAR's "GLOBAL TOTAL", JRC's RoW ...)
  sector  the dataset's sector code (EDGAR sector, JRC NACE Rev.2 code or FC_HH), empty otherwise
  gas     CH4 or N2O for EDGAR, empty otherwise
  <year>  the value as published (the source's text, so that reading it gives the same double), empty =
          not available; the unit is the dataset's `unit` in manifest.json
Years 2000 onwards (the span of the bundled MRIO series and its nowcasts); a user import of a newer release
(Sources/Data/Nowcast, `kind` gdp | national-co2 | edgar | jrc-co2) reads the published layouts too.

| id | kind | file | unit | from |
|---|---|---|---|---|
| worldbank-gdp | gdp | worldbank_gdp.csv | current US$ | macro/worldbank_gdp_current_usd.csv (World Bank WDI NY.GDP.MKTP.CD via datasets/gdp) |
| gcb-national-co2 | national-co2 | gcb_national_co2.csv | MtC | national_emissions/gcb2022v1.0_clean_long.csv (territorial) + the GCB 2022 workbook (World, Bunkers, Statistical Difference) |
| owid-national-co2 | national-co2 | owid_national_co2.csv | t CO2 | national_emissions/owid_annual_fossil_co2_gcb2024_to_2023.csv (GCB 2024 via Our World in Data) |
| edgar-ch4-n2o | edgar | edgar_ch4_n2o.csv | Mt CO2e (AR5) | natural_sources/edgar2024_ch4_n2o_by_sector_country_wide.csv (EDGAR 2024) |
| jrc-co2-accounts | jrc-co2 | jrc_co2.csv | kt CO2 | mrio/jrc_wiod2016_co2_kt_long.csv (JRC CO2 emission accounts, WIOD 2016 structure, July 2019) |
| wiod-concordances | concordance | concordance_nace2_isic3.csv, concordance_edgar_wiod.csv | - | mrio/wiod2011_co2/concordance_nace2_isic3.csv, scripts/data/edgar_wiod_concordance.csv |
| nowcast-holdout-ranges | holdout-ranges | holdout_error_ranges.csv | pp, % | Tests/Fixtures/nowcast/horizon_error_ranges.json (scripts/nowcast_reference.py) |

Python 3.11 standard library only; deterministic (two runs give byte-identical files).
Usage: python3 scripts/build_nowcast_bundle.py
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
from pathlib import Path

from xlsx_reader import Xlsx  # scripts/ is on sys.path when a script in it runs

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("YUHENG_SHARED") or (REPO.parent / "shared")).resolve()
DATA = SHARED / "data"
OUT = Path(os.environ.get("YUHENG_NOWCAST_OUT") or (REPO / "Sources" / "Data" / "Bundled" / "nowcast")).resolve()
FIRST_YEAR = 2000
RANGES = REPO / "Tests" / "Fixtures" / "nowcast" / "horizon_error_ranges.json"


class BuildError(Exception):
    pass


def need(cond: bool, msg: str) -> None:
    if not cond:
        raise BuildError(msg)


def write_wide(name: str, rows: dict[tuple[str, str, str], dict[int, str]], names: dict[str, str]) -> tuple[str, int]:
    """Writes a wide series CSV; returns (text, rows)."""
    years = sorted({y for v in rows.values() for y in v})
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "sector", "gas"] + [str(y) for y in years])
    for key in sorted(rows):
        code, sector, gas = key
        w.writerow([code, names.get(code, ""), sector, gas] + [rows[key].get(y, "") for y in years])
    return buf.getvalue(), len(rows)


def check_number(text: str, where: str) -> str:
    try:
        v = float(text)
    except ValueError:
        raise BuildError(f"{where}: '{text}' is not a number") from None
    need(v == v and abs(v) != float("inf"), f"{where}: '{text}' is not finite")
    return text


def gdp() -> tuple[dict, dict]:
    rows, names = {}, {}
    with open(DATA / "macro" / "worldbank_gdp_current_usd.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            y = int(r["Year"])
            if y < FIRST_YEAR or r["Value"].strip() == "":
                continue
            code = r["Country Code"]
            names[code] = r["Country Name"]
            rows.setdefault((code, "", ""), {})[y] = check_number(r["Value"], f"GDP {code} {y}")
    return rows, names


def gcb2022() -> tuple[dict, dict]:
    rows, names = {}, {}
    with open(DATA / "national_emissions" / "gcb2022v1.0_clean_long.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            y, v = int(r["year"]), r["gcb_ghg_territorial"]
            if y < FIRST_YEAR or v in ("", "NA"):
                continue
            need((r["iso3c"], "", "") not in rows or y not in rows[(r["iso3c"], "", "")], f"GCB duplicate {r['iso3c']} {y}")
            names[r["iso3c"]] = r["country_name"]
            rows.setdefault((r["iso3c"], "", ""), {})[y] = check_number(v, f"GCB {r['iso3c']} {y}")
    book = Xlsx(DATA / "national_emissions" / "GCB_National_Fossil_Carbon_Emissions_2022v1.0.xlsx", need)
    sheet = book.rows("Territorial Emissions")
    hdr = next((r for r in sorted(sheet) if sheet[r].get("B") == "Afghanistan"), None)
    need(hdr is not None, "GCB xlsx: no header row in 'Territorial Emissions'")
    col_of = {v: k for k, v in sheet[hdr].items()}
    for label, code in (("World", "WLD"), ("Bunkers", "BUNKERS"), ("Statistical Difference", "STATDIFF")):
        need(label in col_of, f"GCB xlsx: no '{label}' column")
        names[code] = label
        for r in sorted(sheet):
            a = sheet[r].get("A", "")
            if r > hdr and a.isdigit() and int(a) >= FIRST_YEAR and col_of[label] in sheet[r]:
                rows.setdefault((code, "", ""), {})[int(a)] = check_number(sheet[r][col_of[label]], f"GCB xlsx {label} {a}")
    return rows, names


def owid2024() -> tuple[dict, dict]:
    rows, names = {}, {}
    special = {"International aviation": "AIR", "International shipping": "SEA"}
    with open(DATA / "national_emissions" / "owid_annual_fossil_co2_gcb2024_to_2023.csv", encoding="utf-8", newline="") as fh:
        rd = csv.reader(fh)
        need(next(rd)[:3] == ["Entity", "Code", "Year"], "OWID: unexpected header")
        for ent, code, year, v in rd:
            y = int(year)
            code = special.get(ent) or ("WLD" if code == "OWID_WRL" else code)
            if y < FIRST_YEAR or not code or v == "":
                continue
            names[code] = ent
            rows.setdefault((code, "", ""), {})[y] = check_number(v, f"OWID {ent} {y}")
    return rows, names


def edgar() -> tuple[dict, dict]:
    rows, names = {}, {}
    gas_of = {"GWP_100_AR5_CH4": "CH4", "GWP_100_AR5_N2O": "N2O"}
    with open(DATA / "natural_sources" / "edgar2024_ch4_n2o_by_sector_country_wide.csv", encoding="utf-8", newline="") as fh:
        rd = csv.DictReader(fh)
        years = [c for c in rd.fieldnames if c.isdigit() and int(c) >= FIRST_YEAR]
        for r in rd:
            key = (r["iso3_edgar"], r["sector"], gas_of[r["substance"]])
            need(key not in rows, f"EDGAR duplicate {key}")
            names[r["iso3_edgar"]] = r["country"]
            rows[key] = {int(y): check_number(r[y].strip(), f"EDGAR {key} {y}") for y in years if r[y].strip() != ""}
    return rows, names


def jrc() -> tuple[dict, dict]:
    rows = {}
    with open(DATA / "mrio" / "jrc_wiod2016_co2_kt_long.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            y = int(r["year"])
            key = (r["country"], r["sector_code"], "")
            need(y not in rows.get(key, {}), f"JRC duplicate {key} {y}")
            rows.setdefault(key, {})[y] = check_number(r["co2_kt"], f"JRC {key} {y}")
    return rows, {}


def ranges_csv() -> tuple[str, int]:
    d = json.loads(RANGES.read_text(encoding="utf-8"))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cols = ["pairs", "values", "adj_pp_median", "adj_pp_p90", "adj_pp_max", "cba_pct_median", "cba_pct_p90", "cba_pct_max"]
    w.writerow(["gas", "horizon"] + cols + ["extrapolated_from_horizon"])
    n = 0
    for gas in ("co2", "ch4", "n2o", "ghg"):
        for h in sorted(d["ranges"][gas], key=int):
            e = d["ranges"][gas][h]
            w.writerow([gas, h] + [repr(e[c]) if isinstance(e[c], float) else str(e[c]) for c in cols]
                       + [str(e.get("extrapolated_from_horizon", ""))])
            n += 1
    return buf.getvalue(), n


CC_BY = "CC-BY-4.0"
DATASETS = [
    {"id": "worldbank-gdp", "kind": "gdp", "unit": "US$ (current)", "file": "worldbank_gdp.csv", "build": gdp,
     "title": "GDP in current US$ (World Bank WDI NY.GDP.MKTP.CD), 2000 onwards",
     "version": "datasets/gdp@822019c (World Bank WDI refresh of 2026-03-20)", "date": "2026-03-20", "licence": CC_BY,
     "source": "World Bank World Development Indicators NY.GDP.MKTP.CD, via GitHub datasets/gdp data/gdp.csv commit 822019c80142c162e4ca4eb1a63699ae36075078 (shared/data/macro/worldbank_gdp_current_usd.csv)",
     "citation": "World Bank, World Development Indicators, GDP (current US$), NY.GDP.MKTP.CD.",
     "notes": "Codes: ISO 3166-1 alpha-3 and World Bank aggregates (WLD world). No Taiwan (the nowcast uses Korea's growth as a stated proxy); Romania is ROU. Current dollars mix real growth, inflation and exchange rates. The data package is PDDL-1.0; the World Bank data CC BY 4.0."},
    {"id": "gcb-national-co2", "kind": "national-co2", "unit": "MtC", "file": "gcb_national_co2.csv", "build": gcb2022,
     "title": "Global Carbon Budget 2022 national territorial fossil CO2 with World, Bunkers and Statistical Difference, 2000-2021",
     "version": "GCB 2022v1.0", "date": "2022-11-11", "licence": CC_BY,
     "source": "Global Carbon Project, National_Fossil_Carbon_Emissions_2022v1.0.xlsx (sheet Territorial Emissions: World, Bunkers, Statistical Difference) and its long CSV gcb_clean.csv (national territorial), via GitHub stallman-j/ekonomR commit d5b62941da7608854c7843ad450a16b6ba67efa8",
     "citation": "Friedlingstein, P. et al. (2022), Global Carbon Budget 2022, Earth Syst. Sci. Data 14, 4811-4900.",
     "notes": "MtC/yr as published (x 3.664 = Mt CO2). WLD = World including bunker fuels; BUNKERS = international bunkers; STATDIFF = the statistical difference between the world total and the sum of countries. Used by the nowcast for the years after the JRC accounts (country growth) and for the rest-of-the-world residual."},
    {"id": "owid-national-co2", "kind": "national-co2", "unit": "t CO2", "file": "owid_national_co2.csv", "build": owid2024,
     "title": "Annual fossil CO2 emissions by country (Global Carbon Budget 2024 via Our World in Data), 2000-2023",
     "version": "GCB 2024 (OWID grapher export, zeynepsudesuzen/global-emission-data-analyzer@d57ffcc)", "date": "2024-11-13", "licence": CC_BY,
     "source": "Our World in Data grapher 'Annual CO2 emissions' (Global Carbon Budget 2024, Andrew & Peters national fossil CO2 v2024), via GitHub zeynepsudesuzen/global-emission-data-analyzer annual-co2-emissions-per-country.csv commit d57ffcca32f52abb6882172b2708eb5db2792c48",
     "citation": "Friedlingstein, P. et al. (2025), Global Carbon Budget 2024, Earth Syst. Sci. Data 17, 965-1039; Our World in Data.",
     "notes": "Tonnes of CO2 (fossil fuels and industry, no land-use change). WLD = OWID_WRL (World incl. bunkers); AIR = International aviation; SEA = International shipping. The nowcast chains its growth rates onto the GCB 2022 levels after 2021 (never mixing the vintages' levels in one year)."},
    {"id": "edgar-ch4-n2o", "kind": "edgar", "unit": "Mt CO2e (AR5 GWP100)", "file": "edgar_ch4_n2o.csv", "build": edgar,
     "title": "EDGAR 2024 CH4 and N2O by country and sector, 2000-2023",
     "version": "EDGAR 2024 (EDGAR_2024_GHG booklet)", "date": "2024-09", "licence": CC_BY,
     "source": "EDGAR_2024_GHG booklet, sheet GHG_by_sector_and_country, CH4 and N2O rows (shared/data/natural_sources/edgar2024_ch4_n2o_by_sector_country_wide.csv)",
     "citation": "Crippa, M. et al. (2024), GHG emissions of all world countries - 2024 Report, Publications Office of the European Union, JRC138862, doi:10.2760/4002897.",
     "notes": "Mt CO2e with the AR5 GWP100 EDGAR used (CH4 28, N2O 265), 6 significant digits; blank = no estimate (the method counts it as 0 and says so). Codes: EDGAR's (ISO3 mostly; GLOBAL TOTAL, AIR, SEA, EU27). 8 sectors. IEA-EDGAR CO2 is not used (its licence is CC BY-NC-ND)."},
    {"id": "jrc-co2-accounts", "kind": "jrc-co2", "unit": "kt CO2", "file": "jrc_co2.csv", "build": jrc,
     "title": "JRC CO2 emission accounts for the WIOD 2016 structure (56 NACE Rev.2 sectors + households), 2000-2016",
     "version": "JRC CO2 emission accounts, July 2019 release", "date": "2019-07", "licence": "Decision 2011/833/EU (reuse with attribution)",
     "source": "European Commission JRC CO2 emission accounts (WIOD 2016 structure), via GitHub mpedrono/Applied_macro 'CO2 emissions.xlsx' commit 7167983c8f71bb744c11f16e2a4c12606b6d0f8e (shared/data/mrio/jrc_wiod2016_co2_kt_long.csv)",
     "citation": "European Commission, Joint Research Centre, CO2 emission accounts (WIOD 2016 structure), July 2019.",
     "notes": "kt CO2, 43 countries + RoW, 56 NACE Rev.2 sectors (A01..U) and FC_HH (households' direct emissions); 6 significant digits. Residence principle. The nowcast uses them, concorded to ISIC Rev.3, for the years they cover."},
]
STATIC = [
    {"id": "wiod-concordances", "kind": "concordance", "unit": "",
     "files": {"concordance_nace2_isic3.csv": DATA / "mrio" / "wiod2011_co2" / "concordance_nace2_isic3.csv",
               "concordance_edgar_wiod.csv": REPO / "scripts" / "data" / "edgar_wiod_concordance.csv"},
     "title": "Concordances to the WIOD 2013 industries: JRC NACE Rev.2 -> ISIC Rev.3, EDGAR sectors -> ISIC Rev.3 and households",
     "version": "wiod2011_co2 METHOD.md concordance; Yuheng EDGAR-WIOD concordance 1 (docs/ghg-series-method.md 1.1)", "date": "2026-12-06",
     "licence": "CC-BY-4.0 (Yuheng; the NACE-ISIC mapping follows the WIOD/JRC classifications)",
     "source": "shared/data/mrio/wiod2011_co2/concordance_nace2_isic3.csv (the 2011 table's concordance, with its FALLBACK rows) and scripts/data/edgar_wiod_concordance.csv",
     "citation": "docs/ghg-series-method.md (section 1.1); shared/data/mrio/wiod2011_co2/METHOD.md",
     "notes": "NACE: one row per (NACE code, ISIC target), split keys recomputed from gross output; FALLBACK:<isic> rows give the targets used when every target has zero output (Yuheng adds 61 -> 60). EDGAR: one row per (sector, gas, target) with the split key (1:1, jrc_co2, output) and the CH4 origin (fossil, nonfossil)."},
    {"id": "nowcast-holdout-ranges", "kind": "holdout-ranges", "unit": "pp / %",
     "files": {"holdout_error_ranges.csv": None},
     "title": "Hold-out error ranges of the MRIO nowcast by horizon (WIOD 2000-2011, origin shift alpha 1)",
     "version": "nowcast_reference.py hold-out of the bundled wiod2000-ghg ... wiod2011-ghg", "date": "2026-12-06",
     "licence": "CC-BY-4.0 (Yuheng; derived from the bundled tables, whose sources need attribution)",
     "source": "scripts/nowcast_reference.py (Tests/Fixtures/nowcast/horizon_error_ranges.json): all table pairs 2000-2011 with a horizon, 41 regions pooled",
     "citation": "docs/ghg-series-method.md section 2.4",
     "notes": "Per gas (co2, ch4, n2o, ghg AR5) and horizon h = target - base: |adjustment error| (pp) and |consumption-based error| (%) median, 90th percentile and maximum over 41 regions x (12 - h) pairs; horizon 12 has no pair and repeats horizon 11 (extrapolated_from_horizon). The 2000-2011 period had smaller exchange-rate swings than 2012-2023, so these ranges may understate later errors."},
]


def main() -> int:
    need(DATA.is_dir(), f"{DATA} not found (set YUHENG_SHARED)")
    OUT.mkdir(parents=True, exist_ok=True)
    files, datasets = {}, []

    def put(name: str, text: str, rows: int | None) -> None:
        b = text.encode("utf-8")
        (OUT / name).write_bytes(b)
        files[name] = {"bytes": len(b), "sha256": hashlib.sha256(b).hexdigest(), "rows": rows}

    for d in DATASETS:
        rows, names = d["build"]()
        text, n = write_wide(d["file"], rows, names)
        put(d["file"], text, n)
        years = sorted({y for v in rows.values() for y in v})
        datasets.append({k: v for k, v in d.items() if k not in ("build", "file")} | {"files": [d["file"]], "years": [years[0], years[-1]]})
        print(f"{d['id']:24s} {d['file']:28s} {n:6d} rows  {years[0]}-{years[-1]}  {files[d['file']]['bytes']:9,d} bytes")
    for d in STATIC:
        for name, src in d["files"].items():
            if src is None:
                text, n = ranges_csv()
            else:
                text = src.read_text(encoding="utf-8")
                n = text.count("\n") - 1
            put(name, text, n)
            print(f"{d['id']:24s} {name:28s} {n:6d} rows  {files[name]['bytes']:9,d} bytes")
        datasets.append({k: v for k, v in d.items() if k != "files"} | {"files": list(d["files"])})
    manifest = {"format": "yuheng-nowcast-inputs", "format_version": 1, "datasets": datasets, "files": files}
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    readme = __doc__.split("Python 3.11")[0].replace("Builds the bundled nowcast inputs", "# Bundled nowcast inputs\n\nGenerated by `python3 scripts/build_nowcast_bundle.py`; do not edit by hand. The bundled nowcast inputs", 1)
    (OUT / "README.md").write_text(readme.rstrip() + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({sum(f['bytes'] for f in files.values()):,} bytes in {len(files)} files)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as e:
        print(f"build_nowcast_bundle.py: ERROR: {e}", file=sys.stderr)
        sys.exit(1)
