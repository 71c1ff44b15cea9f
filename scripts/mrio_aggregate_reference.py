#!/usr/bin/env python3
"""pymrio's `aggregate` on the pymrio fixture (Tests/Fixtures/mrio/pymrio/folder) with the
concordances in Tests/Fixtures/mrio/aggregate/{regions,sectors}.csv; writes
Tests/Fixtures/mrio/aggregate/reference.json with the aggregated labels, the sums of Z, Y and x per
aggregated row, F and F_Y per stressor and column, and the per-region accounts after calc_all
(the Swift test runs `yuheng mrio aggregate` and `yuheng mrio accounts` on the stored result).

    pip install pymrio==0.7.0
    python3 scripts/mrio_aggregate_reference.py

Conventions as scripts/mrio_fixture_reference.py (NaN set to 0 before calc_all).
"""
import json
import os
import sys
import warnings

import pandas as pd
import pymrio
from importlib.metadata import version

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mrio_fixture_reference import accounts, key, zero_nan  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "mrio")
warnings.simplefilter("ignore")


def concordance(path, order):
    df = pd.read_csv(path)
    m = dict(zip(df.iloc[:, 0], df.iloc[:, 1]))
    return [m[o] for o in order]


def main():
    d = os.path.join(ROOT, "aggregate")
    io_sys = pymrio.load_all(os.path.join(ROOT, "pymrio", "folder"))
    zero_nan(io_sys)
    io_sys.calc_all()
    # pymrio's aggregate multiplies Y and F_Y by the concordance by position, assuming their columns
    # follow get_regions() x categories; the fixture's Y lists its regions in another order (reg3,
    # reg1, reg2), so it is put in the order of Z's regions first (Yuheng aligns by label).
    order = [(r, c) for r in io_sys.get_regions() for c in io_sys.get_Y_categories()]
    io_sys.Y = io_sys.Y.reindex(columns=pd.MultiIndex.from_tuples(order, names=io_sys.Y.columns.names))
    for ext in io_sys.get_extensions(data=True):
        if getattr(ext, "F_Y", None) is not None:
            ext.F_Y = ext.F_Y.reindex(columns=io_sys.Y.columns)
    reg = concordance(os.path.join(d, "regions.csv"), io_sys.get_regions())
    sec = concordance(os.path.join(d, "sectors.csv"), io_sys.get_sectors())
    io_sys.aggregate(region_agg=reg, sector_agg=sec)
    # aggregate() also sums the accounts computed before it (D_cba_reg of reg1 + reg3, imports between
    # them included); the accounts of the aggregated table are computed afresh from its flows.
    io_sys.reset_all_full()
    io_sys.calc_all()
    lab = lambda idx: ":".join(str(p) for p in idx)
    ref = {
        "generator": f"pymrio {version('pymrio')}, pandas {pd.__version__}, Python {sys.version.split()[0]}",
        "procedure": "io = pymrio.load_all(folder); NaN -> 0; io.calc_all(); Y and F_Y columns put in the order of Z's regions (pymrio aggregates them by position); io.aggregate(region_agg, sector_agg); io.reset_all_full(); io.calc_all()",
        "regions": [str(r) for r in io_sys.get_regions()],
        "sectors": [str(s) for s in io_sys.get_sectors()],
        "Z": {lab(i): {lab(j): float(io_sys.Z.loc[i, j]) for j in io_sys.Z.columns} for i in io_sys.Z.index},
        "Y": {lab(i): {lab(j): float(io_sys.Y.loc[i, j]) for j in io_sys.Y.columns} for i in io_sys.Y.index},
        "x": {lab(i): float(io_sys.x.loc[i].iloc[0]) for i in io_sys.x.index},
        "F": {e: {key(i): {lab(j): float(ext.F.loc[i, j]) for j in ext.F.columns} for i in ext.F.index}
              for e, ext in zip(io_sys.get_extensions(), io_sys.get_extensions(data=True))},
        "extensions": accounts(io_sys),
    }
    with open(os.path.join(d, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.join(d, "reference.json"))


if __name__ == "__main__":
    main()
