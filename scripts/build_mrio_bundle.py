#!/usr/bin/env python3
"""Builds Yuheng's bundled EE-MRIO tables: the WIOD 2013-release GHG series 2000-2011 and the CO2 tables 2009, 2011.

Reads   $YUHENG_SHARED/data (default: <repo>/../shared): for 2011-co2 the shared dataset
        data/mrio/wiod2011_co2/csv/; for 2009-co2 and the GHG series the raw inputs that
        scripts/build_wiod_year.py and scripts/build_wiod_series.py read (WIOD 2013 tables, JRC CO2
        accounts, the NACE->ISIC concordance, GCB 2022v1.0, EDGAR 2024 CH4/N2O and
        scripts/data/edgar_wiod_concordance.csv).
Writes  $YUHENG_MRIO_OUT/ (default: <repo>/Sources/Data/Bundled/mrio):
          wiod2011-co2/, wiod2009-co2/   system.json, Z.ymat, Y.ymat, x.ymat, co2.F.ymat, co2.F_Y.ymat
          wiod2000-ghg/ ... wiod2011-ghg/ system.json, Z.ymz, Y.ymz, x.ymz, {co2,ch4,n2o}.{F,F_Y}.ymz
          README.md (the folder list and the .ymz format specification)

Each output folder is an MRIO store (Sources/Data/MRIO/MRIOStore.swift): system.json holds labels,
units, provenance, licences, caveats and the SHA-256 of every matrix file and of every input file.
The CO2 numbers of wiod2009-ghg and wiod2011-ghg are bit-identical to those of wiod2009-co2 and
wiod2011-co2 (checked here before anything is written). Python standard library only. Two runs
give byte-identical files (no timestamps, sorted JSON keys, fixed float formatting; the .ymz
streams are made with zlib's deflate, level 9, so byte identity assumes the same zlib deflate
implementation - zlib 1.2.x/1.3.x; README.md says how to compare decoded contents otherwise).

.ymat version 1 (little-endian): 64-byte header
  0 "YMAT" | 4 u16 version=1 | 6 u8 storage (0 dense column-major, 1 CSC) | 7 u8 0 |
  8 u64 rows | 16 u64 cols | 24 u64 stored values | 32 u64 payload bytes |
  40 u32 CRC-32 of payload | 44 16 zero bytes | 60 u32 CRC-32 of header bytes 0..59
payload dense: rows*cols float64 column-major;
payload CSC: (cols+1) u64 column pointers, nnz float64 values, nnz u32 row indices.
An entry is stored in CSC when its bit pattern is not +0.0. CSC is chosen when it is smaller.

.ymz version 1 (little-endian; full specification in the README.md this script writes): 64-byte header
  0 "YMTZ" | 4 u16 version=1 | 6 u8 encoding (0 float64, 1 zig-zag LEB128 integers k, value k/10^scale) |
  7 u8 order (0 column-major, 1 row-major) | 8 u64 rows | 16 u64 cols | 24 u8 scale | 25 7 zero bytes |
  32 u64 decoded stream bytes | 40 u64 compressed bytes | 48 u32 CRC-32 of the matrix as dense
  column-major float64 | 52 u32 CRC-32 of the compressed bytes | 56 u32 0 | 60 u32 CRC-32 of bytes 0..59
then the compressed bytes: raw DEFLATE (RFC 1951) of the encoded stream.

Usage: python3 scripts/build_mrio_bundle.py [--years 2000-2011]   (--years limits the GHG series, for trials)
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

import build_wiod_series  # scripts/ is on sys.path when a script in it runs
import build_wiod_year

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


# ---------------------------------------------------------------- .ymz writer (compressed, exact)

YMZ_MAGIC = b"YMTZ"
YMZ_VERSION = 1
YMZ_MAX_SCALE = 9
ENC_FLOAT64, ENC_INT = 0, 1
ORDER_COL, ORDER_ROW = 0, 1


def deflate_raw(data):
    """Raw DEFLATE (RFC 1951, no zlib/gzip wrapper), zlib level 9, 32 KiB window, memLevel 8."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY)
    return c.compress(data) + c.flush()


def zigzag_varints(ints):
    """Zig-zag (0,-1,1,-2,... -> 0,1,2,3,...) then unsigned LEB128, 7 bits per byte, low group first."""
    out = bytearray()
    append = out.append
    for k in ints:
        u = (k << 1) if k >= 0 else (((-k) << 1) - 1)
        while u >= 0x80:
            append((u & 0x7F) | 0x80)
            u >>= 7
        append(u)
    return bytes(out)


def integer_form(values):
    """(scale, ints) with values[i] == ints[i] / 10**scale exactly for every i (bit for bit), or None.

    Tries scale 0..YMZ_MAX_SCALE; -0.0 and |k| >= 2**53 have no integer form."""
    for v in values:
        if not math.isfinite(v):
            raise BuildError(f"non-finite value {v}")
        if v == 0.0 and math.copysign(1.0, v) < 0:
            return None
    for scale in range(YMZ_MAX_SCALE + 1):
        p = 10 ** scale
        ints = []
        for v in values:
            k = round(v * p)
            if abs(k) >= 2 ** 53 or (k / p if scale else float(k)) != v:
                break
            ints.append(k)
        else:
            return scale, ints
    return None


def ymz_bytes(rows, cols, row_major):
    """Encodes a rows x cols matrix (list of row lists) as .ymz; returns (bytes, description dict)."""
    if len(row_major) != rows or any(len(r) != cols for r in row_major):
        raise BuildError("ymz: matrix shape does not match")
    by_col = [row_major[i][j] for j in range(cols) for i in range(rows)]
    by_row = [v for r in row_major for v in r]
    crc_dense = zlib.crc32(struct.pack(f"<{rows * cols}d", *by_col)) & 0xFFFFFFFF
    form = integer_form(by_col)
    candidates = []
    for order, flat in ((ORDER_COL, by_col), (ORDER_ROW, by_row)):
        if form is not None:
            scale = form[0]
            p = 10 ** scale
            ints = form[1] if order == ORDER_COL else [round(v * p) for v in flat]
            stream = zigzag_varints(ints)
            enc = ENC_INT
        else:
            scale, enc = 0, ENC_FLOAT64
            stream = struct.pack(f"<{rows * cols}d", *flat)
        comp = deflate_raw(stream)
        candidates.append((len(comp), order, enc, scale, stream, comp))
    size, order, enc, scale, stream, comp = min(candidates, key=lambda c: (c[0], c[1]))
    head = struct.pack("<4sHBBQQB7sQQIII", YMZ_MAGIC, YMZ_VERSION, enc, order, rows, cols, scale, bytes(7),
                       len(stream), len(comp), crc_dense, zlib.crc32(comp) & 0xFFFFFFFF, 0)
    assert len(head) == 60
    head += struct.pack("<I", zlib.crc32(head) & 0xFFFFFFFF)
    desc = {"encoding": "int" if enc == ENC_INT else "float64", "scale": scale,
            "order": "row-major" if order == ORDER_ROW else "column-major",
            "decoded_crc32": f"{crc_dense:08x}", "stream_bytes": len(stream)}
    return head + comp, desc


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


README_TEMPLATE = (Path(__file__).resolve().parent / "data" / "mrio_bundle_README.md.in")


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


# ---------------------------------------------------------------- the GHG series (wiodYYYY-ghg, .ymz)

GHG_LICENCE = (LICENCE + "; EDGAR 2024 CH4 and N2O (European Commission JRC): CC BY 4.0 (attribution)")
GHG_CITATION = (CITATION + " Crippa, M. et al. (2024), GHG emissions of all world countries - 2024 Report, "
                "Publications Office of the European Union, JRC138862, doi:10.2760/4002897 "
                "(EDGAR_2024_GHG).")
GWP_SETS = {
    "AR5": {"CO2": 1.0, "CH4_fossil": 28.0, "CH4_nonfossil": 28.0, "N2O": 265.0},
    "AR6": {"CO2": 1.0, "CH4_fossil": 29.8, "CH4_nonfossil": 27.0, "N2O": 273.0},
}


def ghg_id(year):
    return f"wiod{year}-ghg"


def texts_ghg(res):
    """TITLE, VERSION, SOURCE and NOTES of one year of the GHG series, with its figures from the build logs."""
    y = res["year"]
    lg, gl = res["log"], res["ghg_log"]
    xs, row, gcb = lg["x_used_minus_published"], lg["row"], lg["gcb"]
    enot = lg["source_cells_in_e_notation"]
    g = res["ghg"]
    ch4 = sum(sum(r) for r in g["CH4"]["F"]) + sum(sum(r) for r in g["CH4"]["FY"])
    ch4_fossil = sum(g["CH4"]["F"][0]) + sum(g["CH4"]["FY"][0])
    n2o = sum(sum(r) for r in g["N2O"]["F"]) + sum(sum(r) for r in g["N2O"]["FY"])
    co2 = gl["co2_world_kt"]
    title = f"WIOD 2013 release, {y}, with CO2, CH4 and N2O extensions (GHG EE-MRIO, 41 regions x 35 industries)"
    version = (f"WIOD 2013 release (year {y}); JRC CO2 emission accounts (July 2019, WIOD 2016 structure); "
               f"GCB 2022v1.0; EDGAR 2024 (EDGAR_2024_GHG) CH4 and N2O")
    source = (f"World Input-Output Database, 2013 release, {y} table in current million USD (via the R package 'wiod', "
              f"bquast/wiod@59a28ac); European Commission JRC CO2 emission accounts for the WIOD 2016 structure, July "
              f"2019 release, year {y}, concorded from NACE Rev.2 (56) to ISIC Rev.3 (35); Global Carbon Budget "
              f"2022v1.0 for the rest-of-the-world CO2; EDGAR 2024 CH4 and N2O by country and sector (Crippa et al. "
              f"2024), concorded to the 35 industries and households; built by scripts/build_wiod_series.py")
    notes = [f"Monetary tables (Z, Y, x) are WIOD 2013-release values for {y} in million USD at current prices; they are whole numbers, so small flows are coarse."
             + (f" In the source files {enot['Y']} entries of Y and {enot['x_published']} of the published x (1 million USD or more) are given to 6 significant digits." if enot["Y"] or enot["x_published"] else "")]
    fixed = lg["fixed_negative_output_rows"]
    if fixed:
        notes.append(f"{len(fixed)} cell(s) ({', '.join(f['row'] for f in fixed)}) held only a negative inventory change against zero published output; those Y cells were set to 0 so that no output is negative.")
    notes.append(f"x is the stored gross output, equal to the row sums of Z plus Y (as pymrio computes it); it differs from the published WIOD output by up to {xs['max_abs_musd']:.0f} MUSD because of rounding. {xs['n_zero_output']} region-sectors have zero output (no emissions are assigned to them).")
    mism = lg.get("zero_output_published_vs_stored")
    if mism:
        notes.append("Published and stored output differ in being zero for " + ", ".join(f"{m['row']} (published {m['x_published']:.0f}, stored {m['x_stored']:.0f} MUSD)" for m in mism) + "; the concordance keys treat such a cell as having zero output, so no emissions land on a cell with zero stored output.")
    notes += [
        f"CO2 (extension co2, kt) comes from the JRC accounts for the 56-sector WIOD 2016 structure, year {y}, mapped to the 35 ISIC Rev.3 industries by the concordance of the 2011 table; C13-C15 and C33 are split between targets by {y} gross-output shares within each country; where every target of a sector has zero output, a fallback target is used (scripts/build_wiod_year.py).",
        "The JRC accounts follow the residence principle (resident carriers' bunker fuel is included, fuel tourism is not), so national CO2 totals can differ markedly from territorial inventories such as the Global Carbon Budget.",
        f"The rest of the world's CO2 is the Global Carbon Budget 2022 world total for {y} less bunkers ({gcb['bunkers_MtCO2']:,.1f} Mt, in no region) less the 40 WIOD countries ({gcb['RoW_total_MtCO2']:,.1f} Mt CO2); it is split across sectors with the {y} average intensity of {', '.join(row['group'])} and a {100 * row['hh_share_mean']:.1f}% household share. This is a rough proxy, not measured data.",
        "CH4 (extension ch4: CH4_fossil, CH4_nonfossil, kt CH4) and N2O (extension n2o: N2O, kt N2O) come from EDGAR 2024 by country and 8 sectors, published in Mt CO2e with the AR5 GWP100 and converted back to mass with the values EDGAR used (CH4 28, N2O 265); they are concorded to the 35 industries and the households' direct emissions (F_Y, CONS_h) by scripts/data/edgar_wiod_concordance.csv: Agriculture -> AtB, Power Industry -> E, Fuel Exploitation -> C (N2O: C and 23 by CO2), Industrial Combustion -> mining, manufacturing and construction by CO2, Transport -> households and inland transport by CO2, Buildings -> households and services by CO2, Processes -> 24 (CH4: 24 and 27t28 by output), Waste -> O.",
        "CH4 is tagged by the origin of its EDGAR sector, not by fuel: Agriculture, Waste and Buildings (dominated by residential biomass stoves) are non-fossil, the other sectors fossil (AR6 GWP100: 29.8 fossil, 27.0 non-fossil; AR5: 28 for both).",
        f"The rest of the world's CH4 and N2O are EDGAR's global total less the 40 countries less international aviation and shipping; those ({gl['international_bunkers']['CH4']['total_kt']:,.1f} kt CH4, {gl['international_bunkers']['N2O']['total_kt']:,.1f} kt N2O) are in no region, like the CO2 bunkers.",
        f"Household direct emissions of every gas are in F_Y, in the CONS_h column of the emitting region; all other final-demand columns of F_Y are zero.",
        f"World totals in this table: CO2 {co2 / 1000:,.1f} Mt, CH4 {ch4 / 1000:,.2f} Mt ({100 * ch4_fossil / ch4:.1f}% fossil), N2O {n2o / 1000:,.3f} Mt (gas mass, without bunkers).",
        "The CO2 data (WIOD 2016 vintage), the EDGAR 2024 data and the monetary tables (WIOD 2013 vintage) come from different releases; the CO2 total mixes residence-based country accounts with a territorial residual.",
        f"Monetary values are in current {y} US dollars, not deflated: comparing years mixes volume, price and exchange-rate changes.",
        "Confirm the licence terms of WIOD, JRC, GCB and EDGAR before redistributing derived tables.",
    ]
    if y in (2009, 2011):
        notes.append(f"The co2 extension (and Z, Y, x) are bit-identical to the bundled table wiod{y}-co2, which this table can replace (keep wiod{y}-co2 as an alias).")
    return title, version, source, notes


def bundle_ghg(res, sources):
    """Writes OUT/wiodYYYY-ghg/ (system.json + .ymz files) from a build_wiod_series result."""
    y = res["year"]
    dataset_id = ghg_id(y)
    regions = res["regions"]
    sectors = [s for s, _ in res["sectors"]]
    cats = build_wiod_year.FD_CATEGORIES
    n = len(regions) * len(sectors)
    ny = len(regions) * len(cats)
    out = OUT / dataset_id
    out.mkdir(parents=True, exist_ok=True)
    for stale in sorted(out.iterdir()):
        if stale.is_file():
            stale.unlink()
    written = {}

    def put(name, rows, cols, data):
        blob, desc = ymz_bytes(rows, cols, data)
        (out / name).write_bytes(blob)
        written[name] = len(blob)
        ref = {"file": name, "rows": rows, "columns": cols, "storage": "ymz", "stored_values": rows * cols,
               "bytes": len(blob), "sha256": hashlib.sha256(blob).hexdigest()}
        ref.update(desc)
        return ref

    matrices = {"Z": put("Z.ymz", n, n, res["Z"]),
                "Y": put("Y.ymz", n, ny, res["Y"]),
                "x": put("x.ymz", n, 1, [[v] for v in res["x"]])}
    exts = []
    for name, stressors, units, F, FY in build_wiod_series.extensions(res):
        exts.append({"name": name, "stressors": stressors, "units": units,
                     "F": put(f"{name}.F.ymz", len(stressors), n, F),
                     "F_Y": put(f"{name}.F_Y.ymz", len(stressors), ny, FY)})
    title, version, source, notes = texts_ghg(res)
    gl = res["ghg_log"]
    manifest = {
        "format": "yuheng-mrio",
        "format_version": 1,
        "name": f"WIOD2013_{y}_GHG",
        "year": y,
        "estimate": "table",
        "regions": regions,
        "sectors": sectors,
        "final_demand_categories": cats,
        "monetary_unit": "M.USD",
        "provenance": {"dataset_id": dataset_id, "version": version, "source": source, "licence": GHG_LICENCE},
        "dataset": {"id": dataset_id, "title": title, "version": version, "source": source, "licence": GHG_LICENCE,
                    "date": "2013-11", "citation": GHG_CITATION, "checksum": "", "notes": " ".join(notes)},
        "notes": notes,
        "sources": sources,
        "matrices": matrices,
        "extensions": exts,
        "ghg": {
            "gwp100": GWP_SETS,
            "gwp100_sources": {"AR5": "IPCC AR5 WG1 Table 8.7 without climate-carbon feedback (the values EDGAR 2024 used)",
                               "AR6": "IPCC AR6 WG1 Table 7.15 (CH4 fossil 29.8, non-fossil 27.0; N2O 273)"},
            "co2e": "sum over extensions co2, ch4, n2o of stressor (kt) x gwp100[set][stressor] = kt CO2e",
            "bunkers_not_in_any_region": {"CO2_kt": res["log"]["gcb"]["bunkers_MtCO2"] * 1000.0,
                                          "CH4_kt": gl["international_bunkers"]["CH4"]["total_kt"],
                                          "N2O_kt": gl["international_bunkers"]["N2O"]["total_kt"]},
            "world_kt": {"CO2": gl["co2_world_kt"],
                         "CH4": sum(sum(r) for r in res["ghg"]["CH4"]["F"]) + sum(sum(r) for r in res["ghg"]["CH4"]["FY"]),
                         "N2O": sum(sum(r) for r in res["ghg"]["N2O"]["F"]) + sum(sum(r) for r in res["ghg"]["N2O"]["FY"])},
            "replaces": f"wiod{y}-co2" if y in (2009, 2011) else None,
        },
    }
    text = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (out / "system.json").write_text(text, encoding="utf-8")
    written["system.json"] = len(text.encode("utf-8"))
    return out, written


def same_bits(a, b):
    return len(a) == len(b) and struct.pack(f"<{len(a)}d", *a) == struct.pack(f"<{len(b)}d", *b)


def write_readme(sizes):
    template = README_TEMPLATE.read_text(encoding="utf-8")
    rows = []
    for folder in sorted(sizes):
        rows.append(f"| `{folder}/` | {sizes[folder]:,} |")
    total_ghg = sum(v for k, v in sizes.items() if k.endswith("-ghg"))
    total_co2 = sum(v for k, v in sizes.items() if k.endswith("-co2"))
    table = ("| folder | bytes |\n|---|---:|\n" + "\n".join(rows)
             + f"\n| all `-ghg` folders | {total_ghg:,} |\n| both `-co2` folders | {total_co2:,} |")
    (OUT / "README.md").write_text(template.replace("@SIZES@", table), encoding="utf-8")


def main():
    import argparse
    ap = argparse.ArgumentParser(description="Builds the bundled MRIO stores.")
    ap.add_argument("--years", default="2000-2011", help="years of the GHG series to build (default 2000-2011)")
    args = ap.parse_args()
    years = build_wiod_series.parse_years(args.years)
    if not SRC.is_dir():
        raise BuildError(f"{SRC} not found (set YUHENG_SHARED to the shared folder)")
    print(f"shared data: {SHARED}")
    sizes = {}

    # 2011: the shared dataset's CSV files; inputs must be the files its metadata describes.
    meta, sources = verified_digests(SRC, "wiod2011_co2/csv/")
    out, written, *_ = r = bundle(SRC, DATASET_ID, meta, sources, TITLE, VERSION, SOURCE, NOTES, "WIOD2013_2011_CO2")
    report(*r)
    sizes[DATASET_ID] = sum(written.values())
    _, _, F11 = read_table(SRC, "F.csv", 1)
    _, _, FY11 = read_table(SRC, "F_Y.csv", 1)
    co2_bundled = {2011: (F11[0], FY11[0])}

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
        out, written, *_ = r = bundle(csv_dir, DATASET_ID_2009, meta09, sources09, title, version, source, notes,
                                      "WIOD2013_2009_CO2")
        report(*r)
        sizes[DATASET_ID_2009] = sum(written.values())
        _, _, F09 = read_table(csv_dir, "F.csv", 1)
        _, _, FY09 = read_table(csv_dir, "F_Y.csv", 1)
        co2_bundled[2009] = (F09[0], FY09[0])
    print(f"  RoW total 2009 = {res['log']['gcb']['RoW_total_MtCO2']:.3f} Mt CO2")

    # the GHG series
    edgar, rules = build_wiod_series.read_edgar(), build_wiod_series.read_concordance()
    print(f"{'table':14s} {'bytes':>10s}  files")
    for y in years:
        res = build_wiod_series.build_year(y, edgar, rules)
        if y in co2_bundled:
            f, fy = co2_bundled[y]
            if not (same_bits(res["F"], f) and same_bits(res["FY"], fy)):
                raise BuildError(f"{ghg_id(y)}: CO2 is not bit-identical to wiod{y}-co2")
        out, written = bundle_ghg(res, build_wiod_series.input_digests(y))
        sizes[ghg_id(y)] = sum(written.values())
        print(f"{ghg_id(y):14s} {sizes[ghg_id(y)]:10d}  " + ", ".join(f"{k} {v}" for k, v in sorted(written.items())))
    print("  CO2 of wiod2009-ghg and wiod2011-ghg is bit-identical to wiod2009-co2 and wiod2011-co2"
          if {2009, 2011} <= set(years) else "")
    if set(years) == set(build_wiod_series.YEARS):
        write_readme(sizes)
        print(f"  all -ghg folders: {sum(v for k, v in sizes.items() if k.endswith('-ghg')):,} bytes")
    else:
        print("  README.md not written (only part of the series was built)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BuildError, build_wiod_year.BuildError) as e:  # build_wiod_series raises build_wiod_year's
        print(f"build_mrio_bundle.py: ERROR: {e}", file=sys.stderr)
        sys.exit(1)
