"""Tier 1 default parameters of the IPCC Guidelines for the national-inventory methods
(energy fugitive, IPPU, AFOLU, waste), in Yuheng's schema. Imported by build_datasets.py.

Every row says which edition it belongs to (`2006` or `2019R`: never both under one label), which
guideline table it is, where the number was read (`source`: a bonsai-ipcc 0.5.3 parameter file, or
`transcribed` when this project transcribed it from the guideline table), whether it was checked
against that table (`checked`: yes/no) and how (`verification`), and every correction (`note`).

Verification vocabulary:
  V-bonsai            read from bonsai-ipcc 0.5.3's transcription of the cited table; not checked here
  corrected:SOURCES   bonsai's value differs from the IPCC table in the check recorded in
                      ../shared/data/ipcc_ef/SOURCES.md; the table value is used (checked = yes)
  corrected:yuheng    a difference found while building this table (note says what and why)
  checked:guideline   read in the text of the guideline itself (a stored copy or verbatim reproduction; the note gives
                      the URL). checked = yes
  secondary           no guideline text was found; the value agrees with the independent public transcriptions
                      named in the note (each cites the table or chapter PDF). checked = secondary
  corrected:secondary changed after independent transcriptions disagreed with the old value (note: old value,
                      evidence). checked = secondary
  unverified          neither the guideline text nor an agreeing transcription was found, or they conflict (the note
                      says which). checked = no
  derived             arithmetic on other rows (note says how)
  choice              not a guideline value: a documented choice of this project (note says why)

The verification of the transcribed rows (and of the bonsai rows that were cheap to check) is the ledger in
scripts/ipcc_tier1_verification.py; build() applies it and stops if a transcribed row has no entry there.

Ranges (low/high) are the 95 % interval (2.5th/97.5th percentiles) the table gives; empty = none given.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import ipcc_tier1_verification as V  # scripts/ipcc_tier1_verification.py: the verification ledger

HEADER = ["guideline", "parameter", "item", "qualifier", "value", "low", "high", "unit", "ipcc_table", "source",
          "checked", "verification", "note"]

G06, G19 = "2006", "2019R"


class Rows:
    def __init__(self, fail):
        self.rows: list[dict[str, str]] = []
        self.keys: set[tuple[str, str, str, str]] = set()
        self.corrections: list[str] = []
        self.fail = fail

    def add(self, guideline, parameter, item, qualifier, value, low, high, unit, table, source="transcribed",
            verification="unverified", note="", checked=None):
        key = (guideline, parameter, item, qualifier)
        if key in self.keys:
            self.fail(f"duplicate Tier 1 default {key}")
        self.keys.add(key)
        if guideline not in (G06, G19):
            self.fail(f"bad guideline {guideline}")

        def num(x):
            if x is None or x == "":
                return ""
            return fmt(Decimal(str(x)))

        v = num(value)
        lo, hi = num(low), num(high)
        if v == "":
            self.fail(f"{key}: empty value")
        if (lo == "") != (hi == ""):
            self.fail(f"{key}: half a range")
        if lo != "" and not (Decimal(lo) <= Decimal(v) <= Decimal(hi)):
            self.fail(f"{key}: value {v} outside its range {lo}-{hi}")
        if checked is None:
            checked = "yes" if verification.startswith(("corrected:SOURCES", "checked:")) else "no"
        if verification.startswith("corrected"):
            self.corrections.append(f"{guideline} {parameter} {item} {qualifier}: {note}")
        self.rows.append({"guideline": guideline, "parameter": parameter, "item": item, "qualifier": qualifier,
                          "value": v, "low": lo, "high": hi, "unit": unit, "ipcc_table": table, "source": source,
                          "checked": checked, "verification": verification, "note": note})

    def sorted(self):
        return sorted(self.rows, key=lambda r: (r["parameter"], r["item"], r["qualifier"], r["guideline"]))


def fmt(d: Decimal) -> str:
    if d == 0:
        return "0"
    return format(d.normalize(), "f")


def pct(value, p):
    """value ± p % as (low, high)."""
    v = Decimal(str(value))
    q = Decimal(str(p)) / 100
    return v * (1 - q), v * (1 + q)


class Bonsai:
    """Reads bonsai-ipcc 0.5.3 parameter files: {dims tuple: {property: value}}."""

    def __init__(self, root: Path, fail):
        self.root = root
        self.fail = fail
        self.used: list[str] = []

    def table(self, rel: str, dims: list[str], region: str | None = "World"):
        p = self.root / rel
        if not p.is_file():
            self.fail(f"missing bonsai file {p}")
        self.used.append(rel)
        out: dict[tuple, dict[str, str]] = {}
        units = set()
        with p.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                if region is not None and "region" in r and r["region"] not in (region, ""):
                    continue
                k = tuple(r[d] for d in dims)
                out.setdefault(k, {})[r["property"]] = r["value"].strip()
                units.add(r["unit"])
        return out, units

    def row(self, rel, dims, key, region="World"):
        t, u = self.table(rel, dims, region)
        if key not in t:
            self.fail(f"bonsai {rel}: no row {key}")
        return t[key], u


def build(bonsai_root: Path, fail):
    """Returns {file name: [rows]} and the list of corrections."""
    B = Bonsai(bonsai_root, fail)
    energy, ippu, afolu, waste = Rows(fail), Rows(fail), Rows(fail), Rows(fail)
    build_energy(energy)
    build_ippu(ippu, B, fail)
    build_afolu(afolu, B, fail)
    build_waste(waste, B, fail)
    files = {"ipcc_tier1_energy.csv": energy, "ipcc_tier1_ippu.csv": ippu, "ipcc_tier1_afolu.csv": afolu,
             "ipcc_tier1_waste.csv": waste}
    apply_verification(files, fail)
    return files, sorted(set(B.used))


VERIFICATION = {  # ledger status -> (checked, verification)
    "confirmed": ("yes", "checked:guideline"),
    "secondary": ("secondary", "secondary"),
    "corrected": ("secondary", "corrected:secondary"),
    "unverified": ("no", "unverified"),
}


def apply_verification(files, fail):
    """Applies scripts/ipcc_tier1_verification.py to the rows. Every transcribed row needs an entry; every entry
    must match a row; a `corrected` entry must not match its old value (the correction is made in the tables above)."""
    used = set()
    for rows in files.values():
        for r in rows.rows:
            key = (r["guideline"], r["parameter"], r["item"], r["qualifier"])
            c = V.lookup(key)
            if c is None:
                if r["source"] == "transcribed":
                    fail(f"transcribed Tier 1 default {key} has no entry in scripts/ipcc_tier1_verification.py")
                continue
            used.add(id(c))
            for s in c.sources:
                if s not in V.SOURCES:
                    fail(f"verification entry {key} names unknown source {s}")
            if c.status == "keep":
                if c.note or c.sources:
                    r["note"] = "; ".join(x for x in (r["note"], "verification: " + "; ".join(
                        x for x in (c.note, "sources: " + V.source_text(c.sources) if c.sources else "") if x)) if x)
                continue
            if c.status not in VERIFICATION:
                fail(f"verification entry {key}: unknown status {c.status}")
            if c.status == "confirmed" and not any(V.SOURCES[s][0] == "guideline" for s in c.sources):
                fail(f"verification entry {key}: 'confirmed' needs a guideline-text source")
            if c.status == "corrected":
                if c.old == "" or Decimal(c.old) == Decimal(r["value"]):
                    fail(f"verification entry {key}: corrected from {c.old!r}, but the row still has {r['value']}")
                rows.corrections.append(f"{key[0]} {key[1]} {key[2]} {key[3]}: {c.old} -> {r['value']} ({c.note})")
            r["checked"], r["verification"] = VERIFICATION[c.status]
            text = "verification: " + "; ".join(x for x in (c.note, "sources: " + V.source_text(c.sources) if c.sources else "") if x)
            r["note"] = "; ".join(x for x in (r["note"], text) if x)
    stale = [f"{c.guideline} {c.parameter} {c.item} {c.qualifier}" for c in V.CHECKS if id(c) not in used]
    if stale:
        fail("entries of scripts/ipcc_tier1_verification.py match no row: " + ", ".join(stale))


# ------------------------------------------------------------------------------------------------
# Energy — 1.B.1 coal mining (Vol 2 Ch 4.1). 1.B.2 oil and gas: Tables 4.2.4/4.2.5 are not bundled.
# ------------------------------------------------------------------------------------------------

def build_energy(R: Rows):
    t_ug, t_surf = "IPCC 2006 Vol 2 Ch 4.1, Eqs 4.1.3/4.1.4 (underground Tier 1 factors)", "IPCC 2006 Vol 2 Ch 4.1, Eqs 4.1.7/4.1.8 (surface Tier 1 factors)"
    levels = {
        ("underground", "ef_mining"): (10, 18, 25), ("underground", "ef_post_mining"): (0.9, 2.5, 4.0),
        ("surface", "ef_mining"): (0.3, 1.2, 2.0), ("surface", "ef_post_mining"): (0, 0.1, 0.2),
    }
    for (item, par), (lo, av, hi) in levels.items():
        table = t_ug if item == "underground" else t_surf
        for level, v in (("low", lo), ("average", av), ("high", hi)):
            ver, note = "unverified", ""
            # the low/high factors of the Tier 1 range are its 95 % interval around the average factor
            low, high = (lo, hi) if level == "average" else ("", "")
            R.add(G06, f"coal_mining.{par}", item, level, v, low, high, "m3/t", table, verification=ver,
                  note=note or ("range = the Tier 1 low/high factors" if level == "average" else ""))


# ------------------------------------------------------------------------------------------------
# IPPU (Vol 3)
# ------------------------------------------------------------------------------------------------

def build_ippu(R: Rows, B: Bonsai, fail):
    # 2.A.2 lime (Table 2.4; Eq 2.9 for unknown lime type)
    for item, v in (("high_calcium", 0.75), ("dolomitic", 0.77), ("hydraulic", 0.59)):
        R.add(G06, "lime.ef", item, "", v, "", "", "t CO2/t lime", "IPCC 2006 Vol 3 Table 2.4")
    R.add(G06, "lime.ef", "lime", "", 0.75, "", "", "t CO2/t lime", "IPCC 2006 Vol 3 Eq 2.9",
          verification="derived", note="0.85 x 0.75 (high-calcium) + 0.15 x 0.77 (dolomitic) = 0.7530, rounded to 0.75 in Eq 2.9")
    # 2.A.3 glass (Eq 2.11 Tier 1 defaults)
    R.add(G06, "glass.ef", "glass", "", 0.20, "", "", "t CO2/t glass", "IPCC 2006 Vol 3 Ch 2.4, Tier 1 (Eq 2.11)")
    R.add(G06, "glass.cullet_ratio", "glass", "", 0.50, "", "", "fraction", "IPCC 2006 Vol 3 Ch 2.4, Tier 1 (Eq 2.11)")
    # 2.A.4 carbonates (Table 2.1; bonsai industry/mineral/par_ef_c.csv)
    t, u = B.table("industry/mineral/par_ef_c.csv", ["carbonate_type"])
    names = {"limestone": "calcite", "dolomite": "dolomite", "magnesite": "magnesite", "siderite": "siderite",
             "ankerite": "ankerite", "rhodochrosite": "rhodochrosite", "sodium_carbonate": "sodium_carbonate"}
    for item, b in names.items():
        p = t.get((b,))
        if p is None:
            fail(f"bonsai par_ef_c has no {b}")
        note = ("bonsai stores a +/-50 % range around this molar ratio; dropped: the factor is stoichiometric "
                "(the uncertainty is in the carbonate's purity and calcination fraction)")
        if item == "ankerite":
            note += "; Table 2.1 gives a range of compositions for ankerite, bonsai's 0.43 is kept"
        R.add(G06, "carbonates.ef", item, "", p["def"], "", "", "t CO2/t carbonate", "IPCC 2006 Vol 3 Table 2.1",
              source="bonsai:industry/mineral/par_ef_c.csv", verification="V-bonsai", note=note)
    R.add(G06, "carbonates.limestone_share", "", "", 0.85, "", "", "fraction", "IPCC 2006 Vol 3 Eq 2.14")
    # 2.B.1 ammonia (Table 3.1): total fuel requirement, and the carbon content behind its factors
    R.add(G06, "ammonia.fuel_requirement", "natural_gas", "", 37.5, "", "", "GJ/t NH3", "IPCC 2006 Vol 3 Table 3.1 (average, natural gas)")
    R.add(G06, "ammonia.fuel_requirement", "partial_oxidation", "", 42.5, "", "", "GJ/t NH3", "IPCC 2006 Vol 3 Table 3.1 (average, partial oxidation)")
    R.add(G06, "ammonia.carbon_content", "natural_gas", "", 15.3, 14.8, 15.9, "kg C/GJ", "IPCC 2006 Vol 2 Table 1.3 (as used in Vol 3 Table 3.1)",
          source="bonsai:generic/par_carbon_content_per_energy.csv", verification="V-bonsai",
          note="37.5 GJ/t x 15.3 x 44/12 / 1000 = 2.104 t CO2/t NH3, the Table 3.1 factor")
    R.add(G06, "ammonia.carbon_content", "partial_oxidation", "", 21.0, "", "", "kg C/GJ", "IPCC 2006 Vol 3 Table 3.1",
          verification="derived", note="3.273 t CO2/t NH3 (Table 3.1) / 42.5 GJ/t / (44/12) x 1000 = 21.0 kg C/GJ")
    for item in ("natural_gas", "partial_oxidation"):
        R.add(G06, "ammonia.oxidation", item, "", 1, "", "", "fraction", "IPCC 2006 Vol 3 Eq 3.1 (COF)")
    # 2.B.2 nitric acid (Table 3.3), uncertainty as given in the table
    for item, v, p in (("nscr", 2, 10), ("process_integrated", 2.5, 10), ("atmospheric_pressure", 5, 10),
                       ("medium_pressure", 7, 20), ("high_pressure", 9, 40)):
        lo, hi = pct(v, p)
        R.add(G06, "nitric_acid.ef", item, "", v, lo, hi, "kg N2O/t HNO3", "IPCC 2006 Vol 3 Table 3.3")
    # 2.B.3 adipic acid (Table 3.4)
    lo, hi = pct(300, 10)
    R.add(G06, "adipic_acid.ef", "adipic_acid", "", 300, lo, hi, "kg N2O/t adipic acid", "IPCC 2006 Vol 3 Table 3.4")
    for item, v in (("catalytic_destruction", 0.925), ("thermal_destruction", 0.985), ("recycle_nitric_acid", 0.985),
                    ("recycle_adipic_feedstock", 0.94)):
        R.add(G06, "adipic_acid.destruction_factor", item, "", v, "", "", "fraction", "IPCC 2006 Vol 3 Table 3.4")
    # 2.B.4 caprolactam (Table 3.5), glyoxal and glyoxylic acid (Table 3.6)
    for item, v, p, table in (("caprolactam", 9.0, 40, "Table 3.5"), ("glyoxal", 100, 10, "Table 3.6"), ("glyoxylic_acid", 20, 10, "Table 3.6")):
        lo, hi = pct(v, p)
        R.add(G06, "caprolactam.ef", item, "", v, lo, hi, "kg N2O/t product", f"IPCC 2006 Vol 3 {table}",
              note="Table 3.6 gives 0.10 and 0.02 t N2O/t product" if item != "caprolactam" else "")
    # 2.B.5 carbide (Tables 3.7, 3.8)
    for item, basis, co2, ch4 in (("silicon_carbide", "coke", 2.30, 10.2), ("silicon_carbide", "product", 2.62, 11.6),
                                  ("calcium_carbide", "coke", 1.70, None), ("calcium_carbide", "product", 1.090, None)):
        R.add(G06, "carbide.ef_co2", item, basis, co2, "", "", f"t CO2/t {'petroleum coke' if basis == 'coke' else 'carbide'}",
              "IPCC 2006 Vol 3 Table 3.7" if item == "silicon_carbide" else "IPCC 2006 Vol 3 Table 3.8")
        if ch4 is not None:
            R.add(G06, "carbide.ef_ch4", item, basis, ch4, "", "", f"kg CH4/t {'petroleum coke' if basis == 'coke' else 'carbide'}", "IPCC 2006 Vol 3 Table 3.7")
    R.add(G06, "carbide.ef_acetylene", "calcium_carbide", "", 1.100, "", "", "t CO2/t carbide used", "IPCC 2006 Vol 3 Table 3.8")
    # 2.B.6 titanium dioxide (Table 3.9); titanium slag has no default
    R.add(G06, "titanium_dioxide.ef", "synthetic_rutile", "", 1.43, "", "", "t CO2/t product", "IPCC 2006 Vol 3 Table 3.9")
    R.add(G06, "titanium_dioxide.ef", "rutile_tio2", "", 1.34, "", "", "t CO2/t product", "IPCC 2006 Vol 3 Table 3.9")
    # 2.B.7 soda ash (Eqs 3.14, 3.15)
    R.add(G06, "soda_ash.ef", "trona", "", 0.097, "", "", "t CO2/t trona", "IPCC 2006 Vol 3 Eq 3.14")
    R.add(G06, "soda_ash.ef", "natural_soda_ash", "", 0.138, "", "", "t CO2/t soda ash", "IPCC 2006 Vol 3 Eq 3.15")
    # 2.B.8 petrochemicals (Tables 3.12-3.23, bonsai industry/chemical)
    t, u = B.table("industry/chemical/par_ef_co2_i_k.csv", ["product", "activity", "feedstocktype"])
    wanted = {("methanol", "csr_a", "natural_gas"): "IPCC 2006 Vol 3 Table 3.12",
              ("ethylene", "sc", "naphtha"): "IPCC 2006 Vol 3 Table 3.14", ("ethylene", "sc", "ethane"): "IPCC 2006 Vol 3 Table 3.14",
              ("ethylene", "sc", "propane"): "IPCC 2006 Vol 3 Table 3.14", ("ethylene", "sc", "butane"): "IPCC 2006 Vol 3 Table 3.14",
              ("ethylene", "sc", "gas_oil"): "IPCC 2006 Vol 3 Table 3.14",
              ("ethylene_dichloride", "bal_edc_vcm", "ethylene"): "IPCC 2006 Vol 3 Table 3.17",
              ("vinyl_chloride_monomer", "bal_edc_vcm", "ethylene_dichloride"): "IPCC 2006 Vol 3 Table 3.17",
              ("ethylene_oxide", "catox_tt_70", "ethylene"): "IPCC 2006 Vol 3 Table 3.19"}
    for (prod, proc, feed), table in wanted.items():
        p = t.get((prod, proc, feed))
        if p is None:
            fail(f"bonsai par_ef_co2_i_k lacks {prod} {proc} {feed}")
        lo, hi = p.get("min", ""), p.get("max", "")
        note = ""
        if lo == hi == p["def"]:
            lo = hi = ""
            note = "bonsai gives min = max = default: no range"
        R.add(G06, "petrochemicals.ef_co2", prod, f"{proc}:{feed}", p["def"], lo, hi, "t CO2/t product", table,
              source="bonsai:industry/chemical/par_ef_co2_i_k.csv", verification="V-bonsai", note=note)
    prim = t[("carbon_black", "furn_black_wtt", "prim_feedstock")]
    sec = t[("carbon_black", "furn_black_wtt", "sec_feedstock")]
    total = Decimal(prim["def"]) + Decimal(sec["def"])
    R.add(G06, "petrochemicals.ef_co2", "carbon_black", "furnace_black:total", total, "", "", "t CO2/t carbon black",
          "IPCC 2006 Vol 3 Table 3.23", source="bonsai:industry/chemical/par_ef_co2_i_k.csv", verification="derived",
          note=f"primary feedstock {prim['def']} + secondary feedstock {sec['def']} (furnace black process)")
    tm, _ = B.table("industry/chemical/par_ef_ch4_i_k.csv", ["product", "activity", "feedstocktype"])
    p = tm[("methanol", "csr_a", "natural_gas")]
    R.add(G06, "petrochemicals.ef_ch4", "methanol", "csr_a:natural_gas", Decimal(p["def"]) * 1000, Decimal(p["min"]) * 1000,
          Decimal(p["max"]) * 1000, "kg CH4/t methanol", "IPCC 2006 Vol 3 Table 3.13",
          source="bonsai:industry/chemical/par_ef_ch4_i_k.csv", verification="V-bonsai", note="bonsai gives t/t; stored in kg/t")
    gaf, _ = B.row("industry/chemical/par_gaf.csv", [], ())
    R.add(G06, "petrochemicals.gaf", "", "", gaf["def"], gaf["min"], gaf["max"], "%", "IPCC 2006 Vol 3 Table 3.15 (Western Europe = 100 %)",
          source="bonsai:industry/chemical/par_gaf.csv", verification="V-bonsai")
    # 2.C.1 iron and steel: the 2006 Table 4.1 factors. bonsai's par_ef_co2_steel/pigiron/sinter/pellet
    # hold other numbers (BOF 1.58, EAF 0.18, pig iron 1.43, sinter 0.21, pellet 0.19) whose edition could
    # not be confirmed, so they are not bundled (recorded as a finding).
    for item, v in (("bof", 1.46), ("eaf", 0.08), ("ohf", 1.72), ("pig_iron", 1.35), ("dri", 0.70), ("sinter", 0.20), ("pellet", 0.03)):
        R.add(G06, "iron_steel.ef_co2", item, "", v, "", "", "t CO2/t product", "IPCC 2006 Vol 3 Table 4.1",
              note="bonsai-ipcc 0.5.3 has different values (edition not stated), not used")
    si, _ = B.row("industry/metal/par_ef_ch4_si.csv", [], ())
    R.add(G06, "iron_steel.ef_ch4", "sinter", "", si["def"], "", "", "kg CH4/t sinter", "IPCC 2006 Vol 3 Table 4.2",
          source="bonsai:industry/metal/par_ef_ch4_si.csv", verification="V-bonsai", note="bonsai's 0-0.35 bounds are not a 95 % range; dropped")
    # 2.C.2 ferroalloys (Tables 4.5, 4.7)
    fa, _ = B.table("industry/metal/par_ef_co2_ferroalloy.csv", ["product"])
    names = {"ferrosilicon_45": "ferrosilicon_45perc_si", "ferrosilicon_65": "ferrosilicon_65perc_si", "ferrosilicon_75": "ferrosilicon_75perc_si",
             "ferrosilicon_90": "ferrosilicon_90perc_si", "ferromanganese_7c": "ferromanganese_7perc_c", "ferromanganese_1c": "ferromanganese_1perc_c",
             "silicomanganese": "siliconmanganese", "silicon_metal": "silicon_metal", "ferrochromium": "ferrochromium"}
    for item, b in names.items():
        p = fa[(b,)]
        R.add(G06, "ferroalloys.ef_co2", item, "", p["def"], p["min"], p["max"], "t CO2/t alloy", "IPCC 2006 Vol 3 Table 4.5",
              source="bonsai:industry/metal/par_ef_co2_ferroalloy.csv", verification="V-bonsai")
    fm, _ = B.table("industry/metal/par_ef_ch4_ferroalloy_tier1.csv", ["product"])
    for item, b in (("silicon_metal", "silicon_metal"), ("ferrosilicon_90", "ferrosilicon_90perc_si"), ("ferrosilicon_75", "ferrosilicon_75perc_si"),
                    ("ferrosilicon_65", "ferrosilicon_65perc_si")):
        p = fm[(b,)]
        R.add(G06, "ferroalloys.ef_ch4", item, "", p["def"], p["min"], p["max"], "kg CH4/t alloy", "IPCC 2006 Vol 3 Table 4.7",
              source="bonsai:industry/metal/par_ef_ch4_ferroalloy_tier1.csv", verification="V-bonsai")
    # 2.C.3 aluminium (Tables 4.10, 4.14)
    al, _ = B.table("industry/metal/par_ef_co2_alu.csv", ["activity"])
    cf4, _ = B.table("industry/metal/par_ef_cf4_alu.csv", ["activity"])
    c2f6, _ = B.table("industry/metal/par_ef_c2f6_alu.csv", ["activity"])
    for item, proc, b in (("cwpb", "prebake", "prebake_cwpb"), ("swpb", "prebake", "prebake_swpb"), ("vss", "soderberg", "soderberg_vss"), ("hss", "soderberg", "soderberg_hss")):
        p = al[(proc,)]
        R.add(G06, "aluminium.ef_co2", item, "", p["def"], p["min"], p["max"], "t CO2/t aluminium", f"IPCC 2006 Vol 3 Table 4.10 ({proc})",
              source="bonsai:industry/metal/par_ef_co2_alu.csv", verification="V-bonsai")
        for par, tab, gas in (("aluminium.ef_cf4", cf4, "CF4"), ("aluminium.ef_c2f6", c2f6, "C2F6")):
            q = tab[(b,)]
            R.add(G06, par, item, "", q["def"], q["min"], q["max"], f"kg {gas}/t aluminium", "IPCC 2006 Vol 3 Table 4.15",
                  source=f"bonsai:industry/metal/par_ef_{gas.lower()}_alu.csv", verification="V-bonsai")
    # 2.C.4 magnesium (Tables 4.19, 4.20)
    mg, _ = B.table("industry/metal/par_ef_co2_magnesium.csv", ["carbonate_type"])
    for item, b in (("primary_dolomite", "dolomite"), ("primary_magnesite", "magnesite")):
        p = mg[(b,)]
        R.add(G06, "magnesium.ef_co2", item, "", p["def"], p["min"], p["max"], "t CO2/t primary Mg", "IPCC 2006 Vol 3 Table 4.19",
              source="bonsai:industry/metal/par_ef_co2_magnesium.csv", verification="V-bonsai")
    sf, units = B.table("industry/metal/par_ef_sf6_magnesium.csv", ["carbonate_type"])
    p = sf[("dolomite",)]
    if units != {"t/t"} or p["def"] not in ("1.0", "1"):
        fail(f"bonsai par_ef_sf6_magnesium changed: {units} {p}")
    R.add(G06, "magnesium.ef_sf6", "casting", "", 1.0, p["min"], p["max"], "kg SF6/t Mg cast", "IPCC 2006 Vol 3 Table 4.20",
          source="bonsai:industry/metal/par_ef_sf6_magnesium.csv", verification="corrected:yuheng",
          note="bonsai's unit is t SF6/t Mg (1000x too large); the Tier 1 casting factor is 1 kg SF6 per t of magnesium cast")
    # 2.C.5 lead, 2.C.6 zinc (Tables 4.21, 4.24)
    pb, _ = B.table("industry/metal/par_ef_co2_lead.csv", ["activity"])
    for item, b in (("imperial_smelting", "imperial_smelting"), ("direct_smelting", "direct_smelting"), ("secondary", "secondary"), ("unspecified", "lead_default")):
        p = pb[(b,)]
        R.add(G06, "lead.ef", item, "", p["def"], p["min"], p["max"], "t CO2/t lead", "IPCC 2006 Vol 3 Table 4.21",
              source="bonsai:industry/metal/par_ef_co2_lead.csv", verification="V-bonsai")
    zn, _ = B.table("industry/metal/par_ef_co2_zinc.csv", ["activity"])
    for item, b in (("waelz_kiln", "waelz_kiln"), ("pyrometallurgical", "pyrometeallurgical"), ("unspecified", "zinc_default")):
        p = zn[(b,)]
        R.add(G06, "zinc.ef", item, "", p["def"], p["min"], p["max"], "t CO2/t zinc", "IPCC 2006 Vol 3 Table 4.24",
              source="bonsai:industry/metal/par_ef_co2_zinc.csv", verification="V-bonsai")
    # 2.D lubricants and paraffin wax: ODU (Vol 3 Ch 5.2, 5.3); NCV and carbon content come from the fuel table
    R.add(G06, "non_energy_products.odu", "lubricants", "", 0.2, "", "", "fraction", "IPCC 2006 Vol 3 Ch 5.2 (Tier 1 ODU)")
    R.add(G06, "non_energy_products.odu", "paraffin_wax", "", 0.2, "", "", "fraction", "IPCC 2006 Vol 3 Ch 5.3 (Tier 1 ODU)")
    # 2.F.1 refrigeration: Table 7.9 gives ranges; the default is their midpoint (a choice of this project)
    t79 = {  # application: (k initial %, x operation %/yr, p remaining %, eta recovery %)
        "domestic": ((0.2, 1), (0.1, 0.5), (0, 80), (70, 70)),
        "commercial_standalone": ((0.5, 3), (1, 15), (0, 80), (70, 80)),
        # remaining charge 50-100 %, not 0-80 % (the stand-alone row): corrected after two transcriptions of Table 7.9
        # gave 100 % as the upper end (scripts/ipcc_tier1_verification.py)
        "commercial_medium_large": ((0.5, 3), (10, 35), (50, 100), (80, 90)),
        "transport": ((0.2, 1), (15, 50), (0, 50), (70, 90)),
        "industrial": ((0.5, 3), (7, 25), (50, 100), (80, 90)),
        "chillers": ((0.2, 1), (2, 15), (80, 100), (95, 95)),
        "residential_ac": ((0.2, 1), (1, 10), (0, 80), (80, 95)),
        "mobile_ac": ((0.2, 0.5), (10, 20), (0, 50), (50, 50)),
    }
    for app, vals in t79.items():
        for par, (lo, hi) in zip(("initial_emission", "operation_emission", "remaining_charge", "recovery_efficiency"), vals):
            lo_d, hi_d = Decimal(str(lo)) / 100, Decimal(str(hi)) / 100
            mid = (lo_d + hi_d) / 2
            R.add(G06, f"refrigeration.{par}", app, "", mid, lo_d if hi_d > lo_d else "", hi_d if hi_d > lo_d else "", "fraction",
                  "IPCC 2006 Vol 3 Table 7.9", verification="unverified",
                  note="the table gives a range; the default is its midpoint (Yuheng's choice) and the range is used as the 95 % interval" if hi_d > lo_d else "")


# ------------------------------------------------------------------------------------------------
# AFOLU (Vol 4)
# ------------------------------------------------------------------------------------------------

REGION_B = {"north_america": "Northern America", "western_europe": "Western Europe", "eastern_europe": "Eastern Europe", "oceania": "AUS",
            "latin_america": "Latin America", "asia": "ASI", "africa": "AFR", "middle_east": "Middle East", "indian_subcontinent": "Indian Subcontinent"}
LIVESTOCK_B = {  # our item: (vs/n rate product, tam product, ef product prefix or None, frac group)
    "dairy_cattle": ("cattle-dairy", "cattle-dairy", "cattle-dairy"),
    "other_cattle": ("cattle-other", None, "cattle-other"),
    "buffalo": ("buffalo", None, "buffalo"),
    "market_swine": ("swine-growing", "swine-growing", "swine-growing"),
    "breeding_swine": ("swine-mature_breeding", None, "swine-mature"),
    "sheep": ("sheep-mature", "sheep-mature", "sheep-mature"),
    "goats": ("goat", "goat", "goat"),
    "camels": ("camel", "camel", "camel"),
    "horses": ("horse", "horse", "horse"),
    "mules_asses": ("mule-ass", "mule-ass", "mule-ass"),
    "layers": ("poultry-chicken_hen", None, "poultry"),
    "broilers": ("poultry-chicken_broiler", None, "poultry"),
    "turkeys": ("poultry-turkey", "poultry-turkey", "poultry"),
    "ducks": ("poultry-duck", "poultry-duck", "poultry"),
}
SYSTEM_B = {"lagoon": "lagoon", "liquid_slurry_crust": "liquid-slurry-naturalcover", "liquid_slurry_no_crust": "liquid-slurry-nocover",
            "liquid_slurry_cover": "liquid-slurry-cover", "pit_short": "pit-short", "pit_long": "pit-long", "solid_storage": "solid-storage",
            "solid_storage_covered": "solid-storage-covered", "solid_storage_additive": "solid-storage-additive",
            "solid_storage_bulking": "solid-storage-bulking", "dry_lot": "drylot", "pasture": "pasture", "daily_spread": "daily-spread",
            "digester": "digester", "burned": "burned", "composting_vessel": "composting-vessel", "composting_pile": "composting-pile",
            "composting_intensive": "composting-intensive", "composting_passive": "composting-passive", "poultry_litter": "poultry-litter",
            "poultry_no_litter": "poultry-nolitter", "bedding": "bedding", "bedding_mixing": "bedding-mixing", "aerobic_natural": "aerobic-natural",
            "aerobic_forced": "aerobic-forced"}
CLIMATE_B = {"boreal": "boreal", "temperate_cool": "temperate-cool", "temperate_warm": "temperate-warm", "tropical_montane": "tropical-montane", "tropical": "tropical"}


BOD_REGIONS = {  # our region or country: bonsai par_bod region (Table 6.4 rows)
    "africa": "AFR", "asia": "ASI", "middle_east": "Middle East", "latin_america": "Latin America", "europe": "EUR", "oceania": "AUS",
    "brazil": "BR", "canada": "CA", "denmark": "DK", "egypt": "EG", "germany": "DE", "greece": "GR", "india": "IN", "italy": "IT",
    "japan": "JP", "palestine": "PS", "russia": "RU", "sweden": "SE", "turkey": "TR", "united_states": "US",
}


def ranged(p):
    """(def, low, high) from a bonsai property dict; a zero-width or inconsistent range is dropped."""
    d, lo, hi = p.get("def", ""), p.get("min", ""), p.get("max", "")
    if lo == "" or hi == "" or Decimal(lo) == Decimal(hi) or not (Decimal(lo) <= Decimal(d) <= Decimal(hi)):
        return d, "", ""
    return d, lo, hi


def build_afolu(R: Rows, B: Bonsai, fail):
    lm = "agriculture/livestock_manure/"
    # --- manure management, 2019R Tier 1 (bonsai)
    vs, _ = B.table(lm + "par_vs_rate.csv", ["region", "product"], region=None)
    nr, _ = B.table(lm + "par_n_rate.csv", ["region", "product"], region=None)
    tam, _ = B.table(lm + "par_weight.csv", ["region", "product"], region=None)
    for item, (rate_p, tam_p, _) in LIVESTOCK_B.items():
        for ours, theirs in REGION_B.items():
            for tab, par, unit, table, prod in ((vs, "manure.vs_rate", "kg VS/(1000 kg animal mass)/day", "IPCC 2019R Vol 4 Table 10.13A", rate_p),
                                                (nr, "manure.n_rate", "kg N/(1000 kg animal mass)/day", "IPCC 2019R Vol 4 Table 10.19", rate_p),
                                                (tam, "manure.tam", "kg", "IPCC 2019R Vol 4 Table 10A.5", tam_p)):
                if prod is None:
                    continue
                p = tab.get((theirs, prod)) or tab.get(("World", prod))
                if p is None or p.get("def", "") in ("", "0", "0.0"):
                    continue
                d, lo, hi = ranged(p)
                fname = {"manure.vs_rate": "par_vs_rate.csv", "manure.n_rate": "par_n_rate.csv", "manure.tam": "par_weight.csv"}[par]
                R.add(G19, par, item, ours, d, lo, hi, unit, table, source=f"bonsai:{lm}{fname}", verification="V-bonsai",
                      note="" if (theirs, prod) in tab else "bonsai gives a World value only")
    ef, _ = B.table(lm + "par_ef_ch4_v4c10.csv", ["product", "activity", "climate_zone", "moisture_regime"], region=None)
    for item, (_, _, efp) in LIVESTOCK_B.items():
        for prod_class in ("high", "low", "all"):
            if prod_class == "all":
                bp = efp if efp in ("buffalo",) else None
            else:
                bp = {"poultry": "poultry"}.get(efp, efp)
                bp = f"{bp}_{'hp' if prod_class == 'high' else 'lp'}" + ("_breeding" if item == "breeding_swine" else "")
                if item == "breeding_swine":
                    bp = f"swine-mature_{'hp' if prod_class == 'high' else 'lp'}_breeding"
            if bp is None:
                continue
            for (prod, act, cz, mr), p in sorted(ef.items()):
                if prod != bp:
                    continue
                sysname = next((k for k, v in SYSTEM_B.items() if v == act), None)
                czname = next((k for k, v in CLIMATE_B.items() if v == cz), None)
                if sysname is None or czname is None:
                    continue
                d, lo, hi = ranged(p)
                R.add(G19, "manure.ef_ch4_vs", f"{item}:{prod_class}", f"{sysname}:{czname}:{mr}", d, lo, hi, "g CH4/kg VS",
                      "IPCC 2019R Vol 4 Table 10.14", source=f"bonsai:{lm}par_ef_ch4_v4c10.csv", verification="V-bonsai",
                      note="SOURCES.md: the Table 10.14 factors and the Table 10.17 MCFs are not mutually consistent for liquid slurry and pasture; the factors are used as given" if sysname in ("pasture", "liquid_slurry_no_crust", "liquid_slurry_crust") else "")
    ef3, _ = B.table(lm + "par_ef3.csv", ["activity"], region=None)
    for sysname, act in SYSTEM_B.items():
        p = ef3.get((act,))
        if p is None:
            continue
        d, lo, hi = ranged(p)
        R.add(G19, "manure.ef3", sysname, "", d, lo, hi, "kg N2O-N/kg N", "IPCC 2019R Vol 4 Table 10.21",
              source=f"bonsai:{lm}par_ef3.csv", verification="V-bonsai")
    # 2006 Table 10.21 (EF3), transcribed
    ef3_2006 = {"lagoon": 0, "liquid_slurry_crust": 0.005, "liquid_slurry_no_crust": 0, "pit_short": 0.002, "pit_long": 0.002,
                "solid_storage": 0.005, "dry_lot": 0.02, "daily_spread": 0, "digester": 0, "composting_vessel": 0.006,
                "composting_pile": 0.006, "composting_intensive": 0.1, "composting_passive": 0.01, "poultry_litter": 0.001,
                "poultry_no_litter": 0.001, "bedding": 0.01, "bedding_mixing": 0.07, "aerobic_natural": 0.01, "aerobic_forced": 0.005}
    for sysname, v in ef3_2006.items():
        R.add(G06, "manure.ef3", sysname, "", v, "", "", "kg N2O-N/kg N", "IPCC 2006 Vol 4 Table 10.21")
    for par, fname in (("manure.frac_gas", "par_frac_gas.csv"), ("manure.frac_leach", "par_frac_leach.csv")):
        tab, _ = B.table(lm + fname, ["product", "activity"])
        for group in sorted({g for (_, _, g) in LIVESTOCK_B.values()} | {"dairy_cattle"}):
            bgroup = {"cattle-dairy": "cattle-dairy", "cattle-other": "cattle-other", "swine-growing": "swine", "swine-mature": "swine",
                      "sheep-mature": "sheep", "poultry": "poultry"}.get(group, group)
            ourg = {"cattle-dairy": "dairy_cattle", "cattle-other": "other_cattle", "swine-growing": "swine", "swine-mature": "swine",
                    "sheep-mature": "sheep", "goat": "goats", "camel": "camels", "horse": "horses", "mule-ass": "mules_asses"}.get(group, group)
            for sysname, act in SYSTEM_B.items():
                p = tab.get((bgroup, act))
                if p is None or (G19, par, ourg, sysname) in R.keys:
                    continue
                d, lo, hi = ranged(p)
                R.add(G19, par, ourg, sysname, d, lo, hi, "fraction", "IPCC 2019R Vol 4 Table 10.22",
                      source=f"bonsai:{lm}{fname}", verification="V-bonsai")
    # EF4, EF5 (Table 11.3): 2019R from bonsai, 2006 transcribed
    e4, _ = B.table(lm + "par_ef4.csv", ["moisture_regime"], region=None)
    for mr in ("wet", "dry"):
        d, lo, hi = ranged(e4[(mr,)])
        R.add(G19, "n2o.ef4", mr, "", d, lo, hi, "kg N2O-N/kg N volatilised", "IPCC 2019R Vol 4 Table 11.3",
              source=f"bonsai:{lm}par_ef4.csv", verification="V-bonsai")
    R.add(G19, "n2o.ef4", "", "", 0.010, 0.002, 0.018, "kg N2O-N/kg N volatilised", "IPCC 2019R Vol 4 Table 11.3 (aggregated)")
    e5, _ = B.table(lm + "par_ef5.csv", [], region=None)
    d, lo, hi = ranged(e5[()])
    R.add(G19, "n2o.ef5", "", "", d, lo, hi, "kg N2O-N/kg N leached", "IPCC 2019R Vol 4 Table 11.3", source=f"bonsai:{lm}par_ef5.csv", verification="V-bonsai")
    R.add(G06, "n2o.ef4", "", "", 0.010, 0.002, 0.05, "kg N2O-N/kg N volatilised", "IPCC 2006 Vol 4 Table 11.3")
    R.add(G06, "n2o.ef5", "", "", 0.0075, 0.0005, 0.025, "kg N2O-N/kg N leached", "IPCC 2006 Vol 4 Table 11.3")

    # --- managed soils (Table 11.1, 11.3): 2006 transcribed; 2019R from bonsai par_ef1 and transcribed
    R.add(G06, "soil_n2o.ef1", "", "", 0.01, 0.003, 0.03, "kg N2O-N/kg N", "IPCC 2006 Vol 4 Table 11.1")
    R.add(G06, "soil_n2o.ef1_fr", "", "", 0.003, 0, 0.006, "kg N2O-N/kg N", "IPCC 2006 Vol 4 Table 11.1")
    R.add(G06, "soil_n2o.ef3_prp", "cpp", "", 0.02, 0.007, 0.06, "kg N2O-N/kg N", "IPCC 2006 Vol 4 Table 11.1")
    R.add(G06, "soil_n2o.ef3_prp", "so", "", 0.01, 0.003, 0.03, "kg N2O-N/kg N", "IPCC 2006 Vol 4 Table 11.1")
    R.add(G06, "soil_n2o.ef2", "cropland_grassland", "temperate", 8, 2, 24, "kg N2O-N/ha", "IPCC 2006 Vol 4 Table 11.1 (EF2 CG,Temp)")
    R.add(G06, "soil_n2o.ef2", "cropland_grassland", "boreal", 8, 2, 24, "kg N2O-N/ha", "IPCC 2006 Vol 4 Table 11.1 (EF2 CG,Temp)",
          note="Table 11.1 gives one temperate factor; boreal uses it")
    R.add(G06, "soil_n2o.ef2", "cropland_grassland", "tropical", 16, 5, 48, "kg N2O-N/ha", "IPCC 2006 Vol 4 Table 11.1 (EF2 CG,Trop)")
    R.add(G06, "soil_n2o.ef2", "forest", "temperate:rich", 0.6, 0.16, 2.4, "kg N2O-N/ha", "IPCC 2006 Vol 4 Table 11.1 (EF2 F,Temp,Org,R)")
    R.add(G06, "soil_n2o.ef2", "forest", "temperate:poor", 0.1, 0.02, 0.3, "kg N2O-N/ha", "IPCC 2006 Vol 4 Table 11.1 (EF2 F,Temp,Org,P)")
    R.add(G06, "soil_n2o.frac_gasf", "", "", 0.10, 0.03, 0.3, "fraction", "IPCC 2006 Vol 4 Table 11.3")
    R.add(G06, "soil_n2o.frac_gasm", "", "", 0.20, 0.05, 0.5, "fraction", "IPCC 2006 Vol 4 Table 11.3")
    R.add(G06, "soil_n2o.frac_leach", "", "", 0.30, 0.1, 0.8, "fraction", "IPCC 2006 Vol 4 Table 11.3")
    R.add(G06, "soil_n2o.cn_ratio", "", "", 15, "", "", "C:N", "IPCC 2006 Vol 4 Eq 11.8 (R, land-use change to cropland)")
    soils = "agriculture/soils/"
    e1, _ = B.table(soils + "par_ef1.csv", ["cultivation_type", "moisture_regime"])
    for (kind, clim), (bk, bm) in {("", ""): ("N_unspec", "undefined"), ("synthetic", "wet"): ("N_synthetic", "wet"),
                                    ("other", "wet"): ("N_organic", "wet"), ("synthetic", "dry"): ("N_unspec", "dry"),
                                    ("other", "dry"): ("N_organic", "dry")}.items():
        d, lo, hi = ranged(e1[(bk, bm)])
        R.add(G19, "soil_n2o.ef1", kind, clim, d, lo, hi, "kg N2O-N/kg N", "IPCC 2019R Vol 4 Table 11.1",
              source=f"bonsai:{soils}par_ef1.csv", verification="V-bonsai")
    d, lo, hi = ranged(e1[("rice_cont_flooding", "undefined")])
    R.add(G19, "soil_n2o.ef1_fr", "", "", d, lo, hi, "kg N2O-N/kg N", "IPCC 2019R Vol 4 Table 11.1 (flooded rice)",
          source=f"bonsai:{soils}par_ef1.csv", verification="V-bonsai", note="continuous flooding")
    R.add(G19, "soil_n2o.ef3_prp", "cpp", "", 0.004, 0, 0.014, "kg N2O-N/kg N", "IPCC 2019R Vol 4 Table 11.1")
    R.add(G19, "soil_n2o.ef3_prp", "so", "", 0.003, 0, 0.010, "kg N2O-N/kg N", "IPCC 2019R Vol 4 Table 11.1")
    for fert, v, lo, hi in (("unspecified", 0.11, 0.02, 0.33), ("urea", 0.15, 0.03, 0.43), ("ammonium", 0.08, 0.02, 0.30),
                            ("nitrate", 0.01, 0, 0.02), ("ammonium_nitrate", 0.05, 0, 0.20)):
        R.add(G19, "soil_n2o.frac_gasf", fert, "", v, lo, hi, "fraction", "IPCC 2019R Vol 4 Table 11.3")
    R.add(G19, "soil_n2o.frac_gasm", "", "", 0.21, 0, 0.31, "fraction", "IPCC 2019R Vol 4 Table 11.3")
    R.add(G19, "soil_n2o.frac_leach", "", "", 0.24, 0.01, 0.73, "fraction", "IPCC 2019R Vol 4 Table 11.3")
    r, _ = B.table(soils + "par_r.csv", ["landusechange_type"])
    d, lo, hi = ranged(r[("GL_CL",)])
    R.add(G19, "soil_n2o.cn_ratio", "", "", d, lo, hi, "C:N", "IPCC 2019R Vol 4 Ch 11 (R, land-use change to cropland)",
          source=f"bonsai:{soils}par_r.csv", verification="V-bonsai")
    ef2, _ = B.table(soils + "par_ef2.csv", ["landuse_type", "drainage_type", "soil_fertility", "climate_zone"], region=None)
    for (lu, dr, fe, cz), (land, qual) in {("FL", "drained", "nutrientpoor", "boreal"): ("forest", "boreal:poor"),
                                            ("FL", "drained", "nutrientrich", "boreal"): ("forest", "boreal:rich"),
                                            ("FL", "drained", "undefined", "temperate"): ("forest", "temperate:rich"),
                                            ("FL", "drained", "undefined", "tropical"): ("forest", "tropical:rich"),
                                            ("CL", "drained", "undefined", "boreal_temperate"): ("cropland_grassland", "temperate"),
                                            ("CL", "undefined", "undefined", "tropical"): ("cropland_grassland", "tropical")}.items():
        p = ef2[(lu, dr, fe, cz)]
        d, lo, hi = ranged(p)
        R.add(G19, "soil_n2o.ef2", land, qual, d, lo, hi, "kg N2O-N/ha", "IPCC 2019R Vol 4 Table 11.1 (= Wetlands Supplement Table 2.5)",
              source=f"bonsai:{soils}par_ef2.csv", verification="V-bonsai",
              note="cropland value used for cropland and grassland" if land == "cropland_grassland" else "")
    # crop residue parameters (2019R Table 11.1A, bonsai)
    crops = {}
    for par, fname, frac in (("soil_n2o.r_ag", "par_r_ag.csv", False), ("soil_n2o.rs", "par_rs.csv", False), ("soil_n2o.n_ag", "par_n_ag.csv", True),
                             ("soil_n2o.n_bg", "par_n_bg.csv", True), ("soil_n2o.dry", "par_dry.csv", True)):
        tab, _ = B.table(soils + fname, ["crop_type"])
        for (crop,), p in sorted(tab.items()):
            if p.get("def", "") in ("", None):
                continue
            d, lo, hi = ranged(p)
            note = ""
            if par == "soil_n2o.n_ag" and p.get("max") and Decimal(p["max"]) < Decimal(p["def"]):
                lo = hi = ""
                note = f"bonsai's upper bound {p['max']} is below the default: range dropped"
                R.corrections.append(f"2019R soil_n2o.n_ag {crop}: {note}")
            R.add(G19, par, crop, "", d, lo, hi, "kg/kg" if not frac else "fraction", "IPCC 2019R Vol 4 Table 11.1A",
                  source=f"bonsai:{soils}{fname}", verification="V-bonsai", note=note)
            crops.setdefault(crop, set()).add(par)
    # --- liming and urea (Eqs 11.12, 11.13)
    R.add(G06, "liming.ef", "limestone", "", 0.12, "", "", "t C/t limestone", "IPCC 2006 Vol 4 Eq 11.12")
    R.add(G06, "liming.ef", "dolomite", "", 0.13, "", "", "t C/t dolomite", "IPCC 2006 Vol 4 Eq 11.12")
    R.add(G06, "urea.ef", "urea", "", 0.20, "", "", "t C/t urea", "IPCC 2006 Vol 4 Eq 11.13")
    # --- rice (Tables 5.11-5.14), transcribed
    R.add(G06, "rice.ef_baseline", "", "", 1.30, 0.80, 2.20, "kg CH4/ha/day", "IPCC 2006 Vol 4 Table 5.11")
    R.add(G19, "rice.ef_baseline", "", "", 1.19, 0.80, 1.76, "kg CH4/ha/day", "IPCC 2019R Vol 4 Table 5.11")
    sfw06 = {"continuously_flooded": (1.0, 0.79, 1.26), "single_drainage": (0.60, 0.46, 0.80), "multiple_drainage": (0.52, 0.41, 0.66),
             "rainfed_regular": (0.28, 0.21, 0.37), "rainfed_drought": (0.25, 0.18, 0.36), "deep_water": (0.31, "", ""), "upland": (0, "", "")}
    sfw19 = {"continuously_flooded": (1.00, 0.73, 1.27), "single_drainage": (0.71, 0.53, 0.94), "multiple_drainage": (0.55, 0.41, 0.72),
             "rainfed_regular": (0.54, 0.39, 0.74), "rainfed_drought": (0.16, 0.11, 0.24), "deep_water": (0.06, 0.03, 0.12), "upland": (0, "", "")}
    for g, tab, table in ((G06, sfw06, "IPCC 2006 Vol 4 Table 5.12"), (G19, sfw19, "IPCC 2019R Vol 4 Table 5.12")):
        for item, (v, lo, hi) in tab.items():
            R.add(g, "rice.sf_water", item, "", v, lo, hi, "1", table)
    sfp06 = {"not_flooded_short": (1.00, 0.88, 1.14), "not_flooded_long": (0.68, 0.58, 0.80), "flooded": (1.90, 1.65, 2.18)}
    sfp19 = {"not_flooded_short": (1.00, "", ""), "not_flooded_long": (0.89, 0.80, 0.99), "flooded": (2.41, 2.13, 2.73), "not_flooded_over_year": (0.59, 0.41, 0.84)}
    for g, tab, table in ((G06, sfp06, "IPCC 2006 Vol 4 Table 5.13"), (G19, sfp19, "IPCC 2019R Vol 4 Table 5.13")):
        for item, (v, lo, hi) in tab.items():
            R.add(g, "rice.sf_preseason", item, "", v, lo, hi, "1", table)
    cf06 = {"straw_short": (1.0, 0.97, 1.04), "straw_long": (0.29, 0.20, 0.40), "compost": (0.05, 0.01, 0.08), "farmyard_manure": (0.14, 0.07, 0.20),
            "green_manure": (0.50, 0.30, 0.60)}
    cf19 = {"straw_short": (1.00, 0.85, 1.17), "straw_long": (0.19, 0.11, 0.28), "compost": (0.17, 0.09, 0.29), "farmyard_manure": (0.21, 0.15, 0.28),
            "green_manure": (0.45, 0.36, 0.57)}
    for g, tab, table in ((G06, cf06, "IPCC 2006 Vol 4 Table 5.14"), (G19, cf19, "IPCC 2019R Vol 4 Table 5.14")):
        for item, (v, lo, hi) in tab.items():
            R.add(g, "rice.cfoa", item, "", v, lo, hi, "1", table)


# ------------------------------------------------------------------------------------------------
# Waste (Vol 5)
# ------------------------------------------------------------------------------------------------

def build_waste(R: Rows, B: Bonsai, fail):
    swd = "waste/swd/"
    doc, _ = B.table(swd + "par_doc.csv", ["waste_type", "waste_moisture"])
    for (wt, moist), p in sorted(doc.items()):
        if moist != "wet":
            continue
        d, lo, hi = ranged(p)
        R.add(G06, "landfill.doc", wt, "", d, lo, hi, "fraction of wet weight", "IPCC 2006 Vol 5 Table 2.4 (MSW), 2.5 (industrial), 2.6/Ch 3 (sludge, clinical)",
              source=f"bonsai:{swd}par_doc.csv", verification="V-bonsai")
    # DOCf: 2006 uses 0.5 for all waste; bonsai's per-type values are the 2019R Table 3.0 values (SOURCES.md)
    R.add(G06, "landfill.docf", "", "", 0.5, 0.4, 0.6, "fraction", "IPCC 2006 Vol 5 Ch 3.2.3 (DOCf default); range ±20 % (Vol 5 Table 3.5)", verification="corrected:SOURCES",
          note="bonsai's par_doc_f gives 2019R Table 3.0 values (food/garden 0.7, paper/textiles/nappies 0.5, wood 0.1) while citing 2006; the 2006 default is 0.5 for all waste. The ±20 % range is transcribed from Table 3.5 (not checked)")
    docf, _ = B.table(swd + "par_doc_f.csv", ["waste_type"])
    for (wt,), p in sorted(docf.items()):
        d, lo, hi = ranged(p)
        R.add(G19, "landfill.docf", wt, "", d, lo, hi, "fraction", "IPCC 2019R Vol 5 Table 3.0", source=f"bonsai:{swd}par_doc_f.csv",
              verification="V-bonsai", note="relabelled 2019R (bonsai cites 2006; SOURCES.md)")
    k, _ = B.table(swd + "par_k.csv", ["waste_type", "moisture_regime", "climate_zone"], region=None)
    for (wt, mr, cz), p in sorted(k.items()):
        if p.get("def") in ("0", "0.0"):
            continue
        d, lo, hi = ranged(p)
        item = {"isw_construction": "msw"}.get(wt, wt)
        R.add(G06, "landfill.k", wt, f"{cz}:{mr}", d, lo, hi, "1/yr", "IPCC 2006 Vol 5 Table 3.3", source=f"bonsai:{swd}par_k.csv",
              verification="V-bonsai")
        if wt == "isw_construction":   # the bulk-waste row of Table 3.3 (bonsai uses it for construction waste)
            R.add(G06, "landfill.k", "msw", f"{cz}:{mr}", d, lo, hi, "1/yr", "IPCC 2006 Vol 5 Table 3.3 (bulk waste)",
                  source=f"bonsai:{swd}par_k.csv", verification="V-bonsai", note="bulk waste row (bonsai files it under isw_construction)")
    mcf, _ = B.table(swd + "par_mcf.csv", ["swds_type"], region=None)
    for ours, b, g in (("managed_anaerobic", "managed", G06), ("managed_semi_aerobic", "managed_well_s-a", G06), ("unmanaged_deep", "unmanaged_deep", G06),
                       ("unmanaged_shallow", "unmanaged_shallow", G06), ("uncategorised", "uncharacterised", G06),
                       ("managed_poorly_semi_aerobic", "managed_poorly_s-a", G19), ("managed_well_active_aeration", "managed_well_a-a", G19),
                       ("managed_poorly_active_aeration", "managed_poorly_a-a", G19)):
        d, lo, hi = ranged(mcf[(b,)])
        R.add(g, "landfill.mcf", ours, "", d, lo, hi, "fraction", f"IPCC {'2006' if g == G06 else '2019R'} Vol 5 Table 3.1",
              source=f"bonsai:{swd}par_mcf.csv", verification="V-bonsai")
    R.add(G06, "landfill.ox", "none", "", 0, "", "", "fraction", "IPCC 2006 Vol 5 Table 3.2")
    R.add(G06, "landfill.ox", "oxidising", "", 0.1, "", "", "fraction", "IPCC 2006 Vol 5 Table 3.2 (managed, covered with CH4-oxidising material)",
          verification="corrected:SOURCES", note="bonsai's par_ox has no class for managed sites covered with oxidising material (OX 0.1); added from Table 3.2")
    f, _ = B.table(swd + "par_f.csv", [])
    d, lo, hi = ranged(f[()])
    R.add(G06, "landfill.f", "", "", d, lo, hi, "fraction", "IPCC 2006 Vol 5 Ch 3.2.3 (F)", source=f"bonsai:{swd}par_f.csv", verification="V-bonsai")

    # --- 4.B biological treatment (Table 4.1)
    bio = "waste/biological/"
    for par, fname, gas in (("biological_treatment.ef_ch4", "par_ef_ch4_biotreat.csv", "CH4"), ("biological_treatment.ef_n2o", "par_ef_n2o_biotreat.csv", "N2O")):
        tab, _ = B.table(bio + fname, ["biotreat_type", "waste_moisture"])
        for (bt, wm), p in sorted(tab.items()):
            item = {"compost": "composting", "anaer_digest": "anaerobic_digestion"}[bt]
            d, lo, hi = ranged(p)
            R.add(G06, par, item, wm, d, lo, hi, f"g {gas}/kg waste ({wm} weight)", "IPCC 2006 Vol 5 Table 4.1", source=f"bonsai:{bio}{fname}",
                  verification="V-bonsai")

    # --- 4.C incineration and open burning (Tables 2.4, 5.2, 5.3, 5.6)
    gen, inc = "waste/waste_generation/", "waste/incineration/"
    dm, _ = B.table(gen + "par_dm.csv", ["waste_type"])
    dm_used = {}
    for (wt,), p in sorted(dm.items()):
        d, lo, hi = ranged(p)
        ver, note, src = "V-bonsai", "", f"bonsai:{gen}par_dm.csv"
        if wt == "msw_wood":
            if d not in ("0.84",):
                fail(f"bonsai msw_wood dm is {d}; the recorded difference is 0.84")
            d, ver, note = "0.85", "corrected:SOURCES", "bonsai 0.84 (the rubber and leather value); Table 2.4 gives 0.85 for wood"
            lo, hi = "", ""
        if lo and Decimal(hi) > 1:
            hi = "1"
            note = (note + "; " if note else "") + "bonsai's upper bound above 1 capped at 1"
        dm_used[wt] = Decimal(d)
        R.add(G06, "waste.dm", wt, "", d, lo, hi, "fraction of wet weight", "IPCC 2006 Vol 5 Table 2.4 (MSW), 2.5, 2.6", source=src, verification=ver, note=note)
    cf, _ = B.table(gen + "par_cf.csv", ["waste_type"])
    for (wt,), p in sorted(cf.items()):
        d, lo, hi = ranged(p)
        note = ""
        if lo and Decimal(hi) > 1:
            hi, note = "1", "bonsai's upper bound above 1 capped at 1"
        R.add(G06, "waste.cf", wt, "", d, lo, hi, "fraction of dry matter", "IPCC 2006 Vol 5 Table 2.4 (MSW), 2.5, 2.6",
              source=f"bonsai:{gen}par_cf.csv", verification="V-bonsai", note=note)
    fcf, _ = B.table(inc + "par_fcf.csv", ["waste_type", "incin_type"])
    for (wt, it), p in sorted(fcf.items()):
        if it != "inc_unspecified":
            continue
        d, lo, hi = ranged(p)
        ver, note = "V-bonsai", ""
        if wt == "msw_paper":
            if Decimal(d) != 0:
                fail(f"bonsai msw_paper fcf is {d}; the recorded difference is 0")
            d, lo, hi, ver, note = "0.01", "0", "0.05", "corrected:SOURCES", "bonsai 0.0; Table 2.4 gives 1 % fossil carbon for paper/cardboard (range 0-5 %)"
        R.add(G06, "waste.fcf", wt, "", d, lo, hi, "fraction of total carbon", "IPCC 2006 Vol 5 Table 2.4 (MSW), 2.5, 2.6",
              source=f"bonsai:{inc}par_fcf.csv", verification=ver, note=note)
    of, _ = B.table(inc + "par_of.csv", ["waste_type", "incin_type"])
    p = of[("msw_food", "open_burn")]
    if p["def"] != "0.71":
        fail(f"bonsai open-burning OF is {p['def']}; the recorded value is 0.71")
    R.add(G06, "open_burning.of", "", "", 0.58, "", "", "fraction", "IPCC 2006 Vol 5 Table 5.2", verification="corrected:SOURCES",
          note="bonsai gives 0.71, the 2019 Refinement value; the 2006 open-burning oxidation factor is 0.58")
    d, lo, hi = ranged(p)
    R.add(G19, "open_burning.of", "", "", d, lo, hi, "fraction", "IPCC 2019R Vol 5 Table 5.2", source=f"bonsai:{inc}par_of.csv",
          verification="V-bonsai", note="bonsai's open-burning OF, relabelled 2019R (SOURCES.md)")
    R.add(G06, "incineration.of", "", "", 1, "", "", "fraction", "IPCC 2006 Vol 5 Table 5.2", source=f"bonsai:{inc}par_of.csv", verification="V-bonsai")
    ch4, _ = B.table(inc + "par_ef_ch4.csv", ["waste_type", "incin_type"], region=None)
    # Table 5.3 MSW incinerator factors by technology (bonsai files them under JP only; SOURCES.md)
    t53, _ = B.table(inc + "par_ef_ch4.csv", ["waste_type", "incin_type"], region="JP")
    for ours, b in (("continuous_stoker", "inc_cont_stoker"), ("continuous_fluidised", "inc_cont_fluid"), ("semi_continuous_stoker", "inc_semi_stoker"),
                    ("semi_continuous_fluidised", "inc_semi_fluid"), ("batch_stoker", "inc_batch_stoker"), ("batch_fluidised", "inc_batch_fluid")):
        p = t53[("msw_food", b)]
        d, lo, hi = ranged(p)
        R.add(G06, "incineration.ef_ch4", "msw", ours, d, lo, hi, "kg CH4/Gg wet waste", "IPCC 2006 Vol 5 Table 5.3",
              source=f"bonsai:{inc}par_ef_ch4.csv (region JP)", verification="corrected:SOURCES",
              note="bonsai files the Table 5.3 incinerator factors under JP only; they are the guideline's defaults for MSW")
    p = ch4[("msw", "open_burn")]
    d, lo, hi = ranged(p)
    R.add(G06, "open_burning.ef_ch4", "", "", d, lo, hi, "kg CH4/Gg wet waste", "IPCC 2006 Vol 5 Ch 5.4.1 (open burning, 6500 g/t)",
          source=f"bonsai:{inc}par_ef_ch4.csv", verification="V-bonsai")
    n2o, _ = B.table(inc + "par_ef_n2o.csv", ["waste_type", "incin_type"], region=None)
    for ours, b in (("msw", "msw_food"), ("isw", "isw_food"), ("sludge_dom", "sludge_dom"), ("sludge_ind", "sludge_ind")):
        p = n2o[(b, "inc_unspecified")]
        d, lo, hi = ranged(p)
        R.add(G06, "incineration.ef_n2o", ours, "", d, lo, hi, "kg N2O/Gg wet waste", "IPCC 2006 Vol 5 Table 5.6",
              source=f"bonsai:{inc}par_ef_n2o.csv", verification="V-bonsai")
    # open burning N2O: 150 g/t dry matter x dry-matter fraction (SOURCES.md: bonsai is 10x too high)
    for wt, p in sorted(n2o.items()):
        if wt[1] != "open_burn":
            continue
        w = wt[0]
        if w not in dm_used:
            continue
        v = Decimal(150) * dm_used[w]
        R.add(G06, "open_burning.ef_n2o", w, "", v, "", "", "kg N2O/Gg wet waste", "IPCC 2006 Vol 5 Table 5.6 (150 g N2O/t dry matter)",
              verification="corrected:SOURCES",
              note=f"bonsai gives {p['def']} kg/Gg wet waste (10x too high); 150 g/t dry x dry-matter fraction {fmt(dm_used[w])}")

    # --- 4.D wastewater: 2006 Table 6.3 / 6.8 MCFs (transcribed); 2019R from bonsai
    mcf06 = {"untreated_sea_river_lake": (0.1, 0, 0.2), "stagnant_sewer": (0.5, 0.4, 0.8), "flowing_sewer": (0, "", ""),
             "aerobic_well_managed": (0, 0, 0.1), "aerobic_not_well_managed": (0.3, 0.2, 0.4), "anaerobic_digester": (0.8, 0.8, 1.0),
             "anaerobic_reactor": (0.8, 0.8, 1.0), "anaerobic_lagoon_shallow": (0.2, 0, 0.3), "anaerobic_lagoon_deep": (0.8, 0.8, 1.0),
             "septic": (0.5, 0.5, 0.5), "latrine_dry_small": (0.1, 0.05, 0.15), "latrine_dry_communal": (0.5, 0.4, 0.6), "latrine_wet": (0.7, 0.7, 1.0)}
    for item, (v, lo, hi) in mcf06.items():
        if lo != "" and lo == hi:
            lo = hi = ""
        R.add(G06, "wastewater.mcf", item, "", v, lo, hi, "fraction", "IPCC 2006 Vol 5 Tables 6.3 (domestic), 6.8 (industrial)")
    ww = "waste/wastewater/"
    tr, _ = B.table(ww + "par_mcf_wwatertreat.csv", ["activity"])
    dis, _ = B.table(ww + "par_mcf_wwaterdischarge.csv", ["wwaterdischarge_type"])
    for item, (tab, b) in {"aerobic_centralised": (tr, "coll_treat_aerob_centralised_primary"), "anaerobic_reactor": (tr, "coll_treat_anaerob_a-reactors"),
                           "anaerobic_lagoon_shallow": (tr, "coll_treat_anaerob_a-lagoons"), "stagnant_sewer": (tr, "coll_untreat_sewer-stagnant"),
                           "flowing_sewer": (tr, "coll_untreat_sewers-flowing_closed"), "septic": (tr, "uncoll_septic-tanks"),
                           "latrine_dry_small": (tr, "uncoll_latrines_small"), "latrine_dry_communal": (tr, "uncoll_latrines_communal"),
                           "latrine_wet": (tr, "uncoll_latrines_wet"), "untreated_sea_river_lake": (dis, "freshwater_aquatic_tier1")}.items():
        d, lo, hi = ranged(tab[(b,)])
        R.add(G19, "wastewater.mcf", item, "", d, lo, hi, "fraction", "IPCC 2019R Vol 5 Table 6.3", source=f"bonsai:{ww}",
              verification="V-bonsai", note="bonsai's wastewater tables hold 2019R values (SOURCES.md)")
    R.add(G19, "wastewater.mcf", "aerobic_well_managed", "", 0.03, 0.003, 0.09, "fraction", "IPCC 2019R Vol 5 Table 6.3 (centralised aerobic treatment)",
          source=f"bonsai:{ww}par_mcf_wwatertreat.csv", verification="V-bonsai", note="2019R has one centralised aerobic class; used for well-managed plants")
    for par, fname, unit, table in (("wastewater.bo", "par_b0_bod.csv", "kg CH4/kg BOD", "IPCC 2006 Vol 5 Table 6.2 (Bo, domestic)"),):
        t, _ = B.table(ww + fname, [])
        d, lo, hi = ranged(t[()])
        R.add(G06, par, "bod", "", d, lo, hi, unit, table, source=f"bonsai:{ww}{fname}", verification="V-bonsai")
    t, _ = B.table(ww + "par_b0_cod.csv", [])
    d, lo, hi = ranged(t[()])
    R.add(G06, "wastewater.bo", "cod", "", d, lo, hi, "kg CH4/kg COD", "IPCC 2006 Vol 5 Table 6.2 (Bo, industrial)", source=f"bonsai:{ww}par_b0_cod.csv", verification="V-bonsai")
    # BOD per person (Table 6.4, by region and country; bonsai waste/waste_generation/par_bod.csv)
    bod, units = B.table(gen + "par_bod.csv", ["region"], region=None)
    if units != {"g/cap/day"}:
        fail(f"bonsai par_bod changed unit: {units}")
    for ours, b in BOD_REGIONS.items():
        p = bod.get((b,))
        if p is None:
            fail(f"bonsai par_bod has no row for {b}")
        d, lo, hi = ranged(p)
        R.add(G06, "wastewater.bod", ours, "", d, lo, hi, "g BOD/person/day", "IPCC 2006 Vol 5 Table 6.4", source=f"bonsai:{gen}par_bod.csv",
              verification="V-bonsai",
              note="bonsai dates the rows 2006 and cites the copy of Table 6.4 in the 2019R chapter (p. 6.22), which kept the 2006 table; "
                   "not checked here against either PDF (neither is in ../shared)")
    R.add(G06, "wastewater.industrial_correction", "collected", "", 1.25, "", "", "1", "IPCC 2006 Vol 5 Eq 6.3 (I, collected wastewater)")
    R.add(G06, "wastewater.industrial_correction", "uncollected", "", 1.0, "", "", "1", "IPCC 2006 Vol 5 Eq 6.3 (I, uncollected)")
    t, _ = B.table(ww + "par_f_npr.csv", [])
    d, lo, hi = ranged(t[()])
    R.add(G06, "wastewater.f_npr", "", "", d, lo, hi, "kg N/kg protein", "IPCC 2006 Vol 5 Table 6.11", source=f"bonsai:{ww}par_f_npr.csv", verification="V-bonsai")
    R.add(G06, "wastewater.f_non_con", "", "", 1.1, 1.0, 1.5, "1", "IPCC 2006 Vol 5 Table 6.11 (no garbage disposals; 1.4 with)")
    R.add(G06, "wastewater.f_ind_com", "", "", 1.25, 1.0, 1.5, "1", "IPCC 2006 Vol 5 Table 6.11")
    R.add(G06, "wastewater.ef_effluent", "", "", 0.005, 0.0005, 0.25, "kg N2O-N/kg N", "IPCC 2006 Vol 5 Table 6.11")
    t, _ = B.table(ww + "par_ef_n2o_wwaterdischarge.csv", ["wwaterdischarge_type"])
    d, lo, hi = ranged(t[("freshwater_aquatic_tier1",)])
    R.add(G19, "wastewater.ef_effluent", "", "", d, lo, hi, "kg N2O-N/kg N", "IPCC 2019R Vol 5 Table 6.8A (freshwater, Tier 1)",
          source=f"bonsai:{ww}par_ef_n2o_wwaterdischarge.csv", verification="V-bonsai")
    R.add(G06, "wastewater.ef_plant", "", "", 3.2, 2, 8, "g N2O/person/yr", "IPCC 2006 Vol 5 Eq 6.9 / Table 6.11")
    t, _ = B.table(ww + "par_ef_n2o_wwatertreat.csv", ["activity"])
    d, lo, hi = ranged(t[("coll_treat_aerob_centralised_primary",)])
    R.add(G19, "wastewater.ef_plant_n", "", "", d, lo, hi, "kg N2O-N/kg N", "IPCC 2019R Vol 5 Table 6.8A (centralised aerobic treatment)",
          source=f"bonsai:{ww}par_ef_n2o_wwatertreat.csv", verification="V-bonsai")
    gen_w, _ = B.table(gen + "par_w.csv", ["product"])
    gen_c, _ = B.table(gen + "par_cod.csv", ["product"])
    inds = {"alcohol_refining": "ww_alcref", "beer_malt": "ww_beer", "coffee": "ww_coffee", "dairy": "ww_dairy", "fish_processing": "ww_fish",
            "meat_poultry": "ww_meat", "organic_chemicals": "ww_orgchem", "petroleum_refineries": "ww_petref", "plastics_resins": "ww_plastics",
            "pulp_paper": "ww_pulp", "soap_detergents": "ww_soap", "starch": "ww_starch", "sugar": "ww_sugar", "vegetable_oils": "ww_vegoils",
            "vegetables_fruits_juices": "ww_fruits", "wine_vinegar": "ww_wine"}
    for ours, b in inds.items():
        for par, tab, unit, fname in (("wastewater.wastewater_per_t", gen_w, "m3/t product", "par_w.csv"), ("wastewater.cod", gen_c, "kg COD/m3", "par_cod.csv")):
            p = tab.get((b,))
            if p is None or p.get("def", "") in ("", "0", "0.0"):
                continue
            d, lo, hi = ranged(p)
            R.add(G06, par, ours, "", d, lo, hi, unit, "IPCC 2006 Vol 5 Table 6.9", source=f"bonsai:{gen}{fname}", verification="V-bonsai")
