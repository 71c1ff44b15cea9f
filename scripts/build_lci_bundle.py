#!/usr/bin/env python3
"""Builds Yuheng's bundled US LCI (USLCI, openLCA 1.5 JSON-LD release) in Yuheng's compact LCI form.

Reads   $YUHENG_SHARED/data/lci/uslci_olca1_5_0_json_ld.zip   (default: <repo>/../shared)
Writes  $YUHENG_LCI_OUT/uslci-1.5/                            (default: <repo>/Sources/Data/Bundled/lci)
        dataset.json, units.json, flows.jsonl, processes.jsonl, LICENSE.txt, and $YUHENG_LCI_OUT/README.md

The output is read by BundledLCI.load() (Sources/Data/LCI/BundledLCI.swift) and must equal what
OpenLCAReader.read() makes of the zip (same processes, exchanges, amounts, units, flows); the
LCIImportTests check this. The reading rules below therefore mirror OpenLCAReader exactly:

* unit groups: units by name with conversionFactor; the reference unit is the one marked
  referenceUnit (2.x isRefUnit), else the first with factor 1, else the first. A second unit of
  the same name in a group is renamed "<name> (2)" (US LCI has two "t*mi").
* flows: flowType, cas (trimmed), category path resolved through categories/ (parent chain),
  location code, flow property factors and the reference flow property.
* exchanges: the unit is looked up by @id within the unit group of the exchange's flow property,
  else by name; amount as stored; flags input / quantitativeReference / avoidedProduct;
  defaultProvider; uncertainty (lognormal geomMean/geomSd, normal mean/sd, triangle
  minimum/mode/maximum, uniform minimum/maximum); amountFormula kept as text; internalId, else the
  1-based position in the process file.

What is left out (not used by the LCA engine): exchange comments; long free text is cut to a
200-character summary (process description and the time, geography and technology
descriptions); source names are kept in full.

Python standard library only (zipfile, json, hashlib). Two runs give byte-identical files:
sorted records and keys, compact separators, floats as Python's shortest round-trip repr, no
timestamps.

Usage: python3 scripts/build_lci_bundle.py
"""
import hashlib
import json
import os
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("YUHENG_SHARED") or (REPO.parent / "shared")).resolve()
SRC = SHARED / "data" / "lci" / "uslci_olca1_5_0_json_ld.zip"
LICENSE = SHARED / "data" / "lci" / "LICENSE_uslci-content_MIT.txt"
OUT = Path(os.environ.get("YUHENG_LCI_OUT") or (REPO / "Sources" / "Data" / "Bundled" / "lci")).resolve()
DATASET_ID = "uslci-1.5"
FORMAT = "yuheng-lci"
FORMAT_VERSION = 1
SUMMARY_CHARS = 200

EXPECTED = {  # USLCI_RULES.md and uslci_reference_visible.json metadata.counts
    "processes": 766, "flows": 4601, "elementary": 2918, "product": 1659, "waste": 24,
    "exchanges": 32526, "converted": 3223, "multi_output": 132, "waste_outputs": 74,
    "avoided": 0, "default_providers": 0, "formulas": 259,
}

DATASET = {
    "id": DATASET_ID,
    "title": "US Life Cycle Inventory Database (USLCI), openLCA 1.5 JSON-LD release",
    "version": "olca1.5.0 JSON-LD, uslci-content 9182448",
    "source": "https://github.com/FLCAC-admin/uslci-content (downloads/uslci_olca1_5_0_json_ld/, "
              "commit 91824482b335d7db1b232d18dcc259301c4e42c9)",
    "licence": "MIT (uslci-content repository, Copyright (c) 2017 uslci-admin; see LICENSE.txt); "
               "the USLCI data are U.S. government (NREL/USDA) public data",
    "date": "2024-10-17",
    "citation": "National Renewable Energy Laboratory and USDA Federal LCA Commons: U.S. Life Cycle Inventory "
                "Database (USLCI), openLCA 1.5 JSON-LD export, FLCAC-admin/uslci-content, commit 9182448 "
                "(2024-10-17). https://www.lcacommons.gov/",
    "notes": "Old USLCI release (openLCA 1.5 era, data mostly 2012-2017); no LCIA method included. "
             "Converted by scripts/build_lci_bundle.py: amounts, units, flows, uncertainty, formulas, "
             "parameters and allocation factors as stored; exchange comments dropped; long descriptions "
             "cut to 200 characters.",
}


class BuildError(Exception):
    pass


# ---------------------------------------------------------------- JSON value helpers (as JSONValues.swift)

def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def num(o, key):
    v = o.get(key)
    return float(v) if is_num(v) else None


def flag(o, *keys):
    for k in keys:
        v = o.get(k)
        if isinstance(v, bool):
            return v
    return None


def ref(o, key):
    v = o.get(key)
    if isinstance(v, dict) and isinstance(v.get("@id"), str):
        return v["@id"]
    return None


def text(o, key):
    v = o.get(key)
    return v if isinstance(v, str) else None


def nonempty(s):
    return s if s else None


def summary(s):
    if s is None:
        return None
    if len(s) <= SUMMARY_CHARS:
        return s
    return s[: SUMMARY_CHARS - 1].rstrip() + "\u2026"


# Swift's CharacterSet.whitespacesAndNewlines for the characters that occur in the data.
WS = " \t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def trim(s):
    return s.strip(WS) if s is not None else None


# ---------------------------------------------------------------- reading the zip

class Source:
    FOLDERS = ("processes", "flows", "unit_groups")

    def __init__(self, path):
        if not path.is_file():
            raise BuildError(f"{path} is missing (set YUHENG_SHARED)")
        self.zip = zipfile.ZipFile(path)
        names = [i.filename for i in self.zip.infolist() if not i.is_dir()]
        prefixes = set()
        for n in names:
            parts = n.split("/")
            if len(parts) >= 2 and parts[-2] in self.FOLDERS:
                prefixes.add("".join(p + "/" for p in parts[:-2]))
        if not prefixes:
            raise BuildError(f"{path} holds no openLCA JSON-LD folders")
        self.prefix = min(prefixes, key=lambda p: (len(p), p))
        self.names = set(names)

    def files(self, folder):
        p = self.prefix + folder + "/"
        return sorted(n[len(self.prefix):] for n in self.names
                      if n.startswith(p) and n.endswith(".json") and "/" not in n[len(p):])

    def obj(self, rel):
        try:
            o = json.loads(self.zip.read(self.prefix + rel).decode("utf-8"))
        except Exception as e:  # noqa: BLE001
            raise BuildError(f"{rel}: not valid JSON ({e})")
        if not isinstance(o, dict):
            raise BuildError(f"{rel}: not a JSON object")
        return o


def read_uslci(src):
    unit_groups, units_by_id, props, cats, locs, flows = {}, {}, {}, {}, {}, {}
    for rel in src.files("unit_groups"):
        o = src.obj(rel)
        gid = o["@id"]
        units, reference, first, one = {}, None, None, None
        for u in o.get("units") or []:
            if not isinstance(u, dict) or not isinstance(u.get("name"), str):
                continue
            name = u["name"]
            factor = num(u, "conversionFactor")
            factor = 1.0 if factor is None else factor
            if name in units:
                k = 2
                while f"{name} ({k})" in units:
                    k += 1
                name = f"{name} ({k})"
            units[name] = factor
            if isinstance(u.get("@id"), str):
                units_by_id[u["@id"]] = (gid, name)
            if flag(u, "referenceUnit", "isRefUnit") is True:
                reference = name
            if first is None:
                first = name
            if one is None and factor == 1:
                one = name
        if reference is None:
            reference = one if one is not None else first
        unit_groups[gid] = {"id": gid, "name": text(o, "name") or gid, "ref": reference or "", "units": units}
    for rel in src.files("flow_properties"):
        o = src.obj(rel)
        props[o["@id"]] = {"id": o["@id"], "name": text(o, "name") or o["@id"], "unit_group": ref(o, "unitGroup")}
    for rel in src.files("categories"):
        o = src.obj(rel)
        if isinstance(o.get("@id"), str):
            cats[o["@id"]] = (text(o, "name") or "", ref(o, "category"))
    for rel in src.files("locations"):
        o = src.obj(rel)
        if isinstance(o.get("@id"), str):
            locs[o["@id"]] = nonempty(text(o, "code")) or text(o, "name") or o["@id"]

    def category_path(o):
        c = o.get("category")
        if isinstance(c, str):
            return [p.strip(" \t") for p in c.split("/") if p.strip(" \t")]
        if not isinstance(c, dict):
            return []
        cid = c.get("@id")
        if not isinstance(cid, str) or cid not in cats:
            return [c["name"]] if isinstance(c.get("name"), str) else []
        path, cur, seen = [], cid, set()
        while cur is not None and cur in cats and cur not in seen:
            seen.add(cur)
            name, parent = cats[cur]
            path.insert(0, name)
            cur = parent
        return path

    def location(o):
        v = o.get("location")
        if isinstance(v, str):
            return v or None
        if not isinstance(v, dict):
            return None
        if isinstance(v.get("@id"), str) and v["@id"] in locs:
            return locs[v["@id"]]
        return nonempty(text(v, "code")) or text(v, "name")

    ftypes = {"ELEMENTARY_FLOW": "elementary", "WASTE_FLOW": "waste", "PRODUCT_FLOW": "product"}
    for rel in src.files("flows"):
        o = src.obj(rel)
        fid = o["@id"]
        if o.get("flowType") not in ftypes:
            raise BuildError(f"{rel}: flowType {o.get('flowType')!r}")
        factors, reference, first = {}, None, None
        for fp in o.get("flowProperties") or []:
            pid = ref(fp, "flowProperty") if isinstance(fp, dict) else None
            if pid is None:
                continue
            f = num(fp, "conversionFactor")
            factors[pid] = 1.0 if f is None else f
            if first is None:
                first = pid
            if flag(fp, "referenceFlowProperty", "isRefFlowProperty") is True:
                reference = pid
        if reference is None:
            reference = first
        cas = text(o, "cas")
        cas = cas.strip(" \t") if cas is not None else None
        flows[fid] = {"id": fid, "name": text(o, "name") or fid, "type": ftypes[o["flowType"]], "cas": cas or None,
                      "cat": category_path(o), "ref": reference or "", "props": factors, "loc": location(o)}

    allocation = {"PHYSICAL_ALLOCATION": "physical", "ECONOMIC_ALLOCATION": "economic", "CAUSAL_ALLOCATION": "causal",
                  "NO_ALLOCATION": "none", "USE_DEFAULT_ALLOCATION": "none"}
    distributions = {"LOG_NORMAL_DISTRIBUTION": ("lognormal", ["geomMean", "geomSd"]),
                     "NORMAL_DISTRIBUTION": ("normal", ["mean", "sd"]),
                     "TRIANGLE_DISTRIBUTION": ("triangular", ["minimum", "mode", "maximum"]),
                     "UNIFORM_DISTRIBUTION": ("uniform", ["minimum", "maximum"])}
    processes, issues = [], []
    for rel in src.files("processes"):
        o = src.obj(rel)
        pid = o["@id"]
        pname = text(o, "name") or pid
        exchanges, flow_by_internal = [], {}
        for position, x in enumerate(e for e in (o.get("exchanges") or []) if isinstance(e, dict)):
            fid = ref(x, "flow")
            if fid is None or fid not in flows:
                issues.append(f"{pname}: exchange {position + 1} refers to a missing flow")
                continue
            flow = flows[fid]
            prop = ref(x, "flowProperty") or flow["ref"]
            if prop not in props or props[prop]["unit_group"] not in unit_groups or prop not in flow["props"]:
                issues.append(f"{pname}: exchange {position + 1} has an unusable flow property")
                continue
            group = unit_groups[props[prop]["unit_group"]]
            uref = x.get("unit") if isinstance(x.get("unit"), dict) else None
            unit = None
            if uref is not None and isinstance(uref.get("@id"), str) and uref["@id"] in units_by_id:
                g, n = units_by_id[uref["@id"]]
                if g == group["id"]:
                    unit = n
            if unit is None and uref is not None and isinstance(uref.get("name"), str) and uref["name"] in group["units"]:
                unit = uref["name"]
            if uref is None:
                unit = group["ref"]
            if unit is None:
                issues.append(f"{pname}: exchange {position + 1} has an unknown unit")
                continue
            amount = num(x, "amount")
            internal = x.get("internalId")
            internal = int(internal) if is_num(internal) and float(internal).is_integer() else position + 1
            flow_by_internal[internal] = fid
            unc = None
            u = x.get("uncertainty")
            if isinstance(u, dict) and u.get("distributionType") in distributions:
                kind, keys = distributions[u["distributionType"]]
                unc = [kind, {k: float(u[k]) for k in keys if is_num(u.get(k))}]
            exchanges.append({
                "flow": fid, "amount": 0.0 if amount is None else amount, "unit": unit, "prop": prop,
                "input": flag(x, "input", "isInput") or False,
                "qref": flag(x, "quantitativeReference", "isQuantitativeReference") or False,
                "avoided": flag(x, "avoidedProduct", "isAvoidedProduct") or False,
                "provider": ref(x, "defaultProvider"), "unc": unc,
                "formula": nonempty(text(x, "amountFormula")), "internal": internal,
            })
        if not any(e["qref"] for e in exchanges):
            q = o.get("quantitativeReference")
            if isinstance(q, dict) and is_num(q.get("internalId")):
                for e in exchanges:
                    if e["internal"] == int(q["internalId"]):
                        e["qref"] = True
                        break
        if not any(e["qref"] for e in exchanges):
            issues.append(f"{pname}: no quantitative reference")
        factors = []
        for a in o.get("allocationFactors") or []:
            if not isinstance(a, dict):
                continue
            ex = a.get("exchange") if isinstance(a.get("exchange"), dict) else {}
            exflow = ref(ex, "flow")
            if exflow is None and is_num(ex.get("internalId")):
                exflow = flow_by_internal.get(int(ex["internalId"]))
            value = num(a, "value")
            factors.append([allocation.get(a.get("allocationType"), "none"), ref(a, "product") or "",
                            0.0 if value is None else value] + ([exflow] if exflow is not None else []))
        params = {}
        for p in o.get("parameters") or []:
            if isinstance(p, dict) and isinstance(p.get("name"), str) and is_num(p.get("value")) and p["name"] not in params:
                params[p["name"]] = float(p["value"])
        doc = {}
        d = o.get("processDocumentation") if isinstance(o.get("processDocumentation"), dict) else None
        if d is not None:
            def put(key, value, cut=False):
                v = trim(value)
                if v:
                    doc[key] = summary(v) if cut else v
            put("time", text(d, "timeDescription"), True)
            put("geography", text(d, "geographyDescription"), True)
            put("technology", text(d, "technologyDescription"), True)
            put("validFrom", text(d, "validFrom"))
            put("validUntil", text(d, "validUntil"))
            put("publication", text(d.get("publication") or {}, "name") if isinstance(d.get("publication"), dict) else None)
            put("dataGenerator", text(d.get("dataGenerator") or {}, "name") if isinstance(d.get("dataGenerator"), dict) else None)
            names = []
            for s in d.get("sources") or []:
                n = trim(text(s, "name")) if isinstance(s, dict) else None
                if n and n not in names:
                    names.append(n)
            if names:
                doc["sources"] = "; ".join(names)
        processes.append({
            "id": pid, "name": pname, "cat": "/".join(category_path(o)), "loc": location(o),
            "desc": summary(nonempty(text(o, "description"))), "doc": doc,
            "alloc": allocation.get(o.get("defaultAllocationMethod")) if o.get("defaultAllocationMethod") is not None else None,
            "af": factors, "par": params, "ex": exchanges,
        })
    if issues:
        raise BuildError("the data has problems the bundle cannot carry:\n  " + "\n  ".join(issues[:20]))
    return unit_groups, props, flows, sorted(processes, key=lambda p: p["id"])


# ---------------------------------------------------------------- checks

def check_counts(unit_groups, props, flows, processes):
    c = {"processes": len(processes), "flows": len(flows), "elementary": 0, "product": 0, "waste": 0, "exchanges": 0,
         "converted": 0, "multi_output": 0, "waste_outputs": 0, "avoided": 0, "default_providers": 0, "formulas": 0}
    for f in flows.values():
        c[f["type"]] += 1
    for p in processes:
        outputs = 0
        for e in p["ex"]:
            c["exchanges"] += 1
            flow = flows[e["flow"]]
            group = unit_groups[props[e["prop"]]["unit_group"]]
            if group["units"][e["unit"]] / flow["props"][e["prop"]] != 1:
                c["converted"] += 1
            if flow["type"] == "product" and not e["input"]:
                outputs += 1
            if flow["type"] == "waste" and not e["input"]:
                c["waste_outputs"] += 1
            c["avoided"] += e["avoided"]
            c["default_providers"] += e["provider"] is not None
            c["formulas"] += e["formula"] is not None
        c["multi_output"] += outputs > 1
    bad = {k: (c[k], v) for k, v in EXPECTED.items() if c[k] != v}
    if bad:
        raise BuildError(f"counts differ from the reference (found, expected): {bad}")
    return c


# ---------------------------------------------------------------- writing

def dumps(o):
    return json.dumps(o, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def compact_flow(f):
    out = {"id": f["id"], "name": f["name"], "type": f["type"], "ref": f["ref"], "props": f["props"]}
    if f["cas"] is not None:
        out["cas"] = f["cas"]
    if f["cat"]:
        out["cat"] = f["cat"]
    if f["loc"] is not None:
        out["loc"] = f["loc"]
    return out


def compact_process(p, flows):
    ex = []
    for i, e in enumerate(p["ex"]):
        flags = (1 if e["input"] else 0) | (2 if e["qref"] else 0) | (4 if e["avoided"] else 0)
        extra = {}
        if e["prop"] != flows[e["flow"]]["ref"]:
            extra["p"] = e["prop"]
        if e["provider"] is not None:
            extra["prov"] = e["provider"]
        if e["unc"] is not None:
            extra["u"] = e["unc"]
        if e["formula"] is not None:
            extra["f"] = e["formula"]
        if e["internal"] != i + 1:
            extra["i"] = e["internal"]
        ex.append([e["flow"], e["amount"], e["unit"], flags] + ([extra] if extra else []))
    out = {"id": p["id"], "name": p["name"], "ex": ex}
    if p["cat"]:
        out["cat"] = p["cat"]
    for key in ("loc", "desc", "alloc"):
        if p[key] is not None:
            out[key] = p[key]
    for key in ("doc", "af", "par"):
        if p[key]:
            out[key] = p[key]
    return out


README = """# Bundled life cycle inventories

Generated by `scripts/build_lci_bundle.py`; do not edit by hand. Rebuild with

    python3 scripts/build_lci_bundle.py

(reads `$YUHENG_SHARED/data/lci/uslci_olca1_5_0_json_ld.zip`, default `../shared`; writes here, or to
`$YUHENG_LCI_OUT`). Two runs give byte-identical files. `BundledLCI.load()` reads the folder and checks the
SHA-256 of every file against `dataset.json`.

## uslci-1.5 — US Life Cycle Inventory Database (USLCI), openLCA 1.5 JSON-LD release

- Source: GitHub `FLCAC-admin/uslci-content`, `downloads/uslci_olca1_5_0_json_ld/`, commit
  91824482b335d7db1b232d18dcc259301c4e42c9 (2024-10-17).
- Licence: MIT (`LICENSE.txt`, Copyright (c) 2017 uslci-admin); the USLCI data are U.S. government
  (NREL/USDA) public data. Please cite: National Renewable Energy Laboratory and USDA Federal LCA Commons,
  U.S. Life Cycle Inventory Database (USLCI), https://www.lcacommons.gov/.
- Content: 766 processes, 4,601 flows (2,918 elementary, 1,659 product, 24 waste), 32,526 exchanges.
  Amounts, units, flow properties, uncertainty, formulas (as text), parameters and allocation factors are
  as stored in the source. Exchange comments are dropped; process descriptions and time, geography and
  technology descriptions are cut to 200 characters; source names are kept.
- Caveats: an old release (openLCA 1.5 era, data mostly 2012-2017); no LCIA method is included.

## Format `yuheng-lci` version 1

UTF-8, `\\n` line ends, compact JSON with sorted keys, records sorted by id. Numbers are shortest
round-trip decimals. Absent keys mean "none" / empty.

- `dataset.json`: `format`, `format_version`, `name`, `dataset` (registry metadata: id, title, version,
  source, licence, date, citation, notes), `counts`, `files` (name → `sha256`, `bytes`), `inputs`
  (source file → SHA-256).
- `units.json`: `{"unit_groups": [{"id", "name", "ref" (reference unit), "units": {name: factor to ref}}],
  "flow_properties": [{"id", "name", "unit_group"}]}`.
- `flows.jsonl`: one flow per line: `id`, `name`, `type` (`elementary` | `product` | `waste`), `ref`
  (reference flow property id), `props` (flow property id → conversion factor, openLCA semantics), `cas`,
  `cat` (category path as a list), `loc`.
- `processes.jsonl`: one process per line: `id`, `name`, `cat` (category path joined with `/`), `loc`,
  `desc`, `doc` (documentation: time, geography, technology, validFrom, validUntil, publication,
  dataGenerator, sources), `alloc` (default allocation method), `af` (allocation factors
  `[method, product flow id or "", value, exchange flow id?]`), `par` (parameter name → value), and `ex`,
  the exchanges in stored order, each `[flow id, amount, unit name, flags, extra?]` with flags
  1 = input, 2 = quantitative reference, 4 = avoided product, and `extra` holding only what differs from
  the defaults: `p` flow property (default: the flow's reference property), `prov` default provider,
  `u` uncertainty `[kind, {parameters}]`, `f` formula, `i` internal id (default: position + 1).
- `LICENSE.txt`: the source's licence.
"""


def main():
    src = Source(SRC)
    unit_groups, props, flows, processes = read_uslci(src)
    counts = check_counts(unit_groups, props, flows, processes)
    folder = OUT / DATASET_ID
    folder.mkdir(parents=True, exist_ok=True)
    files = {}

    def write(name, data):
        (folder / name).write_bytes(data)
        files[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    units = {
        "unit_groups": [{"id": g["id"], "name": g["name"], "ref": g["ref"], "units": g["units"]}
                        for g in sorted(unit_groups.values(), key=lambda g: g["id"])],
        "flow_properties": [props[k] for k in sorted(props)],
    }
    write("units.json", (dumps(units) + "\n").encode("utf-8"))
    write("flows.jsonl", "".join(dumps(compact_flow(flows[k])) + "\n" for k in sorted(flows)).encode("utf-8"))
    write("processes.jsonl", "".join(dumps(compact_process(p, flows)) + "\n" for p in processes).encode("utf-8"))
    write("LICENSE.txt", LICENSE.read_bytes())
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": "US LCI 1.5",
        "dataset": DATASET,
        "counts": counts,
        "files": files,
        "inputs": {SRC.name: hashlib.sha256(SRC.read_bytes()).hexdigest()},
    }
    (folder / "dataset.json").write_bytes((json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8"))
    (OUT / "README.md").write_bytes(README.encode("utf-8"))
    total = sum(f["bytes"] for f in files.values())
    print(f"wrote {folder} ({total / 1e6:.2f} MB): {counts['processes']} processes, {counts['flows']} flows, "
          f"{counts['exchanges']} exchanges")


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        print(f"build_lci_bundle: {e}", file=sys.stderr)
        sys.exit(1)
