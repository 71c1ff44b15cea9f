#!/usr/bin/env python3
"""Writes tiny MRIO fixtures in the published layouts of OECD ICIO, Eora26, EXIOBASE 1 and 2,
WIOD (2013 and 2016 releases), FIGARO and GLORIA under
Tests/Fixtures/mrio/<provider>/ (synthetic, deterministic values from numpy's seeded generator).

    python3 scripts/mrio_provider_fixtures.py      # rewrites the fixtures (byte-identical on a rerun)
    python3 scripts/mrio_fixture_reference.py oecd2023 oecd2018 eora26 exiobase2 exiobase1 wiod2013 figaro gloria   # pymrio's accounts

Layouts (as the providers publish them and as pymrio's parse_oecd / parse_eora26 read them):

- OECD ICIO 2021/2023 (`ICIO2023_2019.csv`): one comma-separated matrix, first column and first
  row the labels `REG_SECTOR`; final-demand columns `REG_HFCE`, `REG_NPISH`, `REG_GGFC`, `REG_GFCF`,
  `REG_INVNT`, `REG_DPABR`; rows `TLS` and `VA` (factor inputs); a totals row `OUT` and a totals
  column `OUT`; China and Mexico split into `CN1`, `CN2` and `MX1`, `MX2` beside `CHN` and `MEX`
  (intermediate rows and columns only; final demand is by CHN and MEX). Zipped as the OECD ships it.
- OECD ICIO 2016 (`ICIO2016_2011.csv`): final demand labelled CATEGORY_REGION (`HFCE_AUS`, `NPS`, `INV`, `DIRP`), a
  `DISC` (statistical discrepancy) column without a region, one factor-input row `VA+TAXSUB`, totals `OUT`.
- OECD ICIO 2016/2018 (`ICIO2018_2011.csv`): the same with `TAXSUB` and `VALU` rows, an `OUTPUT`
  totals row and a `TOTAL` totals column, final demand `HFCE`, `NPISH`, `GGFC`, `GFCF`, `INVNT`, `P33`.
- Eora26 (`Eora26_2015_bp.zip`): headerless tab-separated `Eora26_2015_bp_T.txt` (Z), `_FD.txt` (Y),
  `_Q.txt` / `_QY.txt` (satellite), `_VA.txt` (value added) and the label files `labels_T.txt`,
  `labels_FD.txt`, `labels_Q.txt`, `labels_VA.txt`; a rest of the world `ROW` with a single
  sector `TOTAL` (dropped by the parser); stressor labels carry their unit in parentheses.
- EXIOBASE 1 and 2: see exiobase12(); WIOD 2013 (an .xlsx written by xlsx_write): see wiod2013();
  FIGARO: see figaro(); GLORIA (059): see gloria(); WIOD 2016 (an .xlsb written by xlsb_write): see wiod2016().
"""
import io
import os
import zipfile

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "mrio")
FIXED_DATE = (2020, 1, 1, 0, 0, 0)


def num(v):
    v = float(v)
    return "0.0" if v == 0 else repr(v)


def zip_write(path, files):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files:
            info = zipfile.ZipInfo(name, FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def oecd(rng, folder, fname, fd_cats, factor_rows, total_row, total_col, blank_cells, zipped, release2016=False):
    """release2016: the 2016 release's final-demand labels CATEGORY_REGION (HFCE_AUS) and its statistical-discrepancy
    column DISC without a region (pymrio: final demand of a pseudo-region 'ALL')."""
    regions = ["AUS", "CHN", "MEX", "ROW", "CN1", "CN2", "MX1", "MX2"]
    sectors = ["A01", "B05", "C10T12", "D"]
    fd_regions = ["AUS", "CHN", "MEX", "ROW"]
    rows = [f"{r}_{s}" for r in regions for s in sectors]
    cols_fd = [f"{c}_{r}" if release2016 else f"{r}_{c}" for r in fd_regions for c in fd_cats]
    n, m = len(rows), len(cols_fd)
    Z = rng.uniform(0, 40, (n, n)) * (rng.uniform(0, 1, (n, n)) > 0.3)
    Y = rng.uniform(0, 300, (n, m)) * (rng.uniform(0, 1, (n, m)) > 0.2)
    Y[2, 4] = -3.5  # an inventory change
    F = rng.uniform(10, 200, (len(factor_rows), n))
    FY = np.zeros((len(factor_rows), m))
    FY[0, :] = rng.uniform(0, 5, m)  # taxes on final demand
    disc = rng.uniform(-2, 6, n) if release2016 else None
    if release2016:
        Y = np.hstack([Y, disc[:, None]])
        FY = np.hstack([FY, np.zeros((len(factor_rows), 1))])
        cols_fd = cols_fd + ["DISC"]
        m += 1
    x = Z.sum(axis=1) + Y.sum(axis=1)
    header = ['""'] + [f'"{c}"' for c in rows + cols_fd + [total_col]]
    lines = [",".join(header)]
    for i, lab in enumerate(rows):
        cells = [num(v) for v in list(Z[i]) + list(Y[i]) + [x[i]]]
        if (i, 3) in blank_cells:
            cells[3] = ""  # an empty cell (pandas reads NaN; pymrio fills 0)
        lines.append(",".join([f'"{lab}"'] + cells))
    for k, lab in enumerate(factor_rows):
        lines.append(",".join([f'"{lab}"'] + [num(v) for v in list(F[k]) + list(FY[k]) + [0.0]]))
    out = Z.sum(axis=0) + F.sum(axis=0)
    lines.append(",".join([f'"{total_row}"'] + [num(v) for v in list(out) + [0.0] * m + [0.0]]))
    text = "\n".join(lines) + "\n"
    if zipped:
        zip_write(os.path.join(ROOT, folder, fname.replace(".csv", ".zip")), [(fname, text)])
        return
    os.makedirs(os.path.join(ROOT, folder), exist_ok=True)
    with open(os.path.join(ROOT, folder, fname), "w", newline="\n") as f:
        f.write(text)


def eora26(rng):
    regions = [("Albania", "ALB"), ("Brazil", "BRA"), ("China", "CHN")]
    sectors = ["Agriculture", "Mining and Quarrying", "Electricity, Gas and Water"]
    cats = ["Household final consumption P.3h", "Government final consumption P.3g", "Changes in inventories P.52"]
    labels_T = [(full, code, "Industries", s) for full, code in regions for s in sectors] + [("Rest of the World", "ROW", "Industries", "TOTAL")]
    labels_FD = [(full, code, "Final Demand", c) for full, code in regions + [("Rest of the World", "ROW")] for c in cats]
    labels_Q = [("Energy Usage (TJ)", "Natural Gas"), ("Energy Usage (TJ)", "Coal"), ("CO2 emissions (Gg)", "Total")]
    labels_VA = [("Primary input", "Compensation of employees D.1"), ("Primary input", "Operating surplus B.2n")]
    n, m = len(labels_T), len(labels_FD)
    T = rng.uniform(0, 50, (n, n)) * (rng.uniform(0, 1, (n, n)) > 0.3)
    FD = rng.uniform(0, 400, (n, m)) * (rng.uniform(0, 1, (n, m)) > 0.2)
    FD[1, 2] = -4.25
    Q = rng.uniform(0, 30, (len(labels_Q), n))
    QY = np.zeros((len(labels_Q), m))
    QY[2, ::3] = rng.uniform(1, 9, m // 3)  # household emissions
    VA = rng.uniform(5, 90, (len(labels_VA), n))

    def mat(M):
        return "".join("\t".join(num(v) for v in row) + "\n" for row in M)

    def lab(rows):
        return "".join("\t".join(r) + "\t\n" for r in rows)  # Eora's label files end every line with a tab

    files = [
        ("Eora26_2015_bp_T.txt", mat(T)), ("Eora26_2015_bp_FD.txt", mat(FD)), ("Eora26_2015_bp_Q.txt", mat(Q)),
        ("Eora26_2015_bp_QY.txt", mat(QY)), ("Eora26_2015_bp_VA.txt", mat(VA)),
        ("labels_T.txt", lab(labels_T)), ("labels_FD.txt", lab(labels_FD)), ("labels_Q.txt", lab(labels_Q)), ("labels_VA.txt", lab(labels_VA)),
    ]
    zip_write(os.path.join(ROOT, "eora26", "Eora26_2015_bp.zip"), files)


def exio_tsv(col_levels, row_labels, M, index_cols):
    """EXIOBASE 1/2 text table: two header rows (the first `index_cols` cells empty), then rows
    of `index_cols` labels and the values, tab-separated."""
    lines = ["\t" * index_cols + "\t".join(level) for level in col_levels]
    for lab, row in zip(row_labels, M):
        lines.append("\t".join(list(lab) + [num(v) for v in row]))
    return "\n".join(lines) + "\n"


def exiobase12(rng, version, blank_cell, zipped):
    """EXIOBASE 1/2 coefficient release (mrIot = A, mrFinalDemand = Y, mrEmissions and
    mrFactorInputs = S, mrFDEmissions = F_Y), as pymrio's parse_exiobase1/2 read it."""
    regions = ["AT", "BE", "WF"]
    sectors = ["Cultivation of paddy rice", "Mining of coal and lignite", "Production of electricity by coal"]
    cats = ["Final consumption expenditure by households", "Gross fixed capital formation", "Changes in inventories"]
    rs = [(r, s) for r in regions for s in sectors]
    ry = [(r, c) for r in regions for c in cats]
    n, m = len(rs), len(ry)
    A = rng.uniform(0, 0.12, (n, n)) * (rng.uniform(0, 1, (n, n)) > 0.25)
    Y = rng.uniform(0, 500, (n, m)) * (rng.uniform(0, 1, (n, m)) > 0.2)
    Y[4, 2] = -2.75  # an inventory change
    emis = [("CO2 - combustion", "air"), ("CH4 - agriculture", "air"), ("N - agriculture", "water")]
    Se = rng.uniform(0, 900, (len(emis), n))
    FYe = np.zeros((len(emis), m))
    FYe[0, ::3] = rng.uniform(100, 400, m // 3)  # household combustion
    fi = ["Compensation of employees; wages, salaries, & employers' social contributions: Low-skilled", "Operating surplus: Consumption of fixed capital"]
    Sf = rng.uniform(0, 0.3, (len(fi), n))
    suffix = f"_version{version}" if version else ""
    cols_z = [[r for r, _ in rs], [s for _, s in rs]]
    cols_y = [[r for r, _ in ry], [c for _, c in ry]]
    A_text = exio_tsv(cols_z, [(r, s, "M.EUR/M.EUR") for r, s in rs], A, 3)
    if blank_cell:
        lines = A_text.split("\n")
        cells = lines[3].split("\t")
        cells[5] = ""  # an empty cell (pandas reads NaN; pymrio keeps it, the reference sets it to 0)
        lines[3] = "\t".join(cells)
        A_text = "\n".join(lines)
    files = [
        (f"mrIot{suffix}.txt", A_text),
        (f"mrFinalDemand{suffix}.txt", exio_tsv(cols_y, [(r, s, "M.EUR") for r, s in rs], Y, 3)),
        (f"mrEmissions{suffix}.txt", exio_tsv(cols_z, [(a, c, "kg/M.EUR") for a, c in emis], Se, 3)),
        (f"mrFDEmissions{suffix}.txt", exio_tsv(cols_y, [(a, c, "kg") for a, c in emis], FYe, 3)),
        (f"mrFactorInputs{suffix}.txt", exio_tsv(cols_z, [(f, "M.EUR/M.EUR") for f in fi], Sf, 2)),
    ]
    if zipped:
        name = f"mrIOT_IxI_fpa_coefficient{suffix}"
        zip_write(os.path.join(ROOT, "exiobase2", name + ".zip"), [(f"{name}/{f}", t) for f, t in files])
        return
    folder = os.path.join(ROOT, "exiobase1", "ixi_fpa_44_regions_coeff_txt")
    os.makedirs(folder, exist_ok=True)
    for f, t in files:
        with open(os.path.join(folder, f), "w", newline="\n") as fh:
            fh.write(t)


def xlsx_col(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx_write(path, sheet_name, grid):
    """A minimal Office Open XML workbook with one sheet: `grid` rows of None (no cell), str (a
    shared string) or float; deterministic (fixed zip dates, no document properties)."""
    xlsx_write_sheets(path, [(sheet_name, grid)], shared_strings=True)


def wiod2013(rng):
    """WIOD 2013 release (WIOT09_ROW_Apr12.xlsx) as pymrio's parse_wiod reads it: title in A1, the
    IO system and unit in A3/A4, four header rows (ISIC code, name, region, WIOD code) and four
    label columns, Z up to c35, final demand c37-c42, factor inputs r60-r69, a totals column."""
    regions = ["AUS", "ROM", "USA", "RoW"]
    sectors = [("AtB", "Agriculture, Hunting, Forestry and Fishing", "c1"), ("23", "Coke, Refined Petroleum and Nuclear Fuel", "c8"),
               ("E", "Electricity, Gas and Water Supply", "c17"), ("P", "Private Households with Employed Persons", "c35")]
    fd = [("CONS_h", "Final consumption expenditure by households", "c37"), ("CONS_np", "Final consumption expenditure by non-profit organisations serving households (NPISH)", "c38"),
          ("CONS_g", "Final consumption expenditure by government", "c39"), ("GFCF", "Gross fixed capital formation", "c41"),
          ("INVEN", "Changes in inventories and valuables", "c42")]
    fac = [("Total intermediate consumption", "r60"), ("taxes less subsidies on products", "r61"), ("Cif/ fob adjustments on exports", "r62"),
           ("Direct purchases abroad by residents", "r63"), ("Purchases on the domestic territory by non-residents", "r64"),
           ("Value added at basic prices", "r65"), ("International Transport Margins", "r66"), ("Output at basic prices", "r69")]
    rs = [(r, s) for r in regions for s in sectors]
    ry = [(r, f) for r in regions for f in fd]
    n, m = len(rs), len(ry)
    Z = rng.uniform(0, 60, (n, n)) * (rng.uniform(0, 1, (n, n)) > 0.3)
    Y = rng.uniform(0, 400, (n, m)) * (rng.uniform(0, 1, (n, m)) > 0.2)
    Y[3, 4] = -6.5  # an inventory change
    F = rng.uniform(1, 80, (len(fac), n))
    F[0] = Z.sum(axis=0)  # r60: total intermediate consumption
    FY = np.zeros((len(fac), m))
    FY[1, ::5] = rng.uniform(1, 20, m // 5)  # taxes on household consumption
    x = Z.sum(axis=1) + Y.sum(axis=1)
    F[-1] = x
    width = 4 + n + m + 1
    grid = [["World Input-Output Table 2009"] + [None] * (width - 1), [None] * width]
    grid.append(["(industry-by-industry)", None, None, None] + [s[0] for _, s in rs] + [f[0] for _, f in ry] + ["GO"])
    grid.append(["(millions of US$)", None, None, None] + [s[1] for _, s in rs] + [f[1] for _, f in ry] + ["Total output"])
    grid.append([None, None, None, None] + [r for r, _ in rs] + [r for r, _ in ry] + ["TOT"])
    grid.append([None, None, None, None] + [s[2] for _, s in rs] + [f[2] for _, f in ry] + ["c62"])
    for i, (r, s) in enumerate(rs):
        row = [s[0], s[1], r, s[2]] + list(Z[i]) + list(Y[i]) + [x[i]]
        grid.append(row)
    grid[6 + 5][4 + 2] = None  # an empty cell (pandas reads NaN; the reference sets it to 0)
    for k, (name, code) in enumerate(fac):
        grid.append([code, name, "TOT", code] + list(F[k]) + list(FY[k]) + [float(F[k].sum() + FY[k].sum())])
    xlsx_write(os.path.join(ROOT, "wiod2013", "WIOT09_ROW_Apr12.xlsx"), "WIOT_09", grid)


def figaro(rng):
    """FIGARO industry-by-industry matrix (matrix_eu-ic-io_ind-by-ind_23ed_2021.csv): first column
    `rowLabels`, labels REG_CODE; all industry columns, then all final-demand columns (P3_S13,
    P3_S14, P3_S15, P51G, P5M per region); value-added rows of the pseudo-region W2 at the end."""
    regions = ["AT", "DE", "FIGW1"]
    sectors = ["A01", "C10T12", "D35", "F"]
    fd = ["P3_S13", "P3_S14", "P3_S15", "P51G", "P5M"]
    va = ["D21X31", "OP_RES", "OP_NRES", "D29X39", "D1", "B2A3G"]
    rows = [f"{r}_{s}" for r in regions for s in sectors]
    cols_fd = [f"{r}_{c}" for r in regions for c in fd]
    n, m = len(rows), len(cols_fd)
    Z = rng.uniform(0, 70, (n, n)) * (rng.uniform(0, 1, (n, n)) > 0.3)
    Y = rng.uniform(0, 500, (n, m)) * (rng.uniform(0, 1, (n, m)) > 0.2)
    Y[5, 4] = -8.25  # an inventory change (P5M)
    F = rng.uniform(1, 90, (len(va), n))
    FY = np.zeros((len(va), m))
    FY[0, ::5] = rng.uniform(1, 30, m // 5)  # taxes on household consumption
    lines = [",".join(["rowLabels"] + rows + cols_fd)]
    for i, lab in enumerate(rows):
        cells = [num(v) for v in list(Z[i]) + list(Y[i])]
        if i == 6:
            cells[2] = ""  # an empty cell
        lines.append(",".join([lab] + cells))
    for k, lab in enumerate(va):
        lines.append(",".join([f"W2_{lab}"] + [num(v) for v in list(F[k]) + list(FY[k])]))
    os.makedirs(os.path.join(ROOT, "figaro"), exist_ok=True)
    with open(os.path.join(ROOT, "figaro", "matrix_eu-ic-io_ind-by-ind_23ed_2021.csv"), "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def xlsx_write_sheets(path, sheets, shared_strings=False):
    """A minimal workbook with several sheets: `sheets` is a list of (name, grid). Strings are inline, or with
    `shared_strings` in a shared-string table (then rows without cells are left out); deterministic."""
    from xml.sax.saxutils import escape
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    strings, index = [], {}
    parts = []
    for k, (_, grid) in enumerate(sheets):
        rows_xml = []
        for r, row in enumerate(grid):
            cells = []
            for c, v in enumerate(row):
                ref = f"{xlsx_col(c)}{r + 1}"
                if v is None:
                    continue
                if isinstance(v, str) and shared_strings:
                    if v not in index:
                        index[v] = len(strings)
                        strings.append(v)
                    cells.append(f'<c r="{ref}" t="s"><v>{index[v]}</v></c>')
                elif isinstance(v, str):
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{num(v)}</v></c>')
            if cells or not shared_strings:
                rows_xml.append(f'<row r="{r + 1}">{"".join(cells)}</row>')
        parts.append((f"xl/worksheets/sheet{k + 1}.xml", head + f'<worksheet xmlns="{main}"><sheetData>{"".join(rows_xml)}</sheetData></worksheet>'))
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{k + 1}.xml" ContentType="{ct}.worksheet+xml"/>' for k in range(len(sheets)))
    sheet_list = "".join(f'<sheet name="{escape(n, {chr(34): "&quot;"})}" sheetId="{k + 1}" r:id="rId{k + 1}"/>' for k, (n, _) in enumerate(sheets))
    rels = "".join(f'<Relationship Id="rId{k + 1}" Type="{rel}/worksheet" Target="worksheets/sheet{k + 1}.xml"/>' for k in range(len(sheets)))
    if shared_strings:
        overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
        rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        parts.append(("xl/sharedStrings.xml", head + f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
                      + "".join(f"<si><t>{escape(t)}</t></si>" for t in strings) + "</sst>"))
    files = [
        ("[Content_Types].xml", head + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>{overrides}</Types>'),
        ("_rels/.rels", head + f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml", head + f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{sheet_list}</sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", head + f'<Relationships xmlns="{pkg}">{rels}</Relationships>'),
    ] + parts
    zip_write(path, files)


def gloria(rng):
    """GLORIA release 059, year 2019, as pymrio's parse_gloria reads it: in one folder
    `GLORIA_MRIOs_59_2019.zip` (headerless comma-separated T, Y and V results, basic prices: `Markup001(full)`),
    `GLORIA_SatelliteAccounts_059_2019.zip` (TQ and YQ results) and `GLORIA_ReadMe_059.xlsx` (sheets Regions,
    Sectors, "Value added and final demand", Satellites). T is a supply-use table: per region its industries then
    its products (the same sector names); industry rows x product columns are supply (V, here mostly diagonal with
    some secondary production), product rows x industry columns are use (U); Y, value added and satellites are
    non-zero only where GLORIA's are (product rows, industry columns). Region DYE is empty, as in GLORIA 2022."""
    regions = [("AUS", "Australia"), ("CHN", "China"), ("DYE", "Yemen (North)"), ("USA", "United States of America")]
    sectors = ["Wheat", "Hard coal", "Electric power generation"]
    fd = ["Household final consumption P.3h", "Non-profit institutions serving households P.3n", "Government final consumption P.3g",
          "Gross fixed capital formation P.51", "Changes in inventories P.52", "Acquisitions less disposals of valuables P.53"]
    va = ["Compensation of employees D.1", "Taxes on production D.29", "Subsidies on production D.39", "Net operating surplus B.2n",
          "Net mixed income B.3n", "Consumption of fixed capital K.1"]
    sats = [("'co2_excl_short_cycle_org_c_total_EDGAR_consistent'", "Emissions (EDGAR)", "Gg"),
            ("'ch4_total_EDGAR_consistent'", "Emissions (EDGAR)", "Gg"), ("Employment", "Employment", "1000 persons")]
    R, S = len(regions), len(sectors)
    n = 2 * R * S
    empty = 2  # DYE
    ind = lambda r, s: r * 2 * S + s            # industry row/column of sector s in region r
    prod = lambda r, s: r * 2 * S + S + s       # product row/column
    live = [r for r in range(R) if r != empty]
    T = np.zeros((n, n))
    Y = np.zeros((n, R * len(fd)))
    for r in live:
        for s in range(S):
            for r2 in live:
                for s2 in range(S):  # use of product (r, s) by industry (r2, s2)
                    if rng.uniform() < (0.9 if r == r2 else 0.4):
                        T[prod(r, s), ind(r2, s2)] = rng.uniform(1, 50) * (8 if r == r2 else 1)
                for c in range(len(fd)):
                    if rng.uniform() < 0.7:
                        Y[prod(r, s), r2 * len(fd) + c] = rng.uniform(5, 300) * (10 if r == r2 else 1)
    Y[prod(0, 1), 0 * len(fd) + 4] = -7.5  # an inventory change
    q = T.sum(axis=1) + Y.sum(axis=1)  # product output (use side)
    for r in live:
        for s in range(S):
            p = prod(r, s)
            main, other = round(0.85 * q[p], 6), None
            T[ind(r, s), p] = main
            T[ind(r, (s + 1) % S), p] = q[p] - main  # secondary production by the next industry
    Vrows = [(r, v) for r in range(R) for v in va]
    VA = np.zeros((len(Vrows), n))
    for k, (r, v) in enumerate(Vrows):
        if r == empty:
            continue
        for r2 in live:
            for s in range(S):
                if r == r2 and rng.uniform() < 0.9:
                    VA[k, ind(r2, s)] = rng.uniform(1, 120) * (-0.1 if "Subsidies" in v else 1)
    TQ = np.zeros((len(sats), n))
    for k in range(len(sats)):
        for r in live:
            for s in range(S):
                TQ[k, ind(r, s)] = rng.uniform(0.5, 900) if rng.uniform() < 0.85 else 0.0
    YQ = np.zeros((len(sats), R * len(fd)))
    for r in live:
        YQ[0, r * len(fd)] = rng.uniform(10, 200)  # household direct emissions
        YQ[1, r * len(fd)] = rng.uniform(0.1, 2)

    def csv(M):
        return "".join(",".join(num(v) for v in row) + "\n" for row in M)

    stamp = "20240111"
    d = os.path.join(ROOT, "gloria")
    os.makedirs(d, exist_ok=True)
    mid = "_120secMother_AllCountries_002_"
    zip_write(os.path.join(d, "GLORIA_MRIOs_59_2019.zip"), [
        (f"{stamp}{mid}T-Results_2019_059_Markup001(full).csv", csv(T)),
        (f"{stamp}{mid}Y-Results_2019_059_Markup001(full).csv", csv(Y)),
        (f"{stamp}{mid}V-Results_2019_059_Markup001(full).csv", csv(VA)),
    ])
    zip_write(os.path.join(d, "GLORIA_SatelliteAccounts_059_2019.zip"), [
        (f"{stamp}{mid}TQ-Results_2019_059_Markup001(full).csv", csv(TQ)),
        (f"{stamp}{mid}YQ-Results_2019_059_Markup001(full).csv", csv(YQ)),
    ])
    xlsx_write_sheets(os.path.join(d, "GLORIA_ReadMe_059.xlsx"), [
        ("Regions", [["Lfd_Nr", "Region_acronyms", "Region_names"]] + [[float(i + 1), a, nm] for i, (a, nm) in enumerate(regions)]),
        ("Sectors", [["Lfd_Nr", "Sector_names"]] + [[float(i + 1), s] for i, s in enumerate(sectors)]),
        ("Value added and final demand", [["Lfd_Nr", "Value_added_names", "Final_demand_names"]]
         + [[float(i + 1), v, f] for i, (v, f) in enumerate(zip(va, fd))]),
        ("Satellites", [["Lfd_Nr", "Sat_head_indicator", "Sat_indicator", "Sat_unit"]]
         + [[float(i + 1), h, ind_, u] for i, (ind_, h, u) in enumerate(sats)]),
    ])


def xlsb_record(rec, body=b""):
    """One BIFF12 record: type and size as 7-bit groups (low first, high bit = more), then the body."""
    out = bytearray()
    for v in (rec, len(body)):
        while True:
            b = v & 0x7F
            v >>= 7
            out.append(b | (0x80 if v else 0))
            if not v:
                break
    return bytes(out) + body


def xlsb_wide(text):
    import struct
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb_write(path, sheet_name, grid):
    """A minimal binary workbook (.xlsb, [MS-XLSB]) with one sheet, readable by pyxlsb and Excel's record rules:
    strings in the shared-string table (BrtCellIsst), whole numbers of small size as RK numbers (BrtCellRk,
    integer form), other numbers as BrtCellReal; deterministic."""
    import struct
    strings, index = [], {}
    body = bytearray()
    rows = len(grid)
    cols = max(len(r) for r in grid)
    body += xlsb_record(129)  # BrtBeginSheet
    body += xlsb_record(148, struct.pack("<IIII", 0, rows - 1, 0, cols - 1))  # BrtWsDim
    body += xlsb_record(145)  # BrtBeginSheetData
    for r, row in enumerate(grid):
        body += xlsb_record(0, struct.pack("<IIHBBBI", r, 0, 300, 0, 0, 0, 0))  # BrtRowHdr
        for c, v in enumerate(row):
            if v is None:
                continue
            cell = struct.pack("<II", c, 0)
            if isinstance(v, str):
                if v not in index:
                    index[v] = len(strings)
                    strings.append(v)
                body += xlsb_record(7, cell + struct.pack("<I", index[v]))  # BrtCellIsst
            elif float(v).is_integer() and abs(v) < 2 ** 29:
                body += xlsb_record(2, cell + struct.pack("<i", (int(v) << 2) | 2))  # BrtCellRk, integer
            else:
                body += xlsb_record(5, cell + struct.pack("<d", float(v)))  # BrtCellReal
    body += xlsb_record(146) + xlsb_record(130)  # BrtEndSheetData, BrtEndSheet
    sst = xlsb_record(159, struct.pack("<II", len(strings), len(strings)))
    for t in strings:
        sst += xlsb_record(19, b"\x00" + xlsb_wide(t))  # BrtSSTItem
    sst += xlsb_record(160)
    book = (xlsb_record(131) + xlsb_record(143) + xlsb_record(156, struct.pack("<II", 0, 1) + xlsb_wide("rId1") + xlsb_wide(sheet_name))
            + xlsb_record(144) + xlsb_record(132))
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    zip_write(path, [
        ("[Content_Types].xml", head + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
         '<Override PartName="/xl/sharedStrings.bin" ContentType="application/vnd.ms-excel.sharedStrings"/></Types>'),
        ("_rels/.rels", head + f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.bin"/></Relationships>'),
        ("xl/workbook.bin", bytes(book)),
        ("xl/_rels/workbook.bin.rels", head + f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.bin"/>'
         f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.bin"/></Relationships>'),
        ("xl/worksheets/sheet1.bin", bytes(body)),
        ("xl/sharedStrings.bin", bytes(sst)),
    ])


def wiod2016(rng):
    """WIOD 2016 release (WIOT2014_Nov16_ROW.xlsb, binary workbook, sheet named after the year): the title in A1,
    the price basis in A2, header rows 3-6 from column E (industry code, description, country, c-number), four
    label columns (IndustryCode, IndustryDescription, Country, RNr); the region-sector rows, then the summary rows
    II_fob, TXSP, EXP_adj, PURR, PURNR, VA, IntTTM and GO of country TOT; final demand CONS_h, CONS_np, CONS_g,
    GFCF, INVEN per country after the industry columns; the GO column of country TOT last."""
    regions = ["AUS", "CHN", "USA", "ROW"]
    sectors = [("A01", "Crop and animal production, hunting and related service activities"), ("B", "Mining and quarrying"),
               ("D35", "Electricity, gas, steam and air conditioning supply"), ("U", "Activities of extraterritorial organizations and bodies")]
    fd = [("CONS_h", "Final consumption expenditure by households"), ("CONS_np", "Final consumption expenditure by non-profit organisations serving households (NPISH)"),
          ("CONS_g", "Final consumption expenditure by government"), ("GFCF", "Gross fixed capital formation"),
          ("INVEN", "Changes in inventories and valuables")]
    summary = [("II_fob", "Total intermediate consumption"), ("TXSP", "taxes less subsidies on products"),
               ("EXP_adj", "Cif/ fob adjustments on exports"), ("PURR", "Direct purchases abroad by residents"),
               ("PURNR", "Purchases on the domestic territory by non-residents"), ("VA", "Value added at basic prices"),
               ("IntTTM", "International Transport Margins"), ("GO", "Output at basic prices")]
    rs = [(r, s) for r in regions for s in sectors]
    ry = [(r, f) for r in regions for f in fd]
    n, m = len(rs), len(ry)
    Z = np.round(rng.uniform(0, 60, (n, n)) * (rng.uniform(0, 1, (n, n)) > 0.3), 3)
    Z[1, 2] = 17.0  # whole numbers are written as RK numbers
    Y = np.round(rng.uniform(0, 400, (n, m)) * (rng.uniform(0, 1, (n, m)) > 0.2), 3)
    Y[3, 4] = -6.5  # an inventory change
    F = np.round(rng.uniform(1, 80, (len(summary), n)), 3)
    F[0] = Z.sum(axis=0)  # II_fob
    FY = np.zeros((len(summary), m))
    FY[1, ::5] = np.round(rng.uniform(1, 20, m // 5), 3)  # taxes on household consumption
    x = Z.sum(axis=1) + Y.sum(axis=1)
    F[-1] = x  # GO
    grid = [["World Input-Output Table 2014"], ["(millions of US$, current prices)"]]
    grid.append([None, None, None, None] + [s[0] for _, s in rs] + [f[0] for _, f in ry] + ["GO"])
    grid.append([None, None, None, None] + [s[1] for _, s in rs] + [f[1] for _, f in ry] + ["Total output"])
    grid.append([None, None, None, None] + [r for r, _ in rs] + [r for r, _ in ry] + ["TOT"])
    grid.append(["IndustryCode", "IndustryDescription", "Country", "RNr"] + [f"c{k + 1}" for k in range(len(sectors)) for _ in regions][:0]
                + [f"c{sectors.index(s) + 1}" for _, s in rs] + [f"c{57 + fd.index(f)}" for _, f in ry] + ["c62"])
    for i, (r, s) in enumerate(rs):
        grid.append([s[0], s[1], r, float(sectors.index(s) + 1)] + list(Z[i]) + list(Y[i]) + [float(x[i])])
    grid[6 + 5][4 + 2] = None  # an empty cell (read as 0)
    for k, (code, name) in enumerate(summary):
        grid.append([code, name, "TOT", float(64 + k)] + list(F[k]) + list(FY[k]) + [float(F[k].sum() + FY[k].sum())])
    os.makedirs(os.path.join(ROOT, "wiod2016"), exist_ok=True)
    xlsb_write(os.path.join(ROOT, "wiod2016", "WIOT2014_Nov16_ROW.xlsb"), "2014", grid)


if __name__ == "__main__":
    oecd(np.random.default_rng(2023), "oecd2023", "ICIO2023_2019.csv", ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"],
         ["TLS", "VA"], "OUT", "OUT", {(5, 3)}, zipped=True)
    oecd(np.random.default_rng(2018), "oecd2018", "ICIO2018_2011.csv", ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "P33"],
         ["TAXSUB", "VALU"], "OUTPUT", "TOTAL", set(), zipped=False)
    oecd(np.random.default_rng(2016), "oecd2016", "ICIO2016_2011.csv", ["HFCE", "NPS", "GGFC", "GFCF", "INV", "DIRP"],
         ["VA+TAXSUB"], "OUT", "OUT", set(), zipped=False, release2016=True)
    eora26(np.random.default_rng(26))
    exiobase12(np.random.default_rng(2), "2.2.2", blank_cell=False, zipped=True)
    exiobase12(np.random.default_rng(1), None, blank_cell=True, zipped=False)
    wiod2013(np.random.default_rng(2013))
    figaro(np.random.default_rng(2021))
    gloria(np.random.default_rng(59))
    wiod2016(np.random.default_rng(2016))
    print("wrote oecd2023, oecd2018, oecd2016, eora26, exiobase2, exiobase1, wiod2013, figaro, gloria, wiod2016 under", ROOT)
