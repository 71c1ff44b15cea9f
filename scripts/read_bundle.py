#!/usr/bin/env python3
"""Reads a bundled WIOD GHG table (Sources/Data/Bundled/mrio/wiodYYYY-ghg) into numpy and checks it exactly.

The .ymz decoder here is written from the format specification in Sources/Data/Bundled/mrio/README.md,
independently of the writer in scripts/build_mrio_bundle.py (numpy + the standard library's zlib).

Checks, for each year asked for (exit status 1 if any fails):
  * every .ymz file: header CRC, compressed-stream CRC, lengths, stream consumed exactly, and the CRC-32 of
    the decoded matrix (dense column-major float64) equals the one the writer recorded (bit-exactness);
    the SHA-256 of every file equals system.json;
  * Z and Y equal the source CSVs ../shared/data/mrio/wiod2013/wiod2013_YYYY_{Z,Y}.csv.gz exactly, except
    Y cells of repaired rows (published output 0, only a negative inventory change; set to 0 - listed);
  * x equals rowsum(Z) + rowsum(Y) exactly;
  * per country: CO2 (F + F_Y) equals the JRC accounts' total of the year (industry sectors + FC_HH) read
    from jrc_wiod2016_co2_kt_long.csv within 0.0005 kt per cell; CH4 and N2O equal EDGAR's national totals
    (Mt CO2e x 1000 / 28 or / 265) within 0.5e-6 kt per cell; no negative emission cell;
  * 2011: co2 F and F_Y equal ../shared/data/mrio/wiod2011_co2/csv/F.csv, F_Y.csv bit for bit; 2009 and 2011:
    Z, Y, x and co2 equal a wiodYYYY-co2 (.ymat) store bit for bit where one is still present (the bundle no
    longer ships them: Yuheng reads those ids as aliases of the -ghg tables);
  * with --csv DIR (a folder written by `scripts/build_wiod_series.py --out DIR`): every matrix equals
    DIR/wiodYYYY/{Z,Y,x,F,F_Y,ch4.F,ch4.F_Y,n2o.F,n2o.F_Y}.csv bit for bit.

Usage:
  python3 scripts/read_bundle.py --year 2005 [--csv /tmp/wiod_series]
  python3 scripts/read_bundle.py --all [--csv /tmp/wiod_series]

As a library: `from read_bundle import load_store; m = load_store(Path(".../wiod2005-ghg"))` gives
{"Z", "Y", "x", "co2.F", "co2.F_Y", "ch4.F", ...: numpy float64 arrays, "manifest": dict}.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import os
import struct
import sys
import zlib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("YUHENG_SHARED") or (REPO.parent / "shared")).resolve()
BUNDLE = Path(os.environ.get("YUHENG_MRIO_OUT") or (REPO / "Sources" / "Data" / "Bundled" / "mrio")).resolve()
WIOD = SHARED / "data" / "mrio" / "wiod2013"
JRC = SHARED / "data" / "mrio" / "jrc_wiod2016_co2_kt_long.csv"
EDGAR = SHARED / "data" / "natural_sources" / "edgar2024_ch4_n2o_by_sector_country_wide.csv"
REF2011 = SHARED / "data" / "mrio" / "wiod2011_co2" / "csv"


class ReadError(Exception):
    pass


def crc(b: bytes) -> int:
    return zlib.crc32(b) & 0xFFFFFFFF


# ------------------------------------------------------------------ .ymz and .ymat decoders

def decode_ymz(blob: bytes, name: str = "<ymz>") -> np.ndarray:
    if len(blob) < 64 or blob[:4] != b"YMTZ":
        raise ReadError(f"{name}: not a .ymz file")
    (version, enc, order, rows, cols, scale, stream_len, comp_len, crc_dense, crc_comp, reserved,
     crc_head) = struct.unpack_from("<HBBQQB7xQQIIII", blob, 4)
    if crc(blob[:60]) != crc_head:
        raise ReadError(f"{name}: header CRC")
    if version != 1 or enc not in (0, 1) or order not in (0, 1) or scale > 9 or reserved != 0:
        raise ReadError(f"{name}: unsupported header (version {version}, encoding {enc}, order {order}, scale {scale})")
    comp = blob[64:]
    if len(comp) != comp_len or crc(comp) != crc_comp:
        raise ReadError(f"{name}: compressed stream length or CRC")
    d = zlib.decompressobj(-15)
    stream = d.decompress(comp) + d.flush()
    if not d.eof or d.unused_data or len(stream) != stream_len:
        raise ReadError(f"{name}: the DEFLATE stream does not end where the header says")
    n = rows * cols
    if enc == 0:
        if stream_len != 8 * n:
            raise ReadError(f"{name}: float64 stream of {stream_len} bytes for {n} values")
        flat = np.frombuffer(stream, dtype="<f8").astype(np.float64)
    else:
        b = np.frombuffer(stream, dtype=np.uint8)
        ends = np.flatnonzero(b < 0x80)
        if len(ends) != n or (n and ends[-1] != len(b) - 1):
            raise ReadError(f"{name}: {len(ends)} varints for {n} values, or trailing bytes")
        starts = np.concatenate(([0], ends[:-1] + 1))
        lengths = ends - starts + 1
        if lengths.max(initial=1) > 10:
            raise ReadError(f"{name}: varint longer than 10 bytes")
        pos = np.arange(len(b)) - np.repeat(starts, lengths)
        parts = (b & 0x7F).astype(np.uint64) << (7 * pos).astype(np.uint64)
        u = np.add.reduceat(parts, starts) if n else np.zeros(0, np.uint64)
        k = (u >> np.uint64(1)).astype(np.int64) ^ -(u & np.uint64(1)).astype(np.int64)
        if np.any(np.abs(k) >= 2 ** 53):
            raise ReadError(f"{name}: integer beyond 2^53")
        flat = k.astype(np.float64)
        if scale:
            flat = flat / float(10 ** scale)  # one IEEE division, correctly rounded
    m = flat.reshape((cols, rows)).T if order == 0 else flat.reshape((rows, cols))
    m = np.ascontiguousarray(m)
    if crc(np.asfortranarray(m).T.astype("<f8").tobytes()) != crc_dense:
        raise ReadError(f"{name}: the decoded matrix is not bit-identical to what was written (CRC)")
    return m


def decode_ymat(blob: bytes, name: str = "<ymat>") -> np.ndarray:
    if blob[:4] != b"YMAT":
        raise ReadError(f"{name}: not a .ymat file")
    version, storage, rows, cols, stored, plen, pcrc = struct.unpack_from("<HB1xQQQQI", blob, 4)
    payload = blob[64:]
    if crc(blob[:60]) != struct.unpack_from("<I", blob, 60)[0] or crc(payload) != pcrc or len(payload) != plen:
        raise ReadError(f"{name}: CRC or length")
    if storage == 0:
        return np.ascontiguousarray(np.frombuffer(payload, "<f8").reshape((cols, rows)).T.astype(np.float64))
    colptr = np.frombuffer(payload, "<u8", cols + 1)
    vals = np.frombuffer(payload, "<f8", stored, 8 * (cols + 1))
    ridx = np.frombuffer(payload, "<u4", stored, 8 * (cols + 1) + 8 * stored)
    m = np.zeros((rows, cols))
    cidx = np.repeat(np.arange(cols), np.diff(colptr).astype(np.int64))
    m[ridx, cidx] = vals
    return m


def load_store(folder: Path, verify_sha: bool = True) -> dict:
    man = json.loads((folder / "system.json").read_text(encoding="utf-8"))
    out = {"manifest": man}
    refs = [(k, v) for k, v in man["matrices"].items()]
    for e in man["extensions"]:
        refs.append((f"{e['name']}.F", e["F"]))
        if e.get("F_Y"):
            refs.append((f"{e['name']}.F_Y", e["F_Y"]))
    for key, ref in refs:
        blob = (folder / ref["file"]).read_bytes()
        if verify_sha and hashlib.sha256(blob).hexdigest() != ref["sha256"]:
            raise ReadError(f"{folder.name}/{ref['file']}: SHA-256 differs from system.json")
        m = decode_ymz(blob, ref["file"]) if blob[:4] == b"YMTZ" else decode_ymat(blob, ref["file"])
        if m.shape != (ref["rows"], ref["columns"]):
            raise ReadError(f"{folder.name}/{ref['file']}: shape {m.shape}, system.json {ref['rows']}x{ref['columns']}")
        out[key] = m
    return out


# ------------------------------------------------------------------ sources

def read_csv_matrix(path: Path, index_cols: int) -> tuple[list[str], list[str], np.ndarray]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0][index_cols:]
    labels = [":".join(r[:index_cols]) for r in rows[1:] if r]
    vals = np.array([[float(v) for v in r[index_cols:]] for r in rows[1:] if r], dtype=np.float64)
    return header, labels, vals


def bits_equal(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.array_equal(a.astype("<f8").view("<u8"), b.astype("<f8").view("<u8"))


def jrc_totals(year: int) -> dict[str, float]:
    out: dict[str, float] = {}
    with open(JRC, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if int(r["year"]) == year:
                out[r["country"]] = out.get(r["country"], 0.0) + float(r["co2_kt"])
    return out


def edgar_totals(year: int) -> dict[tuple[str, str], float]:
    """{(code, 'CH4'|'N2O'): kt gas}"""
    gwp = {"GWP_100_AR5_CH4": ("CH4", 28.0), "GWP_100_AR5_N2O": ("N2O", 265.0)}
    out: dict = {}
    with open(EDGAR, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            gas, g = gwp[r["substance"]]
            v = r[str(year)].strip()
            out[(r["iso3_edgar"], gas)] = out.get((r["iso3_edgar"], gas), 0.0) + (float(v) * 1000.0 / g if v else 0.0)
    return out


# ------------------------------------------------------------------ checks

def check_year(year: int, csv_dir: Path | None) -> list[str]:
    fails: list[str] = []
    folder = BUNDLE / f"wiod{year}-ghg"
    st = load_store(folder)
    man = st["manifest"]
    regions, sectors, cats = man["regions"], man["sectors"], man["final_demand_categories"]
    ns, nf = len(sectors), len(cats)
    Z, Y, x = st["Z"], st["Y"], st["x"][:, 0]
    print(f"{folder.name}: {len(man['matrices']) + 2 * len(man['extensions'])} matrices decoded, "
          f"CRC of every decoded matrix matches, SHA-256 as system.json")

    _, zl, Zs = read_csv_matrix(WIOD / f"wiod2013_{year}_Z.csv.gz", 1)
    yh, yl, Ys = read_csv_matrix(WIOD / f"wiod2013_{year}_Y.csv.gz", 1)
    _, _, Xp = read_csv_matrix(WIOD / f"wiod2013_{year}_x.csv", 1)
    if not bits_equal(Z, Zs):
        fails.append(f"{year}: Z differs from wiod2013_{year}_Z.csv.gz in {int((Z != Zs).sum())} cells")
    diff = np.argwhere(Y != Ys)
    repaired = []
    for i, j in diff:
        ok = Y[i, j] == 0 and Ys[i, j] < 0 and yh[j].endswith("_INVEN") and Xp[i, 0] == 0 and Zs[i].sum() == 0
        (repaired if ok else fails).append(f"{yl[i]} {yh[j]} source {Ys[i, j]:g} bundle {Y[i, j]:g}")
    if len(diff) == 0 or repaired:
        print(f"  Z equals the source CSV exactly; Y too" + (f", except repaired cells {repaired}" if repaired else ""))
    if not bits_equal(x, Z.sum(axis=1) + Y.sum(axis=1)):
        fails.append(f"{year}: x is not rowsum(Z) + rowsum(Y)")
    else:
        print(f"  x = rowsum(Z) + rowsum(Y) exactly; world output {x.sum():,.0f} MUSD")

    # per-country totals against the raw JRC and EDGAR files
    jrc = jrc_totals(year)
    edg = edgar_totals(year)
    worst = {"CO2": 0.0, "CH4": 0.0, "N2O": 0.0}
    for ri, r in enumerate(regions[:-1]):
        code = {"ROM": "ROU"}.get(r, r)
        for gas, ext, tol_cell in (("CO2", "co2", 0.0005), ("CH4", "ch4", 0.5e-6), ("N2O", "n2o", 0.5e-6)):
            ours = st[f"{ext}.F"][:, ri * ns:(ri + 1) * ns].sum() + st[f"{ext}.F_Y"][:, ri * nf:(ri + 1) * nf].sum()
            src = jrc[code] if gas == "CO2" else edg[(code, gas)]
            tol = tol_cell * (ns + nf) * st[f"{ext}.F"].shape[0] + 1e-9 * abs(src)
            worst[gas] = max(worst[gas], abs(ours - src))
            if abs(ours - src) > tol:
                fails.append(f"{year} {r} {gas}: bundle {ours} kt, source {src} kt")
    for ext in ("co2", "ch4", "n2o"):
        if st[f"{ext}.F"].min() < 0 or st[f"{ext}.F_Y"].min() < 0:
            fails.append(f"{year}: negative {ext} cells")
        zero = x == 0
        if np.any(st[f"{ext}.F"][:, zero] != 0):
            fails.append(f"{year}: {ext} on zero-output cells")
    print(f"  40 countries: |bundle - JRC| max {worst['CO2']:.2e} kt CO2; |bundle - EDGAR| max {worst['CH4']:.2e} kt CH4, "
          f"{worst['N2O']:.2e} kt N2O; no negative cell; nothing on zero-output cells")

    if year == 2011:
        _, _, F = read_csv_matrix(REF2011 / "F.csv", 1)
        _, _, FY = read_csv_matrix(REF2011 / "F_Y.csv", 1)
        same = bits_equal(st["co2.F"], F) and bits_equal(st["co2.F_Y"], FY)
        print(f"  co2 equals ../shared/data/mrio/wiod2011_co2/csv F.csv, F_Y.csv bit for bit: {same}")
        if not same:
            fails.append("2011: co2 differs from wiod2011_co2/csv")
    if year in (2009, 2011) and (BUNDLE / f"wiod{year}-co2").is_dir():
        old = load_store(BUNDLE / f"wiod{year}-co2")
        same = all(bits_equal(st[k], old[k]) for k in ("Z", "Y", "x", "co2.F", "co2.F_Y"))
        print(f"  Z, Y, x, co2 equal the bundled wiod{year}-co2 bit for bit: {same}")
        if not same:
            fails.append(f"{year}: differs from wiod{year}-co2")

    if csv_dir is not None:
        d = csv_dir / f"wiod{year}"
        pairs = [("Z", "Z.csv", 2), ("Y", "Y.csv", 2), ("x", "x.csv", 2), ("co2.F", "F.csv", 1), ("co2.F_Y", "F_Y.csv", 1),
                 ("ch4.F", "ch4.F.csv", 1), ("ch4.F_Y", "ch4.F_Y.csv", 1), ("n2o.F", "n2o.F.csv", 1),
                 ("n2o.F_Y", "n2o.F_Y.csv", 1)]
        bad = []
        for key, name, idx in pairs:
            _, _, m = read_csv_matrix(d / name, idx)
            if not bits_equal(st[key], m):
                bad.append(name)
        print(f"  every matrix equals {d}/*.csv bit for bit: {not bad}" + (f" (differs: {bad})" if bad else ""))
        fails += [f"{year}: {b} differs" for b in bad]
    return fails


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--year", type=int, action="append")
    ap.add_argument("--all", action="store_true", help="every wiodYYYY-ghg folder in the bundle")
    ap.add_argument("--csv", type=Path, help="folder written by scripts/build_wiod_series.py --out")
    args = ap.parse_args()
    years = sorted(int(p.name[4:8]) for p in BUNDLE.glob("wiod*-ghg")) if args.all else (args.year or [])
    if not years:
        ap.error("give --year YYYY or --all")
    fails = []
    for y in years:
        try:
            fails += check_year(y, args.csv.resolve() if args.csv else None)
        except (ReadError, OSError) as e:
            fails.append(f"{y}: {e}")
    if fails:
        print("READ CHECK FAILED:\n  " + "\n  ".join(fails))
        return 1
    print(f"READ CHECK PASSED for {len(years)} year(s): {', '.join(map(str, years))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
