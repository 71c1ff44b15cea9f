#!/usr/bin/env python3
"""Builds Yuheng's bundled EE-MRIO tables: the WIOD 2013-release GHG series 2000-2011.

Reads   $YUHENG_SHARED/data (default: <repo>/../shared): the raw inputs that scripts/build_wiod_year.py
        and scripts/build_wiod_series.py read (WIOD 2013 tables, JRC CO2 accounts, the NACE->ISIC
        concordance, GCB 2022v1.0, EDGAR 2024 CH4/N2O and scripts/data/edgar_wiod_concordance.csv), and
        for the 2011 check the shared dataset data/mrio/wiod2011_co2/csv/.
Writes  $YUHENG_MRIO_OUT/ (default: <repo>/Sources/Data/Bundled/mrio):
          wiod2000-ghg/ ... wiod2011-ghg/ system.json, Z.ymz, Y.ymz, x.ymz, {co2,ch4,n2o}.{F,F_Y}.ymz
          README.md (the folder list and the .ymz format specification)

Each output folder is an MRIO store (Sources/Data/MRIO/MRIOStore.swift): system.json holds labels,
units, provenance, licences, caveats and the SHA-256 of every matrix file and of every input file.
The former CO2-only tables wiod2009-co2 and wiod2011-co2 are no longer written: Yuheng keeps their ids
as aliases of wiod2009-ghg / wiod2011-ghg restricted to the extension co2 (BundledMRIO.aliases). The
CO2 of wiod2011-ghg is checked here to be bit-identical to the shared dataset wiod2011_co2/csv those
tables were built from (wiod2009-co2 came from build_wiod_year.build(2009), which the series calls
unchanged). Python standard library only. Two runs
give byte-identical files (no timestamps, sorted JSON keys, fixed float formatting; the .ymz
streams are made with zlib's deflate, level 9, so byte identity assumes the same zlib deflate
implementation - zlib 1.2.x/1.3.x; README.md says how to compare decoded contents otherwise).

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
import zlib
from pathlib import Path

import build_wiod_series  # scripts/ is on sys.path when a script in it runs
import build_wiod_year

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("YUHENG_SHARED") or (REPO.parent / "shared")).resolve()
SRC = SHARED / "data" / "mrio" / "wiod2011_co2" / "csv"
OUT = Path(os.environ.get("YUHENG_MRIO_OUT") or (REPO / "Sources" / "Data" / "Bundled" / "mrio")).resolve()


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

LICENCE = ("WIOD 2013 release: free to use with attribution (Timmer et al. 2015); "
           "JRC CO2 accounts: reuse with attribution (Commission Decision 2011/833/EU); "
           "Global Carbon Budget 2022: CC BY 4.0 (attribution)")
CITATION = ("Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015), An Illustrated User "
            "Guide to the World Input-Output Database: the Case of Global Automotive Production, Review of "
            "International Economics 23: 575-605. European Commission, Joint Research Centre, CO2 emission accounts "
            "(WIOD 2016 structure), July 2019. Friedlingstein, P. et al. (2022), Global Carbon Budget 2022, Earth "
            "System Science Data 14: 4811-4900.")
README_TEMPLATE = (Path(__file__).resolve().parent / "data" / "mrio_bundle_README.md.in")


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
        notes.append(f"The co2 extension (and Z, Y, x) are bit-identical to the former bundled table wiod{y}-co2, which this table replaces; the id wiod{y}-co2 remains valid as an alias of this table restricted to the extension co2.")
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
    table = ("| folder | bytes |\n|---|---:|\n" + "\n".join(rows)
             + f"\n| all `-ghg` folders | {total_ghg:,} |")
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

    # 2011: the CO2 the former wiod2011-co2 table held (the shared dataset's CSV files, checked against its metadata.json)
    verified_digests(SRC, "wiod2011_co2/csv/")
    _, _, F11 = read_table(SRC, "F.csv", 1)
    _, _, FY11 = read_table(SRC, "F_Y.csv", 1)
    co2_bundled = {2011: (F11[0], FY11[0])}

    # the GHG series
    edgar, rules = build_wiod_series.read_edgar(), build_wiod_series.read_concordance()
    print(f"{'table':14s} {'bytes':>10s}  files")
    for y in years:
        res = build_wiod_series.build_year(y, edgar, rules)
        if y in co2_bundled:
            f, fy = co2_bundled[y]
            if not (same_bits(res["F"], f) and same_bits(res["FY"], fy)):
                raise BuildError(f"{ghg_id(y)}: CO2 is not bit-identical to the shared wiod{y}_co2 dataset (the former wiod{y}-co2)")
        out, written = bundle_ghg(res, build_wiod_series.input_digests(y))
        sizes[ghg_id(y)] = sum(written.values())
        print(f"{ghg_id(y):14s} {sizes[ghg_id(y)]:10d}  " + ", ".join(f"{k} {v}" for k, v in sorted(written.items())))
    print("  CO2 of wiod2011-ghg is bit-identical to the shared wiod2011_co2 dataset (the former wiod2011-co2)"
          if 2011 in years else "")
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
