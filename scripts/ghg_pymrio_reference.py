#!/usr/bin/env python3
"""pymrio reference accounts of a bundled GHG table, per gas and GWP set (issue 17, item 2).

Loads Sources/Data/Bundled/mrio/wiodYYYY-ghg (default 2005) with scripts/read_bundle.py (numpy, its own .ymz
decoder), builds a pymrio IOSystem with the stored Z, Y and x and these extensions, runs `calc_all()` and
writes every regional account of every stressor (D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg; kt or kt CO2e):

  co2   CO2                         kt CO2          (the bundled extension as it is)
  ch4   CH4_fossil, CH4_nonfossil   kt CH4          (as it is)
  n2o   N2O                         kt N2O          (as it is)
  ghg_AR5, ghg_AR6                  kt CO2e         characterised: CO2 = co2, CH4 = gwp_f CH4_fossil +
        rows CO2, CH4, N2O, GHG                     gwp_nf CH4_nonfossil, N2O = gwp N2O, GHG = their sum

GWP100 values are read from the bundled GWP dataset (Sources/Data/Bundled/gwp.csv): AR5 CH4 28 (one value
for both origins), N2O 265; AR6 CH4_fossil 29.8, CH4_nonfossil 27.0, N2O 273; the script stops unless
they equal the table's own `ghg.gwp100` in system.json.

Output: Tests/Fixtures/ghg/wiodYYYY_pymrio_accounts.json (with the pymrio, numpy and pandas versions).
The Swift test (MRIOTests/GHGAccountsTests) compares Yuheng's accounts of the same table at 1e-9 relative.

Usage:  python3 scripts/ghg_pymrio_reference.py [--year 2005] [--write]     (needs pymrio 0.7.0, numpy, pandas)
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pymrio

import read_bundle as rb  # scripts/ is on sys.path when a script in it runs

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "Sources" / "Data" / "Bundled" / "mrio"
GWP_CSV = REPO / "Sources" / "Data" / "Bundled" / "gwp.csv"
OUT = REPO / "Tests" / "Fixtures" / "ghg"
ACCOUNTS = ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"]


def gwp100() -> dict[str, dict[str, float]]:
    """{set: {CO2, CH4_fossil, CH4_nonfossil, N2O}} from the bundled GWP dataset (AR5 has no CH4 split)."""
    rows = {}
    with open(GWP_CSV, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["metric"] == "GWP100" and r["set"] in ("AR5", "AR6"):
                rows[(r["set"], r["species"])] = float(r["value"])
    out = {}
    for s in ("AR5", "AR6"):
        ch4 = rows[(s, "CH4")]
        out[s] = {"CO2": 1.0, "CH4_fossil": rows.get((s, "CH4_fossil"), ch4),
                  "CH4_nonfossil": rows.get((s, "CH4_nonfossil"), ch4), "N2O": rows[(s, "N2O")]}
    return out


def characterised(st: dict, g: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """F and F_Y of the rows CO2, CH4, N2O, GHG in kt CO2e."""
    def rows(part: str) -> np.ndarray:
        co2 = st[f"co2.{part}"][0]
        ch4 = g["CH4_fossil"] * st[f"ch4.{part}"][0] + g["CH4_nonfossil"] * st[f"ch4.{part}"][1]
        n2o = g["N2O"] * st[f"n2o.{part}"][0]
        return np.vstack([co2, ch4, n2o, co2 + ch4 + n2o])
    return rows("F"), rows("F_Y")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--year", type=int, default=2005)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    table = f"wiod{args.year}-ghg"
    st = rb.load_store(BUNDLE / table)
    m = st["manifest"]
    gwp = gwp100()
    for s, v in gwp.items():
        if v != m["ghg"]["gwp100"][s]:
            raise SystemExit(f"gwp.csv {s} {v} differs from {table}/system.json ghg.gwp100 {m['ghg']['gwp100'][s]}")
    regions, sectors, cats = m["regions"], m["sectors"], m["final_demand_categories"]
    idx = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
    ycols = pd.MultiIndex.from_product([regions, cats], names=["region", "category"])
    io = pymrio.IOSystem(Z=pd.DataFrame(st["Z"], index=idx, columns=idx), Y=pd.DataFrame(st["Y"], index=idx, columns=ycols),
                         x=pd.DataFrame(st["x"], index=idx, columns=["indout"]), name=table)
    exts = {e["name"]: (e["stressors"], st[f"{e['name']}.F"], st[f"{e['name']}.F_Y"]) for e in m["extensions"]}
    for s in ("AR5", "AR6"):
        F, FY = characterised(st, gwp[s])
        exts[f"ghg_{s}"] = (["CO2", "CH4", "N2O", "GHG"], F, FY)
    for name, (stressors, F, FY) in exts.items():
        ext = pymrio.Extension(name=name, F=pd.DataFrame(F, index=stressors, columns=idx),
                               F_Y=pd.DataFrame(FY, index=stressors, columns=ycols))
        setattr(io, name, ext)
    io.calc_all()
    out = {"generator": {"pymrio": pymrio.__version__, "numpy": np.__version__, "pandas": pd.__version__,
                         "python": platform.python_version(), "script": "scripts/ghg_pymrio_reference.py"},
           "table": table, "year": args.year, "regions": regions,
           "procedure": "pymrio.IOSystem(Z, Y, x as stored); one Extension per entry of 'extensions' with F and F_Y; calc_all()",
           "gwp100": gwp, "gwp100_source": "Sources/Data/Bundled/gwp.csv (dataset gwp), GWP100; AR5 has one CH4 value for both origins",
           "units": {"co2": "kt CO2", "ch4": "kt CH4", "n2o": "kt N2O", "ghg_AR5": "kt CO2e (AR5)", "ghg_AR6": "kt CO2e (AR6)"},
           "extensions": {}}
    for name, (stressors, _, _) in exts.items():
        ext = getattr(io, name)
        out["extensions"][name] = {"stressors": stressors,
                                   "accounts": {a: {s: [float(v) for v in getattr(ext, a).loc[s, regions]] for s in stressors} for a in ACCOUNTS}}
    cba = out["extensions"]["ghg_AR5"]["accounts"]["D_cba_reg"]["GHG"]
    print(f"{table}: pymrio {pymrio.__version__}; world GHG (AR5) cba {sum(cba) / 1000:,.1f} Mt CO2e; "
          f"CHN {cba[regions.index('CHN')] / 1000:,.1f}, USA {cba[regions.index('USA')] / 1000:,.1f}")
    if args.write:
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"wiod{args.year}_pymrio_accounts.json"
        path.write_text(json.dumps(out, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
