#!/usr/bin/env python3
"""Builds Yuheng's bundled EU CBAM goods catalog with transitional default values.

Reads   $YUHENG_SHARED/data/cbam/cbam_cn_catalog_transitional_defaults.csv   (default: <repo>/../shared)
        $YUHENG_SHARED/data/cbam/LICENSE_CBAM-Project_MIT.txt
Writes  $YUHENG_CBAM_OUT/   (default: <repo>/Sources/Data/Bundled/cbam)
        cn_defaults.csv, LICENSE.txt, manifest.json, README.md

The output is read by BundledCBAM.load() (Sources/Data/Policy/BundledCBAM.swift), which checks the
SHA-256 of every file against manifest.json. This bundle has its own manifest and is NOT listed in
Sources/Data/Bundled/manifest.json (that file belongs to scripts/build_datasets.py).

Checks (the build stops on failure):
* 749 rows, unique all-digit CN codes of 4, 6 or 8 digits, one of the six CBAM sectors;
* total == direct + indirect for every row (to 0.011, the source rounds to two decimals);
* one default pair per aggregated goods category (the source is a category-level table);
* the Commission figures quoted independently in SOURCES.md: clinker 0.87, pig iron 2.07,
  ammonia 2.82, hydrogen 10.4 t CO2e/t (totals).

Output is deterministic (sorted by CN code, LF line ends, numbers as in the source, no
timestamps): two runs give byte-identical files. `--check` rebuilds into a temporary folder and
compares with the committed files.

Python standard library only. Usage: python3 scripts/build_cbam_bundle.py [--check]
"""
import csv
import filecmp
import hashlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("YUHENG_SHARED") or (REPO.parent / "shared")).resolve()
SRC_DIR = SHARED / "data" / "cbam"
CATALOG = SRC_DIR / "cbam_cn_catalog_transitional_defaults.csv"
LICENSE = SRC_DIR / "LICENSE_CBAM-Project_MIT.txt"
DEFAULT_OUT = REPO / "Sources" / "Data" / "Bundled" / "cbam"

SECTORS = {"Cement", "Electricity", "Fertilisers", "Iron & Steel", "Aluminium", "Hydrogen"}
EXPECTED_ROWS = 749
EXPECTED_BY_SECTOR = {"Iron & Steel": 629, "Aluminium": 79, "Fertilisers": 33, "Cement": 6, "Hydrogen": 1, "Electricity": 1}
CROSS_CHECKS = {  # SOURCES.md: Commission transitional defaults quoted by carboncreditmarkets.com (26 Dec 2023)
    "25231000": ("clinker", "0.87"),
    "72011011": ("pig iron", "2.07"),
    "28141000": ("ammonia", "2.82"),
    "28041000": ("hydrogen", "10.4"),
}

DATASET = {
    "id": "cbam-transitional-defaults",
    "title": "EU CBAM goods catalog (Annex I CN codes) with transitional default values by aggregated goods category",
    "version": "CBAM Communication template for installations, c_CodeLists V2 2024-12-13, via CBAM-Project 1d374ea",
    "source": "GitHub virendersinghrana001/CBAM-Project, src/lib/cn-catalog.ts (JSON array extracted, not executed), "
              "commit 1d374eafcec5cb28c769aef4796f04613066d644; generated there from the European Commission's "
              "'CBAM Communication template for installations' (c_CodeLists tab, V2 2024-12-13)",
    "licence": "MIT (CBAM-Project, see LICENSE.txt); Commission documents reusable under Decision 2011/833/EU (attribution)",
    "date": "2026-06-06",
    "citation": "European Commission, DG TAXUD: Default values for the transitional period of the CBAM between 1 October 2023 "
                "and 31 December 2025 (22 Dec 2023), as carried by the CBAM Communication template for installations; "
                "catalog extracted by the CBAM-Project repository (MIT).",
    "notes": "Default specific embedded emissions (t CO2e per tonne of good) at the level of the aggregated goods category "
             "(world averages of the transitional period), direct and indirect. NOT the official per-CN transitional table "
             "(e.g. NPK fertiliser official 1.35 and sodium nitrate 4.06 carry the category value 1.90 here) and NOT the "
             "country-specific definitive-period values of Implementing Regulation (EU) 2025/2621 (as corrected by (EU) "
             "2026/1740), which a CBAM file can give per import (default_see_t_per_t). Cross-checked against Commission "
             "figures quoted independently: clinker 0.87, pig iron 2.07, ammonia 2.82, hydrogen 10.4 t CO2e/t (match). "
             "Electricity carries 0/0 (no default in the source; electricity has its own method).",
}


class BuildError(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise BuildError(msg)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def num(text: str, where: str) -> str:
    t = text.strip()
    try:
        v = float(t)
    except ValueError:
        raise BuildError(f"{where}: '{text}' is not a number")
    need(v >= 0, f"{where}: negative value {t}")
    return t


def read_catalog():
    need(CATALOG.exists(), f"missing {CATALOG} (set YUHENG_SHARED)")
    raw = CATALOG.read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    need(len(rows) == EXPECTED_ROWS, f"expected {EXPECTED_ROWS} rows, found {len(rows)}")
    out = {}
    by_sector = {}
    category_defaults = {}
    for i, r in enumerate(rows, start=2):
        code = r["cn_code"].strip()
        where = f"{CATALOG.name}:{i} ({code})"
        need(code.isdigit() and len(code) in (4, 6, 8), f"{where}: CN code must have 4, 6 or 8 digits")
        need(code not in out, f"{where}: duplicate CN code")
        sector = r["sector"].strip()
        need(sector in SECTORS, f"{where}: unknown sector '{sector}'")
        category = r["aggregated_goods_category"].strip()
        need(category, f"{where}: empty aggregated goods category")
        d = num(r["default_direct_tco2e_per_t"], where)
        ind = num(r["default_indirect_tco2e_per_t"], where)
        tot = num(r["total"], where)
        need(abs(float(d) + float(ind) - float(tot)) <= 0.011, f"{where}: total {tot} != direct {d} + indirect {ind}")
        key = (sector, category)
        if key in category_defaults:
            need(category_defaults[key] == (d, ind), f"{where}: category '{category}' has two default pairs")
        category_defaults[key] = (d, ind)
        name = " ".join(r["cn_name"].split())
        out[code] = [code, name, category, sector, d, ind]
        by_sector[sector] = by_sector.get(sector, 0) + 1
    need(by_sector == EXPECTED_BY_SECTOR, f"rows by sector {by_sector} != {EXPECTED_BY_SECTOR}")
    for code, (what, total) in CROSS_CHECKS.items():
        need(code in out, f"cross-check: {what} ({code}) missing")
        got = float(out[code][4]) + float(out[code][5])
        need(abs(got - float(total)) < 1e-9, f"cross-check: {what} ({code}) total {got} != Commission {total}")
    return raw, [out[k] for k in sorted(out)], by_sector, len(category_defaults)


def csv_bytes(header, rows) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode("utf-8")


README = """# Bundled CBAM goods catalog

Generated by `scripts/build_cbam_bundle.py`; do not edit by hand. Rebuild with

    python3 scripts/build_cbam_bundle.py            # writes this folder
    python3 scripts/build_cbam_bundle.py --check    # rebuilds into a temporary folder and compares

(reads `$YUHENG_SHARED/data/cbam/`, default `../shared`; writes here, or to `$YUHENG_CBAM_OUT`). Two runs
give byte-identical files. `BundledCBAM.load()` (Sources/Data/Policy) reads the folder and checks the
SHA-256 of every file against `manifest.json`. This bundle has its own manifest and is not part of
`../manifest.json`.

## cn_defaults.csv

One row per CN code of Annex I to Regulation (EU) 2023/956 (4-, 6- or 8-digit, no spaces), sorted by code:
`cn_code, name, category` (aggregated goods category), `sector` (Cement, Electricity, Fertilisers,
Iron & Steel, Aluminium, Hydrogen), `default_direct, default_indirect` (t CO2e per tonne of good).

- Source: GitHub `virendersinghrana001/CBAM-Project`, `src/lib/cn-catalog.ts`, commit
  1d374eafcec5cb28c769aef4796f04613066d644, generated there from the Commission's "CBAM Communication
  template for installations" (c_CodeLists, V2 2024-12-13). Licence MIT (`LICENSE.txt`); Commission
  documents are reusable under Decision 2011/833/EU with attribution.
- The defaults are the transitional-period world averages (DG TAXUD, 22 Dec 2023) **at the level of the
  aggregated goods category**, not the official per-CN table (NPK fertiliser 1.35 and sodium nitrate 4.06
  officially; 1.90 here) and not the country-specific definitive-period values of Implementing
  Regulation (EU) 2025/2621. Electricity carries 0/0: it has no default in the source.
- Cross-checked: clinker 0.87, pig iron 2.07, ammonia 2.82, hydrogen 10.4 t CO2e/t (totals) equal the
  Commission figures quoted independently (carboncreditmarkets.com, 26 Dec 2023).
- Changes from the source: names with runs of white space collapsed; the `total` column dropped (it is
  direct + indirect, checked to 0.011). The heading-level file of the same repository
  (`cbam_defaults_heading_level.csv`) is not bundled: it repeats these values per 4-digit heading with
  "representative" sub-values and labels that are misattributed comments.
"""


def build(out: Path) -> dict:
    raw, rows, by_sector, categories = read_catalog()
    lic = LICENSE.read_bytes()
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    data = csv_bytes(["cn_code", "name", "category", "sector", "default_direct", "default_indirect"], rows)
    (out / "cn_defaults.csv").write_bytes(data)
    files["cn_defaults.csv"] = {"bytes": len(data), "rows": len(rows), "sha256": sha256(data)}
    (out / "LICENSE.txt").write_bytes(lic)
    files["LICENSE.txt"] = {"bytes": len(lic), "sha256": sha256(lic)}
    manifest = {
        "format": "yuheng-cbam",
        "format_version": 1,
        "dataset": DATASET,
        "counts": {"rows": len(rows), "categories": categories, **{f"sector:{k}": v for k, v in sorted(by_sector.items())}},
        "files": files,
        "inputs": {CATALOG.name: sha256(raw), LICENSE.name: sha256(lic)},
    }
    (out / "manifest.json").write_bytes((json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))
    (out / "README.md").write_bytes(README.encode("utf-8"))
    return manifest


def main(argv) -> int:
    if "--check" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp))
            names = ["cn_defaults.csv", "LICENSE.txt", "manifest.json", "README.md"]
            target = Path(os.environ.get("YUHENG_CBAM_OUT") or DEFAULT_OUT)
            diff = [n for n in names if not (target / n).exists() or not filecmp.cmp(Path(tmp) / n, target / n, shallow=False)]
            if diff:
                print(f"build_cbam_bundle.py --check: FAILED, rebuilding changes {diff}")
                return 1
            print(f"build_cbam_bundle.py --check: {target} is reproducible from {SRC_DIR}")
            return 0
    out = Path(os.environ.get("YUHENG_CBAM_OUT") or DEFAULT_OUT).resolve()
    m = build(out)
    print(f"wrote {out}: {m['counts']['rows']} CN codes, {m['counts']['categories']} aggregated goods categories")
    for k, v in sorted(m["files"].items()):
        print(f"  {k:18s} {v['bytes']:8d} bytes  sha256 {v['sha256'][:16]}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BuildError as e:
        print(f"build_cbam_bundle.py: ERROR: {e}", file=sys.stderr)
        sys.exit(1)
