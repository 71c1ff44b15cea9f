#!/usr/bin/env python3
"""Reference structural decomposition (SDA) of the change in consumption-based emissions (numpy).

For a region r and a year (table or nowcast) let
    f    = sum_k gwp_k F_k diag(x)^-1          (1 x n) emission intensity of every industry (0 where x = 0);
                                                for one gas: its stressor rows (CH4: fossil + non-fossil)
    L    = (I - A)^-1,  A = Z diag(x)^-1        (n x n) production structure
    y_r  = sum over r's final-demand categories of Y[:, (r, c)]          (n x 1)
    l_r  = 1' y_r                               (scalar) final-demand level (million USD, current prices)
    u_r  = y_r / l_r                            (n x 1) final-demand composition: products and their origin
    h_r  = sum_k gwp_k F_Y,k[r's columns] 1     households' direct emissions
Consumption-based emissions: D_r = f L u_r l_r + h_r  (= pymrio's D_cba_reg plus F_Y of r).

Between year 0 and year 1 the change is split into five parts that add up exactly:
    D_r(1) - D_r(0) = E_f + E_L + E_u + E_l + (h_r(1) - h_r(0))
where the last part, the change of households' direct emissions, is not decomposed, and E_f, E_L, E_u,
E_l are the average effects over all 4! = 24 orderings of the factors (Dietzenbacher & Los 1998):
    E_k = 1/24 sum over permutations p of (f, L, u, l) of
          [ D(factors before k in p and k itself at year 1, the rest at year 0)
          - D(factors before k in p at year 1, k and the rest at year 0) ]
with D(a, b, c, d) = f_a L_b u_c l_d (a, b, c, d in {0, 1}). Each permutation telescopes to
D(1,1,1,1) - D(0,0,0,0), so the average does too (exactly, up to floating-point rounding: the script
checks |sum - total| <= 1e-12 of the larger level). Grouped by subsets, the same average is the Shapley
value E_k = sum over S subset of the other three factors of |S|! (3 - |S|)! / 4! [D(S + k at 1) - D(S at 1)],
i.e. weights 1/4 (|S| = 0), 1/12 (|S| = 1), 1/12 (|S| = 2), 1/4 (|S| = 3).

Caveat: the WIOD tables are in current US dollars; the level effect (l) and the intensity effect (f, per
million current USD) both mix volume, price and exchange-rate changes.

Outputs (with --write): Tests/Fixtures/sda/sda_reference.json (a few KB):
  * "synthetic": a 3-region x 2-sector two-year system (Z, Y, x, F, F_Y of both years; 5 final-demand
    categories as in WIOD) with, per region, D0, D1, the five components, the 16 values D(a,b,c,d) and the
    24 per-permutation effects of the first region;
  * "wiod": the decomposition of CO2 (kt) and GHG (kt CO2e, AR5) 2005 -> 2008 from the bundled tables
    wiod2005-ghg and wiod2008-ghg for CHN, USA and DEU.
Compare at 1e-9 relative to max(|D0|, |D1|) of the region.
Independent check (printed): D_r(2011) of every region equals pymrio's calc_all D_cba_reg in
../shared/reference/wiod2011_co2_reference.json (max relative difference ~1e-16).

Usage: python3 scripts/sda_reference.py [--write]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from pathlib import Path

import numpy as np

import read_bundle as rb  # scripts/ is on sys.path when a script in it runs

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "Sources" / "Data" / "Bundled" / "mrio"
OUT = REPO / "Tests" / "Fixtures" / "sda" / "sda_reference.json"
FACTORS = ["intensity", "leontief", "composition", "level"]
NF = 5
GWP_AR5 = {"CO2": 1.0, "CH4_fossil": 28.0, "CH4_nonfossil": 28.0, "N2O": 265.0}


def year_parts(Z, Y, x, F, FY, R, nf=NF):
    """(f, L, Yr, h): intensity row, Leontief inverse, final demand by region (n x R), direct emissions (R)."""
    n = len(x)
    inv = np.where(x > 0, 1.0 / np.where(x > 0, x, 1.0), 0.0)
    f = F * inv  # F is one row (already GWP-weighted)
    L = np.linalg.inv(np.eye(n) - Z * inv[None, :])
    Yr = Y.reshape(n, R, nf).sum(axis=2)
    h = FY.reshape(R, nf).sum(axis=1)
    return f, L, Yr, h


def decompose(p0, p1, r):
    """Dietzenbacher-Los average over the 24 orderings for region r; returns a dict."""
    f = (p0[0], p1[0])
    L = (p0[1], p1[1])
    y = (p0[2][:, r], p1[2][:, r])
    lev = (y[0].sum(), y[1].sum())
    u = (y[0] / lev[0], y[1] / lev[1])
    fL = {(a, b): f[a] @ L[b] for a in (0, 1) for b in (0, 1)}
    D = {(a, b, c, d): float((fL[(a, b)] @ u[c]) * lev[d]) for a in (0, 1) for b in (0, 1) for c in (0, 1) for d in (0, 1)}
    effects = {k: 0.0 for k in FACTORS}
    per_perm = []
    for perm in itertools.permutations(range(4)):
        state = [0, 0, 0, 0]
        contrib = [0.0] * 4
        for k in perm:
            before = D[tuple(state)]
            state[k] = 1
            contrib[k] = D[tuple(state)] - before
        per_perm.append({"order": [FACTORS[k] for k in perm], "effects": dict(zip(FACTORS, contrib))})
        for k in range(4):
            effects[FACTORS[k]] += contrib[k] / 24.0
    # the Shapley form gives the same numbers (check)
    for k in range(4):
        others = [j for j in range(4) if j != k]
        s = 0.0
        for m in range(4):
            for S in itertools.combinations(others, m):
                w = {0: 1 / 4, 1: 1 / 12, 2: 1 / 12, 3: 1 / 4}[m]
                hi = [1 if (j in S or j == k) else 0 for j in range(4)]
                lo = [1 if j in S else 0 for j in range(4)]
                s += w * (D[tuple(hi)] - D[tuple(lo)])
        assert abs(s - effects[FACTORS[k]]) <= 1e-9 * max(abs(D[(0, 0, 0, 0)]), abs(D[(1, 1, 1, 1)]), 1.0)
    h0, h1 = float(p0[3][r]), float(p1[3][r])
    d0, d1 = D[(0, 0, 0, 0)] + h0, D[(1, 1, 1, 1)] + h1
    res = {"D0": d0, "D1": d1, "total_change": d1 - d0, "level0_musd": float(lev[0]), "level1_musd": float(lev[1]),
           "components": dict(effects, direct_households=h1 - h0)}
    err = sum(res["components"].values()) - res["total_change"]
    assert abs(err) <= 1e-12 * max(abs(d0), abs(d1), 1.0), f"components do not add up: {err}"
    res["sum_of_components_minus_total"] = err
    res["_D"] = D
    res["_per_permutation"] = per_perm
    return res


def synthetic():
    R, ns = 3, 2
    n = R * ns
    rng = np.random.default_rng(1998)
    years = []
    for t in range(2):
        Z = np.round(rng.uniform(1, 30, (n, n)), 0)
        Y = np.round(rng.uniform(2, 40, (n, R * NF)), 0)
        Y[:, [r * NF + 4 for r in range(R)]] = np.round(rng.uniform(-2, 2, (n, R)), 0)
        x = Z.sum(axis=1) + Y.sum(axis=1)
        F = np.round(rng.uniform(5, 400, (1, n)), 3)
        FY = np.zeros((1, R * NF))
        FY[0, [r * NF for r in range(R)]] = np.round(rng.uniform(1, 60, R), 3)
        years.append({"Z": Z, "Y": Y, "x": x, "F": F, "FY": FY})
    parts = [year_parts(y["Z"], y["Y"], y["x"], y["F"][0], y["FY"][0], R) for y in years]
    out = {"regions": ["R1", "R2", "R3"], "sectors": ["s1", "s2"],
           "final_demand_categories": ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"],
           "stressor": "CO2", "unit": "kt",
           "year0": {k: v.tolist() for k, v in years[0].items()}, "year1": {k: v.tolist() for k, v in years[1].items()},
           "results": {}}
    for r, name in enumerate(out["regions"]):
        res = decompose(parts[0], parts[1], r)
        D = res.pop("_D")
        perms = res.pop("_per_permutation")
        res["D_states"] = {f"f{a}L{b}u{c}l{d}": v for (a, b, c, d), v in D.items()}
        if r == 0:
            res["per_permutation"] = perms
        out["results"][name] = res
    return out


def wiod(y0=2005, y1=2008, regions=("CHN", "USA", "DEU")):
    out = {"tables": [f"wiod{y0}-ghg", f"wiod{y1}-ghg"], "years": [y0, y1], "results": {}}
    stores = [rb.load_store(BUNDLE / f"wiod{y}-ghg", verify_sha=False) for y in (y0, y1)]
    labels = stores[0]["manifest"]["regions"]
    R = len(labels)
    for gas, unit in (("co2", "kt CO2"), ("ghg", "kt CO2e (AR5: CH4 28, N2O 265)")):
        parts = []
        for st in stores:
            if gas == "co2":
                F, FY = st["co2.F"][0], st["co2.F_Y"][0]
            else:
                F = st["co2.F"][0] + GWP_AR5["CH4_fossil"] * st["ch4.F"][0] + GWP_AR5["CH4_nonfossil"] * st["ch4.F"][1] \
                    + GWP_AR5["N2O"] * st["n2o.F"][0]
                FY = st["co2.F_Y"][0] + GWP_AR5["CH4_fossil"] * st["ch4.F_Y"][0] + GWP_AR5["CH4_nonfossil"] * st["ch4.F_Y"][1] \
                    + GWP_AR5["N2O"] * st["n2o.F_Y"][0]
            parts.append(year_parts(st["Z"], st["Y"], st["x"][:, 0], F, FY, R))
        out["results"][gas] = {"unit": unit, "regions": {}}
        for r in regions:
            res = decompose(parts[0], parts[1], labels.index(r))
            res.pop("_D")
            res.pop("_per_permutation")
            out["results"][gas]["regions"][r] = res
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(REPO)}")
    args = ap.parse_args()
    syn = synthetic()
    w = wiod()
    print("synthetic 3x2 system: region, D0, D1, change = intensity + leontief + composition + level + direct")
    for r, res in syn["results"].items():
        c = res["components"]
        print(f"  {r}: {res['D0']:.3f} -> {res['D1']:.3f}: {res['total_change']:+.3f} = "
              + " ".join(f"{v:+.3f}" for v in c.values()) + f"  (sum - total {res['sum_of_components_minus_total']:.1e})")
    for gas, block in w["results"].items():
        print(f"WIOD 2005 -> 2008, {block['unit']} (Mt):")
        for r, res in block["regions"].items():
            c = res["components"]
            print(f"  {r}: {res['D0'] / 1000:,.1f} -> {res['D1'] / 1000:,.1f}: {res['total_change'] / 1000:+,.1f} = "
                  + ", ".join(f"{k} {v / 1000:+,.1f}" for k, v in c.items())
                  + f"  (sum - total {res['sum_of_components_minus_total']:.1e} kt)")
    # independent check: the levels D_r of 2011 equal pymrio's D_cba_reg of the shared reference (calc_all)
    ref_path = Path(os.environ.get("YUHENG_SHARED") or (REPO.parent / "shared")) / "reference" / "wiod2011_co2_reference.json"
    if ref_path.is_file():
        ref = json.loads(ref_path.read_text(encoding="utf-8"))
        chk = wiod(2008, 2011, tuple(ref["regions"]))["results"]["co2"]["regions"]
        worst = max(abs(chk[r]["D1"] - ref["co2"]["D_cba_reg"][r]) / abs(ref["co2"]["D_cba_reg"][r])
                    for r in ref["regions"])
        print(f"check: D_r(2011) of all 41 regions vs pymrio calc_all D_cba_reg ({ref_path.name}): "
              f"max relative difference {worst:.1e}")
        if worst > 1e-9:
            print("CHECK FAILED")
            return 1
    if args.write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        doc = {"description": "Structural decomposition reference (scripts/sda_reference.py): Dietzenbacher & Los (1998) "
                              "average over the 24 orderings of intensity, Leontief inverse, final-demand composition "
                              "(products and origin), final-demand level; households' direct emissions apart",
               "formulas": __doc__.split("Outputs (with --write)")[0].strip(),
               "tolerance": "1e-9 relative to max(|D0|, |D1|) of the region",
               "synthetic": syn, "wiod": w}
        OUT.write_text(json.dumps(doc, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(REPO)} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
