#!/usr/bin/env python3
"""Writes small MRIO fixtures in each provider's published layout under Tests/Fixtures/mrio/<provider>/.

Every table is synthetic (a few regions x sectors, deterministic values from numpy's seeded
generator), so the fixtures can be shipped in the repository; the layouts follow the published
files (file names, header rows, index columns, label conventions, totals rows and columns) as
described in docs/formats-mrio.md. Run from the repository root:

    python3 scripts/mrio_fixtures.py            # rewrites the fixtures (byte-identical on a rerun)
    python3 scripts/mrio_fixture_reference.py   # runs pymrio on them and writes reference.json files

Only numpy is needed here (pandas/pymrio for the reference script).
"""
import io
import json
import os
import zipfile

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "mrio")


def num(v):
    """Shortest repr that reads back exactly (as pandas writes floats)."""
    v = float(v)
    if v == 0:
        return "0.0"
    return repr(v)


def productive_system(rng, regions, sectors, cats, scale=100.0):
    n = len(regions) * len(sectors)
    Z = rng.uniform(0, scale, (n, n)) * (rng.uniform(0, 1, (n, n)) > 0.25)
    Y = rng.uniform(0, 4 * scale, (n, len(regions) * len(cats))) * (rng.uniform(0, 1, (n, len(regions) * len(cats))) > 0.2)
    Y[1, 0] = -0.75 * scale / 10  # an inventory change
    return Z, Y


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        f.write(text)


def tsv_matrix(M, row_labels, index_names, col_levels, level_names):
    """pandas' to_csv(sep='\\t') of a frame with MultiIndex rows and columns."""
    k = len(index_names)
    lines = []
    for lv, labels in enumerate(col_levels):
        lines.append("\t".join([level_names[lv]] + [""] * (k - 1) + list(labels)))
    lines.append("\t".join(index_names + [""] * M.shape[1]))
    for i, lab in enumerate(row_labels):
        lines.append("\t".join(list(lab) + [num(v) if not np.isnan(v) else "" for v in M[i]]))
    return "\n".join(lines) + "\n"


def file_params(files, systemtype, name=None):
    d = {"files": {k: {"name": v[0], "nr_index_col": str(v[1]), "nr_header": str(v[2])} for k, v in files.items()}, "systemtype": systemtype}
    if name:
        d["name"] = name
    return json.dumps(d, indent=4)


# --------------------------------------------------------------------------------------------
# pymrio save_all folder: NaN (empty) cells, Y columns in another region order, a coefficient-only
# extension (S, no F, as pymrio saves EXIOBASE 1/2) and a metadata.json.

def pymrio_folder():
    rng = np.random.default_rng(18)
    regions, sectors, cats = ["reg1", "reg2", "reg3"], ["food", "mining", "manufacturing"], ["hh", "gov", "inv"]
    Z, Y = productive_system(rng, regions, sectors, cats)
    n = Z.shape[0]
    rows = [(r, s) for r in regions for s in sectors]
    zcols = [[r for r in regions for _ in sectors], [s for _ in regions for s in sectors]]
    # Y columns: regions in the order reg3, reg1, reg2 (Z's order is reg1, reg2, reg3).
    yorder = ["reg3", "reg1", "reg2"]
    ycols = [(r, c) for r in yorder for c in cats]
    idx = [regions.index(r) * len(cats) + cats.index(c) for r, c in ycols]
    Yp = Y[:, idx].copy()
    Yp[4, 2] = np.nan                      # an empty cell in Y
    Zn = Z.copy()
    Zn[2, 7] = np.nan                      # and in Z
    d = os.path.join(ROOT, "pymrio", "folder")
    write(os.path.join(d, "Z.txt"), tsv_matrix(Zn, rows, ["region", "sector"], zcols, ["region", "sector"]))
    write(os.path.join(d, "Y.txt"), tsv_matrix(Yp, rows, ["region", "sector"], [[r for r, _ in ycols], [c for _, c in ycols]], ["region", "category"]))
    write(os.path.join(d, "unit.txt"), "region\tsector\tunit\n" + "".join(f"{r}\t{s}\tM.EUR\n" for r, s in rows))
    write(os.path.join(d, "file_parameters.json"), file_params({"Z": ("Z.txt", 2, 2), "Y": ("Y.txt", 2, 2), "unit": ("unit.txt", 2, 1)}, "IOSystem"))
    write(os.path.join(d, "metadata.json"), json.dumps({"description": "Yuheng fixture: pymrio save_all layout", "name": "fixture-pymrio",
                                                         "system": "ixi", "version": "1", "history": []}, indent=4))
    # emissions: F with an empty cell and F_Y; stressors with a compartment.
    stress = [("CO2", "air"), ("CH4", "air"), ("N", "water")]
    F = rng.uniform(0, 50, (3, n))
    F[1, 5] = np.nan
    FY = np.zeros((3, len(ycols)))
    FY[0, [j for j, (_, c) in enumerate(ycols) if c == "hh"]] = rng.uniform(1, 20, len(regions))
    ed = os.path.join(d, "emissions")
    write(os.path.join(ed, "F.txt"), tsv_matrix(F, stress, ["stressor", "compartment"], zcols, ["region", "sector"]))
    write(os.path.join(ed, "F_Y.txt"), tsv_matrix(FY, stress, ["stressor", "compartment"], [[r for r, _ in ycols], [c for _, c in ycols]], ["region", "category"]))
    write(os.path.join(ed, "unit.txt"), "stressor\tcompartment\tunit\n" + "".join(f"{s}\t{c}\tkg\n" for s, c in stress))
    write(os.path.join(ed, "file_parameters.json"), file_params({"F": ("F.txt", 2, 2), "F_Y": ("F_Y.txt", 2, 2), "unit": ("unit.txt", 2, 1)}, "Extension", "Emissions"))
    # land: coefficients only (S), as pymrio saves the EXIOBASE 1/2 extensions.
    S = rng.uniform(0, 0.5, (2, n))
    ld = os.path.join(d, "land")
    write(os.path.join(ld, "S.txt"), tsv_matrix(S, [("Cropland",), ("Forest",)], ["stressor"], zcols, ["region", "sector"]))
    write(os.path.join(ld, "unit.txt"), "stressor\tunit\nCropland\tkm2/M.EUR\nForest\tkm2/M.EUR\n")
    write(os.path.join(ld, "file_parameters.json"), file_params({"S": ("S.txt", 1, 2), "unit": ("unit.txt", 1, 1)}, "Extension", "Land"))


# --------------------------------------------------------------------------------------------
# EXIOBASE 3 IOT archive (IOT_2011_ixi.zip with a top folder), whose satellite/file_parameters.json
# declares two index columns for a unit.txt that has one, and whose impacts/ F_Y is missing.

def exiobase3():
    rng = np.random.default_rng(3)
    regions, sectors = ["AT", "BE", "WA"], ["Cultivation of paddy rice", "Mining of coal and lignite", "Manufacture of cement, lime and plaster"]
    cats = ["Final consumption expenditure by households", "Gross fixed capital formation", "Changes in inventories"]
    Z, Y = productive_system(rng, regions, sectors, cats)
    x = Z.sum(1) + Y.sum(1)
    A = Z / x[np.newaxis, :]
    rows = [(r, s) for r in regions for s in sectors]
    zcols = [[r for r in regions for _ in sectors], [s for _ in regions for s in sectors]]
    ycols = [[r for r in regions for _ in cats], [c for _ in regions for c in cats]]
    files = {}
    top = "IOT_2011_ixi/"
    files[top + "A.txt"] = tsv_matrix(A, rows, ["region", "sector"], zcols, ["region", "sector"])
    files[top + "Y.txt"] = tsv_matrix(Y, rows, ["region", "sector"], ycols, ["region", "category"])
    files[top + "x.txt"] = "region\tsector\tindout\n" + "".join(f"{r}\t{s}\t{num(v)}\n" for (r, s), v in zip(rows, x))
    files[top + "unit.txt"] = "region\tsector\tunit\n" + "".join(f"{r}\t{s}\tM.EUR\n" for r, s in rows)
    files[top + "file_parameters.json"] = file_params({"A": ("A.txt", 2, 2), "Y": ("Y.txt", 2, 2), "x": ("x.txt", 2, 1), "unit": ("unit.txt", 2, 1)}, "IOSystem")
    files[top + "metadata.json"] = json.dumps({"description": "Yuheng fixture in the EXIOBASE 3 IOT layout", "name": "EXIOBASE",
                                                "system": "ixi", "version": "3.8.2", "history": []}, indent=4)
    stress = ["Taxes less subsidies on products purchased: Total", "CO2 - combustion - air", "CH4 - agriculture - air"]
    n = len(rows)
    F = rng.uniform(0, 1e6, (3, n))
    FY = np.zeros((3, Y.shape[1]))
    FY[1:, ::3] = rng.uniform(0, 1e5, (2, len(regions)))
    files[top + "satellite/F.txt"] = tsv_matrix(F, [(s,) for s in stress], ["stressor"], zcols, ["region", "sector"])
    files[top + "satellite/F_Y.txt"] = tsv_matrix(FY, [(s,) for s in stress], ["stressor"], ycols, ["region", "category"])
    files[top + "satellite/unit.txt"] = "stressor\tunit\n" + "".join(f"{s}\t{u}\n" for s, u in zip(stress, ["M.EUR", "kg", "kg"]))
    # The inconsistency: unit.txt has one index column, the parameters say two.
    files[top + "satellite/file_parameters.json"] = file_params({"F": ("F.txt", 1, 2), "F_Y": ("F_Y.txt", 1, 2), "unit": ("unit.txt", 2, 1)}, "Extension", "satellite")
    imp = ["GHG emissions (GWP100) | Problem oriented approach: baseline (CML, 2001) | GWP100 (IPCC, 2007)"]
    I = F[1:2] + 28 * F[2:3]
    files[top + "impacts/F.txt"] = tsv_matrix(I, [(s,) for s in imp], ["impact"], zcols, ["region", "sector"])
    files[top + "impacts/unit.txt"] = "impact\tunit\n" + f"{imp[0]}\tkg CO2 eq.\n"
    files[top + "impacts/file_parameters.json"] = file_params({"F": ("F.txt", 1, 2), "unit": ("unit.txt", 1, 1)}, "Extension", "impacts")
    d = os.path.join(ROOT, "exiobase3")
    os.makedirs(d, exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[name])
    with open(os.path.join(d, "IOT_2011_ixi.zip"), "wb") as f:
        f.write(buf.getvalue())


FIXTURES = [pymrio_folder, exiobase3]

if __name__ == "__main__":
    for f in FIXTURES:
        f()
        print("wrote", f.__name__)
