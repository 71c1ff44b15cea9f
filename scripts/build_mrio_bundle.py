#!/usr/bin/env python3
"""Builds Yuheng's bundled EE-MRIO tables: WIOD 2013 release with a CO2 extension for 2011 and 2009.

Reads   $YUHENG_SHARED/data/mrio/wiod2011_co2/csv/   (default: <repo>/../shared) for 2011;
        for 2009 the raw inputs that scripts/build_wiod_year.py reads (WIOD 2013 tables, JRC CO2
        accounts, the NACE->ISIC concordance, GCB 2022v1.0), built with that script into a
        temporary folder in the same CSV layout and bundled from there.
Writes  $YUHENG_MRIO_OUT/wiod2011-co2/ and $YUHENG_MRIO_OUT/wiod2009-co2/
        (default: <repo>/Sources/Data/Bundled/mrio), each with system.json, Z.ymat, Y.ymat,
        x.ymat, co2.F.ymat, co2.F_Y.ymat; and $YUHENG_MRIO_OUT/README.md

Each output folder is an MRIO store as read by MRIOStore.load / BundledMRIO.load (Sources/Data/MRIO):
system.json holds labels, units, provenance, licences, caveats and the SHA-256 of every
matrix file and of every input file; each matrix is one .ymat file (format documented in
Sources/Data/MRIO/MatrixFile.swift and below). Python standard library only. Two runs give
byte-identical files (no timestamps, sorted JSON keys, fixed float formatting).

.ymat version 1 (little-endian): 64-byte header
  0 "YMAT" | 4 u16 version=1 | 6 u8 storage (0 dense column-major, 1 CSC) | 7 u8 0 |
  8 u64 rows | 16 u64 cols | 24 u64 stored values | 32 u64 payload bytes |
  40 u32 CRC-32 of payload | 44 16 zero bytes | 60 u32 CRC-32 of header bytes 0..59
payload dense: rows*cols float64 column-major;
payload CSC: (cols+1) u64 column pointers, nnz float64 values, nnz u32 row indices.
An entry is stored in CSC when its bit pattern is not +0.0. CSC is chosen when it is smaller.

Usage: python3 scripts/build_mrio_bundle.py
"""
import csv
import hashlib
import json
import math
import os
import struct
import sys
import tempfile
import zlib
from pathlib import Path

import build_wiod_year  # scripts/ is on sys.path when a script in it runs

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("YUHENG_SHARED") or (REPO.parent / "shared")).resolve()
SRC = SHARED / "data" / "mrio" / "wiod2011_co2" / "csv"
OUT = Path(os.environ.get("YUHENG_MRIO_OUT") or (REPO / "Sources" / "Data" / "Bundled" / "mrio")).resolve()
DATASET_ID = "wiod2011-co2"
DATASET_ID_2009 = "wiod2009-co2"


class BuildError(Exception):
    pass


# ---------------------------------------------------------------- reading the CSV layout

def read_table(src, name, index_cols):
    """Returns (column labels, row labels (tuples), row-major values) of a CSV table in folder src."""
    path = src / name
    if not path.is_file():
        raise BuildError(f"{path} is missing")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        raise BuildError(f"{path} is empty")
    header = rows[0][index_cols:]
    labels, values = [], []
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != index_cols + len(header):
            raise BuildError(f"{path}:{line}: {len(row)} cells, expected {index_cols + len(header)}")
        labels.append(tuple(row[:index_cols]))
        vals = []
        for col, cell in enumerate(row[index_cols:], start=index_cols + 1):
            try:
                v = float(cell)
            except ValueError:
                raise BuildError(f"{path}:{line}:{col}: '{cell}' is not a number") from None
            if not math.isfinite(v):
                raise BuildError(f"{path}:{line}:{col}: value is not finite")
            vals.append(v)
        values.append(vals)
    return header, labels, values


def sha256_file(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- .ymat writer

def is_stored(v):
    return v != 0.0 or math.copysign(1.0, v) < 0  # -0.0 is stored, +0.0 is not


def ymat_bytes(rows, cols, row_major):
    """Encodes a rows x cols matrix given as a list of row lists (CSC when smaller)."""
    nnz = sum(1 for r in row_major for v in r if is_stored(v))
    dense_size = 8 * rows * cols
    csc_size = 8 * (cols + 1) + 12 * nnz
    if csc_size < dense_size:
        storage = 1
        colptr, vals, rowidx = [0], [], []
        for j in range(cols):
            for i in range(rows):
                v = row_major[i][j]
                if is_stored(v):
                    vals.append(v)
                    rowidx.append(i)
            colptr.append(len(vals))
        payload = (struct.pack(f"<{cols + 1}Q", *colptr) + struct.pack(f"<{nnz}d", *vals)
                   + struct.pack(f"<{nnz}I", *rowidx))
        stored = nnz
    else:
        storage = 0
        payload = struct.pack(f"<{rows * cols}d", *(row_major[i][j] for j in range(cols) for i in range(rows)))
        stored = rows * cols
    head = struct.pack("<4sHBBQQQQI16s", b"YMAT", 1, storage, 0, rows, cols, stored, len(payload),
                       zlib.crc32(payload) & 0xFFFFFFFF, bytes(16))
    assert len(head) == 60
    head += struct.pack("<I", zlib.crc32(head) & 0xFFFFFFFF)
    return head + payload, ("csc" if storage == 1 else "dense"), stored


# ---------------------------------------------------------------- provenance text

TITLE = "WIOD 2013 release, 2011, with a CO2 extension (EE-MRIO, 41 regions x 35 industries)"
VERSION = "WIOD 2013 release (year 2011); JRC CO2 emission accounts (July 2019, WIOD 2016 structure); GCB 2022v1.0"
SOURCE = ("World Input-Output Database, 2013 release, 2011 table in current million USD (via the R package 'wiod', "
          "bquast/wiod@59a28ac); European Commission JRC CO2 emission accounts for the WIOD 2016 structure, "
          "July 2019 release, year 2011, concorded from NACE Rev.2 (56) to ISIC Rev.3 (35); "
          "Global Carbon Budget 2022v1.0 for the rest-of-the-world total")
LICENCE = ("WIOD 2013 release: free to use with attribution (Timmer et al. 2015); "
           "JRC CO2 accounts: reuse with attribution (Commission Decision 2011/833/EU); "
           "Global Carbon Budget 2022: CC BY 4.0 (attribution)")
CITATION = ("Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015), An Illustrated User "
            "Guide to the World Input-Output Database: the Case of Global Automotive Production, Review of "
            "International Economics 23: 575-605. European Commission, Joint Research Centre, CO2 emission accounts "
            "(WIOD 2016 structure), July 2019. Friedlingstein, P. et al. (2022), Global Carbon Budget 2022, Earth "
            "System Science Data 14: 4811-4900.")
NOTES = [
    "Monetary tables (Z, Y, x) are WIOD 2013-release values for 2011 in million USD at current prices; they are whole numbers, so small flows are coarse.",
    "Two Luxembourg cells (sectors 19 and 23) held a -1 MUSD inventory change against zero output; they were set to 0 so that no output is negative.",
    "x is the stored gross output, equal to the row sums of Z plus Y (as pymrio computes it); it differs from the published WIOD output by up to 108 MUSD because of rounding. 22 region-sectors have zero output (no CO2 is assigned to them).",
    "CO2 (kt) comes from the JRC accounts for the 56-sector WIOD 2016 structure, mapped to the 35 ISIC Rev.3 industries by an approximate concordance; two source sectors are split between targets by 2011 output shares, which assumes equal CO2 intensity across the targets.",
    "Household direct emissions are in F_Y, in the CONS_h column of the emitting region; all other final-demand columns of F_Y are zero.",
    "The JRC accounts follow the residence principle (resident carriers' bunker fuel is included, fuel tourism is not), so national totals can differ markedly from territorial inventories such as the Global Carbon Budget.",
    "The rest of the world (RoW) total is the Global Carbon Budget 2022 world total less bunkers less the 40 WIOD countries (6,134 Mt CO2); it is split across sectors with the average intensity of a group of emerging economies and a 12.9% household share. This is a rough proxy, not measured data.",
    "The global total (about 33,848 Mt CO2) therefore mixes residence-based country accounts with a territorial residual; part of the bunker emissions may be counted twice.",
    "The emission data (WIOD 2016 vintage) and the monetary tables (WIOD 2013 vintage) come from different national-accounts releases.",
    "Confirm the licence terms of WIOD, JRC and GCB before redistributing derived tables.",
]


def texts_2009(log):
    """TITLE, VERSION, SOURCE and NOTES of the 2009 table; the figures come from build_wiod_year's build log."""
    fixed = [f["row"] for f in log["fixed_negative_output_rows"]]
    if fixed != ["LUX_19", "LUX_23"] or any(f["values"] != [-1.0] for f in log["fixed_negative_output_rows"]):
        raise BuildError(f"2009: repaired rows {fixed} differ from the two Luxembourg cells the notes describe")
    xs = log["x_used_minus_published"]
    row, gcb, tot = log["row"], log["gcb"], log["totals_kt"]
    row_mt = gcb["RoW_total_MtCO2"]
    global_mt = (tot["F"] + tot["F_Y"]) / 1000.0
    group = ", ".join(row["group"])
    title = "WIOD 2013 release, 2009, with a CO2 extension (EE-MRIO, 41 regions x 35 industries)"
    version = ("WIOD 2013 release (year 2009); JRC CO2 emission accounts (July 2019, WIOD 2016 structure); "
               "GCB 2022v1.0")
    source = ("World Input-Output Database, 2013 release, 2009 table in current million USD (via the R package "
              "'wiod', bquast/wiod@59a28ac); European Commission JRC CO2 emission accounts for the WIOD 2016 "
              "structure, July 2019 release, year 2009, concorded from NACE Rev.2 (56) to ISIC Rev.3 (35); "
              "Global Carbon Budget 2022v1.0 for the rest-of-the-world total; built from these raw inputs by "
              "scripts/build_wiod_year.py with the method of the 2011 table")
    notes = [
        "Monetary tables (Z, Y, x) are WIOD 2013-release values for 2009 in million USD at current prices; they are whole numbers, so small flows are coarse. Entries of 1 million USD or more are given to 6 significant digits in the source files.",
        "As in 2011, two Luxembourg cells (sectors 19 and 23) held a -1 MUSD inventory change against zero output; they were set to 0 so that no output is negative.",
        f"x is the stored gross output, equal to the row sums of Z plus Y (as pymrio computes it); it differs from the published WIOD output by up to {xs['max_abs_musd']:.0f} MUSD because of rounding. {xs['n_zero_output']} region-sectors have zero output (no CO2 is assigned to them).",
        "CO2 (kt) comes from the JRC accounts for the 56-sector WIOD 2016 structure, year 2009, mapped to the 35 ISIC Rev.3 industries by the concordance of the 2011 table; its two split source sectors (C13-C15, C33) are divided between targets by 2009 published gross-output shares within each country, which assumes equal CO2 intensity across the targets. Where every target of a sector has zero 2009 output, the concordance's fallback targets are used.",
        "Household direct emissions are in F_Y, in the CONS_h column of the emitting region; all other final-demand columns of F_Y are zero.",
        "The JRC accounts follow the residence principle (resident carriers' bunker fuel is included, fuel tourism is not), so national totals can differ markedly from territorial inventories such as the Global Carbon Budget.",
        f"The rest of the world (RoW) total is the Global Carbon Budget 2022 world total for 2009 less bunkers less the 40 WIOD countries ({row_mt:,.0f} Mt CO2); it is split across sectors with the 2009 average intensity of a group of emerging economies ({group}) and a {100 * row['hh_share_mean']:.1f}% household share (the group's mean 2009 share). This is a rough proxy, not measured data.",
        f"The global total (about {global_mt:,.0f} Mt CO2) therefore mixes residence-based country accounts with a territorial residual; part of the bunker emissions may be counted twice.",
        "The emission data (WIOD 2016 vintage) and the monetary tables (WIOD 2013 vintage) come from different national-accounts releases.",
        "Monetary values are in current 2009 US dollars, not deflated: comparing multipliers with the 2011 table mixes volume, price and exchange-rate changes. The 2011 table is built the same way (scripts/build_wiod_year.py --check-2011 rebuilds its CSV files byte-identically).",
        "Confirm the licence terms of WIOD, JRC and GCB before redistributing derived tables.",
    ]
    return title, version, source, notes


README = """# Bundled MRIO tables

Generated by `python3 scripts/build_mrio_bundle.py`; do not edit by hand. Two runs give
byte-identical files.

| folder | table | built from |
|---|---|---|
| `wiod2011-co2/` | WIOD 2013 release, 2011, with CO2 (default table) | `../shared/data/mrio/wiod2011_co2/csv` (or `$YUHENG_SHARED`) |
| `wiod2009-co2/` | WIOD 2013 release, 2009, with CO2 | the raw WIOD 2013, JRC CO2 and GCB 2022 inputs in `../shared/data`, through `scripts/build_wiod_year.py --year 2009` (same method; `--check-2011` shows that it rebuilds the 2011 CSV files byte-identically) |

Together they form a two-year series (2009, 2011) with the same regions, sectors and categories.

Each folder is an MRIO store (read with `BundledMRIO.load(id:)` or `MRIOStore.load(from:)`):
`system.json` holds the labels, units, provenance, licences, caveats and the SHA-256 of every
matrix file and input file; each matrix is one `.ymat` file (Yuheng's binary matrix format,
documented in `Sources/Data/MRIO/MatrixFile.swift`): dense column-major float64 or compressed
sparse columns, whichever is smaller, with a length and CRC-32 check.

| file | shape | unit |
|---|---|---|
| `Z.ymat` | 1435 x 1435 intermediate flows | M.USD |
| `Y.ymat` | 1435 x 205 final demand (41 regions x 5 categories) | M.USD |
| `x.ymat` | 1435 x 1 gross output (stored, = rowsum Z + rowsum Y) | M.USD |
| `co2.F.ymat` | 1 x 1435 industry CO2 | kt |
| `co2.F_Y.ymat` | 1 x 205 household direct CO2 | kt |

These folders are not listed in `../manifest.json` (that file belongs to `scripts/build_datasets.py`).
"""


def bundle(src, dataset_id, meta, sources, title, version, source, notes, default_name):
    """Writes the store folder OUT/dataset_id from the CSV folder src; returns (folder, sizes, F, F_Y)."""
    regions, sectors, cats = meta["regions"], meta["sectors"], meta["fd_categories"]
    n = len(regions) * len(sectors)
    row_keys = [(r, s) for r in regions for s in sectors]
    col_keys = [f"{r}:{s}" for r, s in row_keys]
    y_keys = [f"{r}:{c}" for r in regions for c in cats]

    zc, zr, Z = read_table(src, "Z.csv", 2)
    if zr != row_keys or zc != col_keys:
        raise BuildError("Z.csv labels do not follow metadata.json regions x sectors")
    yc, yr, Y = read_table(src, "Y.csv", 2)
    if yr != row_keys or yc != y_keys:
        raise BuildError("Y.csv labels do not match Z.csv rows / regions x categories")
    xc, xr, X = read_table(src, "x.csv", 2)
    if xr != row_keys or len(xc) != 1:
        raise BuildError("x.csv labels do not match Z.csv rows")
    if any(v[0] < 0 for v in X):
        raise BuildError("x.csv has negative output")
    fc, fr, F = read_table(src, "F.csv", 1)
    if fc != col_keys:
        raise BuildError("F.csv columns do not match Z.csv rows")
    fyc, fyr, FY = read_table(src, "F_Y.csv", 1)
    if fyc != y_keys or fyr != fr:
        raise BuildError("F_Y.csv labels do not match Y.csv columns / F.csv rows")
    stressors = [r[0] for r in fr]
    if stressors != ["CO2"]:
        raise BuildError(f"expected the single stressor CO2, found {stressors}")

    out = OUT / dataset_id
    out.mkdir(parents=True, exist_ok=True)
    written = {}

    def put(name, rows, cols, data):
        blob, storage, stored = ymat_bytes(rows, cols, data)
        (out / name).write_bytes(blob)
        written[name] = len(blob)
        return {"file": name, "rows": rows, "columns": cols, "storage": storage, "stored_values": stored,
                "bytes": len(blob), "sha256": hashlib.sha256(blob).hexdigest()}

    matrices = {
        "Z": put("Z.ymat", n, n, Z),
        "Y": put("Y.ymat", n, len(y_keys), Y),
        "x": put("x.ymat", n, 1, X),
    }
    ext = {"name": "co2", "stressors": stressors, "units": ["kt"],
           "F": put("co2.F.ymat", len(stressors), n, F), "F_Y": put("co2.F_Y.ymat", len(stressors), len(y_keys), FY)}

    manifest = {
        "format": "yuheng-mrio",
        "format_version": 1,
        "name": meta.get("name", default_name),
        "regions": regions,
        "sectors": sectors,
        "final_demand_categories": cats,
        "monetary_unit": "M.USD",
        "provenance": {"dataset_id": dataset_id, "version": version, "source": source, "licence": LICENCE},
        "dataset": {"id": dataset_id, "title": title, "version": version, "source": source, "licence": LICENCE,
                    "date": "2013-11", "citation": CITATION, "checksum": "", "notes": " ".join(notes)},
        "notes": notes,
        "sources": sources,
        "matrices": matrices,
        "extensions": [ext],
    }
    text = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (out / "system.json").write_text(text, encoding="utf-8")
    written["system.json"] = len(text.encode("utf-8"))
    return out, written, sum(F[0]), sum(FY[0])


def verified_digests(src, prefix):
    """SHA-256 of the CSV inputs in src (checked against its metadata.json), keyed prefix + file name."""
    meta = json.loads((src / "metadata.json").read_text(encoding="utf-8"))
    sources = {}
    for name in ["Z.csv", "Y.csv", "x.csv", "F.csv", "F_Y.csv", "metadata.json"]:
        digest = sha256_file(src / name)
        declared = meta.get("sha256", {}).get(name)
        if declared is not None and declared != digest:
            raise BuildError(f"{src / name}: sha256 {digest} differs from metadata.json ({declared})")
        sources[prefix + name] = digest
    return meta, sources


def report(out, written, f_sum, fy_sum):
    print(f"output:      {out}")
    for name in sorted(written):
        print(f"  {name:16s} {written[name]:9d} bytes")
    print(f"  total            {sum(written.values()):9d} bytes")
    print(f"  sum F = {f_sum:.6f} kt, sum F_Y = {fy_sum:.6f} kt")


def main():
    if not SRC.is_dir():
        raise BuildError(f"{SRC} not found (set YUHENG_SHARED to the shared folder)")
    print(f"shared data: {SHARED}")

    # 2011: the shared dataset's CSV files; inputs must be the files its metadata describes.
    meta, sources = verified_digests(SRC, "wiod2011_co2/csv/")
    report(*bundle(SRC, DATASET_ID, meta, sources, TITLE, VERSION, SOURCE, NOTES, "WIOD2013_2011_CO2"))

    # 2009: built from the raw inputs into a temporary folder, then bundled; the sources are the raw files.
    res = build_wiod_year.build(2009)
    with tempfile.TemporaryDirectory(prefix="wiod2009_co2_") as tmp:
        csv_dir = Path(tmp)
        build_wiod_year.write(res, csv_dir)
        meta09, _ = verified_digests(csv_dir, "")
        if meta09.get("year") != 2009:
            raise BuildError("the 2009 build wrote metadata for another year")
        sources09 = build_wiod_year.input_digests(2009)
        title, version, source, notes = texts_2009(res["log"])
        report(*bundle(csv_dir, DATASET_ID_2009, meta09, sources09, title, version, source, notes,
                       "WIOD2013_2009_CO2"))
    print(f"  RoW total 2009 = {res['log']['gcb']['RoW_total_MtCO2']:.3f} Mt CO2")

    (OUT / "README.md").write_text(README, encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BuildError, build_wiod_year.BuildError) as e:
        print(f"build_mrio_bundle.py: ERROR: {e}", file=sys.stderr)
        sys.exit(1)
