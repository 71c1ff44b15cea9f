#!/usr/bin/env python3
"""Fast writer for the synthetic EE-MRIO tables of gen_synthetic.py: byte-identical files, ~100x faster writing.

The numbers come from the shared generator itself: `build` is imported from
$SHARED_DIR/bench/mrio/gen_synthetic.py (SHARED_DIR defaults to <repo>/../shared), and so is its command line
(the argparse parser of its main() is captured, so options, defaults and the order of the `args` dict in
csv/metadata.json are the generator's). Only the writing differs:

  Z (n x n) and Y (n x R*C) -- 97 % of the bytes -- are formatted here with numpy instead of pandas'
  per-value `to_csv(float_format="%.12g")` (~950 s at n = 9,800). Both matrices hold values rounded to 4 decimals
  and < 1e8, so '%.12g' % v is the exact decimal m/10^4 (m = rint(v*1e4)) with trailing zeros stripped: integer
  part + a precomputed fractional suffix ('', '.5', '.0123', ...). That assumption is checked for EVERY value
  (v == rint(v*1e4)/1e4, 1e-4 <= v < 1e8); a value failing it is written with Python's '%.12g' % v, a matrix
  holding NaN is written by pandas. Zeros (about 94 % of Z) are "0" ("-0" for negative zero, like pandas).
  Each row is formatted once and written to both <out>/pymrio_txt/*.txt (tab) and <out>/csv/*.csv (comma). The
  header lines come from pandas, and a few rows of each matrix are cross-checked against pandas at run time.
  Everything else (x with %.17g, F, F_Y, unit, file_parameters.json, metadata.json) is written with
  pandas/pymrio exactly as gen_synthetic.py does; the pymrio IOSystem is saved with 1-row placeholders for Z and
  Y (so file_parameters.json is pymrio's own), whose files are then overwritten.
Output: identical to gen_synthetic.py with the same arguments, except the timestamp in pymrio_txt/metadata.json
  (pymrio's save history). csv/metadata.json says "generator": "gen_synthetic.py" on purpose (same bytes).
Requires: numpy, pandas, pymrio==0.7.0 (for the pymrio_txt folder), the shared gen_synthetic.py.
Usage: python3 gen_fast.py --seed 1 --regions 49 --sectors 200 --stressors 10 --out DIR [--no-txt] [--no-csv] [--verify]
       (n = 9,800, measured on 2 cores: 3-6 s building the numbers + ~5 s writing (pandas: ~950 s), ~480 MB on disk,
        peak RSS 2.35 GB)
"""
import argparse
import importlib.util
import json
import os
import sys
import time
import types
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SHARED_DIR = Path(os.environ.get("SHARED_DIR") or (HERE.parent.parent.parent / "shared"))
GEN_PATH = SHARED_DIR / "bench" / "mrio" / "gen_synthetic.py"
FFMT, XFMT = "%.12g", "%.17g"
# '%.12g' of m/10^4 = str(m // 10^4) + FRAC[m % 10^4]
FRAC = [""] + [(".%04d" % f).rstrip("0") for f in range(1, 10000)]
BLOCK_CELLS = 1 << 21  # matrix cells formatted per block (bounds the temporary object arrays)


def load_generator():
    if not GEN_PATH.is_file():
        sys.exit(f"gen_fast.py: shared generator not found: {GEN_PATH} (set SHARED_DIR)")
    spec = importlib.util.spec_from_file_location("gen_synthetic_shared", GEN_PATH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class _Captured(Exception):
    pass


def shared_parser(gen):
    """The ArgumentParser built by gen_synthetic.main(), captured before it parses anything (None if not possible)."""
    class Capture(argparse.ArgumentParser):
        def parse_args(self, args=None, namespace=None):
            raise _Captured(self)
        parse_known_args = parse_args
    shim = types.ModuleType("argparse")
    shim.__dict__.update(argparse.__dict__)
    shim.ArgumentParser = Capture
    saved = gen.__dict__.get("argparse")
    gen.argparse = shim
    try:
        gen.main([])
    except _Captured as c:
        return c.args[0]
    except BaseException:
        return None
    finally:
        gen.argparse = saved
    return None


def fallback_parser():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0); ap.add_argument("--regions", type=int, default=49)
    ap.add_argument("--sectors", type=int, default=200); ap.add_argument("--stressors", type=int, default=10)
    ap.add_argument("--fd-categories", type=int, default=7); ap.add_argument("--density-dom", type=float, default=0.4)
    ap.add_argument("--density-imp", type=float, default=0.05); ap.add_argument("--out", required=True)
    ap.add_argument("--no-txt", action="store_true"); ap.add_argument("--no-csv", action="store_true")
    ap.add_argument("--verify", action="store_true")
    return ap


NEEDED = ["seed", "regions", "sectors", "stressors", "fd_categories", "density_dom", "density_imp", "out",
          "no_txt", "no_csv", "verify"]


def parse(gen, argv):
    ap = shared_parser(gen)
    if ap is not None:
        ap.__class__ = argparse.ArgumentParser  # drop the capturing subclass
        if not all(k in vars(ap.parse_known_args(["--out", "x"])[0]) for k in NEEDED):
            ap = None
    if ap is None:
        print("gen_fast.py: could not capture gen_synthetic.py's parser, using built-in options", file=sys.stderr)
        ap = fallback_parser()
        return ap.parse_args(argv), False
    ap.prog = "gen_fast.py"
    ap.description = __doc__
    return ap.parse_args(argv), True


# ---------------------------------------------------------------------------------------------------- formatting
def fmt_nonzero(v):
    """['%.12g' % x for x in v] for a 1-D float array without NaN; returns (strings, number of slow-path values)."""
    m = np.rint(v * 1e4)
    fast = (v >= 1e-4) & (v < 1e8) & (m / 1e4 == v)   # 4-decimal value, no exponent form: exact decimal m/10^4
    ip, fp = np.divmod(np.where(fast, m, 0.0).astype(np.int64), 10000)
    out = list(map(str.__add__, map(str, ip.tolist()), map(FRAC.__getitem__, fp.tolist())))
    slow = np.flatnonzero(~fast)
    for i in slow.tolist():
        out[i] = FFMT % float(v[i])
    return out, len(slow)


def format_rows(blk, stats):
    """Tab-joined '%.12g' strings of the rows of a 2-D float block (as pandas to_csv writes the values)."""
    obj = np.full(blk.shape, "0", dtype=object)
    r, c = np.nonzero(blk)
    if len(r):
        strs, nslow = fmt_nonzero(blk[r, c])
        stats["slow"] += nslow
        stats["nonzero"] += len(r)
        vals = np.empty(len(strs), dtype=object)
        vals[:] = strs
        obj[r, c] = vals
    nz = np.signbit(blk) & (blk == 0)
    if nz.any():
        obj[nz] = "-0"
    return ["\t".join(row) for row in obj.tolist()]


def pandas_text(M, rows, idx, cols, csv_labels):
    """pandas' own output for rows `rows` of M: (txt text, csv text), written exactly as gen_synthetic.py does."""
    sub = M[rows]
    txt = pd.DataFrame(sub, index=idx[rows], columns=cols).to_csv(sep="\t", float_format=FFMT)
    d = pd.DataFrame(sub, columns=csv_labels)
    d.insert(0, "sector", idx.get_level_values(1)[rows]); d.insert(0, "region", idx.get_level_values(0)[rows])
    csv = d.to_csv(index=False, float_format=FFMT)
    return txt, csv


def write_big(M, idx, cols, csv_labels, txt_path, csv_path, stats):
    """Write M as pymrio_txt (txt_path) and/or csv (csv_path), byte-identical to pandas.to_csv(float_format='%.12g')."""
    n, ncol = M.shape
    if np.isnan(M).any():  # pandas writes NaN as '' -- not worth a fast path; let pandas do it
        txt, csv = pandas_text(M, slice(0, n), idx, cols, csv_labels)
        if txt_path: Path(txt_path).write_text(txt)
        if csv_path: Path(csv_path).write_text(csv)
        stats["pandas_fallback"] = True
        return
    regs = idx.get_level_values(0).tolist(); secs = idx.get_level_values(1).tolist()
    # headers from pandas, and a run-time cross-check of a few rows against pandas
    nnz_row = np.count_nonzero(M, axis=1)
    check = sorted({0, n - 1, n // 2, int(nnz_row.argmax()), int(nnz_row.argmin())})
    txt_ref, csv_ref = pandas_text(M, check, idx, cols, csv_labels)
    txt_lines, csv_lines = txt_ref.split("\n"), csv_ref.split("\n")
    nh_txt, nh_csv = len(txt_lines) - 1 - len(check), len(csv_lines) - 1 - len(check)
    txt_head = "\n".join(txt_lines[:nh_txt]) + "\n"; csv_head = "\n".join(csv_lines[:nh_csv]) + "\n"
    mine = format_rows(M[check], {"slow": 0, "nonzero": 0})
    for j, i in enumerate(check):
        t = f"{regs[i]}\t{secs[i]}\t{mine[j]}"; c = f"{regs[i]},{secs[i]},{mine[j].replace(chr(9), ',')}"
        if t != txt_lines[nh_txt + j] or c != csv_lines[nh_csv + j]:
            raise SystemExit(f"gen_fast.py: row {i} of a {n}x{ncol} matrix differs from pandas' output -- aborting")
    ft = open(txt_path, "w", encoding="utf-8", newline="") if txt_path else None
    fc = open(csv_path, "w", encoding="utf-8", newline="") if csv_path else None
    try:
        if ft: ft.write(txt_head)
        if fc: fc.write(csv_head)
        b = max(1, BLOCK_CELLS // max(ncol, 1))
        for s in range(0, n, b):
            e = min(n, s + b)
            bodies = format_rows(M[s:e], stats)
            if ft:
                ft.write("".join([f"{regs[i]}\t{secs[i]}\t{body}\n" for i, body in zip(range(s, e), bodies)]))
            if fc:
                fc.write("".join([f"{regs[i]},{secs[i]},{body}\n" for i, body in zip(range(s, e), bodies)]).replace("\t", ","))
    finally:
        if ft: ft.close()
        if fc: fc.close()


# ---------------------------------------------------------------------------------------------------- main
def main(argv=None):
    gen = load_generator()
    a, captured = parse(gen, argv)
    FD = list(getattr(gen, "FD", ["HH", "NPISH", "GOV", "GFCF", "INV", "VAL", "EXP"]))
    assert 1 <= a.fd_categories <= len(FD)
    t0 = time.perf_counter()
    Z, Y, x, F, FY = gen.build(a.seed, a.regions, a.sectors, a.stressors, a.fd_categories, a.density_dom, a.density_imp)
    timings = {"generate_s": time.perf_counter() - t0}
    regs = [f"R{i+1:02d}" for i in range(a.regions)]; secs = [f"S{i+1:03d}" for i in range(a.sectors)]
    cats = FD[:a.fd_categories]; strs = [f"stressor_{i+1:02d}" for i in range(a.stressors)]
    idx = pd.MultiIndex.from_product([regs, secs], names=["region", "sector"])
    ycol = pd.MultiIndex.from_product([regs, cats], names=["region", "category"])
    sidx = pd.Index(strs, name="stressor")
    zc = [f"{r}:{s}" for r, s in idx]; yc = [f"{r}:{q}" for r, q in ycol]
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    txt_dir, csv_dir = out / "pymrio_txt", out / "csv"

    if not a.no_txt:  # pymrio layout; Z and Y as 1-row placeholders (rewritten below)
        import pymrio
        t = time.perf_counter()
        io = pymrio.IOSystem(Z=pd.DataFrame(Z[:1], index=idx[:1], columns=idx),
                             Y=pd.DataFrame(Y[:1], index=idx[:1], columns=ycol),
                             x=pd.DataFrame({"indout": x}, index=idx), unit=pd.DataFrame({"unit": "M.EUR"}, index=idx),
                             name=f"synthetic_seed{a.seed}_{a.regions}x{a.sectors}", year=0, price="synthetic",
                             stressors=dict(name="stressors", F=pd.DataFrame(F, index=sidx, columns=idx),
                                            F_Y=pd.DataFrame(FY, index=sidx, columns=ycol),
                                            unit=pd.DataFrame({"unit": "kg"}, index=sidx)))
        io.save_all(txt_dir, float_format=FFMT)
        io.x.to_csv(txt_dir / "x.txt", sep="\t", float_format=XFMT)
        fp = json.loads((txt_dir / "file_parameters.json").read_text())
        assert list(fp["files"])[:2] == ["Z", "Y"] and fp["files"]["Z"]["name"] == "Z.txt", fp
        timings["write_txt_small_s"] = time.perf_counter() - t

    if not a.no_csv:
        t = time.perf_counter(); csv_dir.mkdir(exist_ok=True)
        def with_labels(arr, cols):
            d = pd.DataFrame(arr, columns=cols)
            d.insert(0, "sector", idx.get_level_values(1)); d.insert(0, "region", idx.get_level_values(0))
            return d
        with_labels(x[:, None], ["x"]).to_csv(csv_dir / "x.csv", index=False, float_format=XFMT)
        for arr, cols, name in ((F, zc, "F.csv"), (FY, yc, "F_Y.csv")):
            d = pd.DataFrame(arr, columns=cols); d.insert(0, "stressor", strs)
            d.to_csv(csv_dir / name, index=False, float_format=FFMT)
        nzmask = Z != 0
        meta = {"generator": "gen_synthetic.py", "args": vars(a), "regions": regs, "sectors": secs, "fd_categories": cats,
                "stressors": strs, "units": {"Z": "M.EUR", "Y": "M.EUR", "x": "M.EUR", "F": "kg", "F_Y": "kg"},
                "shapes": {"Z": list(Z.shape), "Y": list(Y.shape), "x": [len(x)], "F": list(F.shape), "F_Y": list(FY.shape)},
                "layout": "Z/Y/x: columns region,sector then 'region:sector' (Z) or 'region:category' (Y); F/F_Y: column stressor; region-major order",
                "float_format": FFMT + " (x.csv: %.17g, x = rowsum(Z)+rowsum(Y) in float64)",
                "nnz_Z": int(nzmask.sum()), "density_Z": float(nzmask.mean())}
        del nzmask
        timings["write_csv_small_s"] = time.perf_counter() - t

    stats = {"slow": 0, "nonzero": 0}
    if not (a.no_txt and a.no_csv):
        t = time.perf_counter()
        write_big(Z, idx, idx, zc, None if a.no_txt else txt_dir / "Z.txt", None if a.no_csv else csv_dir / "Z.csv", stats)
        write_big(Y, idx, ycol, yc, None if a.no_txt else txt_dir / "Y.txt", None if a.no_csv else csv_dir / "Y.csv", stats)
        timings["write_Z_Y_s"] = time.perf_counter() - t
    if not a.no_csv:  # last, as the completion marker series.sh looks for
        (csv_dir / "metadata.json").write_text(json.dumps(meta, indent=1))
    timings["write_total_s"] = sum(v for k, v in timings.items() if k.startswith("write_"))

    if a.verify:  # re-read what was written; x is checked with a round-trip parser (see `info`)
        import pymrio
        t = time.perf_counter(); ok = {}; info = {}
        rt = dict(float_precision="round_trip")
        if not a.no_txt:
            io2 = pymrio.load_all(txt_dir)
            ok.update({"Z": np.array_equal(io2.Z.to_numpy(float), Z), "Y": np.array_equal(io2.Y.to_numpy(float), Y),
                       "F": np.array_equal(io2.stressors.F.to_numpy(float), F),
                       "F_Y": np.array_equal(io2.stressors.F_Y.to_numpy(float), FY),
                       "labels": bool(io2.Z.index.equals(idx) and io2.Y.columns.equals(ycol))})
            ok["x"] = np.array_equal(pd.read_csv(txt_dir / "x.txt", sep="\t", **rt)["indout"].to_numpy(float), x)
            # pandas' default float parser (used by pymrio.load_all) is not correctly rounded for 17-digit numbers
            info["x_load_all_max_relerr"] = float(np.max(np.abs(io2.x.to_numpy(float).ravel() - x) / x))
            del io2
        if not a.no_csv:
            for name, arr, skip in (("Z", Z, 2), ("Y", Y, 2), ("F", F, 1), ("F_Y", FY, 1)):
                ok["csv_" + name] = np.array_equal(pd.read_csv(csv_dir / f"{name}.csv").iloc[:, skip:].to_numpy(float), arr)
            ok["csv_x"] = np.array_equal(pd.read_csv(csv_dir / "x.csv", **rt).x.to_numpy(float), x)
        timings["verify_s"] = time.perf_counter() - t
        print(json.dumps({**{k: bool(v) for k, v in ok.items()}, **info}))
        if not all(ok.values()):
            raise SystemExit("gen_fast.py: verification failed")

    sizes = {str(p.relative_to(out)): p.stat().st_size for p in sorted(out.rglob("*")) if p.is_file()}
    print(json.dumps({"generator": "gen_fast.py (numbers: " + str(GEN_PATH) + ")", "shared_parser": captured,
                      "fast_format": {"nonzero_values": stats["nonzero"], "slow_path_values": stats["slow"]},
                      "timings": timings, "total_bytes": sum(sizes.values()), "sizes": sizes}, indent=1))


if __name__ == "__main__":
    main()
